// SPDX-License-Identifier: MIT
#include "filter.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <regex.h>

#include "suggest.h"
#include "syscall-names.h"

void filter_all(struct filter *f)
{
        memset(f->bits, 0xff, sizeof(f->bits));
}

bool filter_has(const struct filter *f, int nr)
{
        if (nr < 0 || nr >= RENACER_SYSCALL_MAX)
                return false;
        return f->bits[nr >> 6] & (1ULL << (nr & 63));
}

bool filter_is_all(const struct filter *f)
{
        for (size_t i = 0; i < RENACER_FILTER_WORDS; i++)
                if (f->bits[i] != ~0ULL)
                        return false;
        return true;
}

static int fail(char *err, size_t errlen, const char *expr, size_t col, size_t toklen,
                const char *why)
{
        snprintf(err, errlen, "%s '%.*s' at column %zu of '%s'", why, (int)toklen, expr + col,
                 col + 1, expr);
        return -EINVAL;
}

int filter_parse(const char *expr, struct filter *out, char *err, size_t errlen)
{
        const char *set = expr;
        bool negate = false;
        struct filter f;
        size_t pos;

        memset(&f, 0, sizeof(f));
        const char *eq = strchr(expr, '=');
        if (eq) {
                size_t qlen = (size_t)(eq - expr);
                /* strace also knows t= as a short form of trace= */
                bool is_trace =
                    (qlen == 5 && strncmp(expr, "trace", 5) == 0) || (qlen == 1 && expr[0] == 't');
                if (!is_trace)
                        return fail(err, errlen, expr, 0, qlen, "unsupported qualifier");
                set = eq + 1;
        }
        pos = (size_t)(set - expr);
        if (expr[pos] == '!') {
                negate = true;
                pos++;
        }
        if (expr[pos] == '\0')
                return fail(err, errlen, expr, pos, 0, "empty syscall set");

        while (expr[pos]) {
                size_t start = pos, len;
                char tok[64];

                while (expr[pos] && expr[pos] != ',')
                        pos++;
                len = pos - start;
                if (len == 0 || len >= sizeof(tok))
                        return fail(err, errlen, expr, start, len,
                                    len ? "token too long" : "empty token");
                memcpy(tok, expr + start, len);
                tok[len] = '\0';

                if (strcmp(tok, "all") == 0) {
                        filter_all(&f);
                } else if (strcmp(tok, "none") == 0) {
                        /* adds nothing */
                } else if (tok[0] == '/') {
                        /* strace: /REGEX selects every name it matches */
                        regex_t re;
                        int hits = 0;
                        if (!tok[1] || regcomp(&re, tok + 1, REG_EXTENDED | REG_NOSUB) != 0)
                                return fail(err, errlen, expr, start, len,
                                            "invalid regular expression");
                        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++) {
                                const char *name = syscall_name(nr);
                                if (strncmp(name, "syscall_", 8) != 0 &&
                                    regexec(&re, name, 0, NULL, 0) == 0) {
                                        f.bits[nr >> 6] |= 1ULL << (nr & 63);
                                        hits++;
                                }
                        }
                        regfree(&re);
                        if (!hits)
                                return fail(err, errlen, expr, start, len,
                                            "no syscall matches regular expression");
                } else if (tok[0] == '%') {
                        uint64_t bits[RENACER_FILTER_WORDS] = {0};
                        if (syscall_class_bitmap(tok + 1, bits) < 0)
                                return fail(err, errlen, expr, start, len, "unknown syscall class");
                        for (size_t i = 0; i < RENACER_FILTER_WORDS; i++)
                                f.bits[i] |= bits[i];
                } else {
                        /* strace: ?name is ignored where it does not exist */
                        bool optional = tok[0] == '?';
                        int nr = syscall_number(tok + optional);
                        if (nr >= 0 && nr < RENACER_SYSCALL_MAX) {
                                f.bits[nr >> 6] |= 1ULL << (nr & 63);
                        } else if (!optional) {
                                int r = fail(err, errlen, expr, start, len, "unknown syscall");
                                const char *near = err && errlen ? suggest_syscall(tok) : NULL;
                                size_t used = near ? strlen(err) : 0;
                                if (near && used + 1 < errlen)
                                        snprintf(err + used, errlen - used, " (did you mean '%s'?)",
                                                 near);
                                return r;
                        }
                }
                if (expr[pos] == ',') {
                        pos++;
                        if (expr[pos] == '\0')
                                return fail(err, errlen, expr, pos, 0, "empty token");
                }
        }
        if (negate)
                for (size_t i = 0; i < RENACER_FILTER_WORDS; i++)
                        f.bits[i] = ~f.bits[i];
        *out = f;
        return 0;
}
