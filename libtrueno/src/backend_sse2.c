/* SPDX-License-Identifier: MIT */
/* SSE2 backend: 4 lanes, no FMA.  Built with -msse2 only (see meson.build). */
#include <emmintrin.h>
#include <xmmintrin.h>

#include "fma_emul.h"

#define VW 4
typedef __m128 vf;
typedef __m128 vm;

#define V_LOADU(p)           _mm_loadu_ps(p)
#define V_LOAD(p)            _mm_load_ps(p)
#define V_STOREU(p, v)       _mm_storeu_ps((p), (v))
#define V_SET1(x)            _mm_set1_ps(x)
#define V_ZERO()             _mm_setzero_ps()
#define V_ADD(a, b)          _mm_add_ps((a), (b))
#define V_SUB(a, b)          _mm_sub_ps((a), (b))
#define V_MUL(a, b)          _mm_mul_ps((a), (b))
#define V_DIV(a, b)          _mm_div_ps((a), (b))
#define V_MIN(a, b)          _mm_min_ps((a), (b))
#define V_MAX(a, b)          _mm_max_ps((a), (b))
#define V_MADD(a, b, c)      _mm_add_ps(_mm_mul_ps((a), (b)), (c))
#define V_FMA_EXACT(a, b, c) trueno_fma_exact_ps((a), (b), (c))
#define V_ABS(v)             _mm_andnot_ps(_mm_set1_ps(-0.0f), (v))
#define V_SIGNZERO(v)        _mm_and_ps((v), _mm_set1_ps(-0.0f))
#define V_OR_SIGN(m, s)      _mm_or_ps((m), V_SIGNZERO(s))
#define V_CMPLT(a, b)        _mm_cmplt_ps((a), (b))
#define V_CMPGT(a, b)        _mm_cmpgt_ps((a), (b))
#define V_CMPGE(a, b)        _mm_cmpge_ps((a), (b))
#define V_CMPEQ(a, b)        _mm_cmpeq_ps((a), (b))
#define V_CMPUNORD(a, b)     _mm_cmpunord_ps((a), (b))
#define V_SELECT(m, t, f)    sse2_select((m), (t), (f))
#define V_MASK_NONE          _mm_setzero_ps()
#define V_MASK_OR(a, b)      _mm_or_ps((a), (b))
#define V_MASK_BITS(m)       ((unsigned)_mm_movemask_ps(m))
#define V_EXP2I(k)                                                                                 \
        _mm_castsi128_ps(_mm_cvttps_epi32(                                                         \
            _mm_mul_ps(_mm_add_ps((k), _mm_set1_ps(127.0f)), _mm_set1_ps(8388608.0f))))
#define V_HSUM(v)               sse2_hsum(v)
#define V_HMIN(v)               sse2_hmin(v)
#define V_HMAX(v)               sse2_hmax(v)
#define V_LOAD_TAIL(p, cnt)     sse2_load_tail((p), (cnt))
#define V_STORE_TAIL(p, v, cnt) sse2_store_tail((p), (v), (cnt))

static inline vf sse2_select(vm m, vf t, vf f)
{
        return _mm_or_ps(_mm_and_ps(m, t), _mm_andnot_ps(m, f));
}

static inline float sse2_hsum(vf v)
{
        v = _mm_add_ps(v, _mm_movehl_ps(v, v));
        v = _mm_add_ss(v, _mm_shuffle_ps(v, v, 1));
        return _mm_cvtss_f32(v);
}

static inline float sse2_hmin(vf v)
{
        v = _mm_min_ps(v, _mm_movehl_ps(v, v));
        v = _mm_min_ss(v, _mm_shuffle_ps(v, v, 1));
        return _mm_cvtss_f32(v);
}

static inline float sse2_hmax(vf v)
{
        v = _mm_max_ps(v, _mm_movehl_ps(v, v));
        v = _mm_max_ss(v, _mm_shuffle_ps(v, v, 1));
        return _mm_cvtss_f32(v);
}

/* cnt is 1..3: element loads instead of a buffer round trip, and nothing past
 * p + cnt is touched.  The 64-bit forms are the unaligned-safe ones (p is only
 * float aligned). */
static inline vf sse2_load_tail(const float *p, size_t cnt)
{
        __m128 lo;

        if (cnt == 1)
                return _mm_load_ss(p);
        lo = _mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)(const void *)p));
        if (cnt == 2)
                return lo;
        return _mm_movelh_ps(lo, _mm_load_ss(p + 2));
}

static inline void sse2_store_tail(float *p, vf v, size_t cnt)
{
        if (cnt == 1) {
                _mm_store_ss(p, v);
                return;
        }
        _mm_storel_epi64((__m128i *)(void *)p, _mm_castps_si128(v));
        if (cnt == 3)
                _mm_store_ss(p + 2, _mm_movehl_ps(v, v));
}

#define TB 4
static inline void t_transpose_block(const float *in, size_t ldi, float *out, size_t ldo)
{
        __m128 r0 = _mm_loadu_ps(in), r1 = _mm_loadu_ps(in + ldi);
        __m128 r2 = _mm_loadu_ps(in + 2 * ldi), r3 = _mm_loadu_ps(in + 3 * ldi);

        _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
        _mm_storeu_ps(out, r0);
        _mm_storeu_ps(out + ldo, r1);
        _mm_storeu_ps(out + 2 * ldo, r2);
        _mm_storeu_ps(out + 3 * ldo, r3);
}

/* 6x8 tile: 12 accumulators + 2 B vectors + 1 broadcast fit the 16 xmm registers */
#define T_MR      6
#define T_ROWS(X) X(0) X(1) X(2) X(3) X(4) X(5)
#define T_KC      256
#define T_MC      96
#define T_NC      2048

#define T_PREFIX   sse2
#define T_ID       TRUENO_BACKEND_SSE2
#define T_NAME     "sse2"
#define T_REQUIRED TRUENO_CPU_SSE2

#include "simd_template.h"
