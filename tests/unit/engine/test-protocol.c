// SPDX-License-Identifier: MIT
/* The renacerd wire protocol: frames and request validation. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "protocol.h"
#include "renacer-event.h"

/* ---- frames ---- */

static void test_header_encoding(void **state)
{
        uint8_t h[PROTO_HEADER_SIZE];
        static const uint8_t want[PROTO_HEADER_SIZE] = {0x04, 0x03, 0x02, 0x01, 'E', 0, 0, 0};
        static const uint8_t want0[PROTO_HEADER_SIZE] = {0, 0, 0, 0, 'J', 0, 0, 0};

        (void)state;
        memset(h, 0xff, sizeof(h));
        proto_header(h, PROTO_EVENTS, 0x01020304);
        assert_memory_equal(h, want, sizeof(h));
        memset(h, 0xff, sizeof(h));
        proto_header(h, PROTO_JSON, 0);
        assert_memory_equal(h, want0, sizeof(h));
}

/* An 'E' frame as renacerd writes it: session id, reserved 0, records
 * padded to 8 bytes; each comes back where it lies, with its own size. */
static void test_events_walk(void **state)
{
        _Alignas(8) uint8_t data[PROTO_EVENTS_PREFIX + 32 + 24];
        struct renacer_event_header h = {0};
        struct proto_frame f = {PROTO_EVENTS, sizeof(data), data};
        const uint8_t *rec;
        uint32_t sid = 0, size;
        size_t off = PROTO_EVENTS_PREFIX;

        (void)state;
        memset(data, 0, sizeof(data));
        sid = 77;
        memcpy(data, &sid, 4);
        h.size = 28; /* padded to 32 */
        h.kind = RENACER_EV_SYSCALL;
        memcpy(data + PROTO_EVENTS_PREFIX, &h, sizeof(h));
        h.size = 24;
        h.kind = RENACER_EV_EXIT;
        memcpy(data + PROTO_EVENTS_PREFIX + 32, &h, sizeof(h));
        sid = 0;
        assert_int_equal(proto_events_session(&f, &sid), 0);
        assert_int_equal(sid, 77);
        assert_int_equal(proto_events_next(&f, &off, &rec, &size), 1);
        assert_ptr_equal(rec, data + PROTO_EVENTS_PREFIX);
        assert_int_equal(size, 28);
        assert_int_equal(off, PROTO_EVENTS_PREFIX + 32);
        assert_int_equal(proto_events_next(&f, &off, &rec, &size), 1);
        assert_ptr_equal(rec, data + PROTO_EVENTS_PREFIX + 32);
        assert_int_equal(size, 24);
        assert_int_equal(proto_events_next(&f, &off, &rec, &size), 0);
        /* the last record's padding may be missing */
        f.len = PROTO_EVENTS_PREFIX + 28;
        off = PROTO_EVENTS_PREFIX;
        assert_int_equal(proto_events_next(&f, &off, &rec, &size), 1);
        assert_int_equal(off, f.len);
        assert_int_equal(proto_events_next(&f, &off, &rec, &size), 0);
}

static void test_events_malformed(void **state)
{
        _Alignas(8) uint8_t data[PROTO_EVENTS_PREFIX + 48];
        struct renacer_event_header h = {0};
        struct proto_frame f = {PROTO_EVENTS, sizeof(data), data};
        const uint8_t *rec;
        uint32_t sid, size;
        size_t off;

        (void)state;
        memset(data, 0, sizeof(data));
        /* a short prefix, a non-zero reserved word, a JSON frame */
        f.len = 7;
        assert_int_equal(proto_events_session(&f, &sid), -EBADMSG);
        f.len = sizeof(data);
        data[5] = 1;
        assert_int_equal(proto_events_session(&f, &sid), -EBADMSG);
        data[5] = 0;
        f.type = PROTO_JSON;
        assert_int_equal(proto_events_session(&f, &sid), -EBADMSG);
        f.type = PROTO_EVENTS;
        /* a size below a header, one past the frame, a cut header */
        h.size = sizeof(h) - 1;
        memcpy(data + PROTO_EVENTS_PREFIX, &h, sizeof(h));
        off = PROTO_EVENTS_PREFIX;
        assert_int_equal(proto_events_next(&f, &off, &rec, &size), -EBADMSG);
        h.size = 49;
        memcpy(data + PROTO_EVENTS_PREFIX, &h, sizeof(h));
        off = PROTO_EVENTS_PREFIX;
        assert_int_equal(proto_events_next(&f, &off, &rec, &size), -EBADMSG);
        off = sizeof(data) - sizeof(h) + 1;
        assert_int_equal(proto_events_next(&f, &off, &rec, &size), -EBADMSG);
}

static void test_frame_need_more(void **state)
{
        uint8_t buf[64];
        struct proto_frame f = {.type = 0x77, .len = 0x7777, .data = NULL};

        (void)state;
        proto_header(buf, PROTO_JSON, 10);
        memcpy(buf + PROTO_HEADER_SIZE, "0123456789", 10);
        /* nothing, part of the header, the header alone, all but one byte */
        for (size_t len = 0; len < PROTO_HEADER_SIZE + 10; len++)
                assert_int_equal(proto_frame_parse(buf, len, 1024, &f), 0);
        assert_int_equal(f.type, 0x77);
        assert_int_equal(f.len, 0x7777);
        assert_null(f.data);
}

static void test_frame_exact(void **state)
{
        uint8_t buf[PROTO_HEADER_SIZE + 5];
        struct proto_frame f;

        (void)state;
        proto_header(buf, PROTO_JSON, 5);
        memcpy(buf + PROTO_HEADER_SIZE, "{...}", 5);
        assert_int_equal(proto_frame_parse(buf, sizeof(buf), 5, &f), PROTO_HEADER_SIZE + 5);
        assert_int_equal(f.type, PROTO_JSON);
        assert_int_equal(f.len, 5);
        assert_ptr_equal(f.data, buf + PROTO_HEADER_SIZE);

        /* an empty body is a frame too */
        proto_header(buf, PROTO_EVENTS, 0);
        assert_int_equal(proto_frame_parse(buf, PROTO_HEADER_SIZE, 0, &f), PROTO_HEADER_SIZE);
        assert_int_equal(f.type, PROTO_EVENTS);
        assert_int_equal(f.len, 0);
}

static void test_frame_back_to_back(void **state)
{
        uint8_t buf[64];
        struct proto_frame f;
        size_t off = 0;
        ssize_t n;

        (void)state;
        proto_header(buf, PROTO_JSON, 3);
        memcpy(buf + 8, "abc", 3);
        proto_header(buf + 11, PROTO_EVENTS, 6);
        memcpy(buf + 19, "UVWXYZ", 6);
        /* and the first 3 bytes of a third */
        proto_header(buf + 25, PROTO_JSON, 1);

        n = proto_frame_parse(buf + off, 28, PROTO_MAX_REQUEST, &f);
        assert_int_equal(n, 11);
        assert_int_equal(f.type, 'J');
        assert_int_equal(f.len, 3);
        assert_memory_equal(f.data, "abc", 3);
        off += (size_t)n;

        n = proto_frame_parse(buf + off, 28 - off, PROTO_MAX_REQUEST, &f);
        assert_int_equal(n, 14);
        assert_int_equal(f.type, 'E');
        assert_int_equal(f.len, 6);
        assert_memory_equal(f.data, "UVWXYZ", 6);
        off += (size_t)n;

        assert_int_equal(off, 25);
        assert_int_equal(proto_frame_parse(buf + off, 28 - off, PROTO_MAX_REQUEST, &f), 0);
}

static void test_frame_oversized(void **state)
{
        uint8_t buf[PROTO_HEADER_SIZE + 16] = {0};
        struct proto_frame f;

        (void)state;
        /* judged from the header alone: no need to wait for the body */
        proto_header(buf, PROTO_JSON, PROTO_MAX_REQUEST + 1);
        assert_int_equal(proto_frame_parse(buf, PROTO_HEADER_SIZE, PROTO_MAX_REQUEST, &f),
                         -EMSGSIZE);
        proto_header(buf, PROTO_EVENTS, UINT32_MAX);
        assert_int_equal(proto_frame_parse(buf, sizeof(buf), PROTO_MAX_FRAME, &f), -EMSGSIZE);
        proto_header(buf, PROTO_JSON, 17);
        assert_int_equal(proto_frame_parse(buf, sizeof(buf), 16, &f), -EMSGSIZE);
        /* the limit itself is allowed */
        proto_header(buf, PROTO_JSON, 16);
        assert_int_equal(proto_frame_parse(buf, sizeof(buf), 16, &f), PROTO_HEADER_SIZE + 16);
        /* at the limit but incomplete: wait */
        proto_header(buf, PROTO_JSON, PROTO_MAX_REQUEST);
        assert_int_equal(proto_frame_parse(buf, sizeof(buf), PROTO_MAX_REQUEST, &f), 0);
}

static void test_frame_malformed(void **state)
{
        uint8_t buf[PROTO_HEADER_SIZE + 4] = {0};
        struct proto_frame f;

        (void)state;
        for (unsigned t = 0; t < 256; t++) {
                proto_header(buf, (uint8_t)t, 4);
                ssize_t want = t == 'J' || t == 'E' ? (ssize_t)sizeof(buf) : -EBADMSG;
                assert_int_equal(proto_frame_parse(buf, sizeof(buf), 64, &f), want);
                /* a bad type is seen before the body arrives */
                if (want < 0)
                        assert_int_equal(proto_frame_parse(buf, PROTO_HEADER_SIZE, 64, &f),
                                         -EBADMSG);
        }
        for (int i = 5; i < PROTO_HEADER_SIZE; i++) {
                proto_header(buf, PROTO_JSON, 4);
                buf[i] = 1;
                assert_int_equal(proto_frame_parse(buf, sizeof(buf), 64, &f), -EBADMSG);
                buf[i] = 0x80;
                assert_int_equal(proto_frame_parse(buf, PROTO_HEADER_SIZE, 64, &f), -EBADMSG);
        }
        /* malformed wins over oversized */
        proto_header(buf, 'X', 1000);
        assert_int_equal(proto_frame_parse(buf, sizeof(buf), 64, &f), -EBADMSG);
}

/* ---- requests ---- */

static int parse(const char *json, struct proto_request *req, char *err, size_t errlen)
{
        memset(req, 0x5a, sizeof(*req));
        err[0] = '\0';
        return proto_request_parse(json, strlen(json), req, err, errlen);
}

static void parse_ok(const char *json, struct proto_request *req)
{
        char err[256];
        int r = parse(json, req, err, sizeof(err));

        if (r != 0)
                fail_msg("rejected (%d, %s): %s", r, err, json);
}

static void parse_err(const char *json, const char *want)
{
        struct proto_request req;
        char err[256];
        int r = parse(json, &req, err, sizeof(err));

        if (r != -EINVAL)
                fail_msg("parse = %d (err '%s'), want -EINVAL: %s", r, err, json);
        if (strstr(err, want) == NULL)
                fail_msg("error '%s' lacks '%s' for: %s", err, want, json);
}

static void test_op_names(void **state)
{
        (void)state;
        assert_string_equal(proto_op_name(PROTO_OP_SESSION_CREATE), "session.create");
        assert_string_equal(proto_op_name(PROTO_OP_SESSION_SUBSCRIBE), "session.subscribe");
        assert_string_equal(proto_op_name(PROTO_OP_SESSION_SUMMARY), "session.summary");
        assert_string_equal(proto_op_name(PROTO_OP_SESSION_END), "session.end");
        assert_string_equal(proto_op_name(PROTO_OP_SESSIONS), "sessions");
        assert_string_equal(proto_op_name(PROTO_OP_STATUS), "status");
        assert_string_equal(proto_op_name(PROTO_OP_RELOAD), "reload");
        assert_string_equal(proto_op_name((enum proto_op)7), "?");
        assert_string_equal(proto_op_name((enum proto_op) - 1), "?");
}

static void test_create_defaults(void **state)
{
        struct proto_request r;

        (void)state;
        parse_ok("{\"op\":\"session.create\",\"pid\":1234}", &r);
        assert_int_equal(r.op, PROTO_OP_SESSION_CREATE);
        assert_int_equal(r.pid, 1234);
        assert_true(r.id == -1);
        assert_true(r.stream);
        assert_false(r.follow);
        assert_false(r.subscribe);
        assert_int_equal(r.capture, PROTO_CAPTURE_DEFAULT);
        assert_int_equal(r.capture, 32);
        assert_string_equal(r.filter, "");
        assert_int_equal(r.session, 0);
        assert_false(r.causal);
}

static void test_create_full(void **state)
{
        struct proto_request r;

        (void)state;
        parse_ok("{\"op\":\"session.create\",\"id\":42,\"pid\":2147483647,\"follow\":true,"
                 "\"filter\":\"trace=%file,!read\",\"capture\":1024,\"stream\":false,"
                 "\"subscribe\":true}",
                 &r);
        assert_int_equal(r.op, PROTO_OP_SESSION_CREATE);
        assert_true(r.id == 42);
        assert_int_equal(r.pid, 2147483647);
        assert_true(r.follow);
        assert_false(r.stream);
        assert_true(r.subscribe);
        assert_int_equal(r.capture, 1024);
        assert_string_equal(r.filter, "trace=%file,!read");
        proto_request_release(&r);
        assert_string_equal(r.filter, "");

        /* key order does not matter; capture 0 and pid 1 are in range */
        parse_ok(" { \"capture\" : 0 , \"pid\" : 1 , \"op\" : \"session.create\" ,"
                 " \"follow\" : false , \"stream\" : true } \n",
                 &r);
        assert_int_equal(r.pid, 1);
        assert_int_equal(r.capture, 0);
        assert_false(r.follow);
        assert_true(r.stream);
}

static void test_session_ops(void **state)
{
        static const struct {
                const char *op;
                enum proto_op want;
        } ops[] = {
            {"session.subscribe", PROTO_OP_SESSION_SUBSCRIBE},
            {"session.summary", PROTO_OP_SESSION_SUMMARY},
            {"session.end", PROTO_OP_SESSION_END},
        };
        struct proto_request r;
        char json[256];

        (void)state;
        for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
                snprintf(json, sizeof(json), "{\"op\":\"%s\",\"id\":7,\"session\":3}", ops[i].op);
                parse_ok(json, &r);
                assert_int_equal(r.op, ops[i].want);
                assert_int_equal(r.session, 3);
                assert_true(r.id == 7);
                assert_int_equal(r.pid, 0);
                assert_string_equal(r.filter, "");

                snprintf(json, sizeof(json), "{\"op\":\"%s\",\"session\":4294967295}", ops[i].op);
                parse_ok(json, &r);
                assert_int_equal(r.session, UINT32_MAX);
                assert_true(r.id == -1);

                snprintf(json, sizeof(json), "{\"op\":\"%s\"}", ops[i].op);
                parse_err(json, "missing field 'session'");
                snprintf(json, sizeof(json), "{\"op\":\"%s\",\"session\":0}", ops[i].op);
                parse_err(json, "field 'session' out of range [1, 4294967295]");
                snprintf(json, sizeof(json), "{\"op\":\"%s\",\"session\":4294967296}", ops[i].op);
                parse_err(json, "field 'session' out of range");
                snprintf(json, sizeof(json), "{\"op\":\"%s\",\"session\":-3}", ops[i].op);
                parse_err(json, "field 'session' out of range");
                snprintf(json, sizeof(json), "{\"op\":\"%s\",\"session\":\"3\"}", ops[i].op);
                parse_err(json, "field 'session' must be an integer");
                snprintf(json, sizeof(json), "{\"op\":\"%s\",\"session\":3,\"pid\":1}", ops[i].op);
                parse_err(json, "unknown field 'pid'");
        }
}

static void test_plain_ops(void **state)
{
        struct proto_request r;

        (void)state;
        parse_ok("{\"op\":\"sessions\"}", &r);
        assert_int_equal(r.op, PROTO_OP_SESSIONS);
        assert_true(r.id == -1);
        assert_int_equal(r.session, 0);
        parse_ok("{\"op\":\"status\",\"id\":0}", &r);
        assert_int_equal(r.op, PROTO_OP_STATUS);
        assert_true(r.id == 0);
        parse_err("{\"op\":\"status\",\"session\":1}", "unknown field 'session' for status");
        parse_err("{\"op\":\"sessions\",\"pid\":1}", "unknown field 'pid' for sessions");
}

static void test_ids(void **state)
{
        struct proto_request r;

        (void)state;
        /* ids are bounded by 2^53, what every JSON peer represents exactly;
         * larger ones (which json-c would clamp) are refused */
        parse_ok("{\"op\":\"status\",\"id\":9007199254740992}", &r);
        assert_true(r.id == (1LL << 53));
        parse_err("{\"op\":\"status\",\"id\":9007199254740993}", "field 'id' out of range");
        parse_err("{\"op\":\"status\",\"id\":9223372036854775807}", "field 'id' out of range");
        parse_err("{\"op\":\"status\",\"id\":18446744073709551615}", "field 'id' out of range");
        parse_err("{\"op\":\"status\\u0000x\"}", "contains a NUL byte");
        parse_err("{'op':'status'}", "malformed JSON");
        parse_err("{\"op\":\"status\",}", "malformed JSON");
        parse_ok("{\"id\":123456789012,\"op\":\"status\"}", &r);
        assert_true(r.id == 123456789012LL);
        parse_err("{\"op\":\"status\",\"id\":-1}", "field 'id' out of range [0, 9007199254740992]");
        parse_err("{\"op\":\"status\",\"id\":\"1\"}", "field 'id' must be an integer");
        parse_err("{\"op\":\"status\",\"id\":1.5}", "field 'id' must be an integer");
        parse_err("{\"op\":\"status\",\"id\":null}", "field 'id' must be an integer");
        parse_err("{\"op\":\"status\",\"id\":[1]}", "field 'id' must be an integer");
}

static void test_create_errors(void **state)
{
        (void)state;
        parse_err("{\"op\":\"session.create\"}", "missing field 'pid'");
        parse_err("{\"op\":\"session.create\",\"pid\":0}",
                  "field 'pid' out of range [1, 2147483647]");
        parse_err("{\"op\":\"session.create\",\"pid\":-1}", "field 'pid' out of range");
        parse_err("{\"op\":\"session.create\",\"pid\":2147483648}", "field 'pid' out of range");
        parse_err("{\"op\":\"session.create\",\"pid\":99999999999999999999999}",
                  "field 'pid' out of range");
        parse_err("{\"op\":\"session.create\",\"pid\":\"12\"}", "field 'pid' must be an integer");
        parse_err("{\"op\":\"session.create\",\"pid\":12.0}", "field 'pid' must be an integer");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"capture\":1025}",
                  "field 'capture' out of range [0, 1024]");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"capture\":-1}",
                  "field 'capture' out of range");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"capture\":true}",
                  "field 'capture' must be an integer");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"follow\":1}",
                  "field 'follow' must be true or false");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"stream\":\"yes\"}",
                  "field 'stream' must be true or false");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"subscribe\":null}",
                  "field 'subscribe' must be true or false");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"filter\":5}",
                  "field 'filter' must be a string");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"filter\":[\"read\"]}",
                  "field 'filter' must be a string");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"filter\":\"read\\u0000write\"}",
                  "field 'filter' contains a NUL byte");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"session\":1}",
                  "unknown field 'session' for session.create");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"Pid\":1}", "unknown field 'Pid'");
}

/* trace --cgroup: a path instead of a pid. */
static void test_create_cgroup(void **state)
{
        struct proto_request r;

        (void)state;
        parse_ok("{\"op\":\"session.create\",\"cgroup\":\"/sys/fs/cgroup/a b\",\"follow\":true}",
                 &r);
        assert_int_equal(r.pid, 0);
        assert_string_equal(r.cgroup, "/sys/fs/cgroup/a b");
        proto_request_release(&r);
        assert_null(r.cgroup);
        parse_ok("{\"op\":\"session.create\",\"pid\":5}", &r);
        assert_null(r.cgroup);
        proto_request_release(&r);

        parse_err("{\"op\":\"session.create\",\"cgroup\":\"/x\",\"pid\":5}",
                  "fields 'pid' and 'cgroup' exclude each other");
        parse_err("{\"op\":\"session.create\",\"cgroup\":5}", "field 'cgroup' must be a string");
        parse_err("{\"op\":\"session.create\",\"cgroup\":\"\"}", "field 'cgroup' must be 1 to");
        parse_err("{\"op\":\"session.create\",\"cgroup\":\"a/b\"}",
                  "field 'cgroup' must be an absolute path");
        parse_err("{\"op\":\"session.create\",\"cgroup\":\"/a\\u0000b\"}",
                  "field 'cgroup' contains a NUL byte");
        parse_err("{\"op\":\"session.create\",\"cgroup\":\"/a\",\"cgroup\":\"/b\"}",
                  "duplicate field 'cgroup'");
        char big[PROTO_CGROUP_MAX + 64];
        int n = snprintf(big, sizeof(big), "{\"op\":\"session.create\",\"cgroup\":\"/");
        memset(big + n, 'a', PROTO_CGROUP_MAX);
        snprintf(big + n + PROTO_CGROUP_MAX, sizeof(big) - (size_t)n - PROTO_CGROUP_MAX, "\"}");
        parse_err(big, "field 'cgroup' must be 1 to 4095 bytes");
}

static void test_filter_length(void **state)
{
        const size_t max = PROTO_FILTER_MAX - 1;
        char *json = malloc(PROTO_FILTER_MAX + 128), want[96];
        struct proto_request r;
        int n;

        (void)state;
        assert_non_null(json);
        n = sprintf(json, "{\"op\":\"session.create\",\"pid\":9,\"filter\":\"");
        /* what renacerctl -e sends for a long list: far over the old 1023 */
        memset(json + n, 'a', 2000);
        strcpy(json + n + 2000, "\"}");
        parse_ok(json, &r);
        assert_int_equal(strlen(r.filter), 2000);
        proto_request_release(&r);

        memset(json + n, 'a', max);
        strcpy(json + n + max, "\"}");
        parse_ok(json, &r);
        assert_int_equal(strlen(r.filter), max);
        assert_int_equal(r.filter[0], 'a');
        assert_int_equal(r.filter[max - 1], 'a');
        proto_request_release(&r);

        memset(json + n, 'a', max + 1);
        strcpy(json + n + max + 1, "\"}");
        snprintf(want, sizeof(want), "field 'filter' is %zu bytes, longer than the %zu-byte limit",
                 max + 1, max);
        parse_err(json, want);
        free(json);
}

/* Every error after the id is read echoes it. */
static void test_error_echoes_id(void **state)
{
        struct proto_request r;
        char err[256];

        (void)state;
        assert_int_equal(parse("{\"op\":\"no.such\",\"id\":77}", &r, err, sizeof(err)), -EINVAL);
        assert_true(r.id == 77);
        assert_non_null(strstr(err, "unknown op 'no.such'"));
        assert_int_equal(parse("{\"id\":78,\"op\":\"status\",\"bogus\":1}", &r, err, sizeof(err)),
                         -EINVAL);
        assert_true(r.id == 78);
        assert_non_null(strstr(err, "unknown field 'bogus'"));
        assert_int_equal(
            parse("{\"id\":79,\"op\":\"session.create\",\"pid\":\"x\"}", &r, err, sizeof(err)),
            -EINVAL);
        assert_true(r.id == 79);
        assert_int_equal(parse("{\"id\":80}", &r, err, sizeof(err)), -EINVAL);
        assert_true(r.id == 80);
        /* an id that is itself wrong cannot be echoed */
        assert_int_equal(parse("{\"id\":\"x\",\"op\":\"nope\"}", &r, err, sizeof(err)), -EINVAL);
        assert_true(r.id == -1);
        assert_non_null(strstr(err, "field 'id' must be an integer"));
        assert_int_equal(parse("not json", &r, err, sizeof(err)), -EINVAL);
        assert_true(r.id == -1);
}

static void test_duplicate_keys(void **state)
{
        struct proto_request r;
        char err[256];

        (void)state;
        parse_err("{\"op\":\"status\",\"op\":\"reload\"}", "duplicate field 'op'");
        parse_err("{\"op\":\"reload\",\"id\":1,\"op\":\"status\"}", "duplicate field 'op'");
        /* the same key spelled with an escape is the same key */
        parse_err("{\"op\":\"status\",\"\\u006fp\":\"reload\"}", "duplicate field 'op'");
        parse_err("{\"op\":\"status\",\"id\":1,\"id\":2}", "duplicate field 'id'");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"pid\":2}", "duplicate field 'pid'");
        parse_err("{\"op\":\"session.create\",\"pid\":1,\"filter\":\"read\",\"filter\":\"write\"}",
                  "duplicate field 'filter'");
        /* keys inside string values and braces inside strings are not keys */
        parse_ok("{\"op\":\"session.create\",\"pid\":1,\"filter\":\"\\\",\\\"pid\\\":{\"}", &r);
        proto_request_release(&r);
        assert_int_equal(parse("{\"op\":\"status\",\"id\":5,\"id\":5}", &r, err, sizeof(err)),
                         -EINVAL);
        assert_true(r.id == 5);
}

static void test_op_errors(void **state)
{
        (void)state;
        parse_err("{}", "missing string field 'op'");
        parse_err("{\"id\":1}", "missing string field 'op'");
        parse_err("{\"op\":1}", "missing string field 'op'");
        parse_err("{\"op\":null}", "missing string field 'op'");
        parse_err("{\"op\":\"bogus\"}", "unknown op 'bogus'");
        parse_err("{\"op\":\"\"}", "unknown op ''");
        parse_err("{\"op\":\"Status\"}", "unknown op 'Status'");
        parse_err("{\"op\":\"session.\"}", "unknown op 'session.'");
        parse_err("{\"op\":\"status \"}", "unknown op 'status '");
}

static void test_malformed_json(void **state)
{
        (void)state;
        parse_err("", "malformed JSON at byte 0");
        parse_err("{\"op\":\"sta", "malformed JSON");
        parse_err("{\"op\":\"status\"", "malformed JSON");
        parse_err("{\"op\":\"status\"}x", "malformed JSON at byte 15");
        parse_err("{\"op\":\"status\"}{\"op\":\"status\"}", "malformed JSON at byte 15");
        parse_err("{\"op\" \"status\"}", "malformed JSON");
        parse_err("}", "malformed JSON");
        parse_err("[1,2]", "request must be a JSON object");
        parse_err("\"status\"", "request must be a JSON object");
        parse_err("[{\"op\":\"status\"}]", "request must be a JSON object");
}

static void test_length_is_respected(void **state)
{
        static const char text[] = "{\"op\":\"status\"}GARBAGE";
        static const char nul[] = "{\"op\":\"status\"}\0";
        struct proto_request r;
        char err[256] = "";

        (void)state;
        /* the buffer need not be NUL-terminated at len */
        assert_int_equal(proto_request_parse(text, 15, &r, err, sizeof(err)), 0);
        assert_int_equal(r.op, PROTO_OP_STATUS);
        assert_int_equal(proto_request_parse(text, 14, &r, err, sizeof(err)), -EINVAL);
        assert_int_equal(proto_request_parse(text, sizeof(text) - 1, &r, err, sizeof(err)),
                         -EINVAL);
        /* a NUL inside the frame is not the end of it */
        assert_int_equal(proto_request_parse(nul, sizeof(nul) - 1, &r, err, sizeof(err)), -EINVAL);
}

static void test_request_too_big(void **state)
{
        size_t len = PROTO_MAX_REQUEST + 1;
        char *json = malloc(len + 1);
        struct proto_request r;
        char err[256] = "";

        (void)state;
        assert_non_null(json);
        memset(json, ' ', len);
        memcpy(json, "{\"op\":\"status\"}", 15);
        json[len] = '\0';
        assert_int_equal(proto_request_parse(json, len, &r, err, sizeof(err)), -EMSGSIZE);
        assert_non_null(strstr(err, "65537"));
        /* the limit itself is fine: trailing blanks */
        assert_int_equal(proto_request_parse(json, len - 1, &r, err, sizeof(err)), 0);
        assert_int_equal(r.op, PROTO_OP_STATUS);
        free(json);
}

static void test_deep_nesting(void **state)
{
        char json[512];
        int n;

        (void)state;
        n = sprintf(json, "{\"op\":\"status\",\"x\":");
        for (int i = 0; i < 100; i++)
                json[n++] = '[';
        for (int i = 0; i < 100; i++)
                json[n++] = ']';
        strcpy(json + n, "}");
        parse_err(json, "malformed JSON");
}

/* --causal: the kernel captures what calls move between tasks. */
static void test_create_causal(void **state)
{
        struct proto_request r;

        (void)state;
        parse_ok("{\"op\":\"session.create\",\"pid\":7,\"causal\":true}", &r);
        assert_true(r.causal);
        proto_request_release(&r);
        parse_ok("{\"op\":\"session.create\",\"pid\":7,\"causal\":false}", &r);
        assert_false(r.causal);
        proto_request_release(&r);
}

static void test_create_causal_errors(void **state)
{
        (void)state;
        parse_err("{\"op\":\"session.create\",\"pid\":7,\"causal\":1}",
                  "field 'causal' must be true or false");
        parse_err("{\"op\":\"session.create\",\"pid\":7,\"causal\":\"yes\"}",
                  "field 'causal' must be true or false");
        parse_err("{\"op\":\"session.create\",\"pid\":7,\"causal\":true,\"causal\":false}",
                  "duplicate field 'causal'");
}

/* -e read=/write=: buffers whole up to RENACER_BUF_CAP for the dumps */
static void test_create_dump(void **state)
{
        struct proto_request r;

        (void)state;
        parse_ok("{\"op\":\"session.create\",\"pid\":7}", &r);
        assert_false(r.dump);
        proto_request_release(&r);
        parse_ok("{\"op\":\"session.create\",\"pid\":7,\"dump\":true,\"capture\":32}", &r);
        assert_true(r.dump);
        assert_int_equal(r.capture, 32);
        proto_request_release(&r);
        parse_err("{\"op\":\"session.create\",\"pid\":7,\"dump\":1}",
                  "field 'dump' must be true or false");
        parse_err("{\"op\":\"session.create\",\"pid\":7,\"dump\":true,\"dump\":true}",
                  "duplicate field 'dump'");
}

/* -y: the pipes and sockets calls make, named at sys_exit */
static void test_create_fds(void **state)
{
        struct proto_request r;

        (void)state;
        parse_ok("{\"op\":\"session.create\",\"pid\":7}", &r);
        assert_false(r.fds);
        proto_request_release(&r);
        parse_ok("{\"op\":\"session.create\",\"pid\":7,\"fds\":true}", &r);
        assert_true(r.fds);
        proto_request_release(&r);
        parse_err("{\"op\":\"session.create\",\"pid\":7,\"fds\":\"yes\"}",
                  "field 'fds' must be true or false");
        parse_err("{\"op\":\"session.create\",\"pid\":7,\"fds\":true,\"fds\":true}",
                  "duplicate field 'fds'");
}

/* -v: execve's environment strings */
static void test_create_env(void **state)
{
        struct proto_request r;

        (void)state;
        parse_ok("{\"op\":\"session.create\",\"pid\":7}", &r);
        assert_false(r.env);
        proto_request_release(&r);
        parse_ok("{\"op\":\"session.create\",\"pid\":7,\"env\":true,\"fds\":false}", &r);
        assert_true(r.env);
        assert_false(r.fds);
        proto_request_release(&r);
        parse_err("{\"op\":\"session.create\",\"pid\":7,\"env\":null}",
                  "field 'env' must be true or false");
        /* -v: getdents64's entries */
        parse_ok("{\"op\":\"session.create\",\"pid\":7}", &r);
        assert_false(r.dirents);
        proto_request_release(&r);
        parse_ok("{\"op\":\"session.create\",\"pid\":7,\"dirents\":true}", &r);
        assert_true(r.dirents);
        assert_false(r.env);
        proto_request_release(&r);
        parse_err("{\"op\":\"session.create\",\"pid\":7,\"dirents\":1}",
                  "field 'dirents' must be true or false");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_header_encoding), cmocka_unit_test(test_frame_need_more),
            cmocka_unit_test(test_events_walk),     cmocka_unit_test(test_events_malformed),
            cmocka_unit_test(test_frame_exact),     cmocka_unit_test(test_frame_back_to_back),
            cmocka_unit_test(test_frame_oversized), cmocka_unit_test(test_frame_malformed),
            cmocka_unit_test(test_op_names),        cmocka_unit_test(test_create_defaults),
            cmocka_unit_test(test_create_full),     cmocka_unit_test(test_session_ops),
            cmocka_unit_test(test_plain_ops),       cmocka_unit_test(test_ids),
            cmocka_unit_test(test_create_errors),   cmocka_unit_test(test_create_cgroup),
            cmocka_unit_test(test_filter_length),   cmocka_unit_test(test_error_echoes_id),
            cmocka_unit_test(test_duplicate_keys),  cmocka_unit_test(test_op_errors),
            cmocka_unit_test(test_malformed_json),  cmocka_unit_test(test_length_is_respected),
            cmocka_unit_test(test_request_too_big), cmocka_unit_test(test_deep_nesting),
            cmocka_unit_test(test_create_causal),   cmocka_unit_test(test_create_causal_errors),
            cmocka_unit_test(test_create_dump),     cmocka_unit_test(test_create_fds),
            cmocka_unit_test(test_create_env),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
