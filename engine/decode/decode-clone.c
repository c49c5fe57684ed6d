// SPDX-License-Identifier: MIT
/*
 * clone3 as strace 6.1 prints it (its src/clone.c): struct clone_args by
 * its flags, the set_tid array, the bytes past the structure when the
 * caller passed a larger size, and after success what the kernel wrote
 * through pidfd and parent_tid (" => {parent_tid=[1234]}"). The segments
 * come from renacer_capture_clone3() (bpf/renacer.bpf.c), one per
 * "argument" number: 0 the structure, 1 the bytes past it, 2 set_tid's
 * pids, 3 *pidfd, 4 *parent_tid.
 */
#include <linux/sched.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "uapi-consts.h"

_Static_assert(RENACER_CLONE_ARGS_SIZE_VER0 == CLONE_ARGS_SIZE_VER0, "uapi-consts.h");
_Static_assert(RENACER_CLONE_PIDFD == CLONE_PIDFD, "uapi-consts.h");
_Static_assert(RENACER_CLONE_PARENT_SETTID == CLONE_PARENT_SETTID, "uapi-consts.h");

/* generated from xlat/clone3_flags.in by gen-xlat.py */
extern const struct xlat xl_clone3_flags;

struct k_clone_args {
        uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
            set_tid_size, cgroup;
};
_Static_assert(sizeof(struct k_clone_args) == sizeof(struct clone_args), "struct clone_args");
_Static_assert(sizeof(struct k_clone_args) == CLONE_ARGS_SIZE_VER2, "struct clone_args");

#define SEG_STRUCT  0
#define SEG_TAIL    1
#define SEG_SET_TID 2
#define SEG_PIDFD   3
#define SEG_PTID    4

#define K_PAGE_SIZE 4096 /* strace reads the tail up to get_pagesize() */

static const struct record_seg *clone_seg(const struct dctx *c, unsigned which)
{
        const struct record_seg *s = seg_get(c, which, RENACER_SEG_BUF);

        return s && !(s->flags & RENACER_SEGF_FAULT) ? s : NULL;
}

static void put_addr64(struct dbuf *b, uint64_t v)
{
        if (v)
                db_printf(b, "%#llx", (unsigned long long)v);
        else
                db_puts(b, "NULL");
}

/* print_nonzero_bytes(): the bytes from sizeof(struct clone_args) to the
 * size (or a page), when any is not zero; returns whether it printed */
static bool put_tail(struct dctx *c, const char *prefix)
{
        const uint64_t size = A(1);
        const uint64_t total = size < K_PAGE_SIZE ? size : K_PAGE_SIZE;
        const uint64_t len = total - sizeof(struct k_clone_args);
        const struct record_seg *s = seg_get(c, SEG_TAIL, RENACER_SEG_BUF);
        size_t n;

        if (size <= sizeof(struct k_clone_args))
                return false;
        if (!s || (s->flags & RENACER_SEGF_FAULT)) {
                db_puts(c->b, prefix);
                db_puts(c->b, "???");
                return true;
        }
        n = s->len < len ? s->len : (size_t)len;
        {
                bool zero = true;

                for (size_t i = 0; i < n && zero; i++)
                        zero = !s->data[i];
                if (zero)
                        return false;
        }
        db_puts(c->b, prefix);
        db_printf(c->b, "/* bytes %zu..%llu */ ", sizeof(struct k_clone_args),
                  (unsigned long long)(total - 1));
        if (n > c->strsize)
                n = c->strsize;
        put_quoted(c->b, s->data, n, true);
        if (n < len)
                db_puts(c->b, "...");
        return true;
}

/* print_array() of set_tid_size ints, as many as could be read */
static void put_set_tid(struct dctx *c, const struct k_clone_args *a)
{
        const struct record_seg *s = clone_seg(c, SEG_SET_TID);
        const size_t want = (size_t)a->set_tid_size;
        size_t have = s ? s->len / sizeof(int32_t) : 0;

        if (have > want)
                have = want;
        if (!have) {
                put_addr64(c->b, a->set_tid);
                return;
        }
        db_putc(c->b, '[');
        for (size_t i = 0; i < have; i++) {
                int32_t v;

                if (i == c->strsize) {
                        db_puts(c->b, ", ...");
                        break;
                }
                memcpy(&v, s->data + i * sizeof(v), sizeof(v));
                db_printf(c->b, i ? ", %d" : "%d", v);
        }
        if (have < want && have < c->strsize)
                db_printf(c->b, ", ... /* %#llx */",
                          (unsigned long long)(a->set_tid + have * sizeof(int32_t)));
        db_putc(c->b, ']');
}

/* printnum_fd()/printnum_pid(): [N], or the address */
static void put_num_at(struct dctx *c, unsigned which, uint64_t addr)
{
        const struct record_seg *s = clone_seg(c, which);
        int32_t v;

        if (!addr || !s || s->len < sizeof(v)) {
                put_addr64(c->b, addr);
                return;
        }
        memcpy(&v, s->data, sizeof(v));
        db_printf(c->b, "[%d]", v);
}

static void put_clone_args(struct dctx *c, const struct k_clone_args *a, size_t have)
{
        struct dbuf *b = c->b;

        db_puts(b, "{flags=");
        put_flags(b, &xl_clone3_flags, a->flags, "CLONE_???");
        if (a->flags & CLONE_PIDFD) {
                db_puts(b, ", pidfd=");
                put_addr64(b, a->pidfd);
        }
        if (a->flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
                db_puts(b, ", child_tid=");
                put_addr64(b, a->child_tid);
        }
        if (a->flags & CLONE_PARENT_SETTID) {
                db_puts(b, ", parent_tid=");
                put_addr64(b, a->parent_tid);
        }
        db_puts(b, ", exit_signal=");
        if (a->exit_signal < INT32_MAX)
                put_signal(b, (int)a->exit_signal);
        else
                db_printf(b, "%llu", (unsigned long long)a->exit_signal);
        db_puts(b, ", stack=");
        put_addr64(b, a->stack);
        db_printf(b, ", stack_size=%#llx", (unsigned long long)a->stack_size);
        if (a->flags & CLONE_SETTLS) {
                db_puts(b, ", tls=");
                put_addr64(b, a->tls);
        }
        if (a->set_tid || a->set_tid_size) {
                db_puts(b, ", set_tid=");
                if (!a->set_tid || !a->set_tid_size || a->set_tid_size > RENACER_CLONE3_SET_TID_MAX)
                        put_addr64(b, a->set_tid);
                else
                        put_set_tid(c, a);
                db_printf(b, ", set_tid_size=%llu", (unsigned long long)a->set_tid_size);
        }
        if (have > offsetof(struct k_clone_args, cgroup) &&
            (a->cgroup || (a->flags & CLONE_INTO_CGROUP)))
                db_printf(b, ", cgroup=%llu", (unsigned long long)a->cgroup);
        put_tail(c, ", ");
        db_putc(b, '}');
}

/* what strace prints at exit after success: " => {pidfd=[N], ...}" */
static void put_clone_args_after(struct dctx *c, const struct k_clone_args *a)
{
        const char *prefix = " => {";

        if (a->flags & CLONE_PIDFD) {
                db_puts(c->b, prefix);
                db_puts(c->b, "pidfd=");
                put_num_at(c, SEG_PIDFD, a->pidfd);
                prefix = ", ";
        }
        if (a->flags & CLONE_PARENT_SETTID) {
                db_puts(c->b, prefix);
                db_puts(c->b, "parent_tid=");
                put_num_at(c, SEG_PTID, a->parent_tid);
                prefix = ", ";
        }
        if (put_tail(c, prefix))
                prefix = ", ";
        if (prefix[0] == ',')
                db_putc(c->b, '}');
}

void dec_clone3(struct dctx *c)
{
        const uint64_t size = A(1);
        const size_t have =
            size < sizeof(struct k_clone_args) ? (size_t)size : sizeof(struct k_clone_args);
        const struct record_seg *s = clone_seg(c, SEG_STRUCT);
        struct k_clone_args a = {0};

        arg_next(c);
        if (size < CLONE_ARGS_SIZE_VER0 || !A(0) || !s || s->len < have) {
                put_ptr(c, A(0));
        } else {
                memcpy(&a, s->data, have);
                put_clone_args(c, &a, have);
                /* in the parent: the child's pid */
                if (exited_ok(c) && c->ret > 0)
                        put_clone_args_after(c, &a);
        }
        a_ulong(c, 1);
}
