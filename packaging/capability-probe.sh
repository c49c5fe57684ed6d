#!/bin/bash
# SPDX-License-Identifier: MIT
# How renacerd.service's CapabilityBoundingSet was chosen: run renacerd with
# only a given set of capabilities (root uid, reduced bounding set, as
# systemd does it; or a non-root uid with ambient capabilities) and check it
# loads and attaches the BPF programs, listens, and traces a process of
# another uid (nobody): its 100 getppid calls show up in the summary. Run as root from the source tree:
#
#   packaging/capability-probe.sh BUILD_DIR [CAPS...]
#
# CAPS are comma lists without the cap_ prefix ("bpf,perfmon,kill"); with
# none it runs the sets README-capabilities.md reports.
set -u
build=${1:?usage: $0 BUILD_DIR [CAPS...]}
shift
build=$(cd "$build" && pwd)
renacerd=$build/daemon/renacerd
ctl=$build/cli/renacerctl
loop=$build/tests/integration/getppid-loop
[ "$(id -u)" = 0 ] || { echo "$0: run as root" >&2; exit 2; }
for f in "$renacerd" "$ctl" "$loop"; do
        [ -x "$f" ] || { echo "$0: $f is missing: build first" >&2; exit 2; }
done
work=$(mktemp -d /tmp/renacer-capprobe-XXXXXX)
chmod 1777 "$work" # a non-root renacerd creates its socket here
trap 'rm -rf "$work"' EXIT

# probe CAPS [UID [GROUP [BPF_STATS]]]
probe() {
        local caps=$1 uid=${2:-0} group=${3:-} bpfstats=${4:-false}
        local set=-all plus sock=$work/r.sock dpid vpid tpid out=FAIL why=
        [ -n "$caps" ] && set="-all,$(echo "$caps" | sed 's/\([a-z_]*\)/+\1/g')"
        rm -f "$work"/go "$sock"
        printf 'socket:\n  group: "%s"\nmetrics:\n  listen: off\n  bpf_stats: %s\n' \
                "$group" "$bpfstats" > "$work/c.yaml"
        if [ "$uid" = 0 ]; then
                setpriv --no-new-privs --bounding-set "$set" --inh-caps -all -- \
                        "$renacerd" --config "$work/c.yaml" --socket "$sock" \
                        > "$work/log" 2>&1 &
        else
                setpriv --no-new-privs --reuid "$uid" --regid "$uid" --clear-groups \
                        --inh-caps "$set" --ambient-caps "$set" --bounding-set "$set" -- \
                        "$renacerd" --config "$work/c.yaml" --socket "$sock" \
                        > "$work/log" 2>&1 &
        fi
        dpid=$!
        for _ in $(seq 100); do
                [ -S "$sock" ] && break
                kill -0 $dpid 2>/dev/null || break
                sleep 0.05
        done
        if [ ! -S "$sock" ]; then
                why=$(grep -m1 -Ev '^renacerd: (stopped|configuration from)' "$work/log" |
                        cut -c1-110)
        else
                setpriv --reuid 65534 --regid 65534 --clear-groups -- sh -c \
                        "while [ ! -e $work/go ]; do sleep 0.02; done; exec $loop 100" &
                vpid=$!
                "$ctl" trace -c --socket "$sock" --pid $vpid > "$work/out" 2>&1 &
                tpid=$!
                for _ in $(seq 100); do
                        "$ctl" status --json --socket "$sock" 2>/dev/null |
                                grep -q '"sessions_active": *1' && break
                        kill -0 $tpid 2>/dev/null || break
                        sleep 0.05
                done
                touch "$work/go"
                wait $tpid
                wait $vpid
                # the victim's shell adds a getppid of its own before exec
                if awk '$NF == "getppid" && $4 >= 100 { ok = 1 } END { exit !ok }' \
                        "$work/out"; then
                        out=ok
                else
                        why=$(grep -m1 . "$work/out" | cut -c1-110)
                fi
        fi
        kill $dpid 2>/dev/null
        wait $dpid 2>/dev/null
        printf '%-34s uid %-5s group %-8s bpf_stats %-5s %s %s\n' "${caps:-(none)}" "$uid" \
                "${group:-(none)}" "$bpfstats" "$out" "$why"
}

if [ $# -gt 0 ]; then
        for caps in "$@"; do probe "$caps"; done
        exit 0
fi
probe ""
probe "bpf,perfmon,kill"
probe "perfmon,kill"
probe "bpf,kill"
probe "bpf,perfmon"
probe "sys_admin"
probe "sys_admin,kill"
probe "bpf,perfmon,kill" 0 nogroup
probe "bpf,perfmon,kill,chown" 0 nogroup
probe "bpf,perfmon,kill" 0 "" true
probe "bpf,perfmon,kill,sys_admin" 0 "" true
probe "bpf,perfmon,kill" 4242
probe "bpf,perfmon" 4242
