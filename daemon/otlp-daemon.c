// SPDX-License-Identifier: MIT
/*
 * renacerd's OTLP export: daemon-wide policy sessions become traces (see
 * otlp-trace.h), sent by the exporter's own thread (otlp-export.h) so a
 * slow or dead collector never delays the loop that drains the ring. The
 * traced process's TRACEPARENT (its environment at exec, from
 * /proc/PID/environ) parents the session span. Outages are logged once
 * when they begin and once when delivery recovers, from the sweep timer.
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"
#include "otlp-export.h"
#include "otlp-trace.h"
#include "policy.h"
#include "util.h"

#define PROC_READ_MAX    (128u << 10) /* of /proc/PID/environ or cmdline */
#define FLUSH_AT_EXIT_MS 2000

int daemon_otlp_start(struct daemon *d)
{
        const struct otlp_config *c = d->cfg.otlp;
        int r;

        if (!c || !c->endpoint)
                return 0;
        r = otlp_exporter_new(c, &d->otlp);
        if (r < 0) {
                log_error("cannot start OTLP export to %s: %s", c->endpoint, strerror(-r));
                return r;
        }
        log_info("exporting daemon-wide policy sessions as OTLP traces to %s", c->endpoint);
        return 0;
}

void daemon_otlp_poll(struct daemon *d)
{
        struct otlp_stats st;
        char why[256];
        bool down;

        if (!d->otlp || otlp_exporter_poll_outage(d->otlp, &down, why, sizeof(why)) <= 0)
                return;
        otlp_exporter_stats(d->otlp, &st);
        if (down)
                log_warning("OTLP export to %s failing: %s (retrying; spans that cannot wait "
                            "are dropped and counted in renacer_otlp_spans_dropped_total)",
                            otlp_exporter_endpoint(d->otlp), why);
        else
                log_info("OTLP export to %s recovered (%llu spans dropped so far)",
                         otlp_exporter_endpoint(d->otlp),
                         (unsigned long long)(st.dropped_queue_full + st.dropped_failed +
                                              st.dropped_rejected));
}

void daemon_otlp_stop(struct daemon *d)
{
        if (!d->otlp)
                return;
        otlp_exporter_flush(d->otlp, MIN(d->cfg.otlp->timeout_ms, FLUSH_AT_EXIT_MS));
        daemon_otlp_poll(d);
        otlp_exporter_free(d->otlp);
        d->otlp = NULL;
}

void daemon_otlp_status(struct daemon *d, bool root, struct json_object *res)
{
        struct json_object *o;
        struct otlp_stats st;

        if (!d->otlp)
                return;
        otlp_exporter_stats(d->otlp, &st);
        o = json_object_new_object();
        if (root) /* a URL may carry a token */
                json_object_object_add(o, "endpoint",
                                       json_object_new_string(otlp_exporter_endpoint(d->otlp)));
        json_object_object_add(o, "spans_sent", json_object_new_uint64(st.spans_sent));
        json_object_object_add(o, "spans_dropped",
                               json_object_new_uint64(st.dropped_queue_full + st.dropped_failed +
                                                      st.dropped_rejected + st.dropped_shutdown));
        json_object_object_add(o, "requests_failed", json_object_new_uint64(st.requests_failed));
        json_object_object_add(o, "queued", json_object_new_uint64(st.queued));
        json_object_object_add(res, "otlp", o);
}

/* Up to PROC_READ_MAX bytes of /proc/PID/NAME; NULL when it is gone. */
static char *read_proc(pid_t pid, const char *name, size_t *ret_len)
{
        char path[64], *buf;
        size_t len = 0;
        int fd;

        snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return NULL;
        buf = malloc(PROC_READ_MAX + 1);
        while (buf && len < PROC_READ_MAX) {
                ssize_t n = read(fd, buf + len, PROC_READ_MAX - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                len += (size_t)n;
        }
        close(fd);
        if (buf)
                buf[len] = '\0';
        *ret_len = len;
        return buf;
}

struct otlp_trace *daemon_otlp_session(struct daemon *d, const struct session_info *s,
                                       const struct policy *p, const char *exe, uint64_t exec_ns)
{
        struct otlp_parent parent;
        struct otlp_trace *t = NULL;
        char name[320], pname[128], *argv[RENACER_ARGV_MAX + 1] = {0};
        size_t elen = 0, clen = 0, argc = 0;
        char *env, *cmdline;
        bool has_parent = false;
        const char *base = strrchr(exe, '/');

        if (!d->otlp)
                return NULL;
        /* the process's own environment and arguments at its exec */
        env = read_proc(s->root, "environ", &elen);
        if (env) {
                int r = otlp_environ_traceparent(env, elen, &parent);
                if (r > 0)
                        has_parent = !!(parent.flags & 1);
                free(env);
                if (r > 0 && !has_parent) /* the parent is not sampled */
                        return NULL;
        }
        /* field 4 of stat, after the parenthesized comm */
        char *stat = read_proc(s->root, "stat", &clen);
        const char *close_paren = stat ? strrchr(stat, ')') : NULL;
        int ppid = 0;
        if (close_paren && sscanf(close_paren + 1, " %*c %d", &ppid) != 1)
                ppid = 0;
        free(stat);
        cmdline = read_proc(s->root, "cmdline", &clen);
        for (size_t off = 0; cmdline && off < clen && argc < RENACER_ARGV_MAX;) {
                argv[argc++] = cmdline + off;
                off += strlen(cmdline + off) + 1;
        }
        policy_name_of_file(p->file, pname, sizeof(pname));
        snprintf(name, sizeof(name), "renacerd policy %s: %s", pname, base ? base + 1 : exe);
        struct otlp_trace_params tp = {
            .slow_call_ns = d->cfg.otlp->slow_call_ns,
            .parent = has_parent ? &parent : NULL,
            .root = s->root,
            .root_ppid = ppid,
            .start_ns = exec_ns,
            .name = name,
            .command = argc ? argv : NULL,
            .exe = exe,
            .session_id = s->id,
            .emit = otlp_exporter_emit,
            .emit_ctx = d->otlp,
        };
        if (otlp_trace_new(&tp, &t) < 0)
                t = NULL;
        free(cmdline);
        return t;
}

void daemon_otlp_session_end(struct daemon *d, struct otlp_trace *t, const struct session_info *s,
                             const struct policy *p, const struct policy_verdicts *v,
                             const struct summary *sum)
{
        char pname[128];

        (void)d;
        if (!t)
                return;
        if (v) {
                policy_name_of_file(p->file, pname, sizeof(pname));
                otlp_trace_add_verdicts(t, pname, v, s->end_ns ? s->end_ns : now_monotonic_ns());
        }
        otlp_trace_finish(t, s->end_ns, sum, s->root_status);
}
