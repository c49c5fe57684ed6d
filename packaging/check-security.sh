#!/bin/sh
# systemd-analyze security on the service file, offline: print the score and
# fail when the exposure is above THRESHOLD (tenths: 18 means 1.8).
#   check-security.sh SYSTEMD-ANALYZE SERVICE THRESHOLD
set -u
analyze=$1 service=$2 threshold=$3
out=$(SYSTEMD_LOG_LEVEL=notice "$analyze" security --offline=yes --no-pager \
        --threshold="$threshold" "$service" 2>&1)
rc=$?
printf '%s\n' "$out" | grep '✗'
printf '%s\n' "$out" | grep 'Overall exposure level'
if ! printf '%s\n' "$out" | grep -q 'Overall exposure level'; then
        echo "SKIP: this systemd-analyze has no offline security check"
        exit 77
fi
[ $rc -eq 0 ] || echo "FAIL: exposure above $(echo "$threshold" | sed 's/\(.\)$/.\1/')"
exit $rc
