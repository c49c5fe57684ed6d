// SPDX-License-Identifier: MIT
/*
 * Seven tasks writing markers: the main thread, 4 more threads and 2
 * child processes each write N (default 200) lines "marker TID\n" to
 * stdout, so a tracer's prefix on each write can be checked against the
 * tid inside it. No task ends before all have written: every marker is
 * written while all 7 are alive.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static int n = 200;
static pthread_barrier_t done;

static void burst(void)
{
        char b[64];
        int l = snprintf(b, sizeof(b), "marker %d\n", (int)gettid());

        for (int i = 0; i < n; i++)
                if (write(1, b, (size_t)l) != l)
                        abort();
}

static void *thread_main(void *arg)
{
        (void)arg;
        burst();
        pthread_barrier_wait(&done);
        return NULL;
}

int main(int argc, char **argv)
{
        pthread_t t[4];
        pid_t c[2];
        int hold[2];
        char eof;

        if (argc > 1)
                n = atoi(argv[1]);
        /* the children stay until the parent closes this */
        if (pipe(hold) < 0 || pthread_barrier_init(&done, NULL, 5))
                return 1;
        for (int i = 0; i < 2; i++) {
                c[i] = fork();
                if (c[i] < 0)
                        return 1;
                if (c[i] == 0) {
                        close(hold[1]);
                        burst();
                        _exit(read(hold[0], &eof, 1) == 0 ? 0 : 1);
                }
        }
        close(hold[0]);
        for (int i = 0; i < 4; i++)
                if (pthread_create(&t[i], NULL, thread_main, NULL))
                        return 1;
        burst();
        pthread_barrier_wait(&done);
        for (int i = 0; i < 4; i++)
                pthread_join(t[i], NULL);
        close(hold[1]);
        for (int i = 0; i < 2; i++)
                if (waitpid(c[i], NULL, 0) != c[i])
                        return 1;
        return 0;
}
