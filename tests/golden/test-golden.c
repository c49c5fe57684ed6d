// SPDX-License-Identifier: MIT
/*
 * Golden traces: the Renacer report's validation tests ported to cmocka
 * (examples run and print their marker; each golden trace exists, is
 * renacer-json-v1 of this version; each summary's last line meets the
 * example's budget), and proof that `golden check` passes on unchanged
 * binaries 20 times in a row and catches injected regressions.
 */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static struct test_daemon daemon_;

static const struct example {
        const char *name;
        const char *marker;
        double budget_ms;
        long budget_calls;
} examples[] = {
    {"backend_detection", "Backend:", 10, 100},
    {"matrix_operations", "== 3x3 ==", 20, 200},
    {"activation_functions", "max |scalar - active|", 20, 200},
    {"performance_demo", "Backend:", 50, 300},
    {"ml_similarity", "nearest neighbour", 20, 200},
};

static const char *srcdir(void)
{
        return harness_bin("RENACER_SOURCE_ROOT");
}

static const char *example_path(const char *name, char *buf, size_t len)
{
        snprintf(buf, len, "%s/%s", harness_bin("RENACER_EXAMPLES"), name);
        return buf;
}

static const char *golden_path(const char *name, const char *suffix, char *buf, size_t len)
{
        snprintf(buf, len, "%s/golden/%s%s", srcdir(), name, suffix);
        return buf;
}

static void test_examples_run(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
                char path[512];
                const char *argv[] = {example_path(examples[i].name, path, sizeof(path)), NULL};
                struct run_result r;
                assert_int_equal(run_capture(argv, &r), 0);
                assert_int_equal(r.code, 0);
                assert_non_null(strstr(r.out, examples[i].marker));
                run_result_free(&r);
        }
}

static void test_golden_traces_valid(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
                char path[512];
                struct json_object *doc, *v;

                golden_path(examples[i].name, ".json", path, sizeof(path));
                assert_int_equal(access(path, R_OK), 0);
                doc = json_object_from_file(path);
                assert_non_null(doc);
                assert_true(json_object_object_get_ex(doc, "format", &v));
                assert_string_equal(json_object_get_string(v), "renacer-json-v1");
                assert_true(json_object_object_get_ex(doc, "version", &v));
                assert_string_equal(json_object_get_string(v), RENACER_VERSION);
                assert_true(json_object_object_get_ex(doc, "syscalls", &v));
                assert_true(json_object_is_type(v, json_type_array));
                assert_true(json_object_array_length(v) > 10);
                assert_true(json_object_object_get_ex(doc, "normalized", &v));
                assert_int_equal(json_object_array_length(v),
                                 json_object_array_length(json_object_object_get(doc, "syscalls")));
                json_object_put(doc);
        }
        char path[512];
        snprintf(path, sizeof(path), "%s/golden/ANALYSIS.md", srcdir());
        assert_int_equal(access(path, R_OK), 0);
}

/* As the report's tests: whitespace field 2 of the last line is total
 * seconds, field 4 total calls. */
static void test_summary_budgets(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
                char path[512], line[512], last[512] = "";
                FILE *f =
                    fopen(golden_path(examples[i].name, "_summary.txt", path, sizeof(path)), "r");
                assert_non_null(f);
                while (fgets(line, sizeof(line), f))
                        if (line[0] != '\n')
                                strcpy(last, line);
                fclose(f);
                char pct[32], secs[32], usecs[32], calls[32];
                assert_int_equal(sscanf(last, "%31s %31s %31s %31s", pct, secs, usecs, calls), 4);
                assert_non_null(strstr(last, "total"));
                double ms = atof(secs) * 1000.0;
                long n = atol(calls);
                printf("%s: %.3f ms in syscalls, %ld calls\n", examples[i].name, ms, n);
                assert_true(ms < examples[i].budget_ms);
                assert_true(n < examples[i].budget_calls);
                assert_true(n > 0);
        }
}

static int check(const char *name, const char *inject, struct run_result *r, const char *baseline,
                 const char *junit)
{
        char bpath[512], epath[512];
        const char *argv[12];
        int n = 0;

        if (inject)
                setenv("RENACER_GOLDEN_INJECT", inject, 1);
        else
                unsetenv("RENACER_GOLDEN_INJECT");
        argv[n++] = harness_bin("RENACERCTL");
        argv[n++] = "golden";
        argv[n++] = "check";
        argv[n++] = baseline ? baseline : golden_path(name, ".json", bpath, sizeof(bpath));
        argv[n++] = "--ignore-timing";
        if (junit) {
                argv[n++] = "--junit";
                argv[n++] = junit;
        }
        argv[n++] = "--";
        argv[n++] = example_path(name, epath, sizeof(epath));
        argv[n] = NULL;
        int e = run_capture(argv, r);
        unsetenv("RENACER_GOLDEN_INJECT");
        return e;
}

static void test_unchanged_20_times(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(examples) / sizeof(examples[0]); i++) {
                for (int k = 0; k < 20; k++) {
                        struct run_result r;
                        assert_int_equal(check(examples[i].name, NULL, &r, NULL, NULL), 0);
                        if (r.code != 0)
                                fprintf(stderr, "%s run %d:\n%s%s", examples[i].name, k, r.out,
                                        r.err);
                        assert_int_equal(r.code, 0);
                        assert_non_null(strstr(r.out, ": OK"));
                        run_result_free(&r);
                }
        }
}

static void test_catches_extra_write(void **state)
{
        struct run_result r;

        (void)state;
        assert_int_equal(check("matrix_operations", "extra-write", &r, NULL, NULL), 0);
        assert_int_equal(r.code, 1);
        /* one write per printed line instead of one for all */
        assert_true(count_lines_with(r.out, "+ write(1, OUTPUT, LEN) = LEN") > 5);
        assert_non_null(strstr(r.out, "write: 1 -> "));
        assert_non_null(strstr(r.out, "REGRESSION"));
        run_result_free(&r);
}

static void test_catches_extra_open(void **state)
{
        struct run_result r;

        (void)state;
        assert_int_equal(check("backend_detection", "extra-open", &r, NULL, NULL), 0);
        assert_int_equal(r.code, 1);
        assert_int_equal(count_lines_with(r.out, "+ openat(AT_FDCWD, \"/etc/trueno/trueno.conf\""),
                         1);
        assert_non_null(strstr(r.out, "1 extra"));
        run_result_free(&r);
}

static void test_catches_missing_close(void **state)
{
        char dir[] = "/tmp/renacer-golden-XXXXXX", epath[512], base[600];
        struct run_result r;

        (void)state;
        assert_non_null(mkdtemp(dir));
        /* a baseline that opens and closes /dev/null */
        setenv("RENACER_GOLDEN_INJECT", "open-close", 1);
        const char *cap[] = {harness_bin("RENACERCTL"),
                             "golden",
                             "capture",
                             "--dir",
                             dir,
                             "--name",
                             "ml_similarity",
                             "--",
                             example_path("ml_similarity", epath, sizeof(epath)),
                             NULL};
        assert_int_equal(run_capture(cap, &r), 0);
        unsetenv("RENACER_GOLDEN_INJECT");
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        snprintf(base, sizeof(base), "%s/ml_similarity.json", dir);

        assert_int_equal(check("ml_similarity", "open-close", &r, base, NULL), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);

        char junit[640];
        snprintf(junit, sizeof(junit), "%s/junit.xml", dir);
        assert_int_equal(check("ml_similarity", "missing-close", &r, base, junit), 0);
        assert_int_equal(r.code, 1);
        assert_int_equal(count_lines_with(r.out, "- close(3) = 0"), 1);
        assert_non_null(strstr(r.out, "1 missing"));
        run_result_free(&r);

        FILE *f = fopen(junit, "r");
        assert_non_null(f);
        char xml[65536];
        size_t len = fread(xml, 1, sizeof(xml) - 1, f);
        xml[len] = '\0';
        fclose(f);
        assert_non_null(strstr(xml, "<testsuite name=\"renacer-golden.ml_similarity\" tests=\"3\" "
                                    "failures=\"2\" skipped=\"1\">"));
        assert_non_null(strstr(xml, "- close(3) = 0"));

        char p[700];
        const char *files[] = {"ml_similarity.json", "ml_similarity_summary.txt", "ANALYSIS.md",
                               "junit.xml"};
        for (size_t i = 0; i < 4; i++) {
                snprintf(p, sizeof(p), "%s/%s", dir, files[i]);
                unlink(p);
        }
        assert_int_equal(rmdir(dir), 0); /* nothing else was left behind */
}

static void test_exit_codes(void **state)
{
        struct run_result r;
        char dir[] = "/tmp/renacer-golden-XXXXXX", bad[600];

        (void)state;
        assert_int_equal(check("backend_detection", NULL, &r, "/nonexistent/golden.json", NULL), 0);
        assert_int_equal(r.code, 2);
        run_result_free(&r);

        assert_non_null(mkdtemp(dir));
        snprintf(bad, sizeof(bad), "%s/bad.json", dir);
        FILE *f = fopen(bad, "w");
        fputs("{\"format\": \"something-else\"}", f);
        fclose(f);
        assert_int_equal(check("backend_detection", NULL, &r, bad, NULL), 0);
        assert_int_equal(r.code, 2);
        run_result_free(&r);
        unlink(bad);
        rmdir(dir);

        /* the command itself fails: TRUENO_BACKEND=bogus makes it exit 2 */
        setenv("TRUENO_BACKEND", "bogus", 1);
        assert_int_equal(check("backend_detection", NULL, &r, NULL, NULL), 0);
        unsetenv("TRUENO_BACKEND");
        assert_int_equal(r.code, 4);
        run_result_free(&r);
}

static int setup(void **state)
{
        (void)state;
        return daemon_start(&daemon_, NULL) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        (void)state;
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_examples_run),
            cmocka_unit_test(test_golden_traces_valid),
            cmocka_unit_test(test_summary_budgets),
            cmocka_unit_test(test_unchanged_20_times),
            cmocka_unit_test(test_catches_extra_write),
            cmocka_unit_test(test_catches_extra_open),
            cmocka_unit_test(test_catches_missing_close),
            cmocka_unit_test(test_exit_codes),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("golden", tests, setup, teardown);
}
