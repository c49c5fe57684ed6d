// SPDX-License-Identifier: MIT
/*
 * ptrace as strace 6.1 prints it on x86_64 (its src/ptrace.c): the request
 * by name and, per request, the pid, the struct user offset of
 * PEEKUSER/POKEUSER, signals to deliver, PTRACE_O_* options, the siginfo
 * SETSIGINFO hands over and GETSIGINFO returns, the sigmask, PEEKSIGINFO's
 * arguments, seccomp metadata, the regset iovec, and the words the PEEK
 * requests and GETEVENTMSG write. What the kernel writes is shown only
 * after a successful call. Not decoded (their address is printed): the
 * register sets themselves (PTRACE_GETREGS, NT_PRSTATUS/NT_FPREGSET data),
 * PEEKSIGINFO's siginfo array, SECCOMP_GET_FILTER's program and
 * GET_SYSCALL_INFO's structure.
 */
#include <linux/ptrace.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/user.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "decode-proc.h"
#include "uapi-consts.h"

_Static_assert(RENACER_PTRACE_PEEKTEXT == PTRACE_PEEKTEXT, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_PEEKDATA == PTRACE_PEEKDATA, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_PEEKUSER == PTRACE_PEEKUSR, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_GETEVENTMSG == PTRACE_GETEVENTMSG, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_GETSIGINFO == PTRACE_GETSIGINFO, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_SETSIGINFO == PTRACE_SETSIGINFO, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_GETREGSET == PTRACE_GETREGSET, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_SETREGSET == PTRACE_SETREGSET, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_PEEKSIGINFO == PTRACE_PEEKSIGINFO, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_GETSIGMASK == PTRACE_GETSIGMASK, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_SETSIGMASK == PTRACE_SETSIGMASK, "uapi-consts.h");
_Static_assert(RENACER_PTRACE_SECCOMP_GET_METADATA == PTRACE_SECCOMP_GET_METADATA, "uapi-consts.h");
/* the kernel's names for strace's PTRACE_PEEKUSER and PTRACE_POKEUSER */
_Static_assert(PTRACE_PEEKUSR == 3 && PTRACE_POKEUSR == 6, "xlat/ptrace_cmds.in");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_ptrace_cmds, xl_ptrace_setoptions_flags, xl_ptrace_peeksiginfo_flags,
    xl_nt_descriptor_types, xl_seccomp_filter_flags;

#define K_SIGINFO_SIZE 128 /* sizeof(siginfo_t) */
#define K_SIGSET_SIZE  8   /* the kernel's sigset_t on x86_64 */

struct k_peeksiginfo_args {
        uint64_t off;
        uint32_t flags;
        int32_t nr;
};
_Static_assert(sizeof(struct k_peeksiginfo_args) == sizeof(struct ptrace_peeksiginfo_args),
               "struct ptrace_peeksiginfo_args");

struct k_seccomp_metadata {
        uint64_t filter_off;
        uint64_t flags;
};
_Static_assert(offsetof(struct user, regs.ss) == 20 * 8, "struct user_regs_struct");

_Static_assert(sizeof(struct k_seccomp_metadata) == sizeof(struct seccomp_metadata),
               "struct seccomp_metadata");

struct k_iovec {
        uint64_t base;
        uint64_t len;
};

/* strace's struct_user_offsets for x86_64 (linux/x86_64/userent.h):
 * sorted by offset, the registers first, named by sys/reg.h's indices
 * (8*R15...) as strace names them */
#define UREG(r, name)                                                                              \
        {                                                                                          \
                offsetof(struct user, regs.r), name                                                \
        }
#define UOFF(m)                                                                                    \
        {                                                                                          \
                offsetof(struct user, m), "offsetof(struct user, " #m ")"                          \
        }
static const struct xlat_ent user_offsets[] = {
    UREG(r15, "8*R15"),
    UREG(r14, "8*R14"),
    UREG(r13, "8*R13"),
    UREG(r12, "8*R12"),
    UREG(rbp, "8*RBP"),
    UREG(rbx, "8*RBX"),
    UREG(r11, "8*R11"),
    UREG(r10, "8*R10"),
    UREG(r9, "8*R9"),
    UREG(r8, "8*R8"),
    UREG(rax, "8*RAX"),
    UREG(rcx, "8*RCX"),
    UREG(rdx, "8*RDX"),
    UREG(rsi, "8*RSI"),
    UREG(rdi, "8*RDI"),
    UREG(orig_rax, "8*ORIG_RAX"),
    UREG(rip, "8*RIP"),
    UREG(cs, "8*CS"),
    UREG(eflags, "8*EFL"),
    UREG(rsp, "8*RSP"),
    UREG(ss, "8*SS"),
    UOFF(u_fpvalid),
    UOFF(i387),
    UOFF(u_tsize),
    UOFF(u_dsize),
    UOFF(u_ssize),
    UOFF(start_code),
    UOFF(start_stack),
    UOFF(signal),
    UOFF(reserved),
    UOFF(u_ar0),
    UOFF(u_fpstate),
    UOFF(magic),
    UOFF(u_comm),
    UOFF(u_debugreg),
    {sizeof(struct user), "sizeof(struct user)"},
};
#define N_USER_OFFSETS (sizeof(user_offsets) / sizeof(user_offsets[0]))

/* print_user_offset_addr(): the field at or below addr, +N past it; the
 * address beyond struct user */
static void put_user_offset(struct dctx *c, uint64_t addr)
{
        const struct xlat_ent *best = NULL;

        for (size_t i = 0; i < N_USER_OFFSETS; i++) {
                if (user_offsets[i].val > addr)
                        break;
                best = &user_offsets[i];
        }
        if (!best || (addr > best->val && best == &user_offsets[N_USER_OFFSETS - 1])) {
                put_ptr(c, addr);
                return;
        }
        db_puts(c->b, best->name);
        if (addr != best->val)
                db_printf(c->b, "+%llu", (unsigned long long)(addr - best->val));
}

/* a word the kernel wrote at argument i: [0x...] (printnum_ptr) or [N]
 * (printnum_ulong), or the address */
static void out_word(struct dctx *c, unsigned i, bool as_ptr)
{
        const void *p = A(i) && exited_ok(c) ? seg_struct(c, i, sizeof(uint64_t)) : NULL;
        uint64_t v;

        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        memcpy(&v, p, sizeof(v));
        db_putc(c->b, '[');
        if (as_ptr)
                put_ptr(c, v);
        else
                db_printf(c->b, "%llu", (unsigned long long)v);
        db_putc(c->b, ']');
}

/* decode_peeksiginfo_args() */
static void put_peeksiginfo_args(struct dctx *c)
{
        const struct record_seg *s = seg_at(c, 2, RENACER_SEG_BUF, false);
        struct k_peeksiginfo_args a;

        if (!A(2) || !s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(a)) {
                put_ptr(c, A(2));
                return;
        }
        memcpy(&a, s->data, sizeof(a));
        db_printf(c->b, "{off=%llu, flags=", (unsigned long long)a.off);
        put_flags(c->b, &xl_ptrace_peeksiginfo_flags, a.flags, "PTRACE_PEEKSIGINFO_???");
        db_printf(c->b, ", nr=%u}", (uint32_t)a.nr);
}

/* decode_seccomp_metadata(): filter_off as it was at entry, the flags the
 * kernel wrote (it returns the size it wrote) */
static void put_seccomp_metadata(struct dctx *c)
{
        const struct record_seg *in = seg_at(c, 3, RENACER_SEG_BUF, false);
        const struct record_seg *out = seg_at(c, 3, RENACER_SEG_BUF, true);
        uint64_t off;

        if (A(2) < sizeof(off) || !A(3) || !in || (in->flags & RENACER_SEGF_FAULT) ||
            in->len < sizeof(off)) {
                put_ptr(c, A(3));
                return;
        }
        memcpy(&off, in->data, sizeof(off));
        db_printf(c->b, "{filter_off=%llu", (unsigned long long)off);
        if (exited_ok(c) && (uint64_t)c->ret > sizeof(off)) {
                struct k_seccomp_metadata md;

                db_puts(c->b, ", ");
                if ((uint64_t)c->ret < sizeof(md) || !out || (out->flags & RENACER_SEGF_FAULT) ||
                    out->len < sizeof(md)) {
                        db_puts(c->b, "???");
                } else {
                        memcpy(&md, out->data, sizeof(md));
                        db_puts(c->b, "flags=");
                        put_flags(c->b, &xl_seccomp_filter_flags, md.flags,
                                  "SECCOMP_FILTER_FLAG_???");
                        if ((uint64_t)c->ret > sizeof(md))
                                db_puts(c->b, ", ...");
                }
        }
        db_putc(c->b, '}');
}

static const struct k_iovec *iovec_seg(const struct dctx *c, bool at_exit, struct k_iovec *iov)
{
        const struct record_seg *s = seg_at(c, 3, RENACER_SEG_BUF, at_exit);

        if (!A(3) || !s || (s->flags & RENACER_SEGF_FAULT) || s->len < sizeof(*iov))
                return NULL;
        memcpy(iov, s->data, sizeof(*iov));
        return iov;
}

/* decode_getregset()/decode_setregset(): the iovec, its length as it was
 * before the call and as the kernel left it (strace reads it at both
 * ends, whatever the result) */
static void put_regset(struct dctx *c, bool set)
{
        struct k_iovec before, after;
        const bool have_before = iovec_seg(c, false, &before) != NULL;
        const bool have_after = iovec_seg(c, true, &after) != NULL;
        const struct k_iovec *shown = set ? &before : &after;

        if (!have_before || (!set && !have_after)) {
                put_ptr(c, A(3));
                return;
        }
        db_puts(c->b, "{iov_base=");
        put_ptr(c, shown->base);
        db_printf(c->b, ", iov_len=%llu", (unsigned long long)before.len);
        if (have_after && after.len != before.len)
                db_printf(c->b, " => %llu", (unsigned long long)after.len);
        db_putc(c->b, '}');
}

void dec_ptrace(struct dctx *c)
{
        const uint64_t request = A(0);

        arg_next(c);
        put_xval(c->b, &xl_ptrace_cmds, request, "PTRACE_???");
        if (request == PTRACE_TRACEME)
                return;
        a_int(c, 1);
        switch (request) {
        case PTRACE_ATTACH:
        case PTRACE_INTERRUPT:
        case PTRACE_KILL:
        case PTRACE_LISTEN:
                return;
        }

        arg_next(c);
        switch (request) {
        case PTRACE_PEEKUSR:
        case PTRACE_POKEUSR:
                put_user_offset(c, A(2));
                break;
        case PTRACE_GETREGSET:
        case PTRACE_SETREGSET:
                put_xval(c->b, &xl_nt_descriptor_types, (uint32_t)A(2), "NT_???");
                break;
        case PTRACE_GETSIGMASK:
        case PTRACE_SETSIGMASK:
        case PTRACE_SECCOMP_GET_FILTER:
        case PTRACE_SECCOMP_GET_METADATA:
        case PTRACE_GET_SYSCALL_INFO:
                db_printf(c->b, "%llu", (unsigned long long)A(2));
                break;
        case PTRACE_PEEKSIGINFO:
                put_peeksiginfo_args(c);
                break;
        default:
                put_ptr(c, A(2));
                break;
        }

        arg_next(c);
        switch (request) {
        case PTRACE_CONT:
        case PTRACE_DETACH:
        case PTRACE_SYSCALL:
        case PTRACE_SINGLESTEP:
        case PTRACE_SINGLEBLOCK:
        case PTRACE_SYSEMU:
        case PTRACE_SYSEMU_SINGLESTEP:
                put_signal(c->b, (int)A(3));
                break;
        case PTRACE_SEIZE:
        case PTRACE_SETOPTIONS:
        case PTRACE_OLDSETOPTIONS:
                put_flags(c->b, &xl_ptrace_setoptions_flags, A(3), "PTRACE_O_???");
                break;
        case PTRACE_SETSIGINFO:
                put_siginfo_arg(c, 3, false);
                break;
        case PTRACE_GETSIGINFO:
                put_siginfo_arg(c, 3, true);
                break;
        case PTRACE_SETSIGMASK:
                put_sigset(c, 3, A(2));
                break;
        case PTRACE_GETSIGMASK:
                if (exited_ok(c))
                        put_sigset(c, 3, A(2));
                else
                        put_ptr(c, A(3));
                break;
        case PTRACE_GETREGSET:
                put_regset(c, false);
                break;
        case PTRACE_SETREGSET:
                put_regset(c, true);
                break;
        case PTRACE_SECCOMP_GET_METADATA:
                put_seccomp_metadata(c);
                break;
        case PTRACE_PEEKTEXT:
        case PTRACE_PEEKDATA:
        case PTRACE_PEEKUSR:
                out_word(c, 3, true);
                break;
        case PTRACE_GETEVENTMSG:
                out_word(c, 3, false);
                break;
        default:
                put_ptr(c, A(3));
                break;
        }
}
