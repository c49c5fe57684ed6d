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
static char tmpdir[64];

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static int group_setup(void **state)
{
        (void)state;
        harness_prog("tasks-markers", markers, sizeof(markers));
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

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_prefix_stderr),
            cmocka_unit_test(test_prefix_output_file),
            cmocka_unit_test(test_per_task_files),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests_name("integration-options", tests, group_setup,
                                           group_teardown);
}
