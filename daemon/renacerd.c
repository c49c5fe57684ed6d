// SPDX-License-Identifier: MIT
/* renacerd: the long-running tracing daemon. */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <json-c/json.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cgroup.h"
#include "client.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "metrics.h"
#include "notify.h"
#include "policy.h"
#include "util.h"

#define DEFAULT_SOCKET CONFIG_DEFAULT_SOCKET

void daemon_config_defaults(struct daemon_config *cfg)
{
        memset(cfg, 0, sizeof(*cfg));
        cfg->socket_path = DEFAULT_SOCKET;
        cfg->socket_group = CONFIG_DEFAULT_GROUP;
        cfg->flight_dir = CONFIG_DEFAULT_FLIGHT_DIR;
        cfg->ring_bytes = 4u << 20;
        cfg->client_buffer_bytes = 32u << 20;
        cfg->client_lifecycle_reserve = 8u << 20;
        cfg->client_reply_buffer_bytes = 1u << 20;
        cfg->max_clients = 256;
        cfg->max_clients_per_uid = 32;
        cfg->root_reserved_clients = 16;
        cfg->max_sessions = 4096;
        cfg->max_sessions_per_uid = 64;
        cfg->root_reserved_sessions = 64;
        cfg->idle_timeout_ms = 60000;
        cfg->drain_timeout_ms = 5000;
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

/* The socket's group: a name or a number. A missing "renacer" group (a
 * machine where systemd-sysusers has not run) leaves the socket root-only
 * with a warning; a missing group named in the configuration is an error. */
static int socket_gid(const char *name, gid_t *ret)
{
        struct group *g;
        char *end;
        unsigned long v;

        if (!name || !*name)
                return 0;
        g = getgrnam(name);
        if (g) {
                *ret = g->gr_gid;
                return 1;
        }
        errno = 0;
        v = strtoul(name, &end, 10);
        if (!errno && !*end && end != name && v < (gid_t)-1) {
                *ret = (gid_t)v;
                return 1;
        }
        if (!strcmp(name, CONFIG_DEFAULT_GROUP)) {
                log_warning("group '%s' does not exist: the socket is for root only (create the "
                            "group with systemd-sysusers or groupadd --system %s)",
                            name, name);
                return 0;
        }
        log_error("socket group '%s' does not exist (socket.group in renacerd.yaml)", name);
        return -ENOENT;
}

/* Bind the socket, replacing a stale file but never a live daemon's. */
static int listen_unix(const char *path, int have_gid, gid_t gid, int *ret)
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
        if (have_gid && chown(path, (uid_t)-1, gid) < 0) {
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
                if (si.ssi_signo == SIGHUP) {
                        char err[512];
                        daemon_policies_reload(d, err, sizeof(err));
                        continue;
                }
                if ((si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) && !d->stopping) {
                        log_info("received %s, shutting down: handing %zu clients their "
                                 "summaries",
                                 strsignal((int)si.ssi_signo), d->nclients);
                        notify_send("STOPPING=1");
                        daemon_begin_drain(d);
                }
                (void)l;
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
        if (d->stopping) /* draining: the sessions are over */
                return;
        engine_sweep(d->engine);
        daemon_check_partial(d);
        daemon_otlp_poll(d);
        daemon_check_idle(d);
}

static void on_drain_timer(struct loop *l, void *data)
{
        struct daemon *d = data;

        log_warning("shutdown: %zu clients did not read everything within %u ms; closing them",
                    d->nclients, d->cfg.drain_timeout_ms);
        loop_stop(l);
}

/* What LISTEN_FDS handed us must be a listening Unix stream socket. */
static int check_inherited(int fd)
{
        int domain = 0, type = 0, acc = 0;
        socklen_t len = sizeof(int);

        if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0 ||
            getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
            getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) < 0 || domain != AF_UNIX ||
            type != SOCK_STREAM || !acc) {
                log_error("the socket passed in LISTEN_FDS is not a listening Unix stream socket "
                          "(ListenStream= must be a path)");
                return -EBADF;
        }
        return 0;
}

/* The path of the socket we serve, for the log. */
static void socket_name(int fd, const char *fallback, char *buf, size_t len)
{
        struct sockaddr_un sa;
        socklen_t salen = sizeof(sa);

        memset(&sa, 0, sizeof(sa));
        if (getsockname(fd, (struct sockaddr *)&sa, &salen) == 0 && sa.sun_path[0] &&
            salen > offsetof(struct sockaddr_un, sun_path))
                snprintf(buf, len, "%.*s", (int)(salen - offsetof(struct sockaddr_un, sun_path)),
                         sa.sun_path);
        else
                snprintf(buf, len, "%s", fallback);
}

/* Every client, user session (its pidfd) and metrics connection is an
 * fd: take the soft limit up to the hard one, as systemd expects daemons
 * to (no select() here), at most 64 Ki. */
static void raise_fd_limit(void)
{
        struct rlimit rl;

        if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= rl.rlim_max)
                return;
        rl.rlim_cur = MIN(rl.rlim_max, (rlim_t)65536);
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
                log_warning("cannot raise the fd limit to %llu: %s",
                            (unsigned long long)rl.rlim_cur, strerror(errno));
}

int daemon_init(struct daemon *d, const struct daemon_config *cfg, int inherited_fd)
{
        struct engine_callbacks cb = {.on_record = daemon_on_record,
                                      .on_complete = daemon_on_complete,
                                      .on_orphan = daemon_on_orphan};
        struct tracer_opts topts = {.ring_bytes = cfg->ring_bytes};
        sigset_t mask;
        int r;

        memset(d, 0, sizeof(*d));
        d->cfg = *cfg;
        d->listen_fd = d->signal_fd = -1;
        d->start_ns = now_monotonic_ns();
        raise_fd_limit();

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
        /* loading parsed the kernel's BTF (megabytes) for CO-RE; give the
         * freed heap back so an idle daemon stays small */
        malloc_trim(0);
        if (r < 0) {
                log_error("cannot load and attach the BPF programs: %s (renacerd needs root, or "
                          "CAP_BPF and CAP_PERFMON, and a kernel >= 5.17 with BTF at "
                          "/sys/kernel/btf/vmlinux)",
                          strerror(-r));
                return r;
        }
        /* metrics first: once the control socket accepts, everything does */
        if ((r = metrics_new(d, cfg->bpf_stats)) < 0)
                return r;
        if (cfg->metrics_listen && (r = metrics_listen(d, cfg->metrics_listen)) < 0)
                return r;
        if ((r = daemon_otlp_start(d)) < 0)
                return r;
        /* Policies in force before the socket exists: a client (or a test)
         * that sees the socket must not race the policies' first execs,
         * and nothing runs unchecked in between. */
        r = daemon_policies_load(d);
        if (r < 0)
                return r;
        if (inherited_fd >= 0) {
                /* socket activation: systemd owns the file, its mode and group */
                d->listen_fd = inherited_fd;
                r = check_inherited(inherited_fd);
                if (r < 0)
                        return r;
        } else {
                gid_t gid = 0;
                int have_gid = socket_gid(cfg->socket_group, &gid);

                if (have_gid < 0)
                        return have_gid;
                r = listen_unix(cfg->socket_path, have_gid, gid, &d->listen_fd);
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
        d->accept_timer = loop_add_timer(d->loop, ACCEPT_RETRY_MS, daemon_accept_resume, d);
        if (d->accept_timer < 0)
                return d->accept_timer;
        loop_timer_enable(d->loop, d->accept_timer, false);
        d->drain_timer = loop_add_timer(d->loop, MAX(cfg->drain_timeout_ms, 1u), on_drain_timer, d);
        if (d->drain_timer < 0)
                return d->drain_timer;
        loop_timer_enable(d->loop, d->drain_timer, false);
        loop_set_before_sleep(d->loop, daemon_before_sleep, d);
        return 0;
}

int daemon_run(struct daemon *d)
{
        char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];

        /* the BPF programs are attached and the socket listens: ready */
        notify_send("READY=1\nSTATUS=tracing");
        d->ready = true;
        socket_name(d->listen_fd, d->cfg.socket_path, name, sizeof(name));
        log_info("listening on %s (%sring buffer %zu KiB)", name,
                 d->listen_owned ? "" : "socket activation, ", engine_ring_bytes(d->engine) >> 10);
        return loop_run(d->loop);
}

void daemon_shutdown(struct daemon *d)
{
        struct session *s;
        struct client *c;

        /* a start that failed was never ready; a drain said it already */
        if (d->ready && !d->stopping)
                notify_send("STOPPING=1");
        d->stopping = true;
        if (d->engine) {
                /* sessions end with what the kernel counted so far */
                while ((s = engine_session_next(d->engine, 0)))
                        daemon_end_session(d, s, "shutdown");
        }
        struct json_object *bye = json_object_new_object();
        json_object_object_add(bye, "event", json_object_new_string("daemon.shutdown"));
        json_object_object_add(bye, "reason", json_object_new_string("shutdown"));
        json_object_object_add(bye, "message", json_object_new_string("renacerd is shutting down"));
        while ((c = d->clients)) {
                /* the drain told them already; those it did not reach get one
                 * best-effort attempt */
                if (!c->closing)
                        client_send_json(c, bye);
                client_flush(c);
                daemon_drop_client(d, c);
        }
        json_object_put(bye);
        daemon_otlp_stop(d);
        metrics_free(d);
        engine_free(d->engine); /* detaches every BPF program */
        policy_set_free(d->policies);
        cgroup_names_free(d->cgroup_names);
        d->cgroup_names = NULL;
        d->policies = NULL;
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
        fprintf(f,
                "Usage: renacerd [OPTIONS]\n"
                "eBPF syscall tracing daemon.\n\n"
                "  --config PATH            configuration file (default " CONFIG_DEFAULT_PATH ";\n"
                "                           a missing default file means built-in defaults)\n"
                "  --check-config           validate the configuration, print one line, exit\n"
                "  --socket PATH            listen on PATH (default " DEFAULT_SOCKET ")\n"
                "  --ring-size BYTES        ring buffer size, a power of two (default 4M)\n"
                "  --metrics-listen ADDR:PORT\n"
                "                           serve Prometheus metrics there "
                "(default " CONFIG_DEFAULT_METRICS ");\n"
                "                           'off' or 'none' disables the endpoint\n"
                "  -h, --help               show this help\n"
                "  --version                show the version\n"
                "Command-line options override the configuration file.\n");
}

struct args {
        const char *config;
        const char *socket;
        const char *ring_size;
        const char *metrics_listen;
        bool check_config;
};

/* Returns 0, or the exit status: 0 after --help/--version (ret_exit set), 2
 * on a usage error. */
static int parse_args(int argc, char **argv, struct args *a, bool *ret_exit)
{
        enum { OPT_CONFIG = 0x100, OPT_CHECK, OPT_SOCKET, OPT_RING, OPT_METRICS, OPT_VERSION };
        static const struct option opts[] = {
            {"config", required_argument, NULL, OPT_CONFIG},
            {"check-config", no_argument, NULL, OPT_CHECK},
            {"socket", required_argument, NULL, OPT_SOCKET},
            {"ring-size", required_argument, NULL, OPT_RING},
            {"metrics-listen", required_argument, NULL, OPT_METRICS},
            {"help", no_argument, NULL, 'h'},
            {"version", no_argument, NULL, OPT_VERSION},
            {0},
        };
        int c;

        *ret_exit = false;
        opterr = 0;
        while ((c = getopt_long(argc, argv, ":h", opts, NULL)) >= 0) {
                switch (c) {
                case OPT_CONFIG:
                        a->config = optarg;
                        break;
                case OPT_CHECK:
                        a->check_config = true;
                        break;
                case OPT_SOCKET:
                        a->socket = optarg;
                        break;
                case OPT_RING:
                        a->ring_size = optarg;
                        break;
                case OPT_METRICS:
                        a->metrics_listen = optarg;
                        break;
                case 'h':
                        usage(stdout);
                        *ret_exit = true;
                        return 0;
                case OPT_VERSION:
                        printf("renacerd %s\n", RENACER_VERSION);
                        *ret_exit = true;
                        return 0;
                case ':':
                        fprintf(stderr, "renacerd: option '%s' needs a value (see --help)\n",
                                argv[optind - 1]);
                        return 2;
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
        return 0;
}

/* Flags (and $RENACER_SOCKET) on top of the file. Returns 0 or 2. */
static int apply_args(const struct args *a, struct config *conf)
{
        struct sockaddr_un sa;
        const char *sock = a->socket ? a->socket : getenv("RENACER_SOCKET");
        char err[256];
        bool off;

        if (sock && *sock) {
                if (sock[0] != '/' || strlen(sock) >= sizeof(sa.sun_path)) {
                        fprintf(stderr,
                                "renacerd: invalid socket path '%s': need an absolute path "
                                "shorter than %zu bytes\n",
                                sock, sizeof(sa.sun_path));
                        return 2;
                }
                if (config_set_string(&conf->socket_path, sock) < 0)
                        return 1;
        }
        if (a->ring_size) {
                size_t v = 0;
                if (config_parse_size(a->ring_size, &v) < 0 ||
                    config_check_ring_bytes(v, err, sizeof(err)) < 0) {
                        fprintf(stderr,
                                "renacerd: invalid --ring-size '%s': need a power of two from 4K "
                                "to 1G (e.g. 16M)\n",
                                a->ring_size);
                        return 2;
                }
                conf->ring_bytes = v;
        }
        if (a->metrics_listen) {
                if (config_check_listen(a->metrics_listen, &off, err, sizeof(err)) < 0) {
                        fprintf(stderr, "renacerd: invalid --metrics-listen '%s': %s\n",
                                a->metrics_listen, err);
                        return 2;
                }
                if (config_set_string(&conf->metrics_listen, off ? NULL : a->metrics_listen) < 0)
                        return 1;
        }
        return 0;
}

static void to_daemon_config(const struct config *conf, struct daemon_config *cfg)
{
        daemon_config_defaults(cfg);
        cfg->socket_path = conf->socket_path;
        cfg->socket_group = conf->socket_group;
        cfg->metrics_listen = conf->metrics_listen;
        cfg->bpf_stats = conf->bpf_stats;
        cfg->ring_bytes = conf->ring_bytes;
        cfg->policy_dir = conf->policy_dir;
        cfg->flight_dir = conf->flight_dir;
        cfg->gpu_globs = (const char *const *)conf->gpu_globs;
        cfg->n_gpu_globs = conf->n_gpu_globs;
        cfg->gpu_majors = conf->gpu_majors;
        cfg->n_gpu_majors = conf->n_gpu_majors;
        cfg->max_clients = conf->max_clients;
        cfg->max_clients_per_uid = conf->max_clients_per_uid;
        cfg->root_reserved_clients = conf->root_reserved_clients;
        cfg->max_sessions = conf->max_sessions;
        cfg->max_sessions_per_uid = conf->max_sessions_per_uid;
        cfg->root_reserved_sessions = conf->root_reserved_sessions;
        cfg->client_buffer_bytes = conf->client_buffer_bytes;
        cfg->otlp = &conf->otlp;
        cfg->client_lifecycle_reserve = conf->client_lifecycle_reserve;
        cfg->client_reply_buffer_bytes = conf->client_reply_buffer_bytes;
        cfg->idle_timeout_ms = conf->idle_timeout_s * 1000u;
        cfg->drain_timeout_ms = conf->drain_timeout_ms;
}

int main(int argc, char **argv)
{
        struct args a = {0};
        struct config conf;
        struct daemon_config cfg;
        struct daemon d;
        const char *path;
        char err[512];
        bool done, have_file = true;
        int r, inherited;

        log_open();
        r = parse_args(argc, argv, &a, &done);
        if (r || done)
                return r;
        if (config_init(&conf) < 0) {
                fprintf(stderr, "renacerd: out of memory\n");
                return 1;
        }
        /* the OpenTelemetry environment first: the file's otlp: goes on top */
        if (config_apply_otel_env(&conf, err, sizeof(err)) < 0) {
                fprintf(stderr, "renacerd: %s\n", err);
                config_free(&conf);
                return 1;
        }
        path = a.config ? a.config : CONFIG_DEFAULT_PATH;
        r = config_parse_file(&conf, path, err, sizeof(err));
        if (r == -ENOENT && !a.config) {
                have_file = false; /* no file: the built-in defaults */
        } else if (r < 0) {
                fprintf(stderr, "renacerd: %s\n", err);
                config_free(&conf);
                return 1;
        }
        r = apply_args(&a, &conf);
        if (r) {
                config_free(&conf);
                return r;
        }
        if (a.check_config) {
                if (have_file)
                        printf("renacerd: %s: configuration is valid\n", path);
                else
                        printf("renacerd: %s does not exist: the built-in defaults are valid\n",
                               path);
                config_free(&conf);
                return 0;
        }

        if (have_file)
                log_info("configuration from %s", path);
        to_daemon_config(&conf, &cfg);
        inherited = notify_listen_fd();
        r = daemon_init(&d, &cfg, inherited);
        if (r >= 0)
                r = daemon_run(&d);
        daemon_shutdown(&d);
        log_info("stopped");
        config_free(&conf);
        return r < 0 ? 1 : 0;
}
