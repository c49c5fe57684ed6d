/* SPDX-License-Identifier: MIT */
/* One traced run, start to end, shared by `run`, `trace` and `golden`:
 * resolve and spawn the command (held before execve), create the session
 * through renacerd or in-process, render, wait, and finish the output. */
#ifndef RENACER_TRACE_JOB_H
#define RENACER_TRACE_JOB_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "options.h"
#include "output.h"
#include "render.h"

/* -u USER, resolved before anything runs. */
struct run_as {
        bool set;
        uid_t uid;
        gid_t gid;
        char name[256];
};

struct trace_job {
        const struct trace_opts *o; /* o->command set: run; else trace o->pid */
        struct output *out;
        struct run_as run_as; /* run -u USER */
        render_observer_fn observer;
        void *observer_ctx;
        /* results */
        struct trace_result res;
        bool traced;           /* the session ran to its end */
        bool flight_discarded; /* --flight-recorder: the run succeeded, nothing written */
};

/* Returns the exit code renacerctl should use: the command's status for
 * run, 0 for trace, 126/127 when the command cannot start, 1 on errors
 * (already reported on stderr). j->res is filled when j->traced. */
int trace_job_run(struct trace_job *j);

#endif
