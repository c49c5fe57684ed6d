// SPDX-License-Identifier: MIT
/*
 * Printers for the structures the BPF side copies into payload segments,
 * in strace 6.1's abbreviated (default, non -v) form. Each one falls back to
 * the raw pointer when the segment is missing or shorter than the structure,
 * which is also what strace prints for memory it could not read.
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "decode-internal.h"
#include "decode-time.h"

/* Layouts the kernel writes on x86_64. */
_Static_assert(sizeof(struct stat) == 144, "kernel struct stat on x86_64");
_Static_assert(sizeof(struct statx) == 256, "struct statx");

struct k_sigaction {
        uint64_t handler;
        uint64_t flags;
        uint64_t restorer;
        uint64_t mask;
};

struct k_rlimit64 {
        uint64_t cur;
        uint64_t max;
};

struct k_timespec {
        int64_t sec;
        int64_t nsec;
};

/* struct epoll_event is packed on x86_64 */
struct k_epoll_event {
        uint32_t events;
        uint64_t data;
} __attribute__((packed));
_Static_assert(sizeof(struct k_epoll_event) == 12, "epoll_event is packed on x86_64");

struct k_pollfd {
        int32_t fd;
        int16_t events;
        int16_t revents;
};

/* struct clone_args as of Linux 5.7 (with cgroup): what the BPF side keeps */
#define K_SIGSET_SIZE 8 /* the kernel's sigset_t on x86_64 */

/* ---- helpers ---- */

static void put_symbolic_mode(struct dbuf *b, uint32_t mode)
{
        const char *ifmt = "";

        if (mode & S_IFMT)
                ifmt = xlat_name(&xl_modetypes, mode & S_IFMT);
        if (!ifmt) {
                db_printf(b, "%#03o", mode);
                return;
        }
        db_printf(b, "%s%s%s%s%s%#03o", ifmt, ifmt[0] ? "|" : "",
                  (mode & S_ISUID) ? "S_ISUID|" : "", (mode & S_ISGID) ? "S_ISGID|" : "",
                  (mode & S_ISVTX) ? "S_ISVTX|" : "",
                  mode & ~(unsigned)(S_IFMT | S_ISUID | S_ISGID | S_ISVTX));
}

static void put_dev(struct dbuf *b, uint64_t dev)
{
        db_printf(b, "makedev(%#x, %#x)", major(dev), minor(dev));
}

/* ---- stat family ---- */

/* strace -v's print_struct_stat(): every field, times with their dates */
static void put_stat_full(struct dctx *c, const struct stat *s)
{
        struct dbuf *b = c->b;

        db_puts(b, "{st_dev=");
        put_dev(b, s->st_dev);
        db_printf(b, ", st_ino=%llu, st_mode=", (unsigned long long)s->st_ino);
        put_symbolic_mode(b, s->st_mode);
        /* db_printf() takes 128 bytes at a time */
        db_printf(b, ", st_nlink=%llu, st_uid=%u, st_gid=%u", (unsigned long long)s->st_nlink,
                  s->st_uid, s->st_gid);
        db_printf(b, ", st_blksize=%llu, st_blocks=%llu", (unsigned long long)s->st_blksize,
                  (unsigned long long)s->st_blocks);
        if (S_ISCHR(s->st_mode) || S_ISBLK(s->st_mode)) {
                db_puts(b, ", st_rdev=");
                put_dev(b, s->st_rdev);
        } else {
                db_printf(b, ", st_size=%llu", (unsigned long long)s->st_size);
        }
        const struct {
                const char *name;
                const struct timespec *t;
        } times[] = {{"atime", &s->st_atim}, {"mtime", &s->st_mtim}, {"ctime", &s->st_ctim}};
        for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
                db_printf(b, ", st_%s=%lld", times[i].name, (long long)times[i].t->tv_sec);
                put_time_comment(b, times[i].t->tv_sec, (uint64_t)times[i].t->tv_nsec, 999999999,
                                 9);
                db_printf(b, ", st_%s_nsec=%llu", times[i].name,
                          (unsigned long long)times[i].t->tv_nsec);
        }
        db_putc(b, '}');
}

static void put_statx_time(struct dbuf *b, const char *name, const struct statx_timestamp *t)
{
        db_printf(b, ", %s={tv_sec=%lld, tv_nsec=%u}", name, (long long)t->tv_sec, t->tv_nsec);
        put_time_comment(b, t->tv_sec, t->tv_nsec, 999999999, 9);
}

static void put_statx_id(struct dbuf *b, const char *name, uint32_t id)
{
        if (id == (uint32_t)-1)
                db_printf(b, ", %s=-1", name);
        else
                db_printf(b, ", %s=%u", name, id);
}

/* strace -v's statx: the fields stx_mask says are there, and the rest */
static void put_statx_full(struct dctx *c, const struct statx *s)
{
        struct dbuf *b = c->b;
        const uint32_t m = s->stx_mask;

        db_puts(b, "{stx_mask=");
        put_flags(b, &xl_statx_mask, m, "STATX_???");
        db_printf(b, ", stx_blksize=%u, stx_attributes=", s->stx_blksize);
        put_flags(b, &xl_statx_attrs, s->stx_attributes, "STATX_ATTR_???");
        if (m & STATX_NLINK)
                db_printf(b, ", stx_nlink=%u", s->stx_nlink);
        if (m & STATX_UID)
                put_statx_id(b, "stx_uid", s->stx_uid);
        if (m & STATX_GID)
                put_statx_id(b, "stx_gid", s->stx_gid);
        if (m & (STATX_TYPE | STATX_MODE)) {
                db_puts(b, ", stx_mode=");
                put_symbolic_mode(b, s->stx_mode);
        }
        if (m & STATX_INO)
                db_printf(b, ", stx_ino=%llu", (unsigned long long)s->stx_ino);
        if (m & STATX_SIZE)
                db_printf(b, ", stx_size=%llu", (unsigned long long)s->stx_size);
        if (m & STATX_BLOCKS)
                db_printf(b, ", stx_blocks=%llu", (unsigned long long)s->stx_blocks);
        db_puts(b, ", stx_attributes_mask=");
        put_flags(b, &xl_statx_attrs, s->stx_attributes_mask, "STATX_ATTR_???");
        if (m & STATX_ATIME)
                put_statx_time(b, "stx_atime", &s->stx_atime);
        if (m & STATX_BTIME)
                put_statx_time(b, "stx_btime", &s->stx_btime);
        if (m & STATX_CTIME)
                put_statx_time(b, "stx_ctime", &s->stx_ctime);
        if (m & STATX_MTIME)
                put_statx_time(b, "stx_mtime", &s->stx_mtime);
        db_printf(b, ", stx_rdev_major=%u, stx_rdev_minor=%u, stx_dev_major=%u, stx_dev_minor=%u",
                  s->stx_rdev_major, s->stx_rdev_minor, s->stx_dev_major, s->stx_dev_minor);
        if (m & STATX_MNT_ID)
                db_printf(b, ", stx_mnt_id=%#llx", (unsigned long long)s->stx_mnt_id);
        if (m & STATX_DIOALIGN)
                db_printf(b, ", stx_dio_mem_align=%u, stx_dio_offset_align=%u",
                          s->stx_dio_mem_align, s->stx_dio_offset_align);
        db_putc(b, '}');
}

void put_stat(struct dctx *c, unsigned arg)
{
        const struct stat *st = seg_struct(c, arg, sizeof(*st));
        struct stat s;

        if (!st) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(&s, st, sizeof(s)); /* segment data is only 8-byte aligned */
        if (c->no_abbrev) {
                put_stat_full(c, &s);
                return;
        }
        db_puts(c->b, "{st_mode=");
        put_symbolic_mode(c->b, s.st_mode);
        if (S_ISCHR(s.st_mode) || S_ISBLK(s.st_mode)) {
                db_puts(c->b, ", st_rdev=");
                put_dev(c->b, s.st_rdev);
        } else {
                db_printf(c->b, ", st_size=%llu", (unsigned long long)s.st_size);
        }
        db_puts(c->b, ", ...}");
}

void put_statx(struct dctx *c, unsigned arg)
{
        const void *p = seg_struct(c, arg, sizeof(struct statx));
        struct statx s;

        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(&s, p, sizeof(s));
        if (c->no_abbrev) {
                put_statx_full(c, &s);
                return;
        }
        db_puts(c->b, "{stx_mask=");
        put_flags(c->b, &xl_statx_mask, s.stx_mask, "STATX_???");
        db_puts(c->b, ", stx_attributes=");
        put_flags(c->b, &xl_statx_attrs, s.stx_attributes, "STATX_ATTR_???");
        db_puts(c->b, ", stx_mode=");
        put_symbolic_mode(c->b, s.stx_mode);
        db_printf(c->b, ", stx_size=%llu, ...}", (unsigned long long)s.stx_size);
}

/* ---- socket addresses ---- */

static void put_sockaddr_raw(struct dbuf *b, const uint8_t *buf, int len)
{
        db_puts(b, "sa_data=");
        put_quoted(b, buf + sizeof(sa_family_t), (size_t)(len - (int)sizeof(sa_family_t)), false);
}

void put_sockaddr(struct dctx *c, unsigned arg, uint64_t addrlen)
{
        put_sockaddr_seg(c, seg_get(c, arg, RENACER_SEG_BUF), c->a[arg], addrlen);
}

void put_sockaddr_seg(struct dctx *c, const struct record_seg *s, uint64_t addr, uint64_t addrlen)
{
        int len = (int)addrlen;
        /* what strace reads: at most a sockaddr_storage, zero-padded */
        uint8_t buf[sizeof(struct sockaddr_storage)] = {0};
        sa_family_t family;

        if (len < (int)sizeof(sa_family_t) || !s || (s->flags & RENACER_SEGF_FAULT)) {
                put_ptr(c, addr);
                return;
        }
        if (len > (int)sizeof(buf))
                len = sizeof(buf);
        /* the capture must hold all the bytes strace would have read */
        if (s->len < len) {
                put_ptr(c, addr);
                return;
        }
        memcpy(buf, s->data, (size_t)len);
        memcpy(&family, buf, sizeof(family));

        db_puts(c->b, "{sa_family=");
        put_xval(c->b, &xl_addrfams, family, "AF_???");
        if (len > (int)sizeof(sa_family_t)) {
                db_puts(c->b, ", ");
                switch (family) {
                case AF_UNIX: {
                        const struct sockaddr_un *un = (const void *)buf;
                        int ulen = len > (int)sizeof(*un) ? (int)sizeof(*un) : len;
                        int plen = ulen - (int)sizeof(sa_family_t);

                        db_puts(c->b, "sun_path=");
                        if (un->sun_path[0]) {
                                put_quoted(c->b, (const uint8_t *)un->sun_path,
                                           strnlen(un->sun_path, (size_t)plen), false);
                        } else {
                                db_putc(c->b, '@');
                                put_quoted(c->b, (const uint8_t *)un->sun_path + 1,
                                           (size_t)(plen - 1), false);
                        }
                        break;
                }
                case AF_INET: {
                        struct sockaddr_in in;
                        char a[INET_ADDRSTRLEN];

                        if (len < (int)sizeof(in)) {
                                put_sockaddr_raw(c->b, buf, len);
                                break;
                        }
                        memcpy(&in, buf, sizeof(in));
                        inet_ntop(AF_INET, &in.sin_addr, a, sizeof(a));
                        db_printf(c->b, "sin_port=htons(%u), sin_addr=inet_addr(\"%s\")",
                                  ntohs(in.sin_port), a);
                        break;
                }
                case AF_INET6: {
                        struct sockaddr_in6 in6;
                        char a[INET6_ADDRSTRLEN];

                        /* strace needs everything up to the scope id */
                        if (len < (int)offsetof(struct sockaddr_in6, sin6_scope_id)) {
                                put_sockaddr_raw(c->b, buf, len);
                                break;
                        }
                        memcpy(&in6, buf, sizeof(in6));
                        inet_ntop(AF_INET6, &in6.sin6_addr, a, sizeof(a));
                        db_printf(c->b,
                                  "sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
                                  "inet_pton(AF_INET6, \"%s\", &sin6_addr)",
                                  ntohs(in6.sin6_port), ntohl(in6.sin6_flowinfo), a);
                        if (len > (int)offsetof(struct sockaddr_in6, sin6_scope_id))
                                db_printf(c->b, ", sin6_scope_id=%u", in6.sin6_scope_id);
                        break;
                }
                case AF_NETLINK: {
                        struct sockaddr_nl nl;

                        if (len < (int)sizeof(nl)) {
                                put_sockaddr_raw(c->b, buf, len);
                                break;
                        }
                        memcpy(&nl, buf, sizeof(nl));
                        db_printf(c->b, "nl_pid=%d, nl_groups=%#08x", (int)nl.nl_pid, nl.nl_groups);
                        break;
                }
                default:
                        put_sockaddr_raw(c->b, buf, len);
                        break;
                }
        }
        db_putc(c->b, '}');
}

/* ---- time, signals, limits ---- */

void put_timespec(struct dctx *c, unsigned arg)
{
        const void *p = seg_struct(c, arg, sizeof(struct k_timespec));
        struct k_timespec t;

        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(&t, p, sizeof(t));
        db_printf(c->b, "{tv_sec=%lld, tv_nsec=%llu}", (long long)t.sec,
                  (unsigned long long)(uint64_t)t.nsec);
}

void put_sigmask_bits(struct dbuf *b, uint64_t mask)
{
        char sep = '[';

        /* strace lists the complement when two thirds or more are set */
        if (__builtin_popcountll(mask) >= 64 * 2 / 3) {
                mask = ~mask;
                db_putc(b, '~');
        }
        for (int bit = 0; bit < 64; bit++) {
                char tmp[16];
                const char *name;

                if (!(mask & (1ULL << bit)))
                        continue;
                db_putc(b, sep);
                sep = ' ';
                name = signal_abbrev(bit + 1, tmp, sizeof(tmp));
                if (name)
                        db_puts(b, name);
                else
                        db_printf(b, "%d", bit + 1);
        }
        if (sep == '[')
                db_putc(b, '[');
        db_putc(b, ']');
}

void put_sigset(struct dctx *c, unsigned arg, uint64_t size)
{
        const void *p;
        uint64_t mask;

        /* strace reads only the kernel's sigset size */
        p = size == K_SIGSET_SIZE ? seg_struct(c, arg, K_SIGSET_SIZE) : NULL;
        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(&mask, p, sizeof(mask));
        put_sigmask_bits(c->b, mask);
}

void put_sigaction(struct dctx *c, unsigned arg)
{
        const void *p = seg_struct(c, arg, sizeof(struct k_sigaction));
        struct k_sigaction sa;
        const char *h;

        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(&sa, p, sizeof(sa));
        db_puts(c->b, "{sa_handler=");
        h = xlat_name(&xl_sa_handler, sa.handler);
        if (h)
                db_puts(c->b, h);
        else
                put_ptr(c, sa.handler);
        db_puts(c->b, ", sa_mask=");
        put_sigmask_bits(c->b, sa.mask);
        db_puts(c->b, ", sa_flags=");
        put_flags(c->b, &xl_sigact_flags, sa.flags, "SA_???");
        if (sa.flags & 0x04000000) { /* SA_RESTORER */
                db_puts(c->b, ", sa_restorer=");
                put_ptr(c, sa.restorer);
        }
        db_putc(c->b, '}');
}

static void put_rlim(struct dbuf *b, uint64_t v)
{
        if (v == UINT64_MAX)
                db_puts(b, "RLIM64_INFINITY");
        else if (v > 1024 && v % 1024 == 0)
                db_printf(b, "%llu*1024", (unsigned long long)(v / 1024));
        else
                db_printf(b, "%llu", (unsigned long long)v);
}

void put_sigset_upto(struct dctx *c, unsigned arg, uint64_t size)
{
        const void *p;
        uint64_t mask = 0;

        /* rt_sigpending: strace reads as many bytes as asked, up to the
         * kernel's sigset */
        p = size && size <= K_SIGSET_SIZE ? seg_struct(c, arg, (size_t)size) : NULL;
        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(&mask, p, (size_t)size);
        put_sigmask_bits(c->b, mask);
}

void put_rlimit(struct dctx *c, unsigned arg)
{
        const void *p = seg_struct(c, arg, sizeof(struct k_rlimit64));
        struct k_rlimit64 r;

        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(&r, p, sizeof(r));
        db_puts(c->b, "{rlim_cur=");
        put_rlim(c->b, r.cur);
        db_puts(c->b, ", rlim_max=");
        put_rlim(c->b, r.max);
        db_putc(c->b, '}');
}

/* ---- processes ---- */

void put_wait_status(struct dctx *c, unsigned arg)
{
        const void *p = seg_struct(c, arg, sizeof(int));
        struct dbuf *b = c->b;
        int st;

        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(&st, p, sizeof(st));
        if (WIFSTOPPED(st)) {
                int sig = WSTOPSIG(st);

                db_puts(b, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
                put_signal(b, sig & 0x7f);
                if (sig & 0x80)
                        db_puts(b, " | 0x80");
                db_putc(b, '}');
                st &= ~((sig << 8) | 0x7f);
        } else if (WIFSIGNALED(st)) {
                db_puts(b, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
                put_signal(b, WTERMSIG(st));
                if (WCOREDUMP(st))
                        db_puts(b, " && WCOREDUMP(s)");
                db_putc(b, '}');
                st &= ~(WTERMSIG(st) | 0x80);
        } else if (WIFEXITED(st)) {
                db_printf(b, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}", WEXITSTATUS(st));
                st &= ~(WEXITSTATUS(st) << 8);
        } else if (WIFCONTINUED(st)) {
                db_puts(b, "[{WIFCONTINUED(s)}");
                st &= ~0xffff;
        } else {
                db_printf(b, "[%#x]", (unsigned)st);
                return;
        }
        /* ptrace event bits and anything else left over, raw */
        if (st)
                db_printf(b, " | %#x", (unsigned)st);
        db_putc(b, ']');
}

void put_fd_pair(struct dctx *c, unsigned arg)
{
        const void *p = seg_struct(c, arg, 2 * sizeof(int));
        int fds[2];

        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(fds, p, sizeof(fds));
        /* strace prints it as an array, which -s 1 and -s 0 cut too */
        if (c->strsize == 0 && !c->no_abbrev)
                db_puts(c->b, "[...]");
        else if (c->strsize < 2 && !c->no_abbrev)
                db_printf(c->b, "[%d, ...]", fds[0]);
        else
                db_printf(c->b, "[%d, %d]", fds[0], fds[1]);
}

void put_utsname(struct dctx *c, unsigned arg)
{
        /* sysname and nodename, all strace shows without -v; the whole
         * struct new_utsname (glibc's struct utsname) with it */
        static const char *const names[] = {"sysname", "nodename", "release",
                                            "version", "machine",  "domainname"};
        const struct utsname *u = NULL;
        const size_t want = offsetof(struct utsname, release);
        const void *p = seg_struct(c, arg, c->no_abbrev ? sizeof(*u) : want);
        char f[6][sizeof(u->sysname)];

        _Static_assert(sizeof(f) == sizeof(*u), "struct utsname is six fields");
        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(f, p, c->no_abbrev ? sizeof(f) : want);
        for (size_t i = 0; i < (c->no_abbrev ? 6u : 2u); i++) {
                db_printf(c->b, "%s%s=", i ? ", " : "{", names[i]);
                put_cstring_field(c->b, f[i], sizeof(f[i]));
        }
        db_puts(c->b, c->no_abbrev ? "}" : ", ...}");
}

/* ---- polling ---- */

static void put_pollfd(struct dbuf *b, const struct k_pollfd *p)
{
        db_printf(b, "{fd=%d", p->fd);
        if (p->fd >= 0) {
                db_puts(b, ", events=");
                put_flags(b, &xl_poll_events, (uint16_t)p->events, "POLL???");
        }
        db_putc(b, '}');
}

void put_pollfds(struct dctx *c)
{
        const struct record_seg *s = seg_get(c, 0, RENACER_SEG_BUF);
        unsigned nfds = (unsigned)c->a[1];
        unsigned have, i;

        if (!c->a[0] || !s || (s->flags & RENACER_SEGF_FAULT)) {
                put_ptr(c, c->a[0]);
                return;
        }
        if (nfds == 0) {
                db_puts(c->b, "[]");
                return;
        }
        have = s->len / sizeof(struct k_pollfd);
        if (have == 0) {
                put_ptr(c, c->a[0]);
                return;
        }
        db_putc(c->b, '[');
        for (i = 0; i < nfds && i < have; i++) {
                struct k_pollfd p;

                if (i)
                        db_puts(c->b, ", ");
                if (i >= c->strsize) {
                        db_puts(c->b, "...");
                        break;
                }
                memcpy(&p, s->data + i * sizeof(p), sizeof(p));
                put_pollfd(c->b, &p);
        }
        /* elements beyond the capture */
        if (i == have && i < nfds && i < c->strsize)
                db_puts(c->b, ", ...");
        db_putc(c->b, ']');
}

void put_poll_revents(struct dctx *c)
{
        const struct record_seg *s = seg_get(c, 0, RENACER_SEG_BUF);
        unsigned nfds = (unsigned)c->a[1];
        unsigned have, printed = 0;
        bool open = false;

        if (c->ret == 0) {
                db_puts(c->b, " (Timeout)");
                return;
        }
        if (!c->a[0] || !nfds || !s || (s->flags & RENACER_SEGF_FAULT))
                return;
        have = s->len / sizeof(struct k_pollfd);
        for (unsigned i = 0; i < nfds && i < have; i++) {
                struct k_pollfd p;

                memcpy(&p, s->data + i * sizeof(p), sizeof(p));
                if (!p.revents)
                        continue;
                db_puts(c->b, open ? ", " : " ([");
                open = true;
                if (printed + 1 > c->strsize) {
                        db_puts(c->b, "...");
                        break;
                }
                db_printf(c->b, "{fd=%d, revents=", p.fd);
                put_flags_sep(c->b, &xl_poll_events, (uint16_t)p.revents, 0);
                db_putc(c->b, '}');
                printed++;
        }
        /* ready descriptors past the capture */
        if (open && printed < (uint64_t)c->ret && nfds > have && printed < c->strsize)
                db_puts(c->b, ", ...");
        if (open)
                db_puts(c->b, "])");
}

static void put_epoll_ev(struct dbuf *b, const uint8_t *d)
{
        struct k_epoll_event e;

        memcpy(&e, d, sizeof(e));
        db_puts(b, "{events=");
        put_flags(b, &xl_epoll_events, e.events, "EPOLL???");
        db_printf(b, ", data={u32=%u, u64=%llu}}", (uint32_t)e.data, (unsigned long long)e.data);
}

void put_epoll_event(struct dctx *c, unsigned arg)
{
        const void *p = seg_struct(c, arg, sizeof(struct k_epoll_event));

        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        put_epoll_ev(c->b, p);
}

void put_epoll_events(struct dctx *c, unsigned arg)
{
        const struct record_seg *s = seg_get(c, arg, RENACER_SEG_BUF);
        uint64_t n = c->ret > 0 ? (uint64_t)c->ret : 0;
        unsigned have, i;

        if (c->failed || !c->a[arg]) {
                put_ptr(c, c->a[arg]);
                return;
        }
        if (n == 0) {
                db_puts(c->b, "[]");
                return;
        }
        if (!s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(struct k_epoll_event)) {
                put_ptr(c, c->a[arg]);
                return;
        }
        have = s->len / sizeof(struct k_epoll_event);
        db_putc(c->b, '[');
        for (i = 0; i < n && i < have; i++) {
                if (i)
                        db_puts(c->b, ", ");
                if (i >= c->strsize) {
                        db_puts(c->b, "...");
                        break;
                }
                put_epoll_ev(c->b, s->data + i * sizeof(struct k_epoll_event));
        }
        if (i == have && i < n && i < c->strsize)
                db_puts(c->b, ", ...");
        db_putc(c->b, ']');
}

/* ---- flags printed in more than one place ---- */

void put_open_flags(struct dbuf *b, uint64_t flags)
{
        /* the access mode always has a name */
        db_puts(b, xlat_name(&xl_open_access, flags & 3));
        flags &= ~3ULL;
        if (flags)
                put_flags_sep(b, &xl_open_flags, flags, '|');
}

void put_rusage(struct dctx *c, unsigned arg)
{
        const void *p = seg_struct(c, arg, sizeof(struct rusage));
        struct rusage ru;

        if (!p) {
                put_ptr(c, c->a[arg]);
                return;
        }
        memcpy(&ru, p, sizeof(ru));
        /* strace's abbreviated form: the two times, then "..." */
        /* strace prints tv_usec unsigned (its print_timeval_t) */
        db_printf(c->b, "{ru_utime={tv_sec=%lld, tv_usec=%llu}", (long long)ru.ru_utime.tv_sec,
                  (unsigned long long)ru.ru_utime.tv_usec);
        db_printf(c->b, ", ru_stime={tv_sec=%lld, tv_usec=%llu}", (long long)ru.ru_stime.tv_sec,
                  (unsigned long long)ru.ru_stime.tv_usec);
        if (!c->no_abbrev) {
                db_puts(c->b, ", ...}");
                return;
        }
        /* -v: every counter, unsigned as strace's PRINT_FIELD_U shows them */
        const struct {
                const char *name;
                long v;
        } f[] = {{"maxrss", ru.ru_maxrss}, {"ixrss", ru.ru_ixrss},     {"idrss", ru.ru_idrss},
                 {"isrss", ru.ru_isrss},   {"minflt", ru.ru_minflt},   {"majflt", ru.ru_majflt},
                 {"nswap", ru.ru_nswap},   {"inblock", ru.ru_inblock}, {"oublock", ru.ru_oublock},
                 {"msgsnd", ru.ru_msgsnd}, {"msgrcv", ru.ru_msgrcv},   {"nsignals", ru.ru_nsignals},
                 {"nvcsw", ru.ru_nvcsw},   {"nivcsw", ru.ru_nivcsw}};
        for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
                db_printf(c->b, ", ru_%s=%lu", f[i].name, (unsigned long)f[i].v);
        db_putc(c->b, '}');
}

void put_id_array(struct dctx *c, unsigned arg, uint64_t n)
{
        const struct record_seg *s = seg_get(c, arg, RENACER_SEG_BUF);
        uint64_t have, shown;

        if (!c->a[arg]) {
                db_puts(c->b, "NULL");
                return;
        }
        if (n == 0) {
                db_puts(c->b, "[]");
                return;
        }
        if (!s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(uint32_t)) {
                put_ptr(c, c->a[arg]);
                return;
        }
        have = s->len / sizeof(uint32_t);
        shown = n < have ? n : have;
        if (shown > c->strsize)
                shown = c->strsize;
        db_putc(c->b, '[');
        for (uint64_t i = 0; i < shown; i++) {
                uint32_t id;

                memcpy(&id, s->data + i * sizeof(id), sizeof(id));
                if (i)
                        db_puts(c->b, ", ");
                put_uid(c, id);
        }
        if (n > shown) {
                if (shown == c->strsize)
                        db_puts(c->b, shown ? ", ..." : "...");
                else if (!(s->flags & RENACER_SEGF_TRUNC))
                        /* the first element that could not be read */
                        db_printf(c->b, ", ... /* %#llx */",
                                  (unsigned long long)(c->a[arg] + shown * sizeof(uint32_t)));
                else
                        db_puts(c->b, ", ...");
        }
        db_putc(c->b, ']');
}
