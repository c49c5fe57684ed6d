// SPDX-License-Identifier: MIT
/*
 * process_vm_readv and process_vm_writev as strace 6.1 prints them (its
 * src/process_vm.c): the local iovec array with its data (what the call
 * read, up to the result, after success; what it was given to write), the
 * remote one as addresses only: its iov_base values point into the other
 * process, so the row copies the array (EXIT(ARRAY_S)) and no data.
 */
#include <stdint.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "decode-net.h"

/* the remote iovec array (argument 3) and the counts and flags after it */
static void put_remote(struct dctx *c)
{
        a_ulong(c, 2);
        arg_next(c);
        put_iov(c, 3, A(4), UINT64_MAX, false);
        a_ulong(c, 4);
        a_ulong(c, 5);
}

void dec_process_vm_readv(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        if (c->noret)
                put_ptr(c, A(1));
        else
                put_iov(c, 1, A(2), c->failed ? 0 : (uint64_t)c->ret, !c->failed);
        put_remote(c);
}

void dec_process_vm_writev(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_iov(c, 1, A(2), UINT64_MAX, true);
        put_remote(c);
}
