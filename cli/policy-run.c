// SPDX-License-Identifier: MIT
#include "policy-run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc-tracker.h"
#include "pcie.h"
#include "renacer-event.h"
#include "session-table.h"

struct policy_run {
        struct policy *policy;
        struct session_table *table;
        struct session *s; /* fd tables of the traced tree, for GPU paths */
        struct alloc_tracker alloc;
        struct pcie_stats pcie;
        int error;
};

/* An fd opened before tracing began: ask /proc. */
static int resolve_fd(void *ctx, pid_t tgid, int fd, char *buf, size_t len)
{
        char link[64];
        ssize_t n;

        (void)ctx;
        snprintf(link, sizeof(link), "/proc/%d/fd/%d", (int)tgid, fd);
        n = readlink(link, buf, len - 1);
        if (n < 0)
                return -errno;
        buf[n] = '\0';
        return (int)n;
}

int policy_run_open(const char *path, struct policy_run **ret)
{
        struct policy_run *pr = calloc(1, sizeof(*pr));
        char err[512];
        int r;

        if (!pr)
                return -ENOMEM;
        r = policy_load_file(path, &pr->policy, err, sizeof(err));
        if (r < 0) {
                fprintf(stderr, "renacerctl: %s\n", err);
                free(pr);
                return -EINVAL;
        }
        r = session_table_new(&pr->table);
        if (r == 0)
                r = session_table_add(pr->table, 0, &pr->s);
        if (r < 0) {
                policy_run_free(pr);
                return r;
        }
        /* the root is not known yet: the first records name it */
        pr->s->procs[0].alive = false;
        pr->s->live = 0;
        alloc_tracker_init(&pr->alloc);
        pcie_stats_init(&pr->pcie, &pr->policy->gpu);
        pcie_stats_set_resolver(&pr->pcie, resolve_fd, NULL);
        *ret = pr;
        return 0;
}

void policy_run_free(struct policy_run *pr)
{
        if (!pr)
                return;
        if (pr->table) {
                alloc_tracker_free(&pr->alloc);
                pcie_stats_free(&pr->pcie);
        }
        session_table_free(pr->table);
        policy_free(pr->policy);
        free(pr);
}

void policy_run_record(void *ctx, const void *rec, size_t len)
{
        struct policy_run *pr = ctx;
        int r;

        if (pr->error)
                return;
        /* the session first, so its fd table is current for the GPU check */
        session_ingest(pr->s, rec, len);
        r = alloc_tracker_feed(&pr->alloc, rec, len);
        if (r >= 0)
                r = pcie_stats_feed(&pr->pcie, pr->s, rec, len);
        if (r < 0 && r != -EBADMSG)
                pr->error = r;
}

int policy_run_evaluate(struct policy_run *pr, const struct trace_result *res,
                        struct policy_verdicts *out)
{
        struct policy_input in = {
            .wall_ns = res->wall_ns,
            .summary = &res->summary,
            .peak_rss_bytes = alloc_tracker_peak_rss(&pr->alloc),
            .peak_alloc_bytes = alloc_tracker_peak(&pr->alloc),
            .pcie = &pr->pcie,
        };

        if (pr->error)
                return pr->error;
        return policy_evaluate(pr->policy, &in, out);
}
