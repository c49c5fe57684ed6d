#!/bin/bash
# The VM integration test: build the .debs, boot Debian's 6.1 cloud kernel in
# qemu (TCG) on a minimal Debian root filesystem with systemd as PID 1, install
# the package and drive renacerd through systemd (guest-test.sh); then run the
# same smoke steps with the same binaries on this machine's kernel
# (host-smoke.sh). Kernel and root filesystem are cached in RENACER_VM_CACHE
# (default VM_DIR/cache), keyed by the image scripts and the .debs'
# dependencies.
#   tests/vm/run-vm-test.sh [RESULTS.json]
# RESULTS gets one JSON line per case ({"name", "result"}, as meson's test
# log has them) for tests/count-cases.py. Exit 0 all passed, 1 a failure,
# 77 skipped (no qemu, no root).
# Environment: VM_DIR (default build-vm/), RENACER_VM_CACHE (the kernel and
# root image, default VM_DIR/cache), VM_DEB_DIR (use these .debs instead of
# building them), VM_TIMEOUT (seconds for the VM, default 600).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/vm
vmdir=${VM_DIR:-$top/build-vm}
results=${1:-$vmdir/results.json}
mkdir -p "$vmdir"
vmdir=$(cd "$vmdir" && pwd)
cache=${RENACER_VM_CACHE:-$vmdir/cache}
mkdir -p "$(dirname "$results")"
: >"$results"
t0=$SECONDS

skip()
{
        echo "SKIP: $1"
        echo "{\"name\": \"vm-test\", \"result\": \"SKIP\"}" >"$results"
        exit 77
}
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"
[ "$(id -u)" = 0 ] || skip "the VM test needs root (mmdebstrap --mode=root, the host smoke test's BPF)"
for t in mmdebstrap mke2fs dpkg-buildpackage; do
        command -v "$t" >/dev/null || skip "$t is not installed (packaging/install-deps.sh)"
done

# record NAME OK|FAIL
record() { printf '{"name": "%s", "result": "%s"}\n' "$1" "$2" >>"$results"; }
# the PASS/FAIL lines of a smoke log into results
collect()
{
        local where=$1 log=$2
        sed -n 's/^\(PASS\|FAIL\) \([^ ]*\) \([^:]*\).*$/\1 \2 \3/p' "$log" | while read -r r k s; do
                record "vm-test[$where $k] $s" "$([ "$r" = PASS ] && echo OK || echo FAIL)"
        done
}
status=0

# --- the packages ---
if [ -n "${VM_DEB_DIR:-}" ]; then
        debdir=$VM_DEB_DIR
else
        debdir=$vmdir/deb
        echo "vm-test: building the .debs"
        if "$here/build-deb.sh" "$debdir" >"$vmdir/build-deb.log" 2>&1; then
                record "vm-test[package] dpkg-buildpackage+lintian" OK
        else
                tail -30 "$vmdir/build-deb.log"
                record "vm-test[package] dpkg-buildpackage+lintian" FAIL
                echo "vm-test: the package did not build; nothing to test"
                exit 1
        fi
fi
if ! ls "$debdir"/renacer_*_amd64.deb "$debdir"/renacer-examples_*_amd64.deb >/dev/null; then
        record "vm-test[package] debs in $debdir" FAIL
        exit 1
fi
echo "vm-test: packages $(cd "$debdir" && ls renacer_*_amd64.deb renacer-examples_*_amd64.deb | tr '\n' ' ')($((SECONDS - t0)) s)"

# --- kernel and root filesystem (cached) ---
if ! "$here/build-image.sh" "$cache" "$debdir"/renacer_*_amd64.deb \
        "$debdir"/renacer-examples_*_amd64.deb >"$vmdir/image.log" 2>&1; then
        tail -30 "$vmdir/image.log"
        record "vm-test[image] kernel+rootfs" FAIL
        exit 1
fi
tail -1 "$vmdir/image.log"
krel=$(cat "$cache/kernel-release")
kver=$(cat "$cache/kernel-version")

# --- the VM: inputs as a tar on one disk, results as a tar on another ---
run=$vmdir/run
rm -rf "$run"
mkdir -p "$run/in" "$run/out"
cp "$here/guest-test.sh" "$here/smoke-lib.sh" "$debdir"/renacer_*_amd64.deb \
        "$debdir"/renacer-examples_*_amd64.deb "$run/in/"
tar -cf "$run/in.tar" -C "$run/in" .
truncate -s 64M "$run/out.img"
echo "vm-test: booting Linux $krel (Debian $kver) in qemu/TCG ($((SECONDS - t0)) s)"
tv=$SECONDS
# in the background, so that the trap kills it whatever ends this script.
# Two guest CPUs on one TCG thread (thread=single): multi-threaded TCG once
# left both vCPUs of a CI run in soft lockup for 500 s while renacerd
# attached its programs (the kernel patches its jump labels with int3 and
# cross-CPU syncs, which MTTCG's code invalidation handles poorly). A
# guest's own deadlock still shows on one thread, and softlockup_panic
# then ends the VM at once with the stack on the console, not after 600 s.
timeout -k 10 "${VM_TIMEOUT:-600}" qemu-system-x86_64 -accel "${VM_ACCEL:-tcg,thread=single}" -cpu max -m 1024 -smp 2 \
        -display none -monitor none -serial "file:$run/console.log" -no-reboot \
        -kernel "$cache/vmlinuz" \
        -append "root=/dev/nvme0n1 rw console=ttyS0 panic=-1 quiet loglevel=5 softlockup_panic=1 systemd.show_status=0" \
        -drive "file=$cache/rootfs.img,if=none,id=root,format=raw,snapshot=on" \
        -device nvme,id=nvme0,serial=renacer-vm \
        -device nvme-ns,drive=root,bus=nvme0,nsid=1 \
        -drive "file=$run/in.tar,if=none,id=in,format=raw,readonly=on" \
        -device nvme-ns,drive=in,bus=nvme0,nsid=2 \
        -drive "file=$run/out.img,if=none,id=out,format=raw" \
        -device nvme-ns,drive=out,bus=nvme0,nsid=3 &
qpid=$!
trap 'kill "$qpid" 2>/dev/null' EXIT
trap 'record "vm-test[vm $krel] interrupted" FAIL; exit 130' INT TERM
wait "$qpid"
qrc=$?
echo "vm-test: qemu exited $qrc after $((SECONDS - tv)) s"
if tar -xf "$run/out.img" -C "$run/out" 2>/dev/null && [ -f "$run/out/guest.log" ]; then
        sed 's/^/  vm: /' "$run/out/guest.log"
        collect vm "$run/out/guest.log"
        grep -q '^FAIL ' "$run/out/guest.log" && status=1
        [ "$(cat "$run/out/rc" 2>/dev/null)" = 0 ] || status=1
        grep -q "^PASS $krel " "$run/out/guest.log" || {
                echo "vm-test: the guest ran no step on $krel"
                status=1
        }
elif tr -d '\r' <"$run/console.log" | sed -n 's/^.*\]: \(\(PASS\|FAIL\) .*\)$/\1/p' >"$run/console-steps.log" &&
        [ -s "$run/console-steps.log" ]; then
        # the VM did not finish: the steps the runner printed on the serial
        # console ("[  17.05] renacer-vm-runner[139]: PASS ..."), then the
        # kernel's last words (a soft lockup panics, with its stack)
        echo "vm-test: the VM wrote no results (qemu $qrc); its steps from the console:"
        sed 's/^/  vm: /' "$run/console-steps.log"
        collect vm "$run/console-steps.log"
        echo "vm-test: the console's last lines:"
        tr -d '\r' <"$run/console.log" | grep -v '\]: \(PASS\|FAIL\) ' | tail -60
        record "vm-test[vm $krel] finished" FAIL
        status=1
else
        echo "vm-test: no results from the VM (qemu $qrc); console:"
        tr -d '\r' <"$run/console.log" | tail -80
        record "vm-test[vm $krel] boot" FAIL
        status=1
fi

# --- the same binaries on this machine's kernel ---
echo "vm-test: the same package on this machine's kernel ($((SECONDS - t0)) s)"
"$here/host-smoke.sh" "$debdir" >"$run/host.log" 2>&1
hrc=$?
sed 's/^/  host: /' "$run/host.log"
if [ $hrc -eq 77 ]; then
        record "vm-test[host] smoke" SKIP
else
        collect host "$run/host.log"
        [ $hrc -eq 0 ] || status=1
fi

vm_sum=$(grep -o 'kernel .*: [0-9]* passed, [0-9]* failed' "$run/out/guest.log" 2>/dev/null || echo "kernel $krel: no result")
host_sum=$(grep -o 'kernel .*: [0-9]* passed, [0-9]* failed' "$run/host.log" || echo "host: no result")
echo "vm-test: VM  (Debian $kver, qemu TCG) $vm_sum"
echo "vm-test: host ($(uname -r))  $host_sum"
echo "vm-test: $(grep -c '"OK"' "$results") passed, $(grep -c '"FAIL"' "$results") failed in $((SECONDS - t0)) s"
exit $status
