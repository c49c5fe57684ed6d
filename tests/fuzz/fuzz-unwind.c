// SPDX-License-Identifier: MIT
/*
 * The -k unwinder (engine/unwind) on arbitrary bytes: records cut the way
 * a reader of an 'E' frame cuts them, each copied into a buffer of exactly
 * its length, fed in order; every syscall record asks for its frames. Map
 * records may name any path: only a regular file that matches the
 * recorded device and inode is ever read, so a fuzzer's paths are safe.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "renacer-event.h"
#include "stack-unwind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static struct stack_frame frames[UNWIND_MAX_FRAMES];
        struct unwinder *u;
        size_t off = 1;

        if (size < 1)
                return 0;
        /* the first byte picks the mode and whether lines are looked up */
        if (unwinder_new((enum unwind_mode)(data[0] % 3), data[0] & 4, &u) < 0)
                return 0;
        while (off <= size && size - off >= sizeof(struct renacer_event_header)) {
                struct renacer_event_header h;
                memcpy(&h, data + off, sizeof(h));
                size_t len = h.size;
                if (len < sizeof(h) || len > size - off)
                        len = size - off;
                uint8_t *rec = malloc(len);
                if (!rec)
                        break;
                memcpy(rec, data + off, len);
                unwinder_record(u, rec, len);
                if (h.kind == RENACER_EV_SYSCALL && len >= sizeof(struct renacer_syscall_event)) {
                        int n = unwinder_frames(u, (const void *)rec, frames, UNWIND_MAX_FRAMES);
                        if (n > UNWIND_MAX_FRAMES)
                                abort();
                        for (int i = 0; i < n; i++)
                                if (frames[i].object && !memchr(frames[i].object, '\0', 4096))
                                        abort();
                }
                if (h.kind == RENACER_EV_EXIT)
                        unwinder_take_unreturned(u, h.tgid, 0, frames, UNWIND_MAX_FRAMES);
                free(rec);
                off += len + ((8 - len % 8) % 8);
        }
        unwinder_free(u);
        return 0;
}
