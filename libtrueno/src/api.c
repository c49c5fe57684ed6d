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
RED1(sum_kahan, sum_kahan, 1)
RED1(min, min, 0)
RED1(max, max, 0)
RED1(norm_l1, norm_l1, 1)
RED1(norm_linf, norm_linf, 1)

int trueno_norm_l2(const float *x, size_t n, float *out)
{
        int r = check_red(x, n, out, 0);

        if (r < 0)
                return r;
        *out = n ? __builtin_sqrtf(trueno_active()->sumsq(x, n)) : 0.0f;
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

int trueno_variance(const float *x, size_t n, float *out)
{
        const struct trueno_kernels *k;
        int r = check_red(x, n, out, 1);

        if (r < 0)
                return r;
        /* Two passes: the textbook E[x^2] - E[x]^2 cancels catastrophically in float. */
        k = trueno_active();
        *out = k->sqdev(x, n, k->sum(x, n) / (float)n) / (float)n;
        return 0;
}

int trueno_stddev(const float *x, size_t n, float *out)
{
        float v;
        int r = trueno_variance(x, n, &v);

        if (r < 0)
                return r;
        *out = __builtin_sqrtf(v);
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
        if (aa == 0.0f || bb == 0.0f)
                return -EDOM;
        c = ab / (__builtin_sqrtf(aa) * __builtin_sqrtf(bb));
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
        int r = check_pair(a, b, n, out);

        if (r < 0)
                return r;
        *out = n ? __builtin_sqrtf(trueno_active()->sqdist(a, b, n)) : 0.0f;
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
