/* SPDX-License-Identifier: MIT */
/*
 * The flight recorder's buffer: the last SIZE bytes of a session's ring
 * records, oldest overwritten first, kept until the run turns out to have
 * failed (then they are rendered or saved) or succeeded (then dropped).
 * Each record is stored whole behind a 4-byte length; no allocation per
 * record.
 */
#ifndef RENACER_FLIGHT_RING_H
#define RENACER_FLIGHT_RING_H

#include <stddef.h>
#include <stdint.h>

#define FLIGHT_RING_DEFAULT (4u << 20)
#define FLIGHT_RING_MIN     (4u << 10)
#define FLIGHT_RING_MAX     (1u << 30)

struct flight_ring {
        uint8_t *buf;
        size_t cap;  /* bytes */
        size_t head; /* offset of the oldest entry */
        size_t used; /* bytes held, length prefixes included */
        size_t n;    /* records held */
        size_t max_len;
        uint64_t overwritten; /* older records pushed out */
        uint64_t too_large;   /* records larger than the whole buffer */
};

/* "4M", "512K", "65536" (bytes; K and M are powers of 1024), within
 * FLIGHT_RING_MIN..FLIGHT_RING_MAX. Returns 0, -EINVAL or -ERANGE. */
int flight_ring_parse_size(const char *s, size_t *ret);

int flight_ring_init(struct flight_ring *r, size_t cap);
void flight_ring_free(struct flight_ring *r);
void flight_ring_push(struct flight_ring *r, const void *rec, size_t len);
/* Call fn on every record held, oldest first, each in its own aligned
 * copy. Stops at fn's first negative return and returns it. */
typedef int (*flight_ring_fn)(void *ctx, const void *rec, size_t len);
int flight_ring_each(const struct flight_ring *r, flight_ring_fn fn, void *ctx);

#endif
