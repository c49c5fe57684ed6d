// SPDX-License-Identifier: MIT
/* `renacerctl run -- CMD` and `renacerctl trace --pid PID`. */
#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "flight-cli.h"
#include "otlp-run.h"
#include "policy-run.h"
#include "trace-job.h"
#include "tracing.h"
#include "util.h"

extern char **environ;

/* Find CMD as a shell would: a name with a slash is taken as is, otherwise
 * PATH is searched. Returns 0, or 127 (not found) / 126 (not executable)
 * after printing why. */
static int resolve_command(const char *cmd, char *out, size_t outlen)
{
        const char *path = getenv("PATH");
        bool denied = false;
        struct stat st;

        if (strchr(cmd, '/')) {
                if (stat(cmd, &st) < 0) {
                        fprintf(stderr, "renacerctl: %s: %s\n", cmd, strerror(errno));
                        return errno == ENOENT || errno == ENOTDIR ? 127 : 126;
                }
                if (S_ISDIR(st.st_mode) || access(cmd, X_OK) < 0) {
                        fprintf(stderr, "renacerctl: %s: %s\n", cmd,
                                S_ISDIR(st.st_mode) ? "Is a directory" : strerror(EACCES));
                        return 126;
                }
                snprintf(out, outlen, "%s", cmd);
                return 0;
        }
        if (!*cmd) {
                fprintf(stderr, "renacerctl: '': command not found\n");
                return 127;
        }
        for (const char *p = path && *path ? path : "/usr/local/bin:/usr/bin:/bin"; p;) {
                const char *colon = strchr(p, ':');
                size_t dlen = colon ? (size_t)(colon - p) : strlen(p);
                if (snprintf(out, outlen, "%.*s%s%s", (int)dlen, p, dlen ? "/" : "", cmd) <
                    (int)outlen) {
                        if (stat(out, &st) == 0 && S_ISREG(st.st_mode)) {
                                if (access(out, X_OK) == 0)
                                        return 0;
                                denied = true;
                        }
                }
                p = colon ? colon + 1 : NULL;
        }
        fprintf(stderr, "renacerctl: %s: %s\n", cmd,
                denied ? "Permission denied" : "command not found");
        return denied ? 126 : 127;
}

static int block_signals(sigset_t *old)
{
        sigset_t mask;

        sigemptyset(&mask);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGHUP);
        sigaddset(&mask, SIGQUIT);
        sigprocmask(SIG_BLOCK, &mask, old);
        signal(SIGPIPE, SIG_IGN);
        return signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* Fork the command, held before execve until the parent writes to the
 * pipe. Its signal mask is restored so it runs as if started directly. */
static int resolve_user(const char *user, struct run_as *ret)
{
        struct passwd *pw;

        ret->set = false;
        if (!user)
                return 0;
        if (geteuid() != 0) {
                fprintf(stderr, "renacerctl: -u needs root (it changes the command's user)\n");
                return -EPERM;
        }
        errno = 0;
        pw = getpwnam(user);
        if (!pw) {
                char *end;
                unsigned long v = strtoul(user, &end, 10);
                if (*user && !*end && (pw = getpwuid((uid_t)v)) == NULL) {
                        /* a bare number is taken as a uid, as strace does */
                        ret->set = true;
                        ret->uid = (uid_t)v;
                        ret->gid = (gid_t)v;
                        ret->name[0] = '\0';
                        return 0;
                }
        }
        if (!pw) {
                fprintf(stderr, "renacerctl: invalid -u '%s': no such user\n", user);
                return -ENOENT;
        }
        ret->set = true;
        ret->uid = pw->pw_uid;
        ret->gid = pw->pw_gid;
        snprintf(ret->name, sizeof(ret->name), "%s", pw->pw_name);
        return 0;
}

/* -E VAR=VAL / -E VAR, in the order given (strace's -E). */
static void apply_env(const struct trace_opts *o)
{
        for (size_t i = 0; i < o->nenv; i++) {
                char *eq = strchr(o->env_ops[i], '=');
                if (eq) {
                        *eq = '\0';
                        setenv(o->env_ops[i], eq + 1, 1);
                        *eq = '=';
                } else {
                        unsetenv(o->env_ops[i]);
                }
        }
}

static pid_t spawn_held(const char *path, char **argv, const sigset_t *mask, int *release_fd,
                        const struct trace_opts *o, const struct run_as *as)
{
        int p[2];
        pid_t pid;

        if (pipe2(p, O_CLOEXEC) < 0)
                return -errno;
        pid = fork();
        if (pid < 0) {
                int r = -errno;
                close(p[0]);
                close(p[1]);
                return r;
        }
        if (pid == 0) {
                char go;
                signal(SIGPIPE, SIG_DFL);
                sigprocmask(SIG_SETMASK, mask, NULL);
                close(p[1]);
                apply_env(o);
                /* EOF: the parent gave up before tracing started */
                if (read(p[0], &go, 1) != 1)
                        _exit(127);
                /* -u: the session traces nothing but execve until the exec,
                 * so these calls stay out of the trace, as under strace */
                if (as->set &&
                    ((as->name[0] ? initgroups(as->name, as->gid) : setgroups(0, NULL)) < 0 ||
                     setgid(as->gid) < 0 || setuid(as->uid) < 0)) {
                        fprintf(stderr, "renacerctl: cannot become user %u: %s\n",
                                (unsigned)as->uid, strerror(errno));
                        _exit(126);
                }
                execve(path, argv, environ);
                fprintf(stderr, "renacerctl: cannot execute %s: %s\n", path, strerror(errno));
                _exit(errno == ENOENT ? 127 : 126);
        }
        close(p[0]);
        *release_fd = p[1];
        return pid;
}

/* The renderer has one record hook: pass each record to every consumer. */
struct job_hooks {
        struct policy_run *policy;
        struct otlp_run *otlp;
};

static void job_record(void *ctx, const void *rec, size_t len)
{
        struct job_hooks *h = ctx;

        if (h->policy)
                policy_run_record(h->policy, rec, len);
        if (h->otlp)
                otlp_run_record(h->otlp, rec, len);
}

static bool no_daemon(int r)
{
        return r == -ENOENT || r == -ECONNREFUSED || r == -ENOTSOCK || r == -ENOTDIR;
}

int trace_job_run(struct trace_job *j)
{
        const struct trace_opts *o = j->o;
        struct tracing t = {.o = o, .out = j->out, .release_fd = -1, .signal_fd = -1};
        bool is_run = o->command != NULL;
        char path[4096];
        sigset_t oldmask;
        pid_t child = 0;
        int r, code, status;

        struct policy_run *policy = NULL;
        struct policy_verdicts verdicts = {0};
        struct flight_cli *flight = NULL;
        struct otlp_run *otlp = NULL;
        struct job_hooks hooks = {0};

        summary_init(&j->res.summary);
        j->res.wait_status = -1;
        if (o->policy && policy_run_open(o->policy, &policy) < 0)
                return 2;
        if (o->otlp && otlp_run_open(o, &otlp) < 0) {
                policy_run_free(policy);
                return 2;
        }
        if (is_run && (code = resolve_command(o->command[0], path, sizeof(path))) != 0) {
                policy_run_free(policy);
                otlp_run_free(otlp);
                return code;
        }
        t.res.wait_status = -1;
        summary_init(&t.res.summary);
        t.signal_fd = block_signals(&oldmask);
        if (t.signal_fd < 0) {
                fprintf(stderr, "renacerctl: signalfd: %s\n", strerror(errno));
                return 1;
        }
        hooks.policy = policy;
        hooks.otlp = otlp;
        if (o->flight_recorder)
                r = flight_cli_open(o, policy || otlp ? job_record : NULL, &hooks, &flight,
                                    &t.rend);
        else
                r = renderer_new(o, j->out, &t.rend);
        if (r < 0) {
                fprintf(stderr, "renacerctl: %s\n", strerror(-r));
                code = 1;
                goto fail;
        }
        if (!is_run) {
                long tasks = 0;
                for (size_t i = 0; i < o->npids; i++)
                        tasks += o->one_task ? 1 : tracing_count_tasks(o->pids[i]);
                renderer_set_tasks(t.rend, tasks);
        }
        if (j->observer)
                renderer_set_observer(t.rend, j->observer, j->observer_ctx);
        if ((policy || otlp) && !flight)
                renderer_set_record_hook(t.rend, job_record, &hooks);
        if (is_run) {
                child = spawn_held(path, o->command, &oldmask, &t.release_fd, o, &j->run_as);
                if (child < 0) {
                        fprintf(stderr, "renacerctl: cannot fork: %s\n", strerror(-child));
                        code = 1;
                        goto fail;
                }
                t.pid = child;
        } else {
                t.pid = o->pid;
        }
        /* the sender thread starts after the fork: the child execs from a
         * single-threaded process */
        if (otlp && otlp_run_start(otlp, t.pid, o->command) < 0) {
                code = 1;
                goto fail;
        }

        r = tracing_via_daemon(&t);
        if (no_daemon(r) && !t.started) {
                if (geteuid() != 0) {
                        fprintf(stderr,
                                "renacerctl: cannot reach renacerd at %s: %s (start it with "
                                "'systemctl start renacerd', or run renacerctl as root to trace "
                                "without it)\n",
                                o->socket, strerror(-r));
                } else {
                        fprintf(stderr,
                                "renacerctl: renacerd is not running (%s); tracing "
                                "in-process\n",
                                o->socket);
                        r = tracing_in_process(&t);
                }
        } else if (r == -EACCES && !t.started) {
                fprintf(stderr,
                        "renacerctl: permission denied on %s (join the 'renacer' group to use "
                        "renacerd)\n",
                        o->socket);
        }
        if (!t.started) {
                code = 1;
                goto fail;
        }
        if (child > 0) {
                while (waitpid(child, &status, 0) < 0 && errno == EINTR)
                        ;
                t.res.wait_status = status;
                child = 0;
        }
        if (policy && r >= 0) {
                int pr = policy_run_evaluate(policy, &t.res, &verdicts);
                if (pr < 0) {
                        fprintf(stderr, "renacerctl: cannot evaluate %s: %s\n", o->policy,
                                strerror(-pr));
                        r = pr;
                } else {
                        policy_verdicts_to_json(&verdicts, &t.res.verdicts);
                }
        }
        otlp_run_finish(otlp, &t.res, o->policy, policy && r >= 0 ? &verdicts : NULL);
        int fr = renderer_finish(t.rend, &t.res);
        if (fr < 0 && r >= 0) {
                const char *why = output_error_reason(j->out);
                fprintf(stderr, "renacerctl: cannot write the trace: %s\n",
                        why ? why : strerror(-fr));
                r = fr;
        }
        if (t.res.events_lost)
                fprintf(stderr,
                        "renacer: %llu events lost (ring buffer full); summary counts are "
                        "exact\n",
                        (unsigned long long)t.res.events_lost);
        if (t.res.client_lost)
                fprintf(stderr,
                        "renacer: %llu events lost (renacerctl read too slowly); summary "
                        "counts are exact\n",
                        (unsigned long long)t.res.client_lost);
        if (t.res.lifecycle_lost)
                fprintf(stderr,
                        "renacer: %llu process records (fork, exec, exit) lost (renacerctl read "
                        "too slowly): some processes' starts or ends are missing from the "
                        "trace\n",
                        (unsigned long long)t.res.lifecycle_lost);
        if (t.res.kernel_lifecycle_lost)
                fprintf(stderr,
                        "renacer: %llu process lifecycle records lost (ring buffer full): "
                        "some fork, exec or exit lines are missing\n",
                        (unsigned long long)t.res.kernel_lifecycle_lost);
        code = is_run ? exit_code_of(t.res.wait_status) : 0;
        if (policy && r >= 0) {
                /* the verdicts end the output, one line per assertion */
                renderer_flush(t.rend);
                policy_verdicts_render_text(&verdicts, stderr);
                if (policy_failed(&verdicts))
                        code = EXIT_POLICY_FAILED;
        }
        if (flight && r >= 0) {
                char why[96] = "";
                int st = t.res.wait_status;
                bool violated = false;
                for (size_t i = 0; i < verdicts.n; i++)
                        violated |= verdicts.v[i].violated;
                if (is_run && WIFSIGNALED(st))
                        snprintf(why, sizeof(why), "the command was killed by SIG%s",
                                 sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?");
                else if (is_run && exit_code_of(st) != 0)
                        snprintf(why, sizeof(why), "the command exited with %d", exit_code_of(st));
                else if (violated)
                        snprintf(why, sizeof(why), "a policy assertion was violated");
                if (why[0]) {
                        int fr2 = flight_cli_dump(flight, o, j->out, &t.res, why);
                        if (fr2 < 0) {
                                fprintf(stderr, "renacerctl: cannot write the trace: %s\n",
                                        strerror(-fr2));
                                r = fr2;
                        }
                } else {
                        j->flight_discarded = true;
                }
        }
        j->traced = r >= 0;
        if (r < 0 && code == 0)
                code = 1;
        summary_free(&j->res.summary);
        j->res = t.res;
        summary_init(&t.res.summary);
        goto done;
fail:
        if (child > 0) {
                /* never started: the held child must not run untraced */
                kill(child, SIGKILL);
                while (waitpid(child, &status, 0) < 0 && errno == EINTR)
                        ;
        }
done:
        policy_verdicts_free(&verdicts);
        policy_run_free(policy);
        otlp_run_free(otlp);
        json_object_put(t.res.verdicts);
        j->res.verdicts = NULL;
        if (t.release_fd >= 0)
                close(t.release_fd);
        renderer_free(t.rend);
        flight_cli_free(flight);
        summary_free(&t.res.summary);
        close(t.signal_fd);
        sigprocmask(SIG_SETMASK, &oldmask, NULL);
        return code;
}

static int trace_main(int argc, char **argv, bool is_run)
{
        struct trace_opts o;
        struct output out;
        struct trace_job j = {.o = &o, .out = &out};
        int code;

        code = trace_opts_parse(argc, argv, is_run, &o);
        if (code != 0) {
                trace_opts_free(&o);
                return code < 0 ? 2 : 0;
        }
        if (is_run) {
                struct run_as as;
                if (resolve_user(o.user, &as) < 0) {
                        trace_opts_free(&o);
                        return 2;
                }
                j.run_as = as;
        }
        /* created at once and written as lines come, as strace does */
        if (output_open(&out, o.output, o.per_task) < 0) {
                trace_opts_free(&o);
                return 1;
        }
        code = trace_job_run(&j);
        /* --flight-recorder and a run that went well: no file of ours */
        if (j.flight_discarded)
                output_discard(&out);
        output_close(&out);
        summary_free(&j.res.summary);
        trace_opts_free(&o);
        return code;
}

int cmd_run(int argc, char **argv)
{
        return trace_main(argc, argv, true);
}

int cmd_trace(int argc, char **argv)
{
        return trace_main(argc, argv, false);
}
