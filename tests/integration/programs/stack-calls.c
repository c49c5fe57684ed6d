// SPDX-License-Identifier: MIT
/*
 * Known call chains for -k: main -> f0 -> f1 -> f2 -> f3 -> chdir, as
 * strace's own stack-fcall test has them. Built at -O0 with frame pointers
 * and at -O2 without (tests/integration/meson.build).
 *   stack-calls             three chdir calls through the chain
 *   stack-calls loop N      N times, 20 ms apart (trace --pid attaches)
 *   stack-calls replace     first puts a symlink to /usr/bin/true where
 *                           its own file was: a mapped file whose path
 *                           now names another must not lend its symbols
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* the empty asm after each call keeps the compiler from making it a tail
 * call, which would drop the frame */
__attribute__((noinline)) void f3(int i)
{
        if (chdir(i & 1 ? "/" : ".") < 0)
                _exit(1);
        __asm__ volatile("");
}

__attribute__((noinline)) void f2(int i)
{
        f3(i);
        __asm__ volatile("");
}

__attribute__((noinline)) void f1(int i)
{
        f2(i);
        __asm__ volatile("");
}

__attribute__((noinline)) void f0(int i)
{
        f1(i);
        __asm__ volatile("");
}

int main(int argc, char **argv)
{
        int n = 3;
        long pause_ns = 0;

        if (argc > 2 && !strcmp(argv[1], "loop")) {
                n = atoi(argv[2]);
                pause_ns = 20 * 1000 * 1000;
        } else if (argc > 1 && !strcmp(argv[1], "replace")) {
                if (unlink(argv[0]) < 0 || symlink("/usr/bin/true", argv[0]) < 0)
                        return 2;
        }
        for (int i = 0; i < n; i++) {
                f0(i);
                if (pause_ns) {
                        struct timespec ts = {0, pause_ns};
                        nanosleep(&ts, NULL);
                }
        }
        return 0;
}
