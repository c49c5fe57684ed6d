// SPDX-License-Identifier: MIT
/* The allocation tracker's arithmetic: brk, anonymous and file mmaps,
 * PROT_NONE reservations, munmap splits, mremap, process trees, and the
 * tree's peak RSS from exit records. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "policy/alloc-tracker.h"
#include "records.h"

#define PARENT 200
#define CHILD  201
#define KiB    1024ull
#define MiB    (1024ull * 1024ull)
#define PAGE   4096ull

#define ANON_RW (MAP_PRIVATE | MAP_ANONYMOUS)
#define PROT_RW (PROT_READ | PROT_WRITE)
#define NOFD    ((uint64_t)-1)

static struct alloc_tracker t;
static uint64_t now = 1000;

static int setup(void **state)
{
        (void)state;
        alloc_tracker_init(&t);
        now = 1000;
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        alloc_tracker_free(&t);
        return 0;
}

static void feed(struct rec *r)
{
        assert_int_equal(alloc_tracker_feed(&t, r->raw, r->len), 0);
}

static void call(uint32_t tgid, int nr, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2,
                 uint64_t a3, uint64_t a4)
{
        struct rec r;

        rec_syscall(&r, tgid, now++, nr, ret, 100, a0, a1, a2, a3, a4, 0);
        feed(&r);
}

static void do_mmap(uint32_t tgid, uint64_t addr, uint64_t len, int prot, int flags, uint64_t fd)
{
        call(tgid, SYS_mmap, (int64_t)addr, 0, len, (uint64_t)prot, (uint64_t)flags, fd);
}

static void proc(unsigned kind, uint32_t tgid, uint32_t ppid, uint64_t maxrss_kb)
{
        struct rec r;

        rec_proc(&r, kind, tgid, now++, ppid, maxrss_kb);
        feed(&r);
}

#define assert_u64(a, b) assert_true((uint64_t)(a) == (uint64_t)(b))

static void test_brk(void **state)
{
        (void)state;
        call(PARENT, SYS_brk, 0x555555559000, 0, 0, 0, 0, 0); /* brk(NULL): the base */
        assert_u64(alloc_tracker_current(&t), 0);
        call(PARENT, SYS_brk, 0x55555557a000, 0x55555557a000, 0, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), 0x21000);
        /* a failed brk returns the old break: nothing changes */
        call(PARENT, SYS_brk, 0x55555557a000, 0x7fffffffffff, 0, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), 0x21000);
        call(PARENT, SYS_brk, 0x555555569000, 0x555555569000, 0, 0, 0, 0); /* shrink */
        assert_u64(alloc_tracker_current(&t), 0x10000);
        assert_u64(alloc_tracker_peak(&t), 0x21000);
        assert_u64(alloc_tracker_proc_bytes(&t, PARENT), 0x10000);
}

static void test_mmap_munmap(void **state)
{
        (void)state;
        /* anonymous: rounded up to pages */
        do_mmap(PARENT, 0x7f0000000000, MiB + 1, PROT_RW, ANON_RW, NOFD);
        assert_u64(alloc_tracker_current(&t), MiB + PAGE);
        /* file mappings (libraries, inputs) are not allocations */
        do_mmap(PARENT, 0x7f1000000000, 8 * PAGE, PROT_READ, MAP_PRIVATE, 3);
        assert_u64(alloc_tracker_current(&t), MiB + PAGE);
        /* shared anonymous memory counts */
        do_mmap(PARENT, 0x7f2000000000, 2 * PAGE, PROT_RW, MAP_SHARED | MAP_ANONYMOUS, NOFD);
        assert_u64(alloc_tracker_current(&t), MiB + 3 * PAGE);
        /* munmap of a hole in the middle splits the range */
        call(PARENT, SYS_munmap, 0, 0x7f0000000000 + 4 * PAGE, 2 * PAGE, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), MiB + PAGE);
        /* munmap spanning the hole and past the end: only counted bytes go */
        call(PARENT, SYS_munmap, 0, 0x7f0000000000 + 3 * PAGE, MiB, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), 3 * PAGE + 2 * PAGE);
        /* munmap of the file mapping changes nothing */
        call(PARENT, SYS_munmap, 0, 0x7f1000000000, 8 * PAGE, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), 5 * PAGE);
        /* failed calls change nothing */
        do_mmap(PARENT, (uint64_t)-ENOMEM, MiB, PROT_RW, ANON_RW, NOFD);
        call(PARENT, SYS_munmap, -EINVAL, 0x7f0000000000, 3 * PAGE, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), 5 * PAGE);
        call(PARENT, SYS_munmap, 0, 0x7f0000000000, 3 * PAGE, 0, 0, 0);
        call(PARENT, SYS_munmap, 0, 0x7f2000000000, 2 * PAGE, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), 0);
        assert_u64(alloc_tracker_peak(&t), MiB + 3 * PAGE);
}

static void test_map_fixed_over(void **state)
{
        (void)state;
        do_mmap(PARENT, 0x7f0000000000, 16 * PAGE, PROT_RW, ANON_RW, NOFD);
        /* a file mapped MAP_FIXED over part of it replaces those pages */
        do_mmap(PARENT, 0x7f0000000000 + 4 * PAGE, 4 * PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED, 5);
        assert_u64(alloc_tracker_current(&t), 12 * PAGE);
        /* anonymous MAP_FIXED over anonymous: no double count */
        do_mmap(PARENT, 0x7f0000000000, 16 * PAGE, PROT_RW, ANON_RW | MAP_FIXED, NOFD);
        assert_u64(alloc_tracker_current(&t), 16 * PAGE);
}

static void test_reservations(void **state)
{
        (void)state;
        /* glibc arena: 64 MiB PROT_NONE, then made accessible piece by piece */
        do_mmap(PARENT, 0x7e0000000000, 64 * MiB, PROT_NONE, ANON_RW | MAP_NORESERVE, NOFD);
        assert_u64(alloc_tracker_current(&t), 0);
        call(PARENT, SYS_mprotect, 0, 0x7e0000000000, 132 * KiB, PROT_RW, 0, 0);
        assert_u64(alloc_tracker_current(&t), 132 * KiB);
        call(PARENT, SYS_mprotect, 0, 0x7e0000000000, 264 * KiB, PROT_RW, 0, 0);
        assert_u64(alloc_tracker_current(&t), 264 * KiB);
        /* a guard page inside: back to reserved */
        call(PARENT, SYS_mprotect, 0, 0x7e0000000000, PAGE, PROT_NONE, 0, 0);
        assert_u64(alloc_tracker_current(&t), 264 * KiB - PAGE);
        /* mprotect over untracked memory (a library) counts nothing */
        call(PARENT, SYS_mprotect, 0, 0x7f5000000000, 16 * PAGE, PROT_READ, 0, 0);
        /* a failed mprotect changes nothing */
        call(PARENT, SYS_mprotect, -ENOMEM, 0x7e0000000000, 64 * MiB, PROT_RW, 0, 0);
        assert_u64(alloc_tracker_current(&t), 264 * KiB - PAGE);
        call(PARENT, SYS_munmap, 0, 0x7e0000000000, 64 * MiB, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), 0);
        assert_u64(alloc_tracker_peak(&t), 264 * KiB);
}

static void test_mremap(void **state)
{
        (void)state;
        do_mmap(PARENT, 0x7f0000000000, 2 * PAGE, PROT_RW, ANON_RW, NOFD);
        /* grow and move: the old range goes, the new one counts */
        call(PARENT, SYS_mremap, 0x7f3000000000, 0x7f0000000000, 2 * PAGE, 8 * PAGE, MREMAP_MAYMOVE,
             0);
        assert_u64(alloc_tracker_current(&t), 8 * PAGE);
        /* shrink in place */
        call(PARENT, SYS_mremap, 0x7f3000000000, 0x7f3000000000, 8 * PAGE, 3 * PAGE, 0, 0);
        assert_u64(alloc_tracker_current(&t), 3 * PAGE);
        /* a moved file mapping stays uncounted */
        do_mmap(PARENT, 0x7f1000000000, 2 * PAGE, PROT_READ, MAP_SHARED, 4);
        call(PARENT, SYS_mremap, 0x7f4000000000, 0x7f1000000000, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE,
             0);
        assert_u64(alloc_tracker_current(&t), 3 * PAGE);
        /* failed mremap */
        call(PARENT, SYS_mremap, -ENOMEM, 0x7f3000000000, 3 * PAGE, 1000 * PAGE, 0, 0);
        assert_u64(alloc_tracker_current(&t), 3 * PAGE);
        assert_u64(alloc_tracker_peak(&t), 8 * PAGE);
}

static void test_tree(void **state)
{
        (void)state;
        call(PARENT, SYS_brk, 0x1000000, 0, 0, 0, 0, 0);
        call(PARENT, SYS_brk, 0x1100000, 0x1100000, 0, 0, 0, 0); /* 1 MiB heap */
        do_mmap(PARENT, 0x7f0000000000, MiB, PROT_RW, ANON_RW, NOFD);
        assert_u64(alloc_tracker_current(&t), 2 * MiB);

        /* the child starts at 0; its break base is the parent's break */
        proc(RENACER_EV_FORK, CHILD, PARENT, 0);
        assert_u64(alloc_tracker_proc_bytes(&t, CHILD), 0);
        assert_u64(alloc_tracker_current(&t), 2 * MiB);
        call(CHILD, SYS_brk, 0x1110000, 0x1110000, 0, 0, 0, 0);
        assert_u64(alloc_tracker_proc_bytes(&t, CHILD), 64 * KiB);
        /* unmapping inherited memory frees nothing the child allocated */
        call(CHILD, SYS_munmap, 0, 0x7f0000000000, MiB, 0, 0, 0);
        assert_u64(alloc_tracker_proc_bytes(&t, CHILD), 64 * KiB);
        do_mmap(CHILD, 0x7f8000000000, 3 * MiB, PROT_RW, ANON_RW, NOFD);
        assert_u64(alloc_tracker_current(&t), 2 * MiB + 3 * MiB + 64 * KiB);
        assert_u64(alloc_tracker_peak(&t), 5 * MiB + 64 * KiB);

        /* the child execs: its memory starts over */
        proc(RENACER_EV_EXEC, CHILD, 0, 0);
        call(CHILD, SYS_execve, 0, 0, 0, 0, 0, 0);
        assert_u64(alloc_tracker_proc_bytes(&t, CHILD), 0);
        call(CHILD, SYS_brk, 0x2000000, 0, 0, 0, 0, 0); /* the new image's base */
        call(CHILD, SYS_brk, 0x2002000, 0x2002000, 0, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), 2 * MiB + 2 * PAGE);

        /* the child exits: its bytes leave the tree */
        proc(RENACER_EV_EXIT, CHILD, 0, 1000);
        assert_u64(alloc_tracker_current(&t), 2 * MiB);
        assert_u64(alloc_tracker_proc_bytes(&t, CHILD), 0);
        proc(RENACER_EV_EXIT, PARENT, 0, 3000);
        assert_u64(alloc_tracker_current(&t), 0);
        assert_u64(alloc_tracker_peak(&t), 5 * MiB + 64 * KiB);
}

static void lifetime(uint32_t tgid, uint64_t start, uint64_t end, uint64_t rss_kb)
{
        struct rec r;

        now = start;
        call(tgid, SYS_brk, 0x1000, 0, 0, 0, 0, 0); /* first record: start */
        rec_proc(&r, RENACER_EV_EXIT, tgid, end, 0, rss_kb);
        feed(&r);
}

static void test_peak_rss(void **state)
{
        (void)state;
        assert_u64(alloc_tracker_peak_rss(&t), 0);
        /* A [0,100] 10 MiB; B [10,50] 5 MiB; C [60,90] 3 MiB; D [100,200] 7 MiB */
        lifetime(300, 0, 100, 10 * 1024);
        lifetime(301, 10, 50, 5 * 1024);
        lifetime(302, 60, 90, 3 * 1024);
        lifetime(303, 100, 200, 7 * 1024); /* starts as A exits: no overlap */
        assert_u64(alloc_tracker_peak_rss(&t), 15 * MiB);
        /* a sequential build: one process after another */
        alloc_tracker_free(&t);
        alloc_tracker_init(&t);
        for (uint32_t i = 0; i < 50; i++)
                lifetime(400 + i, i * 10, i * 10 + 5, 2048);
        assert_u64(alloc_tracker_peak_rss(&t), 2 * MiB);
        /* an exit record for a process never seen still counts */
        struct rec r;
        rec_proc(&r, RENACER_EV_EXIT, 999, 2, 0, 4096); /* while 400 lives */
        feed(&r);
        assert_u64(alloc_tracker_peak_rss(&t), 6 * MiB);
}

static void test_ignored(void **state)
{
        struct rec r;

        (void)state;
        /* never-returning calls, other syscalls, short records */
        rec_syscall(&r, PARENT, 1, SYS_mmap, 0x7f0000000000, 0, 0, MiB, PROT_RW, ANON_RW, NOFD, 0);
        r.ev.flags = RENACER_SC_NORETURN;
        feed(&r);
        call(PARENT, SYS_getpid, PARENT, 0, 0, 0, 0, 0);
        assert_u64(alloc_tracker_current(&t), 0);
        assert_int_equal(alloc_tracker_feed(&t, r.raw, 10), -EBADMSG);
        r.ev.hdr.size = 30;
        assert_int_equal(alloc_tracker_feed(&t, r.raw, r.len), -EBADMSG);
        rec_proc(&r, RENACER_EV_FORK, CHILD, 1, PARENT, 0);
        r.proc.hdr.size = 32;
        assert_int_equal(alloc_tracker_feed(&t, r.raw, 32), -EBADMSG);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_brk, setup, teardown),
            cmocka_unit_test_setup_teardown(test_mmap_munmap, setup, teardown),
            cmocka_unit_test_setup_teardown(test_map_fixed_over, setup, teardown),
            cmocka_unit_test_setup_teardown(test_reservations, setup, teardown),
            cmocka_unit_test_setup_teardown(test_mremap, setup, teardown),
            cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
            cmocka_unit_test_setup_teardown(test_peak_rss, setup, teardown),
            cmocka_unit_test_setup_teardown(test_ignored, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
