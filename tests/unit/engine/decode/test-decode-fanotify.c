// SPDX-License-Identifier: MIT
/*
 * fanotify_init and fanotify_mark against strace 6.1's notation: each
 * expected string is the line strace 6.1 prints for the same call in its
 * own tests/fanotify_init.c and tests/fanotify_mark.c.
 */
#include <errno.h>
#include <sys/syscall.h>

#include "record-builder.h"

static void test_fanotify_init(void **state)
{
        (void)state;
        EV(SYS_fanotify_init, 3, 0, 0);
        assert_string_equal(decode(), "fanotify_init(FAN_CLASS_NOTIF, O_RDONLY) = 3");
        EV(SYS_fanotify_init, -EINVAL, 0xffffffff0000000cULL, 0xffffffff80000001ULL);
        assert_string_equal(decode(), "fanotify_init(0xc /* FAN_CLASS_??? */, O_WRONLY|0x80000000) "
                                      "= -1 EINVAL (Invalid argument)");
        EV(SYS_fanotify_init, -EINVAL, 0xeface004, 0);
        assert_string_equal(decode(), "fanotify_init(FAN_CLASS_CONTENT|0xeface000 /* FAN_??? */, "
                                      "O_RDONLY) = -1 EINVAL (Invalid argument)");
        EV(SYS_fanotify_init, -EINVAL, 0xffffffff, 0x80000001);
        assert_string_equal(
            decode(),
            "fanotify_init(0xc /* FAN_CLASS_??? */|FAN_CLOEXEC|FAN_NONBLOCK|FAN_UNLIMITED_QUEUE|"
            "FAN_UNLIMITED_MARKS|FAN_ENABLE_AUDIT|FAN_REPORT_PIDFD|FAN_REPORT_TID|FAN_REPORT_FID|"
            "FAN_REPORT_DIR_FID|FAN_REPORT_NAME|FAN_REPORT_TARGET_FID|0xffffe000, "
            "O_WRONLY|0x80000000) = -1 EINVAL (Invalid argument)");
}

static void test_fanotify_mark(void **state)
{
        (void)state;
        /* FAN_NOFD, an unknown mask, the path's address (never read: a
         * faulted segment) */
        EV(SYS_fanotify_mark, -EINVAL, 305419896, 0, 0xffffffffa7f02000ULL, 0xffffffff, P1);
        seg(4, RENACER_SEG_STR, RENACER_SEGF_FAULT, &(uint64_t){P1}, 8);
        assert_string_equal(decode(),
                            "fanotify_mark(305419896, 0, 0xffffffffa7f02000 /* FAN_??? */, "
                            "FAN_NOFD, 0x7ffd1000) = -1 EINVAL (Invalid argument)");
        EV(SYS_fanotify_mark, -EINVAL, 0xffffffff, 0xdeadbeefeface800ULL, 0, 0xffffff9c, P1);
        seg_str(4, "0123456789abcdef");
        assert_string_equal(decode(),
                            "fanotify_mark(-1, 0xeface800 /* FAN_MARK_??? */, 0, AT_FDCWD, "
                            "\"0123456789abcdef\") = -1 EINVAL (Invalid argument)");
        EV(SYS_fanotify_mark, -EINVAL, 0, 0xffffffff, 0xdeadfeedffffffffULL, 1, 0);
        assert_string_equal(
            decode(),
            "fanotify_mark(0, FAN_MARK_ADD|FAN_MARK_REMOVE|FAN_MARK_DONT_FOLLOW|FAN_MARK_ONLYDIR|"
            "FAN_MARK_MOUNT|FAN_MARK_IGNORED_MASK|FAN_MARK_IGNORED_SURV_MODIFY|FAN_MARK_FLUSH|"
            "FAN_MARK_FILESYSTEM|FAN_MARK_EVICTABLE|FAN_MARK_IGNORE|0xfffff800, "
            "FAN_ACCESS|FAN_MODIFY|FAN_ATTRIB|FAN_CLOSE_WRITE|FAN_CLOSE_NOWRITE|FAN_OPEN|"
            "FAN_MOVED_FROM|FAN_MOVED_TO|FAN_CREATE|FAN_DELETE|FAN_DELETE_SELF|FAN_MOVE_SELF|"
            "FAN_OPEN_EXEC|FAN_Q_OVERFLOW|FAN_FS_ERROR|FAN_OPEN_PERM|FAN_ACCESS_PERM|"
            "FAN_OPEN_EXEC_PERM|FAN_DIR_MODIFY|FAN_ONDIR|FAN_EVENT_ON_CHILD|FAN_RENAME|"
            "0xdeadfeeda7f02000, 1, NULL) = -1 EINVAL (Invalid argument)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_fanotify_init),
            cmocka_unit_test(test_fanotify_mark),
        };

        return cmocka_run_group_tests_name("decode-fanotify", tests, NULL, NULL);
}
