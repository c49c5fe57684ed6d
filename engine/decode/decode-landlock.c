// SPDX-License-Identifier: MIT
/*
 * landlock_create_ruleset and landlock_add_rule as strace 6.1 prints them
 * (its src/landlock.c): struct landlock_ruleset_attr's handled_access_fs,
 * the only field strace 6.1 knows (", ..." when the caller's size says
 * more follows), and struct landlock_path_beneath_attr of a
 * LANDLOCK_RULE_PATH_BENEATH rule. Both are read by the kernel: the row
 * captures them before the call (ENTER(STRUCT)) and they are shown
 * whatever the call returned.
 */
#include <linux/landlock.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "uapi-consts.h"

_Static_assert(RENACER_LANDLOCK_RULE_PATH_BENEATH == LANDLOCK_RULE_PATH_BENEATH, "uapi-consts.h");
/* the row copies handled_access_fs as the __u64 it is */
_Static_assert(sizeof(((struct landlock_ruleset_attr *)0)->handled_access_fs) == sizeof(uint64_t),
               "struct landlock_ruleset_attr");
_Static_assert(offsetof(struct landlock_ruleset_attr, handled_access_fs) == 0,
               "struct landlock_ruleset_attr");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_landlock_ruleset_access_fs, xl_landlock_rule_types,
    xl_landlock_create_ruleset_flags;

/* what strace 6.1 reads of the attr: up to the end of handled_access_fs */
#define RULESET_ATTR_KNOWN sizeof(uint64_t)

void dec_landlock_create_ruleset(struct dctx *c)
{
        const uint64_t size = A(1);
        const void *p = seg_struct(c, 0, RULESET_ATTR_KNOWN);
        uint64_t fs;

        arg_next(c);
        if (size < RULESET_ATTR_KNOWN || !A(0) || !p) {
                put_ptr(c, A(0));
        } else {
                memcpy(&fs, p, sizeof(fs));
                db_puts(c->b, "{handled_access_fs=");
                put_flags(c->b, &xl_landlock_ruleset_access_fs, fs, "LANDLOCK_ACCESS_FS_???");
                if (size > RULESET_ATTR_KNOWN)
                        db_puts(c->b, ", ...");
                db_putc(c->b, '}');
        }
        a_ulong(c, 1);
        a_flags32(c, 2, &xl_landlock_create_ruleset_flags, "LANDLOCK_CREATE_RULESET_???");
}

void dec_landlock_add_rule(struct dctx *c)
{
        const uint32_t type = (uint32_t)A(1);
        const void *p = seg_struct(c, 2, sizeof(struct landlock_path_beneath_attr));
        struct landlock_path_beneath_attr a;

        a_int(c, 0);
        a_xval32(c, 1, &xl_landlock_rule_types, "LANDLOCK_RULE_???");
        arg_next(c);
        if (type != LANDLOCK_RULE_PATH_BENEATH || !A(2) || !p) {
                put_ptr(c, A(2));
        } else {
                memcpy(&a, p, sizeof(a));
                db_puts(c->b, "{allowed_access=");
                put_flags(c->b, &xl_landlock_ruleset_access_fs, a.allowed_access,
                          "LANDLOCK_ACCESS_FS_???");
                db_printf(c->b, ", parent_fd=%d}", (int)a.parent_fd);
        }
        arg_next(c);
        put_hex(c, U32(A(3)));
}
