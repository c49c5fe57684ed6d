// SPDX-License-Identifier: MIT
/*
 * OTLP/HTTP export of `renacerctl run` through a real renacerd, into a
 * receiver this test starts (otlp-receiver.py): the OTLP/JSON encoding
 * rules, the span tree (every process span's parent is its forker's span),
 * TRACEPARENT parenting, timestamps inside the run, retry after 503, and
 * collectors that are down, slow or answer garbage, which must cost the
 * traced program nothing. Needs root and BTF (exits 77 otherwise).
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

extern char **environ;

static struct test_daemon daemon_;
static char prog_buf[512], prog_buf2[512];

static const char *ctl(void)
{
        return harness_bin("RENACERCTL");
}

struct receiver {
        pid_t pid;
        char dir[64];
        char log[128];
        unsigned port;
        char url[96];
};

static void receiver_start_on(struct receiver *r, const char *mode, unsigned port)
{
        const char *script = getenv("RENACER_OTLP_RECEIVER");
        char portfile[128];
        FILE *f;

        assert_non_null(script);
        snprintf(r->dir, sizeof(r->dir), "/tmp/renacer-otlp-XXXXXX");
        assert_non_null(mkdtemp(r->dir));
        snprintf(portfile, sizeof(portfile), "%s/port", r->dir);
        snprintf(r->log, sizeof(r->log), "%s/requests.jsonl", r->dir);
        char portarg[16];
        snprintf(portarg, sizeof(portarg), "%u", port);
        const char *argv[] = {"python3", script, portfile, r->log, mode, port ? portarg : NULL,
                              NULL};
        assert_int_equal(posix_spawnp(&r->pid, "python3", NULL, NULL, (char *const *)argv, environ),
                         0);
        harness_child_add(r->pid);
        for (int i = 0; i < 1000 && !(f = fopen(portfile, "re")); i++)
                nanosleep(&(struct timespec){0, 10000000}, NULL);
        assert_non_null(f);
        assert_int_equal(fscanf(f, "%u", &r->port), 1);
        fclose(f);
        unlink(portfile);
        snprintf(r->url, sizeof(r->url), "http://127.0.0.1:%u", r->port);
}

static void receiver_start(struct receiver *r, const char *mode)
{
        receiver_start_on(r, mode, 0);
}

static void receiver_stop(struct receiver *r)
{
        if (r->pid > 0)
                harness_child_reap(r->pid);
        r->pid = 0;
        unlink(r->log);
        rmdir(r->dir);
}

/* Every request the receiver logged, as an array. */
static struct json_object *receiver_requests(struct receiver *r)
{
        struct json_object *all = json_object_new_array();
        FILE *f = fopen(r->log, "re");
        char *line = NULL;
        size_t cap = 0;

        while (f && getline(&line, &cap, f) > 0) {
                struct json_object *o = json_tokener_parse(line);
                assert_non_null(o);
                json_object_array_add(all, o);
        }
        free(line);
        if (f)
                fclose(f);
        return all;
}

static struct json_object *get(struct json_object *o, const char *key)
{
        struct json_object *v = NULL;

        if (!o || !json_object_object_get_ex(o, key, &v))
                return NULL;
        return v;
}

/* The spans of every request answered 200 (flattened), checking the
 * request envelope on the way. */
static struct json_object *accepted_spans(struct json_object *reqs,
                                          struct json_object **ret_resource)
{
        struct json_object *spans = json_object_new_array();

        for (size_t i = 0; i < json_object_array_length(reqs); i++) {
                struct json_object *q = json_object_array_get_idx(reqs, i);
                if (json_object_get_int(get(q, "status")) != 200)
                        continue;
                assert_string_equal(json_object_get_string(get(q, "path")), "/v1/traces");
                assert_string_equal(json_object_get_string(get(get(q, "headers"), "Content-Type")),
                                    "application/json");
                struct json_object *rs = get(get(q, "body"), "resourceSpans");
                assert_non_null(rs);
                for (size_t a = 0; a < json_object_array_length(rs); a++) {
                        struct json_object *r = json_object_array_get_idx(rs, a);
                        if (ret_resource && !*ret_resource)
                                *ret_resource = json_object_get(get(r, "resource"));
                        struct json_object *ss = get(r, "scopeSpans");
                        for (size_t b = 0; b < json_object_array_length(ss); b++) {
                                struct json_object *sp =
                                    get(json_object_array_get_idx(ss, b), "spans");
                                assert_string_equal(
                                    json_object_get_string(get(
                                        get(json_object_array_get_idx(ss, b), "scope"), "name")),
                                    "renacer");
                                for (size_t c = 0; c < json_object_array_length(sp); c++)
                                        json_object_array_add(
                                            spans,
                                            json_object_get(json_object_array_get_idx(sp, c)));
                        }
                }
        }
        return spans;
}

static struct json_object *attr_value(struct json_object *attrs, const char *key)
{
        for (size_t i = 0; i < json_object_array_length(attrs); i++) {
                struct json_object *a = json_object_array_get_idx(attrs, i);
                if (!strcmp(json_object_get_string(get(a, "key")), key))
                        return get(a, "value");
        }
        return NULL;
}

static struct json_object *span_attr(struct json_object *span, const char *key)
{
        return attr_value(get(span, "attributes"), key);
}

/* OTLP/JSON: an int64 is a decimal string */
static bool decimal_string(struct json_object *v)
{
        const char *s;

        if (!v || !json_object_is_type(v, json_type_string))
                return false;
        s = json_object_get_string(v);
        if (*s == '-')
                s++;
        if (!*s)
                return false;
        for (; *s; s++)
                if (*s < '0' || *s > '9')
                        return false;
        return true;
}

static long long span_int(struct json_object *span, const char *key)
{
        struct json_object *v = get(span_attr(span, key), "intValue");

        if (!v)
                return LLONG_MIN;
        assert_true(decimal_string(v));
        return strtoll(json_object_get_string(v), NULL, 10);
}

static const char *span_str(struct json_object *span, const char *key)
{
        struct json_object *v = get(span_attr(span, key), "stringValue");

        return v ? json_object_get_string(v) : NULL;
}

static bool lower_hex(const char *s, size_t n)
{
        bool nonzero = false;

        if (!s || strlen(s) != n)
                return false;
        for (; *s; s++) {
                if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
                        return false;
                nonzero |= *s != '0';
        }
        return nonzero;
}

static unsigned long long span_time(struct json_object *span, const char *key)
{
        struct json_object *v = get(span, key);

        assert_true(decimal_string(v));
        return strtoull(json_object_get_string(v), NULL, 10);
}

static unsigned long long realtime_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

/* The session (root) span: the only one whose name starts "renacerctl". */
static struct json_object *session_span(struct json_object *spans)
{
        struct json_object *found = NULL;

        for (size_t i = 0; i < json_object_array_length(spans); i++) {
                struct json_object *s = json_object_array_get_idx(spans, i);
                if (!strncmp(json_object_get_string(get(s, "name")), "renacerctl ", 11)) {
                        assert_null(found);
                        found = s;
                }
        }
        assert_non_null(found);
        return found;
}

static struct json_object *span_by_id(struct json_object *spans, const char *id)
{
        for (size_t i = 0; id && i < json_object_array_length(spans); i++) {
                struct json_object *s = json_object_array_get_idx(spans, i);
                if (!strcmp(json_object_get_string(get(s, "spanId")), id))
                        return s;
        }
        return NULL;
}

static bool is_process_span(struct json_object *s)
{
        return span_int(s, "process.pid") != LLONG_MIN && span_attr(s, "process.parent_pid");
}

static struct json_object *process_span(struct json_object *spans, long long pid)
{
        for (size_t i = 0; i < json_object_array_length(spans); i++) {
                struct json_object *s = json_object_array_get_idx(spans, i);
                if (is_process_span(s) && span_int(s, "process.pid") == pid)
                        return s;
        }
        return NULL;
}

/* run CMD with --otlp=URL (and -f -c), with extra environment */
static void run_exported(const char *url, const char *const *cmd, const char *const *envs,
                         struct run_result *rr)
{
        const char *argv[24];
        char opt[160];
        int n = 0;

        argv[n++] = ctl();
        argv[n++] = "run";
        argv[n++] = "-f";
        argv[n++] = "-c";
        if (url) {
                snprintf(opt, sizeof(opt), "--otlp=%s", url);
                argv[n++] = opt;
        }
        argv[n++] = "--";
        for (; *cmd && n < 23; cmd++)
                argv[n++] = *cmd;
        argv[n] = NULL;
        for (const char *const *e = envs; e && *e; e += 2)
                setenv(e[0], e[1], 1);
        assert_int_equal(run_capture(argv, rr), 0);
        for (const char *const *e = envs; e && *e; e += 2)
                unsetenv(e[0]);
}

/* fork-tree: three generations; every id, time and int follows the OTLP
 * JSON rules, and every process span hangs under its forker's span. */
static void test_encoding_and_nesting(void **state)
{
        struct receiver r = {0};
        struct run_result rr;
        struct json_object *reqs, *spans, *resource = NULL, *root;
        const char *cmd[] = {harness_prog("fork-tree", prog_buf, sizeof(prog_buf)), NULL};
        unsigned long long before, after;
        const char *trace_id;
        int processes = 0;

        (void)state;
        receiver_start(&r, "ok");
        before = realtime_ns();
        run_exported(r.url, cmd, NULL, &rr);
        after = realtime_ns();
        assert_int_equal(rr.code, 0);
        assert_null(strstr(rr.err, "not exported"));
        run_result_free(&rr);

        reqs = receiver_requests(&r);
        spans = accepted_spans(reqs, &resource);
        assert_non_null(resource);
        assert_string_equal(
            json_object_get_string(
                get(attr_value(get(resource, "attributes"), "service.name"), "stringValue")),
            "renacer");
        root = session_span(spans);
        trace_id = json_object_get_string(get(root, "traceId"));
        assert_true(lower_hex(trace_id, 32));
        assert_null(get(root, "parentSpanId")); /* no TRACEPARENT: a new trace */

        for (size_t i = 0; i < json_object_array_length(spans); i++) {
                struct json_object *s = json_object_array_get_idx(spans, i), *parent;
                unsigned long long start = span_time(s, "startTimeUnixNano");
                unsigned long long end = span_time(s, "endTimeUnixNano");

                assert_string_equal(json_object_get_string(get(s, "traceId")), trace_id);
                assert_true(lower_hex(json_object_get_string(get(s, "spanId")), 16));
                assert_true(json_object_is_type(get(s, "kind"), json_type_int));
                assert_int_equal(json_object_get_int(get(s, "kind")), 1);
                /* times inside the run, in unix nanoseconds */
                assert_true(start >= before && end <= after && start <= end);
                for (size_t k = 0; k < json_object_array_length(get(s, "attributes")); k++) {
                        struct json_object *v =
                            get(json_object_array_get_idx(get(s, "attributes"), k), "value");
                        if (get(v, "intValue"))
                                assert_true(decimal_string(get(v, "intValue")));
                }
                if (s == root)
                        continue;
                assert_true(lower_hex(json_object_get_string(get(s, "parentSpanId")), 16));
                parent = span_by_id(spans, json_object_get_string(get(s, "parentSpanId")));
                assert_non_null(parent);
                /* a child starts and ends inside its parent */
                assert_true(start >= span_time(parent, "startTimeUnixNano"));
                assert_true(end <= span_time(parent, "endTimeUnixNano"));
                if (!is_process_span(s))
                        continue;
                processes++;
                if (span_int(s, "process.pid") == span_int(root, "process.pid")) {
                        assert_ptr_equal(parent, root);
                        assert_non_null(
                            strstr(span_str(s, "process.executable.path"), "fork-tree"));
                        struct json_object *args =
                            get(get(span_attr(s, "process.command_args"), "arrayValue"), "values");
                        assert_non_null(args);
                        assert_non_null(
                            strstr(json_object_get_string(
                                       get(json_object_array_get_idx(args, 0), "stringValue")),
                                   "fork-tree"));
                } else {
                        /* its parent is the span of the process that forked it */
                        assert_true(is_process_span(parent));
                        assert_int_equal(span_int(parent, "process.pid"),
                                         span_int(s, "process.parent_pid"));
                }
                assert_int_equal(span_int(s, "process.exit.code"), 0);
        }
        assert_int_equal(processes, 3);
        /* each generation's getppid calls are on its own span: 1, 2, 3 */
        long long pid = span_int(root, "process.pid");
        struct json_object *p1 = process_span(spans, pid);
        assert_non_null(p1);
        long long total = 0;
        for (size_t i = 0; i < json_object_array_length(spans); i++) {
                struct json_object *s = json_object_array_get_idx(spans, i);
                if (is_process_span(s)) {
                        long long n = span_int(s, "renacer.syscalls.getppid.count");
                        assert_true(n >= 1 && n <= 3);
                        total += n;
                }
        }
        assert_int_equal(total, 6);
        assert_int_equal(span_int(root, "renacer.syscalls.getppid.count"), 6);

        json_object_put(resource);
        json_object_put(spans);
        json_object_put(reqs);
        receiver_stop(&r);
}

/* TRACEPARENT in the environment parents the session span; a malformed one
 * starts a new trace with one warning. Also the OTEL_* environment alone
 * turns export on: endpoint base + /v1/traces, decoded headers, service
 * name and resource attributes. */
static void test_traceparent_and_environment(void **state)
{
        static const char parent_trace[] = "0af7651916cd43dd8448eb211c80319c";
        static const char parent_span[] = "b7ad6b7169203331";
        struct receiver r = {0};
        struct run_result rr;
        struct json_object *reqs, *spans, *resource = NULL, *root;
        char base[128], traceparent[80];
        const char *cmd[] = {harness_prog("fork-exec-wait", prog_buf, sizeof(prog_buf)),
                             harness_prog("open-three", prog_buf2, sizeof(prog_buf2)), NULL};

        (void)state;
        receiver_start(&r, "ok");
        snprintf(base, sizeof(base), "%s/", r.url);
        snprintf(traceparent, sizeof(traceparent), "00-%s-%s-01", parent_trace, parent_span);
        const char *envs[] = {"OTEL_EXPORTER_OTLP_ENDPOINT",
                              base,
                              "OTEL_EXPORTER_OTLP_HEADERS",
                              "x-api-key=se%20cret%3D1,x-tenant=build",
                              "OTEL_SERVICE_NAME",
                              "ci-builds",
                              "OTEL_RESOURCE_ATTRIBUTES",
                              "deployment.environment=test,host.role=builder%2Cfast",
                              "TRACEPARENT",
                              traceparent,
                              NULL};
        run_exported(NULL, cmd, envs, &rr);
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);

        reqs = receiver_requests(&r);
        assert_true(json_object_array_length(reqs) >= 1);
        struct json_object *h = get(json_object_array_get_idx(reqs, 0), "headers");
        assert_string_equal(json_object_get_string(get(h, "x-api-key")), "se cret=1");
        assert_string_equal(json_object_get_string(get(h, "x-tenant")), "build");
        spans = accepted_spans(reqs, &resource);
        struct json_object *ra = get(resource, "attributes");
        assert_string_equal(
            json_object_get_string(get(attr_value(ra, "service.name"), "stringValue")),
            "ci-builds");
        assert_string_equal(
            json_object_get_string(get(attr_value(ra, "deployment.environment"), "stringValue")),
            "test");
        assert_string_equal(json_object_get_string(get(attr_value(ra, "host.role"), "stringValue")),
                            "builder,fast");
        root = session_span(spans);
        assert_string_equal(json_object_get_string(get(root, "parentSpanId")), parent_span);
        for (size_t i = 0; i < json_object_array_length(spans); i++)
                assert_string_equal(
                    json_object_get_string(get(json_object_array_get_idx(spans, i), "traceId")),
                    parent_trace);
        /* the exec'd child's span names its new executable */
        bool saw_open_three = false;
        for (size_t i = 0; i < json_object_array_length(spans); i++) {
                struct json_object *s = json_object_array_get_idx(spans, i);
                const char *exe = span_str(s, "process.executable.path");
                if (is_process_span(s) && exe && strstr(exe, "open-three")) {
                        saw_open_three = true;
                        assert_int_equal(span_int(s, "renacer.syscalls.openat.count") +
                                                 span_int(s, "renacer.syscalls.slow.count") >=
                                             3,
                                         true);
                }
        }
        assert_true(saw_open_three);
        json_object_put(resource);
        json_object_put(spans);
        json_object_put(reqs);
        receiver_stop(&r);

        /* -E sets the command's TRACEPARENT: that one parents the session */
        receiver_start(&r, "ok");
        char opt[160], eopt[96];
        snprintf(opt, sizeof(opt), "--otlp=%s", r.url);
        snprintf(eopt, sizeof(eopt), "TRACEPARENT=00-%s-%s-01", parent_trace, "1111111111111111");
        setenv("TRACEPARENT", traceparent, 1);
        const char *eargv[] = {ctl(), "run", "-c", opt, "-E", eopt, "--", "/bin/true", NULL};
        assert_int_equal(run_capture(eargv, &rr), 0);
        unsetenv("TRACEPARENT");
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);
        reqs = receiver_requests(&r);
        spans = accepted_spans(reqs, NULL);
        root = session_span(spans);
        assert_string_equal(json_object_get_string(get(root, "parentSpanId")), "1111111111111111");
        json_object_put(spans);
        json_object_put(reqs);
        receiver_stop(&r);

        /* malformed: uppercase hex is not W3C */
        receiver_start(&r, "ok");
        const char *bad[] = {"TRACEPARENT",
                             "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01", NULL};
        const char *cmd2[] = {"/bin/true", NULL};
        run_exported(r.url, cmd2, bad, &rr);
        assert_int_equal(rr.code, 0);
        assert_int_equal(count_lines_with(rr.err, "ignoring TRACEPARENT"), 1);
        run_result_free(&rr);
        reqs = receiver_requests(&r);
        spans = accepted_spans(reqs, NULL);
        root = session_span(spans);
        assert_null(get(root, "parentSpanId"));
        json_object_put(spans);
        json_object_put(reqs);
        receiver_stop(&r);
}

/* run --policy: each verdict is an event on the session span, the policy
 * named by its file's name. */
static void test_policy_verdict_events(void **state)
{
        char pol[] = "/tmp/renacer-otlp-budget-XXXXXX";
        struct receiver r = {0};
        struct run_result rr;
        struct json_object *reqs, *spans, *root, *ev;
        int fd = mkstemp(pol);
        static const char text[] = "version: 1\nassertions:\n  - name: tiny_budget\n"
                                   "    type: span_count\n    max_spans: 2\n"
                                   "    fail_on_violation: false\n";

        (void)state;
        assert_true(fd >= 0);
        assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
        close(fd);
        receiver_start(&r, "ok");
        char opt[160];
        snprintf(opt, sizeof(opt), "--otlp=%s", r.url);
        const char *argv[] = {ctl(), "run", "-c", "--policy", pol, opt, "--", "/bin/true", NULL};
        assert_int_equal(run_capture(argv, &rr), 0);
        assert_int_equal(rr.code, 0);
        assert_non_null(strstr(rr.err, "WARN tiny_budget"));
        run_result_free(&rr);
        reqs = receiver_requests(&r);
        spans = accepted_spans(reqs, NULL);
        root = session_span(spans);
        ev = get(root, "events");
        assert_non_null(ev);
        assert_int_equal(json_object_array_length(ev), 1);
        struct json_object *e = json_object_array_get_idx(ev, 0);
        assert_string_equal(json_object_get_string(get(e, "name")), "policy.verdict");
        struct json_object *a = get(e, "attributes");
        assert_string_equal(
            json_object_get_string(get(attr_value(a, "renacer.policy.name"), "stringValue")),
            strrchr(pol, '/') + 1);
        assert_string_equal(
            json_object_get_string(get(attr_value(a, "renacer.policy.status"), "stringValue")),
            "WARN");
        assert_true(decimal_string(get(attr_value(a, "renacer.policy.actual"), "intValue")));
        assert_true(decimal_string(get(e, "timeUnixNano")));
        json_object_put(spans);
        json_object_put(reqs);
        receiver_stop(&r);
        unlink(pol);
}

/* Calls slower than 1 ms are spans with their real times; the rest are
 * counted on their process span. */
static void test_slow_calls(void **state)
{
        struct receiver r = {0};
        struct run_result rr;
        struct json_object *reqs, *spans;
        const char *cmd[] = {"/bin/sleep", "0.02", NULL};
        int slow = 0;

        (void)state;
        receiver_start(&r, "ok");
        run_exported(r.url, cmd, NULL, &rr);
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);
        reqs = receiver_requests(&r);
        spans = accepted_spans(reqs, NULL);
        for (size_t i = 0; i < json_object_array_length(spans); i++) {
                struct json_object *s = json_object_array_get_idx(spans, i);
                if (strcmp(json_object_get_string(get(s, "name")), "clock_nanosleep"))
                        continue;
                slow++;
                unsigned long long d =
                    span_time(s, "endTimeUnixNano") - span_time(s, "startTimeUnixNano");
                assert_true(d >= 20000000ULL); /* it slept 20 ms */
                assert_string_equal(span_str(s, "renacer.syscall.name"), "clock_nanosleep");
                assert_int_equal(span_int(s, "renacer.syscall.return"), 0);
                struct json_object *parent =
                    span_by_id(spans, json_object_get_string(get(s, "parentSpanId")));
                assert_non_null(parent);
                assert_true(is_process_span(parent));
                /* the slow calls are not in the per-syscall counts */
                assert_true(span_int(parent, "renacer.syscalls.slow.count") >= 1);
                assert_int_equal(span_int(parent, "renacer.syscalls.clock_nanosleep.count"),
                                 LLONG_MIN);
        }
        assert_int_equal(slow, 1);
        json_object_put(spans);
        json_object_put(reqs);
        receiver_stop(&r);
}

/* Without a daemon, renacerctl traces in-process and exports the same
 * tree. */
static void test_in_process(void **state)
{
        struct receiver r = {0};
        struct run_result rr;
        struct json_object *reqs, *spans, *root;
        char nosock[128];
        const char *cmd[] = {harness_prog("fork-exec-wait", prog_buf, sizeof(prog_buf)),
                             "/bin/true", NULL};

        (void)state;
        receiver_start(&r, "ok");
        snprintf(nosock, sizeof(nosock), "%s/no-daemon.sock", r.dir);
        const char *envs[] = {"RENACER_SOCKET", nosock, NULL};
        run_exported(r.url, cmd, envs, &rr);
        setenv("RENACER_SOCKET", daemon_.sock, 1);
        assert_int_equal(rr.code, 0);
        assert_non_null(strstr(rr.err, "tracing in-process"));
        run_result_free(&rr);
        reqs = receiver_requests(&r);
        spans = accepted_spans(reqs, NULL);
        root = session_span(spans);
        int procs = 0;
        for (size_t i = 0; i < json_object_array_length(spans); i++) {
                struct json_object *s = json_object_array_get_idx(spans, i), *parent;
                if (!is_process_span(s))
                        continue;
                procs++;
                parent = span_by_id(spans, json_object_get_string(get(s, "parentSpanId")));
                assert_non_null(parent);
                if (parent != root)
                        assert_int_equal(span_int(parent, "process.pid"),
                                         span_int(s, "process.parent_pid"));
                else
                        assert_non_null(
                            strstr(span_str(s, "process.executable.path"), "fork-exec-wait"));
        }
        assert_int_equal(procs, 2);
        json_object_put(spans);
        json_object_put(reqs);
        receiver_stop(&r);
}

/* 503 (with Retry-After: 0) twice, then 200: the same batch arrives again
 * and is accepted once; nothing is reported lost. */
static void test_retry_after_503(void **state)
{
        struct receiver r = {0};
        struct run_result rr;
        struct json_object *reqs, *spans;
        const char *cmd[] = {"/bin/true", NULL};

        (void)state;
        receiver_start(&r, "503x2");
        run_exported(r.url, cmd, NULL, &rr);
        assert_int_equal(rr.code, 0);
        assert_null(strstr(rr.err, "not exported"));
        run_result_free(&rr);
        reqs = receiver_requests(&r);
        assert_true(json_object_array_length(reqs) >= 3);
        assert_int_equal(json_object_get_int(get(json_object_array_get_idx(reqs, 0), "status")),
                         503);
        assert_int_equal(json_object_get_int(get(json_object_array_get_idx(reqs, 1), "status")),
                         503);
        assert_int_equal(json_object_get_int(get(json_object_array_get_idx(reqs, 2), "status")),
                         200);
        /* the retried request is the refused one, byte for byte */
        assert_int_equal(json_object_get_int(get(json_object_array_get_idx(reqs, 0), "bytes")),
                         json_object_get_int(get(json_object_array_get_idx(reqs, 2), "bytes")));
        spans = accepted_spans(reqs, NULL);
        session_span(spans);
        assert_true(json_object_array_length(spans) >= 2);
        json_object_put(spans);
        json_object_put(reqs);
        receiver_stop(&r);
}

/* A collector that is down, slow or speaks garbage: the program runs and
 * exits as it would untraced, renacerctl says what it could not export. */
static void check_bad_collector(const char *url, const char *mode)
{
        struct receiver r = {0};
        struct run_result rr;
        char cmdline[600];
        const char *envs[] = {"OTEL_EXPORTER_OTLP_TIMEOUT", "1500", NULL};

        if (mode) {
                receiver_start(&r, mode);
                url = r.url;
        }
        snprintf(cmdline, sizeof(cmdline), "%s 3; echo program-output; exit 7",
                 harness_prog("fork-many", prog_buf, sizeof(prog_buf)));
        const char *cmd[] = {"/bin/sh", "-c", cmdline, NULL};
        run_exported(url, cmd, envs, &rr);
        assert_int_equal(rr.code, 7);
        assert_string_equal(rr.out, "program-output\n");
        assert_int_equal(count_lines_with(rr.err, "spans not exported to"), 1);
        run_result_free(&rr);
        if (mode)
                receiver_stop(&r);
}

static void test_collector_down(void **state)
{
        (void)state;
        /* port 9 on loopback: nothing listens (connection refused) */
        check_bad_collector("http://127.0.0.1:9", NULL);
}

static void test_collector_slow(void **state)
{
        (void)state;
        check_bad_collector(NULL, "slow");
}

static void test_collector_garbage(void **state)
{
        (void)state;
        check_bad_collector(NULL, "garbage");
}

/* Bad settings are refused before anything runs: one line, exit 2. */
static void test_bad_settings(void **state)
{
        static const char *const cases[][3] = {
            {"--otlp=ftp://collector:4318", NULL, NULL},
            {"--otlp=http://", NULL, NULL},
            {NULL, "OTEL_EXPORTER_OTLP_HEADERS", "novalue"},
            {NULL, "OTEL_EXPORTER_OTLP_HEADERS", "bad name=x"},
            {NULL, "OTEL_EXPORTER_OTLP_HEADERS", "k=%zz"},
            {NULL, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "collector:4318"},
            {NULL, "OTEL_EXPORTER_OTLP_TIMEOUT", "-5"},
        };
        char marker[] = "/tmp/renacer-otlp-marker-XXXXXX";
        int fd = mkstemp(marker);

        (void)state;
        assert_true(fd >= 0);
        close(fd);
        unlink(marker);
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char touch[128];
                struct run_result rr;
                snprintf(touch, sizeof(touch), "touch %s", marker);
                const char *argv[] = {ctl(), "run",     cases[i][0] ? cases[i][0] : "-c",
                                      "--",  "/bin/sh", "-c",
                                      touch, NULL};
                if (cases[i][1])
                        setenv(cases[i][1], cases[i][2], 1);
                if (cases[i][1] && strcmp(cases[i][1], "OTEL_EXPORTER_OTLP_HEADERS") == 0)
                        setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9", 1);
                if (cases[i][1] && strcmp(cases[i][1], "OTEL_EXPORTER_OTLP_TIMEOUT") == 0)
                        setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9", 1);
                assert_int_equal(run_capture(argv, &rr), 0);
                if (cases[i][1])
                        unsetenv(cases[i][1]);
                unsetenv("OTEL_EXPORTER_OTLP_ENDPOINT");
                if (rr.code != 2 || count_lines_with(rr.err, "renacerctl:") != 1)
                        fprintf(stderr, "case %zu: code %d, stderr:\n%s", i, rr.code, rr.err);
                assert_int_equal(rr.code, 2);
                assert_int_equal(count_substr(rr.err, "\n"), 1);
                /* nothing ran */
                assert_int_equal(access(marker, F_OK), -1);
                run_result_free(&rr);
        }
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

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
        FILE *f = ctx;

        return fwrite(p, size, n, f);
}

static char *http_get(const char *url)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        CURL *c = curl_easy_init();

        assert_non_null(c);
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
        assert_int_equal(curl_easy_perform(c), CURLE_OK);
        curl_easy_cleanup(c);
        fclose(f);
        return buf;
}

static double series_value(const char *text, const char *series)
{
        size_t n = strlen(series);

        for (const char *line = text; line && *line;) {
                if (!strncmp(line, series, n) && line[n] == ' ')
                        return strtod(line + n + 1, NULL);
                line = strchr(line, '\n');
                if (line)
                        line++;
        }
        return -1;
}

static char *slurp(const char *path)
{
        FILE *f = fopen(path, "re");
        char *buf = NULL;
        size_t len = 0;

        assert_non_null(f);
        assert_int_equal(getdelim(&buf, &len, '\0', f) >= 0 || feof(f), 1);
        fclose(f);
        return buf ? buf : strdup("");
}

static void copy_file(const char *from, const char *to)
{
        char cmd[512];

        snprintf(cmd, sizeof(cmd), "cp '%s' '%s' && chmod 755 '%s'", from, to, to);
        assert_int_equal(system(cmd), 0);
}

static void run_shell(const char *sh, const char *script, const char *traceparent)
{
        struct run_result rr;
        const char *argv[] = {sh, "-c", script, NULL};

        if (traceparent)
                setenv("TRACEPARENT", traceparent, 1);
        assert_int_equal(run_capture(argv, &rr), 0);
        unsetenv("TRACEPARENT");
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);
}

/* what test_daemon_policy_sessions started, stopped even when it fails */
static struct test_daemon *dpol_daemon;
static struct receiver *dpol_receiver;

static int stop_policy_daemon(void **state)
{
        (void)state;
        if (dpol_daemon && dpol_daemon->pid > 0)
                daemon_stop(dpol_daemon);
        if (dpol_receiver && dpol_receiver->pid > 0)
                receiver_stop(dpol_receiver);
        dpol_daemon = NULL;
        dpol_receiver = NULL;
        setenv("RENACER_SOCKET", daemon_.sock, 1);
        return 0;
}

/* renacerd exports daemon-wide policy sessions: while the collector is
 * down it logs one line for the outage, however many batches fail, and
 * counts the drops; once the collector is up it logs the recovery, and a
 * session's trace hangs under the process's own TRACEPARENT with its
 * processes nested and the policy verdict as an event. */
static void test_daemon_policy_sessions(void **state)
{
        char dir[] = "/tmp/renacer-otlpd-XXXXXX", pdir[128], cfg[128], sh[128], pol[160];
        char script[256], metrics_url[64], mport[32];
        /* static: the teardown reaches them after a failed assertion */
        static struct test_daemon d;
        static struct receiver r;

        memset(&d, 0, sizeof(d));
        memset(&r, 0, sizeof(r));
        dpol_daemon = &d;
        dpol_receiver = &r;
        unsigned port = free_port(), metrics_port = free_port();
        static const char tp[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        (void)state;
        assert_non_null(mkdtemp(dir));
        snprintf(pdir, sizeof(pdir), "%s/policies", dir);
        assert_int_equal(mkdir(pdir, 0755), 0);
        /* a private copy of sh: the policy must match nobody else's shells */
        snprintf(sh, sizeof(sh), "%s/otlp-sh", dir);
        copy_file("/bin/sh", sh);
        snprintf(pol, sizeof(pol), "%s/shells.yaml", pdir);
        FILE *f = fopen(pol, "w");
        fprintf(f,
                "version: 1\nmatch:\n  exe: \"%s\"\nassertions:\n"
                "  - name: tiny\n    type: span_count\n    max_spans: 3\n",
                sh);
        fclose(f);
        snprintf(cfg, sizeof(cfg), "%s/renacerd.yaml", dir);
        f = fopen(cfg, "w");
        fprintf(f,
                "policy_dir: %s\notlp:\n  endpoint: http://127.0.0.1:%u\n"
                "  service_name: build-host\n  timeout_ms: 3000\n  schedule_delay_ms: 50\n"
                "  resource_attributes:\n    deployment.environment: ci\n",
                pdir, port);
        fclose(f);
        snprintf(mport, sizeof(mport), "127.0.0.1:%u", metrics_port);
        const char *const extra[] = {"--config", cfg, "--metrics-listen", mport, NULL};
        assert_int_equal(daemon_start(&d, extra), 0);

        /* the collector is down: three sessions, one outage line */
        /* alive long enough to be adopted however loaded the machine is */
        snprintf(script, sizeof(script), "/bin/sleep 1; /bin/true");
        /* renacerd adopts a process from its exec record; one it misses
         * is simply not a session: run until three were */
        char *log = NULL;
        size_t adopted = 0;
        for (int i = 0; i < 12 && adopted < 3; i++) {
                run_shell(sh, script, NULL);
                /* adoption can lag the exec on a loaded machine */
                for (int k = 0; k < 20; k++) {
                        free(log);
                        log = slurp(d.log);
                        if (count_lines_with(log, "matches policy") > adopted)
                                break;
                        nanosleep(&(struct timespec){0, 100000000}, NULL);
                }
                adopted = count_lines_with(log, "matches policy");
        }
        assert_true(adopted >= 3);
        for (int i = 0; i < 100; i++) {
                free(log);
                log = slurp(d.log);
                if (count_lines_with(log, "failing") >= 1 &&
                    count_lines_with(log, "policy violation") >= adopted)
                        break;
                nanosleep(&(struct timespec){0, 100000000}, NULL);
        }
        sleep(2); /* more failed batches would have been logged by now */
        free(log);
        log = slurp(d.log);
        adopted = count_lines_with(log, "matches policy");
        assert_int_equal(count_lines_with(log, "OTLP export to http://127.0.0.1:"), 1);
        assert_int_equal(count_lines_with(log, "failing"), 1);
        free(log);
        /* what could not wait was dropped and counted */
        snprintf(metrics_url, sizeof(metrics_url), "http://127.0.0.1:%u/metrics", metrics_port);
        char *m = http_get(metrics_url);
        assert_true(series_value(m, "renacer_otlp_spans_dropped_total{reason=\"export_failed\"}") >
                    0);
        assert_true(series_value(m, "renacer_otlp_requests_failed_total") > 0);
        assert_true(series_value(m, "renacer_otlp_spans_sent_total") == 0);
        free(m);

        /* up again: the next session is delivered, and the recovery logged */
        receiver_start_on(&r, "ok", port);
        struct json_object *reqs = NULL, *spans = NULL, *root = NULL;
        for (int i = 0; i < 150; i++) {
                if (i % 30 == 0) { /* not adopted (yet, or at all): run it again */
                        char *l = slurp(d.log);
                        bool again = count_lines_with(l, "matches policy") == adopted;
                        free(l);
                        if (again)
                                run_shell(sh, script, tp);
                }
                json_object_put(spans);
                json_object_put(reqs);
                reqs = receiver_requests(&r);
                spans = accepted_spans(reqs, NULL);
                root = NULL;
                for (size_t k = 0; k < json_object_array_length(spans); k++) {
                        struct json_object *s = json_object_array_get_idx(spans, k);
                        /* sessions of the outage may arrive too: ours has the parent */
                        if (!strncmp(json_object_get_string(get(s, "name")), "renacerd policy ",
                                     16) &&
                            !strcmp(json_object_get_string(get(s, "traceId")),
                                    "4bf92f3577b34da6a3ce929d0e0e4736"))
                                root = s;
                }
                if (root)
                        break;
                nanosleep(&(struct timespec){0, 100000000}, NULL);
        }
        assert_non_null(root);
        assert_string_equal(json_object_get_string(get(root, "name")),
                            "renacerd policy shells: otlp-sh");
        assert_string_equal(json_object_get_string(get(root, "traceId")),
                            "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_string_equal(json_object_get_string(get(root, "parentSpanId")), "00f067aa0ba902b7");
        /* the verdict is an event, the policy named by name */
        struct json_object *ev = get(root, "events");
        assert_non_null(ev);
        assert_string_equal(json_object_get_string(get(json_object_array_get_idx(ev, 0), "name")),
                            "policy.verdict");
        assert_string_equal(json_object_get_string(
                                get(attr_value(get(json_object_array_get_idx(ev, 0), "attributes"),
                                               "renacer.policy.name"),
                                    "stringValue")),
                            "shells");
        assert_true(decimal_string(get(json_object_array_get_idx(ev, 0), "timeUnixNano")));
        /* sh under the session, sleep and true under the span of the shell
         * that forked them (one session: a batch may arrive twice) */
        struct json_object *shell = NULL;
        for (size_t k = 0; k < json_object_array_length(spans) && !shell; k++) {
                struct json_object *s = json_object_array_get_idx(spans, k);
                if (is_process_span(s) && !strcmp(json_object_get_string(get(s, "parentSpanId")),
                                                  json_object_get_string(get(root, "spanId"))))
                        shell = s;
        }
        assert_non_null(shell);
        assert_string_equal(span_str(shell, "process.executable.path"), sh);
        char kids[2][17] = {"", ""};
        int nkids = 0;
        for (size_t k = 0; k < json_object_array_length(spans); k++) {
                struct json_object *s = json_object_array_get_idx(spans, k);
                const char *id = json_object_get_string(get(s, "spanId"));
                if (!is_process_span(s) ||
                    strcmp(json_object_get_string(get(s, "parentSpanId")),
                           json_object_get_string(get(shell, "spanId"))) ||
                    (nkids && !strcmp(kids[0], id)) || (nkids > 1 && !strcmp(kids[1], id)))
                        continue;
                assert_true(nkids < 2);
                snprintf(kids[nkids++], sizeof(kids[0]), "%s", id);
                assert_int_equal(span_int(s, "process.parent_pid"), span_int(shell, "process.pid"));
        }
        assert_int_equal(nkids, 2);
        json_object_put(spans);
        json_object_put(reqs);
        for (int i = 0; i < 50; i++) {
                log = slurp(d.log);
                bool done = count_lines_with(log, "recovered") == 1;
                free(log);
                if (done)
                        break;
                nanosleep(&(struct timespec){0, 100000000}, NULL);
        }
        log = slurp(d.log);
        assert_int_equal(count_lines_with(log, "recovered"), 1);
        assert_int_equal(count_lines_with(log, "failing"), 1);
        free(log);
        /* renacerctl status tells the same */
        struct run_result st;
        const char *status[] = {ctl(), "status", "--socket", d.sock, NULL};
        char want[96];
        assert_int_equal(run_capture(status, &st), 0);
        assert_int_equal(st.code, 0);
        snprintf(want, sizeof(want), "otlp:      http://127.0.0.1:%u/v1/traces: ", port);
        assert_non_null(strstr(st.out, want));
        assert_null(strstr(st.out, ": 0 spans sent"));
        run_result_free(&st);
        dpol_daemon = NULL;
        dpol_receiver = NULL;
        assert_int_equal(daemon_stop(&d), 0);
        receiver_stop(&r);
        unlink(pol);
        unlink(sh);
        unlink(cfg);
        rmdir(pdir);
        rmdir(dir);
}

static int setup(void **state)
{
        (void)state;
        harness_require_root_btf();
        unsetenv("TRACEPARENT");
        return daemon_start(&daemon_, NULL) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        (void)state;
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_encoding_and_nesting),
            cmocka_unit_test(test_traceparent_and_environment),
            cmocka_unit_test(test_slow_calls),
            cmocka_unit_test(test_policy_verdict_events),
            cmocka_unit_test(test_in_process),
            cmocka_unit_test(test_retry_after_503),
            cmocka_unit_test(test_collector_down),
            cmocka_unit_test(test_collector_slow),
            cmocka_unit_test(test_collector_garbage),
            cmocka_unit_test(test_bad_settings),
            cmocka_unit_test_teardown(test_daemon_policy_sessions, stop_policy_daemon),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
