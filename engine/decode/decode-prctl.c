// SPDX-License-Identifier: MIT
/*
 * prctl as strace 6.1 prints it (its src/prctl.c): the option by name and
 * each option's arguments by their own rules, capabilities, secure bits,
 * signals, vector lengths and tagged-address controls, and the decoration
 * strace gives some results ("= 1 (SUID_DUMP_USER)"). What prctl reads or
 * writes in user memory comes from the segments its row in
 * engine/syscall-table/syscalls.def asks for; a value the kernel writes is
 * shown only after a successful call, as strace reads it at exit.
 */
#include <linux/prctl.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "uapi-consts.h"

_Static_assert(RENACER_PR_GET_PDEATHSIG == PR_GET_PDEATHSIG, "uapi-consts.h");
_Static_assert(RENACER_PR_GET_UNALIGN == PR_GET_UNALIGN, "uapi-consts.h");
_Static_assert(RENACER_PR_GET_FPEMU == PR_GET_FPEMU, "uapi-consts.h");
_Static_assert(RENACER_PR_GET_FPEXC == PR_GET_FPEXC, "uapi-consts.h");
_Static_assert(RENACER_PR_SET_NAME == PR_SET_NAME, "uapi-consts.h");
_Static_assert(RENACER_PR_GET_NAME == PR_GET_NAME, "uapi-consts.h");
_Static_assert(RENACER_PR_GET_ENDIAN == PR_GET_ENDIAN, "uapi-consts.h");
_Static_assert(RENACER_PR_GET_TSC == PR_GET_TSC, "uapi-consts.h");
_Static_assert(RENACER_PR_GET_CHILD_SUBREAPER == PR_GET_CHILD_SUBREAPER, "uapi-consts.h");
_Static_assert(RENACER_PR_GET_TID_ADDRESS == PR_GET_TID_ADDRESS, "uapi-consts.h");
_Static_assert(RENACER_PR_SCHED_CORE == PR_SCHED_CORE, "uapi-consts.h");
_Static_assert(RENACER_PR_SET_VMA == PR_SET_VMA, "uapi-consts.h");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_prctl_options, xl_pr_cap_ambient, xl_pr_dumpable, xl_pr_fp_mode,
    xl_pr_mce_kill, xl_pr_mce_kill_policy, xl_pr_pac_enabled_keys, xl_pr_pac_reset_keys,
    xl_pr_sched_core_cmds, xl_pr_sched_core_pidtypes, xl_pr_set_mm, xl_pr_set_vma,
    xl_pr_sme_vl_flags, xl_pr_spec_cmds, xl_pr_spec_get_store_bypass_flags,
    xl_pr_spec_set_store_bypass_flags, xl_pr_sud_cmds, xl_pr_sve_vl_flags,
    xl_pr_tagged_addr_mte_tcf, xl_pr_tsc, xl_pr_unalign_flags, xl_seccomp_mode, xl_secbits, xl_caps;

/* TASK_COMM_LEN (linux/sched.h, not exported): what PR_SET_NAME takes,
 * less its NUL, and what PR_GET_NAME writes; the BPF side copies as much
 * from the kernel's own task_struct.comm */
#define K_TASK_COMM_LEN 16

/* the flag bits above the vector length of PR_SVE_SET_VL/PR_SME_SET_VL */
_Static_assert(PR_SVE_VL_LEN_MASK == PR_SME_VL_LEN_MASK, "one vector length mask");

/* print_prctl_args(): the arguments from `first` on, in hex */
static void rest_hex(struct dctx *c, unsigned first)
{
        for (unsigned i = first; i < 5; i++)
                a_hex(c, i);
}

static void a_hex64(struct dctx *c, unsigned i)
{
        arg_next(c);
        db_printf(c->b, "%#llx", (unsigned long long)A(i));
}

static void a_u64(struct dctx *c, unsigned i)
{
        arg_next(c);
        db_printf(c->b, "%llu", (unsigned long long)A(i));
}

static void a_xval64(struct dctx *c, unsigned i, const struct xlat *x, const char *dflt)
{
        arg_next(c);
        put_xval(c->b, x, A(i), dflt);
}

static void a_flags64(struct dctx *c, unsigned i, const struct xlat *x, const char *dflt)
{
        arg_next(c);
        put_flags(c->b, x, A(i), dflt);
}

/* The int the kernel wrote at argument i (umove_or_printaddr()), or NULL
 * when it is not shown: the address is printed instead. */
static const void *out_int(struct dctx *c, unsigned i, size_t size)
{
        const void *p = NULL;

        if (A(i) && exited_ok(c))
                p = seg_struct(c, i, size);
        if (!p)
                put_ptr(c, A(i));
        return p;
}

/* strace's printstr_ex(addr, len, QUOTE_0_TERMINATED) of a string read
 * as umovestr() reads it: seg holds the bytes up to and with the NUL, or
 * all len of them when none was within them. */
static void put_str0(struct dctx *c, unsigned i, const struct record_seg *s, uint32_t len)
{
        uint32_t size = c->strsize + 1 < len ? c->strsize + 1 : len;
        const uint8_t *nul;
        uint32_t n;

        if (!A(i)) {
                db_puts(c->b, "NULL");
                return;
        }
        if (!s || (s->flags & RENACER_SEGF_FAULT) || !s->len) {
                put_ptr(c, A(i));
                return;
        }
        n = s->len < size ? s->len : size;
        nul = memchr(s->data, 0, n);
        if (nul) {
                put_quoted(c->b, s->data, (size_t)(nul - s->data), false);
                return;
        }
        if (s->len < size) {
                /* neither a NUL nor as many bytes as asked for: a lying
                 * capture, shown as strace shows an unreadable string */
                put_ptr(c, A(i));
                return;
        }
        if (n > c->strsize)
                n = c->strsize;
        put_quoted(c->b, s->data, n, false);
        db_puts(c->b, "...");
}

/* sprintflags_ex(..., SPFF_AUXSTR_MODE): the known bits and the rest in
 * hex, or nothing when no bit is known */
static bool has_known_flag(const struct xlat *x, uint64_t v)
{
        for (size_t k = 0; k < x->n; k++)
                if (x->e[k].val && (v & x->e[k].val) == x->e[k].val)
                        return true;
        return v == 0 && x->n && x->e[0].val == 0;
}

static void aux_flags(struct dctx *c, const struct xlat *x)
{
        if (!has_known_flag(x, (uint64_t)c->ret))
                return;
        db_puts(c->b, " (");
        put_flags_sep(c->b, x, (uint64_t)c->ret, 0);
        db_putc(c->b, ')');
}

static void aux_xval(struct dctx *c, const struct xlat *x)
{
        const char *s = xlat_name(x, (uint64_t)c->ret);

        if (s)
                db_printf(c->b, " (%s)", s);
}

static void rval_dumpable(struct dctx *c)
{
        aux_xval(c, &xl_pr_dumpable);
}

static void rval_mce_kill_policy(struct dctx *c)
{
        aux_xval(c, &xl_pr_mce_kill_policy);
}

static void rval_secbits(struct dctx *c)
{
        aux_flags(c, &xl_secbits);
}

static void rval_fp_mode(struct dctx *c)
{
        aux_flags(c, &xl_pr_fp_mode);
}

static void rval_pac_keys(struct dctx *c)
{
        aux_flags(c, &xl_pr_pac_enabled_keys);
}

static void rval_spec(struct dctx *c)
{
        aux_flags(c, &xl_pr_spec_get_store_bypass_flags);
}

/* sprint_sve_val()/sprint_sme_val(): FLAGS|0xLEN; as a result (aux) only
 * when there are flags */
static void put_vl(struct dbuf *b, const struct xlat *x, uint64_t v)
{
        const uint64_t flags = v & ~(uint64_t)PR_SVE_VL_LEN_MASK;

        if (flags) {
                put_flags_sep(b, x, flags, 0);
                db_putc(b, '|');
        }
        db_printf(b, "%#llx", (unsigned long long)(v & PR_SVE_VL_LEN_MASK));
}

static void rval_vl(struct dctx *c, const struct xlat *x)
{
        if (!((uint64_t)c->ret & ~(uint64_t)PR_SVE_VL_LEN_MASK))
                return;
        db_puts(c->b, " (");
        put_vl(c->b, x, (uint64_t)c->ret);
        db_putc(c->b, ')');
}

static void rval_sve(struct dctx *c)
{
        rval_vl(c, &xl_pr_sve_vl_flags);
}

static void rval_sme(struct dctx *c)
{
        rval_vl(c, &xl_pr_sme_vl_flags);
}

/* sprint_tagged_addr_val() */
static void put_tagged_addr(struct dbuf *b, uint64_t v)
{
        const uint64_t tcf = v & PR_MTE_TCF_MASK;
        const uint64_t tag = v & PR_MTE_TAG_MASK;
        const uint64_t rest =
            v & ~((uint64_t)PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_MASK | PR_MTE_TAG_MASK);

        db_puts(b,
                (v & PR_TAGGED_ADDR_ENABLE) ? "PR_TAGGED_ADDR_ENABLE|" : "!PR_TAGGED_ADDR_ENABLE|");
        put_xval(b, &xl_pr_tagged_addr_mte_tcf, tcf, NULL);
        if (tag)
                db_printf(b, "|%#llx<<PR_MTE_TAG_SHIFT",
                          (unsigned long long)(tag >> PR_MTE_TAG_SHIFT));
        if (rest)
                db_printf(b, "|%#llx", (unsigned long long)rest);
}

static void rval_tagged_addr(struct dctx *c)
{
        db_puts(c->b, " (");
        put_tagged_addr(c->b, (uint64_t)c->ret);
        db_putc(c->b, ')');
}

/* A result decorated by fn, printed in hex when hex is set. */
static void rval(struct dctx *c, void (*fn)(struct dctx *c), bool hex)
{
        if (!exited_ok(c))
                return;
        if (hex)
                c->rval = RVAL_HEX;
        c->rextra = fn;
}

/* [int] the kernel wrote at argument 1: as %u, a signal, or by a table */
enum { OUT_UINT, OUT_SIGNAL, OUT_TSC, OUT_UNALIGN };

static void out_int_arg(struct dctx *c, int how)
{
        const void *p;
        uint32_t v;

        arg_next(c);
        p = out_int(c, 1, sizeof(v));
        if (!p)
                return;
        memcpy(&v, p, sizeof(v));
        db_putc(c->b, '[');
        switch (how) {
        case OUT_SIGNAL:
                put_signal(c->b, (int)v);
                break;
        case OUT_TSC:
                put_xval(c->b, &xl_pr_tsc, v, "PR_TSC_???");
                break;
        case OUT_UNALIGN:
                put_flags(c->b, &xl_pr_unalign_flags, v, "PR_UNALIGN_???");
                break;
        default:
                db_printf(c->b, "%u", v);
                break;
        }
        db_putc(c->b, ']');
}

static void dec_sched_core(struct dctx *c)
{
        const uint32_t cmd = (uint32_t)A(1), type = (uint32_t)A(3);
        const char *name = xlat_name(&xl_pr_sched_core_pidtypes, type);

        a_xval32(c, 1, &xl_pr_sched_core_cmds, "PR_SCHED_CORE_???");
        a_int(c, 2);
        arg_next(c);
        /* printxval_ex(..., XLAT_STYLE_VERBOSE): the number and its name */
        db_printf(c->b, "%#x /* %s */", type, name ? name : "PIDTYPE_???");
        arg_next(c);
        if (cmd == PR_SCHED_CORE_GET) {
                const void *p = out_int(c, 4, sizeof(uint64_t));
                uint64_t cookie;

                if (p) {
                        memcpy(&cookie, p, sizeof(cookie));
                        db_printf(c->b, "[%#llx]", (unsigned long long)cookie);
                }
        } else {
                put_ptr(c, A(4));
        }
}

void dec_prctl(struct dctx *c)
{
        const uint32_t option = (uint32_t)A(0);
        const void *p;

        a_xval32(c, 0, &xl_prctl_options, "PR_???");
        switch (option) {
        case PR_GET_KEEPCAPS:
        case PR_GET_SECCOMP:
        case PR_GET_TIMERSLACK:
        case PR_GET_TIMING:
        case PR_TASK_PERF_EVENTS_DISABLE:
        case PR_TASK_PERF_EVENTS_ENABLE:
                break;
        case PR_GET_CHILD_SUBREAPER:
        case PR_GET_ENDIAN:
        case PR_GET_FPEMU:
        case PR_GET_FPEXC:
                out_int_arg(c, OUT_UINT);
                break;
        case PR_GET_PDEATHSIG:
                out_int_arg(c, OUT_SIGNAL);
                break;
        case PR_GET_TSC:
                out_int_arg(c, OUT_TSC);
                break;
        case PR_GET_UNALIGN:
                out_int_arg(c, OUT_UNALIGN);
                break;
        case PR_GET_DUMPABLE:
                rval(c, rval_dumpable, false);
                break;
        case PR_GET_NAME:
                arg_next(c);
                if (exited_ok(c))
                        put_str0(c, 1, seg_data_at(c, 1, true), K_TASK_COMM_LEN);
                else
                        put_ptr(c, A(1));
                break;
        case PR_GET_SECUREBITS:
                if (c->ret)
                        rval(c, rval_secbits, true);
                break;
        case PR_GET_TID_ADDRESS:
                arg_next(c);
                p = out_int(c, 1, sizeof(uint64_t));
                if (p) {
                        uint64_t v;

                        memcpy(&v, p, sizeof(v));
                        db_putc(c->b, '[');
                        put_ptr(c, v);
                        db_putc(c->b, ']');
                }
                break;
        case PR_GET_FP_MODE:
                if (c->ret)
                        rval(c, rval_fp_mode, true);
                break;
        case PR_SVE_SET_VL:
                arg_next(c);
                put_vl(c->b, &xl_pr_sve_vl_flags, A(1));
                /* fall through */
        case PR_SVE_GET_VL:
                if (c->ret)
                        rval(c, rval_sve, true);
                break;
        case PR_SME_SET_VL:
                arg_next(c);
                put_vl(c->b, &xl_pr_sme_vl_flags, A(1));
                /* fall through */
        case PR_SME_GET_VL:
                if (c->ret)
                        rval(c, rval_sme, true);
                break;
        case PR_GET_SPECULATION_CTRL:
                a_xval64(c, 1, &xl_pr_spec_cmds, "PR_SPEC_???");
                if (A(1) == PR_SPEC_STORE_BYPASS || A(1) == PR_SPEC_INDIRECT_BRANCH ||
                    A(1) == PR_SPEC_L1D_FLUSH)
                        rval(c, rval_spec, true);
                break;
        case PR_SET_TAGGED_ADDR_CTRL:
                arg_next(c);
                put_tagged_addr(c->b, A(1));
                rest_hex(c, 2);
                break;
        case PR_GET_TAGGED_ADDR_CTRL:
                rest_hex(c, 1);
                rval(c, rval_tagged_addr, true);
                break;
        case PR_SET_CHILD_SUBREAPER:
        case PR_SET_ENDIAN:
        case PR_SET_FPEMU:
        case PR_SET_FPEXC:
        case PR_SET_KEEPCAPS:
        case PR_SET_TIMING:
                a_u64(c, 1);
                break;
        case PR_SET_DUMPABLE:
                a_xval64(c, 1, &xl_pr_dumpable, "SUID_DUMP_???");
                break;
        case PR_CAPBSET_DROP:
        case PR_CAPBSET_READ:
                a_xval64(c, 1, &xl_caps, "CAP_???");
                break;
        case PR_CAP_AMBIENT:
                a_xval64(c, 1, &xl_pr_cap_ambient, "PR_CAP_AMBIENT_???");
                switch (A(1)) {
                case PR_CAP_AMBIENT_RAISE:
                case PR_CAP_AMBIENT_LOWER:
                case PR_CAP_AMBIENT_IS_SET:
                        a_xval64(c, 2, &xl_caps, "CAP_???");
                        rest_hex(c, 3);
                        break;
                default:
                        rest_hex(c, 2);
                        break;
                }
                break;
        case PR_MCE_KILL:
                a_xval64(c, 1, &xl_pr_mce_kill, "PR_MCE_KILL_???");
                if (A(1) == PR_MCE_KILL_SET)
                        a_xval64(c, 2, &xl_pr_mce_kill_policy, "PR_MCE_KILL_???");
                else
                        a_hex(c, 2);
                rest_hex(c, 3);
                break;
        case PR_MCE_KILL_GET:
                rest_hex(c, 1);
                rval(c, rval_mce_kill_policy, false);
                break;
        case PR_SET_NAME:
                arg_next(c);
                put_str0(c, 1, seg_data_at(c, 1, false), K_TASK_COMM_LEN - 1);
                break;
        case PR_SET_VMA:
                a_xval64(c, 1, &xl_pr_set_vma, "PR_SET_VMA_???");
                if (A(1) == PR_SET_VMA_ANON_NAME) {
                        a_ptr(c, 2);
                        a_u64(c, 3);
                        arg_next(c);
                        put_string(c, 4);
                } else {
                        rest_hex(c, 2);
                }
                break;
        case PR_SET_MM:
                a_xval32(c, 1, &xl_pr_set_mm, "PR_SET_MM_???");
                rest_hex(c, 2);
                break;
        case PR_SET_PDEATHSIG:
                arg_next(c);
                if (A(1) > 128)
                        db_printf(c->b, "%llu", (unsigned long long)A(1));
                else
                        put_signal(c->b, (int)A(1));
                break;
        case PR_SET_PTRACER:
                arg_next(c);
                if ((int32_t)A(1) == -1)
                        db_puts(c->b, "PR_SET_PTRACER_ANY");
                else
                        put_int(c, A(1));
                break;
        case PR_SET_SECCOMP:
                a_xval64(c, 1, &xl_seccomp_mode, "SECCOMP_MODE_???");
                if (A(1) == 1 /* SECCOMP_MODE_STRICT */)
                        break;
                if (A(1) == 2 /* SECCOMP_MODE_FILTER: the program is not copied */) {
                        a_ptr(c, 2);
                        break;
                }
                rest_hex(c, 2);
                break;
        case PR_SET_SECUREBITS:
                a_flags64(c, 1, &xl_secbits, "SECBIT_???");
                break;
        case PR_SET_TIMERSLACK:
                a_long(c, 1);
                break;
        case PR_SET_TSC:
                a_xval32(c, 1, &xl_pr_tsc, "PR_TSC_???");
                break;
        case PR_SET_UNALIGN:
                a_flags32(c, 1, &xl_pr_unalign_flags, "PR_UNALIGN_???");
                break;
        case PR_SET_NO_NEW_PRIVS:
        case PR_SET_THP_DISABLE:
        case PR_SET_IO_FLUSHER:
                a_u64(c, 1);
                rest_hex(c, 2);
                break;
        case PR_SET_FP_MODE:
                a_flags32(c, 1, &xl_pr_fp_mode, "PR_FP_MODE_???");
                break;
        case PR_SET_SPECULATION_CTRL:
                a_xval64(c, 1, &xl_pr_spec_cmds, "PR_SPEC_???");
                if (A(1) == PR_SPEC_STORE_BYPASS || A(1) == PR_SPEC_INDIRECT_BRANCH ||
                    A(1) == PR_SPEC_L1D_FLUSH)
                        a_xval64(c, 2, &xl_pr_spec_set_store_bypass_flags, "PR_SPEC_???");
                else
                        a_hex64(c, 2);
                break;
        case PR_PAC_RESET_KEYS:
                a_flags64(c, 1, &xl_pr_pac_reset_keys, "PR_PAC_???");
                rest_hex(c, 2);
                break;
        case PR_PAC_SET_ENABLED_KEYS:
                a_flags64(c, 1, &xl_pr_pac_enabled_keys, "PR_PAC_???");
                a_flags64(c, 2, &xl_pr_pac_enabled_keys, "PR_PAC_???");
                rest_hex(c, 3);
                break;
        case PR_PAC_GET_ENABLED_KEYS:
                rest_hex(c, 1);
                rval(c, rval_pac_keys, true);
                break;
        case PR_SET_SYSCALL_USER_DISPATCH:
                a_xval64(c, 1, &xl_pr_sud_cmds, "PR_SYS_DISPATCH_???");
                a_hex(c, 2);
                a_hex(c, 3);
                a_ptr(c, 4);
                break;
        case PR_SCHED_CORE:
                dec_sched_core(c);
                break;
        default:
                rest_hex(c, 1);
                break;
        }
}
