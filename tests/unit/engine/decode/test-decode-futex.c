// SPDX-License-Identifier: MIT
/*
 * futex_waitv in the decoder (decode-futex.c) against strace 6.1: the
 * expected strings are the lines strace 6.1 prints for the same calls in
 * its own test (futex_waitv.c).
 */
#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#include "record-builder.h"

static void test_futex_waitv(void **state)
{
        struct futex_waitv w[2] = {
            {.val = UINT64_MAX, .uaddr = 0, .flags = 0xffffffff, .__reserved = 0xffffffff},
            {.val = 1, .uaddr = 0x7ffff7fbcffcULL, .flags = FUTEX_32},
        };
        const int64_t ts[2] = {1, 2};

        (void)state;
        EV(SYS_futex_waitv, -EINVAL, 0, 1, 0xffffffff, 0, CLOCK_MONOTONIC);
        assert_string_equal(decode(),
                            "futex_waitv(NULL, 1, 0xffffffff, NULL, CLOCK_MONOTONIC) = -1 "
                            "EINVAL (Invalid argument)");
        EV(SYS_futex_waitv, -EINVAL, P1, 0, 1, P2, 0xffffffff);
        assert_string_equal(decode(), "futex_waitv([], 0, 0x1, 0x7ffd2000, 0xffffffff /* "
                                      "CLOCK_??? */) = -1 EINVAL (Invalid argument)");
        EV(SYS_futex_waitv, -EFAULT, P1, 1, 0, P2, CLOCK_REALTIME);
        seg_fault(0);
        seg_buf(3, ts, sizeof(ts));
        assert_string_equal(decode(), "futex_waitv(0x7ffd1000, 1, 0, {tv_sec=1, tv_nsec=2}, "
                                      "CLOCK_REALTIME) = -1 EFAULT (Bad address)");
        EV(SYS_futex_waitv, -EINVAL, P1, 1, 0, 0, CLOCK_MONOTONIC);
        seg_buf(0, w, sizeof(w[0]));
        assert_string_equal(decode(), "futex_waitv([{val=0xffffffffffffffff, uaddr=NULL, flags="
                                      "FUTEX_32|FUTEX_PRIVATE_FLAG|0xffffff7d, __reserved="
                                      "0xffffffff}], 1, 0, NULL, CLOCK_MONOTONIC) = -1 EINVAL "
                                      "(Invalid argument)");
        /* the second element could not be read */
        EV(SYS_futex_waitv, -EFAULT, P1, 2, 0, 0, CLOCK_MONOTONIC);
        seg_buf(0, &w[1], sizeof(w[1]));
        assert_string_equal(decode(), "futex_waitv([{val=0x1, uaddr=0x7ffff7fbcffc, flags="
                                      "FUTEX_32}, ... /* 0x7ffd1018 */], 2, 0, NULL, "
                                      "CLOCK_MONOTONIC) = -1 EFAULT (Bad address)");
        /* more elements than -s: an ellipsis */
        EV(SYS_futex_waitv, -EINVAL, P1, 3, 0, 0, CLOCK_MONOTONIC);
        seg_buf(0, w, sizeof(w));
        assert_string_equal(decode_s(1), "futex_waitv([{val=0xffffffffffffffff, uaddr=NULL, "
                                         "flags=FUTEX_32|FUTEX_PRIVATE_FLAG|0xffffff7d, "
                                         "__reserved=0xffffffff}, ...], 3, 0, NULL, "
                                         "CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_futex_waitv),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
