/* SPDX-License-Identifier: MIT */
/* AVX backend: 8 lanes, no FMA (AVX1 CPUs such as Sandy/Ivy Bridge).  Built with -mavx. */
#include "backend_avx_common.h"
#include "fma_emul.h"

#define V_MADD(a, b, c) _mm256_add_ps(_mm256_mul_ps((a), (b)), (c))
/* Not blendv: GCC 12 rewrites blendv as a select on "mask < 0", which needs 256-bit
 * integer compares that AVX1 lacks, and then splits it into per-lane branches
 * (2-3x slower on mixed-sign data).  Bitwise selection stays in float domain. */
#define V_SELECT(m, t, f)    _mm256_or_ps(_mm256_and_ps((m), (t)), _mm256_andnot_ps((m), (f)))
#define V_FMA_EXACT(a, b, c) avx_fma_exact((a), (b), (c))

/* No FMA unit: run the exact emulation on each 128-bit half. */
static inline vf avx_fma_exact(vf a, vf b, vf c)
{
        __m128 lo = trueno_fma_exact_ps(_mm256_castps256_ps128(a), _mm256_castps256_ps128(b),
                                        _mm256_castps256_ps128(c));
        __m128 hi = trueno_fma_exact_ps(_mm256_extractf128_ps(a, 1), _mm256_extractf128_ps(b, 1),
                                        _mm256_extractf128_ps(c, 1));

        return _mm256_insertf128_ps(_mm256_castps128_ps256(lo), hi, 1);
}

/* 6x16 tile: 12 accumulators, 2 B vectors, the broadcast and the product temporary
 * use all 16 ymm registers. */
#define T_MR      6
#define T_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)
#define T_KC      256
#define T_MC      96
#define T_NC      2048

#define T_PREFIX   avx
#define T_ID       TRUENO_BACKEND_AVX
#define T_NAME     "avx"
#define T_REQUIRED (TRUENO_CPU_SSE2 | TRUENO_CPU_AVX)

#include "simd_template.h"
