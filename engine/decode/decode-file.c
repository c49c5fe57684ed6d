// SPDX-License-Identifier: MIT
/*
 * File-descriptor structures as strace 6.1 prints them: fcntl's struct
 * flock and struct f_owner_ex (its src/fcntl.c), and the struct
 * file_handle of name_to_handle_at and open_by_handle_at (its
 * src/file_handle.c). Their rows in engine/syscall-table/syscalls.def say
 * what BPF copies; everything is read through seg_at()/seg_struct(), and
 * a missing, faulted or short copy prints the pointer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-file.h"
#include "decode-internal.h"
#include "uapi-consts.h"

_Static_assert(RENACER_F_GETLK == F_GETLK, "uapi-consts.h");
_Static_assert(RENACER_F_SETLK == F_SETLK, "uapi-consts.h");
_Static_assert(RENACER_F_SETLKW == F_SETLKW, "uapi-consts.h");
_Static_assert(RENACER_F_SETOWN_EX == F_SETOWN_EX, "uapi-consts.h");
_Static_assert(RENACER_F_GETOWN_EX == F_GETOWN_EX, "uapi-consts.h");
_Static_assert(RENACER_F_OFD_GETLK == F_OFD_GETLK, "uapi-consts.h");
_Static_assert(RENACER_F_OFD_SETLK == F_OFD_SETLK, "uapi-consts.h");
_Static_assert(RENACER_F_OFD_SETLKW == F_OFD_SETLKW, "uapi-consts.h");
_Static_assert(RENACER_MAX_HANDLE_SZ == MAX_HANDLE_SZ, "uapi-consts.h");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_lockfcmds, xl_f_owner_types, xl_name_to_handle_at_flags;

/* the kernel's struct flock on x86_64 (asm-generic/fcntl.h, which cannot
 * be included beside glibc's <fcntl.h>): F_OFD_* take the same one */
struct k_flock {
        int16_t l_type, l_whence;
        int64_t l_start, l_len;
        int32_t l_pid;
};
_Static_assert(sizeof(struct k_flock) == sizeof(struct flock), "struct flock");
_Static_assert(offsetof(struct k_flock, l_start) == offsetof(struct flock, l_start),
               "struct flock");
_Static_assert(offsetof(struct k_flock, l_pid) == offsetof(struct flock, l_pid), "struct flock");

/* the header of struct file_handle (f_handle follows it) */
struct k_file_handle {
        uint32_t handle_bytes;
        int32_t handle_type;
};
_Static_assert(sizeof(struct k_file_handle) == offsetof(struct file_handle, f_handle),
               "struct file_handle");

bool fcntl_takes_struct(uint32_t cmd)
{
        switch (cmd) {
        case F_GETLK:
        case F_SETLK:
        case F_SETLKW:
        case F_OFD_GETLK:
        case F_OFD_SETLK:
        case F_OFD_SETLKW:
        case F_GETOWN_EX:
        case F_SETOWN_EX:
                return true;
        }
        return false;
}

/* print_struct_flock64(): l_pid only for what F_GETLK wrote */
static void put_flock(struct dctx *c, bool getlk)
{
        const struct k_flock *p = seg_struct(c, 2, sizeof(*p));
        struct k_flock l;

        if (!p) {
                put_ptr(c, A(2));
                return;
        }
        memcpy(&l, p, sizeof(l));
        db_puts(c->b, "{l_type=");
        put_xval(c->b, &xl_lockfcmds, (uint16_t)l.l_type, "F_???");
        db_puts(c->b, ", l_whence=");
        put_xval(c->b, &xl_whence, (uint16_t)l.l_whence, "SEEK_???");
        db_printf(c->b, ", l_start=%lld, l_len=%lld", (long long)l.l_start, (long long)l.l_len);
        if (getlk)
                db_printf(c->b, ", l_pid=%d", l.l_pid);
        db_putc(c->b, '}');
}

/* print_f_owner_ex() */
static void put_f_owner_ex(struct dctx *c)
{
        const struct f_owner_ex *p = seg_struct(c, 2, sizeof(*p));
        struct f_owner_ex o;

        if (!p) {
                put_ptr(c, A(2));
                return;
        }
        memcpy(&o, p, sizeof(o));
        db_puts(c->b, "{type=");
        put_xval(c->b, &xl_f_owner_types, (uint32_t)o.type, "F_OWNER_???");
        db_printf(c->b, ", pid=%d}", o.pid);
}

void put_fcntl_struct(struct dctx *c, uint32_t cmd)
{
        const bool get = cmd == F_GETLK || cmd == F_OFD_GETLK || cmd == F_GETOWN_EX;

        arg_next(c);
        /* a F_GET* command's structure is read after the call, and only
         * when it succeeded (umove_or_printaddr() at exit) */
        if (get && !exited_ok(c)) {
                put_ptr(c, A(2));
                return;
        }
        if (cmd == F_GETOWN_EX || cmd == F_SETOWN_EX)
                put_f_owner_ex(c);
        else
                put_flock(c, cmd == F_GETLK || cmd == F_OFD_GETLK);
}

/* ---- file handles ---- */

/* print_f_handle(): the handle_bytes bytes after the header (at most
 * MAX_HANDLE_SZ) in hex, "..." past them; ??? when they cannot be read */
static void put_f_handle(struct dctx *c, const struct record_seg *s, uint64_t addr,
                         uint32_t handle_bytes)
{
        const uint32_t len = handle_bytes < MAX_HANDLE_SZ ? handle_bytes : MAX_HANDLE_SZ;

        if (addr + sizeof(struct k_file_handle) <= sizeof(struct k_file_handle) ||
            s->len < sizeof(struct k_file_handle) + len) {
                db_puts(c->b, "???");
                return;
        }
        put_quoted(c->b, s->data + sizeof(struct k_file_handle), len, true);
        if (handle_bytes > len)
                db_puts(c->b, "...");
}

/* a segment of argument i holding at least the header, or NULL */
static const struct record_seg *handle_seg(const struct dctx *c, unsigned i, bool at_exit)
{
        const struct record_seg *s = seg_at(c, i, RENACER_SEG_BUF, at_exit);

        if (!s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(struct k_file_handle))
                return NULL;
        return s;
}

/* name_to_handle_at: handle_bytes as given (ENTER(U32)), what the kernel
 * changed it to and, after success, the handle (EXIT(READABLE)); the
 * mount id it wrote (EXIT(STRUCT_OK)) */
void dec_name_to_handle_at(struct dctx *c)
{
        const struct record_seg *in = seg_at(c, 2, RENACER_SEG_BUF, false);
        const struct record_seg *out;
        const int32_t *mnt;
        uint32_t given, h[2];

        a_dirfd(c, 0);
        a_path(c, 1);
        arg_next(c);
        if (!A(2) || !in || (in->flags & RENACER_SEGF_FAULT) || in->len < sizeof(given)) {
                put_ptr(c, A(2));
                a_ptr(c, 3);
                a_flags32(c, 4, &xl_name_to_handle_at_flags, "AT_???");
                return;
        }
        memcpy(&given, in->data, sizeof(given));
        db_printf(c->b, "{handle_bytes=%u", given);
        out = handle_seg(c, 2, true);
        if (out && !c->noret && (!c->failed || c->ret == -EOVERFLOW)) {
                memcpy(h, out->data, sizeof(h));
                if (h[0] != given)
                        db_printf(c->b, " => %u", h[0]);
                if (!c->failed) {
                        db_printf(c->b, ", handle_type=%d, f_handle=", (int32_t)h[1]);
                        put_f_handle(c, out, A(2), h[0]);
                }
        }
        db_putc(c->b, '}');
        arg_next(c);
        mnt = exited_ok(c) ? seg_struct(c, 3, sizeof(*mnt)) : NULL;
        if (mnt)
                db_printf(c->b, "[%d]", *mnt);
        else
                put_ptr(c, A(3));
        a_flags32(c, 4, &xl_name_to_handle_at_flags, "AT_???");
}

/* open_by_handle_at: the handle it was given (EXIT(READABLE): the kernel
 * does not write it) */
void dec_open_by_handle_at(struct dctx *c)
{
        const struct record_seg *s = handle_seg(c, 1, true);

        a_int(c, 0);
        arg_next(c);
        if (!A(1) || !s) {
                put_ptr(c, A(1));
        } else {
                struct k_file_handle h;

                memcpy(&h, s->data, sizeof(h));
                db_printf(c->b, "{handle_bytes=%u, handle_type=%d, f_handle=", h.handle_bytes,
                          h.handle_type);
                put_f_handle(c, s, A(1), h.handle_bytes);
                db_putc(c->b, '}');
        }
        arg_next(c);
        put_open_flags(c->b, U32(A(2)));
}
