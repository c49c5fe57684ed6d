/* SPDX-License-Identifier: MIT */
/* Shared by tracer.c (skeleton, maps) and ringbuf-consumer.c. */
#ifndef RENACER_TRACER_INTERNAL_H
#define RENACER_TRACER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tracer.h"

struct tracer {
        struct renacer_bpf *skel;
        struct ring_buffer *ring;
        tracer_record_fn fn;
        void *ctx;
        size_t ring_bytes;
        int ncpus;
        int consumed;
        size_t consumed_bytes; /* this call's; it stops at ring_bytes */
        bool consume_cut;      /* the last call stopped there, not at the ring's end */
        /* read-only views of the ring's consumer and producer positions */
        const volatile unsigned long *cons_pos, *prod_pos;
        size_t fill_peak; /* most unconsumed bytes seen before a drain */
        /* sys_enter/sys_exit stay attached only while one of these exists */
        uint32_t *live; /* sessions begun and not yet released */
        size_t nlive, live_cap;
        bool auto_track;
        bool syscalls_attached;
};

int tracer_dispatch(void *ctx, void *data, size_t len);

#endif
