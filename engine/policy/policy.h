/* SPDX-License-Identifier: MIT */
/*
 * Assertion policies: YAML files of performance budgets that a traced run is
 * checked against (renacer.toml's [[assertion]] tables, one to one).
 *
 *   version: 1                   # schema version, required
 *   match:                       # optional: daemon-wide policies only
 *     exe: /usr/bin/python3*     #   fnmatch glob on the executed file's own path
 *     comm: python3              #   glob on the 15-character comm
 *     uid: 1000                  #   all given keys must match
 *     cgroup: /sys/fs/cgroup/ci  #   cgroup v2 directory (or relative to the
 *                                #   hierarchy root), with its sub-cgroups
 *     unit: build.service        #   a systemd unit's cgroup, sub-cgroups too
 *   gpu:                         # optional: what counts as a GPU fd
 *     devices: [/dev/my-npu*]    #   globs added to the defaults
 *     majors: [511]              #   majors added to the defaults
 *     use_defaults: true         #   false: only the lists above
 *   flight_recorder: 4M          # optional, daemon-wide: keep the last 4 MiB
 *                                #   of each matched process tree's records
 *                                #   and save them when an assertion fails
 *   assertions:                  # required list
 *     - name: startup            # required, [A-Za-z0-9_.-]{1,64}, unique
 *       type: critical_path      # critical_path | span_count | memory_usage
 *       max_duration_ms: 100     #   | anti_pattern
 *       enabled: true            # default true
 *       fail_on_violation: true  # default true; false: violations WARN
 *
 * Keys by type: critical_path: max_duration_ms (> 0, may be fractional);
 * span_count: max_spans (> 0) and/or budgets ({syscall: max, ...}), plus an
 * optional syscalls (a list, or one strace-style string, of names and
 * %classes) that max_spans then counts alone; memory_usage: max_bytes (> 0)
 * and tracking_mode (rss | allocations, see alloc-tracker.h); anti_pattern:
 * pattern (PCIeBottleneck) and threshold (0 to 1, see pcie.h).
 *
 * A run's verdict per enabled assertion: PASS, FAIL (violated and
 * fail_on_violation) or WARN (violated, fail_on_violation: false). A budget
 * is violated when the actual value exceeds it (equal passes); a pattern when
 * its confidence reaches the threshold.
 *
 * Validation errors are one line, `FILE:LINE:COLUMN: [assertion 'NAME': ]WHAT`,
 * pointing at the offending key (or list item; the assertion for a missing
 * key; the top of the file for a missing top-level key).
 */
#ifndef RENACER_POLICY_H
#define RENACER_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "filter.h"
#include "pcie.h"

struct json_object;
struct summary;

#define POLICY_SCHEMA_VERSION 1
#define POLICY_FILE_MAX       (1u << 20) /* bytes of one policy file */
#define POLICY_ASSERTIONS_MAX 1024
#define POLICY_NAME_MAX       64
#define POLICY_DIR_FILES_MAX  4096
#define POLICY_KEYS_MAX       1024 /* keys of one mapping (duplicate checks are quadratic) */
#define POLICY_LIST_MAX       512  /* items of a syscalls, devices or majors list */

/* Suggested exit status of `renacerctl run --policy` when a policy FAILs and
 * the command itself exited 0 (a command that failed keeps its own status).
 * Clear of renacerctl's 1, 2, 126, 127, 128+N, sysexits (64-78), timeout(1)
 * and env(1) (124, 125) and Rust's test/panic 101. */
#define POLICY_EXIT_STATUS 113

enum policy_type {
        POLICY_CRITICAL_PATH = 1,
        POLICY_SPAN_COUNT,
        POLICY_MEMORY_USAGE,
        POLICY_ANTI_PATTERN,
};

enum policy_mem_mode {
        POLICY_MEM_RSS = 1,
        POLICY_MEM_ALLOCATIONS,
};

enum policy_pattern {
        POLICY_PATTERN_PCIE_BOTTLENECK = 1,
};

struct policy_budget {
        int nr;
        char name[32];
        uint64_t max;
};

struct policy_assertion {
        char *name;
        enum policy_type type;
        bool enabled;
        bool fail_on_violation;
        unsigned line, column; /* of the assertion, 1-based */

        /* critical_path */
        uint64_t max_duration_ns;
        double max_duration_ms; /* as written */
        /* span_count */
        bool has_max_spans;
        uint64_t max_spans;
        bool has_syscalls;
        struct filter syscalls;
        char *syscalls_text; /* "write,mmap,%memory" */
        struct policy_budget *budgets;
        size_t nbudgets;
        /* memory_usage */
        uint64_t max_bytes;
        enum policy_mem_mode mode;
        /* anti_pattern */
        enum policy_pattern pattern;
        double threshold;
        uint32_t threshold_ppm;
};

struct policy_match {
        char *exe;  /* NULL: any */
        char *comm; /* NULL: any */
        bool has_uid;
        uid_t uid;
        /* the process's cgroup v2 is this one or below it: as written, and
         * as a hierarchy path once policy_set_resolve_cgroups() ran (until
         * then the key matches nothing) */
        char *cgroup, *cgroup_rel;
        char *unit; /* a systemd unit (NAME.service...): its cgroup or below */
};

/* One policy file. */
struct policy {
        char *file; /* display name used in messages */
        unsigned version;
        bool has_match;
        struct policy_match match;
        struct pcie_config gpu; /* the defaults unless `gpu:` says otherwise */
        size_t flight_recorder; /* bytes; 0: none */
        struct policy_assertion *assertions;
        size_t n;
};

/* Every *.yaml of a directory, in byte order of their names. */
struct policy_set {
        struct policy **policies;
        size_t n;
};

/* Parse len bytes of YAML; name is what messages call the file. On error
 * returns -EINVAL (-ENOMEM) and writes one line into err; *ret untouched. */
int policy_parse_buffer(const char *name, const void *buf, size_t len, struct policy **ret,
                        char *err, size_t errlen);
/* Read and parse a file; messages name it by path. -errno on I/O errors. */
int policy_load_file(const char *path, struct policy **ret, char *err, size_t errlen);
void policy_free(struct policy *p);

/* Load every *.yaml in dir (regular files, not recursive) in name order.
 * All or nothing: on the first error, nothing is returned, *ret is left
 * as it was and err names the file, line and column. A daemon reloading
 * its policies builds the new set with this and swaps it in only on success
 * (policy_set_reload does exactly that). An empty directory is an empty set. */
int policy_set_load_dir(const char *dir, struct policy_set **ret, char *err, size_t errlen);
/* Load dir; on success free *cur and replace it, else keep *cur in force. */
int policy_set_reload(struct policy_set **cur, const char *dir, char *err, size_t errlen);
void policy_set_free(struct policy_set *s);

/* Daemon-wide selection. exe is the executed file's own path as the kernel
 * resolved it at exec (relative paths and symlinks lead to the file; for a
 * script, its interpreter, as /proc/PID/exe). A policy without `match:` is
 * not daemon-wide and matches nothing. exe and comm may be NULL (unknown: a key on them fails). */
bool policy_matches(const struct policy *p, const char *exe, const char *comm, uid_t uid);
/* The same knowing the process's cgroup v2 as a hierarchy path ("/a/b",
 * as /proc/PID/cgroup says it; NULL: unknown, a cgroup or unit key fails). */
bool policy_matches_in(const struct policy *p, const char *exe, const char *comm, uid_t uid,
                       const char *cgroup);
/* Whether some policy of the set has a cgroup or unit key. */
bool policy_set_wants_cgroup(const struct policy_set *s);
/* Turn each cgroup key into a hierarchy path (cgroup_hierarchy_path()):
 * renacerd does it when it loads a set; an error names the file. */
int policy_set_resolve_cgroups(struct policy_set *s, char *err, size_t errlen);
/* A policy's name: its file's name without the directory and .yaml/.yml
 * (what metrics label and OTLP events call it). */
void policy_name_of_file(const char *path, char *buf, size_t len);
/* The first policy of the set (name order) that matches, or NULL. */
const struct policy *policy_set_match(const struct policy_set *s, const char *exe, const char *comm,
                                      uid_t uid);
const struct policy *policy_set_match_in(const struct policy_set *s, const char *exe,
                                         const char *comm, uid_t uid, const char *cgroup);

/* Add to f the syscalls the policy's enabled assertions need in the
 * session's filter: all of them for an unrestricted span_count (it counts
 * the kernel's summary, which counts only traced syscalls), the selection
 * and budgets otherwise; brk/mmap/munmap/mremap/mprotect/execve for
 * allocation tracking; for PCIeBottleneck the GPU calls, the open/dup/close
 * family (fd paths) and the blocking syscalls (their time is not compute).
 * Issue gaps are exact only when every syscall is traced: an untraced call
 * between two GPU calls cannot end their back-to-back run. */
void policy_needed_filter(const struct policy *p, struct filter *f);

/* What a run measured. */
struct policy_input {
        uint64_t wall_ns;              /* root's execve to the tree's exit */
        const struct summary *summary; /* exact per-syscall counts; NULL: none */
        uint64_t peak_rss_bytes;       /* alloc_tracker_peak_rss() */
        uint64_t peak_alloc_bytes;     /* alloc_tracker_peak() */
        const struct pcie_stats *pcie; /* NULL: no GPU calls */
};

enum policy_status {
        POLICY_PASS = 0,
        POLICY_WARN,
        POLICY_FAIL,
};

/* One per-syscall budget of a span_count assertion. */
struct policy_check {
        char name[32];
        uint64_t actual, budget;
        bool violated;
        unsigned over_pct;
};

struct policy_verdict {
        char *name;
        enum policy_type type;
        enum policy_status status;
        bool violated;
        bool fail_on_violation;
        /* critical_path: ns; span_count: calls; memory_usage: bytes;
         * anti_pattern: confidence and threshold in parts per million */
        uint64_t actual, budget;
        bool has_budget;   /* false: span_count with budgets only */
        unsigned over_pct; /* rounded up; 0 unless violated */
        double budget_ms;  /* critical_path: the budget as written */
        enum policy_mem_mode mode;
        char *syscalls; /* span_count selection as written, or NULL */
        struct policy_check *checks;
        size_t nchecks;
        enum policy_pattern pattern;
        struct pcie_report pcie; /* anti_pattern PCIeBottleneck */
};

struct policy_verdicts {
        struct policy_verdict *v;
        size_t n;
};

/* One verdict per enabled assertion of p, in file order. Pure: depends only
 * on its arguments. Returns 0 or -ENOMEM. */
int policy_evaluate(const struct policy *p, const struct policy_input *in,
                    struct policy_verdicts *ret);
void policy_verdicts_free(struct policy_verdicts *v);
/* A verdict FAILed: the run should exit with POLICY_EXIT_STATUS. */
bool policy_failed(const struct policy_verdicts *v);
const char *policy_status_name(enum policy_status s);
const char *policy_type_name(enum policy_type t);

/* One verdict as one line, no newline:
 *   FAIL example_startup_latency: 125.0 ms > 100 ms budget (+25%)
 *   PASS max_syscall_budget: 87 syscalls <= 500 budget
 *   PASS io: 31 syscalls (write,read) <= 40 budget; write 23 <= 30 budget
 *   FAIL mem: peak allocations 12.0 MiB (12582912 bytes) > 10.0 MiB budget (+20%)
 *   WARN detect_pcie_bottleneck: PCIeBottleneck confidence 90% >= 70% threshold (+29%)
 *   PASS detect_pcie_bottleneck: PCIeBottleneck confidence 3% < 70% threshold
 * Returns what snprintf would (the full length, truncated to len). */
int policy_verdict_format(const struct policy_verdict *v, char *buf, size_t len);
/* Every line, each followed by the PCIe warning block when a PCIeBottleneck
 * assertion was violated. Returns 0 or -EIO. */
int policy_verdicts_render_text(const struct policy_verdicts *v, FILE *out);
/* {"format": "renacer-verdicts-v1", "failed": bool, "verdicts": [...]} */
int policy_verdicts_to_json(const struct policy_verdicts *v, struct json_object **ret);

#endif
