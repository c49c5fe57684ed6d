// SPDX-License-Identifier: MIT
/*
 * Output primitives of the decoder: the bounded buffer, strace's rules for
 * flags, values, numbers, quoted strings and signal names, and the printers
 * for arguments whose data arrives in payload segments.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decode-internal.h"

/* ---- output buffer ---- */

void db_write(struct dbuf *b, const char *s, size_t n)
{
        if (b->full)
                return;
        /* keep one byte for the terminating NUL the caller adds */
        if (n >= b->cap - b->len) {
                b->full = true;
                return;
        }
        memcpy(b->p + b->len, s, n);
        b->len += n;
}

void db_putc(struct dbuf *b, char c)
{
        db_write(b, &c, 1);
}

void db_puts(struct dbuf *b, const char *s)
{
        db_write(b, s, strlen(s));
}

/* Numbers without printf: one per argument and result on every line. */
void db_put_u64(struct dbuf *b, uint64_t v)
{
        char tmp[20];
        size_t i = sizeof(tmp);

        do
                tmp[--i] = (char)('0' + v % 10);
        while (v /= 10);
        db_write(b, tmp + i, sizeof(tmp) - i);
}

void db_put_s64(struct dbuf *b, int64_t v)
{
        if (v < 0) {
                db_putc(b, '-');
                /* negated as unsigned: INT64_MIN has no positive twin */
                db_put_u64(b, -(uint64_t)v);
                return;
        }
        db_put_u64(b, (uint64_t)v);
}

/* "%#llx": 0 alone, anything else 0x-prefixed */
void db_put_hex(struct dbuf *b, uint64_t v)
{
        static const char digits[] = "0123456789abcdef";
        char tmp[18];
        size_t i = sizeof(tmp);

        if (!v) {
                db_putc(b, '0');
                return;
        }
        for (; v; v >>= 4)
                tmp[--i] = digits[v & 15];
        tmp[--i] = 'x';
        tmp[--i] = '0';
        db_write(b, tmp + i, sizeof(tmp) - i);
}

void db_printf(struct dbuf *b, const char *fmt, ...)
{
        char tmp[128];
        va_list ap;
        int n;

        /* every format used here is a number or a short name */
        va_start(ap, fmt);
        n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
        va_end(ap);
        if (n < 0 || (size_t)n >= sizeof(tmp)) {
                b->full = true;
                return;
        }
        db_write(b, tmp, (size_t)n);
}

/* ---- flags and values ---- */

const char *xlat_name(const struct xlat *x, uint64_t val)
{
        for (size_t i = 0; i < x->n; i++)
                if (x->e[i].val == val)
                        return x->e[i].name;
        return NULL;
}

void put_flags(struct dbuf *b, const struct xlat *x, uint64_t val, const char *dflt)
{
        unsigned n = 0;

        for (size_t i = 0; i < x->n && (val || !n); i++) {
                uint64_t v = x->e[i].val;

                /* a zero-valued name stands for the whole value only */
                if (val == v || (v && (val & v) == v)) {
                        if (n++)
                                db_putc(b, '|');
                        db_puts(b, x->e[i].name);
                        val &= ~v;
                }
                if (!val)
                        break;
        }
        if (n) {
                if (val)
                        db_printf(b, "|%#llx", (unsigned long long)val);
        } else if (val) {
                db_printf(b, "%#llx", (unsigned long long)val);
                if (dflt)
                        db_printf(b, " /* %s */", dflt);
        } else {
                db_putc(b, '0');
        }
}

void put_flags_sep(struct dbuf *b, const struct xlat *x, uint64_t val, char sep)
{
        if (val == 0 && x->n && x->e[0].val == 0) {
                if (sep)
                        db_putc(b, sep);
                db_puts(b, x->e[0].name);
                return;
        }
        for (size_t i = 0; val && i < x->n; i++) {
                uint64_t v = x->e[i].val;

                if (v && (val & v) == v) {
                        if (sep)
                                db_putc(b, sep);
                        db_puts(b, x->e[i].name);
                        sep = '|';
                        val &= ~v;
                }
        }
        if (val) {
                if (sep)
                        db_putc(b, sep);
                db_printf(b, "%#llx", (unsigned long long)val);
        }
}

void put_xval(struct dbuf *b, const struct xlat *x, uint64_t val, const char *dflt)
{
        const char *s = xlat_name(x, val);

        if (s) {
                db_puts(b, s);
                return;
        }
        db_printf(b, "%#llx", (unsigned long long)val);
        if (dflt)
                db_printf(b, " /* %s */", dflt);
}

/* ---- numbers ---- */

void put_ptr(struct dctx *c, uint64_t v)
{
        if (v)
                db_printf(c->b, "%#llx", (unsigned long long)v);
        else
                db_puts(c->b, "NULL");
}

void put_hex(struct dctx *c, uint64_t v)
{
        db_put_hex(c->b, v);
}

void put_int(struct dctx *c, uint64_t v)
{
        db_put_s64(c->b, (int32_t)(uint32_t)v);
}

void put_uint(struct dctx *c, uint64_t v)
{
        db_put_u64(c->b, (uint32_t)v);
}

void put_uid(struct dctx *c, uint64_t v)
{
        /* uid_t is unsigned 32 bits; strace spells (uid_t)-1 as -1 */
        if ((uint32_t)v == UINT32_MAX)
                db_puts(c->b, "-1");
        else
                db_put_u64(c->b, (uint32_t)v);
}

void put_long(struct dctx *c, uint64_t v)
{
        db_put_s64(c->b, (int64_t)v);
}

void put_ulong(struct dctx *c, uint64_t v)
{
        db_put_u64(c->b, v);
}

void put_dirfd(struct dctx *c, uint64_t v)
{
        if ((int)v == AT_FDCWD)
                db_puts(c->b, "AT_FDCWD");
        else
                put_int(c, v);
}

void put_mode(struct dctx *c, uint64_t v)
{
        /* umode_t is 16 bits wide in the kernel */
        db_printf(c->b, "%#03o", (unsigned)(uint16_t)v);
}

/* ---- signals ---- */

/* Linux numbers real-time signals from 32; strace names them relative to
 * that, not to glibc's SIGRTMIN (which skips the two it reserves). */
#define KERNEL_SIGRTMIN 32
#define KERNEL_SIGRTMAX 64

const char *signal_abbrev(int sig, char *buf, size_t size)
{
        if (sig == SIGIO)
                return "IO"; /* glibc calls 29 "POLL"; strace prints SIGIO */
        if (sig > 0 && sig < KERNEL_SIGRTMIN)
                return sigabbrev_np(sig);
        if (sig == KERNEL_SIGRTMIN)
                return "RTMIN";
        if (sig > KERNEL_SIGRTMIN && sig <= KERNEL_SIGRTMAX) {
                snprintf(buf, size, "RT_%d", sig - KERNEL_SIGRTMIN);
                return buf;
        }
        return NULL;
}

void put_signal(struct dbuf *b, int sig)
{
        char tmp[16];
        const char *s = signal_abbrev(sig, tmp, sizeof(tmp));

        if (s)
                db_printf(b, "SIG%s", s);
        else
                db_printf(b, "%d", sig);
}

/* ---- strings ---- */

void put_quoted(struct dbuf *b, const uint8_t *s, size_t n, bool hex)
{
        static const char hexd[] = "0123456789abcdef";

        db_putc(b, '"');
        for (size_t i = 0; i < n && !b->full; i++) {
                unsigned ch = s[i];
                char e[5];
                size_t k = 0;

                if (hex) {
                        e[0] = '\\';
                        e[1] = 'x';
                        e[2] = hexd[ch >> 4];
                        e[3] = hexd[ch & 15];
                        db_write(b, e, 4);
                        continue;
                }
                switch (ch) {
                case '"':
                case '\\':
                        e[k++] = '\\';
                        e[k++] = (char)ch;
                        break;
                case '\f':
                        e[k++] = '\\';
                        e[k++] = 'f';
                        break;
                case '\n':
                        e[k++] = '\\';
                        e[k++] = 'n';
                        break;
                case '\r':
                        e[k++] = '\\';
                        e[k++] = 'r';
                        break;
                case '\t':
                        e[k++] = '\\';
                        e[k++] = 't';
                        break;
                case '\v':
                        e[k++] = '\\';
                        e[k++] = 'v';
                        break;
                default:
                        if (ch >= ' ' && ch < 0x7f) {
                                e[k++] = (char)ch;
                                break;
                        }
                        e[k++] = '\\';
                        /* all three digits when an octal digit follows,
                         * else as few as needed */
                        if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7') {
                                e[k++] = (char)('0' + (ch >> 6));
                                e[k++] = (char)('0' + ((ch >> 3) & 7));
                        } else if (ch >> 3) {
                                if (ch >> 6)
                                        e[k++] = (char)('0' + (ch >> 6));
                                e[k++] = (char)('0' + ((ch >> 3) & 7));
                        }
                        e[k++] = (char)('0' + (ch & 7));
                        break;
                }
                db_write(b, e, k);
        }
        db_putc(b, '"');
}

void put_cstring_field(struct dbuf *b, const char *s, size_t size)
{
        size_t n = strnlen(s, size);

        put_quoted(b, (const uint8_t *)s, n, false);
        if (n == size)
                db_puts(b, "...");
}

void put_path(struct dctx *c, unsigned arg)
{
        const struct record_seg *s = seg_get(c, arg, RENACER_SEG_STR);

        if (!s || (s->flags & RENACER_SEGF_FAULT)) {
                put_ptr(c, c->a[arg]);
                return;
        }
        /* strace prints file names whole, whatever -s says */
        put_quoted(c->b, s->data, s->len, false);
        if (s->flags & RENACER_SEGF_TRUNC)
                db_puts(c->b, "...");
}

void put_buf(struct dctx *c, unsigned arg, uint64_t count, bool hex)
{
        const struct record_seg *s = seg_data(c, arg);
        size_t n;

        /* strace's printstr: NULL whatever the length (getrandom(NULL, 0, 0)) */
        if (!c->a[arg] || !s || (s->flags & RENACER_SEGF_FAULT)) {
                put_ptr(c, c->a[arg]);
                return;
        }
        n = s->len < c->strsize ? s->len : c->strsize;
        if (n > count)
                n = (size_t)count;
        put_quoted(c->b, s->data, n, hex);
        /* more existed than is shown: cut by -s or by the capture size */
        if (count > n)
                db_puts(c->b, "...");
}
