/* SPDX-License-Identifier: MIT */
/*
 * The OpenCL offload against the numerical contract of trueno.h, on whatever OpenCL
 * device the ICD loader finds (PoCL's CPU device in CI), and its fallbacks:
 *
 *   test_trueno_opencl device     TRUENO_BACKEND=opencl: sgemm and buffer chains on
 *                                 the device; skips (77) without a device unless
 *                                 TRUENO_TEST_REQUIRE_OPENCL=1
 *   test_trueno_opencl icd        the same on PoCL's ICD library named directly
 *                                 (TRUENO_OPENCL_LIBRARY), through its dispatch
 *                                 table, as on a host without libOpenCL.so.1
 *   test_trueno_opencl fallback   TRUENO_BACKEND=opencl with an empty ICD directory
 *                                 (OCL_ICD_VENDORS): the CPU runs, the reason is kept
 *   test_trueno_opencl noloader   TRUENO_BACKEND=opencl, no loadable libOpenCL
 *   test_trueno_opencl named      TRUENO_BACKEND=scalar: nothing offloads, ever
 *   test_trueno_opencl lazy       TRUENO_BACKEND unset: small calls never load
 *                                 OpenCL; a CPU-only device is not used in auto mode
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "test_common.h"

#define EPS ((double)FLT_EPSILON)

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

/* c against the exact product within 2 k eps S per element (trueno.h) */
static void check_product(const char *what, const float *a, const float *b, const float *c,
                          size_t m, size_t k, size_t n)
{
        long double *ref = malloc((m * n + 1) * sizeof(*ref));
        long double *rabs = malloc((m * n + 1) * sizeof(*rabs));

        assert_non_null(ref);
        assert_non_null(rabs);
        ref_matmul(a, b, m, k, n, ref, rabs);
        for (size_t i = 0; i < m * n; i++) {
                long double err = fabsl((long double)c[i] - ref[i]);

                if (!(err <= 2.0L * k * EPS * rabs[i]))
                        fail_msg("%s %zux%zux%zu at %zu: got %.9g want %.12Lg", what, m, k, n, i,
                                 c[i], ref[i]);
        }
        free(ref);
        free(rabs);
}

static void matmul_case(size_t m, size_t k, size_t n)
{
        struct tt_buf ba, bb, bc;
        float *a = tt_alloc(&ba, m * k, tt_below(4));
        float *b = tt_alloc(&bb, k * n, tt_below(4));
        float *c = tt_alloc(&bc, m * n, tt_below(4));

        tt_fill(a, m * k, -1.0f, 1.0f);
        tt_fill(b, k * n, -1.0f, 1.0f);
        for (size_t i = 0; i < m * n; i++)
                c[i] = NAN; /* every element must be written */
        c[m * n] = 12345.0f;
        assert_int_equal(trueno_matmul(a, m, k, b, k, n, c, m, n), 0);
        assert_true(c[m * n] == 12345.0f);
        if (k == 0) {
                for (size_t i = 0; i < m * n; i++)
                        assert_true(c[i] == 0.0f);
        } else {
                check_product("device matmul", a, b, c, m, k, n);
        }
        tt_free(&ba);
        tt_free(&bb);
        tt_free(&bc);
}

static int device_setup(void **state)
{
        int r;

        (void)state;
        r = trueno_opencl_init();
        printf("# opencl: init %d: %s\n", r, trueno_opencl_reason());
        if (r < 0) {
                const char *req = getenv("TRUENO_TEST_REQUIRE_OPENCL");

                if (req && strcmp(req, "1") == 0) {
                        fprintf(stderr, "OpenCL device required but: %s\n", trueno_opencl_reason());
                        return -1;
                }
                printf("# no OpenCL device here: skipping\n");
                exit(77);
        }
        return 0;
}

static void test_device_ready(void **state)
{
        char info[256];

        (void)state;
        assert_int_equal(trueno_get_offload(), TRUENO_OFFLOAD_FORCE);
        assert_int_equal(trueno_opencl_status(), 0);
        assert_int_equal(trueno_init_status(), 0);
        assert_true(trueno_opencl_info(info, sizeof(info)) > 0);
        assert_non_null(strstr(info, "device="));
        printf("# %s\n", info);
}

static void test_device_matmul(void **state)
{
        /* tile edges (32), k not a tile multiple, degenerate shapes */
        static const size_t fixed[][3] = {{1, 1, 1},     {3, 5, 7},   {32, 32, 32},   {33, 31, 65},
                                          {64, 1, 64},   {5, 0, 3},   {1, 300, 1},    {100, 17, 70},
                                          {97, 257, 33}, {7, 5, 300}, {200, 200, 200}};

        unsigned long before = trueno_internal_opencl_matmuls(), cases = 8;

        (void)state;
        for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
                matmul_case(fixed[i][0], fixed[i][1], fixed[i][2]);
                cases += fixed[i][1] != 0; /* k == 0 is zeros, no device work */
        }
        for (int cs = 0; cs < 8; cs++)
                matmul_case(1 + tt_below(90), 1 + tt_below(90), 1 + tt_below(90));
        /* each product really ran on the device (no silent CPU fallback) */
        assert_int_equal(trueno_internal_opencl_matmuls() - before, cases);
}

/* A device failure in the middle of a run: that matmul runs on the CPU, right. */
static void test_device_failure_falls_back(void **state)
{
        unsigned long fb = trueno_internal_opencl_fallbacks();
        unsigned long ok = trueno_internal_opencl_matmuls();

        (void)state;
        trueno_internal_opencl_fail_next(-EIO);
        matmul_case(40, 50, 60);
        assert_int_equal(trueno_internal_opencl_fallbacks(), fb + 1);
        assert_int_equal(trueno_internal_opencl_matmuls(), ok);
        matmul_case(40, 50, 60); /* and the next one is on the device again */
        assert_int_equal(trueno_internal_opencl_matmuls(), ok + 1);
        assert_int_equal(trueno_opencl_status(), 0);
}

struct mm_job {
        int rounds;
        int bad;
};

static void *mm_thread(void *arg)
{
        struct mm_job *j = arg;
        const size_t n = 37;
        float a[37 * 37], b[37 * 37], c[37 * 37];

        for (size_t i = 0; i < n * n; i++) {
                a[i] = (float)(i % 5) - 2.0f;
                b[i] = (float)(i % 3) - 1.0f;
        }
        for (int r = 0; r < j->rounds; r++) {
                if (trueno_matmul(a, n, n, b, n, n, c, n, n) != 0) {
                        j->bad++;
                        continue;
                }
                /* small integers: every order of summation is exact */
                for (size_t i = 0; i < n; i++)
                        for (size_t jj = 0; jj < n; jj++) {
                                float s = 0;
                                for (size_t p = 0; p < n; p++)
                                        s += a[i * n + p] * b[p * n + jj];
                                if (c[i * n + jj] != s)
                                        j->bad++;
                        }
        }
        return NULL;
}

/* Several threads offloading at once share one queue and one kernel object. */
static void test_device_threads(void **state)
{
        pthread_t t[4];
        struct mm_job j[4];
        unsigned long before = trueno_internal_opencl_matmuls();

        (void)state;
        for (int i = 0; i < 4; i++) {
                j[i] = (struct mm_job){.rounds = 10};
                assert_int_equal(pthread_create(&t[i], NULL, mm_thread, &j[i]), 0);
        }
        for (int i = 0; i < 4; i++) {
                assert_int_equal(pthread_join(t[i], NULL), 0);
                assert_int_equal(j[i].bad, 0);
        }
        assert_int_equal(trueno_internal_opencl_matmuls() - before, 40);
}

/* The chain gpu_transfer runs: upload once, three products and scales on the
 * device, read once; compared with the same chain on the CPU, each step within the
 * contract's bound of its own inputs. */
static void test_buffer_chain(void **state)
{
        const size_t n = 96;
        float *a = malloc(n * n * sizeof(float)), *b = malloc(n * n * sizeof(float));
        float *c = malloc(n * n * sizeof(float)), *s = malloc(n * n * sizeof(float));
        trueno_buffer *da, *db, *dc, *dd;

        (void)state;
        assert_non_null(a);
        assert_non_null(b);
        assert_non_null(c);
        assert_non_null(s);
        tt_fill(a, n * n, -1.0f, 1.0f);
        tt_fill(b, n * n, -1.0f, 1.0f);
        assert_int_equal(trueno_buffer_create(n * n, &da), 0);
        assert_int_equal(trueno_buffer_create(n * n, &db), 0);
        assert_int_equal(trueno_buffer_create(n * n, &dc), 0);
        assert_int_equal(trueno_buffer_create(n * n, &dd), 0);
        assert_int_equal(trueno_buffer_on_device(da), 1);
        assert_int_equal(trueno_buffer_length(da), n * n);
        /* fresh buffers read as zeros */
        assert_int_equal(trueno_buffer_read(dc, 0, c, n * n), 0);
        for (size_t i = 0; i < n * n; i++)
                assert_true(c[i] == 0.0f);
        assert_int_equal(trueno_buffer_write(da, 0, a, n * n), 0);
        assert_int_equal(trueno_buffer_write(db, 0, b, n * n), 0);
        for (int step = 0; step < 3; step++) {
                /* s holds the current left operand on the host, for the check */
                assert_int_equal(trueno_buffer_read(da, 0, s, n * n), 0);
                assert_int_equal(trueno_buffer_matmul(da, n, n, db, n, n, dc, n, n), 0);
                assert_int_equal(trueno_buffer_read(dc, 0, c, n * n), 0);
                check_product("buffer matmul", s, b, c, n, n, n);
                /* scale by a power of two is exact; then a = 0.125 c */
                assert_int_equal(trueno_buffer_scale(dc, 0.125f, da), 0);
                assert_int_equal(trueno_buffer_read(da, 0, s, n * n), 0);
                for (size_t i = 0; i < n * n; i++)
                        assert_true(s[i] == c[i] * 0.125f);
        }
        /* add: single IEEE additions, bit-identical to the CPU */
        assert_int_equal(trueno_buffer_add(da, db, dd), 0);
        assert_int_equal(trueno_buffer_add(dd, db, dd), 0); /* in place */
        assert_int_equal(trueno_buffer_finish(), 0);
        assert_int_equal(trueno_buffer_read(dd, 0, c, n * n), 0);
        for (size_t i = 0; i < n * n; i++)
                assert_true(tt_same(c[i], (s[i] + b[i]) + b[i]));
        /* partial writes and reads land where asked */
        assert_int_equal(trueno_buffer_write(dd, 5, a, 3), 0);
        assert_int_equal(trueno_buffer_read(dd, 4, c, 5), 0);
        assert_true(c[1] == a[0] && c[2] == a[1] && c[3] == a[2]);
        trueno_buffer_destroy(da);
        trueno_buffer_destroy(db);
        trueno_buffer_destroy(dc);
        trueno_buffer_destroy(dd);
        free(a);
        free(b);
        free(c);
        free(s);
}

/* Hostile arguments: out-of-range, mismatched, aliased; nothing is written. */
static void test_buffer_errors(void **state)
{
        trueno_buffer *x, *y, *big;
        float v[8] = {0};

        (void)state;
        assert_int_equal(trueno_buffer_create(6, NULL), -EINVAL);
        assert_int_equal(trueno_buffer_create(SIZE_MAX / 2, &x), -EOVERFLOW);
        assert_int_equal(trueno_buffer_create(6, &x), 0);
        assert_int_equal(trueno_buffer_create(6, &y), 0);
        assert_int_equal(trueno_buffer_create(7, &big), 0);
        assert_int_equal(trueno_buffer_write(x, 5, v, 2), -EINVAL);
        assert_int_equal(trueno_buffer_write(x, SIZE_MAX, v, 2), -EINVAL);
        assert_int_equal(trueno_buffer_write(x, 0, NULL, 2), -EINVAL);
        assert_int_equal(trueno_buffer_read(x, 2, v, SIZE_MAX - 1), -EINVAL);
        assert_int_equal(trueno_buffer_write(NULL, 0, v, 1), -EINVAL);
        assert_int_equal(trueno_buffer_add(x, big, y), -EINVAL);
        assert_int_equal(trueno_buffer_scale(x, 2.0f, big), -EINVAL);
        /* 2x3 * 3x2 -> 2x2 needs c of 4 elements */
        assert_int_equal(trueno_buffer_matmul(x, 2, 3, y, 3, 2, big, 2, 2), -EINVAL);
        assert_int_equal(trueno_buffer_matmul(x, 2, 3, y, 3, 2, x, 2, 2), -EINVAL);
        assert_int_equal(trueno_buffer_matmul(x, 2, 3, y, 2, 3, big, 2, 3), -EINVAL);
        assert_int_equal(trueno_buffer_on_device(NULL), -EINVAL);
        trueno_buffer_destroy(NULL);
        trueno_buffer_destroy(x);
        trueno_buffer_destroy(y);
        trueno_buffer_destroy(big);
}

static void test_threshold_model(void **state)
{
        const uint64_t ref = (uint64_t)512 * 512 * 512;

        (void)state;
        /* the device at half the CPU's time wins from the gate on */
        assert_true(trueno_internal_offload_threshold(0.001, 0.002) == TRUENO_OCL_AUTO_MIN_WORK);
        /* four times slower: break-even at 4 x 512^3 */
        assert_true(trueno_internal_offload_threshold(0.008, 0.002) == 4 * ref);
        assert_true(trueno_internal_offload_threshold(0.0, 0.002) == UINT64_MAX);
        assert_true(trueno_internal_offload_threshold(0.001, -1.0) == UINT64_MAX);
        assert_true(trueno_internal_offload_threshold(NAN, 0.002) == UINT64_MAX);
        assert_true(trueno_internal_offload_threshold(1e30, 1e-9) == UINT64_MAX);
}

/* With no device, everything still works on the CPU. */
static void cpu_results_everywhere(void)
{
        trueno_buffer *x, *y, *z;
        float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 0, 0, 1, 2, 3}, c[4];

        assert_int_equal(trueno_matmul(a, 2, 3, b, 3, 2, c, 2, 2), 0);
        assert_true(c[0] == 7 && c[1] == 11 && c[2] == 16 && c[3] == 23);
        matmul_case(33, 40, 50);
        assert_int_equal(trueno_buffer_create(6, &x), 0);
        assert_int_equal(trueno_buffer_create(6, &y), 0);
        assert_int_equal(trueno_buffer_create(4, &z), 0);
        assert_int_equal(trueno_buffer_on_device(x), 0);
        assert_int_equal(trueno_buffer_write(x, 0, a, 6), 0);
        assert_int_equal(trueno_buffer_write(y, 0, b, 6), 0);
        assert_int_equal(trueno_buffer_matmul(x, 2, 3, y, 3, 2, z, 2, 2), 0);
        assert_int_equal(trueno_buffer_scale(z, 0.5f, z), 0);
        assert_int_equal(trueno_buffer_finish(), 0);
        assert_int_equal(trueno_buffer_read(z, 0, c, 4), 0);
        assert_true(c[0] == 3.5f && c[1] == 5.5f && c[2] == 8 && c[3] == 11.5f);
        trueno_buffer_destroy(x);
        trueno_buffer_destroy(y);
        trueno_buffer_destroy(z);
}

static char empty_dir[64];

static void test_fallback_empty_icd(void **state)
{
        (void)state;
        assert_int_equal(trueno_opencl_status(), 1); /* nothing tried at start */
        assert_int_equal(trueno_init_status(), 0);
        cpu_results_everywhere(); /* the first matmul tries the device and falls back */
        assert_int_equal(trueno_internal_opencl_matmuls(), 0);
        if (trueno_opencl_status() == -ENOENT) {
                /* no ICD loader on this host at all: a fallback too, another reason */
                printf("# no libOpenCL here: %s\n", trueno_opencl_reason());
                assert_int_equal(trueno_init_status(), -ENOENT);
                return;
        }
        assert_int_equal(trueno_opencl_status(), -ENODEV);
        assert_int_equal(trueno_init_status(), -ENODEV);
        assert_int_equal(trueno_opencl_init(), -ENODEV);
        assert_non_null(strstr(trueno_opencl_reason(), "no OpenCL platform"));
        printf("# reason: %s\n", trueno_opencl_reason());
}

static void test_fallback_no_loader(void **state)
{
        (void)state;
        cpu_results_everywhere();
        assert_int_equal(trueno_opencl_status(), -ENOENT);
        assert_int_equal(trueno_init_status(), -ENOENT);
        assert_non_null(strstr(trueno_opencl_reason(), "opencl: "));
        printf("# reason: %s\n", trueno_opencl_reason());
}

/* Auto mode: small work never loads OpenCL; large work asks, and a CPU-only
 * device (PoCL) is passed over, with the reason kept but init_status untouched. */
static void test_lazy_auto(void **state)
{
        const size_t s = 512;
        float *a = calloc(s * s, sizeof(float)), *b = calloc(s * s, sizeof(float));
        float *c = calloc(s * s, sizeof(float));

        (void)state;
        assert_non_null(a);
        assert_non_null(b);
        assert_non_null(c);
        assert_int_equal(trueno_get_offload(), TRUENO_OFFLOAD_AUTO);
        matmul_case(64, 64, 64);
        matmul_case(300, 300, 300); /* 2.7e7 multiply-adds: under the gate */
        assert_int_equal(trueno_opencl_status(), 1);
        /* named CPU backend: offload off */
        assert_int_equal(trueno_set_offload(TRUENO_OFFLOAD_OFF), 0);
        assert_int_equal(trueno_matmul(a, s, s, b, s, s, c, s, s), 0);
        assert_int_equal(trueno_opencl_status(), 1);
        assert_int_equal(trueno_opencl_init(), -ENOTSUP);
        assert_int_equal(trueno_set_offload((enum trueno_offload)7), -EINVAL);
        assert_int_equal(trueno_set_offload(TRUENO_OFFLOAD_AUTO), 0);
        for (size_t i = 0; i < s * s; i++) {
                a[i] = (float)(i % 3);
                b[i] = 1.0f;
        }
        assert_int_equal(trueno_matmul(a, s, s, b, s, s, c, s, s), 0);
        /* row i of a sums to 512 * mean of (i*512 + j) % 3 pattern: check two */
        {
                double r0 = 0;
                for (size_t p = 0; p < s; p++)
                        r0 += a[p];
                assert_true(c[0] == (float)r0 && c[s - 1] == (float)r0);
        }
        printf("# after a 512^3 matmul: status %d: %s\n", trueno_opencl_status(),
               trueno_opencl_reason());
        assert_int_not_equal(trueno_opencl_status(), 1);
        assert_int_equal(trueno_init_status(), 0);
        {
                char info[256];

                assert_true(trueno_opencl_info(info, sizeof(info)) > 0);
                printf("# auto mode: %s\n", info);
        }
        free(a);
        free(b);
        free(c);
}

/* TRUENO_BACKEND=<a CPU backend>: the CPU was asked for, nothing offloads. */
static void test_named_cpu_backend(void **state)
{
        const size_t s = 512;
        float *a = calloc(s * s, sizeof(float)), *b = calloc(s * s, sizeof(float));
        float *c = calloc(s * s, sizeof(float));
        trueno_buffer *x;

        (void)state;
        assert_non_null(a);
        assert_non_null(b);
        assert_non_null(c);
        assert_int_equal(trueno_get_offload(), TRUENO_OFFLOAD_OFF);
        assert_int_equal(trueno_get_backend(), TRUENO_BACKEND_SCALAR);
        assert_int_equal(trueno_matmul(a, s, s, b, s, s, c, s, s), 0);
        assert_int_equal(trueno_buffer_create(16, &x), 0);
        assert_int_equal(trueno_buffer_on_device(x), 0);
        trueno_buffer_destroy(x);
        assert_int_equal(trueno_opencl_status(), 1); /* never even tried */
        assert_int_equal(trueno_opencl_init(), -ENOTSUP);
        free(a);
        free(b);
        free(c);
}

int main(int argc, char **argv)
{
        const char *mode = argc > 1 ? argv[1] : "";
        const struct CMUnitTest device[] = {
            cmocka_unit_test(test_device_ready),
            cmocka_unit_test(test_device_matmul),
            cmocka_unit_test(test_device_failure_falls_back),
            cmocka_unit_test(test_device_threads),
            cmocka_unit_test(test_buffer_chain),
            cmocka_unit_test(test_buffer_errors),
            cmocka_unit_test(test_threshold_model),
        };
        const struct CMUnitTest fallback[] = {cmocka_unit_test(test_fallback_empty_icd),
                                              cmocka_unit_test(test_buffer_errors)};
        const struct CMUnitTest noloader[] = {cmocka_unit_test(test_fallback_no_loader)};
        const struct CMUnitTest icd[] = {
            cmocka_unit_test(test_device_ready),
            cmocka_unit_test(test_device_matmul),
            cmocka_unit_test(test_buffer_chain),
        };
        const struct CMUnitTest named[] = {cmocka_unit_test(test_named_cpu_backend)};
        const struct CMUnitTest lazy[] = {cmocka_unit_test(test_lazy_auto),
                                          cmocka_unit_test(test_threshold_model)};
        int r;

        tt_seed_init("test_trueno_opencl");
        if (strcmp(mode, "device") == 0) {
                setenv("TRUENO_BACKEND", "opencl", 1);
                return cmocka_run_group_tests(device, device_setup, NULL);
        }
        if (strcmp(mode, "fallback") == 0) {
                /* an ICD loader that finds no vendor file: no platform at all */
                snprintf(empty_dir, sizeof(empty_dir), "/tmp/trueno-icd-XXXXXX");
                if (!mkdtemp(empty_dir))
                        return 1;
                setenv("OCL_ICD_VENDORS", empty_dir, 1);
                setenv("TRUENO_BACKEND", "opencl", 1);
                r = cmocka_run_group_tests(fallback, NULL, NULL);
                rmdir(empty_dir);
                return r;
        }
        if (strcmp(mode, "noloader") == 0) {
                setenv("TRUENO_OPENCL_LIBRARY", "/nonexistent/libOpenCL.so.1", 1);
                setenv("TRUENO_BACKEND", "opencl", 1);
                return cmocka_run_group_tests(noloader, NULL, NULL);
        }
        if (strcmp(mode, "icd") == 0) {
                /* the vendor library itself, without the ICD loader, through the
                 * dispatch table (PoCL's library exports the entry points too, so
                 * the test hook makes libtrueno use the table anyway) */
                char lib[256] = "";
                FILE *f = fopen("/etc/OpenCL/vendors/pocl.icd", "r");

                if (!f || !fgets(lib, sizeof(lib), f)) {
                        if (f)
                                fclose(f);
                        printf("# no PoCL vendor file: skipping\n");
                        return 77;
                }
                fclose(f);
                lib[strcspn(lib, "\r\n")] = '\0';
                setenv("TRUENO_OPENCL_LIBRARY", lib, 1);
                setenv("TRUENO_BACKEND", "opencl", 1);
                trueno_internal_opencl_force_icd(1);
                return cmocka_run_group_tests(icd, device_setup, NULL);
        }
        if (strcmp(mode, "named") == 0) {
                setenv("TRUENO_BACKEND", "scalar", 1);
                return cmocka_run_group_tests(named, NULL, NULL);
        }
        if (strcmp(mode, "lazy") == 0) {
                unsetenv("TRUENO_BACKEND");
                return cmocka_run_group_tests(lazy, NULL, NULL);
        }
        fprintf(stderr, "usage: test_trueno_opencl device|icd|fallback|noloader|named|lazy\n");
        return 2;
}
