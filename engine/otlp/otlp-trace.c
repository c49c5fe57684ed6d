// SPDX-License-Identifier: MIT
#include "otlp-trace.h"

#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>

#include "policy.h"
#include "renacer-event.h"
#include "summary.h"
#include "syscall-names.h"
#include "util.h"

#define SPAN_KIND_INTERNAL 1 /* opentelemetry.proto.trace.v1.Span.SpanKind */
#define STATUS_UNSET       0
#define STATUS_ERROR       2

struct sc_row {
        uint64_t calls, errors, ns;
};

struct pspan {
        pid_t tgid, ppid;
        uint8_t id[8], parent[8];
        uint64_t start, end;
        char exe[RENACER_EXEC_PATH_MAX + 1];
        char comm[17];
        char *argv[RENACER_ARGV_MAX];
        size_t argc;
        bool argv_more;
        struct sc_row *rows; /* RENACER_SYSCALL_MAX, on the first call */
        uint64_t slow_calls;
};

struct otlp_trace {
        uint64_t slow_call_ns;
        uint8_t trace_id[16], root_id[8], parent_id[8];
        bool has_parent;
        pid_t root;
        uint64_t start;
        char *name;
        struct json_object *command; /* array of strings, or NULL */
        struct json_object *events;  /* of the session span */
        uint32_t session_id;
        otlp_emit_fn emit;
        void *emit_ctx;
        struct pspan **procs;
        size_t nprocs, cap, last;
        bool root_exec_seen;
        uint64_t last_ts; /* latest time a record showed */
        uint64_t spans, slow_spans;
};

int64_t otlp_clock_offset_ns(void)
{
        static int64_t offset;
        static bool measured;

        if (!measured) {
                /* the realtime read sits between two monotonic ones */
                uint64_t m0 = now_monotonic_ns(), r = now_realtime_ns(), m1 = now_monotonic_ns();
                offset = (int64_t)(r - (m0 + (m1 - m0) / 2));
                measured = true;
        }
        return offset;
}

void otlp_hex(const uint8_t *b, size_t n, char *out)
{
        static const char digits[] = "0123456789abcdef";

        for (size_t i = 0; i < n; i++) {
                out[2 * i] = digits[b[i] >> 4];
                out[2 * i + 1] = digits[b[i] & 15];
        }
        out[2 * n] = '\0';
}

void otlp_random_id(uint8_t *b, size_t n)
{
        bool zero = true;

        while (zero) {
                size_t got = 0;
                while (got < n) {
                        ssize_t r = getrandom(b + got, n - got, 0);
                        if (r <= 0) {
                                /* no entropy source: still unique enough per process */
                                uint64_t x = now_monotonic_ns() ^ ((uint64_t)getpid() << 32);
                                for (; got < n; got++, x = x * 6364136223846793005ULL + 1)
                                        b[got] = (uint8_t)(x >> 56);
                                break;
                        }
                        got += (size_t)r;
                }
                for (size_t i = 0; i < n; i++)
                        zero &= b[i] == 0;
        }
}

void otlp_trace_id_hex(const struct otlp_trace *t, char out[33])
{
        otlp_hex(t->trace_id, 16, out);
}

/* ---- encoding ---- */

/* A copy of s[0..n) that is valid UTF-8 (JSON and protobuf strings must
 * be): bytes of broken sequences become U+FFFD. */
static char *utf8_clean(const char *s, size_t n)
{
        char *out = malloc(n * 3 + 1), *o = out;

        if (!out)
                return NULL;
        for (size_t i = 0; i < n;) {
                unsigned char c = (unsigned char)s[i];
                size_t len = c < 0x80         ? 1
                             : (c >> 5) == 6  ? 2
                             : (c >> 4) == 14 ? 3
                             : (c >> 3) == 30 ? 4
                                              : 0;
                bool ok = len && i + len <= n && c != 0;
                for (size_t k = 1; ok && k < len; k++)
                        ok = ((unsigned char)s[i + k] >> 6) == 2;
                if (ok && len == 2 && c < 0xc2)
                        ok = false; /* overlong */
                if (ok && len == 3) {
                        unsigned cp = (c & 15u) << 12 | ((unsigned char)s[i + 1] & 63u) << 6 |
                                      ((unsigned char)s[i + 2] & 63u);
                        ok = cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff);
                }
                if (ok && len == 4) {
                        unsigned cp = (c & 7u) << 18 | ((unsigned char)s[i + 1] & 63u) << 12 |
                                      ((unsigned char)s[i + 2] & 63u) << 6 |
                                      ((unsigned char)s[i + 3] & 63u);
                        ok = cp >= 0x10000 && cp <= 0x10ffff;
                }
                if (!ok) {
                        memcpy(o, "\xef\xbf\xbd", 3);
                        o += 3;
                        i++;
                        continue;
                }
                memcpy(o, s + i, len);
                o += len;
                i += len;
        }
        *o = '\0';
        return out;
}

static struct json_object *jstr(const char *s, size_t n)
{
        char *c = utf8_clean(s, n);
        struct json_object *o = c ? json_object_new_string(c) : json_object_new_string("");

        free(c);
        return o;
}

/* OTLP/JSON: 64-bit integers are decimal strings */
static struct json_object *jint64(int64_t v)
{
        char buf[24];

        snprintf(buf, sizeof(buf), "%lld", (long long)v);
        return json_object_new_string(buf);
}

static struct json_object *jtime(uint64_t mono_ns)
{
        char buf[24];

        /* unsigned: a record's time is whatever the record says */
        snprintf(buf, sizeof(buf), "%llu",
                 (unsigned long long)(mono_ns + (uint64_t)otlp_clock_offset_ns()));
        return json_object_new_string(buf);
}

static void attr(struct json_object *attrs, const char *key, const char *type,
                 struct json_object *v)
{
        struct json_object *a = json_object_new_object(), *val = json_object_new_object();

        json_object_object_add(val, type, v);
        json_object_object_add(a, "key", json_object_new_string(key));
        json_object_object_add(a, "value", val);
        json_object_array_add(attrs, a);
}

static void attr_str(struct json_object *attrs, const char *key, const char *s)
{
        attr(attrs, key, "stringValue", jstr(s, strlen(s)));
}

static void attr_int(struct json_object *attrs, const char *key, int64_t v)
{
        attr(attrs, key, "intValue", jint64(v));
}

static void attr_double(struct json_object *attrs, const char *key, double v)
{
        attr(attrs, key, "doubleValue", json_object_new_double(v));
}

/* An array of strings: {"arrayValue": {"values": [{"stringValue": ...}]}} */
static struct json_object *jstr_array_value(char *const *v, size_t n)
{
        struct json_object *arr = json_object_new_array(), *av = json_object_new_object();

        for (size_t i = 0; i < n; i++) {
                struct json_object *e = json_object_new_object();
                json_object_object_add(e, "stringValue", jstr(v[i], strlen(v[i])));
                json_object_array_add(arr, e);
        }
        json_object_object_add(av, "values", arr);
        return av;
}

static void add_hex(struct json_object *o, const char *key, const uint8_t *b, size_t n)
{
        char hex[33];

        otlp_hex(b, n, hex);
        json_object_object_add(o, key, json_object_new_string(hex));
}

static struct json_object *span_new(const struct otlp_trace *t, const uint8_t id[8],
                                    const uint8_t *parent, const char *name, uint64_t start,
                                    uint64_t end)
{
        struct json_object *s = json_object_new_object();

        add_hex(s, "traceId", t->trace_id, 16);
        add_hex(s, "spanId", id, 8);
        if (parent)
                add_hex(s, "parentSpanId", parent, 8);
        json_object_object_add(s, "name", jstr(name, strlen(name)));
        json_object_object_add(s, "kind", json_object_new_int(SPAN_KIND_INTERNAL));
        json_object_object_add(s, "startTimeUnixNano", jtime(start));
        json_object_object_add(s, "endTimeUnixNano", jtime(end > start ? end : start));
        return s;
}

static void span_emit(struct otlp_trace *t, struct json_object *s)
{
        const char *text = json_object_to_json_string_ext(s, JSON_C_TO_STRING_PLAIN |
                                                                 JSON_C_TO_STRING_NOSLASHESCAPE);
        char *copy = text ? strdup(text) : NULL;

        json_object_put(s);
        if (copy) {
                t->spans++;
                t->emit(t->emit_ctx, copy);
        }
}

static void summary_attrs(struct json_object *attrs, const struct sc_row *rows)
{
        char key[96];
        uint64_t total = 0;

        for (int nr = 0; rows && nr < RENACER_SYSCALL_MAX; nr++) {
                const struct sc_row *r = &rows[nr];
                const char *name;
                if (!r->calls)
                        continue;
                name = syscall_name(nr);
                total += r->calls;
                snprintf(key, sizeof(key), "renacer.syscalls.%s.count", name);
                attr_int(attrs, key, (int64_t)r->calls);
                snprintf(key, sizeof(key), "renacer.syscalls.%s.duration_ns", name);
                attr_int(attrs, key, (int64_t)r->ns);
                if (r->errors) {
                        snprintf(key, sizeof(key), "renacer.syscalls.%s.errors", name);
                        attr_int(attrs, key, (int64_t)r->errors);
                }
        }
        attr_int(attrs, "renacer.syscalls.count", (int64_t)total);
}

/* exit code as a shell reports it: status, or 128 + signal */
static void exit_attrs(struct json_object *s, struct json_object *attrs, int st)
{
        struct json_object *status;
        char msg[64];
        int code;

        if (st < 0)
                return;
        if (WIFSIGNALED(st)) {
                const char *sig = sigabbrev_np(WTERMSIG(st));
                char name[24];
                code = 128 + WTERMSIG(st);
                snprintf(name, sizeof(name), "SIG%s", sig ? sig : "?");
                attr_str(attrs, "renacer.exit.signal", name);
                snprintf(msg, sizeof(msg), "killed by %s", name);
        } else {
                code = WEXITSTATUS(st);
                snprintf(msg, sizeof(msg), "exited with %d", code);
        }
        attr_int(attrs, "process.exit.code", code);
        if (code != 0) {
                status = json_object_new_object();
                json_object_object_add(status, "code", json_object_new_int(STATUS_ERROR));
                json_object_object_add(status, "message", json_object_new_string(msg));
                json_object_object_add(s, "status", status);
        }
}

/* ---- processes ---- */

static struct pspan *proc_find(struct otlp_trace *t, pid_t tgid)
{
        if (t->last < t->nprocs && t->procs[t->last]->tgid == tgid)
                return t->procs[t->last];
        for (size_t i = 0; i < t->nprocs; i++)
                if (t->procs[i]->tgid == tgid) {
                        t->last = i;
                        return t->procs[i];
                }
        return NULL;
}

/* Processes live at once are bounded by what the kernel tracks for one
 * session; this bounds what a broken record stream could make us hold. */
#define MAX_OPEN_PROCS 65536

static struct pspan *proc_add(struct otlp_trace *t, pid_t tgid, pid_t ppid, uint64_t start)
{
        struct pspan *p, *parent = ppid ? proc_find(t, ppid) : NULL;

        if (t->nprocs >= MAX_OPEN_PROCS)
                return NULL;
        if (t->nprocs == t->cap) {
                size_t cap = t->cap ? t->cap * 2 : 16;
                struct pspan **v = realloc(t->procs, cap * sizeof(*v));
                if (!v)
                        return NULL;
                t->procs = v;
                t->cap = cap;
        }
        p = calloc(1, sizeof(*p));
        if (!p)
                return NULL;
        p->tgid = tgid;
        p->ppid = ppid;
        p->start = start;
        otlp_random_id(p->id, 8);
        /* the forker's span; the session's when the forker is not traced */
        memcpy(p->parent, parent ? parent->id : t->root_id, 8);
        if (parent) {
                memcpy(p->exe, parent->exe, sizeof(p->exe));
                memcpy(p->comm, parent->comm, sizeof(p->comm));
        }
        t->procs[t->nprocs++] = p;
        return p;
}

static void proc_free(struct pspan *p)
{
        for (size_t i = 0; i < p->argc; i++)
                free(p->argv[i]);
        free(p->rows);
        free(p);
}

static void proc_end(struct otlp_trace *t, size_t idx, uint64_t end, int wait_status)
{
        struct pspan *p = t->procs[idx];
        struct json_object *s, *attrs = json_object_new_array();
        const char *base = strrchr(p->exe, '/');
        const char *name = p->exe[0]    ? (base ? base + 1 : p->exe)
                           : p->comm[0] ? p->comm
                                        : "process";

        s = span_new(t, p->id, p->parent, name, p->start, end);
        attr_int(attrs, "process.pid", p->tgid);
        attr_int(attrs, "process.parent_pid", p->ppid);
        if (p->exe[0]) {
                attr_str(attrs, "process.executable.path", p->exe);
                attr_str(attrs, "process.executable.name", base ? base + 1 : p->exe);
        }
        if (p->argc)
                attr(attrs, "process.command_args", "arrayValue",
                     jstr_array_value(p->argv, p->argc));
        if (p->argv_more)
                attr(attrs, "renacer.command_args.truncated", "boolValue",
                     json_object_new_boolean(true));
        if (p->comm[0])
                attr_str(attrs, "renacer.comm", p->comm);
        exit_attrs(s, attrs, wait_status);
        summary_attrs(attrs, p->rows);
        attr_int(attrs, "renacer.syscalls.slow.count", (int64_t)p->slow_calls);
        json_object_object_add(s, "attributes", attrs);
        span_emit(t, s);
        proc_free(p);
        t->procs[idx] = t->procs[--t->nprocs];
        t->last = 0;
}

/* ---- records ---- */

/* The strings of argument `arg` (execve's argv) into the process. */
static void take_argv(struct pspan *p, const struct renacer_syscall_event *ev, size_t len,
                      unsigned arg)
{
        const uint8_t *pay = (const uint8_t *)(ev + 1);
        size_t avail = len - sizeof(*ev), off = 0;
        size_t plen = MIN((size_t)ev->payload_len, avail);

        for (size_t i = 0; i < p->argc; i++)
                free(p->argv[i]);
        p->argc = 0;
        p->argv_more = false;
        for (unsigned k = 0; k < ev->nseg && off + sizeof(struct renacer_seg) <= plen; k++) {
                struct renacer_seg sg;
                memcpy(&sg, pay + off, sizeof(sg));
                off += sizeof(sg);
                if (sg.len > plen - off)
                        break;
                if (sg.arg == arg && sg.type == RENACER_SEG_STR && p->argc < RENACER_ARGV_MAX) {
                        char *s = utf8_clean((const char *)pay + off, sg.len);
                        if (s)
                                p->argv[p->argc++] = s;
                        if (sg.flags & RENACER_SEGF_MORE)
                                p->argv_more = true;
                }
                off += (sg.len + 7u) & ~7u;
        }
}

static void on_syscall(struct otlp_trace *t, const struct renacer_syscall_event *ev, size_t len)
{
        struct pspan *p = proc_find(t, (pid_t)ev->hdr.tgid);
        uint64_t end = ev->hdr.ts_ns + ev->duration_ns;

        if (!p && !(p = proc_add(t, (pid_t)ev->hdr.tgid, 0, ev->hdr.ts_ns)))
                return;
        if ((ev->nr == SYS_execve || ev->nr == SYS_execveat) && ev->ret == 0)
                take_argv(p, ev, len, ev->nr == SYS_execve ? 1 : 2);
        if (ev->nr < 0 || ev->nr >= RENACER_SYSCALL_MAX)
                return;
        if (ev->duration_ns >= t->slow_call_ns) {
                uint8_t id[8];
                /* a child span starts inside its parent: the execve that
                 * started the process began before its exec record */
                if (ev->hdr.ts_ns < p->start)
                        p->start = ev->hdr.ts_ns;
                struct json_object *s, *attrs = json_object_new_array();
                otlp_random_id(id, 8);
                s = span_new(t, id, p->id, syscall_name(ev->nr), ev->hdr.ts_ns, end);
                attr_int(attrs, "thread.id", ev->hdr.tid);
                attr_str(attrs, "renacer.syscall.name", syscall_name(ev->nr));
                attr_int(attrs, "renacer.syscall.nr", ev->nr);
                if (ev->flags & RENACER_SC_NORETURN) {
                        attr_str(attrs, "renacer.syscall.return", "?");
                } else {
                        attr_int(attrs, "renacer.syscall.return", ev->ret);
                        if (ev->ret < 0 && ev->ret > -4096) {
                                const char *e = strerrorname_np((int)-ev->ret);
                                if (e)
                                        attr_str(attrs, "renacer.syscall.errno", e);
                        }
                }
                json_object_object_add(s, "attributes", attrs);
                span_emit(t, s);
                p->slow_calls++;
                t->slow_spans++;
                return;
        }
        if (!p->rows && !(p->rows = calloc(RENACER_SYSCALL_MAX, sizeof(*p->rows))))
                return;
        p->rows[ev->nr].calls++;
        p->rows[ev->nr].ns += ev->duration_ns;
        if (!(ev->flags & RENACER_SC_NORETURN) && ev->ret < 0 && ev->ret > -4096)
                p->rows[ev->nr].errors++;
}

void otlp_trace_record(struct otlp_trace *t, const void *rec, size_t len)
{
        const struct renacer_event_header *h = rec;
        const struct renacer_proc_event *pe = rec;
        struct pspan *p;

        if (!t || len < sizeof(*h) || h->size > len || h->size < sizeof(*h))
                return;
        len = h->size;
        if (h->ts_ns > t->last_ts)
                t->last_ts = h->ts_ns;
        if (h->kind == RENACER_EV_SYSCALL && len >= sizeof(struct renacer_syscall_event)) {
                const struct renacer_syscall_event *ev = rec;
                if (ev->hdr.ts_ns + ev->duration_ns > t->last_ts)
                        t->last_ts = ev->hdr.ts_ns + ev->duration_ns;
        }
        switch (h->kind) {
        case RENACER_EV_SYSCALL: {
                const struct renacer_syscall_event *ev = rec;
                if (len >= sizeof(*ev))
                        on_syscall(t, ev, len);
                return;
        }
        case RENACER_EV_FORK:
                if (len < sizeof(*pe) || proc_find(t, (pid_t)h->tgid))
                        return;
                proc_add(t, (pid_t)h->tgid, (pid_t)pe->ppid, h->ts_ns);
                return;
        case RENACER_EV_EXEC: {
                const struct renacer_exec_event *ee = rec;
                if (len < sizeof(*pe))
                        return;
                p = proc_find(t, (pid_t)h->tgid);
                if (!p && !(p = proc_add(t, (pid_t)h->tgid, 0, h->ts_ns)))
                        return;
                if (p->tgid == t->root && !t->root_exec_seen) {
                        /* the root's span starts at its exec */
                        t->root_exec_seen = true;
                        if (h->ts_ns > p->start)
                                p->start = h->ts_ns;
                }
                memcpy(p->comm, pe->comm, 16);
                p->comm[16] = '\0';
                if (len >= sizeof(*ee)) {
                        size_t n = MIN((size_t)pe->path_len, sizeof(ee->path));
                        char *path = utf8_clean(ee->path, strnlen(ee->path, n));
                        if (path) {
                                snprintf(p->exe, sizeof(p->exe), "%s", path);
                                free(path);
                        }
                }
                return;
        }
        case RENACER_EV_EXIT:
                if (len < sizeof(*pe))
                        return;
                for (size_t i = 0; i < t->nprocs; i++)
                        if (t->procs[i]->tgid == (pid_t)h->tgid) {
                                proc_end(t, i, h->ts_ns, pe->exit_code);
                                return;
                        }
                return;
        }
}

/* ---- the session ---- */

int otlp_trace_new(const struct otlp_trace_params *p, struct otlp_trace **ret)
{
        struct otlp_trace *t = calloc(1, sizeof(*t));

        if (!t)
                return -ENOMEM;
        t->slow_call_ns = p->slow_call_ns ? p->slow_call_ns : OTLP_DEFAULT_SLOW_CALL;
        if (p->parent) {
                memcpy(t->trace_id, p->parent->trace_id, 16);
                memcpy(t->parent_id, p->parent->span_id, 8);
                t->has_parent = true;
        } else {
                otlp_random_id(t->trace_id, 16);
        }
        otlp_random_id(t->root_id, 8);
        t->root = p->root;
        t->start = p->start_ns;
        t->session_id = p->session_id;
        t->emit = p->emit;
        t->emit_ctx = p->emit_ctx;
        t->name = strdup(p->name ? p->name : "renacer session");
        t->events = json_object_new_array();
        if (p->command) {
                size_t n = 0;
                while (p->command[n])
                        n++;
                t->command = jstr_array_value(p->command, n);
        }
        (void)otlp_clock_offset_ns();
        if (!t->name || !t->events || !proc_add(t, p->root, 0, p->start_ns)) {
                otlp_trace_free(t);
                return -ENOMEM;
        }
        struct pspan *root = t->procs[0];
        root->ppid = p->root_ppid;
        for (size_t i = 0; p->command && p->command[i] && i < RENACER_ARGV_MAX; i++)
                if ((root->argv[i] = utf8_clean(p->command[i], strlen(p->command[i]))))
                        root->argc = i + 1;
                else
                        break;
        if (p->exe) {
                char *exe = utf8_clean(p->exe, strlen(p->exe));
                if (exe)
                        snprintf(root->exe, sizeof(root->exe), "%s", exe);
                free(exe);
                t->root_exec_seen = true; /* start_ns is its exec */
        }
        *ret = t;
        return 0;
}

void otlp_trace_free(struct otlp_trace *t)
{
        if (!t)
                return;
        for (size_t i = 0; i < t->nprocs; i++)
                proc_free(t->procs[i]);
        free(t->procs);
        json_object_put(t->events);
        json_object_put(t->command);
        free(t->name);
        free(t);
}

static void event_add(struct otlp_trace *t, const char *name, uint64_t ts,
                      struct json_object *attrs)
{
        struct json_object *e = json_object_new_object();

        json_object_object_add(e, "timeUnixNano", jtime(ts));
        json_object_object_add(e, "name", json_object_new_string(name));
        json_object_object_add(e, "attributes", attrs);
        json_object_array_add(t->events, e);
}

int otlp_trace_add_verdicts(struct otlp_trace *t, const char *policy,
                            const struct policy_verdicts *v, uint64_t ts)
{
        char line[512];

        for (size_t i = 0; t && i < v->n; i++) {
                const struct policy_verdict *pv = &v->v[i];
                struct json_object *attrs = json_object_new_array();

                attr_str(attrs, "renacer.policy.name", policy);
                attr_str(attrs, "renacer.policy.assertion", pv->name);
                attr_str(attrs, "renacer.policy.type", policy_type_name(pv->type));
                attr_str(attrs, "renacer.policy.status", policy_status_name(pv->status));
                attr_int(attrs, "renacer.policy.actual", (int64_t)pv->actual);
                if (pv->has_budget)
                        attr_int(attrs, "renacer.policy.budget", (int64_t)pv->budget);
                policy_verdict_format(pv, line, sizeof(line));
                attr_str(attrs, "renacer.policy.message", line);
                event_add(t, "policy.verdict", ts, attrs);

                if (pv->type == POLICY_ANTI_PATTERN && pv->status != POLICY_PASS &&
                    pv->pattern == POLICY_PATTERN_PCIE_BOTTLENECK) {
                        const struct pcie_report *r = &pv->pcie;
                        attrs = json_object_new_array();
                        attr_double(attrs, "renacer.pcie.confidence", r->confidence_ppm / 1e6);
                        attr_int(attrs, "renacer.pcie.transfer_ns", (int64_t)r->transfer_ns);
                        attr_int(attrs, "renacer.pcie.wall_ns", (int64_t)r->wall_ns);
                        attr_int(attrs, "renacer.pcie.calls", (int64_t)r->calls);
                        if (r->has_top) {
                                attr_str(attrs, "renacer.pcie.top.device", r->top.device);
                                attr_str(attrs, "renacer.pcie.top.syscall",
                                         syscall_name(r->top.nr));
                                attr_int(attrs, "renacer.pcie.top.calls", (int64_t)r->top.calls);
                        }
                        attr_str(attrs, "renacer.policy.message", line);
                        event_add(t, "pcie.warning", ts, attrs);
                }
        }
        return 0;
}

void otlp_trace_finish(struct otlp_trace *t, uint64_t end_ns, const struct summary *sum,
                       int root_wait_status)
{
        struct json_object *s, *attrs;
        int root_status = root_wait_status;

        if (!t)
                return;
        if (!end_ns)
                end_ns = t->last_ts > t->start ? t->last_ts : now_monotonic_ns();
        /* processes whose exit record never came end with the session */
        while (t->nprocs) {
                struct pspan *p = t->procs[t->nprocs - 1];
                proc_end(t, t->nprocs - 1, end_ns, p->tgid == t->root ? root_wait_status : -1);
        }
        s = span_new(t, t->root_id, t->has_parent ? t->parent_id : NULL, t->name, t->start, end_ns);
        attrs = json_object_new_array();
        attr_int(attrs, "renacer.session.id", t->session_id);
        attr_int(attrs, "process.pid", t->root);
        if (t->command)
                attr(attrs, "process.command_args", "arrayValue", json_object_get(t->command));
        if (sum) {
                /* the kernel's exact counts over the whole tree */
                struct sc_row *rows = calloc(RENACER_SYSCALL_MAX, sizeof(*rows));
                for (size_t i = 0; rows && i < sum->n; i++) {
                        int nr = sum->rows[i].nr;
                        if (nr < 0 || nr >= RENACER_SYSCALL_MAX)
                                continue;
                        rows[nr].calls = sum->rows[i].calls;
                        rows[nr].errors = sum->rows[i].errors;
                        rows[nr].ns = sum->rows[i].total_ns;
                }
                summary_attrs(attrs, rows);
                free(rows);
        }
        attr_int(attrs, "renacer.spans.slow_calls", (int64_t)t->slow_spans);
        exit_attrs(s, attrs, root_status);
        json_object_object_add(s, "attributes", attrs);
        if (json_object_array_length(t->events))
                json_object_object_add(s, "events", json_object_get(t->events));
        span_emit(t, s);
}
