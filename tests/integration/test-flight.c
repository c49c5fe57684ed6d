// SPDX-License-Identifier: MIT
/*
 * The flight recorder: `run --flight-recorder[=SIZE]` prints the last SIZE
 * bytes of the session's records only when the command fails (non-zero
 * exit, signal, violated policy assertion), through a real renacerd; and a
 * daemon-wide policy's `flight_recorder:` saving a violating run's records
 * in renacerd's flight directory, logged and counted.
 */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
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

static const char *slurp(const char *path)
{
        static char buf[1 << 20];
        FILE *f = fopen(path, "r");
        size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

        if (f)
                fclose(f);
        buf[n] = '\0';
        return buf;
}

/* A port nobody listens on now (the kernel picks it). */
static int free_port(void)
{
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t len = sizeof(a);
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = -1;

        if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
            getsockname(fd, (struct sockaddr *)&a, &len) == 0)
                port = ntohs(a.sin_port);
        if (fd >= 0)
                close(fd);
        return port;
}

static const char *scrape(int port)
{
        static char buf[1 << 20];
        struct sockaddr_in a = {.sin_family = AF_INET,
                                .sin_port = htons((uint16_t)port),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        const char req[] = "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n";
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        size_t n = 0;
        ssize_t k;

        buf[0] = '\0';
        if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
            write(fd, req, sizeof(req) - 1) != (ssize_t)(sizeof(req) - 1)) {
                if (fd >= 0)
                        close(fd);
                return buf;
        }
        while (n < sizeof(buf) - 1 && (k = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
                n += (size_t)k;
        buf[n] = '\0';
        close(fd);
        return buf;
}

/* Wait up to 10 s for the daemon's log to hold n lines with needle. */
static size_t wait_log(const char *log, const char *needle, size_t n)
{
        size_t have = 0;

        for (int i = 0; i < 200; i++) {
                have = count_lines_with(slurp(log), needle);
                if (have >= n)
                        break;
                nanosleep(&(struct timespec){0, 50000000}, NULL);
        }
        return have;
}

static void test_daemon_policy_saves_recording(void **state)
{
        char dir[] = "/tmp/renacer-flightd-XXXXXX", pol[128], cfg[160], prog[512], fdir[200];
        char state_dir[160], port_arg[16], want[256];
        struct test_daemon d;
        struct run_result r;
        struct stat st;
        FILE *f;

        (void)state;
        assert_non_null(mkdtemp(dir));
        harness_prog("getppid-loop", prog, sizeof(prog));
        snprintf(pol, sizeof(pol), "%s/loop.yaml", dir);
        f = fopen(pol, "w");
        assert_non_null(f);
        fprintf(f,
                "version: 1\nmatch:\n  exe: \"%s\"\nflight_recorder: 64K\nassertions:\n"
                "  - name: loop_budget\n    type: span_count\n    max_spans: 100\n",
                prog);
        fclose(f);
        /* the state directory does not exist yet: renacerd makes it */
        snprintf(state_dir, sizeof(state_dir), "%s.state", dir);
        snprintf(fdir, sizeof(fdir), "%s/flight", state_dir);
        snprintf(cfg, sizeof(cfg), "%s.renacerd.yaml", dir);
        f = fopen(cfg, "w");
        assert_non_null(f);
        fprintf(f, "policy_dir: %s\nflight_dir: %s\n", dir, fdir);
        fclose(f);
        int port = free_port();
        assert_true(port > 0);
        snprintf(port_arg, sizeof(port_arg), "127.0.0.1:%d", port);
        const char *const extra[] = {"--config", cfg, "--metrics-listen", port_arg, NULL};
        assert_int_equal(daemon_start(&d, extra), 0);

        /* within budget: nothing saved; over it: saved */
        const char *small[] = {prog, "10", NULL}, *big[] = {prog, "300000", NULL};
        assert_int_equal(run_capture(small, &r), 0);
        run_result_free(&r);
        assert_int_equal(run_capture(big, &r), 0);
        run_result_free(&r);
        assert_int_equal(wait_log(d.log, "flight recording saved to ", 1), 1);
        assert_int_equal(wait_log(d.log, "matches policy", 2), 2);

        const char *log = slurp(d.log);
        const char *at = strstr(log, "flight recording saved to ");
        assert_non_null(at);
        char path[512];
        assert_int_equal(sscanf(at, "flight recording saved to %511s", path), 1);
        snprintf(want, sizeof(want), "%s/flight-", fdir);
        assert_int_equal(strncmp(path, want, strlen(want)), 0);
        assert_int_equal(stat(fdir, &st), 0);
        assert_true(S_ISDIR(st.st_mode));
        assert_int_equal(st.st_mode & 0777, 0700);
        assert_int_equal(st.st_uid, 0);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        assert_int_equal(st.st_uid, 0);

        const char *text = slurp(path);
        assert_non_null(strstr(text, "# renacer flight recording: pid "));
        assert_non_null(strstr(text, "# FAIL loop_budget: "));
        /* the newest records: the loop's last calls and the exit. The
         * stream of an auto-session starts when renacerd adopts it, a few
         * milliseconds after the exec (the counts the policy checks come
         * from the kernel and are whole): the loop runs long enough to be
         * recorded, and 64K keeps only its end. */
        assert_true(count_lines_with(text, "getppid() = ") > 100);
        assert_non_null(strstr(text, "earlier ones overwritten"));
        assert_int_equal(count_lines_with(text, "+++ exited with 0 +++"), 1);

        /* only one file: the run within budget saved nothing */
        char cmd[256];
        snprintf(cmd, sizeof(cmd), "ls %s | wc -l", fdir);
        const char *ls[] = {"/bin/sh", "-c", cmd, NULL};
        assert_int_equal(run_capture(ls, &r), 0);
        assert_int_equal(atoi(r.out), 1);
        run_result_free(&r);

        const char *m = scrape(port);
        assert_non_null(strstr(m, "renacer_flight_recordings_total{result=\"saved\"} 1\n"));
        assert_non_null(strstr(m, "renacer_flight_recordings_total{result=\"failed\"} 0\n"));

        assert_int_equal(daemon_stop(&d), 0);
        unlink(path);
        rmdir(fdir);
        rmdir(state_dir);
        unlink(pol);
        unlink(cfg);
        rmdir(dir);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

static void test_policy_flight_recorder_key(void **state)
{
        char dir[] = "/tmp/renacer-flightp-XXXXXX", pol[128];
        struct run_result r;
        const char *vals[] = {"4M", "1", "lots"};

        (void)state;
        assert_non_null(mkdtemp(dir));
        snprintf(pol, sizeof(pol), "%s/p.yaml", dir);
        for (int i = 0; i < 3; i++) {
                FILE *f = fopen(pol, "w");
                assert_non_null(f);
                fprintf(f,
                        "version: 1\nflight_recorder: %s\nassertions:\n  - name: a\n"
                        "    type: span_count\n    max_spans: 5\n",
                        vals[i]);
                fclose(f);
                const char *argv[] = {harness_bin("RENACERCTL"), "policy", "check", pol, NULL};
                assert_int_equal(run_capture(argv, &r), 0);
                assert_int_equal(r.code, i == 0 ? 0 : 1);
                if (i)
                        assert_non_null(strstr(r.err, "p.yaml:2:18: invalid flight_recorder"));
                run_result_free(&r);
        }
        unlink(pol);
        rmdir(dir);
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
            cmocka_unit_test(test_daemon_policy_saves_recording),
            cmocka_unit_test(test_policy_flight_recorder_key),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("flight", tests, setup, teardown);
}
