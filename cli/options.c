// SPDX-License-Identifier: MIT
#include "options.h"

#include <asm/unistd_64.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "dumpio.h"
#include "fd-path.h"
#include "flight-ring.h"
#include "otlp-run.h"
#include "protocol.h"
#include "stack-unwind.h"
#include "suggest.h"
#include "summary.h"
#include "util.h"

const char *default_socket(void)
{
        const char *s = getenv("RENACER_SOCKET");

        return s && *s ? s : "/run/renacer/renacerd.sock";
}

/* process.command_args: 256 bytes of each argv string */
#define OTLP_CAPTURE 256

bool trace_opts_dump(const struct trace_opts *o)
{
        return dumpio_fds_any(&o->read_fds) || dumpio_fds_any(&o->write_fds);
}

bool trace_opts_env(const struct trace_opts *o)
{
        return !filter_has(&o->abbrev, __NR_execve) || !filter_has(&o->abbrev, __NR_execveat);
}

bool trace_opts_dirents(const struct trace_opts *o)
{
        return !filter_has(&o->abbrev, __NR_getdents64) && filter_has(&o->verbose, __NR_getdents64);
}

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

/* What systemctl prints on stdout for argv, at most len - 1 bytes, its
 * trailing newline cut; -ECHILD when it did not exit 0. */
static int run_capture(char *const argv[], char *out, size_t len)
{
        int p[2], status, r = 0;
        size_t have = 0;
        ssize_t n;
        pid_t pid;

        if (pipe2(p, O_CLOEXEC) < 0)
                return -errno;
        pid = fork();
        if (pid < 0) {
                r = -errno;
                close(p[0]);
                close(p[1]);
                return r;
        }
        if (pid == 0) {
                int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
                dup2(p[1], STDOUT_FILENO);
                if (null >= 0)
                        dup2(null, STDERR_FILENO);
                execvp(argv[0], argv);
                _exit(127);
        }
        close(p[1]);
        while ((n = read(p[0], out + have, len - 1 - have)) > 0 && have + (size_t)n < len - 1)
                have += (size_t)n;
        if (n > 0)
                have += (size_t)n;
        close(p[0]);
        out[have] = '\0';
        out[strcspn(out, "\n")] = '\0';
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                r = -ECHILD;
        return r;
}

/* --unit NAME: the unit's cgroup, as systemd (PID 1) says it. */
static int unit_cgroup(const char *unit, char *path, size_t len)
{
        char name[300], rel[PATH_MAX], mnt[PATH_MAX], comm[64] = "";
        int r;

        /* systemctl's own default: a name without a suffix is a service */
        snprintf(name, sizeof(name), "%s%s", unit, strchr(unit, '.') ? "" : ".service");
        if (strlen(unit) > 255 || !cgroup_unit_name_valid(name)) {
                fprintf(stderr,
                        "renacerctl: invalid --unit '%.300s': need a systemd unit name such as "
                        "NAME.service or NAME.scope\n",
                        unit);
                return -EINVAL;
        }
        /* sd_booted(): systemd creates this directory when it is PID 1 */
        if (access("/run/systemd/system", F_OK) < 0) {
                FILE *f = fopen("/proc/1/comm", "re");
                if (f) {
                        if (fgets(comm, sizeof(comm), f))
                                comm[strcspn(comm, "\n")] = '\0';
                        fclose(f);
                }
                fprintf(stderr,
                        "renacerctl: --unit %s: systemd is not running (PID 1 is %s), so no unit "
                        "has a cgroup; use --cgroup PATH\n",
                        name, comm[0] ? comm : "not systemd");
                return -EINVAL;
        }
        char *argv[] = {"systemctl", "show", "--property=ControlGroup", "--value", "--",
                        name,        NULL};
        r = run_capture(argv, rel, sizeof(rel));
        if (r < 0) {
                fprintf(stderr, "renacerctl: --unit %s: cannot ask systemd for its cgroup (%s)\n",
                        name, r == -ECHILD ? "systemctl show failed" : strerror(-r));
                return r;
        }
        if (rel[0] != '/') {
                fprintf(stderr,
                        "renacerctl: --unit %s: the unit is not running (systemd gives it no "
                        "cgroup)\n",
                        name);
                return -ENOENT;
        }
        r = cgroup_v2_mount(mnt, sizeof(mnt));
        if (r < 0) {
                fprintf(stderr, "renacerctl: --unit %s: no cgroup2 filesystem is mounted\n", name);
                return r;
        }
        if (snprintf(path, len, "%s%s", strcmp(mnt, "/") ? mnt : "", rel) >= (int)len) {
                fprintf(stderr, "renacerctl: --unit %s: its cgroup path is too long\n", name);
                return -ENAMETOOLONG;
        }
        return 0;
}

/* --cgroup PATH or --unit NAME, resolved before anything runs. */
static int resolve_scope(struct trace_opts *o, const char *arg)
{
        char unit_path[PATH_MAX], err[512];
        struct cgroup_ref cg;
        int r;

        if (o->unit) {
                r = unit_cgroup(o->unit, unit_path, sizeof(unit_path));
                if (r < 0)
                        return r;
                arg = unit_path;
        }
        r = cgroup_resolve(arg, false, &cg, err, sizeof(err));
        if (r < 0) {
                if (o->unit)
                        fprintf(stderr, "renacerctl: --unit %s: %s\n", o->unit, err);
                else
                        fprintf(stderr, "renacerctl: --cgroup %s: %s\n", arg, err);
                return r;
        }
        o->cgroup = strdup(cg.path);
        if (!o->cgroup) {
                fprintf(stderr, "renacerctl: out of memory\n");
                return -ENOMEM;
        }
        return 0;
}

/* Long-only options take codes above any letter. */
enum {
        OPT_FORMAT = 256,
        OPT_SOCKET,
        OPT_POLICY,
        OPT_FLIGHT,
        OPT_OTLP,
        OPT_HELP,
        OPT_STACK_TRACE,
        OPT_SOURCE,
        OPT_STACK_MODE,
        OPT_CGROUP,
        OPT_UNIT,
        OPT_DECODE_FDS,
        OPT_CAUSAL,
        OPT_CRITICAL_PATH,
        OPT_READ,
        OPT_WRITE,
        OPT_RAW,
        OPT_VERBOSE,
        OPT_ABBREV,
};

static const struct option longopts[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {"socket", required_argument, NULL, OPT_SOCKET},
    {"pid", required_argument, NULL, 'p'},
    {"attach", required_argument, NULL, 'p'},
    {"output", required_argument, NULL, 'o'},
    {"follow-forks", no_argument, NULL, 'f'},
    {"summary-only", no_argument, NULL, 'c'},
    {"summary", no_argument, NULL, 'C'},
    {"summary-wall-clock", no_argument, NULL, 'w'},
    {"string-limit", required_argument, NULL, 's'},
    {"expr", required_argument, NULL, 'e'},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"flight-recorder", optional_argument, NULL, OPT_FLIGHT},
    {"otlp", optional_argument, NULL, OPT_OTLP},
    {"help", no_argument, NULL, OPT_HELP},
    {"stack-trace", optional_argument, NULL, OPT_STACK_TRACE},
    {"stack-traces", optional_argument, NULL, OPT_STACK_TRACE},
    {"source", no_argument, NULL, OPT_SOURCE},
    {"stack-mode", required_argument, NULL, OPT_STACK_MODE},
    {"cgroup", required_argument, NULL, OPT_CGROUP},
    {"unit", required_argument, NULL, OPT_UNIT},
    {"causal", no_argument, NULL, OPT_CAUSAL},
    {"critical-path", no_argument, NULL, OPT_CRITICAL_PATH},
    {"syscall-times", no_argument, NULL, 'T'},
    {"relative-timestamps", no_argument, NULL, 'r'},
    {"successful-only", no_argument, NULL, 'z'},
    {"failed-only", no_argument, NULL, 'Z'},
    {"quiet", optional_argument, NULL, 'q'},
    {"columns", required_argument, NULL, 'a'},
    {"summary-columns", required_argument, NULL, 'U'},
    {"decode-fds", optional_argument, NULL, OPT_DECODE_FDS},
    {"read", required_argument, NULL, OPT_READ},
    {"no-abbrev", no_argument, NULL, 'v'},
    {"raw", required_argument, NULL, OPT_RAW},
    {"verbose", required_argument, NULL, OPT_VERBOSE},
    {"abbrev", required_argument, NULL, OPT_ABBREV},
    {"write", required_argument, NULL, OPT_WRITE},
    {"trace-path", required_argument, NULL, 'P'},
    {"summary-sort-by", required_argument, NULL, 'S'},
    {"user", required_argument, NULL, 'u'},
    {"env", required_argument, NULL, 'E'},
    {0},
};

/* strace 6.1's letters this renacerctl does not have (yet): named in one
 * line, exit 2, rather than misread. */
static const char unsupported_letters[] = "inbDIXdAFY";
#define SHORTOPTS "+:fTcCtrzZqwxhVe:o:s:p:a:u:E:yvP:S:U:kinb:DIX:dA"

void trace_opts_usage(FILE *f, bool is_run)
{
        if (is_run)
                fprintf(f, "Usage: renacerctl run [OPTIONS] [--] CMD [ARG...]\n"
                           "Trace CMD from its execve to its exit.\n\n");
        else
                fprintf(f, "Usage: renacerctl trace -p PID [-p PID...] [OPTIONS]\n"
                           "       renacerctl trace --cgroup PATH | --unit NAME [OPTIONS]\n"
                           "Trace running processes (-f: all threads) until ^C or their exit;\n"
                           "or every process of a cgroup v2 and its sub-cgroups, now and later,\n"
                           "until ^C or the cgroup's removal.\n\n");
        fprintf(f,
                "Options (strace's letters and meaning):\n"
                "  -f              follow forks; -ff with -o P: one file P.TID per task\n"
                "  -c              summary only (strace -c layout); -C trace and summary\n"
                "  -w              summary of wall-clock latency (what -c always measures)\n"
                "  -S SORTBY       sort the summary: time, min-time, max-time, avg-time, calls,\n"
                "                  errors, name, nothing\n"
                "  -U COLUMNS      summary columns: time-percent, total-time, min-time, max-time,\n"
                "                  avg-time, calls, errors, name\n"
                "  -T              time spent in each call\n"
                "  -t, -tt, -ttt   timestamps: time of day, with microseconds, epoch\n"
                "  -r              relative timestamp: time since the previous call began\n"
                "  -e trace=SET    names, /REGEX, ?name, %%classes, all, none; '!' negates\n"
                "  -e signal=SET   signals whose delivery is shown (default all)\n"
                "  -e status=SET   successful, failed, unfinished, unavailable, detached\n"
                "  -e quiet=SET    attach, exit, path-resolution, personality, thread-execve\n"
                "  -z, -Z          only successful / only failed calls\n"
                "  -q, -qq         no attach messages; no exit lines either\n"
                "  -a N            align results at column N (default 40)\n"
                "  -x, -xx         non-ASCII strings in hex; all strings in hex\n"
                "  -v              unabbreviated structures (stat, statx, rusage, utsname),\n"
                "                  argv past -s elements, execve's environment (also\n"
                "                  --no-abbrev; -e abbrev=SET: only the calls in SET abbreviated)\n"
                "  -e verbose=SET  structures decoded only for the calls in SET (default all);\n"
                "                  the others print them as addresses, as strace does\n"
                "  -e raw=SET      the calls in SET with their arguments undecoded, in hex\n"
                "  -P PATH         only calls touching PATH (by path or by fd); may be repeated\n"
                "  -e read=SET     hex dump of the data read from the fds in SET (also\n"
                "                  --read=SET); -e write=SET, --write=SET: written to them;\n"
                "                  at most %u bytes of a buffer, then a marker line\n"
                "  -y, -yy         fds with their paths; and sockets' endpoints, devices\n"
                "                  (--decode-fds=SET: path, socket, dev, pidfd, all, none)\n"
                "  -s N            bytes of strings and buffers to show (default 32)\n"
                "  -k              each call's user stack (strace -k); -kk, --source add\n"
                "                  file:line from DWARF\n"
                "  --stack-mode M  auto (default: DWARF CFI, frame pointers where that\n"
                "                  fails), dwarf, or fp (frame pointers only, cheapest)\n"
                "  -o FILE         write the trace to FILE (created 0666 & ~umask)\n"
                "  -p PID          (trace) a process to trace; may be repeated\n"
                "  --cgroup PATH   (trace) a cgroup v2 directory (absolute, or relative to\n"
                "                  /sys/fs/cgroup) with its sub-cgroups\n"
                "  --unit NAME     (trace) a systemd unit's cgroup (NAME.service, ...)\n"
                "  -u USER         (run) run CMD as USER, with USER's groups\n"
                "  -E VAR=VAL      (run) put VAR=VAL in CMD's environment; -E VAR removes it\n"
                "  --format F      text (default), json (renacer-json-v1), jsonl, or\n"
                "                  perfetto (trace-event JSON for ui.perfetto.dev)\n"
                "  --causal        Lamport clocks and happens-before edges on every\n"
                "                  json/jsonl record; follows forks\n"
                "  --critical-path instead of the trace, the longest causal chain to the\n"
                "                  last exit, each segment's share of wall time\n"
                "  --policy FILE   check the run against a YAML assertion policy\n"
                "  --flight-recorder[=SIZE]  keep the last SIZE bytes; print only on failure\n"
                "  --otlp[=URL]    export the session as an OTLP/HTTP trace (default URL from\n"
                "                  OTEL_EXPORTER_OTLP_*, else http://localhost:4318);\n"
                "                  TRACEPARENT parents it\n"
                "  --socket PATH   renacerd socket (default $RENACER_SOCKET or\n"
                "                  /run/renacer/renacerd.sock)\n",
                PROTO_CAPTURE_MAX);
}

/* The closest long option or letter for an unknown one. */
static void say_unknown_option(const char *cmd, const char *arg)
{
        const char *name = arg;
        char letters[2] = "";
        struct suggest s;

        while (*name == '-')
                name++;
        char word[64];
        snprintf(word, sizeof(word), "%.*s", (int)strcspn(name, "="), name);
        suggest_init(&s, word);
        for (const struct option *lo = longopts; lo->name; lo++)
                suggest_add(&s, lo->name);
        if (s.best) {
                fprintf(stderr, "renacerctl %s: unknown option '%s' (did you mean '--%s'?)\n", cmd,
                        arg, s.best);
                return;
        }
        (void)letters;
        fprintf(stderr, "renacerctl %s: unknown option '%s' (see renacerctl %s --help)\n", cmd, arg,
                cmd);
}

/* A comma-separated set of words from names[], "all", "none", with a
 * leading '!' negating it. Returns the bit mask or -1 after naming the
 * offending word. */
static long parse_word_set(const char *what, const char *set, const char *const *names,
                           const unsigned *bits, size_t n, unsigned all)
{
        bool negate = set[0] == '!';
        unsigned mask = 0;
        char buf[256];

        snprintf(buf, sizeof(buf), "%s", set + negate);
        if (!buf[0]) {
                fprintf(stderr, "renacerctl: invalid -e %s=: empty set\n", what);
                return -1;
        }
        for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
                if (!strcmp(w, "all")) {
                        mask = all;
                        continue;
                }
                if (!strcmp(w, "none"))
                        continue;
                size_t i;
                for (i = 0; i < n && strcmp(w, names[i]); i++)
                        ;
                if (i == n) {
                        struct suggest s;
                        suggest_init(&s, w);
                        for (size_t k = 0; k < n; k++)
                                suggest_add(&s, names[k]);
                        fprintf(stderr, "renacerctl: invalid -e %s=: unknown '%s'%s%s%s\n", what, w,
                                s.best ? " (did you mean '" : "", s.best ? s.best : "",
                                s.best ? "'?)" : "");
                        return -1;
                }
                mask |= bits[i];
        }
        return negate ? (long)(all & ~mask) : (long)mask;
}

/* -e signal=SET: names with or without SIG, numbers, all, none, '!'. */
static int parse_signal_set(const char *set, uint64_t *ret)
{
        bool negate = set[0] == '!';
        uint64_t mask = 0;
        char buf[512];

        snprintf(buf, sizeof(buf), "%s", set + negate);
        if (!buf[0]) {
                fprintf(stderr, "renacerctl: invalid -e signal=: empty set\n");
                return -EINVAL;
        }
        for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
                int sig = 0;
                if (!strcmp(w, "all")) {
                        mask = ~0ULL;
                        continue;
                }
                if (!strcmp(w, "none"))
                        continue;
                if (w[0] >= '0' && w[0] <= '9') {
                        unsigned long v;
                        if (parse_uint(w, 64, &v) == 0 && v >= 1)
                                sig = (int)v;
                } else {
                        const char *name = strncasecmp(w, "SIG", 3) ? w : w + 3;
                        for (int i = 1; i < 65 && !sig; i++) {
                                const char *abbrev = sigabbrev_np(i);
                                if (abbrev && !strcasecmp(abbrev, name))
                                        sig = i;
                        }
                }
                if (!sig) {
                        fprintf(stderr, "renacerctl: invalid -e signal=: unknown signal '%s'\n", w);
                        return -EINVAL;
                }
                mask |= 1ULL << (sig - 1);
        }
        *ret = negate ? ~mask : mask;
        return 0;
}

static const char *const decode_fds_names[] = {"path", "socket", "dev", "pidfd"};
static const unsigned decode_fds_bits[] = {FDPATH_PATH, FDPATH_SOCKET, FDPATH_DEV, FDPATH_PIDFD};

static const char *const status_names[] = {"successful", "failed", "unfinished", "unavailable",
                                           "detached"};
static const unsigned status_bits[] = {STATUS_SUCCESSFUL, STATUS_FAILED, STATUS_UNFINISHED,
                                       STATUS_UNAVAILABLE, STATUS_DETACHED};

#define QUIET_ATTACH      0x01
#define QUIET_EXIT        0x02
#define QUIET_PATH        0x04
#define QUIET_PERSONALITY 0x08
#define QUIET_THREAD_EXEC 0x10
#define QUIET_SUPERSEDED  0x20
#define QUIET_ALL         0x3f
static const char *const quiet_names[] = {"attach",      "exit",          "path-resolution",
                                          "personality", "thread-execve", "superseded"};
static const unsigned quiet_bits[] = {QUIET_ATTACH,      QUIET_EXIT,        QUIET_PATH,
                                      QUIET_PERSONALITY, QUIET_THREAD_EXEC, QUIET_SUPERSEDED};

static void apply_quiet(struct trace_opts *o, unsigned mask)
{
        o->quiet_attach = mask & QUIET_ATTACH;
        o->quiet_exit = mask & QUIET_EXIT;
        o->quiet_path = mask & QUIET_PATH;
}

/* -e read=SET, -e write=SET: strace's descriptor sets; a later one
 * replaces an earlier one, as strace's qualify_tokens() does. */
static int parse_dumpio_fds(const char *what, const char *set, struct dumpio_fds *out)
{
        const char *bad = set;
        size_t len = strlen(set);
        int r = dumpio_fds_parse(set, out, &bad, &len);

        if (r == -E2BIG)
                fprintf(stderr, "renacerctl: invalid -e %s=: more than %d descriptors\n", what,
                        DUMPIO_FDS_MAX);
        else if (r < 0)
                fprintf(stderr, "renacerctl: invalid -e %s=: invalid descriptor '%.*s'\n", what,
                        (int)MIN(len, (size_t)256), bad);
        return r;
}

/* -e QUALIFIER=SET, strace's qualifiers. trace= goes to the kernel filter;
 * the others are display options. */
static int parse_expr(const char *arg, struct trace_opts *o, int *ntrace)
{
        const char *eq = strchr(arg, '=');
        size_t qlen = eq ? (size_t)(eq - arg) : 0;
        const char *set = eq ? eq + 1 : arg;
        char q[32];

        snprintf(q, sizeof(q), "%.*s", (int)MIN(qlen, sizeof(q) - 1), arg);
        if (!eq || !strcmp(q, "trace") || !strcmp(q, "t")) {
                char err[320];
                struct filter f;
                /* it travels in one request: say so before renacerd would */
                if (strlen(arg) >= PROTO_FILTER_MAX) {
                        fprintf(stderr,
                                "renacerctl: -e expression is %zu bytes, longer than the %u-byte "
                                "limit\n",
                                strlen(arg), PROTO_FILTER_MAX - 1);
                        return -EINVAL;
                }
                if (filter_parse(arg, &f, err, sizeof(err)) < 0) {
                        fprintf(stderr, "renacerctl: invalid -e %s: %s\n", arg, err);
                        return -EINVAL;
                }
                if (++*ntrace > 1) {
                        fprintf(stderr, "renacerctl: -e trace= given twice: put the syscalls in "
                                        "one set (-e trace=a,b)\n");
                        return -EINVAL;
                }
                o->compiled = f;
                o->filter = arg;
                return 0;
        }
        if (!strcmp(q, "decode-fds") || !strcmp(q, "decode_fds")) {
                long m = parse_word_set("decode-fds", set, decode_fds_names, decode_fds_bits,
                                        ARRAY_SIZE(decode_fds_names), FDPATH_ALL);
                if (m < 0)
                        return -EINVAL;
                o->decode_fds = (unsigned)m;
                o->decode_fds_given = true;
                return 0;
        }
        if (!strcmp(q, "signal") || !strcmp(q, "signals") || !strcmp(q, "s"))
                return parse_signal_set(set, &o->signals);
        if (!strcmp(q, "status")) {
                long m = parse_word_set("status", set, status_names, status_bits,
                                        ARRAY_SIZE(status_names), STATUS_ALL);
                if (m < 0)
                        return -EINVAL;
                o->status = (unsigned)m;
                return 0;
        }
        if (!strcmp(q, "quiet") || !strcmp(q, "silent") || !strcmp(q, "silence") ||
            !strcmp(q, "q")) {
                long m = parse_word_set("quiet", set, quiet_names, quiet_bits,
                                        ARRAY_SIZE(quiet_names), QUIET_ALL);
                if (m < 0)
                        return -EINVAL;
                apply_quiet(o, (unsigned)m);
                return 0;
        }
        if (!strcmp(q, "read") || !strcmp(q, "reads") || !strcmp(q, "r"))
                return parse_dumpio_fds("read", set, &o->read_fds);
        if (!strcmp(q, "write") || !strcmp(q, "writes") || !strcmp(q, "w"))
                return parse_dumpio_fds("write", set, &o->write_fds);
        if (!strcmp(q, "abbrev") || !strcmp(q, "a") || !strcmp(q, "raw") || !strcmp(q, "x") ||
            !strcmp(q, "verbose") || !strcmp(q, "v")) {
                char err[320];
                struct filter *f = q[0] == 'a' ? &o->abbrev : q[0] == 'v' ? &o->verbose : &o->raw;
                if (filter_parse(set, f, err, sizeof(err)) < 0) {
                        fprintf(stderr, "renacerctl: invalid -e %s: %s\n", arg, err);
                        return -EINVAL;
                }
                return 0;
        }
        static const char *const known[] = {"fault", "inject", "kvm", "decode-pids"};
        for (size_t i = 0; i < ARRAY_SIZE(known); i++)
                if (!strcmp(q, known[i])) {
                        fprintf(stderr, "renacerctl: -e %s= is not supported\n", q);
                        return -EINVAL;
                }
        struct suggest s;
        suggest_init(&s, q);
        static const char *const quals[] = {"trace", "signal", "status",  "quiet", "read",
                                            "write", "abbrev", "verbose", "raw"};
        for (size_t i = 0; i < ARRAY_SIZE(quals); i++)
                suggest_add(&s, quals[i]);
        fprintf(stderr, "renacerctl: invalid -e %s: unknown qualifier '%s'%s%s%s\n", arg, q,
                s.best ? " (did you mean '" : "", s.best ? s.best : "", s.best ? "'?)" : "");
        return -EINVAL;
}

/* -U COLUMNS: strace's names; a wrong or repeated one is named. */
static int parse_columns(const char *arg, struct trace_opts *o)
{
        const char *bad;
        size_t len;
        int r = summary_columns_parse(arg, &o->columns, &bad, &len);

        if (r == -EEXIST) {
                fprintf(stderr, "renacerctl: invalid -U '%s': column '%.*s' given twice\n", arg,
                        (int)len, bad);
                return r;
        }
        if (r < 0) {
                char word[64];
                struct suggest s;
                snprintf(word, sizeof(word), "%.*s", (int)MIN(len, sizeof(word) - 1), bad);
                suggest_init(&s, word);
                for (size_t i = 0; summary_column_name(i); i++)
                        suggest_add(&s, summary_column_name(i));
                fprintf(stderr, "renacerctl: invalid -U '%s': unknown column '%s'%s%s%s\n", arg,
                        word, s.best ? " (did you mean '" : "", s.best ? s.best : "",
                        s.best ? "'?)" : "");
        }
        return r;
}

/* -p PID, or several separated by commas or spaces, as strace takes them. */
static int add_pids(const char *arg, struct trace_opts *o)
{
        char buf[1024];
        unsigned long v;

        snprintf(buf, sizeof(buf), "%s", arg);
        char *save = NULL, *w = strtok_r(buf, ", \t", &save);
        if (!w) {
                fprintf(stderr, "renacerctl: invalid pid '%s'\n", arg);
                return -EINVAL;
        }
        for (; w; w = strtok_r(NULL, ", \t", &save)) {
                if (parse_uint(w, 0x7fffffff, &v) < 0 || v == 0) {
                        fprintf(stderr, "renacerctl: invalid pid '%s'\n", w);
                        return -EINVAL;
                }
                bool dup = false;
                for (size_t i = 0; i < o->npids; i++)
                        dup |= o->pids[i] == (pid_t)v;
                if (dup)
                        continue;
                if (o->npids == TRACE_PIDS_MAX) {
                        fprintf(stderr, "renacerctl: at most %d processes per trace\n",
                                TRACE_PIDS_MAX);
                        return -EINVAL;
                }
                o->pids[o->npids++] = (pid_t)v;
        }
        return 0;
}

/* -P PATH: strace takes any path, one that does not exist yet too (the
 * calls that would create it); renacer refuses only what no call can
 * name: an empty path, or one of PATH_MAX bytes or more. */
static int add_path(const char *arg, struct trace_opts *o)
{
        if (!arg[0]) {
                fprintf(stderr, "renacerctl: invalid -P '': empty path\n");
                return -EINVAL;
        }
        if (strlen(arg) >= PATH_MAX) {
                fprintf(stderr, "renacerctl: invalid -P: path of %zu bytes, longer than PATH_MAX\n",
                        strlen(arg));
                return -EINVAL;
        }
        if (o->nresolved == TRACE_PATHS_MAX) {
                fprintf(stderr, "renacerctl: at most %d -P paths\n", TRACE_PATHS_MAX);
                return -EINVAL;
        }
        for (size_t i = 0; i < o->npaths; i++)
                if (!strcmp(o->paths[i], arg))
                        return 0;
        o->paths[o->npaths++] = arg;
        char *real = realpath(arg, NULL);
        if (!real)
                return 0;
        bool known = false;
        for (size_t i = 0; i < o->npaths; i++)
                known |= !strcmp(o->paths[i], real);
        if (known) {
                free(real);
                return 0;
        }
        o->resolved[o->nresolved++] = real;
        o->paths[o->npaths++] = real;
        /* as strace says it (-qqq or -e quiet=path-resolution: not) */
        if (!o->quiet_path)
                fprintf(stderr, "renacerctl: Requested path \"%s\" resolved into \"%s\"\n", arg,
                        real);
        return 0;
}

void trace_opts_free(struct trace_opts *o)
{
        for (size_t i = 0; i < o->nresolved; i++)
                free(o->resolved[i]);
        o->nresolved = o->npaths = 0;
        free(o->cgroup);
        o->cgroup = NULL;
        free(o->env_ops);
        o->env_ops = NULL;
        o->nenv = 0;
}

bool trace_opts_strace_style(int argc, char **argv, bool *is_run)
{
        int c;

        if (argc < 2 || argv[1][0] != '-' || !argv[1][1])
                return false;
        optind = 1;
        opterr = 0;
        *is_run = true;
        while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) >= 0)
                if (c == 'p' || c == OPT_CGROUP || c == OPT_UNIT)
                        *is_run = false;
        return true;
}

int trace_opts_parse(int argc, char **argv, bool is_run, struct trace_opts *o)
{
        const char *cmd = is_run ? "run" : "trace";
        const char *cgroup_arg = NULL;
        unsigned long v;
        int c, ntrace = 0, nq = 0, ny = 0;

        trace_opts_init(o);
        o->socket = default_socket();
        optind = 1;
        opterr = 0;
        /* '+': stop at the first non-option, so CMD's own flags stay its own */
        while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) >= 0) {
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
                case 'w':
                        /* renacer's summaries always time calls from entry to
                         * exit: the wall-clock latency strace's -w asks for */
                        break;
                case 't':
                        o->timestamps = o->timestamps < 3 ? o->timestamps + 1 : 3;
                        break;
                case 'r':
                        o->relative = true;
                        break;
                case 'z':
                        o->status = STATUS_SUCCESSFUL;
                        break;
                case 'Z':
                        o->status = STATUS_FAILED;
                        break;
                case 'q':
                        if (optarg) {
                                long m = parse_word_set("quiet", optarg, quiet_names, quiet_bits,
                                                        ARRAY_SIZE(quiet_names), QUIET_ALL);
                                if (m < 0)
                                        return -EINVAL;
                                apply_quiet(o, (unsigned)m);
                                break;
                        }
                        /* -q: attach messages; -qq: exit lines too; -qqq: all */
                        nq++;
                        apply_quiet(o, nq == 1   ? QUIET_ATTACH | QUIET_PERSONALITY
                                       : nq == 2 ? QUIET_ATTACH | QUIET_PERSONALITY | QUIET_EXIT
                                                 : QUIET_ALL);
                        break;
                case 'x':
                        o->hex = o->hex < 2 ? o->hex + 1 : 2;
                        break;
                case 'v':
                        /* strace: -e abbrev=none */
                        memset(&o->abbrev, 0, sizeof(o->abbrev));
                        break;
                case 'y':
                        /* -y: paths; -yy: everything strace knows */
                        ny++;
                        break;
                case OPT_READ:
                case OPT_WRITE:
                        if (parse_dumpio_fds(c == OPT_READ ? "read" : "write", optarg,
                                             c == OPT_READ ? &o->read_fds : &o->write_fds) < 0)
                                return -EINVAL;
                        break;
                case OPT_DECODE_FDS: {
                        long m = optarg ? parse_word_set("decode-fds", optarg, decode_fds_names,
                                                         decode_fds_bits,
                                                         ARRAY_SIZE(decode_fds_names), FDPATH_ALL)
                                        : FDPATH_PATH;
                        if (m < 0)
                                return -EINVAL;
                        o->decode_fds = (unsigned)m;
                        o->decode_fds_given = true;
                        break;
                }
                case 'S': {
                        enum summary_sort sort;
                        if (summary_sort_parse(optarg, &sort) < 0) {
                                fprintf(stderr,
                                        "renacerctl: invalid -S '%s': use time, min-time, "
                                        "max-time, avg-time, calls, errors, name or nothing\n",
                                        optarg);
                                return -EINVAL;
                        }
                        o->sortby = (int)sort;
                        break;
                }
                case 'U':
                        if (parse_columns(optarg, o) < 0)
                                return -EINVAL;
                        break;
                case 'P':
                        if (add_path(optarg, o) < 0)
                                return -EINVAL;
                        break;
                case 'a':
                        if (parse_uint(optarg, 1000, &v) < 0) {
                                fprintf(stderr,
                                        "renacerctl: invalid -a '%s': need an integer 0..1000\n",
                                        optarg);
                                return -EINVAL;
                        }
                        o->column = (unsigned)v;
                        break;
                case 'e':
                        if (parse_expr(optarg, o, &ntrace) < 0)
                                return -EINVAL;
                        break;
                case OPT_RAW:
                case OPT_VERBOSE:
                case OPT_ABBREV: {
                        /* strace's --raw=SET is -e raw=SET, and so on */
                        char expr[PROTO_FILTER_MAX + 16];
                        snprintf(expr, sizeof(expr), "%s=%s",
                                 c == OPT_RAW       ? "raw"
                                 : c == OPT_VERBOSE ? "verbose"
                                                    : "abbrev",
                                 optarg);
                        if (parse_expr(expr, o, &ntrace) < 0)
                                return -EINVAL;
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
                        if (is_run) {
                                fprintf(stderr, "renacerctl: run does not take -p; use "
                                                "'renacerctl trace -p PID'\n");
                                return -EINVAL;
                        }
                        if (add_pids(optarg, o) < 0)
                                return -EINVAL;
                        break;
                case 'u':
                        if (!is_run) {
                                fprintf(stderr, "renacerctl: -u is for run: trace follows "
                                                "processes as they are\n");
                                return -EINVAL;
                        }
                        o->user = optarg;
                        break;
                case 'E': {
                        if (!is_run) {
                                fprintf(stderr, "renacerctl: -E is for run\n");
                                return -EINVAL;
                        }
                        if (!optarg[0] || optarg[0] == '=') {
                                fprintf(stderr,
                                        "renacerctl: invalid -E '%s': need VAR=VAL or VAR\n",
                                        optarg);
                                return -EINVAL;
                        }
                        char **ops = realloc(o->env_ops, (o->nenv + 1) * sizeof(*ops));
                        if (!ops) {
                                fprintf(stderr, "renacerctl: out of memory\n");
                                return -ENOMEM;
                        }
                        o->env_ops = ops;
                        o->env_ops[o->nenv++] = optarg;
                        break;
                }
                case OPT_FORMAT:
                        if (!strcmp(optarg, "text"))
                                o->format = FORMAT_TEXT;
                        else if (!strcmp(optarg, "json"))
                                o->format = FORMAT_JSON;
                        else if (!strcmp(optarg, "jsonl"))
                                o->format = FORMAT_JSONL;
                        else if (!strcmp(optarg, "perfetto"))
                                o->format = FORMAT_PERFETTO;
                        else {
                                fprintf(stderr,
                                        "renacerctl: invalid --format '%s': use text, json, "
                                        "jsonl or perfetto\n",
                                        optarg);
                                return -EINVAL;
                        }
                        break;
                case OPT_SOCKET:
                        o->socket = optarg;
                        break;
                case OPT_CAUSAL:
                        o->causal = true;
                        break;
                case OPT_CRITICAL_PATH:
                        o->critical_path = true;
                        break;
                case OPT_POLICY:
                        o->policy = optarg;
                        /* a policy needs every call (totals, allocations,
                         * GPU calls); -e then only narrows what is shown */
                        o->trace_all = true;
                        break;
                case OPT_FLIGHT: {
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
                case OPT_OTLP:
                        o->otlp = true;
                        o->otlp_url = optarg;
                        break;
                case 'k':
                        o->stack = o->stack < 2 ? o->stack + 1 : 2;
                        break;
                case OPT_STACK_TRACE: /* strace's --stack-trace[=symbol|source] */
                        if (!optarg || !strcmp(optarg, "symbol"))
                                o->stack = o->stack > 1 ? o->stack : 1;
                        else if (!strcmp(optarg, "source"))
                                o->stack = 2;
                        else {
                                fprintf(stderr,
                                        "renacerctl: invalid --stack-trace '%s': use symbol or "
                                        "source\n",
                                        optarg);
                                return -EINVAL;
                        }
                        break;
                case OPT_SOURCE: /* the old tool's --source: source-correlated calls */
                        o->stack = 2;
                        break;
                case OPT_STACK_MODE: {
                        enum unwind_mode m;
                        if (unwind_mode_parse(optarg, &m) < 0) {
                                fprintf(stderr,
                                        "renacerctl: invalid --stack-mode '%s': use auto, fp or "
                                        "dwarf\n",
                                        optarg);
                                return -EINVAL;
                        }
                        o->stack_mode = (int)m;
                        break;
                }
                case OPT_CGROUP:
                case OPT_UNIT:
                        if (is_run) {
                                fprintf(stderr,
                                        "renacerctl: run does not take --%s; use 'renacerctl "
                                        "trace --%s'\n",
                                        c == OPT_CGROUP ? "cgroup" : "unit",
                                        c == OPT_CGROUP ? "cgroup" : "unit");
                                return -EINVAL;
                        }
                        if (cgroup_arg || o->unit) {
                                fprintf(stderr, "renacerctl: trace takes one --cgroup or --unit\n");
                                return -EINVAL;
                        }
                        if (c == OPT_CGROUP)
                                cgroup_arg = optarg;
                        else
                                o->unit = optarg;
                        break;
                case OPT_HELP:
                case 'h':
                        trace_opts_usage(stdout, is_run);
                        return 1;
                case 'V':
                        printf("renacerctl %s\n", RENACER_VERSION);
                        return 1;
                case ':':
                        fprintf(stderr, "renacerctl: option '%s' needs a value\n",
                                argv[optind - 1]);
                        return -EINVAL;
                case '?':
                        if (optopt && optopt < 256 && strchr(unsupported_letters, optopt)) {
                                fprintf(stderr, "renacerctl: -%c is not supported\n", optopt);
                                return -EINVAL;
                        }
                        say_unknown_option(cmd, argv[optind - 1]);
                        return -EINVAL;
                default:
                        if (c < 256 && strchr(unsupported_letters, c)) {
                                fprintf(stderr, "renacerctl: -%c is not supported\n", c);
                                return -EINVAL;
                        }
                        say_unknown_option(cmd, argv[optind - 1]);
                        return -EINVAL;
                }
        }
        /* spans need every call and every process record; -e then only
         * narrows what is shown */
        if (!o->otlp)
                o->otlp = otlp_run_env_enabled();
        if (o->otlp)
                o->trace_all = true;
        if (ny) {
                if (o->decode_fds_given) {
                        fprintf(stderr, "renacerctl: -y and --decode-fds cannot be given "
                                        "together\n");
                        return -EINVAL;
                }
                o->decode_fds = ny == 1 ? FDPATH_PATH : FDPATH_ALL;
        }
        /* -y keeps the fd tables from every call that changes them, shown
         * by -e or not: the kernel sends them all, -e narrows the display */
        if (o->decode_fds || o->npaths)
                o->trace_all = true;
        /* strace without -f traces the thread it starts or is given, not the
         * others; a policy or a span tree wants the whole process */
        o->one_task = !o->follow && !o->policy && !o->otlp;
        if (o->npaths && (o->summary_only || o->summary_too)) {
                fprintf(stderr, "renacerctl: -P with -c or -C is not supported: the kernel counts "
                                "every call, not those of a path\n");
                return -EINVAL;
        }
        if (!o->output)
                o->per_task = false;
        if (o->per_task && o->format != FORMAT_TEXT) {
                fprintf(stderr, "renacerctl: -ff writes text files; it does not take --format\n");
                return -EINVAL;
        }
        if ((dumpio_fds_any(&o->read_fds) || dumpio_fds_any(&o->write_fds)) &&
            o->format != FORMAT_TEXT) {
                fprintf(stderr, "renacerctl: -e read=/write= dumps are text lines; they do not "
                                "take --format\n");
                return -EINVAL;
        }
        if (o->critical_path && (o->format == FORMAT_JSON || o->format == FORMAT_JSONL)) {
                fprintf(stderr, "renacerctl: --critical-path prints a text report; it takes "
                                "--format text or perfetto\n");
                return -EINVAL;
        }
        /* edges need every call of every task: the kernel traces them all */
        if (o->critical_path || o->format == FORMAT_PERFETTO)
                o->causal = true;
        if (o->causal) {
                o->follow = true;
                o->trace_all = true;
        }
        if (o->summary_only && o->summary_too) {
                fprintf(stderr, "renacerctl: -c and -C are mutually exclusive\n");
                return -EINVAL;
        }
        if (o->relative && o->timestamps) {
                /* strace 6.1 prints -r's delta only when no -t is given */
                o->relative = false;
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
                if ((cgroup_arg || o->unit) && o->npids) {
                        fprintf(stderr, "renacerctl trace: -p and --%s exclude each other\n",
                                o->unit ? "unit" : "cgroup");
                        return -EINVAL;
                }
                if (cgroup_arg || o->unit) {
                        return resolve_scope(o, cgroup_arg) < 0 ? -EINVAL : 0;
                }
                if (!o->npids) {
                        fprintf(stderr, "renacerctl trace: -p PID, --cgroup PATH or --unit NAME is "
                                        "required\n");
                        return -EINVAL;
                }
                o->pid = o->pids[0];
        }
        return 0;
}
