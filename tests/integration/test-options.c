// SPDX-License-Identifier: MIT
/*
 * strace's line conventions and options, checked against strace 6.1 on the
 * same programs: the pid prefixes (stderr, -f -o FILE, -ff -o P), the
 * +++ lines of every task, and the options strace users type. Lines are
 * compared after normalizing what differs between two runs (pids,
 * addresses, timings).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
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
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))

static struct test_daemon daemon_;
static char markers[512];
static char fd_kinds[512];
static char dumpio_calls[512];
static char verbose_calls[512];
static char mm_calls[512];
static char exec_env[512];
static char net_calls[512];
static char tmpdir[64];

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static int group_setup(void **state)
{
        (void)state;
        harness_prog("tasks-markers", markers, sizeof(markers));
        harness_prog("fd-kinds", fd_kinds, sizeof(fd_kinds));
        harness_prog("dumpio-calls", dumpio_calls, sizeof(dumpio_calls));
        harness_prog("verbose-calls", verbose_calls, sizeof(verbose_calls));
        harness_prog("mm-calls", mm_calls, sizeof(mm_calls));
        harness_prog("exec-env", exec_env, sizeof(exec_env));
        harness_prog("net-calls", net_calls, sizeof(net_calls));
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/renacer-opts-XXXXXX");
        if (!mkdtemp(tmpdir))
                return -1;
        if (daemon_start(&daemon_, NULL) < 0) {
                fprintf(stderr, "cannot start renacerd\n");
                return -1;
        }
        return 0;
}

static int group_teardown(void **state)
{
        char cmd[128];

        (void)state;
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
                return -1;
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

static char *slurp(const char *path)
{
        FILE *f = fopen(path, "r");
        char *buf = NULL;
        size_t cap = 0, len = 0, n;

        if (!f)
                return NULL;
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

/* strace's and renacer's trace of the same command, normalized: the pid
 * prefix and -r deltas go, addresses, pids and random bytes become
 * placeholders, and the tools' own messages are dropped. */
static bool sort_lines; /* compare as multisets: tasks interleave differently */

static char *normalized(const char *path)
{
        char cmd[1024];

        snprintf(cmd, sizeof(cmd),
                 "sed -E -e 's/^(\\[pid +[0-9]+\\] |[0-9]+ +)//' "
                 "-e 's/^ *[0-9]+\\.[0-9]{6} //' "
                 "-e 's/0x[0-9a-f]{5,}/ADDR/g' "
                 "-e 's/^(set_tid_address|getpid|gettid|getppid|clone|clone3|fork|vfork|wait4)"
                 "(\\(.*\\)) += [0-9]+/\\1\\2 = PID/' "
                 "-e 's/^(set_tid_address|getpid|gettid|getppid|clone|clone3|fork|vfork|wait4)"
                 "(\\(.*\\)) = [0-9]+/\\1\\2 = PID/' "
                 "-e '/^getrandom\\(/d' -e '/^(strace|renacer|renacerctl): /d' "
                 "-e 's/si_pid=[0-9]+/si_pid=PID/' -e 's/^(kill|tkill|tgkill)\\([0-9]+/\\1(PID/' "
                 "-e 's/(127\\.0\\.0\\.1:|htons\\()[0-9]+/\\1PORT/g' "
                 "-e 's/:\\[[0-9]+(->[0-9]+)?/:[INODE/g' "
                 "-e 's/renacer-test-(out|err)-[A-Za-z0-9]{6}/renacer-test-\\1/g' "
                 "'%s'%s",
                 path, sort_lines ? " | LC_ALL=C sort" : "");
        FILE *f = popen(cmd, "r");
        char *buf = NULL;
        size_t cap = 0, len = 0, n;

        assert_non_null(f);
        do {
                if (len + 65536 + 1 > cap) {
                        cap = (len + 65536 + 1) * 2;
                        buf = realloc(buf, cap);
                }
                n = fread(buf + len, 1, 65536, f);
                len += n;
        } while (n > 0);
        pclose(f);
        buf[len] = '\0';
        return buf;
}

/* Run the same options and command under strace and renacerctl, each
 * writing to its own -o file, and require identical normalized traces
 * (column padding included). */
static void same_as_strace(const char *const *opts, const char *const *cmd)
{
        char rpath[128], spath[128];
        const char *rargv[48], *sargv[48];
        int rn = 0, sn = 0;
        struct run_result r;
        static int seq;

        snprintf(rpath, sizeof(rpath), "%s/diff-%d.renacer", tmpdir, seq);
        snprintf(spath, sizeof(spath), "%s/diff-%d.strace", tmpdir, seq++);
        rargv[rn++] = ctl();
        rargv[rn++] = "run";
        sargv[sn++] = "/usr/bin/strace";
        for (const char *const *o = opts; *o; o++)
                rargv[rn++] = sargv[sn++] = *o;
        rargv[rn++] = "-o";
        rargv[rn++] = rpath;
        sargv[sn++] = "-o";
        sargv[sn++] = spath;
        rargv[rn++] = sargv[sn++] = "--";
        for (const char *const *c = cmd; *c; c++)
                rargv[rn++] = sargv[sn++] = *c;
        rargv[rn] = sargv[sn] = NULL;
        assert_int_equal(run_capture(rargv, &r), 0);
        int rcode = r.code;
        run_result_free(&r);
        assert_int_equal(run_capture(sargv, &r), 0);
        assert_int_equal(rcode, r.code);
        run_result_free(&r);
        char *mine = normalized(rpath), *theirs = normalized(spath);
        if (strcmp(mine, theirs) != 0) {
                char cmdline[512];
                /* the normalized texts, so the diff shows only what differs */
                FILE *a = fopen(spath, "w"), *b = fopen(rpath, "w");
                if (a && b) {
                        fputs(theirs, a);
                        fputs(mine, b);
                }
                if (a)
                        fclose(a);
                if (b)
                        fclose(b);
                snprintf(cmdline, sizeof(cmdline), "diff '%s' '%s' >&2", spath, rpath);
                if (system(cmdline) < 0)
                        print_error("cannot run diff\n");
                fail_msg("renacerctl and strace differ (see above)");
        }
        free(mine);
        free(theirs);
}

enum prefix_style {
        PFX_BRACKET, /* "[pid %5u] " */
        PFX_COLUMN,  /* "%-5u " */
        PFX_NONE,
};

/* Every marker write line carries its own tid's prefix; returns how many
 * marker writes there were. strace's unfinished/resumed halves count once
 * (the unfinished half has the marker). */
static int check_marker_prefixes(const char *text, enum prefix_style style, int want_tid)
{
        int count = 0;

        for (const char *line = text; *line;) {
                const char *end = strchr(line, '\n');
                size_t len = end ? (size_t)(end - line) : strlen(line);
                char l[512];
                snprintf(l, sizeof(l), "%.*s", (int)MIN(len, sizeof(l) - 1), line);
                line += len + (end ? 1 : 0);
                const char *m = strstr(l, "write(1, \"marker ");
                if (!m)
                        continue;
                int tid = atoi(m + strlen("write(1, \"marker "));
                char want[32];
                if (style == PFX_BRACKET)
                        snprintf(want, sizeof(want), "[pid %5d] ", tid);
                else if (style == PFX_COLUMN)
                        snprintf(want, sizeof(want), "%-5d ", tid);
                else
                        want[0] = '\0';
                if (strncmp(l, want, strlen(want)) != 0 || m != l + strlen(want)) {
                        print_error("line without its tid's prefix: %s\n", l);
                        return -1;
                }
                if (want_tid && tid != want_tid) {
                        print_error("tid %d's line in tid %d's file\n", tid, want_tid);
                        return -1;
                }
                count++;
        }
        return count;
}

static void run_strace(const char *const *extra, const char *out)
{
        const char *argv[24];
        int n = 0;
        struct run_result r;

        argv[n++] = "/usr/bin/strace";
        for (; *extra; extra++)
                argv[n++] = *extra;
        argv[n] = NULL;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        if (out) {
                FILE *f = fopen(out, "w");
                assert_non_null(f);
                fputs(r.err, f);
                fclose(f);
        }
        run_result_free(&r);
}

/* 1400 markers from 7 tasks, to stderr: [pid N] on every one, as strace. */
static void test_prefix_stderr(void **state)
{
        const char *argv[] = {ctl(), "run", "-f", "-e", "trace=write", "--", markers, NULL};
        const char *sargv[] = {"-f", "-e", "trace=write", "--", markers, NULL};
        char spath[128];
        struct run_result r;

        (void)state;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(check_marker_prefixes(r.err, PFX_BRACKET, 0), 1400);
        /* every task's end: 4 threads, 2 children, the process */
        assert_int_equal(count_lines_with(r.err, "+++ exited with 0 +++"), 7);
        run_result_free(&r);

        snprintf(spath, sizeof(spath), "%s/strace-stderr", tmpdir);
        run_strace(sargv, spath);
        char *s = slurp(spath);
        assert_int_equal(check_marker_prefixes(s, PFX_BRACKET, 0), 1400);
        assert_int_equal(count_lines_with(s, "+++ exited with 0 +++"), 7);
        free(s);
}

/* -f -o FILE: "PID " starts every line, even the first task's. */
static void test_prefix_output_file(void **state)
{
        char path[128], spath[128];
        const char *argv[] = {ctl(), "run", "-f", "-e",    "trace=write",
                              "-o",  path,  "--", markers, NULL};
        const char *sargv[] = {"-f", "-e", "trace=write", "-o", spath, "--", markers, NULL};
        struct run_result r;

        (void)state;
        snprintf(path, sizeof(path), "%s/f-o", tmpdir);
        snprintf(spath, sizeof(spath), "%s/f-o.strace", tmpdir);
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        run_strace(sargv, NULL);
        char *mine = slurp(path), *theirs = slurp(spath);
        assert_non_null(mine);
        assert_non_null(theirs);
        assert_int_equal(check_marker_prefixes(mine, PFX_COLUMN, 0), 1400);
        assert_int_equal(check_marker_prefixes(theirs, PFX_COLUMN, 0), 1400);
        /* no line of either goes without a pid */
        regex_t re;
        assert_int_equal(regcomp(&re, "^[0-9]+ +[^ ]", REG_EXTENDED | REG_NOSUB), 0);
        for (char *p = mine, *nl; *p; p = nl + 1) {
                nl = strchr(p, '\n');
                assert_non_null(nl);
                *nl = '\0';
                if (regexec(&re, p, 0, NULL, 0) != 0)
                        fail_msg("line without a pid column: %s", p);
        }
        regfree(&re);
        free(mine);
        free(theirs);
}

/* -ff -o P: one file P.TID per task, no prefix, each with its own lines. */
static void check_per_task_files(const char *prefix, int *nfiles, int *nmarkers)
{
        const char *base = strrchr(prefix, '/') + 1;
        DIR *d = opendir(tmpdir);

        *nfiles = *nmarkers = 0;
        assert_non_null(d);
        for (struct dirent *de; (de = readdir(d));) {
                size_t bl = strlen(base);
                if (strncmp(de->d_name, base, bl) || de->d_name[bl] != '.')
                        continue;
                int tid = atoi(de->d_name + bl + 1);
                assert_true(tid > 0);
                char path[sizeof(tmpdir) + sizeof(de->d_name) + 2];
                snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
                char *text = slurp(path);
                int n = check_marker_prefixes(text, PFX_NONE, tid);
                assert_int_equal(n, 200);
                assert_non_null(strstr(text, "+++ exited with 0 +++"));
                free(text);
                (*nfiles)++;
                *nmarkers += n;
        }
        closedir(d);
}

static void test_per_task_files(void **state)
{
        char path[128], spath[128];
        const char *argv[] = {ctl(), "run", "-ff", "-e",    "trace=write",
                              "-o",  path,  "--",  markers, NULL};
        const char *sargv[] = {"-ff", "-e", "trace=write", "-o", spath, "--", markers, NULL};
        struct run_result r;
        int files, n;

        (void)state;
        snprintf(path, sizeof(path), "%s/ff", tmpdir);
        snprintf(spath, sizeof(spath), "%s/ffstrace", tmpdir);
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        check_per_task_files(path, &files, &n);
        assert_int_equal(files, 7);
        assert_int_equal(n, 1400);
        run_strace(sargv, NULL);
        check_per_task_files(spath, &files, &n);
        assert_int_equal(files, 7);
        assert_int_equal(n, 1400);
}

/* Signal lines: kill, sigqueue, a child's exit, a fatal SIGTERM, a
 * fault; -e signal= filters them and the +++ killed lines with them. */
static void test_signal_lines(void **state)
{
        char prog[512];
        const char *const cmd[] = {harness_prog("signals", prog, sizeof(prog)), NULL};

        (void)state;
        sort_lines = true;
        same_as_strace((const char *const[]){"-f", "-q", "-e", "trace=none", NULL}, cmd);
        same_as_strace((const char *const[]){"-f", "-q", "-e", "trace=kill", NULL}, cmd);
        /* rt_sigreturn({mask=[...]}): the mask read from the signal frame */
        same_as_strace(
            (const char *const[]){"-f", "-q", "-e", "trace=rt_sigreturn,rt_sigprocmask", NULL},
            cmd);
        same_as_strace(
            (const char *const[]){"-f", "-q", "-e", "trace=none", "-e", "signal=SIGCHLD", NULL},
            cmd);
        same_as_strace(
            (const char *const[]){"-f", "-q", "-e", "trace=none", "-e", "signal=!SIGUSR1,11", NULL},
            cmd);
        same_as_strace(
            (const char *const[]){"-f", "-q", "-e", "trace=none", "-e", "signal=none", NULL}, cmd);
        sort_lines = false;
}

static char data_file[128];

static const char *const cat_cmd[] = {"/bin/cat", "/nonexistent", data_file, NULL};

static void make_data_file(void)
{
        snprintf(data_file, sizeof(data_file), "%s/data.txt", tmpdir);
        FILE *f = fopen(data_file, "w");
        assert_non_null(f);
        /* a tab, a control byte and a non-ASCII one: -x and -xx differ */
        fputs("hello\tworld\n\x01\xc3\xa9t\xc3\xa9\n", f);
        fclose(f);
}

static void test_status_filters(void **state)
{
        (void)state;
        make_data_file();
        same_as_strace((const char *const[]){"-z", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-Z", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-e", "status=failed", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-e", "status=!successful", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-e", "status=successful,unfinished", NULL}, cat_cmd);
}

/* -y, -yy and --decode-fds: fds with what they refer to, as strace shows
 * them: files (relative paths after a chdir), the inherited stdio, pipes,
 * Unix socket pairs, TCP endpoints, UDP and netlink sockets, /dev/null's
 * device numbers, eventfds, dups; from the main thread, another thread and
 * a child; the program lingering after its calls, and exiting at once. */
static void test_decode_fds(void **state)
{
        static const char *const sets[][6] = {
            {"-y", NULL},
            {"-yy", NULL},
            {"--decode-fds=path,dev", NULL},
            {"-e", "decode-fds=socket", NULL},
            {"-e", "decode-fds=pidfd", NULL},
            {"--decode-fds=none", NULL},
        };
        (void)state;
        make_data_file();
        same_as_strace((const char *const[]){"-y", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-yy", "-e", "trace=openat,read,write,close", NULL},
                       cat_cmd);
        sort_lines = true;
        for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
                const char *opts[12];
                size_t n = 0;
                for (size_t k = 0; sets[i][k]; k++)
                        opts[n++] = sets[i][k];
                opts[n++] = "-f";
                opts[n++] = "-e";
                opts[n++] = "trace=%desc,%network,chdir";
                opts[n] = NULL;
                same_as_strace(opts, (const char *const[]){fd_kinds, NULL});
                /* and exiting at once, before its lines are printed: the
                 * pipes and sockets keep what the kernel read at the calls */
                same_as_strace(opts, (const char *const[]){fd_kinds, "-", NULL});
        }
        sort_lines = false;
        /* 4 threads and 2 children writing to the inherited stdout: every
         * one of the 35 markers names the file, under strace and renacer */
        char rpath[128], spath[128];
        struct run_result r;
        snprintf(rpath, sizeof(rpath), "%s/y-markers.renacer", tmpdir);
        snprintf(spath, sizeof(spath), "%s/y-markers.strace", tmpdir);
        const char *rargv[] = {ctl(), "run", "-f", "-y",    "-e", "trace=write",
                               "-o",  rpath, "--", markers, "5",  NULL};
        const char *sargv[] = {"/usr/bin/strace", "-f", "-y",  "-e",
                               "trace=write",     "-o", spath, "--",
                               markers,           "5",  NULL};
        assert_int_equal(run_capture(rargv, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        assert_int_equal(run_capture(sargv, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        char *mine = slurp(rpath), *theirs = slurp(spath);
        assert_non_null(mine);
        assert_non_null(theirs);
        assert_int_equal(count_substr(theirs, "write(1</tmp/renacer-test-out-"), 35);
        assert_int_equal(count_substr(mine, "write(1</tmp/renacer-test-out-"), 35);
        assert_int_equal(count_substr(mine, "write("), 35);
        free(mine);
        free(theirs);
}

/* -P PATH: only the calls touching it, by path argument (as given, or
 * as the -P path resolves) or by an fd that refers to it; several -P; a
 * symbolic link's resolution said on stderr as strace says it. */
static void test_trace_path(void **state)
{
        char link[160], longp[PATH_MAX + 8];
        struct run_result r;

        (void)state;
        make_data_file();
        snprintf(link, sizeof(link), "%s/data-link", tmpdir);
        unlink(link);
        assert_int_equal(symlink(data_file, link), 0);
        same_as_strace((const char *const[]){"-P", data_file, NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-P", "/nonexistent", "-P", data_file, NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-y", "-P", link, NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-P", link, NULL},
                       (const char *const[]){"/bin/cat", link, NULL});
        /* a thread and a child; a relative open after chdir matches by fd */
        sort_lines = true;
        same_as_strace((const char *const[]){"-f", "-P", "/etc/hostname", NULL},
                       (const char *const[]){fd_kinds, NULL});
        same_as_strace((const char *const[]){"-f", "-yy", "-P", "/dev/null", "-P", "/etc", NULL},
                       (const char *const[]){fd_kinds, NULL});
        sort_lines = false;
        /* the resolution message, and -e quiet=path-resolution without it */
        const char *say[] = {ctl(), "run", "-P", link, "--", "/bin/true", NULL};
        assert_int_equal(run_capture(say, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.err, "Requested path \""));
        assert_non_null(strstr(r.err, "\" resolved into \""));
        run_result_free(&r);
        const char *quiet[] = {ctl(), "run",       "-e", "quiet=path-resolution", "-P", link,
                               "--",  "/bin/true", NULL};
        assert_int_equal(run_capture(quiet, &r), 0);
        assert_null(strstr(r.err, "Requested path"));
        run_result_free(&r);
        /* one line naming what is wrong, exit 2 */
        memset(longp, 'a', sizeof(longp) - 1);
        longp[0] = '/';
        longp[sizeof(longp) - 1] = '\0';
        const char *too_long[] = {ctl(), "run", "-P", longp, "--", "/bin/true", NULL};
        assert_int_equal(run_capture(too_long, &r), 0);
        assert_int_equal(r.code, 2);
        assert_int_equal(count_substr(r.err, "\n"), 1);
        assert_non_null(strstr(r.err, "PATH_MAX"));
        run_result_free(&r);
}

/* Without -f strace traces only the thread it starts (run) or is given
 * (-p): the other threads' calls, signals and ends are not shown, nor
 * counted by -c, and no "[pid N]" prefix appears. With -f, all of them. */
static void test_threads_without_follow(void **state)
{
        char rpath[128], spath[128], prog[512];
        struct run_result r;

        (void)state;
        snprintf(rpath, sizeof(rpath), "%s/nof.renacer", tmpdir);
        snprintf(spath, sizeof(spath), "%s/nof.strace", tmpdir);
        const char *rargv[] = {ctl(), "run", "-e",    "trace=write", "-o",
                               rpath, "--",  markers, "5",           NULL};
        const char *sargv[] = {"/usr/bin/strace", "-e", "trace=write", "-o", spath, "--",
                               markers,           "5",  NULL};
        assert_int_equal(run_capture(rargv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_null(strstr(r.err, "attached"));
        run_result_free(&r);
        assert_int_equal(run_capture(sargv, &r), 0);
        run_result_free(&r);
        char *mine = slurp(rpath), *theirs = slurp(spath);
        assert_non_null(mine);
        assert_non_null(theirs);
        assert_int_equal(count_substr(theirs, "write(1, \"marker "), 5);
        assert_int_equal(count_substr(mine, "write(1, \"marker "), 5);
        assert_int_equal(count_substr(mine, "+++ exited with 0 +++"), 1);
        assert_null(strstr(mine, "[pid"));
        /* the five are the main thread's: "marker TID" with the same tid */
        const char *first = strstr(mine, "\"marker ");
        assert_non_null(first);
        char tag[32];
        snprintf(tag, sizeof(tag), "%.*s", (int)(strchr(first, '\\') - first), first);
        assert_int_equal(count_substr(mine, tag), 5);
        free(mine);
        free(theirs);
        /* -c counts the same calls */
        const char *rc[] = {ctl(), "run", "-c",    "-e", "trace=write", "-o",
                            rpath, "--",  markers, "5",  NULL};
        assert_int_equal(run_capture(rc, &r), 0);
        run_result_free(&r);
        mine = slurp(rpath);
        assert_non_null(mine);
        assert_non_null(strstr(mine, "         5           write\n"));
        free(mine);
        /* trace -p of the spinner: its main thread only waits; -f sees
         * the threads' getppid calls */
        for (int follow = 0; follow < 2; follow++) {
                int pfd[2];
                assert_int_equal(pipe(pfd), 0);
                pid_t sp = fork();
                assert_true(sp >= 0);
                if (sp == 0) {
                        dup2(pfd[1], 1);
                        execl(harness_prog("spinner", prog, sizeof(prog)), "spinner", (char *)NULL);
                        _exit(127);
                }
                harness_child_add(sp);
                close(pfd[1]);
                char buf[32] = "", pidarg[16];
                assert_true(read(pfd[0], buf, sizeof(buf) - 1) > 0);
                close(pfd[0]);
                snprintf(pidarg, sizeof(pidarg), "%d", (int)sp);
                pid_t killer = fork();
                if (killer == 0) {
                        usleep(1000 * 1000);
                        kill(sp, SIGKILL);
                        _exit(0);
                }
                const char *targv[] = {ctl(),
                                       "trace",
                                       follow ? "-f" : "-q",
                                       "-e",
                                       "trace=getppid,pause",
                                       "-o",
                                       rpath,
                                       "-p",
                                       pidarg,
                                       NULL};
                assert_int_equal(run_capture(targv, &r), 0);
                waitpid(killer, NULL, 0);
                harness_child_reap(sp);
                run_result_free(&r);
                mine = slurp(rpath);
                assert_non_null(mine);
                if (follow)
                        assert_true(count_substr(mine, "getppid()") > 10);
                else
                        assert_int_equal(count_substr(mine, "getppid()"), 0);
                assert_non_null(strstr(mine, "+++ killed by SIGKILL +++"));
                free(mine);
        }
}

static void test_hex_strings(void **state)
{
        (void)state;
        make_data_file();
        same_as_strace((const char *const[]){"-x", "-e", "trace=openat,read,write", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-xx", "-e", "trace=openat,read,write", NULL},
                       cat_cmd);
}

/* -e read=/write=: the dumps of every call strace dumps (read, write,
 * their p and v forms, sendto/recvfrom, sendmsg/recvmsg, sendmmsg/recvmmsg,
 * a failed write), line for line as strace 6.1 prints them */
#define DUMPIO_CALLS                                                                               \
        "trace=write,read,writev,readv,pwrite64,pread64,pwritev,preadv,sendto,recvfrom,sendmsg,"   \
        "recvmsg,sendmmsg,recvmmsg"

static void test_dumpio(void **state)
{
        char file[160];

        (void)state;
        snprintf(file, sizeof(file), "%s/dumpio.dat", tmpdir);
        const char *const cmd[] = {dumpio_calls, file, NULL};
        same_as_strace((const char *const[]){"-e", DUMPIO_CALLS, "-e", "read=3,6,7", "-e",
                                             "write=4,5,7", NULL},
                       cmd);
        /* all, negation, the long spellings, a later set replacing one */
        same_as_strace((const char *const[]){"-e", DUMPIO_CALLS, "--read=all", "-e", "w=!4,5", "-e",
                                             "reads=none", "-e", "read=!3", NULL},
                       cmd);
        /* several processes with -f -o FILE: "PID " on the call lines, none
         * on the dump lines, as strace writes them */
        same_as_strace((const char *const[]){"-f", "-e", "trace=write", "-e", "write=1", NULL},
                       (const char *const[]){"/bin/sh", "-c", "echo hi; (echo there)", NULL});
        /* -P narrows the calls, and so the dumps; -a pads the line before them */
        same_as_strace((const char *const[]){"-a", "20", "-P", file, "-e", "read=all", "-e",
                                             "write=all", NULL},
                       cmd);
}

/* The dumps copy buffers whole, not strings: execve's argv is cut at -s
 * as without them, and every element fits in the record */
static void test_dumpio_keeps_strings(void **state)
{
        static const char y40[] = "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy";

        (void)state;
        same_as_strace((const char *const[]){"-e", "trace=execve,write", "-e", "write=1", NULL},
                       (const char *const[]){"/bin/echo", y40, y40, y40, y40, y40, y40, y40, y40,
                                             y40, y40, "end", NULL});
}

/* mq_timedsend and mq_timedreceive are dumped as write and read are:
 * messages whole, cut at -s on their lines, refused and unreadable ones
 * (programs/mm-calls.c, whose queue is fd 3) */
static void test_dumpio_mq(void **state)
{
        char mq[64];

        (void)state;
        snprintf(mq, sizeof(mq), "renacer-mm-opts-%d", (int)getpid());
        same_as_strace((const char *const[]){"-e", "trace=mq_timedsend,mq_timedreceive", "-e",
                                             "read=3", "-e", "write=3", NULL},
                       (const char *const[]){mm_calls, mq, tmpdir, NULL});
}

/* -y: a message queue's fd named as its file in the mqueue file system,
 * the fd arguments of the mq_* and f*xattr calls decorated
 * (programs/mm-calls.c) */
static void test_decode_fds_mq_xattr(void **state)
{
        char mq[64];

        (void)state;
        snprintf(mq, sizeof(mq), "renacer-mm-opts-%d", (int)getpid());
        same_as_strace((const char *const[]){"-y", "-e",
                                             "trace=mq_open,mq_timedsend,mq_timedreceive,mq_notify,"
                                             "mq_getsetattr,fsetxattr,fgetxattr,flistxattr,"
                                             "fremovexattr",
                                             NULL},
                       (const char *const[]){mm_calls, mq, tmpdir, NULL});
}

/* -x, -xx, -s: xattr values hexed whole (their trailing NUL too), names
 * and values cut (programs/mm-calls.c) */
static void test_hex_xattr(void **state)
{
        static const char *const sets[][3] = {{"-x", NULL}, {"-xx", NULL}, {"-s", "3", NULL}};
        char mq[64];

        (void)state;
        snprintf(mq, sizeof(mq), "renacer-mm-opts-%d", (int)getpid());
        for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
                const char *opts[8] = {sets[i][0]};
                int n = 1;

                if (sets[i][1])
                        opts[n++] = sets[i][1];
                opts[n++] = "-e";
                opts[n++] = "trace=setxattr,lsetxattr,fsetxattr,getxattr,fgetxattr,listxattr";
                opts[n] = NULL;
                same_as_strace(opts, (const char *const[]){mm_calls, mq, tmpdir, NULL});
        }
}

/* -s 0 and -s 1: no byte of a string and no element of argv or of an
 * array (strace's max_strlen 0), one of each; on the stat family, reads,
 * writes, execve and the sockets and msghdrs of net-calls */
static void test_strsize_zero(void **state)
{
        static const char *const sizes[] = {"0", "1"};
        char file[160];

        (void)state;
        snprintf(file, sizeof(file), "%s/strsize.dat", tmpdir);
        FILE *f = fopen(file, "w");
        assert_non_null(f);
        fputs("some bytes\n", f);
        fclose(f);
        for (size_t i = 0; i < 2; i++) {
                same_as_strace((const char *const[]){"-s", sizes[i], NULL},
                               (const char *const[]){verbose_calls, file, NULL});
                same_as_strace((const char *const[]){"-s", sizes[i], NULL},
                               (const char *const[]){net_calls, NULL});
                same_as_strace((const char *const[]){"-s", sizes[i], "-e", "trace=execve", NULL},
                               (const char *const[]){exec_env, NULL});
        }
}

/* A buffer longer than the kernel copies: strace's lines for the first
 * 1024 bytes, then renacer's marker instead of the rest. */
static void test_dumpio_cut(void **state)
{
        char file[160], rpath[160], spath[160];
        struct run_result r;

        (void)state;
        snprintf(file, sizeof(file), "%s/dumpio-cut.dat", tmpdir);
        snprintf(rpath, sizeof(rpath), "%s/cut.renacer", tmpdir);
        snprintf(spath, sizeof(spath), "%s/cut.strace", tmpdir);
        const char *rargv[] = {ctl(), "run", "-e",         "trace=write", "-e",  "write=7", "-o",
                               rpath, "--",  dumpio_calls, file,          "cut", NULL};
        const char *sargv[] = {"/usr/bin/strace", "-e", "trace=write", "-e",
                               "write=7",         "-o", spath,         "--",
                               dumpio_calls,      file, "cut",         NULL};
        assert_int_equal(run_capture(rargv, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        assert_int_equal(run_capture(sargv, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        char *mine = normalized(rpath), *theirs = normalized(spath);
        /* strace's text with the lines from offset 0x400 on replaced */
        char *cut = strstr(theirs, " | 00400  ");
        assert_non_null(cut);
        char *end = strstr(cut, " | 00bb0  ");
        assert_non_null(end);
        end = strchr(end, '\n');
        assert_non_null(end);
        size_t want_len = (size_t)(cut - theirs) + strlen(end) + 64;
        char *want = malloc(want_len);
        assert_non_null(want);
        snprintf(want, want_len, "%.*s | <... 1976 of 3000 bytes not captured>%s",
                 (int)(cut - theirs), theirs, end);
        assert_string_equal(mine, want);
        /* what was captured is all there: 64 lines of 16 bytes */
        assert_non_null(strstr(mine, " | 003f0  "));
        free(want);
        free(mine);
        free(theirs);
}

/* -v: the stat family, statx and uname in full, as strace 6.1 prints
 * them (times with their dates); -e abbrev=SET abbreviates only SET */
static void test_verbose(void **state)
{
        char file[160];

        (void)state;
        snprintf(file, sizeof(file), "%s/verbose.dat", tmpdir);
        FILE *f = fopen(file, "w");
        assert_non_null(f);
        fputs("some bytes\n", f);
        fclose(f);
        const char *const cmd[] = {verbose_calls, file, NULL};
        same_as_strace((const char *const[]){"-v", "-P", file, NULL}, cmd);
        same_as_strace((const char *const[]){"--no-abbrev", "-e", "trace=uname", NULL}, cmd);
        same_as_strace((const char *const[]){"-e", "abbrev=fstat,statx", "-P", file, NULL}, cmd);
        same_as_strace((const char *const[]){"-v", "-e", "abbrev=all", "-P", file, NULL}, cmd);

        /* getdents64's entries: files, a directory, a link, a fifo */
        char dir[160], cmdline[1024];
        snprintf(dir, sizeof(dir), "%s/dents", tmpdir);
        snprintf(cmdline, sizeof(cmdline),
                 "mkdir -p '%s/sub' && touch '%s/a' '%s/a name with spaces' && "
                 "ln -sf a '%s/link' && mkfifo '%s/fifo'",
                 dir, dir, dir, dir, dir);
        assert_int_equal(system(cmdline), 0);
        const char *const ls[] = {"/bin/ls", "-a", dir, NULL};
        same_as_strace((const char *const[]){"-v", "-e", "trace=getdents64", NULL}, ls);
        same_as_strace((const char *const[]){"-e", "trace=getdents64", NULL}, ls);
        same_as_strace(
            (const char *const[]){"-v", "-e", "verbose=none", "-e", "trace=getdents64", NULL}, ls);
}

/* -e verbose=SET: the calls outside SET print structures, arrays, argv and
 * the environment as addresses, strace's !verbose(tcp), while data buffers
 * and strings stay; on the stat family, execve, sockets, msghdrs, select's
 * and poll's results, and a set that leaves only some calls out. */
static void test_verbose_set(void **state)
{
        char file[160];

        (void)state;
        snprintf(file, sizeof(file), "%s/verbose.dat", tmpdir);
        FILE *f = fopen(file, "w");
        assert_non_null(f);
        fputs("some bytes\n", f);
        fclose(f);
        const char *const cmd[] = {verbose_calls, file, NULL};
        same_as_strace((const char *const[]){"-e", "verbose=none", NULL}, cmd);
        same_as_strace((const char *const[]){"-e", "verbose=!fstat,newfstatat", "-P", file, NULL},
                       cmd);
        same_as_strace((const char *const[]){"-v", "-e", "verbose=uname", NULL}, cmd);
        same_as_strace((const char *const[]){"-e", "verbose=none", "-e", "trace=execve", NULL},
                       (const char *const[]){exec_env, NULL});
        same_as_strace((const char *const[]){"-e", "verbose=none", NULL},
                       (const char *const[]){net_calls, NULL});
        sort_lines = true;
        same_as_strace(
            (const char *const[]){"-f", "-e", "verbose=none", "-e", "trace=%desc,%network", NULL},
            (const char *const[]){fd_kinds, NULL});
        sort_lines = false;
}

/* -v: execve's environment in full, from a failed call's vector and from
 * a successful call's new image, cut at -s as argv; -e abbrev= without
 * execve does the same; without -v, the count. The tools run in a small
 * environment of our own, then in one of 103 variables, more than a CI
 * runner's usual (the kernel copies 128 of them). */
static void test_verbose_env(void **state)
{
        extern char **environ;
        char **saved = environ;
        const char *keep[] = {"RENACER_SOCKET", "RENACERCTL", "PATH"};
        char *env[3 + 100 + 1] = {NULL};
        char buf[3][PATH_MAX + 32], more[100][24];

        (void)state;
        for (size_t i = 0; i < 3; i++) {
                const char *v = getenv(keep[i]);
                snprintf(buf[i], sizeof(buf[i]), "%s=%s", keep[i], v ? v : "");
                env[i] = buf[i];
        }
        environ = env;
        const char *const cmd[] = {exec_env, NULL};
        same_as_strace((const char *const[]){"-v", "-e", "trace=execve", NULL}, cmd);
        same_as_strace((const char *const[]){"-v", "-s", "4", "-e", "trace=execve", NULL}, cmd);
        same_as_strace((const char *const[]){"-e", "abbrev=!execve", "-e", "trace=execve", NULL},
                       cmd);
        same_as_strace((const char *const[]){"-e", "trace=execve", NULL}, cmd);
        for (size_t i = 0; i < 100; i++) {
                snprintf(more[i], sizeof(more[i]), "RENACER_V%03zu=value %zu", i, i);
                env[3 + i] = more[i];
        }
        same_as_strace((const char *const[]){"-v", "-e", "trace=execve", NULL}, cmd);
        environ = saved;
}

/* -e raw=SET, --raw=SET: the calls in SET undecoded, in hex, with -yy
 * too (no decorations then), on a file, a missing one and fd_kinds's
 * processes and threads. */
static void test_raw(void **state)
{
        (void)state;
        make_data_file();
        /* (a tid in hex would escape the normalization of pids) */
        same_as_strace((const char *const[]){"-e", "raw=all", "-e", "trace=!set_tid_address", NULL},
                       cat_cmd);
        same_as_strace(
            (const char *const[]){"-e", "raw=openat,read", "-e", "trace=%file,read", NULL},
            (const char *const[]){"/bin/cat", data_file, "/nonexistent", NULL});
        same_as_strace((const char *const[]){"--raw=!read", "-yy", "-e", "trace=%desc", NULL},
                       cat_cmd);
        sort_lines = true;
        same_as_strace((const char *const[]){"-f", "-yy", "-e", "raw=%network,write", "-e",
                                             "trace=%desc,%network", NULL},
                       (const char *const[]){fd_kinds, NULL});
        sort_lines = false;
}

static void test_quiet_and_columns(void **state)
{
        (void)state;
        make_data_file();
        same_as_strace((const char *const[]){"-qq", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-e", "quiet=exit", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-a", "20", "-e", "trace=read,close", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-a", "60", "-e", "trace=read,close", NULL}, cat_cmd);
}

static void test_trace_regex_and_optional(void **state)
{
        (void)state;
        make_data_file();
        same_as_strace((const char *const[]){"-e", "trace=/^(open|clos)", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-e", "trace=?no_such_call,read", NULL}, cat_cmd);
        same_as_strace((const char *const[]){"-e", "trace=/stat", NULL}, cat_cmd);
}

/* -r: every line starts with the delta since the previous call began. */
static void test_relative_timestamps(void **state)
{
        char path[128];
        const char *argv[] = {ctl(), "run", "-r", "-o", path, "--", "/bin/true", NULL};
        struct run_result r;
        regex_t re;

        (void)state;
        snprintf(path, sizeof(path), "%s/relative", tmpdir);
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
        char *text = slurp(path);
        assert_non_null(text);
        assert_true(!strncmp(text, "     0.000000 execve(", 21));
        assert_int_equal(regcomp(&re, "^ +[0-9]+\\.[0-9]{6} [a-z+]", REG_EXTENDED | REG_NOSUB), 0);
        for (char *p = text, *nl; *p; p = nl + 1) {
                nl = strchr(p, '\n');
                assert_non_null(nl);
                *nl = '\0';
                if (regexec(&re, p, 0, NULL, 0) != 0)
                        fail_msg("line without a relative timestamp: %s", p);
        }
        regfree(&re);
        free(text);
        /* and the same lines as strace's, deltas aside */
        same_as_strace((const char *const[]){"-r", NULL}, (const char *const[]){"/bin/true", NULL});
}

/* -f without -q: "Process N attached" for each new task, as strace says
 * it; -q: none. */
static void test_attach_messages(void **state)
{
        const char *loud[] = {ctl(), "run", "-f", "-e", "trace=none", "--", markers, "1", NULL};
        const char *quiet[] = {ctl(),        "run", "-f",    "-q", "-e",
                               "trace=none", "--",  markers, "1",  NULL};
        const char *sloud[] = {"-f", "-e", "trace=none", "--", markers, "1", NULL};
        char spath[128];
        struct run_result r;

        (void)state;
        snprintf(spath, sizeof(spath), "%s/attach.strace", tmpdir);
        run_strace(sloud, spath);
        char *s = slurp(spath);
        size_t want = count_lines_with(s, "strace: Process ");
        free(s);
        assert_int_equal(want, 6);
        assert_int_equal(run_capture(loud, &r), 0);
        assert_int_equal(count_lines_with(r.err, "renacer: Process "), want);
        assert_int_equal(count_lines_with(r.err, " attached"), want);
        run_result_free(&r);
        assert_int_equal(run_capture(quiet, &r), 0);
        assert_int_equal(count_lines_with(r.err, " attached"), 0);
        /* -q keeps the exit lines; -qq drops them */
        assert_int_equal(count_lines_with(r.err, "+++ exited with 0 +++"), 7);
        run_result_free(&r);
}

/* -u USER and -E: the command runs as strace runs it. */
static void test_user_and_env(void **state)
{
        const char *const cmd[] = {"/bin/sh", "-c", "id -u; echo \"$RNTEST_LIVE_A-$HOME\"", NULL};
        const char *rargv[] = {ctl(),  "run",  "-u", "nobody",     "-E", "RNTEST_LIVE_A=x",
                               "-E",   "HOME", "-e", "trace=none", "--", cmd[0],
                               cmd[1], cmd[2], NULL};
        const char *sargv[] = {"/usr/bin/strace",
                               "-u",
                               "nobody",
                               "-E",
                               "RNTEST_LIVE_A=x",
                               "-E",
                               "HOME",
                               "-e",
                               "trace=none",
                               "--",
                               cmd[0],
                               cmd[1],
                               cmd[2],
                               NULL};
        struct run_result r, s;

        (void)state;
        assert_int_equal(run_capture(rargv, &r), 0);
        assert_int_equal(run_capture(sargv, &s), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(s.code, 0);
        assert_string_equal(r.out, "65534\nx-\n");
        assert_string_equal(r.out, s.out);
        run_result_free(&r);
        run_result_free(&s);
        /* a user that does not exist: one line, exit 2, nothing runs */
        const char *bad[] = {ctl(), "run", "-u", "rntest_live_nouser", "--", "/bin/true", NULL};
        assert_int_equal(run_capture(bad, &r), 0);
        assert_int_equal(r.code, 2);
        assert_int_equal(count_substr(r.err, "\n"), 1);
        assert_non_null(strstr(r.err, "rntest_live_nouser"));
        run_result_free(&r);
}

static pid_t start_sleeper(void)
{
        pid_t pid = fork();

        assert_true(pid >= 0);
        if (pid == 0) {
                execl("/bin/sh", "sh", "-c", "while :; do sleep 0.05; done", NULL);
                _exit(127);
        }
        harness_child_add(pid);
        return pid;
}

/* -p A -p B traces both (strace's repeated -p), and "renacerctl -p PID" is
 * strace's spelling of trace. */
static void test_repeated_pids(void **state)
{
        pid_t a = start_sleeper(), b = start_sleeper();
        char pa[16], pb[16], both[40];
        struct run_result r;

        (void)state;
        snprintf(pa, sizeof(pa), "%d", (int)a);
        snprintf(pb, sizeof(pb), "%d", (int)b);
        snprintf(both, sizeof(both), "%d,%d", (int)a, (int)b);
        pid_t killer = fork();
        if (killer == 0) {
                usleep(600000);
                kill(a, SIGKILL);
                kill(b, SIGKILL);
                _exit(0);
        }
        const char *argv[] = {ctl(), "-p", pa, "-p", pb, "-e", "trace=wait4", NULL};
        assert_int_equal(run_capture(argv, &r), 0);
        waitpid(killer, NULL, 0);
        harness_child_reap(a);
        harness_child_reap(b);
        assert_int_equal(r.code, 0);
        char want[64];
        snprintf(want, sizeof(want), "[pid %5d] wait4(", (int)a);
        assert_true(count_lines_with(r.err, want) > 0);
        snprintf(want, sizeof(want), "[pid %5d] wait4(", (int)b);
        assert_true(count_lines_with(r.err, want) > 0);
        assert_int_equal(count_lines_with(r.err, "+++ killed by SIGKILL +++"), 2);
        assert_int_equal(count_lines_with(r.err, "renacer: Process "), 2);
        run_result_free(&r);
        (void)both;
}

/* Bad input: one line naming it, exit 2, and the command never runs. */
static void test_bad_input_before_anything_runs(void **state)
{
        char marker[128], touch[160];
        struct run_result r;

        (void)state;
        snprintf(marker, sizeof(marker), "%s/must-not-exist", tmpdir);
        snprintf(touch, sizeof(touch), "%s", marker);
        const char *const cases[][8] = {
            {"-e", "trace=opn", NULL},
            {"-e", "trace=/(", NULL},
            {"-e", "signal=SIGFOO", NULL},
            {"-e", "status=succesful", NULL},
            {"-e", "quiet=atach", NULL},
            {"-e", "bogus=1", NULL},
            {"-e", "raw=opn", NULL},
            {"--raw=", NULL},
            {"--folow-forks", NULL},
            {"-y", "--decode-fds=path", NULL},
            {"--decode-fds=paths", NULL},
            {"-P", "", NULL},
            {"-c", "-P", "/etc/passwd", NULL},
            {"-P", "/etc/passwd", "-U", "calls,calls", NULL},
            {"-a", "x", NULL},
            {"-s", "-1", NULL},
            {"-e", "read=x", NULL},
            {"--write=1,,-2", NULL},
            {"-e", "write=all", "--format", "jsonl", NULL},
            {"-u", "rntest_live_nouser", NULL},
            {"-E", "=x", NULL},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                const char *argv[16];
                int n = 0;
                argv[n++] = ctl();
                argv[n++] = "run";
                for (int k = 0; cases[i][k]; k++)
                        argv[n++] = cases[i][k];
                argv[n++] = "--";
                argv[n++] = "/usr/bin/touch";
                argv[n++] = touch;
                argv[n] = NULL;
                assert_int_equal(run_capture(argv, &r), 0);
                if (r.code != 2 || count_substr(r.err, "\n") != 1)
                        fail_msg("%s %s: exit %d, said '%s'", cases[i][0],
                                 cases[i][1] ? cases[i][1] : "", r.code, r.err);
                run_result_free(&r);
                assert_int_equal(access(marker, F_OK), -1);
        }
        /* suggestions name the likely intent */
        const char *typo[] = {ctl(), "run", "-e", "trace=opnat", "--", "/bin/true", NULL};
        assert_int_equal(run_capture(typo, &r), 0);
        assert_non_null(strstr(r.err, "did you mean 'openat'?"));
        run_result_free(&r);
        const char *cmd_typo[] = {ctl(), "stauts", NULL};
        assert_int_equal(run_capture(cmd_typo, &r), 0);
        assert_int_equal(r.code, 2);
        assert_non_null(strstr(r.err, "did you mean 'status'?"));
        run_result_free(&r);
        const char *opt_typo[] = {ctl(), "run", "--folow-forks", "--", "/bin/true", NULL};
        assert_int_equal(run_capture(opt_typo, &r), 0);
        assert_non_null(strstr(r.err, "did you mean '--follow-forks'?"));
        run_result_free(&r);
}

/* Global options before the command, help in both spellings, -V. */
static void test_cli_manners(void **state)
{
        struct run_result r;

        (void)state;
        const char *before[] = {ctl(),        "--socket", daemon_.sock, "run", "-e",
                                "trace=none", "--",       "/bin/true",  NULL};
        assert_int_equal(run_capture(before, &r), 0);
        assert_int_equal(r.code, 0);
        assert_null(strstr(r.err, "in-process"));
        run_result_free(&r);
        const char *help1[] = {ctl(), "run", "--help", NULL};
        const char *help2[] = {ctl(), "help", "run", NULL};
        struct run_result h;
        assert_int_equal(run_capture(help1, &r), 0);
        assert_int_equal(run_capture(help2, &h), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(h.code, 0);
        assert_non_null(strstr(r.out, "Usage: renacerctl run"));
        assert_string_equal(r.out, h.out);
        run_result_free(&r);
        run_result_free(&h);
        const char *ver[] = {ctl(), "-V", NULL};
        assert_int_equal(run_capture(ver, &r), 0);
        assert_int_equal(r.code, 0);
        assert_true(!strncmp(r.out, "renacerctl ", 11));
        run_result_free(&r);
        /* strace's spelling: options, then the command */
        const char *bare[] = {ctl(), "-e", "trace=exit_group", "/bin/true", NULL};
        assert_int_equal(run_capture(bare, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.err, "exit_group(0)"));
        run_result_free(&r);
}

/* The name and calls columns of an strace -c table, in order. */
static char *summary_order(const char *path)
{
        char cmd[256];

        snprintf(cmd, sizeof(cmd), "awk 'NF>=5 && $1 != \"%%\" {print $NF, $4}' '%s'", path);
        FILE *f = popen(cmd, "r");
        char *buf = calloc(1, 65536);
        size_t n;

        assert_non_null(f);
        n = fread(buf, 1, 65535, f);
        buf[n] = '\0';
        pclose(f);
        return buf;
}

/* -c -S SORTBY: rows in strace's order (times vary between runs, so the
 * orders that do not depend on them). */
static void test_summary_sort(void **state)
{
        static const char *const sorts[] = {"calls", "name", "nothing", "errors"};
        char rpath[128], spath[128];
        struct run_result r;

        (void)state;
        make_data_file();
        for (size_t i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++) {
                snprintf(rpath, sizeof(rpath), "%s/sort-%s.renacer", tmpdir, sorts[i]);
                snprintf(spath, sizeof(spath), "%s/sort-%s.strace", tmpdir, sorts[i]);
                const char *rargv[] = {ctl(), "run", "-c",       "-S",       sorts[i],   "-o",
                                       rpath, "--",  cat_cmd[0], cat_cmd[1], cat_cmd[2], NULL};
                const char *sargv[] = {
                    "/usr/bin/strace", "-c",       "-S",       sorts[i], "-o", spath, "--",
                    cat_cmd[0],        cat_cmd[1], cat_cmd[2], NULL};
                assert_int_equal(run_capture(rargv, &r), 0);
                run_result_free(&r);
                assert_int_equal(run_capture(sargv, &r), 0);
                run_result_free(&r);
                char *mine = summary_order(rpath), *theirs = summary_order(spath);
                if (strcmp(mine, theirs))
                        fail_msg("-S %s: renacer\n%s\nstrace\n%s", sorts[i], mine, theirs);
                free(mine);
                free(theirs);
        }
        const char *bad[] = {ctl(), "run", "-c", "-S", "min-tme", "--", "/bin/true", NULL};
        assert_int_equal(run_capture(bad, &r), 0);
        assert_int_equal(r.code, 2);
        assert_int_equal(count_substr(r.err, "\n"), 1);
        run_result_free(&r);
}

/* What of an strace -c table does not vary between runs when it shows
 * times: its header, its dashes and the names of its rows, in order. */
static char *summary_shape(const char *path)
{
        char cmd[256];

        snprintf(cmd, sizeof(cmd),
                 "awk 'NR<=2 {print; next} {for (i = 1; i <= NF; i++) if ($i ~ /^[a-z_]/) "
                 "print $i}' '%s' | LC_ALL=C sort",
                 path);
        FILE *f = popen(cmd, "r");
        char *buf = calloc(1, 65536);
        size_t n;

        assert_non_null(f);
        n = fread(buf, 1, 65535, f);
        buf[n] = '\0';
        pclose(f);
        return buf;
}

/* -U COLUMNS: strace's columns in the given order, its widths; bad column
 * names are one line and exit 2. Multi-process (sh -c) and multi-threaded
 * (tasks-markers) programs both. */
static void test_summary_columns(void **state)
{
        static const char *const specs[][3] = {
            {"calls,errors,name", "name", "exact"},
            {"name,calls,errors", "calls", "exact"},
            {"count,error", "syscall", "exact"},
            {"time-percent,total-time,min-time,max-time,avg-time,calls,errors,name", "calls",
             "shape"},
            {"syscall,shortest,longest,time_avg", "name", "shape"},
        };
        static const char *const sh_cmd[] = {"/bin/sh", "-c",
                                             "cat /etc/hostname >/dev/null; ls / >/dev/null", NULL};
        const char *const *cmds[] = {cat_cmd, sh_cmd};
        char rpath[128], spath[128];
        struct run_result r;

        (void)state;
        make_data_file();
        for (size_t c = 0; c < 2; c++)
                for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
                        const char *const *cmd = cmds[c];
                        snprintf(rpath, sizeof(rpath), "%s/cols-%zu-%zu.renacer", tmpdir, c, i);
                        snprintf(spath, sizeof(spath), "%s/cols-%zu-%zu.strace", tmpdir, c, i);
                        const char *rargv[16] = {ctl(),       "run", "-f",        "-c",
                                                 "-w",        "-U",  specs[i][0], "-S",
                                                 specs[i][1], "-o",  rpath,       "--"};
                        const char *sargv[16] = {
                            "/usr/bin/strace", "-f", "-c",  "-w", "-U", specs[i][0], "-S",
                            specs[i][1],       "-o", spath, "--"};
                        for (int k = 0; cmd[k]; k++) {
                                rargv[12 + k] = cmd[k];
                                sargv[11 + k] = cmd[k];
                        }
                        assert_int_equal(run_capture(rargv, &r), 0);
                        int rcode = r.code;
                        run_result_free(&r);
                        assert_int_equal(run_capture(sargv, &r), 0);
                        assert_int_equal(rcode, r.code);
                        run_result_free(&r);
                        bool exact = !strcmp(specs[i][2], "exact");
                        char *mine = exact ? slurp(rpath) : summary_shape(rpath);
                        char *theirs = exact ? slurp(spath) : summary_shape(spath);
                        assert_non_null(mine);
                        assert_non_null(theirs);
                        if (strcmp(mine, theirs))
                                fail_msg("-U %s: renacer\n%s\nstrace\n%s", specs[i][0], mine,
                                         theirs);
                        free(mine);
                        free(theirs);
                }
        /* the tasks-markers program: 4 threads, 2 children */
        snprintf(rpath, sizeof(rpath), "%s/cols-mt.renacer", tmpdir);
        snprintf(spath, sizeof(spath), "%s/cols-mt.strace", tmpdir);
        const char *rmt[] = {ctl(), "run",   "-f", "-c",          "-U", "calls,errors,name",
                             "-S",  "name",  "-e", "trace=write", "-o", rpath,
                             "--",  markers, NULL};
        const char *smt[] = {"/usr/bin/strace",
                             "-f",
                             "-c",
                             "-U",
                             "calls,errors,name",
                             "-S",
                             "name",
                             "-e",
                             "trace=write",
                             "-o",
                             spath,
                             "--",
                             markers,
                             NULL};
        assert_int_equal(run_capture(rmt, &r), 0);
        run_result_free(&r);
        assert_int_equal(run_capture(smt, &r), 0);
        run_result_free(&r);
        char *mine = slurp(rpath), *theirs = slurp(spath);
        assert_non_null(mine);
        assert_non_null(theirs);
        assert_string_equal(mine, theirs);
        free(mine);
        free(theirs);
        static const char *const bad[] = {"calls,bogus", "calls,count", "none", "calls,"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                const char *argv[] = {ctl(), "run", "-c", "-U", bad[i], "--", "/bin/true", NULL};
                assert_int_equal(run_capture(argv, &r), 0);
                if (r.code != 2 || count_substr(r.err, "\n") != 1)
                        fail_msg("-U %s: exit %d, said '%s'", bad[i], r.code, r.err);
                run_result_free(&r);
        }
        const char *typo[] = {ctl(), "run", "-c", "-U", "cals", "--", "/bin/true", NULL};
        assert_int_equal(run_capture(typo, &r), 0);
        assert_non_null(strstr(r.err, "did you mean 'calls'?"));
        run_result_free(&r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_prefix_stderr),
            cmocka_unit_test(test_prefix_output_file),
            cmocka_unit_test(test_per_task_files),
            cmocka_unit_test(test_status_filters),
            cmocka_unit_test(test_hex_strings),
            cmocka_unit_test(test_dumpio),
            cmocka_unit_test(test_dumpio_cut),
            cmocka_unit_test(test_dumpio_mq),
            cmocka_unit_test(test_decode_fds_mq_xattr),
            cmocka_unit_test(test_hex_xattr),
            cmocka_unit_test(test_dumpio_keeps_strings),
            cmocka_unit_test(test_verbose),
            cmocka_unit_test(test_verbose_set),
            cmocka_unit_test(test_strsize_zero),
            cmocka_unit_test(test_verbose_env),
            cmocka_unit_test(test_raw),
            cmocka_unit_test(test_decode_fds),
            cmocka_unit_test(test_trace_path),
            cmocka_unit_test(test_threads_without_follow),
            cmocka_unit_test(test_quiet_and_columns),
            cmocka_unit_test(test_trace_regex_and_optional),
            cmocka_unit_test(test_relative_timestamps),
            cmocka_unit_test(test_attach_messages),
            cmocka_unit_test(test_user_and_env),
            cmocka_unit_test(test_repeated_pids),
            cmocka_unit_test(test_bad_input_before_anything_runs),
            cmocka_unit_test(test_cli_manners),
            cmocka_unit_test(test_signal_lines),
            cmocka_unit_test(test_summary_sort),
            cmocka_unit_test(test_summary_columns),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("integration-options", tests, group_setup,
                                           group_teardown);
}
