// SPDX-License-Identifier: MIT
/*
 * `renacerctl golden capture` and `renacerctl golden check`: committed
 * canonical traces of a command, and checks of new runs against them.
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
        double tolerance;
        bool ignore_timing;
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
        int code;

        if (fd < 0 || !(j.out = fdopen(fd, "w+"))) {
                fprintf(stderr, "renacerctl golden: cannot create a temporary file: %s\n",
                        strerror(errno));
                return -errno;
        }
        unlink(tmp);
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
                fclose(j.out);
                summary_free(&j.res.summary);
                return -ECANCELED;
        }
        *res = j.res;
        fflush(j.out);
        rewind(j.out);
        *doc = json_object_from_fd(fileno(j.out));
        fclose(j.out);
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
            {"junit", required_argument, NULL, 'j'},
            {"socket", required_argument, NULL, 'S'},
            {0},
        };
        const char *sub = capture ? "capture" : "check";
        char *end;
        int c;

        memset(g, 0, sizeof(*g));
        *file = NULL;
        g->dir = "golden";
        g->tolerance = 10.0;
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
                        g->ignore_timing = true;
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
        return 0;
}

static int golden_capture(int argc, char **argv)
{
        struct golden_opts g;
        struct collector c = {0};
        struct json_object *doc = NULL, *norm, *cmd;
        struct trace_result res = {0};
        char path[4096], name[256];
        int code = 1, r, cmd_code;
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
        r = trace_and_collect(&g, &c, &doc, &res, &cmd_code);
        if (r < 0) {
                code = cmd_code ? cmd_code : 1;
                goto out;
        }
        if (cmd_code != 0) {
                fprintf(stderr, "renacerctl golden capture: %s exited with %d; nothing written\n",
                        g.trace.command[0], cmd_code);
                code = EXIT_COMMAND;
                goto out;
        }
        norm = json_object_new_array();
        for (size_t i = 0; i < c.seq.n; i++)
                json_object_array_add(norm, json_object_new_string(c.seq.lines[i]));
        json_object_object_add(doc, "normalized", norm);
        cmd = json_object_new_array();
        for (char **a = g.trace.command; *a; a++)
                json_object_array_add(cmd, json_object_new_string(*a));
        json_object_object_add(doc, "command", cmd);
        json_object_object_add(doc, "name", json_object_new_string(name));

        char *text = NULL;
        if (asprintf(&text, "%s\n",
                     json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
                                                             JSON_C_TO_STRING_NOSLASHESCAPE)) < 0)
                goto out;
        snprintf(path, sizeof(path), "%s/%s.json", g.dir, name);
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
        summary_render_text(&res.summary, sf);
        fclose(sf);
        snprintf(path, sizeof(path), "%s/%s_summary.txt", g.dir, name);
        r = write_atomic(path, sbuf, slen);
        free(sbuf);
        if (r < 0) {
                fprintf(stderr, "renacerctl golden capture: cannot write %s: %s\n", path,
                        strerror(-r));
                goto out;
        }
        r = golden_analysis_write(g.dir);
        if (r < 0) {
                fprintf(stderr, "renacerctl golden capture: cannot refresh %s/ANALYSIS.md: %s\n",
                        g.dir, strerror(-r));
                goto out;
        }
        printf("captured %s: %zu calls, %s/%s.json, %s/%s_summary.txt, %s/ANALYSIS.md\n", name,
               c.seq.n, g.dir, name, g.dir, name, g.dir);
        code = 0;
out:
        json_object_put(doc);
        golden_seq_free(&c.seq);
        golden_norm_free(c.norm);
        summary_free(&res.summary);
        return code;
}

/* Per-syscall counts from a renacer-json-v1 summary. */
static int counts_from_doc(struct json_object *doc, struct summary *out, double *total_us)
{
        struct json_object *sum, *rows, *v;

        if (!json_object_object_get_ex(doc, "summary", &sum) ||
            !json_object_object_get_ex(sum, "by_syscall", &rows) ||
            !json_object_is_type(rows, json_type_array))
                return -EBADMSG;
        *total_us =
            json_object_object_get_ex(sum, "total_time_us", &v) ? json_object_get_double(v) : 0;
        for (size_t i = 0; i < json_object_array_length(rows); i++) {
                struct json_object *row = json_object_array_get_idx(rows, i), *n, *c;
                if (!json_object_object_get_ex(row, "name", &n) ||
                    !json_object_object_get_ex(row, "calls", &c))
                        return -EBADMSG;
                int nr = syscall_number(json_object_get_string(n));
                if (nr < 0)
                        return -EBADMSG;
                summary_add(out, nr, json_object_get_uint64(c), 0, 0, NULL);
        }
        return 0;
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
        struct collector c = {0};
        struct json_object *base = NULL, *doc = NULL, *v;
        struct golden_seq want;
        struct summary want_counts, got_counts;
        struct trace_result res = {0};
        double want_us = 0, got_us = 0;
        const char *file;
        int code = EXIT_BASELINE, cmd_code, r;
        struct check_part parts[3] = {{.name = "sequence"}, {.name = "counts"}, {.name = "timing"}};

        golden_seq_init(&want);
        summary_init(&want_counts);
        summary_init(&got_counts);
        if (parse_golden_opts(argc, argv, false, &g, &file) < 0)
                return EXIT_BASELINE;

        base = json_object_from_file(file);
        if (!base) {
                fprintf(stderr, "renacerctl golden check: cannot read baseline %s: %s\n", file,
                        access(file, F_OK) ? "No such file" : "not valid JSON");
                goto out;
        }
        if (!json_object_object_get_ex(base, "format", &v) ||
            strcmp(json_object_get_string(v), "renacer-json-v1") != 0 ||
            !json_object_object_get_ex(base, "normalized", &v) ||
            !json_object_is_type(v, json_type_array) ||
            counts_from_doc(base, &want_counts, &want_us) < 0) {
                fprintf(stderr,
                        "renacerctl golden check: %s is not a renacer golden trace (needs "
                        "format renacer-json-v1, normalized, summary)\n",
                        file);
                goto out;
        }
        for (size_t i = 0; i < json_object_array_length(v); i++)
                golden_seq_push(&want,
                                strdup(json_object_get_string(json_object_array_get_idx(v, i))));

        r = trace_and_collect(&g, &c, &doc, &res, &cmd_code);
        if (r < 0 || cmd_code != 0) {
                if (r >= 0)
                        fprintf(stderr, "renacerctl golden check: %s exited with %d\n",
                                g.trace.command[0], cmd_code);
                code = EXIT_COMMAND;
                goto out;
        }
        if (counts_from_doc(doc, &got_counts, &got_us) < 0) {
                code = 1;
                goto out;
        }

        /* 1. sequence */
        struct golden_diff_stats ds;
        char *dbuf = NULL;
        size_t dlen = 0;
        FILE *df = open_memstream(&dbuf, &dlen);
        parts[0].failed = golden_diff(&want, &c.seq, 3, df, &ds);
        fclose(df);
        parts[0].detail = dbuf;

        /* 2. per-syscall counts within tolerance */
        char *cbuf = NULL;
        size_t clen = 0;
        FILE *cf = open_memstream(&cbuf, &clen);
        for (int pass = 0; pass < 2; pass++) {
                const struct summary *a = pass ? &got_counts : &want_counts;
                for (size_t i = 0; i < a->n; i++) {
                        const struct summary_row *w = summary_find(&want_counts, a->rows[i].nr);
                        const struct summary_row *gr = summary_find(&got_counts, a->rows[i].nr);
                        if (pass && w)
                                continue; /* compared in the first pass */
                        double old = w ? (double)w->calls : 0, now = gr ? (double)gr->calls : 0;
                        double pct = old ? 100.0 * (now - old) / old : (now ? INFINITY : 0);
                        if (fabs(pct) > g.tolerance) {
                                fprintf(cf, "%s: %.0f -> %.0f calls (%+.1f%%, tolerance %.0f%%)\n",
                                        syscall_name(a->rows[i].nr), old, now, pct, g.tolerance);
                                parts[1].failed = true;
                        }
                }
        }
        fclose(cf);
        parts[1].detail = cbuf;

        /* 3. total time */
        if (g.ignore_timing) {
                parts[2].skipped = true;
        } else {
                double pct = want_us ? 100.0 * (got_us - want_us) / want_us : 0;
                if (fabs(pct) > g.tolerance) {
                        parts[2].failed = true;
                        if (asprintf(&parts[2].detail,
                                     "total syscall time %.1f us -> %.1f us (%+.1f%%, tolerance "
                                     "%.0f%%)\n",
                                     want_us, got_us, pct, g.tolerance) < 0)
                                parts[2].detail = NULL;
                }
        }

        bool failed = parts[0].failed || parts[1].failed || parts[2].failed;
        const char *name =
            json_object_object_get_ex(base, "name", &v) ? json_object_get_string(v) : file;
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
        printf("golden check %s: %s (%zu calls; sequence %s, counts %s, timing %s)\n", name,
               failed ? "REGRESSION" : "OK", c.seq.n, parts[0].failed ? "differs" : "matches",
               parts[1].failed ? "differ" : "match",
               parts[2].skipped  ? "ignored"
               : parts[2].failed ? "differs"
                                 : "matches");
        code = failed ? EXIT_REGRESSION : 0;
        if (g.junit && (r = write_junit(g.junit, name, parts, 3)) < 0) {
                fprintf(stderr, "renacerctl golden check: cannot write %s: %s\n", g.junit,
                        strerror(-r));
                code = code ? code : 1;
        }
out:
        for (int i = 0; i < 3; i++)
                free(parts[i].detail);
        json_object_put(base);
        json_object_put(doc);
        golden_seq_free(&want);
        golden_seq_free(&c.seq);
        golden_norm_free(c.norm);
        summary_free(&want_counts);
        summary_free(&got_counts);
        summary_free(&res.summary);
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
