#!/bin/sh
# SPDX-License-Identifier: MIT
# Build the libFuzzer targets with clang and run each for a while.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 30); TARGETs default to every fuzz-NAME that
# tests/fuzz/meson.build builds.
# The build goes to $FUZZ_BUILD_DIR (default build-fuzz/ at the top of the
# tree). Each target runs on a copy of corpus/TARGET/, so the committed
# corpus is left alone; crash inputs and logs land in
# $FUZZ_BUILD_DIR/fuzz-out/TARGET/. Exits non-zero if any target crashed,
# leaked, timed out or failed to build.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=${1:-30}
[ $# -gt 0 ] && shift
case $secs in
''|*[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
build=${FUZZ_BUILD_DIR:-$top/build-fuzz}

if [ -f "$build/build.ninja" ]; then
        meson configure "$build" -Dfuzzing=true -Dtracer=true
else
        CC=clang meson setup "$build" "$top" -Dfuzzing=true -Dtracer=true
fi

if [ $# -gt 0 ]; then
        targets=$*
else
        # every fuzz-NAME executable tests/fuzz/meson.build defines
        targets=$(meson introspect "$build" --targets | python3 -c '
import json, sys
print(" ".join(sorted(t["name"][5:] for t in json.load(sys.stdin)
                      if t["type"] == "executable" and t["name"].startswith("fuzz-"))))')
fi
if [ -z "$targets" ]; then
        echo "no fuzz targets in $build (is the C compiler clang?)" >&2
        exit 1
fi
build_targets=
for t in $targets; do
        build_targets="$build_targets fuzz-$t"
done
# shellcheck disable=SC2086 # one word per target
meson compile -C "$build" $build_targets

failed=
for t in $targets; do
        exe=$build/tests/fuzz/fuzz-$t
        out=$build/fuzz-out/$t
        rm -rf "$out"
        mkdir -p "$out/corpus"
        if [ -d "$here/corpus/$t" ]; then
                cp "$here/corpus/$t"/* "$out/corpus/" 2>/dev/null || true
        fi
        before=$(find "$out/corpus" -type f | wc -l)
        echo "== fuzz-$t: ${secs}s from $before seeds"
        if "$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
                -artifact_prefix="$out/" -print_final_stats=1 \
                "$out/corpus" >"$out/log" 2>&1; then
                echo "   ok: $(grep -E '^stat::number_of_executed_units' "$out/log" | sed 's/.*: *//') runs," \
                        "corpus $before -> $(find "$out/corpus" -type f | wc -l)"
        else
                echo "   FAILED (log: $out/log)"
                grep -E -m 5 'ERROR|runtime error|Test unit written|SUMMARY' "$out/log" | sed 's/^/   /' || true
                failed="$failed $t"
        fi
done

if [ -n "$failed" ]; then
        echo "crashed:$failed" >&2
        exit 1
fi
echo "all fuzz targets ran ${secs}s without a crash"
