// SPDX-License-Identifier: MIT
/*
 * semop and semtimedop as strace 6.1 prints them (its src/ipc_sem.c): the
 * struct sembuf array as print_array() shows it (the row copies its first
 * -s + 1 elements, EXIT(ARRAY_S), which the kernel only reads), the count,
 * and semtimedop's timeout as captured before the call.
 */
#include <stdint.h>
#include <string.h>
#include <sys/sem.h>

#include "decode-args.h"
#include "decode-array.h"
#include "decode-internal.h"

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_semop_flags;

static void put_sembuf(struct dctx *c, const uint8_t *e)
{
        struct sembuf sb;

        memcpy(&sb, e, sizeof(sb));
        db_printf(c->b, "{sem_num=%u, sem_op=%d, sem_flg=", (unsigned)sb.sem_num, (int)sb.sem_op);
        put_flags(c->b, &xl_semop_flags, (uint16_t)sb.sem_flg, "SEM_???");
        db_putc(c->b, '}');
}

/* the sops array at argument 1 and its nsops count (argument 2) */
static void put_sops(struct dctx *c)
{
        const uint32_t n = (uint32_t)A(2);

        arg_next(c);
        put_seg_array(c, seg_get(c, 1, RENACER_SEG_BUF), A(1), n, sizeof(struct sembuf),
                      put_sembuf);
        a_uint(c, 2);
}

void dec_semop(struct dctx *c)
{
        a_int(c, 0);
        put_sops(c);
}

void dec_semtimedop(struct dctx *c)
{
        a_int(c, 0);
        put_sops(c);
        arg_next(c);
        put_timespec(c, 3);
}
