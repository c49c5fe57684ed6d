// SPDX-License-Identifier: MIT
/*
 * Golden traces: the Renacer report's validation tests ported to cmocka
 * (examples run and print their marker; each golden trace exists, is
 * renacer-json-v1 of this version; each summary's last line meets the
 * example's budget), and proof that `golden check` with its defaults
 * passes on unchanged binaries 20 times in a row and catches injected
 * regressions; re-capture keeps unchanged files; `renacerctl diff`.
 */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdbool.h>
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
        assert_non_null(strstr(r.out, " calls (+"));
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
        /* sequence and counts fail; no policy beside this baseline (no
         * budgets) and no timing asked: both skipped */
        assert_non_null(strstr(xml, "<testsuite name=\"renacer-golden.ml_similarity\" tests=\"4\" "
                                    "failures=\"2\" skipped=\"2\">"));
        assert_non_null(strstr(xml, "- close(3) = 0"));
        assert_non_null(strstr(xml, "close: "));
        assert_non_null(strstr(xml, " calls (-1)"));

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

static void read_file(const char *path, char *buf, size_t len)
{
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        size_t n = fread(buf, 1, len - 1, f);
        buf[n] = '\0';
        fclose(f);
}

static int capture_into(const char *dir, const char *name, const char *inject, bool force,
                        struct run_result *r)
{
        char epath[512];
        const char *argv[12];
        int n = 0;

        if (inject)
                setenv("RENACER_GOLDEN_INJECT", inject, 1);
        argv[n++] = harness_bin("RENACERCTL");
        argv[n++] = "golden";
        argv[n++] = "capture";
        argv[n++] = "--dir";
        argv[n++] = dir;
        argv[n++] = "--name";
        argv[n++] = name;
        if (force)
                argv[n++] = "--force";
        argv[n++] = "--";
        argv[n++] = example_path(name, epath, sizeof(epath));
        argv[n] = NULL;
        int e = run_capture(argv, r);
        unsetenv("RENACER_GOLDEN_INJECT");
        return e;
}

/* Re-capturing an unchanged example leaves its files byte for byte (and
 * inode for inode) as they were; a changed one is rewritten. */
static void test_recapture_keeps_unchanged(void **state)
{
        char dir[] = "/tmp/renacer-golden-XXXXXX", js[600], sum[600], an[600];
        static char before[1 << 20], after[1 << 20];
        struct stat st1, st2, sa1, sa2;
        struct run_result r;

        (void)state;
        assert_non_null(mkdtemp(dir));
        snprintf(js, sizeof(js), "%s/backend_detection.json", dir);
        snprintf(sum, sizeof(sum), "%s/backend_detection_summary.txt", dir);
        snprintf(an, sizeof(an), "%s/ANALYSIS.md", dir);
        assert_int_equal(capture_into(dir, "backend_detection", NULL, false, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, "captured backend_detection"));
        run_result_free(&r);
        read_file(js, before, sizeof(before));
        assert_int_equal(stat(js, &st1), 0);
        assert_int_equal(stat(an, &sa1), 0);

        for (int k = 0; k < 3; k++) {
                assert_int_equal(capture_into(dir, "backend_detection", NULL, false, &r), 0);
                assert_int_equal(r.code, 0);
                assert_non_null(strstr(r.out, "unchanged backend_detection"));
                run_result_free(&r);
        }
        read_file(js, after, sizeof(after));
        assert_string_equal(before, after);
        assert_int_equal(stat(js, &st2), 0);
        assert_int_equal(stat(an, &sa2), 0);
        assert_true(st1.st_ino == st2.st_ino && st1.st_mtim.tv_nsec == st2.st_mtim.tv_nsec);
        assert_true(sa1.st_ino == sa2.st_ino && sa1.st_mtim.tv_nsec == sa2.st_mtim.tv_nsec);

        /* a changed binary (one more open) is written */
        assert_int_equal(capture_into(dir, "backend_detection", "extra-open", false, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, "captured backend_detection"));
        run_result_free(&r);
        read_file(js, after, sizeof(after));
        assert_non_null(strstr(after, "/etc/trueno/trueno.conf"));
        /* --force rewrites even unchanged content */
        assert_int_equal(capture_into(dir, "backend_detection", "extra-open", true, &r), 0);
        assert_non_null(strstr(r.out, "captured backend_detection"));
        run_result_free(&r);

        unlink(js);
        unlink(sum);
        unlink(an);
        assert_int_equal(rmdir(dir), 0);
}

static int diff(const char *a, const char *b, struct run_result *r)
{
        const char *argv[] = {harness_bin("RENACERCTL"), "diff", a, b, NULL};
        return run_capture(argv, r);
}

/* `renacerctl diff` on golden files, a JSON document and a JSON-lines
 * stream of runs with and without an injected extra open. */
static void test_diff(void **state)
{
        char dir[] = "/tmp/renacer-golden-XXXXXX", bpath[512], epath[512];
        char json_plain[600], jsonl_plain[600], jsonl_extra[600], bad[600];
        struct run_result r;

        (void)state;
        assert_non_null(mkdtemp(dir));
        golden_path("backend_detection", ".json", bpath, sizeof(bpath));
        assert_int_equal(diff(bpath, bpath, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, "traces are equal"));
        run_result_free(&r);

        snprintf(json_plain, sizeof(json_plain), "%s/plain.json", dir);
        snprintf(jsonl_plain, sizeof(jsonl_plain), "%s/plain.jsonl", dir);
        snprintf(jsonl_extra, sizeof(jsonl_extra), "%s/extra.jsonl", dir);
        const char *outs[] = {json_plain, jsonl_plain, jsonl_extra};
        const char *fmts[] = {"json", "jsonl", "jsonl"};
        for (int i = 0; i < 3; i++) {
                const char *argv[] = {harness_bin("RENACERCTL"),
                                      "run",
                                      "-s",
                                      "256",
                                      "--format",
                                      fmts[i],
                                      "-o",
                                      outs[i],
                                      "--",
                                      example_path("backend_detection", epath, sizeof(epath)),
                                      NULL};
                if (i == 2)
                        setenv("RENACER_GOLDEN_INJECT", "extra-open", 1);
                assert_int_equal(run_capture(argv, &r), 0);
                unsetenv("RENACER_GOLDEN_INJECT");
                assert_int_equal(r.code, 0);
                run_result_free(&r);
        }
        /* the same program in two formats: equal */
        assert_int_equal(diff(json_plain, jsonl_plain, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);

        assert_int_equal(diff(jsonl_plain, jsonl_extra, &r), 0);
        assert_int_equal(r.code, 1);
        assert_int_equal(count_lines_with(r.out, "+ openat(AT_FDCWD, \"/etc/trueno/trueno.conf\""),
                         1);
        assert_non_null(strstr(r.out, "openat: "));
        assert_non_null(strstr(r.out, " calls (+1)"));
        assert_non_null(strstr(r.out, "1 added"));
        run_result_free(&r);

        /* the other way round: the call is removed */
        assert_int_equal(diff(jsonl_extra, json_plain, &r), 0);
        assert_int_equal(r.code, 1);
        assert_int_equal(count_lines_with(r.out, "- openat(AT_FDCWD, \"/etc/trueno/trueno.conf\""),
                         1);
        assert_non_null(strstr(r.out, " calls (-1)"));
        run_result_free(&r);

        /* bad input: one line naming the file and what is wrong, exit 2 */
        snprintf(bad, sizeof(bad), "%s/bad.jsonl", dir);
        FILE *f = fopen(bad, "w");
        fputs("{\"type\":\"syscall\",\"name\":\"read\",\"args\":[]}\nnot json\n", f);
        fclose(f);
        assert_int_equal(diff(jsonl_plain, bad, &r), 0);
        assert_int_equal(r.code, 2);
        assert_non_null(strstr(r.err, "bad.jsonl: line 2:"));
        assert_string_equal(r.out, "");
        run_result_free(&r);
        assert_int_equal(diff("/nonexistent/trace.json", jsonl_plain, &r), 0);
        assert_int_equal(r.code, 2);
        assert_non_null(strstr(r.err, "No such file"));
        run_result_free(&r);
        assert_int_equal(diff(jsonl_plain, NULL, &r), 0);
        assert_int_equal(r.code, 2);
        run_result_free(&r);

        const char *files[] = {json_plain, jsonl_plain, jsonl_extra, bad};
        for (size_t i = 0; i < 4; i++)
                unlink(files[i]);
        assert_int_equal(rmdir(dir), 0);
}

/* --runs and --timing-tolerance are checked like every option. */
static void test_timing_options(void **state)
{
        char bpath[512], epath[512];
        struct run_result r;
        const char *bad[][2] = {
            {"--runs", "0"}, {"--runs", "101"}, {"--runs", "x"}, {"--timing-tolerance", "-1"}};

        (void)state;
        for (size_t i = 0; i < 4; i++) {
                const char *argv[] = {
                    harness_bin("RENACERCTL"),
                    "golden",
                    "check",
                    golden_path("backend_detection", ".json", bpath, sizeof(bpath)),
                    bad[i][0],
                    bad[i][1],
                    "--",
                    example_path("backend_detection", epath, sizeof(epath)),
                    NULL};
                assert_int_equal(run_capture(argv, &r), 0);
                assert_int_equal(r.code, 2);
                assert_non_null(strstr(r.err, bad[i][0]));
                run_result_free(&r);
        }
        /* with --runs 3 the timing line reports the medians of 3 runs */
        const char *argv[] = {harness_bin("RENACERCTL"),
                              "golden",
                              "check",
                              golden_path("backend_detection", ".json", bpath, sizeof(bpath)),
                              "--runs",
                              "3",
                              "--",
                              example_path("backend_detection", epath, sizeof(epath)),
                              NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_true(r.code == 0 || r.code == 1);
        assert_non_null(strstr(r.out, "MAD"));
        assert_non_null(strstr(r.out, "3 runs)"));
        assert_non_null(strstr(r.out, "sequence matches, counts match"));
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
            cmocka_unit_test(test_recapture_keeps_unchanged),
            cmocka_unit_test(test_diff),
            cmocka_unit_test(test_timing_options),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("golden", tests, setup, teardown);
}
