/* SPDX-License-Identifier: MIT */
/*
 * The records the BPF programs write into the ring buffer, shared verbatim by
 * the kernel side, the daemon (which forwards them unchanged to clients) and
 * the CLI (which decodes them). Fixed-width types and defines only: this file
 * is included both by *.bpf.c (with vmlinux.h) and by user space (with
 * <linux/types.h>).
 *
 * Wire rule: every record starts with struct renacer_event_header, whose
 * `size` is the full record length rounded up to 8 bytes. Readers must check
 * `size` against the bytes they have before touching anything else.
 */
#ifndef RENACER_EVENT_H
#define RENACER_EVENT_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define RENACER_EVENT_VERSION 1

enum renacer_event_kind {
        RENACER_EV_SYSCALL = 1, /* one completed (or never-returning) syscall */
        RENACER_EV_FORK = 2,    /* a followed child process joined the session */
        RENACER_EV_EXEC = 3,    /* a tracked process called execve successfully */
        RENACER_EV_EXIT = 4,    /* the last thread of a tracked process exited */
        /* A process of a session whose owner is not root gained privilege
         * (ptrace's rule): the kernel stopped tracing it before any record
         * of the privileged image. struct renacer_exec_event, exit_code
         * holds enum renacer_priv_reason, path the executed file (exec). */
        RENACER_EV_PRIV = 5,
        RENACER_EV_THREAD = 6, /* a thread was created in a tracked process */
        /* a thread other than the last one exited (struct renacer_proc_event) */
        RENACER_EV_THREAD_EXIT = 7,
        RENACER_EV_SIGNAL = 8, /* struct renacer_signal_event: a signal reached a task */
        /* A process left the session's cgroup scope (moved out of the
         * cgroup): no longer traced, though it lives on. struct
         * renacer_proc_event, ppid its parent. */
        RENACER_EV_DETACH = 9,
        /* -k: the user stack of the syscall record that follows it (same
         * tid and ts_ns); struct renacer_stack_event */
        RENACER_EV_STACK = 16,
        /* -k: an executable file mapping of a tracked process (mmap, or the
         * image and interpreter at exec); struct renacer_map_event */
        RENACER_EV_MAP = 17,
};

enum renacer_priv_reason {
        RENACER_PRIV_SETUID = 1, /* exec changed its uids (setuid binary) */
        RENACER_PRIV_SETGID = 2, /* exec changed its gids (setgid binary) */
        RENACER_PRIV_CAPS = 3,   /* it holds capabilities (file capabilities) */
        RENACER_PRIV_SECURE = 4, /* the kernel made the exec secure (an LSM transition) */
        RENACER_PRIV_NODUMP = 5, /* not dumpable: unreadable binary, prctl(PR_SET_DUMPABLE) */
};

struct renacer_event_header {
        __u8 version; /* RENACER_EVENT_VERSION */
        __u8 kind;    /* enum renacer_event_kind */
        __u16 size;   /* whole record, payload included, multiple of 8 */
        __u32 session_id;
        __u64 ts_ns; /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
        __u32 tgid;
        __u32 tid;
};

/* renacer_syscall_event.flags */
#define RENACER_SC_NORETURN    0x0001 /* the task exited inside the call: `= ?` */
#define RENACER_SC_PAYLOAD_CUT 0x0002 /* payload area full: later segments dropped */

struct renacer_syscall_event {
        struct renacer_event_header hdr;
        __s32 nr; /* x86_64 syscall number */
        __u16 cpu;
        __u16 flags;
        __u64 args[6];
        __s64 ret;
        __u64 duration_ns; /* sys_enter to sys_exit */
        __u16 payload_len; /* bytes of segments after this struct */
        __u8 nseg;
        __u8 reserved[5];
        /* followed by nseg segments: struct renacer_seg + data */
};

/* A payload segment: data captured from user memory for one argument. */
enum renacer_seg_type {
        RENACER_SEG_STR = 1,   /* string bytes without the NUL (path, argv element) */
        RENACER_SEG_BUF = 2,   /* raw bytes of user memory (data buffer, struct) */
        RENACER_SEG_FDDEV = 3, /* struct renacer_seg_fddev: the inode behind an fd */
        RENACER_SEG_COUNT = 4, /* __u32: number of elements (execve envp) */
        /* --causal: struct renacer_seg_causal, what a call moved between
         * tasks (the queue behind a read/write fd, waitid's child) */
        RENACER_SEG_CAUSAL = 5,
        /* -y: struct renacer_seg_fdinfo, the pipe or socket behind an fd the
         * call made or gave an endpoint (arg 0; the fd is in the struct) */
        RENACER_SEG_FDINFO = 6,
};

/* renacer_seg.flags */
#define RENACER_SEGF_TRUNC   0x01 /* more data existed than was captured */
#define RENACER_SEGF_FAULT   0x02 /* the user pointer could not be read */
#define RENACER_SEGF_MORE    0x04 /* argv: more elements followed than captured */
#define RENACER_SEGF_AT_EXIT 0x08 /* captured at sys_exit (read-side data) */

struct renacer_seg {
        __u8 arg;   /* index of the syscall argument it belongs to (0..5) */
        __u8 type;  /* enum renacer_seg_type */
        __u8 flags; /* RENACER_SEGF_* */
        __u8 reserved;
        __u16 len; /* data bytes after this header */
        __u16 reserved2;
};

struct renacer_seg_fddev {
        __u32 mode; /* inode i_mode: S_IFCHR etc. */
        __u32 rdev; /* kernel dev_t: major << 20 | minor */
};

/* What a call of a --causal session moved, for the happens-before edges
 * user space derives (engine/causal): the queue a read took bytes from or
 * a write put them into. A unix socket's write names its peer's socket,
 * the queue the bytes land in. Captured only for sessions with
 * RENACER_TRACK_CAUSAL; the segment's arg is 0 (the fd). */
enum renacer_causal_kind {
        RENACER_CAUSAL_PIPE = 1,        /* pipe or FIFO: ino/dev of its inode */
        RENACER_CAUSAL_UNIX_STREAM = 2, /* unix SOCK_STREAM: the receiving socket's ino */
        RENACER_CAUSAL_UNIX_DGRAM = 3,  /* unix SOCK_DGRAM/SEQPACKET: one message per call */
        RENACER_CAUSAL_EVENTFD = 4,     /* ino: the eventfd's id; value: the counter moved */
        RENACER_CAUSAL_WAITID = 5,      /* waitid: value is the reaped child's si_pid */
};

#define RENACER_CAUSALF_SEMAPHORE 0x1 /* eventfd with EFD_SEMAPHORE: a read takes 1 */
#define RENACER_CAUSALF_VALUE     0x2 /* value was read from the call's buffer */

struct renacer_seg_causal {
        __u64 ino;
        __u32 dev;  /* kernel dev_t of the inode's superblock (pipes, FIFOs) */
        __u32 kind; /* enum renacer_causal_kind */
        __u64 value;
        __u32 flags; /* RENACER_CAUSALF_* */
        __u32 reserved;
};

/* What a pipe or socket is, read from the task's fd table at sys_exit of
 * the calls that make them (pipe, pipe2, socketpair, socket, accept,
 * accept4) or give them an endpoint (bind, connect, listen, sendto,
 * sendmsg, sendmmsg), for -y/-yy decorations that outlive the process:
 * what /proc/PID/fd and sock_diag would have said while it lived. Captured
 * only for sessions with RENACER_TRACK_FDS. */
#define RENACER_FDINFO_NAME 108 /* sizeof(sockaddr_un.sun_path) */
struct renacer_seg_fdinfo {
        __s32 fd;
        __u32 mode;     /* i_mode & S_IFMT: S_IFIFO or S_IFSOCK */
        __u64 ino;      /* pipe:[ino], socket:[ino] */
        __u64 peer_ino; /* unix: the peer socket's inode, 0: none */
        __u16 family;   /* sockets: sk_family */
        __u16 sport;    /* inet: the local port, host order */
        __u16 dport;    /* inet: the remote port, host order */
        __u16 name_len; /* unix: bytes of name (the bound sun_path) */
        __u32 protocol; /* sk_protocol (netlink: NETLINK_ROUTE...) */
        __u32 portid;   /* netlink: the socket's port id */
        __u8 src[16];   /* inet: the local address (AF_INET: 4 bytes) */
        __u8 dst[16];   /* inet: the remote address */
        char proto[32]; /* sk_prot->name, strace's system.sockprotoname */
        char name[RENACER_FDINFO_NAME];
        __u32 reserved;
};

/* Lifecycle records: the same header, kind FORK/EXEC/EXIT/THREAD/THREAD_EXIT.
 * THREAD and THREAD_EXIT are emitted for sessions that stream. */
struct renacer_proc_event {
        struct renacer_event_header hdr;
        __u32 ppid;      /* FORK: parent tgid; EXEC: old tid (non-leader exec);
                          * THREAD: the creating thread's tid */
        __s32 exit_code; /* EXIT, THREAD_EXIT: wait status as waitpid() reports it;
                          * FORK: the forking thread's tid */
        __u64 maxrss_kb; /* EXIT: peak RSS of the process */
        char comm[16];
        __u32 uid;      /* real uid of the process */
        __u16 path_len; /* EXEC: bytes of path used (no NUL) */
        __u16 flags;    /* RENACER_PROC_* */
};

/* renacer_proc_event.flags */
/* EXEC/PRIV: path is execve's argument as typed, not the file's own path
 * (deeper than the kernel walks, or longer than the record holds) */
#define RENACER_PROC_PATH_TYPED 0x0001
/* FORK: the process joined a cgroup scope by being moved into the cgroup
 * (cgroup.procs), not by a fork; ppid is its parent all the same */
#define RENACER_PROC_JOINED 0x0002

/* A signal delivered to a traced task (or dropped as ignored: a tracer
 * sees those too), with the kernel's siginfo for strace's
 * "--- SIGCHLD {si_signo=SIGCHLD, ...} ---" line. */
#define RENACER_SIGINFO_SIZE 48  /* struct kernel_siginfo on x86_64 */
#define RENACER_SIGF_NOINFO  0x1 /* the sender gave no siginfo: fields synthesized */
struct renacer_signal_event {
        struct renacer_event_header hdr;
        __s32 signo;
        __u32 flags; /* RENACER_SIGF_* */
        __u8 siginfo[RENACER_SIGINFO_SIZE];
};

/* EXEC records carry the executed file's own path, resolved by the kernel
 * from the file's dentry up through its mounts (what d_path() says, so
 * relative paths and symlinks read as the file they lead to): what
 * daemon-wide policies match exe globs against, before the process may
 * already be gone. */
#define RENACER_EXEC_PATH_MAX 256
struct renacer_exec_event {
        struct renacer_proc_event p;
        char path[RENACER_EXEC_PATH_MAX];
        /* the process's cgroup v2 (bpf_get_current_cgroup_id()): what
         * daemon-wide policies match cgroup and unit keys against */
        __u64 cgroup_id;
};

/* Session ids with this bit are auto-sessions the kernel opened on exec
 * (daemon-wide policies): a fresh id for every exec (a process that execs
 * again is judged again, under a new id) until the daemon adopts the
 * process or lets it go. */
#define RENACER_AUTO_SESSION 0x80000000u

/* Per-session configuration: one slot of a tracked tgid's session set
 * (children inherit the slots that follow forks). */
#define RENACER_FILTER_WORDS 8 /* bitmap of 512 syscall numbers */
#define RENACER_TRACK_FOLLOW 0x1
#define RENACER_TRACK_STREAM 0x2 /* emit events (off: aggregate only, e.g. -c) */
/* Trace nothing but execve until the process execs: `run` holds its child
 * in pre-exec set-up code that is not the command's own. */
#define RENACER_TRACK_AWAIT_EXEC 0x4
/* The daemon adopted this auto-session: its execs stay in it. */
#define RENACER_TRACK_ADOPTED 0x8
/* -k: capture each streamed call's user stack (frame-pointer walk, and
 * with STACK_COPY a copy of the stack top for DWARF CFI unwinding) and
 * report executable mappings. Only these sessions pay for it. */
#define RENACER_TRACK_STACK      0x100
#define RENACER_TRACK_STACK_COPY 0x200
/* The slot comes from a cgroup scope (trace --cgroup): the kernel adds it
 * to every process that is in the cgroup or a sub-cgroup of it (at fork,
 * and when a process is moved in) and removes it when one is moved out.
 * Never inherited by fork as such: a child is judged by its own cgroup. */
#define RENACER_TRACK_CGROUP 0x400
/* --causal: capture what read/write-family calls and waitid moved between
 * tasks (struct renacer_seg_causal). Only these sessions pay for it. */
#define RENACER_TRACK_CAUSAL 0x800
/* strace without -f: the process's main thread only (its tid is its tgid);
 * the calls, signals and ends of its other threads are not the session's. */
#define RENACER_TRACK_ONE_TASK 0x1000
/* -e read=/write=: the data of buffers whole up to RENACER_BUF_CAP for
 * the dumps, while strings stay at capture_size (-s) */
#define RENACER_TRACK_DUMP 0x2000
/* -y/-yy: what the pipes and sockets calls make or connect are
 * (struct renacer_seg_fdinfo). Only these sessions pay for it. */
#define RENACER_TRACK_FDS 0x4000
/* -v: execve's environment strings (the first RENACER_ENV_MAX, cut at
 * capture_size as argv's are), read at sys_exit: from the vector after a
 * failed call, from the new image's stack after a successful one. Only
 * these sessions pay for it; the others get the count. */
#define RENACER_TRACK_ENV 0x8000
/* -v: getdents64's entries, up to RENACER_DIRENTS_CAP bytes of them (only
 * their count otherwise) */
#define RENACER_TRACK_DIRENTS 0x10000

struct renacer_tracked {
        __u32 session_id;
        __u32 flags;
        __u32 capture_size; /* bytes of buffers and argv strings to capture */
        __u32 owner_uid;    /* not 0: the process leaves the session when it gains privilege */
        __u64 filter[RENACER_FILTER_WORDS]; /* bit set: syscall is traced */
};

/* The sessions watching one tgid, the value of the kernel's tracked map: a
 * process may be watched by daemon-wide policy sessions and user sessions
 * at once, each with its own filter, flags, capture size and owner. Free
 * slots have session_id 0. Bounded so the per-call loop is too. */
#define RENACER_PROC_SESSIONS 4
struct renacer_tracked_set {
        struct renacer_tracked slot[RENACER_PROC_SESSIONS];
};

/* Key and value of the in-kernel per-session aggregation. */
#define RENACER_HIST_BUCKETS 32 /* log2(ns) buckets: [2^i, 2^(i+1)) */

struct renacer_agg_key {
        __u32 session_id;
        __s32 nr;
};

struct renacer_agg {
        __u64 calls;
        __u64 errors;
        __u64 total_ns;
        __u64 hist[RENACER_HIST_BUCKETS];
        __u64 min_ns; /* the shortest call on this CPU (valid when calls) */
        __u64 max_ns;
};

/* Per-CPU counters (array indices). */
enum renacer_counter {
        RENACER_CNT_EMITTED = 0,    /* syscall records written to the ring */
        RENACER_CNT_DROP_RINGBUF,   /* syscall record dropped: ring full */
        RENACER_CNT_DROP_LIFECYCLE, /* lifecycle record dropped: ring full */
        RENACER_CNT_DROP_ENTER_MAP, /* enter state could not be stored */
        RENACER_CNT_LIFECYCLE,      /* lifecycle records written */
        RENACER_CNT_MAX,
};

/* Per-session drop counters live in a hash keyed by session id. */
struct renacer_session_drops {
        __u64 ringbuf;   /* syscall records */
        __u64 lifecycle; /* FORK/EXEC/EXIT/PRIV records */
};

#define RENACER_SYSCALL_MAX 512

/* Which syscalls a session has aggregate entries for, a bit per number:
 * user space reads and frees a session's entries by key, so ending one
 * costs the same however many sessions the map holds. */
struct renacer_agg_nrs {
        __u64 bits[RENACER_SYSCALL_MAX / 64];
};
#define RENACER_PATH_CAP 256 /* bytes of a path captured at sys_enter */
/* A path longer than RENACER_PATH_CAP is read again at sys_exit, whole up
 * to PATH_MAX as strace reads it: a STR segment of at most
 * RENACER_PATH_MAX - 1 bytes (TRUNC when no NUL came within PATH_MAX). */
#define RENACER_PATH_MAX    4096
#define RENACER_BUF_CAP     1024 /* max bytes of one buffer or argv string */
#define RENACER_PAYLOAD_MAX 8192 /* a PATH_MAX path and more (renameat's two, most) */
#define RENACER_ARGV_MAX    32
/* -v: environment strings copied at sys_exit (strace prints them all; a
 * CI runner's environment is often 60-100 variables) */
#define RENACER_ENV_MAX 128
/* -v: bytes of getdents64's buffer copied at sys_exit, as consecutive BUF
 * segments of RENACER_BUF_CAP bytes */
#define RENACER_DIRENTS_CAP (4 * RENACER_BUF_CAP)
#define RENACER_IOV_MAX     8  /* iovec elements whose data is captured */
#define RENACER_IDS_MAX     32 /* elements of an id list (setgroups) captured */

/* bytes of a select fd_set captured (2048 fds) */
#define RENACER_FDSET_CAP 256
/* elements of a sendmmsg/recvmmsg vector captured (as many as fit) */
#define RENACER_MMSG_MAX 32

#define RENACER_SYSCALL_EVENT_SIZE 104

/* User registers a stack record carries, what CFI unwinding starts from,
 * in the x86-64 psABI's DWARF register order (a return address can sit in
 * any of them: __vfork keeps its own in rdi). */
enum renacer_stack_reg {
        RENACER_REG_AX,
        RENACER_REG_DX,
        RENACER_REG_CX,
        RENACER_REG_BX,
        RENACER_REG_SI,
        RENACER_REG_DI,
        RENACER_REG_BP,
        RENACER_REG_SP,
        RENACER_REG_R8,
        RENACER_REG_R9,
        RENACER_REG_R10,
        RENACER_REG_R11,
        RENACER_REG_R12,
        RENACER_REG_R13,
        RENACER_REG_R14,
        RENACER_REG_R15,
        RENACER_REG_IP, /* DWARF's return-address column */
        RENACER_NREGS,
};

#define RENACER_STACK_FP_MAX 32 /* frame-pointer walk entries, ip first */
/* Bytes of user stack copied from sp, at most: the per-CPU scratch the
 * record is built in must stay under the kernel's 32 KiB per-CPU value. */
#define RENACER_STACK_COPY_MAX 24576

/* renacer_stack_event.flags */
#define RENACER_STACKF_SP_WORD  0x1 /* sp_word was read */
#define RENACER_STACKF_AT_ENTRY 0x2 /* taken at the call's entry (execve, exit) */

struct renacer_stack_event {
        struct renacer_event_header hdr; /* ts_ns: the call's, as in its record */
        __u64 regs[RENACER_NREGS];
        __u64 sp_word;  /* *(u64 *)sp: a frameless leaf's return address */
        __u16 nips;     /* valid entries of ips */
        __u16 copy_len; /* bytes of stack after this struct, from regs[SP] */
        __u32 flags;
        __u64 reserved;
        __u64 ips[RENACER_STACK_FP_MAX];
        /* followed by copy_len bytes of user stack */
};

/* The largest record of any kind: readers size their buffers with it. */
#define RENACER_RECORD_MAX (sizeof(struct renacer_stack_event) + RENACER_STACK_COPY_MAX)

enum renacer_map_kind {
        RENACER_MAP_MMAP = 1,   /* mmap(PROT_EXEC) of a file: addr, len, pgoff */
        RENACER_MAP_IMAGE = 2,  /* at exec: the executable's text mapping */
        RENACER_MAP_INTERP = 3, /* at exec: the mapping holding the entry point */
};

#define RENACER_MAP_PATH_MAX 512

struct renacer_map_event {
        struct renacer_event_header hdr;
        __u64 addr;  /* start of the mapping */
        __u64 len;   /* its length */
        __u64 pgoff; /* file offset of addr, bytes */
        __u64 ino;
        __u32 dev;
        __u16 kind;     /* enum renacer_map_kind */
        __u16 path_off; /* the path is path[path_off, path_off + path_len) */
        __u16 path_len; /* 0: the file's path could not be read */
        __u16 reserved[3];
        char path[RENACER_MAP_PATH_MAX];
};

#ifndef __VMLINUX_H__
_Static_assert(sizeof(struct renacer_event_header) == 24, "event header is wire format");
_Static_assert(sizeof(struct renacer_syscall_event) == RENACER_SYSCALL_EVENT_SIZE,
               "syscall event is wire format");
_Static_assert(sizeof(struct renacer_seg) == 8, "segment header is wire format");
_Static_assert(sizeof(struct renacer_proc_event) == 64, "proc event is wire format");
_Static_assert(sizeof(struct renacer_exec_event) == 328, "exec event is wire format");
_Static_assert(sizeof(struct renacer_signal_event) == 80, "signal event is wire format");
_Static_assert(sizeof(struct renacer_seg_causal) == 32, "causal segment is wire format");
_Static_assert(sizeof(struct renacer_seg_fdinfo) == 216, "fdinfo segment is wire format");
_Static_assert(sizeof(struct renacer_agg_key) == 8, "agg key is map format");
_Static_assert(sizeof(struct renacer_tracked_set) == 320, "tracked set is map format");
_Static_assert(sizeof(struct renacer_stack_event) % 8 == 0, "stack event is 8-byte sized");
_Static_assert(RENACER_RECORD_MAX >= RENACER_SYSCALL_EVENT_SIZE + RENACER_PAYLOAD_MAX,
               "the largest record is a stack record");
_Static_assert(sizeof(struct renacer_map_event) == 584, "map event is wire format");
#endif

#endif
