// SPDX-License-Identifier: MIT
/*
 * Attacks on the kernel side and the session model, against a real renacerd
 * and real BPF, as a real unprivileged user where the attack needs one:
 *
 * - privilege: a non-root user's session must never see what a process
 *   reads after it gained privilege (setuid-root exec, directly, in a -f
 *   child, after trace --pid; prctl(PR_SET_DUMPABLE, 0)); root's session
 *   still sees it; the trace says so in one line and goes on.
 *
 * The test (root) creates the user rntest_trustk (kept if it exists), a
 * private directory with a setuid-root copy of read-secret and a 0600 root
 * file, and opens the daemon's socket to everyone (access control is per
 * request, by SO_PEERCRED). Needs root and BTF; exits 77 otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <json-c/json.h>
#include <poll.h>
#include <pwd.h>
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

#define USER_NAME "rntest_trustk"

static struct test_daemon daemon_;
static uid_t user_uid;
static gid_t user_gid;
static char uidopt[32], gidopt[32];
static char dir[] = "/tmp/renacer-attk-XXXXXX";
static char suid_prog[128], plain_prog[128], secret_path[128], user_file[128];
static char secret[64], user_secret[64];
static char secret_read[32], user_read[32]; /* "read N bytes" as the program says */

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static void sleep_ms(long ms)
{
        nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

static int write_file(const char *path, const char *text, mode_t mode)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

        if (fd < 0)
                return -1;
        ssize_t n = write(fd, text, strlen(text));
        close(fd);
        return n == (ssize_t)strlen(text) && chmod(path, mode) == 0 ? 0 : -1;
}

static int copy_file(const char *from, const char *to, mode_t mode)
{
        char buf[65536];
        int in = open(from, O_RDONLY | O_CLOEXEC), out;
        ssize_t n;

        if (in < 0)
                return -1;
        out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0700);
        if (out < 0) {
                close(in);
                return -1;
        }
        while ((n = read(in, buf, sizeof(buf))) > 0)
                if (write(out, buf, (size_t)n) != n)
                        break;
        close(in);
        close(out);
        /* chmod after the last write: writing clears the set-user-ID bit */
        return chown(to, 0, 0) == 0 && chmod(to, mode) == 0 ? 0 : -1;
}

/* Run renacerctl ARGS... as the test user (real and effective ids, no
 * groups, no capabilities), captured. */
static void run_as_user(struct run_result *r, ...)
{
        const char *argv[40];
        int n = 0;
        va_list ap;

        argv[n++] = "/usr/bin/setpriv";
        argv[n++] = uidopt;
        argv[n++] = gidopt;
        argv[n++] = "--clear-groups";
        argv[n++] = "--";
        argv[n++] = ctl();
        va_start(ap, r);
        for (const char *a; n < 39 && (a = va_arg(ap, const char *));)
                argv[n++] = a;
        va_end(ap);
        argv[n] = NULL;
        assert_int_equal(run_capture(argv, r), 0);
}

static long sessions_active(void)
{
        struct json_object *st = daemon_status(&daemon_), *v;
        long n = -1;

        if (st && json_object_object_get_ex(st, "sessions_active", &v))
                n = (long)json_object_get_int64(v);
        json_object_put(st);
        return n;
}

static void wait_sessions(long want)
{
        for (int i = 0; i < 500 && sessions_active() != want; i++)
                sleep_ms(10);
        assert_int_equal(sessions_active(), want);
}

/* A non-root session runs a setuid-root program that reads a root-only
 * file: the content never appears, the trace says the process left, and
 * the command still runs to its end with its own exit status. */
static void test_setuid_exec_hidden(void **state)
{
        struct run_result r;

        (void)state;
        run_as_user(&r, "run", "-s", "1024", "-e", "trace=openat,read,execve", "--", suid_prog,
                    secret_path, NULL);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, secret_read));
        assert_null(strstr(r.err, secret));
        assert_null(strstr(r.err, secret_path)); /* not even the openat of it */
        assert_int_equal(count_lines_with(r.err, "gained privilege (setuid exec of "), 1);
        assert_non_null(strstr(r.err, "no longer traced +++"));
        /* nothing of the privileged image: no execve result line either */
        assert_int_equal(count_lines_with(r.err, "execve("), 0);
        run_result_free(&r);

        /* root's session is not bound by the boundary */
        const char *argv[] = {ctl(), "run",     "-s",        "1024", "-e", "trace=openat,read",
                              "--",  suid_prog, secret_path, NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.err, secret));
        assert_int_equal(count_lines_with(r.err, "gained privilege"), 0);
        run_result_free(&r);
        wait_sessions(0);
}

/* The system's own setuid program: passwd -S reads /etc/shadow. */
static void test_passwd_hidden(void **state)
{
        struct run_result r;

        (void)state;
        run_as_user(&r, "run", "-s", "1024", "-e", "trace=openat,read", "--", "/usr/bin/passwd",
                    "-S", USER_NAME, NULL);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, USER_NAME));
        assert_null(strstr(r.err, "/etc/shadow"));
        assert_int_equal(count_lines_with(r.err, "read("), 0);
        assert_int_equal(
            count_lines_with(r.err, "gained privilege (setuid exec of /usr/bin/passwd"), 1);
        run_result_free(&r);

        const char *argv[] = {ctl(), "run",     "-e", "trace=openat", "--", "/usr/bin/passwd",
                              "-S",  USER_NAME, NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_non_null(strstr(r.err, "/etc/shadow"));
        run_result_free(&r);
        wait_sessions(0);
}

/* A followed child execs the setuid program: it leaves, its parent and
 * later siblings stay traced, and the session ends normally. */
static void test_follow_child_hidden(void **state)
{
        char script[512];
        struct run_result r;

        (void)state;
        snprintf(script, sizeof(script), "%s %s; echo after-the-child", suid_prog, secret_path);
        run_as_user(&r, "run", "-f", "-s", "1024", "-e", "trace=openat,read,write", "--", "/bin/sh",
                    "-c", script, NULL);
        assert_int_equal(r.code, 0);
        assert_null(strstr(r.err, secret));
        assert_null(strstr(r.err, secret_path));
        assert_int_equal(count_lines_with(r.err, "gained privilege (setuid exec of "), 1);
        assert_int_equal(count_lines_with(r.err, "write(1, \"after-the-child\\n\""), 1);
        assert_int_equal(count_lines_with(r.err, "+++ exited with 0 +++"), 1);
        run_result_free(&r);
        wait_sessions(0);
}

/* trace --pid of one's own shell, which then execs the setuid program. */
static void test_trace_pid_then_setuid(void **state)
{
        char script[512], outp[] = "/tmp/renacer-attk-out-XXXXXX";
        int in[2], ofd;
        pid_t sh, tr;
        int status;

        (void)state;
        snprintf(script, sizeof(script), "read line; exec %s %s", suid_prog, secret_path);
        assert_int_equal(pipe2(in, O_CLOEXEC), 0);
        sh = fork();
        assert_true(sh >= 0);
        if (sh == 0) {
                dup2(in[0], 0);
                int null = open("/dev/null", O_WRONLY);
                dup2(null, 1);
                if (setgroups(0, NULL) < 0 || setgid(user_gid) < 0 || setuid(user_uid) < 0)
                        _exit(126);
                execl("/bin/sh", "sh", "-c", script, (char *)NULL);
                _exit(127);
        }
        close(in[0]);
        harness_child_add(sh);

        ofd = mkostemp(outp, O_CLOEXEC);
        assert_true(ofd >= 0);
        char pidarg[16];
        snprintf(pidarg, sizeof(pidarg), "%d", (int)sh);
        tr = fork();
        assert_true(tr >= 0);
        if (tr == 0) {
                dup2(ofd, 1);
                dup2(ofd, 2);
                execl("/usr/bin/setpriv", "setpriv", uidopt, gidopt, "--clear-groups", "--", ctl(),
                      "trace", "-s", "1024", "-e", "trace=openat,read,execve", "-p", pidarg,
                      (char *)NULL);
                _exit(127);
        }
        close(ofd);
        harness_child_add(tr);
        wait_sessions(1);
        assert_int_equal(write(in[1], "go\n", 3), 3);
        close(in[1]);
        while (waitpid(sh, &status, 0) < 0 && errno == EINTR)
                ;
        harness_child_forget(sh);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        /* the session ends by itself: its only process left it */
        for (int i = 0; i < 500 && waitpid(tr, &status, WNOHANG) == 0; i++)
                sleep_ms(10);
        harness_child_reap(tr);
        FILE *f = fopen(outp, "re");
        assert_non_null(f);
        char text[65536];
        size_t n = fread(text, 1, sizeof(text) - 1, f);
        text[n] = '\0';
        fclose(f);
        unlink(outp);
        assert_null(strstr(text, secret));
        assert_null(strstr(text, secret_path));
        assert_int_equal(count_lines_with(text, "gained privilege (setuid exec of "), 1);
        wait_sessions(0);
}

/* A process that makes itself non-dumpable (as ssh-agent does) hides what
 * it reads next even from its own user's session. */
static void test_nodump_hidden(void **state)
{
        struct run_result r;

        (void)state;
        run_as_user(&r, "run", "-s", "1024", "-e", "trace=prctl,openat,read", "--", plain_prog,
                    "--nodump", user_file, NULL);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, user_read));
        assert_null(strstr(r.err, user_secret));
        assert_null(strstr(r.err, user_file));
        assert_int_equal(count_lines_with(r.err, "became non-dumpable; no longer traced +++"), 1);
        run_result_free(&r);

        /* the same program without --nodump: its own user sees everything */
        run_as_user(&r, "run", "-s", "1024", "-e", "trace=openat,read", "--", plain_prog, user_file,
                    NULL);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.err, user_secret));
        assert_int_equal(count_lines_with(r.err, "no longer traced"), 0);
        run_result_free(&r);
        wait_sessions(0);
}

static int group_setup(void **state)
{
        char prog[512], tag[16];
        struct passwd *pw;
        unsigned rnd = 0;

        (void)state;
        pw = getpwnam(USER_NAME);
        if (!pw) {
                const char *argv[] = {"/usr/sbin/useradd",
                                      "--system",
                                      "--no-create-home",
                                      "--shell",
                                      "/usr/sbin/nologin",
                                      USER_NAME,
                                      NULL};
                struct run_result r;
                /* another run may create it meanwhile: tolerate that */
                if (run_capture(argv, &r) == 0)
                        run_result_free(&r);
                pw = getpwnam(USER_NAME);
        }
        if (!pw) {
                fprintf(stderr, "cannot create user %s\n", USER_NAME);
                return -1;
        }
        user_uid = pw->pw_uid;
        user_gid = pw->pw_gid;
        snprintf(uidopt, sizeof(uidopt), "--reuid=%u", (unsigned)user_uid);
        snprintf(gidopt, sizeof(gidopt), "--regid=%u", (unsigned)user_gid);

        int rfd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (rfd < 0 || read(rfd, &rnd, sizeof(rnd)) != sizeof(rnd))
                rnd = (unsigned)getpid();
        if (rfd >= 0)
                close(rfd);
        snprintf(tag, sizeof(tag), "%08x", rnd);
        snprintf(secret, sizeof(secret), "ROOTONLY-%s", tag);
        snprintf(user_secret, sizeof(user_secret), "USERSECRET-%s", tag);
        snprintf(secret_read, sizeof(secret_read), "read %zu bytes", strlen(secret) + 1);
        snprintf(user_read, sizeof(user_read), "read %zu bytes", strlen(user_secret) + 1);

        if (!mkdtemp(dir) || chmod(dir, 0755) < 0)
                return -1;
        snprintf(suid_prog, sizeof(suid_prog), "%s/read-secret-suid", dir);
        snprintf(plain_prog, sizeof(plain_prog), "%s/read-secret", dir);
        snprintf(secret_path, sizeof(secret_path), "%s/secret", dir);
        snprintf(user_file, sizeof(user_file), "%s/user-file", dir);
        harness_prog("read-secret", prog, sizeof(prog));
        char line[80];
        snprintf(line, sizeof(line), "%s\n", secret);
        if (copy_file(prog, suid_prog, 04755) < 0 || copy_file(prog, plain_prog, 0755) < 0 ||
            write_file(secret_path, line, 0600) < 0)
                return -1;
        snprintf(line, sizeof(line), "%s\n", user_secret);
        if (write_file(user_file, line, 0600) < 0 || chown(user_file, user_uid, user_gid) < 0)
                return -1;

        if (daemon_start(&daemon_, NULL) < 0) {
                fprintf(stderr, "cannot start renacerd\n");
                return -1;
        }
        /* reachable by the test user whatever groups exist here */
        if (chmod(daemon_.dir, 0755) < 0 || chmod(daemon_.sock, 0666) < 0)
                return -1;
        return 0;
}

static int group_teardown(void **state)
{
        (void)state;
        harness_children_reap_all();
        int code = daemon_.pid > 0 ? daemon_stop(&daemon_) : 0;
        unlink(suid_prog);
        unlink(plain_prog);
        unlink(secret_path);
        unlink(user_file);
        rmdir(dir);
        return code == 0 ? 0 : -1;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_setuid_exec_hidden),
            cmocka_unit_test(test_passwd_hidden),
            cmocka_unit_test(test_follow_child_hidden),
            cmocka_unit_test(test_trace_pid_then_setuid),
            cmocka_unit_test(test_nodump_hidden),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("integration-attacks-kernel", tests, group_setup,
                                           group_teardown);
}
