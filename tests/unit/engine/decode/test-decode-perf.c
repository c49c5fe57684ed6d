// SPDX-License-Identifier: MIT
/*
 * perf_event_open against strace 6.1's notation without -v: each expected
 * string is the line strace 6.1 prints for the same call in its
 * tests/perf_event_open.c; the records are built the way
 * bpf/renacer.bpf.c writes them (the attr's first 48 bytes at entry, its
 * type and size words at exit).
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>

#include "record-builder.h"

static void attr_seg(const struct perf_event_attr *a)
{
        seg(0, RENACER_SEG_BUF, 0, a, offsetof(struct perf_event_attr, wakeup_events));
}

/* the bit order decode-perf.c prints the flags in is the header's */
static void test_flag_bits(void **state)
{
        struct perf_event_attr a;
        uint64_t w;

        (void)state;
        memset(&a, 0, sizeof(a));
        a.freq = 1;
        a.precise_ip = 2;
        a.cgroup = 1;
        a.sigtrap = 1;
        memcpy(&w, (const char *)&a + offsetof(struct perf_event_attr, read_format) + 8, sizeof(w));
        assert_int_equal(w, (1ULL << 10) | (2ULL << 15) | (1ULL << 32) | (1ULL << 37));
}

static void test_perf_event_open(void **state)
{
        struct perf_event_attr a;

        (void)state;
        memset(&a, 0, sizeof(a));
        a.type = PERF_TYPE_HW_CACHE;
        a.size = PERF_ATTR_SIZE_VER2;
        a.freq = 1;
        a.sample_freq = 11140102930111501459ULL;
        a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
        a.exclude_kernel = 1;
        a.precise_ip = 3;
        EV(SYS_perf_event_open, -EINVAL, P1, -1, -1, 1, 0xffffffffffffffffULL);
        attr_seg(&a);
        assert_string_equal(
            decode(),
            "perf_event_open({type=PERF_TYPE_HW_CACHE, size=PERF_ATTR_SIZE_VER2, "
            "config=PERF_COUNT_HW_CACHE_RESULT_ACCESS<<16|PERF_COUNT_HW_CACHE_OP_READ<<"
            "8|PERF_COUNT_HW_CACHE_L1D, sample_freq=11140102930111501459, "
            "sample_type=PERF_SAMPLE_IP|PERF_SAMPLE_TID, read_format=0, exclude_kernel=1, "
            "freq=1, precise_ip=3 /* must have 0 skid */, ...}, -1, -1, 1, "
            "PERF_FLAG_FD_NO_GROUP|PERF_FLAG_FD_OUTPUT|PERF_FLAG_PID_CGROUP|"
            "PERF_FLAG_FD_CLOEXEC|0xfffffffffffffff0) = -1 EINVAL (Invalid argument)");

        /* E2BIG: the size the kernel wrote back; unknown reserved bits */
        memset(&a, 0, sizeof(a));
        a.type = PERF_TYPE_HARDWARE;
        a.size = 0xa0;
        a.config = 0xfaceca7500000004ULL;
        a.__reserved_1 = 0x39f9b97;
        EV(SYS_perf_event_open, -E2BIG, P1, 0, 0, 0xffffffff, 0);
        attr_seg(&a);
        seg_buf(0, &(uint32_t[2]){PERF_TYPE_HARDWARE, 0x88}, 8);
        assert_string_equal(decode(),
                            "perf_event_open({type=PERF_TYPE_HARDWARE, size=0xa0 /* "
                            "PERF_ATTR_SIZE_??? */ => 0x88 /* PERF_ATTR_SIZE_??? */, "
                            "config=0xfaceca75<<32|PERF_COUNT_HW_BRANCH_INSTRUCTIONS, "
                            "sample_period=0, sample_type=0, read_format=0, precise_ip=0 /* "
                            "arbitrary skid */, __reserved_1=0x39f9b97 /* Bits 63..38 */, ...}, "
                            "0, 0, -1, 0) = -1 E2BIG (Argument list too long)");

        /* a size below the first version, and an attr that cannot be read */
        a.size = 63;
        EV(SYS_perf_event_open, -EINVAL, P1, 0, 0, 0, 0);
        attr_seg(&a);
        assert_string_equal(
            decode(), "perf_event_open(0x7ffd1000, 0, 0, 0, 0) = -1 EINVAL (Invalid argument)");
        EV(SYS_perf_event_open, -EFAULT, 0x7ffff7d60000ULL, 0, 0, 0, 0);
        seg(0, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(
            decode(), "perf_event_open(0x7ffff7d60000, 0, 0, 0, 0) = -1 EFAULT (Bad address)");
        /* a record whose segment is shorter than what BPF copies */
        EV(SYS_perf_event_open, -EINVAL, P1, 0, 0, 0, 0);
        seg(0, RENACER_SEG_BUF, 0, &a, 47);
        assert_string_equal(
            decode(), "perf_event_open(0x7ffd1000, 0, 0, 0, 0) = -1 EINVAL (Invalid argument)");
        EV(SYS_perf_event_open, -EINVAL, NULL, -100, 100, -87155115, PERF_FLAG_FD_CLOEXEC);
        assert_string_equal(decode(), "perf_event_open(NULL, -100, 100, -87155115, "
                                      "PERF_FLAG_FD_CLOEXEC) = -1 EINVAL (Invalid argument)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_flag_bits),
            cmocka_unit_test(test_perf_event_open),
        };

        return cmocka_run_group_tests_name("decode-perf", tests, NULL, NULL);
}
