// SPDX-License-Identifier: MIT
#include "client.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "protocol.h"
#include "util.h"

/* An 'E' frame is closed at this size so the client can read it in one go. */
#define EV_FRAME_MAX (1u << 20)
/* A drained queue keeps a buffer this big; a larger one is given back. */
#define OUT_KEEP (256u * 1024)

struct client *client_new(struct daemon *d, int fd)
{
        struct client *c = calloc(1, sizeof(*c));
        socklen_t len = sizeof(c->cred);

        if (!c)
                return NULL;
        c->in = malloc(PROTO_HEADER_SIZE + PROTO_MAX_REQUEST);
        if (!c->in || getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c->cred, &len) < 0) {
                free(c->in);
                free(c);
                return NULL;
        }
        c->d = d;
        c->fd = fd;
        c->ev_frame = SIZE_MAX;
        c->active_ns = now_monotonic_ns();
        return c;
}

void client_free(struct client *c)
{
        if (!c)
                return;
        close(c->fd);
        free(c->in);
        free(c->out);
        free(c->marks);
        free(c);
}

size_t client_pending(const struct client *c)
{
        return c->out_len - c->out_off;
}

size_t client_reply_pending(const struct client *c)
{
        uint64_t written = c->out_base + c->out_off, sent = 0;

        if (c->marks_len) {
                const struct client_reply_mark *m = &c->marks[c->marks_head];
                if (written > m->start)
                        sent = written - m->start;
        }
        return (size_t)(c->reply_bytes - sent);
}

/* Forget the JSON frames that have left entirely. */
static void pop_marks(struct client *c)
{
        uint64_t written = c->out_base + c->out_off;

        while (c->marks_len) {
                struct client_reply_mark *m = &c->marks[c->marks_head];
                if (m->end > written)
                        break;
                c->reply_bytes -= m->end - m->start;
                c->marks_head = (c->marks_head + 1) % c->marks_cap;
                c->marks_len--;
        }
        if (!c->marks_len)
                c->marks_head = 0;
}

static int push_mark(struct client *c, uint64_t start, uint64_t end)
{
        if (c->marks_len == c->marks_cap) {
                size_t cap = c->marks_cap ? c->marks_cap * 2 : 16;
                struct client_reply_mark *m = malloc(cap * sizeof(*m));
                if (!m)
                        return -ENOMEM;
                /* unroll the ring into the new array */
                for (size_t i = 0; i < c->marks_len; i++)
                        m[i] = c->marks[(c->marks_head + i) % c->marks_cap];
                free(c->marks);
                c->marks = m;
                c->marks_cap = cap;
                c->marks_head = 0;
        }
        c->marks[(c->marks_head + c->marks_len) % c->marks_cap] =
            (struct client_reply_mark){.start = start, .end = end};
        c->marks_len++;
        c->reply_bytes += end - start;
        return 0;
}

/* Make room for `more` bytes; -ENOBUFS when that would queue over limit. */
static int reserve(struct client *c, size_t more, size_t limit)
{
        if (client_pending(c) + more > limit)
                return -ENOBUFS;
        /* slide the unsent tail to the front before growing, but only
         * when it is no longer than what was sent: each byte then moves at
         * most once, where sliding 32 MiB to reclaim a few sent KiB made a
         * slow reader's stream quadratic; or when the buffer is already
         * twice the stream's limit, which bounds a client's memory */
        if (c->out_off && c->out_len + more > c->out_cap &&
            (client_pending(c) <= c->out_off || c->out_cap >= 2 * c->d->cfg.client_buffer_bytes)) {
                memmove(c->out, c->out + c->out_off, client_pending(c));
                if (c->ev_frame != SIZE_MAX)
                        c->ev_frame -= c->out_off;
                c->out_base += c->out_off;
                c->out_len -= c->out_off;
                c->out_off = 0;
        }
        if (c->out_len + more > c->out_cap) {
                size_t cap = c->out_cap ? c->out_cap : 64 * 1024;
                while (cap < c->out_len + more)
                        cap *= 2;
                uint8_t *p = realloc(c->out, cap);
                if (!p)
                        return -ENOMEM;
                c->out = p;
                c->out_cap = cap;
        }
        return 0;
}

static void close_ev_frame(struct client *c)
{
        c->ev_frame = SIZE_MAX;
}

int client_send_json(struct client *c, struct json_object *o)
{
        size_t len, padded;
        const char *s = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN, &len);
        uint64_t start;
        int r;

        close_ev_frame(c);
        /* spaces after the object keep the next frame 8-aligned */
        padded = proto_align(len);
        /* control messages are never dropped: they may exceed the stream
         * cap, and the reply cap stops reading requests instead */
        r = reserve(c, PROTO_HEADER_SIZE + padded, SIZE_MAX / 2);
        if (r < 0)
                return r;
        start = c->out_base + c->out_len;
        r = push_mark(c, start, start + PROTO_HEADER_SIZE + padded);
        if (r < 0)
                return r;
        proto_header(c->out + c->out_len, PROTO_JSON, (uint32_t)padded);
        memcpy(c->out + c->out_len + PROTO_HEADER_SIZE, s, len);
        memset(c->out + c->out_len + PROTO_HEADER_SIZE + len, ' ', padded - len);
        c->out_len += PROTO_HEADER_SIZE + padded;
        return 0;
}

int client_send_record(struct client *c, uint32_t session_id, const void *rec, size_t len,
                       bool lifecycle)
{
        size_t stride = proto_align(len), need = stride, limit = c->d->cfg.client_buffer_bytes;
        static const uint32_t reserved = 0;
        int r;

        if (lifecycle)
                limit += c->d->cfg.client_lifecycle_reserve;
        if (c->ev_frame == SIZE_MAX || c->ev_session != session_id ||
            c->out_len - c->ev_frame + stride > EV_FRAME_MAX) {
                close_ev_frame(c);
                need += PROTO_HEADER_SIZE + PROTO_EVENTS_PREFIX;
        }
        r = reserve(c, need, limit);
        if (r < 0)
                return r;
        if (c->ev_frame == SIZE_MAX) {
                c->ev_frame = c->out_len;
                c->ev_session = session_id;
                memcpy(c->out + c->out_len + PROTO_HEADER_SIZE, &session_id, 4);
                memcpy(c->out + c->out_len + PROTO_HEADER_SIZE + 4, &reserved, 4);
                c->out_len += PROTO_HEADER_SIZE + PROTO_EVENTS_PREFIX;
        }
        memcpy(c->out + c->out_len, rec, len);
        memset(c->out + c->out_len + len, 0, stride - len);
        c->out_len += stride;
        proto_header(c->out + c->ev_frame, PROTO_EVENTS,
                     (uint32_t)(c->out_len - c->ev_frame - PROTO_HEADER_SIZE));
        return 0;
}

int client_flush(struct client *c)
{
        int r = 0;

        /* the open frame's header may leave now: later records start a new
         * frame instead of growing one the peer has begun to read */
        close_ev_frame(c);
        while (client_pending(c)) {
                ssize_t n = send(c->fd, c->out + c->out_off, client_pending(c),
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno != EAGAIN)
                                r = -errno;
                        break;
                }
                c->out_off += (size_t)n;
        }
        pop_marks(c);
        if (!client_pending(c)) {
                c->out_base += c->out_len;
                c->out_off = c->out_len = 0;
                if (c->out_cap > OUT_KEEP) {
                        /* a burst is over: do not hold its memory */
                        free(c->out);
                        c->out = NULL;
                        c->out_cap = 0;
                }
        }
        return r;
}
