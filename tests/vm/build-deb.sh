#!/usr/bin/env bash
# Build the Debian packages from a copy of the working tree (so that the
# build never writes into the tree, and sees only files git knows of), check
# them with lintian, and leave the .debs in OUTDIR.
#   tests/vm/build-deb.sh OUTDIR
# Needs no root and no BTF: the build uses the committed bpf/vmlinux.h.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/src" "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mkdir -p "$out/src"
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
        tar --null -T - -cf -) | tar -xf - -C "$out/src"
cd "$out/src"
# the build as an unprivileged user would run it: no root needed
DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} parallel=2" dpkg-buildpackage -b -us -uc >"$out/build.log" 2>&1 ||
        { tail -60 "$out/build.log"; echo "build-deb: dpkg-buildpackage failed (log: $out/build.log)"; exit 1; }
cd "$out"
changes=$(ls renacer_*.changes)
# every warning or error fails; overrides in debian/*.lintian-overrides say why
if ! lintian --fail-on error,warning --display-info "$changes" >lintian.log 2>&1; then
        cat lintian.log
        echo "build-deb: lintian is not clean"
        exit 1
fi
cat lintian.log
for d in *.deb; do
        echo "build-deb: $d"
done
