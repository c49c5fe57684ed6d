// SPDX-License-Identifier: MIT
/*
 * -e read=/write= dumps against strace 6.1's lines (dumpstr(),
 * dumpiov_upto(), dumpiov_in_mmsghdr() in its util.c and mmsghdr.c): the
 * formatter on its own, the descriptor sets, and whole records built the
 * way bpf/renacer.bpf.c writes them, cut ones included.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <cmocka.h>

#include "dumpio.h"
#include "record-builder.h"

static char out[65536];
static size_t out_len;

static void emit(void *ctx, const char *l, size_t n)
{
        (void)ctx;
        assert_true(out_len + n + 1 < sizeof(out));
        memcpy(out + out_len, l, n);
        out_len += n;
        out[out_len++] = '\n';
        out[out_len] = '\0';
}

static void reset(void)
{
        out_len = 0;
        out[0] = '\0';
}

#define P1 0x7ffd1000ULL
#define P2 0x7ffd2000ULL

/* strace -e write=1 of write(1, "hello\n", 6) */
static void test_hex_short(void **state)
{
        (void)state;
        reset();
        dumpio_hex((const uint8_t *)"hello\n", 6, 6, emit, NULL);
        assert_string_equal(
            out,
            " | 00000  68 65 6c 6c 6f 0a                                 hello.           |\n");
}

/* two lines, the second partial; bytes outside ' '..'~' read '.' */
static void test_hex_two_lines(void **state)
{
        uint8_t b[20];

        (void)state;
        for (int i = 0; i < 20; i++)
                b[i] = (uint8_t)(0x7a + i); /* z { | } ~ DEL 0x80 ... */
        reset();
        dumpio_hex(b, sizeof(b), sizeof(b), emit, NULL);
        assert_string_equal(
            out,
            " | 00000  7a 7b 7c 7d 7e 7f 80 81  82 83 84 85 86 87 88 89  z{|}~........... |\n"
            " | 00010  8a 8b 8c 8d                                       ....             |\n");
}

/* a cut buffer: the captured lines, then the marker with the counts */
static void test_hex_cut(void **state)
{
        uint8_t b[32] = {0};

        (void)state;
        reset();
        dumpio_hex(b, 32, 4096, emit, NULL);
        assert_string_equal(
            out, " | 00000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  ................ |\n"
                 " | 00010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  ................ |\n"
                 " | <... 4064 of 4096 bytes not captured>\n");
}

/* strace widens the offset column past 1 MiB: 6 digits for 0x100001 */
static void test_hex_wide_offsets(void **state)
{
        (void)state;
        reset();
        dumpio_hex((const uint8_t *)"A", 1, 0x100001, emit, NULL);
        assert_string_equal(
            out, " | 000000  41                                                A                |\n"
                 " | <... 1048576 of 1048577 bytes not captured>\n");
        reset();
        dumpio_hex(NULL, 0, 0, emit, NULL);
        assert_string_equal(out, "");
}

static void test_fds_parse(void **state)
{
        struct dumpio_fds s;
        const char *bad = NULL;
        size_t len = 0;

        (void)state;
        assert_int_equal(dumpio_fds_parse("0,5", &s, &bad, &len), 0);
        assert_true(dumpio_fds_has(&s, 0) && dumpio_fds_has(&s, 5));
        assert_false(dumpio_fds_has(&s, 1));
        assert_int_equal(dumpio_fds_parse("!0,1,2", &s, &bad, &len), 0);
        assert_false(dumpio_fds_has(&s, 2));
        assert_true(dumpio_fds_has(&s, 3));
        assert_int_equal(dumpio_fds_parse("all", &s, &bad, &len), 0);
        assert_true(dumpio_fds_has(&s, 12345));
        assert_int_equal(dumpio_fds_parse("!all", &s, &bad, &len), 0);
        assert_false(dumpio_fds_any(&s));
        assert_int_equal(dumpio_fds_parse("!none", &s, &bad, &len), 0);
        assert_true(dumpio_fds_has(&s, 0));
        assert_int_equal(dumpio_fds_parse("none", &s, &bad, &len), 0);
        assert_false(dumpio_fds_any(&s));
        /* strace's message names the token: invalid descriptor 'x' */
        assert_int_equal(dumpio_fds_parse("1,x,2", &s, &bad, &len), -EINVAL);
        assert_int_equal(len, 1);
        assert_memory_equal(bad, "x", 1);
        assert_int_equal(dumpio_fds_parse("-1", &s, &bad, &len), -EINVAL);
        assert_int_equal(dumpio_fds_parse("2147483648", &s, &bad, &len), -EINVAL);
        assert_int_equal(dumpio_fds_parse("", &s, &bad, &len), -EINVAL);
        assert_int_equal(dumpio_fds_parse(",", &s, &bad, &len), -EINVAL);
        assert_int_equal(dumpio_fds_parse("!", &s, &bad, &len), -EINVAL);
        assert_int_equal(dumpio_fds_parse("2147483647", &s, &bad, &len), 0);
        char many[DUMPIO_FDS_MAX * 4 + 16];
        size_t n = 0;
        for (int i = 0; i <= DUMPIO_FDS_MAX; i++)
                n += (size_t)snprintf(many + n, sizeof(many) - n, "%s%d", i ? "," : "", i);
        assert_int_equal(dumpio_fds_parse(many, &s, &bad, &len), -E2BIG);
}

static struct dumpio_fds set_of(const char *spec)
{
        struct dumpio_fds s;
        const char *bad;
        size_t len;

        assert_int_equal(dumpio_fds_parse(spec, &s, &bad, &len), 0);
        return s;
}

static const char *dump(const char *rd, const char *wr)
{
        struct dumpio_fds r = set_of(rd), w = set_of(wr);

        reset();
        assert_int_equal(dumpio_record(&R.u.ev, R.u.ev.hdr.size, &r, &w, emit, NULL), 0);
        return out;
}

/* write(1, "hi", 2): dumped for write=1 only; a failed write too (strace
 * dumps what was asked to be written); read= never dumps a write */
static void test_record_write(void **state)
{
        (void)state;
        EV(__NR_write, 2, 1, P1, 2);
        seg_buf(1, "hi", 2);
        assert_string_equal(
            dump("none", "1"),
            " | 00000  68 69                                             hi               |\n");
        assert_string_equal(dump("1", "none"), "");
        assert_string_equal(dump("none", "2"), "");
        EV(__NR_write, -EBADF, 1, P1, 2);
        seg_buf(1, "hi", 2);
        assert_string_equal(
            dump("none", "all"),
            " | 00000  68 69                                             hi               |\n");
        /* a buffer the kernel could not read: strace shows nothing */
        EV(__NR_write, -EFAULT, 1, P1, 2);
        seg(1, RENACER_SEG_BUF, RENACER_SEGF_AT_EXIT | RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(dump("none", "all"), "");
}

/* read: as many bytes as it returned, and nothing after a failure */
static void test_record_read(void **state)
{
        (void)state;
        EV(__NR_read, 3, 0, P1, 4096);
        seg_buf(1, "abc", 3);
        assert_string_equal(
            dump("0", "none"),
            " | 00000  61 62 63                                          abc              |\n");
        assert_string_equal(dump("none", "0"), "");
        EV(__NR_read, -EAGAIN, 0, P1, 4096);
        seg_buf(1, "", 0);
        assert_string_equal(dump("all", "all"), "");
        /* a negative fd is never in a set */
        EV(__NR_read, -EBADF, -1, P1, 4096);
        assert_string_equal(dump("all", "all"), "");
        /* a syscall that moves no data */
        EV(__NR_close, 0, 0);
        assert_string_equal(dump("all", "all"), "");
}

/* mq_timedsend is dumped as a write (its message, even when refused),
 * mq_timedreceive as a read (what it returned, nothing after a failure) */
static void test_record_mq(void **state)
{
        (void)state;
        EV(__NR_mq_timedsend, -EAGAIN, 3, P1, 2, 7, 0);
        seg_buf(1, "hi", 2);
        assert_string_equal(
            dump("none", "3"),
            " | 00000  68 69                                             hi               |\n");
        assert_string_equal(dump("3", "none"), "");
        EV(__NR_mq_timedreceive, 3, 3, P1, 64, P2, 0);
        seg_buf(1, "abc", 3);
        assert_string_equal(
            dump("3", "none"),
            " | 00000  61 62 63                                          abc              |\n");
        assert_string_equal(dump("none", "3"), "");
        EV(__NR_mq_timedreceive, -ETIMEDOUT, 3, P1, 64, P2, 0);
        assert_string_equal(dump("all", "all"), "");
}

/* writev: " * N bytes in buffer i" before each element's lines; a zero
 * length ends strace's walk */
static void test_record_writev(void **state)
{
        struct iovec iov[3] = {{(void *)P1, 3}, {(void *)P2, 2}, {(void *)P2, 0}};

        (void)state;
        EV(__NR_writev, 5, 1, 0x7ffd3000, 3);
        seg_buf(1, iov, sizeof(iov));
        seg_buf(1, "abc", 3);
        seg_buf(1, "de", 2);
        seg_buf(1, "", 0);
        assert_string_equal(
            dump("none", "1"),
            " * 3 bytes in buffer 0\n"
            " | 00000  61 62 63                                          abc              |\n"
            " * 2 bytes in buffer 1\n"
            " | 00000  64 65                                             de               |\n");
}

/* readv: up to what it returned, even within an element */
static void test_record_readv(void **state)
{
        struct iovec iov[2] = {{(void *)P1, 2}, {(void *)P2, 8}};

        (void)state;
        EV(__NR_readv, 3, 0, 0x7ffd3000, 2);
        seg_buf(1, iov, sizeof(iov));
        seg_buf(1, "ab", 2);
        seg_buf(1, "c", 1);
        assert_string_equal(
            dump("0", "none"),
            " * 2 bytes in buffer 0\n"
            " | 00000  61 62                                             ab               |\n"
            " * 1 bytes in buffer 1\n"
            " | 00000  63                                                c                |\n");
}

/* more elements than the kernel captures: the marker names them */
static void test_record_iov_beyond_capture(void **state)
{
        struct iovec iov[RENACER_IOV_MAX];

        (void)state;
        for (int i = 0; i < RENACER_IOV_MAX; i++)
                iov[i] = (struct iovec){(void *)P1, 1};
        EV(__NR_writev, RENACER_IOV_MAX + 2, 1, 0x7ffd3000, RENACER_IOV_MAX + 2);
        seg_buf(1, iov, sizeof(iov));
        for (int i = 0; i < RENACER_IOV_MAX; i++)
                seg_buf(1, "x", 1);
        dump("none", "1");
        char want[64];
        snprintf(want, sizeof(want), " * <... buffers %d to %d not captured>\n", RENACER_IOV_MAX,
                 RENACER_IOV_MAX + 1);
        assert_non_null(strstr(out, want));
        assert_int_equal(strlen(out) - strlen(strstr(out, want)) + strlen(want), strlen(out));
        /* an element whose data did not fit in the record */
        struct iovec two[2] = {{(void *)P1, 1}, {(void *)P2, 40}};
        EV(__NR_writev, 41, 1, 0x7ffd3000, 2);
        seg_buf(1, two, sizeof(two));
        seg_buf(1, "x", 1);
        assert_string_equal(
            dump("none", "1"),
            " * 1 bytes in buffer 0\n"
            " | 00000  78                                                x                |\n"
            " * 40 bytes in buffer 1\n"
            " | <... 40 of 40 bytes not captured>\n");
}

/* sendmsg and recvmsg: the iovecs of the msghdr, segments in
 * renacer_capture_msghdr()'s order */
static void msghdr_segs(const struct iovec *iov, size_t niov, const char *const *data, size_t mm)
{
        union {
                struct msghdr m;
                struct mmsghdr mm;
        } h;

        memset(&h, 0, sizeof(h));
        h.m.msg_iov = (struct iovec *)0x7ffd4000;
        h.m.msg_iovlen = niov;
        if (mm)
                h.mm.msg_len = (unsigned)mm;
        seg_buf(1, &h, mm ? sizeof(struct mmsghdr) : sizeof(struct msghdr));
        seg_buf(1, "", 0);                                                  /* no name */
        seg(1, RENACER_SEG_COUNT, RENACER_SEGF_AT_EXIT, &(uint32_t){0}, 4); /* clen */
        seg_buf(1, "", 0);                                                  /* no control data */
        seg_buf(1, iov, niov * sizeof(*iov));
        for (size_t i = 0; i < niov; i++)
                seg_buf(1, data[i], strlen(data[i]));
}

static void test_record_msghdr(void **state)
{
        struct iovec iov[2] = {{(void *)P1, 4}, {(void *)P2, 3}};
        const char *const data[] = {"ping", "abc"};

        (void)state;
        EV(__NR_sendmsg, 7, 1, 0x7ffd5000, 0);
        msghdr_segs(iov, 2, data, 0);
        assert_string_equal(
            dump("none", "1"),
            " * 4 bytes in buffer 0\n"
            " | 00000  70 69 6e 67                                       ping             |\n"
            " * 3 bytes in buffer 1\n"
            " | 00000  61 62 63                                          abc              |\n");
        EV(__NR_recvmsg, 5, 0, 0x7ffd5000, 0);
        msghdr_segs(iov, 2, data, 0);
        assert_string_equal(
            dump("0", "none"),
            " * 4 bytes in buffer 0\n"
            " | 00000  70 69 6e 67                                       ping             |\n"
            " * 1 bytes in buffer 1\n"
            " | 00000  61                                                a                |\n");
}

/* recvmmsg: " = N buffers in vector i", each message up to its msg_len */
static void test_record_mmsg(void **state)
{
        struct iovec iov[1] = {{(void *)P1, 8}};
        const char *const d0[] = {"one"}, *const d1[] = {"three"};

        (void)state;
        EV(__NR_recvmmsg, 2, 0, 0x7ffd6000, 2);
        msghdr_segs(iov, 1, d0, 3);
        msghdr_segs(iov, 1, d1, 5);
        assert_string_equal(
            dump("0", "none"),
            " = 1 buffers in vector 0\n"
            " * 3 bytes in buffer 0\n"
            " | 00000  6f 6e 65                                          one              |\n"
            " = 1 buffers in vector 1\n"
            " * 5 bytes in buffer 0\n"
            " | 00000  74 68 72 65 65                                    three            |\n");
        /* three returned, two in the record */
        EV(__NR_sendmmsg, 3, 1, 0x7ffd6000, 3);
        msghdr_segs(iov, 1, d0, 3);
        msghdr_segs(iov, 1, d1, 5);
        dump("none", "1");
        assert_non_null(strstr(out, " = <... messages 2 to 2 not captured>\n"));
}

/* a malformed record is refused, as the decoder refuses it */
static void test_record_malformed(void **state)
{
        struct dumpio_fds all = set_of("all");

        (void)state;
        EV(__NR_write, 2, 1, P1, 2);
        seg_buf(1, "hi", 2);
        R.u.ev.payload_len += 64; /* more payload than the record holds */
        reset();
        assert_int_equal(dumpio_record(&R.u.ev, R.u.ev.hdr.size, &all, &all, emit, NULL), -EBADMSG);
        assert_string_equal(out, "");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_hex_short),
            cmocka_unit_test(test_hex_two_lines),
            cmocka_unit_test(test_hex_cut),
            cmocka_unit_test(test_hex_wide_offsets),
            cmocka_unit_test(test_fds_parse),
            cmocka_unit_test(test_record_write),
            cmocka_unit_test(test_record_read),
            cmocka_unit_test(test_record_mq),
            cmocka_unit_test(test_record_writev),
            cmocka_unit_test(test_record_readv),
            cmocka_unit_test(test_record_iov_beyond_capture),
            cmocka_unit_test(test_record_msghdr),
            cmocka_unit_test(test_record_mmsg),
            cmocka_unit_test(test_record_malformed),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
