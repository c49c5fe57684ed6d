// SPDX-License-Identifier: MIT
#include "fd-path.h"

#include <arpa/inet.h>
#include <asm/unistd_64.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fd-table.h"
#include "record.h"
#include "renacer-event.h"
#include "syscall-table.h"
#include "util.h"

#ifndef IPPROTO_L2TP
#define IPPROTO_L2TP 115 /* linux/l2tp.h */
#endif

#define FDPATH_PROCS_MAX 4096 /* processes whose tables are kept */
#define SOCK_CACHE       1024 /* strace's socketutils.c cache */

struct fp_proc {
        uint32_t tgid;
        struct fd_table fds; /* fd -> what /proc/PID/fd would show */
        char *cwd;
};

struct sock_entry {
        unsigned long inode;
        char *details;
        bool miss; /* an unnamed protocol no sock_diag dump knew: not asked again */
};

/* Sockets a traced socket() made that no bind, connect, listen or send has
 * used yet: sock_diag has no endpoint for them, and strace, printing at
 * the time, shows them as PROTO:[inode]. */
struct fresh_sock {
        unsigned long inode;
        const char *proto;
};
#define FRESH_MAX 64

struct sock_proto;
/* What the kernel read of a socket at the last call that made it or gave it
 * an endpoint (RENACER_SEG_FDINFO): what sock_diag would answer while the
 * socket lives, kept for the lines printed after its process is gone. */
struct sock_state {
        unsigned long inode;
        const struct sock_proto *sp;
        bool found;     /* sock_diag would know it: text is its form */
        char text[512]; /* found: PROTO:[endpoints] */
};
#define SOCK_STATES 256

struct fdpath {
        unsigned set;    /* FDPATH_* */
        bool self_stdio; /* the first process seen inherited our fds 0-2 */
        bool seen_first;
        struct fp_proc *procs;
        size_t n, cap;
        struct sock_entry socks[SOCK_CACHE];
        struct fresh_sock fresh[FRESH_MAX];
        unsigned nfresh;
        struct sock_state states[SOCK_STATES];
};

int fdpath_new(unsigned set, bool self_stdio, struct fdpath **ret)
{
        struct fdpath *p = calloc(1, sizeof(*p));

        if (!p)
                return -ENOMEM;
        p->set = set;
        p->self_stdio = self_stdio;
        *ret = p;
        return 0;
}

static void proc_free(struct fp_proc *pr)
{
        fd_table_free(&pr->fds);
        free(pr->cwd);
}

void fdpath_free(struct fdpath *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n; i++)
                proc_free(&p->procs[i]);
        free(p->procs);
        for (size_t i = 0; i < SOCK_CACHE; i++)
                free(p->socks[i].details);
        free(p);
}

/* ---- which arguments and results are fds: the row's fd columns ---- */

bool fdpath_arg_is_fd(int nr, int i)
{
        const struct syscall_row *r = syscall_row(nr);

        if (!r || !r->golden.fd_args || i < 0 || i > 5)
                return false;
        return strchr(r->golden.fd_args, '0' + i) != NULL;
}

bool fdpath_ret_is_fd(const struct renacer_syscall_event *ev)
{
        const struct syscall_row *r = syscall_row(ev->nr);

        if (!r || ev->ret < 0 || (ev->flags & RENACER_SC_NORETURN) || r->golden.fd_result != 'f')
                return false;
        /* fcntl returns an fd only for F_DUPFD* */
        if (r->fd.kind == SC_FD_FCNTL)
                return ev->args[1] == F_DUPFD || ev->args[1] == F_DUPFD_CLOEXEC;
        return true;
}

/* ---- paths ---- */

static ssize_t read_link(const char *link, char *buf, size_t size)
{
        ssize_t n = readlink(link, buf, size - 1);

        if (n < 0 || (size_t)n >= size - 1)
                return -1;
        buf[n] = '\0';
        return n;
}

/* Lexically: "a/./b/../c" -> "a/c", repeated and trailing slashes gone. */
static void normalize_path(char *s)
{
        char *out = s, *in = s;

        while (*in) {
                while (*in == '/')
                        in++;
                char *seg = in;
                while (*in && *in != '/')
                        in++;
                size_t len = (size_t)(in - seg);
                if (!len || (len == 1 && seg[0] == '.'))
                        continue;
                if (len == 2 && seg[0] == '.' && seg[1] == '.') {
                        while (out > s && *--out != '/')
                                ;
                        continue;
                }
                *out++ = '/';
                memmove(out, seg, len);
                out += len;
        }
        if (out == s)
                *out++ = '/';
        *out = '\0';
}

/* As the kernel's d_path shows the file: symbolic links followed (the
 * last one too: open follows it), or lexically when it is gone. */
static void canonical(char *path, size_t size)
{
        char real[PATH_MAX];

        if (realpath(path, real) && strlen(real) < size) {
                strcpy(path, real);
                return;
        }
        normalize_path(path);
}

/* ---- processes ---- */

static struct fp_proc *proc_find(struct fdpath *p, uint32_t tgid)
{
        for (size_t i = 0; i < p->n; i++)
                if (p->procs[i].tgid == tgid)
                        return &p->procs[i];
        return NULL;
}

static struct fp_proc *proc_add(struct fdpath *p, uint32_t tgid)
{
        if (p->n == p->cap) {
                if (p->cap >= FDPATH_PROCS_MAX)
                        return NULL;
                size_t cap = p->cap ? p->cap * 2 : 16;
                struct fp_proc *n = realloc(p->procs, cap * sizeof(*n));
                if (!n)
                        return NULL;
                p->procs = n;
                p->cap = cap;
        }
        struct fp_proc *pr = &p->procs[p->n++];
        memset(pr, 0, sizeof(*pr));
        pr->tgid = tgid;
        fd_table_init(&pr->fds);
        return pr;
}

static void learn_fd(struct fp_proc *pr, int fd, const char *what, bool cloexec)
{
        fd_table_set(&pr->fds, fd, what, strlen(what), cloexec);
}

/* A process first seen without its fork: its fds and cwd as /proc shows
 * them now, or (renacerctl run's command) the fds 0-2 it inherited from us. */
static struct fp_proc *proc_get(struct fdpath *p, uint32_t tgid)
{
        struct fp_proc *pr = proc_find(p, tgid);
        char link[64], buf[PATH_MAX];

        if (pr)
                return pr;
        pr = proc_add(p, tgid);
        if (!pr)
                return NULL;
        bool inherit = p->self_stdio && !p->seen_first;
        p->seen_first = true;
        if (inherit) {
                for (int fd = 0; fd < 3; fd++) {
                        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
                        if (read_link(link, buf, sizeof(buf)) >= 0)
                                learn_fd(pr, fd, buf, false);
                }
                if (getcwd(buf, sizeof(buf)))
                        pr->cwd = strdup(buf);
                return pr;
        }
        snprintf(link, sizeof(link), "/proc/%u/cwd", tgid);
        if (read_link(link, buf, sizeof(buf)) >= 0)
                pr->cwd = strdup(buf);
        return pr;
}

/* What the fd is, from the table or else from /proc while it lives. */
static const char *fd_what(struct fdpath *p, uint32_t tgid, int fd)
{
        struct fp_proc *pr = proc_get(p, tgid);
        char link[64], buf[PATH_MAX];

        if (!pr || fd < 0)
                return NULL;
        const char *s = fd_table_get(&pr->fds, fd);
        if (s)
                return s;
        snprintf(link, sizeof(link), "/proc/%u/fd/%d", tgid, fd);
        if (read_link(link, buf, sizeof(buf)) < 0)
                return NULL;
        learn_fd(pr, fd, buf, false);
        return fd_table_get(&pr->fds, fd);
}

const char *fdpath_path_of(struct fdpath *p, uint32_t tgid, int fd)
{
        const char *s = fd_what(p, tgid, fd);

        return s && s[0] == '/' ? s : NULL;
}

const char *fdpath_resolve(struct fdpath *p, uint32_t tgid, int dirfd, const char *path, char *buf,
                           size_t size)
{
        const char *base = NULL;
        struct fp_proc *pr = proc_get(p, tgid);
        int n;

        if (!pr || !path)
                return NULL;
        if (path[0] != '/') {
                base = dirfd == AT_FDCWD ? pr->cwd : fdpath_path_of(p, tgid, dirfd);
                if (!base)
                        return NULL;
        }
        n = base ? snprintf(buf, size, "%s/%s", base, path) : snprintf(buf, size, "%s", path);
        if (n < 0 || (size_t)n >= size)
                return NULL;
        canonical(buf, size);
        return buf;
}

/* The argument where the call writes the pair of fds it made, or -1. */
static int fd_pair_arg(int nr)
{
        const struct syscall_row *r = syscall_row(nr);

        if (nr == __NR_socketpair)
                return 3;
        return r && r->golden.fd_result == 'p' ? 0 : -1;
}

/* ---- tracking ---- */

/* A captured string argument, NUL-terminated in buf (segments are not). */
static const char *str_arg(const struct renacer_syscall_event *ev, size_t avail, unsigned i,
                           char *buf, size_t size)
{
        size_t len;
        const char *s = record_seg_str(ev, avail, i, &len);

        if (!s || len >= size || memchr(s, '\0', len))
                return NULL;
        memcpy(buf, s, len);
        buf[len] = '\0';
        return buf;
}

/* What /proc/PID/fd shows for the fds calls make that have no path. */
static const char *anon_name(int nr)
{
        switch (nr) {
        case __NR_eventfd:
        case __NR_eventfd2:
                return "anon_inode:[eventfd]";
        case __NR_epoll_create:
        case __NR_epoll_create1:
                return "anon_inode:[eventpoll]";
        case __NR_timerfd_create:
                return "anon_inode:[timerfd]";
        case __NR_signalfd:
        case __NR_signalfd4:
                return "anon_inode:[signalfd]";
        case __NR_inotify_init:
        case __NR_inotify_init1:
                return "anon_inode:inotify";
        case __NR_pidfd_open:
                return "anon_inode:[pidfd]";
        case __NR_userfaultfd:
                return "anon_inode:[userfaultfd]";
        case __NR_perf_event_open:
                return "anon_inode:[perf_event]";
        case __NR_io_uring_setup:
                return "anon_inode:[io_uring]";
        case __NR_fanotify_init:
                return "anon_inode:[fanotify]";
        }
        return NULL;
}

static bool arg_cloexec(const struct renacer_syscall_event *ev, int i)
{
        return i >= 0 && i < 6 && (ev->args[i] & O_CLOEXEC);
}

/* The pipe or socket the kernel read behind fd at the call's exit. */
static bool fdinfo_of(const struct renacer_syscall_event *ev, size_t avail, int fd,
                      struct renacer_seg_fdinfo *out)
{
        struct record_seg_iter it;
        struct record_seg s;

        record_seg_iter_init(&it, ev, avail);
        while (record_seg_next(&it, &s) > 0) {
                if (s.type != RENACER_SEG_FDINFO || s.len != sizeof(*out))
                        continue;
                memcpy(out, s.data, sizeof(*out));
                if (out->fd == fd)
                        return true;
        }
        return false;
}

/* What /proc/PID/fd showed for it: pipe:[ino] or socket:[ino]. */
static bool fdinfo_name(const struct renacer_syscall_event *ev, size_t avail, int fd, char *buf,
                        size_t size)
{
        struct renacer_seg_fdinfo fi;

        if (!fdinfo_of(ev, avail, fd, &fi) || (fi.mode != S_IFIFO && fi.mode != S_IFSOCK))
                return false;
        snprintf(buf, size, "%s:[%llu]", fi.mode == S_IFIFO ? "pipe" : "socket",
                 (unsigned long long)fi.ino);
        return true;
}

/* Whether the pipes and sockets a call makes are close-on-exec. */
static bool fdinfo_cloexec(const struct renacer_syscall_event *ev)
{
        switch (ev->nr) {
        case __NR_pipe2:
                return ev->args[1] & O_CLOEXEC;
        case __NR_socket:
        case __NR_socketpair:
                return ev->args[1] & SOCK_CLOEXEC;
        case __NR_accept4:
                return ev->args[3] & SOCK_CLOEXEC;
        }
        return false;
}

static const struct sock_proto *sock_proto_named(const char *name);
static bool sock_form(const struct sock_proto *sp, const struct renacer_seg_fdinfo *fi, char *out,
                      size_t size);

/* The sockets' states a record carries, for the lines after it. */
static void track_sock_states(struct fdpath *p, const struct renacer_syscall_event *ev,
                              size_t avail)
{
        struct record_seg_iter it;
        struct record_seg s;
        struct renacer_seg_fdinfo fi;

        record_seg_iter_init(&it, ev, avail);
        while (record_seg_next(&it, &s) > 0) {
                if (s.type != RENACER_SEG_FDINFO || s.len != sizeof(fi))
                        continue;
                memcpy(&fi, s.data, sizeof(fi));
                if (fi.mode != S_IFSOCK || !fi.ino)
                        continue;
                fi.proto[sizeof(fi.proto) - 1] = '\0';
                struct sock_state *st = &p->states[fi.ino % SOCK_STATES];
                const struct sock_proto *sp = sock_proto_named(fi.proto);
                if (!sp) {
                        /* a protocol strace does not name: as /proc shows it */
                        if (st->inode == fi.ino)
                                st->inode = 0;
                        continue;
                }
                st->inode = fi.ino;
                st->sp = sp;
                st->found = sock_form(sp, &fi, st->text, sizeof(st->text));
        }
}

/* A new fd no path names: /proc while it lives, else the call's kind. */
static void track_new_fd(struct fdpath *p, struct fp_proc *pr,
                         const struct renacer_syscall_event *ev, size_t avail, int fd)
{
        char link[64], buf[PATH_MAX];
        const char *name = anon_name(ev->nr);

        if (fdinfo_name(ev, avail, fd, buf, sizeof(buf))) {
                learn_fd(pr, fd, buf, fdinfo_cloexec(ev));
                return;
        }
        snprintf(link, sizeof(link), "/proc/%u/fd/%d", pr->tgid, fd);
        if (read_link(link, buf, sizeof(buf)) >= 0) {
                learn_fd(pr, fd, buf, false);
                return;
        }
        if (ev->nr == __NR_memfd_create) {
                char name[512];
                const char *n = str_arg(ev, avail, 0, name, sizeof(name));
                if (n) {
                        snprintf(buf, sizeof(buf), "/memfd:%s (deleted)", n);
                        learn_fd(pr, fd, buf, false);
                        return;
                }
        }
        /* a message queue: its name in the mqueue file system, as d_path()
         * shows it */
        if (ev->nr == __NR_mq_open) {
                char name[NAME_MAX + 1];
                const char *n = str_arg(ev, avail, 0, name, sizeof(name));
                if (n) {
                        snprintf(buf, sizeof(buf), "/%s", n);
                        learn_fd(pr, fd, buf, ev->args[1] & O_CLOEXEC);
                        return;
                }
        }
        (void)p;
        if (name)
                learn_fd(pr, fd, name, false);
        else
                fd_table_close(&pr->fds, fd);
}

static unsigned long socket_inode(const char *what);

/* strace's protocol name of a socket(family, type, protocol) call. */
static const char *socket_proto(const struct renacer_syscall_event *ev)
{
        int family = (int)ev->args[0], type = (int)ev->args[1] & 0xf;
        bool v6 = family == AF_INET6;

        if (family == AF_UNIX)
                return type == SOCK_STREAM ? "UNIX-STREAM" : "UNIX";
        if (family == AF_NETLINK)
                return "NETLINK";
        if (family != AF_INET && !v6)
                return NULL;
        if (type == SOCK_STREAM && (ev->args[2] == 0 || ev->args[2] == IPPROTO_TCP))
                return v6 ? "TCPv6" : "TCP";
        if (type == SOCK_DGRAM && (ev->args[2] == 0 || ev->args[2] == IPPROTO_UDP))
                return v6 ? "UDPv6" : "UDP";
        if (type == SOCK_RAW)
                return v6 ? "RAWv6" : "RAW";
        return NULL;
}

static struct fresh_sock *fresh_find(struct fdpath *p, unsigned long ino)
{
        for (unsigned i = 0; i < p->nfresh; i++)
                if (p->fresh[i].inode == ino)
                        return &p->fresh[i];
        return NULL;
}

/* A call that gives the socket behind arg 0 an endpoint. */
static bool gives_endpoint(int nr)
{
        switch (nr) {
        case __NR_bind:
        case __NR_connect:
        case __NR_listen:
        case __NR_sendto:
        case __NR_sendmsg:
        case __NR_sendmmsg:
                return true;
        }
        return false;
}

static void track_fresh(struct fdpath *p, const struct renacer_syscall_event *ev)
{
        if (ev->nr == __NR_socket) {
                const char *what = fd_what(p, ev->hdr.tgid, (int)ev->ret);
                unsigned long ino = what ? socket_inode(what) : 0;
                const char *proto = socket_proto(ev);
                if (!ino || !proto || fresh_find(p, ino))
                        return;
                if (p->nfresh == FRESH_MAX)
                        memmove(p->fresh, p->fresh + 1, sizeof(p->fresh) - sizeof(p->fresh[0]));
                else
                        p->nfresh++;
                p->fresh[p->nfresh - 1] = (struct fresh_sock){ino, proto};
        } else if (gives_endpoint(ev->nr)) {
                const char *what = fd_what(p, ev->hdr.tgid, (int)ev->args[0]);
                struct fresh_sock *f = what ? fresh_find(p, socket_inode(what)) : NULL;
                if (f)
                        *f = p->fresh[--p->nfresh];
        }
}

static void track_fds(struct fdpath *p, const struct renacer_syscall_event *ev, size_t avail)
{
        const struct syscall_row *r = syscall_row(ev->nr);
        char buf[PATH_MAX], arg[PATH_MAX];
        struct fp_proc *pr;

        if (!r || ev->ret < 0 || (ev->flags & RENACER_SC_NORETURN))
                return;
        pr = proc_get(p, ev->hdr.tgid);
        if (!pr)
                return;
        if (ev->nr == __NR_chdir || ev->nr == __NR_fchdir) {
                const char *to =
                    ev->nr == __NR_chdir
                        ? fdpath_resolve(p, ev->hdr.tgid, AT_FDCWD,
                                         str_arg(ev, avail, 0, arg, sizeof(arg)), buf, sizeof(buf))
                        : fdpath_path_of(p, ev->hdr.tgid, (int)ev->args[0]);
                char *dup = to ? strdup(to) : NULL;
                free(pr->cwd);
                pr->cwd = dup;
                return;
        }
        switch (r->fd.kind) {
        case SC_FD_OPEN: {
                /* open/creat name the path at argument 0, the *at calls at 1
                 * relative to the dirfd at 0 */
                int dirfd = r->fd.a > 0 ? (int)ev->args[0] : AT_FDCWD;
                const char *path = fdpath_resolve(
                    p, ev->hdr.tgid, dirfd, str_arg(ev, avail, (unsigned)r->fd.a, arg, sizeof(arg)),
                    buf, sizeof(buf));
                if (path)
                        learn_fd(pr, (int)ev->ret, path, arg_cloexec(ev, r->fd.c));
                else
                        track_new_fd(p, pr, ev, avail, (int)ev->ret);
                return;
        }
        case SC_FD_CLOSE:
                fd_table_close(&pr->fds, (int)ev->args[r->fd.a]);
                return;
        case SC_FD_DUP: {
                int old = (int)ev->args[r->fd.a];
                int to = r->fd.b < 0 ? (int)ev->ret : (int)ev->args[r->fd.b];
                if (fd_what(p, ev->hdr.tgid, old))
                        fd_table_dup(&pr->fds, old, to, arg_cloexec(ev, r->fd.c));
                else
                        fd_table_close(&pr->fds, to);
                return;
        }
        case SC_FD_FCNTL:
                if (ev->args[1] == F_DUPFD || ev->args[1] == F_DUPFD_CLOEXEC) {
                        int old = (int)ev->args[0];
                        if (fd_what(p, ev->hdr.tgid, old))
                                fd_table_dup(&pr->fds, old, (int)ev->ret,
                                             ev->args[1] == F_DUPFD_CLOEXEC);
                        else
                                fd_table_close(&pr->fds, (int)ev->ret);
                }
                return;
        }
        if (r->golden.fd_result == 'f') {
                track_new_fd(p, pr, ev, avail, (int)ev->ret);
        } else if (fd_pair_arg(ev->nr) >= 0) {
                struct record_seg s;
                int fds[2];
                if (record_seg_find(ev, avail, (unsigned)fd_pair_arg(ev->nr), RENACER_SEG_BUF,
                                    &s) &&
                    s.len >= sizeof(fds)) {
                        memcpy(fds, s.data, sizeof(fds));
                        track_new_fd(p, pr, ev, avail, fds[0]);
                        track_new_fd(p, pr, ev, avail, fds[1]);
                }
        }
}

void fdpath_track(struct fdpath *p, const struct renacer_syscall_event *ev, size_t avail)
{
        track_fds(p, ev, avail);
        track_sock_states(p, ev, avail);
        if (ev->ret >= 0 && !(ev->flags & RENACER_SC_NORETURN) && (p->set & FDPATH_SOCKET))
                track_fresh(p, ev);
}

void fdpath_lifecycle(struct fdpath *p, const void *rec, size_t len)
{
        const struct renacer_event_header *h = rec;

        if (len < sizeof(struct renacer_proc_event))
                return;
        const struct renacer_proc_event *pe = rec;
        if (h->kind == RENACER_EV_FORK) {
                struct fp_proc *parent = proc_find(p, pe->ppid);
                if (proc_find(p, h->tgid) || !parent)
                        return;
                /* the parent's slot may move when the array grows */
                size_t pi = (size_t)(parent - p->procs);
                struct fp_proc *child = proc_add(p, h->tgid);
                if (!child)
                        return;
                parent = &p->procs[pi];
                fd_table_copy(&child->fds, &parent->fds);
                child->cwd = parent->cwd ? strdup(parent->cwd) : NULL;
                p->seen_first = true;
        } else if (h->kind == RENACER_EV_EXEC) {
                struct fp_proc *pr = proc_find(p, h->tgid);
                if (pr)
                        fd_table_exec(&pr->fds);
        } else if (h->kind == RENACER_EV_EXIT) {
                struct fp_proc *pr = proc_find(p, h->tgid);
                if (pr) {
                        proc_free(pr);
                        *pr = p->procs[--p->n];
                }
        }
}

/* ---- -yy: sockets by sock_diag, as strace's socketutils.c ---- */

static bool nl_query(int nl, void *req, size_t size)
{
        struct sockaddr_nl sa = {.nl_family = AF_NETLINK};

        return sendto(nl, req, size, 0, (struct sockaddr *)&sa, sizeof(sa)) == (ssize_t)size;
}

struct diag_want {
        unsigned long inode;
        const char *proto;
        char out[512];
        bool found;
};

static void quote_into(char *out, size_t size, const char *s, size_t n, const char *esc);

/* The -yy forms of the three socket families sock_diag answers for, from
 * its answers or from what the kernel captured at the call (struct
 * renacer_seg_fdinfo); each returns whether the socket has a form. */

static bool inet_format(char *out, size_t size, const char *proto, int family, const void *src,
                        unsigned sport, const void *dst, unsigned dport)
{
        static const uint8_t zero[16];
        char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
        size_t asize = family == AF_INET ? 4 : 16;
        const char *ob = family == AF_INET6 ? "[" : "";
        const char *cb = family == AF_INET6 ? "]" : "";
        int n;

        if (family != AF_INET && family != AF_INET6)
                return false;
        if (!inet_ntop(family, src, s, sizeof(s)))
                return false;
        if (dport || memcmp(zero, dst, asize)) {
                if (!inet_ntop(family, dst, d, sizeof(d)))
                        return false;
                n = snprintf(out, size, "%s:[%s%s%s:%u->%s%s%s:%u]", proto, ob, s, cb, sport, ob, d,
                             cb, dport);
        } else {
                n = snprintf(out, size, "%s:[%s%s%s:%u]", proto, ob, s, cb, sport);
        }
        return n > 0 && (size_t)n < size;
}

static void inet_parse(const struct nlmsghdr *h, struct diag_want *w)
{
        const struct inet_diag_msg *m = NLMSG_DATA(h);

        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) || m->idiag_inode != w->inode)
                return;
        w->found = inet_format(w->out, sizeof(w->out), w->proto, m->idiag_family, m->id.idiag_src,
                               ntohs(m->id.idiag_sport), m->id.idiag_dst, ntohs(m->id.idiag_dport));
}

/* path: the bound address's sun_path bytes (abstract: a NUL first) */
static bool unix_format(char *out, size_t size, const char *proto, unsigned long inode,
                        uint32_t peer, const char *path, size_t plen)
{
        char qpath[4 * 128 + 8] = "", peer_s[16] = "";

        if (!peer && !plen)
                return false;
        if (plen) {
                /* strace's string_quote(..., QUOTE_0_TERMINATED): quoted */
                char q[4 * 128 + 4];
                bool abstract = path[0] == '\0';
                const char *s = abstract ? path + 1 : path;
                size_t n = abstract ? plen - 1 : strnlen(path, plen);
                quote_into(q, sizeof(q), s, n, NULL);
                snprintf(qpath, sizeof(qpath), ",%s\"%s\"", abstract ? "@" : "", q);
        }
        if (peer)
                snprintf(peer_s, sizeof(peer_s), "->%u", peer);
        int len = snprintf(out, size, "%s:[%lu%s%s]", proto, inode, peer_s, qpath);
        /* A path too long for the decoration: the plain inode form is left. */
        return len > 0 && (size_t)len < size;
}

static void unix_parse(const struct nlmsghdr *h, struct diag_want *w)
{
        const struct unix_diag_msg *m = NLMSG_DATA(h);
        int rlen = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*m));
        uint32_t peer = 0;
        char path[128 + 1];
        size_t plen = 0;

        if (rlen < 0 || m->udiag_ino != w->inode || m->udiag_family != AF_UNIX)
                return;
        for (const struct rtattr *a = (const struct rtattr *)(m + 1); RTA_OK(a, rlen);
             a = RTA_NEXT(a, rlen)) {
                if (a->rta_type == UNIX_DIAG_NAME && !plen) {
                        plen = MIN((size_t)RTA_PAYLOAD(a), sizeof(path) - 1);
                        memcpy(path, RTA_DATA(a), plen);
                        path[plen] = '\0';
                } else if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= 4) {
                        memcpy(&peer, RTA_DATA(a), 4);
                }
        }
        w->found = unix_format(w->out, sizeof(w->out), w->proto, w->inode, peer, path, plen);
}

static bool netlink_format(char *out, size_t size, const char *proto, unsigned protocol,
                           uint32_t portid)
{
        static const char *const protos[] = {
            [NETLINK_ROUTE] = "ROUTE",
            [NETLINK_UNUSED] = "UNUSED",
            [NETLINK_USERSOCK] = "USERSOCK",
            [NETLINK_FIREWALL] = "FIREWALL",
            [NETLINK_SOCK_DIAG] = "SOCK_DIAG",
            [NETLINK_NFLOG] = "NFLOG",
            [NETLINK_XFRM] = "XFRM",
            [NETLINK_SELINUX] = "SELINUX",
            [NETLINK_ISCSI] = "ISCSI",
            [NETLINK_AUDIT] = "AUDIT",
            [NETLINK_FIB_LOOKUP] = "FIB_LOOKUP",
            [NETLINK_CONNECTOR] = "CONNECTOR",
            [NETLINK_NETFILTER] = "NETFILTER",
            [NETLINK_IP6_FW] = "IP6_FW",
            [NETLINK_DNRTMSG] = "DNRTMSG",
            [NETLINK_KOBJECT_UEVENT] = "KOBJECT_UEVENT",
            [NETLINK_GENERIC] = "GENERIC",
            [NETLINK_SCSITRANSPORT] = "SCSITRANSPORT",
            [NETLINK_ECRYPTFS] = "ECRYPTFS",
            [NETLINK_RDMA] = "RDMA",
            [NETLINK_CRYPTO] = "CRYPTO",
            [NETLINK_SMC] = "SMC",
        };
        int n;

        if (protocol < ARRAY_SIZE(protos) && protos[protocol])
                n = snprintf(out, size, "%s:[%s:%u]", proto, protos[protocol], portid);
        else
                n = snprintf(out, size, "%s:[%u]", proto, protocol);
        return n > 0 && (size_t)n < size;
}

static void netlink_parse(const struct nlmsghdr *h, struct diag_want *w)
{
        const struct netlink_diag_msg *m = NLMSG_DATA(h);

        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) || m->ndiag_ino != w->inode ||
            m->ndiag_family != AF_NETLINK)
                return;
        w->found =
            netlink_format(w->out, sizeof(w->out), w->proto, m->ndiag_protocol, m->ndiag_portid);
}

/* Read the answers to one query until the dump ends or w is found. */
static void nl_answers(int nl, struct diag_want *w,
                       void (*parse)(const struct nlmsghdr *, struct diag_want *))
{
        static long buf[8192 / sizeof(long)];
        int flags = 0;

        while (!w->found) {
                ssize_t n = recv(nl, buf, sizeof(buf), flags);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        return;
                for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, n);
                     h = NLMSG_NEXT(h, n)) {
                        if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
                                return;
                        parse(h, w);
                        if (w->found)
                                return;
                }
                flags = MSG_DONTWAIT;
        }
}

static const struct sock_proto {
        const char *name;
        int family, proto;
} sock_protos[] = {
    {"UNIX", AF_UNIX, 0},
    {"UNIX-STREAM", AF_UNIX, 0},
    {"TCP", AF_INET, IPPROTO_TCP},
    {"UDP", AF_INET, IPPROTO_UDP},
    {"UDPLITE", AF_INET, IPPROTO_UDPLITE},
    {"DCCP", AF_INET, IPPROTO_DCCP},
    {"SCTP", AF_INET, IPPROTO_SCTP},
    {"L2TP/IP", AF_INET, IPPROTO_L2TP},
    {"PING", AF_INET, IPPROTO_ICMP},
    {"RAW", AF_INET, IPPROTO_RAW},
    {"TCPv6", AF_INET6, IPPROTO_TCP},
    {"UDPv6", AF_INET6, IPPROTO_UDP},
    {"UDPLITEv6", AF_INET6, IPPROTO_UDPLITE},
    {"DCCPv6", AF_INET6, IPPROTO_DCCP},
    {"SCTPv6", AF_INET6, IPPROTO_SCTP},
    {"L2TP/IPv6", AF_INET6, IPPROTO_L2TP},
    {"PINGv6", AF_INET6, IPPROTO_ICMP},
    {"RAWv6", AF_INET6, IPPROTO_RAW},
    {"NETLINK", AF_NETLINK, 0},
};

static const struct sock_proto *sock_proto_named(const char *name)
{
        for (size_t i = 0; i < ARRAY_SIZE(sock_protos); i++)
                if (!strcmp(sock_protos[i].name, name))
                        return &sock_protos[i];
        return NULL;
}

/* The form sock_diag would give the socket the kernel captured, as the
 * dumps strace reads find sockets: inet ones once they have a port,
 * netlink ones once bound, unix ones with a peer or a name. */
static bool sock_form(const struct sock_proto *sp, const struct renacer_seg_fdinfo *fi, char *out,
                      size_t size)
{
        if (fi->family != sp->family)
                return false;
        switch (sp->family) {
        case AF_UNIX:
                return unix_format(out, size, sp->name, fi->ino, (uint32_t)fi->peer_ino, fi->name,
                                   MIN((size_t)fi->name_len, sizeof(fi->name)));
        case AF_NETLINK:
                return fi->portid && netlink_format(out, size, sp->name, fi->protocol, fi->portid);
        }
        return fi->sport &&
               inet_format(out, size, sp->name, fi->family, fi->src, fi->sport, fi->dst, fi->dport);
}

static bool sock_lookup(int nl, const struct sock_proto *sp, struct diag_want *w)
{
        w->proto = sp->name;
        w->found = false;
        if (sp->family == AF_UNIX) {
                struct {
                        struct nlmsghdr nlh;
                        struct unix_diag_req udr;
                } req = {
                    .nlh = {.nlmsg_len = sizeof(req),
                            .nlmsg_type = SOCK_DIAG_BY_FAMILY,
                            .nlmsg_flags = NLM_F_REQUEST},
                    .udr = {.sdiag_family = AF_UNIX,
                            .udiag_ino = (uint32_t)w->inode,
                            .udiag_states = -1,
                            .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER,
                            .udiag_cookie = {~0U, ~0U}},
                };
                if (nl_query(nl, &req, sizeof(req)))
                        nl_answers(nl, w, unix_parse);
        } else if (sp->family == AF_NETLINK) {
                struct {
                        struct nlmsghdr nlh;
                        struct netlink_diag_req ndr;
                } req = {
                    .nlh = {.nlmsg_len = sizeof(req),
                            .nlmsg_type = SOCK_DIAG_BY_FAMILY,
                            .nlmsg_flags = NLM_F_DUMP | NLM_F_REQUEST},
                    .ndr = {.sdiag_family = AF_NETLINK, .sdiag_protocol = NDIAG_PROTO_ALL},
                };
                if (nl_query(nl, &req, sizeof(req)))
                        nl_answers(nl, w, netlink_parse);
        } else {
                struct {
                        struct nlmsghdr nlh;
                        struct inet_diag_req_v2 idr;
                } req = {
                    .nlh = {.nlmsg_len = sizeof(req),
                            .nlmsg_type = SOCK_DIAG_BY_FAMILY,
                            .nlmsg_flags = NLM_F_DUMP | NLM_F_REQUEST},
                    .idr = {.sdiag_family = (uint8_t)sp->family,
                            .sdiag_protocol = (uint8_t)sp->proto,
                            .idiag_states = ~0U},
                };
                if (nl_query(nl, &req, sizeof(req)))
                        nl_answers(nl, w, inet_parse);
        }
        return w->found;
}

/* strace's get_sockaddr_by_inode(): cached details, else a query by the
 * protocol the socket names (system.sockprotoname), else every protocol;
 * "PROTO:[inode]" when only the protocol is known. */
static const char *sock_details(struct fdpath *p, uint32_t tgid, int fd, unsigned long inode,
                                char *tmp, size_t tmpsize)
{
        struct sock_entry *e = &p->socks[inode & (SOCK_CACHE - 1)];
        const struct sock_proto *sp = NULL;
        char link[64], name[64];
        struct diag_want w = {.inode = inode};

        if (e->inode == inode && (e->details || e->miss))
                return e->details;
        const struct sock_state *cs = &p->states[inode % SOCK_STATES];
        if (cs->inode == inode && !cs->found) {
                snprintf(tmp, tmpsize, "%s:[%lu]", cs->sp->name, inode);
                return tmp;
        }
        if (cs->inode == inode) {
                /* strace caches what it found, and so shows it from then on */
                char *d = strdup(cs->text);
                if (d) {
                        free(e->details);
                        e->details = d;
                        e->inode = inode;
                        e->miss = false;
                        return d;
                }
        }
        const struct fresh_sock *f = fresh_find(p, inode);
        if (f) {
                snprintf(tmp, tmpsize, "%s:[%lu]", f->proto, inode);
                return tmp;
        }
        snprintf(link, sizeof(link), "/proc/%u/fd/%d", tgid, fd);
        ssize_t n = getxattr(link, "system.sockprotoname", name, sizeof(name) - 1);
        if (n > 0) {
                name[n] = '\0';
                for (size_t i = 0; i < ARRAY_SIZE(sock_protos) && !sp; i++)
                        if (!strcmp(sock_protos[i].name, name))
                                sp = &sock_protos[i];
        }
        int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        if (nl >= 0) {
                struct timeval tv = {.tv_sec = 1};
                setsockopt(nl, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
                if (sp)
                        sock_lookup(nl, sp, &w);
                else
                        for (size_t i = 0; i < ARRAY_SIZE(sock_protos) && !w.found; i++)
                                sock_lookup(nl, &sock_protos[i], &w);
                close(nl);
        }
        if (w.found) {
                char *d = strdup(w.out);
                if (d) {
                        free(e->details);
                        e->details = d;
                        e->inode = inode;
                        e->miss = false;
                        return d;
                }
        }
        if (!sp) {
                /* every protocol's dump was read once for it: a traced program
                 * must not make each of its calls cost twenty more */
                free(e->details);
                e->details = NULL;
                e->inode = inode;
                e->miss = true;
                return NULL;
        }
        snprintf(tmp, tmpsize, "%s:[%lu]", sp->name, inode);
        return tmp;
}

/* ---- printing ---- */

/* strace's string_quote() without the quotes: C escapes, octal for the
 * rest of the unprintable bytes and for the characters in esc. */
static void quote_into(char *out, size_t size, const char *s, size_t n, const char *esc)
{
        size_t o = 0;

        for (size_t i = 0; i < n && o + 5 < size; i++) {
                unsigned char c = (unsigned char)s[i];
                const char *e = NULL;
                switch (c) {
                case '"':
                        e = "\\\"";
                        break;
                case '\\':
                        e = "\\\\";
                        break;
                case '\f':
                        e = "\\f";
                        break;
                case '\n':
                        e = "\\n";
                        break;
                case '\r':
                        e = "\\r";
                        break;
                case '\t':
                        e = "\\t";
                        break;
                case '\v':
                        e = "\\v";
                        break;
                }
                if (e) {
                        o += (size_t)snprintf(out + o, size - o, "%s", e);
                        continue;
                }
                if (c >= ' ' && c < 0x7f && !(esc && strchr(esc, c))) {
                        out[o++] = (char)c;
                        continue;
                }
                bool digit_next = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';
                /* strace's sprint_byte_oct(): 3 digits before a digit */
                o += (size_t)snprintf(out + o, size - o, digit_next ? "\\%03o" : "\\%o", c);
        }
        out[o] = '\0';
}

static unsigned long socket_inode(const char *what)
{
        unsigned long v;
        char *end;

        if (strncmp(what, "socket:[", 8))
                return 0;
        v = strtoul(what + 8, &end, 10);
        return v && end[0] == ']' && !end[1] ? v : 0;
}

static int put_angle_path(char *buf, size_t size, const char *path)
{
        char q[4 * PATH_MAX + 1];
        size_t len = strlen(path);
        bool deleted = false;
        static const char del[] = " (deleted)";
        struct stat st;

        /* the kernel's mark of an unlinked file, when the name is free */
        if (len > sizeof(del) - 1 && !strcmp(path + len - (sizeof(del) - 1), del)) {
                char stripped[PATH_MAX];
                snprintf(stripped, sizeof(stripped), "%.*s", (int)(len - (sizeof(del) - 1)), path);
                if (stat(stripped, &st) < 0) {
                        deleted = true;
                        len -= sizeof(del) - 1;
                }
        }
        quote_into(q, sizeof(q), path, len, "<>");
        int n = snprintf(buf, size, "<%s>%s", q, deleted ? "(deleted)" : "");
        return n < 0 || (size_t)n >= size ? -ENOSPC : n;
}

int fdpath_describe(struct fdpath *p, uint32_t tgid, int fd, char *buf, size_t size)
{
        char tmp[256];
        struct stat st;
        int n;

        if (fd == AT_FDCWD) {
                struct fp_proc *pr = proc_get(p, tgid);
                return pr && pr->cwd && (p->set & FDPATH_PATH) ? put_angle_path(buf, size, pr->cwd)
                                                               : 0;
        }
        const char *what = fd_what(p, tgid, fd);
        if (!what)
                return 0;
        {
                unsigned long ino = p->set & FDPATH_SOCKET ? socket_inode(what) : 0;
                if (ino) {
                        const char *d = sock_details(p, tgid, fd, ino, tmp, sizeof(tmp));
                        n = snprintf(buf, size, "<%s>", d ? d : what);
                        return n < 0 || (size_t)n >= size ? -ENOSPC : n;
                }
                if ((p->set & FDPATH_DEV) && what[0] == '/' && stat(what, &st) == 0 &&
                    (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
                        char q[4 * PATH_MAX + 1];
                        quote_into(q, sizeof(q), what, strlen(what), "<>");
                        n = snprintf(buf, size, "<%s<%s %u:%u>>", q,
                                     S_ISBLK(st.st_mode) ? "block" : "char", major(st.st_rdev),
                                     minor(st.st_rdev));
                        return n < 0 || (size_t)n >= size ? -ENOSPC : n;
                }
                if ((p->set & FDPATH_PIDFD) && !strcmp(what, "anon_inode:[pidfd]")) {
                        char path[64], line[128];
                        long pid = -1;
                        snprintf(path, sizeof(path), "/proc/%u/fdinfo/%d", tgid, fd);
                        FILE *f = fopen(path, "re");
                        while (f && fgets(line, sizeof(line), f))
                                if (!strncmp(line, "Pid:\t", 5))
                                        pid = strtol(line + 5, NULL, 10);
                        if (f)
                                fclose(f);
                        n = pid > 0 ? snprintf(buf, size, "<pid:%ld>", pid)
                                    : snprintf(buf, size, "<%s>", what);
                        return n < 0 || (size_t)n >= size ? -ENOSPC : n;
                }
        }
        return p->set & FDPATH_PATH ? put_angle_path(buf, size, what) : 0;
}

int fdpath_arg_text(struct fdpath *p, const struct renacer_syscall_event *ev, size_t avail, int i,
                    const char *text, size_t len, char *buf, size_t size)
{
        const struct syscall_row *r = syscall_row(ev->nr);
        char deco[8192];
        int n;

        if (!r)
                return 0;
        /* pipe, pipe2, socketpair: "[3, 4]" once the call made them */
        if (i == fd_pair_arg(ev->nr) && ev->ret == 0 && len > 2 && text[0] == '[') {
                struct record_seg s;
                int fds[2];
                char d0[4096] = "", d1[4096] = "";
                if (!record_seg_find(ev, avail, (unsigned)i, RENACER_SEG_BUF, &s) ||
                    s.len < sizeof(fds))
                        return 0;
                memcpy(fds, s.data, sizeof(fds));
                /* what the kernel read of them, before /proc is asked */
                struct fp_proc *pr = proc_get(p, ev->hdr.tgid);
                char name[64];
                for (int k = 0; pr && k < 2; k++)
                        if (fdinfo_name(ev, avail, fds[k], name, sizeof(name)))
                                learn_fd(pr, fds[k], name, fdinfo_cloexec(ev));
                track_sock_states(p, ev, avail);
                if (fdpath_describe(p, ev->hdr.tgid, fds[0], d0, sizeof(d0)) < 0 ||
                    fdpath_describe(p, ev->hdr.tgid, fds[1], d1, sizeof(d1)) < 0)
                        return 0;
                n = snprintf(buf, size, "[%d%s, %d%s]", fds[0], d0, fds[1], d1);
                return n < 0 || (size_t)n >= size ? 0 : n;
        }
        if (!fdpath_arg_is_fd(ev->nr, i))
                return 0;
        int fd = (int)ev->args[i];
        char num[16];
        snprintf(num, sizeof(num), "%d", fd);
        /* only a plain number (or AT_FDCWD) is an fd strace decorates */
        if (!(len == strlen(num) && !memcmp(text, num, len)) &&
            !(fd == AT_FDCWD && len == 8 && !memcmp(text, "AT_FDCWD", 8)))
                return 0;
        n = fdpath_describe(p, ev->hdr.tgid, fd, deco, sizeof(deco));
        if (n <= 0)
                return 0;
        n = snprintf(buf, size, "%.*s%s", (int)len, text, deco);
        return n < 0 || (size_t)n >= size ? 0 : n;
}

/* ---- -P PATH: strace's pathtrace.c ---- */

struct pmatch {
        struct fdpath *p;
        const struct renacer_syscall_event *ev;
        size_t avail;
        const char *const *paths;
        size_t n;
};

static bool in_set(const struct pmatch *m, const char *s)
{
        for (size_t i = 0; s && i < m->n; i++)
                if (!strcmp(s, m->paths[i]))
                        return true;
        return false;
}

static bool upath(const struct pmatch *m, unsigned i)
{
        char buf[PATH_MAX];

        return in_set(m, str_arg(m->ev, m->avail, i, buf, sizeof(buf)));
}

static bool fdm(const struct pmatch *m, unsigned i)
{
        return in_set(m, fd_what(m->p, m->ev->hdr.tgid, (int)m->ev->args[i]));
}

bool fdpath_match(struct fdpath *p, const struct renacer_syscall_event *ev, size_t avail,
                  const char *const *paths, size_t n)
{
        const struct syscall_row *r = syscall_row(ev->nr);
        const struct pmatch m = {p, ev, avail, paths, n};

        if (!r || !(r->classes & (SC_FILE | SC_DESC | SC_NETWORK)))
                return false;
        switch (ev->nr) {
        case __NR_dup2:
        case __NR_dup3:
        case __NR_kexec_file_load:
        case __NR_sendfile:
        case __NR_tee:
                return fdm(&m, 0) || fdm(&m, 1);
        case __NR_execveat:
        case __NR_faccessat:
        case __NR_faccessat2:
        case __NR_fchmodat:
        case __NR_fchownat:
        case __NR_fspick:
        case __NR_futimesat:
        case __NR_inotify_add_watch:
        case __NR_mkdirat:
        case __NR_mknodat:
        case __NR_mount_setattr:
        case __NR_name_to_handle_at:
        case __NR_newfstatat:
        case __NR_open_tree:
        case __NR_openat:
        case __NR_openat2:
        case __NR_readlinkat:
        case __NR_statx:
        case __NR_unlinkat:
        case __NR_utimensat:
                return fdm(&m, 0) || upath(&m, 1);
        case __NR_link:
        case __NR_mount:
        case __NR_pivot_root:
                return upath(&m, 0) || upath(&m, 1);
        case __NR_quotactl:
        case __NR_symlink:
                return upath(&m, 1);
        case __NR_linkat:
        case __NR_move_mount:
        case __NR_renameat2:
        case __NR_renameat:
                return fdm(&m, 0) || fdm(&m, 2) || upath(&m, 1) || upath(&m, 3);
        case __NR_mmap:
                return fdm(&m, 4);
        case __NR_symlinkat:
                return fdm(&m, 1) || upath(&m, 2);
        case __NR_copy_file_range:
        case __NR_splice:
                return fdm(&m, 0) || fdm(&m, 2);
        case __NR_epoll_ctl:
                return fdm(&m, 2);
        case __NR_fanotify_mark:
                return fdm(&m, 3) || upath(&m, 4);
        case __NR_poll:
        case __NR_ppoll: {
                struct record_seg s;
                struct {
                        int fd;
                        short events, revents;
                } pfd;
                if (!record_seg_find(ev, avail, 0, RENACER_SEG_BUF, &s))
                        return false;
                for (size_t off = 0; off + sizeof(pfd) <= s.len; off += sizeof(pfd)) {
                        memcpy(&pfd, s.data + off, sizeof(pfd));
                        if (in_set(&m, fd_what(p, ev->hdr.tgid, pfd.fd)))
                                return true;
                }
                return false;
        }
        case __NR_fsconfig:
                if (ev->args[1] == 3 || ev->args[1] == 4) /* FSCONFIG_SET_PATH(_EMPTY) */
                        return fdm(&m, 4) || upath(&m, 3);
                return ev->args[1] == 5 && fdm(&m, 4); /* FSCONFIG_SET_FD */
        case __NR_accept4:
        case __NR_accept:
        case __NR_bpf:
        case __NR_epoll_create:
        case __NR_epoll_create1:
        case __NR_eventfd2:
        case __NR_eventfd:
        case __NR_fanotify_init:
        case __NR_fsmount:
        case __NR_fsopen:
        case __NR_inotify_init:
        case __NR_inotify_init1:
        case __NR_io_uring_enter:
        case __NR_io_uring_register:
        case __NR_io_uring_setup:
        case __NR_landlock_add_rule:
        case __NR_landlock_create_ruleset:
        case __NR_landlock_restrict_self:
        case __NR_memfd_create:
        case __NR_memfd_secret:
        case __NR_mq_getsetattr:
        case __NR_mq_notify:
        case __NR_mq_open:
        case __NR_mq_timedreceive:
        case __NR_mq_timedsend:
        case __NR_perf_event_open:
        case __NR_pidfd_open:
        case __NR_pipe:
        case __NR_pipe2:
        case __NR_signalfd4:
        case __NR_signalfd:
        case __NR_socket:
        case __NR_socketpair:
        case __NR_timerfd_create:
        case __NR_timerfd_gettime:
        case __NR_timerfd_settime:
        case __NR_userfaultfd:
                /* no fd or path arguments to test */
                return false;
        case __NR_select:
        case __NR_pselect6:
                /* the fd sets are not captured */
                return false;
        }
        if (r->classes & SC_FILE)
                return upath(&m, 0);
        return fdm(&m, 0);
}
