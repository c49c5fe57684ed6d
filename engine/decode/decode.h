/* SPDX-License-Identifier: MIT */
/*
 * Decoding of syscall records (struct renacer_syscall_event plus its payload
 * segments) into strace 6.1's notation, one string per argument plus the
 * result, so that a text renderer can join them with ", " and a JSON renderer
 * can emit them one by one.
 *
 * The decoder never allocates and never prints: the caller owns one struct
 * decoded and reuses it for every event. Records come from a socket, so
 * every length in them is checked against the bytes the caller has before it
 * is used.
 */
#ifndef RENACER_DECODE_H
#define RENACER_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "renacer-event.h"

#define DECODE_MAX_ARGS        6
#define DECODE_DEFAULT_STRSIZE 32
/* Enough for the worst record: RENACER_PAYLOAD_MAX bytes escaped 4:1 plus
 * the fixed text around them. */
#define DECODE_TEXT_SIZE (4 * RENACER_PAYLOAD_MAX + 4096)
_Static_assert(DECODE_TEXT_SIZE <= UINT16_MAX, "argument offsets are 16 bits");

struct decode_opts {
        unsigned strsize; /* -s: data bytes and argv strings shown; 0 means 32 */
        /* strsize is -s as the user gave it, 0 included: strace's -s 0
         * shows no byte of a string and no element of an array */
        bool strsize_given;
        /* -v (strace's -e abbrev=none, for this call): structures in full
         * (stat, statx, rusage, utsname) and arrays beyond -s elements */
        bool no_abbrev;
        /* -e verbose=SET, for a call not in SET: strace's !verbose(tcp):
         * structures, arrays and argv are printed as their addresses; data
         * buffers and strings still in full */
        bool nonverbose;
        /* -e raw=SET: strace's printargs(): each argument strace's table
         * counts in hex, the result in hex or as -1 ERRNO (text) */
        bool raw;
        /* -x (1), -xx (2): the renderer prints strings in hex; a printer
         * whose plain form drops bytes strace's hex form keeps (an xattr
         * value's trailing NUL) keeps them */
        unsigned hex;
};

struct decoded {
        /* every argument and the result, each NUL-terminated */
        char text[DECODE_TEXT_SIZE];
        uint16_t arg_off[DECODE_MAX_ARGS];
        uint16_t arg_len[DECODE_MAX_ARGS];
        int nargs; /* arguments strace prints for this call */
        /* result without the leading "= ": "3", "0x7f12...", "?",
         * "-1 ENOENT (No such file or directory)",
         * "2 ([{fd=4, revents=POLLIN}])" */
        uint16_t ret_off, ret_len;
        int nr;           /* the syscall number of the record */
        const char *name; /* syscall_name(nr): stable storage */
};

/*
 * Decode the syscall record at ev, of which avail bytes are readable.
 * Returns 0, -EBADMSG for a malformed record (sizes that do not add up, a
 * segment running past the payload, a payload running past avail, a record
 * that is not RENACER_EV_SYSCALL), -EPROTONOSUPPORT for another
 * RENACER_EVENT_VERSION, -EINVAL for NULL pointers, or -ENOSPC if the text
 * did not fit (which a well-formed record cannot cause).
 */
int decode_event(const struct renacer_syscall_event *ev, size_t avail, const struct decode_opts *o,
                 struct decoded *out);

static inline const char *decoded_arg(const struct decoded *d, int i)
{
        return d->text + d->arg_off[i];
}

static inline const char *decoded_ret(const struct decoded *d)
{
        return d->text + d->ret_off;
}

/*
 * Write "name(arg, arg, ...) = result" (strace's line without pid, time or
 * column padding) into buf. Returns the length, or -ENOSPC if size is too
 * small (buf then holds a NUL-terminated prefix).
 */
int decode_format(const struct decoded *d, char *buf, size_t size);

#endif
