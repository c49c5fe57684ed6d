// SPDX-License-Identifier: MIT
/*
 * fsconfig in the decoder (decode-mount.c) against strace 6.1: the
 * expected strings are the lines strace 6.1 prints for the same calls in
 * its own test (fsconfig.c): every command with its key, string, path,
 * blob and fd arguments, unknown commands, NULL and unreadable pointers.
 */
#include <errno.h>
#include <linux/mount.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "record-builder.h"

static void test_fsconfig(void **state)
{
        (void)state;
        EV(SYS_fsconfig, -EINVAL, 3, 8, P1, P2, -100);
        assert_string_equal(decode(), "fsconfig(3, 0x8 /* FSCONFIG_??? */, 0x7ffd1000, 0x7ffd2000, "
                                      "-100) = -1 EINVAL (Invalid argument)");
        EV(SYS_fsconfig, -EINVAL, 3, FSCONFIG_SET_FLAG, P1, P2, -100);
        seg_str(2, "ro");
        assert_string_equal(decode(),
                            "fsconfig(3, FSCONFIG_SET_FLAG, \"ro\", 0x7ffd2000, -100) = -1 "
                            "EINVAL (Invalid argument)");
        EV(SYS_fsconfig, -EINVAL, 3, FSCONFIG_SET_STRING, P1, P2, -100);
        seg_str(2, "source");
        seg_str(3, "/dev/full");
        assert_string_equal(decode(), "fsconfig(3, FSCONFIG_SET_STRING, \"source\", \"/dev/full\", "
                                      "-100) = -1 EINVAL (Invalid argument)");
        EV(SYS_fsconfig, -EINVAL, -100, FSCONFIG_SET_BINARY, P1, P2, 3);
        seg_str(2, "k");
        seg_buf(3, "012", 3);
        assert_string_equal(decode(),
                            "fsconfig(-100, FSCONFIG_SET_BINARY, \"k\", \"\\x30\\x31\\x32\", "
                            "3) = -1 EINVAL (Invalid argument)");
        /* a blob strace does not read: negative or over 1 MiB */
        EV(SYS_fsconfig, -EINVAL, 3, FSCONFIG_SET_BINARY, P1, P2, 1048577);
        seg_str(2, "k");
        seg_buf(3, "012", 3);
        assert_string_equal(decode(),
                            "fsconfig(3, FSCONFIG_SET_BINARY, \"k\", 0x7ffd2000, 1048577) "
                            "= -1 EINVAL (Invalid argument)");
        EV(SYS_fsconfig, -EINVAL, -1, FSCONFIG_SET_PATH, 0, P2, -100);
        seg_str(3, "/dev/full");
        assert_string_equal(decode(), "fsconfig(-1, FSCONFIG_SET_PATH, NULL, \"/dev/full\", "
                                      "AT_FDCWD) = -1 EINVAL (Invalid argument)");
        EV(SYS_fsconfig, -EINVAL, -1, FSCONFIG_SET_PATH_EMPTY, P1, P2, 3);
        seg(2, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        seg(3, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "fsconfig(-1, FSCONFIG_SET_PATH_EMPTY, 0x7ffd1000, "
                                      "0x7ffd2000, 3) = -1 EINVAL (Invalid argument)");
        EV(SYS_fsconfig, -EBADF, 3, FSCONFIG_SET_FD, P1, P2, 0xffffffff);
        seg_str(2, "fd");
        assert_string_equal(decode(), "fsconfig(3, FSCONFIG_SET_FD, \"fd\", 0x7ffd2000, -1) = -1 "
                                      "EBADF (Bad file descriptor)");
        EV(SYS_fsconfig, 0, 3, FSCONFIG_CMD_CREATE, 0, 0, 0);
        assert_string_equal(decode(), "fsconfig(3, FSCONFIG_CMD_CREATE, NULL, NULL, 0) = 0");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_fsconfig),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
