// SPDX-License-Identifier: MIT
/* The OpenTelemetry environment, endpoints, header and attribute lists, and
 * W3C traceparent, as engine/otlp/otlp-config.c reads them. */
#include <setjmp.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "otlp-config.h"

/* a fake environment: NULL-terminated NAME, VALUE pairs */
static const char *const *fake_env;

static const char *fake_getenv(const char *name)
{
        for (const char *const *e = fake_env; e && *e; e += 2)
                if (!strcmp(e[0], name))
                        return e[1];
        return NULL;
}

static int from_env(struct otlp_config *c, const char *const *env, char *err, size_t errlen)
{
        fake_env = env;
        otlp_config_init(c);
        return otlp_config_from_env(c, fake_getenv, err, errlen);
}

static void test_env_endpoints(void **state)
{
        struct otlp_config c;
        char err[256];

        (void)state;
        /* nothing set: export off */
        assert_int_equal(from_env(&c, (const char *const[]){NULL}, err, sizeof(err)), 0);
        assert_null(c.endpoint);
        assert_int_equal(c.slow_call_ns, 1000000);
        otlp_config_free(&c);

        /* the base endpoint gets the traces path, whatever path it has */
        static const char *const cases[][2] = {
            {"http://collector:4318", "http://collector:4318/v1/traces"},
            {"http://collector:4318/", "http://collector:4318/v1/traces"},
            {"https://c.example/otlp", "https://c.example/otlp/v1/traces"},
            {"https://c.example/otlp//", "https://c.example/otlp/v1/traces"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                const char *env[] = {"OTEL_EXPORTER_OTLP_ENDPOINT", cases[i][0], NULL};
                assert_int_equal(from_env(&c, env, err, sizeof(err)), 1);
                assert_string_equal(c.endpoint, cases[i][1]);
                otlp_config_free(&c);
        }
        /* the signal-specific one is used as is and wins */
        const char *both[] = {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:1",
                              "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://b:2/custom", NULL};
        assert_int_equal(from_env(&c, both, err, sizeof(err)), 1);
        assert_string_equal(c.endpoint, "http://b:2/custom");
        otlp_config_free(&c);
        /* switched off */
        const char *off[] = {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:1", "OTEL_SDK_DISABLED",
                             "TRUE", NULL};
        assert_int_equal(from_env(&c, off, err, sizeof(err)), 0);
        otlp_config_free(&c);
        const char *none[] = {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:1", "OTEL_TRACES_EXPORTER",
                              "none", NULL};
        assert_int_equal(from_env(&c, none, err, sizeof(err)), 0);
        otlp_config_free(&c);
}

static void test_env_errors(void **state)
{
        static const char *const bad[][2] = {
            {"OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"},
            {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://"},
            {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a b"},
            {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "file:///etc/passwd"},
            {"OTEL_EXPORTER_OTLP_HEADERS", "novalue"},
            {"OTEL_EXPORTER_OTLP_HEADERS", "a=%4"},
            {"OTEL_EXPORTER_OTLP_HEADERS", "a=%00"},
            {"OTEL_EXPORTER_OTLP_HEADERS", "a=x%0d%0aInjected: 1"},
            {"OTEL_EXPORTER_OTLP_HEADERS", "bad:name=x"},
            {"OTEL_RESOURCE_ATTRIBUTES", "=v"},
            {"OTEL_EXPORTER_OTLP_TIMEOUT", "0"},
            {"OTEL_EXPORTER_OTLP_TIMEOUT", "12x"},
            {"OTEL_EXPORTER_OTLP_TIMEOUT", "99999999999999999999"},
            {"OTEL_BSP_MAX_QUEUE_SIZE", "-1"},
            {"OTEL_SERVICE_NAME", "two\nlines"},
            {"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"},
            {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "thrift"},
        };
        struct otlp_config c;
        char err[256];

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                const char *env[] = {bad[i][0], bad[i][1], NULL};
                err[0] = '\0';
                assert_int_equal(from_env(&c, env, err, sizeof(err)), -EINVAL);
                /* the message names the variable, on one line */
                assert_non_null(strstr(err, bad[i][0]));
                assert_null(strchr(err, '\n'));
                otlp_config_free(&c);
        }
}

static void test_headers_and_resource(void **state)
{
        const char *env[] = {"OTEL_EXPORTER_OTLP_ENDPOINT",
                             "http://c:4318",
                             "OTEL_EXPORTER_OTLP_HEADERS",
                             " api-key = se%20cret%3D ,x-b=1,",
                             "OTEL_RESOURCE_ATTRIBUTES",
                             "service.name=from-attrs,k=a%2Cb,k=replaced",
                             "OTEL_SERVICE_NAME",
                             "svc",
                             "OTEL_EXPORTER_OTLP_TIMEOUT",
                             "2500",
                             NULL};
        struct otlp_config c, copy;
        char err[256];

        (void)state;
        assert_int_equal(from_env(&c, env, err, sizeof(err)), 1);
        assert_int_equal(c.nheaders, 2);
        assert_string_equal(c.headers[0].key, "api-key");
        assert_string_equal(c.headers[0].value, "se cret=");
        assert_string_equal(c.headers[1].key, "x-b");
        assert_int_equal(c.nresource, 2);
        assert_string_equal(c.resource[0].key, "service.name");
        assert_string_equal(c.resource[1].value, "replaced"); /* a later key wins */
        assert_string_equal(c.service_name, "svc");
        assert_int_equal(c.timeout_ms, 2500);
        assert_int_equal(otlp_config_copy(&copy, &c), 0);
        assert_string_equal(copy.endpoint, c.endpoint);
        assert_int_equal(copy.nheaders, 2);
        assert_string_equal(copy.headers[0].value, "se cret=");
        otlp_config_free(&copy);
        otlp_config_free(&c);

        /* bounded: no more than OTLP_MAX_HEADERS */
        char list[OTLP_MAX_KV_TEXT];
        size_t n = 0;
        for (int i = 0; i <= OTLP_MAX_HEADERS; i++)
                n += (size_t)snprintf(list + n, sizeof(list) - n, "h%d=v,", i);
        otlp_config_init(&c);
        assert_int_equal(otlp_config_add_headers(&c, list, err, sizeof(err)), -EINVAL);
        otlp_config_free(&c);
}

static void test_set_endpoint(void **state)
{
        struct otlp_config c;
        char err[256];

        (void)state;
        otlp_config_init(&c);
        assert_int_equal(otlp_config_set_endpoint(&c, "http://127.0.0.1:4318", err, sizeof(err)),
                         0);
        assert_string_equal(c.endpoint, "http://127.0.0.1:4318/v1/traces");
        assert_int_equal(otlp_config_set_endpoint(&c, "http://h/", err, sizeof(err)), 0);
        assert_string_equal(c.endpoint, "http://h/v1/traces");
        assert_int_equal(otlp_config_set_endpoint(&c, "https://h/ingest", err, sizeof(err)), 0);
        assert_string_equal(c.endpoint, "https://h/ingest");
        assert_int_equal(otlp_config_set_endpoint(&c, "ftp://h", err, sizeof(err)), -EINVAL);
        assert_int_equal(otlp_config_set_endpoint(&c, "http:///x", err, sizeof(err)), -EINVAL);
        assert_int_equal(otlp_config_set_endpoint(&c, "http://h\x01", err, sizeof(err)), -EINVAL);
        assert_string_equal(c.endpoint, "https://h/ingest"); /* unchanged by the failures */
        otlp_config_free(&c);
}

static void test_traceparent(void **state)
{
        static const char good[] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        static const char *const bad[] = {
            "",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0",   /* short */
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-", /* 00 has no more */
            "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",  /* version ff */
            "00-00000000000000000000000000000000-b7ad6b7169203331-01",  /* zero trace */
            "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",  /* zero span */
            "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",  /* uppercase */
            "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01",
            "0x-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
        struct otlp_parent p;

        (void)state;
        assert_int_equal(otlp_traceparent_parse(good, strlen(good), &p), 0);
        assert_int_equal(p.trace_id[0], 0x0a);
        assert_int_equal(p.trace_id[15], 0x9c);
        assert_int_equal(p.span_id[0], 0xb7);
        assert_int_equal(p.flags, 1);
        /* a later version may carry more fields */
        static const char v1[] = "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00-extra";
        assert_int_equal(otlp_traceparent_parse(v1, strlen(v1), &p), 0);
        assert_int_equal(p.flags, 0);
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                assert_int_equal(otlp_traceparent_parse(bad[i], strlen(bad[i]), &p), -EINVAL);
}

static void test_environ_block(void **state)
{
        static const char env[] = "PATH=/bin\0TRACEPARENTX=1\0TRACEPARENT=00-0af7651916cd43dd8448"
                                  "eb211c80319c-b7ad6b7169203331-01\0HOME=/root";
        static const char none[] = "PATH=/bin\0HOME=/root";
        static const char broken[] = "TRACEPARENT=zz\0";
        struct otlp_parent p;

        (void)state;
        assert_int_equal(otlp_environ_traceparent(env, sizeof(env) - 1, &p), 1);
        assert_int_equal(p.span_id[7], 0x31);
        assert_int_equal(otlp_environ_traceparent(none, sizeof(none) - 1, &p), 0);
        assert_int_equal(otlp_environ_traceparent(broken, sizeof(broken) - 1, &p), -EINVAL);
        /* cut short: not NUL-terminated, still bounded */
        assert_int_equal(otlp_environ_traceparent(env, 20, &p), 0);
        assert_int_equal(otlp_environ_traceparent(env, 40, &p), -EINVAL);
        assert_int_equal(otlp_environ_traceparent("TRACEPARENT=00-0af7", 19, &p), -EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_env_endpoints),        cmocka_unit_test(test_env_errors),
            cmocka_unit_test(test_headers_and_resource), cmocka_unit_test(test_set_endpoint),
            cmocka_unit_test(test_traceparent),          cmocka_unit_test(test_environ_block),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
