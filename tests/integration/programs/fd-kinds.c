// SPDX-License-Identifier: MIT
/*
 * One fd of each kind strace -y and -yy name: a file (opened relative to a
 * chdir), a pipe, a Unix stream socket pair, a TCP connection on loopback
 * (listener on port 0), a UDP socket, a netlink socket, /dev/null, an
 * eventfd and a dup of each; a thread and a child write through them too.
 * Each is written to or read from once, then the process lingers argv[1] ms
 * (default 300) so that a tracer printing after the call finds it alive.
 * Argument "-" instead: exit at once.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fds[16];

static void *thread_main(void *arg)
{
        (void)arg;
        if (write(fds[2], "t", 1) != 1) /* the pipe's write end */
                abort();
        return NULL;
}

int main(int argc, char **argv)
{
        long linger = argc > 1 && strcmp(argv[1], "-") ? atol(argv[1]) : argc > 1 ? 0 : 300;
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t alen = sizeof(a);
        char c;
        pthread_t t;

        if (chdir("/etc") < 0)
                return 1;
        fds[0] = open("hostname", O_RDONLY);
        if (fds[0] < 0 || pipe(fds + 1) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, fds + 3) < 0)
                return 1;
        int l = socket(AF_INET, SOCK_STREAM, 0);
        if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0 ||
            getsockname(l, (struct sockaddr *)&a, &alen) < 0)
                return 1;
        fds[5] = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(fds[5], (struct sockaddr *)&a, sizeof(a)) < 0)
                return 1;
        fds[6] = accept(l, NULL, NULL);
        fds[7] = socket(AF_INET, SOCK_DGRAM, 0);
        fds[8] = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
        fds[9] = open("/dev/null", O_WRONLY);
        fds[10] = eventfd(0, 0);
        fds[11] = dup(fds[5]);
        if (read(fds[0], &c, 1) != 1 || write(fds[2], "p", 1) != 1 || write(fds[3], "u", 1) != 1 ||
            write(fds[5], "t", 1) != 1 || write(fds[9], "n", 1) != 1 || write(fds[11], "d", 1) != 1)
                return 1;
        uint64_t one = 1;
        if (write(fds[10], &one, sizeof(one)) != sizeof(one))
                return 1;
        if (pthread_create(&t, NULL, thread_main, NULL) || pthread_join(t, NULL))
                return 1;
        pid_t pid = fork();
        if (pid == 0)
                _exit(write(fds[6], "c", 1) == 1 ? 0 : 1);
        int st;
        if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
                return 1;
        struct timespec ts = {linger / 1000, (linger % 1000) * 1000000};
        nanosleep(&ts, NULL);
        return 0;
}
