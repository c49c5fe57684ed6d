// SPDX-License-Identifier: MIT
/*
 * The critical path: from the last exit back to the start, the chain of
 * tasks and waits that bounded the wall time. On each task the walk goes
 * back through its records until one waited for its cause: a call whose
 * cause came after the call began (a wait4 reaping a child that exited
 * while it waited, a read whose bytes were written while it blocked, a
 * futex wait woken by a wake), a signal delivery that interrupted a
 * blocked call, or a child's first record (the child did not exist before
 * the fork). There the walk moves to the cause's task at the cause's time.
 * Every step goes to an earlier record, so the walk ends.
 */
#include "causal-graph.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "renacer-event.h"
#include "syscall-names.h"
#include "util.h"

static size_t pos_in_task(const struct cgraph_task *t, uint64_t node)
{
        size_t lo = 0, hi = t->n;

        while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (t->nodes[mid] < node)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo < t->n ? lo : t->n - 1;
}

/* When the effect could have happened: the cause's end (a call's exit,
 * an event's moment), but not after the effect itself returned. */
static uint64_t cause_point(const struct cgraph *g, const struct cgraph_node *nd)
{
        const struct cgraph_node *c = &g->nodes[nd->cause];
        uint64_t t = c->kind == RENACER_EV_SYSCALL ? c->end : c->start;

        return MIN(t, nd->end);
}

static bool interrupted(const struct cgraph_node *n)
{
        /* EINTR, ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND, ERESTART_RESTARTBLOCK */
        return n->kind == RENACER_EV_SYSCALL &&
               (n->ret == -4 || (n->ret <= -512 && n->ret >= -516));
}

/* Since when the task at position i waited. */
static uint64_t wait_start(const struct cgraph *g, const struct cgraph_task *t, size_t i)
{
        const struct cgraph_node *nd = &g->nodes[t->nodes[i]];

        if (nd->kind == RENACER_EV_SIGNAL && i > 0) {
                const struct cgraph_node *prev = &g->nodes[t->nodes[i - 1]];
                if (interrupted(prev) && prev->end <= nd->start)
                        return prev->start;
        }
        return nd->start;
}

static int push(struct critical_path *cp, size_t *cap, const struct cp_segment *s)
{
        if (cp->n == *cap) {
                size_t c = *cap ? *cap * 2 : 16;
                struct cp_segment *n = realloc(cp->seg, c * sizeof(*n));
                if (!n)
                        return -ENOMEM;
                cp->seg = n;
                *cap = c;
        }
        cp->seg[cp->n++] = *s;
        return 0;
}

int critical_path_compute(const struct cgraph *g, struct critical_path *out)
{
        uint64_t end = CGRAPH_NONE, t_hi, cur;
        size_t cap = 0;
        /* the edge into the segment pushed last (walking backwards) */
        enum causal_edge in_edge = CAUSAL_EDGE_NONE;
        uint64_t in_cause = CGRAPH_NONE, in_effect = CGRAPH_NONE;
        int r;

        memset(out, 0, sizeof(*out));
        if (!g->finalized || !g->n)
                return -ENODATA;
        out->start_ns = UINT64_MAX;
        for (uint64_t i = 0; i < g->n; i++) {
                const struct cgraph_node *nd = &g->nodes[i];
                out->start_ns = MIN(out->start_ns, nd->start);
                if (nd->kind == RENACER_EV_EXIT &&
                    (end == CGRAPH_NONE || nd->start >= g->nodes[end].start))
                        end = i;
        }
        if (end == CGRAPH_NONE) {
                end = 0;
                for (uint64_t i = 1; i < g->n; i++)
                        if (g->nodes[i].end >= g->nodes[end].end)
                                end = i;
        }
        out->end_node = end;
        out->end_tgid = g->nodes[end].tgid;
        out->end_ns = t_hi = g->nodes[end].end;
        cur = end;
        for (size_t guard = 0; guard <= g->n; guard++) {
                const struct cgraph_task *t = cgraph_task_of(g, g->nodes[cur].tid);
                bool jumped = false;
                if (!t)
                        break;
                for (size_t i = pos_in_task(t, cur) + 1; i-- > 0;) {
                        const struct cgraph_node *nd = &g->nodes[t->nodes[i]];
                        if (nd->cause == CGRAPH_NONE || nd->start > t_hi)
                                continue;
                        uint64_t point = MIN(cause_point(g, nd), t_hi);
                        if (nd->edge != CAUSAL_EDGE_FORK && point <= wait_start(g, t, i))
                                continue;
                        struct cp_segment s = {.tid = t->tid,
                                               .tgid = t->tgid,
                                               .from = point,
                                               .to = t_hi,
                                               .edge_out = in_edge,
                                               .cause_node = in_cause,
                                               .effect_node = in_effect};
                        if ((r = push(out, &cap, &s)) < 0)
                                goto fail;
                        in_edge = (enum causal_edge)nd->edge;
                        in_cause = nd->cause;
                        in_effect = t->nodes[i];
                        t_hi = point;
                        cur = nd->cause;
                        jumped = true;
                        break;
                }
                if (!jumped) {
                        uint64_t from = MIN(g->nodes[t->nodes[0]].start, t_hi);
                        struct cp_segment s = {.tid = t->tid,
                                               .tgid = t->tgid,
                                               .from = from,
                                               .to = t_hi,
                                               .edge_out = in_edge,
                                               .cause_node = in_cause,
                                               .effect_node = in_effect};
                        if ((r = push(out, &cap, &s)) < 0)
                                goto fail;
                        break;
                }
        }
        /* into time order */
        for (size_t i = 0; i < out->n / 2; i++) {
                struct cp_segment tmp = out->seg[i];
                out->seg[i] = out->seg[out->n - 1 - i];
                out->seg[out->n - 1 - i] = tmp;
        }
        return 0;
fail:
        critical_path_free(out);
        return r;
}

void critical_path_free(struct critical_path *cp)
{
        free(cp->seg);
        memset(cp, 0, sizeof(*cp));
}

bool critical_path_has_node(const struct critical_path *cp, const struct cgraph *g, uint64_t i)
{
        const struct cgraph_node *nd = &g->nodes[i];

        for (size_t k = 0; k < cp->n; k++) {
                const struct cp_segment *s = &cp->seg[k];
                if (s->cause_node == i || s->effect_node == i)
                        return true;
                if (s->tid == nd->tid && nd->end > s->from && nd->start < s->to)
                        return true;
        }
        return false;
}

static void fmt_dur(char *buf, size_t n, uint64_t ns)
{
        if (ns >= 1000000000ULL)
                snprintf(buf, n, "%.3f s", (double)ns / 1e9);
        else if (ns >= 1000000ULL)
                snprintf(buf, n, "%.1f ms", (double)ns / 1e6);
        else
                snprintf(buf, n, "%.0f us", (double)ns / 1e3);
}

static void task_name(const struct cgraph *g, uint32_t tid, uint32_t tgid, char *buf, size_t n)
{
        if (tid == tgid || !tgid)
                snprintf(buf, n, "pid %u", tid);
        else
                snprintf(buf, n, "tid %u of pid %u", tid, tgid);
        (void)g;
}

/* The longest calls of the task inside [from, to]. */
static void print_calls(const struct cgraph *g, const struct cp_segment *s, FILE *f)
{
        const struct cgraph_task *t = cgraph_task_of(g, s->tid);
        uint64_t best[3] = {0}, ncalls = 0;
        int32_t nr[3] = {-1, -1, -1};

        if (!t)
                return;
        for (size_t i = 0; i < t->n; i++) {
                const struct cgraph_node *nd = &g->nodes[t->nodes[i]];
                if (nd->kind != RENACER_EV_SYSCALL || nd->end < s->from || nd->start > s->to)
                        continue;
                uint64_t d = MIN(nd->end, s->to) - MAX(nd->start, s->from);
                ncalls++;
                for (int k = 0; k < 3; k++)
                        if (nr[k] < 0 || d > best[k]) {
                                for (int m = 2; m > k; m--) {
                                        best[m] = best[m - 1];
                                        nr[m] = nr[m - 1];
                                }
                                best[k] = d;
                                nr[k] = nd->nr;
                                break;
                        }
        }
        if (!ncalls)
                return;
        fprintf(f, "%38s%llu call%s", "", (unsigned long long)ncalls, ncalls == 1 ? "" : "s");
        for (int k = 0; k < 3 && nr[k] >= 0; k++) {
                char d[32];
                fmt_dur(d, sizeof(d), best[k]);
                fprintf(f, "%s%s %s", k ? ", " : ", longest: ", syscall_name(nr[k]), d);
        }
        fputc('\n', f);
}

static void print_edge(const struct cgraph *g, const struct cp_segment *s, FILE *f)
{
        const struct cgraph_node *e = &g->nodes[s->effect_node];
        const struct cgraph_node *c = &g->nodes[s->cause_node];
        char to[48];
        const char *what;

        task_name(g, e->tid, e->tgid, to, sizeof(to));
        switch (s->edge_out) {
        case CAUSAL_EDGE_FORK:
                task_name(g, c->other, c->kind == RENACER_EV_THREAD ? c->tgid : c->other, to,
                          sizeof(to));
                fprintf(f, "%38s-> %s %s (%s)\n", "",
                        c->kind == RENACER_EV_THREAD ? "starts thread" : "forks", to,
                        cgraph_label(g, e->tgid));
                return;
        case CAUSAL_EDGE_WAIT:
                what = "exits; reaped by";
                break;
        case CAUSAL_EDGE_CHILD:
                what = "exits; SIGCHLD to";
                break;
        case CAUSAL_EDGE_PIPE:
                what = "writes a pipe; read by";
                break;
        case CAUSAL_EDGE_UNIX:
                what = "sends on a unix socket; received by";
                break;
        case CAUSAL_EDGE_FUTEX:
                what = "futex wake of";
                break;
        case CAUSAL_EDGE_SIGNAL:
                what = "sends a signal to";
                break;
        case CAUSAL_EDGE_EVENTFD:
                what = "writes an eventfd; read by";
                break;
        default:
                return;
        }
        fprintf(f, "%38s-> %s %s (%s%s%s)\n", "", what, to,
                e->kind == RENACER_EV_SYSCALL ? syscall_name(e->nr) : "delivery",
                e->kind == RENACER_EV_SYSCALL ? " in " : " in ", cgraph_label(g, e->tgid));
}

int critical_path_print(const struct critical_path *cp, const struct cgraph *g, FILE *f)
{
        uint64_t wall = cp->end_ns > cp->start_ns ? cp->end_ns - cp->start_ns : 0;
        uint64_t on_path = 0;
        char d[32], who[48];

        for (size_t i = 0; i < cp->n; i++)
                on_path += cp->seg[i].to - cp->seg[i].from;
        fmt_dur(d, sizeof(d), on_path);
        fprintf(f, "renacer: critical path: %s in %zu segment%s, ending at the %s of pid %u (%s)\n",
                d, cp->n, cp->n == 1 ? "" : "s",
                g->nodes[cp->end_node].kind == RENACER_EV_EXIT ? "exit" : "last record",
                cp->end_tgid, cgraph_label(g, cp->end_tgid));
        if (g->truncated)
                fprintf(f, "renacer: critical path: only the first %zu records were kept\n", g->n);
        fprintf(f, "%10s %10s %6s  %s\n", "at", "for", "share", "task");
        for (size_t i = 0; i < cp->n; i++) {
                const struct cp_segment *s = &cp->seg[i];
                uint64_t dur = s->to - s->from;
                double share = wall ? 100.0 * (double)dur / (double)wall : 0.0;
                char at[32];
                snprintf(at, sizeof(at), "+%.3f s", (double)(s->from - cp->start_ns) / 1e9);
                fmt_dur(d, sizeof(d), dur);
                task_name(g, s->tid, s->tgid, who, sizeof(who));
                fprintf(f, "%10s %10s %5.1f%%  %s %s\n", at, d, share, who,
                        cgraph_label(g, s->tgid));
                print_calls(g, s, f);
                if (i + 1 < cp->n)
                        print_edge(g, s, f);
        }
        fmt_dur(d, sizeof(d), wall);
        fprintf(f, "renacer: wall time %s (first record to the last exit)\n", d);
        return ferror(f) ? -EIO : 0;
}
