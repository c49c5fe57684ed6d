// SPDX-License-Identifier: MIT
/*
 * clone3 in the decoder (decode-clone.c) against strace 6.1: the expected
 * strings are the lines strace 6.1 prints for the same calls in its own
 * test (clone3.c): flags of both tables, set_tid arrays, sizes past the
 * structure with zero, non-zero and unreadable bytes, and what the kernel
 * wrote through pidfd and parent_tid.
 */
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "record-builder.h"

static struct clone_args ca;

static void test_flags(void **state)
{
        (void)state;
        memset(&ca, 0, sizeof(ca));
        ca.flags = 0xface3eec0040005eULL | CLONE_VFORK | CLONE_NEWTIME | CLONE_CLEAR_SIGHAND |
                   CLONE_INTO_CGROUP | CLONE_CHILD_CLEARTID;
        ca.exit_signal = 508936414;
        EV(SYS_clone3, -EINVAL, P1, 64);
        seg_buf(0, &ca, 64);
        assert_string_equal(decode(), "clone3({flags=CLONE_VFORK|CLONE_CHILD_CLEARTID|"
                                      "CLONE_NEWTIME|CLONE_CLEAR_SIGHAND|CLONE_INTO_CGROUP|"
                                      "0xface3eec0040005e, child_tid=NULL, exit_signal=508936414, "
                                      "stack=NULL, stack_size=0}, 64) = -1 EINVAL (Invalid "
                                      "argument)");
        memset(&ca, 0, sizeof(ca));
        ca.flags = 0xdec0deac0040007fULL;
        ca.exit_signal = 250;
        ca.stack = 0xface1e55beeff00dULL;
        ca.stack_size = 0xcaffeedefacedca7ULL;
        EV(SYS_clone3, -EINVAL, P1, 64);
        seg_buf(0, &ca, 64);
        assert_string_equal(decode(), "clone3({flags=0xdec0deac0040007f /* CLONE_??? */, "
                                      "exit_signal=250, stack=0xface1e55beeff00d, "
                                      "stack_size=0xcaffeedefacedca7}, 64) = -1 EINVAL (Invalid "
                                      "argument)");
        /* smaller than the first published structure: the address */
        EV(SYS_clone3, -EINVAL, P1, 63);
        seg_buf(0, &ca, 63);
        assert_string_equal(decode(), "clone3(0x7ffd1000, 63) = -1 EINVAL (Invalid argument)");
        /* a capture shorter than the size says */
        EV(SYS_clone3, -EINVAL, P1, 80);
        seg_buf(0, &ca, 64);
        assert_string_equal(decode(), "clone3(0x7ffd1000, 80) = -1 EINVAL (Invalid argument)");
        EV(SYS_clone3, -EFAULT, P1, 88);
        seg_fault(0);
        assert_string_equal(decode(), "clone3(0x7ffd1000, 88) = -1 EFAULT (Bad address)");
}

static void test_set_tid_and_tail(void **state)
{
        const int32_t tids[3] = {-1, 0, 42};
        const uint8_t tail[8] = {0xde, 0xc0, 0xad, 0xde, 0xed, 0xfe, 0xce, 0xfa};

        (void)state;
        memset(&ca, 0, sizeof(ca));
        ca.set_tid = P2;
        ca.set_tid_size = 3;
        EV(SYS_clone3, -EINVAL, P1, 88);
        seg_buf(0, &ca, sizeof(ca));
        seg_buf(2, tids, sizeof(tids));
        assert_string_equal(decode(), "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0, "
                                      "set_tid=[-1, 0, 42], set_tid_size=3}, 88) = -1 EINVAL "
                                      "(Invalid argument)");
        /* two of three readable */
        EV(SYS_clone3, -EINVAL, P1, 88);
        seg_buf(0, &ca, sizeof(ca));
        seg_buf(2, tids, 8);
        assert_string_equal(decode(), "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0, "
                                      "set_tid=[-1, 0, ... /* 0x7ffd2008 */], set_tid_size=3}, 88) "
                                      "= -1 EINVAL (Invalid argument)");
        ca.set_tid_size = 33;
        EV(SYS_clone3, -EINVAL, P1, 88);
        seg_buf(0, &ca, sizeof(ca));
        assert_string_equal(decode(), "clone3({flags=0, exit_signal=0, stack=NULL, stack_size=0, "
                                      "set_tid=0x7ffd2000, set_tid_size=33}, 88) = -1 EINVAL "
                                      "(Invalid argument)");

        memset(&ca, 0, sizeof(ca));
        ca.exit_signal = 0xdeadc0defacefeedULL;
        EV(SYS_clone3, -E2BIG, P1, 96);
        seg_buf(0, &ca, sizeof(ca));
        seg_buf(1, tail, sizeof(tail));
        assert_string_equal(decode(), "clone3({flags=0, exit_signal=16045693111314087661, "
                                      "stack=NULL, stack_size=0, /* bytes 88..95 */ "
                                      "\"\\xde\\xc0\\xad\\xde\\xed\\xfe\\xce\\xfa\"}, 96) = -1 "
                                      "E2BIG (Argument list too long)");
        /* zero bytes past the structure are not shown; unreadable ones are */
        EV(SYS_clone3, -EFAULT, P1, 96);
        seg_buf(0, &ca, sizeof(ca));
        seg_buf(1, (uint8_t[8]){0}, 8);
        assert_string_equal(decode(), "clone3({flags=0, exit_signal=16045693111314087661, "
                                      "stack=NULL, stack_size=0}, 96) = -1 EFAULT (Bad address)");
        EV(SYS_clone3, -EFAULT, P1, 104);
        seg_buf(0, &ca, sizeof(ca));
        seg_fault(1);
        assert_string_equal(decode(), "clone3({flags=0, exit_signal=16045693111314087661, "
                                      "stack=NULL, stack_size=0, ???}, 104) = -1 EFAULT (Bad "
                                      "address)");
}

static void test_after_success(void **state)
{
        (void)state;
        memset(&ca, 0, sizeof(ca));
        ca.flags = CLONE_PARENT_SETTID | CLONE_CLEAR_SIGHAND;
        EV(SYS_clone3, 1234, P1, 88);
        seg_buf(0, &ca, sizeof(ca));
        assert_string_equal(decode(), "clone3({flags=CLONE_PARENT_SETTID|CLONE_CLEAR_SIGHAND, "
                                      "parent_tid=NULL, exit_signal=0, stack=NULL, stack_size=0} "
                                      "=> {parent_tid=NULL}, 88) = 1234");
        ca.flags = CLONE_PARENT_SETTID | CLONE_PIDFD | CLONE_INTO_CGROUP;
        ca.parent_tid = P2;
        ca.pidfd = P3;
        ca.exit_signal = SIGCHLD;
        ca.cgroup = 7;
        EV(SYS_clone3, 1234, P1, 88);
        seg_buf(0, &ca, sizeof(ca));
        seg_buf(3, &(int32_t){3}, 4);
        seg_buf(4, &(int32_t){1234}, 4);
        assert_string_equal(decode(), "clone3({flags=CLONE_PIDFD|CLONE_PARENT_SETTID|"
                                      "CLONE_INTO_CGROUP, pidfd=0x7ffd3000, parent_tid=0x7ffd2000, "
                                      "exit_signal=SIGCHLD, stack=NULL, stack_size=0, cgroup=7} => "
                                      "{pidfd=[3], parent_tid=[1234]}, 88) = 1234");
        /* a failed call: nothing after the structure */
        EV(SYS_clone3, -EPERM, P1, 88);
        seg_buf(0, &ca, sizeof(ca));
        assert_string_equal(decode(), "clone3({flags=CLONE_PIDFD|CLONE_PARENT_SETTID|"
                                      "CLONE_INTO_CGROUP, pidfd=0x7ffd3000, parent_tid=0x7ffd2000, "
                                      "exit_signal=SIGCHLD, stack=NULL, stack_size=0, cgroup=7}, "
                                      "88) = -1 EPERM (Operation not permitted)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_flags),
            cmocka_unit_test(test_set_tid_and_tail),
            cmocka_unit_test(test_after_success),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
