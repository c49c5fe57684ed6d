// SPDX-License-Identifier: MIT
/*
 * Live output: a completed call's line reaches its destination while the
 * traced program is still quiet, for stderr (through renacerd and
 * in-process), `-o FILE`, JSON lines and `trace --pid`; a SIGKILLed
 * renacerctl leaves the trace so far in `-o FILE` and nothing beside it.
 * The traced program waits on its stdin, which the test holds open until
 * it has read the line: no assertion depends on how long anything takes
 * (30 s is only a guard against hanging).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define GUARD_MS 30000

static struct test_daemon daemon_;
static char prog_path[512];
static char tmpdir[64];

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static int group_setup(void **state)
{
        (void)state;
        harness_prog("marker-wait", prog_path, sizeof(prog_path));
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/renacer-live-XXXXXX");
        if (!mkdtemp(tmpdir))
                return -1;
        if (daemon_start(&daemon_, NULL) < 0) {
                fprintf(stderr, "cannot start renacerd\n");
                return -1;
        }
        return 0;
}

static int group_teardown(void **state)
{
        char cmd[128];

        (void)state;
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
                return -1;
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

struct proc {
        pid_t pid;
        int in;  /* its stdin (write end) */
        int err; /* its stderr (read end), or -1 */
};

/* Start argv with stdin and (if want_err) stderr on pipes, stdout on
 * /dev/null. */
static void start(const char *const *argv, bool want_err, struct proc *p)
{
        int in[2], err[2] = {-1, -1};

        assert_int_equal(pipe2(in, O_CLOEXEC), 0);
        if (want_err)
                assert_int_equal(pipe2(err, O_CLOEXEC), 0);
        p->pid = fork();
        assert_true(p->pid >= 0);
        if (p->pid == 0) {
                int null = open("/dev/null", O_WRONLY);
                dup2(in[0], 0);
                dup2(null, 1);
                if (want_err)
                        dup2(err[1], 2);
                execv(argv[0], (char *const *)argv);
                _exit(127);
        }
        harness_child_add(p->pid);
        close(in[0]);
        p->in = in[1];
        if (want_err)
                close(err[1]);
        p->err = err[0];
}

static int finish(struct proc *p)
{
        int st;

        if (p->in >= 0)
                close(p->in);
        p->in = -1;
        while (waitpid(p->pid, &st, 0) < 0 && errno == EINTR)
                ;
        harness_child_forget(p->pid);
        if (p->err >= 0)
                close(p->err);
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Read from fd into buf (appending) until it holds needle; false at EOF
 * or after the guard. */
static bool read_until(int fd, char *buf, size_t cap, size_t *len, const char *needle)
{
        for (int waited = 0; waited < GUARD_MS && !strstr(buf, needle);) {
                struct pollfd pf = {.fd = fd, .events = POLLIN};
                int n = poll(&pf, 1, 100);
                if (n == 0) {
                        waited += 100;
                        continue;
                }
                ssize_t got = read(fd, buf + *len, cap - 1 - *len);
                if (got <= 0)
                        return false;
                *len += (size_t)got;
                buf[*len] = '\0';
        }
        return strstr(buf, needle) != NULL;
}

/* The traced program named in the marker line is alive and waiting. */
static void assert_waiting(const char *text)
{
        const char *m = strstr(text, "marker ");
        char path[64], stat[256];

        assert_non_null(m);
        int pid = atoi(m + 7);
        assert_true(pid > 0);
        snprintf(path, sizeof(path), "/proc/%d/stat", pid);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        assert_non_null(fgets(stat, sizeof(stat), f));
        fclose(f);
        const char *state = strrchr(stat, ')');
        assert_non_null(state);
        /* sleeping in poll/read, not a zombie */
        assert_int_equal(state[2], 'S');
}

static void live_to_stderr(const char *socket, const char *format)
{
        const char *argv[] = {ctl(),      "run",  "--socket", socket,    "-e", "write",
                              "--format", format, "--",       prog_path, NULL};
        char buf[65536] = "";
        size_t len = 0;
        struct proc p;

        start(argv, true, &p);
        assert_true(read_until(p.err, buf, sizeof(buf), &len, "marker "));
        /* the line is whole, and nothing after it exists yet */
        assert_true(read_until(p.err, buf, sizeof(buf), &len, "\n"));
        assert_null(strstr(buf, "exited"));
        assert_waiting(buf);
        close(p.in);
        p.in = -1;
        read_until(p.err, buf, sizeof(buf), &len, "\x01"); /* to EOF */
        assert_int_equal(finish(&p), 0);
        if (!strcmp(format, "text"))
                assert_non_null(strstr(buf, "+++ exited with 0 +++"));
        else
                assert_non_null(strstr(buf, "{\"type\":\"summary\""));
}

static void test_stderr_via_daemon(void **state)
{
        (void)state;
        live_to_stderr(daemon_.sock, "text");
}

static void test_stderr_in_process(void **state)
{
        char sock[128];

        (void)state;
        snprintf(sock, sizeof(sock), "%s/no-daemon.sock", tmpdir);
        live_to_stderr(sock, "text");
}

static void test_jsonl(void **state)
{
        (void)state;
        live_to_stderr(daemon_.sock, "jsonl");
}

static size_t slurp(const char *path, char *buf, size_t cap)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        ssize_t n = fd >= 0 ? read(fd, buf, cap - 1) : -1;

        if (fd >= 0)
                close(fd);
        buf[n > 0 ? n : 0] = '\0';
        return n > 0 ? (size_t)n : 0;
}

/* Poll FILE until it holds needle (tail -f's view). */
static bool file_until(const char *path, char *buf, size_t cap, const char *needle)
{
        for (int waited = 0; waited < GUARD_MS; waited += 20) {
                slurp(path, buf, cap);
                if (strstr(buf, needle))
                        return true;
                nanosleep(&(struct timespec){0, 20000000}, NULL);
        }
        return false;
}

static void test_output_file(void **state)
{
        char path[128], buf[65536];
        const char *argv[] = {ctl(), "run", "-e", "write", "-o", path, "--", prog_path, NULL};
        struct proc p;

        (void)state;
        snprintf(path, sizeof(path), "%s/trace.txt", tmpdir);
        start(argv, false, &p);
        assert_true(file_until(path, buf, sizeof(buf), "marker "));
        assert_true(file_until(path, buf, sizeof(buf), "= "));
        assert_null(strstr(buf, "exited"));
        assert_waiting(buf);
        assert_int_equal(finish(&p), 0);
        slurp(path, buf, sizeof(buf));
        assert_non_null(strstr(buf, "+++ exited with 0 +++"));
}

/* A killed renacerctl leaves the trace so far, and no temporary file. */
static void test_output_file_killed(void **state)
{
        char path[128], buf[65536];
        const char *argv[] = {ctl(), "run", "-e", "write", "-o", path, "--", prog_path, NULL};
        struct proc p;

        (void)state;
        snprintf(path, sizeof(path), "%s/killed.txt", tmpdir);
        start(argv, false, &p);
        assert_true(file_until(path, buf, sizeof(buf), "marker "));
        kill(p.pid, SIGKILL);
        assert_int_equal(finish(&p), 128 + SIGKILL);
        slurp(path, buf, sizeof(buf));
        assert_non_null(strstr(buf, "write(1, \"marker "));
        DIR *d = opendir(tmpdir);
        assert_non_null(d);
        for (struct dirent *de; (de = readdir(d));)
                assert_null(strstr(de->d_name, "killed.txt."));
        closedir(d);
}

static void test_trace_pid(void **state)
{
        const char *prog[] = {prog_path, "--loop", NULL};
        char pidarg[16], buf[65536] = "";
        const char *argv[] = {ctl(), "trace", "--pid", pidarg, "-e", "write", NULL};
        struct proc target, tracer;
        size_t len = 0;

        (void)state;
        start(prog, false, &target);
        snprintf(pidarg, sizeof(pidarg), "%d", (int)target.pid);
        start(argv, true, &tracer);
        /* one marker per byte until one shows in the trace: the first ones
         * may come before the session exists */
        bool seen = false;
        for (int i = 0; i < GUARD_MS / 100 && !seen; i++) {
                assert_int_equal(write(target.in, "x", 1), 1);
                struct pollfd pf = {.fd = tracer.err, .events = POLLIN};
                if (poll(&pf, 1, 100) > 0) {
                        ssize_t n = read(tracer.err, buf + len, sizeof(buf) - 1 - len);
                        assert_true(n > 0);
                        len += (size_t)n;
                        buf[len] = '\0';
                        seen = strstr(buf, "marker ") != NULL;
                }
        }
        assert_true(seen);
        assert_waiting(buf);
        kill(tracer.pid, SIGINT);
        assert_int_equal(finish(&tracer), 0);
        assert_int_equal(finish(&target), 0);
}

/* -o is created as strace creates it: 0666 less the umask. */
static void test_output_mode(void **state)
{
        char path[128];
        const char *argv[] = {ctl(), "run", "-o", path, "--", "/bin/true", NULL};
        struct run_result r;
        struct stat st;

        (void)state;
        snprintf(path, sizeof(path), "%s/mode.txt", tmpdir);
        mode_t old = umask(027);
        assert_int_equal(run_capture(argv, &r), 0);
        umask(old);
        assert_int_equal(r.code, 0);
        assert_int_equal(stat(path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0640);
        run_result_free(&r);
}

/* A link another user planted where the trace goes is not followed. */
static void test_output_foreign_link(void **state)
{
        char path[128], target[128];
        const char *argv[] = {ctl(), "run", "-o", path, "--", "/bin/true", NULL};
        struct run_result r;
        struct stat st;

        (void)state;
        snprintf(path, sizeof(path), "%s/planted", tmpdir);
        snprintf(target, sizeof(target), "%s/victim", tmpdir);
        assert_int_equal(symlink(target, path), 0);
        assert_int_equal(lchown(path, 65534, 65534), 0);
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "symbolic link owned by another user"));
        assert_int_equal(count_substr(r.err, "\n"), 1);
        assert_int_equal(stat(target, &st), -1);
        run_result_free(&r);
        /* one of the caller's own is followed, as strace does */
        assert_int_equal(lchown(path, 0, 0), 0);
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(stat(target, &st), 0);
        assert_true(st.st_size > 0);
        run_result_free(&r);
}

/* A full disk and a closed pipe read as what they are. */
static void test_write_errors(void **state)
{
        const char *full[] = {ctl(), "run", "-o", "/dev/full", "--", "/bin/true", NULL};
        struct run_result r;

        (void)state;
        assert_int_equal(run_capture(full, &r), 0);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "/dev/full: No space left on device"));
        assert_null(strstr(r.err, "Input/output error"));
        run_result_free(&r);

        /* the trace on a pipe whose reader is gone */
        int pfd[2];
        char fdpath[64];
        assert_int_equal(pipe(pfd), 0);
        close(pfd[0]);
        snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", pfd[1]);
        char link[64];
        snprintf(link, sizeof(link), "/dev/fd/%d", pfd[1]);
        const char *piped[] = {ctl(), "run", "-o", link, "--", "/bin/true", NULL};
        /* the child inherits pfd[1] (no O_CLOEXEC) */
        assert_int_equal(run_capture(piped, &r), 0);
        close(pfd[1]);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "the reader closed the pipe"));
        run_result_free(&r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_stderr_via_daemon),
            cmocka_unit_test(test_stderr_in_process),
            cmocka_unit_test(test_jsonl),
            cmocka_unit_test(test_output_file),
            cmocka_unit_test(test_output_file_killed),
            cmocka_unit_test(test_trace_pid),
            cmocka_unit_test(test_output_mode),
            cmocka_unit_test(test_output_foreign_link),
            cmocka_unit_test(test_write_errors),
        };

        harness_require_root_btf();
        signal(SIGPIPE, SIG_IGN);
        return cmocka_run_group_tests_name("integration-live", tests, group_setup, group_teardown);
}
