// SPDX-License-Identifier: MIT
/* Policy files: every type, defaults, match and gpu sections, every
 * validation error with its exact FILE:LINE:COLUMN text, directory loads
 * (all or nothing) and the policies shipped in policies/. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "policy/policy.h"

#define FILE_NAME "policies/x.yaml"

static struct policy *parse_ok(const char *yaml)
{
        struct policy *p = NULL;
        char err[512] = "";
        int r = policy_parse_buffer(FILE_NAME, yaml, strlen(yaml), &p, err, sizeof(err));

        if (r < 0)
                fail_msg("unexpected error %d: %s", r, err);
        assert_non_null(p);
        return p;
}

static void expect_error(const char *yaml, const char *want)
{
        struct policy *p = (struct policy *)0x1;
        char err[512] = "";
        int r = policy_parse_buffer(FILE_NAME, yaml, strlen(yaml), &p, err, sizeof(err));

        if (r >= 0)
                fail_msg("expected error '%s' for:\n%s", want, yaml);
        assert_int_equal(r, -EINVAL);
        assert_ptr_equal(p, (struct policy *)0x1); /* untouched */
        assert_string_equal(err, want);
        assert_null(strchr(err, '\n'));
}

/* The report's renacer.toml, translated one to one. */
static const char toml_translation[] = "version: 1\n"
                                       "assertions:\n"
                                       "  - name: example_startup_latency\n"
                                       "    type: critical_path\n"
                                       "    max_duration_ms: 100\n"
                                       "    fail_on_violation: true\n"
                                       "    enabled: true\n"
                                       "  - name: max_syscall_budget\n"
                                       "    type: span_count\n"
                                       "    max_spans: 500\n"
                                       "  - name: memory_allocation_budget\n"
                                       "    type: memory_usage\n"
                                       "    max_bytes: 104857600 # 100MB\n"
                                       "    tracking_mode: allocations\n"
                                       "  - name: detect_pcie_bottleneck\n"
                                       "    type: anti_pattern\n"
                                       "    pattern: PCIeBottleneck\n"
                                       "    threshold: 0.7\n"
                                       "    fail_on_violation: false # Warning only\n";

static void test_every_type(void **state)
{
        struct policy *p = parse_ok(toml_translation);
        const struct policy_assertion *a = p->assertions;

        (void)state;
        assert_string_equal(p->file, FILE_NAME);
        assert_int_equal(p->version, 1);
        assert_false(p->has_match);
        assert_int_equal(p->n, 4);

        assert_string_equal(a[0].name, "example_startup_latency");
        assert_int_equal(a[0].type, POLICY_CRITICAL_PATH);
        assert_true(a[0].max_duration_ns == 100000000ull);
        assert_true(a[0].enabled && a[0].fail_on_violation);
        assert_int_equal(a[0].line, 3);
        assert_int_equal(a[0].column, 5);

        assert_int_equal(a[1].type, POLICY_SPAN_COUNT);
        assert_true(a[1].has_max_spans);
        assert_true(a[1].max_spans == 500);
        assert_false(a[1].has_syscalls);
        assert_int_equal(a[1].nbudgets, 0);

        assert_int_equal(a[2].type, POLICY_MEMORY_USAGE);
        assert_true(a[2].max_bytes == 104857600ull);
        assert_int_equal(a[2].mode, POLICY_MEM_ALLOCATIONS);

        assert_int_equal(a[3].type, POLICY_ANTI_PATTERN);
        assert_int_equal(a[3].pattern, POLICY_PATTERN_PCIE_BOTTLENECK);
        assert_int_equal(a[3].threshold_ppm, 700000);
        assert_true(a[3].enabled);
        assert_false(a[3].fail_on_violation);
        policy_free(p);
}

static void test_defaults(void **state)
{
        struct policy *p = parse_ok("version: 1\n"
                                    "assertions:\n"
                                    "  - {name: a, type: memory_usage, max_bytes: 1, "
                                    "tracking_mode: rss}\n"
                                    "  - name: b\n"
                                    "    type: critical_path\n"
                                    "    max_duration_ms: 0.25\n"
                                    "    enabled: false\n"
                                    "    fail_on_violation: FALSE\n");

        (void)state;
        assert_true(p->assertions[0].enabled);
        assert_true(p->assertions[0].fail_on_violation);
        assert_int_equal(p->assertions[0].mode, POLICY_MEM_RSS);
        assert_false(p->assertions[1].enabled);
        assert_false(p->assertions[1].fail_on_violation);
        assert_true(p->assertions[1].max_duration_ns == 250000);
        /* no gpu: section: the default GPU globs and majors */
        assert_int_equal(p->gpu.nglobs, 6);
        assert_string_equal(p->gpu.globs[0], "/dev/nvidia*");
        assert_int_equal(p->gpu.nmajors, 3);
        assert_int_equal(p->gpu.majors[0], 195);
        assert_int_equal(p->gpu.majors[1], 226);
        policy_free(p);

        /* an empty list is a valid (if useless) policy */
        p = parse_ok("version: 1\nassertions: []\n");
        assert_int_equal(p->n, 0);
        policy_free(p);
}

static void test_span_count_selection(void **state)
{
        struct policy *p = parse_ok("version: 1\n"
                                    "assertions:\n"
                                    "  - name: io\n"
                                    "    type: span_count\n"
                                    "    max_spans: 40\n"
                                    "    syscalls: [write, read, '%memory']\n"
                                    "  - name: str\n"
                                    "    type: span_count\n"
                                    "    max_spans: 9\n"
                                    "    syscalls: openat,close\n"
                                    "  - name: per_call\n"
                                    "    type: span_count\n"
                                    "    budgets: {write: 30, mmap: 20}\n");
        const struct policy_assertion *a = p->assertions;

        (void)state;
        assert_true(a[0].has_syscalls);
        assert_string_equal(a[0].syscalls_text, "write,read,%memory");
        assert_true(filter_has(&a[0].syscalls, SYS_write));
        assert_true(filter_has(&a[0].syscalls, SYS_read));
        assert_true(filter_has(&a[0].syscalls, SYS_brk)); /* %memory */
        assert_false(filter_has(&a[0].syscalls, SYS_openat));

        assert_string_equal(a[1].syscalls_text, "openat,close");
        assert_true(filter_has(&a[1].syscalls, SYS_close));
        assert_false(filter_has(&a[1].syscalls, SYS_write));

        assert_false(a[2].has_max_spans);
        assert_int_equal(a[2].nbudgets, 2);
        assert_string_equal(a[2].budgets[0].name, "write");
        assert_int_equal(a[2].budgets[0].nr, SYS_write);
        assert_true(a[2].budgets[0].max == 30);
        assert_string_equal(a[2].budgets[1].name, "mmap");
        assert_int_equal(a[2].budgets[1].nr, SYS_mmap);
        assert_true(a[2].budgets[1].max == 20);
        policy_free(p);
}

static void test_match(void **state)
{
        struct policy *p = parse_ok("version: 1\n"
                                    "match:\n"
                                    "  exe: /usr/bin/python3*\n"
                                    "  comm: 'py*'\n"
                                    "  uid: 1000\n"
                                    "assertions: []\n");

        (void)state;
        assert_true(p->has_match);
        assert_true(policy_matches(p, "/usr/bin/python3.11", "python3", 1000));
        assert_false(policy_matches(p, "/usr/bin/python3.11", "python3", 0));
        assert_false(policy_matches(p, "/usr/local/bin/python3", "python3", 1000));
        /* FNM_PATHNAME: * does not cross a / */
        assert_false(policy_matches(p, "/usr/bin/python3/x", "python3", 1000));
        assert_false(policy_matches(p, "/usr/bin/python3", "perl", 1000));
        assert_false(policy_matches(p, NULL, "python3", 1000));
        policy_free(p);

        p = parse_ok("version: 1\nmatch: {uid: 0}\nassertions: []\n");
        assert_true(policy_matches(p, NULL, NULL, 0));
        assert_false(policy_matches(p, "/bin/ls", "ls", 1));
        policy_free(p);

        /* without match: not daemon-wide, matches nothing */
        p = parse_ok("version: 1\nassertions: []\n");
        assert_false(policy_matches(p, "/bin/ls", "ls", 0));
        policy_free(p);
}

/* match: cgroup and unit: a cgroup v2 subtree, as a hierarchy path. */
static void test_match_cgroup(void **state)
{
        struct policy_set set = {0};
        struct policy *p = parse_ok("version: 1\n"
                                    "match:\n"
                                    "  cgroup: ci/jobs\n"
                                    "  comm: make\n"
                                    "assertions: []\n");
        char err[256];

        (void)state;
        assert_string_equal(p->match.cgroup, "ci/jobs");
        /* unresolved: the key matches nothing yet */
        assert_false(policy_matches_in(p, NULL, "make", 0, "/ci/jobs"));
        set.policies = &p;
        set.n = 1;
        assert_true(policy_set_wants_cgroup(&set));
        assert_int_equal(policy_set_resolve_cgroups(&set, err, sizeof(err)), 0);
        assert_string_equal(p->match.cgroup_rel, "/ci/jobs");
        assert_true(policy_matches_in(p, NULL, "make", 0, "/ci/jobs"));
        assert_true(policy_matches_in(p, NULL, "make", 0, "/ci/jobs/42/x"));
        assert_false(policy_matches_in(p, NULL, "make", 0, "/ci/jobsx"));
        assert_false(policy_matches_in(p, NULL, "make", 0, "/ci"));
        assert_false(policy_matches_in(p, NULL, "cc", 0, "/ci/jobs"));
        assert_false(policy_matches_in(p, NULL, "make", 0, NULL));
        assert_false(policy_matches(p, NULL, "make", 0));
        assert_ptr_equal(policy_set_match_in(&set, NULL, "make", 0, "/ci/jobs/1"), p);
        assert_null(policy_set_match_in(&set, NULL, "make", 0, "/other"));
        policy_free(p);

        /* an absolute path must lie in a cgroup2 mount when renacerd loads it */
        p = parse_ok("version: 1\nmatch: {cgroup: /proc/renacer-not-a-cgroup}\nassertions: []\n");
        set.policies = &p;
        assert_true(policy_set_resolve_cgroups(&set, err, sizeof(err)) < 0);
        assert_non_null(strstr(err, "match: cgroup: /proc/renacer-not-a-cgroup is not in a cgroup2 "
                                    "mount (it is on proc)"));
        policy_free(p);

        p = parse_ok("version: 1\nmatch: {unit: build.service}\nassertions: []\n");
        assert_true(policy_matches_in(p, NULL, NULL, 0, "/system.slice/build.service"));
        assert_true(policy_matches_in(p, NULL, NULL, 0, "/system.slice/build.service/sub"));
        assert_false(policy_matches_in(p, NULL, NULL, 0, "/system.slice/rebuild.service"));
        assert_false(policy_matches_in(p, NULL, NULL, 0, NULL));
        set.policies = &p;
        assert_true(policy_set_wants_cgroup(&set));
        policy_free(p);

        expect_error("version: 1\nmatch: {cgroup: a/../b}\nassertions: []\n",
                     FILE_NAME ":2:9: match: cgroup 'a/../b' is not a canonical path (no '.', '..' "
                               "or empty components)");
        expect_error("version: 1\nmatch: {cgroup: ''}\nassertions: []\n",
                     FILE_NAME ":2:9: match: cgroup must be a cgroup v2 path, not empty");
        expect_error("version: 1\nmatch: {cgroup: [a]}\nassertions: []\n",
                     FILE_NAME ":2:9: match: cgroup must be a cgroup v2 path, not a list");
        expect_error("version: 1\nmatch: {unit: nginx}\nassertions: []\n",
                     FILE_NAME ":2:9: match: unit must be a systemd unit name (NAME.service, "
                               "NAME.scope, NAME.slice...), not 'nginx'");
        expect_error("version: 1\nmatch: {unit: 'a b.service'}\nassertions: []\n",
                     FILE_NAME ":2:9: match: unit must be a systemd unit name (NAME.service, "
                               "NAME.scope, NAME.slice...), not 'a b.service'");
        expect_error("version: 1\nmatch: {slice: x}\nassertions: []\n", FILE_NAME
                     ":2:9: match: unknown key 'slice' (expected exe, comm, uid, cgroup or unit)");
}

static void test_gpu_section(void **state)
{
        struct policy *p = parse_ok("version: 1\n"
                                    "gpu:\n"
                                    "  devices: [/dev/my-npu*]\n"
                                    "  majors: [511]\n"
                                    "assertions: []\n");

        (void)state;
        assert_int_equal(p->gpu.nglobs, 7);
        assert_string_equal(p->gpu.globs[6], "/dev/my-npu*");
        assert_int_equal(p->gpu.nmajors, 4);
        assert_int_equal(p->gpu.majors[3], 511);
        assert_true(pcie_config_is_gpu(&p->gpu, PCIE_MKDEV(511, 0), NULL));
        assert_true(pcie_config_is_gpu(&p->gpu, PCIE_MKDEV(10, 0), "/dev/my-npu0"));
        policy_free(p);

        p = parse_ok("version: 1\n"
                     "gpu: {use_defaults: false, devices: [/dev/kfd]}\n"
                     "assertions: []\n");
        assert_int_equal(p->gpu.nglobs, 1);
        assert_int_equal(p->gpu.nmajors, 0);
        assert_false(pcie_config_is_gpu(&p->gpu, PCIE_MKDEV(195, 0), "/dev/nvidia0"));
        assert_true(pcie_config_is_gpu(&p->gpu, PCIE_MKDEV(240, 0), "/dev/kfd"));
        policy_free(p);
}

struct error_case {
        const char *yaml;
        const char *error;
};

#define HEAD    "version: 1\nassertions:\n"
#define A(type) "  - name: foo\n    type: " type "\n"

static const struct error_case error_cases[] = {
    /* the example */
    {HEAD A("span_count") "    enabled: true\n    max_spans: 0\n",
     FILE_NAME ":6:5: assertion 'foo': max_spans must be a positive integer"},
    /* unknown keys */
    {HEAD A("span_count") "    max_spans: 5\n    max_span: 3\n",
     FILE_NAME ":6:5: assertion 'foo': unknown key 'max_span'"},
    {"version: 1\nasserts: []\n",
     FILE_NAME ":2:1: unknown key 'asserts' (expected version, assertions, match, gpu or "
               "flight_recorder)"},
    {"version: 1\nmatch: {exe: /bin/ls, pid: 3}\nassertions: []\n",
     FILE_NAME ":2:23: match: unknown key 'pid' (expected exe, comm, uid, cgroup or unit)"},
    {"version: 1\ngpu:\n  device: [/dev/x]\nassertions: []\n",
     FILE_NAME ":3:3: gpu: unknown key 'device' (expected devices, majors or use_defaults)"},
    {HEAD A("span_count") "    max_spans: 5\n    max_bytes: 3\n",
     FILE_NAME ":6:5: assertion 'foo': key 'max_bytes' does not apply to type span_count "
               "(it is a memory_usage key)"},
    /* wrong types */
    {HEAD A("critical_path") "    max_duration_ms: 10\n    enabled: yes\n",
     FILE_NAME ":6:5: assertion 'foo': enabled must be true or false, not 'yes'"},
    {HEAD A("critical_path") "    max_duration_ms: 10\n    fail_on_violation: 'true'\n",
     FILE_NAME ":6:5: assertion 'foo': fail_on_violation must be true or false, not 'true'"},
    {HEAD A("span_count") "    max_spans: '10'\n",
     FILE_NAME ":5:5: assertion 'foo': max_spans must be a positive integer, not '10'"},
    {HEAD A("span_count") "    max_spans: 1.5\n",
     FILE_NAME ":5:5: assertion 'foo': max_spans must be a positive integer, not '1.5'"},
    {HEAD A("span_count") "    max_spans: [1]\n",
     FILE_NAME ":5:5: assertion 'foo': max_spans must be a positive integer, not a list"},
    {HEAD A("critical_path") "    max_duration_ms:\n",
     FILE_NAME ":5:5: assertion 'foo': max_duration_ms must be a positive number, not empty"},
    {HEAD A("memory_usage") "    max_bytes: 10\n    tracking_mode: peak\n",
     FILE_NAME ":6:5: assertion 'foo': tracking_mode must be rss or allocations, not 'peak'"},
    {"version: 1\nassertions: {name: foo}\n",
     FILE_NAME ":2:1: assertions must be a list, not a mapping"},
    {"version: 1\nassertions:\n  - just a string\n",
     FILE_NAME ":3:5: assertion #1: must be a mapping with name, type and budgets, not 'just "
               "a string'"},
    {HEAD A("span_count") "    budgets: [write]\n",
     FILE_NAME ":5:5: assertion 'foo': budgets must be a mapping of syscall names to counts, "
               "not a list"},
    {HEAD "  - name: [a]\n    type: span_count\n",
     FILE_NAME ":3:5: assertion #1: name must be 1 to 64 characters from A-Z a-z 0-9 _ . -, "
               "not a list"},
    {HEAD "  - name: 'two words'\n    type: span_count\n",
     FILE_NAME ":3:5: assertion #1: name must be 1 to 64 characters from A-Z a-z 0-9 _ . -, "
               "not 'two words'"},
    {"version: 1\nmatch: {uid: root}\nassertions: []\n",
     FILE_NAME ":2:9: match: uid must be a non-negative integer, not 'root'"},
    {"version: 1\ngpu: {devices: nvidia}\nassertions: []\n",
     FILE_NAME ":2:7: gpu: devices must be a list of device path globs, not 'nvidia'"},
    {"version: 1\ngpu: {devices: [nvidia0]}\nassertions: []\n",
     FILE_NAME ":2:17: gpu: devices: each item must be an absolute path glob, not 'nvidia0'"},
    {"- a\n- b\n",
     FILE_NAME ":1:1: a policy file must be a mapping of version and assertions, not a list"},
    /* out of range */
    {HEAD A("span_count") "    max_spans: -3\n",
     FILE_NAME ":5:5: assertion 'foo': max_spans must be a positive integer"},
    {HEAD A("span_count") "    max_spans: 99999999999999999999999\n",
     FILE_NAME ":5:5: assertion 'foo': max_spans must be a positive integer"},
    {HEAD A("memory_usage") "    max_bytes: 0\n    tracking_mode: rss\n",
     FILE_NAME ":5:5: assertion 'foo': max_bytes must be a positive integer"},
    {HEAD A("critical_path") "    max_duration_ms: -1\n",
     FILE_NAME ":5:5: assertion 'foo': max_duration_ms must be a positive number"},
    {HEAD A("critical_path") "    max_duration_ms: 0\n",
     FILE_NAME ":5:5: assertion 'foo': max_duration_ms must be a positive number"},
    {HEAD A("anti_pattern") "    pattern: PCIeBottleneck\n    threshold: 1.5\n",
     FILE_NAME ":6:5: assertion 'foo': threshold must be a number from 0 to 1"},
    {HEAD A("anti_pattern") "    pattern: PCIeBottleneck\n    threshold: high\n",
     FILE_NAME ":6:5: assertion 'foo': threshold must be a number from 0 to 1, not 'high'"},
    {HEAD A("span_count") "    budgets: {write: 0}\n",
     FILE_NAME ":5:15: assertion 'foo': budgets: write must be a positive integer"},
    {"version: 1\nmatch: {uid: -1}\nassertions: []\n",
     FILE_NAME ":2:9: match: uid must be a non-negative integer below 4294967295"},
    {"version: 1\ngpu: {majors: [195, 4096]}\nassertions: []\n",
     FILE_NAME ":2:21: gpu: majors: each item must be an integer from 0 to 4095"},
    {"version: 1\nmatch: {comm: a-very-long-command-name}\nassertions: []\n",
     FILE_NAME ":2:9: match: comm 'a-very-long-command-name' can never match: the kernel "
               "keeps 15 characters"},
    {"version: 1\nmatch: {}\nassertions: []\n",
     FILE_NAME ":2:1: match must name at least one of exe, comm, uid, cgroup, unit"},
    /* unknown syscalls and classes */
    {HEAD A("span_count") "    budgets: {write: 3, wrte: 3}\n",
     FILE_NAME ":5:25: assertion 'foo': budgets: unknown syscall 'wrte'"},
    {HEAD A("span_count") "    max_spans: 3\n    syscalls: [read, wrte]\n",
     FILE_NAME ":6:22: assertion 'foo': syscalls: unknown syscall 'wrte' at column 1 of "
               "'wrte' (did you mean 'write'?)"},
    {HEAD A("span_count") "    max_spans: 3\n    syscalls: read,%nope\n",
     FILE_NAME ":6:5: assertion 'foo': syscalls: unknown syscall class '%nope' at column 6 "
               "of 'read,%nope'"},
    {HEAD A("span_count") "    syscalls: [read]\n    budgets: {read: 1}\n",
     FILE_NAME ":3:5: assertion 'foo': syscalls needs max_spans (the budget they share)"},
    /* unknown pattern */
    {HEAD A("anti_pattern") "    pattern: NPlusOne\n    threshold: 0.5\n",
     FILE_NAME ":5:5: assertion 'foo': unknown pattern 'NPlusOne' (known: PCIeBottleneck)"},
    /* duplicate names and keys */
    {HEAD A("span_count") "    max_spans: 1\n" A("critical_path") "    max_duration_ms: 1\n",
     FILE_NAME ":6:5: assertion 'foo': duplicate assertion name 'foo' (first defined at line "
               "3)"},
    {HEAD A("span_count") "    max_spans: 1\n    max_spans: 2\n",
     FILE_NAME ":6:5: assertion #1: duplicate key 'max_spans' (first at line 5)"},
    {"version: 1\nversion: 1\nassertions: []\n",
     FILE_NAME ":2:1: duplicate key 'version' (first at line 1)"},
    /* missing required keys */
    {HEAD "  - type: span_count\n    max_spans: 1\n",
     FILE_NAME ":3:5: assertion #1: missing required key 'name'"},
    {HEAD "  - name: foo\n    max_spans: 1\n",
     FILE_NAME ":3:5: assertion 'foo': missing required key 'type'"},
    {HEAD A("critical_path"),
     FILE_NAME ":3:5: assertion 'foo': missing required key 'max_duration_ms'"},
    {HEAD A("span_count") "    enabled: false\n",
     FILE_NAME ":3:5: assertion 'foo': missing required key 'max_spans' (or 'budgets')"},
    {HEAD A("memory_usage") "    tracking_mode: rss\n",
     FILE_NAME ":3:5: assertion 'foo': missing required key 'max_bytes'"},
    {HEAD A("memory_usage") "    max_bytes: 5\n",
     FILE_NAME ":3:5: assertion 'foo': missing required key 'tracking_mode'"},
    {HEAD A("anti_pattern") "    threshold: 0.5\n",
     FILE_NAME ":3:5: assertion 'foo': missing required key 'pattern'"},
    {HEAD A("anti_pattern") "    pattern: PCIeBottleneck\n",
     FILE_NAME ":3:5: assertion 'foo': missing required key 'threshold'"},
    {"assertions: []\n", FILE_NAME ":1:1: missing required key 'version'"},
    {"# nothing but a comment\nversion: 1\n", FILE_NAME ":2:1: missing required key 'assertions'"},
    {"", FILE_NAME ":1:1: empty policy file (expected version and assertions)"},
    /* unknown type, bad schema version */
    {HEAD "  - name: foo\n    type: span_cnt\n",
     FILE_NAME ":4:5: assertion 'foo': unknown type 'span_cnt' (expected critical_path, "
               "span_count, memory_usage or anti_pattern)"},
    {"version: 2\nassertions: []\n",
     FILE_NAME ":1:1: unsupported schema version '2' (this renacer reads version 1)"},
    {"assertions: []\nversion: '1.0'\n",
     FILE_NAME ":2:1: unsupported schema version '1.0' (this renacer reads version 1)"},
    /* YAML itself */
    {"version: 1\nassertions: [\n",
     FILE_NAME ":3:1: YAML syntax error: did not find expected node content while parsing a "
               "flow node"},
    {"version: 1\n  bad indent: 2\n",
     FILE_NAME ":2:13: YAML syntax error: mapping values are not allowed in this context"},
    {"version: 1\nassertions: []\n---\nversion: 1\n",
     FILE_NAME ":4:1: a policy file holds one YAML document"},
    {"version: 1\nassertions: []\n? [complex]\n: key\n",
     FILE_NAME ":3:3: keys must be plain strings"},
    /* control characters never reach a message */
    {"version: 1\n\"bad\\tkey\\u0001\": 1\nassertions: []\n",
     FILE_NAME ":2:1: unknown key 'bad?key?' (expected version, assertions, match, gpu or "
               "flight_recorder)"},
};

static void test_errors(void **state)
{
        size_t bad = 0;

        (void)state;
        /* report every mismatch before failing */
        for (size_t i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
                const struct error_case *c = &error_cases[i];
                struct policy *p = NULL;
                char err[512] = "";
                int r =
                    policy_parse_buffer(FILE_NAME, c->yaml, strlen(c->yaml), &p, err, sizeof(err));
                if (r != -EINVAL || strcmp(err, c->error) != 0) {
                        print_error("case %zu: got %d '%s'\n    want '%s'\n", i, r, err, c->error);
                        bad++;
                }
                policy_free(p);
        }
        assert_int_equal(bad, 0);
        for (size_t i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++)
                expect_error(error_cases[i].yaml, error_cases[i].error);
}

/* Resource limits: quadratic checks and lists stay bounded. */
static void test_limits(void **state)
{
        size_t cap = 64 * 1024, len = 0;
        char *y = malloc(cap);

        (void)state;
        assert_non_null(y);
        len = (size_t)snprintf(y, cap, HEAD A("span_count") "    max_spans: 1\n    syscalls: [");
        for (int i = 0; i < POLICY_LIST_MAX + 1; i++)
                len += (size_t)snprintf(y + len, cap - len, "%sread", i ? "," : "");
        snprintf(y + len, cap - len, "]\n");
        expect_error(y, FILE_NAME ":6:5: assertion 'foo': syscalls lists at most 512 items");

        len = (size_t)snprintf(y, cap, "version: 1\nassertions: []\n");
        for (int i = 0; i < POLICY_KEYS_MAX; i++)
                len += (size_t)snprintf(y + len, cap - len, "k%d: 1\n", i);
        expect_error(y, FILE_NAME ":1:1: more than 1024 keys in one mapping");

        /* over POLICY_FILE_MAX: refused before parsing */
        struct policy *p = NULL;
        char err[256], *big = malloc(POLICY_FILE_MAX + 1);
        assert_non_null(big);
        memset(big, ' ', POLICY_FILE_MAX + 1);
        assert_int_equal(
            policy_parse_buffer(FILE_NAME, big, POLICY_FILE_MAX + 1, &p, err, sizeof(err)), -EFBIG);
        assert_string_equal(err, FILE_NAME ": policy file larger than 1048576 bytes");
        assert_null(p);
        free(big);
        free(y);
}

static void test_error_buffer_sizes(void **state)
{
        const char *yaml = HEAD A("span_count") "    max_spans: 0\n";
        struct policy *p = NULL;
        char tiny[8];

        (void)state;
        /* no room for the message: still an error, still NUL-terminated */
        assert_int_equal(policy_parse_buffer(FILE_NAME, yaml, strlen(yaml), &p, tiny, sizeof(tiny)),
                         -EINVAL);
        assert_string_equal(tiny, "policie");
        assert_int_equal(policy_parse_buffer(FILE_NAME, yaml, strlen(yaml), &p, NULL, 0), -EINVAL);
        assert_null(p);
}

static void test_load_file(void **state)
{
        char dir[] = "/tmp/renacer-policy-XXXXXX", path[512], err[512];
        struct policy *p = NULL;
        FILE *f;

        (void)state;
        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof(path), "%s/missing.yaml", dir);
        assert_int_equal(policy_load_file(path, &p, err, sizeof(err)), -ENOENT);
        assert_non_null(strstr(err, "missing.yaml: cannot read: No such file or directory"));

        snprintf(path, sizeof(path), "%s/ok.yaml", dir);
        f = fopen(path, "w");
        assert_non_null(f);
        fputs(toml_translation, f);
        fclose(f);
        assert_int_equal(policy_load_file(path, &p, err, sizeof(err)), 0);
        assert_string_equal(p->file, path);
        assert_int_equal(p->n, 4);
        policy_free(p);
        unlink(path);
        assert_int_equal(policy_load_file(dir, &p, err, sizeof(err)), -EINVAL);
        rmdir(dir);
}

static void write_file(const char *dir, const char *name, const char *text)
{
        char path[512];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", dir, name);
        f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name)
{
        char path[512];

        snprintf(path, sizeof(path), "%s/%s", dir, name);
        unlink(path);
}

static void test_load_dir_all_or_nothing(void **state)
{
        char dir[] = "/tmp/renacer-policy-XXXXXX", err[512], want[600];
        struct policy_set *set = NULL, *old;

        (void)state;
        assert_non_null(mkdtemp(dir));

        /* empty directory: an empty set */
        assert_int_equal(policy_set_load_dir(dir, &set, err, sizeof(err)), 0);
        assert_int_equal(set->n, 0);
        policy_set_free(set);
        set = NULL;

        write_file(dir, "b.yaml", "version: 1\nmatch: {comm: make}\nassertions: []\n");
        write_file(dir, "a.yaml", toml_translation);
        write_file(dir, "notes.txt", "not yaml: [");
        write_file(dir, ".hidden.yaml", "not yaml: [");
        write_file(dir, "c.yaml~", "not yaml: [");
        assert_int_equal(policy_set_load_dir(dir, &set, err, sizeof(err)), 0);
        assert_int_equal(set->n, 2);
        /* name order */
        assert_non_null(strstr(set->policies[0]->file, "/a.yaml"));
        assert_non_null(strstr(set->policies[1]->file, "/b.yaml"));
        assert_ptr_equal(policy_set_match(set, "/usr/bin/make", "make", 1000), set->policies[1]);
        assert_null(policy_set_match(set, "/bin/ls", "ls", 1000));

        /* one bad file: nothing loads, the error names it, the old set stays */
        write_file(dir, "c.yaml", "version: 1\nassertions:\n  - name: x\n    type: nope\n");
        old = set;
        assert_int_equal(policy_set_load_dir(dir, &set, err, sizeof(err)), -EINVAL);
        assert_ptr_equal(set, old);
        snprintf(want, sizeof(want),
                 "%s/c.yaml:4:5: assertion 'x': unknown type 'nope' (expected critical_path, "
                 "span_count, memory_usage or anti_pattern)",
                 dir);
        assert_string_equal(err, want);

        assert_int_equal(policy_set_reload(&set, dir, err, sizeof(err)), -EINVAL);
        assert_ptr_equal(set, old); /* still in force */
        assert_int_equal(set->n, 2);

        /* fixed: the reload swaps the new set in */
        write_file(dir, "c.yaml", "version: 1\nassertions: []\n");
        assert_int_equal(policy_set_reload(&set, dir, err, sizeof(err)), 0);
        assert_int_equal(set->n, 3);
        policy_set_free(set);

        /* a trailing slash does not double in the names */
        size_t len = strlen(dir);
        char slash[sizeof(dir) + 1];
        memcpy(slash, dir, len);
        slash[len] = '/';
        slash[len + 1] = '\0';
        write_file(dir, "c.yaml", "version: 3\nassertions: []\n");
        assert_int_equal(policy_set_load_dir(slash, &set, err, sizeof(err)), -EINVAL);
        snprintf(want, sizeof(want),
                 "%s/c.yaml:1:1: unsupported schema version '3' (this renacer reads version 1)",
                 dir);
        assert_string_equal(err, want);

        remove_file(dir, "a.yaml");
        remove_file(dir, "b.yaml");
        remove_file(dir, "c.yaml");
        remove_file(dir, "c.yaml~");
        remove_file(dir, "notes.txt");
        remove_file(dir, ".hidden.yaml");
        assert_int_equal(rmdir(dir), 0);

        assert_int_equal(policy_set_load_dir(dir, &set, err, sizeof(err)), -ENOENT);
        assert_non_null(strstr(err, "cannot open directory: No such file or directory"));
}

static void test_needed_filter(void **state)
{
        struct policy *p = parse_ok("version: 1\n"
                                    "assertions:\n"
                                    "  - {name: a, type: memory_usage, max_bytes: 1, "
                                    "tracking_mode: allocations}\n"
                                    "  - {name: b, type: span_count, budgets: {getpid: 3}}\n"
                                    "  - {name: c, type: anti_pattern, pattern: PCIeBottleneck, "
                                    "threshold: 0.5}\n"
                                    "  - {name: d, type: span_count, max_spans: 3, enabled: "
                                    "false}\n");
        struct filter f;

        (void)state;
        memset(&f, 0, sizeof(f));
        policy_needed_filter(p, &f);
        assert_true(filter_has(&f, SYS_brk));
        assert_true(filter_has(&f, SYS_mremap));
        assert_true(filter_has(&f, SYS_getpid));
        assert_true(filter_has(&f, SYS_ioctl));
        assert_true(filter_has(&f, SYS_openat));
        assert_true(filter_has(&f, SYS_futex)); /* blocking time */
        assert_false(filter_has(&f, SYS_getuid));
        assert_false(filter_is_all(&f)); /* d is disabled */
        policy_free(p);
}

/* The policies shipped in policies/: they parse, with the expected names. */
static void test_shipped_policies(void **state)
{
        const char *src = getenv("RENACER_SOURCE_DIR");
        static const char *const examples[] = {"activation_functions", "backend_detection",
                                               "gpu_transfer",         "matrix_operations",
                                               "ml_similarity",        "performance_demo"};
        struct policy_set *set = NULL;
        struct policy *p = NULL;
        char path[1024], err[512];

        (void)state;
        if (!src)
                src = ".";
        snprintf(path, sizeof(path), "%s/policies/default.yaml", src);
        if (access(path, R_OK) != 0)
                skip();
        if (policy_load_file(path, &p, err, sizeof(err)) < 0)
                fail_msg("%s", err);
        assert_int_equal(p->n, 4);
        assert_string_equal(p->assertions[0].name, "example_startup_latency");
        assert_true(p->assertions[0].max_duration_ns == 100000000ull);
        assert_string_equal(p->assertions[1].name, "max_syscall_budget");
        assert_true(p->assertions[1].max_spans == 500);
        assert_string_equal(p->assertions[2].name, "memory_allocation_budget");
        assert_true(p->assertions[2].max_bytes == 104857600ull);
        assert_int_equal(p->assertions[2].mode, POLICY_MEM_ALLOCATIONS);
        assert_string_equal(p->assertions[3].name, "detect_pcie_bottleneck");
        assert_int_equal(p->assertions[3].threshold_ppm, 700000);
        assert_false(p->assertions[3].fail_on_violation);
        policy_free(p);

        snprintf(path, sizeof(path), "%s/policies/examples", src);
        if (policy_set_load_dir(path, &set, err, sizeof(err)) < 0)
                fail_msg("%s", err);
        assert_int_equal(set->n, sizeof(examples) / sizeof(examples[0]));
        for (size_t i = 0; i < set->n; i++) {
                char want[128];
                snprintf(want, sizeof(want), "/%s.yaml", examples[i]);
                assert_non_null(strstr(set->policies[i]->file, want));
                assert_true(set->policies[i]->n >= 1);
        }
        policy_set_free(set);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_type),
            cmocka_unit_test(test_defaults),
            cmocka_unit_test(test_span_count_selection),
            cmocka_unit_test(test_match),
            cmocka_unit_test(test_match_cgroup),
            cmocka_unit_test(test_gpu_section),
            cmocka_unit_test(test_errors),
            cmocka_unit_test(test_limits),
            cmocka_unit_test(test_error_buffer_sizes),
            cmocka_unit_test(test_load_file),
            cmocka_unit_test(test_load_dir_all_or_nothing),
            cmocka_unit_test(test_needed_filter),
            cmocka_unit_test(test_shipped_policies),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
