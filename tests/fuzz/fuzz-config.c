// SPDX-License-Identifier: MIT
/* renacerd.yaml on arbitrary bytes: config_parse_buffer must return 0 or a
 * one-line error, never crash, and leave the configuration unchanged when it
 * fails. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same(const struct config *a, const struct config *b)
{
        if (a->ring_bytes != b->ring_bytes || a->bpf_stats != b->bpf_stats ||
            a->max_clients != b->max_clients || a->max_sessions != b->max_sessions ||
            a->max_sessions_per_uid != b->max_sessions_per_uid ||
            a->client_buffer_bytes != b->client_buffer_bytes || a->n_gpu_globs != b->n_gpu_globs ||
            a->n_gpu_majors != b->n_gpu_majors)
                return false;
        if (strcmp(a->socket_path, b->socket_path) || strcmp(a->socket_group, b->socket_group) ||
            strcmp(a->policy_dir, b->policy_dir) || !a->metrics_listen != !b->metrics_listen ||
            (a->metrics_listen && strcmp(a->metrics_listen, b->metrics_listen)))
                return false;
        for (size_t i = 0; i < a->n_gpu_globs; i++)
                if (strcmp(a->gpu_globs[i], b->gpu_globs[i]))
                        return false;
        return !a->n_gpu_majors ||
               !memcmp(a->gpu_majors, b->gpu_majors, a->n_gpu_majors * sizeof(*a->gpu_majors));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct config c, defaults;
        char err[512];
        int r;

        if (config_init(&c) < 0 || config_init(&defaults) < 0)
                abort();
        err[0] = '\0';
        r = config_parse_buffer(&c, "fuzz.yaml", data, size, err, sizeof(err));
        if (r < 0) {
                /* one line, naming the input */
                if (strncmp(err, "fuzz.yaml", 9) || strchr(err, '\n') ||
                    !memchr(err, '\0', sizeof(err)))
                        abort();
                if (!same(&c, &defaults))
                        abort();
        } else {
                /* what was accepted is within the documented ranges */
                if (r != 0 || c.ring_bytes < 4096 || c.ring_bytes > (1u << 30) ||
                    (c.ring_bytes & (c.ring_bytes - 1)) || c.max_clients < 1 ||
                    c.max_sessions < 1 || c.max_sessions > 16384 || c.socket_path[0] != '/' ||
                    c.policy_dir[0] != '/' || c.n_gpu_globs > CONFIG_MAX_GPU_GLOBS ||
                    c.n_gpu_majors > CONFIG_MAX_GPU_MAJORS)
                        abort();
                for (size_t i = 0; i < c.n_gpu_majors; i++)
                        if (c.gpu_majors[i] > 4095)
                                abort();
        }
        config_free(&c);
        config_free(&defaults);
        return 0;
}
