/* SPDX-License-Identifier: MIT */
/*
 * The per-syscall table (syscalls.def) as user space sees it: one row per
 * x86_64 syscall number with its signature, strace classes, fd tracking and
 * golden normalisation. The BPF capture plan and the decoders are generated
 * from the same rows.
 */
#ifndef RENACER_SYSCALL_TABLE_H
#define RENACER_SYSCALL_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* strace's syscall classes (-e trace=%name) */
enum syscall_class {
        SC_FILE = 1u << 0,
        SC_DESC = 1u << 1,
        SC_NETWORK = 1u << 2,
        SC_PROCESS = 1u << 3,
        SC_MEMORY = 1u << 4,
        SC_SIGNAL = 1u << 5,
        SC_IPC = 1u << 6,
        SC_CREDS = 1u << 7,
        SC_CLOCK = 1u << 8,
        SC_PURE = 1u << 9,
        SC_STAT = 1u << 10,
        SC_LSTAT = 1u << 11,
        SC_FSTAT = 1u << 12,
        SC_STAT_LIKE = 1u << 13,
        SC_STATFS = 1u << 14,
        SC_FSTATFS = 1u << 15,
        SC_STATFS_LIKE = 1u << 16,
};

/* How a call changes the fd table (see FD_* in syscalls.def). */
enum syscall_fd_kind {
        SC_FD_NONE = 0,
        SC_FD_OPEN,  /* ret: new fd for the path at arg `a`; cloexec if arg `c` has O_CLOEXEC */
        SC_FD_CLOSE, /* arg `a` closed */
        SC_FD_DUP,   /* arg `a` duplicated to arg `b` (-1: ret); cloexec if arg `c` has O_CLOEXEC */
        SC_FD_FCNTL, /* F_DUPFD / F_DUPFD_CLOEXEC of arg `a` to ret */
};

struct syscall_fd {
        uint8_t kind; /* enum syscall_fd_kind */
        int8_t a, b, c;
};

/* How golden traces normalise the call's arguments and result. */
struct syscall_golden {
        const char *fd_args;  /* indices of fd arguments, e.g. "0" or "02" */
        char fd_result;       /* 'f': returns a new fd; 'p': fds in arg 0's [a, b] */
        const char *pid_args; /* indices of pid arguments */
        char pid_result;      /* 'p': returns a pid */
        const char *vary;     /* indices whose whole text varies (contents, clocks) */
};

struct syscall_row {
        const char *name; /* NULL: no syscall has this number */
        const char *sig;  /* see syscalls.def; its length is the arity strace prints */
        uint32_t classes; /* enum syscall_class bits */
        struct syscall_fd fd;
        struct syscall_golden golden; /* golden.fd_args NULL: no normalisation */
};

/* The row of syscall nr, or NULL for a number outside the table or
 * without a syscall. */
const struct syscall_row *syscall_row(int nr);

/* The number of rows (one past the largest syscall number). */
int syscall_table_size(void);

/* "file", "desc", ... (the class name without '%') to its bit; 0 if unknown. */
uint32_t syscall_class_bit(const char *name);

/* The i-th class name syscall_class_bit() knows (aliases included), for
 * listings such as the shell completion; NULL past the last. */
const char *syscall_class_name(size_t i);

/* This return value is an error (-4095..-1), the kernel's IS_ERR_VALUE. */
static inline int syscall_ret_is_error(int64_t ret)
{
        return ret < 0 && ret >= -4095;
}

#endif
