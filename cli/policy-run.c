// SPDX-License-Identifier: MIT
#include "policy-run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy-checker.h"
#include "renacer-event.h"

/* renacerctl's side of a policy check: the checker follows the traced
 * tree's fd tables itself (the GPU check resolves paths through them), and
 * /proc names fds opened before tracing began. */
struct policy_run {
        struct policy_checker check;
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
        r = policy_checker_load(&pr->check, path, err, sizeof(err));
        if (r < 0) {
                fprintf(stderr, "renacerctl: %s\n", err);
                free(pr);
                return -EINVAL;
        }
        policy_checker_set_resolver(&pr->check, resolve_fd, NULL);
        r = policy_checker_own_fds(&pr->check);
        if (r < 0) {
                policy_run_free(pr);
                return r;
        }
        *ret = pr;
        return 0;
}

void policy_run_free(struct policy_run *pr)
{
        if (!pr)
                return;
        policy_checker_free(&pr->check);
        free(pr);
}

void policy_run_record(void *ctx, const void *rec, size_t len)
{
        struct policy_run *pr = ctx;

        policy_checker_feed(&pr->check, NULL, rec, len);
}

int policy_run_evaluate(struct policy_run *pr, const struct trace_result *res,
                        struct policy_verdicts *out)
{
        return policy_checker_evaluate(&pr->check, res->wall_ns, &res->summary, out);
}
