/* SPDX-License-Identifier: MIT */
/*
 * backend_detection: what the CPU/OS offers, which backend libtrueno picked, and one
 * small computation on it.  Output is deterministic except the "Backend:" line, which
 * follows TRUENO_BACKEND.
 */
#include "example_common.h"

int main(int argc, char **argv)
{
        static const struct {
                const char *name;
                unsigned bit;
        } feats[] = {
            {"SSE2", TRUENO_CPU_SSE2}, {"AVX", TRUENO_CPU_AVX},         {"AVX2", TRUENO_CPU_AVX2},
            {"FMA", TRUENO_CPU_FMA},   {"AVX-512", TRUENO_CPU_AVX512F},
        };
        const float a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
        const float b[8] = {8, 7, 6, 5, 4, 3, 2, 1};
        unsigned f;
        float dot;

        ex_parse_timings(argc, argv);
        f = trueno_cpu_features();
        out("libtrueno %s\n", trueno_version());
        out("CPU features (usable, CPU and OS):\n");
        for (size_t i = 0; i < sizeof(feats) / sizeof(feats[0]); i++)
                out("  %-8s %s\n", feats[i].name, (f & feats[i].bit) ? "yes" : "no");
        out("Supported backends:");
        for (int b = TRUENO_BACKEND_SCALAR; b < TRUENO_BACKEND_COUNT; b++)
                if (trueno_backend_supported((enum trueno_backend)b) == 1)
                        out(" %s", trueno_backend_to_string((enum trueno_backend)b));
        out("\n");
        out("Backend: %s\n", trueno_backend_name());
        EX_CHECK(trueno_dot(a, b, 8, &dot));
        out("dot([1..8], [8..1]) = %.4f\n", (double)dot);
        return ex_flush();
}
