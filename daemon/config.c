// SPDX-License-Identifier: MIT
/* renacerd.yaml: a fixed schema walked over libyaml's document tree. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <yaml.h>

#include "util.h"

static const char *const default_gpu_globs[] = {
    "/dev/nvidia*",      "/dev/nvidia-uvm*", "/dev/dri/card*",
    "/dev/dri/renderD*", "/dev/kfd",         "/dev/accel/*",
};
/* 195: NVIDIA's character devices; 226: DRM (card*, renderD*) */
static const uint32_t default_gpu_majors[] = {195, 226};

int config_set_string(char **field, const char *value)
{
        char *s = NULL;

        if (value && !(s = strdup(value)))
                return -ENOMEM;
        free(*field);
        *field = s;
        return 0;
}

static void free_strv(char **v, size_t n)
{
        for (size_t i = 0; i < n; i++)
                free(v[i]);
        free(v);
}

void config_free(struct config *c)
{
        free(c->socket_path);
        free(c->socket_group);
        free(c->metrics_listen);
        free(c->policy_dir);
        free(c->flight_dir);
        free_strv(c->gpu_globs, c->n_gpu_globs);
        free(c->gpu_majors);
        otlp_config_free(&c->otlp);
        memset(c, 0, sizeof(*c));
}

static int set_globs(struct config *c, const char *const *globs, size_t n)
{
        char **v = calloc(n ? n : 1, sizeof(*v));

        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                if (!(v[i] = strdup(globs[i]))) {
                        free_strv(v, i);
                        return -ENOMEM;
                }
        free_strv(c->gpu_globs, c->n_gpu_globs);
        c->gpu_globs = v;
        c->n_gpu_globs = n;
        return 0;
}

static int set_majors(struct config *c, const uint32_t *majors, size_t n)
{
        uint32_t *v = calloc(n ? n : 1, sizeof(*v));

        if (!v)
                return -ENOMEM;
        if (n)
                memcpy(v, majors, n * sizeof(*v));
        free(c->gpu_majors);
        c->gpu_majors = v;
        c->n_gpu_majors = n;
        return 0;
}

int config_init(struct config *c)
{
        memset(c, 0, sizeof(*c));
        c->ring_bytes = 4u << 20;
        c->client_buffer_bytes = 32u << 20;
        c->client_lifecycle_reserve = 8u << 20;
        c->client_reply_buffer_bytes = 1u << 20;
        c->max_clients = 256;
        c->max_clients_per_uid = 32;
        c->root_reserved_clients = 16;
        c->max_sessions = 4096;
        c->max_sessions_per_uid = 64;
        otlp_config_init(&c->otlp);
        c->root_reserved_sessions = 64;
        c->idle_timeout_s = 60;
        c->drain_timeout_ms = 5000;
        if (config_set_string(&c->socket_path, CONFIG_DEFAULT_SOCKET) < 0 ||
            config_set_string(&c->socket_group, CONFIG_DEFAULT_GROUP) < 0 ||
            config_set_string(&c->metrics_listen, CONFIG_DEFAULT_METRICS) < 0 ||
            config_set_string(&c->policy_dir, CONFIG_DEFAULT_POLICIES) < 0 ||
            config_set_string(&c->flight_dir, CONFIG_DEFAULT_FLIGHT_DIR) < 0 ||
            set_globs(c, default_gpu_globs, ARRAY_SIZE(default_gpu_globs)) < 0 ||
            set_majors(c, default_gpu_majors, ARRAY_SIZE(default_gpu_majors)) < 0) {
                config_free(c);
                return -ENOMEM;
        }
        return 0;
}

static int config_copy(const struct config *src, struct config *dst)
{
        memset(dst, 0, sizeof(*dst));
        dst->bpf_stats = src->bpf_stats;
        dst->ring_bytes = src->ring_bytes;
        dst->max_clients = src->max_clients;
        dst->max_clients_per_uid = src->max_clients_per_uid;
        dst->root_reserved_clients = src->root_reserved_clients;
        dst->max_sessions = src->max_sessions;
        dst->max_sessions_per_uid = src->max_sessions_per_uid;
        dst->root_reserved_sessions = src->root_reserved_sessions;
        dst->client_buffer_bytes = src->client_buffer_bytes;
        dst->client_lifecycle_reserve = src->client_lifecycle_reserve;
        dst->client_reply_buffer_bytes = src->client_reply_buffer_bytes;
        dst->idle_timeout_s = src->idle_timeout_s;
        dst->drain_timeout_ms = src->drain_timeout_ms;
        if (config_set_string(&dst->socket_path, src->socket_path) < 0 ||
            config_set_string(&dst->socket_group, src->socket_group) < 0 ||
            config_set_string(&dst->metrics_listen, src->metrics_listen) < 0 ||
            config_set_string(&dst->policy_dir, src->policy_dir) < 0 ||
            config_set_string(&dst->flight_dir, src->flight_dir) < 0 ||
            set_globs(dst, (const char *const *)src->gpu_globs, src->n_gpu_globs) < 0 ||
            set_majors(dst, src->gpu_majors, src->n_gpu_majors) < 0 ||
            otlp_config_copy(&dst->otlp, &src->otlp) < 0) {
                config_free(dst);
                return -ENOMEM;
        }
        return 0;
}

static const char *env(const char *name)
{
        return getenv(name);
}

int config_apply_otel_env(struct config *c, char *err, size_t errlen)
{
        int r = otlp_config_from_env(&c->otlp, env, err, errlen);

        return r < 0 ? r : 0;
}

/* ---- values shared with the command line ---- */

int config_parse_size(const char *s, size_t *ret)
{
        unsigned long long v = 0;
        unsigned shift = 0;
        const char *p = s;

        if (*p < '0' || *p > '9')
                return -EINVAL;
        for (; *p >= '0' && *p <= '9'; p++) {
                if (v > (ULLONG_MAX - 9) / 10)
                        return -ERANGE;
                v = v * 10 + (unsigned)(*p - '0');
        }
        switch (*p) {
        case 'K':
        case 'k':
                shift = 10;
                break;
        case 'M':
        case 'm':
                shift = 20;
                break;
        case 'G':
        case 'g':
                shift = 30;
                break;
        }
        if (shift) {
                p++;
                if (!strcmp(p, "iB"))
                        p += 2;
        }
        if (*p)
                return -EINVAL;
        if (v > (SIZE_MAX >> shift))
                return -ERANGE;
        *ret = (size_t)(v << shift);
        return 0;
}

int config_check_ring_bytes(size_t v, char *err, size_t errlen)
{
        if (v < 4096 || v > (1u << 30) || (v & (v - 1))) {
                snprintf(err, errlen, "need a power of two from 4K to 1G (e.g. 16M)");
                return -EINVAL;
        }
        return 0;
}

int config_check_listen(const char *s, bool *ret_off, char *err, size_t errlen)
{
        char host[INET6_ADDRSTRLEN + 2];
        unsigned char addr[16];
        const char *colon, *p;
        unsigned long port = 0;
        size_t hlen;

        *ret_off = false;
        if (!strcmp(s, "off") || !strcmp(s, "none")) {
                *ret_off = true;
                return 0;
        }
        colon = strrchr(s, ':');
        if (!colon || colon == s || !colon[1])
                goto bad;
        for (p = colon + 1; *p; p++) {
                if (*p < '0' || *p > '9' || port > 65535)
                        goto bad;
                port = port * 10 + (unsigned long)(*p - '0');
        }
        if (port > 65535)
                goto bad;
        hlen = (size_t)(colon - s);
        if (s[0] == '[') {
                if (hlen < 3 || s[hlen - 1] != ']' || hlen - 2 >= sizeof(host))
                        goto bad;
                memcpy(host, s + 1, hlen - 2);
                host[hlen - 2] = '\0';
                if (inet_pton(AF_INET6, host, addr) != 1)
                        goto bad;
                return 0;
        }
        if (hlen >= sizeof(host))
                goto bad;
        memcpy(host, s, hlen);
        host[hlen] = '\0';
        if (!strcmp(host, "localhost") || inet_pton(AF_INET, host, addr) == 1)
                return 0;
bad:
        snprintf(err, errlen,
                 "need ADDR:PORT (IPv4 address, [IPv6] address or localhost; port 0-65535), "
                 "or off");
        return -EINVAL;
}

/* ---- the YAML walk ---- */

struct walk {
        yaml_document_t *doc;
        const char *name;
        char *err;
        size_t errlen;
};

enum kind {
        K_MAP,
        K_SOCKET_PATH,
        K_GROUP,
        K_ABS_PATH,
        K_LISTEN,
        K_BOOL,
        K_RING,
        K_SIZE,
        K_UINT,
        K_GLOBS,
        K_MAJORS,
        K_FIXED,
        K_URL,     /* otlp.endpoint; "" turns export off */
        K_TEXT,    /* a short printable string */
        K_HEADERS, /* a mapping of HTTP header names to values */
        K_ATTRS,   /* a mapping of resource attribute names to values */
        K_USEC,    /* microseconds, stored as uint64_t nanoseconds */
};

struct key {
        const char *name;
        enum kind kind;
        size_t offset;
        unsigned long long min, max;
        const struct key *children; /* K_MAP */
};

#define OFF(f) offsetof(struct config, f)

static const struct key socket_keys[] = {
    {"path", K_SOCKET_PATH, OFF(socket_path), 0, 0, NULL},
    {"group", K_GROUP, OFF(socket_group), 0, 0, NULL},
    {0},
};
static const struct key metrics_keys[] = {
    {"listen", K_LISTEN, OFF(metrics_listen), 0, 0, NULL},
    {"bpf_stats", K_BOOL, OFF(bpf_stats), 0, 0, NULL},
    {0},
};
static const struct key gpu_keys[] = {
    {"device_globs", K_GLOBS, 0, 0, 0, NULL},
    {"majors", K_MAJORS, 0, 0, 4095, NULL},
    {0},
};
static const struct key limit_keys[] = {
    {"max_clients", K_UINT, OFF(max_clients), 1, 65536, NULL},
    {"max_clients_per_uid", K_UINT, OFF(max_clients_per_uid), 1, 65536, NULL},
    {"root_reserved_clients", K_UINT, OFF(root_reserved_clients), 0, 65535, NULL},
    /* the kernel maps hold 16384 sessions' tgids and aggregates */
    {"max_sessions", K_UINT, OFF(max_sessions), 1, 16384, NULL},
    {"max_sessions_per_uid", K_UINT, OFF(max_sessions_per_uid), 1, 16384, NULL},
    {"root_reserved_sessions", K_UINT, OFF(root_reserved_sessions), 0, 16383, NULL},
    {"client_buffer_size", K_SIZE, OFF(client_buffer_bytes), 64u << 10, 1u << 30, NULL},
    {"client_lifecycle_reserve", K_SIZE, OFF(client_lifecycle_reserve), 64u << 10, 1u << 30, NULL},
    {"client_reply_buffer_size", K_SIZE, OFF(client_reply_buffer_bytes), 64u << 10, 1u << 30, NULL},
    {"idle_timeout_s", K_UINT, OFF(idle_timeout_s), 0, 86400, NULL},
    {"drain_timeout_ms", K_UINT, OFF(drain_timeout_ms), 0, 60000, NULL},
    {"max_request_size", K_FIXED, 0, 0, 0, NULL},
    {0},
};
static const struct key otlp_keys[] = {
    {"endpoint", K_URL, 0, 0, 0, NULL},
    {"headers", K_HEADERS, 0, 0, 0, NULL},
    {"service_name", K_TEXT, OFF(otlp.service_name), 1, 256, NULL},
    {"resource_attributes", K_ATTRS, 0, 0, 0, NULL},
    {"slow_call_us", K_USEC, OFF(otlp.slow_call_ns), 1, OTLP_MAX_SLOW_CALL_NS / 1000, NULL},
    {"timeout_ms", K_UINT, OFF(otlp.timeout_ms), 1, OTLP_MAX_TIMEOUT_MS, NULL},
    {"max_queue_size", K_UINT, OFF(otlp.max_queue), 1, OTLP_MAX_QUEUE, NULL},
    {"max_batch_size", K_UINT, OFF(otlp.max_batch), 1, OTLP_MAX_QUEUE, NULL},
    {"schedule_delay_ms", K_UINT, OFF(otlp.delay_ms), 0, OTLP_MAX_TIMEOUT_MS, NULL},
    {0},
};
static const struct key top_keys[] = {
    {"socket", K_MAP, 0, 0, 0, socket_keys},
    {"metrics", K_MAP, 0, 0, 0, metrics_keys},
    {"ring_buffer_size", K_RING, OFF(ring_bytes), 0, 0, NULL},
    {"policy_dir", K_ABS_PATH, OFF(policy_dir), 0, 0, NULL},
    {"flight_dir", K_ABS_PATH, OFF(flight_dir), 0, 0, NULL},
    {"gpu", K_MAP, 0, 0, 0, gpu_keys},
    {"limits", K_MAP, 0, 0, 0, limit_keys},
    {"otlp", K_MAP, 0, 0, 0, otlp_keys},
    {0},
};

/* Values quoted in a message may span lines (folded scalars, keys): an
 * error stays one line. */
static void one_line(char *s)
{
        for (; *s; s++)
                if ((unsigned char)*s < 0x20 || *s == 0x7f)
                        *s = '?';
}

static int fail(struct walk *w, const yaml_node_t *n, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(struct walk *w, const yaml_node_t *n, const char *key, const char *fmt, ...)
{
        char msg[256];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        snprintf(w->err, w->errlen, "%s:%zu:%zu: %s%s%s", w->name, n->start_mark.line + 1,
                 n->start_mark.column + 1, key ? key : "", key ? ": " : "", msg);
        one_line(w->err);
        return -EINVAL;
}

static const char *node_type_name(const yaml_node_t *n)
{
        switch (n->type) {
        case YAML_SCALAR_NODE:
                return "a scalar";
        case YAML_SEQUENCE_NODE:
                return "a list";
        case YAML_MAPPING_NODE:
                return "a mapping";
        default:
                return "nothing";
        }
}

/* A scalar as a C string; NULL (with the error set) if it is not one. */
static const char *scalar(struct walk *w, const yaml_node_t *n, const char *key, const char *want)
{
        if (n->type != YAML_SCALAR_NODE) {
                fail(w, n, key, "expected %s, got %s", want, node_type_name(n));
                return NULL;
        }
        if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length) {
                fail(w, n, key, "contains a NUL byte");
                return NULL;
        }
        return (const char *)n->data.scalar.value;
}

static bool plain_null(const yaml_node_t *n)
{
        const char *v = (const char *)n->data.scalar.value;

        return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
               (!*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
                !strcmp(v, "NULL"));
}

static int string_value(struct walk *w, const yaml_node_t *n, const char *key, bool empty_ok,
                        const char **ret)
{
        const char *v = scalar(w, n, key, "a string");

        if (!v)
                return -EINVAL;
        if (plain_null(n) && !(empty_ok && !*v))
                return fail(w, n, key, "expected a string, got null");
        if (!empty_ok && !*v)
                return fail(w, n, key, "must not be empty");
        *ret = v;
        return 0;
}

static int parse_uint(const char *v, unsigned long long *ret)
{
        unsigned long long x = 0;

        if (!*v)
                return -EINVAL;
        for (; *v; v++) {
                if (*v < '0' || *v > '9')
                        return -EINVAL;
                if (x > (ULLONG_MAX - 9) / 10)
                        return -ERANGE;
                x = x * 10 + (unsigned)(*v - '0');
        }
        *ret = x;
        return 0;
}

static int uint_value(struct walk *w, const yaml_node_t *n, const char *key, unsigned long long min,
                      unsigned long long max, unsigned long long *ret)
{
        const char *v = scalar(w, n, key, "an integer");
        unsigned long long x;

        if (!v)
                return -EINVAL;
        if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || parse_uint(v, &x) == -EINVAL)
                return fail(w, n, key, "expected an integer from %llu to %llu, got '%.64s'", min,
                            max, v);
        if (parse_uint(v, &x) < 0 || x < min || x > max)
                return fail(w, n, key, "%.64s is out of range (%llu to %llu)", v, min, max);
        *ret = x;
        return 0;
}

static int size_value(struct walk *w, const yaml_node_t *n, const char *key, size_t *ret)
{
        const char *v = scalar(w, n, key, "a size");
        int r;

        if (!v)
                return -EINVAL;
        r = config_parse_size(v, ret);
        if (r == -ERANGE)
                return fail(w, n, key, "'%.64s' is too large", v);
        if (r < 0)
                return fail(w, n, key,
                            "expected a size in bytes (e.g. 16M, 64K, 4096), got '%.64s'", v);
        return 0;
}

static int path_value(struct walk *w, const yaml_node_t *n, const char *key, size_t max,
                      const char **ret)
{
        int r = string_value(w, n, key, false, ret);

        if (r < 0)
                return r;
        if ((*ret)[0] != '/')
                return fail(w, n, key, "'%.64s' is not an absolute path", *ret);
        if (strlen(*ret) >= max)
                return fail(w, n, key, "path is longer than %zu bytes", max - 1);
        return 0;
}

static int group_value(struct walk *w, const yaml_node_t *n, const char *key, const char **ret)
{
        int r = string_value(w, n, key, true, ret);

        if (r < 0)
                return r;
        if (strlen(*ret) > 32 || strpbrk(*ret, ":/ \t\n,"))
                return fail(w, n, key, "'%.64s' is not a group name", *ret);
        return 0;
}

static int bool_value(struct walk *w, const yaml_node_t *n, const char *key, bool *ret)
{
        const char *v = scalar(w, n, key, "true or false");

        if (!v)
                return -EINVAL;
        if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !strcmp(v, "true"))
                *ret = true;
        else if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !strcmp(v, "false"))
                *ret = false;
        else
                return fail(w, n, key, "expected true or false, got '%.64s'", v);
        return 0;
}

static int globs_value(struct walk *w, struct config *c, const yaml_node_t *n, const char *key)
{
        const char *items[CONFIG_MAX_GPU_GLOBS];
        size_t count = 0;
        char ikey[112];

        if (n->type != YAML_SEQUENCE_NODE)
                return fail(w, n, key, "expected a list of paths, got %s", node_type_name(n));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *item = yaml_document_get_node(w->doc, *it);
                int r;

                snprintf(ikey, sizeof(ikey), "%s[%zu]", key, count);
                if (!item)
                        return fail(w, n, ikey, "missing item");
                if (count == ARRAY_SIZE(items))
                        return fail(w, item, key, "more than %d entries", CONFIG_MAX_GPU_GLOBS);
                r = path_value(w, item, ikey, PATH_MAX, &items[count]);
                if (r < 0)
                        return r;
                count++;
        }
        return set_globs(c, items, count);
}

static int majors_value(struct walk *w, struct config *c, const yaml_node_t *n, const char *key,
                        unsigned long long max)
{
        uint32_t items[CONFIG_MAX_GPU_MAJORS];
        size_t count = 0;
        char ikey[112];

        if (n->type != YAML_SEQUENCE_NODE)
                return fail(w, n, key, "expected a list of device major numbers, got %s",
                            node_type_name(n));
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
                yaml_node_t *item = yaml_document_get_node(w->doc, *it);
                unsigned long long v;
                int r;

                snprintf(ikey, sizeof(ikey), "%s[%zu]", key, count);
                if (!item)
                        return fail(w, n, ikey, "missing item");
                if (count == ARRAY_SIZE(items))
                        return fail(w, item, key, "more than %d entries", CONFIG_MAX_GPU_MAJORS);
                r = uint_value(w, item, ikey, 0, max, &v);
                if (r < 0)
                        return r;
                items[count++] = (uint32_t)v;
        }
        return set_majors(c, items, count);
}

static int walk_map(struct walk *w, struct config *c, const yaml_node_t *map, const char *prefix,
                    const struct key *keys);

/* headers: / resource_attributes: a mapping of names to string values */
static int kv_value(struct walk *w, struct config *c, const yaml_node_t *map, const char *key,
                    bool headers)
{
        if (map->type != YAML_MAPPING_NODE)
                return fail(w, map, key, "expected a mapping of names to values, got %s",
                            node_type_name(map));
        for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
             p++) {
                yaml_node_t *kn = yaml_document_get_node(w->doc, p->key);
                yaml_node_t *vn = yaml_document_get_node(w->doc, p->value);
                const char *name, *value;
                char emsg[256];
                int r;

                if (!kn || !vn)
                        return fail(w, map, key, "incomplete mapping");
                if (!(name = scalar(w, kn, key, "a name")) ||
                    !(value = scalar(w, vn, key, "a string")))
                        return -EINVAL;
                r = headers
                        ? otlp_config_add_header(&c->otlp, name, value, emsg, sizeof(emsg))
                        : otlp_config_add_resource_attr(&c->otlp, name, value, emsg, sizeof(emsg));
                if (r == -EINVAL)
                        return fail(w, kn, key, "%s", emsg);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int walk_value(struct walk *w, struct config *c, const yaml_node_t *v, const struct key *k,
                      const char *path)
{
        char *field = (char *)c + k->offset;
        char emsg[160];
        const char *s;
        unsigned long long u;
        size_t sz;
        bool off;
        int r;

        switch (k->kind) {
        case K_MAP:
                return walk_map(w, c, v, path, k->children);
        case K_SOCKET_PATH:
                if ((r = path_value(w, v, path, sizeof(((struct sockaddr_un *)0)->sun_path), &s)) <
                    0)
                        return r;
                return config_set_string((char **)field, s);
        case K_ABS_PATH:
                if ((r = path_value(w, v, path, PATH_MAX, &s)) < 0)
                        return r;
                return config_set_string((char **)field, s);
        case K_GROUP:
                if ((r = group_value(w, v, path, &s)) < 0)
                        return r;
                return config_set_string((char **)field, s);
        case K_LISTEN:
                if ((r = string_value(w, v, path, false, &s)) < 0)
                        return r;
                if (config_check_listen(s, &off, emsg, sizeof(emsg)) < 0)
                        return fail(w, v, path, "'%.64s': %s", s, emsg);
                return config_set_string((char **)field, off ? NULL : s);
        case K_BOOL:
                return bool_value(w, v, path, (bool *)field);
        case K_RING:
                if ((r = size_value(w, v, path, &sz)) < 0)
                        return r;
                if (config_check_ring_bytes(sz, emsg, sizeof(emsg)) < 0)
                        return fail(w, v, path, "%s is not valid: %s", v->data.scalar.value, emsg);
                *(size_t *)field = sz;
                return 0;
        case K_SIZE:
                if ((r = size_value(w, v, path, &sz)) < 0)
                        return r;
                if (sz < k->min || sz > k->max)
                        return fail(w, v, path, "%s is out of range (%lluK to %lluM)",
                                    v->data.scalar.value, k->min >> 10, k->max >> 20);
                *(size_t *)field = sz;
                return 0;
        case K_UINT:
                if ((r = uint_value(w, v, path, k->min, k->max, &u)) < 0)
                        return r;
                *(unsigned *)field = (unsigned)u;
                return 0;
        case K_GLOBS:
                return globs_value(w, c, v, path);
        case K_MAJORS:
                return majors_value(w, c, v, path, k->max);
        case K_FIXED:
                return fail(w, v, path,
                            "cannot be configured: a request frame is limited to 64 KiB");
        case K_URL:
                if ((r = string_value(w, v, path, true, &s)) < 0)
                        return r;
                if (!*s)
                        return config_set_string(&c->otlp.endpoint, NULL);
                if (otlp_config_set_endpoint(&c->otlp, s, emsg, sizeof(emsg)) < 0)
                        return fail(w, v, path, "%s", emsg);
                return 0;
        case K_TEXT:
                if ((r = string_value(w, v, path, false, &s)) < 0)
                        return r;
                if (strlen(s) > k->max || strpbrk(s, "\n\r\t"))
                        return fail(w, v, path, "must be one line of at most %llu bytes", k->max);
                return config_set_string((char **)field, s);
        case K_HEADERS:
        case K_ATTRS:
                return kv_value(w, c, v, path, k->kind == K_HEADERS);
        case K_USEC:
                if ((r = uint_value(w, v, path, k->min, k->max, &u)) < 0)
                        return r;
                *(uint64_t *)field = u * 1000;
                return 0;
        }
        return -EINVAL;
}

static int walk_map(struct walk *w, struct config *c, const yaml_node_t *map, const char *prefix,
                    const struct key *keys)
{
        if (map->type != YAML_MAPPING_NODE)
                return fail(w, map, *prefix ? prefix : NULL, "expected a mapping of keys, got %s",
                            node_type_name(map));
        for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
             p++) {
                yaml_node_t *kn = yaml_document_get_node(w->doc, p->key);
                yaml_node_t *vn = yaml_document_get_node(w->doc, p->value);
                const struct key *k;
                char path[96];
                const char *name;
                int r;

                if (!kn || !vn)
                        return fail(w, map, NULL, "incomplete mapping");
                if (kn->type != YAML_SCALAR_NODE)
                        return fail(w, kn, *prefix ? prefix : NULL,
                                    "keys must be plain names, got %s", node_type_name(kn));
                name = (const char *)kn->data.scalar.value;
                snprintf(path, sizeof(path), "%s%s%.40s", prefix, *prefix ? "." : "", name);
                for (k = keys; k->name && strcmp(k->name, name); k++)
                        ;
                if (!k->name || strlen(name) != kn->data.scalar.length)
                        return fail(w, kn, path, "unknown key");
                for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
                        yaml_node_t *prev = yaml_document_get_node(w->doc, q->key);
                        if (prev && prev->type == YAML_SCALAR_NODE &&
                            !strcmp((const char *)prev->data.scalar.value, name))
                                return fail(w, kn, path, "duplicate key (first at line %zu)",
                                            prev->start_mark.line + 1);
                }
                r = walk_value(w, c, vn, k, path);
                if (r < 0)
                        return r;
        }
        return 0;
}

static void yaml_error(const yaml_parser_t *p, const char *name, char *err, size_t errlen)
{
        const char *what = p->error == YAML_MEMORY_ERROR ? "out of memory"
                           : p->problem                  ? p->problem
                                                         : "invalid YAML";

        if (p->context)
                snprintf(err, errlen, "%s:%zu:%zu: YAML syntax error: %s %s", name,
                         p->problem_mark.line + 1, p->problem_mark.column + 1, what, p->context);
        else
                snprintf(err, errlen, "%s:%zu:%zu: YAML syntax error: %s", name,
                         p->problem_mark.line + 1, p->problem_mark.column + 1, what);
        one_line(err);
}

int config_parse_buffer(struct config *c, const char *name, const void *buf, size_t len, char *err,
                        size_t errlen)
{
        struct walk w = {.name = name, .err = err, .errlen = errlen};
        yaml_parser_t parser;
        yaml_document_t doc, extra;
        struct config tmp;
        yaml_node_t *root;
        int r;

        if (len > CONFIG_MAX_FILE_BYTES) {
                snprintf(err, errlen, "%s: larger than %u bytes", name, CONFIG_MAX_FILE_BYTES);
                return -EFBIG;
        }
        if (!yaml_parser_initialize(&parser))
                return -ENOMEM;
        yaml_parser_set_input_string(&parser, buf, len);
        if (!yaml_parser_load(&parser, &doc)) {
                yaml_error(&parser, name, err, errlen);
                yaml_parser_delete(&parser);
                return -EINVAL;
        }
        w.doc = &doc;
        root = yaml_document_get_root_node(&doc);
        if (root) {
                /* a second document would be silently ignored: refuse it */
                if (!yaml_parser_load(&parser, &extra)) {
                        yaml_error(&parser, name, err, errlen);
                        r = -EINVAL;
                        goto out;
                }
                if (yaml_document_get_root_node(&extra)) {
                        r = fail(&w, yaml_document_get_root_node(&extra), NULL,
                                 "only one YAML document is allowed");
                        yaml_document_delete(&extra);
                        goto out;
                }
                yaml_document_delete(&extra);
        }
        r = config_copy(c, &tmp);
        if (r < 0)
                goto out;
        /* an empty file (or one with only comments) keeps the defaults */
        if (root && !(root->type == YAML_SCALAR_NODE && plain_null(root)))
                r = walk_map(&w, &tmp, root, "", top_keys);
        if (r < 0) {
                if (r == -ENOMEM)
                        snprintf(err, errlen, "%s: out of memory", name);
                config_free(&tmp);
                goto out;
        }
        config_free(c);
        *c = tmp;
out:
        yaml_document_delete(&doc);
        yaml_parser_delete(&parser);
        return r;
}

int config_parse_file(struct config *c, const char *path, char *err, size_t errlen)
{
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        _cleanup_free_ char *buf = NULL;
        struct stat st;
        size_t len = 0;

        if (fd < 0 || fstat(fd, &st) < 0) {
                int r = -errno;
                snprintf(err, errlen, "%s: %s", path, strerror(-r));
                return r;
        }
        if (!S_ISREG(st.st_mode)) {
                snprintf(err, errlen, "%s: not a regular file", path);
                return -EINVAL;
        }
        buf = malloc(CONFIG_MAX_FILE_BYTES + 1);
        if (!buf)
                return -ENOMEM;
        for (;;) {
                ssize_t n = read(fd, buf + len, CONFIG_MAX_FILE_BYTES + 1 - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        int r = -errno;
                        snprintf(err, errlen, "%s: %s", path, strerror(-r));
                        return r;
                }
                if (n == 0)
                        break;
                len += (size_t)n;
                if (len > CONFIG_MAX_FILE_BYTES) {
                        snprintf(err, errlen, "%s: larger than %u bytes", path,
                                 CONFIG_MAX_FILE_BYTES);
                        return -EFBIG;
                }
        }
        return config_parse_buffer(c, path, buf, len, err, errlen);
}
