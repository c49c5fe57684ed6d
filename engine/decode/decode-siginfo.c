// SPDX-License-Identifier: MIT
/* strace's printsiginfo(): which fields a siginfo has depends on its code
 * (sent by a process, a timer, a queue) or, for the kernel's own codes, on
 * the signal. */
#include "siginfo.h"

#include <errno.h>
#include <linux/audit.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "decode-internal.h"
#include "renacer-event.h"
#include "syscall-names.h"

/* generated from xlat/audit_arch.in by gen-xlat.py */
extern const struct xlat xl_audit_arch;

/* Offsets in the x86_64 siginfo (struct kernel_siginfo): three ints, then
 * the union at 16. */
#define SI_SIGNO 0
#define SI_ERRNO 4
#define SI_CODE  8
#define SI_U     16
/* after si_addr (8 bytes at SI_U): si_addr_lsb, or, padded to a pointer,
 * si_lower and si_upper (SEGV_BNDERR) or si_pkey (SEGV_PKUERR) */
#define SI_LSB 24
#define SI_BND 32

struct out {
        char *buf;
        size_t size, len;
        bool cut;
};

__attribute__((format(printf, 2, 3))) static void out_printf(struct out *o, const char *fmt, ...)
{
        va_list ap;
        int n;

        if (o->cut)
                return;
        va_start(ap, fmt);
        n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
        va_end(ap);
        if (n < 0 || (size_t)n >= o->size - o->len) {
                o->cut = true;
                o->len = o->size - 1;
                return;
        }
        o->len += (size_t)n;
}

static int32_t i32(const uint8_t *si, size_t off)
{
        int32_t v;
        memcpy(&v, si + off, sizeof(v));
        return v;
}

static uint32_t u32(const uint8_t *si, size_t off)
{
        uint32_t v;
        memcpy(&v, si + off, sizeof(v));
        return v;
}

static uint64_t u64(const uint8_t *si, size_t off)
{
        uint64_t v;
        memcpy(&v, si + off, sizeof(v));
        return v;
}

const char *siginfo_signame(int sig, char *buf, size_t size)
{
        char tmp[16];
        const char *a = signal_abbrev(sig, tmp, sizeof(tmp));

        if (a)
                snprintf(buf, size, "SIG%s", a);
        else
                snprintf(buf, size, "%d", sig);
        return buf;
}

struct code_name {
        int code;
        const char *name;
};

/* siginfo_codes: strace looks a code up here first, whatever the signal */
static const struct code_name user_codes[] = {
    {SI_USER, "SI_USER"},       {SI_KERNEL, "SI_KERNEL"}, {SI_QUEUE, "SI_QUEUE"},
    {SI_TIMER, "SI_TIMER"},     {SI_MESGQ, "SI_MESGQ"},   {SI_ASYNCIO, "SI_ASYNCIO"},
    {SI_SIGIO, "SI_SIGIO"},     {SI_TKILL, "SI_TKILL"},   {-7 /* SI_DETHREAD */, "SI_DETHREAD"},
    {SI_ASYNCNL, "SI_ASYNCNL"},
};
static const struct code_name chld_codes[] = {
    {CLD_EXITED, "CLD_EXITED"},   {CLD_KILLED, "CLD_KILLED"},   {CLD_DUMPED, "CLD_DUMPED"},
    {CLD_TRAPPED, "CLD_TRAPPED"}, {CLD_STOPPED, "CLD_STOPPED"}, {CLD_CONTINUED, "CLD_CONTINUED"},
};
static const struct code_name segv_codes[] = {
    {SEGV_MAPERR, "SEGV_MAPERR"}, {SEGV_ACCERR, "SEGV_ACCERR"}, {3, "SEGV_BNDERR"},
    {4, "SEGV_PKUERR"},           {5, "SEGV_ACCADI"},           {6, "SEGV_ADIDERR"},
    {7, "SEGV_ADIPERR"},          {8, "SEGV_MTEAERR"},          {9, "SEGV_MTESERR"},
};
static const struct code_name bus_codes[] = {
    {BUS_ADRALN, "BUS_ADRALN"}, {BUS_ADRERR, "BUS_ADRERR"}, {BUS_OBJERR, "BUS_OBJERR"},
    {4, "BUS_MCEERR_AR"},       {5, "BUS_MCEERR_AO"},
};
static const struct code_name ill_codes[] = {
    {ILL_ILLOPC, "ILL_ILLOPC"}, {ILL_ILLOPN, "ILL_ILLOPN"}, {ILL_ILLADR, "ILL_ILLADR"},
    {ILL_ILLTRP, "ILL_ILLTRP"}, {ILL_PRVOPC, "ILL_PRVOPC"}, {ILL_PRVREG, "ILL_PRVREG"},
    {ILL_COPROC, "ILL_COPROC"}, {ILL_BADSTK, "ILL_BADSTK"},
};
static const struct code_name fpe_codes[] = {
    {FPE_INTDIV, "FPE_INTDIV"},     {FPE_INTOVF, "FPE_INTOVF"}, {FPE_FLTDIV, "FPE_FLTDIV"},
    {FPE_FLTOVF, "FPE_FLTOVF"},     {FPE_FLTUND, "FPE_FLTUND"}, {FPE_FLTRES, "FPE_FLTRES"},
    {FPE_FLTINV, "FPE_FLTINV"},     {FPE_FLTSUB, "FPE_FLTSUB"}, {FPE_FLTUNK, "FPE_FLTUNK"},
    {FPE_CONDTRAP, "FPE_CONDTRAP"},
};
static const struct code_name trap_codes[] = {
    {TRAP_BRKPT, "TRAP_BRKPT"},
    {TRAP_TRACE, "TRAP_TRACE"},
    {3, "TRAP_BRANCH"},
    {4, "TRAP_HWBKPT"},
    {5, "TRAP_UNK"},
    {6, "TRAP_PERF"},
};
static const struct code_name poll_codes[] = {
    {POLL_IN, "POLL_IN"},   {POLL_OUT, "POLL_OUT"}, {POLL_MSG, "POLL_MSG"},
    {POLL_ERR, "POLL_ERR"}, {POLL_PRI, "POLL_PRI"}, {POLL_HUP, "POLL_HUP"},
};
static const struct code_name sys_codes[] = {{1, "SYS_SECCOMP"}, {2, "SYS_USER_DISPATCH"}};
static const struct code_name prof_codes[] = {{1, "PROF_SIG"}};

static const char *code_in(const struct code_name *t, size_t n, int code)
{
        for (size_t i = 0; i < n; i++)
                if (t[i].code == code)
                        return t[i].name;
        return NULL;
}

#define CODE_IN(t, c) code_in(t, sizeof(t) / sizeof(t[0]), c)

/* Sent by a process (kill, sigqueue, tgkill) or a timer, not raised by the
 * kernel for a fault or a child: strace's siginfo_from_user(). */
static bool from_user(int code)
{
        return code <= 0;
}

/* print_si_code(): the generic codes, then the signal's own */
static const char *code_name(int sig, int code)
{
        const char *n = CODE_IN(user_codes, code);

        if (n)
                return n;
        switch (sig) {
        case SIGCHLD:
                return CODE_IN(chld_codes, code);
        case SIGSEGV:
                return CODE_IN(segv_codes, code);
        case SIGBUS:
                return CODE_IN(bus_codes, code);
        case SIGILL:
                return CODE_IN(ill_codes, code);
        case SIGFPE:
                return CODE_IN(fpe_codes, code);
        case SIGTRAP:
                return CODE_IN(trap_codes, code);
        case SIGPOLL:
                return CODE_IN(poll_codes, code);
        case SIGSYS:
                return CODE_IN(sys_codes, code);
        case SIGPROF:
                return CODE_IN(prof_codes, code);
        }
        return NULL;
}

/* strace's si_pid (a pid, signed) and si_uid (-1 or unsigned) */
static void si_put_pid_uid(struct out *o, const uint8_t *si)
{
        uint32_t uid = u32(si, SI_U + 4);

        out_printf(o, ", si_pid=%d, si_uid=", i32(si, SI_U));
        if (uid == UINT32_MAX)
                out_printf(o, "-1");
        else
                out_printf(o, "%u", uid);
}

static void si_put_ptr(struct out *o, uint64_t p)
{
        if (p)
                out_printf(o, "%#llx", (unsigned long long)p);
        else
                out_printf(o, "NULL");
}

static void si_put_sigval(struct out *o, const uint8_t *si)
{
        out_printf(o, ", si_int=%d, si_ptr=", i32(si, SI_U + 8));
        si_put_ptr(o, u64(si, SI_U + 8));
}

/* SIGSYS's si_syscall by name when it is an x86_64 call (strace's
 * PRINT_FIELD_SYSCALL_NAME), si_arch by audit_arch */
static void si_put_sigsys(struct out *o, const uint8_t *si)
{
        const uint32_t nr = u32(si, SI_U + 8), arch = u32(si, SI_U + 12);
        const char *name = xlat_name(&xl_audit_arch, arch);

        out_printf(o, ", si_call_addr=");
        si_put_ptr(o, u64(si, SI_U));
        if (arch == AUDIT_ARCH_X86_64 && nr < RENACER_SYSCALL_MAX &&
            strncmp(syscall_name((int)nr), "syscall_", 8))
                out_printf(o, ", si_syscall=__NR_%s", syscall_name((int)nr));
        else
                out_printf(o, ", si_syscall=%u", nr);
        if (name)
                out_printf(o, ", si_arch=%s", name);
        else
                out_printf(o, ", si_arch=%#x /* AUDIT_ARCH_??? */", arch);
}

/* The fields print_si_info() shows for a code the kernel raised (> 0) */
static void si_put_kernel_fields(struct out *o, const uint8_t *si, int sig, int code)
{
        char name[32];

        switch (sig) {
        case SIGCHLD: {
                int st = i32(si, SI_U + 8);

                si_put_pid_uid(o, si);
                out_printf(o, ", si_status=");
                if (code == CLD_EXITED)
                        out_printf(o, "%d", st);
                else
                        out_printf(o, "%s", siginfo_signame(st, name, sizeof(name)));
                out_printf(o, ", si_utime=%lld, si_stime=%lld", (long long)u64(si, SI_U + 16),
                           (long long)u64(si, SI_U + 24));
                break;
        }
        case SIGILL:
        case SIGFPE:
                out_printf(o, ", si_addr=");
                si_put_ptr(o, u64(si, SI_U));
                break;
        case SIGBUS:
                out_printf(o, ", si_addr=");
                si_put_ptr(o, u64(si, SI_U));
                if (code == BUS_MCEERR_AR || code == BUS_MCEERR_AO)
                        out_printf(o, ", si_addr_lsb=%#x", (unsigned)(uint16_t)i32(si, SI_LSB));
                break;
        case SIGSEGV:
                out_printf(o, ", si_addr=");
                si_put_ptr(o, u64(si, SI_U));
                if (code == SEGV_BNDERR) {
                        out_printf(o, ", si_lower=");
                        si_put_ptr(o, u64(si, SI_BND));
                        out_printf(o, ", si_upper=");
                        si_put_ptr(o, u64(si, SI_BND + 8));
                } else if (code == SEGV_PKUERR) {
                        out_printf(o, ", si_pkey=%u", u32(si, SI_BND));
                }
                break;
        case SIGTRAP:
                out_printf(o, ", si_addr=");
                si_put_ptr(o, u64(si, SI_U));
                break;
        case SIGPOLL:
                if (code >= POLL_IN && code <= POLL_HUP)
                        out_printf(o, ", si_band=%lld, si_fd=%d", (long long)u64(si, SI_U),
                                   i32(si, SI_U + 8));
                break;
        case SIGSYS:
                si_put_sigsys(o, si);
                break;
        default:
                if (i32(si, SI_U) || u32(si, SI_U + 4))
                        si_put_pid_uid(o, si);
                if (u64(si, SI_U + 8))
                        si_put_sigval(o, si);
                break;
        }
}

int siginfo_format(const uint8_t *in, size_t len, char *buf, size_t size)
{
        uint8_t si[48] = {0};
        struct out o = {.buf = buf, .size = size};
        char name[32];

        if (!size)
                return -ENOSPC;
        buf[0] = '\0';
        memcpy(si, in, len < sizeof(si) ? len : sizeof(si));
        int sig = i32(si, SI_SIGNO), err = i32(si, SI_ERRNO), code = i32(si, SI_CODE);
        out_printf(&o, "{si_signo=%s, si_code=", siginfo_signame(sig, name, sizeof(name)));
        const char *cn = code_name(sig, code);
        if (cn)
                out_printf(&o, "%s", cn);
        else
                out_printf(&o, "%#x", (unsigned)code);
        if (err) {
                /* strace's PRINT_FIELD_ERR_U: the name of a positive errno,
                 * otherwise the value as unsigned */
                const char *en = err > 0 ? errno_name(err) : NULL;
                if (en)
                        out_printf(&o, ", si_errno=%s", en);
                else
                        out_printf(&o, ", si_errno=%u", (uint32_t)err);
        }
        if (from_user(code)) {
                switch (code) {
                case SI_TIMER:
                        out_printf(&o, ", si_timerid=%#x, si_overrun=%d", u32(si, SI_U),
                                   i32(si, SI_U + 4));
                        si_put_sigval(&o, si);
                        break;
                case SI_USER:
                case SI_TKILL:
                        si_put_pid_uid(&o, si);
                        break;
                case SI_SIGIO:
                        out_printf(&o, ", si_band=%lld, si_fd=%d", (long long)u64(si, SI_U),
                                   i32(si, SI_U + 8));
                        break;
                default:
                        /* sigqueue and the like: a value, when there is one */
                        si_put_pid_uid(&o, si);
                        if (u64(si, SI_U + 8))
                                si_put_sigval(&o, si);
                        break;
                }
        } else {
                si_put_kernel_fields(&o, si, sig, code);
        }
        out_printf(&o, "}");
        return o.cut ? -ENOSPC : (int)o.len;
}
