/* SPDX-License-Identifier: MIT */
/*
 * The networking, message, polling and I/O transfer decoders of
 * decode-net.c, for the decoder table in decode-syscalls.c and the
 * vectored I/O calls there.
 */
#ifndef RENACER_DECODE_NET_H
#define RENACER_DECODE_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "decode-internal.h"

/* generated from xlat/scmvals.in and xlat/ip_cmsg_types.in */
extern const struct xlat xl_scmvals, xl_ip_cmsg_types;

/* strace's tprint_iov_upto(): the elements of iovec array arg (its BUF
 * segments: the array, then each element's data), each iov_base shown up
 * to `total` bytes in all (UINT64_MAX: no limit), or as an address when
 * !data (a failed read). */
void put_iov(struct dctx *c, unsigned arg, uint64_t cnt, uint64_t total, bool data);

void dec_sendmsg(struct dctx *c);
void dec_recvmsg(struct dctx *c);

#endif
