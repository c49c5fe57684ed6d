// SPDX-License-Identifier: MIT
#include "otlp-run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "otlp-config.h"
#include "otlp-export.h"
#include "otlp-trace.h"
#include "policy.h"
#include "util.h"

struct otlp_run {
        struct otlp_config cfg;
        struct otlp_parent parent;
        bool has_parent;
        bool sampled;
        struct otlp_exporter *exp;
        struct otlp_trace *trace;
};

static const char *env(const char *name)
{
        return getenv(name);
}

bool otlp_run_env_enabled(void)
{
        struct otlp_config c;
        char err[256];
        int r;

        otlp_config_init(&c);
        r = otlp_config_from_env(&c, env, err, sizeof(err));
        otlp_config_free(&c);
        /* a malformed environment also "asks": otlp_run_open says what is wrong */
        return r != 0;
}

/* TRACEPARENT as the command will see it: ours, after its -E operations */
static const char *command_traceparent(const struct trace_opts *o)
{
        const char *v = getenv("TRACEPARENT");

        for (size_t i = 0; i < o->nenv; i++) {
                if (!strncmp(o->env_ops[i], "TRACEPARENT=", 12))
                        v = o->env_ops[i] + 12;
                else if (!strcmp(o->env_ops[i], "TRACEPARENT"))
                        v = NULL;
        }
        return v;
}

int otlp_run_open(const struct trace_opts *o, struct otlp_run **ret)
{
        struct otlp_run *r;
        const char *tp;
        char err[320];
        int on;

        *ret = NULL;
        r = calloc(1, sizeof(*r));
        if (!r)
                return -ENOMEM;
        otlp_config_init(&r->cfg);
        on = otlp_config_from_env(&r->cfg, env, err, sizeof(err));
        if (on < 0) {
                fprintf(stderr, "renacerctl: %s\n", err);
                goto invalid;
        }
        if (o->otlp_url && otlp_config_set_endpoint(&r->cfg, o->otlp_url, err, sizeof(err)) < 0) {
                fprintf(stderr, "renacerctl: invalid --otlp: %s\n", err);
                goto invalid;
        }
        if (!o->otlp && !on) {
                otlp_run_free(r);
                return 0;
        }
        if (!r->cfg.endpoint &&
            otlp_config_set_endpoint(&r->cfg, OTLP_DEFAULT_ENDPOINT, err, sizeof(err)) < 0)
                goto invalid;
        r->sampled = true;
        tp = command_traceparent(o);
        if (tp && *tp) {
                if (otlp_traceparent_parse(tp, strlen(tp), &r->parent) < 0) {
                        /* the W3C rule: an invalid parent starts a new trace */
                        fprintf(stderr,
                                "renacerctl: ignoring TRACEPARENT '%.64s': not a W3C "
                                "traceparent; the session starts a new trace\n",
                                tp);
                } else {
                        r->has_parent = true;
                        r->sampled = r->parent.flags & 1;
                }
        }
        *ret = r;
        return 0;
invalid:
        otlp_run_free(r);
        return -EINVAL;
}

int otlp_run_start(struct otlp_run *r, pid_t root, char *const *command)
{
        char name[256];
        const char *base;
        int e;

        if (!r->sampled)
                return 0; /* the parent is not sampled: neither are we */
        e = otlp_exporter_new(&r->cfg, &r->exp);
        if (e < 0) {
                fprintf(stderr, "renacerctl: cannot start OTLP export to %s: %s\n", r->cfg.endpoint,
                        strerror(-e));
                return e;
        }
        base = command && command[0] ? strrchr(command[0], '/') : NULL;
        if (command && command[0])
                snprintf(name, sizeof(name), "renacerctl run %s", base ? base + 1 : command[0]);
        else
                snprintf(name, sizeof(name), "renacerctl trace %d", (int)root);
        struct otlp_trace_params p = {
            .slow_call_ns = r->cfg.slow_call_ns,
            .parent = r->has_parent ? &r->parent : NULL,
            .root = root,
            .root_ppid = command ? getpid() : 0, /* run: we forked it */
            .start_ns = now_monotonic_ns(),
            .name = name,
            .command = command,
            .emit = otlp_exporter_emit,
            .emit_ctx = r->exp,
        };
        e = otlp_trace_new(&p, &r->trace);
        if (e < 0) {
                fprintf(stderr, "renacerctl: cannot start the OTLP trace: %s\n", strerror(-e));
                return e;
        }
        return 0;
}

void otlp_run_record(void *ctx, const void *rec, size_t len)
{
        struct otlp_run *r = ctx;

        if (r && r->trace)
                otlp_trace_record(r->trace, rec, len);
}

void otlp_run_finish(struct otlp_run *r, const struct trace_result *res, const char *policy_path,
                     const struct policy_verdicts *v)
{
        struct otlp_stats st;
        uint64_t dropped;

        if (!r || !r->trace)
                return;
        if (v && v->n && policy_path) {
                char name[256];
                policy_name_of_file(policy_path, name, sizeof(name));
                otlp_trace_add_verdicts(r->trace, name, v, now_monotonic_ns());
        }
        otlp_trace_finish(r->trace, 0, &res->summary, res->wait_status);
        otlp_trace_free(r->trace);
        r->trace = NULL;
        /* the command has ended: wait for delivery, but no longer than one
         * export timeout */
        otlp_exporter_flush(r->exp, r->cfg.timeout_ms);
        otlp_exporter_stats(r->exp, &st);
        dropped = st.dropped_queue_full + st.dropped_failed + st.dropped_rejected + st.queued;
        if (dropped) {
                char why[256] = "";
                bool down;
                otlp_exporter_poll_outage(r->exp, &down, why, sizeof(why));
                fprintf(stderr,
                        "renacer: OTLP: %llu of %llu spans not exported to %s (%s%s%llu failed "
                        "requests)\n",
                        (unsigned long long)dropped, (unsigned long long)(dropped + st.spans_sent),
                        r->cfg.endpoint, why, why[0] ? "; " : "",
                        (unsigned long long)st.requests_failed);
        }
}

void otlp_run_free(struct otlp_run *r)
{
        if (!r)
                return;
        otlp_trace_free(r->trace);
        otlp_exporter_free(r->exp);
        otlp_config_free(&r->cfg);
        free(r);
}
