/* SPDX-License-Identifier: MIT */
/* Private to libtrueno (and its unit tests, which link the static archive). */
#ifndef TRUENO_INTERNAL_H
#define TRUENO_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "trueno.h"

/* Kernels assume validated arguments: the public wrappers in api.c check pointers,
 * sizes and shapes once so that no backend has to. */
struct trueno_kernels {
        enum trueno_backend id;
        const char *name;
        unsigned required; /* TRUENO_CPU_* bits this backend executes */

        void (*add)(const float *a, const float *b, float *out, size_t n);
        void (*sub)(const float *a, const float *b, float *out, size_t n);
        void (*mul)(const float *a, const float *b, float *out, size_t n);
        void (*div)(const float *a, const float *b, float *out, size_t n);
        void (*scale)(const float *x, float alpha, float *out, size_t n);
        void (*fma)(const float *a, const float *b, const float *c, float *out, size_t n);
        void (*abs)(const float *x, float *out, size_t n);
        void (*clamp)(const float *x, float lo, float hi, float *out, size_t n);
        void (*lerp)(const float *a, const float *b, float t, float *out, size_t n);

        float (*dot)(const float *a, const float *b, size_t n);
        float (*sum)(const float *x, size_t n);
        float (*sum_kahan)(const float *x, size_t n);
        float (*min)(const float *x, size_t n); /* n >= 1 */
        float (*max)(const float *x, size_t n); /* n >= 1 */
        size_t (*argmin)(const float *x, size_t n);
        size_t (*argmax)(const float *x, size_t n);
        float (*norm_l1)(const float *x, size_t n);
        float (*sumsq)(const float *x, size_t n);
        float (*norm_linf)(const float *x, size_t n);
        /* sum of (x_i - mean)^2 */
        float (*sqdev)(const float *x, size_t n, float mean);

        void (*relu)(const float *x, float *out, size_t n);
        void (*leaky_relu)(const float *x, float alpha, float *out, size_t n);
        void (*elu)(const float *x, float alpha, float *out, size_t n);
        void (*sigmoid)(const float *x, float *out, size_t n);
        void (*tanh)(const float *x, float *out, size_t n);
        void (*gelu)(const float *x, float *out, size_t n);
        void (*swish)(const float *x, float *out, size_t n);
        void (*softmax)(const float *x, float *out, size_t n);
        void (*log_softmax)(const float *x, float *out, size_t n);

        /* dot, |a|^2 and |b|^2 in one pass */
        void (*dot3)(const float *a, const float *b, size_t n, float *ab, float *aa, float *bb);
        float (*sqdist)(const float *a, const float *b, size_t n);
        float (*l1dist)(const float *a, const float *b, size_t n);

        int (*matmul)(const float *a, const float *b, float *c, size_t m, size_t k, size_t n);
        void (*transpose)(const float *in, float *out, size_t rows, size_t cols);
        void (*matvec)(const float *a, const float *x, float *y, size_t rows, size_t cols);
        void (*vecmat)(const float *x, const float *a, float *y, size_t rows, size_t cols);
};

extern const struct trueno_kernels trueno_kernels_scalar;
#if TRUENO_X86
extern const struct trueno_kernels trueno_kernels_sse2;
extern const struct trueno_kernels trueno_kernels_avx;
extern const struct trueno_kernels trueno_kernels_avx2;
extern const struct trueno_kernels trueno_kernels_avx512;
#endif

/* The active table; initialises detection and the environment override on first use. */
const struct trueno_kernels *trueno_active(void);

/* log() for the single scalar softmax needs, kept in-house so libtrueno needs no libm. */
float trueno_logf_internal(float x);

/* ---- OpenCL offload (opencl.c) ---- */

/* Auto mode never loads OpenCL for a matmul of fewer multiply-adds (512^3 / 1). */
#define TRUENO_OCL_AUTO_MIN_WORK ((uint64_t)1 << 27)

enum trueno_offload trueno_offload_mode(void);
/* Loads and initialises OpenCL once; 0 when a device is ready, else the -errno of
 * the failure (the CPU is used). */
int trueno_opencl_ensure(void);
/* 1 not tried yet, 0 ready, -errno failed (never initialises) */
int trueno_opencl_state(void);
/* Whether this matmul goes to the device (initialises OpenCL when it might). */
int trueno_opencl_wants_matmul(size_t m, size_t k, size_t n);
/* c = a b on the device through temporary device buffers; 0 or -errno. */
int trueno_opencl_matmul(const float *a, const float *b, float *c, size_t m, size_t k, size_t n);
/* The auto-offload threshold (multiply-adds) from one calibration: a 512^3 product
 * took dev_s seconds on the device (transfers included) and cpu_s on the CPU.
 * At least TRUENO_OCL_AUTO_MIN_WORK; UINT64_MAX for unusable measurements. */
uint64_t trueno_internal_offload_threshold(double dev_s, double cpu_s);
/* trueno_matmul calls computed on the device so far (tests). */
unsigned long trueno_internal_opencl_matmuls(void);
/* ... and those that failed on the device and ran on the CPU. */
unsigned long trueno_internal_opencl_fallbacks(void);
/* The next device matmul fails with err (< 0) before touching the device. */
void trueno_internal_opencl_fail_next(int err);
/* Before the first initialisation: reach the library's functions through the ICD
 * dispatch table even when it exports them (to test that path on PoCL). */
void trueno_internal_opencl_force_icd(int on);

/* ---- test hooks: not part of the API, not exported from the shared library ---- */

/* Features the probe found, before any test mask. */
unsigned trueno_internal_detected_features(void);
/* Pretend the CPU lacks every feature not in mask (~0u restores).  Lets tests reach
 * the -ENOTSUP paths on a CPU that supports every backend.  If the active backend
 * becomes unsupported, auto selection runs again. */
void trueno_internal_set_feature_mask(unsigned mask);
/* Runs the TRUENO_BACKEND handling again, as if the process had just started;
 * returns the new trueno_init_status(). */
int trueno_internal_reinit(void);

#endif /* TRUENO_INTERNAL_H */
