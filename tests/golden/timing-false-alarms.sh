#!/usr/bin/env bash
# Measure how often `golden check` cries wolf on unchanged binaries, and
# write the figures into the kept section of golden/ANALYSIS.md.
#   tests/golden/timing-false-alarms.sh [BUILD_DIR] [CHECKS]   (as root)
# For each example: a fresh baseline (`golden capture --runs 5`, in a
# temporary directory), then CHECKS checks of the same binary with
#   - the defaults (no timing: sequence, counts, budgets),
#   - the timing gate (`--runs 5`: medians and MAD),
#   - the old rule (one run, +10%: `--runs 1 --timing-tolerance 10`).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
build=${1:-build}
checks=${2:-20}
ctl="$build/cli/renacerctl"
tmp=$(mktemp -d /tmp/renacer-falsealarm-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
examples=(backend_detection matrix_operations activation_functions performance_demo ml_similarity)

declare -A fa
rows=""
tot_def=0 tot_gate=0 tot_old=0 n=0
for ex in "${examples[@]}"; do
        "$ctl" golden capture --dir "$tmp" --name "$ex" --runs 5 -- "$build/examples/$ex" >/dev/null 2>&1
        def=0 gate=0 old=0
        for ((i = 0; i < checks; i++)); do
                "$ctl" golden check "$tmp/$ex.json" -- "$build/examples/$ex" >/dev/null 2>&1 || def=$((def + 1))
                "$ctl" golden check "$tmp/$ex.json" --runs 5 -- "$build/examples/$ex" >/dev/null 2>&1 || gate=$((gate + 1))
                "$ctl" golden check "$tmp/$ex.json" --runs 1 --timing-tolerance 10 -- "$build/examples/$ex" \
                        >/dev/null 2>&1 || old=$((old + 1))
        done
        rows+="| $ex | $def / $checks | $gate / $checks | $old / $checks |"$'\n'
        tot_def=$((tot_def + def)) tot_gate=$((tot_gate + gate)) tot_old=$((tot_old + old))
        n=$((n + checks))
done
rows+="| all | $tot_def / $n | $tot_gate / $n | $tot_old / $n |"$'\n'

marker='<!-- kept by golden capture: written by tests/golden/timing-false-alarms.sh -->'
section="$marker
## Measured false-alarm rate

Unchanged binaries, $(date -u +%Y-%m-%d) on $(nproc) shared CPUs (other builds and tests
running), each example against a fresh baseline of 5 runs (\`golden capture --runs 5\`).
A false alarm is a check of the unchanged binary that exits non-zero.

| example | defaults (exact) | \`--runs 5\` (median, MAD) | old rule: 1 run, +10% |
|---|---|---|---|
${rows}
Reproduce with \`tests/golden/timing-false-alarms.sh build $checks\` (as root).
"
f=golden/ANALYSIS.md
if grep -qF "$marker" "$f"; then
        head=$(sed "/$(printf '%s' "$marker" | sed 's/[\/&.*]/\\&/g')/,\$d" "$f")
else
        head=$(cat "$f")
fi
printf '%s\n\n%s' "$head" "$section" >"$f.tmp"
mv "$f.tmp" "$f"
printf '%s' "$rows"
