// SPDX-License-Identifier: MIT
#include "session-table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include "renacer-event.h"
#include "util.h"

struct session_table {
        struct session **slots; /* open addressing on id */
        size_t cap, count;
        struct session **order; /* the same sessions sorted by id, for iteration */
        size_t order_cap;
        uint32_t next_id;
        uint64_t created;
};

int session_table_new(struct session_table **ret)
{
        struct session_table *t = calloc(1, sizeof(*t));

        if (!t)
                return -ENOMEM;
        t->cap = 64;
        t->slots = calloc(t->cap, sizeof(*t->slots));
        if (!t->slots) {
                free(t);
                return -ENOMEM;
        }
        t->next_id = 1;
        *ret = t;
        return 0;
}

static void session_free(struct session *s)
{
        if (s->pidfd >= 0)
                close(s->pidfd);
        for (size_t i = 0; i < s->nprocs; i++)
                fd_table_free(&s->procs[i].fds);
        free(s->procs);
        free(s->filter_expr);
        free(s->cgroup);
        free(s);
}

void session_table_free(struct session_table *t)
{
        if (!t)
                return;
        for (size_t i = 0; i < t->cap; i++)
                if (t->slots[i])
                        session_free(t->slots[i]);
        free(t->slots);
        free(t->order);
        free(t);
}

static size_t find_slot(const struct session_table *t, uint32_t id)
{
        size_t i = (id * 2654435761u) & (t->cap - 1);

        while (t->slots[i] && t->slots[i]->id != id)
                i = (i + 1) & (t->cap - 1);
        return i;
}

static int grow(struct session_table *t)
{
        size_t cap = t->cap * 2;
        struct session **old = t->slots, **slots = calloc(cap, sizeof(*slots));

        if (!slots)
                return -ENOMEM;
        size_t oldcap = t->cap;
        t->slots = slots;
        t->cap = cap;
        for (size_t i = 0; i < oldcap; i++)
                if (old[i])
                        t->slots[find_slot(t, old[i]->id)] = old[i];
        free(old);
        return 0;
}

/* Index of the first session in id order whose id is above `after`. */
static size_t order_upper(const struct session_table *t, uint32_t after)
{
        size_t lo = 0, hi = t->count;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (t->order[mid]->id <= after)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

static int add(struct session_table *t, uint32_t id, pid_t root, struct session **ret)
{
        struct session *s;

        if ((t->count + 1) * 2 > t->cap && grow(t) < 0)
                return -ENOMEM;
        if (t->count == t->order_cap) {
                size_t cap = t->order_cap ? t->order_cap * 2 : 64;
                struct session **o = realloc(t->order, cap * sizeof(*o));
                if (!o)
                        return -ENOMEM;
                t->order = o;
                t->order_cap = cap;
        }
        s = calloc(1, sizeof(*s));
        if (!s)
                return -ENOMEM;
        if (id) {
                if (t->slots[find_slot(t, id)]) {
                        free(s);
                        return -EEXIST;
                }
                s->id = id;
        } else {
                /* ids are never reused while a session with that id lives;
                 * the auto-session range is the kernel's */
                do {
                        s->id = t->next_id++;
                        if (t->next_id == 0 || t->next_id >= RENACER_AUTO_SESSION)
                                t->next_id = 1;
                } while (t->slots[find_slot(t, s->id)]);
        }
        s->root = root;
        s->pidfd = -1;
        s->created_ns = now_monotonic_ns();
        s->capture = 32;
        filter_all(&s->filter);
        if (!session_proc_add(s, root)) {
                free(s);
                return -ENOMEM;
        }
        s->procs[0].ppid = 0;
        t->slots[find_slot(t, s->id)] = s;
        size_t at = order_upper(t, s->id);
        memmove(&t->order[at + 1], &t->order[at], (t->count - at) * sizeof(*t->order));
        t->order[at] = s;
        t->count++;
        t->created++;
        *ret = s;
        return 0;
}

int session_table_add(struct session_table *t, pid_t root, struct session **ret)
{
        return add(t, 0, root, ret);
}

int session_table_add_id(struct session_table *t, uint32_t id, pid_t root, struct session **ret)
{
        return id ? add(t, id, root, ret) : -EINVAL;
}

struct session *session_table_get(struct session_table *t, uint32_t id)
{
        return id ? t->slots[find_slot(t, id)] : NULL;
}

void session_table_remove(struct session_table *t, struct session *s)
{
        size_t i = find_slot(t, s->id), j = i;

        if (t->slots[i] != s)
                return;
        t->slots[i] = NULL;
        /* re-place the rest of the probe run (no tombstones) */
        for (;;) {
                j = (j + 1) & (t->cap - 1);
                struct session *o = t->slots[j];
                if (!o)
                        break;
                t->slots[j] = NULL;
                t->slots[find_slot(t, o->id)] = o;
        }
        size_t at = order_upper(t, s->id - 1);
        if (at < t->count && t->order[at] == s)
                memmove(&t->order[at], &t->order[at + 1], (t->count - at - 1) * sizeof(*t->order));
        t->count--;
        session_free(s);
}

size_t session_table_count(const struct session_table *t)
{
        return t->count;
}

uint64_t session_table_created(const struct session_table *t)
{
        return t->created;
}

struct session *session_table_next(struct session_table *t, uint32_t after)
{
        size_t at = order_upper(t, after);

        return at < t->count ? t->order[at] : NULL;
}

struct session_proc *session_proc_find(struct session *s, pid_t tgid)
{
        for (size_t i = 0; i < s->nprocs; i++)
                if (s->procs[i].tgid == tgid && s->procs[i].alive)
                        return &s->procs[i];
        return NULL;
}

struct session_proc *session_proc_add(struct session *s, pid_t tgid)
{
        struct session_proc *p = realloc(s->procs, (s->nprocs + 1) * sizeof(*p));

        if (!p)
                return NULL;
        s->procs = p;
        p = &s->procs[s->nprocs++];
        memset(p, 0, sizeof(*p));
        p->tgid = tgid;
        p->alive = true;
        fd_table_init(&p->fds);
        s->live++;
        return p;
}

void session_info(const struct session *s, struct session_info *ret)
{
        uint64_t start = s->first_exec_ns ? s->first_exec_ns : s->created_ns;

        memset(ret, 0, sizeof(*ret));
        ret->id = s->id;
        ret->root = s->root;
        ret->uid = s->uid;
        ret->follow = s->follow;
        ret->auto_session = s->auto_session;
        ret->complete = s->complete;
        memcpy(ret->comm, s->comm, sizeof(ret->comm));
        ret->comm[sizeof(ret->comm) - 1] = '\0';
        ret->cgroup = s->cgroup;
        ret->filter = s->filter_expr ? s->filter_expr : "";
        ret->processes = s->live;
        ret->events = s->events;
        ret->events_lost = s->events_lost;
        ret->kernel_lifecycle_lost = s->kernel_lifecycle_lost;
        ret->created_ns = s->created_ns;
        ret->first_exec_ns = s->first_exec_ns;
        ret->end_ns = s->end_ns;
        ret->wall_ns = s->end_ns > start ? s->end_ns - start : 0;
        ret->root_status = -1;
        for (size_t i = 0; i < s->nprocs; i++)
                if (s->procs[i].tgid == s->root && !s->procs[i].alive) {
                        ret->root_gone = true;
                        ret->root_status = s->procs[i].exit_status;
                }
        ret->pidfd = s->pidfd;
}

uint32_t session_id(const struct session *s)
{
        return s->id;
}

void *session_userdata(const struct session *s)
{
        return s->userdata;
}

void session_set_userdata(struct session *s, void *data)
{
        s->userdata = data;
}

bool session_record_valid(const void *rec, size_t len)
{
        const struct renacer_event_header *h = rec;

        if (len < sizeof(*h) || h->version != RENACER_EVENT_VERSION || h->size > len ||
            h->size < sizeof(*h) || (h->size & 7))
                return false;
        switch (h->kind) {
        case RENACER_EV_SYSCALL:
                return h->size >= sizeof(struct renacer_syscall_event);
        case RENACER_EV_EXEC:
        case RENACER_EV_PRIV:
                return h->size >= sizeof(struct renacer_exec_event);
        case RENACER_EV_FORK:
        case RENACER_EV_EXIT:
        case RENACER_EV_THREAD:
        case RENACER_EV_THREAD_EXIT:
        case RENACER_EV_DETACH:
                return h->size >= sizeof(struct renacer_proc_event);
        case RENACER_EV_SIGNAL:
                return h->size >= sizeof(struct renacer_signal_event);
        case RENACER_EV_STACK:
                return h->size >= sizeof(struct renacer_stack_event);
        case RENACER_EV_MAP:
                return h->size >= sizeof(struct renacer_map_event);
        }
        return false;
}

/* The live process a syscall or exec record belongs to. A tgid first seen
 * here joined before its fork record could be read: create it. One that
 * already exited gets no second life (its exit was final). */
static struct session_proc *proc_for_record(struct session *s, pid_t tgid)
{
        bool dead = false;
        struct session_proc *p;

        /* runs of records come from one process: check the last one first,
         * so a tree of thousands of processes costs no scan per record */
        if (s->last_proc < s->nprocs && s->procs[s->last_proc].tgid == tgid &&
            s->procs[s->last_proc].alive)
                return &s->procs[s->last_proc];
        for (size_t i = 0; i < s->nprocs; i++) {
                if (s->procs[i].tgid != tgid)
                        continue;
                if (s->procs[i].alive) {
                        s->last_proc = i;
                        return &s->procs[i];
                }
                dead = true;
        }
        if (dead)
                return NULL;
        p = session_proc_add(s, tgid);
        if (p)
                s->last_proc = (size_t)(p - s->procs);
        return p;
}

int session_ingest(struct session *s, const void *rec, size_t len)
{
        const struct renacer_event_header *h = rec;
        const struct renacer_proc_event *pe = rec;
        struct session_proc *p;

        if (!session_record_valid(rec, len))
                return -EBADMSG;
        switch (h->kind) {
        case RENACER_EV_SYSCALL: {
                const struct renacer_syscall_event *ev = rec;
                s->events++;
                if (ev->nr == SYS_execve && ev->ret == 0 && !s->first_exec_ns)
                        s->first_exec_ns = h->ts_ns;
                p = proc_for_record(s, (pid_t)h->tgid);
                if (p)
                        fd_table_track(&p->fds, ev, h->size);
                return 0;
        }
        case RENACER_EV_FORK: {
                struct session_proc *parent = NULL;
                for (size_t i = 0; i < s->nprocs; i++)
                        if (s->procs[i].tgid == (pid_t)pe->ppid && s->procs[i].alive)
                                parent = &s->procs[i];
                size_t pidx = parent ? (size_t)(parent - s->procs) : SIZE_MAX;
                /* its records may have come first and created it */
                p = session_proc_find(s, (pid_t)h->tgid);
                if (!p)
                        p = session_proc_add(s, (pid_t)h->tgid);
                if (!p)
                        return -ENOMEM;
                p->ppid = (pid_t)pe->ppid;
                if (pidx != SIZE_MAX && p != &s->procs[pidx])
                        fd_table_copy(&p->fds, &s->procs[pidx].fds);
                return 0;
        }
        case RENACER_EV_EXEC:
                p = proc_for_record(s, (pid_t)h->tgid);
                if (p)
                        fd_table_exec(&p->fds);
                if (h->tgid == (uint32_t)s->root) {
                        memcpy(s->comm, pe->comm, sizeof(s->comm));
                        s->comm[sizeof(s->comm) - 1] = '\0';
                }
                return 0;
        case RENACER_EV_EXIT:
        case RENACER_EV_PRIV:   /* out of sight for good: as if it exited */
        case RENACER_EV_DETACH: /* out of the cgroup scope: likewise */
                for (size_t i = 0; i < s->nprocs; i++) {
                        p = &s->procs[i];
                        if (p->tgid != (pid_t)h->tgid || !p->alive)
                                continue;
                        p->alive = false;
                        p->exit_status = h->kind == RENACER_EV_EXIT ? pe->exit_code : -1;
                        p->maxrss_kb = pe->maxrss_kb;
                        fd_table_free(&p->fds);
                        s->live--;
                        break;
                }
                /* an empty cgroup may gain processes: its session goes on */
                if (s->live == 0 && !s->complete && !s->cgroup_id) {
                        s->complete = true;
                        s->end_ns = h->ts_ns;
                        return 1;
                }
                return 0;
        case RENACER_EV_THREAD:
        case RENACER_EV_THREAD_EXIT:
        case RENACER_EV_SIGNAL:
                /* for the renderers: a process lives until its EXIT */
                return 0;
        case RENACER_EV_STACK:
        case RENACER_EV_MAP:
                return 0; /* for the renderer's unwinder (-k) */
        }
        return -EBADMSG;
}
