// SPDX-License-Identifier: MIT
/* filter_parse: strace's -e trace=SET expressions. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "filter.h"
#include "syscall-names.h"

/* x86_64 numbers, spelled out so a wrong name table shows up here too. */
#define NR_READ       0
#define NR_WRITE      1
#define NR_OPEN       2
#define NR_CLOSE      3
#define NR_SOCKET     41
#define NR_CONNECT    42
#define NR_EXECVE     59
#define NR_EXIT_GROUP 231
#define NR_OPENAT     257

static size_t count_bits(const struct filter *f)
{
        size_t n = 0;

        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++)
                n += filter_has(f, nr);
        return n;
}

static void parse_ok(const char *expr, struct filter *f)
{
        char err[256] = "";
        int r = filter_parse(expr, f, err, sizeof(err));

        if (r != 0)
                fail_msg("filter_parse(\"%s\") = %d: %s", expr, r, err);
}

/* Parse must fail with -EINVAL, name `token` in quotes and its column, and
 * leave the output untouched. */
static void parse_err(const char *expr, const char *why, const char *token, size_t col)
{
        char err[512], want[512];
        struct filter f;

        memset(&f, 0xa5, sizeof(f));
        memset(err, 0, sizeof(err));
        assert_int_equal(filter_parse(expr, &f, err, sizeof(err)), -EINVAL);
        snprintf(want, sizeof(want), "%s '%s' at column %zu of '%s'", why, token, col, expr);
        /* a suggestion may follow: " (did you mean 'write'?)" */
        assert_memory_equal(err, want, strlen(want));
        assert_true(err[strlen(want)] == '\0' ||
                    !strncmp(err + strlen(want), " (did you mean '", 16));
        for (size_t i = 0; i < RENACER_FILTER_WORDS; i++)
                assert_true(f.bits[i] == 0xa5a5a5a5a5a5a5a5ULL);
}

static void test_all_helpers(void **state)
{
        struct filter f;

        (void)state;
        memset(&f, 0, sizeof(f));
        assert_false(filter_is_all(&f));
        assert_false(filter_has(&f, NR_READ));
        filter_all(&f);
        assert_true(filter_is_all(&f));
        assert_true(filter_has(&f, 0));
        assert_true(filter_has(&f, RENACER_SYSCALL_MAX - 1));
        /* out of range is never traced, even with every bit set */
        assert_false(filter_has(&f, -1));
        assert_false(filter_has(&f, RENACER_SYSCALL_MAX));
        assert_false(filter_has(&f, 1 << 30));
        f.bits[RENACER_FILTER_WORDS - 1] &= ~(1ULL << 63);
        assert_false(filter_is_all(&f));
        assert_false(filter_has(&f, RENACER_SYSCALL_MAX - 1));
}

static void test_names(void **state)
{
        struct filter f;

        (void)state;
        parse_ok("read", &f);
        assert_true(filter_has(&f, NR_READ));
        assert_int_equal(count_bits(&f), 1);

        parse_ok("read,write,openat", &f);
        assert_true(filter_has(&f, NR_READ));
        assert_true(filter_has(&f, NR_WRITE));
        assert_true(filter_has(&f, NR_OPENAT));
        assert_false(filter_has(&f, NR_OPEN));
        assert_false(filter_has(&f, NR_CLOSE));
        assert_int_equal(count_bits(&f), 3);

        /* a name twice is the same set */
        parse_ok("close,close", &f);
        assert_true(filter_has(&f, NR_CLOSE));
        assert_int_equal(count_bits(&f), 1);

        /* a high word of the bitmap */
        parse_ok("exit_group", &f);
        assert_true(f.bits[NR_EXIT_GROUP / 64] == 1ULL << (NR_EXIT_GROUP % 64));
        assert_int_equal(count_bits(&f), 1);
}

static void test_trace_prefix(void **state)
{
        struct filter a, b, c;

        (void)state;
        parse_ok("trace=read,close", &a);
        parse_ok("read,close", &b);
        parse_ok("t=read,close", &c);
        assert_memory_equal(&a, &b, sizeof(a));
        assert_memory_equal(&a, &c, sizeof(a));
        assert_int_equal(count_bits(&a), 2);
        assert_true(filter_has(&a, NR_READ));
        assert_true(filter_has(&a, NR_CLOSE));

        parse_ok("trace=all", &a);
        assert_true(filter_is_all(&a));
        parse_ok("trace=!read", &a);
        assert_false(filter_has(&a, NR_READ));
        assert_int_equal(count_bits(&a), RENACER_SYSCALL_MAX - 1);
}

static void test_all_none(void **state)
{
        struct filter f;

        (void)state;
        parse_ok("all", &f);
        assert_true(filter_is_all(&f));
        assert_int_equal(count_bits(&f), RENACER_SYSCALL_MAX);

        parse_ok("none", &f);
        assert_int_equal(count_bits(&f), 0);
        for (size_t i = 0; i < RENACER_FILTER_WORDS; i++)
                assert_true(f.bits[i] == 0);

        parse_ok("none,read", &f);
        assert_int_equal(count_bits(&f), 1);
        assert_true(filter_has(&f, NR_READ));

        /* all wins over anything next to it */
        parse_ok("read,all", &f);
        assert_true(filter_is_all(&f));
}

static void test_negation(void **state)
{
        struct filter f;

        (void)state;
        parse_ok("!read,write", &f);
        assert_false(filter_has(&f, NR_READ));
        assert_false(filter_has(&f, NR_WRITE));
        assert_true(filter_has(&f, NR_OPENAT));
        assert_true(filter_has(&f, 511));
        assert_int_equal(count_bits(&f), RENACER_SYSCALL_MAX - 2);

        parse_ok("!all", &f);
        assert_int_equal(count_bits(&f), 0);

        parse_ok("!none", &f);
        assert_true(filter_is_all(&f));

        parse_ok("!%network", &f);
        assert_false(filter_has(&f, NR_SOCKET));
        assert_false(filter_has(&f, NR_CONNECT));
        assert_true(filter_has(&f, NR_READ));
}

/* strace's /REGEX and ?name, and a suggestion for a misspelt name. */
static void test_regex_optional_suggest(void **state)
{
        struct filter f;
        char err[256];

        (void)state;
        parse_ok("/^open", &f);
        assert_true(filter_has(&f, NR_OPEN));
        assert_true(filter_has(&f, NR_OPENAT));
        assert_false(filter_has(&f, NR_READ));
        parse_ok("trace=/^(read|write)$", &f);
        assert_int_equal(count_bits(&f), 2);
        assert_true(filter_has(&f, NR_READ));
        parse_ok("?no_such_call,read", &f);
        assert_int_equal(count_bits(&f), 1);
        assert_int_equal(filter_parse("/^zz_nothing", &f, err, sizeof(err)), -EINVAL);
        assert_non_null(strstr(err, "no syscall matches"));
        assert_int_equal(filter_parse("/(", &f, err, sizeof(err)), -EINVAL);
        assert_non_null(strstr(err, "invalid regular expression"));
        assert_int_equal(filter_parse("opnat", &f, err, sizeof(err)), -EINVAL);
        assert_non_null(strstr(err, "(did you mean 'openat'?)"));
        /* nothing close: no suggestion */
        assert_int_equal(filter_parse("qqqqqqqq", &f, err, sizeof(err)), -EINVAL);
        assert_null(strstr(err, "did you mean"));
}

static void test_classes(void **state)
{
        struct filter f, g;
        uint64_t bits[RENACER_FILTER_WORDS] = {0};

        (void)state;
        parse_ok("%file", &f);
        assert_true(filter_has(&f, NR_OPEN));
        assert_true(filter_has(&f, NR_OPENAT));
        assert_false(filter_has(&f, NR_READ));
        assert_false(filter_has(&f, NR_CLOSE));
        assert_false(filter_has(&f, NR_SOCKET));
        /* exactly what the class table says */
        assert_true(syscall_class_bitmap("file", bits) > 0);
        assert_memory_equal(f.bits, bits, sizeof(bits));
        assert_int_equal(count_bits(&f), syscall_class_bitmap("file", bits));

        parse_ok("%network", &f);
        assert_true(filter_has(&f, NR_SOCKET));
        assert_true(filter_has(&f, NR_CONNECT));
        assert_false(filter_has(&f, NR_OPENAT));

        parse_ok("%process", &f);
        assert_true(filter_has(&f, NR_EXECVE));
        assert_true(filter_has(&f, NR_EXIT_GROUP));
        assert_false(filter_has(&f, NR_READ));

        /* classes and names mix: union */
        parse_ok("%network,read", &g);
        assert_true(filter_has(&g, NR_READ));
        assert_true(filter_has(&g, NR_SOCKET));
        assert_false(filter_has(&g, NR_WRITE));
        parse_ok("%network", &f);
        assert_int_equal(count_bits(&g), count_bits(&f) + 1);
}

static void test_errors(void **state)
{
        (void)state;
        parse_err("bogus", "unknown syscall", "bogus", 1);
        parse_err("read,bogus", "unknown syscall", "bogus", 6);
        parse_err("trace=read,bogus", "unknown syscall", "bogus", 12);
        parse_err("!read,nosuchcall", "unknown syscall", "nosuchcall", 7);
        /* names are exact: no case folding, no blanks */
        parse_err("READ", "unknown syscall", "READ", 1);
        parse_err("read, write", "unknown syscall", " write", 6);
        /* "!" only negates the whole set, in front */
        parse_err("read,!write", "unknown syscall", "!write", 6);

        parse_err("%bogus", "unknown syscall class", "%bogus", 1);
        parse_err("trace=read,%nope", "unknown syscall class", "%nope", 12);
        parse_err("%", "unknown syscall class", "%", 1);

        parse_err("read,,write", "empty token", "", 6);
        parse_err(",read", "empty token", "", 1);
        parse_err("read,", "empty token", "", 6);
        parse_err("trace=read,write,", "empty token", "", 18);

        parse_err("", "empty syscall set", "", 1);
        parse_err("trace=", "empty syscall set", "", 7);
        parse_err("!", "empty syscall set", "", 2);
        parse_err("t=!", "empty syscall set", "", 4);

        parse_err("signal=all", "unsupported qualifier", "signal", 1);
        parse_err("abbrev=none", "unsupported qualifier", "abbrev", 1);
        parse_err("=read", "unsupported qualifier", "", 1);
        parse_err("tracee=read", "unsupported qualifier", "tracee", 1);
        parse_err("!trace=read", "unsupported qualifier", "!trace", 1);
}

static void test_token_too_long(void **state)
{
        char expr[128], tok[80];
        struct filter f;

        (void)state;
        /* 63 bytes is the longest token the parser takes: unknown, not too long */
        memset(tok, 'x', 63);
        tok[63] = '\0';
        snprintf(expr, sizeof(expr), "read,%s", tok);
        parse_err(expr, "unknown syscall", tok, 6);

        memset(tok, 'x', 64);
        tok[64] = '\0';
        snprintf(expr, sizeof(expr), "read,%s", tok);
        parse_err(expr, "token too long", tok, 6);

        /* a valid prefix does not leak into the output */
        memset(&f, 0, sizeof(f));
        assert_int_equal(filter_parse(expr, &f, NULL, 0), -EINVAL);
        assert_int_equal(count_bits(&f), 0);
}

static void test_small_error_buffer(void **state)
{
        char err[8];
        struct filter f;

        (void)state;
        memset(err, 'Z', sizeof(err));
        assert_int_equal(filter_parse("read,bogus", &f, err, sizeof(err)), -EINVAL);
        /* truncated, still terminated */
        assert_string_equal(err, "unknown");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_all_helpers),
            cmocka_unit_test(test_names),
            cmocka_unit_test(test_regex_optional_suggest),
            cmocka_unit_test(test_trace_prefix),
            cmocka_unit_test(test_all_none),
            cmocka_unit_test(test_negation),
            cmocka_unit_test(test_classes),
            cmocka_unit_test(test_errors),
            cmocka_unit_test(test_token_too_long),
            cmocka_unit_test(test_small_error_buffer),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
