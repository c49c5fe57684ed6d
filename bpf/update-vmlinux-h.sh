#!/bin/sh
# Regenerate the committed bpf/vmlinux.h from a BTF file, as libbpf-tools does:
#   ninja -C build update-vmlinux-h        (BTF: meson option vmlinux_btf, or
#                                            /sys/kernel/btf/vmlinux)
# Arguments: bpftool, BTF file, output header.
set -eu
bpftool=$1 btf=$2 out=$3
[ -r "$btf" ] || { echo "update-vmlinux-h: cannot read BTF file '$btf'" >&2; exit 1; }
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT
{
        echo '/* SPDX-License-Identifier: GPL-2.0 OR MIT */'
        echo '/* Kernel types for the CO-RE BPF object: generated, do not edit. Regenerate with'
        echo ' * `ninja -C build update-vmlinux-h` (bpftool btf dump file BTF format c); see'
        echo " * bpf/meson.build. Generated from Linux $(uname -r | cut -d- -f1) $(uname -m) BTF. */"
        "$bpftool" btf dump file "$btf" format c
} >"$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "update-vmlinux-h: wrote $out from $btf"
