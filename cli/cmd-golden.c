// SPDX-License-Identifier: MIT
/*
 * `renacerctl golden capture` and `renacerctl golden check`: committed
 * canonical traces of a command, and checks of new runs against them.
 *
 * By default check compares only what is exact for an unchanged binary:
 * the normalized call sequence, calls and errors per syscall, and the
 * verdicts of the example's call budgets. Timing is compared only when
 * asked (--timing, --runs N), medians of repeated runs against a bound
 * from their spread (golden_timing_compare). Capture rewrites a golden
 * file only when its normalized content changed (--force: always).
 *
 * Exit codes of check: 0 match, 1 regression, 2 baseline missing or
 * invalid, 4 the command failed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "decode.h"
#include "golden-analysis.h"
#include "golden-trace.h"
#include "golden.h"
#include "renacer-event.h"
#include "syscall-names.h"
#include "trace-job.h"
#include "util.h"

#define EXIT_REGRESSION 1
#define EXIT_BASELINE   2
#define EXIT_COMMAND    4

struct collector {
        struct golden_norm *norm;
        struct golden_seq seq;
        int error;
};

static void collect(void *ctx, const struct renacer_syscall_event *ev, const struct decoded *d)
{
        struct collector *c = ctx;
        const char *args[6];
        char argbuf[6][4096], ret[512];

        for (int i = 0; i < d->nargs && i < 6; i++) {
                snprintf(argbuf[i], sizeof(argbuf[i]), "%.*s", (int)d->arg_len[i],
                         d->text + d->arg_off[i]);
                args[i] = argbuf[i];
        }
        snprintf(ret, sizeof(ret), "%.*s", (int)d->ret_len, d->text + d->ret_off);
        if (golden_seq_push(&c->seq, golden_normalize(c->norm, (int)ev->hdr.tgid,
                                                      syscall_name(ev->nr), args, d->nargs, ret)) <
            0)
                c->error = -ENOMEM;
}

struct golden_opts {
        const char *dir;
        const char *name;
        const char *junit;
        double tolerance;      /* per-syscall counts, percent; 0: exact */
        double timing_min_pct; /* the timing gate's relative floor */
        unsigned runs;         /* traced runs; timing is checked when > 0 */
        bool timing, force;
        struct trace_opts trace;
};

/* Trace the command, collecting the renacer-json-v1 document in memory
 * (through a temp file) and the normalized sequence. */
static int trace_and_collect(struct golden_opts *g, struct collector *c, struct json_object **doc,
                             struct trace_result *res, int *cmd_code)
{
        char tmp[] = "/tmp/renacer-golden-XXXXXX";
        int fd = mkostemp(tmp, O_CLOEXEC);
        struct trace_job j = {.o = &g->trace, .observer = collect, .observer_ctx = c};
        struct output out;
        FILE *doc_file;
        int code;

        if (fd < 0 || !(doc_file = fdopen(fd, "w+"))) {
                fprintf(stderr, "renacerctl golden: cannot create a temporary file: %s\n",
                        strerror(errno));
                return -errno;
        }
        unlink(tmp);
        output_init_fd(&out, fd);
        j.out = &out;
        golden_norm_new(&c->norm);
        golden_seq_init(&c->seq);
        if (c->norm && strchr(g->trace.command[0], '/')) {
                char dir[4096];
                snprintf(dir, sizeof(dir), "%s", g->trace.command[0]);
                golden_norm_set_bindir(c->norm, dirname(dir));
        }
        code = trace_job_run(&j);
        *cmd_code = code;
        if (!j.traced) {
                fclose(doc_file);
                summary_free(&j.res.summary);
                return -ECANCELED;
        }
        *res = j.res;
        /* the renderer wrote through the fd: nothing is buffered in the FILE */
        rewind(doc_file);
        *doc = json_object_from_fd(fileno(doc_file));
        fclose(doc_file);
        if (!*doc || c->error) {
                fprintf(stderr, "renacerctl golden: the trace document is invalid\n");
                return -EBADMSG;
        }
        return 0;
}

/* Write via a temp file and rename, so a failed capture leaves the old
 * file in place. */
static int write_atomic(const char *path, const char *data, size_t len)
{
        char tmp[4096];
        int fd, r = 0;

        snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
        fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return -errno;
        fchmod(fd, 0644);
        if (write_all(fd, data, len) < 0 || fsync(fd) < 0)
                r = -errno;
        close(fd);
        if (r == 0 && rename(tmp, path) < 0)
                r = -errno;
        if (r < 0)
                unlink(tmp);
        return r;
}

/* golden capture [OPTIONS] -- CMD...; golden check [OPTIONS] FILE [OPTIONS] -- CMD... */
static int parse_golden_opts(int argc, char **argv, bool capture, struct golden_opts *g,
                             const char **file)
{
        static const struct option opts[] = {
            {"dir", required_argument, NULL, 'd'},
            {"name", required_argument, NULL, 'n'},
            {"tolerance", required_argument, NULL, 't'},
            {"ignore-timing", no_argument, NULL, 'i'},
            {"timing", no_argument, NULL, 'T'},
            {"timing-tolerance", required_argument, NULL, 'P'},
            {"runs", required_argument, NULL, 'r'},
            {"force", no_argument, NULL, 'F'},
            {"source", no_argument, NULL, 'k'},
            {"junit", required_argument, NULL, 'j'},
            {"socket", required_argument, NULL, 'S'},
            {0},
        };
        const char *sub = capture ? "capture" : "check";
        char *end;
        int c;

        memset(g, 0, sizeof(*g));
        trace_opts_init(&g->trace);
        *file = NULL;
        g->dir = "golden";
        g->tolerance = 0;
        g->timing_min_pct = GOLDEN_TIMING_MIN_PCT;
        /* argv strings whole (up to the 256-byte capture), so that a long
         * build path is normalized rather than cut at a varying place */
        g->trace.strsize = 256;
        g->trace.follow = true;
        g->trace.format = FORMAT_JSON;
        g->trace.socket = default_socket();
        filter_all(&g->trace.compiled);
        optind = 1;
        opterr = 0;
        /* '-': operands come back in order as 1, and "--" ends the options */
        while ((c = getopt_long(argc, argv, "-:", opts, NULL)) >= 0) {
                switch (c) {
                case 1:
                        if (capture || *file) {
                                fprintf(stderr,
                                        "renacerctl golden %s: unexpected argument '%s' (the "
                                        "command goes after --)\n",
                                        sub, optarg);
                                return -EINVAL;
                        }
                        *file = optarg;
                        break;
                case 'd':
                        g->dir = optarg;
                        break;
                case 'n':
                        if (!*optarg || strchr(optarg, '/')) {
                                fprintf(stderr, "renacerctl golden: invalid --name '%s'\n", optarg);
                                return -EINVAL;
                        }
                        g->name = optarg;
                        break;
                case 't':
                        errno = 0;
                        g->tolerance = strtod(optarg, &end);
                        if (errno || *end || !(g->tolerance >= 0 && g->tolerance <= 1000)) {
                                fprintf(stderr,
                                        "renacerctl golden: invalid --tolerance '%s': need a "
                                        "percentage 0..1000\n",
                                        optarg);
                                return -EINVAL;
                        }
                        break;
                case 'i':
                        /* the default now; kept so that existing CI lines work */
                        g->timing = false;
                        g->runs = 0;
                        break;
                case 'T':
                        g->timing = true;
                        break;
                case 'P':
                        errno = 0;
                        g->timing_min_pct = strtod(optarg, &end);
                        if (errno || *end ||
                            !(g->timing_min_pct >= 0 && g->timing_min_pct <= 1000)) {
                                fprintf(stderr,
                                        "renacerctl golden: invalid --timing-tolerance '%s': need "
                                        "a percentage 0..1000\n",
                                        optarg);
                                return -EINVAL;
                        }
                        break;
                case 'r': {
                        errno = 0;
                        unsigned long v = strtoul(optarg, &end, 10);
                        if (errno || *end || !*optarg || v < 1 || v > 100) {
                                fprintf(stderr,
                                        "renacerctl golden: invalid --runs '%s': need 1..100\n",
                                        optarg);
                                return -EINVAL;
                        }
                        g->runs = (unsigned)v;
                        g->timing = true;
                        break;
                }
                case 'F':
                        g->force = true;
                        break;
                case 'k': /* each call's stack with file:line, in the trace document */
                        if (!capture) {
                                fprintf(stderr, "renacerctl golden check: --source is for "
                                                "'golden capture'\n");
                                return -EINVAL;
                        }
                        g->trace.stack = 2;
                        break;
                case 'j':
                        g->junit = optarg;
                        break;
                case 'S':
                        g->trace.socket = optarg;
                        break;
                case ':':
                        fprintf(stderr, "renacerctl golden %s: option '%s' needs a value\n", sub,
                                argv[optind - 1]);
                        return -EINVAL;
                default:
                        fprintf(stderr, "renacerctl golden %s: unknown option '%s'\n", sub,
                                argv[optind - 1]);
                        return -EINVAL;
                }
        }
        if (!capture && !*file) {
                fprintf(stderr, "renacerctl golden check: no baseline given (usage: renacerctl "
                                "golden check FILE -- CMD...)\n");
                return -EINVAL;
        }
        if (optind >= argc || strcmp(argv[optind - 1], "--") != 0) {
                fprintf(stderr, "renacerctl golden %s: no command given (add -- CMD [ARG...])\n",
                        sub);
                return -EINVAL;
        }
        g->trace.command = argv + optind;
        if (g->timing && !g->runs)
                g->runs = 5;
        return 0;
}

/* One traced run for the golden commands: the first run's collector,
 * document and result are kept; later runs (--runs) only add their total
 * syscall time and wall time to the samples. */
struct runs {
        struct collector c;
        struct json_object *doc;
        struct trace_result res;
        double *total_us, *wall_us;
        unsigned n;
};

static void runs_free(struct runs *r)
{
        json_object_put(r->doc);
        golden_seq_free(&r->c.seq);
        golden_norm_free(r->c.norm);
        summary_free(&r->res.summary);
        free(r->total_us);
        free(r->wall_us);
        memset(r, 0, sizeof(*r));
}

/* Returns 0, or the exit code to leave with (the command's failure). */
static int trace_runs(struct golden_opts *g, unsigned n, const char *sub, struct runs *out)
{
        memset(out, 0, sizeof(*out));
        out->total_us = calloc(n, sizeof(double));
        out->wall_us = calloc(n, sizeof(double));
        if (!out->total_us || !out->wall_us) {
                fprintf(stderr, "renacerctl golden %s: out of memory\n", sub);
                return 1;
        }
        for (unsigned k = 0; k < n; k++) {
                struct collector c = {0};
                struct json_object *doc = NULL;
                struct trace_result res = {0};
                int cmd_code = 0;
                int r = trace_and_collect(g, &c, &doc, &res, &cmd_code);
                if (r < 0 || cmd_code != 0) {
                        if (r >= 0)
                                fprintf(stderr, "renacerctl golden %s: %s exited with %d%s\n", sub,
                                        g->trace.command[0], cmd_code,
                                        !strcmp(sub, "capture") ? "; nothing written" : "");
                        json_object_put(doc);
                        golden_seq_free(&c.seq);
                        golden_norm_free(c.norm);
                        summary_free(&res.summary);
                        return r < 0 && !cmd_code ? 1 : EXIT_COMMAND;
                }
                out->total_us[k] = (double)summary_total_ns(&res.summary) / 1000.0;
                out->wall_us[k] = (double)res.wall_ns / 1000.0;
                out->n++;
                if (k == 0) {
                        out->c = c;
                        out->doc = doc;
                        out->res = res;
                        continue;
                }
                json_object_put(doc);
                golden_seq_free(&c.seq);
                golden_norm_free(c.norm);
                summary_free(&res.summary);
        }
        return 0;
}

static bool seq_equal(const struct golden_seq *a, const struct golden_seq *b)
{
        if (a->n != b->n)
                return false;
        for (size_t i = 0; i < a->n; i++)
                if (strcmp(a->lines[i], b->lines[i]) != 0)
                        return false;
        return true;
}

/* The existing golden file at path holds the same normalized content as
 * doc: the same normalized lines, calls and errors per syscall, command
 * and name. Timings and raw addresses do not count. */
static bool golden_unchanged(const char *path, struct json_object *doc)
{
        struct golden_trace old, now;
        struct json_object *oldoc, *a, *b;
        bool same = false;

        if (access(path, F_OK) != 0)
                return false;
        golden_trace_init(&old);
        golden_trace_init(&now);
        oldoc = json_object_from_file(path);
        if (!oldoc || golden_trace_from_doc(oldoc, &old, NULL, 0) < 0 || !old.has_normalized ||
            golden_trace_from_doc(doc, &now, NULL, 0) < 0)
                goto out;
        for (int i = 0; i < 2; i++) {
                const char *key = i ? "name" : "command";
                if (!json_object_object_get_ex(oldoc, key, &a) ||
                    !json_object_object_get_ex(doc, key, &b) ||
                    strcmp(json_object_to_json_string(a), json_object_to_json_string(b)) != 0)
                        goto out;
        }
        same = seq_equal(&old.normalized, &now.normalized) &&
               golden_count_deltas(&old.counts, &now.counts, NULL) == 0;
out:
        json_object_put(oldoc);
        golden_trace_free(&old);
        golden_trace_free(&now);
        return same;
}

static int golden_capture(int argc, char **argv)
{
        struct golden_opts g;
        struct runs R = {0};
        struct json_object *norm, *cmd, *timing, *samples;
        char path[4096], spath[4096], name[256];
        int code = 1, r;
        const char *file;

        if (parse_golden_opts(argc, argv, true, &g, &file) < 0)
                return 2;
        if (g.name)
                snprintf(name, sizeof(name), "%s", g.name);
        else {
                char tmp[4096];
                snprintf(tmp, sizeof(tmp), "%s", g.trace.command[0]);
                snprintf(name, sizeof(name), "%s", basename(tmp));
        }
        struct stat st;
        if (stat(g.dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
                fprintf(stderr, "renacerctl golden capture: %s is not a directory\n", g.dir);
                return 2;
        }
        r = trace_runs(&g, g.runs ? g.runs : 1, "capture", &R);
        if (r) {
                code = r;
                goto out;
        }
        norm = json_object_new_array();
        for (size_t i = 0; i < R.c.seq.n; i++)
                json_object_array_add(norm, json_object_new_string(R.c.seq.lines[i]));
        json_object_object_add(R.doc, "normalized", norm);
        cmd = json_object_new_array();
        for (char **a = g.trace.command; *a; a++)
                json_object_array_add(cmd, json_object_new_string(*a));
        json_object_object_add(R.doc, "command", cmd);
        json_object_object_add(R.doc, "name", json_object_new_string(name));
        /* the timing gate's baseline: total syscall time of each run */
        timing = json_object_new_object();
        samples = json_object_new_array();
        for (unsigned k = 0; k < R.n; k++)
                json_object_array_add(samples, json_object_new_double(R.total_us[k]));
        json_object_object_add(timing, "statistic", json_object_new_string("total_time_us"));
        json_object_object_add(timing, "samples_us", samples);
        json_object_object_add(R.doc, "timing", timing);

        snprintf(path, sizeof(path), "%s/%s.json", g.dir, name);
        snprintf(spath, sizeof(spath), "%s/%s_summary.txt", g.dir, name);
        if (!g.force && golden_unchanged(path, R.doc)) {
                printf("unchanged %s: %zu calls, same normalized content as %s (kept; --force "
                       "rewrites it)\n",
                       name, R.c.seq.n, path);
                code = 0;
                goto analysis;
        }

        char *text = NULL;
        if (asprintf(&text, "%s\n",
                     json_object_to_json_string_ext(R.doc, JSON_C_TO_STRING_PRETTY |
                                                               JSON_C_TO_STRING_NOSLASHESCAPE)) < 0)
                goto out;
        r = write_atomic(path, text, strlen(text));
        free(text);
        if (r < 0) {
                fprintf(stderr, "renacerctl golden capture: cannot write %s: %s\n", path,
                        strerror(-r));
                goto out;
        }
        char *sbuf = NULL;
        size_t slen = 0;
        FILE *sf = open_memstream(&sbuf, &slen);
        summary_render_text(&R.res.summary, sf);
        fclose(sf);
        r = write_atomic(spath, sbuf, slen);
        free(sbuf);
        if (r < 0) {
                fprintf(stderr, "renacerctl golden capture: cannot write %s: %s\n", spath,
                        strerror(-r));
                goto out;
        }
        printf("captured %s: %zu calls, %s, %s\n", name, R.c.seq.n, path, spath);
        code = 0;
analysis:
        r = golden_analysis_write(g.dir);
        if (r < 0) {
                fprintf(stderr, "renacerctl golden capture: cannot refresh %s/ANALYSIS.md: %s\n",
                        g.dir, strerror(-r));
                code = 1;
        }
out:
        runs_free(&R);
        return code;
}

static void xml_escape(FILE *f, const char *s)
{
        for (; *s; s++) {
                switch (*s) {
                case '<':
                        fputs("&lt;", f);
                        break;
                case '>':
                        fputs("&gt;", f);
                        break;
                case '&':
                        fputs("&amp;", f);
                        break;
                case '"':
                        fputs("&quot;", f);
                        break;
                default:
                        if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t')
                                fputc(*s, f);
                }
        }
}

struct check_part {
        const char *name;
        bool failed, skipped;
        char *detail; /* malloc'd */
};

static int write_junit(const char *path, const char *golden_name, struct check_part *parts, int n)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        int failures = 0, skipped = 0, r;

        for (int i = 0; i < n; i++) {
                failures += parts[i].failed;
                skipped += parts[i].skipped;
        }
        fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        fprintf(f, "<testsuite name=\"renacer-golden.");
        xml_escape(f, golden_name);
        fprintf(f, "\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">\n", n, failures, skipped);
        for (int i = 0; i < n; i++) {
                fprintf(f, "  <testcase classname=\"golden.");
                xml_escape(f, golden_name);
                fprintf(f, "\" name=\"%s\">", parts[i].name);
                if (parts[i].skipped)
                        fprintf(f, "<skipped/>");
                else if (parts[i].failed) {
                        fprintf(f, "\n    <failure message=\"%s regression\">", parts[i].name);
                        xml_escape(f, parts[i].detail ? parts[i].detail : "");
                        fprintf(f, "</failure>\n  ");
                }
                fprintf(f, "</testcase>\n");
        }
        fprintf(f, "</testsuite>\n");
        fclose(f);
        r = write_atomic(path, buf, len);
        free(buf);
        return r;
}

static int golden_check(int argc, char **argv)
{
        struct golden_opts g;
        struct golden_trace want, got;
        struct runs R = {0};
        struct golden_timing tm = {0};
        char err[256];
        const char *file;
        int code = EXIT_BASELINE, r;
        struct check_part parts[4] = {
            {.name = "sequence"}, {.name = "counts"}, {.name = "budgets"}, {.name = "timing"}};

        golden_trace_init(&want);
        golden_trace_init(&got);
        if (parse_golden_opts(argc, argv, false, &g, &file) < 0)
                return EXIT_BASELINE;

        r = golden_trace_load(file, &want, err, sizeof(err));
        if (r < 0 || !want.has_normalized) {
                fprintf(stderr, "renacerctl golden check: %s is not a renacer golden trace: %s\n",
                        file, r < 0 ? err : "no \"normalized\" list");
                goto out;
        }
        r = trace_runs(&g, g.timing ? g.runs : 1, "check", &R);
        if (r) {
                code = r;
                goto out;
        }
        if (golden_trace_from_doc(R.doc, &got, err, sizeof(err)) < 0) {
                fprintf(stderr, "renacerctl golden check: the new trace is invalid: %s\n", err);
                code = 1;
                goto out;
        }

        /* 1. the normalized sequence, exactly */
        struct golden_diff_stats ds;
        char *dbuf = NULL;
        size_t dlen = 0;
        FILE *df = open_memstream(&dbuf, &dlen);
        parts[0].failed = golden_diff(&want.normalized, &R.c.seq, 3, df, &ds);
        fclose(df);
        parts[0].detail = dbuf;

        /* 2. calls and errors per syscall: exact, or within --tolerance */
        char *cbuf = NULL;
        size_t clen = 0;
        FILE *cf = open_memstream(&cbuf, &clen);
        for (int pass = 0; pass < 2; pass++) {
                const struct summary *a = pass ? &got.counts : &want.counts;
                for (size_t i = 0; i < a->n; i++) {
                        const struct summary_row *w = summary_find(&want.counts, a->rows[i].nr);
                        const struct summary_row *gr = summary_find(&got.counts, a->rows[i].nr);
                        if (pass && w)
                                continue; /* compared in the first pass */
                        for (int e = 0; e < 2; e++) {
                                double old = w ? (double)(e ? w->errors : w->calls) : 0;
                                double now = gr ? (double)(e ? gr->errors : gr->calls) : 0;
                                double pct = old ? 100.0 * (now - old) / old : (now ? INFINITY : 0);
                                if (old == now || fabs(pct) <= g.tolerance)
                                        continue;
                                fprintf(cf, "%s: %.0f -> %.0f %s (%+.0f",
                                        syscall_name(a->rows[i].nr), old, now,
                                        e ? "errors" : "calls", now - old);
                                if (g.tolerance > 0)
                                        fprintf(cf, ", %+.1f%%, tolerance %g%%", pct, g.tolerance);
                                fprintf(cf, ")\n");
                                parts[1].failed = true;
                        }
                }
        }
        fclose(cf);
        parts[1].detail = cbuf;

        /* 3. the example's budgets: a verdict that was a pass must stay one.
         * Call budgets are exact; the wall-time budget only with --timing. */
        const char *name = file;
        struct json_object *base = json_object_from_file(file), *v;
        char namebuf[256], dirbuf[4096];
        if (base && json_object_object_get_ex(base, "name", &v) &&
            json_object_is_type(v, json_type_string)) {
                snprintf(namebuf, sizeof(namebuf), "%s", json_object_get_string(v));
                name = namebuf;
        }
        json_object_put(base);
        snprintf(dirbuf, sizeof(dirbuf), "%s", file);
        struct golden_budget bud;
        golden_budget_lookup(dirname(dirbuf), name, &bud);
        char *bbuf = NULL;
        size_t blen = 0;
        FILE *bf = open_memstream(&bbuf, &blen);
        uint64_t want_calls = summary_total_calls(&want.counts);
        uint64_t got_calls = summary_total_calls(&got.counts);
        if (bud.max_calls && got_calls > bud.max_calls && want_calls <= bud.max_calls) {
                fprintf(bf, "call budget: %llu calls > %llu (the baseline had %llu)\n",
                        (unsigned long long)got_calls, bud.max_calls,
                        (unsigned long long)want_calls);
                parts[2].failed = true;
        }
        double got_wall_ms = golden_median(R.wall_us, R.n) / 1000.0;
        if (g.timing && bud.max_ms > 0 && got_wall_ms > bud.max_ms &&
            want.wall_time_us / 1000.0 <= bud.max_ms) {
                fprintf(
                    bf,
                    "time budget: median wall time %.3f ms > %g ms (the baseline had %.3f ms)\n",
                    got_wall_ms, bud.max_ms, want.wall_time_us / 1000.0);
                parts[2].failed = true;
        }
        fclose(bf);
        parts[2].detail = bbuf;
        parts[2].skipped = !bud.max_calls && !(g.timing && bud.max_ms > 0);

        /* 4. timing, only when asked */
        if (!g.timing) {
                parts[3].skipped = true;
        } else {
                double one = want.total_time_us;
                const double *bs = want.n_timing_samples ? want.timing_samples : &one;
                size_t nb = want.n_timing_samples ? want.n_timing_samples : 1;
                golden_timing_compare(bs, nb, R.total_us, R.n, g.timing_min_pct, GOLDEN_TIMING_K,
                                      &tm);
                parts[3].failed = tm.slower;
                if (asprintf(&parts[3].detail,
                             "total syscall time: median %.1f us (MAD %.1f, %u runs) vs baseline "
                             "median %.1f us (MAD %.1f, %zu runs); limit %.1f us (%+.1f%%)\n",
                             tm.now_median, tm.now_mad, R.n, tm.base_median, tm.base_mad, nb,
                             tm.threshold,
                             tm.base_median
                                 ? 100.0 * (tm.now_median - tm.base_median) / tm.base_median
                                 : 0.0) < 0)
                        parts[3].detail = NULL;
        }

        bool failed = parts[0].failed || parts[1].failed || parts[2].failed || parts[3].failed;
        if (parts[0].failed) {
                printf("sequence differs from %s: %zu missing, %zu extra, %zu changed calls\n",
                       file, ds.missing, ds.extra, ds.changed);
                fputs(parts[0].detail, stdout);
        }
        if (parts[1].failed) {
                printf("syscall counts differ from %s:\n", file);
                fputs(parts[1].detail, stdout);
        }
        if (parts[2].failed)
                fputs(parts[2].detail, stdout);
        if (g.timing && parts[3].detail)
                fputs(parts[3].detail, stdout);
        printf("golden check %s: %s (%zu calls; sequence %s, counts %s, budgets %s, timing %s)\n",
               name, failed ? "REGRESSION" : "OK", R.c.seq.n,
               parts[0].failed ? "differs" : "matches", parts[1].failed ? "differ" : "match",
               parts[2].skipped  ? "none"
               : parts[2].failed ? "exceeded"
                                 : "hold",
               parts[3].skipped  ? "not checked"
               : parts[3].failed ? "slower"
                                 : "within bounds");
        code = failed ? EXIT_REGRESSION : 0;
        if (g.junit && (r = write_junit(g.junit, name, parts, 4)) < 0) {
                fprintf(stderr, "renacerctl golden check: cannot write %s: %s\n", g.junit,
                        strerror(-r));
                code = code ? code : 1;
        }
out:
        for (int i = 0; i < 4; i++)
                free(parts[i].detail);
        golden_trace_free(&want);
        golden_trace_free(&got);
        runs_free(&R);
        return code;
}

int cmd_golden(int argc, char **argv)
{
        if (argc < 2) {
                fprintf(stderr, "renacerctl golden: use 'golden capture' or 'golden check'\n");
                return 2;
        }
        if (!strcmp(argv[1], "capture"))
                return golden_capture(argc - 1, argv + 1);
        if (!strcmp(argv[1], "check"))
                return golden_check(argc - 1, argv + 1);
        if (!strcmp(argv[1], "analysis")) {
                const char *dir = argc > 2 ? argv[2] : "golden";
                int r = golden_analysis_write(dir);
                if (r < 0) {
                        fprintf(stderr, "renacerctl golden analysis: %s: %s\n", dir, strerror(-r));
                        return 1;
                }
                return 0;
        }
        fprintf(stderr, "renacerctl golden: unknown subcommand '%s'\n", argv[1]);
        return 2;
}
