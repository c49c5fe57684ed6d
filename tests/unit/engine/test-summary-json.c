// SPDX-License-Identifier: MIT
/* summary_to_json / summary_from_json: the summary in protocol messages. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "summary-json.h"
#include "syscall-names.h"

#define NR_READ   0
#define NR_WRITE  1
#define NR_OPENAT 257

/* Serialise to text and parse back, as the wire does. */
static struct json_object *reparse(struct json_object *o)
{
        const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
        struct json_object *back = json_tokener_parse(text);

        assert_non_null(back);
        return back;
}

static int from_text(const char *text, struct summary *s)
{
        struct json_object *o = json_tokener_parse(text);
        int r;

        if (!o)
                fail_msg("test JSON does not parse: %s", text);
        r = summary_from_json(o, s);
        json_object_put(o);
        return r;
}

static void test_round_trip(void **state)
{
        uint64_t h[RENACER_HIST_BUCKETS] = {0};
        struct json_object *o, *back;
        struct summary s, t;

        (void)state;
        h[0] = 3;
        h[7] = 11;
        h[RENACER_HIST_BUCKETS - 1] = UINT64_MAX;
        summary_init(&s);
        summary_init(&t);
        assert_int_equal(summary_add(&s, NR_READ, 5, 2, 12345, h), 0);
        assert_int_equal(
            summary_add(&s, NR_OPENAT, UINT64_MAX, UINT64_MAX - 1, UINT64_MAX - 2, NULL), 0);
        assert_int_equal(summary_add(&s, RENACER_SYSCALL_MAX - 1, 1, 0, 0, NULL), 0);
        assert_int_equal(summary_add(&s, NR_WRITE, 0, 0, 0, NULL), 0);

        o = summary_to_json(&s);
        assert_non_null(o);
        back = reparse(o);
        assert_int_equal(summary_from_json(back, &t), 0);
        assert_int_equal(t.n, s.n);
        for (size_t i = 0; i < s.n; i++) {
                assert_int_equal(t.rows[i].nr, s.rows[i].nr);
                assert_true(t.rows[i].calls == s.rows[i].calls);
                assert_true(t.rows[i].errors == s.rows[i].errors);
                assert_true(t.rows[i].total_ns == s.rows[i].total_ns);
                assert_memory_equal(t.rows[i].hist, s.rows[i].hist, sizeof(h));
        }
        json_object_put(o);
        json_object_put(back);
        summary_free(&s);
        summary_free(&t);
}

static void test_shape(void **state)
{
        uint64_t h[RENACER_HIST_BUCKETS] = {0};
        struct json_object *o, *rows, *row, *f;
        struct summary s;

        (void)state;
        h[1] = 4;
        h[2] = 6;
        summary_init(&s);
        assert_int_equal(summary_add(&s, NR_OPENAT, 10, 1, 999, h), 0);
        assert_int_equal(summary_add(&s, NR_READ, 1, 0, 5, NULL), 0);
        o = summary_to_json(&s);

        assert_true(json_object_object_get_ex(o, "syscalls", &rows));
        assert_true(json_object_is_type(rows, json_type_array));
        assert_int_equal(json_object_array_length(rows), 2);

        /* rows in nr order */
        row = json_object_array_get_idx(rows, 0);
        assert_true(json_object_object_get_ex(row, "nr", &f));
        assert_int_equal(json_object_get_int(f), NR_READ);
        assert_true(json_object_object_get_ex(row, "hist", &f));
        assert_int_equal(json_object_array_length(f), 0);

        row = json_object_array_get_idx(rows, 1);
        assert_true(json_object_object_get_ex(row, "nr", &f));
        assert_int_equal(json_object_get_int(f), NR_OPENAT);
        assert_true(json_object_object_get_ex(row, "name", &f));
        assert_string_equal(json_object_get_string(f), syscall_name(NR_OPENAT));
        assert_string_equal(json_object_get_string(f), "openat");
        assert_true(json_object_object_get_ex(row, "calls", &f));
        assert_true(json_object_get_uint64(f) == 10);
        assert_true(json_object_object_get_ex(row, "errors", &f));
        assert_true(json_object_get_uint64(f) == 1);
        assert_true(json_object_object_get_ex(row, "total_ns", &f));
        assert_true(json_object_get_uint64(f) == 999);
        /* trailing empty buckets are trimmed, inner ones kept */
        assert_true(json_object_object_get_ex(row, "hist", &f));
        assert_int_equal(json_object_array_length(f), 3);
        assert_true(json_object_get_uint64(json_object_array_get_idx(f, 0)) == 0);
        assert_true(json_object_get_uint64(json_object_array_get_idx(f, 1)) == 4);
        assert_true(json_object_get_uint64(json_object_array_get_idx(f, 2)) == 6);

        json_object_put(o);
        summary_free(&s);

        /* an empty summary is an empty array */
        summary_init(&s);
        o = summary_to_json(&s);
        assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
                            "{\"syscalls\":[]}");
        json_object_put(o);
}

static void test_from_json_merges(void **state)
{
        struct summary s;
        const struct summary_row *r;

        (void)state;
        summary_init(&s);
        assert_int_equal(summary_add(&s, NR_READ, 1, 1, 1, NULL), 0);
        /* rows add to what is there; a repeated nr merges */
        assert_int_equal(from_text("{\"syscalls\":[{\"nr\":0,\"calls\":2,\"errors\":0,"
                                   "\"total_ns\":10,\"hist\":[1,2]},"
                                   "{\"nr\":0,\"calls\":3,\"errors\":1,\"total_ns\":5,"
                                   "\"hist\":[0,0,9]}]}",
                                   &s),
                         0);
        assert_int_equal(s.n, 1);
        r = summary_find(&s, NR_READ);
        assert_non_null(r);
        assert_true(r->calls == 6);
        assert_true(r->errors == 2);
        assert_true(r->total_ns == 16);
        assert_true(r->hist[0] == 1);
        assert_true(r->hist[1] == 2);
        assert_true(r->hist[2] == 9);
        summary_free(&s);

        /* the name is informational; hist beyond the buckets is ignored */
        summary_init(&s);
        assert_int_equal(from_text("{\"syscalls\":[{\"nr\":1,\"name\":\"bogus\",\"calls\":1,"
                                   "\"errors\":0,\"total_ns\":0,\"hist\":[1,1,1,1,1,1,1,1,1,"
                                   "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,5,5,5]}]}",
                                   &s),
                         0);
        r = summary_find(&s, NR_WRITE);
        assert_non_null(r);
        for (size_t i = 0; i < RENACER_HIST_BUCKETS; i++)
                assert_true(r->hist[i] == 1);
        summary_free(&s);

        /* no rows at all */
        summary_init(&s);
        assert_int_equal(from_text("{\"syscalls\":[]}", &s), 0);
        assert_int_equal(s.n, 0);
        summary_free(&s);
}

static void test_from_json_rejects(void **state)
{
        static const char *const bad[] = {
            "{}",
            "{\"rows\":[]}",
            "{\"syscalls\":{}}",
            "{\"syscalls\":null}",
            "{\"syscalls\":\"read\"}",
            "[]",
            "{\"syscalls\":[1]}",
            "{\"syscalls\":[null]}",
            "{\"syscalls\":[[]]}",
            "{\"syscalls\":[{}]}",
            "{\"syscalls\":[{\"calls\":1,\"errors\":0,\"total_ns\":1}]}",
            "{\"syscalls\":[{\"nr\":-1,\"calls\":1}]}",
            "{\"syscalls\":[{\"nr\":512,\"calls\":1}]}",
            "{\"syscalls\":[{\"nr\":4294967296,\"calls\":1}]}",
            "{\"syscalls\":[{\"nr\":-2147483649,\"calls\":1}]}",
            "{\"syscalls\":[{\"nr\":\"0\",\"calls\":1}]}",
            "{\"syscalls\":[{\"nr\":1.0,\"calls\":1}]}",
            "{\"syscalls\":[{\"nr\":true,\"calls\":1}]}",
            "{\"syscalls\":[{\"nr\":null,\"calls\":1}]}",
            /* one bad row spoils the message */
            "{\"syscalls\":[{\"nr\":0,\"calls\":1},{\"nr\":600,\"calls\":1}]}",
        };
        struct summary s;

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                summary_init(&s);
                if (from_text(bad[i], &s) != -EBADMSG)
                        fail_msg("accepted: %s", bad[i]);
                summary_free(&s);
        }
        summary_init(&s);
        assert_int_equal(summary_from_json(NULL, &s), -EBADMSG);
        assert_int_equal(s.n, 0);

        /* the edges of the range are fine */
        assert_int_equal(from_text("{\"syscalls\":[{\"nr\":0,\"calls\":1},"
                                   "{\"nr\":511,\"calls\":2}]}",
                                   &s),
                         0);
        assert_int_equal(s.n, 2);
        assert_true(summary_find(&s, 511)->calls == 2);
        summary_free(&s);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_round_trip),
            cmocka_unit_test(test_shape),
            cmocka_unit_test(test_from_json_merges),
            cmocka_unit_test(test_from_json_rejects),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
