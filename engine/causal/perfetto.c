// SPDX-License-Identifier: MIT
/*
 * Chrome trace-event JSON (what ui.perfetto.dev and chrome://tracing
 * open): a process per traced process, a thread track per task, an X
 * slice per syscall, an instant per fork, exit and signal, and a flow
 * (ph "s" then "f" with bp "e", one id per edge) from the slice of each
 * cause to the slice of its effect. Each track's events are written in
 * timestamp order. The critical path is a process of its own (one slice
 * per segment), and its slices and flows are coloured on the tracks.
 */
#include "causal-graph.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "renacer-event.h"
#include "syscall-names.h"
#include "util.h"

/* Above any pid the kernel hands out (PID_MAX_LIMIT is 2^22). */
#define CP_PID 4194305

struct flow {
        uint64_t slice; /* the node its end binds to */
        uint64_t id;
        uint8_t edge;
        bool critical;
};

struct ctx {
        const struct cgraph *g;
        const struct critical_path *cp;
        FILE *f;
        uint64_t base;
        bool first;
        bool *crit; /* per node */
        struct flow *out, *in;
        size_t nflows;
};

static void put_str(FILE *f, const char *s)
{
        fputc('"', f);
        for (; *s; s++) {
                unsigned char ch = (unsigned char)*s;
                if (ch == '"' || ch == '\\')
                        fprintf(f, "\\%c", ch);
                else if (ch < 0x20 || ch >= 0x7f)
                        fprintf(f, "\\u%04x", ch);
                else
                        fputc(ch, f);
        }
        fputc('"', f);
}

static void sep(struct ctx *c)
{
        fputs(c->first ? "\n" : ",\n", c->f);
        c->first = false;
}

static double us(const struct ctx *c, uint64_t ns)
{
        return ns > c->base ? (double)(ns - c->base) / 1000.0 : 0.0;
}

static bool is_slice(const struct cgraph_node *n)
{
        return n->kind == RENACER_EV_SYSCALL;
}

/* Position of node i in its task's list (the list is in node order). */
static size_t task_pos(const struct cgraph_task *t, uint64_t i)
{
        size_t lo = 0, hi = t->n;

        while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (t->nodes[mid] < i)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

/* The slice a cause binds to: a call itself; a fork, the parent's call
 * it happened in (clone, fork, vfork: released just after it), or the
 * nearest call before it; an exit, the task's last call. */
static uint64_t cause_slice(const struct cgraph *g, uint64_t i)
{
        const struct cgraph_node *nd = &g->nodes[i];
        const struct cgraph_task *t = cgraph_task_of(g, nd->tid);

        if (is_slice(nd))
                return i;
        if (!t)
                return CGRAPH_NONE;
        size_t k = task_pos(t, i);
        for (size_t j = k; j < t->n && j < k + 8; j++) {
                const struct cgraph_node *s = &g->nodes[t->nodes[j]];
                if (is_slice(s) && s->start <= nd->start && nd->start <= s->end)
                        return t->nodes[j];
        }
        for (size_t j = k; j-- > 0;)
                if (is_slice(&g->nodes[t->nodes[j]]))
                        return t->nodes[j];
        return CGRAPH_NONE;
}

/* The slice an effect binds to: a call itself; a delivery, the next call
 * of the task (the handler's, or its sigreturn), else the one before. */
static uint64_t effect_slice(const struct cgraph *g, uint64_t i)
{
        const struct cgraph_node *nd = &g->nodes[i];
        const struct cgraph_task *t = cgraph_task_of(g, nd->tid);

        if (is_slice(nd))
                return i;
        if (!t)
                return CGRAPH_NONE;
        size_t k = task_pos(t, i);
        for (size_t j = k + 1; j < t->n; j++)
                if (is_slice(&g->nodes[t->nodes[j]]))
                        return t->nodes[j];
        for (size_t j = k; j-- > 0;)
                if (is_slice(&g->nodes[t->nodes[j]]))
                        return t->nodes[j];
        return CGRAPH_NONE;
}

static int cmp_flow(const void *a, const void *b)
{
        const struct flow *x = a, *y = b;
        if (x->slice != y->slice)
                return x->slice < y->slice ? -1 : 1;
        return x->id < y->id ? -1 : x->id > y->id;
}

static const struct ctx *sort_ctx;

static int cmp_u32(const void *a, const void *b)
{
        uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
        return x < y ? -1 : x > y;
}

static int cmp_track(const void *a, const void *b)
{
        const struct cgraph_node *x = &sort_ctx->g->nodes[*(const uint64_t *)a];
        const struct cgraph_node *y = &sort_ctx->g->nodes[*(const uint64_t *)b];
        if (x->start != y->start)
                return x->start < y->start ? -1 : 1;
        /* stable: the task's own order */
        return *(const uint64_t *)a < *(const uint64_t *)b ? -1 : 1;
}

static void put_flows(struct ctx *c, const struct cgraph_node *nd, uint64_t node, bool start)
{
        struct flow *arr = start ? c->out : c->in;
        struct flow key = {.slice = node, .id = 0};
        size_t lo = 0, hi = c->nflows;

        while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (cmp_flow(&arr[mid], &key) < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        for (size_t k = lo; k < c->nflows && arr[k].slice == node; k++) {
                sep(c);
                fprintf(c->f,
                        "{\"ph\":\"%s\",\"id\":%llu,\"name\":\"%s\",\"cat\":\"%s\",\"pid\":%u,"
                        "\"tid\":%u,\"ts\":%.3f%s}",
                        start ? "s" : "f", (unsigned long long)arr[k].id,
                        causal_edge_name((enum causal_edge)arr[k].edge),
                        arr[k].critical ? "causal,critical" : "causal", nd->tgid, nd->tid,
                        us(c, nd->start), start ? "" : ",\"bp\":\"e\"");
        }
}

static void put_node(struct ctx *c, uint64_t i)
{
        const struct cgraph_node *nd = &c->g->nodes[i];
        const char *cname = c->crit[i] ? ",\"cname\":\"terrible\"" : "";
        char name[48];

        if (is_slice(nd)) {
                sep(c);
                fprintf(c->f,
                        "{\"ph\":\"X\",\"name\":\"%s\",\"cat\":\"syscall\",\"pid\":%u,"
                        "\"tid\":%u,\"ts\":%.3f,\"dur\":%.3f%s,\"args\":{",
                        syscall_name(nd->nr), nd->tgid, nd->tid, us(c, nd->start),
                        (double)(nd->end - nd->start) / 1000.0, cname);
                if (nd->flags & RENACER_SC_NORETURN)
                        fputs("\"ret\":null", c->f);
                else
                        fprintf(c->f, "\"ret\":%lld", (long long)nd->ret);
                fprintf(c->f, ",\"clock\":%llu", (unsigned long long)nd->clock);
                if (nd->cause != CGRAPH_NONE)
                        fprintf(c->f, ",\"cause\":\"%s\"",
                                causal_edge_name((enum causal_edge)nd->edge));
                if (c->crit[i])
                        fputs(",\"critical\":true", c->f);
                fputs("}}", c->f);
                put_flows(c, nd, i, true);
                put_flows(c, nd, i, false);
                return;
        }
        switch (nd->kind) {
        case RENACER_EV_FORK:
                snprintf(name, sizeof(name), "fork %u", nd->other);
                break;
        case RENACER_EV_THREAD:
                snprintf(name, sizeof(name), "thread %u", nd->other);
                break;
        case RENACER_EV_EXEC:
                snprintf(name, sizeof(name), "exec");
                break;
        case RENACER_EV_EXIT:
        case RENACER_EV_THREAD_EXIT:
                snprintf(name, sizeof(name), "exit");
                break;
        case RENACER_EV_SIGNAL:
                snprintf(name, sizeof(name), "signal %u", nd->other);
                break;
        default:
                return; /* stacks, mappings: nothing to show */
        }
        sep(c);
        fprintf(c->f,
                "{\"ph\":\"i\",\"s\":\"t\",\"name\":\"%s\",\"cat\":\"lifecycle\",\"pid\":%u,"
                "\"tid\":%u,\"ts\":%.3f%s,\"args\":{\"clock\":%llu}}",
                name, nd->tgid, nd->tid, us(c, nd->start), cname, (unsigned long long)nd->clock);
}

static int build_flows(struct ctx *c)
{
        const struct cgraph *g = c->g;

        c->out = calloc(g->n ? g->n : 1, sizeof(*c->out));
        c->in = calloc(g->n ? g->n : 1, sizeof(*c->in));
        c->crit = calloc(g->n ? g->n : 1, sizeof(*c->crit));
        if (!c->out || !c->in || !c->crit)
                return -ENOMEM;
        if (c->cp) {
                /* per task, the segments' spans: mark the nodes in them */
                for (size_t k = 0; k < c->cp->n; k++) {
                        const struct cp_segment *s = &c->cp->seg[k];
                        const struct cgraph_task *t = cgraph_task_of(g, s->tid);
                        for (size_t j = 0; t && j < t->n; j++) {
                                const struct cgraph_node *nd = &g->nodes[t->nodes[j]];
                                if (nd->end >= s->from && nd->start <= s->to && s->to > s->from)
                                        c->crit[t->nodes[j]] = true;
                        }
                        if (s->cause_node != CGRAPH_NONE)
                                c->crit[s->cause_node] = true;
                        if (s->effect_node != CGRAPH_NONE)
                                c->crit[s->effect_node] = true;
                }
        }
        for (uint64_t i = 0; i < g->n; i++) {
                const struct cgraph_node *nd = &g->nodes[i];
                if (nd->cause == CGRAPH_NONE)
                        continue;
                uint64_t cs = cause_slice(g, nd->cause), es = effect_slice(g, i);
                if (cs == CGRAPH_NONE || es == CGRAPH_NONE || cs == es)
                        continue;
                bool critical = false;
                for (size_t k = 0; c->cp && k < c->cp->n; k++)
                        critical |= c->cp->seg[k].effect_node == i;
                c->out[c->nflows] = (struct flow){cs, c->nflows + 1, nd->edge, critical};
                c->in[c->nflows] = (struct flow){es, c->nflows + 1, nd->edge, critical};
                c->nflows++;
        }
        qsort(c->out, c->nflows, sizeof(*c->out), cmp_flow);
        qsort(c->in, c->nflows, sizeof(*c->in), cmp_flow);
        return 0;
}

int perfetto_write(const struct cgraph *g, const struct critical_path *cp, FILE *f)
{
        struct ctx c = {.g = g, .cp = cp, .f = f, .first = true, .base = UINT64_MAX};
        uint64_t *order = NULL;
        int r;

        if (!g->finalized)
                return -EINVAL;
        for (uint64_t i = 0; i < g->n; i++)
                c.base = MIN(c.base, g->nodes[i].start);
        if ((r = build_flows(&c)) < 0)
                goto out;
        fputs("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"producer\":\"renacer\"},"
              "\"traceEvents\":[",
              f);
        /* processes (each once), then each thread's track */
        uint32_t *tgids = malloc((g->ntasks ? g->ntasks : 1) * sizeof(*tgids));
        if (!tgids) {
                r = -ENOMEM;
                goto out;
        }
        for (size_t k = 0; k < g->ntasks; k++)
                tgids[k] = g->tasks[k].tgid;
        if (g->ntasks)
                qsort(tgids, g->ntasks, sizeof(*tgids), cmp_u32);
        for (size_t k = 0; k < g->ntasks; k++) {
                if (k && tgids[k] == tgids[k - 1])
                        continue;
                sep(&c);
                fprintf(f,
                        "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%u,\"tid\":%u,"
                        "\"args\":{\"name\":",
                        tgids[k], tgids[k]);
                put_str(f, cgraph_label(g, tgids[k]));
                fputs("}}", f);
        }
        free(tgids);
        for (size_t k = 0; k < g->ntasks; k++) {
                const struct cgraph_task *t = &g->tasks[k];
                char name[32];
                snprintf(name, sizeof(name), t->tid == t->tgid ? "pid %u" : "tid %u", t->tid);
                sep(&c);
                fprintf(f,
                        "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%u,\"tid\":%u,"
                        "\"args\":{\"name\":\"%s\"}}",
                        t->tgid, t->tid, name);
        }
        order = malloc((g->n ? g->n : 1) * sizeof(*order));
        if (!order) {
                r = -ENOMEM;
                goto out;
        }
        sort_ctx = &c;
        for (size_t k = 0; k < g->ntasks; k++) {
                const struct cgraph_task *t = &g->tasks[k];
                memcpy(order, t->nodes, t->n * sizeof(*order));
                qsort(order, t->n, sizeof(*order), cmp_track);
                for (size_t j = 0; j < t->n; j++)
                        put_node(&c, order[j]);
        }
        sort_ctx = NULL;
        if (cp && cp->n) {
                sep(&c);
                fprintf(f,
                        "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%d,\"tid\":%d,"
                        "\"args\":{\"name\":\"critical path\"}}",
                        CP_PID, CP_PID);
                sep(&c);
                fprintf(f,
                        "{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":%d,\"tid\":%d,"
                        "\"args\":{\"sort_index\":-1}}",
                        CP_PID, CP_PID);
                for (size_t k = 0; k < cp->n; k++) {
                        const struct cp_segment *s = &cp->seg[k];
                        char name[CGRAPH_LABEL_MAX + 16];
                        snprintf(name, sizeof(name), "%u %s", s->tgid, cgraph_label(g, s->tgid));
                        sep(&c);
                        fputs("{\"ph\":\"X\",\"name\":", f);
                        put_str(f, name);
                        fprintf(f,
                                ",\"cat\":\"critical\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f,"
                                "\"dur\":%.3f,\"cname\":\"terrible\",\"args\":{\"tid\":%u,"
                                "\"edge_out\":\"%s\"}}",
                                CP_PID, CP_PID, us(&c, s->from), (double)(s->to - s->from) / 1000.0,
                                s->tid, causal_edge_name(s->edge_out));
                }
        }
        fputs("\n]}\n", f);
        r = ferror(f) ? -EIO : 0;
out:
        free(order);
        free(c.out);
        free(c.in);
        free(c.crit);
        return r;
}
