// SPDX-License-Identifier: MIT
/*
 * The time family of the decoder (decode-time.c) against strace 6.1: the
 * expected strings are the lines strace 6.1 prints for the same calls in
 * its own tests (tests/xetitimer.c, timer_create.c, timer_xettime.c,
 * xettimeofday.c, clock_xettime.c, adjtimex.c, utimensat.c, futimesat.c,
 * utime.c, time.c, nanosleep.c), with valid, failing and unreadable
 * arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/timex.h>
#include <time.h>
#include <utime.h>

#include "record-builder.h"

#define K_ERESTART_RESTARTBLOCK 516

static const struct timeval itv[2] = {{0xc0de1, 0xc0de2}, {0xc0de3, 0xc0de4}};
#define ITV_TEXT                                                                                   \
        "{it_interval={tv_sec=789985, tv_usec=789986}, it_value={tv_sec=789987, tv_usec=789988}}"

static void test_itimers(void **state)
{
        const struct timeval bogus[2] = {{0xdeadbeef, 0xfacefeed},
                                         {(long)0xcafef00ddeadbeefLL, (long)0xbadc0dedfacefeedLL}};

        (void)state;
        EV(SYS_setitimer, 0, ITIMER_REAL, P1, 0);
        seg_buf(1, itv, sizeof(itv));
        assert_string_equal(decode(), "setitimer(ITIMER_REAL, " ITV_TEXT ", NULL) = 0");

        EV(SYS_setitimer, 0, ITIMER_REAL, P1, P2);
        seg_buf(1, itv, sizeof(itv));
        seg_buf(2, itv, sizeof(itv));
        assert_string_equal(decode(), "setitimer(ITIMER_REAL, " ITV_TEXT ", " ITV_TEXT ") = 0");

        /* the old value is the kernel's to write: not shown after a failure */
        EV(SYS_setitimer, -EINVAL, 0xfacefeeddeadbeefULL, P1, P2);
        seg_buf(1, itv, sizeof(itv));
        seg_buf(2, itv, sizeof(itv));
        assert_string_equal(decode(), "setitimer(0xdeadbeef /* ITIMER_??? */, " ITV_TEXT
                                      ", 0x7ffd2000) = -1 EINVAL (Invalid argument)");

        EV(SYS_setitimer, -EFAULT, ITIMER_REAL, P1, P2);
        seg_fault(1);
        assert_string_equal(
            decode(), "setitimer(ITIMER_REAL, 0x7ffd1000, 0x7ffd2000) = -1 EFAULT (Bad address)");

        EV(SYS_setitimer, -EINVAL, ITIMER_REAL, P1, P2);
        seg_buf(1, bogus, sizeof(bogus));
        assert_string_equal(decode(),
                            "setitimer(ITIMER_REAL, {it_interval={tv_sec=3735928559, "
                            "tv_usec=4207869677}, it_value={tv_sec=-3819351491602432273, "
                            "tv_usec=13464652301697220333}}, 0x7ffd2000) = -1 EINVAL (Invalid "
                            "argument)");

        EV(SYS_getitimer, 0, ITIMER_PROF, P1);
        seg_buf(1, itv, sizeof(itv));
        assert_string_equal(decode(), "getitimer(ITIMER_PROF, " ITV_TEXT ") = 0");
        EV(SYS_getitimer, -EFAULT, ITIMER_REAL, P1);
        assert_string_equal(decode(),
                            "getitimer(ITIMER_REAL, 0x7ffd1000) = -1 EFAULT (Bad address)");
        /* shorter than the structure: the address, as strace's umove */
        EV(SYS_getitimer, 0, ITIMER_VIRTUAL, P1);
        seg_buf(1, itv, sizeof(itv) - 8);
        assert_string_equal(decode(), "getitimer(ITIMER_VIRTUAL, 0x7ffd1000) = 0");
}

static void test_posix_timers(void **state)
{
        struct sigevent sev;
        const struct timespec its[2] = {{0xdefaced1, 0xdefaced2}, {0xdefaced3, 0xdefaced4}};
        const int32_t tid = 2;

        (void)state;
        EV(SYS_timer_create, -EFAULT, CLOCK_REALTIME, 0, 0);
        assert_string_equal(decode(), "timer_create(CLOCK_REALTIME, NULL, NULL) = -1 EFAULT (Bad "
                                      "address)");

        memset(&sev, 0, sizeof(sev));
        sev.sigev_value.sival_ptr = (void *)0xdeadbeefbadc0dedULL;
        sev.sigev_signo = (int)0xfacefeed;
        sev.sigev_notify = 0xdefaced;
        EV(SYS_timer_create, -EINVAL, CLOCK_REALTIME, P1, 0);
        seg_buf(1, &sev, sizeof(sev));
        assert_string_equal(decode(), "timer_create(CLOCK_REALTIME, {sigev_value={sival_int="
                                      "-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo="
                                      "4207869677, sigev_notify=0xdefaced /* SIGEV_??? */}, NULL)"
                                      " = -1 EINVAL (Invalid argument)");

        sev.sigev_notify = SIGEV_NONE;
        EV(SYS_timer_create, 0, CLOCK_REALTIME, P1, P2);
        seg_buf(1, &sev, sizeof(sev));
        seg_buf(2, &tid, sizeof(tid));
        assert_string_equal(decode(), "timer_create(CLOCK_REALTIME, {sigev_value={sival_int="
                                      "-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo="
                                      "4207869677, sigev_notify=SIGEV_NONE}, [2]) = 0");

        sev.sigev_signo = SIGALRM;
        sev.sigev_notify = SIGEV_THREAD;
        sev.sigev_notify_function = (void (*)(union sigval))0xdeadbeefbadc0dedULL;
        sev.sigev_notify_attributes = (void *)0xcafef00dfacefeedULL;
        EV(SYS_timer_create, 0, CLOCK_MONOTONIC, P1, P2);
        seg_buf(1, &sev, sizeof(sev));
        seg_buf(2, &tid, sizeof(tid));
        assert_string_equal(decode(),
                            "timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=-1159983635, "
                            "sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=SIGALRM, sigev_notify="
                            "SIGEV_THREAD, sigev_notify_function=0xdeadbeefbadc0ded, "
                            "sigev_notify_attributes=0xcafef00dfacefeed}, [2]) = 0");

        /* no sigev_value when its pointer is NULL; a thread id */
        memset(&sev, 0, sizeof(sev));
        sev.sigev_signo = SIGALRM;
        sev.sigev_notify = SIGEV_THREAD_ID;
        sev._sigev_un._tid = 42;
        EV(SYS_timer_create, 0, 0xfffffffe, P1, P2);
        seg_buf(1, &sev, sizeof(sev));
        seg_buf(2, &tid, sizeof(tid));
        assert_string_equal(decode(), "timer_create(0xfffffffe /* CLOCK_??? */, {sigev_signo="
                                      "SIGALRM, sigev_notify=SIGEV_THREAD_ID, "
                                      "sigev_notify_thread_id=42}, [2]) = 0");

        EV(SYS_timer_settime, -EINVAL, 0xdefaced, TIMER_ABSTIME, 0, 0);
        assert_string_equal(decode(), "timer_settime(233811181, TIMER_ABSTIME, NULL, NULL) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_timer_settime, 0, 0, 0, P1, P2);
        seg_buf(2, its, sizeof(its));
        seg_buf(3, (struct timespec[2]){{0, 0}, {0, 0}}, sizeof(its));
        assert_string_equal(decode(), "timer_settime(0, 0, {it_interval={tv_sec=3740978897, "
                                      "tv_nsec=3740978898}, it_value={tv_sec=3740978899, "
                                      "tv_nsec=3740978900}}, {it_interval={tv_sec=0, tv_nsec=0}, "
                                      "it_value={tv_sec=0, tv_nsec=0}}) = 0");
        EV(SYS_timer_gettime, -EFAULT, 0, P1);
        assert_string_equal(decode(), "timer_gettime(0, 0x7ffd1000) = -1 EFAULT (Bad address)");

        EV(SYS_timerfd_settime, 0, 3, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET | 0x40, P1, 0);
        seg_buf(2, its, sizeof(its));
        assert_string_equal(decode(), "timerfd_settime(3, TFD_TIMER_ABSTIME|TFD_TIMER_CANCEL_ON_SET"
                                      "|0x40, {it_interval={tv_sec=3740978897, tv_nsec="
                                      "3740978898}, it_value={tv_sec=3740978899, tv_nsec="
                                      "3740978900}}, NULL) = 0");
        EV(SYS_timerfd_gettime, 0, 3, P1);
        seg_buf(1, its, sizeof(its));
        assert_string_equal(decode(), "timerfd_gettime(3, {it_interval={tv_sec=3740978897, "
                                      "tv_nsec=3740978898}, it_value={tv_sec=3740978899, "
                                      "tv_nsec=3740978900}}) = 0");
}

static void test_clocks(void **state)
{
        const struct timespec ts = {0, 1};
        const struct timeval tv = {-1, 1000000};
        const struct timezone tz = {-60, 1};

        (void)state;
        EV(SYS_clock_getres, 0, CLOCK_MONOTONIC, P1);
        seg_buf(1, &ts, sizeof(ts));
        assert_string_equal(decode(), "clock_getres(CLOCK_MONOTONIC, {tv_sec=0, tv_nsec=1}) = 0");
        EV(SYS_clock_gettime, -EINVAL, CLOCK_MONOTONIC, P1);
        seg_buf(1, &ts, sizeof(ts));
        assert_string_equal(
            decode(), "clock_gettime(CLOCK_MONOTONIC, 0x7ffd1000) = -1 EINVAL (Invalid argument)");
        EV(SYS_clock_settime, -EINVAL, CLOCK_THREAD_CPUTIME_ID, P1);
        seg_buf(1, &ts, sizeof(ts));
        assert_string_equal(decode(), "clock_settime(CLOCK_THREAD_CPUTIME_ID, {tv_sec=0, "
                                      "tv_nsec=1}) = -1 EINVAL (Invalid argument)");

        EV(SYS_settimeofday, -EINVAL, P1, P2);
        seg_buf(0, &tv, sizeof(tv));
        seg_buf(1, &tz, sizeof(tz));
        assert_string_equal(decode(), "settimeofday({tv_sec=-1, tv_usec=1000000}, {tz_minuteswest="
                                      "-60, tz_dsttime=1}) = -1 EINVAL (Invalid argument)");
        EV(SYS_gettimeofday, 0, P1, 0);
        seg_buf(0, &tv, sizeof(tv));
        assert_string_equal(decode(), "gettimeofday({tv_sec=-1, tv_usec=1000000}, NULL) = 0");

        EV(SYS_sched_rr_get_interval, 0, 0, P1);
        seg_buf(1, &(struct timespec){0, 0}, sizeof(ts));
        assert_string_equal(decode(), "sched_rr_get_interval(0, {tv_sec=0, tv_nsec=0}) = 0");
        EV(SYS_sched_rr_get_interval, -EINVAL, -1, P1);
        assert_string_equal(decode(),
                            "sched_rr_get_interval(-1, 0x7ffd1000) = -1 EINVAL (Invalid argument)");
}

static void test_sleeps(void **state)
{
        const struct timespec req = {0, 999999999}, rem = {0, 883898027};

        (void)state;
        /* the remainder only after an interruption */
        EV(SYS_nanosleep, -K_ERESTART_RESTARTBLOCK, P1, P2);
        seg_buf(0, &req, sizeof(req));
        seg_buf(1, &rem, sizeof(rem));
        assert_string_equal(decode(), "nanosleep({tv_sec=0, tv_nsec=999999999}, {tv_sec=0, "
                                      "tv_nsec=883898027}) = ? ERESTART_RESTARTBLOCK (Interrupted "
                                      "by signal)");
        EV(SYS_nanosleep, 0, P1, P2);
        seg_buf(0, &req, sizeof(req));
        seg_buf(1, &rem, sizeof(rem));
        assert_string_equal(decode(), "nanosleep({tv_sec=0, tv_nsec=999999999}, 0x7ffd2000) = 0");
        EV(SYS_clock_nanosleep, -K_ERESTART_RESTARTBLOCK, CLOCK_REALTIME, 0, P1, P2);
        seg_buf(2, &req, sizeof(req));
        seg_buf(3, &rem, sizeof(rem));
        assert_string_equal(decode(), "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec="
                                      "999999999}, {tv_sec=0, tv_nsec=883898027}) = ? "
                                      "ERESTART_RESTARTBLOCK (Interrupted by signal)");
        /* an absolute sleep has no remainder */
        EV(SYS_clock_nanosleep, -514, CLOCK_REALTIME, TIMER_ABSTIME, P1, P2);
        seg_buf(2, &req, sizeof(req));
        seg_buf(3, &rem, sizeof(rem));
        assert_string_equal(decode(), "clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, {tv_sec=0, "
                                      "tv_nsec=999999999}, 0x7ffd2000) = ? ERESTARTNOHAND (To be "
                                      "restarted if no handler)");
}

static void test_time_and_timex(void **state)
{
        const int64_t t = 1492350678;
        struct timex tx;

        (void)state;
        EV(SYS_time, 1492350678, 0);
        assert_string_equal(decode(), "time(NULL) = 1492350678 (2017-04-16T13:51:18+0000)");
        EV(SYS_time, 1492350678, P1);
        seg_buf(0, &t, sizeof(t));
        assert_string_equal(decode(), "time([1492350678 /* 2017-04-16T13:51:18+0000 */]) = "
                                      "1492350678 (2017-04-16T13:51:18+0000)");
        EV(SYS_time, -EFAULT, P1);
        seg_fault(0);
        assert_string_equal(decode(), "time(0x7ffd1000) = -1 EFAULT (Bad address)");

        memset(&tx, 0, sizeof(tx));
        tx.modes = ADJ_OFFSET_SS_READ | 0x400;
        tx.maxerror = 16000000;
        tx.esterror = 16000000;
        tx.status = STA_UNSYNC | 0x10000;
        tx.constant = 2;
        tx.precision = 1;
        tx.tolerance = 32768000;
        tx.time.tv_sec = 1796144430;
        tx.time.tv_usec = 292518;
        tx.tick = 10000;
        tx.tai = -1;
        EV(SYS_adjtimex, 5, P1);
        seg_buf(0, &tx, sizeof(tx));
        assert_string_equal(decode(),
                            "adjtimex({modes=ADJ_OFFSET_SS_READ|0x400, offset=0, freq=0, maxerror="
                            "16000000, esterror=16000000, status=STA_UNSYNC|0x10000, constant=2, "
                            "precision=1, tolerance=32768000, time={tv_sec=1796144430, tv_usec="
                            "292518}, tick=10000, ppsfreq=0, jitter=0, shift=0, stabil=0, jitcnt=0,"
                            " calcnt=0, errcnt=0, stbcnt=0, tai=-1}) = 5 (TIME_ERROR)");
        EV(SYS_adjtimex, -EFAULT, 0);
        assert_string_equal(decode(), "adjtimex(NULL) = -1 EFAULT (Bad address)");
        EV(SYS_clock_adjtime, -EFAULT, CLOCK_REALTIME, P1);
        seg_fault(1);
        assert_string_equal(decode(),
                            "clock_adjtime(CLOCK_REALTIME, 0x7ffd1000) = -1 EFAULT (Bad address)");
}

static void test_file_times(void **state)
{
        const struct timespec ts[2] = {{1492358706, 123456789}, {1492357068, 234567890}};
        const struct timespec special[2] = {{0, UTIME_NOW}, {42, UTIME_OMIT}};
        const struct timeval tv[2] = {{1492358706, 123456}, {0xdeadbeef, 0xfacefeed}};
        const struct utimbuf ub = {1492350678, 1492350678};

        (void)state;
        EV(SYS_utimensat, -ENOENT, AT_FDCWD, P1, P2, AT_SYMLINK_NOFOLLOW);
        seg_str(1, "utimensat\nfilename");
        seg_buf(2, ts, sizeof(ts));
        assert_string_equal(decode(),
                            "utimensat(AT_FDCWD, \"utimensat\\nfilename\", [{tv_sec=1492358706, "
                            "tv_nsec=123456789} /* 2017-04-16T16:05:06.123456789+0000 */, "
                            "{tv_sec=1492357068, tv_nsec=234567890} /* 2017-04-16T15:37:48."
                            "234567890+0000 */], AT_SYMLINK_NOFOLLOW) = -1 ENOENT (No such file "
                            "or directory)");
        EV(SYS_utimensat, 0, 3, 0, P2, 0);
        seg_buf(2, special, sizeof(special));
        assert_string_equal(decode(), "utimensat(3, NULL, [UTIME_NOW, UTIME_OMIT], 0) = 0");
        /* a pair of which only the first could be read */
        EV(SYS_utimensat, -EFAULT, AT_FDCWD, P1, P2, 0);
        seg_str(1, "f");
        seg_fault(2);
        assert_string_equal(decode(),
                            "utimensat(AT_FDCWD, \"f\", 0x7ffd2000, 0) = -1 EFAULT (Bad address)");

        EV(SYS_futimesat, -EINVAL, AT_FDCWD, P1, P2);
        seg_str(1, "futimesat_sample");
        seg_buf(2, tv, sizeof(tv));
        assert_string_equal(decode(), "futimesat(AT_FDCWD, \"futimesat_sample\", [{tv_sec="
                                      "1492358706, tv_usec=123456} /* 2017-04-16T16:05:06.123456"
                                      "+0000 */, {tv_sec=3735928559, tv_usec=4207869677}]) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_utimes, -ENOENT, P1, 0);
        seg_str(0, "x");
        assert_string_equal(decode(),
                            "utimes(\"x\", NULL) = -1 ENOENT (No such file or directory)");
        EV(SYS_utime, -ENOENT, P1, P2);
        seg_str(0, "utime\nfilename");
        seg_buf(1, &ub, sizeof(ub));
        assert_string_equal(decode(), "utime(\"utime\\nfilename\", {actime=1492350678 /* "
                                      "2017-04-16T13:51:18+0000 */, modtime=1492350678 /* "
                                      "2017-04-16T13:51:18+0000 */}) = -1 ENOENT (No such file or "
                                      "directory)");
        /* time 0 has no comment */
        EV(SYS_utime, 0, P1, P2);
        seg_str(0, "f");
        seg_buf(1, &(struct utimbuf){0, 0}, sizeof(ub));
        assert_string_equal(decode(), "utime(\"f\", {actime=0, modtime=0}) = 0");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_itimers),        cmocka_unit_test(test_posix_timers),
            cmocka_unit_test(test_clocks),         cmocka_unit_test(test_sleeps),
            cmocka_unit_test(test_time_and_timex), cmocka_unit_test(test_file_times),
        };

        /* strace's comments are local time: the expected strings are UTC */
        setenv("TZ", "UTC", 1);
        tzset();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
