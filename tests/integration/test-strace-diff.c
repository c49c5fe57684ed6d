// SPDX-License-Identifier: MIT
/*
 * Differential check against a real peer: for deterministic programs the
 * per-syscall counts of `renacerctl run -f -c` equal those of Debian's
 * `strace -f -c` on the same command, and for programs that make calls with
 * valid, invalid and edge-case arguments whose lines do not vary from run
 * to run, the decoded lines of both tools are identical.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

static struct test_daemon daemon_;

#define MAXROWS 256

struct counts {
        char names[MAXROWS][32];
        long calls[MAXROWS];
        int n;
};

static long lookup(const struct counts *c, const char *name)
{
        for (int i = 0; i < c->n; i++)
                if (!strcmp(c->names[i], name))
                        return c->calls[i];
        return 0;
}

/* Both tools on one command; `ignore` lists syscalls whose count depends on
 * thread timing (futex wake-ups), compared by neither. */
static void compare(const char *const *cmd, const char *const *ignore)
{
        const char *rargv[32], *sargv[32];
        char spath[] = "/tmp/renacer-strace-XXXXXX";
        struct run_result r, s;
        struct counts rc, sc;
        int n = 0, m = 0, mismatches = 0;

        close(mkstemp(spath));
        rargv[n++] = harness_bin("RENACERCTL");
        rargv[n++] = "run";
        rargv[n++] = "-f";
        rargv[n++] = "-c";
        rargv[n++] = "--";
        sargv[m++] = "/usr/bin/strace";
        sargv[m++] = "-f";
        sargv[m++] = "-c";
        sargv[m++] = "-o";
        sargv[m++] = spath;
        sargv[m++] = "--";
        for (const char *const *p = cmd; *p; p++) {
                rargv[n++] = *p;
                sargv[m++] = *p;
        }
        rargv[n] = sargv[m] = NULL;

        assert_int_equal(run_capture(rargv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(run_capture(sargv, &s), 0);
        assert_int_equal(s.code, 0);
        run_result_free(&s);
        FILE *f = fopen(spath, "r");
        static char table[1 << 16];
        size_t len = fread(table, 1, sizeof(table) - 1, f);
        table[len] = '\0';
        fclose(f);
        unlink(spath);

        rc.n = summary_rows(r.err, rc.names, rc.calls, MAXROWS);
        sc.n = summary_rows(table, sc.names, sc.calls, MAXROWS);
        assert_true(rc.n > 0);
        assert_true(sc.n > 0);
        for (int pass = 0; pass < 2; pass++) {
                const struct counts *a = pass ? &sc : &rc;
                for (int i = 0; i < a->n; i++) {
                        bool skip = false;
                        for (const char *const *ig = ignore; ig && *ig; ig++)
                                skip |= !strcmp(*ig, a->names[i]);
                        long x = lookup(&rc, a->names[i]), y = lookup(&sc, a->names[i]);
                        if (skip || x == y || (pass && lookup(&rc, a->names[i])))
                                continue;
                        fprintf(stderr, "%s: %s renacer %ld strace %ld\n", cmd[0], a->names[i], x,
                                y);
                        mismatches++;
                }
        }
        run_result_free(&r);
        assert_int_equal(mismatches, 0);
}

static char bufs[4][512];
#define PROG(i, name) harness_prog(name, bufs[i], sizeof(bufs[i]))

static void test_diff_getppid(void **state)
{
        (void)state;
        compare((const char *const[]){PROG(0, "getppid-loop"), "1000", NULL}, NULL);
}

static void test_diff_open_three(void **state)
{
        (void)state;
        compare((const char *const[]){PROG(0, "open-three"), NULL}, NULL);
}

static void test_diff_fork_exec_wait(void **state)
{
        (void)state;
        compare((const char *const[]){PROG(0, "fork-exec-wait"), PROG(1, "getppid-loop"), NULL},
                NULL);
}

static void test_diff_threads(void **state)
{
        (void)state;
        compare((const char *const[]){PROG(0, "threads-write"), "250", NULL},
                (const char *const[]){"futex", NULL});
}

static void test_diff_fork_tree(void **state)
{
        (void)state;
        compare((const char *const[]){PROG(0, "fork-tree"), NULL}, NULL);
}

static void test_diff_sh_ls(void **state)
{
        (void)state;
        compare((const char *const[]){"/bin/sh", "-c", "ls / >/dev/null", NULL}, NULL);
}

/* Read a whole trace file into buf; returns its length. */
static size_t slurp(const char *path, char *buf, size_t size)
{
        FILE *f = fopen(path, "r");
        size_t len;

        assert_non_null(f);
        len = fread(buf, 1, size - 1, f);
        fclose(f);
        buf[len] = '\0';
        return len;
}

/* One line of a trace without the padding before " = " (strace aligns
 * results at column 40, renacerctl too, but the padding is not the test). */
static void unpad(char *l)
{
        char *eq = strstr(l, ")  ");

        while (eq) {
                char *q = eq + 1;

                while (*q == ' ')
                        q++;
                if (q[0] == '=' && q[1] == ' ') {
                        memmove(eq + 2, q, strlen(q) + 1);
                        return;
                }
                eq = strstr(eq + 1, ")  ");
        }
}

/* Both tools trace cmd with `-e trace=set` and the further options opts (a
 * NULL-terminated list, or NULL); every line must be the same, in the same
 * order. */
static void compare_lines_opts(const char *const *cmd, const char *set, const char *const *opts)
{
        static char sbuf[1 << 17], rbuf[1 << 17];
        char spath[] = "/tmp/renacer-lines-s-XXXXXX", rpath[] = "/tmp/renacer-lines-r-XXXXXX";
        char trace[1024];
        const char *rargv[16], *sargv[16];
        struct run_result r, s;
        char *sl, *rl, *ssave, *rsave;
        int n = 0, m = 0, lines = 0;

        close(mkstemp(spath));
        close(mkstemp(rpath));
        snprintf(trace, sizeof(trace), "trace=%s", set);
        rargv[n++] = harness_bin("RENACERCTL");
        rargv[n++] = "run";
        rargv[n++] = "-e";
        rargv[n++] = trace;
        rargv[n++] = "-o";
        rargv[n++] = rpath;
        rargv[n++] = "--";
        sargv[m++] = "/usr/bin/strace";
        sargv[m++] = "-e";
        sargv[m++] = trace;
        sargv[m++] = "-o";
        sargv[m++] = spath;
        /* the same further options for both tools, before the command */
        for (const char *const *p = opts; p && *p; p++) {
                rargv[n - 1] = *p;
                rargv[n++] = "--";
                sargv[m++] = *p;
        }
        sargv[m++] = "--";
        for (const char *const *p = cmd; *p; p++) {
                rargv[n++] = *p;
                sargv[m++] = *p;
        }
        rargv[n] = sargv[m] = NULL;
        assert_int_equal(run_capture(rargv, &r), 0);
        assert_int_equal(r.code, 0);
        assert_int_equal(run_capture(sargv, &s), 0);
        assert_int_equal(s.code, 0);
        run_result_free(&r);
        run_result_free(&s);
        slurp(spath, sbuf, sizeof(sbuf));
        slurp(rpath, rbuf, sizeof(rbuf));
        unlink(spath);
        unlink(rpath);

        sl = strtok_r(sbuf, "\n", &ssave);
        rl = strtok_r(rbuf, "\n", &rsave);
        for (; sl || rl; sl = strtok_r(NULL, "\n", &ssave), rl = strtok_r(NULL, "\n", &rsave)) {
                if (!sl || !rl) {
                        fprintf(stderr, "%s: only %s printed: %s\n", cmd[0],
                                sl ? "strace" : "renacer", sl ? sl : rl);
                        fail();
                }
                unpad(sl);
                unpad(rl);
                if (strcmp(sl, rl)) {
                        fprintf(stderr, "%s:\n  strace  %s\n  renacer %s\n", cmd[0], sl, rl);
                        fail();
                }
                lines++;
        }
        /* the program made its calls: an empty pair of traces proves nothing */
        assert_true(lines > 10);
}

static void compare_lines(const char *const *cmd, const char *set)
{
        compare_lines_opts(cmd, set, NULL);
}

#define TIME_CALLS                                                                                 \
        "setitimer,getitimer,timer_create,timer_settime,timer_gettime,timerfd_create,"             \
        "timerfd_settime,timerfd_gettime,clock_settime,clock_gettime,clock_getres,settimeofday,"   \
        "gettimeofday,adjtimex,clock_adjtime,time,nanosleep,clock_nanosleep,"                      \
        "sched_rr_get_interval,utimensat,utimes,futimesat,utime"

/* itimerval, itimerspec, sigevent, timespec, timeval, timezone, timex and
 * the file time arrays: set, unreadable, half readable, bogus */
static void test_lines_time(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "time-calls"), NULL}, TIME_CALLS);
}

/* msghdr and control messages of sendmsg and recvmsg; select, pselect6 and
 * ppoll sets, timeouts and masks; the transfer calls' offsets and vectors:
 * valid, unreadable, NULL and bogus (programs/net-calls.c) */
static void test_lines_messages(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "net-calls"), NULL},
                      "sendmsg,recvmsg,sendmmsg,recvmmsg,setsockopt");
}

static void test_lines_polling_transfers(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "net-calls"), NULL},
                      "select,pselect6,ppoll,vmsplice,splice,copy_file_range,sendfile,"
                      "sync_file_range");
}

#define PROC_CALLS                                                                                 \
        "rt_sigtimedwait,rt_sigqueueinfo,rt_tgsigqueueinfo,pidfd_send_signal,signalfd4,"           \
        "pidfd_open,waitid,wait4,sched_setattr,sched_getattr,sched_setparam,sched_getparam,"       \
        "sched_setaffinity,sched_getaffinity,kcmp,membarrier,ioprio_get,ioprio_set,unshare,"       \
        "setns,close_range,getresuid,getresgid,syslog,reboot,swapon,swapoff,ustat,sysinfo,mknod,"  \
        "statfs,fstatfs,_sysctl,get_robust_list,mincore,getdents,getrandom,sigaltstack"

/* siginfo, sigsets, sched_attr (E2BIG, KEEP_PARAMS), CPU sets, kcmp slots,
 * ioprio values, syslog and reboot constants, swap flags, namespaces */
static void test_lines_proc(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "proc-calls"), NULL}, PROC_CALLS);
}

#define SYS_CALLS                                                                                  \
        "chdir,umount2,add_key,request_key,keyctl,memfd_create,memfd_secret,pkey_mprotect,"        \
        "pkey_alloc,mbind,set_mempolicy,remap_file_pages,fsopen,fspick,open_tree,move_mount,"      \
        "fsmount,delete_module,finit_module,openat2,seccomp,landlock_add_rule,"                    \
        "landlock_create_ruleset,kexec_file_load"

/* paths up to PATH_MAX, cut and unreadable; keys, memfd, pkeys, NUMA
 * policy, the mount API, modules, open_how (programs/sys-calls.c) */
static void test_lines_sys(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "sys-calls"), NULL}, SYS_CALLS);
}

#define BPF_CALLS                                                                                  \
        "fanotify_init,fanotify_mark,io_uring_setup,io_uring_enter,io_uring_register,"             \
        "perf_event_open,bpf"

/* fanotify classes, flags, 64-bit masks and FAN_NOFD; io_uring params and
 * registrations; bpf attrs cut at their size; perf_event_attr
 * (programs/bpf-calls.c) */
static void test_lines_bpf(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "bpf-calls"), NULL}, BPF_CALLS);
}

/* ioctl: a pseudo terminal's termios, termio, termios2 and window size,
 * the same requests on a closed fd with NULL, unreadable and half readable
 * arguments, the console's, numbers with parameters and unknown numbers
 * (programs/ioctl-calls.c) */
static void test_lines_ioctl(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "ioctl-calls"), NULL}, "ioctl");
}

/* prctl options with their arguments: ints and names the kernel writes,
 * names it reads (cut, unreadable, TASK_COMM_LEN long), capabilities,
 * secure bits, vector lengths, tagged addresses, unknown options and
 * values wider than an int (programs/ctl-calls.c) */
static void test_lines_prctl(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "ctl-calls"), NULL}, "prctl");
}

/* ptrace requests on a pid that does not exist: struct user offsets,
 * signals, options, sigmasks, siginfos, PEEKSIGINFO arguments, seccomp
 * metadata and regset iovecs, readable, cut and unreadable
 * (programs/ctl-calls.c) */
static void test_lines_ptrace(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "ctl-calls"), NULL}, "ptrace");
}

/* clone3's struct clone_args: flags of both tables, set_tid arrays
 * (readable, cut, too long), zero and non-zero bytes past the structure,
 * unreadable structures (programs/ctl-calls.c) */
static void test_lines_clone3(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "ctl-calls"), NULL}, "clone3");
}

/* fsconfig's commands with their keys, strings, paths, blobs and fds,
 * NULL and unreadable ones (programs/ctl-calls.c) */
static void test_lines_fsconfig(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "ctl-calls"), NULL}, "fsconfig");
}

/* futex_waitv's waiter arrays: NULL, empty, unreadable, cut, with
 * unknown flags, and a timeout; mount_setattr's struct mount_attr of
 * every size (programs/ctl-calls.c) */
static void test_lines_futex_waitv(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "ctl-calls"), NULL},
                      "futex_waitv,mount_setattr");
}

#define NUMA_CALLS "set_mempolicy,get_mempolicy,mbind,migrate_pages,move_pages"

/* node masks empty, too small, readable, longer than -s, cut by an
 * unmapped page or of a size that overflows; policy modes and flags; the
 * pages, nodes and status of move_pages (programs/mm-calls.c) */
static void test_lines_numa(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "mm-calls"), NULL}, NUMA_CALLS);
}

/* mount's flags with and without the old magic, its type and data as
 * strings or addresses by what the flags make the kernel read, umount2's
 * flags (programs/misc-calls.c) */
static void test_lines_mount(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "misc-calls"), NULL}, "mount,umount2");
}

/* quotactl's and quotactl_fd's commands with their ids, formats, quota
 * files and the structures the kernel reads (shown although the call
 * fails), unknown commands and types, NULL and unreadable arguments
 * (programs/misc-calls.c) */
static void test_lines_quotactl(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "misc-calls"), NULL}, "quotactl,quotactl_fd");
}

#define KEYS_CALLS                                                                                 \
        "keyctl,fcntl,name_to_handle_at,open_by_handle_at,kexec_load,openat2,io_setup,io_cancel,"  \
        "io_getevents,io_pgetevents,inotify_add_watch,memfd_secret"

/* keyctl's public-key parameters and operands, DH kdf parameters and
 * iovecs; fcntl's struct flock and struct f_owner_ex, set, got and
 * refused; file handles too small, got, refused and opened again;
 * kexec_load's segments, too many, cut by an unmapped page, and its
 * arch|flags; the bytes past struct open_how; AIO iocb headers, events,
 * timeouts and signal masks; inotify masks and memfd_secret flags
 * (programs/keys-calls.c) */
static void test_lines_keys_files(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "keys-calls"), NULL}, KEYS_CALLS);
}

#define MQ_XATTR_CALLS                                                                             \
        "process_madvise,mq_open,mq_timedsend,mq_timedreceive,mq_notify,mq_getsetattr,"            \
        "mq_unlink,setxattr,lsetxattr,fsetxattr,getxattr,lgetxattr,fgetxattr,listxattr,"           \
        "llistxattr,flistxattr,removexattr,lremovexattr,fremovexattr"

/* madvise ranges; a queue of this test's own (created, its attributes
 * read and set, messages sent and received whole, cut, too long, into a
 * full or empty queue, sigevents registered) and the attributes of a file
 * in a fresh directory (values with NULs, binary and cut, names, lists,
 * sizes too small or too large); NULL, unreadable and bad arguments
 * (programs/mm-calls.c) */
static void test_lines_mq_xattr(void **state)
{
        char dir[] = "/tmp/renacer-mm-XXXXXX", mq[64];

        (void)state;
        assert_non_null(mkdtemp(dir));
        snprintf(mq, sizeof(mq), "renacer-mm-%d", (int)getpid());
        compare_lines((const char *const[]){PROG(0, "mm-calls"), mq, dir, NULL}, MQ_XATTR_CALLS);
        assert_int_equal(rmdir(dir), 0);
}

/* landlock's ruleset and rule attrs, semop's and semtimedop's sembuf
 * arrays and timeouts, modify_ldt's struct user_desc and clipped result,
 * process_vm_readv's and process_vm_writev's local and remote iovecs,
 * buffers that end -s bytes before an unmapped page, 64-bit vector counts:
 * valid, unknown bits, short and unreadable (programs/misc-calls.c) */
static void test_lines_misc(void **state)
{
        (void)state;
        compare_lines((const char *const[]){PROG(0, "misc-calls"), NULL},
                      "landlock_create_ruleset,landlock_add_rule,semop,semtimedop,modify_ldt,"
                      "process_vm_readv,process_vm_writev,write,writev,preadv2,pwritev2");
}

/* -v: the quota structures in full; -P: mount's and quotactl's paths
 * select their calls as strace's pathtrace.c does (programs/misc-calls.c) */
static void test_lines_misc_verbose_paths(void **state)
{
        (void)state;
        compare_lines_opts((const char *const[]){PROG(0, "misc-calls"), NULL},
                           "mount,umount2,quotactl,quotactl_fd", (const char *const[]){"-v", NULL});
        compare_lines_opts((const char *const[]){PROG(0, "misc-calls"), NULL}, "mount,umount2",
                           (const char *const[]){"-P", "/nonexistent-renacer-misc/target", NULL});
        compare_lines_opts((const char *const[]){PROG(0, "misc-calls"), NULL},
                           "quotactl,quotactl_fd",
                           (const char *const[]){"-P", "/dev/renacer-misc-nodev", NULL});
}

static int setup(void **state)
{
        (void)state;
        return daemon_start(&daemon_, NULL) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        (void)state;
        return daemon_stop(&daemon_) == 0 ? 0 : -1;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_diff_getppid),
            cmocka_unit_test(test_diff_open_three),
            cmocka_unit_test(test_diff_fork_exec_wait),
            cmocka_unit_test(test_diff_threads),
            cmocka_unit_test(test_diff_fork_tree),
            cmocka_unit_test(test_diff_sh_ls),
            cmocka_unit_test(test_lines_time),
            cmocka_unit_test(test_lines_messages),
            cmocka_unit_test(test_lines_polling_transfers),
            cmocka_unit_test(test_lines_proc),
            cmocka_unit_test(test_lines_sys),
            cmocka_unit_test(test_lines_bpf),
            cmocka_unit_test(test_lines_ioctl),
            cmocka_unit_test(test_lines_prctl),
            cmocka_unit_test(test_lines_ptrace),
            cmocka_unit_test(test_lines_clone3),
            cmocka_unit_test(test_lines_fsconfig),
            cmocka_unit_test(test_lines_futex_waitv),
            cmocka_unit_test(test_lines_numa),
            cmocka_unit_test(test_lines_mount),
            cmocka_unit_test(test_lines_quotactl),
            cmocka_unit_test(test_lines_keys_files),
            cmocka_unit_test(test_lines_mq_xattr),
            cmocka_unit_test(test_lines_misc),
            cmocka_unit_test(test_lines_misc_verbose_paths),
        };

        harness_require_root_btf();
        if (access("/usr/bin/strace", X_OK) != 0) {
                printf("SKIP: strace is not installed (apt-get install strace)\n");
                return 77;
        }
        return cmocka_run_group_tests_name("integration-strace-diff", tests, setup, teardown);
}
