// SPDX-License-Identifier: MIT
/*
 * fcntl's locks and owners, file handles, openat2's bytes past struct
 * open_how and kexec_load's segments in the decoder (decode-file.c,
 * decode-sys.c, decode-kexec.c) against strace 6.1: the expected strings
 * are the lines strace 6.1 prints for the same calls in its own tests
 * (tests/fcntl-common.c, file_handle.c, openat2.c, kexec_load.c), with
 * valid, failed, NULL, unreadable and partly readable arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "record-builder.h"

struct k_flock {
        int16_t l_type, l_whence;
        int64_t l_start, l_len;
        int32_t l_pid;
};

static void test_fcntl_flock(void **state)
{
        struct k_flock l = {F_RDLCK, SEEK_SET, -2379362051860529427LL, -2379362048367726579LL, 0};

        (void)state;
        EV(SYS_fcntl, -EINVAL, 0, F_SETLK, P1);
        seg_buf(2, &l, sizeof(l));
        assert_string_equal(decode(), "fcntl(0, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, "
                                      "l_start=-2379362051860529427, l_len=-2379362048367726579}) "
                                      "= -1 EINVAL (Invalid argument)");
        l.l_type = F_UNLCK;
        l.l_start = 0;
        l.l_len = 4096;
        EV(SYS_fcntl, 0, 0, F_OFD_GETLK, P1);
        seg_buf(2, &l, sizeof(l));
        assert_string_equal(decode(), "fcntl(0, F_OFD_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, "
                                      "l_start=0, l_len=4096, l_pid=0}) = 0");
        EV(SYS_fcntl, 0, 0, F_SETLKW, P1);
        seg_buf(2, &l, sizeof(l));
        assert_string_equal(decode(), "fcntl(0, F_SETLKW, {l_type=F_UNLCK, l_whence=SEEK_SET, "
                                      "l_start=0, l_len=4096}) = 0");
        /* unknown values; a F_GETLK that failed prints the address */
        l.l_type = 0x10;
        l.l_whence = 7;
        EV(SYS_fcntl, -EINVAL, 0, F_OFD_SETLK, P1);
        seg_buf(2, &l, sizeof(l));
        assert_string_equal(decode(), "fcntl(0, F_OFD_SETLK, {l_type=0x10 /* F_??? */, "
                                      "l_whence=0x7 /* SEEK_??? */, l_start=0, l_len=4096}) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_fcntl, -EBADF, 9, F_GETLK, P1);
        assert_string_equal(decode(), "fcntl(9, F_GETLK, 0x7ffd1000) = -1 EBADF (Bad file "
                                      "descriptor)");
        EV(SYS_fcntl, -EFAULT, 0, F_SETLK, 0);
        assert_string_equal(decode(), "fcntl(0, F_SETLK, NULL) = -1 EFAULT (Bad address)");
        EV(SYS_fcntl, -EFAULT, 0, F_SETLK, P1);
        seg_fault(2);
        assert_string_equal(decode(), "fcntl(0, F_SETLK, 0x7ffd1000) = -1 EFAULT (Bad address)");
}

static void test_fcntl_owner(void **state)
{
        struct f_owner_ex o = {F_OWNER_TID, 1234567890};

        (void)state;
        EV(SYS_fcntl, -ESRCH, 0, F_SETOWN_EX, P1);
        seg_buf(2, &o, sizeof(o));
        assert_string_equal(decode(), "fcntl(0, F_SETOWN_EX, {type=F_OWNER_TID, pid=1234567890}) "
                                      "= -1 ESRCH (No such process)");
        o.type = F_OWNER_PGRP;
        o.pid = 18088;
        EV(SYS_fcntl, 0, 0, F_GETOWN_EX, P1);
        seg_buf(2, &o, sizeof(o));
        assert_string_equal(decode(), "fcntl(0, F_GETOWN_EX, {type=F_OWNER_PGRP, pid=18088}) = 0");
        o.type = 5;
        EV(SYS_fcntl, -EINVAL, 0, F_SETOWN_EX, P1);
        seg_buf(2, &o, sizeof(o));
        assert_string_equal(decode(), "fcntl(0, F_SETOWN_EX, {type=0x5 /* F_OWNER_??? */, "
                                      "pid=18088}) = -1 EINVAL (Invalid argument)");
        EV(SYS_fcntl, -EBADF, 5, F_GETOWN_EX, P1);
        assert_string_equal(decode(), "fcntl(5, F_GETOWN_EX, 0x7ffd1000) = -1 EBADF (Bad file "
                                      "descriptor)");
}

static void test_file_handle(void **state)
{
        const uint32_t zero[2] = {0, 0}, given[2] = {128, 0};
        const uint8_t h[16] = {8, 0, 0, 0, 1, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4};
        const int32_t mnt = 42;

        (void)state;
        EV(SYS_name_to_handle_at, -EOVERFLOW, -100, P1, P2, P3, 0x401);
        seg_str(1, ".");
        seg(2, RENACER_SEG_BUF, 0, zero, sizeof(zero));
        seg_buf(2, h, 8);
        assert_string_equal(decode(),
                            "name_to_handle_at(AT_FDCWD, \".\", {handle_bytes=0 => 8}, "
                            "0x7ffd3000, AT_SYMLINK_FOLLOW|0x1) = -1 EOVERFLOW (Value too "
                            "large for defined data type)");
        EV(SYS_name_to_handle_at, 0, -100, P1, P2, P3, AT_EMPTY_PATH);
        seg_str(1, "");
        seg(2, RENACER_SEG_BUF, 0, given, sizeof(given));
        seg_buf(2, h, sizeof(h));
        seg_buf(3, &mnt, sizeof(mnt));
        assert_string_equal(decode(),
                            "name_to_handle_at(AT_FDCWD, \"\", {handle_bytes=128 => 8, "
                            "handle_type=1, f_handle=\"\\xde\\xad\\xbe\\xef\\x01\\x02\\x03"
                            "\\x04\"}, [42], AT_EMPTY_PATH) = 0");
        /* a handle that cannot be read at entry: nothing is read at exit */
        EV(SYS_name_to_handle_at, -EFAULT, 3, P1, P2, P3, 0);
        seg_str(1, "x");
        seg(2, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "name_to_handle_at(3, \"x\", 0x7ffd2000, 0x7ffd3000, 0) = -1 "
                                      "EFAULT (Bad address)");
        /* another error: handle_bytes as given */
        EV(SYS_name_to_handle_at, -ENOENT, -100, P1, P2, P3, 0);
        seg_str(1, "missing");
        seg(2, RENACER_SEG_BUF, 0, given, sizeof(given));
        seg_buf(2, h, 8);
        assert_string_equal(decode(), "name_to_handle_at(AT_FDCWD, \"missing\", {handle_bytes=128}"
                                      ", 0x7ffd3000, 0) = -1 ENOENT (No such file or directory)");
        /* open_by_handle_at: the handle given, its bytes cut by the end
         * of readable memory */
        EV(SYS_open_by_handle_at, -EBADF, -1, P1, O_RDONLY);
        seg_buf(1, h, sizeof(h));
        assert_string_equal(decode(), "open_by_handle_at(-1, {handle_bytes=8, handle_type=1, "
                                      "f_handle=\"\\xde\\xad\\xbe\\xef\\x01\\x02\\x03\\x04\"}, "
                                      "O_RDONLY) = -1 EBADF (Bad file descriptor)");
        EV(SYS_open_by_handle_at, -EFAULT, 3, P1, O_RDWR | O_CLOEXEC);
        seg_buf(1, h, 12);
        assert_string_equal(decode(), "open_by_handle_at(3, {handle_bytes=8, handle_type=1, "
                                      "f_handle=???}, O_RDWR|O_CLOEXEC) = -1 EFAULT (Bad address)");
        EV(SYS_open_by_handle_at, -EFAULT, 3, P1, O_RDONLY);
        seg_fault(1);
        assert_string_equal(decode(),
                            "open_by_handle_at(3, 0x7ffd1000, O_RDONLY) = -1 EFAULT (Bad address)");
}

static void test_openat2_tail(void **state)
{
        const struct open_how how = {.flags = O_RDONLY | O_EXCL};
        const uint8_t tail[8] = {0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87}, zeros[8] = {0};

        (void)state;
        EV(SYS_openat2, -E2BIG, -1, P1, P2, 32);
        seg_str(1, "openat2.sample");
        seg_buf(2, &how, sizeof(how));
        seg_buf(4, tail, sizeof(tail));
        assert_string_equal(decode(),
                            "openat2(-1, \"openat2.sample\", {flags=O_RDONLY|O_EXCL, "
                            "resolve=0, /* bytes 24..31 */ \"\\x80\\x81\\x82\\x83\\x84\\x85"
                            "\\x86\\x87\"}, 32) = -1 E2BIG (Argument list too long)");
        EV(SYS_openat2, -EFAULT, -1, P1, P2, 32);
        seg_str(1, "openat2.sample");
        seg_buf(2, &how, sizeof(how));
        seg_fault(4);
        assert_string_equal(decode(), "openat2(-1, \"openat2.sample\", {flags=O_RDONLY|O_EXCL, "
                                      "resolve=0, ???}, 32) = -1 EFAULT (Bad address)");
        /* zero bytes past it print nothing */
        EV(SYS_openat2, 3, -100, P1, P2, 32);
        seg_str(1, "x");
        seg_buf(2, &how, sizeof(how));
        seg_buf(4, zeros, sizeof(zeros));
        assert_string_equal(decode(), "openat2(AT_FDCWD, \"x\", {flags=O_RDONLY|O_EXCL, "
                                      "resolve=0}, 32) = 3");
}

static void test_kexec_load(void **state)
{
        struct kexec_segment s[12];

        (void)state;
        for (unsigned k = 0; k < 12; k++) {
                s[k].buf = (void *)(uintptr_t)(0x1000 * (k + 1));
                s[k].bufsz = k;
                s[k].mem = k ? (void *)(uintptr_t)(0xa000 + k) : NULL;
                s[k].memsz = 100 + k;
        }
        EV(SYS_kexec_load, -ENOSYS, 0, 0, 0, 0xbadc0dedda7a1054ULL);
        assert_string_equal(decode(), "kexec_load(NULL, 0, NULL, 0xda7a0000 /* KEXEC_ARCH_??? */|"
                                      "0xbadc0ded00001054 /* KEXEC_??? */) = -1 ENOSYS (Function "
                                      "not implemented)");
        /* more than KEXEC_SEGMENT_MAX: the address */
        EV(SYS_kexec_load, -ENOSYS, 0xdeadca57badda7a1ULL, 17, P1, 0x2a0003);
        assert_string_equal(decode(), "kexec_load(0xdeadca57badda7a1, 17, 0x7ffd1000, "
                                      "KEXEC_ARCH_SH|KEXEC_ON_CRASH|KEXEC_PRESERVE_CONTEXT) = -1 "
                                      "ENOSYS (Function not implemented)");
        EV(SYS_kexec_load, -ENOSYS, 0, 2, P1, KEXEC_ARCH_X86_64);
        seg_buf(2, s, 2 * sizeof(s[0]));
        assert_string_equal(decode(), "kexec_load(NULL, 2, [{buf=0x1000, bufsz=0, mem=NULL, "
                                      "memsz=100}, {buf=0x2000, bufsz=1, mem=0xa001, memsz=101}], "
                                      "KEXEC_ARCH_X86_64) = -1 ENOSYS (Function not implemented)");
        /* the array runs into an unreadable page after 1 element */
        EV(SYS_kexec_load, -ENOSYS, 0, 12, P1, 0);
        seg_buf(2, s, sizeof(s[0]));
        assert_string_equal(decode(), "kexec_load(NULL, 12, [{buf=0x1000, bufsz=0, mem=NULL, "
                                      "memsz=100}, ... /* 0x7ffd1020 */], KEXEC_ARCH_DEFAULT) = -1 "
                                      "ENOSYS (Function not implemented)");
        EV(SYS_kexec_load, -ENOSYS, 0, 3, P1, 0);
        seg_fault(2);
        assert_string_equal(decode(), "kexec_load(NULL, 3, 0x7ffd1000, KEXEC_ARCH_DEFAULT) = -1 "
                                      "ENOSYS (Function not implemented)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_fcntl_flock), cmocka_unit_test(test_fcntl_owner),
            cmocka_unit_test(test_file_handle), cmocka_unit_test(test_openat2_tail),
            cmocka_unit_test(test_kexec_load),
        };

        return cmocka_run_group_tests_name("decode-file", tests, NULL, NULL);
}
