// SPDX-License-Identifier: MIT
/*
 * Migration from the old tool through the real CLI: `renacerctl policy
 * import` of its renacer.toml example, the converted policy checking a real
 * run through renacerd, and `--policy renacer.toml` refused before
 * anything runs, pointing to the import.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static struct test_daemon daemon_;
static char dir[] = "/tmp/renacer-import-XXXXXX";

static const char *example(void)
{
        static char path[4096];
        snprintf(path, sizeof(path), "%s/tests/fixtures/renacer.toml",
                 harness_bin("RENACER_SOURCE_ROOT"));
        return path;
}

static void test_import_example(void **state)
{
        char out[256];
        struct run_result r;

        (void)state;
        const char *to_stdout[] = {harness_bin("RENACERCTL"), "policy", "import", example(), NULL};
        assert_int_equal(run_capture(to_stdout, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, "\nversion: 1\nassertions:\n"));
        assert_int_equal(count_lines_with(r.out, "  - name: "), 4);
        assert_int_equal(count_lines_with(r.out, "max_bytes: 104857600"), 1);
        assert_int_equal(count_lines_with(r.out, "fail_on_violation: false"), 1);
        run_result_free(&r);

        snprintf(out, sizeof(out), "%s/policy.yaml", dir);
        const char *to_file[] = {
            harness_bin("RENACERCTL"), "policy", "import", example(), "-o", out, NULL};
        assert_int_equal(run_capture(to_file, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        const char *check[] = {harness_bin("RENACERCTL"), "policy", "check", out, NULL};
        assert_int_equal(run_capture(check, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, "OK (4 assertions, 4 enabled)"));
        run_result_free(&r);

        /* the converted policy checks a real run */
        char prog[512];
        const char *run[] = {harness_bin("RENACERCTL"),
                             "run",
                             "--policy",
                             out,
                             "--",
                             harness_prog("open-three", prog, sizeof(prog)),
                             NULL};
        assert_int_equal(run_capture(run, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(count_lines_with(r.err, "PASS example_startup_latency"), 1);
        assert_int_equal(count_lines_with(r.err, "PASS max_syscall_budget"), 1);
        run_result_free(&r);
        unlink(out);
}

static void test_policy_option_refuses_toml(void **state)
{
        char marker[256], script[320];
        struct run_result r;

        (void)state;
        snprintf(marker, sizeof(marker), "%s/ran", dir);
        snprintf(script, sizeof(script), "touch %s", marker);
        const char *run[] = {harness_bin("RENACERCTL"),
                             "run",
                             "--policy",
                             example(),
                             "--",
                             "/bin/sh",
                             "-c",
                             script,
                             NULL};
        assert_int_equal(run_capture(run, &r), 0);
        assert_int_equal(r.code, 2);
        assert_non_null(strstr(r.err, "this is TOML (the old renacer.toml format)"));
        assert_non_null(strstr(r.err, "renacerctl policy import"));
        assert_null(strstr(r.err, "not a list"));
        assert_int_equal(count_lines_with(r.err, "renacer"), 1);
        assert_int_equal(access(marker, F_OK), -1); /* nothing ran */
        run_result_free(&r);

        const char *check[] = {harness_bin("RENACERCTL"), "policy", "check", example(), NULL};
        assert_int_equal(run_capture(check, &r), 0);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "policy import"));
        run_result_free(&r);
}

static void test_import_errors(void **state)
{
        char bad[256], out[256];
        struct run_result r;

        (void)state;
        snprintf(bad, sizeof(bad), "%s/bad.toml", dir);
        snprintf(out, sizeof(out), "%s/never.yaml", dir);
        FILE *f = fopen(bad, "w");
        assert_non_null(f);
        fputs("[[assertion]]\nname = \"x\"\ntype = \"span_count\"\nmax_spans = 0\n", f);
        fclose(f);
        const char *argv[] = {harness_bin("RENACERCTL"), "policy", "import", bad, "-o", out, NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "bad.toml:4: assertion 'x': max_spans"));
        assert_int_equal(count_lines_with(r.err, ""), 1);
        assert_int_equal(access(out, F_OK), -1); /* nothing written */
        run_result_free(&r);

        const char *missing[] = {harness_bin("RENACERCTL"), "policy", "import",
                                 "/nonexistent/renacer.toml", NULL};
        assert_int_equal(run_capture(missing, &r), 0);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "No such file"));
        run_result_free(&r);

        const char *none[] = {harness_bin("RENACERCTL"), "policy", "import", NULL};
        assert_int_equal(run_capture(none, &r), 0);
        assert_int_equal(r.code, 2);
        run_result_free(&r);
        unlink(bad);
}

static int setup(void **state)
{
        (void)state;
        if (!mkdtemp(dir))
                return -1;
        return daemon_start(&daemon_, NULL) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        (void)state;
        rmdir(dir);
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_import_example),
            cmocka_unit_test(test_policy_option_refuses_toml),
            cmocka_unit_test(test_import_errors),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("import", tests, setup, teardown);
}
