// SPDX-License-Identifier: MIT
/*
 * fsconfig and mount_setattr in the decoder (decode-mount.c) against
 * strace 6.1: the expected strings are the lines strace 6.1 prints for
 * the same calls in its own tests (fsconfig.c, mount_setattr.c): every
 * command with its key, string, path, blob and fd arguments, struct
 * mount_attr of every size, unknown values, NULL and unreadable pointers.
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

static void test_mount_setattr(void **state)
{
        const uint64_t attr[4] = {0xffffffff00000000ULL, 0, 1 << 17, 9};
        const uint64_t idmap[4] = {0x100000 | 2, 4, 1 << 19, 9};
        const uint8_t tail[8] = {0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87};

        (void)state;
        EV(SYS_mount_setattr, -EINVAL, -1, P1, 0, P2, 32);
        seg_str(1, "/dev/full");
        seg_buf(3, attr, sizeof(attr));
        assert_string_equal(decode(), "mount_setattr(-1, \"/dev/full\", 0, {attr_set="
                                      "0xffffffff00000000 /* MOUNT_ATTR_??? */, attr_clr=0, "
                                      "propagation=MS_UNBINDABLE, userns_fd=9}, 32) = -1 EINVAL "
                                      "(Invalid argument)");
        EV(SYS_mount_setattr, -EBADF, 9, P1, 0x1000, P2, 40);
        seg_str(1, "");
        seg_buf(3, idmap, sizeof(idmap));
        seg_buf(5, tail, sizeof(tail));
        assert_string_equal(decode(), "mount_setattr(9, \"\", AT_EMPTY_PATH, {attr_set="
                                      "MOUNT_ATTR_NOSUID|MOUNT_ATTR_IDMAP, attr_clr="
                                      "MOUNT_ATTR_NODEV, propagation=MS_SLAVE, userns_fd=9, /* "
                                      "bytes 32..39 */ \"\\x80\\x81\\x82\\x83\\x84\\x85\\x86"
                                      "\\x87\"}, 40) = -1 EBADF (Bad file descriptor)");
        EV(SYS_mount_setattr, -EFAULT, -1, P1, 0xffffffff, P2, 40);
        seg_str(1, "/");
        seg_buf(3, attr, sizeof(attr));
        seg_fault(5);
        assert_string_equal(decode(), "mount_setattr(-1, \"/\", AT_SYMLINK_NOFOLLOW|"
                                      "AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE|0xffff66ff, "
                                      "{attr_set=0xffffffff00000000 /* MOUNT_ATTR_??? */, "
                                      "attr_clr=0, propagation=MS_UNBINDABLE, userns_fd=9, ???}, "
                                      "40) = -1 EFAULT (Bad address)");
        /* too small, or a capture shorter than the size */
        EV(SYS_mount_setattr, -EINVAL, -1, 0, 0x100, P2, 31);
        assert_string_equal(decode(),
                            "mount_setattr(-1, NULL, AT_SYMLINK_NOFOLLOW, 0x7ffd2000, 31) "
                            "= -1 EINVAL (Invalid argument)");
        EV(SYS_mount_setattr, -EFAULT, -1, 0, 0, P2, 32);
        seg_buf(3, attr, 20);
        assert_string_equal(decode(),
                            "mount_setattr(-1, NULL, 0, 0x7ffd2000, 32) = -1 EFAULT (Bad address)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_fsconfig),
            cmocka_unit_test(test_mount_setattr),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
