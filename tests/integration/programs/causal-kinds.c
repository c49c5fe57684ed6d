// SPDX-License-Identifier: MIT
/*
 * Programs of known causal structure, one per argument, for the causality
 * tests (test-causal.c): each makes the edges it is named after a known
 * number of times, and nothing else crosses between its tasks.
 *
 *   pingpong N   parent writes "ping" into a pipe, the child reads it and
 *                answers "pong" on another pipe, N rounds; then wait4
 *   socketpair N the same over a unix SOCK_STREAM socketpair
 *   dgram N      the same over a unix SOCK_DGRAM socketpair (a message each)
 *   condvar N    a thread waits on a condition variable that the main
 *                thread signals N times (handshake through the mutex)
 *   signal       the child waits in pause(); the parent kill()s it with
 *                SIGUSR1; the handler ends the child; the parent reaps it
 *   eventfd N    the parent writes an eventfd N times, the child reads it
 *                N times (acknowledging each through a pipe)
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int full_read(int fd, char *buf, size_t n)
{
        size_t got = 0;

        while (got < n) {
                ssize_t r = read(fd, buf + got, n - got);
                if (r <= 0)
                        return -1;
                got += (size_t)r;
        }
        return 0;
}

static int reap(pid_t pid)
{
        int st;

        if (waitpid(pid, &st, 0) != pid)
                return 1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

/* Two channels: a[0]/a[1] parent -> child, b[0]/b[1] child -> parent. */
static int rounds(int to_child, int from_child, int child_in, int child_out, int n,
                  int close_parent[2], int close_child[2])
{
        char buf[4];
        pid_t pid = fork();

        if (pid < 0)
                return 1;
        if (pid == 0) {
                close(close_child[0]);
                close(close_child[1]);
                for (int i = 0; i < n; i++) {
                        if (full_read(child_in, buf, 4) < 0 || memcmp(buf, "ping", 4))
                                _exit(2);
                        if (write(child_out, "pong", 4) != 4)
                                _exit(3);
                }
                _exit(0);
        }
        close(close_parent[0]);
        close(close_parent[1]);
        for (int i = 0; i < n; i++) {
                if (write(to_child, "ping", 4) != 4)
                        return 1;
                if (full_read(from_child, buf, 4) < 0 || memcmp(buf, "pong", 4))
                        return 1;
        }
        return reap(pid);
}

static int pingpong(int n)
{
        int a[2], b[2];

        if (pipe(a) || pipe(b))
                return 1;
        int cp[2] = {a[0], b[1]}, cc[2] = {a[1], b[0]};
        return rounds(a[1], b[0], a[0], b[1], n, cp, cc);
}

static int sockpair(int n, int type)
{
        int sv[2];

        if (socketpair(AF_UNIX, type, 0, sv))
                return 1;
        /* parent keeps sv[0], child sv[1]; "close" lists hold a dup each */
        int dp = dup(sv[1]), dc = dup(sv[0]);
        int cp[2] = {dp, sv[1]}, cc[2] = {dc, sv[0]};
        return rounds(sv[0], sv[0], sv[1], sv[1], n, cp, cc);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER, ack = PTHREAD_COND_INITIALIZER;
static int posted, taken;

static void *waiter(void *arg)
{
        int n = *(int *)arg;

        pthread_mutex_lock(&mu);
        for (int i = 0; i < n; i++) {
                while (posted == taken)
                        pthread_cond_wait(&cv, &mu);
                taken++;
                pthread_cond_signal(&ack);
        }
        pthread_mutex_unlock(&mu);
        return NULL;
}

static int condvar(int n)
{
        pthread_t t;

        if (pthread_create(&t, NULL, waiter, &n))
                return 1;
        for (int i = 0; i < n; i++) {
                /* give the waiter time to block: the wake is then a real one */
                usleep(20000);
                pthread_mutex_lock(&mu);
                posted++;
                pthread_cond_signal(&cv);
                while (taken != posted)
                        pthread_cond_wait(&ack, &mu);
                pthread_mutex_unlock(&mu);
        }
        return pthread_join(t, NULL) ? 1 : 0;
}

static void on_usr1(int sig)
{
        (void)sig;
        _exit(0);
}

static int signal_child(void)
{
        int ready[2];
        char c;

        if (pipe(ready))
                return 1;
        pid_t pid = fork();
        if (pid < 0)
                return 1;
        if (pid == 0) {
                signal(SIGUSR1, on_usr1);
                if (write(ready[1], "r", 1) != 1)
                        _exit(3);
                for (;;)
                        pause();
        }
        if (read(ready[0], &c, 1) != 1)
                return 1;
        usleep(50000); /* into pause() */
        if (kill(pid, SIGUSR1))
                return 1;
        return reap(pid);
}

static int eventfd_pair(int n)
{
        int efd = eventfd(0, 0), acks[2];
        char c;

        if (efd < 0 || pipe(acks))
                return 1;
        pid_t pid = fork();
        if (pid < 0)
                return 1;
        if (pid == 0) {
                for (int i = 0; i < n; i++) {
                        uint64_t v;
                        if (read(efd, &v, sizeof(v)) != sizeof(v) || v != 1)
                                _exit(2);
                        if (write(acks[1], "a", 1) != 1)
                                _exit(3);
                }
                _exit(0);
        }
        for (int i = 0; i < n; i++) {
                uint64_t one = 1;
                if (write(efd, &one, sizeof(one)) != sizeof(one) || read(acks[0], &c, 1) != 1)
                        return 1;
        }
        return reap(pid);
}

int main(int argc, char **argv)
{
        int n = argc > 2 ? atoi(argv[2]) : 3;

        if (argc < 2)
                return 2;
        if (!strcmp(argv[1], "pingpong"))
                return pingpong(n);
        if (!strcmp(argv[1], "socketpair"))
                return sockpair(n, SOCK_STREAM);
        if (!strcmp(argv[1], "dgram"))
                return sockpair(n, SOCK_DGRAM);
        if (!strcmp(argv[1], "condvar"))
                return condvar(n);
        if (!strcmp(argv[1], "signal"))
                return signal_child();
        if (!strcmp(argv[1], "eventfd"))
                return eventfd_pair(n);
        fprintf(stderr, "causal-kinds: unknown mode %s\n", argv[1]);
        return 2;
}
