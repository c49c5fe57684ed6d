/* SPDX-License-Identifier: MIT */
/*
 * Every libtrueno op on every backend this CPU supports, against the numerical
 * contract in trueno.h: bit-identical element-wise ops and activations, bounded
 * reductions, ulp-bounded transcendental activations.  Sizes include 0, 1 and odd
 * tails, pointers are offset from vector alignment, data is fresh each run (the seed
 * is printed; TRUENO_TEST_SEED reproduces a run).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "test_common.h"

#define EPS   ((double)FLT_EPSILON)
#define CASES 40

static enum trueno_backend backends[TRUENO_BACKEND_COUNT];
static int nbackends;

static void use(enum trueno_backend b)
{
        assert_int_equal(trueno_set_backend(b), 0);
}

static const char *bname(enum trueno_backend b)
{
        return trueno_backend_to_string(b);
}

/* Mostly ordinary values, with IEEE specials sprinkled in so NaN/Inf/zero/subnormal
 * handling is compared on every backend too. */
static void fill_special(float *x, size_t n, float lo, float hi)
{
        static const float specials[] = {NAN,    INFINITY, -INFINITY, 0.0f,     -0.0f,
                                         1e-40f, -1e-40f,  FLT_MAX,   -FLT_MAX, 1e-30f};

        tt_fill(x, n, lo, hi);
        for (size_t i = 0; i < n; i++)
                if (tt_below(16) == 0)
                        x[i] = specials[tt_below(sizeof(specials) / sizeof(specials[0]))];
}

/* ------------------------------------------------------------ element-wise */

enum ew_op {
        EW_ADD,
        EW_SUB,
        EW_MUL,
        EW_DIV,
        EW_SCALE,
        EW_FMA,
        EW_ABS,
        EW_CLAMP,
        EW_LERP,
        EW_RELU,
        EW_LEAKY,
        EW_COUNT
};
static const char *const ew_names[EW_COUNT] = {"add", "sub",   "mul",  "div",  "scale",     "fma",
                                               "abs", "clamp", "lerp", "relu", "leaky_relu"};

static int ew_run(enum ew_op op, const float *a, const float *b, const float *c, float *o, size_t n)
{
        switch (op) {
        case EW_ADD:
                return trueno_add(a, b, o, n);
        case EW_SUB:
                return trueno_sub(a, b, o, n);
        case EW_MUL:
                return trueno_mul(a, b, o, n);
        case EW_DIV:
                return trueno_div(a, b, o, n);
        case EW_SCALE:
                return trueno_scale(a, -1.75f, o, n);
        case EW_FMA:
                return trueno_fma(a, b, c, o, n);
        case EW_ABS:
                return trueno_abs(a, o, n);
        case EW_CLAMP:
                return trueno_clamp(a, -0.5f, 0.25f, o, n);
        case EW_LERP:
                return trueno_lerp(a, b, 0.3f, o, n);
        case EW_RELU:
                return trueno_relu(a, o, n);
        case EW_LEAKY:
                return trueno_leaky_relu(a, 0.01f, o, n);
        default:
                return -1;
        }
}

/* The plain-C definition each op must reproduce exactly (this file is compiled with
 * -ffp-contract=off, and fmaf is the C library's correctly rounded one). */
static float ew_ref(enum ew_op op, float a, float b, float c)
{
        float v;

        switch (op) {
        case EW_ADD:
                return a + b;
        case EW_SUB:
                return a - b;
        case EW_MUL:
                return a * b;
        case EW_DIV:
                return a / b;
        case EW_SCALE:
                return a * -1.75f;
        case EW_FMA:
                return fmaf(a, b, c);
        case EW_ABS:
                return fabsf(a);
        case EW_CLAMP:
                v = a;
                if (v < -0.5f)
                        v = -0.5f;
                if (v > 0.25f)
                        v = 0.25f;
                return v;
        case EW_LERP:
                return a + 0.3f * (b - a);
        case EW_RELU:
                return a < 0.0f ? 0.0f : a;
        case EW_LEAKY:
                return a < 0.0f ? 0.01f * a : a;
        default:
                return 0.0f;
        }
}

static void test_elementwise(void **state)
{
        (void)state;
        for (int op = 0; op < EW_COUNT; op++) {
                for (int cs = 0; cs < CASES; cs++) {
                        size_t n = cs < (int)(sizeof(tt_fixed_sizes) / sizeof(size_t))
                                       ? tt_fixed_sizes[cs]
                                       : tt_random_size();
                        struct tt_buf ba, bb, bc, bo;
                        float *a = tt_alloc(&ba, n, tt_below(4));
                        float *b = tt_alloc(&bb, n, tt_below(4));
                        float *c = tt_alloc(&bc, n, tt_below(4));
                        float *o = tt_alloc(&bo, n, tt_below(4));

                        fill_special(a, n, -4.0f, 4.0f);
                        fill_special(b, n, -4.0f, 4.0f);
                        fill_special(c, n, -4.0f, 4.0f);
                        for (int bi = 0; bi < nbackends; bi++) {
                                use(backends[bi]);
                                /* sentinel past the end catches tail overruns */
                                o[n] = 12345.0f;
                                assert_int_equal(ew_run((enum ew_op)op, a, b, c, o, n), 0);
                                assert_true(o[n] == 12345.0f);
                                for (size_t i = 0; i < n; i++) {
                                        float want = ew_ref((enum ew_op)op, a[i], b[i], c[i]);
                                        if (!tt_same(o[i], want))
                                                fail_msg("%s/%s n=%zu i=%zu: got %a want %a "
                                                         "(a=%a b=%a c=%a)",
                                                         ew_names[op], bname(backends[bi]), n, i,
                                                         o[i], want, a[i], b[i], c[i]);
                                }
                        }
                        tt_free(&ba);
                        tt_free(&bb);
                        tt_free(&bc);
                        tt_free(&bo);
                }
        }
}

/* Ops may run in place; the result must not change. */
static void test_in_place(void **state)
{
        size_t n = 1 + tt_random_size();
        struct tt_buf ba, bb, bo, bw;
        float *a = tt_alloc(&ba, n, 1), *b = tt_alloc(&bb, n, 2), *o = tt_alloc(&bo, n, 3);
        float *w = tt_alloc(&bw, n, 0);

        (void)state;
        tt_fill(a, n, -3.0f, 3.0f);
        tt_fill(b, n, -3.0f, 3.0f);
        for (int bi = 0; bi < nbackends; bi++) {
                use(backends[bi]);
                assert_int_equal(trueno_add(a, b, o, n), 0);
                memcpy(w, a, n * sizeof(float));
                assert_int_equal(trueno_add(w, b, w, n), 0);
                assert_memory_equal(w, o, n * sizeof(float));
                assert_int_equal(trueno_tanh(a, o, n), 0);
                memcpy(w, a, n * sizeof(float));
                assert_int_equal(trueno_tanh(w, w, n), 0);
                assert_memory_equal(w, o, n * sizeof(float));
                assert_int_equal(trueno_softmax(a, o, n), 0);
                memcpy(w, a, n * sizeof(float));
                assert_int_equal(trueno_softmax(w, w, n), 0);
                assert_memory_equal(w, o, n * sizeof(float));
                assert_int_equal(trueno_log_softmax(a, o, n), 0);
                memcpy(w, a, n * sizeof(float));
                assert_int_equal(trueno_log_softmax(w, w, n), 0);
                assert_memory_equal(w, o, n * sizeof(float));
        }
        tt_free(&ba);
        tt_free(&bb);
        tt_free(&bo);
        tt_free(&bw);
}

/* ------------------------------------------------------------ activations */

enum act_op { ACT_SIGMOID, ACT_TANH, ACT_ELU, ACT_GELU, ACT_SWISH, ACT_COUNT };
static const char *const act_names[ACT_COUNT] = {"sigmoid", "tanh", "elu", "gelu", "swish"};

static int act_run(enum act_op op, const float *x, float *o, size_t n)
{
        switch (op) {
        case ACT_SIGMOID:
                return trueno_sigmoid(x, o, n);
        case ACT_TANH:
                return trueno_tanh(x, o, n);
        case ACT_ELU:
                return trueno_elu(x, 0.7f, o, n);
        case ACT_GELU:
                return trueno_gelu(x, o, n);
        default:
                return trueno_swish(x, o, n);
        }
}

static double sig_d(double x)
{
        return 1.0 / (1.0 + exp(-x));
}

static double gelu_v(double x)
{
        return 1.5957691216057308 * (x + 0.044715 * x * x * x);
}

/* Double-precision references; gelu uses x*sigmoid(2u), equal to the tanh form but
 * without its 1 + tanh cancellation in double. */
static double act_ref(enum act_op op, double x)
{
        switch (op) {
        case ACT_SIGMOID:
                return sig_d(x);
        case ACT_TANH:
                return tanh(x);
        case ACT_ELU:
                return x < 0 ? (double)0.7f * expm1(x) : x;
        case ACT_GELU:
                return x * sig_d(gelu_v(x));
        default:
                return x * sig_d(x);
        }
}

/* Stated bounds in trueno.h, in ulp of the exact result (or FLT_MIN absolute). */
static double act_bound(enum act_op op, double x)
{
        switch (op) {
        case ACT_SIGMOID:
        case ACT_TANH:
                return 4.0;
        case ACT_ELU:
                return 2.0;
        case ACT_GELU:
                return 5.0 + 4.0 * fabs(gelu_v(x));
        default:
                return 5.0;
        }
}

static void test_activations(void **state)
{
        (void)state;
        for (int op = 0; op < ACT_COUNT; op++) {
                double worst = 0.0;

                for (int cs = 0; cs < CASES; cs++) {
                        size_t n = cs < (int)(sizeof(tt_fixed_sizes) / sizeof(size_t))
                                       ? tt_fixed_sizes[cs]
                                       : tt_random_size();
                        struct tt_buf bx, bo, br;
                        float *x = tt_alloc(&bx, n, tt_below(4));
                        float *o = tt_alloc(&bo, n, tt_below(4));
                        float *ref = tt_alloc(&br, n, 0);
                        /* ranges from the interesting core out to under/overflow */
                        static const float ranges[] = {0.5f, 4.0f, 20.0f, 120.0f};
                        float r = ranges[cs % 4];

                        fill_special(x, n, -r, r);
                        use(TRUENO_BACKEND_SCALAR);
                        assert_int_equal(act_run((enum act_op)op, x, ref, n), 0);
                        for (size_t i = 0; i < n; i++) {
                                double want, err;

                                if (!isfinite(x[i]))
                                        continue;
                                want = act_ref((enum act_op)op, x[i]);
                                err = fabs((double)ref[i] - want);
                                if (err <= FLT_MIN)
                                        continue;
                                err /= tt_ulp(want);
                                if (err > worst)
                                        worst = err;
                                if (err > act_bound((enum act_op)op, x[i]))
                                        fail_msg("%s(%a) = %a, exact %.9g: %.2f ulp", act_names[op],
                                                 x[i], ref[i], want, err);
                        }
                        for (int bi = 1; bi < nbackends; bi++) {
                                use(backends[bi]);
                                o[n] = 12345.0f;
                                assert_int_equal(act_run((enum act_op)op, x, o, n), 0);
                                assert_true(o[n] == 12345.0f);
                                for (size_t i = 0; i < n; i++)
                                        if (!tt_same(o[i], ref[i]))
                                                fail_msg("%s/%s(%a) = %a, scalar %a", act_names[op],
                                                         bname(backends[bi]), x[i], o[i], ref[i]);
                        }
                        tt_free(&bx);
                        tt_free(&bo);
                        tt_free(&br);
                }
                printf("# %s: worst error %.2f ulp\n", act_names[op], worst);
        }
}

static void test_activation_specials(void **state)
{
        const float x[] = {INFINITY, -INFINITY, NAN, 0.0f, -0.0f};
        float o[5];

        (void)state;
        for (int bi = 0; bi < nbackends; bi++) {
                use(backends[bi]);
                assert_int_equal(trueno_sigmoid(x, o, 5), 0);
                assert_true(o[0] == 1.0f && o[1] == 0.0f && isnan(o[2]) && o[3] == 0.5f);
                assert_int_equal(trueno_tanh(x, o, 5), 0);
                assert_true(o[0] == 1.0f && o[1] == -1.0f && isnan(o[2]));
                assert_true(o[3] == 0.0f && !signbit(o[3]) && o[4] == 0.0f && signbit(o[4]));
                assert_int_equal(trueno_gelu(x, o, 5), 0);
                assert_true(o[0] == INFINITY && o[1] == 0.0f && signbit(o[1]) && isnan(o[2]));
                assert_int_equal(trueno_swish(x, o, 5), 0);
                assert_true(o[0] == INFINITY && o[1] == 0.0f && signbit(o[1]) && isnan(o[2]));
                assert_int_equal(trueno_elu(x, 1.0f, o, 5), 0);
                assert_true(o[0] == INFINITY && o[1] == -1.0f && isnan(o[2]));
                assert_int_equal(trueno_relu(x, o, 5), 0);
                assert_true(o[0] == INFINITY && o[1] == 0.0f && isnan(o[2]));
        }
}

/* ------------------------------------------------------------ reductions */

struct red_ref {
        long double sum, abs_sum, sq_sum, kahan_like;
};

static void check_bound(const char *what, enum trueno_backend b, size_t n, double got,
                        long double exact, long double bound)
{
        long double err = fabsl((long double)got - exact);

        if (!(err <= bound))
                fail_msg("%s/%s n=%zu: got %.9g exact %.12Lg err %.3Lg > bound %.3Lg", what,
                         bname(b), n, got, exact, err, bound);
}

static void test_reductions(void **state)
{
        (void)state;
        for (int cs = 0; cs < 3 * CASES; cs++) {
                size_t n = cs < (int)(sizeof(tt_fixed_sizes) / sizeof(size_t)) ? tt_fixed_sizes[cs]
                                                                               : tt_random_size();
                struct tt_buf ba, bb;
                float *a = tt_alloc(&ba, n, tt_below(4));
                float *b = tt_alloc(&bb, n, tt_below(4));
                /* a shifted range now and then makes mean and variance non-trivial */
                float shift = (cs % 3 == 0) ? 3.0f : 0.0f;
                long double s = 0, sa = 0, sq = 0, d = 0, da = 0, mean, var = 0, mabs;
                float mn, mx, linf = 0.0f;
                size_t imn = 0, imx = 0;

                tt_fill(a, n, -1.0f + shift, 1.0f + shift);
                tt_fill(b, n, -1.0f, 1.0f);
                /* ties exercise the first-occurrence rule */
                if (n > 4 && cs % 2) {
                        a[n / 2] = a[n - 1] = 9.0f + shift;
                        a[n / 3] = a[1] = -9.0f + shift;
                }
                for (size_t i = 0; i < n; i++) {
                        s += a[i];
                        sa += fabsl((long double)a[i]);
                        sq += (long double)a[i] * a[i];
                        d += (long double)a[i] * b[i];
                        da += fabsl((long double)a[i] * b[i]);
                        if (fabsf(a[i]) > linf)
                                linf = fabsf(a[i]);
                }
                mn = mx = n ? a[0] : 0.0f;
                for (size_t i = 0; i < n; i++) {
                        if (a[i] < mn) {
                                mn = a[i];
                                imn = i;
                        }
                        if (a[i] > mx) {
                                mx = a[i];
                                imx = i;
                        }
                }
                mean = n ? s / n : 0;
                mabs = n ? sa / n : 0;
                for (size_t i = 0; i < n; i++)
                        var += ((long double)a[i] - mean) * ((long double)a[i] - mean);
                if (n)
                        var /= n;

                for (int bi = 0; bi < nbackends; bi++) {
                        enum trueno_backend be = backends[bi];
                        float r;
                        size_t idx;
                        long double k = 2.0L * n * EPS;

                        use(be);
                        assert_int_equal(trueno_dot(a, b, n, &r), 0);
                        check_bound("dot", be, n, r, d, k * da);
                        assert_int_equal(trueno_sum(a, n, &r), 0);
                        check_bound("sum", be, n, r, s, k * sa);
                        assert_int_equal(trueno_sum_kahan(a, n, &r), 0);
                        check_bound("sum_kahan", be, n, r, s,
                                    (4.0L * EPS + 2.0L * n * EPS * EPS) * sa);
                        assert_int_equal(trueno_norm_l1(a, n, &r), 0);
                        check_bound("norm_l1", be, n, r, sa, k * sa);
                        assert_int_equal(trueno_norm_l2(a, n, &r), 0);
                        check_bound("norm_l2", be, n, r, sqrtl(sq), (n + 2.0L) * EPS * sqrtl(sq));
                        assert_int_equal(trueno_norm_linf(a, n, &r), 0);
                        assert_true(r == linf);
                        if (n == 0) {
                                assert_true(r == 0.0f);
                                assert_int_equal(trueno_min(a, n, &r), -EINVAL);
                                assert_int_equal(trueno_max(a, n, &r), -EINVAL);
                                assert_int_equal(trueno_mean(a, n, &r), -EINVAL);
                                assert_int_equal(trueno_variance(a, n, &r), -EINVAL);
                                assert_int_equal(trueno_stddev(a, n, &r), -EINVAL);
                                assert_int_equal(trueno_argmin(a, n, &idx), -EINVAL);
                                assert_int_equal(trueno_argmax(a, n, &idx), -EINVAL);
                                continue;
                        }
                        assert_int_equal(trueno_min(a, n, &r), 0);
                        assert_true(r == mn);
                        assert_int_equal(trueno_max(a, n, &r), 0);
                        assert_true(r == mx);
                        assert_int_equal(trueno_argmin(a, n, &idx), 0);
                        assert_int_equal(idx, imn);
                        assert_int_equal(trueno_argmax(a, n, &idx), 0);
                        assert_int_equal(idx, imx);
                        assert_int_equal(trueno_mean(a, n, &r), 0);
                        check_bound("mean", be, n, r, mean, (2.0L * n + 1) * EPS * mabs);
                        {
                                long double dm = 2.0L * n * EPS * mabs;
                                long double vb = 4.0L * (n + 4) * EPS * var + 2 * dm * dm;

                                assert_int_equal(trueno_variance(a, n, &r), 0);
                                check_bound("variance", be, n, r, var, vb);
                                assert_int_equal(trueno_stddev(a, n, &r), 0);
                                check_bound("stddev", be, n, r, sqrtl(var),
                                            (var > 0 ? vb / (2 * sqrtl(var)) : sqrtl(vb)) +
                                                EPS * sqrtl(var));
                        }
                }
                tt_free(&ba);
                tt_free(&bb);
        }
}

/* Kahan must actually compensate: many small terms after a big one. */
static void test_kahan_compensates(void **state)
{
        size_t n = 10001;
        struct tt_buf bx;
        float *x = tt_alloc(&bx, n, 1);
        float r, plain;

        (void)state;
        x[0] = 1.0f;
        for (size_t i = 1; i < n; i++)
                x[i] = 1e-8f;
        for (int bi = 0; bi < nbackends; bi++) {
                use(backends[bi]);
                assert_int_equal(trueno_sum_kahan(x, n, &r), 0);
                check_bound("sum_kahan", backends[bi], n, r, 1.0L + 1e-4L, 4 * EPS);
        }
        use(TRUENO_BACKEND_SCALAR);
        assert_int_equal(trueno_sum(x, n, &plain), 0);
        assert_true(plain == 1.0f); /* the naive loop loses every small term */
        tt_free(&bx);
}

static void test_reduction_specials(void **state)
{
        (void)state;
        for (int cs = 0; cs < CASES; cs++) {
                size_t n = 1 + tt_random_size();
                struct tt_buf bx;
                float *x = tt_alloc(&bx, n, tt_below(4));
                size_t nan_at = tt_below(n), idx;
                float r;

                tt_fill(x, n, -5.0f, 5.0f);
                x[nan_at] = NAN;
                if (nan_at + 1 < n)
                        x[nan_at + 1 + tt_below(n - nan_at - 1)] = NAN;
                for (int bi = 0; bi < nbackends; bi++) {
                        use(backends[bi]);
                        assert_int_equal(trueno_min(x, n, &r), 0);
                        assert_true(isnan(r));
                        assert_int_equal(trueno_max(x, n, &r), 0);
                        assert_true(isnan(r));
                        assert_int_equal(trueno_norm_linf(x, n, &r), 0);
                        assert_true(isnan(r));
                        assert_int_equal(trueno_sum(x, n, &r), 0);
                        assert_true(isnan(r));
                        assert_int_equal(trueno_argmin(x, n, &idx), 0);
                        assert_int_equal(idx, nan_at);
                        assert_int_equal(trueno_argmax(x, n, &idx), 0);
                        assert_int_equal(idx, nan_at);
                }
                /* Inf without NaN: sums go to Inf, +Inf and -Inf together give NaN */
                x[nan_at] = INFINITY;
                for (size_t i = 0; i < n; i++)
                        if (isnan(x[i]))
                                x[i] = 1.0f;
                for (int bi = 0; bi < nbackends; bi++) {
                        use(backends[bi]);
                        assert_int_equal(trueno_sum(x, n, &r), 0);
                        assert_true(r == INFINITY);
                        assert_int_equal(trueno_max(x, n, &r), 0);
                        assert_true(r == INFINITY);
                        assert_int_equal(trueno_argmax(x, n, &idx), 0);
                        assert_int_equal(idx, nan_at);
                }
                if (n > 1) {
                        x[(nan_at + 1) % n] = -INFINITY;
                        for (int bi = 0; bi < nbackends; bi++) {
                                use(backends[bi]);
                                assert_int_equal(trueno_sum(x, n, &r), 0);
                                assert_true(isnan(r));
                                assert_int_equal(trueno_min(x, n, &r), 0);
                                assert_true(r == -INFINITY);
                        }
                }
                tt_free(&bx);
        }
}

/* ------------------------------------------------------------ softmax */

static void test_softmax(void **state)
{
        (void)state;
        for (int cs = 0; cs < CASES; cs++) {
                size_t n = cs < (int)(sizeof(tt_fixed_sizes) / sizeof(size_t)) ? tt_fixed_sizes[cs]
                                                                               : tt_random_size();
                struct tt_buf bx, bo;
                float *x = tt_alloc(&bx, n, tt_below(4));
                float *o = tt_alloc(&bo, n, tt_below(4));
                float range = (cs % 2) ? 30.0f : 3.0f;
                long double m = -INFINITY, s = 0, ls;

                tt_fill(x, n, -range, range);
                for (size_t i = 0; i < n; i++)
                        if (x[i] > m)
                                m = x[i];
                for (size_t i = 0; i < n; i++)
                        s += expl((long double)x[i] - m);
                ls = logl(s);
                for (int bi = 0; bi < nbackends; bi++) {
                        use(backends[bi]);
                        o[n] = 12345.0f;
                        assert_int_equal(trueno_softmax(x, o, n), 0);
                        assert_true(o[n] == 12345.0f);
                        for (size_t i = 0; i < n; i++) {
                                long double dm = fabsl((long double)x[i] - m);
                                long double want = expl((long double)x[i] - m) / s;

                                check_bound("softmax", backends[bi], n, o[i], want,
                                            (8.0L + 2.0L * n + dm) * EPS * want + FLT_MIN);
                        }
                        assert_int_equal(trueno_log_softmax(x, o, n), 0);
                        for (size_t i = 0; i < n; i++) {
                                long double dm = fabsl((long double)x[i] - m);
                                long double want = ((long double)x[i] - m) - ls;

                                check_bound("log_softmax", backends[bi], n, o[i], want,
                                            (8.0L + 2.0L * n + dm + fabsl(ls)) * EPS);
                        }
                }
                /* a NaN anywhere poisons every output */
                if (n) {
                        x[tt_below(n)] = NAN;
                        for (int bi = 0; bi < nbackends; bi++) {
                                use(backends[bi]);
                                assert_int_equal(trueno_softmax(x, o, n), 0);
                                for (size_t i = 0; i < n; i++)
                                        assert_true(isnan(o[i]));
                                assert_int_equal(trueno_log_softmax(x, o, n), 0);
                                for (size_t i = 0; i < n; i++)
                                        assert_true(isnan(o[i]));
                        }
                }
                tt_free(&bx);
                tt_free(&bo);
        }
}

/* ------------------------------------------------------------ similarity */

static void test_similarity(void **state)
{
        (void)state;
        for (int cs = 0; cs < CASES; cs++) {
                size_t n = cs < (int)(sizeof(tt_fixed_sizes) / sizeof(size_t)) ? tt_fixed_sizes[cs]
                                                                               : tt_random_size();
                struct tt_buf ba, bb;
                float *a = tt_alloc(&ba, n, tt_below(4));
                float *b = tt_alloc(&bb, n, tt_below(4));
                long double ab = 0, aa = 0, bb2 = 0, sq = 0, l1 = 0;

                tt_fill(a, n, -2.0f, 2.0f);
                tt_fill(b, n, -2.0f, 2.0f);
                for (size_t i = 0; i < n; i++) {
                        long double dd = (long double)a[i] - b[i];
                        ab += (long double)a[i] * b[i];
                        aa += (long double)a[i] * a[i];
                        bb2 += (long double)b[i] * b[i];
                        sq += dd * dd;
                        l1 += fabsl(dd);
                }
                for (int bi = 0; bi < nbackends; bi++) {
                        float r;

                        use(backends[bi]);
                        if (n == 0) {
                                assert_int_equal(trueno_cosine_similarity(a, b, n, &r), -EINVAL);
                        } else {
                                assert_int_equal(trueno_cosine_similarity(a, b, n, &r), 0);
                                check_bound("cosine", backends[bi], n, r, ab / sqrtl(aa * bb2),
                                            4.0L * (n + 1) * EPS);
                        }
                        assert_int_equal(trueno_euclidean_distance(a, b, n, &r), 0);
                        check_bound("euclidean", backends[bi], n, r, sqrtl(sq),
                                    (n + 2.0L) * EPS * sqrtl(sq));
                        assert_int_equal(trueno_manhattan_distance(a, b, n, &r), 0);
                        check_bound("manhattan", backends[bi], n, r, l1, 2.0L * n * EPS * l1);
                }
                tt_free(&ba);
                tt_free(&bb);
        }
}

static void test_similarity_edges(void **state)
{
        float z[5] = {0}, v[5] = {1, 2, 3, 4, 5}, w[5] = {-1, -2, -3, -4, -5}, r;

        (void)state;
        for (int bi = 0; bi < nbackends; bi++) {
                use(backends[bi]);
                assert_int_equal(trueno_cosine_similarity(z, v, 5, &r), -EDOM);
                assert_int_equal(trueno_cosine_similarity(v, v, 5, &r), 0);
                assert_true(r <= 1.0f && r > 1.0f - 4 * FLT_EPSILON);
                assert_int_equal(trueno_cosine_similarity(v, w, 5, &r), 0);
                assert_true(r >= -1.0f && r < -1.0f + 4 * FLT_EPSILON);
                assert_int_equal(trueno_euclidean_distance(v, v, 5, &r), 0);
                assert_true(r == 0.0f);
        }
}

/* ------------------------------------------------------------ range edges */

/* Findings of an independent check, each pinned here on every backend. */
static void test_kahan_infinities(void **state)
{
        float x3[3] = {1.0f, INFINITY, 2.0f}, r;
        size_t n = 301;
        struct tt_buf bx;
        float *x = tt_alloc(&bx, n, 1);

        (void)state;
        for (int bi = 0; bi < nbackends; bi++) {
                use(backends[bi]);
                assert_int_equal(trueno_sum_kahan(x3, 3, &r), 0);
                assert_true(r == INFINITY);
                x3[1] = -INFINITY;
                assert_int_equal(trueno_sum_kahan(x3, 3, &r), 0);
                assert_true(r == -INFINITY);
                x3[1] = INFINITY;
                /* a long vector reaches every lane and the tail */
                for (size_t at = 0; at < n; at += 37) {
                        tt_fill(x, n, -1.0f, 1.0f);
                        x[at] = -INFINITY;
                        assert_int_equal(trueno_sum_kahan(x, n, &r), 0);
                        assert_true(r == -INFINITY);
                        x[(at + 5) % n] = INFINITY; /* both signs: NaN, as IEEE says */
                        assert_int_equal(trueno_sum_kahan(x, n, &r), 0);
                        assert_true(isnan(r));
                }
                tt_fill(x, n, -1.0f, 1.0f);
                x[n / 2] = NAN;
                assert_int_equal(trueno_sum_kahan(x, n, &r), 0);
                assert_true(isnan(r));
        }
        tt_free(&bx);
}

/* exact norms and cosines of a, b (b may be NULL) in long double */
static void ref_sq(const float *a, const float *b, size_t n, long double *aa, long double *bb,
                   long double *ab, long double *dd)
{
        *aa = *bb = *ab = *dd = 0;
        for (size_t i = 0; i < n; i++) {
                long double x = a[i], y = b ? b[i] : 0;
                *aa += x * x;
                *bb += y * y;
                *ab += x * y;
                *dd += (x - y) * (x - y);
        }
}

/* Magnitudes whose squares overflow (1e19 and up) or underflow (1e-19 and down,
 * subnormals included): norms, distances and cosines must still be right. */
static void test_scaled_magnitudes(void **state)
{
        static const float scales[] = {1e-42f, 1e-40f, 1e-30f, 1e-25f, 1e-21f,
                                       1e19f,  2e19f,  1e25f,  1e36f};
        float tiny = 1e-40f, r;

        (void)state;
        for (int bi = 0; bi < nbackends; bi++) {
                use(backends[bi]);
                assert_int_equal(trueno_norm_l2(&tiny, 1, &r), 0);
                assert_true(r == 1e-40f);
        }
        for (size_t si = 0; si < sizeof(scales) / sizeof(scales[0]); si++) {
                size_t n = si < 3 ? 1 + si * 20 : 1 + tt_below(3000);
                struct tt_buf ba, bb;
                float *a = tt_alloc(&ba, n, tt_below(4));
                float *b = tt_alloc(&bb, n, tt_below(4));
                long double aa, bb2, ab, dd, sub = 0x1p-149L;
                float sc = scales[si];

                for (size_t i = 0; i < n; i++) {
                        a[i] = tt_uniform(-1.0f, 1.0f) * sc;
                        b[i] = tt_uniform(-1.0f, 1.0f) * sc;
                }
                a[0] = sc; /* never all zero, even for subnormal scales */
                ref_sq(a, b, n, &aa, &bb2, &ab, &dd);
                for (int bi = 0; bi < nbackends; bi++) {
                        enum trueno_backend be = backends[bi];

                        use(be);
                        /* a subnormal result has an absolute rounding of 2^-150 */
                        assert_int_equal(trueno_norm_l2(a, n, &r), 0);
                        check_bound("norm_l2(scaled)", be, n, r, sqrtl(aa),
                                    (n + 2.0L) * EPS * sqrtl(aa) + sub);
                        assert_int_equal(trueno_euclidean_distance(a, b, n, &r), 0);
                        check_bound("euclidean(scaled)", be, n, r, sqrtl(dd),
                                    (n + 2.0L) * EPS * sqrtl(dd) + sub);
                        if (bb2 > 0) {
                                assert_int_equal(trueno_cosine_similarity(a, b, n, &r), 0);
                                check_bound("cosine(scaled)", be, n, r, ab / sqrtl(aa * bb2),
                                            4.0L * (n + 1) * EPS);
                        }
                        assert_int_equal(trueno_cosine_similarity(a, a, n, &r), 0);
                        check_bound("cosine(a,a scaled)", be, n, r, 1.0L, 4.0L * (n + 1) * EPS);
                }
                tt_free(&ba);
                tt_free(&bb);
        }
}

/* 1e-25 vectors have a norm (1e-25 * sqrt(n)); only all-zero vectors are -EDOM. */
static void test_cosine_tiny_and_huge(void **state)
{
        float t[4] = {1e-25f, 2e-25f, -3e-25f, 4e-25f}, h[4] = {3e19f, -4e19f, 1e20f, 2e19f};
        float z[4] = {0}, r;
        long double aa, bb, ab, dd;

        (void)state;
        ref_sq(t, h, 4, &aa, &bb, &ab, &dd);
        for (int bi = 0; bi < nbackends; bi++) {
                use(backends[bi]);
                assert_int_equal(trueno_cosine_similarity(t, t, 4, &r), 0);
                assert_true(fabsf(r - 1.0f) <= 4 * FLT_EPSILON);
                assert_int_equal(trueno_cosine_similarity(h, h, 4, &r), 0);
                assert_true(!isnan(r) && fabsf(r - 1.0f) <= 4 * FLT_EPSILON);
                assert_int_equal(trueno_cosine_similarity(t, h, 4, &r), 0);
                check_bound("cosine(tiny, huge)", backends[bi], 4, r, ab / sqrtl(aa * bb),
                            20 * EPS);
                assert_int_equal(trueno_cosine_similarity(z, t, 4, &r), -EDOM);
                assert_int_equal(trueno_cosine_similarity(h, z, 4, &r), -EDOM);
        }
}

/* variance/stddev of tiny and huge values: the variance is rounded to float once
 * (1e-80 is 0 in float, 1e50 is +Inf), the stddev comes from the exact-range
 * variance and is a normal float again. */
static void test_variance_magnitudes(void **state)
{
        static const float scales[] = {1e-40f, 1e-30f, 1e-20f, 1e20f, 1e30f, 1e37f};

        (void)state;
        for (size_t si = 0; si < sizeof(scales) / sizeof(scales[0]); si++) {
                size_t n = 2 + tt_below(2000);
                struct tt_buf bx;
                float *x = tt_alloc(&bx, n, tt_below(4));
                long double s = 0, sa = 0, var = 0, mean;

                for (size_t i = 0; i < n; i++) {
                        x[i] = tt_uniform(0.5f, 3.0f) * scales[si];
                        s += x[i];
                        sa += fabsl((long double)x[i]);
                }
                mean = s / n;
                for (size_t i = 0; i < n; i++)
                        var += ((long double)x[i] - mean) * ((long double)x[i] - mean);
                var /= n;
                for (int bi = 0; bi < nbackends; bi++) {
                        long double dm = 2.0L * EPS * sa / n * n;
                        long double vb = 4.0L * (n + 4) * EPS * var + 2 * dm * dm / (n * n);
                        float r;

                        use(backends[bi]);
                        assert_int_equal(trueno_stddev(x, n, &r), 0);
                        check_bound("stddev(scaled)", backends[bi], n, r, sqrtl(var),
                                    vb / (2 * sqrtl(var)) + EPS * sqrtl(var) + 0x1p-149L);
                        assert_int_equal(trueno_variance(x, n, &r), 0);
                        if (var > FLT_MAX) {
                                assert_true(r == INFINITY);
                        } else if (var < 0x1p-150L) {
                                assert_true(r == 0.0f);
                        } else {
                                check_bound("variance(scaled)", backends[bi], n, r, var,
                                            vb + 0x1p-149L);
                        }
                }
                tt_free(&bx);
        }
        {
                float x2[2] = {1e-40f, 3e-40f}, r;

                for (int bi = 0; bi < nbackends; bi++) {
                        use(backends[bi]);
                        assert_int_equal(trueno_stddev(x2, 2, &r), 0);
                        /* exact 1e-40 (to the subnormal rounding of the inputs) */
                        check_bound("stddev{1e-40,3e-40}", backends[bi], 2, r,
                                    ((long double)x2[1] - x2[0]) / 2, 0x1p-149L);
                }
        }
}

/* ------------------------------------------------------------ matrices */

static void ref_matmul(const float *a, const float *b, size_t m, size_t k, size_t n, long double *c,
                       long double *cabs)
{
        for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < n; j++) {
                        long double s = 0, sa = 0;
                        for (size_t p = 0; p < k; p++) {
                                long double t = (long double)a[i * k + p] * b[p * n + j];
                                s += t;
                                sa += fabsl(t);
                        }
                        c[i * n + j] = s;
                        cabs[i * n + j] = sa;
                }
}

static void check_matmul(size_t m, size_t k, size_t n)
{
        struct tt_buf ba, bb, bc;
        float *a = tt_alloc(&ba, m * k, tt_below(4));
        float *b = tt_alloc(&bb, k * n, tt_below(4));
        float *c = tt_alloc(&bc, m * n, tt_below(4));
        long double *ref = malloc((m * n + 1) * sizeof(*ref));
        long double *rabs = malloc((m * n + 1) * sizeof(*rabs));

        assert_non_null(ref);
        assert_non_null(rabs);
        tt_fill(a, m * k, -1.0f, 1.0f);
        tt_fill(b, k * n, -1.0f, 1.0f);
        ref_matmul(a, b, m, k, n, ref, rabs);
        for (int bi = 0; bi < nbackends; bi++) {
                use(backends[bi]);
                for (size_t i = 0; i < m * n; i++)
                        c[i] = NAN; /* every element must be written */
                c[m * n] = 12345.0f;
                assert_int_equal(trueno_matmul(a, m, k, b, k, n, c, m, n), 0);
                assert_true(c[m * n] == 12345.0f);
                for (size_t i = 0; i < m * n; i++) {
                        long double err = fabsl((long double)c[i] - ref[i]);
                        if (!(err <= 2.0L * k * EPS * rabs[i]))
                                fail_msg("matmul/%s %zux%zux%zu at %zu: got %.9g want %.12Lg",
                                         bname(backends[bi]), m, k, n, i, c[i], ref[i]);
                }
        }
        free(ref);
        free(rabs);
        tt_free(&ba);
        tt_free(&bb);
        tt_free(&bc);
}

static void test_matmul(void **state)
{
        /* blocking edges: k > KC (256), m > MC (96), n > NC (2048), tiles not multiples
         * of any MR/NR, plus tiny and degenerate shapes */
        static const size_t fixed[][3] = {{1, 1, 1},
                                          {3, 3, 3},
                                          {4, 4, 4},
                                          {0, 5, 3},
                                          {5, 0, 3},
                                          {5, 3, 0},
                                          {1, 300, 1},
                                          {13, 300, 37},
                                          {100, 17, 70},
                                          {97, 257, 33},
                                          {7, 5, 2100},
                                          {64, 64, 64},
                                          /* packed path across NC panels, ragged rows */
                                          {13, 20, 2100},
                                          {25, 9, 2049},
                                          {150, 3, 90}};

        (void)state;
        for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
                check_matmul(fixed[i][0], fixed[i][1], fixed[i][2]);
        for (int cs = 0; cs < 12; cs++)
                check_matmul(tt_below(90), tt_below(90), tt_below(90));
}

static void test_transpose_matvec(void **state)
{
        (void)state;
        for (int cs = 0; cs < 20; cs++) {
                size_t rows = tt_below(cs < 10 ? 20 : 200), cols = tt_below(cs < 10 ? 20 : 200);
                struct tt_buf ba, bt, bx, by, bv;
                float *a = tt_alloc(&ba, rows * cols, tt_below(4));
                float *t = tt_alloc(&bt, rows * cols, tt_below(4));
                float *x = tt_alloc(&bx, rows + cols, tt_below(4));
                float *y = tt_alloc(&by, rows + cols, tt_below(4));
                float *v = tt_alloc(&bv, rows + cols, tt_below(4));

                tt_fill(a, rows * cols, -1.0f, 1.0f);
                tt_fill(x, rows + cols, -1.0f, 1.0f);
                tt_fill(v, rows + cols, -1.0f, 1.0f);
                for (int bi = 0; bi < nbackends; bi++) {
                        use(backends[bi]);
                        assert_int_equal(trueno_transpose(a, rows, cols, t, cols, rows), 0);
                        for (size_t i = 0; i < rows; i++)
                                for (size_t j = 0; j < cols; j++)
                                        assert_true(t[j * rows + i] == a[i * cols + j]);
                        assert_int_equal(trueno_matvec(a, rows, cols, x, cols, y, rows), 0);
                        for (size_t i = 0; i < rows; i++) {
                                long double s = 0, sa = 0;
                                for (size_t j = 0; j < cols; j++) {
                                        s += (long double)a[i * cols + j] * x[j];
                                        sa += fabsl((long double)a[i * cols + j] * x[j]);
                                }
                                check_bound("matvec", backends[bi], cols, y[i], s,
                                            2.0L * cols * EPS * sa);
                        }
                        assert_int_equal(trueno_vecmat(v, rows, a, rows, cols, y, cols), 0);
                        for (size_t j = 0; j < cols; j++) {
                                long double s = 0, sa = 0;
                                for (size_t i = 0; i < rows; i++) {
                                        s += (long double)v[i] * a[i * cols + j];
                                        sa += fabsl((long double)v[i] * a[i * cols + j]);
                                }
                                check_bound("vecmat", backends[bi], rows, y[j], s,
                                            2.0L * rows * EPS * sa);
                        }
                }
                tt_free(&ba);
                tt_free(&bt);
                tt_free(&bx);
                tt_free(&by);
                tt_free(&bv);
        }
}

static int group_setup(void **state)
{
        (void)state;
        nbackends = tt_backends(backends);
        printf("# backends under test:");
        for (int i = 0; i < nbackends; i++)
                printf(" %s", bname(backends[i]));
        printf("\n");
        return 0;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_elementwise),
            cmocka_unit_test(test_in_place),
            cmocka_unit_test(test_activations),
            cmocka_unit_test(test_activation_specials),
            cmocka_unit_test(test_reductions),
            cmocka_unit_test(test_kahan_compensates),
            cmocka_unit_test(test_reduction_specials),
            cmocka_unit_test(test_softmax),
            cmocka_unit_test(test_similarity),
            cmocka_unit_test(test_similarity_edges),
            cmocka_unit_test(test_kahan_infinities),
            cmocka_unit_test(test_scaled_magnitudes),
            cmocka_unit_test(test_cosine_tiny_and_huge),
            cmocka_unit_test(test_variance_magnitudes),
            cmocka_unit_test(test_matmul),
            cmocka_unit_test(test_transpose_matvec),
        };

        tt_seed_init("test_trueno_ops");
        return cmocka_run_group_tests(tests, group_setup, NULL);
}
