/* SPDX-License-Identifier: MIT */
/* `run --otlp` (or the OpenTelemetry environment): the traced session as
 * one OTLP trace, exported while it runs and flushed, within the export
 * timeout, when it ends. TRACEPARENT in the command's environment
 * (renacerctl's, after -E) parents the session span. */
#ifndef RENACER_OTLP_RUN_H
#define RENACER_OTLP_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "options.h"
#include "render.h"

struct otlp_run;
struct policy_verdicts;

/* Is export asked for by the environment (OTEL_EXPORTER_OTLP_*)? */
bool otlp_run_env_enabled(void);
/* Read the configuration; *ret = NULL when export is off. A bad setting
 * prints one line and returns -EINVAL. Nothing is started yet. */
int otlp_run_open(const struct trace_opts *o, struct otlp_run **ret);
/* After the command is forked: start the sender and the trace. */
int otlp_run_start(struct otlp_run *r, pid_t root, char *const *command);
/* Record hook: every record of the session, in order. */
void otlp_run_record(void *ctx, const void *rec, size_t len);
/* End the trace (verdicts may be NULL), flush, say on stderr what could not
 * be exported. */
void otlp_run_finish(struct otlp_run *r, const struct trace_result *res, const char *policy_path,
                     const struct policy_verdicts *v);
void otlp_run_free(struct otlp_run *r);

#endif
