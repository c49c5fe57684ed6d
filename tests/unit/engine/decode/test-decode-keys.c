// SPDX-License-Identifier: MIT
/*
 * keyctl's commands with structures and vectors in the decoder
 * (decode-keys.c) against strace 6.1: the expected strings are the lines
 * strace 6.1 prints for the same calls in its own test (tests/keyctl.c):
 * KEYCTL_INSTANTIATE_IOV's iovecs, KEYCTL_DH_COMPUTE's kdf parameters and
 * the public-key operations' parameters and operands; readable, NULL,
 * unreadable, cut at -s and with non-zero spare words.
 */
#include <errno.h>
#include <linux/keyctl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "record-builder.h"

#define P4 0x7ffd4000ULL

static void test_instantiate_iov(void **state)
{
        const char a[] = "shrt type", b[] = "overly long key type";
        const struct iovec iov[3] = {
            {(void *)P2, sizeof(a)}, {(void *)P3, sizeof(b)}, {(void *)P4, 32}};

        (void)state;
        EV(SYS_keyctl, -EINVAL, KEYCTL_INSTANTIATE_IOV, -6, P1, 3, -6);
        seg_buf(2, iov, sizeof(iov));
        seg_buf(2, a, sizeof(a));
        seg_buf(2, b, sizeof(b));
        seg_fault(2);
        assert_string_equal(decode(), "keyctl(KEYCTL_INSTANTIATE_IOV, KEY_SPEC_GROUP_KEYRING, "
                                      "[{iov_base=\"shrt type\\0\", iov_len=10}, "
                                      "{iov_base=\"overly long key type\\0\", iov_len=21}, "
                                      "{iov_base=0x7ffd4000, iov_len=32}], 3, "
                                      "KEY_SPEC_GROUP_KEYRING) = -1 EINVAL (Invalid argument)");
        /* an array that cannot be read */
        EV(SYS_keyctl, -EFAULT, KEYCTL_INSTANTIATE_IOV, -557785390, P1, 4, -557785390);
        seg_fault(2);
        assert_string_equal(decode(), "keyctl(KEYCTL_INSTANTIATE_IOV, -557785390, 0x7ffd1000, 4, "
                                      "-557785390) = -1 EFAULT (Bad address)");
}

static void test_dh_compute_kdf(void **state)
{
        const struct keyctl_dh_params dh = {.priv = -6, .prime = 1234567890, .base = -1153374643};
        struct keyctl_kdf_params kdf = {
            .hashname = (char *)P3, .otherinfo = (char *)P4, .otherinfolen = 7};
        const char other[7] = "\1\2\n\255\0\1";

        (void)state;
        EV(SYS_keyctl, -EOPNOTSUPP, KEYCTL_DH_COMPUTE, P1, P2, (uint64_t)-1, 0x7ffd5000);
        seg_buf(1, &dh, sizeof(dh));
        seg_buf(4, &kdf, sizeof(kdf));
        seg(4, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, "hmac(aes)", 9);
        seg_buf(4, other, sizeof(other));
        assert_string_equal(decode(),
                            "keyctl(KEYCTL_DH_COMPUTE, {private=KEY_SPEC_GROUP_KEYRING, "
                            "prime=1234567890, base=-1153374643}, 0x7ffd2000, "
                            "18446744073709551615, {hashname=\"hmac(aes)\", "
                            "otherinfo=\"\\1\\2\\n\\255\\0\\1\\0\", otherinfolen=7}) = -1 "
                            "EOPNOTSUPP (Operation not supported)");
        /* NULL strings, otherinfolen 0 (its pointer), a spare word */
        kdf.hashname = NULL;
        kdf.otherinfo = NULL;
        kdf.otherinfolen = 0;
        kdf.__spare[7] = 0xdeadfeed;
        EV(SYS_keyctl, -EOPNOTSUPP, KEYCTL_DH_COMPUTE, P1, P2, (uint64_t)-1, 0x7ffd5000);
        seg_buf(1, &dh, sizeof(dh));
        seg_buf(4, &kdf, sizeof(kdf));
        seg(4, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT | RENACER_SEGF_FAULT, NULL, 0);
        seg_buf(4, NULL, 0);
        assert_string_equal(decode(), "keyctl(KEYCTL_DH_COMPUTE, {private=KEY_SPEC_GROUP_KEYRING, "
                                      "prime=1234567890, base=-1153374643}, 0x7ffd2000, "
                                      "18446744073709551615, {hashname=NULL, otherinfo=NULL, "
                                      "otherinfolen=0, __spare=[0, 0, 0, 0, 0, 0, 0, 0xdeadfeed]}) "
                                      "= -1 EOPNOTSUPP (Operation not supported)");
        /* the kdf parameters unreadable */
        EV(SYS_keyctl, -EOPNOTSUPP, KEYCTL_DH_COMPUTE, P1, P2, 8, 0x7ffd5000);
        seg_buf(1, &dh, sizeof(dh));
        seg_fault(4);
        assert_string_equal(decode(), "keyctl(KEYCTL_DH_COMPUTE, {private=KEY_SPEC_GROUP_KEYRING, "
                                      "prime=1234567890, base=-1153374643}, 0x7ffd2000, 8, "
                                      "0x7ffd5000) = -1 EOPNOTSUPP (Operation not supported)");
        /* what the kernel wrote, at most the length given */
        EV(SYS_keyctl, 5, KEYCTL_DH_COMPUTE, P1, P2, 3, 0);
        seg_buf(1, &dh, sizeof(dh));
        seg_buf(2, "abc", 3);
        assert_string_equal(decode(), "keyctl(KEYCTL_DH_COMPUTE, {private=KEY_SPEC_GROUP_KEYRING, "
                                      "prime=1234567890, base=-1153374643}, \"abc\", 3, NULL) = 5");
}

static void test_pkey_ops(void **state)
{
        struct keyctl_pkey_params p = {.key_id = -2};

        (void)state;
        EV(SYS_keyctl, -EFAULT, KEYCTL_PKEY_ENCRYPT, 0, 0, 0, 0);
        assert_string_equal(decode(),
                            "keyctl(KEYCTL_PKEY_ENCRYPT, NULL, NULL, NULL, NULL) = -1 EFAULT "
                            "(Bad address)");
        /* parameters that cannot be read: the operands' addresses */
        EV(SYS_keyctl, -EFAULT, KEYCTL_PKEY_DECRYPT, P1, P2, P3, P4);
        seg_fault(1);
        seg_str(2, "x\377");
        assert_string_equal(decode(), "keyctl(KEYCTL_PKEY_DECRYPT, 0x7ffd1000, \"x\\377\", "
                                      "0x7ffd3000, 0x7ffd4000) = -1 EFAULT (Bad address)");
        EV(SYS_keyctl, -ENOKEY, KEYCTL_PKEY_ENCRYPT, P1, P2, P3, P4);
        seg_buf(1, &p, sizeof(p));
        seg_str(2, "");
        seg_buf(3, NULL, 0);
        assert_string_equal(decode(),
                            "keyctl(KEYCTL_PKEY_ENCRYPT, {key_id=KEY_SPEC_PROCESS_KEYRING, "
                            "in_len=0, out_len=0}, \"\", \"\", 0x7ffd4000) = -1 ENOKEY "
                            "(Required key not available)");
        /* an operand longer than -s, spare words */
        p.key_id = -559038242;
        p.in_len = 36;
        p.out_len = 8;
        p.__spare[6] = 0xdec0ded;
        EV(SYS_keyctl, -EINVAL, KEYCTL_PKEY_SIGN, P1, P2, P3, P4);
        seg_buf(1, &p, sizeof(p));
        seg_str(2, "");
        seg_buf(3, "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", 32);
        assert_string_equal(decode(), "keyctl(KEYCTL_PKEY_SIGN, {key_id=-559038242, in_len=36, "
                                      "out_len=8, __spare=[0, 0, 0, 0, 0, 0, 0xdec0ded]}, \"\", "
                                      "\"AbCdEfGhIjKlMnOpQrStUvWxYz012345\"..., 0x7ffd4000) = -1 "
                                      "EINVAL (Invalid argument)");
        /* VERIFY's second operand is an input */
        p.in_len = 2;
        p.in2_len = 3;
        p.__spare[6] = 0;
        EV(SYS_keyctl, -EINVAL, KEYCTL_PKEY_VERIFY, P1, P2, P3, P4);
        seg_buf(1, &p, sizeof(p));
        seg_str(2, "enc=pkcs1");
        seg_buf(3, "ab", 2);
        seg_buf(4, "\1\2H", 3);
        assert_string_equal(decode(), "keyctl(KEYCTL_PKEY_VERIFY, {key_id=-559038242, in_len=2, "
                                      "in2_len=3}, \"enc=pkcs1\", \"ab\", \"\\1\\2H\") = -1 EINVAL "
                                      "(Invalid argument)");
        /* the output after success */
        EV(SYS_keyctl, 3, KEYCTL_PKEY_DECRYPT, P1, P2, P3, P4);
        seg_buf(1, &p, sizeof(p));
        seg_str(2, "");
        seg_buf(3, "ab", 2);
        seg_buf(4, "xyz", 3);
        assert_string_equal(decode(), "keyctl(KEYCTL_PKEY_DECRYPT, {key_id=-559038242, in_len=2, "
                                      "out_len=3}, \"\", \"ab\", \"xyz\") = 3");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_instantiate_iov),
            cmocka_unit_test(test_dh_compute_kdf),
            cmocka_unit_test(test_pkey_ops),
        };

        return cmocka_run_group_tests_name("decode-keys", tests, NULL, NULL);
}
