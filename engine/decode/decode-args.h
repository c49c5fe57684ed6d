/* SPDX-License-Identifier: MIT */
/*
 * The argument helpers every decoder file writes its printers with: each
 * starts the next argument and prints argument i of the call one way.
 * Shared by decode-syscalls.c and the per-family decoder files.
 */
#ifndef RENACER_DECODE_ARGS_H
#define RENACER_DECODE_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "decode-internal.h"

#define A(i)   (c->a[i])
#define U32(v) ((uint64_t)(uint32_t)(v))

static inline bool exited_ok(const struct dctx *c)
{
        return !c->failed && !c->noret;
}

/* ---- small argument helpers ---- */

static inline void a_int(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_int(c, A(i));
}

static inline void a_uint(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_uint(c, A(i));
}

static inline void a_ulong(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_ulong(c, A(i));
}

static inline void a_long(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_long(c, A(i));
}

static inline void a_hex(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_hex(c, A(i));
}

static inline void a_ptr(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_ptr(c, A(i));
}

static inline void a_dirfd(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_dirfd(c, A(i));
}

static inline void a_path(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_path(c, i);
}

static inline void a_mode(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_mode(c, A(i));
}

static inline void a_flags32(struct dctx *c, unsigned i, const struct xlat *x, const char *dflt)
{
        arg_next(c);
        put_flags(c->b, x, U32(A(i)), dflt);
}

static inline void a_xval32(struct dctx *c, unsigned i, const struct xlat *x, const char *dflt)
{
        arg_next(c);
        put_xval(c->b, x, U32(A(i)), dflt);
}

static inline void a_signal(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_signal(c->b, (int)A(i));
}

/* A buffer the kernel filled: shown only after a successful call, with the
 * result as its length. */
static inline void a_outbuf(struct dctx *c, unsigned i, bool hex)
{
        arg_next(c);
        if (exited_ok(c) && c->ret >= 0)
                put_buf(c, i, (uint64_t)c->ret, hex);
        else
                put_ptr(c, A(i));
}

#endif
