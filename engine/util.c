// SPDX-License-Identifier: MIT
#include "util.h"

#include <time.h>

int write_all(int fd, const void *buf, size_t len)
{
        const char *p = buf;

        while (len > 0) {
                ssize_t n = write(fd, p, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += n;
                len -= (size_t)n;
        }
        return 0;
}

static unsigned long long clock_ns(clockid_t id)
{
        struct timespec ts;

        clock_gettime(id, &ts);
        return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

unsigned long long now_monotonic_ns(void)
{
        return clock_ns(CLOCK_MONOTONIC);
}

unsigned long long now_realtime_ns(void)
{
        return clock_ns(CLOCK_REALTIME);
}
