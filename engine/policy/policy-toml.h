/* SPDX-License-Identifier: MIT */
/*
 * Migration from the old tool: its renacer.toml ([[assertion]] tables of
 * string, integer, float and boolean keys) converted to a policy YAML file.
 * Debian 12 packages no C TOML library, so this is a small parser of the
 * TOML subset such files use: comments, [[assertion]] headers, bare and
 * quoted keys, basic and literal strings, integers (with _ and 0x/0o/0b),
 * floats, booleans and arrays of those. Anything else (inline tables,
 * dates, multi-line strings, other tables) is refused with its line.
 */
#ifndef RENACER_POLICY_TOML_H
#define RENACER_POLICY_TOML_H

#include <stdbool.h>
#include <stddef.h>

#define POLICY_TOML_MAX (1u << 20)

/* Convert text to the equivalent policy YAML (malloc'd, NUL-terminated),
 * checked with the policy parser. On error returns -EINVAL (-ENOMEM,
 * -EFBIG) and writes one line "name:line:column: message" to err, the line
 * and column being the TOML file's. */
int policy_toml_to_yaml(const char *name, const char *text, size_t len, char **ret_yaml, char *err,
                        size_t errlen);

/* Whether text reads as TOML rather than YAML: its first line that is not
 * blank or a comment is a [table] header or a `key = value`. */
bool policy_text_is_toml(const char *text, size_t len);

#endif
