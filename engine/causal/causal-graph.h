/* SPDX-License-Identifier: MIT */
/*
 * The records the causal engine released, kept as a graph for what needs
 * the whole run: the critical path (critical-path.c) and the Perfetto
 * timeline (perfetto.c). One compact node per record, bounded.
 */
#ifndef RENACER_CAUSAL_GRAPH_H
#define RENACER_CAUSAL_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "causal.h"

#define CGRAPH_NONE      UINT64_MAX
#define CGRAPH_LABEL_MAX 96

struct cgraph_node {
        uint64_t start, end; /* CLOCK_MONOTONIC ns: a call's enter and exit */
        uint64_t clock;
        uint64_t cause; /* index of the causing node, or CGRAPH_NONE */
        uint64_t cause_ns;
        int64_t ret;
        uint32_t tid, tgid; /* the task the node happens on (a fork: the parent) */
        uint32_t other;     /* FORK/THREAD: the child tid; SIGNAL: signo; EXIT: status */
        int32_t nr;         /* syscall number, -1 for other records */
        uint16_t flags;     /* syscall: RENACER_SC_* */
        uint8_t kind;       /* enum renacer_event_kind */
        uint8_t edge;       /* enum causal_edge of the cause */
};

struct cgraph_task {
        uint32_t tid, tgid;
        char comm[16];
        uint64_t *nodes; /* indices, in the task's order */
        size_t n, cap;
};

struct cgraph_proc {
        uint32_t tgid;
        char label[CGRAPH_LABEL_MAX]; /* argv of its last execve, or its name */
};

struct cgraph {
        struct cgraph_node *nodes;
        size_t n, cap, max;
        bool truncated; /* more records came than max */
        struct cgraph_task *tasks;
        size_t ntasks;
        struct cgraph_proc *procs;
        size_t nprocs, procs_cap;
        bool finalized;
};

/* max: nodes kept (0: a default of 4 million). */
void cgraph_init(struct cgraph *g, size_t max);
void cgraph_free(struct cgraph *g);
/* One released record with its note (note->seq must be g->n: the engine's
 * release order). -ENOMEM, -E2BIG past max (the node is not kept). */
int cgraph_add(struct cgraph *g, const void *rec, size_t len, const struct causal_note *note);
/* Build the per-task lists; after it, nothing more may be added. */
int cgraph_finalize(struct cgraph *g);
const struct cgraph_task *cgraph_task_of(const struct cgraph *g, uint32_t tid);
const char *cgraph_label(const struct cgraph *g, uint32_t tgid);

/* ---- the critical path ---- */

struct cp_segment {
        uint32_t tid, tgid;
        uint64_t from, to; /* ns */
        /* how the path left this segment for the next: the cause node here
         * and the effect node on the next segment's task */
        enum causal_edge edge_out;
        uint64_t cause_node, effect_node;
};

struct critical_path {
        struct cp_segment *seg; /* in time order */
        size_t n;
        uint64_t start_ns, end_ns; /* the trace: its first record to the last exit */
        uint64_t end_node;
        uint32_t end_tgid;
};

/* The longest causal chain that ends at the last process exit (the last
 * record when no exit was seen): walk back from it along the task's own
 * records, and wherever a record waited for its cause (the cause came
 * after the call began, or it is a child's first record), go to the cause.
 * -ENODATA for an empty graph. g must be finalized. */
int critical_path_compute(const struct cgraph *g, struct critical_path *out);
void critical_path_free(struct critical_path *cp);
/* Whether node i is on the path (a cause or an effect of its edges, or a
 * call that lies on a segment). */
bool critical_path_has_node(const struct critical_path *cp, const struct cgraph *g, uint64_t i);
/* The readable report: one line per segment with its share of wall time,
 * the longest calls in it and the edge it leaves by. */
int critical_path_print(const struct critical_path *cp, const struct cgraph *g, FILE *f);

/* ---- Perfetto / Chrome trace-event JSON ---- */

/* One track per thread grouped by process (process_name/thread_name
 * metadata), each syscall an X slice, each edge a flow (s/f, bound to the
 * slices at both ends), the critical path (cp may be NULL) on a track of
 * its own and coloured on the threads' tracks. */
int perfetto_write(const struct cgraph *g, const struct critical_path *cp, FILE *f);

#endif
