// SPDX-License-Identifier: MIT
#include "otlp-config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Messages quote what they refuse, which may hold anything: keep them one
 * printable line. */
static void errmsg(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void errmsg(char *err, size_t errlen, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
        for (char *p = err; *p; p++)
                if ((unsigned char)*p < 0x20 || *p == 0x7f)
                        *p = '?';
}

void otlp_config_init(struct otlp_config *c)
{
        memset(c, 0, sizeof(*c));
        c->slow_call_ns = OTLP_DEFAULT_SLOW_CALL;
        c->timeout_ms = OTLP_DEFAULT_TIMEOUT_MS;
        c->max_queue = OTLP_DEFAULT_QUEUE;
        c->max_batch = OTLP_DEFAULT_BATCH;
        c->delay_ms = OTLP_DEFAULT_DELAY_MS;
}

static void free_kv(struct otlp_kv *kv, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(kv[i].key);
                free(kv[i].value);
        }
        free(kv);
}

void otlp_config_free(struct otlp_config *c)
{
        free(c->endpoint);
        free_kv(c->headers, c->nheaders);
        free(c->service_name);
        free_kv(c->resource, c->nresource);
        otlp_config_init(c);
}

static bool printable(const char *s)
{
        for (; *s; s++)
                if ((unsigned char)*s < 0x20 || *s == 0x7f)
                        return false;
        return true;
}

int otlp_config_set_endpoint(struct otlp_config *c, const char *url, char *err, size_t errlen)
{
        const char *rest;
        size_t n = strlen(url);
        char *s;

        if (!strncmp(url, "http://", 7))
                rest = url + 7;
        else if (!strncmp(url, "https://", 8))
                rest = url + 8;
        else {
                errmsg(err, errlen, "'%.64s' is not an http:// or https:// URL", url);
                return -EINVAL;
        }
        if (n > OTLP_MAX_URL || !printable(url) || strchr(url, ' ') || !*rest || *rest == '/') {
                errmsg(err, errlen,
                       "'%.64s' is not a valid URL (need http[s]://HOST[:PORT][/PATH])", url);
                return -EINVAL;
        }
        const char *path = strchr(rest, '/');
        if (!path || !strcmp(path, "/")) {
                /* a bare collector address: the traces path of OTLP/HTTP */
                if (asprintf(&s, "%.*s/v1/traces", (int)(path ? (size_t)(path - url) : n), url) < 0)
                        return -ENOMEM;
        } else if (!(s = strdup(url))) {
                return -ENOMEM;
        }
        free(c->endpoint);
        c->endpoint = s;
        return 0;
}

static int hexval(int ch)
{
        if (ch >= '0' && ch <= '9')
                return ch - '0';
        if (ch >= 'a' && ch <= 'f')
                return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F')
                return ch - 'A' + 10;
        return -1;
}

/* Trimmed, percent-decoded copy of s[0..n); NULL with errno on a bad escape,
 * a NUL byte or no memory. */
static char *decode(const char *s, size_t n)
{
        char *out, *o;

        while (n && (*s == ' ' || *s == '\t'))
                s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                n--;
        out = o = malloc(n + 1);
        if (!out)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                if (s[i] != '%') {
                        *o++ = s[i];
                        continue;
                }
                int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
                int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
                if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                        free(out);
                        errno = EINVAL;
                        return NULL;
                }
                *o++ = (char)(hi << 4 | lo);
                i += 2;
        }
        *o = '\0';
        return out;
}

typedef int (*kv_add_fn)(struct otlp_config *c, const char *key, const char *value, char *err,
                         size_t errlen);

static int parse_list(struct otlp_config *c, const char *what, const char *list, kv_add_fn add,
                      char *err, size_t errlen)
{
        size_t len = strlen(list);

        if (len > OTLP_MAX_KV_TEXT) {
                errmsg(err, errlen, "%s: longer than %u bytes", what, OTLP_MAX_KV_TEXT);
                return -EINVAL;
        }
        for (const char *p = list; *p;) {
                const char *comma = strchr(p, ',');
                size_t n = comma ? (size_t)(comma - p) : strlen(p);
                const char *eq = memchr(p, '=', n);
                char *key = NULL, *value = NULL;
                int r;

                if (!eq) {
                        /* empty items (a trailing comma) are harmless */
                        bool blank = true;
                        for (size_t i = 0; i < n; i++)
                                blank &= p[i] == ' ' || p[i] == '\t';
                        if (!blank) {
                                errmsg(err, errlen, "%s: '%.*s' is not KEY=VALUE", what,
                                       (int)(n > 64 ? 64 : n), p);
                                return -EINVAL;
                        }
                } else {
                        key = decode(p, (size_t)(eq - p));
                        value = key ? decode(eq + 1, n - (size_t)(eq - p) - 1) : NULL;
                        if (!key || !value) {
                                int e = errno;
                                free(key);
                                free(value);
                                if (e == ENOMEM)
                                        return -ENOMEM;
                                errmsg(err, errlen, "%s: bad %%-escape in '%.*s'", what,
                                       (int)(n > 64 ? 64 : n), p);
                                return -EINVAL;
                        }
                        r = add(c, key, value, err, errlen);
                        free(key);
                        free(value);
                        if (r < 0)
                                return r;
                }
                p = comma ? comma + 1 : p + n;
        }
        return 0;
}

static bool http_token(const char *s)
{
        if (!*s)
                return false;
        for (; *s; s++)
                if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
                    !(*s >= '0' && *s <= '9') && !strchr("!#$%&'*+-.^_`|~", *s))
                        return false;
        return true;
}

static int kv_put(struct otlp_kv **kv, size_t *n, size_t max, bool replace, const char *key,
                  const char *value)
{
        struct otlp_kv *v;

        for (size_t i = 0; replace && i < *n; i++)
                if (!strcmp((*kv)[i].key, key)) {
                        char *nv = strdup(value);
                        if (!nv)
                                return -ENOMEM;
                        free((*kv)[i].value);
                        (*kv)[i].value = nv;
                        return 0;
                }
        if (*n >= max)
                return -E2BIG;
        v = realloc(*kv, (*n + 1) * sizeof(*v));
        if (!v)
                return -ENOMEM;
        *kv = v;
        v[*n].key = strdup(key);
        v[*n].value = strdup(value);
        if (!v[*n].key || !v[*n].value) {
                free(v[*n].key);
                free(v[*n].value);
                return -ENOMEM;
        }
        (*n)++;
        return 0;
}

int otlp_config_add_header(struct otlp_config *c, const char *key, const char *value, char *err,
                           size_t errlen)
{
        int r;

        if (!http_token(key) || strlen(key) > 256) {
                errmsg(err, errlen, "header name '%.64s' is not an HTTP token", key);
                return -EINVAL;
        }
        if (!printable(value) || strlen(value) > OTLP_MAX_KV_TEXT) {
                errmsg(err, errlen, "header %.64s: the value holds control characters", key);
                return -EINVAL;
        }
        r = kv_put(&c->headers, &c->nheaders, OTLP_MAX_HEADERS, false, key, value);
        if (r == -E2BIG)
                errmsg(err, errlen, "more than %d headers", OTLP_MAX_HEADERS);
        return r == -E2BIG ? -EINVAL : r;
}

int otlp_config_add_resource_attr(struct otlp_config *c, const char *key, const char *value,
                                  char *err, size_t errlen)
{
        int r;

        if (!*key || strlen(key) > 256 || !printable(key)) {
                errmsg(err, errlen,
                       "resource attribute name '%.64s' is empty, too long or "
                       "holds control characters",
                       key);
                return -EINVAL;
        }
        if (strlen(value) > OTLP_MAX_KV_TEXT || !printable(value)) {
                errmsg(err, errlen,
                       "resource attribute %.64s: the value holds control "
                       "characters",
                       key);
                return -EINVAL;
        }
        r = kv_put(&c->resource, &c->nresource, OTLP_MAX_ATTRS, true, key, value);
        if (r == -E2BIG)
                errmsg(err, errlen, "more than %d resource attributes", OTLP_MAX_ATTRS);
        return r == -E2BIG ? -EINVAL : r;
}

int otlp_config_add_headers(struct otlp_config *c, const char *list, char *err, size_t errlen)
{
        return parse_list(c, "headers", list, otlp_config_add_header, err, errlen);
}

int otlp_config_add_resource(struct otlp_config *c, const char *list, char *err, size_t errlen)
{
        return parse_list(c, "resource attributes", list, otlp_config_add_resource_attr, err,
                          errlen);
}

static int env_uint(otlp_getenv_fn get, const char *name, unsigned long min, unsigned long max,
                    unsigned *ret, char *err, size_t errlen)
{
        const char *v = get(name);
        unsigned long x = 0;

        if (!v || !*v)
                return 0;
        for (const char *p = v; *p; p++) {
                if (*p < '0' || *p > '9' || x > max) {
                        x = max + 1;
                        break;
                }
                x = x * 10 + (unsigned long)(*p - '0');
        }
        if (x < min || x > max) {
                errmsg(err, errlen, "%s: '%.32s' is not an integer from %lu to %lu", name, v, min,
                       max);
                return -EINVAL;
        }
        *ret = (unsigned)x;
        return 0;
}

int otlp_config_from_env(struct otlp_config *c, otlp_getenv_fn get, char *err, size_t errlen)
{
        const char *v;
        int r, on = 0;

        if (((v = get("OTEL_SDK_DISABLED")) && !strcasecmp(v, "true")) ||
            ((v = get("OTEL_TRACES_EXPORTER")) && !strcasecmp(v, "none")))
                return 0;
        /* renacer speaks OTLP/HTTP with JSON bodies; a collector's HTTP
         * receiver takes them beside protobuf ones on the same path */
        const char *pname = get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
                                ? "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
                                : "OTEL_EXPORTER_OTLP_PROTOCOL";
        if ((v = get(pname)) && *v && strcmp(v, "http/json") && strcmp(v, "http/protobuf")) {
                errmsg(err, errlen,
                       "%s: '%.32s' is not supported (renacer exports OTLP/HTTP "
                       "with JSON: use http/json)",
                       pname, v);
                return -EINVAL;
        }
        if ((v = get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) && *v) {
                if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) {
                        errmsg(err, errlen,
                               "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '%.64s' is "
                               "not an http:// or https:// URL",
                               v);
                        return -EINVAL;
                }
                if (strlen(v) > OTLP_MAX_URL || !printable(v) || strchr(v, ' ')) {
                        errmsg(err, errlen, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: not a valid URL");
                        return -EINVAL;
                }
                char *s = strdup(v); /* signal-specific: used as is */
                if (!s)
                        return -ENOMEM;
                free(c->endpoint);
                c->endpoint = s;
                on = 1;
        } else if ((v = get("OTEL_EXPORTER_OTLP_ENDPOINT")) && *v) {
                char *s;
                size_t n = strlen(v);
                char tmp[256];

                r = otlp_config_set_endpoint(c, v, tmp, sizeof(tmp));
                if (r < 0) {
                        errmsg(err, errlen, "OTEL_EXPORTER_OTLP_ENDPOINT: %s", tmp);
                        return r;
                }
                /* the base URL of every signal: the traces path is appended
                 * whatever path it already has */
                while (n && v[n - 1] == '/')
                        n--;
                if (asprintf(&s, "%.*s/v1/traces", (int)n, v) < 0)
                        return -ENOMEM;
                free(c->endpoint);
                c->endpoint = s;
                on = 1;
        }
        const char *hname = get("OTEL_EXPORTER_OTLP_TRACES_HEADERS")
                                ? "OTEL_EXPORTER_OTLP_TRACES_HEADERS"
                                : "OTEL_EXPORTER_OTLP_HEADERS";
        if ((v = get(hname)) && *v) {
                char tmp[256];
                r = otlp_config_add_headers(c, v, tmp, sizeof(tmp));
                if (r < 0) {
                        errmsg(err, errlen, "%s: %s", hname, tmp);
                        return r;
                }
        }
        if ((v = get("OTEL_RESOURCE_ATTRIBUTES")) && *v) {
                char tmp[256];
                r = otlp_config_add_resource(c, v, tmp, sizeof(tmp));
                if (r < 0) {
                        errmsg(err, errlen, "OTEL_RESOURCE_ATTRIBUTES: %s", tmp);
                        return r;
                }
        }
        if ((v = get("OTEL_SERVICE_NAME")) && *v) {
                if (strlen(v) > 256 || !printable(v)) {
                        errmsg(err, errlen,
                               "OTEL_SERVICE_NAME: too long or holds control "
                               "characters");
                        return -EINVAL;
                }
                char *s = strdup(v);
                if (!s)
                        return -ENOMEM;
                free(c->service_name);
                c->service_name = s;
        }
        const char *tname = get("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT")
                                ? "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"
                                : "OTEL_EXPORTER_OTLP_TIMEOUT";
        if ((r = env_uint(get, tname, 1, OTLP_MAX_TIMEOUT_MS, &c->timeout_ms, err, errlen)) < 0 ||
            (r = env_uint(get, "OTEL_BSP_MAX_QUEUE_SIZE", 1, OTLP_MAX_QUEUE, &c->max_queue, err,
                          errlen)) < 0 ||
            (r = env_uint(get, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", 1, OTLP_MAX_QUEUE, &c->max_batch,
                          err, errlen)) < 0 ||
            (r = env_uint(get, "OTEL_BSP_SCHEDULE_DELAY", 0, OTLP_MAX_TIMEOUT_MS, &c->delay_ms, err,
                          errlen)) < 0)
                return r;
        return on;
}

int otlp_config_copy(struct otlp_config *dst, const struct otlp_config *src)
{
        char err[256];
        int r = 0;

        otlp_config_init(dst);
        dst->slow_call_ns = src->slow_call_ns;
        dst->timeout_ms = src->timeout_ms;
        dst->max_queue = src->max_queue;
        dst->max_batch = src->max_batch;
        dst->delay_ms = src->delay_ms;
        if ((src->endpoint && !(dst->endpoint = strdup(src->endpoint))) ||
            (src->service_name && !(dst->service_name = strdup(src->service_name))))
                r = -ENOMEM;
        for (size_t i = 0; r == 0 && i < src->nheaders; i++)
                r = otlp_config_add_header(dst, src->headers[i].key, src->headers[i].value, err,
                                           sizeof(err));
        for (size_t i = 0; r == 0 && i < src->nresource; i++)
                r = otlp_config_add_resource_attr(dst, src->resource[i].key, src->resource[i].value,
                                                  err, sizeof(err));
        if (r < 0)
                otlp_config_free(dst);
        return r;
}

/* n bytes from 2n lowercase hex digits (the W3C grammar has no uppercase) */
static int parse_hex(const char *s, uint8_t *out, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                int hi = s[2 * i], lo = s[2 * i + 1];
                if ((hi >= 'A' && hi <= 'F') || (lo >= 'A' && lo <= 'F'))
                        return -EINVAL;
                hi = hexval(hi);
                lo = hexval(lo);
                if (hi < 0 || lo < 0)
                        return -EINVAL;
                out[i] = (uint8_t)(hi << 4 | lo);
        }
        return 0;
}

static bool all_zero(const uint8_t *b, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (b[i])
                        return false;
        return true;
}

int otlp_traceparent_parse(const char *s, size_t len, struct otlp_parent *ret)
{
        struct otlp_parent p;
        uint8_t version;

        /* version 00 is exactly 55 bytes; a later version may append fields
         * after a '-' (the spec's forward-compatibility rule) */
        if (len < 55 || s[2] != '-' || s[35] != '-' || s[52] != '-')
                return -EINVAL;
        if (parse_hex(s, &version, 1) < 0 || version == 0xff)
                return -EINVAL;
        if ((version == 0 && len != 55) || (len > 55 && s[55] != '-'))
                return -EINVAL;
        if (parse_hex(s + 3, p.trace_id, 16) < 0 || parse_hex(s + 36, p.span_id, 8) < 0 ||
            parse_hex(s + 53, &p.flags, 1) < 0)
                return -EINVAL;
        if (all_zero(p.trace_id, 16) || all_zero(p.span_id, 8))
                return -EINVAL;
        *ret = p;
        return 0;
}

int otlp_environ_traceparent(const char *env, size_t len, struct otlp_parent *ret)
{
        static const char name[] = "TRACEPARENT=";
        const size_t nlen = sizeof(name) - 1;

        for (size_t off = 0; off < len;) {
                const char *e = env + off;
                const char *nul = memchr(e, '\0', len - off);
                size_t n = nul ? (size_t)(nul - e) : len - off;

                if (n >= nlen && !memcmp(e, name, nlen))
                        return otlp_traceparent_parse(e + nlen, n - nlen, ret) < 0 ? -EINVAL : 1;
                off += n + 1;
        }
        return 0;
}
