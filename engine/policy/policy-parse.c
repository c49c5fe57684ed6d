// SPDX-License-Identifier: MIT
/*
 * Policy files through libyaml's document API: the loader builds the node
 * graph, and every node keeps the mark (line, column) where it started, which
 * is what validation errors point at. The walk below descends a fixed shape
 * and checks each node's type before going deeper, so aliases (even cyclic
 * ones) cannot make it loop.
 */
#include "policy.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cgroup.h"
#include "flight-ring.h"
#include "policy-toml.h"
#include "syscall-names.h"
#include "util.h"

struct parser {
        const char *file;
        yaml_document_t *doc;
        char *err;
        size_t errlen;
        const char *section; /* "match", "gpu", or NULL */
        bool in_assertion;
        size_t aindex;     /* 1-based */
        const char *aname; /* NULL until known */
};

/* Messages are one line, whatever a file name or a quoted value held. */
static void one_line(char *s)
{
        for (; s && *s; s++)
                if ((unsigned char)*s < 0x20 || *s == 0x7f)
                        *s = '?';
}

static void msg_prefix(char *buf, size_t len, const char *file, size_t line, size_t col)
{
        snprintf(buf, len, "%s:%zu:%zu: ", file, line, col);
}

__attribute__((format(printf, 4, 5))) static int fail_at(struct parser *ps, size_t line, size_t col,
                                                         const char *fmt, ...)
{
        char ctx[160] = "", what[400], pos[300];
        va_list ap;

        if (!ps->err || ps->errlen == 0)
                return -EINVAL;
        msg_prefix(pos, sizeof(pos), ps->file, line + 1, col + 1);
        if (ps->in_assertion) {
                if (ps->aname)
                        snprintf(ctx, sizeof(ctx), "assertion '%s': ", ps->aname);
                else
                        snprintf(ctx, sizeof(ctx), "assertion #%zu: ", ps->aindex);
        }
        if (ps->section)
                snprintf(ctx + strlen(ctx), sizeof(ctx) - strlen(ctx), "%s: ", ps->section);
        va_start(ap, fmt);
        vsnprintf(what, sizeof(what), fmt, ap);
        va_end(ap);
        snprintf(ps->err, ps->errlen, "%s%s%s", pos, ctx, what);
        one_line(ps->err);
        return -EINVAL;
}

#define fail(ps, node, ...)                                                                        \
        fail_at((ps), (node)->start_mark.line, (node)->start_mark.column, __VA_ARGS__)

static yaml_node_t *node_at(struct parser *ps, int index)
{
        return yaml_document_get_node(ps->doc, index);
}

static bool is_scalar(const yaml_node_t *n)
{
        return n && n->type == YAML_SCALAR_NODE;
}

static const char *sval(const yaml_node_t *n)
{
        return (const char *)n->data.scalar.value;
}

static size_t slen(const yaml_node_t *n)
{
        return n->data.scalar.length;
}

static bool plain(const yaml_node_t *n)
{
        return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

/* A scalar shown in a message: printable, one line, bounded. */
static const char *show(const yaml_node_t *n, char *buf, size_t len)
{
        size_t o = 0, max = len > 4 ? len - 4 : 0;

        if (!is_scalar(n)) {
                snprintf(buf, len, "%s",
                         n && n->type == YAML_SEQUENCE_NODE ? "a list" : "a mapping");
                return buf;
        }
        for (size_t i = 0; i < slen(n) && o < max; i++) {
                unsigned char c = (unsigned char)sval(n)[i];
                buf[o++] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
        }
        if (slen(n) > o && len >= 4) {
                memcpy(buf + o, "...", 3);
                o += 3;
        }
        buf[o] = '\0';
        return buf;
}

/* "not 'abc'", "not a list": what a value of the wrong type was. */
static const char *what_not(const yaml_node_t *n, char *buf, size_t len)
{
        char tmp[64];

        if (is_scalar(n) && slen(n) == 0)
                snprintf(buf, len, "not empty");
        else if (is_scalar(n))
                snprintf(buf, len, "not '%s'", show(n, tmp, sizeof(tmp)));
        else
                snprintf(buf, len, "not %s", show(n, tmp, sizeof(tmp)));
        return buf;
}

static bool key_is(const yaml_node_t *k, const char *name)
{
        return slen(k) == strlen(name) && memcmp(sval(k), name, slen(k)) == 0;
}

static bool is_null(const yaml_node_t *n)
{
        if (!plain(n))
                return false;
        return slen(n) == 0 || key_is(n, "~") || key_is(n, "null") || key_is(n, "Null") ||
               key_is(n, "NULL");
}

/* A string: any non-null scalar without NUL bytes. */
static bool get_str(const yaml_node_t *n, const char **ret)
{
        if (!is_scalar(n) || is_null(n) || strlen(sval(n)) != slen(n))
                return false;
        *ret = sval(n);
        return true;
}

static bool get_bool(const yaml_node_t *n, bool *ret)
{
        static const char *const t[] = {"true", "True", "TRUE"}, *const f[] = {"false", "False",
                                                                               "FALSE"};
        if (!is_scalar(n) || !plain(n))
                return false;
        for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
                if (key_is(n, t[i]))
                        return *ret = true, true;
                if (key_is(n, f[i]))
                        return *ret = false, true;
        }
        return false;
}

/* Plain decimal digits, an optional sign; 1: integer, 0: not a number,
 * -ERANGE: a number out of uint64 range or negative. */
static int get_int(const yaml_node_t *n, uint64_t *ret)
{
        const char *s;
        size_t i = 0, len;
        bool neg = false;
        uint64_t v = 0;

        if (!is_scalar(n) || !plain(n))
                return 0;
        s = sval(n);
        len = slen(n);
        if (len && (s[0] == '-' || s[0] == '+'))
                neg = s[i++] == '-';
        if (i == len)
                return 0;
        for (; i < len; i++) {
                if (!isdigit((unsigned char)s[i]))
                        return 0;
                if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
                        return -ERANGE;
                v = v * 10 + (uint64_t)(s[i] - '0');
        }
        if (neg && v)
                return -ERANGE;
        *ret = v;
        return 1;
}

/* A plain decimal number (integer or fraction, optional exponent): 1 or 0. */
static int get_num(const yaml_node_t *n, double *ret)
{
        char buf[64], *end;
        double v;

        if (!is_scalar(n) || !plain(n) || slen(n) == 0 || slen(n) >= sizeof(buf))
                return 0;
        for (size_t i = 0; i < slen(n); i++)
                if (!strchr("0123456789.eE+-", sval(n)[i]))
                        return 0;
        memcpy(buf, sval(n), slen(n));
        buf[slen(n)] = '\0';
        errno = 0;
        v = strtod(buf, &end);
        if (*end || end == buf || errno || !isfinite(v))
                return 0;
        *ret = v;
        return 1;
}

static size_t list_len(const yaml_node_t *seq)
{
        return (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

/* Every key of a mapping is a scalar, and none repeats. */
static int check_keys(struct parser *ps, yaml_node_t *map)
{
        yaml_node_pair_t *a, *b;
        char tmp[64];

        if (map->data.mapping.pairs.top - map->data.mapping.pairs.start >
            (ptrdiff_t)POLICY_KEYS_MAX)
                return fail(ps, map, "more than %d keys in one mapping", POLICY_KEYS_MAX);
        for (a = map->data.mapping.pairs.start; a < map->data.mapping.pairs.top; a++) {
                yaml_node_t *ka = node_at(ps, a->key);
                if (!is_scalar(ka) || strlen(sval(ka)) != slen(ka))
                        return fail(ps, ka, "keys must be plain strings");
                for (b = map->data.mapping.pairs.start; b < a; b++) {
                        yaml_node_t *kb = node_at(ps, b->key);
                        if (slen(ka) == slen(kb) && memcmp(sval(ka), sval(kb), slen(ka)) == 0)
                                return fail(ps, ka, "duplicate key '%s' (first at line %zu)",
                                            show(ka, tmp, sizeof(tmp)),
                                            (size_t)kb->start_mark.line + 1);
                }
        }
        return 0;
}

static yaml_node_t *lookup(struct parser *ps, yaml_node_t *map, const char *key,
                           yaml_node_t **ret_key)
{
        for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
             p++) {
                yaml_node_t *k = node_at(ps, p->key);
                if (is_scalar(k) && key_is(k, key)) {
                        if (ret_key)
                                *ret_key = k;
                        return node_at(ps, p->value);
                }
        }
        return NULL;
}

static bool valid_name(const char *s)
{
        size_t len = strlen(s);

        if (len == 0 || len > POLICY_NAME_MAX)
                return false;
        for (size_t i = 0; i < len; i++)
                if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
                        return false;
        return true;
}

/* ---- assertions ---- */

struct key_info {
        const char *key;
        enum policy_type type; /* 0: every type */
};

static const struct key_info assertion_keys[] = {
    {"name", 0},
    {"type", 0},
    {"enabled", 0},
    {"fail_on_violation", 0},
    {"max_duration_ms", POLICY_CRITICAL_PATH},
    {"max_spans", POLICY_SPAN_COUNT},
    {"syscalls", POLICY_SPAN_COUNT},
    {"budgets", POLICY_SPAN_COUNT},
    {"max_bytes", POLICY_MEMORY_USAGE},
    {"tracking_mode", POLICY_MEMORY_USAGE},
    {"pattern", POLICY_ANTI_PATTERN},
    {"threshold", POLICY_ANTI_PATTERN},
};

static const char *const type_names[] = {
    [POLICY_CRITICAL_PATH] = "critical_path",
    [POLICY_SPAN_COUNT] = "span_count",
    [POLICY_MEMORY_USAGE] = "memory_usage",
    [POLICY_ANTI_PATTERN] = "anti_pattern",
};

const char *policy_type_name(enum policy_type t)
{
        return t >= POLICY_CRITICAL_PATH && t <= POLICY_ANTI_PATTERN ? type_names[t] : "unknown";
}

static int positive_int(struct parser *ps, yaml_node_t *key, yaml_node_t *v, uint64_t *ret)
{
        char tmp[96];
        int r = get_int(v, ret);

        if (r == 0)
                return fail(ps, key, "%s must be a positive integer, %s", sval(key),
                            what_not(v, tmp, sizeof(tmp)));
        if (r < 0 || *ret == 0)
                return fail(ps, key, "%s must be a positive integer", sval(key));
        return 0;
}

static int append_text(char **text, const char *s)
{
        size_t old = *text ? strlen(*text) : 0, add = strlen(s);
        char *t = realloc(*text, old + add + 2);

        if (!t)
                return -ENOMEM;
        if (old)
                t[old++] = ',';
        memcpy(t + old, s, add + 1);
        *text = t;
        return 0;
}

/* One element (or the whole string form) of `syscalls:`. */
static int add_syscalls(struct parser *ps, struct policy_assertion *a, yaml_node_t *at,
                        const char *expr)
{
        struct filter f;
        char ferr[200];

        if (filter_parse(expr, &f, ferr, sizeof(ferr)) < 0)
                return fail(ps, at, "syscalls: %s", ferr);
        for (size_t i = 0; i < RENACER_FILTER_WORDS; i++)
                a->syscalls.bits[i] |= f.bits[i];
        a->has_syscalls = true;
        return append_text(&a->syscalls_text, expr);
}

static int parse_syscalls(struct parser *ps, struct policy_assertion *a, yaml_node_t *key,
                          yaml_node_t *v)
{
        const char *s;
        char tmp[96];
        int r;

        if (v->type == YAML_SEQUENCE_NODE) {
                if (v->data.sequence.items.start == v->data.sequence.items.top)
                        return fail(ps, key, "syscalls must not be empty");
                if (list_len(v) > POLICY_LIST_MAX)
                        return fail(ps, key, "syscalls lists at most %d items", POLICY_LIST_MAX);
                for (yaml_node_item_t *it = v->data.sequence.items.start;
                     it < v->data.sequence.items.top; it++) {
                        yaml_node_t *item = node_at(ps, *it);
                        if (!get_str(item, &s))
                                return fail(ps, item,
                                            "syscalls: each item must be a syscall name or "
                                            "%%class, %s",
                                            what_not(item, tmp, sizeof(tmp)));
                        if ((r = add_syscalls(ps, a, item, s)) < 0)
                                return r;
                }
                return 0;
        }
        if (!get_str(v, &s))
                return fail(ps, key, "syscalls must be a list of syscall names and %%classes, %s",
                            what_not(v, tmp, sizeof(tmp)));
        return add_syscalls(ps, a, key, s);
}

static int parse_budgets(struct parser *ps, struct policy_assertion *a, yaml_node_t *key,
                         yaml_node_t *v)
{
        char tmp[96];
        size_t n;
        int r;

        if (v->type != YAML_MAPPING_NODE)
                return fail(ps, key, "budgets must be a mapping of syscall names to counts, %s",
                            what_not(v, tmp, sizeof(tmp)));
        n = (size_t)(v->data.mapping.pairs.top - v->data.mapping.pairs.start);
        if (n == 0)
                return fail(ps, key, "budgets must not be empty");
        if ((r = check_keys(ps, v)) < 0)
                return r;
        a->budgets = calloc(n, sizeof(*a->budgets));
        if (!a->budgets)
                return -ENOMEM;
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
             p++) {
                yaml_node_t *k = node_at(ps, p->key), *val = node_at(ps, p->value);
                struct policy_budget *b = &a->budgets[a->nbudgets];
                int nr = slen(k) < sizeof(b->name) ? syscall_number(sval(k)) : -ENOENT;
                if (nr < 0 || nr >= RENACER_SYSCALL_MAX)
                        return fail(ps, k, "budgets: unknown syscall '%s'",
                                    show(k, tmp, sizeof(tmp)));
                r = get_int(val, &b->max);
                if (r == 0)
                        return fail(ps, k, "budgets: %s must be a positive integer, %s", sval(k),
                                    what_not(val, tmp, sizeof(tmp)));
                if (r < 0 || b->max == 0)
                        return fail(ps, k, "budgets: %s must be a positive integer", sval(k));
                b->nr = nr;
                memcpy(b->name, sval(k), slen(k) + 1);
                a->nbudgets++;
        }
        return 0;
}

/* d * scale rounded to the nearest integer, for 0 <= d * scale < 2^63
 * (no libm: the engine core does not link it). */
static uint64_t to_units(double d, double scale)
{
        return (uint64_t)(d * scale + 0.5);
}

static int parse_value(struct parser *ps, struct policy_assertion *a, yaml_node_t *key,
                       yaml_node_t *v)
{
        const char *k = sval(key), *s;
        char tmp[96];
        double d;

        if (strcmp(k, "enabled") == 0 || strcmp(k, "fail_on_violation") == 0) {
                bool b;
                if (!get_bool(v, &b))
                        return fail(ps, key, "%s must be true or false, %s", k,
                                    what_not(v, tmp, sizeof(tmp)));
                if (k[0] == 'e')
                        a->enabled = b;
                else
                        a->fail_on_violation = b;
                return 0;
        }
        if (strcmp(k, "max_duration_ms") == 0) {
                if (!get_num(v, &d))
                        return fail(ps, key, "max_duration_ms must be a positive number, %s",
                                    what_not(v, tmp, sizeof(tmp)));
                /* 1e12 ms (31 years) keeps the budget in uint64 ns */
                if (!(d > 0) || d > 1e12 || to_units(d, 1e6) == 0)
                        return fail(ps, key, "max_duration_ms must be a positive number");
                a->max_duration_ms = d;
                a->max_duration_ns = to_units(d, 1e6);
                return 0;
        }
        if (strcmp(k, "max_spans") == 0) {
                a->has_max_spans = true;
                return positive_int(ps, key, v, &a->max_spans);
        }
        if (strcmp(k, "syscalls") == 0)
                return parse_syscalls(ps, a, key, v);
        if (strcmp(k, "budgets") == 0)
                return parse_budgets(ps, a, key, v);
        if (strcmp(k, "max_bytes") == 0)
                return positive_int(ps, key, v, &a->max_bytes);
        if (strcmp(k, "tracking_mode") == 0) {
                if (get_str(v, &s) && strcmp(s, "rss") == 0)
                        a->mode = POLICY_MEM_RSS;
                else if (get_str(v, &s) && strcmp(s, "allocations") == 0)
                        a->mode = POLICY_MEM_ALLOCATIONS;
                else
                        return fail(ps, key, "tracking_mode must be rss or allocations, %s",
                                    what_not(v, tmp, sizeof(tmp)));
                return 0;
        }
        if (strcmp(k, "pattern") == 0) {
                if (!get_str(v, &s))
                        return fail(ps, key, "pattern must be a string, %s",
                                    what_not(v, tmp, sizeof(tmp)));
                if (strcmp(s, "PCIeBottleneck") != 0)
                        return fail(ps, key, "unknown pattern '%s' (known: PCIeBottleneck)",
                                    show(v, tmp, sizeof(tmp)));
                a->pattern = POLICY_PATTERN_PCIE_BOTTLENECK;
                return 0;
        }
        if (strcmp(k, "threshold") == 0) {
                if (!get_num(v, &d))
                        return fail(ps, key, "threshold must be a number from 0 to 1, %s",
                                    what_not(v, tmp, sizeof(tmp)));
                if (!(d >= 0 && d <= 1))
                        return fail(ps, key, "threshold must be a number from 0 to 1");
                a->threshold = d;
                a->threshold_ppm = (uint32_t)to_units(d, 1e6);
                return 0;
        }
        return fail(ps, key, "unknown key '%s'", show(key, tmp, sizeof(tmp))); /* not reached */
}

static void assertion_free(struct policy_assertion *a)
{
        free(a->name);
        free(a->syscalls_text);
        free(a->budgets);
}

static int parse_assertion(struct parser *ps, yaml_node_t *item, struct policy *pol)
{
        struct policy_assertion *a = &pol->assertions[pol->n];
        yaml_node_t *namekey = NULL, *typekey = NULL, *name, *type;
        const char *s;
        char tmp[96];
        int r;

        memset(a, 0, sizeof(*a));
        a->enabled = true;
        a->fail_on_violation = true;
        a->line = item->start_mark.line + 1;
        a->column = item->start_mark.column + 1;
        if (item->type != YAML_MAPPING_NODE)
                return fail(ps, item, "must be a mapping with name, type and budgets, %s",
                            what_not(item, tmp, sizeof(tmp)));
        if ((r = check_keys(ps, item)) < 0)
                return r;

        name = lookup(ps, item, "name", &namekey);
        if (!name)
                return fail(ps, item, "missing required key 'name'");
        if (!get_str(name, &s) || !valid_name(s))
                return fail(ps, namekey,
                            "name must be 1 to %d characters from A-Z a-z 0-9 _ . -, %s",
                            POLICY_NAME_MAX, what_not(name, tmp, sizeof(tmp)));
        ps->aname = s;
        for (size_t i = 0; i < pol->n; i++)
                if (strcmp(pol->assertions[i].name, s) == 0)
                        return fail(ps, namekey,
                                    "duplicate assertion name '%s' (first defined at line %u)", s,
                                    pol->assertions[i].line);
        a->name = strdup(s);
        if (!a->name)
                return -ENOMEM;
        pol->n++; /* owned by pol from here: freed with it on error */
        ps->aname = a->name;

        type = lookup(ps, item, "type", &typekey);
        if (!type)
                return fail(ps, item, "missing required key 'type'");
        for (enum policy_type t = POLICY_CRITICAL_PATH; t <= POLICY_ANTI_PATTERN; t++)
                if (get_str(type, &s) && strcmp(s, type_names[t]) == 0)
                        a->type = t;
        if (!a->type)
                return fail(ps, typekey,
                            "unknown type '%s' (expected critical_path, span_count, "
                            "memory_usage or anti_pattern)",
                            show(type, tmp, sizeof(tmp)));

        for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top;
             p++) {
                yaml_node_t *k = node_at(ps, p->key), *v = node_at(ps, p->value);
                const struct key_info *ki = NULL;
                for (size_t i = 0; i < ARRAY_SIZE(assertion_keys); i++)
                        if (key_is(k, assertion_keys[i].key))
                                ki = &assertion_keys[i];
                if (!ki)
                        return fail(ps, k, "unknown key '%s'", show(k, tmp, sizeof(tmp)));
                if (ki->type && ki->type != a->type)
                        return fail(ps, k, "key '%s' does not apply to type %s (it is a %s key)",
                                    ki->key, type_names[a->type], type_names[ki->type]);
                if (k == namekey || k == typekey)
                        continue;
                if ((r = parse_value(ps, a, k, v)) < 0)
                        return r;
        }

        switch (a->type) {
        case POLICY_CRITICAL_PATH:
                if (!a->max_duration_ns)
                        return fail(ps, item, "missing required key 'max_duration_ms'");
                break;
        case POLICY_SPAN_COUNT:
                if (!a->has_max_spans && !a->nbudgets)
                        return fail(ps, item, "missing required key 'max_spans' (or 'budgets')");
                if (a->has_syscalls && !a->has_max_spans)
                        return fail(ps, item, "syscalls needs max_spans (the budget they share)");
                break;
        case POLICY_MEMORY_USAGE:
                if (!a->max_bytes)
                        return fail(ps, item, "missing required key 'max_bytes'");
                if (!a->mode)
                        return fail(ps, item, "missing required key 'tracking_mode'");
                break;
        case POLICY_ANTI_PATTERN:
                if (!a->pattern)
                        return fail(ps, item, "missing required key 'pattern'");
                if (!lookup(ps, item, "threshold", NULL))
                        return fail(ps, item, "missing required key 'threshold'");
                break;
        }
        return 0;
}

static int parse_assertions(struct parser *ps, yaml_node_t *key, yaml_node_t *v, struct policy *pol)
{
        char tmp[96];
        size_t n;
        int r;

        if (v->type != YAML_SEQUENCE_NODE)
                return fail(ps, key, "assertions must be a list, %s",
                            what_not(v, tmp, sizeof(tmp)));
        n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
        if (n > POLICY_ASSERTIONS_MAX)
                return fail(ps, key, "too many assertions (at most %d)", POLICY_ASSERTIONS_MAX);
        pol->assertions = calloc(n ? n : 1, sizeof(*pol->assertions));
        if (!pol->assertions)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                ps->in_assertion = true;
                ps->aindex = i + 1;
                ps->aname = NULL;
                r = parse_assertion(ps, node_at(ps, v->data.sequence.items.start[i]), pol);
                if (r < 0)
                        return r;
        }
        ps->in_assertion = false;
        return 0;
}

/* ---- match and gpu ---- */

static int parse_match(struct parser *ps, yaml_node_t *key, yaml_node_t *v, struct policy *pol)
{
        char tmp[96];
        const char *s;
        uint64_t uid;
        int r;

        if (v->type != YAML_MAPPING_NODE)
                return fail(ps, key,
                            "match must be a mapping of exe, comm, uid, cgroup and unit, %s",
                            what_not(v, tmp, sizeof(tmp)));
        if (v->data.mapping.pairs.start == v->data.mapping.pairs.top)
                return fail(ps, key,
                            "match must name at least one of exe, comm, uid, cgroup, unit");
        ps->section = "match";
        if ((r = check_keys(ps, v)) < 0)
                return r;
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
             p++) {
                yaml_node_t *k = node_at(ps, p->key), *val = node_at(ps, p->value);
                if (key_is(k, "exe")) {
                        if (!get_str(val, &s))
                                return fail(ps, k, "exe must be a path glob, %s",
                                            what_not(val, tmp, sizeof(tmp)));
                        if (!(pol->match.exe = strdup(s)))
                                return -ENOMEM;
                } else if (key_is(k, "comm")) {
                        if (!get_str(val, &s))
                                return fail(ps, k, "comm must be a string, %s",
                                            what_not(val, tmp, sizeof(tmp)));
                        if (strlen(s) > 15 && !strpbrk(s, "*?["))
                                return fail(ps, k,
                                            "comm '%s' can never match: the kernel keeps 15 "
                                            "characters",
                                            show(val, tmp, sizeof(tmp)));
                        if (!(pol->match.comm = strdup(s)))
                                return -ENOMEM;
                } else if (key_is(k, "uid")) {
                        r = get_int(val, &uid);
                        if (r == 0)
                                return fail(ps, k, "uid must be a non-negative integer, %s",
                                            what_not(val, tmp, sizeof(tmp)));
                        if (r < 0 || uid >= (uid_t)-1)
                                return fail(ps, k,
                                            "uid must be a non-negative integer below "
                                            "4294967295");
                        pol->match.has_uid = true;
                        pol->match.uid = (uid_t)uid;
                } else if (key_is(k, "cgroup")) {
                        if (!get_str(val, &s) || !*s)
                                return fail(ps, k, "cgroup must be a cgroup v2 path, %s",
                                            what_not(val, tmp, sizeof(tmp)));
                        /* lexically: where it is mounted is renacerd's to see */
                        if (strlen(s) >= PATH_MAX - 1 || !cgroup_path_lexical(s))
                                return fail(ps, k,
                                            "cgroup '%s' is not a canonical path (no '.', '..' "
                                            "or empty components)",
                                            show(val, tmp, sizeof(tmp)));
                        if (!(pol->match.cgroup = strdup(s)))
                                return -ENOMEM;
                } else if (key_is(k, "unit")) {
                        if (!get_str(val, &s) || !cgroup_unit_name_valid(s))
                                return fail(ps, k,
                                            "unit must be a systemd unit name (NAME.service, "
                                            "NAME.scope, NAME.slice...), %s",
                                            what_not(val, tmp, sizeof(tmp)));
                        if (!(pol->match.unit = strdup(s)))
                                return -ENOMEM;
                } else {
                        return fail(ps, k,
                                    "unknown key '%s' (expected exe, comm, uid, cgroup or unit)",
                                    show(k, tmp, sizeof(tmp)));
                }
        }
        pol->has_match = true;
        ps->section = NULL;
        return 0;
}

static int parse_gpu(struct parser *ps, yaml_node_t *key, yaml_node_t *v, struct policy *pol)
{
        yaml_node_t *devices = NULL, *majors = NULL, *dkey = NULL, *mkey = NULL;
        bool defaults = true;
        struct pcie_config c;
        char tmp[96];
        const char *s;
        uint64_t m;
        int r;

        if (v->type != YAML_MAPPING_NODE)
                return fail(ps, key,
                            "gpu must be a mapping of devices, majors and use_defaults, %s",
                            what_not(v, tmp, sizeof(tmp)));
        ps->section = "gpu";
        if ((r = check_keys(ps, v)) < 0)
                return r;
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
             p++) {
                yaml_node_t *k = node_at(ps, p->key), *val = node_at(ps, p->value);
                if (key_is(k, "devices"))
                        devices = val, dkey = k;
                else if (key_is(k, "majors"))
                        majors = val, mkey = k;
                else if (key_is(k, "use_defaults")) {
                        if (!get_bool(val, &defaults))
                                return fail(ps, k, "use_defaults must be true or false, %s",
                                            what_not(val, tmp, sizeof(tmp)));
                } else
                        return fail(ps, k,
                                    "unknown key '%s' (expected devices, majors or use_defaults)",
                                    show(k, tmp, sizeof(tmp)));
        }
        if (devices && devices->type != YAML_SEQUENCE_NODE)
                return fail(ps, dkey, "devices must be a list of device path globs, %s",
                            what_not(devices, tmp, sizeof(tmp)));
        if (majors && majors->type != YAML_SEQUENCE_NODE)
                return fail(ps, mkey, "majors must be a list of integers from 0 to %u, %s",
                            PCIE_MAJOR_MAX, what_not(majors, tmp, sizeof(tmp)));

        if (devices && list_len(devices) > POLICY_LIST_MAX)
                return fail(ps, dkey, "devices lists at most %d items", POLICY_LIST_MAX);
        if (majors && list_len(majors) > POLICY_LIST_MAX)
                return fail(ps, mkey, "majors lists at most %d items", POLICY_LIST_MAX);
        if (defaults)
                r = pcie_config_init_default(&c);
        else
                pcie_config_init_empty(&c), r = 0;
        if (r < 0)
                return r;
        for (yaml_node_item_t *it = devices ? devices->data.sequence.items.start : NULL;
             devices && it < devices->data.sequence.items.top; it++) {
                yaml_node_t *item = node_at(ps, *it);
                if (!get_str(item, &s) || s[0] != '/') {
                        pcie_config_free(&c);
                        return fail(ps, item,
                                    "devices: each item must be an absolute path glob, %s",
                                    what_not(item, tmp, sizeof(tmp)));
                }
                if ((r = pcie_config_add_glob(&c, s)) < 0) {
                        pcie_config_free(&c);
                        return r;
                }
        }
        for (yaml_node_item_t *it = majors ? majors->data.sequence.items.start : NULL;
             majors && it < majors->data.sequence.items.top; it++) {
                yaml_node_t *item = node_at(ps, *it);
                r = get_int(item, &m);
                if (r <= 0 || m > PCIE_MAJOR_MAX) {
                        pcie_config_free(&c);
                        return fail(ps, item, "majors: each item must be an integer from 0 to %u",
                                    PCIE_MAJOR_MAX);
                }
                if ((r = pcie_config_add_major(&c, (unsigned)m)) < 0) {
                        pcie_config_free(&c);
                        return r;
                }
        }
        pcie_config_free(&pol->gpu);
        pol->gpu = c;
        ps->section = NULL;
        return 0;
}

/* ---- files ---- */

/* flight_recorder: SIZE, bytes with an optional K, M or G (4K to 1G). */
static int parse_flight_recorder(struct parser *ps, yaml_node_t *val, struct policy *pol)
{
        char tmp[96], buf[32];
        size_t size;

        if (!is_scalar(val) || !plain(val) || slen(val) >= sizeof(buf))
                return fail(ps, val, "flight_recorder must be a size like 4M, %s",
                            what_not(val, tmp, sizeof(tmp)));
        memcpy(buf, sval(val), slen(val));
        buf[slen(val)] = '\0';
        if (flight_ring_parse_size(buf, &size) < 0)
                return fail(ps, val,
                            "invalid flight_recorder '%s': need bytes with an optional K, M or G "
                            "suffix, 4K to 1G",
                            show(val, tmp, sizeof(tmp)));
        pol->flight_recorder = size;
        return 0;
}

static int parse_root(struct parser *ps, yaml_node_t *root, struct policy *pol)
{
        yaml_node_t *vkey = NULL, *ver;
        char tmp[96];
        bool have_assertions = false;
        uint64_t v;
        int r;

        if (!root)
                return fail_at(ps, 0, 0, "empty policy file (expected version and assertions)");
        if (root->type != YAML_MAPPING_NODE)
                return fail(ps, root,
                            "a policy file must be a mapping of version and assertions, %s",
                            what_not(root, tmp, sizeof(tmp)));
        if ((r = check_keys(ps, root)) < 0)
                return r;
        ver = lookup(ps, root, "version", &vkey);
        if (!ver)
                return fail(ps, root, "missing required key 'version'");
        if (get_int(ver, &v) != 1 || v != POLICY_SCHEMA_VERSION)
                return fail(ps, vkey,
                            "unsupported schema version '%s' (this renacer reads version %d)",
                            show(ver, tmp, sizeof(tmp)), POLICY_SCHEMA_VERSION);
        pol->version = (unsigned)v;

        for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
             p++) {
                yaml_node_t *k = node_at(ps, p->key), *val = node_at(ps, p->value);
                if (key_is(k, "version"))
                        continue;
                if (key_is(k, "assertions")) {
                        r = parse_assertions(ps, k, val, pol);
                        have_assertions = true;
                } else if (key_is(k, "match"))
                        r = parse_match(ps, k, val, pol);
                else if (key_is(k, "gpu"))
                        r = parse_gpu(ps, k, val, pol);
                else if (key_is(k, "flight_recorder"))
                        r = parse_flight_recorder(ps, val, pol);
                else
                        r = fail(ps, k,
                                 "unknown key '%s' (expected version, assertions, match, gpu or "
                                 "flight_recorder)",
                                 show(k, tmp, sizeof(tmp)));
                if (r < 0)
                        return r;
        }
        if (!have_assertions)
                return fail(ps, root, "missing required key 'assertions'");
        return 0;
}

void policy_free(struct policy *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n; i++)
                assertion_free(&p->assertions[i]);
        free(p->assertions);
        free(p->match.exe);
        free(p->match.comm);
        free(p->match.cgroup);
        free(p->match.cgroup_rel);
        free(p->match.unit);
        pcie_config_free(&p->gpu);
        free(p->file);
        free(p);
}

static int syntax_error(struct parser *ps, yaml_parser_t *y)
{
        if (y->error == YAML_MEMORY_ERROR)
                return -ENOMEM;
        if (y->context)
                return fail_at(ps, y->problem_mark.line, y->problem_mark.column,
                               "YAML syntax error: %s %s", y->problem ? y->problem : "error",
                               y->context);
        return fail_at(ps, y->problem_mark.line, y->problem_mark.column, "YAML syntax error: %s",
                       y->problem ? y->problem : "error");
}

int policy_parse_buffer(const char *name, const void *buf, size_t len, struct policy **ret,
                        char *err, size_t errlen)
{
        struct parser ps = {.file = name, .err = err, .errlen = errlen};
        yaml_document_t doc, next;
        yaml_parser_t y;
        struct policy *pol;
        int r;

        if (err && errlen)
                err[0] = '\0';
        if (len > POLICY_FILE_MAX) {
                if (err && errlen)
                        snprintf(err, errlen, "%s: policy file larger than %u bytes", name,
                                 POLICY_FILE_MAX);
                one_line(err);
                return -EFBIG;
        }
        /* the old tool's renacer.toml would read as a YAML list ("not a
         * mapping"): say what it is and how to convert it */
        if (policy_text_is_toml(buf, len)) {
                if (err && errlen)
                        snprintf(err, errlen,
                                 "%s: this is TOML (the old renacer.toml format), not a YAML "
                                 "policy; convert it with 'renacerctl policy import %s -o "
                                 "policy.yaml'",
                                 name, name);
                one_line(err);
                return -EINVAL;
        }
        pol = calloc(1, sizeof(*pol));
        if (!pol || !(pol->file = strdup(name)) || pcie_config_init_default(&pol->gpu) < 0) {
                policy_free(pol);
                return -ENOMEM;
        }
        if (!yaml_parser_initialize(&y)) {
                policy_free(pol);
                return -ENOMEM;
        }
        yaml_parser_set_input_string(&y, buf, len);
        if (!yaml_parser_load(&y, &doc)) {
                r = syntax_error(&ps, &y);
                goto out_parser;
        }
        ps.doc = &doc;
        r = parse_root(&ps, yaml_document_get_root_node(&doc), pol);
        if (r >= 0) {
                /* one document per file: a second one would be ignored silently */
                if (!yaml_parser_load(&y, &next)) {
                        r = syntax_error(&ps, &y);
                } else {
                        yaml_node_t *n = yaml_document_get_root_node(&next);
                        if (n)
                                r = fail(&ps, n, "a policy file holds one YAML document");
                        yaml_document_delete(&next);
                }
        }
        yaml_document_delete(&doc);
out_parser:
        yaml_parser_delete(&y);
        if (r < 0) {
                policy_free(pol);
                return r;
        }
        *ret = pol;
        return 0;
}
