/* SPDX-License-Identifier: MIT */
/*
 * Correctly rounded float a*b+c without an FMA unit, for the sse2 and avx backends
 * (and, in scalar form, the scalar reference).  trueno_fma promises one rounding on
 * every backend; two roundings would make results depend on the CPU.
 *
 * Method: in double the product of two floats is exact (24+24 < 53 bits).  The sum
 * p + c is rounded to double "to odd" (TwoSum gives the exact error, which says
 * whether and in which direction rounding happened), and a round-to-odd result with
 * at least 2 more bits than the target rounds correctly to float afterwards.
 */
#ifndef TRUENO_FMA_EMUL_H
#define TRUENO_FMA_EMUL_H

#include <stdint.h>
#include <string.h>

static inline float trueno_fma_scalar_exact(float a, float b, float c)
{
        double p = (double)a * (double)b;
        double s = p + (double)c;
        double bv = s - p;
        double e = (p - (s - bv)) + ((double)c - bv);

        /* e is NaN when s is not finite; then s already is the answer */
        if (e != 0.0 && e == e) {
                uint64_t u;

                memcpy(&u, &s, sizeof(u));
                /* truncation toward zero is one ulp below |s| when the error points to 0 */
                if (s * e < 0.0)
                        u -= 1;
                u |= 1;
                memcpy(&s, &u, sizeof(s));
        }
        return (float)s;
}

#if defined(__SSE2__)
#include <emmintrin.h>

static inline __m128d trueno_fma_rto_pd(__m128d a, __m128d b, __m128d c)
{
        __m128d zero = _mm_setzero_pd();
        __m128d p = _mm_mul_pd(a, b);
        __m128d s = _mm_add_pd(p, c);
        __m128d bv = _mm_sub_pd(s, p);
        __m128d e = _mm_add_pd(_mm_sub_pd(p, _mm_sub_pd(s, bv)), _mm_sub_pd(c, bv));
        __m128d inexact = _mm_and_pd(_mm_cmpneq_pd(e, zero), _mm_cmpord_pd(e, e));
        /* all-ones (-1 as an integer) where s must step one ulp toward zero */
        __m128d down = _mm_cmplt_pd(_mm_mul_pd(s, e), zero);
        __m128i odd = _mm_add_epi64(_mm_castpd_si128(s), _mm_castpd_si128(down));

        odd = _mm_or_si128(odd, _mm_set1_epi64x(1));
        return _mm_or_pd(_mm_and_pd(inexact, _mm_castsi128_pd(odd)), _mm_andnot_pd(inexact, s));
}

static inline __m128 trueno_fma_exact_ps(__m128 a, __m128 b, __m128 c)
{
        __m128d lo = trueno_fma_rto_pd(_mm_cvtps_pd(a), _mm_cvtps_pd(b), _mm_cvtps_pd(c));
        __m128d hi =
            trueno_fma_rto_pd(_mm_cvtps_pd(_mm_movehl_ps(a, a)), _mm_cvtps_pd(_mm_movehl_ps(b, b)),
                              _mm_cvtps_pd(_mm_movehl_ps(c, c)));

        return _mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi));
}
#endif

#endif /* TRUENO_FMA_EMUL_H */
