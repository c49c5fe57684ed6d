// SPDX-License-Identifier: MIT
/* filter_parse on arbitrary strings: `-e trace=...` and session.create's
 * "filter" both reach it with user text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *expr = malloc(size + 1);
        struct filter f, again;
        char err[128], tiny[4];
        int r;

        if (!expr)
                return 0;
        memcpy(expr, data, size);
        expr[size] = '\0';

        memset(&f, 0, sizeof(f));
        err[0] = '\0';
        r = filter_parse(expr, &f, err, sizeof(err));
        if (r < 0) {
                if (err[0] == '\0' || !memchr(err, '\0', sizeof(err)))
                        abort();
        } else if (r != 0) {
                abort();
        }

        /* the result does not depend on the room left for errors */
        memset(&again, 0, sizeof(again));
        if (filter_parse(expr, &again, tiny, sizeof(tiny)) != r)
                abort();
        if (r == 0 && memcmp(&f, &again, sizeof(f)) != 0)
                abort();
        if (filter_parse(expr, &again, NULL, 0) != r)
                abort();

        for (int nr = -1; r == 0 && nr <= RENACER_SYSCALL_MAX; nr++)
                (void)filter_has(&f, nr);
        free(expr);
        return 0;
}
