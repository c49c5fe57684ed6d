// SPDX-License-Identifier: MIT
/*
 * The native AIO calls in the decoder (decode-aio.c), inotify_add_watch's
 * mask and memfd_secret's flags (their signatures) against strace 6.1: the
 * expected strings are the lines strace 6.1 prints for the same calls in
 * its own tests (tests/aio.c, aio_pgetevents.c, inotify.c,
 * memfd_secret.c): context ids, iocb headers, events, timeouts and
 * signal masks; NULL, unreadable, failed and bogus values.
 */
#include <errno.h>
#include <linux/aio_abi.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "record-builder.h"

static void test_io_setup_cancel(void **state)
{
        const uint64_t ctx = 0x7ffff7fbf000ULL;
        struct iocb cb = {.aio_data = 0xdeadbeefbadc0dedULL,
                          .aio_lio_opcode = IOCB_CMD_PREAD,
                          .aio_reqprio = 99,
                          .aio_fildes = (uint32_t)-42};
        const struct io_event ev = {0xfeedface11111111ULL, P2, 4096, 0};

        (void)state;
        EV(SYS_io_setup, 0, 2, P1);
        seg_buf(1, &ctx, sizeof(ctx));
        assert_string_equal(decode(), "io_setup(2, [0x7ffff7fbf000]) = 0");
        EV(SYS_io_setup, -EFAULT, 0xffffffff, P1);
        assert_string_equal(decode(), "io_setup(4294967295, 0x7ffd1000) = -1 EFAULT (Bad address)");
        EV(SYS_io_cancel, -EINVAL, ctx, P1, P2);
        seg_buf(1, &cb, sizeof(cb));
        assert_string_equal(decode(),
                            "io_cancel(0x7ffff7fbf000, {aio_data=0xdeadbeefbadc0ded, "
                            "aio_lio_opcode=IOCB_CMD_PREAD, aio_reqprio=99, "
                            "aio_fildes=-42}, 0x7ffd2000) = -1 EINVAL (Invalid argument)");
        /* a key, RWF flags, an unknown opcode in decimal, a priority */
        cb.aio_key = 3740978896u;
        cb.aio_rw_flags = 0x2;
        cb.aio_lio_opcode = 61453;
        cb.aio_flags = IOCB_FLAG_IOPRIO;
        cb.aio_reqprio = (5 << 13) | 7919;
        EV(SYS_io_cancel, 0, ctx, P1, P2);
        seg_buf(1, &cb, sizeof(cb));
        seg_buf(2, &ev, sizeof(ev));
        assert_string_equal(decode(), "io_cancel(0x7ffff7fbf000, {aio_data=0xdeadbeefbadc0ded, "
                                      "aio_key=3740978896, aio_rw_flags=RWF_DSYNC, "
                                      "aio_lio_opcode=61453 /* IOCB_CMD_??? */, "
                                      "aio_reqprio=IOPRIO_PRIO_VALUE(0x5 /* IOPRIO_CLASS_??? */, "
                                      "7919), aio_fildes=-42}, {data=0xfeedface11111111, "
                                      "obj=0x7ffd2000, res=4096, res2=0}) = 0");
        EV(SYS_io_cancel, -EFAULT, ctx, P1, 0);
        seg_fault(1);
        assert_string_equal(decode(), "io_cancel(0x7ffff7fbf000, 0x7ffd1000, NULL) = -1 EFAULT "
                                      "(Bad address)");
}

static void test_io_getevents(void **state)
{
        const struct io_event ev[2] = {{0xfeedface11111111ULL, 0x7ffff7dc4f80ULL, 4096, 0},
                                       {0xfeedface22222222ULL, 0x7ffff7dc4fc0ULL, 8192, -1}};
        const int64_t ts[2] = {0, 123456789}, bogus[2] = {3735928559LL, 4207869677LL};
        const uint64_t pack[2] = {P3, 8}, full = ~0ULL, sys = 1ULL << 30;

        (void)state;
        EV(SYS_io_getevents, 2, 0x7ffff7fbf000ULL, 2, 3, P1, P2);
        seg_buf(3, ev, sizeof(ev));
        seg_buf(4, ts, sizeof(ts));
        assert_string_equal(decode(),
                            "io_getevents(0x7ffff7fbf000, 2, 3, [{data=0xfeedface11111111, "
                            "obj=0x7ffff7dc4f80, res=4096, res2=0}, {data=0xfeedface22222222, "
                            "obj=0x7ffff7dc4fc0, res=8192, res2=-1}], {tv_sec=0, "
                            "tv_nsec=123456789}) = 2");
        /* a failed call: the timeout it read, the events' address */
        EV(SYS_io_getevents, -EINVAL, 0xface1e55deadbeefULL, 0, 0, 0, P2);
        seg_buf(4, bogus, sizeof(bogus));
        assert_string_equal(decode(), "io_getevents(0xface1e55deadbeef, 0, 0, NULL, "
                                      "{tv_sec=3735928559, tv_nsec=4207869677}) = -1 EINVAL "
                                      "(Invalid argument)");
        EV(SYS_io_getevents, -EINVAL, 0xface1e55deadbeefULL, -1, -2, P1, P2);
        seg_fault(4);
        assert_string_equal(decode(), "io_getevents(0xface1e55deadbeef, -1, -2, 0x7ffd1000, "
                                      "0x7ffd2000) = -1 EINVAL (Invalid argument)");
        EV(SYS_io_getevents, 0, 0x7ffff7fbf000ULL, 0, 1, P1, 0);
        assert_string_equal(decode(), "io_getevents(0x7ffff7fbf000, 0, 1, [], NULL) = 0");
        /* io_pgetevents: the signal mask pair and its set */
        EV(SYS_io_pgetevents, -EINVAL, 0xface1e55deadbeefULL, 0, 0, 0, P2, P1);
        seg_buf(4, bogus, sizeof(bogus));
        seg(5, RENACER_SEG_BUF, 0, pack, sizeof(pack));
        seg(5, RENACER_SEG_BUF, 0, &full, sizeof(full));
        assert_string_equal(decode(), "io_pgetevents(0xface1e55deadbeef, 0, 0, NULL, "
                                      "{tv_sec=3735928559, tv_nsec=4207869677}, {sigmask=~[], "
                                      "sigsetsize=8}) = -1 EINVAL (Invalid argument)");
        EV(SYS_io_pgetevents, -EINVAL, 0xface1e55deadbeefULL, 0, 0, 0, 0, P1);
        seg(5, RENACER_SEG_BUF, 0, pack, sizeof(pack));
        seg(5, RENACER_SEG_BUF, 0, &sys, sizeof(sys));
        assert_string_equal(decode(), "io_pgetevents(0xface1e55deadbeef, 0, 0, NULL, NULL, "
                                      "{sigmask=[SYS], sigsetsize=8}) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_io_pgetevents, -EINVAL, 1, 0, 0, 0, 0, P1);
        seg(5, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "io_pgetevents(0x1, 0, 0, NULL, NULL, 0x7ffd1000) = -1 "
                                      "EINVAL (Invalid argument)");
}

static void test_inotify_memfd_secret(void **state)
{
        (void)state;
        EV(SYS_inotify_add_watch, -EINVAL, -1330, P1, 0xffffdead);
        seg_str(1, "/abc\1/def");
        assert_string_equal(decode(),
                            "inotify_add_watch(-1330, \"/abc\\1/def\", IN_ACCESS|IN_ATTRIB|"
                            "IN_CLOSE_WRITE|IN_OPEN|IN_MOVED_TO|IN_DELETE|IN_DELETE_SELF|"
                            "IN_MOVE_SELF|IN_Q_OVERFLOW|IN_IGNORED|IN_ONLYDIR|IN_DONT_FOLLOW|"
                            "IN_EXCL_UNLINK|IN_MASK_CREATE|IN_MASK_ADD|IN_ISDIR|IN_ONESHOT|"
                            "0x8ff1000) = -1 EINVAL (Invalid argument)");
        EV(SYS_inotify_add_watch, -EBADF, 9, 0, 0);
        assert_string_equal(decode(),
                            "inotify_add_watch(9, NULL, 0) = -1 EBADF (Bad file descriptor)");
        /* no known flag: the number alone (strace's empty default) */
        EV(SYS_memfd_secret, -EINVAL, 0xde97face);
        assert_string_equal(decode(), "memfd_secret(0xde97face) = -1 EINVAL (Invalid argument)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_io_setup_cancel),
            cmocka_unit_test(test_io_getevents),
            cmocka_unit_test(test_inotify_memfd_secret),
        };

        return cmocka_run_group_tests_name("decode-aio", tests, NULL, NULL);
}
