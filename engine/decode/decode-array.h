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

/* strace's print_nonzero_bytes() of the bytes past a structure of head
 * bytes that the caller says is size bytes long (read up to a page): the
 * segment s holds them (EXIT(TAIL)); nothing when they are all zero,
 * prefix and "???" when they could not be read, else prefix, a comment
 * naming the bytes' range and the bytes in hex, cut at -s. */
#define RENACER_TAIL_PAGE 4096 /* strace reads up to get_pagesize() */
void put_nonzero_tail(struct dctx *c, const struct record_seg *s, uint64_t size, size_t head,
                      const char *prefix);

#endif
