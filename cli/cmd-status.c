// SPDX-License-Identifier: MIT
/* `renacerctl status` and `renacerctl sessions`. */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "protocol-client.h"

static int parse_common(int argc, char **argv, const char *cmd, const char **socket, bool *json)
{
        static const struct option opts[] = {
            {"socket", required_argument, NULL, 'S'},
            {"json", no_argument, NULL, 'j'},
            {0},
        };
        int c;

        *socket = default_socket();
        *json = false;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":", opts, NULL)) >= 0) {
                switch (c) {
                case 'S':
                        *socket = optarg;
                        break;
                case 'j':
                        *json = true;
                        break;
                case ':':
                        fprintf(stderr, "renacerctl %s: option '%s' needs a value\n", cmd,
                                argv[optind - 1]);
                        return -EINVAL;
                default:
                        fprintf(stderr, "renacerctl %s: unknown option '%s'\n", cmd,
                                argv[optind - 1]);
                        return -EINVAL;
                }
        }
        if (optind < argc) {
                fprintf(stderr, "renacerctl %s: unexpected argument '%s'\n", cmd, argv[optind]);
                return -EINVAL;
        }
        return 0;
}

/* One request, its result object, or a one-line error. */
static int call(const char *socket, const char *op, struct json_object **ret)
{
        struct pclient c;
        struct json_object *req, *resp = NULL, *res;
        int r = pclient_connect(socket, &c);

        if (r < 0) {
                fprintf(stderr,
                        "renacerctl: cannot reach renacerd at %s: %s (is it running? "
                        "'systemctl start renacerd')\n",
                        socket, strerror(-r));
                return r;
        }
        req = json_object_new_object();
        json_object_object_add(req, "op", json_object_new_string(op));
        json_object_object_add(req, "id", json_object_new_int(1));
        r = pclient_call(&c, req, &resp);
        json_object_put(req);
        if (r < 0) {
                if (pclient_closed(r))
                        fprintf(stderr, "renacerctl: renacerd closed the connection: %s\n",
                                pclient_close_reason(&c, r));
                else
                        fprintf(stderr, "renacerctl: renacerd did not answer: %s\n", strerror(-r));
                pclient_close(&c);
                return r;
        }
        pclient_close(&c);
        if (pclient_error(resp)) {
                fprintf(stderr, "renacerctl: %s\n", pclient_error(resp));
                json_object_put(resp);
                return -EINVAL;
        }
        if (!json_object_object_get_ex(resp, "result", &res)) {
                json_object_put(resp);
                fprintf(stderr, "renacerctl: malformed reply from renacerd\n");
                return -EBADMSG;
        }
        *ret = json_object_get(res);
        json_object_put(resp);
        return 0;
}

static const char *str(struct json_object *o, const char *key)
{
        struct json_object *v;

        return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "-";
}

int cmd_status(int argc, char **argv)
{
        const char *socket;
        struct json_object *res;
        bool json;

        if (parse_common(argc, argv, "status", &socket, &json) < 0)
                return 2;
        if (call(socket, "status", &res) < 0)
                return 1;
        if (json) {
                puts(json_object_to_json_string_ext(res, JSON_C_TO_STRING_PRETTY));
        } else {
                printf("renacerd %s (pid %s), up %ss\n", str(res, "version"), str(res, "pid"),
                       str(res, "uptime_s"));
                printf("sessions:  %s active, %s created\n", str(res, "sessions_active"),
                       str(res, "sessions_created"));
                printf("clients:   %s\n", str(res, "clients"));
                printf("events:    %s emitted, %s lost (ring buffer full), %s lifecycle lost\n",
                       str(res, "events_emitted"), str(res, "events_lost"),
                       str(res, "lifecycle_lost"));
                printf("ring:      %s bytes\n", str(res, "ring_bytes"));
                printf("syscalls:  programs %s\n", str(res, "syscall_programs_attached")[0] == 't'
                                                       ? "attached"
                                                       : "detached (idle: no session, no "
                                                         "daemon-wide policy)");
                struct json_object *ot;
                if (json_object_object_get_ex(res, "otlp", &ot))
                        printf("otlp:      %s%s%s spans sent, %s dropped, %s failed requests, %s "
                               "queued\n",
                               json_object_object_get_ex(ot, "endpoint", NULL) ? str(ot, "endpoint")
                                                                               : "",
                               json_object_object_get_ex(ot, "endpoint", NULL) ? ": " : "",
                               str(ot, "spans_sent"), str(ot, "spans_dropped"),
                               str(ot, "requests_failed"), str(ot, "queued"));
        }
        json_object_put(res);
        return 0;
}

int cmd_sessions(int argc, char **argv)
{
        const char *socket;
        struct json_object *res, *arr;
        bool json;

        if (parse_common(argc, argv, "sessions", &socket, &json) < 0)
                return 2;
        if (call(socket, "sessions", &res) < 0)
                return 1;
        if (json) {
                puts(json_object_to_json_string_ext(res, JSON_C_TO_STRING_PRETTY));
        } else if (json_object_object_get_ex(res, "sessions", &arr)) {
                printf("%7s %7s %6s %-16s %5s %10s %8s %s\n", "SESSION", "PID", "UID", "COMM",
                       "PROCS", "EVENTS", "LOST", "FILTER");
                for (size_t i = 0; i < json_object_array_length(arr); i++) {
                        struct json_object *s = json_object_array_get_idx(arr, i), *cg;
                        /* a cgroup's session has no root process: its path instead */
                        bool scoped = json_object_object_get_ex(s, "cgroup", &cg);
                        printf("%7s %7s %6s %-16s %5s %10s %8s %s\n", str(s, "session"),
                               scoped ? "-" : str(s, "pid"), str(s, "uid"),
                               scoped ? json_object_get_string(cg) : str(s, "comm"),
                               str(s, "processes"), str(s, "events"), str(s, "events_lost"),
                               str(s, "filter"));
                }
        }
        json_object_put(res);
        return 0;
}

int cmd_reload(int argc, char **argv)
{
        const char *socket;
        struct json_object *res, *v;
        bool json;

        if (parse_common(argc, argv, "reload", &socket, &json) < 0)
                return 2;
        if (call(socket, "reload", &res) < 0)
                return 1;
        printf("renacerd reloaded: %s policies in force\n",
               json_object_object_get_ex(res, "policies", &v) ? json_object_get_string(v) : "?");
        json_object_put(res);
        return 0;
}
