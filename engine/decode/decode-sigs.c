// SPDX-License-Identifier: MIT
/*
 * How strace 6.1 prints each syscall's arguments when it has nothing more
 * specific to say about them, one character per argument:
 *
 *   d  int, decimal          u  unsigned int, decimal
 *   l  long, decimal         L  unsigned long, decimal
 *   x  unsigned int, hex     X  unsigned long, hex (0 prints "0")
 *   p  pointer (NULL or hex) o  mode, octal
 *   ?  an int strace decodes symbolically (flags, commands); printed as
 *      the low 32 bits in hex unless decode-syscalls.c has a decoder
 *
 * The signatures (a column of engine/syscall-table/syscalls.def) were derived by running strace 6.1
 * over a sweep of every x86_64 syscall number (with arguments 0x11*i, 0, -1 and 0xdead000000000000
 * + 0x11*i, each call failing with ENOSYS through a seccomp filter) and classifying each printed
 * argument. The length of a signature is the number of arguments strace prints; syscalls that print
 * a variable number (open, clone, futex, ...) carry strace's maximum.
 */
#include <stddef.h>

#include "decode-internal.h"
#include "syscall-table.h"

const char *decode_signature(int nr)
{
        const struct syscall_row *r = syscall_row(nr);

        return r ? r->sig : NULL;
}
