# shellcheck shell=bash
# The smoke steps the VM test runs on each kernel: inside the VM against the
# installed package under systemd, and on this machine's kernel against the
# same renacerd binary (same embedded CO-RE object) started by hand with a
# private socket. The caller sets:
#   KERNEL      name for the output lines (uname -r)
#   CTL         renacerctl;   EXAMPLES  the renacer-examples directory
#   SOCK        the control socket;  METRICS  HOST:PORT of /metrics
#   POLICY_DIR  renacerd's policy_dir
#   TUSER       a user in the socket's group (created by the caller)
# and defines: daemon_reload (SIGHUP), daemon_log PRIO (the daemon's log
# lines at that syslog priority, text only).
# Each step prints "PASS KERNEL STEP" or "FAIL KERNEL STEP: why".

npass=0
nfail=0
pass() { echo "PASS $KERNEL $1"; npass=$((npass + 1)); }
fail() { echo "FAIL $KERNEL $1: $2"; nfail=$((nfail + 1)); }
# as TUSER, with its groups (setpriv execs: $! is the command's pid)
as_user() { setpriv --reuid="$TUSER" --regid="$(id -g "$TUSER")" --init-groups -- "$@"; }
export RENACER_SOCKET=$SOCK

# GET PATH from METRICS: the whole response, headers included
http_get()
{
        local host=${METRICS%:*} port=${METRICS##*:}
        exec 7<>"/dev/tcp/$host/$port" || return 1
        printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$1" "$host" >&7
        timeout 20 cat <&7
        exec 7<&- 7>&-
}

# a metric's value (first sample whose line starts with NAME)
metric() { printf '%s\n' "$2" | awk -v n="$1" '$1 == n || index($1, n "{") == 1 { print $2; exit }'; }

step_run_root()
{
        local out rc
        out=$(timeout 300 "$CTL" run -f -c -- "$EXAMPLES/backend_detection" 2>&1)
        rc=$?
        if [ $rc -ne 0 ]; then
                fail run-f-c-root "renacerctl run exited $rc: $(printf '%s' "$out" | tail -3)"
        elif ! printf '%s\n' "$out" | grep -q '^100.00 .* total$' ||
                ! printf '%s\n' "$out" | grep -qw execve ||
                ! printf '%s\n' "$out" | grep -qw write; then
                fail run-f-c-root "no summary with execve and write: $(printf '%s' "$out" | tail -5)"
        else
                pass run-f-c-root
        fi
}

step_trace_pid_user()
{
        local out rc wpid i
        # the user's own process: it waits, then execs ls, whose getdents64
        # calls the trace must show
        setpriv --reuid="$TUSER" --regid="$(id -g "$TUSER")" --init-groups -- \
                sh -c 'sleep 6; exec ls -la /etc' >/dev/null 2>&1 &
        wpid=$!
        # $! is the forked shell until setpriv has switched to the user
        for ((i = 0; i < 100; i++)); do
                [ "$(stat -c %u "/proc/$wpid" 2>/dev/null)" = "$(id -u "$TUSER")" ] && break
                sleep 0.1
        done
        out=$(as_user timeout 300 "$CTL" trace --pid "$wpid" -c 2>&1)
        rc=$?
        wait "$wpid"
        if [ $rc -ne 0 ]; then
                fail trace-pid-user "renacerctl trace --pid as $TUSER exited $rc: $(printf '%s' "$out" | tail -3)"
        elif ! printf '%s\n' "$out" | grep -qw getdents64 || ! printf '%s\n' "$out" | grep -qw execve; then
                fail trace-pid-user "summary lacks getdents64/execve: $(printf '%s' "$out" | tail -5)"
        else
                pass trace-pid-user
        fi
        # and the same user may not trace root's processes
        out=$(as_user timeout 60 "$CTL" trace --pid 1 -c 2>&1)
        rc=$?
        if [ $rc -eq 0 ] || ! printf '%s\n' "$out" | grep -qi 'permi\|not allowed\|denied'; then
                fail trace-pid-user-denied "tracing pid 1 as $TUSER: exit $rc: $out"
        else
                pass trace-pid-user-denied
        fi
}

step_metrics()
{
        local out n
        out=$(http_get /metrics)
        if ! printf '%s\n' "$out" | head -1 | grep -q '^HTTP/1.[01] 200'; then
                fail metrics "GET /metrics: $(printf '%s' "$out" | head -1)"
                return
        fi
        n=$(metric renacer_sessions_created_total "$out")
        if ! printf '%s\n' "$out" | grep -q '^renacer_build_info{' || [ -z "$n" ] || [ "${n%.*}" -lt 2 ] ||
                ! printf '%s\n' "$out" | grep -q '^renacer_syscalls_total{'; then
                fail metrics "want renacer_build_info, renacer_syscalls_total and >= 2 sessions created (got '$n')"
                return
        fi
        pass metrics
        out=$(http_get /healthz)
        printf '%s\n' "$out" | head -1 | grep -q '^HTTP/1.[01] 200' && pass healthz ||
                fail healthz "GET /healthz: $(printf '%s' "$out" | head -1)"
}

step_reload_and_policy()
{
        local out
        # a daemon-wide policy for the examples that every run violates
        cat >"$POLICY_DIR/vmtest.yaml" <<YAML
version: 1
match:
  exe: "$EXAMPLES/*"
assertions:
  - name: vmtest_tiny_budget
    type: span_count
    max_spans: 1
YAML
        daemon_reload
        if wait_log 6 'reloaded 1 policies'; then pass reload; else fail reload "no 'reloaded 1 policies' at priority info"; fi
        # renacerd starts an auto-session at the example's execve by itself
        out=$(timeout 300 "$EXAMPLES/backend_detection" 2>&1) ||
                fail policy-run "$EXAMPLES/backend_detection: $(printf '%s' "$out" | tail -3)"
        if wait_log 4 'policy violation: .*vmtest_tiny_budget'; then pass policy-violation-warning; else
                fail policy-violation-warning "no 'policy violation' line at priority warning; last lines: $(daemon_log 6 | tail -2; daemon_log 4 | tail -2)"; fi
        # a bad file: the reload fails as a whole, at priority err
        printf 'version: 1\nassertions:\n  - name: x\n    type: no_such_type\n' >"$POLICY_DIR/broken.yaml"
        daemon_reload
        if wait_log 3 'reload failed, keeping 1 policies'; then pass reload-bad-policy-error; else
                fail reload-bad-policy-error "no 'reload failed' line at priority err"; fi
        rm -f "$POLICY_DIR/broken.yaml" "$POLICY_DIR/vmtest.yaml"
        daemon_reload
        wait_log 6 'reloaded 0 policies' || fail reload-empty "no 'reloaded 0 policies'"
}

# wait_log PRIO REGEX: up to 30 s for the daemon to log it (by the clock:
# under TCG one journalctl takes seconds)
wait_log()
{
        local end=$((SECONDS + 30))
        while :; do
                daemon_log "$1" | grep -q -- "$2" && return 0
                [ $SECONDS -lt $end ] || return 1
                sleep 0.5
        done
}

# errors other than those of the bad policy's reload: renacerd's, and under
# systemd the failed `systemctl reload` (ExecReload= waits for the answer)
unexpected_errors() { grep -v -e '^reload failed, keeping ' -e '^Reload failed for renacerd\.service'; }

# the log lines of a healthy start: info only, nothing worse
step_log_priorities()
{
        if ! daemon_log 6 | grep -q '^listening on '; then
                fail log-priorities "no 'listening on' line at priority info"
        elif daemon_log 3 | unexpected_errors | grep -q .; then
                fail log-priorities "unexpected errors: $(daemon_log 3 | unexpected_errors | head -3)"
        else
                pass log-priorities
        fi
}
