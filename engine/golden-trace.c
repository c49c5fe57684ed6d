// SPDX-License-Identifier: MIT
#include "golden-trace.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "syscall-names.h"
#include "util.h"

#define TRACE_FILE_MAX (256u << 20)

void golden_trace_init(struct golden_trace *t)
{
        memset(t, 0, sizeof(*t));
        golden_seq_init(&t->calls);
        golden_seq_init(&t->normalized);
        summary_init(&t->counts);
}

void golden_trace_free(struct golden_trace *t)
{
        golden_seq_free(&t->calls);
        golden_seq_free(&t->normalized);
        summary_free(&t->counts);
        free(t->timing_samples);
        golden_trace_init(t);
}

static int fail(char *err, size_t errlen, int r, const char *fmt, ...)
{
        va_list ap;

        if (err && errlen) {
                va_start(ap, fmt);
                vsnprintf(err, errlen, fmt, ap);
                va_end(ap);
        }
        return r;
}

struct builder {
        struct golden_trace *t;
        struct golden_norm *norm;
        struct summary counted;
        bool bindir_set;
};

/* The result as the normalizer reads it: "?" for a call that never
 * returned, "-1 ENAME" for an error, and in hex from 2^32 up: no syscall
 * but the memory ones (mmap, brk, mremap, shmat) returns such a value on
 * x86_64, and the decoder prints those addresses in hex too. */
static void result_text(struct json_object *res, struct json_object *error, char *out, size_t len)
{
        if (!res || json_object_is_type(res, json_type_null)) {
                snprintf(out, len, "?");
                return;
        }
        int64_t v = json_object_get_int64(res);
        if (error && json_object_is_type(error, json_type_string) && v < 0)
                snprintf(out, len, "-1 %s", json_object_get_string(error));
        else if ((uint64_t)v >= (1ull << 32))
                snprintf(out, len, "%#" PRIx64, (uint64_t)v);
        else
                snprintf(out, len, "%" PRId64, v);
}

/* execve("build/examples/x", ...): paths under the program's directory
 * read $BIN/, as golden capture writes them. */
static void maybe_set_bindir(struct builder *b, const char *name, const char *arg0)
{
        char dir[4096];
        size_t n;

        if (b->bindir_set || strcmp(name, "execve") != 0)
                return;
        b->bindir_set = true;
        n = strlen(arg0);
        if (n < 3 || arg0[0] != '"' || arg0[n - 1] != '"' || n - 2 >= sizeof(dir))
                return;
        memcpy(dir, arg0 + 1, n - 2);
        dir[n - 2] = '\0';
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir)
                return;
        *slash = '\0';
        golden_norm_set_bindir(b->norm, dir);
}

static int add_record(struct builder *b, struct json_object *rec, size_t index, char *err,
                      size_t errlen)
{
        struct json_object *name, *args, *res = NULL, *error = NULL, *pid = NULL;
        const char *argv[6];
        char ret[64];
        int nr, nargs;

        if (!json_object_is_type(rec, json_type_object) ||
            !json_object_object_get_ex(rec, "name", &name) ||
            !json_object_is_type(name, json_type_string) ||
            !json_object_object_get_ex(rec, "args", &args) ||
            !json_object_is_type(args, json_type_array))
                return fail(err, errlen, -EBADMSG, "call %zu: needs a string \"name\" and \"args\"",
                            index + 1);
        nr = syscall_number(json_object_get_string(name));
        if (nr < 0)
                return fail(err, errlen, -EBADMSG, "call %zu: unknown syscall \"%.64s\"", index + 1,
                            json_object_get_string(name));
        nargs = (int)json_object_array_length(args);
        if (nargs > 6)
                return fail(err, errlen, -EBADMSG, "call %zu: %d arguments (at most 6)", index + 1,
                            nargs);
        for (int i = 0; i < nargs; i++) {
                struct json_object *a = json_object_array_get_idx(args, (size_t)i);
                if (!json_object_is_type(a, json_type_string))
                        return fail(err, errlen, -EBADMSG, "call %zu: argument %d is not a string",
                                    index + 1, i + 1);
                argv[i] = json_object_get_string(a);
        }
        json_object_object_get_ex(rec, "result", &res);
        json_object_object_get_ex(rec, "error", &error);
        json_object_object_get_ex(rec, "pid", &pid);
        if (res && !json_object_is_type(res, json_type_null) &&
            !json_object_is_type(res, json_type_int))
                return fail(err, errlen, -EBADMSG, "call %zu: \"result\" is not an integer",
                            index + 1);
        if (nargs > 0)
                maybe_set_bindir(b, json_object_get_string(name), argv[0]);
        result_text(res, error, ret, sizeof(ret));
        char *line = golden_normalize(b->norm, pid ? json_object_get_int(pid) : 0,
                                      json_object_get_string(name), argv, nargs, ret);
        if (golden_seq_push(&b->t->calls, line) < 0)
                return -ENOMEM;
        bool failed = error && res && json_object_get_int64(res) < 0;
        return summary_add(&b->counted, nr, 1, failed, 0, NULL);
}

static int read_summary(struct golden_trace *t, struct json_object *sum, char *err, size_t errlen)
{
        struct json_object *rows, *v;

        if (!json_object_is_type(sum, json_type_object) ||
            !json_object_object_get_ex(sum, "by_syscall", &rows) ||
            !json_object_is_type(rows, json_type_array))
                return fail(err, errlen, -EBADMSG, "\"summary\" has no \"by_syscall\" list");
        if (json_object_object_get_ex(sum, "total_time_us", &v))
                t->total_time_us = json_object_get_double(v);
        if (json_object_object_get_ex(sum, "wall_time_us", &v))
                t->wall_time_us = json_object_get_double(v);
        summary_free(&t->counts);
        for (size_t i = 0; i < json_object_array_length(rows); i++) {
                struct json_object *row = json_object_array_get_idx(rows, i), *n, *c, *e = NULL;
                if (!json_object_object_get_ex(row, "name", &n) ||
                    !json_object_is_type(n, json_type_string) ||
                    !json_object_object_get_ex(row, "calls", &c) ||
                    !json_object_is_type(c, json_type_int))
                        return fail(err, errlen, -EBADMSG,
                                    "summary row %zu needs \"name\" and \"calls\"", i + 1);
                json_object_object_get_ex(row, "errors", &e);
                int nr = syscall_number(json_object_get_string(n));
                if (nr < 0)
                        return fail(err, errlen, -EBADMSG,
                                    "summary row %zu: unknown syscall \"%.64s\"", i + 1,
                                    json_object_get_string(n));
                int64_t calls = json_object_get_int64(c), errors = e ? json_object_get_int64(e) : 0;
                if (calls < 0 || errors < 0 || errors > calls)
                        return fail(err, errlen, -EBADMSG, "summary row %zu: bad counts", i + 1);
                int r = summary_add(&t->counts, nr, (uint64_t)calls, (uint64_t)errors, 0, NULL);
                if (r < 0)
                        return r;
        }
        return 1;
}

static int read_timing(struct golden_trace *t, struct json_object *timing)
{
        struct json_object *s;

        if (!json_object_object_get_ex(timing, "samples_us", &s) ||
            !json_object_is_type(s, json_type_array))
                return 0;
        size_t n = json_object_array_length(s);
        if (n == 0 || n > 1000)
                return 0;
        t->timing_samples = calloc(n, sizeof(double));
        if (!t->timing_samples)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++) {
                struct json_object *v = json_object_array_get_idx(s, i);
                if (!json_object_is_type(v, json_type_double) &&
                    !json_object_is_type(v, json_type_int))
                        continue;
                double d = json_object_get_double(v);
                if (d >= 0 && d < 1e15)
                        t->timing_samples[t->n_timing_samples++] = d;
        }
        return 0;
}

static int finish(struct builder *b, bool have_summary)
{
        if (!have_summary) {
                summary_free(&b->t->counts);
                b->t->counts = b->counted;
                summary_init(&b->counted);
        }
        return 0;
}

int golden_trace_from_doc(struct json_object *doc, struct golden_trace *t, char *err, size_t errlen)
{
        struct json_object *v, *calls, *sum;
        struct builder b = {.t = t};
        bool have_summary = false;
        int r;

        if (!json_object_is_type(doc, json_type_object) ||
            !json_object_object_get_ex(doc, "format", &v) ||
            !json_object_is_type(v, json_type_string) ||
            strcmp(json_object_get_string(v), "renacer-json-v1") != 0)
                return fail(err, errlen, -EBADMSG, "not a renacer-json-v1 document");
        if (!json_object_object_get_ex(doc, "syscalls", &calls) ||
            !json_object_is_type(calls, json_type_array))
                return fail(err, errlen, -EBADMSG, "no \"syscalls\" list");
        if (json_object_array_length(calls) > GOLDEN_TRACE_MAX_CALLS)
                return fail(err, errlen, -E2BIG, "more than %u calls", GOLDEN_TRACE_MAX_CALLS);
        r = golden_norm_new(&b.norm);
        if (r < 0)
                return r;
        summary_init(&b.counted);
        for (size_t i = 0; i < json_object_array_length(calls); i++) {
                r = add_record(&b, json_object_array_get_idx(calls, i), i, err, errlen);
                if (r < 0)
                        goto out;
        }
        if (json_object_object_get_ex(doc, "summary", &sum)) {
                r = read_summary(t, sum, err, errlen);
                if (r < 0)
                        goto out;
                have_summary = true;
        }
        if (json_object_object_get_ex(doc, "normalized", &v)) {
                if (!json_object_is_type(v, json_type_array)) {
                        r = fail(err, errlen, -EBADMSG, "\"normalized\" is not a list");
                        goto out;
                }
                t->has_normalized = true;
                for (size_t i = 0; i < json_object_array_length(v); i++) {
                        struct json_object *s = json_object_array_get_idx(v, i);
                        if (!json_object_is_type(s, json_type_string)) {
                                r = fail(err, errlen, -EBADMSG,
                                         "normalized line %zu is not a string", i + 1);
                                goto out;
                        }
                        r = golden_seq_push(&t->normalized, strdup(json_object_get_string(s)));
                        if (r < 0)
                                goto out;
                }
        }
        if (json_object_object_get_ex(doc, "timing", &v) && (r = read_timing(t, v)) < 0)
                goto out;
        r = finish(&b, have_summary);
out:
        summary_free(&b.counted);
        golden_norm_free(b.norm);
        return r;
}

/* One JSON object per line, as `--format jsonl` streams them. */
static int parse_lines(const char *data, size_t len, struct golden_trace *t, char *err,
                       size_t errlen)
{
        struct builder b = {.t = t};
        bool have_summary = false;
        size_t lineno = 0, ncalls = 0;
        int r;

        r = golden_norm_new(&b.norm);
        if (r < 0)
                return r;
        summary_init(&b.counted);
        for (size_t pos = 0; pos < len;) {
                const char *nl = memchr(data + pos, '\n', len - pos);
                size_t end = nl ? (size_t)(nl - data) : len;
                size_t l = end - pos;
                lineno++;
                const char *p = data + pos;
                pos = end + 1;
                while (l && (p[l - 1] == '\r' || p[l - 1] == ' ' || p[l - 1] == '\t'))
                        l--;
                if (!l)
                        continue;
                struct json_tokener *tok = json_tokener_new();
                if (!tok) {
                        r = -ENOMEM;
                        goto out;
                }
                struct json_object *o =
                    json_tokener_parse_ex(tok, p, (int)MIN(l, (size_t)INT32_MAX));
                bool whole = o && json_tokener_get_error(tok) == json_tokener_success &&
                             (size_t)json_tokener_get_parse_end(tok) == l;
                json_tokener_free(tok);
                struct json_object *type;
                if (!whole || !json_object_is_type(o, json_type_object) ||
                    !json_object_object_get_ex(o, "type", &type) ||
                    !json_object_is_type(type, json_type_string)) {
                        json_object_put(o);
                        r = fail(err, errlen, -EBADMSG,
                                 "line %zu: not a JSON object with a \"type\"", lineno);
                        goto out;
                }
                const char *ty = json_object_get_string(type);
                r = 0;
                if (!strcmp(ty, "syscall")) {
                        if (++ncalls > GOLDEN_TRACE_MAX_CALLS)
                                r = fail(err, errlen, -E2BIG, "more than %u calls",
                                         GOLDEN_TRACE_MAX_CALLS);
                        else
                                r = add_record(&b, o, ncalls - 1, err, errlen);
                } else if (!strcmp(ty, "summary")) {
                        struct json_object *s;
                        if (!json_object_object_get_ex(o, "summary", &s))
                                r = fail(err, errlen, -EBADMSG, "line %zu: summary without body",
                                         lineno);
                        else if ((r = read_summary(t, s, err, errlen)) > 0)
                                have_summary = true;
                }
                json_object_put(o);
                if (r < 0) {
                        if (err && strncmp(err, "line ", 5) != 0) {
                                char tmp[256];
                                snprintf(tmp, sizeof(tmp), "%s", err);
                                snprintf(err, errlen, "line %zu: %s", lineno, tmp);
                        }
                        goto out;
                }
        }
        if (!lineno) {
                r = fail(err, errlen, -EBADMSG, "empty trace");
                goto out;
        }
        r = finish(&b, have_summary);
out:
        summary_free(&b.counted);
        golden_norm_free(b.norm);
        return r;
}

int golden_trace_parse(const char *data, size_t len, struct golden_trace *t, char *err,
                       size_t errlen)
{
        struct json_tokener *tok;
        struct json_object *doc;
        size_t end;
        int r;

        if (len > TRACE_FILE_MAX || len > INT32_MAX)
                return fail(err, errlen, -E2BIG, "larger than %u MiB", TRACE_FILE_MAX >> 20);
        if (memchr(data, '\0', len))
                return fail(err, errlen, -EBADMSG, "contains a NUL byte");
        tok = json_tokener_new_ex(64);
        if (!tok)
                return -ENOMEM;
        doc = json_tokener_parse_ex(tok, data, (int)len);
        end = json_tokener_get_error(tok) == json_tokener_success
                  ? (size_t)json_tokener_get_parse_end(tok)
                  : 0;
        json_tokener_free(tok);
        if (doc) {
                size_t k = end;
                while (k < len &&
                       (data[k] == ' ' || data[k] == '\n' || data[k] == '\t' || data[k] == '\r'))
                        k++;
                struct json_object *type;
                /* a document is one object with no "type"; a stream's first
                 * line has one */
                if (k == len && !json_object_object_get_ex(doc, "type", &type)) {
                        r = golden_trace_from_doc(doc, t, err, errlen);
                        json_object_put(doc);
                        return r;
                }
                json_object_put(doc);
        }
        return parse_lines(data, len, t, err, errlen);
}

int golden_trace_load(const char *path, struct golden_trace *t, char *err, size_t errlen)
{
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        struct stat st;
        char *buf;
        size_t len = 0;

        if (fd < 0)
                return fail(err, errlen, -errno, "%s", strerror(errno));
        if (fstat(fd, &st) < 0)
                return fail(err, errlen, -errno, "%s", strerror(errno));
        if (!S_ISREG(st.st_mode))
                return fail(err, errlen, -EINVAL, "not a regular file");
        if ((uint64_t)st.st_size > TRACE_FILE_MAX)
                return fail(err, errlen, -E2BIG, "larger than %u MiB", TRACE_FILE_MAX >> 20);
        buf = malloc((size_t)st.st_size + 1);
        if (!buf)
                return -ENOMEM;
        while (len < (size_t)st.st_size) {
                ssize_t n = read(fd, buf + len, (size_t)st.st_size - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break;
                len += (size_t)n;
        }
        int r = golden_trace_parse(buf, len, t, err, errlen);
        free(buf);
        return r;
}

size_t golden_count_deltas(const struct summary *a, const struct summary *b, FILE *out)
{
        size_t differ = 0, i = 0, j = 0;

        /* both are sorted by nr: walk them together */
        while (i < a->n || j < b->n) {
                const struct summary_row *x = NULL, *y = NULL;
                if (j >= b->n || (i < a->n && a->rows[i].nr < b->rows[j].nr))
                        x = &a->rows[i++];
                else if (i >= a->n || b->rows[j].nr < a->rows[i].nr)
                        y = &b->rows[j++];
                else
                        x = &a->rows[i++], y = &b->rows[j++];
                uint64_t ca = x ? x->calls : 0, cb = y ? y->calls : 0;
                uint64_t ea = x ? x->errors : 0, eb = y ? y->errors : 0;
                if (ca == cb && ea == eb)
                        continue;
                differ++;
                if (!out)
                        continue;
                const char *name = syscall_name(x ? x->nr : y->nr);
                fprintf(out, "%s: %" PRIu64 " -> %" PRIu64 " calls (%+" PRId64 ")", name, ca, cb,
                        (int64_t)(cb - ca));
                if (ea != eb)
                        fprintf(out, ", %" PRIu64 " -> %" PRIu64 " errors (%+" PRId64 ")", ea, eb,
                                (int64_t)(eb - ea));
                fputc('\n', out);
        }
        return differ;
}
