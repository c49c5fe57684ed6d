// SPDX-License-Identifier: MIT
/*
 * Fault injection against a real renacerd: clients and traced processes
 * killed mid-stream, a process that forks 1000 children, 200 concurrent
 * sessions, 10,000 create/end cycles, SIGTERM with live sessions, and
 * malformed or random bytes on the socket. After each test the daemon still
 * answers, holds no session and no tracked pid, and its fd count and RSS are
 * back near their baseline. Needs root and BTF (exits 77 otherwise).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

/* Under ASan the daemon's RSS also holds the allocator's quarantine of
 * freed blocks (256 MB by default): the test caps it (quarantine_size_mb)
 * and allows for it; LeakSanitizer checks for leaks when the daemon exits. */
#if defined(__SANITIZE_ADDRESS__)
#define RSS_SLACK_KB ((16 + 64) * 1024L)
#else
#define RSS_SLACK_KB (16 * 1024L)
#endif

static struct test_daemon daemon_;
static char prog_buf[4][512];
static int base_fds;
static long base_rss_kb;

/* Children this test started (spinners, sleepers): killed at exit even when
 * an assertion fails midway. */
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

static long status_int(struct json_object *st, const char *key)
{
        struct json_object *v;

        assert_true(json_object_object_get_ex(st, key, &v));
        return (long)json_object_get_int64(v);
}

/* The daemon answers, holds no session and no tracked pid, its fds are back
 * to the baseline (clients the daemon has not yet seen go may take a moment)
 * and its RSS is within 16 MB of the baseline. */
static void assert_daemon_clean(void)
{
        struct json_object *st = NULL;
        int fds = -1;

        for (int i = 0; i < 50; i++) {
                if (st)
                        json_object_put(st);
                st = daemon_status(&daemon_);
                assert_non_null(st);
                fds = fd_count(daemon_.pid);
                if (status_int(st, "sessions_active") == 0 &&
                    status_int(st, "tracked_processes") == 0 && fds == base_fds)
                        break;
                sleep_ms(100);
        }
        assert_int_equal(status_int(st, "sessions_active"), 0);
        assert_int_equal(status_int(st, "tracked_processes"), 0);
        json_object_put(st);
        assert_int_equal(fds, base_fds);
        long rss = vmrss_kb(daemon_.pid);
        fprintf(stderr, "# daemon: %d fds (baseline %d), VmRSS %ld kB (baseline %ld kB)\n", fds,
                base_fds, rss, base_rss_kb);
        assert_true(rss > 0 && rss < base_rss_kb + RSS_SLACK_KB);
}

/* ---- the wire protocol, by hand ---- */

static int raw_connect(const char *path)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

        assert_true(fd >= 0);
        assert_true(strlen(path) < sizeof(sa.sun_path));
        memcpy(sa.sun_path, path, strlen(path) + 1);
        assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
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

static void send_frame(int fd, uint8_t type, const void *data, uint32_t len)
{
        uint8_t hdr[8] = {(uint8_t)len,
                          (uint8_t)(len >> 8),
                          (uint8_t)(len >> 16),
                          (uint8_t)(len >> 24),
                          type,
                          0,
                          0,
                          0};

        write_all(fd, hdr, sizeof(hdr));
        write_all(fd, data, len);
}

static void send_json(int fd, const char *fmt, ...)
{
        char buf[1024];
        va_list ap;

        va_start(ap, fmt);
        int n = vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        send_frame(fd, 'J', buf, (uint32_t)n);
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

/* The next JSON frame (event frames are skipped), or NULL on EOF/timeout. */
static struct json_object *recv_json(int fd, int timeout_ms)
{
        for (;;) {
                uint8_t hdr[8];
                if (read_full(fd, hdr, 8, timeout_ms) != 1)
                        return NULL;
                uint32_t len = hdr[0] | hdr[1] << 8 | hdr[2] << 16 | (uint32_t)hdr[3] << 24;
                char *buf = malloc(len + 1);
                assert_non_null(buf);
                if (read_full(fd, buf, len, timeout_ms) != 1) {
                        free(buf);
                        return NULL;
                }
                buf[len] = '\0';
                if (hdr[4] != 'J') {
                        free(buf);
                        continue;
                }
                struct json_object *o = json_tokener_parse(buf);
                free(buf);
                assert_non_null(o);
                return o;
        }
}

/* The reply's error code, or NULL when it is a result. */
static const char *error_code(struct json_object *o)
{
        struct json_object *e, *c;

        if (!json_object_object_get_ex(o, "error", &e))
                return NULL;
        return json_object_object_get_ex(e, "code", &c) ? json_object_get_string(c) : "?";
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

/* The spinner (three threads calling getppid every ms), its pid. */
static pid_t start_spinner(void)
{
        int p[2];
        char buf[32] = "";

        assert_int_equal(pipe2(p, O_CLOEXEC), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                dup2(p[1], 1);
                execl(prog(0, "spinner"), "spinner", (char *)NULL);
                _exit(127);
        }
        close(p[1]);
        harness_child_add(pid);
        assert_true(read(p[0], buf, sizeof(buf) - 1) > 0);
        close(p[0]);
        assert_int_equal(atoi(buf), pid);
        return pid;
}

/* The spinner's thread ids. */
static int task_ids(pid_t pid, int *tids, int max)
{
        char path[64];
        int n = 0;
        DIR *d;

        snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
        d = opendir(path);
        assert_non_null(d);
        for (struct dirent *e; (e = readdir(d)) && n < max;)
                if (e->d_name[0] != '.')
                        tids[n++] = atoi(e->d_name);
        closedir(d);
        return n;
}

/* Every "[pid N]" in text names one of tids; returns how many lines had one. */
static size_t assert_pids_in(const char *text, const int *tids, int ntids)
{
        size_t n = 0;

        for (const char *p = text; (p = strstr(p, "[pid ")); p += 5) {
                int pid = atoi(p + 5), k;
                for (k = 0; k < ntids; k++)
                        if (tids[k] == pid)
                                break;
                if (k == ntids)
                        fprintf(stderr, "# foreign pid %d in the trace\n", pid);
                assert_true(k < ntids);
                n++;
        }
        return n;
}

static char *slurp_file(const char *path)
{
        FILE *f = fopen(path, "re");
        char *buf;
        long len;

        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        len = ftell(f);
        rewind(f);
        buf = malloc((size_t)len + 1);
        assert_non_null(buf);
        buf[fread(buf, 1, (size_t)len, f)] = '\0';
        fclose(f);
        return buf;
}

static int group_setup(void **state)
{
        (void)state;
        atexit(harness_children_reap_all);
#if defined(__SANITIZE_ADDRESS__)
        char opts[512];
        const char *old = getenv("ASAN_OPTIONS");
        snprintf(opts, sizeof(opts), "%s%squarantine_size_mb=16", old ? old : "",
                 old && *old ? ":" : "");
        setenv("ASAN_OPTIONS", opts, 1);
#endif
        if (daemon_start(&daemon_, NULL) < 0) {
                fprintf(stderr, "cannot start renacerd\n");
                return -1;
        }
        struct json_object *st = daemon_status(&daemon_);
        if (!st)
                return -1;
        json_object_put(st);
        sleep_ms(200);
        base_fds = fd_count(daemon_.pid);
        base_rss_kb = vmrss_kb(daemon_.pid);
        fprintf(stderr, "# baseline: %d fds, VmRSS %ld kB\n", base_fds, base_rss_kb);
        return base_fds > 0 && base_rss_kb > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
        (void)state;
        harness_children_reap_all();
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

static pid_t start_trace(pid_t pid, int out_fd)
{
        char pidstr[16];
        pid_t c;

        snprintf(pidstr, sizeof(pidstr), "%d", pid);
        c = fork();
        assert_true(c >= 0);
        if (c == 0) {
                dup2(out_fd, 2);
                execl(ctl(), ctl(), "trace", "-f", "--pid", pidstr, "-e", "trace=getppid",
                      (char *)NULL);
                _exit(127);
        }
        harness_child_add(c);
        return c;
}

static long active_sessions(void)
{
        struct json_object *st = daemon_status(&daemon_);
        long n;

        assert_non_null(st);
        n = status_int(st, "sessions_active");
        json_object_put(st);
        return n;
}

/* 1. A client is SIGKILLed while its session streams; a second client's
 * session, streaming at the same time, is untouched and gets only its own
 * process's records. */
static void test_client_sigkilled(void **state)
{
        char outp[] = "/tmp/renacer-faults-XXXXXX";
        int tids[16], ntids, ofd = mkostemp(outp, O_CLOEXEC),
                             devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
        pid_t sa = start_spinner(), sb = start_spinner(), ca, cb;
        int status;

        (void)state;
        ntids = task_ids(sb, tids, 16);
        assert_int_equal(ntids, 4);
        ca = start_trace(sa, devnull);
        cb = start_trace(sb, ofd);
        close(ofd);
        close(devnull);
        for (int i = 0; i < 50 && active_sessions() < 2; i++)
                sleep_ms(20);
        assert_int_equal(active_sessions(), 2);
        sleep_ms(300);
        harness_child_reap(ca);
        for (int i = 0; i < 50 && active_sessions() > 1; i++)
                sleep_ms(20);
        /* A's session ended with its client; B's goes on */
        assert_int_equal(active_sessions(), 1);
        sleep_ms(300);
        kill(cb, SIGINT);
        assert_int_equal(waitpid(cb, &status, 0), cb);
        harness_child_forget(cb);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);

        char *out = slurp_file(outp);
        unlink(outp);
        /* ~600 ms of three threads each calling every ms, all of them B's */
        assert_true(assert_pids_in(out, tids, ntids) > 300);
        assert_true(count_lines_with(out, "getppid()") > 300);
        free(out);
        assert_daemon_clean();
        /* the spinners live on, untraced */
        assert_int_equal(kill(sa, 0), 0);
        harness_child_reap(sa);
        harness_child_reap(sb);
}

/* 2. The traced process is SIGKILLed. */
static void test_traced_sigkilled(void **state)
{
        pid_t sp = start_spinner(), killer;
        int tids[16], ntids = task_ids(sp, tids, 16);
        char pidstr[16];
        struct run_result r;

        (void)state;
        snprintf(pidstr, sizeof(pidstr), "%d", sp);
        killer = fork();
        if (killer == 0) {
                sleep_ms(400);
                kill(sp, SIGKILL);
                _exit(0);
        }
        /* -f: every thread, as strace -f -p (without it only the one given) */
        const char *argv[] = {ctl(), "trace", "-f", "--pid", pidstr, "-e", "trace=getppid", NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        waitpid(killer, NULL, 0);
        harness_child_reap(sp);
        assert_int_equal(r.code, 0);
        /* one line per task, as strace -f -p prints them */
        assert_int_equal(count_lines_with(r.err, "+++ killed by SIGKILL +++"), ntids);
        assert_true(assert_pids_in(r.err, tids, ntids) > 50);
        run_result_free(&r);
        assert_daemon_clean();
}

/* 3. A traced process forks and execs 1000 children, one at a time. */
static void test_fork_many(void **state)
{
        const char *argv[] = {ctl(), "run", "-f", "-c", "--", prog(0, "fork-many"), "1000", NULL};
        struct run_result r;

        (void)state;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(summary_calls(r.err, "execve"), 1001);
        assert_int_equal(summary_calls(r.err, "wait4"), 1000);
        assert_int_equal(summary_calls(r.err, "clone"), 1000);
        assert_null(strstr(r.err, "events lost"));
        run_result_free(&r);
        assert_daemon_clean();
}

/* 4. 200 sessions on one connection at once; the client goes and all end. */
static void test_200_sessions(void **state)
{
        enum { N = 200 };
        pid_t pids[N];
        int fd;

        (void)state;
        for (int i = 0; i < N; i++)
                pids[i] = start_pauser();
        fd = raw_connect(daemon_.sock);
        for (int i = 0; i < N; i++) {
                send_json(fd, "{\"op\":\"session.create\",\"id\":%d,\"pid\":%d,\"subscribe\":true}",
                          i + 1, (int)pids[i]);
                struct json_object *o = recv_json(fd, 5000), *v;
                assert_non_null(o);
                assert_null(error_code(o));
                assert_true(json_object_object_get_ex(o, "id", &v));
                assert_int_equal(json_object_get_int(v), i + 1);
                json_object_put(o);
        }
        send_json(fd, "{\"op\":\"sessions\",\"id\":1000}");
        struct json_object *o = recv_json(fd, 5000), *res, *arr;
        assert_non_null(o);
        assert_true(json_object_object_get_ex(o, "result", &res));
        assert_true(json_object_object_get_ex(res, "sessions", &arr));
        assert_int_equal(json_object_array_length(arr), N);
        /* each session is one of ours, each pid once */
        for (size_t i = 0; i < N; i++) {
                struct json_object *v;
                json_object_object_get_ex(json_object_array_get_idx(arr, i), "pid", &v);
                assert_int_equal(json_object_get_int(v), pids[i]);
        }
        json_object_put(o);
        struct json_object *st = daemon_status(&daemon_);
        assert_int_equal(status_int(st, "sessions_active"), N);
        assert_int_equal(status_int(st, "tracked_processes"), N);
        json_object_put(st);
        close(fd);
        assert_daemon_clean();
        for (int i = 0; i < N; i++)
                harness_child_reap(pids[i]);
}

/* 5. 10,000 create/end cycles on one connection for one process. */
static void test_create_end_cycles(void **state)
{
        enum { N = 10000 };
        pid_t pid = start_pauser();
        int fd = raw_connect(daemon_.sock), peak_fds = 0;
        long peak_rss = 0, last_id = 0;
        double t0 = now_s();

        (void)state;
        for (int i = 0; i < N; i++) {
                struct json_object *o, *res, *v;

                send_json(fd, "{\"op\":\"session.create\",\"id\":%d,\"pid\":%d}", 2 * i, (int)pid);
                o = recv_json(fd, 5000);
                assert_non_null(o);
                if (error_code(o))
                        fprintf(stderr, "# cycle %d: %s\n", i, json_object_to_json_string(o));
                assert_true(json_object_object_get_ex(o, "result", &res));
                assert_true(json_object_object_get_ex(res, "session", &v));
                long id = (long)json_object_get_int64(v);
                assert_true(id > last_id);
                last_id = id;
                json_object_put(o);
                send_json(fd, "{\"op\":\"session.end\",\"id\":%d,\"session\":%ld}", 2 * i + 1, id);
                o = recv_json(fd, 5000);
                assert_non_null(o);
                assert_null(error_code(o));
                json_object_put(o);
                if (i % 1000 == 999) {
                        int fds = fd_count(daemon_.pid);
                        long rss = vmrss_kb(daemon_.pid);
                        peak_fds = fds > peak_fds ? fds : peak_fds;
                        peak_rss = rss > peak_rss ? rss : peak_rss;
                        /* the connection is one fd more than the baseline */
                        assert_true(fds <= base_fds + 1);
                }
        }
        double dt = now_s() - t0;
        fprintf(stderr,
                "# %d create/end cycles in %.2f s (%.0f us each); peak %d fds, peak VmRSS %ld "
                "kB\n",
                N, dt, dt * 1e6 / N, peak_fds, peak_rss);
        close(fd);
        assert_daemon_clean();
        harness_child_reap(pid);
}

/* The BPF programs a process holds (prog_id in its fds' fdinfo: program
 * and link fds), deduplicated. Other daemons may run beside ours, so the
 * ids, not counts of names, say which programs are this daemon's. */
static int bpf_prog_ids(pid_t pid, unsigned *ids, int max)
{
        char path[64], line[256];
        int n = 0;
        DIR *d;

        snprintf(path, sizeof(path), "/proc/%d/fdinfo", (int)pid);
        d = opendir(path);
        assert_non_null(d);
        for (struct dirent *e; (e = readdir(d));) {
                char p[384];
                FILE *f;
                if (e->d_name[0] == '.')
                        continue;
                snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
                if (!(f = fopen(p, "re")))
                        continue;
                while (fgets(line, sizeof(line), f)) {
                        unsigned id, k;
                        if (sscanf(line, "prog_id: %u", &id) != 1)
                                continue;
                        for (k = 0; k < (unsigned)n; k++)
                                if (ids[k] == id)
                                        break;
                        if (k == (unsigned)n && n < max)
                                ids[n++] = id;
                }
                fclose(f);
        }
        closedir(d);
        return n;
}

/* Whether the kernel still has BPF program id. */
static bool bpf_prog_exists(unsigned id)
{
        char idstr[16];
        const char *argv[] = {"/usr/sbin/bpftool", "prog", "show", "id", idstr, NULL};
        struct run_result r;
        bool exists;

        snprintf(idstr, sizeof(idstr), "%u", id);
        assert_int_equal(run_capture(argv, &r), 0);
        exists = r.code == 0 && strstr(r.out, "name renacer_");
        run_result_free(&r);
        return exists;
}

/* 6. SIGTERM with a streaming session: a clear error, nothing left, and a
 * restart on the same socket serves. */
static void test_sigterm_active(void **state)
{
        struct test_daemon d2;
        struct run_result r;
        siginfo_t si;
        pid_t killer, re;
        unsigned ids[64], ids2[64];
        int nids, nids2;

        (void)state;
        assert_int_equal(daemon_start(&d2, NULL), 0);
        nids = bpf_prog_ids(d2.pid, ids, 64);
        /* sys_enter, sys_exit, fork, exec, exit at least */
        assert_true(nids >= 5);
        for (int i = 0; i < nids; i++)
                assert_true(bpf_prog_exists(ids[i]));
        killer = fork();
        if (killer == 0) {
                sleep_ms(400);
                kill(d2.pid, SIGTERM);
                _exit(0);
        }
        const char *argv[] = {ctl(), "run", "--socket", d2.sock, "--", "/bin/sleep", "2", NULL};
        double t0 = now_s();
        assert_int_equal(run_capture(argv, &r), 0);
        waitpid(killer, NULL, 0);
        assert_int_not_equal(r.code, 0);
        /* renacerctl still waits for its command before it exits */
        fprintf(stderr, "# renacerctl exited %d after %.2f s\n", r.code, now_s() - t0);
        assert_non_null(strstr(r.err, "renacerd shut down"));
        run_result_free(&r);

        /* the daemon exits by itself: its programs are gone and so is the socket */
        memset(&si, 0, sizeof(si));
        assert_int_equal(waitid(P_PID, (id_t)d2.pid, &si, WEXITED | WNOWAIT), 0);
        assert_int_equal(si.si_code, CLD_EXITED);
        assert_int_equal(si.si_status, 0);
        for (int i = 0; i < nids; i++)
                assert_false(bpf_prog_exists(ids[i]));
        assert_int_not_equal(access(d2.sock, F_OK), 0);
        assert_int_equal(errno, ENOENT);

        /* a restart on the same socket path works and serves a session */
        re = fork();
        if (re == 0) {
                int lfd = open("/dev/null", O_WRONLY);
                dup2(lfd, 1);
                dup2(lfd, 2);
                execl(harness_bin("RENACERD"), "renacerd", "--socket", d2.sock, "--metrics-listen",
                      "off", (char *)NULL);
                _exit(127);
        }
        harness_child_add(re);
        nids2 = 0;
        const char *st[] = {ctl(), "status", "--socket", d2.sock, NULL};
        for (int i = 0; i < 500; i++) {
                assert_int_equal(run_capture(st, &r), 0);
                int code = r.code;
                run_result_free(&r);
                if (code == 0)
                        break;
                assert_int_equal(waitpid(re, NULL, WNOHANG), 0);
                sleep_ms(20);
        }
        const char *again[] = {
            ctl(), "run", "--socket", d2.sock, "-c", "--", prog(0, "getppid-loop"), "77", NULL};
        assert_int_equal(run_capture(again, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(summary_calls(r.err, "getppid"), 77);
        assert_null(strstr(r.err, "in-process"));
        run_result_free(&r);
        int status;
        kill(re, SIGTERM);
        assert_int_equal(waitpid(re, &status, 0), re);
        harness_child_forget(re);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
        for (int i = 0; i < nids2; i++)
                assert_false(bpf_prog_exists(ids2[i]));
        assert_int_equal(daemon_stop(&d2), 0);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
        assert_daemon_clean();
}

/* Send raw bytes on a fresh connection; the reply's error code (or NULL),
 * and whether the daemon then closed the connection within 2 s. */
static void expect_error_close(const void *bytes, size_t len, const char *code)
{
        int fd = raw_connect(daemon_.sock);

        write_all(fd, bytes, len);
        struct json_object *o = recv_json(fd, 2000);
        assert_non_null(o);
        assert_string_equal(error_code(o), code);
        json_object_put(o);
        assert_true(closed_within(fd, 2000));
        close(fd);
}

/* An error reply, then the same connection still answers `status`. */
static void expect_error_usable(const char *json, const char *code)
{
        int fd = raw_connect(daemon_.sock);

        send_frame(fd, 'J', json, (uint32_t)strlen(json));
        struct json_object *o = recv_json(fd, 2000), *res;
        assert_non_null(o);
        assert_string_equal(error_code(o), code);
        json_object_put(o);
        send_json(fd, "{\"op\":\"status\",\"id\":9}");
        o = recv_json(fd, 2000);
        assert_non_null(o);
        assert_true(json_object_object_get_ex(o, "result", &res));
        json_object_put(o);
        close(fd);
}

/* 7. Malformed, truncated, oversized and random requests. */
static void test_bad_requests(void **state)
{
        static const char status_req[] = "{\"op\":\"status\",\"id\":1}";
        uint8_t frame[64];

        (void)state;
        /* a bad type byte */
        memcpy(frame, (uint8_t[]){sizeof(status_req) - 1, 0, 0, 0, 'X', 0, 0, 0}, 8);
        memcpy(frame + 8, status_req, sizeof(status_req) - 1);
        expect_error_close(frame, 8 + sizeof(status_req) - 1, "bad_frame");
        /* an event frame from a client */
        frame[4] = 'E';
        expect_error_close(frame, 8 + sizeof(status_req) - 1, "bad_frame");
        /* non-zero reserved bytes */
        frame[4] = 'J';
        frame[6] = 1;
        expect_error_close(frame, 8 + sizeof(status_req) - 1, "bad_frame");
        /* a declared length over 64 KiB: refused on the header alone */
        expect_error_close((uint8_t[]){0x01, 0x00, 0x01, 0x00, 'J', 0, 0, 0}, 8, "too_large");
        expect_error_close((uint8_t[]){0xff, 0xff, 0xff, 0xff, 'J', 0, 0, 0}, 8, "too_large");
        /* exactly 64 KiB of garbage is a (bad) request, not a frame error */
        char *big = malloc(65536);
        assert_non_null(big);
        memset(big, ' ', 65536);
        big[0] = '{';
        int fd = raw_connect(daemon_.sock);
        send_frame(fd, 'J', big, 65536);
        free(big);
        struct json_object *o = recv_json(fd, 2000);
        assert_non_null(o);
        assert_string_equal(error_code(o), "bad_request");
        json_object_put(o);
        close(fd);

        /* request-level errors answer and keep the connection */
        expect_error_usable("{\"op\":\"status\",", "bad_request");
        expect_error_usable("not json at all", "bad_request");
        expect_error_usable("[1,2,3]", "bad_request");
        expect_error_usable("{\"op\":\"no.such.op\",\"id\":1}", "bad_request");
        expect_error_usable("{\"id\":1}", "bad_request");
        expect_error_usable("{\"op\":\"session.create\",\"id\":1,\"pid\":\"x\"}", "bad_request");
        expect_error_usable("{\"op\":\"session.create\",\"id\":1,\"pid\":1,\"bogus\":1}",
                            "bad_request");
        expect_error_usable("{\"op\":\"session.create\",\"id\":1,\"pid\":-5}", "bad_request");
        expect_error_usable("{\"op\":\"session.end\",\"id\":1,\"session\":999999}",
                            "no_such_session");
        expect_error_usable("{\"op\":\"session.create\",\"id\":1,\"pid\":999999999}",
                            "no_such_process");

        /* a header and half a body, then a stall: dropped after the 5 s
         * partial-frame timeout (checked by a 1 s sweep) with an error */
        fd = raw_connect(daemon_.sock);
        write_all(fd, (uint8_t[]){sizeof(status_req) - 1, 0, 0, 0, 'J', 0, 0, 0, '{'}, 9);
        double t0 = now_s();
        o = recv_json(fd, 8000);
        double dt = now_s() - t0;
        assert_non_null(o);
        assert_string_equal(error_code(o), "timeout");
        json_object_put(o);
        assert_true(closed_within(fd, 1000));
        fprintf(stderr, "# stalled frame dropped after %.2f s\n", dt);
        assert_true(dt > 4.0 && dt < 7.0);
        close(fd);
        /* half a header stalls the same way */
        fd = raw_connect(daemon_.sock);
        write_all(fd, (uint8_t[]){4, 0, 0}, 3);
        assert_true(closed_within(fd, 7500));
        close(fd);

        /* 1000 random blobs from a fixed seed, each on a fresh connection:
         * half raw noise, half a valid header over random bytes */
        unsigned seed = 20240611;
        for (int i = 0; i < 1000; i++) {
                size_t len = 1 + (size_t)(rand_r(&seed) % 2048);
                uint8_t *b = malloc(len + 8);
                assert_non_null(b);
                for (size_t k = 0; k < len + 8; k++)
                        b[k] = (uint8_t)rand_r(&seed);
                if (i % 2) {
                        if (i % 4 == 1)
                                b[8] = '{'; /* look like JSON to the parser */
                        memcpy(b,
                               (uint8_t[]){(uint8_t)len, (uint8_t)(len >> 8), 0, 0, 'J', 0, 0, 0},
                               8);
                }
                fd = raw_connect(daemon_.sock);
                write_all(fd, b, len + (i % 2 ? 8 : 0));
                free(b);
                shutdown(fd, SHUT_WR);
                /* whatever it answers, it closes: at our EOF at the latest */
                assert_true(closed_within(fd, 3000));
                close(fd);
        }
        assert_daemon_clean();
        struct json_object *st = daemon_status(&daemon_);
        assert_int_equal(status_int(st, "clients"), 1); /* the status call itself */
        json_object_put(st);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_client_sigkilled),  cmocka_unit_test(test_traced_sigkilled),
            cmocka_unit_test(test_fork_many),         cmocka_unit_test(test_200_sessions),
            cmocka_unit_test(test_create_end_cycles), cmocka_unit_test(test_sigterm_active),
            cmocka_unit_test(test_bad_requests),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("integration-faults", tests, group_setup,
                                           group_teardown);
}
