// SPDX-License-Identifier: MIT
/* No daemon: the same engine, in this process, for one session. */
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
        struct session *s;
        int render_error;
        bool done;
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

        if (s == l->s)
                l->done = true;
}

int tracing_in_process(struct tracing *t)
{
        struct engine_callbacks cb = {.on_record = on_record, .on_complete = on_complete};
        struct local l = {.t = t};
        struct engine *e = NULL;
        struct session_params p = {
            .pid = t->pid,
            .requester = 0,
            .follow = t->o->follow,
            .stream = !t->o->summary_only || t->o->trace_all,
            .await_exec = t->release_fd >= 0,
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
        r = engine_session_create(e, &p, &l.s, err, sizeof(err));
        if (r < 0) {
                fprintf(stderr, "renacerctl: %s\n", err);
                goto out;
        }
        t->started = true;
        r = tracing_release(t);
        if (r < 0) {
                fprintf(stderr, "renacerctl: cannot start the command: %s\n", strerror(-r));
                goto out;
        }
        last_sweep = now_monotonic_ns();
        while (!l.done && !l.render_error) {
                struct pollfd pf[3] = {{.fd = engine_fd(e), .events = POLLIN},
                                       {.fd = t->signal_fd, .events = POLLIN},
                                       {.fd = l.s->pidfd, .events = POLLIN}};
                int n = poll(pf, 3, 10);
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
                if ((n > 0 && (pf[2].revents & POLLIN)) || now - last_sweep > 1000000000ULL) {
                        engine_sweep(e);
                        last_sweep = now;
                }
        }
        if (l.render_error) {
                tracing_say_write_error(t, l.render_error);
                r = l.render_error;
                goto out;
        }
        r = engine_session_finish(e, l.s, &t->res.summary);
        if (r < 0) {
                fprintf(stderr, "renacerctl: cannot read the summary: %s\n", strerror(-r));
                goto out;
        }
        t->res.events_lost = l.s->events_lost;
        t->res.wall_ns = l.s->end_ns - (l.s->first_exec_ns ? l.s->first_exec_ns : l.s->created_ns);
        for (size_t i = 0; i < l.s->nprocs; i++)
                if (l.s->procs[i].tgid == l.s->root && !l.s->procs[i].alive)
                        t->res.wait_status = l.s->procs[i].exit_status;
out:
        if (l.s)
                engine_session_remove(e, l.s);
        engine_free(e);
        return r;
}
