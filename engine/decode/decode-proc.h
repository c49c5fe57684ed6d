/* SPDX-License-Identifier: MIT */
/*
 * Decoders of signal, scheduling, process and system information calls
 * (decode-proc.c), named by the D() column of
 * engine/syscall-table/syscalls.def.
 */
#ifndef RENACER_DECODE_PROC_H
#define RENACER_DECODE_PROC_H

#include <stdbool.h>

#include "decode-internal.h"

/* strace's printsiginfo_at(): the siginfo_t at argument i; one the kernel
 * writes (out) only after the call succeeded */
void put_siginfo_arg(struct dctx *c, unsigned i, bool out);
/* strace's print_affinitylist(): the CPUs set among the first len bytes
 * at argument i (its first BUF segment); one the kernel writes (out) only
 * after the call succeeded */
void put_cpuset(struct dctx *c, unsigned i, uint64_t len, bool out);

void dec_rt_sigtimedwait(struct dctx *c);
void dec_rt_sigqueueinfo(struct dctx *c);
void dec_rt_tgsigqueueinfo(struct dctx *c);
void dec_pidfd_send_signal(struct dctx *c);
void dec_signalfd(struct dctx *c);
void dec_signalfd4(struct dctx *c);
void dec_pidfd_open(struct dctx *c);
void dec_waitid(struct dctx *c);
void dec_sched_getparam(struct dctx *c);
void dec_sched_setparam(struct dctx *c);
void dec_sched_setaffinity(struct dctx *c);
void dec_sched_getaffinity(struct dctx *c);
void dec_sched_setattr(struct dctx *c);
void dec_sched_getattr(struct dctx *c);
void dec_kcmp(struct dctx *c);
void dec_membarrier(struct dctx *c);
/* strace's print_ioprio(): IOPRIO_PRIO_VALUE(class, data) */
void put_ioprio(struct dbuf *b, uint32_t ioprio);
void dec_ioprio_get(struct dctx *c);
void dec_ioprio_set(struct dctx *c);
void dec_unshare(struct dctx *c);
void dec_setns(struct dctx *c);
void dec_close_range(struct dctx *c);
void dec_getresuid(struct dctx *c);
void dec_getcpu(struct dctx *c);
void dec_syslog(struct dctx *c);
void dec_reboot(struct dctx *c);
void dec_swapon(struct dctx *c);
void dec_sysinfo(struct dctx *c);
void dec_ustat(struct dctx *c);
void dec_statfs(struct dctx *c);
void dec_fstatfs(struct dctx *c);
void dec__sysctl(struct dctx *c);
void dec_get_robust_list(struct dctx *c);
void dec_mincore(struct dctx *c);

#endif
