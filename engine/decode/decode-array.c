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
