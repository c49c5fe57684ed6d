// SPDX-License-Identifier: MIT
/*
 * Zero cost when idle: renacerd keeps sys_enter/sys_exit attached only
 * while a session (or a daemon-wide policy) exists. Checked in the kernel's
 * own terms (the daemon's bpf_link fds: the lifecycle and signal links
 * idle, sys_enter and sys_exit besides with a session) and by exact counts of sessions that start
 * and end while others run, in every order: attach and detach lose nothing.
 */
#include <dirent.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

extern char **environ;

static struct test_daemon daemon_;
static char tmpdir[] = "/tmp/renacer-attach-XXXXXX";

/* bpf_link fds renacerd holds: one per attached program. */
/* fork, exec, exit, signal_deliver and signal_generate stay attached: none
 * of them runs per syscall */
#define IDLE_LINKS 5

static int daemon_links(void)
{
        char dir[64], p[384], target[128];
        struct dirent *de;
        int n = 0;

        snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)daemon_.pid);
        DIR *d = opendir(dir);
        if (!d)
                return -1;
        while ((de = readdir(d))) {
                snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
                ssize_t len = readlink(p, target, sizeof(target) - 1);
                if (len <= 0)
                        continue;
                target[len] = '\0';
                n += !strcmp(target, "anon_inode:bpf_link");
        }
        closedir(d);
        return n;
}

static bool status_attached(void)
{
        struct json_object *st = daemon_status(&daemon_), *v;
        bool on = false;

        assert_non_null(st);
        assert_true(json_object_object_get_ex(st, "syscall_programs_attached", &v));
        on = json_object_get_boolean(v);
        json_object_put(st);
        return on;
}

/* Idle again once the last session is gone (the daemon ends a session
 * when it sees the exit; give it a moment). */
static void assert_idle(void)
{
        for (int i = 0; i < 200 && (status_attached() || daemon_links() != IDLE_LINKS); i++)
                nanosleep(&(struct timespec){0, 20000000}, NULL);
        assert_false(status_attached());
        assert_int_equal(daemon_links(), IDLE_LINKS);
}

/* `renacerctl run -f -c -o OUT -- sh -c SCRIPT` in the background. */
static pid_t start_run(const char *out, const char *script)
{
        char prog[512];
        posix_spawn_file_actions_t fa;
        pid_t pid;
        const char *argv[] = {harness_bin("RENACERCTL"),
                              "run",
                              "-f",
                              "-c",
                              "-o",
                              out,
                              "--",
                              "/bin/sh",
                              "-c",
                              script,
                              harness_prog("getppid-loop", prog, sizeof(prog)),
                              NULL};

        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        assert_int_equal(posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ), 0);
        posix_spawn_file_actions_destroy(&fa);
        harness_child_add(pid);
        return pid;
}

/* Wait for it; the getppid count of its -c table. */
static long finish_run(pid_t pid, const char *out)
{
        int status;
        char table[65536];

        while (waitpid(pid, &status, 0) < 0)
                ;
        harness_child_forget(pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        FILE *f = fopen(out, "r");
        assert_non_null(f);
        size_t n = fread(table, 1, sizeof(table) - 1, f);
        table[n] = '\0';
        fclose(f);
        unlink(out);
        return summary_calls(table, "getppid");
}

static void out_path(char *buf, size_t len, const char *name)
{
        snprintf(buf, len, "%s/%s", tmpdir, name);
}

static void sleep_ms(long ms)
{
        nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000}, NULL);
}

static void test_idle_has_no_syscall_programs(void **state)
{
        (void)state;
        assert_idle();
}

/* A session's first and last calls are counted although the programs are
 * attached for it and detached after it, ten times over. */
static void test_attach_detach_cycles(void **state)
{
        char out[256];

        (void)state;
        out_path(out, sizeof(out), "cycle.txt");
        for (int i = 0; i < 10; i++) {
                pid_t p = start_run(out, "\"$0\" 1000");
                /* the shell's own getppid for $PPID, and the loop's 1000 */
                assert_int_equal(finish_run(p, out), 1001);
                assert_idle();
        }
}

/* L runs long; S sessions start and end inside it (attach happens once,
 * no detach while L lives). Then S starts first, L starts, S ends (the
 * programs stay), L ends (detach). */
static void test_overlapping_sessions(void **state)
{
        char lo[256], so[256];
        const char *longer = "\"$0\" 1000; sleep 0.4; \"$0\" 1000; sleep 0.4; \"$0\" 1000";
        const char *shorter = "\"$0\" 500";

        (void)state;
        out_path(lo, sizeof(lo), "long.txt");
        out_path(so, sizeof(so), "short.txt");

        pid_t l = start_run(lo, longer);
        sleep_ms(100);
        for (int i = 0; i < 3; i++) {
                pid_t s = start_run(so, shorter);
                assert_int_equal(finish_run(s, so), 501);
                assert_true(status_attached()); /* L still runs */
        }
        assert_int_equal(finish_run(l, lo), 3001);
        assert_idle();

        /* S (made long) first, then L; S ends inside L */
        pid_t s = start_run(so, "\"$0\" 700; sleep 0.3; \"$0\" 300");
        sleep_ms(100);
        l = start_run(lo, longer);
        assert_int_equal(finish_run(s, so), 1001);
        assert_true(status_attached());
        assert_int_equal(daemon_links(), IDLE_LINKS + 2);
        assert_int_equal(finish_run(l, lo), 3001);
        assert_idle();

        /* both start together and end together, several at once */
        pid_t many[4];
        char mo[4][256];
        for (int i = 0; i < 4; i++) {
                char name[32];
                snprintf(name, sizeof(name), "many%d.txt", i);
                out_path(mo[i], sizeof(mo[i]), name);
                many[i] = start_run(mo[i], "\"$0\" 2000; sleep 0.1; \"$0\" 2000");
        }
        for (int i = 0; i < 4; i++)
                assert_int_equal(finish_run(many[i], mo[i]), 4001);
        assert_idle();
}

/* trace --pid of a process that was running before any session: the
 * programs attach for it and detach when the trace ends. */
static void test_trace_pid_attaches(void **state)
{
        char prog[512], out[256];
        posix_spawn_file_actions_t fa;
        pid_t sp, tr;
        int pfd[2];

        (void)state;
        assert_idle();
        assert_int_equal(pipe(pfd), 0);
        const char *sargv[] = {harness_prog("spinner", prog, sizeof(prog)), NULL};
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
        assert_int_equal(posix_spawn(&sp, sargv[0], &fa, NULL, (char *const *)sargv, environ), 0);
        posix_spawn_file_actions_destroy(&fa);
        harness_child_add(sp);
        close(pfd[1]);
        char buf[32] = "";
        assert_true(read(pfd[0], buf, sizeof(buf) - 1) > 0);
        close(pfd[0]);
        assert_idle(); /* an untraced process costs nothing */

        char pidarg[16];
        snprintf(pidarg, sizeof(pidarg), "%d", (int)sp);
        out_path(out, sizeof(out), "pid.txt");
        const char *targv[] = {
            harness_bin("RENACERCTL"), "trace", "-f", "-c", "-o", out, "--pid", pidarg, NULL};
        assert_int_equal(posix_spawn(&tr, targv[0], NULL, NULL, (char *const *)targv, environ), 0);
        harness_child_add(tr);
        for (int i = 0; i < 200 && !status_attached(); i++)
                sleep_ms(10);
        assert_true(status_attached());
        sleep_ms(300);
        harness_child_reap(sp); /* the trace ends with the process */
        int status;
        while (waitpid(tr, &status, 0) < 0)
                ;
        harness_child_forget(tr);
        FILE *f = fopen(out, "r");
        assert_non_null(f);
        char table[65536];
        size_t n = fread(table, 1, sizeof(table) - 1, f);
        table[n] = '\0';
        fclose(f);
        unlink(out);
        assert_true(summary_calls(table, "getppid") > 10);
        assert_idle();
}

static int setup(void **state)
{
        (void)state;
        if (!mkdtemp(tmpdir))
                return -1;
        /* no daemon-wide policies: they would keep the programs attached */
        char cfg[128];
        snprintf(cfg, sizeof(cfg), "%s/renacerd.yaml", tmpdir);
        FILE *f = fopen(cfg, "w");
        if (!f)
                return -1;
        fprintf(f, "policy_dir: %s/no-policies\n", tmpdir);
        fclose(f);
        static char cfgarg[128];
        snprintf(cfgarg, sizeof(cfgarg), "%s", cfg);
        const char *const extra[] = {"--config", cfgarg, NULL};
        return daemon_start(&daemon_, extra) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        char cfg[128];

        (void)state;
        snprintf(cfg, sizeof(cfg), "%s/renacerd.yaml", tmpdir);
        unlink(cfg);
        rmdir(tmpdir);
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_idle_has_no_syscall_programs),
            cmocka_unit_test(test_attach_detach_cycles),
            cmocka_unit_test(test_overlapping_sessions),
            cmocka_unit_test(test_trace_pid_attaches),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("attach", tests, setup, teardown);
}
