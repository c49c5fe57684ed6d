// SPDX-License-Identifier: MIT
/*
 * The OTLP span tree on arbitrary record streams (the session corpus
 * format: records back to back, each header's size saying where the next
 * starts). Every span it emits must be one valid JSON object with hex ids,
 * whatever the records claimed, and nothing may leak.
 */
#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "otlp-trace.h"
#include "renacer-event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool hex(const char *s, size_t n)
{
        if (!s || strlen(s) != n)
                return false;
        for (; *s; s++)
                if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
                        return false;
        return true;
}

static void emit(void *ctx, char *span)
{
        struct json_object *o = json_tokener_parse(span), *v;

        (void)ctx;
        if (!o || !json_object_is_type(o, json_type_object))
                abort();
        if (!json_object_object_get_ex(o, "spanId", &v) || !hex(json_object_get_string(v), 16) ||
            !json_object_object_get_ex(o, "traceId", &v) || !hex(json_object_get_string(v), 32) ||
            !json_object_object_get_ex(o, "startTimeUnixNano", &v) ||
            !json_object_is_type(v, json_type_string))
                abort();
        json_object_put(o);
        free(span);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct otlp_trace_params p = {
            .slow_call_ns = 1000, .root = 1000, .start_ns = 1, .name = "fuzz", .emit = emit};
        struct otlp_trace *t;
        size_t off = 0;

        if (otlp_trace_new(&p, &t) < 0)
                return 0;
        while (off < size && size - off >= sizeof(struct renacer_event_header)) {
                struct renacer_event_header h;
                size_t len;
                void *rec;

                memcpy(&h, data + off, sizeof(h));
                len = h.size < sizeof(h) ? sizeof(h) : h.size;
                if (len > size - off)
                        len = size - off;
                /* exactly len bytes: a read past them is caught */
                rec = malloc(len);
                if (!rec)
                        break;
                memcpy(rec, data + off, len);
                otlp_trace_record(t, rec, len);
                free(rec);
                off += (len + 7) & ~(size_t)7;
        }
        otlp_trace_finish(t, 0, NULL, -1);
        otlp_trace_free(t);
        return 0;
}
