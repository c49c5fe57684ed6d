/* SPDX-License-Identifier: MIT */
/* renacerd's state: the engine, the listening socket, the clients, and the
 * limits that keep one user from starving the others. */
#ifndef RENACER_DAEMON_H
#define RENACER_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "event-loop.h"

struct client;

struct daemon_config {
        const char *socket_path;
        size_t ring_bytes;
        size_t client_buffer_bytes;       /* queued stream bytes before a client is lossy */
        size_t client_lifecycle_reserve;  /* on top of it, for fork/exec/exit records */
        size_t client_reply_buffer_bytes; /* unsent replies before requests wait */
        unsigned max_clients;
        unsigned max_clients_per_uid;   /* for uids other than root */
        unsigned root_reserved_clients; /* of max_clients, only root may take them */
        unsigned max_sessions;
        unsigned max_sessions_per_uid;   /* for uids other than root */
        unsigned root_reserved_sessions; /* of max_sessions, only root may take them */
        unsigned idle_timeout_ms;        /* a connection without a session; 0: never */
        unsigned drain_timeout_ms;       /* SIGTERM: time to hand clients their summaries */
        unsigned consume_interval_ms;
        unsigned partial_timeout_ms; /* an incomplete request frame is dropped after */
        /* from renacerd.yaml (config.h); the strings belong to the caller */
        const char *socket_group;   /* chgrp the socket to it; NULL or "": leave it */
        const char *metrics_listen; /* "ADDR:PORT"; NULL: no metrics endpoint */
        bool bpf_stats;             /* keep BPF run-time statistics on */
        const char *policy_dir;
        const char *flight_dir;       /* flight recordings of daemon-wide policies */
        const char *const *gpu_globs; /* device paths that are GPUs (PCIe heuristic) */
        size_t n_gpu_globs;
        const uint32_t *gpu_majors; /* character-device majors that are GPUs */
        size_t n_gpu_majors;
        const struct otlp_config *otlp; /* NULL or no endpoint: no OTLP export */
};

struct daemon {
        struct daemon_config cfg;
        struct loop *loop;
        struct engine *engine;
        int listen_fd;
        bool listen_owned; /* we created the socket file: remove it at exit */
        int signal_fd;
        struct client *clients;
        size_t nclients;
        uint64_t next_client_id;
        uint64_t start_ns;
        int consume_timer;
        int drain_timer;
        int accept_timer;                  /* re-arms accepting after fd exhaustion */
        bool accept_paused;                /* no fd for a new connection: the socket waits */
        bool stopping;                     /* SIGTERM: draining the clients, then exit */
        struct policy_set *policies;       /* daemon-wide policies in force */
        struct cgroup_names *cgroup_names; /* cgroup.h: for match: cgroup/unit keys */
        bool ready;                        /* READY=1 was sent */
        struct metrics *metrics;           /* metrics.h */
        struct otlp_exporter *otlp;        /* otlp-export.h; NULL: no export */
};

void daemon_config_defaults(struct daemon_config *cfg);
/* Load BPF, bind or adopt the socket, set up signals. */
int daemon_init(struct daemon *d, const struct daemon_config *cfg, int inherited_fd);
int daemon_run(struct daemon *d);
/* Tell clients, end sessions, detach BPF, remove the socket. */
void daemon_shutdown(struct daemon *d);

/* server.c */
#define ACCEPT_RETRY_MS 100
void daemon_accept(struct loop *l, int fd, uint32_t events, void *data);
/* Out of fds: accept again after a pause instead of spinning on the socket. */
void daemon_accept_resume(struct loop *l, void *data);
void daemon_client_io(struct loop *l, int fd, uint32_t events, void *data);
void daemon_drop_client(struct daemon *d, struct client *c);
void daemon_before_sleep(struct loop *l, void *data);
void daemon_on_record(void *ctx, struct session *s, const void *rec, size_t len);
void daemon_on_complete(void *ctx, struct session *s);
void daemon_end_session(struct daemon *d, struct session *s, const char *reason);
void daemon_check_partial(struct daemon *d);
/* Close connections that hold no session and sent nothing for too long. */
void daemon_check_idle(struct daemon *d);
/* SIGTERM: refuse new work, end every session (subscribers get their
 * summaries with reason "shutdown"), tell every client, and stop the loop
 * once every queue is flushed or the drain time is over. */
void daemon_begin_drain(struct daemon *d);
void daemon_on_pidfd(struct loop *l, int fd, uint32_t events, void *data);

/* auto-policy.c */
int daemon_policies_load(struct daemon *d);
/* Returns the number of policies now in force, or -errno with err set (the
 * old set stays in force). */
int daemon_policies_reload(struct daemon *d, char *err, size_t errlen);
void daemon_on_orphan(void *ctx, const void *rec, size_t len);
void daemon_auto_record(struct daemon *d, struct session *s, const void *rec, size_t len);
void daemon_auto_complete(struct daemon *d, struct session *s, const struct summary *sum);
void daemon_auto_free(struct session *s);

/* otlp-daemon.c */
struct otlp_trace;
struct policy;
struct policy_verdicts;
int daemon_otlp_start(struct daemon *d);
void daemon_otlp_poll(struct daemon *d); /* log outage starts and ends */
void daemon_otlp_stop(struct daemon *d); /* flush briefly, then stop */
/* "otlp" in the status result: counts for everyone, the endpoint for root. */
struct json_object;
void daemon_otlp_status(struct daemon *d, bool root, struct json_object *res);
/* A trace for an adopted auto-session, or NULL (export off, not sampled). */
struct otlp_trace *daemon_otlp_session(struct daemon *d, const struct session_info *s,
                                       const struct policy *p, const char *exe, uint64_t exec_ns);
void daemon_otlp_session_end(struct daemon *d, struct otlp_trace *t, const struct session_info *s,
                             const struct policy *p, const struct policy_verdicts *v,
                             const struct summary *sum);

#endif
