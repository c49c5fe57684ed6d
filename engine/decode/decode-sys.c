// SPDX-License-Identifier: MIT
/*
 * Decoders of the "system" families, as strace 6.1 prints them: keys
 * (add_key, request_key, keyctl), memory (memfd, pkeys), the
 * mount API, modules, security and IPC. Their rows in engine/syscall-table/syscalls.def say what
 * BPF captures; everything printed from user memory comes from those segments, read through
 * seg_get()/seg_struct() only, and falls back to the pointer when the segment is missing, faulted
 * or short.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <linux/memfd.h>
#include <stdint.h>
#include <string.h>

#include "decode-array.h"
#include "decode-internal.h"
#include "decode-keys.h"
#include "syscall-names.h"
#include "uapi-consts.h"

_Static_assert(RENACER_KEYCTL_JOIN_SESSION_KEYRING == KEYCTL_JOIN_SESSION_KEYRING, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_UPDATE == KEYCTL_UPDATE, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_DESCRIBE == KEYCTL_DESCRIBE, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_SEARCH == KEYCTL_SEARCH, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_READ == KEYCTL_READ, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_INSTANTIATE == KEYCTL_INSTANTIATE, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_GET_SECURITY == KEYCTL_GET_SECURITY, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_DH_COMPUTE == KEYCTL_DH_COMPUTE, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_PKEY_QUERY == KEYCTL_PKEY_QUERY, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_RESTRICT_KEYRING == KEYCTL_RESTRICT_KEYRING, "uapi-consts.h");
_Static_assert(RENACER_KEYCTL_CAPABILITIES == KEYCTL_CAPABILITIES, "uapi-consts.h");
_Static_assert(RENACER_SECCOMP_GET_ACTION_AVAIL == SECCOMP_GET_ACTION_AVAIL, "uapi-consts.h");
_Static_assert(RENACER_SECCOMP_GET_NOTIF_SIZES == SECCOMP_GET_NOTIF_SIZES, "uapi-consts.h");

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_key_spec, xl_key_reqkeys, xl_keyctl_commands, xl_key_perms,
    xl_keyctl_caps0, xl_keyctl_caps1, xl_keyctl_move_flags, xl_keyctl_pkey_ops,
    xl_memfd_create_flags, xl_pkey_access, xl_open_resolve_flags, xl_seccomp_ops,
    xl_seccomp_ret_action, xl_kexec_file_load_flags;

#define A(i) (c->a[i])

static bool call_ok(const struct dctx *c)
{
        return !c->failed && !c->noret;
}

/* ---- argument helpers ---- */

static void s_int(struct dctx *c, uint64_t v)
{
        arg_next(c);
        put_int(c, v);
}

static void s_uint(struct dctx *c, uint64_t v)
{
        arg_next(c);
        put_uint(c, v);
}

static void s_ulong(struct dctx *c, uint64_t v)
{
        arg_next(c);
        put_ulong(c, v);
}

static void s_hex(struct dctx *c, uint64_t v)
{
        arg_next(c);
        put_hex(c, v);
}

static void s_ptr(struct dctx *c, uint64_t v)
{
        arg_next(c);
        put_ptr(c, v);
}

static void s_uid(struct dctx *c, uint64_t v)
{
        arg_next(c);
        put_uid(c, v);
}

static void s_string(struct dctx *c, unsigned i)
{
        arg_next(c);
        put_string(c, i);
}

/* strace's printstrn(): len bytes at argument i, cut at -s; NULL as NULL */
static void s_strn(struct dctx *c, unsigned i, uint64_t len)
{
        arg_next(c);
        if (!A(i))
                put_ptr(c, 0);
        else
                put_buf(c, i, len, false);
}

/* printxval_d(): the name, or the int in decimal, with a comment if dflt */
static void put_xval_d(struct dbuf *b, const struct xlat *x, int32_t v, const char *dflt)
{
        const char *s = xlat_name(x, (uint64_t)(int64_t)v);

        if (s) {
                db_puts(b, s);
                return;
        }
        db_printf(b, "%d", v);
        if (dflt)
                db_printf(b, " /* %s */", dflt);
}

/* ---- keys ---- */

static void s_key(struct dctx *c, uint64_t v)
{
        arg_next(c);
        put_xval_d(c->b, &xl_key_spec, (int32_t)v, NULL);
}

void dec_add_key(struct dctx *c)
{
        s_string(c, 0);
        s_string(c, 1);
        s_strn(c, 2, A(3));
        s_ulong(c, A(3));
        s_key(c, A(4));
}

void dec_request_key(struct dctx *c)
{
        s_string(c, 0);
        s_string(c, 1);
        s_string(c, 2);
        s_key(c, A(3));
}

/* DESCRIBE, READ, GET_SECURITY: what the kernel wrote, at most len bytes;
 * the strings (not READ's data) without their NUL */
static void keyctl_read(struct dctx *c, bool has_nul)
{
        uint64_t len = A(3), n;
        const struct record_seg *s;

        s_key(c, A(1));
        arg_next(c);
        if (!call_ok(c) || c->ret < 0) {
                put_ptr(c, A(2));
        } else {
                n = (uint64_t)c->ret < len ? (uint64_t)c->ret : len;
                s = seg_data(c, 2);
                if (has_nul && s && !(s->flags & RENACER_SEGF_FAULT) && n && n <= c->strsize &&
                    s->len >= n && !s->data[n - 1])
                        n--;
                put_buf(c, 2, n, false);
        }
        s_ulong(c, len);
}

static void put_dh_params(struct dctx *c, unsigned i)
{
        const struct keyctl_dh_params *p = seg_struct(c, i, sizeof(*p));

        if (!p) {
                put_ptr(c, A(i));
                return;
        }
        db_puts(c->b, "{private=");
        put_xval_d(c->b, &xl_key_spec, p->priv, NULL);
        db_puts(c->b, ", prime=");
        put_xval_d(c->b, &xl_key_spec, p->prime, NULL);
        db_puts(c->b, ", base=");
        put_xval_d(c->b, &xl_key_spec, p->base, NULL);
        db_putc(c->b, '}');
}

static void put_u32_spare(struct dbuf *b, const uint32_t *v, size_t n)
{
        bool zero = true;

        for (size_t k = 0; k < n; k++)
                zero &= !v[k];
        if (zero)
                return;
        db_puts(b, ", __spare=[");
        for (size_t k = 0; k < n; k++)
                db_printf(b, k ? ", %#x" : "%#x", v[k]);
        db_putc(b, ']');
}

static void put_pkey_query(struct dctx *c, unsigned i)
{
        const struct keyctl_pkey_query *q = seg_struct(c, i, sizeof(*q));

        if (!q || !call_ok(c)) {
                put_ptr(c, A(i));
                return;
        }
        db_puts(c->b, "{supported_ops=");
        put_flags(c->b, &xl_keyctl_pkey_ops, q->supported_ops, "KEYCTL_SUPPORTS_???");
        db_printf(c->b,
                  ", key_size=%u, max_data_size=%u, max_sig_size=%u, max_enc_size=%u, "
                  "max_dec_size=%u",
                  q->key_size, q->max_data_size, q->max_sig_size, q->max_enc_size, q->max_dec_size);
        put_u32_spare(c->b, q->__spare, sizeof(q->__spare) / sizeof(q->__spare[0]));
        db_putc(c->b, '}');
}

/* KEYCTL_CAPABILITIES: bytes of capability bits, the first two named */
static void put_keyctl_caps(struct dctx *c)
{
        const struct record_seg *s = seg_get(c, 1, RENACER_SEG_BUF);
        uint64_t n;

        if (!call_ok(c) || c->ret < 0 || !s || (s->flags & RENACER_SEGF_FAULT)) {
                put_ptr(c, A(1));
                return;
        }
        n = (uint64_t)c->ret < A(2) ? (uint64_t)c->ret : A(2);
        if (!n) {
                db_puts(c->b, "[]");
                return;
        }
        db_putc(c->b, '[');
        for (uint64_t k = 0; k < n && k < s->len; k++) {
                if (k)
                        db_puts(c->b, ", ");
                if (k == 0)
                        put_flags(c->b, &xl_keyctl_caps0, s->data[k], "KEYCTL_CAPS0_???");
                else if (k == 1)
                        put_flags(c->b, &xl_keyctl_caps1, s->data[k], "KEYCTL_CAPS1_???");
                else
                        db_printf(c->b, "%#x", s->data[k]);
        }
        if (n > s->len)
                db_puts(c->b, ", ...");
        db_putc(c->b, ']');
}

void dec_keyctl(struct dctx *c)
{
        int32_t cmd = (int32_t)A(0);

        arg_next(c);
        put_xval(c->b, &xl_keyctl_commands, (uint32_t)cmd, "KEYCTL_???");
        switch (cmd) {
        case KEYCTL_GET_KEYRING_ID:
                s_key(c, A(1));
                s_int(c, A(2));
                break;
        case KEYCTL_JOIN_SESSION_KEYRING:
                s_string(c, 1);
                break;
        case KEYCTL_UPDATE:
                s_key(c, A(1));
                s_strn(c, 2, A(3));
                s_ulong(c, A(3));
                break;
        case KEYCTL_REVOKE:
        case KEYCTL_CLEAR:
        case KEYCTL_INVALIDATE:
        case KEYCTL_ASSUME_AUTHORITY:
                s_key(c, A(1));
                break;
        case KEYCTL_LINK:
        case KEYCTL_UNLINK:
                s_key(c, A(1));
                s_key(c, A(2));
                break;
        case KEYCTL_DESCRIBE:
        case KEYCTL_GET_SECURITY:
                keyctl_read(c, true);
                break;
        case KEYCTL_READ:
                keyctl_read(c, false);
                break;
        case KEYCTL_SEARCH:
                s_key(c, A(1));
                s_string(c, 2);
                s_string(c, 3);
                s_key(c, A(4));
                break;
        case KEYCTL_CHOWN:
                s_key(c, A(1));
                s_uid(c, A(2));
                s_uid(c, A(3));
                break;
        case KEYCTL_SETPERM:
                s_key(c, A(1));
                arg_next(c);
                put_flags(c->b, &xl_key_perms, (uint32_t)A(2), "KEY_???");
                break;
        case KEYCTL_INSTANTIATE:
                s_key(c, A(1));
                s_strn(c, 2, A(3));
                s_ulong(c, A(3));
                s_key(c, A(4));
                break;
        case KEYCTL_NEGATE:
                s_key(c, A(1));
                s_uint(c, A(2));
                s_key(c, A(3));
                break;
        case KEYCTL_SET_REQKEY_KEYRING:
                arg_next(c);
                put_xval_d(c->b, &xl_key_reqkeys, (int32_t)A(1), "KEY_REQKEY_DEFL_???");
                break;
        case KEYCTL_SET_TIMEOUT:
                s_key(c, A(1));
                s_uint(c, A(2));
                break;
        case KEYCTL_SESSION_TO_PARENT:
                break;
        case KEYCTL_REJECT: {
                const char *e = errno_name((uint32_t)A(3));

                s_key(c, A(1));
                s_uint(c, A(2));
                arg_next(c);
                if (e)
                        db_puts(c->b, e);
                else
                        put_uint(c, A(3));
                s_key(c, A(4));
                break;
        }
        case KEYCTL_INSTANTIATE_IOV:
                keyctl_put_instantiate_iov(c);
                break;
        case KEYCTL_GET_PERSISTENT:
                s_uid(c, A(1));
                s_key(c, A(2));
                break;
        case KEYCTL_DH_COMPUTE:
                arg_next(c);
                put_dh_params(c, 1);
                keyctl_put_dh_result_kdf(c);
                break;
        case KEYCTL_PKEY_QUERY:
                s_key(c, A(1));
                s_hex(c, A(2));
                s_string(c, 3);
                arg_next(c);
                put_pkey_query(c, 4);
                break;
        case KEYCTL_RESTRICT_KEYRING:
                s_key(c, A(1));
                s_string(c, 2);
                s_string(c, 3);
                break;
        case KEYCTL_MOVE:
                s_key(c, A(1));
                s_key(c, A(2));
                s_key(c, A(3));
                arg_next(c);
                put_flags(c->b, &xl_keyctl_move_flags, (uint32_t)A(4), "KEYCTL_MOVE_???");
                break;
        case KEYCTL_CAPABILITIES:
                arg_next(c);
                put_keyctl_caps(c);
                s_ulong(c, A(2));
                break;
        case KEYCTL_PKEY_ENCRYPT:
        case KEYCTL_PKEY_DECRYPT:
        case KEYCTL_PKEY_SIGN:
        case KEYCTL_PKEY_VERIFY:
                keyctl_put_pkey_op(c, cmd != KEYCTL_PKEY_VERIFY);
                break;
        default:
                for (unsigned i = 1; i < 5; i++)
                        s_hex(c, A(i));
                break;
        }
}

/* ---- memory ---- */

void dec_memfd_create(struct dctx *c)
{
        const uint32_t huge_mask = (uint32_t)MFD_HUGE_MASK << MFD_HUGE_SHIFT;
        uint32_t flags = (uint32_t)A(1), huge = flags & huge_mask;

        s_string(c, 0);
        arg_next(c);
        flags &= ~huge_mask;
        if (flags || !huge)
                put_flags(c->b, &xl_memfd_create_flags, flags, "MFD_???");
        if (huge)
                db_printf(c->b, "%s%u<<MFD_HUGE_SHIFT", flags ? "|" : "", huge >> MFD_HUGE_SHIFT);
}

void dec_remap_file_pages(struct dctx *c)
{
        s_ptr(c, A(0));
        s_ulong(c, A(1));
        arg_next(c);
        put_flags(c->b, &xl_mmap_prot, A(2), "PROT_???");
        s_ulong(c, A(3));
        arg_next(c);
        put_mmap_flags(c->b, (uint32_t)A(4));
}

void dec_pkey_mprotect(struct dctx *c)
{
        s_ptr(c, A(0));
        s_ulong(c, A(1));
        arg_next(c);
        put_flags(c->b, &xl_mmap_prot, A(2), "PROT_???");
        s_int(c, A(3));
}

void dec_pkey_alloc(struct dctx *c)
{
        s_hex(c, A(0));
        arg_next(c);
        put_flags(c->b, &xl_pkey_access, A(1), "PKEY_???");
}

/* ---- files ---- */

/* struct open_how, of the size the caller says (at least its first
 * version's), and the bytes past it (its row's EXIT(TAIL, 4, ...)) */
#define OPENAT2_SEG_TAIL 4
void dec_openat2(struct dctx *c)
{
        const struct open_how *h = NULL;
        uint64_t size = A(3);

        arg_next(c);
        put_dirfd(c, A(0));
        arg_next(c);
        put_path(c, 1);
        arg_next(c);
        /* the first version of the struct is all of it this header knows */
        if (size >= sizeof(*h))
                h = seg_struct(c, 2, sizeof(*h));
        if (!h) {
                put_ptr(c, A(2));
        } else {
                db_puts(c->b, "{flags=");
                put_open_flags(c->b, h->flags);
                if ((h->flags & (O_CREAT | (O_TMPFILE & ~O_DIRECTORY))) || h->mode)
                        db_printf(c->b, ", mode=%#03llo", (unsigned long long)h->mode);
                db_puts(c->b, ", resolve=");
                put_flags(c->b, &xl_open_resolve_flags, h->resolve, "RESOLVE_???");
                /* the bytes past it the kernel requires to be zero */
                put_nonzero_tail(c, seg_get(c, OPENAT2_SEG_TAIL, RENACER_SEG_BUF), size, sizeof(*h),
                                 ", ");
                db_putc(c->b, '}');
        }
        s_ulong(c, size);
}

/* ---- security ---- */

void dec_seccomp(struct dctx *c)
{
        uint32_t op = (uint32_t)A(0);

        arg_next(c);
        put_xval(c->b, &xl_seccomp_ops, op, "SECCOMP_???");
        s_hex(c, (uint32_t)A(1));
        arg_next(c);
        if (op == SECCOMP_GET_ACTION_AVAIL) {
                const uint32_t *act = seg_struct(c, 2, sizeof(*act));

                if (!act) {
                        put_ptr(c, A(2));
                        return;
                }
                db_putc(c->b, '[');
                put_xval(c->b, &xl_seccomp_ret_action, *act, "SECCOMP_RET_???");
                db_putc(c->b, ']');
        } else if (op == SECCOMP_GET_NOTIF_SIZES && call_ok(c)) {
                const struct seccomp_notif_sizes *z = seg_struct(c, 2, sizeof(*z));

                if (!z) {
                        put_ptr(c, A(2));
                        return;
                }
                db_printf(c->b, "{seccomp_notif=%u, seccomp_notif_resp=%u, seccomp_data=%u}",
                          z->seccomp_notif, z->seccomp_notif_resp, z->seccomp_data);
        } else {
                /* the filter program and its flags are not decoded */
                put_ptr(c, A(2));
        }
}

/* ---- modules and kexec ---- */

void dec_kexec_file_load(struct dctx *c)
{
        s_int(c, A(0));
        s_int(c, A(1));
        s_ulong(c, A(2));
        s_strn(c, 3, A(2));
        arg_next(c);
        put_flags(c->b, &xl_kexec_file_load_flags, A(4), "KEXEC_FILE_???");
}
