// SPDX-License-Identifier: MIT
/* N getppid calls, timed inside the process so that start-up and exit do
 * not count: prints "ns_per_call=<x> calls=<n>". */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        long n = argc > 1 ? atol(argv[1]) : 2000000;
        struct timespec a, b;

        clock_gettime(CLOCK_MONOTONIC, &a);
        for (long i = 0; i < n; i++)
                syscall(SYS_getppid);
        clock_gettime(CLOCK_MONOTONIC, &b);
        double ns = (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
        printf("ns_per_call=%.1f calls=%ld\n", ns / (double)n, n);
        return 0;
}
