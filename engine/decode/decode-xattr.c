// SPDX-License-Identifier: MIT
/*
 * Extended attributes as strace 6.1 prints them (its xattr.c): setxattr,
 * getxattr, listxattr and removexattr in their path, l and f forms. A
 * value is printstr_ex(QUOTE_OMIT_TRAILING_0) of its size (the request
 * for a set, the result for a get), its address when larger than
 * XATTR_SIZE_MAX; a list is the NUL-separated names the call returned,
 * quoted as one buffer. Names are strings cut at -s, paths are whole.
 */
#include <linux/limits.h>
#include <stdint.h>

#include "decode-args.h"
#include "decode-internal.h"

/* generated from the list in xlat/ by gen-xlat.py */
extern const struct xlat xl_xattrflags;

/* Whether strace's string_quote() prints these n bytes in hex: always
 * with -xx, with -x when one of them is neither printable ASCII nor
 * whitespace (the renderer then hexes the string it is given). */
static bool hex_form(const struct dctx *c, const uint8_t *s, size_t n)
{
        if (c->hex > 1)
                return true;
        for (size_t i = 0; c->hex && i < n; i++)
                if (s[i] > 0x7e || (s[i] < ' ' && (unsigned)(s[i] - 9) >= 5))
                        return true;
        return false;
}

/* strace's print_xattr_val(): the value of size bytes at argument 2, then
 * the size the call was given */
static void a_xattr_value(struct dctx *c, uint64_t size)
{
        const struct record_seg *s = seg_data(c, 2);
        size_t n;

        arg_next(c);
        if (A(2) && size <= XATTR_SIZE_MAX && s && !(s->flags & RENACER_SEGF_FAULT) &&
            s->len >= (size < c->strsize ? size : c->strsize)) {
                n = size < c->strsize ? (size_t)size : c->strsize;
                /* a NUL last of what is shown ends the string: no "...";
                 * but not in hex, which strace prints whole */
                if (n && !s->data[n - 1] && !hex_form(c, s->data, n)) {
                        put_quoted(c->b, s->data, n - 1, false);
                } else {
                        put_quoted(c->b, s->data, n, false);
                        if (size > n)
                                db_puts(c->b, "...");
                }
        } else {
                put_ptr(c, A(2));
        }
        a_ulong(c, 3);
}

/* the path (or the fd) and the name */
static void a_target_name(struct dctx *c, bool fd)
{
        if (fd)
                a_int(c, 0);
        else
                a_path(c, 0);
        arg_next(c);
        put_string(c, 1);
}

static void set_xattr(struct dctx *c, bool fd)
{
        a_target_name(c, fd);
        a_xattr_value(c, A(3));
        arg_next(c);
        put_flags(c->b, &xl_xattrflags, U32(A(4)), "XATTR_???");
}

void dec_setxattr(struct dctx *c)
{
        set_xattr(c, false);
}

void dec_fsetxattr(struct dctx *c)
{
        set_xattr(c, true);
}

static void get_xattr(struct dctx *c, bool fd)
{
        a_target_name(c, fd);
        /* a failed call's result is -1: larger than any value */
        a_xattr_value(c, exited_ok(c) ? (uint64_t)c->ret : UINT64_MAX);
}

void dec_getxattr(struct dctx *c)
{
        get_xattr(c, false);
}

void dec_fgetxattr(struct dctx *c)
{
        get_xattr(c, true);
}

/* strace's print_xattr_list(): the names the call returned */
static void list_xattr(struct dctx *c, bool fd)
{
        if (fd)
                a_int(c, 0);
        else
                a_path(c, 0);
        arg_next(c);
        if (!A(2) || !exited_ok(c))
                put_ptr(c, A(1));
        else
                put_buf(c, 1, (uint64_t)c->ret, false);
        a_ulong(c, 2);
}

void dec_listxattr(struct dctx *c)
{
        list_xattr(c, false);
}

void dec_flistxattr(struct dctx *c)
{
        list_xattr(c, true);
}

void dec_removexattr(struct dctx *c)
{
        a_target_name(c, false);
}

void dec_fremovexattr(struct dctx *c)
{
        a_target_name(c, true);
}
