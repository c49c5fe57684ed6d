// SPDX-License-Identifier: MIT
#include "summary-json.h"

#include <errno.h>

#include "syscall-names.h"

struct json_object *summary_to_json(const struct summary *s)
{
        struct json_object *o = json_object_new_object(), *rows = json_object_new_array();

        for (size_t i = 0; i < s->n; i++) {
                const struct summary_row *r = &s->rows[i];
                struct json_object *row = json_object_new_object(), *hist = json_object_new_array();
                size_t last = 0;

                json_object_object_add(row, "nr", json_object_new_int(r->nr));
                json_object_object_add(row, "name", json_object_new_string(syscall_name(r->nr)));
                json_object_object_add(row, "calls", json_object_new_uint64(r->calls));
                json_object_object_add(row, "errors", json_object_new_uint64(r->errors));
                json_object_object_add(row, "total_ns", json_object_new_uint64(r->total_ns));
                if (r->has_extremes) {
                        json_object_object_add(row, "min_ns", json_object_new_uint64(r->min_ns));
                        json_object_object_add(row, "max_ns", json_object_new_uint64(r->max_ns));
                }
                for (size_t b = 0; b < RENACER_HIST_BUCKETS; b++)
                        if (r->hist[b])
                                last = b + 1;
                for (size_t b = 0; b < last; b++)
                        json_object_array_add(hist, json_object_new_uint64(r->hist[b]));
                json_object_object_add(row, "hist", hist);
                json_object_array_add(rows, row);
        }
        json_object_object_add(o, "syscalls", rows);
        return o;
}

static uint64_t get_u64(struct json_object *o, const char *key)
{
        struct json_object *f;

        if (!json_object_object_get_ex(o, key, &f))
                return 0;
        return json_object_get_uint64(f);
}

int summary_from_json(struct json_object *o, struct summary *out)
{
        struct json_object *rows, *f;

        if (!o || !json_object_object_get_ex(o, "syscalls", &rows) ||
            !json_object_is_type(rows, json_type_array))
                return -EBADMSG;
        for (size_t i = 0; i < json_object_array_length(rows); i++) {
                struct json_object *row = json_object_array_get_idx(rows, i), *hist;
                uint64_t h[RENACER_HIST_BUCKETS] = {0};

                if (!json_object_object_get_ex(row, "nr", &f) ||
                    !json_object_is_type(f, json_type_int))
                        return -EBADMSG;
                int nr = json_object_get_int(f);
                if (nr < 0 || nr >= RENACER_SYSCALL_MAX)
                        return -EBADMSG;
                if (json_object_object_get_ex(row, "hist", &hist) &&
                    json_object_is_type(hist, json_type_array))
                        for (size_t b = 0;
                             b < json_object_array_length(hist) && b < RENACER_HIST_BUCKETS; b++)
                                h[b] = json_object_get_uint64(json_object_array_get_idx(hist, b));
                int r = summary_add(out, nr, get_u64(row, "calls"), get_u64(row, "errors"),
                                    get_u64(row, "total_ns"), h);
                if (r == 0 && json_object_object_get_ex(row, "min_ns", &f))
                        r = summary_add_extremes(out, nr, get_u64(row, "min_ns"),
                                                 get_u64(row, "max_ns"));
                if (r < 0)
                        return r;
        }
        return 0;
}
