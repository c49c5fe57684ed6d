/* SPDX-License-Identifier: MIT */
/* strace's `-e trace=SET` expressions, compiled to the syscall bitmap the
 * BPF side tests at sys_enter. */
#ifndef RENACER_FILTER_H
#define RENACER_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "renacer-event.h"

struct filter {
        uint64_t bits[RENACER_FILTER_WORDS];
};

void filter_all(struct filter *f);
bool filter_has(const struct filter *f, int nr);
bool filter_is_all(const struct filter *f);

/* Parse "trace=SET" or a bare "SET": comma-separated syscall names and
 * %classes, "all", "none", with a leading "!" negating the whole set.
 * On error returns -EINVAL and writes one line naming the offending token
 * and its column (1-based) into err. */
int filter_parse(const char *expr, struct filter *out, char *err, size_t errlen);

#endif
