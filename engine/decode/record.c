// SPDX-License-Identifier: MIT
#include "record.h"

#include <errno.h>
#include <string.h>

/* segment headers and data are padded to 8 bytes on the wire */
#define SEG_ALIGN 8

int record_syscall_check(const void *rec, size_t avail)
{
        const struct renacer_syscall_event *ev = rec;

        /* sizes first: nothing else in the record is trusted before them */
        if (!rec || avail < sizeof(struct renacer_event_header))
                return -EBADMSG;
        if (ev->hdr.size > avail || ev->hdr.size < sizeof(*ev))
                return -EBADMSG;
        if (ev->hdr.version != RENACER_EVENT_VERSION)
                return -EPROTONOSUPPORT;
        if (ev->hdr.kind != RENACER_EV_SYSCALL)
                return -EBADMSG;
        if (ev->payload_len > RENACER_PAYLOAD_MAX ||
            sizeof(*ev) + (size_t)ev->payload_len > ev->hdr.size)
                return -EBADMSG;
        return 0;
}

void record_seg_iter_init(struct record_seg_iter *it, const struct renacer_syscall_event *ev,
                          size_t avail)
{
        size_t room = avail > sizeof(*ev) ? avail - sizeof(*ev) : 0;

        it->p = (const uint8_t *)(ev + 1);
        it->off = 0;
        it->total = ev->payload_len < room ? ev->payload_len : room;
        it->left = ev->nseg;
}

int record_seg_next(struct record_seg_iter *it, struct record_seg *out)
{
        struct renacer_seg h;
        size_t end;

        if (it->left == 0)
                return 0;
        if (it->total - it->off < sizeof(h))
                return -EBADMSG;
        memcpy(&h, it->p + it->off, sizeof(h));
        it->off += sizeof(h);
        if (h.len > it->total - it->off || h.arg >= 6)
                return -EBADMSG;
        switch (h.type) {
        case RENACER_SEG_STR:
                /* a long path re-read at exit holds up to PATH_MAX - 1 */
                if (h.len > RENACER_PATH_MAX - 1)
                        return -EBADMSG;
                break;
        case RENACER_SEG_BUF:
                if (h.len > RENACER_BUF_CAP)
                        return -EBADMSG;
                break;
        case RENACER_SEG_FDDEV:
                if (h.len != sizeof(struct renacer_seg_fddev))
                        return -EBADMSG;
                break;
        case RENACER_SEG_COUNT:
                if (h.len != sizeof(uint32_t))
                        return -EBADMSG;
                break;
        case RENACER_SEG_CAUSAL:
                if (h.len != sizeof(struct renacer_seg_causal))
                        return -EBADMSG;
                break;
        case RENACER_SEG_FDINFO:
                if (h.len != sizeof(struct renacer_seg_fdinfo))
                        return -EBADMSG;
                break;
        default:
                return -EBADMSG;
        }
        out->arg = h.arg;
        out->type = h.type;
        out->flags = h.flags;
        out->len = h.len;
        out->data = it->p + it->off;
        /* the padding of the last segment may be left out */
        end = it->off + ((h.len + SEG_ALIGN - 1) & ~(size_t)(SEG_ALIGN - 1));
        it->off = end < it->total ? end : it->total;
        it->left--;
        return 1;
}

bool record_seg_find(const struct renacer_syscall_event *ev, size_t avail, unsigned arg,
                     unsigned type, struct record_seg *out)
{
        struct record_seg_iter it;

        record_seg_iter_init(&it, ev, avail);
        while (record_seg_next(&it, out) > 0)
                if (out->arg == arg && out->type == type)
                        return true;
        return false;
}

const char *record_seg_str(const struct renacer_syscall_event *ev, size_t avail, unsigned arg,
                           size_t *ret_len)
{
        struct record_seg_iter it;
        struct record_seg s;

        record_seg_iter_init(&it, ev, avail);
        while (record_seg_next(&it, &s) > 0) {
                if (s.arg == arg && s.type == RENACER_SEG_STR && !(s.flags & RENACER_SEGF_FAULT)) {
                        *ret_len = s.len;
                        return (const char *)s.data;
                }
        }
        return NULL;
}
