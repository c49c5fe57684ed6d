/* SPDX-License-Identifier: MIT */
/* Options shared by `run` and `trace`, with strace's letters. */
#ifndef RENACER_CLI_OPTIONS_H
#define RENACER_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "dumpio.h"
#include "filter.h"
#include "summary.h"

enum output_format {
        FORMAT_TEXT,
        FORMAT_JSON,
        FORMAT_JSONL,
        FORMAT_PERFETTO, /* Chrome trace-event JSON, written at the end */
};

#define TRACE_PIDS_MAX  64
#define TRACE_PATHS_MAX 256 /* -P, each with what it resolves to */

/* -e status= classes */
#define STATUS_SUCCESSFUL  0x01
#define STATUS_FAILED      0x02
#define STATUS_UNFINISHED  0x04 /* never returned: "= ?" */
#define STATUS_UNAVAILABLE 0x08
#define STATUS_DETACHED    0x10
#define STATUS_ALL         0x1f

struct trace_opts {
        bool follow;        /* -f */
        bool one_task;      /* no -f: the main thread only, as strace traces */
        bool per_task;      /* -ff -o P: one file P.TID per task */
        bool durations;     /* -T */
        bool summary_only;  /* -c */
        bool summary_too;   /* -C */
        int timestamps;     /* -t: 1, -tt: 2, -ttt: 3 */
        unsigned strsize;   /* -s */
        const char *filter; /* -e, as given */
        struct filter compiled;
        const char *output; /* -o */
        enum output_format format;
        const char *socket;
        const char *policy;     /* --policy FILE */
        bool trace_all;         /* the kernel traces everything; -e only filters display */
        size_t flight_recorder; /* --flight-recorder[=SIZE]: bytes kept; 0: off */
        bool otlp;              /* --otlp[=URL] or the OpenTelemetry environment */
        const char *otlp_url;
        /* strace's display options */
        bool quiet_attach;                      /* -q, -e quiet=attach: no "Process N attached" */
        bool quiet_exit;                        /* -qq, -e quiet=exit: no "+++ exited" lines */
        unsigned status;                        /* -z, -Z, -e status=: STATUS_* shown */
        bool relative;                          /* -r */
        int sortby;                             /* -S: enum summary_sort */
        struct summary_columns columns;         /* -U */
        unsigned column;                        /* -a N: where " = result" aligns (default 40) */
        int hex;                                /* -x: 1, -xx: 2 */
        struct filter abbrev;                   /* -e abbrev=SET; -v: none */
        struct filter verbose;                  /* -e verbose=SET: structures decoded */
        struct filter raw;                      /* -e raw=SET: arguments undecoded, in hex */
        struct dumpio_fds read_fds;             /* -e read=SET: hex dumps of data read */
        struct dumpio_fds write_fds;            /* -e write=SET: ... of data written */
        unsigned decode_fds;                    /* -y, -yy, --decode-fds=: FDPATH_* (fd-path.h) */
        bool decode_fds_given;                  /* --decode-fds= or -e decode-fds= */
        const char *paths[2 * TRACE_PATHS_MAX]; /* -P and their resolved forms */
        size_t npaths;
        char *resolved[TRACE_PATHS_MAX]; /* owned: the realpath()s in paths[] */
        size_t nresolved;
        bool quiet_path;  /* -qqq, -e quiet=path-resolution */
        uint64_t signals; /* -e signal=: bit n-1 shows signal n */
        const char *user; /* -u USER: run the command as USER */
        char **env_ops;   /* -E VAR=VAL / -E VAR, in order */
        size_t nenv;
        pid_t pids[TRACE_PIDS_MAX]; /* trace --pid / -p, repeatable */
        size_t npids;
        int stack;      /* -k: 1; -kk, --source: 2 (with source lines) */
        int stack_mode; /* --stack-mode: enum unwind_mode */
        pid_t pid;      /* pids[0] */
        /* trace --cgroup PATH / --unit NAME: the cgroup v2 directory, resolved
         * and canonical (NULL: none) */
        char *cgroup;
        const char *unit; /* --unit as given */
        /* --causal, implied by --critical-path and --format perfetto:
         * Lamport clocks and happens-before edges (follows forks, and the
         * kernel traces every call; -e only narrows what is shown) */
        bool causal;
        bool critical_path; /* --critical-path: the report instead of the trace */
        char **command;     /* run -- CMD... */
};

/* Parse argv (after the subcommand). `run` takes a command after the
 * options, `trace` takes -p. Prints a one-line error and returns -EINVAL
 * on bad input; returns 1 when it printed help or the version (exit 0). */
int trace_opts_parse(int argc, char **argv, bool is_run, struct trace_opts *o);
/* Defaults, as if no option was given (for callers that set their own;
 * socket stays NULL). */
static inline void trace_opts_init(struct trace_opts *o)
{
        memset(o, 0, sizeof(o[0]));
        o->strsize = 32;
        o->column = 40;
        o->status = STATUS_ALL;
        o->signals = ~0ULL;
        summary_columns_default(&o->columns);
        filter_all(&o->compiled);
        filter_all(&o->abbrev);
        filter_all(&o->verbose);
}
void trace_opts_free(struct trace_opts *o);
/* Usage of `run` and `trace` (renacerctl run --help, renacerctl help run). */
void trace_opts_usage(FILE *f, bool is_run);
/* Whether argv (after renacerctl) is strace's own spelling: options first,
 * then CMD (run) or -p PID (trace). *is_run tells which. */
bool trace_opts_strace_style(int argc, char **argv, bool *is_run);
const char *default_socket(void);
/* Bytes of strings and buffers the kernel captures: -s, or more when spans
 * need whole command lines (--otlp). */
unsigned trace_opts_capture(const struct trace_opts *o);
/* -e read=/write=: the kernel copies buffers whole up to RENACER_BUF_CAP
 * bytes for the dumps (strings stay at -s) */
bool trace_opts_dump(const struct trace_opts *o);
/* -v (or -e abbrev= without execve): the kernel copies execve's
 * environment strings, which only then are shown */
bool trace_opts_env(const struct trace_opts *o);
/* ... getdents64's entries: -v for it, and -e verbose= keeps it */
bool trace_opts_dirents(const struct trace_opts *o);

#endif
