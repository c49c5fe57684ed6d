// SPDX-License-Identifier: MIT
/*
 * The NUMA memory policy, process_madvise, POSIX message queue and
 * extended attribute families with valid, invalid and edge-case arguments
 * whose trace lines do not depend on the run: node masks (empty, too
 * small, readable, longer than -s, running into an unmapped page, of a
 * size that overflows), policies and their flags, the page, node and
 * status arrays of move_pages; madvise ranges; queue attributes, messages
 * (cut at -s, unreadable), priorities, timeouts and sigevents; attribute
 * values, names and lists. Arrays live in pages mapped at a fixed address
 * and followed by an unmapped page; nothing is asked that could change the
 * system (policies are set back to the default, pages are queried or moved
 * to the node they are on, migrate_pages names no process). The queue
 * (argv[1], a name without '/') and the file with attributes (in the
 * directory argv[2]) are the caller's, the same for both tracers, and are
 * removed at the end. The differential test traces it with strace 6.1 and
 * renacerctl and requires identical lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/mempolicy.h>
#include <linux/mqueue.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define BASE ((uintptr_t)0x5ec3000000ULL)
#define PAGE 4096

static void numa_calls(char *data, char *end)
{
        unsigned long *mask = (unsigned long *)data;
        unsigned long *mask_end = (unsigned long *)end;
        void **pages = (void **)(data + 1024);
        int *nodes = (int *)(data + 2048), *status = (int *)(data + 3072);
        int mode = -1;

        for (int i = 0; i < 40; i++)
                mask[i] = i & 1 ? 0 : (1UL << i) | 0xf0;

        syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);
        syscall(SYS_set_mempolicy, 0xdefaced00000000ULL | MPOL_DEFAULT, mask, 0);
        syscall(SYS_set_mempolicy, MPOL_DEFAULT, mask, 1);
        syscall(SYS_set_mempolicy, MPOL_DEFAULT, mask, 2);
        syscall(SYS_set_mempolicy, MPOL_INTERLEAVE | MPOL_F_STATIC_NODES, mask, 129);
        syscall(SYS_set_mempolicy, MPOL_BIND, mask, 64 * 40);
        syscall(SYS_set_mempolicy, MPOL_PREFERRED | MPOL_F_RELATIVE_NODES, mask_end - 1, 130);
        syscall(SYS_set_mempolicy, MPOL_DEFAULT, mask_end, 64);
        syscall(SYS_set_mempolicy, 0x6, mask, ~0UL);
        syscall(SYS_set_mempolicy, 0xffffffff, 0xfacefeedfffffffeULL, 0xcafef00ddeadbeefULL);
        syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0);

        syscall(SYS_get_mempolicy, NULL, NULL, 0, NULL, 0);
        syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, 0);
        syscall(SYS_get_mempolicy, &mode, mask, 64 * 4, NULL, 0);
        syscall(SYS_get_mempolicy, NULL, mask, 64 * 40, NULL, 0);
        syscall(SYS_get_mempolicy, &mode, mask, 1, NULL, 0);
        syscall(SYS_get_mempolicy, &mode, NULL, 0, data, MPOL_F_ADDR);
        syscall(SYS_get_mempolicy, (int *)end, NULL, 0, NULL, 0);
        syscall(SYS_get_mempolicy, 0xdefaced1baddeed2ULL, 0xfacedad3bebefed4ULL,
                0xcafef00dbadc0dedULL, 0xfacefeeddeadbeefULL, ~0UL);

        for (int i = 0; i < 40; i++)
                mask[i] = i & 1 ? 0 : (1UL << i) | 0xf0;
        syscall(SYS_mbind, data + 1, PAGE, MPOL_BIND, mask, 65, MPOL_MF_STRICT | MPOL_MF_MOVE);
        syscall(SYS_mbind, data, PAGE, MPOL_INTERLEAVE | MPOL_F_NUMA_BALANCING, mask_end - 1, 129,
                0x10);
        syscall(SYS_mbind, data, PAGE, MPOL_DEFAULT, NULL, 0, 0);

        syscall(SYS_migrate_pages, 0x7ffffffe, 65, mask, mask + 2);
        syscall(SYS_migrate_pages, 0xfacefeed7ffffffeULL, 0, NULL, mask);
        syscall(SYS_migrate_pages, 0x7ffffffe, 64 * 40, mask_end - 1, mask);

        /* move_pages: what is queried about the program's own pages */
        pages[0] = data;
        pages[1] = end;
        pages[2] = NULL;
        pages[3] = data + PAGE / 2;
        nodes[0] = nodes[1] = 0;
        nodes[2] = (int)0xdeadbee1;
        syscall(SYS_move_pages, 0, 0, pages, NULL, status, MPOL_MF_MOVE);
        syscall(SYS_move_pages, 0, 0, NULL, NULL, NULL, 0);
        syscall(SYS_move_pages, 0, 2, pages, NULL, status, 0);
        syscall(SYS_move_pages, 0, 4, pages, NULL, status, 0);
        syscall(SYS_move_pages, 0x7ffffffe, 3, pages, nodes, status, MPOL_MF_MOVE_ALL);
        syscall(SYS_move_pages, 0, 2, (void **)end - 1, (int *)end - 1, status,
                0xfacefeed00000008ULL);
        syscall(SYS_move_pages, 0, 1, (void **)end, (int *)end, (int *)end, MPOL_MF_MOVE);
}

static void madvise_calls(char *data, char *end)
{
        struct iovec *iov = (struct iovec *)(data + 512);
        int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);

        iov[0].iov_base = data - PAGE;
        iov[0].iov_len = PAGE;
        iov[1].iov_base = data;
        iov[1].iov_len = PAGE;
        syscall(SYS_process_madvise, pidfd, iov, 2, MADV_COLD, 0);
        syscall(SYS_process_madvise, pidfd, iov, 0, MADV_PAGEOUT, 0);
        syscall(SYS_process_madvise, pidfd, iov, 2, 0xdeadc0de, 0);
        syscall(SYS_process_madvise, pidfd, iov, 1, MADV_COLD, 0xcafef00d);
        syscall(SYS_process_madvise, pidfd, (struct iovec *)end - 1, 2, MADV_COLD, 0);
        syscall(SYS_process_madvise, -1, NULL, 0xdeadbeefdeadbeefULL, MADV_COLD, 0);
        close(pidfd);
}

static void mq_calls(const char *name, char *data, char *end)
{
        struct mq_attr *attr = (struct mq_attr *)data, *old = attr + 1;
        struct timespec *ts = (struct timespec *)(data + 256);
        unsigned int *prio = (unsigned int *)(data + 300);
        struct sigevent *sev = (struct sigevent *)(data + 320);
        char *msg = data + 512, *buf = data + 1024;
        long fd;

        memset(attr, 0, sizeof(*attr));
        attr->mq_flags = (long)0xc2c1c0bfbebdbcbbULL;
        attr->mq_maxmsg = 2;
        attr->mq_msgsize = 64;
        memset(end - 8, 'x', 8);
        syscall(SYS_mq_open, NULL, 0, 0600, NULL);
        syscall(SYS_mq_open, end - 8, O_CREAT | O_RDWR, 0600, NULL);
        syscall(SYS_mq_open, name, O_CREAT | O_RDWR, 0600, (struct mq_attr *)(end - 8));
        fd = syscall(SYS_mq_open, name, O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK, 0600, attr);
        if (fd < 0)
                return;
        close((int)syscall(SYS_mq_open, name, O_WRONLY, 0, NULL));

        syscall(SYS_mq_getsetattr, fd, NULL, old);
        memset(attr, 0, sizeof(*attr));
        attr->mq_flags = O_NONBLOCK;
        syscall(SYS_mq_getsetattr, fd, attr, old);
        syscall(SYS_mq_getsetattr, fd, attr, NULL);
        syscall(SYS_mq_getsetattr, fd, (struct mq_attr *)(end - 8), old);
        syscall(SYS_mq_getsetattr, -1, attr, old);

        for (int i = 0; i < 64; i++)
                msg[i] = (char)(0x80 + i);
        ts->tv_sec = 0x7eadbeef;
        ts->tv_nsec = 999999999;
        syscall(SYS_mq_timedsend, fd, "hello", 5, 7, NULL);
        syscall(SYS_mq_timedsend, fd, msg, 64, 42, ts);
        syscall(SYS_mq_timedsend, fd, msg, 8, 1, ts);
        syscall(SYS_mq_timedsend, fd, msg, 65, 1, NULL);
        syscall(SYS_mq_timedsend, fd, end - 8, 64, 0xfacefeed, end - 8);
        syscall(SYS_mq_timedsend, -1, NULL, 0, 0, NULL);

        syscall(SYS_mq_timedreceive, fd, buf, 10, prio, NULL);
        syscall(SYS_mq_timedreceive, fd, buf, 64, prio, ts);
        syscall(SYS_mq_timedreceive, fd, buf, 64, NULL, NULL);
        syscall(SYS_mq_timedreceive, fd, buf, 64, prio, ts);
        syscall(SYS_mq_timedreceive, fd, end - 8, 64, end - 2, end - 8);

        memset(sev, 0, sizeof(*sev));
        sev->sigev_notify = SIGEV_NONE;
        syscall(SYS_mq_notify, fd, NULL);
        syscall(SYS_mq_notify, fd, sev);
        sev->sigev_notify = SIGEV_SIGNAL;
        sev->sigev_signo = SIGUSR1;
        sev->sigev_value.sival_ptr = (void *)0xdeadbeefbadc0dedULL;
        syscall(SYS_mq_notify, fd, sev);
        syscall(SYS_mq_notify, fd, NULL);
        sev->sigev_notify = 0xdefaced;
        syscall(SYS_mq_notify, fd, sev);
        syscall(SYS_mq_notify, fd, end - 8);
        close((int)fd);

        syscall(SYS_mq_unlink, name);
        syscall(SYS_mq_unlink, name);
}

static void xattr_calls(const char *dir, char *data, char *end)
{
        char *path = data, *buf = data + 2048, *bin = data + 1024;
        int fd;

        snprintf(path, PATH_MAX < 1024 ? PATH_MAX : 1024, "%s/attrs", dir);
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
                return;
        for (int i = 0; i < 40; i++)
                bin[i] = (char)(i * 7);
        memset(end - 8, 'y', 8);
        syscall(SYS_setxattr, path, "user.renacer", "value\0", 6, 1);
        syscall(SYS_setxattr, path, "user.renacer", "v", 1, 1);
        syscall(SYS_lsetxattr, path, "user.bin", bin, 40, 0);
        syscall(SYS_fsetxattr, fd, "user.nul", "foo\0bar", 8, 0);
        syscall(SYS_fsetxattr, fd, "user.renacer", NULL, 0, 2);
        syscall(SYS_fsetxattr, fd, "user.x", end - 4, 8, 0);
        syscall(SYS_fsetxattr, fd, "user.x", bin, 65537, 0);
        syscall(SYS_fsetxattr, fd, end - 4, bin, 4, 0);
        syscall(SYS_setxattr, path, "user.renacer", "a", 1, 4);
        syscall(SYS_setxattr, end - 4, "user.renacer", "a", 1, 0);

        syscall(SYS_getxattr, path, "user.renacer", buf, 64);
        syscall(SYS_getxattr, path, "user.bin", buf, 64);
        syscall(SYS_getxattr, path, "user.nul", buf, 64);
        syscall(SYS_getxattr, path, "user.bin", NULL, 0);
        syscall(SYS_getxattr, path, "user.bin", buf, 4);
        syscall(SYS_lgetxattr, path, "user.none", buf, 64);
        syscall(SYS_fgetxattr, fd, "user.bin", end - 8, 64);
        syscall(SYS_fgetxattr, fd, "user.nul", buf, 64);

        syscall(SYS_listxattr, path, buf, 256);
        syscall(SYS_listxattr, path, NULL, 0);
        syscall(SYS_llistxattr, path, buf, 2);
        syscall(SYS_flistxattr, fd, buf, 0);
        syscall(SYS_flistxattr, -1, buf, 16);
        syscall(SYS_flistxattr, fd, end - 4, 256);

        syscall(SYS_removexattr, path, "user.renacer");
        syscall(SYS_lremovexattr, path, "user.none");
        syscall(SYS_fremovexattr, fd, "user.bin");
        syscall(SYS_fremovexattr, fd, end - 4);
        close(fd);
        unlink(path);
}

int main(int argc, char **argv)
{
        /* two pages of data, then nothing */
        char *data = mmap((void *)BASE, 3 * PAGE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

        if (data == MAP_FAILED || munmap(data + 2 * PAGE, PAGE))
                return 1;
        memset(data, 0, 2 * PAGE);
        numa_calls(data + PAGE, data + 2 * PAGE);
        madvise_calls(data + PAGE, data + 2 * PAGE);
        if (argc > 2) {
                memset(data, 0, 2 * PAGE);
                mq_calls(argv[1], data + PAGE, data + 2 * PAGE);
                memset(data, 0, 2 * PAGE);
                xattr_calls(argv[2], data + PAGE, data + 2 * PAGE);
        }
        return 0;
}
