// SPDX-License-Identifier: MIT
/*
 * Time, clocks and timers as strace 6.1 prints them: timespec, timeval,
 * itimerspec, itimerval, timezone, timex and sigevent arguments, the file
 * time arrays of utimes/futimesat/utime/utimensat (with strace's local-time
 * comments and UTIME_NOW/UTIME_OMIT), and the results time() and adjtimex()
 * decorate. A structure the kernel reads is shown whenever it could be
 * copied; one the kernel writes only after the call succeeded, as strace's
 * umove_or_printaddr() does at exit.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>
#include <utime.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "decode-time.h"

/* The layouts the kernel reads and writes on x86_64 (the BPF side copies
 * sizeof() of the UAPI types of the same names). */
struct k_timespec {
        int64_t sec;
        int64_t nsec;
};

struct k_timeval {
        int64_t sec;
        int64_t usec;
};

struct k_timezone {
        int32_t minuteswest;
        int32_t dsttime;
};

struct k_sigevent {
        uint64_t value;
        int32_t signo;
        int32_t notify;
        union {
                int32_t tid;
                struct {
                        uint64_t function;
                        uint64_t attribute;
                } thread;
        } un;
};

_Static_assert(sizeof(struct timespec) == sizeof(struct k_timespec), "struct __kernel_timespec");
_Static_assert(sizeof(struct timeval) == sizeof(struct k_timeval), "struct __kernel_old_timeval");
_Static_assert(sizeof(struct timezone) == sizeof(struct k_timezone), "struct timezone");
_Static_assert(offsetof(struct sigevent, sigev_notify) == offsetof(struct k_sigevent, notify),
               "struct sigevent");
_Static_assert(sizeof(struct timex) == 208, "struct __kernel_timex on x86_64");
_Static_assert(sizeof(struct utimbuf) == 16, "struct utimbuf on x86_64");

/* the kernel's internal restart codes, which a tracer sees at sys_exit */
#define K_ERESTARTSYS           512
#define K_ERESTART_RESTARTBLOCK 516

/* strace's is_erestart(): the call was interrupted and will be restarted */
static bool is_erestart(const struct dctx *c)
{
        return c->failed && !c->noret && c->ret <= -K_ERESTARTSYS &&
               c->ret >= -K_ERESTART_RESTARTBLOCK;
}

/* A structure of `size` bytes at argument i, or NULL (not captured, not
 * readable, or, for one the kernel writes (out), the call failed). */
static const void *struct_arg(const struct dctx *c, unsigned i, size_t size, bool out)
{
        if (!A(i) || (out && !exited_ok(c)))
                return NULL;
        return seg_struct(c, i, size);
}

/* strace's sprinttime_ex(): local time, the fraction, the zone; false when
 * strace prints no comment (zero time, a fraction out of range). */
static bool fmt_time(char *buf, size_t size, int64_t sec, uint64_t part, uint64_t max, int width)
{
        time_t t = (time_t)sec;
        struct tm tm;
        size_t pos;

        if ((sec == 0 && part == 0) || part > max || !localtime_r(&t, &tm))
                return false;
        pos = strftime(buf, size, "%FT%T", &tm);
        if (!pos)
                return false;
        if (part > 0) {
                int n = snprintf(buf + pos, size - pos, ".%0*llu", width, (unsigned long long)part);

                if (n < 0 || (size_t)n >= size - pos)
                        return false;
                pos += (size_t)n;
        }
        return strftime(buf + pos, size - pos, "%z", &tm) != 0;
}

void put_time_comment(struct dbuf *b, int64_t sec, uint64_t part, uint64_t max, int width)
{
        char buf[96];

        if (fmt_time(buf, sizeof(buf), sec, part, max, width))
                db_printf(b, " /* %s */", buf);
}

static void put_ts(struct dbuf *b, const struct k_timespec *t)
{
        db_printf(b, "{tv_sec=%lld, tv_nsec=%llu}", (long long)t->sec,
                  (unsigned long long)(uint64_t)t->nsec);
}

static void put_tv(struct dbuf *b, const struct k_timeval *t)
{
        db_printf(b, "{tv_sec=%lld, tv_usec=%llu}", (long long)t->sec,
                  (unsigned long long)(uint64_t)t->usec);
}

/* A struct __kernel_timespec at argument i. */
static void a_ts(struct dctx *c, unsigned i, bool out)
{
        const void *p = struct_arg(c, i, sizeof(struct k_timespec), out);
        struct k_timespec t;

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&t, p, sizeof(t));
        put_ts(c->b, &t);
}

static void a_tv(struct dctx *c, unsigned i, bool out)
{
        const void *p = struct_arg(c, i, sizeof(struct k_timeval), out);
        struct k_timeval t;

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&t, p, sizeof(t));
        put_tv(c->b, &t);
}

/* struct __kernel_itimerspec */
static void a_itimerspec(struct dctx *c, unsigned i, bool out)
{
        const void *p = struct_arg(c, i, 2 * sizeof(struct k_timespec), out);
        struct k_timespec t[2];

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(t, p, sizeof(t));
        db_puts(c->b, "{it_interval=");
        put_ts(c->b, &t[0]);
        db_puts(c->b, ", it_value=");
        put_ts(c->b, &t[1]);
        db_putc(c->b, '}');
}

/* struct __kernel_old_itimerval */
static void a_itimerval(struct dctx *c, unsigned i, bool out)
{
        const void *p = struct_arg(c, i, 2 * sizeof(struct k_timeval), out);
        struct k_timeval t[2];

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(t, p, sizeof(t));
        db_puts(c->b, "{it_interval=");
        put_tv(c->b, &t[0]);
        db_puts(c->b, ", it_value=");
        put_tv(c->b, &t[1]);
        db_putc(c->b, '}');
}

static void a_timezone(struct dctx *c, unsigned i, bool out)
{
        const void *p = struct_arg(c, i, sizeof(struct k_timezone), out);
        struct k_timezone tz;

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&tz, p, sizeof(tz));
        db_printf(c->b, "{tz_minuteswest=%d, tz_dsttime=%d}", tz.minuteswest, tz.dsttime);
}

/* strace 6.1's printclockname() as built for Linux: the clock's name, or
 * its number with a comment (it has no CLOCKID_TO_FD to name CPU clocks) */
void put_clockid(struct dbuf *b, int32_t id)
{
        put_xval(b, &xl_clocks, (uint32_t)id, "CLOCK_???");
}

static void a_clockid(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_clockid(c->b, (int32_t)A(i));
}

/* ---- clocks ---- */

void dec_clock_settime(struct dctx *c)
{
        a_clockid(c, 0);
        a_ts(c, 1, false);
}

void dec_clock_gettime(struct dctx *c)
{
        a_clockid(c, 0);
        a_ts(c, 1, true);
}

void dec_nanosleep(struct dctx *c)
{
        a_ts(c, 0, false);
        /* the remainder means something only after an interruption */
        arg_next(c);
        if (is_erestart(c) && seg_struct(c, 1, sizeof(struct k_timespec))) {
                struct k_timespec t;

                memcpy(&t, seg_struct(c, 1, sizeof(t)), sizeof(t));
                put_ts(c->b, &t);
        } else {
                put_ptr(c, A(1));
        }
}

void dec_clock_nanosleep(struct dctx *c)
{
        const void *rem = seg_struct(c, 3, sizeof(struct k_timespec));

        a_clockid(c, 0);
        a_flags32(c, 1, &xl_timer_flags, "TIMER_???");
        a_ts(c, 2, false);
        arg_next(c);
        if (!A(1) && is_erestart(c) && rem) {
                struct k_timespec t;

                memcpy(&t, rem, sizeof(t));
                put_ts(c->b, &t);
        } else {
                put_ptr(c, A(3));
        }
}

void dec_sched_rr_get_interval(struct dctx *c)
{
        a_int(c, 0);
        a_ts(c, 1, true);
}

static void time_rval(struct dctx *c)
{
        char buf[96];

        if (fmt_time(buf, sizeof(buf), c->ret, 0, 0, 0))
                db_printf(c->b, " (%s)", buf);
}

void dec_time(struct dctx *c)
{
        const void *p = struct_arg(c, 0, sizeof(int64_t), false);

        arg_next(c);
        if (!A(0) || !p || c->noret) {
                put_ptr(c, A(0));
        } else {
                int64_t t;

                memcpy(&t, p, sizeof(t));
                db_printf(c->b, "[%lld", (long long)t);
                put_time_comment(c->b, t, 0, 0, 0);
                db_putc(c->b, ']');
        }
        if (exited_ok(c))
                c->rextra = time_rval;
}

void dec_gettimeofday(struct dctx *c)
{
        a_tv(c, 0, true);
        a_timezone(c, 1, true);
}

void dec_settimeofday(struct dctx *c)
{
        a_tv(c, 0, false);
        a_timezone(c, 1, false);
}

/* ---- adjtimex ---- */

static void adjtimex_rval(struct dctx *c)
{
        const char *s = xlat_name(&xl_adjtimex_state, (uint64_t)c->ret);

        if (s)
                db_printf(c->b, " (%s)", s);
}

static void a_timex(struct dctx *c, unsigned i)
{
        const void *p = struct_arg(c, i, sizeof(struct timex), true);
        struct dbuf *b = c->b;
        struct timex tx;

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&tx, p, sizeof(tx));
        db_puts(b, "{modes=");
        put_flags(b, &xl_adjtimex_modes, tx.modes, "ADJ_???");
        db_printf(b, ", offset=%ld, freq=%ld", tx.offset, tx.freq);
        db_printf(b, ", maxerror=%ld, esterror=%ld, status=", tx.maxerror, tx.esterror);
        put_flags(b, &xl_adjtimex_status, (uint32_t)tx.status, "STA_???");
        db_printf(b, ", constant=%ld, precision=%ld", tx.constant, tx.precision);
        db_printf(b, ", tolerance=%ld, time=", tx.tolerance);
        put_tv(b, &(struct k_timeval){tx.time.tv_sec, tx.time.tv_usec});
        db_printf(b, ", tick=%ld, ppsfreq=%ld, jitter=%ld", tx.tick, tx.ppsfreq, tx.jitter);
        db_printf(b, ", shift=%d, stabil=%ld, jitcnt=%ld", tx.shift, tx.stabil, tx.jitcnt);
        db_printf(b, ", calcnt=%ld, errcnt=%ld, stbcnt=%ld", tx.calcnt, tx.errcnt, tx.stbcnt);
        db_printf(b, ", tai=%d}", tx.tai);
        c->rextra = adjtimex_rval;
}

void dec_adjtimex(struct dctx *c)
{
        a_timex(c, 0);
}

void dec_clock_adjtime(struct dctx *c)
{
        a_clockid(c, 0);
        a_timex(c, 1);
}

/* ---- interval timers and POSIX timers ---- */

void dec_getitimer(struct dctx *c)
{
        a_xval32(c, 0, &xl_itimer_which, "ITIMER_???");
        a_itimerval(c, 1, true);
}

void dec_setitimer(struct dctx *c)
{
        a_xval32(c, 0, &xl_itimer_which, "ITIMER_???");
        a_itimerval(c, 1, false);
        a_itimerval(c, 2, true);
}

void put_sigevent(struct dctx *c, unsigned i)
{
        const void *p = struct_arg(c, i, sizeof(struct k_sigevent), false);
        struct dbuf *b = c->b;
        struct k_sigevent ev;

        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&ev, p, sizeof(ev));
        db_putc(b, '{');
        if (ev.value) {
                db_printf(b, "sigev_value={sival_int=%d, sival_ptr=", (int32_t)ev.value);
                put_ptr(c, ev.value);
                db_puts(b, "}, ");
        }
        db_puts(b, "sigev_signo=");
        switch (ev.notify) {
        case SIGEV_SIGNAL:
        case SIGEV_THREAD:
        case SIGEV_THREAD_ID:
                put_signal(b, ev.signo);
                break;
        default:
                db_printf(b, "%u", (uint32_t)ev.signo);
                break;
        }
        db_puts(b, ", sigev_notify=");
        put_xval(b, &xl_sigev_notify, (uint32_t)ev.notify, "SIGEV_???");
        switch (ev.notify) {
        case SIGEV_THREAD_ID:
                db_printf(b, ", sigev_notify_thread_id=%d", ev.un.tid);
                break;
        case SIGEV_THREAD:
                db_puts(b, ", sigev_notify_function=");
                put_ptr(c, ev.un.thread.function);
                db_puts(b, ", sigev_notify_attributes=");
                put_ptr(c, ev.un.thread.attribute);
                break;
        }
        db_putc(b, '}');
}

/* strace's printnum_int(): [N] after success, else the address */
static void a_int_out(struct dctx *c, unsigned i)
{
        const void *p = struct_arg(c, i, sizeof(int32_t), true);
        int32_t v;

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&v, p, sizeof(v));
        db_printf(c->b, "[%d]", v);
}

void dec_timer_create(struct dctx *c)
{
        a_clockid(c, 0);
        arg_next(c);
        put_sigevent(c, 1);
        a_int_out(c, 2);
}

void dec_timer_settime(struct dctx *c)
{
        a_int(c, 0);
        a_flags32(c, 1, &xl_timer_flags, "TIMER_???");
        a_itimerspec(c, 2, false);
        a_itimerspec(c, 3, true);
}

void dec_timer_gettime(struct dctx *c)
{
        a_int(c, 0);
        a_itimerspec(c, 1, true);
}

void dec_timerfd_settime(struct dctx *c)
{
        a_int(c, 0);
        a_flags32(c, 1, &xl_timerfd_create_flags, "TFD_???");
        a_itimerspec(c, 2, false);
        a_itimerspec(c, 3, true);
}

void dec_timerfd_gettime(struct dctx *c)
{
        a_int(c, 0);
        a_itimerspec(c, 1, true);
}

/* ---- file times ---- */

/* struct __kernel_old_timeval[2] of utimes and futimesat */
static void a_utimes_tv(struct dctx *c, unsigned i)
{
        const void *p = struct_arg(c, i, 2 * sizeof(struct k_timeval), false);
        struct k_timeval t[2];

        arg_next(c);
        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(t, p, sizeof(t));
        for (int k = 0; k < 2; k++) {
                db_puts(c->b, k ? ", " : "[");
                put_tv(c->b, &t[k]);
                put_time_comment(c->b, t[k].sec, (uint64_t)t[k].usec, 999999, 6);
        }
        db_putc(c->b, ']');
}

void dec_utimes(struct dctx *c)
{
        a_path(c, 0);
        a_utimes_tv(c, 1);
}

void dec_futimesat(struct dctx *c)
{
        a_dirfd(c, 0);
        a_path(c, 1);
        a_utimes_tv(c, 2);
}

void dec_utime(struct dctx *c)
{
        const void *p = struct_arg(c, 1, sizeof(struct utimbuf), false);
        int64_t t[2];

        a_path(c, 0);
        arg_next(c);
        if (!p) {
                put_ptr(c, A(1));
                return;
        }
        memcpy(t, p, sizeof(t));
        db_printf(c->b, "{actime=%lld", (long long)t[0]);
        put_time_comment(c->b, t[0], 0, 0, 0);
        db_printf(c->b, ", modtime=%lld", (long long)t[1]);
        put_time_comment(c->b, t[1], 0, 0, 0);
        db_putc(c->b, '}');
}

/* struct __kernel_timespec[2] of utimensat, with UTIME_NOW and UTIME_OMIT */
void dec_utimensat(struct dctx *c)
{
        const void *p = struct_arg(c, 2, 2 * sizeof(struct k_timespec), false);

        a_dirfd(c, 0);
        a_path(c, 1);
        arg_next(c);
        if (!p) {
                put_ptr(c, A(2));
        } else {
                struct k_timespec t[2];

                memcpy(t, p, sizeof(t));
                for (int k = 0; k < 2; k++) {
                        db_puts(c->b, k ? ", " : "[");
                        if (t[k].nsec == UTIME_NOW || t[k].nsec == UTIME_OMIT) {
                                db_puts(c->b, t[k].nsec == UTIME_NOW ? "UTIME_NOW" : "UTIME_OMIT");
                                continue;
                        }
                        put_ts(c->b, &t[k]);
                        put_time_comment(c->b, t[k].sec, (uint64_t)t[k].nsec, 999999999, 9);
                }
                db_putc(c->b, ']');
        }
        a_flags32(c, 3, &xl_at_flags, "AT_???");
}
