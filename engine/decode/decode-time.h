/* SPDX-License-Identifier: MIT */
/*
 * Decoders of time, clock and timer calls (decode-time.c), named by the
 * D() column of engine/syscall-table/syscalls.def.
 */
#ifndef RENACER_DECODE_TIME_H
#define RENACER_DECODE_TIME_H

#include <stdint.h>

#include "decode-internal.h"

/* a clockid_t as strace names it */
void put_clockid(struct dbuf *b, int32_t id);
/* strace's tprints_comment(sprinttime_ex()) of sec and its fraction part
 * (at most max, width digits): the local date and time in a comment,
 * nothing where strace shows none (zero, a fraction out of range) */
void put_time_comment(struct dbuf *b, int64_t sec, uint64_t part, uint64_t max, int width);

/* the struct sigevent at argument i (timer_create, mq_notify), or its
 * address when it could not be read */
void put_sigevent(struct dctx *c, unsigned i);

void dec_clock_settime(struct dctx *c);
void dec_clock_gettime(struct dctx *c);
void dec_nanosleep(struct dctx *c);
void dec_clock_nanosleep(struct dctx *c);
void dec_sched_rr_get_interval(struct dctx *c);
void dec_time(struct dctx *c);
void dec_gettimeofday(struct dctx *c);
void dec_settimeofday(struct dctx *c);
void dec_adjtimex(struct dctx *c);
void dec_clock_adjtime(struct dctx *c);
void dec_getitimer(struct dctx *c);
void dec_setitimer(struct dctx *c);
void dec_timer_create(struct dctx *c);
void dec_timer_settime(struct dctx *c);
void dec_timer_gettime(struct dctx *c);
void dec_timerfd_settime(struct dctx *c);
void dec_timerfd_gettime(struct dctx *c);
void dec_utimes(struct dctx *c);
void dec_futimesat(struct dctx *c);
void dec_utime(struct dctx *c);
void dec_utimensat(struct dctx *c);

#endif
