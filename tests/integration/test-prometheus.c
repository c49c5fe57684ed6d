// SPDX-License-Identifier: MIT
/*
 * A real Prometheus (Debian's prometheus server) scrapes a real renacerd:
 * the per-syscall counts of a traced run, read back with PromQL through
 * Prometheus' HTTP API, equal the run's own -c summary. The same server
 * loads the shipped alert rules and evaluates every query of the shipped
 * Grafana dashboard. Also the metrics renacerd itself must get right:
 * policies labelled by name with their series at 0 from load, evaluation
 * counts, reload status and time, build_info labels and the ring fill
 * gauges. Needs root and BTF (exits 77 otherwise).
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <math.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

extern char **environ;

static struct test_daemon daemon_;
static char tmpdir[] = "/tmp/renacer-prom-XXXXXX";
static char policy_path[256], prog[512];
static unsigned metrics_port, prom_port;
static pid_t prom_pid;

static unsigned free_port(void)
{
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t len = sizeof(sa);
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
            getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
                return 0;
        close(fd);
        return ntohs(sa.sin_port);
}

struct buf {
        char *p;
        size_t len;
};

static size_t on_data(char *d, size_t size, size_t n, void *ctx)
{
        struct buf *b = ctx;
        char *p = realloc(b->p, b->len + size * n + 1);

        if (!p)
                return 0;
        memcpy(p + b->len, d, size * n);
        b->p = p;
        b->len += size * n;
        b->p[b->len] = '\0';
        return size * n;
}

/* GET url; the body (caller frees) or NULL; *status the HTTP status. */
static char *http_get(const char *url, long *status)
{
        CURL *c = curl_easy_init();
        struct buf b = {0};
        CURLcode r;

        assert_non_null(c);
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        r = curl_easy_perform(c);
        *status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
        curl_easy_cleanup(c);
        if (r != CURLE_OK) {
                free(b.p);
                return NULL;
        }
        return b.p ? b.p : strdup("");
}

static char *metrics_text(void)
{
        char url[64];
        long st;
        char *body;

        snprintf(url, sizeof(url), "http://127.0.0.1:%u/metrics", metrics_port);
        body = http_get(url, &st);
        assert_non_null(body);
        assert_int_equal(st, 200);
        return body;
}

/* A PromQL instant query; the "result" array (caller puts the returned
 * root), or NULL when Prometheus said error. */
static struct json_object *promql(const char *query, struct json_object **ret_root)
{
        CURL *c = curl_easy_init();
        char *q = curl_easy_escape(c, query, 0), url[4096];
        struct json_object *root, *v, *data, *res;
        long st;
        char *body;

        snprintf(url, sizeof(url), "http://127.0.0.1:%u/api/v1/query?query=%s", prom_port, q);
        curl_free(q);
        curl_easy_cleanup(c);
        body = http_get(url, &st);
        assert_non_null(body);
        root = json_tokener_parse(body);
        free(body);
        assert_non_null(root);
        *ret_root = root;
        if (!json_object_object_get_ex(root, "status", &v) ||
            strcmp(json_object_get_string(v), "success"))
                return NULL;
        assert_true(json_object_object_get_ex(root, "data", &data));
        assert_true(json_object_object_get_ex(data, "result", &res));
        return res;
}

static double sample_value(struct json_object *sample)
{
        struct json_object *v;

        assert_true(json_object_object_get_ex(sample, "value", &v));
        return strtod(json_object_get_string(json_object_array_get_idx(v, 1)), NULL);
}

static const char *sample_label(struct json_object *sample, const char *name)
{
        struct json_object *m, *v;

        assert_true(json_object_object_get_ex(sample, "metric", &m));
        return json_object_object_get_ex(m, name, &v) ? json_object_get_string(v) : NULL;
}

/* The value of one exposition line "SERIES VALUE", or NAN. */
static double metric(const char *text, const char *series)
{
        size_t n = strlen(series);

        for (const char *line = text; line && *line;) {
                if (!strncmp(line, series, n) && line[n] == ' ')
                        return strtod(line + n + 1, NULL);
                line = strchr(line, '\n');
                if (line)
                        line++;
        }
        return NAN;
}

static void write_file(const char *path, const char *fmt, ...)
{
        va_list ap;
        FILE *f = fopen(path, "w");

        assert_non_null(f);
        va_start(ap, fmt);
        vfprintf(f, fmt, ap);
        va_end(ap);
        fclose(f);
}

static int start_prometheus(void)
{
        char cfg[256], data[256], listen[64], cfgarg[300], dataarg[300];
        const char *rules = getenv("RENACER_PROMETHEUS_RULES");
        posix_spawn_file_actions_t fa;
        char logpath[256];

        snprintf(cfg, sizeof(cfg), "%s/prometheus.yml", tmpdir);
        snprintf(data, sizeof(data), "%s/data", tmpdir);
        snprintf(logpath, sizeof(logpath), "%s/prometheus.log", tmpdir);
        write_file(cfg,
                   "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                   "rule_files:\n  - %s\n"
                   "scrape_configs:\n  - job_name: renacer\n    static_configs:\n"
                   "      - targets: ['127.0.0.1:%u']\n",
                   rules, metrics_port);
        prom_port = free_port();
        snprintf(listen, sizeof(listen), "--web.listen-address=127.0.0.1:%u", prom_port);
        snprintf(cfgarg, sizeof(cfgarg), "--config.file=%s", cfg);
        snprintf(dataarg, sizeof(dataarg), "--storage.tsdb.path=%s", data);
        const char *argv[] = {"prometheus", cfgarg, dataarg, listen, "--log.level=warn", NULL};
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, logpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        int e = posix_spawnp(&prom_pid, "prometheus", &fa, NULL, (char *const *)argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        if (e)
                return -e;
        harness_child_add(prom_pid);
        for (int i = 0; i < 300; i++) {
                char url[96];
                long st;
                snprintf(url, sizeof(url), "http://127.0.0.1:%u/-/ready", prom_port);
                char *b = http_get(url, &st);
                free(b);
                if (b && st == 200)
                        return 0;
                if (waitpid(prom_pid, NULL, WNOHANG) == prom_pid) {
                        harness_child_forget(prom_pid);
                        prom_pid = 0;
                        return -ECHILD;
                }
                nanosleep(&(struct timespec){0, 100000000}, NULL);
        }
        return -ETIMEDOUT;
}

/* The run's -c summary equals what PromQL returns for
 * renacer_syscalls_total once renacerd has no session left. */
static void test_promql_counts_equal_summary(void **state)
{
        const char *argv[] = {harness_bin("RENACERCTL"),
                              "run",
                              "-f",
                              "-c",
                              "--",
                              "/bin/sh",
                              "-c",
                              "for i in 1 2 3; do /bin/true; done; echo x > /dev/null",
                              NULL};
        char names[128][32];
        long calls[128];
        struct run_result rr;
        struct json_object *root = NULL, *res;
        int rows;

        (void)state;
        assert_int_equal(run_capture(argv, &rr), 0);
        assert_int_equal(rr.code, 0);
        rows = summary_rows(rr.err, names, calls, 128);
        assert_true(rows > 5);

        /* wait for a scrape taken after the session ended */
        for (int i = 0; i < 300; i++) {
                res = promql("renacer_sessions_active{job=\"renacer\"} == 0 and on(instance) "
                             "renacer_sessions_created_total{job=\"renacer\"} >= 1",
                             &root);
                bool done = res && json_object_array_length(res) == 1;
                json_object_put(root);
                if (done)
                        break;
                nanosleep(&(struct timespec){0, 100000000}, NULL);
        }
        res = promql("sum by (syscall) (renacer_syscalls_total{job=\"renacer\"})", &root);
        assert_non_null(res);
        assert_int_equal(json_object_array_length(res), rows);
        for (int i = 0; i < rows; i++) {
                bool found = false;
                for (size_t k = 0; k < json_object_array_length(res); k++) {
                        struct json_object *s = json_object_array_get_idx(res, k);
                        if (strcmp(sample_label(s, "syscall"), names[i]))
                                continue;
                        found = true;
                        if ((long)sample_value(s) != calls[i])
                                fprintf(stderr, "%s: Prometheus %g, summary %ld\n", names[i],
                                        sample_value(s), calls[i]);
                        assert_int_equal((long)sample_value(s), calls[i]);
                }
                assert_true(found);
        }
        json_object_put(root);
        run_result_free(&rr);

        /* one PromQL total for a syscall equals the summary's row */
        res = promql("renacer_syscalls_total{job=\"renacer\",syscall=\"execve\"}", &root);
        assert_non_null(res);
        assert_int_equal(json_object_array_length(res), 1);
        long want = -1;
        for (int i = 0; i < rows; i++)
                if (!strcmp(names[i], "execve"))
                        want = calls[i];
        assert_int_equal((long)sample_value(json_object_array_get_idx(res, 0)), want);
        assert_int_equal(want, 4); /* sh and three /bin/true */
        json_object_put(root);
}

/* Every query of the shipped dashboard is valid PromQL that Prometheus
 * evaluates, and the shipped rules loaded and evaluate without error. */
static void test_dashboard_and_rules_in_prometheus(void **state)
{
        const char *dash = getenv("RENACER_GRAFANA_DASHBOARD");
        struct json_object *d = json_object_from_file(dash), *panels, *root = NULL;
        int queries = 0;

        (void)state;
        assert_non_null(d);
        assert_true(json_object_object_get_ex(d, "panels", &panels));
        for (size_t i = 0; i < json_object_array_length(panels); i++) {
                struct json_object *p = json_object_array_get_idx(panels, i), *targets;
                if (!json_object_object_get_ex(p, "targets", &targets))
                        continue;
                for (size_t k = 0; k < json_object_array_length(targets); k++) {
                        struct json_object *t = json_object_array_get_idx(targets, k), *e;
                        char q[2048], *o = q;
                        assert_true(json_object_object_get_ex(t, "expr", &e));
                        /* Grafana's variables as Grafana would expand them */
                        for (const char *s = json_object_get_string(e); *s && o < q + 2000;) {
                                if (!strncmp(s, "$__rate_interval", 16)) {
                                        o += sprintf(o, "1m");
                                        s += 16;
                                } else if (!strncmp(s, "$instance", 9) || !strncmp(s, "$job", 4)) {
                                        o += sprintf(o, ".*");
                                        s += s[1] == 'i' ? 9 : 4;
                                } else {
                                        *o++ = *s++;
                                }
                        }
                        *o = '\0';
                        struct json_object *res = promql(q, &root);
                        if (!res)
                                fprintf(stderr, "dashboard query refused: %s\n%s\n", q,
                                        json_object_to_json_string(root));
                        assert_non_null(res);
                        json_object_put(root);
                        queries++;
                }
        }
        assert_true(queries > 20);
        json_object_put(d);

        /* the rules: loaded, and evaluated without error */
        char url[96];
        long st;
        snprintf(url, sizeof(url), "http://127.0.0.1:%u/api/v1/rules", prom_port);
        int alerts = 0;
        for (int tries = 0; tries < 100; tries++) {
                char *body = http_get(url, &st);
                struct json_object *r = json_tokener_parse(body), *data, *groups;
                free(body);
                assert_non_null(r);
                assert_true(json_object_object_get_ex(r, "data", &data));
                assert_true(json_object_object_get_ex(data, "groups", &groups));
                alerts = 0;
                bool evaluated = true;
                for (size_t g = 0; g < json_object_array_length(groups); g++) {
                        struct json_object *rules, *grp = json_object_array_get_idx(groups, g);
                        assert_true(json_object_object_get_ex(grp, "rules", &rules));
                        for (size_t k = 0; k < json_object_array_length(rules); k++) {
                                struct json_object *rule = json_object_array_get_idx(rules, k), *h;
                                assert_true(json_object_object_get_ex(rule, "health", &h));
                                assert_string_not_equal(json_object_get_string(h), "err");
                                evaluated &= !strcmp(json_object_get_string(h), "ok");
                                alerts++;
                        }
                }
                json_object_put(r);
                if (evaluated && alerts)
                        break;
                nanosleep(&(struct timespec){0, 100000000}, NULL);
        }
        assert_int_equal(alerts, 6);
}

/* Policies are labelled by name, and their series exist at 0 from load;
 * a finished auto-session counts one evaluation; reloads report success
 * and time like Prometheus' own; build_info names kernel and libbpf. */
static void test_policy_and_reload_series(void **state)
{
        char *m = metrics_text(), bad[200];
        struct run_result rr;
        double t0;

        (void)state;
        assert_non_null(strstr(m, "renacer_build_info{version=\"" RENACER_VERSION "\",kernel=\""));
        assert_non_null(strstr(m, "\",libbpf=\"v"));
        assert_false(isnan(metric(m, "renacer_ring_buffer_used_bytes")));
        assert_false(isnan(metric(m, "renacer_ring_buffer_peak_used_bytes")));
        assert_true(metric(m, "renacer_policy_violations_total{policy=\"budget\","
                              "assertion=\"few_calls\"}") == 0);
        assert_true(metric(m, "renacer_policy_evaluations_total{policy=\"budget\"}") == 0);
        assert_null(strstr(m, "policy=\"/"));
        assert_true(metric(m, "renacer_config_last_reload_successful") == 1);
        t0 = metric(m, "renacer_config_last_reload_success_timestamp_seconds");
        assert_true(t0 > 1.6e9);
        assert_true(metric(m, "renacer_otlp_spans_sent_total") == 0);
        free(m);

        /* a matching run: one evaluation, one violation */
        const char *run[] = {prog, "50", NULL};
        assert_int_equal(run_capture(run, &rr), 0);
        run_result_free(&rr);
        for (int i = 0; i < 100; i++) {
                m = metrics_text();
                bool done = metric(m, "renacer_policy_evaluations_total{policy=\"budget\"}") == 1;
                if (done)
                        break;
                free(m);
                m = NULL;
                nanosleep(&(struct timespec){0, 50000000}, NULL);
        }
        assert_non_null(m);
        assert_true(metric(m, "renacer_policy_violations_total{policy=\"budget\","
                              "assertion=\"few_calls\"}") == 1);
        free(m);

        /* a broken policy: the reload fails and says so; the old set stays */
        snprintf(bad, sizeof(bad), "%s/policies/broken.yaml", tmpdir);
        write_file(bad, "version: 1\nassertions: [\n");
        const char *reload[] = {harness_bin("RENACERCTL"), "reload", NULL};
        assert_int_equal(run_capture(reload, &rr), 0);
        assert_true(rr.code != 0);
        run_result_free(&rr);
        m = metrics_text();
        assert_true(metric(m, "renacer_config_last_reload_successful") == 0);
        assert_true(metric(m, "renacer_config_last_reload_success_timestamp_seconds") == t0);
        free(m);
        unlink(bad);
        sleep(1); /* the timestamp has millisecond resolution: make it move */
        assert_int_equal(run_capture(reload, &rr), 0);
        assert_int_equal(rr.code, 0);
        run_result_free(&rr);
        m = metrics_text();
        assert_true(metric(m, "renacer_config_last_reload_successful") == 1);
        assert_true(metric(m, "renacer_config_last_reload_success_timestamp_seconds") > t0);
        /* counts survive a reload */
        assert_true(metric(m, "renacer_policy_evaluations_total{policy=\"budget\"}") == 1);
        free(m);
}

static int setup(void **state)
{
        char cfg[200], pdir[200], port_arg[32];

        (void)state;
        harness_require_root_btf();
        if (system("command -v prometheus >/dev/null 2>&1") != 0) {
                printf("SKIP: the prometheus server is not installed (Debian package "
                       "prometheus)\n");
                exit(77);
        }
        curl_global_init(CURL_GLOBAL_DEFAULT);
        assert_non_null(mkdtemp(tmpdir));
        harness_prog("getppid-loop", prog, sizeof(prog));
        snprintf(pdir, sizeof(pdir), "%s/policies", tmpdir);
        mkdir(pdir, 0755);
        snprintf(policy_path, sizeof(policy_path), "%s/budget.yaml", pdir);
        write_file(policy_path,
                   "version: 1\nmatch:\n  exe: \"%s\"\nassertions:\n"
                   "  - name: few_calls\n    type: span_count\n    max_spans: 20\n",
                   prog);
        snprintf(cfg, sizeof(cfg), "%s/renacerd.yaml", tmpdir);
        write_file(cfg, "policy_dir: %s\n", pdir);
        metrics_port = free_port();
        snprintf(port_arg, sizeof(port_arg), "127.0.0.1:%u", metrics_port);
        const char *const extra[] = {"--config", cfg, "--metrics-listen", port_arg, NULL};
        if (daemon_start(&daemon_, extra) < 0)
                return -1;
        return start_prometheus() < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        char cmd[300];

        (void)state;
        if (prom_pid > 0)
                harness_child_reap(prom_pid);
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
                return -1;
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            /* first: the daemon has traced nothing else yet */
            cmocka_unit_test(test_promql_counts_equal_summary),
            cmocka_unit_test(test_policy_and_reload_series),
            cmocka_unit_test(test_dashboard_and_rules_in_prometheus),
        };

        return cmocka_run_group_tests(tests, setup, teardown);
}
