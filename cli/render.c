// SPDX-License-Identifier: MIT
#include "render.h"

#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "causal-graph.h"
#include "causal.h"
#include "decode.h"
#include "fd-path.h"
#include "output.h"
#include "siginfo.h"
#include "dumpio.h"
#include "renacer-event.h"
#include "syscall-names.h"
#include "stack-unwind.h"
#include "util.h"

#define OUT_FLUSH_AT (256u * 1024)
#define COLUMN_MAX   1000 /* -a N; strace aligns " = result" at 40 */
#define THREADS_MAX                                                                                \
        256 /* threads the exit lines are kept for (struct threads): a                             \
             * linear table, searched when the tid changes */

/* The threads (not the leaders) of the traced processes that have shown
 * themselves, by a call or a thread record, and not yet exited, and the
 * leaders whose exit line is out (gone). A process's EXIT can win the race
 * with its threads' own exits: two threads dying together may both see
 * signal->live at 0, and the one that reports the process gone ends the
 * session before the other's record. strace prints a line for every task,
 * so the renderer does: at the EXIT, one for each thread still here, with
 * the process's status. */
struct thread_ent {
        uint32_t tgid, tid;
        bool gone; /* a leader (tid == tgid) whose line is out */
};

struct threads {
        struct thread_ent *e;
        size_t n, cap;
        uint32_t last; /* the tid seen last: one compare per record */
        bool full;     /* THREADS_MAX reached: no more lines made up */
        /* the processes whose EXIT came last: a thread's own exit record
         * after it has had its line already */
        uint32_t dead[64];
        unsigned dead_next;
};

struct renderer {
        struct trace_opts o;
        struct output *out;
        int buf_fd; /* where the buffered bytes go (-ff: one task's file) */
        char *buf;
        size_t len, cap;
        struct decode_opts dopts;
        struct decoded dec;
        uint64_t events;
        long tasks;       /* live traced tasks, threads included */
        uint64_t last_ts; /* -r: when the previous line's call began */
        bool pid_column;  /* -f -o FILE: "PID " starts every line */
        bool json_first;  /* no syscall object written yet */
        long long mono_to_real_ns;
        int error;
        render_observer_fn observer;
        void *observer_ctx;
        render_record_hook_fn hook;
        void *hook_ctx;
        struct unwinder *unw; /* -k */
        struct stack_frame *frames;
        struct fdpath *fdp; /* -y, -yy */
        bool fd_tracked;    /* the record's fd changes are applied */
        /* --causal: records pass through the causal engine, which may
         * hold one until its cause arrives; note is the released one's */
        struct causal *causal;
        const struct causal_note *note;
        int causal_error;
        bool dumpio;        /* -e read=, -e write= */
        bool lines;         /* per-record output (not --critical-path, perfetto) */
        bool summary_table; /* -c or -C asked for the summary */
        bool keep_graph;    /* --critical-path, perfetto: keep every record */
        struct cgraph graph;
        struct threads threads;
};

static struct thread_ent *thread_find(struct threads *t, uint32_t tid)
{
        for (size_t i = 0; i < t->n; i++)
                if (t->e[i].tid == tid)
                        return &t->e[i];
        return NULL;
}

static void thread_add(struct threads *t, uint32_t tgid, uint32_t tid, bool gone)
{
        if (t->full || thread_find(t, tid))
                return;
        if (t->n == t->cap) {
                size_t cap = t->cap ? 2 * t->cap : 16;
                struct thread_ent *e;

                if (cap > THREADS_MAX || !(e = realloc(t->e, cap * sizeof(*e)))) {
                        t->full = true;
                        return;
                }
                t->e = e;
                t->cap = cap;
        }
        t->e[t->n++] = (struct thread_ent){tgid, tid, gone};
}

/* A record of tid: a thread not known yet joins the table. */
static void thread_seen(struct threads *t, uint32_t tgid, uint32_t tid)
{
        if (tid == t->last)
                return;
        t->last = tid;
        if (tid != tgid)
                thread_add(t, tgid, tid, false);
}

static void thread_forget(struct threads *t, uint32_t tgid)
{
        for (size_t i = 0; i < t->n;)
                if (t->e[i].tgid == tgid)
                        t->e[i] = t->e[--t->n];
                else
                        i++;
        t->last = 0;
}

static bool process_dead(const struct threads *t, uint32_t tgid)
{
        for (size_t i = 0; i < sizeof(t->dead) / sizeof(t->dead[0]); i++)
                if (t->dead[i] == tgid)
                        return true;
        return false;
}

static void thread_drop(struct threads *t, uint32_t tid)
{
        struct thread_ent *e = thread_find(t, tid);

        if (e)
                *e = t->e[--t->n];
        if (t->last == tid)
                t->last = 0;
}

/* A record's monotonic time as wall-clock nanoseconds. The time comes from
 * the record, so it may be anything: the sum wraps instead of overflowing. */
static long long real_ns(const struct renderer *r, uint64_t ts_ns)
{
        return (long long)(ts_ns + (uint64_t)r->mono_to_real_ns);
}

void renderer_set_record_hook(struct renderer *r, render_record_hook_fn fn, void *ctx)
{
        r->hook = fn;
        r->hook_ctx = ctx;
}

void renderer_set_observer(struct renderer *r, render_observer_fn fn, void *ctx)
{
        r->observer = fn;
        r->observer_ctx = ctx;
}

int exit_code_of(int st)
{
        if (st < 0)
                return -1;
        if (WIFEXITED(st))
                return WEXITSTATUS(st);
        if (WIFSIGNALED(st))
                return 128 + WTERMSIG(st);
        return 1;
}

static void flush(struct renderer *r)
{
        int e;

        if (r->len && !r->error && (e = output_write(r->out, r->buf_fd, r->buf, r->len)) < 0)
                r->error = e;
        r->len = 0;
}

/* -ff: the next line belongs to tid's file */
static void route(struct renderer *r, uint32_t tid)
{
        if (!r->out->per_task)
                return;
        int fd = output_fd_for(r->out, tid);
        if (fd != r->buf_fd) {
                flush(r);
                r->buf_fd = fd;
        }
        if (fd < 0 && !r->error)
                r->error = fd;
}

/* n (< 64) bytes from s to d: overlapping fixed-size moves, which the
 * compiler inlines, instead of a library call per piece of a line. Reads
 * and writes nothing outside [s, s+n) and [d, d+n). */
static inline void copy_short(char *d, const char *s, size_t n)
{
        uint64_t a, b;

        if (n >= 32) {
                uint64_t v[8];
                memcpy(v, s, 32);
                memcpy(v + 4, s + n - 32, 32);
                memcpy(d, v, 32);
                memcpy(d + n - 32, v + 4, 32);
        } else if (n >= 16) {
                uint64_t c, e;
                memcpy(&a, s, 8);
                memcpy(&b, s + 8, 8);
                memcpy(&c, s + n - 16, 8);
                memcpy(&e, s + n - 8, 8);
                memcpy(d, &a, 8);
                memcpy(d + 8, &b, 8);
                memcpy(d + n - 16, &c, 8);
                memcpy(d + n - 8, &e, 8);
        } else if (n >= 8) {
                memcpy(&a, s, 8);
                memcpy(&b, s + n - 8, 8);
                memcpy(d, &a, 8);
                memcpy(d + n - 8, &b, 8);
        } else if (n >= 4) {
                uint32_t x, y;
                memcpy(&x, s, 4);
                memcpy(&y, s + n - 4, 4);
                memcpy(d, &x, 4);
                memcpy(d + n - 4, &y, 4);
        } else if (n) {
                d[0] = s[0];
                d[n / 2] = s[n / 2];
                d[n - 1] = s[n - 1];
        }
}

static void put_slow(struct renderer *r, const char *s, size_t n);

/* Every piece of every line comes through here: the common case (a short
 * piece that fits) is inline. */
static inline void put(struct renderer *r, const char *s, size_t n)
{
        if (__builtin_expect(n < 64 && r->len + n <= r->cap, 1)) {
                copy_short(r->buf + r->len, s, n);
                r->len += n;
                return;
        }
        put_slow(r, s, n);
}

static void put_slow(struct renderer *r, const char *s, size_t n)
{
        if (r->len + n > r->cap) {
                flush(r);
                if (n > r->cap) {
                        int e;
                        if (!r->error && (e = output_write(r->out, r->buf_fd, s, n)) < 0)
                                r->error = e;
                        return;
                }
        }
        memcpy(r->buf + r->len, s, n);
        r->len += n;
}

static void puts_(struct renderer *r, const char *s)
{
        put(r, s, strlen(s));
}

/* v in decimal, padded with spaces to width: on the left as "%5u", on the
 * right as "%-5u" (left_align). Every line's pid and duration go here. */
static void put_u64_pad(struct renderer *r, uint64_t v, size_t width, bool left_align)
{
        char tmp[48];
        size_t i = 24, end = 24, n;

        do
                tmp[--i] = (char)('0' + v % 10);
        while (v /= 10);
        n = end - i;
        width = MIN(width, (size_t)20);
        if (n < width && left_align) {
                memset(tmp + end, ' ', width - n);
                end += width - n;
        } else if (n < width) {
                memset(tmp + i - (width - n), ' ', width - n);
                i -= width - n;
        }
        put(r, tmp + i, end - i);
}

/* "%0Nu" for the microsecond fields */
static void put_u64_zero(struct renderer *r, uint64_t v, size_t digits)
{
        char tmp[20];
        size_t i = sizeof(tmp);

        digits = MIN(digits, sizeof(tmp));
        while (i > sizeof(tmp) - digits || v) {
                tmp[--i] = (char)('0' + v % 10);
                v /= 10;
                if (!i)
                        break;
        }
        put(r, tmp + i, sizeof(tmp) - i);
}

__attribute__((format(printf, 2, 3))) static void putf(struct renderer *r, const char *fmt, ...)
{
        char tmp[512];
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
        va_end(ap);
        if (n > 0)
                put(r, tmp, MIN((size_t)n, sizeof(tmp) - 1));
}

static void put_json_string(struct renderer *r, const char *s, size_t n)
{
        static const char hex[] = "0123456789abcdef";

        put(r, "\"", 1);
        for (size_t i = 0; i < n; i++) {
                unsigned char ch = (unsigned char)s[i];
                if (ch == '"' || ch == '\\') {
                        char e[2] = {'\\', (char)ch};
                        put(r, e, 2);
                } else if (ch < 0x20 || ch >= 0x7f) {
                        char e[6] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
                        put(r, e, 6);
                } else {
                        put(r, (const char *)&ch, 1);
                }
        }
        put(r, "\"", 1);
}

static void render_released(void *ctx, const void *rec, size_t len, const struct causal_note *note);

int renderer_new(const struct trace_opts *o, struct output *out, struct renderer **ret)
{
        struct renderer *r = calloc(1, sizeof(*r));

        if (!r)
                return -ENOMEM;
        r->cap = OUT_FLUSH_AT;
        r->buf = malloc(r->cap);
        if (!r->buf) {
                free(r);
                return -ENOMEM;
        }
        r->o = *o;
        r->out = out;
        r->buf_fd = out->fd;
        r->tasks = 1;
        /* strace: with -o, -f (or several tasks at the start) puts the pid
         * first on every line; -ff files need none */
        r->pid_column = o->output && !out->per_task && o->follow;
        if (o->stack) {
                int e = unwinder_new((enum unwind_mode)o->stack_mode, o->stack > 1, &r->unw);
                r->frames = calloc(UNWIND_MAX_FRAMES, sizeof(*r->frames));
                if (e < 0 || !r->frames) {
                        unwinder_free(r->unw);
                        free(r->frames);
                        free(r->buf);
                        free(r);
                        return e < 0 ? e : -ENOMEM;
                }
        }
        if (o->decode_fds || o->npaths) {
                /* run's command inherits renacerctl's stdio */
                int e = fdpath_new(o->decode_fds, o->command != NULL, &r->fdp);
                if (e < 0) {
                        unwinder_free(r->unw);
                        free(r->frames);
                        free(r->buf);
                        free(r);
                        return e;
                }
        }
        r->summary_table = o->summary_only || o->summary_too;
        r->lines = !o->critical_path && o->format != FORMAT_PERFETTO;
        r->keep_graph = o->critical_path || o->format == FORMAT_PERFETTO;
        /* the report or timeline replaces the lines, as -c does */
        if (!r->lines)
                r->o.summary_only = true;
        cgraph_init(&r->graph, 0);
        if (o->causal) {
                int e = causal_new(NULL, render_released, r, &r->causal);
                if (e < 0) {
                        fdpath_free(r->fdp);
                        unwinder_free(r->unw);
                        free(r->frames);
                        free(r->buf);
                        free(r);
                        return e;
                }
        }
        r->dopts.strsize = o->strsize;
        r->dopts.strsize_given = true;
        r->dopts.hex = o->hex > 0 ? (unsigned)o->hex : 0;
        r->dumpio = o->format == FORMAT_TEXT &&
                    (dumpio_fds_any(&o->read_fds) || dumpio_fds_any(&o->write_fds));
        r->json_first = true;
        r->mono_to_real_ns = (long long)now_realtime_ns() - (long long)now_monotonic_ns();
        if (o->format == FORMAT_JSON)
                putf(r, "{\"version\":\"%s\",\"format\":\"renacer-json-v1\",\"syscalls\":[",
                     RENACER_VERSION);
        *ret = r;
        return 0;
}

void renderer_free(struct renderer *r)
{
        if (!r)
                return;
        causal_free(r->causal);
        cgraph_free(&r->graph);
        unwinder_free(r->unw);
        fdpath_free(r->fdp);
        free(r->threads.e);
        free(r->frames);
        free(r->buf);
        free(r);
}

uint64_t renderer_events(const struct renderer *r)
{
        return r->events;
}

/* strace's own messages ("Process N attached"): on stderr, in order with
 * the trace when the trace goes there too. */
__attribute__((format(printf, 2, 3))) static void note(struct renderer *r, const char *fmt, ...)
{
        char line[256];
        va_list ap;
        int n;

        va_start(ap, fmt);
        n = vsnprintf(line, sizeof(line), fmt, ap);
        va_end(ap);
        if (n <= 0)
                return;
        n = MIN(n, (int)sizeof(line) - 1);
        if (r->buf_fd == STDERR_FILENO && !r->out->per_task) {
                put(r, line, (size_t)n);
        } else {
                ssize_t w = write(STDERR_FILENO, line, (size_t)n);
                (void)w;
        }
}

void renderer_note_attached(struct renderer *r, uint32_t pid, long threads)
{
        if (r->o.quiet_attach || r->o.format != FORMAT_TEXT || r->o.summary_only)
                return;
        if (threads > 1)
                note(r, "renacer: Process %u attached with %ld threads\n", pid, threads);
        else
                note(r, "renacer: Process %u attached\n", pid);
}

void renderer_note_detached(struct renderer *r, uint32_t pid)
{
        if (r->o.quiet_attach || r->o.format != FORMAT_TEXT || r->o.summary_only)
                return;
        note(r, "renacer: Process %u detached\n", pid);
}

void renderer_set_tasks(struct renderer *r, long n)
{
        r->tasks = n > 0 ? n : 1;
        if (n > 1 && r->o.output && !r->out->per_task)
                r->pid_column = true;
}

bool renderer_holding(const struct renderer *r)
{
        return r->causal && causal_pending(r->causal) > 0;
}

int renderer_flush(struct renderer *r)
{
        /* records that waited long enough for a cause go without one */
        if (r->causal)
                causal_tick(r->causal, now_monotonic_ns());
        flush(r);
        return r->error ? r->error : r->causal_error;
}

/* Callers route(r, tid) first: the line must start in the right buffer.
 * ts_ns is when the call began (strace stamps a call at its entry). */
static void text_prefix(struct renderer *r, uint32_t tid, uint64_t ts_ns)
{
        if (r->pid_column) {
                put_u64_pad(r, tid, 5, true);
                put(r, " ", 1);
        } else if (r->tasks > 1 && !r->o.output) {
                put(r, "[pid ", 5);
                put_u64_pad(r, tid, 5, false);
                put(r, "] ", 2);
        }
        if (r->o.relative) {
                uint64_t d = r->last_ts && ts_ns > r->last_ts ? ts_ns - r->last_ts : 0;
                putf(r, "%6llu.%06llu ", (unsigned long long)(d / 1000000000ULL),
                     (unsigned long long)(d % 1000000000ULL) / 1000);
                r->last_ts = ts_ns;
        }
        if (r->o.timestamps) {
                long long real = real_ns(r, ts_ns);
                time_t sec = (time_t)(real / 1000000000LL);
                long usec = (long)(real % 1000000000LL) / 1000;
                struct tm tm;
                if (r->o.timestamps == 3) {
                        putf(r, "%lld.%06ld ", (long long)sec, usec);
                } else {
                        char hms[16];
                        localtime_r(&sec, &tm);
                        strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
                        if (r->o.timestamps == 2)
                                putf(r, "%s.%06ld ", hms, usec);
                        else
                                putf(r, "%s ", hms);
                }
        }
}

/* One byte of a C-escaped string as the decoder wrote it (strace's
 * escapes: \t \n \v \f \r \\ \" and octal); *p moves past it. */
static unsigned char unescape_one(const char **p, const char *end)
{
        const char *s = *p;

        if (*s != '\\' || s + 1 >= end) {
                *p = s + 1;
                return (unsigned char)*s;
        }
        s++;
        unsigned char c;
        switch (*s) {
        case 't':
                c = '\t';
                break;
        case 'n':
                c = '\n';
                break;
        case 'v':
                c = '\v';
                break;
        case 'f':
                c = '\f';
                break;
        case 'r':
                c = '\r';
                break;
        case 'x': {
                unsigned v = 0;
                int k = 0;
                for (s++; k < 2 && s < end && strchr("0123456789abcdefABCDEF", *s) && *s; k++, s++)
                        v = v * 16 + (unsigned)(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
                *p = s;
                return (unsigned char)v;
        }
        default:
                if (*s >= '0' && *s <= '7') {
                        unsigned v = 0;
                        for (int k = 0; k < 3 && s < end && *s >= '0' && *s <= '7'; k++, s++)
                                v = v * 8 + (unsigned)(*s - '0');
                        *p = s;
                        return (unsigned char)v;
                }
                c = (unsigned char)*s;
        }
        *p = s + 1;
        return c;
}

/* -x/-xx: the quoted strings of an argument in strace's \xNN form: with
 * -xx every string, with -x those holding a byte that is neither printable
 * ASCII nor whitespace (strace then hexes the whole string). */
static void put_hex_strings(struct renderer *r, const char *s, size_t n)
{
        static const char hex[] = "0123456789abcdef";
        const char *end = s + n;

        while (s < end) {
                const char *q = memchr(s, '"', (size_t)(end - s));
                if (!q) {
                        put(r, s, (size_t)(end - s));
                        return;
                }
                put(r, s, (size_t)(q - s + 1));
                /* the string's end: the next unescaped quote */
                const char *e = q + 1;
                while (e < end && *e != '"')
                        e += *e == '\\' && e + 1 < end ? 2 : 1;
                bool all = r->o.hex > 1;
                for (const char *p = q + 1; !all && p < e;) {
                        unsigned char c = unescape_one(&p, e);
                        all = c > 0x7e || (c < ' ' && (unsigned)(c - 9) >= 5);
                }
                if (all) {
                        for (const char *p = q + 1; p < e;) {
                                unsigned char c = unescape_one(&p, e);
                                char x[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
                                put(r, x, 4);
                        }
                } else {
                        put(r, q + 1, (size_t)(e - q - 1));
                }
                if (e < end)
                        put(r, "\"", 1);
                s = e + 1;
        }
}

/* -z, -Z, -e status=: which class the call's result falls in. */
static unsigned status_of(const struct renacer_syscall_event *ev)
{
        if (ev->flags & RENACER_SC_NORETURN)
                return STATUS_UNFINISHED;
        return ev->ret < 0 && ev->ret >= -4095 ? STATUS_FAILED : STATUS_SUCCESSFUL;
}

/* strace -k's frame lines (its unwind.c formats), -kk's source after. */
static void render_stack_text(struct renderer *r, int n)
{
        if (n < 0)
                puts_(r, " > unexpected_backtracing_error\n");
        for (int i = 0; i < n; i++) {
                const struct stack_frame *f = &r->frames[i];
                if (r->cap - r->len < 2 * 4096)
                        flush(r);
                if (!f->object)
                        putf(r, " > unexpected_backtracing_error [0x%llx]\n",
                             (unsigned long long)f->address);
                else if (!f->func) /* strace 6.1 formats a stack it took at entry
                                    * with an empty name, others without */
                        putf(r, f->at_entry ? " > %s(+0x0) [0x%llx]\n" : " > %s() [0x%llx]\n",
                             f->object, (unsigned long long)f->offset);
                else if (f->source)
                        putf(r, " > %s(%s+0x%llx) [0x%llx] %s:%d\n", f->object, f->func,
                             (unsigned long long)f->func_off, (unsigned long long)f->offset,
                             f->source, f->line);
                else
                        putf(r, " > %s(%s+0x%llx) [0x%llx]\n", f->object, f->func,
                             (unsigned long long)f->func_off, (unsigned long long)f->offset);
        }
}

static void render_stack_json(struct renderer *r, const struct renacer_syscall_event *ev)
{
        int n = unwinder_frames(r->unw, ev, r->frames, UNWIND_MAX_FRAMES);

        if (n == 0)
                return;
        puts_(r, ",\"stack\":[");
        for (int i = 0; i < n; i++) {
                const struct stack_frame *f = &r->frames[i];
                if (r->cap - r->len < 2 * 4096)
                        flush(r);
                puts_(r, i ? ",{\"object\":" : "{\"object\":");
                if (f->object)
                        put_json_string(r, f->object, strlen(f->object));
                else
                        puts_(r, "null");
                puts_(r, ",\"function\":");
                if (f->func)
                        put_json_string(r, f->func, strlen(f->func));
                else
                        puts_(r, "null");
                /* no absolute address: ASLR would make every trace differ */
                putf(r, ",\"offset\":%llu,\"address\":%llu", (unsigned long long)f->func_off,
                     (unsigned long long)f->offset);
                if (f->source) {
                        puts_(r, ",\"file\":");
                        put_json_string(r, f->source, strlen(f->source));
                        putf(r, ",\"line\":%d", f->line);
                }
                put(r, "}", 1);
        }
        put(r, "]", 1);
}

/* One dump line (dumpio_emit_fn). */
static void put_line(void *ctx, const char *line, size_t len)
{
        struct renderer *r = ctx;

        put(r, line, len);
        put(r, "\n", 1);
}

static void render_syscall_text(struct renderer *r, const struct renacer_syscall_event *ev)
{
        const struct decoded *d = &r->dec;

        route(r, ev->hdr.tid);
        /* a whole line fits without a flush, so the column count holds */
        if (r->cap - r->len < sizeof(d->text) + 1024)
                flush(r);
        size_t line_start = r->len;
        uint64_t began = ev->hdr.ts_ns - MIN(ev->duration_ns, ev->hdr.ts_ns);
        text_prefix(r, ev->hdr.tid, began);
        size_t name_len;
        const char *name = syscall_name_len(ev->nr, &name_len);
        put(r, name, name_len);
        put(r, "(", 1);
        for (int i = 0; i < d->nargs; i++) {
                char fdtext[8192];
                int n = 0;
                if (i)
                        put(r, ", ", 2);
                if (r->fdp)
                        n = fdpath_arg_text(r->fdp, ev, ev->hdr.size, i, d->text + d->arg_off[i],
                                            d->arg_len[i], fdtext, sizeof(fdtext));
                if (n > 0)
                        put(r, fdtext, (size_t)n);
                else if (r->o.hex)
                        put_hex_strings(r, d->text + d->arg_off[i], d->arg_len[i]);
                else
                        put(r, d->text + d->arg_off[i], d->arg_len[i]);
        }
        put(r, ")", 1);
        /* -y: arguments as they were, the result as the call left it */
        if (r->fdp) {
                fdpath_track(r->fdp, ev, ev->hdr.size);
                r->fd_tracked = true;
        }
        /* the column counts from the line start, prefix included, as strace */
        size_t col = r->len - line_start, column = MIN(r->o.column, COLUMN_MAX);
        if (col < column) {
                static const char spaces[COLUMN_MAX] = {[0 ... COLUMN_MAX - 1] = ' '};
                put(r, spaces, column - col);
        } else {
                put(r, " ", 1);
        }
        put(r, "= ", 2);
        put(r, d->text + d->ret_off, d->ret_len);
        /* -e raw=: strace prints the result alone, in hex */
        if (r->fdp && fdpath_ret_is_fd(ev) && !r->dopts.raw) {
                char deco[8192];
                int n = fdpath_describe(r->fdp, ev->hdr.tgid, (int)ev->ret, deco, sizeof(deco));
                if (n > 0)
                        put(r, deco, (size_t)n);
        }
        if (r->o.durations && !(ev->flags & RENACER_SC_NORETURN)) {
                put(r, " <", 2);
                put_u64_pad(r, ev->duration_ns / 1000000000ULL, 0, false);
                put(r, ".", 1);
                put_u64_zero(r, ev->duration_ns % 1000000000ULL / 1000, 6);
                put(r, ">", 1);
        }
        put(r, "\n", 1);
        /* -e read=/write=: strace dumps the data after the line, before
         * the stack; a malformed record was refused by the decoder */
        if (r->dumpio)
                (void)dumpio_record(ev, ev->hdr.size, &r->o.read_fds, &r->o.write_fds, put_line, r);
        /* a call that never returns has its stack after the exit line */
        if (r->unw && !(ev->flags & RENACER_SC_NORETURN))
                render_stack_text(r, unwinder_frames(r->unw, ev, r->frames, UNWIND_MAX_FRAMES));
}

/* --causal: the record's clock and, where an edge arrives, its cause. */
static void put_causal_json(struct renderer *r)
{
        const struct causal_note *n = r->note;

        if (!n)
                return;
        putf(r, ",\"clock\":%llu", (unsigned long long)n->clock);
        if (n->edge != CAUSAL_EDGE_NONE)
                putf(r, ",\"cause\":{\"tid\":%u,\"clock\":%llu,\"edge\":\"%s\"}", n->cause_tid,
                     (unsigned long long)n->cause_clock, causal_edge_name(n->edge));
}

static void render_syscall_json(struct renderer *r, const struct renacer_syscall_event *ev,
                                bool line)
{
        const struct decoded *d = &r->dec;

        if (!line && !r->json_first)
                put(r, ",", 1);
        r->json_first = false;
        puts_(r, line ? "{\"type\":\"syscall\",\"name\":" : "{\"name\":");
        put_json_string(r, syscall_name(ev->nr), strlen(syscall_name(ev->nr)));
        puts_(r, ",\"args\":[");
        for (int i = 0; i < d->nargs; i++) {
                if (i)
                        put(r, ",", 1);
                put_json_string(r, d->text + d->arg_off[i], d->arg_len[i]);
        }
        put(r, "]", 1);
        if (ev->flags & RENACER_SC_NORETURN) {
                puts_(r, ",\"result\":null");
        } else {
                putf(r, ",\"result\":%lld", (long long)ev->ret);
                if (ev->ret < 0 && ev->ret >= -4095 && errno_name(-ev->ret))
                        putf(r, ",\"error\":\"%s\"", errno_name(-ev->ret));
        }
        putf(r, ",\"duration_us\":%.3f,\"pid\":%u,\"tid\":%u,\"timestamp_ns\":%lld",
             (double)ev->duration_ns / 1000.0, ev->hdr.tgid, ev->hdr.tid,
             real_ns(r, ev->hdr.ts_ns));
        put_causal_json(r);
        if (r->unw)
                render_stack_json(r, ev);
        put(r, "}", 1);
        if (line)
                put(r, "\n", 1);
}

/* A task's end, as strace prints it: a process's under its pid, a
 * thread's under its tid. */
static void render_exit_text(struct renderer *r, const struct renacer_proc_event *pe,
                             uint32_t task);

/* strace drops a task after its exit line: one fewer live, its -ff file
 * closed */
static void task_done(struct renderer *r, uint32_t task)
{
        if (r->tasks > 1)
                r->tasks--;
        if (r->out->per_task) {
                flush(r);
                output_task_done(r->out, task);
                r->buf_fd = -1;
        }
}

/* A thread's own exit record: out of the table (a leader stays, marked,
 * so that its process's EXIT does not print its line again). */
static void thread_ended(struct threads *t, uint32_t tgid, uint32_t tid)
{
        if (tid == tgid)
                thread_add(t, tgid, tid, true);
        else
                thread_drop(t, tid);
}

/* A process's EXIT, from whichever of its threads the kernel saw last: a
 * line for each of its threads still in the table (and for that thread,
 * if unknown), with the process's status. Returns whether the leader's own
 * line is still to come. */
static bool exit_threads(struct renderer *r, const struct renacer_proc_event *pe)
{
        struct threads *t = &r->threads;
        const uint32_t tgid = pe->hdr.tgid, emitter = pe->hdr.tid;
        bool leader = true, emitter_done = emitter == tgid;
        bool show = !r->o.summary_only && !r->o.quiet_exit && r->o.format == FORMAT_TEXT;

        /* without -f only the main thread is traced: its line alone */
        if (!r->o.follow)
                return true;
        for (size_t i = 0; i < t->n;) {
                struct thread_ent e = t->e[i];

                if (e.tgid != tgid) {
                        i++;
                        continue;
                }
                t->e[i] = t->e[--t->n];
                if (e.gone) {
                        leader = false;
                        continue;
                }
                if (show)
                        render_exit_text(r, pe, e.tid);
                task_done(r, e.tid);
                emitter_done |= e.tid == emitter;
        }
        if (!emitter_done && emitter && !t->full) {
                if (show)
                        render_exit_text(r, pe, emitter);
                task_done(r, emitter);
        }
        t->last = 0;
        t->dead[t->dead_next++ % (sizeof(t->dead) / sizeof(t->dead[0]))] = tgid;
        return leader;
}

static void render_exit_text(struct renderer *r, const struct renacer_proc_event *pe, uint32_t task)
{
        int st = pe->exit_code;

        /* strace: -e signal= hides the kills by signals it does not show */
        if (WIFSIGNALED(st) && WTERMSIG(st) >= 1 && WTERMSIG(st) <= 64 &&
            !(r->o.signals & (1ULL << (WTERMSIG(st) - 1))))
                return;
        route(r, task);
        text_prefix(r, task, pe->hdr.ts_ns);
        if (WIFSIGNALED(st))
                putf(r, "+++ killed by SIG%s%s +++\n",
                     sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?",
                     WCOREDUMP(st) ? " (core dumped)" : "");
        else
                putf(r, "+++ exited with %d +++\n", WEXITSTATUS(st));
}

/* What a PRIV record's reason says, for the line that ends a process's
 * trace; ptrace users know the rule. */
static const char *priv_reason_text(int32_t reason)
{
        switch (reason) {
        case RENACER_PRIV_SETUID:
                return "setuid exec";
        case RENACER_PRIV_SETGID:
                return "setgid exec";
        case RENACER_PRIV_CAPS:
                return "file-capability exec";
        case RENACER_PRIV_SECURE:
                return "secure exec";
        case RENACER_PRIV_NODUMP:
                return "non-dumpable";
        }
        return "privileged";
}

static void render_priv(struct renderer *r, const struct renacer_exec_event *ee)
{
        const struct renacer_proc_event *pe = &ee->p;
        size_t plen = MIN((size_t)pe->path_len, sizeof(ee->path));
        const char *why = priv_reason_text(pe->exit_code);

        if (r->o.format == FORMAT_TEXT) {
                route(r, pe->hdr.tgid);
                text_prefix(r, pe->hdr.tgid, pe->hdr.ts_ns);
                if (pe->exit_code == RENACER_PRIV_NODUMP && !plen)
                        putf(r, "+++ renacer: pid %u became non-dumpable; no longer traced +++\n",
                             pe->hdr.tgid);
                else if (plen)
                        putf(r,
                             "+++ renacer: pid %u gained privilege (%s of %.*s); no longer traced "
                             "+++\n",
                             pe->hdr.tgid, why, (int)plen, ee->path);
                else
                        putf(r, "+++ renacer: pid %u gained privilege (%s); no longer traced +++\n",
                             pe->hdr.tgid, why);
        } else if (r->o.format == FORMAT_JSONL) {
                putf(r, "{\"type\":\"privilege\",\"pid\":%u,\"reason\":", pe->hdr.tgid);
                put_json_string(r, why, strlen(why));
                puts_(r, ",\"path\":");
                put_json_string(r, ee->path, plen);
                puts_(r, "}\n");
        }
}

/* strace's "--- SIGCHLD {si_signo=SIGCHLD, ...} ---", when -e signal=
 * shows it. */
static void render_signal(struct renderer *r, const struct renacer_signal_event *se)
{
        char info[512], name[32];
        int sig = se->signo;

        if (sig < 1 || sig > 64 || !(r->o.signals & (1ULL << (sig - 1))))
                return;
        siginfo_format(se->siginfo, sizeof(se->siginfo), info, sizeof(info));
        siginfo_signame(sig, name, sizeof(name));
        if (r->o.format == FORMAT_TEXT) {
                route(r, se->hdr.tid);
                text_prefix(r, se->hdr.tid, se->hdr.ts_ns);
                putf(r, "--- %s %s ---\n", name, info);
                /* -k: the stack the delivery interrupted */
                if (r->unw)
                        render_stack_text(r, unwinder_frames_at(r->unw, se->hdr.tid, se->hdr.ts_ns,
                                                                r->frames, UNWIND_MAX_FRAMES));
        } else if (r->o.format == FORMAT_JSONL) {
                putf(r, "{\"type\":\"signal\",\"pid\":%u,\"tid\":%u,\"signal\":\"%s\",\"siginfo\":",
                     se->hdr.tgid, se->hdr.tid, name);
                put_json_string(r, info, strlen(info));
                putf(r, ",\"timestamp_ns\":%lld", real_ns(r, se->hdr.ts_ns));
                put_causal_json(r);
                puts_(r, "}\n");
        }
}

static int render_one(struct renderer *r, const void *rec, size_t len)
{
        const struct renacer_event_header *h = rec;
        bool lifecycle_end = h->kind == RENACER_EV_EXIT || h->kind == RENACER_EV_PRIV ||
                             h->kind == RENACER_EV_THREAD_EXIT;
        /* an exit is the unwinder's last word on the process: after its line */
        if (r->unw && !lifecycle_end)
                unwinder_record(r->unw, rec, h->size);
        if (h->kind == RENACER_EV_SYSCALL) {
                const struct renacer_syscall_event *ev = rec;
                /* -f: the threads whose exit lines a process's EXIT owes */
                if (r->o.follow)
                        thread_seen(&r->threads, h->tgid, h->tid);
                /* -v, -e abbrev=: this call's structures in full or not */
                r->dopts.no_abbrev = !filter_has(&r->o.abbrev, ev->nr);
                r->dopts.nonverbose = !filter_has(&r->o.verbose, ev->nr);
                r->dopts.raw = filter_has(&r->o.raw, ev->nr);
                int e = decode_event(ev, h->size, &r->dopts, &r->dec);
                if (e < 0)
                        return e;
                r->fd_tracked = false;
                r->events++;
                if (r->observer)
                        r->observer(r->observer_ctx, ev, &r->dec);
                /* with --policy the kernel traces everything; -e filters here */
                /* -P: only the calls touching the paths, fds as they were */
                bool path_miss =
                    r->o.npaths && !fdpath_match(r->fdp, ev, h->size, r->o.paths, r->o.npaths);
                if (path_miss || r->o.summary_only || !filter_has(&r->o.compiled, ev->nr) ||
                    !(status_of(ev) & r->o.status)) {
                        /* -y: what the calls not shown do to fds still counts */
                        if (r->fdp)
                                fdpath_track(r->fdp, ev, h->size);
                        return 0;
                }
                switch (r->o.format) {
                case FORMAT_TEXT:
                        render_syscall_text(r, ev);
                        break;
                case FORMAT_JSON:
                        render_syscall_json(r, ev, false);
                        break;
                case FORMAT_JSONL:
                        render_syscall_json(r, ev, true);
                        break;
                case FORMAT_PERFETTO: /* written whole at the end */
                        break;
                }
                if (r->fdp && !r->fd_tracked)
                        fdpath_track(r->fdp, ev, h->size);
        } else if (h->kind == RENACER_EV_EXEC) {
                /* execve leaves one thread, the leader now: the others
                 * had their exits, and a leader that died for it its own */
                thread_forget(&r->threads, h->tgid);
                const struct renacer_proc_event *pe = rec;
                if (r->note && r->o.format == FORMAT_JSONL && !r->o.summary_only &&
                    h->size >= sizeof(*pe)) {
                        putf(r, "{\"type\":\"exec\",\"pid\":%u,\"tid\":%u", h->tgid, h->tid);
                        put_causal_json(r);
                        puts_(r, "}\n");
                }
        } else if (h->kind == RENACER_EV_PRIV) {
                /* even with -c: the summary stops counting it here */
                if (len < sizeof(struct renacer_exec_event))
                        return -EBADMSG;
                render_priv(r, rec);
                /* exec left it one task, which is no longer traced */
                if (r->tasks > 1)
                        r->tasks--;
        } else if (h->kind == RENACER_EV_SIGNAL) {
                if (h->size < sizeof(struct renacer_signal_event))
                        return -EBADMSG;
                if (!r->o.summary_only)
                        render_signal(r, rec);
        } else if (h->kind == RENACER_EV_FORK || h->kind == RENACER_EV_THREAD) {
                if (h->kind == RENACER_EV_THREAD && r->o.follow)
                        thread_seen(&r->threads, h->tgid, h->tid);
                /* --causal: the fork is an event of the parent, whose
                 * clock the child's first record's cause names */
                if (r->note && r->o.format == FORMAT_JSONL && !r->o.summary_only &&
                    h->size >= sizeof(struct renacer_proc_event))
                        putf(r,
                             "{\"type\":\"%s\",\"pid\":%u,\"tid\":%u,\"parent_tid\":%u,"
                             "\"clock\":%llu}\n",
                             h->kind == RENACER_EV_FORK ? "fork" : "thread", h->tgid, h->tid,
                             r->note->tid, (unsigned long long)r->note->clock);
                r->tasks++;
                /* strace -f says so for every task it starts following */
                renderer_note_attached(r, h->tid, 1);
        } else if (h->kind == RENACER_EV_DETACH) {
                /* moved out of the traced cgroup: strace's words for a
                 * process it stops tracing while it lives on */
                renderer_note_detached(r, h->tgid);
                if (r->tasks > 1)
                        r->tasks--;
        } else if (h->kind == RENACER_EV_EXIT || h->kind == RENACER_EV_THREAD_EXIT) {
                if (h->size < sizeof(struct renacer_proc_event))
                        return -EBADMSG;
                const struct renacer_proc_event *pe = rec;
                bool thread = h->kind == RENACER_EV_THREAD_EXIT;
                uint32_t task = thread ? h->tid : h->tgid;
                /* the leader's line: not when it is out already */
                bool line = thread ? !process_dead(&r->threads, h->tgid) : exit_threads(r, pe);
                if (!line && thread) {
                        /* its process's EXIT spoke for it */
                } else if (r->o.summary_only || r->o.quiet_exit) {
                        /* nothing shown */
                } else if (r->o.format == FORMAT_TEXT) {
                        if (line)
                                render_exit_text(r, pe, task);
                } else if (r->o.format == FORMAT_JSONL && !thread) {
                        putf(r, "{\"type\":\"exit\",\"pid\":%u,\"status\":%d", pe->hdr.tgid,
                             exit_code_of(pe->exit_code));
                        if (r->note)
                                putf(r, ",\"tid\":%u", pe->hdr.tid);
                        put_causal_json(r);
                        puts_(r, "}\n");
                } else if (r->o.format == FORMAT_JSONL && r->note) {
                        putf(r, "{\"type\":\"thread_exit\",\"pid\":%u,\"tid\":%u", pe->hdr.tgid,
                             pe->hdr.tid);
                        put_causal_json(r);
                        puts_(r, "}\n");
                }
                if (thread && line && r->o.follow)
                        thread_ended(&r->threads, h->tgid, h->tid);
                /* strace drops the task after its exit line */
                if (line)
                        task_done(r, task);
        }
        if (r->unw && lifecycle_end) {
                int n;
                uint32_t tid = h->kind == RENACER_EV_THREAD_EXIT ? h->tid : 0;
                while ((n = unwinder_take_unreturned(r->unw, h->tgid, tid, r->frames,
                                                     UNWIND_MAX_FRAMES)) != 0)
                        if (r->o.format == FORMAT_TEXT && !r->o.summary_only)
                                render_stack_text(r, n);
                unwinder_record(r->unw, rec, h->size);
        }
        if (r->fdp && h->kind != RENACER_EV_SYSCALL)
                fdpath_lifecycle(r->fdp, rec, h->size);
        if (r->len >= r->cap / 2)
                flush(r);
        return r->error;
}

/* The causal engine released a record (in each task's order, causes first). */
static void render_released(void *ctx, const void *rec, size_t len, const struct causal_note *note)
{
        struct renderer *r = ctx;
        int e;

        r->note = note;
        e = render_one(r, rec, len);
        r->note = NULL;
        if (e < 0 && !r->causal_error)
                r->causal_error = e;
        if (r->keep_graph && cgraph_add(&r->graph, rec, len, note) == -ENOMEM && !r->causal_error)
                r->causal_error = -ENOMEM;
}

int renderer_record(struct renderer *r, const void *rec, size_t len)
{
        const struct renacer_event_header *h = rec;

        if (len < sizeof(*h) || h->size > len)
                return -EBADMSG;
        if (r->hook)
                r->hook(r->hook_ctx, rec, h->size);
        if (!r->causal)
                return render_one(r, rec, h->size);
        int e = causal_feed(r->causal, rec, h->size, now_monotonic_ns());
        /* one the engine cannot take (malformed, out of memory) is shown
         * as it is, without a clock */
        if (e < 0)
                return render_one(r, rec, h->size);
        return r->error ? r->error : r->causal_error;
}

static void summary_json(struct renderer *r, const struct trace_result *res)
{
        const struct summary *s = &res->summary;
        int code = exit_code_of(res->wait_status);

        putf(r, "{\"total_syscalls\":%llu,\"total_errors\":%llu,\"total_time_us\":%.3f,",
             (unsigned long long)summary_total_calls(s),
             (unsigned long long)summary_total_errors(s), (double)summary_total_ns(s) / 1000.0);
        if (code >= 0)
                putf(r, "\"exit_code\":%d,", code);
        else
                puts_(r, "\"exit_code\":null,");
        putf(r, "\"events_lost\":%llu,\"events_dropped_by_daemon\":%llu,\"wall_time_us\":%.3f,",
             (unsigned long long)res->events_lost, (unsigned long long)res->client_lost,
             (double)res->wall_ns / 1000.0);
        puts_(r, "\"by_syscall\":[");
        for (size_t i = 0; i < s->n; i++) {
                const struct summary_row *row = &s->rows[i];
                putf(r, "%s{\"name\":\"%s\",\"calls\":%llu,\"errors\":%llu,\"time_us\":%.3f}",
                     i ? "," : "", syscall_name(row->nr), (unsigned long long)row->calls,
                     (unsigned long long)row->errors, (double)row->total_ns / 1000.0);
        }
        puts_(r, "]}");
}

/* The summary as the user asked to see it (-e narrows it too). */
static void shown_summary(const struct renderer *r, const struct summary *all, struct summary *out)
{
        summary_init(out);
        for (size_t i = 0; i < all->n; i++) {
                const struct summary_row *row = &all->rows[i];
                if (filter_has(&r->o.compiled, row->nr))
                        summary_add(out, row->nr, row->calls, row->errors, row->total_ns,
                                    row->hist);
                if (filter_has(&r->o.compiled, row->nr) && row->has_extremes)
                        summary_add_extremes(out, row->nr, row->min_ns, row->max_ns);
        }
}

/* What was written to a memory stream, closed now, then buffered like
 * the rest (put() writes what exceeds the buffer directly). */
static void put_stream_result(struct renderer *r, char **text, size_t *n, int e, FILE *m)
{
        if (m && fclose(m) != 0 && e == 0)
                e = -ENOMEM;
        if (e < 0 && !r->error)
                r->error = e;
        else if (e >= 0 && *text)
                put(r, *text, *n);
        free(*text);
        *text = NULL;
}

static void render_critical_path(struct renderer *r)
{
        struct critical_path cp;
        char *text = NULL;
        size_t n = 0;
        FILE *m;
        int e;

        if ((e = cgraph_finalize(&r->graph)) < 0) {
                r->error = r->error ? r->error : e;
                return;
        }
        e = critical_path_compute(&r->graph, &cp);
        if (e == -ENODATA) {
                puts_(r, "renacer: critical path: no records\n");
                return;
        }
        m = e < 0 ? NULL : open_memstream(&text, &n);
        if (e >= 0)
                e = m ? critical_path_print(&cp, &r->graph, m) : -ENOMEM;
        put_stream_result(r, &text, &n, e, m);
        critical_path_free(&cp);
}

static void render_timeline(struct renderer *r)
{
        struct critical_path cp = {0};
        bool have_cp;
        char *text = NULL;
        size_t n = 0;
        FILE *m;
        int e;

        if ((e = cgraph_finalize(&r->graph)) < 0) {
                r->error = r->error ? r->error : e;
                return;
        }
        have_cp = critical_path_compute(&r->graph, &cp) == 0;
        m = open_memstream(&text, &n);
        e = m ? perfetto_write(&r->graph, have_cp ? &cp : NULL, m) : -ENOMEM;
        put_stream_result(r, &text, &n, e, m);
        critical_path_free(&cp);
}

int renderer_finish(struct renderer *r, const struct trace_result *in)
{
        struct trace_result shown = *in;
        const struct trace_result *res = &shown;

        if (r->causal)
                causal_drain(r->causal);
        shown_summary(r, &in->summary, &shown.summary);
        switch (r->o.format) {
        case FORMAT_PERFETTO:
                render_timeline(r);
                break;
        case FORMAT_TEXT:
                if (r->o.critical_path)
                        render_critical_path(r);
                if (r->summary_table) {
                        char *text = NULL;
                        size_t n = 0;
                        FILE *m = open_memstream(&text, &n);
                        int sr = m ? summary_render_text_columns(&res->summary, m,
                                                                 (enum summary_sort)r->o.sortby,
                                                                 &r->o.columns)
                                   : -ENOMEM;
                        if (m && fclose(m) != 0 && sr == 0)
                                sr = -ENOMEM;
                        if (sr < 0) {
                                r->error = r->error ? r->error : sr;
                        } else {
                                /* -ff: the summary goes where strace puts it, stderr */
                                if (r->out->per_task) {
                                        flush(r);
                                        r->buf_fd = STDERR_FILENO;
                                }
                                put(r, text, n);
                        }
                        free(text);
                }
                break;
        case FORMAT_JSON:
                puts_(r, "],\"summary\":");
                summary_json(r, res);
                if (res->verdicts) {
                        puts_(r, ",\"verdicts\":");
                        puts_(r, json_object_to_json_string_ext(res->verdicts,
                                                                JSON_C_TO_STRING_PLAIN));
                }
                puts_(r, "}\n");
                break;
        case FORMAT_JSONL:
                puts_(r, "{\"type\":\"summary\",\"summary\":");
                summary_json(r, res);
                puts_(r, "}\n");
                if (res->verdicts) {
                        puts_(r, "{\"type\":\"verdicts\",\"verdicts\":");
                        puts_(r, json_object_to_json_string_ext(res->verdicts,
                                                                JSON_C_TO_STRING_PLAIN));
                        puts_(r, "}\n");
                }
                break;
        }
        summary_free(&shown.summary);
        flush(r);
        return r->error;
}
