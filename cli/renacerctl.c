// SPDX-License-Identifier: MIT
/* renacerctl: the renacer command line. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static void usage(FILE *f)
{
        fprintf(f,
                "Usage: renacerctl COMMAND [OPTIONS]\n"
                "\n"
                "Commands:\n"
                "  run [OPTIONS] -- CMD [ARG...]   trace a command from its execve to its exit\n"
                "  trace --pid PID [OPTIONS]       trace a running process (all its threads)\n"
                "  status                          the daemon's counters\n"
                "  sessions                        sessions you can see\n"
                "  policy check FILE...            validate assertion policies\n"
                "  reload                          re-read renacerd's policy directory (root)\n"
                "  golden capture [--dir D] [--name N] -- CMD...\n"
                "                                  write CMD's golden trace, summary, ANALYSIS.md\n"
                "  golden check FILE [--timing] [--runs N] [--junit F] -- CMD...\n"
                "                                  compare a new run with a golden trace\n"
                "  diff [-U N] A B                 compare two traces (golden, JSON, JSON lines)\n"
                "\n"
                "Tracing options (strace's letters):\n"
                "  -f              follow forks\n"
                "  -c              summary only (strace -c layout); -C trace and summary\n"
                "  -T              show time spent in each call\n"
                "  -t, -tt, -ttt   timestamps: time of day, with microseconds, epoch\n"
                "  -e trace=SET    names, %%classes (%%file %%network %%process %%memory\n"
                "                  %%signal %%ipc %%desc), all, none; '!' negates\n"
                "  -s N            bytes of strings and buffers to show (default 32)\n"
                "  -o FILE         write the trace to FILE instead of stderr\n"
                "  --format F      text (default), json (renacer-json-v1) or jsonl\n"
                "  --policy FILE   check the run against a YAML assertion policy\n"
                "  --flight-recorder[=SIZE]  keep the last SIZE bytes of records (default 4M;\n"
                "                  K, M, G) and print them only if the command fails\n"
                "  --otlp[=URL]    export the session as an OTLP/HTTP trace (default URL from\n"
                "                  OTEL_EXPORTER_OTLP_*, else http://localhost:4318);\n"
                "                  TRACEPARENT parents it\n"
                "  --socket PATH   renacerd socket (default $RENACER_SOCKET or\n"
                "                  /run/renacer/renacerd.sock)\n"
                "\n"
                "Exit status: run exits with the command's status (128+N if killed by\n"
                "signal N), 127 if the command was not found, 126 if it cannot run;\n"
                "2 for usage errors, 1 for other errors, 113 when a policy assertion with\n"
                "fail_on_violation fails.\n");
}

int main(int argc, char **argv)
{
        if (argc < 2) {
                usage(stderr);
                return 2;
        }
        const char *cmd = argv[1];
        if (!strcmp(cmd, "run"))
                return cmd_run(argc - 1, argv + 1);
        if (!strcmp(cmd, "trace"))
                return cmd_trace(argc - 1, argv + 1);
        if (!strcmp(cmd, "status"))
                return cmd_status(argc - 1, argv + 1);
        if (!strcmp(cmd, "sessions"))
                return cmd_sessions(argc - 1, argv + 1);
        if (!strcmp(cmd, "golden"))
                return cmd_golden(argc - 1, argv + 1);
        if (!strcmp(cmd, "policy"))
                return cmd_policy(argc - 1, argv + 1);
        if (!strcmp(cmd, "reload"))
                return cmd_reload(argc - 1, argv + 1);
        if (!strcmp(cmd, "diff"))
                return cmd_diff(argc - 1, argv + 1);
        if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
                usage(stdout);
                return 0;
        }
        if (!strcmp(cmd, "--version")) {
                printf("renacerctl %s\n", RENACER_VERSION);
                return 0;
        }
        fprintf(stderr, "renacerctl: unknown command '%s' (see renacerctl --help)\n", cmd);
        return 2;
}
