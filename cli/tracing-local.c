// SPDX-License-Identifier: MIT
/* No daemon: the same engine, in this process: one session per -p, or the
 * run's one. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "engine.h"
#include "tracing.h"
#include "util.h"

struct local {
        struct tracing *t;
        struct session *s[TRACE_PIDS_MAX];
        bool complete[TRACE_PIDS_MAX];
        size_t n, left;
        int render_error;
};

static void on_record(void *ctx, struct session *s, const void *rec, size_t len)
{
        struct local *l = ctx;

        (void)s;
        if (!l->render_error)
                l->render_error = renderer_record(l->t->rend, rec, len);
}

static void on_complete(void *ctx, struct session *s)
{
        struct local *l = ctx;

        for (size_t i = 0; i < l->n; i++)
                if (s == l->s[i] && !l->complete[i]) {
                        l->complete[i] = true;
                        l->left--;
                }
}

int tracing_in_process(struct tracing *t)
{
        struct engine_callbacks cb = {.on_record = on_record, .on_complete = on_complete};
        struct local l = {.t = t};
        struct engine *e = NULL;
        struct session_params p = {
            .pid = t->pid,
            .cgroup = t->o->cgroup,
            .requester = 0,
            .follow = t->o->follow,
            .one_task = t->o->one_task,
            .stream = !t->o->summary_only || t->o->trace_all,
            .await_exec = t->release_fd >= 0,
            .stack = tracing_stack_kind(t->o),
            .causal = t->o->causal,
            .dump = trace_opts_dump(t->o),
            .fds = t->o->decode_fds != 0,
            .env = trace_opts_env(t->o),
            .dirents = trace_opts_dirents(t->o),
            .capture = trace_opts_capture(t->o),
            .filter = t->o->trace_all ? NULL : t->o->filter,
        };
        char err[320];
        uint64_t last_sweep;
        int r;

        r = engine_new(NULL, &cb, &l, &e);
        if (r < 0) {
                fprintf(stderr,
                        "renacerctl: cannot load the BPF programs: %s (needs root or "
                        "CAP_BPF+CAP_PERFMON, and a kernel >= 5.17 with BTF)\n",
                        strerror(-r));
                return r;
        }
        bool one = t->release_fd >= 0 || !t->o->npids;
        size_t want = one ? 1 : t->o->npids;
        for (size_t i = 0; i < want; i++) {
                p.pid = one ? t->pid : t->o->pids[i];
                r = engine_session_create(e, &p, &l.s[l.n], err, sizeof(err));
                if (r < 0) {
                        fprintf(stderr, "renacerctl: %s\n", err);
                        goto out;
                }
                if (t->o->cgroup)
                        t->nscope = MIN(engine_session_initial(l.s[l.n], t->scope_pids,
                                                               ARRAY_SIZE(t->scope_pids)),
                                        ARRAY_SIZE(t->scope_pids));
                l.n++;
                l.left++;
                t->started = true;
        }
        tracing_note_attached(t);
        r = tracing_release(t);
        if (r < 0) {
                fprintf(stderr, "renacerctl: cannot start the command: %s\n", strerror(-r));
                goto out;
        }
        last_sweep = now_monotonic_ns();
        while (l.left > 0 && !l.render_error) {
                struct pollfd pf[2 + TRACE_PIDS_MAX] = {{.fd = engine_fd(e), .events = POLLIN},
                                                        {.fd = t->signal_fd, .events = POLLIN}};
                for (size_t i = 0; i < l.n; i++) {
                        struct session_info si;
                        session_info(l.s[i], &si);
                        pf[2 + i] =
                            (struct pollfd){.fd = l.complete[i] ? -1 : si.pidfd, .events = POLLIN};
                }
                int n = poll(pf, 2 + l.n, 10);
                if (n < 0 && errno != EINTR) {
                        r = -errno;
                        goto out;
                }
                if (n > 0 && (pf[1].revents & POLLIN) && tracing_take_signal(t)) {
                        t->interrupted = true;
                        break;
                }
                engine_consume(e);
                /* the ring is drained: what it held leaves now */
                if (!l.render_error)
                        l.render_error = renderer_flush(t->rend);
                uint64_t now = now_monotonic_ns();
                bool gone = false;
                for (size_t i = 0; n > 0 && i < l.n; i++)
                        gone |= (pf[2 + i].revents & POLLIN) != 0;
                if (gone || now - last_sweep > 1000000000ULL) {
                        engine_sweep(e);
                        last_sweep = now;
                }
        }
        tracing_note_detached(t);
        if (l.render_error) {
                tracing_say_write_error(t, l.render_error);
                r = l.render_error;
                goto out;
        }
        for (size_t k = 0; k < l.n; k++) {
                struct session *s = l.s[k];
                struct summary one_sum;
                summary_init(&one_sum);
                r = engine_session_finish(e, s, &one_sum);
                if (r >= 0)
                        r = summary_merge(&t->res.summary, &one_sum);
                summary_free(&one_sum);
                if (r < 0) {
                        fprintf(stderr, "renacerctl: cannot read the summary: %s\n", strerror(-r));
                        goto out;
                }
                struct session_info si;
                session_info(s, &si);
                t->res.events_lost += si.events_lost;
                t->res.kernel_lifecycle_lost += si.kernel_lifecycle_lost;
                if (si.wall_ns > t->res.wall_ns)
                        t->res.wall_ns = si.wall_ns;
                if (si.root_gone)
                        t->res.wait_status = si.root_status;
        }
out:
        for (size_t k = 0; k < l.n; k++)
                engine_session_remove(e, l.s[k]);
        engine_free(e);
        return r;
}
