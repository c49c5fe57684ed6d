// SPDX-License-Identifier: MIT
/*
 * Multiplexer calls (prctl, ptrace, fsconfig), clone3, futex_waitv and
 * mount_setattr with valid, invalid and
 * edge-case arguments whose trace lines do not depend on the run: buffers live in a page mapped at
 * a fixed address, followed by an unmapped page for the faulting cases, and nothing is changed that
 * the program's exit would not undo. The differential test traces it with strace 6.1 and renacerctl
 * and requires identical lines.
 */
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/mount.h>
#include <linux/prctl.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BASE   ((uintptr_t)0x5ec2000000ULL)
#define PAGE   4096
#define NO_PID 0x7ffffff0 /* above pid_max: ESRCH */

static long prctl5(unsigned long op, unsigned long a2, unsigned long a3, unsigned long a4,
                   unsigned long a5)
{
        return syscall(SYS_prctl, op, a2, a3, a4, a5);
}

static void prctl_calls(uint8_t *page, uint8_t *end)
{
        static const unsigned long get_int[] = {
            PR_GET_CHILD_SUBREAPER, PR_GET_PDEATHSIG, PR_GET_TSC,
            PR_GET_UNALIGN,         PR_GET_FPEMU,     PR_GET_ENDIAN};
        const unsigned long bogus = 0xdeadc0de00000000UL;
        char *name = (char *)page + 0x100;
        int *val = (int *)(page + 0x200);

        /* an option no kernel knows, and the arguments of the high half */
        prctl5(0xffffffff, 0xfffffffe, 0xfffffffd, 0xfffffffc, 0xfffffffb);
        prctl5(bogus | PR_GET_KEEPCAPS, 1, 2, 3, 4);
        prctl5(PR_GET_TIMING, 0, 0, 0, 0);
        prctl5(PR_GET_SECCOMP, 0, 0, 0, 0);
        prctl5(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);

        /* ints the kernel writes: NULL, unmapped, half mapped, readable */
        for (size_t i = 0; i < sizeof(get_int) / sizeof(get_int[0]); i++) {
                prctl5(get_int[i], 0, 0, 0, 0);
                prctl5(get_int[i], (unsigned long)end, 0, 0, 0);
                prctl5(get_int[i], (unsigned long)(end - 2), 0, 0, 0);
                prctl5(get_int[i], (unsigned long)val, 0, 0, 0);
        }
        prctl5(PR_GET_TID_ADDRESS, 0, 0, 0, 0);
        prctl5(PR_GET_TID_ADDRESS, (unsigned long)end, 0, 0, 0);

        /* values and flags: known, unknown, 64 bits wide */
        prctl5(PR_SET_DUMPABLE, 3, 0, 0, 0);
        prctl5(PR_SET_DUMPABLE, bogus | 1, 0, 0, 0);
        prctl5(PR_SET_DUMPABLE, 1, 0, 0, 0);
        prctl5(PR_GET_DUMPABLE, 0, 0, 0, 0);
        prctl5(PR_SET_PDEATHSIG, bogus | 1, 0, 0, 0);
        prctl5(PR_SET_PDEATHSIG, SIGINT, 0, 0, 0);
        prctl5(PR_SET_PDEATHSIG, 0, 0, 0, 0);
        prctl5(PR_GET_PDEATHSIG, (unsigned long)val, 0, 0, 0);
        prctl5(PR_SET_TSC, 0, 0, 0, 0);
        prctl5(PR_SET_TSC, 0xfacebeef, 0, 0, 0);
        prctl5(PR_SET_UNALIGN, 0xff00, 0, 0, 0);
        prctl5(PR_CAPBSET_READ, 13, 0, 0, 0);
        prctl5(PR_CAPBSET_READ, 0xff, 0, 0, 0);
        prctl5(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 21, 0, 0);
        prctl5(PR_CAP_AMBIENT, 0xff, 0xaaaa, 0xbbbb, 0xcccc);
        prctl5(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 0xff, 0, 0);
        prctl5(PR_MCE_KILL, PR_MCE_KILL_SET, 0xff, 0, 0);
        prctl5(PR_MCE_KILL, 0xaaaa, 0xbbbb, 0xcccc, 0xdddd);
        prctl5(PR_MCE_KILL_GET, 0, 0, 0, 0);
        prctl5(PR_SET_SECUREBITS, 0xbadc0ded00000000UL, 0, 0, 0);
        prctl5(PR_GET_SECUREBITS, 0, 0, 0, 0);
        prctl5(PR_SET_SECCOMP, (unsigned long)-1, 1, 2, 3);
        prctl5(PR_SET_TIMERSLACK, (unsigned long)-1, 0, 0, 0);
        prctl5(PR_GET_TIMERSLACK, 0, 0, 0, 0);
        prctl5(PR_SET_NO_NEW_PRIVS, 2, 1, 0, 0);
        prctl5(PR_SET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0xbad, 0, 0);
        prctl5(PR_SET_SPECULATION_CTRL, 0xbad, 0xfeed, 0, 0);
        prctl5(PR_GET_SPECULATION_CTRL, PR_SPEC_INDIRECT_BRANCH, 0, 0, 0);
        prctl5(PR_GET_SPECULATION_CTRL, 0xbad, 0, 0, 0);
        prctl5(PR_SET_FP_MODE, 0xdead, 0, 0, 0);
        prctl5(PR_GET_FP_MODE, 0, 0, 0, 0);
        prctl5(PR_SVE_SET_VL, 0x600ff, 0, 0, 0);
        prctl5(PR_SVE_GET_VL, 0, 0, 0, 0);
        prctl5(PR_SME_SET_VL, 0xbadc0ded0000faceUL, 0, 0, 0);
        prctl5(PR_SET_TAGGED_ADDR_CTRL, 0xcafe << 3 | 0x57a80000 | 4, 1, 2, 3);
        prctl5(PR_GET_TAGGED_ADDR_CTRL, 0, 0, 0, 0);
        prctl5(PR_PAC_RESET_KEYS, 0xcafe, 1, 2, 3);
        prctl5(PR_PAC_SET_ENABLED_KEYS, 0x1e, 0x7ffffff0, 0, 1);
        prctl5(PR_SET_SYSCALL_USER_DISPATCH, 0xffffffff00000000UL, 1, 1, 1);
        prctl5(PR_SET_MM, 0xbad, 1, 2, 3);
        prctl5(PR_SET_PTRACER, (unsigned long)-1, 0, 0, 0);
        prctl5(PR_SCHED_CORE, PR_SCHED_CORE_GET, 0x7ffffff0, 0, 0);
        prctl5(PR_SCHED_CORE, PR_SCHED_CORE_GET, 0x7ffffff0, 1, (unsigned long)end);
        prctl5(PR_SCHED_CORE, PR_SCHED_CORE_SHARE_TO, 0, 0xffffffff, (unsigned long)val);
        prctl5(PR_SCHED_CORE, 0xbad, 0, 4, 0);

        /* names: empty, short, TASK_COMM_LEN - 1 and longer, NULL, cut by
         * the unmapped page, and the name the kernel writes back */
        prctl5(PR_SET_NAME, 0, 0, 0, 0);
        strcpy(name, "");
        prctl5(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
        strcpy(name, "ctl\t\"calls\"");
        prctl5(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
        strcpy(name, "0123456789abcde");
        prctl5(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
        strcpy(name, "0123456789abcdefghij");
        prctl5(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
        memcpy(end - 15, "0123456789abcde", 15);
        prctl5(PR_SET_NAME, (unsigned long)(end - 15), 0, 0, 0);
        prctl5(PR_SET_NAME, (unsigned long)(end - 14), 0, 0, 0);
        memcpy(end - 3, "ab", 3);
        prctl5(PR_SET_NAME, (unsigned long)(end - 3), 0, 0, 0);
        prctl5(PR_SET_NAME, (unsigned long)end, 0, 0, 0);
        prctl5(PR_GET_NAME, (unsigned long)name, 0, 0, 0);
        prctl5(PR_GET_NAME, 0, 0, 0, 0);
        prctl5(PR_GET_NAME, (unsigned long)(end - 4), 0, 0, 0);
        prctl5(PR_SET_VMA, PR_SET_VMA_ANON_NAME, 0, 1, 0);
        prctl5(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)page, 2, (unsigned long)name);
        prctl5(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)page, 3, (unsigned long)end);
        prctl5(PR_SET_VMA, 0xdefaced, (unsigned long)page, 4, 5);
}

static long ptrace4(unsigned long req, unsigned long pid, unsigned long addr, unsigned long data)
{
        return syscall(SYS_ptrace, req, pid, addr, data);
}

static void put_siginfo(uint8_t *si, int signo, int err, int code, uint64_t u0, uint64_t u8)
{
        memset(si, 0, 128);
        memcpy(si, &signo, 4);
        memcpy(si + 4, &err, 4);
        memcpy(si + 8, &code, 4);
        memcpy(si + 16, &u0, 8);
        memcpy(si + 24, &u8, 8);
}

/* every request on a pid that does not exist (ESRCH, after strace and
 * renacer read what the request points to) */
static void ptrace_calls(uint8_t *page, uint8_t *end)
{
        static const unsigned long user_offsets[] = {0, 8 * 3 + 5, 144, 168, 216, 0x10000};
        uint64_t *mask = (uint64_t *)(page + 0x300);
        uint64_t *iov = (uint64_t *)(page + 0x340);
        uint64_t *md = (uint64_t *)(page + 0x360);
        uint8_t *si = page + 0x400;
        struct ptrace_peeksiginfo_args *psi = (void *)(page + 0x380);

        ptrace4(0xdeadbeeffffffeedUL, NO_PID, 0, 0);
        ptrace4(PTRACE_PEEKDATA, NO_PID, 0xdeadbeeffffffeedUL, (unsigned long)page);
        ptrace4(PTRACE_PEEKTEXT, NO_PID, 0, 0);
        for (size_t i = 0; i < sizeof(user_offsets) / sizeof(user_offsets[0]); i++) {
                ptrace4(PTRACE_PEEKUSR, NO_PID, user_offsets[i], (unsigned long)page);
                ptrace4(PTRACE_POKEUSR, NO_PID, user_offsets[i], 0xdeadcafe);
        }
        ptrace4(PTRACE_ATTACH, NO_PID, 1, 2);
        ptrace4(PTRACE_KILL, NO_PID, 0, 0);
        ptrace4(PTRACE_INTERRUPT, NO_PID, 0, 0);
        ptrace4(PTRACE_CONT, NO_PID, 0, SIGUSR1);
        ptrace4(PTRACE_SYSCALL, NO_PID, 0, 0);
        ptrace4(PTRACE_DETACH, NO_PID, 0, 0xdead);
        ptrace4(PTRACE_SETOPTIONS, NO_PID, 0, PTRACE_O_TRACEFORK | PTRACE_O_EXITKILL | 0x800000);
        ptrace4(PTRACE_SETOPTIONS, NO_PID, 0, 0);
        ptrace4(PTRACE_SEIZE, NO_PID, 0, PTRACE_O_TRACESYSGOOD);
        ptrace4(PTRACE_GETEVENTMSG, NO_PID, 0, (unsigned long)page);
        *mask = 1ULL << (SIGUSR1 - 1) | 1ULL << (SIGRTMIN + 1);
        ptrace4(PTRACE_SETSIGMASK, NO_PID, 8, (unsigned long)mask);
        ptrace4(PTRACE_SETSIGMASK, NO_PID, 4, (unsigned long)mask);
        ptrace4(PTRACE_SETSIGMASK, NO_PID, 8, (unsigned long)end);
        ptrace4(PTRACE_GETSIGMASK, NO_PID, 8, (unsigned long)mask);
        ptrace4(PTRACE_SECCOMP_GET_FILTER, NO_PID, 42, 0);
        md[0] = 0xfacefeed;
        ptrace4(PTRACE_SECCOMP_GET_METADATA, NO_PID, 7, (unsigned long)md);
        ptrace4(PTRACE_SECCOMP_GET_METADATA, NO_PID, 16, (unsigned long)md);
        ptrace4(PTRACE_SECCOMP_GET_METADATA, NO_PID, 16, (unsigned long)(end - 8));
        ptrace4(PTRACE_SECCOMP_GET_METADATA, NO_PID, 16, (unsigned long)end);
        psi->off = 0xfacefeedUL;
        psi->flags = PTRACE_PEEKSIGINFO_SHARED | 2;
        psi->nr = 42;
        ptrace4(PTRACE_PEEKSIGINFO, NO_PID, (unsigned long)psi, 0);
        ptrace4(PTRACE_PEEKSIGINFO, NO_PID, 0, (unsigned long)page);
        ptrace4(PTRACE_PEEKSIGINFO, NO_PID, (unsigned long)(end - 8), 0);
        iov[0] = (uint64_t)(uintptr_t)page;
        iov[1] = 216;
        ptrace4(PTRACE_GETREGSET, NO_PID, 0x202 /* NT_X86_XSTATE */, (unsigned long)iov);
        ptrace4(PTRACE_SETREGSET, NO_PID, 0xbad, (unsigned long)iov);
        ptrace4(PTRACE_GETREGSET, NO_PID, 0x202, (unsigned long)end);
        ptrace4(PTRACE_GETREGSET, NO_PID, 0x202, 0);
        ptrace4(PTRACE_GET_SYSCALL_INFO, NO_PID, 88, 0);

        put_siginfo(si, SIGIO, 2, POLL_IN, (uint64_t)-2, 23);
        ptrace4(PTRACE_SETSIGINFO, NO_PID, 0, (unsigned long)si);
        put_siginfo(si, SIGSEGV, 0, SEGV_MAPERR, 0xfacefeeddeadbeefUL, 0);
        ptrace4(PTRACE_SETSIGINFO, NO_PID, 0, (unsigned long)si);
        put_siginfo(si, SIGTRAP, 0, 0x499602d2, 0xfacefeedUL, 0);
        ptrace4(PTRACE_SETSIGINFO, NO_PID, 0, (unsigned long)si);
        put_siginfo(si, SIGUSR1, 0, SI_QUEUE, 0x0000000300000007UL, 0xdeadbeefUL);
        ptrace4(PTRACE_SETSIGINFO, NO_PID, 0, (unsigned long)si);
        put_siginfo(si, SIGPROF, -2, (int)0xbadc0ded, 0x0000000300000000UL, 0);
        ptrace4(PTRACE_SETSIGINFO, NO_PID, 0, (unsigned long)si);
        ptrace4(PTRACE_SETSIGINFO, NO_PID, 0, (unsigned long)(end - 64));
        ptrace4(PTRACE_GETSIGINFO, NO_PID, 0, (unsigned long)si);
}

static long clone3_(const void *args, unsigned long size)
{
        return syscall(SYS_clone3, args, size);
}

/* clone3 calls the kernel refuses: too small, bad flags, bad set_tid,
 * non-zero bytes past the structure, unreadable structures */
static void clone3_calls(uint8_t *page, uint8_t *end)
{
        struct clone_args *ca = (void *)(page + 0x600);
        struct clone_args *at_end = (void *)(end - sizeof(*ca));
        int32_t *tids = (int32_t *)(page + 0x700);
        uint8_t *past = (uint8_t *)(ca + 1);

        memset(ca, 0, 0x100);
        clone3_(ca, 63);
        clone3_(NULL, sizeof(*ca));
        ca->flags = 0xdec0deac0040007fULL;
        ca->exit_signal = 250;
        ca->stack = 0xface1e55beeff00dULL;
        ca->stack_size = 0xcaffeedefacedca7ULL;
        clone3_(ca, 64);
        ca->flags = CLONE_PIDFD | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_SETTLS |
                    0xbad0000000000000ULL;
        ca->pidfd = (uintptr_t)(end - 4);
        ca->parent_tid = 0;
        ca->child_tid = (uintptr_t)end;
        ca->tls = (uintptr_t)page;
        ca->exit_signal = SIGCHLD;
        clone3_(ca, 80);
        ca->flags =
            CLONE_INTO_CGROUP | CLONE_NEWTIME | CLONE_CLEAR_SIGHAND | CLONE_VFORK | CLONE_THREAD;
        ca->cgroup = 0x7fffffff;
        clone3_(ca, sizeof(*ca));
        memset(ca, 0, sizeof(*ca));
        ca->flags = 0x8000000000000000ULL;
        for (int i = 0; i < 5; i++)
                tids[i] = -1 - i * 1000;
        ca->set_tid = (uintptr_t)tids;
        ca->set_tid_size = 5;
        clone3_(ca, sizeof(*ca));
        ca->set_tid = (uintptr_t)(end - 8);
        ca->set_tid_size = 3;
        clone3_(ca, sizeof(*ca));
        ca->set_tid_size = 33;
        clone3_(ca, sizeof(*ca));
        ca->set_tid = 0;
        ca->set_tid_size = 0;
        memcpy(past, "\xde\xc0\xad\xde\xed\xfe\xce\xfa", 8);
        clone3_(ca, sizeof(*ca) + 8);
        memset(past, 0, 8);
        clone3_(ca, sizeof(*ca) + 8);
        past[40] = 1;
        clone3_(ca, sizeof(*ca) + 64);
        memset(at_end, 0, sizeof(*at_end));
        at_end->flags = 0x8000000000000000ULL;
        clone3_(at_end, sizeof(*at_end) + 8);
        clone3_(at_end, sizeof(*at_end));
        clone3_((uint8_t *)at_end + 8, sizeof(*at_end));
}

static long fsconfig_(int fd, unsigned cmd, const void *key, const void *value, int aux)
{
        return syscall(SYS_fsconfig, fd, cmd, key, value, aux);
}

/* every fsconfig command on fds that are not fs contexts */
static void fsconfig_calls(uint8_t *page, uint8_t *end)
{
        char *key = (char *)page + 0x800, *val = (char *)page + 0x880;

        strcpy(key, "source");
        strcpy(val, "/dev/full");
        fsconfig_(-1, 8, key, val, -100);
        fsconfig_(-1, FSCONFIG_SET_FLAG, key, val, 0);
        fsconfig_(-1, FSCONFIG_SET_STRING, key, val, 0);
        fsconfig_(-1, FSCONFIG_SET_STRING, end - 2, end, 0);
        fsconfig_(-1, FSCONFIG_SET_BINARY, key, val, 10);
        fsconfig_(-1, FSCONFIG_SET_BINARY, key, val, 0);
        fsconfig_(-1, FSCONFIG_SET_BINARY, key, val, -1);
        fsconfig_(-1, FSCONFIG_SET_BINARY, key, end - 4, 8);
        fsconfig_(-1, FSCONFIG_SET_PATH, key, val, AT_FDCWD);
        fsconfig_(-1, FSCONFIG_SET_PATH_EMPTY, NULL, end, 3);
        fsconfig_(-1, FSCONFIG_SET_FD, key, NULL, -1);
        fsconfig_(-1, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
        fsconfig_(-1, FSCONFIG_CMD_RECONFIGURE, key, val, 7);
}

/* mount_setattr on fds that are not mounts: struct mount_attr too
 * small, whole, with zero, non-zero and unreadable bytes past it */
static void mount_setattr_calls(uint8_t *page, uint8_t *end)
{
        struct mount_attr *ma = (void *)(page + 0xb00);
        struct mount_attr *at_end = (void *)(end - sizeof(*ma));
        uint8_t *past = (uint8_t *)(ma + 1);
        const char *path = (const char *)page + 0x880;

        memset(ma, 0, 2 * sizeof(*ma));
        ma->attr_set = 0xffffffff00000000ULL;
        ma->propagation = MS_UNBINDABLE;
        ma->userns_fd = 9;
        syscall(SYS_mount_setattr, -1, path, 0, ma, 31);
        syscall(SYS_mount_setattr, -1, path, 0xffffffff, ma, sizeof(*ma));
        ma->attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_IDMAP;
        ma->attr_clr = MOUNT_ATTR_NODEV | 0x40;
        ma->propagation = 0x140000;
        syscall(SYS_mount_setattr, -1, "", AT_EMPTY_PATH, ma, sizeof(*ma) + 8);
        memcpy(past, "\x80\x81\x82", 3);
        syscall(SYS_mount_setattr, -1, path, AT_RECURSIVE, ma, sizeof(*ma) + 8);
        memcpy(at_end, ma, sizeof(*ma));
        syscall(SYS_mount_setattr, -1, path, 0, at_end, sizeof(*at_end) + 8);
        syscall(SYS_mount_setattr, -1, path, 0, at_end, sizeof(*at_end));
        syscall(SYS_mount_setattr, -1, path, 0, end, sizeof(*at_end));
        syscall(SYS_mount_setattr, -1, NULL, 0, NULL, 0);
}

/* futex_waitv calls that return at once: refused, unreadable, or a
 * futex word that does not hold the value (EAGAIN) */
static void futex_waitv_calls(uint8_t *page, uint8_t *end)
{
        struct futex_waitv *w = (void *)(page + 0x900);
        struct futex_waitv *last = (void *)(end - sizeof(*w));
        uint32_t *word = (uint32_t *)(page + 0x9f0);
        struct timespec *ts = (void *)(page + 0xa00);

        *word = 7;
        ts->tv_sec = 1;
        ts->tv_nsec = 2;
        syscall(SYS_futex_waitv, NULL, 1, 0xffffffff, NULL, CLOCK_MONOTONIC);
        syscall(SYS_futex_waitv, w, 0, 1, end, 0xffffffff);
        syscall(SYS_futex_waitv, end, 1, 0, ts, CLOCK_REALTIME);
        memset(w, 0xff, sizeof(*w));
        w->uaddr = 0;
        syscall(SYS_futex_waitv, w, 1, 0, NULL, CLOCK_MONOTONIC);
        memset(last, 0, sizeof(*last));
        last->uaddr = (uintptr_t)word;
        last->flags = FUTEX_32;
        syscall(SYS_futex_waitv, last, 2, 0, NULL, CLOCK_MONOTONIC);
        for (int i = 0; i < 3; i++) {
                w[i].val = (uint64_t)i;
                w[i].uaddr = (uintptr_t)word;
                w[i].flags = FUTEX_32 | FUTEX_PRIVATE_FLAG;
                w[i].__reserved = 0;
        }
        syscall(SYS_futex_waitv, w, 3, 0, ts, CLOCK_MONOTONIC);
}

int main(void)
{
        uint8_t *page = mmap((void *)BASE, 2 * PAGE, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

        if (page == MAP_FAILED || munmap(page + PAGE, PAGE))
                return 1;
        prctl_calls(page, page + PAGE);
        ptrace_calls(page, page + PAGE);
        clone3_calls(page, page + PAGE);
        fsconfig_calls(page, page + PAGE);
        futex_waitv_calls(page, page + PAGE);
        mount_setattr_calls(page, page + PAGE);
        return 0;
}
