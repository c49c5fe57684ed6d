// SPDX-License-Identifier: MIT
#include "suggest.h"

#include <string.h>

#include "renacer-event.h"
#include "syscall-names.h"

#define WORD_MAX 64

unsigned suggest_distance(const char *a, const char *b)
{
        size_t n = strlen(a), m = strlen(b);
        unsigned d[WORD_MAX + 1][WORD_MAX + 1];

        if (n > WORD_MAX || m > WORD_MAX)
                return ~0u;
        for (size_t i = 0; i <= n; i++)
                d[i][0] = (unsigned)i;
        for (size_t j = 0; j <= m; j++)
                d[0][j] = (unsigned)j;
        for (size_t i = 1; i <= n; i++)
                for (size_t j = 1; j <= m; j++) {
                        unsigned cost = a[i - 1] != b[j - 1];
                        unsigned v = d[i - 1][j] + 1;
                        if (d[i][j - 1] + 1 < v)
                                v = d[i][j - 1] + 1;
                        if (d[i - 1][j - 1] + cost < v)
                                v = d[i - 1][j - 1] + cost;
                        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                            d[i - 2][j - 2] + 1 < v)
                                v = d[i - 2][j - 2] + 1;
                        d[i][j] = v;
                }
        return d[n][m];
}

void suggest_init(struct suggest *s, const char *word)
{
        size_t len = strlen(word);
        unsigned limit = (unsigned)(len / 3);

        s->word = word;
        s->best = NULL;
        s->dist = (limit < 1 ? 1 : limit > 3 ? 3 : limit) + 1;
}

void suggest_add(struct suggest *s, const char *candidate)
{
        if (!candidate || !strcmp(candidate, s->word))
                return;
        unsigned d = suggest_distance(s->word, candidate);
        if (d < s->dist) {
                s->dist = d;
                s->best = candidate;
        }
}

const char *suggest_syscall(const char *word)
{
        struct suggest s;

        suggest_init(&s, word);
        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++) {
                const char *name = syscall_name(nr);
                /* numbers libseccomp has no name for */
                if (strncmp(name, "syscall_", 8) != 0)
                        suggest_add(&s, name);
        }
        return s.best;
}
