// SPDX-License-Identifier: MIT
#include "causal-graph.h"

#include <asm/unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "renacer-event.h"
#include "util.h"

#define CGRAPH_DEFAULT_MAX (4u << 20)

void cgraph_init(struct cgraph *g, size_t max)
{
        memset(g, 0, sizeof(*g));
        g->max = max ? max : CGRAPH_DEFAULT_MAX;
}

void cgraph_free(struct cgraph *g)
{
        for (size_t i = 0; i < g->ntasks; i++)
                free(g->tasks[i].nodes);
        free(g->tasks);
        free(g->nodes);
        free(g->procs);
        memset(g, 0, sizeof(*g));
}

static struct cgraph_proc *proc_slot(struct cgraph *g, uint32_t tgid)
{
        for (size_t i = g->nprocs; i-- > 0;)
                if (g->procs[i].tgid == tgid)
                        return &g->procs[i];
        if (g->nprocs == g->procs_cap) {
                size_t cap = g->procs_cap ? g->procs_cap * 2 : 16;
                struct cgraph_proc *n = realloc(g->procs, cap * sizeof(*n));
                if (!n)
                        return NULL;
                g->procs = n;
                g->procs_cap = cap;
        }
        struct cgraph_proc *p = &g->procs[g->nprocs++];
        memset(p, 0, sizeof(*p));
        p->tgid = tgid;
        return p;
}

/* Printable bytes only: labels end up in terminals and JSON. */
static void label_append(char *dst, size_t *len, const char *s, size_t n)
{
        for (size_t i = 0; i < n && *len + 1 < CGRAPH_LABEL_MAX; i++) {
                unsigned char ch = (unsigned char)s[i];
                dst[(*len)++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
        }
        dst[*len] = '\0';
}

/* A successful execve names its process by its argv. */
static void label_from_execve(struct cgraph *g, const struct renacer_syscall_event *ev, size_t len)
{
        unsigned argv_arg = ev->nr == __NR_execveat ? 2 : 1;
        struct record_seg_iter it;
        struct record_seg s;
        char label[CGRAPH_LABEL_MAX] = "";
        size_t n = 0;

        record_seg_iter_init(&it, ev, len);
        while (record_seg_next(&it, &s) > 0) {
                if (s.arg != argv_arg || s.type != RENACER_SEG_STR ||
                    (s.flags & RENACER_SEGF_FAULT))
                        continue;
                if (n)
                        label_append(label, &n, " ", 1);
                label_append(label, &n, (const char *)s.data, s.len);
        }
        if (!n)
                return;
        struct cgraph_proc *p = proc_slot(g, ev->hdr.tgid);
        if (p)
                memcpy(p->label, label, sizeof(label));
}

static void label_from_comm(struct cgraph *g, uint32_t tgid, const char comm[16], bool replace)
{
        struct cgraph_proc *p = proc_slot(g, tgid);
        size_t n = 0;

        if (!p || (p->label[0] && !replace))
                return;
        p->label[0] = '\0';
        label_append(p->label, &n, comm, strnlen(comm, 16));
}

int cgraph_add(struct cgraph *g, const void *rec, size_t len, const struct causal_note *note)
{
        const struct renacer_event_header *h = rec;
        struct cgraph_node *nd;

        if (g->finalized || len < sizeof(*h))
                return -EINVAL;
        if (g->n >= g->max) {
                g->truncated = true;
                return -E2BIG;
        }
        if (note->seq != g->n)
                return -EINVAL;
        if (g->n == g->cap) {
                size_t cap = g->cap ? g->cap * 2 : 1024;
                struct cgraph_node *n = realloc(g->nodes, cap * sizeof(*n));
                if (!n)
                        return -ENOMEM;
                g->nodes = n;
                g->cap = cap;
        }
        nd = &g->nodes[g->n];
        memset(nd, 0, sizeof(*nd));
        nd->start = nd->end = h->ts_ns;
        nd->clock = note->clock;
        nd->cause = note->edge != CAUSAL_EDGE_NONE && note->cause_seq < g->n ? note->cause_seq
                                                                             : CGRAPH_NONE;
        nd->cause_ns = note->cause_ns;
        nd->edge = nd->cause == CGRAPH_NONE ? CAUSAL_EDGE_NONE : (uint8_t)note->edge;
        nd->tid = note->tid;
        nd->tgid = h->tgid;
        nd->kind = h->kind;
        nd->nr = -1;
        switch (h->kind) {
        case RENACER_EV_SYSCALL:
                if (len >= sizeof(struct renacer_syscall_event)) {
                        const struct renacer_syscall_event *ev = rec;
                        nd->nr = ev->nr;
                        nd->ret = ev->ret;
                        nd->flags = ev->flags;
                        nd->end = ev->hdr.ts_ns + ev->duration_ns;
                        if (nd->end < nd->start)
                                nd->end = nd->start;
                        if ((ev->nr == __NR_execve || ev->nr == __NR_execveat) && ev->ret == 0 &&
                            !(ev->flags & RENACER_SC_NORETURN))
                                label_from_execve(g, ev, len);
                }
                break;
        case RENACER_EV_FORK:
        case RENACER_EV_THREAD:
                if (len >= sizeof(struct renacer_proc_event)) {
                        const struct renacer_proc_event *pe = rec;
                        nd->other = h->tid;
                        if (h->kind == RENACER_EV_FORK)
                                nd->tgid = pe->ppid;
                        /* a child is named as its parent until it execs */
                        label_from_comm(g, h->tgid, pe->comm, false);
                }
                break;
        case RENACER_EV_EXEC:
                if (len >= sizeof(struct renacer_proc_event))
                        label_from_comm(g, h->tgid, ((const struct renacer_proc_event *)rec)->comm,
                                        false);
                break;
        case RENACER_EV_EXIT:
        case RENACER_EV_THREAD_EXIT:
                if (len >= sizeof(struct renacer_proc_event))
                        nd->other = (uint32_t)((const struct renacer_proc_event *)rec)->exit_code;
                break;
        case RENACER_EV_SIGNAL:
                if (len >= sizeof(struct renacer_signal_event))
                        nd->other = (uint32_t)((const struct renacer_signal_event *)rec)->signo;
                break;
        }
        g->n++;
        return 0;
}

static int cmp_task(const void *a, const void *b)
{
        const struct cgraph_task *x = a, *y = b;
        return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static int cmp_proc(const void *a, const void *b)
{
        const struct cgraph_proc *x = a, *y = b;
        return x->tgid < y->tgid ? -1 : x->tgid > y->tgid;
}

int cgraph_finalize(struct cgraph *g)
{
        uint32_t *tids;
        size_t nt = 0;

        if (g->finalized)
                return 0;
        /* the distinct tids, then each task's nodes in release order
         * (which is the task's own order) */
        tids = malloc((g->n ? g->n : 1) * sizeof(*tids));
        if (!tids)
                return -ENOMEM;
        for (size_t i = 0; i < g->n; i++)
                tids[nt++] = g->nodes[i].tid;
        g->tasks = calloc(nt ? nt : 1, sizeof(*g->tasks));
        if (!g->tasks) {
                free(tids);
                return -ENOMEM;
        }
        for (size_t i = 0; i < nt; i++)
                g->tasks[i].tid = tids[i];
        free(tids);
        if (nt)
                qsort(g->tasks, nt, sizeof(*g->tasks), cmp_task);
        size_t u = 0;
        for (size_t i = 0; i < nt; i++)
                if (!u || g->tasks[u - 1].tid != g->tasks[i].tid)
                        g->tasks[u++] = g->tasks[i];
        g->ntasks = u;
        for (size_t i = 0; i < g->n; i++) {
                struct cgraph_task *t = (struct cgraph_task *)cgraph_task_of(g, g->nodes[i].tid);
                if (t->n == t->cap) {
                        size_t cap = t->cap ? t->cap * 2 : 16;
                        uint64_t *n = realloc(t->nodes, cap * sizeof(*n));
                        if (!n)
                                return -ENOMEM;
                        t->nodes = n;
                        t->cap = cap;
                }
                t->nodes[t->n++] = i;
                /* a fork happens in the parent: its tgid is not the child's */
                if (g->nodes[i].kind != RENACER_EV_FORK)
                        t->tgid = g->nodes[i].tgid;
                else if (!t->tgid)
                        t->tgid = g->nodes[i].tgid;
        }
        if (g->nprocs)
                qsort(g->procs, g->nprocs, sizeof(*g->procs), cmp_proc);
        /* the last label set for a tgid wins: keep one of each */
        g->finalized = true;
        return 0;
}

const struct cgraph_task *cgraph_task_of(const struct cgraph *g, uint32_t tid)
{
        struct cgraph_task key = {.tid = tid};
        return g->ntasks ? bsearch(&key, g->tasks, g->ntasks, sizeof(*g->tasks), cmp_task) : NULL;
}

const char *cgraph_label(const struct cgraph *g, uint32_t tgid)
{
        if (g->finalized) {
                struct cgraph_proc key = {.tgid = tgid};
                const struct cgraph_proc *p =
                    g->nprocs ? bsearch(&key, g->procs, g->nprocs, sizeof(*g->procs), cmp_proc)
                              : NULL;
                return p && p->label[0] ? p->label : "?";
        }
        for (size_t i = g->nprocs; i-- > 0;)
                if (g->procs[i].tgid == tgid)
                        return g->procs[i].label[0] ? g->procs[i].label : "?";
        return "?";
}
