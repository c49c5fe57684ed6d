/* SPDX-License-Identifier: MIT */
/*
 * ioctl's request names (the table gen-ioctls.py generates from strace's
 * lists) and the printers of the request families decode-ioctl*.c decode.
 */
#ifndef RENACER_DECODE_IOCTL_H
#define RENACER_DECODE_IOCTL_H

#include <stddef.h>
#include <stdint.h>

#include "decode-internal.h"

struct ioctl_ent {
        uint32_t code;
        const char *name;
};

/* sorted by code, then by name: the names of one code are adjacent */
extern const struct ioctl_ent ioctl_ents[];
extern const size_t ioctl_nents;

/* strace's request: the names of its code joined by " or " (after a
 * decoded number such as EVIOCGBIT(EV_KEY, 8)), or _IOC(dir, type, nr,
 * size) for a code no list names. */
void put_ioctl_request(struct dbuf *b, uint32_t req);

/* Socket requests (type 0x89, decode-ioctl-sock.c): true when the third
 * argument was printed as strace prints it, false for strace's default
 * (the argument in hex). */
bool ioctl_sock(struct dctx *c, uint32_t req);

/* Input event requests (type 'E', decode-ioctl-input.c) whose argument is
 * a number: the same contract as ioctl_sock(). */
bool ioctl_evdev(struct dctx *c, uint32_t req);

#endif
