// SPDX-License-Identifier: MIT
/*
 * renacerd under an exec and fork storm with daemon-wide policies: every
 * exec on the host opens a provisional auto-session, the long-lived
 * processes a policy matches keep their sessions (and their aggregates in
 * the kernel's maps) for the whole storm, and several clients stream
 * their own sessions meanwhile. The daemon must keep answering `status`
 * throughout, let every provisional session go (the kernel's tracked map
 * back to what the live sessions hold), and on SIGTERM hand each client
 * its summary and exit within its drain time.
 *
 * A daemon whose work per exec grew with its maps fell behind such a
 * storm for good: it stayed inside one drain of the ring buffer, answered
 * nobody, and did not read its SIGTERM.
 *
 * Needs root and BTF (exits 77 otherwise).
 */
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

/* Processes a policy matches (by comm) and that live through the storm. */
#define SLEEPERS 64
/* Parallel storms of fork + exec /bin/true, and the execs in each. */
#define STORMS      3
#define STORM_EXECS 1500
/* A status request not answered in this long means the daemon is stuck
 * (a liveness bound, not a speed check: a loaded machine answers in ms). */
#define STATUS_TIMEOUT_MS 20000
/* SIGTERM: the daemon's drain time (the config below) plus a margin for
 * ending the sessions and exiting on a loaded machine. */
#define DRAIN_MS      3000
#define EXIT_LIMIT_MS (DRAIN_MS + 30000)
/* The fd exhaustion case: renacerd's fd limit, the processes a policy
 * matches, and the connections opened, each well above the limit. */
#define FD_LIMIT    160
#define FD_SLEEPERS 300
#define FD_CONNS    200

static char tmpdir[64], prog_buf[2][512];

static const char *prog(int slot, const char *name)
{
        return harness_prog(name, prog_buf[slot], sizeof(prog_buf[slot]));
}

static double now_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
        nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
}

static void write_text(const char *path, const char *text)
{
        FILE *f = fopen(path, "w");

        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
}

static int connect_to(const char *sock)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        assert_true(fd >= 0);
        assert_true(strlen(sock) < sizeof(sa.sun_path));
        memcpy(sa.sun_path, sock, strlen(sock) + 1);
        assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
        return fd;
}

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

/* One `status` request on fd; its result object (caller frees), or NULL
 * when no answer came within the timeout. */
static struct json_object *status_on(int fd, int id)
{
        char req[64];
        uint8_t hdr[8];
        int n = snprintf(req, sizeof(req), "{\"op\":\"status\",\"id\":%d}", id);

        hdr[0] = (uint8_t)n;
        hdr[1] = hdr[2] = hdr[3] = 0;
        hdr[4] = 'J';
        hdr[5] = hdr[6] = hdr[7] = 0;
        if (send(fd, hdr, 8, MSG_NOSIGNAL) != 8 || send(fd, req, (size_t)n, MSG_NOSIGNAL) != n)
                return NULL;
        for (;;) {
                if (read_full(fd, hdr, 8, STATUS_TIMEOUT_MS) != 1)
                        return NULL;
                uint32_t len = hdr[0] | hdr[1] << 8 | hdr[2] << 16 | (uint32_t)hdr[3] << 24;
                char *body = malloc(len + 1);
                assert_non_null(body);
                if (read_full(fd, body, len, STATUS_TIMEOUT_MS) != 1) {
                        free(body);
                        return NULL;
                }
                body[len] = '\0';
                struct json_object *o = hdr[4] == 'J' ? json_tokener_parse(body) : NULL, *v, *res;
                free(body);
                if (o && json_object_object_get_ex(o, "id", &v) && json_object_get_int(v) == id &&
                    json_object_object_get_ex(o, "result", &res)) {
                        json_object_get(res);
                        json_object_put(o);
                        return res;
                }
                json_object_put(o);
        }
}

static long get_long(struct json_object *o, const char *key)
{
        struct json_object *v;

        return o && json_object_object_get_ex(o, key, &v) ? (long)json_object_get_int64(v) : -1;
}

/* A process named rnstress-sleep (the policy's comm) that sleeps until
 * killed: exec'ed, so the kernel opens its provisional session at exec. */
static pid_t start_sleeper(void)
{
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0) {
                char link[128];
                snprintf(link, sizeof(link), "%s/rnstress-sleep", tmpdir);
                execl(link, "rnstress-sleep", "3600", (char *)NULL);
                _exit(127);
        }
        harness_child_add(pid);
        return pid;
}

static pid_t start_storm(void)
{
        pid_t pid = fork();
        char n[16];

        assert_true(pid >= 0);
        snprintf(n, sizeof(n), "%d", STORM_EXECS);
        if (pid == 0) {
                execl(prog(0, "fork-many"), "fork-many", n, (char *)NULL);
                _exit(127);
        }
        harness_child_add(pid);
        return pid;
}

/* renacerctl run -f -C -- fork-many N, in the background, stderr to path. */
static pid_t start_client(const char *sock, const char *out, const char *n)
{
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0) {
                FILE *f = freopen(out, "w", stderr);
                if (!f)
                        _exit(126);
                execl(harness_bin("RENACERCTL"), "renacerctl", "run", "--socket", sock, "-f", "-C",
                      "-e", "trace=%process", "--", prog(1, "fork-many"), n, (char *)NULL);
                _exit(127);
        }
        harness_child_add(pid);
        return pid;
}

static bool reaped(pid_t pid, int *status)
{
        pid_t r = waitpid(pid, status, WNOHANG);

        if (r == pid)
                harness_child_forget(pid);
        return r == pid;
}

static char *slurp(const char *path)
{
        FILE *f = fopen(path, "re");
        char *buf = NULL;
        size_t len = 0;

        if (!f)
                return strdup("");
        FILE *m = open_memstream(&buf, &len);
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
                fwrite(chunk, 1, n, m);
        fclose(f);
        fclose(m);
        return buf;
}

static void test_exec_storm_with_policies(void **state)
{
        struct test_daemon d;
        char cfg[160], pdir[128], pol[192], link[128], client_out[2][160];
        pid_t sleepers[SLEEPERS], storms[STORMS], clients[2];
        int persistent, status;
        long asked = 0, answered = 0;

        (void)state;
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/renacer-stress-XXXXXX");
        assert_non_null(mkdtemp(tmpdir));
        snprintf(link, sizeof(link), "%s/rnstress-sleep", tmpdir);
        assert_int_equal(symlink("/bin/sleep", link), 0);
        snprintf(pdir, sizeof(pdir), "%s/policies", tmpdir);
        assert_int_equal(mkdir(pdir, 0755), 0);
        /* a daemon-wide policy on the sleepers, and one on every /bin/true
         * of the storms: adopted, evaluated and ended once per exec */
        snprintf(pol, sizeof(pol), "%s/sleepers.yaml", pdir);
        write_text(pol, "version: 1\nmatch:\n  comm: rnstress-sleep\nassertions:\n"
                        "  - name: calls\n    type: span_count\n    max_spans: 100000\n");
        snprintf(pol, sizeof(pol), "%s/true.yaml", pdir);
        write_text(pol, "version: 1\nmatch:\n  comm: \"true\"\nassertions:\n"
                        "  - name: calls\n    type: span_count\n    max_spans: 100000\n");
        snprintf(cfg, sizeof(cfg), "%s/renacerd.yaml", tmpdir);
        char text[512];
        snprintf(text, sizeof(text), "policy_dir: %s\nlimits:\n  drain_timeout_ms: %d\n", pdir,
                 DRAIN_MS);
        write_text(cfg, text);
        const char *extra[] = {"--config", cfg, NULL};
        assert_int_equal(daemon_start(&d, extra), 0);
        persistent = connect_to(d.sock);
        /* the policies are loaded before the socket exists */
        struct json_object *st = status_on(persistent, ++asked);
        assert_non_null(st);
        answered++;
        long base_tracked = get_long(st, "tracked_processes");
        json_object_put(st);

        for (int i = 0; i < SLEEPERS; i++)
                sleepers[i] = start_sleeper();
        for (int i = 0; i < 2; i++) {
                snprintf(client_out[i], sizeof(client_out[i]), "%s/client%d.err", tmpdir, i);
                clients[i] = start_client(d.sock, client_out[i], "300");
        }
        for (int i = 0; i < STORMS; i++)
                storms[i] = start_storm();

        /* status on a long-lived connection and on fresh ones, until every
         * storm and client is done */
        int left = STORMS + 2;
        bool done[STORMS + 2] = {false};
        while (left > 0) {
                st = status_on(persistent, ++asked);
                if (!st)
                        fail_msg(
                            "renacerd did not answer status %ld on its connection within %d ms",
                            asked, STATUS_TIMEOUT_MS);
                answered++;
                json_object_put(st);
                int fresh = connect_to(d.sock);
                st = status_on(fresh, 1);
                close(fresh);
                if (!st)
                        fail_msg("renacerd did not answer status on a new connection within %d ms",
                                 STATUS_TIMEOUT_MS);
                answered++;
                json_object_put(st);
                for (int i = 0; i < STORMS + 2; i++) {
                        pid_t pid = i < STORMS ? storms[i] : clients[i - STORMS];
                        if (!done[i] && reaped(pid, &status)) {
                                done[i] = true;
                                left--;
                                assert_true(WIFEXITED(status));
                                assert_int_equal(WEXITSTATUS(status), 0);
                        }
                }
                sleep_ms(100);
        }
        fprintf(stderr, "# %ld status requests answered during %d execs\n", answered,
                STORMS * STORM_EXECS + 2 * 300);
        for (int i = 0; i < 2; i++) {
                char *err = slurp(client_out[i]);
                /* each client's own tree, whole, with its summary */
                assert_int_equal(count_lines_with(err, "+++ exited with 0 +++"), 301);
                assert_non_null(strstr(err, " total\n"));
                free(err);
        }

        /* every provisional session was let go: the kernel tracks the
         * sleepers (their adopted sessions) and nothing else */
        long tracked = -1;
        for (int i = 0; i < 200; i++) {
                st = status_on(persistent, ++asked);
                assert_non_null(st);
                tracked = get_long(st, "tracked_processes");
                json_object_put(st);
                if (tracked == base_tracked + SLEEPERS)
                        break;
                sleep_ms(50);
        }
        assert_int_equal(tracked, base_tracked + SLEEPERS);
        char *log = slurp(d.log);
        assert_int_equal(count_lines_with(log, "matches policy") >= SLEEPERS + STORMS * STORM_EXECS,
                         1);
        free(log);

        /* SIGTERM with the sleepers' sessions and a streaming client live */
        /* a client too long to finish before the signal (a new file: the
         * first one's size must not pass for this one's progress) */
        unlink(client_out[0]);
        clients[0] = start_client(d.sock, client_out[0], "3000");
        for (int i = 0; i < STORMS; i++)
                storms[i] = start_storm();
        /* once the client's trace is under way (its lines leave live) */
        for (int i = 0; i < 6000; i++) {
                struct stat sb;
                if (stat(client_out[0], &sb) == 0 && sb.st_size > 4096)
                        break;
                sleep_ms(10);
        }
        double t0 = now_s();
        assert_int_equal(kill(d.pid, SIGTERM), 0);
        pid_t dpid = d.pid;
        bool exited = false;
        while (!exited && (now_s() - t0) * 1000 < EXIT_LIMIT_MS) {
                pid_t r = waitpid(dpid, &status, WNOHANG);
                exited = r == dpid;
                if (!exited)
                        sleep_ms(20);
        }
        if (!exited) {
                kill(dpid, SIGKILL);
                waitpid(dpid, &status, 0);
                d.pid = 0;
                fail_msg("renacerd did not exit within %d ms of SIGTERM", EXIT_LIMIT_MS);
        }
        d.pid = 0;
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
        fprintf(stderr, "# renacerd exited %.2f s after SIGTERM\n", now_s() - t0);
        /* it goes on with its command, which then exits by itself */
        double t1 = now_s();
        while (!reaped(clients[0], &status)) {
                if (now_s() - t1 > 240)
                        fail_msg("renacerctl did not exit after renacerd's shutdown");
                sleep_ms(20);
        }
        char *err = slurp(client_out[0]);
        assert_non_null(strstr(err, "renacerd shut down during the trace"));
        assert_non_null(strstr(err, " total\n"));
        free(err);

        for (int i = 0; i < STORMS; i++)
                harness_child_reap(storms[i]);
        for (int i = 0; i < SLEEPERS; i++)
                harness_child_reap(sleepers[i]);
        close(persistent);
        daemon_stop(&d);
        unlink(link);
        unlink(client_out[0]);
        unlink(client_out[1]);
        snprintf(pol, sizeof(pol), "%s/sleepers.yaml", pdir);
        unlink(pol);
        snprintf(pol, sizeof(pol), "%s/true.yaml", pdir);
        unlink(pol);
        rmdir(pdir);
        unlink(cfg);
        rmdir(tmpdir);
}

static int fd_count(pid_t pid)
{
        char path[64];
        int n = 0;

        snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
        DIR *dir = opendir(path);
        if (!dir)
                return -1;
        for (struct dirent *e; (e = readdir(dir));)
                n += e->d_name[0] != '.';
        closedir(dir);
        return n;
}

/* The status of a fresh connection, or NULL (refused, or no answer). */
static struct json_object *status_fresh(const char *sock)
{
        int fd = connect_to(sock);
        struct json_object *st = status_on(fd, 1);

        close(fd);
        return st;
}

/* A daemon-wide policy matching more long-lived processes than renacerd
 * has fds, and more connections than it has fds: the adopted sessions
 * hold none, so it keeps accepting and answering; out of fds for new
 * connections it waits (one log line) instead of spinning on the socket;
 * after, its fds are back where they were. */
static void test_fd_exhaustion(void **state)
{
        struct test_daemon d;
        struct rlimit old, low = {FD_LIMIT, FD_LIMIT};
        char cfg[160], pdir[128], pol[192], link[128], text[512];
        pid_t sleepers[FD_SLEEPERS];
        int conns[FD_CONNS], nconns = 0;

        (void)state;
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/renacer-stress-XXXXXX");
        assert_non_null(mkdtemp(tmpdir));
        snprintf(link, sizeof(link), "%s/rnstress-sleep", tmpdir);
        assert_int_equal(symlink("/bin/sleep", link), 0);
        snprintf(pdir, sizeof(pdir), "%s/policies", tmpdir);
        assert_int_equal(mkdir(pdir, 0755), 0);
        snprintf(pol, sizeof(pol), "%s/sleepers.yaml", pdir);
        write_text(pol, "version: 1\nmatch:\n  comm: rnstress-sleep\nassertions:\n"
                        "  - name: calls\n    type: span_count\n    max_spans: 100000\n");
        snprintf(cfg, sizeof(cfg), "%s/renacerd.yaml", tmpdir);
        snprintf(text, sizeof(text), "policy_dir: %s\nlimits:\n  max_clients: %d\n", pdir,
                 FD_CONNS + 64);
        write_text(cfg, text);
        const char *extra[] = {"--config", cfg, NULL};
        assert_int_equal(daemon_start(&d, extra), 0);
        /* soft and hard: it cannot raise it again */
        assert_int_equal(prlimit(d.pid, RLIMIT_NOFILE, &low, &old), 0);
        struct json_object *st = status_fresh(d.sock);
        assert_non_null(st);
        json_object_put(st);
        int base_fds = fd_count(d.pid);
        assert_true(base_fds > 0 && base_fds < FD_LIMIT / 2);

        for (int i = 0; i < FD_SLEEPERS; i++)
                sleepers[i] = start_sleeper();
        /* every one adopted (a log line each), and the daemon still answers */
        char *log = NULL;
        size_t adopted = 0;
        for (int i = 0; i < 3000 && adopted < FD_SLEEPERS; i++) {
                free(log);
                log = slurp(d.log);
                adopted = count_lines_with(log, "matches policy");
                if (adopted < FD_SLEEPERS)
                        sleep_ms(10);
        }
        free(log);
        assert_int_equal(adopted, FD_SLEEPERS);
        st = status_fresh(d.sock);
        if (!st)
                fail_msg("renacerd stopped answering with %d policy sessions", FD_SLEEPERS);
        assert_true(get_long(st, "sessions_active") >= FD_SLEEPERS);
        json_object_put(st);
        assert_true(fd_count(d.pid) < base_fds + 16);

        /* more connections than fds: those beyond wait in the backlog */
        for (; nconns < FD_CONNS; nconns++)
                conns[nconns] = connect_to(d.sock);
        sleep_ms(1000);
        for (int i = 0; i < nconns; i++)
                close(conns[i]);
        st = NULL;
        for (int i = 0; i < 100 && !st; i++) {
                st = status_fresh(d.sock);
                if (!st)
                        sleep_ms(50);
        }
        if (!st)
                fail_msg("renacerd did not accept again once its fds were free");
        json_object_put(st);
        log = slurp(d.log);
        size_t warned = count_lines_with(log, "cannot accept connections");
        size_t spun = count_lines_with(log, "accept:");
        free(log);
        fprintf(stderr, "# %zu warnings while out of fds\n", warned);
        assert_true(warned >= 1 && warned <= 3);
        assert_int_equal(spun, 0);

        for (int i = 0; i < FD_SLEEPERS; i++)
                harness_child_reap(sleepers[i]);
        long active = -1;
        for (int i = 0; i < 500; i++) {
                st = status_fresh(d.sock);
                active = get_long(st, "sessions_active");
                json_object_put(st);
                if (active == 0)
                        break;
                sleep_ms(20);
        }
        assert_int_equal(active, 0);
        int fds = -1;
        for (int i = 0; i < 100; i++) {
                fds = fd_count(d.pid);
                if (fds <= base_fds)
                        break;
                sleep_ms(20);
        }
        assert_true(fds <= base_fds);
        assert_int_equal(daemon_stop(&d), 0);
        unlink(link);
        unlink(pol);
        rmdir(pdir);
        unlink(cfg);
        rmdir(tmpdir);
}

int main(void)
{
        harness_require_root_btf();
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_exec_storm_with_policies),
            cmocka_unit_test(test_fd_exhaustion),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
