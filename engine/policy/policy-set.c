// SPDX-License-Identifier: MIT
/* Policy files from disk, directories of them (all or nothing), the
 * daemon's selection by match:, and the syscalls a policy needs traced. */
#include "cgroup.h"
#include "policy.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

/* Messages are one line, whatever a file name held. */
static void one_line(char *s)
{
        for (; s && *s; s++)
                if ((unsigned char)*s < 0x20 || *s == 0x7f)
                        *s = '?';
}

static int read_file(const char *path, char **ret, size_t *ret_len, char *err, size_t errlen)
{
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *buf = NULL;
        size_t len = 0, cap = 0;
        struct stat st;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0 || fstat(fd, &st) < 0) {
                int e = errno;
                snprintf(err, errlen, "%s: cannot read: %s", path, strerror(e));
                return -e;
        }
        if (!S_ISREG(st.st_mode)) {
                snprintf(err, errlen, "%s: not a regular file", path);
                return -EINVAL;
        }
        for (;;) {
                if (len == cap) {
                        if (cap > POLICY_FILE_MAX) {
                                snprintf(err, errlen, "%s: policy file larger than %u bytes", path,
                                         POLICY_FILE_MAX);
                                return -EFBIG;
                        }
                        cap = cap ? cap * 2 : 4096;
                        char *b = realloc(buf, cap + 1);
                        if (!b)
                                return -ENOMEM;
                        buf = b;
                }
                ssize_t n = read(fd, buf + len, cap - len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        int e = errno;
                        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(e));
                        return -e;
                }
                if (n == 0)
                        break;
                len += (size_t)n;
        }
        *ret = TAKE_PTR(buf);
        *ret_len = len;
        return 0;
}

int policy_load_file(const char *path, struct policy **ret, char *err, size_t errlen)
{
        _cleanup_free_ char *buf = NULL;
        char dummy[1];
        size_t len = 0;
        int r;

        if (!err || !errlen)
                err = dummy, errlen = sizeof(dummy);
        r = read_file(path, &buf, &len, err, errlen);
        if (r < 0) {
                one_line(err);
                return r;
        }
        return policy_parse_buffer(path, buf, len, ret, err, errlen);
}

void policy_set_free(struct policy_set *s)
{
        if (!s)
                return;
        for (size_t i = 0; i < s->n; i++)
                policy_free(s->policies[i]);
        free(s->policies);
        free(s);
}

static int name_cmp(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml_name(const char *n)
{
        size_t len = strlen(n);
        return n[0] != '.' && len > 5 && strcmp(n + len - 5, ".yaml") == 0;
}

int policy_set_load_dir(const char *dir, struct policy_set **ret, char *err, size_t errlen)
{
        struct policy_set *set = NULL;
        char **names = NULL, dummy[1];
        size_t n = 0, cap = 0, dlen = strlen(dir);
        struct dirent *de;
        DIR *d;
        int r = 0;

        if (!err || !errlen)
                err = dummy, errlen = sizeof(dummy);
        err[0] = '\0';
        d = opendir(dir);
        if (!d) {
                r = -errno;
                snprintf(err, errlen, "%s: cannot open directory: %s", dir, strerror(-r));
                one_line(err);
                return r;
        }
        while ((errno = 0, de = readdir(d))) {
                char *path;
                struct stat st;
                if (!is_yaml_name(de->d_name))
                        continue;
                if (n == POLICY_DIR_FILES_MAX) {
                        snprintf(err, errlen, "%s: more than %d policy files", dir,
                                 POLICY_DIR_FILES_MAX);
                        r = -E2BIG;
                        goto out;
                }
                if (asprintf(&path, "%s%s%s", dir, dlen && dir[dlen - 1] == '/' ? "" : "/",
                             de->d_name) < 0) {
                        r = -ENOMEM;
                        goto out;
                }
                /* directories and sockets named *.yaml are not policy files */
                if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
                        free(path);
                        continue;
                }
                if (n == cap) {
                        char **nn = realloc(names, (cap = cap ? cap * 2 : 16) * sizeof(*nn));
                        if (!nn) {
                                free(path);
                                r = -ENOMEM;
                                goto out;
                        }
                        names = nn;
                }
                names[n++] = path;
        }
        if (errno) {
                r = -errno;
                snprintf(err, errlen, "%s: cannot read directory: %s", dir, strerror(-r));
                goto out;
        }
        if (n > 1)
                qsort(names, n, sizeof(*names), name_cmp);

        set = calloc(1, sizeof(*set));
        if (!set || !(set->policies = calloc(n ? n : 1, sizeof(*set->policies)))) {
                r = -ENOMEM;
                goto out;
        }
        for (size_t i = 0; i < n; i++) {
                r = policy_load_file(names[i], &set->policies[i], err, errlen);
                if (r < 0)
                        goto out;
                set->n++;
        }
        *ret = TAKE_PTR(set);
        r = 0;
out:
        if (r < 0)
                one_line(err);
        closedir(d);
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
        policy_set_free(set);
        return r;
}

int policy_set_reload(struct policy_set **cur, const char *dir, char *err, size_t errlen)
{
        struct policy_set *next;
        int r = policy_set_load_dir(dir, &next, err, errlen);

        if (r < 0)
                return r;
        policy_set_free(*cur);
        *cur = next;
        return 0;
}

bool policy_matches_in(const struct policy *p, const char *exe, const char *comm, uid_t uid,
                       const char *cgroup)
{
        if (!p->has_match)
                return false;
        if (p->match.exe && (!exe || fnmatch(p->match.exe, exe, FNM_PATHNAME) != 0))
                return false;
        if (p->match.comm && (!comm || fnmatch(p->match.comm, comm, 0) != 0))
                return false;
        if (p->match.has_uid && p->match.uid != uid)
                return false;
        if (p->match.cgroup &&
            (!cgroup || !p->match.cgroup_rel || !cgroup_rel_within(cgroup, p->match.cgroup_rel)))
                return false;
        if (p->match.unit && (!cgroup || !cgroup_rel_in_unit(cgroup, p->match.unit)))
                return false;
        return true;
}

bool policy_matches(const struct policy *p, const char *exe, const char *comm, uid_t uid)
{
        return policy_matches_in(p, exe, comm, uid, NULL);
}

const struct policy *policy_set_match_in(const struct policy_set *s, const char *exe,
                                         const char *comm, uid_t uid, const char *cgroup)
{
        for (size_t i = 0; s && i < s->n; i++)
                if (policy_matches_in(s->policies[i], exe, comm, uid, cgroup))
                        return s->policies[i];
        return NULL;
}

const struct policy *policy_set_match(const struct policy_set *s, const char *exe, const char *comm,
                                      uid_t uid)
{
        return policy_set_match_in(s, exe, comm, uid, NULL);
}

bool policy_set_wants_cgroup(const struct policy_set *s)
{
        for (size_t i = 0; s && i < s->n; i++)
                if (s->policies[i]->match.cgroup || s->policies[i]->match.unit)
                        return true;
        return false;
}

int policy_set_resolve_cgroups(struct policy_set *s, char *err, size_t errlen)
{
        for (size_t i = 0; s && i < s->n; i++) {
                struct policy_match *m = &s->policies[i]->match;
                char rel[PATH_MAX], why[400];
                int r;
                if (!m->cgroup)
                        continue;
                r = cgroup_hierarchy_path(m->cgroup, rel, sizeof(rel), why, sizeof(why));
                if (r < 0) {
                        snprintf(err, errlen, "%s: match: cgroup: %s", s->policies[i]->file, why);
                        return r;
                }
                free(m->cgroup_rel);
                if (!(m->cgroup_rel = strdup(rel)))
                        return -ENOMEM;
        }
        return 0;
}

static void set_nr(struct filter *f, int nr)
{
        if (nr >= 0 && nr < RENACER_SYSCALL_MAX)
                f->bits[nr >> 6] |= 1ULL << (nr & 63);
}

void policy_needed_filter(const struct policy *p, struct filter *f)
{
        static const int alloc_nrs[] = {SYS_brk,      SYS_mmap,   SYS_munmap,  SYS_mremap,
                                        SYS_mprotect, SYS_execve, SYS_execveat};
        static const int gpu_nrs[] = {
            SYS_ioctl, SYS_read, SYS_write,  SYS_pread64, SYS_pwrite64, SYS_readv, SYS_writev,
            SYS_mmap,  SYS_open, SYS_openat, SYS_openat2, SYS_creat,    SYS_close, SYS_dup,
            SYS_dup2,  SYS_dup3, SYS_fcntl,  SYS_execve,  SYS_execveat};

        for (size_t i = 0; i < p->n; i++) {
                const struct policy_assertion *a = &p->assertions[i];
                if (!a->enabled)
                        continue;
                switch (a->type) {
                case POLICY_CRITICAL_PATH:
                        set_nr(f, SYS_execve);
                        set_nr(f, SYS_execveat);
                        break;
                case POLICY_SPAN_COUNT:
                        if (a->has_max_spans && !a->has_syscalls)
                                filter_all(f);
                        for (size_t w = 0; a->has_syscalls && w < RENACER_FILTER_WORDS; w++)
                                f->bits[w] |= a->syscalls.bits[w];
                        for (size_t b = 0; b < a->nbudgets; b++)
                                set_nr(f, a->budgets[b].nr);
                        break;
                case POLICY_MEMORY_USAGE:
                        if (a->mode == POLICY_MEM_ALLOCATIONS)
                                for (size_t k = 0; k < ARRAY_SIZE(alloc_nrs); k++)
                                        set_nr(f, alloc_nrs[k]);
                        break;
                case POLICY_ANTI_PATTERN:
                        for (size_t k = 0; k < ARRAY_SIZE(gpu_nrs); k++)
                                set_nr(f, gpu_nrs[k]);
                        /* the blocking time of compute comes from the summary */
                        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++)
                                if (pcie_is_blocking_syscall(nr))
                                        set_nr(f, nr);
                        break;
                }
        }
}

void policy_name_of_file(const char *path, char *buf, size_t len)
{
        const char *base = strrchr(path, '/');
        size_t n;

        base = base ? base + 1 : path;
        n = strlen(base);
        if (n > 5 && !strcmp(base + n - 5, ".yaml"))
                n -= 5;
        else if (n > 4 && !strcmp(base + n - 4, ".yml"))
                n -= 4;
        snprintf(buf, len, "%.*s", (int)n, base);
}
