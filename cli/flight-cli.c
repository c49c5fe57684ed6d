// SPDX-License-Identifier: MIT
#include "flight-cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "flight-ring.h"
#include "output.h"

struct flight_cli {
        struct flight_ring ring;
        struct trace_opts quiet; /* the live renderer's: summary only, to /dev/null */
        struct output devnull;
        render_record_hook_fn next;
        void *next_ctx;
};

static void keep(void *ctx, const void *rec, size_t len)
{
        struct flight_cli *f = ctx;

        flight_ring_push(&f->ring, rec, len);
        if (f->next)
                f->next(f->next_ctx, rec, len);
}

int flight_cli_open(const struct trace_opts *o, render_record_hook_fn next_hook, void *next_ctx,
                    struct flight_cli **ret, struct renderer **ret_live)
{
        struct flight_cli *f = calloc(1, sizeof(*f));
        int r;

        if (!f)
                return -ENOMEM;
        output_init_fd(&f->devnull, -1);
        r = flight_ring_init(&f->ring, o->flight_recorder);
        if (r < 0)
                goto fail;
        int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (fd < 0) {
                r = -errno;
                goto fail;
        }
        output_init_fd(&f->devnull, fd);
        f->devnull.own_fd = true;
        f->quiet = *o;
        f->quiet.summary_only = true;
        f->quiet.summary_too = false;
        f->quiet.format = FORMAT_TEXT;
        f->next = next_hook;
        f->next_ctx = next_ctx;
        r = renderer_new(&f->quiet, &f->devnull, ret_live);
        if (r < 0)
                goto fail;
        renderer_set_record_hook(*ret_live, keep, f);
        *ret = f;
        return 0;
fail:
        flight_cli_free(f);
        return r;
}

void flight_cli_free(struct flight_cli *f)
{
        if (!f)
                return;
        flight_ring_free(&f->ring);
        output_close(&f->devnull);
        free(f);
}

static int replay(void *ctx, const void *rec, size_t len)
{
        return renderer_record(ctx, rec, len);
}

int flight_cli_dump(struct flight_cli *f, const struct trace_opts *o, struct output *out,
                    const struct trace_result *res, const char *why)
{
        struct renderer *rend;
        int r;

        fprintf(stderr, "renacer: flight recorder: %s; the last %zu records (%zu of %zu bytes)",
                why, f->ring.n, f->ring.used, f->ring.cap);
        if (f->ring.overwritten)
                fprintf(stderr, ", %llu earlier ones overwritten",
                        (unsigned long long)f->ring.overwritten);
        fprintf(stderr, "%s%s\n", o->output ? " in " : " follow", o->output ? o->output : "");
        r = renderer_new(o, out, &rend);
        if (r < 0)
                return r;
        r = flight_ring_each(&f->ring, replay, rend);
        int fr = renderer_finish(rend, res);
        renderer_free(rend);
        return r < 0 ? r : fr;
}
