// SPDX-License-Identifier: MIT
#include "event-loop.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "util.h"

struct handler {
        loop_fd_fn fn;
        void *data;
        bool used;
};

struct timer {
        uint64_t period_ns, due_ns;
        loop_fn fn;
        void *data;
        bool on;
};

struct loop {
        int epfd;
        struct handler *handlers; /* indexed by fd */
        size_t nhandlers;
        struct timer timers[8];
        size_t ntimers;
        loop_fn before_sleep;
        void *before_sleep_data;
        bool stop;
};

int loop_new(struct loop **ret)
{
        struct loop *l = calloc(1, sizeof(*l));

        if (!l)
                return -ENOMEM;
        l->epfd = epoll_create1(EPOLL_CLOEXEC);
        if (l->epfd < 0) {
                int r = -errno;
                free(l);
                return r;
        }
        *ret = l;
        return 0;
}

void loop_free(struct loop *l)
{
        if (!l)
                return;
        close(l->epfd);
        free(l->handlers);
        free(l);
}

int loop_add(struct loop *l, int fd, uint32_t events, loop_fd_fn fn, void *data)
{
        struct epoll_event ev = {.events = events, .data.fd = fd};

        if (fd < 0)
                return -EBADF;
        if ((size_t)fd >= l->nhandlers) {
                size_t n = MAX((size_t)fd + 1, l->nhandlers * 2);
                struct handler *h = realloc(l->handlers, n * sizeof(*h));
                if (!h)
                        return -ENOMEM;
                memset(h + l->nhandlers, 0, (n - l->nhandlers) * sizeof(*h));
                l->handlers = h;
                l->nhandlers = n;
        }
        if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
                return -errno;
        l->handlers[fd] = (struct handler){.fn = fn, .data = data, .used = true};
        return 0;
}

int loop_mod(struct loop *l, int fd, uint32_t events)
{
        struct epoll_event ev = {.events = events, .data.fd = fd};

        return epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) < 0 ? -errno : 0;
}

void loop_del(struct loop *l, int fd)
{
        if (fd < 0 || (size_t)fd >= l->nhandlers || !l->handlers[fd].used)
                return;
        epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
        l->handlers[fd].used = false;
}

int loop_add_timer(struct loop *l, uint64_t period_ms, loop_fn fn, void *data)
{
        if (l->ntimers == ARRAY_SIZE(l->timers))
                return -ENOSPC;
        l->timers[l->ntimers] = (struct timer){
            .period_ns = period_ms * 1000000ULL,
            .due_ns = now_monotonic_ns() + period_ms * 1000000ULL,
            .fn = fn,
            .data = data,
            .on = true,
        };
        return (int)l->ntimers++;
}

void loop_timer_enable(struct loop *l, int id, bool on)
{
        if (id < 0 || (size_t)id >= l->ntimers || l->timers[id].on == on)
                return;
        l->timers[id].on = on;
        if (on)
                l->timers[id].due_ns = now_monotonic_ns() + l->timers[id].period_ns;
}

void loop_set_before_sleep(struct loop *l, loop_fn fn, void *data)
{
        l->before_sleep = fn;
        l->before_sleep_data = data;
}

void loop_stop(struct loop *l)
{
        l->stop = true;
}

static int next_timeout_ms(struct loop *l)
{
        uint64_t now = now_monotonic_ns(), best = UINT64_MAX;

        for (size_t i = 0; i < l->ntimers; i++)
                if (l->timers[i].on && l->timers[i].due_ns < best)
                        best = l->timers[i].due_ns;
        if (best == UINT64_MAX)
                return -1;
        if (best <= now)
                return 0;
        return (int)((best - now + 999999) / 1000000);
}

static void run_timers(struct loop *l)
{
        uint64_t now = now_monotonic_ns();

        for (size_t i = 0; i < l->ntimers && !l->stop; i++) {
                struct timer *t = &l->timers[i];
                if (!t->on || t->due_ns > now)
                        continue;
                t->due_ns = now + t->period_ns;
                t->fn(l, t->data);
        }
}

int loop_run(struct loop *l)
{
        struct epoll_event evs[64];

        while (!l->stop) {
                if (l->before_sleep)
                        l->before_sleep(l, l->before_sleep_data);
                if (l->stop)
                        break;
                int n = epoll_wait(l->epfd, evs, ARRAY_SIZE(evs), next_timeout_ms(l));
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                for (int i = 0; i < n && !l->stop; i++) {
                        int fd = evs[i].data.fd;
                        /* a handler earlier in this batch may have closed it */
                        if ((size_t)fd < l->nhandlers && l->handlers[fd].used)
                                l->handlers[fd].fn(l, fd, evs[i].events, l->handlers[fd].data);
                }
                run_timers(l);
        }
        return 0;
}
