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
#include <sys/socket.h>

#include "decode-internal.h"

/* generated from the lists of the same names in xlat/ */
extern const struct xlat xl_scmvals, xl_ip_cmsg_types, xl_splice_flags, xl_sock_ipv6_options;

/* strace's tprint_iov_upto(): the elements of iovec array arg (its BUF
 * segments: the array, then each element's data), each iov_base shown up
 * to `total` bytes in all (UINT64_MAX: no limit), or as an address when
 * !data (a failed read). */
void put_iov(struct dctx *c, unsigned arg, uint64_t cnt, uint64_t total, bool data);

/* strace's print_kernel_sigset(): the {sigset pointer, size} pair at
 * argument i and the set it points to (ENTER(SIGSET_PACK, i)) */
void put_sigset_pack(struct dctx *c, unsigned i);

/* setsockopt's multicast requests at SOL_IP and SOL_IPV6 (ip_mreq,
 * ipv6_mreq, group_req) of len bytes at argument 3: true when name is one
 * and it was printed. */
bool put_sockopt_mreq(struct dctx *c, uint32_t level, uint32_t name, int32_t len);

/* strace's PRINT_FIELD_IFINDEX: if_nametoindex("NAME") for an interface
 * this host has, the number otherwise */
void put_ifindex(struct dctx *c, uint32_t idx);

/* The segments of one msghdr, in renacer_capture_msghdr()'s order. */
struct msg_segs {
        const struct record_seg *hdr, *name, *ctl, *iov;
        const struct record_seg *data[RENACER_IOV_MAX];
        unsigned ndata;
        bool have_clen;
        bool fault;       /* the header could not be read */
        bool complete;    /* every segment the header calls for is there */
        uint32_t clen;    /* msg_controllen bounded by optmem_max */
        uint32_t msg_len; /* struct mmsghdr's */
        struct msghdr m;
};

/* Take the exit segments of arg that describe one msghdr (hsize: the
 * header's size, a struct msghdr or struct mmsghdr), from c->seg[*pos] on,
 * and move *pos past them. False when there is no readable header. */
bool msg_segs_take_n(const struct dctx *c, unsigned arg, unsigned *pos, struct msg_segs *ms,
                     size_t hsize);

void dec_sendmsg(struct dctx *c);
void dec_recvmsg(struct dctx *c);
void dec_sendmmsg(struct dctx *c);
void dec_recvmmsg(struct dctx *c);
void dec_sendfile(struct dctx *c);
void dec_splice(struct dctx *c);
void dec_copy_file_range(struct dctx *c);
void dec_vmsplice(struct dctx *c);
void dec_select(struct dctx *c);
void dec_pselect6(struct dctx *c);
void dec_ppoll(struct dctx *c);

#endif
