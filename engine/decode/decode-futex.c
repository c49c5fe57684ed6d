// SPDX-License-Identifier: MIT
/*
 * futex_waitv as strace 6.1 prints it (its src/futex_waitv.c): the array
 * of struct futex_waitv as print_array() shows it (NULL, [] for none, the
 * address when the first element cannot be read, an ellipsis with the
 * address where a later one cannot, "..." after -s elements), the flags,
 * the absolute timeout and the clock.
 */
#include <linux/futex.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "uapi-consts.h"

_Static_assert(RENACER_FUTEX_WAITV_SHOWN * sizeof(struct futex_waitv) <= 1024,
               "the array fits one capture (RENACER_BUF_CAP)");

/* generated from xlat/futex_waiter_flags.in by gen-xlat.py */
extern const struct xlat xl_futex_waiter_flags;

struct k_futex_waitv {
        uint64_t val;
        uint64_t uaddr;
        uint32_t flags;
        uint32_t reserved;
};
_Static_assert(sizeof(struct k_futex_waitv) == sizeof(struct futex_waitv), "struct futex_waitv");

static void put_waiter(struct dbuf *b, const struct k_futex_waitv *w)
{
        db_printf(b, "{val=%#llx, uaddr=", (unsigned long long)w->val);
        if (w->uaddr)
                db_printf(b, "%#llx", (unsigned long long)w->uaddr);
        else
                db_puts(b, "NULL");
        db_puts(b, ", flags=");
        put_flags(b, &xl_futex_waiter_flags, w->flags, "FUTEX_???");
        if (w->reserved)
                db_printf(b, ", __reserved=%#x", w->reserved);
        db_putc(b, '}');
}

static void put_waiters(struct dctx *c)
{
        const uint32_t nr = (uint32_t)A(1);
        const struct record_seg *s = seg_get(c, 0, RENACER_SEG_BUF);
        size_t have;

        if (!A(0)) {
                db_puts(c->b, "NULL");
                return;
        }
        if (!nr) {
                db_puts(c->b, "[]");
                return;
        }
        have = s && !(s->flags & RENACER_SEGF_FAULT) ? s->len / sizeof(struct k_futex_waitv) : 0;
        if (have > nr)
                have = nr;
        if (!have) {
                put_ptr(c, A(0));
                return;
        }
        db_putc(c->b, '[');
        for (size_t i = 0; i < have; i++) {
                struct k_futex_waitv w;

                if (i)
                        db_puts(c->b, ", ");
                if (i >= c->strsize) {
                        db_puts(c->b, "...");
                        db_putc(c->b, ']');
                        return;
                }
                memcpy(&w, s->data + i * sizeof(w), sizeof(w));
                put_waiter(c->b, &w);
        }
        if (have < nr) {
                if (have >= c->strsize)
                        db_puts(c->b, ", ...");
                else if (have < RENACER_FUTEX_WAITV_SHOWN)
                        db_printf(c->b, ", ... /* %#llx */",
                                  (unsigned long long)(A(0) + have * sizeof(struct k_futex_waitv)));
                else
                        db_puts(c->b, ", ...");
        }
        db_putc(c->b, ']');
}

void dec_futex_waitv(struct dctx *c)
{
        arg_next(c);
        put_waiters(c);
        a_uint(c, 1);
        arg_next(c);
        db_printf(c->b, "%#x", (uint32_t)A(2));
        arg_next(c);
        put_timespec(c, 3);
        a_xval32(c, 4, &xl_clocks, "CLOCK_???");
}
