/* SPDX-License-Identifier: MIT */
/* One connection on the renacerd socket: capped input and output buffers,
 * framing, and the peer's credentials.
 *
 * The output queue holds JSON frames (replies, notifications) and event
 * frames in the order they were queued. Its limits:
 *   - syscall records are dropped (the client is lossy) once the queue
 *     holds more than client_buffer_bytes;
 *   - lifecycle records (fork, exec, exit, threads, privilege) have client_lifecycle_reserve
 *     bytes on top, so a stream that overflows keeps its process events;
 *   - JSON frames are never dropped, but once more than
 *     client_reply_buffer_bytes of them are unsent the daemon stops reading
 *     the client's requests until half of them have left (backpressure). */
#ifndef RENACER_CLIENT_H
#define RENACER_CLIENT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct daemon;

/* Where one queued JSON frame ends, in bytes since the connection began. */
struct client_reply_mark {
        uint64_t start, end;
};

struct client {
        struct daemon *d;
        int fd;
        struct ucred cred;
        uint64_t id;

        uint8_t *in;
        size_t in_len;
        uint64_t partial_since_ns; /* first byte of an incomplete frame */
        uint64_t active_ns;        /* last request, or the connection */

        uint8_t *out;
        size_t out_off, out_len, out_cap;
        uint64_t out_base; /* stream offset of out[0] */
        size_t ev_frame;   /* offset of the open 'E' frame header, or SIZE_MAX */
        uint32_t ev_session;
        /* unsent JSON frames, oldest first (a ring) */
        struct client_reply_mark *marks;
        size_t marks_head, marks_len, marks_cap;
        uint64_t reply_bytes; /* sum of the marks' lengths */

        uint32_t epoll_events; /* what the loop watches for now */
        bool paused;           /* requests are not read: too many unsent replies */
        bool closing;          /* flush what is queued, then drop */
        bool holds_session;    /* owns or watches a live session (idle sweep) */

        struct client *prev, *next;
};

struct client *client_new(struct daemon *d, int fd);
void client_free(struct client *c);

/* Queue a JSON frame. */
int client_send_json(struct client *c, struct json_object *o);
/* Queue one record for the client's stream of a session. -ENOBUFS when the
 * client is too far behind: the record is not queued. Lifecycle records
 * may use the reserve above the stream's limit. */
int client_send_record(struct client *c, uint32_t session_id, const void *rec, size_t len,
                       bool lifecycle);
/* Write what can be written without blocking; -errno when the peer is gone. */
int client_flush(struct client *c);
size_t client_pending(const struct client *c);
/* Unsent bytes of JSON frames. */
size_t client_reply_pending(const struct client *c);

#endif
