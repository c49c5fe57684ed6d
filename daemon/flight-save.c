// SPDX-License-Identifier: MIT
#include "flight-save.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "decode.h"
#include "util.h"

/* dir exists (its parent is made too, 0755, if missing), is a real
 * directory owned by us, and no one else may write or read it. */
static int open_dir(const char *dir)
{
        struct stat st;
        int fd;

        if (mkdir(dir, 0700) < 0 && errno == ENOENT) {
                char parent[4096];
                snprintf(parent, sizeof(parent), "%s", dir);
                if (mkdir(dirname(parent), 0755) < 0 && errno != EEXIST)
                        return -errno;
                if (mkdir(dir, 0700) < 0 && errno != EEXIST)
                        return -errno;
        }
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0 || st.st_uid != geteuid()) {
                close(fd);
                return -EPERM;
        }
        if ((st.st_mode & 077) && fchmod(fd, 0700) < 0) {
                close(fd);
                return -EPERM;
        }
        return fd;
}

struct writer {
        FILE *f;
        struct decoded *dec;
};

static int write_record(void *ctx, const void *rec, size_t len)
{
        struct writer *w = ctx;
        const struct renacer_event_header *h = rec;
        static const struct decode_opts dopts = {.strsize = DECODE_DEFAULT_STRSIZE};
        char line[DECODE_TEXT_SIZE + 64];

        if (len < sizeof(*h))
                return 0;
        if (h->kind == RENACER_EV_SYSCALL) {
                if (decode_event(rec, len, &dopts, w->dec) < 0)
                        return 0;
                decode_format(w->dec, line, sizeof(line));
                fprintf(w->f, "[pid %u] %s\n", h->tid, line);
        } else if (h->kind == RENACER_EV_EXIT && len >= sizeof(struct renacer_proc_event)) {
                const struct renacer_proc_event *pe = rec;
                int st = pe->exit_code;
                if (WIFSIGNALED(st))
                        fprintf(w->f, "[pid %u] +++ killed by SIG%s +++\n", h->tgid,
                                sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?");
                else
                        fprintf(w->f, "[pid %u] +++ exited with %d +++\n", h->tgid,
                                WEXITSTATUS(st));
        }
        return ferror(w->f) ? -EIO : 0;
}

int flight_save(const char *dir, const struct flight_ring *ring, const char *header, pid_t pid,
                uint32_t session, char *ret_path, size_t pathlen)
{
        _cleanup_close_ int dfd = open_dir(dir);
        struct writer w = {0};
        char name[128];
        int fd, r;

        if (dfd < 0)
                return dfd;
        snprintf(name, sizeof(name), "flight-%llu-pid%d-session%u.txt",
                 (unsigned long long)(now_realtime_ns() / 1000000ull), (int)pid, session);
        fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
                return -errno;
        if (fchmod(fd, 0600) < 0 || !(w.f = fdopen(fd, "w"))) {
                r = -errno;
                close(fd);
                goto fail;
        }
        w.dec = malloc(sizeof(*w.dec));
        if (!w.dec) {
                r = -ENOMEM;
                fclose(w.f);
                goto fail;
        }
        fputs(header, w.f);
        r = flight_ring_each(ring, write_record, &w);
        free(w.dec);
        if (fflush(w.f) != 0 || fsync(fileno(w.f)) < 0)
                r = r ? r : -errno;
        if (fclose(w.f) != 0)
                r = r ? r : -EIO;
        if (r < 0)
                goto fail;
        snprintf(ret_path, pathlen, "%s/%s", dir, name);
        return 0;
fail:
        unlinkat(dfd, name, 0);
        return r;
}
