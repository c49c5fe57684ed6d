// SPDX-License-Identifier: MIT
/*
 * modify_ldt as strace 6.1 prints it on x86_64 (its src/ldt.c): struct
 * user_desc when the size is its own (captured before the call, as
 * strace reads it), and the result the kernel clips to an unsigned int,
 * which strace reads back as an error when it is one (4294967258 ENOSYS).
 */
#include <asm/ldt.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "syscall-names.h"

/* the highest 32-bit value that is not an errno (strace's 0xfffff000) */
#define ERRNO_32_MIN 0xfffff000ULL

static void put_user_desc(struct dctx *c)
{
        const void *p = seg_struct(c, 1, sizeof(struct user_desc));
        struct user_desc d;

        if (!A(1) || !p) {
                put_ptr(c, A(1));
                return;
        }
        memcpy(&d, p, sizeof(d));
        db_puts(c->b, "{entry_number=");
        put_uid(c, d.entry_number);
        /* db_printf() takes short formats: the fields a few at a time */
        db_printf(c->b, ", base_addr=%#08x, limit=%#08x", d.base_addr, d.limit);
        db_printf(c->b, ", seg_32bit=%u, contents=%u, read_exec_only=%u", (unsigned)d.seg_32bit,
                  (unsigned)d.contents, (unsigned)d.read_exec_only);
        db_printf(c->b, ", limit_in_pages=%u, seg_not_present=%u, useable=%u, lm=%u}",
                  (unsigned)d.limit_in_pages, (unsigned)d.seg_not_present, (unsigned)d.useable,
                  (unsigned)d.lm);
}

/* the errno a clipped result stands for, after it */
static void put_clipped_errno(struct dctx *c)
{
        const uint64_t r = (uint64_t)c->ret;
        long err;
        const char *name;

        if (r < ERRNO_32_MIN || r > UINT32_MAX)
                return;
        err = (long)(UINT32_MAX - r + 1);
        name = errno_name(err);
        if (name)
                db_printf(c->b, " %s (%s)", name, errno_text(err));
        else
                db_printf(c->b, " ERRNO_%ld (%s)", err, errno_text(err));
}

void dec_modify_ldt(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        if (A(2) != sizeof(struct user_desc))
                put_ptr(c, A(1));
        else
                put_user_desc(c);
        a_ulong(c, 2);
        c->rextra = put_clipped_errno;
}
