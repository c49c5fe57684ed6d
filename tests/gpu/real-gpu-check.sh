#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The PCIe heuristic and libtrueno's OpenCL backend on a real NVIDIA GPU (written
# for an H200 host). At most 10 minutes; installs nothing. As root, from anywhere:
#
#   tests/gpu/real-gpu-check.sh [OUTDIR]
#
#   1. checks what it needs and prints, one line each, whatever is missing (build
#      tools and libraries with their Debian package names, root, BTF, /dev/nvidia*,
#      NVIDIA's OpenCL ICD), then exits 2 if anything is (without the ICD loader
#      libOpenCL.so.1, libtrueno is pointed at NVIDIA's ICD library itself);
#   2. builds renacer in OUTDIR/build (default: a new /tmp/real-gpu-check.XXXXXX);
#   3. runs libtrueno's OpenCL tests on the NVIDIA ICD (sgemm and buffer chains
#      against the error bounds of trueno.h) and prints the device, and the
#      auto-offload threshold libtrueno measured there;
#   4. traces with renacerd (a private daemon on a private socket): the examples
#      under TRUENO_BACKEND=opencl, and gpu_transfer --opencl --chatty / --batched;
#   5. records which /dev/nvidia* nodes each run opens, and how many ioctl, read,
#      write, mmap (and other) calls on them, in total and per transfer (the
#      transfer phase is bracketed by gpu_transfer's access() markers), plus the
#      synchronisation calls (futex, poll, ...) of that phase;
#   6. checks the heuristic's verdicts: chatty flagged as a PCIe bottleneck,
#      batched not (and, as a control of the tracer itself, that the /dev/zero
#      fixture of CI is flagged here too).
#
# Everything lands in OUTDIR: traces (*.trace), per-run tables (*.counts), the
# verdict lines (*.verdict) and summary.txt. Exit 0 when every check passed,
# 1 when one failed, 2 when something needed was missing.
#
# REAL_GPU_CHECK_BUILD=DIR reuses a configured build tree instead of OUTDIR/build.
# REAL_GPU_CHECK_NO_GPU=1 runs the same steps without a GPU (on PoCL, say) to test
# the script itself: missing NVIDIA pieces are then reported but not fatal, and
# the verdict checks are reported, not judged.
set -u
start=$(date +%s)
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-}
if [ -z "$out" ]; then
        out=$(mktemp -d /tmp/real-gpu-check.XXXXXX) || exit 1
fi
mkdir -p "$out" || exit 1
out=$(cd "$out" && pwd)
nogpu=${REAL_GPU_CHECK_NO_GPU:-0}
summary=$out/summary.txt
: >"$summary"
say() { echo "$*" | tee -a "$summary"; }
failures=0
check() { # check NAME OK(0/1) DETAIL
        if [ "$2" = 0 ]; then
                say "PASS $1: $3"
        else
                say "FAIL $1: $3"
                failures=$((failures + 1))
        fi
}
left() { # seconds of the 10 minutes left, at least 1 (timeout 0 would mean none)
        local l=$((600 - ($(date +%s) - start)))
        [ "$l" -gt 0 ] && echo "$l" || echo 1
}

say "real-gpu-check: $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(uname -n), kernel $(uname -r)"
say "output: $out"

# ---------------------------------------------------------------- 1. prerequisites
missing=()
need_cmd() { # command debian-package
        command -v "$1" >/dev/null 2>&1 || missing+=("command $1 (Debian: $2)")
}
need_cmd cc build-essential
need_cmd clang clang
need_cmd meson meson
need_cmd ninja ninja-build
need_cmd pkg-config pkg-config
need_cmd bpftool bpftool
need_cmd llvm-strip llvm
need_cmd awk mawk
if command -v pkg-config >/dev/null 2>&1; then
        for m in "libbpf libbpf-dev" "libelf libelf-dev" "zlib zlib1g-dev" \
                "libseccomp libseccomp-dev" "json-c libjson-c-dev" "yaml-0.1 libyaml-dev" \
                "libmicrohttpd libmicrohttpd-dev" "cmocka libcmocka-dev"; do
                set -- $m
                pkg-config --exists "$1" 2>/dev/null || missing+=("library $1 (Debian: $2)")
        done
fi
[ "$(id -u)" = 0 ] || missing+=("root (renacerd loads BPF programs)")
[ -r /sys/kernel/btf/vmlinux ] || missing+=("kernel BTF at /sys/kernel/btf/vmlinux")
have_ldso() { ldconfig -p 2>/dev/null | grep -q "$1" || [ -e "/usr/lib/x86_64-linux-gnu/$1" ]; }
have_loader=0
have_ldso libOpenCL.so.1 && have_loader=1
nvnodes=$(ls /dev/nvidia* 2>/dev/null | tr '\n' ' ')
gpu_missing=()
[ -n "$nvnodes" ] || gpu_missing+=("NVIDIA device nodes /dev/nvidia* (no GPU or no driver)")
# NVIDIA's ICD: a vendors file naming it, or the library itself (containers often
# mount libnvidia-opencl.so.1 without /etc/OpenCL/vendors/nvidia.icd: then a private
# vendors directory names it, through OCL_ICD_VENDORS)
icd=$(grep -ls nvidia /etc/OpenCL/vendors/*.icd 2>/dev/null | head -n 1)
if [ -z "$icd" ]; then
        lib=$(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1 / { print $NF; exit }')
        [ -z "$lib" ] && lib=$(ls /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1 \
                /usr/local/nvidia/lib64/libnvidia-opencl.so.1 2>/dev/null | head -n 1)
        if [ -n "$lib" ]; then
                mkdir -p "$out/icd"
                echo "$lib" >"$out/icd/nvidia.icd"
                export OCL_ICD_VENDORS=$out/icd
                icd="$out/icd/nvidia.icd (-> $lib)"
                nvlib=$lib
        else
                gpu_missing+=("NVIDIA's OpenCL ICD (libnvidia-opencl.so.1, from the driver)")
        fi
fi
# Without the ICD loader, libtrueno can use NVIDIA's ICD library directly, through
# its dispatch table (TRUENO_OPENCL_LIBRARY).
if [ "$have_loader" = 0 ]; then
        [ -z "${nvlib:-}" ] && [ -n "$icd" ] && nvlib=$(head -n 1 "$icd")
        if [ -n "${nvlib:-}" ]; then
                export TRUENO_OPENCL_LIBRARY=$nvlib
                say "no libOpenCL.so.1: libtrueno loads the ICD $nvlib directly"
        else
                gpu_missing+=("the OpenCL ICD loader libOpenCL.so.1 (Debian: ocl-icd-libopencl1)")
        fi
fi
say "nvidia nodes present: ${nvnodes:-none}"
say "opencl icd: ${icd:-none}"
command -v nvidia-smi >/dev/null 2>&1 &&
        say "nvidia-smi: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>&1 | head -n 1)"
if [ "$nogpu" = 1 ]; then
        for m in "${gpu_missing[@]+"${gpu_missing[@]}"}"; do say "missing (ignored, no-GPU run): $m"; done
else
        missing+=("${gpu_missing[@]+"${gpu_missing[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
        for m in "${missing[@]}"; do say "MISSING: $m"; done
        say "real-gpu-check: cannot run: ${#missing[@]} thing(s) missing (nothing was installed)"
        exit 2
fi

# ---------------------------------------------------------------- 2. build
b=${REAL_GPU_CHECK_BUILD:-$out/build} # an existing build tree may be reused
say "building in $b"
if [ ! -f "$b/build.ninja" ]; then
        timeout "$(left)" meson setup "$b" "$root" -Dbuildtype=debugoptimized >"$out/meson-setup.log" 2>&1 || {
                tail -n 15 "$out/meson-setup.log" | tee -a "$summary"
                say "real-gpu-check: meson setup failed (log: $out/meson-setup.log)"
                exit 2
        }
fi
timeout "$(left)" ninja -C "$b" >"$out/ninja.log" 2>&1 || {
        tail -n 20 "$out/ninja.log" | tee -a "$summary"
        say "real-gpu-check: build failed (log: $out/ninja.log)"
        exit 1
}
ex=$b/examples
export POCL_CACHE_DIR=$out/pocl-cache # only used where PoCL is the device

# ---------------------------------------------------------------- 3. OpenCL on the GPU
for mode in device lazy; do
        timeout 180 "$b/tests/unit/trueno/test_trueno_opencl" "$mode" >"$out/opencl-$mode.log" 2>&1
        rc=$?
        grep '^# ' "$out/opencl-$mode.log" | grep -v seed | sed "s/^/  [$mode] /" | tee -a "$summary"
        check "libtrueno OpenCL tests ($mode)" "$([ $rc = 0 ] && echo 0 || echo 1)" \
                "exit $rc (log: $out/opencl-$mode.log)"
done
if [ "$nogpu" != 1 ]; then
        grep -qi 'nvidia' "$out/opencl-device.log"
        check "OpenCL device is NVIDIA's" $? "$(grep -m1 '# device=' "$out/opencl-device.log")"
fi

# ---------------------------------------------------------------- 4. renacerd
rd=$(mktemp -d /tmp/real-gpu-check-rd.XXXXXX)
"$b/daemon/renacerd" --socket "$rd/sock" --metrics-listen off >"$out/renacerd.log" 2>&1 &
rdpid=$!
trap 'kill $rdpid 2>/dev/null; wait $rdpid 2>/dev/null; rm -rf "$rd"' EXIT
for _ in $(seq 100); do
        [ -S "$rd/sock" ] && break
        sleep 0.1
done
if ! [ -S "$rd/sock" ]; then
        cat "$out/renacerd.log" | tee -a "$summary"
        say "real-gpu-check: renacerd did not start"
        exit 1
fi
ctl() { "$b/cli/renacerctl" "$@"; }

# The heuristic with its defaults (/dev/nvidia*, major 195, ...), flagging at 50%.
cat >"$out/gpu-policy.yaml" <<'EOF'
version: 1
gpu:
  use_defaults: true
assertions:
  - name: real_gpu_pcie_bottleneck
    type: anti_pattern
    pattern: PCIeBottleneck
    threshold: 0.5
    fail_on_violation: true
EOF

# counts NAME TRACE TRANSFERS: /dev/nvidia* opens and the calls on their fds, over
# the whole run and within the transfer phase, per transfer there.
counts() {
        awk -v name="$1" -v transfers="$3" '
        function strip(s) { sub(/^\[pid +[0-9]+\] +/, "", s); return s }
        function retval(s,   t) { t = s; sub(/.*\) += /, "", t); sub(/ .*/, "", t); return t }
        {
                line = strip($0)
                if (line ~ /^access\("gpu_transfer:transfers-begin"/) { phase = 1; next }
                if (line ~ /^access\("gpu_transfer:transfers-end"/) { phase = 2; next }
                call = line; sub(/\(.*/, "", call)
                if (call ~ /^open(at)?$/ && line ~ /"\/dev\/nvidia/) {
                        p = line; sub(/^[^"]*"/, "", p); sub(/".*/, "", p)
                        fd = retval(line)
                        if (fd ~ /^[0-9]+$/) { node[fd] = p; opened[p]++ }
                        if (phase == 1) ph_calls["open " p]++
                        next
                }
                if (call == "close") {
                        a = line; sub(/^close\(/, "", a); sub(/\).*/, "", a)
                        if (a in node) delete node[a]
                        next
                }
                fdarg = ""
                if (call ~ /^(ioctl|read|write|pread64|pwrite64|readv|writev|poll|fcntl)$/) {
                        fdarg = line; sub(/^[a-z0-9]+\(/, "", fdarg); sub(/[,)].*/, "", fdarg)
                } else if (call == "mmap") {
                        n = split(line, f, ", ")
                        if (n >= 5) fdarg = f[5]
                }
                if (fdarg != "" && (fdarg in node)) {
                        key = call " " node[fdarg]
                        if (call == "ioctl") {
                                r = line; sub(/^ioctl\([0-9]+, /, "", r); sub(/[,)].*/, "", r)
                                key = key " " r
                        }
                        all[key]++
                        if (phase == 1) ph[key]++
                } else if (phase == 1 && call ~ /^(futex|poll|ppoll|epoll_wait|epoll_pwait|sched_yield|nanosleep|clock_nanosleep|select|pselect6)$/) {
                        sync[call]++
                } else if (phase == 1 && call ~ /^[a-z_0-9]+$/) {
                        other[call]++
                }
        }
        END {
                printf "== %s: /dev/nvidia* opened:", name
                for (p in opened) printf " %s(x%d)", p, opened[p]
                printf "\n"
                printf "%-56s %10s %14s %16s\n", "call on a /dev/nvidia* fd", "whole run", "transfer phase", "per transfer"
                for (k in all)
                        printf "%-56s %10d %14d %16.2f\n", k, all[k], ph[k], transfers ? ph[k] / transfers : 0
                for (k in sync)
                        printf "%-56s %10s %14d %16.2f\n", "sync: " k, "-", sync[k], transfers ? sync[k] / transfers : 0
                for (k in other)
                        printf "%-56s %10s %14d %16.2f\n", "other: " k, "-", other[k], transfers ? other[k] / transfers : 0
                if (phase != 2) printf "(no complete transfer phase in this trace)\n"
        }' "$2"
}

# trace NAME TRANSFERS CMD...: text trace + policy verdict
trace() {
        local name=$1 transfers=$2
        shift 2
        timeout "$(left)" env TRUENO_BACKEND=opencl "$b/cli/renacerctl" run --socket "$rd/sock" -f \
                -o "$out/$name.trace" --policy "$out/gpu-policy.yaml" -- "$@" \
                >"$out/$name.stdout" 2>"$out/$name.verdict"
        echo $? >"$out/$name.rc"
        counts "$name" "$out/$name.trace" "$transfers" >"$out/$name.counts"
        cat "$out/$name.counts" | tee -a "$summary"
        sed 's/^/  /' "$out/$name.verdict" | tee -a "$summary"
        sed 's/^/  stdout: /' "$out/$name.stdout" | tee -a "$summary"
}

# ---------------------------------------------------------------- 5. the runs
for e in backend_detection matrix_operations activation_functions performance_demo ml_similarity; do
        trace "$e" 0 "$ex/$e"
done
trace chatty 8000 "$ex/gpu_transfer" --opencl --chatty # 4000 writes + 4000 reads
trace batched 3 "$ex/gpu_transfer" --opencl --batched  # 2 uploads + 1 read back

# control: the device-node fixture (/dev/zero standing in for a GPU, as in CI), so a
# wrong verdict on the GPU cannot be a broken tracer
timeout "$(left)" "$b/cli/renacerctl" run --socket "$rd/sock" -o "$out/control.trace" \
        --policy "$root/policies/examples/gpu_transfer.yaml" -- "$ex/gpu_transfer" /dev/zero --chatty \
        >"$out/control.stdout" 2>"$out/control.verdict"
control_rc=$?
sed 's/^/  [control] /' "$out/control.verdict" | tee -a "$summary"
if [ "$nogpu" = 1 ]; then
        say "control (not judged, no-GPU run): exit $control_rc"
else
        # timing-based: on a machine with CPU hogs beside it the fixture can slip
        # under the threshold (policies/examples/gpu_transfer.yaml)
        grep -q 'WARNING: PCIe bottleneck suspected' "$out/control.verdict" && [ "$control_rc" = 113 ]
        check "control: /dev/zero chatty fixture flagged" $? "exit $control_rc (load $(cut -d' ' -f1 /proc/loadavg))"
fi

# ---------------------------------------------------------------- 6. verdicts
for m in chatty batched; do
        grep -q 'buffers=device' "$out/$m.stdout"
        check "gpu_transfer --opencl --$m ran on the device" $? "$(cat "$out/$m.stdout")"
done
chatty_rc=$(cat "$out/chatty.rc")
batched_rc=$(cat "$out/batched.rc")
if [ "$nogpu" = 1 ]; then
        say "verdicts (not judged, no-GPU run): chatty exit $chatty_rc, batched exit $batched_rc"
else
        grep -q 'WARNING: PCIe bottleneck suspected' "$out/chatty.verdict" && [ "$chatty_rc" = 113 ]
        check "heuristic flags chatty" $? "exit $chatty_rc; $(grep -m1 -E 'FAIL|PASS' "$out/chatty.verdict")"
        ! grep -q 'WARNING: PCIe bottleneck suspected' "$out/batched.verdict" && [ "$batched_rc" = 0 ]
        check "heuristic leaves batched alone" $? "exit $batched_rc; $(grep -m1 -E 'FAIL|PASS' "$out/batched.verdict")"
fi
say "real-gpu-check: $failures failure(s) in $(($(date +%s) - start)) s; summary in $summary"
[ "$failures" = 0 ]
