/* SPDX-License-Identifier: MIT */
/*
 * strace's -y and -yy: what an fd argument or result refers to, printed
 * after the number as strace 6.1 prints it: 3</etc/passwd>,
 * 4<pipe:[1234]>, 5<socket:[99]> (-y) or 5<TCP:[127.0.0.1:41234->127.0.0.1:80]>,
 * 6<UNIX-STREAM:[99->100,"/run/x.sock"]>, 0</dev/null<char 1:3>> (-yy).
 *
 * strace reads /proc/PID/fd of the stopped tracee when it prints a line.
 * renacer prints after the call (tens of milliseconds later, and often after
 * the process is gone), so it keeps each traced process's fd table from the
 * records themselves, in ring order: an open's path (resolved against the
 * process's tracked working directory or dirfd, then canonicalised as the
 * kernel's d_path would show it), dups, closes, close-on-exec, chdir. Pipes
 * and sockets are named from what the kernel read at the calls that made or
 * connected them (RENACER_SEG_FDINFO: inode, protocol, endpoints), which
 * outlives the process. Fds the records cannot name (inherited ones,
 * eventfds...) are read from /proc/PID/fd when the process still lives, or
 * named from the call that made them (anon_inode:[eventfd], /memfd:NAME).
 * Socket endpoints (-yy) the records do not carry come from sock_diag
 * netlink at print time; both are cached by inode as strace caches them.
 * Only sessions that ask (-y) pay: nothing here runs otherwise.
 */
#ifndef RENACER_FD_PATH_H
#define RENACER_FD_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdpath;
struct renacer_syscall_event;

/* strace's -e decode-fds= set: -y is PATH, -yy all four */
#define FDPATH_PATH   0x1 /* paths */
#define FDPATH_SOCKET 0x2 /* sockets' protocol and endpoints */
#define FDPATH_DEV    0x4 /* devices' type and numbers */
#define FDPATH_PIDFD  0x8 /* pidfds' pids */
#define FDPATH_ALL    0xf

/* self_stdio: the first process seen inherited this process's fds 0-2
 * (renacerctl run), so they are known without /proc. */
int fdpath_new(unsigned set, bool self_stdio, struct fdpath **ret);
void fdpath_free(struct fdpath *p);

/* Whether argument i of syscall nr is an fd strace decorates. */
bool fdpath_arg_is_fd(int nr, int i);
/* Whether the result of this (successful) call is an fd. */
bool fdpath_ret_is_fd(const struct renacer_syscall_event *ev);

/*
 * "<...>" for fd of process tgid, as strace prints after the number
 * (AT_FDCWD: the working directory). Returns its length (0: nothing
 * known, as strace prints nothing when /proc has no link) or -ENOSPC.
 */
int fdpath_describe(struct fdpath *p, uint32_t tgid, int fd, char *buf, size_t size);

/*
 * The text of argument i as strace -y prints it, when it holds fds: the
 * number with its decoration, or a pipe's "[3<pipe:[1]>, 4<pipe:[1]>]".
 * Returns the length written to buf, 0 when the argument is left as it is.
 */
int fdpath_arg_text(struct fdpath *p, const struct renacer_syscall_event *ev, size_t avail, int i,
                    const char *text, size_t len, char *buf, size_t size);

/* Apply a syscall record (avail readable bytes) to its process's table:
 * after its arguments are printed and before its result is. */
void fdpath_track(struct fdpath *p, const struct renacer_syscall_event *ev, size_t avail);
/* Lifecycle records: FORK copies the parent's table, EXEC closes the
 * close-on-exec fds, EXIT forgets the process. */
void fdpath_lifecycle(struct fdpath *p, const void *rec, size_t len);

/* The path fd of tgid refers to, canonical, or NULL (-P PATH). */
const char *fdpath_path_of(struct fdpath *p, uint32_t tgid, int fd);
/* The canonical form of a path argument of tgid's call, relative paths
 * against dirfd (AT_FDCWD: the working directory). Into buf; NULL when
 * it cannot be formed. */
const char *fdpath_resolve(struct fdpath *p, uint32_t tgid, int dirfd, const char *path, char *buf,
                           size_t size);

/*
 * strace -P: whether the call touches one of paths[0..n) (the -P paths
 * and what they resolve to), by its path arguments (as given, compared as
 * strings) or by its fds (what /proc/PID/fd shows for them), with strace
 * 6.1's pathtrace.c rules per syscall. Call it before fdpath_track() of
 * the same record: fds are matched as they were when the call began.
 */
bool fdpath_match(struct fdpath *p, const struct renacer_syscall_event *ev, size_t avail,
                  const char *const *paths, size_t n);

#endif
