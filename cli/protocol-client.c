// SPDX-License-Identifier: MIT
#include "protocol-client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "util.h"

#define READ_CHUNK (1u << 20)

int pclient_connect(const char *path, struct pclient *c)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd;

        memset(c, 0, sizeof(*c));
        c->fd = -1;
        if (strlen(path) >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
                int r = -errno;
                close(fd);
                return r;
        }
        c->fd = fd;
        return 0;
}

void pclient_close(struct pclient *c)
{
        if (c->fd >= 0)
                close(c->fd);
        free(c->buf);
        memset(c, 0, sizeof(*c));
        c->fd = -1;
}

/* Like write_all, but a closed peer is -EPIPE, never SIGPIPE. */
static int send_all(int fd, const void *buf, size_t len)
{
        const char *p = buf;

        while (len > 0) {
                ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += n;
                len -= (size_t)n;
        }
        return 0;
}

int pclient_send(struct pclient *c, struct json_object *req)
{
        size_t len;
        const char *s = json_object_to_json_string_length(req, JSON_C_TO_STRING_PLAIN, &len);
        uint8_t hdr[PROTO_HEADER_SIZE];
        int r;

        proto_header(hdr, PROTO_JSON, (uint32_t)len);
        r = send_all(c->fd, hdr, sizeof(hdr));
        return r < 0 ? r : send_all(c->fd, s, len);
}

bool pclient_closed(int r)
{
        return r == 0 || r == -EPIPE || r == -ECONNRESET || r == -ECONNABORTED;
}

const char *pclient_close_reason(const struct pclient *c, int r)
{
        if (c->reason[0])
                return c->reason;
        return strerror(r ? -r : EPIPE);
}

bool pclient_note(struct pclient *c, struct json_object *o)
{
        struct json_object *v, *m;
        const char *msg = NULL;

        if (json_object_object_get_ex(o, "closing", &v) && json_object_get_boolean(v))
                msg = pclient_error(o);
        else if (json_object_object_get_ex(o, "event", &v) &&
                 !strcmp(json_object_get_string(v), "daemon.shutdown"))
                msg = json_object_object_get_ex(o, "message", &m) ? json_object_get_string(m)
                                                                  : "renacerd is shutting down";
        if (!msg)
                return false;
        snprintf(c->reason, sizeof(c->reason), "%s", msg);
        return true;
}

/* The daemon may have said why before it closed: read what it sent. */
static void read_last_words(struct pclient *c)
{
        struct proto_frame f;

        while (!c->reason[0] && pclient_next(c, &f, 1) > 0) {
                if (f.type != PROTO_JSON)
                        continue;
                struct json_object *o = pclient_parse(&f);
                if (o)
                        pclient_note(c, o);
                json_object_put(o);
        }
}

int pclient_next(struct pclient *c, struct proto_frame *f, int nonblock)
{
        for (;;) {
                ssize_t n = proto_frame_parse(c->buf + c->off, c->len - c->off, PROTO_MAX_FRAME, f);
                if (n < 0)
                        return (int)n;
                if (n > 0) {
                        c->off += (size_t)n;
                        return 1;
                }
                /* need more: compact, grow, read */
                if (c->off) {
                        memmove(c->buf, c->buf + c->off, c->len - c->off);
                        c->len -= c->off;
                        c->off = 0;
                }
                if (c->cap - c->len < READ_CHUNK) {
                        size_t cap = c->cap ? c->cap * 2 : 2 * READ_CHUNK;
                        uint8_t *p = realloc(c->buf, cap);
                        if (!p)
                                return -ENOMEM;
                        c->buf = p;
                        c->cap = cap;
                }
                n = recv(c->fd, c->buf + c->len, c->cap - c->len, nonblock ? MSG_DONTWAIT : 0);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        return c->len ? -EPIPE : 0;
                c->len += (size_t)n;
        }
}

struct json_object *pclient_parse(const struct proto_frame *f)
{
        struct json_tokener *tok = json_tokener_new();
        struct json_object *o;

        if (!tok)
                return NULL;
        o = json_tokener_parse_ex(tok, (const char *)f->data, (int)f->len);
        json_tokener_free(tok);
        if (o && !json_object_is_type(o, json_type_object)) {
                json_object_put(o);
                return NULL;
        }
        return o;
}

int pclient_call(struct pclient *c, struct json_object *req, struct json_object **ret)
{
        struct json_object *idv;
        int64_t id = json_object_object_get_ex(req, "id", &idv) ? json_object_get_int64(idv) : -1;
        struct proto_frame f;
        int r = pclient_send(c, req);

        if (r < 0) {
                if (pclient_closed(r))
                        read_last_words(c);
                return r;
        }
        for (;;) {
                r = pclient_next(c, &f, 0);
                if (r <= 0)
                        return r ? r : -EPIPE;
                if (f.type != PROTO_JSON)
                        continue;
                struct json_object *o = pclient_parse(&f);
                if (!o)
                        return -EBADMSG;
                if (pclient_note(c, o)) {
                        /* refused, timed out or shutting down: it closes now */
                        json_object_put(o);
                        return -ECONNRESET;
                }
                /* an error without id answers a request the daemon could
                 * not even parse: ours */
                if ((json_object_object_get_ex(o, "id", &idv) &&
                     json_object_get_int64(idv) == id) ||
                    (!json_object_object_get_ex(o, "id", &idv) && pclient_error(o))) {
                        *ret = o;
                        return 0;
                }
                json_object_put(o);
        }
}

const char *pclient_error(struct json_object *o)
{
        struct json_object *e, *m;

        if (!json_object_object_get_ex(o, "error", &e) ||
            !json_object_object_get_ex(e, "message", &m))
                return NULL;
        return json_object_get_string(m);
}
