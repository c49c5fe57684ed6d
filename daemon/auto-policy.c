// SPDX-License-Identifier: MIT
/*
 * Daemon-wide policies: the YAML files of /etc/renacer/policies, re-read all or
 * nothing on SIGHUP and `renacerctl reload`. Policies with a match:
 * selector apply to every matching process on the host from its execve:
 * the kernel opens a provisional auto-session at every exec while such
 * policies exist, and this file adopts the matching ones and drops the
 * rest. When an adopted tree exits, its policy is evaluated and every
 * violation is logged as one line and counted in the metrics.
 */
#include <errno.h>
#include <sys/epoll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "daemon-session.h"
#include "daemon.h"
#include "flight-save.h"
#include "log.h"
#include "metrics.h"
#include "otlp-trace.h"
#include "policy-checker.h"
#include "util.h"

struct auto_check {
        /* the policy (a private copy: a reload may free the set) and what
         * it measures, as for `renacerctl run --policy` */
        struct policy_checker check;
        char exe[256];
        struct flight_ring flight; /* the policy's flight_recorder, if any */
        struct otlp_trace *otlp;   /* NULL: no OTLP export */
};

static bool any_match(const struct policy_set *set)
{
        for (size_t i = 0; set && i < set->n; i++)
                if (set->policies[i]->has_match)
                        return true;
        return false;
}

static void apply(struct daemon *d, struct policy_set *set)
{
        policy_set_free(d->policies);
        d->policies = set;
        metrics_policies_loaded(d, set, true);
        int r = engine_set_auto_track(d->engine, any_match(set));
        if (r < 0)
                log_error("cannot attach the syscall programs for daemon-wide policies: %s",
                          strerror(-r));
}

int daemon_policies_load(struct daemon *d)
{
        struct policy_set *set = NULL;
        char err[512];
        int r;

        if (!d->cfg.policy_dir || access(d->cfg.policy_dir, F_OK) != 0) {
                if (d->cfg.policy_dir)
                        log_info("no policy directory %s: no daemon-wide policies",
                                 d->cfg.policy_dir);
                apply(d, NULL);
                return 0;
        }
        r = policy_set_load_dir(d->cfg.policy_dir, &set, err, sizeof(err));
        if (r == 0 && (r = policy_set_resolve_cgroups(set, err, sizeof(err))) < 0)
                policy_set_free(set);
        if (r < 0) {
                log_error("%s", err);
                return r;
        }
        log_info("loaded %zu policies from %s", set->n, d->cfg.policy_dir);
        apply(d, set);
        return 0;
}

int daemon_policies_reload(struct daemon *d, char *err, size_t errlen)
{
        struct policy_set *set = NULL;
        int r;

        if (!d->cfg.policy_dir || access(d->cfg.policy_dir, F_OK) != 0) {
                snprintf(err, errlen, "policy directory %s does not exist",
                         d->cfg.policy_dir ? d->cfg.policy_dir : "(none)");
                metrics_policies_loaded(d, NULL, false);
                return -ENOENT;
        }
        /* all or nothing: the set in force stays unless every file parses */
        r = policy_set_load_dir(d->cfg.policy_dir, &set, err, errlen);
        if (r == 0 && (r = policy_set_resolve_cgroups(set, err, errlen)) < 0)
                policy_set_free(set);
        if (r < 0) {
                log_error("reload failed, keeping %zu policies: %s",
                          d->policies ? d->policies->n : 0, err);
                metrics_policies_loaded(d, NULL, false);
                return r;
        }
        log_info("reloaded %zu policies from %s", set->n, d->cfg.policy_dir);
        apply(d, set);
        return (int)set->n;
}

void daemon_on_orphan(void *ctx, const void *rec, size_t len)
{
        struct daemon *d = ctx;
        const struct renacer_exec_event *ee = rec;
        const struct renacer_proc_event *pe = &ee->p;
        const struct policy *p;
        struct daemon_session *ds = NULL;
        struct auto_check *ac;
        struct session_info si;
        struct session *s;
        char comm[17], err[512];

        if (pe->hdr.kind != RENACER_EV_EXEC || len < sizeof(*ee))
                return;
        memcpy(comm, pe->comm, 16);
        comm[16] = '\0';
        ac = calloc(1, sizeof(*ac));
        if (!ac)
                return; /* not adopted: the engine lets it go */
        /* everything to match on is in the record: the process may be gone */
        memcpy(ac->exe, ee->path, MIN((size_t)pe->path_len, sizeof(ac->exe) - 1));
        /* the cgroup by the id in the record: the process may be gone */
        const char *cgroup = NULL;
        if (policy_set_wants_cgroup(d->policies) &&
            (d->cgroup_names || cgroup_names_new(&d->cgroup_names) == 0))
                cgroup = cgroup_names_lookup(d->cgroup_names, ee->cgroup_id);
        p = policy_set_match_in(d->policies, ac->exe, comm, pe->uid, cgroup);
        if (!p || policy_checker_load(&ac->check, p->file, err, sizeof(err)) < 0 ||
            engine_session_adopt(d->engine, rec, len, &s) < 0) {
                policy_checker_free(&ac->check);
                free(ac);
                return; /* not adopted: the engine lets it go */
        }
        ds = daemon_session_new(s);
        if (!ds) {
                policy_checker_free(&ac->check);
                free(ac);
                engine_session_remove(d->engine, s);
                return;
        }
        if (ac->check.policy->flight_recorder &&
            flight_ring_init(&ac->flight, ac->check.policy->flight_recorder) < 0)
                log_warning("auto-session %u: no memory for a %zu-byte flight recorder",
                            pe->hdr.session_id, ac->check.policy->flight_recorder);
        ds->check = ac;
        session_info(s, &si);
        if (si.pidfd >= 0)
                loop_add(d->loop, si.pidfd, EPOLLIN, daemon_on_pidfd, d);
        loop_timer_enable(d->loop, d->consume_timer, true);
        log_info("auto-session %u: pid %u exe %s matches policy %s", si.id, pe->hdr.tgid, ac->exe,
                 ac->check.policy->file);
        ac->otlp = daemon_otlp_session(d, &si, ac->check.policy, ac->exe, pe->hdr.ts_ns);
}

static struct auto_check *check_of(const struct session *s)
{
        struct daemon_session *ds = daemon_session_of(s);

        return ds ? ds->check : NULL;
}

void daemon_auto_record(struct daemon *d, struct session *s, const void *rec, size_t len)
{
        struct auto_check *ac = check_of(s);

        (void)d;
        if (!ac)
                return;
        policy_checker_feed(&ac->check, s, rec, len);
        otlp_trace_record(ac->otlp, rec, len);
        flight_ring_push(&ac->flight, rec, len);
}

/* The recording of a tree that violated its policy, beside the log line. */
static void save_flight(struct daemon *d, struct auto_check *ac, const struct session_info *s,
                        const struct policy_verdicts *v)
{
        char *header = NULL, path[4096], line[512];
        size_t hlen = 0;
        FILE *h = open_memstream(&header, &hlen);
        int r;

        if (!h) {
                metrics_count_flight_recording(d, false);
                return;
        }
        fprintf(h, "# renacer flight recording: pid %d exe %s policy %s\n", (int)s->root, ac->exe,
                ac->check.policy->file);
        for (size_t i = 0; i < v->n; i++) {
                if (v->v[i].status == POLICY_PASS)
                        continue;
                policy_verdict_format(&v->v[i], line, sizeof(line));
                fprintf(h, "# %s\n", line);
        }
        fprintf(h, "# the last %zu records (%zu of %zu bytes)", ac->flight.n, ac->flight.used,
                ac->flight.cap);
        if (ac->flight.overwritten)
                fprintf(h, ", %llu earlier ones overwritten",
                        (unsigned long long)ac->flight.overwritten);
        fputc('\n', h);
        fclose(h);
        r = flight_save(d->cfg.flight_dir, &ac->flight, header, s->root, s->id, path, sizeof(path));
        free(header);
        metrics_count_flight_recording(d, r == 0);
        if (r < 0)
                log_error("policy violation: pid %d policy %s: cannot save the flight recording in "
                          "%s: %s",
                          (int)s->root, ac->check.policy->file, d->cfg.flight_dir, strerror(-r));
        else
                log_warning("policy violation: pid %d policy %s: flight recording saved to %s "
                            "(%zu records)",
                            (int)s->root, ac->check.policy->file, path, ac->flight.n);
}

void daemon_auto_complete(struct daemon *d, struct session *ses, const struct summary *sum)
{
        struct auto_check *ac = check_of(ses);
        struct policy_verdicts v = {0};
        struct session_info si, *s = &si;
        char line[512];
        bool violated = false;

        if (!ac)
                return;
        session_info(ses, &si);
        if (policy_checker_evaluate(&ac->check, si.wall_ns, sum, &v) < 0) {
                log_warning("auto-session %u: cannot evaluate %s", s->id, ac->check.policy->file);
                daemon_otlp_session_end(d, ac->otlp, s, ac->check.policy, NULL, sum);
                return;
        }
        metrics_count_evaluation(d, ac->check.policy);
        for (size_t i = 0; i < v.n; i++) {
                if (v.v[i].status == POLICY_PASS)
                        continue;
                policy_verdict_format(&v.v[i], line, sizeof(line));
                /* one line: pid, exe, assertion, actual and budget */
                log_warning("policy violation: pid %d exe %s policy %s: %s", (int)s->root, ac->exe,
                            ac->check.policy->file, line);
                metrics_count_violation(d, ac->check.policy, v.v[i].name);
                violated = true;
        }
        if (violated && ac->flight.buf)
                save_flight(d, ac, s, &v);
        daemon_otlp_session_end(d, ac->otlp, s, ac->check.policy, &v, sum);
        policy_verdicts_free(&v);
}

void daemon_auto_free(struct session *s)
{
        struct daemon_session *ds = daemon_session_of(s);
        struct auto_check *ac = ds ? ds->check : NULL;

        if (!ac)
                return;
        flight_ring_free(&ac->flight);
        otlp_trace_free(ac->otlp);
        policy_checker_free(&ac->check);
        free(ac);
        ds->check = NULL;
}
