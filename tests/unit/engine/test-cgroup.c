// SPDX-License-Identifier: MIT
/* cgroup scopes: paths, unit names, and the refusals of bad paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"

static void test_rel_within(void **state)
{
        (void)state;
        assert_true(cgroup_rel_within("/a", "/a"));
        assert_true(cgroup_rel_within("/a/b", "/a"));
        assert_true(cgroup_rel_within("/a/b/c", "/a/b"));
        assert_false(cgroup_rel_within("/ab", "/a"));
        assert_false(cgroup_rel_within("/a", "/a/b"));
        assert_false(cgroup_rel_within("/b", "/a"));
        /* everything is within the root */
        assert_true(cgroup_rel_within("/", "/"));
        assert_true(cgroup_rel_within("/x/y", "/"));
        /* not a hierarchy path at all */
        assert_false(cgroup_rel_within("", "/"));
        assert_false(cgroup_rel_within("a/b", "/"));
}

static void test_unit_names(void **state)
{
        (void)state;
        assert_true(cgroup_unit_name_valid("nginx.service"));
        assert_true(cgroup_unit_name_valid("user@1000.service"));
        assert_true(cgroup_unit_name_valid("session-3.scope"));
        assert_true(cgroup_unit_name_valid("system-getty.slice"));
        assert_true(cgroup_unit_name_valid("dev-disk-by\\x2duuid.swap"));
        assert_false(cgroup_unit_name_valid(""));
        assert_false(cgroup_unit_name_valid("nginx"));
        assert_false(cgroup_unit_name_valid(".service"));
        assert_false(cgroup_unit_name_valid("nginx.exe"));
        assert_false(cgroup_unit_name_valid("a b.service"));
        assert_false(cgroup_unit_name_valid("../x.service"));
        assert_false(cgroup_unit_name_valid("a/b.service"));
        char big[300];
        memset(big, 'a', sizeof(big));
        memcpy(big + 280, ".service", 9);
        assert_false(cgroup_unit_name_valid(big));
}

static void test_rel_in_unit(void **state)
{
        (void)state;
        assert_true(cgroup_rel_in_unit("/system.slice/nginx.service", "nginx.service"));
        assert_true(cgroup_rel_in_unit("/system.slice/nginx.service/worker", "nginx.service"));
        assert_true(cgroup_rel_in_unit("/user.slice/user-1000.slice", "user.slice"));
        assert_false(cgroup_rel_in_unit("/system.slice/nginx.service2", "nginx.service"));
        assert_false(cgroup_rel_in_unit("/system.slice/xnginx.service", "nginx.service"));
        assert_false(cgroup_rel_in_unit("/", "nginx.service"));
}

static void resolve_err(const char *arg, bool canonical, int want_r, const char *want)
{
        struct cgroup_ref cg;
        char err[512] = "";
        int r = cgroup_resolve(arg, canonical, &cg, err, sizeof(err));

        if (r != want_r || !strstr(err, want))
                fail_msg("cgroup_resolve(%s) = %d '%s', want %d '%s'", arg ? arg : "NULL", r, err,
                         want_r, want);
}

static void test_resolve_refusals(void **state)
{
        char dir[] = "/tmp/rntest-cgroup-XXXXXX", file[PATH_MAX];

        (void)state;
        resolve_err("", false, -EINVAL, "empty cgroup path");
        resolve_err(NULL, false, -EINVAL, "empty cgroup path");
        assert_non_null(mkdtemp(dir));
        snprintf(file, sizeof(file), "%s/f", dir);
        FILE *f = fopen(file, "w");
        assert_non_null(f);
        fclose(f);
        /* a directory, and a file, of a filesystem that is not cgroup2 */
        resolve_err(dir, false, -EINVAL, "is not in a cgroup2 filesystem");
        resolve_err(file, false, -EINVAL, "is not in a cgroup2 filesystem");
        snprintf(file, sizeof(file), "%s/missing", dir);
        resolve_err(file, false, -ENOENT, "no such cgroup");
        snprintf(file, sizeof(file), "%s/f/x", dir);
        resolve_err(file, false, -ENOTDIR, "is not a directory");
        /* renacerd's form: absolute and canonical, nothing looked up first */
        resolve_err("sys/fs/cgroup", true, -EINVAL, "is not absolute");
        resolve_err("/sys/fs/cgroup/../cgroup", true, -EINVAL, "is not canonical");
        resolve_err("/sys/fs//cgroup", true, -EINVAL, "is not canonical");
        resolve_err("/sys/fs/cgroup/./x", true, -EINVAL, "is not canonical");
        resolve_err("/sys/fs/cgroup/", true, -EINVAL, "is not canonical");
        resolve_err(dir, true, -EINVAL, "is not in a cgroup2 filesystem");
        char big[PATH_MAX + 8];
        memset(big, 'a', sizeof(big) - 1);
        big[0] = '/';
        big[sizeof(big) - 1] = '\0';
        resolve_err(big, false, -ENAMETOOLONG, "too long");
        snprintf(file, sizeof(file), "%s/f", dir);
        unlink(file);
        rmdir(dir);
}

/* Where the host has a cgroup v1 hierarchy or a cgroup2 mount, the verdict
 * on each (this host's mounts decide which parts run). */
static void test_resolve_mounts(void **state)
{
        FILE *f = fopen("/proc/self/mountinfo", "re");
        char line[4096], v1[PATH_MAX] = "", v2[PATH_MAX] = "";

        (void)state;
        assert_non_null(f);
        while (fgets(line, sizeof(line), f)) {
                char root[PATH_MAX], mnt[PATH_MAX], fstype[64];
                const char *sep = strstr(line, " - ");
                if (!sep || sscanf(line, "%*u %*u %*u:%*u %4095s %4095s", root, mnt) != 2 ||
                    sscanf(sep + 3, "%63s", fstype) != 1 || strchr(mnt, '\\'))
                        continue;
                if (!strcmp(fstype, "cgroup") && !v1[0])
                        snprintf(v1, sizeof(v1), "%s", mnt);
                if (!strcmp(fstype, "cgroup2") && !strcmp(root, "/") && !v2[0])
                        snprintf(v2, sizeof(v2), "%s", mnt);
        }
        fclose(f);
        if (v1[0]) {
                resolve_err(v1, false, -EINVAL, "is in a cgroup v1 hierarchy");
                resolve_err(v1, true, -EINVAL, "is in a cgroup v1 hierarchy");
        }
        if (v2[0]) {
                struct cgroup_ref cg;
                char err[512], mnt[PATH_MAX], procs[PATH_MAX + 16];
                assert_int_equal(cgroup_resolve(v2, true, &cg, err, sizeof(err)), 0);
                assert_string_equal(cg.path, v2);
                assert_string_equal(cg.rel, "/");
                assert_true(cg.id != 0);
                assert_int_equal(cgroup_v2_mount(mnt, sizeof(mnt)), 0);
                snprintf(procs, sizeof(procs), "%s/cgroup.procs", v2);
                resolve_err(procs, false, -ENOTDIR, "is a file, not a cgroup");
                /* this process is somewhere in the v2 hierarchy */
                char rel[PATH_MAX];
                assert_int_equal(cgroup_of_pid(getpid(), rel, sizeof(rel)), 0);
                assert_true(cgroup_rel_within(rel, "/"));
        }
        if (!v1[0] && !v2[0])
                skip();
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_rel_within),     cmocka_unit_test(test_unit_names),
            cmocka_unit_test(test_rel_in_unit),    cmocka_unit_test(test_resolve_refusals),
            cmocka_unit_test(test_resolve_mounts),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
