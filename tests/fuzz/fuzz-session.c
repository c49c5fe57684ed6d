// SPDX-License-Identifier: MIT
/*
 * session_ingest on arbitrary bytes. The input is cut into records the way
 * a reader of an 'E' frame would (each header's size says where the next
 * one starts); each record is copied into a buffer of exactly the length
 * passed, so any read past it is caught. The session's bookkeeping must stay
 * consistent whatever arrives.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "renacer-event.h"
#include "session-table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ROOT_TGID 1000 /* the root process of tests/fuzz/make-corpus.py */

static void check_session(const struct session *s, int completed)
{
        size_t live = 0;

        for (size_t i = 0; i < s->nprocs; i++) {
                const struct session_proc *p = &s->procs[i];
                if (!p->alive)
                        continue;
                live++;
                for (size_t fd = 0; fd < p->fds.n; fd++) {
                        const char *path = fd_table_get(&p->fds, (int)fd);
                        if (path && strlen(path) >= p->fds.slots[fd].cap)
                                abort();
                }
        }
        if (live != s->live || s->live > s->nprocs)
                abort();
        /* complete exactly when session_ingest said so */
        if (s->complete != (completed > 0))
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct session_table *t;
        struct session *s;
        size_t off = 0;
        int completed = 0;

        if (session_table_new(&t) < 0)
                return 0;
        if (session_table_add(t, ROOT_TGID, &s) < 0) {
                session_table_free(t);
                return 0;
        }
        while (off < size) {
                size_t left = size - off, len;
                uint16_t hsize = 0;
                uint8_t *rec;
                bool valid;
                int r;

                /* the declared size, or what is left when it claims more */
                if (left >= 4)
                        memcpy(&hsize, data + off + 2, sizeof(hsize));
                len = hsize ? hsize : sizeof(struct renacer_event_header);
                if (len > left)
                        len = left;
                rec = malloc(len);
                if (!rec)
                        break;
                memcpy(rec, data + off, len);
                valid = session_record_valid(rec, len);
                r = session_ingest(s, rec, len);
                if (!valid && r != -EBADMSG)
                        abort();
                if (valid && r != 0 && r != 1 && r != -ENOMEM)
                        abort();
                if (r == 1 && (completed++ || !s->complete || s->live != 0))
                        abort();
                free(rec);
                check_session(s, completed);
                off += len;
        }
        session_table_remove(t, s);
        session_table_free(t);
        return 0;
}
