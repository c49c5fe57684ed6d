/* SPDX-License-Identifier: MIT */
/*
 * The session table: one session per traced root process (plus its
 * followed children). A session learns from the records that reach it which
 * processes are alive, what their fds are, and how many events it saw; it
 * completes when its last process exits. The kernel keeps the exact counts
 * (tracer.h); the session keeps what only the event stream tells.
 */
#ifndef RENACER_SESSION_TABLE_H
#define RENACER_SESSION_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fd-table.h"
#include "filter.h"
#include "session.h"

struct session_proc {
        pid_t tgid;
        pid_t ppid;
        bool alive;
        int exit_status; /* wait status once !alive; -1: it gained privilege (untraced) */
        uint64_t maxrss_kb;
        struct fd_table fds;
};

struct session {
        uint32_t id;
        pid_t root;
        uid_t uid; /* owner: who may see and end it */
        bool follow;
        bool stream;
        bool auto_session; /* created by the daemon from a policy match */
        bool complete;     /* every process exited */
        bool reported;     /* the owner was told it completed */
        bool untracked;    /* the kernel was told to stop tracing its processes */
        uint32_t capture;
        struct filter filter;
        char *filter_expr; /* as the user wrote it; NULL: everything */
        char comm[16];
        /* trace --cgroup: the scope (its v2 cgroup id and directory); such
         * a session traces whatever the cgroup holds and does not complete
         * when it is empty, only when it is ended or the cgroup removed */
        uint64_t cgroup_id;
        char *cgroup;

        uint64_t created_ns; /* CLOCK_MONOTONIC */
        uint64_t first_exec_ns, end_ns;
        uint64_t events;      /* syscall records received */
        uint64_t events_lost; /* kernel could not emit (ring full) */
        /* fork/exec/exit/privilege records the kernel could not emit */
        uint64_t kernel_lifecycle_lost;

        struct session_proc *procs;
        size_t nprocs, live;
        size_t last_proc; /* index of the process the last record was for */

        int pidfd;      /* the root process, for exit detection; -1 if none */
        void *userdata; /* the engine's caller's (session.h) */
};

struct session_table;

int session_table_new(struct session_table **ret);
void session_table_free(struct session_table *t);

/* Create a session for root with a fresh id; the table owns it. */
int session_table_add(struct session_table *t, pid_t root, struct session **ret);
/* The same with a given id (auto-sessions: the kernel chose it); -EEXIST
 * when taken. */
int session_table_add_id(struct session_table *t, uint32_t id, pid_t root, struct session **ret);
struct session *session_table_get(struct session_table *t, uint32_t id);
void session_table_remove(struct session_table *t, struct session *s);
size_t session_table_count(const struct session_table *t);
uint64_t session_table_created(const struct session_table *t);
/* Iterate in id order: the session with the smallest id above after_id
 * (0 starts). Keyed by id so the caller may remove sessions meanwhile. */
struct session *session_table_next(struct session_table *t, uint32_t after_id);

/* The live process tgid of the session, or NULL; never creates one. */
struct session_proc *session_proc_find(struct session *s, pid_t tgid);
/* A new live process (the caller found none): NULL when out of memory. */
struct session_proc *session_proc_add(struct session *s, pid_t tgid);

/* Apply one validated record to its session: counts, fd tables, process
 * set. Returns 1 when this record completed the session, 0 otherwise, or
 * -errno. */
int session_ingest(struct session *s, const void *rec, size_t len);

/* Check that a record is well-formed enough to route (header, size). */
bool session_record_valid(const void *rec, size_t len);

#endif
