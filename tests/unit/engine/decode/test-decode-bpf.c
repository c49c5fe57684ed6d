// SPDX-License-Identifier: MIT
/*
 * bpf(2) against strace 6.1's notation without -v: each expected string
 * is the line strace 6.1 prints for the same call in its tests/bpf.c;
 * the records are built the way bpf/renacer.bpf.c writes them (the attr
 * as EXIT(ATTR) copies it, then the FIELD_STR or FIELD_ARRAY segment of
 * the commands that point to data).
 */
#include <errno.h>
#include <linux/bpf.h>
#include <sys/syscall.h>

#include "record-builder.h"

static void attr(const void *p, size_t len)
{
        seg_buf(1, p, len);
}

static void test_map_create(void **state)
{
        union bpf_attr a;

        (void)state;
        memset(&a, 0, sizeof(a));
        a.map_type = BPF_MAP_TYPE_ARRAY;
        EV(SYS_bpf, -EINVAL, BPF_MAP_CREATE, P1, 4);
        attr(&a, 4);
        assert_string_equal(decode(), "bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, "
                                      "key_size=0, value_size=0, max_entries=0}, 4) = -1 EINVAL "
                                      "(Invalid argument)");
        a.map_type = BPF_MAP_TYPE_USER_RINGBUF;
        a.key_size = 4;
        a.value_size = 8;
        a.max_entries = 256;
        a.map_flags = 0x3f;
        a.inner_map_fd = -1;
        a.numa_node = 3141592653U;
        memcpy(a.map_name, "0123456789abcdef", 16);
        EV(SYS_bpf, -EINVAL, BPF_MAP_CREATE, P1, 36);
        attr(&a, 36);
        assert_string_equal(
            decode(),
            "bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_USER_RINGBUF, key_size=4, value_size=8, "
            "max_entries=256, map_flags=BPF_F_NO_PREALLOC|BPF_F_NO_COMMON_LRU|BPF_F_NUMA_NODE|"
            "BPF_F_RDONLY|BPF_F_WRONLY|BPF_F_STACK_BUILD_ID, inner_map_fd=-1, "
            "numa_node=3141592653, "
            "map_name=\"0123456\"...}, 36) = -1 EINVAL (Invalid argument)");
        /* unreadable, NULL, too large */
        EV(SYS_bpf, -EFAULT, BPF_MAP_CREATE, 0x7ffff7fbcffdULL, 4);
        seg(1, RENACER_SEG_BUF, RENACER_SEGF_AT_EXIT | RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(),
                            "bpf(BPF_MAP_CREATE, 0x7ffff7fbcffd, 4) = -1 EFAULT (Bad address)");
        EV(SYS_bpf, -EFAULT, BPF_MAP_CREATE, 0, 256);
        assert_string_equal(decode(), "bpf(BPF_MAP_CREATE, NULL, 256) = -1 EFAULT (Bad address)");
        EV(SYS_bpf, -E2BIG, BPF_MAP_CREATE, 0x7ffff7fbc000ULL, 4097);
        assert_string_equal(decode(), "bpf(BPF_MAP_CREATE, 0x7ffff7fbc000, 4097) = -1 E2BIG "
                                      "(Argument list too long)");
        /* a record that lies: fewer bytes than the size says */
        EV(SYS_bpf, -EINVAL, BPF_MAP_CREATE, P1, 36);
        attr(&a, 20);
        assert_string_equal(decode(),
                            "bpf(BPF_MAP_CREATE, 0x7ffd1000, 36) = -1 EINVAL (Invalid argument)");
}

static void test_extra_and_strings(void **state)
{
        uint8_t buf[256];
        union bpf_attr *a = (union bpf_attr *)buf;

        (void)state;
        memset(buf, 0, sizeof(buf));
        a->pathname = P2;
        a->bpf_fd = -1;
        a->file_flags = BPF_F_RDONLY | BPF_F_WRONLY;
        EV(SYS_bpf, -EINVAL, BPF_OBJ_GET, P1, 256);
        attr(buf, 256);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, "/sys/fs/bpf/foo/bar", 19);
        assert_string_equal(decode(), "bpf(BPF_OBJ_GET, {pathname=\"/sys/fs/bpf/foo/bar\", "
                                      "bpf_fd=-1, file_flags=BPF_F_RDONLY|BPF_F_WRONLY}, 256) = -1 "
                                      "EINVAL (Invalid argument)");
        /* non-zero bytes after the structure strace knows */
        buf[200] = 1;
        EV(SYS_bpf, -E2BIG, BPF_OBJ_GET, P1, 256);
        attr(buf, 256);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, "/sys/fs/bpf/foo/bar", 19);
        assert_string_equal(decode(), "bpf(BPF_OBJ_GET, {pathname=\"/sys/fs/bpf/foo/bar\", "
                                      "bpf_fd=-1, file_flags=BPF_F_RDONLY|BPF_F_WRONLY, ...}, 256) "
                                      "= -1 E2BIG (Argument list too long)");
        /* a string cut at -s, an unreadable one */
        memset(buf, 0, sizeof(buf));
        a->raw_tracepoint.name = P2;
        a->raw_tracepoint.prog_fd = -559038737;
        EV(SYS_bpf, -EBADF, BPF_RAW_TRACEPOINT_OPEN, P1, 12);
        attr(buf, 12);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, "0123456789qwertyuiop0123456789qwe", 33);
        assert_string_equal(decode(), "bpf(BPF_RAW_TRACEPOINT_OPEN, {raw_tracepoint={name="
                                      "\"0123456789qwertyuiop0123456789qw\"..., "
                                      "prog_fd=-559038737}}, 12) = -1 EBADF (Bad file descriptor)");
        a->raw_tracepoint.name = 0xffffffff00000000ULL;
        EV(SYS_bpf, -EBADF, BPF_RAW_TRACEPOINT_OPEN, P1, 12);
        attr(buf, 12);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT | RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "bpf(BPF_RAW_TRACEPOINT_OPEN, {raw_tracepoint={name="
                                      "0xffffffff00000000, prog_fd=-559038737}}, 12) = -1 EBADF "
                                      "(Bad file descriptor)");
        /* a program's license and its log buffer, cut at log_size */
        memset(buf, 0, sizeof(buf));
        a->prog_type = BPF_PROG_TYPE_UNSPEC;
        a->insn_cnt = 1;
        a->insns = 0x55555555c788ULL;
        a->license = P2;
        a->log_size = 4;
        a->log_buf = P3;
        EV(SYS_bpf, -EINVAL, BPF_PROG_LOAD, P1, 40);
        attr(buf, 40);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, "GPL", 3);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, "log message", 11);
        assert_string_equal(decode(),
                            "bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_UNSPEC, "
                            "insn_cnt=1, insns=0x55555555c788, license=\"GPL\", "
                            "log_level=0, log_size=4, log_buf=\"log \"...}, 40) = -1 EINVAL "
                            "(Invalid argument)");
        /* -s bytes and then the NUL: whole, as strace looks one byte further */
        EV(SYS_bpf, -EINVAL, BPF_RAW_TRACEPOINT_OPEN, P1, 12);
        memset(buf, 0, sizeof(buf));
        a->raw_tracepoint.name = P2;
        attr(buf, 12);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, "a log the kernel would overwrite", 32);
        assert_string_equal(decode(), "bpf(BPF_RAW_TRACEPOINT_OPEN, {raw_tracepoint={name="
                                      "\"a log the kernel would overwrite\", prog_fd=0}}, 12) = -1 "
                                      "EINVAL (Invalid argument)");
        /* BTF bytes with a NUL inside */
        memset(buf, 0, sizeof(buf));
        a->btf = P2;
        a->btf_log_buf = 0xfacefeeddeadbeefULL;
        a->btf_size = 9;
        a->btf_log_size = UINT32_MAX;
        a->btf_log_level = 42;
        EV(SYS_bpf, -EINVAL, BPF_BTF_LOAD, P1, 28);
        attr(buf, 28);
        seg_buf(1, "bPf\0daTum", 9);
        assert_string_equal(decode(), "bpf(BPF_BTF_LOAD, {btf=\"bPf\\0daTum\", "
                                      "btf_log_buf=0xfacefeeddeadbeef, btf_size=9, "
                                      "btf_log_size=4294967295, btf_log_level=42}, 28) = -1 EINVAL "
                                      "(Invalid argument)");
}

static void test_link_and_queries(void **state)
{
        union bpf_attr a;

        (void)state;
        memset(&a, 0, sizeof(a));
        a.link_create.prog_fd = -1;
        a.link_create.target_fd = -559038737;
        a.link_create.attach_type = BPF_CGROUP_SOCK_OPS;
        a.link_create.flags = 0xbadc0ded;
        a.link_create.target_btf_id = 7;
        EV(SYS_bpf, -EBADF, BPF_LINK_CREATE, P1, 48);
        attr(&a, 48);
        assert_string_equal(decode(),
                            "bpf(BPF_LINK_CREATE, {link_create={prog_fd=-1, target_fd=-559038737, "
                            "attach_type=BPF_CGROUP_SOCK_OPS, flags=0xbadc0ded}, ...}, 48) = -1 "
                            "EBADF (Bad file descriptor)");
        /* an iterator's link info, readable for 5 of its 6 elements */
        memset(&a, 0, sizeof(a));
        a.link_create.attach_type = BPF_TRACE_ITER;
        a.link_create.iter_info = 0x7ffff7db9fecULL;
        a.link_create.iter_info_len = 6;
        EV(SYS_bpf, -EINVAL, BPF_LINK_CREATE, P1, 28);
        attr(&a, 28);
        seg_buf(1, (int32_t[5]){0, 42, 314159265, -1159983635, -1}, 20);
        assert_string_equal(decode(),
                            "bpf(BPF_LINK_CREATE, {link_create={prog_fd=0, target_fd=0, "
                            "attach_type=BPF_TRACE_ITER, flags=0, iter_info=[{map={map_fd="
                            "0}}, {map={map_fd=42}}, {map={map_fd=314159265}}, "
                            "{map={map_fd=-1159983635}}, {map={map_fd=-1}}, ... /* "
                            "0x7ffff7dba000 */], iter_info_len=6}}, 28) = -1 EINVAL "
                            "(Invalid argument)");
        memset(&a, 0, sizeof(a));
        a.query.target_fd = -1153374643;
        a.query.attach_type = 0xfeedface;
        a.query.query_flags = 0xdeadf00d;
        a.query.attach_flags = 0xbeefcafe;
        a.query.prog_ids = 0x7ffff7dc5ff0ULL;
        a.query.prog_cnt = 5;
        EV(SYS_bpf, -EINVAL, BPF_PROG_QUERY, P1, 28);
        attr(&a, 28);
        assert_string_equal(decode(), "bpf(BPF_PROG_QUERY, {query={target_fd=-1153374643, "
                                      "attach_type=0xfeedface /* BPF_??? */, "
                                      "query_flags=BPF_F_QUERY_EFFECTIVE|0xdeadf00c, "
                                      "attach_flags=BPF_F_ALLOW_MULTI|BPF_F_REPLACE|0xbeefcaf8, "
                                      "prog_ids=0x7ffff7dc5ff0, prog_cnt=5}}, 28) = -1 EINVAL "
                                      "(Invalid argument)");
        memset(&a, 0, sizeof(a));
        a.prog_id = 3134983661U;
        a.next_id = 3405705229U;
        a.open_flags = 0xffffff27;
        EV(SYS_bpf, -EINVAL, BPF_PROG_GET_FD_BY_ID, P1, 256);
        {
                uint8_t page[256] = {0};

                memcpy(page, &a, 12);
                attr(page, sizeof(page));
        }
        assert_string_equal(decode(), "bpf(BPF_PROG_GET_FD_BY_ID, {prog_id=3134983661, "
                                      "next_id=3405705229, open_flags=0xffffff27 /* BPF_F_??? */}, "
                                      "256) = -1 EINVAL (Invalid argument)");
        EV(SYS_bpf, -EINVAL, 0xbadc0ded, P1, 16);
        assert_string_equal(decode(), "bpf(0xbadc0ded /* BPF_??? */, 0x7ffd1000, 16) = -1 EINVAL "
                                      "(Invalid argument)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_map_create),
            cmocka_unit_test(test_extra_and_strings),
            cmocka_unit_test(test_link_and_queries),
        };

        return cmocka_run_group_tests_name("decode-bpf", tests, NULL, NULL);
}
