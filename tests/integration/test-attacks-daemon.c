// SPDX-License-Identifier: MIT
/*
 * Attacks on renacerd's socket and metrics endpoint by local users, against
 * a real daemon: a client that never reads its replies, hundreds of idle
 * connections from one unprivileged user, idle connections, a daemon that
 * closes on renacerctl, SIGTERM under a busy stream, idle TCP connections
 * held against /metrics, a subscriber that falls behind a fork storm, and a
 * battery of malformed requests after which the daemon's fds, sessions and
 * RSS must be back at their baseline.
 *
 * Needs root and BTF (exits 77 otherwise). Two system users
 * (rntest_trustd_a, rntest_trustd_b) and a group (rntest_trustd) that the
 * daemons' sockets are given to are created, or reused when they exist, and
 * removed at the end when this test made them.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <json-c/json.h>
#include <netinet/in.h>
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
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../bpf/renacer-event.h"
#include "harness.h"
#include "protocol.h"

#define GROUP "rntest_trustd"
/* RSS a daemon may gain over its baseline and keep (allocator slack; the
 * attacks cost 150 MB before their limits). Under ASan the RSS also holds
 * the quarantine of freed blocks, capped at 16 MB below. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_SLACK_KB ((12 + 64) * 1024L)
#else
#define RSS_SLACK_KB (12 * 1024L)
#endif

struct user {
        const char *name;
        uid_t uid;
        bool made;
        char uidopt[32], gidopt[32];
};

static struct user ua = {.name = "rntest_trustd_a"}, ub = {.name = "rntest_trustd_b"};
static gid_t group_gid;
static bool made_group;
static char tmpdir[64], main_cfg[128], prog_buf[4][512];
static struct test_daemon daemon_;
static int base_fds;
static long base_rss_kb;

static const char *prog(int slot, const char *name)
{
        return harness_prog(name, prog_buf[slot], sizeof(prog_buf[slot]));
}

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static double now_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

static void write_text(const char *path, const char *text)
{
        FILE *f = fopen(path, "we");

        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
}

/* ---- users, group, cleanup ---- */

static int user_ensure(struct user *u)
{
        struct passwd *pw = getpwnam(u->name);

        if (!pw) {
                const char *argv[] = {"/usr/sbin/useradd",
                                      "--system",
                                      "--no-create-home",
                                      "--shell",
                                      "/usr/sbin/nologin",
                                      "-G",
                                      GROUP,
                                      u->name,
                                      NULL};
                if (sh(argv) != 0)
                        return -1;
                u->made = true;
                pw = getpwnam(u->name);
                if (!pw)
                        return -1;
        } else {
                const char *argv[] = {"/usr/sbin/usermod", "-a", "-G", GROUP, u->name, NULL};
                if (sh(argv) != 0)
                        return -1;
        }
        u->uid = pw->pw_uid;
        snprintf(u->uidopt, sizeof(u->uidopt), "--reuid=%u", (unsigned)u->uid);
        snprintf(u->gidopt, sizeof(u->gidopt), "--regid=%u", (unsigned)pw->pw_gid);
        return 0;
}

static void cleanup(void)
{
        harness_children_reap_all();
        struct user *users[] = {&ua, &ub};
        for (size_t i = 0; i < 2; i++)
                if (users[i]->made) {
                        const char *argv[] = {"/usr/sbin/userdel", users[i]->name, NULL};
                        sh(argv);
                        users[i]->made = false;
                }
        if (made_group) {
                const char *argv[] = {"/usr/sbin/groupdel", GROUP, NULL};
                sh(argv);
                made_group = false;
        }
        if (tmpdir[0]) {
                unlink(main_cfg);
                rmdir(tmpdir);
                tmpdir[0] = '\0';
        }
}

/* ---- the daemon's resources ---- */

static int fd_count(pid_t pid)
{
        char path[64];
        int n = 0;
        DIR *d;

        snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
        d = opendir(path);
        if (!d)
                return -1;
        for (struct dirent *e; (e = readdir(d));)
                if (e->d_name[0] != '.')
                        n++;
        closedir(d);
        return n;
}

static long vmrss_kb(pid_t pid)
{
        char path[64], line[256];
        long kb = -1;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
        f = fopen(path, "re");
        if (!f)
                return -1;
        while (fgets(line, sizeof(line), f))
                if (sscanf(line, "VmRSS: %ld", &kb) == 1)
                        break;
        fclose(f);
        return kb;
}

static long get_long(struct json_object *o, const char *key)
{
        struct json_object *v;

        assert_true(json_object_object_get_ex(o, key, &v));
        return (long)json_object_get_int64(v);
}

/* Sessions, tracked pids and fds back at the baseline (clients the daemon
 * has not yet seen go may take a moment), RSS within the slack. */
static void assert_baseline(struct test_daemon *d, int fds0, long rss0)
{
        struct json_object *st = NULL;
        int fds = -1;

        for (int i = 0; i < 100; i++) {
                if (st)
                        json_object_put(st);
                st = daemon_status(d);
                assert_non_null(st);
                fds = fd_count(d->pid);
                if (get_long(st, "sessions_active") == 0 &&
                    get_long(st, "tracked_processes") == 0 && fds == fds0)
                        break;
                sleep_ms(100);
        }
        assert_int_equal(get_long(st, "sessions_active"), 0);
        assert_int_equal(get_long(st, "tracked_processes"), 0);
        json_object_put(st);
        assert_int_equal(fds, fds0);
        long rss = vmrss_kb(d->pid);
        fprintf(stderr, "# daemon: %d fds (baseline %d), VmRSS %ld kB (baseline %ld kB)\n", fds,
                fds0, rss, rss0);
        assert_true(rss > 0 && rss < rss0 + RSS_SLACK_KB);
}

/* ---- the wire protocol, by hand ---- */

/* A connection whose peer credentials are u's (root's when u is NULL). */
static int connect_as(const char *sock, const struct user *u)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

        assert_true(fd >= 0);
        assert_true(strlen(sock) < sizeof(sa.sun_path));
        memcpy(sa.sun_path, sock, strlen(sock) + 1);
        if (u) {
                assert_int_equal(setegid(group_gid), 0);
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

static void write_all(int fd, const void *buf, size_t len)
{
        const char *p = buf;

        while (len) {
                ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return; /* the daemon may close first: the reads say so */
                p += n;
                len -= (size_t)n;
        }
}

static void put_header(uint8_t *h, uint8_t type, uint32_t len)
{
        h[0] = (uint8_t)len;
        h[1] = (uint8_t)(len >> 8);
        h[2] = (uint8_t)(len >> 16);
        h[3] = (uint8_t)(len >> 24);
        h[4] = type;
        h[5] = h[6] = h[7] = 0;
}

static void send_frame(int fd, uint8_t type, const void *data, uint32_t len)
{
        uint8_t hdr[8];

        put_header(hdr, type, len);
        write_all(fd, hdr, sizeof(hdr));
        write_all(fd, data, len);
}

static void send_json(int fd, const char *json)
{
        send_frame(fd, 'J', json, (uint32_t)strlen(json));
}

/* Read exactly len bytes within timeout_ms: 1, 0 on EOF, -1 on timeout. */
static int read_full(int fd, void *buf, size_t len, int timeout_ms)
{
        char *p = buf;
        double end = now_s() + timeout_ms / 1000.0;

        while (len) {
                int left = (int)((end - now_s()) * 1000);
                struct pollfd pf = {.fd = fd, .events = POLLIN};
                if (left <= 0 || poll(&pf, 1, left) <= 0)
                        return -1;
                ssize_t n = read(fd, p, len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return 0;
                p += n;
                len -= (size_t)n;
        }
        return 1;
}

/* One frame: its type and malloc'ed body (NUL-terminated), or 0. */
static uint8_t recv_frame(int fd, char **body, uint32_t *len, int timeout_ms)
{
        uint8_t hdr[8];

        *body = NULL;
        if (read_full(fd, hdr, 8, timeout_ms) != 1)
                return 0;
        *len = hdr[0] | hdr[1] << 8 | hdr[2] << 16 | (uint32_t)hdr[3] << 24;
        *body = malloc(*len + 1);
        assert_non_null(*body);
        if (read_full(fd, *body, *len, timeout_ms) != 1) {
                free(*body);
                *body = NULL;
                return 0;
        }
        (*body)[*len] = '\0';
        return hdr[4];
}

/* The next JSON frame (event frames are skipped), or NULL on EOF/timeout. */
static struct json_object *recv_json(int fd, int timeout_ms)
{
        for (;;) {
                char *body;
                uint32_t len;
                uint8_t type = recv_frame(fd, &body, &len, timeout_ms);
                if (!type)
                        return NULL;
                if (type != 'J') {
                        free(body);
                        continue;
                }
                struct json_object *o = json_tokener_parse(body);
                free(body);
                assert_non_null(o);
                return o;
        }
}

static const char *error_code(struct json_object *o)
{
        struct json_object *e, *c;

        if (!json_object_object_get_ex(o, "error", &e))
                return NULL;
        return json_object_object_get_ex(e, "code", &c) ? json_object_get_string(c) : "?";
}

static const char *error_message(struct json_object *o)
{
        struct json_object *e, *m;

        if (!json_object_object_get_ex(o, "error", &e) ||
            !json_object_object_get_ex(e, "message", &m))
                return NULL;
        return json_object_get_string(m);
}

static bool is_closing(struct json_object *o)
{
        struct json_object *v;

        return json_object_object_get_ex(o, "closing", &v) && json_object_get_boolean(v);
}

/* Wait for EOF (the daemon closed): true within timeout_ms. */
static bool closed_within(int fd, int timeout_ms)
{
        char buf[4096];
        double end = now_s() + timeout_ms / 1000.0;

        for (;;) {
                int left = (int)((end - now_s()) * 1000);
                struct pollfd pf = {.fd = fd, .events = POLLIN};
                if (left <= 0 || poll(&pf, 1, left) <= 0)
                        return false;
                ssize_t n = read(fd, buf, sizeof(buf));
                if (n == 0 || (n < 0 && errno == ECONNRESET))
                        return true;
        }
}

/* renacerctl ARGS... as user u (setpriv: its uid, gid and groups). */
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

/* A daemon whose socket belongs to GROUP, its directory reachable by the
 * test users, with the YAML `extra` appended to the config. */
static void start_daemon(struct test_daemon *d, const char *cfg_path, const char *limits)
{
        char text[1024];

        snprintf(text, sizeof(text), "socket:\n  group: %s\n%s%s", GROUP, limits ? "limits:\n" : "",
                 limits ? limits : "");
        write_text(cfg_path, text);
        const char *extra[] = {"--config", cfg_path, NULL};
        assert_int_equal(daemon_start(d, extra), 0);
        assert_int_equal(chmod(d->dir, 0755), 0);
        /* the harness's readiness probe may still be queued: wait until the
         * daemon counts nobody but the status call itself */
        for (int i = 0; i < 100; i++) {
                struct json_object *st = daemon_status(d);
                long n = st ? get_long(st, "clients") : -1;
                json_object_put(st);
                if (n == 1)
                        return;
                sleep_ms(50);
        }
        fail_msg("renacerd on %s still counts other clients", d->sock);
}

static int group_setup(void **state)
{
        (void)state;
        atexit(cleanup);
        struct group *g = getgrnam(GROUP);
        if (!g) {
                const char *argv[] = {"/usr/sbin/groupadd", "--system", GROUP, NULL};
                if (sh(argv) != 0)
                        return -1;
                made_group = true;
                g = getgrnam(GROUP);
                if (!g)
                        return -1;
        }
        group_gid = g->gr_gid;
#if defined(__SANITIZE_ADDRESS__)
        char opts[512];
        const char *old = getenv("ASAN_OPTIONS");
        snprintf(opts, sizeof(opts), "%s%squarantine_size_mb=16", old ? old : "",
                 old && *old ? ":" : "");
        setenv("ASAN_OPTIONS", opts, 1);
#endif
        if (user_ensure(&ua) < 0 || user_ensure(&ub) < 0) {
                fprintf(stderr, "cannot create the test users\n");
                return -1;
        }
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/renacer-attacks-XXXXXX");
        if (!mkdtemp(tmpdir) || chmod(tmpdir, 0755) < 0)
                return -1;
        snprintf(main_cfg, sizeof(main_cfg), "%s/main.yaml", tmpdir);
        start_daemon(&daemon_, main_cfg, NULL);
        /* settle: the first requests allocate what the daemon then keeps */
        for (int i = 0; i < 5; i++)
                json_object_put(daemon_status(&daemon_));
        base_fds = fd_count(daemon_.pid);
        base_rss_kb = vmrss_kb(daemon_.pid);
        return base_fds > 0 && base_rss_kb > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
        (void)state;
        int r = daemon_stop(&daemon_);
        cleanup();
        return r == 0 ? 0 : -1;
}

/* A child that sleeps until killed. */
static pid_t start_pauser(void)
{
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0) {
                for (;;)
                        pause();
        }
        harness_child_add(pid);
        return pid;
}

/* A child of user u that sleeps until killed. */
static pid_t start_pauser_as(const struct user *u)
{
        int p[2];
        char c;

        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                close(p[0]);
                if (setgroups(0, NULL) < 0 || setresgid(group_gid, group_gid, group_gid) < 0 ||
                    setresuid(u->uid, u->uid, u->uid) < 0)
                        _exit(126);
                /* changing ids made it non-dumpable, which hides it from
                 * its own user's sessions (ptrace's rule): it is the user's */
                if (prctl(PR_SET_DUMPABLE, 1) < 0)
                        _exit(126);
                close(p[1]); /* ready: the ids are the user's */
                for (;;)
                        pause();
        }
        close(p[1]);
        harness_child_add(pid);
        assert_int_equal(read(p[0], &c, 1), 0);
        close(p[0]);
        return pid;
}

/* session.create for pid on fd; the reply. */
static struct json_object *create(int fd, pid_t pid)
{
        char req[128];

        snprintf(req, sizeof(req), "{\"op\":\"session.create\",\"id\":7,\"pid\":%d}", (int)pid);
        send_frame(fd, 'J', req, (uint32_t)strlen(req));
        struct json_object *o = recv_json(fd, 5000);
        assert_non_null(o);
        return o;
}

/* ---- 1. a client that never reads its replies ---- */

static void test_never_reading_client(void **state)
{
        static const char req_fmt[] = "{\"op\":\"status\",\"id\":%d}";
        const size_t total = 20u << 20; /* what grew renacerd by 150 MB before */
        char *buf = malloc(total + 64);
        size_t len = 0, sent = 0;
        int nreq = 0;

        (void)state;
        assert_non_null(buf);
        while (len < total) {
                char body[64];
                int n = snprintf(body, sizeof(body), req_fmt, ++nreq);
                put_header((uint8_t *)buf + len, 'J', (uint32_t)n);
                memcpy(buf + len + 8, body, (size_t)n);
                len += 8 + (size_t)n;
        }
        int fd = connect_as(daemon_.sock, NULL);
        assert_int_equal(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
        /* write until the daemon stops reading us: no progress for 2 s */
        for (;;) {
                struct pollfd pf = {.fd = fd, .events = POLLOUT};
                if (poll(&pf, 1, 2000) <= 0)
                        break;
                ssize_t n = send(fd, buf + sent, len - sent, MSG_NOSIGNAL);
                if (n < 0 && errno != EAGAIN && errno != EINTR)
                        fail_msg("send: %s", strerror(errno));
                if (n > 0)
                        sent += (size_t)n;
                if (sent == len)
                        break;
        }
        long rss = vmrss_kb(daemon_.pid);
        fprintf(stderr,
                "# %zu of %zu request bytes accepted before backpressure; VmRSS %ld kB "
                "(baseline %ld kB)\n",
                sent, len, rss, base_rss_kb);
        assert_true(sent < len);
        assert_true(rss < base_rss_kb + RSS_SLACK_KB);

        /* everyone else is still served meanwhile */
        struct json_object *st = daemon_status(&daemon_);
        assert_non_null(st);
        json_object_put(st);

        /* the replies that were queued are whole and in order */
        assert_int_equal(fcntl(fd, F_SETFL, 0), 0);
        for (int i = 1; i <= 100; i++) {
                struct json_object *o = recv_json(fd, 5000), *res;
                assert_non_null(o);
                assert_int_equal(get_long(o, "id"), i);
                assert_true(json_object_object_get_ex(o, "result", &res));
                json_object_put(o);
        }
        close(fd);
        free(buf);
        assert_baseline(&daemon_, base_fds, base_rss_kb);
}

/* A reader that drains replies while the writer sends: every request is
 * answered once backpressure lifts. */
static void test_backpressure_resumes(void **state)
{
        int fd = connect_as(daemon_.sock, NULL), answered = 0;
        const int nreq = 20000;
        pid_t writer;

        (void)state;
        writer = fork();
        assert_true(writer >= 0);
        if (writer == 0) {
                char body[64];
                for (int i = 1; i <= nreq; i++) {
                        int n = snprintf(body, sizeof(body), "{\"op\":\"status\",\"id\":%d}", i);
                        send_frame(fd, 'J', body, (uint32_t)n);
                }
                _exit(0);
        }
        harness_child_add(writer);
        /* let the queue fill and the daemon stop reading first */
        sleep_ms(1500);
        while (answered < nreq) {
                struct json_object *o = recv_json(fd, 10000);
                assert_non_null(o);
                assert_int_equal(get_long(o, "id"), answered + 1);
                answered++;
                json_object_put(o);
        }
        int status;
        assert_int_equal(waitpid(writer, &status, 0), writer);
        harness_child_forget(writer);
        close(fd);
        assert_baseline(&daemon_, base_fds, base_rss_kb);
}

/* ---- 2. one user's connections lock nobody out ---- */

static void test_lockout_per_uid(void **state)
{
        enum { N = 300 };
        int fds[N], accepted = 0, refused = 0;
        struct run_result r;
        char want[96];

        (void)state;
        for (int i = 0; i < N; i++)
                fds[i] = connect_as(daemon_.sock, &ua);
        snprintf(want, sizeof(want), "uid %u already has 32 connections", (unsigned)ua.uid);
        for (int i = 0; i < N; i++) {
                /* a refusal answers at once; an accepted connection is silent */
                struct pollfd pf = {.fd = fds[i], .events = POLLIN};
                if (poll(&pf, 1, refused + accepted < 40 ? 500 : 50) == 0) {
                        accepted++;
                        continue;
                }
                struct json_object *o = recv_json(fds[i], 2000);
                assert_non_null(o);
                assert_string_equal(error_code(o), "limit");
                assert_true(is_closing(o));
                assert_non_null(strstr(error_message(o), want));
                json_object_put(o);
                assert_true(closed_within(fds[i], 2000));
                refused++;
        }
        fprintf(stderr, "# %d connections as %s: %d accepted, %d refused\n", N, ua.name, accepted,
                refused);
        assert_int_equal(accepted, 32);
        assert_int_equal(refused, N - 32);

        /* root and another user are served while they are held */
        const char *st[] = {ctl(), "status", "--socket", daemon_.sock, NULL};
        assert_int_equal(run_capture(st, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        run_as(&ub, &r, "status", "--socket", daemon_.sock, NULL);
        if (r.code)
                fprintf(stderr, "# %s", r.err);
        assert_int_equal(r.code, 0);
        run_result_free(&r);

        /* the user itself is told why, never killed by SIGPIPE */
        run_as(&ua, &r, "status", "--socket", daemon_.sock, NULL);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "renacerctl: renacerd closed the connection: uid"));
        assert_non_null(strstr(r.err, "connections to renacerd (the limit)"));
        run_result_free(&r);

        for (int i = 0; i < N; i++)
                close(fds[i]);
        /* once they are gone, the user gets in again */
        for (int i = 0; i < 50; i++) {
                run_as(&ua, &r, "status", "--socket", daemon_.sock, NULL);
                int code = r.code;
                run_result_free(&r);
                if (code == 0)
                        break;
                sleep_ms(100);
        }
        run_as(&ua, &r, "status", "--socket", daemon_.sock, NULL);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        assert_baseline(&daemon_, base_fds, base_rss_kb);
}

/* Users without a per-uid cap that matters still leave root its slots. */
static void test_root_reserve(void **state)
{
        enum { N = 80 };
        struct test_daemon d2;
        char cfg[160];
        int fds[N], accepted = 0;
        struct run_result r;

        (void)state;
        snprintf(cfg, sizeof(cfg), "%s/reserve.yaml", tmpdir);
        start_daemon(&d2, cfg,
                     "  max_clients: 64\n  max_clients_per_uid: 1000\n"
                     "  root_reserved_clients: 8\n  max_sessions: 4\n"
                     "  root_reserved_sessions: 2\n  max_sessions_per_uid: 10\n");
        for (int i = 0; i < N; i++)
                fds[i] = connect_as(d2.sock, i % 2 ? &ua : &ub);
        for (int i = 0; i < N; i++) {
                struct pollfd pf = {.fd = fds[i], .events = POLLIN};
                if (poll(&pf, 1, i < 60 ? 300 : 50) == 0) {
                        accepted++;
                        continue;
                }
                struct json_object *o = recv_json(fds[i], 2000);
                assert_non_null(o);
                assert_string_equal(error_code(o), "limit");
                assert_non_null(strstr(error_message(o), "the last 8 are kept for root"));
                json_object_put(o);
        }
        assert_int_equal(accepted, 64 - 8);
        /* root gets in, more than once at a time */
        int rootfd[4];
        for (int i = 0; i < 4; i++) {
                rootfd[i] = connect_as(d2.sock, NULL);
                send_json(rootfd[i], "{\"op\":\"status\",\"id\":3}");
        }
        for (int i = 0; i < 4; i++) {
                struct json_object *o = recv_json(rootfd[i], 5000), *res;
                assert_non_null(o);
                assert_true(json_object_object_get_ex(o, "result", &res));
                json_object_put(o);
                close(rootfd[i]);
        }
        const char *st[] = {ctl(), "status", "--socket", d2.sock, NULL};
        assert_int_equal(run_capture(st, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        for (int i = 0; i < N; i++)
                close(fds[i]);

        /* sessions: 4 in all, the last 2 root's; a user gets 2 */
        pid_t mine[3], roots[2];
        int ufd = -1;
        for (int i = 0; i < 50 && ufd < 0; i++) {
                ufd = connect_as(d2.sock, &ua);
                struct pollfd pf = {.fd = ufd, .events = POLLIN};
                if (poll(&pf, 1, 200) > 0) { /* still refused: the closes are on their way */
                        close(ufd);
                        ufd = -1;
                }
        }
        assert_true(ufd >= 0);
        for (int i = 0; i < 3; i++) {
                mine[i] = start_pauser_as(&ua);
                struct json_object *o = create(ufd, mine[i]);
                if (i < 2) {
                        if (error_code(o))
                                fprintf(stderr, "# %s\n", json_object_to_json_string(o));
                        assert_null(error_code(o));
                } else {
                        fprintf(stderr, "# third session of a user: %s\n",
                                json_object_to_json_string(o));
                        assert_non_null(error_code(o));
                        assert_string_equal(error_code(o), "limit");
                        assert_int_equal(get_long(o, "id"), 7);
                        assert_non_null(strstr(error_message(o), "the last 2 are kept for root"));
                }
                json_object_put(o);
        }
        int rfd = connect_as(d2.sock, NULL);
        for (int i = 0; i < 2; i++) {
                roots[i] = start_pauser();
                struct json_object *o = create(rfd, roots[i]);
                assert_null(error_code(o));
                json_object_put(o);
        }
        close(rfd);
        close(ufd);
        for (int i = 0; i < 3; i++)
                harness_child_reap(mine[i]);
        for (int i = 0; i < 2; i++)
                harness_child_reap(roots[i]);
        assert_int_equal(daemon_stop(&d2), 0);
        unlink(cfg);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

/* ---- 3. idle connections are closed, busy ones are not ---- */

/* The new limits are checked like every other key. */
static void test_limit_keys_checked(void **state)
{
        static const char *const bad[][2] = {
            {"limits:\n  idle_timeout_s: -1\n", "limits.idle_timeout_s"},
            {"limits:\n  idle_timeout_s: 86401\n", "limits.idle_timeout_s"},
            {"limits:\n  max_clients_per_uid: 0\n", "limits.max_clients_per_uid"},
            {"limits:\n  root_reserved_clients: x\n", "limits.root_reserved_clients"},
            {"limits:\n  client_reply_buffer_size: 1K\n", "limits.client_reply_buffer_size"},
            {"limits:\n  client_lifecycle_reserve: 2G\n", "limits.client_lifecycle_reserve"},
            {"limits:\n  drain_timeout_ms: 60001\n", "limits.drain_timeout_ms"},
            {"limits:\n  root_reserved_sessions: 16384\n", "limits.root_reserved_sessions"},
        };
        char cfg[160];
        struct run_result r;

        (void)state;
        snprintf(cfg, sizeof(cfg), "%s/bad.yaml", tmpdir);
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                write_text(cfg, bad[i][0]);
                const char *argv[] = {harness_bin("RENACERD"), "--check-config", "--config", cfg,
                                      NULL};
                assert_int_equal(run_capture(argv, &r), 0);
                if (r.code != 1 || !strstr(r.err, bad[i][1]))
                        fail_msg("%s: exit %d: %s", bad[i][0], r.code, r.err);
                assert_int_equal(count_lines_with(r.err, "renacerd"), 1);
                run_result_free(&r);
        }
        unlink(cfg);
}

static void test_idle_timeout(void **state)
{
        struct test_daemon d2;
        char cfg[160], want[96];

        (void)state;
        snprintf(cfg, sizeof(cfg), "%s/idle.yaml", tmpdir);
        start_daemon(&d2, cfg, "  idle_timeout_s: 2\n");
        int idle = connect_as(d2.sock, &ua);
        /* one that holds a session stays, however quiet it is */
        pid_t pid = start_pauser();
        int holder = connect_as(d2.sock, NULL);
        snprintf(want, sizeof(want), "{\"op\":\"session.create\",\"id\":1,\"pid\":%d}", (int)pid);
        send_json(holder, want);
        struct json_object *o = recv_json(holder, 5000), *res;
        assert_non_null(o);
        assert_true(json_object_object_get_ex(o, "result", &res));
        json_object_put(o);

        o = recv_json(idle, 15000);
        assert_non_null(o);
        assert_string_equal(error_code(o), "idle_timeout");
        assert_true(is_closing(o));
        assert_non_null(strstr(error_message(o), "no request for 2 s and no session"));
        json_object_put(o);
        assert_true(closed_within(idle, 2000));
        close(idle);

        /* the holder outlives a further idle period and still answers */
        sleep_ms(3000);
        send_json(holder, "{\"op\":\"status\",\"id\":2}");
        o = recv_json(holder, 5000);
        assert_non_null(o);
        assert_int_equal(get_long(o, "id"), 2);
        assert_true(json_object_object_get_ex(o, "result", &res));
        json_object_put(o);
        close(holder);
        harness_child_reap(pid);
        assert_int_equal(daemon_stop(&d2), 0);
        unlink(cfg);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

/* ---- 4. renacerctl and a daemon that closes on it ---- */

/* A "daemon" that accepts and closes at once, `n` times. */
static pid_t fake_daemon(const char *path, int n, bool read_first)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        assert_true(lfd >= 0);
        memcpy(sa.sun_path, path, strlen(path) + 1);
        assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
        assert_int_equal(listen(lfd, 8), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                for (int i = 0; i < n; i++) {
                        int c = accept(lfd, NULL, NULL);
                        char buf[64];
                        if (c < 0)
                                _exit(1);
                        if (read_first && read(c, buf, sizeof(buf)) < 0)
                                _exit(1);
                        close(c);
                }
                _exit(0);
        }
        close(lfd);
        harness_child_add(pid);
        return pid;
}

static void test_closed_connection_message(void **state)
{
        char path[160];
        struct run_result r;

        (void)state;
        for (int mode = 0; mode < 2; mode++) {
                snprintf(path, sizeof(path), "%s/fake%d.sock", tmpdir, mode);
                pid_t pid = fake_daemon(path, 2, mode == 1);
                const char *st[] = {ctl(), "status", "--socket", path, NULL};
                assert_int_equal(run_capture(st, &r), 0);
                fprintf(stderr, "# mode %d: exit %d: %s", mode, r.code, r.err);
                assert_int_equal(r.code, 1);
                assert_non_null(strstr(r.err, "renacerctl: renacerd closed the connection: "));
                run_result_free(&r);
                /* trace: the same words, and the command is not left running */
                const char *run[] = {ctl(), "run", "--socket", path, "--", "/bin/true", NULL};
                assert_int_equal(run_capture(run, &r), 0);
                fprintf(stderr, "# mode %d run: exit %d: %s", mode, r.code, r.err);
                assert_int_equal(r.code, 1);
                assert_non_null(strstr(r.err, "renacerctl: renacerd closed the connection: "));
                run_result_free(&r);
                int status;
                assert_int_equal(waitpid(pid, &status, 0), pid);
                harness_child_forget(pid);
                unlink(path);
        }
}

/* ---- 5. SIGTERM hands a busy streaming client its summary ---- */

/* SIGTERM `daemon` once its log shows a session and a moment passed. */
static pid_t term_when_tracing(const struct test_daemon *d)
{
        pid_t killer = fork();

        assert_true(killer >= 0);
        if (killer == 0) {
                for (int i = 0; i < 3000; i++) {
                        FILE *f = fopen(d->log, "re");
                        char line[512];
                        bool seen = false;
                        while (f && fgets(line, sizeof(line), f))
                                seen |= strstr(line, ": pid ") != NULL;
                        if (f)
                                fclose(f);
                        if (seen)
                                break;
                        sleep_ms(10);
                }
                sleep_ms(300);
                kill(d->pid, SIGTERM);
                _exit(0);
        }
        harness_child_add(killer);
        return killer;
}

static void test_sigterm_drain(void **state)
{
        (void)state;
        for (int round = 0; round < 6; round++) {
                struct test_daemon d2;
                struct run_result r;
                int status;

                assert_int_equal(daemon_start(&d2, NULL), 0);
                pid_t killer = term_when_tracing(&d2);
                const char *argv[] = {
                    ctl(),     "run", "--socket", d2.sock, "-C", "--", prog(0, "getppid-loop"),
                    "3000000", NULL};
                assert_int_equal(run_capture(argv, &r), 0);
                assert_int_equal(waitpid(killer, &status, 0), killer);
                harness_child_forget(killer);
                /* the summary came, its total line last, and the reason with it */
                const char *total = strstr(r.err, " total\n");
                if (!total || !strstr(r.err, "renacerd shut down during the trace"))
                        fprintf(stderr, "# round %d: exit %d, stderr tail: %s\n", round, r.code,
                                strlen(r.err) > 600 ? r.err + strlen(r.err) - 600 : r.err);
                assert_non_null(total);
                assert_true(summary_calls(r.err, "getppid") > 0);
                assert_non_null(strstr(r.err, "renacerd shut down during the trace"));
                assert_null(strstr(r.err, "closed the connection"));
                assert_int_not_equal(r.code, 0);
                fprintf(stderr, "# round %d: %ld getppid calls in the summary, exit %d\n", round,
                        summary_calls(r.err, "getppid"), r.code);
                run_result_free(&r);
                assert_int_equal(daemon_stop(&d2), 0);
        }
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

/* ---- 6. /metrics with idle TCP connections held ---- */

static unsigned free_port(void)
{
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t len = sizeof(sa);
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
            getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
                return 0;
        close(fd);
        return ntohs(sa.sin_port);
}

static int tcp_connect(unsigned port)
{
        struct sockaddr_in sa = {.sin_family = AF_INET,
                                 .sin_port = htons((uint16_t)port),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        assert_true(fd >= 0);
        assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
        return fd;
}

/* GET /metrics; the body (malloc'ed) or NULL when no full answer came
 * within timeout_ms. */
static char *scrape(unsigned port, int timeout_ms)
{
        static const char req[] = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
        int fd = tcp_connect(port);
        size_t len = 0, cap = 1 << 20;
        char *buf = malloc(cap);
        double end = now_s() + timeout_ms / 1000.0;

        assert_non_null(buf);
        write_all(fd, req, sizeof(req) - 1);
        for (;;) {
                int left = (int)((end - now_s()) * 1000);
                struct pollfd pf = {.fd = fd, .events = POLLIN};
                if (left <= 0 || poll(&pf, 1, left) <= 0) {
                        free(buf);
                        close(fd);
                        return NULL;
                }
                if (len + 65536 + 1 > cap) {
                        cap *= 2;
                        buf = realloc(buf, cap);
                        assert_non_null(buf);
                }
                ssize_t n = read(fd, buf + len, cap - len - 1);
                if (n <= 0)
                        break;
                len += (size_t)n;
        }
        close(fd);
        buf[len] = '\0';
        if (strncmp(buf, "HTTP/1.", 7) || !strstr(buf, " 200 ") || !strstr(buf, "\r\n\r\n")) {
                free(buf);
                return NULL;
        }
        return buf;
}

/* Every label name in the exposition is one of the aggregate ones. */
static void assert_aggregate_labels(const char *body)
{
        /* what the daemon exports by: none of it is a pid, a uid, a user's
         * command or a path */
        static const char *const allowed[] = {"syscall",   "reason", "le",      "version",
                                              "kernel",    "libbpf", "program", "policy",
                                              "assertion", "result", NULL};
        size_t nlabels = 0;

        for (const char *p = body; (p = strchr(p, '{'));) {
                const char *end = strchr(p, '}');
                assert_non_null(end);
                for (const char *q = p + 1; q < end;) {
                        const char *eq = strchr(q, '=');
                        assert_true(eq && eq < end);
                        bool ok = false;
                        for (size_t i = 0; allowed[i]; i++)
                                ok |= (size_t)(eq - q) == strlen(allowed[i]) &&
                                      !strncmp(q, allowed[i], (size_t)(eq - q));
                        if (!ok)
                                fail_msg("label '%.*s' is not an aggregate", (int)(eq - q), q);
                        nlabels++;
                        /* past the quoted value */
                        const char *v = eq + 2;
                        while (*v && *v != '"')
                                v += *v == '\\' ? 2 : 1;
                        q = v + 1;
                        if (*q == ',')
                                q++;
                }
                p = end;
        }
        assert_true(nlabels > 0);
}

static void test_metrics_idle_connections(void **state)
{
        struct test_daemon d2;
        char listen_arg[48], secret[160];
        int idle[40];
        unsigned port = free_port();
        struct run_result r;

        (void)state;
        assert_true(port > 0);
        snprintf(listen_arg, sizeof(listen_arg), "127.0.0.1:%u", port);
        const char *extra[] = {"--metrics-listen", listen_arg, NULL};
        assert_int_equal(daemon_start(&d2, extra), 0);
        /* a traced program whose name and pid must not show up */
        snprintf(secret, sizeof(secret), "%s/rnsecretcomm", tmpdir);
        const char *cp[] = {"/bin/cp", prog(1, "getppid-loop"), secret, NULL};
        assert_int_equal(sh(cp), 0);
        const char *run[] = {ctl(), "run", "--socket", d2.sock, "-c", "--", secret, "100", NULL};
        assert_int_equal(run_capture(run, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);

        for (int i = 0; i < 40; i++)
                idle[i] = tcp_connect(port);
        sleep_ms(200); /* the daemon has seen them all */
        char *body = scrape(port, 5000);
        assert_non_null(body);
        assert_non_null(strstr(body, "renacer_sessions_created_total 1"));
        assert_non_null(strstr(body, "renacer_lifecycle_lost_total{reason=\"client_slow\"}"));
        assert_null(strstr(body, "rnsecret"));
        assert_aggregate_labels(strstr(body, "\r\n\r\n"));
        free(body);
        /* twice: the first answer did not just slip into a free slot */
        body = scrape(port, 5000);
        assert_non_null(body);
        free(body);
        for (int i = 0; i < 40; i++)
                close(idle[i]);
        unlink(secret);
        assert_int_equal(daemon_stop(&d2), 0);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

/* ---- 7. a subscriber that falls behind a fork storm keeps every exit ---- */

struct storm {
        long forks, execs, exits, syscalls;
        long client_lost, lifecycle_lost;
};

/* fork-many CHILDREN under a session whose subscriber reads nothing until
 * the storm is over, on a daemon with the given limits. */
static void slow_storm(const char *limits, int children, struct storm *ret)
{
        struct test_daemon d2;
        char cfg[160], req[256], arg[16];
        int p[2], status;

        memset(ret, 0, sizeof(*ret));
        snprintf(cfg, sizeof(cfg), "%s/slow.yaml", tmpdir);
        start_daemon(&d2, cfg, limits);
        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        snprintf(arg, sizeof(arg), "%d", children);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                char go;
                close(p[1]);
                if (read(p[0], &go, 1) != 1)
                        _exit(127);
                execl(prog(2, "fork-many"), "fork-many", arg, (char *)NULL);
                _exit(127);
        }
        harness_child_add(pid);
        close(p[0]);
        int fd = connect_as(d2.sock, NULL);
        snprintf(req, sizeof(req),
                 "{\"op\":\"session.create\",\"id\":1,\"pid\":%d,\"follow\":true,"
                 "\"subscribe\":true,\"capture\":256}",
                 (int)pid);
        send_json(fd, req);
        struct json_object *o = recv_json(fd, 5000), *res, *v;
        assert_non_null(o);
        assert_true(json_object_object_get_ex(o, "result", &res));
        json_object_put(o);
        /* release it and read nothing until the whole storm is over */
        assert_int_equal(write(p[1], "x", 1), 1);
        close(p[1]);
        assert_int_equal(waitpid(pid, &status, 0), pid);
        harness_child_forget(pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        sleep_ms(500);

        for (;;) {
                char *body;
                uint32_t len;
                uint8_t type = recv_frame(fd, &body, &len, 10000);
                assert_int_not_equal(type, 0);
                if (type == 'E') {
                        struct proto_frame f = {PROTO_EVENTS, len, (const uint8_t *)body};
                        size_t off = PROTO_EVENTS_PREFIX;
                        const uint8_t *rec;
                        uint32_t sid, size;
                        int r;
                        assert_int_equal(proto_events_session(&f, &sid), 0);
                        while ((r = proto_events_next(&f, &off, &rec, &size)) > 0) {
                                struct renacer_event_header h;
                                memcpy(&h, rec, sizeof(h));
                                ret->forks += h.kind == RENACER_EV_FORK;
                                ret->execs += h.kind == RENACER_EV_EXEC;
                                ret->exits += h.kind == RENACER_EV_EXIT;
                                ret->syscalls += h.kind == RENACER_EV_SYSCALL;
                        }
                        assert_int_equal(r, 0);
                        free(body);
                        continue;
                }
                o = json_tokener_parse(body);
                free(body);
                assert_non_null(o);
                if (json_object_object_get_ex(o, "event", &v) &&
                    !strcmp(json_object_get_string(v), "session.ended"))
                        break;
                json_object_put(o);
        }
        ret->client_lost = get_long(o, "client_lost");
        ret->lifecycle_lost = get_long(o, "lifecycle_lost");
        json_object_put(o);
        fprintf(stderr,
                "# slow subscriber (%d children): %ld syscall records, %ld forks, %ld execs, %ld "
                "exits; client_lost %ld, lifecycle_lost %ld\n",
                children, ret->syscalls, ret->forks, ret->execs, ret->exits, ret->client_lost,
                ret->lifecycle_lost);
        close(fd);
        assert_int_equal(daemon_stop(&d2), 0);
        unlink(cfg);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
}

static void test_lifecycle_slow_subscriber(void **state)
{
        struct storm st;

        (void)state;
        slow_storm("  client_buffer_size: 64K\n", 300, &st);
        /* the stream overflowed, and no process record went with it */
        assert_true(st.client_lost > 0);
        assert_int_equal(st.lifecycle_lost, 0);
        assert_int_equal(st.forks, 300);
        assert_int_equal(st.execs, 301); /* fork-many itself, then each /bin/true */
        assert_int_equal(st.exits, 301);
}

/* A reserve too small for the storm: what is lost is counted, exactly. */
static void test_lifecycle_lost_counted(void **state)
{
        struct storm st;

        (void)state;
        slow_storm("  client_buffer_size: 64K\n  client_lifecycle_reserve: 64K\n", 2000, &st);
        assert_true(st.lifecycle_lost > 0);
        assert_int_equal(st.forks + st.execs + st.exits + st.lifecycle_lost, 2000 + 2001 + 2001);
}

/* ---- 8. the smaller items ---- */

static void test_long_filter(void **state)
{
        static const char *const names[] = {"openat", "read",   "write", "close",     "fstat",
                                            "mmap",   "munmap", "brk",   "exit_group"};
        char *expr = malloc(40000);
        size_t len;
        struct run_result r;

        (void)state;
        assert_non_null(expr);
        len = (size_t)sprintf(expr, "trace=");
        /* repeated names are valid and make it long */
        for (int i = 0; len < 2000; i++)
                len += (size_t)sprintf(expr + len, "%s%s", i ? "," : "", names[i % 9]);
        const char *argv[] = {ctl(), "run", "-e", expr, "--", prog(0, "open-three"), NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        if (r.code)
                fprintf(stderr, "# %s", r.err);
        assert_int_equal(r.code, 0);
        assert_true(count_substr(r.err, "openat(") >= 3);
        assert_null(strstr(r.err, "protocol"));
        run_result_free(&r);

        /* too long for any request: the error names -e and the limit */
        while (len < 39000)
                len += (size_t)sprintf(expr + len, ",%s", "openat");
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_not_equal(r.code, 0);
        assert_non_null(strstr(r.err, "-e expression is"));
        assert_non_null(strstr(r.err, "longer than the 32767-byte limit"));
        assert_int_equal(count_lines_with(r.err, "renacerctl"), 1);
        run_result_free(&r);
        free(expr);
}

/* One request on a fresh root connection; its reply. */
static struct json_object *ask(const char *json)
{
        int fd = connect_as(daemon_.sock, NULL);
        struct json_object *o;

        send_json(fd, json);
        o = recv_json(fd, 5000);
        close(fd);
        assert_non_null(o);
        return o;
}

static void test_error_replies(void **state)
{
        struct json_object *o;

        (void)state;
        o = ask("{\"op\":\"no.such.op\",\"id\":4242}");
        assert_string_equal(error_code(o), "bad_request");
        assert_int_equal(get_long(o, "id"), 4242);
        assert_non_null(strstr(error_message(o), "unknown op 'no.such.op'"));
        json_object_put(o);

        o = ask("{\"op\":\"status\",\"id\":4343,\"bogus\":1}");
        assert_string_equal(error_code(o), "bad_request");
        assert_int_equal(get_long(o, "id"), 4343);
        assert_non_null(strstr(error_message(o), "unknown field 'bogus'"));
        json_object_put(o);

        /* if the last "op" won, root's request would reload the policies */
        o = ask("{\"op\":\"status\",\"id\":5,\"op\":\"reload\"}");
        assert_string_equal(error_code(o), "bad_request");
        assert_int_equal(get_long(o, "id"), 5);
        assert_non_null(strstr(error_message(o), "duplicate field 'op'"));
        json_object_put(o);
        o = ask("{\"op\":\"status\",\"id\":6,\"\\u006fp\":\"reload\"}");
        assert_non_null(strstr(error_message(o), "duplicate field 'op'"));
        json_object_put(o);
}

static void test_kernel_thread(void **state)
{
        char comm[32] = "";
        struct run_result r;
        FILE *f = fopen("/proc/2/comm", "re");

        (void)state;
        assert_non_null(f);
        assert_non_null(fgets(comm, sizeof(comm), f));
        fclose(f);
        comm[strcspn(comm, "\n")] = '\0';
        assert_string_equal(comm, "kthreadd");
        const char *argv[] = {ctl(), "trace", "--pid", "2", NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "pid 2 is a kernel thread (kthreadd)"));
        assert_int_equal(count_lines_with(r.err, "renacerctl"), 1);
        run_result_free(&r);
        struct json_object *st = daemon_status(&daemon_);
        assert_int_equal(get_long(st, "sessions_active"), 0);
        json_object_put(st);
}

/* ---- 9. bad input costs nothing lasting ---- */

static const char status_req[] = "{\"op\":\"status\",\"id\":1}";
#define STATUS_LEN ((uint8_t)(sizeof(status_req) - 1))

static void test_bad_input_battery(void **state)
{
        static const char *const bad_requests[] = {
            "{\"op\":\"status\",",
            "not json",
            "[1,2,3]",
            "\"status\"",
            "{}",
            "{\"op\":7}",
            "{\"op\":\"sta\\u0000tus\",\"id\":1}",
            "{\"op\":\"status\",\"id\":\"1\"}",
            "{\"op\":\"status\",\"id\":-4}",
            "{\"op\":\"status\",\"id\":1e99}",
            "{\"op\":\"no.such\",\"id\":1}",
            "{\"op\":\"status\",\"op\":\"status\"}",
            "{\"op\":\"session.create\",\"id\":1,\"pid\":1,\"pid\":2}",
            "{\"op\":\"session.create\",\"id\":1,\"pid\":\"1\"}",
            "{\"op\":\"session.create\",\"id\":1,\"pid\":1,\"follow\":\"yes\"}",
            "{\"op\":\"session.create\",\"id\":1,\"pid\":1,\"capture\":99999}",
            "{\"op\":\"session.create\",\"id\":1,\"pid\":1,\"filter\":\"trace=nosuchcall\"}",
            "{\"op\":\"session.create\",\"id\":1,\"pid\":1,\"filter\":\"a\\u0000b\"}",
            "{\"op\":\"session.create\",\"id\":1,\"pid\":2}",
            "{\"op\":\"session.create\",\"id\":1,\"pid\":999999999}",
            "{\"op\":\"session.end\",\"id\":1,\"session\":0}",
            "{\"op\":\"session.end\",\"id\":1,\"session\":123456}",
            "{\"op\":\"session.summary\",\"id\":1}",
            "{\"op\":\"status\",\"id\":1,\"extra\":{\"deep\":[1,{\"op\":2}]}}",
            "{\"op\":\"status\"} trailing",
        };
        (void)state;
        for (int round = 0; round < 3; round++) {
                /* request-level errors: answered, and the connection stays */
                int fd = connect_as(daemon_.sock, round == 1 ? &ua : NULL);
                for (size_t i = 0; i < sizeof(bad_requests) / sizeof(bad_requests[0]); i++) {
                        send_json(fd, bad_requests[i]);
                        struct json_object *o = recv_json(fd, 5000);
                        if (!o || !error_code(o))
                                fail_msg("no error reply for %s", bad_requests[i]);
                        const char *m = error_message(o);
                        assert_true(m && *m && !strchr(m, '\n'));
                        json_object_put(o);
                }
                /* a raw NUL inside the JSON text */
                send_frame(fd, 'J', "{\"op\":\"st\0atus\"}", 16);
                struct json_object *o = recv_json(fd, 5000);
                assert_non_null(o);
                assert_string_equal(error_code(o), "bad_request");
                json_object_put(o);
                send_json(fd, "{\"op\":\"status\",\"id\":9}");
                o = recv_json(fd, 5000);
                assert_non_null(o);
                assert_int_equal(get_long(o, "id"), 9);
                json_object_put(o);
                close(fd);

                /* frame-level errors: answered, then closed */
                const uint8_t bad_frames[][8] = {
                    {STATUS_LEN, 0, 0, 0, 'X', 0, 0, 0},    {STATUS_LEN, 0, 0, 0, 'E', 0, 0, 0},
                    {STATUS_LEN, 0, 0, 0, 'J', 0, 1, 0},    {0x01, 0x00, 0x01, 0x00, 'J', 0, 0, 0},
                    {0xff, 0xff, 0xff, 0xff, 'J', 0, 0, 0},
                };
                for (size_t i = 0; i < sizeof(bad_frames) / sizeof(bad_frames[0]); i++) {
                        fd = connect_as(daemon_.sock, round == 1 ? &ub : NULL);
                        write_all(fd, bad_frames[i], 8);
                        write_all(fd, status_req, STATUS_LEN);
                        o = recv_json(fd, 5000);
                        assert_non_null(o);
                        assert_true(is_closing(o));
                        assert_true(!strcmp(error_code(o), "bad_frame") ||
                                    !strcmp(error_code(o), "too_large"));
                        json_object_put(o);
                        assert_true(closed_within(fd, 3000));
                        close(fd);
                }
                /* truncated frames, then the client goes */
                for (size_t cut = 1; cut < 30; cut += 3) {
                        uint8_t f[40];
                        put_header(f, 'J', STATUS_LEN);
                        memcpy(f + 8, status_req, STATUS_LEN);
                        fd = connect_as(daemon_.sock, NULL);
                        write_all(fd, f, cut);
                        close(fd);
                }
                /* a session created and abandoned mid-stream */
                pid_t pid = start_pauser();
                char req[128];
                snprintf(req, sizeof(req),
                         "{\"op\":\"session.create\",\"id\":1,\"pid\":%d,\"subscribe\":true}",
                         (int)pid);
                fd = connect_as(daemon_.sock, NULL);
                send_json(fd, req);
                o = recv_json(fd, 5000);
                assert_non_null(o);
                assert_null(error_code(o));
                json_object_put(o);
                close(fd);
                harness_child_reap(pid);
        }
        assert_baseline(&daemon_, base_fds, base_rss_kb);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_never_reading_client),
            cmocka_unit_test(test_backpressure_resumes),
            cmocka_unit_test(test_lockout_per_uid),
            cmocka_unit_test(test_root_reserve),
            cmocka_unit_test(test_limit_keys_checked),
            cmocka_unit_test(test_idle_timeout),
            cmocka_unit_test(test_closed_connection_message),
            cmocka_unit_test(test_sigterm_drain),
            cmocka_unit_test(test_metrics_idle_connections),
            cmocka_unit_test(test_lifecycle_slow_subscriber),
            cmocka_unit_test(test_lifecycle_lost_counted),
            cmocka_unit_test(test_long_filter),
            cmocka_unit_test(test_error_replies),
            cmocka_unit_test(test_kernel_thread),
            cmocka_unit_test(test_bad_input_battery),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("integration-attacks-daemon", tests, group_setup,
                                           group_teardown);
}
