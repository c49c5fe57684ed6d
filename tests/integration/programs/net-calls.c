// SPDX-License-Identifier: MIT
/*
 * Network, message, polling and transfer calls with valid, invalid and edge
 * arguments, for the line-by-line differential against strace 6.1
 * (test-strace-diff.c). Every address strace would print is a fixed bad
 * one, so the two traces agree whatever the layout of this process.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#define BAD ((void *)0x10)

static void messages(void)
{
        int sv[2], fds[2] = {0, 1};
        char data[] = "0123456789abcdef", in[64];
        struct iovec iov[3] = {{data, 3}, {data + 3, 5}, {data + 8, 7}};
        union {
                struct cmsghdr h;
                char buf[CMSG_SPACE(sizeof(fds)) + CMSG_SPACE(sizeof(struct ucred))];
        } ctl;
        struct msghdr m = {.msg_iov = iov, .msg_iovlen = 3};
        struct cmsghdr *c;
        struct sockaddr_un name;
        struct iovec riov[2] = {{in, 8}, {in + 8, 40}};
        struct ucred cred = {.pid = 1, .uid = 0, .gid = 0};

        if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
                return;
        /* plain data, then SCM_RIGHTS and SCM_CREDENTIALS together */
        sendmsg(sv[0], &m, 0);
        memset(&ctl, 0, sizeof(ctl));
        m.msg_control = ctl.buf;
        m.msg_controllen = sizeof(ctl.buf);
        c = CMSG_FIRSTHDR(&m);
        c->cmsg_len = CMSG_LEN(sizeof(fds));
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        memcpy(CMSG_DATA(c), fds, sizeof(fds));
        c = CMSG_NXTHDR(&m, c);
        c->cmsg_len = CMSG_LEN(sizeof(cred));
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_CREDENTIALS;
        /* root may name another process (and pid 1 is the same in both runs) */
        cred.pid = 1;
        memcpy(CMSG_DATA(c), &cred, sizeof(cred));
        sendmsg(sv[0], &m, MSG_DONTWAIT);
        /* invalid: no header, an unreadable one, a bad fd, a short and an
         * unreadable control buffer, a cmsg_len beyond the buffer */
        sendmsg(-1, NULL, 0);
        sendmsg(-1, BAD, 0);
        m.msg_control = BAD;
        m.msg_controllen = 3;
        sendmsg(-1, &m, 0);
        m.msg_control = BAD;
        m.msg_controllen = 16;
        sendmsg(-1, &m, 0);
        m.msg_control = ctl.buf;
        m.msg_controllen = CMSG_SPACE(sizeof(fds)) + 4;
        c = CMSG_FIRSTHDR(&m);
        c->cmsg_len = 1000;
        sendmsg(-1, &m, 0);

        /* receive both, the second with a name buffer and control room */
        memset(&m, 0, sizeof(m));
        m.msg_iov = riov;
        m.msg_iovlen = 2;
        recvmsg(sv[1], &m, 0);
        memset(&ctl, 0, sizeof(ctl));
        /* a socketpair's peer has no name: NULL keeps the address out */
        m.msg_name = NULL;
        m.msg_namelen = sizeof(name);
        m.msg_control = ctl.buf;
        m.msg_controllen = sizeof(ctl.buf);
        recvmsg(sv[1], &m, MSG_DONTWAIT);
        /* nothing left: EAGAIN shows the length given */
        m.msg_namelen = 7;
        recvmsg(sv[1], &m, MSG_DONTWAIT);
        recvmsg(-1, NULL, 0);
        recvmsg(-1, BAD, 0);
        close(sv[0]);
        close(sv[1]);
}

static void vectors(void)
{
        int sv[2], s;
        char a[] = "0123456789", in[2][16];
        struct iovec iov[3] = {{a, 3}, {a + 3, 4}, {a + 7, 3}};
        struct iovec riov[2] = {{in[0], 16}, {in[1], 16}};
        struct mmsghdr mm[2] = {{.msg_hdr = {.msg_iov = iov, .msg_iovlen = 2}},
                                {.msg_hdr = {.msg_iov = iov + 2, .msg_iovlen = 1}}};
        struct mmsghdr rm[2] = {{.msg_hdr = {.msg_iov = riov, .msg_iovlen = 1}},
                                {.msg_hdr = {.msg_iov = riov + 1, .msg_iovlen = 1}}};
        struct timespec ts = {0, 0};
        struct ip_mreq mreq;
        struct group_req greq = {.gr_interface = 1};
        struct sockaddr_in *gin = (struct sockaddr_in *)&greq.gr_group;

        if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
                return;
        sendmmsg(sv[0], mm, 2, MSG_DONTWAIT);
        recvmmsg(sv[1], rm, 2, MSG_DONTWAIT, &ts);
        recvmmsg(sv[1], rm, 2, MSG_DONTWAIT, NULL);
        sendmmsg(-1, mm, 2, 0);
        sendmmsg(-1, NULL, 0, 0);
        recvmmsg(-1, BAD, 1, 0, BAD);
        /* a vector longer than -s: strace shows 32 elements, then "..." */
        {
                static struct mmsghdr many[40];

                for (unsigned k = 0; k < 40; k++) {
                        many[k].msg_hdr.msg_iov = iov + 2;
                        many[k].msg_hdr.msg_iovlen = 1;
                }
                sendmmsg(-1, many, 40, 0);
        }
        close(sv[0]);
        close(sv[1]);

        s = socket(AF_INET, SOCK_DGRAM, 0);
        mreq.imr_multiaddr.s_addr = htonl(0xe0000003);
        mreq.imr_interface.s_addr = htonl(INADDR_LOOPBACK);
        setsockopt(s, SOL_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq));
        setsockopt(s, SOL_IP, IP_DROP_MEMBERSHIP, &mreq, sizeof(mreq));
        setsockopt(s, SOL_IP, IP_ADD_MEMBERSHIP, BAD, sizeof(mreq) - 1);
        gin->sin_family = AF_INET;
        gin->sin_addr.s_addr = htonl(0xe0000003);
        setsockopt(s, SOL_IP, MCAST_JOIN_GROUP, &greq, sizeof(greq));
        setsockopt(s, SOL_IP, MCAST_LEAVE_GROUP, &greq, sizeof(greq));
        setsockopt(s, SOL_IPV6, MCAST_JOIN_GROUP, BAD, sizeof(greq) - 1);
        setsockopt(s, SOL_IPV6, IPV6_ADD_MEMBERSHIP, BAD, 3);
        close(s);
}

static void polling(void)
{
        int p[2];
        fd_set r, w, e;
        struct timeval tv = {0, 0};
        struct timespec ts = {0, 0};
        sigset_t mask;
        struct pollfd pfd[2];
        struct {
                const sigset_t *ss;
                size_t len;
        } pack = {&mask, 8};

        if (pipe(p))
                return;
        FD_ZERO(&r);
        FD_ZERO(&w);
        FD_ZERO(&e);
        FD_SET(p[0], &r);
        FD_SET(p[1], &w);
        FD_SET(p[0], &e);
        syscall(SYS_select, p[1] + 1, &r, &w, &e, &tv);
        syscall(SYS_select, p[1] + 1, &r, &w, NULL, NULL);
        syscall(SYS_select, -1, NULL, BAD, NULL, NULL);
        syscall(SYS_select, 0, NULL, NULL, NULL, BAD);
        FD_ZERO(&r);
        FD_SET(p[0], &r);
        syscall(SYS_select, p[0] + 1, &r, NULL, NULL, &tv);
        sigemptyset(&mask);
        sigaddset(&mask, SIGHUP);
        sigaddset(&mask, SIGCHLD);
        FD_ZERO(&w);
        FD_SET(p[1], &w);
        syscall(SYS_pselect6, p[1] + 1, NULL, &w, NULL, &ts, &pack);
        pack.ss = NULL;
        syscall(SYS_pselect6, p[1] + 1, NULL, &w, NULL, NULL, &pack);
        syscall(SYS_pselect6, 0, NULL, NULL, NULL, NULL, BAD);
        pfd[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
        pfd[1] = (struct pollfd){.fd = p[1], .events = POLLOUT};
        ppoll(pfd, 2, &ts, &mask);
        ppoll(pfd, 1, &ts, NULL);
        syscall(SYS_ppoll, NULL, 0, BAD, BAD, 16);
        close(p[0]);
        close(p[1]);
}

static void transfers(void)
{
        int p[2], fd;
        loff_t off = 0;
        off_t soff = 0;
        char data[] = "0123456789abcdef";
        struct iovec iov[2] = {{data, 4}, {data + 4, 6}};

        if (pipe(p))
                return;
        vmsplice(p[1], iov, 2, SPLICE_F_NONBLOCK);
        fd = open("/proc/self/exe", O_RDONLY);
        splice(fd, &off, p[1], NULL, 16, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        splice(-1, BAD, -2, NULL, 1, 0xff);
        copy_file_range(-1, &off, -2, NULL, 1, 0);
        sendfile(p[1], fd, &soff, 8);
        sendfile(p[1], fd, NULL, 0);
        sendfile(-1, -2, BAD, 1);
        sync_file_range(-1, 1, 2, 0xffffffff);
        close(fd);
        close(p[0]);
        close(p[1]);
}

int main(void)
{
        messages();
        vectors();
        polling();
        transfers();
        return 0;
}
