// SPDX-License-Identifier: MIT
/*
 * The NUMA policy calls in the decoder (decode-numa.c) against strace 6.1:
 * the expected strings are the lines strace 6.1 prints for the same calls
 * in its own tests (set_mempolicy.c, get_mempolicy.c, mbind.c,
 * migrate_pages.c, move_pages.c).
 */
#include <errno.h>
#include <linux/mempolicy.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "record-builder.h"

static void test_set_mempolicy(void **state)
{
        const unsigned long mask[4] = {0, 1, 0xfacefeed, 0};

        (void)state;
        EV(SYS_set_mempolicy, 0, 0xdefaced00000000ULL, 0, 0);
        assert_string_equal(decode(), "set_mempolicy(MPOL_DEFAULT, NULL, 0) = 0");
        EV(SYS_set_mempolicy, -EINVAL, 0xffffffff, 0xfacefeedfffffffeULL, 0xcafef00ddeadbeefULL);
        assert_string_equal(decode(), "set_mempolicy(MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES|"
                                      "MPOL_F_NUMA_BALANCING|0xffff1fff, 0xfacefeedfffffffe, "
                                      "14627392582107119343) = -1 EINVAL (Invalid argument)");
        EV(SYS_set_mempolicy, -EINVAL, 0x6, 0, 0);
        assert_string_equal(
            decode(), "set_mempolicy(0x6 /* MPOL_??? */, NULL, 0) = -1 EINVAL (Invalid argument)");
        /* an empty mask, one too small to hold a node, a whole one */
        EV(SYS_set_mempolicy, -EINVAL, 0, P1, 0);
        assert_string_equal(decode(),
                            "set_mempolicy(MPOL_DEFAULT, [], 0) = -1 EINVAL (Invalid argument)");
        EV(SYS_set_mempolicy, 0, 0, P1, 1);
        assert_string_equal(decode(), "set_mempolicy(MPOL_DEFAULT, 0x7ffd1000, 1) = 0");
        EV(SYS_set_mempolicy, 0, 0, P1, 65);
        seg_buf(1, mask, sizeof(mask[0]));
        assert_string_equal(decode(), "set_mempolicy(MPOL_DEFAULT, [0000000000000000], 65) = 0");
        EV(SYS_set_mempolicy, -EINVAL, 0x8002, P1, 194);
        seg_buf(1, mask, sizeof(mask));
        assert_string_equal(decode(), "set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES, "
                                      "[0000000000000000, 0x00000000000001, 0x000000facefeed, "
                                      "0000000000000000], 194) = -1 EINVAL (Invalid argument)");
        /* more words than -s: an ellipsis; fewer readable than wanted: where
         * reading stopped */
        EV(SYS_set_mempolicy, -EINVAL, 0, P1, 194);
        seg_buf(1, mask, sizeof(mask));
        assert_string_equal(decode_s(3), "set_mempolicy(MPOL_DEFAULT, [0000000000000000, "
                                         "0x00000000000001, 0x000000facefeed, ...], 194) = -1 "
                                         "EINVAL (Invalid argument)");
        EV(SYS_set_mempolicy, -EFAULT, 0, P1, 130);
        seg_buf(1, mask, sizeof(mask[0]));
        assert_string_equal(decode(), "set_mempolicy(MPOL_DEFAULT, [0000000000000000, ... /* "
                                      "0x7ffd1008 */], 130) = -1 EFAULT (Bad address)");
        EV(SYS_set_mempolicy, -EFAULT, 0, P1, 64);
        seg_fault(1);
        assert_string_equal(
            decode(), "set_mempolicy(MPOL_DEFAULT, 0x7ffd1000, 64) = -1 EFAULT (Bad address)");
        /* a mask whose size overflows: its address */
        EV(SYS_set_mempolicy, -EINVAL, 0, P1, UINT64_MAX);
        assert_string_equal(decode(), "set_mempolicy(MPOL_DEFAULT, 0x7ffd1000, "
                                      "18446744073709551615) = -1 EINVAL (Invalid argument)");
        /* a short segment (a lying record) is where reading stopped */
        EV(SYS_set_mempolicy, -EFAULT, 0, P1, 65);
        seg_buf(1, mask, 3);
        assert_string_equal(
            decode(), "set_mempolicy(MPOL_DEFAULT, 0x7ffd1000, 65) = -1 EFAULT (Bad address)");
}

static void test_get_mempolicy(void **state)
{
        const int32_t mode = MPOL_BIND, bad = -1;
        const unsigned long mask[2] = {1, 0};

        (void)state;
        EV(SYS_get_mempolicy, 0, 0, 0, 0, 0, 0);
        assert_string_equal(decode(), "get_mempolicy(NULL, NULL, 0, NULL, 0) = 0");
        EV(SYS_get_mempolicy, -EINVAL, 0xdefaced1baddeed2ULL, 0xfacedad3bebefed4ULL,
           0xcafef00dbadc0dedULL, 0xfacefeeddeadbeefULL, 0xffffffff);
        assert_string_equal(decode(), "get_mempolicy(0xdefaced1baddeed2, 0xfacedad3bebefed4, "
                                      "14627392581506174445, 0xfacefeeddeadbeef, "
                                      "MPOL_F_NODE|MPOL_F_ADDR|MPOL_F_MEMS_ALLOWED|0xfffffff8) = "
                                      "-1 EINVAL (Invalid argument)");
        EV(SYS_get_mempolicy, 0, P1, P2, 66, P3, MPOL_F_ADDR);
        seg_buf(0, &mode, sizeof(mode));
        seg_buf(1, mask, sizeof(mask));
        assert_string_equal(decode(), "get_mempolicy([MPOL_BIND], [0x00000000000001, "
                                      "0000000000000000], 66, 0x7ffd3000, MPOL_F_ADDR) = 0");
        EV(SYS_get_mempolicy, 0, P1, 0, 0, 0, 0);
        seg_buf(0, &bad, sizeof(bad));
        assert_string_equal(decode(),
                            "get_mempolicy([0xffffffff /* MPOL_??? */], NULL, 0, NULL, 0) = 0");
        /* what a failed call left is not shown */
        EV(SYS_get_mempolicy, -EINVAL, P1, P2, 66, 0, 0);
        seg_buf(0, &mode, sizeof(mode));
        seg_buf(1, mask, sizeof(mask));
        assert_string_equal(decode(), "get_mempolicy(0x7ffd1000, 0x7ffd2000, 66, NULL, 0) = -1 "
                                      "EINVAL (Invalid argument)");
        /* a mode the record does not hold */
        EV(SYS_get_mempolicy, 0, P1, 0, 0, 0, 0);
        assert_string_equal(decode(), "get_mempolicy(0x7ffd1000, NULL, 0, NULL, 0) = 0");
}

static void test_mbind_migrate_pages(void **state)
{
        const unsigned long mask[2] = {3, 2};

        (void)state;
        EV(SYS_mbind, -EINVAL, P1, 4096, MPOL_INTERLEAVE | MPOL_F_RELATIVE_NODES, P2, 128,
           MPOL_MF_STRICT | MPOL_MF_MOVE);
        seg_buf(3, mask, sizeof(mask));
        assert_string_equal(decode(),
                            "mbind(0x7ffd1000, 4096, MPOL_INTERLEAVE|MPOL_F_RELATIVE_NODES, "
                            "[0x00000000000003, 0x00000000000002], 128, "
                            "MPOL_MF_STRICT|MPOL_MF_MOVE) = -1 EINVAL (Invalid argument)");
        EV(SYS_mbind, -EFAULT, P1, 4096, MPOL_BIND, P2, 64, 0x10);
        seg_fault(3);
        assert_string_equal(decode(), "mbind(0x7ffd1000, 4096, MPOL_BIND, 0x7ffd2000, 64, 0x10 "
                                      "/* MPOL_??? */) = -1 EFAULT (Bad address)");
        EV(SYS_migrate_pages, -ESRCH, 0xfacefeed7fffffffULL, 65, P1, P2);
        seg_buf(2, mask, sizeof(mask[0]));
        seg_buf(3, &mask[1], sizeof(mask[1]));
        assert_string_equal(decode(), "migrate_pages(2147483647, 65, [0x00000000000003], "
                                      "[0x00000000000002]) = -1 ESRCH (No such process)");
        EV(SYS_migrate_pages, -EINVAL, 0, 0, 0, P2);
        assert_string_equal(decode(),
                            "migrate_pages(0, 0, NULL, []) = -1 EINVAL (Invalid argument)");
}

static void test_move_pages(void **state)
{
        const uint64_t pages[3] = {0x7ffff7fbd000ULL, 0, 0x7ffff7fbc000ULL};
        const int32_t nodes[3] = {(int32_t)0xdeadbee1, 0, 1};
        const int32_t status[3] = {0, -EFAULT, -ENOENT};

        (void)state;
        EV(SYS_move_pages, 0, 0xfacefeed00000001ULL, 0, P1, 0, P3, 0xfacefeed00000002ULL);
        assert_string_equal(decode(), "move_pages(1, 0, [], NULL, [], MPOL_MF_MOVE) = 0");
        EV(SYS_move_pages, 0, 1, 3, P1, 0, P3, MPOL_MF_MOVE);
        seg_buf(2, pages, sizeof(pages));
        seg_buf(4, status, sizeof(status));
        assert_string_equal(decode(), "move_pages(1, 3, [0x7ffff7fbd000, NULL, 0x7ffff7fbc000], "
                                      "NULL, [0, -EFAULT, -ENOENT], MPOL_MF_MOVE) = 0");
        /* pages it did not move: a success, with its status */
        EV(SYS_move_pages, 1, 1, 3, P1, P2, P3, MPOL_MF_MOVE);
        seg_buf(2, pages, sizeof(pages));
        seg_buf(3, nodes, sizeof(nodes));
        seg_buf(4, status, sizeof(status));
        assert_string_equal(decode(),
                            "move_pages(1, 3, [0x7ffff7fbd000, NULL, 0x7ffff7fbc000], "
                            "[-559038751, 0, 1], [0, -EFAULT, -ENOENT], MPOL_MF_MOVE) = 1");
        /* the status of a failed call is its address; arrays cut short */
        EV(SYS_move_pages, -ENODEV, 1, 3, P1, P2, P3, MPOL_MF_MOVE_ALL);
        seg_buf(2, pages, 2 * sizeof(pages[0]));
        seg_buf(3, nodes, sizeof(nodes));
        seg_buf(4, status, sizeof(status));
        assert_string_equal(decode(), "move_pages(1, 3, [0x7ffff7fbd000, NULL, ... /* 0x7ffd1010 "
                                      "*/], [-559038751, 0, 1], 0x7ffd3000, MPOL_MF_MOVE_ALL) = -1 "
                                      "ENODEV (No such device)");
        EV(SYS_move_pages, -EFAULT, 1, 1, P1, P2, P3, 0x8);
        seg_fault(2);
        seg_fault(3);
        assert_string_equal(decode(), "move_pages(1, 1, 0x7ffd1000, 0x7ffd2000, 0x7ffd3000, 0x8 "
                                      "/* MPOL_??? */) = -1 EFAULT (Bad address)");
        EV(SYS_move_pages, 0, 1, 3, P1, 0, P3, 0);
        seg_buf(2, pages, sizeof(pages));
        seg_buf(4, status, sizeof(status));
        assert_string_equal(decode_s(2), "move_pages(1, 3, [0x7ffff7fbd000, NULL, ...], NULL, "
                                         "[0, -EFAULT, ...], 0) = 0");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_set_mempolicy),
            cmocka_unit_test(test_get_mempolicy),
            cmocka_unit_test(test_mbind_migrate_pages),
            cmocka_unit_test(test_move_pages),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
