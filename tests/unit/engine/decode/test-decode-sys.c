// SPDX-License-Identifier: MIT
/*
 * The decoder of the "system" families (long paths, keys, bpf, perf,
 * memory policy, security, the mount API, modules, IPC) against strace
 * 6.1's notation. Each expected string is the line strace 6.1 prints for
 * the same call, taken from its own test programs (tests/NAME.c) or from
 * running it; the records are built the way bpf/renacer.bpf.c writes them.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/keyctl.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "decode.h"

static struct {
        union {
                struct renacer_syscall_event ev;
                uint8_t raw[RENACER_SYSCALL_EVENT_SIZE + RENACER_PAYLOAD_MAX + 128];
        } u;
} R;
static struct decoded D;
static char line[2 * DECODE_TEXT_SIZE];

static void rec_init(int nr, int64_t ret, const uint64_t a[6])
{
        memset(&R, 0, sizeof(R));
        R.u.ev.hdr.version = RENACER_EVENT_VERSION;
        R.u.ev.hdr.kind = RENACER_EV_SYSCALL;
        R.u.ev.hdr.size = RENACER_SYSCALL_EVENT_SIZE;
        R.u.ev.hdr.tgid = R.u.ev.hdr.tid = 100;
        R.u.ev.nr = nr;
        R.u.ev.ret = ret;
        memcpy(R.u.ev.args, a, sizeof(R.u.ev.args));
}

/* EV(nr, ret, args...): a record for syscall nr with up to six arguments */
#define EV(nr, ret, ...) rec_init(nr, ret, (const uint64_t[6]){__VA_ARGS__})

/* Append a segment, padded to 8 bytes as the BPF side does. */
static void seg(unsigned arg, unsigned type, unsigned flags, const void *data, size_t len)
{
        struct renacer_seg h = {.arg = arg, .type = type, .flags = flags, .len = (uint16_t)len};
        uint8_t *p = R.u.raw + RENACER_SYSCALL_EVENT_SIZE + R.u.ev.payload_len;
        size_t padded = (len + 7) & ~(size_t)7;

        assert_true(R.u.ev.payload_len + sizeof(h) + padded <= RENACER_PAYLOAD_MAX + 128);
        memcpy(p, &h, sizeof(h));
        memset(p + sizeof(h), 0, padded);
        if (len)
                memcpy(p + sizeof(h), data, len);
        R.u.ev.payload_len += sizeof(h) + padded;
        R.u.ev.nseg++;
        R.u.ev.hdr.size = RENACER_SYSCALL_EVENT_SIZE + R.u.ev.payload_len;
}

static void seg_str(unsigned arg, const char *s)
{
        seg(arg, RENACER_SEG_STR, 0, s, strlen(s));
}

/* bytes the call's row copies (at exit) */
static void seg_buf(unsigned arg, const void *data, size_t len)
{
        seg(arg, RENACER_SEG_BUF, RENACER_SEGF_AT_EXIT, data, len);
}

static int decode_rc(unsigned strsize)
{
        struct decode_opts o = {.strsize = strsize};

        return decode_event(&R.u.ev, R.u.ev.hdr.size, &o, &D);
}

/* Decode R and return "name(args) = result". */
static const char *decode(void)
{
        int rc = decode_rc(0);

        assert_int_equal(rc, 0);
        rc = decode_format(&D, line, sizeof(line));
        assert_true(rc > 0);
        return line;
}

#define P1 0x7ffd1000ULL /* stand-ins for user addresses */
#define P2 0x7ffd2000ULL

/* chdir.c and umovestr3.c: paths up to PATH_MAX, as strace reads them */
static void test_long_paths(void **state)
{
        static char path[RENACER_PATH_MAX + 1], want[RENACER_PATH_MAX + 64];

        (void)state;
        memset(path, '/', RENACER_PATH_MAX - 1);
        /* PATH_MAX bytes without a NUL: the first PATH_MAX - 1 and "..." */
        EV(SYS_chdir, -ENAMETOOLONG, P1);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_TRUNC | RENACER_SEGF_AT_EXIT, path,
            RENACER_PATH_MAX - 1);
        snprintf(want, sizeof(want), "chdir(\"%s\"...) = -1 ENAMETOOLONG (File name too long)",
                 path);
        assert_string_equal(decode(), want);
        /* PATH_MAX - 1 bytes and a NUL: whole */
        EV(SYS_chdir, 0, P1);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, path, RENACER_PATH_MAX - 1);
        snprintf(want, sizeof(want), "chdir(\"%s\") = 0", path);
        assert_string_equal(decode(), want);
        /* a string running into an unmapped page: its address */
        EV(SYS_chdir, -EFAULT, P1);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_FAULT | RENACER_SEGF_AT_EXIT, NULL, 0);
        assert_string_equal(decode(), "chdir(0x7ffd1000) = -1 EFAULT (Bad address)");
        /* two long paths fit one record */
        EV(SYS_rename, 0, P1, P2);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, path, RENACER_PATH_MAX - 1);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, path, RENACER_PATH_MAX - 64);
        assert_int_equal(strlen(decode()),
                         strlen("rename(\"\", \"\") = 0") + 2 * RENACER_PATH_MAX - 65);
        /* escaped 4:1, a whole payload of unprintable path bytes still fits */
        memset(path, 0xff, RENACER_PATH_MAX - 1);
        EV(SYS_rename, 0, P1, P2);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, path, RENACER_PATH_MAX - 1);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_TRUNC, path, RENACER_PATH_MAX - 64);
        assert_int_equal(strlen(decode()),
                         strlen("rename(\"\", \"\"...) = 0") + 4 * (2 * RENACER_PATH_MAX - 65));
        /* a record longer than the payload area is refused */
        EV(SYS_rename, 0, P1, P2);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, path, RENACER_PATH_MAX - 1);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, path, RENACER_PATH_MAX - 1);
        assert_int_equal(decode_rc(0), -EBADMSG);
        /* but no string segment is longer than PATH_MAX - 1 ... */
        EV(SYS_chdir, 0, P1);
        seg(0, RENACER_SEG_STR, 0, path, RENACER_PATH_MAX);
        assert_int_equal(decode_rc(0), -EBADMSG);
        /* ... and no buffer longer than the buffer capture */
        EV(SYS_write, 3, 1, P1, RENACER_BUF_CAP + 1);
        seg(1, RENACER_SEG_BUF, 0, path, RENACER_BUF_CAP + 1);
        assert_int_equal(decode_rc(0), -EBADMSG);
}

/* add_key.c, request_key.c, keyctl.c */
static void test_keys(void **state)
{
        (void)state;
        EV(SYS_add_key, -EFAULT, 0, 0, 0, 0, (uint32_t)-1234567890);
        assert_string_equal(decode(), "add_key(NULL, NULL, NULL, 0, -1234567890) = -1 EFAULT (Bad "
                                      "address)");
        EV(SYS_add_key, -EINVAL, P1, P2, P1 + 5, 0xdeadbeefbadc0dedULL, (uint32_t)-1);
        seg_str(0, "user");
        seg_str(1, "desc");
        seg(2, RENACER_SEG_BUF, RENACER_SEGF_FAULT | RENACER_SEGF_AT_EXIT, NULL, 0);
        assert_string_equal(decode(), "add_key(\"user\", \"desc\", 0x7ffd1005, "
                                      "16045690984232390125, KEY_SPEC_THREAD_KEYRING) = -1 EINVAL "
                                      "(Invalid argument)");
        /* an unterminated type (its read faulted), a payload of 5 bytes */
        EV(SYS_add_key, -EFAULT, P1, P2, P1, 5, 0);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_FAULT | RENACER_SEGF_AT_EXIT, NULL, 0);
        seg_str(1, "\25\26\27\30\31");
        seg_buf(2, "\16\17\20\21\22", 5);
        assert_string_equal(decode(), "add_key(0x7ffd1000, \"\\25\\26\\27\\30\\31\", "
                                      "\"\\16\\17\\20\\21\\22\", 5, 0) = -1 EFAULT (Bad address)");
        EV(SYS_request_key, -ENOKEY, P1, P2, 0, (uint32_t)-8);
        seg_str(0, "user");
        seg_str(1, "overly long description that is cut at -s");
        assert_string_equal(decode(),
                            "request_key(\"user\", \"overly long description that is \"..., "
                            "NULL, KEY_SPEC_REQUESTOR_KEYRING) = -1 ENOKEY (Required key not "
                            "available)");

        EV(SYS_keyctl, -EOPNOTSUPP, 0xfacefeed, 0xdeadfee1badc0de5ULL, 0xdeadfee2badc0de6ULL,
           0xdeadfee3badc0de7ULL, 0xdeadfee4badc0de8ULL);
        assert_string_equal(decode(), "keyctl(0xfacefeed /* KEYCTL_??? */, 0xdeadfee1badc0de5, "
                                      "0xdeadfee2badc0de6, 0xdeadfee3badc0de7, 0xdeadfee4badc0de8) "
                                      "= -1 EOPNOTSUPP (Operation not supported)");
        EV(SYS_keyctl, 421246299, KEYCTL_GET_KEYRING_ID, (uint32_t)-1, 0xbb40e64d);
        assert_string_equal(decode(), "keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, "
                                      "-1153374643) = 421246299");
        EV(SYS_keyctl, 207988309, KEYCTL_JOIN_SESSION_KEYRING, P1);
        seg_str(1, "bogus name");
        assert_string_equal(decode(),
                            "keyctl(KEYCTL_JOIN_SESSION_KEYRING, \"bogus name\") = 207988309");
        EV(SYS_keyctl, 0, KEYCTL_SESSION_TO_PARENT);
        assert_string_equal(decode(), "keyctl(KEYCTL_SESSION_TO_PARENT) = 0");
        EV(SYS_keyctl, -EINVAL, KEYCTL_SETPERM, 0xdec0ded2, 0xc0c0c0c0);
        assert_string_equal(decode(), "keyctl(KEYCTL_SETPERM, -557785390, 0xc0c0c0c0 /* KEY_??? "
                                      "*/) = -1 EINVAL (Invalid argument)");
        EV(SYS_keyctl, 0, KEYCTL_CHOWN, (uint32_t)-8, (uint32_t)-1, (uint32_t)-1);
        assert_string_equal(decode(), "keyctl(KEYCTL_CHOWN, KEY_SPEC_REQUESTOR_KEYRING, -1, -1) = "
                                      "0");
        /* the description and its NUL, the buffer cut by its length */
        EV(SYS_keyctl, 26, KEYCTL_DESCRIBE, (uint32_t)-1, P1, 256);
        seg_buf(2, "keyring;0;0;3f010000;_tid", 26);
        assert_string_equal(decode(), "keyctl(KEYCTL_DESCRIBE, KEY_SPEC_THREAD_KEYRING, "
                                      "\"keyring;0;0;3f010000;_tid\", 256) = 26");
        EV(SYS_keyctl, 26, KEYCTL_DESCRIBE, (uint32_t)-1, P1, 9);
        seg_buf(2, "\377\377\377\377\377\377\377\377\377", 9);
        assert_string_equal(decode(), "keyctl(KEYCTL_DESCRIBE, KEY_SPEC_THREAD_KEYRING, "
                                      "\"\\377\\377\\377\\377\\377\\377\\377\\377\\377\", 9) = 26");
        EV(SYS_keyctl, -ENOKEY, KEYCTL_READ, 0xdeadc0de, 0, 0xfeedf157badc0dedULL);
        assert_string_equal(decode(), "keyctl(KEYCTL_READ, -559038242, NULL, "
                                      "18369603814213553645) = -1 ENOKEY (Required key not "
                                      "available)");
        EV(SYS_keyctl, 0, KEYCTL_SET_REQKEY_KEYRING, (uint32_t)-1);
        assert_string_equal(decode(), "keyctl(KEYCTL_SET_REQKEY_KEYRING, "
                                      "KEY_REQKEY_DEFL_NO_CHANGE) = 0");
        EV(SYS_keyctl, -EINVAL, KEYCTL_SET_REQKEY_KEYRING, 0xbadc0ded);
        assert_string_equal(decode(), "keyctl(KEYCTL_SET_REQKEY_KEYRING, -1159983635 /* "
                                      "KEY_REQKEY_DEFL_??? */) = -1 EINVAL (Invalid argument)");
        EV(SYS_keyctl, -EPERM, KEYCTL_REJECT, 0xdec0ded2, 3134983661U, ENODEV, 0xdec0ded2);
        assert_string_equal(decode(), "keyctl(KEYCTL_REJECT, -557785390, 3134983661, ENODEV, "
                                      "-557785390) = -1 EPERM (Operation not permitted)");
        EV(SYS_keyctl, -EINVAL, KEYCTL_MOVE, (uint32_t)-1, 0xbadc0ded, (uint32_t)-1, 0xffffffff);
        assert_string_equal(decode(), "keyctl(KEYCTL_MOVE, KEY_SPEC_THREAD_KEYRING, -1159983635, "
                                      "KEY_SPEC_THREAD_KEYRING, KEYCTL_MOVE_EXCL|0xfffffffe) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_keyctl, 2, KEYCTL_CAPABILITIES, P1, 4);
        seg_buf(1, "\xeb\x03", 2);
        assert_string_equal(decode(), "keyctl(KEYCTL_CAPABILITIES, [KEYCTL_CAPS0_CAPABILITIES|"
                                      "KEYCTL_CAPS0_PERSISTENT_KEYRINGS|KEYCTL_CAPS0_PUBLIC_KEY|"
                                      "KEYCTL_CAPS0_INVALIDATE|KEYCTL_CAPS0_RESTRICT_KEYRING|"
                                      "KEYCTL_CAPS0_MOVE, KEYCTL_CAPS1_NS_KEYRING_NAME|"
                                      "KEYCTL_CAPS1_NS_KEY_TAG], 4) = 2");
        /* a struct shorter than its type prints the pointer */
        EV(SYS_keyctl, -EOPNOTSUPP, KEYCTL_DH_COMPUTE, P1, P2, 9, 0);
        seg_buf(1, "\xfa\xff\xff\xff", 4);
        assert_string_equal(decode(), "keyctl(KEYCTL_DH_COMPUTE, 0x7ffd1000, 0x7ffd2000, 9, NULL) "
                                      "= -1 EOPNOTSUPP (Operation not supported)");
        {
                struct keyctl_dh_params p = {.priv = -6, .prime = 1234567890, .base = -1153374643};

                EV(SYS_keyctl, -EOPNOTSUPP, KEYCTL_DH_COMPUTE, P1, P2, 9, 0);
                seg_buf(1, &p, sizeof(p));
                assert_string_equal(decode(),
                                    "keyctl(KEYCTL_DH_COMPUTE, {private=KEY_SPEC_GROUP_KEYRING, "
                                    "prime=1234567890, base=-1153374643}, 0x7ffd2000, 9, NULL) = "
                                    "-1 EOPNOTSUPP (Operation not supported)");
        }
}

/* memfd_create.c, memfd_secret.c, remap_file_pages.c, userfaultfd.c */
static void test_memory(void **state)
{
        (void)state;
        EV(SYS_memfd_create, -EINVAL, P1, 0x78000000);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_TRUNC, "01234567890123456789012345678901", 32);
        assert_string_equal(decode(), "memfd_create(\"01234567890123456789012345678901\"..., "
                                      "30<<MFD_HUGE_SHIFT) = -1 EINVAL (Invalid argument)");
        EV(SYS_memfd_create, -EINVAL, 0, 0xffffffff);
        assert_string_equal(decode(), "memfd_create(NULL, MFD_CLOEXEC|MFD_ALLOW_SEALING|"
                                      "MFD_HUGETLB|0x3fffff8|63<<MFD_HUGE_SHIFT) = -1 EINVAL "
                                      "(Invalid argument)");
        EV(SYS_memfd_create, 3, P1, 0);
        seg_str(0, "x");
        assert_string_equal(decode(), "memfd_create(\"x\", 0) = 3");
        EV(SYS_memfd_secret, -EINVAL, 0xde9fface);
        assert_string_equal(decode(), "memfd_secret(O_CLOEXEC|0xde97face) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_userfaultfd, 6, 0x80800);
        assert_string_equal(decode(), "userfaultfd(O_NONBLOCK|O_CLOEXEC) = 6");
        EV(SYS_remap_file_pages, -EINVAL, 0xfacefeeddeadf00dULL, 16067382020775526127ULL,
           0xdefaced00000000ULL, 14624237743343197933ULL, 0x5404401f);
        assert_string_equal(decode(), "remap_file_pages(0xfacefeeddeadf00d, 16067382020775526127, "
                                      "0xdefaced00000000 /* PROT_??? */, 14624237743343197933, "
                                      "0xf /* MAP_??? */|MAP_FIXED|MAP_NORESERVE|MAP_HUGETLB|"
                                      "21<<MAP_HUGE_SHIFT) = -1 EINVAL (Invalid argument)");
}

/* pkey_mprotect.c, pkey_alloc.c, mbind.c, set_mempolicy.c, fsmount.c, openat2.c */
static void test_pkeys_numa_openat2(void **state)
{
        (void)state;
        EV(SYS_pkey_mprotect, 0, 0, 0, 1, (uint32_t)-87155115);
        assert_string_equal(decode(), "pkey_mprotect(NULL, 0, PROT_READ, -87155115) = 0");
        EV(SYS_pkey_alloc, -EINVAL, 0, 0xbadc0ded00000002ULL);
        assert_string_equal(decode(), "pkey_alloc(0, PKEY_DISABLE_WRITE|0xbadc0ded00000000) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_mbind, -EINVAL, 0xfffffff1fffffff2ULL, 18446744026464911348ULL, 0,
           0xfffffff5fffffff6ULL, 18446744039349813240ULL, 0xffffffff);
        assert_string_equal(decode(), "mbind(0xfffffff1fffffff2, 18446744026464911348, "
                                      "MPOL_DEFAULT, 0xfffffff5fffffff6, 18446744039349813240, "
                                      "MPOL_MF_STRICT|MPOL_MF_MOVE|MPOL_MF_MOVE_ALL|0xfffffff8) = "
                                      "-1 EINVAL (Invalid argument)");
        EV(SYS_set_mempolicy, -EINVAL, 0x8002, 0, 0);
        assert_string_equal(decode(), "set_mempolicy(MPOL_BIND|MPOL_F_STATIC_NODES, NULL, 0) = -1 "
                                      "EINVAL (Invalid argument)");
        EV(SYS_set_mempolicy, -EINVAL, 0xe007, 0, 0);
        assert_string_equal(decode(), "set_mempolicy(MPOL_F_STATIC_NODES|MPOL_F_RELATIVE_NODES|"
                                      "MPOL_F_NUMA_BALANCING|0x7, NULL, 0) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_fsmount, -EBADF, (uint32_t)-1, 0, 1);
        assert_string_equal(decode(), "fsmount(-1, 0, MOUNT_ATTR_RDONLY) = -1 EBADF (Bad file "
                                      "descriptor)");
        {
                struct open_how h = {.flags = O_WRONLY | O_CREAT, .mode = 0777, .resolve = 1};

                EV(SYS_openat2, -EEXIST, (uint32_t)-1, P1, P2, sizeof(h));
                seg_str(1, "openat2.sample");
                seg_buf(2, &h, sizeof(h));
                assert_string_equal(decode(), "openat2(-1, \"openat2.sample\", {flags=O_WRONLY|"
                                              "O_CREAT, mode=0777, resolve=RESOLVE_NO_XDEV}, 24) "
                                              "= -1 EEXIST (File exists)");
                /* shorter than the struct's first version: its address */
                EV(SYS_openat2, -EINVAL, (uint32_t)-100, P1, P2, 11);
                seg_str(1, "");
                seg_buf(2, &h, 11);
                assert_string_equal(decode(), "openat2(AT_FDCWD, \"\", 0x7ffd2000, 11) = -1 EINVAL "
                                              "(Invalid argument)");
                /* a capture cut short by an unmapped page */
                EV(SYS_openat2, -EFAULT, (uint32_t)-100, P1, P2, sizeof(h));
                seg_str(1, "");
                seg_buf(2, &h, 8);
                assert_string_equal(decode(), "openat2(AT_FDCWD, \"\", 0x7ffd2000, 24) = -1 EFAULT "
                                              "(Bad address)");
        }
}

/* seccomp_get_action_avail.c, seccomp_get_notif_sizes.c, landlock_*.c,
 * kexec_file_load.c */
static void test_security_kexec(void **state)
{
        uint32_t act = 0x30000;

        (void)state;
        EV(SYS_seccomp, 0, 0xdefaced00000002ULL, 0, P1);
        seg_buf(2, &act, sizeof(act));
        assert_string_equal(decode(),
                            "seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [SECCOMP_RET_TRAP]) = 0");
        act = 0xffffffff;
        EV(SYS_seccomp, -EOPNOTSUPP, 2, 0, P1);
        seg_buf(2, &act, sizeof(act));
        assert_string_equal(decode(), "seccomp(SECCOMP_GET_ACTION_AVAIL, 0, [0xffffffff /* "
                                      "SECCOMP_RET_??? */]) = -1 EOPNOTSUPP (Operation not "
                                      "supported)");
        EV(SYS_seccomp, -EFAULT, 2, 0, P1);
        seg(2, RENACER_SEG_BUF, RENACER_SEGF_FAULT | RENACER_SEGF_AT_EXIT, NULL, 0);
        assert_string_equal(decode(), "seccomp(SECCOMP_GET_ACTION_AVAIL, 0, 0x7ffd1000) = -1 "
                                      "EFAULT (Bad address)");
        {
                const uint16_t sz[3] = {80, 24, 64};

                EV(SYS_seccomp, 0, 3, 0, P1);
                seg_buf(2, sz, sizeof(sz));
                assert_string_equal(decode(), "seccomp(SECCOMP_GET_NOTIF_SIZES, 0, "
                                              "{seccomp_notif=80, seccomp_notif_resp=24, "
                                              "seccomp_data=64}) = 0");
        }
        EV(SYS_landlock_add_rule, -EBADFD, 0, 0, 0, 0);
        assert_string_equal(decode(), "landlock_add_rule(0, 0 /* LANDLOCK_RULE_??? */, NULL, 0) = "
                                      "-1 EBADFD (File descriptor in bad state)");
        EV(SYS_landlock_create_ruleset, -EINVAL, 0xffffffff00000000ULL, 16068542126403484366ULL,
           0xbadfaced);
        assert_string_equal(decode(), "landlock_create_ruleset(0xffffffff00000000, "
                                      "16068542126403484366, LANDLOCK_CREATE_RULESET_VERSION|"
                                      "0xbadfacec) = -1 EINVAL (Invalid argument)");
        EV(SYS_kexec_file_load, -ENOSYS, (uint32_t)-1159878751, (uint32_t)-553988398, 23, P1,
           0xbadc0dedda7a1058ULL);
        seg_buf(3, "deadcodebaddatadefaced", 23);
        assert_string_equal(decode(), "kexec_file_load(-1159878751, -553988398, 23, "
                                      "\"deadcodebaddatadefaced\\0\", 0xbadc0dedda7a1058 /* "
                                      "KEXEC_FILE_??? */) = -1 ENOSYS (Function not implemented)");
}

/* fsopen.c, fspick.c, open_tree.c, move_mount.c, umount2.c, the module calls */
static void test_mount_api_modules(void **state)
{
        (void)state;
        EV(SYS_fsopen, -EINVAL, 0, 2);
        assert_string_equal(decode(), "fsopen(NULL, 0x2 /* FSOPEN_??? */) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_fspick, -EFAULT, (uint32_t)-100, P1, 0xf);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_FAULT | RENACER_SEGF_AT_EXIT, NULL, 0);
        assert_string_equal(decode(), "fspick(AT_FDCWD, 0x7ffd1000, FSPICK_CLOEXEC|"
                                      "FSPICK_SYMLINK_NOFOLLOW|FSPICK_NO_AUTOMOUNT|"
                                      "FSPICK_EMPTY_PATH) = -1 EFAULT (Bad address)");
        EV(SYS_open_tree, -EFAULT, (uint32_t)-1, 0, 0x80001);
        assert_string_equal(decode(), "open_tree(-1, NULL, OPEN_TREE_CLONE|OPEN_TREE_CLOEXEC) = "
                                      "-1 EFAULT (Bad address)");
        EV(SYS_move_mount, -ENOENT, 4, P1, (uint32_t)-100, P2, 0x1);
        seg_str(1, "a");
        seg_str(3, "");
        assert_string_equal(decode(), "move_mount(4, \"a\", AT_FDCWD, \"\", "
                                      "MOVE_MOUNT_F_SYMLINKS) = -1 ENOENT (No such file or "
                                      "directory)");
        EV(SYS_umount2, -EINVAL, P1, 0x1f);
        seg_str(0, "umount2.sample");
        assert_string_equal(decode(), "umount2(\"umount2.sample\", MNT_FORCE|MNT_DETACH|"
                                      "MNT_EXPIRE|UMOUNT_NOFOLLOW|0x10) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_delete_module, -ENOSYS, P1, 0xdeade71c);
        seg(0, RENACER_SEG_STR, RENACER_SEGF_TRUNC, "0123456789:;<=>?@ABCDEFGHIJKLMNO", 32);
        assert_string_equal(decode(), "delete_module(\"0123456789:;<=>?@ABCDEFGHIJKLMNO\"..., "
                                      "O_TRUNC|0xdeade51c) = -1 ENOSYS (Function not "
                                      "implemented)");
        EV(SYS_finit_module, -ENOSYS, (uint32_t)-1091571458, P1, 0xdefaced0);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "finit_module(-1091571458, 0x7ffd1000, 0xdefaced0 /* "
                                      "MODULE_INIT_??? */) = -1 ENOSYS (Function not "
                                      "implemented)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_long_paths),
            cmocka_unit_test(test_keys),
            cmocka_unit_test(test_memory),
            cmocka_unit_test(test_security_kexec),
            cmocka_unit_test(test_pkeys_numa_openat2),
            cmocka_unit_test(test_mount_api_modules),
        };

        return cmocka_run_group_tests_name("decode-sys", tests, NULL, NULL);
}
