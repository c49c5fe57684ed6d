// SPDX-License-Identifier: MIT
/*
 * `renacerctl diff A B`: two traces (golden files, renacer-json-v1
 * documents or JSON lines) compared call by call, strace-like: the calls
 * removed ("-"), added ("+") and changed (a "-" line followed by its "+"),
 * with context, then the per-syscall count deltas. Exit 0 when equal,
 * 1 when they differ, 2 on bad input.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "golden-trace.h"

static int usage_error(const char *msg, const char *arg)
{
        fprintf(stderr, "renacerctl diff: %s%s%s%s (usage: renacerctl diff [-U N] A B)\n", msg,
                arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
        return 2;
}

int cmd_diff(int argc, char **argv)
{
        static const struct option opts[] = {
            {"context", required_argument, NULL, 'U'},
            {"quiet", no_argument, NULL, 'q'},
            {0},
        };
        struct golden_trace a, b;
        char err[256];
        unsigned context = 3;
        bool quiet = false;
        int c, code = 2;

        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, "+:U:q", opts, NULL)) >= 0) {
                switch (c) {
                case 'U': {
                        char *end;
                        unsigned long v = strtoul(optarg, &end, 10);
                        if (!*optarg || *end || v > 1000)
                                return usage_error("invalid context", optarg);
                        context = (unsigned)v;
                        break;
                }
                case 'q':
                        quiet = true;
                        break;
                case ':':
                        return usage_error("option needs a value:", argv[optind - 1]);
                default:
                        return usage_error("unknown option", argv[optind - 1]);
                }
        }
        if (argc - optind != 2)
                return usage_error("need two traces", NULL);

        const char *pa = argv[optind], *pb = argv[optind + 1];
        golden_trace_init(&a);
        golden_trace_init(&b);
        if (golden_trace_load(pa, &a, err, sizeof(err)) < 0) {
                fprintf(stderr, "renacerctl diff: %s: %s\n", pa, err);
                goto out;
        }
        if (golden_trace_load(pb, &b, err, sizeof(err)) < 0) {
                fprintf(stderr, "renacerctl diff: %s: %s\n", pb, err);
                goto out;
        }

        /* two golden files compare their own normalized lines (built from
         * the decoder's full text); anything else the calls rebuilt from
         * the records, the same way on both sides */
        bool golden = a.has_normalized && b.has_normalized;
        const struct golden_seq *sa = golden ? &a.normalized : &a.calls;
        const struct golden_seq *sb = golden ? &b.normalized : &b.calls;
        char *dbuf = NULL, *cbuf = NULL;
        size_t dlen = 0, clen = 0;
        FILE *df = open_memstream(&dbuf, &dlen), *cf = open_memstream(&cbuf, &clen);
        struct golden_diff_stats st = {0};
        if (!df || !cf) {
                if (df)
                        fclose(df);
                if (cf)
                        fclose(cf);
                fprintf(stderr, "renacerctl diff: out of memory\n");
                goto out;
        }
        bool seq_differs = golden_diff(sa, sb, context, df, &st);
        size_t count_differs = golden_count_deltas(&a.counts, &b.counts, cf);
        fclose(df);
        fclose(cf);
        if (!quiet && (seq_differs || count_differs)) {
                printf("--- %s (%zu calls)\n+++ %s (%zu calls)\n", pa, sa->n, pb, sb->n);
                fputs(dbuf, stdout);
                if (count_differs) {
                        printf("per-syscall counts:\n");
                        fputs(cbuf, stdout);
                }
        }
        free(dbuf);
        free(cbuf);
        if (!quiet) {
                if (seq_differs || count_differs)
                        printf("traces differ: %zu calls removed, %zu added, %zu changed; %zu "
                               "syscalls with other counts\n",
                               st.missing, st.extra, st.changed, count_differs);
                else
                        printf("traces are equal (%zu calls)\n", sa->n);
        }
        code = seq_differs || count_differs ? 1 : 0;
out:
        golden_trace_free(&a);
        golden_trace_free(&b);
        return code;
}
