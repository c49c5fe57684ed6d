// SPDX-License-Identifier: MIT
/*
 * Causality against the real kernel, through a real renacerd: programs of
 * known causal structure (programs/causal-kinds.c, programs/fork-tree.c)
 * traced with --causal --format jsonl. Every edge the program makes must
 * be found (cause task and clock naming a record that exists), every
 * cause's clock must be below its effect's, and each task's clocks must
 * rise. Then --critical-path on a generated make -j2 project names its
 * slowest dependency chain, and --format perfetto output is checked
 * against the trace-event format's rules.
 */
#include <errno.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static struct test_daemon daemon_;
static char kinds[512], forktree[512];
static char tmpdir[64];

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

static int group_setup(void **state)
{
        (void)state;
        harness_prog("causal-kinds", kinds, sizeof(kinds));
        harness_prog("fork-tree", forktree, sizeof(forktree));
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/renacer-causal-XXXXXX");
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

/* One record of the JSONL trace that carries a clock. */
struct rec {
        char type[16], name[32], edge[16];
        unsigned tid;   /* the task the clock belongs to */
        unsigned child; /* fork/thread: the task born */
        unsigned long long clock;
        unsigned cause_tid; /* 0: none */
        unsigned long long cause_clock;
        long long result;
};

struct trace {
        struct rec *r;
        size_t n;
};

static long long get_int(struct json_object *o, const char *k, long long dflt)
{
        struct json_object *v;
        return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : dflt;
}

static void get_str(struct json_object *o, const char *k, char *dst, size_t n)
{
        struct json_object *v;
        dst[0] = '\0';
        if (json_object_object_get_ex(o, k, &v))
                snprintf(dst, n, "%s", json_object_get_string(v));
}

static void parse_trace(const char *text, struct trace *t)
{
        const char *p = text;

        memset(t, 0, sizeof(*t));
        while (*p) {
                const char *e = strchr(p, '\n');
                size_t len = e ? (size_t)(e - p) : strlen(p);
                char *line = strndup(p, len);
                assert_non_null(line);
                struct json_object *o = json_tokener_parse(line);
                free(line);
                p += len + (e ? 1 : 0);
                if (!o)
                        continue;
                struct json_object *cl, *cause;
                if (!json_object_object_get_ex(o, "clock", &cl)) {
                        json_object_put(o);
                        continue;
                }
                t->r = realloc(t->r, (t->n + 1) * sizeof(*t->r));
                assert_non_null(t->r);
                struct rec *r = &t->r[t->n++];
                memset(r, 0, sizeof(*r));
                get_str(o, "type", r->type, sizeof(r->type));
                get_str(o, "name", r->name, sizeof(r->name));
                r->clock = (unsigned long long)json_object_get_int64(cl);
                r->tid = (unsigned)get_int(o, "tid", 0);
                r->result = get_int(o, "result", 0);
                if (!strcmp(r->type, "fork") || !strcmp(r->type, "thread")) {
                        r->child = r->tid;
                        r->tid = (unsigned)get_int(o, "parent_tid", 0);
                }
                if (json_object_object_get_ex(o, "cause", &cause)) {
                        r->cause_tid = (unsigned)get_int(cause, "tid", 0);
                        r->cause_clock = (unsigned long long)get_int(cause, "clock", 0);
                        get_str(cause, "edge", r->edge, sizeof(r->edge));
                }
                json_object_put(o);
        }
}

static const struct rec *find_event(const struct trace *t, unsigned tid, unsigned long long clock)
{
        for (size_t i = 0; i < t->n; i++)
                if (t->r[i].tid == tid && t->r[i].clock == clock)
                        return &t->r[i];
        return NULL;
}

/* The rules every trace obeys: clocks rise per task, each cause names a
 * record that exists, on another task, with a smaller clock. */
static void check_clocks(const struct trace *t)
{
        for (size_t i = 0; i < t->n; i++) {
                const struct rec *r = &t->r[i];
                for (size_t j = i + 1; j < t->n; j++)
                        if (t->r[j].tid == r->tid && t->r[j].clock <= r->clock) {
                                fprintf(stderr, "task %u: clock %llu after %llu\n", r->tid,
                                        t->r[j].clock, r->clock);
                                fail();
                        }
                if (!r->cause_tid)
                        continue;
                assert_true(r->cause_clock < r->clock);
                const struct rec *c = find_event(t, r->cause_tid, r->cause_clock);
                if (!c) {
                        fprintf(stderr, "%s %s of %u: cause %u@%llu (%s) is no record\n", r->type,
                                r->name, r->tid, r->cause_tid, r->cause_clock, r->edge);
                        fail();
                }
        }
}

/* Edges of kind edge from a record of task `from` (0: any) to task `to`
 * (0: any) whose effect is a syscall named name (NULL: any). */
static size_t count_edges(const struct trace *t, const char *edge, unsigned from, unsigned to,
                          const char *name)
{
        size_t n = 0;

        for (size_t i = 0; i < t->n; i++) {
                const struct rec *r = &t->r[i];
                if (r->cause_tid && !strcmp(r->edge, edge) && (!from || r->cause_tid == from) &&
                    (!to || r->tid == to) && (!name || !strcmp(r->name, name)))
                        n++;
        }
        return n;
}

static char *trace_of(const char *const *cmd, struct trace *t)
{
        char out[128];
        const char *argv[32] = {ctl(),      "run",   "--socket", daemon_.sock, "--causal",
                                "--format", "jsonl", "-o",       out};
        size_t n = 9;
        struct run_result rr;

        snprintf(out, sizeof(out), "%s/trace.jsonl", tmpdir);
        for (size_t i = 0; cmd[i] && n < 31; i++)
                argv[n++] = cmd[i];
        argv[n] = NULL;
        assert_int_equal(run_capture(argv, &rr), 0);
        if (rr.code != 0)
                fprintf(stderr, "renacerctl: %s\n", rr.err);
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);
        char *text = slurp(out);
        parse_trace(text, t);
        check_clocks(t);
        return text;
}

/* The task that made the first fork line (the traced program) and its child. */
static void fork_pair(const struct trace *t, unsigned *parent, unsigned *child)
{
        *parent = *child = 0;
        for (size_t i = 0; i < t->n; i++)
                if (!strcmp(t->r[i].type, "fork") || !strcmp(t->r[i].type, "thread")) {
                        *parent = t->r[i].tid;
                        *child = t->r[i].child;
                        return;
                }
        fail_msg("no fork or thread record");
}

static void free_trace(struct trace *t, char *text)
{
        free(t->r);
        free(text);
}

/* The fork's edge reaches the child's first record, and the parent's
 * wait4 is caused by the child's exit. */
static void check_fork_wait(const struct trace *t, unsigned parent, unsigned child)
{
        const struct rec *first = NULL;
        for (size_t i = 0; i < t->n && !first; i++)
                if (t->r[i].tid == child && strcmp(t->r[i].type, "fork"))
                        first = &t->r[i];
        assert_non_null(first);
        assert_string_equal(first->edge, "fork");
        assert_int_equal(first->cause_tid, parent);
        assert_int_equal(count_edges(t, "wait", child, parent, "wait4"), 1);
}

static void test_pipe_pingpong(void **state)
{
        const char *cmd[] = {"--", kinds, "pingpong", "5", NULL};
        struct trace t;
        unsigned parent, child;

        (void)state;
        char *text = trace_of(cmd, &t);
        fork_pair(&t, &parent, &child);
        /* every ping the child reads, every pong the parent reads */
        assert_int_equal(count_edges(&t, "pipe", parent, child, "read"), 5);
        assert_int_equal(count_edges(&t, "pipe", child, parent, "read"), 5);
        check_fork_wait(&t, parent, child);
        free_trace(&t, text);
}

static void test_unix_socketpair(void **state)
{
        const char *cmd[] = {"--", kinds, "socketpair", "5", NULL};
        struct trace t;
        unsigned parent, child;

        (void)state;
        char *text = trace_of(cmd, &t);
        fork_pair(&t, &parent, &child);
        assert_int_equal(count_edges(&t, "unix", parent, child, "read"), 5);
        assert_int_equal(count_edges(&t, "unix", child, parent, "read"), 5);
        check_fork_wait(&t, parent, child);
        free_trace(&t, text);
}

static void test_unix_dgram(void **state)
{
        const char *cmd[] = {"--", kinds, "dgram", "4", NULL};
        struct trace t;
        unsigned parent, child;

        (void)state;
        char *text = trace_of(cmd, &t);
        fork_pair(&t, &parent, &child);
        assert_int_equal(count_edges(&t, "unix", parent, child, "read"), 4);
        assert_int_equal(count_edges(&t, "unix", child, parent, "read"), 4);
        free_trace(&t, text);
}

/* Without a daemon, root's renacerctl runs the engine itself: the same
 * edges. */
static void test_in_process(void **state)
{
        char out[128], sock[128];
        struct run_result rr;
        struct trace t;
        unsigned parent, child;

        (void)state;
        snprintf(out, sizeof(out), "%s/inproc.jsonl", tmpdir);
        snprintf(sock, sizeof(sock), "%s/no-daemon.sock", tmpdir);
        const char *argv[] = {ctl(), "run", "--socket", sock,  "--causal", "--format", "jsonl",
                              "-o",  out,   "--",       kinds, "pingpong", "3",        NULL};
        assert_int_equal(run_capture(argv, &rr), 0);
        assert_int_equal(rr.code, 0);
        assert_non_null(strstr(rr.err, "in-process"));
        run_result_free(&rr);
        char *text = slurp(out);
        parse_trace(text, &t);
        check_clocks(&t);
        fork_pair(&t, &parent, &child);
        assert_int_equal(count_edges(&t, "pipe", parent, child, "read"), 3);
        assert_int_equal(count_edges(&t, "pipe", child, parent, "read"), 3);
        check_fork_wait(&t, parent, child);
        free_trace(&t, text);
}

static void test_fork_wait_tree(void **state)
{
        const char *cmd[] = {"--", forktree, NULL};
        struct trace t;
        unsigned root = 0, child = 0, grandchild = 0;

        (void)state;
        char *text = trace_of(cmd, &t);
        for (size_t i = 0; i < t.n; i++) {
                if (strcmp(t.r[i].type, "fork"))
                        continue;
                if (!root) {
                        root = t.r[i].tid;
                        child = t.r[i].child;
                } else if (t.r[i].tid == child) {
                        grandchild = t.r[i].child;
                }
        }
        assert_true(root && child && grandchild);
        check_fork_wait(&t, root, child);
        check_fork_wait(&t, child, grandchild);
        free_trace(&t, text);
}

static void test_futex_condvar(void **state)
{
        const char *cmd[] = {"--", kinds, "condvar", "5", NULL};
        struct trace t;
        unsigned main_tid, waiter;

        (void)state;
        char *text = trace_of(cmd, &t);
        fork_pair(&t, &main_tid, &waiter);
        /* the waiter blocks before each signal (the main thread sleeps
         * first), so each pthread_cond_signal is a FUTEX_WAKE it returns from */
        assert_true(count_edges(&t, "futex", main_tid, waiter, "futex") >= 5);
        const struct rec *first = NULL;
        for (size_t i = 0; i < t.n && !first; i++)
                if (t.r[i].tid == waiter && strcmp(t.r[i].type, "thread"))
                        first = &t.r[i];
        assert_non_null(first);
        assert_string_equal(first->edge, "fork");
        free_trace(&t, text);
}

static void test_signal_between_processes(void **state)
{
        const char *cmd[] = {"--", kinds, "signal", NULL};
        struct trace t;
        unsigned parent, child;

        (void)state;
        char *text = trace_of(cmd, &t);
        fork_pair(&t, &parent, &child);
        size_t found = 0;
        for (size_t i = 0; i < t.n; i++) {
                const struct rec *r = &t.r[i];
                if (strcmp(r->type, "signal") || r->tid != child || strcmp(r->edge, "signal"))
                        continue;
                const struct rec *c = find_event(&t, r->cause_tid, r->cause_clock);
                assert_non_null(c);
                assert_string_equal(c->name, "kill");
                assert_int_equal(c->tid, parent);
                found++;
        }
        assert_int_equal(found, 1);
        check_fork_wait(&t, parent, child);
        /* the parent's SIGCHLD comes from the child's exit */
        assert_int_equal(count_edges(&t, "child", child, parent, NULL), 1);
        free_trace(&t, text);
}

static void test_eventfd(void **state)
{
        const char *cmd[] = {"--", kinds, "eventfd", "4", NULL};
        struct trace t;
        unsigned parent, child;

        (void)state;
        char *text = trace_of(cmd, &t);
        fork_pair(&t, &parent, &child);
        assert_int_equal(count_edges(&t, "eventfd", parent, child, "read"), 4);
        assert_int_equal(count_edges(&t, "pipe", child, parent, "read"), 4);
        free_trace(&t, text);
}

/* A project with one slow chain (slow1 <- slow2 <- slow3) and one fast
 * one: with -j2 both run at once, and the slow chain bounds the build. */
static void write_project(const char *dir)
{
        char path[256];
        snprintf(path, sizeof(path), "%s/Makefile", dir);
        FILE *f = fopen(path, "we");
        assert_non_null(f);
        fputs("all: slow3 fast2\n"
              "slow1:\n\tsleep 0.25; touch slow1\n"
              "slow2: slow1\n\tsleep 0.25; touch slow2\n"
              "slow3: slow2\n\tsleep 0.25; touch slow3\n"
              "fast1:\n\tsleep 0.05; touch fast1\n"
              "fast2: fast1\n\tsleep 0.05; touch fast2\n",
              f);
        assert_int_equal(fclose(f), 0);
}

static void test_critical_path_make(void **state)
{
        char dir[128], out[160];
        struct run_result rr;

        (void)state;
        if (access("/usr/bin/make", X_OK) != 0)
                skip();
        snprintf(dir, sizeof(dir), "%s/proj", tmpdir);
        assert_int_equal(mkdir(dir, 0755), 0);
        write_project(dir);
        snprintf(out, sizeof(out), "%s/cp.txt", tmpdir);
        const char *argv[] = {ctl(), "run", "--socket", daemon_.sock, "--critical-path",
                              "-o",  out,   "--",       "make",       "-s",
                              "-C",  dir,   "-j2",      NULL};
        assert_int_equal(run_capture(argv, &rr), 0);
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);
        char *text = slurp(out);
        fprintf(stderr, "%s", text);
        assert_non_null(strstr(text, "renacer: critical path:"));
        assert_non_null(strstr(text, "ending at the exit of pid"));
        /* the slow chain's recipes, each with its sleep, are on the path ... */
        assert_non_null(strstr(text, "touch slow1"));
        assert_non_null(strstr(text, "touch slow2"));
        assert_non_null(strstr(text, "touch slow3"));
        assert_true(count_lines_with(text, "sleep 0.25") >= 3);
        /* ... and the fast chain, which ran beside it, is not */
        assert_null(strstr(text, "touch fast"));
        assert_null(strstr(text, "sleep 0.05"));
        /* the path ends at make's exit and starts at make */
        assert_non_null(strstr(text, "(make -s -C"));
        free(text);
}

/* ---- the trace-event format's rules, on real output ---- */

struct track {
        long pid, tid;
        double last_ts;
        int open_b;
        bool named;
        /* X slices, to check flows bind inside one */
        double *xs, *xe;
        size_t nx;
};

static struct track *track_of(struct track **tr, size_t *n, long pid, long tid)
{
        for (size_t i = 0; i < *n; i++)
                if ((*tr)[i].pid == pid && (*tr)[i].tid == tid)
                        return &(*tr)[i];
        *tr = realloc(*tr, (*n + 1) * sizeof(**tr));
        assert_non_null(*tr);
        struct track *t = &(*tr)[(*n)++];
        memset(t, 0, sizeof(*t));
        t->pid = pid;
        t->tid = tid;
        t->last_ts = -1;
        return t;
}

static bool inside_slice(const struct track *t, double ts)
{
        for (size_t i = 0; i < t->nx; i++)
                if (ts >= t->xs[i] - 0.0005 && ts <= t->xe[i] + 0.0005)
                        return true;
        return false;
}

/* Returns the number of flows. */
static size_t validate_perfetto(const char *json, bool want_critical)
{
        struct json_object *root = json_tokener_parse(json), *ev;
        struct track *tr = NULL;
        size_t ntr = 0, nflows = 0, ncrit = 0;
        long long *sids = NULL, *fids = NULL;
        size_t ns = 0, nf = 0;
        long *named_pids = NULL;
        size_t nnamed = 0;

        assert_non_null(root);
        assert_true(json_object_object_get_ex(root, "traceEvents", &ev));
        assert_true(json_object_is_type(ev, json_type_array));
        size_t n = json_object_array_length(ev);
        assert_true(n > 0);
        /* pass 1: slices per track, metadata */
        for (size_t i = 0; i < n; i++) {
                struct json_object *e = json_object_array_get_idx(ev, i), *v;
                char ph[4];
                get_str(e, "ph", ph, sizeof(ph));
                assert_true(ph[0]);
                assert_true(json_object_object_get_ex(e, "pid", &v));
                assert_true(json_object_object_get_ex(e, "tid", &v));
                long pid = (long)get_int(e, "pid", -1), tid = (long)get_int(e, "tid", -1);
                struct track *t = track_of(&tr, &ntr, pid, tid);
                if (!strcmp(ph, "M")) {
                        char name[32];
                        get_str(e, "name", name, sizeof(name));
                        if (!strcmp(name, "process_name")) {
                                named_pids = realloc(named_pids, (nnamed + 1) * sizeof(long));
                                named_pids[nnamed++] = pid;
                        } else if (!strcmp(name, "thread_name")) {
                                t->named = true;
                        }
                        continue;
                }
                assert_true(json_object_object_get_ex(e, "ts", &v));
                double ts = json_object_get_double(v);
                /* timestamps never go back on a track */
                assert_true(ts >= t->last_ts);
                t->last_ts = ts;
                if (!strcmp(ph, "X")) {
                        assert_true(json_object_object_get_ex(e, "dur", &v));
                        double dur = json_object_get_double(v);
                        assert_true(dur >= 0);
                        t->xs = realloc(t->xs, (t->nx + 1) * sizeof(double));
                        t->xe = realloc(t->xe, (t->nx + 1) * sizeof(double));
                        t->xs[t->nx] = ts;
                        t->xe[t->nx++] = ts + dur;
                        char cat[32];
                        get_str(e, "cat", cat, sizeof(cat));
                        ncrit += !strcmp(cat, "critical");
                } else if (!strcmp(ph, "B")) {
                        t->open_b++;
                } else if (!strcmp(ph, "E")) {
                        assert_true(t->open_b > 0);
                        t->open_b--;
                } else if (!strcmp(ph, "s") || !strcmp(ph, "f")) {
                        assert_true(json_object_object_get_ex(e, "id", &v));
                        long long id = json_object_get_int64(v);
                        if (ph[0] == 's') {
                                sids = realloc(sids, (ns + 1) * sizeof(*sids));
                                sids[ns++] = id;
                        } else {
                                char bp[4];
                                get_str(e, "bp", bp, sizeof(bp));
                                assert_string_equal(bp, "e");
                                fids = realloc(fids, (nf + 1) * sizeof(*fids));
                                fids[nf++] = id;
                        }
                } else {
                        assert_true(!strcmp(ph, "i") || !strcmp(ph, "I"));
                }
        }
        /* every B has its E; every track and process is named */
        for (size_t i = 0; i < ntr; i++) {
                assert_int_equal(tr[i].open_b, 0);
                if (tr[i].last_ts < 0)
                        continue; /* metadata only */
                bool pn = false;
                for (size_t k = 0; k < nnamed; k++)
                        pn |= named_pids[k] == tr[i].pid;
                assert_true(pn);
                if (tr[i].pid != 4194305)
                        assert_true(tr[i].named);
        }
        /* flow ids pair up: each s has exactly one f */
        assert_int_equal(ns, nf);
        for (size_t i = 0; i < ns; i++) {
                size_t same_s = 0, same_f = 0;
                for (size_t k = 0; k < ns; k++)
                        same_s += sids[k] == sids[i];
                for (size_t k = 0; k < nf; k++)
                        same_f += fids[k] == sids[i];
                assert_int_equal(same_s, 1);
                assert_int_equal(same_f, 1);
        }
        nflows = ns;
        /* pass 2: each flow end binds inside a slice of its track */
        for (size_t i = 0; i < n; i++) {
                struct json_object *e = json_object_array_get_idx(ev, i), *v;
                char ph[4];
                get_str(e, "ph", ph, sizeof(ph));
                if (strcmp(ph, "s") && strcmp(ph, "f"))
                        continue;
                struct track *t =
                    track_of(&tr, &ntr, (long)get_int(e, "pid", -1), (long)get_int(e, "tid", -1));
                assert_true(json_object_object_get_ex(e, "ts", &v));
                assert_true(inside_slice(t, json_object_get_double(v)));
        }
        if (want_critical)
                assert_true(ncrit > 0);
        for (size_t i = 0; i < ntr; i++) {
                free(tr[i].xs);
                free(tr[i].xe);
        }
        free(tr);
        free(sids);
        free(fids);
        free(named_pids);
        json_object_put(root);
        return nflows;
}

static void test_perfetto_output(void **state)
{
        char out[160];
        struct run_result rr;

        (void)state;
        snprintf(out, sizeof(out), "%s/pingpong.json", tmpdir);
        const char *argv[] = {ctl(), "run", "--socket", daemon_.sock, "--format", "perfetto", "-o",
                              out,   "--",  kinds,      "pingpong",   "3",        NULL};
        assert_int_equal(run_capture(argv, &rr), 0);
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);
        char *json = slurp(out);
        /* 3 pings, 3 pongs, the fork, the wait (and the SIGCHLD) */
        assert_true(validate_perfetto(json, true) >= 8);
        assert_non_null(strstr(json, "\"process_name\""));
        assert_non_null(strstr(json, "\"name\":\"pipe\""));
        free(json);
}

static void test_perfetto_make(void **state)
{
        char dir[128], out[160];
        struct run_result rr;

        (void)state;
        if (access("/usr/bin/make", X_OK) != 0)
                skip();
        snprintf(dir, sizeof(dir), "%s/proj2", tmpdir);
        assert_int_equal(mkdir(dir, 0755), 0);
        write_project(dir);
        snprintf(out, sizeof(out), "%s/make.json", tmpdir);
        const char *argv[] = {ctl(),      "run", "--socket", daemon_.sock, "--format",
                              "perfetto", "-o",  out,        "--",         "make",
                              "-s",       "-C",  dir,        "-j2",        NULL};
        assert_int_equal(run_capture(argv, &rr), 0);
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);
        char *json = slurp(out);
        assert_true(validate_perfetto(json, true) > 10);
        free(json);
}

/* Options: the report takes text; bad combinations say so and exit 2. */
static void test_options(void **state)
{
        struct run_result rr;
        const char *argv[] = {ctl(),  "run", "--critical-path", "--format", "json", "--",
                              "true", NULL};

        (void)state;
        assert_int_equal(run_capture(argv, &rr), 0);
        assert_int_equal(rr.code, 2);
        assert_non_null(strstr(rr.err, "--critical-path"));
        run_result_free(&rr);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_options),         cmocka_unit_test(test_pipe_pingpong),
            cmocka_unit_test(test_unix_socketpair), cmocka_unit_test(test_unix_dgram),
            cmocka_unit_test(test_in_process),      cmocka_unit_test(test_fork_wait_tree),
            cmocka_unit_test(test_futex_condvar),   cmocka_unit_test(test_signal_between_processes),
            cmocka_unit_test(test_eventfd),         cmocka_unit_test(test_critical_path_make),
            cmocka_unit_test(test_perfetto_output), cmocka_unit_test(test_perfetto_make),
        };

        harness_require_root_btf();
        return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
