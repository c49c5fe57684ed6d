// SPDX-License-Identifier: MIT
/*
 * keyctl's commands with structures and vectors, as strace 6.1 prints
 * them (its src/keyctl.c): KEYCTL_INSTANTIATE_IOV's iovec array,
 * KEYCTL_DH_COMPUTE's result and struct keyctl_kdf_params, and the
 * public-key operations' struct keyctl_pkey_params with the info string
 * and the operand buffers, whose lengths are fields of that structure.
 * What BPF copies is in keyctl's row of engine/syscall-table/syscalls.def
 * (EXIT(IF, 0, KEYCTL_..., ...)); everything here is read from those
 * segments, and a missing, faulted or short one prints the pointer.
 */
#include <linux/keyctl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-keys.h"
#include "decode-net.h"
#include "uapi-consts.h"

_Static_assert(RENACER_KEYCTL_INSTANTIATE_IOV == KEYCTL_INSTANTIATE_IOV, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_PKEY_ENCRYPT == KEYCTL_PKEY_ENCRYPT, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_PKEY_DECRYPT == KEYCTL_PKEY_DECRYPT, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_PKEY_SIGN == KEYCTL_PKEY_SIGN, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_PKEY_VERIFY == KEYCTL_PKEY_VERIFY, "uapi-consts.h");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_key_spec;

/* print_keyring_serial_number(): the KEY_SPEC_* name or the int */
static void put_key(struct dbuf *b, int32_t v)
{
        const char *s = xlat_name(&xl_key_spec, (uint64_t)(int64_t)v);

        if (s)
                db_puts(b, s);
        else
                db_printf(b, "%d", v);
}

/* print_xint_array_member() over a __spare array, when it is not zero */
static void put_spare(struct dbuf *b, const uint32_t *v, size_t n)
{
        bool zero = true;

        for (size_t k = 0; k < n; k++)
                zero &= !v[k];
        if (zero)
                return;
        db_puts(b, ", __spare=[");
        for (size_t k = 0; k < n; k++)
                db_printf(b, k ? ", %#x" : "%#x", v[k]);
        db_putc(b, ']');
}

/* printstrn() of len bytes at addr from the segment s: NULL, the address
 * when they were not read, else cut at -s with "..." */
static void put_seg_strn(struct dctx *c, const struct record_seg *s, uint64_t addr, uint64_t len)
{
        size_t n;

        if (!addr || !s || (s->flags & RENACER_SEGF_FAULT) || (len && !s->len)) {
                put_ptr(c, addr);
                return;
        }
        n = s->len < c->strsize ? s->len : c->strsize;
        if (n > len)
                n = (size_t)len;
        put_quoted(c->b, s->data, n, false);
        if (len > n)
                db_puts(c->b, "...");
}

/* printstr() of a NUL-ended string at addr from the STR segment s */
static void put_seg_str(struct dctx *c, const struct record_seg *s, uint64_t addr)
{
        size_t n;

        if (!addr || !s || (s->flags & RENACER_SEGF_FAULT)) {
                put_ptr(c, addr);
                return;
        }
        n = s->len < c->strsize ? s->len : c->strsize;
        put_quoted(c->b, s->data, n, false);
        if (s->len > n || (s->flags & RENACER_SEGF_TRUNC))
                db_puts(c->b, "...");
}

void keyctl_put_instantiate_iov(struct dctx *c)
{
        arg_next(c);
        put_key(c->b, (int32_t)A(1));
        arg_next(c);
        /* tprint_iov(): every element's data, as writev's */
        put_iov(c, 2, A(3), UINT64_MAX, true);
        a_ulong(c, 3);
        arg_next(c);
        put_key(c->b, (int32_t)A(4));
}

void keyctl_put_dh_result_kdf(struct dctx *c)
{
        struct keyctl_kdf_params k;

        c->nonverbose = false; /* strace reads the parameters with umove() */
        const struct record_seg *ks = seg_nth(c, 4, RENACER_SEG_BUF, 0);

        arg_next(c);
        if (!exited_ok(c) || c->ret < 0) {
                put_ptr(c, A(2));
        } else {
                const uint64_t n = (uint64_t)c->ret > A(3) ? A(3) : (uint64_t)c->ret;

                put_seg_strn(c, seg_data(c, 2), A(2), n);
        }
        a_ulong(c, 3);
        arg_next(c);
        if (!A(4) || !ks || (ks->flags & RENACER_SEGF_FAULT) || ks->len < sizeof(k)) {
                put_ptr(c, A(4));
                return;
        }
        memcpy(&k, ks->data, sizeof(k));
        db_puts(c->b, "{hashname=");
        put_seg_str(c, seg_get(c, 4, RENACER_SEG_STR), (uint64_t)(uintptr_t)k.hashname);
        db_puts(c->b, ", otherinfo=");
        /* the kernel does not read otherinfo when otherinfolen is 0 */
        if (k.otherinfolen)
                put_seg_strn(c, seg_nth(c, 4, RENACER_SEG_BUF, 1), (uint64_t)(uintptr_t)k.otherinfo,
                             k.otherinfolen);
        else
                put_ptr(c, (uint64_t)(uintptr_t)k.otherinfo);
        db_printf(c->b, ", otherinfolen=%u", k.otherinfolen);
        put_spare(c->b, k.__spare, sizeof(k.__spare) / sizeof(k.__spare[0]));
        db_putc(c->b, '}');
}

void keyctl_put_pkey_op(struct dctx *c, bool out)
{
        const struct keyctl_pkey_params *p = seg_struct(c, 1, sizeof(*p));
        struct keyctl_pkey_params k;

        arg_next(c);
        if (!p) {
                put_ptr(c, A(1));
        } else {
                memcpy(&k, p, sizeof(k));
                db_puts(c->b, "{key_id=");
                put_key(c->b, k.key_id);
                db_printf(c->b, ", in_len=%u, %s=%u", k.in_len, out ? "out_len" : "in2_len",
                          k.out_len);
                put_spare(c->b, k.__spare, sizeof(k.__spare) / sizeof(k.__spare[0]));
                db_putc(c->b, '}');
        }
        arg_next(c);
        put_string(c, 2);
        arg_next(c);
        if (p)
                put_seg_strn(c, seg_get(c, 3, RENACER_SEG_BUF), A(3), k.in_len);
        else
                put_ptr(c, A(3));
        arg_next(c);
        /* the output is printed at exit, after success; VERIFY's second
         * input at entry */
        if (p && (!out || exited_ok(c)))
                put_seg_strn(c, seg_get(c, 4, RENACER_SEG_BUF), A(4), k.out_len);
        else
                put_ptr(c, A(4));
}
