// SPDX-License-Identifier: MIT
/*
 * mount, fsconfig and mount_setattr as strace 6.1 prints them (its
 * src/mount.c, src/fsconfig.c and src/mount_setattr.c): mount's flags
 * with the old magic apart and its type and data as strings or addresses
 * by what the flags make the kernel read; fsconfig's command by name
 * and, per command, the key and value as the strings, path, binary blob
 * or fd they are (captured at entry by the row's ENTER(STR)/ENTER(IF,
 * ..., PATH) entries, the blob at exit by EXIT(IF, ..., BUF_IN));
 * mount_setattr's struct mount_attr of the size the caller gave, with
 * the bytes past it (EXIT(SIZED) and EXIT(TAIL)).
 */
#include <limits.h>
#include <linux/mount.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "uapi-consts.h"

_Static_assert(RENACER_FSCONFIG_SET_STRING == FSCONFIG_SET_STRING, "uapi-consts.h");
_Static_assert(RENACER_FSCONFIG_SET_BINARY == FSCONFIG_SET_BINARY, "uapi-consts.h");
_Static_assert(RENACER_FSCONFIG_SET_PATH == FSCONFIG_SET_PATH, "uapi-consts.h");
_Static_assert(RENACER_FSCONFIG_SET_PATH_EMPTY == FSCONFIG_SET_PATH_EMPTY, "uapi-consts.h");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_mount_flags, xl_fsconfig_cmds, xl_mount_attr_attr,
    xl_mount_attr_propagation, xl_mount_setattr_flags;

struct k_mount_attr {
        uint64_t attr_set, attr_clr, propagation, userns_fd;
};
_Static_assert(sizeof(struct k_mount_attr) == sizeof(struct mount_attr), "struct mount_attr");
_Static_assert(sizeof(struct k_mount_attr) == MOUNT_ATTR_SIZE_VER0, "struct mount_attr");

#define K_PAGE_SIZE 4096 /* strace reads the tail up to get_pagesize() */

/* strace's limit on the blob it reads (1 MiB) */
#define FSCONFIG_BINARY_MAX (1024 * 1024)

void dec_fsconfig(struct dctx *c)
{
        const uint32_t cmd = (uint32_t)A(1);
        const int32_t aux = (int32_t)A(4);

        a_int(c, 0);
        a_xval32(c, 1, &xl_fsconfig_cmds, "FSCONFIG_???");

        arg_next(c);
        switch (cmd) {
        case FSCONFIG_SET_FLAG:
        case FSCONFIG_SET_STRING:
        case FSCONFIG_SET_BINARY:
        case FSCONFIG_SET_PATH:
        case FSCONFIG_SET_PATH_EMPTY:
        case FSCONFIG_SET_FD:
                /* printstr_ex(key, 256, QUOTE_0_TERMINATED): as printstr
                 * for every -s below 256 */
                put_string(c, 2);
                break;
        default:
                put_ptr(c, A(2));
                break;
        }

        arg_next(c);
        switch (cmd) {
        case FSCONFIG_SET_STRING:
                put_string(c, 3);
                break;
        case FSCONFIG_SET_PATH:
        case FSCONFIG_SET_PATH_EMPTY:
                put_path(c, 3);
                break;
        case FSCONFIG_SET_BINARY:
                if (aux >= 0 && aux <= FSCONFIG_BINARY_MAX) {
                        put_buf(c, 3, (uint64_t)aux, true);
                        break;
                }
                put_ptr(c, A(3));
                break;
        default:
                put_ptr(c, A(3));
                break;
        }

        arg_next(c);
        if (cmd == FSCONFIG_SET_PATH || cmd == FSCONFIG_SET_PATH_EMPTY)
                put_dirfd(c, A(4));
        else
                put_int(c, A(4));
}

/* print_nonzero_bytes() of the bytes past struct mount_attr (segment 5) */
static void put_attr_tail(struct dctx *c)
{
        const uint64_t size = A(4);
        const uint64_t total = size < K_PAGE_SIZE ? size : K_PAGE_SIZE;
        const uint64_t len = total - sizeof(struct k_mount_attr);
        const struct record_seg *s = seg_get(c, 5, RENACER_SEG_BUF);
        size_t n;
        bool zero = true;

        if (size <= sizeof(struct k_mount_attr))
                return;
        if (!s || (s->flags & RENACER_SEGF_FAULT)) {
                db_puts(c->b, ", ???");
                return;
        }
        n = s->len < len ? s->len : (size_t)len;
        for (size_t i = 0; i < n && zero; i++)
                zero = !s->data[i];
        if (zero)
                return;
        db_printf(c->b, ", /* bytes %zu..%llu */ ", sizeof(struct k_mount_attr),
                  (unsigned long long)(total - 1));
        if (n > c->strsize)
                n = c->strsize;
        put_quoted(c->b, s->data, n, true);
        if (n < len)
                db_puts(c->b, "...");
}

/* print_mount_attr() */
static void put_mount_attr(struct dctx *c)
{
        const uint64_t size = A(4);
        const size_t want =
            size < sizeof(struct k_mount_attr) ? (size_t)size : sizeof(struct k_mount_attr);
        const void *p = A(3) ? seg_struct(c, 3, want) : NULL;
        struct k_mount_attr a;

        if (size < MOUNT_ATTR_SIZE_VER0 || !p) {
                put_ptr(c, A(3));
                return;
        }
        memcpy(&a, p, sizeof(a));
        db_puts(c->b, "{attr_set=");
        put_flags(c->b, &xl_mount_attr_attr, a.attr_set, "MOUNT_ATTR_???");
        db_puts(c->b, ", attr_clr=");
        put_flags(c->b, &xl_mount_attr_attr, a.attr_clr, "MOUNT_ATTR_???");
        db_puts(c->b, ", propagation=");
        put_xval(c->b, &xl_mount_attr_propagation, a.propagation, "MS_???");
        if (a.userns_fd > INT_MAX || !((a.attr_set | a.attr_clr) & MOUNT_ATTR_IDMAP))
                db_printf(c->b, ", userns_fd=%llu", (unsigned long long)a.userns_fd);
        else
                db_printf(c->b, ", userns_fd=%d", (int)a.userns_fd);
        put_attr_tail(c);
        db_putc(c->b, '}');
}

void dec_mount_setattr(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        a_flags32(c, 2, &xl_mount_setattr_flags, "AT_???");
        arg_next(c);
        put_mount_attr(c);
        a_ulong(c, 4);
}

/* the old magic number mount(2) still takes in the high 16 bits of its
 * flags (MS_MGC_VAL under MS_MGC_MSK), printed by name before the flags */
#define K_MS_MGC_VAL 0xc0ed0000UL
#define K_MS_MGC_MSK 0xffff0000UL
_Static_assert(K_MS_MGC_VAL == MS_MGC_VAL, "MS_MGC_VAL");
_Static_assert(K_MS_MGC_MSK == MS_MGC_MSK, "MS_MGC_MSK");

void dec_mount(struct dctx *c)
{
        uint64_t flags = A(3);
        bool old_magic = false, ignore_type = false, ignore_data = false;

        if ((flags & K_MS_MGC_MSK) == K_MS_MGC_VAL) {
                flags &= ~K_MS_MGC_MSK;
                old_magic = true;
        }
        /* what the kernel reads: a remount takes no type, a bind, move or
         * propagation change neither type nor data */
        if (flags & MS_REMOUNT)
                ignore_type = true;
        else if (flags & (MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
                ignore_type = ignore_data = true;

        a_path(c, 0);
        a_path(c, 1);
        arg_next(c);
        if (ignore_type)
                put_ptr(c, A(2));
        else
                put_string(c, 2);
        arg_next(c);
        if (old_magic) {
                db_puts(c->b, "MS_MGC_VAL");
                if (flags)
                        db_putc(c->b, '|');
        }
        if (flags || !old_magic)
                put_flags(c->b, &xl_mount_flags, flags, "MS_???");
        arg_next(c);
        if (ignore_data)
                put_ptr(c, A(4));
        else
                put_string(c, 4);
}
