// SPDX-License-Identifier: MIT
/*
 * quotactl and quotactl_fd in the decoder (decode-quota.c) against strace
 * 6.1: the expected strings are the lines strace 6.1 prints for the same
 * calls in its own tests (quotactl.c, quotactl-xfs.c, quotactl_fd.c, and
 * their -v variants): every command with its id, format, path or
 * structure, unknown commands and types, structures the kernel reads
 * (shown even when the call failed) and writes (shown only after
 * success), NULL, unreadable and short captures.
 */
#include <errno.h>
#include <linux/dqblk_xfs.h>
#include <linux/quota.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "record-builder.h"

/* QCMD() of linux/quota.h in unsigned arithmetic: its (cmd) << 8 of an
 * int command above 0x7fffff overflows an int */
#define QC(cmd, type) ((uint32_t)(cmd) << SUBCMDSHIFT | ((uint32_t)(type)&SUBCMDMASK))

/* a capture made before the call: the structure the command reads */
static void seg_in(unsigned arg, const void *data, size_t len)
{
        seg(arg, RENACER_SEG_BUF, 0, data, len);
}

static const char *decode_v(void)
{
        struct decode_opts o = {.no_abbrev = true};
        int rc = decode_event(&R.u.ev, R.u.ev.hdr.size, &o, &D);

        assert_int_equal(rc, 0);
        rc = decode_format(&D, line, sizeof(line));
        assert_true(rc > 0);
        return line;
}

/* if_dqblk as strace reads it: 68 bytes, without the kernel's padding */
#define DQBLK 68

static void test_quotactl_cmds(void **state)
{
        (void)state;
        /* unknown command and type, an unreadable special file */
        EV(SYS_quotactl, -EINVAL, 0xbadc0ded, P1, 0xca7faced, P2);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "quotactl(QCMD(0xbadc0d /* Q_??? */, 0xed /* ???QUOTA */), "
                                      "0x7ffd1000, 3397364973, 0x7ffd2000) = -1 EINVAL (Invalid "
                                      "argument)");
        EV(SYS_quotactl, -EINVAL, 0, 0, -1, 0);
        assert_string_equal(decode(),
                            "quotactl(QCMD(0 /* Q_??? */, USRQUOTA), NULL, -1, NULL) = -1 "
                            "EINVAL (Invalid argument)");
        /* Q_QUOTAON: the format and the quota file */
        EV(SYS_quotactl, -ENOENT, QC(Q_QUOTAON, USRQUOTA), P1, QFMT_VFS_OLD, P2);
        seg_str(1, "/dev/bogus/");
        seg_str(3, "/tmp/bogus/");
        assert_string_equal(decode(), "quotactl(QCMD(Q_QUOTAON, USRQUOTA), \"/dev/bogus/\", "
                                      "QFMT_VFS_OLD, \"/tmp/bogus/\") = -1 ENOENT (No such file or "
                                      "directory)");
        EV(SYS_quotactl, -ENOENT, QC(Q_QUOTAON, 0xed), P1, 0xca7faced, P2);
        seg_str(1, "/dev/bogus/");
        seg(3, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(),
                            "quotactl(QCMD(Q_QUOTAON, 0xed /* ???QUOTA */), "
                            "\"/dev/bogus/\", 0xca7faced /* QFMT_VFS_??? */, 0x7ffd2000) = "
                            "-1 ENOENT (No such file or directory)");
        /* no id, no data */
        EV(SYS_quotactl, -ENOENT, QC(Q_QUOTAOFF, 3), 0, -1, P2);
        assert_string_equal(decode(), "quotactl(QCMD(Q_QUOTAOFF, 0x3 /* ???QUOTA */), NULL) = -1 "
                                      "ENOENT (No such file or directory)");
        EV(SYS_quotactl, -ENOENT, QC(Q_SYNC, 0xff), 0, -1, P2);
        assert_string_equal(decode(), "quotactl(QCMD(Q_SYNC, 0xff /* ???QUOTA */), NULL) = -1 "
                                      "ENOENT (No such file or directory)");
        EV(SYS_quotactl, 0, QC(Q_XQUOTASYNC, PRJQUOTA), 0, 1, P2);
        assert_string_equal(decode(), "quotactl(QCMD(Q_XQUOTASYNC, PRJQUOTA), NULL) = 0");
        /* the old commands strace still names, by the id and the address */
        EV(SYS_quotactl, -EINVAL, 0x700 << 8 | GRPQUOTA, 0, 7, P2);
        assert_string_equal(decode(), "quotactl(QCMD(Q_SETQLIM, GRPQUOTA), NULL, 7, 0x7ffd2000) = "
                                      "-1 EINVAL (Invalid argument)");
}

static void test_quotactl_dqblk(void **state)
{
        struct if_dqblk d = {1, 2, 3, 4, 5, 6, 7, 8, QIF_BLIMITS | QIF_ITIME | 0x40};
        struct if_nextdqblk n = {9, 8, 7, 6, 5, 4, 3, 2, 0, 4242};

        (void)state;
        /* Q_GETQUOTA: failed, then successful */
        EV(SYS_quotactl, -ENOENT, QC(Q_GETQUOTA, USRQUOTA), P1, 0, P2);
        seg_str(1, "/dev/sda1");
        assert_string_equal(decode(), "quotactl(QCMD(Q_GETQUOTA, USRQUOTA), \"/dev/sda1\", 0, "
                                      "0x7ffd2000) = -1 ENOENT (No such file or directory)");
        EV(SYS_quotactl, 0, QC(Q_GETQUOTA, GRPQUOTA), 0, -1, P2);
        seg_buf(3, &d, DQBLK);
        assert_string_equal(decode(), "quotactl(QCMD(Q_GETQUOTA, GRPQUOTA), NULL, -1, "
                                      "{dqb_bhardlimit=1, dqb_bsoftlimit=2, dqb_curspace=3, "
                                      "dqb_ihardlimit=4, dqb_isoftlimit=5, dqb_curinodes=6, "
                                      "...}) = 0");
        assert_string_equal(decode_v(), "quotactl(QCMD(Q_GETQUOTA, GRPQUOTA), NULL, -1, "
                                        "{dqb_bhardlimit=1, dqb_bsoftlimit=2, dqb_curspace=3, "
                                        "dqb_ihardlimit=4, dqb_isoftlimit=5, dqb_curinodes=6, "
                                        "dqb_btime=7, dqb_itime=8, "
                                        "dqb_valid=QIF_BLIMITS|QIF_ITIME|0x40}) = 0");
        /* a capture that faulted or is short prints the pointer */
        EV(SYS_quotactl, 0, QC(Q_GETQUOTA, GRPQUOTA), 0, -1, P2);
        seg_buf(3, &d, DQBLK - 1);
        assert_string_equal(decode(),
                            "quotactl(QCMD(Q_GETQUOTA, GRPQUOTA), NULL, -1, 0x7ffd2000) = 0");
        /* Q_SETQUOTA reads it: shown although the call failed */
        EV(SYS_quotactl, -ENOENT, QC(Q_SETQUOTA, PRJQUOTA), P1, 3141592653U, P2);
        seg_str(1, "/dev/bogus/");
        seg_in(3, &d, DQBLK);
        assert_string_equal(decode(), "quotactl(QCMD(Q_SETQUOTA, PRJQUOTA), \"/dev/bogus/\", "
                                      "3141592653, {dqb_bhardlimit=1, dqb_bsoftlimit=2, "
                                      "dqb_curspace=3, dqb_ihardlimit=4, dqb_isoftlimit=5, "
                                      "dqb_curinodes=6, ...}) = -1 ENOENT (No such file or "
                                      "directory)");
        EV(SYS_quotactl, -EFAULT, QC(Q_SETQUOTA, PRJQUOTA), P1, 0, P2);
        seg(1, RENACER_SEG_STR, RENACER_SEGF_FAULT, NULL, 0);
        seg(3, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "quotactl(QCMD(Q_SETQUOTA, PRJQUOTA), 0x7ffd1000, 0, "
                                      "0x7ffd2000) = -1 EFAULT (Bad address)");
        /* Q_GETNEXTQUOTA: the id comes before the ellipsis */
        EV(SYS_quotactl, 0, QC(Q_GETNEXTQUOTA, USRQUOTA), P1, 0, P2);
        seg_str(1, "/dev/sda1");
        seg_buf(3, &n, sizeof(n));
        assert_string_equal(decode(), "quotactl(QCMD(Q_GETNEXTQUOTA, USRQUOTA), \"/dev/sda1\", 0, "
                                      "{dqb_bhardlimit=9, dqb_bsoftlimit=8, dqb_curspace=7, "
                                      "dqb_ihardlimit=6, dqb_isoftlimit=5, dqb_curinodes=4, "
                                      "dqb_id=4242, ...}) = 0");
        assert_string_equal(decode_v(), "quotactl(QCMD(Q_GETNEXTQUOTA, USRQUOTA), \"/dev/sda1\", "
                                        "0, {dqb_bhardlimit=9, dqb_bsoftlimit=8, dqb_curspace=7, "
                                        "dqb_ihardlimit=6, dqb_isoftlimit=5, dqb_curinodes=4, "
                                        "dqb_btime=3, dqb_itime=2, dqb_valid=0, dqb_id=4242}) = 0");
}

static void test_quotactl_info_fmt(void **state)
{
        struct if_dqinfo i = {10, 20, 0xdeadabcd, IIF_BGRACE | IIF_FLAGS};
        const uint32_t fmt = QFMT_VFS_V1, bad = 0xdeadbeef;

        (void)state;
        EV(SYS_quotactl, 0, QC(Q_GETINFO, GRPQUOTA), P1, -1, P2);
        seg_str(1, "/dev/sda1");
        seg_buf(3, &i, sizeof(i));
        assert_string_equal(decode(),
                            "quotactl(QCMD(Q_GETINFO, GRPQUOTA), \"/dev/sda1\", "
                            "{dqi_bgrace=10, dqi_igrace=20, dqi_flags=DQF_ROOT_SQUASH|"
                            "DQF_SYS_FILE|0xdeacabcc, dqi_valid=IIF_BGRACE|IIF_FLAGS}) = 0");
        EV(SYS_quotactl, -ENOENT, QC(Q_GETINFO, GRPQUOTA), P1, -1, P2);
        seg_str(1, "/dev/sda1");
        assert_string_equal(decode(), "quotactl(QCMD(Q_GETINFO, GRPQUOTA), \"/dev/sda1\", "
                                      "0x7ffd2000) = -1 ENOENT (No such file or directory)");
        EV(SYS_quotactl, -ENOENT, QC(Q_SETINFO, USRQUOTA), P1, -1, P2);
        seg_str(1, "/dev/bogus/");
        i.dqi_flags = 0;
        i.dqi_valid = 8;
        seg_in(3, &i, sizeof(i));
        assert_string_equal(decode(), "quotactl(QCMD(Q_SETINFO, USRQUOTA), \"/dev/bogus/\", "
                                      "{dqi_bgrace=10, dqi_igrace=20, dqi_flags=0, "
                                      "dqi_valid=0x8 /* IIF_??? */}) = -1 ENOENT (No such file or "
                                      "directory)");
        EV(SYS_quotactl, -ENOENT, QC(Q_SETINFO, PRJQUOTA), P1, -1, 0);
        seg_str(1, "/dev/bogus/");
        assert_string_equal(decode(), "quotactl(QCMD(Q_SETINFO, PRJQUOTA), \"/dev/bogus/\", NULL) "
                                      "= -1 ENOENT (No such file or directory)");
        EV(SYS_quotactl, 0, QC(Q_GETFMT, GRPQUOTA), P1, -1, P2);
        seg_str(1, "/dev/sda1");
        seg_buf(3, &fmt, sizeof(fmt));
        assert_string_equal(decode(),
                            "quotactl(QCMD(Q_GETFMT, GRPQUOTA), \"/dev/sda1\", [QFMT_VFS_V1]) = 0");
        EV(SYS_quotactl, 0, QC(Q_GETFMT, GRPQUOTA), P1, -1, P2);
        seg_str(1, "/dev/sda1");
        seg_buf(3, &bad, sizeof(bad));
        assert_string_equal(decode(), "quotactl(QCMD(Q_GETFMT, GRPQUOTA), \"/dev/sda1\", "
                                      "[0xdeadbeef /* QFMT_VFS_??? */]) = 0");
}

static void test_quotactl_xfs(void **state)
{
        struct fs_disk_quota d = {
            .d_version = 1,
            .d_flags = (int8_t)(FS_USER_QUOTA | 0x80),
            .d_fieldmask = 0xbeef,
            .d_id = 7,
            .d_blk_hardlimit = 1,
            .d_blk_softlimit = 2,
            .d_ino_hardlimit = 3,
            .d_ino_softlimit = 4,
            .d_bcount = 5,
            .d_icount = 6,
            .d_itimer = -1,
            .d_btimer = 2,
            .d_iwarns = 3,
            .d_bwarns = 4,
            .d_rtb_hardlimit = 5,
            .d_rtb_softlimit = 6,
            .d_rtbcount = 7,
            .d_rtbtimer = 8,
            .d_rtbwarns = 9,
        };
        struct fs_quota_stat st = {
            .qs_version = FS_QSTAT_VERSION,
            .qs_flags = FS_QUOTA_UDQ_ACCT | FS_QUOTA_PDQ_ENFD,
            .qs_uquota = {1, 2, 3},
            .qs_gquota = {4, 5, 6},
            .qs_incoredqs = 7,
            .qs_btimelimit = -8,
            .qs_itimelimit = 9,
            .qs_rtbtimelimit = 10,
            .qs_bwarnlimit = 11,
            .qs_iwarnlimit = 12,
        };
        struct fs_quota_statv sv = {
            .qs_version = FS_QSTATV_VERSION1,
            .qs_flags = 0x40,
            .qs_incoredqs = 1,
            .qs_uquota = {.qfs_ino = 2, .qfs_nblks = 3, .qfs_nextents = 4},
            .qs_gquota = {.qfs_ino = 5, .qfs_nblks = 6, .qfs_nextents = 7},
            .qs_pquota = {.qfs_ino = 8, .qfs_nblks = 9, .qfs_nextents = 10},
            .qs_btimelimit = 11,
            .qs_itimelimit = 12,
            .qs_rtbtimelimit = 13,
            .qs_bwarnlimit = 14,
            .qs_iwarnlimit = 15,
        };
        const uint32_t on = FS_QUOTA_UDQ_ENFD | FS_QUOTA_GDQ_ACCT, rm = FS_GROUP_QUOTA | 0x10;

        (void)state;
        EV(SYS_quotactl, 0, QC(Q_XGETQUOTA, USRQUOTA), P1, 7, P2);
        seg_str(1, "/dev/sda1");
        seg_buf(3, &d, sizeof(d));
        assert_string_equal(decode(), "quotactl(QCMD(Q_XGETQUOTA, USRQUOTA), \"/dev/sda1\", 7, "
                                      "{d_version=1, d_flags=FS_USER_QUOTA|0x80, "
                                      "d_fieldmask=0xbeef, d_id=7, d_blk_hardlimit=1, "
                                      "d_blk_softlimit=2, d_ino_hardlimit=3, d_ino_softlimit=4, "
                                      "d_bcount=5, d_icount=6, ...}) = 0");
        assert_string_equal(decode_v(), "quotactl(QCMD(Q_XGETQUOTA, USRQUOTA), \"/dev/sda1\", 7, "
                                        "{d_version=1, d_flags=FS_USER_QUOTA|0x80, "
                                        "d_fieldmask=0xbeef, d_id=7, d_blk_hardlimit=1, "
                                        "d_blk_softlimit=2, d_ino_hardlimit=3, "
                                        "d_ino_softlimit=4, d_bcount=5, d_icount=6, "
                                        "d_itimer=-1, d_btimer=2, d_iwarns=3, d_bwarns=4, "
                                        "d_rtb_hardlimit=5, d_rtb_softlimit=6, d_rtbcount=7, "
                                        "d_rtbtimer=8, d_rtbwarns=9}) = 0");
        /* Q_XSETQLIM reads it */
        EV(SYS_quotactl, -ENOENT, QC(Q_XSETQLIM, GRPQUOTA), P1, -1, P2);
        seg_str(1, "/dev/bogus/");
        d.d_flags = 0;
        d.d_fieldmask = 0;
        seg_in(3, &d, sizeof(d));
        assert_string_equal(decode(), "quotactl(QCMD(Q_XSETQLIM, GRPQUOTA), \"/dev/bogus/\", -1, "
                                      "{d_version=1, d_flags=0, d_fieldmask=0, d_id=7, "
                                      "d_blk_hardlimit=1, d_blk_softlimit=2, d_ino_hardlimit=3, "
                                      "d_ino_softlimit=4, d_bcount=5, d_icount=6, ...}) = -1 "
                                      "ENOENT (No such file or directory)");
        EV(SYS_quotactl, -ENOENT, QC(Q_XGETNEXTQUOTA, USRQUOTA), P1, 0, P2);
        seg_str(1, "/dev/sda1");
        assert_string_equal(decode(), "quotactl(QCMD(Q_XGETNEXTQUOTA, USRQUOTA), \"/dev/sda1\", 0, "
                                      "0x7ffd2000) = -1 ENOENT (No such file or directory)");
        EV(SYS_quotactl, 0, QC(Q_XGETQSTAT, USRQUOTA), P1, 0, P2);
        seg_str(1, "/dev/sda1");
        seg_buf(3, &st, sizeof(st));
        assert_string_equal(decode(), "quotactl(QCMD(Q_XGETQSTAT, USRQUOTA), \"/dev/sda1\", "
                                      "{qs_version=1, ...}) = 0");
        assert_string_equal(decode_v(), "quotactl(QCMD(Q_XGETQSTAT, USRQUOTA), \"/dev/sda1\", "
                                        "{qs_version=1, qs_flags=FS_QUOTA_UDQ_ACCT|"
                                        "FS_QUOTA_PDQ_ENFD, qs_uquota={qfs_ino=1, qfs_nblks=2, "
                                        "qfs_nextents=3}, qs_gquota={qfs_ino=4, qfs_nblks=5, "
                                        "qfs_nextents=6}, qs_incoredqs=7, qs_btimelimit=-8, "
                                        "qs_itimelimit=9, qs_rtbtimelimit=10, qs_bwarnlimit=11, "
                                        "qs_iwarnlimit=12}) = 0");
        EV(SYS_quotactl, 0, QC(Q_XGETQSTATV, PRJQUOTA), P1, 0, P2);
        seg_str(1, "/dev/sda1");
        seg_buf(3, &sv, sizeof(sv));
        assert_string_equal(decode_v(), "quotactl(QCMD(Q_XGETQSTATV, PRJQUOTA), \"/dev/sda1\", "
                                        "{qs_version=1, qs_flags=0x40 /* FS_QUOTA_??? */, "
                                        "qs_incoredqs=1, qs_uquota={qfs_ino=2, qfs_nblks=3, "
                                        "qfs_nextents=4}, qs_gquota={qfs_ino=5, qfs_nblks=6, "
                                        "qfs_nextents=7}, qs_pquota={qfs_ino=8, qfs_nblks=9, "
                                        "qfs_nextents=10}, qs_btimelimit=11, qs_itimelimit=12, "
                                        "qs_rtbtimelimit=13, qs_bwarnlimit=14, "
                                        "qs_iwarnlimit=15}) = 0");
        /* the flag words the kernel reads */
        EV(SYS_quotactl, -ENOENT, QC(Q_XQUOTAON, USRQUOTA), P1, 0, P2);
        seg_str(1, "/dev/bogus/");
        seg_in(3, &on, sizeof(on));
        assert_string_equal(decode(), "quotactl(QCMD(Q_XQUOTAON, USRQUOTA), \"/dev/bogus/\", "
                                      "[FS_QUOTA_UDQ_ENFD|FS_QUOTA_GDQ_ACCT]) = -1 ENOENT (No such "
                                      "file or directory)");
        EV(SYS_quotactl, -ENOENT, QC(Q_XQUOTARM, USRQUOTA), P1, 0, P2);
        seg_str(1, "/dev/bogus/");
        seg_in(3, &rm, sizeof(rm));
        assert_string_equal(decode(), "quotactl(QCMD(Q_XQUOTARM, USRQUOTA), \"/dev/bogus/\", "
                                      "[FS_GROUP_QUOTA|0x10]) = -1 ENOENT (No such file or "
                                      "directory)");
        EV(SYS_quotactl, -EFAULT, QC(Q_XQUOTAOFF, USRQUOTA), P1, 0, P2);
        seg_str(1, "/dev/bogus/");
        seg(3, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        assert_string_equal(decode(), "quotactl(QCMD(Q_XQUOTAOFF, USRQUOTA), \"/dev/bogus/\", "
                                      "0x7ffd2000) = -1 EFAULT (Bad address)");
}

static void test_quotactl_fd(void **state)
{
        const uint32_t fmt = QFMT_VFS_V0;

        (void)state;
        EV(SYS_quotactl_fd, -EBADF, 0xffffffff, QC(Q_GETFMT, GRPQUOTA), -2, P2);
        assert_string_equal(decode(), "quotactl_fd(-1, QCMD(Q_GETFMT, GRPQUOTA), 0x7ffd2000) = -1 "
                                      "EBADF (Bad file descriptor)");
        EV(SYS_quotactl_fd, 0, 3, QC(Q_GETFMT, USRQUOTA), -3, P2);
        seg_buf(3, &fmt, sizeof(fmt));
        assert_string_equal(decode(),
                            "quotactl_fd(3, QCMD(Q_GETFMT, USRQUOTA), [QFMT_VFS_V0]) = 0");
        EV(SYS_quotactl_fd, -EINVAL, 3, QC(Q_QUOTAON, USRQUOTA), QFMT_VFS_V1, P2);
        seg_str(3, "/aquota.user");
        assert_string_equal(decode(), "quotactl_fd(3, QCMD(Q_QUOTAON, USRQUOTA), QFMT_VFS_V1, "
                                      "\"/aquota.user\") = -1 EINVAL (Invalid argument)");
        EV(SYS_quotactl_fd, -EINVAL, 3, QC(Q_GETQUOTA, USRQUOTA), 1000, 0);
        assert_string_equal(decode(), "quotactl_fd(3, QCMD(Q_GETQUOTA, USRQUOTA), 1000, NULL) = -1 "
                                      "EINVAL (Invalid argument)");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_quotactl_cmds),     cmocka_unit_test(test_quotactl_dqblk),
            cmocka_unit_test(test_quotactl_info_fmt), cmocka_unit_test(test_quotactl_xfs),
            cmocka_unit_test(test_quotactl_fd),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
