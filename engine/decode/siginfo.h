/* SPDX-License-Identifier: MIT */
/* A siginfo as strace prints it in a signal line:
 * {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=7, si_uid=0, si_status=0, ...} */
#ifndef RENACER_SIGINFO_H
#define RENACER_SIGINFO_H

#include <stddef.h>
#include <stdint.h>

/* "SIGCHLD", "SIGRT_3" or the number, into buf. */
const char *siginfo_signame(int sig, char *buf, size_t size);
/* Format the x86_64 siginfo in si (len bytes, at least 48 used; shorter is
 * zero-filled) into buf. Returns the length, or -ENOSPC if it did not fit
 * (buf then holds a cut, NUL-terminated text). */
int siginfo_format(const uint8_t *si, size_t len, char *buf, size_t size);

#endif
