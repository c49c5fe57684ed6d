// SPDX-License-Identifier: MIT
/*
 * Attacks on the kernel side and the session model, against a real renacerd
 * and real BPF, as a real unprivileged user where the attack needs one:
 *
 * - privilege: a non-root user's session must never see what a process
 *   reads after it gained privilege (setuid-root exec, directly, in a -f
 *   child, after trace --pid; prctl(PR_SET_DUMPABLE, 0)); root's session
 *   still sees it; the trace says so in one line and goes on.
 * - one session per process: a daemon-wide policy on the shell must not
 *   lock its user out of `renacerctl run`; several sessions on one process
 *   each get exact counts; the fifth is refused with a clear line.
 * - policy evasion: an `exe` glob matches the file the kernel executed, so
 *   a relative path, a symlink to the binary and a symlinked directory
 *   (across a mount, when /dev/shm is one) all match.
 * - lost exits: a 1000-child fork storm beside a syscall flood on the
 *   default ring shows all 1001 exits; on a 4 KiB ring any lifecycle record
 *   lost is counted and the user told.
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
        for (int i = 0; i < 1000 && sessions_active() != want; i++)
                sleep_ms(10);
        assert_int_equal(sessions_active(), want);
}

/* renacerctl ARGS... in the background (as root, or as the test user when
 * as_user), stdout and stderr to a new file whose path goes to outp. */
static pid_t ctl_background(bool as_user, char *outp, size_t outlen, ...)
{
        const char *argv[40];
        int n = 0, fd;
        va_list ap;

        snprintf(outp, outlen, "/tmp/renacer-attk-out-XXXXXX");
        fd = mkostemp(outp, O_CLOEXEC);
        assert_true(fd >= 0);
        if (as_user) {
                argv[n++] = "/usr/bin/setpriv";
                argv[n++] = uidopt;
                argv[n++] = gidopt;
                argv[n++] = "--clear-groups";
                argv[n++] = "--";
        }
        argv[n++] = ctl();
        va_start(ap, outlen);
        for (const char *a; n < 39 && (a = va_arg(ap, const char *));)
                argv[n++] = a;
        va_end(ap);
        argv[n] = NULL;
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                dup2(fd, 1);
                dup2(fd, 2);
                execv(argv[0], (char *const *)argv);
                _exit(127);
        }
        close(fd);
        harness_child_add(pid);
        return pid;
}

/* Wait (bounded: 60 s) for a background child; its exit code, -1 if it
 * hung. */
static int wait_child(pid_t pid)
{
        int status;

        for (int i = 0; i < 6000; i++) {
                pid_t r = waitpid(pid, &status, WNOHANG);
                if (r == pid) {
                        harness_child_forget(pid);
                        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                }
                sleep_ms(10);
        }
        harness_child_reap(pid);
        return -1;
}

static char *slurp_keep(const char *path);

static char *slurp_unlink(const char *path)
{
        char *buf = slurp_keep(path);

        unlink(path);
        return buf;
}

/* The whole file, NUL-terminated (traces of fork storms run to megabytes). */
static char *slurp_keep(const char *path)
{
        FILE *f = fopen(path, "re");
        size_t cap = 1 << 16, n = 0, k;
        char *buf = malloc(cap);

        assert_non_null(f);
        assert_non_null(buf);
        while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
                n += k;
                if (cap - n - 1 == 0) {
                        buf = realloc(buf, cap *= 2);
                        assert_non_null(buf);
                }
        }
        buf[n] = '\0';
        fclose(f);
        return buf;
}

/* A process that waits for a byte on the pipe it returns, then execs
 * ARGV (as the test user when as_user). It waits in a shell that is
 * already exec'd: a process that changed its uid without an exec is not
 * dumpable, and its own user's session could not see it (as ptrace). */
static pid_t held_process(bool as_user, int *release_fd, const char *const *argv)
{
        const char *sh[16] = {"/bin/sh", "-c", "read x; exec \"$0\" \"$@\""};
        int p[2], n = 3;

        for (int i = 0; argv[i] && n < 15; i++)
                sh[n++] = argv[i];
        sh[n] = NULL;
        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                int null = open("/dev/null", O_WRONLY);
                dup2(p[0], 0);
                dup2(null, 1);
                if (as_user &&
                    (setgroups(0, NULL) < 0 || setgid(user_gid) < 0 || setuid(user_uid) < 0))
                        _exit(126);
                execv(sh[0], (char *const *)sh);
                _exit(127);
        }
        close(p[0]);
        harness_child_add(pid);
        *release_fd = p[1];
        /* attach only once the shell waits: its start-up is not counted */
        char stat[64], buf[512];
        snprintf(stat, sizeof(stat), "/proc/%d/wchan", (int)pid);
        for (int i = 0; i < 500; i++) {
                int fd = open(stat, O_RDONLY | O_CLOEXEC);
                ssize_t k = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
                if (fd >= 0)
                        close(fd);
                buf[k > 0 ? k : 0] = '\0';
                if (strstr(buf, "pipe_read") || strstr(buf, "wait"))
                        break;
                sleep_ms(5);
        }
        return pid;
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

static size_t log_lines_soon(const struct test_daemon *d, const char *needle, size_t want);

/* A daemon with the policy directory pdir (written by the caller). */
static void policy_daemon(struct test_daemon *d, const char *pdir, char *cfg, size_t cfglen)
{
        snprintf(cfg, cfglen, "%s.renacerd.yaml", pdir);
        FILE *f = fopen(cfg, "w");
        assert_non_null(f);
        fprintf(f, "policy_dir: %s\n", pdir);
        fclose(f);
        const char *const extra[] = {"--config", cfg, NULL};
        assert_int_equal(daemon_start(d, extra), 0);
        /* the socket answers before the policies are in force */
        assert_int_equal(log_lines_soon(d, "loaded 1 policies", 1), 1);
}

static size_t log_lines_soon(const struct test_daemon *d, const char *needle, size_t want)
{
        size_t n = 0;

        for (int i = 0; i < 1000; i++) {
                char *log = slurp_keep(d->log);
                n = count_lines_with(log, needle);
                free(log);
                if (n >= want)
                        break;
                sleep_ms(10);
        }
        return n;
}

/* Root's session and the user's on one process that execs the setuid
 * program: only the user's session loses it; root's sees the secret. */
static void test_setuid_drops_only_user_session(void **state)
{
        char pidarg[16], uout[64], rout[64];
        int rel, status;

        (void)state;
        const char *argv[] = {suid_prog, secret_path, NULL};
        pid_t pid = held_process(true, &rel, argv);
        snprintf(pidarg, sizeof(pidarg), "%d", (int)pid);
        pid_t ut = ctl_background(true, uout, sizeof(uout), "trace", "-s", "1024", "-e",
                                  "trace=openat,read", "-p", pidarg, NULL);
        wait_sessions(1);
        pid_t rt = ctl_background(false, rout, sizeof(rout), "trace", "-s", "1024", "-e",
                                  "trace=openat,read", "-p", pidarg, NULL);
        wait_sessions(2);
        assert_int_equal(write(rel, "x\n", 2), 2);
        close(rel);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        harness_child_forget(pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        assert_int_equal(wait_child(ut), 0);
        assert_int_equal(wait_child(rt), 0);
        char *u = slurp_unlink(uout), *r = slurp_unlink(rout);
        assert_null(strstr(u, secret));
        assert_int_equal(count_lines_with(u, "gained privilege (setuid exec of "), 1);
        assert_non_null(strstr(r, secret));
        assert_int_equal(count_lines_with(r, "gained privilege"), 0);
        free(u);
        free(r);
        wait_sessions(0);
}

/* A daemon-wide policy matches the user's shell (comm); from that shell
 * `renacerctl run` must still trace its command, and the policy session
 * still sees the whole tree and gives its verdict. */
static void test_policy_and_user_session(void **state)
{
        char pdir[] = "/tmp/renacer-attk-pol-XXXXXX", pol[128], cfg[160], shell[160], cmd[600];
        struct test_daemon d;
        struct run_result r;
        FILE *f;

        (void)state;
        assert_non_null(mkdtemp(pdir));
        /* a shell of a name only this test uses: other shells on the host
         * stay out of the policy */
        snprintf(shell, sizeof(shell), "%s/rnattksh", dir);
        assert_int_equal(copy_file("/bin/sh", shell, 0755), 0);
        snprintf(pol, sizeof(pol), "%s/shell.yaml", pdir);
        f = fopen(pol, "w");
        assert_non_null(f);
        fputs("version: 1\nmatch:\n  comm: rnattksh\nassertions:\n"
              "  - name: shell_budget\n    type: span_count\n    max_spans: 5\n",
              f);
        fclose(f);
        policy_daemon(&d, pdir, cfg, sizeof(cfg));

        snprintf(cmd, sizeof(cmd), "%s run -e trace=execve,exit_group -- /bin/true", ctl());
        const char *argv[] = {shell, "-c", cmd, NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_null(strstr(r.err, "already traced"));
        assert_int_equal(count_lines_with(r.err, "execve(\"/bin/true\""), 1);
        assert_int_equal(count_lines_with(r.err, "+++ exited with 0 +++"), 1);
        run_result_free(&r);

        char *log = NULL;
        for (int i = 0; i < 1000; i++) {
                free(log);
                log = slurp_keep(d.log);
                if (count_lines_with(log, "policy violation: pid "))
                        break;
                sleep_ms(10);
        }
        assert_int_equal(count_lines_with(log, "matches policy"), 1);
        assert_int_equal(count_lines_with(log, "FAIL shell_budget: "), 1);
        free(log);
        assert_int_equal(daemon_stop(&d), 0);
        unlink(shell);
        unlink(pol);
        unlink(cfg);
        rmdir(pdir);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

/* Four sessions on one process at once, two root's and two its user's,
 * with different filters: each summary is exact; a fifth is refused with
 * one line naming the limit. */
static void test_sessions_per_process_exact(void **state)
{
        char loop[512], pidarg[16], outs[4][64], fifth[64];
        const char *filters[4] = {"trace=getppid", "trace=getppid,getpid", "trace=getppid",
                                  "trace=%memory,getppid"};
        pid_t tr[4];
        int rel;

        (void)state;
        harness_prog("getppid-loop", loop, sizeof(loop));
        const char *argv[] = {loop, "1234", NULL};
        pid_t pid = held_process(true, &rel, argv);
        snprintf(pidarg, sizeof(pidarg), "%d", (int)pid);
        for (int i = 0; i < 4; i++) {
                tr[i] = ctl_background(i >= 2, outs[i], sizeof(outs[i]), "trace", "-c", "-e",
                                       filters[i], "-p", pidarg, NULL);
                wait_sessions(i + 1);
        }
        pid_t five = ctl_background(false, fifth, sizeof(fifth), "trace", "-c", "-p", pidarg, NULL);
        assert_int_equal(wait_child(five), 1);
        char *err5 = slurp_unlink(fifth);
        assert_non_null(strstr(err5, "is already traced by 4 sessions (the limit)"));
        free(err5);
        wait_sessions(4);

        assert_int_equal(write(rel, "x\n", 2), 2);
        close(rel);
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        harness_child_forget(pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        for (int i = 0; i < 4; i++) {
                assert_int_equal(wait_child(tr[i]), 0);
                char *out = slurp_unlink(outs[i]);
                if (summary_calls(out, "getppid") != 1234)
                        fprintf(stderr, "# session %d:\n%s", i, out);
                assert_int_equal(summary_calls(out, "getppid"), 1234);
                /* the filter is each session's own */
                assert_int_equal(summary_calls(out, "mmap") > 0, i == 3);
                free(out);
        }
        wait_sessions(0);
}

/* `exe: DIR/x/spin` must catch ./spin, a symlink to it and a symlinked
 * directory: the kernel resolves the executed file's own path. */
static void test_exe_glob_resolved(void **state)
{
        char base[] = "/dev/shm/renacer-attk-XXXXXX", pdir[] = "/tmp/renacer-attk-pol-XXXXXX";
        char sub[128], spin[160], link[160], ldir[160], viadir[192], pol[128], cfg[160];
        char loop[512], cmd[400], want[400];
        struct test_daemon d;
        struct run_result r;

        (void)state;
        /* /dev/shm is its own mount here: the walk crosses it */
        if (!mkdtemp(base)) {
                snprintf(base, sizeof(base), "/tmp/renacer-attk-XXXXXX");
                assert_non_null(mkdtemp(base));
        }
        assert_non_null(mkdtemp(pdir));
        snprintf(sub, sizeof(sub), "%s/x", base);
        assert_int_equal(mkdir(sub, 0755), 0);
        snprintf(spin, sizeof(spin), "%s/spin", sub);
        harness_prog("getppid-loop", loop, sizeof(loop));
        assert_int_equal(copy_file(loop, spin, 0755), 0);
        snprintf(link, sizeof(link), "%s/link", base);
        assert_int_equal(symlink(spin, link), 0);
        snprintf(ldir, sizeof(ldir), "%s/ldir", base);
        assert_int_equal(symlink("x", ldir), 0);
        snprintf(viadir, sizeof(viadir), "%s/spin", ldir);
        snprintf(pol, sizeof(pol), "%s/spin.yaml", pdir);
        FILE *f = fopen(pol, "w");
        assert_non_null(f);
        fprintf(f,
                "version: 1\nmatch:\n  exe: \"%s\"\nassertions:\n"
                "  - name: spin_budget\n    type: span_count\n    max_spans: 5\n",
                spin);
        fclose(f);
        policy_daemon(&d, pdir, cfg, sizeof(cfg));

        snprintf(cmd, sizeof(cmd), "cd %s && exec ./spin 50", sub);
        const char *rel[] = {"/bin/sh", "-c", cmd, NULL};
        const char *vialink[] = {link, "50", NULL}, *vdir[] = {viadir, "50", NULL};
        const char *other[] = {"/bin/true", NULL};
        const char *const *runs[] = {rel, vialink, vdir, other};
        for (size_t i = 0; i < 4; i++) {
                assert_int_equal(run_capture(runs[i], &r), 0);
                assert_int_equal(r.code, 0);
                run_result_free(&r);
        }
        snprintf(want, sizeof(want), "exe %s policy %s: FAIL spin_budget: ", spin, pol);
        if (log_lines_soon(&d, want, 3) != 3) {
                char *log = slurp_keep(d.log);
                fprintf(stderr, "# %s", log);
                free(log);
        }
        assert_int_equal(log_lines_soon(&d, want, 3), 3);
        assert_int_equal(log_lines_soon(&d, "matches policy", 3), 3);
        assert_int_equal(daemon_stop(&d), 0);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
        unlink(ldir);
        unlink(link);
        unlink(spin);
        rmdir(sub);
        rmdir(base);
        unlink(pol);
        unlink(cfg);
        rmdir(pdir);
}

/* The +++ exited lines of `run -f -o FILE -- fork-many 1000`, and its stderr. */
static size_t fork_storm(struct run_result *r)
{
        char fm[512], outp[] = "/tmp/renacer-attk-out-XXXXXX";
        int fd = mkostemp(outp, O_CLOEXEC);

        assert_true(fd >= 0);
        close(fd);
        harness_prog("fork-many", fm, sizeof(fm));
        const char *argv[] = {ctl(), "run", "-f", "-o", outp, "--", fm, "1000", NULL};
        assert_int_equal(run_capture(argv, r), 0);
        assert_int_equal(r->code, 0);
        char *out = slurp_unlink(outp);
        size_t n = count_lines_with(out, "+++ exited with 0 +++");
        free(out);
        return n;
}

/* A fork storm while another session floods the ring: the syscall flood
 * may lose records, the storm's lifecycle records may not. */
static void test_fork_storm_exits_all_seen(void **state)
{
        char loop[512], floodout[64];
        struct run_result r;

        (void)state;
        harness_prog("getppid-loop", loop, sizeof(loop));
        pid_t flood = ctl_background(false, floodout, sizeof(floodout), "run", "-o", "/dev/null",
                                     "--", loop, "1000000", NULL);
        size_t exits = fork_storm(&r);
        if (exits != 1001)
                fprintf(stderr, "# %zu exits; stderr: %s", exits, r.err);
        assert_int_equal(exits, 1001);
        assert_null(strstr(r.err, "lifecycle records lost"));
        run_result_free(&r);
        assert_int_equal(wait_child(flood), 0);
        free(slurp_unlink(floodout));
        wait_sessions(0);
}

/* On a 4 KiB ring lifecycle records can be lost: every one lost is
 * counted for its session and the user is told how many. */
static void test_fork_storm_tiny_ring_told(void **state)
{
        const char *const extra[] = {"--ring-size", "4K", NULL};
        struct test_daemon d;
        struct run_result r;

        (void)state;
        assert_int_equal(daemon_start(&d, extra), 0);
        size_t exits = fork_storm(&r);
        unsigned long long lost = 0;
        const char *line = strstr(r.err, "process lifecycle records lost");
        if (line) {
                while (line > r.err && line[-1] != '\n')
                        line--;
                assert_int_equal(sscanf(line, "renacer: %llu process lifecycle", &lost), 1);
        }
        /* each missing exit is among those the user was told of */
        assert_true(lost >= 1001 - exits);
        if (exits < 1001)
                assert_non_null(line);
        run_result_free(&r);
        struct json_object *st = daemon_status(&d), *v;
        assert_non_null(st);
        assert_true(json_object_object_get_ex(st, "lifecycle_lost", &v));
        assert_true((unsigned long long)json_object_get_uint64(v) >= lost);
        json_object_put(st);
        assert_int_equal(daemon_stop(&d), 0);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
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

/* A process of the user's own uid that holds a capability (ambient, as a
 * service with User= and AmbientCapabilities= has) is not the user's to
 * see: ptrace refuses them (the tracer's capabilities must cover the
 * target's), and so does renacerd, before anything is traced. */
static void test_trace_pid_with_caps_refused(void **state)
{
        struct run_result r;
        char pidarg[16], path[64], line[256];
        bool ready = false;
        pid_t p;

        (void)state;
        p = fork();
        assert_true(p >= 0);
        if (p == 0) {
                execl("/usr/bin/setpriv", "setpriv", uidopt, gidopt, "--clear-groups", "--inh-caps",
                      "+net_raw", "--ambient-caps", "+net_raw", "--", "/bin/sleep", "60",
                      (char *)NULL);
                _exit(127);
        }
        harness_child_add(p);
        /* once sleep runs with the user's ids and the capability */
        snprintf(path, sizeof(path), "/proc/%d/status", (int)p);
        for (int i = 0; i < 1000 && !ready; i++) {
                FILE *f = fopen(path, "re");
                bool name = false, cap = false;
                while (f && fgets(line, sizeof(line), f)) {
                        name |= !strncmp(line, "Name:\tsleep", 11);
                        cap |= !strncmp(line, "CapPrm:", 7) && strtoull(line + 7, NULL, 16) != 0;
                }
                if (f)
                        fclose(f);
                ready = name && cap;
                if (!ready)
                        sleep_ms(10);
        }
        assert_true(ready);
        snprintf(pidarg, sizeof(pidarg), "%d", (int)p);
        run_as_user(&r, "trace", "-p", pidarg, NULL);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "holds capabilities"));
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);
        wait_sessions(0);
        harness_child_reap(p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_setuid_exec_hidden),
            cmocka_unit_test(test_passwd_hidden),
            cmocka_unit_test(test_follow_child_hidden),
            cmocka_unit_test(test_trace_pid_then_setuid),
            cmocka_unit_test(test_trace_pid_with_caps_refused),
            cmocka_unit_test(test_nodump_hidden),
            cmocka_unit_test(test_policy_and_user_session),
            cmocka_unit_test(test_sessions_per_process_exact),
            cmocka_unit_test(test_setuid_drops_only_user_session),
            cmocka_unit_test(test_exe_glob_resolved),
            cmocka_unit_test(test_fork_storm_exits_all_seen),
            cmocka_unit_test(test_fork_storm_tiny_ring_told),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("integration-attacks-kernel", tests, group_setup,
                                           group_teardown);
}
