// SPDX-License-Identifier: MIT
/* The span tree of engine/otlp/otlp-trace.c from synthetic ring records,
 * the request envelope, and the exporter's bounded queue. */
#include <errno.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "otlp-export.h"
#include "otlp-trace.h"
#include "policy.h"
#include "renacer-event.h"
#include "summary.h"

#define MS 1000000ULL

struct sink {
        char *spans[256];
        size_t n;
};

static void capture(void *ctx, char *span)
{
        struct sink *s = ctx;

        assert_true(s->n < 256);
        s->spans[s->n++] = span;
}

static void sink_free(struct sink *s)
{
        for (size_t i = 0; i < s->n; i++)
                free(s->spans[i]);
        s->n = 0;
}

static struct json_object *span_json(struct sink *s, size_t i)
{
        struct json_object *o = json_tokener_parse(s->spans[i]);

        assert_non_null(o);
        return o;
}

static struct json_object *get(struct json_object *o, const char *k)
{
        struct json_object *v = NULL;

        return o && json_object_object_get_ex(o, k, &v) ? v : NULL;
}

static const char *str(struct json_object *o, const char *k)
{
        return get(o, k) ? json_object_get_string(get(o, k)) : NULL;
}

static struct json_object *attr(struct json_object *span, const char *key)
{
        struct json_object *a = get(span, "attributes");

        for (size_t i = 0; a && i < json_object_array_length(a); i++)
                if (!strcmp(str(json_object_array_get_idx(a, i), "key"), key))
                        return get(json_object_array_get_idx(a, i), "value");
        return NULL;
}

static long long attr_int(struct json_object *span, const char *key)
{
        struct json_object *v = get(attr(span, key), "intValue");

        if (!v)
                return -999;
        assert_true(json_object_is_type(v, json_type_string));
        return strtoll(json_object_get_string(v), NULL, 10);
}

static unsigned long long time_of(struct json_object *span, const char *key)
{
        assert_true(json_object_is_type(get(span, key), json_type_string));
        return strtoull(str(span, key), NULL, 10);
}

/* ---- records ---- */

static void proc_rec(struct otlp_trace *t, int kind, uint32_t tgid, uint32_t ppid, uint64_t ts,
                     int status)
{
        struct renacer_exec_event e;

        memset(&e, 0, sizeof(e));
        e.p.hdr.version = RENACER_EVENT_VERSION;
        e.p.hdr.kind = (uint8_t)kind;
        e.p.hdr.size = kind == RENACER_EV_EXEC ? sizeof(e) : sizeof(e.p);
        e.p.hdr.ts_ns = ts;
        e.p.hdr.tgid = e.p.hdr.tid = tgid;
        e.p.ppid = ppid;
        e.p.exit_code = status;
        otlp_trace_record(t, &e, e.p.hdr.size);
}

static void exec_rec(struct otlp_trace *t, uint32_t tgid, uint64_t ts, const char *path,
                     const char *comm)
{
        struct renacer_exec_event e;

        memset(&e, 0, sizeof(e));
        e.p.hdr.version = RENACER_EVENT_VERSION;
        e.p.hdr.kind = RENACER_EV_EXEC;
        e.p.hdr.size = sizeof(e);
        e.p.hdr.ts_ns = ts;
        e.p.hdr.tgid = e.p.hdr.tid = tgid;
        strncpy(e.p.comm, comm, sizeof(e.p.comm) - 1);
        e.p.path_len = (uint16_t)strlen(path);
        memcpy(e.path, path, strlen(path));
        otlp_trace_record(t, &e, sizeof(e));
}

static void sys_rec(struct otlp_trace *t, uint32_t tgid, uint32_t tid, int nr, uint64_t ts,
                    uint64_t dur, int64_t ret)
{
        struct renacer_syscall_event ev;

        memset(&ev, 0, sizeof(ev));
        ev.hdr.version = RENACER_EVENT_VERSION;
        ev.hdr.kind = RENACER_EV_SYSCALL;
        ev.hdr.size = sizeof(ev);
        ev.hdr.ts_ns = ts;
        ev.hdr.tgid = tgid;
        ev.hdr.tid = tid;
        ev.nr = nr;
        ev.ret = ret;
        ev.duration_ns = dur;
        otlp_trace_record(t, &ev, sizeof(ev));
}

/* execve with argv strings as segments of argument 1 */
static void execve_rec(struct otlp_trace *t, uint32_t tgid, uint64_t ts, const char *const *argv)
{
        _Alignas(8) uint8_t buf[sizeof(struct renacer_syscall_event) + 512];
        struct renacer_syscall_event *ev = (void *)buf;
        size_t off = 0;

        memset(buf, 0, sizeof(buf));
        for (; *argv; argv++) {
                struct renacer_seg sg = {
                    .arg = 1, .type = RENACER_SEG_STR, .len = (uint16_t)strlen(*argv)};
                memcpy(buf + sizeof(*ev) + off, &sg, sizeof(sg));
                memcpy(buf + sizeof(*ev) + off + sizeof(sg), *argv, sg.len);
                off += sizeof(sg) + ((sg.len + 7u) & ~7u);
                ev->nseg++;
        }
        ev->hdr.version = RENACER_EVENT_VERSION;
        ev->hdr.kind = RENACER_EV_SYSCALL;
        ev->hdr.size = (uint16_t)(sizeof(*ev) + off);
        ev->hdr.ts_ns = ts;
        ev->hdr.tgid = ev->hdr.tid = tgid;
        ev->nr = SYS_execve;
        ev->payload_len = (uint16_t)off;
        ev->duration_ns = 100000;
        otlp_trace_record(t, buf, ev->hdr.size);
}

static struct otlp_trace *new_trace(struct sink *s, const struct otlp_parent *parent)
{
        char *cmd[] = {"/usr/bin/make", "-j4", NULL};
        struct otlp_trace_params p = {
            .slow_call_ns = MS,
            .parent = parent,
            .root = 100,
            .root_ppid = 99,
            .start_ns = 1000 * MS,
            .name = "renacerctl run make",
            .command = cmd,
            .session_id = 7,
            .emit = capture,
            .emit_ctx = s,
        };
        struct otlp_trace *t;

        assert_int_equal(otlp_trace_new(&p, &t), 0);
        return t;
}

static struct json_object *find(struct sink *s, const char *name, struct json_object **all)
{
        for (size_t i = 0; i < s->n; i++) {
                struct json_object *o = all[i];
                if (!strcmp(str(o, "name"), name))
                        return o;
        }
        return NULL;
}

/* A make that forks a cc that forks an as: each process span hangs under
 * its forker's, times are the records' plus the clock offset, fast calls
 * are counted, slow ones are spans. */
static void test_tree(void **state)
{
        struct sink s = {0};
        struct otlp_trace *t = new_trace(&s, NULL);
        struct json_object *all[256];
        int64_t off = otlp_clock_offset_ns();
        const char *argv[] = {"cc", "-c", "x.c", NULL};

        (void)state;
        exec_rec(t, 100, 1001 * MS, "/usr/bin/make", "make");
        sys_rec(t, 100, 100, SYS_read, 1002 * MS, 1000, 10);
        sys_rec(t, 100, 100, SYS_read, 1003 * MS, 3000, -2 /* ENOENT */);
        proc_rec(t, RENACER_EV_FORK, 101, 100, 1004 * MS, 0);
        exec_rec(t, 101, 1005 * MS, "/usr/bin/cc", "cc");
        execve_rec(t, 101, 1005 * MS, argv);
        proc_rec(t, RENACER_EV_FORK, 102, 101, 1006 * MS, 0);
        exec_rec(t, 102, 1007 * MS, "/usr/bin/as", "as");
        /* a 5 ms wait4 in cc: a span of its own */
        sys_rec(t, 101, 101, SYS_wait4, 1007 * MS, 5 * MS, 102);
        proc_rec(t, RENACER_EV_EXIT, 102, 0, 1011 * MS, 0);
        proc_rec(t, RENACER_EV_EXIT, 101, 0, 1013 * MS, 1 << 8);
        proc_rec(t, RENACER_EV_EXIT, 100, 0, 1020 * MS, 0);
        assert_int_equal(s.n, 4); /* as, wait4, cc, make */
        struct summary sum;
        summary_init(&sum);
        otlp_trace_finish(t, 0, &sum, 0);
        summary_free(&sum);
        otlp_trace_free(t);
        assert_int_equal(s.n, 5);
        for (size_t i = 0; i < s.n; i++)
                all[i] = span_json(&s, i);

        struct json_object *root = find(&s, "renacerctl run make", all);
        struct json_object *make = find(&s, "make", all), *cc = find(&s, "cc", all);
        struct json_object *as = find(&s, "as", all), *w = find(&s, "wait4", all);
        assert_non_null(root);
        assert_non_null(make);
        assert_non_null(cc);
        assert_non_null(as);
        assert_non_null(w);
        assert_null(get(root, "parentSpanId"));
        assert_string_equal(str(make, "parentSpanId"), str(root, "spanId"));
        assert_string_equal(str(cc, "parentSpanId"), str(make, "spanId"));
        assert_string_equal(str(as, "parentSpanId"), str(cc, "spanId"));
        assert_string_equal(str(w, "parentSpanId"), str(cc, "spanId"));
        for (size_t i = 0; i < s.n; i++) {
                assert_string_equal(str(all[i], "traceId"), str(root, "traceId"));
                assert_int_equal(strlen(str(all[i], "traceId")), 32);
                assert_int_equal(strlen(str(all[i], "spanId")), 16);
                assert_int_equal(json_object_get_int(get(all[i], "kind")), 1);
        }
        /* times: CLOCK_MONOTONIC + offset, in ns, as strings */
        assert_true(time_of(root, "startTimeUnixNano") == (unsigned long long)(1000 * MS + off));
        assert_true(time_of(root, "endTimeUnixNano") == (unsigned long long)(1020 * MS + off));
        assert_true(time_of(make, "startTimeUnixNano") == (unsigned long long)(1001 * MS + off));
        assert_true(time_of(cc, "startTimeUnixNano") == (unsigned long long)(1004 * MS + off));
        assert_true(time_of(cc, "endTimeUnixNano") == (unsigned long long)(1013 * MS + off));
        assert_true(time_of(w, "startTimeUnixNano") == (unsigned long long)(1007 * MS + off));
        assert_true(time_of(w, "endTimeUnixNano") == (unsigned long long)(1012 * MS + off));
        /* attributes */
        assert_int_equal(attr_int(make, "process.pid"), 100);
        assert_int_equal(attr_int(make, "process.parent_pid"), 99);
        assert_int_equal(attr_int(cc, "process.parent_pid"), 100);
        assert_int_equal(attr_int(as, "process.parent_pid"), 101);
        assert_string_equal(str(attr(cc, "process.executable.path"), "stringValue"), "/usr/bin/cc");
        struct json_object *args =
            get(get(attr(cc, "process.command_args"), "arrayValue"), "values");
        assert_int_equal(json_object_array_length(args), 3);
        assert_string_equal(str(json_object_array_get_idx(args, 2), "stringValue"), "x.c");
        args = get(get(attr(make, "process.command_args"), "arrayValue"), "values");
        assert_string_equal(str(json_object_array_get_idx(args, 1), "stringValue"), "-j4");
        assert_int_equal(attr_int(make, "renacer.syscalls.read.count"), 2);
        assert_int_equal(attr_int(make, "renacer.syscalls.read.errors"), 1);
        assert_int_equal(attr_int(make, "renacer.syscalls.read.duration_ns"), 4000);
        assert_int_equal(attr_int(cc, "renacer.syscalls.wait4.count"), -999); /* a span */
        assert_int_equal(attr_int(cc, "renacer.syscalls.slow.count"), 1);
        assert_int_equal(attr_int(w, "renacer.syscall.return"), 102);
        assert_int_equal(attr_int(w, "thread.id"), 101);
        /* cc exited 1: process.exit.code and an ERROR status */
        assert_int_equal(attr_int(cc, "process.exit.code"), 1);
        assert_int_equal(json_object_get_int(get(get(cc, "status"), "code")), 2);
        assert_null(get(make, "status"));
        assert_int_equal(attr_int(root, "renacer.session.id"), 7);
        for (size_t i = 0; i < s.n; i++)
                json_object_put(all[i]);
        sink_free(&s);
}

static void test_parent_signal_and_leftovers(void **state)
{
        struct otlp_parent parent = {.flags = 1};
        struct sink s = {0};
        struct otlp_trace *t;
        struct json_object *all[256];
        char hex[33];

        (void)state;
        /* an execve of the root slower than the threshold began before its
         * exec record: the root's span starts with it */
        {
                struct sink s2 = {0};
                struct otlp_trace *t2 = new_trace(&s2, NULL);
                exec_rec(t2, 100, 1010 * MS, "/bin/x", "x");
                sys_rec(t2, 100, 100, SYS_execve, 1008 * MS, 3 * MS, 0);
                proc_rec(t2, RENACER_EV_EXIT, 100, 0, 1020 * MS, 0);
                assert_int_equal(s2.n, 2);
                struct json_object *call = span_json(&s2, 0), *proc = span_json(&s2, 1);
                assert_string_equal(str(call, "name"), "execve");
                assert_true(time_of(proc, "startTimeUnixNano") ==
                            time_of(call, "startTimeUnixNano"));
                json_object_put(call);
                json_object_put(proc);
                otlp_trace_free(t2);
                sink_free(&s2);
        }
        memset(parent.trace_id, 0xab, 16);
        memset(parent.span_id, 0xcd, 8);
        t = new_trace(&s, &parent);
        otlp_trace_id_hex(t, hex);
        assert_string_equal(hex, "abababababababababababababababab");
        proc_rec(t, RENACER_EV_FORK, 200, 100, 1500 * MS, 0);
        /* a record for a process we never saw fork: under the session */
        sys_rec(t, 300, 300, SYS_getpid, 1600 * MS, 10, 300);
        /* the root killed; the others never report an exit */
        proc_rec(t, RENACER_EV_EXIT, 100, 0, 2000 * MS, SIGKILL);
        otlp_trace_finish(t, 2500 * MS, NULL, SIGKILL);
        otlp_trace_free(t);
        assert_int_equal(s.n, 4);
        for (size_t i = 0; i < s.n; i++)
                all[i] = span_json(&s, i);
        struct json_object *root = find(&s, "renacerctl run make", all);
        assert_string_equal(str(root, "parentSpanId"), "cdcdcdcdcdcdcdcd");
        assert_string_equal(str(root, "traceId"), hex);
        for (size_t i = 0; i < s.n; i++) {
                if (all[i] == root)
                        continue;
                if (attr_int(all[i], "process.pid") == 100) {
                        assert_int_equal(attr_int(all[i], "process.exit.code"), 128 + SIGKILL);
                        assert_string_equal(str(attr(all[i], "renacer.exit.signal"), "stringValue"),
                                            "SIGKILL");
                } else if (attr_int(all[i], "process.pid") == 300) {
                        assert_string_equal(str(all[i], "parentSpanId"), str(root, "spanId"));
                        /* ended with the session */
                        assert_true(time_of(all[i], "endTimeUnixNano") ==
                                    (unsigned long long)(2500 * MS + otlp_clock_offset_ns()));
                }
        }
        for (size_t i = 0; i < s.n; i++)
                json_object_put(all[i]);
        sink_free(&s);
}

/* Strings from the traced program become valid UTF-8; malformed records
 * are ignored. */
static void test_hostile_records(void **state)
{
        struct sink s = {0};
        struct otlp_trace *t = new_trace(&s, NULL);
        struct renacer_syscall_event ev;

        (void)state;
        exec_rec(t, 100, 1001 * MS, "/tmp/\xff\xfe\xc0\x80x\xe2\x82", "bad\xff");
        memset(&ev, 0, sizeof(ev));
        ev.hdr.version = RENACER_EVENT_VERSION;
        ev.hdr.kind = RENACER_EV_SYSCALL;
        ev.hdr.size = sizeof(ev) + 64; /* claims more than there is */
        ev.hdr.tgid = 100;
        otlp_trace_record(t, &ev, sizeof(ev));
        ev.hdr.size = 8; /* shorter than a header */
        otlp_trace_record(t, &ev, sizeof(ev));
        ev.hdr.size = sizeof(ev);
        ev.nr = 100000; /* no such syscall */
        otlp_trace_record(t, &ev, sizeof(ev));
        ev.nr = -5;
        otlp_trace_record(t, &ev, sizeof(ev));
        otlp_trace_record(t, &ev, 3);
        otlp_trace_record(NULL, &ev, sizeof(ev));
        otlp_trace_finish(t, 0, NULL, -1);
        otlp_trace_free(t);
        assert_int_equal(s.n, 2);
        for (size_t i = 0; i < s.n; i++) {
                struct json_object *o = span_json(&s, i);
                const char *path = str(attr(o, "process.executable.path"), "stringValue");
                if (path)
                        assert_string_equal(path, "/tmp/\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef"
                                                  "\xbf\xbdx\xef\xbf\xbd\xef\xbf\xbd");
                json_object_put(o);
        }
        sink_free(&s);
}

static void test_verdict_events(void **state)
{
        struct sink s = {0};
        struct otlp_trace *t = new_trace(&s, NULL);
        struct policy_verdict v[2];
        struct policy_verdicts vs = {.v = v, .n = 2};

        (void)state;
        memset(v, 0, sizeof(v));
        v[0].name = "startup";
        v[0].type = POLICY_CRITICAL_PATH;
        v[0].status = POLICY_FAIL;
        v[0].violated = true;
        v[0].actual = 125000000;
        v[0].budget = 100000000;
        v[0].has_budget = true;
        v[0].budget_ms = 100;
        v[1].name = "pcie";
        v[1].type = POLICY_ANTI_PATTERN;
        v[1].pattern = POLICY_PATTERN_PCIE_BOTTLENECK;
        v[1].status = POLICY_WARN;
        v[1].violated = true;
        v[1].actual = 900000;
        v[1].budget = 700000;
        v[1].has_budget = true;
        v[1].pcie.confidence_ppm = 900000;
        v[1].pcie.calls = 42;
        assert_int_equal(otlp_trace_add_verdicts(t, "build", &vs, 1500 * MS), 0);
        otlp_trace_finish(t, 2000 * MS, NULL, 0);
        otlp_trace_free(t);
        struct json_object *root = span_json(&s, s.n - 1), *ev = get(root, "events");
        assert_int_equal(json_object_array_length(ev), 3);
        struct json_object *e0 = json_object_array_get_idx(ev, 0);
        assert_string_equal(str(e0, "name"), "policy.verdict");
        assert_string_equal(str(attr(e0, "renacer.policy.name"), "stringValue"), "build");
        assert_string_equal(str(attr(e0, "renacer.policy.status"), "stringValue"), "FAIL");
        assert_int_equal(attr_int(e0, "renacer.policy.actual"), 125000000);
        assert_true(time_of(e0, "timeUnixNano") ==
                    (unsigned long long)(1500 * MS + otlp_clock_offset_ns()));
        struct json_object *e2 = json_object_array_get_idx(ev, 2);
        assert_string_equal(str(e2, "name"), "pcie.warning");
        assert_int_equal(attr_int(e2, "renacer.pcie.calls"), 42);
        assert_true(
            json_object_get_double(get(attr(e2, "renacer.pcie.confidence"), "doubleValue")) > 0.89);
        json_object_put(root);
        sink_free(&s);
}

static void test_request_body(void **state)
{
        struct otlp_config c;
        char *spans[] = {"{\"name\":\"a\"}", "{\"name\":\"b\"}"}, *body, err[128];
        size_t len;

        (void)state;
        otlp_config_init(&c);
        assert_int_equal(
            otlp_config_add_resource(&c, "deployment.environment=ci", err, sizeof(err)), 0);
        assert_int_equal(otlp_request_body(&c, spans, 2, &body, &len), 0);
        assert_int_equal(strlen(body), len);
        struct json_object *o = json_tokener_parse(body);
        assert_non_null(o);
        struct json_object *rs = json_object_array_get_idx(get(o, "resourceSpans"), 0);
        struct json_object *ss = json_object_array_get_idx(get(rs, "scopeSpans"), 0);
        assert_string_equal(str(get(ss, "scope"), "name"), "renacer");
        assert_int_equal(json_object_array_length(get(ss, "spans")), 2);
        assert_string_equal(str(attr(get(rs, "resource"), "service.name"), "stringValue"),
                            "renacer");
        assert_string_equal(str(attr(get(rs, "resource"), "deployment.environment"), "stringValue"),
                            "ci");
        json_object_put(o);
        free(body);
        otlp_config_free(&c);
}

/* A bounded queue: past max_queue spans are dropped and counted, never
 * waited for; what is still queued at the end is counted too. */
static void test_exporter_queue_bound(void **state)
{
        struct otlp_config c;
        struct otlp_exporter *e;
        struct otlp_stats st;
        char err[128], why[256];
        bool down;

        (void)state;
        otlp_config_init(&c);
        /* nothing listens on port 9; the batch waits for a minute or a flush */
        assert_int_equal(otlp_config_set_endpoint(&c, "http://127.0.0.1:9", err, sizeof(err)), 0);
        c.max_queue = 4;
        c.max_batch = 100;
        c.delay_ms = 60000;
        c.timeout_ms = 300;
        assert_int_equal(otlp_exporter_new(&c, &e), 0);
        assert_string_equal(otlp_exporter_endpoint(e), "http://127.0.0.1:9/v1/traces");
        for (int i = 0; i < 4; i++)
                assert_int_equal(otlp_exporter_enqueue(e, strdup("{}")), 0);
        assert_int_equal(otlp_exporter_enqueue(e, strdup("{}")), -ENOBUFS);
        assert_int_equal(otlp_exporter_enqueue(e, strdup("{}")), -ENOBUFS);
        otlp_exporter_stats(e, &st);
        assert_int_equal(st.dropped_queue_full, 2);
        assert_int_equal(st.queued, 4);
        assert_int_equal(otlp_exporter_poll_outage(e, &down, why, sizeof(why)), 0);
        /* a flush tries, within the timeout, and gives up: export_failed */
        otlp_exporter_flush(e, 5000);
        otlp_exporter_stats(e, &st);
        assert_int_equal(st.dropped_failed, 4);
        assert_int_equal(st.spans_sent, 0);
        assert_true(st.requests_failed >= 1);
        assert_int_equal(st.outages, 1);
        /* one outage, told once */
        assert_int_equal(otlp_exporter_poll_outage(e, &down, why, sizeof(why)), 1);
        assert_true(down);
        assert_non_null(strstr(why, "onnect"));
        assert_int_equal(otlp_exporter_poll_outage(e, &down, why, sizeof(why)), 0);
        assert_int_equal(otlp_exporter_enqueue(e, strdup("{}")), 0);
        otlp_exporter_free(e);
        otlp_config_free(&c);
        assert_int_equal(otlp_exporter_enqueue(NULL, strdup("{}")), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_tree),
            cmocka_unit_test(test_parent_signal_and_leftovers),
            cmocka_unit_test(test_hostile_records),
            cmocka_unit_test(test_verdict_events),
            cmocka_unit_test(test_request_body),
            cmocka_unit_test(test_exporter_queue_bound),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
