/* SPDX-License-Identifier: MIT */
/* AVX2 + FMA backend: 8 lanes.  Built with -mavx2 -mfma. */
#include "backend_avx_common.h"

#define V_MADD(a, b, c)      _mm256_fmadd_ps((a), (b), (c))
#define V_FMA_EXACT(a, b, c) _mm256_fmadd_ps((a), (b), (c))
#define V_SELECT(m, t, f)    _mm256_blendv_ps((f), (t), (m))

/* 6x16 tile: 12 accumulators + 2 B vectors + 1 broadcast of the 16 ymm registers */
#define T_MR      6
#define T_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)
#define T_KC      256
#define T_MC      96
#define T_NC      2048

#define T_PREFIX   avx2
#define T_ID       TRUENO_BACKEND_AVX2
#define T_NAME     "avx2"
#define T_REQUIRED (TRUENO_CPU_SSE2 | TRUENO_CPU_AVX | TRUENO_CPU_AVX2 | TRUENO_CPU_FMA)

#include "simd_template.h"
