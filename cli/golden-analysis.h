/* SPDX-License-Identifier: MIT */
#ifndef RENACER_GOLDEN_ANALYSIS_H
#define RENACER_GOLDEN_ANALYSIS_H

/* An example's wall-time and syscall budgets, from its policy file. */
struct golden_budget {
        double max_ms;                /* 0: none */
        unsigned long long max_calls; /* 0: none */
};

/* Budgets for NAME from <dir>/../policies/examples/NAME.yaml; zeros when
 * there is no such policy. */
void golden_budget_lookup(const char *golden_dir, const char *name, struct golden_budget *out);

/* Rewrite <dir>/ANALYSIS.md from the golden traces in dir. */
int golden_analysis_write(const char *dir);

#endif
