// SPDX-License-Identifier: MIT
/* The ring-buffer consumer: drains records in ring order and hands each to
 * the owner's handler without copying or allocating. One call takes at
 * most a ring's worth of bytes: libbpf's consume loops while the producer
 * writes, and a busy host would otherwise keep the caller in it for good
 * (no client answered, no signal read). */
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
        int r = t->fn(t->ctx, data, len);
        if (r < 0)
                return r;
        t->consumed_bytes += len + 8; /* and the ring's record header */
        /* this record is consumed either way: stop after it */
        return t->consumed_bytes >= t->ring_bytes ? -E2BIG : 0;
}

bool tracer_consume_cut(const struct tracer *t)
{
        return t->consume_cut;
}

int tracer_consume(struct tracer *t)
{
        int r;

        t->consumed = 0;
        t->consumed_bytes = 0;
        t->consume_cut = false;
        if (t->cons_pos) {
                size_t used, peak;
                if (tracer_ring_fill(t, &used, &peak) == 0)
                        t->fill_peak = peak;
        }
        r = ring_buffer__consume(t->ring);
        t->consume_cut = r == -E2BIG;
        if (r < 0 && r != -EINTR && r != -E2BIG)
                return r;
        return t->consumed;
}
