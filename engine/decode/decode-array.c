// SPDX-License-Identifier: MIT
/*
 * strace's print_array() over an array a row copied as one segment (EXIT
 * FIELD_ARRAY, ARRAY): the io_uring registrations' and the bpf attrs'
 * arrays.
 */
#include <stdint.h>

#include "decode-array.h"

/* (see decode-array.h) */
void put_seg_array(struct dctx *c, const struct record_seg *s, uint64_t addr, uint64_t nr,
                   size_t esize, elem_fn elem)
{
        uint64_t got = s && !(s->flags & RENACER_SEGF_FAULT) ? s->len / esize : 0;
        bool capped = s && (s->flags & RENACER_SEGF_TRUNC);

        if (!addr) {
                db_puts(c->b, "NULL");
                return;
        }
        if (!nr) {
                db_puts(c->b, "[]");
                return;
        }
        if (nr > UINT64_MAX / esize || addr + nr * esize <= addr) {
                put_ptr(c, addr);
                return;
        }
        for (uint64_t k = 0; k < nr; k++) {
                if (k)
                        db_puts(c->b, ", ");
                if (k >= got && !(capped && k)) {
                        if (!k) {
                                put_ptr(c, addr);
                                return;
                        }
                        db_printf(c->b, "... /* %#llx */", (unsigned long long)(addr + k * esize));
                        break;
                }
                if (!k)
                        db_putc(c->b, '[');
                if (k >= c->strsize || k >= got) {
                        db_puts(c->b, "...");
                        break;
                }
                elem(c, s->data + k * esize);
        }
        db_putc(c->b, ']');
}

/* (see decode-array.h) */
void put_nonzero_tail(struct dctx *c, const struct record_seg *s, uint64_t size, size_t head,
                      const char *prefix)
{
        const uint64_t total = size < RENACER_TAIL_PAGE ? size : RENACER_TAIL_PAGE;
        uint64_t len;
        size_t n;
        bool zero = true;

        if (size <= head || total <= head)
                return;
        len = total - head;
        if (!s || (s->flags & RENACER_SEGF_FAULT)) {
                db_puts(c->b, prefix);
                db_puts(c->b, "???");
                return;
        }
        n = s->len < len ? s->len : (size_t)len;
        for (size_t i = 0; i < n && zero; i++)
                zero = !s->data[i];
        if (zero)
                return;
        db_puts(c->b, prefix);
        db_printf(c->b, "/* bytes %zu..%llu */ ", head, (unsigned long long)(total - 1));
        if (n > c->strsize)
                n = c->strsize;
        put_quoted(c->b, s->data, n, true);
        if (n < len)
                db_puts(c->b, "...");
}
