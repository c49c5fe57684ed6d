#!/bin/sh
# meson install hook: put the default renacerd.yaml in place unless the
# administrator already has one (meson install must not overwrite an edited
# configuration), then, on a live install (no DESTDIR) as root, create the
# renacer group and /run/renacer and tell systemd about the new units.
# Arguments: generated renacerd.yaml, sysconfdir, sysusers.d file, tmpfiles.d file.
set -eu
src=$1 sysconfdir=$2 sysusers=$3 tmpfiles=$4
dest="${DESTDIR:-}$sysconfdir/renacer/renacerd.yaml"
if [ -e "$dest" ]; then
        echo "renacer: keeping the existing $dest (the new default is $src)"
else
        install -D -m 0644 "$src" "$dest"
        echo "renacer: installed $dest"
fi
[ -z "${DESTDIR:-}" ] && [ "$(id -u)" = 0 ] || exit 0
if command -v systemd-sysusers >/dev/null 2>&1; then
        systemd-sysusers "$sysusers" || echo "renacer: systemd-sysusers failed; create group renacer"
fi
if command -v systemd-tmpfiles >/dev/null 2>&1; then
        systemd-tmpfiles --create "$tmpfiles" || true
fi
if [ -d /run/systemd/system ]; then
        systemctl daemon-reload || true
fi
