// SPDX-License-Identifier: MIT
/* A long-running multi-threaded process for `trace --pid`: 3 threads call
 * getppid every millisecond until killed; prints its pid when ready. */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void *worker(void *arg)
{
        struct timespec ms = {0, 1000000};

        (void)arg;
        for (;;) {
                syscall(SYS_getppid);
                nanosleep(&ms, NULL);
        }
        return NULL;
}

int main(void)
{
        pthread_t t[3];

        for (int i = 0; i < 3; i++)
                if (pthread_create(&t[i], NULL, worker, NULL))
                        return 1;
        printf("%d\n", (int)getpid());
        fflush(stdout);
        pause();
        return 0;
}
