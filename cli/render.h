/* SPDX-License-Identifier: MIT */
/*
 * The CLI renderers: strace-like text, renacer-json-v1 and JSON lines.
 * Records arrive in ring order (a call is rendered once it has returned).
 * Output is buffered: the callers flush whenever their input is drained,
 * so lines leave at once when the program is quiet and in large blocks
 * under load.
 */
#ifndef RENACER_RENDER_H
#define RENACER_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "options.h"
#include "summary.h"

struct json_object;

struct trace_result {
        struct summary summary;
        int wait_status;                /* of the root process; -1 if unknown */
        uint64_t events;                /* syscall records rendered */
        uint64_t events_lost;           /* the kernel could not emit them (ring full) */
        uint64_t client_lost;           /* the daemon dropped them (we read too slowly) */
        uint64_t lifecycle_lost;        /* process records the daemon could not queue */
        uint64_t kernel_lifecycle_lost; /* process records the kernel could not emit */
        uint64_t wall_ns;
        struct json_object *verdicts; /* --policy: added to JSON output */
};

struct renderer;
struct output;
struct renacer_syscall_event;
struct decoded;

/* Sees every syscall record with its decoded arguments (golden traces). */
typedef void (*render_observer_fn)(void *ctx, const struct renacer_syscall_event *ev,
                                   const struct decoded *d);

/* out is owned by the caller; the renderer buffers on top of it. */
int renderer_new(const struct trace_opts *o, struct output *out, struct renderer **ret);
/* How many tasks are traced at the start (trace --pid of threads, -p
 * repeated); lifecycle records keep the count from then on. */
void renderer_set_tasks(struct renderer *r, long n);
/* strace's "Process N attached [with M threads]" / "Process N detached"
 * lines (unless -q), on stderr. */
void renderer_note_attached(struct renderer *r, uint32_t pid, long threads);
void renderer_note_detached(struct renderer *r, uint32_t pid);
/* --causal: records are held until their cause arrives (at most 200 ms);
 * while some are, callers flush at least that often. */
bool renderer_holding(const struct renderer *r);
/* Write what is buffered; the first write error as -errno. */
int renderer_flush(struct renderer *r);
void renderer_free(struct renderer *r);
/* One ring record (syscall or lifecycle); -EBADMSG if malformed. */
int renderer_record(struct renderer *r, const void *rec, size_t len);
/* Close the document: summary (if asked for), JSON trailer. */
int renderer_finish(struct renderer *r, const struct trace_result *res);
uint64_t renderer_events(const struct renderer *r);
void renderer_set_observer(struct renderer *r, render_observer_fn fn, void *ctx);
/* Sees every record (lifecycle too) before anything else does. */
typedef void (*render_record_hook_fn)(void *ctx, const void *rec, size_t len);
void renderer_set_record_hook(struct renderer *r, render_record_hook_fn fn, void *ctx);

/* Exit code a shell would report for a wait status: status or 128+signal. */
int exit_code_of(int wait_status);

#endif
