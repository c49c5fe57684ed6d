/* SPDX-License-Identifier: MIT */
/*
 * Where the trace goes: stderr, `-o FILE`, or with `-ff` one FILE.TID per
 * task. Files are created as strace creates them (0666 less the umask) and
 * written progressively, so `tail -f` follows them and a killed renacerctl
 * leaves the trace so far.
 */
#ifndef RENACER_CLI_OUTPUT_H
#define RENACER_CLI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct output_task {
        uint32_t tid;
        int fd;
};

struct output {
        int fd;           /* stderr, the -o file, or a caller's fd */
        bool own_fd;      /* close fd at the end */
        bool created;     /* -o: the file did not exist before */
        const char *path; /* -o as given; NULL for stderr */
        bool per_task;    /* -ff: lines go to path.TID */
        struct output_task *tasks;
        size_t ntasks, cap;
        int error;                  /* first failure, -errno */
        char error_path[4096 + 16]; /* the file it happened on */
};

/* The trace to an fd the caller owns (stderr, a temporary file). */
void output_init_fd(struct output *out, int fd);
/* -o PATH (per_task: -ff, files PATH.TID opened on first use). Prints one
 * line naming what was wrong and returns -errno on failure. */
int output_open(struct output *out, const char *path, bool per_task);
void output_close(struct output *out);
/* Nothing was worth keeping (--flight-recorder, a run that went well):
 * remove the -o file if this run created it. */
void output_discard(struct output *out);

/* Open PATH for writing as strace does (O_TRUNC, mode 0666 & ~umask),
 * except through a symbolic link owned by someone other than the caller
 * or root: a planted link in /tmp cannot redirect the trace. Returns the
 * fd or -errno (-ELOOP for a refused link); *created (may be NULL) says
 * whether the file is new. */
int output_open_file(const char *path, bool *created);

/* The fd lines of task tid go to; -errno when its file cannot be opened
 * (recorded in out->error). */
int output_fd_for(struct output *out, uint32_t tid);
/* Task tid exited: close its -ff file. */
void output_task_done(struct output *out, uint32_t tid);
/* Write all of buf to fd; records and returns -errno on failure. */
int output_write(struct output *out, int fd, const void *buf, size_t len);
/* One line saying why the trace could not be written ("No space left on
 * device", "the reader closed the pipe"), for the first recorded error. */
const char *output_error_reason(const struct output *out);

#endif
