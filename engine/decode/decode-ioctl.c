/* SPDX-License-Identifier: MIT */
/*
 * ioctl as strace 6.1 prints it (its ioctl.c, term.c, kd_ioctl.c): the
 * request by the names of strace's tables or as _IOC(dir, type, nr, size),
 * then the third argument by the request's family. A request no family
 * decodes shows its argument in hex, as strace's does.
 *
 * The argument's bytes come from one BUF segment the BPF side copies at
 * exit (EXIT(IOCTL) in syscalls.def), as many as the request's type says
 * (bpf/renacer.bpf.c, ioctl_arg_size()). strace reads what the call is
 * given at entry and what it returns at exit; the memory a failed call was
 * given is what it was at entry, so one copy serves both.
 */
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/blkzoned.h>
#include <linux/fs.h>
#include <linux/hdreg.h>
#include <linux/ioctl.h>
#include <linux/inotify.h>
#include <linux/kd.h>
#include <linux/keyboard.h>
#include <linux/lirc.h>
#include <linux/loop.h>
#include <linux/nbd.h>
#include <linux/nsfs.h>
#include <linux/perf_event.h>
#include <linux/random.h>
#include <linux/rtc.h>
#include <linux/sockios.h>
#include <linux/watchdog.h>
#include <mtd/ubi-user.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "decode-ioctl.h"

/* generated from the lists of the same names in xlat/ */
extern const struct xlat xl_term_iflags, xl_term_oflags, xl_term_oflags_nldly, xl_term_oflags_crdly,
    xl_term_oflags_tabdly, xl_term_oflags_bsdly, xl_term_oflags_vtdly, xl_term_oflags_ffdly,
    xl_baud_options, xl_term_cflags, xl_term_cflags_csize, xl_term_lflags, xl_modem_flags,
    xl_tcxonc_options, xl_tcflsh_options, xl_evdev_ev, xl_evdev_abs, xl_kd_led_flags,
    xl_kd_kbd_types, xl_kd_modes, xl_kd_kbd_modes, xl_kd_meta_vals, xl_kd_key_tables,
    xl_kd_key_types, xl_kd_key_fn_keys, xl_kd_key_spec_keys, xl_kd_key_pad_keys,
    xl_kd_key_dead_keys, xl_kd_key_cur_keys, xl_kd_key_shift_keys, xl_kd_key_ascii_keys,
    xl_kd_key_lock_keys, xl_kd_key_slock_keys, xl_kd_key_brl_keys, xl_loop_flags_options,
    xl_loop_crypt_type_options, xl_nbd_ioctl_flags, xl_lirc_features, xl_lirc_modes,
    xl_fs_ioc_flags;

/* the old request numbers the BPF side sizes (ioctl-args.def) are the
 * headers' */
#define IOCTL_ARG(v, name, T)    _Static_assert((v) == (name), #name " in ioctl-args.def");
#define IOCTL_ARG_IN(v, name, T) IOCTL_ARG(v, name, T)
#include "ioctl-args.def"
#undef IOCTL_ARG
#undef IOCTL_ARG_IN

/* ---- the request ---- */

static int ent_cmp(const void *key, const void *ent)
{
        uint32_t k = *(const uint32_t *)key, e = ((const struct ioctl_ent *)ent)->code;

        return k < e ? -1 : k > e;
}

static const struct ioctl_ent *ioctl_lookup(uint32_t code)
{
        const struct ioctl_ent *e = bsearch(&code, ioctl_ents, ioctl_nents, sizeof(*e), ent_cmp);

        while (e && e > ioctl_ents && e[-1].code == code)
                e--;
        return e;
}

/* NAME(size), the form of requests whose size is a parameter */
static void put_sized(struct dbuf *b, const char *name, uint32_t code)
{
        db_printf(b, "%s(%u)", name, _IOC_SIZE(code));
}

static bool evdev_number(struct dbuf *b, uint32_t code)
{
        static const char *const by_nr[0x1c] = {
            [0x06] = "EVIOCGNAME", [0x07] = "EVIOCGPHYS",    [0x08] = "EVIOCGUNIQ",
            [0x09] = "EVIOCGPROP", [0x0a] = "EVIOCGMTSLOTS", [0x18] = "EVIOCGKEY",
            [0x19] = "EVIOCGLED",  [0x1a] = "EVIOCGSND",     [0x1b] = "EVIOCGSW",
        };
        uint32_t nr = _IOC_NR(code);

        if (_IOC_DIR(code) == _IOC_WRITE && nr >= 0xc0 && nr <= 0xc0 + 0x3f) {
                db_puts(b, "EVIOCSABS(");
                put_xval(b, &xl_evdev_abs, nr - 0xc0, "ABS_???");
                db_putc(b, ')');
                return true;
        }
        if (_IOC_DIR(code) != _IOC_READ)
                return false;
        if (nr >= 0x20 && nr <= 0x20 + 0x1f) {
                db_puts(b, "EVIOCGBIT(");
                if (nr == 0x20)
                        db_putc(b, '0');
                else
                        put_xval(b, &xl_evdev_ev, nr - 0x20, "EV_???");
                db_printf(b, ", %u)", _IOC_SIZE(code));
                return true;
        }
        if (nr >= 0x40 && nr <= 0x40 + 0x3f) {
                db_puts(b, "EVIOCGABS(");
                put_xval(b, &xl_evdev_abs, nr - 0x40, "ABS_???");
                db_putc(b, ')');
                return true;
        }
        if (nr < sizeof(by_nr) / sizeof(by_nr[0]) && by_nr[nr]) {
                put_sized(b, by_nr[nr], code);
                return true;
        }
        return false;
}

static bool hiddev_number(struct dbuf *b, uint32_t code)
{
        const char *name = NULL;

        if (_IOC_DIR(code) == _IOC_READ) {
                switch (_IOC_NR(code)) {
                case 0x04:
                        name = "HIDIOCGRAWNAME";
                        break;
                case 0x05:
                        name = "HIDIOCGRAWPHYS";
                        break;
                case 0x06:
                        name = "HIDIOCSFEATURE";
                        break;
                case 0x08:
                        name = "HIDIOCGRAWUNIQ";
                        break;
                case 0x12:
                        name = "HIDIOCGPHYS";
                        break;
                }
        } else if (_IOC_DIR(code) == (_IOC_READ | _IOC_WRITE)) {
                if (_IOC_NR(code) == 0x06)
                        name = "HIDIOCSFEATURE";
                else if (_IOC_NR(code) == 0x07)
                        name = "HIDIOCGFEATURE";
        }
        if (!name)
                return false;
        put_sized(b, name, code);
        return true;
}

/* strace's ioctl_decode_command_number(): requests whose number carries a
 * parameter, printed before (and besides) the names of the tables */
static bool command_number(struct dbuf *b, uint32_t code)
{
        switch (_IOC_TYPE(code)) {
        case '!':
                if (code == _IOC(_IOC_READ, '!', 2, sizeof(uint64_t))) {
                        db_puts(b, "SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR");
                        return true;
                }
                return false;
        case 'E':
                return evdev_number(b, code);
        case 'H':
                return hiddev_number(b, code);
        case 'M':
                if (_IOC_DIR(code) == _IOC_WRITE || _IOC_DIR(code) == _IOC_READ) {
                        db_printf(b, "%s(%u)",
                                  _IOC_DIR(code) == _IOC_WRITE ? "MIXER_WRITE" : "MIXER_READ",
                                  _IOC_NR(code));
                        return true;
                }
                return false;
        case 'U':
                if (_IOC_DIR(code) == _IOC_READ && _IOC_NR(code) == 0x2c) {
                        put_sized(b, "UI_GET_SYSNAME", code);
                        return true;
                }
                return false;
        case 'j':
                if (_IOC_DIR(code) == _IOC_READ && _IOC_NR(code) == 0x13) {
                        put_sized(b, "JSIOCGNAME", code);
                        return true;
                }
                return false;
        case 'k':
                if (_IOC_DIR(code) == _IOC_WRITE && _IOC_NR(code) == 0) {
                        put_sized(b, "SPI_IOC_MESSAGE", code);
                        return true;
                }
                return false;
        default:
                return false;
        }
}

void put_ioctl_request(struct dbuf *b, uint32_t code)
{
        bool numbered = command_number(b, code);
        const struct ioctl_ent *e = ioctl_lookup(code);

        if (e) {
                for (unsigned n = 0; e < ioctl_ents + ioctl_nents && e->code == code; e++, n++) {
                        if (n || numbered)
                                db_puts(b, " or ");
                        db_puts(b, e->name);
                }
        } else if (!numbered) {
                db_puts(b, "_IOC(");
                put_flags(b, &xl_ioctl_dirs, _IOC_DIR(code), "_IOC_???");
                db_printf(b, ", %#x, %#x, %#x)", _IOC_TYPE(code), _IOC_NR(code), _IOC_SIZE(code));
        }
}

/* ---- reading the argument ---- */

/* The size bytes of the argument, or NULL after printing its address the
 * way strace's umove_or_printaddr() does: NULL, or the pointer when it
 * could not be read or (out: a value the call returns) the call failed. */
static const void *ioc_arg(struct dctx *c, size_t size, bool out)
{
        const void *p = NULL;

        if (A(2) && !(out && c->failed))
                p = seg_struct(c, 2, size);
        if (!p)
                put_ptr(c, A(2));
        return p;
}

/* printnum_int(): [%d] */
static void ioc_int(struct dctx *c, bool out)
{
        const void *p = ioc_arg(c, sizeof(int), out);
        int v;

        if (!p)
                return;
        memcpy(&v, p, sizeof(v));
        db_printf(c->b, "[%d]", v);
}

/* ---- terminals (term.c) ---- */

static void put_oflag(struct dbuf *b, uint64_t v)
{
        static const struct {
                const struct xlat *x;
                uint64_t mask;
                const char *dflt;
        } fields[] = {
            {&xl_term_oflags_nldly, NLDLY, "NL?"},    {&xl_term_oflags_crdly, CRDLY, "CR?"},
            {&xl_term_oflags_tabdly, TABDLY, "TAB?"}, {&xl_term_oflags_bsdly, BSDLY, "BS?"},
            {&xl_term_oflags_vtdly, VTDLY, "VT?"},    {&xl_term_oflags_ffdly, FFDLY, "FF?"},
        };

        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
                put_xval(b, fields[i].x, v & fields[i].mask, fields[i].dflt);
                db_putc(b, '|');
                v &= ~fields[i].mask;
        }
        put_flags(b, &xl_term_oflags, v, NULL);
}

static void put_cflag(struct dbuf *b, uint64_t v)
{
        put_xval(b, &xl_baud_options, v & CBAUD, "B???");
        db_putc(b, '|');
        if (v & CIBAUD) {
                put_xval(b, &xl_baud_options, (v & CIBAUD) >> IBSHIFT, "B???");
                db_puts(b, "<<IBSHIFT|");
        }
        put_xval(b, &xl_term_cflags_csize, v & CSIZE, "CS?");
        db_putc(b, '|');
        put_flags(b, &xl_term_cflags, v & ~(uint64_t)(CBAUD | CIBAUD | CSIZE), NULL);
}

/* the four flag words and strace's abbreviation of the rest */
static void put_term_flags(struct dbuf *b, uint32_t i, uint32_t o, uint32_t cf, uint32_t l)
{
        db_puts(b, "{c_iflag=");
        put_flags(b, &xl_term_iflags, i, NULL);
        db_puts(b, ", c_oflag=");
        put_oflag(b, o);
        db_puts(b, ", c_cflag=");
        put_cflag(b, cf);
        db_puts(b, ", c_lflag=");
        put_flags(b, &xl_term_lflags, l, NULL);
        db_puts(b, ", ...}");
}

static void put_termios(struct dctx *c, bool out)
{
        const void *p = ioc_arg(c, sizeof(struct termios), out);
        struct termios t;

        if (!p)
                return;
        memcpy(&t, p, sizeof(t));
        put_term_flags(c->b, t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
}

static void put_termios2(struct dctx *c, bool out)
{
        const void *p = ioc_arg(c, sizeof(struct termios2), out);
        struct termios2 t;

        if (!p)
                return;
        memcpy(&t, p, sizeof(t));
        put_term_flags(c->b, t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
}

static void put_termio(struct dctx *c, bool out)
{
        const void *p = ioc_arg(c, sizeof(struct termio), out);
        struct termio t;

        if (!p)
                return;
        memcpy(&t, p, sizeof(t));
        put_term_flags(c->b, t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
}

static void put_winsize(struct dctx *c, bool out)
{
        const void *p = ioc_arg(c, sizeof(struct winsize), out);
        struct winsize w;

        if (!p)
                return;
        memcpy(&w, p, sizeof(w));
        db_printf(c->b, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", w.ws_row, w.ws_col,
                  w.ws_xpixel, w.ws_ypixel);
}

static void put_modem_flags(struct dctx *c, bool out)
{
        const void *p = ioc_arg(c, sizeof(unsigned int), out);
        unsigned int v;

        if (!p)
                return;
        memcpy(&v, p, sizeof(v));
        db_putc(c->b, '[');
        put_flags(c->b, &xl_modem_flags, v, "TIOCM_???");
        db_putc(c->b, ']');
}

/* TIOCSTI: one character, printstrn(arg, 1) */
static void put_sti(struct dctx *c)
{
        const uint8_t *p;

        c->nonverbose = false; /* printstrn(): whatever -e verbose= says */
        p = ioc_arg(c, 1, false);

        if (!p)
                return;
        put_quoted(c->b, p, 1, false);
}

static bool ioctl_term(struct dctx *c, uint32_t code)
{
        switch (code) {
        case TCGETS2:
        case TCSETS2:
        case TCSETSW2:
        case TCSETSF2:
                arg_next(c);
                put_termios2(c, code == TCGETS2);
                return true;
        case TCGETS:
        case TIOCGLCKTRMIOS:
        case TCSETS:
        case TCSETSW:
        case TCSETSF:
        case TIOCSLCKTRMIOS:
                arg_next(c);
                put_termios(c, code == TCGETS || code == TIOCGLCKTRMIOS);
                return true;
        case TCGETA:
        case TCSETA:
        case TCSETAW:
        case TCSETAF:
                arg_next(c);
                put_termio(c, code == TCGETA);
                return true;
        case TIOCGWINSZ:
        case TIOCSWINSZ:
                arg_next(c);
                put_winsize(c, code == TIOCGWINSZ);
                return true;
        case TCXONC:
                arg_next(c);
                put_xval(c->b, &xl_tcxonc_options, A(2), "TC???");
                return true;
        case TCFLSH:
                arg_next(c);
                put_xval(c->b, &xl_tcflsh_options, A(2), "TC???");
                return true;
        case TCSBRK:
        case TCSBRKP:
        case TIOCSCTTY:
                a_int(c, 2);
                return true;
        case TIOCMGET:
        case TIOCMBIS:
        case TIOCMBIC:
        case TIOCMSET:
                arg_next(c);
                put_modem_flags(c, code == TIOCMGET);
                return true;
        case TIOCGPGRP:
        case TIOCGSID:
        case TIOCGETD:
        case TIOCGSOFTCAR:
        case TIOCGPTN:
        case FIONREAD:
        case TIOCOUTQ:
        case TIOCGEXCL:
        case TIOCGDEV:
                arg_next(c);
                ioc_int(c, true);
                return true;
        case TIOCSPGRP:
        case TIOCSETD:
        case FIONBIO:
        case FIOASYNC:
        case TIOCPKT:
        case TIOCSSOFTCAR:
        case TIOCSPTLCK:
                arg_next(c);
                ioc_int(c, false);
                return true;
        case TIOCSTI:
                arg_next(c);
                put_sti(c);
                return true;
        case TIOCSBRK:
        case TIOCCBRK:
        case TIOCCONS:
        case TIOCNOTTY:
        case TIOCEXCL:
        case TIOCNXCL:
        case FIOCLEX:
        case FIONCLEX:
        case TIOCVHANGUP:
        case TIOCSSERIAL:
                return true;
        default:
                return false;
        }
}

/* ---- the virtual console (kd_ioctl.c) ---- */

enum { PIT_TICK_RATE = 1193182, KD_GPFIRST = 0x3b4, KD_GPLAST = 0x3df };

/* kd_default_led_flags: the LED bits and, four bits up, their defaults */
static const struct xlat_ent kd_default_led_ents[] = {
    {LED_SCR, "LED_SCR"},         {LED_NUM, "LED_NUM"},         {LED_CAP, "LED_CAP"},
    {LED_SCR << 4, "LED_SCR<<4"}, {LED_NUM << 4, "LED_NUM<<4"}, {LED_CAP << 4, "LED_CAP<<4"},
};
static const struct xlat xl_kd_default_led_flags = {
    kd_default_led_ents, sizeof(kd_default_led_ents) / sizeof(kd_default_led_ents[0]), NULL};

static const struct xlat_ent kd_keymap_ents[] = {
    {1 << KG_SHIFT, "1<<KG_SHIFT"},   {1 << KG_ALTGR, "1<<KG_ALTGR"},
    {1 << KG_CTRL, "1<<KG_CTRL"},     {1 << KG_ALT, "1<<KG_ALT"},
    {1 << KG_SHIFTL, "1<<KG_SHIFTL"}, {1 << KG_SHIFTR, "1<<KG_SHIFTR"},
    {1 << KG_CTRLL, "1<<KG_CTRLL"},   {1 << KG_CTRLR, "1<<KG_CTRLR"},
};
static const struct xlat xl_kd_keymap_flags = {
    kd_keymap_ents, sizeof(kd_keymap_ents) / sizeof(kd_keymap_ents[0]), NULL};

/* print_char(c, SCF_QUOTES | SCF_ESC_WS) */
static void put_char_lit(struct dbuf *b, uint8_t ch)
{
        static const char ws[] = "tnvfr";

        if (ch >= ' ' && ch < 0x7f) {
                if (ch == '\'' || ch == '\\')
                        db_printf(b, "'\\%c'", ch);
                else
                        db_printf(b, "'%c'", ch);
        } else if (ch >= '\t' && ch <= '\r') {
                db_printf(b, "'\\%c'", ws[ch - '\t']);
        } else {
                db_printf(b, "'\\x%02x'", ch);
        }
}

static void put_kb_value(struct dbuf *b, uint16_t v)
{
        static const struct xlat *const by_type[] = {
            [KT_FN] = &xl_kd_key_fn_keys,       [KT_SPEC] = &xl_kd_key_spec_keys,
            [KT_PAD] = &xl_kd_key_pad_keys,     [KT_DEAD] = &xl_kd_key_dead_keys,
            [KT_CUR] = &xl_kd_key_cur_keys,     [KT_SHIFT] = &xl_kd_key_shift_keys,
            [KT_ASCII] = &xl_kd_key_ascii_keys, [KT_LOCK] = &xl_kd_key_lock_keys,
            [KT_SLOCK] = &xl_kd_key_slock_keys, [KT_BRL] = &xl_kd_key_brl_keys,
        };
        unsigned typ = KTYP(v), val = KVAL(v);
        const char *name = NULL, *tname;

        db_printf(b, "kb_value=%#x", v);
        if (typ < sizeof(by_type) / sizeof(by_type[0]) && by_type[typ])
                name = xlat_name(by_type[typ], v);
        if (name) {
                db_printf(b, " /* %s */", name);
                return;
        }
        db_puts(b, " /* K(");
        tname = xlat_name(&xl_kd_key_types, typ);
        if (tname)
                db_puts(b, tname);
        else
                db_printf(b, "%#x", typ);
        db_puts(b, ", ");
        switch (typ) {
        case KT_LATIN:
        case KT_META:
        case KT_LETTER:
        case KT_DEAD2:
                put_char_lit(b, (uint8_t)val);
                break;
        default:
                db_printf(b, "%#x", val);
                break;
        }
        db_puts(b, ") */");
}

/* KDGKBENT / KDSKBENT: the table and index the call is given, the value
 * it is given (set) or returns (get) */
static void put_kbentry(struct dctx *c, bool get)
{
        struct kbentry e;

        c->nonverbose = false; /* strace's kd.c reads it with umove(), not tfetch */
        const uint8_t *p = seg_struct(c, 2, offsetof(struct kbentry, kb_value));
        const struct record_seg *s = seg_get(c, 2, RENACER_SEG_BUF);
        const char *tab;

        if (!A(2) || !p) {
                put_ptr(c, A(2));
                return;
        }
        memset(&e, 0, sizeof(e));
        memcpy(&e, p, s->len < sizeof(e) ? s->len : sizeof(e));
        tab = xlat_name(&xl_kd_key_tables, e.kb_table);
        db_puts(c->b, "{kb_table=");
        if (tab)
                db_puts(c->b, tab);
        else
                put_flags(c->b, &xl_kd_keymap_flags, e.kb_table, "K_???");
        db_printf(c->b, ", kb_index=%u", e.kb_index);
        if (!(get && c->failed)) {
                db_puts(c->b, ", ");
                if (s->len < sizeof(e))
                        db_puts(c->b, "kb_value=???");
                else
                        put_kb_value(c->b, e.kb_value);
        }
        db_putc(c->b, '}');
}

/* a byte the call returns (get) or the value it is given */
static void put_kd_byte(struct dctx *c, bool get, const struct xlat *x, const char *dflt,
                        bool flags)
{
        uint64_t v = (uint8_t)A(2);

        if (get) {
                const uint8_t *p = ioc_arg(c, 1, true);

                if (!p)
                        return;
                v = *p;
                db_putc(c->b, '[');
        }
        if (flags)
                put_flags(c->b, x, v, dflt);
        else
                put_xval(c->b, x, v, dflt);
        if (get)
                db_putc(c->b, ']');
}

static void put_kd_uint(struct dctx *c, bool get, const struct xlat *x, const char *dflt, bool sign)
{
        uint64_t v = A(2);

        if (get) {
                const void *p = ioc_arg(c, sizeof(unsigned int), true);
                unsigned int u;

                if (!p)
                        return;
                memcpy(&u, p, sizeof(u));
                v = u;
                db_putc(c->b, '[');
        }
        if (sign && !xlat_name(x, (uint32_t)v))
                db_printf(c->b, "%d /* %s */", (int)(uint32_t)v, dflt);
        else
                put_xval(c->b, x, get ? v : (uint32_t)v, dflt);
        if (get)
                db_putc(c->b, ']');
}

/* The T the call was given (the entry copy) and the one it returned (the
 * exit copy, NULL after a failure): false after printing the address when
 * the entry copy is missing or short, as strace's umove_or_printaddr(). */
static bool ioc_in_out(struct dctx *c, size_t size, const void **in, const void **out)
{
        const struct record_seg *si = seg_at(c, 2, RENACER_SEG_BUF, false);
        const struct record_seg *so = seg_at(c, 2, RENACER_SEG_BUF, true);

        *out = NULL;
        if (!A(2) || !si || (si->flags & RENACER_SEGF_FAULT) || si->len < size) {
                put_ptr(c, A(2));
                return false;
        }
        *in = si->data;
        if (exited_ok(c) && so && !(so->flags & RENACER_SEGF_FAULT) && so->len >= size)
                *out = so->data;
        return true;
}

/* KDGETKEYCODE / KDSETKEYCODE: {scancode, keycode}, the keycode a get
 * returns after " => " */
static void put_kbkeycode(struct dctx *c, bool get)
{
        const void *in, *out;
        struct kbkeycode k;

        if (!get) {
                const void *p = ioc_arg(c, sizeof(k), false);

                if (p) {
                        memcpy(&k, p, sizeof(k));
                        db_printf(c->b, "{scancode=%#x, keycode=%#x}", k.scancode, k.keycode);
                }
                return;
        }
        if (!ioc_in_out(c, sizeof(k), &in, &out))
                return;
        memcpy(&k, in, sizeof(k));
        db_printf(c->b, "{scancode=%#x, keycode=%#x", k.scancode, k.keycode);
        if (out) {
                memcpy(&k, out, sizeof(k));
                db_printf(c->b, " => %#x", k.keycode);
        }
        db_putc(c->b, '}');
}

/* KDKBDREP: the rate the call is given, then the one it returns */
static void put_kbd_repeat(struct dctx *c)
{
        const void *in, *out;
        struct kbd_repeat r;

        if (!ioc_in_out(c, sizeof(r), &in, &out))
                return;
        memcpy(&r, in, sizeof(r));
        db_printf(c->b, "{delay=%d, period=%d}", r.delay, r.period);
        if (out) {
                memcpy(&r, out, sizeof(r));
                db_printf(c->b, " => {delay=%d, period=%d}", r.delay, r.period);
        }
}

static bool ioctl_kd(struct dctx *c, uint32_t code)
{
        uint64_t arg = A(2);

        switch (code) {
        case KIOCSOUND:
                arg_next(c);
                db_printf(c->b, "%llu", (unsigned long long)arg);
                if (arg && PIT_TICK_RATE / arg)
                        db_printf(c->b, " /* %llu Hz */",
                                  (unsigned long long)(PIT_TICK_RATE / arg));
                else
                        db_puts(c->b, " /* off */");
                return true;
        case KDMKTONE: {
                uint32_t ticks = (uint32_t)arg >> 16, count = arg & 0xffff;

                arg_next(c);
                if (ticks)
                        db_printf(c->b, "%u<<16|", ticks);
                db_printf(c->b, "%u", count);
                if (ticks && count)
                        db_printf(c->b, " /* %u Hz, %u ms */", PIT_TICK_RATE / count, ticks);
                else
                        db_puts(c->b, " /* off */");
                return true;
        }
        case KDGETLED:
        case KDSETLED:
                arg_next(c);
                put_kd_byte(c, code == KDGETLED, &xl_kd_led_flags, "LED_???", true);
                return true;
        case KDGKBLED:
        case KDSKBLED:
                arg_next(c);
                put_kd_byte(c, code == KDGKBLED, &xl_kd_default_led_flags, "LED_???", true);
                return true;
        case KDGKBTYPE:
                arg_next(c);
                put_kd_byte(c, true, &xl_kd_kbd_types, "KB_???", false);
                return true;
        case KDADDIO:
        case KDDELIO:
                arg_next(c);
                put_hex(c, arg);
                if (arg >= KD_GPFIRST && arg <= KD_GPLAST)
                        db_printf(c->b, " /* GPFIRST + %llu */",
                                  (unsigned long long)(arg - KD_GPFIRST));
                return true;
        case KDSETMODE:
                arg_next(c);
                put_xval(c->b, &xl_kd_modes, (uint32_t)arg, "KD_???");
                return true;
        case KDGETMODE:
                arg_next(c);
                put_kd_uint(c, true, &xl_kd_modes, "KD_???", false);
                return true;
        case KDGKBMODE:
                arg_next(c);
                put_kd_uint(c, true, &xl_kd_kbd_modes, "K_???", true);
                return true;
        case KDSKBMODE:
                arg_next(c);
                put_kd_uint(c, false, &xl_kd_kbd_modes, "K_???", true);
                return true;
        case KDGKBMETA:
        case KDSKBMETA:
                arg_next(c);
                put_kd_uint(c, code == KDGKBMETA, &xl_kd_meta_vals, "K_???", false);
                return true;
        case KDGKBENT:
        case KDSKBENT:
                arg_next(c);
                put_kbentry(c, code == KDGKBENT);
                return true;
        case KDGETKEYCODE:
        case KDSETKEYCODE:
                arg_next(c);
                put_kbkeycode(c, code == KDGETKEYCODE);
                return true;
        case KDKBDREP:
                arg_next(c);
                put_kbd_repeat(c);
                return true;
        case KDSIGACCEPT:
                arg_next(c);
                if (arg < 0x7fffffff)
                        put_signal(c->b, (int)arg);
                else
                        db_printf(c->b, "%llu", (unsigned long long)arg);
                return true;
        case KDENABIO:
        case KDDISABIO:
        case KDMAPDISP:
        case KDUNMAPDISP:
        case PIO_FONTRESET:
                return true;
        default:
                return false;
        }
}

/* ---- block devices (block.c) ---- */

/* printnum_*(): one number of size bytes, [%llu] or [%lld] */
static void ioc_num(struct dctx *c, size_t size, bool sign, bool out)
{
        const uint8_t *p = ioc_arg(c, size, out);
        uint64_t u = 0;
        int64_t v = 0;

        if (!p)
                return;
        switch (size) {
        case sizeof(uint16_t): {
                uint16_t x;
                memcpy(&x, p, sizeof(x));
                u = x;
                v = (int16_t)x;
                break;
        }
        case sizeof(uint32_t): {
                uint32_t x;
                memcpy(&x, p, sizeof(x));
                u = x;
                v = (int32_t)x;
                break;
        }
        default:
                memcpy(&u, p, sizeof(u));
                v = (int64_t)u;
                break;
        }
        if (sign)
                db_printf(c->b, "[%lld]", (long long)v);
        else
                db_printf(c->b, "[%llu]", (unsigned long long)u);
}

static bool ioctl_block(struct dctx *c, uint32_t code)
{
        switch (code) {
        case BLKRASET:
        case BLKFRASET:
                arg_next(c);
                db_printf(c->b, "%llu", (unsigned long long)A(2));
                return true;
        case BLKSECTGET:
        case BLKROTATIONAL:
                arg_next(c);
                ioc_num(c, sizeof(uint16_t), false, true);
                return true;
        case BLKROGET:
        case BLKBSZGET:
        case BLKSSZGET:
        case BLKALIGNOFF:
                arg_next(c);
                ioc_num(c, sizeof(int), true, true);
                return true;
        case BLKROSET:
        case BLKBSZSET:
                arg_next(c);
                ioc_num(c, sizeof(int), true, false);
                return true;
        case BLKPBSZGET:
        case BLKIOMIN:
        case BLKIOOPT:
        case BLKDISCARDZEROES:
        case BLKGETZONESZ:
        case BLKGETNRZONES:
                arg_next(c);
                ioc_num(c, sizeof(int), false, true);
                return true;
        case BLKRAGET:
        case BLKFRAGET:
                arg_next(c);
                ioc_num(c, sizeof(long), true, true);
                return true;
        case BLKGETSIZE:
        case BLKGETSIZE64:
        case BLKGETDISKSEQ:
                arg_next(c);
                ioc_num(c, sizeof(uint64_t), false, true);
                return true;
        case BLKDISCARD:
        case BLKSECDISCARD:
        case BLKZEROOUT: {
                /* printpair_int64() */
                const uint8_t *p;
                uint64_t v[2];

                arg_next(c);
                p = ioc_arg(c, 2 * sizeof(uint64_t), false);
                if (p) {
                        memcpy(v, p, sizeof(v));
                        db_printf(c->b, "[%llu, %llu]", (unsigned long long)v[0],
                                  (unsigned long long)v[1]);
                }
                return true;
        }
        case BLKRRPART:
        case BLKFLSBUF:
        case BLKTRACESTART:
        case BLKTRACESTOP:
        case BLKTRACETEARDOWN:
                return true;
        default:
                return false;
        }
}

/* ---- loop devices (loop.c) ---- */

static void put_lo_name(struct dbuf *b, const char *field, const uint8_t *s, size_t size)
{
        size_t n = strnlen((const char *)s, size);

        db_printf(b, ", %s=", field);
        /* PRINT_FIELD_CSTRING: the last byte is the NUL's */
        put_quoted(b, s, n == size ? size - 1 : n, false);
        if (n == size)
                db_puts(b, "...");
}

static void put_lo_key(struct dbuf *b, const uint8_t *key, int size)
{
        unsigned n = (unsigned)size < LO_KEY_SIZE ? (unsigned)size : LO_KEY_SIZE;

        db_puts(b, ", lo_encrypt_key=");
        put_quoted(b, key, n, false);
}

static void put_loop_info(struct dctx *c, bool out)
{
        const void *p = ioc_arg(c, sizeof(struct loop_info), out);
        struct loop_info i;

        if (!p)
                return;
        memcpy(&i, p, sizeof(i));
        db_printf(c->b, "{lo_number=%d, lo_offset=%#x", i.lo_number, (unsigned)i.lo_offset);
        if (i.lo_encrypt_type != LO_CRYPT_NONE) {
                db_puts(c->b, ", lo_encrypt_type=");
                put_xval(c->b, &xl_loop_crypt_type_options, (uint32_t)i.lo_encrypt_type,
                         "LO_CRYPT_???");
                db_printf(c->b, ", lo_encrypt_key_size=%u", (unsigned)i.lo_encrypt_key_size);
        }
        db_puts(c->b, ", lo_flags=");
        put_flags(c->b, &xl_loop_flags_options, (uint32_t)i.lo_flags, "LO_FLAGS_???");
        put_lo_name(c->b, "lo_name", (const uint8_t *)i.lo_name, sizeof(i.lo_name));
        if (i.lo_encrypt_type != LO_CRYPT_NONE)
                put_lo_key(c->b, i.lo_encrypt_key, i.lo_encrypt_key_size);
        db_puts(c->b, ", ...}");
}

static void put_loop_info64(struct dctx *c, bool out)
{
        const void *p = ioc_arg(c, sizeof(struct loop_info64), out);
        struct loop_info64 i;

        if (!p)
                return;
        memcpy(&i, p, sizeof(i));
        db_printf(c->b, "{lo_offset=%#llx, lo_number=%u", (unsigned long long)i.lo_offset,
                  i.lo_number);
        if (i.lo_encrypt_type != LO_CRYPT_NONE) {
                db_puts(c->b, ", lo_encrypt_type=");
                put_xval(c->b, &xl_loop_crypt_type_options, i.lo_encrypt_type, "LO_CRYPT_???");
                db_printf(c->b, ", lo_encrypt_key_size=%u", i.lo_encrypt_key_size);
        }
        db_puts(c->b, ", lo_flags=");
        put_flags(c->b, &xl_loop_flags_options, i.lo_flags, "LO_FLAGS_???");
        put_lo_name(c->b, "lo_file_name", i.lo_file_name, sizeof(i.lo_file_name));
        if (i.lo_encrypt_type != LO_CRYPT_NONE) {
                put_lo_name(c->b, "lo_crypt_name", i.lo_crypt_name, sizeof(i.lo_crypt_name));
                put_lo_key(c->b, i.lo_encrypt_key, (int)i.lo_encrypt_key_size);
        }
        db_puts(c->b, ", ...}");
}

static bool ioctl_loop(struct dctx *c, uint32_t code)
{
        switch (code) {
        case LOOP_GET_STATUS:
        case LOOP_SET_STATUS:
                arg_next(c);
                put_loop_info(c, code == LOOP_GET_STATUS);
                return true;
        case LOOP_GET_STATUS64:
        case LOOP_SET_STATUS64:
                arg_next(c);
                put_loop_info64(c, code == LOOP_GET_STATUS64);
                return true;
        case LOOP_CLR_FD:
        case LOOP_SET_CAPACITY:
        case LOOP_CTL_GET_FREE:
                return true;
        case LOOP_SET_FD:
        case LOOP_CHANGE_FD:
        case LOOP_CTL_ADD:
        case LOOP_CTL_REMOVE:
                a_int(c, 2);
                return true;
        case LOOP_SET_DIRECT_IO:
        case LOOP_SET_BLOCK_SIZE:
                arg_next(c);
                db_printf(c->b, "%llu", (unsigned long long)A(2));
                return true;
        default:
                return false;
        }
}

/* ---- real-time clocks (rtc.c) ---- */

static void put_rtc_time_fields(struct dbuf *b, const struct rtc_time *t)
{
        /* db_printf() takes short pieces */
        db_printf(b, "{tm_sec=%d, tm_min=%d, tm_hour=%d", t->tm_sec, t->tm_min, t->tm_hour);
        db_printf(b, ", tm_mday=%d, tm_mon=%d, tm_year=%d, ...}", t->tm_mday, t->tm_mon,
                  t->tm_year);
}

static bool ioctl_rtc(struct dctx *c, uint32_t code)
{
        const void *p;

        switch (code) {
        case RTC_ALM_READ:
        case RTC_RD_TIME:
        case RTC_ALM_SET:
        case RTC_SET_TIME: {
                struct rtc_time t;

                arg_next(c);
                p = ioc_arg(c, sizeof(t), code == RTC_ALM_READ || code == RTC_RD_TIME);
                if (p) {
                        memcpy(&t, p, sizeof(t));
                        put_rtc_time_fields(c->b, &t);
                }
                return true;
        }
        case RTC_WKALM_RD:
        case RTC_WKALM_SET: {
                struct rtc_wkalrm w;

                arg_next(c);
                p = ioc_arg(c, sizeof(w), code == RTC_WKALM_RD);
                if (p) {
                        memcpy(&w, p, sizeof(w));
                        db_printf(c->b, "{enabled=%u, pending=%u, time=", w.enabled, w.pending);
                        put_rtc_time_fields(c->b, &w.time);
                        db_putc(c->b, '}');
                }
                return true;
        }
        case RTC_IRQP_SET:
        case RTC_EPOCH_SET:
                arg_next(c);
                db_printf(c->b, "%llu", (unsigned long long)A(2));
                return true;
        case RTC_IRQP_READ:
        case RTC_EPOCH_READ:
                arg_next(c);
                ioc_num(c, sizeof(unsigned long), false, true);
                return true;
        case RTC_AIE_ON:
        case RTC_AIE_OFF:
        case RTC_UIE_ON:
        case RTC_UIE_OFF:
        case RTC_PIE_ON:
        case RTC_PIE_OFF:
        case RTC_WIE_ON:
        case RTC_WIE_OFF:
        case RTC_VL_CLR:
                return true;
        default:
                return false;
        }
}

/* ---- random, watchdog, inotify, namespaces, perf (their *_ioctl.c) ---- */

static bool ioctl_random(struct dctx *c, uint32_t code)
{
        switch (code) {
        case RNDGETENTCNT:
        case RNDADDTOENTCNT:
                arg_next(c);
                ioc_int(c, code == RNDGETENTCNT);
                return true;
        case RNDZAPENTCNT:
        case RNDCLEARPOOL:
        case RNDRESEEDCRNG:
                return true;
        default:
                return false;
        }
}

static bool ioctl_watchdog(struct dctx *c, uint32_t code)
{
        switch (code) {
        case WDIOC_GETSTATUS:
        case WDIOC_GETBOOTSTATUS:
        case WDIOC_GETTEMP:
        case WDIOC_GETTIMEOUT:
        case WDIOC_GETPRETIMEOUT:
        case WDIOC_GETTIMELEFT:
        case WDIOC_SETTIMEOUT:
        case WDIOC_SETPRETIMEOUT:
                arg_next(c);
                ioc_int(c, code != WDIOC_SETTIMEOUT && code != WDIOC_SETPRETIMEOUT);
                return true;
        case WDIOC_KEEPALIVE:
                /* linux/watchdog.h says an int; the kernel ignores it */
                return true;
        default:
                return false;
        }
}

static void nstype_rextra(struct dctx *c)
{
        const char *name = xlat_name(&xl_setns_types, (uint64_t)c->ret);

        if (name)
                db_printf(c->b, " (%s)", name);
}

static bool ioctl_nsfs(struct dctx *c, uint32_t code)
{
        switch (code) {
        case NS_GET_USERNS:
        case NS_GET_PARENT:
                return true;
        case NS_GET_NSTYPE:
                if (exited_ok(c))
                        c->rextra = nstype_rextra;
                return true;
        case NS_GET_OWNER_UID: {
                const void *p;
                uint32_t uid;

                arg_next(c);
                p = ioc_arg(c, sizeof(uid), true);
                if (p) {
                        memcpy(&uid, p, sizeof(uid));
                        db_putc(c->b, '[');
                        put_uid(c, uid);
                        db_putc(c->b, ']');
                }
                return true;
        }
        default:
                return false;
        }
}

static const struct xlat_ent perf_ioctl_flag_ents[] = {XE(PERF_IOC_FLAG_GROUP)};
static const struct xlat xl_perf_ioctl_flags = {perf_ioctl_flag_ents, 1, NULL};

static bool ioctl_perf(struct dctx *c, uint32_t code)
{
        switch (code) {
        case PERF_EVENT_IOC_ENABLE:
        case PERF_EVENT_IOC_DISABLE:
        case PERF_EVENT_IOC_RESET:
                arg_next(c);
                put_flags(c->b, &xl_perf_ioctl_flags, (uint32_t)A(2), "PERF_IOC_FLAG_???");
                return true;
        case PERF_EVENT_IOC_REFRESH:
        case PERF_EVENT_IOC_SET_OUTPUT:
        case PERF_EVENT_IOC_SET_BPF:
                a_int(c, 2);
                return true;
        case PERF_EVENT_IOC_PAUSE_OUTPUT:
                arg_next(c);
                db_printf(c->b, "%llu", (unsigned long long)A(2));
                return true;
        case PERF_EVENT_IOC_PERIOD:
        case PERF_EVENT_IOC_ID:
                arg_next(c);
                ioc_num(c, sizeof(uint64_t), false, code == PERF_EVENT_IOC_ID);
                return true;
        default:
                return false;
        }
}

/* the inode flags of FS_IOC_GETFLAGS and its kin (fs_f_ioctl.c) */
static bool ioctl_fs_f(struct dctx *c, uint32_t code)
{
        const void *p;
        uint32_t v;

        switch (code) {
        case FS_IOC_GETFLAGS:
        case FS_IOC32_GETFLAGS:
        case FS_IOC_SETFLAGS:
        case FS_IOC32_SETFLAGS:
                arg_next(c);
                p = ioc_arg(c, sizeof(v), code == FS_IOC_GETFLAGS || code == FS_IOC32_GETFLAGS);
                if (p) {
                        memcpy(&v, p, sizeof(v));
                        db_putc(c->b, '[');
                        put_flags(c->b, &xl_fs_ioc_flags, v, "FS_???_FL");
                        db_putc(c->b, ']');
                }
                return true;
        default:
                return false;
        }
}

/* ATA disks (hdio.c and its requests generated from linux/hdreg.h): a
 * value set, a value got, the geometry */
static bool ioctl_hdio(struct dctx *c, uint32_t code)
{
        switch (code) {
        case HDIO_GETGEO: {
                const void *p;
                struct hd_geometry g;

                arg_next(c);
                p = ioc_arg(c, sizeof(g), true);
                if (p) {
                        memcpy(&g, p, sizeof(g));
                        db_printf(c->b, "{heads=%u, sectors=%u, cylinders=%u, start=%lu}", g.heads,
                                  g.sectors, g.cylinders, g.start);
                }
                return true;
        }
        case HDIO_GET_32BIT:
        case HDIO_GET_ACOUSTIC:
        case HDIO_GET_ADDRESS:
        case HDIO_GET_DMA:
        case HDIO_GET_KEEPSETTINGS:
        case HDIO_GET_MULTCOUNT:
        case HDIO_GET_NOWERR:
        case HDIO_GET_UNMASKINTR:
        case HDIO_GET_WCACHE:
                arg_next(c);
                ioc_num(c, sizeof(unsigned long), false, true);
                return true;
        case HDIO_SET_32BIT:
        case HDIO_SET_ACOUSTIC:
        case HDIO_SET_ADDRESS:
        case HDIO_SET_DMA:
        case HDIO_SET_KEEPSETTINGS:
        case HDIO_SET_MULTCOUNT:
        case HDIO_SET_NOWERR:
        case HDIO_SET_PIO_MODE:
        case HDIO_SET_UNMASKINTR:
        case HDIO_SET_WCACHE:
        case HDIO_UNREGISTER_HWIF:
                arg_next(c);
                db_printf(c->b, "%llu", (unsigned long long)A(2));
                return true;
        case HDIO_GET_IDENTITY:
        case HDIO_OBSOLETE_IDENTITY:
                a_ptr(c, 2);
                return true;
        default:
                return false;
        }
}

/* UBI's requests with a number or nothing for argument (ubi.c) */
static bool ioctl_ubi(struct dctx *c, uint32_t code)
{
        switch (code) {
        case UBI_IOCVOLUP:
                arg_next(c);
                ioc_num(c, sizeof(int64_t), true, false);
                return true;
        case UBI_IOCDET:
        case UBI_IOCEBER:
        case UBI_IOCEBISMAP:
        case UBI_IOCEBUNMAP:
        case UBI_IOCRMVOL:
        case UBI_IOCRPEB:
        case UBI_IOCSPEB:
                arg_next(c);
                ioc_num(c, sizeof(int32_t), true, false);
                return true;
        case UBI_IOCVOLCRBLK:
        case UBI_IOCVOLRMBLK:
                return true;
        default:
                return false;
        }
}

/* FIFREEZE and FITHAW take nothing (fs_x_ioctl.c) */
static bool ioctl_fs_x(uint32_t code)
{
        return code == FIFREEZE || code == FITHAW;
}

/* ---- network block devices, infrared (nbd_ioctl.c, lirc_ioctl.c) ---- */

static bool ioctl_nbd(struct dctx *c, uint32_t code)
{
        switch (code) {
        case NBD_DISCONNECT:
        case NBD_CLEAR_SOCK:
        case NBD_DO_IT:
        case NBD_CLEAR_QUE:
        case NBD_PRINT_DEBUG:
                return true;
        case NBD_SET_SOCK:
                a_int(c, 2);
                return true;
        case NBD_SET_BLKSIZE:
        case NBD_SET_SIZE:
        case NBD_SET_SIZE_BLOCKS:
        case NBD_SET_TIMEOUT:
                arg_next(c);
                db_printf(c->b, "%llu", (unsigned long long)A(2));
                return true;
        case NBD_SET_FLAGS:
                arg_next(c);
                put_flags(c->b, &xl_nbd_ioctl_flags, (uint32_t)A(2), "NBD_IOC_FLAG_???");
                return true;
        default:
                return false;
        }
}

static bool ioctl_lirc(struct dctx *c, uint32_t code)
{
        const void *p;
        uint32_t v;

        switch (code) {
        case LIRC_GET_FEATURES:
        case LIRC_GET_SEND_MODE:
        case LIRC_GET_REC_MODE:
        case LIRC_GET_REC_RESOLUTION:
        case LIRC_GET_MIN_TIMEOUT:
        case LIRC_GET_MAX_TIMEOUT:
        case LIRC_GET_LENGTH:
        case LIRC_SET_SEND_MODE:
        case LIRC_SET_REC_MODE:
        case LIRC_SET_SEND_CARRIER:
        case LIRC_SET_REC_CARRIER:
        case LIRC_SET_SEND_DUTY_CYCLE:
        case LIRC_SET_TRANSMITTER_MASK:
        case LIRC_SET_REC_TIMEOUT:
        case LIRC_SET_REC_TIMEOUT_REPORTS:
        case LIRC_SET_MEASURE_CARRIER_MODE:
        case LIRC_SET_REC_CARRIER_RANGE:
        case LIRC_SET_WIDEBAND_RECEIVER:
        case LIRC_GET_REC_TIMEOUT:
                break;
        default:
                return false;
        }
        arg_next(c);
        p = ioc_arg(c, sizeof(v), _IOC_DIR(code) == _IOC_READ);
        if (!p)
                return true;
        memcpy(&v, p, sizeof(v));
        db_putc(c->b, '[');
        switch (code) {
        case LIRC_GET_FEATURES:
                put_flags(c->b, &xl_lirc_features, v, "LIRC_CAN_???");
                break;
        case LIRC_GET_SEND_MODE:
        case LIRC_GET_REC_MODE:
        case LIRC_SET_SEND_MODE:
        case LIRC_SET_REC_MODE:
                put_xval(c->b, &xl_lirc_modes, v, "LIRC_MODE_???");
                break;
        case LIRC_SET_TRANSMITTER_MASK:
                db_printf(c->b, "%#x", v);
                break;
        default:
                db_printf(c->b, "%u", v);
                break;
        }
        db_putc(c->b, ']');
        return true;
}

/* ---- the call ---- */

/* A named request that carries a structure, of a family whose structures
 * strace decodes and renacer does not (yet): strace prints such an
 * argument as an address when it is NULL or unreadable, as its
 * umove_or_printaddr() does, where an undecoded one shows in hex. Not
 * v4l2's: strace leaves many of its requests undecoded. */
static bool struct_family(uint32_t code)
{
        char name[64];
        struct dbuf scratch = {name, sizeof(name), 0, false};

        if (_IOC_DIR(code) == _IOC_NONE)
                return false;
        /* named by its number (EVIOCGNAME(0)), or by the tables with a size */
        if (!command_number(&scratch, code) && (!_IOC_SIZE(code) || !ioctl_lookup(code)))
                return false;
        switch (_IOC_TYPE(code)) {
        case 0x03: /* hdio */
        case '!':  /* seccomp */
        case '"':  /* scsi */
        case '=':  /* ptp */
        case '>':  /* counter */
        case 'E':  /* evdev */
        case 'M':  /* mtd */
        case 'O':  /* ubi */
        case 'X':  /* fs_x */
        case 'f':  /* fs_f */
        case 'o':  /* ubi */
        case 0x94: /* btrfs */
        case 0xa4: /* tee */
        case 0xaa: /* userfaultfd */
        case 0xae: /* kvm */
        case 0xb4: /* gpio */
        case 0xfd: /* device mapper */
                return true;
        default:
                return false;
        }
}

void dec_ioctl(struct dctx *c);
void dec_ioctl(struct dctx *c)
{
        uint32_t code = (uint32_t)A(1);
        bool done;

        a_int(c, 0);
        arg_next(c);
        put_ioctl_request(c->b, code);
        switch (_IOC_TYPE(code)) {
        case 'T':
                done = ioctl_term(c, code);
                break;
        case 'K':
                done = ioctl_kd(c, code);
                break;
        case 0x12:
                done = ioctl_block(c, code);
                break;
        case 0x89:
                done = ioctl_sock(c, code);
                break;
        case 'L':
                done = ioctl_loop(c, code);
                break;
        case 'p':
                done = ioctl_rtc(c, code);
                break;
        case 'R':
                done = ioctl_random(c, code);
                break;
        case 'W':
                done = ioctl_watchdog(c, code);
                break;
        case 'I':
                done = code == INOTIFY_IOC_SETNEXTWD;
                if (done)
                        a_int(c, 2);
                break;
        case 0xb7:
                done = ioctl_nsfs(c, code);
                break;
        case '$':
                done = ioctl_perf(c, code);
                break;
        case 'X':
                done = ioctl_fs_x(code);
                break;
        case 0xab:
                done = ioctl_nbd(c, code);
                break;
        case 'i':
                done = ioctl_lirc(c, code);
                break;
        case 'E':
                done = ioctl_evdev(c, code);
                break;
        case 'f':
                done = ioctl_fs_f(c, code);
                break;
        case 'o':
        case 'O':
                done = ioctl_ubi(c, code);
                break;
        case 0x03:
                done = ioctl_hdio(c, code);
                break;
        case 0x94: /* fs_0x94_ioctl.c: FICLONE's source fd is the argument */
                done = code == FICLONE;
                if (done)
                        a_int(c, 2);
                break;
        default:
                done = false;
                break;
        }
        if (done)
                return;
        if (struct_family(code))
                a_ptr(c, 2);
        else
                a_hex(c, 2);
}
