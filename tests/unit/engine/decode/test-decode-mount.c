// SPDX-License-Identifier: MIT
/*
 * mount, fsconfig and mount_setattr in the decoder (decode-mount.c)
 * against strace 6.1: the expected strings are the lines strace 6.1 prints
 * for the same calls in its own tests (mount.c, fsconfig.c,
 * mount_setattr.c): mount's flags with and without the old magic, its
 * type and data as strings or addresses by what the flags make the kernel
 * read; fsconfig's every
 * command with its key, string, path, blob and fd arguments, struct
 * mount_attr of every size, unknown values, NULL and unreadable pointers.
 */
#include <errno.h>
#include <linux/mount.h>
#include <sys/mount.h>
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

static void test_mount(void **state)
{
        (void)state;
        EV(SYS_mount, -EFAULT, 0, 0, 0, 0, 0);
        assert_string_equal(decode(), "mount(NULL, NULL, NULL, 0, NULL) = -1 EFAULT (Bad address)");
        /* unreadable strings, an unknown flag, an unknown one with a known one */
        EV(SYS_mount, -EFAULT, P1, P1, P1, 0x200, P1);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        seg(2, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        seg(4, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(),
                            "mount(0x7ffd1000, 0x7ffd1000, 0x7ffd1000, 0x200 /* MS_??? */, "
                            "0x7ffd1000) = -1 EFAULT (Bad address)");
        EV(SYS_mount, -EFAULT, P1, P1, P1, 0x4000200, P1);
        assert_string_equal(decode(),
                            "mount(0x7ffd1000, 0x7ffd1000, 0x7ffd1000, MS_SUBMOUNT|0x200, "
                            "0x7ffd1000) = -1 EFAULT (Bad address)");
        EV(SYS_mount, -ENOENT, P1, P2, P3, MS_RELATIME | 15, P1 + 64);
        seg_str(0, "mount_source");
        seg_str(1, "mount_target");
        seg_str(2, "mount_fstype");
        seg_str(4, "mount_data");
        assert_string_equal(decode(), "mount(\"mount_source\", \"mount_target\", \"mount_fstype\", "
                                      "MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC|MS_RELATIME, "
                                      "\"mount_data\") = -1 ENOENT (No such file or directory)");
        /* the old magic alone, with flags, the top bit */
        EV(SYS_mount, -ENOENT, P1, P2, P3, MS_MGC_VAL, P1 + 64);
        seg_str(0, "s");
        seg_str(1, "t");
        seg_str(2, "ext4");
        seg_str(4, "ro");
        assert_string_equal(decode(), "mount(\"s\", \"t\", \"ext4\", MS_MGC_VAL, \"ro\") = -1 "
                                      "ENOENT (No such file or directory)");
        EV(SYS_mount, -ENOENT, P1, P2, P3, MS_MGC_VAL | 15, P1 + 64);
        seg_str(0, "s");
        seg_str(1, "t");
        seg_str(2, "ext4");
        seg_str(4, "ro");
        assert_string_equal(decode(),
                            "mount(\"s\", \"t\", \"ext4\", MS_MGC_VAL|MS_RDONLY|MS_NOSUID|"
                            "MS_NODEV|MS_NOEXEC, \"ro\") = -1 ENOENT (No such file or "
                            "directory)");
        EV(SYS_mount, -EINVAL, 0, P2, 0, 0x80000000ULL, 0);
        seg_str(1, "t");
        assert_string_equal(
            decode(), "mount(NULL, \"t\", NULL, MS_NOUSER, NULL) = -1 EINVAL (Invalid argument)");
        EV(SYS_mount, -EINVAL, 0, P2, 0, 0x180000000ULL, 0);
        seg_str(1, "t");
        assert_string_equal(decode(), "mount(NULL, \"t\", NULL, MS_NOUSER|0x100000000, NULL) = -1 "
                                      "EINVAL (Invalid argument)");
        /* a remount ignores the type, a bind both the type and the data */
        EV(SYS_mount, -ENOENT, P1, P2, P3, MS_REMOUNT, P1 + 64);
        seg_str(0, "s");
        seg_str(1, "t");
        seg_str(2, "ext4");
        seg_str(4, "ro");
        assert_string_equal(decode(), "mount(\"s\", \"t\", 0x7ffd3000, MS_REMOUNT, \"ro\") = -1 "
                                      "ENOENT (No such file or directory)");
        EV(SYS_mount, 0, P1, P2, P3, MS_BIND | MS_REC, P1 + 64);
        seg_str(0, "/a");
        seg_str(1, "/b");
        seg_str(2, "ext4");
        seg_str(4, "ro");
        assert_string_equal(decode(),
                            "mount(\"/a\", \"/b\", 0x7ffd3000, MS_BIND|MS_REC, 0x7ffd1040) = 0");
        EV(SYS_mount, 0, 0, P2, 0, MS_PRIVATE | MS_REC, 0);
        seg_str(1, "/");
        assert_string_equal(decode(), "mount(NULL, \"/\", NULL, MS_REC|MS_PRIVATE, NULL) = 0");
        /* the data string is cut at -s, the paths are not */
        EV(SYS_mount, -ENOENT, P1, P2, P3, 0, P1 + 64);
        seg_str(0, "/a/long/source/path");
        seg_str(1, "/t");
        seg_str(2, "tmpfs");
        seg_str(4, "size=1m,mode=0755");
        assert_string_equal(decode_s(4), "mount(\"/a/long/source/path\", \"/t\", \"tmpf\"..., 0, "
                                         "\"size\"...) = -1 ENOENT (No such file or directory)");
}

static void test_umount2(void **state)
{
        (void)state;
        EV(SYS_umount2, -EINVAL, P1, MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW | 0x10);
        seg_str(0, "/t");
        assert_string_equal(decode(), "umount2(\"/t\", MNT_FORCE|MNT_DETACH|MNT_EXPIRE|"
                                      "UMOUNT_NOFOLLOW|0x10) = -1 EINVAL (Invalid argument)");
        EV(SYS_umount2, -EFAULT, P1, 0x20);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(),
                            "umount2(0x7ffd1000, 0x20 /* MNT_??? */) = -1 EFAULT (Bad address)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_mount),
            cmocka_unit_test(test_umount2),
            cmocka_unit_test(test_fsconfig),
            cmocka_unit_test(test_mount_setattr),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
