// SPDX-License-Identifier: MIT
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif

/* Sub-cgroups deeper than this below a scope are not walked. */
#define CGROUP_WALK_DEPTH 64

#define FAIL(code, ...)                                                                            \
        do {                                                                                       \
                snprintf(err, errlen, __VA_ARGS__);                                                \
                return (code);                                                                     \
        } while (0)

/* mountinfo's octal escapes (\040 for a space) undone in place. */
static void unescape(char *s)
{
        char *w = s;

        for (char *r = s; *r; r++) {
                if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
                    r[3] >= '0' && r[3] <= '7') {
                        *w++ = (char)((r[1] - '0') << 6 | (r[2] - '0') << 3 | (r[3] - '0'));
                        r += 3;
                } else {
                        *w++ = *r;
                }
        }
        *w = '\0';
}

/* Whether path is mnt or below it, component-wise; the rest in *rest. */
static bool under(const char *path, const char *mnt, const char **rest)
{
        size_t n = strlen(mnt);

        if (!strcmp(mnt, "/")) {
                *rest = path;
                return true;
        }
        if (strncmp(path, mnt, n) || (path[n] && path[n] != '/'))
                return false;
        *rest = path + n;
        return true;
}

struct mount_hit {
        char fstype[64];
        char root[PATH_MAX];
        size_t mnt_len; /* the longest mount point holding the path wins */
        const char *rest;
};

/* The mount that holds path, by its mount point (the last of equal ones:
 * the one mounted on top). */
static int find_mount(const char *path, struct mount_hit *hit)
{
        FILE *f = fopen("/proc/self/mountinfo", "re");
        char *line = NULL;
        size_t cap = 0;
        bool found = false;

        if (!f)
                return -errno;
        while (getline(&line, &cap, f) > 0) {
                char root[PATH_MAX], mnt[PATH_MAX], fstype[64];
                const char *sep = strstr(line, " - "), *rest;
                if (!sep || sscanf(line, "%*u %*u %*u:%*u %4095s %4095s", root, mnt) != 2 ||
                    sscanf(sep + 3, "%63s", fstype) != 1)
                        continue;
                unescape(root);
                unescape(mnt);
                if (!under(path, mnt, &rest) || (found && strlen(mnt) < hit->mnt_len))
                        continue;
                found = true;
                hit->mnt_len = strlen(mnt);
                hit->rest = rest;
                snprintf(hit->fstype, sizeof(hit->fstype), "%s", fstype);
                snprintf(hit->root, sizeof(hit->root), "%s", root);
        }
        free(line);
        fclose(f);
        return found ? 0 : -ENOENT;
}

/* Absolute, and no empty, "." or ".." component, no trailing slash. */
static bool lexically_canonical(const char *p)
{
        if (p[0] != '/')
                return false;
        if (!strcmp(p, "/"))
                return true;
        for (const char *c = p; *c;) {
                const char *e = strchr(c + 1, '/');
                size_t n = e ? (size_t)(e - c - 1) : strlen(c + 1);
                if (n == 0 || (n == 1 && c[1] == '.') || (n == 2 && c[1] == '.' && c[2] == '.'))
                        return false;
                c = e ? e : c + 1 + n;
        }
        return true;
}

static int cgroup_id_of(const char *path, const struct stat *st, uint64_t *ret)
{
        struct {
                struct file_handle fh;
                uint64_t id;
        } h = {.fh.handle_bytes = sizeof(uint64_t)};
        int mount_id;

        /* bpftrace's cgroupid(): the handle of a cgroup2 directory is its id */
        if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mount_id, 0) == 0 &&
            h.fh.handle_bytes == sizeof(uint64_t)) {
                memcpy(ret, h.fh.f_handle, sizeof(*ret));
                return 0;
        }
        /* on 64-bit kernels the inode number is the same id */
        *ret = (uint64_t)st->st_ino;
        return 0;
}

int cgroup_resolve(const char *arg, bool canonical, struct cgroup_ref *out, char *err,
                   size_t errlen)
{
        char joined[PATH_MAX];
        struct mount_hit hit;
        struct statfs sfs;
        struct stat st;
        int r;

        memset(out, 0, sizeof(*out));
        if (!arg || !*arg)
                FAIL(-EINVAL, "empty cgroup path");
        if (strlen(arg) >= PATH_MAX)
                FAIL(-ENAMETOOLONG, "cgroup path of %zu bytes is too long", strlen(arg));
        if (arg[0] != '/') {
                if (canonical)
                        FAIL(-EINVAL, "cgroup path '%.200s' is not absolute", arg);
                /* relative: to /sys/fs/cgroup, where that is the v2 hierarchy */
                if (statfs(CGROUP_ROOT_DEFAULT, &sfs) < 0 || sfs.f_type != CGROUP2_SUPER_MAGIC)
                        FAIL(-EINVAL,
                             "cgroup path '%.200s' is relative, but %s is not a cgroup2 mount "
                             "here: give the absolute path of a directory in a cgroup2 mount",
                             arg, CGROUP_ROOT_DEFAULT);
                if (snprintf(joined, sizeof(joined), "%s/%s", CGROUP_ROOT_DEFAULT, arg) >=
                    (int)sizeof(joined))
                        FAIL(-ENAMETOOLONG, "cgroup path '%.200s' is too long", arg);
                arg = joined;
        }
        if (canonical) {
                if (!lexically_canonical(arg))
                        FAIL(-EINVAL, "cgroup path '%.200s' is not canonical", arg);
                snprintf(out->path, sizeof(out->path), "%s", arg);
        } else if (!realpath(arg, out->path)) {
                if (errno == ENOENT)
                        FAIL(-ENOENT, "no such cgroup: %.200s does not exist", arg);
                if (errno == ENOTDIR)
                        FAIL(-ENOTDIR, "no such cgroup: a component of %.200s is not a directory",
                             arg);
                FAIL(-errno, "cannot resolve cgroup path %.200s: %s", arg, strerror(errno));
        }
        /* which filesystem, before anything under the path is touched */
        r = find_mount(out->path, &hit);
        if (r < 0)
                FAIL(r, "cannot read /proc/self/mountinfo: %s", strerror(-r));
        if (!strcmp(hit.fstype, "cgroup"))
                FAIL(-EINVAL,
                     "%.200s is in a cgroup v1 hierarchy: renacer scopes by the cgroup v2 "
                     "(unified) hierarchy; give a directory of a cgroup2 mount",
                     out->path);
        if (strcmp(hit.fstype, "cgroup2"))
                FAIL(-EINVAL, "%.200s is not in a cgroup2 filesystem (it is on %s)", out->path,
                     hit.fstype);
        if (stat(out->path, &st) < 0) {
                if (errno == ENOENT || errno == ENOTDIR)
                        FAIL(-ENOENT, "no such cgroup: %.200s does not exist", out->path);
                FAIL(-errno, "cannot stat %.200s: %s", out->path, strerror(errno));
        }
        if (!S_ISDIR(st.st_mode))
                FAIL(-ENOTDIR, "%.200s is a file, not a cgroup (a cgroup is a directory)",
                     out->path);
        if (statfs(out->path, &sfs) < 0 || sfs.f_type != CGROUP2_SUPER_MAGIC)
                FAIL(-EINVAL, "%.200s is not in a cgroup2 filesystem", out->path);
        if (canonical) {
                char real[PATH_MAX];
                if (!realpath(out->path, real) || strcmp(real, out->path))
                        FAIL(-EINVAL, "cgroup path '%.200s' is not canonical", out->path);
        }
        /* the path within the hierarchy: the mount's root, then the rest */
        const char *root = strcmp(hit.root, "/") ? hit.root : "";
        if (snprintf(out->rel, sizeof(out->rel), "%s%s", root, hit.rest) >= (int)sizeof(out->rel))
                FAIL(-ENAMETOOLONG, "cgroup path %.200s is too long", out->path);
        if (!out->rel[0])
                snprintf(out->rel, sizeof(out->rel), "/");
        return cgroup_id_of(out->path, &st, &out->id);
}

int cgroup_v2_mount(char *ret, size_t len)
{
        FILE *f = fopen("/proc/self/mountinfo", "re");
        char *line = NULL;
        size_t cap = 0;
        int r = -ENOENT;

        if (!f)
                return -errno;
        while (getline(&line, &cap, f) > 0) {
                char root[PATH_MAX], mnt[PATH_MAX], fstype[64];
                const char *sep = strstr(line, " - ");
                if (!sep || sscanf(line, "%*u %*u %*u:%*u %4095s %4095s", root, mnt) != 2 ||
                    sscanf(sep + 3, "%63s", fstype) != 1 || strcmp(fstype, "cgroup2") ||
                    strcmp(root, "/"))
                        continue;
                unescape(mnt);
                /* the conventional place wins over any other mount */
                if (r == 0 && strcmp(mnt, CGROUP_ROOT_DEFAULT))
                        continue;
                r = snprintf(ret, len, "%s", mnt) >= (int)len ? -ENAMETOOLONG : 0;
        }
        free(line);
        fclose(f);
        return r;
}

int cgroup_hierarchy_path(const char *path, char *rel, size_t len, char *err, size_t errlen)
{
        char abs[PATH_MAX];
        struct mount_hit hit;
        int r;

        if (!path || !*path)
                FAIL(-EINVAL, "empty cgroup path");
        if (snprintf(abs, sizeof(abs), "%s%s", path[0] == '/' ? "" : "/", path) >= (int)sizeof(abs))
                FAIL(-ENAMETOOLONG, "cgroup path of %zu bytes is too long", strlen(path));
        if (!lexically_canonical(abs))
                FAIL(-EINVAL, "cgroup path '%.200s' is not canonical", path);
        if (path[0] != '/') {
                if (snprintf(rel, len, "%s", abs) >= (int)len)
                        FAIL(-ENAMETOOLONG, "cgroup path '%.200s' is too long", path);
                return 0;
        }
        r = find_mount(abs, &hit);
        if (r < 0)
                FAIL(r, "cannot read /proc/self/mountinfo: %s", strerror(-r));
        if (!strcmp(hit.fstype, "cgroup"))
                FAIL(-EINVAL, "%.200s is in a cgroup v1 hierarchy, not the cgroup v2 one", path);
        if (strcmp(hit.fstype, "cgroup2"))
                FAIL(-EINVAL, "%.200s is not in a cgroup2 mount (it is on %s)", path, hit.fstype);
        const char *root = strcmp(hit.root, "/") ? hit.root : "";
        if (snprintf(rel, len, "%s%s", root, hit.rest) >= (int)len)
                FAIL(-ENAMETOOLONG, "cgroup path %.200s is too long", path);
        if (!rel[0])
                snprintf(rel, len, "/");
        return 0;
}

bool cgroup_path_lexical(const char *p)
{
        char abs[PATH_MAX];

        if (!p || !*p ||
            snprintf(abs, sizeof(abs), "%s%s", p[0] == '/' ? "" : "/", p) >= (int)sizeof(abs))
                return false;
        return lexically_canonical(abs);
}

bool cgroup_rel_within(const char *rel, const char *scope)
{
        const char *rest;

        return rel[0] == '/' && under(rel, scope, &rest);
}

int cgroup_of_pid(pid_t pid, char *rel, size_t len)
{
        char path[64], *line = NULL;
        size_t cap = 0;
        int r = -ENODATA;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
        f = fopen(path, "re");
        if (!f)
                return errno == ENOENT ? -ESRCH : -errno;
        while (getline(&line, &cap, f) > 0) {
                if (strncmp(line, "0::", 3))
                        continue;
                line[strcspn(line, "\n")] = '\0';
                r = snprintf(rel, len, "%s", line + 3) >= (int)len ? -ENAMETOOLONG : 0;
                break;
        }
        free(line);
        fclose(f);
        return r;
}

static int read_procs(int dirfd, int (*fn)(pid_t, void *), void *ctx)
{
        int fd = openat(dirfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
        char buf[4096];
        size_t have = 0;
        ssize_t n;
        int r = 0;

        if (fd < 0)
                return errno == ENOENT ? 0 : -errno; /* removed meanwhile */
        while ((n = read(fd, buf + have, sizeof(buf) - have - 1)) > 0) {
                have += (size_t)n;
                buf[have] = '\0';
                char *p = buf, *nl;
                while ((nl = strchr(p, '\n'))) {
                        *nl = '\0';
                        char *end;
                        long v = strtol(p, &end, 10);
                        if (end != p && !*end && v > 0 && (r = fn((pid_t)v, ctx)) < 0)
                                goto out;
                        p = nl + 1;
                }
                have = strlen(p);
                memmove(buf, p, have);
        }
        if (n < 0)
                r = errno == ENODEV ? 0 : -errno;
out:
        close(fd);
        return r;
}

static int walk(int dirfd, unsigned depth, int (*fn)(pid_t, void *), void *ctx)
{
        DIR *d;
        int r = read_procs(dirfd, fn, ctx);

        if (r < 0 || depth >= CGROUP_WALK_DEPTH)
                return r;
        d = fdopendir(dirfd);
        if (!d) {
                close(dirfd);
                return -errno;
        }
        for (struct dirent *de; r >= 0 && (de = readdir(d));) {
                if (de->d_type != DT_DIR || de->d_name[0] == '.')
                        continue;
                int sub =
                    openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub < 0)
                        continue; /* removed meanwhile */
                r = walk(sub, depth + 1, fn, ctx);
        }
        closedir(d);
        return r;
}

int cgroup_each_proc(const char *path, int (*fn)(pid_t pid, void *ctx), void *ctx)
{
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        if (fd < 0)
                return -errno;
        return walk(fd, 0, fn, ctx);
}

bool cgroup_unit_name_valid(const char *name)
{
        static const char *const suffixes[] = {".service", ".scope",  ".slice", ".socket", ".mount",
                                               ".swap",    ".target", ".timer", ".path"};
        size_t n = strlen(name);
        const char *dot = strrchr(name, '.');
        bool known = false;

        /* systemd's UNIT_NAME_MAX */
        if (n == 0 || n > 255 || !dot || dot == name)
                return false;
        for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++)
                known |= !strcmp(dot, suffixes[i]);
        if (!known)
                return false;
        for (const char *c = name; c < dot; c++)
                if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                      (*c >= '0' && *c <= '9') || strchr(":-_.\\@", *c)))
                        return false;
        return true;
}

bool cgroup_rel_in_unit(const char *rel, const char *unit)
{
        size_t n = strlen(unit);

        for (const char *c = strchr(rel, '/'); c; c = strchr(c + 1, '/'))
                if (!strncmp(c + 1, unit, n) && (c[1 + n] == '/' || !c[1 + n]))
                        return true;
        return false;
}

/* ---- ids to paths ---- */

#define NAMES_MAX   65536 /* cached cgroups; beyond that the cache starts over */
#define MISSES_KEPT 256

struct cgroup_name {
        uint64_t id; /* 0: free */
        char *rel;
};

struct cgroup_names {
        struct cgroup_name *slots;
        size_t cap, n;
        uint64_t misses[MISSES_KEPT];
        size_t nmiss;
};

int cgroup_names_new(struct cgroup_names **ret)
{
        struct cgroup_names *c = calloc(1, sizeof(*c));

        if (!c)
                return -ENOMEM;
        *ret = c;
        return 0;
}

static void names_clear(struct cgroup_names *c)
{
        for (size_t i = 0; i < c->cap; i++)
                free(c->slots[i].rel);
        free(c->slots);
        c->slots = NULL;
        c->cap = c->n = 0;
}

void cgroup_names_free(struct cgroup_names *c)
{
        if (!c)
                return;
        names_clear(c);
        free(c);
}

static struct cgroup_name *names_slot(struct cgroup_names *c, uint64_t id)
{
        size_t i = (size_t)(id * 0x9e3779b97f4a7c15ULL) & (c->cap - 1);

        while (c->slots[i].id && c->slots[i].id != id)
                i = (i + 1) & (c->cap - 1);
        return &c->slots[i];
}

static int names_put(struct cgroup_names *c, uint64_t id, const char *rel)
{
        struct cgroup_name *sl;

        if (!id)
                return 0;
        if (c->n >= NAMES_MAX)
                names_clear(c);
        if ((c->n + 1) * 2 > c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 256;
                struct cgroup_name *old = c->slots, *slots = calloc(cap, sizeof(*slots));
                size_t oldcap = c->cap;
                if (!slots)
                        return -ENOMEM;
                c->slots = slots;
                c->cap = cap;
                for (size_t i = 0; i < oldcap; i++)
                        if (old[i].id)
                                *names_slot(c, old[i].id) = old[i];
                free(old);
        }
        sl = names_slot(c, id);
        if (sl->id)
                return 0; /* known: ids are not reused */
        sl->rel = strdup(rel);
        if (!sl->rel)
                return -ENOMEM;
        sl->id = id;
        c->n++;
        return 0;
}

static void names_walk(struct cgroup_names *c, int dirfd, char *rel, size_t len, unsigned depth)
{
        DIR *d = fdopendir(dirfd);

        if (!d) {
                close(dirfd);
                return;
        }
        for (struct dirent *de; (de = readdir(d));) {
                if (de->d_type != DT_DIR || de->d_name[0] == '.')
                        continue;
                size_t n = strlen(rel);
                if (snprintf(rel + n, len - n, "%s%s", n > 1 ? "/" : "", de->d_name) >=
                    (int)(len - n)) {
                        rel[n] = '\0';
                        continue;
                }
                if (names_put(c, (uint64_t)de->d_ino, rel) == 0 && depth < CGROUP_WALK_DEPTH) {
                        int sub = openat(dirfd, de->d_name,
                                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (sub >= 0)
                                names_walk(c, sub, rel, len, depth + 1);
                }
                rel[n] = '\0';
        }
        closedir(d);
}

const char *cgroup_names_lookup(struct cgroup_names *c, uint64_t id)
{
        char mnt[PATH_MAX], rel[PATH_MAX] = "/";
        struct stat st;
        int fd;

        if (!id)
                return NULL;
        if (c->cap && names_slot(c, id)->id == id)
                return names_slot(c, id)->rel;
        for (size_t i = 0; i < MIN(c->nmiss, (size_t)MISSES_KEPT); i++)
                if (c->misses[i] == id)
                        return NULL;
        if (cgroup_v2_mount(mnt, sizeof(mnt)) == 0 &&
            (fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
                if (fstat(fd, &st) == 0)
                        names_put(c, (uint64_t)st.st_ino, "/");
                names_walk(c, fd, rel, sizeof(rel), 0);
        }
        if (c->cap && names_slot(c, id)->id == id)
                return names_slot(c, id)->rel;
        c->misses[c->nmiss++ % MISSES_KEPT] = id;
        return NULL;
}
