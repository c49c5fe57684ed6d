// SPDX-License-Identifier: MIT
/*
 * policy_parse_buffer on arbitrary bytes: policy files come from users and
 * from directories the daemon reloads. An error must be one line that names
 * the file; a success must hold only what validation promises, and must
 * evaluate, render and serialize without trouble.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "policy/policy.h"
#include "summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.yaml"

static void check_error(int r, const char *err, size_t errlen)
{
        if (r != -EINVAL && r != -ENOMEM && r != -EFBIG)
                abort();
        if (!memchr(err, '\0', errlen) || strncmp(err, NAME ":", strlen(NAME ":")) != 0)
                abort();
        for (const char *c = err; *c; c++)
                if ((unsigned char)*c < 0x20)
                        abort(); /* one line, no control characters */
}

static void check_policy(const struct policy *p)
{
        if (p->version != POLICY_SCHEMA_VERSION || p->n > POLICY_ASSERTIONS_MAX)
                abort();
        if (p->has_match && !p->match.exe && !p->match.comm && !p->match.has_uid &&
            !p->match.cgroup && !p->match.unit)
                abort();
        for (size_t i = 0; i < p->n; i++) {
                const struct policy_assertion *a = &p->assertions[i];
                size_t len = strlen(a->name);
                if (len == 0 || len > POLICY_NAME_MAX)
                        abort();
                for (size_t k = 0; k < len; k++)
                        if (!isalnum((unsigned char)a->name[k]) && !strchr("_.-", a->name[k]))
                                abort();
                for (size_t j = 0; j < i; j++)
                        if (strcmp(p->assertions[j].name, a->name) == 0)
                                abort();
                switch (a->type) {
                case POLICY_CRITICAL_PATH:
                        if (!a->max_duration_ns)
                                abort();
                        break;
                case POLICY_SPAN_COUNT:
                        if (!a->has_max_spans && !a->nbudgets)
                                abort();
                        if (a->has_max_spans && !a->max_spans)
                                abort();
                        for (size_t b = 0; b < a->nbudgets; b++)
                                if (!a->budgets[b].max || a->budgets[b].nr < 0 ||
                                    a->budgets[b].nr >= RENACER_SYSCALL_MAX)
                                        abort();
                        break;
                case POLICY_MEMORY_USAGE:
                        if (!a->max_bytes ||
                            (a->mode != POLICY_MEM_RSS && a->mode != POLICY_MEM_ALLOCATIONS))
                                abort();
                        break;
                case POLICY_ANTI_PATTERN:
                        if (a->pattern != POLICY_PATTERN_PCIE_BOTTLENECK ||
                            a->threshold_ppm > 1000000)
                                abort();
                        break;
                default:
                        abort();
                }
        }
}

static void exercise(const struct policy *p, const uint8_t *data, size_t size)
{
        struct policy_verdicts vs;
        struct json_object *j;
        struct summary sum;
        struct filter f;
        char line[64];
        FILE *out;

        summary_init(&sum);
        for (size_t i = 0; i + 1 < size && i < 64; i += 2)
                if (summary_add(&sum, data[i], data[i + 1], 0, (uint64_t)data[i + 1] * 1000, NULL) <
                    0)
                        break;
        struct policy_input in = {
            .wall_ns = size * 1000003ull,
            .summary = &sum,
            .peak_rss_bytes = size * 4096ull,
            .peak_alloc_bytes = size * 65536ull,
        };
        if (policy_evaluate(p, &in, &vs) == 0) {
                size_t enabled = 0;
                for (size_t i = 0; i < p->n; i++)
                        enabled += p->assertions[i].enabled;
                if (vs.n != enabled)
                        abort();
                for (size_t i = 0; i < vs.n; i++) {
                        int n = policy_verdict_format(&vs.v[i], line, sizeof(line));
                        if (n <= 0 || !memchr(line, '\0', sizeof(line)))
                                abort();
                        if (vs.v[i].status == POLICY_FAIL && !policy_failed(&vs))
                                abort();
                }
                out = fopen("/dev/null", "w");
                if (out) {
                        if (policy_verdicts_render_text(&vs, out) < 0)
                                abort();
                        fclose(out);
                }
                if (policy_verdicts_to_json(&vs, &j) == 0) {
                        const char *s = json_object_to_json_string(j);
                        struct json_object *back = json_tokener_parse(s);
                        if (!back)
                                abort();
                        json_object_put(back);
                        json_object_put(j);
                }
                policy_verdicts_free(&vs);
        }
        summary_free(&sum);

        memset(&f, 0, sizeof(f));
        policy_needed_filter(p, &f);
        (void)policy_matches(p, "/usr/bin/python3", "python3", 1000);
        (void)policy_matches(p, NULL, NULL, 0);
        (void)policy_matches_in(p, "/usr/bin/make", "make", 0, "/system.slice/ci.service/job");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct policy *p = NULL, *again = NULL;
        char err[256], tiny[4];
        int r, r2;

        err[0] = '\0';
        r = policy_parse_buffer(NAME, data, size, &p, err, sizeof(err));
        /* the outcome does not depend on the room left for the message */
        r2 = policy_parse_buffer(NAME, data, size, &again, tiny, sizeof(tiny));
        if (r != r2 && r != -ENOMEM && r2 != -ENOMEM)
                abort();
        policy_free(again);
        if (r < 0) {
                if (p)
                        abort();
                check_error(r, err, sizeof(err));
                return 0;
        }
        if (r != 0 || !p)
                abort();
        check_policy(p);
        exercise(p, data, size);
        policy_free(p);
        return 0;
}
