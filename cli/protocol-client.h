/* SPDX-License-Identifier: MIT */
/* renacerctl's side of the socket protocol: connect, send requests, read
 * frames. Blocking I/O with a large read buffer. */
#ifndef RENACER_PROTOCOL_CLIENT_H
#define RENACER_PROTOCOL_CLIENT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "protocol.h"

struct pclient {
        int fd;
        uint8_t *buf;
        size_t off, len, cap;
        /* the daemon's last word before it closes: an error marked
         * "closing", or its shutdown notice */
        char reason[256];
};

int pclient_connect(const char *path, struct pclient *c);
void pclient_close(struct pclient *c);
int pclient_send(struct pclient *c, struct json_object *req);
/* Next frame from the buffer, reading when needed. Returns 1 with a frame
 * (valid until the next call), 0 on orderly EOF, -errno on error
 * (-EBADMSG/-EMSGSIZE for a malformed stream). With nonblock, returns
 * -EAGAIN instead of waiting. */
int pclient_next(struct pclient *c, struct proto_frame *f, int nonblock);
/* Send a request and wait for the JSON object answering it (notifications
 * and event frames before it are skipped). The caller frees *ret. */
int pclient_call(struct pclient *c, struct json_object *req, struct json_object **ret);
/* The JSON object in a 'J' frame, or NULL if it is not one. */
struct json_object *pclient_parse(const struct proto_frame *f);
/* If o is an error response, its message (else NULL). */
const char *pclient_error(struct json_object *o);
/* Remember why the daemon is about to close, if o says so (pclient_call
 * does this for the frames it reads; a caller reading frames itself passes
 * every JSON object it gets). Returns true when o announces the close. */
bool pclient_note(struct pclient *c, struct json_object *o);
/* Whether r (from pclient_call/pclient_next/pclient_send) means the daemon
 * closed the connection. */
bool pclient_closed(int r);
/* Why it closed: what it said last, else the errno text of r. */
const char *pclient_close_reason(const struct pclient *c, int r);

#endif
