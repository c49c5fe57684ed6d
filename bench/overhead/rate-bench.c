// SPDX-License-Identifier: MIT
/* getppid at a fixed rate: RATE calls per second for SECONDS, issued in
 * bursts every millisecond. Prints the calls made. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        long rate = argc > 1 ? atol(argv[1]) : 100000;
        double seconds = argc > 2 ? atof(argv[2]) : 1.0;
        long per_ms = rate / 1000, total = 0;
        struct timespec next, start, end;

        clock_gettime(CLOCK_MONOTONIC, &next);
        start = next;
        for (long ms = 0; ms < (long)(seconds * 1000); ms++) {
                for (long i = 0; i < per_ms; i++)
                        syscall(SYS_getppid);
                total += per_ms;
                next.tv_nsec += 1000000;
                if (next.tv_nsec >= 1000000000) {
                        next.tv_nsec -= 1000000000;
                        next.tv_sec++;
                }
                clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
        }
        clock_gettime(CLOCK_MONOTONIC, &end);
        printf("calls=%ld seconds=%.3f\n", total,
               (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
        return 0;
}
