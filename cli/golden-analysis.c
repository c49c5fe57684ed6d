// SPDX-License-Identifier: MIT
/* golden/ANALYSIS.md: one row per captured trace, written from the golden
 * files themselves, plus what the normalization does and why. */
#include "golden-analysis.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy.h"
#include "util.h"

struct row {
        char name[128];
        double wall_ms;
        unsigned long long calls;
        char top[160];
        struct golden_budget budget;
};

void golden_budget_lookup(const char *golden_dir, const char *name, struct golden_budget *out)
{
        char path[4096], err[256];
        struct policy *p;

        memset(out, 0, sizeof(*out));
        snprintf(path, sizeof(path), "%s/../policies/examples/%s.yaml", golden_dir, name);
        if (access(path, F_OK) != 0 || policy_load_file(path, &p, err, sizeof(err)) < 0)
                return;
        for (size_t i = 0; i < p->n; i++) {
                const struct policy_assertion *a = &p->assertions[i];
                if (!a->enabled)
                        continue;
                if (a->type == POLICY_CRITICAL_PATH)
                        out->max_ms = a->max_duration_ms;
                else if (a->type == POLICY_SPAN_COUNT && a->has_max_spans && !a->has_syscalls)
                        out->max_calls = a->max_spans;
        }
        policy_free(p);
}

static int by_name(const void *a, const void *b)
{
        return strcmp(((const struct row *)a)->name, ((const struct row *)b)->name);
}

/* The three most frequent syscalls: "write (23), mmap (13), mprotect (6)". */
static void top_syscalls(struct json_object *rows, char *out, size_t len)
{
        struct {
                const char *name;
                unsigned long long calls;
        } best[3] = {{0}};

        for (size_t i = 0; i < json_object_array_length(rows); i++) {
                struct json_object *r = json_object_array_get_idx(rows, i), *n, *c;
                if (!json_object_object_get_ex(r, "name", &n) ||
                    !json_object_object_get_ex(r, "calls", &c))
                        continue;
                unsigned long long calls = json_object_get_uint64(c);
                const char *name = json_object_get_string(n);
                for (int k = 0; k < 3; k++) {
                        if (!best[k].name || calls > best[k].calls ||
                            (calls == best[k].calls && strcmp(name, best[k].name) < 0)) {
                                memmove(&best[k + 1], &best[k], (size_t)(2 - k) * sizeof(best[0]));
                                best[k].name = name;
                                best[k].calls = calls;
                                break;
                        }
                }
        }
        out[0] = '\0';
        for (int k = 0; k < 3 && best[k].name; k++) {
                size_t used = strlen(out);
                snprintf(out + used, len - used, "%s%s (%llu)", k ? ", " : "", best[k].name,
                         best[k].calls);
        }
}

static int load_row(const char *dir, const char *file, struct row *r)
{
        char path[4096];
        struct json_object *doc, *v, *sum, *rows;

        snprintf(path, sizeof(path), "%s/%s", dir, file);
        doc = json_object_from_file(path);
        if (!doc)
                return -EBADMSG;
        if (!json_object_object_get_ex(doc, "normalized", &v) ||
            !json_object_object_get_ex(doc, "name", &v) ||
            !json_object_object_get_ex(doc, "summary", &sum) ||
            !json_object_object_get_ex(sum, "by_syscall", &rows)) {
                json_object_put(doc);
                return -ENOENT; /* some other JSON file */
        }
        memset(r, 0, sizeof(*r));
        json_object_object_get_ex(doc, "name", &v);
        snprintf(r->name, sizeof(r->name), "%s", json_object_get_string(v));
        if (json_object_object_get_ex(sum, "wall_time_us", &v))
                r->wall_ms = json_object_get_double(v) / 1000.0;
        if (json_object_object_get_ex(sum, "total_syscalls", &v))
                r->calls = json_object_get_uint64(v);
        top_syscalls(rows, r->top, sizeof(r->top));
        golden_budget_lookup(dir, r->name, &r->budget);
        json_object_put(doc);
        return 0;
}

static const char normalization_text[] =
    "## What is normalized, and why\n"
    "\n"
    "A golden trace stores each call as one normalized line. Normalization replaces\n"
    "exactly what changes between two runs of the same unchanged binary, and what\n"
    "changes between two Debian 12 machines with different package sets; nothing\n"
    "else, so that a change in the program's own syscall behaviour shows.\n"
    "\n"
    "| what | becomes | why it varies |\n"
    "|---|---|---|\n"
    "| pointers and mmap/brk addresses (hex of 5+ digits) | `0xADDR` | ASLR |\n"
    "| pids and tids (getpid, set_tid_address, clone, wait4, kill...) | `PID` | the "
    "kernel assigns them |\n"
    "| fd numbers above 2 | renumbered 3, 4, ... in order of first use, per process | "
    "fds inherited from the caller shift the numbering |\n"
    "| timestamps and durations | not stored in the line | wall-clock noise |\n"
    "| getrandom bytes | `VARIES` | random by definition |\n"
    "| clock reads (clock_gettime, gettimeofday, time, times, getrusage) and sleep "
    "remainders | `VARIES` | the clock |\n"
    "| execve's environment count, prlimit64's current limits | `VARIES` | the "
    "caller's environment and ulimits |\n"
    "| `st_size` in stat results, the length of file-backed mmaps | `SIZE`, `LEN` | "
    "system files (ld.so.cache) differ between machines |\n"
    "| uname's nodename | `HOST` | the machine's name |\n"
    "| what a program writes to stdout/stderr (bytes and length) | `OUTPUT`, `LEN` | "
    "it names the CPU's features and backend; the examples' own tests check their "
    "output, the golden trace checks how it is written (how many writes, to which "
    "fd) |\n"
    "\n"
    "Everything else stays: syscall names and order, paths, flags, modes, sizes of "
    "anonymous mappings, results and errors.\n"
    "\n"
    "## What `golden check` compares\n"
    "\n"
    "By default only what is exact for an unchanged binary, so the gate never fails one:\n"
    "\n"
    "- the normalized sequence (a diff with context: `-` missing, `+` extra, `-`/`+` pairs\n"
    "  changed);\n"
    "- calls and errors per syscall, exactly (`--tolerance PCT` allows a relative change);\n"
    "- the verdicts of the example's call budget (`span_count` in its policy): a pass must\n"
    "  stay a pass.\n"
    "\n"
    "Timing only when asked: `--timing` (5 runs) or `--runs N`. The figure is each run's\n"
    "total syscall time; the check fails only when the median of the new runs is above\n"
    "`median(baseline) + max(25% of it, 4 x 1.4826 x max(MAD(baseline), MAD(new)))`\n"
    "(`--timing-tolerance PCT` changes the 25%), and the wall-time budget is then checked\n"
    "on the median wall time. `golden capture --runs N` stores N baseline samples\n"
    "(`timing.samples_us`); a baseline with one sample has a MAD of 0, so the new runs'\n"
    "own spread and the 25% floor bound it. Only a slowdown fails; a faster run passes.\n"
    "\n"
    "`golden capture` rewrites `NAME.json` and `NAME_summary.txt` only when the\n"
    "normalized content changed (normalized lines, calls and errors per syscall, command,\n"
    "name); timings alone do not count. `--force` rewrites them anyway (to refresh the\n"
    "timing baseline). This file is rewritten only when its text changes.\n";

/* What follows this line in ANALYSIS.md is kept as it is by every refresh:
 * the measured false-alarm rate, written by its own script. */
static const char kept_marker[] =
    "<!-- kept by golden capture: written by tests/golden/timing-false-alarms.sh -->";

/* The kept tail of the current file (from the marker on), or NULL. */
static char *read_kept(const char *path)
{
        FILE *f = fopen(path, "re");
        char *buf = NULL, *m, *kept = NULL;
        size_t cap = 0;
        ssize_t n;

        if (!f)
                return NULL;
        n = getdelim(&buf, &cap, '\0', f);
        fclose(f);
        if (n > 0 && (m = strstr(buf, kept_marker)))
                kept = strdup(m);
        free(buf);
        return kept;
}

static bool same_as_file(const char *path, const char *buf, size_t len)
{
        FILE *f = fopen(path, "re");
        char *old = NULL;
        size_t cap = 0;
        ssize_t n;
        bool same;

        if (!f)
                return false;
        n = getdelim(&old, &cap, '\0', f);
        fclose(f);
        same = n >= 0 && (size_t)n == len && !memcmp(old, buf, len);
        free(old);
        return same;
}

int golden_analysis_write(const char *dir)
{
        DIR *d = opendir(dir);
        struct dirent *de;
        struct row *rows = NULL;
        size_t n = 0;
        char *buf = NULL, path[4096], tmp[4096];
        size_t len = 0;
        FILE *f;
        int fd, r = 0;

        if (!d)
                return -errno;
        while ((de = readdir(d))) {
                size_t l = strlen(de->d_name);
                if (l < 6 || strcmp(de->d_name + l - 5, ".json") != 0)
                        continue;
                struct row *nr = realloc(rows, (n + 1) * sizeof(*rows));
                if (!nr) {
                        r = -ENOMEM;
                        break;
                }
                rows = nr;
                if (load_row(dir, de->d_name, &rows[n]) == 0)
                        n++;
        }
        closedir(d);
        if (r < 0) {
                free(rows);
                return r;
        }
        qsort(rows, n, sizeof(*rows), by_name);

        f = open_memstream(&buf, &len);
        fprintf(f, "# Golden traces: analysis\n\n"
                   "Written by `renacerctl golden capture` from the golden files in this "
                   "directory (refreshed on every capture; do not edit by hand). Runtime is "
                   "the traced wall time from the first execve to the last exit; budgets come "
                   "from `policies/examples/<example>.yaml`.\n\n");
        fprintf(f, "| example | runtime | syscalls | top syscalls | budget | headroom |\n");
        fprintf(f, "|---|---:|---:|---|---|---|\n");
        for (size_t i = 0; i < n; i++) {
                struct row *w = &rows[i];
                char budget[96] = "none", headroom[96] = "-";
                if (w->budget.max_ms > 0 || w->budget.max_calls > 0) {
                        snprintf(budget, sizeof(budget), "< %g ms, < %llu calls", w->budget.max_ms,
                                 w->budget.max_calls);
                        snprintf(headroom, sizeof(headroom), "%.0f%% time, %.0f%% calls",
                                 w->budget.max_ms ? 100.0 * (1 - w->wall_ms / w->budget.max_ms)
                                                  : 0.0,
                                 w->budget.max_calls
                                     ? 100.0 * (1 - (double)w->calls / (double)w->budget.max_calls)
                                     : 0.0);
                }
                fprintf(f, "| %s | %.3f ms | %llu | %s | %s | %s |\n", w->name, w->wall_ms,
                        w->calls, w->top, budget, headroom);
        }
        fprintf(f, "\n%s\n", normalization_text);
        fprintf(f, "## Capturing and checking\n\n"
                   "```sh\n"
                   "tests/golden/capture-all.sh                 # re-capture all examples\n"
                   "renacerctl golden check golden/backend_detection.json -- "
                   "build/examples/backend_detection\n"
                   "```\n\n"
                   "`golden check` exits 0 on a match, 1 on a regression, 2 when the baseline is "
                   "missing or invalid, 4 when the command itself failed; `--junit FILE` writes "
                   "a JUnit report. `renacerctl diff A B` compares two traces (golden files, "
                   "renacer-json-v1 or JSON lines) the same way.\n");
        snprintf(path, sizeof(path), "%s/ANALYSIS.md", dir);
        char *kept = read_kept(path);
        if (kept) {
                fprintf(f, "\n%s", kept);
                free(kept);
        }
        fclose(f);
        free(rows);

        if (same_as_file(path, buf, len))
                goto out;
        snprintf(tmp, sizeof(tmp), "%s/.ANALYSIS.md.XXXXXX", dir);
        fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0) {
                r = -errno;
                goto out;
        }
        fchmod(fd, 0644);
        r = write_all(fd, buf, len);
        close(fd);
        if (r == 0 && rename(tmp, path) < 0)
                r = -errno;
        if (r < 0)
                unlink(tmp);
out:
        free(buf);
        return r;
}
