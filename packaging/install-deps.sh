#!/usr/bin/env bash
# Install the Debian packages in packaging/debian-packages.txt that are
# missing. Idempotent: does nothing (and asks no network) when all are there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t want < <(grep -v '^\s*#' "$here/debian-packages.txt" | grep -v '^\s*$')
missing=()
for p in "${want[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
                missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" != 0 ]; then
                echo "install-deps: missing packages (${missing[*]}); run as root" >&2
                exit 1
        fi
        echo "install-deps: installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
