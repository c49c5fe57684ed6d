/* SPDX-License-Identifier: MIT */
/*
 * renacerd's configuration file (/etc/renacer/renacerd.yaml): every key, its
 * default and its range live here. Parsed with libyaml's document API; an
 * unknown key, a wrong type or a value out of range is an error that names
 * FILE:LINE:COLUMN and the key. Command-line flags are applied on top by the
 * caller (renacerd.c).
 */
#ifndef RENACER_CONFIG_H
#define RENACER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "otlp-config.h"

#ifndef SYSCONFDIR /* meson passes prefix/sysconfdir */
#define SYSCONFDIR "/etc"
#endif

#define CONFIG_DEFAULT_PATH     SYSCONFDIR "/renacer/renacerd.yaml"
#define CONFIG_DEFAULT_SOCKET   "/run/renacer/renacerd.sock"
#define CONFIG_DEFAULT_GROUP    "renacer"
#define CONFIG_DEFAULT_POLICIES SYSCONFDIR "/renacer/policies"
/* where daemon-wide policies' flight recordings are saved (0700, root) */
#define CONFIG_DEFAULT_FLIGHT_DIR "/var/lib/renacer/flight"
/* Outside the Prometheus exporter range 9100-9999, which is fully allocated
 * (see README "Operations"), and not in /etc/services or IANA's common list. */
#define CONFIG_DEFAULT_METRICS_PORT 19469
#define CONFIG_DEFAULT_METRICS      "127.0.0.1:19469"

#define CONFIG_MAX_FILE_BYTES (1u << 20)
#define CONFIG_MAX_GPU_GLOBS  64
#define CONFIG_MAX_GPU_MAJORS 64

struct config {
        char *socket_path;
        char *socket_group;   /* "" or NULL: leave the socket's group alone */
        char *metrics_listen; /* "ADDR:PORT", or NULL: no metrics endpoint */
        bool bpf_stats;       /* hold a BPF_ENABLE_STATS fd: per-program run time */
        size_t ring_bytes;
        char *policy_dir;
        char *flight_dir;
        char **gpu_globs;
        size_t n_gpu_globs;
        uint32_t *gpu_majors;
        size_t n_gpu_majors;
        unsigned max_clients;
        unsigned max_clients_per_uid;
        unsigned root_reserved_clients;
        unsigned max_sessions;
        unsigned max_sessions_per_uid;
        unsigned root_reserved_sessions;
        size_t client_buffer_bytes;
        /* OTLP export of daemon-wide policy sessions: the OTEL_* environment
         * (config_apply_otel_env), then the otlp: section on top */
        struct otlp_config otlp;
        size_t client_lifecycle_reserve;
        size_t client_reply_buffer_bytes;
        unsigned idle_timeout_s; /* 0: idle connections stay */
        unsigned drain_timeout_ms;
};

/* Built-in defaults; every string is owned by the struct. */
int config_init(struct config *c);
void config_free(struct config *c);

/* Parse a YAML document from memory into c (which holds the defaults or an
 * earlier layer). `name` is what error messages call the input. On error c
 * is unchanged and err holds one line: "NAME:LINE:COL: KEY: what is wrong". */
int config_parse_buffer(struct config *c, const char *name, const void *buf, size_t len, char *err,
                        size_t errlen);
/* Read and parse a file. -ENOENT (with err set) when it does not exist. */
int config_parse_file(struct config *c, const char *path, char *err, size_t errlen);

/* The OpenTelemetry environment as the layer under the file. 0, or -EINVAL
 * with err naming the variable. */
int config_apply_otel_env(struct config *c, char *err, size_t errlen);

/* Replace a string field (flags on top of the file). */
int config_set_string(char **field, const char *value);

/* Value checks shared by the file and the command line; each returns 0 or
 * -EINVAL with a message fragment in err ("need a power of two ..."). */
int config_parse_size(const char *s, size_t *ret);
int config_check_ring_bytes(size_t v, char *err, size_t errlen);
/* "ADDR:PORT", "[ADDR6]:PORT", "localhost:PORT"; "off"/"none" disable
 * (*ret_off set). */
int config_check_listen(const char *s, bool *ret_off, char *err, size_t errlen);

#endif
