#!/bin/sh
# Runs inside the VM as a oneshot unit once the system is up: unpack the
# inputs the host wrote as a tar onto the second NVMe namespace, run the test
# script among them, write its results as a tar onto the third one, power off.
# Lives in the cached root image; the test itself arrives with each run.
in=/run/renacer-vm/in out=/run/renacer-vm/out
mkdir -p "$in" "$out"
# The unit sends this script's output to the console too (the serial port
# the host logs), so the host sees each step as it happens, even if the VM
# never gets to write its results.
if tar -xf /dev/nvme0n2 -C "$in" && [ -x "$in/guest-test.sh" ]; then
        { "$in/guest-test.sh" "$in" "$out"; echo "$?" >"$out/rc"; } 2>&1 | tee "$out/guest.log"
else
        echo "runner: no test on /dev/nvme0n2" | tee "$out/guest.log"
        echo 99 >"$out/rc"
fi
journalctl -o short-monotonic --no-pager >"$out/journal.txt" 2>&1
tar -cf /dev/nvme0n3 -C "$out" .
sync
systemctl --no-block poweroff
