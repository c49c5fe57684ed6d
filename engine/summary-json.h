/* SPDX-License-Identifier: MIT */
/* A summary as it travels in protocol messages:
 * {"syscalls": [{"nr", "name", "calls", "errors", "total_ns", "hist"}...]} */
#ifndef RENACER_SUMMARY_JSON_H
#define RENACER_SUMMARY_JSON_H

#include <json-c/json.h>

#include "summary.h"

struct json_object *summary_to_json(const struct summary *s);
/* Rows with an unknown or out-of-range nr are rejected: -EBADMSG. */
int summary_from_json(struct json_object *o, struct summary *out);

#endif
