// SPDX-License-Identifier: MIT
/*
 * End-to-end tracing against the real kernel: a renacerd on a private
 * socket, renacerctl runs of deterministic programs, exact syscalls and
 * counts asserted. Needs root and BTF (exits 77 otherwise).
 */
#include <fcntl.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static struct test_daemon daemon_;
static char prog_buf[8][512];

static const char *prog(int slot, const char *name)
{
        return harness_prog(name, prog_buf[slot], sizeof(prog_buf[slot]));
}

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

/* The daemon holds no session and no tracked pid: nothing was left behind. */
static void assert_daemon_clean(void)
{
        struct json_object *st = daemon_status(&daemon_), *v;

        assert_non_null(st);
        assert_true(json_object_object_get_ex(st, "sessions_active", &v));
        assert_int_equal(json_object_get_int(v), 0);
        assert_true(json_object_object_get_ex(st, "tracked_processes", &v));
        assert_int_equal(json_object_get_int(v), 0);
        json_object_put(st);
}

static int group_setup(void **state)
{
        (void)state;
        if (daemon_start(&daemon_, NULL) < 0) {
                fprintf(stderr, "cannot start renacerd\n");
                return -1;
        }
        return 0;
}

static int group_teardown(void **state)
{
        (void)state;
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

static void test_getppid_1000(void **state)
{
        const char *argv[] = {ctl(), "run", "-c", "--", prog(0, "getppid-loop"), "1000", NULL};
        struct run_result r;

        (void)state;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(summary_calls(r.err, "getppid"), 1000);
        run_result_free(&r);

        /* the streamed text agrees with the in-kernel count */
        const char *argv2[] = {ctl(),  "run", "-e", "trace=getppid", "--", prog(0, "getppid-loop"),
                               "1000", NULL};
        assert_int_equal(run_capture(argv2, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(count_lines_with(r.err, "getppid()"), 1000);
        assert_int_equal(count_lines_with(r.err, "execve("), 0);
        run_result_free(&r);
        assert_daemon_clean();
}

static void test_openat_three(void **state)
{
        const char *argv[] = {ctl(), "run", "-e", "trace=openat", "--", prog(0, "open-three"),
                              NULL};
        struct run_result r;

        (void)state;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(count_lines_with(r.err, "openat(AT_FDCWD, \"/etc/hostname\", "
                                                 "O_RDONLY|O_CLOEXEC) = 3"),
                         1);
        assert_int_equal(count_lines_with(r.err, "openat(AT_FDCWD, \"/nonexistent/renacer-test\", "
                                                 "O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such file or "
                                                 "directory)"),
                         1);
        assert_int_equal(count_lines_with(r.err, "openat(AT_FDCWD, \"/etc/passwd\", "
                                                 "O_RDONLY|O_CLOEXEC) = 3"),
                         1);
        run_result_free(&r);
}

static void test_fork_exec_wait(void **state)
{
        const char *argv[] = {
            ctl(), "run", "-f", "--", prog(0, "fork-exec-wait"), prog(1, "getppid-loop"), NULL};
        struct run_result r;
        char want[600];

        (void)state;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        /* the root's own execve, then the child's */
        snprintf(want, sizeof(want), "execve(\"%s\", [", prog(1, "getppid-loop"));
        assert_int_equal(count_lines_with(r.err, want), 1);
        assert_int_equal(count_lines_with(r.err, "wait4("), 1);
        assert_int_equal(count_lines_with(r.err, "getppid()"), 1000);
        assert_int_equal(count_lines_with(r.err, "+++ exited with 0 +++"), 2);
        /* while a second process is traced, every line carries its pid
         * (strace's rule: from the fork to the child's exit line) */
        const char *after = strstr(r.err, "clone(");
        assert_non_null(after);
        after = strchr(after, '\n') + 1;
        const char *end = strstr(after, "] +++ exited with 0 +++\n");
        assert_non_null(end);
        char *span = strndup(after, (size_t)(strchr(end, '\n') + 1 - after));
        assert_int_equal(count_lines_with(span, "[pid "), count_substr(span, "\n"));
        free(span);
        run_result_free(&r);

        /* without -f the child stays untraced */
        const char *argv2[] = {
            ctl(), "run", "--", prog(0, "fork-exec-wait"), prog(1, "getppid-loop"), NULL};
        assert_int_equal(run_capture(argv2, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(count_lines_with(r.err, "getppid()"), 0);
        assert_int_equal(count_lines_with(r.err, "wait4("), 1);
        run_result_free(&r);
}

/* The distinct values of an integer field (pid, tid) over a JSON
 * document's syscalls (at most 16 kept), and how many syscalls it has. */
static void json_distinct(const char *doc, const char *field, int *vals, int *nvals, long *count)
{
        struct json_object *o = json_tokener_parse(doc), *arr;

        assert_non_null(o);
        assert_true(json_object_object_get_ex(o, "syscalls", &arr));
        *nvals = 0;
        *count = (long)json_object_array_length(arr);
        for (size_t i = 0; i < json_object_array_length(arr); i++) {
                struct json_object *e = json_object_array_get_idx(arr, i), *v;
                assert_true(json_object_object_get_ex(e, field, &v));
                int x = json_object_get_int(v), k;
                for (k = 0; k < *nvals; k++)
                        if (vals[k] == x)
                                break;
                if (k == *nvals && *nvals < 16)
                        vals[(*nvals)++] = x;
        }
        json_object_put(o);
}

static void test_threads_write(void **state)
{
        const char *argv[] = {ctl(),         "run",  "-f",
                              "--format",    "json", "-e",
                              "trace=write", "--",   prog(0, "threads-write"),
                              "250",         NULL};
        struct run_result r;
        int pids[16], npids;
        long n;

        (void)state;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        json_distinct(r.err, "pid", pids, &npids, &n);
        assert_int_equal(n, 1000);
        assert_int_equal(npids, 1); /* four threads, one process */
        /* four distinct tids */
        int tids[16], ntids;
        json_distinct(r.err, "tid", tids, &ntids, &n);
        assert_int_equal(ntids, 4);
        run_result_free(&r);
}

static void test_fork_tree(void **state)
{
        const char *argv[] = {ctl(), "run",           "-f", "--format",           "json",
                              "-e",  "trace=getppid", "--", prog(0, "fork-tree"), NULL};
        struct run_result r;
        int pids[16], npids;
        long n;

        (void)state;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        json_distinct(r.err, "pid", pids, &npids, &n);
        assert_int_equal(n, 6);
        assert_int_equal(npids, 3);
        run_result_free(&r);

        const char *argv2[] = {
            ctl(), "run", "-c", "-e", "trace=getppid", "--", prog(0, "fork-tree"), NULL};
        assert_int_equal(run_capture(argv2, &r), 0);
        assert_int_equal(summary_calls(r.err, "getppid"), 1);
        run_result_free(&r);
        assert_daemon_clean();
}

/* Start the spinner; returns its pid, read from its stdout. */
static pid_t start_spinner(FILE **pipe_out)
{
        char cmd[600];
        int pid = 0;

        snprintf(cmd, sizeof(cmd), "exec %s", prog(0, "spinner"));
        *pipe_out = popen(cmd, "re");
        assert_non_null(*pipe_out);
        assert_int_equal(fscanf(*pipe_out, "%d", &pid), 1);
        return pid;
}

static void test_trace_pid(void **state)
{
        FILE *sp;
        pid_t pid = start_spinner(&sp), ctlpid;
        char pidstr[16], outpath[] = "/tmp/renacer-trace-XXXXXX";
        int status, fd = mkstemp(outpath);

        (void)state;
        close(fd);
        snprintf(pidstr, sizeof(pidstr), "%d", pid);
        ctlpid = fork();
        if (ctlpid == 0) {
                /* -f: all its threads (without, strace -p traces the main one) */
                execl(ctl(), ctl(), "trace", "-f", "--pid", pidstr, "--format", "json", "-e",
                      "trace=getppid,nanosleep,clock_nanosleep", "-o", outpath, (char *)NULL);
                _exit(127);
        }
        nanosleep(&(struct timespec){0, 400000000}, NULL);
        kill(ctlpid, SIGINT);
        assert_int_equal(waitpid(ctlpid, &status, 0), ctlpid);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);

        FILE *f = fopen(outpath, "r");
        assert_non_null(f);
        static char doc[1 << 22];
        size_t len = fread(doc, 1, sizeof(doc) - 1, f);
        doc[len] = '\0';
        fclose(f);
        unlink(outpath);

        struct json_object *o = json_tokener_parse(doc), *arr;
        assert_non_null(o);
        assert_true(json_object_object_get_ex(o, "syscalls", &arr));
        int tids[16], ntids;
        long calls;
        size_t getppids = 0;
        for (size_t i = 0; i < json_object_array_length(arr); i++) {
                struct json_object *e = json_object_array_get_idx(arr, i), *v;
                json_object_object_get_ex(e, "pid", &v);
                assert_int_equal(json_object_get_int(v), pid);
                json_object_object_get_ex(e, "name", &v);
                const char *name = json_object_get_string(v);
                assert_true(!strcmp(name, "getppid") || !strcmp(name, "nanosleep") ||
                            !strcmp(name, "clock_nanosleep"));
                if (!strcmp(name, "getppid"))
                        getppids++;
        }
        json_distinct(doc, "tid", tids, &ntids, &calls);
        /* ~400 ms of three threads each calling every ms */
        assert_true(getppids > 100);
        assert_int_equal(ntids, 3);
        json_object_put(o);

        kill(pid, SIGKILL);
        pclose(sp);
        assert_daemon_clean();
}

static void test_trace_pid_until_exit(void **state)
{
        FILE *sp;
        pid_t pid = start_spinner(&sp);
        char pidstr[16];
        struct run_result r;
        pid_t killer;

        (void)state;
        snprintf(pidstr, sizeof(pidstr), "%d", pid);
        killer = fork();
        if (killer == 0) {
                nanosleep(&(struct timespec){0, 300000000}, NULL);
                kill(pid, SIGKILL);
                _exit(0);
        }
        const char *argv[] = {ctl(), "trace",         "-f", "--pid", pidstr, "-C",
                              "-e",  "trace=getppid", NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        /* each of its 4 tasks, as strace -f -p prints them */
        assert_int_equal(count_lines_with(r.err, "+++ killed by SIGKILL +++"), 4);
        assert_true(summary_calls(r.err, "getppid") > 50);
        /* the summary counts what the text shows (no loss at this rate) */
        assert_int_equal(summary_calls(r.err, "getppid"),
                         (long)count_lines_with(r.err, "getppid()"));
        run_result_free(&r);
        waitpid(killer, NULL, 0);
        pclose(sp);
        assert_daemon_clean();
}

static void test_filters(void **state)
{
        struct run_result r;

        (void)state;
        const char *file[] = {ctl(), "run", "-e", "trace=%file", "--", prog(0, "open-three"), NULL};
        assert_int_equal(run_capture(file, &r), 0);
        assert_int_equal(r.code, 0);
        assert_true(count_lines_with(r.err, "openat(") >= 3);
        assert_int_equal(count_lines_with(r.err, "mmap("), 0);
        assert_int_equal(count_lines_with(r.err, "close("), 0);
        run_result_free(&r);

        const char *neg[] = {ctl(), "run", "-e", "trace=!getppid", "--", prog(0, "getppid-loop"),
                             "50",  NULL};
        assert_int_equal(run_capture(neg, &r), 0);
        assert_int_equal(count_lines_with(r.err, "getppid("), 0);
        assert_true(count_lines_with(r.err, "execve(") == 1);
        run_result_free(&r);

        const char *bad[] = {ctl(), "run", "-e", "trace=openat,bogus", "--", "/bin/true", NULL};
        assert_int_equal(run_capture(bad, &r), 0);
        assert_int_equal(r.code, 2);
        assert_non_null(strstr(r.err, "'bogus' at column 14"));
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);
        assert_daemon_clean();
}

static void test_bad_input(void **state)
{
        struct run_result r;

        (void)state;
        const char *unknown[] = {ctl(), "run", "--bogus", "--", "/bin/true", NULL};
        assert_int_equal(run_capture(unknown, &r), 0);
        assert_int_equal(r.code, 2);
        assert_non_null(strstr(r.err, "--bogus"));
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);

        const char *nocmd[] = {ctl(), "run", NULL};
        assert_int_equal(run_capture(nocmd, &r), 0);
        assert_int_equal(r.code, 2);
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);

        const char *missing[] = {ctl(), "run", "--", "renacer-no-such-command", NULL};
        assert_int_equal(run_capture(missing, &r), 0);
        assert_int_equal(r.code, 127);
        assert_non_null(strstr(r.err, "renacer-no-such-command"));
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);

        const char *nopid[] = {ctl(), "trace", "--pid", "999999999", NULL};
        assert_int_equal(run_capture(nopid, &r), 0);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "no process with pid 999999999"));
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);

        /* a pid that exits right away: either "no process" or "exited while
         * attaching", never a session left behind */
        pid_t quick = fork();
        if (quick == 0)
                _exit(0);
        waitpid(quick, NULL, 0);
        char q[16];
        snprintf(q, sizeof(q), "%d", quick);
        const char *gone[] = {ctl(), "trace", "--pid", q, NULL};
        assert_int_equal(run_capture(gone, &r), 0);
        assert_int_equal(r.code, 1);
        run_result_free(&r);

        /* -o into a missing directory: error, no file */
        const char *badout[] = {ctl(), "run",       "-o", "/nonexistent-dir/x.txt",
                                "--",  "/bin/true", NULL};
        assert_int_equal(run_capture(badout, &r), 0);
        assert_int_equal(r.code, 1);
        run_result_free(&r);

        /* -o onto a device writes through it and never replaces it */
        const char *devnull[] = {ctl(), "run", "-c", "-o", "/dev/null", "--", "/bin/true", NULL};
        assert_int_equal(run_capture(devnull, &r), 0);
        assert_int_equal(r.code, 0);
        struct stat devst;
        assert_int_equal(stat("/dev/null", &devst), 0);
        assert_true(S_ISCHR(devst.st_mode));
        run_result_free(&r);

        /* the exit status of the command passes through */
        const char *st[] = {ctl(), "run", "-c", "--", "/bin/sh", "-c", "exit 7", NULL};
        assert_int_equal(run_capture(st, &r), 0);
        assert_int_equal(r.code, 7);
        run_result_free(&r);
        const char *sig[] = {ctl(), "run", "-c", "--", "/bin/sh", "-c", "kill -TERM $$", NULL};
        assert_int_equal(run_capture(sig, &r), 0);
        assert_int_equal(r.code, 128 + SIGTERM);
        run_result_free(&r);
        assert_daemon_clean();
}

/* Two sessions at once: every record lands in its own session. */
static void test_no_cross_attribution(void **state)
{
        char a_out[] = "/tmp/renacer-a-XXXXXX", b_out[] = "/tmp/renacer-b-XXXXXX";
        pid_t a, b;
        int st;

        (void)state;
        close(mkstemp(a_out));
        close(mkstemp(b_out));
        a = fork();
        if (a == 0) {
                execl(ctl(), ctl(), "run", "-f", "--format", "json", "-o", a_out, "--",
                      prog(0, "getppid-loop"), "20000", (char *)NULL);
                _exit(127);
        }
        b = fork();
        if (b == 0) {
                execl(ctl(), ctl(), "run", "-f", "--format", "json", "-o", b_out, "--",
                      prog(1, "threads-write"), "2000", (char *)NULL);
                _exit(127);
        }
        waitpid(a, &st, 0);
        assert_int_equal(WEXITSTATUS(st), 0);
        waitpid(b, &st, 0);
        assert_int_equal(WEXITSTATUS(st), 0);

        for (int k = 0; k < 2; k++) {
                const char *path = k ? b_out : a_out;
                FILE *f = fopen(path, "r");
                static char doc[1 << 24];
                size_t len = fread(doc, 1, sizeof(doc) - 1, f);
                doc[len] = '\0';
                fclose(f);
                unlink(path);
                struct json_object *o = json_tokener_parse(doc), *arr;
                assert_non_null(o);
                json_object_object_get_ex(o, "syscalls", &arr);
                size_t writes = 0, getppids = 0;
                int pid0 = -1;
                for (size_t i = 0; i < json_object_array_length(arr); i++) {
                        struct json_object *e = json_object_array_get_idx(arr, i), *v;
                        json_object_object_get_ex(e, "name", &v);
                        if (!strcmp(json_object_get_string(v), "write"))
                                writes++;
                        if (!strcmp(json_object_get_string(v), "getppid"))
                                getppids++;
                        json_object_object_get_ex(e, "pid", &v);
                        if (pid0 < 0)
                                pid0 = json_object_get_int(v);
                        assert_int_equal(json_object_get_int(v), pid0);
                }
                if (k == 0) {
                        assert_int_equal(getppids, 20000);
                        assert_int_equal(writes, 0);
                } else {
                        assert_int_equal(writes, 8000);
                        assert_int_equal(getppids, 0);
                }
                json_object_put(o);
        }
        assert_daemon_clean();
}

/* A client that disconnects ends its sessions and frees their pids. */
static void test_client_disconnect(void **state)
{
        FILE *sp;
        pid_t pid = start_spinner(&sp), c;
        char pidstr[16];

        (void)state;
        snprintf(pidstr, sizeof(pidstr), "%d", pid);
        c = fork();
        if (c == 0) {
                int devnull = open("/dev/null", 1);
                dup2(devnull, 2);
                execl(ctl(), ctl(), "trace", "--pid", pidstr, (char *)NULL);
                _exit(127);
        }
        nanosleep(&(struct timespec){0, 200000000}, NULL);
        struct json_object *stj = daemon_status(&daemon_), *v;
        json_object_object_get_ex(stj, "sessions_active", &v);
        assert_int_equal(json_object_get_int(v), 1);
        json_object_put(stj);
        kill(c, SIGKILL);
        waitpid(c, NULL, 0);
        nanosleep(&(struct timespec){0, 100000000}, NULL);
        assert_daemon_clean();
        kill(pid, SIGKILL);
        pclose(sp);
}

/* The daemon goes away mid-stream: a one-line error and a non-zero exit. */
static void test_daemon_dies_midstream(void **state)
{
        struct test_daemon d2;
        struct run_result r;
        pid_t killer;

        (void)state;
        assert_int_equal(daemon_start(&d2, NULL), 0);
        killer = fork();
        if (killer == 0) {
                nanosleep(&(struct timespec){0, 300000000}, NULL);
                kill(d2.pid, SIGTERM);
                _exit(0);
        }
        const char *argv[] = {ctl(), "run",     "--socket", d2.sock,   "-e", "trace=getppid",
                              "--",  "/bin/sh", "-c",       "sleep 1", NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_not_equal(r.code, 0);
        assert_non_null(strstr(r.err, "renacerd shut down"));
        run_result_free(&r);
        waitpid(killer, NULL, 0);
        assert_int_equal(daemon_stop(&d2), 0);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

/* A storm that overflows a deliberately small ring: stream events are lost
 * and said to be, the -c counts stay exact, and the daemon recovers. */
static void test_storm_overflow(void **state)
{
        const char *const extra[] = {"--ring-size", "64K", NULL};
        struct test_daemon d2;
        struct run_result r;
        char outp[] = "/tmp/renacer-storm-XXXXXX";

        (void)state;
        close(mkstemp(outp));
        assert_int_equal(daemon_start(&d2, extra), 0);
        const char *argv[] = {
            ctl(),     "run", "--socket", d2.sock, "-C", "-o", outp, "--", prog(0, "getppid-loop"),
            "2000000", NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.err, "events lost (ring buffer full); summary counts are exact"));
        /* the kernel's drops, plus any the daemon dropped for a slow reader */
        unsigned long long lost = 0;
        for (const char *p = r.err; (p = strstr(p, "renacer: ")); p += 9)
                lost += strtoull(p + 9, NULL, 10);
        assert_true(lost > 0);
        run_result_free(&r);

        FILE *f = fopen(outp, "r");
        char *line = NULL, tailbuf[8192] = "";
        size_t cap = 0, shown = 0;
        bool in_summary = false;
        /* count streamed getppid lines; keep the summary table at the end */
        while (getline(&line, &cap, f) > 0) {
                if (!strncmp(line, "getppid()", 9))
                        shown++;
                if (!strncmp(line, "% time", 6))
                        in_summary = true;
                if (in_summary && strlen(tailbuf) + strlen(line) < sizeof(tailbuf))
                        strcat(tailbuf, line);
        }
        free(line);
        fclose(f);
        unlink(outp);
        char *tail = strdup(tailbuf);
        assert_true(in_summary);
        assert_int_equal(summary_calls(strstr(tail, "% time"), "getppid"), 2000000);
        /* what was shown plus what was lost is what the program did (lost
         * also counts the lines the loop's other syscalls would have had) */
        assert_true(shown < 2000000);
        assert_true(shown + lost >= 2000000);
        free(tail);

        /* the status reports the drops, and the daemon still serves */
        struct json_object *st = daemon_status(&d2), *v;
        assert_non_null(st);
        assert_true(json_object_object_get_ex(st, "events_lost", &v));
        assert_true(json_object_get_int64(v) > 0);
        json_object_put(st);
        const char *again[] = {
            ctl(), "run", "--socket", d2.sock, "-e", "trace=getppid", "--", prog(0, "getppid-loop"),
            "100", NULL};
        assert_int_equal(run_capture(again, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(count_lines_with(r.err, "getppid()"), 100);
        assert_null(strstr(r.err, "events lost"));
        run_result_free(&r);

        /* JSON carries the loss too */
        const char *json[] = {ctl(),      "run",  "--socket", d2.sock,
                              "--format", "json", "--",       prog(0, "getppid-loop"),
                              "500000",   NULL};
        assert_int_equal(run_capture(json, &r), 0);
        struct json_object *doc = json_tokener_parse(r.err), *sum;
        if (!doc) {
                /* the stderr line about loss follows the document */
                char *nl = strstr(r.err, "\nrenacer: ");
                if (nl)
                        nl[1] = '\0';
                doc = json_tokener_parse(r.err);
        }
        assert_non_null(doc);
        assert_true(json_object_object_get_ex(doc, "summary", &sum));
        assert_true(json_object_object_get_ex(sum, "events_lost", &v));
        assert_true(json_object_get_int64(v) > 0);
        json_object_put(doc);
        run_result_free(&r);
        assert_int_equal(daemon_stop(&d2), 0);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

static int raw_connect(const char *path)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        assert_true(strlen(path) < sizeof(sa.sun_path));
        memcpy(sa.sun_path, path, strlen(path) + 1);
        assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
        return fd;
}

static void raw_send(int fd, const char *json)
{
        uint32_t len = (uint32_t)strlen(json);
        uint8_t hdr[8] = {len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, len >> 24, 'J', 0, 0,
                          0};

        assert_int_equal(write(fd, hdr, 8), 8);
        assert_int_equal(write(fd, json, len), (ssize_t)len);
}

/* A subscriber that stops reading: its session turns lossy, and neither the
 * daemon nor another client waits for it. */
static void test_slow_client(void **state)
{
        char cmd[600], req[256];
        pid_t flood;
        int fd;

        (void)state;
        snprintf(cmd, sizeof(cmd), "sleep 0.5; exec %s 3000000", prog(0, "getppid-loop"));
        flood = fork();
        if (flood == 0) {
                execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
                _exit(127);
        }
        fd = raw_connect(daemon_.sock);
        snprintf(req, sizeof(req),
                 "{\"op\":\"session.create\",\"id\":1,\"pid\":%d,\"subscribe\":true}", (int)flood);
        raw_send(fd, req);
        /* ... and never read again */

        /* meanwhile another client is served, exactly */
        const char *argv[] = {ctl(), "run", "-c", "--", prog(1, "getppid-loop"), "100", NULL};
        struct run_result r;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(summary_calls(r.err, "getppid"), 100);
        run_result_free(&r);

        int status;
        assert_int_equal(waitpid(flood, &status, 0), flood);
        usleep(300000);
        /* the stalled subscriber's session ended; its drops were counted */
        const char *list[] = {ctl(), "status", "--json", NULL};
        assert_int_equal(run_capture(list, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        close(fd);
        usleep(200000);
        assert_daemon_clean();
        /* the daemon's log says how many the slow client lost */
        FILE *f = fopen(daemon_.log, "r");
        char line[512];
        unsigned long long undelivered = 0;
        while (f && fgets(line, sizeof(line), f)) {
                char *p = strstr(line, "in the kernel, ");
                if (p && strstr(line, "exited after"))
                        undelivered = strtoull(p + 15, NULL, 10) > undelivered
                                          ? strtoull(p + 15, NULL, 10)
                                          : undelivered;
        }
        if (f)
                fclose(f);
        assert_true(undelivered > 0);
}

/* No daemon on the socket: root traces in-process with the same engine. */
static void test_in_process(void **state)
{
        const char *argv[] = {ctl(),
                              "run",
                              "--socket",
                              "/nonexistent/renacerd.sock",
                              "-c",
                              "--",
                              prog(0, "getppid-loop"),
                              "321",
                              NULL};
        struct run_result r;

        (void)state;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.err, "tracing in-process"));
        assert_int_equal(summary_calls(r.err, "getppid"), 321);
        run_result_free(&r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_getppid_1000),
            cmocka_unit_test(test_openat_three),
            cmocka_unit_test(test_fork_exec_wait),
            cmocka_unit_test(test_threads_write),
            cmocka_unit_test(test_fork_tree),
            cmocka_unit_test(test_trace_pid),
            cmocka_unit_test(test_trace_pid_until_exit),
            cmocka_unit_test(test_filters),
            cmocka_unit_test(test_bad_input),
            cmocka_unit_test(test_no_cross_attribution),
            cmocka_unit_test(test_client_disconnect),
            cmocka_unit_test(test_daemon_dies_midstream),
            cmocka_unit_test(test_storm_overflow),
            cmocka_unit_test(test_slow_client),
            cmocka_unit_test(test_in_process),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("integration-tracing", tests, group_setup,
                                           group_teardown);
}
