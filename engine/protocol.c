// SPDX-License-Identifier: MIT
#include "protocol.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "renacer-event.h"
#include "util.h"

void proto_header(uint8_t hdr[PROTO_HEADER_SIZE], uint8_t type, uint32_t len)
{
        hdr[0] = len & 0xff;
        hdr[1] = (len >> 8) & 0xff;
        hdr[2] = (len >> 16) & 0xff;
        hdr[3] = (len >> 24) & 0xff;
        hdr[4] = type;
        hdr[5] = hdr[6] = hdr[7] = 0;
}

ssize_t proto_frame_parse(const void *buf, size_t len, size_t max, struct proto_frame *out)
{
        const uint8_t *p = buf;
        uint32_t flen;

        if (len < PROTO_HEADER_SIZE)
                return 0;
        flen = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        if (p[4] != PROTO_JSON && p[4] != PROTO_EVENTS)
                return -EBADMSG;
        if (p[5] || p[6] || p[7])
                return -EBADMSG;
        if (flen > max)
                return -EMSGSIZE;
        if (len - PROTO_HEADER_SIZE < flen)
                return 0;
        out->type = p[4];
        out->len = flen;
        out->data = p + PROTO_HEADER_SIZE;
        return (ssize_t)(PROTO_HEADER_SIZE + flen);
}

int proto_events_session(const struct proto_frame *f, uint32_t *session_id)
{
        uint32_t reserved;

        if (f->type != PROTO_EVENTS || f->len < PROTO_EVENTS_PREFIX)
                return -EBADMSG;
        memcpy(session_id, f->data, 4);
        memcpy(&reserved, f->data + 4, 4);
        return reserved ? -EBADMSG : 0;
}

int proto_events_next(const struct proto_frame *f, size_t *off, const uint8_t **rec, uint32_t *size)
{
        struct renacer_event_header h;

        if (*off >= f->len)
                return 0;
        if (f->len - *off < sizeof(h))
                return -EBADMSG;
        memcpy(&h, f->data + *off, sizeof(h));
        if (h.size < sizeof(h) || h.size > f->len - *off)
                return -EBADMSG;
        *rec = f->data + *off;
        *size = h.size;
        /* the last record's padding may be all that is left */
        *off = MIN((size_t)f->len, *off + proto_align(h.size));
        return 1;
}

static const char *const op_names[] = {
    [PROTO_OP_SESSION_CREATE] = "session.create",
    [PROTO_OP_SESSION_SUBSCRIBE] = "session.subscribe",
    [PROTO_OP_SESSION_SUMMARY] = "session.summary",
    [PROTO_OP_SESSION_END] = "session.end",
    [PROTO_OP_SESSIONS] = "sessions",
    [PROTO_OP_STATUS] = "status",
    [PROTO_OP_RELOAD] = "reload",
};

const char *proto_op_name(enum proto_op op)
{
        return (size_t)op < ARRAY_SIZE(op_names) ? op_names[op] : "?";
}

#define REQ_FAIL(...)                                                                              \
        do {                                                                                       \
                snprintf(err, errlen, __VA_ARGS__);                                                \
                r = -EINVAL;                                                                       \
                goto out;                                                                          \
        } while (0)

/* Integer field in [lo, hi]; absent leaves *v untouched unless required. */
static int get_int(struct json_object *o, const char *key, bool required, int64_t lo, int64_t hi,
                   int64_t *v, char *err, size_t errlen)
{
        struct json_object *f;

        if (!json_object_object_get_ex(o, key, &f)) {
                if (!required)
                        return 0;
                snprintf(err, errlen, "missing field '%s'", key);
                return -EINVAL;
        }
        if (!json_object_is_type(f, json_type_int)) {
                snprintf(err, errlen, "field '%s' must be an integer", key);
                return -EINVAL;
        }
        errno = 0;
        int64_t x = json_object_get_int64(f);
        if (errno || x < lo || x > hi) {
                snprintf(err, errlen, "field '%s' out of range [%lld, %lld]", key, (long long)lo,
                         (long long)hi);
                return -EINVAL;
        }
        *v = x;
        return 0;
}

static int get_bool(struct json_object *o, const char *key, bool *v, char *err, size_t errlen)
{
        struct json_object *f;

        if (!json_object_object_get_ex(o, key, &f))
                return 0;
        if (!json_object_is_type(f, json_type_boolean)) {
                snprintf(err, errlen, "field '%s' must be true or false", key);
                return -EINVAL;
        }
        *v = json_object_get_boolean(f);
        return 0;
}

static const char *const create_keys[] = {"op",      "id",     "pid",       "follow",     "filter",
                                          "capture", "stream", "subscribe", "await_exec", "stack",
                                          "cgroup",  "causal", "one_task",  "dump",       "fds",
                                          "env",     "dirents"};
static const char *const session_keys[] = {"op", "id", "session"};
static const char *const plain_keys[] = {"op", "id"};

static bool key_allowed(const char *key, const char *const *keys, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (strcmp(key, keys[i]) == 0)
                        return true;
        return false;
}

/* Past one JSON string starting at p[0] == '"' (the text is valid JSON). */
static size_t skip_string(const char *p, size_t i, size_t len)
{
        for (i++; i < len && p[i] != '"'; i++)
                if (p[i] == '\\')
                        i++;
        return i + 1;
}

/* The top-level member keys of a valid JSON object, as written (quotes
 * included): calls fn for each, stops when it returns false. */
static void each_top_key(const char *p, size_t len, bool (*fn)(const char *, size_t, void *),
                         void *ctx)
{
        int depth = 0;
        bool want_key = false;

        for (size_t i = 0; i < len;) {
                char ch = p[i];
                if (ch == '"') {
                        size_t end = skip_string(p, i, len);
                        if (depth == 1 && want_key) {
                                if (!fn(p + i, end - i, ctx))
                                        return;
                                want_key = false;
                        }
                        i = end;
                        continue;
                }
                if (ch == '{' || ch == '[') {
                        depth++;
                        want_key = depth == 1;
                } else if (ch == '}' || ch == ']') {
                        depth--;
                } else if (ch == ',' && depth == 1) {
                        want_key = true;
                }
                i++;
        }
}

struct dup_scan {
        struct json_tokener *tok;
        const char *const *keys;
        size_t nkeys;
        unsigned seen[16];
        const char *dup; /* the first key seen twice */
        size_t members;
};

static bool count_key(const char *raw, size_t len, void *ctx)
{
        struct dup_scan *d = ctx;
        struct json_object *k;
        bool go = true;

        d->members++;
        json_tokener_reset(d->tok);
        k = json_tokener_parse_ex(d->tok, raw, (int)len);
        if (!k)
                return true;
        for (size_t i = 0; i < d->nkeys && i < ARRAY_SIZE(d->seen); i++)
                if (!strcmp(json_object_get_string(k), d->keys[i]) && ++d->seen[i] == 2) {
                        d->dup = d->keys[i];
                        go = false;
                }
        json_object_put(k);
        return go;
}

void proto_request_release(struct proto_request *r)
{
        free(r->filter_owned);
        r->filter_owned = NULL;
        r->filter = "";
        free(r->cgroup_owned);
        r->cgroup_owned = NULL;
        r->cgroup = NULL;
}

int proto_request_parse(const char *json, size_t len, struct proto_request *out, char *err,
                        size_t errlen)
{
        struct json_tokener *tok = NULL;
        struct json_object *root = NULL, *opv;
        const char *const *keys;
        size_t nkeys;
        int64_t v;
        int r = 0;

        memset(out, 0, sizeof(*out));
        out->id = -1;
        out->stream = true;
        out->capture = PROTO_CAPTURE_DEFAULT;
        out->filter = "";
        if (len > PROTO_MAX_REQUEST) {
                snprintf(err, errlen, "request of %zu bytes exceeds the %u-byte limit", len,
                         PROTO_MAX_REQUEST);
                return -EMSGSIZE;
        }
        tok = json_tokener_new_ex(16);
        if (!tok) {
                snprintf(err, errlen, "out of memory");
                return -ENOMEM;
        }
        json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
        root = json_tokener_parse_ex(tok, json, (int)len);
        if (!root || json_tokener_get_error(tok) != json_tokener_success ||
            tok->char_offset != (int)len) {
                enum json_tokener_error e = json_tokener_get_error(tok);
                REQ_FAIL("malformed JSON at byte %d: %s", tok->char_offset,
                         e == json_tokener_success    ? "trailing data"
                         : e == json_tokener_continue ? "unexpected end of input"
                                                      : json_tokener_error_desc(e));
        }
        if (!json_object_is_type(root, json_type_object))
                REQ_FAIL("request must be a JSON object");
        /* ids stay within what every JSON peer represents exactly (2^53);
         * json-c clamps larger numbers, so a wider range could not be
         * checked. Read first: every later error can then echo it. */
        if ((r = get_int(root, "id", false, 0, (1LL << 53), &out->id, err, errlen)) < 0)
                goto out;
        if (!json_object_object_get_ex(root, "op", &opv) ||
            !json_object_is_type(opv, json_type_string))
                REQ_FAIL("missing string field 'op'");

        const char *op = json_object_get_string(opv);
        size_t i;
        if (strlen(op) != (size_t)json_object_get_string_len(opv))
                REQ_FAIL("field 'op' contains a NUL byte");
        for (i = 0; i < ARRAY_SIZE(op_names); i++)
                if (strcmp(op, op_names[i]) == 0)
                        break;
        if (i == ARRAY_SIZE(op_names))
                REQ_FAIL("unknown op '%.64s'", op);
        out->op = (enum proto_op)i;

        switch (out->op) {
        case PROTO_OP_SESSION_CREATE:
                keys = create_keys;
                nkeys = ARRAY_SIZE(create_keys);
                break;
        case PROTO_OP_SESSION_SUBSCRIBE:
        case PROTO_OP_SESSION_SUMMARY:
        case PROTO_OP_SESSION_END:
                keys = session_keys;
                nkeys = ARRAY_SIZE(session_keys);
                break;
        default:
                keys = plain_keys;
                nkeys = ARRAY_SIZE(plain_keys);
                break;
        }
        json_object_object_foreach(root, key, val)
        {
                (void)val;
                if (!key_allowed(key, keys, nkeys))
                        REQ_FAIL("unknown field '%.64s' for %s", key, op);
        }
        /* json-c keeps the last of two equal keys; a request that says two
         * things is refused instead of guessed at */
        struct dup_scan dup = {.tok = tok, .keys = keys, .nkeys = nkeys};
        each_top_key(json, len, count_key, &dup);
        if (dup.dup)
                REQ_FAIL("duplicate field '%s'", dup.dup);
        if (!dup.dup && dup.members != (size_t)json_object_object_length(root))
                REQ_FAIL("duplicate field in request");

        if (out->op == PROTO_OP_SESSION_CREATE) {
                struct json_object *f;
                bool has_cgroup = json_object_object_get_ex(root, "cgroup", &f);
                if (has_cgroup && json_object_object_get_ex(root, "pid", NULL))
                        REQ_FAIL("fields 'pid' and 'cgroup' exclude each other");
                if (has_cgroup) {
                        if (!json_object_is_type(f, json_type_string))
                                REQ_FAIL("field 'cgroup' must be a string");
                        size_t clen = (size_t)json_object_get_string_len(f);
                        if (clen == 0 || clen >= PROTO_CGROUP_MAX)
                                REQ_FAIL("field 'cgroup' must be 1 to %u bytes",
                                         PROTO_CGROUP_MAX - 1);
                        if (memchr(json_object_get_string(f), '\0', clen))
                                REQ_FAIL("field 'cgroup' contains a NUL byte");
                        if (json_object_get_string(f)[0] != '/')
                                REQ_FAIL("field 'cgroup' must be an absolute path");
                        out->cgroup_owned = strndup(json_object_get_string(f), clen);
                        if (!out->cgroup_owned) {
                                snprintf(err, errlen, "out of memory");
                                r = -ENOMEM;
                                goto out;
                        }
                        out->cgroup = out->cgroup_owned;
                } else {
                        if ((r = get_int(root, "pid", true, 1, INT32_MAX, &v, err, errlen)) < 0)
                                goto out;
                        out->pid = (pid_t)v;
                }
                v = out->capture;
                if ((r = get_int(root, "capture", false, 0, PROTO_CAPTURE_MAX, &v, err, errlen)) <
                    0)
                        goto out;
                out->capture = (uint32_t)v;
                if ((r = get_bool(root, "follow", &out->follow, err, errlen)) < 0 ||
                    (r = get_bool(root, "stream", &out->stream, err, errlen)) < 0 ||
                    (r = get_bool(root, "subscribe", &out->subscribe, err, errlen)) < 0 ||
                    (r = get_bool(root, "await_exec", &out->await_exec, err, errlen)) < 0 ||
                    (r = get_bool(root, "causal", &out->causal, err, errlen)) < 0 ||
                    (r = get_bool(root, "dump", &out->dump, err, errlen)) < 0 ||
                    (r = get_bool(root, "fds", &out->fds, err, errlen)) < 0 ||
                    (r = get_bool(root, "env", &out->env, err, errlen)) < 0 ||
                    (r = get_bool(root, "dirents", &out->dirents, err, errlen)) < 0 ||
                    (r = get_bool(root, "one_task", &out->one_task, err, errlen)) < 0)
                        goto out;
                if (json_object_object_get_ex(root, "stack", &f)) {
                        const char *m = json_object_get_string(f);
                        if (!json_object_is_type(f, json_type_string))
                                REQ_FAIL("field 'stack' must be a string");
                        if (!strcmp(m, "none"))
                                out->stack = 0;
                        else if (!strcmp(m, "fp"))
                                out->stack = 1;
                        else if (!strcmp(m, "dwarf"))
                                out->stack = 2;
                        else
                                REQ_FAIL("field 'stack' must be \"none\", \"fp\" or \"dwarf\"");
                }
                if (json_object_object_get_ex(root, "filter", &f)) {
                        if (!json_object_is_type(f, json_type_string))
                                REQ_FAIL("field 'filter' must be a string");
                        size_t flen = (size_t)json_object_get_string_len(f);
                        if (flen >= PROTO_FILTER_MAX)
                                REQ_FAIL("field 'filter' is %zu bytes, longer than the %u-byte "
                                         "limit",
                                         flen, PROTO_FILTER_MAX - 1);
                        if (memchr(json_object_get_string(f), '\0', flen))
                                REQ_FAIL("field 'filter' contains a NUL byte");
                        out->filter_owned = strndup(json_object_get_string(f), flen);
                        if (!out->filter_owned) {
                                snprintf(err, errlen, "out of memory");
                                r = -ENOMEM;
                                goto out;
                        }
                        out->filter = out->filter_owned;
                }
        } else if (keys == session_keys) {
                if ((r = get_int(root, "session", true, 1, UINT32_MAX, &v, err, errlen)) < 0)
                        goto out;
                out->session = (uint32_t)v;
        }
out:
        if (r < 0)
                proto_request_release(out);
        json_object_put(root);
        json_tokener_free(tok);
        return r;
}
