// SPDX-License-Identifier: MIT
#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "filter.h"
#include "session-table.h"
#include "util.h"

/* Aggregates of sessions nobody will read (a provisional auto-session's
 * process that was mid-call or forking when it was let go) are collected
 * this often, each after it was seen orphaned twice. */
#define AGG_GC_INTERVAL_NS (2ULL * 1000000000ULL)
#define AGG_GC_MAX         4096

struct engine {
        struct tracer *tracer;
        struct session_table *sessions;
        struct engine_callbacks cb;
        void *ctx;
        bool completions;    /* some session completed inside the ring callback */
        uint32_t auto_seen;  /* highest provisional auto-session number seen at exec */
        uint64_t gc_last_ns; /* the last collection */
        uint32_t *gc_prev;   /* orphaned at the last collection, sorted */
        size_t gc_nprev;
};

/* A record of a provisional auto-session nobody adopted: let it go, one
 * process at a time (the exec's, then each child it forked before that),
 * so that the cost does not grow with the kernel's maps. */
static void orphan_release(struct engine *e, const struct renacer_event_header *h)
{
        switch (h->kind) {
        case RENACER_EV_EXEC:
                tracer_untrack(e->tracer, (pid_t)h->tgid, h->session_id);
                tracer_session_release(e->tracer, h->session_id);
                break;
        case RENACER_EV_FORK:
                tracer_untrack(e->tracer, (pid_t)h->tgid, h->session_id);
                break;
        }
}

static int on_ring_record(void *ctx, const void *rec, size_t len)
{
        struct engine *e = ctx;
        const struct renacer_event_header *h = rec;
        struct session *s;
        int r;

        s = session_table_get(e->sessions, h->session_id);
        if (!s && (h->session_id & RENACER_AUTO_SESSION)) {
                uint32_t n = h->session_id & ~RENACER_AUTO_SESSION;
                if (h->kind == RENACER_EV_EXEC && n > e->auto_seen)
                        e->auto_seen = n;
                if (e->cb.on_orphan) {
                        e->cb.on_orphan(e->ctx, rec, h->size);
                        s = session_table_get(e->sessions, h->session_id);
                }
                if (!s) {
                        orphan_release(e, h);
                        return 0;
                }
        }
        if (!s || s->complete)
                return 0; /* a session that just ended: its stragglers go */
        r = session_ingest(s, rec, len);
        if (r < 0)
                return 0;
        /* an adopted tree's child forked before the adoption: it streams
         * and keeps its later execs in the session too */
        if (s->auto_session && h->kind == RENACER_EV_FORK)
                tracer_tgid_add_flags(e->tracer, (pid_t)h->tgid, s->id,
                                      RENACER_TRACK_STREAM | RENACER_TRACK_ADOPTED);
        if (e->cb.on_record)
                e->cb.on_record(e->ctx, s, rec, h->size);
        /* reported after the drain: the owner may consume again or free the
         * session, neither of which is safe inside the ring callback */
        if (r == 1)
                e->completions = true;
        return 0;
}

static void report_completions(struct engine *e)
{
        struct session *s;
        uint32_t id = 0;

        if (!e->completions)
                return;
        e->completions = false;
        while ((s = session_table_next(e->sessions, id))) {
                id = s->id;
                if (!s->complete || s->reported)
                        continue;
                s->reported = true;
                if (e->cb.on_complete)
                        e->cb.on_complete(e->ctx, s);
        }
}

int engine_new(const struct tracer_opts *opts, const struct engine_callbacks *cb, void *ctx,
               struct engine **ret)
{
        struct engine *e = calloc(1, sizeof(*e));
        int r;

        if (!e)
                return -ENOMEM;
        e->cb = *cb;
        e->ctx = ctx;
        r = session_table_new(&e->sessions);
        if (r < 0)
                goto fail;
        r = tracer_open(opts, on_ring_record, e, &e->tracer);
        if (r < 0)
                goto fail;
        *ret = e;
        return 0;
fail:
        engine_free(e);
        return r;
}

void engine_free(struct engine *e)
{
        if (!e)
                return;
        tracer_free(e->tracer);
        session_table_free(e->sessions);
        free(e->gc_prev);
        free(e);
}

int engine_fd(const struct engine *e)
{
        return tracer_fd(e->tracer);
}

int engine_consume(struct engine *e)
{
        int r = tracer_consume(e->tracer);

        report_completions(e);
        return r;
}

/* Tgid, real/effective/saved uids and permitted capabilities from
 * /proc/PID/status. */
static int proc_status(pid_t pid, pid_t *tgid, uid_t uids[3], uint64_t *ret_caps)
{
        char path[64], line[256];
        unsigned long long caps = 0;
        FILE *f;
        int found = 0;

        snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
        f = fopen(path, "re");
        if (!f)
                return errno == ENOENT ? -ESRCH : -errno;
        while (fgets(line, sizeof(line), f)) {
                unsigned a, b, c;
                int t;
                if (sscanf(line, "Tgid: %d", &t) == 1) {
                        *tgid = t;
                        found |= 1;
                } else if (sscanf(line, "Uid: %u %u %u", &a, &b, &c) == 3) {
                        uids[0] = a;
                        uids[1] = b;
                        uids[2] = c;
                        found |= 2;
                } else if (sscanf(line, "CapPrm: %llx", &caps) == 1) {
                        found |= 4;
                }
        }
        fclose(f);
        if (ret_caps)
                *ret_caps = caps;
        return found == 7 ? 0 : -ESRCH;
}

/* ptrace's rule for a process of the requester's own uid: the tracer's
 * capabilities must cover the target's (cap_ptrace_access_check), so a
 * process that holds any (ambient ones given to a service, say) is not
 * an unprivileged user's to see. The kernel judges later execs itself. */
static bool caps_hidden(uid_t requester, uint64_t caps)
{
        return requester != 0 && caps != 0;
}

/* Whether a non-root requester may trace pid as ptrace_may_access() would
 * let it, and as the kernel judges a process joining a cgroup scope: every
 * uid (fsuid too) the requester's, the gids all equal (no setgid image), no
 * permitted capabilities, and dumpable (/proc/PID is root's otherwise).
 * Returns 0, -EPERM with the reason in why, or -ESRCH. */
static int proc_may_trace(pid_t pid, uid_t requester, char *why, size_t whylen)
{
        char path[64], line[256];
        unsigned u[4], g[4];
        unsigned long long caps = 0;
        int found = 0;
        struct stat st;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
        f = fopen(path, "re");
        if (!f)
                return -ESRCH;
        while (fgets(line, sizeof(line), f)) {
                if (sscanf(line, "Uid: %u %u %u %u", &u[0], &u[1], &u[2], &u[3]) == 4)
                        found |= 1;
                else if (sscanf(line, "Gid: %u %u %u %u", &g[0], &g[1], &g[2], &g[3]) == 4)
                        found |= 2;
                else if (sscanf(line, "CapPrm: %llx", &caps) == 1)
                        found |= 4;
        }
        fclose(f);
        snprintf(path, sizeof(path), "/proc/%d", (int)pid);
        if (found != 7 || stat(path, &st) < 0)
                return -ESRCH;
        for (int i = 0; i < 4; i++)
                if (u[i] != requester) {
                        snprintf(why, whylen, "it runs as uid %u", u[i]);
                        return -EPERM;
                }
        if (g[1] != g[0] || g[2] != g[0] || g[3] != g[0]) {
                snprintf(why, whylen, "it runs a setgid image (gid %u, egid %u)", g[0], g[1]);
                return -EPERM;
        }
        if (caps) {
                snprintf(why, whylen, "it holds capabilities (%llx)", caps);
                return -EPERM;
        }
        if (st.st_uid != requester) {
                snprintf(why, whylen, "it is not dumpable");
                return -EPERM;
        }
        return 0;
}

/* PF_KTHREAD in the flags of /proc/PID/stat (field 9, after "(comm)",
 * which may itself hold spaces and parentheses). */
#define PF_KTHREAD_FLAG 0x00200000u
static bool is_kernel_thread(pid_t pid, char *comm, size_t commlen)
{
        char path[64], buf[512];
        unsigned flags = 0;
        ssize_t n;
        int fd;

        snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return false;
        n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
                return false;
        buf[n] = '\0';
        char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
        if (!open_paren || !close_paren || close_paren < open_paren)
                return false;
        snprintf(comm, commlen, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
        if (sscanf(close_paren + 1, " %*c %*d %*d %*d %*d %*d %u", &flags) != 1)
                return false;
        return flags & PF_KTHREAD_FLAG;
}

static bool pidfd_exited(int pidfd)
{
        struct pollfd p = {.fd = pidfd, .events = POLLIN};

        /* EPERM means it lives but is not ours to signal: only ESRCH is gone */
        return poll(&p, 1, 0) > 0 ||
               (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0 && errno == ESRCH);
}

#define FAIL(code, ...)                                                                            \
        do {                                                                                       \
                snprintf(err, errlen, __VA_ARGS__);                                                \
                r = (code);                                                                        \
                goto fail;                                                                         \
        } while (0)

/* One process found in a scope's cgroup.procs at creation. */
struct scope_fill {
        struct engine *e;
        struct session *s;
        const struct renacer_tracked *cfg;
        const struct cgroup_ref *cg;
        uid_t requester;
        char *err;
        size_t errlen;
};

static int scope_add_proc(pid_t pid, void *ctx)
{
        struct scope_fill *f = ctx;
        _cleanup_close_ int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
        char rel[PATH_MAX], comm[32], why[128];
        pid_t tgid = 0;
        uid_t uids[3];
        int r;

        uint64_t caps = 0;

        /* gone already, or a kernel thread (the root cgroup holds them) */
        if (pidfd < 0 || is_kernel_thread(pid, comm, sizeof(comm)) ||
            proc_status(pid, &tgid, uids, &caps) < 0)
                return 0;
        if (f->requester != 0 &&
            (uids[0] != f->requester || uids[1] != f->requester || uids[2] != f->requester)) {
                snprintf(f->err, f->errlen,
                         "permission denied: cgroup %s holds process %d of uid %u, not of uid %u",
                         f->cg->path, (int)pid, (unsigned)uids[1], (unsigned)f->requester);
                return -EPERM;
        }
        if (caps_hidden(f->requester, caps)) {
                snprintf(f->err, f->errlen,
                         "permission denied: cgroup %s holds process %d, which has capabilities "
                         "(CapPrm %#llx): only root may trace it",
                         f->cg->path, (int)pid, (unsigned long long)caps);
                return -EPERM;
        }
        if (f->requester != 0 && (r = proc_may_trace(pid, f->requester, why, sizeof(why))) < 0) {
                if (r != -EPERM)
                        return 0; /* gone meanwhile */
                snprintf(f->err, f->errlen,
                         "permission denied: cgroup %s holds process %d, which uid %u may not "
                         "trace: %s",
                         f->cg->path, (int)pid, (unsigned)f->requester, why);
                return -EPERM;
        }
        r = tracer_track(f->e->tracer, pid, f->cfg);
        if (r == -EBUSY) {
                snprintf(f->err, f->errlen,
                         "process %d of cgroup %s is already traced by %d sessions (the limit)",
                         (int)pid, f->cg->path, RENACER_PROC_SESSIONS);
                return r;
        }
        if (r < 0 && r != -EEXIST) {
                snprintf(f->err, f->errlen, "cannot trace process %d of cgroup %s: %s", (int)pid,
                         f->cg->path, strerror(-r));
                return r;
        }
        /* moved out or gone between the read of cgroup.procs and now: the
         * kernel's migration program found it untracked, so undo it here */
        if (pidfd_exited(pidfd) || cgroup_of_pid(pid, rel, sizeof(rel)) < 0 ||
            !cgroup_rel_within(rel, f->cg->rel)) {
                if (r == 0)
                        tracer_untrack(f->e->tracer, pid, f->s->id);
                return 0;
        }
        if (!session_proc_find(f->s, pid) && !session_proc_add(f->s, pid)) {
                snprintf(f->err, f->errlen, "cannot create session: %s", strerror(ENOMEM));
                return -ENOMEM;
        }
        return 0;
}

/* trace --cgroup: the scope goes into the kernel first, so every process
 * that forks or moves in from then on is the kernel's to add; then the
 * processes already there are tracked. */
static int session_create_scoped(struct engine *e, const struct session_params *p,
                                 struct renacer_tracked *cfg, struct session *s, char *err,
                                 size_t errlen)
{
        struct cgroup_ref cg;
        int r;

        r = cgroup_resolve(p->cgroup, true, &cg, err, errlen);
        if (r < 0)
                return r;
        s->cgroup = strdup(cg.path);
        if (!s->cgroup) {
                snprintf(err, errlen, "cannot create session: %s", strerror(ENOMEM));
                return -ENOMEM;
        }
        const char *base = strrchr(cg.path, '/');
        base = base && base[1] ? base + 1 : cg.path;
        memcpy(s->comm, base, strnlen(base, sizeof(s->comm) - 1));
        /* no root process: the scope's processes come and go */
        fd_table_free(&s->procs[0].fds);
        s->nprocs = 0;
        s->live = 0;
        s->root = 0;
        s->follow = true;
        cfg->flags = (cfg->flags & ~RENACER_TRACK_FOLLOW) | RENACER_TRACK_CGROUP;
        r = tracer_scope_add(e->tracer, cg.id, cfg);
        if (r == -EBUSY) {
                snprintf(err, errlen, "cgroup %s is already scoped by %d sessions (the limit)",
                         cg.path, RENACER_PROC_SESSIONS);
                return r;
        }
        if (r < 0) {
                snprintf(err, errlen, "cannot scope cgroup %s: %s", cg.path, strerror(-r));
                return r;
        }
        s->cgroup_id = cg.id;
        struct scope_fill f = {.e = e,
                               .s = s,
                               .cfg = cfg,
                               .cg = &cg,
                               .requester = p->requester,
                               .err = err,
                               .errlen = errlen};
        r = cgroup_each_proc(cg.path, scope_add_proc, &f);
        if (r < 0 && !err[0])
                snprintf(err, errlen, "cannot read the processes of cgroup %s: %s", cg.path,
                         strerror(-r));
        return r;
}

size_t engine_session_initial(const struct session *s, pid_t *ret, size_t max)
{
        size_t n = 0;

        for (size_t i = 0; i < s->nprocs; i++)
                if (s->procs[i].alive) {
                        if (n < max)
                                ret[n] = s->procs[i].tgid;
                        n++;
                }
        return n;
}

int engine_session_create(struct engine *e, const struct session_params *p, struct session **ret,
                          char *err, size_t errlen)
{
        _cleanup_close_ int pidfd = -1;
        struct renacer_tracked cfg;
        struct filter filter;
        struct session *s = NULL;
        pid_t tgid = 0;
        uid_t uids[3];
        int r;

        err[0] = '\0';
        if (!p->cgroup && p->pid <= 0)
                FAIL(-EINVAL, "invalid pid %d", (int)p->pid);
        if (p->filter && *p->filter) {
                char why[256];
                if (filter_parse(p->filter, &filter, why, sizeof(why)) < 0)
                        FAIL(-EINVAL, "invalid filter: %s", why);
        } else {
                filter_all(&filter);
        }
        if (p->cgroup)
                goto session;
        pidfd = (int)syscall(SYS_pidfd_open, p->pid, 0);
        if (pidfd < 0) {
                if (errno == EINVAL && proc_status(p->pid, &tgid, uids, NULL) == 0 &&
                    tgid != p->pid)
                        FAIL(-EINVAL, "pid %d is a thread of process %d: trace the process",
                             (int)p->pid, (int)tgid);
                FAIL(-ESRCH, "no process with pid %d", (int)p->pid);
        }
        char comm[32];
        if (is_kernel_thread(p->pid, comm, sizeof(comm)))
                FAIL(-EINVAL, "pid %d is a kernel thread (%s): it makes no system calls to trace",
                     (int)p->pid, comm);
        uint64_t caps = 0;
        r = proc_status(p->pid, &tgid, uids, &caps);
        if (r < 0)
                FAIL(-ESRCH, "process %d exited while attaching", (int)p->pid);
        if (p->requester != 0 &&
            (uids[0] != p->requester || uids[1] != p->requester || uids[2] != p->requester))
                FAIL(-EPERM, "permission denied: process %d does not belong to uid %u", (int)p->pid,
                     (unsigned)p->requester);
        if (caps_hidden(p->requester, caps))
                FAIL(-EPERM,
                     "permission denied: process %d holds capabilities (CapPrm %#llx): only root "
                     "may trace it",
                     (int)p->pid, (unsigned long long)caps);
        if (p->requester != 0) {
                char why[128];
                r = proc_may_trace(p->pid, p->requester, why, sizeof(why));
                if (r == -EPERM)
                        FAIL(-EPERM, "permission denied: uid %u may not trace process %d: %s",
                             (unsigned)p->requester, (int)p->pid, why);
                if (r < 0)
                        FAIL(-ESRCH, "process %d exited while attaching", (int)p->pid);
        }
        /* the status we read is the pidfd's process only if it still lives */
        if (pidfd_exited(pidfd))
                FAIL(-ESRCH, "process %d exited while attaching", (int)p->pid);

session:
        r = session_table_add(e->sessions, p->cgroup ? 0 : p->pid, &s);
        if (r < 0)
                FAIL(r, "cannot create session: %s", strerror(-r));
        s->uid = p->requester;
        s->follow = p->follow;
        s->stream = p->stream;
        s->capture = p->capture;
        s->filter = filter;
        s->filter_expr = strdup(p->filter ? p->filter : "");
        if (!s->filter_expr)
                FAIL(-ENOMEM, "cannot create session: %s", strerror(ENOMEM));

        memset(&cfg, 0, sizeof(cfg));
        cfg.session_id = s->id;
        cfg.flags =
            (p->follow ? RENACER_TRACK_FOLLOW : 0) | (p->stream ? RENACER_TRACK_STREAM : 0) |
            (p->await_exec ? RENACER_TRACK_AWAIT_EXEC : 0) | (p->stack ? RENACER_TRACK_STACK : 0) |
            (p->stack == SESSION_STACK_COPY ? RENACER_TRACK_STACK_COPY : 0) |
            (p->causal ? RENACER_TRACK_CAUSAL : 0) | (p->dump ? RENACER_TRACK_DUMP : 0) |
            (p->fds ? RENACER_TRACK_FDS : 0) | (p->env ? RENACER_TRACK_ENV : 0) |
            (p->dirents ? RENACER_TRACK_DIRENTS : 0) |
            (p->one_task && !p->follow && !p->cgroup ? RENACER_TRACK_ONE_TASK : 0);
        cfg.capture_size = p->capture;
        /* ptrace's boundary: the kernel stops tracing a process of a
         * non-root owner the moment it gains privilege */
        cfg.owner_uid = p->requester;
        memcpy(cfg.filter, filter.bits, sizeof(cfg.filter));
        r = tracer_session_begin(e->tracer, s->id);
        if (r < 0)
                FAIL(r, "cannot create session: %s", strerror(-r));
        if (p->cgroup) {
                r = session_create_scoped(e, p, &cfg, s, err, errlen);
                if (r < 0)
                        goto fail;
                *ret = s;
                return 0;
        }
        r = tracer_track(e->tracer, p->pid, &cfg);
        if (r == -EBUSY)
                FAIL(r, "process %d is already traced by %d sessions (the limit)", (int)p->pid,
                     RENACER_PROC_SESSIONS);
        if (r < 0)
                FAIL(r, "cannot trace process %d: %s", (int)p->pid, strerror(-r));
        if (pidfd_exited(pidfd)) {
                tracer_untrack(e->tracer, p->pid, s->id);
                FAIL(-ESRCH, "process %d exited while attaching", (int)p->pid);
        }
        s->pidfd = TAKE_FD(pidfd);
        *ret = s;
        return 0;
fail:
        if (s)
                engine_session_remove(e, s);
        return r;
}

int engine_session_adopt(struct engine *e, const void *rec, size_t len, struct session **ret)
{
        const struct renacer_exec_event *ee = rec;
        const struct renacer_proc_event *pe = &ee->p;
        uint32_t session_id;
        struct session *s;
        pid_t tgid;
        int r;

        if (len < sizeof(*ee) || pe->hdr.kind != RENACER_EV_EXEC)
                return -EINVAL;
        session_id = pe->hdr.session_id;
        tgid = (pid_t)pe->hdr.tgid;
        if (!(session_id & RENACER_AUTO_SESSION))
                return -EINVAL;
        r = session_table_add_id(e->sessions, session_id, tgid, &s);
        if (r < 0)
                return r;
        s->auto_session = true;
        s->follow = true;
        s->uid = pe->uid;
        s->first_exec_ns = pe->hdr.ts_ns;
        memcpy(s->comm, pe->comm, sizeof(s->comm) - 1);
        /* No pidfd: a daemon-wide policy may match thousands of a user's
         * processes, and an fd each would let that user exhaust renacerd's
         * fds (no more clients). Its processes' exit records end it; the
         * sweep asks the kernel's map when one was lost. */
        s->pidfd = -1;
        /* its drop counter exists from now on; earlier drops are unknown */
        tracer_session_begin(e->tracer, session_id);
        /* allocations and GPU calls need the stream (counts come from the
         * kernel either way), and the process's later execs stay in it;
         * children forked before now get the same when their fork record
         * reaches the session (on_ring_record) */
        tracer_tgid_add_flags(e->tracer, tgid, session_id,
                              RENACER_TRACK_STREAM | RENACER_TRACK_ADOPTED);
        *ret = s;
        return 0;
}

/* Stop the kernel tracing the session's processes. A tree that exited
 * record by record has nothing left to untrack (every process it had left
 * with its exit or privilege record; a fork's record always precedes its
 * parent's exit). An auto-session's live processes are untracked one by
 * one. Only a user's session, a cgroup scope, or one that lost lifecycle
 * records walks the whole map, for processes it may not know of. */
static void session_untrack(struct engine *e, struct session *s)
{
        uint64_t lost = 0;

        if (s->untracked)
                return;
        s->untracked = true;
        tracer_session_lifecycle_lost(e->tracer, s->id, &lost);
        if (s->cgroup || lost || !s->auto_session) {
                if (s->live || s->cgroup || lost)
                        tracer_untrack_session(e->tracer, s->id);
                return;
        }
        for (size_t i = 0; i < s->nprocs; i++)
                if (s->procs[i].alive)
                        tracer_untrack(e->tracer, s->procs[i].tgid, s->id);
}

/* No process joins the session from now on; the ones it has are still
 * tracked (the caller untracks them next). */
static void session_unscope(struct engine *e, struct session *s)
{
        if (s->cgroup_id && tracer_scope_remove(e->tracer, s->cgroup_id, s->id) == 0)
                s->cgroup_id = 0;
}

int engine_session_finish(struct engine *e, struct session *s, struct summary *out)
{
        uint64_t dropped = 0;

        /* the caller is ending it: no completion callback for it any more */
        s->reported = true;
        session_unscope(e, s);
        session_untrack(e, s);
        /* records already in the ring still belong to the session: take
         * them before it stops accepting (completions of other sessions
         * found meanwhile are reported at the next engine_consume) */
        tracer_consume(e->tracer);
        if (tracer_session_dropped(e->tracer, s->id, &dropped) == 0)
                s->events_lost = dropped;
        if (tracer_session_lifecycle_lost(e->tracer, s->id, &dropped) == 0)
                s->kernel_lifecycle_lost = dropped;
        if (!s->end_ns)
                s->end_ns = now_monotonic_ns();
        s->complete = true;
        return out ? tracer_session_summary(e->tracer, s->id, out) : 0;
}

void engine_session_remove(struct engine *e, struct session *s)
{
        session_unscope(e, s);
        session_untrack(e, s);
        tracer_session_release(e->tracer, s->id);
        session_table_remove(e->sessions, s);
}

static int cmp_u32(const void *a, const void *b)
{
        uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

        return x < y ? -1 : x > y;
}

/* Whether nobody will ever read the session's aggregate: not in the table,
 * not begun, and, for a provisional auto-session, older than the last exec
 * record read (a younger one may still be adopted). */
static bool agg_orphaned(struct engine *e, uint32_t id)
{
        if (session_table_get(e->sessions, id) || tracer_session_live(e->tracer, id))
                return false;
        return !(id & RENACER_AUTO_SESSION) || (id & ~RENACER_AUTO_SESSION) <= e->auto_seen;
}

/* Free the aggregates orphaned now and at the last collection: at most
 * every AGG_GC_INTERVAL_NS, a walk of the (small) set of sessions with
 * aggregates, never per exec. */
static void agg_collect(struct engine *e)
{
        uint64_t now = now_monotonic_ns();
        uint32_t *ids, *next;
        size_t nnext = 0;
        int n;

        if (now - e->gc_last_ns < AGG_GC_INTERVAL_NS)
                return;
        e->gc_last_ns = now;
        ids = malloc(AGG_GC_MAX * sizeof(*ids));
        next = malloc(AGG_GC_MAX * sizeof(*next));
        if (!ids || !next)
                goto out;
        n = tracer_agg_sessions(e->tracer, ids, AGG_GC_MAX);
        for (int i = 0; i < n; i++) {
                if (!agg_orphaned(e, ids[i]))
                        continue;
                if (e->gc_nprev &&
                    bsearch(&ids[i], e->gc_prev, e->gc_nprev, sizeof(*ids), cmp_u32)) {
                        tracer_session_release(e->tracer, ids[i]);
                        continue;
                }
                next[nnext++] = ids[i];
        }
        qsort(next, nnext, sizeof(*next), cmp_u32);
        free(e->gc_prev);
        e->gc_prev = next;
        e->gc_nprev = nnext;
        next = NULL;
out:
        free(ids);
        free(next);
}

/* Whether the kernel still traces one of the session's processes it knows
 * of (a lookup each); with lifecycle records lost, any process at all. */
static bool session_tracked(struct engine *e, struct session *s)
{
        uint64_t lost = 0;
        pid_t one;

        tracer_session_lifecycle_lost(e->tracer, s->id, &lost);
        if (lost)
                return tracer_session_tgids(e->tracer, s->id, &one, 1) > 0;
        for (size_t i = 0; i < s->nprocs; i++)
                if (s->procs[i].alive && tracer_tracks(e->tracer, s->procs[i].tgid, s->id))
                        return true;
        return false;
}

void engine_sweep(struct engine *e)
{
        struct session *s;
        uint32_t id = 0;
        bool drained;

        engine_consume(e);
        /* a fork record still in the ring names a process the sessions do
         * not know yet: judge them only once it is drained */
        drained = !tracer_consume_cut(e->tracer);
        agg_collect(e);
        while ((s = session_table_next(e->sessions, id))) {
                id = s->id;
                if (s->complete)
                        continue;
                if (s->cgroup) {
                        /* a scope ends with its cgroup (rmdir: it was empty) */
                        struct cgroup_ref cg;
                        char why[64];
                        if (cgroup_resolve(s->cgroup, true, &cg, why, sizeof(why)) == -ENOENT ||
                            (s->cgroup_id && cg.id != s->cgroup_id)) {
                                s->complete = true;
                                s->end_ns = now_monotonic_ns();
                                e->completions = true;
                        }
                        continue;
                }
                /* the kernel drops a tgid from `tracked` when it exits, so an
                 * empty set means done even if the exit record was lost */
                if (!drained || session_tracked(e, s))
                        continue;
                if (s->pidfd >= 0 && !pidfd_exited(s->pidfd))
                        continue;
                s->complete = true;
                s->end_ns = now_monotonic_ns();
                e->completions = true;
        }
        report_completions(e);
}

struct session *engine_session_get(struct engine *e, uint32_t id)
{
        return session_table_get(e->sessions, id);
}

struct session *engine_session_next(struct engine *e, uint32_t after_id)
{
        return session_table_next(e->sessions, after_id);
}

size_t engine_session_count(struct engine *e)
{
        return session_table_count(e->sessions);
}

uint64_t engine_sessions_created(struct engine *e)
{
        return session_table_created(e->sessions);
}

int engine_session_summary(struct engine *e, uint32_t session_id, struct summary *out)
{
        return tracer_session_summary(e->tracer, session_id, out);
}

int engine_session_dropped(struct engine *e, uint32_t session_id, uint64_t *ret)
{
        return tracer_session_dropped(e->tracer, session_id, ret);
}

int engine_set_auto_track(struct engine *e, bool on)
{
        return tracer_set_auto_track(e->tracer, on);
}

int engine_counters(struct engine *e, uint64_t out[RENACER_CNT_MAX])
{
        return tracer_counters(e->tracer, out);
}

int engine_tracked_count(struct engine *e)
{
        return tracer_tracked_count(e->tracer);
}

size_t engine_ring_bytes(struct engine *e)
{
        return tracer_ring_bytes(e->tracer);
}

int engine_ring_fill(struct engine *e, size_t *ret_used, size_t *ret_peak)
{
        return tracer_ring_fill(e->tracer, ret_used, ret_peak);
}

bool engine_syscalls_attached(struct engine *e)
{
        return tracer_syscalls_attached(e->tracer);
}

int engine_prog_stats(struct engine *e, struct tracer_prog_stats *out, size_t max)
{
        return tracer_prog_stats(e->tracer, out, max);
}
