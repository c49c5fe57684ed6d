// SPDX-License-Identifier: MIT
/*
 * process_madvise as strace 6.1 prints it (its mem.c): the pidfd, the
 * iovec array of the ranges (their addresses only, tprint_iov() with
 * iov_decode_addr: print_array() of -s elements), the advice by name and
 * the flags in hex. The row copies only the array (EXIT(ARRAY_S)), never
 * the memory it describes.
 */
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

#include "decode-args.h"
#include "decode-array.h"
#include "decode-internal.h"

static void put_range(struct dctx *c, const uint8_t *e)
{
        struct iovec v;

        memcpy(&v, e, sizeof(v));
        db_puts(c->b, "{iov_base=");
        put_ptr(c, (uint64_t)(uintptr_t)v.iov_base);
        db_printf(c->b, ", iov_len=%llu}", (unsigned long long)v.iov_len);
}

void dec_process_madvise(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_seg_array(c, seg_get(c, 1, RENACER_SEG_BUF), A(1), A(2), sizeof(struct iovec),
                      put_range);
        a_ulong(c, 2);
        arg_next(c);
        put_xval(c->b, &xl_madvise, U32(A(3)), "MADV_???");
        arg_next(c);
        put_hex(c, U32(A(4)));
}
