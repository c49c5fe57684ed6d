// SPDX-License-Identifier: MIT
/*
 * renacerd's Prometheus endpoint against the real kernel: /healthz, the
 * exposition format (promtool check metrics), and counters that move by
 * exactly what a traced program did, during and after its session. Needs
 * root and BTF (exits 77 otherwise).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

extern char **environ;

static struct test_daemon daemon_;
static char config_path[] = "/tmp/renacer-metrics-config-XXXXXX";
static char port_arg[32];
static unsigned port;
static char prog_buf[512];
/* a second daemon a test starts; its teardown stops it even after a failed
 * assertion */
static struct test_daemon d2;
static char saved_sock[128];

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

/* A TCP port nobody listens on right now. */
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

struct http_reply {
        int status;
        char *head; /* status line and headers */
        char *body;
};

static void http_reply_free(struct http_reply *r)
{
        free(r->head);
        memset(r, 0, sizeof(*r));
}

/* A raw HTTP/1.0 request to 127.0.0.1:p; 0 or -errno. */
static int http(unsigned p, const char *method, const char *path, struct http_reply *ret)
{
        struct sockaddr_in sa = {.sin_family = AF_INET,
                                 .sin_port = htons((uint16_t)p),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        struct timeval tv = {10, 0};
        char req[256], *buf = NULL, *sep;
        size_t len = 0, cap = 0;
        int fd, n, r = 0;

        memset(ret, 0, sizeof(*ret));
        fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
                r = -errno;
                close(fd);
                return r;
        }
        n = snprintf(req, sizeof(req), "%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", method, path);
        if (write(fd, req, (size_t)n) != n) {
                close(fd);
                return -EIO;
        }
        for (;;) {
                if (len + 65536 + 1 > cap) {
                        cap = (len + 65536 + 1) * 2;
                        buf = realloc(buf, cap);
                }
                ssize_t k = read(fd, buf + len, cap - len - 1);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0) {
                        r = -errno;
                        break;
                }
                if (k == 0)
                        break;
                len += (size_t)k;
        }
        close(fd);
        if (r < 0 || !buf) {
                free(buf);
                return r < 0 ? r : -EIO;
        }
        buf[len] = '\0';
        sep = strstr(buf, "\r\n\r\n");
        if (!sep || sscanf(buf, "HTTP/1.%*d %d", &ret->status) != 1) {
                free(buf);
                return -EBADMSG;
        }
        *sep = '\0';
        ret->head = buf;
        ret->body = sep + 4;
        return 0;
}

static char *scrape_port(unsigned p)
{
        struct http_reply r;
        char *body;

        assert_int_equal(http(p, "GET", "/metrics", &r), 0);
        assert_int_equal(r.status, 200);
        body = strdup(r.body);
        http_reply_free(&r);
        return body;
}

static char *scrape(void)
{
        return scrape_port(port);
}

/* The value of one series ("name" or "name{labels}"), or NAN when absent. */
static double metric(const char *text, const char *series)
{
        size_t n = strlen(series);

        for (const char *line = text; line && *line;) {
                if (!strncmp(line, series, n) && line[n] == ' ')
                        return strtod(line + n + 1, NULL);
                line = strchr(line, '\n');
                if (line)
                        line++;
        }
        return NAN;
}

/* Absent counters are zero. */
static double counter(const char *text, const char *series)
{
        double v = metric(text, series);

        return isnan(v) ? 0 : v;
}

/* Sum of every series of a family whose line starts with prefix. */
static double family_sum(const char *text, const char *prefix)
{
        size_t n = strlen(prefix);
        double sum = 0;

        for (const char *line = text; line && *line;) {
                if (!strncmp(line, prefix, n)) {
                        const char *nl = strchr(line, '\n');
                        const char *sp = nl ? nl : line + strlen(line);
                        while (sp > line && sp[-1] != ' ')
                                sp--;
                        sum += strtod(sp, NULL);
                }
                line = strchr(line, '\n');
                if (line)
                        line++;
        }
        return sum;
}

static int group_setup(void **state)
{
        int fd = mkstemp(config_path);
        static const char cfg[] = "socket:\n  group: \"\"\n";
        const char *extra[] = {"--config", config_path, "--metrics-listen", port_arg, NULL};

        (void)state;
        if (fd < 0 || write(fd, cfg, sizeof(cfg) - 1) != (ssize_t)sizeof(cfg) - 1)
                return -1;
        close(fd);
        port = free_port();
        snprintf(port_arg, sizeof(port_arg), "127.0.0.1:%u", port);
        if (daemon_start(&daemon_, extra) < 0) {
                fprintf(stderr, "cannot start renacerd with --metrics-listen %s\n", port_arg);
                return -1;
        }
        return 0;
}

static int group_teardown(void **state)
{
        (void)state;
        unlink(config_path);
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

static int remember_socket(void **state)
{
        const char *s = getenv("RENACER_SOCKET");

        (void)state;
        snprintf(saved_sock, sizeof(saved_sock), "%s", s ? s : "");
        return 0;
}

/* daemon_start points RENACER_SOCKET at the newest daemon: point it back */
static int stop_second_daemon(void **state)
{
        (void)state;
        if (d2.pid > 0)
                daemon_stop(&d2);
        setenv("RENACER_SOCKET", saved_sock, 1);
        return 0;
}

static void test_healthz_and_errors(void **state)
{
        struct http_reply r;

        (void)state;
        assert_int_equal(http(port, "GET", "/healthz", &r), 0);
        assert_int_equal(r.status, 200);
        assert_string_equal(r.body, "ok\n");
        http_reply_free(&r);

        assert_int_equal(http(port, "GET", "/nope", &r), 0);
        assert_int_equal(r.status, 404);
        http_reply_free(&r);

        assert_int_equal(http(port, "DELETE", "/metrics", &r), 0);
        assert_int_equal(r.status, 405);
        assert_non_null(strstr(r.head, "Allow: GET, HEAD"));
        http_reply_free(&r);

        assert_int_equal(http(port, "HEAD", "/metrics", &r), 0);
        assert_int_equal(r.status, 200);
        assert_string_equal(r.body, "");
        http_reply_free(&r);
}

/* Every family is announced with HELP and TYPE, the content type is the
 * 0.0.4 text format, and promtool accepts the whole exposition. */
static void test_exposition_format(void **state)
{
        static const char *const families[][2] = {
            {"renacer_build_info", "gauge"},
            {"renacer_events_emitted_total", "counter"},
            {"renacer_events_lost_total", "counter"},
            {"renacer_sessions_active", "gauge"},
            {"renacer_sessions_created_total", "counter"},
            {"renacer_syscalls_total", "counter"},
            {"renacer_syscall_duration_seconds", "histogram"},
            {"renacer_policy_violations_total", "counter"},
            {"renacer_pcie_transfer_seconds_total", "counter"},
            {"renacer_bpf_program_runs_total", "counter"},
            {"renacer_bpf_program_run_seconds_total", "counter"},
            {"process_resident_memory_bytes", "gauge"},
            {"process_cpu_seconds_total", "counter"},
        };
        const char *argv[] = {
            ctl(), "run", "-c", "--", harness_prog("getppid-loop", prog_buf, sizeof(prog_buf)),
            "10",  NULL};
        char path[] = "/tmp/renacer-metrics-XXXXXX", want[160], cmd[256];
        struct http_reply r;
        struct run_result rr;
        int fd;

        (void)state;
        /* some syscall series exist */
        assert_int_equal(run_capture(argv, &rr), 0);
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);

        assert_int_equal(http(port, "GET", "/metrics", &r), 0);
        assert_int_equal(r.status, 200);
        assert_non_null(strstr(r.head, "Content-Type: text/plain; version=0.0.4; charset=utf-8"));
        for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
                snprintf(want, sizeof(want), "# HELP %s ", families[i][0]);
                assert_non_null(strstr(r.body, want));
                snprintf(want, sizeof(want), "# TYPE %s %s\n", families[i][0], families[i][1]);
                assert_non_null(strstr(r.body, want));
        }
        /* version, kernel and libbpf labels */
        snprintf(want, sizeof(want), "\nrenacer_build_info{version=\"%s\",kernel=\"",
                 RENACER_VERSION);
        assert_non_null(strstr(r.body, want));
        assert_non_null(strstr(strstr(r.body, want), "\",libbpf=\""));
        assert_false(isnan(metric(r.body, "renacer_events_lost_total{reason=\"ringbuf\"}")));
        assert_false(isnan(metric(r.body, "renacer_events_lost_total{reason=\"lifecycle\"}")));
        assert_false(isnan(metric(r.body, "renacer_events_lost_total{reason=\"enter_map\"}")));
        assert_false(isnan(metric(r.body, "renacer_events_lost_total{reason=\"client_slow\"}")));
        assert_true(metric(r.body, "process_resident_memory_bytes") > 0);
        assert_false(isnan(metric(r.body, "renacer_syscall_duration_seconds_bucket{le=\"+Inf\"}")));

        fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, r.body, strlen(r.body)), (ssize_t)strlen(r.body));
        close(fd);
        http_reply_free(&r);

        if (system("command -v promtool >/dev/null 2>&1") != 0) {
                unlink(path);
                printf("SKIP part: promtool is not installed (Debian package prometheus)\n");
                return;
        }
        snprintf(cmd, sizeof(cmd), "promtool check metrics < %s 2>&1", path);
        const char *sh[] = {"/bin/sh", "-c", cmd, NULL};
        assert_int_equal(run_capture(sh, &rr), 0);
        if (rr.code != 0 || *rr.out)
                fprintf(stderr, "promtool check metrics said:\n%s%s", rr.out, rr.err);
        assert_int_equal(rr.code, 0);
        assert_string_equal(rr.out, "");
        run_result_free(&rr);
        unlink(path);
}

/* After a run: syscalls move by exactly the program's counts, one session
 * was created and none is left, and the histogram agrees with the totals. */
static void test_counts_after_run(void **state)
{
        const char *argv[] = {
            ctl(),  "run", "-c", "--", harness_prog("getppid-loop", prog_buf, sizeof(prog_buf)),
            "1000", NULL};
        const char *argv2[] = {ctl(),  "run",
                               "-e",   "trace=getppid",
                               "--",   harness_prog("getppid-loop", prog_buf, sizeof(prog_buf)),
                               "1000", NULL};
        const char *g = "renacer_syscalls_total{syscall=\"getppid\"}";
        char *before, *after;
        struct run_result r;

        (void)state;
        before = scrape();
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        after = scrape();

        assert_true(counter(after, g) - counter(before, g) == 1000);
        assert_true(metric(after, "renacer_sessions_created_total") -
                        metric(before, "renacer_sessions_created_total") ==
                    1);
        assert_true(metric(after, "renacer_sessions_active") == 0);
        /* every call lands in exactly one latency bucket */
        double calls = family_sum(after, "renacer_syscalls_total{") -
                       family_sum(before, "renacer_syscalls_total{");
        double hist = metric(after, "renacer_syscall_duration_seconds_count") -
                      metric(before, "renacer_syscall_duration_seconds_count");
        assert_true(calls >= 1000);
        assert_true(hist == calls);
        assert_true(metric(after, "renacer_syscall_duration_seconds_bucket{le=\"+Inf\"}") ==
                    metric(after, "renacer_syscall_duration_seconds_count"));
        assert_true(metric(after, "renacer_syscall_duration_seconds_sum") >
                    metric(before, "renacer_syscall_duration_seconds_sum"));
        free(before);
        free(after);

        /* a streamed run filtered to getppid emits exactly 1000 records */
        before = scrape();
        assert_int_equal(run_capture(argv2, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(count_lines_with(r.err, "getppid()"), 1000);
        run_result_free(&r);
        after = scrape();
        assert_true(counter(after, g) - counter(before, g) == 1000);
        assert_true(metric(after, "renacer_events_emitted_total") -
                        metric(before, "renacer_events_emitted_total") ==
                    1000);
        assert_true(family_sum(after, "renacer_events_lost_total{") ==
                    family_sum(before, "renacer_events_lost_total{"));
        free(before);
        free(after);
}

static bool wait_active(double want)
{
        for (int i = 0; i < 200; i++) {
                char *m = scrape();
                double v = metric(m, "renacer_sessions_active");
                free(m);
                if (v == want)
                        return true;
                nanosleep(&(struct timespec){0, 25000000}, NULL);
        }
        return false;
}

/* While a session is live a scrape already shows its calls; when it ends
 * they move into the totals without being counted twice. */
static void test_counts_during_session(void **state)
{
        const char *g = "renacer_syscalls_total{syscall=\"getppid\"}";
        int go[2], done[2], quit[2], st;
        char *before, *during, *after, pidarg[16], c;
        pid_t child, tracer;
        posix_spawn_file_actions_t fa;

        (void)state;
        assert_int_equal(pipe2(go, O_CLOEXEC), 0);
        assert_int_equal(pipe2(done, O_CLOEXEC), 0);
        assert_int_equal(pipe2(quit, O_CLOEXEC), 0);
        before = scrape();
        child = fork();
        assert_true(child >= 0);
        if (child == 0) {
                close(quit[1]);
                if (read(go[0], &c, 1) != 1)
                        _exit(1);
                for (int i = 0; i < 500; i++)
                        syscall(SYS_getppid);
                if (write(done[1], "x", 1) != 1)
                        _exit(1);
                while (read(quit[0], &c, 1) > 0)
                        ;
                _exit(0);
        }
        close(quit[0]);

        snprintf(pidarg, sizeof(pidarg), "%d", (int)child);
        const char *argv[] = {ctl(), "trace", "-c", "--pid", pidarg, NULL};
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        assert_int_equal(posix_spawn(&tracer, argv[0], &fa, NULL, (char *const *)argv, environ), 0);
        posix_spawn_file_actions_destroy(&fa);
        assert_true(wait_active(1));

        assert_int_equal(write(go[1], "g", 1), 1);
        assert_int_equal(read(done[0], &c, 1), 1);
        during = scrape();
        assert_true(counter(during, g) - counter(before, g) == 500);
        assert_true(metric(during, "renacer_sessions_active") == 1);

        close(quit[1]); /* the child exits; so does the session */
        assert_int_equal(waitpid(child, &st, 0), child);
        assert_int_equal(waitpid(tracer, &st, 0), tracer);
        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        assert_true(wait_active(0));
        after = scrape();
        assert_true(counter(after, g) - counter(before, g) == 500);
        assert_true(metric(after, "renacer_sessions_created_total") -
                        metric(before, "renacer_sessions_created_total") ==
                    1);
        close(go[0]);
        close(go[1]);
        close(done[0]);
        close(done[1]);
        free(before);
        free(during);
        free(after);
}

/* metrics.bpf_stats: true turns the kernel's per-program statistics on for
 * as long as renacerd runs, and leaves the global sysctl as it found it. */
static void test_bpf_stats(void **state)
{
        char cfg[] = "/tmp/renacer-metrics-bpfstats-XXXXXX", arg[32], *m;
        static const char text[] = "socket:\n  group: \"\"\nmetrics:\n  bpf_stats: true\n";
        const char *extra[] = {"--config", cfg, "--metrics-listen", arg, NULL};
        unsigned p2 = free_port();
        int fd, sysctl_before = -1, sysctl_after = -1;
        FILE *f;

        (void)state;
        f = fopen("/proc/sys/kernel/bpf_stats_enabled", "re");
        assert_non_null(f);
        assert_int_equal(fscanf(f, "%d", &sysctl_before), 1);
        fclose(f);

        fd = mkstemp(cfg);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
        close(fd);
        snprintf(arg, sizeof(arg), "127.0.0.1:%u", p2);
        assert_int_equal(daemon_start(&d2, extra), 0);

        /* the per-syscall programs run (for every process on the host)
         * only while a session exists: trace one */
        char prog[512];
        struct run_result rr;
        const char *run[] = {harness_bin("RENACERCTL"),
                             "run",
                             "-c",
                             "--socket",
                             d2.sock,
                             "--",
                             harness_prog("getppid-loop", prog, sizeof(prog)),
                             "100",
                             NULL};
        assert_int_equal(run_capture(run, &rr), 0);
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);
        m = scrape_port(p2);
        assert_true(metric(m, "renacer_bpf_stats_enabled") == 1);
        assert_true(metric(m, "renacer_bpf_program_runs_total{program=\"renacer_sys_enter\"}") > 0);
        assert_true(
            metric(m, "renacer_bpf_program_run_seconds_total{program=\"renacer_sys_enter\"}") > 0);
        free(m);
        assert_int_equal(daemon_stop(&d2), 0);
        unlink(cfg);

        f = fopen("/proc/sys/kernel/bpf_stats_enabled", "re");
        assert_non_null(f);
        assert_int_equal(fscanf(f, "%d", &sysctl_after), 1);
        fclose(f);
        assert_int_equal(sysctl_after, sysctl_before);
}

/* A taken port is a one-line error and exit 1 before READY; "off" serves
 * nothing. */
static void test_listen_errors(void **state)
{
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t len = sizeof(sa);
        char arg[32], logbuf[4096] = "";
        const char *extra[] = {"--config", config_path, "--metrics-listen", arg, NULL};
        struct http_reply r;
        int busy, lfd;
        ssize_t n;

        (void)state;
        busy = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        assert_int_equal(bind(busy, (struct sockaddr *)&sa, sizeof(sa)), 0);
        assert_int_equal(listen(busy, 1), 0);
        assert_int_equal(getsockname(busy, (struct sockaddr *)&sa, &len), 0);
        snprintf(arg, sizeof(arg), "127.0.0.1:%u", ntohs(sa.sin_port));

        assert_int_equal(daemon_start(&d2, extra), -ECHILD);
        lfd = open(d2.log, O_RDONLY | O_CLOEXEC);
        assert_true(lfd >= 0);
        n = read(lfd, logbuf, sizeof(logbuf) - 1);
        close(lfd);
        assert_true(n > 0);
        logbuf[n] = '\0';
        assert_non_null(strstr(logbuf, "cannot listen for metrics on"));
        assert_non_null(strstr(logbuf, "Address already in use"));
        daemon_stop(&d2);
        close(busy);

        unsigned p2 = free_port();
        snprintf(arg, sizeof(arg), "off");
        assert_int_equal(daemon_start(&d2, extra), 0);
        assert_int_equal(http(p2, "GET", "/healthz", &r), -ECONNREFUSED);
        assert_int_equal(daemon_stop(&d2), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_healthz_and_errors),
            cmocka_unit_test(test_exposition_format),
            cmocka_unit_test(test_counts_after_run),
            cmocka_unit_test(test_counts_during_session),
            cmocka_unit_test_setup_teardown(test_bpf_stats, remember_socket, stop_second_daemon),
            cmocka_unit_test_setup_teardown(test_listen_errors, remember_socket,
                                            stop_second_daemon),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
