/* SPDX-License-Identifier: MIT */
/*
 * `run --flight-recorder[=SIZE]`: the session's records go into an
 * overwriting buffer instead of the output; only a run that failed (a
 * non-zero exit, a signal, a violated policy assertion) renders them, with
 * the options given, to stderr or -o. A run that succeeded prints nothing.
 */
#ifndef RENACER_FLIGHT_CLI_H
#define RENACER_FLIGHT_CLI_H

#include <stdio.h>

#include "options.h"
#include "output.h"
#include "render.h"

struct flight_cli;

/* The live renderer to give the session (it renders nothing; the records
 * it sees are kept, and passed to next_hook, e.g. the policy's). */
int flight_cli_open(const struct trace_opts *o, render_record_hook_fn next_hook, void *next_ctx,
                    struct flight_cli **ret, struct renderer **ret_live);
void flight_cli_free(struct flight_cli *f);
/* Render what was kept to out, after one line on stderr saying why. */
int flight_cli_dump(struct flight_cli *f, const struct trace_opts *o, struct output *out,
                    const struct trace_result *res, const char *why);

#endif
