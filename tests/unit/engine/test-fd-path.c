// SPDX-License-Identifier: MIT
/* fd-path: strace -y's decorations from records (no /proc: the tgids used
 * here name no live process). */
#include <asm/unistd_64.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fd-path.h"
#include "renacer-event.h"

/* above pid_max: /proc never has it */
#define TGID 0x7ffffff0u

struct rec {
        struct renacer_syscall_event ev;
        uint8_t payload[512];
};

static void rec_init(struct rec *r, int nr, int64_t ret)
{
        memset(r, 0, sizeof(*r));
        r->ev.hdr.version = RENACER_EVENT_VERSION;
        r->ev.hdr.kind = RENACER_EV_SYSCALL;
        r->ev.hdr.tgid = r->ev.hdr.tid = TGID;
        r->ev.nr = nr;
        r->ev.ret = ret;
        r->ev.hdr.size = sizeof(r->ev);
}

static void rec_seg(struct rec *r, uint8_t arg, uint8_t type, const void *data, uint16_t len)
{
        struct renacer_seg *s = (struct renacer_seg *)(r->payload + r->ev.payload_len);

        memset(s, 0, sizeof(*s));
        s->arg = arg;
        s->type = type;
        s->len = len;
        memcpy(s + 1, data, len);
        r->ev.payload_len = (uint16_t)(r->ev.payload_len + sizeof(*s) + ((len + 7u) & ~7u));
        r->ev.nseg++;
        r->ev.hdr.size = (uint16_t)(sizeof(r->ev) + r->ev.payload_len);
}

static void rec_openat(struct fdpath *p, int dirfd, const char *path, int flags, int ret)
{
        struct rec r;

        rec_init(&r, __NR_openat, ret);
        r.ev.args[0] = (uint64_t)(int64_t)dirfd;
        r.ev.args[2] = (uint64_t)flags;
        rec_seg(&r, 1, RENACER_SEG_STR, path, (uint16_t)strlen(path));
        fdpath_track(p, &r.ev, r.ev.hdr.size);
}

static void call1(struct fdpath *p, int nr, const char *path, uint64_t a0, uint64_t a1, int ret)
{
        struct rec r;

        rec_init(&r, nr, ret);
        r.ev.args[0] = a0;
        r.ev.args[1] = a1;
        if (path)
                rec_seg(&r, 0, RENACER_SEG_STR, path, (uint16_t)strlen(path));
        fdpath_track(p, &r.ev, r.ev.hdr.size);
}

static const char *desc(struct fdpath *p, int fd)
{
        static char buf[4096];
        int n = fdpath_describe(p, TGID, fd, buf, sizeof(buf));

        assert_true(n >= 0);
        return buf[n] = '\0', buf;
}

static void test_opens_dups_closes(void **state)
{
        struct fdpath *p;

        (void)state;
        assert_int_equal(fdpath_new(FDPATH_PATH, false, &p), 0);
        /* an unknown process: its cwd is unknown, so is AT_FDCWD's path */
        assert_string_equal(desc(p, AT_FDCWD), "");
        call1(p, __NR_chdir, "/", 0, 0, 0);
        assert_string_equal(desc(p, AT_FDCWD), "</>");
        call1(p, __NR_chdir, "etc/../tmp/./", 0, 0, 0);
        /* a relative path, lexically when the file is not there */
        rec_openat(p, AT_FDCWD, "no-such-renacer-file", O_RDONLY, 3);
        char want[PATH_MAX + 32], tmp[PATH_MAX];
        assert_non_null(realpath("/tmp", tmp));
        snprintf(want, sizeof(want), "<%s/no-such-renacer-file>", tmp);
        assert_string_equal(desc(p, 3), want);
        /* failed calls change nothing */
        rec_openat(p, AT_FDCWD, "/etc/passwd", O_RDONLY, -ENOENT);
        assert_string_equal(desc(p, 4), "");
        /* dirfd-relative */
        rec_openat(p, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, 5);
        rec_openat(p, 5, "x<y>\n", O_RDONLY, 6);
        assert_string_equal(desc(p, 6), "</x\\74y\\76\\n>");
        /* dup2 and close */
        call1(p, __NR_dup2, NULL, 6, 9, 9);
        assert_string_equal(desc(p, 9), "</x\\74y\\76\\n>");
        call1(p, __NR_close, NULL, 6, 0, 0);
        assert_string_equal(desc(p, 6), "");
        assert_string_equal(desc(p, 9), "</x\\74y\\76\\n>");
        /* fchdir to a known directory */
        call1(p, __NR_fchdir, NULL, 5, 0, 0);
        assert_string_equal(desc(p, AT_FDCWD), "</>");
        /* close-on-exec fds go at exec */
        rec_openat(p, AT_FDCWD, "/", O_RDONLY | O_CLOEXEC, 7);
        struct renacer_proc_event pe = {.hdr = {.version = RENACER_EVENT_VERSION,
                                                .kind = RENACER_EV_EXEC,
                                                .size = sizeof(pe),
                                                .tgid = TGID,
                                                .tid = TGID}};
        fdpath_lifecycle(p, &pe, sizeof(pe));
        assert_string_equal(desc(p, 7), "");
        assert_string_equal(desc(p, 5), "</>");
        /* a fork copies the table; the exit forgets it */
        pe.hdr.kind = RENACER_EV_FORK;
        pe.hdr.tgid = pe.hdr.tid = TGID + 1;
        pe.ppid = TGID;
        fdpath_lifecycle(p, &pe, sizeof(pe));
        char b[64];
        assert_int_equal(fdpath_describe(p, TGID + 1, 5, b, sizeof(b)), 3);
        assert_string_equal(b, "</>");
        pe.hdr.kind = RENACER_EV_EXIT;
        fdpath_lifecycle(p, &pe, sizeof(pe));
        assert_int_equal(fdpath_describe(p, TGID + 1, 5, b, sizeof(b)), 0);
        /* a truncated record's path is not read past its end */
        fdpath_lifecycle(p, &pe, sizeof(pe) - 1);
        fdpath_free(p);
}

static void test_anon_and_arg_text(void **state)
{
        struct fdpath *p;
        struct rec r;
        char buf[256];

        (void)state;
        assert_int_equal(fdpath_new(FDPATH_ALL, false, &p), 0);
        call1(p, __NR_eventfd2, NULL, 0, 0, 4);
        assert_string_equal(desc(p, 4), "<anon_inode:[eventfd]>");
        call1(p, __NR_memfd_create, "buf", 0, 0, 5);
        assert_string_equal(desc(p, 5), "</memfd:buf>(deleted)");
        call1(p, __NR_mq_open, "renacer-q", 0x7ffd1000, O_RDWR, 6);
        assert_string_equal(desc(p, 6), "</renacer-q>");
        /* the argument's text gets the decoration, a non-number does not */
        rec_init(&r, __NR_write, 1);
        r.ev.args[0] = 4;
        assert_int_equal(fdpath_arg_text(p, &r.ev, r.ev.hdr.size, 0, "4", 1, buf, sizeof(buf)), 23);
        assert_string_equal(buf, "4<anon_inode:[eventfd]>");
        assert_int_equal(fdpath_arg_text(p, &r.ev, r.ev.hdr.size, 1, "\"x\"", 3, buf, sizeof(buf)),
                         0);
        assert_int_equal(fdpath_arg_text(p, &r.ev, r.ev.hdr.size, 0, "0x4", 3, buf, sizeof(buf)),
                         0);
        /* no room: the argument stays as it is */
        assert_int_equal(fdpath_arg_text(p, &r.ev, r.ev.hdr.size, 0, "4", 1, buf, 8), 0);
        /* which results are fds */
        assert_true(fdpath_ret_is_fd(&r.ev) == false);
        rec_init(&r, __NR_fcntl, 10);
        r.ev.args[1] = F_GETFL;
        assert_false(fdpath_ret_is_fd(&r.ev));
        r.ev.args[1] = F_DUPFD_CLOEXEC;
        assert_true(fdpath_ret_is_fd(&r.ev));
        rec_init(&r, __NR_openat, -ENOENT);
        assert_false(fdpath_ret_is_fd(&r.ev));
        assert_true(fdpath_arg_is_fd(__NR_read, 0));
        assert_false(fdpath_arg_is_fd(__NR_read, 1));
        assert_true(fdpath_arg_is_fd(__NR_copy_file_range, 2));
        assert_false(fdpath_arg_is_fd(-1, 0));
        assert_false(fdpath_arg_is_fd(__NR_read, 6));
        fdpath_free(p);
}

static struct renacer_seg_fdinfo sock_info(int fd, uint64_t ino, int family, const char *proto)
{
        struct renacer_seg_fdinfo fi;

        memset(&fi, 0, sizeof(fi));
        fi.fd = fd;
        fi.mode = S_IFSOCK;
        fi.ino = ino;
        fi.family = (uint16_t)family;
        snprintf(fi.proto, sizeof(fi.proto), "%s", proto);
        return fi;
}

static void rec_fdinfo(struct rec *r, const struct renacer_seg_fdinfo *fi)
{
        rec_seg(r, 0, RENACER_SEG_FDINFO, fi, sizeof(*fi));
}

/* Pipes and sockets named from what the kernel read at the call
 * (RENACER_SEG_FDINFO), with no /proc to ask: the process is gone. */
static void test_captured_fds(void **state)
{
        struct renacer_seg_fdinfo fi;
        struct fdpath *p, *y;
        struct rec r;
        char buf[512];
        int pair[2] = {3, 4};

        (void)state;
        assert_int_equal(fdpath_new(FDPATH_ALL, false, &p), 0);
        assert_int_equal(fdpath_new(FDPATH_PATH, false, &y), 0);
        /* pipe2: the pair is named while its arguments are printed */
        rec_init(&r, __NR_pipe2, 0);
        rec_seg(&r, 0, RENACER_SEG_BUF, pair, sizeof(pair));
        memset(&fi, 0, sizeof(fi));
        fi.mode = S_IFIFO;
        fi.ino = 777;
        fi.fd = 3;
        rec_fdinfo(&r, &fi);
        fi.fd = 4;
        rec_fdinfo(&r, &fi);
        assert_int_equal(fdpath_arg_text(p, &r.ev, r.ev.hdr.size, 0, "[3, 4]", 6, buf, sizeof(buf)),
                         30);
        assert_string_equal(buf, "[3<pipe:[777]>, 4<pipe:[777]>]");
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 4), "<pipe:[777]>");
        /* a TCP socket: no endpoint until connect gives it one; the
         * connect's own line shows it as it was */
        rec_init(&r, __NR_socket, 5);
        r.ev.args[0] = 2;
        r.ev.args[1] = 1;
        fi = sock_info(5, 888, 2, "TCP");
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        fdpath_track(y, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 5), "<TCP:[888]>");
        assert_string_equal(desc(y, 5), "<socket:[888]>");
        rec_init(&r, __NR_connect, 0);
        r.ev.args[0] = 5;
        fi.sport = 41234;
        fi.dport = 80;
        memcpy(fi.src, (uint8_t[]){127, 0, 0, 1}, 4);
        memcpy(fi.dst, (uint8_t[]){127, 0, 0, 1}, 4);
        rec_fdinfo(&r, &fi);
        assert_int_equal(fdpath_arg_text(p, &r.ev, r.ev.hdr.size, 0, "5", 1, buf, sizeof(buf)), 12);
        assert_string_equal(buf, "5<TCP:[888]>");
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 5), "<TCP:[127.0.0.1:41234->127.0.0.1:80]>");
        /* as strace caches what it found, a later state is not shown */
        rec_init(&r, __NR_sendto, 1);
        r.ev.args[0] = 5;
        fi.dport = 81;
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 5), "<TCP:[127.0.0.1:41234->127.0.0.1:80]>");
        /* IPv6: addresses in brackets */
        rec_init(&r, __NR_accept4, 6);
        fi = sock_info(6, 889, 10, "TCPv6");
        fi.sport = 80;
        fi.dport = 5000;
        fi.src[15] = 1;
        fi.dst[15] = 1;
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 6), "<TCPv6:[[::1]:80->[::1]:5000]>");
        /* unix: the peer and the bound name, abstract ones with @ */
        rec_init(&r, __NR_accept, 7);
        fi = sock_info(7, 900, 1, "UNIX-STREAM");
        fi.peer_ino = 901;
        fi.name_len = 11;
        memcpy(fi.name, "/run/x.sock", 11);
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 7), "<UNIX-STREAM:[900->901,\"/run/x.sock\"]>");
        rec_init(&r, __NR_socket, 8);
        fi = sock_info(8, 902, 1, "UNIX");
        fi.name_len = 4;
        memcpy(fi.name, "\0a\"b", 4);
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 8), "<UNIX:[902,@\"a\\\"b\"]>");
        /* a lying name length is cut to the name's room */
        rec_init(&r, __NR_socket, 9);
        fi = sock_info(9, 903, 1, "UNIX");
        fi.name_len = 60000;
        memset(fi.name, 'n', sizeof(fi.name));
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_int_equal(strlen(desc(p, 9)), strlen("<UNIX:[903,\"\"]>") + sizeof(fi.name));
        /* netlink: by protocol and port id once bound */
        rec_init(&r, __NR_socket, 10);
        fi = sock_info(10, 904, 16, "NETLINK");
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 10), "<NETLINK:[904]>");
        rec_init(&r, __NR_bind, 0);
        r.ev.args[0] = 10;
        fi.portid = 1234;
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 10), "<NETLINK:[ROUTE:1234]>");
        /* a segment about another fd names nothing; a family that does
         * not match the protocol's gives the bare protocol form */
        rec_init(&r, __NR_socket, 11);
        fi = sock_info(12, 905, 2, "UDP");
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 11), "");
        rec_init(&r, __NR_socket, 13);
        fi = sock_info(13, 906, 1, "UDP");
        fi.sport = 53;
        rec_fdinfo(&r, &fi);
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        assert_string_equal(desc(p, 13), "<UDP:[906]>");
        fdpath_free(y);
        fdpath_free(p);
}

/* decode-fds=dev alone: nothing for a file, the numbers for a device */
static void test_sets(void **state)
{
        struct fdpath *p;

        (void)state;
        assert_int_equal(fdpath_new(FDPATH_DEV, false, &p), 0);
        rec_openat(p, AT_FDCWD, "/etc/passwd", O_RDONLY, 3);
        rec_openat(p, AT_FDCWD, "/dev/null", O_RDONLY, 4);
        assert_string_equal(desc(p, 3), "");
        assert_string_equal(desc(p, 4), "</dev/null<char 1:3>>");
        assert_string_equal(desc(p, AT_FDCWD), "");
        fdpath_free(p);
}

/* -P: path arguments as given, fds by what they refer to, as they were
 * before the call; calls without fds or paths never match. */
static void test_match(void **state)
{
        static const char *const set[] = {"/etc/passwd", "/tmp/x"};
        struct fdpath *p;
        struct rec r;

        (void)state;
        assert_int_equal(fdpath_new(0, false, &p), 0);
        rec_init(&r, __NR_openat, 3);
        r.ev.args[0] = (uint64_t)(int64_t)AT_FDCWD;
        rec_seg(&r, 1, RENACER_SEG_STR, "/etc/passwd", 11);
        assert_true(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        /* another spelling of the path is not the path (strace compares strings) */
        rec_init(&r, __NR_openat, 4);
        r.ev.args[0] = (uint64_t)(int64_t)AT_FDCWD;
        rec_seg(&r, 1, RENACER_SEG_STR, "/etc//passwd", 12);
        assert_false(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        /* ... but its fd is */
        rec_init(&r, __NR_read, 5);
        r.ev.args[0] = 4;
        assert_true(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        r.ev.args[0] = 7;
        assert_false(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        /* mmap's fd is its fifth argument */
        rec_init(&r, __NR_mmap, 0x1000);
        r.ev.args[4] = 3;
        assert_true(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        /* dup2 by either fd; close matches before it closes */
        rec_init(&r, __NR_dup2, 9);
        r.ev.args[0] = 8;
        r.ev.args[1] = 3;
        assert_true(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        rec_init(&r, __NR_close, 0);
        r.ev.args[0] = 3;
        assert_true(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        fdpath_track(p, &r.ev, r.ev.hdr.size);
        rec_init(&r, __NR_read, 5);
        r.ev.args[0] = 3;
        assert_false(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        /* no path or fd argument: never */
        rec_init(&r, __NR_socket, 3);
        assert_false(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        rec_init(&r, __NR_getpid, 1);
        assert_false(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        /* the path of a %file call's first argument */
        rec_init(&r, __NR_unlink, 0);
        rec_seg(&r, 0, RENACER_SEG_STR, "/tmp/x", 6);
        assert_true(fdpath_match(p, &r.ev, r.ev.hdr.size, set, 2));
        fdpath_free(p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_opens_dups_closes),
            cmocka_unit_test(test_anon_and_arg_text),
            cmocka_unit_test(test_sets),
            cmocka_unit_test(test_captured_fds),
            cmocka_unit_test(test_match),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
