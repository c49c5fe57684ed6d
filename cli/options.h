/* SPDX-License-Identifier: MIT */
/* Options shared by `run` and `trace`, with strace's letters. */
#ifndef RENACER_CLI_OPTIONS_H
#define RENACER_CLI_OPTIONS_H

#include <stdbool.h>
#include <sys/types.h>

#include "filter.h"

enum output_format {
        FORMAT_TEXT,
        FORMAT_JSON,
        FORMAT_JSONL,
};

struct trace_opts {
        bool follow;        /* -f */
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
        pid_t pid;      /* trace --pid */
        char **command; /* run -- CMD... */
};

/* Parse argv (after the subcommand). `run` takes a command after the
 * options, `trace` takes --pid. Prints a one-line error and returns -EINVAL
 * on bad input. */
int trace_opts_parse(int argc, char **argv, bool is_run, struct trace_opts *o);
const char *default_socket(void);
/* Bytes of strings and buffers the kernel captures: -s, or more when spans
 * need whole command lines (--otlp). */
unsigned trace_opts_capture(const struct trace_opts *o);

#endif
