// SPDX-License-Identifier: MIT
/*
 * POSIX message queues as strace 6.1 prints them (its mq.c and
 * print_mq_attr.c): mq_open with its struct mq_attr when it creates,
 * mq_timedsend and mq_timedreceive with their messages, priority and
 * timeout, mq_notify's sigevent and mq_getsetattr's attributes. A
 * structure the kernel reads is shown whenever it could be copied, one it
 * writes only after success, as strace's umove_or_printaddr() does.
 */
#include <fcntl.h>
#include <linux/mqueue.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "decode-time.h"

/* generated from the list in xlat/ by gen-xlat.py */
extern const struct xlat xl_mq_attr_flags;

/* strace's printmqattr(): the four fields, mq_flags by name when
 * decode_flags (mq_getsetattr) and in hex otherwise (mq_open) */
static void put_mq_attr(struct dctx *c, unsigned i, bool out, bool decode_flags)
{
        const struct mq_attr *p =
            A(i) && (!out || exited_ok(c)) ? seg_struct(c, i, sizeof(*p)) : NULL;
        struct mq_attr a;

        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&a, p, sizeof(a));
        db_puts(c->b, "{mq_flags=");
        if (decode_flags)
                put_flags(c->b, &xl_mq_attr_flags, (uint64_t)a.mq_flags, "O_???");
        else
                put_hex(c, (uint64_t)a.mq_flags);
        db_printf(c->b, ", mq_maxmsg=%lld, mq_msgsize=%lld, mq_curmsgs=%lld}",
                  (long long)a.mq_maxmsg, (long long)a.mq_msgsize, (long long)a.mq_curmsgs);
}

void dec_mq_open(struct dctx *c)
{
        a_path(c, 0);
        arg_next(c);
        put_open_flags(c->b, U32(A(1)));
        if (U32(A(1)) & O_CREAT) {
                a_mode(c, 2);
                arg_next(c);
                put_mq_attr(c, 3, false, false);
        }
}

void dec_mq_timedsend(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_buf(c, 1, A(2), false);
        a_ulong(c, 2);
        a_uint(c, 3);
        arg_next(c);
        put_timespec(c, 4);
}

void dec_mq_timedreceive(struct dctx *c)
{
        const uint32_t *prio = exited_ok(c) && A(3) ? seg_struct(c, 3, sizeof(*prio)) : NULL;

        a_int(c, 0);
        arg_next(c);
        if (exited_ok(c))
                put_buf(c, 1, (uint64_t)c->ret, false);
        else
                put_ptr(c, A(1));
        a_ulong(c, 2);
        arg_next(c);
        if (prio)
                db_printf(c->b, "[%u]", *prio);
        else
                put_ptr(c, A(3));
        /* the kernel reads the timeout at entry: shown whether the call
         * failed or not */
        arg_next(c);
        put_timespec(c, 4);
}

void dec_mq_notify(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_sigevent(c, 1);
}

void dec_mq_getsetattr(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_mq_attr(c, 1, false, true);
        arg_next(c);
        put_mq_attr(c, 2, true, true);
}
