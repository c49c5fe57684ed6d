// SPDX-License-Identifier: MIT
/*
 * Signals of every kind a tracer shows: kill() to itself (a handler),
 * sigqueue() with a value, a child's exit (SIGCHLD left at its default), a
 * child killed by SIGTERM, and a fatal SIGSEGV at the end (exit 139).
 * SIGUSR2 stays blocked, so each rt_sigreturn restores a mask of [USR2].
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void handler(int sig)
{
        (void)sig;
}

int main(void)
{
        union sigval v = {.sival_int = 42};
        sigset_t block;
        pid_t c;

        sigemptyset(&block);
        sigaddset(&block, SIGUSR2);
        sigprocmask(SIG_BLOCK, &block, NULL);
        signal(SIGUSR1, handler);
        kill(getpid(), SIGUSR1);
        signal(SIGRTMIN + 1, handler);
        sigqueue(getpid(), SIGRTMIN + 1, v);
        c = fork();
        if (c == 0)
                _exit(3);
        waitpid(c, NULL, 0);
        c = fork();
        if (c == 0) {
                pause();
                _exit(0);
        }
        kill(c, SIGTERM);
        waitpid(c, NULL, 0);
        signal(SIGSEGV, SIG_DFL);
        /* a pointer the compiler cannot see through: address 8 */
        volatile uintptr_t where = 8;
        *(volatile int *)where = 1;
        return 0;
}
