// SPDX-License-Identifier: MIT
/*
 * A program that goes quiet after a call: writes "marker PID\n" to stdout,
 * then waits (up to 30 s) for stdin to close. With --loop it writes one
 * marker per byte read from stdin until EOF (trace --pid attaches to it
 * while it runs). Live-output tests read the marker's line while it waits.
 */
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int marker(void)
{
        char b[64];
        int n = snprintf(b, sizeof(b), "marker %d\n", (int)getpid());

        return write(1, b, (size_t)n) == n ? 0 : 1;
}

int main(int argc, char **argv)
{
        bool loop = argc > 1 && !strcmp(argv[1], "--loop");
        struct pollfd p = {.fd = 0, .events = POLLIN};
        char c;

        if (!loop) {
                if (marker())
                        return 1;
                poll(&p, 1, 30000);
                return 0;
        }
        while (read(0, &c, 1) == 1)
                if (marker())
                        return 1;
        return 0;
}
