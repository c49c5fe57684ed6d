// SPDX-License-Identifier: MIT
/* renacerd: the long-running tracing daemon. */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <json-c/json.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "client.h"
#include "daemon.h"
#include "log.h"
#include "notify.h"
#include "util.h"

#define DEFAULT_SOCKET "/run/renacer/renacerd.sock"

void daemon_config_defaults(struct daemon_config *cfg)
{
        memset(cfg, 0, sizeof(*cfg));
        cfg->socket_path = DEFAULT_SOCKET;
        cfg->ring_bytes = 16u << 20;
        cfg->client_buffer_bytes = 32u << 20;
        cfg->max_clients = 256;
        cfg->max_sessions = 4096;
        cfg->max_sessions_per_uid = 64;
        cfg->consume_interval_ms = 10;
        cfg->partial_timeout_ms = 5000;
}

static int mkdir_parent(const char *path)
{
        char dir[PATH_MAX];
        char *slash;

        if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
                return -ENAMETOOLONG;
        slash = strrchr(dir, '/');
        if (!slash || slash == dir)
                return 0;
        *slash = '\0';
        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return -errno;
        return 0;
}

/* Bind the socket, replacing a stale file but never a live daemon's. */
static int listen_unix(const char *path, int *ret)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        _cleanup_close_ int fd = -1;
        int r;

        if (strlen(path) >= sizeof(sa.sun_path))
                return -ENAMETOOLONG;
        strcpy(sa.sun_path, path);
        r = mkdir_parent(path);
        if (r < 0)
                return r;
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return -errno;
        if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
                if (errno != EADDRINUSE)
                        return -errno;
                _cleanup_close_ int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                if (probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof(sa)) == 0)
                        return -EADDRINUSE;
                unlink(path);
                if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                        return -errno;
        }
        /* 0660: root and the socket's group; access control is per request */
        if (chmod(path, 0660) < 0 || listen(fd, 128) < 0) {
                r = -errno;
                unlink(path);
                return r;
        }
        struct group *g = getgrnam("renacer");
        if (g && chown(path, 0, g->gr_gid) < 0) {
                r = -errno;
                unlink(path);
                return r;
        }
        *ret = TAKE_FD(fd);
        return 0;
}

static void on_signal(struct loop *l, int fd, uint32_t events, void *data)
{
        struct daemon *d = data;
        struct signalfd_siginfo si;

        (void)events;
        while (read(fd, &si, sizeof(si)) == sizeof(si)) {
                if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
                        log_info("received %s, shutting down", strsignal((int)si.ssi_signo));
                        d->stopping = true;
                        loop_stop(l);
                }
        }
}

static void on_ring(struct loop *l, int fd, uint32_t events, void *data)
{
        struct daemon *d = data;

        (void)l;
        (void)fd;
        (void)events;
        engine_consume(d->engine);
}

static void on_consume_timer(struct loop *l, void *data)
{
        struct daemon *d = data;

        (void)l;
        engine_consume(d->engine);
}

static void on_sweep_timer(struct loop *l, void *data)
{
        struct daemon *d = data;

        (void)l;
        engine_sweep(d->engine);
        daemon_check_partial(d);
}

int daemon_init(struct daemon *d, const struct daemon_config *cfg, int inherited_fd)
{
        struct engine_callbacks cb = {.on_record = daemon_on_record,
                                      .on_complete = daemon_on_complete};
        struct tracer_opts topts = {.ring_bytes = cfg->ring_bytes};
        sigset_t mask;
        int r;

        memset(d, 0, sizeof(*d));
        d->cfg = *cfg;
        d->listen_fd = d->signal_fd = -1;
        d->start_ns = now_monotonic_ns();

        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGHUP);
        sigprocmask(SIG_BLOCK, &mask, NULL);
        signal(SIGPIPE, SIG_IGN);
        d->signal_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
        if (d->signal_fd < 0)
                return log_error("signalfd: %s", strerror(errno)), -errno;

        r = loop_new(&d->loop);
        if (r < 0)
                return r;
        r = engine_new(&topts, &cb, d, &d->engine);
        if (r < 0) {
                log_error("cannot load and attach the BPF programs: %s (renacerd needs root, or "
                          "CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE, and a kernel >= 5.8 with "
                          "BTF at /sys/kernel/btf/vmlinux)",
                          strerror(-r));
                return r;
        }
        if (inherited_fd >= 0) {
                d->listen_fd = inherited_fd;
        } else {
                r = listen_unix(cfg->socket_path, &d->listen_fd);
                if (r == -EADDRINUSE) {
                        log_error("another renacerd already listens on %s", cfg->socket_path);
                        return r;
                }
                if (r < 0) {
                        log_error("cannot listen on %s: %s", cfg->socket_path, strerror(-r));
                        return r;
                }
                d->listen_owned = true;
        }
        if ((r = loop_add(d->loop, d->listen_fd, EPOLLIN, daemon_accept, d)) < 0 ||
            (r = loop_add(d->loop, d->signal_fd, EPOLLIN, on_signal, d)) < 0 ||
            (r = loop_add(d->loop, engine_fd(d->engine), EPOLLIN, on_ring, d)) < 0)
                return r;
        d->consume_timer = loop_add_timer(d->loop, cfg->consume_interval_ms, on_consume_timer, d);
        loop_timer_enable(d->loop, d->consume_timer, false);
        if ((r = loop_add_timer(d->loop, 1000, on_sweep_timer, d)) < 0)
                return r;
        loop_set_before_sleep(d->loop, daemon_before_sleep, d);
        return 0;
}

int daemon_run(struct daemon *d)
{
        notify_send("READY=1\nSTATUS=tracing");
        log_info("listening on %s (ring buffer %zu KiB)", d->cfg.socket_path,
                 tracer_ring_bytes(engine_tracer(d->engine)) >> 10);
        return loop_run(d->loop);
}

void daemon_shutdown(struct daemon *d)
{
        struct session *s;
        struct client *c;

        notify_send("STOPPING=1");
        d->stopping = true;
        if (d->engine) {
                /* sessions end with what the kernel counted so far */
                while ((s = session_table_next(engine_sessions(d->engine), 0)))
                        daemon_end_session(d, s, "shutdown");
        }
        struct json_object *bye = json_object_new_object();
        json_object_object_add(bye, "event", json_object_new_string("daemon.shutdown"));
        json_object_object_add(bye, "message",
                               json_object_new_string("renacerd is shutting down"));
        while ((c = d->clients)) {
                client_send_json(c, bye);
                /* one best-effort attempt; a client that does not read loses it */
                client_flush(c);
                daemon_drop_client(d, c);
        }
        json_object_put(bye);
        engine_free(d->engine); /* detaches every BPF program */
        d->engine = NULL;
        if (d->listen_fd >= 0) {
                if (d->listen_owned)
                        unlink(d->cfg.socket_path);
                close(d->listen_fd);
        }
        if (d->signal_fd >= 0)
                close(d->signal_fd);
        loop_free(d->loop);
}

static void usage(FILE *f)
{
        fprintf(f, "Usage: renacerd [OPTIONS]\n"
                   "eBPF syscall tracing daemon.\n\n"
                   "  --socket PATH       listen on PATH (default " DEFAULT_SOCKET ")\n"
                   "  --ring-size BYTES   ring buffer size, a power of two (default 16M)\n"
                   "  -h, --help          show this help\n"
                   "  --version           show the version\n");
}

static int parse_size(const char *s, size_t *ret)
{
        char *end;
        unsigned long long v;

        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno || end == s)
                return -EINVAL;
        switch (*end) {
        case 'K':
        case 'k':
                v <<= 10;
                end++;
                break;
        case 'M':
        case 'm':
                v <<= 20;
                end++;
                break;
        case 'G':
        case 'g':
                v <<= 30;
                end++;
                break;
        }
        if (*end)
                return -EINVAL;
        *ret = (size_t)v;
        return 0;
}

int main(int argc, char **argv)
{
        static const struct option opts[] = {
                {"socket", required_argument, NULL, 's'},
                {"ring-size", required_argument, NULL, 'r'},
                {"help", no_argument, NULL, 'h'},
                {"version", no_argument, NULL, 'V'},
                {0},
        };
        struct daemon_config cfg;
        struct daemon d;
        int c, r, inherited;

        daemon_config_defaults(&cfg);
        log_open();
        opterr = 0;
        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0) {
                switch (c) {
                case 's':
                        cfg.socket_path = optarg;
                        break;
                case 'r':
                        if (parse_size(optarg, &cfg.ring_bytes) < 0 || !cfg.ring_bytes ||
                            (cfg.ring_bytes & (cfg.ring_bytes - 1)) || cfg.ring_bytes < 4096) {
                                fprintf(stderr,
                                        "renacerd: invalid --ring-size '%s': need a power of two "
                                        ">= 4096 (e.g. 16M)\n",
                                        optarg);
                                return 2;
                        }
                        break;
                case 'h':
                        usage(stdout);
                        return 0;
                case 'V':
                        printf("renacerd %s\n", RENACER_VERSION);
                        return 0;
                default:
                        fprintf(stderr, "renacerd: unknown option '%s' (see --help)\n",
                                argv[optind - 1]);
                        return 2;
                }
        }
        if (optind < argc) {
                fprintf(stderr, "renacerd: unexpected argument '%s' (see --help)\n", argv[optind]);
                return 2;
        }
        if (getenv("RENACER_SOCKET") && !strcmp(cfg.socket_path, DEFAULT_SOCKET))
                cfg.socket_path = getenv("RENACER_SOCKET");

        inherited = notify_listen_fd();
        r = daemon_init(&d, &cfg, inherited);
        if (r >= 0)
                r = daemon_run(&d);
        daemon_shutdown(&d);
        log_info("stopped");
        return r < 0 ? 1 : 0;
}
