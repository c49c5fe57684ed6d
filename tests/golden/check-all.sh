#!/usr/bin/env bash
# Check every example against its golden trace with the defaults: sequence,
# calls and errors per syscall, call budgets; no timing (add --runs N to
# check it). Exit 0 only if all match.
#   tests/golden/check-all.sh [BUILD_DIR] [JUNIT_DIR]
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
build=${1:-build}
junit=${2:-}
status=0
for ex in backend_detection matrix_operations activation_functions performance_demo ml_similarity; do
        args=(golden check "golden/$ex.json")
        [ -n "$junit" ] && args+=(--junit "$junit/$ex.xml")
        "$build/cli/renacerctl" "${args[@]}" -- "$build/examples/$ex" || status=1
done
exit $status
