// SPDX-License-Identifier: MIT
/* The protocol server: accepts clients, answers requests, routes each
 * session's records to its subscribers, and ends sessions. */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client.h"
#include "daemon-session.h"
#include "daemon.h"
#include "log.h"
#include "metrics.h"
#include "protocol.h"
#include "summary-json.h"
#include "util.h"

static void link_client(struct daemon *d, struct client *c)
{
        c->next = d->clients;
        if (d->clients)
                d->clients->prev = c;
        d->clients = c;
        d->nclients++;
}

static void unlink_client(struct daemon *d, struct client *c)
{
        if (c->prev)
                c->prev->next = c->next;
        else
                d->clients = c->next;
        if (c->next)
                c->next->prev = c->prev;
        d->nclients--;
}

static void queue_error(struct client *c, int64_t id, const char *code, const char *message,
                        bool closing)
{
        struct json_object *o = json_object_new_object(), *e = json_object_new_object();

        if (id >= 0)
                json_object_object_add(o, "id", json_object_new_int64(id));
        json_object_object_add(e, "code", json_object_new_string(code));
        json_object_object_add(e, "message", json_object_new_string(message));
        json_object_object_add(o, "error", e);
        /* the peer learns why before it sees the connection close */
        if (closing)
                json_object_object_add(o, "closing", json_object_new_boolean(true));
        client_send_json(c, o);
        json_object_put(o);
}

static void send_error(struct client *c, int64_t id, const char *code, const char *message)
{
        queue_error(c, id, code, message, false);
}

/* An error after which the daemon closes the connection. */
static void send_fatal(struct client *c, int64_t id, const char *code, const char *message)
{
        queue_error(c, id, code, message, true);
}

static void send_result(struct client *c, int64_t id, struct json_object *result)
{
        struct json_object *o = json_object_new_object();

        if (id >= 0)
                json_object_object_add(o, "id", json_object_new_int64(id));
        json_object_object_add(o, "result", result);
        client_send_json(c, o);
        json_object_put(o);
}

static const char *errno_code(int r)
{
        switch (-r) {
        case ESRCH:
                return "no_such_process";
        case EPERM:
        case EACCES:
                return "permission_denied";
        case EBUSY:
                return "busy";
        case EINVAL:
                return "bad_request";
        case ENOSPC:
        case EMFILE:
                return "limit";
        case ENOENT:
                return "no_such_session";
        default:
                return "internal";
        }
}

/* Whether this client may see or act on a session. */
static bool may_access(const struct client *c, const struct session_info *si)
{
        return c->cred.uid == 0 || (!si->auto_session && si->uid == c->cred.uid);
}

static struct json_object *session_json(struct daemon *d, struct session *s)
{
        struct json_object *o = json_object_new_object();
        struct daemon_session *ds = daemon_session_of(s);
        struct session_info si;
        uint64_t dropped = 0;

        session_info(s, &si);
        engine_session_dropped(d->engine, si.id, &dropped);
        json_object_object_add(o, "session", json_object_new_int64(si.id));
        json_object_object_add(o, "pid", json_object_new_int(si.root));
        if (si.cgroup)
                json_object_object_add(o, "cgroup", json_object_new_string(si.cgroup));
        json_object_object_add(o, "uid", json_object_new_int64(si.uid));
        json_object_object_add(o, "comm", json_object_new_string(si.comm));
        json_object_object_add(o, "follow", json_object_new_boolean(si.follow));
        json_object_object_add(o, "filter", json_object_new_string(si.filter));
        json_object_object_add(o, "processes", json_object_new_int64((int64_t)si.processes));
        json_object_object_add(o, "subscribers",
                               json_object_new_int64(ds ? (int64_t)ds->nsubs : 0));
        json_object_object_add(o, "events", json_object_new_uint64(si.events));
        json_object_object_add(o, "events_lost", json_object_new_uint64(dropped));
        json_object_object_add(o, "client_lost", json_object_new_uint64(ds ? ds->client_lost : 0));
        json_object_object_add(
            o, "age_ms", json_object_new_uint64((now_monotonic_ns() - si.created_ns) / 1000000));
        return o;
}

static unsigned sessions_of_uid(struct daemon *d, uid_t uid)
{
        struct session_info si;
        unsigned n = 0;
        uint32_t id = 0;
        struct session *s;

        while ((s = engine_session_next(d->engine, id))) {
                session_info(s, &si);
                id = si.id;
                if (si.uid == uid && !si.auto_session)
                        n++;
        }
        return n;
}

void daemon_on_pidfd(struct loop *l, int fd, uint32_t events, void *data)
{
        struct daemon *d = data;

        (void)events;
        /* one-shot: the process is gone; the sweep finds out whether its
         * session is complete (children may live on with -f) */
        loop_del(l, fd);
        engine_sweep(d->engine);
}

static void handle_create(struct daemon *d, struct client *c, const struct proto_request *req)
{
        struct session_params p = {
            .pid = req->pid,
            .cgroup = req->cgroup,
            .requester = c->cred.uid,
            .follow = req->follow,
            .one_task = req->one_task,
            .stream = req->stream,
            .await_exec = req->await_exec,
            .stack = req->stack,
            .causal = req->causal,
            .dump = req->dump,
            .fds = req->fds,
            .env = req->env,
            .dirents = req->dirents,
            .capture = req->capture,
            .filter = req->filter,
        };
        struct daemon_session *ds;
        struct session_info si;
        struct session *s;
        char err[320];
        int r;

        size_t nsessions = engine_session_count(d->engine);
        if (nsessions >= d->cfg.max_sessions)
                return send_error(c, req->id, "limit", "the daemon's session limit is reached");
        /* root's reserve is at most all but one of the sessions */
        unsigned reserved = MIN(d->cfg.root_reserved_sessions, d->cfg.max_sessions - 1);
        if (c->cred.uid != 0 && nsessions + reserved >= d->cfg.max_sessions) {
                snprintf(err, sizeof(err),
                         "renacerd's sessions are all in use (%zu; the last %u are kept for root)",
                         nsessions, reserved);
                return send_error(c, req->id, "limit", err);
        }
        if (c->cred.uid != 0 && sessions_of_uid(d, c->cred.uid) >= d->cfg.max_sessions_per_uid) {
                snprintf(err, sizeof(err), "uid %u already has %u sessions (the limit)",
                         (unsigned)c->cred.uid, d->cfg.max_sessions_per_uid);
                return send_error(c, req->id, "limit", err);
        }
        r = engine_session_create(d->engine, &p, &s, err, sizeof(err));
        if (r < 0)
                return send_error(c, req->id, errno_code(r), err);
        ds = daemon_session_new(s);
        if (!ds || (req->subscribe && daemon_session_subscribe(ds, c) < 0)) {
                daemon_session_free(ds);
                engine_session_remove(d->engine, s);
                return send_error(c, req->id, "internal", "out of memory");
        }
        ds->owner = c;
        session_info(s, &si);
        if (si.pidfd >= 0 && loop_add(d->loop, si.pidfd, EPOLLIN, daemon_on_pidfd, d) < 0)
                log_warning("session %u: cannot watch pid %d", si.id, (int)si.root);
        loop_timer_enable(d->loop, d->consume_timer, true);
        /* a filter may be 32 KiB: the log line stays a line */
        if (si.cgroup)
                log_info("session %u: cgroup %.512s (%zu processes) uid %u%s%.200s%s", si.id,
                         si.cgroup, si.processes, (unsigned)si.uid, si.filter[0] ? " filter " : "",
                         si.filter, strlen(si.filter) > 200 ? "..." : "");
        else
                log_info("session %u: pid %d uid %u%s%s%.200s%s", si.id, (int)si.root,
                         (unsigned)si.uid, si.follow ? " follow" : "",
                         si.filter[0] ? " filter " : "", si.filter,
                         strlen(si.filter) > 200 ? "..." : "");

        struct json_object *res = json_object_new_object();
        json_object_object_add(res, "session", json_object_new_int64(si.id));
        if (si.cgroup) {
                /* the processes it traces from the start: "Process N attached" */
                struct json_object *pids = json_object_new_array();
                pid_t buf[1024];
                size_t n = engine_session_initial(s, buf, ARRAY_SIZE(buf));
                for (size_t i = 0; i < MIN(n, ARRAY_SIZE(buf)); i++)
                        json_object_array_add(pids, json_object_new_int(buf[i]));
                json_object_object_add(res, "pids", pids);
        }
        send_result(c, req->id, res);
}

static struct session *lookup_session(struct daemon *d, struct client *c,
                                      const struct proto_request *req)
{
        struct session *s = engine_session_get(d->engine, req->session);
        struct session_info si;
        char err[96];

        if (s)
                session_info(s, &si);
        /* another user's session is reported exactly like a missing one */
        if (!s || si.complete || !may_access(c, &si)) {
                snprintf(err, sizeof(err), "no session %u", req->session);
                send_error(c, req->id, "no_such_session", err);
                return NULL;
        }
        return s;
}

static void handle_summary(struct daemon *d, struct client *c, const struct proto_request *req)
{
        struct session *s = lookup_session(d, c, req);
        struct summary sum;

        if (!s)
                return;
        summary_init(&sum);
        if (engine_session_summary(d->engine, session_id(s), &sum) < 0) {
                summary_free(&sum);
                return send_error(c, req->id, "internal", "cannot read the session's summary");
        }
        struct json_object *res = session_json(d, s);
        json_object_object_add(res, "summary", summary_to_json(&sum));
        summary_free(&sum);
        send_result(c, req->id, res);
}

static void handle_sessions(struct daemon *d, struct client *c, const struct proto_request *req)
{
        struct json_object *arr = json_object_new_array(), *res = json_object_new_object();
        struct session_info si;
        uint32_t id = 0;
        struct session *s;

        while ((s = engine_session_next(d->engine, id))) {
                session_info(s, &si);
                id = si.id;
                if (!si.complete && may_access(c, &si))
                        json_object_array_add(arr, session_json(d, s));
        }
        json_object_object_add(res, "sessions", arr);
        send_result(c, req->id, res);
}

static void handle_status(struct daemon *d, struct client *c, const struct proto_request *req)
{
        struct json_object *res = json_object_new_object();
        uint64_t cnt[RENACER_CNT_MAX] = {0};

        engine_counters(d->engine, cnt);
        json_object_object_add(res, "version", json_object_new_string(RENACER_VERSION));
        json_object_object_add(res, "pid", json_object_new_int(getpid()));
        json_object_object_add(
            res, "uptime_s",
            json_object_new_int64((int64_t)((now_monotonic_ns() - d->start_ns) / 1000000000ULL)));
        json_object_object_add(
            res, "sessions_active",
            json_object_new_int64(c->cred.uid == 0 ? (int64_t)engine_session_count(d->engine)
                                                   : (int64_t)sessions_of_uid(d, c->cred.uid)));
        json_object_object_add(res, "sessions_created",
                               json_object_new_uint64(engine_sessions_created(d->engine)));
        json_object_object_add(res, "clients", json_object_new_int64((int64_t)d->nclients));
        json_object_object_add(res, "events_emitted",
                               json_object_new_uint64(cnt[RENACER_CNT_EMITTED]));
        json_object_object_add(res, "events_lost",
                               json_object_new_uint64(cnt[RENACER_CNT_DROP_RINGBUF]));
        json_object_object_add(res, "lifecycle_lost",
                               json_object_new_uint64(cnt[RENACER_CNT_DROP_LIFECYCLE]));
        json_object_object_add(res, "enter_map_full",
                               json_object_new_uint64(cnt[RENACER_CNT_DROP_ENTER_MAP]));
        if (c->cred.uid == 0)
                json_object_object_add(res, "tracked_processes",
                                       json_object_new_int(engine_tracked_count(d->engine)));
        json_object_object_add(res, "ring_bytes",
                               json_object_new_uint64(engine_ring_bytes(d->engine)));
        /* false while idle: no process pays for the per-syscall programs */
        json_object_object_add(res, "syscall_programs_attached",
                               json_object_new_boolean(engine_syscalls_attached(d->engine)));
        daemon_otlp_status(d, c->cred.uid == 0, res);
        send_result(c, req->id, res);
}

static void dispatch(struct daemon *d, struct client *c, const struct proto_request *r)
{
        const struct proto_request req = *r;

        switch (req.op) {
        case PROTO_OP_SESSION_CREATE:
                return handle_create(d, c, &req);
        case PROTO_OP_SESSION_SUBSCRIBE: {
                struct session *s = lookup_session(d, c, &req);
                if (!s)
                        return;
                if (daemon_session_subscribe(daemon_session_of(s), c) < 0)
                        return send_error(c, req.id, "internal", "out of memory");
                return send_result(c, req.id, session_json(d, s));
        }
        case PROTO_OP_SESSION_SUMMARY:
                return handle_summary(d, c, &req);
        case PROTO_OP_SESSION_END: {
                struct session *s = lookup_session(d, c, &req);
                if (!s)
                        return;
                send_result(c, req.id, json_object_new_object());
                return daemon_end_session(d, s, "ended");
        }
        case PROTO_OP_SESSIONS:
                return handle_sessions(d, c, &req);
        case PROTO_OP_STATUS:
                return handle_status(d, c, &req);
        case PROTO_OP_RELOAD: {
                char err[512];
                if (c->cred.uid != 0)
                        return send_error(c, req.id, "permission_denied",
                                          "only root may reload renacerd's policies");
                int n = daemon_policies_reload(d, err, sizeof(err));
                if (n < 0)
                        return send_error(c, req.id, "bad_policy", err);
                struct json_object *res = json_object_new_object();
                json_object_object_add(res, "policies", json_object_new_int(n));
                return send_result(c, req.id, res);
        }
        }
}

static void handle_request(struct daemon *d, struct client *c, const char *json, size_t len)
{
        struct proto_request req;
        char err[256];
        int r = proto_request_parse(json, len, &req, err, sizeof(err));

        if (r < 0)
                send_error(c, req.id, r == -EMSGSIZE ? "too_large" : "bad_request", err);
        else if (d->stopping)
                send_error(c, req.id, "shutting_down", "renacerd is shutting down");
        else
                dispatch(d, c, &req);
        proto_request_release(&req);
}

/* At most this many unsent JSON frames, whatever their size. */
#define REPLY_MARKS_MAX 8192

static bool over_reply_cap(const struct daemon *d, const struct client *c)
{
        return client_reply_pending(c) > d->cfg.client_reply_buffer_bytes ||
               c->marks_len > REPLY_MARKS_MAX;
}

static bool under_resume_mark(const struct daemon *d, const struct client *c)
{
        return client_reply_pending(c) <= d->cfg.client_reply_buffer_bytes / 2 &&
               c->marks_len <= REPLY_MARKS_MAX / 2;
}

/* Answer the complete frames in the input buffer, until the client's
 * unsent replies pass the cap (backpressure: the rest waits in the buffer,
 * and the socket is not read, until the client reads what it was sent).
 * Returns false when the client must be dropped. */
static bool process_input(struct daemon *d, struct client *c)
{
        size_t off = 0;

        while (off < c->in_len && !c->paused) {
                struct proto_frame f;
                ssize_t n = proto_frame_parse(c->in + off, c->in_len - off, PROTO_MAX_REQUEST, &f);
                if (n == 0)
                        break;
                if (n < 0) {
                        send_fatal(c, -1, n == -EMSGSIZE ? "too_large" : "bad_frame",
                                   n == -EMSGSIZE ? "request frame exceeds the 64 KiB limit"
                                                  : "malformed frame header");
                        return false;
                }
                if (f.type != PROTO_JSON) {
                        send_fatal(c, -1, "bad_frame", "clients may only send JSON frames");
                        return false;
                }
                c->active_ns = now_monotonic_ns();
                handle_request(d, c, (const char *)f.data, f.len);
                off += (size_t)n;
                if (c->closing)
                        return false;
                if (over_reply_cap(d, c))
                        c->paused = true;
        }
        memmove(c->in, c->in + off, c->in_len - off);
        c->in_len -= off;
        /* a paused client is not stalling: we are not reading it */
        if (!c->in_len || c->paused)
                c->partial_since_ns = 0;
        else if (!c->partial_since_ns)
                c->partial_since_ns = now_monotonic_ns();
        return true;
}

/* Watch for requests unless paused or closing; for room to write while
 * output is queued. */
static void update_events(struct daemon *d, struct client *c)
{
        uint32_t want =
            (c->paused || c->closing ? 0 : EPOLLIN) | (client_pending(c) ? EPOLLOUT : 0);

        if (want != c->epoll_events && loop_mod(d->loop, c->fd, want) == 0)
                c->epoll_events = want;
}

void daemon_drop_client(struct daemon *d, struct client *c)
{
        uint32_t id = 0;
        struct session *s;

        while ((s = engine_session_next(d->engine, id))) {
                struct daemon_session *ds = daemon_session_of(s);
                id = session_id(s);
                if (!ds)
                        continue;
                daemon_session_unsubscribe(ds, c);
                if (ds->owner == c) {
                        ds->owner = NULL;
                        daemon_end_session(d, s, "client_gone");
                }
        }
        loop_del(d->loop, c->fd);
        unlink_client(d, c);
        client_free(c);
}

void daemon_client_io(struct loop *l, int fd, uint32_t events, void *data)
{
        struct client *c = data;
        struct daemon *d = c->d;

        (void)l;
        (void)fd;
        if ((events & EPOLLIN) && !c->paused && !c->closing) {
                size_t room = PROTO_HEADER_SIZE + PROTO_MAX_REQUEST - c->in_len;
                ssize_t n = read(c->fd, c->in + c->in_len, room);
                if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
                        if (c->in_len)
                                log_info("client %llu: disconnected inside a frame",
                                         (unsigned long long)c->id);
                        return daemon_drop_client(d, c);
                }
                if (n > 0) {
                        c->in_len += (size_t)n;
                        if (!process_input(d, c)) {
                                client_flush(c);
                                return daemon_drop_client(d, c);
                        }
                }
        }
        if (events & (EPOLLERR | EPOLLHUP) && !(events & EPOLLIN))
                return daemon_drop_client(d, c);
        if (events & EPOLLOUT && client_flush(c) < 0)
                return daemon_drop_client(d, c);
}

static unsigned clients_of_uid(const struct daemon *d, uid_t uid)
{
        unsigned n = 0;

        for (const struct client *c = d->clients; c; c = c->next)
                n += c->cred.uid == uid;
        return n;
}

/* Why a new connection cannot be served, or NULL. Root is never limited
 * per uid and may take the reserved slots. */
static const char *refusal(struct daemon *d, const struct client *c, char *buf, size_t len,
                           const char **ret_code)
{
        unsigned reserved = MIN(d->cfg.root_reserved_clients, d->cfg.max_clients - 1);

        *ret_code = "limit";
        if (d->stopping) {
                *ret_code = "shutting_down";
                return "renacerd is shutting down";
        }
        if (d->nclients >= d->cfg.max_clients) {
                snprintf(buf, len, "renacerd has no free connection slot (%zu clients)",
                         d->nclients);
                return buf;
        }
        if (c->cred.uid == 0)
                return NULL;
        if (d->nclients + reserved >= d->cfg.max_clients) {
                snprintf(buf, len,
                         "renacerd's connection slots are all in use (%zu clients; the last %u "
                         "are kept for root)",
                         d->nclients, reserved);
                return buf;
        }
        if (clients_of_uid(d, c->cred.uid) >= d->cfg.max_clients_per_uid) {
                snprintf(buf, len, "uid %u already has %u connections to renacerd (the limit)",
                         (unsigned)c->cred.uid, d->cfg.max_clients_per_uid);
                return buf;
        }
        return NULL;
}

/* No fd for a new connection: the listening socket stays readable, so
 * stop watching it for a moment rather than spin (and log) on it; the
 * waiting clients are taken once fds are free again. */
static void accept_pause(struct daemon *d, int err)
{
        if (!d->accept_paused)
                log_warning("cannot accept connections: %s; retrying every %d ms", strerror(err),
                            ACCEPT_RETRY_MS);
        d->accept_paused = true;
        loop_mod(d->loop, d->listen_fd, 0);
        loop_timer_enable(d->loop, d->accept_timer, true);
}

void daemon_accept_resume(struct loop *l, void *data)
{
        struct daemon *d = data;

        loop_timer_enable(l, d->accept_timer, false);
        loop_mod(l, d->listen_fd, EPOLLIN);
        daemon_accept(l, d->listen_fd, EPOLLIN, d);
}

void daemon_accept(struct loop *l, int fd, uint32_t events, void *data)
{
        struct daemon *d = data;

        (void)events;
        for (;;) {
                int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
                if (cfd < 0) {
                        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
                            errno == ENOMEM)
                                return accept_pause(d, errno);
                        if (errno != EAGAIN && errno != EINTR)
                                log_warning("accept: %s", strerror(errno));
                        return;
                }
                if (d->accept_paused) {
                        log_info("accepting connections again");
                        d->accept_paused = false;
                }
                struct client *c = client_new(d, cfd);
                char why[160];
                const char *code, *msg;
                if (!c) {
                        close(cfd);
                        continue;
                }
                c->id = ++d->next_client_id;
                msg = refusal(d, c, why, sizeof(why), &code);
                if (msg) {
                        metrics_connection_refused(d, code);
                        send_fatal(c, -1, code, msg);
                        client_flush(c);
                        client_free(c);
                        continue;
                }
                if (loop_add(l, cfd, EPOLLIN, daemon_client_io, c) < 0) {
                        client_free(c);
                        continue;
                }
                c->epoll_events = EPOLLIN;
                link_client(d, c);
        }
}

void daemon_before_sleep(struct loop *l, void *data)
{
        struct daemon *d = data;
        struct client *c, *next;

        for (c = d->clients; c; c = next) {
                next = c->next;
                if (client_pending(c) && client_flush(c) < 0) {
                        daemon_drop_client(d, c);
                        continue;
                }
                if (c->paused && !c->closing && under_resume_mark(d, c)) {
                        /* the client read its replies: answer what waited */
                        c->paused = false;
                        if (!process_input(d, c)) {
                                client_flush(c);
                                daemon_drop_client(d, c);
                                continue;
                        }
                }
                if (c->closing && !client_pending(c)) {
                        daemon_drop_client(d, c);
                        continue;
                }
                update_events(d, c);
        }
        if (d->stopping && !d->clients)
                loop_stop(l);
}

/* Records that say which processes and threads exist: a subscriber that
 * falls behind keeps them (the reserve above the stream's cap). Syscalls,
 * signals, stacks and maps are the stream that turns lossy. */
static bool is_lifecycle(uint8_t kind)
{
        switch (kind) {
        case RENACER_EV_FORK:
        case RENACER_EV_EXEC:
        case RENACER_EV_EXIT:
        case RENACER_EV_PRIV:
        case RENACER_EV_THREAD:
        case RENACER_EV_THREAD_EXIT:
        case RENACER_EV_DETACH:
                return true;
        default:
                return false;
        }
}

void daemon_on_record(void *ctx, struct session *s, const void *rec, size_t len)
{
        struct daemon *d = ctx;
        struct daemon_session *ds = daemon_session_of(s);
        const struct renacer_event_header *h = rec;
        bool lifecycle = is_lifecycle(h->kind);

        if (!ds)
                return;
        if (ds->check)
                daemon_auto_record(d, s, rec, len);
        for (size_t i = 0; i < ds->nsubs; i++) {
                if (client_send_record(ds->subs[i], session_id(s), rec, len, lifecycle) != -ENOBUFS)
                        continue;
                if (lifecycle) {
                        ds->lifecycle_lost++;
                        metrics_lifecycle_lost(d);
                } else {
                        ds->client_lost++;
                        metrics_client_lost(d);
                }
        }
}

void daemon_end_session(struct daemon *d, struct session *s, const char *reason)
{
        struct daemon_session *ds = daemon_session_of(s);
        struct daemon_session none = {0};
        struct session_info si;
        struct summary sum;
        struct json_object *o;

        if (!ds)
                ds = &none;
        summary_init(&sum);
        session_info(s, &si);
        if (si.pidfd >= 0)
                loop_del(d->loop, si.pidfd);
        engine_session_finish(d->engine, s, &sum);
        session_info(s, &si);
        metrics_session_ended(d, &sum);
        if (ds->check) {
                daemon_auto_complete(d, s, &sum);
                daemon_auto_free(s);
        }

        o = json_object_new_object();
        json_object_object_add(o, "event", json_object_new_string("session.ended"));
        json_object_object_add(o, "session", json_object_new_int64(si.id));
        json_object_object_add(o, "reason", json_object_new_string(reason));
        if (si.root_status >= 0)
                json_object_object_add(o, "exit_status", json_object_new_int(si.root_status));
        json_object_object_add(o, "events", json_object_new_uint64(si.events));
        json_object_object_add(o, "events_lost", json_object_new_uint64(si.events_lost));
        json_object_object_add(o, "kernel_lifecycle_lost",
                               json_object_new_uint64(si.kernel_lifecycle_lost));
        json_object_object_add(o, "client_lost", json_object_new_uint64(ds->client_lost));
        json_object_object_add(o, "lifecycle_lost", json_object_new_uint64(ds->lifecycle_lost));
        json_object_object_add(o, "wall_ns", json_object_new_uint64(si.wall_ns));
        json_object_object_add(o, "summary", summary_to_json(&sum));
        for (size_t i = 0; i < ds->nsubs; i++)
                client_send_json(ds->subs[i], o);
        json_object_put(o);
        log_info("session %u: %s after %llu events (%llu lost in the kernel, %llu not delivered "
                 "to slow subscribers, %llu process records among them)",
                 si.id, reason, (unsigned long long)si.events, (unsigned long long)si.events_lost,
                 (unsigned long long)(ds->client_lost + ds->lifecycle_lost),
                 (unsigned long long)ds->lifecycle_lost);
        summary_free(&sum);
        if (ds != &none)
                daemon_session_free(ds);
        engine_session_remove(d->engine, s);
        if (engine_session_count(d->engine) == 0)
                loop_timer_enable(d->loop, d->consume_timer, false);
}

void daemon_on_complete(void *ctx, struct session *s)
{
        daemon_end_session(ctx, s, "exited");
}

void daemon_check_partial(struct daemon *d)
{
        uint64_t now = now_monotonic_ns(), limit = d->cfg.partial_timeout_ms * 1000000ULL;
        struct client *c, *next;

        for (c = d->clients; c; c = next) {
                next = c->next;
                if (!c->partial_since_ns || now - c->partial_since_ns < limit)
                        continue;
                send_fatal(c, -1, "timeout", "incomplete request frame: timed out");
                client_flush(c);
                daemon_drop_client(d, c);
        }
}

void daemon_check_idle(struct daemon *d)
{
        uint64_t now = now_monotonic_ns(), limit = d->cfg.idle_timeout_ms * 1000000ULL;
        struct client *c, *next;
        struct session *s;
        uint32_t id = 0;
        char msg[128];

        if (!limit || d->stopping)
                return;
        for (c = d->clients; c; c = next) {
                next = c->next;
                c->holds_session = false;
        }
        while ((s = engine_session_next(d->engine, id))) {
                struct daemon_session *ds = daemon_session_of(s);
                id = session_id(s);
                if (!ds)
                        continue;
                if (ds->owner)
                        ds->owner->holds_session = true;
                for (size_t i = 0; i < ds->nsubs; i++)
                        ds->subs[i]->holds_session = true;
        }
        snprintf(msg, sizeof(msg),
                 "no request for %u s and no session: closing the idle connection",
                 d->cfg.idle_timeout_ms / 1000);
        for (c = d->clients; c; c = next) {
                next = c->next;
                if (c->holds_session || c->closing || now - c->active_ns < limit)
                        continue;
                metrics_connection_closed_idle(d);
                send_fatal(c, -1, "idle_timeout", msg);
                client_flush(c);
                daemon_drop_client(d, c);
        }
}

void daemon_begin_drain(struct daemon *d)
{
        struct json_object *bye;
        struct session *s;

        if (d->stopping)
                return;
        d->stopping = true;
        /* the ring is read once more, then no longer: every session ends
         * with what the kernel counted and what reached user space */
        loop_del(d->loop, engine_fd(d->engine));
        loop_timer_enable(d->loop, d->consume_timer, false);
        engine_consume(d->engine);
        while ((s = engine_session_next(d->engine, 0)))
                daemon_end_session(d, s, "shutdown");
        bye = json_object_new_object();
        json_object_object_add(bye, "event", json_object_new_string("daemon.shutdown"));
        json_object_object_add(bye, "reason", json_object_new_string("shutdown"));
        json_object_object_add(bye, "message", json_object_new_string("renacerd is shutting down"));
        for (struct client *c = d->clients; c; c = c->next) {
                client_send_json(c, bye);
                c->closing = true; /* dropped once its queue is flushed */
        }
        json_object_put(bye);
        if (d->clients && d->cfg.drain_timeout_ms)
                loop_timer_enable(d->loop, d->drain_timer, true);
        else
                loop_stop(d->loop);
}
