/* SPDX-License-Identifier: MIT */
/* AVX-512F backend: 16 lanes.  Built with -mavx512f -mavx2 -mfma; only AVX-512F
 * instructions are used at 512 bits (no DQ/BW/VL), so any AVX-512 CPU runs it. */
#include <immintrin.h>
#include <stdint.h>

#define VW 16
typedef __m512 vf;
typedef __mmask16 vm;

#define V_LOADU(p)           _mm512_loadu_ps(p)
#define V_LOAD(p)            _mm512_load_ps(p)
#define V_STOREU(p, v)       _mm512_storeu_ps((p), (v))
#define V_SET1(x)            _mm512_set1_ps(x)
#define V_ZERO()             _mm512_setzero_ps()
#define V_ADD(a, b)          _mm512_add_ps((a), (b))
#define V_SUB(a, b)          _mm512_sub_ps((a), (b))
#define V_MUL(a, b)          _mm512_mul_ps((a), (b))
#define V_DIV(a, b)          _mm512_div_ps((a), (b))
#define V_MIN(a, b)          _mm512_min_ps((a), (b))
#define V_MAX(a, b)          _mm512_max_ps((a), (b))
#define V_MADD(a, b, c)      _mm512_fmadd_ps((a), (b), (c))
#define V_FMA_EXACT(a, b, c) _mm512_fmadd_ps((a), (b), (c))
#define V_ABS(v)             _mm512_abs_ps(v)
#define V_SIGNZERO(v)                                                                              \
        _mm512_castsi512_ps(                                                                       \
            _mm512_and_si512(_mm512_castps_si512(v), _mm512_set1_epi32((int)0x80000000)))
#define V_OR_SIGN(m, s)                                                                            \
        _mm512_castsi512_ps(                                                                       \
            _mm512_or_si512(_mm512_castps_si512(m), _mm512_castps_si512(V_SIGNZERO(s))))
#define V_CMPLT(a, b)     _mm512_cmp_ps_mask((a), (b), _CMP_LT_OQ)
#define V_CMPGT(a, b)     _mm512_cmp_ps_mask((a), (b), _CMP_GT_OQ)
#define V_CMPGE(a, b)     _mm512_cmp_ps_mask((a), (b), _CMP_GE_OQ)
#define V_CMPEQ(a, b)     _mm512_cmp_ps_mask((a), (b), _CMP_EQ_OQ)
#define V_CMPUNORD(a, b)  _mm512_cmp_ps_mask((a), (b), _CMP_UNORD_Q)
#define V_SELECT(m, t, f) _mm512_mask_blend_ps((m), (f), (t))
#define V_MASK_NONE       ((__mmask16)0)
#define V_MASK_OR(a, b)   ((__mmask16)((a) | (b)))
#define V_MASK_BITS(m)    ((unsigned)(m))
#define V_EXP2I(k)                                                                                 \
        _mm512_castsi512_ps(_mm512_cvttps_epi32(_mm512_mul_ps(                                     \
            _mm512_add_ps((k), _mm512_set1_ps(127.0f)), _mm512_set1_ps(8388608.0f))))
#define V_HSUM(v)               _mm512_reduce_add_ps(v)
#define V_HMIN(v)               _mm512_reduce_min_ps(v)
#define V_HMAX(v)               _mm512_reduce_max_ps(v)
#define V_TAIL_MASK(cnt)        ((__mmask16)((1u << (cnt)) - 1u))
#define V_LOAD_TAIL(p, cnt)     _mm512_maskz_loadu_ps(V_TAIL_MASK(cnt), (p))
#define V_STORE_TAIL(p, v, cnt) _mm512_mask_storeu_ps((p), V_TAIL_MASK(cnt), (v))

#include "transpose_avx.h"

/* 12x32 tile: 24 zmm accumulators + 2 B vectors + 1 broadcast of the 32 registers */
#define T_MR      12
#define T_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define T_KC      256
#define T_MC      144
#define T_NC      2048

#define T_PREFIX avx512
#define T_ID     TRUENO_BACKEND_AVX512
#define T_NAME   "avx512"
#define T_REQUIRED                                                                                 \
        (TRUENO_CPU_SSE2 | TRUENO_CPU_AVX | TRUENO_CPU_AVX2 | TRUENO_CPU_FMA | TRUENO_CPU_AVX512F)

#include "simd_template.h"
