/* SPDX-License-Identifier: MIT */
/*
 * Scalar reference backend.  Plain C loops, compiled with the project flags plus
 * -ffp-contract=off (no silent a*b+c fusion) and -fno-math-errno (so sqrtf is the
 * instruction, not a libm call).  At -O2 GCC does not vectorise these loops: the
 * reductions need reassociation it may not do without -ffast-math, and the
 * element-wise loops would need alias versioning that the -O2 "very cheap" cost
 * model does not allow.  They are what the SIMD backends are measured against.
 *
 * The transcendental activations instantiate vmath.h with one-lane "vectors" so that
 * they are the same operation sequence as the SIMD backends, bit for bit.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fma_emul.h"
#include "internal.h"

typedef float vf;
typedef int vm;

static inline float s_bits_to_float(uint32_t u)
{
        float f;

        memcpy(&f, &u, sizeof(f));
        return f;
}

static inline uint32_t s_float_to_bits(float f)
{
        uint32_t u;

        memcpy(&u, &f, sizeof(u));
        return u;
}

/* Same result as the SIMD V_EXP2I; NaN (which only reaches here when the input
 * already is NaN) is steered away from the undefined float->int conversion. */
static inline float s_exp2i(float k)
{
        if (k != k)
                return 0.0f;
        return s_bits_to_float((uint32_t)(int32_t)((k + 127.0f) * 8388608.0f));
}

#define V_SET1(x)         (x)
#define V_ADD(a, b)       ((a) + (b))
#define V_SUB(a, b)       ((a) - (b))
#define V_MUL(a, b)       ((a) * (b))
#define V_DIV(a, b)       ((a) / (b))
#define V_MIN(a, b)       ((a) < (b) ? (a) : (b))
#define V_MAX(a, b)       ((a) > (b) ? (a) : (b))
#define V_ABS(v)          __builtin_fabsf(v)
#define V_SIGNZERO(v)     s_bits_to_float(s_float_to_bits(v) & 0x80000000u)
#define V_OR_SIGN(m, s)   s_bits_to_float(s_float_to_bits(m) | (s_float_to_bits(s) & 0x80000000u))
#define V_CMPLT(a, b)     ((a) < (b))
#define V_CMPGT(a, b)     ((a) > (b))
#define V_CMPGE(a, b)     ((a) >= (b))
#define V_CMPEQ(a, b)     ((a) == (b))
#define V_SELECT(m, t, f) ((m) ? (t) : (f))
#define V_EXP2I(k)        s_exp2i(k)

#include "vmath.h"

/* ---------------------------------------------------------------- element-wise */

static void s_add(const float *a, const float *b, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = a[i] + b[i];
}

static void s_sub(const float *a, const float *b, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = a[i] - b[i];
}

static void s_mul(const float *a, const float *b, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = a[i] * b[i];
}

static void s_div(const float *a, const float *b, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = a[i] / b[i];
}

static void s_scale(const float *x, float alpha, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = x[i] * alpha;
}

static void s_fma(const float *a, const float *b, const float *c, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = trueno_fma_scalar_exact(a[i], b[i], c[i]);
}

static void s_abs(const float *x, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = __builtin_fabsf(x[i]);
}

static void s_clamp(const float *x, float lo, float hi, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                float v = x[i];

                if (v < lo)
                        v = lo;
                if (v > hi)
                        v = hi;
                out[i] = v;
        }
}

static void s_lerp(const float *a, const float *b, float t, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = a[i] + t * (b[i] - a[i]);
}

/* ---------------------------------------------------------------- reductions */

static float s_dot(const float *a, const float *b, size_t n)
{
        float s = 0.0f;

        for (size_t i = 0; i < n; i++)
                s += a[i] * b[i];
        return s;
}

static float s_sum(const float *x, size_t n)
{
        float s = 0.0f;

        for (size_t i = 0; i < n; i++)
                s += x[i];
        return s;
}

static float s_sum_kahan(const float *x, size_t n)
{
        float s = 0.0f, c = 0.0f;

        for (size_t i = 0; i < n; i++) {
                float y = x[i] - c;
                float t = s + y;

                c = (t - s) - y;
                s = t;
        }
        return s;
}

static float s_min(const float *x, size_t n)
{
        float m = x[0];

        for (size_t i = 0; i < n; i++) {
                if (x[i] != x[i])
                        return __builtin_nanf("");
                if (x[i] < m)
                        m = x[i];
        }
        return m;
}

static float s_max(const float *x, size_t n)
{
        float m = x[0];

        for (size_t i = 0; i < n; i++) {
                if (x[i] != x[i])
                        return __builtin_nanf("");
                if (x[i] > m)
                        m = x[i];
        }
        return m;
}

static size_t s_argmin(const float *x, size_t n)
{
        float bv = x[0];
        size_t best = 0;

        /* the running value (not x[best]) keeps each step independent of the last */
        for (size_t i = 0; i < n; i++) {
                if (x[i] != x[i])
                        return i;
                if (x[i] < bv) {
                        bv = x[i];
                        best = i;
                }
        }
        return best;
}

static size_t s_argmax(const float *x, size_t n)
{
        float bv = x[0];
        size_t best = 0;

        /* the running value (not x[best]) keeps each step independent of the last */
        for (size_t i = 0; i < n; i++) {
                if (x[i] != x[i])
                        return i;
                if (x[i] > bv) {
                        bv = x[i];
                        best = i;
                }
        }
        return best;
}

static float s_norm_l1(const float *x, size_t n)
{
        float s = 0.0f;

        for (size_t i = 0; i < n; i++)
                s += __builtin_fabsf(x[i]);
        return s;
}

static float s_sumsq(const float *x, size_t n)
{
        float s = 0.0f;

        for (size_t i = 0; i < n; i++)
                s += x[i] * x[i];
        return s;
}

static float s_norm_linf(const float *x, size_t n)
{
        float m = 0.0f;

        for (size_t i = 0; i < n; i++) {
                float v = __builtin_fabsf(x[i]);

                if (v != v)
                        return __builtin_nanf("");
                if (v > m)
                        m = v;
        }
        return m;
}

static float s_sqdev(const float *x, size_t n, float mean)
{
        float s = 0.0f;

        for (size_t i = 0; i < n; i++) {
                float d = x[i] - mean;

                s += d * d;
        }
        return s;
}

/* ---------------------------------------------------------------- activations */

static void s_relu(const float *x, float *out, size_t n)
{
        /* x < 0 ? 0 : x keeps NaN and -0, like maxps(0, x) */
        for (size_t i = 0; i < n; i++)
                out[i] = x[i] < 0.0f ? 0.0f : x[i];
}

static void s_leaky_relu(const float *x, float alpha, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = x[i] < 0.0f ? alpha * x[i] : x[i];
}

static void s_elu(const float *x, float alpha, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = vm_elu(x[i], alpha);
}

static void s_sigmoid(const float *x, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = vm_sigmoid(x[i]);
}

static void s_tanh(const float *x, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = vm_tanh(x[i]);
}

static void s_gelu(const float *x, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = vm_gelu(x[i]);
}

static void s_swish(const float *x, float *out, size_t n)
{
        for (size_t i = 0; i < n; i++)
                out[i] = vm_swish(x[i]);
}

static void s_softmax(const float *x, float *out, size_t n)
{
        float m = s_max(x, n), s = 0.0f;

        for (size_t i = 0; i < n; i++) {
                float e = vm_exp(x[i] - m);

                out[i] = e;
                s += e;
        }
        for (size_t i = 0; i < n; i++)
                out[i] = out[i] / s;
}

static void s_log_softmax(const float *x, float *out, size_t n)
{
        float m = s_max(x, n), s = 0.0f, l;

        for (size_t i = 0; i < n; i++)
                s += vm_exp(x[i] - m);
        l = trueno_logf_internal(s);
        for (size_t i = 0; i < n; i++)
                out[i] = (x[i] - m) - l;
}

/* ---------------------------------------------------------------- similarity */

static void s_dot3(const float *a, const float *b, size_t n, float *ab, float *aa, float *bb)
{
        float sab = 0.0f, saa = 0.0f, sbb = 0.0f;

        for (size_t i = 0; i < n; i++) {
                sab += a[i] * b[i];
                saa += a[i] * a[i];
                sbb += b[i] * b[i];
        }
        *ab = sab;
        *aa = saa;
        *bb = sbb;
}

static float s_sqdist(const float *a, const float *b, size_t n)
{
        float s = 0.0f;

        for (size_t i = 0; i < n; i++) {
                float d = a[i] - b[i];

                s += d * d;
        }
        return s;
}

static float s_l1dist(const float *a, const float *b, size_t n)
{
        float s = 0.0f;

        for (size_t i = 0; i < n; i++)
                s += __builtin_fabsf(a[i] - b[i]);
        return s;
}

/* ---------------------------------------------------------------- matrices */

/* i-k-j order with k and j blocked: the B block (KB x JB floats = 64 KiB) is reused
 * by every row of A, and the inner loop streams contiguous rows. */
static int s_matmul(const float *a, const float *b, float *c, size_t m, size_t k, size_t n)
{
        const size_t kb = 128, jb = 128;

        memset(c, 0, m * n * sizeof(float));
        for (size_t j0 = 0; j0 < n; j0 += jb) {
                size_t j1 = j0 + jb < n ? j0 + jb : n;

                for (size_t p0 = 0; p0 < k; p0 += kb) {
                        size_t p1 = p0 + kb < k ? p0 + kb : k;

                        for (size_t i = 0; i < m; i++) {
                                float *cr = c + i * n;

                                for (size_t p = p0; p < p1; p++) {
                                        float av = a[i * k + p];
                                        const float *br = b + p * n;

                                        for (size_t j = j0; j < j1; j++)
                                                cr[j] += av * br[j];
                                }
                        }
                }
        }
        return 0;
}

static void s_transpose(const float *in, float *out, size_t rows, size_t cols)
{
        const size_t bs = 32;

        for (size_t i0 = 0; i0 < rows; i0 += bs)
                for (size_t j0 = 0; j0 < cols; j0 += bs)
                        for (size_t i = i0; i < i0 + bs && i < rows; i++)
                                for (size_t j = j0; j < j0 + bs && j < cols; j++)
                                        out[j * rows + i] = in[i * cols + j];
}

static void s_matvec(const float *a, const float *x, float *y, size_t rows, size_t cols)
{
        for (size_t r = 0; r < rows; r++)
                y[r] = s_dot(a + r * cols, x, cols);
}

static void s_vecmat(const float *x, const float *a, float *y, size_t rows, size_t cols)
{
        memset(y, 0, cols * sizeof(float));
        for (size_t r = 0; r < rows; r++) {
                const float *ar = a + r * cols;

                for (size_t j = 0; j < cols; j++)
                        y[j] += x[r] * ar[j];
        }
}

const struct trueno_kernels trueno_kernels_scalar = {
    .id = TRUENO_BACKEND_SCALAR,
    .name = "scalar",
    .required = 0,
    .add = s_add,
    .sub = s_sub,
    .mul = s_mul,
    .div = s_div,
    .scale = s_scale,
    .fma = s_fma,
    .abs = s_abs,
    .clamp = s_clamp,
    .lerp = s_lerp,
    .dot = s_dot,
    .sum = s_sum,
    .sum_kahan = s_sum_kahan,
    .min = s_min,
    .max = s_max,
    .argmin = s_argmin,
    .argmax = s_argmax,
    .norm_l1 = s_norm_l1,
    .sumsq = s_sumsq,
    .norm_linf = s_norm_linf,
    .sqdev = s_sqdev,
    .relu = s_relu,
    .leaky_relu = s_leaky_relu,
    .elu = s_elu,
    .sigmoid = s_sigmoid,
    .tanh = s_tanh,
    .gelu = s_gelu,
    .swish = s_swish,
    .softmax = s_softmax,
    .log_softmax = s_log_softmax,
    .dot3 = s_dot3,
    .sqdist = s_sqdist,
    .l1dist = s_l1dist,
    .matmul = s_matmul,
    .transpose = s_transpose,
    .matvec = s_matvec,
    .vecmat = s_vecmat,
};
