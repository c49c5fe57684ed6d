// SPDX-License-Identifier: MIT
/*
 * The native AIO calls as strace 6.1 prints them (its src/aio.c):
 * io_setup's context id, io_cancel's struct iocb header and the io_event
 * it wrote, io_getevents' and io_pgetevents' events (print_array() of as
 * many as the call returned), their timeout and io_pgetevents' signal
 * mask. Their rows in engine/syscall-table/syscalls.def say what BPF
 * copies; a missing, faulted or short copy prints the pointer.
 */
#include <linux/aio_abi.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-array.h"
#include "decode-internal.h"
#include "decode-net.h"
#include "decode-proc.h"

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_aio_cmds;

void dec_io_setup(struct dctx *c)
{
        const uint64_t *id = exited_ok(c) ? seg_struct(c, 1, sizeof(*id)) : NULL;

        a_uint(c, 0);
        arg_next(c);
        /* printnum_ptr() after the call */
        if (id)
                db_printf(c->b, "[%#llx]", (unsigned long long)*id);
        else
                put_ptr(c, A(1));
}

/* print_iocb_header() */
static void put_iocb_header(struct dctx *c, const struct iocb *cb)
{
        const char *op = xlat_name(&xl_aio_cmds, cb->aio_lio_opcode);

        db_printf(c->b, "aio_data=%#llx", (unsigned long long)cb->aio_data);
        if (cb->aio_key)
                db_printf(c->b, ", aio_key=%u", cb->aio_key);
        if (cb->aio_rw_flags) {
                db_puts(c->b, ", aio_rw_flags=");
                put_flags(c->b, &xl_rwf_flags, (uint32_t)cb->aio_rw_flags, "RWF_???");
        }
        db_puts(c->b, ", aio_lio_opcode=");
        /* printxval_ex(..., XLAT_STYLE_FMT_U) */
        if (op)
                db_puts(c->b, op);
        else
                db_printf(c->b, "%u /* IOCB_CMD_??? */", cb->aio_lio_opcode);
        if (cb->aio_flags & IOCB_FLAG_IOPRIO) {
                db_puts(c->b, ", aio_reqprio=");
                put_ioprio(c->b, (uint16_t)cb->aio_reqprio);
        } else if (cb->aio_reqprio) {
                db_printf(c->b, ", aio_reqprio=%d", cb->aio_reqprio);
        }
        db_printf(c->b, ", aio_fildes=%d", (int32_t)cb->aio_fildes);
}

static void put_io_event(struct dctx *c, const uint8_t *e)
{
        struct io_event ev;

        memcpy(&ev, e, sizeof(ev));
        db_printf(c->b, "{data=%#llx, obj=%#llx, res=%lld, res2=%lld}", (unsigned long long)ev.data,
                  (unsigned long long)ev.obj, (long long)ev.res, (long long)ev.res2);
}

void dec_io_cancel(struct dctx *c)
{
        const struct iocb *cb = seg_struct(c, 1, sizeof(*cb));
        const struct io_event *ev = exited_ok(c) ? seg_struct(c, 2, sizeof(*ev)) : NULL;

        a_ptr(c, 0);
        arg_next(c);
        if (cb) {
                struct iocb h;

                memcpy(&h, cb, sizeof(h));
                db_putc(c->b, '{');
                put_iocb_header(c, &h);
                db_putc(c->b, '}');
        } else {
                put_ptr(c, A(1));
        }
        arg_next(c);
        if (ev)
                put_io_event(c, (const uint8_t *)ev);
        else
                put_ptr(c, A(2));
}

/* print_io_getevents(): the events the call returned (none readable after
 * a failure: the address), and the timeout (and the signal mask) the
 * kernel read at entry, shown whether the call failed or not */
static void put_getevents(struct dctx *c, bool has_sig)
{
        const uint64_t nr = exited_ok(c) ? (uint64_t)c->ret : UINT64_MAX;

        a_ptr(c, 0);
        a_long(c, 1);
        a_long(c, 2);
        arg_next(c);
        put_seg_array(c, seg_get(c, 3, RENACER_SEG_BUF), A(3), nr, sizeof(struct io_event),
                      put_io_event);
        arg_next(c);
        put_timespec(c, 4);
        if (has_sig) {
                arg_next(c);
                put_sigset_pack(c, 5);
        }
}

void dec_io_getevents(struct dctx *c)
{
        put_getevents(c, false);
}

void dec_io_pgetevents(struct dctx *c)
{
        put_getevents(c, true);
}
