// SPDX-License-Identifier: MIT
/* struct summary: merging rows, totals and the strace -c table. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "summary.h"

#define NR_READ   0
#define NR_WRITE  1
#define NR_CLOSE  3
#define NR_MMAP   9
#define NR_OPENAT 257

#define HEADER "% time     seconds  usecs/call     calls    errors syscall\n"
#define DASHES "------ ----------- ----------- --------- --------- ----------------\n"

/* Render s into a string the caller frees. */
static char *render(const struct summary *s)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        assert_non_null(f);
        assert_int_equal(summary_render_text(s, f), 0);
        assert_int_equal(fclose(f), 0);
        assert_int_equal(strlen(buf), len);
        return buf;
}

static void test_empty(void **state)
{
        struct summary s;
        char *text;

        (void)state;
        summary_init(&s);
        assert_int_equal(s.n, 0);
        assert_null(summary_find(&s, NR_READ));
        assert_true(summary_total_calls(&s) == 0);
        assert_true(summary_total_errors(&s) == 0);
        assert_true(summary_total_ns(&s) == 0);
        text = render(&s);
        assert_string_equal(text, HEADER DASHES DASHES
                            "100.00    0.000000           0         0           total\n");
        free(text);
        summary_free(&s);
        assert_null(s.rows);
        assert_int_equal(s.n, 0);
}

static void test_add_merges_rows(void **state)
{
        uint64_t h1[RENACER_HIST_BUCKETS] = {0}, h2[RENACER_HIST_BUCKETS] = {0};
        const struct summary_row *r;
        struct summary s;

        (void)state;
        h1[0] = 1;
        h1[10] = 2;
        h2[10] = 5;
        h2[31] = 7;
        summary_init(&s);
        assert_int_equal(summary_add(&s, NR_OPENAT, 1, 0, 100, NULL), 0);
        assert_int_equal(summary_add(&s, NR_READ, 2, 1, 1000, h1), 0);
        assert_int_equal(summary_add(&s, NR_CLOSE, 4, 0, 40, NULL), 0);
        assert_int_equal(summary_add(&s, NR_READ, 3, 2, 500, h2), 0);
        assert_int_equal(s.n, 3);

        /* rows stay sorted by nr */
        assert_int_equal(s.rows[0].nr, NR_READ);
        assert_int_equal(s.rows[1].nr, NR_CLOSE);
        assert_int_equal(s.rows[2].nr, NR_OPENAT);

        r = summary_find(&s, NR_READ);
        assert_non_null(r);
        assert_true(r->calls == 5);
        assert_true(r->errors == 3);
        assert_true(r->total_ns == 1500);
        assert_true(r->hist[0] == 1);
        assert_true(r->hist[10] == 7);
        assert_true(r->hist[31] == 7);
        assert_true(r->hist[1] == 0);

        r = summary_find(&s, NR_OPENAT);
        assert_non_null(r);
        assert_true(r->calls == 1);
        for (size_t i = 0; i < RENACER_HIST_BUCKETS; i++)
                assert_true(r->hist[i] == 0);
        assert_null(summary_find(&s, NR_WRITE));

        assert_true(summary_total_calls(&s) == 10);
        assert_true(summary_total_errors(&s) == 3);
        assert_true(summary_total_ns(&s) == 1640);
        summary_free(&s);
}

static void test_many_rows(void **state)
{
        struct summary s;

        (void)state;
        summary_init(&s);
        /* descending and interleaved inserts past the initial capacity */
        for (int nr = RENACER_SYSCALL_MAX - 1; nr >= 0; nr -= 2)
                assert_int_equal(summary_add(&s, nr, 1, 0, (uint64_t)nr, NULL), 0);
        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr += 2)
                assert_int_equal(summary_add(&s, nr, 2, 1, 1, NULL), 0);
        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++)
                assert_int_equal(summary_add(&s, nr, 1, 0, 0, NULL), 0);
        assert_int_equal(s.n, RENACER_SYSCALL_MAX);
        for (size_t i = 0; i < s.n; i++) {
                assert_int_equal(s.rows[i].nr, (int)i);
                assert_true(s.rows[i].calls == (i % 2 ? 2 : 3));
                assert_true(s.rows[i].errors == (i % 2 ? 0 : 1));
                assert_true(s.rows[i].total_ns == (i % 2 ? i : 1));
                assert_ptr_equal(summary_find(&s, (int)i), &s.rows[i]);
        }
        assert_true(summary_total_calls(&s) == 5 * RENACER_SYSCALL_MAX / 2);
        assert_true(summary_total_errors(&s) == RENACER_SYSCALL_MAX / 2);
        summary_free(&s);
}

static void test_merge(void **state)
{
        struct summary a, b;
        uint64_t h[RENACER_HIST_BUCKETS] = {0};
        const struct summary_row *r;

        (void)state;
        h[3] = 9;
        summary_init(&a);
        summary_init(&b);
        assert_int_equal(summary_add(&a, NR_READ, 1, 0, 10, NULL), 0);
        assert_int_equal(summary_add(&a, NR_WRITE, 2, 1, 20, NULL), 0);
        assert_int_equal(summary_add(&b, NR_WRITE, 3, 2, 30, h), 0);
        assert_int_equal(summary_add(&b, NR_MMAP, 4, 0, 40, h), 0);

        assert_int_equal(summary_merge(&a, &b), 0);
        assert_int_equal(a.n, 3);
        r = summary_find(&a, NR_WRITE);
        assert_non_null(r);
        assert_true(r->calls == 5);
        assert_true(r->errors == 3);
        assert_true(r->total_ns == 50);
        assert_true(r->hist[3] == 9);
        r = summary_find(&a, NR_MMAP);
        assert_non_null(r);
        assert_true(r->calls == 4);
        assert_true(r->hist[3] == 9);
        assert_true(summary_total_calls(&a) == 10);
        assert_true(summary_total_ns(&a) == 100);
        /* the source is untouched */
        assert_int_equal(b.n, 2);
        assert_true(summary_find(&b, NR_WRITE)->calls == 3);

        /* merging an empty summary changes nothing */
        summary_free(&b);
        assert_int_equal(summary_merge(&a, &b), 0);
        assert_int_equal(a.n, 3);
        summary_free(&a);
}

static void test_render_layout(void **state)
{
        struct summary s;
        char *text;

        (void)state;
        summary_init(&s);
        assert_int_equal(summary_add(&s, NR_WRITE, 10, 2, 1000000, NULL), 0);
        assert_int_equal(summary_add(&s, NR_CLOSE, 4, 1, 1000000, NULL), 0);
        assert_int_equal(summary_add(&s, NR_READ, 3, 0, 3000000, NULL), 0);
        /* a row without calls is not shown */
        assert_int_equal(summary_add(&s, NR_OPENAT, 0, 0, 0, NULL), 0);
        text = render(&s);
        /* by time; equal times by calls (write before close) */
        assert_string_equal(text, HEADER DASHES
                            " 60.00    0.003000        1000         3           read\n"
                            " 20.00    0.001000         100        10         2 write\n"
                            " 20.00    0.001000         250         4         1 close\n" DASHES
                            "100.00    0.005000         294        17         3 total\n");
        free(text);
        summary_free(&s);
}

static void test_render_ties_by_name(void **state)
{
        struct summary s;
        char *text;

        (void)state;
        summary_init(&s);
        /* same time and calls: by name, not by number */
        assert_int_equal(summary_add(&s, NR_WRITE, 2, 0, 4000, NULL), 0);
        assert_int_equal(summary_add(&s, NR_CLOSE, 2, 0, 4000, NULL), 0);
        assert_int_equal(summary_add(&s, NR_MMAP, 2, 2, 4000, NULL), 0);
        text = render(&s);
        assert_string_equal(text, HEADER DASHES
                            " 33.33    0.000004           2         2           close\n"
                            " 33.33    0.000004           2         2         2 mmap\n"
                            " 33.33    0.000004           2         2           write\n" DASHES
                            "100.00    0.000012           2         6         2 total\n");
        free(text);
        summary_free(&s);
}

static void test_render_ties_by_calls(void **state)
{
        struct summary s;
        char *text;

        (void)state;
        summary_init(&s);
        /* same time: more calls first, against both name and nr order */
        assert_int_equal(summary_add(&s, NR_CLOSE, 2, 0, 5000, NULL), 0);
        assert_int_equal(summary_add(&s, NR_MMAP, 5, 0, 5000, NULL), 0);
        assert_int_equal(summary_add(&s, NR_READ, 3, 0, 5000, NULL), 0);
        text = render(&s);
        assert_string_equal(text, HEADER DASHES
                            " 33.33    0.000005           1         5           mmap\n"
                            " 33.33    0.000005           1         3           read\n"
                            " 33.33    0.000005           2         2           close\n" DASHES
                            "100.00    0.000015           1        10           total\n");
        free(text);
        summary_free(&s);
}

static void test_render_usecs_truncate(void **state)
{
        struct summary s;
        char *text;

        (void)state;
        summary_init(&s);
        /* 2999 ns in one call: 2 usecs, not 3; 1999 ns over 2 calls: 0 */
        assert_int_equal(summary_add(&s, NR_READ, 1, 1, 2999, NULL), 0);
        assert_int_equal(summary_add(&s, NR_WRITE, 2, 0, 1999, NULL), 0);
        text = render(&s);
        assert_string_equal(text, HEADER DASHES
                            " 60.00    0.000003           2         1         1 read\n"
                            " 40.00    0.000002           0         2           write\n" DASHES
                            "100.00    0.000005           1         3         1 total\n");
        free(text);
        summary_free(&s);
}

static void test_render_big_numbers(void **state)
{
        struct summary s;
        char *text;

        (void)state;
        summary_init(&s);
        /* 12.5 s over 123456789 calls; errors fill the column */
        assert_int_equal(summary_add(&s, NR_READ, 123456789, 987654321, 12500000000ULL, NULL), 0);
        text = render(&s);
        assert_string_equal(text, HEADER DASHES
                            "100.00   12.500000           0 123456789 987654321 read\n" DASHES
                            "100.00   12.500000           0 123456789 987654321 total\n");
        free(text);
        summary_free(&s);
}

static void test_render_write_error(void **state)
{
        struct summary s;
        FILE *f;

        (void)state;
        f = fopen("/dev/full", "w");
        if (!f)
                skip();
        setvbuf(f, NULL, _IONBF, 0);
        summary_init(&s);
        assert_int_equal(summary_add(&s, NR_READ, 1, 0, 1, NULL), 0);
        assert_int_equal(summary_render_text(&s, f), -EIO);
        fclose(f);
        summary_free(&s);
}

static char *render_cols(const struct summary *s, const char *spec, enum summary_sort sort)
{
        struct summary_columns c;
        const char *bad;
        size_t bad_len;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        assert_int_equal(summary_columns_parse(spec, &c, &bad, &bad_len), 0);
        assert_non_null(f);
        assert_int_equal(summary_render_text_columns(s, f, sort, &c), 0);
        assert_int_equal(fclose(f), 0);
        return buf;
}

/* -U: strace 6.1's layout for chosen columns, the name added last when
 * missing, widths that grow with the widest value. */
static void test_columns(void **state)
{
        struct summary s;
        char *text;

        (void)state;
        summary_init(&s);
        assert_int_equal(summary_add(&s, NR_READ, 3, 1, 3000000, NULL), 0);
        assert_int_equal(summary_add_extremes(&s, NR_READ, 500000, 2000000), 0);
        assert_int_equal(summary_add(&s, NR_CLOSE, 2, 0, 1000, NULL), 0);
        assert_int_equal(summary_add_extremes(&s, NR_CLOSE, 400, 600), 0);
        text = render_cols(&s, "calls,errors", SUMMARY_SORT_NAME);
        assert_string_equal(text, "    calls    errors syscall\n"
                                  "--------- --------- ----------------\n"
                                  "        2           close\n"
                                  "        3         1 read\n"
                                  "--------- --------- ----------------\n"
                                  "        5         1 total\n");
        free(text);
        /* a name column before others is padded to its width */
        text = render_cols(&s, "name,min-time,max-time", SUMMARY_SORT_MAX);
        assert_string_equal(text, "syscall          shortest  longest\n"
                                  "---------------- -------- --------\n"
                                  "read             0.000500 0.002000\n"
                                  "close            0.000000 0.000001\n"
                                  "---------------- -------- --------\n"
                                  "total            0.000000 0.002000\n");
        free(text);
        text = render_cols(&s, "time-percent,total-time,avg-time", SUMMARY_SORT_TIME);
        assert_string_equal(text, "% time     seconds  usecs/call syscall\n"
                                  "------ ----------- ----------- ----------------\n"
                                  " 99.97    0.003000        1000 read\n"
                                  "  0.03    0.000001           0 close\n"
                                  "------ ----------- ----------- ----------------\n"
                                  "100.00    0.003001         600 total\n");
        free(text);
        /* a long name widens its column by strace's rule (name + 1) */
        assert_int_equal(summary_add(&s, 204 /* sched_getaffinity */, 1, 0, 1, NULL), 0);
        text = render_cols(&s, "calls", SUMMARY_SORT_NONE);
        assert_non_null(strstr(text, "--------- ------------------\n"));
        free(text);
        summary_free(&s);
}

static void test_columns_parse_errors(void **state)
{
        struct summary_columns c;
        const char *bad;
        size_t len;

        (void)state;
        assert_int_equal(summary_columns_parse("calls,bogus,name", &c, &bad, &len), -EINVAL);
        assert_int_equal(len, 5);
        assert_memory_equal(bad, "bogus", 5);
        assert_int_equal(summary_columns_parse("calls,count", &c, &bad, &len), -EEXIST);
        assert_memory_equal(bad, "count", 5);
        assert_int_equal(summary_columns_parse("calls,", &c, &bad, &len), -EINVAL);
        assert_int_equal(len, 0);
        assert_int_equal(summary_columns_parse("none", &c, &bad, &len), -EINVAL);
        assert_int_equal(summary_columns_parse("", &c, &bad, &len), -EINVAL);
        assert_int_equal(summary_columns_parse("syscall,shortest,longest", &c, &bad, &len), 0);
        assert_int_equal(c.col[0], SUMMARY_COL_NAME);
        assert_int_equal(c.col[1], SUMMARY_COL_TIME_MIN);
        assert_int_equal(c.col[2], SUMMARY_COL_TIME_MAX);
        assert_int_equal(c.col[3], SUMMARY_COL_END);
}

/* extremes merge as the shortest and the longest */
static void test_extremes_merge(void **state)
{
        struct summary a, b;

        (void)state;
        summary_init(&a);
        summary_init(&b);
        assert_int_equal(summary_add(&a, NR_READ, 1, 0, 10, NULL), 0);
        assert_int_equal(summary_add_extremes(&a, NR_READ, 10, 10), 0);
        assert_int_equal(summary_add(&b, NR_READ, 2, 0, 30, NULL), 0);
        assert_int_equal(summary_add_extremes(&b, NR_READ, 5, 25), 0);
        assert_int_equal(summary_merge(&a, &b), 0);
        assert_true(a.rows[0].min_ns == 5);
        assert_true(a.rows[0].max_ns == 25);
        summary_free(&a);
        summary_free(&b);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_empty),
            cmocka_unit_test(test_columns),
            cmocka_unit_test(test_columns_parse_errors),
            cmocka_unit_test(test_extremes_merge),
            cmocka_unit_test(test_add_merges_rows),
            cmocka_unit_test(test_many_rows),
            cmocka_unit_test(test_merge),
            cmocka_unit_test(test_render_layout),
            cmocka_unit_test(test_render_ties_by_name),
            cmocka_unit_test(test_render_ties_by_calls),
            cmocka_unit_test(test_render_usecs_truncate),
            cmocka_unit_test(test_render_big_numbers),
            cmocka_unit_test(test_render_write_error),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
