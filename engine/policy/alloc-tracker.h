/* SPDX-License-Identifier: MIT */
/*
 * Memory of a traced process tree, from its records: what memory_usage
 * assertions compare with their budget.
 *
 * allocations: bytes the tree obtained through brk and anonymous mmap, net
 * of munmap, mremap and brk shrinking; current = sum over live processes,
 * peak = the largest current ever seen. Per process (tgid):
 *  - brk: the first brk result seen (brk(NULL) at start-up) is the base;
 *    every later result is the break; the heap is break - base.
 *  - mmap with MAP_ANONYMOUS (private or shared) counts its length rounded
 *    up to pages, unless mapped PROT_NONE: a PROT_NONE mapping is a
 *    reservation (glibc arenas, thread-stack guards) and counts from the
 *    moment mprotect makes part of it accessible. File mappings (shared
 *    libraries, mapped inputs, GPU device memory) are page cache or device
 *    memory, not allocations: not counted, and they replace whatever counted
 *    range they are mapped over (MAP_FIXED).
 *  - munmap uncounts exactly the counted bytes inside the range; mremap
 *    moves a range and its state (MREMAP_DONTUNMAP leaves the old range
 *    mapped); execve starts the process over.
 *  - A forked child starts at 0 with its parent's break as its base: what it
 *    inherits is shared copy-on-write with the parent, already counted there.
 * Only successful calls count. Needs the records of brk, mmap, munmap,
 * mremap, mprotect and execve; records lost to a full ring make it an
 * undercount (the session reports lost events).
 *
 * rss: the kernel's peak RSS of each process, read at exit. The tree's peak
 * is taken as the largest sum of the peaks of processes alive at the same
 * time (lifetimes from the first record of a process to its exit record): an
 * upper bound that stays close for sequential trees (make, sh -c) and for
 * parallel ones, where a plain sum or a max would be far off.
 */
#ifndef RENACER_ALLOC_TRACKER_H
#define RENACER_ALLOC_TRACKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ALLOC_PAGE_SIZE  4096u      /* x86_64 */
#define ALLOC_MAX_RANGES (1u << 18) /* per process; the kernel allows ~65530 maps */

struct alloc_range {
        uint64_t start, end;
        bool counted; /* false: a PROT_NONE reservation */
};

struct alloc_proc {
        pid_t tgid;
        bool brk_known;
        uint64_t brk_base, brk_cur;
        struct alloc_range *ranges; /* sorted, disjoint */
        size_t nranges, cap;
        uint64_t mapped; /* counted bytes in ranges */
        uint64_t start_ns;
};

/* A process that exited: its lifetime and its peak RSS. */
struct alloc_life {
        uint64_t start_ns, end_ns;
        uint64_t maxrss_bytes;
};

struct alloc_tracker {
        struct alloc_proc *procs; /* live processes */
        size_t nprocs, proccap;
        struct alloc_life *lives; /* exited processes */
        size_t nlives, lifecap;
        uint64_t current, peak; /* allocations of the whole tree */
};

void alloc_tracker_init(struct alloc_tracker *t);
void alloc_tracker_free(struct alloc_tracker *t);
/* Account one record (syscall or lifecycle) of len bytes. Records of other
 * kinds and failed calls are ignored. Returns 0 or -errno (-ENOMEM,
 * -ENOSPC past ALLOC_MAX_RANGES, -EBADMSG for a short record). */
int alloc_tracker_feed(struct alloc_tracker *t, const void *rec, size_t len);

uint64_t alloc_tracker_current(const struct alloc_tracker *t);
uint64_t alloc_tracker_peak(const struct alloc_tracker *t);
/* Allocated bytes of one live process (0 if unknown). */
uint64_t alloc_tracker_proc_bytes(const struct alloc_tracker *t, pid_t tgid);
/* Peak RSS of the tree in bytes, from the exit records seen so far. */
uint64_t alloc_tracker_peak_rss(const struct alloc_tracker *t);

#endif
