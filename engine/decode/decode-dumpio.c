// SPDX-License-Identifier: MIT
/*
 * -e read=SET / -e write=SET: the hex dumps strace 6.1 prints after a
 * call's line, from the data the record carries (see dumpio.h for what is
 * captured and how a cut dump reads).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "decode-internal.h"
#include "decode-net.h"
#include "dumpio.h"
#include "record.h"
#include "syscall-table.h"

#define DMIN(a, b) ((a) < (b) ? (a) : (b))
#define SEG_MAX    (RENACER_PAYLOAD_MAX / sizeof(struct renacer_seg))

int dumpio_fds_parse(const char *spec, struct dumpio_fds *out, const char **bad, size_t *bad_len)
{
        const char *s = spec;

        memset(out, 0, sizeof(*out));
        while (*s == '!') {
                out->invert = !out->invert;
                s++;
        }
        if (!strcmp(s, "none"))
                return 0;
        if (!strcmp(s, "all")) {
                out->invert = !out->invert;
                return 0;
        }
        bool any = false;
        for (const char *t = s;; t++) {
                size_t len = strcspn(t, ",");
                char *end;
                /* strace's string_to_uint(): decimal digits up to INT_MAX */
                if (len > 0 && t[0] >= '0' && t[0] <= '9') {
                        errno = 0;
                        unsigned long v = strtoul(t, &end, 10);
                        if (end == t + len && !errno && v <= INT_MAX) {
                                bool dup = false;
                                for (unsigned i = 0; i < out->n; i++)
                                        dup |= out->fd[i] == v;
                                if (!dup) {
                                        if (out->n == DUMPIO_FDS_MAX)
                                                return -E2BIG;
                                        out->fd[out->n++] = (uint32_t)v;
                                }
                                any = true;
                                t += len;
                                if (!*t)
                                        break;
                                continue;
                        }
                }
                /* strtok() skips empty tokens: ",3" and "3," are "3" */
                if (len == 0 && (*t == ',' || !*t)) {
                        if (!*t)
                                break;
                        continue;
                }
                *bad = t;
                *bad_len = len;
                return -EINVAL;
        }
        if (!any) {
                *bad = spec;
                *bad_len = strlen(spec);
                return -EINVAL;
        }
        return 0;
}

bool dumpio_fds_has(const struct dumpio_fds *s, int64_t fd)
{
        bool in = false;

        if (!s)
                return false;
        for (unsigned i = 0; i < s->n && !in; i++)
                in = s->fd[i] == (uint64_t)fd;
        return in != s->invert;
}

static void emitf(dumpio_emit_fn emit, void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void emitf(dumpio_emit_fn emit, void *ctx, const char *fmt, ...)
{
        char line[160];
        va_list ap;

        va_start(ap, fmt);
        int n = vsnprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        if (n > 0)
                emit(ctx, line, DMIN((size_t)n, sizeof(line) - 1));
}

void dumpio_hex(const uint8_t *data, size_t have, uint64_t len, dumpio_emit_fn emit, void *ctx)
{
        static const char hexd[] = "0123456789abcdef";
        /* strace: 5 hex digits, more where the offsets need them */
        int offs = 5;

        if (len > (1ULL << 20)) {
                offs = 1;
                for (uint64_t v = len - 1; v >>= 4;)
                        offs++;
        }
        if (have > len)
                have = (size_t)len;
        for (size_t i = 0; i < have; i += 16) {
                /* xx xx xx xx xx xx xx xx  xx xx xx xx xx xx xx xx  1234567890123456 */
                char out[16 * 3 + 2 + 16 + 1];
                char *d = out;
                memset(out, ' ', sizeof(out));
                for (size_t k = 0; k < 16; k++) {
                        if (i + k < have) {
                                d[0] = hexd[data[i + k] >> 4];
                                d[1] = hexd[data[i + k] & 15];
                        }
                        d += 3 + (k == 7);
                }
                d++;
                for (size_t k = 0; k < 16; k++) {
                        uint8_t ch = i + k < have ? data[i + k] : ' ';
                        *d++ = i + k < have ? (ch >= ' ' && ch < 0x7f ? (char)ch : '.') : ' ';
                }
                *d = '\0';
                emitf(emit, ctx, " | %0*zx  %s |", offs, i, out);
        }
        if (have < len)
                emitf(emit, ctx, " | <... %llu of %llu bytes not captured>",
                      (unsigned long long)(len - have), (unsigned long long)len);
}

/* One buffer of len bytes at addr, captured in s (NULL: not in the record). */
static void dump_seg(const struct record_seg *s, uint64_t addr, uint64_t len, dumpio_emit_fn emit,
                     void *ctx)
{
        /* strace skips a length that wraps the address space */
        if (!len || len > len + 16 || addr + len < addr)
                return;
        /* strace prints nothing for memory it cannot read */
        if (s && (s->flags & RENACER_SEGF_FAULT))
                return;
        dumpio_hex(s ? s->data : NULL, s ? s->len : 0, len, emit, ctx);
}

/* strace's dumpiov_upto(): the elements of an iovec array (its segment arr,
 * then the data segments d[]) of cnt elements, data_size bytes at most. */
static void dump_iov(const struct record_seg *arr, const struct record_seg *const *d, unsigned nd,
                     uint64_t cnt, uint64_t data_size, dumpio_emit_fn emit, void *ctx)
{
        struct iovec iov;

        /* strace reads the whole array or shows nothing */
        if (!arr || (arr->flags & RENACER_SEGF_FAULT) ||
            arr->len < DMIN(cnt, (uint64_t)RENACER_IOV_MAX) * sizeof(iov))
                return;
        uint64_t n = arr->len / sizeof(iov);
        for (uint64_t i = 0; i < cnt; i++) {
                if (i >= n) {
                        if (data_size)
                                emitf(emit, ctx, " * <... buffers %llu to %llu not captured>",
                                      (unsigned long long)i, (unsigned long long)(cnt - 1));
                        return;
                }
                memcpy(&iov, arr->data + i * sizeof(iov), sizeof(iov));
                uint64_t len = DMIN((uint64_t)iov.iov_len, data_size);
                if (!len)
                        break;
                data_size -= len;
                emitf(emit, ctx, " * %llu bytes in buffer %llu", (unsigned long long)len,
                      (unsigned long long)i);
                dump_seg(i < nd ? d[i] : NULL, (uint64_t)iov.iov_base, len, emit, ctx);
        }
}

static void dump_msghdr(const struct msg_segs *ms, uint64_t data_size, dumpio_emit_fn emit,
                        void *ctx)
{
        if (ms->m.msg_iov)
                dump_iov(ms->iov, ms->data, ms->ndata, ms->m.msg_iovlen, data_size, emit, ctx);
}

/* strace's dumpiov_in_mmsghdr(): n messages of the vector at argument 1. */
static void dump_mmsg(const struct dctx *c, uint64_t n, dumpio_emit_fn emit, void *ctx)
{
        unsigned pos = 0;

        for (uint64_t i = 0; i < n; i++) {
                struct msg_segs ms;
                if (!msg_segs_take_n(c, 1, &pos, &ms, sizeof(struct mmsghdr))) {
                        /* a header that faulted ends strace's walk too */
                        if (!ms.fault)
                                emitf(emit, ctx, " = <... messages %llu to %llu not captured>",
                                      (unsigned long long)i, (unsigned long long)(n - 1));
                        return;
                }
                emitf(emit, ctx, " = %llu buffers in vector %llu",
                      (unsigned long long)ms.m.msg_iovlen, (unsigned long long)i);
                dump_msghdr(&ms, ms.msg_len, emit, ctx);
        }
}

/* The first exit BUF segment of argument 1, or NULL. */
static const struct record_seg *buf1(const struct dctx *c)
{
        return seg_at(c, 1, RENACER_SEG_BUF, true);
}

static void iov1(const struct dctx *c, uint64_t cnt, uint64_t data_size, dumpio_emit_fn emit,
                 void *ctx)
{
        const struct record_seg *d[RENACER_IOV_MAX];
        unsigned nd = 0;

        while (nd < RENACER_IOV_MAX && (d[nd] = seg_nth(c, 1, RENACER_SEG_BUF, nd + 1)))
                nd++;
        dump_iov(seg_nth(c, 1, RENACER_SEG_BUF, 0), d, nd, cnt, data_size, emit, ctx);
}

int dumpio_record(const struct renacer_syscall_event *ev, size_t avail, const struct dumpio_fds *rd,
                  const struct dumpio_fds *wr, dumpio_emit_fn emit, void *ctx)
{
        struct record_seg segs[SEG_MAX];
        struct record_seg_iter it;
        struct dctx c;
        int r;

        if (!ev || !emit)
                return -EINVAL;
        if ((r = record_syscall_check(ev, avail)) < 0)
                return r;
        /* as strace: the fd is the first argument, an int */
        int fd = (int)ev->args[0];
        bool w = dumpio_fds_has(wr, fd), rdd = dumpio_fds_has(rd, fd);
        if (fd < 0 || (!w && !rdd) || (ev->flags & RENACER_SC_NORETURN))
                return 0;
        memset(&c, 0, sizeof(c));
        record_seg_iter_init(&it, ev, avail);
        while (c.nseg < SEG_MAX && (r = record_seg_next(&it, &segs[c.nseg])) > 0)
                c.nseg++;
        if (r < 0)
                return r;
        c.ev = ev;
        c.seg = segs;
        const __u64 *a = ev->args;
        bool failed = syscall_ret_is_error(ev->ret);
        uint64_t ret = (uint64_t)ev->ret;

        if (w) {
                switch (ev->nr) {
                case __NR_write:
                case __NR_pwrite64:
                case __NR_sendto:
                case __NR_mq_timedsend:
                        dump_seg(buf1(&c), a[1], a[2], emit, ctx);
                        break;
                case __NR_writev:
                case __NR_pwritev:
                case __NR_pwritev2:
                case __NR_vmsplice:
                        iov1(&c, a[2], UINT64_MAX, emit, ctx);
                        break;
                case __NR_sendmsg: {
                        unsigned pos = 0;
                        struct msg_segs ms;
                        if (msg_segs_take_n(&c, 1, &pos, &ms, sizeof(struct msghdr)))
                                dump_msghdr(&ms, UINT64_MAX, emit, ctx);
                        break;
                }
                case __NR_sendmmsg:
                        if (!failed)
                                dump_mmsg(&c, (uint32_t)ret, emit, ctx);
                        break;
                }
        }
        if (failed || !rdd)
                return 0;
        switch (ev->nr) {
        case __NR_read:
        case __NR_pread64:
        case __NR_recvfrom:
        case __NR_mq_timedreceive:
                dump_seg(buf1(&c), a[1], ret, emit, ctx);
                break;
        case __NR_readv:
        case __NR_preadv:
        case __NR_preadv2:
                iov1(&c, a[2], ret, emit, ctx);
                break;
        case __NR_recvmsg: {
                unsigned pos = 0;
                struct msg_segs ms;
                if (msg_segs_take_n(&c, 1, &pos, &ms, sizeof(struct msghdr)))
                        dump_msghdr(&ms, ret, emit, ctx);
                break;
        }
        case __NR_recvmmsg:
                dump_mmsg(&c, (uint32_t)ret, emit, ctx);
                break;
        }
        return 0;
}
