// SPDX-License-Identifier: MIT
#include "summary.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-names.h"
#include "util.h"

void summary_init(struct summary *s)
{
        memset(s, 0, sizeof(*s));
}

void summary_free(struct summary *s)
{
        free(s->rows);
        summary_init(s);
}

static struct summary_row *summary_slot(struct summary *s, int nr)
{
        size_t lo = 0, hi = s->n;

        while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (s->rows[mid].nr < nr)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        if (lo < s->n && s->rows[lo].nr == nr)
                return &s->rows[lo];
        if (s->n == s->cap) {
                size_t cap = s->cap ? s->cap * 2 : 32;
                struct summary_row *rows = realloc(s->rows, cap * sizeof(*rows));
                if (!rows)
                        return NULL;
                s->rows = rows;
                s->cap = cap;
        }
        memmove(&s->rows[lo + 1], &s->rows[lo], (s->n - lo) * sizeof(*s->rows));
        memset(&s->rows[lo], 0, sizeof(*s->rows));
        s->rows[lo].nr = nr;
        s->n++;
        return &s->rows[lo];
}

int summary_add(struct summary *s, int nr, uint64_t calls, uint64_t errors, uint64_t total_ns,
                const uint64_t *hist)
{
        struct summary_row *r = summary_slot(s, nr);

        if (!r)
                return -ENOMEM;
        r->calls += calls;
        r->errors += errors;
        r->total_ns += total_ns;
        if (hist)
                for (size_t i = 0; i < RENACER_HIST_BUCKETS; i++)
                        r->hist[i] += hist[i];
        return 0;
}

int summary_merge(struct summary *s, const struct summary *other)
{
        for (size_t i = 0; i < other->n; i++) {
                const struct summary_row *o = &other->rows[i];
                int r = summary_add(s, o->nr, o->calls, o->errors, o->total_ns, o->hist);
                if (r < 0)
                        return r;
        }
        return 0;
}

const struct summary_row *summary_find(const struct summary *s, int nr)
{
        for (size_t i = 0; i < s->n; i++)
                if (s->rows[i].nr == nr)
                        return &s->rows[i];
        return NULL;
}

uint64_t summary_total_calls(const struct summary *s)
{
        uint64_t t = 0;
        for (size_t i = 0; i < s->n; i++)
                t += s->rows[i].calls;
        return t;
}

uint64_t summary_total_errors(const struct summary *s)
{
        uint64_t t = 0;
        for (size_t i = 0; i < s->n; i++)
                t += s->rows[i].errors;
        return t;
}

uint64_t summary_total_ns(const struct summary *s)
{
        uint64_t t = 0;
        for (size_t i = 0; i < s->n; i++)
                t += s->rows[i].total_ns;
        return t;
}

static int row_by_time(const void *a, const void *b)
{
        const struct summary_row *x = *(const struct summary_row *const *)a;
        const struct summary_row *y = *(const struct summary_row *const *)b;

        if (x->total_ns != y->total_ns)
                return x->total_ns < y->total_ns ? 1 : -1;
        if (x->calls != y->calls)
                return x->calls < y->calls ? 1 : -1;
        return strcmp(syscall_name(x->nr), syscall_name(y->nr));
}

/* strace -S: ties fall back to the syscall number, the order strace's
 * table has (glibc's qsort is stable there). */
static int row_tie(const struct summary_row *x, const struct summary_row *y)
{
        return (x->nr > y->nr) - (x->nr < y->nr);
}

static int row_by_calls(const void *a, const void *b)
{
        const struct summary_row *x = *(const struct summary_row *const *)a;
        const struct summary_row *y = *(const struct summary_row *const *)b;

        if (x->calls != y->calls)
                return x->calls < y->calls ? 1 : -1;
        return row_tie(x, y);
}

static int row_by_errors(const void *a, const void *b)
{
        const struct summary_row *x = *(const struct summary_row *const *)a;
        const struct summary_row *y = *(const struct summary_row *const *)b;

        if (x->errors != y->errors)
                return x->errors < y->errors ? 1 : -1;
        return row_tie(x, y);
}

static int row_by_avg(const void *a, const void *b)
{
        const struct summary_row *x = *(const struct summary_row *const *)a;
        const struct summary_row *y = *(const struct summary_row *const *)b;
        uint64_t ax = x->calls ? x->total_ns / x->calls : 0,
                 ay = y->calls ? y->total_ns / y->calls : 0;

        if (ax != ay)
                return ax < ay ? 1 : -1;
        return row_tie(x, y);
}

static int row_by_name(const void *a, const void *b)
{
        const struct summary_row *x = *(const struct summary_row *const *)a;
        const struct summary_row *y = *(const struct summary_row *const *)b;
        int c = strcmp(syscall_name(x->nr), syscall_name(y->nr));

        return c ? c : row_tie(x, y);
}

static int row_by_nr(const void *a, const void *b)
{
        return row_tie(*(const struct summary_row *const *)a,
                       *(const struct summary_row *const *)b);
}

int summary_sort_parse(const char *name, enum summary_sort *ret)
{
        static const struct {
                const char *name;
                enum summary_sort sort;
        } names[] = {
            {"time", SUMMARY_SORT_TIME},    {"total-time", SUMMARY_SORT_TIME},
            {"avg-time", SUMMARY_SORT_AVG}, {"calls", SUMMARY_SORT_CALLS},
            {"count", SUMMARY_SORT_CALLS},  {"errors", SUMMARY_SORT_ERRORS},
            {"error", SUMMARY_SORT_ERRORS}, {"name", SUMMARY_SORT_NAME},
            {"syscall", SUMMARY_SORT_NAME}, {"syscall-name", SUMMARY_SORT_NAME},
            {"nothing", SUMMARY_SORT_NONE}, {"none", SUMMARY_SORT_NONE},
        };
        for (size_t i = 0; i < ARRAY_SIZE(names); i++)
                if (!strcmp(name, names[i].name)) {
                        *ret = names[i].sort;
                        return 0;
                }
        return -EINVAL;
}

int summary_render_text(const struct summary *s, FILE *out)
{
        return summary_render_text_sorted(s, out, SUMMARY_SORT_TIME);
}

/* Column layout and the blank errors column for zero follow strace's -c. */
int summary_render_text_sorted(const struct summary *s, FILE *out, enum summary_sort sort)
{
        static const char dashes[] = "------ ----------- ----------- --------- --------- "
                                     "----------------\n";
        _cleanup_free_ const struct summary_row **order = NULL;
        uint64_t total_ns = summary_total_ns(s), calls = summary_total_calls(s);
        size_t n = 0;

        order = calloc(s->n ? s->n : 1, sizeof(*order));
        if (!order)
                return -ENOMEM;
        for (size_t i = 0; i < s->n; i++)
                if (s->rows[i].calls)
                        order[n++] = &s->rows[i];
        int (*cmp)(const void *, const void *) = row_by_time;
        switch (sort) {
        case SUMMARY_SORT_TIME:
                break;
        case SUMMARY_SORT_AVG:
                cmp = row_by_avg;
                break;
        case SUMMARY_SORT_CALLS:
                cmp = row_by_calls;
                break;
        case SUMMARY_SORT_ERRORS:
                cmp = row_by_errors;
                break;
        case SUMMARY_SORT_NAME:
                cmp = row_by_name;
                break;
        case SUMMARY_SORT_NONE:
                cmp = row_by_nr;
                break;
        }
        qsort(order, n, sizeof(*order), cmp);

        fprintf(out, "%6.6s %11.11s %11.11s %9.9s %9.9s %s\n", "% time", "seconds", "usecs/call",
                "calls", "errors", "syscall");
        fputs(dashes, out);
        for (size_t i = 0; i < n; i++) {
                const struct summary_row *r = order[i];
                double pct = total_ns ? 100.0 * (double)r->total_ns / (double)total_ns : 0.0;
                fprintf(out, "%6.2f %11.6f %11llu %9llu %9.llu %s\n", pct, r->total_ns / 1e9,
                        (unsigned long long)(r->total_ns / 1000 / r->calls),
                        (unsigned long long)r->calls, (unsigned long long)r->errors,
                        syscall_name(r->nr));
        }
        fputs(dashes, out);
        fprintf(out, "%6.2f %11.6f %11llu %9llu %9.llu %s\n", 100.0, total_ns / 1e9,
                (unsigned long long)(calls ? total_ns / 1000 / calls : 0),
                (unsigned long long)calls, (unsigned long long)summary_total_errors(s), "total");
        return ferror(out) ? -EIO : 0;
}
