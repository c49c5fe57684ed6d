// SPDX-License-Identifier: MIT
/*
 * The NUMA memory policy calls as strace 6.1 prints them (its numa.c):
 * set_mempolicy, get_mempolicy, mbind, migrate_pages and move_pages. Node
 * masks are print_array()s of unsigned longs in %#016lx, the pages and
 * nodes of move_pages arrays of addresses and ints, its status an array
 * of results (a node or a negated errno). Their rows in syscalls.def copy the
 * arrays (EXIT(NODEMASK...), EXIT(ARRAY_S...)); everything shown from
 * user memory comes from those segments, read with seg_get() only.
 */
#include <errno.h>
#include <linux/mempolicy.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-array.h"
#include "decode-internal.h"
#include "syscall-names.h"

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_mpol_modes, xl_mpol_mode_flags, xl_mbind_flags, xl_get_mempolicy_flags,
    xl_move_pages_flags;

#define NODEMASK_BITS (8 * sizeof(unsigned long))

/* strace's print_node(): PRINT_VAL_0X of an unsigned long */
static void put_node_word(struct dctx *c, const uint8_t *e)
{
        unsigned long v;

        memcpy(&v, e, sizeof(v));
        db_printf(c->b, "%#0*lx", (int)sizeof(v) * 2, v);
}

/* strace's print_nodemask(): the node mask of maxnode bits at argument i,
 * or its address when its size overflows; only after success when the
 * call writes it (get_mempolicy) */
static void a_nodemask(struct dctx *c, unsigned i, uint64_t maxnode, bool out)
{
        const uint64_t nmemb = (maxnode + NODEMASK_BITS - 2) / NODEMASK_BITS;

        arg_next(c);
        if (nmemb < maxnode / NODEMASK_BITS || (maxnode && !nmemb)) {
                put_ptr(c, A(i));
                return;
        }
        put_seg_array(c, out && !exited_ok(c) ? NULL : seg_get(c, i, RENACER_SEG_BUF), A(i), nmemb,
                      sizeof(unsigned long), put_node_word);
}

/* a NUMA policy mode and its optional flags, as strace's print_mode() */
static void a_mpol_mode(struct dctx *c, uint64_t v)
{
        const uint64_t fmask = MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING;
        const char *name = xlat_name(&xl_mpol_modes, v & ~fmask);

        arg_next(c);
        if (!(v & fmask)) {
                put_xval(c->b, &xl_mpol_modes, v, "MPOL_???");
        } else if (!name) {
                put_flags(c->b, &xl_mpol_mode_flags, v, "MPOL_???");
        } else {
                db_printf(c->b, "%s|", name);
                put_flags(c->b, &xl_mpol_mode_flags, v & fmask, NULL);
        }
}

void dec_mbind(struct dctx *c)
{
        a_ptr(c, 0);
        a_ulong(c, 1);
        a_mpol_mode(c, A(2));
        a_nodemask(c, 3, A(4), false);
        a_ulong(c, 4);
        arg_next(c);
        put_flags(c->b, &xl_mbind_flags, U32(A(5)), "MPOL_???");
}

void dec_set_mempolicy(struct dctx *c)
{
        a_mpol_mode(c, U32(A(0)));
        a_nodemask(c, 1, A(2), false);
        a_ulong(c, 2);
}

void dec_get_mempolicy(struct dctx *c)
{
        const int32_t *mode = exited_ok(c) && A(0) ? seg_struct(c, 0, sizeof(*mode)) : NULL;

        arg_next(c);
        if (!mode) {
                put_ptr(c, A(0));
        } else {
                db_putc(c->b, '[');
                put_xval(c->b, &xl_mpol_modes, (uint32_t)*mode, "MPOL_???");
                db_putc(c->b, ']');
        }
        a_nodemask(c, 1, A(2), true);
        a_ulong(c, 2);
        a_ptr(c, 3);
        arg_next(c);
        put_flags(c->b, &xl_get_mempolicy_flags, A(4), "MPOL_???");
}

void dec_migrate_pages(struct dctx *c)
{
        a_int(c, 0);
        a_ulong(c, 1);
        a_nodemask(c, 2, A(1), false);
        a_nodemask(c, 3, A(1), false);
}

static void put_page_addr(struct dctx *c, const uint8_t *e)
{
        uint64_t v;

        memcpy(&v, e, sizeof(v));
        put_ptr(c, v);
}

static void put_node_int(struct dctx *c, const uint8_t *e)
{
        int32_t v;

        memcpy(&v, e, sizeof(v));
        db_printf(c->b, "%d", v);
}

/* strace's print_err(status, true): a node, or a negated errno */
static void put_page_status(struct dctx *c, const uint8_t *e)
{
        int32_t v;
        const char *name;

        memcpy(&v, e, sizeof(v));
        name = v < 0 ? errno_name(-(long)v) : NULL;
        if (name)
                db_printf(c->b, "-%s", name);
        else
                db_printf(c->b, "%d", v);
}

void dec_move_pages(struct dctx *c)
{
        const uint64_t n = A(1);

        a_int(c, 0);
        a_ulong(c, 1);
        arg_next(c);
        put_seg_array(c, seg_get(c, 2, RENACER_SEG_BUF), A(2), n, sizeof(uint64_t), put_page_addr);
        arg_next(c);
        put_seg_array(c, seg_get(c, 3, RENACER_SEG_BUF), A(3), n, sizeof(int32_t), put_node_int);
        /* the kernel writes the status: read after success only */
        arg_next(c);
        put_seg_array(c, exited_ok(c) ? seg_get(c, 4, RENACER_SEG_BUF) : NULL, A(4), n,
                      sizeof(int32_t), put_page_status);
        arg_next(c);
        put_flags(c->b, &xl_move_pages_flags, U32(A(5)), "MPOL_???");
}
