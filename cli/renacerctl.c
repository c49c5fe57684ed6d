// SPDX-License-Identifier: MIT
/* renacerctl: the renacer command line. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "suggest.h"

struct command {
        const char *name;
        int (*fn)(int argc, char **argv);
        const char *usage; /* renacerctl help NAME */
};

static const struct command commands[] = {
    {"run", cmd_run, NULL},
    {"trace", cmd_trace, NULL},
    {"status", cmd_status,
     "Usage: renacerctl status [--json] [--socket PATH]\nThe daemon's counters.\n"},
    {"sessions", cmd_sessions,
     "Usage: renacerctl sessions [--json] [--socket PATH]\nThe sessions you can see.\n"},
    {"golden", cmd_golden,
     "Usage: renacerctl golden capture [--dir D] [--name N] -- CMD...\n"
     "       renacerctl golden check FILE [--timing] [--runs N] [--junit F] -- CMD...\n"},
    {"diff", cmd_diff,
     "Usage: renacerctl diff [-U N] A B\nCompare two traces (golden, JSON, JSON lines).\n"},
    {"policy", cmd_policy,
     "Usage: renacerctl policy check FILE...\nValidate assertion policies.\n"},
    {"reload", cmd_reload,
     "Usage: renacerctl reload [--socket PATH]\nRe-read renacerd's policy directory (root).\n"},
};

static void usage(FILE *f)
{
        fprintf(f,
                "Usage: renacerctl [--socket PATH] COMMAND [OPTIONS]\n"
                "       renacerctl [OPTIONS] CMD [ARG...]    (strace's spelling of run)\n"
                "       renacerctl [OPTIONS] -p PID...       (strace's spelling of trace)\n"
                "\n"
                "Commands:\n"
                "  run [OPTIONS] -- CMD [ARG...]   trace a command from its execve to its exit\n"
                "  trace -p PID [OPTIONS]          trace running processes (-f: all threads)\n"
                "  status                          the daemon's counters\n"
                "  sessions                        sessions you can see\n"
                "  policy check FILE...            validate assertion policies\n"
                "  reload                          re-read renacerd's policy directory (root)\n"
                "  golden capture [--dir D] [--name N] -- CMD...\n"
                "                                  write CMD's golden trace, summary, ANALYSIS.md\n"
                "  golden check FILE [--timing] [--runs N] [--junit F] -- CMD...\n"
                "                                  compare a new run with a golden trace\n"
                "  diff [-U N] A B                 compare two traces (golden, JSON, JSON lines)\n"
                "  help [COMMAND]                  this text, or a command's\n"
                "\n"
                "Global options: --socket PATH (default $RENACER_SOCKET or\n"
                "/run/renacer/renacerd.sock), -V/--version, -h/--help.\n"
                "Tracing options: renacerctl help run.\n"
                "\n"
                "Exit status: run exits with the command's status (128+N if killed by\n"
                "signal N), 127 if the command was not found, 126 if it cannot run;\n"
                "2 for usage errors, 1 for other errors, 113 when a policy assertion with\n"
                "fail_on_violation fails.\n");
}

static const struct command *find_command(const char *name)
{
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (!strcmp(commands[i].name, name))
                        return &commands[i];
        return NULL;
}

static int unknown_command(const char *name)
{
        struct suggest s;

        suggest_init(&s, name);
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                suggest_add(&s, commands[i].name);
        suggest_add(&s, "help");
        if (s.best)
                fprintf(stderr, "renacerctl: unknown command '%s' (did you mean '%s'?)\n", name,
                        s.best);
        else
                fprintf(stderr, "renacerctl: unknown command '%s' (see renacerctl --help)\n", name);
        return 2;
}

static int help(const char *name)
{
        if (!name) {
                usage(stdout);
                return 0;
        }
        const struct command *c = find_command(name);
        if (!c)
                return unknown_command(name);
        if (!c->usage)
                trace_opts_usage(stdout, !strcmp(name, "run"));
        else
                fputs(c->usage, stdout);
        return 0;
}

int main(int argc, char **argv)
{
        /* a daemon that closes on us is an error to report, not a signal */
        signal(SIGPIPE, SIG_IGN);
        int i = 1;

        /* global options before the command; --socket reaches every command
         * through the environment they all read */
        while (i < argc && argv[i][0] == '-') {
                const char *a = argv[i];
                if (!strcmp(a, "--socket") || !strncmp(a, "--socket=", 9)) {
                        const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
                        if (!v || !*v) {
                                fprintf(stderr, "renacerctl: option '--socket' needs a value\n");
                                return 2;
                        }
                        setenv("RENACER_SOCKET", v, 1);
                        i++;
                } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
                        printf("renacerctl %s\n", RENACER_VERSION);
                        return 0;
                } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
                        usage(stdout);
                        return 0;
                } else {
                        break;
                }
        }
        if (i >= argc) {
                usage(stderr);
                return 2;
        }
        /* strace's own spelling: options first, then CMD or -p PID */
        bool is_run;
        if (trace_opts_strace_style(argc - i + 1, argv + i - 1, &is_run)) {
                argv[i - 1] = (char *)(is_run ? "run" : "trace");
                return is_run ? cmd_run(argc - i + 1, argv + i - 1)
                              : cmd_trace(argc - i + 1, argv + i - 1);
        }
        const char *cmd = argv[i];
        if (!strcmp(cmd, "help"))
                return help(i + 1 < argc ? argv[i + 1] : NULL);
        const struct command *c = find_command(cmd);
        if (!c)
                return unknown_command(cmd);
        if (c->usage && i + 1 < argc &&
            (!strcmp(argv[i + 1], "--help") || !strcmp(argv[i + 1], "-h"))) {
                fputs(c->usage, stdout);
                return 0;
        }
        return c->fn(argc - i, argv + i);
}
