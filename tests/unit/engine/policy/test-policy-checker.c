// SPDX-License-Identifier: MIT
/* The one policy check both renacerctl and renacerd use: records in, the
 * kernel's summary at the end, verdicts out; allocation peaks measured
 * from the records, span counts from the summary. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "policy/policy-checker.h"
#include "records.h"
#include "summary.h"

static const char policy_yaml[] = "version: 1\n"
                                  "assertions:\n"
                                  "  - name: spans\n"
                                  "    type: span_count\n"
                                  "    max_spans: 3\n"
                                  "  - name: mem\n"
                                  "    type: memory_usage\n"
                                  "    max_bytes: 1048576\n"
                                  "    tracking_mode: allocations\n";

static struct policy *parse(void)
{
        struct policy *p = NULL;
        char err[256];

        assert_int_equal(
            policy_parse_buffer("t.yaml", policy_yaml, strlen(policy_yaml), &p, err, sizeof(err)),
            0);
        return p;
}

static void mmap_call(struct policy_checker *pc, uint64_t ts, uint64_t len, uint64_t addr)
{
        struct rec r;

        rec_syscall(&r, 100, ts, SYS_mmap, (int64_t)addr, 10, 0, len, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, (uint64_t)-1, 0);
        policy_checker_feed(pc, NULL, r.raw, r.len);
}

static void test_verdicts_from_records_and_summary(void **state)
{
        struct policy_checker pc;
        struct policy_verdicts v = {0};
        struct summary sum;
        uint64_t hist[32] = {0};

        (void)state;
        assert_int_equal(policy_checker_init(&pc, parse()), 0);
        /* 2 MiB of anonymous memory: over the 1 MiB budget */
        mmap_call(&pc, 1000, 1u << 20, 0x10000000);
        mmap_call(&pc, 1001, 1u << 20, 0x20000000);
        summary_init(&sum);
        assert_int_equal(summary_add(&sum, SYS_mmap, 2, 0, 20, hist), 0);
        assert_int_equal(policy_checker_evaluate(&pc, 5000, &sum, &v), 0);
        assert_int_equal(v.n, 2);
        /* 2 spans <= 3: pass; 2 MiB > 1 MiB: fail */
        assert_int_equal(v.v[0].status, POLICY_PASS);
        assert_int_equal(v.v[0].actual, 2);
        assert_int_equal(v.v[1].status, POLICY_FAIL);
        assert_int_equal(v.v[1].actual, 2u << 20);
        policy_verdicts_free(&v);
        summary_free(&sum);
        policy_checker_free(&pc);
        /* freeing twice is harmless: the owner may free on every path */
        policy_checker_free(&pc);
}

static void test_bad_input(void **state)
{
        struct policy_checker pc;
        struct policy_verdicts v = {0};
        char err[256] = "";

        (void)state;
        assert_int_equal(policy_checker_init(&pc, NULL), -EINVAL);
        assert_int_equal(policy_checker_evaluate(&pc, 0, NULL, &v), -EINVAL);
        assert_true(policy_checker_load(&pc, "/nonexistent/renacer.yaml", err, sizeof(err)) < 0);
        assert_true(strlen(err) > 0);
        policy_checker_free(&pc);
        /* a record too short to read is skipped, not an error */
        assert_int_equal(policy_checker_init(&pc, parse()), 0);
        uint8_t junk[4] = {1, 2, 3, 4};
        policy_checker_feed(&pc, NULL, junk, sizeof(junk));
        assert_int_equal(pc.error, 0);
        policy_checker_free(&pc);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_verdicts_from_records_and_summary),
            cmocka_unit_test(test_bad_input),
        };

        return cmocka_run_group_tests_name("policy-checker", tests, NULL, NULL);
}
