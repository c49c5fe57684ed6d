/* SPDX-License-Identifier: MIT */
/*
 * The engine: the tracer plus the session table, glued by the ring-buffer
 * consumer. renacerd and renacerctl's in-process mode both drive one: they
 * add its fd to their loop, call engine_consume() when it is readable (and
 * on a timer), and receive records and completions through callbacks.
 * This header is all they use: sessions are opaque handles (session.h),
 * created, looked up, iterated and ended here; lookups never create.
 */
#ifndef RENACER_ENGINE_H
#define RENACER_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "session.h"
#include "summary.h"
#include "tracer.h"

struct engine;

struct engine_callbacks {
        /* a record that belongs to a live session, after the session saw it */
        void (*on_record)(void *ctx, struct session *s, const void *rec, size_t len);
        /* every process of the session has exited */
        void (*on_complete)(void *ctx, struct session *s);
        /* a record of a provisional auto-session (RENACER_AUTO_SESSION id)
         * no session has adopted yet; may call engine_session_adopt() */
        void (*on_orphan)(void *ctx, const void *rec, size_t len);
};

enum session_stack {
        SESSION_STACK_NONE,
        SESSION_STACK_FP,   /* frame-pointer walk only */
        SESSION_STACK_COPY, /* and a copy of the stack top, for CFI unwinding */
};

struct session_params {
        pid_t pid;
        /* instead of pid: every process of this cgroup v2 directory and its
         * sub-cgroups, now and later (an absolute, canonical path; see
         * cgroup.h). follow is implied: children are judged by their cgroup. */
        const char *cgroup;
        uid_t requester; /* 0: root, may trace anything */
        bool follow;
        bool one_task; /* strace without -f: the main thread only (tid == tgid) */
        bool stream;
        bool await_exec; /* run: nothing but execve is traced until it execs */
        uint8_t stack;   /* -k: enum session_stack */
        bool causal;     /* --causal: capture what calls move between tasks */
        bool dump;       /* -e read=/write=: buffers whole up to RENACER_BUF_CAP */
        bool fds;        /* -y: the pipes and sockets calls make, named at sys_exit */
        bool env;        /* -v: execve's environment strings */
        bool dirents;    /* -v: getdents64's entries */
        uint32_t capture;
        const char *filter; /* NULL or "": everything */
};

int engine_new(const struct tracer_opts *opts, const struct engine_callbacks *cb, void *ctx,
               struct engine **ret);
void engine_free(struct engine *e);
int engine_fd(const struct engine *e);
int engine_consume(struct engine *e);

/* Validate the process (exists, is a process not a thread, belongs to the
 * requester), compile the filter, and start tracing it. On failure nothing
 * is left behind and err holds one line naming what was wrong. */
int engine_session_create(struct engine *e, const struct session_params *p, struct session **ret,
                          char *err, size_t errlen);

/* A cgroup session's processes when it was created (the tgids it traced
 * then), for "Process N attached": at most max into ret; returns how many. */
size_t engine_session_initial(const struct session *s, pid_t *ret, size_t max);

/* Adopt the provisional auto-session the kernel opened at an exec: rec is
 * that exec record (the one on_orphan was given), which names the session,
 * the process, its uid, comm and the time of the exec. */
int engine_session_adopt(struct engine *e, const void *rec, size_t len, struct session **ret);

/* Stop tracing and collect what the kernel knows: the exact summary and the
 * records it could not emit. The session stays in the table. */
int engine_session_finish(struct engine *e, struct session *s, struct summary *out);
/* Free the session and its kernel state. */
void engine_session_remove(struct engine *e, struct session *s);

/* The session table and the kernel's state, for the daemon's requests,
 * status and metrics. A lookup of an unknown id is NULL. */
struct session *engine_session_get(struct engine *e, uint32_t id);
/* Iterate in id order: the session with the smallest id above after_id
 * (0 starts); the caller may end sessions meanwhile. */
struct session *engine_session_next(struct engine *e, uint32_t after_id);
size_t engine_session_count(struct engine *e);
uint64_t engine_sessions_created(struct engine *e);
/* The exact in-kernel summary of a live session, so far. */
int engine_session_summary(struct engine *e, uint32_t session_id, struct summary *out);
/* Syscall records the kernel could not emit for it (ring full). */
int engine_session_dropped(struct engine *e, uint32_t session_id, uint64_t *ret);
/* Open a provisional auto-session at every exec (daemon-wide policies). */
int engine_set_auto_track(struct engine *e, bool on);
int engine_counters(struct engine *e, uint64_t out[RENACER_CNT_MAX]);
int engine_tracked_count(struct engine *e);
size_t engine_ring_bytes(struct engine *e);
int engine_ring_fill(struct engine *e, size_t *ret_used, size_t *ret_peak);
bool engine_syscalls_attached(struct engine *e);
int engine_prog_stats(struct engine *e, struct tracer_prog_stats *out, size_t max);

/* The root's pidfd turned readable, or a periodic check: complete the
 * sessions whose processes are all gone even if an exit record was lost. */
void engine_sweep(struct engine *e);

#endif
