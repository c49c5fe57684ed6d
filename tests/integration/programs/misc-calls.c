// SPDX-License-Identifier: MIT
/*
 * mount, umount2, quotactl, quotactl_fd, landlock_create_ruleset,
 * landlock_add_rule, semop, semtimedop, modify_ldt, process_vm_readv and
 * process_vm_writev with valid, invalid and
 * edge-case arguments whose trace lines do not depend on the run: the
 * strings and structures live in a page mapped at a fixed address,
 * followed by an unmapped page for the faulting cases, and every target
 * path is one that does not exist, so nothing is ever mounted, unmounted
 * or changed. The differential test traces it with strace 6.1 and
 * renacerctl and requires identical lines.
 */
#include <asm/ldt.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <linux/dqblk_xfs.h>
#include <linux/quota.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/sem.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <unistd.h>

/* QCMD() of linux/quota.h in unsigned arithmetic: its (cmd) << 8 of an
 * int command above 0x7fffff overflows an int */
#define QC(cmd, type) ((uint32_t)(cmd) << SUBCMDSHIFT | ((uint32_t)(type)&SUBCMDMASK))

#define BASE ((uintptr_t)0x5ec4000000ULL)
#define PAGE 4096

/* a target that does not exist: every call fails before touching a mount */
#define NOWHERE "/nonexistent-renacer-misc/target"

static long mount5(const char *src, const char *dst, const char *type, unsigned long flags,
                   const void *data)
{
        return syscall(SYS_mount, src, dst, type, flags, data);
}

static char *put(uint8_t *page, size_t off, const char *s)
{
        memcpy(page + off, s, strlen(s) + 1);
        return (char *)page + off;
}

static void mount_calls(uint8_t *page, uint8_t *end)
{
        char *src = put(page, 0x000, "/dev/renacer-misc-source");
        char *dst = put(page, 0x100, NOWHERE);
        char *type = put(page, 0x200, "ext4");
        char *data = put(page, 0x300, "errors=remount-ro,data=ordered,commit=60,barrier=1");
        char *cut = (char *)end - 1;

        /* NULLs, unreadable strings, unknown flags with known ones */
        mount5(NULL, NULL, NULL, 0, NULL);
        *cut = 'a';
        mount5((char *)end, (char *)end, (char *)end, 0x200, end);
        mount5(cut, cut, cut, 0x4000200, cut);
        mount5(src, dst, type, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, data);
        mount5(src, dst, type, MS_RDONLY | MS_RELATIME | MS_STRICTATIME | MS_LAZYTIME, data);
        mount5(src, dst, type, MS_NOUSER | MS_SILENT | MS_POSIXACL | MS_I_VERSION, "");
        /* the old magic number, alone, with flags, with unknown high bits */
        mount5(src, dst, type, MS_MGC_VAL, data);
        mount5(src, dst, type, MS_MGC_VAL | MS_RDONLY | MS_NOATIME, data);
        mount5(src, dst, type, 0xdead0000UL | MS_RDONLY, data);
        mount5(src, dst, type, 0x100000000UL | MS_NOSUID, data);
        /* a remount reads no type; bind, move and propagation changes no data */
        mount5(src, dst, NULL, MS_REMOUNT, data);
        mount5(src, dst, type, MS_REMOUNT | MS_RDONLY, data);
        mount5(src, dst, NULL, MS_BIND, data);
        mount5(src, dst, type, MS_BIND | MS_REC, NULL);
        mount5(NULL, dst, type, MS_MOVE, data);
        mount5("none", dst, NULL, MS_REC | MS_PRIVATE, NULL);
        mount5("none", dst, NULL, MS_SHARED, data);
        mount5("none", dst, NULL, MS_SLAVE | MS_UNBINDABLE, data);
        mount5(src, dst, type, MS_MGC_VAL | MS_REMOUNT, data);
        mount5(src, dst, type, MS_MGC_VAL | MS_BIND, data);

        /* umount2's flags: all known, unknown, none */
        syscall(SYS_umount2, dst, MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW);
        syscall(SYS_umount2, dst, 0);
        syscall(SYS_umount2, dst, 0xfffffff0);
        syscall(SYS_umount2, end, MNT_DETACH);
        syscall(SYS_umount2, NULL, 0);
}

static long quotactl4(unsigned cmd, const char *special, unsigned id, const void *addr)
{
        return syscall(SYS_quotactl, cmd, special, id, addr);
}

static long quotactl_fd4(int fd, unsigned cmd, unsigned id, const void *addr)
{
        return syscall(SYS_quotactl_fd, fd, cmd, id, addr);
}

static void quotactl_calls(uint8_t *page, uint8_t *end)
{
        /* block devices that do not exist: every command fails before it
         * reads or changes any quota */
        const char *dev = put(page, 0x000, "/dev/renacer-misc-nodev");
        const char *qfile = put(page, 0x100, "/nonexistent-renacer-misc/aquota.user");
        struct if_dqblk *dq = (struct if_dqblk *)(page + 0x200);
        struct if_dqinfo *di = (struct if_dqinfo *)(page + 0x300);
        struct fs_disk_quota *fq = (struct fs_disk_quota *)(page + 0x400);
        uint32_t *word = (uint32_t *)(page + 0x500);
        void *out = page + 0x600;
        const char *cut = (const char *)end - 1;
        int root = open("/", O_RDONLY | O_DIRECTORY);

        for (size_t i = 0; i < sizeof(*dq); i++)
                ((uint8_t *)dq)[i] = (uint8_t)(0x80 + i);
        dq->dqb_valid = QIF_BLIMITS | QIF_ITIME | 0x100;
        di->dqi_bgrace = 604800;
        di->dqi_igrace = 86400;
        di->dqi_flags = 0xdeadabcd;
        di->dqi_valid = IIF_BGRACE | IIF_IGRACE | IIF_FLAGS | 0x10;
        memset(fq, 0, sizeof(*fq));
        fq->d_version = FS_DQUOT_VERSION;
        fq->d_flags = FS_PROJ_QUOTA;
        fq->d_fieldmask = 0x1f;
        fq->d_id = 1000;
        fq->d_blk_hardlimit = 1ULL << 40;
        fq->d_itimer = -5;
        *word = FS_QUOTA_UDQ_ACCT | FS_QUOTA_GDQ_ENFD | 0x80;

        /* unknown commands and types, NULL, unreadable and unterminated files */
        quotactl4(0xbadc0ded, (const char *)end, 0xca7faced, end);
        quotactl4(0, NULL, -1, NULL);
        quotactl4(QC(Q_GETFMT, USRQUOTA), cut, -1, out);
        quotactl4(QC(0x700, GRPQUOTA), dev, 7, out);
        /* commands that take the format and a quota file, nothing, an id */
        quotactl4(QC(Q_QUOTAON, USRQUOTA), dev, QFMT_VFS_V1, qfile);
        quotactl4(QC(Q_QUOTAON, 0xfacefeed), dev, 0xca7faced, end);
        quotactl4(QC(Q_QUOTAOFF, GRPQUOTA), dev, -1, NULL);
        quotactl4(QC(Q_SYNC, 0xff), dev, -1, NULL);
        quotactl4(QC(Q_XQUOTASYNC, PRJQUOTA), dev, -1, NULL);
        /* the structures the kernel would write: shown only after success */
        quotactl4(QC(Q_GETQUOTA, USRQUOTA), dev, 0, out);
        quotactl4(QC(Q_GETNEXTQUOTA, GRPQUOTA), dev, -1, out);
        quotactl4(QC(Q_GETINFO, PRJQUOTA), dev, -1, out);
        quotactl4(QC(Q_GETFMT, GRPQUOTA), dev, -1, out);
        quotactl4(QC(Q_XGETQUOTA, USRQUOTA), dev, 1000, out);
        quotactl4(QC(Q_XGETNEXTQUOTA, PRJQUOTA), dev, 0, out);
        quotactl4(QC(Q_XGETQSTAT, USRQUOTA), dev, 0, out);
        quotactl4(QC(Q_XGETQSTATV, USRQUOTA), dev, 0, out);
        /* the ones it would read: shown although the call fails */
        quotactl4(QC(Q_SETQUOTA, PRJQUOTA), dev, 3141592653U, dq);
        quotactl4(QC(Q_SETQUOTA, USRQUOTA), dev, 0, end);
        quotactl4(QC(Q_SETQUOTA, USRQUOTA), dev, 0, (uint8_t *)end - 16);
        quotactl4(QC(Q_SETINFO, GRPQUOTA), dev, -1, di);
        quotactl4(QC(Q_SETINFO, GRPQUOTA), dev, -1, NULL);
        quotactl4(QC(Q_XSETQLIM, PRJQUOTA), dev, 1000, fq);
        quotactl4(QC(Q_XQUOTAON, USRQUOTA), dev, 0, word);
        quotactl4(QC(Q_XQUOTAOFF, USRQUOTA), dev, 0, end);
        quotactl4(QC(Q_XQUOTARM, USRQUOTA), dev, 0, word);

        /* quotactl_fd: a bad fd, and the root directory's file system for
         * the commands that only read its quota state */
        quotactl_fd4(-1, QC(Q_GETFMT, GRPQUOTA), -2, out);
        quotactl_fd4(-1, QC(Q_QUOTAON, USRQUOTA), QFMT_VFS_V0, qfile);
        quotactl_fd4(-1, QC(Q_SETINFO, USRQUOTA), 0, di);
        quotactl_fd4(root, QC(Q_GETFMT, USRQUOTA), 0, out);
        quotactl_fd4(root, QC(Q_GETINFO, USRQUOTA), 0, out);
        quotactl_fd4(root, QC(Q_GETQUOTA, GRPQUOTA), 0, out);
        quotactl_fd4(root, QC(Q_XGETQSTAT, USRQUOTA), 0, out);
        quotactl_fd4(root, QC(Q_XGETQSTATV, USRQUOTA), 0, end);
        quotactl_fd4(root, 0xbadc0ded, 1, NULL);
        close(root);
}

static void landlock_calls(uint8_t *page, uint8_t *end)
{
        uint64_t *fs = (uint64_t *)(page + 0x800);
        uint64_t *fs_end = (uint64_t *)end - 1;
        struct landlock_path_beneath_attr *pb =
            (struct landlock_path_beneath_attr *)(end - sizeof(*pb));
        long ruleset;

        *fs = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_DIR;
        *fs_end = 0xdebeefeddecac000ULL;
        syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
        syscall(SYS_landlock_create_ruleset, NULL, 0, 0xfffffffe);
        syscall(SYS_landlock_create_ruleset, fs, 7, 0);
        syscall(SYS_landlock_create_ruleset, fs_end, 8, 0);
        syscall(SYS_landlock_create_ruleset, fs_end, 16, 0);
        syscall(SYS_landlock_create_ruleset, end, 8, 0);
        ruleset = syscall(SYS_landlock_create_ruleset, fs, 8, 0);

        pb->allowed_access = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_MAKE_SYM | 0x80000000;
        pb->parent_fd = -1;
        syscall(SYS_landlock_add_rule, -1, LANDLOCK_RULE_PATH_BENEATH, pb, 0);
        syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, pb, 0);
        syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, (uint8_t *)pb + 1, 0);
        syscall(SYS_landlock_add_rule, ruleset, 0xbad, pb, 0xffffffff00000001UL);
        syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, NULL, 1);
        if (ruleset >= 0)
                close((int)ruleset);
}

/* on a semaphore set id that does not exist: the ids a real set gets
 * differ from run to run */
static void sem_calls(uint8_t *page, uint8_t *end)
{
        struct sembuf *sb = (struct sembuf *)(page + 0x900);
        struct sembuf *last = (struct sembuf *)end - 1;
        struct timespec *ts = (struct timespec *)(page + 0x980);

        sb[0] = (struct sembuf){0, 1, SEM_UNDO};
        sb[1] = (struct sembuf){64206, -4083, (short)0xbeef};
        *last = sb[1];
        ts->tv_sec = 1;
        ts->tv_nsec = 123456789;
        syscall(SYS_semop, 0x7fffffff, sb, 2);
        syscall(SYS_semop, -1, last, 2);
        syscall(SYS_semop, -1, end, 1);
        syscall(SYS_semop, -1, NULL, 0);
        syscall(SYS_semtimedop, 0x7fffffff, sb, 1, NULL);
        syscall(SYS_semtimedop, 0x7fffffff, sb, 2, ts);
        syscall(SYS_semtimedop, -1, last, 1, end);
}

static void ldt_calls(uint8_t *page, uint8_t *end)
{
        struct user_desc *d = (struct user_desc *)(end - sizeof(*d));
        const unsigned long bogus = 0xbadc0dedda7a1057UL;

        memset(d, 0, sizeof(*d));
        d->entry_number = -1;
        d->base_addr = 0x87868584;
        d->contents = 2;
        d->lm = 1;
        syscall(SYS_modify_ldt, 0, NULL, 0);
        syscall(SYS_modify_ldt, bogus, -1L, 0xdeadfacefa57beefUL);
        syscall(SYS_modify_ldt, bogus, d, sizeof(*d));
        syscall(SYS_modify_ldt, bogus, d, 42);
        syscall(SYS_modify_ldt, bogus, end, sizeof(*d));
        syscall(SYS_modify_ldt, bogus, (uint8_t *)d + 4, sizeof(*d));
        syscall(SYS_modify_ldt, 0, page, sizeof(*d));
}

/* on a pid above pid_max: the lines do not carry this run's pid */
#define NO_PID 0x7ffffff0

static void process_vm_calls(uint8_t *page, uint8_t *end)
{
        struct iovec *local = (struct iovec *)(page + 0xa00);
        struct iovec *remote = (struct iovec *)(end - 2 * sizeof(*remote));
        char *data = put(page, 0xb00, "process_vm data, longer than thirty-two bytes");

        local[0] = (struct iovec){data, 7};
        local[1] = (struct iovec){data + 8, 40};
        local[2] = (struct iovec){end, 3};
        remote[0] = (struct iovec){(void *)0x1000, 5};
        remote[1] = (struct iovec){(void *)0x2000, 1UL << 62};
        syscall(SYS_process_vm_readv, NO_PID, local, 2, remote, 2, 0);
        syscall(SYS_process_vm_readv, NO_PID, local, 3, remote, 3, 0);
        syscall(SYS_process_vm_readv, NO_PID, NULL, 0, NULL, 0, 0);
        syscall(SYS_process_vm_readv, NO_PID, end, 1, remote, 1, 1);
        syscall(SYS_process_vm_writev, NO_PID, local, 3, remote, 2, 0);
        syscall(SYS_process_vm_writev, NO_PID, local, 1, end, 1, 0);
        syscall(SYS_process_vm_writev, -1, local, 2, remote, 2, ~0UL);
}

/* a buffer of -s bytes before an unmapped page: strace reads one byte
 * more than it shows, and prints the address when it cannot; vector
 * counts of 64 bits */
static void iov_calls(uint8_t *page, uint8_t *end)
{
        struct iovec *io = (struct iovec *)(page + 0xc00);
        uint8_t *tail = end - 32;

        memset(tail, 'X', 32);
        io[0] = (struct iovec){tail, (size_t)-1};
        syscall(SYS_writev, -1, io, 1);
        io[0] = (struct iovec){tail + 1, 31};
        syscall(SYS_writev, -1, io, 1);
        syscall(SYS_write, -1, tail, 40);
        syscall(SYS_write, -1, tail, 32);
        syscall(SYS_pwritev2, -1, NULL, 0xfac1fed2dec0dedeUL, 0x7ac5fed0dec0deefUL, 1, 0);
        syscall(SYS_preadv2, -1, NULL, 0xfac1fed2dec0dedeUL, 0, 0, 0);
}

int main(void)
{
        uint8_t *page = mmap((void *)BASE, 2 * PAGE, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

        if (page == MAP_FAILED || munmap(page + PAGE, PAGE))
                return 1;
        mount_calls(page, page + PAGE);
        quotactl_calls(page, page + PAGE);
        landlock_calls(page, page + PAGE);
        sem_calls(page, page + PAGE);
        ldt_calls(page, page + PAGE);
        process_vm_calls(page, page + PAGE);
        iov_calls(page, page + PAGE);
        return 0;
}
