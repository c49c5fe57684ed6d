// SPDX-License-Identifier: MIT
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void output_init_fd(struct output *out, int fd)
{
        memset(out, 0, sizeof(*out));
        out->fd = fd;
}

static bool link_trusted(const struct stat *st)
{
        return st->st_uid == geteuid() || st->st_uid == 0;
}

int output_open_file(const char *path, bool *created)
{
        const int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
        struct stat before, after;
        int fd;

        if (created)
                *created = false;
        fd = open(path, flags | O_NOFOLLOW | O_EXCL, 0666);
        if (fd >= 0) {
                if (created)
                        *created = true;
                return fd;
        }
        fd = open(path, flags | O_NOFOLLOW, 0666);
        if (fd >= 0 || errno != ELOOP)
                return fd >= 0 ? fd : -errno;
        /* the last component is a link: follow only one the caller or root
         * owns (root may redirect anything anyway) */
        if (lstat(path, &before) < 0)
                return -errno;
        if (!S_ISLNK(before.st_mode) || !link_trusted(&before))
                return -ELOOP;
        fd = open(path, flags, 0666);
        if (fd < 0)
                return -errno;
        /* the link we judged is the link we followed */
        if (lstat(path, &after) < 0 || after.st_ino != before.st_ino ||
            after.st_dev != before.st_dev || !link_trusted(&after)) {
                close(fd);
                return -ELOOP;
        }
        return fd;
}

static void say_open_error(const char *path, int r)
{
        if (r == -ELOOP)
                fprintf(stderr,
                        "renacerctl: cannot write %s: it is a symbolic link owned by another "
                        "user\n",
                        path);
        else
                fprintf(stderr, "renacerctl: cannot write %s: %s\n", path, strerror(-r));
}

int output_open(struct output *out, const char *path, bool per_task)
{
        output_init_fd(out, STDERR_FILENO);
        if (!path)
                return 0;
        out->path = path;
        out->per_task = per_task;
        if (per_task) {
                /* the files appear as tasks print; check the folder now so a
                 * bad -o fails before anything runs */
                char dir[4096];
                snprintf(dir, sizeof(dir), "%s", path);
                char *slash = strrchr(dir, '/');
                if (slash == dir)
                        slash[1] = '\0';
                else if (slash)
                        *slash = '\0';
                else
                        snprintf(dir, sizeof(dir), ".");
                if (access(dir, W_OK | X_OK) < 0) {
                        int r = -errno;
                        say_open_error(path, r);
                        return r;
                }
                return 0;
        }
        int fd = output_open_file(path, &out->created);
        if (fd < 0) {
                say_open_error(path, fd);
                return fd;
        }
        out->fd = fd;
        out->own_fd = true;
        return 0;
}

static void record_error(struct output *out, int r, const char *path)
{
        if (out->error)
                return;
        out->error = r;
        snprintf(out->error_path, sizeof(out->error_path), "%s", path ? path : "stderr");
}

int output_fd_for(struct output *out, uint32_t tid)
{
        char name[sizeof(out->error_path)];

        if (!out->per_task)
                return out->fd;
        for (size_t i = 0; i < out->ntasks; i++)
                if (out->tasks[i].tid == tid)
                        return out->tasks[i].fd;
        if (out->ntasks == out->cap) {
                size_t cap = out->cap ? out->cap * 2 : 16;
                struct output_task *t = realloc(out->tasks, cap * sizeof(*t));
                if (!t) {
                        record_error(out, -ENOMEM, out->path);
                        return -ENOMEM;
                }
                out->tasks = t;
                out->cap = cap;
        }
        snprintf(name, sizeof(name), "%s.%u", out->path, tid);
        int fd = output_open_file(name, NULL);
        if (fd < 0) {
                record_error(out, fd, name);
                return fd;
        }
        out->tasks[out->ntasks++] = (struct output_task){.tid = tid, .fd = fd};
        return fd;
}

void output_task_done(struct output *out, uint32_t tid)
{
        for (size_t i = 0; i < out->ntasks; i++)
                if (out->tasks[i].tid == tid) {
                        close(out->tasks[i].fd);
                        out->tasks[i] = out->tasks[--out->ntasks];
                        return;
                }
}

int output_write(struct output *out, int fd, const void *buf, size_t len)
{
        const char *p = buf;

        if (fd < 0)
                return fd;
        while (len) {
                ssize_t n = write(fd, p, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        int r = -errno;
                        const char *path = out->path;
                        char name[sizeof(out->error_path)];
                        if (out->per_task) {
                                for (size_t i = 0; i < out->ntasks; i++)
                                        if (out->tasks[i].fd == fd)
                                                snprintf(name, sizeof(name), "%s.%u", out->path,
                                                         out->tasks[i].tid),
                                                    path = name;
                        }
                        record_error(out, r, path);
                        return r;
                }
                if (n == 0) {
                        record_error(out, -EIO, out->path);
                        return -EIO;
                }
                p += n;
                len -= (size_t)n;
        }
        return 0;
}

const char *output_error_reason(const struct output *out)
{
        static char line[sizeof(out->error_path) + 128];

        if (!out->error)
                return NULL;
        if (out->error == -EPIPE)
                snprintf(line, sizeof(line), "%s: the reader closed the pipe (Broken pipe)",
                         out->error_path);
        else
                snprintf(line, sizeof(line), "%s: %s", out->error_path, strerror(-out->error));
        return line;
}

void output_discard(struct output *out)
{
        if (out->created && out->path)
                unlink(out->path);
        out->created = false;
}

void output_close(struct output *out)
{
        for (size_t i = 0; i < out->ntasks; i++)
                close(out->tasks[i].fd);
        free(out->tasks);
        out->tasks = NULL;
        out->ntasks = out->cap = 0;
        if (out->own_fd && out->fd >= 0)
                close(out->fd);
        out->fd = -1;
        out->own_fd = false;
}
