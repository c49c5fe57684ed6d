// SPDX-License-Identifier: MIT
/* renacerd's /metrics and /healthz, served from the daemon's own loop. */
#include "metrics.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"
#include "otlp-export.h"
#include "policy.h"
#include "summary.h"
#include "syscall-names.h"
#include "util.h"

/* A scrape must not wait behind idle connections: MHD stops accepting at
 * its limit, so the limit is well above what a scraper and a few idle
 * keep-alive peers use, and an idle connection is closed after a few
 * seconds (Prometheus reconnects; its default scrape interval is 15 s). */
#define HTTP_MAX_CONNECTIONS 256
#define HTTP_TIMEOUT_S       5
#define MAX_VIOLATION_SERIES 4096 /* labels come from policy files: bound them */
#define CONTENT_TYPE_METRICS "text/plain; version=0.0.4; charset=utf-8"

struct violation {
        char *policy, *assertion;
        uint64_t count;
};

struct evaluation {
        char *policy;
        uint64_t count;
};

struct metrics {
        struct MHD_Daemon *mhd;
        int mhd_fd;
        int timer;
        int stats_fd; /* BPF_ENABLE_STATS: stats stay on while it is open */
        double start_time_s;

        struct summary ended; /* syscall totals of every session that ended */
        uint64_t client_lost;
        uint64_t lifecycle_client_lost;
        uint64_t refused_limit, refused_shutdown, closed_idle;
        double pcie_seconds;
        struct violation *violations;
        size_t nviolations;
        uint64_t violations_dropped;
        struct evaluation *evaluations;
        size_t nevaluations;
        bool reload_ok;
        double reload_time_s; /* of the last successful load or reload */
        uint64_t flight_saved, flight_failed;
};

int metrics_new(struct daemon *d, bool bpf_stats)
{
        struct metrics *m = calloc(1, sizeof(*m));

        if (!m)
                return -ENOMEM;
        m->mhd_fd = m->stats_fd = m->timer = -1;
        summary_init(&m->ended);
        m->start_time_s = (double)now_realtime_ns() / 1e9;
        if (bpf_stats) {
                m->stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
                if (m->stats_fd < 0) {
                        int r = -errno;
                        log_error("cannot enable BPF run-time statistics (metrics.bpf_stats): %s "
                                  "(BPF_ENABLE_STATS needs CAP_SYS_ADMIN)",
                                  strerror(-r));
                        free(m);
                        return r;
                }
                fcntl(m->stats_fd, F_SETFD, FD_CLOEXEC);
        }
        d->metrics = m;
        return 0;
}

void metrics_session_ended(struct daemon *d, const struct summary *sum)
{
        if (d->metrics && sum && summary_merge(&d->metrics->ended, sum) < 0)
                log_warning("metrics: out of memory: a session's syscall counts are lost");
}

void metrics_client_lost(struct daemon *d)
{
        if (d->metrics)
                d->metrics->client_lost++;
}

void metrics_lifecycle_lost(struct daemon *d)
{
        if (d->metrics)
                d->metrics->lifecycle_client_lost++;
}

void metrics_connection_refused(struct daemon *d, const char *code)
{
        if (!d->metrics)
                return;
        if (!strcmp(code, "shutting_down"))
                d->metrics->refused_shutdown++;
        else
                d->metrics->refused_limit++;
}

void metrics_connection_closed_idle(struct daemon *d)
{
        if (d->metrics)
                d->metrics->closed_idle++;
}

void metrics_add_pcie_seconds(struct daemon *d, double seconds)
{
        if (d->metrics && seconds > 0 && isfinite(seconds))
                d->metrics->pcie_seconds += seconds;
}

void metrics_count_flight_recording(struct daemon *d, bool saved)
{
        if (!d->metrics)
                return;
        if (saved)
                d->metrics->flight_saved++;
        else
                d->metrics->flight_failed++;
}

static void policy_label(const struct policy *p, char *buf, size_t len)
{
        policy_name_of_file(p->file, buf, len);
}

/* The series for (policy, assertion), created at 0 when new; NULL when the
 * bound is reached or memory is short. */
static struct violation *violation_series(struct metrics *m, const char *policy,
                                          const char *assertion)
{
        struct violation *v;

        for (size_t i = 0; i < m->nviolations; i++)
                if (!strcmp(m->violations[i].policy, policy) &&
                    !strcmp(m->violations[i].assertion, assertion))
                        return &m->violations[i];
        if (m->nviolations == MAX_VIOLATION_SERIES) {
                m->violations_dropped++;
                return NULL;
        }
        v = realloc(m->violations, (m->nviolations + 1) * sizeof(*v));
        if (!v)
                return NULL;
        m->violations = v;
        v = &m->violations[m->nviolations];
        v->policy = strdup(policy);
        v->assertion = strdup(assertion);
        if (!v->policy || !v->assertion) {
                free(v->policy);
                free(v->assertion);
                return NULL;
        }
        v->count = 0;
        m->nviolations++;
        return v;
}

static struct evaluation *evaluation_series(struct metrics *m, const char *policy)
{
        struct evaluation *e;

        for (size_t i = 0; i < m->nevaluations; i++)
                if (!strcmp(m->evaluations[i].policy, policy))
                        return &m->evaluations[i];
        if (m->nevaluations == MAX_VIOLATION_SERIES)
                return NULL;
        e = realloc(m->evaluations, (m->nevaluations + 1) * sizeof(*e));
        if (!e)
                return NULL;
        m->evaluations = e;
        e = &m->evaluations[m->nevaluations];
        if (!(e->policy = strdup(policy)))
                return NULL;
        e->count = 0;
        m->nevaluations++;
        return e;
}

void metrics_count_violation(struct daemon *d, const struct policy *p, const char *assertion)
{
        struct violation *v;
        char name[256];

        if (!d->metrics || !p || !assertion)
                return;
        policy_label(p, name, sizeof(name));
        if ((v = violation_series(d->metrics, name, assertion)))
                v->count++;
}

void metrics_count_evaluation(struct daemon *d, const struct policy *p)
{
        struct evaluation *e;
        char name[256];

        if (!d->metrics || !p)
                return;
        policy_label(p, name, sizeof(name));
        if ((e = evaluation_series(d->metrics, name)))
                e->count++;
}

void metrics_policies_loaded(struct daemon *d, const struct policy_set *set, bool ok)
{
        struct metrics *m = d->metrics;
        char name[256];

        if (!m)
                return;
        m->reload_ok = ok;
        if (!ok)
                return;
        m->reload_time_s = (double)now_realtime_ns() / 1e9;
        /* every series a loaded policy can move exists from now on, at 0 */
        for (size_t i = 0; set && i < set->n; i++) {
                const struct policy *p = set->policies[i];
                policy_label(p, name, sizeof(name));
                evaluation_series(m, name);
                for (size_t a = 0; a < p->n; a++)
                        if (p->assertions[a].enabled)
                                violation_series(m, name, p->assertions[a].name);
        }
}

/* ---- the exposition ---- */

static void header(FILE *f, const char *name, const char *type, const char *help)
{
        fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value: backslash, double quote and newline escaped. */
static void label_value(FILE *f, const char *s)
{
        for (; *s; s++) {
                if (*s == '\\' || *s == '"')
                        fputc('\\', f), fputc(*s, f);
                else if (*s == '\n')
                        fputs("\\n", f);
                else
                        fputc(*s, f);
        }
}

static void process_metrics(struct metrics *m, FILE *f)
{
        struct rusage ru;
        struct rlimit rl;
        long page = sysconf(_SC_PAGESIZE);
        unsigned long long vsz = 0, rss = 0;
        FILE *statm = fopen("/proc/self/statm", "re");
        DIR *fds = opendir("/proc/self/fd");
        long nfds = -1;

        if (getrusage(RUSAGE_SELF, &ru) == 0) {
                header(f, "process_cpu_seconds_total", "counter",
                       "User and system CPU time renacerd spent, in seconds.");
                fprintf(f, "process_cpu_seconds_total %.6f\n",
                        (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                            (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
        }
        if (statm) {
                if (fscanf(statm, "%llu %llu", &vsz, &rss) == 2) {
                        header(f, "process_resident_memory_bytes", "gauge",
                               "Resident memory of renacerd, in bytes.");
                        fprintf(f, "process_resident_memory_bytes %llu\n",
                                rss * (unsigned long)page);
                        header(f, "process_virtual_memory_bytes", "gauge",
                               "Virtual memory of renacerd, in bytes.");
                        fprintf(f, "process_virtual_memory_bytes %llu\n",
                                vsz * (unsigned long)page);
                }
                fclose(statm);
        }
        if (fds) {
                for (struct dirent *de; (de = readdir(fds));)
                        if (de->d_name[0] != '.')
                                nfds++; /* -1: the directory's own fd */
                closedir(fds);
                header(f, "process_open_fds", "gauge", "Open file descriptors of renacerd.");
                fprintf(f, "process_open_fds %ld\n", nfds);
        }
        if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
                header(f, "process_max_fds", "gauge", "renacerd's limit on open file descriptors.");
                fprintf(f, "process_max_fds %llu\n", (unsigned long long)rl.rlim_cur);
        }
        header(f, "process_start_time_seconds", "gauge",
               "When renacerd started, in seconds since the Unix epoch.");
        fprintf(f, "process_start_time_seconds %.3f\n", m->start_time_s);
}

static void build_info(FILE *f)
{
        struct utsname u;

        if (uname(&u) < 0)
                snprintf(u.release, sizeof(u.release), "unknown");
        header(f, "renacer_build_info", "gauge",
               "renacer's version, the running kernel and the libbpf renacer uses; the value is "
               "always 1.");
        fputs("renacer_build_info{version=\"", f);
        label_value(f, RENACER_VERSION);
        fputs("\",kernel=\"", f);
        label_value(f, u.release);
        fputs("\",libbpf=\"", f);
        label_value(f, libbpf_version_string());
        fputs("\"} 1\n", f);
}

static void config_metrics(struct metrics *m, FILE *f)
{
        header(f, "renacer_config_last_reload_successful", "gauge",
               "1 when the last load or reload of the policy directory succeeded.");
        fprintf(f, "renacer_config_last_reload_successful %d\n", m->reload_ok);
        header(f, "renacer_config_last_reload_success_timestamp_seconds", "gauge",
               "When the policy directory was last loaded successfully, in seconds since the "
               "Unix epoch.");
        fprintf(f, "renacer_config_last_reload_success_timestamp_seconds %.3f\n", m->reload_time_s);
}

static void syscall_metrics(struct daemon *d, FILE *f, const struct summary *all)
{
        uint64_t hist[RENACER_HIST_BUCKETS] = {0}, count = 0, total_ns = 0;

        header(f, "renacer_syscalls_total", "counter",
               "System calls the traced processes completed, by name (exact kernel counts).");
        for (size_t i = 0; i < all->n; i++) {
                fputs("renacer_syscalls_total{syscall=\"", f);
                label_value(f, syscall_name(all->rows[i].nr));
                fprintf(f, "\"} %llu\n", (unsigned long long)all->rows[i].calls);
        }
        header(f, "renacer_syscall_errors_total", "counter",
               "System calls that returned an error, by name.");
        for (size_t i = 0; i < all->n; i++) {
                fputs("renacer_syscall_errors_total{syscall=\"", f);
                label_value(f, syscall_name(all->rows[i].nr));
                fprintf(f, "\"} %llu\n", (unsigned long long)all->rows[i].errors);
        }

        /* The kernel keeps hist[i] = calls that took [2^i, 2^(i+1)) ns. */
        for (size_t i = 0; i < all->n; i++) {
                for (size_t b = 0; b < RENACER_HIST_BUCKETS; b++)
                        hist[b] += all->rows[i].hist[b];
                total_ns += all->rows[i].total_ns;
        }
        header(f, "renacer_syscall_duration_seconds", "histogram",
               "Time from sys_enter to sys_exit of traced system calls, in seconds.");
        for (size_t b = 0; b < RENACER_HIST_BUCKETS; b++) {
                count += hist[b];
                fprintf(f, "renacer_syscall_duration_seconds_bucket{le=\"%.10g\"} %llu\n",
                        ldexp(1.0, (int)b + 1) / 1e9, (unsigned long long)count);
        }
        fprintf(f, "renacer_syscall_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                (unsigned long long)count);
        fprintf(f, "renacer_syscall_duration_seconds_sum %.9f\n", (double)total_ns / 1e9);
        fprintf(f, "renacer_syscall_duration_seconds_count %llu\n", (unsigned long long)count);
        (void)d;
}

static void bpf_metrics(struct daemon *d, FILE *f)
{
        struct metrics *m = d->metrics;
        struct tracer_prog_stats ps[16];
        int n = engine_prog_stats(d->engine, ps, ARRAY_SIZE(ps));
        int sysctl_on = 0;
        FILE *s = fopen("/proc/sys/kernel/bpf_stats_enabled", "re");

        if (s) {
                if (fscanf(s, "%d", &sysctl_on) != 1)
                        sysctl_on = 0;
                fclose(s);
        }
        header(f, "renacer_bpf_stats_enabled", "gauge",
               "1 when the kernel counts BPF program runs and run time (metrics.bpf_stats, or "
               "sysctl kernel.bpf_stats_enabled).");
        fprintf(f, "renacer_bpf_stats_enabled %d\n", m->stats_fd >= 0 || sysctl_on > 0);
        header(f, "renacer_bpf_program_runs_total", "counter",
               "Runs of each renacer BPF program while statistics were enabled.");
        for (int i = 0; i < n; i++)
                fprintf(f, "renacer_bpf_program_runs_total{program=\"%s\"} %llu\n", ps[i].name,
                        (unsigned long long)ps[i].run_cnt);
        header(f, "renacer_bpf_program_run_seconds_total", "counter",
               "Time spent in each renacer BPF program while statistics were enabled, in seconds.");
        for (int i = 0; i < n; i++)
                fprintf(f, "renacer_bpf_program_run_seconds_total{program=\"%s\"} %.9f\n",
                        ps[i].name, (double)ps[i].run_time_ns / 1e9);
}

static void otlp_metrics(struct daemon *d, FILE *f)
{
        struct otlp_stats st = {0};

        if (d->otlp)
                otlp_exporter_stats(d->otlp, &st);
        header(f, "renacer_otlp_spans_sent_total", "counter",
               "Spans of daemon-wide policy sessions the OTLP collector accepted.");
        fprintf(f, "renacer_otlp_spans_sent_total %llu\n", (unsigned long long)st.spans_sent);
        header(f, "renacer_otlp_spans_dropped_total", "counter",
               "Spans not exported, by reason: queue_full (the bounded queue was full), "
               "export_failed (refused, or retries ran out), rejected (the collector's "
               "partialSuccess), shutdown (queued when renacerd stopped).");
        fprintf(f, "renacer_otlp_spans_dropped_total{reason=\"queue_full\"} %llu\n",
                (unsigned long long)st.dropped_queue_full);
        fprintf(f, "renacer_otlp_spans_dropped_total{reason=\"export_failed\"} %llu\n",
                (unsigned long long)st.dropped_failed);
        fprintf(f, "renacer_otlp_spans_dropped_total{reason=\"rejected\"} %llu\n",
                (unsigned long long)st.dropped_rejected);
        fprintf(f, "renacer_otlp_spans_dropped_total{reason=\"shutdown\"} %llu\n",
                (unsigned long long)st.dropped_shutdown);
        header(f, "renacer_otlp_requests_total", "counter", "OTLP/HTTP export requests made.");
        fprintf(f, "renacer_otlp_requests_total %llu\n", (unsigned long long)st.requests);
        header(f, "renacer_otlp_requests_failed_total", "counter",
               "OTLP/HTTP export requests that failed (every retry counts).");
        fprintf(f, "renacer_otlp_requests_failed_total %llu\n",
                (unsigned long long)st.requests_failed);
        header(f, "renacer_otlp_queue_spans", "gauge", "Spans waiting for OTLP export.");
        fprintf(f, "renacer_otlp_queue_spans %zu\n", st.queued);
}

static void ring_fill_metrics(struct daemon *d, FILE *f)
{
        size_t used, peak;

        if (engine_ring_fill(d->engine, &used, &peak) < 0)
                return;
        header(f, "renacer_ring_buffer_used_bytes", "gauge",
               "Bytes in the BPF ring buffer not yet consumed by renacerd.");
        fprintf(f, "renacer_ring_buffer_used_bytes %zu\n", used);
        header(f, "renacer_ring_buffer_peak_used_bytes", "gauge",
               "Most unconsumed bytes seen in the BPF ring buffer before a drain since renacerd "
               "started.");
        fprintf(f, "renacer_ring_buffer_peak_used_bytes %zu\n", peak);
}

int metrics_render(struct daemon *d, char **ret, size_t *ret_len)
{
        struct metrics *m = d->metrics;
        uint64_t cnt[RENACER_CNT_MAX] = {0}, client_lost;
        struct summary all;
        struct session *s;
        uint32_t id = 0;
        char *buf = NULL;
        size_t len = 0;
        FILE *f;

        if (!m)
                return -EINVAL;
        f = open_memstream(&buf, &len);
        if (!f)
                return -errno;

        build_info(f);
        config_metrics(m, f);

        engine_counters(d->engine, cnt);
        header(f, "renacer_events_emitted_total", "counter",
               "Syscall records the kernel wrote to the ring buffer.");
        fprintf(f, "renacer_events_emitted_total %llu\n",
                (unsigned long long)cnt[RENACER_CNT_EMITTED]);
        header(f, "renacer_lifecycle_events_total", "counter",
               "Process fork, exec and exit records the kernel wrote to the ring buffer.");
        fprintf(f, "renacer_lifecycle_events_total %llu\n",
                (unsigned long long)cnt[RENACER_CNT_LIFECYCLE]);

        /* a subscriber's loss is counted when it happens; live sessions'
         * counts are already in m->client_lost */
        client_lost = m->client_lost;
        header(f, "renacer_events_lost_total", "counter",
               "Records lost, by reason: ringbuf (syscall record, ring full), lifecycle "
               "(process record, ring full), enter_map (no room for a call's enter state), "
               "client_slow (a subscriber fell behind).");
        fprintf(f, "renacer_events_lost_total{reason=\"ringbuf\"} %llu\n",
                (unsigned long long)cnt[RENACER_CNT_DROP_RINGBUF]);
        fprintf(f, "renacer_events_lost_total{reason=\"lifecycle\"} %llu\n",
                (unsigned long long)cnt[RENACER_CNT_DROP_LIFECYCLE]);
        fprintf(f, "renacer_events_lost_total{reason=\"enter_map\"} %llu\n",
                (unsigned long long)cnt[RENACER_CNT_DROP_ENTER_MAP]);
        fprintf(f, "renacer_events_lost_total{reason=\"client_slow\"} %llu\n",
                (unsigned long long)client_lost);
        header(f, "renacer_lifecycle_lost_total", "counter",
               "Process fork, exec and exit records lost, by reason: ringbuf (the kernel found "
               "no room in the ring), client_slow (a subscriber fell behind its reserve).");
        fprintf(f, "renacer_lifecycle_lost_total{reason=\"ringbuf\"} %llu\n",
                (unsigned long long)cnt[RENACER_CNT_DROP_LIFECYCLE]);
        fprintf(f, "renacer_lifecycle_lost_total{reason=\"client_slow\"} %llu\n",
                (unsigned long long)m->lifecycle_client_lost);
        header(f, "renacer_connections_refused_total", "counter",
               "Control-socket connections refused, by reason: limit (total, per-uid or root's "
               "reserved slots), shutting_down.");
        fprintf(f, "renacer_connections_refused_total{reason=\"limit\"} %llu\n",
                (unsigned long long)m->refused_limit);
        fprintf(f, "renacer_connections_refused_total{reason=\"shutting_down\"} %llu\n",
                (unsigned long long)m->refused_shutdown);
        header(f, "renacer_connections_idle_closed_total", "counter",
               "Control-socket connections closed for holding no session and sending nothing "
               "for limits.idle_timeout_s.");
        fprintf(f, "renacer_connections_idle_closed_total %llu\n",
                (unsigned long long)m->closed_idle);

        header(f, "renacer_sessions_active", "gauge", "Tracing sessions in progress.");
        fprintf(f, "renacer_sessions_active %zu\n", engine_session_count(d->engine));
        header(f, "renacer_sessions_created_total", "counter",
               "Tracing sessions created since renacerd started.");
        fprintf(f, "renacer_sessions_created_total %llu\n",
                (unsigned long long)engine_sessions_created(d->engine));
        header(f, "renacer_clients", "gauge", "Clients connected to the control socket.");
        fprintf(f, "renacer_clients %zu\n", d->nclients);
        header(f, "renacer_tracked_processes", "gauge",
               "Processes the kernel currently traces for some session.");
        fprintf(f, "renacer_tracked_processes %d\n", MAX(engine_tracked_count(d->engine), 0));
        header(f, "renacer_ring_buffer_bytes", "gauge", "Size of the BPF ring buffer, in bytes.");
        fprintf(f, "renacer_ring_buffer_bytes %zu\n", engine_ring_bytes(d->engine));
        ring_fill_metrics(d, f);

        /* ended sessions' exact totals plus what live sessions counted so far */
        summary_init(&all);
        summary_merge(&all, &m->ended);
        while ((s = engine_session_next(d->engine, id))) {
                struct session_info si;
                struct summary live;
                session_info(s, &si);
                id = si.id;
                if (si.complete)
                        continue;
                summary_init(&live);
                if (engine_session_summary(d->engine, id, &live) == 0)
                        summary_merge(&all, &live);
                summary_free(&live);
        }
        syscall_metrics(d, f, &all);
        summary_free(&all);

        header(f, "renacer_policy_violations_total", "counter",
               "Failed policy assertions, by policy and assertion.");
        for (size_t i = 0; i < m->nviolations; i++) {
                fputs("renacer_policy_violations_total{policy=\"", f);
                label_value(f, m->violations[i].policy);
                fputs("\",assertion=\"", f);
                label_value(f, m->violations[i].assertion);
                fprintf(f, "\"} %llu\n", (unsigned long long)m->violations[i].count);
        }
        header(f, "renacer_policy_evaluations_total", "counter",
               "Policy evaluations of finished auto-sessions, by policy.");
        for (size_t i = 0; i < m->nevaluations; i++) {
                fputs("renacer_policy_evaluations_total{policy=\"", f);
                label_value(f, m->evaluations[i].policy);
                fprintf(f, "\"} %llu\n", (unsigned long long)m->evaluations[i].count);
        }
        header(f, "renacer_flight_recordings_total", "counter",
               "Flight recordings of daemon-wide policies written on a violation (saved), or "
               "not (failed).");
        fprintf(f, "renacer_flight_recordings_total{result=\"saved\"} %llu\n",
                (unsigned long long)m->flight_saved);
        fprintf(f, "renacer_flight_recordings_total{result=\"failed\"} %llu\n",
                (unsigned long long)m->flight_failed);
        header(f, "renacer_pcie_transfer_seconds_total", "counter",
               "Time traced processes spent in host-device (PCIe) transfers, in seconds.");
        fprintf(f, "renacer_pcie_transfer_seconds_total %.9f\n", m->pcie_seconds);

        otlp_metrics(d, f);
        bpf_metrics(d, f);
        process_metrics(m, f);

        if (fclose(f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        *ret = buf;
        *ret_len = len;
        return 0;
}

/* ---- HTTP ---- */

static enum MHD_Result respond(struct MHD_Connection *conn, unsigned status, const char *type,
                               char *body, size_t len, bool owned)
{
        struct MHD_Response *resp = MHD_create_response_from_buffer(
            len, body, owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        enum MHD_Result r;

        if (!resp) {
                if (owned)
                        free(body);
                return MHD_NO;
        }
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
        if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
                MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
        r = MHD_queue_response(conn, status, resp);
        MHD_destroy_response(resp);
        return r;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
        static char not_found[] = "not found: try /metrics or /healthz\n";
        static char not_allowed[] = "method not allowed\n";
        static char ok[] = "ok\n";
        struct daemon *d = cls;
        char *body;
        size_t len;

        (void)version;
        (void)upload;
        (void)con_cls;
        if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
                return respond(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", not_allowed,
                               strlen(not_allowed), false);
        if (*upload_size) /* a GET with a body: ignore it */
                *upload_size = 0;
        if (!strcmp(url, "/healthz"))
                return respond(conn, MHD_HTTP_OK, "text/plain", ok, strlen(ok), false);
        if (strcmp(url, "/metrics"))
                return respond(conn, MHD_HTTP_NOT_FOUND, "text/plain", not_found, strlen(not_found),
                               false);
        if (metrics_render(d, &body, &len) < 0)
                return MHD_NO;
        return respond(conn, MHD_HTTP_OK, CONTENT_TYPE_METRICS, body, len, true);
}

/* MHD reports every client that hangs up early: a scanner must not be able
 * to flood the journal, so at most LOG_BURST lines a minute get through. */
#define LOG_BURST 5
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
        static uint64_t window_ns;
        static unsigned lines, dropped;
        uint64_t now = now_monotonic_ns();
        char line[512];
        size_t n;

        (void)cls;
        if (now - window_ns > 60000000000ULL) {
                if (dropped)
                        log_warning("metrics: %u more HTTP messages suppressed", dropped);
                window_ns = now;
                lines = dropped = 0;
        }
        if (++lines > LOG_BURST) {
                dropped++;
                return;
        }
        vsnprintf(line, sizeof(line), fmt, ap);
        n = strlen(line);
        while (n && line[n - 1] == '\n')
                line[--n] = '\0';
        log_warning("metrics: %s", line);
}

/* MHD may leave connections ready without a new fd event (its internal
 * lists): run it until it says nothing is due right now. */
static void mhd_drive(struct metrics *m)
{
        for (int i = 0; i < 64; i++) {
                MHD_UNSIGNED_LONG_LONG timeout;

                MHD_run(m->mhd);
                if (MHD_get_timeout(m->mhd, &timeout) != MHD_YES || timeout > 0)
                        break;
        }
}

static void on_mhd(struct loop *l, int fd, uint32_t events, void *data)
{
        struct daemon *d = data;

        (void)l;
        (void)fd;
        (void)events;
        mhd_drive(d->metrics);
}

static void on_mhd_timer(struct loop *l, void *data)
{
        struct daemon *d = data;

        (void)l;
        mhd_drive(d->metrics);
}

static int resolve_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
        const char *colon = strrchr(listen, ':');
        char host[64];
        size_t hlen;
        unsigned port;

        if (!colon || sscanf(colon + 1, "%u", &port) != 1 || port > 65535)
                return -EINVAL;
        hlen = (size_t)(colon - listen);
        if (listen[0] == '[') {
                struct sockaddr_in6 *sa = (struct sockaddr_in6 *)ss;
                if (hlen < 3 || hlen - 2 >= sizeof(host))
                        return -EINVAL;
                memcpy(host, listen + 1, hlen - 2);
                host[hlen - 2] = '\0';
                memset(sa, 0, sizeof(*sa));
                sa->sin6_family = AF_INET6;
                sa->sin6_port = htons((uint16_t)port);
                if (inet_pton(AF_INET6, host, &sa->sin6_addr) != 1)
                        return -EINVAL;
                *len = sizeof(*sa);
                return 0;
        }
        struct sockaddr_in *sa = (struct sockaddr_in *)ss;
        if (hlen >= sizeof(host))
                return -EINVAL;
        memcpy(host, listen, hlen);
        host[hlen] = '\0';
        memset(sa, 0, sizeof(*sa));
        sa->sin_family = AF_INET;
        sa->sin_port = htons((uint16_t)port);
        if (!strcmp(host, "localhost"))
                sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
                return -EINVAL;
        *len = sizeof(*sa);
        return 0;
}

int metrics_listen(struct daemon *d, const char *listen_addr)
{
        struct metrics *m = d->metrics;
        struct sockaddr_storage ss;
        socklen_t sslen;
        _cleanup_close_ int fd = -1;
        const union MHD_DaemonInfo *info;
        char shown[INET6_ADDRSTRLEN];
        int one = 1, r;

        if (resolve_listen(listen_addr, &ss, &sslen) < 0) {
                log_error("invalid metrics listen address '%s'", listen_addr);
                return -EINVAL;
        }
        /* our own socket: CLOEXEC, and a clear error when the port is taken */
        fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return log_error("metrics: socket: %s", strerror(errno)), -errno;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (ss.ss_family == AF_INET6)
                setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
        if (bind(fd, (struct sockaddr *)&ss, sslen) < 0 || listen(fd, 64) < 0) {
                r = -errno;
                log_error("cannot listen for metrics on %s: %s (set metrics.listen in "
                          "renacerd.yaml, --metrics-listen ADDR:PORT, or --metrics-listen off)",
                          listen_addr, strerror(-r));
                return r;
        }
        sslen = sizeof(ss);
        getsockname(fd, (struct sockaddr *)&ss, &sslen);

        m->mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                                      (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
                                  0, NULL, NULL, on_request, d, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
                                  NULL, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_CONNECTION_LIMIT,
                                  (unsigned)HTTP_MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
                                  (unsigned)HTTP_TIMEOUT_S, MHD_OPTION_END);
        if (!m->mhd) {
                log_error("metrics: cannot start the HTTP server on %s", listen_addr);
                return -EIO;
        }
        TAKE_FD(fd); /* MHD closes it */
        info = MHD_get_daemon_info(m->mhd, MHD_DAEMON_INFO_EPOLL_FD);
        if (!info || info->epoll_fd < 0) {
                log_error("metrics: libmicrohttpd has no epoll fd");
                return -EIO;
        }
        m->mhd_fd = info->epoll_fd;
        if ((r = loop_add(d->loop, m->mhd_fd, EPOLLIN, on_mhd, d)) < 0)
                return log_error("metrics: %s", strerror(-r)), r;
        m->timer = loop_add_timer(d->loop, 1000, on_mhd_timer, d);
        if (m->timer < 0)
                return log_error("metrics: no timer left"), m->timer;

        if (ss.ss_family == AF_INET6)
                inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, shown, sizeof(shown));
        else
                inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, shown, sizeof(shown));
        log_info("metrics on http://%s%s%s:%u/metrics", ss.ss_family == AF_INET6 ? "[" : "", shown,
                 ss.ss_family == AF_INET6 ? "]" : "",
                 ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                : ((struct sockaddr_in *)&ss)->sin_port));
        return 0;
}

void metrics_free(struct daemon *d)
{
        struct metrics *m = d->metrics;

        if (!m)
                return;
        if (m->mhd) {
                if (m->mhd_fd >= 0 && d->loop)
                        loop_del(d->loop, m->mhd_fd);
                if (m->timer >= 0 && d->loop)
                        loop_timer_enable(d->loop, m->timer, false);
                MHD_stop_daemon(m->mhd);
        }
        if (m->stats_fd >= 0)
                close(m->stats_fd);
        summary_free(&m->ended);
        for (size_t i = 0; i < m->nviolations; i++) {
                free(m->violations[i].policy);
                free(m->violations[i].assertion);
        }
        free(m->violations);
        for (size_t i = 0; i < m->nevaluations; i++)
                free(m->evaluations[i].policy);
        free(m->evaluations);
        free(m);
        d->metrics = NULL;
}
