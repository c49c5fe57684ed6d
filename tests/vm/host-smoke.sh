#!/bin/bash
# The VM test's smoke steps on this machine's kernel, against the renacerd and
# renacerctl of the .deb (the same binaries, so the same embedded CO-RE
# object, the VM runs), started by hand: private socket, free metrics port,
# private policy directory, log priorities from renacerd's <N> prefixes.
#   host-smoke.sh DEBDIR      (as root; exit 77 without BTF)
set -u
debdir=$1
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: host smoke needs root"; exit 77; }
[ -r /sys/kernel/btf/vmlinux ] || { echo "SKIP: no BTF at /sys/kernel/btf/vmlinux"; exit 77; }
tmp=$(mktemp -d /tmp/renacer-host-smoke.XXXXXX)
chmod 0755 "$tmp"
root=$tmp/root
dpkg-deb -x "$debdir"/renacer_*_amd64.deb "$root"
dpkg-deb -x "$debdir"/renacer-examples_*_amd64.deb "$root"
KERNEL=$(uname -r)
CTL=$root/usr/bin/renacerctl
EXAMPLES=$root/usr/libexec/renacer/examples
SOCK=$tmp/renacerd.sock
POLICY_DIR=$tmp/policies
TUSER=rntest_package
TGROUP=rntest_package
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
METRICS=127.0.0.1:$port
mkdir -p "$POLICY_DIR"
getent group "$TGROUP" >/dev/null || groupadd -r "$TGROUP" 2>/dev/null
id "$TUSER" >/dev/null 2>&1 || useradd -M -N -g nogroup -s /usr/sbin/nologin "$TUSER" 2>/dev/null
usermod -aG "$TGROUP" "$TUSER"
sed -e "s|^policy_dir: .*|policy_dir: $POLICY_DIR|" -e "s|^  group: renacer$|  group: $TGROUP|" \
        "$root/etc/renacer/renacerd.yaml" >"$tmp/renacerd.yaml"
# shellcheck source=tests/vm/smoke-lib.sh
. "$here/smoke-lib.sh"

# JOURNAL_STREAM makes renacerd prefix each line with its priority, as it
# does under systemd
JOURNAL_STREAM=0:0 "$root/usr/sbin/renacerd" --config "$tmp/renacerd.yaml" --socket "$SOCK" \
        --metrics-listen "$METRICS" 2>"$tmp/renacerd.log" &
dpid=$!
cleanup() { kill "$dpid" 2>/dev/null; wait "$dpid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
daemon_reload() { kill -HUP "$dpid"; }
daemon_log() { sed -n "s/^<$1>//p" "$tmp/renacerd.log"; }

echo "kernel: $KERNEL (this machine); renacerd sha256 $(sha256sum "$root/usr/sbin/renacerd" | cut -c1-16)"
for ((i = 0; i < 120; i++)); do
        [ -S "$SOCK" ] && "$CTL" status >/dev/null 2>&1 && break
        kill -0 "$dpid" 2>/dev/null || break
        sleep 0.5
done
if "$CTL" status >/dev/null 2>&1 && daemon_log 6 | grep -q '^listening on '; then
        pass start
else
        fail start "renacerd did not come up: $(tail -3 "$tmp/renacerd.log")"
fi
chgrp "$TGROUP" "$tmp"
step_run_root
step_trace_pid_user
step_metrics
step_reload_and_policy
step_log_priorities
kill -TERM "$dpid"
wait "$dpid"
rc=$?
if [ $rc -ne 0 ]; then
        fail clean-stop "renacerd exited $rc after SIGTERM"
elif ! daemon_log 6 | grep -q '^stopped$' || [ -e "$SOCK" ]; then
        fail clean-stop "no 'stopped' line, or the socket it created is left behind"
else
        pass clean-stop
fi
echo "kernel $KERNEL: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
