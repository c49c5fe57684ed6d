/* SPDX-License-Identifier: MIT */
/* CPU probing, backend selection and the TRUENO_BACKEND override. */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if TRUENO_X86
#include <cpuid.h>
#endif

#include "internal.h"

static const char *const backend_names[TRUENO_BACKEND_COUNT] = {
    [TRUENO_BACKEND_AUTO] = "auto", [TRUENO_BACKEND_SCALAR] = "scalar",
    [TRUENO_BACKEND_SSE2] = "sse2", [TRUENO_BACKEND_AVX] = "avx",
    [TRUENO_BACKEND_AVX2] = "avx2", [TRUENO_BACKEND_AVX512] = "avx512",
};

static const struct trueno_kernels *const backend_tables[TRUENO_BACKEND_COUNT] = {
    [TRUENO_BACKEND_SCALAR] = &trueno_kernels_scalar,
#if TRUENO_X86
    [TRUENO_BACKEND_SSE2] = &trueno_kernels_sse2,
    [TRUENO_BACKEND_AVX] = &trueno_kernels_avx,
    [TRUENO_BACKEND_AVX2] = &trueno_kernels_avx2,
    [TRUENO_BACKEND_AVX512] = &trueno_kernels_avx512,
#endif
};

/* 0 = not started, 1 = running, 2 = done.  An atomic once instead of pthread_once:
 * same guarantee, but glibc's pthread_once ends every initialisation with a futex
 * wake syscall, and the examples built on this library are traced workloads. */
static atomic_int init_state;
static unsigned detected;              /* written once inside init_once */
static atomic_uint feature_mask = ~0u; /* test hook only */
static _Atomic(const struct trueno_kernels *) active;
static atomic_int init_status;
static atomic_int offload_mode = TRUENO_OFFLOAD_AUTO;
static atomic_int offload_env_forced; /* TRUENO_BACKEND=opencl */

#if TRUENO_X86
static uint64_t read_xcr0(void)
{
        uint32_t lo, hi;

        /* Only reached when CPUID reports OSXSAVE, so xgetbv cannot fault. */
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        return ((uint64_t)hi << 32) | lo;
}

static unsigned probe_cpu(void)
{
        unsigned eax, ebx, ecx, edx, f = 0;
        uint64_t xcr0 = 0;
        int ymm_os, zmm_os;

        if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
                return 0;
        if (edx & bit_SSE2)
                f |= TRUENO_CPU_SSE2;
        /* A CPU with AVX is useless for it if the OS does not save YMM/ZMM state on
         * context switches; XCR0 says what the OS enabled. */
        if (ecx & bit_OSXSAVE)
                xcr0 = read_xcr0();
        ymm_os = (xcr0 & 0x6) == 0x6;   /* SSE + AVX state */
        zmm_os = (xcr0 & 0xe6) == 0xe6; /* + opmask, ZMM_Hi256, Hi16_ZMM */
        if (ymm_os && (ecx & bit_AVX))
                f |= TRUENO_CPU_AVX;
        if (ymm_os && (ecx & bit_FMA))
                f |= TRUENO_CPU_FMA;
        if (__get_cpuid_max(0, NULL) >= 7) {
                __cpuid_count(7, 0, eax, ebx, ecx, edx);
                if (ymm_os && (ebx & bit_AVX2))
                        f |= TRUENO_CPU_AVX2;
                if (zmm_os && (ebx & bit_AVX512F))
                        f |= TRUENO_CPU_AVX512F;
        }
        return f;
}
#else
static unsigned probe_cpu(void)
{
        return 0;
}
#endif

static unsigned usable_features(void)
{
        return detected & atomic_load(&feature_mask);
}

static int supported_in(enum trueno_backend b, unsigned features)
{
        const struct trueno_kernels *k = backend_tables[b];

        return k && (k->required & features) == k->required;
}

static const struct trueno_kernels *best_backend(unsigned features)
{
        for (int b = TRUENO_BACKEND_COUNT - 1; b > TRUENO_BACKEND_AUTO; b--)
                if (supported_in((enum trueno_backend)b, features))
                        return backend_tables[b];
        return &trueno_kernels_scalar;
}

static int apply_env(void)
{
        const char *v = getenv("TRUENO_BACKEND");
        enum trueno_backend b;

        atomic_store(&active, best_backend(usable_features()));
        atomic_store(&offload_mode, TRUENO_OFFLOAD_AUTO);
        atomic_store(&offload_env_forced, 0);
        if (!v || !*v)
                return 0;
        if (strcmp(v, "opencl") == 0) {
                /* the device is only touched by the first call that offloads */
                atomic_store(&offload_mode, TRUENO_OFFLOAD_FORCE);
                atomic_store(&offload_env_forced, 1);
                return 0;
        }
        if (trueno_backend_from_string(v, &b) < 0)
                return -EINVAL;
        if (b == TRUENO_BACKEND_AUTO)
                return 0;
        /* a named CPU backend means the CPU: no automatic offload */
        atomic_store(&offload_mode, TRUENO_OFFLOAD_OFF);
        if (!supported_in(b, usable_features()))
                return -ENOTSUP;
        atomic_store(&active, backend_tables[b]);
        return 0;
}

static void init(void)
{
        detected = probe_cpu();
        atomic_store(&init_status, apply_env());
}

static void ensure_init(void)
{
        int expected = 0;

        if (atomic_load_explicit(&init_state, memory_order_acquire) == 2)
                return;
        if (atomic_compare_exchange_strong(&init_state, &expected, 1)) {
                init();
                atomic_store_explicit(&init_state, 2, memory_order_release);
                return;
        }
        /* another thread is probing; that takes microseconds */
        while (atomic_load_explicit(&init_state, memory_order_acquire) != 2)
                sched_yield();
}

const struct trueno_kernels *trueno_active(void)
{
        ensure_init();
        return atomic_load_explicit(&active, memory_order_acquire);
}

const char *trueno_version(void)
{
        return "0.1.0";
}

unsigned trueno_cpu_features(void)
{
        ensure_init();
        return usable_features();
}

int trueno_init_status(void)
{
        int st;

        ensure_init();
        st = atomic_load(&init_status);
        if (st == 0 && atomic_load(&offload_env_forced)) {
                int o = trueno_opencl_state();

                if (o < 0)
                        return o;
        }
        return st;
}

enum trueno_offload trueno_offload_mode(void)
{
        ensure_init();
        return (enum trueno_offload)atomic_load(&offload_mode);
}

int trueno_set_offload(enum trueno_offload mode)
{
        if ((unsigned)mode > TRUENO_OFFLOAD_FORCE)
                return -EINVAL;
        ensure_init();
        atomic_store(&offload_mode, mode);
        return 0;
}

enum trueno_offload trueno_get_offload(void)
{
        return trueno_offload_mode();
}

int trueno_opencl_init(void)
{
        if (trueno_offload_mode() == TRUENO_OFFLOAD_OFF)
                return -ENOTSUP;
        return trueno_opencl_ensure();
}

int trueno_opencl_status(void)
{
        return trueno_opencl_state();
}

int trueno_backend_supported(enum trueno_backend backend)
{
        if ((unsigned)backend >= TRUENO_BACKEND_COUNT)
                return -EINVAL;
        ensure_init();
        if (backend == TRUENO_BACKEND_AUTO)
                return 1;
        return supported_in(backend, usable_features());
}

int trueno_set_backend(enum trueno_backend backend)
{
        if ((unsigned)backend >= TRUENO_BACKEND_COUNT)
                return -EINVAL;
        ensure_init();
        if (backend == TRUENO_BACKEND_AUTO) {
                atomic_store(&active, best_backend(usable_features()));
                return 0;
        }
        if (!supported_in(backend, usable_features()))
                return -ENOTSUP;
        atomic_store_explicit(&active, backend_tables[backend], memory_order_release);
        return 0;
}

enum trueno_backend trueno_get_backend(void)
{
        return trueno_active()->id;
}

const char *trueno_backend_name(void)
{
        return trueno_active()->name;
}

const char *trueno_backend_to_string(enum trueno_backend backend)
{
        if ((unsigned)backend >= TRUENO_BACKEND_COUNT)
                return NULL;
        return backend_names[backend];
}

int trueno_backend_from_string(const char *name, enum trueno_backend *out)
{
        if (!name || !out)
                return -EINVAL;
        for (int b = 0; b < TRUENO_BACKEND_COUNT; b++) {
                if (strcmp(name, backend_names[b]) == 0) {
                        *out = (enum trueno_backend)b;
                        return 0;
                }
        }
        return -EINVAL;
}

unsigned trueno_internal_detected_features(void)
{
        ensure_init();
        return detected;
}

void trueno_internal_set_feature_mask(unsigned mask)
{
        const struct trueno_kernels *cur;

        ensure_init();
        atomic_store(&feature_mask, mask);
        cur = atomic_load(&active);
        if (!supported_in(cur->id, usable_features()))
                atomic_store(&active, best_backend(usable_features()));
}

int trueno_internal_reinit(void)
{
        ensure_init();
        atomic_store(&init_status, apply_env());
        return atomic_load(&init_status);
}
