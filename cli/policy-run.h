/* SPDX-License-Identifier: MIT */
/* `run --policy FILE`: what a policy needs from a traced run (allocations,
 * GPU calls, fd paths) gathered from the records as they pass, and the
 * verdicts at the end. */
#ifndef RENACER_POLICY_RUN_H
#define RENACER_POLICY_RUN_H

#include <stddef.h>

#include "policy.h"
#include "render.h"

/* renacerctl's exit status when an assertion with fail_on_violation fails */
#define EXIT_POLICY_FAILED POLICY_EXIT_STATUS

struct policy_run;

/* Load and validate FILE; on error print one `file:line:column: ...` line
 * and return -EINVAL. */
int policy_run_open(const char *path, struct policy_run **ret);
void policy_run_free(struct policy_run *pr);
/* Record hook for the renderer: every record, in order. */
void policy_run_record(void *ctx, const void *rec, size_t len);
/* Evaluate against the finished run. */
int policy_run_evaluate(struct policy_run *pr, const struct trace_result *res,
                        struct policy_verdicts *out);

#endif
