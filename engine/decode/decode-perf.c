// SPDX-License-Identifier: MIT
/*
 * perf_event_open as strace 6.1 prints it without -v (its perf.c): the
 * struct perf_event_attr up to its bit flags, read before the call (the
 * kernel rewrites attr->size when it answers E2BIG, and strace shows the
 * new size after " => "), then "...". The row in
 * engine/syscall-table/syscalls.def copies those first bytes at entry and
 * the type and size words at exit; everything comes from those segments.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "decode-args.h"
#include "decode-internal.h"

/* generated from the lists in xlat/ by gen-xlat.py */
extern const struct xlat xl_perf_type_id, xl_perf_attr_size, xl_perf_hw_id, xl_perf_sw_ids,
    xl_perf_hw_cache_id, xl_perf_hw_cache_op_id, xl_perf_hw_cache_op_result_id,
    xl_perf_event_sample_format, xl_perf_event_read_format, xl_perf_event_open_flags;

/* What strace reads without -v: the attr up to wakeup_events, the fields
 * below at these offsets, the bit flags in one word after read_format. */
#define PEA_HEAD offsetof(struct perf_event_attr, wakeup_events)
#define PEA_BITS offsetof(struct perf_event_attr, read_format) + sizeof(uint64_t)
_Static_assert(PEA_HEAD == 48 && PEA_BITS == 40, "struct perf_event_attr head");
_Static_assert(offsetof(struct perf_event_attr, size) == 4, "perf_event_attr.size");
_Static_assert(offsetof(struct perf_event_attr, config) == 8, "perf_event_attr.config");
_Static_assert(offsetof(struct perf_event_attr, sample_type) == 24, "perf_event_attr.sample_type");
_Static_assert(PERF_ATTR_SIZE_VER0 == 64, "PERF_ATTR_SIZE_VER0");

/* The bit flags in the order of their bits, as strace 6.1's own copy of
 * the struct has them (a newer header may name more of the reserved
 * ones); precise_ip, two bits wide, is printed apart. The unit test
 * checks the positions against the header's bit-fields. */
#define PEA_PRECISE_IP 15
static const char *const pea_flags[] = {
    "disabled",
    "inherit",
    "pinned",
    "exclusive",
    "exclude_user",
    "exclude_kernel",
    "exclude_hv",
    "exclude_idle",
    "mmap",
    "comm",
    "freq",
    "inherit_stat",
    "enable_on_exec",
    "task",
    "watermark",
    NULL, /* precise_ip */
    NULL,
    "mmap_data",
    "sample_id_all",
    "exclude_host",
    "exclude_guest",
    "exclude_callchain_kernel",
    "exclude_callchain_user",
    "mmap2",
    "comm_exec",
    "use_clockid",
    "context_switch",
    "write_backward",
    "namespaces",
    "ksymbol",
    "bpf_event",
    "aux_output",
    "cgroup",
    "text_poke",
    "build_id",
    "inherit_thread",
    "remove_on_exec",
    "sigtrap",
};
#define PEA_RESERVED_SHIFT (sizeof(pea_flags) / sizeof(pea_flags[0]))
_Static_assert(PEA_RESERVED_SHIFT == 38, "__reserved_1 is bits 63..38");

static const char *const precise_ip_desc[] = {
    "arbitrary skid",
    "constant skid",
    "requested to have 0 skid",
    "must have 0 skid",
};

static uint64_t rd64(const uint8_t *p, size_t off)
{
        uint64_t v;

        memcpy(&v, p + off, sizeof(v));
        return v;
}

static uint32_t rd32(const uint8_t *p, size_t off)
{
        uint32_t v;

        memcpy(&v, p + off, sizeof(v));
        return v;
}

/* "0xX<<N|" for the bits of config above a field strace names */
static void put_shifted(struct dbuf *b, uint64_t v, unsigned shift)
{
        db_printf(b, "%#llx<<%u|", (unsigned long long)v, shift);
}

static void put_config(struct dbuf *b, uint32_t type, uint64_t config)
{
        db_puts(b, ", config=");
        switch (type) {
        case PERF_TYPE_HARDWARE:
                if (config >> 32)
                        put_shifted(b, config >> 32, 32);
                put_xval(b, &xl_perf_hw_id, config & 0xffffffff, xl_perf_hw_id.dflt);
                break;
        case PERF_TYPE_SOFTWARE:
                put_xval(b, &xl_perf_sw_ids, config, xl_perf_sw_ids.dflt);
                break;
        case PERF_TYPE_TRACEPOINT:
                db_printf(b, "%llu", (unsigned long long)config);
                break;
        case PERF_TYPE_HW_CACHE:
                if (config >> 32)
                        put_shifted(b, config >> 32, 32);
                if ((config & 0xffffffff) >> 24)
                        put_shifted(b, (config & 0xffffffff) >> 24, 24);
                put_xval(b, &xl_perf_hw_cache_op_result_id, (config >> 16) & 0xff,
                         xl_perf_hw_cache_op_result_id.dflt);
                db_puts(b, "<<16|");
                put_xval(b, &xl_perf_hw_cache_op_id, (config >> 8) & 0xff,
                         xl_perf_hw_cache_op_id.dflt);
                db_puts(b, "<<8|");
                put_xval(b, &xl_perf_hw_cache_id, config & 0xff, xl_perf_hw_cache_id.dflt);
                break;
        default:
                db_printf(b, "%#llx", (unsigned long long)config);
        }
}

static void put_attr(struct dctx *c)
{
        const struct record_seg *s = seg_at(c, 0, RENACER_SEG_BUF, false);
        const struct record_seg *e;
        const uint8_t *p;
        uint32_t type, size;
        uint64_t bits;

        if (!s || (s->flags & RENACER_SEGF_FAULT) || s->len < PEA_HEAD) {
                put_ptr(c, A(0));
                return;
        }
        p = s->data;
        type = rd32(p, 0);
        size = rd32(p, offsetof(struct perf_event_attr, size));
        /* strace's fetch_perf_event_attr(): 0 stands for the first
         * version, anything shorter is refused */
        if (size && size < PERF_ATTR_SIZE_VER0) {
                put_ptr(c, A(0));
                return;
        }
        db_puts(c->b, "{type=");
        put_xval(c->b, &xl_perf_type_id, type, xl_perf_type_id.dflt);
        db_puts(c->b, ", size=");
        put_xval(c->b, &xl_perf_attr_size, size, xl_perf_attr_size.dflt);
        if (c->failed && c->ret == -E2BIG) {
                /* the size the kernel wrote back */
                e = seg_at(c, 0, RENACER_SEG_BUF, true);
                db_puts(c->b, " => ");
                if (e && !(e->flags & RENACER_SEGF_FAULT) && e->len >= 8)
                        put_xval(c->b, &xl_perf_attr_size, rd32(e->data, 4),
                                 xl_perf_attr_size.dflt);
                else
                        db_puts(c->b, "???");
        }
        put_config(c->b, type, rd64(p, offsetof(struct perf_event_attr, config)));
        bits = rd64(p, PEA_BITS);
        db_printf(c->b, ", %s=%llu", (bits >> 10) & 1 ? "sample_freq" : "sample_period",
                  (unsigned long long)rd64(p, offsetof(struct perf_event_attr, sample_period)));
        db_puts(c->b, ", sample_type=");
        put_flags(c->b, &xl_perf_event_sample_format,
                  rd64(p, offsetof(struct perf_event_attr, sample_type)),
                  xl_perf_event_sample_format.dflt);
        db_puts(c->b, ", read_format=");
        put_flags(c->b, &xl_perf_event_read_format,
                  rd64(p, offsetof(struct perf_event_attr, read_format)),
                  xl_perf_event_read_format.dflt);
        for (unsigned k = 0; k < PEA_RESERVED_SHIFT; k++) {
                if (k == PEA_PRECISE_IP) {
                        unsigned ip = (bits >> PEA_PRECISE_IP) & 3;

                        db_printf(c->b, ", precise_ip=%u /* %s */", ip, precise_ip_desc[ip]);
                        continue;
                }
                if (pea_flags[k] && ((bits >> k) & 1))
                        db_printf(c->b, ", %s=1", pea_flags[k]);
        }
        if (bits >> PEA_RESERVED_SHIFT)
                db_printf(c->b, ", __reserved_1=%#llx /* Bits 63..38 */",
                          (unsigned long long)(bits >> PEA_RESERVED_SHIFT));
        /* the fields after the flags, which only -v shows */
        db_puts(c->b, ", ...}");
}

void dec_perf_event_open(struct dctx *c)
{
        arg_next(c);
        put_attr(c);
        a_int(c, 1);
        a_int(c, 2);
        a_int(c, 3);
        arg_next(c);
        put_flags(c->b, &xl_perf_event_open_flags, A(4), xl_perf_event_open_flags.dflt);
}
