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
        /* a code nobody names is printed as a number */
        si.si_signo = SIGBUS;
        si.si_code = 77;
        assert_string_equal(fmt(&si), "{si_signo=SIGBUS, si_code=77, si_addr=NULL}");
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
