/* SPDX-License-Identifier: MIT */
/*
 * A session as the engine's users see it: an opaque handle. renacerd and
 * renacerctl's in-process tracer read it through session_info() and hang
 * their own state on it (session_set_userdata()); only the engine knows
 * its layout (session-table.h).
 */
#ifndef RENACER_SESSION_H
#define RENACER_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct session;

struct session_info {
        uint32_t id;
        pid_t root;
        uid_t uid; /* owner: who may see and end it */
        bool follow;
        bool auto_session; /* opened by the kernel at an exec, adopted for a policy */
        bool complete;     /* every process exited, or the session was finished */
        char comm[16];
        const char *cgroup; /* trace --cgroup: its directory; NULL: a process tree */
        const char *filter; /* as the user wrote it; "": everything (the session's) */
        size_t processes;   /* alive now */
        uint64_t events;    /* syscall records received */
        /* known once engine_session_finish() ran: records the kernel could
         * not emit (ring full), syscalls and lifecycle records */
        uint64_t events_lost;
        uint64_t kernel_lifecycle_lost;
        uint64_t created_ns; /* CLOCK_MONOTONIC */
        uint64_t first_exec_ns, end_ns;
        uint64_t wall_ns; /* root's first exec (or creation) to the end; 0 while live */
        bool root_gone;   /* the root exited, or gained privilege and left sight */
        int root_status;  /* its wait status (root_gone); -1: privilege, or not gone */
        int pidfd;        /* the root process (readable at its exit); -1 if none */
};

void session_info(const struct session *s, struct session_info *ret);
uint32_t session_id(const struct session *s);
/* The caller's own per-session state (NULL until set); the engine never
 * reads it. The caller frees what it points to before removing the session. */
void *session_userdata(const struct session *s);
void session_set_userdata(struct session *s, void *data);

#endif
