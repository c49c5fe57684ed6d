#!/bin/sh
# Resource budgets of the examples (from the issue), measured, not assumed:
#   syscalls (strace -f -c), wall time (best of 5 runs, python3 if present) and peak
#   RSS (GNU time if present).  Unmeasurable items print -1 and are not judged.
#   check_budgets.sh <dir containing the built examples>
# Exits 77 (skip) if strace cannot trace here (missing, or ptrace forbidden).
set -u
unset TRUENO_BACKEND  # a caller's setting must not leak into the runs below
dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

command -v strace >/dev/null 2>&1 || { echo "strace not installed: skipping"; exit 77; }
strace -f -qq -o /dev/null true 2>/dev/null || { echo "strace cannot trace here: skipping"; exit 77; }

# Best-of-5 wall time in ms of one run, measured around fork+exec+wait by python3
# (a shell `date` pair costs more than the examples themselves); -1 if unavailable.
wall_ms() {
    command -v python3 >/dev/null 2>&1 || { echo -1; return; }
    python3 -c '
import subprocess, sys, time
best = 1e9
for _ in range(5):
    t = time.perf_counter()
    subprocess.run([sys.argv[1]], stdout=subprocess.DEVNULL, check=True)
    best = min(best, time.perf_counter() - t)
print(int(best * 1000))' "$1"
}

# name  max-syscalls  max-wall-ms  max-rss-MB
while read -r ex sc ms mb; do
    strace -f -c -o "$tmp/sc" "$dir/$ex" >/dev/null 2>&1 || { echo "FAIL: $ex under strace"; fail=1; continue; }
    # total line: "100.00 secs usecs/call calls [errors] total"; the errors column is
    # blank when there were none, so count from the left
    calls=$(awk '$NF == "total" { print $4 }' "$tmp/sc")
    best=$(wall_ms "$dir/$ex")
    rss=-1
    if [ -x /usr/bin/time ]; then
        rss=$(/usr/bin/time -f %M "$dir/$ex" 2>&1 >/dev/null | tail -n 1)
        rss=$(( rss / 1024 ))
    fi
    status=ok
    [ "$calls" -lt "$sc" ] || status=FAIL
    if [ "$best" -ge 0 ] && [ "$best" -ge "$ms" ]; then status=FAIL; fi
    if [ "$rss" -ge 0 ] && [ "$rss" -ge "$mb" ]; then status=FAIL; fi
    printf '%-22s syscalls %4s (< %s)  wall %3s ms (< %s)  rss %3s MB (< %s)  %s\n' \
        "$ex" "$calls" "$sc" "$best" "$ms" "$rss" "$mb" "$status"
    [ "$status" = ok ] || fail=1
done <<'LIST'
backend_detection 100 10 10
matrix_operations 200 20 20
activation_functions 200 20 30
performance_demo 300 50 50
ml_similarity 200 20 20
LIST
exit $fail
