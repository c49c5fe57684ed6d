#!/bin/sh
# Runs trueno-bench single-threaded (OpenBLAS included) and prints its tables.
#   bench/trueno/run.sh [path/to/trueno-bench] [bench args...]
# Without a path it uses build/bench/trueno/trueno-bench.
set -eu
bench=${1:-build/bench/trueno/trueno-bench}
[ $# -gt 0 ] && shift
# OpenBLAS reads this at load time; the program also calls openblas_set_num_threads(1).
OPENBLAS_NUM_THREADS=1
OMP_NUM_THREADS=1
export OPENBLAS_NUM_THREADS OMP_NUM_THREADS
unset TRUENO_BACKEND
exec "$bench" "$@"
