// SPDX-License-Identifier: MIT
/*
 * -k, -kk and --stack-mode against the real peers: strace -k (Debian's
 * strace 6.1) for the frames, addr2line for -kk's source lines, on test
 * programs built at -O0 with frame pointers and at -O2 without, and on
 * Debian's own ls and cat. Also the awkward cases: a stripped binary, a
 * mapped file whose path now names another file, trace --pid of a
 * process that mapped its objects before it was traced, a child under -f.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
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

static struct test_daemon daemon_;
static char prog_O0[512], prog_O2[512];
static char tmpdir[64];

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static int group_setup(void **state)
{
        (void)state;
        harness_prog("stack-calls-O0", prog_O0, sizeof(prog_O0));
        harness_prog("stack-calls-O2", prog_O2, sizeof(prog_O2));
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/renacer-stacks-XXXXXX");
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
        FILE *f = fopen(path, "re");
        char *buf = NULL;
        size_t cap = 0, len = 0, n;

        assert_non_null(f);
        do {
                if (cap - len < 65536) {
                        cap = cap ? cap * 2 : 65536;
                        buf = realloc(buf, cap + 1);
                        assert_non_null(buf);
                }
                n = fread(buf + len, 1, cap - len, f);
                len += n;
        } while (n > 0);
        fclose(f);
        buf[len] = '\0';
        return buf;
}

/* The frame lines (" > ...") of a trace, each reduced to what strace -k's
 * own test compares, or (exact) kept whole. */
static char *frames(const char *trace, bool exact)
{
        size_t cap = strlen(trace) + 1, len = 0;
        char *out = malloc(cap);
        const char *p = trace;

        assert_non_null(out);
        while (*p) {
                const char *e = strchr(p, '\n');
                size_t n = e ? (size_t)(e - p) : strlen(p);
                if (n > 3 && !strncmp(p, " > ", 3)) {
                        const char *paren = memchr(p, '(', n), *plus;
                        if (exact || !paren) {
                                memcpy(out + len, p, n);
                                len += n;
                        } else {
                                /* object and function: "path(func" */
                                plus = paren;
                                while (plus < p + n && *plus != '+' && *plus != ')')
                                        plus++;
                                memcpy(out + len, p, (size_t)(plus - p));
                                len += (size_t)(plus - p);
                        }
                        out[len++] = '\n';
                }
                p += n + (e ? 1 : 0);
        }
        out[len] = '\0';
        return out;
}

static void run_ok(const char *const *argv)
{
        struct run_result r;

        assert_int_equal(run_capture(argv, &r), 0);
        if (r.code != 0)
                fprintf(stderr, "%s exited %d: %s\n", argv[0], r.code, r.err);
        assert_int_equal(r.code, 0);
        run_result_free(&r);
}

/* renacerctl OPTS... -o ours -- CMD and strace OPTS... -o theirs CMD. */
static void trace_both(const char *opts, const char *const *cmd, char **ours, char **theirs)
{
        char o1[128], o2[128];
        const char *a[48], *b[48];
        char optbuf[256], *save, *tok;
        int i = 0, j = 0;

        snprintf(o1, sizeof(o1), "%s/ours.txt", tmpdir);
        snprintf(o2, sizeof(o2), "%s/strace.txt", tmpdir);
        a[i++] = ctl();
        a[i++] = "run";
        a[i++] = "--socket";
        a[i++] = daemon_.sock;
        b[j++] = "/usr/bin/strace";
        snprintf(optbuf, sizeof(optbuf), "%s", opts);
        for (tok = strtok_r(optbuf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
                a[i++] = tok;
                b[j++] = tok;
        }
        a[i++] = "-o";
        a[i++] = o1;
        a[i++] = "--";
        b[j++] = "-o";
        b[j++] = o2;
        for (int k = 0; cmd[k]; k++) {
                a[i++] = cmd[k];
                b[j++] = cmd[k];
        }
        a[i] = b[j] = NULL;
        run_ok(a);
        run_ok(b);
        *ours = slurp(o1);
        *theirs = slurp(o2);
}

static int line_cmp(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of s in sorted order: tasks run (and complete calls) in an
 * order the scheduler picks, so -f traces compare as multisets. */
static char *sorted_lines(char *s)
{
        size_t n = 0, len = strlen(s), k = 0;
        char **v, *out, *save, *t;

        for (size_t i = 0; i < len; i++)
                n += s[i] == '\n';
        v = calloc(n + 1, sizeof(*v));
        out = malloc(len + 2);
        assert_true(v && out);
        for (t = strtok_r(s, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
                v[k++] = t;
        qsort(v, k, sizeof(*v), line_cmp);
        out[0] = '\0';
        for (size_t i = 0; i < k; i++) {
                strcat(out, v[i]);
                strcat(out, "\n");
        }
        free(v);
        free(s);
        return out;
}

static void assert_frames_equal_ex(const char *opts, const char *const *cmd, bool exact,
                                   bool any_order)
{
        char *ours, *theirs, *f1, *f2;

        trace_both(opts, cmd, &ours, &theirs);
        f1 = frames(ours, exact);
        f2 = frames(theirs, exact);
        if (any_order) {
                f1 = sorted_lines(f1);
                f2 = sorted_lines(f2);
        }
        if (strcmp(f1, f2) != 0 || !*f2)
                fprintf(stderr, "--- renacer -k:\n%s--- strace -k:\n%s", ours, theirs);
        assert_true(*f2 != '\0');
        assert_string_equal(f1, f2);
        free(f1);
        free(f2);
        free(ours);
        free(theirs);
}

static void assert_frames_equal(const char *opts, const char *const *cmd, bool exact)
{
        assert_frames_equal_ex(opts, cmd, exact, false);
}

static void test_k_O0_matches_strace(void **state)
{
        const char *cmd[] = {prog_O0, NULL};
        (void)state;
        assert_frames_equal("-k -e trace=chdir", cmd, true);
}

static void test_k_O2_no_frame_pointers_matches_strace(void **state)
{
        const char *cmd[] = {prog_O2, NULL};
        (void)state;
        assert_frames_equal("-k -e trace=chdir", cmd, true);
}

/* every call of a whole program, the dynamic loader's included */
static void test_k_whole_program_matches_strace(void **state)
{
        const char *cmd[] = {prog_O2, NULL};
        (void)state;
        assert_frames_equal("-k", cmd, true);
}

static void test_k_debian_ls_and_cat_match_strace(void **state)
{
        const char *ls[] = {"/usr/bin/ls", "/", NULL};
        const char *cat[] = {"/usr/bin/cat", "/etc/hostname", NULL};
        (void)state;
        assert_frames_equal("-k", ls, false);
        assert_frames_equal("-k", cat, false);
}

/* exit_group's stack follows the exit line, a forked child's execve shows
 * the old image (taken at entry), vfork's return address sits in rdi */
static void test_k_follow_forks_matches_strace(void **state)
{
        const char *cmd[] = {"/bin/sh", "-c", "/bin/true; cd /", NULL};
        (void)state;
        /* signal deliveries carry stacks in strace: not compared here */
        assert_frames_equal_ex("-f -k -e trace=!rt_sigreturn -e signal=none", cmd, false, true);
}

static void test_k_stripped_binary_matches_strace(void **state)
{
        char copy[128], cmdline[1200];
        (void)state;
        snprintf(copy, sizeof(copy), "%s/stripped", tmpdir);
        snprintf(cmdline, sizeof(cmdline), "cp '%s' '%s' && strip -s '%s'", prog_O2, copy, copy);
        assert_int_equal(system(cmdline), 0);
        const char *cmd[] = {copy, NULL};
        assert_frames_equal("-k -e trace=chdir", cmd, true);
}

/* A line of the file:line that addr2line gives for ADDR in prog. */
static void addr2line_with(const char *tool, const char *prog, unsigned long long addr, char *out,
                           size_t len)
{
        char cmd[1024];
        FILE *p;

        snprintf(cmd, sizeof(cmd), "%s -e '%s' 0x%llx", tool, prog, addr);
        p = popen(cmd, "r");
        assert_non_null(p);
        assert_non_null(fgets(out, (int)len, p));
        pclose(p);
        out[strcspn(out, " \n")] = '\0';
        /* eu-addr2line appends the column: file:line:col */
        char *base = strrchr(out, '/') ? strrchr(out, '/') : out;
        char *first = strchr(base, ':'), *last = strrchr(base, ':');
        if (first && last != first)
                *last = '\0';
}

static void addr2line(const char *prog, unsigned long long addr, char *out, size_t len)
{
        addr2line_with("addr2line", prog, addr, out, len);
}

/* Every -kk frame of prog's own file names the line addr2line gives for
 * its address; returns how many there were, and counts those in fn. */
static size_t check_kk_frames(const char *prog, const char *filter, const char *fn, int *in_fn)
{
        char o1[128], last_addr[32] = "", last_want[600] = "";
        const char *argv[] = {ctl(),  "run", "--socket", daemon_.sock, "-kk", "-e",
                              filter, "-o",  o1,         "--",         prog,  NULL};
        char *trace, *line, *save;
        size_t ours = 0;

        snprintf(o1, sizeof(o1), "%s/kk.txt", tmpdir);
        run_ok(argv);
        trace = slurp(o1);
        for (line = strtok_r(trace, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char obj[512], func[128], src[512], got[600], key[32];
                unsigned long long off, addr;
                int ln;
                if (sscanf(line, " > %511[^(](%127[^+)]+0x%llx) [0x%llx] %511[^:]:%d", obj, func,
                           &off, &addr, src, &ln) != 6 ||
                    strcmp(obj, prog) != 0)
                        continue;
                ours++;
                snprintf(got, sizeof(got), "%s:%d", src, ln);
                snprintf(key, sizeof(key), "%llx", addr);
                if (strcmp(key, last_addr) != 0) { /* one site, many calls: ask once */
                        addr2line(prog, addr, last_want, sizeof(last_want));
                        snprintf(last_addr, sizeof(last_addr), "%s", key);
                }
                if (strcmp(got, last_want) != 0) {
                        /* binutils 2.40 names the unit's main file for a function
                         * defined in a header (DWARF 5 line tables); elfutils'
                         * eu-addr2line reads them as libdw does: the second
                         * opinion must then agree */
                        char eu[600];
                        addr2line_with("eu-addr2line", prog, addr, eu, sizeof(eu));
                        fprintf(stderr,
                                "%s: %s at 0x%llx: renacer %s, addr2line %s, eu-addr2line %s\n",
                                prog, func, addr, got, last_want, eu);
                        assert_string_equal(got, eu);
                        /* the line itself is never in doubt */
                        assert_string_equal(strrchr(got, ':'), strrchr(last_want, ':'));
                }
                if (fn && !strcmp(func, fn))
                        (*in_fn)++;
        }
        free(trace);
        return ours;
}

static void check_kk(const char *prog)
{
        int seen_f3 = 0;

        /* main, f0..f3 for each of the three calls */
        assert_true(check_kk_frames(prog, "trace=chdir", "f3", &seen_f3) >= 15);
        assert_int_equal(seen_f3, 3);
}

static void test_kk_source_lines_match_addr2line(void **state)
{
        (void)state;
        check_kk(prog_O0);
        check_kk(prog_O2);
}

/* The bundled examples (libtrueno, -O2 with debug info): every call site
 * of each example's own code, as addr2line places it. */
static void test_kk_examples_match_addr2line(void **state)
{
        static const char *const names[] = {"backend_detection", "matrix_operations",
                                            "activation_functions", "ml_similarity"};
        const char *dir = getenv("RENACER_EXAMPLES");
        (void)state;

        assert_non_null(dir);
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                char prog[512];
                int in_main = 0;
                snprintf(prog, sizeof(prog), "%s/%s", dir, names[i]);
                size_t n = check_kk_frames(prog, "trace=all", "main", &in_main);
                if (!n || !in_main)
                        fail_msg("%s: %zu frames of its own, %d in main", names[i], n, in_main);
        }
}

/* A library mapped by dlopen, long after exec: its frames are named. */
static void test_k_dlopen_library_matches_strace(void **state)
{
        char dl[512], lib[512];
        (void)state;
        harness_prog("stack-dl", dl, sizeof(dl));
        harness_prog("libstackdl.so", lib, sizeof(lib));
        const char *cmd[] = {dl, lib, NULL};
        char *ours, *theirs, *f1;

        assert_frames_equal("-k -e trace=chdir", cmd, true);
        trace_both("-k -e trace=chdir", cmd, &ours, &theirs);
        f1 = frames(ours, false);
        char want[1200];
        snprintf(want, sizeof(want), " > %s(dl_leaf\n > %s(dl_entry\n", lib, lib);
        assert_non_null(strstr(f1, want));
        free(f1);
        free(ours);
        free(theirs);
}

/* frame-pointer mode: the kernel's walk plus the return address at sp
 * finds the whole chain of a program built with frame pointers */
static void test_fp_mode_walks_frame_pointers(void **state)
{
        char o1[128];
        const char *argv[] = {
            ctl(), "run", "--socket", daemon_.sock, "-k", "--stack-mode=fp", "-e", "trace=chdir",
            "-o",  o1,    "--",       prog_O0,      NULL};
        char *trace, *got;
        (void)state;

        snprintf(o1, sizeof(o1), "%s/fp.txt", tmpdir);
        run_ok(argv);
        trace = slurp(o1);
        got = frames(trace, false);
        char want[4096];
        snprintf(want, sizeof(want),
                 " > /usr/lib/x86_64-linux-gnu/libc.so.6(chdir\n > %s(f3\n > %s(f2\n > %s(f1\n"
                 " > %s(f0\n > %s(main\n",
                 prog_O0, prog_O0, prog_O0, prog_O0, prog_O0);
        assert_non_null(strstr(got, want));
        free(got);
        free(trace);
}

/* The path of a mapped file may name another file by the time its
 * symbols are read: those of the other must never be used. */
static void test_replaced_file_lends_no_symbols(void **state)
{
        char copy[128], cmdline[1200], o1[128];
        const char *argv[] = {ctl(), "run",         "--socket", daemon_.sock, "-k",
                              "-e",  "trace=chdir", "-o",       o1,           "--",
                              copy,  "replace",     NULL};
        char *trace, *line, *save;
        int frames_of_copy = 0;
        (void)state;

        snprintf(copy, sizeof(copy), "%s/replaced", tmpdir);
        snprintf(o1, sizeof(o1), "%s/replaced.txt", tmpdir);
        snprintf(cmdline, sizeof(cmdline), "cp '%s' '%s'", prog_O0, copy);
        assert_int_equal(system(cmdline), 0);
        run_ok(argv);
        trace = slurp(o1);
        for (line = strtok_r(trace, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char obj[512], func[128] = "";
                if (sscanf(line, " > %511[^(](%127[^+)]", obj, func) < 1 || strcmp(obj, copy))
                        continue;
                frames_of_copy++;
                /* its own names (read before the swap), or none at all */
                if (*func && strcmp(func, "f0") && strcmp(func, "f1") && strcmp(func, "f2") &&
                    strcmp(func, "f3") && strcmp(func, "main") && strcmp(func, "_start"))
                        fail_msg("a frame of %s named '%s': %s", copy, func, line);
        }
        assert_true(frames_of_copy >= 15);
        free(trace);
}

/* The objects were mapped before tracing began: /proc/PID/maps tells. */
static void test_trace_pid_resolves_earlier_mappings(void **state)
{
        char o1[128], pidbuf[16];
        const char *argv[] = {ctl(), "trace", "--socket",    daemon_.sock, "-p", pidbuf,
                              "-k",  "-e",    "trace=chdir", "-o",         o1,   NULL};
        char *trace, *got;
        pid_t child;
        (void)state;

        child = fork();
        assert_true(child >= 0);
        if (child == 0) {
                execl(prog_O2, prog_O2, "loop", "100", (char *)NULL);
                _exit(127);
        }
        harness_child_add(child);
        /* the loop's first calls may come before the attach: fine */
        usleep(100 * 1000);
        snprintf(pidbuf, sizeof(pidbuf), "%d", (int)child);
        snprintf(o1, sizeof(o1), "%s/pid.txt", tmpdir);
        run_ok(argv);
        harness_child_reap(child);
        trace = slurp(o1);
        got = frames(trace, false);
        char want[4096];
        snprintf(want, sizeof(want), " > %s(f3\n > %s(f2\n > %s(f1\n > %s(f0\n > %s(main\n",
                 prog_O2, prog_O2, prog_O2, prog_O2, prog_O2);
        assert_non_null(strstr(got, want));
        free(got);
        free(trace);
}

/* JSON lines carry the frames as objects. */
static void test_jsonl_stack_array(void **state)
{
        const char *argv[] = {ctl(),   "run", "--socket",    daemon_.sock, "-kk",   "--format",
                              "jsonl", "-e",  "trace=chdir", "--",         prog_O0, NULL};
        struct run_result r;
        const char *p;
        int calls = 0;
        (void)state;

        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        if (!strstr(r.err, "\"stack\":["))
                fprintf(stderr, "stdout:\n%s\nstderr:\n%s\n", r.out, r.err);
        for (p = r.err; (p = strstr(p, "{\"type\":\"syscall\",\"name\":\"chdir\"")); p++) {
                const char *end = strchr(p, '\n');
                char *line = strndup(p, end ? (size_t)(end - p) : strlen(p));
                const char *f3, *mn;
                assert_non_null(line);
                f3 = strstr(line, "\"function\":\"f3\"");
                mn = strstr(line, "\"function\":\"main\"");
                assert_non_null(strstr(line, "\"stack\":[{\"object\":"));
                assert_true(f3 && mn && f3 < mn);
                assert_non_null(strstr(line, "\"file\":"));
                free(line);
                calls++;
        }
        assert_int_equal(calls, 3);
        run_result_free(&r);
}

/* golden capture --source keeps each call's stack, file:line included,
 * in the golden trace; a second capture of the same binary keeps the file. */
static void test_golden_capture_source(void **state)
{
        char gdir[128], path[200];
        const char *argv[] = {ctl(),      "golden", "capture", "--socket", daemon_.sock,
                              "--source", "--dir",  gdir,      "--name",   "stk",
                              "--",       prog_O0,  NULL};
        char *doc, *p;
        int sites = 0;
        (void)state;

        snprintf(gdir, sizeof(gdir), "%s/golden", tmpdir);
        assert_int_equal(mkdir(gdir, 0755), 0);
        snprintf(path, sizeof(path), "%s/stk.json", gdir);
        run_ok(argv);
        doc = slurp(path);
        /* f3's frame names the chdir call's line in stack-calls.c */
        for (p = doc; (p = strstr(p, "\"function\":\"f3\"")); p++) {
                const char *close = strchr(p, '}');
                const char *file = strstr(p, "stack-calls.c\"");
                const char *line = strstr(p, "\"line\":");
                if (file && line && close && file < close && line < close)
                        sites++;
        }
        assert_int_equal(sites, 3);
        assert_null(strstr(doc, "\"pc\""));
        free(doc);
        struct run_result r;
        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, "unchanged stk"));
        run_result_free(&r);
}

/* Bad values are refused before anything runs. */
static void test_bad_stack_mode_refused(void **state)
{
        const char *argv[] = {ctl(),        "run",       "--socket",
                              daemon_.sock, "-k",        "--stack-mode=sideways",
                              "--",         "/bin/true", NULL};
        struct run_result r;
        (void)state;

        assert_int_equal(run_capture(argv, &r), 0);
        assert_int_equal(r.code, 2);
        assert_non_null(strstr(r.err, "--stack-mode"));
        run_result_free(&r);
}

int main(void)
{
        harness_require_root_btf();
        if (system("command -v strace >/dev/null && command -v addr2line >/dev/null && "
                   "command -v strip >/dev/null") != 0) {
                printf("SKIP: strace, addr2line and strip are needed\n");
                return 77;
        }
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_k_O0_matches_strace),
            cmocka_unit_test(test_k_O2_no_frame_pointers_matches_strace),
            cmocka_unit_test(test_k_whole_program_matches_strace),
            cmocka_unit_test(test_k_debian_ls_and_cat_match_strace),
            cmocka_unit_test(test_k_follow_forks_matches_strace),
            cmocka_unit_test(test_k_stripped_binary_matches_strace),
            cmocka_unit_test(test_kk_source_lines_match_addr2line),
            cmocka_unit_test(test_kk_examples_match_addr2line),
            cmocka_unit_test(test_k_dlopen_library_matches_strace),
            cmocka_unit_test(test_fp_mode_walks_frame_pointers),
            cmocka_unit_test(test_replaced_file_lends_no_symbols),
            cmocka_unit_test(test_trace_pid_resolves_earlier_mappings),
            cmocka_unit_test(test_jsonl_stack_array),
            cmocka_unit_test(test_golden_capture_source),
            cmocka_unit_test(test_bad_stack_mode_refused),
        };
        return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
