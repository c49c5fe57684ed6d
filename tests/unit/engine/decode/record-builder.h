/* SPDX-License-Identifier: MIT */
/*
 * Syscall records built by hand, segment by segment, the way
 * bpf/renacer.bpf.c writes them, and decoded into strace's notation: the
 * scaffolding of the decoder's per-family unit tests.
 */
#ifndef RENACER_RECORD_BUILDER_H
#define RENACER_RECORD_BUILDER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "decode.h"

struct rec {
        union {
                struct renacer_syscall_event ev;
                uint8_t raw[RENACER_SYSCALL_EVENT_SIZE + 4 * RENACER_PAYLOAD_MAX];
        } u;
};

static struct rec R;
static struct decoded D;
static char line[2 * DECODE_TEXT_SIZE];

static inline void rec_init(struct rec *r, int nr, int64_t ret, uint64_t a0, uint64_t a1,
                            uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
        memset(r, 0, sizeof(*r));
        r->u.ev.hdr.version = RENACER_EVENT_VERSION;
        r->u.ev.hdr.kind = RENACER_EV_SYSCALL;
        r->u.ev.hdr.size = RENACER_SYSCALL_EVENT_SIZE;
        r->u.ev.hdr.tgid = 100;
        r->u.ev.hdr.tid = 100;
        r->u.ev.nr = nr;
        r->u.ev.ret = ret;
        r->u.ev.args[0] = a0;
        r->u.ev.args[1] = a1;
        r->u.ev.args[2] = a2;
        r->u.ev.args[3] = a3;
        r->u.ev.args[4] = a4;
        r->u.ev.args[5] = a5;
}

#define EV_6(nr, ret, a, b, c, d, e, f, ...)                                                       \
        rec_init(&R, nr, ret, (uint64_t)(a), (uint64_t)(b), (uint64_t)(c), (uint64_t)(d),          \
                 (uint64_t)(e), (uint64_t)(f))
/* EV(nr, ret, args...): a record for syscall nr with up to six arguments */
#define EV(nr, ret, ...) EV_6(nr, ret, ##__VA_ARGS__, 0, 0, 0, 0, 0, 0)

/* Append a segment, padded to 8 bytes as the BPF side does. */
static inline void seg(unsigned arg, unsigned type, unsigned flags, const void *data, size_t len)
{
        struct renacer_seg h = {.arg = arg, .type = type, .flags = flags, .len = (uint16_t)len};
        uint8_t *p = R.u.raw + RENACER_SYSCALL_EVENT_SIZE + R.u.ev.payload_len;
        size_t padded = (len + 7) & ~(size_t)7;

        memcpy(p, &h, sizeof(h));
        memset(p + sizeof(h), 0, padded);
        if (len)
                memcpy(p + sizeof(h), data, len);
        R.u.ev.payload_len += sizeof(h) + padded;
        R.u.ev.nseg++;
        R.u.ev.hdr.size = RENACER_SYSCALL_EVENT_SIZE + R.u.ev.payload_len;
}

static inline void seg_str(unsigned arg, const char *s)
{
        seg(arg, RENACER_SEG_STR, 0, s, strlen(s));
}

static inline void seg_buf(unsigned arg, const void *data, size_t len)
{
        seg(arg, RENACER_SEG_BUF, RENACER_SEGF_AT_EXIT, data, len);
}

/* a copy that faulted: the address could not be read */
static inline void seg_fault(unsigned arg)
{
        seg(arg, RENACER_SEG_BUF, RENACER_SEGF_AT_EXIT | RENACER_SEGF_FAULT, NULL, 0);
}

/* Decode R with -s strsize and return "name(args) = result". */
static inline const char *decode_s(unsigned strsize)
{
        struct decode_opts o = {.strsize = strsize};
        int rc = decode_event(&R.u.ev, R.u.ev.hdr.size, &o, &D);

        assert_int_equal(rc, 0);
        rc = decode_format(&D, line, sizeof(line));
        assert_true(rc > 0);
        assert_int_equal((size_t)rc, strlen(line));
        return line;
}

static inline const char *decode(void)
{
        return decode_s(0);
}

#define P1 0x7ffd1000ULL /* stand-ins for user addresses */
#define P2 0x7ffd2000ULL
#define P3 0x7ffd3000ULL

#endif
