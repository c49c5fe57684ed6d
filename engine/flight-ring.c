// SPDX-License-Identifier: MIT
#include "flight-ring.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int flight_ring_parse_size(const char *s, size_t *ret)
{
        unsigned long long v = 0, mult = 1;
        const char *p = s;

        if (!s || !*s)
                return -EINVAL;
        for (; *p >= '0' && *p <= '9'; p++) {
                v = v * 10 + (unsigned)(*p - '0');
                if (v > FLIGHT_RING_MAX)
                        return -ERANGE;
        }
        if (p == s)
                return -EINVAL;
        if (*p == 'K' || *p == 'k')
                mult = 1024, p++;
        else if (*p == 'M' || *p == 'm')
                mult = 1024 * 1024, p++;
        else if (*p == 'G' || *p == 'g')
                mult = 1024 * 1024 * 1024, p++;
        if (*p)
                return -EINVAL;
        if (v > FLIGHT_RING_MAX / mult || v * mult < FLIGHT_RING_MIN)
                return -ERANGE;
        *ret = (size_t)(v * mult);
        return 0;
}

int flight_ring_init(struct flight_ring *r, size_t cap)
{
        memset(r, 0, sizeof(*r));
        if (cap < FLIGHT_RING_MIN || cap > FLIGHT_RING_MAX)
                return -ERANGE;
        r->buf = malloc(cap);
        if (!r->buf)
                return -ENOMEM;
        r->cap = cap;
        return 0;
}

void flight_ring_free(struct flight_ring *r)
{
        free(r->buf);
        memset(r, 0, sizeof(*r));
}

static void copy_in(struct flight_ring *r, size_t at, const void *src, size_t len)
{
        size_t first = r->cap - at < len ? r->cap - at : len;

        memcpy(r->buf + at, src, first);
        memcpy(r->buf, (const uint8_t *)src + first, len - first);
}

static void copy_out(const struct flight_ring *r, size_t at, void *dst, size_t len)
{
        size_t first = r->cap - at < len ? r->cap - at : len;

        memcpy(dst, r->buf + at, first);
        memcpy((uint8_t *)dst + first, r->buf, len - first);
}

void flight_ring_push(struct flight_ring *r, const void *rec, size_t len)
{
        uint32_t l32 = (uint32_t)len, old;

        if (!r->buf)
                return;
        if (len > r->cap - sizeof(l32)) {
                r->too_large++;
                return;
        }
        while (r->used + sizeof(l32) + len > r->cap) {
                copy_out(r, r->head, &old, sizeof(old));
                r->head = (r->head + sizeof(old) + old) % r->cap;
                r->used -= sizeof(old) + old;
                r->n--;
                r->overwritten++;
        }
        size_t tail = (r->head + r->used) % r->cap;
        copy_in(r, tail, &l32, sizeof(l32));
        copy_in(r, (tail + sizeof(l32)) % r->cap, rec, len);
        r->used += sizeof(l32) + len;
        r->n++;
        if (len > r->max_len)
                r->max_len = len;
}

int flight_ring_each(const struct flight_ring *r, flight_ring_fn fn, void *ctx)
{
        size_t at = r->head;
        void *scratch;
        int ret = 0;

        if (!r->n)
                return 0;
        /* malloc's alignment suits every record struct */
        scratch = malloc(r->max_len ? r->max_len : 1);
        if (!scratch)
                return -ENOMEM;
        for (size_t i = 0; i < r->n; i++) {
                uint32_t len;
                copy_out(r, at, &len, sizeof(len));
                copy_out(r, (at + sizeof(len)) % r->cap, scratch, len);
                at = (at + sizeof(len) + len) % r->cap;
                ret = fn(ctx, scratch, len);
                if (ret < 0)
                        break;
        }
        free(scratch);
        return ret < 0 ? ret : 0;
}
