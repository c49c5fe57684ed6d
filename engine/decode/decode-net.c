// SPDX-License-Identifier: MIT
/*
 * Networking, messages and I/O transfer, as strace 6.1 prints them: iovec
 * vectors, struct msghdr with its name, iovecs and control messages
 * (sendmsg, recvmsg).
 *
 * The bytes come from the segments renacer_capture_msghdr() and
 * renacer_capture_iov() write (bpf/renacer.bpf.c); every length in them is
 * the traced program's and is checked against what was captured before a
 * byte is read.
 */
#include "decode-net.h"

#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/errqueue.h>

#define A(i) (c->a[i])

static bool exited_ok(const struct dctx *c)
{
        return !c->failed && !c->noret;
}

/* include/linux/socket.h; no UAPI or libc header has it (strace's own
 * xlat/scmvals.in lists the same value) */
#ifndef SCM_SECURITY
#define SCM_SECURITY 3
#endif

/* ---- iovec vectors ---- */

/* The elements of the iovec array at addr: arr is its segment, data[] the
 * segments of the first ndata elements' data. */
static void put_iov_segs(struct dctx *c, uint64_t addr, const struct record_seg *arr,
                         const struct record_seg *const *data, unsigned ndata, uint64_t cnt,
                         uint64_t total, bool show)
{
        struct iovec iov;
        uint64_t n;

        if (!addr || !arr || (arr->flags & RENACER_SEGF_FAULT) || (cnt && arr->len < sizeof(iov))) {
                put_ptr(c, addr);
                return;
        }
        n = arr->len / sizeof(iov);
        db_putc(c->b, '[');
        for (uint64_t k = 0; k < n && k < cnt; k++) {
                const struct record_seg *d = k < ndata ? data[k] : NULL;
                uint64_t len;

                if (k)
                        db_puts(c->b, ", ");
                /* print_array(): -s elements, unless -v */
                if (k >= c->strsize && !c->no_abbrev) {
                        db_puts(c->b, "...]");
                        return;
                }
                memcpy(&iov, arr->data + k * sizeof(iov), sizeof(iov));
                len = iov.iov_len < total ? iov.iov_len : total;
                if (total != UINT64_MAX)
                        total -= len;
                db_puts(c->b, "{iov_base=");
                if (!show || !iov.iov_base || !d || (d->flags & RENACER_SEGF_FAULT)) {
                        put_ptr(c, (uint64_t)(uintptr_t)iov.iov_base);
                } else {
                        size_t shown = d->len < c->strsize ? d->len : c->strsize;

                        if (shown > len)
                                shown = (size_t)len;
                        put_quoted(c->b, d->data, shown, false);
                        if (len > shown)
                                db_puts(c->b, "...");
                }
                db_printf(c->b, ", iov_len=%llu}", (unsigned long long)iov.iov_len);
        }
        if (cnt > n && n < RENACER_IOV_MAX)
                /* the element after the last one read could not be read */
                db_printf(c->b, ", ... /* %#llx */", (unsigned long long)(addr + n * sizeof(iov)));
        else if (cnt > n)
                db_puts(c->b, ", ...");
        db_putc(c->b, ']');
}

void put_iov(struct dctx *c, unsigned arg, uint64_t cnt, uint64_t total, bool data)
{
        const struct record_seg *d[RENACER_IOV_MAX];
        unsigned nd = 0;

        while (nd < RENACER_IOV_MAX && (d[nd] = seg_nth(c, arg, RENACER_SEG_BUF, nd + 1)))
                nd++;
        put_iov_segs(c, A(arg), seg_nth(c, arg, RENACER_SEG_BUF, 0), d, nd, cnt, total, data);
}

/* ---- struct msghdr ---- */

/* Take the exit segments of arg that describe one msghdr (hsize: the
 * header's size, a struct msghdr or struct mmsghdr), from c->seg[*pos] on,
 * and move *pos past them. False when there is no readable header. */
bool msg_segs_take_n(const struct dctx *c, unsigned arg, unsigned *pos, struct msg_segs *ms,
                     size_t hsize)
{
        unsigned k = 0, want = 3;

        memset(ms, 0, sizeof(*ms));
        if (c->nonverbose) /* -e verbose=: the address, as strace prints it */
                return false;
        for (unsigned i = *pos; i < c->nseg; i++) {
                const struct record_seg *s = &c->seg[i];

                if (s->arg != arg || !(s->flags & RENACER_SEGF_AT_EXIT))
                        continue;
                *pos = i + 1;
                if (s->type == RENACER_SEG_COUNT && k == 2 && !ms->have_clen) {
                        memcpy(&ms->clen, s->data, sizeof(ms->clen));
                        ms->have_clen = true;
                        continue;
                }
                if (s->type != RENACER_SEG_BUF)
                        return false;
                switch (k++) {
                case 0:
                        ms->fault = s->flags & RENACER_SEGF_FAULT;
                        if (ms->fault || s->len != hsize)
                                return false;
                        ms->hdr = s;
                        memcpy(&ms->m, s->data, sizeof(ms->m));
                        if (hsize == sizeof(struct mmsghdr))
                                memcpy(&ms->msg_len, s->data + offsetof(struct mmsghdr, msg_len),
                                       sizeof(ms->msg_len));
                        if (ms->m.msg_iov)
                                want = 4;
                        break;
                case 1:
                        ms->name = s;
                        break;
                case 2:
                        ms->ctl = s;
                        break;
                case 3:
                        ms->iov = s;
                        if (!(s->flags & RENACER_SEGF_FAULT))
                                want = 4 + s->len / sizeof(struct iovec);
                        break;
                default:
                        ms->data[ms->ndata++] = s;
                        break;
                }
                if (k >= want || ms->ndata >= RENACER_IOV_MAX) {
                        ms->complete = ms->have_clen;
                        break;
                }
        }
        return ms->hdr != NULL;
}

static bool msg_segs_take(const struct dctx *c, unsigned arg, unsigned *pos, struct msg_segs *ms)
{
        return msg_segs_take_n(c, arg, pos, ms, sizeof(struct msghdr));
}

/* ---- control messages ---- */

/* An array of n elements of `size` bytes at p, strace's print_local_array
 * (at most -s elements, then "..."). */
static void put_local_array(struct dctx *c, const uint8_t *p, size_t n, size_t size, char kind)
{
        db_putc(c->b, '[');
        for (size_t i = 0; i < n; i++) {
                if (i)
                        db_puts(c->b, ", ");
                if (i >= c->strsize) {
                        db_puts(c->b, "...");
                        break;
                }
                if (size == 1) {
                        db_printf(c->b, "%#x", p[i]);
                } else {
                        uint32_t v;

                        memcpy(&v, p + i * size, sizeof(v));
                        if (kind == 'd')
                                db_printf(c->b, "%d", (int32_t)v);
                        else
                                db_printf(c->b, "%u", v);
                }
        }
        db_putc(c->b, ']');
}

/* {tv_sec=..., tv_usec=...} or tv_nsec, from 16 bytes */
static void put_ktime(struct dctx *c, const uint8_t *p, const char *sub)
{
        int64_t sec;
        uint64_t frac;

        memcpy(&sec, p, sizeof(sec));
        memcpy(&frac, p + sizeof(sec), sizeof(frac));
        db_printf(c->b, "{tv_sec=%lld, %s=%llu}", (long long)sec, sub, (unsigned long long)frac);
}

static void put_in_addr(struct dctx *c, const uint8_t *p)
{
        char a[INET_ADDRSTRLEN];

        inet_ntop(AF_INET, p, a, sizeof(a));
        db_printf(c->b, "inet_addr(\"%s\")", a);
}

void put_ifindex(struct dctx *c, uint32_t idx)
{
        char name[IF_NAMESIZE];

        if (idx && if_indextoname(idx, name))
                db_printf(c->b, "if_nametoindex(\"%s\")", name);
        else
                db_printf(c->b, "%u", idx);
}

/* A sockaddr of len bytes held in a control message. */
static void put_cmsg_sockaddr(struct dctx *c, const uint8_t *p, size_t len)
{
        struct record_seg s = {.type = RENACER_SEG_BUF, .len = (uint16_t)len, .data = p};

        put_sockaddr_seg(c, &s, 0, len);
}

/* The least data each known type needs before strace prints it. */
static size_t cmsg_min_len(int level, uint32_t type)
{
        if (level == SOL_SOCKET) {
                switch (type) {
                case SCM_RIGHTS:
                        return sizeof(int);
                case SCM_CREDENTIALS:
                        return sizeof(struct ucred);
                case SCM_SECURITY:
                case SO_TIMESTAMP_OLD:
                case SO_TIMESTAMPNS_OLD:
                case SO_TIMESTAMPING_OLD:
                case SO_TIMESTAMP_NEW:
                case SO_TIMESTAMPNS_NEW:
                case SO_TIMESTAMPING_NEW:
                        return 1;
                }
        } else if (level == SOL_IP) {
                switch (type) {
                case IP_PKTINFO:
                        return sizeof(struct in_pktinfo);
                case IP_TTL:
                case IP_CHECKSUM:
                        return sizeof(unsigned int);
                case IP_TOS:
                case IP_RECVOPTS:
                case IP_RETOPTS:
                case SCM_SECURITY:
                        return 1;
                case IP_RECVERR:
                        return sizeof(struct sock_extended_err) + sizeof(struct sockaddr_in);
                case IP_ORIGDSTADDR:
                        return sizeof(struct sockaddr_in);
                }
        }
        return 0;
}

static size_t min_sz(size_t a, size_t b)
{
        return a < b ? a : b;
}

/* How many bytes of a type's len bytes of data strace reads to print them
 * (0: it prints none). */
static size_t cmsg_need(int level, uint32_t type, size_t len, unsigned strsize)
{
        size_t min = cmsg_min_len(level, type);

        if (!min || len < min)
                return 0;
        if (level == SOL_SOCKET) {
                switch (type) {
                case SCM_RIGHTS:
                        return min_sz(len / sizeof(int), strsize) * sizeof(int);
                case SCM_CREDENTIALS:
                        return sizeof(struct ucred);
                case SO_TIMESTAMPING_OLD:
                case SO_TIMESTAMPING_NEW:
                        return len < 3 * 16 ? 0 : 3 * 16;
                case SCM_SECURITY:
                        return len;
                default:
                        return len < 16 ? 0 : 16;
                }
        }
        switch (type) {
        case IP_TTL:
        case IP_CHECKSUM:
                return min_sz(len / sizeof(int), strsize) * sizeof(int);
        case IP_TOS:
        case IP_RECVOPTS:
        case IP_RETOPTS:
                return min_sz(len, strsize);
        case IP_ORIGDSTADDR:
                return min_sz(len, sizeof(struct sockaddr_storage));
        case SCM_SECURITY:
                return len;
        default:
                return min;
        }
}

/* strace's print_cmsg_type_data(): the type and, when strace knows it and
 * there is enough of it, ", cmsg_data=..." from len bytes at p. */
static void put_cmsg_data(struct dctx *c, int level, uint32_t type, const uint8_t *p, size_t len)
{
        db_puts(c->b, ", cmsg_data=");
        if (level == SOL_SOCKET) {
                switch (type) {
                case SCM_RIGHTS:
                        put_local_array(c, p, len / sizeof(int), sizeof(int), 'd');
                        return;
                case SCM_CREDENTIALS: {
                        struct ucred u;

                        memcpy(&u, p, sizeof(u));
                        db_printf(c->b, "{pid=%d, uid=", (int)u.pid);
                        put_uid(c, u.uid);
                        db_puts(c->b, ", gid=");
                        put_uid(c, u.gid);
                        db_putc(c->b, '}');
                        return;
                }
                case SCM_SECURITY:
                        put_quoted(c->b, p, len, false);
                        return;
                case SO_TIMESTAMP_OLD:
                case SO_TIMESTAMP_NEW:
                case SO_TIMESTAMPNS_OLD:
                case SO_TIMESTAMPNS_NEW:
                        if (len < 16)
                                db_puts(c->b, "???");
                        else
                                put_ktime(c, p,
                                          type == SO_TIMESTAMP_OLD || type == SO_TIMESTAMP_NEW
                                              ? "tv_usec"
                                              : "tv_nsec");
                        return;
                case SO_TIMESTAMPING_OLD:
                case SO_TIMESTAMPING_NEW:
                        if (len < 3 * 16) {
                                db_puts(c->b, "???");
                                return;
                        }
                        for (int i = 0; i < 3; i++) {
                                db_puts(c->b, i ? ", " : "[");
                                put_ktime(c, p + i * 16, "tv_nsec");
                        }
                        db_putc(c->b, ']');
                        return;
                }
                return;
        }
        switch (type) {
        case IP_PKTINFO: {
                struct in_pktinfo pi;

                memcpy(&pi, p, sizeof(pi));
                db_puts(c->b, "{ipi_ifindex=");
                put_ifindex(c, (uint32_t)pi.ipi_ifindex);
                db_puts(c->b, ", ipi_spec_dst=");
                put_in_addr(c, (const uint8_t *)&pi.ipi_spec_dst);
                db_puts(c->b, ", ipi_addr=");
                put_in_addr(c, (const uint8_t *)&pi.ipi_addr);
                db_putc(c->b, '}');
                return;
        }
        case IP_TTL:
        case IP_CHECKSUM:
                put_local_array(c, p, len / sizeof(int), sizeof(int), 'u');
                return;
        case IP_TOS:
        case IP_RECVOPTS:
        case IP_RETOPTS:
                put_local_array(c, p, len, 1, 'x');
                return;
        case IP_RECVERR: {
                struct sock_extended_err e;

                memcpy(&e, p, sizeof(e));
                db_printf(c->b,
                          "{ee_errno=%u, ee_origin=%u, ee_type=%u, ee_code=%u, ee_info=%u, "
                          "ee_data=%u, offender=",
                          e.ee_errno, e.ee_origin, e.ee_type, e.ee_code, e.ee_info, e.ee_data);
                put_cmsg_sockaddr(c, p + sizeof(e), sizeof(struct sockaddr_in));
                db_putc(c->b, '}');
                return;
        }
        case IP_ORIGDSTADDR:
                put_cmsg_sockaddr(
                    c, p,
                    len > sizeof(struct sockaddr_storage) ? sizeof(struct sockaddr_storage) : len);
                return;
        case SCM_SECURITY:
                put_quoted(c->b, p, len, false);
                return;
        }
}

/* strace's decode_msg_control(): the control messages in the control_len
 * (msg_controllen bounded by optmem_max) bytes at addr, of which s holds
 * the first ones. in_len is msg_controllen itself. */
static void put_msg_control(struct dctx *c, uint64_t addr, uint64_t in_len,
                            const struct msg_segs *ms)
{
        const struct record_seg *s = ms->ctl;
        const size_t hsize = sizeof(struct cmsghdr);
        uint64_t control_len = ms->clen, buf_len = control_len, pos = 0;
        unsigned printed = 0;
        bool cut = false;

        if (!ms->have_clen || !s || (s->flags & RENACER_SEGF_FAULT) || control_len < hsize ||
            s->len < hsize) {
                put_ptr(c, addr);
                return;
        }
        db_putc(c->b, '[');
        while (buf_len >= hsize) {
                struct cmsghdr h;
                uint64_t len, data_len, need;
                uint32_t type;

                if (pos + hsize > s->len) {
                        cut = true;
                        break;
                }
                memcpy(&h, s->data + pos, hsize);
                type = (uint32_t)h.cmsg_type;
                len = h.cmsg_len > buf_len ? buf_len : h.cmsg_len;
                data_len = len > hsize ? len - hsize : 0;
                need = cmsg_need(h.cmsg_level, type, (size_t)data_len, c->strsize);
                if (pos + hsize + need > s->len) {
                        cut = true;
                        break;
                }
                if (printed++)
                        db_puts(c->b, ", ");
                db_printf(c->b, "{cmsg_len=%llu, cmsg_level=", (unsigned long long)h.cmsg_len);
                put_xval(c->b, &xl_sock_levels, (uint32_t)h.cmsg_level, "SOL_???");
                db_puts(c->b, ", cmsg_type=");
                if (h.cmsg_level == SOL_SOCKET || h.cmsg_level == SOL_IP) {
                        size_t min = cmsg_min_len(h.cmsg_level, type);

                        put_xval(c->b, h.cmsg_level == SOL_SOCKET ? &xl_scmvals : &xl_ip_cmsg_types,
                                 type, h.cmsg_level == SOL_SOCKET ? "SCM_???" : "IP_???");
                        if (min && data_len >= min)
                                put_cmsg_data(c, h.cmsg_level, type, s->data + pos + hsize,
                                              (size_t)data_len);
                } else {
                        db_printf(c->b, "%#x", type);
                }
                db_putc(c->b, '}');
                if (len < hsize) {
                        buf_len -= hsize;
                        break;
                }
                /* the next header, 8-aligned; a length past the end ends it */
                if (h.cmsg_len >= buf_len || ((h.cmsg_len + 7) & ~(uint64_t)7) >= buf_len) {
                        buf_len = 0;
                        break;
                }
                len = (h.cmsg_len + 7) & ~(uint64_t)7;
                pos += len;
                buf_len -= len;
        }
        if (cut)
                /* beyond what was captured */
                db_puts(c->b, printed ? ", ..." : "...");
        else if (buf_len)
                db_printf(c->b, ", ... /* %#llx */",
                          (unsigned long long)(addr + (control_len - buf_len)));
        else if (control_len < in_len)
                db_puts(c->b, ", ...");
        db_putc(c->b, ']');
}

/* strace's print_struct_msghdr(): user_namelen is recvmsg's msg_namelen
 * before the call (NULL for sendmsg), data_size the bytes the iovecs hold
 * (UINT64_MAX: all of them). */
static void put_msghdr(struct dctx *c, const struct msg_segs *ms, const int32_t *user_namelen,
                       uint64_t data_size)
{
        const struct msghdr *m = &ms->m;
        int namelen = user_namelen && (int)m->msg_namelen > *user_namelen ? *user_namelen
                                                                          : (int)m->msg_namelen;

        db_puts(c->b, "{msg_name=");
        put_sockaddr_seg(c, ms->name, (uint64_t)(uintptr_t)m->msg_name, (uint64_t)(int64_t)namelen);
        db_puts(c->b, ", msg_namelen=");
        if (user_namelen && *user_namelen != (int)m->msg_namelen)
                db_printf(c->b, "%d => ", *user_namelen);
        db_printf(c->b, "%d, msg_iov=", (int)m->msg_namelen);
        put_iov_segs(c, (uint64_t)(uintptr_t)m->msg_iov, ms->iov, ms->data, ms->ndata,
                     m->msg_iovlen, data_size, true);
        db_printf(c->b, ", msg_iovlen=%llu", (unsigned long long)m->msg_iovlen);
        if (m->msg_controllen) {
                db_puts(c->b, ", msg_control=");
                put_msg_control(c, (uint64_t)(uintptr_t)m->msg_control, m->msg_controllen, ms);
        }
        db_printf(c->b, ", msg_controllen=%llu, msg_flags=", (unsigned long long)m->msg_controllen);
        put_flags(c->b, &xl_msg_flags, (uint32_t)m->msg_flags, "MSG_???");
        db_putc(c->b, '}');
}

void dec_sendmsg(struct dctx *c)
{
        struct msg_segs ms;
        unsigned pos = 0;

        arg_next(c);
        put_int(c, A(0));
        arg_next(c);
        if (A(1) && msg_segs_take(c, 1, &pos, &ms))
                put_msghdr(c, &ms, NULL, UINT64_MAX);
        else
                put_ptr(c, A(1));
        arg_next(c);
        put_flags(c->b, &xl_msg_flags, (uint32_t)A(2), "MSG_???");
}

void dec_recvmsg(struct dctx *c)
{
        const struct record_seg *in = seg_at(c, 1, RENACER_SEG_BUF, false);
        struct msg_segs ms;
        unsigned pos = 0;
        int32_t ulen;

        arg_next(c);
        put_int(c, A(0));
        arg_next(c);
        if (!A(1) || !in || (in->flags & RENACER_SEGF_FAULT) || in->len < sizeof(ulen)) {
                put_ptr(c, A(1));
        } else {
                memcpy(&ulen, in->data, sizeof(ulen));
                if (c->noret)
                        put_ptr(c, A(1));
                else if (c->failed)
                        db_printf(c->b, "{msg_namelen=%d}", ulen);
                else if (msg_segs_take(c, 1, &pos, &ms))
                        put_msghdr(c, &ms, &ulen, (uint64_t)c->ret);
                else
                        put_ptr(c, A(1));
        }
        arg_next(c);
        put_flags(c->b, &xl_msg_flags, (uint32_t)A(2), "MSG_???");
}

/* ---- offsets and vectors of the transfer calls ---- */

/* strace's printnum_int64() of a value read before the call (!at_exit) or
 * after it: NULL, the address when unreadable, or [N] (unsigned for
 * sendfile). True when printed. */
static bool put_loff(struct dctx *c, unsigned arg, bool at_exit, bool is_signed)
{
        const struct record_seg *s = seg_at(c, arg, RENACER_SEG_BUF, at_exit);
        int64_t v;

        if (!A(arg) || !s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(v)) {
                put_ptr(c, A(arg));
                return false;
        }
        memcpy(&v, s->data, sizeof(v));
        if (is_signed)
                db_printf(c->b, "[%lld]", (long long)v);
        else
                db_printf(c->b, "[%llu]", (unsigned long long)v);
        return true;
}

static void dec_splice_common(struct dctx *c, bool splice)
{
        arg_next(c);
        put_int(c, A(0));
        arg_next(c);
        put_loff(c, 1, false, true);
        arg_next(c);
        put_int(c, A(2));
        arg_next(c);
        put_loff(c, 3, false, true);
        arg_next(c);
        put_ulong(c, A(4));
        arg_next(c);
        if (splice)
                put_flags(c->b, &xl_splice_flags, (uint32_t)A(5), "SPLICE_F_???");
        else
                put_uint(c, A(5));
}

void dec_splice(struct dctx *c)
{
        dec_splice_common(c, true);
}

void dec_copy_file_range(struct dctx *c)
{
        dec_splice_common(c, false);
}

/* sendfile(out, in, [offset before] => [offset after], count) */
void dec_sendfile(struct dctx *c)
{
        arg_next(c);
        put_int(c, A(0));
        arg_next(c);
        put_int(c, A(1));
        arg_next(c);
        if (put_loff(c, 2, false, false) && A(3) && !c->failed && !c->noret && c->ret) {
                db_puts(c->b, " => ");
                put_loff(c, 2, true, false);
        }
        arg_next(c);
        put_ulong(c, A(3));
}

void dec_vmsplice(struct dctx *c)
{
        arg_next(c);
        put_int(c, A(0));
        arg_next(c);
        put_iov(c, 1, A(2), UINT64_MAX, true);
        arg_next(c);
        put_ulong(c, A(2));
        arg_next(c);
        put_flags(c->b, &xl_splice_flags, (uint32_t)A(3), "SPLICE_F_???");
}

/* ---- select, pselect6, ppoll ---- */

/* nfds as strace bounds it */
static int select_nfds(const struct dctx *c)
{
        int n = (int)A(0);

        return n < 0 ? 0 : n > 1024 * 1024 ? 1024 * 1024 : n;
}

/* A timeval (usec) or timespec from a segment: {tv_sec=..., tv_usec=...},
 * NULL, or the address when it could not be read. */
static void put_ts_seg(struct dctx *c, unsigned arg, bool at_exit, bool usec)
{
        const struct record_seg *s = seg_at(c, arg, RENACER_SEG_BUF, at_exit);

        if (!A(arg) || !s || (s->flags & RENACER_SEGF_FAULT) || s->len < 16)
                put_ptr(c, A(arg));
        else
                put_ktime(c, s->data, usec ? "tv_usec" : "tv_nsec");
}

/* The three fd sets at entry: [3 4], NULL, or the address. */
static void put_select_sets(struct dctx *c)
{
        int nfds = select_nfds(c);

        arg_next(c);
        put_int(c, A(0));
        for (unsigned i = 1; i <= 3; i++) {
                const struct record_seg *s = seg_at(c, i, RENACER_SEG_BUF, false);
                bool first = true;

                arg_next(c);
                if (!nfds || !A(i) || !s || (s->flags & RENACER_SEGF_FAULT)) {
                        put_ptr(c, A(i));
                        continue;
                }
                db_putc(c->b, '[');
                for (int j = 0; j < nfds && (size_t)j / 8 < s->len; j++) {
                        if (!(s->data[j / 8] & (1u << (j % 8))))
                                continue;
                        db_printf(c->b, first ? "%d" : " %d", j);
                        first = false;
                }
                db_putc(c->b, ']');
        }
}

/* strace's decode_select() at exit: " (in [3], out [4], left {...})". */
static void select_result(struct dctx *c, bool usec)
{
        static const char *const names[] = {"in", "out", "except"};
        int nfds = select_nfds(c), ready = (int)c->ret;
        const char *sep = "";
        bool any = false;

        if (c->ret == 0) {
                db_puts(c->b, " (Timeout)");
                return;
        }
        db_puts(c->b, " (");
        for (unsigned i = 0; i < 3 && ready > 0; i++) {
                /* strace reads the sets whatever -e verbose= says */
                const struct record_seg *s = seg_data_at(c, i + 1, true);
                bool first = true;

                if (!A(i + 1) || !s || (s->flags & RENACER_SEGF_FAULT) || !nfds)
                        continue;
                for (int j = 0; j < nfds && (size_t)j / 8 < s->len; j++) {
                        if (!(s->data[j / 8] & (1u << (j % 8))))
                                continue;
                        if (first)
                                db_printf(c->b, "%s%s [%d", sep, names[i], j);
                        else
                                db_printf(c->b, " %d", j);
                        first = false;
                        any = true;
                        sep = ", ";
                        if (--ready == 0)
                                break;
                }
                /* strace closes a bracket after each set once anything was
                 * written, as its own output buffer does */
                if (any)
                        db_putc(c->b, ']');
        }
        if (A(4)) {
                db_printf(c->b, "%sleft ", sep);
                put_ts_seg(c, 4, true, usec);
        }
        db_putc(c->b, ')');
}

static void select_rextra(struct dctx *c)
{
        select_result(c, true);
}

static void pselect6_rextra(struct dctx *c)
{
        select_result(c, false);
}

void dec_select(struct dctx *c)
{
        put_select_sets(c);
        arg_next(c);
        put_ts_seg(c, 4, false, true);
        if (exited_ok(c))
                c->rextra = select_rextra;
}

/* strace's print_sigset_addr_len(): a set of len bytes at addr, held by
 * segment s. */
static void put_sigset_seg(struct dctx *c, const struct record_seg *s, uint64_t addr, uint64_t len)
{
        uint64_t mask = 0;

        if (len < sizeof(long) || len > sizeof(mask) || !addr || !s ||
            (s->flags & RENACER_SEGF_FAULT) || s->len < len) {
                put_ptr(c, addr);
                return;
        }
        memcpy(&mask, s->data, (size_t)len);
        put_sigmask_bits(c->b, mask);
}

void put_sigset_pack(struct dctx *c, unsigned i)
{
        const struct record_seg *pack = seg_nth(c, i, RENACER_SEG_BUF, 0);
        uint64_t d[2];

        if (!A(i) || !pack || (pack->flags & RENACER_SEGF_FAULT) || pack->len < sizeof(d)) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(d, pack->data, sizeof(d));
        db_puts(c->b, "{sigmask=");
        put_sigset_seg(c, seg_nth(c, i, RENACER_SEG_BUF, 1), d[0], d[1]);
        db_printf(c->b, ", sigsetsize=%llu}", (unsigned long long)d[1]);
}

void dec_pselect6(struct dctx *c)
{
        put_select_sets(c);
        arg_next(c);
        put_ts_seg(c, 4, false, false);
        arg_next(c);
        put_sigset_pack(c, 5);
        if (exited_ok(c))
                c->rextra = pselect6_rextra;
}

/* the revents strace shows for poll, then ", left {...}" */
static void ppoll_rextra(struct dctx *c)
{
        size_t before = c->b->len;

        if (c->nonverbose && c->ret != 0) /* strace's decode_poll_exiting() */
                return;
        put_poll_revents(c);
        if (c->ret == 0 || !A(0) || !(uint32_t)A(1) || !A(2))
                return;
        if (c->b->len > before && !c->b->full && c->b->p[c->b->len - 1] == ')') {
                c->b->len--;
                db_puts(c->b, ", left ");
        } else {
                db_puts(c->b, " (left ");
        }
        put_ts_seg(c, 2, true, false);
        db_putc(c->b, ')');
}

void dec_ppoll(struct dctx *c)
{
        arg_next(c);
        put_pollfds(c);
        arg_next(c);
        put_uint(c, A(1));
        arg_next(c);
        put_ts_seg(c, 2, false, false);
        arg_next(c);
        put_sigset_seg(c, seg_at(c, 3, RENACER_SEG_BUF, false), A(3), A(4));
        arg_next(c);
        put_ulong(c, A(4));
        if (exited_ok(c))
                c->rextra = ppoll_rextra;
}

/* ---- socket options ---- */

/* ipv6 addresses as strace writes them: inet_pton(AF_INET6, "...", &field) */
static void put_in6_field(struct dctx *c, const void *a, const char *field)
{
        char s[INET6_ADDRSTRLEN];

        inet_ntop(AF_INET6, a, s, sizeof(s));
        db_printf(c->b, "inet_pton(AF_INET6, \"%s\", &%s)", s, field);
}

bool put_sockopt_mreq(struct dctx *c, uint32_t level, uint32_t name, int32_t len)
{
        const struct record_seg *s = seg_get(c, 3, RENACER_SEG_BUF);
        size_t size;
        enum { MREQ, MREQ6, GROUP } kind;

        if (level == SOL_IP && (name == IP_ADD_MEMBERSHIP || name == IP_DROP_MEMBERSHIP))
                kind = MREQ, size = sizeof(struct ip_mreq);
        else if (level == SOL_IPV6 &&
                 (name == IPV6_ADD_MEMBERSHIP || name == IPV6_DROP_MEMBERSHIP ||
                  name == IPV6_JOIN_ANYCAST || name == IPV6_LEAVE_ANYCAST))
                kind = MREQ6, size = sizeof(struct ipv6_mreq);
        else if ((level == SOL_IP || level == SOL_IPV6) &&
                 (name == MCAST_JOIN_GROUP || name == MCAST_LEAVE_GROUP))
                kind = GROUP, size = sizeof(struct group_req);
        else
                return false;
        /* shorter than the structure, or not all of it readable */
        if (len < (int32_t)size || !A(3) || !s || (s->flags & RENACER_SEGF_FAULT) ||
            s->len < size) {
                put_ptr(c, A(3));
                return true;
        }
        switch (kind) {
        case MREQ: {
                struct ip_mreq m;

                memcpy(&m, s->data, sizeof(m));
                db_puts(c->b, "{imr_multiaddr=");
                put_in_addr(c, (const uint8_t *)&m.imr_multiaddr);
                db_puts(c->b, ", imr_interface=");
                put_in_addr(c, (const uint8_t *)&m.imr_interface);
                db_putc(c->b, '}');
                break;
        }
        case MREQ6: {
                struct ipv6_mreq m;

                memcpy(&m, s->data, sizeof(m));
                db_putc(c->b, '{');
                put_in6_field(c, &m.ipv6mr_multiaddr, "ipv6mr_multiaddr");
                db_puts(c->b, ", ipv6mr_interface=");
                put_ifindex(c, m.ipv6mr_interface);
                db_putc(c->b, '}');
                break;
        }
        case GROUP: {
                struct group_req g;

                memcpy(&g, s->data, sizeof(g));
                db_puts(c->b, "{gr_interface=");
                put_ifindex(c, g.gr_interface);
                db_puts(c->b, ", gr_group=");
                put_cmsg_sockaddr(c, (const uint8_t *)&g.gr_group, sizeof(g.gr_group));
                db_putc(c->b, '}');
                break;
        }
        }
        return true;
}

/* ---- sendmmsg, recvmmsg ---- */

/* strace's decode_mmsgvec(): the struct mmsghdr vector at argument 1 of
 * vlen elements, the first msg_len_vlen with their msg_len, the data of
 * each up to its msg_len (use_msg_len) or all of it; unl[] holds the
 * msg_namelen of the first nunl elements before the call (recvmmsg). */
static void put_mmsgvec(struct dctx *c, uint64_t vlen, uint64_t msg_len_vlen, bool use_msg_len,
                        const int32_t *unl, unsigned nunl)
{
        const uint64_t esize = sizeof(struct mmsghdr), addr = A(1);
        uint64_t count = unl ? nunl : 1024; /* strace's IOV_MAX, or the names it read */
        unsigned pos = 0;
        bool opened = false;
        uint64_t k;

        if (!addr) {
                put_ptr(c, addr);
                return;
        }
        if (!vlen) {
                db_puts(c->b, "[]");
                return;
        }
        if (addr + vlen * esize <= addr || (vlen * esize) / esize != vlen) {
                put_ptr(c, addr);
                return;
        }
        for (k = 0; k < vlen; k++) {
                struct msg_segs ms;

                if (k)
                        db_puts(c->b, ", ");
                if (k >= c->strsize && k) {
                        db_puts(c->b, "...");
                        break;
                }
                if (!msg_segs_take_n(c, 1, &pos, &ms, esize) || !ms.complete) {
                        if (k == 0 && (ms.fault || !ms.hdr))
                                put_ptr(c, addr);
                        else if (ms.fault)
                                db_printf(c->b, "... /* %#llx */",
                                          (unsigned long long)(addr + k * esize));
                        else
                                /* past what the record holds */
                                db_puts(c->b, "...");
                        break;
                }
                if (k == 0) {
                        db_putc(c->b, '[');
                        opened = true;
                }
                if (k >= c->strsize) { /* -s 0: the first element read, none shown */
                        db_puts(c->b, "...");
                        break;
                }
                if (!count) {
                        db_puts(c->b, "...");
                        break;
                }
                count--;
                db_puts(c->b, "{msg_hdr=");
                put_msghdr(c, &ms, unl && k < nunl ? &unl[k] : NULL,
                           use_msg_len ? ms.msg_len : UINT64_MAX);
                if (msg_len_vlen) {
                        db_printf(c->b, ", msg_len=%u", ms.msg_len);
                        msg_len_vlen--;
                }
                db_putc(c->b, '}');
        }
        if (opened)
                db_putc(c->b, ']');
}

void dec_sendmmsg(struct dctx *c)
{
        arg_next(c);
        put_int(c, A(0));
        arg_next(c);
        if (c->noret)
                put_ptr(c, A(1));
        else
                put_mmsgvec(c, (uint32_t)A(2), c->failed ? 0 : (uint64_t)c->ret, false, NULL, 0);
        arg_next(c);
        put_uint(c, A(2));
        arg_next(c);
        put_flags(c->b, &xl_msg_flags, (uint32_t)A(3), "MSG_???");
}

static void recvmmsg_rextra(struct dctx *c)
{
        if (c->ret == 0) {
                db_puts(c->b, " (Timeout)");
                return;
        }
        if (!A(4) || c->nonverbose)
                return;
        db_puts(c->b, " (left ");
        put_ts_seg(c, 4, true, false);
        db_putc(c->b, ')');
}

void dec_recvmmsg(struct dctx *c)
{
        const struct record_seg *nl = seg_at(c, 1, RENACER_SEG_BUF, false);
        int32_t unl[RENACER_MMSG_MAX];
        unsigned nunl = 0;

        arg_next(c);
        put_int(c, A(0));
        arg_next(c);
        if (nl && !(nl->flags & RENACER_SEGF_FAULT)) {
                nunl = nl->len / sizeof(int32_t);
                if (nunl > RENACER_MMSG_MAX)
                        nunl = RENACER_MMSG_MAX;
                memcpy(unl, nl->data, nunl * sizeof(int32_t));
        }
        if (!exited_ok(c))
                put_ptr(c, A(1));
        else
                put_mmsgvec(c, (uint64_t)c->ret, (uint64_t)c->ret, true, nl ? unl : NULL, nunl);
        arg_next(c);
        put_uint(c, A(2));
        arg_next(c);
        put_flags(c->b, &xl_msg_flags, (uint32_t)A(3), "MSG_???");
        arg_next(c);
        put_ts_seg(c, 4, false, false);
        if (exited_ok(c))
                c->rextra = recvmmsg_rextra;
}
