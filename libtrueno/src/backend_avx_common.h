/* SPDX-License-Identifier: MIT */
/* 256-bit vocabulary shared by the avx and avx2 backends (which differ in FMA). */
#ifndef TRUENO_BACKEND_AVX_COMMON_H
#define TRUENO_BACKEND_AVX_COMMON_H

#include <immintrin.h>
#include <stdint.h>

#define VW 8
typedef __m256 vf;
typedef __m256 vm;

#define V_LOADU(p)       _mm256_loadu_ps(p)
#define V_LOAD(p)        _mm256_load_ps(p)
#define V_STOREU(p, v)   _mm256_storeu_ps((p), (v))
#define V_SET1(x)        _mm256_set1_ps(x)
#define V_ZERO()         _mm256_setzero_ps()
#define V_ADD(a, b)      _mm256_add_ps((a), (b))
#define V_SUB(a, b)      _mm256_sub_ps((a), (b))
#define V_MUL(a, b)      _mm256_mul_ps((a), (b))
#define V_DIV(a, b)      _mm256_div_ps((a), (b))
#define V_MIN(a, b)      _mm256_min_ps((a), (b))
#define V_MAX(a, b)      _mm256_max_ps((a), (b))
#define V_ABS(v)         _mm256_andnot_ps(_mm256_set1_ps(-0.0f), (v))
#define V_SIGNZERO(v)    _mm256_and_ps((v), _mm256_set1_ps(-0.0f))
#define V_OR_SIGN(m, s)  _mm256_or_ps((m), V_SIGNZERO(s))
#define V_CMPLT(a, b)    _mm256_cmp_ps((a), (b), _CMP_LT_OQ)
#define V_CMPGT(a, b)    _mm256_cmp_ps((a), (b), _CMP_GT_OQ)
#define V_CMPGE(a, b)    _mm256_cmp_ps((a), (b), _CMP_GE_OQ)
#define V_CMPEQ(a, b)    _mm256_cmp_ps((a), (b), _CMP_EQ_OQ)
#define V_CMPUNORD(a, b) _mm256_cmp_ps((a), (b), _CMP_UNORD_Q)
#define V_MASK_NONE      _mm256_setzero_ps()
#define V_MASK_OR(a, b)  _mm256_or_ps((a), (b))
#define V_MASK_BITS(m)   ((unsigned)_mm256_movemask_ps(m))
#define V_EXP2I(k)                                                                                 \
        _mm256_castsi256_ps(_mm256_cvttps_epi32(_mm256_mul_ps(                                     \
            _mm256_add_ps((k), _mm256_set1_ps(127.0f)), _mm256_set1_ps(8388608.0f))))
#define V_HSUM(v)               avx_hsum(v)
#define V_HMIN(v)               avx_hmin(v)
#define V_HMAX(v)               avx_hmax(v)
#define V_LOAD_TAIL(p, cnt)     _mm256_maskload_ps((p), avx_tail_mask(cnt))
#define V_STORE_TAIL(p, v, cnt) _mm256_maskstore_ps((p), avx_tail_mask(cnt), (v))

/* Sliding window over -1s then 0s gives the first cnt lanes; masked loads never touch
 * (or fault on) memory past the end. */
static const int32_t avx_mask_window[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

static inline __m256i avx_tail_mask(size_t cnt)
{
        return _mm256_loadu_si256((const __m256i *)(avx_mask_window + 8 - cnt));
}

static inline float avx_hsum(vf v)
{
        __m128 x = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));

        x = _mm_add_ps(x, _mm_movehl_ps(x, x));
        x = _mm_add_ss(x, _mm_shuffle_ps(x, x, 1));
        return _mm_cvtss_f32(x);
}

static inline float avx_hmin(vf v)
{
        __m128 x = _mm_min_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));

        x = _mm_min_ps(x, _mm_movehl_ps(x, x));
        x = _mm_min_ss(x, _mm_shuffle_ps(x, x, 1));
        return _mm_cvtss_f32(x);
}

static inline float avx_hmax(vf v)
{
        __m128 x = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));

        x = _mm_max_ps(x, _mm_movehl_ps(x, x));
        x = _mm_max_ss(x, _mm_shuffle_ps(x, x, 1));
        return _mm_cvtss_f32(x);
}

#include "transpose_avx.h"

#endif /* TRUENO_BACKEND_AVX_COMMON_H */
