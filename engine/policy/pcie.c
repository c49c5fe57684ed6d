// SPDX-License-Identifier: MIT
#include "pcie.h"

#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "fd-table.h"
#include "record.h"
#include "session-table.h"
#include "summary.h"
#include "util.h"

static const char *const default_globs[] = {
    "/dev/nvidia*",      "/dev/nvidia-uvm*", "/dev/dri/card*",
    "/dev/dri/renderD*", "/dev/kfd",         "/dev/accel/*",
};
static const unsigned default_majors[] = {PCIE_MAJOR_NVIDIA, PCIE_MAJOR_DRM, PCIE_MAJOR_ACCEL};

/* Time in these calls is waiting or I/O, not compute (on non-GPU fds; the
 * GPU part is transfer time): reads and writes, polling, futexes and sleeps,
 * waiting for children and signals, sockets, SysV/POSIX IPC, file locks and
 * syncs, and async I/O completion. */
static const int blocking_syscalls[] = {
    /* fd I/O */
    SYS_read, SYS_write, SYS_pread64, SYS_pwrite64, SYS_readv, SYS_writev, SYS_preadv, SYS_pwritev,
    SYS_preadv2, SYS_pwritev2, SYS_sendfile, SYS_splice, SYS_tee, SYS_copy_file_range,
    /* waiting */
    SYS_poll, SYS_ppoll, SYS_select, SYS_pselect6, SYS_epoll_wait, SYS_epoll_pwait,
    SYS_epoll_pwait2, SYS_futex, SYS_futex_waitv, SYS_nanosleep, SYS_clock_nanosleep, SYS_pause,
    SYS_rt_sigsuspend, SYS_rt_sigtimedwait, SYS_wait4, SYS_waitid,
    /* sockets and IPC */
    SYS_accept, SYS_accept4, SYS_connect, SYS_recvfrom, SYS_recvmsg, SYS_recvmmsg, SYS_sendto,
    SYS_sendmsg, SYS_sendmmsg, SYS_msgrcv, SYS_msgsnd, SYS_semop, SYS_semtimedop,
    SYS_mq_timedreceive, SYS_mq_timedsend,
    /* locks, syncs, async I/O */
    SYS_flock, SYS_fsync, SYS_fdatasync, SYS_sync, SYS_syncfs, SYS_sync_file_range,
    SYS_io_getevents, SYS_io_pgetevents, SYS_io_uring_enter};

bool pcie_is_blocking_syscall(int nr)
{
        for (size_t i = 0; i < ARRAY_SIZE(blocking_syscalls); i++)
                if (blocking_syscalls[i] == nr)
                        return true;
        return false;
}

void pcie_config_init_empty(struct pcie_config *c)
{
        memset(c, 0, sizeof(*c));
}

void pcie_config_free(struct pcie_config *c)
{
        if (!c)
                return;
        for (size_t i = 0; i < c->nglobs; i++)
                free(c->globs[i]);
        free(c->globs);
        free(c->majors);
        memset(c, 0, sizeof(*c));
}

int pcie_config_add_glob(struct pcie_config *c, const char *glob)
{
        char **g, *copy;

        for (size_t i = 0; i < c->nglobs; i++)
                if (strcmp(c->globs[i], glob) == 0)
                        return 0;
        copy = strdup(glob);
        if (!copy)
                return -ENOMEM;
        g = realloc(c->globs, (c->nglobs + 1) * sizeof(*g));
        if (!g) {
                free(copy);
                return -ENOMEM;
        }
        c->globs = g;
        c->globs[c->nglobs++] = copy;
        return 0;
}

int pcie_config_add_major(struct pcie_config *c, unsigned major)
{
        unsigned *m;

        if (major > PCIE_MAJOR_MAX)
                return -ERANGE;
        for (size_t i = 0; i < c->nmajors; i++)
                if (c->majors[i] == major)
                        return 0;
        m = realloc(c->majors, (c->nmajors + 1) * sizeof(*m));
        if (!m)
                return -ENOMEM;
        c->majors = m;
        c->majors[c->nmajors++] = major;
        return 0;
}

int pcie_config_init_default(struct pcie_config *c)
{
        int r;

        pcie_config_init_empty(c);
        for (size_t i = 0; i < ARRAY_SIZE(default_globs); i++)
                if ((r = pcie_config_add_glob(c, default_globs[i])) < 0)
                        goto fail;
        for (size_t i = 0; i < ARRAY_SIZE(default_majors); i++)
                if ((r = pcie_config_add_major(c, default_majors[i])) < 0)
                        goto fail;
        return 0;
fail:
        pcie_config_free(c);
        return r;
}

int pcie_config_copy(struct pcie_config *dst, const struct pcie_config *src)
{
        struct pcie_config c;
        int r;

        pcie_config_init_empty(&c);
        for (size_t i = 0; i < src->nglobs; i++)
                if ((r = pcie_config_add_glob(&c, src->globs[i])) < 0)
                        goto fail;
        for (size_t i = 0; i < src->nmajors; i++)
                if ((r = pcie_config_add_major(&c, src->majors[i])) < 0)
                        goto fail;
        *dst = c;
        return 0;
fail:
        pcie_config_free(&c);
        return r;
}

bool pcie_config_is_gpu(const struct pcie_config *c, uint32_t rdev, const char *path)
{
        unsigned major = PCIE_DEV_MAJOR(rdev);

        for (size_t i = 0; i < c->nmajors; i++)
                if (c->majors[i] == major)
                        return true;
        if (path)
                for (size_t i = 0; i < c->nglobs; i++)
                        if (fnmatch(c->globs[i], path, FNM_PATHNAME) == 0)
                                return true;
        return false;
}

bool pcie_record_fddev(const struct renacer_syscall_event *ev, size_t len, unsigned arg,
                       struct renacer_seg_fddev *ret)
{
        struct record_seg s;

        if (len < sizeof(*ev) || !record_seg_find(ev, len, arg, RENACER_SEG_FDDEV, &s))
                return false;
        memcpy(ret, s.data, sizeof(*ret));
        return true;
}

void pcie_stats_init(struct pcie_stats *st, const struct pcie_config *cfg)
{
        memset(st, 0, sizeof(*st));
        st->cfg = cfg;
}

void pcie_stats_set_resolver(struct pcie_stats *st, pcie_resolve_fn fn, void *ctx)
{
        st->resolve = fn;
        st->resolve_ctx = ctx;
}

void pcie_stats_free(struct pcie_stats *st)
{
        if (!st)
                return;
        for (size_t i = 0; i < st->ndevs; i++)
                free(st->devs[i].path);
        free(st->devs);
        free(st->ops);
        free(st->threads);
        st->devs = NULL;
        st->ops = NULL;
        st->threads = NULL;
        st->ndevs = st->nops = st->opcap = st->nthreads = st->threadcap = 0;
        st->calls = st->ns = st->issue_ns = st->bytes = 0;
}

const struct pcie_dev *pcie_stats_dev(const struct pcie_stats *st, uint32_t rdev)
{
        for (size_t i = 0; i < st->ndevs; i++)
                if (st->devs[i].rdev == rdev)
                        return &st->devs[i];
        return NULL;
}

static struct pcie_dev *dev_get(struct pcie_stats *st, uint32_t rdev)
{
        struct pcie_dev *d = (struct pcie_dev *)pcie_stats_dev(st, rdev);

        if (d)
                return d;
        d = realloc(st->devs, (st->ndevs + 1) * sizeof(*d));
        if (!d)
                return NULL;
        st->devs = d;
        d = &st->devs[st->ndevs++];
        memset(d, 0, sizeof(*d));
        d->rdev = rdev;
        return d;
}

const char *pcie_dev_name(const struct pcie_dev *d, char *buf, size_t len)
{
        if (d->path)
                return d->path;
        snprintf(buf, len, "%u:%u", PCIE_DEV_MAJOR(d->rdev), PCIE_DEV_MINOR(d->rdev));
        return buf;
}

/* Which argument carries the fd of a counted call; -1: not counted. */
static int counted_fd_arg(int nr)
{
        switch (nr) {
        case SYS_ioctl:
        case SYS_read:
        case SYS_write:
        case SYS_pread64:
        case SYS_pwrite64:
        case SYS_readv:
        case SYS_writev:
                return 0;
        case SYS_mmap:
                return 4;
        }
        return -1;
}

static const char *session_fd_path(const struct session *s, pid_t tgid, int fd)
{
        if (!s)
                return NULL;
        for (size_t i = 0; i < s->nprocs; i++)
                if (s->procs[i].tgid == tgid && s->procs[i].alive)
                        return fd_table_get(&s->procs[i].fds, fd);
        return NULL;
}

int pcie_stats_classify(struct pcie_stats *st, const struct session *s, const void *rec, size_t len,
                        const struct pcie_dev **ret_dev)
{
        const struct renacer_syscall_event *ev = rec;
        struct renacer_seg_fddev fd_dev;
        struct pcie_dev *d;
        const char *path;
        char buf[256];
        int arg, fd;

        if (ret_dev)
                *ret_dev = NULL;
        if (len < sizeof(*ev) || ev->hdr.kind != RENACER_EV_SYSCALL || ev->hdr.size > len ||
            ev->hdr.size < sizeof(*ev))
                return 0;
        arg = counted_fd_arg(ev->nr);
        if (arg < 0 || !pcie_record_fddev(ev, ev->hdr.size, (unsigned)arg, &fd_dev))
                return 0;
        if ((fd_dev.mode & S_IFMT) != S_IFCHR)
                return 0;
        d = dev_get(st, fd_dev.rdev);
        if (!d)
                return -ENOMEM;
        if (!d->checked) {
                fd = (int)ev->args[arg];
                path = session_fd_path(s, (pid_t)ev->hdr.tgid, fd);
                if (!path && st->resolve && !d->resolved) {
                        d->resolved = true;
                        if (st->resolve(st->resolve_ctx, (pid_t)ev->hdr.tgid, fd, buf,
                                        sizeof(buf)) >= 0 &&
                            memchr(buf, '\0', sizeof(buf)))
                                path = buf;
                }
                if (path) {
                        d->checked = true;
                        if (!d->path && !(d->path = strdup(path)))
                                return -ENOMEM;
                }
                if (!d->gpu)
                        d->gpu = pcie_config_is_gpu(st->cfg, d->rdev, path);
        }
        if (!d->gpu)
                return 0;
        if (ret_dev)
                *ret_dev = d;
        return 1;
}

static struct pcie_op *op_get(struct pcie_stats *st, uint32_t rdev, int nr, uint32_t request)
{
        struct pcie_op *o;

        for (size_t i = 0; i < st->nops; i++) {
                o = &st->ops[i];
                if (o->rdev == rdev && o->nr == nr && o->request == request)
                        return o;
        }
        if (st->nops == st->opcap) {
                size_t cap = st->opcap ? st->opcap * 2 : 16;
                o = realloc(st->ops, cap * sizeof(*o));
                if (!o)
                        return NULL;
                st->ops = o;
                st->opcap = cap;
        }
        o = &st->ops[st->nops++];
        memset(o, 0, sizeof(*o));
        o->rdev = rdev;
        o->nr = nr;
        o->request = request;
        return o;
}

static size_t thread_slot(const struct pcie_stats *st, uint32_t tid)
{
        size_t i = (tid * 2654435761u) & (st->threadcap - 1);

        while (st->threads[i].tid && st->threads[i].tid != tid)
                i = (i + 1) & (st->threadcap - 1);
        return i;
}

/* The thread's slot, made if new; NULL when out of memory. */
static struct pcie_thread *thread_get(struct pcie_stats *st, uint32_t tid)
{
        struct pcie_thread *t;
        size_t i;

        if ((st->nthreads + 1) * 2 > st->threadcap) {
                size_t cap = st->threadcap ? st->threadcap * 2 : 64;
                struct pcie_thread *old = st->threads;
                size_t oldcap = st->threadcap;
                if (st->nthreads + 1 > PCIE_THREADS_MAX) {
                        /* forget them all: at worst a few gaps go uncounted */
                        memset(st->threads, 0, st->threadcap * sizeof(*st->threads));
                        st->nthreads = 0;
                } else {
                        t = calloc(cap, sizeof(*t));
                        if (!t)
                                return NULL;
                        st->threads = t;
                        st->threadcap = cap;
                        for (size_t k = 0; k < oldcap; k++)
                                if (old[k].tid)
                                        st->threads[thread_slot(st, old[k].tid)] = old[k];
                        free(old);
                }
        }
        i = thread_slot(st, tid);
        t = &st->threads[i];
        if (!t->tid) {
                t->tid = tid;
                t->gpu = false;
                t->exit_ns = 0;
                st->nthreads++;
        }
        return t;
}

int pcie_stats_feed(struct pcie_stats *st, const struct session *s, const void *rec, size_t len)
{
        const struct renacer_syscall_event *ev = rec;
        const struct pcie_dev *cd;
        struct pcie_thread *t;
        struct pcie_dev *d;
        struct pcie_op *o;
        uint64_t gap = 0;
        int r;

        r = pcie_stats_classify(st, s, rec, len, &cd);
        if (r < 0)
                return r;
        if (len < sizeof(*ev) || ev->hdr.kind != RENACER_EV_SYSCALL || ev->hdr.tid == 0)
                return r;
        t = thread_get(st, ev->hdr.tid);
        if (!t)
                return -ENOMEM;
        /* hdr.ts_ns is when the call entered the kernel */
        if (r == 1 && t->gpu && ev->hdr.ts_ns >= t->exit_ns &&
            ev->hdr.ts_ns - t->exit_ns <= PCIE_ISSUE_GAP_NS)
                gap = ev->hdr.ts_ns - t->exit_ns;
        t->gpu = r == 1 && !(ev->flags & RENACER_SC_NORETURN);
        t->exit_ns = ev->hdr.ts_ns + ev->duration_ns;
        if (r == 0)
                return 0;
        d = (struct pcie_dev *)cd;
        o = op_get(st, d->rdev, ev->nr, ev->nr == SYS_ioctl ? (uint32_t)ev->args[1] : 0);
        if (!o)
                return -ENOMEM;
        o->calls++;
        o->ns += ev->duration_ns;
        o->issue_ns += gap;
        d->calls++;
        d->ns += ev->duration_ns + gap;
        st->calls++;
        st->ns += ev->duration_ns;
        st->issue_ns += gap;
        if (ev->nr != SYS_ioctl && ev->nr != SYS_mmap && ev->ret > 0 &&
            !(ev->flags & RENACER_SC_NORETURN)) {
                d->bytes += (uint64_t)ev->ret;
                st->bytes += (uint64_t)ev->ret;
        }
        return 1;
}

static const char *counted_name(int nr)
{
        switch (nr) {
        case SYS_ioctl:
                return "ioctl";
        case SYS_read:
                return "read";
        case SYS_write:
                return "write";
        case SYS_pread64:
                return "pread64";
        case SYS_pwrite64:
                return "pwrite64";
        case SYS_readv:
                return "readv";
        case SYS_writev:
                return "writev";
        case SYS_mmap:
                return "mmap";
        }
        return NULL;
}

int pcie_op_format(int nr, uint32_t request, char *buf, size_t len)
{
        const char *name = counted_name(nr), *req;

        if (!name)
                return snprintf(buf, len, "syscall_%d", nr);
        if (nr != SYS_ioctl)
                return snprintf(buf, len, "%s", name);
        req = pcie_ioctl_name(request);
        if (req)
                return snprintf(buf, len, "ioctl %s", req);
        return snprintf(buf, len, "ioctl 0x%" PRIx32, request);
}

unsigned pcie_ppm_percent(uint32_t ppm)
{
        return (ppm + 5000u) / 10000u;
}

static uint32_t ratio_ppm(uint64_t part, uint64_t whole)
{
        unsigned __int128 q;

        if (whole == 0)
                return 0;
        q = (unsigned __int128)part * 1000000u / whole;
        return q > 1000000u ? 1000000u : (uint32_t)q;
}

void pcie_report_compute(const struct pcie_stats *st, const struct summary *sum, uint64_t wall_ns,
                         struct pcie_report *ret)
{
        uint64_t blocking = 0, gpu_blocking = 0, busy;
        const struct pcie_op *top = NULL;

        memset(ret, 0, sizeof(*ret));
        ret->wall_ns = wall_ns;
        if (st) {
                ret->transfer_ns = st->ns + st->issue_ns;
                ret->issue_ns = st->issue_ns;
                ret->calls = st->calls;
                for (size_t i = 0; i < st->nops; i++) {
                        const struct pcie_op *o = &st->ops[i];
                        uint64_t cost = o->ns + o->issue_ns;
                        /* the summary's times are in-kernel: subtract only that part */
                        if (pcie_is_blocking_syscall(o->nr))
                                gpu_blocking += o->ns;
                        if (!top || cost > top->ns + top->issue_ns ||
                            (cost == top->ns + top->issue_ns && o->calls > top->calls))
                                top = o;
                }
        }
        if (sum)
                for (size_t i = 0; i < sum->n; i++)
                        if (pcie_is_blocking_syscall(sum->rows[i].nr))
                                blocking += sum->rows[i].total_ns;
        ret->blocking_ns = blocking > gpu_blocking ? blocking - gpu_blocking : 0;
        busy = ret->transfer_ns + ret->blocking_ns;
        ret->compute_ns = wall_ns > busy ? wall_ns - busy : 0;
        ret->share_ppm = ratio_ppm(ret->transfer_ns, wall_ns);
        ret->confidence_ppm = ret->share_ppm;
        if (top) {
                const struct pcie_dev *d = pcie_stats_dev(st, top->rdev);
                char tmp[32];
                ret->has_top = true;
                ret->top.nr = top->nr;
                ret->top.request = top->request;
                ret->top.calls = top->calls;
                ret->top.ns = top->ns + top->issue_ns;
                if (d)
                        snprintf(ret->top.device, sizeof(ret->top.device), "%s",
                                 pcie_dev_name(d, tmp, sizeof(tmp)));
                else
                        snprintf(ret->top.device, sizeof(ret->top.device), "%u:%u",
                                 PCIE_DEV_MAJOR(top->rdev), PCIE_DEV_MINOR(top->rdev));
        }
}

static double ms(uint64_t ns)
{
        return (double)ns / 1e6;
}

int pcie_report_render_warning(const struct pcie_report *r, FILE *out)
{
        char op[96];

        fprintf(out,
                "WARNING: PCIe bottleneck suspected (confidence %u%%): GPU transfers %.1f ms "
                "(%u%% of %.1f ms wall), compute %.1f ms\n",
                pcie_ppm_percent(r->confidence_ppm), ms(r->transfer_ns),
                pcie_ppm_percent(r->share_ppm), ms(r->wall_ns), ms(r->compute_ns));
        if (r->has_top) {
                pcie_op_format(r->top.nr, r->top.request, op, sizeof(op));
                fprintf(out, "  top: %s on %s: %" PRIu64 " call%s, %.1f ms\n", op, r->top.device,
                        r->top.calls, r->top.calls == 1 ? "" : "s", ms(r->top.ns));
        }
        fprintf(out, "  Recommendation: batch operations, keep intermediate data on the GPU, use "
                     "larger workloads to amortize transfers\n");
        return ferror(out) ? -EIO : 0;
}
