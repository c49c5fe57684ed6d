// SPDX-License-Identifier: MIT
/*
 * Per-syscall decoders for the calls strace decodes beyond plain numbers.
 * Each one prints exactly the arguments strace 6.1 prints, using the data
 * the BPF side captured (see capture_enter()/capture_exit() in
 * bpf/renacer.bpf.c); where the data strace would show was not captured,
 * the argument falls back to the raw pointer, never to a guess.
 *
 * Integer widths follow strace: flags and commands declared int or
 * unsigned int in the kernel are cut to 32 bits before printing.
 */
#include <arpa/inet.h>
#include <asm/prctl.h>
#include <asm/unistd_64.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "decode-args.h"
#include "decode-file.h"
#include "decode-internal.h"
#include "decode-net.h"
#include "decode-proc.h"
#include "decode-time.h"
#include "syscall-names.h"

/* the kernel's __O_TMPFILE: open() takes a mode with it as with O_CREAT */
#define K___O_TMPFILE (O_TMPFILE & ~O_DIRECTORY)

/* ---- files and descriptors ---- */

static void dec_read(struct dctx *c)
{
        a_int(c, 0);
        a_outbuf(c, 1, false);
        a_ulong(c, 2);
}

static void dec_write(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_buf(c, 1, A(2), false);
        a_ulong(c, 2);
}

static void dec_readv(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        if (c->noret)
                put_ptr(c, A(1));
        else
                put_iov(c, 1, A(2), c->failed ? 0 : (uint64_t)c->ret, !c->failed);
        /* vlen is an unsigned long: strace prints it whole */
        a_ulong(c, 2);
}

static void dec_writev(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_iov(c, 1, A(2), UINT64_MAX, true);
        a_ulong(c, 2);
}

/* preadv(fd, iov, iovcnt, pos_l, pos_h): x86_64 passes the offset whole */
static void dec_preadv(struct dctx *c)
{
        dec_readv(c);
        a_long(c, 3);
}

static void dec_pwritev(struct dctx *c)
{
        dec_writev(c);
        a_long(c, 3);
}

static void dec_preadv2(struct dctx *c)
{
        dec_preadv(c);
        a_flags32(c, 5, &xl_rwf_flags, "RWF_???");
}

static void dec_pwritev2(struct dctx *c)
{
        dec_pwritev(c);
        a_flags32(c, 5, &xl_rwf_flags, "RWF_???");
}

static void dec_pread64(struct dctx *c)
{
        dec_read(c);
        a_long(c, 3);
}

static void dec_pwrite64(struct dctx *c)
{
        dec_write(c);
        a_long(c, 3);
}

static void open_common(struct dctx *c, unsigned path)
{
        uint32_t flags = (uint32_t)A(path + 1);

        a_path(c, path);
        arg_next(c);
        put_open_flags(c->b, flags);
        if (flags & (O_CREAT | K___O_TMPFILE))
                a_mode(c, path + 2);
}

static void dec_open(struct dctx *c)
{
        open_common(c, 0);
}

static void dec_openat(struct dctx *c)
{
        a_dirfd(c, 0);
        open_common(c, 1);
}

static void dec_creat(struct dctx *c)
{
        a_path(c, 0);
        a_mode(c, 1);
}

static void dec_lseek(struct dctx *c)
{
        a_int(c, 0);
        a_long(c, 1);
        a_xval32(c, 2, &xl_whence, "SEEK_???");
}

static void fcntl_getfd_rval(struct dctx *c)
{
        db_puts(c->b, " (flags ");
        put_flags_sep(c->b, &xl_fd_flags, (uint64_t)c->ret, 0);
        db_putc(c->b, ')');
}

static void fcntl_getfl_rval(struct dctx *c)
{
        db_puts(c->b, " (flags ");
        put_open_flags(c->b, (uint64_t)c->ret);
        db_putc(c->b, ')');
}

static void fcntl_getlease_rval(struct dctx *c)
{
        const char *s = xlat_name(&xl_lease_cmds, (uint64_t)c->ret);

        if (s)
                db_printf(c->b, " (%s)", s);
}

static void fcntl_getseals_rval(struct dctx *c)
{
        db_puts(c->b, " (seals ");
        put_flags_sep(c->b, &xl_seals, (uint64_t)c->ret, 0);
        db_putc(c->b, ')');
}

static void fcntl_getsig_rval(struct dctx *c)
{
        char tmp[16];
        const char *s = signal_abbrev((int)c->ret, tmp, sizeof(tmp));

        if (s && c->ret)
                db_printf(c->b, " (SIG%s)", s);
}

static void dec_fcntl(struct dctx *c)
{
        uint32_t cmd = (uint32_t)A(1);

        a_int(c, 0);
        a_xval32(c, 1, &xl_fcntl_cmds, "F_???");
        switch (cmd) {
        case F_DUPFD:
        case F_DUPFD_CLOEXEC:
        case F_SETOWN:
        case F_SETPIPE_SZ:
                a_int(c, 2);
                break;
        case F_SETFD:
                a_flags32(c, 2, &xl_fd_flags, "FD_???");
                break;
        case F_SETFL:
                arg_next(c);
                put_open_flags(c->b, U32(A(2)));
                break;
        case F_SETSIG:
                a_signal(c, 2);
                break;
        case F_SETLEASE:
                a_xval32(c, 2, &xl_lease_cmds, "F_???");
                break;
        case F_NOTIFY:
                a_flags32(c, 2, &xl_notify_flags, "DN_???");
                break;
        case F_ADD_SEALS:
                a_flags32(c, 2, &xl_seals, "F_SEAL_???");
                break;
        case F_GETFD:
                /* strace decorates only a non-zero result */
                if (exited_ok(c) && c->ret) {
                        c->rval = RVAL_HEX;
                        c->rextra = fcntl_getfd_rval;
                }
                break;
        case F_GETFL:
                if (exited_ok(c)) {
                        c->rval = RVAL_HEX;
                        c->rextra = fcntl_getfl_rval;
                }
                break;
        case F_GETLEASE:
                if (exited_ok(c)) {
                        c->rval = RVAL_HEX;
                        c->rextra = fcntl_getlease_rval;
                }
                break;
        case F_GET_SEALS:
                if (exited_ok(c)) {
                        c->rval = RVAL_HEX;
                        c->rextra = fcntl_getseals_rval;
                }
                break;
        case F_GETSIG:
                if (exited_ok(c))
                        c->rextra = fcntl_getsig_rval;
                break;
        case F_GETOWN:
        case F_GETPIPE_SZ:
                break;
        default:
                if (fcntl_takes_struct(cmd))
                        put_fcntl_struct(c, cmd);
                else
                        a_hex(c, 2);
                break;
        }
}

static void dec_fadvise64(struct dctx *c)
{
        a_int(c, 0);
        a_long(c, 1);
        a_ulong(c, 2);
        a_xval32(c, 3, &xl_fadvise, "POSIX_FADV_???");
}

static void dec_dup3(struct dctx *c)
{
        a_int(c, 0);
        a_int(c, 1);
        a_flags32(c, 2, &xl_open_flags, "O_???");
}

static void dec_pipe(struct dctx *c)
{
        arg_next(c);
        if (exited_ok(c))
                put_fd_pair(c, 0);
        else
                put_ptr(c, A(0));
}

static void dec_pipe2(struct dctx *c)
{
        dec_pipe(c);
        a_flags32(c, 1, &xl_open_flags, "O_???");
}

/* ---- file metadata ---- */

static void dec_access(struct dctx *c)
{
        a_path(c, 0);
        a_flags32(c, 1, &xl_access_modes, "?_OK");
}

static void dec_faccessat(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        a_flags32(c, 2, &xl_access_modes, "?_OK");
}

static void dec_faccessat2(struct dctx *c)
{
        dec_faccessat(c);
        a_flags32(c, 3, &xl_faccessat_flags, "AT_???");
}

static void a_stat(struct dctx *c, unsigned i)
{
        arg_next(c);
        if (exited_ok(c))
                put_stat(c, i);
        else
                put_ptr(c, A(i));
}

static void dec_stat(struct dctx *c)
{
        a_path(c, 0);
        a_stat(c, 1);
}

static void dec_fstat(struct dctx *c)
{
        a_int(c, 0);
        a_stat(c, 1);
}

static void dec_newfstatat(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        a_stat(c, 2);
        a_flags32(c, 3, &xl_at_flags, "AT_???");
}

static void dec_statx(struct dctx *c)
{
        uint32_t flags = (uint32_t)A(2);
        const uint32_t sync = AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC;

        a_dirfd(c, 0);
        a_path(c, 1);
        arg_next(c);
        put_flags(c->b, &xl_statx_sync, flags & sync, NULL);
        if (flags & ~sync) {
                db_putc(c->b, '|');
                put_flags(c->b, &xl_at_flags, flags & ~sync, NULL);
        }
        a_flags32(c, 3, &xl_statx_mask, "STATX_???");
        arg_next(c);
        if (exited_ok(c))
                put_statx(c, 4);
        else
                put_ptr(c, A(4));
}

/* linux_dirent64 up to d_name: strace's header_size */
#define DIRENT64_HEAD  19
#define D_NAME_LEN_MAX 256 /* strace's cap on a name it prints */

static const struct xlat_ent dirent_types_ents[] = {
    {DT_UNKNOWN, "DT_UNKNOWN"}, {DT_FIFO, "DT_FIFO"}, {DT_CHR, "DT_CHR"},
    {DT_DIR, "DT_DIR"},         {DT_BLK, "DT_BLK"},   {DT_REG, "DT_REG"},
    {DT_LNK, "DT_LNK"},         {DT_SOCK, "DT_SOCK"}, {DT_WHT, "DT_WHT"}};
static const struct xlat xl_dirent_types = {dirent_types_ents, 9, NULL};

/* The bytes of getdents64's listing the kernel copied (-v), joined from
 * its BUF segments into buf; false when one could not be read */
static bool dirents_join(const struct dctx *c, uint8_t *buf, size_t *len)
{
        const struct record_seg *s;

        *len = 0;
        for (unsigned k = 0; (s = seg_nth(c, 1, RENACER_SEG_BUF, k)); k++) {
                if ((s->flags & RENACER_SEGF_FAULT) || *len + s->len > RENACER_DIRENTS_CAP)
                        return false;
                memcpy(buf + *len, s->data, s->len);
                *len += s->len;
        }
        return *len > 0;
}

/* -v: strace's decode_dents() unabbreviated, from the bytes the kernel
 * copied (RENACER_TRACK_DIRENTS); a listing longer than that ends in
 * "..." after the last entry copied whole */
static void put_dirents(struct dctx *c, const uint8_t *data, size_t have)
{
        uint64_t len = (uint64_t)c->ret, pos = 0;

        db_putc(c->b, '[');
        while (len >= DIRENT64_HEAD) {
                uint64_t ino, reclen16;
                int64_t off;
                uint16_t reclen;
                uint8_t type;

                if (pos + DIRENT64_HEAD > have) {
                        db_puts(c->b, "...");
                        break;
                }
                memcpy(&ino, data + pos, 8);
                memcpy(&off, data + pos + 8, 8);
                memcpy(&reclen, data + pos + 16, 2);
                type = data[pos + 18];
                db_printf(c->b, "{d_ino=%llu, d_off=%llu, d_reclen=%u", (unsigned long long)ino,
                          (unsigned long long)off, reclen);
                reclen16 = reclen;
                if (reclen16 > len) {
                        db_printf(c->b, " /* %llu bytes overflow */",
                                  (unsigned long long)(reclen16 - len));
                        reclen16 = len;
                } else if (reclen16 < DIRENT64_HEAD) {
                        db_printf(c->b, " /* %llu bytes underflow */",
                                  (unsigned long long)(DIRENT64_HEAD - reclen16));
                        reclen16 = DIRENT64_HEAD;
                }
                db_puts(c->b, ", d_type=");
                put_xval(c->b, &xl_dirent_types, type, "DT_???");
                if (reclen16 > DIRENT64_HEAD) {
                        uint64_t nlen = reclen16 - DIRENT64_HEAD;

                        if (nlen > D_NAME_LEN_MAX)
                                nlen = D_NAME_LEN_MAX;
                        db_puts(c->b, ", d_name=");
                        if (pos + DIRENT64_HEAD + nlen > have) {
                                db_puts(c->b, "...}");
                                break;
                        }
                        put_cstring_field(c->b, (const char *)data + pos + DIRENT64_HEAD,
                                          (size_t)nlen);
                }
                db_putc(c->b, '}');
                if (reclen16 >= len)
                        break;
                len -= reclen16;
                pos += reclen16;
                db_puts(c->b, ", ");
        }
        db_putc(c->b, ']');
}

static void dec_getdents64(struct dctx *c)
{
        const struct record_seg *s = seg_get(c, 1, RENACER_SEG_COUNT);
        uint8_t d[RENACER_DIRENTS_CAP];
        size_t have = 0;

        a_int(c, 0);
        arg_next(c);
        /* -v: the entries, where the kernel copied them */
        if (c->no_abbrev && !c->nonverbose && exited_ok(c) && (uint64_t)c->ret <= (uint32_t)A(2) &&
            (c->ret == 0 || dirents_join(c, d, &have))) {
                if (c->ret == 0)
                        db_puts(c->b, "[]");
                else
                        put_dirents(c, d, have);
                a_uint(c, 2);
                return;
        }
        put_ptr(c, A(1));
        if (exited_ok(c) && !c->nonverbose) {
                uint32_t n;

                if (s) {
                        memcpy(&n, s->data, sizeof(n));
                        /* the BPF side stops counting after 256 entries */
                        db_printf(c->b, " /* %u%s entries */", n,
                                  (s->flags & RENACER_SEGF_TRUNC) ? "+" : "");
                } else if (c->ret == 0) {
                        db_puts(c->b, " /* 0 entries */");
                }
        }
        a_uint(c, 2);
}

static void dec_unlinkat(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        a_flags32(c, 2, &xl_at_flags, "AT_???");
}

static void dec_mkdirat(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        a_mode(c, 2);
}

static void dec_path1(struct dctx *c)
{
        a_path(c, 0);
}

static void dec_path2(struct dctx *c)
{
        a_path(c, 0);
        a_path(c, 1);
}

static void dec_path_mode(struct dctx *c)
{
        a_path(c, 0);
        a_mode(c, 1);
}

static void a_uid(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_uid(c, A(i));
}

static void dec_chown(struct dctx *c)
{
        a_path(c, 0);
        a_uid(c, 1);
        a_uid(c, 2);
}

static void dec_truncate(struct dctx *c)
{
        a_path(c, 0);
        a_ulong(c, 1);
}

static void dec_renameat(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        a_dirfd(c, 2);
        a_path(c, 3);
}

static void dec_renameat2(struct dctx *c)
{
        dec_renameat(c);
        a_flags32(c, 4, &xl_rename_flags, "RENAME_???");
}

static void dec_linkat(struct dctx *c)
{
        dec_renameat(c);
        a_flags32(c, 4, &xl_at_flags, "AT_???");
}

static void dec_symlinkat(struct dctx *c)
{
        a_path(c, 0);
        a_dirfd(c, 1);
        a_path(c, 2);
}

static void dec_fchmodat(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        a_mode(c, 2);
}

static void dec_fchownat(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        a_uid(c, 2);
        a_uid(c, 3);
        a_flags32(c, 4, &xl_at_flags, "AT_???");
}

static void mknod_common(struct dctx *c, unsigned path)
{
        uint16_t mode = (uint16_t)A(path + 1);

        a_path(c, path);
        arg_next(c);
        {
                const char *ifmt = (mode & S_IFMT) ? xlat_name(&xl_modetypes, mode & S_IFMT) : "";

                if (!ifmt)
                        db_printf(c->b, "%#03o", mode);
                else
                        db_printf(c->b, "%s%s%s%s%s%#03o", ifmt, ifmt[0] ? "|" : "",
                                  (mode & S_ISUID) ? "S_ISUID|" : "",
                                  (mode & S_ISGID) ? "S_ISGID|" : "",
                                  (mode & S_ISVTX) ? "S_ISVTX|" : "",
                                  mode & ~(unsigned)(S_IFMT | S_ISUID | S_ISGID | S_ISVTX));
        }
        if (S_ISCHR(mode) || S_ISBLK(mode)) {
                unsigned dev = (unsigned)A(path + 2);

                arg_next(c);
                db_printf(c->b, "makedev(%#x, %#x)", major(dev), minor(dev));
        }
}

static void dec_mknod(struct dctx *c)
{
        mknod_common(c, 0);
}

static void dec_mknodat(struct dctx *c)
{
        a_dirfd(c, 0);
        mknod_common(c, 1);
}

static void dec_readlink_common(struct dctx *c, unsigned path)
{
        a_path(c, path);
        a_outbuf(c, path + 1, false);
        a_ulong(c, path + 2);
}

static void dec_readlink(struct dctx *c)
{
        dec_readlink_common(c, 0);
}

static void dec_readlinkat(struct dctx *c)
{
        a_dirfd(c, 0);
        dec_readlink_common(c, 1);
}

static void dec_getcwd(struct dctx *c)
{
        arg_next(c);
        if (exited_ok(c))
                put_path(c, 0);
        else
                put_ptr(c, A(0));
        a_ulong(c, 1);
}

/* ---- memory ---- */

void put_mmap_flags(struct dbuf *b, uint32_t flags)
{
        const uint32_t huge_mask = (uint32_t)MAP_HUGE_MASK << MAP_HUGE_SHIFT;
        uint32_t huge = flags & huge_mask;

        put_xval(b, &xl_mmap_type, flags & MAP_TYPE, "MAP_???");
        flags &= ~(uint32_t)MAP_TYPE & ~huge_mask;
        if (flags) {
                db_putc(b, '|');
                put_flags(b, &xl_mmap_flags, flags, NULL);
        }
        if (huge)
                db_printf(b, "|%u<<MAP_HUGE_SHIFT", huge >> MAP_HUGE_SHIFT);
}

static void dec_mmap(struct dctx *c)
{
        a_ptr(c, 0);
        a_ulong(c, 1);
        arg_next(c);
        put_flags(c->b, &xl_mmap_prot, A(2), "PROT_???");
        arg_next(c);
        put_mmap_flags(c->b, (uint32_t)A(3));
        a_int(c, 4);
        a_hex(c, 5);
        c->rval = RVAL_HEX;
}

static void dec_mprotect(struct dctx *c)
{
        a_ptr(c, 0);
        a_ulong(c, 1);
        arg_next(c);
        put_flags(c->b, &xl_mmap_prot, A(2), "PROT_???");
}

static void dec_brk(struct dctx *c)
{
        a_ptr(c, 0);
        c->rval = RVAL_HEX;
}

static void dec_mremap(struct dctx *c)
{
        a_ptr(c, 0);
        a_ulong(c, 1);
        a_ulong(c, 2);
        arg_next(c);
        put_flags(c->b, &xl_mremap_flags, A(3), "MREMAP_???");
        if ((A(3) & (MREMAP_MAYMOVE | MREMAP_FIXED)) == (MREMAP_MAYMOVE | MREMAP_FIXED))
                a_ptr(c, 4);
        c->rval = RVAL_HEX;
}

static void dec_madvise(struct dctx *c)
{
        a_ptr(c, 0);
        a_ulong(c, 1);
        a_xval32(c, 2, &xl_madvise, "MADV_???");
}

static void dec_shmat(struct dctx *c)
{
        decode_by_signature(c, decode_signature(__NR_shmat));
        c->rval = RVAL_HEX;
}

static void dec_umask(struct dctx *c)
{
        a_mode(c, 0);
        c->rval = RVAL_OCT;
}

/* ---- processes ---- */

static bool has_argv_seg(const struct dctx *c, unsigned arg)
{
        return seg_get(c, arg, RENACER_SEG_STR) != NULL;
}

static void put_argv(struct dctx *c, unsigned arg)
{
        unsigned n = 0;
        bool more = (c->ev->flags & RENACER_SC_PAYLOAD_CUT) != 0;

        if (!A(arg)) {
                db_puts(c->b, "NULL");
                return;
        }
        if (c->nonverbose) { /* strace's printargv() outside -e verbose= */
                put_ptr(c, A(arg));
                return;
        }
        /* where the vector stopped being readable, if it did */
        const struct record_seg *cut = seg_get(c, arg, RENACER_SEG_COUNT);
        uint32_t readable = 0;

        uint32_t total = UINT32_MAX;

        if (cut && (cut->flags & RENACER_SEGF_MORE))
                more = true;
        /* execve's environment: the count of the vector's elements */
        if (cut && !(cut->flags & (RENACER_SEGF_MORE | RENACER_SEGF_FAULT)))
                memcpy(&total, cut->data, sizeof(total));
        if (cut && (cut->flags & RENACER_SEGF_FAULT))
                memcpy(&readable, cut->data, sizeof(readable));
        else
                cut = NULL;
        if (cut && readable == 0) {
                put_ptr(c, A(arg));
                return;
        }
        /* records without that mark: after EFAULT an unreadable vector is
         * likely, and the address is true either way */
        if (!cut && c->failed && c->ret == -EFAULT && !has_argv_seg(c, arg)) {
                put_ptr(c, A(arg));
                return;
        }
        db_putc(c->b, '[');
        for (unsigned i = 0; i < c->nseg; i++) {
                const struct record_seg *s = &c->seg[i];
                size_t len;

                if (s->arg != arg || s->type != RENACER_SEG_STR)
                        continue;
                if (s->flags & RENACER_SEGF_MORE)
                        more = true;
                if (n)
                        db_puts(c->b, ", ");
                if (n >= c->strsize && !c->no_abbrev) {
                        /* strace shows at most -s elements, all with -v */
                        db_puts(c->b, "...");
                        more = false;
                        n++;
                        break;
                }
                n++;
                if (s->flags & RENACER_SEGF_FAULT) {
                        uint64_t p;

                        /* strace prints the address of a string it cannot read */
                        if (s->len >= sizeof(p)) {
                                memcpy(&p, s->data, sizeof(p));
                                put_ptr(c, p);
                        } else {
                                db_puts(c->b, "???");
                        }
                        continue;
                }
                len = s->len < c->strsize ? s->len : c->strsize;
                put_quoted(c->b, s->data, len, false);
                if (s->len > len || (s->flags & RENACER_SEGF_TRUNC))
                        db_puts(c->b, "...");
        }
        /* more elements than the kernel copied (-v: RENACER_ENV_MAX of an
         * environment) */
        if (total != UINT32_MAX && n < total)
                more = true;
        /* elements the capture dropped, or the end of what was readable */
        if (cut)
                db_printf(c->b, "%s... /* %#llx */", n ? ", " : "",
                          (unsigned long long)(A(arg) + readable * sizeof(uint64_t)));
        else if (more)
                db_puts(c->b, n ? ", ..." : "...");
        db_putc(c->b, ']');
}

static void put_envp(struct dctx *c, unsigned arg)
{
        const struct record_seg *s = seg_get(c, arg, RENACER_SEG_COUNT);
        uint32_t n;

        /* -v: the strings, as argv's, where the kernel copied them
         * (RENACER_TRACK_ENV: the first RENACER_ENV_MAX; an empty one has none) */
        if (c->no_abbrev && A(arg) && s &&
            (has_argv_seg(c, arg) ||
             (!(s->flags & RENACER_SEGF_FAULT) && !memcmp(s->data, &(uint32_t){0}, 4)))) {
                put_argv(c, arg);
                return;
        }
        put_ptr(c, A(arg));
        if (!A(arg) || !s || c->nonverbose)
                return;
        memcpy(&n, s->data, sizeof(n));
        if (s->flags & RENACER_SEGF_FAULT) {
                /* strace counts up to the first unreadable pointer */
                if (n)
                        db_printf(c->b, " /* %u var%s, unterminated */", n, n == 1 ? "" : "s");
                return;
        }
        if (s->flags & RENACER_SEGF_TRUNC)
                db_printf(c->b, " /* %u+ vars */", n); /* the BPF side stops at 256 */
        else
                db_printf(c->b, " /* %u var%s */", n, n == 1 ? "" : "s");
}

static void dec_execve(struct dctx *c)
{
        a_path(c, 0);
        arg_next(c);
        put_argv(c, 1);
        arg_next(c);
        put_envp(c, 2);
}

static void dec_execveat(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        arg_next(c);
        put_argv(c, 2);
        arg_next(c);
        put_envp(c, 3);
        a_flags32(c, 4, &xl_at_flags, "AT_???");
}

static void dec_clone(struct dctx *c)
{
        const uint64_t flags = A(0) & ~(uint64_t)CSIGNAL;
        const int sig = (int)(A(0) & CSIGNAL);

        arg_next(c);
        db_puts(c->b, "child_stack=");
        put_ptr(c, A(1));
        arg_next(c);
        db_puts(c->b, "flags=");
        if (flags) {
                put_flags(c->b, &xl_clone_flags, flags, "CLONE_???");
                if (sig) {
                        db_putc(c->b, '|');
                        put_signal(c->b, sig);
                }
        } else {
                put_signal(c->b, sig);
        }
        /* the rest is what strace prints at exit, so not for `= ?` */
        if (c->noret)
                return;
        if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
                /* strace reads the stored tid or pidfd; not captured */
                arg_next(c);
                db_puts(c->b, "parent_tid=");
                put_ptr(c, A(2));
        }
        if (flags & CLONE_SETTLS) {
                arg_next(c);
                db_puts(c->b, "tls=");
                put_ptr(c, A(4));
        }
        if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
                arg_next(c);
                db_puts(c->b, "child_tidptr=");
                put_ptr(c, A(3));
        }
}

static void dec_wait4(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        if (exited_ok(c) && c->ret > 0)
                put_wait_status(c, 1);
        else
                put_ptr(c, A(1));
        a_flags32(c, 2, &xl_wait_options, "W???");
        arg_next(c);
        if (exited_ok(c) && c->ret > 0)
                put_rusage(c, 3);
        else
                put_ptr(c, A(3));
}

static void dec_kill(struct dctx *c)
{
        a_int(c, 0);
        a_signal(c, 1);
}

static void dec_tgkill(struct dctx *c)
{
        a_int(c, 0);
        a_int(c, 1);
        a_signal(c, 2);
}

static void dec_restart_syscall(struct dctx *c)
{
        /* strace names the interrupted call, which a record does not carry */
        arg_next(c);
        db_puts(c->b, "<... resuming interrupted call ...>");
}

/* ---- sockets ---- */

static void dec_socket_type(struct dctx *c, uint32_t type)
{
        const char *s = xlat_name(&xl_socktypes, type & 0xf);

        if (s) {
                db_puts(c->b, s);
                type &= ~0xfU;
                if (!type)
                        return;
                db_putc(c->b, '|');
        }
        put_flags(c->b, &xl_sock_flags, type, "SOCK_???");
}

static void dec_socket_common(struct dctx *c, bool protocol_names)
{
        uint32_t family = (uint32_t)A(0);

        a_xval32(c, 0, &xl_addrfams, "AF_???");
        arg_next(c);
        dec_socket_type(c, (uint32_t)A(1));
        arg_next(c);
        if (protocol_names && (family == AF_INET || family == AF_INET6))
                put_xval(c->b, &xl_inet_protocols, U32(A(2)), "IPPROTO_???");
        else if (protocol_names && family == AF_NETLINK)
                put_xval(c->b, &xl_netlink_protocols, U32(A(2)), "NETLINK_???");
        else if (protocol_names && family == AF_PACKET) {
                /* the protocol is in network byte order */
                db_puts(c->b, "htons(");
                put_xval(c->b, &xl_eth_protos, ntohs((uint16_t)A(2)), "ETH_P_???");
                db_putc(c->b, ')');
        } else
                put_ulong(c, A(2));
}

static void dec_socket(struct dctx *c)
{
        dec_socket_common(c, true);
}

static void dec_socketpair(struct dctx *c)
{
        /* strace prints socketpair's protocol as a number */
        dec_socket_common(c, false);
        arg_next(c);
        if (exited_ok(c))
                put_fd_pair(c, 3);
        else
                put_ptr(c, A(3));
}

static void dec_connect(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_sockaddr(c, 1, A(2));
        a_int(c, 2);
}

/* A u32 captured for arg at entry (!at_exit) or at exit. */
static bool seg_u32(const struct dctx *c, unsigned arg, bool at_exit, int32_t *ret)
{
        const struct record_seg *s = seg_at(c, arg, RENACER_SEG_BUF, at_exit);

        if (!s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(*ret))
                return false;
        memcpy(ret, s->data, sizeof(*ret));
        return true;
}

/* strace's decode_sockname(): an address the call wrote and its in/out
 * length, `[in => out]`. */
static void put_sockname(struct dctx *c, unsigned addr, unsigned len)
{
        int32_t ulen, rlen;

        if (!A(addr) || !A(len) || !seg_u32(c, len, false, &ulen)) {
                a_ptr(c, addr);
                a_ptr(c, len);
                return;
        }
        if (!exited_ok(c) || !seg_u32(c, len, true, &rlen)) {
                a_ptr(c, addr);
                arg_next(c);
                db_printf(c->b, "[%d]", ulen);
                return;
        }
        arg_next(c);
        put_sockaddr(c, addr, (uint64_t)(int64_t)(ulen > rlen ? rlen : ulen));
        arg_next(c);
        if (ulen != rlen)
                db_printf(c->b, "[%d => %d]", ulen, rlen);
        else
                db_printf(c->b, "[%d]", rlen);
}

static void dec_accept(struct dctx *c)
{
        a_int(c, 0);
        put_sockname(c, 1, 2);
}

static void dec_accept4(struct dctx *c)
{
        dec_accept(c);
        a_flags32(c, 3, &xl_sock_flags, "SOCK_???");
}

static void dec_sendto(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_buf(c, 1, A(2), false);
        a_ulong(c, 2);
        a_flags32(c, 3, &xl_msg_flags, "MSG_???");
        arg_next(c);
        put_sockaddr(c, 4, A(5));
        a_int(c, 5);
}

static void dec_recvfrom(struct dctx *c)
{
        a_int(c, 0);
        a_outbuf(c, 1, false);
        a_ulong(c, 2);
        a_flags32(c, 3, &xl_msg_flags, "MSG_???");
        put_sockname(c, 4, 5);
}

/* ---- socket options ---- */

static void put_sockopt_level_name(struct dctx *c, uint32_t level, uint32_t name)
{
        a_int(c, 0);
        arg_next(c);
        put_xval(c->b, &xl_sock_levels, level, "SOL_??");
        arg_next(c);
        switch (level) {
        case SOL_SOCKET:
                put_xval(c->b, &xl_sock_options, name, "SO_???");
                break;
        case SOL_IP:
                put_xval(c->b, &xl_sock_ip_options, name, "IP_???");
                break;
        case SOL_TCP:
                put_xval(c->b, &xl_sock_tcp_options, name, "TCP_???");
                break;
        case SOL_IPV6:
                put_xval(c->b, &xl_sock_ipv6_options, name, "IPV6_???");
                break;
        default:
                put_uint(c, name);
                break;
        }
}

/* SOL_SOCKET options whose value strace prints as an int. */
static bool sockopt_is_int(uint32_t level, uint32_t name)
{
        if (level != SOL_SOCKET)
                return false;
        switch (name) {
        case SO_TYPE:
        case SO_ERROR:
        case SO_LINGER:
        case SO_PEERCRED:
        case SO_RCVTIMEO_OLD:
        case SO_SNDTIMEO_OLD:
        case SO_BINDTODEVICE:
        case SO_ATTACH_FILTER:
        case SO_PEERNAME:
        case SO_PEERSEC:
        case SO_PROTOCOL:
        case SO_DOMAIN:
        case SO_MAX_PACING_RATE:
        case SO_BPF_EXTENSIONS:
        case SO_ATTACH_BPF:
        case SO_ATTACH_REUSEPORT_CBPF:
        case SO_ATTACH_REUSEPORT_EBPF:
        case SO_MEMINFO:
        case SO_COOKIE:
        case SO_PEERGROUPS:
        case SO_TXTIME:
        case SO_BINDTOIFINDEX:
        case SO_RCVTIMEO_NEW:
        case SO_SNDTIMEO_NEW:
        case SO_NETNS_COOKIE:
        case SO_BUF_LOCK:
        case SO_TXREHASH:
                return false;
        }
        return name >= SO_DEBUG && name <= SO_RCVMARK;
}

static void put_int_at(struct dctx *c, const uint8_t *p)
{
        int32_t v;

        memcpy(&v, p, sizeof(v));
        db_printf(c->b, "[%d]", v);
}

/* A structure of 32-bit fields of which len bytes were written, the way
 * strace's MAYBE_PRINT_FIELD_LEN shows it: whole fields by name, a cut
 * field as hex bytes, nothing after it. */
static void put_int_fields(struct dctx *c, const uint8_t *p, size_t len, const char *const *names,
                           unsigned n, bool is_signed)
{
        db_putc(c->b, '{');
        if (len > n * sizeof(int32_t))
                len = n * sizeof(int32_t);
        for (unsigned i = 0; i < n && len > i * sizeof(int32_t); i++) {
                size_t off = i * sizeof(int32_t);
                uint32_t v;

                if (i)
                        db_puts(c->b, ", ");
                db_printf(c->b, "%s=", names[i]);
                if (len - off < sizeof(v)) {
                        put_quoted(c->b, p + off, len - off, true);
                        break;
                }
                memcpy(&v, p + off, sizeof(v));
                if (is_signed)
                        db_printf(c->b, "%d", (int32_t)v);
                else
                        db_printf(c->b, "%u", v);
        }
        db_putc(c->b, '}');
}

/* strace's print_getsockopt() and print_setsockopt() for the options it
 * knows without reading further structures; len bytes at arg 3. */
static void put_sockopt_value(struct dctx *c, uint32_t level, uint32_t name, int32_t len, bool get)
{
        const struct record_seg *s = seg_get(c, 3, RENACER_SEG_BUF);
        const uint8_t *p = s && !(s->flags & RENACER_SEGF_FAULT) ? s->data : NULL;
        size_t have = p ? s->len : 0;

        size_t need = len < 0 ? 0 : (size_t)len;

        if (!get && put_sockopt_mreq(c, level, name, len))
                return;

        if (level == SOL_SOCKET && (name == SO_LINGER || name == SO_PEERCRED)) {
                size_t whole = name == SO_LINGER ? sizeof(struct linger) : sizeof(struct ucred);

                if (need > whole)
                        need = whole;
        }
        /* the capture must hold what strace would read (at most 128 bytes) */
        if (!A(3) || (get && len <= 0) || !p || (have < need && have < 128)) {
                put_ptr(c, A(3));
                return;
        }
        if (level == SOL_SOCKET && name == SO_LINGER && !get &&
            len < (int32_t)sizeof(struct linger)) {
                put_ptr(c, A(3));
                return;
        }
        if (level == SOL_SOCKET && name == SO_LINGER) {
                static const char *const f[] = {"l_onoff", "l_linger"};

                put_int_fields(c, p, (size_t)len, f, 2, true);
                return;
        }
        if (get && level == SOL_SOCKET && name == SO_PEERCRED) {
                static const char *const f[] = {"pid", "uid", "gid"};

                put_int_fields(c, p, (size_t)len, f, 3, false);
                return;
        }
        if (get && level == SOL_SOCKET && name == SO_ERROR) {
                uint32_t e;
                const char *n;

                if (len < (int32_t)sizeof(e)) {
                        put_quoted(c->b, p, (size_t)len, true);
                        return;
                }
                memcpy(&e, p, sizeof(e));
                n = e ? errno_name((long)e) : NULL;
                if (n)
                        db_printf(c->b, "[%s]", n);
                else
                        db_printf(c->b, "[%u]", e);
                return;
        }
        if (sockopt_is_int(level, name)) {
                if (len >= (int32_t)sizeof(int32_t))
                        put_int_at(c, p);
                else if (get)
                        put_quoted(c->b, p, (size_t)len, true);
                else
                        put_ptr(c, A(3));
                return;
        }
        if (len == (int32_t)sizeof(int32_t)) {
                put_int_at(c, p);
                return;
        }
        if (len < 0) {
                put_ptr(c, A(3));
                return;
        }
        {
                size_t n = (size_t)len < c->strsize ? (size_t)len : c->strsize;

                if (n > have)
                        n = have;
                put_quoted(c->b, p, n, false);
                if ((size_t)len > n)
                        db_puts(c->b, "...");
        }
}

static void dec_getsockopt(struct dctx *c)
{
        uint32_t level = (uint32_t)A(1), name = (uint32_t)A(2);
        int32_t ulen, rlen;

        put_sockopt_level_name(c, level, name);
        if (!A(4) || !seg_u32(c, 4, false, &ulen)) {
                a_ptr(c, 3);
                a_ptr(c, 4);
                return;
        }
        if (!exited_ok(c) || !seg_u32(c, 4, true, &rlen)) {
                a_ptr(c, 3);
                arg_next(c);
                db_printf(c->b, "[%d]", ulen);
                return;
        }
        arg_next(c);
        if (ulen <= 0 || rlen <= 0)
                put_ptr(c, A(3));
        else
                put_sockopt_value(c, level, name, rlen, true);
        arg_next(c);
        if (ulen != rlen)
                db_printf(c->b, "[%d => %d]", ulen, rlen);
        else
                db_printf(c->b, "[%d]", rlen);
}

static void dec_setsockopt(struct dctx *c)
{
        uint32_t level = (uint32_t)A(1), name = (uint32_t)A(2);

        put_sockopt_level_name(c, level, name);
        arg_next(c);
        put_sockopt_value(c, level, name, (int32_t)A(4), false);
        a_int(c, 4);
}

static void dec_shutdown(struct dctx *c)
{
        a_int(c, 0);
        a_xval32(c, 1, &xl_shutdown, "SHUT_???");
}

/* ---- polling and waiting ---- */

static void dec_poll(struct dctx *c)
{
        arg_next(c);
        put_pollfds(c);
        a_uint(c, 1);
        a_int(c, 2);
        if (exited_ok(c))
                c->rextra = put_poll_revents;
}

static void dec_epoll_create1(struct dctx *c)
{
        a_flags32(c, 0, &xl_epoll_flags, "EPOLL_???");
}

static void dec_epoll_ctl(struct dctx *c)
{
        a_int(c, 0);
        a_xval32(c, 1, &xl_epoll_ctl, "EPOLL_CTL_???");
        a_int(c, 2);
        arg_next(c);
        if ((uint32_t)A(1) == EPOLL_CTL_DEL)
                put_ptr(c, A(3));
        else
                put_epoll_event(c, 3);
}

static void dec_epoll_wait(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        if (exited_ok(c))
                put_epoll_events(c, 1);
        else
                put_ptr(c, A(1));
        a_int(c, 2);
        a_int(c, 3);
}

static void dec_epoll_pwait(struct dctx *c)
{
        dec_epoll_wait(c);
        a_ptr(c, 4); /* the mask is not captured */
        a_ulong(c, 5);
}

static void a_timespec(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_timespec(c, i);
}

static void dec_futex(struct dctx *c)
{
        const uint32_t op = (uint32_t)A(1);
        const uint32_t val3 = (uint32_t)A(5);

        a_ptr(c, 0);
        a_xval32(c, 1, &xl_futex_ops, "FUTEX_???");
        switch (op & 127) {
        case FUTEX_WAIT:
                a_uint(c, 2);
                a_timespec(c, 3);
                break;
        case FUTEX_LOCK_PI:
        case FUTEX_LOCK_PI2:
                a_ptr(c, 3); /* captured only for the WAIT operations */
                break;
        case FUTEX_WAIT_BITSET:
                a_uint(c, 2);
                a_timespec(c, 3);
                arg_next(c);
                if (val3 == FUTEX_BITSET_MATCH_ANY)
                        db_puts(c->b, "FUTEX_BITSET_MATCH_ANY");
                else
                        db_printf(c->b, "%#x", val3);
                break;
        case FUTEX_WAKE_BITSET:
                a_uint(c, 2);
                arg_next(c);
                if (val3 == FUTEX_BITSET_MATCH_ANY)
                        db_puts(c->b, "FUTEX_BITSET_MATCH_ANY");
                else
                        db_printf(c->b, "%#x", val3);
                break;
        case FUTEX_REQUEUE:
                a_uint(c, 2);
                a_uint(c, 3);
                a_ptr(c, 4);
                break;
        case FUTEX_CMP_REQUEUE:
        case FUTEX_CMP_REQUEUE_PI:
                a_uint(c, 2);
                a_uint(c, 3);
                a_ptr(c, 4);
                a_uint(c, 5);
                break;
        case FUTEX_WAKE_OP: {
                struct dbuf *b = c->b;

                a_uint(c, 2);
                a_uint(c, 3);
                a_ptr(c, 4);
                arg_next(c);
                if ((val3 >> 28) & FUTEX_OP_OPARG_SHIFT)
                        db_puts(b, "FUTEX_OP_OPARG_SHIFT<<28|");
                put_xval(b, &xl_futex_wake_ops, (val3 >> 28) & 7, NULL);
                db_puts(b, "<<28");
                if (!xlat_name(&xl_futex_wake_ops, (val3 >> 28) & 7))
                        db_puts(b, " /* FUTEX_OP_??? */");
                db_printf(b, "|%#x<<12|", (val3 >> 12) & 0xfff);
                put_xval(b, &xl_futex_wake_cmps, (val3 >> 24) & 0xf, NULL);
                db_puts(b, "<<24");
                if (!xlat_name(&xl_futex_wake_cmps, (val3 >> 24) & 0xf))
                        db_puts(b, " /* FUTEX_OP_CMP_??? */");
                db_printf(b, "|%#x", val3 & 0xfff);
                break;
        }
        case FUTEX_WAIT_REQUEUE_PI:
                a_uint(c, 2);
                a_ptr(c, 3);
                a_ptr(c, 4);
                break;
        case FUTEX_FD:
        case FUTEX_WAKE:
                a_uint(c, 2);
                break;
        case FUTEX_UNLOCK_PI:
        case FUTEX_TRYLOCK_PI:
                break;
        default:
                a_uint(c, 2);
                a_ptr(c, 3);
                a_ptr(c, 4);
                arg_next(c);
                db_printf(c->b, "%#x", val3);
                break;
        }
}

/* ---- process set-up ---- */

static void dec_getrandom(struct dctx *c)
{
        a_outbuf(c, 0, true);
        a_ulong(c, 1);
        a_flags32(c, 2, &xl_grnd_flags, "GRND_???");
}

static void dec_rt_sigaction(struct dctx *c)
{
        a_signal(c, 0);
        arg_next(c);
        put_sigaction(c, 1);
        arg_next(c);
        if (exited_ok(c))
                put_sigaction(c, 2);
        else
                put_ptr(c, A(2));
        a_ulong(c, 3);
}

static void dec_rt_sigprocmask(struct dctx *c)
{
        a_xval32(c, 0, &xl_sigprocmask_how, "SIG_???");
        arg_next(c);
        put_sigset(c, 1, A(3));
        arg_next(c);
        if (exited_ok(c))
                put_sigset(c, 2, A(3));
        else
                put_ptr(c, A(2));
        a_ulong(c, 3);
}

/* strace: the mask restored from the signal frame, {mask=[...]} */
static void dec_rt_sigreturn(struct dctx *c)
{
        arg_next(c);
        db_puts(c->b, "{mask=");
        put_sigset(c, 0, 8); /* the kernel's sigset size */
        db_puts(c->b, "}");
}

static void dec_prlimit64(struct dctx *c)
{
        a_int(c, 0);
        a_xval32(c, 1, &xl_resources, "RLIMIT_???");
        arg_next(c);
        put_rlimit(c, 2);
        arg_next(c);
        if (exited_ok(c))
                put_rlimit(c, 3);
        else
                put_ptr(c, A(3));
}

static void dec_getpriority(struct dctx *c)
{
        a_xval32(c, 0, &xl_prio_which, "PRIO_???");
        a_int(c, 1);
}

static void dec_setpriority(struct dctx *c)
{
        dec_getpriority(c);
        a_int(c, 2);
}

static void dec_getrlimit(struct dctx *c)
{
        a_xval32(c, 0, &xl_resources, "RLIMIT_???");
        arg_next(c);
        if (exited_ok(c))
                put_rlimit(c, 1);
        else
                put_ptr(c, A(1));
}

static void dec_setrlimit(struct dctx *c)
{
        a_xval32(c, 0, &xl_resources, "RLIMIT_???");
        arg_next(c);
        put_rlimit(c, 1);
}

static void dec_getrusage(struct dctx *c)
{
        int32_t who = (int32_t)A(0);
        const char *n = xlat_name(&xl_rusage_who, (uint64_t)(int64_t)who);

        arg_next(c);
        if (n)
                db_puts(c->b, n);
        else
                db_printf(c->b, "%#x /* RUSAGE_??? */", (uint32_t)who);
        arg_next(c);
        if (exited_ok(c))
                put_rusage(c, 1);
        else
                put_ptr(c, A(1));
}

static void dec_rt_sigpending(struct dctx *c)
{
        arg_next(c);
        if (exited_ok(c))
                put_sigset_upto(c, 0, A(1));
        else
                put_ptr(c, A(0));
        a_ulong(c, 1);
}

/* linux/signal.h's SS_* (glibc names the first two only) */
static const struct xlat_ent ss_flags_ents[] = {
    {1, "SS_ONSTACK"}, {2, "SS_DISABLE"}, {1U << 31, "SS_AUTODISARM"}};
static const struct xlat xl_ss_flags = {ss_flags_ents, 3, NULL};

/* x86_64's stack_t (struct sigaltstack), as the BPF side copies it */
struct k_stack {
        uint64_t ss_sp;
        int32_t ss_flags;
        uint64_t ss_size;
};
_Static_assert(sizeof(struct k_stack) == 24, "stack_t on x86_64");

/* strace's print_stack_t(): the stack_t at argument i, as the call was
 * given it (at entry) or as it returned it (at exit) */
static void put_stack_t(struct dctx *c, unsigned i, bool at_exit)
{
        const struct record_seg *s = seg_at(c, i, RENACER_SEG_BUF, at_exit);
        struct k_stack ss;

        if (!A(i) || !s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(ss)) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&ss, s->data, sizeof(ss));
        db_puts(c->b, "{ss_sp=");
        put_ptr(c, ss.ss_sp);
        db_puts(c->b, ", ss_flags=");
        put_flags(c->b, &xl_ss_flags, (uint32_t)ss.ss_flags, "SS_???");
        db_printf(c->b, ", ss_size=%llu}", (unsigned long long)ss.ss_size);
}

static void dec_sigaltstack(struct dctx *c)
{
        arg_next(c);
        put_stack_t(c, 0, false);
        arg_next(c);
        if (exited_ok(c))
                put_stack_t(c, 1, true);
        else
                put_ptr(c, A(1));
}

static void dec_rt_sigsuspend(struct dctx *c)
{
        arg_next(c);
        put_sigset(c, 0, A(1));
        a_ulong(c, 1);
}

static void dec_setgroups(struct dctx *c)
{
        uint32_t n = (uint32_t)A(0);

        a_int(c, 0);
        arg_next(c);
        /* strace reads no list longer than the kernel accepts */
        if (n > NGROUPS_MAX)
                put_ptr(c, A(1));
        else
                put_id_array(c, 1, n);
}

static void dec_getgroups(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        if (exited_ok(c))
                put_id_array(c, 1, (uint64_t)c->ret);
        else
                put_ptr(c, A(1));
}

static void sched_policy_rval(struct dctx *c)
{
        const char *s = xlat_name(&xl_schedulers, (uint64_t)c->ret);

        if (s)
                db_printf(c->b, " (%s)", s);
}

static void dec_sched_setscheduler(struct dctx *c)
{
        const void *p = seg_struct(c, 2, sizeof(int32_t));

        a_int(c, 0);
        a_xval32(c, 1, &xl_schedulers, "SCHED_???");
        arg_next(c);
        if (p) {
                int32_t prio;

                memcpy(&prio, p, sizeof(prio));
                db_printf(c->b, "[%d]", prio);
        } else {
                put_ptr(c, A(2));
        }
}

static void dec_sched_getscheduler(struct dctx *c)
{
        a_int(c, 0);
        c->rextra = sched_policy_rval;
}

static void dec_arch_prctl(struct dctx *c)
{
        uint32_t code = (uint32_t)A(0);

        a_xval32(c, 0, &xl_arch_prctl, "ARCH_???");
        switch (code) {
        case ARCH_GET_FS:
        case ARCH_GET_GS:
                a_ptr(c, 1); /* strace reads the value; not captured */
                break;
        case ARCH_GET_CPUID:
                break;
        default:
                a_hex(c, 1);
                break;
        }
}

static void dec_uname(struct dctx *c)
{
        arg_next(c);
        if (exited_ok(c))
                put_utsname(c, 0);
        else
                put_ptr(c, A(0));
}

static void dec_exit(struct dctx *c)
{
        a_int(c, 0);
}

/* Declarations of the decoders other files define (decode-sys.c and the
 * other family files); those defined above keep their internal linkage. */
#define D(x)                                       void dec_##x(struct dctx *c);
#define D_NONE                                     /* none */
#define SYSCALL(n, sig, cls, dec, cap, fd, golden) dec
#include "syscalls.def"
#undef SYSCALL
#undef D
#undef D_NONE

/* The decoder column of the syscall table. */
#define D(x)                                       dec_##x
#define D_NONE                                     NULL
#define SYSCALL(n, sig, cls, dec, cap, fd, golden) [__NR_##n] = dec,
static const decode_fn decoders[RENACER_SYSCALL_MAX] = {
#include "syscalls.def"
};
#undef SYSCALL

decode_fn decode_lookup(int nr)
{
        if (nr < 0 || nr >= RENACER_SYSCALL_MAX)
                return NULL;
        return decoders[nr];
}

void put_string(struct dctx *c, unsigned i)
{
        const struct record_seg *s = seg_get(c, i, RENACER_SEG_STR);
        size_t n;

        if (!A(i) || !s || (s->flags & RENACER_SEGF_FAULT)) {
                put_ptr(c, A(i));
                return;
        }
        n = s->len < c->strsize ? s->len : c->strsize;
        put_quoted(c->b, s->data, n, false);
        if (s->len > n || (s->flags & RENACER_SEGF_TRUNC))
                db_puts(c->b, "...");
}

/* An argument spec {f:list} or {v:list} at sig (just after the '{'):
 * flags or a value of an int, named by a generated table. Returns the
 * characters used, the closing brace included; 0 if malformed. */
static size_t put_sig_xlat(struct dctx *c, const char *sig, uint64_t v)
{
        const char *end = strchr(sig, '}');
        const struct xlat *x;

        if (!end || end - sig < 3 || sig[1] != ':')
                return 0;
        x = xlat_by_name(sig + 2, (size_t)(end - sig - 2));
        if (!x)
                return 0;
        if (sig[0] == 'f')
                put_flags(c->b, x, (uint32_t)v, x->dflt);
        else
                put_xval(c->b, x, (uint32_t)v, x->dflt);
        return (size_t)(end - sig) + 1;
}

void decode_by_signature(struct dctx *c, const char *sig)
{
        for (unsigned i = 0; sig && *sig && i < 6; i++, sig++) {
                arg_next(c);
                switch (*sig) {
                case 'd':
                        put_int(c, A(i));
                        break;
                case 'u':
                        put_uint(c, A(i));
                        break;
                case 'U':
                        put_uid(c, A(i));
                        break;
                case 'l':
                        put_long(c, A(i));
                        break;
                case 'L':
                        put_ulong(c, A(i));
                        break;
                case 'x':
                        db_printf(c->b, "%#x", (uint32_t)A(i));
                        break;
                case 'p':
                        put_ptr(c, A(i));
                        break;
                case 's':
                        put_string(c, i);
                        break;
                case 'P':
                        put_path(c, i);
                        break;
                case 'F':
                        put_dirfd(c, A(i));
                        break;
                case 'o':
                        put_mode(c, A(i));
                        break;
                case '{': {
                        size_t used = put_sig_xlat(c, sig + 1, A(i));

                        if (used) {
                                sig += used;
                                break;
                        }
                        /* a table the build does not have: the number */
                        db_printf(c->b, "%#x", (uint32_t)A(i));
                        sig = strchr(sig, '}') ? strchr(sig, '}') : sig + strlen(sig) - 1;
                        break;
                }
                case '?':
                        /* what strace names symbolically: int flags and
                         * commands, shown as the kernel reads them */
                        db_printf(c->b, "%#x", (uint32_t)A(i));
                        break;
                default: /* 'X' */
                        put_hex(c, A(i));
                        break;
                }
        }
}
