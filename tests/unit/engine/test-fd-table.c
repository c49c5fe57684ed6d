// SPDX-License-Identifier: MIT
/* fd_table: fd -> path of one traced process. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fd-table.h"

static int set(struct fd_table *t, int fd, const char *path, bool cloexec)
{
        return fd_table_set(t, fd, path, strlen(path), cloexec);
}

static void test_empty(void **state)
{
        struct fd_table t;

        (void)state;
        fd_table_init(&t);
        assert_null(fd_table_get(&t, 0));
        assert_null(fd_table_get(&t, -1));
        assert_null(fd_table_get(&t, 1000));
        fd_table_close(&t, 3);
        fd_table_close(&t, -1);
        fd_table_exec(&t);
        assert_int_equal(t.n, 0);
        fd_table_free(&t);
        fd_table_free(&t);
        assert_null(t.slots);
}

static void test_set_get_close(void **state)
{
        struct fd_table t;

        (void)state;
        fd_table_init(&t);
        assert_int_equal(set(&t, 3, "/etc/passwd", false), 0);
        assert_string_equal(fd_table_get(&t, 3), "/etc/passwd");
        assert_null(fd_table_get(&t, 2));
        assert_null(fd_table_get(&t, 4));

        /* replace with a longer and then a shorter path */
        assert_int_equal(set(&t, 3, "/usr/lib/x86_64-linux-gnu/libc.so.6", false), 0);
        assert_string_equal(fd_table_get(&t, 3), "/usr/lib/x86_64-linux-gnu/libc.so.6");
        assert_int_equal(set(&t, 3, "/a", true), 0);
        assert_string_equal(fd_table_get(&t, 3), "/a");
        assert_true(t.slots[3].cloexec);

        /* len, not the NUL, bounds the copy */
        assert_int_equal(fd_table_set(&t, 5, "/tmp/abcdef", 6, false), 0);
        assert_string_equal(fd_table_get(&t, 5), "/tmp/a");
        assert_int_equal(fd_table_set(&t, 6, "", 0, false), 0);
        assert_string_equal(fd_table_get(&t, 6), "");

        fd_table_close(&t, 3);
        assert_null(fd_table_get(&t, 3));
        assert_string_equal(fd_table_get(&t, 5), "/tmp/a");
        /* closing twice or closing an unknown fd is harmless */
        fd_table_close(&t, 3);
        fd_table_close(&t, 100000);
        /* reopened after close */
        assert_int_equal(set(&t, 3, "/dev/null", false), 0);
        assert_string_equal(fd_table_get(&t, 3), "/dev/null");
        fd_table_free(&t);
}

static void test_range(void **state)
{
        struct fd_table t;

        (void)state;
        fd_table_init(&t);
        assert_int_equal(set(&t, -1, "/x", false), -ERANGE);
        assert_int_equal(set(&t, FD_TABLE_MAX, "/x", false), -ERANGE);
        assert_int_equal(set(&t, INT32_MAX, "/x", false), -ERANGE);
        assert_int_equal(t.n, 0);
        assert_int_equal(set(&t, FD_TABLE_MAX - 1, "/top", false), 0);
        assert_string_equal(fd_table_get(&t, FD_TABLE_MAX - 1), "/top");
        assert_true(t.n >= FD_TABLE_MAX);
        assert_null(fd_table_get(&t, FD_TABLE_MAX));
        /* growing kept nothing stale */
        for (int fd = 0; fd < FD_TABLE_MAX - 1; fd++)
                assert_null(fd_table_get(&t, fd));
        fd_table_free(&t);
}

static void test_growth_keeps_entries(void **state)
{
        struct fd_table t;
        char path[32];

        (void)state;
        fd_table_init(&t);
        /* exactly at the end of the table: 16 slots, then 32 */
        assert_int_equal(set(&t, 0, "/f/0", false), 0);
        assert_int_equal(t.n, 16);
        assert_int_equal(set(&t, 16, "/edge", false), 0);
        assert_int_equal(t.n, 32);
        assert_string_equal(fd_table_get(&t, 16), "/edge");
        assert_int_equal(set(&t, 32, "/edge2", false), 0);
        assert_int_equal(t.n, 64);
        assert_string_equal(fd_table_get(&t, 32), "/edge2");
        fd_table_close(&t, 16);
        fd_table_close(&t, 32);
        for (int fd = 0; fd < 1000; fd += 3) {
                snprintf(path, sizeof(path), "/f/%d", fd);
                assert_int_equal(set(&t, fd, path, fd % 2), 0);
        }
        for (int fd = 0; fd < 1000; fd++) {
                const char *p = fd_table_get(&t, fd);
                if (fd % 3) {
                        assert_null(p);
                        continue;
                }
                snprintf(path, sizeof(path), "/f/%d", fd);
                assert_non_null(p);
                assert_string_equal(p, path);
                assert_int_equal(t.slots[fd].cloexec, fd % 2);
        }
        fd_table_free(&t);
}

static void test_dup(void **state)
{
        struct fd_table t;

        (void)state;
        fd_table_init(&t);
        assert_int_equal(set(&t, 3, "/etc/hosts", true), 0);

        /* the new fd gets the path and its own cloexec flag */
        assert_int_equal(fd_table_dup(&t, 3, 4, false), 0);
        assert_string_equal(fd_table_get(&t, 4), "/etc/hosts");
        assert_false(t.slots[4].cloexec);
        assert_true(t.slots[3].cloexec);

        /* into a far fd: the table grows and the source moves */
        assert_int_equal(fd_table_dup(&t, 3, 5000, true), 0);
        assert_string_equal(fd_table_get(&t, 5000), "/etc/hosts");
        assert_string_equal(fd_table_get(&t, 3), "/etc/hosts");
        assert_true(t.slots[5000].cloexec);

        /* the copies are independent */
        assert_int_equal(set(&t, 3, "/other", false), 0);
        assert_string_equal(fd_table_get(&t, 4), "/etc/hosts");
        fd_table_close(&t, 4);
        assert_string_equal(fd_table_get(&t, 5000), "/etc/hosts");

        /* over an existing fd: replaced */
        assert_int_equal(set(&t, 7, "/seven", false), 0);
        assert_int_equal(fd_table_dup(&t, 3, 7, false), 0);
        assert_string_equal(fd_table_get(&t, 7), "/other");

        /* onto itself */
        assert_int_equal(fd_table_dup(&t, 7, 7, true), 0);
        assert_string_equal(fd_table_get(&t, 7), "/other");

        /* from an unknown fd: the target becomes unknown too */
        assert_int_equal(fd_table_dup(&t, 42, 7, false), 0);
        assert_null(fd_table_get(&t, 7));
        assert_int_equal(fd_table_dup(&t, -1, 3, false), 0);
        assert_null(fd_table_get(&t, 3));
        assert_int_equal(fd_table_dup(&t, 5000, -5, false), -ERANGE);
        fd_table_free(&t);
}

static void test_copy(void **state)
{
        struct fd_table a, b;

        (void)state;
        fd_table_init(&a);
        fd_table_init(&b);
        assert_int_equal(set(&a, 0, "/dev/pts/0", false), 0);
        assert_int_equal(set(&a, 3, "/lib/libc.so.6", true), 0);
        assert_int_equal(set(&a, 9, "/closed", false), 0);
        fd_table_close(&a, 9);
        assert_int_equal(set(&b, 5, "/child-own", false), 0);

        assert_int_equal(fd_table_copy(&b, &a), 0);
        assert_string_equal(fd_table_get(&b, 0), "/dev/pts/0");
        assert_string_equal(fd_table_get(&b, 3), "/lib/libc.so.6");
        assert_true(b.slots[3].cloexec);
        assert_false(b.slots[0].cloexec);
        assert_null(fd_table_get(&b, 9));
        assert_string_equal(fd_table_get(&b, 5), "/child-own");

        /* deep copy: the source can go */
        fd_table_free(&a);
        assert_string_equal(fd_table_get(&b, 3), "/lib/libc.so.6");
        fd_table_free(&b);
}

static void test_exec(void **state)
{
        struct fd_table t;

        (void)state;
        fd_table_init(&t);
        assert_int_equal(set(&t, 0, "/dev/null", false), 0);
        assert_int_equal(set(&t, 3, "/keep", false), 0);
        assert_int_equal(set(&t, 4, "/drop", true), 0);
        assert_int_equal(set(&t, 300, "/drop-too", true), 0);
        fd_table_exec(&t);
        assert_string_equal(fd_table_get(&t, 0), "/dev/null");
        assert_string_equal(fd_table_get(&t, 3), "/keep");
        assert_null(fd_table_get(&t, 4));
        assert_null(fd_table_get(&t, 300));
        /* the fd number can be reused afterwards */
        assert_int_equal(set(&t, 4, "/new", false), 0);
        fd_table_exec(&t);
        assert_string_equal(fd_table_get(&t, 4), "/new");
        fd_table_free(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_empty), cmocka_unit_test(test_set_get_close),
            cmocka_unit_test(test_range), cmocka_unit_test(test_growth_keeps_entries),
            cmocka_unit_test(test_dup),   cmocka_unit_test(test_copy),
            cmocka_unit_test(test_exec),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
