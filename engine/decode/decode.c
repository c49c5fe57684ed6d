// SPDX-License-Identifier: MIT
/*
 * Entry point of the decoder: checks a syscall record against the bytes the
 * caller has, indexes its payload segments, runs the syscall's decoder (or
 * prints the raw arguments) and formats the result the way strace does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decode-internal.h"
#include "syscall-names.h"
#include "syscall-table.h"

/* The most segments a payload can hold: each takes at least a header. */
#define SEG_MAX (RENACER_PAYLOAD_MAX / sizeof(struct renacer_seg))

const struct record_seg *seg_data(const struct dctx *c, unsigned arg)
{
        for (unsigned i = 0; i < c->nseg; i++)
                if (c->seg[i].arg == arg && c->seg[i].type == RENACER_SEG_BUF)
                        return &c->seg[i];
        return NULL;
}

const struct record_seg *seg_data_at(const struct dctx *c, unsigned arg, bool at_exit)
{
        for (unsigned i = 0; i < c->nseg; i++)
                if (c->seg[i].arg == arg && c->seg[i].type == RENACER_SEG_BUF &&
                    !(c->seg[i].flags & RENACER_SEGF_AT_EXIT) == !at_exit)
                        return &c->seg[i];
        return NULL;
}

/* -e verbose=: a call outside the set has no structures to read */
#define HIDDEN(c, type) ((c)->nonverbose && (type) == RENACER_SEG_BUF)

const struct record_seg *seg_get(const struct dctx *c, unsigned arg, unsigned type)
{
        if (HIDDEN(c, type))
                return NULL;
        for (unsigned i = 0; i < c->nseg; i++)
                if (c->seg[i].arg == arg && c->seg[i].type == type)
                        return &c->seg[i];
        return NULL;
}

const struct record_seg *seg_nth(const struct dctx *c, unsigned arg, unsigned type, unsigned k)
{
        if (HIDDEN(c, type))
                return NULL;
        for (unsigned i = 0; i < c->nseg; i++)
                if (c->seg[i].arg == arg && c->seg[i].type == type && k-- == 0)
                        return &c->seg[i];
        return NULL;
}

const struct record_seg *seg_at(const struct dctx *c, unsigned arg, unsigned type, bool at_exit)
{
        if (HIDDEN(c, type))
                return NULL;
        for (unsigned i = 0; i < c->nseg; i++)
                if (c->seg[i].arg == arg && c->seg[i].type == type &&
                    !(c->seg[i].flags & RENACER_SEGF_AT_EXIT) == !at_exit)
                        return &c->seg[i];
        return NULL;
}

const void *seg_struct(const struct dctx *c, unsigned arg, size_t size)
{
        const struct record_seg *s = seg_get(c, arg, RENACER_SEG_BUF);

        if (!s || (s->flags & RENACER_SEGF_FAULT) || s->len < size)
                return NULL;
        return s->data;
}

void arg_next(struct dctx *c)
{
        struct decoded *d = c->out;

        if (c->arg_open >= 0) {
                d->arg_len[c->arg_open] = (uint16_t)(c->b->len - d->arg_off[c->arg_open]);
                db_putc(c->b, '\0');
        }
        if (c->arg_open + 1 >= DECODE_MAX_ARGS) {
                /* a decoder bug, not a property of the record */
                c->b->full = true;
                return;
        }
        c->arg_open++;
        d->arg_off[c->arg_open] = (uint16_t)c->b->len;
}

/* Index the segments, refusing the record if any does not fit. */
static int index_segments(const struct renacer_syscall_event *ev, struct record_seg *segs,
                          unsigned *nseg)
{
        struct record_seg_iter it;
        unsigned n = 0;
        int r = 0;

        record_seg_iter_init(&it, ev, ev->hdr.size);
        while (n < SEG_MAX && (r = record_seg_next(&it, &segs[n])) > 0)
                n++;
        if (r < 0)
                return r;
        *nseg = n;
        return 0;
}

static void put_result(struct dctx *c)
{
        struct dbuf *b = c->b;

        if (c->noret) {
                db_putc(b, '?');
                return;
        }
        if (c->failed) {
                long err = (long)-c->ret;
                const char *name = errno_name(err);

                switch (err) {
                case 512: /* ERESTARTSYS */
                case 513: /* ERESTARTNOINTR */
                case 514: /* ERESTARTNOHAND */
                case 516: /* ERESTART_RESTARTBLOCK */
                        /* the call will be restarted: no -1 reaches the program */
                        db_printf(b, "? %s (%s)", name, errno_text(err));
                        return;
                }
                if (name)
                        db_printf(b, "-1 %s (%s)", name, errno_text(err));
                else
                        db_printf(b, "-1 ERRNO_%ld (%s)", err, errno_text(err));
                return;
        }
        switch (c->rval) {
        case RVAL_HEX:
                db_put_hex(b, (uint64_t)c->ret);
                break;
        case RVAL_OCT:
                db_printf(b, "%#03llo", (unsigned long long)c->ret);
                break;
        case RVAL_UDEC:
                db_put_u64(b, (uint64_t)c->ret);
                break;
        default:
                db_put_s64(b, (int64_t)c->ret);
                break;
        }
        if (c->rextra)
                c->rextra(c);
}

/* strace's raw(tcp) exit: "%#lx", or print_err_ret()'s "-1 NAME (strerror)" */
static void put_raw_result(struct dctx *c)
{
        struct dbuf *b = c->b;

        if (c->noret) {
                db_putc(b, '?');
                return;
        }
        if (!c->failed) {
                db_put_hex(b, (uint64_t)c->ret);
                return;
        }
        long err = (long)-c->ret;
        const char *name = errno_name(err);
        if (name)
                db_printf(b, "-1 %s (%s)", name, strerror((int)err));
        else
                db_printf(b, "-1 (errno %ld)", err);
}

/* The arguments strace's table counts: a signature's characters, a
 * {f:list} or {v:list} one of them. */
static unsigned signature_arity(const char *sig)
{
        unsigned n = 0;

        for (; sig && *sig; sig++, n++)
                if (*sig == '{') {
                        const char *end = strchr(sig, '}');
                        if (!end)
                                break;
                        sig = end;
                }
        return n < DECODE_MAX_ARGS ? n : DECODE_MAX_ARGS;
}

int decode_event(const struct renacer_syscall_event *ev, size_t avail, const struct decode_opts *o,
                 struct decoded *out)
{
        struct record_seg segs[SEG_MAX];
        struct dbuf b;
        struct dctx c;
        decode_fn fn;
        const char *sig;
        int rc;

        if (!ev || !out)
                return -EINVAL;
        rc = record_syscall_check(ev, avail);
        if (rc < 0)
                return rc;

        /* every field set one by one below, not zeroed first: zeroing the
         * struct compiles to a `rep stos`, a third of this function's time
         * on a stream of short calls */
        _Static_assert(sizeof(struct dctx) == 128, "a new dctx field: set it below");
        c.nseg = 0;
        c.rextra = NULL;
        rc = index_segments(ev, segs, &c.nseg);
        if (rc < 0)
                return rc;

        b.p = out->text;
        b.cap = sizeof(out->text);
        b.len = 0;
        b.full = false;

        c.ev = ev;
        memcpy(c.a, ev->args, sizeof(c.a));
        c.ret = ev->ret;
        c.noret = (ev->flags & RENACER_SC_NORETURN) != 0;
        c.failed = !c.noret && syscall_ret_is_error(c.ret);
        c.strsize = (o && (o->strsize || o->strsize_given)) ? o->strsize : DECODE_DEFAULT_STRSIZE;
        c.no_abbrev = o && o->no_abbrev;
        c.nonverbose = o && o->nonverbose;
        c.hex = o ? o->hex : 0;
        c.seg = segs;
        c.b = &b;
        c.out = out;
        c.arg_open = -1;
        c.rval = RVAL_DEC;

        out->nr = ev->nr;
        out->name = syscall_name(ev->nr);

        fn = decode_lookup(ev->nr);
        sig = decode_signature(ev->nr);
        if (o && o->raw) {
                unsigned n = sig ? signature_arity(sig) : DECODE_MAX_ARGS;
                for (unsigned i = 0; i < n; i++) {
                        arg_next(&c);
                        put_hex(&c, c.a[i]);
                }
        } else if (fn) {
                fn(&c);
        } else if (sig) {
                decode_by_signature(&c, sig);
        } else {
                /* strace's printargs() for calls it does not know */
                for (unsigned i = 0; i < DECODE_MAX_ARGS; i++) {
                        arg_next(&c);
                        put_hex(&c, c.a[i]);
                }
        }
        if (c.arg_open >= 0) {
                out->arg_len[c.arg_open] = (uint16_t)(b.len - out->arg_off[c.arg_open]);
                db_putc(&b, '\0');
        }
        out->nargs = c.arg_open + 1;

        out->ret_off = (uint16_t)b.len;
        if (o && o->raw)
                put_raw_result(&c);
        else
                put_result(&c);
        out->ret_len = (uint16_t)(b.len - out->ret_off);
        db_putc(&b, '\0');
        if (b.full)
                return -ENOSPC;
        return 0;
}

int decode_format(const struct decoded *d, char *buf, size_t size)
{
        struct dbuf b = {buf, size, 0, false};

        if (!d || !buf || size == 0)
                return -EINVAL;
        db_puts(&b, d->name ? d->name : "?");
        db_putc(&b, '(');
        for (int i = 0; i < d->nargs; i++) {
                if (i)
                        db_puts(&b, ", ");
                db_write(&b, decoded_arg(d, i), d->arg_len[i]);
        }
        db_puts(&b, ") = ");
        db_write(&b, decoded_ret(d), d->ret_len);
        buf[b.len] = '\0';
        if (b.full)
                return -ENOSPC;
        return (int)b.len;
}
