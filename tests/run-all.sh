#!/usr/bin/env bash
# The whole test suite, as root: install what is missing, build, run every
# meson test suite (unit, integration, fuzz corpus replay, golden), then the
# same suites under ASan+UBSan, libFuzzer briefly, and the VM test. The last
# line counts test cases across all suites: "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
packaging/install-deps.sh || exit 1

status=0
run_suite() { # build-dir, meson setup args...
        local dir=$1
        shift
        if [ ! -f "$dir/build.ninja" ]; then
                meson setup "$dir" "$@" >/dev/null || return 1
        fi
        ninja -C "$dir" >/dev/null || { ninja -C "$dir" | tail -30; return 1; }
        meson test -C "$dir" --print-errorlogs --num-processes 2 || return 1
}

run_suite build || status=1
# Sanitizers: leaks, overflows and UB in the daemon, CLI and libraries.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        run_suite build-asan -Db_sanitize=address,undefined -Db_lundef=false \
        -Dbuildtype=debug || status=1

# libFuzzer, briefly, from the committed corpora (clang build in build-fuzz/):
# one case per target, recorded in meson's log format for the count below.
fuzzlog=build-fuzz-results.json
: >"$fuzzlog"
for t in request filter session decode policy config trace toml unwind; do
        if FUZZ_BUILD_DIR="$top/build-fuzz" sh tests/fuzz/run-fuzzers.sh "${FUZZ_SECONDS:-10}" "$t" \
                >"build-fuzz-$t.log" 2>&1; then
                echo "{\"name\": \"libfuzzer-$t\", \"result\": \"OK\"}" >>"$fuzzlog"
                echo "libfuzzer-$t: OK"
        else
                echo "{\"name\": \"libfuzzer-$t\", \"result\": \"FAIL\"}" >>"$fuzzlog"
                echo "libfuzzer-$t: FAIL"
                tail -20 "build-fuzz-$t.log"
                status=1
        fi
done

# The VM test: the .debs under systemd on Debian's 6.1 kernel in qemu, and
# the same binaries on this machine's kernel (tests/vm/run-vm-test.sh). Each
# of its steps is a case in the count; without qemu or mmdebstrap it is one
# skipped case. Its kernel and root image are cached in RENACER_VM_CACHE
# (.ci/run sets it), else in build-vm/cache.
vmres=build-vm/results.json
bash tests/vm/run-vm-test.sh "$vmres"
vmrc=$?
[ $vmrc -eq 0 ] || [ $vmrc -eq 77 ] || status=1

python3 tests/count-cases.py build/meson-logs/testlog.json build-asan/meson-logs/testlog.json \
        "$fuzzlog" "$vmres"
exit $status
