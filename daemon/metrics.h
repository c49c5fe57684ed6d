/* SPDX-License-Identifier: MIT */
/*
 * Prometheus metrics: counters the daemon accumulates, and an HTTP endpoint
 * (libmicrohttpd) serving /metrics and /healthz.
 *
 * MHD runs inside renacerd's one epoll loop: it is started with
 * MHD_USE_EPOLL and no thread of its own, its epoll fd is one more fd in the
 * loop, and MHD_run() is called when that fd is readable and once a second
 * for connection timeouts. The handlers therefore run on the loop's thread
 * and read the daemon's state without locks.
 */
#ifndef RENACER_METRICS_H
#define RENACER_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct daemon;
struct policy;
struct policy_set;
struct summary;

/* Allocate the counters (always: other parts count into them even when no
 * endpoint serves them) and, when `bpf_stats` is set, turn on the kernel's
 * per-program run-time statistics for as long as renacerd runs. */
int metrics_new(struct daemon *d, bool bpf_stats);
/* Listen on "ADDR:PORT" and serve from d's loop. Logs what went wrong. */
int metrics_listen(struct daemon *d, const char *listen);
/* Stop serving and free everything. */
void metrics_free(struct daemon *d);

/* Hooks for the rest of the daemon. Each is a no-op before metrics_new. */
/* A session ended: fold its exact kernel summary into the syscall totals. */
void metrics_session_ended(struct daemon *d, const struct summary *sum);
/* A record could not be queued for a slow subscriber. */
void metrics_client_lost(struct daemon *d);
/* A fork/exec/exit record could not be queued even in the reserve. */
void metrics_lifecycle_lost(struct daemon *d);
/* A connection was refused ("limit", "shutting_down"). */
void metrics_connection_refused(struct daemon *d, const char *code);
/* An idle connection without a session was closed. */
void metrics_connection_closed_idle(struct daemon *d);
/* Policies are labelled by name: the file's name without .yaml. */
/* A policy assertion failed (renacer_policy_violations_total). */
void metrics_count_violation(struct daemon *d, const struct policy *p, const char *assertion);
/* A finished auto-session was checked against p. */
void metrics_count_evaluation(struct daemon *d, const struct policy *p);
/* The policy directory was (re)loaded: ok with the set now in force (its
 * series start at 0), or !ok when the old set stays. */
void metrics_policies_loaded(struct daemon *d, const struct policy_set *set, bool ok);
/* A daemon-wide policy's flight recording was saved, or could not be
 * (renacer_flight_recordings_total{result="saved|failed"}). */
void metrics_count_flight_recording(struct daemon *d, bool saved);
/* Time spent in host<->device transfers (renacer_pcie_transfer_seconds_total). */
void metrics_add_pcie_seconds(struct daemon *d, double seconds);

/* The exposition text (Prometheus text format 0.0.4), malloc'ed. */
int metrics_render(struct daemon *d, char **ret, size_t *ret_len);

#endif
