/* SPDX-License-Identifier: MIT */
/* Saving a daemon-wide policy's flight recording when an assertion fails:
 * one strace-like text file per process tree in renacerd's flight
 * directory (created 0700; files 0600, owned by renacerd's user). */
#ifndef RENACER_FLIGHT_SAVE_H
#define RENACER_FLIGHT_SAVE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "flight-ring.h"

/* Write header (one or more lines) and the records of ring to a new file
 * in dir. The path goes to ret_path. Returns 0 or -errno (-EPERM: dir is
 * not a directory of ours that only we can write). */
int flight_save(const char *dir, const struct flight_ring *ring, const char *header, pid_t pid,
                uint32_t session, char *ret_path, size_t pathlen);

#endif
