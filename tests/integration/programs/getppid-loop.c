// SPDX-License-Identifier: MIT
/* Calls getppid N times (default 1000): a known syscall count. */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        long n = argc > 1 ? atol(argv[1]) : 1000;

        for (long i = 0; i < n; i++)
                syscall(SYS_getppid);
        return 0;
}
