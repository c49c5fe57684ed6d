// SPDX-License-Identifier: MIT
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flight-ring.h"
#include "otlp-run.h"
#include "protocol.h"

const char *default_socket(void)
{
        const char *s = getenv("RENACER_SOCKET");

        return s && *s ? s : "/run/renacer/renacerd.sock";
}

/* process.command_args: 256 bytes of each argv string */
#define OTLP_CAPTURE 256

unsigned trace_opts_capture(const struct trace_opts *o)
{
        return o->otlp && o->strsize < OTLP_CAPTURE ? OTLP_CAPTURE : o->strsize;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *ret)
{
        char *end;
        unsigned long v;

        if (!*s || *s == '-' || *s == '+')
                return -EINVAL;
        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno || *end || v > max)
                return -EINVAL;
        *ret = v;
        return 0;
}

int trace_opts_parse(int argc, char **argv, bool is_run, struct trace_opts *o)
{
        static const struct option longopts[] = {
            {"format", required_argument, NULL, 'F'},
            {"socket", required_argument, NULL, 'S'},
            {"pid", required_argument, NULL, 'p'},
            {"output", required_argument, NULL, 'o'},
            {"follow-forks", no_argument, NULL, 'f'},
            {"summary-only", no_argument, NULL, 'c'},
            {"summary", no_argument, NULL, 'C'},
            {"string-limit", required_argument, NULL, 's'},
            {"expr", required_argument, NULL, 'e'},
            {"policy", required_argument, NULL, 'P'},
            {"flight-recorder", optional_argument, NULL, 'R'},
            {"otlp", optional_argument, NULL, 'O'},
            {0},
        };
        const char *cmd = is_run ? "run" : "trace";
        unsigned long v;
        int c;

        memset(o, 0, sizeof(o[0]));
        o->strsize = 32;
        o->socket = default_socket();
        filter_all(&o->compiled);
        optind = 1;
        opterr = 0;
        /* '+': stop at the first non-option, so CMD's own flags stay its own */
        while ((c = getopt_long(argc, argv, "+:fTcCte:o:s:p:", longopts, NULL)) >= 0) {
                switch (c) {
                case 'f':
                        /* -ff: with -o, one file per task (else as -f) */
                        if (o->follow)
                                o->per_task = true;
                        o->follow = true;
                        break;
                case 'T':
                        o->durations = true;
                        break;
                case 'c':
                        o->summary_only = true;
                        break;
                case 'C':
                        o->summary_too = true;
                        break;
                case 't':
                        o->timestamps = o->timestamps < 3 ? o->timestamps + 1 : 3;
                        break;
                case 'e': {
                        char err[256];
                        if (filter_parse(optarg, &o->compiled, err, sizeof(err)) < 0) {
                                fprintf(stderr, "renacerctl: invalid filter: %s\n", err);
                                return -EINVAL;
                        }
                        o->filter = optarg;
                        break;
                }
                case 'o':
                        o->output = optarg;
                        break;
                case 's':
                        if (parse_uint(optarg, PROTO_CAPTURE_MAX, &v) < 0) {
                                fprintf(stderr,
                                        "renacerctl: invalid -s '%s': need an integer 0..%u\n",
                                        optarg, PROTO_CAPTURE_MAX);
                                return -EINVAL;
                        }
                        o->strsize = (unsigned)v;
                        break;
                case 'p':
                        if (is_run || parse_uint(optarg, 0x7fffffff, &v) < 0 || v == 0) {
                                if (is_run)
                                        fprintf(stderr, "renacerctl: run does not take --pid; "
                                                        "use 'renacerctl trace --pid PID'\n");
                                else
                                        fprintf(stderr, "renacerctl: invalid pid '%s'\n", optarg);
                                return -EINVAL;
                        }
                        o->pid = (pid_t)v;
                        break;
                case 'F':
                        if (!strcmp(optarg, "text"))
                                o->format = FORMAT_TEXT;
                        else if (!strcmp(optarg, "json"))
                                o->format = FORMAT_JSON;
                        else if (!strcmp(optarg, "jsonl"))
                                o->format = FORMAT_JSONL;
                        else {
                                fprintf(stderr,
                                        "renacerctl: invalid --format '%s': use text, json or "
                                        "jsonl\n",
                                        optarg);
                                return -EINVAL;
                        }
                        break;
                case 'S':
                        o->socket = optarg;
                        break;
                case 'P':
                        o->policy = optarg;
                        /* a policy needs every call (totals, allocations,
                         * GPU calls); -e then only narrows what is shown */
                        o->trace_all = true;
                        break;
                case 'R': {
                        size_t size = FLIGHT_RING_DEFAULT;
                        if (optarg && flight_ring_parse_size(optarg, &size) < 0) {
                                fprintf(stderr,
                                        "renacerctl: invalid --flight-recorder size '%s': need "
                                        "bytes with an optional K, M or G suffix, 4K to 1G\n",
                                        optarg);
                                return -EINVAL;
                        }
                        o->flight_recorder = size;
                        break;
                }
                case 'O':
                        o->otlp = true;
                        o->otlp_url = optarg;
                        break;
                case ':':
                        fprintf(stderr, "renacerctl: option '%s' needs a value\n",
                                argv[optind - 1]);
                        return -EINVAL;
                default:
                        fprintf(stderr, "renacerctl %s: unknown option '%s' (see --help)\n", cmd,
                                argv[optind - 1]);
                        return -EINVAL;
                }
        }
        /* spans need every call and every process record; -e then only
         * narrows what is shown */
        if (!o->otlp)
                o->otlp = otlp_run_env_enabled();
        if (o->otlp)
                o->trace_all = true;
        if (!o->output)
                o->per_task = false;
        if (o->per_task && o->format != FORMAT_TEXT) {
                fprintf(stderr, "renacerctl: -ff writes text files; it does not take --format\n");
                return -EINVAL;
        }
        if (o->summary_only && o->summary_too) {
                fprintf(stderr, "renacerctl: -c and -C are mutually exclusive\n");
                return -EINVAL;
        }
        if (is_run) {
                if (optind >= argc) {
                        fprintf(stderr, "renacerctl run: no command given (usage: renacerctl run "
                                        "[OPTIONS] -- CMD [ARG...])\n");
                        return -EINVAL;
                }
                o->command = argv + optind;
        } else {
                if (optind < argc) {
                        fprintf(stderr, "renacerctl trace: unexpected argument '%s'\n",
                                argv[optind]);
                        return -EINVAL;
                }
                if (!o->pid) {
                        fprintf(stderr, "renacerctl trace: --pid PID is required\n");
                        return -EINVAL;
                }
        }
        return 0;
}
