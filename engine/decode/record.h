/* SPDX-License-Identifier: MIT */
/*
 * The one reader of syscall records' payload segments, shared by the
 * decoder, the session table (fd tracking), the PCIe heuristic and the
 * tests. Records arrive over a socket: every length is checked against the
 * bytes really present, and a segment that does not fit ends the walk with
 * -EBADMSG instead of being read.
 */
#ifndef RENACER_RECORD_H
#define RENACER_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "renacer-event.h"

/* One segment, pointing into the record. */
struct record_seg {
        uint8_t arg;
        uint8_t type;  /* enum renacer_seg_type */
        uint8_t flags; /* RENACER_SEGF_* */
        uint16_t len;
        const uint8_t *data;
};

struct record_seg_iter {
        const uint8_t *p;
        size_t off, total;
        unsigned left; /* segments the record announces and we have not read */
};

/*
 * Check the fixed part of a syscall record of which avail bytes are
 * readable: header size, version, kind and payload length. Returns 0,
 * -EBADMSG or -EPROTONOSUPPORT (another RENACER_EVENT_VERSION).
 */
int record_syscall_check(const void *rec, size_t avail);

/* Start walking the segments of ev, of which avail bytes are readable. The
 * walk stays within both payload_len and avail. */
void record_seg_iter_init(struct record_seg_iter *it, const struct renacer_syscall_event *ev,
                          size_t avail);

/* The next segment: 1 and *out filled, 0 at the end, -EBADMSG for a
 * segment that runs past the payload, has an unknown type, an argument
 * index above 5 or a length its type does not allow. */
int record_seg_next(struct record_seg_iter *it, struct record_seg *out);

/* The first readable (not faulted) string segment of argument arg, or
 * NULL. Stops at a malformed segment. */
const char *record_seg_str(const struct renacer_syscall_event *ev, size_t avail, unsigned arg,
                           size_t *ret_len);

/* The first segment of `type` for argument arg, or false. */
bool record_seg_find(const struct renacer_syscall_event *ev, size_t avail, unsigned arg,
                     unsigned type, struct record_seg *out);

#endif
