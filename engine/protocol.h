/* SPDX-License-Identifier: MIT */
/*
 * The renacerd socket protocol. Every message is a frame:
 *
 *   u32 length (little endian, bytes after the header)
 *   u8  type   'J' JSON object, 'E' event batch
 *   u8  reserved[3] = 0
 *
 * 'J' frames carry one JSON object (requests, responses, notifications).
 * 'E' frames carry a u32 session id, a u32 reserved (0), and then raw
 * ring-buffer records (struct renacer_event_header first, hdr.size bytes
 * each, zero-padded to a multiple of 8), forwarded by the daemon as the
 * kernel wrote them: no per-event encoding on the hot path.
 *
 * Every frame the daemon sends is a multiple of 8 bytes long ('J' text is
 * padded with spaces), so in a reader's buffer that starts 8-aligned each
 * record starts 8-aligned too, and is read where it lies.
 *
 * A frame longer than the receiver's limit, a bad type or non-zero reserved
 * bytes is a protocol error: the receiver answers (if it is the daemon) and
 * closes. A frame that stays incomplete is a timeout, not a hang.
 *
 * An error the daemon sends just before it closes the connection (a
 * refused connection, an idle or stalled one, a bad frame) carries
 * "closing": true beside "error", so a client can say why it was closed.
 */
#ifndef RENACER_PROTOCOL_H
#define RENACER_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROTO_HEADER_SIZE 8
#define PROTO_MAX_REQUEST (64u * 1024)        /* client -> daemon */
#define PROTO_MAX_FRAME   (16u * 1024 * 1024) /* daemon -> client */
/* A filter is a list of syscall names: all of them fit many times over;
 * the bound keeps a session.create request well inside PROTO_MAX_REQUEST. */
#define PROTO_FILTER_MAX      (32u * 1024)
#define PROTO_CAPTURE_DEFAULT 32
#define PROTO_CAPTURE_MAX     1024
#define PROTO_CGROUP_MAX      4096 /* PATH_MAX, its NUL included */

enum proto_type {
        PROTO_JSON = 'J',
        PROTO_EVENTS = 'E',
};

struct proto_frame {
        uint8_t type;
        uint32_t len;
        const uint8_t *data;
};

#define PROTO_EVENTS_PREFIX 8 /* u32 session id, u32 reserved */
#define PROTO_ALIGN         8

static inline size_t proto_align(size_t n)
{
        return (n + PROTO_ALIGN - 1) & ~(size_t)(PROTO_ALIGN - 1);
}

void proto_header(uint8_t hdr[PROTO_HEADER_SIZE], uint8_t type, uint32_t len);
/* Returns the bytes the frame occupies (> 0), 0 when more bytes are needed,
 * -EMSGSIZE when the declared length exceeds max, -EBADMSG when malformed. */
ssize_t proto_frame_parse(const void *buf, size_t len, size_t max, struct proto_frame *out);
/* An 'E' frame's session id: 0 and -EBADMSG when the prefix is short or
 * its reserved word is not 0. */
int proto_events_session(const struct proto_frame *f, uint32_t *session_id);
/* The next record of an 'E' frame at *off (start at PROTO_EVENTS_PREFIX):
 * 1 with *rec and *size set and *off moved past its padding, 0 at the end,
 * -EBADMSG when a header is cut or its size is below a header or runs past
 * the frame. */
int proto_events_next(const struct proto_frame *f, size_t *off, const uint8_t **rec,
                      uint32_t *size);

enum proto_op {
        PROTO_OP_SESSION_CREATE,
        PROTO_OP_SESSION_SUBSCRIBE,
        PROTO_OP_SESSION_SUMMARY,
        PROTO_OP_SESSION_END,
        PROTO_OP_SESSIONS,
        PROTO_OP_STATUS,
        PROTO_OP_RELOAD,
};

struct proto_request {
        enum proto_op op;
        int64_t id;
        /* session.create */
        pid_t pid;
        bool follow;
        bool one_task;   /* strace without -f: the main thread only */
        bool subscribe;  /* also stream this session's events to me */
        bool stream;     /* emit events at all (false: summary only) */
        bool await_exec; /* trace only execve until the process execs */
        uint8_t stack;   /* "stack": "fp" | "dwarf" (enum session_stack); absent: none */
        bool causal;     /* "causal": capture the facts of happens-before edges */
        bool dump;       /* "dump": buffers up to RENACER_BUF_CAP (-e read=/write=) */
        bool fds;        /* "fds": pipes and sockets named at sys_exit (-y) */
        bool env;        /* "env": execve's environment strings (-v) */
        bool dirents;    /* "dirents": getdents64's entries (-v) */
        uint32_t capture;
        const char *filter; /* "": trace everything; valid until proto_request_release */
        char *filter_owned;
        /* instead of pid: a cgroup v2 directory, absolute (NULL: none) */
        const char *cgroup;
        char *cgroup_owned;
        /* subscribe / summary / end */
        uint32_t session;
};

/* Parse and validate one request. On error returns -EINVAL (or -EMSGSIZE)
 * and writes a one-line reason into err; out->id is the request's id even
 * then, whenever the request had a valid one, so the error can echo it.
 * A key given twice is an error (JSON parsers disagree on which one wins).
 * Release a parsed request with proto_request_release (either way). */
int proto_request_parse(const char *json, size_t len, struct proto_request *out, char *err,
                        size_t errlen);
void proto_request_release(struct proto_request *r);

const char *proto_op_name(enum proto_op op);

#endif
