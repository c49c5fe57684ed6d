/* SPDX-License-Identifier: MIT */
/*
 * matrix_operations: 3x3 and 4x4 products and transposes (plus a matrix-vector
 * product).  Inputs are small dyadic numbers, so every backend's result is exact and
 * the printout is identical whatever TRUENO_BACKEND says.
 */
#include "example_common.h"

static void demo(size_t n, const float *a, const float *b)
{
        float c[16], t[16], y[4];
        const float x[4] = {1.0f, -0.5f, 0.25f, 2.0f};

        out("== %zux%zu ==\n", n, n);
        ex_print_matrix("A", a, n, n);
        ex_print_matrix("B", b, n, n);
        EX_CHECK(trueno_matmul(a, n, n, b, n, n, c, n, n));
        ex_print_matrix("A x B", c, n, n);
        EX_CHECK(trueno_transpose(a, n, n, t, n, n));
        ex_print_matrix("transpose(A)", t, n, n);
        EX_CHECK(trueno_matvec(a, n, n, x, n, y, n));
        out("A x [");
        for (size_t i = 0; i < n; i++)
                out("%s%.4f", i ? ", " : "", (double)x[i]);
        out("] = [");
        for (size_t i = 0; i < n; i++)
                out("%s%.4f", i ? ", " : "", (double)y[i]);
        out("]\n");
}

int main(int argc, char **argv)
{
        static const float a3[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9.5f};
        static const float b3[9] = {0.5f, -1, 2, 1.5f, 0, -2, 3, 1, 0.25f};
        static const float a4[16] = {2, 0, 1, -1, 0.5f, 3, 0, 2, -1, 1, 4, 0, 0, -2, 1, 1};
        static const float b4[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 2, 3, 4};
        static const float r2[6] = {1, 2, 3, 4, 5, 6};
        float r2t[6];

        ex_parse_timings(argc, argv);
        demo(3, a3, b3);
        demo(4, a4, b4);
        /* a non-square transpose for good measure */
        EX_CHECK(trueno_transpose(r2, 2, 3, r2t, 3, 2));
        ex_print_matrix("R", r2, 2, 3);
        ex_print_matrix("transpose(R)", r2t, 3, 2);
        return ex_flush();
}
