// SPDX-License-Identifier: MIT
/*
 * quotactl and quotactl_fd as strace 6.1 prints them (its src/quota.c):
 * the command as QCMD(cmd, type), then, by the command, the id, the
 * quota format, Q_QUOTAON's quota file, or the structure at the data
 * argument: struct if_dqblk, if_nextdqblk, if_dqinfo, fs_disk_quota,
 * fs_quota_stat(v) or a flags word. A structure the command reads is
 * shown as captured before the call (the row's ENTER(QUOTA)), one it
 * writes only after a successful call (EXIT(QUOTA)), as strace's
 * umove_or_printaddr() shows them; the pointer otherwise.
 */
#include <linux/dqblk_xfs.h>
#include <linux/quota.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "uapi-consts.h"

_Static_assert(RENACER_Q_SUBCMDSHIFT == SUBCMDSHIFT, "uapi-consts.h");
_Static_assert(RENACER_Q_QUOTAON == Q_QUOTAON, "uapi-consts.h");
_Static_assert(RENACER_Q_GETFMT == Q_GETFMT, "uapi-consts.h");
_Static_assert(RENACER_Q_GETINFO == Q_GETINFO, "uapi-consts.h");
_Static_assert(RENACER_Q_SETINFO == Q_SETINFO, "uapi-consts.h");
_Static_assert(RENACER_Q_GETQUOTA == Q_GETQUOTA, "uapi-consts.h");
_Static_assert(RENACER_Q_SETQUOTA == Q_SETQUOTA, "uapi-consts.h");
_Static_assert(RENACER_Q_GETNEXTQUOTA == Q_GETNEXTQUOTA, "uapi-consts.h");
_Static_assert(RENACER_Q_XQUOTAON == Q_XQUOTAON, "uapi-consts.h");
_Static_assert(RENACER_Q_XQUOTAOFF == Q_XQUOTAOFF, "uapi-consts.h");
_Static_assert(RENACER_Q_XGETQUOTA == Q_XGETQUOTA, "uapi-consts.h");
_Static_assert(RENACER_Q_XSETQLIM == Q_XSETQLIM, "uapi-consts.h");
_Static_assert(RENACER_Q_XGETQSTAT == Q_XGETQSTAT, "uapi-consts.h");
_Static_assert(RENACER_Q_XQUOTARM == Q_XQUOTARM, "uapi-consts.h");
_Static_assert(RENACER_Q_XGETQSTATV == Q_XGETQSTATV, "uapi-consts.h");
_Static_assert(RENACER_Q_XGETNEXTQUOTA == Q_XGETNEXTQUOTA, "uapi-consts.h");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_quotacmds, xl_quotatypes, xl_quota_formats, xl_xfs_quota_flags,
    xl_xfs_dqblk_flags, xl_if_dqblk_valid, xl_if_dqinfo_flags, xl_if_dqinfo_valid;

/* struct if_dqblk as strace reads it: without the tail padding the
 * kernel's 8-aligned structure has (the BPF side copies as many bytes) */
#define DQBLK_SIZE (offsetof(struct if_dqblk, dqb_valid) + sizeof(uint32_t))

#define QCMD_CMD(q)  ((uint32_t)(q) >> SUBCMDSHIFT)
#define QCMD_TYPE(q) ((uint32_t)(q)&SUBCMDMASK)

#define U64(s, f)     db_printf(c->b, #f "=%llu", (unsigned long long)(s)->f)
#define NEXT(c)       db_puts((c)->b, ", ")
#define FIELD_D(s, f) db_printf(c->b, #f "=%d", (int)(s)->f)
#define FIELD_U(s, f) db_printf(c->b, #f "=%u", (unsigned)(s)->f)

/* print_qcmd() */
static void put_qcmd(struct dctx *c, uint32_t qcmd)
{
        db_puts(c->b, "QCMD(");
        put_xval(c->b, &xl_quotacmds, QCMD_CMD(qcmd), "Q_???");
        db_puts(c->b, ", ");
        put_xval(c->b, &xl_quotatypes, QCMD_TYPE(qcmd), "???QUOTA");
        db_putc(c->b, ')');
}

/* The structure of size bytes at data argument 3: the capture when the
 * command reads it (entry) or wrote it (at_exit, after success), or NULL
 * when strace prints the pointer. */
static const void *quota_data(struct dctx *c, size_t size, bool at_exit)
{
        const struct record_seg *s;

        if (!A(3) || (at_exit && !exited_ok(c)))
                return NULL;
        s = seg_at(c, 3, RENACER_SEG_BUF, at_exit);
        if (!s || (s->flags & RENACER_SEGF_FAULT) || s->len < size)
                return NULL;
        return s->data;
}

static void put_dqblk(struct dctx *c, bool at_exit)
{
        const void *p = quota_data(c, DQBLK_SIZE, at_exit);
        struct if_dqblk d;

        if (!p) {
                put_ptr(c, A(3));
                return;
        }
        memset(&d, 0, sizeof(d));
        memcpy(&d, p, DQBLK_SIZE);
        db_putc(c->b, '{');
        U64(&d, dqb_bhardlimit);
        NEXT(c);
        U64(&d, dqb_bsoftlimit);
        NEXT(c);
        U64(&d, dqb_curspace);
        NEXT(c);
        U64(&d, dqb_ihardlimit);
        NEXT(c);
        U64(&d, dqb_isoftlimit);
        NEXT(c);
        U64(&d, dqb_curinodes);
        NEXT(c);
        if (c->no_abbrev) {
                U64(&d, dqb_btime);
                NEXT(c);
                U64(&d, dqb_itime);
                db_puts(c->b, ", dqb_valid=");
                put_flags(c->b, &xl_if_dqblk_valid, d.dqb_valid, "QIF_???");
        } else {
                db_puts(c->b, "...");
        }
        db_putc(c->b, '}');
}

static void put_nextdqblk(struct dctx *c)
{
        const void *p = quota_data(c, sizeof(struct if_nextdqblk), true);
        struct if_nextdqblk d;

        if (!p) {
                put_ptr(c, A(3));
                return;
        }
        memcpy(&d, p, sizeof(d));
        db_putc(c->b, '{');
        U64(&d, dqb_bhardlimit);
        NEXT(c);
        U64(&d, dqb_bsoftlimit);
        NEXT(c);
        U64(&d, dqb_curspace);
        NEXT(c);
        U64(&d, dqb_ihardlimit);
        NEXT(c);
        U64(&d, dqb_isoftlimit);
        NEXT(c);
        U64(&d, dqb_curinodes);
        NEXT(c);
        if (c->no_abbrev) {
                U64(&d, dqb_btime);
                NEXT(c);
                U64(&d, dqb_itime);
                db_puts(c->b, ", dqb_valid=");
                put_flags(c->b, &xl_if_dqblk_valid, d.dqb_valid, "QIF_???");
                NEXT(c);
                FIELD_U(&d, dqb_id);
        } else {
                FIELD_U(&d, dqb_id);
                db_puts(c->b, ", ...");
        }
        db_putc(c->b, '}');
}

static void put_disk_quota(struct dctx *c, bool at_exit)
{
        const void *p = quota_data(c, sizeof(struct fs_disk_quota), at_exit);
        struct fs_disk_quota d;

        if (!p) {
                put_ptr(c, A(3));
                return;
        }
        memcpy(&d, p, sizeof(d));
        db_putc(c->b, '{');
        FIELD_D(&d, d_version);
        db_puts(c->b, ", d_flags=");
        put_flags(c->b, &xl_xfs_dqblk_flags, (uint8_t)d.d_flags, "FS_???_QUOTA");
        db_printf(c->b, ", d_fieldmask=%#x", (unsigned)d.d_fieldmask);
        NEXT(c);
        FIELD_U(&d, d_id);
        NEXT(c);
        U64(&d, d_blk_hardlimit);
        NEXT(c);
        U64(&d, d_blk_softlimit);
        NEXT(c);
        U64(&d, d_ino_hardlimit);
        NEXT(c);
        U64(&d, d_ino_softlimit);
        NEXT(c);
        U64(&d, d_bcount);
        NEXT(c);
        U64(&d, d_icount);
        NEXT(c);
        if (c->no_abbrev) {
                FIELD_D(&d, d_itimer);
                NEXT(c);
                FIELD_D(&d, d_btimer);
                NEXT(c);
                FIELD_U(&d, d_iwarns);
                NEXT(c);
                FIELD_U(&d, d_bwarns);
                NEXT(c);
                U64(&d, d_rtb_hardlimit);
                NEXT(c);
                U64(&d, d_rtb_softlimit);
                NEXT(c);
                U64(&d, d_rtbcount);
                NEXT(c);
                FIELD_D(&d, d_rtbtimer);
                NEXT(c);
                FIELD_U(&d, d_rtbwarns);
        } else {
                db_puts(c->b, "...");
        }
        db_putc(c->b, '}');
}

static void put_dqinfo(struct dctx *c, bool at_exit)
{
        const void *p = quota_data(c, sizeof(struct if_dqinfo), at_exit);
        struct if_dqinfo d;

        if (!p) {
                put_ptr(c, A(3));
                return;
        }
        memcpy(&d, p, sizeof(d));
        db_putc(c->b, '{');
        U64(&d, dqi_bgrace);
        NEXT(c);
        U64(&d, dqi_igrace);
        db_puts(c->b, ", dqi_flags=");
        put_flags(c->b, &xl_if_dqinfo_flags, d.dqi_flags, "DQF_???");
        db_puts(c->b, ", dqi_valid=");
        put_flags(c->b, &xl_if_dqinfo_valid, d.dqi_valid, "IIF_???");
        db_putc(c->b, '}');
}

/* a 32-bit word in brackets (strace's tprint_indirect_begin()): a value
 * of x, or flags of x when flags is set */
static void put_word(struct dctx *c, const struct xlat *x, const char *dflt, bool flags,
                     bool at_exit)
{
        const void *p = quota_data(c, sizeof(uint32_t), at_exit);
        uint32_t v;

        if (!p) {
                put_ptr(c, A(3));
                return;
        }
        memcpy(&v, p, sizeof(v));
        db_putc(c->b, '[');
        if (flags)
                put_flags(c->b, x, v, dflt);
        else
                put_xval(c->b, x, v, dflt);
        db_putc(c->b, ']');
}

#define QFS(name, f)                                                                               \
        db_printf(c->b, name "={qfs_ino=%llu, qfs_nblks=%llu, qfs_nextents=%u}",                   \
                  (unsigned long long)(f).qfs_ino, (unsigned long long)(f).qfs_nblks,              \
                  (unsigned)(f).qfs_nextents)

static void put_quota_stat(struct dctx *c)
{
        const void *p = quota_data(c, sizeof(struct fs_quota_stat), true);
        struct fs_quota_stat d;

        if (!p) {
                put_ptr(c, A(3));
                return;
        }
        memcpy(&d, p, sizeof(d));
        db_putc(c->b, '{');
        FIELD_D(&d, qs_version);
        NEXT(c);
        if (c->no_abbrev) {
                db_puts(c->b, "qs_flags=");
                put_flags(c->b, &xl_xfs_quota_flags, d.qs_flags, "FS_QUOTA_???");
                NEXT(c);
                QFS("qs_uquota", d.qs_uquota);
                NEXT(c);
                QFS("qs_gquota", d.qs_gquota);
                NEXT(c);
                FIELD_U(&d, qs_incoredqs);
                NEXT(c);
                FIELD_D(&d, qs_btimelimit);
                NEXT(c);
                FIELD_D(&d, qs_itimelimit);
                NEXT(c);
                FIELD_D(&d, qs_rtbtimelimit);
                NEXT(c);
                FIELD_U(&d, qs_bwarnlimit);
                NEXT(c);
                FIELD_U(&d, qs_iwarnlimit);
        } else {
                db_puts(c->b, "...");
        }
        db_putc(c->b, '}');
}

static void put_quota_statv(struct dctx *c)
{
        const void *p = quota_data(c, sizeof(struct fs_quota_statv), true);
        struct fs_quota_statv d;

        if (!p) {
                put_ptr(c, A(3));
                return;
        }
        memcpy(&d, p, sizeof(d));
        db_putc(c->b, '{');
        FIELD_D(&d, qs_version);
        NEXT(c);
        if (c->no_abbrev) {
                db_puts(c->b, "qs_flags=");
                put_flags(c->b, &xl_xfs_quota_flags, d.qs_flags, "FS_QUOTA_???");
                NEXT(c);
                FIELD_U(&d, qs_incoredqs);
                NEXT(c);
                QFS("qs_uquota", d.qs_uquota);
                NEXT(c);
                QFS("qs_gquota", d.qs_gquota);
                NEXT(c);
                QFS("qs_pquota", d.qs_pquota);
                NEXT(c);
                FIELD_D(&d, qs_btimelimit);
                NEXT(c);
                FIELD_D(&d, qs_itimelimit);
                NEXT(c);
                FIELD_D(&d, qs_rtbtimelimit);
                NEXT(c);
                FIELD_U(&d, qs_bwarnlimit);
                NEXT(c);
                FIELD_U(&d, qs_iwarnlimit);
        } else {
                db_puts(c->b, "...");
        }
        db_putc(c->b, '}');
}

/* decode_cmd_data(): the arguments after the command and the special file
 * (quotactl) or after the fd and the command (quotactl_fd); id is argument
 * 2, the data argument 3 in both */
static void put_cmd_data(struct dctx *c, uint32_t cmd)
{
        const uint32_t id = (uint32_t)A(2);

        switch (cmd) {
        case Q_QUOTAOFF:
        case Q_SYNC:
        case Q_XQUOTASYNC:
                return;
        case Q_QUOTAON:
                a_xval32(c, 2, &xl_quota_formats, "QFMT_VFS_???");
                a_path(c, 3);
                return;
        case Q_GETFMT:
        case Q_GETINFO:
        case Q_SETINFO:
        case Q_XGETQSTAT:
        case Q_XGETQSTATV:
        case Q_XQUOTAON:
        case Q_XQUOTAOFF:
        case Q_XQUOTARM:
                break;
        default:
                arg_next(c);
                put_uid(c, id);
                break;
        }
        arg_next(c);
        switch (cmd) {
        case Q_GETQUOTA:
        case Q_SETQUOTA:
                put_dqblk(c, cmd == Q_GETQUOTA);
                break;
        case Q_GETNEXTQUOTA:
                put_nextdqblk(c);
                break;
        case Q_XGETQUOTA:
        case Q_XGETNEXTQUOTA:
        case Q_XSETQLIM:
                put_disk_quota(c, cmd != Q_XSETQLIM);
                break;
        case Q_GETFMT:
                put_word(c, &xl_quota_formats, "QFMT_VFS_???", false, true);
                break;
        case Q_GETINFO:
        case Q_SETINFO:
                put_dqinfo(c, cmd == Q_GETINFO);
                break;
        case Q_XGETQSTAT:
                put_quota_stat(c);
                break;
        case Q_XGETQSTATV:
                put_quota_statv(c);
                break;
        case Q_XQUOTAON:
        case Q_XQUOTAOFF:
                put_word(c, &xl_xfs_quota_flags, "FS_QUOTA_???", true, false);
                break;
        case Q_XQUOTARM:
                put_word(c, &xl_xfs_dqblk_flags, "FS_???_QUOTA", true, false);
                break;
        default:
                put_ptr(c, A(3));
                break;
        }
}

void dec_quotactl(struct dctx *c)
{
        const uint32_t qcmd = (uint32_t)A(0);

        arg_next(c);
        put_qcmd(c, qcmd);
        a_path(c, 1);
        put_cmd_data(c, QCMD_CMD(qcmd));
}

void dec_quotactl_fd(struct dctx *c)
{
        const uint32_t qcmd = (uint32_t)A(1);

        a_int(c, 0);
        arg_next(c);
        put_qcmd(c, qcmd);
        put_cmd_data(c, QCMD_CMD(qcmd));
}
