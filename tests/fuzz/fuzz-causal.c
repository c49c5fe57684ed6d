// SPDX-License-Identifier: MIT
/*
 * The causal engine, the critical path and the Perfetto writer on
 * arbitrary record streams (records reach renacerctl over a socket). The
 * input is cut into records as a reader of the stream would (each
 * header's size says where the next one starts), each copied into a
 * buffer of exactly its length; the arrival clock advances by the byte
 * after each record. Small limits make the bounds (pending records,
 * queue entries, tasks) bite. Whatever arrives: every accepted record is
 * released exactly once, in release order, each task's clocks rise and
 * every cause's clock is below its effect's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "causal-graph.h"
#include "causal.h"
#include "renacer-event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TASKS 64

struct check {
        uint64_t released;
        uint32_t tid[TASKS];
        uint64_t clock[TASKS];
        struct cgraph g;
};

static void on_emit(void *ctx, const void *rec, size_t len, const struct causal_note *n)
{
        struct check *k = ctx;

        if (n->seq != k->released++)
                abort();
        if (n->edge != CAUSAL_EDGE_NONE && (n->cause_clock >= n->clock || n->cause_seq >= n->seq))
                abort();
        for (size_t i = 0; i < TASKS; i++) {
                if (k->tid[i] == n->tid || !k->clock[i]) {
                        if (k->clock[i] && n->clock <= k->clock[i])
                                abort();
                        k->tid[i] = n->tid;
                        k->clock[i] = n->clock;
                        break;
                }
        }
        int r = cgraph_add(&k->g, rec, len, n);
        if (r < 0 && r != -E2BIG && r != -ENOMEM)
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct causal_limits lim = {.max_pending = 16,
                                    .max_wait_ns = 1000,
                                    .max_tasks = 32,
                                    .max_queues = 16,
                                    .max_entries = 4};
        struct check k = {0};
        struct causal *c;
        uint64_t accepted = 0, now = 0;
        size_t off = 0;

        cgraph_init(&k.g, 256);
        if (causal_new(&lim, on_emit, &k, &c) < 0)
                return 0;
        while (off < size) {
                size_t left = size - off, len;
                uint16_t hsize = 0;
                uint8_t *rec;

                if (left >= 4)
                        memcpy(&hsize, data + off + 2, sizeof(hsize));
                len = hsize ? hsize : sizeof(struct renacer_event_header);
                if (len > left)
                        len = left;
                rec = malloc(len);
                if (!rec)
                        break;
                memcpy(rec, data + off, len);
                int r = causal_feed(c, rec, len, now);
                free(rec);
                if (r == 0)
                        accepted++;
                else if (r != -EBADMSG && r != -ENOMEM)
                        abort();
                if (causal_pending(c) > lim.max_pending)
                        abort();
                off += len;
                now += off < size ? data[off - 1] * 16u : 0;
        }
        causal_drain(c);
        if (causal_pending(c) || k.released != accepted)
                abort();
        causal_free(c);

        struct critical_path cp;
        if (cgraph_finalize(&k.g) == 0 && critical_path_compute(&k.g, &cp) == 0) {
                for (size_t i = 0; i < cp.n; i++)
                        if (cp.seg[i].from > cp.seg[i].to)
                                abort();
                FILE *f = fopen("/dev/null", "w");
                if (f) {
                        critical_path_print(&cp, &k.g, f);
                        perfetto_write(&k.g, &cp, f);
                        fclose(f);
                }
                critical_path_free(&cp);
        }
        cgraph_free(&k.g);
        return 0;
}
