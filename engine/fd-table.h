/* SPDX-License-Identifier: MIT */
/* fd -> path of one traced process, kept from its open/dup/close events so
 * renderers and heuristics can name what an fd is. Paths are copied into
 * per-slot buffers that are reused, so steady state allocates nothing. */
#ifndef RENACER_FD_TABLE_H
#define RENACER_FD_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#define FD_TABLE_MAX 65536 /* fds above this are not remembered */

struct fd_slot {
        char *path; /* NULL: unknown */
        size_t cap;
        bool cloexec;
        bool used;
};

struct fd_table {
        struct fd_slot *slots;
        size_t n;
};

void fd_table_init(struct fd_table *t);
void fd_table_free(struct fd_table *t);
int fd_table_set(struct fd_table *t, int fd, const char *path, size_t len, bool cloexec);
void fd_table_close(struct fd_table *t, int fd);
int fd_table_dup(struct fd_table *t, int oldfd, int newfd, bool cloexec);
/* Path of fd, or NULL if unknown. */
const char *fd_table_get(const struct fd_table *t, int fd);
int fd_table_copy(struct fd_table *dst, const struct fd_table *src);
/* execve: O_CLOEXEC fds are gone. */
void fd_table_exec(struct fd_table *t);

struct renacer_syscall_event;
/* Apply a completed syscall record (avail readable bytes) to the table, as
 * the fd column of its row in syscalls.def says. Failed calls change
 * nothing; fds the table cannot hold are not remembered. */
void fd_table_track(struct fd_table *t, const struct renacer_syscall_event *ev, size_t avail);

#endif
