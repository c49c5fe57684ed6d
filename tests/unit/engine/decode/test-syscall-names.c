// SPDX-License-Identifier: MIT
/* Syscall names, numbers, classes and errno names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "syscall-names.h"

static bool has(const uint64_t *bits, int nr)
{
        return (bits[nr / 64] >> (nr % 64)) & 1;
}

static int count(const uint64_t *bits)
{
        int n = 0;

        for (int i = 0; i < RENACER_FILTER_WORDS; i++)
                n += __builtin_popcountll(bits[i]);
        return n;
}

static void test_names(void **state)
{
        (void)state;
        assert_string_equal(syscall_name(SYS_read), "read");
        assert_string_equal(syscall_name(SYS_openat), "openat");
        assert_string_equal(syscall_name(SYS_newfstatat), "newfstatat");
        assert_string_equal(syscall_name(SYS_pread64), "pread64");
        assert_string_equal(syscall_name(SYS_exit_group), "exit_group");
        /* strace spells numbers it has no name for like this */
        assert_string_equal(syscall_name(0x1ff), "syscall_0x1ff");
        assert_string_equal(syscall_name(400), "syscall_0x190");
        assert_string_equal(syscall_name(RENACER_SYSCALL_MAX), "syscall_0x200");
        assert_string_equal(syscall_name(-1), "syscall_0xffffffff");
        /* the same pointer every time: callers may keep it */
        assert_ptr_equal(syscall_name(SYS_write), syscall_name(SYS_write));
}

static void test_numbers(void **state)
{
        (void)state;
        assert_int_equal(syscall_number("read"), SYS_read);
        assert_int_equal(syscall_number("openat"), SYS_openat);
        assert_int_equal(syscall_number("clone3"), SYS_clone3);
        assert_int_equal(syscall_number("no_such_call"), -ENOENT);
        assert_int_equal(syscall_number(""), -ENOENT);
        assert_int_equal(syscall_number(NULL), -ENOENT);
        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++)
                assert_int_equal(syscall_number(syscall_name(nr)), nr);
}

static void test_classes(void **state)
{
        uint64_t b[RENACER_FILTER_WORDS];
        int n;

        (void)state;
        memset(b, 0, sizeof(b));
        n = syscall_class_bitmap("file", b);
        assert_int_equal(n, count(b));
        assert_true(has(b, SYS_openat) && has(b, SYS_execve) && has(b, SYS_stat) &&
                    has(b, SYS_getcwd) && has(b, SYS_statfs));
        assert_false(has(b, SYS_read) || has(b, SYS_close) || has(b, SYS_fstat));

        memset(b, 0, sizeof(b));
        assert_true(syscall_class_bitmap("desc", b) > 0);
        assert_true(has(b, SYS_read) && has(b, SYS_close) && has(b, SYS_fstat) &&
                    has(b, SYS_mmap) && has(b, SYS_openat) && has(b, SYS_pipe2));
        assert_false(has(b, SYS_getpid) || has(b, SYS_stat) || has(b, SYS_socket));

        memset(b, 0, sizeof(b));
        assert_true(syscall_class_bitmap("network", b) > 0);
        assert_true(has(b, SYS_socket) && has(b, SYS_connect) && has(b, SYS_sendfile));
        assert_false(has(b, SYS_read));

        memset(b, 0, sizeof(b));
        assert_true(syscall_class_bitmap("process", b) > 0);
        assert_true(has(b, SYS_clone) && has(b, SYS_wait4) && has(b, SYS_exit_group) &&
                    has(b, SYS_kill) && has(b, SYS_execve));
        assert_false(has(b, SYS_getpid));

        memset(b, 0, sizeof(b));
        assert_true(syscall_class_bitmap("memory", b) > 0);
        assert_true(has(b, SYS_mmap) && has(b, SYS_brk) && has(b, SYS_munmap));

        memset(b, 0, sizeof(b));
        assert_true(syscall_class_bitmap("signal", b) > 0);
        assert_true(has(b, SYS_rt_sigaction) && has(b, SYS_kill) && has(b, SYS_rt_sigreturn));

        memset(b, 0, sizeof(b));
        assert_int_equal(syscall_class_bitmap("ipc", b), 12);
        assert_true(has(b, SYS_shmget) && has(b, SYS_semop));

        memset(b, 0, sizeof(b));
        assert_true(syscall_class_bitmap("creds", b) > 0);
        assert_true(has(b, SYS_getuid) && has(b, SYS_prctl));

        memset(b, 0, sizeof(b));
        assert_int_equal(syscall_class_bitmap("clock", b), 8);
        assert_true(has(b, SYS_clock_gettime));

        memset(b, 0, sizeof(b));
        assert_int_equal(syscall_class_bitmap("pure", b), 8);
        assert_true(has(b, SYS_getpid) && has(b, SYS_gettid));

        memset(b, 0, sizeof(b));
        assert_int_equal(syscall_class_bitmap("stat", b), 1);
        assert_true(has(b, SYS_stat));
        memset(b, 0, sizeof(b));
        assert_int_equal(syscall_class_bitmap("%stat", b), 5);
        assert_true(has(b, SYS_statx) && has(b, SYS_newfstatat) && has(b, SYS_lstat));
        memset(b, 0, sizeof(b));
        assert_int_equal(syscall_class_bitmap("stat_like", b), 5);
        memset(b, 0, sizeof(b));
        assert_int_equal(syscall_class_bitmap("fstat", b), 3);
        assert_false(has(b, SYS_stat));
        memset(b, 0, sizeof(b));
        assert_int_equal(syscall_class_bitmap("%statfs", b), 3);
}

static void test_classes_accumulate(void **state)
{
        uint64_t b[RENACER_FILTER_WORDS] = {0};
        int nfile, nnet;

        (void)state;
        nfile = syscall_class_bitmap("file", b);
        nnet = syscall_class_bitmap("net", b);
        /* the two classes share no member, and the bitmap is not cleared */
        assert_int_equal(count(b), nfile + nnet);
        assert_true(has(b, SYS_openat) && has(b, SYS_socket));
}

static void test_unknown_class(void **state)
{
        uint64_t b[RENACER_FILTER_WORDS] = {0};

        (void)state;
        assert_int_equal(syscall_class_bitmap("nope", b), -ENOENT);
        assert_int_equal(syscall_class_bitmap("%file", b), -ENOENT);
        assert_int_equal(syscall_class_bitmap("", b), -ENOENT);
        assert_int_equal(syscall_class_bitmap(NULL, b), -ENOENT);
        assert_int_equal(count(b), 0);
}

static void test_errno_names(void **state)
{
        (void)state;
        assert_string_equal(errno_name(ENOENT), "ENOENT");
        assert_string_equal(errno_name(EAGAIN), "EAGAIN");
        assert_string_equal(errno_name(EOPNOTSUPP), "EOPNOTSUPP");
        assert_string_equal(errno_name(EDEADLK), "EDEADLK");
        assert_string_equal(errno_name(512), "ERESTARTSYS");
        assert_string_equal(errno_name(513), "ERESTARTNOINTR");
        assert_string_equal(errno_name(514), "ERESTARTNOHAND");
        assert_string_equal(errno_name(515), "ENOIOCTLCMD");
        assert_string_equal(errno_name(516), "ERESTART_RESTARTBLOCK");
        assert_string_equal(errno_name(530), "ERECALLCONFLICT");
        assert_null(errno_name(0));
        assert_null(errno_name(41)); /* a hole in the numbering */
        assert_null(errno_name(520));
        assert_null(errno_name(4096));
        assert_null(errno_name(-2));
}

static void test_errno_texts(void **state)
{
        (void)state;
        assert_string_equal(errno_text(ENOENT), "No such file or directory");
        assert_string_equal(errno_text(EAGAIN), "Resource temporarily unavailable");
        assert_string_equal(errno_text(512), "To be restarted if SA_RESTART is set");
        assert_string_equal(errno_text(513), "To be restarted");
        assert_string_equal(errno_text(514), "To be restarted if no handler");
        assert_string_equal(errno_text(516), "Interrupted by signal");
        assert_string_equal(errno_text(515), "Unknown error 515");
        assert_string_equal(errno_text(4000), "Unknown error 4000");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_names),         cmocka_unit_test(test_numbers),
            cmocka_unit_test(test_classes),       cmocka_unit_test(test_classes_accumulate),
            cmocka_unit_test(test_unknown_class), cmocka_unit_test(test_errno_names),
            cmocka_unit_test(test_errno_texts),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
