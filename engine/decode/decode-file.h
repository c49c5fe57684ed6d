/* SPDX-License-Identifier: MIT */
/*
 * The structures of the file-descriptor calls that decode-file.c prints
 * for the decoders of decode-syscalls.c: fcntl's locks and owners.
 */
#ifndef RENACER_DECODE_FILE_H
#define RENACER_DECODE_FILE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode-internal.h"

/* Whether fcntl's command cmd takes a structure (struct flock, struct
 * f_owner_ex) as its third argument. */
bool fcntl_takes_struct(uint32_t cmd);
/* fcntl's third argument for such a command, as strace 6.1 prints it: the
 * structure a F_SET* command reads (whether the call failed or not), the
 * one a F_GET* command wrote (after success; the address otherwise). */
void put_fcntl_struct(struct dctx *c, uint32_t cmd);

#endif
