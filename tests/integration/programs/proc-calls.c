// SPDX-License-Identifier: MIT
/*
 * Signal, scheduling, process and system calls with valid, invalid and
 * edge-case arguments whose trace lines do not depend on the run: the
 * structures live in a page mapped at a fixed address, followed by an
 * unmapped page for the faulting cases, the pids are ones that do not
 * exist, and nothing is asked of the system that could change it (reboot
 * and swapon get arguments the kernel refuses before acting). The
 * differential test traces it with strace 6.1 and renacerctl and requires
 * identical lines.
 */
#include <linux/kcmp.h>
#include <linux/reboot.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define BASE   ((uintptr_t)0x5ec1000000ULL)
#define PAGE   4096
#define NO_PID 0x7ffffff0 /* above pid_max: ESRCH */

static void put_siginfo(uint8_t *si, int signo, int err, int code, int32_t pid, uint32_t uid,
                        uint64_t ptr)
{
        memset(si, 0, 128);
        memcpy(si, &signo, 4);
        memcpy(si + 4, &err, 4);
        memcpy(si + 8, &code, 4);
        memcpy(si + 16, &pid, 4);
        memcpy(si + 20, &uid, 4);
        memcpy(si + 24, &ptr, 8);
}

int main(void)
{
        uint8_t *page = mmap((void *)BASE, 2 * PAGE, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        uint64_t *set;
        uint8_t *si, *end, *attr, *buf;
        int64_t *ts;
        int fd;

        if (page == MAP_FAILED || munmap(page + PAGE, PAGE))
                return 1;
        end = page + PAGE;
        set = (void *)(page + 0x100);
        ts = (void *)(page + 0x200);
        si = page + 0x300;
        attr = page + 0x400;
        buf = page + 0x500;

        /* alternate signal stacks: set, read back, flags strace names and
         * one it does not, disable, an unreadable and a cut struct */
        {
                stack_t *ss = (void *)(page + 0x600), *old = (void *)(page + 0x640);

                ss->ss_sp = page + 0x800;
                ss->ss_flags = 0;
                ss->ss_size = 65536;
                syscall(SYS_sigaltstack, ss, NULL);
                syscall(SYS_sigaltstack, NULL, old);
                ss->ss_flags = SS_ONSTACK | (int)(1U << 31);
                syscall(SYS_sigaltstack, ss, old);
                ss->ss_flags = 0x40;
                syscall(SYS_sigaltstack, ss, old);
                ss->ss_flags = SS_DISABLE;
                syscall(SYS_sigaltstack, ss, old);
                syscall(SYS_sigaltstack, end - 8, old);
                syscall(SYS_sigaltstack, NULL, end - 8);
        }

        /* signals */
        *set = 1ULL << (SIGUSR1 - 1) | 1ULL << (SIGHUP - 1);
        ts[0] = 0;
        ts[1] = 0;
        syscall(SYS_rt_sigtimedwait, set, NULL, ts, 8);
        syscall(SYS_rt_sigtimedwait, set, si, ts, 16);
        syscall(SYS_rt_sigtimedwait, end - 4, NULL, NULL, 8);
        ts[1] = 1000000000;
        syscall(SYS_rt_sigtimedwait, set, si, ts, 8);
        put_siginfo(si, SIGUSR1, 0, SI_QUEUE, 42, 0, 0xdeadbeefbadc0dedULL);
        syscall(SYS_rt_sigqueueinfo, NO_PID, SIGUSR1, si);
        put_siginfo(si, SIGUSR2, 2, SI_QUEUE, -1, UINT32_MAX, 0xffffffffffffffffULL);
        syscall(SYS_rt_tgsigqueueinfo, NO_PID, NO_PID, SIGUSR2, si);
        syscall(SYS_rt_sigqueueinfo, NO_PID, 0, end - 64);
        put_siginfo(si, SIGUSR1, -1, SI_USER, 7, 1000, 0);
        syscall(SYS_pidfd_send_signal, -1, SIGUSR1, si, 0);
        syscall(SYS_pidfd_send_signal, -1, 0, NULL, 0xffffffff);
        *set = 1ULL << (SIGUSR2 - 1) | 1ULL << (SIGCHLD - 1);
        fd = (int)syscall(SYS_signalfd4, -1, set, 8, 02000000 | 04000);
        close(fd);
        syscall(SYS_signalfd4, -1, set, 4, 0x1);
        syscall(SYS_pidfd_open, NO_PID, 0);
        syscall(SYS_pidfd_open, -1, 04000 | 0x1);

        /* waiting without children */
        syscall(SYS_waitid, P_PID, NO_PID, si, WEXITED, buf);
        syscall(SYS_waitid, P_ALL, 0, NULL, WNOHANG | WEXITED, NULL);
        syscall(SYS_waitid, 7, 0, si, 0x40000000, NULL);
        syscall(SYS_wait4, -1, buf, WNOHANG | __WALL, buf + 64);

        /* scheduling */
        memset(attr, 0, 56);
        *(uint32_t *)attr = 1;
        syscall(SYS_sched_setattr, 0, attr, 0);
        *(uint32_t *)attr = 56;
        *(uint32_t *)(attr + 4) = 0xdefaced;
        *(uint64_t *)(attr + 8) = 0x10 | 0x80;
        syscall(SYS_sched_setattr, -1, attr, 0);
        syscall(SYS_sched_setattr, 0, end - 2, 0);
        syscall(SYS_sched_getattr, NO_PID, attr, 56, 0);
        syscall(SYS_sched_getattr, 0, NULL, 0, 0);
        *(int32_t *)buf = -1;
        syscall(SYS_sched_setparam, 0, buf);
        syscall(SYS_sched_getparam, NO_PID, buf);
        *set = 0x3;
        syscall(SYS_sched_setaffinity, NO_PID, 8, set);
        syscall(SYS_sched_setaffinity, NO_PID, 0, set);
        syscall(SYS_sched_setaffinity, NO_PID, 16, end - 8);
        syscall(SYS_sched_getaffinity, NO_PID, 8, set);

        /* processes */
        syscall(SYS_kcmp, NO_PID, NO_PID, KCMP_FILE, 23, 42);
        syscall(SYS_kcmp, NO_PID, NO_PID, KCMP_SYSVSEM, 23, 42);
        *(uint32_t *)buf = 23;
        *(uint32_t *)(buf + 4) = 42;
        *(uint32_t *)(buf + 8) = 0;
        syscall(SYS_kcmp, NO_PID, NO_PID, KCMP_EPOLL_TFD, 23, buf);
        syscall(SYS_kcmp, NO_PID, NO_PID, KCMP_EPOLL_TFD, 23, end - 4);
        syscall(SYS_kcmp, NO_PID, NO_PID, 0xda7adead, 0xdec0ded3dec0ded4ULL, 0);
        syscall(SYS_membarrier, 3, 0xff, -1);
        syscall(SYS_membarrier, 0x10000, 0, 0);
        syscall(SYS_ioprio_get, 0xfa57beef, 0);
        syscall(SYS_ioprio_set, 2, NO_PID, 0x1fff);
        syscall(SYS_ioprio_set, 1, NO_PID, 0xfacefeed);
        syscall(SYS_unshare, 0xbadc0ded0000000fULL);
        syscall(SYS_setns, -1, 0x40000000);
        syscall(SYS_setns, -1, 0x80 | 0x1);
        syscall(SYS_close_range, ~0U, 3, 0);
        syscall(SYS_close_range, 64, 63, 6 | 0x8);
        syscall(SYS_getresuid, end, end, end);
        syscall(SYS_getresgid, NULL, end - 2, NULL);

        /* the system, asked nothing it would act on */
        syscall(SYS_syslog, 0xfeedbeef, NULL, -1);
        syscall(SYS_syslog, 8, 0xfacefeeddeadbeefULL, 9);
        syscall(SYS_syslog, 0x7fffffff, buf, 0);
        /* 40 bytes, no NUL, then the unmapped page */
        memset(end - 40, 'A', 40);
        syscall(SYS_reboot, 0x13111992, LINUX_REBOOT_MAGIC2A, LINUX_REBOOT_CMD_RESTART2, end - 40);
        syscall(SYS_reboot, 0x13111992, 0, 0xdeadbeef, 0);
        syscall(SYS_swapon, "/nonexistent/renacer", SWAP_FLAG_PREFER | SWAP_FLAG_DISCARD | 42);
        syscall(SYS_swapon, "/nonexistent/renacer", 0);
        syscall(SYS_swapoff, "/nonexistent/renacer");
        syscall(SYS_ustat, 0xffffffff, NULL);
        syscall(SYS_sysinfo, end);
        syscall(SYS_mknod, "/nonexistent/renacer", S_IFCHR | 0600, makedev(1, 3));
        syscall(SYS_mknod, "/nonexistent/renacer", S_IFIFO | 04755, 0);

        /* file systems and memory */
        syscall(SYS_statfs, "/nonexistent/renacer", buf);
        syscall(SYS_fstatfs, -1, buf);
        syscall(SYS_fstatfs, 0, end - 8);
        memset(buf, 0, 80);
        syscall(SYS__sysctl, buf);
        syscall(SYS__sysctl, end - 8);
        syscall(SYS_get_robust_list, NO_PID, buf, buf + 8);
        page[0] = 1;
        syscall(SYS_mincore, page, 4096, buf);
        syscall(SYS_mincore, page, 1, buf);
        syscall(SYS_mincore, page, 0, buf);
        syscall(SYS_mincore, page, 8192, buf);
        syscall(SYS_mincore, page, 4096, end);
        syscall(SYS_getdents, -1, buf, 64);
        syscall(SYS_getrandom, NULL, 0, 0);
        return 0;
}
