#!/usr/bin/env bash
# Build (or reuse) what the VM test boots: Debian's 6.1 cloud kernel and a
# minimal Debian root filesystem with systemd as PID 1, both cached in DIR.
#
#   tests/vm/build-image.sh DIR [DEB...]
#
# The kernel comes from the linux-image-cloud-amd64 .deb (apt-get download +
# dpkg-deb -x: nothing is installed on the host). Its NVMe driver and ext4 are
# built in, so it boots the root image directly, with no initramfs. The root
# filesystem is built by mmdebstrap from the host's apt sources and turned
# into an ext4 image with mke2fs -d. It includes the dependencies of the
# given .debs (the VM has no network), so a new library dependency of renacer
# gives a new image. The cache key is this script, the guest runner and that
# dependency list.
set -euo pipefail
dir=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# one build at a time in a cache (CI and a developer may share one)
exec 9>"$dir/.lock"
flock -w 1800 9 || { echo "vm-image: $dir stays locked by another build" >&2; exit 1; }
# Depends of the .debs, first of each alternative, without versions
deps=$(for d in "$@"; do dpkg-deb -f "$d" Pre-Depends Depends; done | sed 's/^[A-Za-z-]*: //' |
        tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep -v '^$' | grep -v '^renacer' | sort -u | tr '\n' ',')
key=$( (cat "$here/build-image.sh" "$here/guest-runner.sh"; echo "$deps") | sha256sum | cut -c1-16)
if [ -f "$dir/image-$key.ok" ] && [ -f "$dir/rootfs.img" ] && [ -f "$dir/vmlinuz" ]; then
        echo "vm-image: cached ($dir, key $key): $(cat "$dir/kernel-release")"
        exit 0
fi
rm -f "$dir"/image-*.ok

# The kernel: the image package the metapackage points at.
kpkg=$(apt-cache depends linux-image-cloud-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -1)
[ -n "$kpkg" ] || { echo "vm-image: linux-image-cloud-amd64 not known to apt (apt-get update?)" >&2; exit 1; }
rm -rf "$dir/kdl" "$dir/kernel"
mkdir -p "$dir/kdl"
(cd "$dir/kdl" && apt-get download -q "$kpkg" >/dev/null 2>&1) ||
        (cd "$dir/kdl" && apt-get update -qq && apt-get download -q "$kpkg")
dpkg-deb -x "$dir"/kdl/"$kpkg"_*.deb "$dir/kernel"
cp "$dir"/kernel/boot/vmlinuz-* "$dir/vmlinuz"
basename "$dir"/kernel/boot/vmlinuz-* | sed 's/^vmlinuz-//' >"$dir/kernel-release"
dpkg-deb -f "$dir"/kdl/"$kpkg"_*.deb Version >"$dir/kernel-version"

# The root filesystem: systemd and what the .debs depend on (they are
# installed at test time with dpkg -i, which fails loudly if one is missing).
# No udev, getty, network or apt timers: they only slow the
# boot. Documentation and locales are left out.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && grep -q deb.debian.org\\\|debian "$f" && sources+=("$f")
done
[ ${#sources[@]} -gt 0 ] || { echo "vm-image: no Debian apt sources on this host" >&2; exit 1; }
rm -rf "$dir/rootfs" "$dir/rootfs.img"
mmdebstrap --quiet --mode=root --variant=minbase --format=directory \
        --include="systemd,systemd-sysv,${deps%,}" \
        --dpkgopt='path-exclude=/usr/share/man/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' \
        --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --customize-hook='echo renacer-vm >"$1/etc/hostname"' \
        --customize-hook=': >"$1/etc/fstab"' \
        --customize-hook='passwd --root "$1" -d root' \
        --customize-hook="install -m 0755 '$here/guest-runner.sh' \"\$1/usr/local/sbin/renacer-vm-runner\"" \
        --customize-hook='printf "%s\n" "[Unit]" "Description=renacer VM test runner" \
                "After=local-fs.target systemd-journald.service systemd-sysusers.service" \
                "[Service]" "Type=oneshot" "ExecStart=/usr/local/sbin/renacer-vm-runner" \
                "StandardOutput=journal+console" "StandardError=journal+console" \
                "[Install]" "WantedBy=multi-user.target" \
                >"$1/etc/systemd/system/renacer-vm-runner.service"' \
        --customize-hook='chroot "$1" systemctl enable renacer-vm-runner.service' \
        --customize-hook='chroot "$1" systemctl mask getty@tty1.service serial-getty@ttyS0.service \
                getty-static.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
                e2scrub_reap.service fstrim.timer systemd-timesyncd.service' \
        bookworm "$dir/rootfs" "${sources[@]}"
rm -rf "$dir/rootfs/var/cache/apt/archives"/*.deb "$dir/rootfs/var/lib/apt/lists"/*_Packages
mke2fs -q -t ext4 -L renacer-vm -d "$dir/rootfs" "$dir/rootfs.img" 1536M
rm -rf "$dir/rootfs" "$dir/kdl"
touch "$dir/image-$key.ok"
echo "vm-image: built $dir/rootfs.img and kernel $(cat "$dir/kernel-release") ($(cat "$dir/kernel-version"))"
