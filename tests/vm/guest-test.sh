#!/bin/bash
# Inside the VM (systemd is PID 1), as root: install the .debs, then drive
# renacerd through systemd: socket activation, Type=notify, the smoke steps,
# reload, journal priorities, a clean stop.
#   guest-test.sh INDIR OUTDIR      (started by renacer-vm-runner.service)
set -u
in=$1 out=$2
KERNEL=$(uname -r)
CTL=/usr/bin/renacerctl
EXAMPLES=/usr/libexec/renacer/examples
SOCK=/run/renacer/renacerd.sock
METRICS=127.0.0.1:19469
POLICY_DIR=/etc/renacer/policies
TUSER=rntest_vm
# shellcheck source=tests/vm/smoke-lib.sh
. "$in/smoke-lib.sh"
daemon_reload() { systemctl reload renacerd.service; }
# what systemd and renacerd said, onto the console (the host's log) with the
# failure: a unit that fails to start says why only in its journal
unit_diag()
{
        systemctl status renacerd.service renacerd.socket --no-pager -l -n 0 2>&1 | sed 's/^/  status: /'
        journalctl -b -u renacerd.service -u renacerd.socket -o short-precise --no-pager -n "${1:-40}" 2>&1 |
                sed 's/^/  journal: /'
}
# a daemon the kernel refused: run it once by hand for the verifier's own
# words (the journal only has "Permission denied")
verifier_diag()
{
        journalctl -b -u renacerd.service -o cat --no-pager 2>/dev/null |
                grep -q 'cannot load and attach the BPF programs' || return 0
        echo "  verifier: RENACER_LIBBPF_DEBUG=1 renacerd, the end of its log:"
        RENACER_LIBBPF_DEBUG=1 timeout 300 /usr/sbin/renacerd --socket /run/renacer-diag.sock \
                --metrics-listen off 2>&1 | grep -v '^$' | tail -"${1:-60}" | sed 's/^/  verifier: /'
}
eval "smoke_$(declare -f fail)"
fail() { smoke_fail "$@"; unit_diag 40; verifier_diag 60; }
# the journal's lines of renacerd.service at exactly that priority
daemon_log() { journalctl -q -b -u renacerd.service -p "$1..$1" -o cat --no-pager | sed 's/^renacerd: //'; }

echo "kernel: $KERNEL ($(cat /proc/version | cut -d' ' -f1-3)); systemd $(systemctl --version | head -1 | cut -d' ' -f2)"

# --- the package ---
# the image was built without documentation; the package's must install
rm -f /etc/dpkg/dpkg.cfg.d/99mmdebstrap
# As in an image build, the postinst enables the units but does not start
# them (policy-rc.d): the steps below start them, and under TCG each start
# of renacerd is half a minute of BPF verification.
printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
chmod 0755 /usr/sbin/policy-rc.d
t=$SECONDS
if dpkg -i "$in"/renacer_*.deb "$in"/renacer-examples_*.deb >"$out/dpkg.log" 2>&1; then
        echo "dpkg -i: $((SECONDS - t)) s"
        pass dpkg-install
else
        fail dpkg-install "$(tail -5 "$out/dpkg.log")"
fi
rm -f /usr/sbin/policy-rc.d
echo "renacerd sha256 $(sha256sum /usr/sbin/renacerd | cut -c1-16)"
bad=
for f in /usr/sbin/renacerd /usr/bin/renacerctl /lib/systemd/system/renacerd.service \
        /lib/systemd/system/renacerd.socket /usr/lib/sysusers.d/renacer.conf \
        /usr/lib/tmpfiles.d/renacer.conf /etc/renacer/renacerd.yaml \
        /usr/share/doc/renacer/examples/default.yaml /usr/share/man/man8/renacerd.8.gz \
        /usr/share/bash-completion/completions/renacerctl "$EXAMPLES/backend_detection"; do
        [ -e "$f" ] || bad+=" $f"
done
dpkg-query -W -f='${Conffiles}\n' renacer | grep -q ' /etc/renacer/renacerd.yaml ' || bad+=" (renacerd.yaml not a conffile)"
[ -z "$(ls -A "$POLICY_DIR")" ] || bad+=" (policy dir not empty: $(ls "$POLICY_DIR"))"
getent group renacer >/dev/null || bad+=" (no group renacer)"
[ -z "$bad" ] && pass package-files || fail package-files "missing or wrong:$bad"

useradd -m -G renacer "$TUSER" 2>/dev/null || usermod -aG renacer "$TUSER"

# --- socket activation: only the socket listens, a client starts renacerd ---
systemctl stop renacerd.service renacerd.socket
systemctl start renacerd.socket
ino=$(stat -c %i "$SOCK" 2>/dev/null)
if [ "$(systemctl is-active renacerd.service)" != inactive ] || [ ! -S "$SOCK" ]; then
        fail socket-activation "after starting only the socket: service $(systemctl is-active renacerd.service), socket file ${ino:-missing}"
elif ! o=$(timeout 300 "$CTL" status 2>&1); then
        fail socket-activation "renacerctl status through the socket unit: $o"
elif [ "$(systemctl is-active renacerd.service)" != active ]; then
        fail socket-activation "renacerd.service is $(systemctl is-active renacerd.service) after a client connected"
elif ! daemon_log 6 | grep -q '^listening on .*socket activation'; then
        fail socket-activation "renacerd did not say it serves the inherited socket"
else
        pass socket-activation
fi

# --- systemctl start: returns once renacerd sent READY=1 ---
systemctl stop renacerd.service
if ! timeout 300 systemctl start renacerd.service; then
        fail start-notify "systemctl start renacerd failed: $(systemctl status renacerd --no-pager -n 5 2>&1 | tail -5)"
else
        # (systemctl show prints properties in its own order: one at a time)
        st=$(for p in Type ActiveState SubState StatusText; do systemctl show renacerd.service -p "$p" --value; done |
                tr '\n' ' ')
        if [ "$st" != "notify active running tracing " ]; then
                fail start-notify "Type ActiveState SubState StatusText: $st"
        elif [ "$(stat -c %i "$SOCK")" != "$ino" ]; then
                fail start-notify "the socket was replaced: renacerd must use systemd's"
        else
                pass start-notify
        fi
fi

step_run_root
step_trace_pid_user
step_metrics
step_reload_and_policy
# ExecReload= waits for renacerd's answer: a bad policy fails the reload
# itself, and renacerd keeps running with the policies it had
printf 'version: 1\nassertions:\n  - name: x\n    type: no_such_type\n' >"$POLICY_DIR/broken.yaml"
if o=$(timeout 120 systemctl reload renacerd.service 2>&1); then
        fail systemctl-reload-bad-policy "systemctl reload succeeded with a bad policy"
elif [ "$(systemctl is-active renacerd.service)" != active ]; then
        fail systemctl-reload-bad-policy "renacerd.service is $(systemctl is-active renacerd.service) after it"
else
        rm -f "$POLICY_DIR/broken.yaml"
        if o=$(timeout 120 systemctl reload renacerd.service 2>&1); then
                pass systemctl-reload-bad-policy
        else
                fail systemctl-reload-bad-policy "systemctl reload of a good directory failed: $o"
        fi
fi
rm -f "$POLICY_DIR/broken.yaml"
step_log_priorities

# the sandbox as systemd applied it
systemd-analyze security renacerd.service --no-pager >"$out/security.txt" 2>&1 &&
        echo "systemd-analyze security (in the VM): $(grep -o 'Overall exposure level.*' "$out/security.txt")"

# --- a clean stop ---
pid=$(systemctl show renacerd.service -p MainPID --value)
systemctl stop renacerd.service
res=$(systemctl show renacerd.service -p Result -p ExecMainCode -p ExecMainStatus --value | tr '\n' ' ')
# ExecMainCode 1 is CLD_EXITED
if [ "$res" != "success 1 0 " ]; then
        fail clean-stop "Result ExecMainCode ExecMainStatus: $res"
elif kill -0 "$pid" 2>/dev/null; then
        fail clean-stop "pid $pid still runs"
elif ! daemon_log 6 | grep -q '^received Terminated, shutting down' || ! daemon_log 6 | grep -q '^stopped$'; then
        fail clean-stop "no shutdown lines at priority info"
elif [ ! -S "$SOCK" ]; then
        fail clean-stop "the socket unit's socket went away with the service"
else
        pass clean-stop
fi
systemctl stop renacerd.socket
journalctl -b -u renacerd.service -u renacerd.socket -o short-monotonic --no-pager >"$out/renacerd-journal.txt" 2>&1
if [ "$nfail" -gt 0 ]; then
        echo "renacerd's whole journal (the run had failures):"
        unit_diag 1000
fi
echo "kernel $KERNEL: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
