/* SPDX-License-Identifier: MIT */
/*
 * OTLP/HTTP delivery: POST /v1/traces with JSON bodies (libcurl), from a
 * bounded queue of encoded spans.
 *
 * Why a sender thread and not curl_multi in the caller's loop: renacerd's
 * epoll loop and renacerctl's two poll loops (daemon stream, in-process
 * engine) would each need curl's socket and timer callbacks wired in, and a
 * collector that is slow to resolve, connect or answer must never delay the
 * loop that drains the ring buffer. The thread owns every network wait; the
 * tracing side only takes a mutex for a queue push (no allocation beyond
 * the span it hands over, never any I/O). When the queue is full the span is
 * dropped and counted, so a dead collector costs the traced programs
 * nothing.
 *
 * Batches: up to max_batch spans, sent when that many wait or delay_ms
 * after the first one queued. Retries: 429, 502, 503, 504 and connection
 * errors are retried with exponential backoff (Retry-After honoured, capped)
 * for up to timeout_ms per batch; other failures drop the batch (counted).
 * While a caller waits in otlp_exporter_flush(), a collector that cannot be
 * reached at all gets three attempts, not the whole timeout.
 */
#ifndef RENACER_OTLP_EXPORT_H
#define RENACER_OTLP_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "otlp-config.h"

struct otlp_exporter;

struct otlp_stats {
        uint64_t spans_sent;
        uint64_t dropped_queue_full; /* the queue was full */
        uint64_t dropped_failed;     /* the collector refused them, or retries ran out */
        uint64_t dropped_rejected;   /* accepted with partialSuccess.rejectedSpans */
        uint64_t dropped_shutdown;   /* still queued when the exporter stopped */
        uint64_t requests;           /* HTTP requests made */
        uint64_t requests_failed;    /* ... that failed (each retry counts) */
        uint64_t outages;            /* times delivery went from working to failing */
        size_t queued;
};

/* Copies what it needs from c (c->endpoint must be set) and starts the
 * sender thread. Call it after any fork() that execs. */
int otlp_exporter_new(const struct otlp_config *c, struct otlp_exporter **ret);
/* Stop the thread; spans still queued are dropped (counted). NULL is fine. */
void otlp_exporter_free(struct otlp_exporter *e);

/* Queue one encoded span (ownership passes, even on failure). -ENOBUFS
 * when the queue is full: the span was dropped and counted. Never blocks
 * on the network. Fits otlp_emit_fn through otlp_exporter_emit. */
int otlp_exporter_enqueue(struct otlp_exporter *e, char *span_json);
void otlp_exporter_emit(void *exporter, char *span_json);

/* Send what is queued now and wait until it is delivered or dropped, at
 * most timeout_ms. Returns 0 when the queue drained, -ETIMEDOUT. */
int otlp_exporter_flush(struct otlp_exporter *e, unsigned timeout_ms);

void otlp_exporter_stats(struct otlp_exporter *e, struct otlp_stats *ret);
const char *otlp_exporter_endpoint(const struct otlp_exporter *e);

/* Outage reporting for one log line per outage, not per batch: returns 1
 * when delivery changed state since the last call (*ret_down tells which
 * way; why holds the first error of an outage), 0 when it did not. */
int otlp_exporter_poll_outage(struct otlp_exporter *e, bool *ret_down, char *why, size_t len);

/* The request body for n encoded spans (exposed for tests and fuzzing):
 * {"resourceSpans":[{"resource":{...},"scopeSpans":[{"scope":...,"spans":[...]}]}]} */
int otlp_request_body(const struct otlp_config *c, char *const *spans, size_t n, char **ret,
                      size_t *ret_len);

#endif
