/* SPDX-License-Identifier: MIT */
/*
 * exp, expm1 and the activations built on them, written once against a small
 * vector vocabulary (V_ADD, V_SELECT, ...) that every backend, the scalar one
 * included, defines before including this file.  One operation sequence for all
 * lane widths is what makes the transcendental activations bit-identical across
 * backends; that only holds because every backend is compiled with
 * -ffp-contract=off (GCC would otherwise fuse the intrinsic mul+add pairs below on
 * FMA targets).
 *
 * Vocabulary: vf, vm, V_SET1, V_ADD, V_SUB, V_MUL, V_DIV, V_MIN(a,b) = a<b?a:b,
 * V_MAX(a,b) = a>b?a:b, V_ABS, V_OR_SIGN(mag, src), V_SIGNZERO(x), V_CMPGE, V_CMPGT,
 * V_CMPLT, V_CMPEQ, V_SELECT(m, t, f), V_EXP2I(k) = 2^k for integral k in [-126, 127].
 */
#ifndef TRUENO_VMATH_H
#define TRUENO_VMATH_H

#define VM_LOG2E  1.44269504088896341f
#define VM_MAGIC  12582912.0f  /* 1.5 * 2^23: adding it rounds to an integer */
#define VM_LN2_HI 0.693359375f /* 9 significant bits: k * LN2_HI is exact */
#define VM_LN2_LO -2.12194440054690583e-4f

/* Taylor coefficients 1/k! for expm1 on |r| <= ln2/2; degree 8 leaves a truncation
 * error near 1e-9 relative, far below float rounding. */
#define VM_C2 0.5f
#define VM_C3 1.66666672e-1f
#define VM_C4 4.16666679e-2f
#define VM_C5 8.33333377e-3f
#define VM_C6 1.38888892e-3f
#define VM_C7 1.98412701e-4f
#define VM_C8 2.48015876e-5f

/* clamp that keeps NaN: with x86 min/max semantics the second operand wins for NaN */
static inline vf vm_clamp_keep_nan(vf x, float lo, float hi)
{
        return V_MIN(V_SET1(hi), V_MAX(V_SET1(lo), x));
}

/* x = k ln2 + r with k integral (as float) and |r| <= ~0.347 */
static inline vf vm_reduce(vf x, vf *kf)
{
        vf t = V_ADD(V_MUL(x, V_SET1(VM_LOG2E)), V_SET1(VM_MAGIC));
        vf k = V_SUB(t, V_SET1(VM_MAGIC));

        *kf = k;
        /* Cody-Waite: the high part product is exact, so only LN2_LO rounds. */
        return V_SUB(V_SUB(x, V_MUL(k, V_SET1(VM_LN2_HI))), V_MUL(k, V_SET1(VM_LN2_LO)));
}

/* expm1(r) for |r| <= ~0.347, computed as r + r^2 q(r) so that small r stays exact */
static inline vf vm_expm1_poly(vf r)
{
        vf q = V_SET1(VM_C8);

        q = V_ADD(V_MUL(q, r), V_SET1(VM_C7));
        q = V_ADD(V_MUL(q, r), V_SET1(VM_C6));
        q = V_ADD(V_MUL(q, r), V_SET1(VM_C5));
        q = V_ADD(V_MUL(q, r), V_SET1(VM_C4));
        q = V_ADD(V_MUL(q, r), V_SET1(VM_C3));
        q = V_ADD(V_MUL(q, r), V_SET1(VM_C2));
        return V_ADD(r, V_MUL(V_MUL(r, r), q));
}

/* 2^k = s1 * s2 with both factors normal for k in [-252, 254]: a single 2^k would
 * leave the exponent range at both ends of exp's domain. */
static inline void vm_pow2_split(vf kf, vf *s1, vf *s2)
{
        /* floor(k/2) via the rounding trick; exact since k/2 - 1/4 is never a tie */
        vf h = V_SUB(V_ADD(V_SUB(V_MUL(kf, V_SET1(0.5f)), V_SET1(0.25f)), V_SET1(VM_MAGIC)),
                     V_SET1(VM_MAGIC));

        *s1 = V_EXP2I(h);
        *s2 = V_EXP2I(V_SUB(kf, h));
}

static inline vf vm_exp(vf x)
{
        vf kf, r, p, s1, s2;

        /* exp(89) overflows and exp(-105) rounds to 0 anyway; clamping keeps k in
         * range and lets +-Inf come out right. */
        x = vm_clamp_keep_nan(x, -105.0f, 89.0f);
        r = vm_reduce(x, &kf);
        p = vm_expm1_poly(r);
        vm_pow2_split(kf, &s1, &s2);
        return V_MUL(V_MUL(V_ADD(V_SET1(1.0f), p), s1), s2);
}

static inline vf vm_expm1(vf x)
{
        vf kf, r, p, s1, s2, s, small, big;

        x = vm_clamp_keep_nan(x, -30.0f, 89.0f);
        r = vm_reduce(x, &kf);
        p = vm_expm1_poly(r);
        vm_pow2_split(kf, &s1, &s2);
        s = V_MUL(s1, s2);
        /* 2^k p + (2^k - 1): 2^k - 1 is exact for |k| <= 24, which keeps the result
         * accurate where e^x - 1 would cancel. */
        small = V_ADD(V_MUL(p, s), V_SUB(s, V_SET1(1.0f)));
        /* beyond 2^24 the -1 is below half an ulp */
        big = V_MUL(V_MUL(V_ADD(V_SET1(1.0f), p), s1), s2);
        return V_SELECT(V_CMPGT(kf, V_SET1(24.5f)), big, small);
}

static inline vf vm_sigmoid(vf x)
{
        /* exp(-|x|) never overflows; the negative side is e/(1+e), which keeps full
         * relative precision for tiny results instead of 1 - (something near 1). */
        vf e = vm_exp(V_SUB(V_SET1(0.0f), V_ABS(x)));
        vf s = V_DIV(V_SET1(1.0f), V_ADD(V_SET1(1.0f), e));

        return V_SELECT(V_CMPGE(x, V_SET1(0.0f)), s, V_MUL(e, s));
}

static inline vf vm_tanh(vf x)
{
        vf ax = V_ABS(x);
        vf e = vm_expm1(V_ADD(ax, ax));
        vf t = V_DIV(e, V_ADD(e, V_SET1(2.0f)));

        /* tanh rounds to 1 from |x| ~ 9; the cut avoids Inf/Inf from expm1 overflow */
        t = V_SELECT(V_CMPGT(ax, V_SET1(10.0f)), V_SET1(1.0f), t);
        return V_OR_SIGN(t, x);
}

static inline vf vm_elu(vf x, vf alpha)
{
        return V_SELECT(V_CMPLT(x, V_SET1(0.0f)), V_MUL(alpha, vm_expm1(x)), x);
}

/* x * s where s = sigmoid(...): at x = -Inf the product would be -Inf * 0 = NaN, but
 * the limit is -0, which is what a zero s gives for every finite x too. */
static inline vf vm_mul_gate(vf x, vf s)
{
        return V_SELECT(V_CMPEQ(s, V_SET1(0.0f)), V_SIGNZERO(x), V_MUL(x, s));
}

static inline vf vm_swish(vf x)
{
        return vm_mul_gate(x, vm_sigmoid(x));
}

#define VM_GELU_C1 1.59576912160573071f /* 2 sqrt(2/pi) */
#define VM_GELU_C2 7.13548162726008e-2f /* 2 sqrt(2/pi) 0.044715 */

/* 0.5 x (1 + tanh(u)) == x sigmoid(2u); the sigmoid form has no 1 + (-1 + tiny)
 * cancellation for negative x. */
static inline vf vm_gelu(vf x)
{
        vf x2 = V_MUL(x, x);
        vf v = V_MUL(x, V_ADD(V_SET1(VM_GELU_C1), V_MUL(V_SET1(VM_GELU_C2), x2)));

        return vm_mul_gate(x, vm_sigmoid(v));
}

#endif /* TRUENO_VMATH_H */
