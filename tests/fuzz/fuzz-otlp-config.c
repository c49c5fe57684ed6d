// SPDX-License-Identifier: MIT
/*
 * The OTLP settings parsers on arbitrary bytes: what the OpenTelemetry
 * environment, --otlp and a traced process's environment can hold. The
 * first byte picks the parser; the rest is its input. Whatever is accepted
 * must be safe to put on the wire: header names are HTTP tokens, no value
 * holds CR, LF or NUL, the endpoint is an http(s) URL.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "otlp-config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char env_text[8192];

/* NAME=VALUE lines of the input as the environment */
static const char *fake_getenv(const char *name)
{
        size_t n = strlen(name);

        for (char *line = env_text; line && *line;) {
                char *nl = strchr(line, '\n');
                if (!strncmp(line, name, n) && line[n] == '=') {
                        static char value[8192];
                        size_t len = nl ? (size_t)(nl - line) - n - 1 : strlen(line + n + 1);
                        memcpy(value, line + n + 1, len);
                        value[len] = '\0';
                        return value;
                }
                line = nl ? nl + 1 : NULL;
        }
        return NULL;
}

static void check(const struct otlp_config *c)
{
        if (c->endpoint && strncmp(c->endpoint, "http://", 7) &&
            strncmp(c->endpoint, "https://", 8))
                abort();
        for (size_t i = 0; i < c->nheaders; i++) {
                if (!*c->headers[i].key || strpbrk(c->headers[i].key, " :\r\n\t"))
                        abort();
                if (strpbrk(c->headers[i].value, "\r\n"))
                        abort();
        }
        if (c->nheaders > OTLP_MAX_HEADERS || c->nresource > OTLP_MAX_ATTRS)
                abort();
        for (size_t i = 0; i < c->nresource; i++)
                if (!*c->resource[i].key)
                        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct otlp_config c;
        struct otlp_parent p;
        char err[512], *s;

        if (size < 1 || size > sizeof(env_text))
                return 0;
        s = malloc(size);
        if (!s)
                return 0;
        memcpy(s, data + 1, size - 1);
        s[size - 1] = '\0';
        otlp_config_init(&c);
        err[0] = '\0';
        switch (data[0] % 6) {
        case 0:
                /* exactly the bytes given: no NUL terminator to lean on */
                if (otlp_traceparent_parse((const char *)data + 1, size - 1, &p) == 0 &&
                    size - 1 < 55)
                        abort();
                break;
        case 1:
                otlp_environ_traceparent((const char *)data + 1, size - 1, &p);
                break;
        case 2:
                otlp_config_add_headers(&c, s, err, sizeof(err));
                break;
        case 3:
                otlp_config_add_resource(&c, s, err, sizeof(err));
                break;
        case 4:
                otlp_config_set_endpoint(&c, s, err, sizeof(err));
                break;
        case 5:
                memcpy(env_text, s, size);
                otlp_config_from_env(&c, fake_getenv, err, sizeof(err));
                env_text[0] = '\0';
                break;
        }
        if (memchr(err, '\n', strnlen(err, sizeof(err))))
                abort(); /* messages are one line */
        check(&c);
        otlp_config_free(&c);
        free(s);
        return 0;
}
