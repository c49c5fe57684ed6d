/* SPDX-License-Identifier: MIT */
/*
 * x86_64 syscall names and numbers (from libseccomp, so that no hand-kept
 * table goes stale), strace's syscall classes (%file, %network, ...) and
 * errno names as strace prints them.
 */
#ifndef RENACER_SYSCALL_NAMES_H
#define RENACER_SYSCALL_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "renacer-event.h"

/* Name of syscall nr. Always a stable string: numbers libseccomp does not
 * know (and any outside 0..RENACER_SYSCALL_MAX-1) give strace's
 * "syscall_0x1c3" form. */
const char *syscall_name(int nr);

/* syscall_name(nr), and its length in *len (the renderer's per-line path). */
const char *syscall_name_len(int nr, size_t *len);

/* Number of the named syscall (0..RENACER_SYSCALL_MAX-1), or -ENOENT. */
int syscall_number(const char *name);

/*
 * Set the bits of the syscalls in a strace class in bitmap (which is not
 * cleared first, so several classes can be OR-ed). class is the name without
 * the leading '%': "file", "desc", "network" (or "net"), "process",
 * "memory", "signal", "ipc", "creds", "clock", "pure", "stat", "lstat",
 * "fstat", "%stat" (alias "stat_like"), "statfs", "fstatfs", "%statfs"
 * (alias "statfs_like"). Returns the number of syscalls in the class, or
 * -ENOENT for an unknown class.
 */
int syscall_class_bitmap(const char *class_name, uint64_t bitmap[RENACER_FILTER_WORDS]);

/* strace's name for errno err (positive): "ENOENT", the kernel-internal
 * "ERESTARTSYS" (512) to "ERECALLCONFLICT" (530), or NULL if none. */
const char *errno_name(long err);

/* The text strace prints after it: glibc's untranslated strerror() text, or
 * strace's own for the restart codes ("To be restarted if SA_RESTART is
 * set"). Static storage, except "Unknown error N", which stays valid until
 * the calling thread asks again. */
const char *errno_text(long err);

#endif
