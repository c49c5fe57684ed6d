// SPDX-License-Identifier: MIT
/*
 * renacerd as a service: the configuration file and --check-config, flags
 * over the file, sd_notify readiness (READY=1 only once the socket and the
 * metrics port accept connections, STOPPING=1 at SIGTERM), and socket
 * activation through systemd-socket-activate. Needs root and BTF (exits 77
 * otherwise).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <json-c/json.h>
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
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

extern char **environ;

static char dir[] = "/tmp/renacer-service-XXXXXX";
static char prog_buf[512];
/* what a test started, stopped by its teardown even when an assertion failed */
static pid_t spawned[4];
static struct test_daemon svc_daemon;

static const char *rd(void)
{
        return harness_bin("RENACERD");
}

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static const char *path_in(char *buf, size_t len, const char *name)
{
        snprintf(buf, len, "%s/%s", dir, name);
        return buf;
}

static void write_file(const char *path, const char *text)
{
        FILE *f = fopen(path, "we");

        assert_non_null(f);
        assert_int_equal(fputs(text, f) >= 0, 1);
        assert_int_equal(fclose(f), 0);
}

static char *read_file(const char *path)
{
        static char buf[16384];
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

        if (fd >= 0)
                close(fd);
        buf[n > 0 ? n : 0] = '\0';
        return buf;
}

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

static int connect_unix(const char *path)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

        if (strlen(path) >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        memcpy(sa.sun_path, path, strlen(path));
        r = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
        close(fd);
        return r;
}

static int connect_tcp(unsigned port)
{
        struct sockaddr_in sa = {.sin_family = AF_INET,
                                 .sin_port = htons((uint16_t)port),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

        r = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? -errno : 0;
        close(fd);
        return r;
}

/* Spawn argv with stdout and stderr into log and extra environment. */
static pid_t spawn(const char *const *argv, const char *log, const char *env1)
{
        posix_spawn_file_actions_t fa;
        char *envp[256];
        size_t n = 0;
        pid_t pid;

        for (char **e = environ; *e && n < 250; e++)
                if (strncmp(*e, "NOTIFY_SOCKET=", 14) && strncmp(*e, "LISTEN_", 7))
                        envp[n++] = *e;
        if (env1)
                envp[n++] = (char *)env1;
        envp[n] = NULL;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        if (posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, envp) != 0)
                pid = -1;
        posix_spawn_file_actions_destroy(&fa);
        for (size_t i = 0; pid > 0 && i < sizeof(spawned) / sizeof(spawned[0]); i++)
                if (!spawned[i]) {
                        spawned[i] = pid;
                        break;
                }
        return pid;
}

static int wait_exit(pid_t pid)
{
        int st;

        while (waitpid(pid, &st, 0) < 0)
                if (errno != EINTR)
                        return -1;
        for (size_t i = 0; i < sizeof(spawned) / sizeof(spawned[0]); i++)
                if (spawned[i] == pid)
                        spawned[i] = 0;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int stop_leftovers(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(spawned) / sizeof(spawned[0]); i++)
                if (spawned[i] > 0) {
                        kill(spawned[i], SIGKILL);
                        wait_exit(spawned[i]);
                }
        if (svc_daemon.pid > 0)
                daemon_stop(&svc_daemon);
        return 0;
}

static int group_setup(void **state)
{
        (void)state;
        return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
        char cmd[128];

        (void)state;
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        return system(cmd) == 0 ? 0 : -1;
}

/* --- configuration --- */

struct bad_config {
        const char *yaml;
        const char *where; /* ":LINE:COL: key" after the file name */
        const char *what;
};

static void test_check_config(void **state)
{
        static const struct bad_config bad[] = {
            {"sockett:\n  path: /x\n", ":1:1: sockett", "unknown key"},
            {"socket:\n  path: /a\n  mode: 0600\n", ":3:3: socket.mode", "unknown key"},
            {"limits:\n  max_clients: lots\n", ":2:16: limits.max_clients",
             "expected an integer from 1 to 65536, got 'lots'"},
            {"limits:\n  max_sessions: 99999\n", ":2:17: limits.max_sessions",
             "99999 is out of range (1 to 16384)"},
            {"limits:\n  client_buffer_size: 1K\n", ":2:23: limits.client_buffer_size",
             "out of range"},
            {"limits:\n  max_request_size: 128K\n", ":2:21: limits.max_request_size",
             "cannot be configured"},
            {"ring_buffer_size: 3000\n", ":1:19: ring_buffer_size", "power of two"},
            {"ring_buffer_size: [16M]\n", ":1:19: ring_buffer_size", "expected a size, got a list"},
            {"metrics:\n  listen: 127.0.0.1\n", ":2:11: metrics.listen", "need ADDR:PORT"},
            {"metrics:\n  listen: 127.0.0.1:99999\n", ":2:11: metrics.listen", "need ADDR:PORT"},
            {"metrics:\n  bpf_stats: yes\n", ":2:14: metrics.bpf_stats",
             "expected true or false, got 'yes'"},
            {"socket:\n  path: relative.sock\n", ":2:9: socket.path",
             "'relative.sock' is not an absolute path"},
            {"socket:\n  path: /a\n  path: /b\n", ":3:3: socket.path", "duplicate key"},
            {"socket:\n  group: \"a b\"\n", ":2:10: socket.group", "not a group name"},
            {"socket: /run/x.sock\n", ":1:9: socket", "expected a mapping of keys"},
            {"policy_dir:\n", ":1:12: policy_dir", "expected a string, got null"},
            {"gpu:\n  majors: [195, 5000]\n", ":2:17: gpu.majors[1]",
             "5000 is out of range (0 to 4095)"},
            {"gpu:\n  device_globs: /dev/nvidia*\n", ":2:17: gpu.device_globs",
             "expected a list of paths"},
            {"gpu:\n  device_globs: [dev/kfd]\n", ":2:18: gpu.device_globs[0]",
             "not an absolute path"},
            {"- 1\n", ":1:1: ", "expected a mapping of keys, got a list"},
            {"socket: [1\n", ":2:1: ", "YAML syntax error"},
            {"a: 1\n---\nb: 2\n", ":3:1: ", "only one YAML document"},
        };
        char cfg[256], want[320];
        struct run_result r;

        (void)state;
        path_in(cfg, sizeof(cfg), "check.yaml");
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                const char *argv[] = {rd(), "--check-config", "--config", cfg, NULL};
                write_file(cfg, bad[i].yaml);
                assert_int_equal(run_capture(argv, &r), 0);
                snprintf(want, sizeof(want), "renacerd: %s%s", cfg, bad[i].where);
                if (r.code != 1 || !strstr(r.err, want) || !strstr(r.err, bad[i].what) ||
                    count_substr(r.err, "\n") != 1)
                        fprintf(stderr, "case %zu: exit %d, stderr: %s(want '%s' ... '%s')\n", i,
                                r.code, r.err, want, bad[i].what);
                assert_int_equal(r.code, 1);
                assert_non_null(strstr(r.err, want));
                assert_non_null(strstr(r.err, bad[i].what));
                assert_int_equal(count_substr(r.err, "\n"), 1); /* one line */
                run_result_free(&r);
        }

        /* valid: empty, comments only, every key */
        static const char *const good[] = {
            "",
            "# nothing set\n",
            "socket:\n  path: /run/x/r.sock\n  group: \"\"\nmetrics:\n  listen: off\n"
            "  bpf_stats: false\nring_buffer_size: 1MiB\npolicy_dir: /etc/p\n"
            "gpu:\n  device_globs: []\n  majors: []\nlimits:\n  max_clients: 1\n"
            "  max_sessions: 16384\n  max_sessions_per_uid: 1\n  client_buffer_size: 64K\n",
            "metrics:\n  listen: \"[::1]:9\"\n",
            "metrics:\n  listen: localhost:0\n",
        };
        for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
                const char *argv[] = {rd(), "--check-config", "--config", cfg, NULL};
                write_file(cfg, good[i]);
                assert_int_equal(run_capture(argv, &r), 0);
                if (r.code)
                        fprintf(stderr, "good case %zu: %s", i, r.err);
                assert_int_equal(r.code, 0);
                snprintf(want, sizeof(want), "renacerd: %s: configuration is valid\n", cfg);
                assert_string_equal(r.out, want);
                run_result_free(&r);
        }

        /* an explicit file that does not exist is an error */
        const char *missing[] = {rd(), "--check-config", "--config", "/nonexistent/r.yaml", NULL};
        assert_int_equal(run_capture(missing, &r), 0);
        assert_int_equal(r.code, 1);
        assert_string_equal(r.err, "renacerd: /nonexistent/r.yaml: No such file or directory\n");
        run_result_free(&r);

        /* bad flags are usage errors, even when the file is fine */
        write_file(cfg, "");
        const char *flags[][6] = {
            {rd(), "--check-config", "--config", cfg, "--ring-size=3", NULL},
            {rd(), "--check-config", "--config", cfg, "--metrics-listen=nowhere", NULL},
            {rd(), "--check-config", "--config", cfg, "--socket=rel.sock", NULL},
            {rd(), "--check-config", "--config", cfg, "--bogus", NULL},
            {rd(), "--check-config", "--config", NULL},
        };
        for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
                assert_int_equal(run_capture(flags[i], &r), 0);
                assert_int_equal(r.code, 2);
                assert_int_equal(count_substr(r.err, "\n"), 1);
                run_result_free(&r);
        }
}

static long status_ring_bytes(const char *sock)
{
        const char *argv[] = {ctl(), "status", "--json", "--socket", sock, NULL};
        struct json_object *o, *v;
        struct run_result r;
        long ret = -1;

        if (run_capture(argv, &r) == 0 && r.code == 0 && (o = json_tokener_parse(r.out))) {
                if (json_object_object_get_ex(o, "ring_bytes", &v))
                        ret = (long)json_object_get_int64(v);
                json_object_put(o);
        }
        run_result_free(&r);
        return ret;
}

/* The file's values reach the daemon, flags win over the file, and a
 * socket group that does not exist stops the start. */
static void test_config_applied(void **state)
{
        char cfg[256];
        const char *saved = getenv("RENACER_SOCKET");
        char saved_sock[128];
        struct group *g = getgrnam("nogroup");
        struct test_daemon *d = &svc_daemon;
        struct stat st;

        (void)state;
        snprintf(saved_sock, sizeof(saved_sock), "%s", saved ? saved : "");
        path_in(cfg, sizeof(cfg), "applied.yaml");
        write_file(cfg,
                   "ring_buffer_size: 1M\nsocket:\n  group: nogroup\nmetrics:\n  listen: off\n");
        const char *extra[] = {"--config", cfg, NULL};
        assert_int_equal(daemon_start(d, extra), 0);
        assert_int_equal(status_ring_bytes(d->sock), 1 << 20);
        assert_int_equal(stat(d->sock, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0660);
        if (g)
                assert_int_equal(st.st_gid, g->gr_gid);
        assert_int_equal(daemon_stop(d), 0);

        const char *extra2[] = {"--config", cfg, "--ring-size", "2M", NULL};
        assert_int_equal(daemon_start(d, extra2), 0);
        assert_int_equal(status_ring_bytes(d->sock), 2 << 20);
        assert_int_equal(daemon_stop(d), 0);

        write_file(cfg, "socket:\n  group: renacer-no-such-group\nmetrics:\n  listen: off\n");
        assert_int_equal(daemon_start(d, extra), -ECHILD);
        assert_non_null(strstr(read_file(d->log), "socket group 'renacer-no-such-group' does not "
                                                  "exist"));
        daemon_stop(d);
        setenv("RENACER_SOCKET", saved_sock, 1);
}

/* --- sd_notify --- */

static int notify_socket(const char *path)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

        unlink(path);
        memcpy(sa.sun_path, path, strlen(path));
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                return -1;
        return fd;
}

/* The next datagram, or "" after timeout_ms. */
static const char *notify_recv(int fd, int timeout_ms)
{
        static char buf[512];
        struct pollfd p = {.fd = fd, .events = POLLIN};
        ssize_t n;

        buf[0] = '\0';
        if (poll(&p, 1, timeout_ms) == 1 && (n = recv(fd, buf, sizeof(buf) - 1, 0)) > 0)
                buf[n] = '\0';
        return buf;
}

static void test_notify_ready_stopping(void **state)
{
        char sock[256], nsock[256], log[256], cfg[256], env[300], port_arg[32];
        unsigned port = free_port();
        const char *msg;
        pid_t pid;
        int nfd;

        (void)state;
        path_in(sock, sizeof(sock), "notify-daemon.sock");
        path_in(nsock, sizeof(nsock), "notify");
        path_in(log, sizeof(log), "notify.log");
        path_in(cfg, sizeof(cfg), "notify.yaml");
        write_file(cfg, "socket:\n  group: \"\"\n");
        snprintf(port_arg, sizeof(port_arg), "127.0.0.1:%u", port);
        snprintf(env, sizeof(env), "NOTIFY_SOCKET=%s", nsock);
        nfd = notify_socket(nsock);
        assert_true(nfd >= 0);

        const char *argv[] = {rd(), "--config",         cfg,      "--socket",
                              sock, "--metrics-listen", port_arg, NULL};
        pid = spawn(argv, log, env);
        assert_true(pid > 0);
        msg = notify_recv(nfd, 20000);
        /* the first message is READY=1, and by then everything accepts */
        assert_non_null(strstr(msg, "READY=1"));
        assert_int_equal(connect_unix(sock), 0);
        assert_int_equal(connect_tcp(port), 0);
        struct stat st;
        assert_int_equal(stat(sock, &st), 0);

        /* it serves */
        const char *argv2[] = {ctl(),
                               "run",
                               "-c",
                               "--socket",
                               sock,
                               "--",
                               harness_prog("getppid-loop", prog_buf, sizeof(prog_buf)),
                               "7",
                               NULL};
        struct run_result r;
        assert_int_equal(run_capture(argv2, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(summary_calls(r.err, "getppid"), 7);
        run_result_free(&r);

        kill(pid, SIGTERM);
        msg = notify_recv(nfd, 20000);
        assert_non_null(strstr(msg, "STOPPING=1"));
        assert_int_equal(wait_exit(pid), 0);
        assert_int_equal(access(sock, F_OK), -1); /* it created it, it removed it */

        /* a start that fails never says READY=1 */
        int busy = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct sockaddr_in sa = {.sin_family = AF_INET,
                                 .sin_port = htons((uint16_t)port),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        assert_int_equal(bind(busy, (struct sockaddr *)&sa, sizeof(sa)), 0);
        assert_int_equal(listen(busy, 1), 0);
        pid = spawn(argv, log, env);
        assert_int_equal(wait_exit(pid), 1);
        assert_string_equal(notify_recv(nfd, 200), "");
        assert_non_null(strstr(read_file(log), "cannot listen for metrics"));
        assert_int_equal(access(sock, F_OK), -1);
        close(busy);
        close(nfd);
        unlink(nsock);
}

/* --- socket activation --- */

static const char *find_socket_activate(void)
{
        static const char *const paths[] = {
            "/usr/bin/systemd-socket-activate", "/bin/systemd-socket-activate",
            "/lib/systemd/systemd-socket-activate", "/usr/lib/systemd/systemd-socket-activate"};

        for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
                if (access(paths[i], X_OK) == 0)
                        return paths[i];
        return NULL;
}

static void test_socket_activation(void **state)
{
        const char *sa_bin = find_socket_activate();
        char act[256], other[256], log[256], cfg[256];
        struct run_result r;
        struct json_object *o, *v;
        pid_t pid;

        (void)state;
        if (!sa_bin) {
                printf("SKIP part: systemd-socket-activate is not installed (package systemd)\n");
                skip();
        }
        path_in(act, sizeof(act), "activated.sock");
        path_in(other, sizeof(other), "not-this.sock");
        path_in(log, sizeof(log), "activate.log");
        path_in(cfg, sizeof(cfg), "activate.yaml");
        write_file(cfg, "metrics:\n  listen: off\n");
        const char *argv[] = {sa_bin,     "-l", act,        "--",  rd(),
                              "--config", cfg,  "--socket", other, NULL};
        pid = spawn(argv, log, NULL);
        assert_true(pid > 0);
        for (int i = 0; i < 500 && access(act, F_OK) != 0; i++)
                nanosleep(&(struct timespec){0, 10000000}, NULL);
        assert_int_equal(access(act, F_OK), 0);

        /* the first connection starts renacerd on the inherited socket */
        const char *st[] = {ctl(), "status", "--json", "--socket", act, NULL};
        assert_int_equal(run_capture(st, &r), 0);
        assert_int_equal(r.code, 0);
        o = json_tokener_parse(r.out);
        assert_non_null(o);
        assert_true(json_object_object_get_ex(o, "pid", &v));
        assert_int_equal(json_object_get_int(v), pid); /* exec'ed in place */
        json_object_put(o);
        run_result_free(&r);

        const char *run[] = {ctl(),
                             "run",
                             "-c",
                             "--socket",
                             act,
                             "--",
                             harness_prog("getppid-loop", prog_buf, sizeof(prog_buf)),
                             "42",
                             NULL};
        assert_int_equal(run_capture(run, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(summary_calls(r.err, "getppid"), 42);
        run_result_free(&r);

        assert_int_equal(access(other, F_OK), -1); /* --socket is not used */
        assert_non_null(strstr(read_file(log), "socket activation"));
        kill(pid, SIGTERM);
        assert_int_equal(wait_exit(pid), 0);
        /* the socket belongs to whoever passed it: still there */
        assert_int_equal(access(act, F_OK), 0);
        unlink(act);
}

/* LISTEN_FDS naming something that is not a listening Unix socket. */
static void test_bad_inherited_fd(void **state)
{
        char cmd[1024], cfg[256];
        struct run_result r;

        (void)state;
        path_in(cfg, sizeof(cfg), "inherit.yaml");
        write_file(cfg, "metrics:\n  listen: off\n");
        snprintf(cmd, sizeof(cmd),
                 "LISTEN_PID=$$ LISTEN_FDS=1 exec %s --config %s --socket %s/never.sock "
                 "3</dev/null",
                 rd(), cfg, dir);
        const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 1);
        assert_non_null(strstr(r.err, "not a listening Unix stream socket"));
        run_result_free(&r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_check_config),
            cmocka_unit_test_teardown(test_config_applied, stop_leftovers),
            cmocka_unit_test_teardown(test_notify_ready_stopping, stop_leftovers),
            cmocka_unit_test_teardown(test_socket_activation, stop_leftovers),
            cmocka_unit_test(test_bad_inherited_fd),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
