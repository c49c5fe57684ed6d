// SPDX-License-Identifier: MIT
/*
 * fsconfig as strace 6.1 prints it (its src/fsconfig.c): the command by
 * name and, per command, the key and value as the strings, path, binary
 * blob or fd they are. The strings are captured at entry by the row's
 * ENTER(STR)/ENTER(IF, ..., PATH) entries, the blob at exit by EXIT(IF,
 * ..., BUF_IN).
 */
#include <linux/mount.h>
#include <stdint.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "uapi-consts.h"

_Static_assert(RENACER_FSCONFIG_SET_STRING == FSCONFIG_SET_STRING, "uapi-consts.h");
_Static_assert(RENACER_FSCONFIG_SET_BINARY == FSCONFIG_SET_BINARY, "uapi-consts.h");
_Static_assert(RENACER_FSCONFIG_SET_PATH == FSCONFIG_SET_PATH, "uapi-consts.h");
_Static_assert(RENACER_FSCONFIG_SET_PATH_EMPTY == FSCONFIG_SET_PATH_EMPTY, "uapi-consts.h");

/* generated from xlat/fsconfig_cmds.in by gen-xlat.py */
extern const struct xlat xl_fsconfig_cmds;

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
