// SPDX-License-Identifier: MIT
/*
 * decode_event on arbitrary bytes: a syscall record as it arrives from a
 * daemon's socket, copied into a buffer of exactly its length so that any
 * read past it is caught. A record is either refused with -EBADMSG,
 * -EPROTONOSUPPORT or -ENOSPC, or decodes into text whose offsets all lie
 * inside it; the shared segment reader and the fd tracking derived from the
 * syscall table see the same bytes, and so do the -e read=/write= dumps,
 * whose lines stay short and whole.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "dumpio.h"
#include "fd-table.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct decoded out;

static void check_decoded(const struct decoded *d)
{
        char line[2 * DECODE_TEXT_SIZE];
        int n;

        if (d->nargs < 0 || d->nargs > DECODE_MAX_ARGS)
                abort();
        for (int i = 0; i < d->nargs; i++)
                if ((size_t)d->arg_off[i] + d->arg_len[i] >= sizeof(d->text) ||
                    strlen(decoded_arg(d, i)) != d->arg_len[i])
                        abort();
        if ((size_t)d->ret_off + d->ret_len >= sizeof(d->text) ||
            strlen(decoded_ret(d)) != d->ret_len || !d->name)
                abort();
        n = decode_format(d, line, sizeof(line));
        if (n < 0 || strlen(line) != (size_t)n)
                abort();
}

static void check_line(void *ctx, const char *line, size_t len)
{
        (void)ctx;
        if (len == 0 || len > 100 || memchr(line, '\n', len) || memchr(line, '\0', len))
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const unsigned strsizes[] = {0, 1, 32, 4096};
        uint8_t *rec = malloc(size ? size : 1);
        struct fd_table fds;

        if (!rec)
                return 0;
        memcpy(rec, data, size);
        for (size_t i = 0; i < sizeof(strsizes) / sizeof(strsizes[0]); i++) {
                /* -v on every other pass: the unabbreviated printers too;
                 * -e verbose=none on the last two: the address fallbacks */
                struct decode_opts o = {
                    .strsize = strsizes[i], .no_abbrev = i & 1, .nonverbose = i >= 2};
                int r = decode_event((const void *)rec, size, &o, &out);

                if (r == 0)
                        check_decoded(&out);
                else if (r != -EBADMSG && r != -EPROTONOSUPPORT && r != -ENOSPC)
                        abort();
        }
        if (record_syscall_check(rec, size) == 0) {
                const struct renacer_syscall_event *ev = (const void *)rec;
                struct record_seg_iter it;
                struct record_seg s;
                int r;

                record_seg_iter_init(&it, ev, ev->hdr.size);
                while ((r = record_seg_next(&it, &s)) > 0)
                        if (s.data < rec || s.data + s.len > rec + size)
                                abort();
                struct dumpio_fds all = {.invert = true};
                r = dumpio_record(ev, size, &all, &all, check_line, NULL);
                if (r < 0 && r != -EBADMSG)
                        abort();
                fd_table_init(&fds);
                fd_table_track(&fds, ev, ev->hdr.size);
                fd_table_free(&fds);
        }
        free(rec);
        return 0;
}
