// SPDX-License-Identifier: MIT
/*
 * kexec_load as strace 6.1 prints it (its src/kexec.c): the entry point,
 * the segment array as print_array() shows it (the address when there are
 * more than KEXEC_SEGMENT_MAX segments) and the flags, split into the
 * architecture (the high 16 bits) and the KEXEC_* bits. The row's
 * EXIT(ARRAY) copies at most KEXEC_SEGMENT_MAX segments, as much of them
 * as can be read.
 */
#include <linux/kexec.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-array.h"
#include "decode-internal.h"
#include "uapi-consts.h"

_Static_assert(RENACER_KEXEC_SEGMENT_SIZE == sizeof(struct kexec_segment), "uapi-consts.h");
_Static_assert(RENACER_KEXEC_SEGMENT_MAX == KEXEC_SEGMENT_MAX, "uapi-consts.h");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_kexec_arch_values, xl_kexec_load_flags;

static void put_kexec_segment(struct dctx *c, const uint8_t *e)
{
        struct kexec_segment s;

        memcpy(&s, e, sizeof(s));
        db_puts(c->b, "{buf=");
        put_ptr(c, (uint64_t)(uintptr_t)s.buf);
        db_printf(c->b, ", bufsz=%llu, mem=", (unsigned long long)s.bufsz);
        put_ptr(c, (uint64_t)(uintptr_t)s.mem);
        db_printf(c->b, ", memsz=%llu}", (unsigned long long)s.memsz);
}

void dec_kexec_load(struct dctx *c)
{
        const uint64_t nr = A(1), flags = A(3) & ~(uint64_t)KEXEC_ARCH_MASK;

        a_ptr(c, 0);
        a_ulong(c, 1);
        arg_next(c);
        if (nr > KEXEC_SEGMENT_MAX)
                put_ptr(c, A(2));
        else
                put_seg_array(c, seg_get(c, 2, RENACER_SEG_BUF), A(2), nr,
                              sizeof(struct kexec_segment), put_kexec_segment);
        arg_next(c);
        put_xval(c->b, &xl_kexec_arch_values, A(3) & KEXEC_ARCH_MASK, "KEXEC_ARCH_???");
        if (flags) {
                db_putc(c->b, '|');
                put_flags(c->b, &xl_kexec_load_flags, flags, "KEXEC_???");
        }
}
