// SPDX-License-Identifier: MIT
/*
 * trace --cgroup with a real cgroup v2: the test mounts its own cgroup2
 * (the host's cgroups may be v1, with the unified hierarchy empty), makes
 * a cgroup with a sub-cgroup and a sibling, and runs shell loops that open
 * marker files in them. A real renacerd traces the cgroup: processes
 * already in it and in its sub-cgroup, a process moved in later, children
 * forked inside, but not a process outside, nor one moved out (it is
 * detached). As a real unprivileged user: the user's own cgroup is traced,
 * a root process moved into it is not, a cgroup holding root's process is
 * refused. Bad paths, --unit without systemd and a daemon-wide policy
 * matching by cgroup. Mounts, cgroups, processes and the user are removed
 * at the end, on failure too. Needs root and BTF (exits 77 otherwise).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define USER_NAME "rntest_cgroup"

static struct test_daemon daemon_;
static char tmpdir[64], mnt[128], top[256], sub[300], other[256], utop[256], rtop[256];
static char unit_slice[256], unit_dir[400], unit_name[128];
static bool mounted, made_group, made_user;
static uid_t user_uid;
static gid_t user_gid;
static char uidopt[32], gidopt[32];

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static void sleep_ms(long ms)
{
        nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

static int sh(const char *const *argv)
{
        struct run_result r;
        int code;

        if (run_capture(argv, &r) < 0)
                return -1;
        code = r.code;
        run_result_free(&r);
        return code;
}

/* A cgroup empties a moment after its last process is reaped. */
static void cg_remove(const char *dir)
{
        for (int i = 0; dir[0] && i < 50 && rmdir(dir) < 0 && errno == EBUSY; i++)
                sleep_ms(100);
}

static void cleanup(void)
{
        harness_children_reap_all();
        cg_remove(sub);
        cg_remove(top);
        cg_remove(other);
        cg_remove(utop);
        cg_remove(rtop);
        cg_remove(unit_dir);
        cg_remove(unit_slice);
        if (mounted && umount2(mnt, MNT_DETACH) == 0)
                mounted = false;
        if (mnt[0])
                rmdir(mnt);
        if (made_user) {
                const char *argv[] = {"/usr/sbin/userdel", USER_NAME, NULL};
                sh(argv);
                made_user = false;
        }
        if (made_group) {
                const char *argv[] = {"/usr/sbin/groupdel", "renacer", NULL};
                sh(argv);
                made_group = false;
        }
        if (tmpdir[0]) {
                const char *argv[] = {"/bin/rm", "-rf", tmpdir, NULL};
                sh(argv);
                tmpdir[0] = '\0';
        }
}

static void write_file(const char *path, const char *text)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

        assert_true(fd >= 0);
        assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
        close(fd);
}

static int cg_move(pid_t pid, const char *dir)
{
        char path[512], num[16];
        int fd, n;

        snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
        snprintf(num, sizeof(num), "%d", (int)pid);
        fd = open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        n = (int)write(fd, num, strlen(num));
        close(fd);
        return n < 0 ? -errno : 0;
}

/* A shell loop that opens MARKER (in the shell itself) and starts a cat of
 * MARKER.child (a forked child) every 100 ms; in cgroup dir (NULL: where
 * the test is), as uid (0: root). */
static pid_t loop_start(const char *marker, const char *dir, uid_t uid, gid_t gid)
{
        char script[512];
        pid_t pid;

        snprintf(script, sizeof(script),
                 "while :; do : < %s/%s; cat %s/%s.child > /dev/null; sleep 0.1; done", tmpdir,
                 marker, tmpdir, marker);
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                if (dir && cg_move(getpid(), dir) < 0)
                        _exit(125);
                if (uid && (setgroups(1, &gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0))
                        _exit(126);
                execl("/bin/sh", "sh", "-c", script, (char *)NULL);
                _exit(127);
        }
        harness_child_add(pid);
        return pid;
}

struct tracer {
        pid_t pid;
        char out[128], err[128];
};

/* renacerctl trace ARGS... -o OUT in the background, stderr to ERR; as
 * the test user when as_user. */
static void trace_start(struct tracer *t, int as_user, ...)
{
        static unsigned seq;
        const char *argv[32];
        int n = 0;
        va_list ap;

        snprintf(t->out, sizeof(t->out), "%s/trace-%u.out", tmpdir, seq);
        snprintf(t->err, sizeof(t->err), "%s/trace-%u.err", tmpdir, seq++);
        if (as_user) {
                /* the user's renacerctl writes its -o file in our directory */
                write_file(t->out, "");
                assert_int_equal(chown(t->out, user_uid, user_gid), 0);
                argv[n++] = "/usr/bin/setpriv";
                argv[n++] = uidopt;
                argv[n++] = gidopt;
                argv[n++] = "--init-groups";
                argv[n++] = "--";
        }
        argv[n++] = ctl();
        argv[n++] = "trace";
        va_start(ap, as_user);
        for (const char *a; n < 28 && (a = va_arg(ap, const char *));)
                argv[n++] = a;
        va_end(ap);
        argv[n++] = "-o";
        argv[n++] = t->out;
        argv[n] = NULL;
        t->pid = fork();
        assert_true(t->pid >= 0);
        if (t->pid == 0) {
                int fd = open(t->err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
                if (fd < 0)
                        _exit(126);
                dup2(fd, 2);
                execv(argv[0], (char *const *)argv);
                _exit(127);
        }
}

static char *slurp(const char *path)
{
        FILE *f = fopen(path, "re");
        char *buf = NULL;
        size_t cap = 0;

        if (!f)
                return strdup("");
        ssize_t n = getdelim(&buf, &cap, '\0', f);
        fclose(f);
        if (n < 0) {
                free(buf);
                return strdup("");
        }
        return buf;
}

/* Wait (10 s at most) until path holds needle; whether it did. */
static bool wait_for(const char *path, const char *needle)
{
        for (int i = 0; i < 200; i++) {
                char *s = slurp(path);
                bool found = strstr(s, needle) != NULL;
                free(s);
                if (found)
                        return true;
                sleep_ms(50);
        }
        return false;
}

static int trace_stop(struct tracer *t)
{
        int status;

        kill(t->pid, SIGINT);
        assert_int_equal(waitpid(t->pid, &status, 0), t->pid);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void dump(const struct tracer *t)
{
        char *o = slurp(t->out), *e = slurp(t->err);
        fprintf(stderr, "# stdout of the trace:\n%s\n# stderr:\n%s\n", o, e);
        free(o);
        free(e);
}

/* "[pid N] openat(AT_FDCWD, "TMP/MARKER"" or the line without a prefix. */
static bool saw_open(const char *trace, const char *marker)
{
        char needle[256];

        snprintf(needle, sizeof(needle), "%s/%s\"", tmpdir, marker);
        return strstr(trace, needle) != NULL;
}

static int group_setup(void **state)
{
        (void)state;
        atexit(cleanup);
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/renacer-cgroup-XXXXXX");
        if (!mkdtemp(tmpdir) || chmod(tmpdir, 0755) < 0)
                return -1;
        static const char *const markers[] = {"a", "s", "b", "o", "u", "r"};
        for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
                char path[256];
                snprintf(path, sizeof(path), "%s/%s", tmpdir, markers[i]);
                write_file(path, "x\n");
                snprintf(path, sizeof(path), "%s/%s.child", tmpdir, markers[i]);
                write_file(path, "x\n");
        }
        /* our own view of the v2 hierarchy, whatever the host mounts */
        snprintf(mnt, sizeof(mnt), "%s-cg2", tmpdir);
        if (mkdir(mnt, 0755) < 0 || mount("none", mnt, "cgroup2", 0, NULL) < 0) {
                fprintf(stderr, "cannot mount cgroup2 on %s: %s\n", mnt, strerror(errno));
                return -1;
        }
        mounted = true;
        const char *base = strrchr(tmpdir, '/') + 1;
        snprintf(top, sizeof(top), "%s/%s-top", mnt, base);
        snprintf(sub, sizeof(sub), "%s/sub", top);
        snprintf(other, sizeof(other), "%s/%s-other", mnt, base);
        snprintf(utop, sizeof(utop), "%s/%s-user", mnt, base);
        snprintf(rtop, sizeof(rtop), "%s/%s-root", mnt, base);
        /* a unit's cgroup as systemd lays it out: SLICE/NAME.service */
        snprintf(unit_name, sizeof(unit_name), "%s-job.service", base);
        snprintf(unit_slice, sizeof(unit_slice), "%s/%s.slice", mnt, base);
        snprintf(unit_dir, sizeof(unit_dir), "%s/%s", unit_slice, unit_name);
        if (mkdir(top, 0755) < 0 || mkdir(sub, 0755) < 0 || mkdir(other, 0755) < 0 ||
            mkdir(utop, 0755) < 0 || mkdir(rtop, 0755) < 0 || mkdir(unit_slice, 0755) < 0 ||
            mkdir(unit_dir, 0755) < 0)
                return -1;

        struct group *g = getgrnam("renacer");
        if (!g) {
                const char *argv[] = {"/usr/sbin/groupadd", "--system", "renacer", NULL};
                if (sh(argv) != 0)
                        return -1;
                made_group = true;
                g = getgrnam("renacer");
                if (!g)
                        return -1;
        }
        if (!getpwnam(USER_NAME)) {
                const char *argv[] = {"/usr/sbin/useradd", "--system",          "--no-create-home",
                                      "--shell",           "/usr/sbin/nologin", "-G",
                                      "renacer",           USER_NAME,           NULL};
                if (sh(argv) != 0 && !getpwnam(USER_NAME))
                        return -1;
                made_user = true;
        }
        struct passwd *pw = getpwnam(USER_NAME);
        if (!pw)
                return -1;
        user_uid = pw->pw_uid;
        user_gid = pw->pw_gid;
        snprintf(uidopt, sizeof(uidopt), "--reuid=%u", (unsigned)user_uid);
        snprintf(gidopt, sizeof(gidopt), "--regid=%u", (unsigned)user_gid);
        if (daemon_start(&daemon_, NULL) < 0 || chmod(daemon_.dir, 0755) < 0) {
                fprintf(stderr, "cannot start renacerd\n");
                return -1;
        }
        return 0;
}

static int group_teardown(void **state)
{
        (void)state;
        int r = daemon_stop(&daemon_);
        cleanup();
        return r == 0 ? 0 : -1;
}

/* The processes a cgroup holds, gains and loses; its sub-cgroups too. */
static void test_scope(void **state)
{
        struct tracer t;
        char pidline[64];

        (void)state;
        pid_t a = loop_start("a", top, 0, 0);   /* in the cgroup from the start */
        pid_t s = loop_start("s", sub, 0, 0);   /* in its sub-cgroup */
        pid_t o = loop_start("o", other, 0, 0); /* a sibling cgroup: never traced */
        pid_t b = loop_start("b", NULL, 0, 0);  /* outside, moved in later */
        sleep_ms(200);

        trace_start(&t, false, "--cgroup", top, "-e", "trace=openat", "-q", NULL);
        if (!wait_for(t.out, "/a.child\"") || !wait_for(t.out, "/s\"")) {
                dump(&t);
                fail_msg("the cgroup's processes were not traced");
        }
        /* moved in, into the sub-cgroup */
        assert_int_equal(cg_move(b, sub), 0);
        if (!wait_for(t.out, "/b.child\"")) {
                dump(&t);
                fail_msg("a process moved into the sub-cgroup was not traced");
        }
        /* moved out: detached, its calls no longer in the trace */
        assert_int_equal(cg_move(a, other), 0);
        sleep_ms(500);
        assert_int_equal(trace_stop(&t), 0);

        char *out = slurp(t.out), *err = slurp(t.err);
        assert_true(saw_open(out, "a"));
        assert_true(saw_open(out, "a.child")); /* forked inside */
        assert_true(saw_open(out, "s"));
        assert_true(saw_open(out, "b"));
        assert_false(saw_open(out, "o"));
        assert_false(saw_open(out, "o.child"));
        /* -q: no attach or detach notes */
        snprintf(pidline, sizeof(pidline), "Process %d detached", (int)a);
        assert_null(strstr(err, pidline));
        free(out);
        free(err);

        /* the same without -q: the notes name the processes */
        trace_start(&t, false, "--cgroup", top, "-e", "trace=openat", NULL);
        char note[64];
        snprintf(note, sizeof(note), "Process %d attached", (int)s);
        if (!wait_for(t.err, note)) {
                dump(&t);
                fail_msg("no '%s'", note);
        }
        assert_int_equal(cg_move(a, top), 0);
        snprintf(note, sizeof(note), "Process %d attached", (int)a);
        if (!wait_for(t.err, note)) {
                dump(&t);
                fail_msg("no '%s' for the process moved back in", note);
        }
        assert_int_equal(cg_move(a, other), 0);
        if (!wait_for(t.err, pidline)) {
                dump(&t);
                fail_msg("no '%s'", pidline);
        }
        /* detached: the shell's opens stop reaching the trace (one may
         * have been in flight), though it goes on making them */
        char needle[128];
        snprintf(needle, sizeof(needle), "%s/a\"", tmpdir);
        out = slurp(t.out);
        size_t before = count_substr(out, needle);
        free(out);
        sleep_ms(800);
        out = slurp(t.out);
        size_t after = count_substr(out, needle);
        if (after > before + 1) {
                dump(&t);
                fail_msg("%zu opens of a detached process traced", after - before);
        }
        assert_false(saw_open(out, "o"));
        free(out);
        assert_int_equal(trace_stop(&t), 0);
        /* ^C: strace's farewell to each process still traced */
        err = slurp(t.err);
        snprintf(note, sizeof(note), "Process %d detached", (int)s);
        if (!strstr(err, note)) {
                dump(&t);
                fail_msg("no '%s' after ^C", note);
        }
        free(err);
        harness_child_reap(a);
        harness_child_reap(s);
        harness_child_reap(o);
        harness_child_reap(b);
}

/* A user's own cgroup: its processes traced, root's moved in are not; a
 * cgroup holding root's process is refused. */
static void test_unprivileged(void **state)
{
        struct tracer t;

        (void)state;
        assert_int_equal(chown(utop, user_uid, user_gid), 0);
        pid_t u = loop_start("u", utop, user_uid, user_gid);
        pid_t r0 = loop_start("r", rtop, 0, 0);
        sleep_ms(200);

        trace_start(&t, true, "--cgroup", rtop, "-e", "trace=openat", NULL);
        int status;
        assert_int_equal(waitpid(t.pid, &status, 0), t.pid);
        char *err = slurp(t.err);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 1 || !strstr(err, "permission denied")) {
                dump(&t);
                fail_msg("a user traced a cgroup holding root's process (status %x)", status);
        }
        free(err);

        trace_start(&t, true, "--cgroup", utop, "-e", "trace=openat", NULL);
        if (!wait_for(t.out, "/u.child\"")) {
                dump(&t);
                fail_msg("the user's own cgroup was not traced");
        }
        /* root's process moved into the user's cgroup stays out of sight */
        assert_int_equal(cg_move(r0, utop), 0);
        sleep_ms(800);
        /* and a root process forked inside it (root's loop forks cat) */
        assert_int_equal(trace_stop(&t), 0);
        char *out = slurp(t.out);
        err = slurp(t.err);
        if (!saw_open(out, "u") || saw_open(out, "r") || saw_open(out, "r.child")) {
                dump(&t);
                fail_msg("the user's trace shows root's process, or misses its own");
        }
        char note[64];
        snprintf(note, sizeof(note), "Process %d attached", (int)r0);
        assert_null(strstr(err, note));
        free(out);
        free(err);
        harness_child_reap(u);
        harness_child_reap(r0);
}

/* A cgroup of the user's own uid holding a process that ptrace would not
 * let the user trace (its egid root's: a setgid image, not dumpable) is
 * refused, as the kernel refuses such a process joining a scope. */
static void test_unprivileged_setgid(void **state)
{
        char dir[512];
        struct tracer t;
        int status = 0;
        pid_t w = 0;

        (void)state;
        snprintf(dir, sizeof(dir), "%s/setgid", utop);
        assert_true(mkdir(dir, 0755) == 0 || errno == EEXIST);
        assert_int_equal(chown(dir, user_uid, user_gid), 0);
        pid_t sg = fork();
        assert_true(sg >= 0);
        if (sg == 0) {
                if (cg_move(getpid(), dir) < 0)
                        _exit(125);
                if (setgroups(1, &user_gid) < 0 || setresgid(user_gid, 0, 0) < 0 ||
                    setresuid(user_uid, user_uid, user_uid) < 0)
                        _exit(126);
                execl("/bin/sleep", "sleep", "60", (char *)NULL);
                _exit(127);
        }
        harness_child_add(sg);
        sleep_ms(300);

        trace_start(&t, true, "--cgroup", dir, "-e", "trace=openat", NULL);
        for (int i = 0; i < 100 && (w = waitpid(t.pid, &status, WNOHANG)) == 0; i++)
                sleep_ms(50);
        if (w == 0) {
                trace_stop(&t);
                kill(sg, SIGKILL);
                harness_child_reap(sg);
                cg_remove(dir);
                fail_msg("a user traced a cgroup holding a setgid, non-dumpable process");
        }
        char *err = slurp(t.err);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 1 || !strstr(err, "permission denied")) {
                dump(&t);
                fail_msg("the setgid process's cgroup was not refused (status %x)", status);
        }
        free(err);
        kill(sg, SIGKILL);
        harness_child_reap(sg);
        cg_remove(dir);
}

/* clone3(CLONE_INTO_CGROUP): the child is judged by its own cgroup, not
 * its parent's. */
static void test_clone_into(void **state)
{
        char prog[512], in_marker[256], out_marker[256];
        struct tracer t;

        (void)state;
        harness_prog("clone-into", prog, sizeof(prog));
        /* markers no loop of this test opens any more */
        snprintf(in_marker, sizeof(in_marker), "%s/s.child", tmpdir);
        snprintf(out_marker, sizeof(out_marker), "%s/u.child", tmpdir);
        /* a process that stays in the cgroup, so the trace has a first line */
        pid_t a = loop_start("a", top, 0, 0);
        trace_start(&t, false, "--cgroup", top, "-e", "trace=openat", "-q", NULL);
        if (!wait_for(t.out, "/a\"")) {
                dump(&t);
                fail_msg("the cgroup's process was not traced");
        }
        /* from outside into the cgroup, and from inside out of it */
        pid_t outside = fork(), inside;
        assert_true(outside >= 0);
        if (outside == 0) {
                if (cg_move(getpid(), other) < 0)
                        _exit(125);
                execl(prog, "clone-into", sub, in_marker, (char *)NULL);
                _exit(127);
        }
        inside = fork();
        assert_true(inside >= 0);
        if (inside == 0) {
                if (cg_move(getpid(), top) < 0)
                        _exit(125);
                execl(prog, "clone-into", other, out_marker, (char *)NULL);
                _exit(127);
        }
        int st1, st2;
        assert_int_equal(waitpid(outside, &st1, 0), outside);
        assert_int_equal(waitpid(inside, &st2, 0), inside);
        assert_true(WIFEXITED(st1) && WEXITSTATUS(st1) == 0);
        assert_true(WIFEXITED(st2) && WEXITSTATUS(st2) == 0);
        char needle[300];
        snprintf(needle, sizeof(needle), "\"%s\"", in_marker);
        if (!wait_for(t.out, needle)) {
                dump(&t);
                fail_msg("the child cloned into the cgroup was not traced");
        }
        sleep_ms(300);
        assert_int_equal(trace_stop(&t), 0);
        char *out = slurp(t.out);
        snprintf(needle, sizeof(needle), "\"%s\"", out_marker);
        if (strstr(out, needle)) {
                dump(&t);
                fail_msg("the child cloned out of the cgroup was traced");
        }
        free(out);
        harness_child_reap(a);
}

/* The trace of a cgroup ends when the cgroup is removed. */
static void test_removed(void **state)
{
        char dir[300];
        struct tracer t;
        int status = 0;
        pid_t w = 0;

        (void)state;
        snprintf(dir, sizeof(dir), "%s/gone", top);
        assert_int_equal(mkdir(dir, 0755), 0);
        trace_start(&t, false, "--cgroup", dir, "-c", NULL);
        /* the session exists once renacerd lists it */
        for (int i = 0; i < 200; i++) {
                const char *argv[] = {ctl(), "sessions", NULL};
                struct run_result r;
                assert_int_equal(run_capture(argv, &r), 0);
                bool listed = strstr(r.out, dir) != NULL;
                run_result_free(&r);
                if (listed)
                        break;
                sleep_ms(50);
        }
        assert_int_equal(rmdir(dir), 0);
        for (int i = 0; i < 200 && (w = waitpid(t.pid, &status, WNOHANG)) == 0; i++)
                sleep_ms(50);
        if (w != t.pid) {
                kill(t.pid, SIGKILL);
                waitpid(t.pid, &status, 0);
                dump(&t);
                fail_msg("the trace went on after its cgroup was removed");
        }
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        /* -c: the (empty) summary, in the -o file */
        char *out = slurp(t.out);
        assert_non_null(strstr(out, "total"));
        free(out);
}

static void expect_refused(const char *const *argv, const char *want)
{
        struct run_result r;

        assert_int_equal(run_capture(argv, &r), 0);
        if (r.code != 2 || !strstr(r.err, want) || count_substr(r.err, "\n") != 1)
                fail_msg("%s %s: exit %d, stderr '%s'; want exit 2 and one line with '%s'", argv[2],
                         argv[3], r.code, r.err, want);
        run_result_free(&r);
}

static void test_bad_paths(void **state)
{
        char path[512];

        (void)state;
        snprintf(path, sizeof(path), "%s/missing", top);
        expect_refused((const char *[]){ctl(), "trace", "--cgroup", path, NULL}, "no such cgroup");
        snprintf(path, sizeof(path), "%s/cgroup.procs", top);
        expect_refused((const char *[]){ctl(), "trace", "--cgroup", path, NULL},
                       "is a file, not a cgroup");
        expect_refused((const char *[]){ctl(), "trace", "--cgroup", tmpdir, NULL},
                       "is not in a cgroup2 filesystem");
        expect_refused((const char *[]){ctl(), "trace", "--cgroup", "", NULL}, "empty cgroup path");
        expect_refused((const char *[]){ctl(), "trace", "--cgroup", top, "-p", "1", NULL},
                       "exclude each other");
        /* a cgroup v1 hierarchy, where the host has one */
        FILE *f = fopen("/proc/self/mountinfo", "re");
        char line[4096], v1[256] = "";
        assert_non_null(f);
        while (fgets(line, sizeof(line), f) && !v1[0]) {
                char mp[256], fs[64];
                const char *sep = strstr(line, " - ");
                if (sep && sscanf(line, "%*u %*u %*u:%*u %*s %255s", mp) == 1 &&
                    sscanf(sep + 3, "%63s", fs) == 1 && !strcmp(fs, "cgroup"))
                        snprintf(v1, sizeof(v1), "%s", mp);
        }
        fclose(f);
        if (v1[0])
                expect_refused((const char *[]){ctl(), "trace", "--cgroup", v1, NULL},
                               "cgroup v1 hierarchy");
        /* relative: to /sys/fs/cgroup, where that is cgroup2 */
        struct stat st;
        snprintf(path, sizeof(path), "/sys/fs/cgroup/cgroup.procs");
        if (stat(path, &st) == 0)
                expect_refused(
                    (const char *[]){ctl(), "trace", "--cgroup", "renacer-no-such-cgroup", NULL},
                    "no such cgroup");
        else
                expect_refused(
                    (const char *[]){ctl(), "trace", "--cgroup", "renacer-no-such-cgroup", NULL},
                    "is relative, but /sys/fs/cgroup is not a cgroup2 mount");
        expect_refused((const char *[]){ctl(), "trace", "--unit", "no good!", NULL},
                       "invalid --unit");
        /* sd_booted(): without systemd no unit has a cgroup */
        if (stat("/run/systemd/system", &st) < 0)
                expect_refused((const char *[]){ctl(), "trace", "--unit", "nginx.service", NULL},
                               "systemd is not running");
}

/* /bin/true in cgroup dir, to its end; its pid. */
static pid_t true_in(const char *dir)
{
        int status;
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0) {
                if (cg_move(getpid(), dir) < 0)
                        _exit(125);
                execl("/bin/true", "true", (char *)NULL);
                _exit(127);
        }
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        return pid;
}

/* Daemon-wide policies matching by cgroup (with its sub-cgroups) and by
 * unit: only the execs inside are judged. */
static void test_policy_match(void **state)
{
        char dir[128], pol[160], cfg[160], line[320];
        struct test_daemon d;
        FILE *f;

        (void)state;
        snprintf(dir, sizeof(dir), "%s/policies", tmpdir);
        assert_int_equal(mkdir(dir, 0755), 0);
        snprintf(pol, sizeof(pol), "%s/by-cgroup.yaml", dir);
        f = fopen(pol, "w");
        assert_non_null(f);
        fprintf(f,
                "version: 1\nmatch:\n  cgroup: %s\n  exe: /usr/bin/true\nassertions:\n"
                "  - name: one_call\n    type: span_count\n    max_spans: 1\n",
                top);
        fclose(f);
        snprintf(pol, sizeof(pol), "%s/by-unit.yaml", dir);
        f = fopen(pol, "w");
        assert_non_null(f);
        fprintf(f,
                "version: 1\nmatch:\n  unit: %s\n  exe: /usr/bin/true\nassertions:\n"
                "  - name: one_call\n    type: span_count\n    max_spans: 1\n",
                unit_name);
        fclose(f);
        snprintf(cfg, sizeof(cfg), "%s/renacerd.yaml", tmpdir);
        f = fopen(cfg, "w");
        assert_non_null(f);
        fprintf(f, "policy_dir: %s\n", dir);
        fclose(f);
        const char *const extra[] = {"--config", cfg, NULL};
        assert_int_equal(daemon_start(&d, extra), 0);

        pid_t in = true_in(sub), out = true_in(other), unit = true_in(unit_dir);
        char *log = NULL;
        snprintf(line, sizeof(line), "pid %d exe /usr/bin/true matches policy", (int)unit);
        for (int i = 0; i < 100; i++) {
                free(log);
                log = slurp(d.log);
                if (strstr(log, line))
                        break;
                sleep_ms(50);
        }
        sleep_ms(300);
        free(log);
        log = slurp(d.log);
        snprintf(line, sizeof(line), "pid %d exe /usr/bin/true matches policy %s/by-cgroup.yaml",
                 (int)in, dir);
        if (!strstr(log, line))
                fail_msg("no '%s' in:\n%s", line, log);
        snprintf(line, sizeof(line), "pid %d exe /usr/bin/true matches policy %s/by-unit.yaml",
                 (int)unit, dir);
        if (!strstr(log, line))
                fail_msg("no '%s' in:\n%s", line, log);
        snprintf(line, sizeof(line), "pid %d exe", (int)out);
        if (strstr(log, line))
                fail_msg("the exec outside the cgroup matched:\n%s", log);
        snprintf(line, sizeof(line), "policy violation: pid %d", (int)in);
        assert_non_null(strstr(log, line));
        free(log);
        assert_int_equal(daemon_stop(&d), 0);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_bad_paths),    cmocka_unit_test(test_scope),
            cmocka_unit_test(test_unprivileged), cmocka_unit_test(test_unprivileged_setgid),
            cmocka_unit_test(test_clone_into),   cmocka_unit_test(test_removed),
            cmocka_unit_test(test_policy_match),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("integration-cgroup", tests, group_setup,
                                           group_teardown);
}
