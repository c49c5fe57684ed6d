// SPDX-License-Identifier: MIT
/*
 * The network, message and I/O transfer decoders (engine/decode/decode-net.c)
 * against strace 6.1. The expected strings are lines strace 6.1 printed for
 * its own tests (tests/msg_control.c, recvmsg.c, msg_name.c) or for the same
 * calls made by hand; the records are built segment by segment the way
 * renacer_capture_msghdr() in bpf/renacer.bpf.c writes them.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>

#include <cmocka.h>

#include "decode.h"

/* Control buffers are built as structs of cmsghdr headers and their data,
 * as strace's own tests build them (a GNU extension clang names). */
#ifdef __clang__
#pragma clang diagnostic ignored "-Wgnu-variable-sized-type-not-at-end"
#endif

/* ---- building records ---- */

static union {
        struct renacer_syscall_event ev;
        uint8_t raw[RENACER_SYSCALL_EVENT_SIZE + 4 * RENACER_PAYLOAD_MAX];
} R;
static struct decoded D;
static char line[2 * DECODE_TEXT_SIZE];

static void ev(int nr, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2)
{
        memset(&R, 0, sizeof(R));
        R.ev.hdr.version = RENACER_EVENT_VERSION;
        R.ev.hdr.kind = RENACER_EV_SYSCALL;
        R.ev.hdr.size = RENACER_SYSCALL_EVENT_SIZE;
        R.ev.hdr.tgid = 100;
        R.ev.hdr.tid = 100;
        R.ev.nr = nr;
        R.ev.ret = ret;
        R.ev.args[0] = a0;
        R.ev.args[1] = a1;
        R.ev.args[2] = a2;
}

static void seg(unsigned arg, unsigned type, unsigned flags, const void *data, size_t len)
{
        struct renacer_seg h = {.arg = arg, .type = type, .flags = flags, .len = (uint16_t)len};
        uint8_t *p = R.raw + RENACER_SYSCALL_EVENT_SIZE + R.ev.payload_len;
        size_t padded = (len + 7) & ~(size_t)7;

        memcpy(p, &h, sizeof(h));
        memset(p + sizeof(h), 0, padded);
        if (len)
                memcpy(p + sizeof(h), data, len);
        R.ev.payload_len += sizeof(h) + padded;
        R.ev.nseg++;
        R.ev.hdr.size = RENACER_SYSCALL_EVENT_SIZE + R.ev.payload_len;
}

static void seg_exit(unsigned arg, const void *data, size_t len)
{
        seg(arg, RENACER_SEG_BUF, RENACER_SEGF_AT_EXIT, data, len);
}

static void seg_fault(unsigned arg)
{
        seg(arg, RENACER_SEG_BUF, RENACER_SEGF_AT_EXIT | RENACER_SEGF_FAULT, NULL, 0);
}

static const char *decode(void)
{
        struct decode_opts o = {.strsize = 0};
        int rc = decode_event(&R.ev, R.ev.hdr.size, &o, &D);

        assert_int_equal(rc, 0);
        rc = decode_format(&D, line, sizeof(line));
        assert_true(rc > 0);
        return line;
}

#define P1 0x7ffd1000ULL /* stand-ins for user addresses */
#define P2 0x7ffd2000ULL
#define P3 0x7ffd3000ULL
#define P4 0x7ffd4000ULL

/* What renacer_capture_msghdr() writes for m: the header, the name, the
 * bounded control length, the control bytes, the iovec array and data. */
static void seg_msghdr(unsigned arg, const struct msghdr *m, const void *name, size_t namelen,
                       uint32_t clen, const void *ctl, size_t ctllen, const struct iovec *iov,
                       unsigned niov)
{
        seg_exit(arg, m, sizeof(*m));
        seg_exit(arg, name, namelen);
        seg(arg, RENACER_SEG_COUNT, RENACER_SEGF_AT_EXIT, &clen, sizeof(clen));
        seg_exit(arg, ctl, ctllen);
        if (m->msg_iov) {
                seg_exit(arg, iov, niov * sizeof(*iov));
                for (unsigned i = 0; i < niov; i++)
                        seg_exit(arg, iov[i].iov_base, iov[i].iov_len);
        }
}

/* ---- sendmsg ---- */

static void test_sendmsg_plain(void **state)
{
        struct iovec iov[3] = {{"012", 3}, {"34567", 5}, {"89abcde", 7}};
        struct msghdr m = {.msg_iov = (struct iovec *)P2, .msg_iovlen = 3};

        (void)state;
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, 0, 0);
        assert_string_equal(decode(), "sendmsg(-1, NULL, 0) = -1 EBADF (Bad file descriptor)");

        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_fault(1);
        assert_string_equal(decode(),
                            "sendmsg(-1, 0x7ffd1000, 0) = -1 EBADF (Bad file descriptor)");

        ev(SYS_sendmsg, 15, 1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 0, NULL, 0, iov, 3);
        assert_string_equal(decode(),
                            "sendmsg(1, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"012\", "
                            "iov_len=3}, {iov_base=\"34567\", iov_len=5}, {iov_base=\"89abcde\", "
                            "iov_len=7}], msg_iovlen=3, msg_controllen=0, msg_flags=0}, 0) = 15");
}

static void test_sendmsg_name(void **state)
{
        struct sockaddr_un un = {.sun_family = AF_UNIX, .sun_path = "c"};
        struct iovec iov[1] = {{"1", 1}};
        struct msghdr m = {.msg_name = (void *)P3,
                           .msg_namelen = 3,
                           .msg_iov = (struct iovec *)P2,
                           .msg_iovlen = 1};

        (void)state;
        ev(SYS_sendmsg, 1, 4, P1, MSG_DONTWAIT);
        seg_msghdr(1, &m, &un, 3, 0, NULL, 0, iov, 1);
        assert_string_equal(decode(), "sendmsg(4, {msg_name={sa_family=AF_UNIX, sun_path=\"c\"}, "
                                      "msg_namelen=3, msg_iov=[{iov_base=\"1\", iov_len=1}], "
                                      "msg_iovlen=1, msg_controllen=0, msg_flags=0}, "
                                      "MSG_DONTWAIT) = 1");
        /* a name shorter than a family is shown as its address */
        m.msg_namelen = 1;
        ev(SYS_sendmsg, 1, 4, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 0, NULL, 0, iov, 1);
        assert_string_equal(decode(), "sendmsg(4, {msg_name=0x7ffd3000, msg_namelen=1, "
                                      "msg_iov=[{iov_base=\"1\", iov_len=1}], msg_iovlen=1, "
                                      "msg_controllen=0, msg_flags=0}, 0) = 1");
}

static void test_sendmsg_rights(void **state)
{
        struct {
                struct cmsghdr h;
                int fds[2];
                struct cmsghdr h2;
                int fd2;
        } ctl = {{CMSG_LEN(8), SOL_SOCKET, SCM_RIGHTS},
                 {-1, -1},
                 {CMSG_LEN(4), SOL_SOCKET, SCM_RIGHTS},
                 5};
        struct msghdr m = {.msg_control = (void *)P4, .msg_controllen = sizeof(ctl)};

        (void)state;
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, sizeof(ctl), &ctl, sizeof(ctl), NULL, 0);
        assert_string_equal(
            decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, msg_iovlen=0, "
                      "msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, "
                      "cmsg_type=SCM_RIGHTS, cmsg_data=[-1, -1]}, {cmsg_len=20, "
                      "cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}], "
                      "msg_controllen=48, msg_flags=0}, 0) = -1 EBADF (Bad file descriptor)");

        /* a tail shorter than a header: its address */
        m.msg_controllen = 30;
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 30, &ctl, 30, NULL, 0);
        assert_string_equal(
            decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, msg_iovlen=0, "
                      "msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, "
                      "cmsg_type=SCM_RIGHTS, cmsg_data=[-1, -1]}, ... /* 0x7ffd4018 */], "
                      "msg_controllen=30, msg_flags=0}, 0) = -1 EBADF (Bad file descriptor)");

        /* unreadable control data and one shorter than a header: the address */
        m.msg_controllen = 16;
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 16, NULL, 0, NULL, 0);
        R.raw[RENACER_SYSCALL_EVENT_SIZE + R.ev.payload_len - 8 + 2] |= RENACER_SEGF_FAULT;
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
                                      "msg_iovlen=0, msg_control=0x7ffd4000, msg_controllen=16, "
                                      "msg_flags=0}, 0) = -1 EBADF (Bad file descriptor)");
        m.msg_controllen = 1;
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 1, NULL, 0, NULL, 0);
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
                                      "msg_iovlen=0, msg_control=0x7ffd4000, msg_controllen=1, "
                                      "msg_flags=0}, 0) = -1 EBADF (Bad file descriptor)");
}

/* tests/msg_control.c's test_big_len(): msg_controllen beyond optmem_max,
 * the first -s fds, then "..." twice (the array, the control data) */
static void test_sendmsg_big(void **state)
{
        uint8_t ctl[16 + 40 * 4];
        struct cmsghdr h = {262144, SOL_SOCKET, SCM_RIGHTS};
        struct msghdr m = {.msg_control = (void *)P4, .msg_controllen = 262144};
        char want[1024];
        int n;

        (void)state;
        memcpy(ctl, &h, sizeof(h));
        memset(ctl + 16, 0xff, sizeof(ctl) - 16);
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 131072, ctl, sizeof(ctl), NULL, 0);
        n = snprintf(want, sizeof(want),
                     "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, msg_iovlen=0, "
                     "msg_control=[{cmsg_len=262144, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
                     "cmsg_data=[");
        for (int i = 0; i < 32; i++)
                n += snprintf(want + n, sizeof(want) - (size_t)n, "-1, ");
        snprintf(want + n, sizeof(want) - (size_t)n,
                 "...]}, ...], msg_controllen=262144, msg_flags=0}, 0) = -1 EBADF (Bad file "
                 "descriptor)");
        assert_string_equal(decode(), want);
}

static void test_sendmsg_cmsg_types(void **state)
{
        struct {
                struct cmsghdr h;
                uint8_t d[48];
        } ctl = {{0, SOL_SOCKET, 0}, {0}};
        struct msghdr m = {.msg_control = (void *)P4};
        struct in_pktinfo pi = {.ipi_ifindex = 0};
        int64_t ts[2] = {123456789, 987654};

        (void)state;
        /* a timeval cut short */
        ctl.h.cmsg_len = 24;
        ctl.h.cmsg_type = SO_TIMESTAMP_OLD;
        m.msg_controllen = 24;
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 24, &ctl, 24, NULL, 0);
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
                                      "msg_iovlen=0, msg_control=[{cmsg_len=24, "
                                      "cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_OLD, "
                                      "cmsg_data=???}], msg_controllen=24, msg_flags=0}, 0) = -1 "
                                      "EBADF (Bad file descriptor)");
        ctl.h.cmsg_len = 32;
        m.msg_controllen = 32;
        memcpy(ctl.d, ts, sizeof(ts));
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 32, &ctl, 32, NULL, 0);
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
                                      "msg_iovlen=0, msg_control=[{cmsg_len=32, "
                                      "cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_OLD, "
                                      "cmsg_data={tv_sec=123456789, tv_usec=987654}}], "
                                      "msg_controllen=32, msg_flags=0}, 0) = -1 EBADF (Bad file "
                                      "descriptor)");
        /* IP_PKTINFO */
        ctl.h.cmsg_level = SOL_IP;
        ctl.h.cmsg_type = IP_PKTINFO;
        ctl.h.cmsg_len = 28;
        inet_pton(AF_INET, "1.2.3.4", &pi.ipi_spec_dst);
        inet_pton(AF_INET, "5.6.7.8", &pi.ipi_addr);
        memcpy(ctl.d, &pi, sizeof(pi));
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 32, &ctl, 32, NULL, 0);
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
                                      "msg_iovlen=0, msg_control=[{cmsg_len=28, cmsg_level=SOL_IP, "
                                      "cmsg_type=IP_PKTINFO, cmsg_data={ipi_ifindex=0, "
                                      "ipi_spec_dst=inet_addr(\"1.2.3.4\"), "
                                      "ipi_addr=inet_addr(\"5.6.7.8\")}}], msg_controllen=32, "
                                      "msg_flags=0}, 0) = -1 EBADF (Bad file descriptor)");
        /* IP_RETOPTS bytes in hex; unknown types and levels */
        ctl.h.cmsg_type = IP_RETOPTS;
        ctl.h.cmsg_len = 19;
        m.msg_controllen = 24;
        memcpy(ctl.d, "\xed\x00\x01", 3);
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 24, &ctl, 24, NULL, 0);
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
                                      "msg_iovlen=0, msg_control=[{cmsg_len=19, cmsg_level=SOL_IP, "
                                      "cmsg_type=IP_RETOPTS, cmsg_data=[0xed, 0, 0x1]}], "
                                      "msg_controllen=24, msg_flags=0}, 0) = -1 EBADF (Bad file "
                                      "descriptor)");
        ctl.h.cmsg_type = (int)0xfacefeed;
        ctl.h.cmsg_len = 16;
        m.msg_controllen = 16;
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 16, &ctl, 16, NULL, 0);
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
                                      "msg_iovlen=0, msg_control=[{cmsg_len=16, cmsg_level=SOL_IP, "
                                      "cmsg_type=0xfacefeed /* IP_??? */}], msg_controllen=16, "
                                      "msg_flags=0}, 0) = -1 EBADF (Bad file descriptor)");
        ctl.h.cmsg_level = SOL_TCP;
        ctl.h.cmsg_type = (int)0xdeadbeef;
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, NULL, 0, 16, &ctl, 16, NULL, 0);
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, msg_iov=NULL, "
                                      "msg_iovlen=0, msg_control=[{cmsg_len=16, "
                                      "cmsg_level=SOL_TCP, cmsg_type=0xdeadbeef}], "
                                      "msg_controllen=16, msg_flags=0}, 0) = -1 EBADF (Bad file "
                                      "descriptor)");
}

/* ---- recvmsg ---- */

static void seg_namelen_enter(unsigned arg, int32_t v)
{
        seg(arg, RENACER_SEG_BUF, 0, &v, sizeof(v));
}

static void test_recvmsg(void **state)
{
        struct sockaddr_un un = {.sun_family = AF_UNIX,
                                 .sun_path = "msg_name-recvmsg.test.send.socket"};
        static char empty[15]; /* the second buffer: nothing of it was returned */
        struct iovec iov[2] = {{"89abcde", 8}, {empty, sizeof(empty)}};
        struct msghdr m = {.msg_name = (void *)P3,
                           .msg_namelen = 36,
                           .msg_iov = (struct iovec *)P2,
                           .msg_iovlen = 1};

        (void)state;
        ev(SYS_recvmsg, 1, 3, P1, MSG_DONTWAIT);
        seg_namelen_enter(1, 110);
        seg_msghdr(1, &m, &un, 36, 0, NULL, 0, (struct iovec[]){{"A", 1}}, 1);
        assert_string_equal(decode(), "recvmsg(3, {msg_name={sa_family=AF_UNIX, "
                                      "sun_path=\"msg_name-recvmsg.test.send.socket\"}, "
                                      "msg_namelen=110 => 36, msg_iov=[{iov_base=\"A\", "
                                      "iov_len=1}], msg_iovlen=1, msg_controllen=0, "
                                      "msg_flags=0}, MSG_DONTWAIT) = 1");
        /* the name is shown as long as the caller said it was */
        ev(SYS_recvmsg, 1, 3, P1, MSG_DONTWAIT);
        seg_namelen_enter(1, 16);
        seg_msghdr(1, &m, &un, 36, 0, NULL, 0, (struct iovec[]){{"A", 1}}, 1);
        assert_string_equal(decode(), "recvmsg(3, {msg_name={sa_family=AF_UNIX, "
                                      "sun_path=\"msg_name-recvm\"}, msg_namelen=16 => 36, "
                                      "msg_iov=[{iov_base=\"A\", iov_len=1}], msg_iovlen=1, "
                                      "msg_controllen=0, msg_flags=0}, MSG_DONTWAIT) = 1");
        /* data up to what the call returned */
        m.msg_name = NULL;
        m.msg_namelen = 0;
        m.msg_iovlen = 2;
        ev(SYS_recvmsg, 7, 0, P1, 0);
        seg_namelen_enter(1, 0);
        seg_msghdr(1, &m, NULL, 0, 0, NULL, 0, iov, 2);
        assert_string_equal(decode(), "recvmsg(0, {msg_name=NULL, msg_namelen=0, "
                                      "msg_iov=[{iov_base=\"89abcde\", iov_len=8}, "
                                      "{iov_base=\"\", iov_len=15}], msg_iovlen=2, "
                                      "msg_controllen=0, msg_flags=0}, 0) = 7");
        /* a failed call shows the length it was given */
        ev(SYS_recvmsg, -EFAULT, 3, P1, MSG_DONTWAIT);
        seg_namelen_enter(1, 36);
        assert_string_equal(decode(), "recvmsg(3, {msg_namelen=36}, MSG_DONTWAIT) = -1 EFAULT "
                                      "(Bad address)");
        /* a header unreadable before the call */
        ev(SYS_recvmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg(1, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(),
                            "recvmsg(-1, 0x7ffd1000, 0) = -1 EBADF (Bad file descriptor)");
        ev(SYS_recvmsg, -EBADF, (uint64_t)-1, 0, 0);
        assert_string_equal(decode(), "recvmsg(-1, NULL, 0) = -1 EBADF (Bad file descriptor)");
}

/* ---- lengths that lie ---- */

static void test_msghdr_hostile(void **state)
{
        struct {
                struct cmsghdr h;
                int fd[12];
        } ctl = {{~(size_t)0, SOL_SOCKET, SCM_RIGHTS}, {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}};
        struct msghdr m = {.msg_control = (void *)P4,
                           .msg_controllen = 64,
                           .msg_iov = (struct iovec *)P2,
                           .msg_iovlen = 1000};
        struct iovec iov = {(void *)P3, 5};
        uint32_t clen = 64;

        (void)state;
        /* a cmsg_len past the end ends the walk; an iovec whose data was
         * not captured shows its address */
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_exit(1, &m, sizeof(m));
        seg_exit(1, NULL, 0);
        seg(1, RENACER_SEG_COUNT, RENACER_SEGF_AT_EXIT, &clen, sizeof(clen));
        seg_exit(1, &ctl, sizeof(ctl));
        seg_exit(1, &iov, sizeof(iov));
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, "
                                      "msg_iov=[{iov_base=0x7ffd3000, iov_len=5}, ... /* "
                                      "0x7ffd2010 */], msg_iovlen=1000, msg_control=[{"
                                      "cmsg_len=18446744073709551615, cmsg_level=SOL_SOCKET, "
                                      "cmsg_type=SCM_RIGHTS, cmsg_data=[7, 7, 7, 7, 7, 7, 7, 7, "
                                      "7, 7, 7, 7]}], msg_controllen=64, msg_flags=0}, 0) = -1 "
                                      "EBADF (Bad file descriptor)");
        /* control data cut short by the capture: what there is, then ... */
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_exit(1, &m, sizeof(m));
        seg_exit(1, NULL, 0);
        seg(1, RENACER_SEG_COUNT, RENACER_SEGF_AT_EXIT, &clen, sizeof(clen));
        seg_exit(1, &ctl, 20);
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=NULL, msg_namelen=0, "
                                      "msg_iov=0x7ffd2000, msg_iovlen=1000, msg_control=[...], "
                                      "msg_controllen=64, msg_flags=0}, 0) = -1 EBADF (Bad file "
                                      "descriptor)");
        /* a header segment of the wrong size is not a msghdr */
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_exit(1, &m, sizeof(m) - 1);
        assert_string_equal(decode(),
                            "sendmsg(-1, 0x7ffd1000, 0) = -1 EBADF (Bad file descriptor)");
        /* a name segment shorter than the name: the address */
        m.msg_controllen = 0;
        m.msg_iov = NULL;
        m.msg_name = (void *)P3;
        m.msg_namelen = 16;
        ev(SYS_sendmsg, -EBADF, (uint64_t)-1, P1, 0);
        seg_msghdr(1, &m, "\1\0abc", 5, 0, NULL, 0, NULL, 0);
        assert_string_equal(decode(), "sendmsg(-1, {msg_name=0x7ffd3000, msg_namelen=16, "
                                      "msg_iov=NULL, msg_iovlen=1000, msg_controllen=0, "
                                      "msg_flags=0}, 0) = -1 EBADF (Bad file descriptor)");
}

/* ---- transfers ---- */

static void seg_enter(unsigned arg, const void *data, size_t len)
{
        seg(arg, RENACER_SEG_BUF, 0, data, len);
}

static void test_transfers(void **state)
{
        int64_t off = -2401053079814340911LL, off2 = -2401053075519373614LL, zero = 0, n = 35499;
        struct iovec iov[3] = {{"012", 3}, {"34567", 5}, {"89abcde", 7}};

        (void)state;
        ev(SYS_splice, -EBADF, (uint64_t)-1, P1, (uint64_t)-2);
        R.ev.args[3] = P2;
        R.ev.args[4] = 16045691002485145299ULL;
        R.ev.args[5] = 15;
        seg_enter(1, &off, sizeof(off));
        seg_enter(3, &off2, sizeof(off2));
        assert_string_equal(decode(), "splice(-1, [-2401053079814340911], -2, "
                                      "[-2401053075519373614], 16045691002485145299, "
                                      "SPLICE_F_MOVE|SPLICE_F_NONBLOCK|SPLICE_F_MORE|"
                                      "SPLICE_F_GIFT) = -1 EBADF (Bad file descriptor)");
        /* copy_file_range: an unreadable and a NULL offset */
        ev(SYS_copy_file_range, -EBADF, (uint64_t)-1, P1, (uint64_t)-2);
        R.ev.args[4] = 1;
        seg(1, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "copy_file_range(-1, 0x7ffd1000, -2, NULL, 1, 0) = -1 "
                                      "EBADF (Bad file descriptor)");
        /* sendfile: the offset before and after */
        ev(SYS_sendfile, 35499, 4, 5, P1);
        R.ev.args[3] = 35499;
        seg_enter(2, &zero, sizeof(zero));
        seg_exit(2, &n, sizeof(n));
        assert_string_equal(decode(), "sendfile(4, 5, [0] => [35499], 35499) = 35499");
        ev(SYS_sendfile, -EINVAL, 4, 5, P1);
        R.ev.args[3] = 1;
        seg_enter(2, &off, sizeof(off));
        assert_string_equal(decode(), "sendfile(4, 5, [16045690993895210705], 1) = -1 EINVAL "
                                      "(Invalid argument)");
        ev(SYS_sendfile, 0, 4, 5, 0);
        assert_string_equal(decode(), "sendfile(4, 5, NULL, 0) = 0");
        /* vmsplice: the data of every element */
        ev(SYS_vmsplice, 15, 1, P1, 3);
        R.ev.args[3] = 2;
        seg_exit(1, iov, sizeof(iov));
        for (int i = 0; i < 3; i++)
                seg_exit(1, iov[i].iov_base, iov[i].iov_len);
        assert_string_equal(decode(), "vmsplice(1, [{iov_base=\"012\", iov_len=3}, "
                                      "{iov_base=\"34567\", iov_len=5}, {iov_base=\"89abcde\", "
                                      "iov_len=7}], 3, SPLICE_F_NONBLOCK) = 15");
        /* sync_file_range: flags with unknown bits */
        ev(SYS_sync_file_range, -EBADF, (uint64_t)-1, (uint64_t)-2401053089477161491LL,
           (uint64_t)-374081421758762995LL);
        R.ev.args[3] = 0xffffffff;
        assert_string_equal(decode(), "sync_file_range(-1, -2401053089477161491, "
                                      "-374081421758762995, SYNC_FILE_RANGE_WAIT_BEFORE|"
                                      "SYNC_FILE_RANGE_WRITE|SYNC_FILE_RANGE_WAIT_AFTER|"
                                      "0xfffffff8) = -1 EBADF (Bad file descriptor)");
}

/* ---- select, pselect6, ppoll ---- */

static void test_select(void **state)
{
        uint8_t in[8] = {0x18}, out[8] = {0x1e}, none[8] = {0}, ready[8] = {0x16};
        int64_t tv[2] = {789985, 789986}, left[2] = {789985, 789984};

        (void)state;
        ev(SYS_select, 3, 9, P1, P2);
        R.ev.args[3] = P3;
        R.ev.args[4] = P4;
        seg_enter(1, in, 8);
        seg_enter(2, out, 8);
        seg_enter(3, none, 8);
        seg_enter(4, tv, sizeof(tv));
        seg_exit(1, none, 8);
        seg_exit(2, ready, 8);
        seg_exit(3, none, 8);
        seg_exit(4, left, sizeof(left));
        assert_string_equal(decode(), "select(9, [3 4], [1 2 3 4], [], {tv_sec=789985, "
                                      "tv_usec=789986}) = 3 (out [1 2 4], left {tv_sec=789985, "
                                      "tv_usec=789984})");
        /* ready fds the sets do not show: an empty decoration */
        ev(SYS_select, 1, 9, P1, P2);
        R.ev.args[3] = P3;
        seg_enter(1, in, 8);
        seg_enter(2, in, 8);
        seg_enter(3, in, 8);
        seg_exit(1, none, 8);
        seg_exit(2, none, 8);
        seg_exit(3, none, 8);
        assert_string_equal(decode(), "select(9, [3 4], [3 4], [3 4], NULL) = 1 ()");
        ev(SYS_select, 0, 1024, P1, P2);
        seg_enter(1, (uint8_t[128]){8}, 128);
        seg_enter(2, none, 8);
        assert_string_equal(decode(), "select(1024, [3], [], NULL, NULL) = 0 (Timeout)");
        /* nfds below 0 reads no set; an unreadable timeout */
        ev(SYS_select, -EINVAL, (uint64_t)-1, 0, P2);
        assert_string_equal(decode(), "select(-1, NULL, 0x7ffd2000, NULL, NULL) = -1 EINVAL "
                                      "(Invalid argument)");
        ev(SYS_select, -EFAULT, 0, 0, 0);
        R.ev.args[4] = P4 + 1;
        seg(4, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "select(0, NULL, NULL, NULL, 0x7ffd4001) = -1 EFAULT (Bad "
                                      "address)");
}

static void test_pselect6_ppoll(void **state)
{
        uint8_t in[8] = {0x18}, ex[8] = {0x06}, out4[8] = {0x10}, none[8] = {0};
        uint64_t pack[2] = {P2 + 64, 8}, nullpack[2] = {0, 8};
        uint64_t mask = (1ULL << (SIGHUP - 1)) | (1ULL << (SIGCHLD - 1));
        int64_t ts[2] = {42, 999999999}, left[2] = {42, 999997000};
        struct pollfd fds[2] = {{4, POLLIN, 0}, {3, POLLOUT, POLLOUT}};

        (void)state;
        ev(SYS_pselect6, 1, 5, P1, P2);
        R.ev.args[3] = P3;
        R.ev.args[5] = P4;
        seg_enter(1, in, 8);
        seg_enter(2, in, 8);
        seg_enter(3, ex, 8);
        seg_enter(5, nullpack, sizeof(nullpack));
        seg_exit(1, none, 8);
        seg_exit(2, out4, 8);
        seg_exit(3, none, 8);
        assert_string_equal(decode(), "pselect6(5, [3 4], [3 4], [1 2], NULL, {sigmask=NULL, "
                                      "sigsetsize=8}) = 1 (out [4])");
        ev(SYS_pselect6, -EINVAL, (uint64_t)-1, 0, P2);
        R.ev.args[5] = P4;
        seg_enter(5, pack, sizeof(pack));
        seg_enter(5, &mask, sizeof(mask));
        assert_string_equal(decode(), "pselect6(-1, NULL, 0x7ffd2000, NULL, NULL, "
                                      "{sigmask=[HUP CHLD], sigsetsize=8}) = -1 EINVAL (Invalid "
                                      "argument)");

        ev(SYS_ppoll, 1, P1, 2, P2);
        R.ev.args[3] = P3;
        R.ev.args[4] = 8;
        seg_enter(2, ts, sizeof(ts));
        seg_enter(3, &mask, sizeof(mask));
        seg_exit(0, fds, sizeof(fds));
        seg_exit(2, left, sizeof(left));
        assert_string_equal(decode(), "ppoll([{fd=4, events=POLLIN}, {fd=3, events=POLLOUT}], 2, "
                                      "{tv_sec=42, tv_nsec=999999999}, [HUP CHLD], 8) = 1 "
                                      "([{fd=3, revents=POLLOUT}], left {tv_sec=42, "
                                      "tv_nsec=999997000})");
        /* a sigset size strace does not read */
        ev(SYS_ppoll, -EINVAL, 0, 0, 0);
        R.ev.args[3] = P3;
        R.ev.args[4] = 16;
        assert_string_equal(decode(), "ppoll(NULL, 0, NULL, 0x7ffd3000, 16) = -1 EINVAL (Invalid "
                                      "argument)");
}

/* ---- sendmmsg, recvmmsg ---- */

/* one element as renacer_capture_mmsg() writes it */
static void seg_mmsghdr(const struct mmsghdr *mm, const struct iovec *iov, unsigned niov)
{
        uint32_t clen = 0;

        seg_exit(1, mm, sizeof(*mm));
        seg_exit(1, NULL, 0);
        seg(1, RENACER_SEG_COUNT, RENACER_SEGF_AT_EXIT, &clen, sizeof(clen));
        seg_exit(1, NULL, 0);
        seg_exit(1, iov, niov * sizeof(*iov));
        for (unsigned i = 0; i < niov; i++)
                seg_exit(1, iov[i].iov_base, iov[i].iov_len);
}

static void test_mmsg(void **state)
{
        struct iovec a[2] = {{"012", 3}, {"34567", 5}}, b[1] = {{"89abcde", 7}};
        struct mmsghdr mm[2] = {
            {.msg_hdr = {.msg_iov = (struct iovec *)P2, .msg_iovlen = 2}, .msg_len = 8},
            {.msg_hdr = {.msg_iov = (struct iovec *)P3, .msg_iovlen = 1}, .msg_len = 7}};
        static char none[8]; /* nothing of the second buffer was received */
        struct iovec r1[1] = {{"01234567", 8}}, r2[2] = {{"89abcde", 8}, {none, sizeof(none)}};
        int32_t names[2] = {0, 0};

        (void)state;
        ev(SYS_sendmmsg, 2, 1, P1, 2);
        R.ev.args[3] = MSG_DONTROUTE | MSG_NOSIGNAL;
        seg_mmsghdr(&mm[0], a, 2);
        seg_mmsghdr(&mm[1], b, 1);
        assert_string_equal(decode(),
                            "sendmmsg(1, [{msg_hdr={msg_name=NULL, msg_namelen=0, "
                            "msg_iov=[{iov_base=\"012\", iov_len=3}, {iov_base=\"34567\", "
                            "iov_len=5}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, "
                            "msg_len=8}, {msg_hdr={msg_name=NULL, msg_namelen=0, "
                            "msg_iov=[{iov_base=\"89abcde\", iov_len=7}], msg_iovlen=1, "
                            "msg_controllen=0, msg_flags=0}, msg_len=7}], 2, "
                            "MSG_DONTROUTE|MSG_NOSIGNAL) = 2");
        /* a failed send: no msg_len; the second element unreadable */
        ev(SYS_sendmmsg, -EBADF, (uint64_t)-1, P1, 2);
        R.ev.args[3] = MSG_DONTWAIT;
        seg_mmsghdr(&mm[1], b, 1);
        seg_fault(1);
        assert_string_equal(decode(), "sendmmsg(-1, [{msg_hdr={msg_name=NULL, msg_namelen=0, "
                                      "msg_iov=[{iov_base=\"89abcde\", iov_len=7}], msg_iovlen=1, "
                                      "msg_controllen=0, msg_flags=0}}, ... /* 0x7ffd1040 */], 2, "
                                      "MSG_DONTWAIT) = -1 EBADF (Bad file descriptor)");
        /* recvmmsg: data up to each msg_len; the time left */
        mm[0].msg_hdr.msg_iovlen = 1;
        mm[1].msg_hdr.msg_iovlen = 2;
        ev(SYS_recvmmsg, 2, 0, P1, 2);
        R.ev.args[3] = MSG_DONTWAIT;
        seg(1, RENACER_SEG_BUF, 0, names, sizeof(names));
        seg_mmsghdr(&mm[0], r1, 1);
        seg_mmsghdr(&mm[1], r2, 2);
        assert_string_equal(decode(),
                            "recvmmsg(0, [{msg_hdr={msg_name=NULL, msg_namelen=0, "
                            "msg_iov=[{iov_base=\"01234567\", iov_len=8}], msg_iovlen=1, "
                            "msg_controllen=0, msg_flags=0}, msg_len=8}, {msg_hdr={msg_name=NULL, "
                            "msg_namelen=0, msg_iov=[{iov_base=\"89abcde\", iov_len=8}, "
                            "{iov_base=\"\", iov_len=8}], msg_iovlen=2, msg_controllen=0, "
                            "msg_flags=0}, msg_len=7}], 2, MSG_DONTWAIT, NULL) = 2");
        ev(SYS_recvmmsg, -EAGAIN, 0, P1, 2);
        R.ev.args[4] = P4;
        seg(1, RENACER_SEG_BUF, 0, names, sizeof(names));
        seg(4, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "recvmmsg(0, 0x7ffd1000, 2, 0, 0x7ffd4000) = -1 EAGAIN "
                                      "(Resource temporarily unavailable)");
        /* a vector past what the record holds ends in ... */
        ev(SYS_sendmmsg, 3, 1, P1, 3);
        seg_mmsghdr(&mm[1], r1, 1);
        assert_string_equal(decode(), "sendmmsg(1, [{msg_hdr={msg_name=NULL, msg_namelen=0, "
                                      "msg_iov=[{iov_base=\"01234567\", iov_len=8}, ... /* "
                                      "0x7ffd3010 */], msg_iovlen=2, msg_controllen=0, "
                                      "msg_flags=0}, msg_len=7}, "
                                      "...], 3, 0) = 3");
}

/* ---- multicast socket options ---- */

static void test_sockopt_mreq(void **state)
{
        struct ip_mreq m = {0};
        struct group_req g = {.gr_interface = 0};
        struct sockaddr_in *in = (struct sockaddr_in *)&g.gr_group;

        (void)state;
        inet_pton(AF_INET, "224.0.0.3", &m.imr_multiaddr);
        inet_pton(AF_INET, "127.0.0.1", &m.imr_interface);
        ev(SYS_setsockopt, 0, 0, SOL_IP, IP_ADD_MEMBERSHIP);
        R.ev.args[3] = P1;
        R.ev.args[4] = sizeof(m);
        seg_exit(3, &m, sizeof(m));
        assert_string_equal(decode(), "setsockopt(0, SOL_IP, IP_ADD_MEMBERSHIP, "
                                      "{imr_multiaddr=inet_addr(\"224.0.0.3\"), "
                                      "imr_interface=inet_addr(\"127.0.0.1\")}, 8) = 0");
        ev(SYS_setsockopt, -EINVAL, 0, SOL_IP, IP_DROP_MEMBERSHIP);
        R.ev.args[3] = P1;
        R.ev.args[4] = 7;
        seg_exit(3, &m, 7);
        assert_string_equal(decode(), "setsockopt(0, SOL_IP, IP_DROP_MEMBERSHIP, 0x7ffd1000, 7) = "
                                      "-1 EINVAL (Invalid argument)");
        in->sin_family = AF_INET;
        in->sin_port = htons(65535);
        inet_pton(AF_INET, "224.0.0.3", &in->sin_addr);
        ev(SYS_setsockopt, 0, 0, SOL_IP, MCAST_JOIN_GROUP);
        R.ev.args[3] = P1;
        R.ev.args[4] = 2147483647;
        seg_exit(3, &g, sizeof(g));
        assert_string_equal(decode(), "setsockopt(0, SOL_IP, MCAST_JOIN_GROUP, {gr_interface=0, "
                                      "gr_group={sa_family=AF_INET, sin_port=htons(65535), "
                                      "sin_addr=inet_addr(\"224.0.0.3\")}}, 2147483647) = 0");
        /* the structure's last bytes unreadable */
        ev(SYS_setsockopt, -EFAULT, 0, SOL_IPV6, MCAST_LEAVE_GROUP);
        R.ev.args[3] = P1;
        R.ev.args[4] = sizeof(g);
        seg_exit(3, &g, sizeof(g) - 1);
        assert_string_equal(decode(), "setsockopt(0, SOL_IPV6, MCAST_LEAVE_GROUP, 0x7ffd1000, "
                                      "136) = -1 EFAULT (Bad address)");
        ev(SYS_setsockopt, -ENOPROTOOPT, 0, SOL_IPV6, IPV6_JOIN_ANYCAST);
        R.ev.args[3] = P1;
        R.ev.args[4] = 19;
        seg_exit(3, &g, 19);
        assert_string_equal(decode(), "setsockopt(0, SOL_IPV6, IPV6_JOIN_ANYCAST, 0x7ffd1000, 19) "
                                      "= -1 ENOPROTOOPT (Protocol not available)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_sendmsg_plain),
            cmocka_unit_test(test_sendmsg_name),
            cmocka_unit_test(test_sendmsg_rights),
            cmocka_unit_test(test_sendmsg_big),
            cmocka_unit_test(test_sendmsg_cmsg_types),
            cmocka_unit_test(test_recvmsg),
            cmocka_unit_test(test_msghdr_hostile),
            cmocka_unit_test(test_transfers),
            cmocka_unit_test(test_select),
            cmocka_unit_test(test_pselect6_ppoll),
            cmocka_unit_test(test_mmsg),
            cmocka_unit_test(test_sockopt_mreq),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
