// SPDX-License-Identifier: MIT
/*
 * Access control, as real unprivileged users: the test (root) creates two
 * system users in the 'renacer' group and one outside it, starts renacerd,
 * and runs renacerctl and raw protocol requests as those users. A user
 * traces its own processes and nothing else, sees only its own sessions,
 * cannot act on another's session or reload policies, and a user outside
 * the group is refused at the socket with a hint. Needs root and BTF
 * (exits 77 otherwise); the users (and the group, if the test made it) are
 * deleted at the end.
 */
#include <dirent.h>
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

struct user {
        char name[32];
        uid_t uid;
        gid_t gid;
        char uidopt[32], gidopt[32];
};

static struct test_daemon daemon_;
static struct user u1, u2, u3; /* u1, u2 in 'renacer'; u3 not */
static bool made_group;
static gid_t renacer_gid;
static char tmpdir[64];
static char loop_path[128], spinner_path[128];
static char prog_buf[512];
static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static void sleep_ms(long ms)
{
        nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

/* Run a command quietly as root; its exit code. */
static int sh(const char *const *argv)
{
        struct run_result r;
        int code;

        if (run_capture(argv, &r) < 0)
                return -1;
        code = r.code;
        if (code)
                fprintf(stderr, "# %s: exit %d: %s", argv[0], code, r.err);
        run_result_free(&r);
        return code;
}

static void user_delete(struct user *u)
{
        if (!u->name[0])
                return;
        const char *argv[] = {"/usr/sbin/userdel", u->name, NULL};
        /* its processes first: userdel refuses a logged-in user */
        harness_children_reap_all();
        sh(argv);
        u->name[0] = '\0';
}

static void cleanup(void)
{
        harness_children_reap_all();
        user_delete(&u1);
        user_delete(&u2);
        user_delete(&u3);
        if (made_group) {
                const char *argv[] = {"/usr/sbin/groupdel", "renacer", NULL};
                sh(argv);
                made_group = false;
        }
        if (tmpdir[0]) {
                unlink(loop_path);
                unlink(spinner_path);
                rmdir(tmpdir);
                tmpdir[0] = '\0';
        }
}

static int user_create(struct user *u, bool in_group)
{
        unsigned suffix;
        struct passwd *pw;

        int rfd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (rfd < 0 || read(rfd, &suffix, sizeof(suffix)) != sizeof(suffix))
                suffix = (unsigned)getpid() ^ (unsigned)(uintptr_t)u;
        if (rfd >= 0)
                close(rfd);
        suffix &= 0xffff;
        snprintf(u->name, sizeof(u->name), "renacer-test-%04x", suffix);
        const char *plain[] = {"/usr/sbin/useradd",
                               "--system",
                               "--no-create-home",
                               "--shell",
                               "/usr/sbin/nologin",
                               u->name,
                               NULL};
        const char *grouped[] = {"/usr/sbin/useradd",
                                 "--system",
                                 "--no-create-home",
                                 "--shell",
                                 "/usr/sbin/nologin",
                                 "-G",
                                 "renacer",
                                 u->name,
                                 NULL};
        if (sh(in_group ? grouped : plain) != 0) {
                u->name[0] = '\0';
                return -1;
        }
        pw = getpwnam(u->name);
        if (!pw)
                return -1;
        u->uid = pw->pw_uid;
        u->gid = pw->pw_gid;
        snprintf(u->uidopt, sizeof(u->uidopt), "--reuid=%u", (unsigned)u->uid);
        snprintf(u->gidopt, sizeof(u->gidopt), "--regid=%u", (unsigned)u->gid);
        return 0;
}

static int copy_file(const char *from, const char *to)
{
        char buf[65536];
        int in = open(from, O_RDONLY | O_CLOEXEC), out;
        ssize_t n;

        if (in < 0)
                return -1;
        out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
        if (out < 0) {
                close(in);
                return -1;
        }
        while ((n = read(in, buf, sizeof(buf))) > 0)
                if (write(out, buf, (size_t)n) != n)
                        break;
        close(in);
        close(out);
        return chmod(to, 0755);
}

/* Run renacerctl ARGS... as user u (setpriv: real uid/gid and the user's
 * groups, no capabilities), captured. */
static void run_as(const struct user *u, struct run_result *r, ...)
{
        const char *argv[32];
        int n = 0;
        va_list ap;

        argv[n++] = "/usr/bin/setpriv";
        argv[n++] = u->uidopt;
        argv[n++] = u->gidopt;
        argv[n++] = "--init-groups";
        argv[n++] = "--";
        argv[n++] = ctl();
        va_start(ap, r);
        for (const char *a; n < 31 && (a = va_arg(ap, const char *));)
                argv[n++] = a;
        va_end(ap);
        argv[n] = NULL;
        assert_int_equal(run_capture(argv, r), 0);
}

/* The spinner running as user u (root when u is NULL); its pid. */
static pid_t spinner_as(const struct user *u)
{
        int p[2];
        char buf[32] = "";

        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                dup2(p[1], 1);
                if (u && (setgroups(1, &u->gid) < 0 || setgid(u->gid) < 0 || setuid(u->uid) < 0))
                        _exit(126);
                execl(spinner_path, "spinner", (char *)NULL);
                _exit(127);
        }
        close(p[1]);
        harness_child_add(pid);
        assert_true(read(p[0], buf, sizeof(buf) - 1) > 0);
        close(p[0]);
        assert_int_equal(atoi(buf), pid);
        return pid;
}

/* A connection to the daemon whose peer credentials are u's (root's when u
 * is NULL): the socket's credentials are fixed at connect(2). */
static int connect_as(const struct user *u)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

        assert_true(fd >= 0);
        assert_true(strlen(daemon_.sock) < sizeof(sa.sun_path));
        memcpy(sa.sun_path, daemon_.sock, strlen(daemon_.sock) + 1);
        if (u) {
                assert_int_equal(setegid(renacer_gid), 0);
                assert_int_equal(seteuid(u->uid), 0);
        }
        r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
        if (u) {
                assert_int_equal(seteuid(0), 0);
                assert_int_equal(setegid(0), 0);
        }
        assert_int_equal(r, 0);
        return fd;
}

static int read_full(int fd, void *buf, size_t len)
{
        char *p = buf;

        while (len) {
                struct pollfd pf = {.fd = fd, .events = POLLIN};
                if (poll(&pf, 1, 5000) <= 0)
                        return -1;
                ssize_t n = read(fd, p, len);
                if (n <= 0)
                        return -1;
                p += n;
                len -= (size_t)n;
        }
        return 0;
}

/* One request on fd; the reply (JSON frames only; event frames skipped). */
static struct json_object *request(int fd, const char *fmt, ...)
{
        char buf[512];
        uint8_t hdr[8] = {0};
        va_list ap;

        va_start(ap, fmt);
        uint32_t len = (uint32_t)vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        hdr[0] = (uint8_t)len;
        hdr[1] = (uint8_t)(len >> 8);
        hdr[4] = 'J';
        assert_int_equal(write(fd, hdr, 8), 8);
        assert_int_equal(write(fd, buf, len), (ssize_t)len);
        for (;;) {
                assert_int_equal(read_full(fd, hdr, 8), 0);
                len = hdr[0] | hdr[1] << 8 | hdr[2] << 16 | (uint32_t)hdr[3] << 24;
                char *body = malloc(len + 1);
                assert_non_null(body);
                assert_int_equal(read_full(fd, body, len), 0);
                body[len] = '\0';
                if (hdr[4] == 'J') {
                        struct json_object *o = json_tokener_parse(body);
                        free(body);
                        assert_non_null(o);
                        return o;
                }
                free(body);
        }
}

static const char *error_code(struct json_object *o)
{
        struct json_object *e, *c;

        if (!json_object_object_get_ex(o, "error", &e))
                return NULL;
        return json_object_object_get_ex(e, "code", &c) ? json_object_get_string(c) : "?";
}

static long get_long(struct json_object *o, const char *key)
{
        struct json_object *v;

        assert_true(json_object_object_get_ex(o, key, &v));
        return (long)json_object_get_int64(v);
}

/* Create a session for pid on fd; its id. */
static long create_session(int fd, pid_t pid)
{
        struct json_object *o = request(fd, "{\"op\":\"session.create\",\"id\":1,\"pid\":%d}", pid),
                           *res;

        if (error_code(o))
                fprintf(stderr, "# %s\n", json_object_to_json_string(o));
        assert_true(json_object_object_get_ex(o, "result", &res));
        long id = get_long(res, "session");
        json_object_put(o);
        return id;
}

static long root_sessions_active(void)
{
        struct json_object *st = daemon_status(&daemon_);

        assert_non_null(st);
        long n = get_long(st, "sessions_active");
        json_object_put(st);
        return n;
}

static void assert_daemon_clean(void)
{
        struct json_object *st = NULL;

        for (int i = 0; i < 30; i++) {
                if (st)
                        json_object_put(st);
                st = daemon_status(&daemon_);
                assert_non_null(st);
                if (get_long(st, "sessions_active") == 0 && get_long(st, "tracked_processes") == 0)
                        break;
                sleep_ms(100);
        }
        assert_int_equal(get_long(st, "sessions_active"), 0);
        assert_int_equal(get_long(st, "tracked_processes"), 0);
        json_object_put(st);
}

static int group_setup(void **state)
{
        (void)state;
        atexit(cleanup);
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
        renacer_gid = g->gr_gid;
        if (user_create(&u1, true) < 0 || user_create(&u2, true) < 0 ||
            user_create(&u3, false) < 0) {
                fprintf(stderr, "cannot create the test users\n");
                return -1;
        }
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/renacer-access-XXXXXX");
        if (!mkdtemp(tmpdir) || chmod(tmpdir, 0755) < 0)
                return -1;
        snprintf(loop_path, sizeof(loop_path), "%s/getppid-loop", tmpdir);
        snprintf(spinner_path, sizeof(spinner_path), "%s/spinner", tmpdir);
        if (copy_file(harness_prog("getppid-loop", prog_buf, sizeof(prog_buf)), loop_path) < 0 ||
            copy_file(harness_prog("spinner", prog_buf, sizeof(prog_buf)), spinner_path) < 0)
                return -1;
        if (daemon_start(&daemon_, NULL) < 0) {
                fprintf(stderr, "cannot start renacerd\n");
                return -1;
        }
        /* the socket is 0660 root:renacer; its private directory must let
         * the users reach it */
        struct stat st;
        if (chmod(daemon_.dir, 0755) < 0 || stat(daemon_.sock, &st) < 0)
                return -1;
        if ((st.st_mode & 0777) != 0660 || st.st_gid != renacer_gid) {
                fprintf(stderr, "socket mode %o gid %u, want 0660 gid %u\n", st.st_mode & 0777,
                        (unsigned)st.st_gid, (unsigned)renacer_gid);
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

/* A user traces its own process: exact counts, as with root. */
static void test_own_process(void **state)
{
        struct run_result r;

        (void)state;
        run_as(&u1, &r, "run", "-c", "--", loop_path, "100", NULL);
        if (r.code)
                fprintf(stderr, "# %s", r.err);
        assert_int_equal(r.code, 0);
        assert_int_equal(summary_calls(r.err, "getppid"), 100);
        assert_null(strstr(r.err, "in-process"));
        run_result_free(&r);

        /* and a running one of its own, by pid */
        pid_t sp = spinner_as(&u1), killer;
        char pidstr[16];
        snprintf(pidstr, sizeof(pidstr), "%d", sp);
        killer = fork();
        if (killer == 0) {
                sleep_ms(300);
                kill(sp, SIGKILL);
                _exit(0);
        }
        /* -f: the spinner's calls are its threads' (strace -p alone traces
         * the main thread) */
        run_as(&u1, &r, "trace", "-f", "--pid", pidstr, "-c", "-e", "trace=getppid", NULL);
        waitpid(killer, NULL, 0);
        harness_child_reap(sp);
        assert_int_equal(r.code, 0);
        assert_true(summary_calls(r.err, "getppid") > 50);
        run_result_free(&r);
        assert_daemon_clean();
}

/* Root's process and another user's: refused, one line, nothing left. */
static void test_others_processes(void **state)
{
        const struct user *owners[] = {NULL, &u2};
        struct run_result r;

        (void)state;
        for (int k = 0; k < 2; k++) {
                pid_t sp = spinner_as(owners[k]);
                char pidstr[16];
                snprintf(pidstr, sizeof(pidstr), "%d", sp);
                run_as(&u1, &r, "trace", "--pid", pidstr, NULL);
                assert_int_equal(r.code, 1);
                assert_non_null(strstr(r.err, "permission denied"));
                assert_int_equal(count_substr(r.err, "\n"), 1);
                run_result_free(&r);
                assert_int_equal(root_sessions_active(), 0);

                /* the raw request says the same */
                int fd = connect_as(&u1);
                struct json_object *o =
                    request(fd, "{\"op\":\"session.create\",\"id\":1,\"pid\":%d}", sp);
                assert_string_equal(error_code(o), "permission_denied");
                json_object_put(o);
                close(fd);
                harness_child_reap(sp);
        }
        assert_daemon_clean();
}

/* Sessions are private: listing, status, subscribe, summary and end. */
static void test_others_sessions(void **state)
{
        struct run_result r;
        struct json_object *o, *res, *arr;

        (void)state;
        pid_t root_sp = spinner_as(NULL), u2_sp = spinner_as(&u2);
        int root_fd = connect_as(NULL), u2_fd = connect_as(&u2);
        long root_id = create_session(root_fd, root_sp);
        long u2_id = create_session(u2_fd, u2_sp);
        assert_int_equal(root_sessions_active(), 2);

        /* u1 sees neither */
        run_as(&u1, &r, "sessions", "--json", NULL);
        assert_int_equal(r.code, 0);
        o = json_tokener_parse(r.out);
        assert_non_null(o);
        assert_true(json_object_object_get_ex(o, "sessions", &arr));
        assert_int_equal(json_object_array_length(arr), 0);
        json_object_put(o);
        run_result_free(&r);
        run_as(&u1, &r, "status", "--json", NULL);
        assert_int_equal(r.code, 0);
        o = json_tokener_parse(r.out);
        assert_non_null(o);
        assert_int_equal(get_long(o, "sessions_active"), 0);
        /* the host-wide count of tracked pids is root's to know */
        assert_false(json_object_object_get_ex(o, "tracked_processes", &res));
        json_object_put(o);
        run_result_free(&r);

        /* u2 sees its own only */
        o = request(u2_fd, "{\"op\":\"sessions\",\"id\":2}");
        assert_true(json_object_object_get_ex(o, "result", &res));
        assert_true(json_object_object_get_ex(res, "sessions", &arr));
        assert_int_equal(json_object_array_length(arr), 1);
        assert_int_equal(get_long(json_object_array_get_idx(arr, 0), "session"), u2_id);
        assert_int_equal(get_long(json_object_array_get_idx(arr, 0), "uid"), u2.uid);
        json_object_put(o);
        o = request(u2_fd, "{\"op\":\"status\",\"id\":3}");
        assert_true(json_object_object_get_ex(o, "result", &res));
        assert_int_equal(get_long(res, "sessions_active"), 1);
        json_object_put(o);

        /* u1 cannot subscribe to, read or end root's or u2's session: each
         * reads exactly like a session that does not exist */
        int u1_fd = connect_as(&u1);
        const char *ops[] = {"session.subscribe", "session.summary", "session.end"};
        long ids[] = {root_id, u2_id, 999999};
        for (int k = 0; k < 3; k++)
                for (int i = 0; i < 3; i++) {
                        o = request(u1_fd, "{\"op\":\"%s\",\"id\":4,\"session\":%ld}", ops[i],
                                    ids[k]);
                        assert_string_equal(error_code(o), "no_such_session");
                        json_object_put(o);
                }
        close(u1_fd);
        /* ... and both sessions are still there */
        assert_int_equal(root_sessions_active(), 2);
        o = request(root_fd, "{\"op\":\"sessions\",\"id\":5}");
        assert_true(json_object_object_get_ex(o, "result", &res));
        assert_true(json_object_object_get_ex(res, "sessions", &arr));
        assert_int_equal(json_object_array_length(arr), 2); /* root sees all */
        json_object_put(o);

        /* each owner ends its own */
        o = request(u2_fd, "{\"op\":\"session.end\",\"id\":6,\"session\":%ld}", u2_id);
        assert_null(error_code(o));
        json_object_put(o);
        o = request(root_fd, "{\"op\":\"session.end\",\"id\":6,\"session\":%ld}", root_id);
        assert_null(error_code(o));
        json_object_put(o);
        close(u2_fd);
        close(root_fd);
        harness_child_reap(root_sp);
        harness_child_reap(u2_sp);
        assert_daemon_clean();
}

/* reload is root's. */
static void test_reload(void **state)
{
        struct run_result r;

        (void)state;
        run_as(&u1, &r, "reload", NULL);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "only root may reload"));
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);
        int fd = connect_as(&u1);
        struct json_object *o = request(fd, "{\"op\":\"reload\",\"id\":1}");
        assert_string_equal(error_code(o), "permission_denied");
        json_object_put(o);
        close(fd);
}

/* Outside the group: refused at the socket, with the hint; and no user
 * falls back to in-process tracing without a daemon. */
static void test_no_group_no_daemon(void **state)
{
        struct run_result r;

        (void)state;
        run_as(&u3, &r, "run", "--", "/bin/true", NULL);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "permission denied on"));
        assert_non_null(strstr(r.err, "join the 'renacer' group"));
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);
        run_as(&u3, &r, "status", NULL);
        assert_int_equal(r.code, 1);
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);

        run_as(&u1, &r, "run", "--socket", "/nonexistent/renacerd.sock", "-c", "--", loop_path,
               "10", NULL);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "cannot reach renacerd"));
        assert_null(strstr(r.err, "in-process"));
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);
        assert_daemon_clean();
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_own_process),        cmocka_unit_test(test_others_processes),
            cmocka_unit_test(test_others_sessions),    cmocka_unit_test(test_reload),
            cmocka_unit_test(test_no_group_no_daemon),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("integration-access", tests, group_setup,
                                           group_teardown);
}
