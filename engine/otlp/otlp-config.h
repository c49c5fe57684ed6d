/* SPDX-License-Identifier: MIT */
/*
 * Where and how OTLP/HTTP trace export goes: the OpenTelemetry environment
 * (OTEL_EXPORTER_OTLP_*, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_BSP_*), renacerctl's --otlp[=URL] and renacerd.yaml's otlp: section
 * all land in one struct otlp_config. Also W3C traceparent parsing, for
 * TRACEPARENT in a traced command's environment.
 *
 * Every string here can come from an untrusted environment or file: the
 * parsers bound lengths and counts and refuse control characters.
 */
#ifndef RENACER_OTLP_CONFIG_H
#define RENACER_OTLP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OTLP_DEFAULT_ENDPOINT   "http://localhost:4318/v1/traces"
#define OTLP_MAX_URL            2048
#define OTLP_MAX_HEADERS        32
#define OTLP_MAX_ATTRS          64
#define OTLP_MAX_KV_TEXT        4096       /* bytes of a k=v,k=v list */
#define OTLP_DEFAULT_SLOW_CALL  1000000ULL /* 1 ms */
#define OTLP_DEFAULT_TIMEOUT_MS 10000
#define OTLP_DEFAULT_QUEUE      2048
#define OTLP_DEFAULT_BATCH      512
#define OTLP_DEFAULT_DELAY_MS   1000
#define OTLP_MAX_QUEUE          (1u << 20)
#define OTLP_MAX_SLOW_CALL_NS   3600000000000ULL /* an hour */
#define OTLP_MAX_TIMEOUT_MS     600000

struct otlp_kv {
        char *key, *value;
};

struct otlp_config {
        char *endpoint; /* the URL POSTed to, /v1/traces included */
        struct otlp_kv *headers;
        size_t nheaders;
        char *service_name; /* NULL: "renacer" */
        struct otlp_kv *resource;
        size_t nresource;
        uint64_t slow_call_ns; /* calls at least this long become spans */
        unsigned timeout_ms;   /* one request; also the flush budget at exit */
        unsigned max_queue;    /* spans waiting; more are dropped (counted) */
        unsigned max_batch;    /* spans per request */
        unsigned delay_ms;     /* a partial batch waits at most this long */
};

/* Defaults: no endpoint (export off), 1 ms slow calls, 10 s timeout. */
void otlp_config_init(struct otlp_config *c);
void otlp_config_free(struct otlp_config *c);

/* Read the OpenTelemetry environment through getenv_fn (getenv, or a test's
 * table). Sets the endpoint when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (as is)
 * or OTEL_EXPORTER_OTLP_ENDPOINT (+ "/v1/traces") is set, unless
 * OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none. Returns 1 when the
 * environment asks for export, 0 when not, -EINVAL with err naming the
 * variable and what is wrong. */
typedef const char *(*otlp_getenv_fn)(const char *name);
int otlp_config_from_env(struct otlp_config *c, otlp_getenv_fn getenv_fn, char *err, size_t errlen);

/* An http:// or https:// URL. With no path (or "/") /v1/traces is
 * appended; with a path it is used as is. */
int otlp_config_set_endpoint(struct otlp_config *c, const char *url, char *err, size_t errlen);
/* "k=v,k=v", keys and values URL-decoded (OTEL_EXPORTER_OTLP_HEADERS),
 * added to what c holds. Header names must be HTTP tokens and values free
 * of CR, LF and NUL. */
int otlp_config_add_headers(struct otlp_config *c, const char *list, char *err, size_t errlen);
int otlp_config_add_header(struct otlp_config *c, const char *key, const char *value, char *err,
                           size_t errlen);
/* "k=v,k=v" resource attributes (OTEL_RESOURCE_ATTRIBUTES); a later key
 * replaces an earlier one. */
int otlp_config_add_resource(struct otlp_config *c, const char *list, char *err, size_t errlen);
int otlp_config_add_resource_attr(struct otlp_config *c, const char *key, const char *value,
                                  char *err, size_t errlen);
int otlp_config_copy(struct otlp_config *dst, const struct otlp_config *src);

/* A W3C traceparent: "00-<32 hex>-<16 hex>-<2 hex>", lowercase, ids not all
 * zero, version ff refused. Returns 0 or -EINVAL. */
struct otlp_parent {
        uint8_t trace_id[16];
        uint8_t span_id[8];
        uint8_t flags; /* bit 0: sampled */
};
int otlp_traceparent_parse(const char *s, size_t len, struct otlp_parent *ret);
/* TRACEPARENT in an environment block (NUL-separated NAME=VALUE, as
 * /proc/PID/environ holds it). 1 found and valid, 0 absent, -EINVAL
 * present and malformed. */
int otlp_environ_traceparent(const char *env, size_t len, struct otlp_parent *ret);

#endif
