// SPDX-License-Identifier: MIT
#include "policy-toml.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

#define MAX_TABLES 1024
#define MAX_ARRAY  256

struct tparser {
        const char *name, *s, *end;
        size_t line;     /* 1-based */
        const char *bol; /* start of the current line */
        char *err;
        size_t errlen;
        FILE *out;    /* the YAML being written */
        size_t *ymap; /* TOML line of each YAML line, for errors */
        size_t ylines, ycap;
        size_t tables;
        bool in_assertion; /* a [[assertion]] table is open */
};

/* Messages quote the file's bytes: an error stays one printable line. */
static void one_line(char *s)
{
        for (; s && *s; s++)
                if ((unsigned char)*s < 0x20 || *s == 0x7f)
                        *s = '?';
}

static int failp(struct tparser *p, const char *at, const char *fmt, ...)
{
        va_list ap;
        char msg[256];

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        if (p->err && p->errlen) {
                snprintf(p->err, p->errlen, "%s:%zu:%zu: %s", p->name, p->line,
                         (size_t)(at - p->bol) + 1, msg);
                one_line(p->err);
        }
        return -EINVAL;
}

/* One YAML line, remembering the TOML line it came from. */
static int yline(struct tparser *p, const char *fmt, ...)
{
        va_list ap;

        if (p->ylines == p->ycap) {
                size_t cap = p->ycap ? p->ycap * 2 : 64;
                size_t *m = realloc(p->ymap, cap * sizeof(*m));
                if (!m)
                        return -ENOMEM;
                p->ymap = m;
                p->ycap = cap;
        }
        p->ymap[p->ylines++] = p->line;
        va_start(ap, fmt);
        vfprintf(p->out, fmt, ap);
        va_end(ap);
        fputc('\n', p->out);
        return 0;
}

static void skip_ws(struct tparser *p)
{
        while (p->s < p->end && (*p->s == ' ' || *p->s == '\t'))
                p->s++;
}

/* Whitespace, then a comment or nothing up to the end of the line. */
static int end_of_line(struct tparser *p)
{
        skip_ws(p);
        if (p->s < p->end && *p->s == '#') {
                while (p->s < p->end && *p->s != '\n') {
                        unsigned char c = (unsigned char)*p->s;
                        if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
                                return failp(p, p->s, "control character in a comment");
                        p->s++;
                }
        }
        if (p->s < p->end && *p->s == '\r')
                p->s++;
        if (p->s < p->end && *p->s != '\n')
                return failp(p, p->s, "unexpected '%c' after the value", *p->s);
        return 0;
}

static void next_line(struct tparser *p)
{
        if (p->s < p->end && *p->s == '\n')
                p->s++;
        p->line++;
        p->bol = p->s;
}

static bool is_bare(char c)
{
        return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* A value's YAML text goes into b (a memstream). */
static int put_utf8(FILE *b, uint32_t cp)
{
        if (cp < 0x80)
                fputc((int)cp, b);
        else if (cp < 0x800)
                fprintf(b, "%c%c", 0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
        else if (cp < 0x10000)
                fprintf(b, "%c%c%c", 0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f),
                        0x80 | (cp & 0x3f));
        else
                fprintf(b, "%c%c%c%c", 0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f),
                        0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
        return 0;
}

/* A YAML double-quoted scalar of the raw bytes s[0..n). */
static void yaml_quote(FILE *b, const char *s, size_t n)
{
        fputc('"', b);
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char)s[i];
                if (c == '"' || c == '\\')
                        fprintf(b, "\\%c", c);
                else if (c == '\n')
                        fputs("\\n", b);
                else if (c == '\t')
                        fputs("\\t", b);
                else if (c < 0x20 || c == 0x7f)
                        fprintf(b, "\\x%02x", c);
                else
                        fputc(c, b);
        }
        fputc('"', b);
}

/* "basic" or 'literal' string: its bytes (escapes resolved) into raw. */
static int parse_string(struct tparser *p, FILE *raw)
{
        char q = *p->s;
        const char *start = p->s;

        if (p->s + 2 < p->end && p->s[1] == q && p->s[2] == q)
                return failp(p, p->s, "multi-line strings are not supported");
        p->s++;
        for (;;) {
                if (p->s >= p->end || *p->s == '\n')
                        return failp(p, start, "unterminated string");
                unsigned char c = (unsigned char)*p->s;
                if (c == (unsigned char)q) {
                        p->s++;
                        return 0;
                }
                if ((c < 0x20 && c != '\t') || c == 0x7f)
                        return failp(p, p->s, "control character in a string");
                if (q == '\'' || c != '\\') {
                        fputc(c, raw);
                        p->s++;
                        continue;
                }
                const char *esc = p->s++;
                if (p->s >= p->end)
                        return failp(p, esc, "unterminated string");
                switch (*p->s++) {
                case 'b':
                        fputc('\b', raw);
                        break;
                case 't':
                        fputc('\t', raw);
                        break;
                case 'n':
                        fputc('\n', raw);
                        break;
                case 'f':
                        fputc('\f', raw);
                        break;
                case 'r':
                        fputc('\r', raw);
                        break;
                case 'e':
                        fputc(0x1b, raw);
                        break;
                case '"':
                        fputc('"', raw);
                        break;
                case '\\':
                        fputc('\\', raw);
                        break;
                case 'u':
                case 'U': {
                        int digits = p->s[-1] == 'u' ? 4 : 8;
                        uint32_t cp = 0;
                        for (int i = 0; i < digits; i++, p->s++) {
                                if (p->s >= p->end || !isxdigit((unsigned char)*p->s))
                                        return failp(p, esc, "invalid \\%c escape",
                                                     digits == 4 ? 'u' : 'U');
                                char h = *p->s;
                                cp = cp * 16 +
                                     (uint32_t)(isdigit((unsigned char)h)
                                                    ? h - '0'
                                                    : (tolower((unsigned char)h) - 'a' + 10));
                        }
                        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0)
                                return failp(p, esc, "invalid code point in \\%c escape",
                                             digits == 4 ? 'u' : 'U');
                        put_utf8(raw, cp);
                        break;
                }
                default:
                        return failp(p, esc, "invalid escape '\\%c'", p->s[-1]);
                }
        }
}

/* Integer or float as TOML writes them, into YAML's form (no _, decimal). */
static int parse_number(struct tparser *p, FILE *b)
{
        const char *start = p->s;
        char buf[80];
        size_t n = 0;
        bool is_float = false, prev_digit = false;

        if (p->s < p->end && (*p->s == '+' || *p->s == '-'))
                buf[n++] = *p->s++;
        if (p->end - p->s >= 3 && (!strncmp(p->s, "inf", 3) || !strncmp(p->s, "nan", 3)))
                return failp(p, start, "inf and nan are not budgets");
        if (p->end - p->s > 2 && p->s[0] == '0' && strchr("xob", p->s[1])) {
                int base = p->s[1] == 'x' ? 16 : p->s[1] == 'o' ? 8 : 2;
                uint64_t v = 0;
                p->s += 2;
                if (n)
                        return failp(p, start, "a sign is not allowed before 0x, 0o or 0b");
                const char *digits = p->s;
                while (p->s < p->end && (isxdigit((unsigned char)*p->s) || *p->s == '_')) {
                        char c = *p->s++;
                        if (c == '_')
                                continue;
                        int d = isdigit((unsigned char)c) ? c - '0'
                                                          : tolower((unsigned char)c) - 'a' + 10;
                        if (d >= base)
                                return failp(p, start, "invalid digit '%c'", c);
                        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
                                return failp(p, start, "integer out of range");
                        v = v * (uint64_t)base + (uint64_t)d;
                }
                if (p->s == digits)
                        return failp(p, start, "no digits after the base prefix");
                fprintf(b, "%llu", (unsigned long long)v);
                return 0;
        }
        while (p->s < p->end && n < sizeof(buf) - 1) {
                char c = *p->s;
                if (isdigit((unsigned char)c)) {
                        buf[n++] = c;
                        prev_digit = true;
                } else if (c == '_' && prev_digit && p->s + 1 < p->end &&
                           isdigit((unsigned char)p->s[1])) {
                        prev_digit = false;
                } else if (c == '.' || c == 'e' || c == 'E' ||
                           ((c == '+' || c == '-') && n &&
                            (buf[n - 1] == 'e' || buf[n - 1] == 'E'))) {
                        is_float = true;
                        buf[n++] = c;
                        prev_digit = false;
                } else {
                        break;
                }
                p->s++;
        }
        buf[n] = '\0';
        char *endp;
        errno = 0;
        if (is_float) {
                double d = strtod(buf, &endp);
                if (*endp || errno || buf[n - 1] == '.' || strstr(buf, ".e") || strstr(buf, ".E") ||
                    (buf[0] == '.' || (n > 1 && buf[1] == '.' && (buf[0] == '-' || buf[0] == '+'))))
                        return failp(p, start, "invalid number");
                (void)d;
                fputs(buf, b);
                return 0;
        }
        if (!n || (n == 1 && (buf[0] == '+' || buf[0] == '-')))
                return failp(p, start, "expected a value (string, number, boolean or array)");
        long long v = strtoll(buf, &endp, 10);
        if (*endp || errno)
                return failp(p, start, "integer out of range");
        const char *digits = buf + (buf[0] == '-' || buf[0] == '+');
        if (digits[0] == '0' && digits[1])
                return failp(p, start, "leading zeros are not allowed");
        fprintf(b, "%lld", v);
        return 0;
}

static int parse_value(struct tparser *p, FILE *b, int depth);

static int parse_array(struct tparser *p, FILE *b, int depth)
{
        const char *start = p->s, *sbol = p->bol;
        size_t sline = p->line;
        int n = 0;

        if (depth > 4)
                return failp(p, start, "arrays nested too deep");
        p->s++;
        fputc('[', b);
        for (;;) {
                /* arrays may span lines, with comments between the items */
                for (;;) {
                        skip_ws(p);
                        if (p->s < p->end && *p->s == '#')
                                while (p->s < p->end && *p->s != '\n')
                                        p->s++;
                        if (p->s < p->end && *p->s == '\r')
                                p->s++;
                        if (p->s < p->end && *p->s == '\n') {
                                next_line(p);
                                continue;
                        }
                        break;
                }
                if (p->s >= p->end) {
                        p->line = sline; /* name the line the array began on */
                        p->bol = sbol;
                        return failp(p, start, "unterminated array");
                }
                if (*p->s == ']') {
                        p->s++;
                        fputc(']', b);
                        return 0;
                }
                if (n && *p->s == ',')
                        return failp(p, p->s, "two commas in an array");
                if (++n > MAX_ARRAY)
                        return failp(p, p->s, "more than %d items in an array", MAX_ARRAY);
                if (n > 1)
                        fputs(", ", b);
                int r = parse_value(p, b, depth + 1);
                if (r < 0)
                        return r;
                skip_ws(p);
                if (p->s < p->end && *p->s == ',')
                        p->s++;
                else if (p->s < p->end && *p->s != ']' && *p->s != '\n' && *p->s != '#' &&
                         *p->s != '\r')
                        return failp(p, p->s, "expected ',' or ']' in an array");
        }
}

static int parse_value(struct tparser *p, FILE *b, int depth)
{
        if (p->s >= p->end || *p->s == '\n')
                return failp(p, p->s, "expected a value after '='");
        char c = *p->s;
        if (c == '"' || c == '\'') {
                char *raw = NULL;
                size_t len = 0;
                FILE *rf = open_memstream(&raw, &len);
                if (!rf)
                        return -ENOMEM;
                int r = parse_string(p, rf);
                fclose(rf);
                if (r == 0)
                        yaml_quote(b, raw, len);
                free(raw);
                return r;
        }
        if (c == '[')
                return parse_array(p, b, depth);
        if (c == '{')
                return failp(p, p->s, "inline tables are not supported");
        if (p->end - p->s >= 4 && !strncmp(p->s, "true", 4) &&
            (p->end - p->s == 4 || !is_bare(p->s[4]))) {
                p->s += 4;
                fputs("true", b);
                return 0;
        }
        if (p->end - p->s >= 5 && !strncmp(p->s, "false", 5) &&
            (p->end - p->s == 5 || !is_bare(p->s[5]))) {
                p->s += 5;
                fputs("false", b);
                return 0;
        }
        /* dates (1979-05-27, 07:32:00) start like numbers */
        const char *q = p->s;
        while (q < p->end && isdigit((unsigned char)*q))
                q++;
        if (q > p->s && q < p->end && (*q == '-' || *q == ':') && q - p->s >= 2)
                return failp(p, p->s, "dates and times are not supported");
        return parse_number(p, b);
}

/* key: bare, or "quoted" / 'quoted'; dotted keys are refused. */
static int parse_key(struct tparser *p, char *key, size_t len)
{
        const char *start = p->s;
        size_t n = 0;

        if (p->s < p->end && (*p->s == '"' || *p->s == '\'')) {
                char *raw = NULL;
                size_t rlen = 0;
                FILE *rf = open_memstream(&raw, &rlen);
                if (!rf)
                        return -ENOMEM;
                int r = parse_string(p, rf);
                fclose(rf);
                if (r == 0 && (rlen == 0 || rlen >= len || memchr(raw, '\0', rlen)))
                        r = failp(p, start, rlen ? "key too long" : "empty key");
                if (r == 0) {
                        memcpy(key, raw, rlen);
                        key[rlen] = '\0';
                }
                free(raw);
                return r;
        }
        while (p->s < p->end && is_bare(*p->s)) {
                if (n + 1 >= len)
                        return failp(p, start, "key too long");
                key[n++] = *p->s++;
        }
        key[n] = '\0';
        if (!n)
                return failp(p, start, "expected a key, a [[assertion]] header or a comment");
        skip_ws(p);
        if (p->s < p->end && *p->s == '.')
                return failp(p, p->s, "dotted keys are not supported");
        return 0;
}

static int parse_header(struct tparser *p)
{
        const char *start = p->s;
        bool array = p->end - p->s >= 2 && p->s[1] == '[';
        char name[64];
        size_t n = 0;

        p->s += array ? 2 : 1;
        skip_ws(p);
        while (p->s < p->end && (is_bare(*p->s) || *p->s == '.') && n + 1 < sizeof(name))
                name[n++] = *p->s++;
        name[n] = '\0';
        skip_ws(p);
        if (!n || p->end - p->s < (array ? 2 : 1) || p->s[0] != ']' || (array && p->s[1] != ']'))
                return failp(p, start, "malformed table header");
        p->s += array ? 2 : 1;
        if (!array || strcmp(name, "assertion") != 0)
                return failp(p, start,
                             "unsupported table %s%s%s (renacer.toml holds [[assertion]] tables)",
                             array ? "[[" : "[", name, array ? "]]" : "]");
        if (++p->tables > MAX_TABLES)
                return failp(p, start, "more than %d assertions", MAX_TABLES);
        p->in_assertion = true;
        return 0;
}

static int convert(struct tparser *p)
{
        bool first_key = false;
        char seen[64][64];
        size_t nseen = 0;
        int r;

        if ((r = yline(p, "# Converted from %s by renacerctl policy import.", p->name)) < 0 ||
            (r = yline(p, "version: 1")) < 0 || (r = yline(p, "assertions:")) < 0)
                return r;
        while (p->s < p->end) {
                skip_ws(p);
                if (p->s >= p->end)
                        break;
                if (*p->s == '#' || *p->s == '\n' || *p->s == '\r') {
                        if ((r = end_of_line(p)) < 0)
                                return r;
                        next_line(p);
                        continue;
                }
                if (*p->s == '[') {
                        if ((r = parse_header(p)) < 0 || (r = end_of_line(p)) < 0)
                                return r;
                        first_key = true;
                        nseen = 0;
                        next_line(p);
                        continue;
                }
                const char *kstart = p->s;
                char key[64];
                if ((r = parse_key(p, key, sizeof(key))) < 0)
                        return r;
                if (!p->in_assertion)
                        return failp(p, kstart, "key '%s' outside an [[assertion]] table", key);
                for (size_t i = 0; i < nseen; i++)
                        if (!strcmp(seen[i], key))
                                return failp(p, kstart, "duplicate key '%s'", key);
                if (nseen < 64)
                        snprintf(seen[nseen++], sizeof(seen[0]), "%s", key);
                skip_ws(p);
                if (p->s >= p->end || *p->s != '=')
                        return failp(p, p->s, "expected '=' after the key '%s'", key);
                p->s++;
                skip_ws(p);
                size_t kline = p->line;
                char *val = NULL;
                size_t vlen = 0;
                FILE *vb = open_memstream(&val, &vlen);
                if (!vb)
                        return -ENOMEM;
                r = parse_value(p, vb, 0);
                fclose(vb);
                if (r == 0)
                        r = end_of_line(p);
                if (r == 0) {
                        size_t here = p->line;
                        p->line = kline; /* errors on this item name its key's line */
                        char qk[160];
                        char *kb = NULL;
                        size_t kl = 0;
                        FILE *kf = open_memstream(&kb, &kl);
                        if (!kf) {
                                free(val);
                                return -ENOMEM;
                        }
                        /* keys the policy knows are plain; others quoted */
                        bool plain = true;
                        for (const char *c = key; *c; c++)
                                plain &= isalnum((unsigned char)*c) || *c == '_';
                        if (plain)
                                fputs(key, kf);
                        else
                                yaml_quote(kf, key, strlen(key));
                        fclose(kf);
                        snprintf(qk, sizeof(qk), "%s", kb);
                        free(kb);
                        r = yline(p, "  %s%s: %s", first_key ? "- " : "  ", qk, val);
                        first_key = false;
                        p->line = here;
                }
                free(val);
                if (r < 0)
                        return r;
                next_line(p);
        }
        if (!p->tables)
                return failp(p, p->s, "no [[assertion]] table");
        return 0;
}

/* "name:L:C: msg" from the policy parser, with L a YAML line: name the
 * TOML line it came from instead. */
static void translate_error(struct tparser *p, const char *yname, const char *yerr)
{
        size_t nl = strlen(yname), yl, col;
        const char *rest;
        char *endp;

        if (strncmp(yerr, yname, nl) != 0 || yerr[nl] != ':')
                goto as_is;
        yl = strtoul(yerr + nl + 1, &endp, 10);
        if (*endp != ':' || yl == 0 || yl > p->ylines)
                goto as_is;
        col = strtoul(endp + 1, &endp, 10);
        (void)col;
        if (*endp != ':')
                goto as_is;
        rest = endp + 1;
        while (*rest == ' ')
                rest++;
        snprintf(p->err, p->errlen, "%s:%zu: %s", p->name, p->ymap[yl - 1], rest);
        one_line(p->err);
        return;
as_is:
        snprintf(p->err, p->errlen, "%s: %s", p->name, yerr);
        one_line(p->err);
}

int policy_toml_to_yaml(const char *name, const char *text, size_t len, char **ret_yaml, char *err,
                        size_t errlen)
{
        struct tparser p = {.name = name,
                            .s = text,
                            .end = text + len,
                            .line = 1,
                            .bol = text,
                            .err = err,
                            .errlen = errlen};
        char *buf = NULL;
        size_t blen = 0;
        int r;

        if (err && errlen)
                err[0] = '\0';
        if (len > POLICY_TOML_MAX) {
                if (err && errlen)
                        snprintf(err, errlen, "%s: larger than %u bytes", name, POLICY_TOML_MAX);
                return -EFBIG;
        }
        if (memchr(text, '\0', len)) {
                const char *z = memchr(text, '\0', len);
                for (const char *c = text; c < z; c++)
                        if (*c == '\n')
                                p.line++, p.bol = c + 1;
                return failp(&p, z, "NUL byte");
        }
        p.out = open_memstream(&buf, &blen);
        if (!p.out)
                return -ENOMEM;
        r = convert(&p);
        if (fclose(p.out) != 0 && r == 0)
                r = -ENOMEM;
        if (r == 0) {
                /* the policy parser has the last word on keys and values */
                struct policy *pol = NULL;
                char yerr[512];
                r = policy_parse_buffer("converted", buf, blen, &pol, yerr, sizeof(yerr));
                if (r == -EINVAL && err && errlen)
                        translate_error(&p, "converted", yerr);
                policy_free(pol);
        }
        free(p.ymap);
        if (r < 0) {
                free(buf);
                return r;
        }
        *ret_yaml = buf;
        return 0;
}

bool policy_text_is_toml(const char *text, size_t len)
{
        const char *s = text, *end = text + len;

        while (s < end) {
                const char *eol = memchr(s, '\n', (size_t)(end - s));
                const char *le = eol ? eol : end;
                while (s < le && (*s == ' ' || *s == '\t' || *s == '\r'))
                        s++;
                if (s == le || *s == '#') {
                        s = eol ? eol + 1 : end;
                        continue;
                }
                if (*s == '[') {
                        /* a YAML flow list ends its line with ']' too, but a
                         * TOML header is [name] or [[name]] with a bare name */
                        const char *q = s + 1 + (s + 1 < le && s[1] == '[');
                        const char *n0 = q;
                        while (q < le && is_bare(*q))
                                q++;
                        return q > n0 && q < le && *q == ']';
                }
                while (s < le && is_bare(*s))
                        s++;
                while (s < le && (*s == ' ' || *s == '\t'))
                        s++;
                return s < le && *s == '=';
        }
        return false;
}
