// SPDX-License-Identifier: MIT
/*
 * Time, clock and timer calls with valid, invalid and edge-case arguments
 * whose trace lines do not depend on when or where the program runs: every
 * structure lives in a page mapped at a fixed address, followed by an
 * unmapped page for the faulting cases, and no call reports a time the
 * kernel read from a clock. The differential test traces it with strace
 * 6.1 and renacerctl and requires identical lines.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#define BASE ((uintptr_t)0x5ec0000000ULL)
#define PAGE 4096

int main(void)
{
        uint8_t *page = mmap((void *)BASE, 2 * PAGE, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        struct itimerval *itv;
        struct itimerspec *its;
        struct timespec *ts;
        struct timeval *tv;
        struct timezone *tz;
        struct sigevent *sev;
        struct utimbuf *ub;
        int *tid, fd;
        uint8_t *end;

        if (page == MAP_FAILED || munmap(page + PAGE, PAGE))
                return 1;
        end = page + PAGE;
        itv = (void *)(page + 0x100);
        its = (void *)(page + 0x200);
        ts = (void *)(page + 0x300);
        tv = (void *)(page + 0x400);
        tz = (void *)(page + 0x500);
        sev = (void *)(page + 0x600);
        ub = (void *)(page + 0x700);
        tid = (void *)(page + 0x800);

        /* interval timers: set, disarm, bogus which, unreadable, half readable */
        *itv = (struct itimerval){{0, 0}, {0, 0}};
        syscall(SYS_setitimer, ITIMER_REAL, itv, NULL);
        *itv = (struct itimerval){{0xc0de1, 0xc0de2}, {0xc0de3, 0xc0de4}};
        syscall(SYS_setitimer, 0xfacefeeddeadbeefULL, itv, itv);
        syscall(SYS_setitimer, ITIMER_VIRTUAL, end - 8, NULL);
        syscall(SYS_setitimer, ITIMER_PROF, end, end);
        syscall(SYS_getitimer, 5, itv);
        syscall(SYS_getitimer, ITIMER_REAL, end);

        /* POSIX timers */
        syscall(SYS_timer_create, CLOCK_REALTIME, NULL, NULL);
        memset(sev, 0, sizeof(*sev));
        sev->sigev_value.sival_ptr = (void *)0xdeadbeefbadc0dedULL;
        sev->sigev_signo = (int)0xfacefeed;
        sev->sigev_notify = 0xdefaced;
        syscall(SYS_timer_create, CLOCK_REALTIME, sev, tid);
        sev->sigev_signo = SIGALRM;
        sev->sigev_notify = SIGEV_THREAD;
        sev->sigev_notify_function = (void (*)(union sigval))0xdeadbeefbadc0dedULL;
        sev->sigev_notify_attributes = (void *)0xcafef00dfacefeedULL;
        syscall(SYS_timer_create, -2, sev, tid);
        memset(sev, 0, sizeof(*sev));
        sev->sigev_signo = SIGUSR1;
        sev->sigev_notify = SIGEV_SIGNAL;
        syscall(SYS_timer_create, CLOCK_MONOTONIC, sev, tid);
        sev->sigev_notify = SIGEV_NONE;
        syscall(SYS_timer_create, CLOCK_MONOTONIC, sev, end - 2);
        *its = (struct itimerspec){{0xdeadbeef, 0xfacefeed}, {0, 0}};
        syscall(SYS_timer_settime, 0xdefaced, TIMER_ABSTIME, its, NULL);
        syscall(SYS_timer_settime, 0xdefaced, 0xff, end - 16, end);
        syscall(SYS_timer_gettime, 0xdefaced, its);

        /* timerfd */
        fd = (int)syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
        *its = (struct itimerspec){{0, 0}, {0, 0}};
        syscall(SYS_timerfd_settime, fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, its, NULL);
        syscall(SYS_timerfd_settime, fd, 0, its, its);
        *its = (struct itimerspec){{1, 2000000000}, {3, 4}};
        syscall(SYS_timerfd_settime, fd, 0x10, its, NULL);
        syscall(SYS_timerfd_gettime, -1, its);
        syscall(SYS_timerfd_gettime, fd, end);
        close(fd);

        /* clocks, time of day, adjtimex: only the failing calls and what
         * the kernel reads, never a clock's value */
        *ts = (struct timespec){0xdeadbeef, 0xfacefeed};
        syscall(SYS_clock_settime, CLOCK_MONOTONIC, ts);
        syscall(SYS_clock_settime, 0xfffffffe, end - 8);
        syscall(SYS_clock_gettime, 0x7fffffff, ts);
        syscall(SYS_clock_getres, CLOCK_REALTIME, end);
        *tv = (struct timeval){-1, 1000000};
        *tz = (struct timezone){-60, 1};
        syscall(SYS_settimeofday, tv, tz);
        syscall(SYS_settimeofday, end, NULL);
        syscall(SYS_gettimeofday, end, end);
        syscall(SYS_adjtimex, NULL);
        syscall(SYS_adjtimex, end - 8);
        syscall(SYS_clock_adjtime, CLOCK_TAI, NULL);
        syscall(SYS_time, end);
        syscall(SYS_nanosleep, end, NULL);
        *ts = (struct timespec){0, 1000000000};
        syscall(SYS_nanosleep, ts, ts);
        *ts = (struct timespec){0, 1};
        syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, ts, NULL);
        syscall(SYS_clock_nanosleep, 0x63, 0x2, ts, end);
        syscall(SYS_sched_rr_get_interval, -1, ts);

        /* file times on a file that does not exist */
        ts[0] = (struct timespec){1492358706, 123456789};
        ts[1] = (struct timespec){0, UTIME_NOW};
        syscall(SYS_utimensat, AT_FDCWD, "/nonexistent/renacer", ts, AT_SYMLINK_NOFOLLOW);
        ts[0] = (struct timespec){-1, UTIME_OMIT};
        ts[1] = (struct timespec){0xdeadbeef, 1000000000};
        syscall(SYS_utimensat, -100, "/nonexistent/renacer", ts, 0x1000);
        syscall(SYS_utimensat, 0xdeadbeef, NULL, end - 16, 0);
        tv[0] = (struct timeval){1492358706, 123456};
        tv[1] = (struct timeval){0, 0};
        syscall(SYS_utimes, "/nonexistent/renacer", tv);
        syscall(SYS_futimesat, AT_FDCWD, "/nonexistent/renacer", tv);
        syscall(SYS_futimesat, -1, "", NULL);
        *ub = (struct utimbuf){1492350678, 0};
        syscall(SYS_utime, "/nonexistent/renacer", ub);
        syscall(SYS_utime, "/nonexistent/renacer", end - 8);
        return 0;
}
