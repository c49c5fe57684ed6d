/* SPDX-License-Identifier: MIT */
/* Public entry points: validate once, then hand over to the active backend. */
#include <errno.h>
#include <stdint.h>

#include "internal.h"

/* Largest element count whose byte size still fits a ptrdiff_t, so that pointer
 * arithmetic over the whole buffer is defined. */
#define MAX_ELEMS ((size_t)PTRDIFF_MAX / sizeof(float))

static int check_vec(const void *p, size_t n)
{
        if (n > MAX_ELEMS)
                return -EOVERFLOW;
        if (n && !p)
                return -EINVAL;
        return 0;
}

static int mul_size(size_t a, size_t b, size_t *out)
{
        if (a && b > MAX_ELEMS / a)
                return -EOVERFLOW;
        *out = a * b;
        return 0;
}

static int overlaps(const float *a, size_t na, const float *b, size_t nb)
{
        uintptr_t a0 = (uintptr_t)a, b0 = (uintptr_t)b;

        if (!na || !nb)
                return 0;
        return a0 < b0 + nb * sizeof(float) && b0 < a0 + na * sizeof(float);
}

/* In-place (identical pointers) is fine for streaming kernels; any other overlap would
 * let a vector store clobber inputs not yet read. */
static int bad_alias(const float *in, const float *out, size_t n)
{
        return in != out && overlaps(in, n, out, n);
}

static int check_map1(const float *x, const float *out, size_t n)
{
        int r = check_vec(x, n);

        if (r == 0)
                r = check_vec(out, n);
        if (r == 0 && bad_alias(x, out, n))
                r = -EINVAL;
        return r;
}

static int check_map2(const float *a, const float *b, const float *out, size_t n)
{
        int r = check_map1(a, out, n);

        if (r == 0)
                r = check_vec(b, n);
        if (r == 0 && bad_alias(b, out, n))
                r = -EINVAL;
        return r;
}

#define MAP2(opname)                                                                               \
        int trueno_##opname(const float *a, const float *b, float *out, size_t n)                  \
        {                                                                                          \
                int r = check_map2(a, b, out, n);                                                  \
                if (r < 0)                                                                         \
                        return r;                                                                  \
                if (n)                                                                             \
                        trueno_active()->opname(a, b, out, n);                                     \
                return 0;                                                                          \
        }

MAP2(add)
MAP2(sub)
MAP2(mul)
MAP2(div)

int trueno_scale(const float *x, float alpha, float *out, size_t n)
{
        int r = check_map1(x, out, n);

        if (r < 0)
                return r;
        if (n)
                trueno_active()->scale(x, alpha, out, n);
        return 0;
}

int trueno_fma(const float *a, const float *b, const float *c, float *out, size_t n)
{
        int r = check_map2(a, b, out, n);

        if (r == 0)
                r = check_vec(c, n);
        if (r == 0 && bad_alias(c, out, n))
                r = -EINVAL;
        if (r < 0)
                return r;
        if (n)
                trueno_active()->fma(a, b, c, out, n);
        return 0;
}

int trueno_abs(const float *x, float *out, size_t n)
{
        int r = check_map1(x, out, n);

        if (r < 0)
                return r;
        if (n)
                trueno_active()->abs(x, out, n);
        return 0;
}

int trueno_clamp(const float *x, float lo, float hi, float *out, size_t n)
{
        int r = check_map1(x, out, n);

        if (r < 0)
                return r;
        /* !(lo <= hi) also rejects NaN bounds, which would make the result depend on
         * comparison order rather than on the data. */
        if (!(lo <= hi))
                return -EINVAL;
        if (n)
                trueno_active()->clamp(x, lo, hi, out, n);
        return 0;
}

int trueno_lerp(const float *a, const float *b, float t, float *out, size_t n)
{
        int r = check_map2(a, b, out, n);

        if (r < 0)
                return r;
        if (n)
                trueno_active()->lerp(a, b, t, out, n);
        return 0;
}

/* ---- reductions ---- */

static int check_red(const float *x, size_t n, const void *out, int need_nonempty)
{
        int r = check_vec(x, n);

        if (r < 0)
                return r;
        if (!out || (need_nonempty && n == 0))
                return -EINVAL;
        return 0;
}

int trueno_dot(const float *a, const float *b, size_t n, float *out)
{
        int r = check_red(a, n, out, 0);

        if (r == 0)
                r = check_vec(b, n);
        if (r < 0)
                return r;
        *out = n ? trueno_active()->dot(a, b, n) : 0.0f;
        return 0;
}

#define RED1(opname, field, empty_ok)                                                              \
        int trueno_##opname(const float *x, size_t n, float *out)                                  \
        {                                                                                          \
                int r = check_red(x, n, out, !(empty_ok));                                         \
                if (r < 0)                                                                         \
                        return r;                                                                  \
                *out = n ? trueno_active()->field(x, n) : 0.0f;                                    \
                return 0;                                                                          \
        }

RED1(sum, sum, 1)
RED1(min, min, 0)
RED1(max, max, 0)
RED1(norm_l1, norm_l1, 1)
RED1(norm_linf, norm_linf, 1)

int trueno_sum_kahan(const float *x, size_t n, float *out)
{
        const struct trueno_kernels *k;
        float s;
        int r = check_red(x, n, out, 0);

        if (r < 0)
                return r;
        if (n == 0) {
                *out = 0.0f;
                return 0;
        }
        k = trueno_active();
        s = k->sum_kahan(x, n);
        /* Once the running sum is infinite the compensation is Inf - Inf = NaN and
         * poisons the rest ({1, Inf, 2} would give NaN).  A NaN result is then
         * recomputed plainly: that is NaN only where IEEE says so (a NaN input, or
         * +Inf and -Inf together), and +-Inf for infinite terms of one sign. */
        if (s != s)
                s = k->sum(x, n);
        *out = s;
        return 0;
}

/*
 * Squares of floats leave float range: |x| above about 1.8e19 overflows, |x| below
 * about 1e-19 underflows (norm_l2({1e-40}) came out 0).  The SIMD kernels run first;
 * when their float sum of squares is outside [SQ_SAFE_MIN, FLT_MAX] the result is
 * recomputed in double, where the square of any float is exact and neither
 * overflows nor underflows (floats span 2^-149..2^128, their squares 2^-298..2^256,
 * doubles 2^-1074..2^1024), so no scaling pass is needed, and the error is far
 * inside the float bounds.  Above SQ_SAFE_MIN, the terms lost to underflow (each
 * under 2^-149 absolute) change the sum by at most n 2^-49 relative.
 */
#define SQ_SAFE_MIN 0x1p-100f

static int sq_in_range(float ss)
{
        return ss >= SQ_SAFE_MIN && ss <= 0x1.fffffep127f;
}

/* sum of (a_i - b_i)^2, or of a_i^2 when b is NULL, in double */
static double sumsq_double(const float *a, const float *b, size_t n)
{
        double s0 = 0.0, s1 = 0.0;
        size_t i = 0;

        for (; i + 2 <= n; i += 2) {
                double d0 = b ? (double)a[i] - b[i] : a[i];
                double d1 = b ? (double)a[i + 1] - b[i + 1] : a[i + 1];

                s0 += d0 * d0;
                s1 += d1 * d1;
        }
        if (i < n) {
                double d = b ? (double)a[i] - b[i] : a[i];

                s0 += d * d;
        }
        return s0 + s1;
}

int trueno_norm_l2(const float *x, size_t n, float *out)
{
        float ss;
        int r = check_red(x, n, out, 0);

        if (r < 0)
                return r;
        if (n == 0) {
                *out = 0.0f;
                return 0;
        }
        ss = trueno_active()->sumsq(x, n);
        *out =
            sq_in_range(ss) ? __builtin_sqrtf(ss) : (float)__builtin_sqrt(sumsq_double(x, NULL, n));
        return 0;
}

int trueno_argmin(const float *x, size_t n, size_t *out)
{
        int r = check_red(x, n, out, 1);

        if (r < 0)
                return r;
        *out = trueno_active()->argmin(x, n);
        return 0;
}

int trueno_argmax(const float *x, size_t n, size_t *out)
{
        int r = check_red(x, n, out, 1);

        if (r < 0)
                return r;
        *out = trueno_active()->argmax(x, n);
        return 0;
}

int trueno_mean(const float *x, size_t n, float *out)
{
        int r = check_red(x, n, out, 1);

        if (r < 0)
                return r;
        *out = trueno_active()->sum(x, n) / (float)n;
        return 0;
}

/* Population variance, in double when the float deviations' squares leave range
 * (see SQ_SAFE_MIN): the variance of values around 1e-40 is about 1e-80, which
 * only a double holds, and its square root (the stddev) is a float again. */
static double variance_any(const float *x, size_t n)
{
        const struct trueno_kernels *k = trueno_active();
        double s = 0.0, m, v = 0.0;
        float sq;

        /* Two passes: the textbook E[x^2] - E[x]^2 cancels catastrophically in float. */
        sq = k->sqdev(x, n, k->sum(x, n) / (float)n);
        if (sq_in_range(sq))
                return (double)(sq / (float)n);
        for (size_t i = 0; i < n; i++)
                s += x[i];
        m = s / (double)n;
        for (size_t i = 0; i < n; i++)
                v += (x[i] - m) * (x[i] - m);
        return v / (double)n;
}

int trueno_variance(const float *x, size_t n, float *out)
{
        int r = check_red(x, n, out, 1);

        if (r < 0)
                return r;
        *out = (float)variance_any(x, n);
        return 0;
}

int trueno_stddev(const float *x, size_t n, float *out)
{
        int r = check_red(x, n, out, 1);

        if (r < 0)
                return r;
        *out = (float)__builtin_sqrt(variance_any(x, n));
        return 0;
}

/* ---- activations ---- */

#define ACT(opname)                                                                                \
        int trueno_##opname(const float *x, float *out, size_t n)                                  \
        {                                                                                          \
                int r = check_map1(x, out, n);                                                     \
                if (r < 0)                                                                         \
                        return r;                                                                  \
                if (n)                                                                             \
                        trueno_active()->opname(x, out, n);                                        \
                return 0;                                                                          \
        }

ACT(relu)
ACT(sigmoid)
ACT(tanh)
ACT(gelu)
ACT(swish)
ACT(softmax)
ACT(log_softmax)

int trueno_leaky_relu(const float *x, float alpha, float *out, size_t n)
{
        int r = check_map1(x, out, n);

        if (r < 0)
                return r;
        if (n)
                trueno_active()->leaky_relu(x, alpha, out, n);
        return 0;
}

int trueno_elu(const float *x, float alpha, float *out, size_t n)
{
        int r = check_map1(x, out, n);

        if (r < 0)
                return r;
        if (n)
                trueno_active()->elu(x, alpha, out, n);
        return 0;
}

/* ---- similarity ---- */

static int check_pair(const float *a, const float *b, size_t n, const float *out)
{
        int r = check_red(a, n, out, 0);

        if (r == 0)
                r = check_vec(b, n);
        return r;
}

int trueno_cosine_similarity(const float *a, const float *b, size_t n, float *out)
{
        float ab, aa, bb, c;
        int r = check_pair(a, b, n, out);

        if (r < 0)
                return r;
        if (n == 0)
                return -EINVAL;
        trueno_active()->dot3(a, b, n, &ab, &aa, &bb);
        if (sq_in_range(aa) && sq_in_range(bb) && aa <= 0x1p120f && bb <= 0x1p120f) {
                /* |ab| <= sqrt(aa bb): no partial sum of ab overflowed either */
                c = ab / (__builtin_sqrtf(aa) * __builtin_sqrtf(bb));
        } else {
                /* Out of float range (|x| ~ 1e19 overflowed, 1e-25 underflowed to a
                 * false zero norm): again in double, where products of floats are
                 * exact and in range.  Only an all-zero vector has a zero norm. */
                double dab = 0.0, daa = 0.0, dbb = 0.0;

                for (size_t i = 0; i < n; i++) {
                        dab += (double)a[i] * b[i];
                        daa += (double)a[i] * a[i];
                        dbb += (double)b[i] * b[i];
                }
                if (daa == 0.0 || dbb == 0.0)
                        return -EDOM;
                c = (float)(dab / (__builtin_sqrt(daa) * __builtin_sqrt(dbb)));
        }
        /* Rounding can push |c| a hair past 1; callers feed it to acos() and friends. */
        if (c > 1.0f)
                c = 1.0f;
        else if (c < -1.0f)
                c = -1.0f;
        *out = c;
        return 0;
}

int trueno_euclidean_distance(const float *a, const float *b, size_t n, float *out)
{
        float ss;
        int r = check_pair(a, b, n, out);

        if (r < 0)
                return r;
        if (n == 0) {
                *out = 0.0f;
                return 0;
        }
        ss = trueno_active()->sqdist(a, b, n);
        *out = sq_in_range(ss) ? __builtin_sqrtf(ss) : (float)__builtin_sqrt(sumsq_double(a, b, n));
        return 0;
}

int trueno_manhattan_distance(const float *a, const float *b, size_t n, float *out)
{
        int r = check_pair(a, b, n, out);

        if (r < 0)
                return r;
        *out = n ? trueno_active()->l1dist(a, b, n) : 0.0f;
        return 0;
}

/* ---- matrices ---- */

static int check_mat(const float *p, size_t rows, size_t cols, size_t *elems)
{
        int r = mul_size(rows, cols, elems);

        if (r < 0)
                return r;
        return check_vec(p, *elems);
}

int trueno_matmul(const float *a, size_t a_rows, size_t a_cols, const float *b, size_t b_rows,
                  size_t b_cols, float *c, size_t c_rows, size_t c_cols)
{
        size_t na, nb, nc;
        int r;

        if ((r = check_mat(a, a_rows, a_cols, &na)) < 0 ||
            (r = check_mat(b, b_rows, b_cols, &nb)) < 0 ||
            (r = check_mat(c, c_rows, c_cols, &nc)) < 0)
                return r;
        if (a_cols != b_rows || c_rows != a_rows || c_cols != b_cols)
                return -EINVAL;
        if (overlaps(c, nc, a, na) || overlaps(c, nc, b, nb))
                return -EINVAL;
        if (nc == 0)
                return 0;
        /* offload where it pays (or was asked for); any device failure: the CPU */
        if (a_cols && trueno_opencl_wants_matmul(a_rows, a_cols, b_cols) &&
            trueno_opencl_matmul(a, b, c, a_rows, a_cols, b_cols) == 0)
                return 0;
        return trueno_active()->matmul(a, b, c, a_rows, a_cols, b_cols);
}

int trueno_transpose(const float *in, size_t rows, size_t cols, float *out, size_t out_rows,
                     size_t out_cols)
{
        size_t ni, no;
        int r;

        if ((r = check_mat(in, rows, cols, &ni)) < 0 ||
            (r = check_mat(out, out_rows, out_cols, &no)) < 0)
                return r;
        if (out_rows != cols || out_cols != rows || overlaps(in, ni, out, no))
                return -EINVAL;
        if (ni)
                trueno_active()->transpose(in, out, rows, cols);
        return 0;
}

int trueno_matvec(const float *a, size_t rows, size_t cols, const float *x, size_t x_len, float *y,
                  size_t y_len)
{
        size_t na;
        int r;

        if ((r = check_mat(a, rows, cols, &na)) < 0 || (r = check_vec(x, x_len)) < 0 ||
            (r = check_vec(y, y_len)) < 0)
                return r;
        if (x_len != cols || y_len != rows)
                return -EINVAL;
        if (overlaps(y, y_len, a, na) || overlaps(y, y_len, x, x_len))
                return -EINVAL;
        if (rows)
                trueno_active()->matvec(a, x, y, rows, cols);
        return 0;
}

int trueno_vecmat(const float *x, size_t x_len, const float *a, size_t rows, size_t cols, float *y,
                  size_t y_len)
{
        size_t na;
        int r;

        if ((r = check_vec(x, x_len)) < 0 || (r = check_mat(a, rows, cols, &na)) < 0 ||
            (r = check_vec(y, y_len)) < 0)
                return r;
        if (x_len != rows || y_len != cols)
                return -EINVAL;
        if (overlaps(y, y_len, a, na) || overlaps(y, y_len, x, x_len))
                return -EINVAL;
        if (cols)
                trueno_active()->vecmat(x, a, y, rows, cols);
        return 0;
}

/* Natural log for the one value log_softmax needs.  Double arithmetic makes a short
 * series accurate to well under an ulp of the float result. */
float trueno_logf_internal(float x)
{
        union {
                double d;
                uint64_t u;
        } v = {.d = x};
        double m, s, s2, p;
        int e;

        if (!(x > 0.0f) || x == __builtin_inff())
                return x == 0.0f ? -__builtin_inff() : (x > 0.0f ? x : __builtin_nanf(""));
        /* x is a positive normal double here (floats never are subnormal as doubles). */
        e = (int)((v.u >> 52) & 0x7ff) - 1023;
        v.u = (v.u & 0x000fffffffffffffull) | 0x3ff0000000000000ull;
        m = v.d;
        if (m > 1.4142135623730951) {
                m *= 0.5;
                e++;
        }
        /* log(m) = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.172 */
        s = (m - 1.0) / (m + 1.0);
        s2 = s * s;
        p = 1.0 / 13;
        p = p * s2 + 1.0 / 11;
        p = p * s2 + 1.0 / 9;
        p = p * s2 + 1.0 / 7;
        p = p * s2 + 1.0 / 5;
        p = p * s2 + 1.0 / 3;
        p = p * s2 + 1.0;
        return (float)(e * 0.69314718055994530942 + 2.0 * s * p);
}
