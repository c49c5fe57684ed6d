// SPDX-License-Identifier: MIT
/*
 * bpf(2) as strace 6.1 prints it without -v (its bpf.c): the command, the
 * union bpf_attr as the command's own structure, cut at the size argument
 * (a field the size does not reach is not shown) and followed by "..."
 * when the bytes past the structure strace knows are not all zero, and
 * the size. An attr of size 0, of more than a page or that cannot be read
 * whole prints as its address. The row in engine/syscall-table/syscalls.def
 * copies the attr (EXIT(ATTR)) and the strings some commands point to;
 * everything comes from those segments.
 */
#include <linux/bpf.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-array.h"
#include "decode-internal.h"
#include "decode-net.h"
#include "uapi-consts.h"

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_bpf_commands, xl_bpf_map_types, xl_bpf_map_flags, xl_bpf_prog_types,
    xl_bpf_prog_flags, xl_bpf_attach_type, xl_bpf_attach_flags, xl_bpf_file_mode_flags,
    xl_bpf_map_lookup_elem_flags, xl_bpf_map_update_elem_flags, xl_bpf_query_flags,
    xl_bpf_test_run_flags, xl_bpf_task_fd_type, xl_bpf_link_create_kprobe_multi_flags;

_Static_assert(RENACER_BPF_OBJ_PIN == BPF_OBJ_PIN, "uapi-consts.h");
_Static_assert(RENACER_BPF_OBJ_GET == BPF_OBJ_GET, "uapi-consts.h");
_Static_assert(RENACER_BPF_PROG_LOAD == BPF_PROG_LOAD, "uapi-consts.h");
_Static_assert(RENACER_BPF_RAW_TRACEPOINT_OPEN == BPF_RAW_TRACEPOINT_OPEN, "uapi-consts.h");
_Static_assert(RENACER_BPF_BTF_LOAD == BPF_BTF_LOAD, "uapi-consts.h");
_Static_assert(RENACER_BPF_LINK_CREATE == BPF_LINK_CREATE, "uapi-consts.h");
/* the layouts strace 6.1 knows, as the kernel has them */
_Static_assert(offsetof(union bpf_attr, map_extra) == 64, "BPF_MAP_CREATE");
_Static_assert(offsetof(union bpf_attr, fd_array) == 120, "BPF_PROG_LOAD");
_Static_assert(offsetof(union bpf_attr, test.batch_size) == 72, "BPF_PROG_TEST_RUN");
_Static_assert(offsetof(union bpf_attr, task_fd_query.probe_addr) == 40, "BPF_TASK_FD_QUERY");
_Static_assert(offsetof(union bpf_attr, batch.flags) == 48, "BPF_MAP_*_BATCH");
_Static_assert(offsetof(union bpf_attr, link_create.kprobe_multi.cookies) == 40, "BPF_LINK_CREATE");

#define OFF(f)    offsetof(union bpf_attr, f)
#define END(f)    (OFF(f) + sizeof(((union bpf_attr *)0)->f))
#define HAS(a, f) ((a)->len > OFF(f))
/* the largest structure strace knows fits the header's union */
_Static_assert(END(fd_array) <= sizeof(union bpf_attr), "union bpf_attr");

/* One attr being printed: its bytes (a zeroed copy, of which len came
 * from the call) and the size of the structure strace knows for the
 * command, after which non-zero bytes are "...". */
struct battr {
        union bpf_attr u;
        uint32_t len;
        uint32_t known;
};

static void f_u(struct dctx *c, const char *name, uint64_t v)
{
        db_printf(c->b, "%s=%llu", name, (unsigned long long)v);
}

static void f_d(struct dctx *c, const char *name, uint32_t v)
{
        db_printf(c->b, "%s=%d", name, (int32_t)v);
}

static void f_x(struct dctx *c, const char *name, uint64_t v)
{
        db_printf(c->b, "%s=", name);
        put_hex(c, v);
}

static void f_addr(struct dctx *c, const char *name, uint64_t v)
{
        db_printf(c->b, "%s=", name);
        put_ptr(c, v);
}

static void f_flags(struct dctx *c, const char *name, uint64_t v, const struct xlat *x)
{
        db_printf(c->b, "%s=", name);
        put_flags(c->b, x, v, x->dflt);
}

static void f_xval(struct dctx *c, const char *name, uint64_t v, const struct xlat *x)
{
        db_printf(c->b, "%s=", name);
        put_xval(c->b, x, v, x->dflt);
}

/* PRINT_FIELD_CSTRING_SZ: a char array of which size bytes are present,
 * "..." after size - 1 of them when none of them is a NUL */
static void f_cstr(struct dctx *c, const char *name, const char *s, size_t size)
{
        size_t n = strnlen(s, size);

        db_printf(c->b, "%s=", name);
        if (n == size && size) {
                put_quoted(c->b, (const uint8_t *)s, size - 1, false);
                db_puts(c->b, "...");
                return;
        }
        put_quoted(c->b, (const uint8_t *)s, n, false);
}

/* A string a field points to, captured by the row's FIELD_STR (the
 * idx-th STR segment of argument 1): NULL, its address when it could not
 * be read, a path whole, any other as printstr_ex() shows at most len
 * bytes of it (and at most -s): "..." when no NUL came within them. */
#define STR_PATH UINT64_MAX
#define STR_ANY  (UINT64_MAX - 1) /* printstr(): no length but -s */
static void f_str(struct dctx *c, const char *name, uint64_t ptr, unsigned idx, uint64_t len)
{
        const struct record_seg *s = seg_nth(c, 1, RENACER_SEG_STR, idx);
        uint64_t k = len < c->strsize ? len : c->strsize;

        db_printf(c->b, "%s=", name);
        if (!ptr) {
                db_puts(c->b, "NULL");
                return;
        }
        if (!s || (s->flags & RENACER_SEGF_FAULT)) {
                put_ptr(c, ptr);
                return;
        }
        if (len == STR_PATH) {
                put_quoted(c->b, s->data, s->len, false);
                if (s->flags & RENACER_SEGF_TRUNC)
                        db_puts(c->b, "...");
                return;
        }
        put_quoted(c->b, s->data, s->len < k ? s->len : (size_t)k, false);
        /* cut at -s: more than -s bytes before the NUL (strace looks one
         * byte further); cut at len: no NUL within the len bytes */
        if ((len > c->strsize && (s->len > k || (s->flags & RENACER_SEGF_TRUNC))) ||
            (len && len <= c->strsize && s->len >= len))
                db_puts(c->b, "...");
}

#define SEP db_puts(c->b, ", ")

/* ---- the commands ---- */

static void b_map_create(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;

        db_putc(c->b, '{');
        f_xval(c, "map_type", u->map_type, &xl_bpf_map_types);
        SEP;
        f_u(c, "key_size", u->key_size);
        SEP;
        f_u(c, "value_size", u->value_size);
        SEP;
        f_u(c, "max_entries", u->max_entries);
        if (!HAS(a, map_flags))
                return;
        SEP;
        f_flags(c, "map_flags", u->map_flags, &xl_bpf_map_flags);
        if (!HAS(a, inner_map_fd))
                return;
        SEP;
        f_d(c, "inner_map_fd", u->inner_map_fd);
        if (!HAS(a, numa_node))
                return;
        if (u->map_flags & BPF_F_NUMA_NODE) {
                SEP;
                f_u(c, "numa_node", u->numa_node);
                if (u->numa_node == UINT32_MAX)
                        db_puts(c->b, " /* NUMA_NO_NODE */");
        }
        if (!HAS(a, map_name))
                return;
        SEP;
        f_cstr(c, "map_name", u->map_name,
               a->len - OFF(map_name) < sizeof(u->map_name) ? a->len - OFF(map_name)
                                                            : sizeof(u->map_name));
        if (!HAS(a, map_ifindex))
                return;
        db_puts(c->b, ", map_ifindex=");
        put_ifindex(c, u->map_ifindex);
        if (!HAS(a, btf_fd))
                return;
        SEP;
        f_d(c, "btf_fd", u->btf_fd);
        SEP;
        f_u(c, "btf_key_type_id", u->btf_key_type_id);
        SEP;
        f_u(c, "btf_value_type_id", u->btf_value_type_id);
        if (!HAS(a, btf_vmlinux_value_type_id))
                return;
        SEP;
        f_u(c, "btf_vmlinux_value_type_id", u->btf_vmlinux_value_type_id);
        if (!HAS(a, map_extra))
                return;
        SEP;
        f_u(c, "map_extra", u->map_extra);
}

static void b_map_elem(struct dctx *c, struct battr *a, unsigned cmd)
{
        const union bpf_attr *u = &a->u;

        db_putc(c->b, '{');
        f_d(c, "map_fd", u->map_fd);
        SEP;
        f_addr(c, "key", u->key);
        switch (cmd) {
        case BPF_MAP_DELETE_ELEM:
                return;
        case BPF_MAP_GET_NEXT_KEY:
                SEP;
                f_addr(c, "next_key", u->next_key);
                return;
        }
        SEP;
        f_addr(c, "value", u->value);
        if (cmd == BPF_MAP_UPDATE_ELEM) {
                SEP;
                f_xval(c, "flags", u->flags, &xl_bpf_map_update_elem_flags);
        } else if (HAS(a, flags)) {
                SEP;
                f_flags(c, "flags", u->flags, &xl_bpf_map_lookup_elem_flags);
        }
}

static void b_prog_load(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;

        db_putc(c->b, '{');
        f_xval(c, "prog_type", u->prog_type, &xl_bpf_prog_types);
        SEP;
        f_u(c, "insn_cnt", u->insn_cnt);
        SEP;
        /* without -v the instructions are an address */
        f_addr(c, "insns", u->insns);
        SEP;
        f_str(c, "license", u->license, 0, STR_ANY);
        if (!HAS(a, log_level))
                return;
        SEP;
        f_u(c, "log_level", u->log_level);
        SEP;
        f_u(c, "log_size", u->log_size);
        SEP;
        /* the log as the program passed it, up to log_size bytes */
        f_str(c, "log_buf", u->log_buf, 1, u->log_size);
        if (!HAS(a, kern_version))
                return;
        db_printf(c->b, ", kern_version=KERNEL_VERSION(%u, %u, %u)", u->kern_version >> 16,
                  (u->kern_version >> 8) & 0xff, u->kern_version & 0xff);
        if (!HAS(a, prog_flags))
                return;
        SEP;
        f_flags(c, "prog_flags", u->prog_flags, &xl_bpf_prog_flags);
        if (!HAS(a, prog_name))
                return;
        SEP;
        f_cstr(c, "prog_name", u->prog_name,
               a->len - OFF(prog_name) < sizeof(u->prog_name) ? a->len - OFF(prog_name)
                                                              : sizeof(u->prog_name));
        if (!HAS(a, prog_ifindex))
                return;
        db_puts(c->b, ", prog_ifindex=");
        put_ifindex(c, u->prog_ifindex);
        if (!HAS(a, expected_attach_type))
                return;
        SEP;
        f_xval(c, "expected_attach_type", u->expected_attach_type, &xl_bpf_attach_type);
        if (!HAS(a, prog_btf_fd))
                return;
        SEP;
        f_d(c, "prog_btf_fd", u->prog_btf_fd);
        SEP;
        f_u(c, "func_info_rec_size", u->func_info_rec_size);
        SEP;
        f_addr(c, "func_info", u->func_info);
        SEP;
        f_u(c, "func_info_cnt", u->func_info_cnt);
        SEP;
        f_u(c, "line_info_rec_size", u->line_info_rec_size);
        SEP;
        f_addr(c, "line_info", u->line_info);
        SEP;
        f_u(c, "line_info_cnt", u->line_info_cnt);
        if (!HAS(a, attach_btf_id))
                return;
        SEP;
        f_u(c, "attach_btf_id", u->attach_btf_id);
        if (!HAS(a, attach_prog_fd))
                return;
        SEP;
        f_d(c, "attach_prog_fd", u->attach_prog_fd);
        if (!HAS(a, fd_array))
                return;
        SEP;
        f_addr(c, "fd_array", u->fd_array);
}

static void b_obj_pin(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;

        db_putc(c->b, '{');
        f_str(c, "pathname", u->pathname, 0, STR_PATH);
        SEP;
        f_d(c, "bpf_fd", u->bpf_fd);
        if (!HAS(a, file_flags))
                return;
        SEP;
        f_flags(c, "file_flags", u->file_flags, &xl_bpf_file_mode_flags);
}

static void b_prog_attach(struct dctx *c, struct battr *a, unsigned cmd)
{
        const union bpf_attr *u = &a->u;

        db_putc(c->b, '{');
        f_d(c, "target_fd", u->target_fd);
        if (cmd == BPF_PROG_DETACH) {
                SEP;
                f_xval(c, "attach_type", u->attach_type, &xl_bpf_attach_type);
                return;
        }
        SEP;
        f_d(c, "attach_bpf_fd", u->attach_bpf_fd);
        SEP;
        f_xval(c, "attach_type", u->attach_type, &xl_bpf_attach_type);
        SEP;
        f_flags(c, "attach_flags", u->attach_flags, &xl_bpf_attach_flags);
        if (!HAS(a, replace_bpf_fd))
                return;
        SEP;
        f_d(c, "replace_bpf_fd", u->replace_bpf_fd);
}

static void b_test_run(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;

        db_puts(c->b, "{test={");
        f_d(c, "prog_fd", u->test.prog_fd);
        SEP;
        f_u(c, "retval", u->test.retval);
        SEP;
        f_u(c, "data_size_in", u->test.data_size_in);
        SEP;
        f_u(c, "data_size_out", u->test.data_size_out);
        SEP;
        f_addr(c, "data_in", u->test.data_in);
        SEP;
        f_addr(c, "data_out", u->test.data_out);
        SEP;
        f_u(c, "repeat", u->test.repeat);
        SEP;
        f_u(c, "duration", u->test.duration);
        if (HAS(a, test.ctx_size_in)) {
                SEP;
                f_u(c, "ctx_size_in", u->test.ctx_size_in);
                SEP;
                f_u(c, "ctx_size_out", u->test.ctx_size_out);
                SEP;
                f_addr(c, "ctx_in", u->test.ctx_in);
                SEP;
                f_addr(c, "ctx_out", u->test.ctx_out);
        }
        if (HAS(a, test.flags)) {
                SEP;
                f_flags(c, "flags", u->test.flags, &xl_bpf_test_run_flags);
                SEP;
                f_u(c, "cpu", u->test.cpu);
        }
        if (HAS(a, test.batch_size)) {
                SEP;
                f_u(c, "batch_size", u->test.batch_size);
        }
        db_putc(c->b, '}');
}

/* *_GET_NEXT_ID and *_GET_FD_BY_ID: an id, then (but for BTF and link
 * ids) next_id and open_flags */
static void b_ids(struct dctx *c, struct battr *a, const char *id_name, bool full)
{
        const union bpf_attr *u = &a->u;

        db_putc(c->b, '{');
        f_u(c, id_name, u->start_id);
        if (!full)
                return;
        SEP;
        f_u(c, "next_id", u->next_id);
        if (!HAS(a, open_flags))
                return;
        SEP;
        f_flags(c, "open_flags", u->open_flags, &xl_bpf_file_mode_flags);
}

static void b_obj_info(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;

        db_puts(c->b, "{info={");
        f_d(c, "bpf_fd", u->info.bpf_fd);
        SEP;
        f_u(c, "info_len", u->info.info_len);
        SEP;
        /* the info the kernel fills is not captured: its address */
        f_addr(c, "info", u->info.info);
        db_putc(c->b, '}');
}

static void b_prog_query(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;
        uint64_t ids = u->query.prog_ids;
        uint32_t cnt = u->query.prog_cnt;

        db_puts(c->b, "{query={");
        f_d(c, "target_fd", u->query.target_fd);
        SEP;
        f_xval(c, "attach_type", u->query.attach_type, &xl_bpf_attach_type);
        SEP;
        f_flags(c, "query_flags", u->query.query_flags, &xl_bpf_query_flags);
        SEP;
        f_flags(c, "attach_flags", u->query.attach_flags, &xl_bpf_attach_flags);
        /* the ids the kernel wrote are not captured: NULL, [] or the
         * address, as strace prints them after a failure */
        db_puts(c->b, ", prog_ids=");
        if (!ids)
                db_puts(c->b, "NULL");
        else if (!cnt)
                db_puts(c->b, "[]");
        else
                put_ptr(c, ids);
        SEP;
        f_u(c, "prog_cnt", cnt);
        db_putc(c->b, '}');
}

static void b_raw_tp(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;

        db_puts(c->b, "{raw_tracepoint={");
        /* strace reads at most 128 bytes of it */
        f_str(c, "name", u->raw_tracepoint.name, 0, 128);
        SEP;
        f_d(c, "prog_fd", u->raw_tracepoint.prog_fd);
        db_putc(c->b, '}');
}

static void b_btf_load(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;
        const struct record_seg *s = seg_nth(c, 1, RENACER_SEG_BUF, 1);

        /* printstrn(): btf_size bytes, cut at -s */
        db_puts(c->b, "{btf=");
        if (!u->btf) {
                db_puts(c->b, "NULL");
        } else if (!s || (s->flags & RENACER_SEGF_FAULT)) {
                put_ptr(c, u->btf);
        } else {
                size_t n = s->len < u->btf_size ? s->len : u->btf_size;

                if (n > c->strsize)
                        n = c->strsize;
                put_quoted(c->b, s->data, n, false);
                if (n < u->btf_size)
                        db_puts(c->b, "...");
        }
        SEP;
        f_addr(c, "btf_log_buf", u->btf_log_buf);
        SEP;
        f_u(c, "btf_size", u->btf_size);
        SEP;
        f_u(c, "btf_log_size", u->btf_log_size);
        SEP;
        f_u(c, "btf_log_level", u->btf_log_level);
}

static void b_task_fd_query(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;

        db_puts(c->b, "{task_fd_query={");
        f_d(c, "pid", u->task_fd_query.pid);
        SEP;
        f_d(c, "fd", u->task_fd_query.fd);
        SEP;
        f_u(c, "flags", u->task_fd_query.flags);
        SEP;
        f_u(c, "buf_len", u->task_fd_query.buf_len);
        /* the name the kernel writes is not captured: its address */
        SEP;
        f_addr(c, "buf", u->task_fd_query.buf);
        SEP;
        f_u(c, "prog_id", u->task_fd_query.prog_id);
        SEP;
        f_xval(c, "fd_type", u->task_fd_query.fd_type, &xl_bpf_task_fd_type);
        SEP;
        f_x(c, "probe_offset", u->task_fd_query.probe_offset);
        SEP;
        f_x(c, "probe_addr", u->task_fd_query.probe_addr);
        db_putc(c->b, '}');
}

static void b_batch(struct dctx *c, struct battr *a, unsigned cmd)
{
        const union bpf_attr *u = &a->u;

        db_puts(c->b, "{batch={");
        if (cmd == BPF_MAP_LOOKUP_BATCH || cmd == BPF_MAP_LOOKUP_AND_DELETE_BATCH) {
                f_addr(c, "in_batch", u->batch.in_batch);
                SEP;
                f_addr(c, "out_batch", u->batch.out_batch);
                SEP;
        }
        f_addr(c, "keys", u->batch.keys);
        if (cmd != BPF_MAP_DELETE_BATCH) {
                SEP;
                f_addr(c, "values", u->batch.values);
        }
        SEP;
        f_u(c, "count", u->batch.count);
        SEP;
        f_d(c, "map_fd", u->batch.map_fd);
        SEP;
        f_flags(c, "elem_flags", u->batch.elem_flags, &xl_bpf_map_lookup_elem_flags);
        SEP;
        f_x(c, "flags", u->batch.flags);
        db_putc(c->b, '}');
}

/* union bpf_iter_link_info as strace 6.1 knows it: a map fd */
static void elem_iter_info(struct dctx *c, const uint8_t *e)
{
        int32_t fd;

        memcpy(&fd, e, sizeof(fd));
        db_puts(c->b, "{map={map_fd=");
        put_int(c, (uint32_t)fd);
        db_puts(c->b, "}}");
}

static void b_link_create(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;

        db_puts(c->b, "{link_create={");
        f_d(c, "prog_fd", u->link_create.prog_fd);
        SEP;
        f_d(c, "target_fd", u->link_create.target_fd);
        SEP;
        f_xval(c, "attach_type", u->link_create.attach_type, &xl_bpf_attach_type);
        SEP;
        f_x(c, "flags", u->link_create.flags);
        if (HAS(a, link_create.target_btf_id)) {
                /* strace guesses the union's member from the attach type,
                 * and checks the bytes after that member for "..." */
                switch (u->link_create.attach_type) {
                case 0:
                        if (u->link_create.target_btf_id) {
                                SEP;
                                f_u(c, "target_btf_id", u->link_create.target_btf_id);
                        }
                        a->known = END(link_create.target_btf_id);
                        break;
                case BPF_TRACE_ITER:
                        /* the row's FIELD_ARRAY: BUF segment 1 */
                        db_puts(c->b, ", iter_info=");
                        put_seg_array(c, seg_nth(c, 1, RENACER_SEG_BUF, 1),
                                      u->link_create.iter_info, u->link_create.iter_info_len,
                                      sizeof(uint32_t), elem_iter_info);
                        SEP;
                        f_u(c, "iter_info_len", u->link_create.iter_info_len);
                        a->known = END(link_create.iter_info_len);
                        break;
                case BPF_PERF_EVENT:
                        db_puts(c->b, ", perf_event={");
                        f_x(c, "bpf_cookie", u->link_create.perf_event.bpf_cookie);
                        db_putc(c->b, '}');
                        a->known = END(link_create.perf_event.bpf_cookie);
                        break;
                case BPF_TRACE_KPROBE_MULTI:
                        /* the symbol, address and cookie arrays are not
                         * captured: their addresses */
                        db_puts(c->b, ", kprobe_multi={flags=");
                        put_flags(c->b, &xl_bpf_link_create_kprobe_multi_flags,
                                  u->link_create.kprobe_multi.flags,
                                  xl_bpf_link_create_kprobe_multi_flags.dflt);
                        SEP;
                        f_u(c, "cnt", u->link_create.kprobe_multi.cnt);
                        SEP;
                        f_addr(c, "syms", u->link_create.kprobe_multi.syms);
                        SEP;
                        f_addr(c, "addrs", u->link_create.kprobe_multi.addrs);
                        SEP;
                        f_addr(c, "cookies", u->link_create.kprobe_multi.cookies);
                        db_putc(c->b, '}');
                        a->known = END(link_create.kprobe_multi.cookies);
                        break;
                default:
                        a->known = END(link_create.flags);
                }
        }
        db_putc(c->b, '}');
}

static void b_link_update(struct dctx *c, struct battr *a)
{
        const union bpf_attr *u = &a->u;

        db_puts(c->b, "{link_update={");
        f_d(c, "link_fd", u->link_update.link_fd);
        SEP;
        f_d(c, "new_prog_fd", u->link_update.new_prog_fd);
        SEP;
        f_flags(c, "flags", u->link_update.flags, &xl_bpf_attach_flags);
        if (u->link_update.flags & BPF_F_REPLACE) {
                SEP;
                f_d(c, "old_prog_fd", u->link_update.old_prog_fd);
        }
        db_putc(c->b, '}');
}

/* The size of each command's structure as strace 6.1 knows it (its
 * bpf_attr.h): its fields, the bytes after which must be zero. 0: a
 * command strace does not decode (the attr's address). */
static uint32_t known_size(unsigned cmd)
{
        switch (cmd) {
        case BPF_MAP_CREATE:
                return END(map_extra);
        case BPF_MAP_LOOKUP_ELEM:
        case BPF_MAP_UPDATE_ELEM:
        case BPF_MAP_LOOKUP_AND_DELETE_ELEM:
                return END(flags);
        case BPF_MAP_DELETE_ELEM:
                return END(key);
        case BPF_MAP_GET_NEXT_KEY:
                return END(next_key);
        case BPF_MAP_FREEZE:
        case BPF_BTF_GET_FD_BY_ID:
        case BPF_LINK_GET_FD_BY_ID:
                return END(map_fd);
        case BPF_PROG_LOAD:
                return END(fd_array);
        case BPF_OBJ_PIN:
        case BPF_OBJ_GET:
                return END(file_flags);
        case BPF_PROG_ATTACH:
                return END(replace_bpf_fd);
        case BPF_PROG_DETACH:
                return END(attach_type);
        case BPF_PROG_TEST_RUN:
                return END(test.batch_size);
        case BPF_PROG_GET_NEXT_ID:
        case BPF_MAP_GET_NEXT_ID:
        case BPF_BTF_GET_NEXT_ID:
        case BPF_LINK_GET_NEXT_ID:
        case BPF_PROG_GET_FD_BY_ID:
        case BPF_MAP_GET_FD_BY_ID:
                return END(open_flags);
        case BPF_OBJ_GET_INFO_BY_FD:
                return END(info.info);
        case BPF_PROG_QUERY:
                return END(query.prog_cnt);
        case BPF_RAW_TRACEPOINT_OPEN:
                return END(raw_tracepoint.prog_fd);
        case BPF_BTF_LOAD:
                return END(btf_log_level);
        case BPF_TASK_FD_QUERY:
                return END(task_fd_query.probe_addr);
        case BPF_MAP_LOOKUP_BATCH:
        case BPF_MAP_LOOKUP_AND_DELETE_BATCH:
        case BPF_MAP_UPDATE_BATCH:
        case BPF_MAP_DELETE_BATCH:
                return END(batch.flags);
        case BPF_LINK_CREATE:
                return END(link_create.kprobe_multi.cookies);
        case BPF_LINK_UPDATE:
                return END(link_update.old_prog_fd);
        }
        return 0;
}

static void put_attr(struct dctx *c, unsigned cmd, uint32_t size, const struct record_seg *s)
{
        struct battr a;

        memset(&a, 0, sizeof(a));
        a.known = known_size(cmd);
        a.len = size < a.known ? size : a.known;
        memcpy(&a.u, s->data, a.len < s->len ? a.len : s->len);
        switch (cmd) {
        case BPF_MAP_CREATE:
                b_map_create(c, &a);
                break;
        case BPF_MAP_LOOKUP_ELEM:
        case BPF_MAP_UPDATE_ELEM:
        case BPF_MAP_DELETE_ELEM:
        case BPF_MAP_GET_NEXT_KEY:
        case BPF_MAP_LOOKUP_AND_DELETE_ELEM:
                b_map_elem(c, &a, cmd);
                break;
        case BPF_MAP_FREEZE:
                db_putc(c->b, '{');
                f_d(c, "map_fd", a.u.map_fd);
                break;
        case BPF_PROG_LOAD:
                b_prog_load(c, &a);
                break;
        case BPF_OBJ_PIN:
        case BPF_OBJ_GET:
                b_obj_pin(c, &a);
                break;
        case BPF_PROG_ATTACH:
        case BPF_PROG_DETACH:
                b_prog_attach(c, &a, cmd);
                break;
        case BPF_PROG_TEST_RUN:
                b_test_run(c, &a);
                break;
        case BPF_PROG_GET_NEXT_ID:
        case BPF_MAP_GET_NEXT_ID:
        case BPF_BTF_GET_NEXT_ID:
        case BPF_LINK_GET_NEXT_ID:
                b_ids(c, &a, "start_id", true);
                break;
        case BPF_PROG_GET_FD_BY_ID:
                b_ids(c, &a, "prog_id", true);
                break;
        case BPF_MAP_GET_FD_BY_ID:
                b_ids(c, &a, "map_id", true);
                break;
        case BPF_BTF_GET_FD_BY_ID:
                b_ids(c, &a, "btf_id", false);
                break;
        case BPF_LINK_GET_FD_BY_ID:
                b_ids(c, &a, "link_id", false);
                break;
        case BPF_OBJ_GET_INFO_BY_FD:
                b_obj_info(c, &a);
                break;
        case BPF_PROG_QUERY:
                b_prog_query(c, &a);
                break;
        case BPF_RAW_TRACEPOINT_OPEN:
                b_raw_tp(c, &a);
                break;
        case BPF_BTF_LOAD:
                b_btf_load(c, &a);
                break;
        case BPF_TASK_FD_QUERY:
                b_task_fd_query(c, &a);
                break;
        case BPF_MAP_LOOKUP_BATCH:
        case BPF_MAP_LOOKUP_AND_DELETE_BATCH:
        case BPF_MAP_UPDATE_BATCH:
        case BPF_MAP_DELETE_BATCH:
                b_batch(c, &a, cmd);
                break;
        case BPF_LINK_CREATE:
                b_link_create(c, &a);
                break;
        case BPF_LINK_UPDATE:
                b_link_update(c, &a);
                break;
        }
        /* decode_attr_extra_data(): bytes past the known structure */
        for (uint32_t k = a.known; k < size && k < s->len; k++) {
                if (s->data[k]) {
                        db_puts(c->b, ", ...");
                        break;
                }
        }
        db_putc(c->b, '}');
}

void dec_bpf(struct dctx *c)
{
        const unsigned cmd = (uint32_t)A(0);
        const uint32_t size = (uint32_t)A(2);
        const struct record_seg *s = seg_nth(c, 1, RENACER_SEG_BUF, 0);

        a_xval32(c, 0, &xl_bpf_commands, xl_bpf_commands.dflt);
        arg_next(c);
        /* strace reads the whole attr of up to a page, or shows where */
        if (!size || size > RENACER_PAGE_SIZE || !known_size(cmd) || !s ||
            (s->flags & RENACER_SEGF_FAULT) || (s->len < size && !(s->flags & RENACER_SEGF_TRUNC)))
                put_ptr(c, A(1));
        else
                put_attr(c, cmd, size, s);
        a_uint(c, 2);
}
