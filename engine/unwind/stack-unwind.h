/* SPDX-License-Identifier: MIT */
/*
 * -k: turning the kernel's stack records into strace's frames.
 *
 * The unwinder sees every record in ring order. Map records (and, for a
 * process that was running before it was traced, /proc/PID/maps) say which
 * file is mapped where in each process; stack records wait per thread for
 * the syscall record they belong to. Then a call's frames come either from
 * the kernel's frame-pointer walk or from unwinding the copied stack with
 * the objects' DWARF CFI through libdw (as perf --call-graph dwarf does).
 * Objects are opened once and cached by path, device and inode, so symbols
 * stay right across exec, dlopen and ASLR, and after the process is gone.
 */
#ifndef RENACER_UNWIND_H
#define RENACER_UNWIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct renacer_syscall_event;
struct unwinder;

enum unwind_mode {
        UNWIND_AUTO,  /* CFI from the stack copy; the frame-pointer walk where that fails */
        UNWIND_FP,    /* frame pointers only: no stack copy, the cheapest */
        UNWIND_DWARF, /* CFI from the stack copy only */
};

struct stack_frame {
        const char *object; /* mapped file, NULL when the address is in none */
        const char *func;   /* NULL: no symbol covers it */
        uint64_t func_off;
        uint64_t offset;    /* strace's [0x...]: the address's offset in the file */
        uint64_t address;   /* the address in the process */
        const char *source; /* -kk: source file, or NULL */
        int line;
        bool at_entry; /* the stack was taken at the call's entry (execve, exit) */
};

#define UNWIND_MAX_FRAMES 256

/* Parse "auto", "fp" or "dwarf"; -EINVAL otherwise. */
int unwind_mode_parse(const char *s, enum unwind_mode *ret);

int unwinder_new(enum unwind_mode mode, bool srcinfo, struct unwinder **ret);
void unwinder_free(struct unwinder *u);

/* Every record, in ring order: maps, stacks and process lifecycle. */
void unwinder_record(struct unwinder *u, const void *rec, size_t len);

/* The frames of the stack captured for this syscall record, innermost
 * first: how many were written to out (at most max), 0 when no stack was
 * captured for it, -ENOENT when one was but could not be unwound. */
int unwinder_frames(struct unwinder *u, const struct renacer_syscall_event *ev,
                    struct stack_frame *out, size_t max);
/* The same for any record: the stack of thread tid taken for ts. */
int unwinder_frames_at(struct unwinder *u, uint32_t tid, uint64_t ts, struct stack_frame *out,
                       size_t max);

/* A call that never returned (exit, exit_group) has its stack printed
 * after the task's exit line, as strace prints it: the next such stack of
 * tgid (of its thread tid only, when tid is not 0) not yet taken, as
 * unwinder_frames() returns it. Call before the exit record reaches
 * unwinder_record(), which forgets the process. */
int unwinder_take_unreturned(struct unwinder *u, uint32_t tgid, uint32_t tid,
                             struct stack_frame *out, size_t max);

#endif
