/* SPDX-License-Identifier: MIT */
/*
 * One session as one OpenTelemetry trace, built from the ring records that
 * pass through a session:
 *
 *   session span (root; parent: TRACEPARENT's span when there is one)
 *   └─ process span per process: starts at fork (the root's at its exec),
 *      ends at exit; parent = the span of the process that forked it;
 *      attributes process.pid, process.parent_pid, process.executable.path,
 *      process.command_args, process.exit.code, and per-syscall counts,
 *      errors and time of the calls that did not become spans
 *      └─ syscall span for every call slower than the threshold, with its
 *         real start and end
 *
 * Policy verdicts and PCIe warnings are events on the session span. Times
 * are CLOCK_MONOTONIC in the records and unix nanoseconds in the spans, via
 * an offset measured once per process.
 *
 * A span is encoded (OTLP/JSON: hex ids, 64-bit integers as strings, enums
 * as integers) when it ends and handed to emit(), which owns it from then:
 * an exporter queue, or a test's list. Nothing here blocks or does I/O.
 */
#ifndef RENACER_OTLP_TRACE_H
#define RENACER_OTLP_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "otlp-config.h"

struct policy_verdicts;
struct summary;
struct otlp_trace;

/* Takes ownership of span_json (one encoded Span object, malloc'ed). */
typedef void (*otlp_emit_fn)(void *ctx, char *span_json);

struct otlp_trace_params {
        uint64_t slow_call_ns;
        const struct otlp_parent *parent; /* NULL: the session starts a trace */
        pid_t root;
        pid_t root_ppid;      /* its parent (outside the session); 0: unknown */
        uint64_t start_ns;    /* CLOCK_MONOTONIC: when the session began */
        const char *name;     /* the session span's name */
        char *const *command; /* the root's command line; NULL: unknown */
        const char *exe;      /* the root's executable, when its exec came before */
        uint32_t session_id;
        otlp_emit_fn emit;
        void *emit_ctx;
};

int otlp_trace_new(const struct otlp_trace_params *p, struct otlp_trace **ret);
/* Free without ending anything: spans not yet ended are lost. */
void otlp_trace_free(struct otlp_trace *t);

/* Every ring record of the session, in ring order (malformed ones are
 * ignored). */
void otlp_trace_record(struct otlp_trace *t, const void *rec, size_t len);
/* Verdicts of a policy (named `policy`), as events on the session span; a
 * PCIeBottleneck verdict that is not PASS also adds a pcie.warning event. */
int otlp_trace_add_verdicts(struct otlp_trace *t, const char *policy,
                            const struct policy_verdicts *v, uint64_t ts_ns);
/* End the session at end_ns (0: the last time a record showed): processes still open end there too,
 * then the session span, with the kernel's exact summary (NULL: none) and the root's wait status
 * (-1: unknown). */
void otlp_trace_finish(struct otlp_trace *t, uint64_t end_ns, const struct summary *sum,
                       int root_wait_status);

/* The trace id as 32 hex digits. */
void otlp_trace_id_hex(const struct otlp_trace *t, char out[33]);

/* CLOCK_REALTIME - CLOCK_MONOTONIC in ns, measured on first use. */
int64_t otlp_clock_offset_ns(void);
/* Lowercase hex of n bytes into out (2n+1 bytes). */
void otlp_hex(const uint8_t *b, size_t n, char *out);
/* Random, non-zero ids. */
void otlp_random_id(uint8_t *b, size_t n);

#endif
