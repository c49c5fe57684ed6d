/* SPDX-License-Identifier: MIT */
/*
 * trueno-bench: throughput tables for libtrueno.  Prints numbers and target checks;
 * never fails on timing (exit status only reflects setup errors).
 *
 *   trueno-bench [--quick] [--ops=name,name,...] [--no-gemm]
 *
 * Sections:
 *   1. memory bandwidth: STREAM-like copy (c[i] = a[i], 128-bit loads and ordinary
 *      stores, arrays far larger than the last-level cache), single thread.  Bytes
 *      are counted the STREAM way: what the program reads plus writes (write-allocate
 *      traffic is not counted, for copy nor for the ops).
 *   2. per op and backend at 1K, 100K and 10M elements: Gelem/s and ratio to scalar,
 *      plus GB/s for the fastest backend.
 *   3. sgemm 256 and 1024, single-threaded, every backend next to OpenBLAS.
 *   4. add and dot at 10M against copy, measured interleaved (same conditions).
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

static void stream_copy(float *restrict dst, const float *restrict src, size_t n)
{
        size_t i = 0;

        for (; i + 16 <= n; i += 16) {
                __m128 v0 = _mm_loadu_ps(src + i), v1 = _mm_loadu_ps(src + i + 4);
                __m128 v2 = _mm_loadu_ps(src + i + 8), v3 = _mm_loadu_ps(src + i + 12);
                _mm_storeu_ps(dst + i, v0);
                _mm_storeu_ps(dst + i + 4, v1);
                _mm_storeu_ps(dst + i + 8, v2);
                _mm_storeu_ps(dst + i + 12, v3);
        }
        for (; i < n; i++)
                dst[i] = src[i];
}

static double measure_copy(float *src, float *dst, size_t n, int reps)
{
        double best = 1e30;

        for (int r = 0; r < reps; r++) {
                double t = now();
                stream_copy(dst, src, n);
                t = now() - t;
                if (t < best)
                        best = t;
        }
        sink_f = dst[n / 2];
        return 2.0 * sizeof(float) * (double)n / best / 1e9;
}

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
 * The bandwidth targets compare add and dot at 10M elements with the copy bandwidth.
 * On a shared machine memory bandwidth drifts during a run, so the three kernels are
 * measured interleaved (copy, add, dot, copy, ...) and the best of each is kept: all
 * three then see the same conditions.
 */
static void bench_bandwidth_targets(float *csrc, float *cdst, size_t cn)
{
        const size_t n = 10000000;
        const int rounds = quick ? 3 : 9;
        double copy_t = 1e30, add_t = 1e30, dot_t = 1e30, cg, ag, dg;
        float r;

        trueno_set_backend(TRUENO_BACKEND_AUTO);
        for (int k = 0; k < rounds; k++) {
                double t = now();

                stream_copy(cdst, csrc, cn);
                t = now() - t;
                copy_t = t < copy_t ? t : copy_t;
                for (int j = 0; j < 3; j++) {
                        t = now();
                        trueno_add(A, B, O, n);
                        t = now() - t;
                        add_t = t < add_t ? t : add_t;
                }
                for (int j = 0; j < 3; j++) {
                        t = now();
                        trueno_dot(A, B, n, &r);
                        t = now() - t;
                        dot_t = t < dot_t ? t : dot_t;
                }
                sink_f = r + cdst[k];
        }
        cg = 8.0 * (double)cn / copy_t / 1e9;
        ag = 12.0 * (double)n / add_t / 1e9;
        dg = 8.0 * (double)n / dot_t / 1e9;
        printf("\n## Bandwidth targets (interleaved copy/add/dot, best of %d rounds, %s backend)"
               "\n\n",
               rounds, trueno_backend_name());
        printf("| kernel | bytes counted per element | GB/s | %% of copy |\n");
        printf("|--------|---------------------------|------|-----------|\n");
        printf("| copy 2 x %zu MiB | 8 (4 read + 4 written) | %.2f | 100%% |\n",
               cn * sizeof(float) >> 20, cg);
        printf("| add 10M | 12 (8 read + 4 written) | %.2f | %.0f%% |\n", ag, 100 * ag / cg);
        printf("| dot 10M | 8 (8 read) | %.2f | %.0f%% |\n", dg, 100 * dg / cg);
        add_target("add @10M vs copy bandwidth (interleaved)", 100 * ag / cg, 80, "%");
        add_target("dot @10M vs copy bandwidth (interleaved)", 100 * dg / cg, 80, "%");
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
                        if (n == 1024 && bi == nbes - 1 && blas_gf > 0)
                                add_target("sgemm 1024 best backend vs OpenBLAS (1 thread)",
                                           100 * gf / blas_gf, 50, "%");
                }
                free(a);
                free(b);
                free(c);
                free(ref);
        }
        trueno_set_backend(TRUENO_BACKEND_AUTO);
}

int main(int argc, char **argv)
{
        int gemm = 1, gemm_only = 0;
        double bw, bw10;
        const size_t cn = (size_t)32 << 20;
        float *csrc, *cdst;
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

        printf("\n## Memory bandwidth (STREAM-like copy, 1 thread)\n\n");
        csrc = xalloc(cn);
        cdst = xalloc(cn);
        fill(csrc, cn, 7, -1.0f, 1.0f);
        memset(cdst, 0, cn * sizeof(float));
        bw = measure_copy(csrc, cdst, cn, quick ? 3 : 6);
        bw10 = measure_copy(csrc, cdst, 10000000, quick ? 3 : 6);
        printf("copy 2 x 128 MiB: %.2f GB/s   (copy 2 x 40 MB: %.2f GB/s)\n", bw, bw10);
        printf("(start-of-run figure; the targets below use copy measured interleaved with "
               "add and dot)\n");
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
        bench_bandwidth_targets(csrc, cdst, cn);
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
