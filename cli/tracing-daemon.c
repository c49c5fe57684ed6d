// SPDX-License-Identifier: MIT
#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "protocol-client.h"
#include "summary-json.h"
#include "tracing.h"
#include "util.h"

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
        if (t->o->pid)
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

static int on_ended(struct tracing *t, struct json_object *o)
{
        struct json_object *v;

        if (json_object_object_get_ex(o, "exit_status", &v))
                t->res.wait_status = json_object_get_int(v);
        t->res.events_lost = get_u64(o, "events_lost");
        t->res.client_lost = get_u64(o, "client_lost");
        t->res.wall_ns = get_u64(o, "wall_ns");
        if (!json_object_object_get_ex(o, "summary", &v) ||
            summary_from_json(v, &t->res.summary) < 0) {
                fprintf(stderr, "renacerctl: renacerd sent a malformed summary\n");
                return -EBADMSG;
        }
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
        /* records are 8-byte sized, but the frame's data follows a 4-byte
         * session id: copy each out to an aligned buffer before reading it */
        _Alignas(8) uint8_t rec[sizeof(struct renacer_syscall_event) + RENACER_PAYLOAD_MAX + 64];
        size_t off = 4;

        while (off < f->len) {
                struct renacer_event_header h;
                if (f->len - off < sizeof(h))
                        return -EBADMSG;
                memcpy(&h, f->data + off, sizeof(h));
                if (h.size < sizeof(h) || h.size > f->len - off || h.size > sizeof(rec))
                        return -EBADMSG;
                memcpy(rec, f->data + off, h.size);
                int r = renderer_record(t->rend, rec, h.size);
                if (r < 0)
                        return r;
                off += h.size;
        }
        return 0;
}

int tracing_via_daemon(struct tracing *t)
{
        const struct trace_opts *o = t->o;
        struct pclient c;
        struct json_object *req, *resp = NULL, *v;
        uint32_t session;
        int r;

        r = pclient_connect(o->socket, &c);
        if (r < 0)
                return r;

        req = json_object_new_object();
        json_object_object_add(req, "op", json_object_new_string("session.create"));
        json_object_object_add(req, "id", json_object_new_int(1));
        json_object_object_add(req, "pid", json_object_new_int(t->pid));
        json_object_object_add(req, "follow", json_object_new_boolean(o->follow));
        json_object_object_add(req, "stream",
                               json_object_new_boolean(!o->summary_only || o->trace_all));
        json_object_object_add(req, "subscribe", json_object_new_boolean(true));
        if (t->release_fd >= 0)
                json_object_object_add(req, "await_exec", json_object_new_boolean(true));
        json_object_object_add(req, "capture", json_object_new_int((int)trace_opts_capture(o)));
        if (o->filter && !o->trace_all)
                json_object_object_add(req, "filter", json_object_new_string(o->filter));
        r = pclient_call(&c, req, &resp);
        json_object_put(req);
        if (r < 0) {
                fprintf(stderr, "renacerctl: renacerd at %s did not answer: %s\n", o->socket,
                        strerror(-r));
                goto out;
        }
        if (pclient_error(resp)) {
                fprintf(stderr, "renacerctl: %s\n", pclient_error(resp));
                r = -EINVAL;
                goto out;
        }
        if (!json_object_object_get_ex(resp, "result", &v) ||
            !json_object_object_get_ex(v, "session", &v)) {
                fprintf(stderr, "renacerctl: renacerd sent a malformed reply\n");
                r = -EBADMSG;
                goto out;
        }
        session = (uint32_t)json_object_get_int64(v);
        t->started = true;
        r = tracing_release(t);
        if (r < 0) {
                fprintf(stderr, "renacerctl: cannot start the command: %s\n", strerror(-r));
                goto out;
        }

        for (;;) {
                struct pollfd p[2] = {{.fd = c.fd, .events = POLLIN},
                                      {.fd = t->signal_fd, .events = POLLIN}};
                struct proto_frame f;

                r = pclient_next(&c, &f, 1);
                if (r == -EAGAIN) {
                        /* everything renacerd sent so far is rendered: let
                         * it out before waiting (live output; under load
                         * the socket is rarely empty and blocks stay big) */
                        r = renderer_flush(t->rend);
                        if (r < 0) {
                                tracing_say_write_error(t, r);
                                goto out;
                        }
                        if (poll(p, 2, -1) < 0 && errno != EINTR) {
                                r = -errno;
                                goto out;
                        }
                        if ((p[1].revents & POLLIN) && tracing_take_signal(t)) {
                                {
                                        /* trace --pid: stop tracing, keep the summary */
                                        t->interrupted = true;
                                        struct json_object *end = json_object_new_object();
                                        json_object_object_add(
                                            end, "op", json_object_new_string("session.end"));
                                        json_object_object_add(end, "id", json_object_new_int(2));
                                        json_object_object_add(end, "session",
                                                               json_object_new_int64(session));
                                        pclient_send(&c, end);
                                        json_object_put(end);
                                }
                        }
                        continue;
                }
                if (r == 0 || r == -EPIPE || r == -ECONNRESET) {
                        fprintf(stderr, "renacerctl: lost the connection to renacerd; the trace "
                                        "is incomplete\n");
                        r = -ECONNABORTED;
                        goto out;
                }
                if (r < 0) {
                        fprintf(stderr, "renacerctl: bad data from renacerd: %s\n", strerror(-r));
                        goto out;
                }
                if (f.type == PROTO_EVENTS) {
                        r = on_events(t, &f);
                        if (r < 0) {
                                tracing_say_write_error(t, r);
                                goto out;
                        }
                        continue;
                }
                struct json_object *m = pclient_parse(&f);
                if (!m) {
                        fprintf(stderr, "renacerctl: malformed message from renacerd\n");
                        r = -EBADMSG;
                        goto out;
                }
                const char *ev =
                    json_object_object_get_ex(m, "event", &v) ? json_object_get_string(v) : "";
                if (!strcmp(ev, "session.ended") && json_object_object_get_ex(m, "session", &v) &&
                    (uint32_t)json_object_get_int64(v) == session) {
                        r = on_ended(t, m);
                        json_object_put(m);
                        goto out;
                }
                if (!strcmp(ev, "daemon.shutdown")) {
                        fprintf(stderr, "renacerctl: renacerd shut down during the trace; the "
                                        "trace is incomplete\n");
                        json_object_put(m);
                        r = -ECONNABORTED;
                        goto out;
                }
                json_object_put(m);
        }
out:
        json_object_put(resp);
        pclient_close(&c);
        return r;
}
