// SPDX-License-Identifier: MIT
/*
 * Every call strace's -e read=/write= dumps, on known fds: a pipe (3 read
 * end, 4 write end), a socket pair (5, 6), the file argv[1] (7). Buffers
 * of several lines, a binary one, vectors, messages, a failed write and
 * a cut one (argv[2] given: a 3000-byte write, more than the kernel
 * copies of a buffer).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        int p[2], s[2];
        char buf[4096], a[64], b[64];
        unsigned char bin[40];

        if (argc < 2 || pipe(p) || socketpair(AF_UNIX, SOCK_DGRAM, 0, s))
                return 1;
        int f = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
        if (f != 7 || p[0] != 3 || s[0] != 5)
                return 2;
        for (unsigned i = 0; i < sizeof(bin); i++)
                bin[i] = (unsigned char)(i * 7 + 0x70);

        const char *text = "The quick brown fox jumps over the lazy dog.\n";
        if (write(p[1], text, strlen(text)) < 0 || read(p[0], buf, sizeof(buf)) < 0)
                return 3;
        if (write(p[1], bin, sizeof(bin)) < 0 || read(p[0], buf, sizeof(buf)) < 0)
                return 3;
        /* the read end is not open for writing */
        if (write(p[0], "x", 1) >= 0)
                return 4;

        struct iovec wv[3] = {{(void *)"vector one, ", 12}, {(void *)"", 0}, {bin, 20}};
        if (writev(p[1], wv, 3) < 0)
                return 5;
        struct iovec rv[2] = {{a, 5}, {b, 30}};
        if (readv(p[0], rv, 2) < 0)
                return 5;

        if (pwrite(f, text, 20, 100) < 0 || pread(f, buf, 64, 90) < 0)
                return 6;
        struct iovec pv[2] = {{(void *)"pw-one", 6}, {(void *)"pw-two-longer", 13}};
        if (pwritev(f, pv, 2, 0) < 0)
                return 6;
        struct iovec qv[2] = {{a, 4}, {b, 40}};
        if (preadv(f, qv, 2, 0) < 0)
                return 6;

        if (sendto(s[0], "datagram", 8, 0, NULL, 0) < 0 ||
            recvfrom(s[1], buf, 100, 0, NULL, NULL) < 0)
                return 7;
        struct iovec mv[2] = {{(void *)"msg-", 4}, {(void *)"payload", 7}};
        struct msghdr mh = {.msg_iov = mv, .msg_iovlen = 2};
        if (sendmsg(s[0], &mh, 0) < 0)
                return 8;
        struct iovec rmv[2] = {{a, 6}, {b, 20}};
        struct msghdr rmh = {.msg_iov = rmv, .msg_iovlen = 2};
        if (recvmsg(s[1], &rmh, 0) < 0)
                return 8;

        struct iovec m1[1] = {{(void *)"first", 5}},
                     m2[2] = {{(void *)"sec", 3}, {(void *)"ond", 3}};
        struct mmsghdr out[2] = {{.msg_hdr = {.msg_iov = m1, .msg_iovlen = 1}},
                                 {.msg_hdr = {.msg_iov = m2, .msg_iovlen = 2}}};
        if (sendmmsg(s[0], out, 2, 0) != 2)
                return 9;
        char r1[16], r2[16];
        struct iovec n1[1] = {{r1, 16}}, n2[1] = {{r2, 16}};
        struct mmsghdr in[2] = {{.msg_hdr = {.msg_iov = n1, .msg_iovlen = 1}},
                                {.msg_hdr = {.msg_iov = n2, .msg_iovlen = 1}}};
        if (recvmmsg(s[1], in, 2, 0, NULL) != 2)
                return 9;

        if (argc > 2) {
                /* longer than the kernel copies of one buffer */
                for (unsigned i = 0; i < 3000; i++)
                        buf[i] = (char)('a' + i % 26);
                if (write(f, buf, 3000) != 3000)
                        return 10;
        }
        return 0;
}
