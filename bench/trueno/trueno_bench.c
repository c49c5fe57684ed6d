/* SPDX-License-Identifier: MIT */
/*
 * trueno-bench: throughput tables for libtrueno.  Prints numbers and target checks;
 * never fails on timing (exit status only reflects setup errors).
 *
 *   trueno-bench [--quick] [--ops=name,name,...] [--no-gemm|--gemm-only]
 *
 * Sections:
 *   1. memory bandwidth: STREAM add (c[i] = a[i] + b[i], 128-bit loads and ordinary
 *      stores) on three arrays of at least 4x the last-level cache each (STREAM's
 *      rule; the LLC size is read from sysfs), single thread.  Bytes are counted the
 *      STREAM way: what the program reads plus writes (write-allocate traffic is not
 *      counted, for STREAM add nor for the ops).
 *   2. per op and backend at 1K, 100K and 10M elements: Gelem/s and ratio to scalar,
 *      plus GB/s for the fastest backend.
 *   3. sgemm 256 and 1024, single-threaded, every backend next to OpenBLAS (run.sh
 *      forces OpenBLAS's best kernel for the CPU with OPENBLAS_CORETYPE).
 *   4. trueno add and dot on the same 4x-LLC arrays against STREAM add, measured
 *      interleaved (same conditions).  add moves what STREAM add moves, so it can
 *      reach, not pass, 100% but for noise; dot reads two arrays and writes none, so
 *      it has no write-allocate traffic and may pass 100%.
 *   5. targets: met/missed.
 *
 * Each figure is the best of several timed batches (after a warm-up call) on a
 * pinned CPU; the scalar column is the scalar backend (plain C loops, see
 * libtrueno/src/backend_scalar.c).
 */
#include <emmintrin.h>
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trueno.h"

#if TRUENO_BENCH_OPENBLAS
#include <cblas.h>
#endif

static double now(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int quick;
static const char *only_ops;

/* ------------------------------------------------------------------ data */

static float *A, *B, *C, *O;
static size_t cap;

static float *xalloc(size_t n)
{
        float *p = aligned_alloc(64, (n * sizeof(float) + 63) & ~(size_t)63);

        if (!p) {
                fprintf(stderr, "trueno-bench: out of memory\n");
                exit(1);
        }
        return p;
}

static void fill(float *x, size_t n, uint32_t seed, float lo, float hi)
{
        uint32_t s = seed;

        for (size_t i = 0; i < n; i++) {
                s = s * 1664525u + 1013904223u;
                x[i] = lo + (hi - lo) * (float)(s >> 8) * (1.0f / 16777216.0f);
        }
}

/* ------------------------------------------------------------------ ops */

static volatile float sink_f;
static volatile size_t sink_z;

typedef void (*op_fn)(size_t n);

#define OPF(name, call)                                                                            \
        static void op_##name(size_t n)                                                            \
        {                                                                                          \
                call;                                                                              \
        }
#define OPR(name, call)                                                                            \
        static void op_##name(size_t n)                                                            \
        {                                                                                          \
                float r = 0;                                                                       \
                call;                                                                              \
                sink_f = r;                                                                        \
        }

OPF(add, trueno_add(A, B, O, n))
OPF(sub, trueno_sub(A, B, O, n))
OPF(mul, trueno_mul(A, B, O, n))
OPF(div, trueno_div(A, B, O, n))
OPF(scale, trueno_scale(A, 1.5f, O, n))
OPF(fma, trueno_fma(A, B, C, O, n))
OPF(abs, trueno_abs(A, O, n))
OPF(clamp, trueno_clamp(A, -0.5f, 0.5f, O, n))
OPF(lerp, trueno_lerp(A, B, 0.25f, O, n))
OPR(dot, trueno_dot(A, B, n, &r))
OPR(sum, trueno_sum(A, n, &r))
OPR(sum_kahan, trueno_sum_kahan(A, n, &r))
OPR(min, trueno_min(A, n, &r))
OPR(max, trueno_max(A, n, &r))
OPR(norm_l1, trueno_norm_l1(A, n, &r))
OPR(norm_l2, trueno_norm_l2(A, n, &r))
OPR(norm_linf, trueno_norm_linf(A, n, &r))
OPR(mean, trueno_mean(A, n, &r))
OPR(variance, trueno_variance(A, n, &r))
OPR(stddev, trueno_stddev(A, n, &r))
OPF(relu, trueno_relu(A, O, n))
OPF(leaky_relu, trueno_leaky_relu(A, 0.01f, O, n))
OPF(elu, trueno_elu(A, 1.0f, O, n))
OPF(sigmoid, trueno_sigmoid(A, O, n))
OPF(tanh, trueno_tanh(A, O, n))
OPF(gelu, trueno_gelu(A, O, n))
OPF(swish, trueno_swish(A, O, n))
OPF(softmax, trueno_softmax(A, O, n))
OPF(log_softmax, trueno_log_softmax(A, O, n))
OPR(cosine, trueno_cosine_similarity(A, B, n, &r))
OPR(euclidean, trueno_euclidean_distance(A, B, n, &r))
OPR(manhattan, trueno_manhattan_distance(A, B, n, &r))

static void op_argmin(size_t n)
{
        size_t i = 0;

        trueno_argmin(A, n, &i);
        sink_z = i;
}

static void op_argmax(size_t n)
{
        size_t i = 0;

        trueno_argmax(A, n, &i);
        sink_z = i;
}

/* matrix ops on a square-ish matrix of about n elements */
static size_t side(size_t n)
{
        size_t s = 1;

        while ((s + 1) * (s + 1) <= n)
                s++;
        return s;
}

static void op_matvec(size_t n)
{
        size_t s = side(n);

        trueno_matvec(A, s, s, B, s, O, s);
}

static void op_transpose(size_t n)
{
        size_t s = side(n);

        trueno_transpose(A, s, s, O, s, s);
}

struct op {
        const char *name;
        op_fn fn;
        double bytes; /* bytes read + written per element, STREAM counting */
};

static const struct op ops[] = {
    {"add", op_add, 12},
    {"sub", op_sub, 12},
    {"mul", op_mul, 12},
    {"div", op_div, 12},
    {"scale", op_scale, 8},
    {"fma", op_fma, 16},
    {"abs", op_abs, 8},
    {"clamp", op_clamp, 8},
    {"lerp", op_lerp, 12},
    {"dot", op_dot, 8},
    {"sum", op_sum, 4},
    {"sum_kahan", op_sum_kahan, 4},
    {"min", op_min, 4},
    {"max", op_max, 4},
    {"argmin", op_argmin, 4},
    {"argmax", op_argmax, 4},
    {"norm_l1", op_norm_l1, 4},
    {"norm_l2", op_norm_l2, 4},
    {"norm_linf", op_norm_linf, 4},
    {"mean", op_mean, 4},
    {"variance", op_variance, 8},
    {"stddev", op_stddev, 8},
    {"relu", op_relu, 8},
    {"leaky_relu", op_leaky_relu, 8},
    {"elu", op_elu, 8},
    {"sigmoid", op_sigmoid, 8},
    {"tanh", op_tanh, 8},
    {"gelu", op_gelu, 8},
    {"swish", op_swish, 8},
    {"softmax", op_softmax, 20},
    {"log_softmax", op_log_softmax, 16},
    {"cosine", op_cosine, 8},
    {"euclidean", op_euclidean, 8},
    {"manhattan", op_manhattan, 8},
    {"matvec", op_matvec, 4},
    {"transpose", op_transpose, 8},
};

/* best seconds per call over several batches, each about target/batches long */
static double time_call(op_fn fn, size_t n, double target)
{
        const int batches = 5;
        double best = 1e30, t0, t1;
        long reps = 1;

        fn(n); /* warm-up: caches, page faults, lazy init */
        t0 = now();
        fn(n);
        t1 = now() - t0;
        if (t1 > 0)
                reps = (long)(target / batches / t1);
        if (reps < 1)
                reps = 1;
        for (int b = 0; b < batches; b++) {
                t0 = now();
                for (long r = 0; r < reps; r++)
                        fn(n);
                t1 = (now() - t0) / (double)reps;
                if (t1 < best)
                        best = t1;
        }
        return best;
}

/* ------------------------------------------------------------------ bandwidth */

static void stream_add(float *restrict c, const float *restrict a, const float *restrict b,
                       size_t n)
{
        size_t i = 0;

        /* a whole cache line of each array per iteration, like the copy it replaces */
        for (; i + 16 <= n; i += 16) {
                __m128 v0 = _mm_add_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i));
                __m128 v1 = _mm_add_ps(_mm_loadu_ps(a + i + 4), _mm_loadu_ps(b + i + 4));
                __m128 v2 = _mm_add_ps(_mm_loadu_ps(a + i + 8), _mm_loadu_ps(b + i + 8));
                __m128 v3 = _mm_add_ps(_mm_loadu_ps(a + i + 12), _mm_loadu_ps(b + i + 12));
                _mm_storeu_ps(c + i, v0);
                _mm_storeu_ps(c + i + 4, v1);
                _mm_storeu_ps(c + i + 8, v2);
                _mm_storeu_ps(c + i + 12, v3);
        }
        for (; i < n; i++)
                c[i] = a[i] + b[i];
}

/* Size of the largest-level cache of CPU 0 in bytes (sysfs), or 0. */
static size_t llc_bytes(void)
{
        size_t best = 0;
        int best_level = 0;

        for (int i = 0; i < 16; i++) {
                char path[96], buf[64];
                FILE *f;
                int level = 0;
                unsigned long sz = 0;
                char unit = 0;

                snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
                if (!(f = fopen(path, "r")))
                        break;
                if (fscanf(f, "%d", &level) != 1)
                        level = 0;
                fclose(f);
                snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
                if (!(f = fopen(path, "r")))
                        continue;
                if (fgets(buf, sizeof(buf), f) && sscanf(buf, "%lu%c", &sz, &unit) >= 1) {
                        size_t bytes = sz * (unit == 'K' ? 1024 : unit == 'M' ? 1048576 : 1);

                        if (level > best_level || (level == best_level && bytes > best)) {
                                best_level = level;
                                best = bytes;
                        }
                }
                fclose(f);
        }
        return best;
}

/* MemAvailable in bytes, or 0 */
static size_t mem_available(void)
{
        char line[128];
        unsigned long kb = 0;
        FILE *f = fopen("/proc/meminfo", "r");

        if (!f)
                return 0;
        while (fgets(line, sizeof(line), f))
                if (sscanf(line, "MemAvailable: %lu kB", &kb) == 1)
                        break;
        fclose(f);
        return (size_t)kb * 1024;
}

static float *SA, *SB, *SC; /* the STREAM arrays */
static size_t sn;           /* their length in floats */

/* ------------------------------------------------------------------ report */

static enum trueno_backend bes[TRUENO_BACKEND_COUNT];
static int nbes;

struct target {
        const char *what;
        double value, threshold;
        const char *unit;
};
static struct target targets[8];
static int ntargets;

static void add_target(const char *what, double value, double threshold, const char *unit)
{
        targets[ntargets++] = (struct target){what, value, threshold, unit};
}

static void print_cpu(void)
{
        char line[512];
        FILE *f = fopen("/proc/cpuinfo", "r");

        if (!f)
                return;
        while (fgets(line, sizeof(line), f)) {
                if (strncmp(line, "model name", 10) == 0) {
                        char *p = strchr(line, ':');
                        printf("cpu:        %s", p ? p + 2 : line);
                        break;
                }
        }
        fclose(f);
}

static int selected(const char *name)
{
        const char *p = only_ops;
        size_t len = strlen(name);

        if (!p)
                return 1;
        while (p && *p) {
                if (strncmp(p, name, len) == 0 && (p[len] == ',' || p[len] == 0))
                        return 1;
                p = strchr(p, ',');
                if (p)
                        p++;
        }
        return 0;
}

static double dot1k_ratio_avx2 = -1;

static void bench_ops(void)
{
        static const size_t sizes[] = {1000, 100000, 10000000};
        const char *best_name = trueno_backend_to_string(bes[nbes - 1]);

        printf("\n## Element-wise, reductions, activations, similarity, matrix-vector\n");
        printf("Cells: Gelem/s (ratio to scalar).  GB/s column: %s backend, STREAM byte "
               "counting.\n\n",
               best_name);
        printf("| %-11s | %-5s |", "op", "n");
        for (int b = 0; b < nbes; b++)
                printf(" %-15s |", trueno_backend_to_string(bes[b]));
        printf(" %-8s |\n|-------------|-------|", "GB/s");
        for (int b = 0; b < nbes; b++)
                printf("-----------------|");
        printf("----------|\n");

        for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
                if (!selected(ops[o].name))
                        continue;
                for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
                        size_t n = sizes[s];
                        double scalar_t = 0, best_t = 0;
                        double elems = (double)n;

                        if (ops[o].fn == op_matvec || ops[o].fn == op_transpose)
                                elems = (double)side(n) * side(n);
                        printf("| %-11s | %-5s |", ops[o].name,
                               s == 0   ? "1K"
                               : s == 1 ? "100K"
                                        : "10M");
                        for (int b = 0; b < nbes; b++) {
                                double target = quick ? 0.02 : (n >= 10000000 ? 0.25 : 0.06);
                                double t;

                                trueno_set_backend(bes[b]);
                                t = time_call(ops[o].fn, n, target);
                                if (b == 0)
                                        scalar_t = t;
                                best_t = t;
                                printf(" %6.2f (%5.1fx) |", elems / t / 1e9, scalar_t / t);
                                if (bes[b] == TRUENO_BACKEND_AVX2 && ops[o].fn == op_dot &&
                                    n == 1000)
                                        dot1k_ratio_avx2 = scalar_t / t;
                        }
                        printf(" %8.2f |\n", ops[o].bytes * elems / best_t / 1e9);
                        fflush(stdout);
                }
        }
        trueno_set_backend(TRUENO_BACKEND_AUTO);
}

/*
 * The bandwidth targets compare trueno add and dot with STREAM add, all on the
 * 4x-LLC arrays.  On a shared machine memory bandwidth drifts during a run, so the
 * three kernels are measured interleaved (STREAM add, add, dot, STREAM add, ...)
 * and the best of each is kept: all three then see the same conditions.
 */
static void bench_bandwidth_targets(void)
{
        const int rounds = quick ? 2 : 5;
        double st_t = 1e30, add_t = 1e30, dot_t = 1e30, sg, ag, dg;
        float r = 0;

        trueno_set_backend(TRUENO_BACKEND_AUTO);
        for (int k = 0; k < rounds; k++) {
                double t = now();

                stream_add(SC, SA, SB, sn);
                t = now() - t;
                st_t = t < st_t ? t : st_t;
                t = now();
                trueno_add(SA, SB, SC, sn);
                t = now() - t;
                add_t = t < add_t ? t : add_t;
                t = now();
                trueno_dot(SA, SB, sn, &r);
                t = now() - t;
                dot_t = t < dot_t ? t : dot_t;
                sink_f = r + SC[k];
        }
        sg = 12.0 * (double)sn / st_t / 1e9;
        ag = 12.0 * (double)sn / add_t / 1e9;
        dg = 8.0 * (double)sn / dot_t / 1e9;
        printf("\n## Bandwidth targets (interleaved STREAM add/add/dot on 3 x %zu MiB, best of "
               "%d rounds, %s backend)\n\n",
               sn * sizeof(float) >> 20, rounds, trueno_backend_name());
        printf("| kernel | bytes counted per element | GB/s | %% of STREAM add |\n");
        printf("|--------|---------------------------|------|-----------------|\n");
        printf("| STREAM add (SSE2) | 12 (8 read + 4 written) | %.2f | 100%% |\n", sg);
        printf("| trueno add | 12 (8 read + 4 written) | %.2f | %.0f%% |\n", ag, 100 * ag / sg);
        printf("| trueno dot | 8 (8 read, no write stream) | %.2f | %.0f%% |\n", dg, 100 * dg / sg);
        add_target("add (4x LLC) vs STREAM add (interleaved)", 100 * ag / sg, 80, "%");
        add_target("dot (4x LLC) vs STREAM add (interleaved)", 100 * dg / sg, 80, "%");
}

/* ------------------------------------------------------------------ sgemm */

static double gemm_time(size_t n, enum trueno_backend be, int blas, float *a, float *b, float *c)
{
        double best = 1e30;
        int reps = n >= 1024 ? (quick ? 2 : 4) : (quick ? 5 : 20);

        if (be == TRUENO_BACKEND_SCALAR && n >= 1024)
                reps = 2;
        if (!blas)
                trueno_set_backend(be);
        for (int r = 0; r <= reps; r++) {
                double t = now();
#if TRUENO_BENCH_OPENBLAS
                if (blas)
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n,
                                    (int)n, 1.0f, a, (int)n, b, (int)n, 0.0f, c, (int)n);
                else
#endif
                        trueno_matmul(a, n, n, b, n, n, c, n, n);
                t = now() - t;
                if (r > 0 && t < best) /* r == 0 is the warm-up */
                        best = t;
        }
        return best;
}

#if TRUENO_BENCH_OPENBLAS
static int cmp_double(const void *x, const void *y)
{
        double a = *(const double *)x, b = *(const double *)y;

        return a < b ? -1 : a > b;
}

/*
 * OpenBLAS and one backend in alternating pairs (order flipped every pair), so both
 * see the same machine: best time of each, and the median of the per-pair ratios,
 * which a noisy neighbour moves less than either best.
 */
static void gemm_pairs(size_t n, enum trueno_backend be, int pairs, double *blas_gf, double *gf,
                       double *median)
{
        float *a = xalloc(n * n), *b = xalloc(n * n), *c = xalloc(n * n);
        double flops = 2.0 * n * n * n, bo = 1e30, bt = 1e30, r[64];

        fill(a, n * n, 11, -1.0f, 1.0f);
        fill(b, n * n, 13, -1.0f, 1.0f);
        trueno_set_backend(be);
        if (pairs > 64)
                pairs = 64;
        for (int i = -1; i < pairs; i++) { /* i == -1: warm-up */
                double tb = 0, tt = 0;

                for (int h = 0; h < 2; h++) {
                        double t = now();

                        if ((h == 0) == (i % 2 == 0)) {
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n,
                                            (int)n, (int)n, 1.0f, a, (int)n, b, (int)n, 0.0f, c,
                                            (int)n);
                                tb = now() - t;
                        } else {
                                trueno_matmul(a, n, n, b, n, n, c, n, n);
                                tt = now() - t;
                        }
                }
                if (i < 0)
                        continue;
                bo = tb < bo ? tb : bo;
                bt = tt < bt ? tt : bt;
                r[i] = tb / tt;
        }
        qsort(r, (size_t)pairs, sizeof(r[0]), cmp_double);
        *blas_gf = flops / bo / 1e9;
        *gf = flops / bt / 1e9;
        *median = r[pairs / 2];
        free(a);
        free(b);
        free(c);
        trueno_set_backend(TRUENO_BACKEND_AUTO);
}

static void bench_gemm_side_by_side(void)
{
        static const size_t sizes[] = {256, 1024};
        const int pairs = quick ? 7 : 15;

        printf("\n## sgemm side by side with OpenBLAS %s (single thread, %d alternating pairs)"
               "\n\n",
               openblas_get_corename(), pairs);
        printf("| n    | backend | OpenBLAS GFLOP/s | trueno GFLOP/s | best/best | median of "
               "pair ratios |\n");
        printf("|------|---------|------------------|----------------|-----------|------------"
               "----------|\n");
        for (size_t s = 0; s < 2; s++) {
                for (int bi = 0; bi < nbes; bi++) {
                        double bg, tg, med;

                        if (bes[bi] != TRUENO_BACKEND_AVX2 && bes[bi] != TRUENO_BACKEND_AVX512)
                                continue;
                        gemm_pairs(sizes[s], bes[bi], sizes[s] >= 1024 ? pairs : 3 * pairs, &bg,
                                   &tg, &med);
                        printf("| %-4zu | %-7s | %16.2f | %14.2f | %8.0f%% | %19.0f%% |\n",
                               sizes[s], trueno_backend_to_string(bes[bi]), bg, tg, 100 * tg / bg,
                               100 * med);
                        fflush(stdout);
                        if (sizes[s] == 1024 && bi == nbes - 1)
                                add_target("sgemm 1024 best backend vs OpenBLAS (1 thread, median "
                                           "of pairs)",
                                           100 * med, 100, "%");
                }
        }
}
#endif

static void bench_gemm(void)
{
        static const size_t sizes[] = {256, 1024};

        printf("\n## sgemm (C = A B, square, row-major, single thread)\n\n");
        printf("| n    | backend  | GFLOP/s | vs OpenBLAS | max abs diff / max abs C      |\n");
        printf("|------|----------|---------|-------------|--------------------------------|\n");
        for (size_t s = 0; s < 2; s++) {
                size_t n = sizes[s];
                float *a = xalloc(n * n), *b = xalloc(n * n), *c = xalloc(n * n);
                float *ref = xalloc(n * n);
                double flops = 2.0 * n * n * n, blas_gf = 0;

                fill(a, n * n, 11, -1.0f, 1.0f);
                fill(b, n * n, 13, -1.0f, 1.0f);
#if TRUENO_BENCH_OPENBLAS
                blas_gf = flops / gemm_time(n, 0, 1, a, b, ref) / 1e9;
                printf("| %-4zu | %-8s | %7.2f | %10.2fx | %-30s |\n", n, "OpenBLAS", blas_gf, 1.0,
                       "-");
#endif
                for (int bi = 0; bi < nbes; bi++) {
                        double gf = flops / gemm_time(n, bes[bi], 0, a, b, c) / 1e9;
                        double md = 0, mr = 0;

                        /* max abs(C - C_openblas) / max abs(C_openblas) */
                        for (size_t i = 0; blas_gf > 0 && i < n * n; i++) {
                                double d = (double)c[i] - (double)ref[i];
                                double rv = ref[i] < 0 ? -(double)ref[i] : (double)ref[i];
                                d = d < 0 ? -d : d;
                                md = d > md ? d : md;
                                mr = rv > mr ? rv : mr;
                        }
                        md = mr > 0 ? md / mr : md;
                        printf("| %-4zu | %-8s | %7.2f | %10.2fx | %30.2e |\n", n,
                               trueno_backend_to_string(bes[bi]), gf,
                               blas_gf > 0 ? gf / blas_gf : 0.0, md);
                        fflush(stdout);
                }
                free(a);
                free(b);
                free(c);
                free(ref);
        }
        trueno_set_backend(TRUENO_BACKEND_AUTO);
#if TRUENO_BENCH_OPENBLAS
        bench_gemm_side_by_side();
#endif
}

int main(int argc, char **argv)
{
        int gemm = 1, gemm_only = 0;
        cpu_set_t set;
        char date[64];
        time_t t = time(NULL);

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--quick") == 0)
                        quick = 1;
                else if (strncmp(argv[i], "--ops=", 6) == 0)
                        only_ops = argv[i] + 6;
                else if (strcmp(argv[i], "--no-gemm") == 0)
                        gemm = 0;
                else if (strcmp(argv[i], "--gemm-only") == 0)
                        gemm_only = 1;
                else {
                        fprintf(
                            stderr,
                            "usage: trueno-bench [--quick] [--ops=a,b] [--no-gemm|--gemm-only]\n");
                        return 2;
                }
        }
        /* one core, so migrations do not show up as noise */
        CPU_ZERO(&set);
        CPU_SET(0, &set);
        sched_setaffinity(0, sizeof(set), &set);
#if TRUENO_BENCH_OPENBLAS
        openblas_set_num_threads(1);
#endif

        strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S %Z", localtime(&t));
        printf("# trueno-bench\n\n```\ndate:       %s\n", date);
        print_cpu();
        printf("libtrueno:  %s, default backend %s\n", trueno_version(), trueno_backend_name());
#if TRUENO_BENCH_OPENBLAS
        printf("openblas:   %s (core %s), threads %d\n", openblas_get_config(),
               openblas_get_corename(), openblas_get_num_threads());
#else
        printf("openblas:   not available at build time\n");
#endif
        nbes = 0;
        for (int b = TRUENO_BACKEND_SCALAR; b < TRUENO_BACKEND_COUNT; b++)
                if (trueno_backend_supported((enum trueno_backend)b) == 1)
                        bes[nbes++] = (enum trueno_backend)b;
        printf("backends:  ");
        for (int b = 0; b < nbes; b++)
                printf(" %s", trueno_backend_to_string(bes[b]));
        printf("\n```\n");
        /* the CPU backends are what is measured: no OpenCL offload */
        trueno_set_offload(TRUENO_OFFLOAD_OFF);
        if (gemm_only) {
                bench_gemm();
                return 0;
        }

        {
                size_t llc = llc_bytes(), avail = mem_available(), want;

                /* STREAM: each array at least 4x the last-level cache */
                want = 4 * (llc ? llc : (size_t)32 << 20);
                sn = want / sizeof(float);
                printf("\n## Memory bandwidth (STREAM add, 1 thread)\n\n");
                printf("last-level cache (sysfs): %zu KiB%s; arrays 3 x %zu MiB", llc >> 10,
                       llc ? "" : " (unknown: 32 MiB assumed)", want >> 20);
                if (avail && 3 * want > avail / 2) {
                        /* never push a shared machine into swap for a bench */
                        sn = avail / 6 / sizeof(float);
                        printf(" wanted, only 3 x %zu MiB used (MemAvailable %zu MiB): "
                               "below STREAM's 4x rule",
                               sn * sizeof(float) >> 20, avail >> 20);
                }
                printf("\n");
        }
        SA = xalloc(sn);
        SB = xalloc(sn);
        SC = xalloc(sn);
        fill(SA, sn, 7, -1.0f, 1.0f);
        fill(SB, sn, 8, -1.0f, 1.0f);
        memset(SC, 0, sn * sizeof(float));
        {
                double best = 1e30;

                for (int r = 0; r < (quick ? 2 : 3); r++) {
                        double t0 = now();
                        stream_add(SC, SA, SB, sn);
                        t0 = now() - t0;
                        best = t0 < best ? t0 : best;
                }
                printf("STREAM add: %.2f GB/s (start-of-run figure; the targets below measure it "
                       "again, interleaved with trueno add and dot)\n",
                       12.0 * (double)sn / best / 1e9);
        }
        fflush(stdout);

        cap = 10000000;
        A = xalloc(cap + 64);
        B = xalloc(cap + 64);
        C = xalloc(cap + 64);
        O = xalloc(cap + 64);
        fill(A, cap, 1, -2.0f, 2.0f);
        fill(B, cap, 2, 0.5f, 2.0f); /* no division by ~0 */
        fill(C, cap, 3, -1.0f, 1.0f);
        memset(O, 0, cap * sizeof(float));

        bench_ops();
        if (dot1k_ratio_avx2 > 0)
                add_target("avx2 dot @1K (in L1) vs scalar", dot1k_ratio_avx2, 6, "x");
        bench_bandwidth_targets();
        if (gemm)
                bench_gemm();

        printf("\n## Targets\n\n| target | measured | target | result |\n");
        printf("|--------|----------|--------|--------|\n");
        for (int i = 0; i < ntargets; i++)
                printf("| %s | %.1f%s | >= %.0f%s | %s |\n", targets[i].what, targets[i].value,
                       targets[i].unit, targets[i].threshold, targets[i].unit,
                       targets[i].value >= targets[i].threshold ? "met" : "MISSED");
        return 0;
}
