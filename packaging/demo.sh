#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine, as root: install what is
# missing, build, start renacerd on a private socket, trace a bundled
# example through it (trace and strace -c summary), stop renacerd.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
packaging/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
ninja -C build >/dev/null
sock=$(mktemp -d /tmp/renacer-demo-XXXXXX)/renacerd.sock
build/daemon/renacerd --socket "$sock" 2>/dev/null &
daemon=$!
trap 'kill $daemon 2>/dev/null; wait $daemon 2>/dev/null; rm -rf "$(dirname "$sock")"' EXIT
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
build/cli/renacerctl run --socket "$sock" -C -- build/examples/backend_detection
