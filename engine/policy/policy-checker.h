/* SPDX-License-Identifier: MIT */
/*
 * One policy checked against one traced run, the single place where a
 * policy meets a trace: `renacerctl run --policy` and renacerd's
 * daemon-wide auto-sessions both feed it every record of the run (the
 * allocation tracker and the PCIe heuristic take what they need, GPU fds
 * resolved through the session's fd tables) and ask it for the verdicts
 * when the run ends, with the kernel's exact summary.
 */
#ifndef RENACER_POLICY_CHECKER_H
#define RENACER_POLICY_CHECKER_H

#include <stddef.h>
#include <stdint.h>

#include "alloc-tracker.h"
#include "pcie.h"
#include "policy.h"

struct session;
struct session_table;
struct summary;

struct policy_checker {
        struct policy *policy; /* owned */
        struct alloc_tracker alloc;
        struct pcie_stats pcie;
        int error; /* the first feed error (-ENOMEM): the verdicts would lie */
        /* policy_checker_own_fds(): a session of its own, for fd tables */
        struct session_table *own_table;
        struct session *own;
};

/* Take ownership of p (freed by policy_checker_free, also on failure). */
int policy_checker_init(struct policy_checker *pc, struct policy *p);
/* Load and validate a policy file; err gets one `file:line:column: ...`
 * line. */
int policy_checker_load(struct policy_checker *pc, const char *path, char *err, size_t errlen);
/* For a caller with no session of its own (renacerctl through renacerd):
 * the checker follows the records' processes and fds itself, and
 * policy_checker_feed() takes s NULL. */
int policy_checker_own_fds(struct policy_checker *pc);
/* Where fds opened before tracing began are looked up (renacerctl: /proc). */
void policy_checker_set_resolver(struct policy_checker *pc, pcie_resolve_fn fn, void *ctx);
/* One record of the run, in order; s has already ingested it, so its fd
 * tables are current (NULL: the checker's own session, if any, takes it). */
void policy_checker_feed(struct policy_checker *pc, const struct session *s, const void *rec,
                         size_t len);
/* The verdicts for the finished run: wall_ns from the root's execve to the
 * tree's end, sum the kernel's exact counts. */
int policy_checker_evaluate(struct policy_checker *pc, uint64_t wall_ns, const struct summary *sum,
                            struct policy_verdicts *out);
void policy_checker_free(struct policy_checker *pc);

#endif
