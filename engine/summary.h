/* SPDX-License-Identifier: MIT */
/*
 * Per-session syscall statistics: the exact counts, errors and times the
 * kernel aggregated, and their strace -c rendering.
 */
#ifndef RENACER_SUMMARY_H
#define RENACER_SUMMARY_H

#include <stdint.h>
#include <stdio.h>

#include "renacer-event.h"

struct summary_row {
        int nr;
        uint64_t calls;
        uint64_t errors;
        uint64_t total_ns;
        uint64_t hist[RENACER_HIST_BUCKETS];
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
/* Fold another summary into s (process trees, metrics). */
int summary_merge(struct summary *s, const struct summary *other);
uint64_t summary_total_calls(const struct summary *s);
uint64_t summary_total_errors(const struct summary *s);
uint64_t summary_total_ns(const struct summary *s);
const struct summary_row *summary_find(const struct summary *s, int nr);

/* strace -c layout: header, rows sorted by time (then calls, then name),
 * a dashed line, and `total` last. Returns 0 or -errno on write errors. */
int summary_render_text(const struct summary *s, FILE *out);

/* strace's -S SORTBY orders (min-time and max-time need per-call extremes,
 * which the kernel does not keep) */
enum summary_sort {
        SUMMARY_SORT_TIME, /* the default: total time, then calls, then name */
        SUMMARY_SORT_AVG,
        SUMMARY_SORT_CALLS,
        SUMMARY_SORT_ERRORS,
        SUMMARY_SORT_NAME,
        SUMMARY_SORT_NONE, /* syscall number */
};
/* strace's -S names (time, total-time, avg-time, calls, count, errors,
 * error, name, syscall, syscall-name, nothing, none); -EINVAL otherwise. */
int summary_sort_parse(const char *name, enum summary_sort *ret);
int summary_render_text_sorted(const struct summary *s, FILE *out, enum summary_sort sort);

#endif
