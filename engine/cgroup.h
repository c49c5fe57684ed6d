/* SPDX-License-Identifier: MIT */
/*
 * cgroup v2 scopes (trace --cgroup, trace --unit, policies' match: cgroup
 * and unit): what a user's PATH names, the processes of a subtree, and
 * whether a process's cgroup lies within one. A scope is a cgroup of the
 * v2 (unified) hierarchy with all its sub-cgroups, as systemd means a
 * unit's cgroup.
 */
#ifndef RENACER_CGROUP_H
#define RENACER_CGROUP_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CGROUP_ROOT_DEFAULT "/sys/fs/cgroup"

struct cgroup_ref {
        char path[PATH_MAX]; /* the directory, absolute and canonical */
        char rel[PATH_MAX];  /* within the hierarchy, as /proc/PID/cgroup says it ("/": root) */
        uint64_t id;         /* what bpf_get_current_cgroup_id() returns for it */
};

/* PATH as the user gave it: absolute (a directory of a mounted cgroup2
 * filesystem, symbolic links followed), or relative to /sys/fs/cgroup when
 * that is cgroup2. With `canonical`, only an absolute path without
 * symbolic links, "." or ".." is taken, and nothing is looked at before the
 * path is known to lie in a cgroup2 mount (renacerd, for another user's
 * request). Errors are one line in err naming what was wrong: missing, a
 * file, a cgroup v1 hierarchy, another filesystem. */
int cgroup_resolve(const char *arg, bool canonical, struct cgroup_ref *out, char *err,
                   size_t errlen);

/* The mount point of the v2 hierarchy's root (/sys/fs/cgroup on a unified
 * system, /sys/fs/cgroup/unified on a hybrid one, or wherever it is). */
int cgroup_v2_mount(char *ret, size_t len);

/* A cgroup path as a policy names it, as a hierarchy path: an absolute path
 * in a cgroup2 mount (by /proc/self/mountinfo; the cgroup need not exist
 * yet), or one relative to the hierarchy's root (what /sys/fs/cgroup is on
 * a unified system). Lexical: no ".", "..", empty components. */
int cgroup_hierarchy_path(const char *path, char *rel, size_t len, char *err, size_t errlen);

/* Whether a path (absolute or relative) has no empty, "." or ".."
 * component and no trailing slash. */
bool cgroup_path_lexical(const char *p);

/* Whether the hierarchy path rel is scope or lies below it ("/a/b" is
 * within "/a", "/ab" is not; everything is within "/"). */
bool cgroup_rel_within(const char *rel, const char *scope);

/* The v2 cgroup of a process, from the "0::" line of /proc/PID/cgroup. */
int cgroup_of_pid(pid_t pid, char *rel, size_t len);

/* Call fn for every process of the cgroup at path and of its sub-cgroups
 * (cgroup.procs of each, depth first); fn's negative return stops the walk
 * and is returned. */
int cgroup_each_proc(const char *path, int (*fn)(pid_t pid, void *ctx), void *ctx);

/* A systemd unit name: NAME.service, .scope, .slice, .socket, .mount,
 * .swap, .target, .timer or .path, of characters systemd allows. */
bool cgroup_unit_name_valid(const char *name);

/* Whether a hierarchy path is a systemd unit's cgroup or below it: one of
 * its components is the unit's name (systemd names a unit's cgroup after
 * the unit, under its slice). */
bool cgroup_rel_in_unit(const char *rel, const char *unit);

/* The hierarchy path of a cgroup v2 by its id, for policies' cgroup and
 * unit keys (exec records carry the id): a walk of the v2 mount
 * (readdir's d_ino of a cgroup directory is its id) fills a cache, walked
 * again when an id is unknown. Ids are never reused, so what is cached
 * stays true; an id still unknown after a walk (its cgroup removed
 * meanwhile) is remembered as such. */
struct cgroup_names;
int cgroup_names_new(struct cgroup_names **ret);
void cgroup_names_free(struct cgroup_names *c);
/* The path ("/a/b"), or NULL when no cgroup has the id (now). Valid until
 * the next call. */
const char *cgroup_names_lookup(struct cgroup_names *c, uint64_t id);

#endif
