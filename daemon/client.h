/* SPDX-License-Identifier: MIT */
/* One connection on the renacerd socket: capped input and output buffers,
 * framing, and the peer's credentials. */
#ifndef RENACER_CLIENT_H
#define RENACER_CLIENT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct daemon;

struct client {
        struct daemon *d;
        int fd;
        struct ucred cred;
        uint64_t id;

        uint8_t *in;
        size_t in_len;
        uint64_t partial_since_ns; /* first byte of an incomplete frame */

        uint8_t *out;
        size_t out_off, out_len, out_cap;
        size_t ev_frame; /* offset of the open 'E' frame header, or SIZE_MAX */
        uint32_t ev_session;
        bool polling_out;
        bool closing; /* flush what is queued, then drop */

        struct client *prev, *next;
};

struct client *client_new(struct daemon *d, int fd);
void client_free(struct client *c);

/* Queue a JSON frame. */
int client_send_json(struct client *c, struct json_object *o);
/* Queue one record for the client's stream of a session. -ENOBUFS when the
 * client is too far behind: the record is not queued. */
int client_send_record(struct client *c, uint32_t session_id, const void *rec, size_t len);
/* Write what can be written without blocking; -errno when the peer is gone. */
int client_flush(struct client *c);
size_t client_pending(const struct client *c);

#endif
