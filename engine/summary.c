// SPDX-License-Identifier: MIT
#include "summary.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
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

int summary_add_extremes(struct summary *s, int nr, uint64_t min_ns, uint64_t max_ns)
{
        struct summary_row *r = summary_slot(s, nr);

        if (!r)
                return -ENOMEM;
        /* the first extremes a row gets are its own */
        if (!r->has_extremes || min_ns < r->min_ns)
                r->min_ns = min_ns;
        if (!r->has_extremes || max_ns > r->max_ns)
                r->max_ns = max_ns;
        r->has_extremes = true;
        return 0;
}

int summary_merge(struct summary *s, const struct summary *other)
{
        for (size_t i = 0; i < other->n; i++) {
                const struct summary_row *o = &other->rows[i];
                int r = summary_add(s, o->nr, o->calls, o->errors, o->total_ns, o->hist);
                if (r == 0 && o->has_extremes)
                        r = summary_add_extremes(s, o->nr, o->min_ns, o->max_ns);
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
            {"time", SUMMARY_SORT_TIME},         {"total-time", SUMMARY_SORT_TIME},
            {"avg-time", SUMMARY_SORT_AVG},      {"calls", SUMMARY_SORT_CALLS},
            {"count", SUMMARY_SORT_CALLS},       {"errors", SUMMARY_SORT_ERRORS},
            {"error", SUMMARY_SORT_ERRORS},      {"name", SUMMARY_SORT_NAME},
            {"syscall", SUMMARY_SORT_NAME},      {"syscall-name", SUMMARY_SORT_NAME},
            {"nothing", SUMMARY_SORT_NONE},      {"none", SUMMARY_SORT_NONE},
            {"time_total", SUMMARY_SORT_TIME},   {"time-total", SUMMARY_SORT_TIME},
            {"total_time", SUMMARY_SORT_TIME},   {"time_percent", SUMMARY_SORT_TIME},
            {"time-percent", SUMMARY_SORT_TIME}, {"avg_time", SUMMARY_SORT_AVG},
            {"time_avg", SUMMARY_SORT_AVG},      {"time-avg", SUMMARY_SORT_AVG},
            {"syscall_name", SUMMARY_SORT_NAME}, {"min-time", SUMMARY_SORT_MIN},
            {"min_time", SUMMARY_SORT_MIN},      {"shortest", SUMMARY_SORT_MIN},
            {"time_min", SUMMARY_SORT_MIN},      {"time-min", SUMMARY_SORT_MIN},
            {"max-time", SUMMARY_SORT_MAX},      {"max_time", SUMMARY_SORT_MAX},
            {"longest", SUMMARY_SORT_MAX},       {"time_max", SUMMARY_SORT_MAX},
            {"time-max", SUMMARY_SORT_MAX},
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

/* strace's -U names (its count.c column_aliases), "none" excepted */
static const struct {
        const char *name;
        enum summary_column col;
} column_names[] = {
    {"time", SUMMARY_COL_TIME_PCT},         {"time_percent", SUMMARY_COL_TIME_PCT},
    {"time-percent", SUMMARY_COL_TIME_PCT}, {"time_total", SUMMARY_COL_TIME_TOTAL},
    {"time-total", SUMMARY_COL_TIME_TOTAL}, {"total_time", SUMMARY_COL_TIME_TOTAL},
    {"total-time", SUMMARY_COL_TIME_TOTAL}, {"min_time", SUMMARY_COL_TIME_MIN},
    {"min-time", SUMMARY_COL_TIME_MIN},     {"shortest", SUMMARY_COL_TIME_MIN},
    {"time_min", SUMMARY_COL_TIME_MIN},     {"time-min", SUMMARY_COL_TIME_MIN},
    {"longest", SUMMARY_COL_TIME_MAX},      {"max_time", SUMMARY_COL_TIME_MAX},
    {"max-time", SUMMARY_COL_TIME_MAX},     {"time_max", SUMMARY_COL_TIME_MAX},
    {"time-max", SUMMARY_COL_TIME_MAX},     {"avg_time", SUMMARY_COL_TIME_AVG},
    {"avg-time", SUMMARY_COL_TIME_AVG},     {"time_avg", SUMMARY_COL_TIME_AVG},
    {"time-avg", SUMMARY_COL_TIME_AVG},     {"calls", SUMMARY_COL_CALLS},
    {"count", SUMMARY_COL_CALLS},           {"error", SUMMARY_COL_ERRORS},
    {"errors", SUMMARY_COL_ERRORS},         {"name", SUMMARY_COL_NAME},
    {"syscall", SUMMARY_COL_NAME},          {"syscall_name", SUMMARY_COL_NAME},
    {"syscall-name", SUMMARY_COL_NAME},
};

void summary_columns_default(struct summary_columns *c)
{
        static const uint8_t dflt[] = {SUMMARY_COL_TIME_PCT, SUMMARY_COL_TIME_TOTAL,
                                       SUMMARY_COL_TIME_AVG, SUMMARY_COL_CALLS,
                                       SUMMARY_COL_ERRORS,   SUMMARY_COL_NAME};

        memset(c, 0, sizeof(*c));
        memcpy(c->col, dflt, sizeof(dflt));
}

int summary_columns_parse(const char *spec, struct summary_columns *ret, const char **bad,
                          size_t *bad_len)
{
        bool seen[SUMMARY_COL_MAX] = {false};
        struct summary_columns c;
        size_t n = 0;

        memset(&c, 0, sizeof(c));
        for (const char *w = spec;;) {
                size_t len = strcspn(w, ",");
                size_t i;
                for (i = 0; i < ARRAY_SIZE(column_names); i++)
                        if (strlen(column_names[i].name) == len &&
                            !strncmp(column_names[i].name, w, len))
                                break;
                if (i == ARRAY_SIZE(column_names) || seen[column_names[i].col]) {
                        *bad = w;
                        *bad_len = len;
                        return i == ARRAY_SIZE(column_names) ? -EINVAL : -EEXIST;
                }
                seen[column_names[i].col] = true;
                c.col[n++] = (uint8_t)column_names[i].col;
                if (!w[len])
                        break;
                w += len + 1;
        }
        /* strace: the table means nothing without the names */
        if (!seen[SUMMARY_COL_NAME])
                c.col[n++] = SUMMARY_COL_NAME;
        *ret = c;
        return 0;
}

const char *summary_column_name(size_t i)
{
        return i < ARRAY_SIZE(column_names) ? column_names[i].name : NULL;
}

static int row_by_min(const void *a, const void *b)
{
        const struct summary_row *x = *(const struct summary_row *const *)a;
        const struct summary_row *y = *(const struct summary_row *const *)b;

        if (x->min_ns != y->min_ns)
                return x->min_ns < y->min_ns ? 1 : -1;
        return row_tie(x, y);
}

static int row_by_max(const void *a, const void *b)
{
        const struct summary_row *x = *(const struct summary_row *const *)a;
        const struct summary_row *y = *(const struct summary_row *const *)b;

        if (x->max_ns != y->max_ns)
                return x->max_ns < y->max_ns ? 1 : -1;
        return row_tie(x, y);
}

static size_t num_chars(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static size_t num_chars(const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        int n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        return n > 0 ? (size_t)n : 0;
}

/* One line of the table; tot (nr -1) is the total line. */
static void summary_put_row(FILE *out, const struct summary_columns *cols, size_t ncol,
                            const size_t *w, const struct summary_row *r, uint64_t total_ns)
{
        for (size_t i = 0; i < ncol; i++) {
                unsigned k = cols->col[i];
                int wi = (int)w[k];
                if (i)
                        fputc(' ', out);
                switch (k) {
                case SUMMARY_COL_TIME_PCT: {
                        double pct = r->nr < 0 ? 100.0 : 100.0 * (double)r->total_ns;
                        if (r->nr >= 0 && pct != 0.0)
                                pct /= (double)total_ns;
                        fprintf(out, "%*.2f", wi, pct);
                        break;
                }
                case SUMMARY_COL_TIME_TOTAL:
                        fprintf(out, "%*.6f", wi, (double)r->total_ns / 1e9);
                        break;
                case SUMMARY_COL_TIME_MIN:
                        fprintf(out, "%*.6f", wi, (double)r->min_ns / 1e9);
                        break;
                case SUMMARY_COL_TIME_MAX:
                        fprintf(out, "%*.6f", wi, (double)r->max_ns / 1e9);
                        break;
                case SUMMARY_COL_TIME_AVG:
                        fprintf(out, "%*llu", wi,
                                (unsigned long long)(r->calls ? r->total_ns / r->calls / 1000 : 0));
                        break;
                case SUMMARY_COL_CALLS:
                        fprintf(out, "%*llu", wi, (unsigned long long)r->calls);
                        break;
                case SUMMARY_COL_ERRORS:
                        fprintf(out, "%*.0llu", wi, (unsigned long long)r->errors);
                        break;
                case SUMMARY_COL_NAME: {
                        const char *name = r->nr < 0 ? "total" : syscall_name(r->nr);
                        if (i == ncol - 1)
                                fputs(name, out);
                        else
                                fprintf(out, "%-*s", wi, name);
                        break;
                }
                }
        }
        fputc('\n', out);
}

int summary_render_text_sorted(const struct summary *s, FILE *out, enum summary_sort sort)
{
        struct summary_columns c;

        summary_columns_default(&c);
        return summary_render_text_columns(s, out, sort, &c);
}

/* strace 6.1's call_summary_pers(): column widths grow with their widest
 * value, the errors column leaves zero blank, the name column is last. */
int summary_render_text_columns(const struct summary *s, FILE *out, enum summary_sort sort,
                                const struct summary_columns *cols)
{
        _cleanup_free_ const struct summary_row **order = NULL;
        uint64_t total_ns = summary_total_ns(s), calls = summary_total_calls(s);
        uint64_t errors = summary_total_errors(s), min_all = UINT64_MAX, min_max = 0, max_all = 0,
                 avg_max = 0;
        size_t n = 0, name_max = 0, ncol = 0;

        order = calloc(s->n ? s->n : 1, sizeof(*order));
        if (!order)
                return -ENOMEM;
        for (size_t i = 0; i < s->n; i++) {
                const struct summary_row *r = &s->rows[i];
                if (!r->calls)
                        continue;
                order[n++] = r;
                min_all = MIN(min_all, r->min_ns);
                min_max = MAX(min_max, r->min_ns);
                max_all = MAX(max_all, r->max_ns);
                avg_max = MAX(avg_max, r->total_ns / r->calls);
                name_max = MAX(name_max, strlen(syscall_name(r->nr)));
        }
        if (!n)
                min_all = 0;
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
        case SUMMARY_SORT_MIN:
                cmp = row_by_min;
                break;
        case SUMMARY_SORT_MAX:
                cmp = row_by_max;
                break;
        }
        qsort(order, n, sizeof(*order), cmp);

        static const char *const heads[SUMMARY_COL_MAX] = {
            [SUMMARY_COL_TIME_PCT] = "% time",     [SUMMARY_COL_TIME_TOTAL] = "seconds",
            [SUMMARY_COL_TIME_MIN] = "shortest",   [SUMMARY_COL_TIME_MAX] = "longest",
            [SUMMARY_COL_TIME_AVG] = "usecs/call", [SUMMARY_COL_CALLS] = "calls",
            [SUMMARY_COL_ERRORS] = "errors",       [SUMMARY_COL_NAME] = "syscall",
        };
        size_t w[SUMMARY_COL_MAX] = {
            [SUMMARY_COL_TIME_PCT] = 6,
            [SUMMARY_COL_TIME_TOTAL] = MAX(11, num_chars("%.6f", (double)total_ns / 1e9)),
            [SUMMARY_COL_TIME_MIN] =
                MAX(8, num_chars("%llu.000000", (unsigned long long)(min_max / 1000000000))),
            [SUMMARY_COL_TIME_MAX] =
                MAX(7, num_chars("%llu.000000", (unsigned long long)(max_all / 1000000000))),
            [SUMMARY_COL_TIME_AVG] =
                MAX(11, num_chars("%llu", (unsigned long long)(avg_max / 1000))),
            [SUMMARY_COL_CALLS] = MAX(9, num_chars("%llu", (unsigned long long)calls)),
            [SUMMARY_COL_ERRORS] = MAX(9, num_chars("%llu", (unsigned long long)errors)),
            [SUMMARY_COL_NAME] = MAX(16, name_max + 1),
        };
        while (ncol < SUMMARY_COLUMNS_MAX && cols->col[ncol])
                ncol++;
        for (size_t i = 0; i < ncol; i++) {
                unsigned k = cols->col[i];
                int wi = (int)w[k];
                if (i)
                        fputc(' ', out);
                if (k != SUMMARY_COL_NAME)
                        fprintf(out, "%*s", wi, heads[k]);
                else if (i == ncol - 1)
                        fputs(heads[k], out);
                else
                        fprintf(out, "%-*s", wi, heads[k]);
        }
        fputc('\n', out);
        for (int line = 0; line < 2; line++) {
                if (line) {
                        for (size_t j = 0; j < n; j++)
                                summary_put_row(out, cols, ncol, w, order[j], total_ns);
                }
                for (size_t i = 0; i < ncol; i++) {
                        if (i)
                                fputc(' ', out);
                        for (size_t j = 0; j < w[cols->col[i]]; j++)
                                fputc('-', out);
                }
                fputc('\n', out);
        }
        struct summary_row tot = {.nr = -1,
                                  .calls = calls,
                                  .errors = errors,
                                  .total_ns = total_ns,
                                  .min_ns = min_all,
                                  .max_ns = max_all};
        summary_put_row(out, cols, ncol, w, &tot, total_ns);
        return ferror(out) ? -EIO : 0;
}
