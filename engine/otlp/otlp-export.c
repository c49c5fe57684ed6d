// SPDX-License-Identifier: MIT
#include "otlp-export.h"

#include <curl/curl.h>
#include <errno.h>
#include <json-c/json.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define RESPONSE_MAX      (64u << 10) /* bytes of a collector's answer we read */
#define BACKOFF_FIRST_MS  100
#define BACKOFF_MAX_MS    5000
#define RETRY_AFTER_MAXMS 30000
#define POLL_MS           50 /* how soon a stop interrupts a transfer */
/* While a caller waits in otlp_exporter_flush() (renacerctl at the end of a
 * run), a collector nobody answers for is not retried for the whole
 * timeout: a CI job running many commands against a dead collector must not
 * wait seconds after each. 429/5xx answers keep their full retries. */
#define FLUSH_CONNECT_ATTEMPTS 3

struct otlp_exporter {
        struct otlp_config cfg;
        char *prefix; /* the request body up to the first span */
        struct curl_slist *headers;
        CURLM *multi;
        CURL *curl;

        pthread_t thread;
        bool started;
        pthread_mutex_t lock;
        pthread_cond_t wake; /* the sender: spans, a flush or a stop */
        pthread_cond_t idle; /* flushers: the queue drained */
        char **queue;        /* ring of cfg.max_queue */
        size_t head, len, inflight;
        uint64_t first_ns; /* when the oldest queued span arrived */
        unsigned flushers;
        bool stop;
        struct otlp_stats st;
        bool down;
        uint64_t reported_outages; /* outages poll_outage() has told of */
        bool report_recovery;      /* ... and that it has to tell the end of */
        char why[256];
};

static uint64_t mono_ms(void)
{
        return now_monotonic_ns() / 1000000ULL;
}

/* ---- the body ---- */

static void res_attr(struct json_object *attrs, const char *key, const char *value)
{
        struct json_object *a = json_object_new_object(), *v = json_object_new_object();

        json_object_object_add(v, "stringValue", json_object_new_string(value));
        json_object_object_add(a, "key", json_object_new_string(key));
        json_object_object_add(a, "value", v);
        json_object_array_add(attrs, a);
}

static bool has_resource(const struct otlp_config *c, const char *key)
{
        for (size_t i = 0; i < c->nresource; i++)
                if (!strcmp(c->resource[i].key, key))
                        return true;
        return false;
}

static char *body_prefix(const struct otlp_config *c)
{
        struct json_object *res = json_object_new_object(), *attrs = json_object_new_array();
        struct json_object *scope = json_object_new_object();
        const char *service = c->service_name;
        char host[256], *out = NULL;

        for (size_t i = 0; !service && i < c->nresource; i++)
                if (!strcmp(c->resource[i].key, "service.name"))
                        service = c->resource[i].value;
        res_attr(attrs, "service.name", service ? service : "renacer");
        for (size_t i = 0; i < c->nresource; i++)
                if (strcmp(c->resource[i].key, "service.name"))
                        res_attr(attrs, c->resource[i].key, c->resource[i].value);
        if (!has_resource(c, "host.name") && gethostname(host, sizeof(host)) == 0) {
                host[sizeof(host) - 1] = '\0';
                res_attr(attrs, "host.name", host);
        }
        if (!has_resource(c, "telemetry.sdk.name")) {
                res_attr(attrs, "telemetry.sdk.name", "renacer");
                res_attr(attrs, "telemetry.sdk.version", RENACER_VERSION);
        }
        json_object_object_add(res, "attributes", attrs);
        json_object_object_add(scope, "name", json_object_new_string("renacer"));
        json_object_object_add(scope, "version", json_object_new_string(RENACER_VERSION));
        const char *r = json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
        const char *sc = json_object_to_json_string_ext(scope, JSON_C_TO_STRING_PLAIN |
                                                                   JSON_C_TO_STRING_NOSLASHESCAPE);
        if (r && sc &&
            asprintf(&out,
                     "{\"resourceSpans\":[{\"resource\":%s,\"scopeSpans\":[{\"scope\":%s,"
                     "\"spans\":[",
                     r, sc) < 0)
                out = NULL;
        json_object_put(res);
        json_object_put(scope);
        return out;
}

static const char body_suffix[] = "]}]}]}";

static int join_body(const char *prefix, char *const *spans, size_t n, char **ret, size_t *ret_len)
{
        size_t plen = strlen(prefix), len = plen + sizeof(body_suffix);
        char *b, *o;

        for (size_t i = 0; i < n; i++)
                len += strlen(spans[i]) + 1;
        b = o = malloc(len);
        if (!b)
                return -ENOMEM;
        memcpy(o, prefix, plen);
        o += plen;
        for (size_t i = 0; i < n; i++) {
                size_t l = strlen(spans[i]);
                if (i)
                        *o++ = ',';
                memcpy(o, spans[i], l);
                o += l;
        }
        memcpy(o, body_suffix, sizeof(body_suffix));
        *ret = b;
        *ret_len = (size_t)(o - b) + sizeof(body_suffix) - 1;
        return 0;
}

int otlp_request_body(const struct otlp_config *c, char *const *spans, size_t n, char **ret,
                      size_t *ret_len)
{
        char *prefix = body_prefix(c);
        int r;

        if (!prefix)
                return -ENOMEM;
        r = join_body(prefix, spans, n, ret, ret_len);
        free(prefix);
        return r;
}

/* ---- one request ---- */

struct response {
        char *buf;
        size_t len;
        long retry_after_ms;
};

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
        struct response *r = ctx;
        size_t add = size * n, keep = MIN(add, RESPONSE_MAX - r->len);

        if (keep) {
                char *b = realloc(r->buf, r->len + keep + 1);
                if (!b)
                        return add;
                memcpy(b + r->len, data, keep);
                r->buf = b;
                r->len += keep;
                r->buf[r->len] = '\0';
        }
        return add;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
        struct response *r = ctx;
        size_t len = size * n;
        static const char name[] = "retry-after:";

        if (len > sizeof(name) && !strncasecmp(data, name, sizeof(name) - 1)) {
                char v[32];
                size_t vl = MIN(len - (sizeof(name) - 1), sizeof(v) - 1);
                char *end;
                memcpy(v, data + sizeof(name) - 1, vl);
                v[vl] = '\0';
                long s = strtol(v, &end, 10);
                /* delta-seconds only; an HTTP date falls back to backoff */
                if (end != v && s >= 0)
                        r->retry_after_ms =
                            s > RETRY_AFTER_MAXMS / 1000 ? RETRY_AFTER_MAXMS : s * 1000;
        }
        return len;
}

static bool stopping(struct otlp_exporter *e)
{
        bool s;

        pthread_mutex_lock(&e->lock);
        s = e->stop;
        pthread_mutex_unlock(&e->lock);
        return s;
}

enum outcome { SENT, RETRY, FAILED, STOPPED };

/* partialSuccess.rejectedSpans of a 2xx answer; 0 when absent or garbage */
static uint64_t rejected_spans(const char *body)
{
        struct json_object *o, *ps, *rs;
        uint64_t n = 0;

        if (!body || !(o = json_tokener_parse(body)))
                return 0;
        if (json_object_object_get_ex(o, "partialSuccess", &ps) &&
            json_object_object_get_ex(ps, "rejectedSpans", &rs))
                n = json_object_get_uint64(rs); /* int or decimal string */
        json_object_put(o);
        return n;
}

static enum outcome post(struct otlp_exporter *e, const char *body, size_t len, long timeout_ms,
                         struct response *resp, char *why, size_t whylen, uint64_t *rejected,
                         bool *unreachable)
{
        CURL *c = e->curl;
        CURLMsg *msg;
        CURLcode code = CURLE_OK;
        long status = 0;
        int left, running = 1;
        bool done = false;

        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, resp);
        if (curl_multi_add_handle(e->multi, c) != CURLM_OK) {
                snprintf(why, whylen, "cannot start a transfer");
                return FAILED;
        }
        while (!done) {
                if (curl_multi_perform(e->multi, &running) != CURLM_OK)
                        break;
                while ((msg = curl_multi_info_read(e->multi, &left)))
                        if (msg->msg == CURLMSG_DONE) {
                                code = msg->data.result;
                                done = true;
                        }
                if (done || !running)
                        break;
                if (stopping(e)) {
                        curl_multi_remove_handle(e->multi, c);
                        return STOPPED;
                }
                curl_multi_poll(e->multi, NULL, 0, POLL_MS, NULL);
        }
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_multi_remove_handle(e->multi, c);
        pthread_mutex_lock(&e->lock);
        e->st.requests++;
        pthread_mutex_unlock(&e->lock);
        if (!done)
                code = CURLE_RECV_ERROR;
        if (code != CURLE_OK) {
                snprintf(why, whylen, "%s", curl_easy_strerror(code));
                switch (code) {
                case CURLE_COULDNT_CONNECT:
                case CURLE_COULDNT_RESOLVE_HOST:
                        *unreachable = true;
                        return RETRY;
                case CURLE_OPERATION_TIMEDOUT:
                case CURLE_SEND_ERROR:
                case CURLE_RECV_ERROR:
                case CURLE_GOT_NOTHING:
                        return RETRY;
                default:
                        return FAILED; /* garbage, TLS failures: retrying will not help */
                }
        }
        if (status >= 200 && status < 300) {
                *rejected = rejected_spans(resp->buf);
                return SENT;
        }
        snprintf(why, whylen, "HTTP %ld", status);
        /* the OTLP/HTTP spec's retryable answers */
        if (status == 429 || status == 502 || status == 503 || status == 504)
                return RETRY;
        return FAILED;
}

static void note_state(struct otlp_exporter *e, bool ok, const char *why)
{
        pthread_mutex_lock(&e->lock);
        if (!ok) {
                e->st.requests_failed++;
                if (!e->down) {
                        e->down = true;
                        e->st.outages++;
                        snprintf(e->why, sizeof(e->why), "%s", why);
                }
        } else {
                e->down = false;
        }
        pthread_mutex_unlock(&e->lock);
}

/* Deliver one batch: retry what the spec says to retry, within timeout_ms. */
static void send_batch(struct otlp_exporter *e, char **spans, size_t n)
{
        uint64_t deadline = mono_ms() + e->cfg.timeout_ms;
        long backoff = BACKOFF_FIRST_MS;
        char *body;
        size_t len;
        char why[256] = "";
        enum outcome o = FAILED;
        uint64_t rejected = 0;
        unsigned unreachable_attempts = 0;

        if (join_body(e->prefix, spans, n, &body, &len) < 0) {
                pthread_mutex_lock(&e->lock);
                e->st.dropped_failed += n;
                pthread_mutex_unlock(&e->lock);
                return;
        }
        for (;;) {
                struct response resp = {.retry_after_ms = -1};
                uint64_t now = mono_ms();
                if (now >= deadline)
                        break;
                bool unreachable = false;
                o = post(e, body, len, (long)(deadline - now), &resp, why, sizeof(why), &rejected,
                         &unreachable);
                free(resp.buf);
                if (o == SENT || o == STOPPED)
                        break;
                note_state(e, false, why);
                if (o == FAILED)
                        break;
                if (unreachable) {
                        pthread_mutex_lock(&e->lock);
                        bool flushing = e->flushers > 0;
                        pthread_mutex_unlock(&e->lock);
                        if (flushing && ++unreachable_attempts >= FLUSH_CONNECT_ATTEMPTS)
                                break;
                }
                long wait = resp.retry_after_ms >= 0 ? resp.retry_after_ms : backoff;
                backoff = MIN(backoff * 2, BACKOFF_MAX_MS);
                now = mono_ms();
                if (now + (uint64_t)wait >= deadline)
                        break;
                /* sleep, but wake for a stop */
                struct timespec ts;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                ts.tv_sec += wait / 1000;
                ts.tv_nsec += (wait % 1000) * 1000000L;
                if (ts.tv_nsec >= 1000000000L)
                        ts.tv_sec++, ts.tv_nsec -= 1000000000L;
                pthread_mutex_lock(&e->lock);
                while (!e->stop && pthread_cond_timedwait(&e->wake, &e->lock, &ts) != ETIMEDOUT)
                        ;
                bool stop = e->stop;
                pthread_mutex_unlock(&e->lock);
                if (stop) {
                        o = STOPPED;
                        break;
                }
        }
        free(body);
        if (o == SENT)
                note_state(e, true, NULL);
        pthread_mutex_lock(&e->lock);
        if (o == SENT) {
                rejected = MIN(rejected, (uint64_t)n);
                e->st.spans_sent += n - rejected;
                e->st.dropped_rejected += rejected;
        } else if (o == STOPPED) {
                e->st.dropped_shutdown += n;
        } else {
                e->st.dropped_failed += n;
        }
        pthread_mutex_unlock(&e->lock);
}

/* ---- the sender thread ---- */

static void *sender(void *arg)
{
        struct otlp_exporter *e = arg;
        char **batch = calloc(e->cfg.max_batch, sizeof(*batch));

        pthread_mutex_lock(&e->lock);
        while (batch && !e->stop) {
                uint64_t now = now_monotonic_ns();
                uint64_t due = e->first_ns + (uint64_t)e->cfg.delay_ms * 1000000ULL;
                if (!e->len || (e->len < e->cfg.max_batch && !e->flushers && now < due)) {
                        if (!e->len) {
                                pthread_cond_wait(&e->wake, &e->lock);
                        } else {
                                struct timespec ts;
                                uint64_t wait = due - now;
                                clock_gettime(CLOCK_MONOTONIC, &ts);
                                ts.tv_sec += (time_t)(wait / 1000000000ULL);
                                ts.tv_nsec += (long)(wait % 1000000000ULL);
                                if (ts.tv_nsec >= 1000000000L)
                                        ts.tv_sec++, ts.tv_nsec -= 1000000000L;
                                pthread_cond_timedwait(&e->wake, &e->lock, &ts);
                        }
                        continue;
                }
                size_t n = MIN(e->len, (size_t)e->cfg.max_batch);
                for (size_t i = 0; i < n; i++) {
                        batch[i] = e->queue[e->head];
                        e->head = (e->head + 1) % e->cfg.max_queue;
                }
                e->len -= n;
                e->inflight = n;
                e->first_ns = now;
                pthread_mutex_unlock(&e->lock);

                send_batch(e, batch, n);
                for (size_t i = 0; i < n; i++)
                        free(batch[i]);

                pthread_mutex_lock(&e->lock);
                e->inflight = 0;
                pthread_cond_broadcast(&e->idle);
        }
        pthread_cond_broadcast(&e->idle);
        pthread_mutex_unlock(&e->lock);
        free(batch);
        return NULL;
}

int otlp_exporter_new(const struct otlp_config *c, struct otlp_exporter **ret)
{
        struct otlp_exporter *e;
        pthread_condattr_t ca;
        char line[OTLP_MAX_KV_TEXT + 300];
        int r;

        if (!c->endpoint || !c->max_queue || !c->max_batch)
                return -EINVAL;
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
                return -EIO;
        e = calloc(1, sizeof(*e));
        if (!e)
                return -ENOMEM;
        pthread_mutex_init(&e->lock, NULL);
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&e->wake, &ca);
        pthread_cond_init(&e->idle, &ca);
        pthread_condattr_destroy(&ca);
        r = otlp_config_copy(&e->cfg, c);
        if (r < 0) {
                free(e);
                return r;
        }
        e->queue = calloc(e->cfg.max_queue, sizeof(*e->queue));
        e->prefix = body_prefix(&e->cfg);
        e->multi = curl_multi_init();
        e->curl = curl_easy_init();
        if (!e->queue || !e->prefix || !e->multi || !e->curl) {
                r = -ENOMEM;
                goto fail;
        }
        e->headers = curl_slist_append(NULL, "Content-Type: application/json");
        /* no "Expect: 100-continue" round trip for large bodies */
        e->headers = curl_slist_append(e->headers, "Expect:");
        for (size_t i = 0; e->headers && i < e->cfg.nheaders; i++) {
                snprintf(line, sizeof(line), "%s: %s", e->cfg.headers[i].key,
                         e->cfg.headers[i].value);
                struct curl_slist *l = curl_slist_append(e->headers, line);
                if (!l) {
                        r = -ENOMEM;
                        goto fail;
                }
                e->headers = l;
        }
        if (!e->headers) {
                r = -ENOMEM;
                goto fail;
        }
        curl_easy_setopt(e->curl, CURLOPT_URL, e->cfg.endpoint);
        curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, e->headers);
        curl_easy_setopt(e->curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e->curl, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e->curl, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(e->curl, CURLOPT_USERAGENT, "renacer/" RENACER_VERSION);
        curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(e->curl, CURLOPT_HEADERFUNCTION, on_header);
        r = -pthread_create(&e->thread, NULL, sender, e);
        if (r < 0)
                goto fail;
        e->started = true;
        *ret = e;
        return 0;
fail:
        otlp_exporter_free(e);
        return r;
}

void otlp_exporter_free(struct otlp_exporter *e)
{
        if (!e)
                return;
        if (e->started) {
                pthread_mutex_lock(&e->lock);
                e->stop = true;
                pthread_cond_broadcast(&e->wake);
                pthread_mutex_unlock(&e->lock);
                pthread_join(e->thread, NULL);
        }
        for (size_t i = 0; i < e->len; i++)
                free(e->queue[(e->head + i) % e->cfg.max_queue]);
        e->st.dropped_shutdown += e->len;
        free(e->queue);
        free(e->prefix);
        curl_slist_free_all(e->headers);
        if (e->curl)
                curl_easy_cleanup(e->curl);
        if (e->multi)
                curl_multi_cleanup(e->multi);
        otlp_config_free(&e->cfg);
        pthread_cond_destroy(&e->wake);
        pthread_cond_destroy(&e->idle);
        pthread_mutex_destroy(&e->lock);
        free(e);
}

int otlp_exporter_enqueue(struct otlp_exporter *e, char *span)
{
        int r = 0;

        if (!e || !span) {
                free(span);
                return -EINVAL;
        }
        pthread_mutex_lock(&e->lock);
        if (e->len == e->cfg.max_queue || e->stop) {
                e->st.dropped_queue_full++;
                r = -ENOBUFS;
        } else {
                if (!e->len)
                        e->first_ns = now_monotonic_ns();
                e->queue[(e->head + e->len) % e->cfg.max_queue] = span;
                e->len++;
                span = NULL;
                if (e->len >= e->cfg.max_batch || e->len == 1)
                        pthread_cond_signal(&e->wake);
        }
        pthread_mutex_unlock(&e->lock);
        free(span);
        return r;
}

void otlp_exporter_emit(void *exporter, char *span_json)
{
        otlp_exporter_enqueue(exporter, span_json);
}

int otlp_exporter_flush(struct otlp_exporter *e, unsigned timeout_ms)
{
        struct timespec ts;
        int r = 0;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += timeout_ms / 1000;
        ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L)
                ts.tv_sec++, ts.tv_nsec -= 1000000000L;
        pthread_mutex_lock(&e->lock);
        e->flushers++;
        pthread_cond_broadcast(&e->wake);
        while ((e->len || e->inflight) && !e->stop)
                if (pthread_cond_timedwait(&e->idle, &e->lock, &ts) == ETIMEDOUT) {
                        r = e->len || e->inflight ? -ETIMEDOUT : 0;
                        break;
                }
        e->flushers--;
        pthread_mutex_unlock(&e->lock);
        return r;
}

void otlp_exporter_stats(struct otlp_exporter *e, struct otlp_stats *ret)
{
        pthread_mutex_lock(&e->lock);
        *ret = e->st;
        ret->queued = e->len + e->inflight;
        pthread_mutex_unlock(&e->lock);
}

const char *otlp_exporter_endpoint(const struct otlp_exporter *e)
{
        return e->cfg.endpoint;
}

int otlp_exporter_poll_outage(struct otlp_exporter *e, bool *ret_down, char *why, size_t len)
{
        int r = 0;

        pthread_mutex_lock(&e->lock);
        if (e->st.outages != e->reported_outages) {
                e->reported_outages = e->st.outages;
                e->report_recovery = true;
                *ret_down = true;
                snprintf(why, len, "%s", e->why);
                r = 1;
        } else if (e->report_recovery && !e->down) {
                e->report_recovery = false;
                *ret_down = false;
                why[0] = '\0';
                r = 1;
        }
        pthread_mutex_unlock(&e->lock);
        return r;
}
