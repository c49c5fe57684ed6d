/* SPDX-License-Identifier: MIT */
/*
 * Shared by the decoder's translation units only: the output buffer, the
 * flag/value tables, the per-event context and the printers the syscall
 * decoders are written with. Nothing here allocates; all output goes into
 * the caller's struct decoded.
 */
#ifndef RENACER_DECODE_INTERNAL_H
#define RENACER_DECODE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "record.h"

/* ---- output buffer ---- */

/* A bounded string builder: once full it drops further output and remembers
 * that it did, so that a caller can refuse the result instead of handing out
 * a silently cut line. */
struct dbuf {
        char *p;
        size_t cap; /* bytes at p, the NUL included */
        size_t len;
        bool full;
};

void db_putc(struct dbuf *b, char c);
void db_puts(struct dbuf *b, const char *s);
void db_write(struct dbuf *b, const char *s, size_t n);
void db_put_u64(struct dbuf *b, uint64_t v);
void db_put_s64(struct dbuf *b, int64_t v);
void db_put_hex(struct dbuf *b, uint64_t v);
void db_printf(struct dbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- flag and value tables ---- */

struct xlat_ent {
        uint64_t val;
        const char *name;
};

struct xlat {
        const struct xlat_ent *e;
        size_t n;
        const char *dflt; /* comment after an unknown value, "LOCK_???"; may be NULL */
};

/* The generated tables by list name ("flock_ops" for xlat/flock_ops.in),
 * for signatures that name them (see decode_by_signature). */
const struct xlat *xlat_by_name(const char *name, size_t len);

/* An entry named after the header macro that gives its value. */
#define XE(m)                                                                                      \
        {                                                                                          \
                (uint64_t)(m), #m                                                                  \
        }
#define XLAT(name, ...)                                                                            \
        static const struct xlat_ent name##_ents[] = {__VA_ARGS__};                                \
        const struct xlat name = {name##_ents, sizeof(name##_ents) / sizeof(name##_ents[0]), NULL}

/* Name of the entry equal to val, or NULL. */
const char *xlat_name(const struct xlat *x, uint64_t val);

/* strace's printflags(): known bits in table order joined by '|', unknown
 * bits appended as hex; 0 prints a zero-valued entry's name or "0"; a value
 * with no known bit prints hex followed by the comment dflt, if any. */
void put_flags(struct dbuf *b, const struct xlat *x, uint64_t val, const char *dflt);
/* Like put_flags but appends to a string that already holds something (sep
 * before the first name), as strace's sprintflags_ex() does. */
void put_flags_sep(struct dbuf *b, const struct xlat *x, uint64_t val, char sep);
/* strace's printxval(): the name, or hex followed by the comment dflt. */
void put_xval(struct dbuf *b, const struct xlat *x, uint64_t val, const char *dflt);

extern const struct xlat xl_open_access, xl_open_flags, xl_at_flags, xl_faccessat_flags,
    xl_access_modes, xl_whence, xl_fcntl_cmds, xl_fd_flags, xl_lease_cmds, xl_notify_flags,
    xl_seals, xl_mmap_prot, xl_mmap_type, xl_mmap_flags, xl_mremap_flags, xl_madvise, xl_modetypes,
    xl_statx_mask, xl_statx_attrs, xl_statx_sync, xl_rename_flags, xl_clone_flags, xl_wait_options,
    xl_sigact_flags, xl_sa_handler, xl_sigprocmask_how, xl_resources, xl_arch_prctl, xl_addrfams,
    xl_socktypes, xl_sock_flags, xl_inet_protocols, xl_netlink_protocols, xl_msg_flags, xl_shutdown,
    xl_poll_events, xl_epoll_events, xl_epoll_ctl, xl_epoll_flags, xl_futex_ops, xl_futex_wake_ops,
    xl_futex_wake_cmps, xl_clocks, xl_timer_flags, xl_grnd_flags, xl_ioctl_dirs, xl_eth_protos,
    xl_prio_which, xl_fadvise, xl_rwf_flags;
/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_sock_levels, xl_sock_options, xl_sock_ip_options, xl_sock_tcp_options,
    xl_schedulers, xl_rusage_who;
/* generated lists of the time family (decode-time.c) */
extern const struct xlat xl_itimer_which, xl_sigev_notify, xl_adjtimex_modes, xl_adjtimex_status,
    xl_adjtimex_state, xl_timerfd_create_flags;
/* generated lists of signals, scheduling and processes (decode-proc.c) */
extern const struct xlat xl_close_range_flags, xl_ioprio_class, xl_ioprio_who, xl_kcmp_types,
    xl_membarrier_cmds, xl_membarrier_flags, xl_pidfd_open_flags, xl_reboot_cmds, xl_reboot_magic1,
    xl_reboot_magic2, xl_sched_flags, xl_setns_types, xl_sfd_flags, xl_swap_flags,
    xl_syslog_actions, xl_syslog_console_levels, xl_unshare_flags, xl_waitid_types, xl_fsmagic,
    xl_statfs_flags;

/* ---- event segments: struct record_seg (record.h) ---- */

/* ---- per-event context ---- */

#define RVAL_DEC  0 /* %ld */
#define RVAL_HEX  1 /* %#lx: addresses */
#define RVAL_OCT  2 /* %#lo: umask */
#define RVAL_UDEC 3

struct dctx {
        const struct renacer_syscall_event *ev;
        uint64_t a[6];
        int64_t ret;
        bool failed; /* ret is -errno */
        bool noret;  /* the task never came back: no result, no exit data */
        unsigned strsize;
        bool no_abbrev;  /* -v: decode_opts.no_abbrev */
        bool nonverbose; /* -e verbose=: decode_opts.nonverbose */
        unsigned hex;    /* -x, -xx: decode_opts.hex */
        const struct record_seg *seg;
        unsigned nseg;
        struct dbuf *b;
        struct decoded *out;
        int arg_open; /* index of the argument being written, -1 before the first */
        int rval;     /* RVAL_* for a successful result */
        /* appends " (...)" style decoration after a successful result */
        void (*rextra)(struct dctx *c);
};

/* Start the next argument (closing the previous one). */
void arg_next(struct dctx *c);

/* Segment lookup: the first segment of `type` for argument `arg`, or NULL.
 * For a call outside -e verbose= (c->nonverbose) these find no BUF segment,
 * so every structure printer falls back to the address, as strace's
 * umove_or_printaddr() does; seg_data() finds a data buffer's anyway. */
const struct record_seg *seg_get(const struct dctx *c, unsigned arg, unsigned type);
/* The k-th (from 0) segment of `type` for `arg`, or NULL. */
const struct record_seg *seg_nth(const struct dctx *c, unsigned arg, unsigned type, unsigned k);
/* The first segment of `type` for `arg` captured at exit (at_exit) or at
 * entry (!at_exit), or NULL. */
const struct record_seg *seg_at(const struct dctx *c, unsigned arg, unsigned type, bool at_exit);
/* The first BUF segment of `arg` whatever -e verbose= says: for data that
 * strace prints with printstr() (read/write buffers, xattr values, key
 * payloads), not through a structure fetch. */
const struct record_seg *seg_data(const struct dctx *c, unsigned arg);
/* ... the first captured at exit (at_exit) or at entry (select's sets) */
const struct record_seg *seg_data_at(const struct dctx *c, unsigned arg, bool at_exit);
/* A BUF segment of at least `size` readable bytes for `arg`, or NULL. */
const void *seg_struct(const struct dctx *c, unsigned arg, size_t size);

/* ---- value printers (they write into c->b) ---- */

void put_ptr(struct dctx *c, uint64_t v);  /* NULL or 0x... */
void put_hex(struct dctx *c, uint64_t v);  /* %#lx: 0 stays "0" */
void put_int(struct dctx *c, uint64_t v);  /* %d of the low 32 bits */
void put_uint(struct dctx *c, uint64_t v); /* %u of the low 32 bits */
void put_uid(struct dctx *c, uint64_t v);  /* uid_t/gid_t: -1 or %u */
void put_long(struct dctx *c, uint64_t v); /* %ld */
void put_ulong(struct dctx *c, uint64_t v);
void put_dirfd(struct dctx *c, uint64_t v);                 /* AT_FDCWD or %d */
void put_mode(struct dctx *c, uint64_t v);                  /* %#03o of a umode_t */
void put_signal(struct dbuf *b, int sig);                   /* SIGxxx, SIGRT_n or %d */
const char *signal_abbrev(int sig, char *buf, size_t size); /* "HUP", "RT_3", NULL */

/* Quote `n` bytes the way strace's string_quote() does: C escapes, octal for
 * other non-printables (3 digits when a digit follows), or \xNN for every
 * byte when hex is set. */
void put_quoted(struct dbuf *b, const uint8_t *s, size_t n, bool hex);
/* A file name argument: printed in full (not cut by -s), "..." when the
 * capture was cut; the raw pointer when it could not be read. */
void put_path(struct dctx *c, unsigned arg);
/* A string argument captured at entry (ENTER(PATH)), shown up to -s bytes
 * like strace's printstr(); the address when it could not be read. */
void put_string(struct dctx *c, unsigned arg);
/* A data buffer of `count` bytes (count as strace uses it: the request for
 * writes, the result for reads), cut at -s. */
void put_buf(struct dctx *c, unsigned arg, uint64_t count, bool hex);
/* A captured NUL-terminated string field of at most `size` bytes. */
void put_cstring_field(struct dbuf *b, const char *s, size_t size);

/* ---- struct printers (decode-structs.c) ---- */

void put_stat(struct dctx *c, unsigned arg);
void put_statx(struct dctx *c, unsigned arg);
void put_sockaddr(struct dctx *c, unsigned arg, uint64_t addrlen);
/* the same from a segment s (NULL: not captured) of the address at addr */
void put_sockaddr_seg(struct dctx *c, const struct record_seg *s, uint64_t addr, uint64_t addrlen);
void put_timespec(struct dctx *c, unsigned arg);
void put_sigset(struct dctx *c, unsigned arg, uint64_t size);
void put_sigmask_bits(struct dbuf *b, uint64_t mask);
/* a sigset of size bytes (1..8) */
void put_sigset_upto(struct dctx *c, unsigned arg, uint64_t size);
void put_sigaction(struct dctx *c, unsigned arg);
void put_rlimit(struct dctx *c, unsigned arg);
void put_rusage(struct dctx *c, unsigned arg);
/* an array of n 32-bit ids (gid_t) at arg, strace's print_array */
void put_id_array(struct dctx *c, unsigned arg, uint64_t n);
void put_wait_status(struct dctx *c, unsigned arg);
void put_fd_pair(struct dctx *c, unsigned arg);
void put_pollfds(struct dctx *c);
void put_poll_revents(struct dctx *c);
void put_epoll_event(struct dctx *c, unsigned arg);
void put_epoll_events(struct dctx *c, unsigned arg);
void put_utsname(struct dctx *c, unsigned arg);
void put_open_flags(struct dbuf *b, uint64_t flags);
/* mmap's flags: the map type, the flags, N<<MAP_HUGE_SHIFT */
void put_mmap_flags(struct dbuf *b, uint32_t flags);

/* ---- syscall tables (decode-syscalls.c, decode-sigs.c) ---- */

typedef void (*decode_fn)(struct dctx *c);

/* The hand-written decoder for nr, or NULL. */
decode_fn decode_lookup(int nr);
/* The argument signature strace 6.1 prints for nr (see decode-sigs.c), or
 * NULL when nr is not known. */
const char *decode_signature(int nr);
/* Print the arguments by signature. */
void decode_by_signature(struct dctx *c, const char *sig);

#endif
