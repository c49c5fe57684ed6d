// SPDX-License-Identifier: MIT
/* The timing gate's statistics and the trace reader behind `renacerctl
 * diff` (engine/golden.c, engine/golden-trace.c). */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "golden-trace.h"
#include "golden.h"
#include "syscall-names.h"

static void test_median_mad(void **state)
{
        const double odd[] = {5, 1, 3}, even[] = {4, 1, 3, 2}, spread[] = {10, 11, 9, 10, 100};

        (void)state;
        assert_true(golden_median(odd, 3) == 3);
        assert_true(golden_median(even, 4) == 2.5);
        assert_true(golden_median(spread, 5) == 10);
        /* |x - 10| = 0 1 1 0 90: the outlier does not move the MAD */
        assert_true(golden_mad(spread, 5) == 1);
        assert_true(isnan(golden_median(odd, 0)));
}

static void test_timing_rule(void **state)
{
        const double base[] = {100, 102, 98, 101, 99};
        const double same[] = {103, 97, 100, 104, 99};
        const double noisy_fast[] = {60, 300, 70, 65, 62};
        const double slower[] = {140, 142, 138, 141, 139};
        const double outlier[] = {100, 101, 99, 100, 1000};
        struct golden_timing t;

        (void)state;
        assert_int_equal(golden_timing_compare(base, 5, same, 5, 25, 4, &t), 0);
        assert_false(t.slower);
        assert_true(t.base_median == 100 && t.now_median == 100);
        /* the 25% floor decides when the spread is small */
        assert_true(fabs(t.threshold - 125) < 1e-9);
        assert_int_equal(golden_timing_compare(base, 5, slower, 5, 25, 4, &t), 0);
        assert_true(t.slower);
        /* one wild run out of five does not move the median */
        assert_int_equal(golden_timing_compare(base, 5, outlier, 5, 25, 4, &t), 0);
        assert_false(t.slower);
        /* faster is never a regression */
        assert_int_equal(golden_timing_compare(base, 5, noisy_fast, 5, 25, 4, &t), 0);
        assert_false(t.slower);
        /* a wide spread widens the bound: 140 passes when MAD(now) is 30 */
        const double wide[] = {110, 140, 170, 140, 200};
        assert_int_equal(golden_timing_compare(base, 5, wide, 5, 25, 4, &t), 0);
        assert_true(t.now_mad == 30);
        assert_true(fabs(t.threshold - (100 + 4 * 1.4826 * 30)) < 1e-9);
        assert_false(t.slower);
        assert_int_equal(golden_timing_compare(base, 0, same, 5, 25, 4, &t), -EINVAL);
}

static int parse(const char *text, struct golden_trace *t, char *err, size_t len)
{
        golden_trace_init(t);
        return golden_trace_parse(text, strlen(text), t, err, len);
}

static void test_parse_jsonl(void **state)
{
        const char *text =
            "{\"type\":\"syscall\",\"name\":\"execve\",\"args\":[\"\\\"/opt/bin/prog\\\"\","
            "\"[\\\"/opt/bin/prog\\\"]\",\"0x7ffd1 /* 3 vars */\"],\"result\":0,\"pid\":7}\n"
            "{\"type\":\"syscall\",\"name\":\"openat\",\"args\":[\"AT_FDCWD\","
            "\"\\\"/opt/bin/lib.so\\\"\",\"O_RDONLY\"],\"result\":5,\"pid\":7}\n"
            "{\"type\":\"syscall\",\"name\":\"mmap\",\"args\":[\"NULL\",\"4096\",\"PROT_READ\","
            "\"MAP_PRIVATE\",\"5\",\"0\"],\"result\":139894976684032,\"pid\":7}\n"
            "{\"type\":\"syscall\",\"name\":\"access\",\"args\":[\"\\\"/x\\\"\",\"R_OK\"],"
            "\"result\":-2,\"error\":\"ENOENT\",\"pid\":7}\n"
            "{\"type\":\"syscall\",\"name\":\"exit_group\",\"args\":[\"0\"],\"result\":null,"
            "\"pid\":7}\n"
            "{\"type\":\"exit\",\"pid\":7,\"status\":0}\n";
        struct golden_trace t;
        char err[128];

        (void)state;
        assert_int_equal(parse(text, &t, err, sizeof(err)), 0);
        assert_int_equal(t.calls.n, 5);
        assert_false(t.has_normalized);
        assert_string_equal(t.calls.lines[1], "openat(AT_FDCWD, \"$BIN/lib.so\", O_RDONLY) = 3");
        assert_string_equal(t.calls.lines[2],
                            "mmap(NULL, LEN, PROT_READ, MAP_PRIVATE, 3, 0) = 0xADDR");
        assert_string_equal(t.calls.lines[3], "access(\"/x\", R_OK) = -1 ENOENT");
        assert_string_equal(t.calls.lines[4], "exit_group(0) = ?");
        /* no summary line: counted from the records, errors too */
        const struct summary_row *r = summary_find(&t.counts, syscall_number("access"));
        assert_non_null(r);
        assert_int_equal(r->calls, 1);
        assert_int_equal(r->errors, 1);
        golden_trace_free(&t);
}

static void test_parse_doc_and_deltas(void **state)
{
        const char *a = "{\"format\":\"renacer-json-v1\",\"syscalls\":[],\"normalized\":[\"x\"],"
                        "\"summary\":{\"total_time_us\":5,\"wall_time_us\":9,\"by_syscall\":["
                        "{\"name\":\"read\",\"calls\":3,\"errors\":0},"
                        "{\"name\":\"close\",\"calls\":2,\"errors\":1}]},"
                        "\"timing\":{\"samples_us\":[1,2.5,\"x\",-3]}}";
        const char *b = "{\"format\":\"renacer-json-v1\",\"syscalls\":[],"
                        "\"summary\":{\"by_syscall\":[{\"name\":\"read\",\"calls\":4},"
                        "{\"name\":\"close\",\"calls\":2,\"errors\":1},"
                        "{\"name\":\"openat\",\"calls\":1,\"errors\":1}]}}";
        struct golden_trace ta, tb;
        char err[128], *out = NULL;
        size_t len = 0;

        (void)state;
        assert_int_equal(parse(a, &ta, err, sizeof(err)), 0);
        assert_true(ta.has_normalized);
        assert_int_equal(ta.normalized.n, 1);
        assert_true(ta.total_time_us == 5 && ta.wall_time_us == 9);
        /* only the two numbers >= 0 are samples */
        assert_int_equal(ta.n_timing_samples, 2);
        assert_int_equal(parse(b, &tb, err, sizeof(err)), 0);
        FILE *f = open_memstream(&out, &len);
        assert_int_equal(golden_count_deltas(&ta.counts, &tb.counts, f), 2);
        fclose(f);
        assert_non_null(strstr(out, "read: 3 -> 4 calls (+1)\n"));
        assert_non_null(strstr(out, "openat: 0 -> 1 calls (+1), 0 -> 1 errors (+1)\n"));
        assert_null(strstr(out, "close"));
        free(out);
        assert_int_equal(golden_count_deltas(&ta.counts, &ta.counts, NULL), 0);
        golden_trace_free(&ta);
        golden_trace_free(&tb);
}

static void test_parse_errors(void **state)
{
        static const struct {
                const char *text, *msg;
        } bad[] = {
            {"", "empty trace"},
            {"{\"format\":\"other\",\"syscalls\":[]}", "not a renacer-json-v1 document"},
            {"{\"format\":\"renacer-json-v1\"}", "no \"syscalls\" list"},
            {"{\"type\":\"syscall\",\"name\":\"nosuch\",\"args\":[]}\n", "line 1: call 1: unknown"},
            {"{\"type\":\"syscall\",\"name\":\"read\",\"args\":[]}\nnope\n", "line 2:"},
            {"{\"type\":\"syscall\",\"name\":\"read\",\"args\":[1]}\n", "not a string"},
            {"{\"type\":\"syscall\",\"name\":\"read\",\"args\":[],\"result\":\"1\"}\n",
             "not an integer"},
            {"{\"format\":\"renacer-json-v1\",\"syscalls\":[],\"summary\":{\"by_syscall\":["
             "{\"name\":\"read\",\"calls\":1,\"errors\":2}]}}",
             "bad counts"},
        };
        char err[128];
        struct golden_trace t;

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                err[0] = '\0';
                assert_true(parse(bad[i].text, &t, err, sizeof(err)) < 0);
                if (!strstr(err, bad[i].msg))
                        fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].msg);
                golden_trace_free(&t);
        }
        char nul[] = "{\"type\":\"exit\"}\n\0";
        golden_trace_init(&t);
        assert_int_equal(golden_trace_parse(nul, sizeof(nul), &t, err, sizeof(err)), -EBADMSG);
        assert_non_null(strstr(err, "NUL"));
        golden_trace_free(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_median_mad),   cmocka_unit_test(test_timing_rule),
            cmocka_unit_test(test_parse_jsonl),  cmocka_unit_test(test_parse_doc_and_deltas),
            cmocka_unit_test(test_parse_errors),
        };
        return cmocka_run_group_tests_name("golden", tests, NULL, NULL);
}
