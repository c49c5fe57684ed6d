// SPDX-License-Identifier: MIT
/*
 * prctl in the decoder (decode-prctl.c) against strace 6.1: the expected
 * strings are the lines strace 6.1 prints for the same calls in its own
 * tests (prctl-*.c), with valid, failing, unknown and unreadable
 * arguments.
 */
#include <errno.h>
#include <linux/prctl.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "record-builder.h"

/* a buffer BPF copied at entry */
static void seg_in(unsigned arg, const void *data, size_t len)
{
        seg(arg, RENACER_SEG_BUF, 0, data, len);
}

static void test_options(void **state)
{
        (void)state;
        EV(SYS_prctl, -EINVAL, 0xffffffff, 0xfffffffe, 0xfffffffd, 0xfffffffc, 0xfffffffb);
        assert_string_equal(decode(), "prctl(0xffffffff /* PR_??? */, 0xfffffffe, 0xfffffffd, "
                                      "0xfffffffc, 0xfffffffb) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 50000, PR_GET_TIMERSLACK, 1, 2, 3, 4);
        assert_string_equal(decode(), "prctl(PR_GET_TIMERSLACK) = 50000");
        EV(SYS_prctl, 0, PR_TASK_PERF_EVENTS_ENABLE);
        assert_string_equal(decode(), "prctl(PR_TASK_PERF_EVENTS_ENABLE) = 0");
        /* an option strace has no rule for: all its arguments in hex */
        EV(SYS_prctl, 0, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
        assert_string_equal(decode(), "prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) = 0");
        EV(SYS_prctl, 0, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        assert_string_equal(decode(), "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0");
        /* the option is an int: the high half of the register is not read */
        EV(SYS_prctl, 0, 0xdead00000000ULL | PR_GET_KEEPCAPS);
        assert_string_equal(decode(), "prctl(PR_GET_KEEPCAPS) = 0");
}

static void test_ints_written(void **state)
{
        const uint32_t zero = 0, sigint = 2, tsc = PR_TSC_SIGSEGV;
        const uint64_t tid_addr = 0x7ffff7dcfa10ULL;

        (void)state;
        EV(SYS_prctl, 0, PR_GET_CHILD_SUBREAPER, P1);
        seg_buf(1, &zero, sizeof(zero));
        assert_string_equal(decode(), "prctl(PR_GET_CHILD_SUBREAPER, [0]) = 0");
        EV(SYS_prctl, -EFAULT, PR_GET_CHILD_SUBREAPER, 0);
        assert_string_equal(decode(),
                            "prctl(PR_GET_CHILD_SUBREAPER, NULL) = -1 EFAULT (Bad address)");
        EV(SYS_prctl, -EFAULT, PR_GET_CHILD_SUBREAPER, 0x1e55c0de00000000ULL);
        assert_string_equal(decode(), "prctl(PR_GET_CHILD_SUBREAPER, 0x1e55c0de00000000) = -1 "
                                      "EFAULT (Bad address)");
        EV(SYS_prctl, 0, PR_GET_PDEATHSIG, P1);
        seg_buf(1, &sigint, sizeof(sigint));
        assert_string_equal(decode(), "prctl(PR_GET_PDEATHSIG, [SIGINT]) = 0");
        /* a successful call whose value could not be read: the address */
        EV(SYS_prctl, 0, PR_GET_PDEATHSIG, P1);
        seg_fault(1);
        assert_string_equal(decode(), "prctl(PR_GET_PDEATHSIG, 0x7ffd1000) = 0");
        /* a capture shorter than an int is not read */
        EV(SYS_prctl, 0, PR_GET_TSC, P1);
        seg_buf(1, &tsc, 2);
        assert_string_equal(decode(), "prctl(PR_GET_TSC, 0x7ffd1000) = 0");
        EV(SYS_prctl, 0, PR_GET_TSC, P1);
        seg_buf(1, &tsc, sizeof(tsc));
        assert_string_equal(decode(), "prctl(PR_GET_TSC, [PR_TSC_SIGSEGV]) = 0");
        EV(SYS_prctl, -EINVAL, PR_GET_UNALIGN, 0x7ffff7fbcffcULL);
        assert_string_equal(decode(),
                            "prctl(PR_GET_UNALIGN, 0x7ffff7fbcffc) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 0, PR_GET_TID_ADDRESS, P1);
        seg_buf(1, &tid_addr, sizeof(tid_addr));
        assert_string_equal(decode(), "prctl(PR_GET_TID_ADDRESS, [0x7ffff7dcfa10]) = 0");
        EV(SYS_prctl, 0, PR_GET_TID_ADDRESS, P1);
        seg_buf(1, &(uint64_t){0}, sizeof(uint64_t));
        assert_string_equal(decode(), "prctl(PR_GET_TID_ADDRESS, [NULL]) = 0");
}

static void test_values(void **state)
{
        (void)state;
        EV(SYS_prctl, -EINVAL, PR_SET_DUMPABLE, 0xdeadc0de00000001ULL);
        assert_string_equal(decode(), "prctl(PR_SET_DUMPABLE, 0xdeadc0de00000001 /* "
                                      "SUID_DUMP_??? */) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 1, PR_GET_DUMPABLE);
        assert_string_equal(decode(), "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
        EV(SYS_prctl, 7, PR_GET_DUMPABLE);
        assert_string_equal(decode(), "prctl(PR_GET_DUMPABLE) = 7");
        EV(SYS_prctl, 1, PR_CAPBSET_READ, 30);
        assert_string_equal(decode(), "prctl(PR_CAPBSET_READ, CAP_AUDIT_CONTROL) = 1");
        EV(SYS_prctl, -EINVAL, PR_CAPBSET_DROP, 0xff);
        assert_string_equal(decode(), "prctl(PR_CAPBSET_DROP, 0xff /* CAP_??? */) = -1 EINVAL "
                                      "(Invalid argument)");
        EV(SYS_prctl, -EPERM, PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 13, 0, 0);
        assert_string_equal(decode(), "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0, "
                                      "0) = -1 EPERM (Operation not permitted)");
        EV(SYS_prctl, -EINVAL, PR_CAP_AMBIENT, 0xff, 0xaaaa, 0xbbbb, 0xcccc);
        assert_string_equal(decode(),
                            "prctl(PR_CAP_AMBIENT, 0xff /* PR_CAP_AMBIENT_??? */, 0xaaaa, "
                            "0xbbbb, 0xcccc) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 0, PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0);
        assert_string_equal(decode(),
                            "prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0) = 0");
        EV(SYS_prctl, -EINVAL, PR_MCE_KILL, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd);
        assert_string_equal(decode(), "prctl(PR_MCE_KILL, 0xaaaa /* PR_MCE_KILL_??? */, 0xbbbb, "
                                      "0xcccc, 0xdddd) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 2, PR_MCE_KILL_GET, 0, 0, 0, 0);
        assert_string_equal(decode(),
                            "prctl(PR_MCE_KILL_GET, 0, 0, 0, 0) = 2 (PR_MCE_KILL_DEFAULT)");
        EV(SYS_prctl, -EINVAL, PR_SET_PDEATHSIG, 0xbadc0dedfeedfaceULL);
        assert_string_equal(decode(), "prctl(PR_SET_PDEATHSIG, 13464652301766359758) = -1 EINVAL "
                                      "(Invalid argument)");
        EV(SYS_prctl, 0, PR_SET_PDEATHSIG, 2);
        assert_string_equal(decode(), "prctl(PR_SET_PDEATHSIG, SIGINT) = 0");
        EV(SYS_prctl, -EINVAL, PR_SET_TSC, 0);
        assert_string_equal(decode(),
                            "prctl(PR_SET_TSC, 0 /* PR_TSC_??? */) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, -EINVAL, PR_SET_UNALIGN, 0xff00);
        assert_string_equal(decode(), "prctl(PR_SET_UNALIGN, 0xff00 /* PR_UNALIGN_??? */) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_prctl, -EINVAL, PR_SET_SECCOMP, UINT64_MAX, 1, 2, 3);
        assert_string_equal(decode(), "prctl(PR_SET_SECCOMP, 0xffffffffffffffff /* "
                                      "SECCOMP_MODE_??? */, 0x1, 0x2, 0x3) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_prctl, 0, PR_SET_SECCOMP, 1, 1, 2, 3);
        assert_string_equal(decode(), "prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) = 0");
        EV(SYS_prctl, 0, PR_SET_PTRACER, 0xffffffff);
        assert_string_equal(decode(), "prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) = 0");
        EV(SYS_prctl, 0, PR_SET_PTRACER, 1234);
        assert_string_equal(decode(), "prctl(PR_SET_PTRACER, 1234) = 0");
}

static void test_flags(void **state)
{
        (void)state;
        EV(SYS_prctl, -EPERM, PR_SET_SECUREBITS, 0xdeadc0defacebeefULL);
        assert_string_equal(decode(), "prctl(PR_SET_SECUREBITS, SECBIT_NOROOT|SECBIT_NOROOT_LOCKED|"
                                      "SECBIT_NO_SETUID_FIXUP|SECBIT_NO_SETUID_FIXUP_LOCKED|"
                                      "SECBIT_KEEP_CAPS_LOCKED|SECBIT_NO_CAP_AMBIENT_RAISE|"
                                      "SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED|0xdeadc0defacebe00) = -1 "
                                      "EPERM (Operation not permitted)");
        EV(SYS_prctl, 0xff, PR_GET_SECUREBITS);
        assert_string_equal(decode(), "prctl(PR_GET_SECUREBITS) = 0xff (SECBIT_NOROOT|"
                                      "SECBIT_NOROOT_LOCKED|SECBIT_NO_SETUID_FIXUP|"
                                      "SECBIT_NO_SETUID_FIXUP_LOCKED|SECBIT_KEEP_CAPS|"
                                      "SECBIT_KEEP_CAPS_LOCKED|SECBIT_NO_CAP_AMBIENT_RAISE|"
                                      "SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)");
        EV(SYS_prctl, 0x100, PR_GET_SECUREBITS);
        assert_string_equal(decode(), "prctl(PR_GET_SECUREBITS) = 0x100");
        EV(SYS_prctl, 0, PR_GET_SECUREBITS);
        assert_string_equal(decode(), "prctl(PR_GET_SECUREBITS) = 0");
        EV(SYS_prctl, -EINVAL, PR_PAC_RESET_KEYS, 0xcafe, 1, 2, 3);
        assert_string_equal(decode(), "prctl(PR_PAC_RESET_KEYS, PR_PAC_APIBKEY|PR_PAC_APDAKEY|"
                                      "PR_PAC_APDBKEY|PR_PAC_APGAKEY|0xcae0, 0x1, 0x2, 0x3) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_prctl, -EINVAL, PR_PAC_SET_ENABLED_KEYS, 0x1e, 0x7ffffff0, 0, 1);
        assert_string_equal(decode(), "prctl(PR_PAC_SET_ENABLED_KEYS, PR_PAC_APIBKEY|"
                                      "PR_PAC_APDAKEY|PR_PAC_APDBKEY|0x10, 0x7ffffff0 /* "
                                      "PR_PAC_??? */, 0, 0x1) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 0x3, PR_PAC_GET_ENABLED_KEYS, 0, 0, 0, 0);
        assert_string_equal(decode(), "prctl(PR_PAC_GET_ENABLED_KEYS, 0, 0, 0, 0) = 0x3 "
                                      "(PR_PAC_APIAKEY|PR_PAC_APIBKEY)");
        EV(SYS_prctl, -EINVAL, PR_SVE_SET_VL, 0x600ff);
        assert_string_equal(decode(), "prctl(PR_SVE_SET_VL, PR_SVE_SET_VL_ONEXEC|PR_SVE_VL_INHERIT|"
                                      "0xff) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, -EINVAL, PR_SME_SET_VL, 0xbadc0ded0000faceULL);
        assert_string_equal(decode(), "prctl(PR_SME_SET_VL, 0xbadc0ded00000000|0xface) = -1 EINVAL "
                                      "(Invalid argument)");
        EV(SYS_prctl, -EINVAL, PR_SME_SET_VL, 0);
        assert_string_equal(decode(), "prctl(PR_SME_SET_VL, 0) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 0x2beef, PR_SVE_GET_VL);
        assert_string_equal(decode(), "prctl(PR_SVE_GET_VL) = 0x2beef (PR_SVE_VL_INHERIT|0xbeef)");
        EV(SYS_prctl, 0x40, PR_SVE_GET_VL);
        assert_string_equal(decode(), "prctl(PR_SVE_GET_VL) = 0x40");
        EV(SYS_prctl, -EINVAL, PR_SET_TAGGED_ADDR_CTRL, 0xcafe << 3 | 0x57a80000 | 4, 1, 2, 3);
        assert_string_equal(decode(), "prctl(PR_SET_TAGGED_ADDR_CTRL, !PR_TAGGED_ADDR_ENABLE|"
                                      "PR_MTE_TCF_ASYNC|0xcafe<<PR_MTE_TAG_SHIFT|0x57a80000, 0x1, "
                                      "0x2, 0x3) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 0x3, PR_GET_TAGGED_ADDR_CTRL, 0, 0, 0, 0);
        assert_string_equal(decode(), "prctl(PR_GET_TAGGED_ADDR_CTRL, 0, 0, 0, 0) = 0x3 "
                                      "(PR_TAGGED_ADDR_ENABLE|PR_MTE_TCF_SYNC)");
        EV(SYS_prctl, -EINVAL, PR_SET_SYSCALL_USER_DISPATCH, 0xffffffff00000000ULL, 1, 1, 1);
        assert_string_equal(decode(), "prctl(PR_SET_SYSCALL_USER_DISPATCH, 0xffffffff00000000 /* "
                                      "PR_SYS_DISPATCH_??? */, 0x1, 0x1, 0x1) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_prctl, -EINVAL, PR_SET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, PR_SPEC_DISABLE);
        assert_string_equal(decode(), "prctl(PR_SET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, "
                                      "PR_SPEC_DISABLE) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 0x9, PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS);
        assert_string_equal(decode(), "prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS) = 0x9 "
                                      "(PR_SPEC_PRCTL|PR_SPEC_FORCE_DISABLE)");
}

static void test_names(void **state)
{
        (void)state;
        /* PR_SET_NAME: at most TASK_COMM_LEN - 1 bytes, "..." without a NUL in them */
        EV(SYS_prctl, 0, PR_SET_NAME, P1);
        seg_in(1, "abcdef", 7);
        assert_string_equal(decode(), "prctl(PR_SET_NAME, \"abcdef\") = 0");
        EV(SYS_prctl, 0, PR_SET_NAME, P1);
        seg_in(1, "", 1);
        assert_string_equal(decode(), "prctl(PR_SET_NAME, \"\") = 0");
        EV(SYS_prctl, 0, PR_SET_NAME, P1);
        seg_in(1, "123456789abcdef", 15);
        assert_string_equal(decode(), "prctl(PR_SET_NAME, \"123456789abcdef\"...) = 0");
        EV(SYS_prctl, 0, PR_SET_NAME, P1);
        seg_in(1, "123456789abcdef", 15);
        assert_string_equal(decode_s(4), "prctl(PR_SET_NAME, \"1234\"...) = 0");
        EV(SYS_prctl, -EFAULT, PR_SET_NAME, 0);
        assert_string_equal(decode(), "prctl(PR_SET_NAME, NULL) = -1 EFAULT (Bad address)");
        EV(SYS_prctl, -EFAULT, PR_SET_NAME, 0x7ffff7fbcff2ULL);
        seg(1, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(),
                            "prctl(PR_SET_NAME, 0x7ffff7fbcff2) = -1 EFAULT (Bad address)");
        /* a capture that lies: short and without a NUL */
        EV(SYS_prctl, 0, PR_SET_NAME, P1);
        seg_in(1, "abc", 3);
        assert_string_equal(decode(), "prctl(PR_SET_NAME, 0x7ffd1000) = 0");
        EV(SYS_prctl, 0, PR_GET_NAME, P1);
        seg_buf(1, "renacer-test\0\0\0", 16);
        assert_string_equal(decode(), "prctl(PR_GET_NAME, \"renacer-test\") = 0");
        EV(SYS_prctl, -EFAULT, PR_GET_NAME, 0x7ffff7fbcff4ULL);
        assert_string_equal(decode(),
                            "prctl(PR_GET_NAME, 0x7ffff7fbcff4) = -1 EFAULT (Bad address)");

        EV(SYS_prctl, -EINVAL, PR_SET_VMA, PR_SET_VMA_ANON_NAME, 0, 1, P1);
        seg_str(4, "12345678901234567890123456789012");
        assert_string_equal(decode(), "prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, NULL, 1, "
                                      "\"12345678901234567890123456789012\") = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_prctl, -EINVAL, PR_SET_VMA, 0xdefacedface1fedULL, P1, 0xdefacedface2fedULL, P2);
        assert_string_equal(decode(), "prctl(PR_SET_VMA, 0xdefacedface1fed /* PR_SET_VMA_??? */, "
                                      "0x7ffd1000, 0xdefacedface2fed, 0x7ffd2000) = -1 EINVAL "
                                      "(Invalid argument)");
}

static void test_sched_core(void **state)
{
        const uint64_t cookie = 0xfacefeed;

        (void)state;
        EV(SYS_prctl, -EINVAL, PR_SCHED_CORE, PR_SCHED_CORE_GET, 42, 0, 0);
        assert_string_equal(decode(), "prctl(PR_SCHED_CORE, PR_SCHED_CORE_GET, 42, 0 /* "
                                      "PIDTYPE_PID */, NULL) = -1 EINVAL (Invalid argument)");
        EV(SYS_prctl, 0, PR_SCHED_CORE, PR_SCHED_CORE_GET, 42, 1, P1);
        seg_buf(4, &cookie, sizeof(cookie));
        assert_string_equal(decode(), "prctl(PR_SCHED_CORE, PR_SCHED_CORE_GET, 42, 0x1 /* "
                                      "PIDTYPE_TGID */, [0xfacefeed]) = 0");
        EV(SYS_prctl, -EINVAL, PR_SCHED_CORE, PR_SCHED_CORE_SHARE_TO, -1, 0xffffffff, P1);
        assert_string_equal(decode(), "prctl(PR_SCHED_CORE, PR_SCHED_CORE_SHARE_TO, -1, 0xffffffff "
                                      "/* PIDTYPE_??? */, 0x7ffd1000) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_prctl, -EINVAL, PR_SCHED_CORE, 0xbad, 0, 4, 0);
        assert_string_equal(decode(), "prctl(PR_SCHED_CORE, 0xbad /* PR_SCHED_CORE_??? */, 0, 0x4 "
                                      "/* PIDTYPE_??? */, NULL) = -1 EINVAL (Invalid argument)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_options), cmocka_unit_test(test_ints_written),
            cmocka_unit_test(test_values),  cmocka_unit_test(test_flags),
            cmocka_unit_test(test_names),   cmocka_unit_test(test_sched_core),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
