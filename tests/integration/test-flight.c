// SPDX-License-Identifier: MIT
/*
 * The flight recorder: `run --flight-recorder[=SIZE]` prints the last SIZE
 * bytes of the session's records only when the command fails (non-zero
 * exit, signal, violated policy assertion), through a real renacerd.
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

static int run(const char *const *argv, struct run_result *r)
{
        return run_capture(argv, r);
}

static void test_success_prints_nothing(void **state)
{
        char prog[512], dir[] = "/tmp/renacer-flight-XXXXXX", out[600];
        struct run_result r;

        (void)state;
        assert_non_null(mkdtemp(dir));
        snprintf(out, sizeof(out), "%s/trace.txt", dir);
        const char *argv[] = {harness_bin("RENACERCTL"),
                              "run",
                              "--flight-recorder",
                              "--",
                              harness_prog("open-three", prog, sizeof(prog)),
                              NULL};
        assert_int_equal(run(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_string_equal(r.err, "");
        assert_string_equal(r.out, "");
        run_result_free(&r);

        /* with -o nothing is written either, and no temporary is left */
        const char *argv2[] = {
            harness_bin("RENACERCTL"), "run", "--flight-recorder=64K", "-o", out, "--", prog, NULL};
        assert_int_equal(run(argv2, &r), 0);
        assert_int_equal(r.code, 0);
        assert_string_equal(r.err, "");
        run_result_free(&r);
        assert_int_equal(access(out, F_OK), -1);
        assert_int_equal(rmdir(dir), 0);
}

static void test_failure_prints_the_records(void **state)
{
        struct run_result r;

        (void)state;
        const char *argv[] = {harness_bin("RENACERCTL"),
                              "run",
                              "-f",
                              "--flight-recorder",
                              "--",
                              "/bin/sh",
                              "-c",
                              "cat /nonexistent/renacer-flight; exit 3",
                              NULL};
        assert_int_equal(run(argv, &r), 0);
        assert_int_equal(r.code, 3);
        assert_non_null(strstr(r.err, "renacer: flight recorder: the command exited with 3"));
        /* the child's failing open and both exits are in the recording */
        assert_int_equal(
            count_lines_with(r.err, "openat(AT_FDCWD, \"/nonexistent/renacer-flight\""), 1);
        assert_non_null(strstr(r.err, "+++ exited with 1 +++"));
        assert_non_null(strstr(r.err, "+++ exited with 3 +++"));
        run_result_free(&r);
}

static void test_signal_writes_output_file(void **state)
{
        char dir[] = "/tmp/renacer-flight-XXXXXX", out[600];
        struct run_result r;

        (void)state;
        assert_non_null(mkdtemp(dir));
        snprintf(out, sizeof(out), "%s/trace.jsonl", dir);
        const char *argv[] = {harness_bin("RENACERCTL"),
                              "run",
                              "--flight-recorder=16K",
                              "--format",
                              "jsonl",
                              "-o",
                              out,
                              "--",
                              "/bin/sh",
                              "-c",
                              "kill -9 $$",
                              NULL};
        assert_int_equal(run(argv, &r), 0);
        assert_int_equal(r.code, 137);
        assert_non_null(strstr(r.err, "killed by SIGKILL"));
        assert_non_null(strstr(r.err, out));
        run_result_free(&r);

        FILE *f = fopen(out, "r");
        assert_non_null(f);
        char line[65536];
        int calls = 0, kills = 0, exits = 0, summaries = 0;
        while (fgets(line, sizeof(line), f)) {
                struct json_object *o = json_tokener_parse(line), *t;
                assert_non_null(o);
                assert_true(json_object_object_get_ex(o, "type", &t));
                const char *ty = json_object_get_string(t);
                calls += !strcmp(ty, "syscall");
                exits += !strcmp(ty, "exit");
                summaries += !strcmp(ty, "summary");
                if (!strcmp(ty, "syscall") && strstr(line, "\"name\":\"kill\""))
                        kills++;
                json_object_put(o);
        }
        fclose(f);
        assert_true(calls > 10);
        assert_int_equal(kills, 1);
        assert_int_equal(exits, 1);
        assert_int_equal(summaries, 1);
        unlink(out);
        assert_int_equal(rmdir(dir), 0);
}

/* A small buffer keeps only the newest records: the last getppid calls
 * and the exit, never the execve at the start. */
static void test_ring_overwrites_oldest(void **state)
{
        char prog[512];
        struct run_result r;

        (void)state;
        const char *argv[] = {harness_bin("RENACERCTL"),
                              "run",
                              "--flight-recorder=4K",
                              "--",
                              "/bin/sh",
                              "-c",
                              "\"$0\" 5000; exit 1",
                              harness_prog("getppid-loop", prog, sizeof(prog)),
                              NULL};
        assert_int_equal(run(argv, &r), 0);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "earlier ones overwritten"));
        assert_null(strstr(r.err, "execve("));
        assert_non_null(strstr(r.err, "+++ exited with 1 +++"));
        run_result_free(&r);

        /* 5000 calls fit in 4M: nothing is lost */
        const char *argv2[] = {
            harness_bin("RENACERCTL"), "run", "-f", "--flight-recorder=4M", "--", "/bin/sh", "-c",
            "\"$0\" 5000; exit 1",     prog,  NULL};
        assert_int_equal(run(argv2, &r), 0);
        assert_int_equal(r.code, 1);
        assert_null(strstr(r.err, "overwritten"));
        /* the loop's 5000, and the shell's own one for $PPID */
        assert_int_equal(count_lines_with(r.err, "getppid()"), 5001);
        run_result_free(&r);
}

static void test_policy_violation(void **state)
{
        char dir[] = "/tmp/renacer-flight-XXXXXX", pol[600], prog[512];
        struct run_result r;

        (void)state;
        assert_non_null(mkdtemp(dir));
        snprintf(pol, sizeof(pol), "%s/p.yaml", dir);
        FILE *f = fopen(pol, "w");
        assert_non_null(f);
        fputs("version: 1\nassertions:\n  - name: few_opens\n    type: span_count\n"
              "    fail_on_violation: false\n    budgets:\n      openat: 1\n",
              f);
        fclose(f);
        const char *argv[] = {harness_bin("RENACERCTL"),
                              "run",
                              "--flight-recorder",
                              "--policy",
                              pol,
                              "--",
                              harness_prog("open-three", prog, sizeof(prog)),
                              NULL};
        assert_int_equal(run(argv, &r), 0);
        assert_int_equal(r.code, 0); /* a warning only, but recorded */
        assert_non_null(strstr(r.err, "flight recorder: a policy assertion was violated"));
        assert_int_equal(count_lines_with(r.err, "openat(AT_FDCWD, \"/etc/passwd\""), 1);
        run_result_free(&r);
        unlink(pol);
        assert_int_equal(rmdir(dir), 0);
}

static void test_bad_sizes(void **state)
{
        const char *bad[] = {"--flight-recorder=1", "--flight-recorder=2G", "--flight-recorder=4X",
                             "--flight-recorder="};
        struct run_result r;

        (void)state;
        for (size_t i = 0; i < 4; i++) {
                const char *argv[] = {
                    harness_bin("RENACERCTL"), "run", bad[i], "--", "/bin/true", NULL};
                assert_int_equal(run(argv, &r), 0);
                assert_int_equal(r.code, 2);
                assert_non_null(strstr(r.err, "invalid --flight-recorder size"));
                run_result_free(&r);
        }
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
            cmocka_unit_test(test_success_prints_nothing),
            cmocka_unit_test(test_failure_prints_the_records),
            cmocka_unit_test(test_signal_writes_output_file),
            cmocka_unit_test(test_ring_overwrites_oldest),
            cmocka_unit_test(test_policy_violation),
            cmocka_unit_test(test_bad_sizes),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("flight", tests, setup, teardown);
}
