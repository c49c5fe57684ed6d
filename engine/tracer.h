/* SPDX-License-Identifier: MIT */
/*
 * The kernel half of the engine: loads and attaches the CO-RE BPF skeleton,
 * owns the tracked-process map, the in-kernel aggregation and the counters,
 * and hands ring-buffer records to one handler.
 */
#ifndef RENACER_TRACER_H
#define RENACER_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "renacer-event.h"
#include "summary.h"

struct tracer;

struct tracer_opts {
        size_t ring_bytes;   /* power of two, >= page size; 0: default 16 MiB */
        size_t wakeup_bytes; /* unconsumed bytes that wake the consumer; 0: ring/8 */
};

/* Called for every record, in ring order. `len` is what the ring says the
 * record holds; the handler must check hdr.size against it. Returning a
 * negative value stops the current consume call. */
typedef int (*tracer_record_fn)(void *ctx, const void *rec, size_t len);

int tracer_open(const struct tracer_opts *opts, tracer_record_fn fn, void *ctx,
                struct tracer **ret);
void tracer_free(struct tracer *t);

/* An fd that turns readable when the ring wants draining (add to epoll). */
int tracer_fd(const struct tracer *t);
/* Drain what is available now, at most a ring's worth of bytes (the fd
 * stays readable while more waits); returns records consumed or -errno. */
int tracer_consume(struct tracer *t);
/* The last tracer_consume() stopped at its limit with records left. */
bool tracer_consume_cut(const struct tracer *t);

/* Start tracing tgid for the session described by cfg, beside the sessions
 * that already trace it. -EBUSY when RENACER_PROC_SESSIONS sessions do. */
int tracer_track(struct tracer *t, pid_t tgid, const struct renacer_tracked *cfg);
/* Stop tracing tgid for one session (the others keep it). */
int tracer_untrack(struct tracer *t, pid_t tgid, uint32_t session_id);
/* Forget every tgid of the session; returns how many were removed. */
int tracer_untrack_session(struct tracer *t, uint32_t session_id);
/* tgids the kernel still tracks for the session (at most max into ret). */
int tracer_session_tgids(struct tracer *t, uint32_t session_id, pid_t *ret, size_t max);

/* Open a provisional auto-session on every exec (daemon-wide policies).
 * Returns -errno when the per-syscall programs cannot be attached (then
 * auto-sessions stay off). */
int tracer_set_auto_track(struct tracer *t, bool on);
/* sys_enter/sys_exit are attached only while a session begun here is not
 * yet released, or auto-tracking is on: otherwise no process pays for them. */
bool tracer_syscalls_attached(const struct tracer *t);
/* OR flags (RENACER_TRACK_*) into every tgid of the session. */
int tracer_session_add_flags(struct tracer *t, uint32_t session_id, uint32_t flags);

/* trace --cgroup: the session cfg describes traces every process of the
 * cgroup v2 with this id and of its sub-cgroups that its owner may see,
 * from each one's fork or move into the subtree to its exit or move out
 * (the kernel decides; processes already there are tracer_track()ed by the
 * caller). -EBUSY when RENACER_PROC_SESSIONS sessions scope that cgroup. */
int tracer_scope_add(struct tracer *t, uint64_t cgroup_id, const struct renacer_tracked *cfg);
int tracer_scope_remove(struct tracer *t, uint64_t cgroup_id, uint32_t session_id);

/* Whether the kernel traces tgid for the session (one lookup). */
bool tracer_tracks(struct tracer *t, pid_t tgid, uint32_t session_id);
/* OR flags into the session's slot of one tgid (one lookup, at most one
 * update); -ENOENT when the tgid is not tracked. */
int tracer_tgid_add_flags(struct tracer *t, pid_t tgid, uint32_t session_id, uint32_t flags);

/* Entries in the kernel's tracked-process map (leak checks, status). */
int tracer_tracked_count(struct tracer *t);

/* Per-session kernel state: drop counter (create before tracking), exact
 * aggregate, and release of both when the session ends. The first session
 * begun attaches the per-syscall programs; the last released detaches them. */
int tracer_session_begin(struct tracer *t, uint32_t session_id);
int tracer_session_summary(struct tracer *t, uint32_t session_id, struct summary *out);
int tracer_session_dropped(struct tracer *t, uint32_t session_id, uint64_t *ret);
/* Lifecycle records (fork, exec, exit, privilege) of the session the ring
 * had no room for. */
int tracer_session_lifecycle_lost(struct tracer *t, uint32_t session_id, uint64_t *ret);
void tracer_session_release(struct tracer *t, uint32_t session_id);
/* Begun and not yet released. */
bool tracer_session_live(const struct tracer *t, uint32_t session_id);
/* Sessions with aggregate entries in the kernel (at most max into ret),
 * for collecting those of sessions nobody will read. */
int tracer_agg_sessions(struct tracer *t, uint32_t *ret, size_t max);

/* Sum of the per-CPU counters, indexed by enum renacer_counter. */
int tracer_counters(struct tracer *t, uint64_t out[RENACER_CNT_MAX]);

struct tracer_prog_stats {
        const char *name;
        uint64_t run_cnt, run_time_ns;
};
/* Run count and time of each program (needs kernel.bpf_stats_enabled=1). */
int tracer_prog_stats(struct tracer *t, struct tracer_prog_stats *out, size_t max);

size_t tracer_ring_bytes(const struct tracer *t);
/* Bytes written to the ring and not yet consumed, now and at most seen
 * before a drain since the tracer opened; -ENODATA when unknown. */
int tracer_ring_fill(struct tracer *t, size_t *ret_used, size_t *ret_peak);

#endif
