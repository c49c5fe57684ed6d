/* SPDX-License-Identifier: MIT */
/*
 * Input event requests (type 'E', linux/input.h) whose argument strace
 * 6.1's evdev.c prints as a number. Apart from decode-ioctl.c, whose
 * kernel termios headers linux/input.h (through sys/ioctl.h) clashes with.
 */
#include <linux/input.h>
#include <stdio.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "decode-ioctl.h"

bool ioctl_evdev(struct dctx *c, uint32_t code)
{
        const void *p;
        uint32_t v;

        switch (code) {
        case EVIOCRMFF:
                a_int(c, 2);
                return true;
        case EVIOCGRAB:
        case EVIOCREVOKE:
                arg_next(c);
                db_printf(c->b, "%llu", (unsigned long long)A(2));
                return true;
        case EVIOCSCLOCKID:
                /* printnum_int(): what the call is given */
                arg_next(c);
                p = A(2) ? seg_struct(c, 2, sizeof(v)) : NULL;
                if (!p) {
                        put_ptr(c, A(2));
                        return true;
                }
                memcpy(&v, p, sizeof(v));
                db_printf(c->b, "[%u]", v);
                return true;
        default:
                return false;
        }
}
