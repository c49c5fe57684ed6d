// SPDX-License-Identifier: MIT
/* siginfo as strace prints it, from the x86_64 layout the BPF side copies
 * (struct kernel_siginfo): each code family shows its own fields. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "siginfo.h"

/* The kernel's layout is the user one: build it with the libc struct. */
static const char *fmt(const siginfo_t *si)
{
        static char buf[512];

        assert_true(siginfo_format((const uint8_t *)si, sizeof(*si), buf, sizeof(buf)) > 0);
        return buf;
}

static void test_kill_and_queue(void **state)
{
        siginfo_t si;

        (void)state;
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGUSR1;
        si.si_code = SI_USER;
        si.si_pid = 1234;
        si.si_uid = 1000;
        assert_string_equal(fmt(&si),
                            "{si_signo=SIGUSR1, si_code=SI_USER, si_pid=1234, si_uid=1000}");
        si.si_code = SI_TKILL;
        assert_string_equal(fmt(&si),
                            "{si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=1234, si_uid=1000}");
        si.si_signo = 35;
        si.si_code = SI_QUEUE;
        si.si_value.sival_int = 42;
        assert_string_equal(fmt(&si), "{si_signo=SIGRT_3, si_code=SI_QUEUE, si_pid=1234, "
                                      "si_uid=1000, si_int=42, si_ptr=0x2a}");
}

static void test_child(void **state)
{
        siginfo_t si;

        (void)state;
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGCHLD;
        si.si_code = CLD_EXITED;
        si.si_pid = 77;
        si.si_status = 3;
        assert_string_equal(fmt(&si), "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=77, si_uid=0, "
                                      "si_status=3, si_utime=0, si_stime=0}");
        si.si_code = CLD_KILLED;
        si.si_status = SIGTERM;
        si.si_utime = 5;
        assert_string_equal(fmt(&si), "{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=77, si_uid=0, "
                                      "si_status=SIGTERM, si_utime=5, si_stime=0}");
}

static void test_faults_and_kernel(void **state)
{
        siginfo_t si;

        (void)state;
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGSEGV;
        si.si_code = SEGV_MAPERR;
        si.si_addr = (void *)8;
        assert_string_equal(fmt(&si), "{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8}");
        si.si_code = SI_KERNEL;
        si.si_addr = NULL;
        assert_string_equal(fmt(&si), "{si_signo=SIGSEGV, si_code=SI_KERNEL, si_addr=NULL}");
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGHUP;
        si.si_code = SI_KERNEL;
        assert_string_equal(fmt(&si), "{si_signo=SIGHUP, si_code=SI_KERNEL}");
        /* a code nobody names is printed in hex (print_xlat_ex) */
        si.si_signo = SIGBUS;
        si.si_code = 77;
        assert_string_equal(fmt(&si), "{si_signo=SIGBUS, si_code=0x4d, si_addr=NULL}");
        /* the fields of some codes: strace's ptrace.c test */
        si.si_code = BUS_MCEERR_AR;
        si.si_addr = (void *)0xfacefeeddeadbeefULL;
        si.si_addr_lsb = (short)0xdead;
        assert_string_equal(fmt(&si), "{si_signo=SIGBUS, si_code=BUS_MCEERR_AR, "
                                      "si_addr=0xfacefeeddeadbeef, si_addr_lsb=0xdead}");
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGSEGV;
        si.si_code = SEGV_BNDERR;
        si.si_addr = (void *)0xfacefeeddeadbeefULL;
        si.si_upper = (void *)0xdeadc0debeadfeedULL;
        assert_string_equal(fmt(&si), "{si_signo=SIGSEGV, si_code=SEGV_BNDERR, "
                                      "si_addr=0xfacefeeddeadbeef, si_lower=NULL, "
                                      "si_upper=0xdeadc0debeadfeed}");
        si.si_code = SEGV_PKUERR;
        si.si_pkey = 3141592653U;
        assert_string_equal(fmt(&si), "{si_signo=SIGSEGV, si_code=SEGV_PKUERR, "
                                      "si_addr=0xfacefeeddeadbeef, si_pkey=3141592653}");
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGTRAP;
        si.si_code = 0x499602d2;
        si.si_errno = ENOENT;
        si.si_addr = (void *)0xfacefeeddeadbeefULL;
        assert_string_equal(fmt(&si), "{si_signo=SIGTRAP, si_code=0x499602d2, si_errno=ENOENT, "
                                      "si_addr=0xfacefeeddeadbeef}");
        /* a generic code comes first, whatever the signal */
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGSEGV;
        si.si_code = SI_SIGIO;
        si.si_band = -1234567890;
        si.si_fd = 23;
        assert_string_equal(fmt(&si),
                            "{si_signo=SIGSEGV, si_code=SI_SIGIO, si_band=-1234567890, si_fd=23}");
        /* a negative code nobody names: from a process, a value only if set */
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGPROF;
        si.si_code = (int)0xbadc0ded;
        si.si_uid = 3;
        assert_string_equal(fmt(&si), "{si_signo=SIGPROF, si_code=0xbadc0ded, si_pid=0, si_uid=3}");
}

static void test_short_and_small(void **state)
{
        char buf[16];
        uint8_t raw[8] = {SIGINT, 0, 0, 0, 0, 0, 0, 0};

        (void)state;
        /* fewer bytes than a siginfo: the rest reads as zero */
        assert_true(siginfo_format(raw, sizeof(raw), buf, sizeof(buf)) == -ENOSPC);
        assert_int_equal(strlen(buf), sizeof(buf) - 1);
        char big[128];
        assert_true(siginfo_format(raw, sizeof(raw), big, sizeof(big)) > 0);
        assert_string_equal(big, "{si_signo=SIGINT, si_code=SI_USER, si_pid=0, si_uid=0}");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_kill_and_queue),
            cmocka_unit_test(test_child),
            cmocka_unit_test(test_faults_and_kernel),
            cmocka_unit_test(test_short_and_small),
        };

        return cmocka_run_group_tests_name("siginfo", tests, NULL, NULL);
}
