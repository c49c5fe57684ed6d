#!/usr/bin/env bash
# Capture the golden traces of all five examples with renacer itself.
#   tests/golden/capture-all.sh [BUILD_DIR] [--force]   (as root; run from anywhere)
# Five runs each: the timing baseline. Files whose normalized content did not
# change are kept as they are (--force rewrites them).
# Commands are given relative to the repository root, so the traces do not
# depend on where the checkout lives.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
build=${1:-build}
shift || true
for ex in backend_detection matrix_operations activation_functions performance_demo ml_similarity; do
        "$build/cli/renacerctl" golden capture --dir golden --name "$ex" --runs 5 "$@" -- "$build/examples/$ex"
done
