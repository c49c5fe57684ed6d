// SPDX-License-Identifier: MIT
/*
 * fanotify_init and fanotify_mark as strace 6.1 prints them (its
 * fanotify.c): the notification class apart from the other init flags, the
 * event file flags as open(2) modes, a mark's 64-bit event mask and its
 * FAN_NOFD or directory fd. The path comes from the ENTER(PATH) segment
 * of the row in engine/syscall-table/syscalls.def.
 */
#include <linux/fanotify.h>
#include <stdint.h>

#include "decode-args.h"
#include "decode-internal.h"

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_fan_classes, xl_fan_init_flags, xl_fan_mark_flags, xl_fan_event_flags;

/* the class bits of fanotify_init's flags, as strace defines them when
 * the headers no longer do */
#define FAN_CLASS_BITS (FAN_CLASS_NOTIF | FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT)
_Static_assert(FAN_CLASS_BITS == 0xc, "fanotify class bits");
_Static_assert(FAN_NOFD == -1, "FAN_NOFD");

void dec_fanotify_init(struct dctx *c)
{
        uint32_t flags = (uint32_t)A(0);

        arg_next(c);
        put_xval(c->b, &xl_fan_classes, flags & FAN_CLASS_BITS, xl_fan_classes.dflt);
        flags &= ~(uint32_t)FAN_CLASS_BITS;
        if (flags) {
                db_putc(c->b, '|');
                put_flags(c->b, &xl_fan_init_flags, flags, xl_fan_init_flags.dflt);
        }
        arg_next(c);
        put_open_flags(c->b, U32(A(1)));
}

void dec_fanotify_mark(struct dctx *c)
{
        a_int(c, 0);
        a_flags32(c, 1, &xl_fan_mark_flags, xl_fan_mark_flags.dflt);
        /* the mask is 64 bits wide (the kernel uses the low 32) */
        arg_next(c);
        put_flags(c->b, &xl_fan_event_flags, A(2), xl_fan_event_flags.dflt);
        arg_next(c);
        if ((int32_t)A(3) == FAN_NOFD)
                db_puts(c->b, "FAN_NOFD");
        else
                put_dirfd(c, A(3));
        a_path(c, 4);
}
