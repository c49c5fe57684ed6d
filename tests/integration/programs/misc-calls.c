// SPDX-License-Identifier: MIT
/*
 * mount, umount2, quotactl and quotactl_fd with valid, invalid and
 * edge-case arguments whose trace lines do not depend on the run: the
 * strings and structures live in a page mapped at a fixed address,
 * followed by an unmapped page for the faulting cases, and every target
 * path is one that does not exist, so nothing is ever mounted, unmounted
 * or changed. The differential test traces it with strace 6.1 and
 * renacerctl and requires identical lines.
 */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

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

int main(void)
{
        uint8_t *page = mmap((void *)BASE, 2 * PAGE, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

        if (page == MAP_FAILED || munmap(page + PAGE, PAGE))
                return 1;
        mount_calls(page, page + PAGE);
        return 0;
}
