// SPDX-License-Identifier: MIT
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "engine.h"
#include "protocol-client.h"
#include "summary-json.h"
#include "tracing.h"
#include "stack-unwind.h"
#include "util.h"

int tracing_stack_kind(const struct trace_opts *o)
{
        if (!o->stack)
                return SESSION_STACK_NONE;
        return o->stack_mode == UNWIND_FP ? SESSION_STACK_FP : SESSION_STACK_COPY;
}

int tracing_release(struct tracing *t)
{
        int r = 0;

        if (t->release_fd < 0)
                return 0;
        if (write(t->release_fd, "x", 1) != 1)
                r = -errno;
        close(t->release_fd);
        t->release_fd = -1;
        return r;
}

long tracing_count_tasks(pid_t pid)
{
        char path[64];
        long n = 0;

        snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
        DIR *d = opendir(path);
        if (!d)
                return 1;
        for (struct dirent *de; (de = readdir(d));)
                if (de->d_name[0] != '.')
                        n++;
        closedir(d);
        return n ? n : 1;
}

void tracing_note_attached(struct tracing *t)
{
        if (t->release_fd >= 0 || t->o->command)
                return;
        if (t->o->cgroup) {
                long tasks = 0;
                for (size_t i = 0; i < t->nscope; i++) {
                        long n = tracing_count_tasks(t->scope_pids[i]);
                        tasks += n;
                        renderer_note_attached(t->rend, (uint32_t)t->scope_pids[i], n);
                }
                renderer_set_tasks(t->rend, tasks);
                return;
        }
        /* strace without -f attaches to the thread it is given, alone */
        for (size_t i = 0; i < t->o->npids; i++)
                renderer_note_attached(t->rend, (uint32_t)t->o->pids[i],
                                       t->o->one_task ? 1 : tracing_count_tasks(t->o->pids[i]));
}

/* ^C on a cgroup's trace: the processes it holds now are the ones traced
 * (for a user other than root, those of the user's own). */
static int note_scope_detached(pid_t pid, void *ctx)
{
        struct tracing *t = ctx;
        char path[64];
        struct stat st;

        snprintf(path, sizeof(path), "/proc/%d", (int)pid);
        if (stat(path, &st) == 0 && (geteuid() == 0 || st.st_uid == geteuid()))
                renderer_note_detached(t->rend, (uint32_t)pid);
        return 0;
}

void tracing_note_detached(struct tracing *t)
{
        if (!t->interrupted)
                return;
        if (t->o->cgroup)
                cgroup_each_proc(t->o->cgroup, note_scope_detached, t);
        for (size_t i = 0; i < t->o->npids; i++)
                if (kill(t->o->pids[i], 0) == 0)
                        renderer_note_detached(t->rend, (uint32_t)t->o->pids[i]);
}

void tracing_say_write_error(struct tracing *t, int r)
{
        const char *why = output_error_reason(t->out);

        if (why)
                fprintf(stderr, "renacerctl: cannot write the trace: %s\n", why);
        else
                fprintf(stderr, "renacerctl: cannot render an event: %s\n", strerror(-r));
}

bool tracing_take_signal(struct tracing *t)
{
        struct signalfd_siginfo si;

        if (read(t->signal_fd, &si, sizeof(si)) != sizeof(si))
                return false;
        if (t->o->pid || t->o->cgroup)
                return !t->interrupted;
        if (si.ssi_pid != 0 && t->release_fd < 0)
                kill(t->pid, (int)si.ssi_signo);
        return false;
}

static uint64_t get_u64(struct json_object *o, const char *key)
{
        struct json_object *v;

        return json_object_object_get_ex(o, key, &v) ? json_object_get_uint64(v) : 0;
}

/* One session's end: its summary joins the others' (-p A -p B). */
static int on_ended(struct tracing *t, struct json_object *o)
{
        struct json_object *v;
        struct summary one;
        int r = 0;

        if (json_object_object_get_ex(o, "exit_status", &v))
                t->res.wait_status = json_object_get_int(v);
        t->res.events_lost += get_u64(o, "events_lost");
        t->res.kernel_lifecycle_lost += get_u64(o, "kernel_lifecycle_lost");
        t->res.client_lost += get_u64(o, "client_lost");
        t->res.lifecycle_lost += get_u64(o, "lifecycle_lost");
        uint64_t wall = get_u64(o, "wall_ns");
        if (wall > t->res.wall_ns)
                t->res.wall_ns = wall;
        summary_init(&one);
        if (!json_object_object_get_ex(o, "summary", &v) || summary_from_json(v, &one) < 0 ||
            summary_merge(&t->res.summary, &one) < 0) {
                fprintf(stderr, "renacerctl: renacerd sent a malformed summary\n");
                r = -EBADMSG;
        }
        summary_free(&one);
        if (r < 0)
                return r;
        json_object_object_get_ex(o, "reason", &v);
        if (v && !strcmp(json_object_get_string(v), "shutdown")) {
                fprintf(stderr, "renacerctl: renacerd shut down during the trace; the trace is "
                                "incomplete\n");
                return -ECONNABORTED;
        }
        return 0;
}

/* Render every record of an 'E' frame. */
static int on_events(struct tracing *t, const struct proto_frame *f)
{
        /* renacerd keeps every record 8-aligned in its frames (protocol.h),
         * and the frame buffer starts aligned: records are read where they
         * lie. One that is not (no renacerd sends it) is copied first. */
        _Alignas(8) uint8_t rec[RENACER_RECORD_MAX];
        size_t off = PROTO_EVENTS_PREFIX;
        const uint8_t *p;
        uint32_t sid, size;
        int r;

        if (proto_events_session(f, &sid) < 0)
                return -EBADMSG;
        while ((r = proto_events_next(f, &off, &p, &size)) > 0) {
                if (size > sizeof(rec))
                        return -EBADMSG;
                if ((uintptr_t)p % _Alignof(struct renacer_event_header)) {
                        memcpy(rec, p, size);
                        p = rec;
                }
                r = renderer_record(t->rend, p, size);
                if (r < 0)
                        return r;
        }
        return r;
}

/* The sessions of one renacerctl: one per -p, or the run's. */
struct dstate {
        struct tracing *t;
        struct pclient c;
        uint32_t sessions[TRACE_PIDS_MAX];
        bool ended[TRACE_PIDS_MAX];
        size_t n;    /* created so far */
        size_t left; /* created and not ended */
};

/* Ask renacerd to stop the sessions still running (trace: ^C). */
static void end_sessions(struct dstate *st)
{
        for (size_t i = 0; i < st->n; i++) {
                if (st->ended[i])
                        continue;
                struct json_object *end = json_object_new_object();
                json_object_object_add(end, "op", json_object_new_string("session.end"));
                json_object_object_add(end, "id", json_object_new_int(1000 + (int)i));
                json_object_object_add(end, "session", json_object_new_int64(st->sessions[i]));
                pclient_send(&st->c, end);
                json_object_put(end);
        }
}

/* An event batch or a notification. Returns 0 to go on, 1 when every
 * session has ended, -errno after printing why. m is a parsed 'J' frame
 * (NULL for 'E'). */
static int handle_frame(struct dstate *st, const struct proto_frame *f, struct json_object *m)
{
        struct json_object *v;
        int r = 0;

        if (f->type == PROTO_EVENTS) {
                r = on_events(st->t, f);
                if (r < 0)
                        tracing_say_write_error(st->t, r);
                return r;
        }
        pclient_note(&st->c, m);
        const char *ev = json_object_object_get_ex(m, "event", &v) ? json_object_get_string(v) : "";
        if (!strcmp(ev, "session.ended") && json_object_object_get_ex(m, "session", &v)) {
                uint32_t id = (uint32_t)json_object_get_int64(v);
                for (size_t i = 0; i < st->n; i++) {
                        if (st->sessions[i] != id || st->ended[i])
                                continue;
                        st->ended[i] = true;
                        st->left--;
                        r = on_ended(st->t, m);
                }
                return r < 0 ? r : 0;
        }
        if (!strcmp(ev, "daemon.shutdown")) {
                fprintf(stderr, "renacerctl: renacerd shut down during the trace; the "
                                "trace is incomplete\n");
                return -ECONNABORTED;
        }
        return 0;
}

static int say_next_error(const struct pclient *c, int r)
{
        if (pclient_closed(r)) {
                fprintf(stderr,
                        "renacerctl: renacerd closed the connection: %s; the trace is "
                        "incomplete\n",
                        pclient_close_reason(c, r));
                return -ECONNABORTED;
        }
        fprintf(stderr, "renacerctl: bad data from renacerd: %s\n", strerror(-r));
        return r;
}

/* session.create for one pid. What the sessions made before send while
 * we wait for the answer is rendered, not skipped. */
static int create_session(struct dstate *st, pid_t pid)
{
        struct tracing *t = st->t;
        const struct trace_opts *o = t->o;
        int id = (int)st->n + 1;
        struct json_object *req, *v;
        struct proto_frame f;
        int r;

        req = json_object_new_object();
        json_object_object_add(req, "op", json_object_new_string("session.create"));
        json_object_object_add(req, "id", json_object_new_int(id));
        if (o->cgroup)
                json_object_object_add(req, "cgroup", json_object_new_string(o->cgroup));
        else
                json_object_object_add(req, "pid", json_object_new_int(pid));
        json_object_object_add(req, "follow", json_object_new_boolean(o->follow));
        if (o->one_task)
                json_object_object_add(req, "one_task", json_object_new_boolean(true));
        json_object_object_add(req, "stream",
                               json_object_new_boolean(!o->summary_only || o->trace_all));
        json_object_object_add(req, "subscribe", json_object_new_boolean(true));
        if (t->release_fd >= 0)
                json_object_object_add(req, "await_exec", json_object_new_boolean(true));
        json_object_object_add(req, "capture", json_object_new_int((int)trace_opts_capture(o)));
        if (o->stack)
                json_object_object_add(
                    req, "stack",
                    json_object_new_string(tracing_stack_kind(o) == SESSION_STACK_COPY ? "dwarf"
                                                                                       : "fp"));
        if (o->causal)
                json_object_object_add(req, "causal", json_object_new_boolean(true));
        if (trace_opts_dump(o))
                json_object_object_add(req, "dump", json_object_new_boolean(true));
        if (o->decode_fds)
                json_object_object_add(req, "fds", json_object_new_boolean(true));
        if (trace_opts_env(o))
                json_object_object_add(req, "env", json_object_new_boolean(true));
        if (trace_opts_dirents(o))
                json_object_object_add(req, "dirents", json_object_new_boolean(true));
        if (o->filter && !o->trace_all)
                json_object_object_add(req, "filter", json_object_new_string(o->filter));
        r = pclient_send(&st->c, req);
        json_object_put(req);
        for (;;) {
                if (r >= 0)
                        r = pclient_next(&st->c, &f, 0);
                if (r <= 0 && !st->n) {
                        r = r ? r : -EPIPE;
                        if (pclient_closed(r))
                                fprintf(stderr, "renacerctl: renacerd closed the connection: %s\n",
                                        pclient_close_reason(&st->c, r));
                        else
                                fprintf(stderr, "renacerctl: renacerd at %s did not answer: %s\n",
                                        o->socket, strerror(-r));
                        return r;
                }
                if (r <= 0)
                        return say_next_error(&st->c, r);
                struct json_object *m = NULL;
                if (f.type == PROTO_JSON && !(m = pclient_parse(&f))) {
                        fprintf(stderr, "renacerctl: malformed message from renacerd\n");
                        return -EBADMSG;
                }
                /* refused, timed out, shutting down: it closes now */
                if (m && pclient_note(&st->c, m) && pclient_error(m)) {
                        fprintf(stderr, "renacerctl: renacerd closed the connection: %s\n",
                                pclient_close_reason(&st->c, -ECONNRESET));
                        json_object_put(m);
                        return -ECONNRESET;
                }
                /* an error without id answers a request the daemon could not
                 * even parse: ours */
                if (m &&
                    ((json_object_object_get_ex(m, "id", &v) && json_object_get_int64(v) == id) ||
                     (!json_object_object_get_ex(m, "id", &v) && pclient_error(m)))) {
                        if (pclient_error(m)) {
                                fprintf(stderr, "renacerctl: %s\n", pclient_error(m));
                                r = -EINVAL;
                        } else if (!json_object_object_get_ex(m, "result", &v) ||
                                   !json_object_object_get_ex(v, "session", &v)) {
                                fprintf(stderr, "renacerctl: renacerd sent a malformed reply\n");
                                r = -EBADMSG;
                        } else {
                                struct json_object *res, *pids;
                                json_object_object_get_ex(m, "result", &res);
                                if (json_object_object_get_ex(res, "pids", &pids) &&
                                    json_object_is_type(pids, json_type_array))
                                        for (size_t k = 0; k < json_object_array_length(pids) &&
                                                           t->nscope < ARRAY_SIZE(t->scope_pids);
                                             k++)
                                                t->scope_pids[t->nscope++] =
                                                    (pid_t)json_object_get_int(
                                                        json_object_array_get_idx(pids, k));
                                st->sessions[st->n] = (uint32_t)json_object_get_int64(v);
                                st->ended[st->n] = false;
                                st->n++;
                                st->left++;
                                r = 0;
                        }
                        json_object_put(m);
                        return r;
                }
                r = handle_frame(st, &f, m);
                json_object_put(m);
                if (r < 0)
                        return r;
        }
}

int tracing_via_daemon(struct tracing *t)
{
        const struct trace_opts *o = t->o;
        bool one = t->release_fd >= 0 || !o->npids;
        const pid_t *pids = one ? &t->pid : o->pids;
        size_t n = one ? 1 : o->npids;
        struct dstate st = {.t = t};
        int r;

        r = pclient_connect(o->socket, &st.c);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                r = create_session(&st, pids[i]);
                if (r < 0)
                        goto out; /* the ones made so far end with the connection */
                t->started = true;
        }
        tracing_note_attached(t);
        r = tracing_release(t);
        if (r < 0) {
                fprintf(stderr, "renacerctl: cannot start the command: %s\n", strerror(-r));
                goto out;
        }
        while (st.left > 0) {
                struct pollfd p[2] = {{.fd = st.c.fd, .events = POLLIN},
                                      {.fd = t->signal_fd, .events = POLLIN}};
                struct proto_frame f;

                r = pclient_next(&st.c, &f, 1);
                if (r == -EAGAIN) {
                        /* everything renacerd sent so far is rendered: let
                         * it out before waiting (live output; under load
                         * the socket is rarely empty and blocks stay big) */
                        r = renderer_flush(t->rend);
                        if (r < 0) {
                                tracing_say_write_error(t, r);
                                goto out;
                        }
                        /* --causal: a record waiting for its cause leaves
                         * within its bound even if nothing else comes */
                        int wait_ms = renderer_holding(t->rend) ? 60 : -1;
                        if (poll(p, 2, wait_ms) < 0 && errno != EINTR) {
                                r = -errno;
                                goto out;
                        }
                        if ((p[1].revents & POLLIN) && tracing_take_signal(t)) {
                                /* trace -p: stop tracing, keep the summary */
                                t->interrupted = true;
                                end_sessions(&st);
                        }
                        continue;
                }
                if (r <= 0) {
                        r = say_next_error(&st.c, r);
                        goto out;
                }
                struct json_object *m = NULL;
                if (f.type == PROTO_JSON && !(m = pclient_parse(&f))) {
                        fprintf(stderr, "renacerctl: malformed message from renacerd\n");
                        r = -EBADMSG;
                        goto out;
                }
                r = handle_frame(&st, &f, m);
                json_object_put(m);
                if (r < 0)
                        goto out;
        }
        r = 0;
        tracing_note_detached(t);
out:
        pclient_close(&st.c);
        return r;
}
