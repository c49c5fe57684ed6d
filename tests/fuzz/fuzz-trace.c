// SPDX-License-Identifier: MIT
/* golden_trace_parse on arbitrary bytes: `renacerctl diff` and `golden
 * check` read trace files anyone may have written. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "golden-trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct golden_trace t;
        char err[160];
        int r;

        golden_trace_init(&t);
        err[0] = '\0';
        r = golden_trace_parse((const char *)data, size, &t, err, sizeof(err));
        if (r < 0) {
                if (r != -ENOMEM && (err[0] == '\0' || !memchr(err, '\0', sizeof(err))))
                        abort();
        } else {
                /* a parsed trace counts every call it lists, or has a summary */
                if (t.calls.n > GOLDEN_TRACE_MAX_CALLS)
                        abort();
                for (size_t i = 0; i < t.calls.n; i++)
                        if (!t.calls.lines[i])
                                abort();
                golden_count_deltas(&t.counts, &t.counts, NULL);
        }
        golden_trace_free(&t);
        return 0;
}
