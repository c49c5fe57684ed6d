#!/bin/sh
# Runs trueno-bench single-threaded (OpenBLAS included) and prints its tables.
#   bench/trueno/run.sh [path/to/trueno-bench] [bench args...]
# Without a path it uses build/bench/trueno/trueno-bench.
#
# OpenBLAS is compared with its best kernel for this CPU: its DYNAMIC_ARCH
# dispatch does not know every new CPU (0.3.21 runs its Haswell AVX2 kernels on
# Zen 5, say), so on AVX-512 CPUs OPENBLAS_CORETYPE=SkylakeX forces its AVX-512
# kernels. A caller's OPENBLAS_CORETYPE is kept.
set -eu
bench=${1:-build/bench/trueno/trueno-bench}
[ $# -gt 0 ] && shift
# OpenBLAS reads these at load time; the program also calls openblas_set_num_threads(1).
OPENBLAS_NUM_THREADS=1
OMP_NUM_THREADS=1
export OPENBLAS_NUM_THREADS OMP_NUM_THREADS
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
        OPENBLAS_CORETYPE=SkylakeX
        export OPENBLAS_CORETYPE
fi
unset TRUENO_BACKEND
exec "$bench" "$@"
