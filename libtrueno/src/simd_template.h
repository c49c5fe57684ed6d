/* SPDX-License-Identifier: MIT */
/*
 * Kernels shared by the SIMD backends.  Each backend source defines its vector
 * vocabulary (see vmath.h, plus the names below) and includes this file once, so the
 * sse2/avx/avx2/avx512 tables run one algorithm at different lane widths and cannot
 * drift apart.  Everything here is static: each backend gets its own copy compiled
 * for its own instruction set.
 *
 * Extra vocabulary: VW (lanes), V_LOADU/V_LOAD/V_STOREU, V_ZERO, V_MADD(a,b,c)
 * (a*b+c, fused where the ISA has FMA: reductions and matmul only), V_FMA_EXACT
 * (single rounding, for trueno_fma), V_CMPUNORD, V_MASK_NONE, V_MASK_OR,
 * V_MASK_BITS (lane bitmask), V_HSUM/V_HMIN/V_HMAX, V_LOAD_TAIL(p, cnt) (zero-filled
 * partial load, cnt < VW), V_STORE_TAIL(p, v, cnt), T_MR and T_ROWS(X) (X(0)..X(T_MR-1))
 * for the matmul microkernel, T_KC/T_MC/T_NC blocking, TB and t_transpose_block.
 * T_PREFIX names the kernel table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xmmintrin.h>

#include "internal.h"
#include "vmath.h"

#define T_NR (2 * VW)

static inline size_t t_min(size_t a, size_t b)
{
        return a < b ? a : b;
}

/* ---------------------------------------------------------------- element-wise */

/* Full vectors, then one zero-padded partial vector, so tails take the same
 * operation sequence as the body (padding lanes are computed and dropped). */
#define T_MAP(LOADS, EXPR)                                                                         \
        do {                                                                                       \
                size_t i = 0;                                                                      \
                for (; i + VW <= n; i += VW) {                                                     \
                        LOADS(V_LOADU, i)                                                          \
                        V_STOREU(out + i, (EXPR));                                                 \
                }                                                                                  \
                if (i < n) {                                                                       \
                        LOADS(T_TAIL, i)                                                           \
                        V_STORE_TAIL(out + i, (EXPR), n - i);                                      \
                }                                                                                  \
        } while (0)
#define T_TAIL(p)   V_LOAD_TAIL(p, n - i)
#define T_L1(LD, i) vf v = LD(x + (i));
#define T_L2(LD, i)                                                                                \
        vf va = LD(a + (i));                                                                       \
        vf vb = LD(b + (i));
#define T_L3(LD, i)                                                                                \
        vf va = LD(a + (i));                                                                       \
        vf vb = LD(b + (i));                                                                       \
        vf vc = LD(c + (i));

static void k_add(const float *a, const float *b, float *out, size_t n)
{
        T_MAP(T_L2, V_ADD(va, vb));
}

static void k_sub(const float *a, const float *b, float *out, size_t n)
{
        T_MAP(T_L2, V_SUB(va, vb));
}

static void k_mul(const float *a, const float *b, float *out, size_t n)
{
        T_MAP(T_L2, V_MUL(va, vb));
}

static void k_div(const float *a, const float *b, float *out, size_t n)
{
        T_MAP(T_L2, V_DIV(va, vb));
}

static void k_scale(const float *x, float alpha, float *out, size_t n)
{
        vf al = V_SET1(alpha);

        T_MAP(T_L1, V_MUL(v, al));
}

static void k_fma(const float *a, const float *b, const float *c, float *out, size_t n)
{
        T_MAP(T_L3, V_FMA_EXACT(va, vb, vc));
}

static void k_abs(const float *x, float *out, size_t n)
{
        T_MAP(T_L1, V_ABS(v));
}

static void k_clamp(const float *x, float lo, float hi, float *out, size_t n)
{
        vf l = V_SET1(lo), h = V_SET1(hi);

        /* operand order makes NaN x win, matching the reference's comparisons */
        T_MAP(T_L1, V_MIN(h, V_MAX(l, v)));
}

static void k_lerp(const float *a, const float *b, float t, float *out, size_t n)
{
        vf tv = V_SET1(t);

        T_MAP(T_L2, V_ADD(va, V_MUL(tv, V_SUB(vb, va))));
}

/* ---------------------------------------------------------------- activations */

static void k_relu(const float *x, float *out, size_t n)
{
        vf z = V_ZERO();

        T_MAP(T_L1, V_MAX(z, v));
}

static void k_leaky_relu(const float *x, float alpha, float *out, size_t n)
{
        vf al = V_SET1(alpha), z = V_ZERO();

        T_MAP(T_L1, V_SELECT(V_CMPLT(v, z), V_MUL(al, v), v));
}

static void k_elu(const float *x, float alpha, float *out, size_t n)
{
        vf al = V_SET1(alpha);

        T_MAP(T_L1, vm_elu(v, al));
}

static void k_sigmoid(const float *x, float *out, size_t n)
{
        T_MAP(T_L1, vm_sigmoid(v));
}

static void k_tanh(const float *x, float *out, size_t n)
{
        T_MAP(T_L1, vm_tanh(v));
}

static void k_gelu(const float *x, float *out, size_t n)
{
        T_MAP(T_L1, vm_gelu(v));
}

static void k_swish(const float *x, float *out, size_t n)
{
        T_MAP(T_L1, vm_swish(v));
}

/* ---------------------------------------------------------------- reductions */

/* Four independent accumulators hide add/FMA latency; the tail goes into a padded
 * vector (zeros add nothing). */
#define T_REDUCE(TERM)                                                                             \
        vf s0 = V_ZERO(), s1 = V_ZERO(), s2 = V_ZERO(), s3 = V_ZERO();                             \
        size_t i = 0;                                                                              \
        for (; i + 4 * VW <= n; i += 4 * VW) {                                                     \
                TERM(s0, V_LOADU, i);                                                              \
                TERM(s1, V_LOADU, i + VW);                                                         \
                TERM(s2, V_LOADU, i + 2 * VW);                                                     \
                TERM(s3, V_LOADU, i + 3 * VW);                                                     \
        }                                                                                          \
        for (; i + VW <= n; i += VW)                                                               \
                TERM(s0, V_LOADU, i);                                                              \
        if (i < n)                                                                                 \
                TERM(s1, T_TAIL, i);                                                               \
        return V_HSUM(V_ADD(V_ADD(s0, s1), V_ADD(s2, s3)))

#define TERM_DOT(s, LD, i) s = V_MADD(LD(a + (i)), LD(b + (i)), s)
#define TERM_SUM(s, LD, i) s = V_ADD(s, LD(x + (i)))
#define TERM_L1(s, LD, i)  s = V_ADD(s, V_ABS(LD(x + (i))))
#define TERM_SQ(s, LD, i)                                                                          \
        do {                                                                                       \
                vf v_ = LD(x + (i));                                                               \
                s = V_MADD(v_, v_, s);                                                             \
        } while (0)
#define TERM_SQDIST(s, LD, i)                                                                      \
        do {                                                                                       \
                vf d_ = V_SUB(LD(a + (i)), LD(b + (i)));                                           \
                s = V_MADD(d_, d_, s);                                                             \
        } while (0)
#define TERM_L1DIST(s, LD, i) s = V_ADD(s, V_ABS(V_SUB(LD(a + (i)), LD(b + (i)))))

static float k_dot(const float *a, const float *b, size_t n)
{
        T_REDUCE(TERM_DOT);
}

static float k_sum(const float *x, size_t n)
{
        T_REDUCE(TERM_SUM);
}

static float k_norm_l1(const float *x, size_t n)
{
        T_REDUCE(TERM_L1);
}

static float k_sumsq(const float *x, size_t n)
{
        T_REDUCE(TERM_SQ);
}

static float k_sqdist(const float *a, const float *b, size_t n)
{
        T_REDUCE(TERM_SQDIST);
}

static float k_l1dist(const float *a, const float *b, size_t n)
{
        T_REDUCE(TERM_L1DIST);
}

static float k_sqdev(const float *x, size_t n, float mean)
{
        vf mv = V_SET1(mean);
        vf s0 = V_ZERO(), s1 = V_ZERO();
        size_t i = 0;

        for (; i + 2 * VW <= n; i += 2 * VW) {
                vf d0 = V_SUB(V_LOADU(x + i), mv);
                vf d1 = V_SUB(V_LOADU(x + i + VW), mv);
                s0 = V_MADD(d0, d0, s0);
                s1 = V_MADD(d1, d1, s1);
        }
        for (; i + VW <= n; i += VW) {
                vf d = V_SUB(V_LOADU(x + i), mv);
                s0 = V_MADD(d, d, s0);
        }
        if (i < n) {
                /* padding lanes would contribute mean^2: zero them after subtracting */
                float buf[VW];
                vf d;

                V_STOREU(buf, V_SUB(V_LOAD_TAIL(x + i, n - i), mv));
                for (size_t j = n - i; j < VW; j++)
                        buf[j] = 0.0f;
                d = V_LOADU(buf);
                s1 = V_MADD(d, d, s1);
        }
        return V_HSUM(V_ADD(s0, s1));
}

static void k_dot3(const float *a, const float *b, size_t n, float *ab, float *aa, float *bb)
{
        vf sab0 = V_ZERO(), saa0 = V_ZERO(), sbb0 = V_ZERO();
        vf sab1 = V_ZERO(), saa1 = V_ZERO(), sbb1 = V_ZERO();
        size_t i = 0;

        for (; i + 2 * VW <= n; i += 2 * VW) {
                vf a0 = V_LOADU(a + i), b0 = V_LOADU(b + i);
                vf a1 = V_LOADU(a + i + VW), b1 = V_LOADU(b + i + VW);
                sab0 = V_MADD(a0, b0, sab0);
                saa0 = V_MADD(a0, a0, saa0);
                sbb0 = V_MADD(b0, b0, sbb0);
                sab1 = V_MADD(a1, b1, sab1);
                saa1 = V_MADD(a1, a1, saa1);
                sbb1 = V_MADD(b1, b1, sbb1);
        }
        for (; i + VW <= n; i += VW) {
                vf a0 = V_LOADU(a + i), b0 = V_LOADU(b + i);
                sab0 = V_MADD(a0, b0, sab0);
                saa0 = V_MADD(a0, a0, saa0);
                sbb0 = V_MADD(b0, b0, sbb0);
        }
        if (i < n) {
                vf a1 = V_LOAD_TAIL(a + i, n - i), b1 = V_LOAD_TAIL(b + i, n - i);
                sab1 = V_MADD(a1, b1, sab1);
                saa1 = V_MADD(a1, a1, saa1);
                sbb1 = V_MADD(b1, b1, sbb1);
        }
        *ab = V_HSUM(V_ADD(sab0, sab1));
        *aa = V_HSUM(V_ADD(saa0, saa1));
        *bb = V_HSUM(V_ADD(sbb0, sbb1));
}

#define T_KAHAN(s, c, v)                                                                           \
        do {                                                                                       \
                vf y_ = V_SUB((v), c);                                                             \
                vf t_ = V_ADD(s, y_);                                                              \
                c = V_SUB(V_SUB(t_, s), y_);                                                       \
                s = t_;                                                                            \
        } while (0)

static float k_sum_kahan(const float *x, size_t n)
{
        vf s0 = V_ZERO(), c0 = V_ZERO(), s1 = V_ZERO(), c1 = V_ZERO();
        float lanes[4 * VW], sum = 0.0f, comp = 0.0f;
        size_t i = 0;

        for (; i + 2 * VW <= n; i += 2 * VW) {
                T_KAHAN(s0, c0, V_LOADU(x + i));
                T_KAHAN(s1, c1, V_LOADU(x + i + VW));
        }
        for (; i + VW <= n; i += VW)
                T_KAHAN(s0, c0, V_LOADU(x + i));
        if (i < n)
                T_KAHAN(s1, c1, V_LOAD_TAIL(x + i, n - i));
        /* Fold the lane sums and the (negated) lane compensations with one more
         * compensated pass so the combination does not give back the gain. */
        V_STOREU(lanes, s0);
        V_STOREU(lanes + VW, s1);
        V_STOREU(lanes + 2 * VW, V_SUB(V_ZERO(), c0));
        V_STOREU(lanes + 3 * VW, V_SUB(V_ZERO(), c1));
        for (size_t j = 0; j < 4 * VW; j++) {
                float y = lanes[j] - comp;
                float t = sum + y;
                comp = (t - sum) - y;
                sum = t;
        }
        return sum;
}

/* min/max that also report whether a NaN was seen (x86 min/max drop NaNs depending
 * on operand order, so NaN is tracked on the side). */
#define T_EXTREME(name, VOP, HOP, CMP)                                                             \
        static float name(const float *x, size_t n, int *nan)                                      \
        {                                                                                          \
                vf m0 = V_SET1(x[0]), m1 = m0;                                                     \
                vm bad = V_MASK_NONE;                                                              \
                size_t i = 0;                                                                      \
                float r;                                                                           \
                for (; i + 2 * VW <= n; i += 2 * VW) {                                             \
                        vf v0 = V_LOADU(x + i), v1 = V_LOADU(x + i + VW);                          \
                        bad = V_MASK_OR(bad, V_CMPUNORD(v0, v1));                                  \
                        m0 = VOP(m0, v0);                                                          \
                        m1 = VOP(m1, v1);                                                          \
                }                                                                                  \
                for (; i + VW <= n; i += VW) {                                                     \
                        vf v0 = V_LOADU(x + i);                                                    \
                        bad = V_MASK_OR(bad, V_CMPUNORD(v0, v0));                                  \
                        m0 = VOP(m0, v0);                                                          \
                }                                                                                  \
                r = HOP(VOP(m0, m1));                                                              \
                for (; i < n; i++) {                                                               \
                        float v = x[i];                                                            \
                        if (v != v)                                                                \
                                *nan = 1;                                                          \
                        else if (v CMP r)                                                          \
                                r = v;                                                             \
                }                                                                                  \
                if (V_MASK_BITS(bad))                                                              \
                        *nan = 1;                                                                  \
                return r;                                                                          \
        }

T_EXTREME(t_min_nan, V_MIN, V_HMIN, <)
T_EXTREME(t_max_nan, V_MAX, V_HMAX, >)

static float k_min(const float *x, size_t n)
{
        int nan = 0;
        float r = t_min_nan(x, n, &nan);

        return nan ? __builtin_nanf("") : r;
}

static float k_max(const float *x, size_t n)
{
        int nan = 0;
        float r = t_max_nan(x, n, &nan);

        return nan ? __builtin_nanf("") : r;
}

static float k_norm_linf(const float *x, size_t n)
{
        vf m0 = V_ZERO(), m1 = V_ZERO();
        vm bad = V_MASK_NONE;
        size_t i = 0;
        float r;

        for (; i + 2 * VW <= n; i += 2 * VW) {
                vf v0 = V_LOADU(x + i), v1 = V_LOADU(x + i + VW);
                bad = V_MASK_OR(bad, V_CMPUNORD(v0, v1));
                m0 = V_MAX(m0, V_ABS(v0));
                m1 = V_MAX(m1, V_ABS(v1));
        }
        for (; i + VW <= n; i += VW) {
                vf v0 = V_LOADU(x + i);
                bad = V_MASK_OR(bad, V_CMPUNORD(v0, v0));
                m0 = V_MAX(m0, V_ABS(v0));
        }
        if (i < n) {
                vf v0 = V_LOAD_TAIL(x + i, n - i);
                bad = V_MASK_OR(bad, V_CMPUNORD(v0, v0));
                m0 = V_MAX(m0, V_ABS(v0));
        }
        r = V_HMAX(V_MAX(m0, m1));
        return V_MASK_BITS(bad) ? __builtin_nanf("") : r;
}

/* First index whose value is NaN (want_nan) or equals v; the caller guarantees one. */
static size_t t_find_first(const float *x, size_t n, float v, int want_nan)
{
        vf target = V_SET1(v);
        size_t i = 0;

        for (; i + VW <= n; i += VW) {
                vf xv = V_LOADU(x + i);
                unsigned bits = V_MASK_BITS(want_nan ? V_CMPUNORD(xv, xv) : V_CMPEQ(xv, target));
                if (bits)
                        return i + (size_t)__builtin_ctz(bits);
        }
        for (; i < n; i++)
                if (want_nan ? x[i] != x[i] : x[i] == v)
                        return i;
        return 0;
}

/* Two passes (value, then first position) keep the vector loop free of index
 * bookkeeping and give exactly the reference's "first occurrence" answer. */
static size_t k_argmin(const float *x, size_t n)
{
        int nan = 0;
        float m = t_min_nan(x, n, &nan);

        return t_find_first(x, n, m, nan);
}

static size_t k_argmax(const float *x, size_t n)
{
        int nan = 0;
        float m = t_max_nan(x, n, &nan);

        return t_find_first(x, n, m, nan);
}

/* ---------------------------------------------------------------- softmax */

/* sum of exp(x_i - m), optionally storing the exponentials */
static float t_exp_sum(const float *x, float *out, size_t n, float m)
{
        vf mv = V_SET1(m), s0 = V_ZERO(), s1 = V_ZERO();
        size_t i = 0;
        float s;

        for (; i + 2 * VW <= n; i += 2 * VW) {
                vf e0 = vm_exp(V_SUB(V_LOADU(x + i), mv));
                vf e1 = vm_exp(V_SUB(V_LOADU(x + i + VW), mv));
                if (out) {
                        V_STOREU(out + i, e0);
                        V_STOREU(out + i + VW, e1);
                }
                s0 = V_ADD(s0, e0);
                s1 = V_ADD(s1, e1);
        }
        for (; i + VW <= n; i += VW) {
                vf e0 = vm_exp(V_SUB(V_LOADU(x + i), mv));
                if (out)
                        V_STOREU(out + i, e0);
                s0 = V_ADD(s0, e0);
        }
        s = V_HSUM(V_ADD(s0, s1));
        if (i < n) {
                /* padding lanes hold exp(-m), so add only the real ones */
                float buf[VW];

                V_STOREU(buf, vm_exp(V_SUB(V_LOAD_TAIL(x + i, n - i), mv)));
                for (size_t j = 0; j < n - i; j++) {
                        if (out)
                                out[i + j] = buf[j];
                        s += buf[j];
                }
        }
        return s;
}

static float t_softmax_max(const float *x, size_t n)
{
        int nan = 0;
        float m = t_max_nan(x, n, &nan);

        /* NaN max makes every x_i - m NaN, as in the reference */
        return nan ? __builtin_nanf("") : m;
}

static void k_softmax(const float *x, float *out, size_t n)
{
        float m = t_softmax_max(x, n);
        vf sv = V_SET1(t_exp_sum(x, out, n, m));

        x = out; /* T_MAP reads "x": normalise the stored exponentials in place */
        T_MAP(T_L1, V_DIV(v, sv));
}

static void k_log_softmax(const float *x, float *out, size_t n)
{
        float m = t_softmax_max(x, n);
        vf mv = V_SET1(m);
        vf lv = V_SET1(trueno_logf_internal(t_exp_sum(x, NULL, n, m)));

        T_MAP(T_L1, V_SUB(V_SUB(v, mv), lv));
}

/* ---------------------------------------------------------------- matrix-vector */

/* Four rows per pass share each load of x; two vectors per step give eight
 * independent accumulators to cover FMA latency. */
static void k_matvec(const float *a, const float *x, float *y, size_t rows, size_t cols)
{
        size_t r = 0;

        for (; r + 4 <= rows; r += 4) {
                const float *a0 = a + r * cols, *a1 = a0 + cols, *a2 = a1 + cols, *a3 = a2 + cols;
                vf s0 = V_ZERO(), s1 = V_ZERO(), s2 = V_ZERO(), s3 = V_ZERO();
                vf t0 = V_ZERO(), t1 = V_ZERO(), t2 = V_ZERO(), t3 = V_ZERO();
                size_t i = 0;

                for (; i + 2 * VW <= cols; i += 2 * VW) {
                        vf xa = V_LOADU(x + i), xb = V_LOADU(x + i + VW);

                        s0 = V_MADD(V_LOADU(a0 + i), xa, s0);
                        s1 = V_MADD(V_LOADU(a1 + i), xa, s1);
                        s2 = V_MADD(V_LOADU(a2 + i), xa, s2);
                        s3 = V_MADD(V_LOADU(a3 + i), xa, s3);
                        t0 = V_MADD(V_LOADU(a0 + i + VW), xb, t0);
                        t1 = V_MADD(V_LOADU(a1 + i + VW), xb, t1);
                        t2 = V_MADD(V_LOADU(a2 + i + VW), xb, t2);
                        t3 = V_MADD(V_LOADU(a3 + i + VW), xb, t3);
                }
                for (; i + VW <= cols; i += VW) {
                        vf xa = V_LOADU(x + i);

                        s0 = V_MADD(V_LOADU(a0 + i), xa, s0);
                        s1 = V_MADD(V_LOADU(a1 + i), xa, s1);
                        s2 = V_MADD(V_LOADU(a2 + i), xa, s2);
                        s3 = V_MADD(V_LOADU(a3 + i), xa, s3);
                }
                if (i < cols) {
                        size_t c = cols - i;
                        vf xa = V_LOAD_TAIL(x + i, c);

                        t0 = V_MADD(V_LOAD_TAIL(a0 + i, c), xa, t0);
                        t1 = V_MADD(V_LOAD_TAIL(a1 + i, c), xa, t1);
                        t2 = V_MADD(V_LOAD_TAIL(a2 + i, c), xa, t2);
                        t3 = V_MADD(V_LOAD_TAIL(a3 + i, c), xa, t3);
                }
                y[r] = V_HSUM(V_ADD(s0, t0));
                y[r + 1] = V_HSUM(V_ADD(s1, t1));
                y[r + 2] = V_HSUM(V_ADD(s2, t2));
                y[r + 3] = V_HSUM(V_ADD(s3, t3));
        }
        for (; r < rows; r++)
                y[r] = cols ? k_dot(a + r * cols, x, cols) : 0.0f;
}

/* y = sum_i x_i a_i, column block by column block so the y block stays in L1 while
 * every row streams past it. */
static void k_vecmat(const float *x, const float *a, float *y, size_t rows, size_t cols)
{
        const size_t cb = 1024;

        memset(y, 0, cols * sizeof(float));
        for (size_t j0 = 0; j0 < cols; j0 += cb) {
                size_t n = t_min(cb, cols - j0);
                float *yb = y + j0;

                for (size_t r = 0; r < rows; r++) {
                        const float *ar = a + r * cols + j0;
                        vf xv = V_SET1(x[r]);
                        size_t i = 0;

                        for (; i + VW <= n; i += VW)
                                V_STOREU(yb + i, V_MADD(xv, V_LOADU(ar + i), V_LOADU(yb + i)));
                        if (i < n)
                                V_STORE_TAIL(yb + i,
                                             V_MADD(xv, V_LOAD_TAIL(ar + i, n - i),
                                                    V_LOAD_TAIL(yb + i, n - i)),
                                             n - i);
                }
        }
}

/* ---------------------------------------------------------------- transpose */

static void k_transpose(const float *in, float *out, size_t rows, size_t cols)
{
        /* 64x64 tiles keep both the rows read and the rows written cache resident */
        const size_t bs = 64;

        for (size_t ib = 0; ib < rows; ib += bs) {
                size_t ie = t_min(ib + bs, rows);

                for (size_t jb = 0; jb < cols; jb += bs) {
                        size_t je = t_min(jb + bs, cols);
                        size_t i = ib;

                        for (; i + TB <= ie; i += TB) {
                                size_t j = jb;

                                for (; j + TB <= je; j += TB)
                                        t_transpose_block(in + i * cols + j, cols,
                                                          out + j * rows + i, rows);
                                for (; j < je; j++)
                                        for (size_t ii = i; ii < i + TB; ii++)
                                                out[j * rows + ii] = in[ii * cols + j];
                        }
                        for (; i < ie; i++)
                                for (size_t j = jb; j < je; j++)
                                        out[j * rows + i] = in[i * cols + j];
                }
        }
}

/* ---------------------------------------------------------------- matmul */

/*
 * Goto/BLIS structure: B is packed into KC x NR column panels, A into MR x KC row
 * panels (both contiguous in the order the microkernel walks them), and an MR x NR
 * block of C lives in registers for a whole KC sweep.  Every C element is summed in
 * ascending k, one KC block at a time.
 */

/* A's rows go into the panel as columns: a transpose.  Four rows at a time it is
 * done with 4x4 SSE transposes (every x86 backend has SSE), which costs a fraction
 * of the element-by-element copy it replaces (that copy was about an eighth of a
 * 1024^3 product's time on AVX-512); leftover rows and columns go one by one. */
static void t_pack_a(const float *a, size_t lda, size_t mc, size_t kc, float *ap)
{
        for (size_t ir = 0; ir < mc; ir += T_MR) {
                size_t mr = t_min(T_MR, mc - ir), r = 0;
                const float *blk = a + ir * lda;

                for (; r + 4 <= mr; r += 4) {
                        const float *s0 = blk + r * lda, *s1 = s0 + lda, *s2 = s1 + lda,
                                    *s3 = s2 + lda;
                        size_t p = 0;

                        for (; p + 4 <= kc; p += 4) {
                                __m128 x0 = _mm_loadu_ps(s0 + p), x1 = _mm_loadu_ps(s1 + p);
                                __m128 x2 = _mm_loadu_ps(s2 + p), x3 = _mm_loadu_ps(s3 + p);
                                float *d = ap + p * T_MR + r;

                                _MM_TRANSPOSE4_PS(x0, x1, x2, x3);
                                _mm_storeu_ps(d, x0);
                                _mm_storeu_ps(d + T_MR, x1);
                                _mm_storeu_ps(d + 2 * T_MR, x2);
                                _mm_storeu_ps(d + 3 * T_MR, x3);
                        }
                        for (; p < kc; p++) {
                                ap[p * T_MR + r] = s0[p];
                                ap[p * T_MR + r + 1] = s1[p];
                                ap[p * T_MR + r + 2] = s2[p];
                                ap[p * T_MR + r + 3] = s3[p];
                        }
                }
                for (; r < mr; r++) {
                        const float *src = blk + r * lda;

                        for (size_t p = 0; p < kc; p++)
                                ap[p * T_MR + r] = src[p];
                }
                for (r = mr; r < T_MR; r++)
                        for (size_t p = 0; p < kc; p++)
                                ap[p * T_MR + r] = 0.0f;
                ap += T_MR * kc;
        }
}

/* B row by row: each row of the block is read once, front to back, which the
 * hardware prefetchers follow; walking one NR-wide panel down the rows instead
 * touched a new page (n >= 1024) on every row. */
static void t_pack_b(const float *b, size_t ldb, size_t kc, size_t nc, float *bp)
{
        size_t full = nc / T_NR * T_NR;

        for (size_t p = 0; p < kc; p++) {
                const float *src = b + p * ldb;
                float *dst = bp + p * T_NR;
                size_t jr = 0;

                for (; jr < full; jr += T_NR, dst += kc * T_NR) {
                        V_STOREU(dst, V_LOADU(src + jr));
                        V_STOREU(dst + VW, V_LOADU(src + jr + VW));
                }
                if (jr < nc) {
                        size_t nr = nc - jr;

                        for (size_t j = 0; j < nr; j++)
                                dst[j] = src[jr + j];
                        for (size_t j = nr; j < T_NR; j++)
                                dst[j] = 0.0f;
                }
        }
}

#define T_KDECL(r) vf c##r##_0 = V_ZERO(), c##r##_1 = V_ZERO();
#define T_KSTEP(r)                                                                                 \
        {                                                                                          \
                vf a_ = V_SET1(ap[r]);                                                             \
                c##r##_0 = V_MADD(a_, b0, c##r##_0);                                               \
                c##r##_1 = V_MADD(a_, b1, c##r##_1);                                               \
        }
#define T_KSTORE(r)                                                                                \
        {                                                                                          \
                float *cr = c + (r)*ldc;                                                           \
                if (acc) {                                                                         \
                        c##r##_0 = V_ADD(c##r##_0, V_LOADU(cr));                                   \
                        c##r##_1 = V_ADD(c##r##_1, V_LOADU(cr + VW));                              \
                }                                                                                  \
                V_STOREU(cr, c##r##_0);                                                            \
                V_STOREU(cr + VW, c##r##_1);                                                       \
        }

/* The C tile is touched only after the k loop, one row per ldc (4 KiB apart for
 * n = 1024, so neither in cache nor prefetched by the hardware): asking for its
 * lines first lets those misses overlap the FMAs instead of following them. */
#define T_KPREFETCH(r)                                                                             \
        {                                                                                          \
                _mm_prefetch((const char *)(c + (r)*ldc), _MM_HINT_T0);                            \
                _mm_prefetch((const char *)(c + (r)*ldc + T_NR - 1), _MM_HINT_T0);                 \
        }

static void t_kernel(size_t kc, const float *restrict ap, const float *restrict bp,
                     float *restrict c, size_t ldc, int acc)
{
        T_ROWS(T_KPREFETCH)
        T_ROWS(T_KDECL)
#pragma GCC unroll 4
        for (size_t p = 0; p < kc; p++) {
                vf b0 = V_LOAD(bp), b1 = V_LOAD(bp + VW);

                T_ROWS(T_KSTEP)
                ap += T_MR;
                bp += T_NR;
        }
        T_ROWS(T_KSTORE)
}

/* Row-by-row kernel for products too small to repay packing (and for the tiny
 * matrices of the examples): no allocation, same ascending-k order per element. */
static void t_matmul_small(const float *a, const float *b, float *c, size_t m, size_t k, size_t n)
{
        for (size_t i = 0; i < m; i++) {
                const float *ar = a + i * k;
                float *cr = c + i * n;
                size_t j = 0;

                for (; j + VW <= n; j += VW) {
                        vf s = V_ZERO();
                        for (size_t p = 0; p < k; p++)
                                s = V_MADD(V_SET1(ar[p]), V_LOADU(b + p * n + j), s);
                        V_STOREU(cr + j, s);
                }
                if (j < n) {
                        vf s = V_ZERO();
                        for (size_t p = 0; p < k; p++)
                                s = V_MADD(V_SET1(ar[p]), V_LOAD_TAIL(b + p * n + j, n - j), s);
                        V_STORE_TAIL(cr + j, s, n - j);
                }
        }
}

static void *t_alloc(size_t floats)
{
        size_t bytes = (floats * sizeof(float) + 63) & ~(size_t)63;

        return aligned_alloc(64, bytes);
}

static int k_matmul(const float *a, const float *b, float *c, size_t m, size_t k, size_t n)
{
        float *ap, *bp;

        if (k == 0) {
                memset(c, 0, m * n * sizeof(float));
                return 0;
        }
        if (m < T_MR || n < VW || m * n * k <= (size_t)32 * 32 * 32) {
                t_matmul_small(a, b, c, m, k, n);
                return 0;
        }
        ap = t_alloc(t_min(T_MC, (m + T_MR - 1) / T_MR * T_MR) * t_min(T_KC, k));
        bp = t_alloc(t_min(T_NC, (n + T_NR - 1) / T_NR * T_NR) * t_min(T_KC, k));
        if (!ap || !bp) {
                free(ap);
                free(bp);
                return -ENOMEM;
        }
        for (size_t jc = 0; jc < n; jc += T_NC) {
                size_t nc = t_min(T_NC, n - jc);

                for (size_t pc = 0; pc < k; pc += T_KC) {
                        size_t kc = t_min(T_KC, k - pc);

                        t_pack_b(b + pc * n + jc, n, kc, nc, bp);
                        for (size_t ic = 0; ic < m; ic += T_MC) {
                                size_t mc = t_min(T_MC, m - ic);

                                t_pack_a(a + ic * k + pc, k, mc, kc, ap);
                                for (size_t jr = 0; jr < nc; jr += T_NR) {
                                        size_t nr = t_min(T_NR, nc - jr);

                                        for (size_t ir = 0; ir < mc; ir += T_MR) {
                                                size_t mr = t_min(T_MR, mc - ir);
                                                float *cc = c + (ic + ir) * n + jc + jr;
                                                const float *pa = ap + ir * kc;
                                                const float *pb = bp + jr * kc;
                                                float tile[T_MR * T_NR];

                                                if (mr == T_MR && nr == T_NR) {
                                                        t_kernel(kc, pa, pb, cc, n, pc != 0);
                                                        continue;
                                                }
                                                /* ragged edge: compute the full tile
                                                 * aside and merge the valid part */
                                                t_kernel(kc, pa, pb, tile, T_NR, 0);
                                                for (size_t r = 0; r < mr; r++)
                                                        for (size_t j = 0; j < nr; j++)
                                                                cc[r * n + j] =
                                                                    pc ? cc[r * n + j] +
                                                                             tile[r * T_NR + j]
                                                                       : tile[r * T_NR + j];
                                        }
                                }
                        }
                }
        }
        free(ap);
        free(bp);
        return 0;
}

/* ---------------------------------------------------------------- table */

#define T_CAT2(a, b) a##b
#define T_CAT(a, b)  T_CAT2(a, b)

const struct trueno_kernels T_CAT(trueno_kernels_, T_PREFIX) = {
    .id = T_ID,
    .name = T_NAME,
    .required = T_REQUIRED,
    .add = k_add,
    .sub = k_sub,
    .mul = k_mul,
    .div = k_div,
    .scale = k_scale,
    .fma = k_fma,
    .abs = k_abs,
    .clamp = k_clamp,
    .lerp = k_lerp,
    .dot = k_dot,
    .sum = k_sum,
    .sum_kahan = k_sum_kahan,
    .min = k_min,
    .max = k_max,
    .argmin = k_argmin,
    .argmax = k_argmax,
    .norm_l1 = k_norm_l1,
    .sumsq = k_sumsq,
    .norm_linf = k_norm_linf,
    .sqdev = k_sqdev,
    .relu = k_relu,
    .leaky_relu = k_leaky_relu,
    .elu = k_elu,
    .sigmoid = k_sigmoid,
    .tanh = k_tanh,
    .gelu = k_gelu,
    .swish = k_swish,
    .softmax = k_softmax,
    .log_softmax = k_log_softmax,
    .dot3 = k_dot3,
    .sqdist = k_sqdist,
    .l1dist = k_l1dist,
    .matmul = k_matmul,
    .transpose = k_transpose,
    .matvec = k_matvec,
    .vecmat = k_vecmat,
};
