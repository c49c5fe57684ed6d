// SPDX-License-Identifier: MIT
/*
 * The NUMA memory policy family with valid, invalid and edge-case
 * arguments whose trace lines do not depend on the run: node masks
 * (empty, too small, readable, longer than -s, running into an unmapped
 * page, of a size that overflows), policies and their flags, the page,
 * node and status arrays of move_pages. Arrays live in pages mapped at a
 * fixed address and followed by an unmapped page; nothing is asked that
 * could change the system (policies are set back to the default, pages
 * are queried or moved to the node they are on, migrate_pages names no
 * process). The differential test traces it with strace 6.1 and
 * renacerctl and requires identical lines.
 */
#include <errno.h>
#include <linux/mempolicy.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
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

int main(void)
{
        /* two pages of data, then nothing */
        char *data = mmap((void *)BASE, 3 * PAGE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

        if (data == MAP_FAILED || munmap(data + 2 * PAGE, PAGE))
                return 1;
        memset(data, 0, 2 * PAGE);
        numa_calls(data + PAGE, data + 2 * PAGE);
        return 0;
}
