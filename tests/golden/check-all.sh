#!/usr/bin/env bash
# Check every example against its golden trace (sequence and counts; timing
# is ignored because CI machines are noisy). Exit 0 only if all match.
#   tests/golden/check-all.sh [BUILD_DIR] [JUNIT_DIR]
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
build=${1:-build}
junit=${2:-}
status=0
for ex in backend_detection matrix_operations activation_functions performance_demo ml_similarity; do
        args=(golden check "golden/$ex.json" --ignore-timing)
        [ -n "$junit" ] && args+=(--junit "$junit/$ex.xml")
        "$build/cli/renacerctl" "${args[@]}" -- "$build/examples/$ex" || status=1
done
exit $status
