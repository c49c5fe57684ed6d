/* SPDX-License-Identifier: MIT */
/*
 * Per-session syscall statistics: the exact counts, errors and times the
 * kernel aggregated, and their strace -c rendering.
 */
#ifndef RENACER_SUMMARY_H
#define RENACER_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "renacer-event.h"

struct summary_row {
        int nr;
        uint64_t calls;
        uint64_t errors;
        uint64_t total_ns;
        uint64_t hist[RENACER_HIST_BUCKETS];
        /* the shortest and longest call (strace -U min-time, max-time) */
        uint64_t min_ns, max_ns;
        bool has_extremes;
};

struct summary {
        struct summary_row *rows; /* sorted by nr */
        size_t n, cap;
};

void summary_init(struct summary *s);
void summary_free(struct summary *s);
/* Add calls for syscall nr (merging into an existing row). */
int summary_add(struct summary *s, int nr, uint64_t calls, uint64_t errors, uint64_t total_ns,
                const uint64_t *hist);
/* Fold a shortest and a longest call into nr's row. */
int summary_add_extremes(struct summary *s, int nr, uint64_t min_ns, uint64_t max_ns);
/* Fold another summary into s (process trees, metrics). */
int summary_merge(struct summary *s, const struct summary *other);
uint64_t summary_total_calls(const struct summary *s);
uint64_t summary_total_errors(const struct summary *s);
uint64_t summary_total_ns(const struct summary *s);
const struct summary_row *summary_find(const struct summary *s, int nr);

/* strace -c layout: header, rows sorted by time (then calls, then name),
 * a dashed line, and `total` last. Returns 0 or -errno on write errors. */
int summary_render_text(const struct summary *s, FILE *out);

/* strace's -S SORTBY orders */
enum summary_sort {
        SUMMARY_SORT_TIME, /* the default: total time, then calls, then name */
        SUMMARY_SORT_AVG,
        SUMMARY_SORT_CALLS,
        SUMMARY_SORT_ERRORS,
        SUMMARY_SORT_NAME,
        SUMMARY_SORT_NONE, /* syscall number */
        SUMMARY_SORT_MIN,  /* the shortest call, longest first */
        SUMMARY_SORT_MAX,
};
/* strace's -S names (time, total-time, avg-time, calls, count, errors,
 * error, name, syscall, syscall-name, nothing, none); -EINVAL otherwise. */
int summary_sort_parse(const char *name, enum summary_sort *ret);
int summary_render_text_sorted(const struct summary *s, FILE *out, enum summary_sort sort);

/* strace's -U COLUMNS */
enum summary_column {
        SUMMARY_COL_END, /* ends the list */
        SUMMARY_COL_TIME_PCT,
        SUMMARY_COL_TIME_TOTAL,
        SUMMARY_COL_TIME_MIN,
        SUMMARY_COL_TIME_MAX,
        SUMMARY_COL_TIME_AVG,
        SUMMARY_COL_CALLS,
        SUMMARY_COL_ERRORS,
        SUMMARY_COL_NAME,
        SUMMARY_COL_MAX,
};
#define SUMMARY_COLUMNS_MAX (SUMMARY_COL_MAX - 1)
struct summary_columns {
        uint8_t col[SUMMARY_COLUMNS_MAX + 1]; /* SUMMARY_COL_END after the last */
};
/* strace's default: time, seconds, usecs/call, calls, errors, syscall */
void summary_columns_default(struct summary_columns *c);
/* strace's -U names, comma-separated (the name column is added last when
 * missing). -EINVAL for an unknown name, -EEXIST for one given twice: *bad
 * and *bad_len then point at it in spec. */
int summary_columns_parse(const char *spec, struct summary_columns *ret, const char **bad,
                          size_t *bad_len);
/* The i-th -U name, NULL past the last (for suggestions). */
const char *summary_column_name(size_t i);
int summary_render_text_columns(const struct summary *s, FILE *out, enum summary_sort sort,
                                const struct summary_columns *cols);

#endif
