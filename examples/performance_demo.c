/* SPDX-License-Identifier: MIT */
/*
 * performance_demo: vector add/dot/sum/max and matrix multiply/transpose on every
 * backend this CPU supports, checking that all backends agree with the scalar
 * reference.  The data are small dyadic numbers, so every partial sum is exact and
 * "agree" means bit-identical.  Timings (per backend, per op) are printed only with
 * --timings, keeping the default output deterministic.
 */
#include "example_common.h"

#define N  65536
#define MN 64

enum { OP_ADD, OP_DOT, OP_SUM, OP_MAX, OP_MATMUL, OP_TRANSPOSE, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"add", "dot", "sum", "max", "matmul", "transpose"};

/* static buffers: no allocator traffic, about 1.2 MB in all */
static float a[N], b[N], out_v[N];
static float ma[MN * MN], mb[MN * MN], mc[MN * MN];

struct results {
        double value[OP_COUNT]; /* reduction result or output checksum */
        long long ns[OP_COUNT];
};

static double checksum(const float *x, size_t n)
{
        double s = 0.0;

        for (size_t i = 0; i < n; i++)
                s += (double)x[i] * (double)((i % 7) + 1);
        return s;
}

static void run_all(struct results *r)
{
        float f;
        long long t;

        t = ex_now_ns();
        EX_CHECK(trueno_add(a, b, out_v, N));
        r->ns[OP_ADD] = ex_now_ns() - t;
        r->value[OP_ADD] = checksum(out_v, N);

        t = ex_now_ns();
        EX_CHECK(trueno_dot(a, b, N, &f));
        r->ns[OP_DOT] = ex_now_ns() - t;
        r->value[OP_DOT] = f;

        t = ex_now_ns();
        EX_CHECK(trueno_sum(a, N, &f));
        r->ns[OP_SUM] = ex_now_ns() - t;
        r->value[OP_SUM] = f;

        t = ex_now_ns();
        EX_CHECK(trueno_max(b, N, &f));
        r->ns[OP_MAX] = ex_now_ns() - t;
        r->value[OP_MAX] = f;

        t = ex_now_ns();
        EX_CHECK(trueno_matmul(ma, MN, MN, mb, MN, MN, mc, MN, MN));
        r->ns[OP_MATMUL] = ex_now_ns() - t;
        r->value[OP_MATMUL] = checksum(mc, MN * MN);

        t = ex_now_ns();
        EX_CHECK(trueno_transpose(ma, MN, MN, mc, MN, MN));
        r->ns[OP_TRANSPOSE] = ex_now_ns() - t;
        r->value[OP_TRANSPOSE] = checksum(mc, MN * MN);
}

int main(int argc, char **argv)
{
        int timings = ex_parse_timings(argc, argv);
        enum trueno_backend active, list[TRUENO_BACKEND_COUNT];
        struct results res[TRUENO_BACKEND_COUNT], act;
        int nb = 0, agree[OP_COUNT];

        /* multiples of 1/8 and 1/16 in [-1, 1]: products are multiples of 1/128 and no
         * partial sum below needs more than 24 bits */
        for (int i = 0; i < N; i++) {
                a[i] = (float)((i * 7) % 17 - 8) / 8.0f;
                b[i] = (float)((i * 5) % 13 - 6) / 16.0f;
        }
        for (int i = 0; i < MN * MN; i++) {
                ma[i] = (float)((i * 3) % 11 - 5) / 8.0f;
                mb[i] = (float)((i * 7) % 9 - 4) / 8.0f;
        }

        active = trueno_get_backend();
        out("vectors: %d floats, matrices: %dx%d\n", N, MN, MN);
        out("Backend: %s\n", trueno_backend_name());
        run_all(&act);
        out("results on the active backend:\n");
        for (int o = 0; o < OP_COUNT; o++)
                out("  %-9s %14.4f%s\n", op_names[o], act.value[o],
                    o == OP_ADD || o >= OP_MATMUL ? "  (weighted checksum of the output)" : "");

        for (int b = TRUENO_BACKEND_SCALAR; b < TRUENO_BACKEND_COUNT; b++) {
                if (trueno_backend_supported((enum trueno_backend)b) != 1)
                        continue;
                list[nb] = (enum trueno_backend)b;
                EX_CHECK(trueno_set_backend(list[nb]));
                run_all(&res[nb]);
                nb++;
        }
        EX_CHECK(trueno_set_backend(active));

        out("backend comparison (%d supported backends vs scalar):\n", nb);
        for (int o = 0; o < OP_COUNT; o++) {
                agree[o] = 1;
                for (int i = 1; i < nb; i++)
                        if (res[i].value[o] != res[0].value[o])
                                agree[o] = 0;
                out("  %-9s %s\n", op_names[o], agree[o] ? "all agree" : "MISMATCH");
        }

        if (timings) {
                out("timings (ns, single call, includes first-touch effects):\n");
                out("  %-9s", "op");
                for (int i = 0; i < nb; i++)
                        out(" %10s", trueno_backend_to_string(list[i]));
                out("\n");
                for (int o = 0; o < OP_COUNT; o++) {
                        out("  %-9s", op_names[o]);
                        for (int i = 0; i < nb; i++)
                                out(" %10lld", res[i].ns[o]);
                        out("\n");
                }
        }
        ex_flush();
        for (int o = 0; o < OP_COUNT; o++)
                if (!agree[o])
                        return 1;
        return 0;
}
