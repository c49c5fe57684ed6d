// SPDX-License-Identifier: MIT
/*
 * Syscall names come from libseccomp, read once into a table so that lookups
 * on the per-event path neither allocate nor lock. Class membership is data
 * no library carries; the lists below are strace 6.1's classes as it applies
 * them on x86_64 (measured by tracing a sweep over every syscall number with
 * `strace -e trace=%CLASS`), which follow the documented rules: %file takes
 * a file name, %desc takes or returns a descriptor, %memory maps memory,
 * %process is the process lifecycle, and so on.
 */
#include <errno.h>
#include <pthread.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-names.h"

#define NAME_MAX_LEN 40

static char names[RENACER_SYSCALL_MAX][NAME_MAX_LEN];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void names_init(void)
{
        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++) {
                char *n = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);

                /* strace's spelling for numbers it has no name for */
                if (!n || strlen(n) >= NAME_MAX_LEN)
                        snprintf(names[nr], NAME_MAX_LEN, "syscall_%#x", (unsigned)nr);
                else
                        memcpy(names[nr], n, strlen(n) + 1);
                free(n);
        }
}

const char *syscall_name(int nr)
{
        static __thread char out_of_range[32];

        if (nr < 0 || nr >= RENACER_SYSCALL_MAX) {
                /* records never carry these; a per-thread buffer keeps the
                 * answer valid until this thread asks again */
                snprintf(out_of_range, sizeof(out_of_range), "syscall_%#x", (unsigned)nr);
                return out_of_range;
        }
        pthread_once(&names_once, names_init);
        return names[nr];
}

int syscall_number(const char *name)
{
        if (!name)
                return -ENOENT;
        pthread_once(&names_once, names_init);
        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++)
                if (strcmp(names[nr], name) == 0)
                        return nr;
        return -ENOENT;
}

/* ---- classes ---- */

static const char cl_file[] =
    "access acct chdir chmod chown chroot creat execve execveat faccessat faccessat2 "
    "fanotify_mark fchmodat fchownat fsconfig fspick futimesat getcwd getxattr "
    "inotify_add_watch lchown lgetxattr link linkat listxattr llistxattr lremovexattr "
    "lsetxattr lstat mkdir mkdirat mknod mknodat mount mount_setattr move_mount "
    "name_to_handle_at newfstatat open open_tree openat openat2 pivot_root quotactl "
    "readlink readlinkat removexattr rename renameat renameat2 rmdir setxattr stat "
    "statfs statx swapoff swapon symlink symlinkat truncate umount2 unlink unlinkat "
    "uselib utime utimensat utimes";

static const char cl_desc[] =
    "bpf close copy_file_range creat dup dup2 dup3 epoll_create epoll_create1 epoll_ctl "
    "epoll_pwait epoll_pwait2 epoll_wait eventfd eventfd2 execveat faccessat faccessat2 "
    "fadvise64 fallocate fanotify_init fanotify_mark fchdir fchmod fchmodat fchown "
    "fchownat fcntl fdatasync fgetxattr finit_module flistxattr flock fremovexattr "
    "fsconfig fsetxattr fsmount fsopen fspick fstat fstatfs fsync ftruncate futimesat "
    "getdents getdents64 inotify_add_watch inotify_init inotify_init1 inotify_rm_watch "
    "io_uring_enter io_uring_register io_uring_setup ioctl kexec_file_load "
    "landlock_add_rule landlock_create_ruleset landlock_restrict_self linkat lseek "
    "memfd_create memfd_secret mkdirat mknodat mmap mount_setattr move_mount "
    "mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedsend name_to_handle_at "
    "newfstatat open open_by_handle_at open_tree openat openat2 perf_event_open "
    "pidfd_getfd pidfd_open pidfd_send_signal pipe pipe2 poll ppoll pread64 preadv "
    "preadv2 process_madvise process_mrelease pselect6 pwrite64 pwritev pwritev2 "
    "quotactl_fd read readahead readlinkat readv renameat renameat2 select sendfile "
    "setns signalfd signalfd4 splice statx symlinkat sync_file_range syncfs tee "
    "timerfd_create timerfd_gettime timerfd_settime unlinkat userfaultfd utimensat "
    "vmsplice write writev";

static const char cl_network[] =
    "accept accept4 bind connect getpeername getpmsg getsockname getsockopt listen "
    "putpmsg recvfrom recvmmsg recvmsg sendfile sendmmsg sendmsg sendto setsockopt "
    "shutdown socket socketpair";

static const char cl_process[] =
    "clone clone3 execve execveat exit exit_group fork kill pidfd_send_signal "
    "rt_sigqueueinfo rt_tgsigqueueinfo tgkill tkill vfork wait4 waitid";

static const char cl_memory[] =
    "brk get_mempolicy io_destroy io_setup io_uring_register madvise mbind migrate_pages "
    "mincore mlock mlock2 mlockall mmap move_pages mprotect mremap msync munlock "
    "munlockall munmap pkey_mprotect remap_file_pages set_mempolicy "
    "set_mempolicy_home_node shmat shmdt";

static const char cl_signal[] =
    "io_uring_enter kill pause pidfd_send_signal rt_sigaction rt_sigpending "
    "rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait "
    "rt_tgsigqueueinfo sigaltstack signalfd signalfd4 tgkill tkill";

static const char cl_ipc[] =
    "msgctl msgget msgrcv msgsnd semctl semget semop semtimedop shmat shmctl shmdt "
    "shmget";

static const char cl_creds[] =
    "capget capset getegid geteuid getgid getgroups getresgid getresuid getuid prctl "
    "setfsgid setfsuid setgid setgroups setregid setresgid setresuid setreuid setuid";

static const char cl_clock[] =
    "adjtimex clock_adjtime clock_getres clock_gettime clock_settime gettimeofday "
    "settimeofday time";

static const char cl_pure[] = "getegid geteuid getgid getpgrp getpid getppid gettid getuid";

static const char cl_stat[] = "stat";

static const char cl_lstat[] = "lstat";

static const char cl_fstat[] = "fstat newfstatat statx";

static const char cl_stat_like[] = "fstat lstat newfstatat stat statx";

static const char cl_statfs[] = "statfs";

static const char cl_fstatfs[] = "fstatfs";

static const char cl_statfs_like[] = "fstatfs statfs ustat";

/* Members are separated by single spaces. */
static const struct {
        const char *name;
        const char *members;
} classes[] = {
    {"file", cl_file},           {"desc", cl_desc},
    {"network", cl_network},     {"net", cl_network},
    {"process", cl_process},     {"memory", cl_memory},
    {"signal", cl_signal},       {"ipc", cl_ipc},
    {"creds", cl_creds},         {"clock", cl_clock},
    {"pure", cl_pure},           {"stat", cl_stat},
    {"lstat", cl_lstat},         {"fstat", cl_fstat},
    {"%stat", cl_stat_like},     {"stat_like", cl_stat_like},
    {"statfs", cl_statfs},       {"fstatfs", cl_fstatfs},
    {"%statfs", cl_statfs_like}, {"statfs_like", cl_statfs_like},
};

int syscall_class_bitmap(const char *class_name, uint64_t bitmap[RENACER_FILTER_WORDS])
{
        if (!class_name || !bitmap)
                return -ENOENT;
        for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
                const char *m = classes[i].members;
                int n = 0;

                if (strcmp(classes[i].name, class_name) != 0)
                        continue;
                while (*m) {
                        char name[NAME_MAX_LEN];
                        size_t len = strcspn(m, " ");
                        int nr;

                        if (len >= sizeof(name))
                                return -ENOENT; /* cannot happen with the lists above */
                        memcpy(name, m, len);
                        name[len] = '\0';
                        m += len + (m[len] == ' ');
                        nr = syscall_number(name);
                        /* a name this libseccomp does not know cannot be
                         * traced by number either */
                        if (nr < 0)
                                continue;
                        bitmap[nr / 64] |= 1ULL << (nr % 64);
                        n++;
                }
                return n;
        }
        return -ENOENT;
}

/* ---- errno ---- */

/* Codes the kernel uses internally that can still reach a tracer; glibc has
 * no names for them. Same names as strace's errnoent. */
static const char *const kernel_errnos[] = {
    [512 - 512] = "ERESTARTSYS",
    [513 - 512] = "ERESTARTNOINTR",
    [514 - 512] = "ERESTARTNOHAND",
    [515 - 512] = "ENOIOCTLCMD",
    [516 - 512] = "ERESTART_RESTARTBLOCK",
    [517 - 512] = "EPROBE_DEFER",
    [518 - 512] = "EOPENSTALE",
    [519 - 512] = "ENOPARAM",
    [521 - 512] = "EBADHANDLE",
    [522 - 512] = "ENOTSYNC",
    [523 - 512] = "EBADCOOKIE",
    [524 - 512] = "ENOTSUPP",
    [525 - 512] = "ETOOSMALL",
    [526 - 512] = "ESERVERFAULT",
    [527 - 512] = "EBADTYPE",
    [528 - 512] = "EJUKEBOX",
    [529 - 512] = "EIOCBQUEUED",
    [530 - 512] = "ERECALLCONFLICT",
};

const char *errno_name(long err)
{
        if (err >= 512 && err < 512 + (long)(sizeof(kernel_errnos) / sizeof(kernel_errnos[0])))
                return kernel_errnos[err - 512];
        if (err <= 0 || err > 4095)
                return NULL;
        return strerrorname_np((int)err);
}

const char *errno_text(long err)
{
        static __thread char unknown[40];
        const char *s;

        /* strace's own wording for the restart codes */
        switch (err) {
        case 512:
                return "To be restarted if SA_RESTART is set";
        case 513:
                return "To be restarted";
        case 514:
                return "To be restarted if no handler";
        case 516:
                return "Interrupted by signal";
        }
        /* the untranslated glibc text, as strace in the C locale prints it */
        s = (err > 0 && err <= 4095) ? strerrordesc_np((int)err) : NULL;
        if (s)
                return s;
        snprintf(unknown, sizeof(unknown), "Unknown error %ld", err);
        return unknown;
}
