// SPDX-License-Identifier: MIT
/*
 * io_uring_setup, io_uring_enter and io_uring_register as strace 6.1
 * prints them (its io_uring.c): struct io_uring_params before and after
 * the call, the enter flags and signal mask, and each registration's
 * argument: fd and iovec arrays, resource registrations and updates with
 * their data and tag arrays, restrictions, ring fds and buffer rings.
 * Their row in engine/syscall-table/syscalls.def says what BPF copies; all
 * user memory comes from those segments, read through seg_nth() and
 * seg_struct(), and an argument whose segment is missing, short or faulted
 * prints as its address, as strace prints memory it cannot read.
 */
#include <linux/io_uring.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

#include "decode-args.h"
#include "decode-array.h"
#include "decode-internal.h"
#include "decode-proc.h"
#include "uapi-consts.h"

_Static_assert(RENACER_IORING_REGISTER_BUFFERS == IORING_REGISTER_BUFFERS, "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_FILES == IORING_REGISTER_FILES, "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_EVENTFD == IORING_REGISTER_EVENTFD, "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_FILES_UPDATE == IORING_REGISTER_FILES_UPDATE,
               "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_EVENTFD_ASYNC == IORING_REGISTER_EVENTFD_ASYNC,
               "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_PROBE == IORING_REGISTER_PROBE, "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_IOWQ_AFF == IORING_REGISTER_IOWQ_AFF, "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_IOWQ_MAX_WORKERS == IORING_REGISTER_IOWQ_MAX_WORKERS,
               "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_RESTRICTIONS == IORING_REGISTER_RESTRICTIONS,
               "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_FILES2 == IORING_REGISTER_FILES2, "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_FILES_UPDATE2 == IORING_REGISTER_FILES_UPDATE2,
               "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_BUFFERS2 == IORING_REGISTER_BUFFERS2, "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_BUFFERS_UPDATE == IORING_REGISTER_BUFFERS_UPDATE,
               "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_RING_FDS == IORING_REGISTER_RING_FDS, "uapi-consts.h");
_Static_assert(RENACER_IORING_UNREGISTER_RING_FDS == IORING_UNREGISTER_RING_FDS, "uapi-consts.h");
_Static_assert(RENACER_IORING_REGISTER_PBUF_RING == IORING_REGISTER_PBUF_RING, "uapi-consts.h");
_Static_assert(RENACER_IORING_UNREGISTER_PBUF_RING == IORING_UNREGISTER_PBUF_RING, "uapi-consts.h");
/* the layouts strace 6.1 checks (CHECK_TYPE_SIZE) and the BPF side copies */
_Static_assert(sizeof(struct io_uring_rsrc_register) == 32, "io_uring_rsrc_register");
_Static_assert(sizeof(struct io_uring_rsrc_update2) == 32, "io_uring_rsrc_update2");
_Static_assert(sizeof(struct io_uring_rsrc_update) == 16, "io_uring_rsrc_update");
_Static_assert(sizeof(struct io_uring_files_update) == sizeof(struct io_uring_rsrc_update) &&
                   offsetof(struct io_uring_files_update, fds) ==
                       offsetof(struct io_uring_rsrc_update, data),
               "FILES_UPDATE's argument is captured as a struct io_uring_rsrc_update");
_Static_assert(sizeof(struct io_uring_restriction) == 16, "io_uring_restriction");
_Static_assert(sizeof(struct io_uring_buf_reg) == 40, "io_uring_buf_reg");
_Static_assert(sizeof(struct io_uring_probe) == 16 && sizeof(struct io_uring_probe_op) == 8,
               "io_uring_probe");
_Static_assert(IORING_REGISTER_FILES_SKIP == -2, "IORING_REGISTER_FILES_SKIP");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_uring_setup_flags, xl_uring_setup_features, xl_uring_enter_flags,
    xl_uring_register_opcodes, xl_uring_register_rsrc_flags, xl_uring_restriction_opcodes,
    xl_uring_ops, xl_uring_sqe_flags, xl_uring_op_flags, xl_uring_iowq_acct;

static void elem_fd(struct dctx *c, const uint8_t *e)
{
        int32_t fd;

        memcpy(&fd, e, sizeof(fd));
        db_printf(c->b, "%d", fd);
}

/* IORING_REGISTER_FILES_SKIP by name, as print_files_update_array_member() */
static void elem_update_fd(struct dctx *c, const uint8_t *e)
{
        int32_t fd;

        memcpy(&fd, e, sizeof(fd));
        if (fd == IORING_REGISTER_FILES_SKIP)
                db_puts(c->b, "IORING_REGISTER_FILES_SKIP");
        else
                db_printf(c->b, "%d", fd);
}

static void elem_u64x(struct dctx *c, const uint8_t *e)
{
        uint64_t v;

        memcpy(&v, e, sizeof(v));
        put_hex(c, v);
}

/* iov_decode_addr: the buffers' addresses, not their contents */
static void elem_iovec(struct dctx *c, const uint8_t *e)
{
        struct iovec iov;

        memcpy(&iov, e, sizeof(iov));
        db_puts(c->b, "{iov_base=");
        put_ptr(c, (uint64_t)(uintptr_t)iov.iov_base);
        db_printf(c->b, ", iov_len=%llu}", (unsigned long long)iov.iov_len);
}

static void elem_restriction(struct dctx *c, const uint8_t *e)
{
        struct io_uring_restriction r;

        memcpy(&r, e, sizeof(r));
        db_puts(c->b, "{opcode=");
        put_xval(c->b, &xl_uring_restriction_opcodes, r.opcode, xl_uring_restriction_opcodes.dflt);
        switch (r.opcode) {
        case IORING_RESTRICTION_REGISTER_OP:
                db_puts(c->b, ", register_op=");
                put_xval(c->b, &xl_uring_register_opcodes, r.register_op,
                         xl_uring_register_opcodes.dflt);
                break;
        case IORING_RESTRICTION_SQE_OP:
                db_puts(c->b, ", sqe_op=");
                put_xval(c->b, &xl_uring_ops, r.sqe_op, xl_uring_ops.dflt);
                break;
        case IORING_RESTRICTION_SQE_FLAGS_ALLOWED:
        case IORING_RESTRICTION_SQE_FLAGS_REQUIRED:
                db_puts(c->b, ", sqe_flags=");
                put_flags(c->b, &xl_uring_sqe_flags, r.sqe_flags, xl_uring_sqe_flags.dflt);
                break;
        default:
                db_printf(c->b, " /* op: %#x */", r.register_op);
        }
        if (r.resv)
                db_printf(c->b, ", resv=%#x", r.resv);
        if (r.resv2[0] || r.resv2[1] || r.resv2[2])
                db_printf(c->b, ", resv2=[%#x, %#x, %#x]", r.resv2[0], r.resv2[1], r.resv2[2]);
        db_putc(c->b, '}');
}

static void elem_ringfd_register(struct dctx *c, const uint8_t *e)
{
        struct io_uring_rsrc_update u;

        memcpy(&u, e, sizeof(u));
        if (u.offset == UINT32_MAX)
                db_puts(c->b, "{offset=-1");
        else
                db_printf(c->b, "{offset=%u", u.offset);
        if (u.resv)
                db_printf(c->b, ", resv=%#x", u.resv);
        db_printf(c->b, ", data=%d}", (int32_t)u.data);
}

static void elem_ringfd_unregister(struct dctx *c, const uint8_t *e)
{
        struct io_uring_rsrc_update u;

        memcpy(&u, e, sizeof(u));
        db_printf(c->b, "{offset=%u", u.offset);
        if (u.resv)
                db_printf(c->b, ", resv=%#x", u.resv);
        if (u.data)
                db_printf(c->b, ", data=%#llx", (unsigned long long)u.data);
        db_putc(c->b, '}');
}

/* ---- io_uring_setup ---- */

/* (db_printf() formats at most 128 bytes at a time) */
static void put_sq_off(struct dbuf *b, const struct io_sqring_offsets *o)
{
        db_printf(b, "{head=%u, tail=%u, ring_mask=%u, ", o->head, o->tail, o->ring_mask);
        db_printf(b, "ring_entries=%u, flags=%u, ", o->ring_entries, o->flags);
        db_printf(b, "dropped=%u, array=%u", o->dropped, o->array);
        if (o->resv1)
                db_printf(b, ", resv1=%#x", o->resv1);
        if (o->resv2)
                db_printf(b, ", resv2=%#llx", (unsigned long long)o->resv2);
        db_putc(b, '}');
}

static void put_cq_off(struct dbuf *b, const struct io_cqring_offsets *o)
{
        db_printf(b, "{head=%u, tail=%u, ring_mask=%u, ", o->head, o->tail, o->ring_mask);
        db_printf(b, "ring_entries=%u, overflow=%u, ", o->ring_entries, o->overflow);
        db_printf(b, "cqes=%u, flags=%u", o->cqes, o->flags);
        if (o->resv1)
                db_printf(b, ", resv1=%#x", o->resv1);
        if (o->resv2)
                db_printf(b, ", resv2=%#llx", (unsigned long long)o->resv2);
        db_putc(b, '}');
}

void dec_io_uring_setup(struct dctx *c)
{
        const void *s = seg_struct(c, 1, sizeof(struct io_uring_params));
        struct io_uring_params p;

        a_uint(c, 0);
        arg_next(c);
        if (!s) {
                put_ptr(c, A(1));
                return;
        }
        memcpy(&p, s, sizeof(p));
        db_puts(c->b, "{flags=");
        put_flags(c->b, &xl_uring_setup_flags, p.flags, xl_uring_setup_flags.dflt);
        db_printf(c->b, ", sq_thread_cpu=%#x, sq_thread_idle=%u", p.sq_thread_cpu,
                  p.sq_thread_idle);
        if (p.flags & IORING_SETUP_ATTACH_WQ)
                db_printf(c->b, ", wq_fd=%d", (int32_t)p.wq_fd);
        if (p.resv[0] || p.resv[1] || p.resv[2])
                db_printf(c->b, ", resv=[%#x, %#x, %#x]", p.resv[0], p.resv[1], p.resv[2]);
        if (exited_ok(c)) {
                db_printf(c->b, ", sq_entries=%u, cq_entries=%u, features=", p.sq_entries,
                          p.cq_entries);
                put_flags(c->b, &xl_uring_setup_features, p.features, xl_uring_setup_features.dflt);
                db_puts(c->b, ", sq_off=");
                put_sq_off(c->b, &p.sq_off);
                db_puts(c->b, ", cq_off=");
                put_cq_off(c->b, &p.cq_off);
        }
        db_putc(c->b, '}');
}

/* ---- io_uring_enter ---- */

void dec_io_uring_enter(struct dctx *c)
{
        a_int(c, 0);
        a_uint(c, 1);
        a_uint(c, 2);
        a_flags32(c, 3, &xl_uring_enter_flags, xl_uring_enter_flags.dflt);
        arg_next(c);
        put_sigset(c, 4, A(5));
        a_ulong(c, 5);
}

/* ---- io_uring_register ---- */

/* print_nonzero_bytes(): the bytes of a size-byte argument after its known
 * struct (whole captured in s) when any of them is not zero, or ???
 * when they could not be read */
static void put_tail_bytes(struct dctx *c, const struct record_seg *s, size_t known, uint64_t size)
{
        uint64_t total = size < RENACER_PAGE_SIZE ? size : RENACER_PAGE_SIZE;
        size_t have, n;
        bool zero = true;

        if (total <= known)
                return;
        have = s->len;
        if (have < total && !(s->flags & RENACER_SEGF_TRUNC)) {
                db_puts(c->b, ", ???");
                return;
        }
        for (size_t k = known; k < have && k < total; k++)
                zero &= !s->data[k];
        if (zero)
                return;
        n = total - known < c->strsize ? total - known : c->strsize;
        if (known + n > have)
                n = have - known;
        db_printf(c->b, ", /* bytes %zu..%llu */ ", known, (unsigned long long)(total - 1));
        put_quoted(c->b, s->data + known, n, true);
        if (n < total - known)
                db_puts(c->b, "...");
}

/* The data array of a resource registration or update, by opcode. */
static void put_rsrc_data(struct dctx *c, unsigned op, uint64_t data, uint32_t nr)
{
        const struct record_seg *d = seg_nth(c, 2, RENACER_SEG_BUF, 1);

        db_puts(c->b, ", data=");
        switch (op) {
        case IORING_REGISTER_FILES2:
                put_seg_array(c, d, data, nr, sizeof(int32_t), elem_fd);
                break;
        case IORING_REGISTER_FILES_UPDATE2:
                put_seg_array(c, d, data, nr, sizeof(int32_t), elem_update_fd);
                break;
        default:
                put_seg_array(c, d, data, nr, sizeof(struct iovec), elem_iovec);
        }
}

static void put_rsrc_tags(struct dctx *c, uint64_t tags, uint32_t nr)
{
        db_puts(c->b, ", tags=");
        put_seg_array(c, seg_nth(c, 2, RENACER_SEG_BUF, 2), tags, nr, sizeof(uint64_t), elem_u64x);
}

static void put_rsrc_register(struct dctx *c, unsigned op, uint64_t size)
{
        const struct record_seg *s = seg_nth(c, 2, RENACER_SEG_BUF, 0);
        struct io_uring_rsrc_register r;

        if (size < sizeof(r) || !s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(r)) {
                put_ptr(c, A(2));
                return;
        }
        memcpy(&r, s->data, sizeof(r));
        db_printf(c->b, "{nr=%u, flags=", r.nr);
        put_flags(c->b, &xl_uring_register_rsrc_flags, r.flags, xl_uring_register_rsrc_flags.dflt);
        if (r.resv2)
                db_printf(c->b, ", resv2=%#llx", (unsigned long long)r.resv2);
        put_rsrc_data(c, op, r.data, r.nr);
        put_rsrc_tags(c, r.tags, r.nr);
        put_tail_bytes(c, s, sizeof(r), size);
        db_putc(c->b, '}');
}

static void put_rsrc_update(struct dctx *c, unsigned op, uint64_t size)
{
        const struct record_seg *s = seg_nth(c, 2, RENACER_SEG_BUF, 0);
        struct io_uring_rsrc_update2 u;

        if (size < sizeof(u) || !s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(u)) {
                put_ptr(c, A(2));
                return;
        }
        memcpy(&u, s->data, sizeof(u));
        db_printf(c->b, "{offset=%u", u.offset);
        if (u.resv)
                db_printf(c->b, ", resv=%#x", u.resv);
        put_rsrc_data(c, op, u.data, u.nr);
        put_rsrc_tags(c, u.tags, u.nr);
        db_printf(c->b, ", nr=%u", u.nr);
        if (u.resv2)
                db_printf(c->b, ", resv2=%#x", u.resv2);
        put_tail_bytes(c, s, sizeof(u), size);
        db_putc(c->b, '}');
}

static void put_files_update(struct dctx *c, uint32_t nargs)
{
        const void *p = seg_struct(c, 2, sizeof(struct io_uring_files_update));
        struct io_uring_files_update u;

        if (!p) {
                put_ptr(c, A(2));
                return;
        }
        memcpy(&u, p, sizeof(u));
        db_printf(c->b, "{offset=%u", u.offset);
        if (u.resv)
                db_printf(c->b, ", resv=%#x", u.resv);
        db_puts(c->b, ", fds=");
        put_seg_array(c, seg_nth(c, 2, RENACER_SEG_BUF, 1), u.fds, nargs, sizeof(int32_t),
                      elem_update_fd);
        db_putc(c->b, '}');
}

static void put_buf_reg(struct dctx *c)
{
        const void *p = seg_struct(c, 2, sizeof(struct io_uring_buf_reg));
        struct io_uring_buf_reg r;

        if (!p) {
                put_ptr(c, A(2));
                return;
        }
        memcpy(&r, p, sizeof(r));
        db_puts(c->b, "{ring_addr=");
        put_ptr(c, r.ring_addr);
        db_printf(c->b, ", ring_entries=%u, bgid=%u", r.ring_entries, r.bgid);
        if (r.pad)
                db_printf(c->b, ", pad=%#x", r.pad);
        if (r.resv[0] || r.resv[1] || r.resv[2]) {
                db_puts(c->b, ", resv=[");
                for (int k = 0; k < 3; k++) {
                        if (k)
                                db_puts(c->b, ", ");
                        put_hex(c, r.resv[k]);
                }
                db_putc(c->b, ']');
        }
        db_putc(c->b, '}');
}

/* PRINT_FIELD_XVAL_U: the name, or the number in decimal and a comment */
static void put_xval_u(struct dbuf *b, const struct xlat *x, uint64_t v)
{
        const char *name = xlat_name(x, v);

        if (name)
                db_puts(b, name);
        else
                db_printf(b, "%llu /* %s */", (unsigned long long)v, x->dflt);
}

/* print_io_uring_probe(): a probe of nargs ops (at most 256) that is all
 * zeroes before the call is the kernel's to fill (shown after a success,
 * the address after a failure); one that is not is shown as given (the
 * kernel refuses it, so the copy at exit is what the program passed) */
static void put_probe(struct dctx *c, uint32_t nargs)
{
        const struct record_seg *s = seg_nth(c, 2, RENACER_SEG_BUF, 0);
        const size_t want = sizeof(struct io_uring_probe) + (size_t)nargs * 8;
        struct io_uring_probe p;
        struct io_uring_probe_op op;
        bool zero = true;
        uint32_t n;

        if (nargs > 256 || !s || (s->flags & RENACER_SEGF_FAULT) ||
            (s->len < want && !(s->flags & RENACER_SEGF_TRUNC)) ||
            s->len < sizeof(struct io_uring_probe)) {
                put_ptr(c, A(2));
                return;
        }
        /* a success had it zeroed: the kernel refuses anything else */
        if (!exited_ok(c)) {
                for (size_t k = 0; k < s->len && k < want; k++)
                        zero &= !s->data[k];
                if (zero) {
                        put_ptr(c, A(2));
                        return;
                }
        }
        memcpy(&p, s->data, sizeof(p));
        db_puts(c->b, "{last_op=");
        put_xval_u(c->b, &xl_uring_ops, p.last_op);
        db_printf(c->b, ", ops_len=%u", p.ops_len);
        if (p.resv)
                db_printf(c->b, ", resv=%#x", p.resv);
        if (p.resv2[0] || p.resv2[1] || p.resv2[2])
                db_printf(c->b, ", resv2=[%#x, %#x, %#x]", p.resv2[0], p.resv2[1], p.resv2[2]);
        db_puts(c->b, ", ops=[");
        n = zero && p.ops_len < nargs ? p.ops_len : nargs;
        for (uint32_t k = 0; k < n; k++) {
                if (k)
                        db_puts(c->b, ", ");
                if (k >= c->strsize || sizeof(p) + (k + 1) * sizeof(op) > s->len) {
                        db_puts(c->b, "...");
                        break;
                }
                memcpy(&op, s->data + sizeof(p) + k * sizeof(op), sizeof(op));
                db_puts(c->b, "{op=");
                put_xval_u(c->b, &xl_uring_ops, op.op);
                if (op.resv)
                        db_printf(c->b, ", resv=%#x", op.resv);
                db_puts(c->b, ", flags=");
                put_flags(c->b, &xl_uring_op_flags, op.flags, xl_uring_op_flags.dflt);
                if (op.resv2)
                        db_printf(c->b, ", resv2=%#x", op.resv2);
                db_putc(c->b, '}');
        }
        /* after the call: the kernel knows more ops than were asked for */
        if (zero && nargs < p.ops_len)
                db_puts(c->b, n ? ", ..." : "...");
        db_puts(c->b, "]}");
}

/* The worker counts of s, print_array_ex() with their indices named:
 * true when every element was shown (or cut at -s), as strace then shows
 * what the kernel wrote after " => " */
static bool put_wq_counts(struct dctx *c, const struct record_seg *s, uint32_t nargs)
{
        uint32_t got = s && !(s->flags & RENACER_SEGF_FAULT) ? s->len / 4 : 0, v;
        const char *name;

        if (!A(2)) {
                db_puts(c->b, "NULL");
                return false;
        }
        if (!nargs) {
                db_puts(c->b, "[]");
                return false;
        }
        for (uint32_t k = 0; k < nargs; k++) {
                if (k)
                        db_puts(c->b, ", ");
                if (k >= got) {
                        if (!k) {
                                put_ptr(c, A(2));
                                return false;
                        }
                        db_printf(c->b, "... /* %#llx */", (unsigned long long)(A(2) + k * 4));
                        db_putc(c->b, ']');
                        return false;
                }
                if (!k)
                        db_putc(c->b, '[');
                if (k >= c->strsize) {
                        db_puts(c->b, "...");
                        break;
                }
                memcpy(&v, s->data + k * 4, sizeof(v));
                name = xlat_name(&xl_uring_iowq_acct, k);
                if (name)
                        db_printf(c->b, "[%s]=%u", name, v);
                else
                        db_printf(c->b, "[%u /* %s */]=%u", k, xl_uring_iowq_acct.dflt, v);
        }
        db_putc(c->b, ']');
        return true;
}

/* IORING_REGISTER_IOWQ_MAX_WORKERS: the counts given, " => " and the ones
 * the kernel wrote back (its address after a failure). The kernel takes
 * only two of them (IO_WQ_ACCT_NR), the __u32[2] the row copies at entry
 * for a success */
static void put_max_workers(struct dctx *c, uint32_t nargs)
{
        const struct record_seg *in = seg_at(c, 2, RENACER_SEG_BUF, false);
        const struct record_seg *out = seg_at(c, 2, RENACER_SEG_BUF, true);

        if (!put_wq_counts(c, exited_ok(c) ? in : out, nargs))
                return;
        db_puts(c->b, " => ");
        if (exited_ok(c))
                put_wq_counts(c, out, nargs);
        else
                put_ptr(c, A(2));
}

void dec_io_uring_register(struct dctx *c)
{
        const unsigned op = (uint32_t)A(1);
        const uint32_t nargs = (uint32_t)A(3);
        const struct record_seg *s = seg_nth(c, 2, RENACER_SEG_BUF, 0);

        a_int(c, 0);
        a_xval32(c, 1, &xl_uring_register_opcodes, xl_uring_register_opcodes.dflt);
        arg_next(c);
        switch (op) {
        case IORING_REGISTER_BUFFERS:
                put_seg_array(c, s, A(2), nargs, sizeof(struct iovec), elem_iovec);
                break;
        case IORING_REGISTER_FILES:
        case IORING_REGISTER_EVENTFD:
        case IORING_REGISTER_EVENTFD_ASYNC:
                put_seg_array(c, s, A(2), nargs, sizeof(int32_t), elem_fd);
                break;
        case IORING_REGISTER_FILES_UPDATE:
                put_files_update(c, nargs);
                break;
        case IORING_REGISTER_RESTRICTIONS:
                put_seg_array(c, s, A(2), nargs, sizeof(struct io_uring_restriction),
                              elem_restriction);
                break;
        case IORING_REGISTER_FILES2:
        case IORING_REGISTER_BUFFERS2:
                put_rsrc_register(c, op, nargs);
                break;
        case IORING_REGISTER_FILES_UPDATE2:
        case IORING_REGISTER_BUFFERS_UPDATE:
                put_rsrc_update(c, op, nargs);
                break;
        case IORING_REGISTER_RING_FDS:
                put_seg_array(c, s, A(2), nargs, sizeof(struct io_uring_rsrc_update),
                              elem_ringfd_register);
                break;
        case IORING_UNREGISTER_RING_FDS:
                put_seg_array(c, s, A(2), nargs, sizeof(struct io_uring_rsrc_update),
                              elem_ringfd_unregister);
                break;
        case IORING_REGISTER_PBUF_RING:
        case IORING_UNREGISTER_PBUF_RING:
                put_buf_reg(c);
                break;
        case IORING_REGISTER_PROBE:
                put_probe(c, nargs);
                break;
        case IORING_REGISTER_IOWQ_AFF:
                put_cpuset(c, 2, nargs, false);
                break;
        case IORING_REGISTER_IOWQ_MAX_WORKERS:
                put_max_workers(c, nargs);
                break;
        default:
                put_ptr(c, A(2));
        }
        a_uint(c, 3);
}
