// SPDX-License-Identifier: MIT
/*
 * The causal engine (causal.h). Three kinds of state, all bounded:
 *
 *  - tasks: a clock and a FIFO of the task's records not yet released;
 *  - queues: what a cause left for its effect to find. A pipe, FIFO or
 *    unix socket is a byte stream (a datagram socket a message stream, an
 *    eventfd a counter): each write appends its range of units, each read
 *    takes the next range, and the writes that overlap it are its causes.
 *    A futex key (tgid, uaddr) holds the wakes not yet matched to the
 *    waiters they woke; a sender tgid the signals it sent;
 *  - exits: the clock of each exited process, for the wait and the
 *    SIGCHLD it causes.
 */
#include "causal.h"

#include <asm/unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "renacer-event.h"
#include "util.h"

#define SI_USER_CODE  0
#define SI_QUEUE_CODE (-1)
#define SI_TKILL_CODE (-6)
#define CLD_EXITED    1
#define CLD_DUMPED    3
#define SIGINFO_CODE  8  /* offsetof(siginfo_t, si_code) */
#define SIGINFO_PID   16 /* offsetof(siginfo_t, si_pid) */
#define FUTEX_CMD(op) ((op)&0x7f)
#define FUTEX_WAIT_   0
#define FUTEX_WAKE_   1
#define FUTEX_WAITBS  9
#define FUTEX_WAKEBS  10

/* ---- a small open-addressing map with 3-word keys ---- */

struct key {
        uint64_t a, b, c;
};

struct map {
        struct key *keys;
        void **vals; /* NULL: free slot */
        size_t cap, n, limit;
};

static uint64_t key_hash(const struct key *k)
{
        uint64_t h = k->a * 0x9e3779b97f4a7c15ULL;
        h ^= (k->b + 0x632be59bd9b4e019ULL) * 0xc2b2ae3d27d4eb4fULL;
        h ^= (k->c + 0x165667b19e3779f9ULL) * 0x27d4eb2f165667c5ULL;
        return h ^ (h >> 31);
}

static bool key_eq(const struct key *x, const struct key *y)
{
        return x->a == y->a && x->b == y->b && x->c == y->c;
}

static void *map_get(const struct map *m, const struct key *k)
{
        if (!m->cap)
                return NULL;
        for (size_t i = key_hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
                if (!m->vals[i])
                        return NULL;
                if (key_eq(&m->keys[i], k))
                        return m->vals[i];
        }
}

static int map_grow(struct map *m)
{
        size_t cap = m->cap ? m->cap * 2 : 64;
        struct key *keys = calloc(cap, sizeof(*keys));
        void **vals = calloc(cap, sizeof(*vals));

        if (!keys || !vals) {
                free(keys);
                free(vals);
                return -ENOMEM;
        }
        for (size_t i = 0; i < m->cap; i++) {
                if (!m->vals[i])
                        continue;
                size_t j = key_hash(&m->keys[i]) & (cap - 1);
                while (vals[j])
                        j = (j + 1) & (cap - 1);
                keys[j] = m->keys[i];
                vals[j] = m->vals[i];
        }
        free(m->keys);
        free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
        return 0;
}

/* -ENOSPC at the limit. */
static int map_put(struct map *m, const struct key *k, void *v)
{
        if (m->n >= m->limit)
                return -ENOSPC;
        if ((m->n + 1) * 2 > m->cap) {
                int r = map_grow(m);
                if (r < 0)
                        return r;
        }
        size_t i = key_hash(k) & (m->cap - 1);
        while (m->vals[i])
                i = (i + 1) & (m->cap - 1);
        m->keys[i] = *k;
        m->vals[i] = v;
        m->n++;
        return 0;
}

/* Linear probing's deletion: later members of the cluster move back. */
static void map_del(struct map *m, const struct key *k)
{
        size_t i, j, h;

        if (!m->cap)
                return;
        for (i = key_hash(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
                if (!m->vals[i])
                        return;
                if (key_eq(&m->keys[i], k))
                        break;
        }
        m->vals[i] = NULL;
        m->n--;
        for (j = (i + 1) & (m->cap - 1); m->vals[j]; j = (j + 1) & (m->cap - 1)) {
                h = key_hash(&m->keys[j]) & (m->cap - 1);
                /* the slot at j may fill the hole at i if h is not in (i, j] */
                if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
                        m->keys[i] = m->keys[j];
                        m->vals[i] = m->vals[j];
                        m->vals[j] = NULL;
                        i = j;
                }
        }
}

static void map_free(struct map *m, void (*fn)(void *))
{
        for (size_t i = 0; i < m->cap; i++)
                if (m->vals[i] && fn)
                        fn(m->vals[i]);
        free(m->keys);
        free(m->vals);
        memset(m, 0, sizeof(*m));
}

/* ---- state ---- */

/* A cause waiting to be matched: a write's range of units, a wake, a
 * signal sent. Owned by its queue; once trimmed from it while its record
 * is still held (detached), the record frees it when released. */
struct entry {
        uint64_t start, end; /* units of the queue */
        uint64_t left;       /* futex: waiters it may still have woken */
        uint64_t t_enter, t_exit;
        uint32_t tid;
        uint64_t clock, seq;
        bool released, detached;
        /* signals */
        int signo;
        uint32_t target; /* 0: a process group or every process */
        bool target_tid, consumed;
};

enum qkind { Q_STREAM = 1, Q_FUTEX, Q_SIGNAL };

struct queue {
        enum qkind kind;
        uint64_t w_total, r_total; /* units written, read */
        bool desync;               /* a read took units no traced write explains */
        size_t pending_reads;
        struct entry **ents;
        size_t n, cap;
};

enum birth { BIRTH_NONE, BIRTH_PENDING, BIRTH_KNOWN };

struct pend;

struct task {
        uint32_t tid;
        uint64_t clock;
        struct pend *head, *tail; /* held records, in order */
        struct task *busy_prev, *busy_next;
        bool busy, exited, first_done;
        size_t refs; /* held records that name it */
        enum birth birth;
        uint32_t birth_tid;
        uint64_t birth_clock, birth_seq, birth_ns;
};

struct exit_info {
        bool released, reaped;
        uint32_t tid;
        uint64_t clock, seq, ns;
};

enum need {
        NEED_NONE,
        NEED_WAIT,   /* wait4/waitid reaped arg */
        NEED_READ,   /* took units [r0, r1) of q */
        NEED_FUTEX,  /* a woken waiter of q */
        NEED_SIGNAL, /* a signal from sender */
        NEED_CHILD,  /* SIGCHLD of child's exit */
};

struct pend {
        struct pend *prev, *next; /* arrival order */
        struct pend *task_next;
        struct task *task;
        struct task *child; /* FORK/THREAD: the task born */
        struct task *exec_old;
        uint64_t arrived;
        enum need need;
        bool birth; /* a child's first record: the fork is a cause too */
        enum causal_edge edge;
        struct queue *q;
        uint64_t r0, r1;
        uint32_t pid;       /* NEED_WAIT/NEED_CHILD: child; NEED_SIGNAL: sender */
        uint32_t sig_tgid;  /* NEED_SIGNAL: receiver */
        int signo;          /* NEED_SIGNAL */
        uint64_t t_enter;   /* the record's start */
        uint64_t t_exit;    /* its end */
        struct entry *went; /* the cause this record is: fill at release */
        bool exit_rec;      /* EXIT/THREAD_EXIT */
        bool proc_exit;     /* EXIT */
        uint32_t exit_tgid;
        bool queued; /* held: rec is the copy, and p is on the lists */
        size_t len;
        const uint8_t *rec;
        uint8_t copy[];
};

struct causal {
        struct causal_limits lim;
        causal_emit_fn emit;
        void *ctx;
        struct map tasks, queues, exits;
        struct pend *head, *tail;
        size_t npending;
        struct task *busy;
        uint64_t seq;
        /* the highest clock of a task forgotten: a tid used again starts
         * above it, so clocks never go back under one tid */
        uint64_t forgotten_max;
        struct causal_stats stats;
};

void causal_default_limits(struct causal_limits *out)
{
        out->max_pending = 4096;
        /* a preempted writer on a loaded machine can take tens of ms to
         * reach its sys_exit; a read that gives up loses its pipe */
        out->max_wait_ns = 200 * 1000000ULL;
        out->max_tasks = 1 << 16;
        out->max_queues = 1 << 14;
        out->max_entries = 1024;
}

const char *causal_edge_name(enum causal_edge e)
{
        static const char *const names[CAUSAL_EDGE_MAX] = {
            [CAUSAL_EDGE_NONE] = "none",       [CAUSAL_EDGE_FORK] = "fork",
            [CAUSAL_EDGE_WAIT] = "wait",       [CAUSAL_EDGE_PIPE] = "pipe",
            [CAUSAL_EDGE_UNIX] = "unix",       [CAUSAL_EDGE_FUTEX] = "futex",
            [CAUSAL_EDGE_SIGNAL] = "signal",   [CAUSAL_EDGE_CHILD] = "child",
            [CAUSAL_EDGE_EVENTFD] = "eventfd",
        };
        return (unsigned)e < CAUSAL_EDGE_MAX ? names[e] : "none";
}

int causal_new(const struct causal_limits *limits, causal_emit_fn emit, void *ctx,
               struct causal **ret)
{
        struct causal *c = calloc(1, sizeof(*c));

        if (!c)
                return -ENOMEM;
        if (limits)
                c->lim = *limits;
        else
                causal_default_limits(&c->lim);
        if (!c->lim.max_pending)
                c->lim.max_pending = 1;
        if (!c->lim.max_entries)
                c->lim.max_entries = 1;
        c->tasks.limit = c->lim.max_tasks;
        c->queues.limit = c->lim.max_queues;
        c->exits.limit = c->lim.max_tasks;
        c->emit = emit;
        c->ctx = ctx;
        *ret = c;
        return 0;
}

static void queue_free(void *v)
{
        struct queue *q = v;

        for (size_t i = 0; i < q->n; i++)
                free(q->ents[i]);
        free(q->ents);
        free(q);
}

void causal_free(struct causal *c)
{
        if (!c)
                return;
        for (struct pend *p = c->head, *n; p; p = n) {
                n = p->next;
                if (p->went && p->went->detached)
                        free(p->went);
                free(p);
        }
        map_free(&c->tasks, free);
        map_free(&c->queues, queue_free);
        map_free(&c->exits, free);
        free(c);
}

size_t causal_pending(const struct causal *c)
{
        return c->npending;
}

void causal_get_stats(const struct causal *c, struct causal_stats *out)
{
        *out = c->stats;
}

static void task_forget(struct causal *c, struct task *t)
{
        struct key k = {t->tid, 0, 0};

        c->forgotten_max = MAX(c->forgotten_max, t->clock);
        map_del(&c->tasks, &k);
        free(t);
}

/* A full table forgets the tasks nothing is held for (their clocks live
 * on in forgotten_max). */
static void tasks_forget_idle(struct causal *c)
{
        for (size_t i = 0; i < c->tasks.cap; i++) {
                struct task *t = c->tasks.vals[i];
                if (t && !t->head && !t->refs) {
                        task_forget(c, t);
                        i--; /* a later member of the cluster may have moved here */
                }
        }
}

static struct task *task_get(struct causal *c, uint32_t tid, bool create)
{
        struct key k = {tid, 0, 0};
        struct task *t = map_get(&c->tasks, &k);

        if (t || !create)
                return t;
        if (c->tasks.n >= c->tasks.limit)
                tasks_forget_idle(c);
        t = calloc(1, sizeof(*t));
        if (!t)
                return NULL;
        t->tid = tid;
        t->clock = c->forgotten_max;
        if (map_put(&c->tasks, &k, t) < 0) {
                free(t);
                return NULL;
        }
        return t;
}

/* A task that exited and that no held record names is forgotten. */
static void task_maybe_forget(struct causal *c, struct task *t)
{
        if (!t || !t->exited || t->refs || t->head)
                return;
        task_forget(c, t);
}

static struct queue *queue_get(struct causal *c, enum qkind kind, uint64_t a, uint64_t b,
                               bool create)
{
        struct key k = {kind, a, b};
        struct queue *q = map_get(&c->queues, &k);

        if (q || !create)
                return q;
        q = calloc(1, sizeof(*q));
        if (!q)
                return NULL;
        q->kind = kind;
        if (map_put(&c->queues, &k, q) < 0) {
                free(q);
                return NULL;
        }
        return q;
}

/* Remove entry i of q, freeing it unless its record still holds it. */
static void queue_drop(struct queue *q, size_t i)
{
        struct entry *e = q->ents[i];

        if (e->released)
                free(e);
        else
                e->detached = true;
        memmove(&q->ents[i], &q->ents[i + 1], (q->n - i - 1) * sizeof(q->ents[0]));
        q->n--;
}

static int queue_append(struct causal *c, struct queue *q, struct entry *e)
{
        if (q->n >= c->lim.max_entries)
                queue_drop(q, 0); /* the oldest: its effect, if any, gets no edge */
        if (q->n == q->cap) {
                size_t cap = q->cap ? q->cap * 2 : 8;
                struct entry **n = realloc(q->ents, cap * sizeof(*n));
                if (!n)
                        return -ENOMEM;
                q->ents = n;
                q->cap = cap;
        }
        q->ents[q->n++] = e;
        return 0;
}

static void queue_desync(struct queue *q)
{
        q->desync = true;
        while (q->n)
                queue_drop(q, q->n - 1);
}

/* ---- reading a record ---- */

static bool sc_is_write(int nr)
{
        return nr == __NR_write || nr == __NR_writev || nr == __NR_sendto || nr == __NR_sendmsg;
}

static bool find_causal_seg(const struct renacer_syscall_event *ev, size_t len,
                            struct renacer_seg_causal *out)
{
        struct record_seg_iter it;
        struct record_seg s;

        record_seg_iter_init(&it, ev, len);
        while (record_seg_next(&it, &s) > 0)
                if (s.type == RENACER_SEG_CAUSAL && s.len == sizeof(*out)) {
                        memcpy(out, s.data, sizeof(*out));
                        return true;
                }
        return false;
}

/* The signal a kill-family call sent, and to whom; false if none. */
static bool sc_signal_sent(const struct renacer_syscall_event *ev, int *signo, uint32_t *target,
                           bool *target_tid)
{
        int64_t a0 = (int32_t)ev->args[0];

        if (ev->ret != 0)
                return false;
        switch (ev->nr) {
        case __NR_kill:
                *signo = (int)ev->args[1];
                *target = a0 > 0 ? (uint32_t)a0 : 0;
                *target_tid = false;
                break;
        case __NR_rt_sigqueueinfo:
                *signo = (int)ev->args[1];
                *target = a0 > 0 ? (uint32_t)a0 : 0;
                *target_tid = false;
                break;
        case __NR_tkill:
                *signo = (int)ev->args[1];
                *target = (uint32_t)a0;
                *target_tid = true;
                break;
        case __NR_tgkill:
        case __NR_rt_tgsigqueueinfo:
                *signo = (int)ev->args[2];
                *target = (uint32_t)ev->args[1];
                *target_tid = true;
                break;
        default:
                return false;
        }
        return *signo > 0 && *signo <= 64;
}

static enum causal_edge stream_edge(uint32_t kind)
{
        switch (kind) {
        case RENACER_CAUSAL_PIPE:
                return CAUSAL_EDGE_PIPE;
        case RENACER_CAUSAL_UNIX_STREAM:
        case RENACER_CAUSAL_UNIX_DGRAM:
                return CAUSAL_EDGE_UNIX;
        case RENACER_CAUSAL_EVENTFD:
                return CAUSAL_EDGE_EVENTFD;
        }
        return CAUSAL_EDGE_NONE;
}

static struct entry *entry_new(const struct pend *p)
{
        struct entry *e = calloc(1, sizeof(*e));

        if (e) {
                e->t_enter = p->t_enter;
                e->t_exit = p->t_exit;
        }
        return e;
}

/* What a syscall record causes or waits for. */
static int plan_syscall(struct causal *c, struct pend *p)
{
        const struct renacer_syscall_event *ev = (const void *)p->rec;
        struct renacer_seg_causal cs;
        int r;

        p->t_exit = ev->hdr.ts_ns + ev->duration_ns;
        if (ev->flags & RENACER_SC_NORETURN)
                return 0;
        if (find_causal_seg(ev, p->len, &cs)) {
                if (cs.kind == RENACER_CAUSAL_WAITID) {
                        if (cs.value && cs.value < UINT32_MAX) {
                                p->need = NEED_WAIT;
                                p->pid = (uint32_t)cs.value;
                        }
                        return 0;
                }
                enum causal_edge edge = stream_edge(cs.kind);
                uint64_t units;
                if (edge == CAUSAL_EDGE_NONE)
                        return 0;
                bool write = sc_is_write(ev->nr);
                if (cs.kind == RENACER_CAUSAL_UNIX_DGRAM)
                        units = 1;
                else if (cs.kind == RENACER_CAUSAL_EVENTFD && !write &&
                         (cs.flags & RENACER_CAUSALF_SEMAPHORE))
                        units = 1;
                else
                        units = cs.value;
                struct queue *q =
                    queue_get(c, Q_STREAM, ((uint64_t)cs.kind << 32) | cs.dev, cs.ino, true);
                if (!q || q->desync)
                        return 0;
                if (cs.kind == RENACER_CAUSAL_EVENTFD && !(cs.flags & RENACER_CAUSALF_VALUE)) {
                        queue_desync(q);
                        return 0;
                }
                if (!units || units > (1ULL << 40)) {
                        queue_desync(q);
                        return 0;
                }
                if (write) {
                        struct entry *e = entry_new(p);
                        if (!e)
                                return -ENOMEM;
                        e->start = q->w_total;
                        e->end = q->w_total + units;
                        q->w_total = e->end;
                        /* what the reads have taken is not needed again */
                        if (!q->pending_reads)
                                while (q->n && q->ents[0]->end <= q->r_total)
                                        queue_drop(q, 0);
                        if ((r = queue_append(c, q, e)) < 0) {
                                free(e);
                                return r;
                        }
                        p->went = e;
                } else {
                        p->need = NEED_READ;
                        p->edge = edge;
                        p->q = q;
                        p->r0 = q->r_total;
                        p->r1 = q->r_total + units;
                        q->r_total = p->r1;
                        q->pending_reads++;
                }
                return 0;
        }
        if (ev->nr == __NR_wait4 && ev->ret > 0 && ev->ret < INT32_MAX) {
                p->need = NEED_WAIT;
                p->pid = (uint32_t)ev->ret;
                return 0;
        }
        if (ev->nr == __NR_futex) {
                int cmd = FUTEX_CMD((int)ev->args[1]);
                if ((cmd == FUTEX_WAKE_ || cmd == FUTEX_WAKEBS) && ev->ret > 0) {
                        struct queue *q = queue_get(c, Q_FUTEX, ev->hdr.tgid, ev->args[0], true);
                        struct entry *e;
                        if (!q)
                                return 0;
                        /* wakes that can no longer match a waiter */
                        while (q->n && (!q->ents[0]->left ||
                                        q->ents[0]->t_exit + 10000000000ULL < ev->hdr.ts_ns))
                                queue_drop(q, 0);
                        if (!(e = entry_new(p)))
                                return -ENOMEM;
                        e->left = (uint64_t)ev->ret;
                        if ((r = queue_append(c, q, e)) < 0) {
                                free(e);
                                return r;
                        }
                        p->went = e;
                } else if ((cmd == FUTEX_WAIT_ || cmd == FUTEX_WAITBS) && ev->ret == 0) {
                        p->q = queue_get(c, Q_FUTEX, ev->hdr.tgid, ev->args[0], true);
                        if (p->q)
                                p->need = NEED_FUTEX;
                }
                return 0;
        }
        int signo;
        uint32_t target;
        bool target_tid;
        if (sc_signal_sent(ev, &signo, &target, &target_tid)) {
                struct queue *q = queue_get(c, Q_SIGNAL, ev->hdr.tgid, 0, true);
                struct entry *e;
                if (!q)
                        return 0;
                if (!(e = entry_new(p)))
                        return -ENOMEM;
                e->signo = signo;
                e->target = target;
                e->target_tid = target_tid;
                if ((r = queue_append(c, q, e)) < 0) {
                        free(e);
                        return r;
                }
                p->went = e;
        }
        return 0;
}

static void plan_signal(struct causal *c, struct pend *p)
{
        const struct renacer_signal_event *se = (const void *)p->rec;
        int32_t code;
        uint32_t pid;

        memcpy(&code, se->siginfo + SIGINFO_CODE, sizeof(code));
        memcpy(&pid, se->siginfo + SIGINFO_PID, sizeof(pid));
        p->t_exit = se->hdr.ts_ns;
        if (se->signo == 17 && code >= CLD_EXITED && code <= CLD_DUMPED) {
                p->need = NEED_CHILD;
                p->pid = pid;
        } else if (code == SI_USER_CODE || code == SI_QUEUE_CODE || code == SI_TKILL_CODE) {
                if (!pid)
                        return;
                p->need = NEED_SIGNAL;
                p->pid = pid;
                p->signo = se->signo;
                p->sig_tgid = se->hdr.tgid;
                p->q = queue_get(c, Q_SIGNAL, pid, 0, true);
                if (!p->q)
                        p->need = NEED_NONE;
        }
}

/* ---- matching a held record with its cause ---- */

struct cause {
        enum causal_edge edge;
        uint32_t tid;
        uint64_t clock, seq, ns;
        uint64_t clock_max; /* another cause's larger clock (0: none) */
};

static void cause_from_entry(struct cause *out, enum causal_edge edge, const struct entry *e)
{
        out->edge = edge;
        out->tid = e->tid;
        out->clock = e->clock;
        out->seq = e->seq;
        out->ns = e->t_exit;
}

/* 1: ready (out filled, edge NONE when there is none), 0: still waiting. */
static int check_main(struct causal *c, struct pend *p, struct cause *out)
{
        memset(out, 0, sizeof(*out));
        switch (p->need) {
        case NEED_NONE:
                return 1;
        case NEED_WAIT:
        case NEED_CHILD: {
                struct key k = {p->pid, 0, 0};
                struct exit_info *x = map_get(&c->exits, &k);
                if (!x)
                        return 1;
                if (!x->released)
                        return 0;
                out->edge = p->need == NEED_WAIT ? CAUSAL_EDGE_WAIT : CAUSAL_EDGE_CHILD;
                out->tid = x->tid;
                out->clock = x->clock;
                out->seq = x->seq;
                out->ns = x->ns;
                if (p->need == NEED_WAIT)
                        x->reaped = true;
                return 1;
        }
        case NEED_READ: {
                struct queue *q = p->q;
                const struct entry *best = NULL;
                uint64_t clock = 0;
                if (q->desync)
                        return 1;
                if (q->w_total < p->r1)
                        return 0;
                for (size_t i = 0; i < q->n; i++) {
                        const struct entry *e = q->ents[i];
                        if (e->end <= p->r0 || e->start >= p->r1)
                                continue;
                        if (!e->released)
                                return 0;
                        if (!best || e->t_exit > best->t_exit)
                                best = e;
                        clock = MAX(clock, e->clock);
                }
                if (best) {
                        cause_from_entry(out, p->edge, best);
                        out->clock = clock;
                }
                return 1;
        }
        case NEED_FUTEX: {
                struct queue *q = p->q;
                /* a wake that ran while this waiter waited */
                for (size_t i = 0; i < q->n; i++) {
                        struct entry *e = q->ents[i];
                        if (!e->left || e->t_exit < p->t_enter || e->t_enter > p->t_exit)
                                continue;
                        if (!e->released)
                                return 0;
                        e->left--;
                        cause_from_entry(out, CAUSAL_EDGE_FUTEX, e);
                        return 1;
                }
                return 0;
        }
        case NEED_SIGNAL: {
                struct queue *q = p->q;
                const struct renacer_signal_event *se = (const void *)p->rec;
                struct entry *hit = NULL;
                for (size_t i = q->n; i-- > 0;) {
                        struct entry *e = q->ents[i];
                        if (e->signo != p->signo || e->consumed || e->t_enter > p->t_exit)
                                continue;
                        if (e->target && e->target != (e->target_tid ? se->hdr.tid : p->sig_tgid))
                                continue;
                        hit = e;
                        break;
                }
                if (!hit) {
                        /* the sender is traced: its call's record is on its way */
                        struct task *s = task_get(c, p->pid, false);
                        return s && !s->exited ? 0 : 1;
                }
                if (!hit->released)
                        return 0;
                cause_from_entry(out, CAUSAL_EDGE_SIGNAL, hit);
                if (hit->target) {
                        /* standard signals coalesce: earlier sends end here too */
                        for (size_t i = 0; i < q->n; i++) {
                                struct entry *e = q->ents[i];
                                if (e->signo == hit->signo && e->target == hit->target &&
                                    e->target_tid == hit->target_tid && e->released &&
                                    (e == hit || (hit->signo < 32 && e->t_enter <= hit->t_enter)))
                                        e->consumed = true;
                        }
                        while (q->n && q->ents[0]->consumed)
                                queue_drop(q, 0);
                }
                return 1;
        }
        }
        return 1;
}

/* The birth of a child, then what the record itself waits for; out gets
 * the record's own edge if it has one, the fork otherwise, and the larger
 * clock of the two (the Lamport receive takes both). */
static int check_need(struct causal *c, struct pend *p, struct cause *out)
{
        struct task *t = p->task;
        struct cause fork = {0};

        if (p->birth && t->birth == BIRTH_PENDING)
                return 0;
        if (p->birth && t->birth == BIRTH_KNOWN)
                fork = (struct cause){CAUSAL_EDGE_FORK, t->birth_tid, t->birth_clock,
                                      t->birth_seq,     t->birth_ns,  0};
        if (!check_main(c, p, out)) {
                if (fork.edge)
                        *out = fork; /* what an expiry may still keep */
                return 0;
        }
        if (out->edge == CAUSAL_EDGE_NONE) {
                *out = fork;
        } else if (fork.edge && fork.clock > out->clock) {
                out->clock_max = fork.clock;
        }
        return 1;
}

static void busy_add(struct causal *c, struct task *t)
{
        if (t->busy)
                return;
        t->busy = true;
        t->busy_prev = NULL;
        t->busy_next = c->busy;
        if (c->busy)
                c->busy->busy_prev = t;
        c->busy = t;
}

static void busy_del(struct causal *c, struct task *t)
{
        if (!t->busy)
                return;
        if (t->busy_prev)
                t->busy_prev->busy_next = t->busy_next;
        else
                c->busy = t->busy_next;
        if (t->busy_next)
                t->busy_next->busy_prev = t->busy_prev;
        t->busy = false;
}

static void release(struct causal *c, struct pend *p, const struct cause *cause, bool unmatched)
{
        const struct renacer_event_header *h = (const void *)p->rec;
        struct task *t = p->task;
        struct causal_note note = {.tid = t->tid};
        uint64_t clock = t->clock;

        if (cause->edge != CAUSAL_EDGE_NONE) {
                clock = MAX(clock, MAX(cause->clock, cause->clock_max));
                note.edge = cause->edge;
                note.cause_tid = cause->tid;
                note.cause_clock = cause->clock;
                note.cause_seq = cause->seq;
                note.cause_ns = cause->ns;
                c->stats.edges[cause->edge]++;
        } else if (unmatched) {
                c->stats.unmatched++;
        }
        if (p->exec_old)
                clock = MAX(clock, p->exec_old->clock);
        note.clock = t->clock = clock + 1;
        note.seq = c->seq++;
        if (p->went) {
                p->went->tid = t->tid;
                p->went->clock = note.clock;
                p->went->seq = note.seq;
                p->went->released = true;
                if (p->went->detached)
                        free(p->went);
                p->went = NULL;
        }
        if (p->child) {
                p->child->birth = BIRTH_KNOWN;
                p->child->birth_tid = t->tid;
                p->child->birth_clock = note.clock;
                p->child->birth_seq = note.seq;
                p->child->birth_ns = h->ts_ns;
        }
        if (p->proc_exit) {
                struct key k = {p->exit_tgid, 0, 0};
                struct exit_info *x = map_get(&c->exits, &k);
                if (x) {
                        x->released = true;
                        x->tid = t->tid;
                        x->clock = note.clock;
                        x->seq = note.seq;
                        x->ns = h->ts_ns;
                }
        }
        if (p->need == NEED_READ)
                p->q->pending_reads--;
        c->stats.records++;
        c->emit(c->ctx, p->rec, p->len, &note);

        if (p->queued) {
                if (p->prev)
                        p->prev->next = p->next;
                else
                        c->head = p->next;
                if (p->next)
                        p->next->prev = p->prev;
                else
                        c->tail = p->prev;
                c->npending--;
                t->head = p->task_next;
                if (!t->head) {
                        t->tail = NULL;
                        busy_del(c, t);
                }
        }
        if (p->exit_rec)
                t->exited = true;
        t->refs--;
        if (p->child) {
                p->child->refs--;
                task_maybe_forget(c, p->child);
        }
        if (p->exec_old) {
                p->exec_old->refs--;
                task_maybe_forget(c, p->exec_old);
        }
        if (p->queued)
                free(p);
        task_maybe_forget(c, t);
}

/* Release what can go; expired records go without their edge. */
static void pump(struct causal *c, uint64_t now, bool all)
{
        bool progress = true;

        while (progress) {
                progress = false;
                for (struct task *t = c->busy, *next; t; t = next) {
                        next = t->busy_next;
                        struct pend *p = t->head;
                        struct cause cause;
                        int ready = check_need(c, p, &cause);
                        bool expired =
                            all || now - p->arrived >= c->lim.max_wait_ns || p->arrived > now;
                        if (!ready && !expired)
                                continue;
                        if (!ready) {
                                /* the fork is known for certain; the rest never came */
                                if (cause.edge != CAUSAL_EDGE_FORK)
                                        memset(&cause, 0, sizeof(cause));
                                if (p->need == NEED_READ)
                                        queue_desync(p->q);
                        }
                        release(c, p, &cause, !ready);
                        progress = true;
                        break; /* the busy list changed: start again */
                }
        }
        while (c->npending > c->lim.max_pending) {
                struct pend *p = c->head; /* the oldest is its task's head */
                struct cause cause;
                if (!check_need(c, p, &cause)) {
                        if (cause.edge != CAUSAL_EDGE_FORK)
                                memset(&cause, 0, sizeof(cause));
                        if (p->need == NEED_READ)
                                queue_desync(p->q);
                        c->stats.forced++;
                }
                release(c, p, &cause, false);
                pump(c, now, false);
        }
}

static size_t min_size(uint8_t kind)
{
        switch (kind) {
        case RENACER_EV_SYSCALL:
                return sizeof(struct renacer_syscall_event);
        case RENACER_EV_FORK:
        case RENACER_EV_THREAD:
        case RENACER_EV_EXIT:
        case RENACER_EV_THREAD_EXIT:
                return sizeof(struct renacer_proc_event);
        case RENACER_EV_EXEC:
        case RENACER_EV_PRIV:
                return sizeof(struct renacer_exec_event);
        case RENACER_EV_SIGNAL:
                return sizeof(struct renacer_signal_event);
        }
        return sizeof(struct renacer_event_header);
}

int causal_feed(struct causal *c, const void *rec, size_t len, uint64_t now_ns)
{
        struct renacer_event_header h;
        struct pend local, *p = &local, *q;
        struct task *t, *child = NULL, *old = NULL;
        struct cause cause;
        uint32_t owner;
        int r;

        if (len < sizeof(h)) {
                c->stats.malformed++;
                return -EBADMSG;
        }
        memcpy(&h, rec, sizeof(h));
        if (h.size > len || h.size < min_size(h.kind) ||
            (h.kind == RENACER_EV_SYSCALL && record_syscall_check(rec, h.size) < 0)) {
                c->stats.malformed++;
                return -EBADMSG;
        }
        /* built here; copied only if it has to wait */
        memset(p, 0, sizeof(*p));
        p->rec = rec;
        p->len = h.size;
        p->arrived = now_ns;
        p->t_enter = p->t_exit = h.ts_ns;
        owner = h.tid;
        if (h.kind == RENACER_EV_FORK || h.kind == RENACER_EV_THREAD) {
                const struct renacer_proc_event *pe = (const void *)p->rec;
                owner = h.kind == RENACER_EV_FORK && pe->exit_code > 0 ? (uint32_t)pe->exit_code
                                                                       : pe->ppid;
                if (owner != h.tid) {
                        child = task_get(c, h.tid, true);
                        if (child) {
                                /* a task born again under a recycled tid */
                                child->exited = false;
                                child->first_done = false;
                                child->birth = BIRTH_PENDING;
                                child->refs++;
                        }
                }
        }
        t = task_get(c, owner, true);
        if (!t) {
                if (child) {
                        child->birth = BIRTH_NONE;
                        child->refs--;
                }
                return -ENOMEM;
        }
        t->refs++;
        p->task = t;
        p->child = child;
        if (h.kind == RENACER_EV_EXEC) {
                const struct renacer_proc_event *pe = (const void *)p->rec;
                if (pe->ppid && pe->ppid != h.tid && (old = task_get(c, pe->ppid, false))) {
                        old->refs++;
                        old->exited = true; /* its tid is gone: the leader's now */
                        p->exec_old = old;
                }
        }
        if (!child && !t->first_done && t->birth != BIRTH_NONE)
                p->birth = true;
        t->first_done = true;
        r = 0;
        if (h.kind == RENACER_EV_SYSCALL) {
                r = plan_syscall(c, p);
        } else if (h.kind == RENACER_EV_SIGNAL) {
                plan_signal(c, p);
        } else if (h.kind == RENACER_EV_EXIT || h.kind == RENACER_EV_THREAD_EXIT) {
                p->exit_rec = true;
                if (h.kind == RENACER_EV_EXIT) {
                        struct key k = {h.tgid, 0, 0};
                        struct exit_info *x = map_get(&c->exits, &k);
                        if (!x && c->exits.n >= c->exits.limit) {
                                /* forget the processes already reaped */
                                for (size_t i = 0; i < c->exits.cap; i++) {
                                        struct exit_info *e = c->exits.vals[i];
                                        if (e && e->released && e->reaped) {
                                                struct key dk = c->exits.keys[i];
                                                map_del(&c->exits, &dk);
                                                free(e);
                                                i--; /* a later entry may have moved here */
                                        }
                                }
                        }
                        if (!x && (x = calloc(1, sizeof(*x))) && map_put(&c->exits, &k, x) < 0) {
                                free(x);
                                x = NULL;
                        }
                        if (x) {
                                memset(x, 0, sizeof(*x));
                                p->proc_exit = true;
                                p->exit_tgid = h.tgid;
                        }
                }
        }
        if (r < 0) {
                t->refs--;
                if (child) {
                        child->refs--;
                        child->birth = BIRTH_NONE;
                }
                if (old)
                        old->refs--;
                return r;
        }
        if (p->need != NEED_NONE || p->birth)
                c->stats.held++;
        /* the common case: nothing of the task waits and the cause (if
         * any) is out: released now, without a copy */
        if (!t->head && check_need(c, p, &cause)) {
                release(c, p, &cause, false);
                if (c->busy)
                        pump(c, now_ns, false);
                return 0;
        }
        q = malloc(sizeof(*q) + p->len);
        if (!q) {
                /* it cannot wait: out now, without its edge */
                memset(&cause, 0, sizeof(cause));
                release(c, p, &cause, true);
                return 0;
        }
        memcpy(q, p, sizeof(*q));
        memcpy(q->copy, rec, p->len);
        q->rec = q->copy;
        q->queued = true;
        p = q;
        /* append: arrival list and the task's FIFO */
        p->prev = c->tail;
        if (c->tail)
                c->tail->next = p;
        else
                c->head = p;
        c->tail = p;
        c->npending++;
        if (t->tail)
                t->tail->task_next = p;
        else
                t->head = p;
        t->tail = p;
        busy_add(c, t);
        pump(c, now_ns, false);
        return 0;
}

void causal_tick(struct causal *c, uint64_t now_ns)
{
        pump(c, now_ns, false);
}

void causal_drain(struct causal *c)
{
        pump(c, 0, true);
}
