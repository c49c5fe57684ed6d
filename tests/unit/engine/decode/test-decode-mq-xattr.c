// SPDX-License-Identifier: MIT
/*
 * Message queues (decode-mq.c), extended attributes (decode-xattr.c) and
 * process_madvise (decode-madvise.c) in the decoder against strace 6.1:
 * the expected strings are the lines strace 6.1 prints for the same calls
 * in its own tests (mq.c, mq_sendrecv.c, xattr.c, xattr-strings.c,
 * process_madvise.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/mqueue.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "record-builder.h"

static void test_mq_open_getsetattr(void **state)
{
        const struct mq_attr bogus = {.mq_flags = (long)0xc2c1c0bfbebdbcbbULL,
                                      .mq_maxmsg = 2,
                                      .mq_msgsize = 64,
                                      .mq_curmsgs = -2676870081961143085LL};
        const struct mq_attr got = {.mq_flags = O_NONBLOCK, .mq_maxmsg = 10, .mq_msgsize = 8192};

        (void)state;
        EV(SYS_mq_open, -EFAULT, 0, 0x8765432100000000ULL, 0xfacefeed, 0);
        assert_string_equal(decode(), "mq_open(NULL, O_RDONLY) = -1 EFAULT (Bad address)");
        EV(SYS_mq_open, -EFAULT, P1, 0xdefaced100000000ULL | O_CREAT | 3, 0xfacefeed, 0);
        seg_fault(0);
        assert_string_equal(decode(), "mq_open(0x7ffd1000, O_ACCMODE|O_CREAT, 0177355, NULL) = -1 "
                                      "EFAULT (Bad address)");
        EV(SYS_mq_open, -EFAULT, P1, O_CREAT | 3, 0xfacefeed, P2);
        seg_fault(0);
        seg_fault(3);
        assert_string_equal(decode(), "mq_open(0x7ffd1000, O_ACCMODE|O_CREAT, 0177355, 0x7ffd2000) "
                                      "= -1 EFAULT (Bad address)");
        EV(SYS_mq_open, 3, P1, O_RDWR | O_CREAT | O_NONBLOCK, 0700, P2);
        seg_str(0, "strace-mq.sample");
        seg_buf(3, &bogus, sizeof(bogus));
        assert_string_equal(decode(), "mq_open(\"strace-mq.sample\", O_RDWR|O_CREAT|O_NONBLOCK, "
                                      "0700, {mq_flags=0xc2c1c0bfbebdbcbb, mq_maxmsg=2, "
                                      "mq_msgsize=64, mq_curmsgs=-2676870081961143085}) = 3");
        /* an attr shorter than the structure is its address */
        EV(SYS_mq_open, 3, P1, O_CREAT, 0700, P2);
        seg_str(0, "q");
        seg_buf(3, &bogus, sizeof(bogus) - 1);
        assert_string_equal(decode(), "mq_open(\"q\", O_RDONLY|O_CREAT, 0700, 0x7ffd2000) = 3");

        EV(SYS_mq_getsetattr, 0, 0, 0, P2);
        seg_buf(2, &got, sizeof(got));
        assert_string_equal(decode(), "mq_getsetattr(0, NULL, {mq_flags=O_NONBLOCK, mq_maxmsg=10, "
                                      "mq_msgsize=8192, mq_curmsgs=0}) = 0");
        EV(SYS_mq_getsetattr, -EBADF, -1, P1, P2);
        seg_buf(1, &bogus, sizeof(bogus));
        seg_buf(2, &got, sizeof(got));
        assert_string_equal(decode(), "mq_getsetattr(-1, {mq_flags=O_NONBLOCK|0xc2c1c0bfbebdb4bb, "
                                      "mq_maxmsg=2, mq_msgsize=64, "
                                      "mq_curmsgs=-2676870081961143085}, 0x7ffd2000) = -1 EBADF "
                                      "(Bad file descriptor)");
}

static void test_mq_send_receive_notify(void **state)
{
        const int64_t ts[2] = {-2400987260445003763LL, (int64_t)18072662600741420781ULL};
        const uint8_t msg[8] = {0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87};
        const uint32_t prio = 42;
        struct {
                uint64_t value;
                int32_t signo, notify;
                uint64_t function, attribute;
        } sev = {0xdeadbeefbadc0dedULL, SIGALRM, SIGEV_THREAD, 0xdeadbeefbadc0dedULL,
                 0xcafef00dfacefeedULL};

        (void)state;
        EV(SYS_mq_timedsend, -EINVAL, 0xdeadbeef5eadbeefULL, P1, 8, 0xdefaced3defaced3ULL, P2);
        seg_buf(1, msg, sizeof(msg));
        seg_buf(4, ts, sizeof(ts));
        assert_string_equal(decode(),
                            "mq_timedsend(1588444911, \"\\200\\201\\202\\203\\204\\205\\206"
                            "\\207\", 8, 3740978899, {tv_sec=-2400987260445003763, "
                            "tv_nsec=18072662600741420781}) = -1 EINVAL (Invalid "
                            "argument)");
        EV(SYS_mq_timedsend, -EFAULT, 3, P1, 64, 0, P2);
        seg_fault(1);
        seg_fault(4);
        assert_string_equal(
            decode(), "mq_timedsend(3, 0x7ffd1000, 64, 0, 0x7ffd2000) = -1 EFAULT (Bad address)");
        EV(SYS_mq_timedsend, -EINVAL, 0, 0, 0, 0, 0);
        assert_string_equal(decode(),
                            "mq_timedsend(0, NULL, 0, 0, NULL) = -1 EINVAL (Invalid argument)");

        EV(SYS_mq_timedreceive, 8, 3, P1, 64, P2, P3);
        seg_buf(1, msg, sizeof(msg));
        seg_buf(3, &prio, sizeof(prio));
        seg_buf(4, ts, sizeof(ts));
        assert_string_equal(decode(),
                            "mq_timedreceive(3, \"\\200\\201\\202\\203\\204\\205\\206\\207\", "
                            "64, [42], {tv_sec=-2400987260445003763, "
                            "tv_nsec=18072662600741420781}) = 8");
        /* what a failed call would have written is not shown; its timeout is */
        EV(SYS_mq_timedreceive, -ETIMEDOUT, 3, P1, 64, P2, P3);
        seg_buf(1, msg, sizeof(msg));
        seg_buf(3, &prio, sizeof(prio));
        seg_buf(4, ts, sizeof(ts));
        assert_string_equal(decode(), "mq_timedreceive(3, 0x7ffd1000, 64, 0x7ffd2000, "
                                      "{tv_sec=-2400987260445003763, "
                                      "tv_nsec=18072662600741420781}) = -1 ETIMEDOUT (Connection "
                                      "timed out)");

        EV(SYS_mq_notify, -EBADF, 0, 0);
        assert_string_equal(decode(), "mq_notify(0, NULL) = -1 EBADF (Bad file descriptor)");
        EV(SYS_mq_notify, -EFAULT, 0xdeadbeef, P1);
        seg_buf(1, &sev, sizeof(sev));
        assert_string_equal(decode(), "mq_notify(-559038737, {sigev_value={sival_int=-1159983635, "
                                      "sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=SIGALRM, "
                                      "sigev_notify=SIGEV_THREAD, "
                                      "sigev_notify_function=0xdeadbeefbadc0ded, "
                                      "sigev_notify_attributes=0xcafef00dfacefeed}) = -1 EFAULT "
                                      "(Bad address)");
        EV(SYS_mq_notify, -EFAULT, 0xdeadbeef, P1);
        seg_buf(1, &sev, sizeof(sev) - 1);
        assert_string_equal(decode(),
                            "mq_notify(-559038737, 0x7ffd1000) = -1 EFAULT (Bad address)");
}

static void test_xattr(void **state)
{
        (void)state;
        EV(SYS_setxattr, -EOPNOTSUPP, P1, P2, P3, 8, 1);
        seg_str(0, ".");
        seg_str(1, "strace.test");
        seg_buf(2, "foo\0bar", 8);
        assert_string_equal(decode(), "setxattr(\".\", \"strace.test\", \"foo\\0bar\", 8, "
                                      "XATTR_CREATE) = -1 EOPNOTSUPP (Operation not supported)");
        EV(SYS_lsetxattr, -EOPNOTSUPP, P1, P2, P3, 7, 3);
        seg_str(0, ".");
        seg_str(1, "strace.test");
        seg_buf(2, "foo\0bar", 7);
        assert_string_equal(decode(), "lsetxattr(\".\", \"strace.test\", \"foo\\0bar\", 7, "
                                      "XATTR_CREATE|XATTR_REPLACE) = -1 EOPNOTSUPP (Operation not "
                                      "supported)");
        EV(SYS_fsetxattr, -EFAULT, -1, 0, 0, 0, 1);
        assert_string_equal(decode(), "fsetxattr(-1, NULL, NULL, 0, XATTR_CREATE) = -1 EFAULT (Bad "
                                      "address)");
        EV(SYS_fsetxattr, -EFAULT, -1, 0, P3, 0, 1);
        seg_buf(2, "", 0);
        assert_string_equal(decode(), "fsetxattr(-1, NULL, \"\", 0, XATTR_CREATE) = -1 EFAULT (Bad "
                                      "address)");
        EV(SYS_fsetxattr, -E2BIG, -1, P2, P3, 65537, 4);
        seg_str(1, "strace.test");
        seg_buf(2, "xxxx", 4);
        assert_string_equal(decode(), "fsetxattr(-1, \"strace.test\", 0x7ffd3000, 65537, 0x4 /* "
                                      "XATTR_??? */) = -1 E2BIG (Argument list too long)");
        EV(SYS_fsetxattr, -EFAULT, -1, P2, P3, 8, 1);
        seg_str(1, "strace.test");
        seg_fault(2);
        assert_string_equal(decode(), "fsetxattr(-1, \"strace.test\", 0x7ffd3000, 8, XATTR_CREATE) "
                                      "= -1 EFAULT (Bad address)");
        /* -s 4: the name and the value cut; a NUL last of the shown bytes
         * ends the value without "..." */
        EV(SYS_fsetxattr, -EBADF, -1, P2, P3, 7, 2);
        seg_str(1, "strace.test");
        seg_buf(2, "foobar", 7);
        assert_string_equal(decode_s(4),
                            "fsetxattr(-1, \"stra\"..., \"foob\"..., 7, XATTR_REPLACE) "
                            "= -1 EBADF (Bad file descriptor)");
        EV(SYS_fsetxattr, -EBADF, -1, P2, P3, 7, 2);
        seg_str(1, "s");
        seg_buf(2, "foo\0bar", 7);
        assert_string_equal(decode_s(4),
                            "fsetxattr(-1, \"s\", \"foo\", 7, XATTR_REPLACE) = -1 EBADF "
                            "(Bad file descriptor)");

        EV(SYS_getxattr, 3, P1, P2, P3, 16);
        seg_str(0, "/f");
        seg_str(1, "user.a");
        seg_buf(2, "ab\0", 3);
        assert_string_equal(decode(), "getxattr(\"/f\", \"user.a\", \"ab\", 16) = 3");
        EV(SYS_lgetxattr, -EOPNOTSUPP, P1, P2, P3, 65536);
        seg_str(0, ".");
        seg_str(1, "strace.test");
        assert_string_equal(decode(), "lgetxattr(\".\", \"strace.test\", 0x7ffd3000, 65536) = -1 "
                                      "EOPNOTSUPP (Operation not supported)");
        EV(SYS_fgetxattr, 12, 3, P2, 0, 0);
        seg_str(1, "user.a");
        assert_string_equal(decode(), "fgetxattr(3, \"user.a\", NULL, 0) = 12");

        EV(SYS_listxattr, 0, P1, P2, 65537);
        seg_str(0, ".");
        seg_buf(1, "", 0);
        assert_string_equal(decode(), "listxattr(\".\", \"\", 65537) = 0");
        EV(SYS_llistxattr, 15, P1, P2, 0);
        seg_str(0, "/f");
        assert_string_equal(decode(), "llistxattr(\"/f\", 0x7ffd2000, 0) = 15");
        EV(SYS_flistxattr, 15, 3, P2, 64);
        seg_buf(1, "user.a\0user.bc\0", 15);
        assert_string_equal(decode(), "flistxattr(3, \"user.a\\0user.bc\\0\", 64) = 15");
        EV(SYS_flistxattr, -EBADF, -1, P2, 4);
        assert_string_equal(decode(),
                            "flistxattr(-1, 0x7ffd2000, 4) = -1 EBADF (Bad file descriptor)");

        EV(SYS_removexattr, -EOPNOTSUPP, P1, P2);
        seg_str(0, ".");
        seg_str(1, "strace.test");
        assert_string_equal(decode(), "removexattr(\".\", \"strace.test\") = -1 EOPNOTSUPP "
                                      "(Operation not supported)");
        EV(SYS_fremovexattr, -EBADF, -1, P2);
        seg_fault(1);
        assert_string_equal(decode(),
                            "fremovexattr(-1, 0x7ffd2000) = -1 EBADF (Bad file descriptor)");
}

/* Decode R as with -x (1) or -xx (2): the renderer hexes the strings
 * later; the decoder keeps what strace's hex form shows. */
static const char *decode_hex(unsigned hex)
{
        struct decode_opts o = {.hex = hex};
        int rc = decode_event(&R.u.ev, R.u.ev.hdr.size, &o, &D);

        assert_int_equal(rc, 0);
        rc = decode_format(&D, line, sizeof(line));
        assert_true(rc > 0);
        return line;
}

/* strace prints a value in hex whole: its trailing NUL too */
static void test_xattr_hex(void **state)
{
        (void)state;
        EV(SYS_fsetxattr, 0, 3, P2, P3, 6, 0);
        seg_str(1, "user.a");
        seg_buf(2, "value\0", 6);
        assert_string_equal(decode_hex(1), "fsetxattr(3, \"user.a\", \"value\\0\", 6, 0) = 0");
        assert_string_equal(decode_hex(2), "fsetxattr(3, \"user.a\", \"value\\0\", 6, 0) = 0");
        assert_string_equal(decode_hex(0), "fsetxattr(3, \"user.a\", \"value\", 6, 0) = 0");
        /* printable without the NUL, -x: plain, the NUL dropped */
        EV(SYS_fsetxattr, 0, 3, P2, P3, 5, 0);
        seg_str(1, "user.a");
        seg_buf(2, "value", 5);
        assert_string_equal(decode_hex(1), "fsetxattr(3, \"user.a\", \"value\", 5, 0) = 0");
}

static void test_process_madvise(void **state)
{
        const struct iovec iov[2] = {
            {(void *)0x8786858483828180ULL, 10344361028892658056ULL},
            {(void *)0x9796959493929190ULL, 11501803794301884824ULL},
        };

        (void)state;
        EV(SYS_process_madvise, -EINVAL, 0xdefaced00000000ULL, P1, 2, 0xdefaced00000000ULL,
           0xdefacedffffffffULL);
        seg_buf(1, iov, sizeof(iov));
        assert_string_equal(decode(), "process_madvise(0, [{iov_base=0x8786858483828180, "
                                      "iov_len=10344361028892658056}, {iov_base="
                                      "0x9796959493929190, iov_len=11501803794301884824}], 2, "
                                      "MADV_NORMAL, 0xffffffff) = -1 EINVAL (Invalid argument)");
        EV(SYS_process_madvise, -EINVAL, -1, 0, 0xdeadbeefdeadbeefULL, MADV_COLD, 0);
        assert_string_equal(decode(), "process_madvise(-1, NULL, 16045690984833335023, MADV_COLD, "
                                      "0) = -1 EINVAL (Invalid argument)");
        EV(SYS_process_madvise, -EINVAL, 0, P1, 0, MADV_PAGEOUT, 0xcafef00d);
        seg_buf(1, "", 0);
        assert_string_equal(decode(), "process_madvise(0, [], 0, MADV_PAGEOUT, 0xcafef00d) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_process_madvise, -EINVAL, -1, P1, 2, 0xdeadc0de, 0);
        seg_buf(1, &iov[1], sizeof(iov[1]));
        assert_string_equal(decode(), "process_madvise(-1, [{iov_base=0x9796959493929190, "
                                      "iov_len=11501803794301884824}, ... /* 0x7ffd1010 */], 2, "
                                      "0xdeadc0de /* MADV_??? */, 0) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_process_madvise, -EFAULT, 3, P1, 2, MADV_COLD, 0);
        seg_fault(1);
        assert_string_equal(decode(), "process_madvise(3, 0x7ffd1000, 2, MADV_COLD, 0) = -1 EFAULT "
                                      "(Bad address)");
        EV(SYS_process_madvise, 4096, 3, P1, 2, MADV_COLD, 0);
        seg_buf(1, iov, sizeof(iov));
        assert_string_equal(decode_s(1), "process_madvise(3, [{iov_base=0x8786858483828180, "
                                         "iov_len=10344361028892658056}, ...], 2, MADV_COLD, 0) = "
                                         "4096");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_mq_open_getsetattr),
            cmocka_unit_test(test_mq_send_receive_notify),
            cmocka_unit_test(test_xattr),
            cmocka_unit_test(test_xattr_hex),
            cmocka_unit_test(test_process_madvise),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
