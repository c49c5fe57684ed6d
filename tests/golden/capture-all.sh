#!/usr/bin/env bash
# Capture the golden traces of all five examples with renacer itself.
#   tests/golden/capture-all.sh [BUILD_DIR]     (as root; run from anywhere)
# Commands are given relative to the repository root, so the traces do not
# depend on where the checkout lives.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
build=${1:-build}
for ex in backend_detection matrix_operations activation_functions performance_demo ml_similarity; do
        "$build/cli/renacerctl" golden capture --dir golden --name "$ex" -- "$build/examples/$ex"
done
