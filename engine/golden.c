// SPDX-License-Identifier: MIT
#include "golden.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-names.h"
#include "syscall-table.h"
#include "util.h"

/* ---- which argument positions hold what (normalization data) ---- */

/* The golden column of the syscall table (syscalls.def). */
static const struct syscall_golden *spec_of(const char *name)
{
        const struct syscall_row *r = syscall_row(syscall_number(name));

        return r && r->golden.fd_args ? &r->golden : NULL;
}

static bool has_idx(const char *list, int i)
{
        return list && strchr(list, '0' + i) != NULL;
}

/* ---- fd renumbering, per process ---- */

#define FDMAP_MAX 4096

struct fdmap {
        int tgid;
        int map[FDMAP_MAX]; /* 0: unseen; else canonical + 1 */
        int next;
};

#define FILE_MAPS_MAX 64

struct golden_norm {
        struct fdmap *maps;
        size_t n;
        char *bindir; /* with a trailing slash */
        /* addresses of live file-backed mappings: their munmap length is
         * the file's size too */
        char file_maps[FILE_MAPS_MAX][24];
};

static int file_map_find(struct golden_norm *n, const char *addr)
{
        for (int i = 0; i < FILE_MAPS_MAX; i++)
                if (n->file_maps[i][0] && !strcmp(n->file_maps[i], addr))
                        return i;
        return -1;
}

static void file_map_add(struct golden_norm *n, const char *addr)
{
        if (file_map_find(n, addr) >= 0 || strlen(addr) >= sizeof(n->file_maps[0]))
                return;
        for (int i = 0; i < FILE_MAPS_MAX; i++)
                if (!n->file_maps[i][0]) {
                        strcpy(n->file_maps[i], addr);
                        return;
                }
}

int golden_norm_set_bindir(struct golden_norm *n, const char *dir)
{
        free(n->bindir);
        n->bindir = NULL;
        if (!dir || !*dir)
                return 0;
        if (asprintf(&n->bindir, "%s/", dir) < 0) {
                n->bindir = NULL;
                return -ENOMEM;
        }
        return 0;
}

int golden_norm_new(struct golden_norm **ret)
{
        *ret = calloc(1, sizeof(**ret));
        return *ret ? 0 : -ENOMEM;
}

void golden_norm_free(struct golden_norm *n)
{
        if (!n)
                return;
        free(n->maps);
        free(n->bindir);
        free(n);
}

static struct fdmap *fdmap_of(struct golden_norm *n, int tgid)
{
        for (size_t i = 0; i < n->n; i++)
                if (n->maps[i].tgid == tgid)
                        return &n->maps[i];
        struct fdmap *m = realloc(n->maps, (n->n + 1) * sizeof(*m));
        if (!m)
                return NULL;
        n->maps = m;
        m = &n->maps[n->n++];
        memset(m, 0, sizeof(*m));
        m->tgid = tgid;
        m->next = 3;
        return m;
}

/* 0, 1, 2 keep their meaning; others become 3, 4, ... in order of first
 * appearance. */
static int fd_canon(struct fdmap *m, long fd)
{
        if (fd < 3 || fd >= FDMAP_MAX || !m)
                return (int)fd;
        if (!m->map[fd])
                m->map[fd] = 1 + m->next++;
        return m->map[fd] - 1;
}

/* ---- string building ---- */

struct sb {
        char *s;
        size_t len, cap;
};

static void sb_put(struct sb *b, const char *s, size_t n)
{
        if (b->len + n + 1 > b->cap) {
                size_t cap = MAX(b->cap * 2, b->len + n + 64);
                char *p = realloc(b->s, cap);
                if (!p)
                        return;
                b->s = p;
                b->cap = cap;
        }
        memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len] = '\0';
}

static void sb_puts(struct sb *b, const char *s)
{
        sb_put(b, s, strlen(s));
}

/* Addresses (hex of 5+ digits) become 0xADDR; `st_size=N` becomes
 * st_size=SIZE; nodename="..." becomes nodename="HOST". */
static void put_scrubbed(struct sb *b, const char *s, bool keep_hex, const char *bindir)
{
        size_t blen = bindir ? strlen(bindir) : 0;

        while (*s) {
                if (blen && (s[0] == '"') && !strncmp(s + 1, bindir, blen)) {
                        sb_puts(b, "\"$BIN/");
                        s += 1 + blen;
                        continue;
                }
                if (!keep_hex && s[0] == '0' && s[1] == 'x') {
                        size_t n = 2;
                        while (isxdigit((unsigned char)s[n]))
                                n++;
                        if (n - 2 >= 5) {
                                sb_puts(b, "0xADDR");
                                s += n;
                                continue;
                        }
                }
                if (!strncmp(s, "st_size=", 8)) {
                        sb_puts(b, "st_size=SIZE");
                        s += 8;
                        while (isdigit((unsigned char)*s))
                                s++;
                        continue;
                }
                if (!strncmp(s, "nodename=\"", 10)) {
                        sb_puts(b, "nodename=\"HOST\"");
                        s += 10;
                        while (*s && *s != '"')
                                s += (*s == '\\' && s[1]) ? 2 : 1;
                        if (*s)
                                s++;
                        continue;
                }
                sb_put(b, s, 1);
                s++;
        }
}

static bool parse_long(const char *s, long *v)
{
        char *end;

        errno = 0;
        *v = strtol(s, &end, 10);
        return !errno && end != s && *end == '\0';
}

static void put_fd(struct sb *b, struct fdmap *m, const char *arg)
{
        long fd;
        char tmp[24];

        if (parse_long(arg, &fd) && fd >= 0) {
                snprintf(tmp, sizeof(tmp), "%d", fd_canon(m, fd));
                sb_puts(b, tmp);
        } else {
                put_scrubbed(b, arg, false, NULL); /* AT_FDCWD, -1 */
        }
}

/* "[3, 4]" from pipe2: both numbers renumbered. */
static void put_fd_pair(struct sb *b, struct fdmap *m, const char *arg)
{
        long a, c;
        char tmp[64];

        if (sscanf(arg, "[%ld, %ld]", &a, &c) == 2) {
                snprintf(tmp, sizeof(tmp), "[%d, %d]", fd_canon(m, a), fd_canon(m, c));
                sb_puts(b, tmp);
        } else {
                put_scrubbed(b, arg, false, NULL);
        }
}

char *golden_normalize(struct golden_norm *n, int tgid, const char *name, const char *const *args,
                       int nargs, const char *result)
{
        const struct syscall_golden *sp = spec_of(name);
        struct fdmap *m = fdmap_of(n, tgid);
        bool is_write =
            !strcmp(name, "write") || !strcmp(name, "writev") || !strcmp(name, "pwrite64");
        bool stdio_write = false;
        bool file_mmap = false;
        struct sb b = {0};
        long v;

        if (is_write && nargs > 0 && parse_long(args[0], &v) && (v == 1 || v == 2))
                stdio_write = true;
        if (!strcmp(name, "mmap") && nargs > 4 && strcmp(args[4], "-1") != 0) {
                file_mmap = true;
                if (!strncmp(result, "0x", 2))
                        file_map_add(n, result);
        }
        if (!strcmp(name, "munmap") && nargs > 0) {
                int i = file_map_find(n, args[0]);
                if (i >= 0) {
                        file_mmap = true; /* its length is arg 1, as for mmap */
                        n->file_maps[i][0] = '\0';
                }
        }

        sb_puts(&b, name);
        sb_puts(&b, "(");
        for (int i = 0; i < nargs; i++) {
                if (i)
                        sb_puts(&b, ", ");
                if (sp && has_idx(sp->vary, i)) {
                        sb_puts(&b, "VARIES");
                } else if (sp && has_idx(sp->fd_args, i)) {
                        put_fd(&b, m, args[i]);
                } else if (sp && has_idx(sp->pid_args, i) && parse_long(args[i], &v) && v > 0) {
                        sb_puts(&b, "PID");
                } else if (stdio_write && i >= 1) {
                        /* program output is checked by the program's tests;
                         * here only how it is written counts */
                        sb_puts(&b, i == 1 ? "OUTPUT" : "LEN");
                } else if (file_mmap && i == 1) {
                        sb_puts(&b, "LEN"); /* follows the mapped file's size */
                } else {
                        put_scrubbed(&b, args[i], !strcmp(name, "ioctl") && i == 1, n->bindir);
                }
        }
        sb_puts(&b, ") = ");
        if (sp && sp->fd_result == 'f' && parse_long(result, &v) && v >= 0) {
                put_fd(&b, m, result);
        } else if (sp && sp->fd_result == 'p' && nargs > 0 && !strcmp(result, "0")) {
                /* pipe2's new fds are in its first argument: rebuild it */
                b.len = strlen(name) + 1;
                b.s[b.len] = '\0';
                put_fd_pair(&b, m, args[0]);
                for (int i = 1; i < nargs; i++) {
                        sb_puts(&b, ", ");
                        put_scrubbed(&b, args[i], false, n->bindir);
                }
                sb_puts(&b, ") = 0");
        } else if (sp && sp->pid_result == 'p' && parse_long(result, &v) && v > 0) {
                sb_puts(&b, "PID");
        } else if (stdio_write && parse_long(result, &v) && v >= 0) {
                sb_puts(&b, "LEN");
        } else {
                put_scrubbed(&b, result, false, NULL);
        }
        return b.s;
}

/* ---- sequences and diff ---- */

void golden_seq_init(struct golden_seq *s)
{
        memset(s, 0, sizeof(*s));
}

void golden_seq_free(struct golden_seq *s)
{
        for (size_t i = 0; i < s->n; i++)
                free(s->lines[i]);
        free(s->lines);
        golden_seq_init(s);
}

int golden_seq_push(struct golden_seq *s, char *line)
{
        if (!line)
                return -ENOMEM;
        if (s->n == s->cap) {
                size_t cap = s->cap ? s->cap * 2 : 256;
                char **p = realloc(s->lines, cap * sizeof(*p));
                if (!p) {
                        free(line);
                        return -ENOMEM;
                }
                s->lines = p;
                s->cap = cap;
        }
        s->lines[s->n++] = line;
        return 0;
}

enum op { OP_SAME, OP_DEL, OP_ADD };

/* Edit script by longest common subsequence (sequences here are a few
 * thousand calls at most; beyond LCS_MAX cells, compare position by
 * position). */
#define LCS_MAX (64u * 1024 * 1024)

static size_t edit_script(const struct golden_seq *a, const struct golden_seq *b, enum op **ret,
                          size_t **ia, size_t **ib)
{
        size_t n = a->n, m = b->n, k = 0;
        enum op *ops = malloc((n + m + 1) * sizeof(*ops));
        size_t *xa = malloc((n + m + 1) * sizeof(*xa)), *xb = malloc((n + m + 1) * sizeof(*xb));

        if (!ops || !xa || !xb)
                goto oom;
        if ((n + 1) * (m + 1) <= LCS_MAX) {
                uint32_t *t = calloc((n + 1) * (m + 1), sizeof(*t));
                if (!t)
                        goto oom;
#define T(i, j) t[(i) * (m + 1) + (j)]
                for (size_t i = n; i-- > 0;)
                        for (size_t j = m; j-- > 0;)
                                T(i, j) = !strcmp(a->lines[i], b->lines[j])
                                              ? T(i + 1, j + 1) + 1
                                              : MAX(T(i + 1, j), T(i, j + 1));
                size_t i = 0, j = 0;
                while (i < n || j < m) {
                        if (i < n && j < m && !strcmp(a->lines[i], b->lines[j])) {
                                ops[k] = OP_SAME, xa[k] = i++, xb[k] = j++;
                        } else if (j < m && (i == n || T(i, j + 1) > T(i + 1, j))) {
                                /* on a tie the missing line goes first, as diff does */
                                ops[k] = OP_ADD, xa[k] = i, xb[k] = j++;
                        } else {
                                ops[k] = OP_DEL, xa[k] = i++, xb[k] = j;
                        }
                        k++;
                }
#undef T
                free(t);
        } else {
                for (size_t i = 0; i < MAX(n, m); i++) {
                        if (i < n && i < m && !strcmp(a->lines[i], b->lines[i])) {
                                ops[k] = OP_SAME, xa[k] = i, xb[k] = i, k++;
                                continue;
                        }
                        if (i < n)
                                ops[k] = OP_DEL, xa[k] = i, xb[k] = MIN(i, m), k++;
                        if (i < m)
                                ops[k] = OP_ADD, xa[k] = MIN(i, n), xb[k] = i, k++;
                }
        }
        *ret = ops;
        *ia = xa;
        *ib = xb;
        return k;
oom:
        free(ops);
        free(xa);
        free(xb);
        *ret = NULL;
        return 0;
}

bool golden_diff(const struct golden_seq *want, const struct golden_seq *got, unsigned context,
                 FILE *out, struct golden_diff_stats *stats)
{
        enum op *ops;
        size_t *ia, *ib, k = edit_script(want, got, &ops, &ia, &ib);
        struct golden_diff_stats st = {0};
        size_t last_printed = SIZE_MAX;

        if (!ops) {
                fprintf(out, "golden: out of memory while diffing\n");
                return true;
        }
        for (size_t x = 0; x < k; x++) {
                if (ops[x] == OP_DEL) {
                        if (x + 1 < k && ops[x + 1] == OP_ADD)
                                st.changed++;
                        else
                                st.missing++;
                } else if (ops[x] == OP_ADD && !(x > 0 && ops[x - 1] == OP_DEL)) {
                        st.extra++;
                }
        }
        for (size_t x = 0; x < k; x++) {
                if (ops[x] == OP_SAME)
                        continue;
                /* a hunk: from x - context to the last change within reach */
                size_t start = x > context ? x - context : 0, end = x;
                for (size_t y = x; y < k; y++) {
                        if (ops[y] != OP_SAME)
                                end = y;
                        else if (y - end > 2 * context)
                                break;
                }
                size_t stop = MIN(k - 1, end + context);
                if (last_printed == SIZE_MAX || start > last_printed + 1)
                        fprintf(out, "@@ expected call %zu, got call %zu @@\n", ia[start] + 1,
                                ib[start] + 1);
                for (size_t y = MAX(start, last_printed == SIZE_MAX ? 0 : last_printed + 1);
                     y <= stop; y++) {
                        if (ops[y] == OP_SAME)
                                fprintf(out, "  %s\n", want->lines[ia[y]]);
                        else if (ops[y] == OP_DEL)
                                fprintf(out, "- %s\n", want->lines[ia[y]]);
                        else
                                fprintf(out, "+ %s\n", got->lines[ib[y]]);
                }
                last_printed = stop;
                x = stop;
        }
        free(ops);
        free(ia);
        free(ib);
        if (stats)
                *stats = st;
        return st.missing || st.extra || st.changed;
}

/* ---- the timing gate ---- */

static int cmp_double(const void *a, const void *b)
{
        double x = *(const double *)a, y = *(const double *)b;
        return (x > y) - (x < y);
}

double golden_median(const double *v, size_t n)
{
        double *s;
        double m;

        if (!n)
                return NAN;
        s = malloc(n * sizeof(*s));
        if (!s)
                return NAN;
        memcpy(s, v, n * sizeof(*s));
        qsort(s, n, sizeof(*s), cmp_double);
        m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        free(s);
        return m;
}

double golden_mad(const double *v, size_t n)
{
        double med = golden_median(v, n), *d, m;

        if (!n || isnan(med))
                return NAN;
        d = malloc(n * sizeof(*d));
        if (!d)
                return NAN;
        for (size_t i = 0; i < n; i++)
                d[i] = fabs(v[i] - med);
        m = golden_median(d, n);
        free(d);
        return m;
}

int golden_timing_compare(const double *base, size_t nbase, const double *now, size_t nnow,
                          double min_pct, double k, struct golden_timing *ret)
{
        struct golden_timing t = {0};

        if (!nbase || !nnow)
                return -EINVAL;
        t.base_median = golden_median(base, nbase);
        t.base_mad = golden_mad(base, nbase);
        t.now_median = golden_median(now, nnow);
        t.now_mad = golden_mad(now, nnow);
        if (isnan(t.base_median) || isnan(t.now_median) || isnan(t.base_mad) || isnan(t.now_mad))
                return -ENOMEM;
        t.threshold = t.base_median +
                      MAX(min_pct / 100.0 * t.base_median, k * 1.4826 * MAX(t.base_mad, t.now_mad));
        t.slower = t.now_median > t.threshold;
        *ret = t;
        return 0;
}
