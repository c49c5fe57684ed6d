/* SPDX-License-Identifier: MIT */
/*
 * Driving one session from creation to its end, through renacerd
 * (tracing-daemon.c) or, when no daemon answers and we may load BPF
 * ourselves, with the engine in this process (tracing-local.c).
 */
#ifndef RENACER_TRACING_H
#define RENACER_TRACING_H

#include <stdbool.h>
#include <sys/types.h>

#include "options.h"
#include "output.h"
#include "render.h"

struct tracing {
        const struct trace_opts *o;
        pid_t pid;      /* process to trace */
        int release_fd; /* run: write a byte here to let the child exec; -1 for trace */
        int signal_fd;  /* SIGINT/SIGTERM/SIGHUP, blocked and read here */
        struct renderer *rend;
        struct output *out; /* where rend writes: names write errors */
        struct trace_result res;
        /* trace --cgroup: the processes the scope held at its start */
        pid_t scope_pids[1024];
        size_t nscope;
        bool started;     /* the session exists: output may have begun */
        bool interrupted; /* trace: the user asked to stop */
};

/* Each returns 0 when the session ended normally, or -errno after printing
 * one line saying why. -ECONNREFUSED/-ENOENT from tracing_via_daemon means
 * no daemon answered (nothing was printed). */
int tracing_via_daemon(struct tracing *t);
int tracing_in_process(struct tracing *t);

/* One line on stderr for a failed renderer_record/flush (r): the write
 * error with its file ("No space left on device", a closed pipe), or the
 * malformed record. */
void tracing_say_write_error(struct tracing *t, int r);

/* Tasks (threads) of a process now; 1 if it cannot be read. */
long tracing_count_tasks(pid_t pid);
/* trace -p: strace's "Process N attached" once the sessions exist, and
 * "Process N detached" after ^C for those still running. */
void tracing_note_attached(struct tracing *t);
void tracing_note_detached(struct tracing *t);

/* What -k asks the kernel to capture (enum session_stack): frame-pointer
 * mode needs no stack copy. */
int tracing_stack_kind(const struct trace_opts *o);

/* Release the held child (run mode) once its session exists. */
int tracing_release(struct tracing *t);
/* Read one signal from signal_fd. In trace mode it asks the session to
 * stop (returns true); in run mode a signal sent with kill() is passed on
 * to the command (a terminal's ^C reaches the command by itself). */
bool tracing_take_signal(struct tracing *t);

#endif
