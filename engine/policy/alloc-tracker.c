// SPDX-License-Identifier: MIT
#include "alloc-tracker.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "renacer-event.h"
#include "util.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

enum range_state { R_NONE, R_RESERVED, R_COUNTED };

void alloc_tracker_init(struct alloc_tracker *t)
{
        memset(t, 0, sizeof(*t));
}

void alloc_tracker_free(struct alloc_tracker *t)
{
        if (!t)
                return;
        for (size_t i = 0; i < t->nprocs; i++)
                free(t->procs[i].ranges);
        free(t->procs);
        free(t->lives);
        memset(t, 0, sizeof(*t));
}

static uint64_t proc_bytes(const struct alloc_proc *p)
{
        uint64_t heap = p->brk_known && p->brk_cur > p->brk_base ? p->brk_cur - p->brk_base : 0;
        return p->mapped + heap;
}

static struct alloc_proc *proc_find(struct alloc_tracker *t, pid_t tgid)
{
        for (size_t i = t->nprocs; i-- > 0;)
                if (t->procs[i].tgid == tgid)
                        return &t->procs[i];
        return NULL;
}

static struct alloc_proc *proc_add(struct alloc_tracker *t, pid_t tgid, uint64_t ts)
{
        struct alloc_proc *p;

        if (t->nprocs == t->proccap) {
                size_t cap = t->proccap ? t->proccap * 2 : 8;
                p = realloc(t->procs, cap * sizeof(*p));
                if (!p)
                        return NULL;
                t->procs = p;
                t->proccap = cap;
        }
        p = &t->procs[t->nprocs++];
        memset(p, 0, sizeof(*p));
        p->tgid = tgid;
        p->start_ns = ts;
        return p;
}

static struct alloc_proc *proc_get(struct alloc_tracker *t, pid_t tgid, uint64_t ts)
{
        struct alloc_proc *p = proc_find(t, tgid);
        return p ? p : proc_add(t, tgid, ts);
}

static void proc_reset(struct alloc_proc *p)
{
        p->nranges = 0;
        p->mapped = 0;
        p->brk_known = false;
        p->brk_base = p->brk_cur = 0;
}

static uint64_t page_up(uint64_t len)
{
        return (len + ALLOC_PAGE_SIZE - 1) & ~(uint64_t)(ALLOC_PAGE_SIZE - 1);
}

/* First range that ends after addr. */
static size_t range_after(const struct alloc_proc *p, uint64_t addr)
{
        size_t lo = 0, hi = p->nranges;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (p->ranges[mid].end <= addr)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

/* Make [s, e) have state st: remove what overlaps it, insert it. */
static int paint(struct alloc_proc *p, uint64_t s, uint64_t e, enum range_state st)
{
        struct alloc_range repl[3];
        size_t i, j, n = 0;

        if (s >= e)
                return 0;
        i = range_after(p, s);
        j = i;
        while (j < p->nranges && p->ranges[j].start < e)
                j++;
        if (i < j && p->ranges[i].start < s)
                repl[n++] = (struct alloc_range){p->ranges[i].start, s, p->ranges[i].counted};
        if (st != R_NONE)
                repl[n++] = (struct alloc_range){s, e, st == R_COUNTED};
        if (i < j && p->ranges[j - 1].end > e)
                repl[n++] = (struct alloc_range){e, p->ranges[j - 1].end, p->ranges[j - 1].counted};

        size_t newn = p->nranges - (j - i) + n;
        if (newn > ALLOC_MAX_RANGES)
                return -ENOSPC;
        if (newn > p->cap) {
                size_t cap = p->cap ? p->cap * 2 : 16;
                while (cap < newn)
                        cap *= 2;
                struct alloc_range *r = realloc(p->ranges, cap * sizeof(*r));
                if (!r)
                        return -ENOMEM;
                p->ranges = r;
                p->cap = cap;
        }
        for (size_t k = i; k < j; k++) {
                const struct alloc_range *r = &p->ranges[k];
                if (r->counted)
                        p->mapped -= MIN(r->end, e) - MAX(r->start, s);
        }
        if (st == R_COUNTED)
                p->mapped += e - s;
        if (p->nranges > j)
                memmove(&p->ranges[i + n], &p->ranges[j], (p->nranges - j) * sizeof(*p->ranges));
        if (n)
                memcpy(&p->ranges[i], repl, n * sizeof(*repl));
        p->nranges = newn;
        return 0;
}

static enum range_state state_at(const struct alloc_proc *p, uint64_t addr)
{
        size_t i = range_after(p, addr);

        if (i < p->nranges && p->ranges[i].start <= addr)
                return p->ranges[i].counted ? R_COUNTED : R_RESERVED;
        return R_NONE;
}

/* mprotect: the tracked parts of [s, e) become counted or reserved. */
static int protect(struct alloc_proc *p, uint64_t s, uint64_t e, enum range_state st)
{
        uint64_t cur = s;

        while (cur < e) {
                size_t i = range_after(p, cur);
                if (i >= p->nranges || p->ranges[i].start >= e)
                        break;
                uint64_t ps = MAX(cur, p->ranges[i].start), pe = MIN(e, p->ranges[i].end);
                int r = paint(p, ps, pe, st);
                if (r < 0)
                        return r;
                cur = pe;
        }
        return 0;
}

static bool mmap_failed(int64_t ret)
{
        return ret < 0 && ret >= -4095;
}

static int on_syscall(struct alloc_proc *p, const struct renacer_syscall_event *ev)
{
        const __u64 *a = ev->args;
        int64_t ret = ev->ret;

        switch (ev->nr) {
        case SYS_brk:
                if (ret <= 0)
                        return 0;
                if (!p->brk_known) {
                        p->brk_known = true;
                        p->brk_base = (uint64_t)ret;
                }
                p->brk_cur = (uint64_t)ret;
                return 0;
        case SYS_mmap: {
                enum range_state st = R_NONE;
                if (mmap_failed(ret) || a[1] == 0)
                        return 0;
                if (a[3] & MAP_ANONYMOUS)
                        st = (a[2] & (PROT_READ | PROT_WRITE | PROT_EXEC)) ? R_COUNTED : R_RESERVED;
                return paint(p, (uint64_t)ret, (uint64_t)ret + page_up(a[1]), st);
        }
        case SYS_munmap:
                if (ret != 0)
                        return 0;
                return paint(p, a[0], a[0] + page_up(a[1]), R_NONE);
        case SYS_mprotect:
                if (ret != 0)
                        return 0;
                return protect(p, a[0], a[0] + page_up(a[1]),
                               (a[2] & (PROT_READ | PROT_WRITE | PROT_EXEC)) ? R_COUNTED
                                                                             : R_RESERVED);
        case SYS_mremap: {
                enum range_state st;
                int r;
                if (mmap_failed(ret))
                        return 0;
                st = state_at(p, a[0]);
                if (a[1] != 0 && !(a[3] & MREMAP_DONTUNMAP) &&
                    (r = paint(p, a[0], a[0] + page_up(a[1]), R_NONE)) < 0)
                        return r;
                return paint(p, (uint64_t)ret, (uint64_t)ret + page_up(a[2]), st);
        }
        case SYS_execve:
        case SYS_execveat:
                if (ret == 0)
                        proc_reset(p);
                return 0;
        }
        return 0;
}

static int add_life(struct alloc_tracker *t, const struct alloc_proc *p, uint64_t end_ns,
                    uint64_t maxrss_kb)
{
        if (t->nlives == t->lifecap) {
                size_t cap = t->lifecap ? t->lifecap * 2 : 8;
                struct alloc_life *l = realloc(t->lives, cap * sizeof(*l));
                if (!l)
                        return -ENOMEM;
                t->lives = l;
                t->lifecap = cap;
        }
        t->lives[t->nlives++] = (struct alloc_life){
            .start_ns = p->start_ns,
            .end_ns = end_ns,
            .maxrss_bytes = maxrss_kb * 1024,
        };
        return 0;
}

static void update(struct alloc_tracker *t, uint64_t before, uint64_t after)
{
        t->current = t->current - before + after;
        if (t->current > t->peak)
                t->peak = t->current;
}

int alloc_tracker_feed(struct alloc_tracker *t, const void *rec, size_t len)
{
        const struct renacer_event_header *h = rec;
        const struct renacer_proc_event *pe = rec;
        struct alloc_proc *p, *parent;
        uint64_t before;
        int r = 0;

        if (len < sizeof(*h) || h->size > len || h->size < sizeof(*h))
                return -EBADMSG;
        switch (h->kind) {
        case RENACER_EV_SYSCALL: {
                const struct renacer_syscall_event *ev = rec;
                if (h->size < sizeof(*ev))
                        return -EBADMSG;
                if (ev->flags & RENACER_SC_NORETURN)
                        return 0;
                switch (ev->nr) {
                case SYS_brk:
                case SYS_mmap:
                case SYS_munmap:
                case SYS_mprotect:
                case SYS_mremap:
                case SYS_execve:
                case SYS_execveat:
                        break;
                default:
                        return 0;
                }
                p = proc_get(t, (pid_t)h->tgid, h->ts_ns);
                if (!p)
                        return -ENOMEM;
                before = proc_bytes(p);
                r = on_syscall(p, ev);
                update(t, before, proc_bytes(p));
                return r;
        }
        case RENACER_EV_FORK:
                if (h->size < sizeof(*pe))
                        return -EBADMSG;
                p = proc_find(t, (pid_t)h->tgid);
                if (p) {
                        /* a fork record for a pid we already know: start over */
                        before = proc_bytes(p);
                        proc_reset(p);
                        update(t, before, 0);
                } else if (!(p = proc_add(t, (pid_t)h->tgid, h->ts_ns))) {
                        return -ENOMEM;
                }
                parent = proc_find(t, (pid_t)pe->ppid);
                if (parent && parent->brk_known) {
                        p->brk_known = true;
                        p->brk_base = p->brk_cur = parent->brk_cur;
                }
                return 0;
        case RENACER_EV_EXEC:
                if (h->size < sizeof(*pe))
                        return -EBADMSG;
                p = proc_get(t, (pid_t)h->tgid, h->ts_ns);
                if (!p)
                        return -ENOMEM;
                before = proc_bytes(p);
                proc_reset(p);
                update(t, before, 0);
                return 0;
        case RENACER_EV_EXIT:
                if (h->size < sizeof(*pe))
                        return -EBADMSG;
                p = proc_find(t, (pid_t)h->tgid);
                if (!p) {
                        /* exited without a record we tracked: still its RSS */
                        struct alloc_proc tmp = {.tgid = (pid_t)h->tgid, .start_ns = h->ts_ns};
                        return add_life(t, &tmp, h->ts_ns, pe->maxrss_kb);
                }
                r = add_life(t, p, h->ts_ns, pe->maxrss_kb);
                if (r < 0)
                        return r;
                update(t, proc_bytes(p), 0);
                free(p->ranges);
                *p = t->procs[--t->nprocs];
                return 0;
        }
        return 0;
}

uint64_t alloc_tracker_current(const struct alloc_tracker *t)
{
        return t->current;
}

uint64_t alloc_tracker_peak(const struct alloc_tracker *t)
{
        return t->peak;
}

uint64_t alloc_tracker_proc_bytes(const struct alloc_tracker *t, pid_t tgid)
{
        for (size_t i = 0; i < t->nprocs; i++)
                if (t->procs[i].tgid == tgid)
                        return proc_bytes(&t->procs[i]);
        return 0;
}

struct edge {
        uint64_t ts;
        int64_t delta; /* +rss at start, -rss at end */
};

static int edge_cmp(const void *a, const void *b)
{
        const struct edge *x = a, *y = b;

        if (x->ts != y->ts)
                return x->ts < y->ts ? -1 : 1;
        /* at the same instant, ends before starts: a process that exits as
         * another starts does not overlap it */
        return (x->delta > y->delta) - (x->delta < y->delta);
}

uint64_t alloc_tracker_peak_rss(const struct alloc_tracker *t)
{
        struct edge *e;
        int64_t cur = 0, peak = 0;
        uint64_t sum = 0;
        size_t n = 0;

        if (t->nlives == 0)
                return 0;
        e = malloc(2 * t->nlives * sizeof(*e));
        if (!e) {
                /* fall back to the plain sum, still an upper bound */
                for (size_t i = 0; i < t->nlives; i++)
                        sum += t->lives[i].maxrss_bytes;
                return sum;
        }
        for (size_t i = 0; i < t->nlives; i++) {
                const struct alloc_life *l = &t->lives[i];
                e[n++] = (struct edge){l->start_ns, (int64_t)l->maxrss_bytes};
                /* every life lasts at least 1 ns, so its end sorts after its start */
                e[n++] = (struct edge){MAX(l->end_ns, l->start_ns + 1), -(int64_t)l->maxrss_bytes};
        }
        qsort(e, n, sizeof(*e), edge_cmp);
        for (size_t i = 0; i < n; i++) {
                cur += e[i].delta;
                if (cur > peak)
                        peak = cur;
        }
        free(e);
        return (uint64_t)peak;
}
