/* SPDX-License-Identifier: MIT */
/*
 * libtrueno: SIMD float32 compute kernels with run-time backend dispatch.
 *
 * ERRORS
 *   Every function that can fail returns 0 on success or a negative errno:
 *     -EINVAL     a NULL pointer where data is needed (a NULL vector with n == 0 is
 *                 accepted), mismatched matrix shapes, an output that partially
 *                 overlaps an input, an undefined empty reduction (see below), an
 *                 invalid parameter (clamp with lo > hi or NaN bound), an unknown
 *                 backend.
 *     -EOVERFLOW  a size whose byte count cannot be represented (n * sizeof(float) or
 *                 rows * cols overflows, or exceeds PTRDIFF_MAX bytes).
 *     -EDOM       cosine similarity of a vector whose norm is zero.
 *     -ENOTSUP    the requested backend cannot run on this CPU/OS.
 *     -ENOMEM     scratch memory for the blocked matrix multiply could not be had.
 *   Output parameters are left untouched when an error is returned.  The library never
 *   prints, never aborts and never raises signals: asking for a backend the CPU cannot
 *   execute returns -ENOTSUP instead of dying with SIGILL.
 *
 * ALIASING
 *   Element-wise ops and activations may run in place (out == input) but an output
 *   that partially overlaps an input is rejected with -EINVAL.  Matrix outputs must
 *   not overlap any input at all.
 *
 * EMPTY INPUTS (n == 0)
 *   Element-wise ops and activations (softmax included) do nothing and return 0.
 *   dot, sum, sum_kahan, norm_l1, norm_l2, norm_linf, euclidean and manhattan return 0
 *   with a result of 0.0f (the empty sum).  min, max, argmin, argmax, mean, variance,
 *   stddev and cosine are undefined for n == 0 and return -EINVAL.
 *
 * BACKENDS
 *   scalar, sse2, avx, avx2 (AVX2 + FMA) and avx512 (AVX-512F + AVX2 + FMA).  The CPU
 *   is probed once, on first use, with cpuid and xgetbv so that a backend is only
 *   eligible when the OS also saves the YMM/ZMM register state.  The best eligible
 *   backend is chosen unless overridden:
 *     - environment TRUENO_BACKEND=scalar|sse2|avx|avx2|avx512|auto|opencl, read once at
 *       initialisation.  An unknown name, or a backend the CPU cannot run, is ignored
 *       (auto selection is used) and recorded: trueno_init_status() then returns
 *       -EINVAL or -ENOTSUP so programs can refuse to run with a wrong setting.
 *     - trueno_set_backend() at any time; it is atomic and thread-safe, but switching
 *       while other threads compute only affects calls that start afterwards.
 *
 * OPENCL OFFLOAD
 *   An OpenCL device, loaded at run time (dlopen of libOpenCL.so.1, or of the file
 *   named by TRUENO_OPENCL_LIBRARY, which may also be a vendor's ICD library such as
 *   libnvidia-opencl.so.1 where no ICD loader is installed; there is no link-time
 *   dependency), can take
 *   large matrix products and the trueno_buffer_* operations below.  Nothing is
 *   loaded until a call that may offload: programs that never do keep their system
 *   calls exactly as without OpenCL.  The offload mode:
 *     - TRUENO_BACKEND=opencl (TRUENO_OFFLOAD_FORCE): every trueno_matmul and every
 *       buffer uses the first OpenCL device (GPUs and accelerators first, then any
 *       device, PoCL's CPU device included).  Other operations on host arrays run
 *       on the best CPU backend, which trueno_backend_name() names.
 *     - TRUENO_BACKEND unset or auto (TRUENO_OFFLOAD_AUTO): only a matmul of at
 *       least 2^27 multiply-adds (m k n), or a buffer, loads OpenCL, and only a GPU
 *       or accelerator device is used.  On first use one 512^3 product is timed on
 *       the device (with its transfers) and on the CPU; matmuls go to the device
 *       from 512^3 * t_device / t_cpu multiply-adds on (trueno_opencl_info()).
 *     - TRUENO_BACKEND=<a CPU backend>, or trueno_set_offload(TRUENO_OFFLOAD_OFF):
 *       never.
 *   Any failure falls back to the CPU: no loader, no platform or device (an empty
 *   OCL_ICD_VENDORS directory, say), a build or enqueue error.  The reason is in
 *   trueno_opencl_reason(), and, with TRUENO_BACKEND=opencl, in
 *   trueno_init_status() once the device was tried (first offloading call, or
 *   trueno_opencl_init()): -ENOENT no loadable libOpenCL, -ENODEV no device, -EIO
 *   the device would not set up.  A matmul whose enqueue fails runs on the CPU.
 *   Device results meet the bounds below (sgemm sums in ascending k, one multiply
 *   and one add per term; buffer add/scale are single IEEE operations), but are not
 *   bit-identical to the CPU backends; a device without subnormal support (see its
 *   CL_DEVICE_SINGLE_FP_CONFIG) flushes subnormal inputs and results to zero.
 *
 * NUMERICAL CONTRACT (eps = FLT_EPSILON = 2^-23; "exact" = infinitely precise result
 * for the given float inputs; the scalar backend is the reference)
 *   Element-wise ops (add, sub, mul, div, scale, fma, abs, clamp, lerp) and relu,
 *   leaky_relu produce bit-identical results on every backend.  No backend contracts
 *   a*b+c into a fused operation except trueno_fma, which is fused (one rounding,
 *   like C fmaf) everywhere; CPUs without FMA use an exact emulation.
 *   The transcendental activations (sigmoid, tanh, elu, gelu, swish) use the library's
 *   own exp/expm1 with one operation sequence shared by all backends, so they are also
 *   bit-identical across backends.  Their error against the exact function, with
 *   ulp(y) the spacing of floats at the exact result y, is at most
 *       sigmoid, tanh:  4 ulp        (measured worst 2.8 / 2.4)
 *       elu:            2 ulp        (measured worst 0.85 for alpha = 1)
 *       swish:          5 ulp        (measured worst 3.6)
 *       gelu (tanh form, computed as x * sigmoid(v), v = 1.5957691 * (x + 0.044715 x^3)):
 *                       5 + 4|v| ulp (the |v| term is the float rounding of v amplified
 *                                    by exp; it only matters for x < -1; measured
 *                                    worst 1.4 * (4 + 2|v|))
 *   or an absolute error of FLT_MIN (2^-126), whichever is larger (results that
 *   underflow to subnormals have fewer bits).
 *   Reductions may sum in a different order per backend (and use FMA on avx2/avx512).
 *   For n >= 1, with S = sum of |terms| (x_i for sum and norm_l1, a_i*b_i for dot,
 *   |a_i - b_i| for manhattan, a_ik*b_kj for a matmul entry, and so on), the tested
 *   bounds are:
 *       dot, sum, norm_l1, manhattan, matvec/vecmat/matmul entries (n = the length
 *           summed over):                |result - exact| <= 2 n eps S
 *       mean:                            |result - exact| <= (2n + 1) eps S / n
 *       norm_l2, euclidean:              |result - exact| <= (n + 2) eps |exact|
 *       sum_kahan:                       |result - exact| <= (4 eps + 2 n eps^2) S
 *       variance (population, two-pass; V = exact variance, d = 2 n eps S / n):
 *                                        |result - exact| <= 4 (n + 4) eps V + 2 d^2
 *       stddev: the variance bound carried through the square root (+ 1 eps)
 *       cosine:                          |result - exact| <= 4 (n + 1) eps
 *                                        (result clamped to [-1, 1])
 *       softmax: relative error per output <= (8 + 2n + |x_i - max|) eps;
 *       log_softmax: absolute error <= (8 + 2n + |x_i - max| + |log sum|) eps
 *       min, max, argmin, argmax, norm_linf: exact (same element as the reference;
 *           the sign of a zero result is unspecified).
 *   NaN and Inf propagate as the reference does: element-wise ops follow IEEE 754;
 *   min/max/norm_linf return NaN if any input is NaN, argmin/argmax return the index
 *   of the first NaN; relu/leaky_relu/elu/clamp keep NaN; sigmoid(+-Inf) = 1/0,
 *   tanh(+-Inf) = +-1, gelu/swish(-Inf) = -0, gelu/swish(+Inf) = +Inf; a NaN
 *   anywhere in softmax/log_softmax input makes every output NaN.  NaN payloads are
 *   unspecified.  sum_kahan gives +-Inf for infinite terms of one sign (NaN for both).
 *   RANGE: norm_l2, euclidean, cosine, variance and stddev sum squares in float; when
 *   that sum leaves [2^-100, FLT_MAX] (inputs beyond about 1.8e19 or below about
 *   1e-19, subnormals included) they are recomputed in double, where squares of
 *   floats are exact and in range.  So norm_l2({1e-40}) = 1e-40, cosine of 1e-25 or
 *   1e20 vectors is correct, and +Inf or 0 comes out only where the exact result
 *   itself is beyond float range (a variance of 1e-80 is 0, its stddev 1e-40).  A
 *   subnormal result adds an absolute rounding of 2^-150 to the bounds above.
 */
#ifndef TRUENO_H
#define TRUENO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define TRUENO_API __attribute__((visibility("default")))
#else
#define TRUENO_API
#endif

#define TRUENO_VERSION_MAJOR 0
#define TRUENO_VERSION_MINOR 1
#define TRUENO_VERSION_PATCH 0

enum trueno_backend {
        TRUENO_BACKEND_AUTO = 0, /* best backend the CPU/OS supports */
        TRUENO_BACKEND_SCALAR,
        TRUENO_BACKEND_SSE2,
        TRUENO_BACKEND_AVX,
        TRUENO_BACKEND_AVX2,   /* AVX2 + FMA */
        TRUENO_BACKEND_AVX512, /* AVX-512F (+ AVX2, FMA) */
        TRUENO_BACKEND_COUNT
};

/* Bits returned by trueno_cpu_features(): usable features (CPU and OS support). */
#define TRUENO_CPU_SSE2    (1u << 0)
#define TRUENO_CPU_AVX     (1u << 1)
#define TRUENO_CPU_AVX2    (1u << 2)
#define TRUENO_CPU_FMA     (1u << 3)
#define TRUENO_CPU_AVX512F (1u << 4)

/* ---- version, detection and backend selection ---- */

TRUENO_API const char *trueno_version(void);
TRUENO_API unsigned trueno_cpu_features(void);
/* 0 if TRUENO_BACKEND was absent or valid, -EINVAL if it named no backend, -ENOTSUP if
 * it named a backend this CPU/OS cannot run (auto selection was used instead); with
 * TRUENO_BACKEND=opencl, the OpenCL failure once one happened (see OPENCL OFFLOAD). */
TRUENO_API int trueno_init_status(void);
/* 1 if the backend can run here, 0 if not, -EINVAL for an unknown value. */
TRUENO_API int trueno_backend_supported(enum trueno_backend backend);
/* 0, -ENOTSUP (cannot run here; the active backend is unchanged) or -EINVAL. */
TRUENO_API int trueno_set_backend(enum trueno_backend backend);
/* The active backend, never TRUENO_BACKEND_AUTO. */
TRUENO_API enum trueno_backend trueno_get_backend(void);
/* Name of the active backend: "scalar", "sse2", "avx", "avx2" or "avx512". */
TRUENO_API const char *trueno_backend_name(void);
/* Name of any backend value ("auto" included); NULL for an unknown value. */
TRUENO_API const char *trueno_backend_to_string(enum trueno_backend backend);
/* Parses the names above (case-sensitive); 0 or -EINVAL. */
TRUENO_API int trueno_backend_from_string(const char *name, enum trueno_backend *out);

/* ---- OpenCL offload (see OPENCL OFFLOAD above) ---- */

enum trueno_offload {
        TRUENO_OFFLOAD_AUTO = 0, /* GPUs and accelerators, above the measured size */
        TRUENO_OFFLOAD_OFF,      /* CPU only */
        TRUENO_OFFLOAD_FORCE     /* every matmul and buffer on the OpenCL device */
};

/* 0 or -EINVAL.  FORCE after a failed initialisation keeps using the CPU. */
TRUENO_API int trueno_set_offload(enum trueno_offload mode);
TRUENO_API enum trueno_offload trueno_get_offload(void);
/* Initialise OpenCL now (as the first offloading call would): 0 when a device is
 * ready, -ENOENT/-ENODEV/-EIO when the CPU is used instead, -ENOTSUP when the
 * offload mode is OFF. */
TRUENO_API int trueno_opencl_init(void);
/* 1 not initialised yet, 0 ready, or the negative errno of the failure. */
TRUENO_API int trueno_opencl_status(void);
/* One line: the device name, or why there is none. Never NULL. */
TRUENO_API const char *trueno_opencl_reason(void);
/* Device, type and the measured auto threshold as key=value pairs; snprintf's
 * return, or -EINVAL. */
TRUENO_API int trueno_opencl_info(char *buf, size_t len);

/* ---- buffers: float arrays that live on the OpenCL device while offloading is
 * active (in host memory otherwise, with the same results), so that chains of
 * operations transfer their data once.  Created zero-filled.  Operations take
 * lengths from the buffers and queue work on the device; trueno_buffer_read waits
 * for the queued work, trueno_buffer_finish too.  All operands of one operation
 * must be on the same side (trueno_buffer_on_device), else -EINVAL.  A buffer is
 * not to be used by two threads at once. ---- */

typedef struct trueno_buffer trueno_buffer;

TRUENO_API int trueno_buffer_create(size_t n, trueno_buffer **out);
TRUENO_API void trueno_buffer_destroy(trueno_buffer *b); /* NULL is fine */
TRUENO_API size_t trueno_buffer_length(const trueno_buffer *b);
/* 1 device memory, 0 host memory, -EINVAL for NULL */
TRUENO_API int trueno_buffer_on_device(const trueno_buffer *b);
/* copy n floats to/from elements [off, off + n); -EINVAL past the end */
TRUENO_API int trueno_buffer_write(trueno_buffer *b, size_t off, const float *src, size_t n);
TRUENO_API int trueno_buffer_read(const trueno_buffer *b, size_t off, float *dst, size_t n);
/* out = a + b, out = alpha * x (out may be an input) */
TRUENO_API int trueno_buffer_add(const trueno_buffer *a, const trueno_buffer *b,
                                 trueno_buffer *out);
TRUENO_API int trueno_buffer_scale(const trueno_buffer *x, float alpha, trueno_buffer *out);
/* c = a b with the shapes of trueno_matmul; c must be neither a nor b */
TRUENO_API int trueno_buffer_matmul(const trueno_buffer *a, size_t a_rows, size_t a_cols,
                                    const trueno_buffer *b, size_t b_rows, size_t b_cols,
                                    trueno_buffer *c, size_t c_rows, size_t c_cols);
/* wait for all queued device work; 0 or -EIO */
TRUENO_API int trueno_buffer_finish(void);

/* ---- element-wise: out[i] = f(inputs[i]) ---- */

TRUENO_API int trueno_add(const float *a, const float *b, float *out, size_t n);
TRUENO_API int trueno_sub(const float *a, const float *b, float *out, size_t n);
TRUENO_API int trueno_mul(const float *a, const float *b, float *out, size_t n);
TRUENO_API int trueno_div(const float *a, const float *b, float *out, size_t n);
/* out = alpha * x */
TRUENO_API int trueno_scale(const float *x, float alpha, float *out, size_t n);
/* out = a * b + c with a single rounding (fused) on every backend */
TRUENO_API int trueno_fma(const float *a, const float *b, const float *c, float *out, size_t n);
TRUENO_API int trueno_abs(const float *x, float *out, size_t n);
/* out = min(max(x, lo), hi); NaN x stays NaN; lo > hi or a NaN bound is -EINVAL */
TRUENO_API int trueno_clamp(const float *x, float lo, float hi, float *out, size_t n);
/* out = a + t * (b - a), unfused */
TRUENO_API int trueno_lerp(const float *a, const float *b, float t, float *out, size_t n);

/* ---- reductions ---- */

TRUENO_API int trueno_dot(const float *a, const float *b, size_t n, float *out);
TRUENO_API int trueno_sum(const float *x, size_t n, float *out);
/* compensated (Kahan) summation: error independent of n to first order */
TRUENO_API int trueno_sum_kahan(const float *x, size_t n, float *out);
TRUENO_API int trueno_min(const float *x, size_t n, float *out);
TRUENO_API int trueno_max(const float *x, size_t n, float *out);
/* index of the first minimum/maximum (or of the first NaN) */
TRUENO_API int trueno_argmin(const float *x, size_t n, size_t *out);
TRUENO_API int trueno_argmax(const float *x, size_t n, size_t *out);
TRUENO_API int trueno_norm_l1(const float *x, size_t n, float *out);
TRUENO_API int trueno_norm_l2(const float *x, size_t n, float *out);
TRUENO_API int trueno_norm_linf(const float *x, size_t n, float *out);
TRUENO_API int trueno_mean(const float *x, size_t n, float *out);
/* population variance (divides by n) and its square root */
TRUENO_API int trueno_variance(const float *x, size_t n, float *out);
TRUENO_API int trueno_stddev(const float *x, size_t n, float *out);

/* ---- activations ---- */

TRUENO_API int trueno_relu(const float *x, float *out, size_t n);
/* x < 0 ? alpha * x : x */
TRUENO_API int trueno_leaky_relu(const float *x, float alpha, float *out, size_t n);
/* x < 0 ? alpha * (exp(x) - 1) : x */
TRUENO_API int trueno_elu(const float *x, float alpha, float *out, size_t n);
TRUENO_API int trueno_sigmoid(const float *x, float *out, size_t n);
TRUENO_API int trueno_tanh(const float *x, float *out, size_t n);
/* tanh approximation 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) */
TRUENO_API int trueno_gelu(const float *x, float *out, size_t n);
/* x * sigmoid(x) (SiLU) */
TRUENO_API int trueno_swish(const float *x, float *out, size_t n);
/* exp(x_i - max) / sum_j exp(x_j - max) */
TRUENO_API int trueno_softmax(const float *x, float *out, size_t n);
/* (x_i - max) - log(sum_j exp(x_j - max)) */
TRUENO_API int trueno_log_softmax(const float *x, float *out, size_t n);

/* ---- similarity ---- */

/* dot(a, b) / (|a| |b|), clamped to [-1, 1]; -EDOM if |a| or |b| is 0 */
TRUENO_API int trueno_cosine_similarity(const float *a, const float *b, size_t n, float *out);
/* sqrt(sum (a - b)^2) */
TRUENO_API int trueno_euclidean_distance(const float *a, const float *b, size_t n, float *out);
/* sum |a - b| */
TRUENO_API int trueno_manhattan_distance(const float *a, const float *b, size_t n, float *out);

/* ---- matrices: dense, row-major, contiguous; each operand carries its own shape so
 * mismatches are caught (-EINVAL) ---- */

/* c (a_rows x b_cols) = a (a_rows x a_cols) * b (b_rows x b_cols); needs
 * a_cols == b_rows, c_rows == a_rows, c_cols == b_cols.  a_cols == 0 gives zeros. */
TRUENO_API int trueno_matmul(const float *a, size_t a_rows, size_t a_cols, const float *b,
                             size_t b_rows, size_t b_cols, float *c, size_t c_rows, size_t c_cols);
/* out (cols x rows) = transpose(in (rows x cols)); needs out_rows == cols and
 * out_cols == rows */
TRUENO_API int trueno_transpose(const float *in, size_t rows, size_t cols, float *out,
                                size_t out_rows, size_t out_cols);
/* y (rows) = a (rows x cols) * x (cols) */
TRUENO_API int trueno_matvec(const float *a, size_t rows, size_t cols, const float *x, size_t x_len,
                             float *y, size_t y_len);
/* y (cols) = x (rows)^T * a (rows x cols) */
TRUENO_API int trueno_vecmat(const float *x, size_t x_len, const float *a, size_t rows, size_t cols,
                             float *y, size_t y_len);

#ifdef __cplusplus
}
#endif

#endif /* TRUENO_H */
