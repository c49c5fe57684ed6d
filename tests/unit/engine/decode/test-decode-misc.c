// SPDX-License-Identifier: MIT
/*
 * The small families of the decoder against strace 6.1: landlock
 * (decode-landlock.c), semop/semtimedop (decode-sem.c), modify_ldt
 * (decode-ldt.c) and process_vm_readv/writev (decode-process-vm.c). The expected strings are the
 * lines strace 6.1 prints for the same calls in its own tests (landlock_create_ruleset.c,
 * landlock_add_rule.c, semop.c, modify_ldt.c, process_vm_readv_writev.c): valid structures, unknown
 * bits, sizes strace does not read, NULL and unreadable pointers.
 */
#include <asm/ldt.h>
#include <errno.h>
#include <linux/landlock.h>
#include <stdint.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "record-builder.h"

/* a capture made before the call */
static void seg_in(unsigned arg, const void *data, size_t len)
{
        seg(arg, RENACER_SEG_BUF, 0, data, len);
}

static void test_modify_ldt(void **state)
{
        struct user_desc d = {
            .entry_number = 2206368128U,
            .base_addr = 0x87868584,
            .limit = 0x8b8a8988,
            .contents = 2,
            .read_exec_only = 1,
            .lm = 1,
        };

        (void)state;
        EV(SYS_modify_ldt, 0, 0, 0, 0);
        assert_string_equal(decode(), "modify_ldt(0, NULL, 0) = 0");
        /* the kernel clips the result to an unsigned int: an errno all the same */
        EV(SYS_modify_ldt, 4294967258LL, 0xbadc0dedda7a1057ULL, -1, 0xdeadfacefa57beefULL);
        assert_string_equal(decode(), "modify_ldt(-629534633, 0xffffffffffffffff, "
                                      "16045756814261206767) = 4294967258 ENOSYS (Function not "
                                      "implemented)");
        EV(SYS_modify_ldt, 4294967258LL, 0xbadc0dedda7a1057ULL, P1, 16);
        seg_in(1, &d, sizeof(d));
        assert_string_equal(decode(), "modify_ldt(-629534633, {entry_number=2206368128, "
                                      "base_addr=0x87868584, limit=0x8b8a8988, seg_32bit=0, "
                                      "contents=2, read_exec_only=1, limit_in_pages=0, "
                                      "seg_not_present=0, useable=0, lm=1}, 16) = 4294967258 "
                                      "ENOSYS (Function not implemented)");
        d = (struct user_desc){
            .entry_number = -1, .seg_32bit = 1, .seg_not_present = 1, .useable = 1};
        EV(SYS_modify_ldt, 16, 1, P1, 16);
        seg_in(1, &d, sizeof(d));
        assert_string_equal(decode(), "modify_ldt(1, {entry_number=-1, base_addr=00000000, "
                                      "limit=00000000, seg_32bit=1, contents=0, read_exec_only=0, "
                                      "limit_in_pages=0, seg_not_present=1, useable=1, lm=0}, 16) "
                                      "= 16");
        /* another size, an unreadable structure */
        EV(SYS_modify_ldt, 4294967258LL, 0xbadc0dedda7a1057ULL, P1, 42);
        seg_in(1, &d, sizeof(d));
        assert_string_equal(decode(), "modify_ldt(-629534633, 0x7ffd1000, 42) = 4294967258 "
                                      "ENOSYS (Function not implemented)");
        EV(SYS_modify_ldt, 4294967282LL, 0, P1, 16);
        seg(1, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(),
                            "modify_ldt(0, 0x7ffd1000, 16) = 4294967282 EFAULT (Bad address)");
}

static void test_landlock(void **state)
{
        const uint64_t fs = LANDLOCK_ACCESS_FS_EXECUTE, bogus = 0xdebeefeddecac000ULL;
        const struct landlock_path_beneath_attr pb = {
            .allowed_access = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_REFER | 0x4000,
            .parent_fd = -1,
        };

        (void)state;
        EV(SYS_landlock_create_ruleset, 3, P1, 8, 0);
        seg_in(0, &fs, sizeof(fs));
        assert_string_equal(decode(), "landlock_create_ruleset({handled_access_fs="
                                      "LANDLOCK_ACCESS_FS_EXECUTE}, 8, 0) = 3");
        /* a larger size: strace 6.1 knows only the first field */
        EV(SYS_landlock_create_ruleset, -EFAULT, P1, 16, 0);
        seg_in(0, &bogus, sizeof(bogus));
        assert_string_equal(decode(), "landlock_create_ruleset({handled_access_fs="
                                      "0xdebeefeddecac000 /* LANDLOCK_ACCESS_FS_??? */, ...}, 16, "
                                      "0) = -1 EFAULT (Bad address)");
        /* too small to hold it, NULL, unreadable, the version flag */
        EV(SYS_landlock_create_ruleset, -EINVAL, P1, 7, 0);
        seg_in(0, &fs, sizeof(fs));
        assert_string_equal(decode(), "landlock_create_ruleset(0x7ffd1000, 7, 0) = -1 EINVAL "
                                      "(Invalid argument)");
        EV(SYS_landlock_create_ruleset, 1, 0, 0, LANDLOCK_CREATE_RULESET_VERSION);
        assert_string_equal(
            decode(), "landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) = 1");
        EV(SYS_landlock_create_ruleset, -EFAULT, P1, 8, 0xfffffffe);
        seg(0, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "landlock_create_ruleset(0x7ffd1000, 8, 0xfffffffe /* "
                                      "LANDLOCK_CREATE_RULESET_??? */) = -1 EFAULT (Bad address)");

        EV(SYS_landlock_add_rule, -EBADF, -1, LANDLOCK_RULE_PATH_BENEATH, P1, 0);
        seg_in(2, &pb, sizeof(pb));
        assert_string_equal(decode(), "landlock_add_rule(-1, LANDLOCK_RULE_PATH_BENEATH, "
                                      "{allowed_access=LANDLOCK_ACCESS_FS_READ_FILE|"
                                      "LANDLOCK_ACCESS_FS_REFER|0x4000, parent_fd=-1}, 0) = -1 "
                                      "EBADF (Bad file descriptor)");
        /* another rule type: the address; flags in hex, 32 bits */
        EV(SYS_landlock_add_rule, -EINVAL, 3, 2, P1, 0xffffffff00000001ULL);
        assert_string_equal(decode(), "landlock_add_rule(3, 0x2 /* LANDLOCK_RULE_??? */, "
                                      "0x7ffd1000, 0x1) = -1 EINVAL (Invalid argument)");
        EV(SYS_landlock_add_rule, -EFAULT, 3, LANDLOCK_RULE_PATH_BENEATH, P1, 0);
        seg(2, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "landlock_add_rule(3, LANDLOCK_RULE_PATH_BENEATH, "
                                      "0x7ffd1000, 0) = -1 EFAULT (Bad address)");
}

static void test_semop(void **state)
{
        const struct sembuf sb[2] = {{64206, -4083, (short)0xbeef}, {0, 1, SEM_UNDO}};
        const struct {
                int64_t sec, nsec;
        } ts = {1, 123456789};

        (void)state;
        /* the second element could not be read */
        EV(SYS_semop, -EFAULT, -38177487, P1, 2);
        seg_buf(1, sb, sizeof(sb[0]));
        assert_string_equal(decode(), "semop(-38177487, [{sem_num=64206, sem_op=-4083, "
                                      "sem_flg=SEM_UNDO|IPC_NOWAIT|0xa6ef}, ... /* 0x7ffd1006 */], "
                                      "2) = -1 EFAULT (Bad address)");
        EV(SYS_semop, 0, 5, P1, 1);
        seg_buf(1, &sb[1], sizeof(sb[1]));
        assert_string_equal(decode(), "semop(5, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1) = 0");
        EV(SYS_semop, -EFAULT, 5, P1, 1);
        seg_fault(1);
        assert_string_equal(decode(), "semop(5, 0x7ffd1000, 1) = -1 EFAULT (Bad address)");
        EV(SYS_semop, -EINVAL, 5, 0, 0);
        assert_string_equal(decode(), "semop(5, NULL, 0) = -1 EINVAL (Invalid argument)");
        EV(SYS_semtimedop, 0, 5, P1, 1, P2);
        seg_buf(1, &sb[1], sizeof(sb[1]));
        seg_in(3, &ts, sizeof(ts));
        assert_string_equal(decode(), "semtimedop(5, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1, "
                                      "{tv_sec=1, tv_nsec=123456789}) = 0");
        EV(SYS_semtimedop, -EFAULT, 5, P1, 1, P2);
        seg_buf(1, &sb[1], sizeof(sb[1]));
        seg(3, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "semtimedop(5, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1, "
                                      "0x7ffd2000) = -1 EFAULT (Bad address)");
}

static void test_process_vm(void **state)
{
        const struct iovec local[2] = {{(void *)P2, 7}, {(void *)P3, 6}};
        const struct iovec remote[2] = {{(void *)0x7ffd5000, 5}, {(void *)0x7ffd6000, 8}};

        (void)state;
        /* what was read, up to the result; the remote side as addresses */
        EV(SYS_process_vm_readv, 9, 42, P1, 2, 0x7ffd4000, 2, 0);
        seg_buf(1, local, sizeof(local));
        seg_buf(1, "\200\201\202\203\204\205\206", 7);
        seg_buf(1, "ab", 2);
        seg_buf(3, remote, sizeof(remote));
        assert_string_equal(decode(), "process_vm_readv(42, [{iov_base=\"\\200\\201\\202\\203"
                                      "\\204\\205\\206\", iov_len=7}, {iov_base=\"ab\", "
                                      "iov_len=6}], 2, [{iov_base=0x7ffd5000, iov_len=5}, "
                                      "{iov_base=0x7ffd6000, iov_len=8}], 2, 0) = 9");
        /* failed: the local side as addresses too; a remote array cut short */
        EV(SYS_process_vm_readv, -EFAULT, 42, P1, 2, 0x7ffd4000, 3, 0);
        seg_buf(1, local, sizeof(local));
        seg_buf(3, remote, sizeof(remote));
        assert_string_equal(decode(),
                            "process_vm_readv(42, [{iov_base=0x7ffd2000, iov_len=7}, "
                            "{iov_base=0x7ffd3000, iov_len=6}], 2, [{iov_base=0x7ffd5000, "
                            "iov_len=5}, {iov_base=0x7ffd6000, iov_len=8}, ... /* "
                            "0x7ffd4020 */], 3, 0) = -1 EFAULT (Bad address)");
        EV(SYS_process_vm_readv, 0, 42, 0, 0, 0, 0, 1);
        assert_string_equal(decode(), "process_vm_readv(42, NULL, 0, NULL, 0, 1) = 0");
        /* writev: the data given, whatever the result */
        EV(SYS_process_vm_writev, -ESRCH, 42, P1, 1, 0x7ffd4000, 1, 0);
        seg_buf(1, local, sizeof(local[0]));
        seg_buf(1, "xyz\n", 4);
        seg_fault(3);
        assert_string_equal(decode(), "process_vm_writev(42, [{iov_base=\"xyz\\n\"..., "
                                      "iov_len=7}], 1, 0x7ffd4000, 1, 0) = -1 ESRCH (No such "
                                      "process)");
}

/* the vector counts are unsigned longs; an element whose bytes past -s
 * could not be read (the row reads one more, as strace) prints as its
 * address */
static void test_iov_counts(void **state)
{
        const struct iovec io = {(void *)P2, (size_t)-1};

        (void)state;
        EV(SYS_pwritev2, -EBADF, -1, 0, 18069003361555037940ULL, 8846757241787236088ULL, 0, 1);
        assert_string_equal(decode(), "pwritev2(-1, NULL, 18069003361555037940, "
                                      "8846757241787236088, RWF_HIPRI) = -1 EBADF (Bad file "
                                      "descriptor)");
        EV(SYS_preadv2, -EBADF, -1, 0, 18069003361555037940ULL, 0, 0, 0);
        assert_string_equal(decode(), "preadv2(-1, NULL, 18069003361555037940, 0, 0) = -1 EBADF "
                                      "(Bad file descriptor)");
        EV(SYS_writev, -EBADF, -1, P1, 1);
        seg_buf(1, &io, sizeof(io));
        seg_fault(1);
        assert_string_equal(decode(),
                            "writev(-1, [{iov_base=0x7ffd2000, iov_len=18446744073709551615}], "
                            "1) = -1 EBADF (Bad file descriptor)");
        EV(SYS_writev, -EBADF, -1, P1, 1);
        seg_buf(1, &io, sizeof(io));
        seg(1, RENACER_SEG_BUF, RENACER_SEGF_AT_EXIT | RENACER_SEGF_TRUNC,
            "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", 33);
        assert_string_equal(decode(),
                            "writev(-1, [{iov_base=\"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\"..., "
                            "iov_len=18446744073709551615}], 1) = -1 EBADF (Bad file "
                            "descriptor)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_modify_ldt), cmocka_unit_test(test_landlock),
            cmocka_unit_test(test_semop),      cmocka_unit_test(test_process_vm),
            cmocka_unit_test(test_iov_counts),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
