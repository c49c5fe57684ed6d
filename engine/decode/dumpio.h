/* SPDX-License-Identifier: MIT */
/*
 * strace's -e read=SET and -e write=SET: hex dumps of the data a call read
 * from or wrote to one of the given fds, in the lines strace 6.1 prints
 * after the call's line (dumpio() in its syscall.c, dumpstr() and
 * dumpiov_upto() in util.c):
 *
 *   " | 00000  68 65 6c 6c 6f 0a                                hello.           |"
 *   " * 6 bytes in buffer 0"                 (vectored calls, per element)
 *   " = 2 buffers in vector 0"               (sendmmsg, recvmmsg)
 *
 * renacer shows what the kernel captured: at most RENACER_BUF_CAP bytes of
 * each buffer, RENACER_IOV_MAX elements of a vector, RENACER_MMSG_MAX
 * messages, within the record's payload area. Where a dump is cut, the
 * lines of the captured part are strace's, and one marker line follows:
 *
 *   " | <... 3072 of 4096 bytes not captured>"
 *   " * <... buffers 8 to 11 not captured>"
 *   " = <... messages 16 to 19 not captured>"
 */
#ifndef RENACER_DUMPIO_H
#define RENACER_DUMPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "renacer-event.h"

#define DUMPIO_FDS_MAX 256 /* descriptors one set names */

/* strace's number set of descriptors: the fds listed, or with `invert` all
 * but them. The empty set (none) dumps nothing. */
struct dumpio_fds {
        bool invert;
        unsigned n;
        uint32_t fd[DUMPIO_FDS_MAX];
};

/* Parse strace's SET: leading '!'s invert, "all", "none", or a comma list
 * of descriptors (0 to INT_MAX). Returns 0, or -EINVAL with *bad and
 * *bad_len naming the token that is not a descriptor (the whole spec when
 * it holds none), or -E2BIG for more than DUMPIO_FDS_MAX descriptors. */
int dumpio_fds_parse(const char *spec, struct dumpio_fds *out, const char **bad, size_t *bad_len);
bool dumpio_fds_has(const struct dumpio_fds *s, int64_t fd);
/* Whether the set can dump anything at all. */
static inline bool dumpio_fds_any(const struct dumpio_fds *s)
{
        return s->invert || s->n > 0;
}

/* Receives each line, without its '\n'. */
typedef void (*dumpio_emit_fn)(void *ctx, const char *line, size_t len);

/* strace's dumpstr() of a buffer of len bytes of which the first `have`
 * are at data: one line per 16 bytes, the offset as wide as len needs;
 * then the marker line if have < len. */
void dumpio_hex(const uint8_t *data, size_t have, uint64_t len, dumpio_emit_fn emit, void *ctx);

/*
 * The dump lines of the syscall record ev (avail readable bytes) for the
 * read set rd and the write set wr (either may be NULL), as strace prints
 * them after the call's line; nothing for calls that move no data or whose
 * fd is in neither set. Returns 0, or -EBADMSG for a malformed record.
 */
int dumpio_record(const struct renacer_syscall_event *ev, size_t avail, const struct dumpio_fds *rd,
                  const struct dumpio_fds *wr, dumpio_emit_fn emit, void *ctx);

#endif
