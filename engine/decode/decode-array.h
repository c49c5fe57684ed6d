/* SPDX-License-Identifier: MIT */
/*
 * strace's print_array() over a captured segment (decode-array.c), for
 * the per-family decoders whose rows copy arrays.
 */
#ifndef RENACER_DECODE_ARRAY_H
#define RENACER_DECODE_ARRAY_H

#include <stddef.h>
#include <stdint.h>

#include "decode-internal.h"

/* prints the element of esize bytes at e */
typedef void (*elem_fn)(struct dctx *c, const uint8_t *e);

/* The nr elements of esize bytes at addr, of which the segment s (NULL:
 * not captured) holds the first ones that could be read: NULL, [] when
 * empty, the address when not even the first can be read, "..." and the
 * address in a comment where reading stopped, "..." after -s elements
 * (or where the capture was cut: TRUNC). */
void put_seg_array(struct dctx *c, const struct record_seg *s, uint64_t addr, uint64_t nr,
                   size_t esize, elem_fn elem);

#endif
