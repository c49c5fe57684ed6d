/* SPDX-License-Identifier: MIT */
/*
 * Argument checking and backend selection.
 *
 * "Unsupported backend" paths: on a CPU that lacks a feature, asking for its backend
 * is tested directly.  On a CPU that has everything (the usual case for AVX-512
 * machines) the internal hook trueno_internal_set_feature_mask() hides features so
 * the same -ENOTSUP path runs; the hook only changes what the dispatcher believes,
 * never what code executes, so a wrong answer would show as a failed assertion
 * rather than SIGILL.
 *
 * The same binary is also registered with TRUENO_BACKEND set in the environment and
 * TRUENO_TEST_EXPECT_INIT / TRUENO_TEST_EXPECT_BACKEND telling it what start-up must
 * have produced (see meson.build).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "internal.h"
#include "test_common.h"

/* Must run first: checks what the process-start TRUENO_BACKEND handling did. */
static void test_initial_env(void **state)
{
        const char *want_init = getenv("TRUENO_TEST_EXPECT_INIT");
        const char *want_backend = getenv("TRUENO_TEST_EXPECT_BACKEND");

        (void)state;
        if (want_init)
                assert_int_equal(trueno_init_status(), atoi(want_init));
        else if (!getenv("TRUENO_BACKEND"))
                assert_int_equal(trueno_init_status(), 0);
        if (want_backend) {
                enum trueno_backend b;

                assert_int_equal(trueno_backend_from_string(want_backend, &b), 0);
                if (b == TRUENO_BACKEND_AUTO) {
                        /* "auto" means the best one: nothing above it may be usable */
                        for (int i = trueno_get_backend() + 1; i < TRUENO_BACKEND_COUNT; i++)
                                assert_int_equal(trueno_backend_supported((enum trueno_backend)i),
                                                 0);
                } else {
                        assert_int_equal(trueno_get_backend(), b);
                }
        }
        printf("# TRUENO_BACKEND=%s -> init_status=%d backend=%s\n",
               getenv("TRUENO_BACKEND") ? getenv("TRUENO_BACKEND") : "(unset)",
               trueno_init_status(), trueno_backend_name());
}

static void test_null_and_empty(void **state)
{
        float v[4] = {1, 2, 3, 4}, o[4], r = 42.0f;
        size_t idx = 7;

        (void)state;
        assert_int_equal(trueno_add(NULL, v, o, 4), -EINVAL);
        assert_int_equal(trueno_add(v, NULL, o, 4), -EINVAL);
        assert_int_equal(trueno_add(v, v, NULL, 4), -EINVAL);
        assert_int_equal(trueno_add(NULL, NULL, NULL, 0), 0);
        assert_int_equal(trueno_fma(v, v, NULL, o, 4), -EINVAL);
        assert_int_equal(trueno_scale(NULL, 2.0f, o, 4), -EINVAL);
        assert_int_equal(trueno_sigmoid(NULL, o, 4), -EINVAL);
        assert_int_equal(trueno_softmax(v, NULL, 4), -EINVAL);
        assert_int_equal(trueno_softmax(NULL, NULL, 0), 0);
        assert_int_equal(trueno_dot(v, NULL, 4, &r), -EINVAL);
        assert_int_equal(trueno_dot(v, v, 4, NULL), -EINVAL);
        assert_int_equal(trueno_sum(NULL, 4, &r), -EINVAL);
        assert_int_equal(trueno_sum(v, 4, NULL), -EINVAL);
        assert_int_equal(trueno_argmax(v, 4, NULL), -EINVAL);
        assert_int_equal(trueno_cosine_similarity(v, NULL, 4, &r), -EINVAL);

        /* empty sums are 0; undefined empty reductions are -EINVAL and leave out alone */
        assert_int_equal(trueno_sum(NULL, 0, &r), 0);
        assert_true(r == 0.0f);
        r = 42.0f;
        assert_int_equal(trueno_dot(NULL, NULL, 0, &r), 0);
        assert_true(r == 0.0f);
        assert_int_equal(trueno_norm_l2(NULL, 0, &r), 0);
        assert_int_equal(trueno_euclidean_distance(NULL, NULL, 0, &r), 0);
        assert_int_equal(trueno_manhattan_distance(NULL, NULL, 0, &r), 0);
        r = 42.0f;
        assert_int_equal(trueno_min(v, 0, &r), -EINVAL);
        assert_int_equal(trueno_max(v, 0, &r), -EINVAL);
        assert_int_equal(trueno_mean(v, 0, &r), -EINVAL);
        assert_int_equal(trueno_variance(v, 0, &r), -EINVAL);
        assert_int_equal(trueno_stddev(v, 0, &r), -EINVAL);
        assert_int_equal(trueno_cosine_similarity(v, v, 0, &r), -EINVAL);
        assert_true(r == 42.0f);
        assert_int_equal(trueno_argmin(v, 0, &idx), -EINVAL);
        assert_int_equal(idx, 7);
}

static void test_sizes_overflow(void **state)
{
        float v[4] = {0}, o[4], r;
        size_t huge = SIZE_MAX / 2;

        (void)state;
        /* must be refused before anything is touched */
        assert_int_equal(trueno_add(v, v, o, SIZE_MAX), -EOVERFLOW);
        assert_int_equal(trueno_sum(v, huge, &r), -EOVERFLOW);
        assert_int_equal(trueno_dot(v, v, (size_t)PTRDIFF_MAX / 2, &r), -EOVERFLOW);
        assert_int_equal(trueno_matmul(v, SIZE_MAX, 2, v, 2, 2, o, SIZE_MAX, 2), -EOVERFLOW);
        assert_int_equal(trueno_matmul(v, (size_t)1 << 33, (size_t)1 << 33, v, (size_t)1 << 33, 1,
                                       o, (size_t)1 << 33, 1),
                         -EOVERFLOW);
        assert_int_equal(trueno_transpose(v, (size_t)1 << 40, (size_t)1 << 40, o, (size_t)1 << 40,
                                          (size_t)1 << 40),
                         -EOVERFLOW);
        assert_int_equal(trueno_matvec(v, SIZE_MAX, SIZE_MAX, v, SIZE_MAX, o, SIZE_MAX),
                         -EOVERFLOW);
}

static void test_shapes(void **state)
{
        float a[12] = {0}, b[12] = {0}, c[12] = {0};

        (void)state;
        assert_int_equal(trueno_matmul(a, 2, 3, b, 3, 4, c, 2, 4), 0);
        assert_int_equal(trueno_matmul(a, 2, 3, b, 2, 4, c, 2, 4), -EINVAL);
        assert_int_equal(trueno_matmul(a, 2, 3, b, 3, 4, c, 3, 4), -EINVAL);
        assert_int_equal(trueno_matmul(a, 2, 3, b, 3, 4, c, 2, 3), -EINVAL);
        assert_int_equal(trueno_matmul(NULL, 2, 3, b, 3, 4, c, 2, 4), -EINVAL);
        assert_int_equal(trueno_matmul(NULL, 0, 3, b, 3, 4, NULL, 0, 4), 0);
        assert_int_equal(trueno_transpose(a, 3, 4, c, 4, 3), 0);
        assert_int_equal(trueno_transpose(a, 3, 4, c, 3, 4), -EINVAL);
        assert_int_equal(trueno_matvec(a, 3, 4, b, 4, c, 3), 0);
        assert_int_equal(trueno_matvec(a, 3, 4, b, 3, c, 3), -EINVAL);
        assert_int_equal(trueno_matvec(a, 3, 4, b, 4, c, 4), -EINVAL);
        assert_int_equal(trueno_vecmat(b, 3, a, 3, 4, c, 4), 0);
        assert_int_equal(trueno_vecmat(b, 4, a, 3, 4, c, 4), -EINVAL);
        assert_int_equal(trueno_vecmat(b, 3, a, 3, 4, c, 3), -EINVAL);
}

static void test_aliasing(void **state)
{
        float buf[64] = {0}, r;

        (void)state;
        for (int i = 0; i < 64; i++)
                buf[i] = (float)i;
        /* in place is fine, a shifted overlap is not */
        assert_int_equal(trueno_add(buf, buf + 32, buf, 16), 0);
        assert_int_equal(trueno_add(buf, buf + 32, buf + 1, 16), -EINVAL);
        assert_int_equal(trueno_relu(buf + 1, buf, 16), -EINVAL);
        assert_int_equal(trueno_relu(buf, buf + 16, 16), 0);
        assert_int_equal(trueno_matmul(buf, 4, 4, buf + 16, 4, 4, buf + 8, 4, 4), -EINVAL);
        assert_int_equal(trueno_matmul(buf, 4, 4, buf + 16, 4, 4, buf + 32, 4, 4), 0);
        assert_int_equal(trueno_transpose(buf, 4, 4, buf, 4, 4), -EINVAL);
        assert_int_equal(trueno_matvec(buf, 4, 4, buf + 16, 4, buf + 2, 4), -EINVAL);
        assert_int_equal(trueno_vecmat(buf + 16, 4, buf, 4, 4, buf + 18, 4), -EINVAL);
        assert_int_equal(trueno_sum(buf, 4, &r), 0);
}

static void test_params(void **state)
{
        float v[3] = {-2, 0.5f, 2}, o[3];

        (void)state;
        assert_int_equal(trueno_clamp(v, 1.0f, -1.0f, o, 3), -EINVAL);
        assert_int_equal(trueno_clamp(v, NAN, 1.0f, o, 3), -EINVAL);
        assert_int_equal(trueno_clamp(v, -1.0f, NAN, o, 3), -EINVAL);
        assert_int_equal(trueno_clamp(v, -1.0f, 1.0f, o, 3), 0);
        assert_true(o[0] == -1.0f && o[1] == 0.5f && o[2] == 1.0f);
        assert_int_equal(trueno_clamp(v, 1.0f, 1.0f, o, 3), 0);
}

static void test_backend_names(void **state)
{
        enum trueno_backend b;

        (void)state;
        for (int i = 0; i < TRUENO_BACKEND_COUNT; i++) {
                const char *name = trueno_backend_to_string((enum trueno_backend)i);

                assert_non_null(name);
                assert_int_equal(trueno_backend_from_string(name, &b), 0);
                assert_int_equal(b, i);
        }
        assert_null(trueno_backend_to_string(TRUENO_BACKEND_COUNT));
        assert_null(trueno_backend_to_string((enum trueno_backend) - 1));
        assert_int_equal(trueno_backend_from_string("AVX2", &b), -EINVAL);
        assert_int_equal(trueno_backend_from_string("avx3", &b), -EINVAL);
        assert_int_equal(trueno_backend_from_string("", &b), -EINVAL);
        assert_int_equal(trueno_backend_from_string(NULL, &b), -EINVAL);
        assert_int_equal(trueno_backend_from_string("scalar", NULL), -EINVAL);
        assert_non_null(trueno_version());
}

static void test_set_backend(void **state)
{
        enum trueno_backend best;

        (void)state;
        assert_int_equal(trueno_set_backend(TRUENO_BACKEND_AUTO), 0);
        best = trueno_get_backend();
        assert_int_equal(trueno_set_backend(TRUENO_BACKEND_COUNT), -EINVAL);
        assert_int_equal(trueno_set_backend((enum trueno_backend) - 3), -EINVAL);
        assert_int_equal(trueno_backend_supported((enum trueno_backend)99), -EINVAL);
        assert_int_equal(trueno_get_backend(), best);
        for (int i = TRUENO_BACKEND_SCALAR; i < TRUENO_BACKEND_COUNT; i++) {
                int sup = trueno_backend_supported((enum trueno_backend)i);
                int r = trueno_set_backend((enum trueno_backend)i);

                assert_true(sup == 0 || sup == 1);
                if (sup) {
                        float v[3] = {1, 2, 3}, s;
                        assert_int_equal(r, 0);
                        assert_int_equal(trueno_get_backend(), i);
                        assert_string_equal(trueno_backend_name(),
                                            trueno_backend_to_string((enum trueno_backend)i));
                        assert_int_equal(trueno_sum(v, 3, &s), 0);
                        assert_true(s == 6.0f);
                } else {
                        /* real unsupported backend on this CPU: error, no SIGILL, and
                         * the previous backend stays active */
                        assert_int_equal(r, -ENOTSUP);
                        assert_int_not_equal(trueno_get_backend(), i);
                }
                printf("# backend %-6s supported=%d\n",
                       trueno_backend_to_string((enum trueno_backend)i), sup);
        }
        /* scalar and auto are always available */
        assert_int_equal(trueno_backend_supported(TRUENO_BACKEND_SCALAR), 1);
        assert_int_equal(trueno_set_backend(TRUENO_BACKEND_AUTO), 0);
        assert_int_equal(trueno_get_backend(), best);
}

static void test_features_consistent(void **state)
{
        unsigned f = trueno_cpu_features();

        (void)state;
        assert_int_equal(f & ~trueno_internal_detected_features(), 0);
        assert_int_equal(trueno_backend_supported(TRUENO_BACKEND_SSE2), !!(f & TRUENO_CPU_SSE2));
        assert_int_equal(trueno_backend_supported(TRUENO_BACKEND_AVX), !!(f & TRUENO_CPU_AVX));
        assert_int_equal(trueno_backend_supported(TRUENO_BACKEND_AVX2),
                         (f & (TRUENO_CPU_AVX2 | TRUENO_CPU_FMA | TRUENO_CPU_AVX)) ==
                             (TRUENO_CPU_AVX2 | TRUENO_CPU_FMA | TRUENO_CPU_AVX));
        if (trueno_backend_supported(TRUENO_BACKEND_AVX512))
                assert_true(f & TRUENO_CPU_AVX512F);
}

/* Simulated CPUs: hide features and check the dispatcher refuses what is missing. */
static void test_simulated_unsupported(void **state)
{
        static const struct {
                unsigned mask;
                enum trueno_backend best;
        } sims[] = {
            {0, TRUENO_BACKEND_SCALAR},
            {TRUENO_CPU_SSE2, TRUENO_BACKEND_SSE2},
            {TRUENO_CPU_SSE2 | TRUENO_CPU_AVX, TRUENO_BACKEND_AVX},
            /* AVX2 without FMA (some VIA/Zhaoxin parts): avx2 backend needs both */
            {TRUENO_CPU_SSE2 | TRUENO_CPU_AVX | TRUENO_CPU_AVX2, TRUENO_BACKEND_AVX},
            {TRUENO_CPU_SSE2 | TRUENO_CPU_AVX | TRUENO_CPU_AVX2 | TRUENO_CPU_FMA,
             TRUENO_BACKEND_AVX2},
        };
        unsigned real = trueno_internal_detected_features();

        (void)state;
        for (size_t i = 0; i < sizeof(sims) / sizeof(sims[0]); i++) {
                float v[5] = {1, 2, 3, 4, 5}, s;

                /* a simulation can only remove features, never add them */
                if ((sims[i].mask & real) != sims[i].mask)
                        continue;
                assert_int_equal(trueno_set_backend(TRUENO_BACKEND_AUTO), 0);
                trueno_internal_set_feature_mask(sims[i].mask);
                /* the active backend had to fall back to what the "CPU" has */
                assert_true(trueno_get_backend() <= sims[i].best);
                assert_int_equal(trueno_set_backend(TRUENO_BACKEND_AUTO), 0);
                assert_int_equal(trueno_get_backend(), sims[i].best);
                for (int b = sims[i].best + 1; b < TRUENO_BACKEND_COUNT; b++) {
                        assert_int_equal(trueno_backend_supported((enum trueno_backend)b), 0);
                        assert_int_equal(trueno_set_backend((enum trueno_backend)b), -ENOTSUP);
                        assert_int_equal(trueno_get_backend(), sims[i].best);
                }
                assert_int_equal(trueno_sum(v, 5, &s), 0);
                assert_true(s == 15.0f);
        }
        trueno_internal_set_feature_mask(~0u);
        assert_int_equal(trueno_set_backend(TRUENO_BACKEND_AUTO), 0);
}

static void test_env_override(void **state)
{
        char *saved = getenv("TRUENO_BACKEND") ? strdup(getenv("TRUENO_BACKEND")) : NULL;
        enum trueno_backend best;

        (void)state;
        unsetenv("TRUENO_BACKEND");
        assert_int_equal(trueno_internal_reinit(), 0);
        best = trueno_get_backend();

        setenv("TRUENO_BACKEND", "bogus", 1);
        assert_int_equal(trueno_internal_reinit(), -EINVAL);
        assert_int_equal(trueno_init_status(), -EINVAL);
        assert_int_equal(trueno_get_backend(), best); /* ignored: auto */

        setenv("TRUENO_BACKEND", "Scalar", 1); /* names are case-sensitive */
        assert_int_equal(trueno_internal_reinit(), -EINVAL);

        setenv("TRUENO_BACKEND", "scalar", 1);
        assert_int_equal(trueno_internal_reinit(), 0);
        assert_int_equal(trueno_get_backend(), TRUENO_BACKEND_SCALAR);
        assert_string_equal(trueno_backend_name(), "scalar");

        setenv("TRUENO_BACKEND", "auto", 1);
        assert_int_equal(trueno_internal_reinit(), 0);
        assert_int_equal(trueno_get_backend(), best);

        setenv("TRUENO_BACKEND", "", 1);
        assert_int_equal(trueno_internal_reinit(), 0);

        /* unsupported: simulate a CPU with SSE2 only when the real one has more */
        if (trueno_internal_detected_features() & TRUENO_CPU_SSE2) {
                trueno_internal_set_feature_mask(TRUENO_CPU_SSE2);
                setenv("TRUENO_BACKEND", "avx2", 1);
                assert_int_equal(trueno_internal_reinit(), -ENOTSUP);
                assert_int_equal(trueno_init_status(), -ENOTSUP);
                assert_int_equal(trueno_get_backend(), TRUENO_BACKEND_SSE2);
                setenv("TRUENO_BACKEND", "avx512", 1);
                assert_int_equal(trueno_internal_reinit(), -ENOTSUP);
                setenv("TRUENO_BACKEND", "sse2", 1);
                assert_int_equal(trueno_internal_reinit(), 0);
                trueno_internal_set_feature_mask(~0u);
        }

        if (saved) {
                setenv("TRUENO_BACKEND", saved, 1);
                free(saved);
        } else {
                unsetenv("TRUENO_BACKEND");
        }
        trueno_internal_reinit();
        assert_int_equal(trueno_set_backend(TRUENO_BACKEND_AUTO), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_initial_env),
            cmocka_unit_test(test_null_and_empty),
            cmocka_unit_test(test_sizes_overflow),
            cmocka_unit_test(test_shapes),
            cmocka_unit_test(test_aliasing),
            cmocka_unit_test(test_params),
            cmocka_unit_test(test_backend_names),
            cmocka_unit_test(test_set_backend),
            cmocka_unit_test(test_features_consistent),
            cmocka_unit_test(test_simulated_unsupported),
            cmocka_unit_test(test_env_override),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
