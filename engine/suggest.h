/* SPDX-License-Identifier: MIT */
/* "Did you mean ...?": the closest of a set of names by edit distance. */
#ifndef RENACER_SUGGEST_H
#define RENACER_SUGGEST_H

#include <stddef.h>

/* Damerau-Levenshtein (optimal string alignment) distance of a and b;
 * names longer than 63 bytes count as far from everything. */
unsigned suggest_distance(const char *a, const char *b);

/* Feed candidates one by one; best holds the closest so far within a
 * third of the word's length (at least 1, at most 3 edits). */
struct suggest {
        const char *word;
        const char *best;
        unsigned dist;
};
void suggest_init(struct suggest *s, const char *word);
void suggest_add(struct suggest *s, const char *candidate);
/* The closest syscall name to word, or NULL. */
const char *suggest_syscall(const char *word);

#endif
