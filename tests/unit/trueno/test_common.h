/* SPDX-License-Identifier: MIT */
/* Shared helpers for the libtrueno unit tests: seeded RNG, buffers, backend loop. */
#ifndef TRUENO_TEST_COMMON_H
#define TRUENO_TEST_COMMON_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "trueno.h"

static uint64_t tt_state;
static uint64_t tt_seed;

/* splitmix64: tiny, and every seed gives a good stream */
static inline uint64_t tt_next(void)
{
        uint64_t z = (tt_state += 0x9e3779b97f4a7c15ull);

        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
}

/* Fresh data every run, reproducible through the printed seed. */
static inline void tt_seed_init(const char *prog)
{
        const char *env = getenv("TRUENO_TEST_SEED");

        if (env && *env) {
                tt_seed = strtoull(env, NULL, 0);
        } else if (getrandom(&tt_seed, sizeof(tt_seed), 0) != sizeof(tt_seed)) {
                tt_seed = 0x5eed;
        }
        tt_state = tt_seed;
        printf("# %s: seed=%llu (reproduce with TRUENO_TEST_SEED=%llu)\n", prog,
               (unsigned long long)tt_seed, (unsigned long long)tt_seed);
        fflush(stdout);
}

static inline size_t tt_below(size_t n)
{
        return n ? (size_t)(tt_next() % n) : 0;
}

/* uniform in [lo, hi) */
static inline float tt_uniform(float lo, float hi)
{
        double u = (double)(tt_next() >> 11) * (1.0 / 9007199254740992.0);

        return (float)(lo + (hi - lo) * u);
}

static inline void tt_fill(float *x, size_t n, float lo, float hi)
{
        for (size_t i = 0; i < n; i++)
                x[i] = tt_uniform(lo, hi);
}

/* Sizes worth hitting: empty, one, lane-width edges of every backend, odd tails and a
 * few random larger ones. */
static const size_t tt_fixed_sizes[] = {0,  1,  2,  3,  4,  5,  7,  8,  9,  15,
                                        16, 17, 31, 32, 33, 63, 64, 65, 127};

static inline size_t tt_random_size(void)
{
        switch (tt_below(4)) {
        case 0:
                return tt_below(64);
        case 1:
                return tt_below(1000);
        case 2:
                return 1 + tt_below(20000);
        default:
                return 16 * tt_below(512) + tt_below(16);
        }
}

/* A buffer with room for a misalignment of up to 3 floats (never 16/32/64-byte
 * aligned when off != 0). */
struct tt_buf {
        float *base;
        float *p;
};

static inline float *tt_alloc(struct tt_buf *b, size_t n, size_t off)
{
        b->base = aligned_alloc(64, ((n + 4) * sizeof(float) + 63) & ~(size_t)63);
        if (!b->base)
                abort();
        b->p = b->base + off;
        return b->p;
}

static inline void tt_free(struct tt_buf *b)
{
        free(b->base);
        b->base = b->p = NULL;
}

/* Backends this machine can run, scalar first. */
static inline int tt_backends(enum trueno_backend *out)
{
        int n = 0;

        for (int b = TRUENO_BACKEND_SCALAR; b < TRUENO_BACKEND_COUNT; b++)
                if (trueno_backend_supported((enum trueno_backend)b) == 1)
                        out[n++] = (enum trueno_backend)b;
        return n;
}

static inline double tt_ulp(double y)
{
        int e;

        y = fabs(y);
        if (y < FLT_MIN)
                return ldexp(1.0, -149);
        frexp(y, &e);
        return ldexp(1.0, e - 24);
}

/* Bitwise equality, with any NaN equal to any NaN (payloads are unspecified). */
static inline int tt_same(float a, float b)
{
        if (a != a || b != b)
                return a != a && b != b;
        return memcmp(&a, &b, sizeof(a)) == 0;
}

#endif /* TRUENO_TEST_COMMON_H */
