#!/bin/sh
# Example contract checks, run by `meson test --suite examples`.
#   check_examples.sh <dir containing the built examples>
# 1. every example exits 0 and prints the same under TRUENO_BACKEND=scalar and
#    TRUENO_BACKEND=avx2, ignoring the "Backend:" line (avx2 replaced by auto when
#    the CPU lacks AVX2, so the check still compares two different backends there);
# 2. output without --timings is deterministic (two runs are identical);
# 3. an unknown or unsupported TRUENO_BACKEND gives exit 2, one line on stderr and
#    nothing on stdout;
# 4. gpu_transfer: both modes on /dev/zero print one "transfer_ns=N wall_ns=N" line;
#    with --opencl one "... buffers=device|host" line (host with an empty ICD dir);
#    usage errors exit 2.
set -u
unset TRUENO_BACKEND  # a caller's setting must not leak into the runs below
dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

examples="backend_detection matrix_operations activation_functions performance_demo ml_similarity"

other=avx2
if ! TRUENO_BACKEND=avx2 "$dir/backend_detection" >/dev/null 2>&1; then
    echo "note: this CPU cannot run avx2; comparing scalar with auto instead"
    other=auto
fi

for ex in $examples; do
    for be in scalar $other; do
        TRUENO_BACKEND=$be "$dir/$ex" >"$tmp/$ex.$be" 2>"$tmp/$ex.$be.err"
        rc=$?
        [ $rc -eq 0 ] || bad "$ex with TRUENO_BACKEND=$be exited $rc: $(cat "$tmp/$ex.$be.err")"
        [ -s "$tmp/$ex.$be.err" ] && bad "$ex with TRUENO_BACKEND=$be wrote to stderr"
    done
    grep -v '^Backend:' "$tmp/$ex.scalar" >"$tmp/a"
    grep -v '^Backend:' "$tmp/$ex.$other" >"$tmp/b"
    if ! diff -u "$tmp/a" "$tmp/b" >"$tmp/diff"; then
        bad "$ex: scalar and $other outputs differ:"
        cat "$tmp/diff"
    fi
    grep -q '^Backend: scalar$' "$tmp/$ex.scalar" || [ "$ex" != backend_detection ] ||
        bad "$ex: no 'Backend: scalar' line"
    "$dir/$ex" >"$tmp/r1" 2>/dev/null
    "$dir/$ex" >"$tmp/r2" 2>/dev/null
    cmp -s "$tmp/r1" "$tmp/r2" || bad "$ex: output differs between two runs"
    "$dir/$ex" --timings >/dev/null 2>&1 || bad "$ex --timings failed"
    "$dir/$ex" --bogus >/dev/null 2>&1
    [ $? -eq 2 ] || bad "$ex --bogus should exit 2"

    for be in bogus AVX2; do
        TRUENO_BACKEND=$be "$dir/$ex" >"$tmp/o" 2>"$tmp/e"
        rc=$?
        [ $rc -eq 2 ] || bad "$ex with TRUENO_BACKEND=$be exited $rc, want 2"
        [ -s "$tmp/o" ] && bad "$ex with TRUENO_BACKEND=$be printed to stdout"
        [ "$(wc -l <"$tmp/e")" -eq 1 ] || bad "$ex with TRUENO_BACKEND=$be: want one stderr line"
    done
done

# unsupported backend: only testable for real on a CPU lacking one (the unit tests
# simulate it with an internal hook on CPUs that have everything)
for be in avx512 avx2 avx sse2; do
    if ! grep '^Supported backends:' "$tmp/backend_detection.scalar" | grep -qw -- "$be"; then
        TRUENO_BACKEND=$be "$dir/backend_detection" >/dev/null 2>"$tmp/e"
        rc=$?
        [ $rc -eq 2 ] || bad "unsupported TRUENO_BACKEND=$be exited $rc, want 2"
        grep -q 'not supported' "$tmp/e" || bad "unsupported $be: message: $(cat "$tmp/e")"
    fi
done

for mode in --chatty --batched; do
    "$dir/gpu_transfer" /dev/zero $mode >"$tmp/g" 2>"$tmp/ge" || bad "gpu_transfer $mode: $(cat "$tmp/ge")"
    grep -Eqx 'transfer_ns=[0-9]+ wall_ns=[0-9]+' "$tmp/g" || bad "gpu_transfer $mode output: $(cat "$tmp/g")"
    [ "$(wc -l <"$tmp/g")" -eq 1 ] || bad "gpu_transfer $mode: want exactly one line"
done
# --opencl: device buffers on whatever OpenCL device there is (PoCL in CI), then
# with an empty ICD directory, where the same runs keep to host memory
emptyicd=$(mktemp -d)
for mode in --chatty --batched; do
    TRUENO_BACKEND=opencl "$dir/gpu_transfer" --opencl $mode >"$tmp/g" 2>"$tmp/ge" ||
        bad "gpu_transfer --opencl $mode: $(cat "$tmp/ge")"
    grep -Eqx 'transfer_ns=[0-9]+ wall_ns=[0-9]+ buffers=(device|host)' "$tmp/g" ||
        bad "gpu_transfer --opencl $mode output: $(cat "$tmp/g")"
    if [ -f /etc/OpenCL/vendors/pocl.icd ]; then
        grep -q 'buffers=device' "$tmp/g" || bad "gpu_transfer --opencl $mode: PoCL not used"
    fi
    OCL_ICD_VENDORS=$emptyicd TRUENO_BACKEND=opencl "$dir/gpu_transfer" --opencl $mode \
        >"$tmp/g" 2>"$tmp/ge" || bad "gpu_transfer --opencl $mode, no ICD: $(cat "$tmp/ge")"
    grep -Eqx 'transfer_ns=[0-9]+ wall_ns=[0-9]+ buffers=host' "$tmp/g" ||
        bad "gpu_transfer --opencl $mode, no ICD, output: $(cat "$tmp/g")"
done
rmdir "$emptyicd"
for args in "" "/dev/zero" "--chatty" "/dev/zero --fast" "/dev/zero --chatty --batched" \
    "--opencl" "--opencl /dev/zero --chatty" "/dev/zero --opencl --chatty"; do
    # shellcheck disable=SC2086
    "$dir/gpu_transfer" $args >/dev/null 2>"$tmp/ge"
    rc=$?
    [ $rc -eq 2 ] || bad "gpu_transfer $args exited $rc, want 2"
    [ "$(wc -l <"$tmp/ge")" -eq 1 ] || bad "gpu_transfer $args: want one stderr line"
done
"$dir/gpu_transfer" /nonexistent/dev --chatty >/dev/null 2>&1
[ $? -eq 1 ] || bad "gpu_transfer on a missing path should exit 1"
TRUENO_BACKEND=bogus "$dir/gpu_transfer" /dev/zero --chatty >/dev/null 2>&1
[ $? -eq 2 ] || bad "gpu_transfer with TRUENO_BACKEND=bogus should exit 2"

[ $fail -eq 0 ] && echo "all example checks passed"
exit $fail
