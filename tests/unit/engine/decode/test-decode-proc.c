// SPDX-License-Identifier: MIT
/*
 * Signals, scheduling, process and system information calls of the decoder
 * (decode-proc.c) against strace 6.1: the expected strings are the lines
 * strace 6.1 prints for the same calls in its own tests (rt_sigtimedwait.c,
 * rt_sigqueueinfo.c, pidfd_send_signal.c, waitid.c, sched_xetattr.c,
 * sched_xetaffinity.c, kcmp.c, membarrier.c, ioprio.c, syslog.c, reboot.c,
 * swap.c, setns.c, unshare.c, close_range.c), with valid, failing and
 * unreadable arguments.
 */
#include <errno.h>
#include <linux/kcmp.h>
#include <linux/membarrier.h>
#include <linux/reboot.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "record-builder.h"

/* a siginfo_t as the kernel lays it out on x86_64 */
static void siginfo(uint8_t si[128], int signo, int err, int code, int32_t pid, uint32_t uid,
                    int32_t v, uint64_t ptr)
{
        memset(si, 0, 128);
        memcpy(si, &signo, 4);
        memcpy(si + 4, &err, 4);
        memcpy(si + 8, &code, 4);
        memcpy(si + 16, &pid, 4);
        memcpy(si + 20, &uid, 4);
        memcpy(si + 24, &v, 4);
        memcpy(si + 24, &ptr, 8);
}

static void test_signals(void **state)
{
        const uint64_t set = 1ULL << (SIGHUP - 1) | 1ULL << (SIGINT - 1);
        const int64_t ts[2] = {0, 42};
        uint8_t si[128];

        (void)state;
        EV(SYS_rt_sigtimedwait, -EINVAL, P1, 0, P3, 16);
        seg_buf(0, &set, sizeof(set));
        seg_buf(2, ts, sizeof(ts));
        assert_string_equal(decode(),
                            "rt_sigtimedwait(0x7ffd1000, NULL, {tv_sec=0, tv_nsec=42}, 16)"
                            " = -1 EINVAL (Invalid argument)");
        EV(SYS_rt_sigtimedwait, -EAGAIN, P1, P2, P3, 8);
        seg_buf(0, &set, sizeof(set));
        seg_buf(2, ts, sizeof(ts));
        assert_string_equal(decode(), "rt_sigtimedwait([HUP INT], 0x7ffd2000, {tv_sec=0, tv_nsec="
                                      "42}, 8) = -1 EAGAIN (Resource temporarily unavailable)");
        siginfo(si, SIGALRM, 0, SI_TKILL, 1234, 0, 0, 0);
        EV(SYS_rt_sigtimedwait, SIGALRM, P1, P2, 0, 8);
        seg_buf(0, &set, sizeof(set));
        seg_buf(1, si, sizeof(si));
        assert_string_equal(decode(), "rt_sigtimedwait([HUP INT], {si_signo=SIGALRM, si_code="
                                      "SI_TKILL, si_pid=1234, si_uid=0}, NULL, 8) = 14 (SIGALRM)");

        siginfo(si, SIGUSR1, ENOENT, SI_QUEUE, 42, 0, 0, 0xdeadbeeffacefeedULL);
        EV(SYS_rt_tgsigqueueinfo, 0, 42, 42, SIGUSR1, P1);
        seg_buf(3, si, sizeof(si));
        assert_string_equal(decode(), "rt_tgsigqueueinfo(42, 42, SIGUSR1, {si_signo=SIGUSR1, "
                                      "si_code=SI_QUEUE, si_errno=ENOENT, si_pid=42, si_uid=0, "
                                      "si_int=-87097619, si_ptr=0xdeadbeeffacefeed}) = 0");
        /* a negative errno and uid -1 are printed as strace prints them */
        siginfo(si, SIGUSR1, -1, SI_QUEUE, -1, UINT32_MAX, -1, UINT64_MAX);
        EV(SYS_pidfd_send_signal, -EINVAL, 3, SIGUSR2, P1, 0xffffffff);
        seg_buf(2, si, sizeof(si));
        assert_string_equal(decode(), "pidfd_send_signal(3, SIGUSR2, {si_signo=SIGUSR1, si_code="
                                      "SI_QUEUE, si_errno=4294967295, si_pid=-1, si_uid=-1, "
                                      "si_int=-1, si_ptr=0xffffffffffffffff}, 0xffffffff) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_rt_sigqueueinfo, -EFAULT, 1, SIGUSR1, P1);
        seg_fault(2);
        assert_string_equal(decode(),
                            "rt_sigqueueinfo(1, SIGUSR1, 0x7ffd1000) = -1 EFAULT (Bad address)");
        /* shorter than a siginfo_t: the address */
        EV(SYS_rt_sigqueueinfo, 0, 1, SIGUSR1, P1);
        seg_buf(2, si, 48);
        assert_string_equal(decode(), "rt_sigqueueinfo(1, SIGUSR1, 0x7ffd1000) = 0");

        EV(SYS_signalfd4, 3, -1, P1, 8, 02000000 | 04000);
        seg_buf(1, &(uint64_t){1ULL << (SIGUSR2 - 1) | 1ULL << (SIGCHLD - 1)}, 8);
        assert_string_equal(decode(),
                            "signalfd4(-1, [USR2 CHLD], 8, SFD_CLOEXEC|SFD_NONBLOCK) = 3");
        EV(SYS_pidfd_open, -EINVAL, 0, 0xfacef6ed);
        assert_string_equal(decode(), "pidfd_open(0, 0xfacef6ed /* PIDFD_??? */) = -1 EINVAL "
                                      "(Invalid argument)");
}

static void test_waitid(void **state)
{
        struct rusage ru;
        uint8_t si[128];

        (void)state;
        memset(&ru, 0xff, sizeof(ru));
        memset(si, 0, sizeof(si));
        EV(SYS_waitid, 0, P_PID, 7, P1, WNOHANG | WEXITED | WSTOPPED, P2);
        seg_buf(2, si, sizeof(si));
        seg_buf(4, &ru, sizeof(ru));
        assert_string_equal(decode(), "waitid(P_PID, 7, {}, WNOHANG|WEXITED|WSTOPPED, {ru_utime="
                                      "{tv_sec=-1, tv_usec=18446744073709551615}, ru_stime={tv_sec="
                                      "-1, tv_usec=18446744073709551615}, ...}) = 0");
        EV(SYS_waitid, -EINVAL, P_PGID, -1, P1, WEXITED, P2);
        assert_string_equal(decode(), "waitid(P_PGID, -1, 0x7ffd1000, WEXITED, 0x7ffd2000) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_waitid, -EINVAL, 9, 0, 0, 0, 0);
        assert_string_equal(
            decode(), "waitid(0x9 /* P_??? */, 0, NULL, 0, NULL) = -1 EINVAL (Invalid argument)");
}

static void test_sched(void **state)
{
        uint32_t attr[14] = {56, 0, 1, 0, 0, 0, 1400000, 0, 0, 0, 0, 0, 0, 0};
        const uint32_t big = 1, asked = 56;
        const uint64_t cpus[16] = {0x3}; /* strace reads at most 128 bytes */

        (void)state;
        EV(SYS_sched_setattr, 0, 0, P1, 0);
        seg(1, RENACER_SEG_BUF, 0, &attr[0], 4);
        seg_buf(1, attr, sizeof(attr));
        assert_string_equal(decode(),
                            "sched_setattr(0, {size=56, sched_policy=SCHED_OTHER, "
                            "sched_flags=SCHED_FLAG_RESET_ON_FORK, sched_nice=0, "
                            "sched_priority=0, sched_runtime=1400000, sched_deadline=0, "
                            "sched_period=0, sched_util_min=0, sched_util_max=0}, 0) = 0");
        /* the size the kernel asks for after E2BIG */
        EV(SYS_sched_setattr, -E2BIG, 0, P1, 0);
        seg(1, RENACER_SEG_BUF, 0, &big, 4);
        seg_buf(1, &asked, 4);
        assert_string_equal(decode(), "sched_setattr(0, {size=1} => {size=56}, 0) = -1 E2BIG "
                                      "(Argument list too long)");
        /* KEEP_PARAMS hides the policy and the parameters */
        attr[2] = 0x10;
        attr[1] = 0xdefaced;
        EV(SYS_sched_setattr, -EINVAL, -1, P1, 0xdeadbeef);
        seg(1, RENACER_SEG_BUF, 0, &attr[0], 4);
        seg_buf(1, attr, sizeof(attr));
        assert_string_equal(decode(), "sched_setattr(-1, {size=56, sched_flags="
                                      "SCHED_FLAG_KEEP_PARAMS, sched_util_min=0, sched_util_max=0},"
                                      " 3735928559) = -1 EINVAL (Invalid argument)");
        attr[0] = 48;
        attr[1] = 0;
        attr[2] = 0;
        EV(SYS_sched_getattr, 0, 0, P1, 48, 0);
        seg_buf(1, attr, 48);
        assert_string_equal(decode(), "sched_getattr(0, {size=48, sched_policy=SCHED_OTHER, "
                                      "sched_flags=0, sched_nice=0, sched_priority=0, "
                                      "sched_runtime=1400000, sched_deadline=0, sched_period=0}, "
                                      "48, 0) = 0");
        EV(SYS_sched_getattr, -EFAULT, 0, P1, 56, 0);
        assert_string_equal(decode(),
                            "sched_getattr(0, 0x7ffd1000, 56, 0) = -1 EFAULT (Bad address)");

        EV(SYS_sched_getparam, 0, 5, P1);
        seg_buf(1, &(int32_t){0}, 4);
        assert_string_equal(decode(), "sched_getparam(5, [0]) = 0");
        EV(SYS_sched_setparam, -EINVAL, 5, P1);
        seg_buf(1, &(int32_t){-1}, 4);
        assert_string_equal(decode(), "sched_setparam(5, [-1]) = -1 EINVAL (Invalid argument)");

        EV(SYS_sched_getaffinity, 8, 5, 8, P1);
        seg_buf(2, cpus, 8);
        assert_string_equal(decode(), "sched_getaffinity(5, 8, [0 1]) = 8");
        EV(SYS_sched_setaffinity, 0, 5, 256, P1);
        seg_buf(2, cpus, sizeof(cpus));
        assert_string_equal(decode(), "sched_setaffinity(5, 256, [0 1 ...]) = 0");
        EV(SYS_sched_setaffinity, -EINVAL, 5, 0, P1);
        assert_string_equal(decode(), "sched_setaffinity(5, 0, []) = -1 EINVAL (Invalid argument)");
        /* only part of the set readable: the address */
        EV(SYS_sched_setaffinity, -EFAULT, 5, 16, P1);
        seg_buf(2, cpus, 8);
        assert_string_equal(decode(),
                            "sched_setaffinity(5, 16, 0x7ffd1000) = -1 EFAULT (Bad address)");
}

static void test_process_calls(void **state)
{
        const uint32_t slot[3] = {23, 42, 0};

        (void)state;
        EV(SYS_kcmp, -ESRCH, -1, -1, KCMP_EPOLL_TFD, 23, P1);
        seg_buf(4, slot, sizeof(slot));
        assert_string_equal(decode(), "kcmp(-1, -1, KCMP_EPOLL_TFD, 23, {efd=23, tfd=42, toff=0}) "
                                      "= -1 ESRCH (No such process)");
        EV(SYS_kcmp, -ESRCH, -1, -1, KCMP_VM, 1, 2);
        assert_string_equal(decode(), "kcmp(-1, -1, KCMP_VM) = -1 ESRCH (No such process)");
        EV(SYS_kcmp, -ESRCH, 0, 0, 8, 0, 0);
        assert_string_equal(decode(),
                            "kcmp(0, 0, 0x8 /* KCMP_??? */, 0, 0) = -1 ESRCH (No such process)");

        EV(SYS_membarrier, 0x3ff, MEMBARRIER_CMD_QUERY, 0);
        assert_string_equal(
            decode(), "membarrier(MEMBARRIER_CMD_QUERY, 0) = 0x3ff (MEMBARRIER_CMD_GLOBAL|"
                      "MEMBARRIER_CMD_GLOBAL_EXPEDITED|MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED|"
                      "MEMBARRIER_CMD_PRIVATE_EXPEDITED|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED|"
                      "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_REGISTER_"
                      "PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ|"
                      "MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ|0x200)");
        EV(SYS_membarrier, -EINVAL, 3, 0xff, -1);
        assert_string_equal(decode(), "membarrier(0x3 /* MEMBARRIER_CMD_??? */, "
                                      "MEMBARRIER_CMD_FLAG_CPU|0xfe, -1) = -1 EINVAL (Invalid "
                                      "argument)");

        EV(SYS_ioprio_set, -EINVAL, 2, 18099, 0x1fff);
        assert_string_equal(decode(), "ioprio_set(IOPRIO_WHO_PGRP, 18099, IOPRIO_PRIO_VALUE("
                                      "IOPRIO_CLASS_NONE, 8191)) = -1 EINVAL (Invalid argument)");
        EV(SYS_ioprio_get, 0, 1, 0);
        assert_string_equal(decode(), "ioprio_get(IOPRIO_WHO_PROCESS, 0) = 0 (IOPRIO_PRIO_VALUE("
                                      "IOPRIO_CLASS_NONE, 0))");

        EV(SYS_unshare, -EINVAL, 0xbadc0ded0000000fULL);
        assert_string_equal(decode(), "unshare(0xbadc0ded0000000f /* CLONE_??? */) = -1 EINVAL "
                                      "(Invalid argument)");
        EV(SYS_setns, -EBADF, -1, 0x81fdff7f | 0x80);
        assert_string_equal(decode(), "setns(-1, CLONE_NEWTIME|0x81fdff7f) = -1 EBADF (Bad file "
                                      "descriptor)");
        EV(SYS_close_range, 0, 3, ~0U, 6);
        assert_string_equal(
            decode(), "close_range(3, 4294967295, CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC) = 0");
        EV(SYS_getresuid, 0, P1, P2, P3);
        seg_buf(0, &(uint32_t){0}, 4);
        seg_buf(1, &(uint32_t){UINT32_MAX}, 4);
        seg_buf(2, &(uint32_t){65534}, 4);
        assert_string_equal(decode(), "getresuid([0], [-1], [65534]) = 0");
        EV(SYS_getcpu, 0, P1, 0, P3);
        seg_buf(0, &(uint32_t){1}, 4);
        assert_string_equal(decode(), "getcpu([1], NULL, 0x7ffd3000) = 0");
}

static void test_system_calls(void **state)
{
        (void)state;
        EV(SYS_syslog, 0, 0, 0xfacefeeddeadbeefULL, -1);
        assert_string_equal(decode(), "syslog(0 /* SYSLOG_ACTION_CLOSE */) = 0");
        EV(SYS_syslog, -EINVAL, 0xfeedbeef, 0, -1);
        assert_string_equal(decode(), "syslog(-17973521 /* SYSLOG_ACTION_??? */, NULL, -1) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_syslog, 0, 8, 0xfacefeeddeadbeefULL, 8);
        assert_string_equal(decode(), "syslog(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, 0xfacefeeddeadb"
                                      "eef, 8 /* LOGLEVEL_DEBUG+1 */) = 0");
        EV(SYS_syslog, -EINVAL, 8, P1, 9);
        assert_string_equal(decode(),
                            "syslog(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, 0x7ffd1000, 9 /* "
                            "LOGLEVEL_??? */) = -1 EINVAL (Invalid argument)");
        EV(SYS_syslog, 5, 3, P1, 64);
        seg_buf(1, "<6>hi", 5);
        assert_string_equal(decode(), "syslog(3 /* SYSLOG_ACTION_READ_ALL */, \"<6>hi\", 64) = 5");

        EV(SYS_reboot, -EINVAL, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2A,
           LINUX_REBOOT_CMD_RESTART2, P1);
        seg_str(3, "AbCdEfGhIjKlMnOpQrStUvWxYz0123456");
        assert_string_equal(decode(),
                            "reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2A, "
                            "LINUX_REBOOT_CMD_RESTART2, \"AbCdEfGhIjKlMnOpQrStUvWxYz012345"
                            "\"...) = -1 EINVAL (Invalid argument)");
        EV(SYS_reboot, -EINVAL, 0x13111992, 0, 0xdeadbeef, P1);
        assert_string_equal(decode(),
                            "reboot(0x13111992 /* LINUX_REBOOT_MAGIC_??? */, 0 /* "
                            "LINUX_REBOOT_MAGIC_??? */, 0xdeadbeef /* LINUX_REBOOT_CMD_??? "
                            "*/) = -1 EINVAL (Invalid argument)");

        EV(SYS_swapon, -ENOENT, P1, 0x18000 | 42);
        seg_str(0, "/swap");
        assert_string_equal(decode(),
                            "swapon(\"/swap\", SWAP_FLAG_PREFER|SWAP_FLAG_DISCARD|42) = -1 "
                            "ENOENT (No such file or directory)");
        EV(SYS_swapon, -ENOENT, P1, 0);
        seg_str(0, "/swap");
        assert_string_equal(decode(),
                            "swapon(\"/swap\", 0) = -1 ENOENT (No such file or directory)");
        EV(SYS_ustat, -EINVAL, 0xffffffff, 0);
        assert_string_equal(decode(),
                            "ustat(makedev(0xfff, 0xfffff), NULL) = -1 EINVAL (Invalid argument)");
}

static void test_fs_and_memory(void **state)
{
        int64_t st[15] = {0x9fa0, 4096, 0, 0, 0, 0, 0, 0x15, 255, 4096, 0x1020};
        const uint64_t sysctl[10] = {0, 0, 0, 0, 0, 0};
        uint8_t vec[40];

        (void)state;
        EV(SYS_statfs, 0, P1, P2);
        seg_str(0, "/proc/self/status");
        seg_buf(1, st, sizeof(st));
        assert_string_equal(decode(), "statfs(\"/proc/self/status\", {f_type=PROC_SUPER_MAGIC, "
                                      "f_bsize=4096, f_blocks=0, f_bfree=0, f_bavail=0, f_files=0, "
                                      "f_ffree=0, f_fsid={val=[0x15, 0]}, f_namelen=255, "
                                      "f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0");
        /* no f_flags without ST_VALID; an unknown magic in hex */
        st[0] = 0x12345678;
        st[10] = 0;
        EV(SYS_fstatfs, 0, 3, P2);
        seg_buf(1, st, sizeof(st));
        assert_string_equal(decode(), "fstatfs(3, {f_type=0x12345678, f_bsize=4096, f_blocks=0, "
                                      "f_bfree=0, f_bavail=0, f_files=0, f_ffree=0, f_fsid={val=["
                                      "0x15, 0]}, f_namelen=255, f_frsize=4096}) = 0");
        EV(SYS_fstatfs, -EBADF, -1, P2);
        assert_string_equal(decode(), "fstatfs(-1, 0x7ffd2000) = -1 EBADF (Bad file descriptor)");

        EV(SYS__sysctl, -ENOSYS, P1);
        seg_buf(0, sysctl, sizeof(sysctl));
        assert_string_equal(decode(), "_sysctl({name=NULL, nlen=0, oldval=NULL, oldlenp=NULL, "
                                      "newval=NULL, newlen=0}) = -1 ENOSYS (Function not "
                                      "implemented)");

        EV(SYS_get_robust_list, 0, 5, P1, P2);
        seg_buf(1, &(uint64_t){0x7ffff7dcfa20}, 8);
        seg_buf(2, &(uint64_t){24}, 8);
        assert_string_equal(decode(), "get_robust_list(5, [0x7ffff7dcfa20], [24]) = 0");

        memset(vec, 0xff, sizeof(vec));
        EV(SYS_mincore, 0, P1, 8192, P2);
        seg_buf(2, vec, 2);
        assert_string_equal(decode(), "mincore(0x7ffd1000, 8192, [1, 1]) = 0");
        EV(SYS_mincore, 0, P1, 135168, P2);
        seg_buf(2, vec, 32);
        assert_string_equal(decode(), "mincore(0x7ffd1000, 135168, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "
                                      "1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, "
                                      "1, 1, ...]) = 0");
        EV(SYS_mincore, -ENOMEM, P1, 8192, P2);
        assert_string_equal(
            decode(), "mincore(0x7ffd1000, 8192, 0x7ffd2000) = -1 ENOMEM (Cannot allocate memory)");

        EV(SYS_getrandom, 0, 0, 0, 0);
        seg_buf(0, "", 0);
        assert_string_equal(decode(), "getrandom(NULL, 0, 0) = 0");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_signals),      cmocka_unit_test(test_waitid),
            cmocka_unit_test(test_sched),        cmocka_unit_test(test_process_calls),
            cmocka_unit_test(test_system_calls), cmocka_unit_test(test_fs_and_memory),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
