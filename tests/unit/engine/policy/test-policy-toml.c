// SPDX-License-Identifier: MIT
/* renacer.toml to policy YAML (engine/policy/policy-toml.c): the old
 * tool's example file converts to the four assertions of default.yaml,
 * and every kind of bad input is one line with its TOML line. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy-toml.h"
#include "policy.h"

static char *slurp(const char *rel, size_t *len)
{
        char path[4096];
        const char *top = getenv("RENACER_SOURCE_DIR");
        snprintf(path, sizeof(path), "%s/%s", top ? top : ".", rel);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        char *buf = malloc(1 << 20);
        *len = fread(buf, 1, (1 << 20) - 1, f);
        buf[*len] = '\0';
        fclose(f);
        return buf;
}

static void test_old_tool_example(void **state)
{
        size_t len;
        char *toml = slurp("tests/fixtures/renacer.toml", &len), *yaml = NULL, err[512];
        struct policy *p = NULL, *want = NULL;

        (void)state;
        assert_true(policy_text_is_toml(toml, len));
        assert_int_equal(policy_toml_to_yaml("renacer.toml", toml, len, &yaml, err, sizeof(err)),
                         0);
        assert_false(policy_text_is_toml(yaml, strlen(yaml)));
        assert_int_equal(policy_parse_buffer("out.yaml", yaml, strlen(yaml), &p, err, sizeof(err)),
                         0);
        /* the same assertions as the hand translation in policies/default.yaml */
        char path[4096];
        snprintf(path, sizeof(path), "%s/policies/default.yaml",
                 getenv("RENACER_SOURCE_DIR") ? getenv("RENACER_SOURCE_DIR") : ".");
        assert_int_equal(policy_load_file(path, &want, err, sizeof(err)), 0);
        assert_int_equal(p->n, 4);
        assert_int_equal(p->n, want->n);
        for (size_t i = 0; i < p->n; i++) {
                const struct policy_assertion *a = &p->assertions[i], *b = &want->assertions[i];
                assert_string_equal(a->name, b->name);
                assert_int_equal(a->type, b->type);
                assert_int_equal(a->enabled, b->enabled);
                assert_int_equal(a->fail_on_violation, b->fail_on_violation);
        }
        assert_true(p->assertions[0].max_duration_ms == 100);
        assert_int_equal(p->assertions[1].max_spans, 500);
        assert_int_equal(p->assertions[2].max_bytes, 104857600);
        assert_int_equal(p->assertions[2].mode, POLICY_MEM_ALLOCATIONS);
        assert_false(p->assertions[3].fail_on_violation);
        policy_free(p);
        policy_free(want);
        free(yaml);

        /* the YAML parser itself names TOML for what it is */
        assert_int_equal(policy_parse_buffer("renacer.toml", toml, len, &p, err, sizeof(err)),
                         -EINVAL);
        assert_non_null(strstr(err, "renacer.toml: this is TOML"));
        assert_non_null(strstr(err, "renacerctl policy import renacer.toml"));
        free(toml);
}

static void test_values(void **state)
{
        const char *toml = "# a comment\n"
                           "[[assertion]]   # trailing\n"
                           "'name' = 'io_budget'\n"
                           "type = \"span_count\"\n"
                           "max_spans = 1_000\n"
                           "syscalls = [\n  \"write\", # the writes\n  'read',\n]\n"
                           "\n"
                           "[[assertion]]\n"
                           "name = \"t\\u00e9\"\n"
                           "type = \"critical_path\"\n"
                           "max_duration_ms = 2.5e1\n"
                           "enabled = false\n";
        char *yaml = NULL, err[512];
        struct policy *p = NULL;

        (void)state;
        assert_int_equal(policy_toml_to_yaml("t.toml", toml, strlen(toml), &yaml, err, sizeof(err)),
                         -EINVAL);
        /* "té" is no assertion name: the policy parser's error, on TOML line 12 */
        assert_non_null(strstr(err, "t.toml:12: "));
        const char *ok = "[[assertion]]\n"
                         "'name' = 'io_budget'\n"
                         "type = \"span_count\"\n"
                         "max_spans = 1_000\n"
                         "syscalls = [\n  \"write\", # the writes\n  'read',\n]\n"
                         "[[assertion]]\n"
                         "name = \"fast\"\n"
                         "type = \"critical_path\"\n"
                         "max_duration_ms = 2.5e1\n"
                         "enabled = false\n";
        assert_int_equal(policy_toml_to_yaml("t.toml", ok, strlen(ok), &yaml, err, sizeof(err)), 0);
        assert_int_equal(policy_parse_buffer("y", yaml, strlen(yaml), &p, err, sizeof(err)), 0);
        assert_int_equal(p->n, 2);
        assert_int_equal(p->assertions[0].max_spans, 1000);
        assert_true(p->assertions[0].has_syscalls);
        assert_true(p->assertions[1].max_duration_ms == 25);
        assert_false(p->assertions[1].enabled);
        policy_free(p);
        free(yaml);
}

static void test_errors(void **state)
{
        static const struct {
                const char *toml, *err;
        } cases[] = {
            {"", "f.toml:1:1: no [[assertion]] table"},
            {"name = \"x\"\n", "f.toml:1:1: key 'name' outside an [[assertion]] table"},
            {"[settings]\n", "f.toml:1:1: unsupported table [settings]"},
            {"[[assertion]]\nname = \"x\"\nname = \"y\"\n", "f.toml:3:1: duplicate key 'name'"},
            {"[[assertion]]\nname = \"x\n", "f.toml:2:8: unterminated string"},
            {"[[assertion]]\nname \"x\"\n", "f.toml:2:6: expected '=' after the key 'name'"},
            {"[[assertion]]\nmax_spans = 10 20\n", "f.toml:2:16: unexpected '2' after the value"},
            {"[[assertion]]\nx = {a = 1}\n", "f.toml:2:5: inline tables are not supported"},
            {"[[assertion]]\nx = 1979-05-27\n", "f.toml:2:5: dates and times are not supported"},
            {"[[assertion]]\nx = \"\"\"a\"\"\"\n", "f.toml:2:5: multi-line strings are not"},
            {"[[assertion]]\na.b = 1\n", "f.toml:2:2: dotted keys are not supported"},
            {"[[assertion]]\nx = 0777\n", "f.toml:2:5: leading zeros are not allowed"},
            {"[[assertion]]\nx = 99999999999999999999\n", "f.toml:2:5: integer out of range"},
            {"[[assertion]]\nx = \"\\q\"\n", "f.toml:2:6: invalid escape '\\q'"},
            {"[[assertion]]\nx = [1,,2]\n", "f.toml:2:8: two commas in an array"},
            {"[[assertion]]\nx = [1, 2\n", "f.toml:2:5: unterminated array"},
            {"[[assertion]]\nx = nan\n", "f.toml:2:5: inf and nan are not budgets"},
            {"[[assertion\n", "f.toml:1:1: malformed table header"},
            {"[[assertion]]\nx =\n", "f.toml:2:4: expected a value after '='"},
            {"[[assertion]]\nname = \"x\"\ntype = \"span_count\"\nmax_spans = 1\nbogus = 1\n",
             "f.toml:5: assertion 'x': unknown key 'bogus'"},
        };
        char *yaml = NULL, err[512];

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                err[0] = '\0';
                int r = policy_toml_to_yaml("f.toml", cases[i].toml, strlen(cases[i].toml), &yaml,
                                            err, sizeof(err));
                if (r != -EINVAL || strncmp(err, cases[i].err, strlen(cases[i].err)) != 0)
                        fail_msg("case %zu: %d '%s', want '%s'", i, r, err, cases[i].err);
                assert_null(strchr(err, '\n'));
        }
        char nul[] = "[[assertion]]\nname = \"a\0b\"\n";
        assert_int_equal(
            policy_toml_to_yaml("f.toml", nul, sizeof(nul) - 1, &yaml, err, sizeof(err)), -EINVAL);
        assert_non_null(strstr(err, "f.toml:2:10: NUL byte"));
}

static void test_sniffing(void **state)
{
        (void)state;
        assert_true(policy_text_is_toml("\n# c\n[[assertion]]\n", 18));
        assert_true(policy_text_is_toml("key = 1\n", 8));
        assert_false(policy_text_is_toml("version: 1\n", 11));
        assert_false(policy_text_is_toml("[1, 2]\n", 7));
        assert_false(policy_text_is_toml("- a\n", 4));
        assert_false(policy_text_is_toml("", 0));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_old_tool_example),
            cmocka_unit_test(test_values),
            cmocka_unit_test(test_errors),
            cmocka_unit_test(test_sniffing),
        };
        return cmocka_run_group_tests_name("policy-toml", tests, NULL, NULL);
}
