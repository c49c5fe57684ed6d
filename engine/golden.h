/* SPDX-License-Identifier: MIT */
/*
 * Golden traces: a syscall sequence normalized so that two runs of the same
 * unchanged binary produce the same lines, and a readable diff of two
 * sequences. What is normalized, and why, is written in golden/ANALYSIS.md.
 */
#ifndef RENACER_GOLDEN_H
#define RENACER_GOLDEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct golden_norm;

int golden_norm_new(struct golden_norm **ret);
void golden_norm_free(struct golden_norm *n);
/* The directory of the traced command as given (e.g. "build/examples"):
 * it appears as $BIN in paths, since build trees live anywhere. */
int golden_norm_set_bindir(struct golden_norm *n, const char *dir);

/* Normalize one decoded call (name, strace-notation args, result text).
 * `tgid` keeps fd renumbering per process. Returns a malloc'd line. */
char *golden_normalize(struct golden_norm *n, int tgid, const char *name, const char *const *args,
                       int nargs, const char *result);

struct golden_seq {
        char **lines;
        size_t n, cap;
};

void golden_seq_init(struct golden_seq *s);
void golden_seq_free(struct golden_seq *s);
int golden_seq_push(struct golden_seq *s, char *line); /* takes ownership */

struct golden_diff_stats {
        size_t missing, extra, changed;
};

/* Write a unified-style diff of want -> got with `context` lines around
 * each change ("-" missing, "+" extra; a "-" directly followed by "+" is a
 * changed call). Returns true when the sequences differ. */
bool golden_diff(const struct golden_seq *want, const struct golden_seq *got, unsigned context,
                 FILE *out, struct golden_diff_stats *stats);

/* The timing gate, asked for with `golden check --timing` or `--runs N`.
 * A run's figure is its total syscall time; on a shared machine one figure
 * varies by tens of percent, so the rule compares medians of repeated runs
 * and allows what the samples' own spread (MAD, scaled by 1.4826 to a
 * standard deviation) says is noise:
 *     slower  iff  median(now) > median(base) + max(min_pct% * median(base),
 *                                                  k * 1.4826 * max(MAD(base), MAD(now)))
 * Only a slowdown is a regression; a faster run passes. */
struct golden_timing {
        double base_median, base_mad, now_median, now_mad;
        double threshold; /* the largest median(now) that passes */
        bool slower;
};

#define GOLDEN_TIMING_MIN_PCT 25.0
#define GOLDEN_TIMING_K       4.0

double golden_median(const double *v, size_t n);
/* Median absolute deviation around the median (unscaled). */
double golden_mad(const double *v, size_t n);
/* Returns -EINVAL when either sample set is empty. */
int golden_timing_compare(const double *base, size_t nbase, const double *now, size_t nnow,
                          double min_pct, double k, struct golden_timing *ret);

#endif
