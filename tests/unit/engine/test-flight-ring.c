// SPDX-License-Identifier: MIT
/* The flight recorder's overwriting buffer (engine/flight-ring.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flight-ring.h"

static void test_parse_size(void **state)
{
        size_t v;

        (void)state;
        assert_int_equal(flight_ring_parse_size("4M", &v), 0);
        assert_int_equal(v, 4u << 20);
        assert_int_equal(flight_ring_parse_size("512k", &v), 0);
        assert_int_equal(v, 512u << 10);
        assert_int_equal(flight_ring_parse_size("65536", &v), 0);
        assert_int_equal(v, 65536);
        assert_int_equal(flight_ring_parse_size("1G", &v), 0);
        assert_int_equal(v, 1u << 30);
        assert_int_equal(flight_ring_parse_size("4095", &v), -ERANGE);
        assert_int_equal(flight_ring_parse_size("2G", &v), -ERANGE);
        assert_int_equal(flight_ring_parse_size("99999999999999999999", &v), -ERANGE);
        assert_int_equal(flight_ring_parse_size("4MB", &v), -EINVAL);
        assert_int_equal(flight_ring_parse_size("", &v), -EINVAL);
        assert_int_equal(flight_ring_parse_size("M", &v), -EINVAL);
        assert_int_equal(flight_ring_parse_size("-4K", &v), -EINVAL);
}

struct seen {
        uint32_t first, last;
        size_t n;
        int fail_at;
};

static int collect(void *ctx, const void *rec, size_t len)
{
        struct seen *s = ctx;
        uint32_t v;

        assert_true(len >= sizeof(v));
        memcpy(&v, rec, sizeof(v));
        /* the payload repeats the record's number */
        for (size_t i = 0; i < len; i++)
                assert_int_equal(((const uint8_t *)rec)[i], ((uint8_t *)&v)[i % 4]);
        if (!s->n)
                s->first = v;
        else
                assert_int_equal(v, s->last + 1); /* oldest first, none skipped */
        s->last = v;
        s->n++;
        return (int)s->n == s->fail_at ? -EIO : 0;
}

static void push_numbered(struct flight_ring *r, uint32_t v, size_t len)
{
        uint8_t buf[1024];

        for (size_t i = 0; i < len; i++)
                buf[i] = ((uint8_t *)&v)[i % 4];
        flight_ring_push(r, buf, len);
}

static void test_overwrites_oldest(void **state)
{
        struct flight_ring r;
        struct seen s = {0};

        (void)state;
        assert_int_equal(flight_ring_init(&r, 4096), 0);
        /* records of varying sizes wrap around the end many times */
        for (uint32_t i = 0; i < 1000; i++)
                push_numbered(&r, i, 8 + (i * 37) % 200);
        assert_true(r.used <= r.cap);
        assert_true(r.overwritten > 0);
        assert_int_equal(r.n + r.overwritten, 1000);
        assert_int_equal(flight_ring_each(&r, collect, &s), 0);
        assert_int_equal(s.n, r.n);
        assert_int_equal(s.last, 999);
        assert_int_equal(s.first, 1000 - r.n);

        /* a record larger than the buffer is counted, not stored */
        uint8_t *big = calloc(1, 8192);
        flight_ring_push(&r, big, 8192);
        free(big);
        assert_int_equal(r.too_large, 1);

        /* fn's error stops the walk */
        struct seen s2 = {.fail_at = 3};
        assert_int_equal(flight_ring_each(&r, collect, &s2), -EIO);
        assert_int_equal(s2.n, 3);
        flight_ring_free(&r);
        assert_int_equal(flight_ring_init(&r, 10), -ERANGE);
}

static void test_empty_and_exact_fit(void **state)
{
        struct flight_ring r;
        struct seen s = {0};

        (void)state;
        assert_int_equal(flight_ring_init(&r, 4096), 0);
        assert_int_equal(flight_ring_each(&r, collect, &s), 0);
        assert_int_equal(s.n, 0);
        /* 4 records of 1020 bytes + 4-byte lengths fill it exactly */
        for (uint32_t i = 0; i < 4; i++)
                push_numbered(&r, i, 1020);
        assert_int_equal(r.used, 4096);
        assert_int_equal(r.overwritten, 0);
        push_numbered(&r, 4, 4);
        assert_int_equal(r.overwritten, 1);
        assert_int_equal(flight_ring_each(&r, collect, &s), 0);
        assert_int_equal(s.first, 1);
        assert_int_equal(s.last, 4);
        flight_ring_free(&r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_parse_size),
            cmocka_unit_test(test_overwrites_oldest),
            cmocka_unit_test(test_empty_and_exact_fit),
        };
        return cmocka_run_group_tests_name("flight-ring", tests, NULL, NULL);
}
