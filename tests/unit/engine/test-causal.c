// SPDX-License-Identifier: MIT
/*
 * The causal engine, the critical path and the Perfetto writer on
 * synthetic records built as the kernel writes them (bpf/renacer-event.h),
 * including the orders the ring really delivers: a read's record before
 * the write that fed it, a woken waiter before its waker.
 */
#include <asm/unistd.h>
#include <errno.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "causal-graph.h"
#include "causal.h"
#include "renacer-event.h"

/* ---- records ---- */

/* Records are built through the union's members and memcpy, never by
 * casting the byte array (that would break strict aliasing at -O2). */
struct recbuf {
        union {
                uint8_t b[512];
                struct renacer_event_header h;
                struct renacer_syscall_event sc;
                struct renacer_proc_event pe;
                struct renacer_exec_event ex;
                struct renacer_signal_event sg;
        } u;
        size_t len;
};

static void hdr(struct recbuf *r, uint8_t kind, size_t size, uint32_t tgid, uint32_t tid,
                uint64_t ts)
{
        memset(r, 0, sizeof(*r));
        r->u.h.version = RENACER_EVENT_VERSION;
        r->u.h.kind = kind;
        r->u.h.size = (uint16_t)size;
        r->u.h.session_id = 1;
        r->u.h.ts_ns = ts;
        r->u.h.tgid = tgid;
        r->u.h.tid = tid;
        r->len = size;
}

/* A syscall of [ts, ts + dur]; kind != 0 adds a causal segment. */
static struct recbuf sc(uint32_t tgid, uint32_t tid, int nr, int64_t ret, uint64_t a0, uint64_t a1,
                        uint64_t a2, uint64_t ts, uint64_t dur, uint32_t kind, uint64_t ino,
                        uint64_t value)
{
        struct recbuf r;
        size_t size = sizeof(struct renacer_syscall_event) +
                      (kind ? sizeof(struct renacer_seg) + sizeof(struct renacer_seg_causal) : 0);
        hdr(&r, RENACER_EV_SYSCALL, size, tgid, tid, ts);
        r.u.sc.nr = nr;
        r.u.sc.args[0] = a0;
        r.u.sc.args[1] = a1;
        r.u.sc.args[2] = a2;
        r.u.sc.ret = ret;
        r.u.sc.duration_ns = dur;
        if (kind) {
                struct renacer_seg s = {.type = RENACER_SEG_CAUSAL,
                                        .flags = RENACER_SEGF_AT_EXIT,
                                        .len = sizeof(struct renacer_seg_causal)};
                struct renacer_seg_causal c = {.ino = ino, .dev = 9, .kind = kind, .value = value};
                if (kind == RENACER_CAUSAL_EVENTFD)
                        c.flags = RENACER_CAUSALF_VALUE;
                memcpy(r.u.b + sizeof(r.u.sc), &s, sizeof(s));
                memcpy(r.u.b + sizeof(r.u.sc) + sizeof(s), &c, sizeof(c));
                r.u.sc.payload_len = sizeof(s) + sizeof(c);
                r.u.sc.nseg = 1;
        }
        return r;
}

static struct recbuf pipe_io(uint32_t tid, int nr, int64_t n, uint64_t ino, uint64_t ts)
{
        return sc(tid, tid, nr, n, 3, 0, (uint64_t)n, ts, 1000, RENACER_CAUSAL_PIPE, ino,
                  (uint64_t)n);
}

static struct recbuf plain(uint32_t tid, int nr, uint64_t ts)
{
        return sc(tid, tid, nr, 0, 0, 0, 0, ts, 100, 0, 0, 0);
}

static struct recbuf proc(uint8_t kind, uint32_t tgid, uint32_t tid, uint32_t ppid, int32_t code,
                          uint64_t ts)
{
        struct recbuf r;
        hdr(&r, kind,
            kind == RENACER_EV_EXEC ? sizeof(struct renacer_exec_event)
                                    : sizeof(struct renacer_proc_event),
            tgid, tid, ts);
        r.u.pe.ppid = ppid;
        r.u.pe.exit_code = code;
        memcpy(r.u.pe.comm, "prog", 4);
        return r;
}

static struct recbuf sig(uint32_t tid, int signo, int32_t code, uint32_t from, uint64_t ts)
{
        struct recbuf r;
        hdr(&r, RENACER_EV_SIGNAL, sizeof(struct renacer_signal_event), tid, tid, ts);
        r.u.sg.signo = signo;
        memcpy(r.u.sg.siginfo, &signo, 4);
        memcpy(r.u.sg.siginfo + 8, &code, 4);
        memcpy(r.u.sg.siginfo + 16, &from, 4);
        return r;
}

/* ---- what the engine released ---- */

struct out {
        struct causal_note note[256];
        struct renacer_event_header h[256];
        int nr[256];
        size_t n;
        struct cgraph *g;
};

static void on_emit(void *ctx, const void *rec, size_t len, const struct causal_note *note)
{
        struct out *o = ctx;
        assert_true(o->n < 256);
        o->note[o->n] = *note;
        memcpy(&o->h[o->n], rec, sizeof(o->h[0]));
        o->nr[o->n] = o->h[o->n].kind == RENACER_EV_SYSCALL
                          ? ((const struct renacer_syscall_event *)rec)->nr
                          : -1;
        if (o->g)
                assert_int_equal(cgraph_add(o->g, rec, len, note), 0);
        o->n++;
}

static struct causal *mk(struct out *o, const struct causal_limits *lim)
{
        struct causal *c;
        memset(o, 0, sizeof(*o));
        assert_int_equal(causal_new(lim, on_emit, o, &c), 0);
        return c;
}

static void feed(struct causal *c, struct recbuf r, uint64_t now)
{
        assert_int_equal(causal_feed(c, r.u.b, r.len, now), 0);
}

/* The index of the n-th released record of tid (n from 0). */
static size_t nth(const struct out *o, uint32_t tid, size_t n)
{
        for (size_t i = 0; i < o->n; i++)
                if (o->note[i].tid == tid && n-- == 0)
                        return i;
        fail_msg("task %u has no record %zu", tid, n);
        return 0;
}

/* Every task's clocks rise; every cause's clock is below its effect's. */
static void check_order(const struct out *o)
{
        for (size_t i = 0; i < o->n; i++) {
                for (size_t j = i + 1; j < o->n; j++)
                        if (o->note[j].tid == o->note[i].tid)
                                assert_true(o->note[j].clock > o->note[i].clock);
                if (o->note[i].edge != CAUSAL_EDGE_NONE) {
                        assert_true(o->note[i].cause_clock < o->note[i].clock);
                        assert_true(o->note[i].cause_seq < o->note[i].seq);
                }
                assert_int_equal(o->note[i].seq, i);
        }
}

static void test_pipe_in_order(void **state)
{
        struct out o;
        struct causal *c = mk(&o, NULL);

        (void)state;
        feed(c, pipe_io(100, __NR_write, 4, 77, 1000), 0);
        feed(c, pipe_io(200, __NR_read, 4, 77, 900), 0);
        assert_int_equal(o.n, 2);
        assert_int_equal(o.note[1].edge, CAUSAL_EDGE_PIPE);
        assert_int_equal(o.note[1].cause_tid, 100);
        assert_int_equal(o.note[1].cause_clock, o.note[0].clock);
        check_order(&o);
        causal_free(c);
}

/* The reader's record arrives first (the writer was preempted before its
 * sys_exit): it waits, the write goes first, then the read with its edge. */
static void test_pipe_read_before_write(void **state)
{
        struct out o;
        struct causal *c = mk(&o, NULL);
        struct causal_stats st;

        (void)state;
        feed(c, plain(200, __NR_getpid, 500), 0);
        feed(c, pipe_io(200, __NR_read, 4, 77, 900), 0);
        feed(c, plain(200, __NR_getppid, 2000), 0); /* behind the read: waits too */
        assert_int_equal(o.n, 1);
        assert_int_equal(causal_pending(c), 2);
        feed(c, pipe_io(100, __NR_write, 4, 77, 1000), 0);
        assert_int_equal(o.n, 4);
        assert_int_equal(o.h[1].tid, 100);
        assert_int_equal(o.nr[2], __NR_read);
        assert_int_equal(o.note[2].edge, CAUSAL_EDGE_PIPE);
        assert_int_equal(o.note[2].cause_tid, 100);
        assert_int_equal(o.nr[3], __NR_getppid);
        check_order(&o);
        causal_get_stats(c, &st);
        assert_int_equal(st.edges[CAUSAL_EDGE_PIPE], 1);
        assert_int_equal(st.unmatched, 0);
        causal_free(c);
}

/* One read takes the bytes of two writes: both are causes (the clock is
 * above both), the later one is named. */
static void test_read_spans_writes(void **state)
{
        struct out o;
        struct causal *c = mk(&o, NULL);

        (void)state;
        feed(c, pipe_io(100, __NR_write, 3, 5, 1000), 0);
        feed(c, pipe_io(101, __NR_write, 5, 5, 2000), 0);
        /* the first writer runs on: its clock is now higher */
        for (int i = 0; i < 5; i++)
                feed(c, plain(100, __NR_getpid, 3000 + (uint64_t)i), 0);
        feed(c, pipe_io(200, __NR_read, 8, 5, 4000), 0);
        size_t rd = nth(&o, 200, 0);
        assert_int_equal(o.note[rd].cause_tid, 101);
        assert_true(o.note[rd].clock > o.note[nth(&o, 100, 0)].clock);
        assert_true(o.note[rd].clock > o.note[nth(&o, 101, 0)].clock);
        /* a read of other bytes of the same pipe waits for their write */
        feed(c, pipe_io(200, __NR_read, 2, 5, 5000), 0);
        assert_int_equal(causal_pending(c), 1);
        feed(c, pipe_io(100, __NR_write, 2, 5, 4500), 0);
        assert_int_equal(causal_pending(c), 0);
        assert_int_equal(o.note[o.n - 1].cause_tid, 100);
        check_order(&o);
        causal_free(c);
}

/* Nobody traced wrote it: released without an edge once the wait bound
 * passes, and the pipe is no longer attributed. */
static void test_unmatched_read(void **state)
{
        struct causal_limits lim;
        struct out o;
        struct causal_stats st;

        (void)state;
        causal_default_limits(&lim);
        lim.max_wait_ns = 1000;
        struct causal *c = mk(&o, &lim);
        feed(c, pipe_io(200, __NR_read, 4, 8, 100), 10);
        assert_int_equal(o.n, 0);
        causal_tick(c, 500);
        assert_int_equal(o.n, 0);
        causal_tick(c, 1010);
        assert_int_equal(o.n, 1);
        assert_int_equal(o.note[0].edge, CAUSAL_EDGE_NONE);
        feed(c, pipe_io(100, __NR_write, 4, 8, 2000), 2000);
        feed(c, pipe_io(200, __NR_read, 4, 8, 2100), 2100);
        assert_int_equal(o.n, 3);
        assert_int_equal(o.note[2].edge, CAUSAL_EDGE_NONE); /* never a guess */
        causal_get_stats(c, &st);
        assert_int_equal(st.unmatched, 1);
        causal_free(c);
}

static void test_fork_exit_wait(void **state)
{
        struct out o;
        struct causal *c = mk(&o, NULL);

        (void)state;
        feed(c, plain(100, __NR_getpid, 100), 0);
        feed(c, proc(RENACER_EV_FORK, 101, 101, 100, 100, 200), 0);
        feed(c, sc(100, 100, __NR_clone, 101, 0, 0, 0, 150, 100, 0, 0, 0), 0);
        feed(c, plain(101, __NR_getppid, 300), 0);
        feed(c, proc(RENACER_EV_EXIT, 101, 101, 100, 0, 400), 0);
        feed(c, sig(100, 17, 1 /* CLD_EXITED */, 101, 450), 0);
        feed(c, sc(100, 100, __NR_wait4, 101, (uint64_t)-1, 0, 0, 250, 300, 0, 0, 0), 0);
        check_order(&o);
        size_t fork = 1, first = nth(&o, 101, 0);
        assert_int_equal(o.note[fork].tid, 100); /* the parent's event */
        assert_int_equal(o.note[first].edge, CAUSAL_EDGE_FORK);
        assert_int_equal(o.note[first].cause_clock, o.note[fork].clock);
        size_t ex = nth(&o, 101, 1), chld = nth(&o, 100, 3), w = nth(&o, 100, 4);
        assert_int_equal(o.note[chld].edge, CAUSAL_EDGE_CHILD);
        assert_int_equal(o.note[w].edge, CAUSAL_EDGE_WAIT);
        assert_int_equal(o.note[w].cause_clock, o.note[ex].clock);
        causal_free(c);
}

static void test_thread_and_exec(void **state)
{
        struct out o;
        struct causal *c = mk(&o, NULL);

        (void)state;
        feed(c, plain(100, __NR_getpid, 100), 0);
        feed(c, proc(RENACER_EV_THREAD, 100, 102, 100, 0, 200), 0);
        for (int i = 0; i < 4; i++)
                feed(c, plain(102, __NR_getpid, 300 + (uint64_t)i), 0);
        /* the thread execs: it takes the leader's tid, and its clock */
        feed(c, proc(RENACER_EV_EXEC, 100, 100, 102, 0, 400), 0);
        check_order(&o);
        assert_int_equal(o.note[nth(&o, 102, 0)].edge, CAUSAL_EDGE_FORK);
        assert_true(o.note[o.n - 1].clock > o.note[nth(&o, 102, 3)].clock);
        causal_free(c);
}

static void test_futex(void **state)
{
        struct out o;
        struct causal *c = mk(&o, NULL);

        (void)state;
        /* the waiter's return arrives before the waker's record */
        feed(c, sc(100, 101, __NR_futex, 0, 0x1000, 128 /* WAIT|PRIVATE */, 0, 100, 900, 0, 0, 0),
             0);
        assert_int_equal(o.n, 0);
        /* a wake of another address, and one that ended before the wait began */
        feed(c, sc(100, 100, __NR_futex, 1, 0x2000, 129, 1, 500, 10, 0, 0, 0), 0);
        assert_int_equal(o.n, 1);
        feed(c, sc(100, 100, __NR_futex, 1, 0x1000, 129 /* WAKE|PRIVATE */, 1, 600, 50, 0, 0, 0),
             0);
        assert_int_equal(o.n, 3);
        assert_int_equal(o.note[2].tid, 101);
        assert_int_equal(o.note[2].edge, CAUSAL_EDGE_FUTEX);
        assert_int_equal(o.note[2].cause_clock, o.note[1].clock);
        /* a stale wake cannot explain a later wait */
        feed(c, sc(100, 100, __NR_futex, 1, 0x3000, 129, 1, 700, 10, 0, 0, 0), 0);
        feed(c, sc(100, 101, __NR_futex, 0, 0x3000, 128, 0, 5000, 100, 0, 0, 0), 0);
        causal_drain(c);
        assert_int_equal(o.note[o.n - 1].edge, CAUSAL_EDGE_NONE);
        check_order(&o);
        causal_free(c);
}

static void test_signal(void **state)
{
        struct out o;
        struct causal *c = mk(&o, NULL);

        (void)state;
        feed(c, plain(200, __NR_getpid, 10), 0); /* the sender is a known task */
        /* delivery first, then the sender's kill record */
        feed(c, sig(300, 10, 0 /* SI_USER */, 200, 500), 0);
        assert_int_equal(o.n, 1);
        feed(c, sc(200, 200, __NR_kill, 0, 300, 10, 0, 400, 200, 0, 0, 0), 0);
        assert_int_equal(o.n, 3);
        assert_int_equal(o.note[2].edge, CAUSAL_EDGE_SIGNAL);
        assert_int_equal(o.note[2].cause_clock, o.note[1].clock);
        /* one send, one delivery: a second delivery finds no send */
        feed(c, sig(300, 10, 0, 999, 900), 0);
        assert_int_equal(o.note[o.n - 1].edge, CAUSAL_EDGE_NONE);
        check_order(&o);
        causal_free(c);
}

static void test_eventfd_and_unix(void **state)
{
        struct out o;
        struct causal *c = mk(&o, NULL);

        (void)state;
        feed(c, sc(100, 100, __NR_write, 8, 4, 0, 8, 10, 5, RENACER_CAUSAL_EVENTFD, 3, 2), 0);
        feed(c, sc(200, 200, __NR_read, 8, 4, 0, 8, 20, 5, RENACER_CAUSAL_EVENTFD, 3, 2), 0);
        assert_int_equal(o.note[1].edge, CAUSAL_EDGE_EVENTFD);
        /* datagrams: one message per call, whatever its length */
        feed(c, sc(100, 100, __NR_sendto, 40, 5, 0, 40, 30, 5, RENACER_CAUSAL_UNIX_DGRAM, 9, 40),
             0);
        feed(c, sc(200, 200, __NR_recvfrom, 10, 6, 0, 10, 40, 5, RENACER_CAUSAL_UNIX_DGRAM, 9, 10),
             0);
        assert_int_equal(o.note[3].edge, CAUSAL_EDGE_UNIX);
        assert_int_equal(o.note[3].cause_tid, 100);
        check_order(&o);
        causal_free(c);
}

/* Past the pending limit the oldest goes, each task's order kept. */
static void test_pending_limit(void **state)
{
        struct causal_limits lim;
        struct out o;

        (void)state;
        causal_default_limits(&lim);
        lim.max_pending = 4;
        struct causal *c = mk(&o, &lim);
        for (int i = 0; i < 10; i++)
                feed(c, pipe_io(200, __NR_read, 1, 50 + (uint64_t)i, 100 + (uint64_t)i), 0);
        assert_true(causal_pending(c) <= 4);
        causal_drain(c);
        assert_int_equal(o.n, 10);
        assert_int_equal(causal_pending(c), 0);
        check_order(&o);
        causal_free(c);
}

static void test_malformed(void **state)
{
        struct out o;
        struct causal *c = mk(&o, NULL);
        struct recbuf r = pipe_io(1, __NR_read, 1, 1, 1);

        (void)state;
        assert_int_equal(causal_feed(c, r.u.b, 10, 0), -EBADMSG);
        r.u.h.size = 4000;
        assert_int_equal(causal_feed(c, r.u.b, r.len, 0), -EBADMSG);
        r = proc(RENACER_EV_FORK, 1, 2, 1, 1, 1);
        assert_int_equal(causal_feed(c, r.u.b, 40, 0), -EBADMSG);
        assert_int_equal(o.n, 0);
        causal_free(c);
}

/* ---- the critical path and the timeline ---- */

/* make-like: P forks A (slow) and B (fast); B exits, P reaps it at once;
 * P then blocks in wait4 until A exits. The path: P, A, P. */
static void build_make(struct out *o, struct cgraph *g, struct causal **cp)
{
        cgraph_init(g, 0);
        struct causal *c = mk(o, NULL);
        o->g = g;
        feed(c, plain(100, __NR_getpid, 1000), 0);
        feed(c, proc(RENACER_EV_FORK, 101, 101, 100, 100, 2000), 0);
        feed(c, sc(100, 100, __NR_clone, 101, 0, 0, 0, 1900, 200, 0, 0, 0), 0);
        feed(c, proc(RENACER_EV_FORK, 102, 102, 100, 100, 3000), 0);
        feed(c, sc(100, 100, __NR_clone, 102, 0, 0, 0, 2900, 200, 0, 0, 0), 0);
        feed(c, plain(101, __NR_getppid, 2500), 0);
        feed(c, plain(102, __NR_getppid, 3500), 0);
        feed(c, sc(102, 102, __NR_nanosleep, 0, 0, 0, 0, 3600, 1000, 0, 0, 0), 0);
        feed(c, proc(RENACER_EV_EXIT, 102, 102, 100, 0, 4700), 0);
        feed(c, sc(100, 100, __NR_wait4, 102, (uint64_t)-1, 0, 0, 3200, 1600, 0, 0, 0), 0);
        feed(c, sc(101, 101, __NR_nanosleep, 0, 0, 0, 0, 2600, 90000, 0, 0, 0), 0);
        feed(c, proc(RENACER_EV_EXIT, 101, 101, 100, 0, 92700), 0);
        feed(c, sc(100, 100, __NR_wait4, 101, (uint64_t)-1, 0, 0, 4900, 87900, 0, 0, 0), 0);
        feed(c, proc(RENACER_EV_EXIT, 100, 100, 1, 0, 93000), 0);
        causal_drain(c);
        assert_int_equal(cgraph_finalize(g), 0);
        *cp = c;
}

static void test_critical_path(void **state)
{
        struct out o;
        struct cgraph g;
        struct causal *c;
        struct critical_path p;

        (void)state;
        build_make(&o, &g, &c);
        assert_int_equal(critical_path_compute(&g, &p), 0);
        assert_int_equal(p.n, 3);
        assert_int_equal(p.seg[0].tid, 100);
        assert_int_equal(p.seg[0].edge_out, CAUSAL_EDGE_FORK);
        assert_int_equal(p.seg[1].tid, 101); /* the slow child, not 102 */
        assert_int_equal(p.seg[1].edge_out, CAUSAL_EDGE_WAIT);
        assert_int_equal(p.seg[2].tid, 100);
        assert_int_equal(p.seg[1].from, 2000);
        assert_int_equal(p.seg[1].to, 92700);
        assert_int_equal(p.end_ns, 93000);
        /* segments tile the path without gaps */
        for (size_t i = 1; i < p.n; i++)
                assert_int_equal(p.seg[i].from, p.seg[i - 1].to);
        char *text = NULL;
        size_t n = 0;
        FILE *m = open_memstream(&text, &n);
        assert_int_equal(critical_path_print(&p, &g, m), 0);
        fclose(m);
        assert_non_null(strstr(text, "pid 101"));
        assert_non_null(strstr(text, "forks pid 101"));
        assert_null(strstr(text, "pid 102"));
        free(text);
        critical_path_free(&p);
        cgraph_free(&g);
        causal_free(c);
}

static void test_perfetto(void **state)
{
        struct out o;
        struct cgraph g;
        struct causal *c;
        struct critical_path p;
        char *text = NULL;
        size_t n = 0;

        (void)state;
        build_make(&o, &g, &c);
        assert_int_equal(critical_path_compute(&g, &p), 0);
        FILE *m = open_memstream(&text, &n);
        assert_int_equal(perfetto_write(&g, &p, m), 0);
        fclose(m);
        struct json_object *root = json_tokener_parse(text), *ev;
        assert_non_null(root);
        assert_true(json_object_object_get_ex(root, "traceEvents", &ev));
        size_t ns = 0, nf = 0, nx = 0, crit = 0;
        long long sum_s = 0, sum_f = 0;
        for (size_t i = 0; i < json_object_array_length(ev); i++) {
                struct json_object *e = json_object_array_get_idx(ev, i), *v;
                assert_true(json_object_object_get_ex(e, "ph", &v));
                const char *ph = json_object_get_string(v);
                struct json_object *id;
                if (!strcmp(ph, "s") && json_object_object_get_ex(e, "id", &id)) {
                        ns++;
                        sum_s += json_object_get_int64(id);
                } else if (!strcmp(ph, "f") && json_object_object_get_ex(e, "id", &id)) {
                        nf++;
                        sum_f += json_object_get_int64(id);
                } else if (!strcmp(ph, "X")) {
                        nx++;
                        crit += json_object_object_get_ex(e, "cname", &v);
                }
        }
        /* fork x2 and wait x2: four flows, paired */
        assert_int_equal(ns, 4);
        assert_int_equal(nf, 4);
        assert_int_equal(sum_s, sum_f);
        assert_true(nx >= 9 + 3); /* the calls and the path's segments */
        assert_true(crit > 0);
        json_object_put(root);
        free(text);
        critical_path_free(&p);
        cgraph_free(&g);
        causal_free(c);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_pipe_in_order),
            cmocka_unit_test(test_pipe_read_before_write),
            cmocka_unit_test(test_read_spans_writes),
            cmocka_unit_test(test_unmatched_read),
            cmocka_unit_test(test_fork_exit_wait),
            cmocka_unit_test(test_thread_and_exec),
            cmocka_unit_test(test_futex),
            cmocka_unit_test(test_signal),
            cmocka_unit_test(test_eventfd_and_unix),
            cmocka_unit_test(test_pending_limit),
            cmocka_unit_test(test_malformed),
            cmocka_unit_test(test_critical_path),
            cmocka_unit_test(test_perfetto),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
