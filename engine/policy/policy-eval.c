// SPDX-License-Identifier: MIT
/* Checking a run against a policy, and the verdicts' text and JSON forms. */
#include "policy.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "util.h"

const char *policy_status_name(enum policy_status s)
{
        switch (s) {
        case POLICY_PASS:
                return "PASS";
        case POLICY_WARN:
                return "WARN";
        case POLICY_FAIL:
                return "FAIL";
        }
        return "?";
}

/* How far over budget, in percent rounded up: any violation shows >= 1%. */
static unsigned over_pct(uint64_t actual, uint64_t budget)
{
        unsigned __int128 q;

        if (actual <= budget || budget == 0)
                return 0;
        q = ((unsigned __int128)(actual - budget) * 100u + budget - 1) / budget;
        return q > 1000000000u ? 1000000000u : (unsigned)q;
}

static uint64_t selected_calls(const struct summary *s, const struct filter *f)
{
        uint64_t n = 0;

        if (!s)
                return 0;
        if (!f)
                return summary_total_calls(s);
        for (size_t i = 0; i < s->n; i++)
                if (filter_has(f, s->rows[i].nr))
                        n += s->rows[i].calls;
        return n;
}

static int eval_one(const struct policy_assertion *a, const struct policy_input *in,
                    struct policy_verdict *v)
{
        v->name = strdup(a->name);
        if (!v->name)
                return -ENOMEM;
        v->type = a->type;
        v->fail_on_violation = a->fail_on_violation;
        v->has_budget = true;
        switch (a->type) {
        case POLICY_CRITICAL_PATH:
                v->actual = in->wall_ns;
                v->budget = a->max_duration_ns;
                v->budget_ms = a->max_duration_ms;
                v->violated = v->actual > v->budget;
                v->over_pct = over_pct(v->actual, v->budget);
                break;
        case POLICY_SPAN_COUNT: {
                const struct summary *s = in->summary;
                v->has_budget = a->has_max_spans;
                if (a->has_max_spans) {
                        v->actual = selected_calls(s, a->has_syscalls ? &a->syscalls : NULL);
                        v->budget = a->max_spans;
                        v->violated = v->actual > v->budget;
                        v->over_pct = over_pct(v->actual, v->budget);
                }
                if (a->syscalls_text && !(v->syscalls = strdup(a->syscalls_text)))
                        return -ENOMEM;
                if (a->nbudgets) {
                        v->checks = calloc(a->nbudgets, sizeof(*v->checks));
                        if (!v->checks)
                                return -ENOMEM;
                }
                for (size_t i = 0; i < a->nbudgets; i++) {
                        struct policy_check *c = &v->checks[v->nchecks++];
                        const struct summary_row *row =
                            s ? summary_find(s, a->budgets[i].nr) : NULL;
                        memcpy(c->name, a->budgets[i].name, sizeof(c->name));
                        c->actual = row ? row->calls : 0;
                        c->budget = a->budgets[i].max;
                        c->violated = c->actual > c->budget;
                        c->over_pct = over_pct(c->actual, c->budget);
                        if (c->violated) {
                                v->violated = true;
                                v->over_pct = MAX(v->over_pct, c->over_pct);
                        }
                }
                break;
        }
        case POLICY_MEMORY_USAGE:
                v->mode = a->mode;
                v->actual = a->mode == POLICY_MEM_RSS ? in->peak_rss_bytes : in->peak_alloc_bytes;
                v->budget = a->max_bytes;
                v->violated = v->actual > v->budget;
                v->over_pct = over_pct(v->actual, v->budget);
                break;
        case POLICY_ANTI_PATTERN:
                v->pattern = a->pattern;
                pcie_report_compute(in->pcie, in->summary, in->wall_ns, &v->pcie);
                v->actual = v->pcie.confidence_ppm;
                v->budget = a->threshold_ppm;
                /* no GPU call, no bottleneck, whatever the threshold */
                v->violated = v->pcie.calls > 0 && v->actual >= v->budget;
                v->over_pct = v->violated ? over_pct(v->actual, v->budget) : 0;
                break;
        }
        v->status = !v->violated ? POLICY_PASS : a->fail_on_violation ? POLICY_FAIL : POLICY_WARN;
        return 0;
}

void policy_verdicts_free(struct policy_verdicts *vs)
{
        if (!vs)
                return;
        for (size_t i = 0; i < vs->n; i++) {
                free(vs->v[i].name);
                free(vs->v[i].syscalls);
                free(vs->v[i].checks);
        }
        free(vs->v);
        vs->v = NULL;
        vs->n = 0;
}

int policy_evaluate(const struct policy *p, const struct policy_input *in,
                    struct policy_verdicts *ret)
{
        struct policy_verdicts vs = {0};
        size_t n = 0;
        int r;

        for (size_t i = 0; i < p->n; i++)
                n += p->assertions[i].enabled;
        vs.v = calloc(n ? n : 1, sizeof(*vs.v));
        if (!vs.v)
                return -ENOMEM;
        for (size_t i = 0; i < p->n; i++) {
                if (!p->assertions[i].enabled)
                        continue;
                r = eval_one(&p->assertions[i], in, &vs.v[vs.n++]);
                if (r < 0) {
                        policy_verdicts_free(&vs);
                        return r;
                }
        }
        *ret = vs;
        return 0;
}

bool policy_failed(const struct policy_verdicts *vs)
{
        for (size_t i = 0; i < vs->n; i++)
                if (vs->v[i].status == POLICY_FAIL)
                        return true;
        return false;
}

/* ---- text ---- */

struct sbuf {
        char *buf;
        size_t len, used; /* used: what would have been written */
};

__attribute__((format(printf, 2, 3))) static void put(struct sbuf *b, const char *fmt, ...)
{
        va_list ap;
        size_t room = b->used < b->len ? b->len - b->used : 0;
        int n;

        va_start(ap, fmt);
        n = vsnprintf(room ? b->buf + b->used : NULL, room, fmt, ap);
        va_end(ap);
        if (n > 0)
                b->used += (size_t)n;
}

static void put_over(struct sbuf *b, bool violated, unsigned pct)
{
        if (violated && pct)
                put(b, " (+%u%%)", pct);
}

static double mib(uint64_t bytes)
{
        return (double)bytes / (1024.0 * 1024.0);
}

int policy_verdict_format(const struct policy_verdict *v, char *buf, size_t len)
{
        struct sbuf b = {buf, len, 0};
        const char *cmp = v->violated ? ">" : "<=";

        if (len)
                buf[0] = '\0';
        put(&b, "%s %s: ", policy_status_name(v->status), v->name);
        switch (v->type) {
        case POLICY_CRITICAL_PATH:
                put(&b, "%.1f ms %s %.15g ms budget", (double)v->actual / 1e6, cmp, v->budget_ms);
                put_over(&b, v->violated, v->over_pct);
                break;
        case POLICY_SPAN_COUNT: {
                bool first = true;
                if (v->has_budget) {
                        bool over = v->actual > v->budget;
                        put(&b, "%" PRIu64 " syscalls", v->actual);
                        if (v->syscalls)
                                put(&b, " (%s)", v->syscalls);
                        put(&b, " %s %" PRIu64 " budget", over ? ">" : "<=", v->budget);
                        put_over(&b, over, over_pct(v->actual, v->budget));
                        first = false;
                }
                for (size_t i = 0; i < v->nchecks; i++) {
                        const struct policy_check *c = &v->checks[i];
                        put(&b, "%s%s %" PRIu64 " %s %" PRIu64 " budget", first ? "" : "; ",
                            c->name, c->actual, c->violated ? ">" : "<=", c->budget);
                        put_over(&b, c->violated, c->over_pct);
                        first = false;
                }
                break;
        }
        case POLICY_MEMORY_USAGE:
                put(&b, "peak %s %.1f MiB (%" PRIu64 " bytes) %s %.1f MiB budget",
                    v->mode == POLICY_MEM_RSS ? "RSS" : "allocations", mib(v->actual), v->actual,
                    cmp, mib(v->budget));
                put_over(&b, v->violated, v->over_pct);
                break;
        case POLICY_ANTI_PATTERN:
                put(&b, "PCIeBottleneck confidence %u%% %s %u%% threshold",
                    pcie_ppm_percent((uint32_t)v->actual), v->violated ? ">=" : "<",
                    pcie_ppm_percent((uint32_t)v->budget));
                put_over(&b, v->violated, v->over_pct);
                break;
        }
        return (int)MIN(b.used, (size_t)INT32_MAX);
}

int policy_verdicts_render_text(const struct policy_verdicts *vs, FILE *out)
{
        char line[1024], *big = NULL;
        int r = 0;

        for (size_t i = 0; i < vs->n; i++) {
                const struct policy_verdict *v = &vs->v[i];
                int n = policy_verdict_format(v, line, sizeof(line));
                const char *s = line;
                if (n >= (int)sizeof(line)) {
                        big = malloc((size_t)n + 1);
                        if (!big)
                                return -ENOMEM;
                        policy_verdict_format(v, big, (size_t)n + 1);
                        s = big;
                }
                fprintf(out, "%s\n", s);
                free(big);
                big = NULL;
                if (v->type == POLICY_ANTI_PATTERN && v->violated &&
                    v->pattern == POLICY_PATTERN_PCIE_BOTTLENECK)
                        r = pcie_report_render_warning(&v->pcie, out);
                if (r < 0)
                        return r;
        }
        return ferror(out) ? -EIO : 0;
}

/* ---- JSON ---- */

static int add(struct json_object *o, const char *key, struct json_object *val)
{
        if (!val)
                return -ENOMEM;
        if (json_object_object_add(o, key, val) < 0) {
                json_object_put(val);
                return -ENOMEM;
        }
        return 0;
}

#define ADD(o, key, val)                                                                           \
        do {                                                                                       \
                if (add((o), (key), (val)) < 0)                                                    \
                        return -ENOMEM;                                                            \
        } while (0)

static int verdict_json(const struct policy_verdict *v, struct json_object *o)
{
        ADD(o, "name", json_object_new_string(v->name));
        ADD(o, "type", json_object_new_string(policy_type_name(v->type)));
        ADD(o, "status", json_object_new_string(policy_status_name(v->status)));
        ADD(o, "violated", json_object_new_boolean(v->violated));
        ADD(o, "fail_on_violation", json_object_new_boolean(v->fail_on_violation));
        switch (v->type) {
        case POLICY_CRITICAL_PATH:
                ADD(o, "actual", json_object_new_double((double)v->actual / 1e6));
                ADD(o, "budget", json_object_new_double(v->budget_ms));
                ADD(o, "unit", json_object_new_string("ms"));
                break;
        case POLICY_SPAN_COUNT: {
                struct json_object *arr;
                if (v->has_budget) {
                        ADD(o, "actual", json_object_new_int64((int64_t)v->actual));
                        ADD(o, "budget", json_object_new_int64((int64_t)v->budget));
                }
                ADD(o, "unit", json_object_new_string("syscalls"));
                if (v->syscalls)
                        ADD(o, "syscalls", json_object_new_string(v->syscalls));
                arr = json_object_new_array();
                ADD(o, "budgets", arr);
                for (size_t i = 0; i < v->nchecks; i++) {
                        const struct policy_check *c = &v->checks[i];
                        struct json_object *e = json_object_new_object();
                        if (!e || json_object_array_add(arr, e) < 0) {
                                json_object_put(e);
                                return -ENOMEM;
                        }
                        ADD(e, "syscall", json_object_new_string(c->name));
                        ADD(e, "actual", json_object_new_int64((int64_t)c->actual));
                        ADD(e, "budget", json_object_new_int64((int64_t)c->budget));
                        ADD(e, "violated", json_object_new_boolean(c->violated));
                        ADD(e, "over_pct", json_object_new_int64(c->over_pct));
                }
                break;
        }
        case POLICY_MEMORY_USAGE:
                ADD(o, "actual", json_object_new_int64((int64_t)v->actual));
                ADD(o, "budget", json_object_new_int64((int64_t)v->budget));
                ADD(o, "unit", json_object_new_string("bytes"));
                ADD(o, "tracking_mode",
                    json_object_new_string(v->mode == POLICY_MEM_RSS ? "rss" : "allocations"));
                break;
        case POLICY_ANTI_PATTERN: {
                const struct pcie_report *p = &v->pcie;
                struct json_object *pj = json_object_new_object();
                ADD(o, "actual", json_object_new_double((double)v->actual / 1e6));
                ADD(o, "budget", json_object_new_double((double)v->budget / 1e6));
                ADD(o, "unit", json_object_new_string("confidence"));
                ADD(o, "pattern", json_object_new_string("PCIeBottleneck"));
                ADD(o, "pcie", pj);
                ADD(pj, "wall_ms", json_object_new_double((double)p->wall_ns / 1e6));
                ADD(pj, "transfer_ms", json_object_new_double((double)p->transfer_ns / 1e6));
                ADD(pj, "issue_gap_ms", json_object_new_double((double)p->issue_ns / 1e6));
                ADD(pj, "blocking_ms", json_object_new_double((double)p->blocking_ns / 1e6));
                ADD(pj, "compute_ms", json_object_new_double((double)p->compute_ns / 1e6));
                ADD(pj, "calls", json_object_new_int64((int64_t)p->calls));
                ADD(pj, "share", json_object_new_double((double)p->share_ppm / 1e6));
                if (p->has_top) {
                        struct json_object *t = json_object_new_object();
                        char op[96];
                        pcie_op_format(p->top.nr, p->top.request, op, sizeof(op));
                        ADD(pj, "top", t);
                        ADD(t, "call", json_object_new_string(op));
                        ADD(t, "device", json_object_new_string(p->top.device));
                        ADD(t, "calls", json_object_new_int64((int64_t)p->top.calls));
                        ADD(t, "ms", json_object_new_double((double)p->top.ns / 1e6));
                }
                break;
        }
        }
        ADD(o, "over_pct", json_object_new_int64(v->over_pct));
        return 0;
}

int policy_verdicts_to_json(const struct policy_verdicts *vs, struct json_object **ret)
{
        struct json_object *root = json_object_new_object(), *arr = json_object_new_array();
        int r = 0;

        if (!root || !arr) {
                json_object_put(root);
                json_object_put(arr);
                return -ENOMEM;
        }
        if (add(root, "format", json_object_new_string("renacer-verdicts-v1")) < 0 ||
            add(root, "failed", json_object_new_boolean(policy_failed(vs))) < 0) {
                json_object_put(root);
                json_object_put(arr);
                return -ENOMEM;
        }
        if (add(root, "verdicts", arr) < 0) {
                json_object_put(root);
                return -ENOMEM;
        }
        for (size_t i = 0; !r && i < vs->n; i++) {
                struct json_object *o = json_object_new_object();
                if (!o || json_object_array_add(arr, o) < 0) {
                        json_object_put(o);
                        r = -ENOMEM;
                        break;
                }
                r = verdict_json(&vs->v[i], o);
        }
        if (r) {
                json_object_put(root);
                return -ENOMEM;
        }
        *ret = root;
        return 0;
}
