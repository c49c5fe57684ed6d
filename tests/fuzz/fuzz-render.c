// SPDX-License-Identifier: MIT
/*
 * renacerctl's renderer on arbitrary records, as an 'E' frame from a
 * daemon brings them: the first byte picks the options (format, -x/-xx,
 * -r, -a, -f -o pid column, status and signal filters, -yy), the rest is a run
 * of records, each copied into a buffer of exactly its declared size.
 * Every record is either rendered or refused with -EBADMSG and friends;
 * nothing reads past a record, and the output goes to /dev/null.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fd-path.h"
#include "output.h"
#include "renacer-event.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static int devnull = -1;
        struct trace_opts o;
        struct output out;
        struct renderer *r;

        if (size < 1)
                return 0;
        if (devnull < 0 && (devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
                abort();
        trace_opts_init(&o);
        uint8_t pick = data[0];
        o.format = (enum output_format)(pick % 3);
        o.hex = (pick >> 2) % 3;
        o.relative = pick & 0x10;
        o.column = pick & 0x20 ? 0 : 40;
        o.output = pick & 0x40 ? "/dev/null" : NULL;
        o.follow = pick & 0x40;
        o.status = pick & 0x80 ? STATUS_FAILED : STATUS_ALL;
        o.signals = pick & 0x80 ? 1ULL << (17 - 1) : ~0ULL;
        o.decode_fds = pick & 0x08 ? FDPATH_ALL : 0;
        output_init_fd(&out, devnull);
        if (renderer_new(&o, &out, &r) < 0)
                return 0;
        data++;
        size--;
        while (size >= sizeof(struct renacer_event_header)) {
                struct renacer_event_header h;
                memcpy(&h, data, sizeof(h));
                size_t n = h.size >= sizeof(h) && h.size <= size ? h.size : size;
                uint8_t *rec = malloc(n);
                if (!rec)
                        break;
                memcpy(rec, data, n);
                int e = renderer_record(r, rec, n);
                free(rec);
                if (e < 0 && e != -EBADMSG && e != -EPROTONOSUPPORT && e != -ENOSPC)
                        abort();
                data += n;
                size -= n;
        }
        struct trace_result res = {.wait_status = 0};
        summary_init(&res.summary);
        renderer_finish(r, &res);
        summary_free(&res.summary);
        renderer_free(r);
        return 0;
}
