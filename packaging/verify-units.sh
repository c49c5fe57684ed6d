#!/bin/sh
# systemd-analyze verify on renacerd.service and renacerd.socket. The service
# checked is a copy whose ExecStart= runs the build tree's renacerd (verify
# insists the binary exists); it is renamed so Requires=renacerd.socket
# resolves to the socket beside it. Any warning is a failure.
# Arguments: systemd-analyze, service file, socket file, scratch directory.
set -eu
analyze=$1 service=$2 socket=$3 dir=$4
rm -rf "$dir"
mkdir -p "$dir"
cp "$service" "$dir/renacerd.service"
cp "$socket" "$dir/renacerd.socket"
cd "$dir"
out=$(SYSTEMD_LOG_LEVEL=notice "$analyze" verify --man=no ./renacerd.service ./renacerd.socket 2>&1) || {
        printf '%s\n' "$out"
        echo "FAIL: systemd-analyze verify exited non-zero"
        exit 1
}
if [ -n "$out" ]; then
        printf '%s\n' "$out"
        echo "FAIL: systemd-analyze verify warned"
        exit 1
fi
# systemd ignores capability names it does not know: check them here.
if command -v capsh >/dev/null 2>&1; then
        for cap in $(sed -n 's/^CapabilityBoundingSet=//p' renacerd.service); do
                name=$(printf '%s' "$cap" | tr 'A-Z' 'a-z')
                capsh --supports="$name" 2>/dev/null || {
                        echo "FAIL: unknown capability $cap in CapabilityBoundingSet="
                        exit 1
                }
        done
fi
echo "ok: renacerd.service and renacerd.socket verify cleanly"
