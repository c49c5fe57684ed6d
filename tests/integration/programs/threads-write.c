// SPDX-License-Identifier: MIT
/* 4 threads, each doing N (default 250) one-byte writes to /dev/null. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static int fd;
static long n = 250;

static void *worker(void *arg)
{
        (void)arg;
        for (long i = 0; i < n; i++)
                if (write(fd, "x", 1) != 1)
                        abort();
        return NULL;
}

int main(int argc, char **argv)
{
        pthread_t t[4];

        if (argc > 1)
                n = atol(argv[1]);
        fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return 1;
        for (int i = 0; i < 4; i++)
                if (pthread_create(&t[i], NULL, worker, NULL))
                        return 1;
        for (int i = 0; i < 4; i++)
                pthread_join(t[i], NULL);
        return 0;
}
