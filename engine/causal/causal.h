/* SPDX-License-Identifier: MIT */
/*
 * Causality from the record stream: a Lamport clock per task on every
 * record, and the happens-before edges the kernel shows (docs/causality.md
 * lists them, and the ones renacer cannot see).
 *
 * Records reach user space at syscall exit, in one ring, so the record of
 * a write can arrive after the read that took its bytes (the writer was
 * preempted between the copy and its sys_exit). The engine therefore holds
 * a record whose cause has not arrived yet, together with the later
 * records of its task, and releases it once the cause is released, or
 * without an edge once the wait bound passes (time or count): records
 * leave in each task's own order, and a cause always leaves before its
 * effect. Nothing is invented: a record whose cause cannot be established
 * carries none.
 *
 * Records are untrusted input (they come over a socket): every length is
 * checked, every table is bounded.
 */
#ifndef RENACER_CAUSAL_H
#define RENACER_CAUSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum causal_edge {
        CAUSAL_EDGE_NONE = 0,
        CAUSAL_EDGE_FORK,    /* fork/clone -> the child's first record */
        CAUSAL_EDGE_WAIT,    /* a child's exit -> the wait4/waitid that reaped it */
        CAUSAL_EDGE_PIPE,    /* pipe/FIFO write -> the read that returned its bytes */
        CAUSAL_EDGE_UNIX,    /* unix socket send -> the receive of its bytes/message */
        CAUSAL_EDGE_FUTEX,   /* FUTEX_WAKE -> the woken FUTEX_WAIT's return */
        CAUSAL_EDGE_SIGNAL,  /* kill/tkill/tgkill/rt_(tg)sigqueueinfo -> the delivery */
        CAUSAL_EDGE_CHILD,   /* a child's exit -> the SIGCHLD delivery it caused */
        CAUSAL_EDGE_EVENTFD, /* eventfd write -> the read of its count */
        CAUSAL_EDGE_MAX,
};

/* What the engine says about one released record. */
struct causal_note {
        uint64_t seq;   /* release order, from 0: an index for graphs */
        uint32_t tid;   /* the task the clock belongs to (FORK/THREAD: the parent) */
        uint64_t clock; /* Lamport clock of the record on that task */
        /* the edge that arrives here, if any */
        enum causal_edge edge;
        uint32_t cause_tid;
        uint64_t cause_clock;
        uint64_t cause_seq; /* the causing record's seq */
        uint64_t cause_ns;  /* when the cause happened (CLOCK_MONOTONIC) */
};

struct causal_limits {
        size_t max_pending;   /* records held at once */
        uint64_t max_wait_ns; /* how long a record waits for its cause */
        size_t max_tasks;     /* tasks with a clock */
        size_t max_queues;    /* pipes, sockets, futexes, eventfds, senders */
        size_t max_entries;   /* writes/wakes/sends not yet matched, per queue */
};

struct causal_stats {
        uint64_t records;
        uint64_t edges[CAUSAL_EDGE_MAX];
        uint64_t held;      /* records that had a cause to look for */
        uint64_t unmatched; /* waited, and left without an edge */
        uint64_t forced;    /* released early: the pending limit */
        uint64_t malformed; /* records refused */
};

/* Called for every record, in release order; rec stays valid during the call. */
typedef void (*causal_emit_fn)(void *ctx, const void *rec, size_t len,
                               const struct causal_note *note);

struct causal;

/* limits NULL: the defaults (causal_default_limits). */
void causal_default_limits(struct causal_limits *out);
int causal_new(const struct causal_limits *limits, causal_emit_fn emit, void *ctx,
               struct causal **ret);
void causal_free(struct causal *c);
/* One ring record, copied; now_ns: CLOCK_MONOTONIC of its arrival.
 * Releases what became releasable. -EBADMSG for a malformed record (not
 * kept), -ENOMEM. */
int causal_feed(struct causal *c, const void *rec, size_t len, uint64_t now_ns);
/* Release the records whose wait bound passed by now_ns. */
void causal_tick(struct causal *c, uint64_t now_ns);
/* End of stream: release everything still held. */
void causal_drain(struct causal *c);
size_t causal_pending(const struct causal *c);
void causal_get_stats(const struct causal *c, struct causal_stats *out);
/* "fork", "wait", "pipe", ...: the edge kinds as JSON names them. */
const char *causal_edge_name(enum causal_edge e);

#endif
