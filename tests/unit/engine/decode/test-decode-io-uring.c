// SPDX-License-Identifier: MIT
/*
 * io_uring_setup, io_uring_enter and io_uring_register against strace
 * 6.1's notation: each expected string is the line strace 6.1 prints for
 * the same call in its tests/io_uring_*.c; the records are built the way
 * bpf/renacer.bpf.c writes them (the row's STRUCT, SIZED_TAIL and
 * FIELD_ARRAY segments, in that order).
 */
#include <errno.h>
#include <linux/io_uring.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "record-builder.h"

static void test_setup_enter(void **state)
{
        struct io_uring_params p = {.flags = IORING_SETUP_ATTACH_WQ, .wq_fd = 3};

        (void)state;
        EV(SYS_io_uring_setup, -EINVAL, 2, P1);
        seg_buf(1, &p, sizeof(p));
        assert_string_equal(decode(), "io_uring_setup(2, {flags=IORING_SETUP_ATTACH_WQ, "
                                      "sq_thread_cpu=0, sq_thread_idle=0, wq_fd=3}) = -1 EINVAL "
                                      "(Invalid argument)");
        memset(&p, 0, sizeof(p));
        p.sq_entries = 2;
        p.cq_entries = 4;
        p.features = IORING_FEAT_SINGLE_MMAP | 0x3e000;
        p.sq_off = (struct io_sqring_offsets){0, 4, 16, 24, 36, 32, 128, 0, 0};
        p.cq_off = (struct io_cqring_offsets){8, 12, 20, 28, 44, 64, 40, 0, 0};
        EV(SYS_io_uring_setup, 4, 2, P1);
        seg_buf(1, &p, sizeof(p));
        assert_string_equal(decode(),
                            "io_uring_setup(2, {flags=0, sq_thread_cpu=0, sq_thread_idle=0, "
                            "sq_entries=2, cq_entries=4, features=IORING_FEAT_SINGLE_MMAP|0x3e000, "
                            "sq_off={head=0, tail=4, ring_mask=16, ring_entries=24, flags=36, "
                            "dropped=32, array=128}, cq_off={head=8, tail=12, ring_mask=20, "
                            "ring_entries=28, overflow=44, cqes=64, flags=40}}) = 4");
        /* a faulted copy: the address */
        EV(SYS_io_uring_setup, -EFAULT, 0, 0x7ffff7fbcf89ULL);
        seg_fault(1);
        assert_string_equal(decode(),
                            "io_uring_setup(0, 0x7ffff7fbcf89) = -1 EFAULT (Bad address)");
        EV(SYS_io_uring_enter, -EINVAL, 3, 3735928559U, 3405705229U, 0xffffffffU, P1, 8);
        seg(4, RENACER_SEG_BUF, 0, &(uint64_t){~(uint64_t)((1 << 0) | (1 << 8) | (1 << 18))}, 8);
        assert_string_equal(decode(),
                            "io_uring_enter(3, 3735928559, 3405705229, "
                            "IORING_ENTER_GETEVENTS|IORING_ENTER_SQ_WAKEUP|"
                            "IORING_ENTER_SQ_WAIT|IORING_ENTER_EXT_ARG|"
                            "IORING_ENTER_REGISTERED_RING|0xffffffe0, ~[HUP KILL STOP], 8) "
                            "= -1 EINVAL (Invalid argument)");
}

static void test_register_rsrc(void **state)
{
        struct io_uring_rsrc_register r = {.nr = 6, .data = P2, .tags = 0};
        uint8_t tail[40];
        int32_t fds[5] = {3, 0, -1, -2, -3};
        uint64_t tags[5] = {0x1337, 0x1, 0xdead, 0xfacefeed, 0xbadc0deddadfacedULL};

        (void)state;
        /* the data array stops being readable after 5 elements */
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_FILES2, P1, 32);
        seg_buf(2, &r, sizeof(r));
        seg_buf(2, fds, sizeof(fds));
        seg_buf(2, NULL, 0);
        assert_string_equal(decode(),
                            "io_uring_register(0, IORING_REGISTER_FILES2, {nr=6, flags=0, "
                            "data=[3, 0, -1, -2, -3, ... /* 0x7ffd2014 */], tags=NULL}, 32) "
                            "= -1 EOPNOTSUPP (Operation not supported)");
        /* non-zero bytes after the struct, a tags array */
        r = (struct io_uring_rsrc_register){
            .nr = 5, .flags = IORING_RSRC_REGISTER_SPARSE, .tags = P3};
        memcpy(tail, &r, sizeof(r));
        for (int k = 0; k < 8; k++)
                tail[32 + k] = 0xa0 + k;
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_FILES2, P1, 40);
        seg_buf(2, tail, sizeof(tail));
        seg_buf(2, NULL, 0);
        seg_buf(2, tags, sizeof(tags));
        assert_string_equal(decode(),
                            "io_uring_register(0, IORING_REGISTER_FILES2, {nr=5, "
                            "flags=IORING_RSRC_REGISTER_SPARSE, data=NULL, tags=[0x1337, 0x1, "
                            "0xdead, 0xfacefeed, 0xbadc0deddadfaced], /* bytes 32..39 */ "
                            "\"\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7\"}, 40) = -1 EOPNOTSUPP "
                            "(Operation not supported)");
        /* the bytes after the struct cannot be read */
        r = (struct io_uring_rsrc_register){.nr = 0, .data = P2};
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_BUFFERS2, P1, 48);
        seg_buf(2, &r, sizeof(r));
        seg_buf(2, NULL, 0);
        seg_buf(2, NULL, 0);
        assert_string_equal(decode(), "io_uring_register(0, IORING_REGISTER_BUFFERS2, {nr=0, "
                                      "flags=0, data=[], tags=NULL, ???}, 48) = -1 EOPNOTSUPP "
                                      "(Operation not supported)");
        /* too short for the struct: the address */
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_BUFFERS2, 0x7ffff7db3fe8ULL, 24);
        seg_buf(2, &r, 24);
        assert_string_equal(decode(),
                            "io_uring_register(0, IORING_REGISTER_BUFFERS2, "
                            "0x7ffff7db3fe8, 24) = -1 EOPNOTSUPP (Operation not supported)");
}

static void test_register_update(void **state)
{
        struct io_uring_rsrc_update2 u = {.resv = 0xbadc0ded, .data = P2, .tags = P3, .nr = 5};
        int32_t fds[5] = {3, 0, -1, IORING_REGISTER_FILES_SKIP, -3};
        uint64_t tags[5] = {0x1337, 0x1, 0xdead, 0xfacefeed, 0xbadc0deddadfacedULL};
        struct iovec iov[2] = {{(void *)0xfacefeedcafef00dULL, 16045756813264538366ULL},
                               {(void *)0x55555555b540ULL, 10}};
        struct io_uring_buf_reg br = {.ring_addr = 0x7ffff7d7dfd8ULL,
                                      .ring_entries = 3141592653U,
                                      .bgid = 42069,
                                      .resv = {0, 0, 0xbadc0dedfacefeedULL}};

        (void)state;
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_FILES_UPDATE2, P1, 32);
        seg_buf(2, &u, sizeof(u));
        seg_buf(2, fds, sizeof(fds));
        seg_buf(2, tags, sizeof(tags));
        assert_string_equal(
            decode(), "io_uring_register(0, IORING_REGISTER_FILES_UPDATE2, {offset=0, "
                      "resv=0xbadc0ded, data=[3, 0, -1, IORING_REGISTER_FILES_SKIP, -3], "
                      "tags=[0x1337, 0x1, 0xdead, 0xfacefeed, 0xbadc0deddadfaced], nr=5}, 32) "
                      "= -1 EOPNOTSUPP (Operation not supported)");
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_BUFFERS, P1, 2);
        seg_buf(2, iov, sizeof(iov));
        assert_string_equal(decode(), "io_uring_register(0, IORING_REGISTER_BUFFERS, "
                                      "[{iov_base=0xfacefeedcafef00d, "
                                      "iov_len=16045756813264538366}, {iov_base=0x55555555b540, "
                                      "iov_len=10}], 2) = -1 EOPNOTSUPP (Operation not supported)");
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_PBUF_RING, P1, 66);
        seg_buf(2, &br, sizeof(br));
        assert_string_equal(decode(), "io_uring_register(0, IORING_REGISTER_PBUF_RING, "
                                      "{ring_addr=0x7ffff7d7dfd8, ring_entries=3141592653, "
                                      "bgid=42069, resv=[0, 0, 0xbadc0dedfacefeed]}, 66) = -1 "
                                      "EOPNOTSUPP (Operation not supported)");
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, 0x18, 0x55555555b540ULL, 3735928559U);
        assert_string_equal(decode(), "io_uring_register(0, 0x18 /* IORING_REGISTER_??? */, "
                                      "0x55555555b540, 3735928559) = -1 EOPNOTSUPP (Operation not "
                                      "supported)");
}

static void test_register_lists(void **state)
{
        struct io_uring_restriction r[3] = {
            {.opcode = IORING_RESTRICTION_REGISTER_OP, .register_op = 0xff},
            {.opcode = IORING_RESTRICTION_SQE_FLAGS_REQUIRED, .sqe_flags = 0x80},
            {.opcode = 0x89, .resv = 0},
        };
        struct io_uring_rsrc_update fd[2] = {{.offset = UINT32_MAX, .data = 3},
                                             {.offset = 0, .resv = 0x1010101, .data = 0}};

        (void)state;
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_RESTRICTIONS, P1, 3);
        seg_buf(2, r, sizeof(r));
        assert_string_equal(
            decode(), "io_uring_register(0, IORING_REGISTER_RESTRICTIONS, "
                      "[{opcode=IORING_RESTRICTION_REGISTER_OP, register_op=0xff /* "
                      "IORING_REGISTER_??? */}, {opcode=IORING_RESTRICTION_SQE_FLAGS_REQUIRED, "
                      "sqe_flags=0x80 /* IOSQE_??? */}, {opcode=0x89 /* "
                      "IORING_RESTRICTION_??? */ /* op: 0 */}], 3) = -1 EOPNOTSUPP "
                      "(Operation not supported)");
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_RING_FDS, P1, 2);
        seg_buf(2, fd, sizeof(fd));
        assert_string_equal(decode(), "io_uring_register(0, IORING_REGISTER_RING_FDS, [{offset=-1, "
                                      "data=3}, {offset=0, resv=0x1010101, data=0}], 2) = -1 "
                                      "EOPNOTSUPP (Operation not supported)");
        /* the first element cannot be read: the address */
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_UNREGISTER_RING_FDS, 0x7ffff7d84000ULL, 1);
        seg_buf(2, NULL, 0);
        assert_string_equal(decode(),
                            "io_uring_register(0, IORING_UNREGISTER_RING_FDS, "
                            "0x7ffff7d84000, 1) = -1 EOPNOTSUPP (Operation not supported)");
        /* a record that lies: a segment shorter than one element */
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_FILES, P1, 5);
        seg_buf(2, "\1\2", 2);
        assert_string_equal(decode(),
                            "io_uring_register(0, IORING_REGISTER_FILES, 0x7ffd1000, 5) = "
                            "-1 EOPNOTSUPP (Operation not supported)");
}

static void test_register_probe_workers(void **state)
{
        uint8_t probe[16 + 4 * 8] = {0};
        uint32_t w[2] = {0, 1}, out[2] = {2, 96549};

        (void)state;
        /* zeroed and refused: the address; filled by a success */
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_PROBE, 0x7ffff7dc5ee8ULL, 4);
        seg_buf(2, probe, sizeof(probe));
        assert_string_equal(decode(), "io_uring_register(0, IORING_REGISTER_PROBE, 0x7ffff7dc5ee8, "
                                      "4) = -1 EOPNOTSUPP (Operation not supported)");
        probe[0] = 62;
        probe[1] = 4;
        for (int k = 0; k < 4; k++) {
                probe[16 + 8 * k] = k;
                probe[16 + 8 * k + 2] = IO_URING_OP_SUPPORTED;
        }
        probe[16 + 8 * 3] = 0xfe;
        EV(SYS_io_uring_register, 0, 3, IORING_REGISTER_PROBE, P1, 2);
        seg_buf(2, probe, 16 + 2 * 8);
        assert_string_equal(decode(), "io_uring_register(3, IORING_REGISTER_PROBE, {last_op=62 /* "
                                      "IORING_OP_??? */, ops_len=4, ops=[{op=IORING_OP_NOP, "
                                      "flags=IO_URING_OP_SUPPORTED}, {op=IORING_OP_READV, "
                                      "flags=IO_URING_OP_SUPPORTED}, ...]}, 2) = 0");
        /* given as it is, not zeroed: shown and refused */
        EV(SYS_io_uring_register, -EINVAL, 3, IORING_REGISTER_PROBE, P1, 4);
        seg_buf(2, probe, sizeof(probe));
        assert_string_equal(decode(), "io_uring_register(3, IORING_REGISTER_PROBE, {last_op=62 /* "
                                      "IORING_OP_??? */, ops_len=4, ops=[{op=IORING_OP_NOP, "
                                      "flags=IO_URING_OP_SUPPORTED}, {op=IORING_OP_READV, "
                                      "flags=IO_URING_OP_SUPPORTED}, {op=IORING_OP_WRITEV, "
                                      "flags=IO_URING_OP_SUPPORTED}, {op=254 /* IORING_OP_??? */, "
                                      "flags=IO_URING_OP_SUPPORTED}]}, 4) = -1 EINVAL (Invalid "
                                      "argument)");
        /* worker counts: refused (the address after " => "), then a
         * success with the counts the kernel wrote */
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_IOWQ_MAX_WORKERS, P1, 3);
        seg_buf(2, (uint32_t[3]){0, 1, 3202329837U}, 12);
        assert_string_equal(decode(),
                            "io_uring_register(0, IORING_REGISTER_IOWQ_MAX_WORKERS, "
                            "[[IO_WQ_BOUND]=0, [IO_WQ_UNBOUND]=1, [2 /* IO_WQ_??? "
                            "*/]=3202329837] => 0x7ffd1000, 3) = -1 EOPNOTSUPP (Operation "
                            "not supported)");
        EV(SYS_io_uring_register, 0, 3, IORING_REGISTER_IOWQ_MAX_WORKERS, P1, 2);
        seg(2, RENACER_SEG_BUF, 0, w, sizeof(w));
        seg_buf(2, out, sizeof(out));
        assert_string_equal(decode(), "io_uring_register(3, IORING_REGISTER_IOWQ_MAX_WORKERS, "
                                      "[[IO_WQ_BOUND]=0, [IO_WQ_UNBOUND]=1] => [[IO_WQ_BOUND]=2, "
                                      "[IO_WQ_UNBOUND]=96549], 2) = 0");
        EV(SYS_io_uring_register, -EOPNOTSUPP, 0, IORING_REGISTER_IOWQ_AFF, P1, 2);
        seg_buf(2, (uint8_t[2]){0xef, 0xbe}, 2);
        assert_string_equal(decode(),
                            "io_uring_register(0, IORING_REGISTER_IOWQ_AFF, [0 1 2 3 5 6 7 "
                            "9 10 11 12 13 15], 2) = -1 EOPNOTSUPP (Operation not "
                            "supported)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_setup_enter),
            cmocka_unit_test(test_register_rsrc),
            cmocka_unit_test(test_register_update),
            cmocka_unit_test(test_register_lists),
            cmocka_unit_test(test_register_probe_workers),
        };

        return cmocka_run_group_tests_name("decode-io-uring", tests, NULL, NULL);
}
