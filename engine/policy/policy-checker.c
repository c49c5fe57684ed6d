// SPDX-License-Identifier: MIT
#include "policy-checker.h"

#include <errno.h>
#include <string.h>

#include "session-table.h"

int policy_checker_init(struct policy_checker *pc, struct policy *p)
{
        memset(pc, 0, sizeof(*pc));
        if (!p)
                return -EINVAL;
        pc->policy = p;
        alloc_tracker_init(&pc->alloc);
        pcie_stats_init(&pc->pcie, &p->gpu);
        return 0;
}

int policy_checker_load(struct policy_checker *pc, const char *path, char *err, size_t errlen)
{
        struct policy *p = NULL;
        int r;

        memset(pc, 0, sizeof(*pc));
        r = policy_load_file(path, &p, err, errlen);
        if (r < 0)
                return r;
        return policy_checker_init(pc, p);
}

int policy_checker_own_fds(struct policy_checker *pc)
{
        int r;

        if (pc->own)
                return 0;
        r = session_table_new(&pc->own_table);
        if (r == 0)
                r = session_table_add(pc->own_table, 0, &pc->own);
        if (r < 0) {
                session_table_free(pc->own_table);
                pc->own_table = NULL;
                pc->own = NULL;
                return r;
        }
        /* the root is not known yet: the first records name it */
        pc->own->procs[0].alive = false;
        pc->own->live = 0;
        return 0;
}

void policy_checker_set_resolver(struct policy_checker *pc, pcie_resolve_fn fn, void *ctx)
{
        pcie_stats_set_resolver(&pc->pcie, fn, ctx);
}

void policy_checker_feed(struct policy_checker *pc, const struct session *s, const void *rec,
                         size_t len)
{
        int r;

        if (pc->error || !pc->policy)
                return;
        if (!s && pc->own) {
                /* first, so its fd table is current for the GPU check */
                session_ingest(pc->own, rec, len);
                s = pc->own;
        }
        r = alloc_tracker_feed(&pc->alloc, rec, len);
        if (r >= 0)
                r = pcie_stats_feed(&pc->pcie, s, rec, len);
        /* a record too short to read is skipped; running out of memory
         * makes every later verdict unreliable */
        if (r < 0 && r != -EBADMSG)
                pc->error = r;
}

int policy_checker_evaluate(struct policy_checker *pc, uint64_t wall_ns, const struct summary *sum,
                            struct policy_verdicts *out)
{
        struct policy_input in = {
            .wall_ns = wall_ns,
            .summary = sum,
            .peak_rss_bytes = alloc_tracker_peak_rss(&pc->alloc),
            .peak_alloc_bytes = alloc_tracker_peak(&pc->alloc),
            .pcie = &pc->pcie,
        };

        if (!pc->policy)
                return -EINVAL;
        if (pc->error)
                return pc->error;
        return policy_evaluate(pc->policy, &in, out);
}

void policy_checker_free(struct policy_checker *pc)
{
        session_table_free(pc->own_table);
        pc->own_table = NULL;
        pc->own = NULL;
        if (!pc->policy)
                return;
        alloc_tracker_free(&pc->alloc);
        pcie_stats_free(&pc->pcie);
        policy_free(pc->policy);
        pc->policy = NULL;
}
