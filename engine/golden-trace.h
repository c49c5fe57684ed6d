/* SPDX-License-Identifier: MIT */
/*
 * A trace read back from a file for comparison: a golden trace, a
 * renacer-json-v1 document or a JSON-lines stream, as the normalized call
 * sequence and the exact per-syscall counts (calls and errors).
 */
#ifndef RENACER_GOLDEN_TRACE_H
#define RENACER_GOLDEN_TRACE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "golden.h"
#include "summary.h"

/* At most this many calls are read from one trace (a diff is quadratic). */
#define GOLDEN_TRACE_MAX_CALLS (1u << 20)

struct golden_trace {
        /* calls rebuilt from the records ("syscalls" or JSON lines) */
        struct golden_seq calls;
        /* a golden file's own "normalized" lines (from the decoder's text) */
        struct golden_seq normalized;
        bool has_normalized;
        /* calls and errors per syscall: the summary when the trace has one,
         * else counted from the records */
        struct summary counts;
        double total_time_us, wall_time_us; /* 0 when not known */
        /* a golden file's timing samples (total_time_us of each captured run) */
        double *timing_samples;
        size_t n_timing_samples;
};

void golden_trace_init(struct golden_trace *t);
void golden_trace_free(struct golden_trace *t);

/* Parse a trace from memory. On failure returns -EBADMSG (or -ENOMEM,
 * -E2BIG) and writes one line naming what was wrong to err. */
int golden_trace_parse(const char *data, size_t len, struct golden_trace *t, char *err,
                       size_t errlen);
/* The same from a renacer-json-v1 (or golden) document already parsed. */
int golden_trace_from_doc(struct json_object *doc, struct golden_trace *t, char *err,
                          size_t errlen);
/* The same from a file (at most 256 MiB). */
int golden_trace_load(const char *path, struct golden_trace *t, char *err, size_t errlen);

/* Print "name: A -> B calls (+D)" (and errors) for each syscall whose
 * counts differ. Returns the number of syscalls that differ. */
size_t golden_count_deltas(const struct summary *a, const struct summary *b, FILE *out);

#endif
