// SPDX-License-Identifier: MIT
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

void harness_require_root_btf(void)
{
        if (geteuid() != 0) {
                printf("SKIP: integration tests need root (CAP_BPF, CAP_PERFMON)\n");
                exit(77);
        }
        if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
                printf("SKIP: no kernel BTF at /sys/kernel/btf/vmlinux\n");
                exit(77);
        }
}

const char *harness_bin(const char *env_name)
{
        const char *p = getenv(env_name);

        if (!p) {
                fprintf(stderr, "harness: %s is not set (run through meson test)\n", env_name);
                exit(1);
        }
        return p;
}

const char *harness_prog(const char *name, char *buf, size_t len)
{
        snprintf(buf, len, "%s/%s", harness_bin("RENACER_TEST_PROGRAMS"), name);
        return buf;
}

static char *slurp(const char *path)
{
        FILE *f = fopen(path, "re");
        char *buf = NULL;
        size_t cap = 0, len = 0, n;

        if (!f)
                return strdup("");
        do {
                if (len + 65536 + 1 > cap) {
                        cap = (len + 65536 + 1) * 2;
                        buf = realloc(buf, cap);
                }
                n = fread(buf + len, 1, 65536, f);
                len += n;
        } while (n > 0);
        fclose(f);
        buf[len] = '\0';
        return buf;
}

int run_capture(const char *const *argv, struct run_result *r)
{
        char outp[] = "/tmp/renacer-test-out-XXXXXX", errp[] = "/tmp/renacer-test-err-XXXXXX";
        /* close-on-exec: the program under test must not inherit them */
        int ofd = mkostemp(outp, O_CLOEXEC), efd = mkostemp(errp, O_CLOEXEC), status;
        posix_spawn_file_actions_t fa;
        pid_t pid;

        memset(r, 0, sizeof(*r));
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, ofd, 1);
        posix_spawn_file_actions_adddup2(&fa, efd, 2);
        int e = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        close(ofd);
        close(efd);
        if (e) {
                unlink(outp);
                unlink(errp);
                return -e;
        }
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        r->code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r->out = slurp(outp);
        r->err = slurp(errp);
        unlink(outp);
        unlink(errp);
        return 0;
}

void run_result_free(struct run_result *r)
{
        free(r->out);
        free(r->err);
        memset(r, 0, sizeof(*r));
}

static int try_connect(const char *path)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

        if (strlen(path) >= sizeof(sa.sun_path)) {
                close(fd);
                return -1;
        }
        memcpy(sa.sun_path, path, strlen(path) + 1);
        r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
        close(fd);
        return r;
}

static pid_t children[512];

void harness_child_forget(pid_t pid)
{
        for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
                if (children[i] == pid)
                        children[i] = 0;
}

void harness_child_reap(pid_t pid)
{
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        harness_child_forget(pid);
}

void harness_children_reap_all(void)
{
        for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
                if (children[i] > 0)
                        harness_child_reap(children[i]);
}

void harness_child_add(pid_t pid)
{
        static bool registered;

        if (!registered) {
                atexit(harness_children_reap_all);
                registered = true;
        }
        for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
                if (children[i] <= 0) {
                        children[i] = pid;
                        return;
                }
}

/* Daemons a failing test could not stop are stopped when it exits: a test
 * run leaves no renacerd (and no attached BPF) behind. */
static pid_t started[16];

static void stop_leftovers(void)
{
        for (size_t i = 0; i < sizeof(started) / sizeof(started[0]); i++)
                if (started[i] > 0) {
                        kill(started[i], SIGTERM);
                        waitpid(started[i], NULL, 0);
                }
}

static void remember(pid_t pid, bool add)
{
        static bool registered;

        if (!registered) {
                atexit(stop_leftovers);
                registered = true;
        }
        for (size_t i = 0; i < sizeof(started) / sizeof(started[0]); i++) {
                if (add && started[i] <= 0) {
                        started[i] = pid;
                        return;
                }
                if (!add && started[i] == pid) {
                        started[i] = 0;
                        return;
                }
        }
}

int daemon_start(struct test_daemon *d, const char *const *extra)
{
        const char *argv[20];
        int n = 0, lfd;
        posix_spawn_file_actions_t fa;

        snprintf(d->dir, sizeof(d->dir), "/tmp/renacer-test-XXXXXX");
        if (!mkdtemp(d->dir))
                return -errno;
        snprintf(d->sock, sizeof(d->sock), "%s/renacerd.sock", d->dir);
        snprintf(d->log, sizeof(d->log), "%s/renacerd.log", d->dir);
        argv[n++] = harness_bin("RENACERD");
        argv[n++] = "--socket";
        argv[n++] = d->sock;
        bool metrics_given = false;
        for (const char *const *e = extra; e && *e; e++)
                metrics_given |= !strcmp(*e, "--metrics-listen");
        /* tests run several daemons at once: none takes the default port
         * unless the test asks for metrics itself */
        if (!metrics_given) {
                argv[n++] = "--metrics-listen";
                argv[n++] = "off";
        }
        for (; extra && *extra && n < 14; extra++)
                argv[n++] = *extra;
        argv[n] = NULL;
        lfd = open(d->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, lfd, 1);
        posix_spawn_file_actions_adddup2(&fa, lfd, 2);
        int e = posix_spawn(&d->pid, argv[0], &fa, NULL, (char *const *)argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        close(lfd);
        if (e)
                return -e;
        remember(d->pid, true);
        setenv("RENACER_SOCKET", d->sock, 1);
        /* loading the BPF programs (the verifier) takes seconds on a loaded
         * machine: 30 s before calling the start failed */
        for (int i = 0; i < 3000; i++) {
                if (try_connect(d->sock) == 0)
                        return 0;
                if (waitpid(d->pid, NULL, WNOHANG) == d->pid) {
                        d->pid = 0;
                        return -ECHILD;
                }
                nanosleep(&(struct timespec){0, 10000000}, NULL);
        }
        return -ETIMEDOUT;
}

int daemon_stop(struct test_daemon *d)
{
        int status = -1;

        if (d->pid > 0) {
                kill(d->pid, SIGTERM);
                while (waitpid(d->pid, &status, 0) < 0 && errno == EINTR)
                        ;
                remember(d->pid, false);
                d->pid = 0;
        }
        unlink(d->log);
        unlink(d->sock);
        rmdir(d->dir);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct json_object *daemon_status(struct test_daemon *d)
{
        const char *argv[] = {
            harness_bin("RENACERCTL"), "status", "--json", "--socket", d->sock, NULL};
        struct run_result r;
        struct json_object *o = NULL;

        if (run_capture(argv, &r) == 0 && r.code == 0)
                o = json_tokener_parse(r.out);
        run_result_free(&r);
        return o;
}

size_t count_substr(const char *hay, const char *needle)
{
        size_t n = 0, len = strlen(needle);

        for (const char *p = hay; (p = strstr(p, needle)); p += len)
                n++;
        return n;
}

size_t count_lines_with(const char *hay, const char *needle)
{
        size_t n = 0;

        for (const char *line = hay; *line;) {
                const char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t)(nl - line) : strlen(line);
                char buf[len + 1];
                memcpy(buf, line, len);
                buf[len] = '\0';
                if (strstr(buf, needle))
                        n++;
                line += len + (nl ? 1 : 0);
        }
        return n;
}

int summary_rows(const char *table, char names[][32], long *calls, int max)
{
        int n = 0;

        for (const char *line = table; *line && n < max;) {
                const char *nl = strchr(line, '\n');
                size_t len = nl ? (size_t)(nl - line) : strlen(line);
                char buf[512], *tok[8];
                int nt = 0;

                if (len < sizeof(buf)) {
                        memcpy(buf, line, len);
                        buf[len] = '\0';
                        for (char *save, *t = strtok_r(buf, " ", &save); t && nt < 8;
                             t = strtok_r(NULL, " ", &save))
                                tok[nt++] = t;
                        /* rows: pct seconds usecs calls [errors] name */
                        if ((nt == 5 || nt == 6) && strchr(tok[0], '.') &&
                            strcmp(tok[nt - 1], "total") != 0 && strcmp(tok[0], "%") != 0) {
                                snprintf(names[n], 32, "%s", tok[nt - 1]);
                                calls[n] = atol(tok[3]);
                                n++;
                        }
                }
                line += len + (nl ? 1 : 0);
        }
        return n;
}

long summary_calls(const char *table, const char *name)
{
        char names[512][32];
        long calls[512];
        int n = summary_rows(table, names, calls, 512);

        for (int i = 0; i < n; i++)
                if (!strcmp(names[i], name))
                        return calls[i];
        return -1;
}
