// SPDX-License-Identifier: MIT
/*
 * Signals, scheduling, process and system information calls as strace 6.1
 * prints them: siginfo arguments (formatted by decode-siginfo.c, as in
 * signal lines), sigsets, waitid's siginfo and rusage, sched_attr,
 * sched_param and CPU sets, kcmp, membarrier, ioprio, syslog, reboot,
 * swapon, sysinfo, ustat, getcpu, getres[ug]id, namespaces and
 * close_range. A structure the kernel reads is shown whenever it could be
 * copied; one the kernel writes only after the call succeeded.
 */
#include <errno.h>
#include <linux/kcmp.h>
#include <linux/membarrier.h>
#include <linux/reboot.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "decode-proc.h"
#include "siginfo.h"
#include "uapi-consts.h"

/* The layouts the kernel reads and writes on x86_64; the BPF side copies
 * sizeof() of the UAPI types named in each row. */
#define K_SIGINFO_SIZE 128 /* sizeof(siginfo_t) */

struct k_sched_attr {
        uint32_t size;
        uint32_t sched_policy;
        uint64_t sched_flags;
        int32_t sched_nice;
        uint32_t sched_priority;
        uint64_t sched_runtime;
        uint64_t sched_deadline;
        uint64_t sched_period;
        uint32_t sched_util_min;
        uint32_t sched_util_max;
};
#define K_SCHED_ATTR_SIZE_VER0 48 /* SCHED_ATTR_SIZE_VER0 */
#define K_SCHED_ATTR_SIZE_VER1 56 /* SCHED_ATTR_SIZE_VER1 */
_Static_assert(sizeof(struct k_sched_attr) == K_SCHED_ATTR_SIZE_VER1, "struct sched_attr");

struct k_kcmp_epoll_slot {
        uint32_t efd;
        uint32_t tfd;
        uint32_t toff;
};
_Static_assert(sizeof(struct k_kcmp_epoll_slot) == sizeof(struct kcmp_epoll_slot),
               "struct kcmp_epoll_slot");

_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo on x86_64");

/* strace's cpuset size: the kernel's, as strace probes it (128 bytes on
 * every machine with at most 1024 CPUs); the rows copy at most this much */
#define CPUSET_MAX 128

static const void *struct_arg(const struct dctx *c, unsigned i, size_t size, bool out)
{
        if (!A(i) || (out && !exited_ok(c)))
                return NULL;
        return seg_struct(c, i, size);
}

/* strace's printnum_int() and its kin: [v] or the address */
static void a_int_ref(struct dctx *c, unsigned i, bool out, bool is_uid)
{
        const void *p = struct_arg(c, i, sizeof(uint32_t), out);
        uint32_t v;

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&v, p, sizeof(v));
        if (is_uid && v == UINT32_MAX)
                db_puts(c->b, "[-1]");
        else if (is_uid)
                db_printf(c->b, "[%u]", v);
        else
                db_printf(c->b, "[%d]", (int32_t)v);
}

/* ---- signals ---- */

/* strace's printsiginfo_at(): a siginfo_t at argument i */
void put_siginfo_arg(struct dctx *c, unsigned i, bool out)
{
        const uint8_t *p = struct_arg(c, i, K_SIGINFO_SIZE, out);
        char buf[512];
        int32_t signo;

        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&signo, p, sizeof(signo));
        if (signo == 0) {
                /* what waitid(WNOHANG) leaves when no child changed */
                db_puts(c->b, "{}");
                return;
        }
        if (siginfo_format(p, K_SIGINFO_SIZE, buf, sizeof(buf)) < 0) {
                put_ptr(c, A(i));
                return;
        }
        db_puts(c->b, buf);
}

static void signal_rval(struct dctx *c)
{
        db_puts(c->b, " (");
        put_signal(c->b, (int)c->ret);
        db_putc(c->b, ')');
}

void dec_rt_sigtimedwait(struct dctx *c)
{
        const void *ts = struct_arg(c, 2, 2 * sizeof(int64_t), false);

        arg_next(c);
        put_sigset(c, 0, A(3));
        arg_next(c);
        put_siginfo_arg(c, 1, true);
        arg_next(c);
        if (ts) {
                int64_t t[2];

                memcpy(t, ts, sizeof(t));
                db_printf(c->b, "{tv_sec=%lld, tv_nsec=%llu}", (long long)t[0],
                          (unsigned long long)(uint64_t)t[1]);
        } else {
                put_ptr(c, A(2));
        }
        a_ulong(c, 3);
        if (exited_ok(c) && c->ret > 0)
                c->rextra = signal_rval;
}

void dec_rt_sigqueueinfo(struct dctx *c)
{
        a_int(c, 0);
        a_signal(c, 1);
        arg_next(c);
        put_siginfo_arg(c, 2, false);
}

void dec_rt_tgsigqueueinfo(struct dctx *c)
{
        a_int(c, 0);
        a_int(c, 1);
        a_signal(c, 2);
        arg_next(c);
        put_siginfo_arg(c, 3, false);
}

void dec_pidfd_send_signal(struct dctx *c)
{
        a_int(c, 0);
        a_signal(c, 1);
        arg_next(c);
        put_siginfo_arg(c, 2, false);
        arg_next(c);
        db_printf(c->b, "%#x", (uint32_t)A(3));
}

void dec_signalfd(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_sigset(c, 1, A(2));
        a_ulong(c, 2);
}

void dec_signalfd4(struct dctx *c)
{
        dec_signalfd(c);
        a_flags32(c, 3, &xl_sfd_flags, "SFD_???");
}

void dec_pidfd_open(struct dctx *c)
{
        a_int(c, 0);
        a_flags32(c, 1, &xl_pidfd_open_flags, "PIDFD_???");
}

/* ---- waiting ---- */

void dec_waitid(struct dctx *c)
{
        a_xval32(c, 0, &xl_waitid_types, "P_???");
        a_int(c, 1);
        arg_next(c);
        put_siginfo_arg(c, 2, true);
        a_flags32(c, 3, &xl_wait_options, "W???");
        arg_next(c);
        if (exited_ok(c))
                put_rusage(c, 4);
        else
                put_ptr(c, A(4));
}

/* ---- scheduling ---- */

void dec_sched_getparam(struct dctx *c)
{
        a_int(c, 0);
        a_int_ref(c, 1, true, false);
}

void dec_sched_setparam(struct dctx *c)
{
        a_int(c, 0);
        a_int_ref(c, 1, false, false);
}

/* strace's print_affinitylist(): the CPUs set among the first len bytes */
void put_cpuset(struct dctx *c, unsigned i, uint64_t len, bool out)
{
        const uint32_t umove = len < CPUSET_MAX ? (uint32_t)len : CPUSET_MAX;
        const uint32_t size = (umove + 7) & ~7u;
        const uint8_t *p;
        bool printed = false;

        if (!A(i) || (out && !exited_ok(c)) || c->nonverbose) {
                put_ptr(c, A(i));
                return;
        }
        if (!len) {
                db_puts(c->b, "[]");
                return;
        }
        p = seg_struct(c, i, umove);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        db_putc(c->b, '[');
        for (uint32_t bit = 0; bit < umove * 8; bit++) {
                if (!(p[bit / 8] & (1u << (bit % 8))))
                        continue;
                if (printed)
                        db_putc(c->b, ' ');
                db_printf(c->b, "%u", bit);
                printed = true;
        }
        if (size < len)
                db_puts(c->b, printed ? " ..." : "...");
        db_putc(c->b, ']');
}

void dec_sched_setaffinity(struct dctx *c)
{
        a_int(c, 0);
        a_uint(c, 1);
        arg_next(c);
        put_cpuset(c, 2, (uint32_t)A(1), false);
}

void dec_sched_getaffinity(struct dctx *c)
{
        a_int(c, 0);
        a_uint(c, 1);
        arg_next(c);
        put_cpuset(c, 2, exited_ok(c) ? (uint64_t)c->ret : 0, true);
}

/* strace's print_sched_attr(): usize is 0 for sched_setattr (the size is
 * the structure's own first field, as it was at entry) */
static void put_sched_attr(struct dctx *c, unsigned i, uint32_t usize)
{
        const struct record_seg *s = seg_at(c, i, RENACER_SEG_BUF, true);
        struct k_sched_attr attr;
        struct dbuf *b = c->b;
        bool is_set = usize == 0;
        uint32_t size;

        memset(&attr, 0, sizeof(attr));
        if (!A(i)) {
                put_ptr(c, A(i));
                return;
        }
        if (is_set) {
                const struct record_seg *e = seg_at(c, i, RENACER_SEG_BUF, false);

                if (!e || (e->flags & RENACER_SEGF_FAULT) || e->len < sizeof(uint32_t)) {
                        put_ptr(c, A(i));
                        return;
                }
                memcpy(&usize, e->data, sizeof(usize));
                if (!usize)
                        usize = K_SCHED_ATTR_SIZE_VER0;
                size = usize < sizeof(attr) ? usize : (uint32_t)sizeof(attr);
                if (size >= K_SCHED_ATTR_SIZE_VER0) {
                        if (!s || (s->flags & RENACER_SEGF_FAULT) || s->len < size) {
                                put_ptr(c, A(i));
                                return;
                        }
                        memcpy(&attr, s->data, size);
                }
                /* the size as it was before the kernel wrote its own */
                memcpy(&attr.size, e->data, sizeof(attr.size));
        } else {
                size = usize < sizeof(attr) ? usize : (uint32_t)sizeof(attr);
                if (!s || (s->flags & RENACER_SEGF_FAULT) || s->len < size) {
                        put_ptr(c, A(i));
                        return;
                }
                memcpy(&attr, s->data, size);
                /* what the kernel wrote */
                size = attr.size;
        }
        db_printf(b, "{size=%u", attr.size);
        if (size >= K_SCHED_ATTR_SIZE_VER0) {
                const uint64_t keep = 0x08 | 0x10; /* SCHED_FLAG_KEEP_POLICY|KEEP_PARAMS */

                if (!is_set || (int32_t)attr.sched_policy < 0 || !(attr.sched_flags & keep)) {
                        db_puts(b, ", sched_policy=");
                        put_xval(b, &xl_schedulers, attr.sched_policy, "SCHED_???");
                }
                db_puts(b, ", sched_flags=");
                put_flags(b, &xl_sched_flags, attr.sched_flags, "SCHED_FLAG_???");
                if (!is_set || !(attr.sched_flags & 0x10)) {
                        db_printf(b, ", sched_nice=%d, sched_priority=%u", attr.sched_nice,
                                  attr.sched_priority);
                        db_printf(b, ", sched_runtime=%llu, sched_deadline=%llu",
                                  (unsigned long long)attr.sched_runtime,
                                  (unsigned long long)attr.sched_deadline);
                        db_printf(b, ", sched_period=%llu", (unsigned long long)attr.sched_period);
                }
                if (size >= K_SCHED_ATTR_SIZE_VER1)
                        db_printf(b, ", sched_util_min=%u, sched_util_max=%u", attr.sched_util_min,
                                  attr.sched_util_max);
        }
        if ((is_set ? usize : attr.size) > size)
                db_puts(b, ", ...");
        db_putc(b, '}');
}

void dec_sched_setattr(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_sched_attr(c, 1, 0);
        if (c->failed && c->ret == -E2BIG) {
                /* strace shows the size the kernel asked for */
                const void *p = struct_arg(c, 1, sizeof(uint32_t), false);
                const struct record_seg *s = seg_at(c, 1, RENACER_SEG_BUF, true);

                if (p && s && !(s->flags & RENACER_SEGF_FAULT) && s->len >= sizeof(uint32_t)) {
                        uint32_t size;

                        memcpy(&size, s->data, sizeof(size));
                        db_printf(c->b, " => {size=%u}", size);
                }
        }
        a_uint(c, 2);
}

void dec_sched_getattr(struct dctx *c)
{
        const uint32_t size = (uint32_t)A(2);

        a_int(c, 0);
        arg_next(c);
        if (size && exited_ok(c))
                put_sched_attr(c, 1, size);
        else
                put_ptr(c, A(1));
        a_uint(c, 2);
        a_uint(c, 3);
}

/* ---- processes ---- */

void dec_kcmp(struct dctx *c)
{
        const int32_t type = (int32_t)A(2);

        a_int(c, 0);
        a_int(c, 1);
        a_xval32(c, 2, &xl_kcmp_types, "KCMP_???");
        switch (type) {
        case KCMP_FILE:
                a_int(c, 3);
                a_int(c, 4);
                break;
        case KCMP_EPOLL_TFD: {
                const void *p = struct_arg(c, 4, sizeof(struct k_kcmp_epoll_slot), false);

                a_int(c, 3);
                arg_next(c);
                if (p) {
                        struct k_kcmp_epoll_slot slot;

                        memcpy(&slot, p, sizeof(slot));
                        db_printf(c->b, "{efd=%d, tfd=%d, toff=%u}", (int32_t)slot.efd,
                                  (int32_t)slot.tfd, slot.toff);
                } else {
                        put_ptr(c, A(4));
                }
                break;
        }
        case KCMP_FILES:
        case KCMP_FS:
        case KCMP_IO:
        case KCMP_SIGHAND:
        case KCMP_SYSVSEM:
        case KCMP_VM:
                break;
        default:
                a_hex(c, 3);
                a_hex(c, 4);
                break;
        }
}

static void membarrier_rval(struct dctx *c)
{
        db_puts(c->b, " (");
        put_flags(c->b, &xl_membarrier_cmds, (uint64_t)c->ret, NULL);
        db_putc(c->b, ')');
}

void dec_membarrier(struct dctx *c)
{
        const uint32_t flags = (uint32_t)A(1);

        a_xval32(c, 0, &xl_membarrier_cmds, "MEMBARRIER_CMD_???");
        a_flags32(c, 1, &xl_membarrier_flags, "MEMBARRIER_CMD_FLAG_???");
        if (flags & MEMBARRIER_CMD_FLAG_CPU)
                a_int(c, 2);
        /* the query's answer is a set of commands */
        if ((int32_t)A(0) == 0 && exited_ok(c) && c->ret) {
                c->rval = RVAL_HEX;
                c->rextra = membarrier_rval;
        }
}

#define IOPRIO_CLASS_SHIFT 13 /* include/uapi/linux/ioprio.h */

void put_ioprio(struct dbuf *b, uint32_t ioprio)
{
        db_puts(b, "IOPRIO_PRIO_VALUE(");
        put_xval(b, &xl_ioprio_class, ioprio >> IOPRIO_CLASS_SHIFT, "IOPRIO_CLASS_???");
        db_printf(b, ", %d)", (int)(ioprio & ((1u << IOPRIO_CLASS_SHIFT) - 1)));
}

static void ioprio_rval(struct dctx *c)
{
        db_puts(c->b, " (");
        put_ioprio(c->b, (uint32_t)c->ret);
        db_putc(c->b, ')');
}

void dec_ioprio_get(struct dctx *c)
{
        a_xval32(c, 0, &xl_ioprio_who, "IOPRIO_WHO_???");
        a_int(c, 1);
        if (exited_ok(c))
                c->rextra = ioprio_rval;
}

void dec_ioprio_set(struct dctx *c)
{
        a_xval32(c, 0, &xl_ioprio_who, "IOPRIO_WHO_???");
        a_int(c, 1);
        arg_next(c);
        put_ioprio(c->b, (uint32_t)A(2));
}

void dec_unshare(struct dctx *c)
{
        arg_next(c);
        put_flags(c->b, &xl_unshare_flags, A(0), "CLONE_???");
}

void dec_setns(struct dctx *c)
{
        a_int(c, 0);
        a_flags32(c, 1, &xl_setns_types, "CLONE_NEW???");
}

void dec_close_range(struct dctx *c)
{
        a_uint(c, 0);
        a_uint(c, 1);
        a_flags32(c, 2, &xl_close_range_flags, "CLOSE_RANGE_???");
}

void dec_getresuid(struct dctx *c)
{
        for (unsigned i = 0; i < 3; i++)
                a_int_ref(c, i, true, true);
}

void dec_getcpu(struct dctx *c)
{
        a_int_ref(c, 0, true, false);
        a_int_ref(c, 1, true, false);
        a_ptr(c, 2);
}

/* ---- the system ---- */

/* strace's printxval_ex(..., XLAT_STYLE_VERBOSE | XLAT_STYLE_FMT_D): the
 * number, then the name in a comment */
static void put_dval_named(struct dbuf *b, const struct xlat *x, int32_t v, const char *dflt)
{
        const char *n = xlat_name(x, (uint64_t)(uint32_t)v);

        db_printf(b, "%d /* %s */", v, n ? n : dflt);
}

void dec_syslog(struct dctx *c)
{
        const int32_t type = (int32_t)A(0);
        const int32_t len = (int32_t)A(2);

        arg_next(c);
        put_dval_named(c->b, &xl_syslog_actions, type, "SYSLOG_ACTION_???");
        switch (type) {
        case 0:  /* SYSLOG_ACTION_CLOSE */
        case 1:  /* SYSLOG_ACTION_OPEN */
        case 5:  /* SYSLOG_ACTION_CLEAR */
        case 6:  /* SYSLOG_ACTION_CONSOLE_OFF */
        case 7:  /* SYSLOG_ACTION_CONSOLE_ON */
        case 9:  /* SYSLOG_ACTION_SIZE_UNREAD */
        case 10: /* SYSLOG_ACTION_SIZE_BUFFER */
                return;
        case 2: /* SYSLOG_ACTION_READ */
        case 3: /* SYSLOG_ACTION_READ_ALL */
        case 4: /* SYSLOG_ACTION_READ_CLEAR */
                a_outbuf(c, 1, false);
                break;
        case 8: /* SYSLOG_ACTION_CONSOLE_LEVEL */
                a_ptr(c, 1);
                arg_next(c);
                if (len == 8)
                        db_puts(c->b, "8 /* LOGLEVEL_DEBUG+1 */");
                else
                        put_dval_named(c->b, &xl_syslog_console_levels, len, "LOGLEVEL_???");
                return;
        default:
                a_ptr(c, 1);
                break;
        }
        arg_next(c);
        db_printf(c->b, "%d", len);
}

void dec_reboot(struct dctx *c)
{
        a_xval32(c, 0, &xl_reboot_magic1, "LINUX_REBOOT_MAGIC_???");
        a_xval32(c, 1, &xl_reboot_magic2, "LINUX_REBOOT_MAGIC_???");
        a_xval32(c, 2, &xl_reboot_cmds, "LINUX_REBOOT_CMD_???");
        if ((uint32_t)A(2) == LINUX_REBOOT_CMD_RESTART2) {
                const struct record_seg *s = seg_get(c, 3, RENACER_SEG_STR);

                arg_next(c);
                if (!A(3) || !s || (s->flags & RENACER_SEGF_FAULT)) {
                        put_ptr(c, A(3));
                } else {
                        /* the kernel copies at most 255 bytes; strace shows -s of them */
                        size_t n = s->len < c->strsize ? s->len : c->strsize;

                        put_quoted(c->b, s->data, n, false);
                        if (s->len > n || (s->flags & RENACER_SEGF_TRUNC))
                                db_puts(c->b, "...");
                }
        }
}

void dec_swapon(struct dctx *c)
{
        uint32_t flags = (uint32_t)A(1);
        const uint32_t prio = flags & SWAP_FLAG_PRIO_MASK;

        a_path(c, 0);
        arg_next(c);
        flags &= ~(uint32_t)SWAP_FLAG_PRIO_MASK;
        if (flags) {
                put_flags(c->b, &xl_swap_flags, flags, "SWAP_FLAG_???");
                db_putc(c->b, '|');
        }
        db_printf(c->b, "%u", prio);
}

void dec_sysinfo(struct dctx *c)
{
        const void *p = struct_arg(c, 0, sizeof(struct sysinfo), true);
        struct dbuf *b = c->b;
        struct sysinfo si;

        arg_next(c);
        if (!p) {
                put_ptr(c, A(0));
                return;
        }
        memcpy(&si, p, sizeof(si));
        db_printf(b, "{uptime=%ld, loads=[%lu, %lu, %lu]", si.uptime, si.loads[0], si.loads[1],
                  si.loads[2]);
        db_printf(b, ", totalram=%lu, freeram=%lu", si.totalram, si.freeram);
        db_printf(b, ", sharedram=%lu, bufferram=%lu", si.sharedram, si.bufferram);
        db_printf(b, ", totalswap=%lu, freeswap=%lu", si.totalswap, si.freeswap);
        db_printf(b, ", procs=%u, totalhigh=%lu", (unsigned)si.procs, si.totalhigh);
        db_printf(b, ", freehigh=%lu, mem_unit=%u}", si.freehigh, si.mem_unit);
}

/* strace 6.1 as Debian builds it has no <ustat.h> (glibc dropped it): the
 * buffer is an address */
void dec_ustat(struct dctx *c)
{
        const uint32_t dev = (uint32_t)A(0);

        arg_next(c);
        db_printf(c->b, "makedev(%#x, %#x)", major(dev), minor(dev));
        a_ptr(c, 1);
}

/* ---- file systems and memory ---- */

/* struct statfs as the kernel writes it on x86_64 (struct statfs64 is the
 * same layout there) */
struct k_statfs {
        int64_t f_type, f_bsize;
        uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
        int32_t f_fsid[2];
        int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct k_statfs) == 120, "struct statfs on x86_64");

#define K_ST_VALID 0x0020 /* include/linux/statfs.h: not exported to user space */

static void put_statfs(struct dctx *c, unsigned i)
{
        const void *p = struct_arg(c, i, sizeof(struct k_statfs), true);
        struct dbuf *b = c->b;
        struct k_statfs s;

        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&s, p, sizeof(s));
        db_puts(b, "{f_type=");
        put_xval(b, &xl_fsmagic, (uint64_t)s.f_type, NULL);
        db_printf(b, ", f_bsize=%llu, f_blocks=%llu", (unsigned long long)s.f_bsize,
                  (unsigned long long)s.f_blocks);
        db_printf(b, ", f_bfree=%llu, f_bavail=%llu", (unsigned long long)s.f_bfree,
                  (unsigned long long)s.f_bavail);
        db_printf(b, ", f_files=%llu, f_ffree=%llu", (unsigned long long)s.f_files,
                  (unsigned long long)s.f_ffree);
        db_puts(b, ", f_fsid={val=[");
        for (int k = 0; k < 2; k++) {
                if (k)
                        db_puts(b, ", ");
                put_hex(c, (uint32_t)s.f_fsid[k]);
        }
        db_printf(b, "]}, f_namelen=%llu, f_frsize=%llu", (unsigned long long)s.f_namelen,
                  (unsigned long long)s.f_frsize);
        if (s.f_flags & K_ST_VALID) {
                db_puts(b, ", f_flags=");
                put_flags(b, &xl_statfs_flags, (uint64_t)s.f_flags, "ST_???");
        }
        db_putc(b, '}');
}

void dec_statfs(struct dctx *c)
{
        a_path(c, 0);
        arg_next(c);
        put_statfs(c, 1);
}

void dec_fstatfs(struct dctx *c)
{
        a_int(c, 0);
        arg_next(c);
        put_statfs(c, 1);
}

/* struct __sysctl_args */
void dec__sysctl(struct dctx *c)
{
        const void *p = struct_arg(c, 0, RENACER_SYSCTL_ARGS_SIZE, false);
        uint64_t v[6];

        arg_next(c);
        if (!p) {
                put_ptr(c, A(0));
                return;
        }
        memcpy(v, p, sizeof(v));
        db_puts(c->b, "{name=");
        put_ptr(c, v[0]);
        db_printf(c->b, ", nlen=%d, oldval=", (int32_t)v[1]);
        put_ptr(c, v[2]);
        db_puts(c->b, ", oldlenp=");
        put_ptr(c, v[3]);
        db_puts(c->b, ", newval=");
        put_ptr(c, v[4]);
        db_printf(c->b, ", newlen=%llu}", (unsigned long long)v[5]);
}

/* strace's printnum_ptr() and printnum_ulong(): [v] after success */
static void a_u64_ref(struct dctx *c, unsigned i, bool ptr)
{
        const void *p = struct_arg(c, i, sizeof(uint64_t), true);
        uint64_t v;

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&v, p, sizeof(v));
        db_putc(c->b, '[');
        if (ptr)
                put_ptr(c, v);
        else
                db_printf(c->b, "%llu", (unsigned long long)v);
        db_putc(c->b, ']');
}

void dec_get_robust_list(struct dctx *c)
{
        a_int(c, 0);
        a_u64_ref(c, 1, true);
        a_u64_ref(c, 2, false);
}

#define K_PAGE_SIZE   4096 /* EXEC_PAGESIZE on x86_64 */
#define MINCORE_SHOWN 32   /* strace prints -s elements of an array (32 by default) */

/* strace's print_array() of the vector: one byte per page, its low bit */
void dec_mincore(struct dctx *c)
{
        const uint64_t len = A(1);
        const uint64_t nmemb = len / K_PAGE_SIZE + ((len & (K_PAGE_SIZE - 1)) ? 1 : 0);
        const struct record_seg *s = seg_get(c, 2, RENACER_SEG_BUF);
        const uint64_t shown = nmemb < c->strsize ? nmemb : c->strsize;

        a_ptr(c, 0);
        a_ulong(c, 1);
        arg_next(c);
        if (!A(2) || !exited_ok(c) || !s || (s->flags & RENACER_SEGF_FAULT) || !nmemb ||
            s->len < (shown < MINCORE_SHOWN ? shown : MINCORE_SHOWN)) {
                if (A(2) && exited_ok(c) && !nmemb)
                        db_puts(c->b, "[]");
                else
                        put_ptr(c, A(2));
                return;
        }
        db_putc(c->b, '[');
        for (uint64_t k = 0; k < shown && k < s->len; k++)
                db_printf(c->b, "%s%u", k ? ", " : "", s->data[k] & 1);
        if (nmemb > shown || shown > s->len)
                db_puts(c->b, ", ...");
        db_putc(c->b, ']');
}
