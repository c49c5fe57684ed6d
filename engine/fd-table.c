// SPDX-License-Identifier: MIT
#include "fd-table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "syscall-table.h"

void fd_table_init(struct fd_table *t)
{
        t->slots = NULL;
        t->n = 0;
}

void fd_table_free(struct fd_table *t)
{
        for (size_t i = 0; i < t->n; i++)
                free(t->slots[i].path);
        free(t->slots);
        fd_table_init(t);
}

static struct fd_slot *slot(struct fd_table *t, int fd)
{
        if (fd < 0 || fd >= FD_TABLE_MAX)
                return NULL;
        if ((size_t)fd >= t->n) {
                size_t n = t->n ? t->n : 16;
                while (n <= (size_t)fd)
                        n *= 2;
                struct fd_slot *s = realloc(t->slots, n * sizeof(*s));
                if (!s)
                        return NULL;
                memset(s + t->n, 0, (n - t->n) * sizeof(*s));
                t->slots = s;
                t->n = n;
        }
        return &t->slots[fd];
}

int fd_table_set(struct fd_table *t, int fd, const char *path, size_t len, bool cloexec)
{
        struct fd_slot *s = slot(t, fd);

        if (!s)
                return fd < 0 || fd >= FD_TABLE_MAX ? -ERANGE : -ENOMEM;
        if (len + 1 > s->cap) {
                char *p = realloc(s->path, len + 1);
                if (!p)
                        return -ENOMEM;
                s->path = p;
                s->cap = len + 1;
        }
        memcpy(s->path, path, len);
        s->path[len] = '\0';
        s->used = true;
        s->cloexec = cloexec;
        return 0;
}

void fd_table_close(struct fd_table *t, int fd)
{
        if (fd >= 0 && (size_t)fd < t->n)
                t->slots[fd].used = false;
}

int fd_table_dup(struct fd_table *t, int oldfd, int newfd, bool cloexec)
{
        const char *p = fd_table_get(t, oldfd);

        if (!p) {
                fd_table_close(t, newfd);
                return 0;
        }
        /* copy first: growing the table may move the source slot */
        size_t len = strlen(p);
        char tmp[len + 1];
        memcpy(tmp, p, len + 1);
        return fd_table_set(t, newfd, tmp, len, cloexec);
}

const char *fd_table_get(const struct fd_table *t, int fd)
{
        if (fd < 0 || (size_t)fd >= t->n || !t->slots[fd].used)
                return NULL;
        return t->slots[fd].path;
}

int fd_table_copy(struct fd_table *dst, const struct fd_table *src)
{
        for (size_t i = 0; i < src->n; i++) {
                const struct fd_slot *s = &src->slots[i];
                if (!s->used)
                        continue;
                int r = fd_table_set(dst, (int)i, s->path, strlen(s->path), s->cloexec);
                if (r < 0)
                        return r;
        }
        return 0;
}

void fd_table_exec(struct fd_table *t)
{
        for (size_t i = 0; i < t->n; i++)
                if (t->slots[i].cloexec)
                        t->slots[i].used = false;
}

static bool arg_cloexec(const struct renacer_syscall_event *ev, int i)
{
        return i >= 0 && i < 6 && (ev->args[i] & O_CLOEXEC);
}

void fd_table_track(struct fd_table *t, const struct renacer_syscall_event *ev, size_t avail)
{
        const struct syscall_row *r = syscall_row(ev->nr);
        const struct syscall_fd *f;
        const char *path;
        int64_t ret = ev->ret;
        size_t len;

        if (!r || ret < 0 || r->fd.kind == SC_FD_NONE)
                return;
        f = &r->fd;
        switch (f->kind) {
        case SC_FD_OPEN:
                path = record_seg_str(ev, avail, (unsigned)f->a, &len);
                if (path)
                        fd_table_set(t, (int)ret, path, len, arg_cloexec(ev, f->c));
                break;
        case SC_FD_CLOSE:
                fd_table_close(t, (int)ev->args[f->a]);
                break;
        case SC_FD_DUP:
                fd_table_dup(t, (int)ev->args[f->a], f->b < 0 ? (int)ret : (int)ev->args[f->b],
                             arg_cloexec(ev, f->c));
                break;
        case SC_FD_FCNTL:
                if (ev->args[1] == F_DUPFD || ev->args[1] == F_DUPFD_CLOEXEC)
                        fd_table_dup(t, (int)ev->args[f->a], (int)ret,
                                     ev->args[1] == F_DUPFD_CLOEXEC);
                break;
        }
}
