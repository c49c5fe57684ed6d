// SPDX-License-Identifier: MIT
/*
 * ptrace in the decoder (decode-ptrace.c) against strace 6.1: the expected
 * strings are the lines strace 6.1 prints for the same calls in its own
 * tests (ptrace.c, ptrace_syscall_info.c), with valid, failing, unknown
 * and unreadable arguments.
 */
#include <errno.h>
#include <linux/ptrace.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "record-builder.h"

/* a buffer BPF copied at entry */
static void seg_in(unsigned arg, const void *data, size_t len)
{
        seg(arg, RENACER_SEG_BUF, 0, data, len);
}

static void test_requests(void **state)
{
        (void)state;
        EV(SYS_ptrace, -ESRCH, 0xdeadbeeffffffeedULL, 42, 0, 0);
        assert_string_equal(decode(), "ptrace(0xdeadbeeffffffeed /* PTRACE_??? */, 42, NULL, NULL) "
                                      "= -1 ESRCH (No such process)");
        EV(SYS_ptrace, -EPERM, PTRACE_TRACEME, 1, 2, 3);
        assert_string_equal(decode(),
                            "ptrace(PTRACE_TRACEME) = -1 EPERM (Operation not permitted)");
        EV(SYS_ptrace, -EPERM, PTRACE_ATTACH, 42, 1, 2);
        assert_string_equal(decode(),
                            "ptrace(PTRACE_ATTACH, 42) = -1 EPERM (Operation not permitted)");
        EV(SYS_ptrace, -ESRCH, PTRACE_SYSEMU_SINGLESTEP, 42, 0, SIGUSR1);
        assert_string_equal(decode(), "ptrace(PTRACE_SYSEMU_SINGLESTEP, 42, NULL, SIGUSR1) = -1 "
                                      "ESRCH (No such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_SETOPTIONS, 42, 0, 0xa);
        assert_string_equal(decode(), "ptrace(PTRACE_SETOPTIONS, 42, NULL, PTRACE_O_TRACEFORK|"
                                      "PTRACE_O_TRACECLONE) = -1 ESRCH (No such process)");
        EV(SYS_ptrace, -EIO, PTRACE_SEIZE, 42, 0xdeadbeeffffffeedULL, 0x1 | 0x800000);
        assert_string_equal(decode(), "ptrace(PTRACE_SEIZE, 42, 0xdeadbeeffffffeed, "
                                      "PTRACE_O_TRACESYSGOOD|0x800000) = -1 EIO (Input/output "
                                      "error)");
        EV(SYS_ptrace, -ESRCH, PTRACE_SECCOMP_GET_FILTER, 42, 42, 0);
        assert_string_equal(decode(), "ptrace(PTRACE_SECCOMP_GET_FILTER, 42, 42, NULL) = -1 ESRCH "
                                      "(No such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_GET_SYSCALL_INFO, 42, 0, 0);
        assert_string_equal(decode(), "ptrace(PTRACE_GET_SYSCALL_INFO, 42, 0, NULL) = -1 ESRCH (No "
                                      "such process)");
}

static void test_user_offsets(void **state)
{
        (void)state;
        EV(SYS_ptrace, -ESRCH, PTRACE_PEEKUSR, 42, 0xdeadbeeffffffeedULL, P1);
        assert_string_equal(decode(), "ptrace(PTRACE_PEEKUSER, 42, 0xdeadbeeffffffeed, 0x7ffd1000) "
                                      "= -1 ESRCH (No such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_POKEUSR, 42, 0, 0);
        assert_string_equal(
            decode(), "ptrace(PTRACE_POKEUSER, 42, 8*R15, NULL) = -1 ESRCH (No such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_POKEUSR, 42, 144 + 3, 0);
        assert_string_equal(decode(), "ptrace(PTRACE_POKEUSER, 42, 8*EFL+3, NULL) = -1 ESRCH (No "
                                      "such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_POKEUSR, 42, 168, 0);
        assert_string_equal(decode(), "ptrace(PTRACE_POKEUSER, 42, 8*SS+8, NULL) = -1 ESRCH (No "
                                      "such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_POKEUSR, 42, 216, 0);
        assert_string_equal(decode(), "ptrace(PTRACE_POKEUSER, 42, offsetof(struct user, "
                                      "u_fpvalid), NULL) = -1 ESRCH (No such process)");
}

static void test_words_written(void **state)
{
        const uint64_t word = 0xfacefeed, msg = 1234;

        (void)state;
        EV(SYS_ptrace, 0, PTRACE_PEEKDATA, 42, P2, P1);
        seg_buf(3, &word, sizeof(word));
        assert_string_equal(decode(), "ptrace(PTRACE_PEEKDATA, 42, 0x7ffd2000, [0xfacefeed]) = 0");
        EV(SYS_ptrace, 0, PTRACE_PEEKTEXT, 42, P2, P1);
        seg_buf(3, &word, 4);
        assert_string_equal(decode(), "ptrace(PTRACE_PEEKTEXT, 42, 0x7ffd2000, 0x7ffd1000) = 0");
        EV(SYS_ptrace, 0, PTRACE_GETEVENTMSG, 42, 0, P1);
        seg_buf(3, &msg, sizeof(msg));
        assert_string_equal(decode(), "ptrace(PTRACE_GETEVENTMSG, 42, NULL, [1234]) = 0");
        EV(SYS_ptrace, -ESRCH, PTRACE_GETEVENTMSG, 42, 0xdeadbeeffffffeedULL,
           0xdeadcafefffff00dULL);
        assert_string_equal(decode(), "ptrace(PTRACE_GETEVENTMSG, 42, 0xdeadbeeffffffeed, "
                                      "0xdeadcafefffff00d) = -1 ESRCH (No such process)");
}

static void test_structures(void **state)
{
        const uint64_t mask = 1ULL << (SIGUSR1 - 1);
        const struct ptrace_peeksiginfo_args psi = {.off = 7, .flags = 1, .nr = 42};
        const uint64_t filter_off = 18072662652281012446ULL;
        const uint64_t md[2] = {3, 1};
        const uint64_t iov_in[2] = {P2, 216}, iov_out[2] = {P2, 200};
        uint8_t si[128] = {0};

        (void)state;
        EV(SYS_ptrace, -ESRCH, PTRACE_SETSIGMASK, 42, 8, P1);
        seg_in(3, &mask, sizeof(mask));
        assert_string_equal(decode(), "ptrace(PTRACE_SETSIGMASK, 42, 8, [USR1]) = -1 ESRCH (No "
                                      "such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_SETSIGMASK, 42, 4, P1);
        assert_string_equal(decode(), "ptrace(PTRACE_SETSIGMASK, 42, 4, 0x7ffd1000) = -1 ESRCH (No "
                                      "such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_GETSIGMASK, 42, 8, P1);
        assert_string_equal(decode(), "ptrace(PTRACE_GETSIGMASK, 42, 8, 0x7ffd1000) = -1 ESRCH (No "
                                      "such process)");
        EV(SYS_ptrace, 0, PTRACE_GETSIGMASK, 42, 8, P1);
        seg_buf(3, &mask, sizeof(mask));
        assert_string_equal(decode(), "ptrace(PTRACE_GETSIGMASK, 42, 8, [USR1]) = 0");

        EV(SYS_ptrace, -ESRCH, PTRACE_PEEKSIGINFO, 42, P1, 0xdeadbeeffffffeedULL);
        seg_in(2, &psi, sizeof(psi));
        assert_string_equal(decode(), "ptrace(PTRACE_PEEKSIGINFO, 42, {off=7, flags="
                                      "PTRACE_PEEKSIGINFO_SHARED, nr=42}, 0xdeadbeeffffffeed) = -1 "
                                      "ESRCH (No such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_PEEKSIGINFO, 42, 0, 0xdeadbeeffffffeedULL);
        assert_string_equal(decode(), "ptrace(PTRACE_PEEKSIGINFO, 42, NULL, 0xdeadbeeffffffeed) = "
                                      "-1 ESRCH (No such process)");

        EV(SYS_ptrace, -ESRCH, PTRACE_SECCOMP_GET_METADATA, 42, 7, P1);
        assert_string_equal(decode(), "ptrace(PTRACE_SECCOMP_GET_METADATA, 42, 7, 0x7ffd1000) = -1 "
                                      "ESRCH (No such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_SECCOMP_GET_METADATA, 42, 16, P1);
        seg_in(3, &filter_off, sizeof(filter_off));
        assert_string_equal(decode(), "ptrace(PTRACE_SECCOMP_GET_METADATA, 42, 16, {filter_off="
                                      "18072662652281012446}) = -1 ESRCH (No such process)");
        EV(SYS_ptrace, 16, PTRACE_SECCOMP_GET_METADATA, 42, 16, P1);
        seg_in(3, md, sizeof(md[0]));
        seg_buf(3, md, sizeof(md));
        assert_string_equal(decode(), "ptrace(PTRACE_SECCOMP_GET_METADATA, 42, 16, {filter_off=3, "
                                      "flags=SECCOMP_FILTER_FLAG_TSYNC}) = 16");
        /* the kernel said it wrote more than the capture holds */
        EV(SYS_ptrace, 24, PTRACE_SECCOMP_GET_METADATA, 42, 24, P1);
        seg_in(3, md, sizeof(md[0]));
        seg_buf(3, md, 12);
        assert_string_equal(decode(), "ptrace(PTRACE_SECCOMP_GET_METADATA, 42, 24, {filter_off=3, "
                                      "???}) = 24");

        EV(SYS_ptrace, 0, PTRACE_GETREGSET, 42, 1, P1);
        seg_in(3, iov_in, sizeof(iov_in));
        seg_buf(3, iov_out, sizeof(iov_out));
        assert_string_equal(decode(), "ptrace(PTRACE_GETREGSET, 42, NT_PRSTATUS, {iov_base="
                                      "0x7ffd2000, iov_len=216 => 200}) = 0");
        EV(SYS_ptrace, -ESRCH, PTRACE_SETREGSET, 42, 0x53494749, P1);
        seg_in(3, iov_in, sizeof(iov_in));
        seg_buf(3, iov_in, sizeof(iov_in));
        assert_string_equal(decode(), "ptrace(PTRACE_SETREGSET, 42, NT_SIGINFO, {iov_base="
                                      "0x7ffd2000, iov_len=216}) = -1 ESRCH (No such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_GETREGSET, 42, 0xbad, P1);
        seg(3, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "ptrace(PTRACE_GETREGSET, 42, 0xbad /* NT_??? */, "
                                      "0x7ffd1000) = -1 ESRCH (No such process)");

        memcpy(si, &(int32_t){SIGIO}, 4);
        memcpy(si + 4, &(int32_t){ENOENT}, 4);
        memcpy(si + 8, &(int32_t){POLL_IN}, 4);
        memcpy(si + 16, &(int64_t){-2}, 8);
        memcpy(si + 24, &(int32_t){23}, 4);
        EV(SYS_ptrace, -ESRCH, PTRACE_SETSIGINFO, 42, 0xdeadbeeffffffeedULL, P1);
        seg_in(3, si, sizeof(si));
        assert_string_equal(decode(), "ptrace(PTRACE_SETSIGINFO, 42, 0xdeadbeeffffffeed, "
                                      "{si_signo=SIGIO, si_code=POLL_IN, si_errno=ENOENT, "
                                      "si_band=-2, si_fd=23}) = -1 ESRCH (No such process)");
        EV(SYS_ptrace, -ESRCH, PTRACE_GETSIGINFO, 42, 0, P1);
        assert_string_equal(decode(), "ptrace(PTRACE_GETSIGINFO, 42, NULL, 0x7ffd1000) = -1 ESRCH "
                                      "(No such process)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_requests),
            cmocka_unit_test(test_user_offsets),
            cmocka_unit_test(test_words_written),
            cmocka_unit_test(test_structures),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
