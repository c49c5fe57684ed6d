// SPDX-License-Identifier: MIT
/* Evaluating runs against policies: statuses, the exact verdict lines, the
 * PCIe warning block, the JSON form and policy_failed(). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "policy/policy.h"
#include "records.h"
#include "summary.h"

static struct policy *parse(const char *yaml)
{
        struct policy *p = NULL;
        char err[512] = "";

        if (policy_parse_buffer("t.yaml", yaml, strlen(yaml), &p, err, sizeof(err)) < 0)
                fail_msg("%s", err);
        return p;
}

static const char default_policy[] = "version: 1\n"
                                     "assertions:\n"
                                     "  - name: example_startup_latency\n"
                                     "    type: critical_path\n"
                                     "    max_duration_ms: 100\n"
                                     "  - name: max_syscall_budget\n"
                                     "    type: span_count\n"
                                     "    max_spans: 500\n"
                                     "  - name: memory_allocation_budget\n"
                                     "    type: memory_usage\n"
                                     "    max_bytes: 104857600\n"
                                     "    tracking_mode: allocations\n"
                                     "  - name: detect_pcie_bottleneck\n"
                                     "    type: anti_pattern\n"
                                     "    pattern: PCIeBottleneck\n"
                                     "    threshold: 0.7\n"
                                     "    fail_on_violation: false\n";

static char *line(const struct policy_verdict *v)
{
        char buf[512];
        int n = policy_verdict_format(v, buf, sizeof(buf));

        assert_true(n > 0 && (size_t)n < sizeof(buf));
        assert_int_equal(strlen(buf), n);
        return strdup(buf);
}

#define assert_line(v, want)                                                                       \
        do {                                                                                       \
                char *_l = line(v);                                                                \
                assert_string_equal(_l, want);                                                     \
                free(_l);                                                                          \
        } while (0)

static char *render(const struct policy_verdicts *vs)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        assert_non_null(f);
        assert_int_equal(policy_verdicts_render_text(vs, f), 0);
        assert_int_equal(fclose(f), 0);
        return buf;
}

/* 45 ms of ioctls on /dev/nvidia0 (fd unknown to any session: by major). */
static void gpu_stats(struct pcie_stats *st, const struct pcie_config *cfg)
{
        struct rec r;

        pcie_stats_init(st, cfg);
        for (int i = 0; i < 1200; i++) {
                rec_syscall(&r, 10, 1, SYS_ioctl, 0, i == 0 ? 53400 : 33400, 4, 0xc020464f, 0, 0, 0,
                            0);
                rec_add_fddev(&r, 0, CHR(PCIE_MKDEV(195, 0)));
                assert_int_equal(pcie_stats_feed(st, NULL, r.raw, r.len), 1);
        }
        rec_syscall(&r, 10, 1, SYS_ioctl, 0, 4900000, 4, 0xc0104629, 0, 0, 0, 0);
        rec_add_fddev(&r, 0, CHR(PCIE_MKDEV(195, 0)));
        assert_int_equal(pcie_stats_feed(st, NULL, r.raw, r.len), 1);
}

static void test_issue_example(void **state)
{
        struct policy *p = parse(default_policy);
        struct pcie_stats st;
        struct policy_verdicts vs;
        struct summary sum;
        char *text;

        (void)state;
        summary_init(&sum);
        assert_int_equal(summary_add(&sum, SYS_write, 23, 0, 1000000, NULL), 0);
        assert_int_equal(summary_add(&sum, SYS_mmap, 13, 0, 100000, NULL), 0);
        assert_int_equal(summary_add(&sum, SYS_mprotect, 6, 0, 100000, NULL), 0);
        assert_int_equal(summary_add(&sum, SYS_ioctl, 45, 0, 100000, NULL), 0);
        gpu_stats(&st, &p->gpu);

        struct policy_input in = {
            .wall_ns = 125000000,
            .summary = &sum,
            .peak_rss_bytes = 3 * 1024 * 1024,
            .peak_alloc_bytes = 12582912,
            .pcie = &st,
        };
        assert_int_equal(policy_evaluate(p, &in, &vs), 0);
        assert_int_equal(vs.n, 4);
        assert_line(&vs.v[0], "FAIL example_startup_latency: 125.0 ms > 100 ms budget (+25%)");
        assert_int_equal(vs.v[0].status, POLICY_FAIL);
        assert_int_equal(vs.v[0].over_pct, 25);
        assert_line(&vs.v[1], "PASS max_syscall_budget: 87 syscalls <= 500 budget");
        assert_line(&vs.v[2], "PASS memory_allocation_budget: peak allocations 12.0 MiB "
                              "(12582912 bytes) <= 100.0 MiB budget");
        /* 45 ms of 125 ms: 36%, under the 70% threshold */
        assert_line(&vs.v[3], "PASS detect_pcie_bottleneck: PCIeBottleneck confidence 36% < 70% "
                              "threshold");
        assert_true(policy_failed(&vs));
        policy_verdicts_free(&vs);

        /* the same run in 50 ms: the bottleneck warns, nothing fails */
        in.wall_ns = 50000000;
        assert_int_equal(policy_evaluate(p, &in, &vs), 0);
        assert_line(&vs.v[0], "PASS example_startup_latency: 50.0 ms <= 100 ms budget");
        assert_line(&vs.v[3], "WARN detect_pcie_bottleneck: PCIeBottleneck confidence 90% >= 70% "
                              "threshold (+29%)");
        assert_int_equal(vs.v[3].status, POLICY_WARN);
        assert_false(policy_failed(&vs));
        text = render(&vs);
        assert_string_equal(
            text, "PASS example_startup_latency: 50.0 ms <= 100 ms budget\n"
                  "PASS max_syscall_budget: 87 syscalls <= 500 budget\n"
                  "PASS memory_allocation_budget: peak allocations 12.0 MiB (12582912 bytes) <= "
                  "100.0 MiB budget\n"
                  "WARN detect_pcie_bottleneck: PCIeBottleneck confidence 90% >= 70% threshold "
                  "(+29%)\n"
                  "WARNING: PCIe bottleneck suspected (confidence 90%): GPU transfers 45.0 ms (90% "
                  "of 50.0 ms wall), compute 4.0 ms\n"
                  "  top: ioctl 0xc020464f on 195:0: 1200 calls, 40.1 ms\n"
                  "  Recommendation: batch operations, keep intermediate data on the GPU, use "
                  "larger workloads to amortize transfers\n");
        free(text);
        policy_verdicts_free(&vs);
        pcie_stats_free(&st);
        summary_free(&sum);
        policy_free(p);
}

static void test_lines(void **state)
{
        struct policy *p = parse("version: 1\n"
                                 "assertions:\n"
                                 "  - {name: fast, type: critical_path, max_duration_ms: 10}\n"
                                 "  - {name: frac, type: critical_path, max_duration_ms: 0.25}\n"
                                 "  - {name: soft, type: critical_path, max_duration_ms: 0.25,\n"
                                 "     fail_on_violation: false}\n"
                                 "  - {name: off, type: critical_path, max_duration_ms: 0.1,\n"
                                 "     enabled: false}\n"
                                 "  - name: io\n"
                                 "    type: span_count\n"
                                 "    max_spans: 40\n"
                                 "    syscalls: [write, read]\n"
                                 "    budgets: {write: 30, mmap: 20}\n"
                                 "  - {name: writes, type: span_count, budgets: {write: 20}}\n"
                                 "  - {name: exact, type: span_count, max_spans: 64}\n"
                                 "  - {name: rss, type: memory_usage, max_bytes: 10485760,\n"
                                 "     tracking_mode: rss}\n"
                                 "  - {name: gpu, type: anti_pattern, pattern: PCIeBottleneck,\n"
                                 "     threshold: 0}\n");
        struct policy_verdicts vs;
        struct summary sum;

        (void)state;
        summary_init(&sum);
        assert_int_equal(summary_add(&sum, SYS_write, 23, 0, 0, NULL), 0);
        assert_int_equal(summary_add(&sum, SYS_read, 8, 0, 0, NULL), 0);
        assert_int_equal(summary_add(&sum, SYS_mmap, 25, 0, 0, NULL), 0);
        assert_int_equal(summary_add(&sum, SYS_brk, 8, 0, 0, NULL), 0);

        struct policy_input in = {
            .wall_ns = 300000, /* 0.3 ms */
            .summary = &sum,
            .peak_rss_bytes = 12582912,
            .peak_alloc_bytes = 1,
        };
        assert_int_equal(policy_evaluate(p, &in, &vs), 0);
        assert_int_equal(vs.n, 8); /* 'off' is disabled: no verdict */
        assert_line(&vs.v[0], "PASS fast: 0.3 ms <= 10 ms budget");
        assert_line(&vs.v[1], "FAIL frac: 0.3 ms > 0.25 ms budget (+20%)");
        assert_line(&vs.v[2], "WARN soft: 0.3 ms > 0.25 ms budget (+20%)");
        assert_line(&vs.v[3], "FAIL io: 31 syscalls (write,read) <= 40 budget; write 23 <= 30 "
                              "budget; mmap 25 > 20 budget (+25%)");
        assert_int_equal(vs.v[3].nchecks, 2);
        assert_int_equal(vs.v[3].over_pct, 25);
        assert_line(&vs.v[4], "FAIL writes: write 23 > 20 budget (+15%)");
        /* equal to the budget passes */
        assert_line(&vs.v[5], "PASS exact: 64 syscalls <= 64 budget");
        assert_line(&vs.v[6], "FAIL rss: peak RSS 12.0 MiB (12582912 bytes) > 10.0 MiB budget "
                              "(+20%)");
        /* threshold 0 and no GPU call at all: nothing suspected */
        assert_line(&vs.v[7], "PASS gpu: PCIeBottleneck confidence 0% < 0% threshold");
        policy_verdicts_free(&vs);

        /* just over a budget still shows +1% */
        in.wall_ns = 10000001;
        in.summary = NULL; /* no syscalls known: counts are 0 */
        assert_int_equal(policy_evaluate(p, &in, &vs), 0);
        assert_line(&vs.v[0], "FAIL fast: 10.0 ms > 10 ms budget (+1%)");
        assert_line(&vs.v[3], "PASS io: 0 syscalls (write,read) <= 40 budget; write 0 <= 30 "
                              "budget; mmap 0 <= 20 budget");
        policy_verdicts_free(&vs);
        summary_free(&sum);
        policy_free(p);
}

static void test_failed_and_empty(void **state)
{
        struct policy *p = parse("version: 1\n"
                                 "assertions:\n"
                                 "  - {name: a, type: memory_usage, max_bytes: 100,\n"
                                 "     tracking_mode: allocations, fail_on_violation: false}\n");
        struct policy_input in = {.peak_alloc_bytes = 150};
        struct policy_verdicts vs;

        (void)state;
        assert_int_equal(policy_evaluate(p, &in, &vs), 0);
        assert_line(&vs.v[0], "WARN a: peak allocations 0.0 MiB (150 bytes) > 0.0 MiB budget "
                              "(+50%)");
        assert_false(policy_failed(&vs)); /* WARN is not a failure */
        policy_verdicts_free(&vs);
        policy_verdicts_free(&vs); /* idempotent */
        p->assertions[0].fail_on_violation = true;
        assert_int_equal(policy_evaluate(p, &in, &vs), 0);
        assert_int_equal(vs.v[0].status, POLICY_FAIL);
        assert_true(policy_failed(&vs));
        policy_verdicts_free(&vs);
        policy_free(p);

        p = parse("version: 1\nassertions: []\n");
        assert_int_equal(policy_evaluate(p, &in, &vs), 0);
        assert_int_equal(vs.n, 0);
        assert_false(policy_failed(&vs));
        policy_verdicts_free(&vs);
        policy_free(p);
}

static void test_truncation(void **state)
{
        struct policy *p = parse(default_policy);
        struct policy_input in = {.wall_ns = 125000000};
        struct policy_verdicts vs;
        char small[10];
        int n;

        (void)state;
        assert_int_equal(policy_evaluate(p, &in, &vs), 0);
        n = policy_verdict_format(&vs.v[0], small, sizeof(small));
        assert_int_equal(n,
                         strlen("FAIL example_startup_latency: 125.0 ms > 100 ms budget (+25%)"));
        assert_string_equal(small, "FAIL exam");
        assert_int_equal(policy_verdict_format(&vs.v[0], NULL, 0), n);
        policy_verdicts_free(&vs);
        policy_free(p);
}

static void test_json(void **state)
{
        struct policy *p = parse(default_policy);
        struct pcie_stats st;
        struct summary sum;
        struct policy_verdicts vs;
        struct json_object *j, *arr, *v, *x;

        (void)state;
        summary_init(&sum);
        assert_int_equal(summary_add(&sum, SYS_write, 620, 0, 0, NULL), 0);
        gpu_stats(&st, &p->gpu);
        struct policy_input in = {
            .wall_ns = 50000000,
            .summary = &sum,
            .peak_alloc_bytes = 12582912,
            .pcie = &st,
        };
        assert_int_equal(policy_evaluate(p, &in, &vs), 0);
        assert_int_equal(policy_verdicts_to_json(&vs, &j), 0);

        assert_true(json_object_object_get_ex(j, "format", &x));
        assert_string_equal(json_object_get_string(x), "renacer-verdicts-v1");
        assert_true(json_object_object_get_ex(j, "failed", &x));
        assert_true(json_object_get_boolean(x)); /* 620 > 500 syscalls */
        assert_true(json_object_object_get_ex(j, "verdicts", &arr));
        assert_int_equal(json_object_array_length(arr), 4);

        v = json_object_array_get_idx(arr, 0);
        assert_true(json_object_object_get_ex(v, "status", &x));
        assert_string_equal(json_object_get_string(x), "PASS");
        assert_true(json_object_object_get_ex(v, "actual", &x));
        assert_true(json_object_get_double(x) == 50.0);
        assert_true(json_object_object_get_ex(v, "unit", &x));
        assert_string_equal(json_object_get_string(x), "ms");

        v = json_object_array_get_idx(arr, 1);
        assert_true(json_object_object_get_ex(v, "status", &x));
        assert_string_equal(json_object_get_string(x), "FAIL");
        assert_true(json_object_object_get_ex(v, "actual", &x));
        assert_int_equal(json_object_get_int64(x), 620);
        assert_true(json_object_object_get_ex(v, "budget", &x));
        assert_int_equal(json_object_get_int64(x), 500);
        assert_true(json_object_object_get_ex(v, "over_pct", &x));
        assert_int_equal(json_object_get_int64(x), 24);

        v = json_object_array_get_idx(arr, 2);
        assert_true(json_object_object_get_ex(v, "tracking_mode", &x));
        assert_string_equal(json_object_get_string(x), "allocations");
        assert_true(json_object_object_get_ex(v, "actual", &x));
        assert_int_equal(json_object_get_int64(x), 12582912);

        v = json_object_array_get_idx(arr, 3);
        assert_true(json_object_object_get_ex(v, "status", &x));
        assert_string_equal(json_object_get_string(x), "WARN");
        assert_true(json_object_object_get_ex(v, "actual", &x));
        assert_true(json_object_get_double(x) == 0.9);
        assert_true(json_object_object_get_ex(v, "pcie", &x));
        assert_true(json_object_object_get_ex(x, "top", &x));
        assert_true(json_object_object_get_ex(x, "call", &x));
        assert_string_equal(json_object_get_string(x), "ioctl 0xc020464f");

        json_object_put(j);
        policy_verdicts_free(&vs);
        pcie_stats_free(&st);
        summary_free(&sum);
        policy_free(p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_issue_example),
            cmocka_unit_test(test_lines),
            cmocka_unit_test(test_failed_and_empty),
            cmocka_unit_test(test_truncation),
            cmocka_unit_test(test_json),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
