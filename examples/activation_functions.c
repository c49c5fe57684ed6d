/* SPDX-License-Identifier: MIT */
/*
 * activation_functions: ReLU, sigmoid and tanh (plus GELU and softmax) over a small
 * vector, then the same activations over 4096 points computed on the scalar reference
 * backend and on the active backend, with the largest difference between them.
 * libtrueno's activations are bit-identical across backends, so that difference is 0.
 */
#include "example_common.h"

#define N_BIG 4096

typedef int (*act_fn)(const float *, float *, size_t);

int main(int argc, char **argv)
{
        static const struct {
                const char *name;
                act_fn fn;
        } acts[] = {{"relu", trueno_relu},
                    {"sigmoid", trueno_sigmoid},
                    {"tanh", trueno_tanh},
                    {"gelu", trueno_gelu}};
        static float x[13], y[4][13], sm[5];
        static float big[N_BIG], ref[N_BIG], act[N_BIG];
        static const float logits[5] = {1.0f, 2.0f, 0.5f, -1.0f, 3.0f};
        enum trueno_backend active;

        ex_parse_timings(argc, argv);
        for (int i = 0; i < 13; i++)
                x[i] = -3.0f + 0.5f * (float)i;
        for (size_t k = 0; k < 4; k++)
                EX_CHECK(acts[k].fn(x, y[k], 13));

        out("%8s %9s %9s %9s %9s\n", "x", "relu", "sigmoid", "tanh", "gelu");
        for (int i = 0; i < 13; i++)
                out("%8.4f %9.4f %9.4f %9.4f %9.4f\n", (double)x[i], (double)y[0][i],
                    (double)y[1][i], (double)y[2][i], (double)y[3][i]);

        EX_CHECK(trueno_softmax(logits, sm, 5));
        out("softmax([1, 2, 0.5, -1, 3]) = [");
        for (int i = 0; i < 5; i++)
                out("%s%.4f", i ? ", " : "", (double)sm[i]);
        out("]\n");

        /* scalar reference vs whatever backend is active (set by TRUENO_BACKEND) */
        for (int i = 0; i < N_BIG; i++)
                big[i] = -8.0f + 16.0f * (float)i / (float)(N_BIG - 1);
        active = trueno_get_backend();
        out("scalar reference vs active backend over %d points in [-8, 8]:\n", N_BIG);
        for (size_t k = 0; k < 4; k++) {
                double md = 0.0;

                EX_CHECK(trueno_set_backend(TRUENO_BACKEND_SCALAR));
                EX_CHECK(acts[k].fn(big, ref, N_BIG));
                EX_CHECK(trueno_set_backend(active));
                EX_CHECK(acts[k].fn(big, act, N_BIG));
                for (int i = 0; i < N_BIG; i++) {
                        double d = (double)ref[i] - (double)act[i];
                        if (d < 0)
                                d = -d;
                        if (d > md)
                                md = d;
                }
                out("  %-8s max |scalar - active| = %.3e%s\n", acts[k].name, md,
                    md == 0.0 ? " (bit-identical)" : "");
        }
        return ex_flush();
}
