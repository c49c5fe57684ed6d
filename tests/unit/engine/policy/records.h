/* SPDX-License-Identifier: MIT */
/* Synthetic kernel records for the policy tests, laid out exactly as
 * bpf/renacer.bpf.c writes them (struct + 8-byte aligned segments). */
#ifndef RENACER_TEST_RECORDS_H
#define RENACER_TEST_RECORDS_H

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "renacer-event.h"

struct rec {
        union {
                struct renacer_syscall_event ev;
                struct renacer_proc_event proc;
                uint8_t raw[1024];
        };
        size_t len;
};

static inline void rec_fix_size(struct rec *r)
{
        r->ev.hdr.size = (uint16_t)r->len;
}

/* A completed syscall of tgid (tid = tgid) at ts_ns. */
static inline struct rec *rec_syscall(struct rec *r, uint32_t tgid, uint64_t ts_ns, int nr,
                                      int64_t ret, uint64_t duration_ns, uint64_t a0, uint64_t a1,
                                      uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
        memset(r, 0, sizeof(*r));
        r->ev.hdr.version = RENACER_EVENT_VERSION;
        r->ev.hdr.kind = RENACER_EV_SYSCALL;
        r->ev.hdr.session_id = 1;
        r->ev.hdr.ts_ns = ts_ns;
        r->ev.hdr.tgid = tgid;
        r->ev.hdr.tid = tgid;
        r->ev.nr = nr;
        r->ev.args[0] = a0;
        r->ev.args[1] = a1;
        r->ev.args[2] = a2;
        r->ev.args[3] = a3;
        r->ev.args[4] = a4;
        r->ev.args[5] = a5;
        r->ev.ret = ret;
        r->ev.duration_ns = duration_ns;
        r->len = sizeof(r->ev);
        rec_fix_size(r);
        return r;
}

static inline void rec_add_seg(struct rec *r, unsigned arg, unsigned type, const void *data,
                               uint16_t len)
{
        struct renacer_seg sg = {.arg = (uint8_t)arg, .type = (uint8_t)type, .len = len};
        size_t padded = (len + 7u) & ~7u;
        /* through the whole struct: GCC would take r->raw for the union's
         * first member and warn about writing past it */
        uint8_t *base = (uint8_t *)r;

        if (type == RENACER_SEG_FDDEV)
                sg.flags = RENACER_SEGF_AT_EXIT;
        memcpy(base + r->len, &sg, sizeof(sg));
        memcpy(base + r->len + sizeof(sg), data, len);
        r->len += sizeof(sg) + padded;
        r->ev.payload_len = (uint16_t)(r->ev.payload_len + sizeof(sg) + padded);
        r->ev.nseg++;
        rec_fix_size(r);
}

static inline void rec_add_fddev(struct rec *r, unsigned arg, uint32_t mode, uint32_t rdev)
{
        struct renacer_seg_fddev d = {.mode = mode, .rdev = rdev};

        rec_add_seg(r, arg, RENACER_SEG_FDDEV, &d, sizeof(d));
}

static inline void rec_add_str(struct rec *r, unsigned arg, const char *s)
{
        rec_add_seg(r, arg, RENACER_SEG_STR, s, (uint16_t)strlen(s));
}

static inline struct rec *rec_proc(struct rec *r, unsigned kind, uint32_t tgid, uint64_t ts_ns,
                                   uint32_t ppid, uint64_t maxrss_kb)
{
        memset(r, 0, sizeof(*r));
        r->proc.hdr.version = RENACER_EVENT_VERSION;
        r->proc.hdr.kind = (uint8_t)kind;
        r->proc.hdr.session_id = 1;
        r->proc.hdr.ts_ns = ts_ns;
        r->proc.hdr.tgid = tgid;
        r->proc.hdr.tid = tgid;
        r->proc.ppid = ppid;
        r->proc.maxrss_kb = maxrss_kb;
        r->len = sizeof(r->proc);
        r->proc.hdr.size = (uint16_t)r->len;
        return r;
}

#define CHR(rdev) (S_IFCHR | 0660u), (rdev)

#endif
