// SPDX-License-Identifier: MIT
/* The ring-buffer consumer: drains records in ring order and hands each to
 * the owner's handler without copying or allocating. */
#include <bpf/libbpf.h>
#include <errno.h>

#include "tracer-internal.h"

int tracer_dispatch(void *ctx, void *data, size_t len)
{
        struct tracer *t = ctx;
        const struct renacer_event_header *h = data;

        if (len < sizeof(*h) || h->version != RENACER_EVENT_VERSION || h->size > len)
                return 0; /* not ours to judge further: skip, keep draining */
        t->consumed++;
        return t->fn(t->ctx, data, len);
}

int tracer_consume(struct tracer *t)
{
        int r;

        t->consumed = 0;
        if (t->cons_pos) {
                size_t used, peak;
                if (tracer_ring_fill(t, &used, &peak) == 0)
                        t->fill_peak = peak;
        }
        r = ring_buffer__consume(t->ring);
        if (r < 0 && r != -EINTR)
                return r;
        return t->consumed;
}
