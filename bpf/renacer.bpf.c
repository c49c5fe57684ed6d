// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * renacer's kernel side: syscall tracing for tracked processes only.
 *
 * sys_enter stores the arguments (and path strings, which must be read before
 * the call can change or unmap them) in a per-thread slot; sys_exit folds the
 * call into the per-session aggregate and emits one record with duration,
 * result and the read-side data that exists only after the call. The sched
 * tracepoints keep the set of tracked processes right across fork, exec and
 * exit.
 *
 * Cost for an untracked process is one load from a global array: the
 * `tgid_slots` counters say whether any tracked tgid hashes to this slot, and
 * only then is the `tracked` hash consulted.
 */
#include "vmlinux.h"
#include <asm/unistd_64.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "renacer-event.h"
#include "uapi-consts.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Hide a value's known range from the compiler so that the mask after it
 * survives optimisation and the verifier sees the bound. */
#define bound(v, mask)                                                                             \
        do {                                                                                       \
                asm volatile("" : "+r"(v));                                                        \
                (v) &= (mask);                                                                     \
        } while (0)

#define TGID_SLOTS 16384
#define MAX_ERRNO  4095

/* Set before load by user space. */
const volatile __u64 ring_size = 0;
/* Unconsumed bytes above which a record wakes the consumer up at once. */
const volatile __u64 wakeup_bytes = 0;
/* Ring space only lifecycle records may use, so a syscall storm cannot hide
 * an exit and leave a session waiting forever. */
const volatile __u64 lifecycle_headroom = 0;

/* Set by the daemon while daemon-wide policies with a match: selector are
 * loaded: every exec on the host then opens a provisional auto-session
 * (aggregation only) that the daemon adopts or drops. */
__u32 auto_track;
/* Provisional auto-session ids handed out (auto_id()). */
__u64 auto_seq;

/* Bumped by user space each time it attaches sys_enter/sys_exit (they are
 * attached only while a session or daemon-wide policy exists): an enter
 * state written before the last detach belongs to no call sys_exit can
 * pair it with. */
__u32 attach_gen;

/* Bumped, by user space and by these programs, after a session leaves a
 * tracked set (a slot cleared, an entry deleted). A call whose sys_enter
 * read the same value before its lookup needs no second lookup at
 * sys_exit: every session it saw still traces the process. */
__u32 track_gen;

/* Entries of cgroup_scopes, kept by user space: while 0, fork and cgroup
 * migration cost nothing more than before scopes existed. */
__u32 cgroup_scopes_live;

/* Counts of tracked tgids per (tgid % TGID_SLOTS); user space updates them
 * atomically through the mmapped .bss. */
__u64 tgid_slots[TGID_SLOTS];

struct enter_state {
        __u64 ts;
        __u64 args[6];
        __s32 nr;
        __u32 gen;       /* attach_gen at sys_enter */
        __u32 track_gen; /* track_gen at sys_enter, read before `tracked` */
        /* the sessions (by slot) that trace this call: each aggregates it */
        __u32 sessions[RENACER_PROC_SESSIONS];
        __u32 capture;
        __u32 buf_capture; /* bytes of each buffer captured at exit */
        __u16 plen;
        __u8 nseg;
        __u8 active;
        __u8 cut;
        __u8 retry;       /* bit i: arg i's path faulted or was longer than
                           * RENACER_PATH_CAP at enter: read it at exit */
        __u8 stream;      /* bit i: slot i's session gets the record */
        __u8 stack;       /* -k: bit i: slot i's session gets the call's stack */
        __u8 maps;        /* -k: bit i: slot i's session is told of executable mappings */
        __u8 stack_copy;  /* a stack session unwinds with CFI: copy the stack */
        __u8 stack_taken; /* the stack was taken at entry */
        __u8 causal;      /* --causal: bit i: slot i's session wants causal facts */
        __u8 fds;         /* -y: a session wants its pipes and sockets named */
        __u8 env;         /* -v: execve's environment strings (1), getdents64's entries (2) */
        __u8 owned;       /* a session of a non-root owner traced it at entry */
        /* payload area: offsets stay below ENTER_LIMIT; the slack after it
         * lets the verifier see every masked write as in bounds */
        __u8 payload[2304];
};
#define ENTER_LIMIT 1024

struct scratch {
        struct renacer_syscall_event ev;
        /* offsets stay below RENACER_PAYLOAD_MAX; the slack after it lets
         * the verifier see a masked offset plus the longest copy (a
         * RENACER_PATH_MAX path) as in bounds */
        __u8 payload[RENACER_PAYLOAD_MAX + RENACER_PATH_MAX + 64];
};
#define PAYLOAD_MASK (RENACER_PAYLOAD_MAX - 1)

struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 16384);
        __type(key, __u32);
        __type(value, struct renacer_tracked_set);
} tracked SEC(".maps");

/* A set being built for a forked child (too large for the BPF stack). */
struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
        __uint(max_entries, 1);
        __type(key, __u32);
        __type(value, struct renacer_tracked_set);
} set_scratch SEC(".maps");

/* A call's state from sys_enter to sys_exit, in the task itself: one
 * cached pointer chase instead of a hash lookup each way, and freed with
 * the task. */
struct {
        __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
        __uint(map_flags, BPF_F_NO_PREALLOC);
        __type(key, int);
        __type(value, struct enter_state);
} enter_map SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
        __uint(max_entries, 16384);
        __type(key, struct renacer_agg_key);
        __type(value, struct renacer_agg);
} agg SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 16384);
        __type(key, __u32);
        __type(value, struct renacer_session_drops);
} session_drops SEC(".maps");

/* session id -> the syscalls it has `agg` entries for */
struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 16384);
        __type(key, __u32);
        __type(value, struct renacer_agg_nrs);
} agg_nrs SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
        __uint(max_entries, RENACER_CNT_MAX);
        __type(key, __u32);
        __type(value, __u64);
} counters SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
        __uint(max_entries, 1);
        __type(key, __u32);
        __type(value, struct scratch);
} scratch_map SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_RINGBUF);
        __uint(max_entries, 1 << 24); /* resized before load */
} events SEC(".maps");

/* trace --cgroup: the sessions scoped to a cgroup v2 subtree, keyed by the
 * cgroup id (kernfs id, what bpf_get_current_cgroup_id() returns) of its
 * top. Membership is decided when a process enters or leaves a cgroup
 * (fork, migration), never per syscall. */
struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 4096);
        __type(key, __u64);
        __type(value, struct renacer_tracked_set);
} cgroup_scopes SEC(".maps");

/* The scoped sessions a process belongs to, while they are worked out. */
struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
        __uint(max_entries, 1);
        __type(key, __u32);
        __type(value, struct renacer_tracked_set);
} scope_scratch SEC(".maps");

/* Zero values to insert from: too large for the BPF stack. */
static struct renacer_agg zero_agg;
static struct renacer_agg_nrs zero_nrs;

static __always_inline void count(__u32 idx)
{
        __u64 *c = bpf_map_lookup_elem(&counters, &idx);
        if (c)
                *c += 1;
}

static __always_inline int tgid_maybe_tracked(__u32 tgid)
{
        return *(volatile __u64 *)&tgid_slots[tgid & (TGID_SLOTS - 1)] != 0;
}

static __always_inline void tgid_slot_add(__u32 tgid, __s64 delta)
{
        __sync_fetch_and_add(&tgid_slots[tgid & (TGID_SLOTS - 1)], delta);
}

static __always_inline void track_changed(void)
{
        __sync_fetch_and_add(&track_gen, 1);
}

static __always_inline __u32 log2_u64(__u64 v)
{
        __u32 r = 0, shift;
        shift = (v > 0xFFFFFFFF) << 5;
        v >>= shift;
        r = shift;
        shift = (v > 0xFFFF) << 4;
        v >>= shift;
        r |= shift;
        shift = (v > 0xFF) << 3;
        v >>= shift;
        r |= shift;
        shift = (v > 0xF) << 2;
        v >>= shift;
        r |= shift;
        shift = (v > 0x3) << 1;
        v >>= shift;
        r |= shift;
        r |= (v >> 1);
        return r;
}

/* Note nr in the session's set before its first entry exists, so that no
 * entry is ever unknown to user space; false when the set has no room. */
static __always_inline bool agg_note_nr(__u32 session_id, __s32 nr)
{
        struct renacer_agg_nrs *n = bpf_map_lookup_elem(&agg_nrs, &session_id);
        __u32 w = (__u32)nr >> 6;

        bound(w, RENACER_SYSCALL_MAX / 64 - 1);
        if (!n) {
                bpf_map_update_elem(&agg_nrs, &session_id, &zero_nrs, BPF_NOEXIST);
                n = bpf_map_lookup_elem(&agg_nrs, &session_id);
                if (!n)
                        return false;
        }
        __sync_fetch_and_or(&n->bits[w], 1ULL << (nr & 63));
        return true;
}

static __always_inline void agg_add(__u32 session_id, __s32 nr, __s64 ret, __u64 dur)
{
        struct renacer_agg_key key = {.session_id = session_id, .nr = nr};
        struct renacer_agg *a = bpf_map_lookup_elem(&agg, &key);

        if (!a) {
                if (!agg_note_nr(session_id, nr))
                        return;
                bpf_map_update_elem(&agg, &key, &zero_agg, BPF_NOEXIST);
                a = bpf_map_lookup_elem(&agg, &key);
                if (!a)
                        return;
        }
        if (!a->calls || dur < a->min_ns)
                a->min_ns = dur;
        if (dur > a->max_ns)
                a->max_ns = dur;
        a->calls++;
        if (ret < 0 && ret >= -MAX_ERRNO)
                a->errors++;
        a->total_ns += dur;
        __u32 b = log2_u64(dur);
        /* calls of 2^31 ns (2.1 s) and longer share the last bucket */
        if (b > RENACER_HIST_BUCKETS - 1)
                b = RENACER_HIST_BUCKETS - 1;
        /* a mask clang cannot drop: 6.1's verifier does not carry the
         * clamp above, tested on a copy, over to b */
        bound(b, RENACER_HIST_BUCKETS - 1);
        a->hist[b]++;
}

/* Room left in the ring for a record of `size` bytes, and the wakeup flag. */
static __always_inline int ring_admit(__u64 size, __u64 headroom, __u64 *flags)
{
        __u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);

        if (avail + size + 8 + headroom > ring_size)
                return 0;
        /* Wake the consumer only when this record crosses the threshold;
         * below it the consumer's timer picks records up in batches. */
        *flags = (avail < wakeup_bytes && avail + size + 8 >= wakeup_bytes) ? BPF_RB_FORCE_WAKEUP
                                                                            : BPF_RB_NO_WAKEUP;
        return 1;
}

/* A lifecycle record the ring had no room for: counted for the session
 * too, so its user is told that lines like `+++ exited` may be missing. */
static __always_inline void session_drop_lifecycle(__u32 session_id)
{
        struct renacer_session_drops *d = bpf_map_lookup_elem(&session_drops, &session_id);
        if (d)
                __sync_fetch_and_add(&d->lifecycle, 1);
        count(RENACER_CNT_DROP_LIFECYCLE);
}

static __always_inline void session_drop(__u32 session_id)
{
        struct renacer_session_drops *d = bpf_map_lookup_elem(&session_drops, &session_id);
        if (d)
                __sync_fetch_and_add(&d->ringbuf, 1);
        count(RENACER_CNT_DROP_RINGBUF);
}

#include "stack.bpf.h"

/* ---- ptrace's privilege boundary ---- */

/* mm->flags is an mm_flags_t bitmap since 6.18, an unsigned long before. */
struct mm_struct___flags_ulong {
        unsigned long flags;
} __attribute__((preserve_access_index));

#define MMF_DUMPABLE_MASK 3 /* the low bits of mm->flags: SUID_DUMP_* */
#define SUID_DUMP_USER    1

/* Whether a task may still be seen by its owner: ptrace refuses
 * a non-dumpable task (setuid, setgid and file-capability execs, an
 * unreadable binary, prctl(PR_SET_DUMPABLE, 0)). Two loads. */
static __always_inline bool task_dumpable(struct task_struct *task)
{
        struct mm_struct *mm = BPF_CORE_READ(task, mm);
        struct mm_struct___flags_ulong *old = (void *)mm;
        __u64 flags;

        if (!mm)
                return true; /* exiting: nothing left to read */
        if (bpf_core_field_exists(old->flags))
                flags = BPF_CORE_READ(old, flags);
        else
                flags = BPF_CORE_READ(mm, flags.__mm_flags[0]);
        return (flags & MMF_DUMPABLE_MASK) == SUID_DUMP_USER;
}

static __always_inline bool current_dumpable(void)
{
        return task_dumpable((struct task_struct *)bpf_get_current_task());
}

/* Why credentials are more privileged than the owner's (0: they are not):
 * every uid the owner's, gids unchanged, no capabilities. */
static __always_inline __u32 cred_priv_reason(const struct cred *c, __u32 owner)
{
        __u64 caps = 0;
        __u32 gid;

        if (BPF_CORE_READ(c, uid.val) != owner || BPF_CORE_READ(c, euid.val) != owner ||
            BPF_CORE_READ(c, suid.val) != owner || BPF_CORE_READ(c, fsuid.val) != owner)
                return RENACER_PRIV_SETUID;
        gid = BPF_CORE_READ(c, gid.val);
        if (BPF_CORE_READ(c, egid.val) != gid || BPF_CORE_READ(c, sgid.val) != gid ||
            BPF_CORE_READ(c, fsgid.val) != gid)
                return RENACER_PRIV_SETGID;
        /* 64 bits whether kernel_cap_t is one u64 (6.3+) or two u32 */
        bpf_core_read(&caps, sizeof(caps), &c->cap_permitted);
        if (caps)
                return RENACER_PRIV_CAPS;
        return 0;
}

/* At exec, with the new credentials committed: why the image is more
 * privileged than the session's owner (0: it is not). The same test as
 * ptrace_may_access(): every uid the owner's, gids unchanged, no
 * capabilities, dumpable. */
static __always_inline __u32 exec_priv_reason(struct task_struct *p, struct linux_binprm *bprm,
                                              __u32 owner)
{
        __u32 r = cred_priv_reason(BPF_CORE_READ(p, real_cred), owner);

        if (r)
                return r;
        if (BPF_CORE_READ_BITFIELD_PROBED(bprm, secureexec))
                return RENACER_PRIV_SECURE;
        if (!current_dumpable())
                return RENACER_PRIV_NODUMP;
        return 0;
}

static __always_inline bool priv_drop(struct renacer_tracked_set *t, __u32 tgid, __u32 tid,
                                      struct task_struct *p, struct linux_binprm *bprm,
                                      struct enter_state *st);

/* Whether any session of the set has an owner other than root. */
static __always_inline bool set_has_user_owner(struct renacer_tracked_set *t)
{
        bool any = false;

        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                any |= t->slot[i].session_id && t->slot[i].owner_uid;
        return any;
}

/* A segment header; len may be patched once the data is read. */
static __always_inline void seg_init(struct renacer_seg *seg, __u8 arg, __u8 type, __u8 flags,
                                     __u16 len)
{
        seg->arg = arg;
        seg->type = type;
        seg->flags = flags;
        seg->reserved = 0;
        seg->len = len;
        seg->reserved2 = 0;
}

/* ---- enter side: strings that must be read before the call ---- */

/* enter_str_ex()'s `how` */
#define STR_RETRY 0x1 /* a fault is read again at sys_exit */
#define STR_WHOLE 0x2 /* ... and so is a string longer than cap: a path */

/* A path or argv string read before the call. If its page is not resident
 * the read faults (BPF cannot fault pages in); with STR_RETRY the string
 * is read again at sys_exit, after the kernel itself has touched it. */
static __always_inline void enter_str_ex(struct enter_state *st, __u8 arg, __u64 uptr, __u32 cap,
                                         __u8 how)
{
        __u32 off = st->plen;
        struct renacer_seg *seg;
        long n;

        bound(cap, 511);
        if (off + sizeof(*seg) + cap + 2 > ENTER_LIMIT) {
                st->cut = 1;
                return;
        }
        bound(off, ENTER_LIMIT - 1);
        seg = (struct renacer_seg *)&st->payload[off];
        seg_init(seg, arg, RENACER_SEG_STR, 0, 0);
        /* a path: cap + 2, one byte more than we keep tells a cut string
         * apart; a printstr() string: cap + 1 bytes, no more than strace
         * reads (a string that ends at an unmapped page is its address only
         * if the page comes within them), and a look at the last one */
        n = bpf_probe_read_user_str(&st->payload[off + sizeof(*seg)],
                                    (how & STR_WHOLE) ? cap + 2 : cap + 1, (void *)uptr);
        /* unreadable now, or longer than the enter state holds: sys_exit
         * reads it (whole, up to PATH_MAX) into its per-CPU scratch, so
         * only such calls pay for a long copy */
        if ((n <= 0 || (n - 1 > cap && (how & STR_WHOLE))) && (how & STR_RETRY) && uptr) {
                st->retry |= 1 << (arg & 7);
                return;
        }
        if (n <= 0) {
                /* the string's address, which strace prints instead */
                seg->flags = RENACER_SEGF_FAULT;
                *(__u64 *)&st->payload[off + sizeof(*seg)] = uptr;
                n = sizeof(uptr);
        } else {
                __u8 last = 0;

                n -= 1; /* the NUL */
                if (n > cap) {
                        seg->flags = RENACER_SEGF_TRUNC;
                        n = cap;
                } else if (!(how & STR_WHOLE) && n == cap &&
                           (bpf_probe_read_user(&last, 1, (void *)(uptr + cap)) || last)) {
                        seg->flags = RENACER_SEGF_TRUNC;
                }
        }
        seg->len = n;
        st->plen = off + sizeof(*seg) + ((n + 7) & ~7);
        st->nseg++;
}

static __always_inline void enter_str(struct enter_state *st, __u8 arg, __u64 uptr, __u32 cap)
{
        enter_str_ex(st, arg, uptr, cap, STR_RETRY | STR_WHOLE);
}

/* A string strace shows up to -s bytes (printstr): as many, and one more
 * to tell a cut string apart. */
static __always_inline void enter_cstr(struct enter_state *st, __u8 arg, __u64 uptr)
{
        enter_str_ex(st, arg, uptr, st->capture < RENACER_PATH_CAP ? st->capture : RENACER_PATH_CAP,
                     STR_RETRY);
}

static __always_inline void enter_count(struct enter_state *st, __u8 arg, __u32 value, __u8 flags)
{
        __u32 off = st->plen;
        struct renacer_seg *seg;

        if (off + sizeof(*seg) + 8 > ENTER_LIMIT) {
                st->cut = 1;
                return;
        }
        off &= (ENTER_LIMIT - 1);
        seg = (struct renacer_seg *)&st->payload[off];
        seg_init(seg, arg, RENACER_SEG_COUNT, flags, 4);
        *(__u32 *)&st->payload[off + sizeof(*seg)] = value;
        st->plen = off + sizeof(*seg) + 8;
        st->nseg++;
}

/* A small fixed-size value read before the call (an in/out length such as
 * accept's *addrlen, whose value at entry the call overwrites). */
static __always_inline void enter_buf(struct enter_state *st, __u8 arg, __u64 uptr, __u32 size)
{
        __u32 off = st->plen;
        struct renacer_seg *seg;

        if (!uptr)
                return;
        if (off + sizeof(*seg) + 8 > ENTER_LIMIT) {
                st->cut = 1;
                return;
        }
        bound(off, ENTER_LIMIT - 1);
        /* up to 8 bytes: a u32, a sigset_t */
        bound(size, 15);
        if (size > 8)
                size = 8;
        seg = (struct renacer_seg *)&st->payload[off];
        seg_init(seg, arg, RENACER_SEG_BUF, 0, size);
        if (bpf_probe_read_user(&st->payload[off + sizeof(*seg)], size, (void *)uptr)) {
                seg->flags = RENACER_SEGF_FAULT;
                seg->len = 0;
                st->plen = off + sizeof(*seg);
        } else {
                st->plen = off + sizeof(*seg) + 8;
        }
        st->nseg++;
}

static __always_inline void enter_execve(struct enter_state *st, __u8 path_arg, __u64 path,
                                         __u64 argv, __u64 envp)
{
        __u32 cap = st->capture < RENACER_PATH_CAP ? st->capture : RENACER_PATH_CAP;
        __u64 p = 0;
        __u32 n = 0;
        __u8 fault = 0;

        /* no retry: after a successful exec the strings' memory is gone */
        enter_str_ex(st, path_arg, path, RENACER_PATH_CAP, 0);
        for (int i = 0; i <= RENACER_ARGV_MAX && argv; i++) {
                if (bpf_probe_read_user(&p, sizeof(p), (void *)(argv + i * sizeof(p)))) {
                        /* strace shows where the vector stopped being readable */
                        enter_count(st, path_arg + 1, i, RENACER_SEGF_FAULT);
                        break;
                }
                if (!p)
                        break;
                if (i == RENACER_ARGV_MAX) {
                        /* more elements than strace shows by default */
                        enter_count(st, path_arg + 1, i, RENACER_SEGF_MORE);
                        break;
                }
                enter_str_ex(st, path_arg + 1, p, cap, 0);
                if (st->cut)
                        break;
        }
        /* strace prints the environment as a count only */
        for (int i = 0; i < 256 && envp; i++) {
                if (bpf_probe_read_user(&p, sizeof(p), (void *)(envp + i * sizeof(p)))) {
                        fault = RENACER_SEGF_FAULT;
                        break;
                }
                if (!p)
                        break;
                n++;
        }
        enter_count(st, path_arg + 2, n, fault | (n == 256 ? RENACER_SEGF_TRUNC : 0));
}

/* The size bytes at uptr before the call (the first cap of them, at most
 * 256), or a fault when the last of the size bytes cannot be read, as
 * strace's read of the whole fails. */
static __always_inline void enter_bytes(struct enter_state *st, __u8 arg, __u64 uptr, __u64 size,
                                        __u32 cap)
{
        __u32 off = st->plen;
        struct renacer_seg *seg;
        __u8 last, flags = 0;
        __u64 n = size;

        if (!uptr)
                return;
        if (n > cap) {
                n = cap;
                flags = RENACER_SEGF_TRUNC;
        }
        if (n > 256)
                n = 256;
        bound(n, 511);
        if (off + sizeof(*seg) + n > ENTER_LIMIT) {
                st->cut = 1;
                return;
        }
        bound(off, ENTER_LIMIT - 1);
        seg = (struct renacer_seg *)&st->payload[off];
        seg_init(seg, arg, RENACER_SEG_BUF, flags, n);
        if ((size && bpf_probe_read_user(&last, 1, (void *)(uptr + size - 1))) ||
            (n && bpf_probe_read_user(&st->payload[off + sizeof(*seg)], n, (void *)uptr))) {
                seg->flags = RENACER_SEGF_FAULT;
                seg->len = 0;
                st->plen = off + sizeof(*seg);
        } else {
                st->plen = off + sizeof(*seg) + ((n + 7) & ~7);
        }
        st->nseg++;
}

/* A string of at most n bytes read as strace's umovestr() reads it: all n
 * bytes when they can be read (the decoder looks for the NUL in them), or,
 * when the last of them cannot, the bytes up to a NUL that comes before
 * the fault; a fault otherwise. */
static __always_inline void enter_strn(struct enter_state *st, __u8 arg, __u64 uptr, __u32 n)
{
        __u32 off = st->plen;
        struct renacer_seg *seg;
        long got;

        if (!uptr)
                return;
        bound(n, 255);
        if (off + sizeof(*seg) + n + 8 > ENTER_LIMIT) {
                st->cut = 1;
                return;
        }
        bound(off, ENTER_LIMIT - 1);
        seg = (struct renacer_seg *)&st->payload[off];
        seg_init(seg, arg, RENACER_SEG_BUF, 0, n);
        if (bpf_probe_read_user(&st->payload[off + sizeof(*seg)], n, (void *)uptr)) {
                /* one byte more than n: a NUL within the n bytes is then
                 * the string's own, not one the helper puts at the end */
                got =
                    bpf_probe_read_user_str(&st->payload[off + sizeof(*seg)], n + 1, (void *)uptr);
                if (got <= 0 || got > n) {
                        seg->flags = RENACER_SEGF_FAULT;
                        got = 0;
                }
                seg->len = got;
                n = got;
        }
        st->plen = off + sizeof(*seg) + ((n + 7) & ~7);
        st->nseg++;
}

/* The bytes of an fd_set of nfds bits as strace reads them: nfds cut to an
 * int, at most 1024*1024, rounded up to whole longs. */
static __always_inline __u64 fdset_bytes(__u64 nfds)
{
        int n = (int)nfds;

        if (n < 0)
                n = 0;
        if (n > 1024 * 1024)
                n = 1024 * 1024;
        return (((__u64)n + 7) / 8 + sizeof(long) - 1) & ~(sizeof(long) - 1);
}

/* pselect6's sixth argument, { const sigset_t *ss; size_t ss_len; }, and
 * the set it points to (at most a sigset_t). */
static __always_inline void enter_sigset_pack(struct enter_state *st, __u8 arg, __u64 uptr)
{
        __u64 pack[2];

        enter_bytes(st, arg, uptr, sizeof(pack), sizeof(pack));
        if (!uptr || bpf_probe_read_user(pack, sizeof(pack), (void *)uptr) || !pack[0] ||
            pack[1] > sizeof(sigset_t) || pack[1] < sizeof(long))
                return;
        enter_bytes(st, arg, pack[0], pack[1], sizeof(sigset_t));
}

/* recvmsg's msg_namelen before the call (the call overwrites it), when the
 * whole header is readable as strace reads it; a faulted segment when not. */
static __always_inline void enter_msg_namelen(struct enter_state *st, __u8 arg, __u64 uptr)
{
        __u32 off = st->plen;
        struct renacer_seg *seg;
        __u8 last;

        if (!uptr)
                return;
        if (!bpf_probe_read_user(&last, 1, (void *)(uptr + sizeof(struct user_msghdr) - 1))) {
                enter_buf(st, arg, uptr + bpf_core_field_offset(struct user_msghdr, msg_namelen),
                          sizeof(__u32));
                return;
        }
        if (off + sizeof(*seg) > ENTER_LIMIT) {
                st->cut = 1;
                return;
        }
        bound(off, ENTER_LIMIT - 1);
        seg = (struct renacer_seg *)&st->payload[off];
        seg_init(seg, arg, RENACER_SEG_BUF, RENACER_SEGF_FAULT, 0);
        st->plen = off + sizeof(*seg);
        st->nseg++;
}

/* recvmmsg's msg_namelen of each of the first RENACER_MMSG_MAX elements
 * before the call, as an array of u32 (up to the first unreadable one). */
static __always_inline void enter_mmsg_namelens(struct enter_state *st, __u8 arg, __u64 uptr,
                                                __u64 vlen)
{
        __u32 off = st->plen, n = 0;
        struct renacer_seg *seg;

        if (!uptr)
                return;
        if (off + sizeof(*seg) + RENACER_MMSG_MAX * sizeof(__u32) > ENTER_LIMIT) {
                st->cut = 1;
                return;
        }
        bound(off, ENTER_LIMIT - 1);
        seg = (struct renacer_seg *)&st->payload[off];
        for (int k = 0; k < RENACER_MMSG_MAX; k++) {
                if (k >= vlen ||
                    bpf_probe_read_user(
                        &st->payload[off + sizeof(*seg) + k * sizeof(__u32)], sizeof(__u32),
                        (void *)(uptr + k * sizeof(struct mmsghdr) +
                                 bpf_core_field_offset(struct user_msghdr, msg_namelen))))
                        break;
                n++;
        }
        seg_init(seg, arg, RENACER_SEG_BUF, 0, n * sizeof(__u32));
        st->plen = off + sizeof(*seg) + ((n * sizeof(__u32) + 7) & ~7);
        st->nseg++;
}

/* The capture plan comes from the syscall table: each row's ENTER() and
 * EXIT() entries (engine/syscall-table/syscalls.def) expand into the case
 * for its syscall, so a call copies only what its row asks for. */
#define SYSCALL(name, sig, cls, dec, cap, fd, golden)                                              \
        case __NR_##name:                                                                          \
                cap;                                                                               \
                break;
#define NOCAP (void)0

#define enter_op_PATH(i)        enter_str(st, i, a[i], RENACER_PATH_CAP)
#define enter_op_STR(i)         enter_cstr(st, i, a[i])
#define enter_op_EXECVE(i)      enter_execve(st, i, a[i], a[(i) + 1], a[(i) + 2])
#define enter_op_U32(i)         enter_buf(st, i, a[i], sizeof(__u32))
#define enter_op_MSG_NAMELEN(i) enter_msg_namelen(st, i, a[i])
#define enter_op_STRUCT(i, T)   enter_bytes(st, i, a[i], sizeof(T), sizeof(T))
/* a T up to (not including) its field f, before the call */
#define enter_op_STRUCT_HEAD(i, T, f)                                                              \
        enter_bytes(st, i, a[i], __builtin_offsetof(T, f), __builtin_offsetof(T, f))
#define enter_op_FDSET(i, n)         enter_bytes(st, i, a[i], fdset_bytes(a[n]), RENACER_FDSET_CAP)
#define enter_op_SIGSET_PACK(i)      enter_sigset_pack(st, i, a[i])
#define enter_op_MMSG_NAMELENS(i, n) enter_mmsg_namelens(st, i, a[i], a[n])
/* a sigset of argument n bytes, when strace would read it */
#define enter_op_SIGSET_LEN(i, n)                                                                  \
        if (a[n] >= sizeof(long) && a[n] <= sizeof(sigset_t))                                      \
        enter_bytes(st, i, a[i], a[n], sizeof(sigset_t))
/* a task's name as prctl(PR_SET_NAME) reads it: at most TASK_COMM_LEN - 1
 * bytes, TASK_COMM_LEN being the size of the kernel's own task_struct.comm */
#define TASK_COMM_SIZE   sizeof(((struct task_struct *)0)->comm)
#define enter_op_COMM(i) enter_strn(st, i, a[i], TASK_COMM_SIZE - 1)
/* a capture only for calls whose argument c is v (a multiplexer's command:
 * an int, so its low 32 bits, as the kernel reads it) */
#define enter_op_IF(c, v, op, ...)                                                                 \
        if ((__u32)a[c] == (v))                                                                    \
        enter_op_##op(__VA_ARGS__)
/* rt_sigreturn: a[i] is the stack pointer, which points just past the
 * frame's return address (struct rt_sigframe's pretcode) */
#define enter_op_SIGFRAME_MASK(i)                                                                  \
        enter_buf(st, i,                                                                           \
                  a[i] - sizeof(void *) + bpf_core_field_offset(struct rt_sigframe, uc) +          \
                      bpf_core_field_offset(struct ucontext, uc_sigmask),                          \
                  sizeof(sigset_t))

/* ioctl's third argument before the call, for the requests that overwrite
 * what they are given (IOCTL_ARG_IN of ioctl-args.def); 0 for the others */
static __always_inline __u32 ioctl_arg_in_size(__u32 req)
{
        switch (req) {
#define IOCTL_ARG(v, name, T)
#define IOCTL_ARG_IN(v, name, T)                                                                   \
        case v:                                                                                    \
                return sizeof(T);
#include "ioctl-args.def"
#undef IOCTL_ARG
#undef IOCTL_ARG_IN
        }
        return 0;
}

#define enter_op_IOCTL(i, r)                                                                       \
        if (ioctl_arg_in_size((__u32)a[r]))                                                        \
        enter_bytes(st, i, a[i], ioctl_arg_in_size((__u32)a[r]), ioctl_arg_in_size((__u32)a[r]))

/* quotactl's and quotactl_fd's data argument, by QCMD_CMD() of the command
 * (strace's decode_cmd_data()): the structure a command reads, captured
 * before the call, and the one it writes, after a successful call; struct
 * if_dqblk as strace reads it, without the kernel's tail padding */
#define QUOTA_DQBLK_SIZE (__builtin_offsetof(struct if_dqblk, dqb_valid) + sizeof(__u32))
static __always_inline __u32 quota_in_size(__u32 qcmd)
{
        switch (qcmd >> RENACER_Q_SUBCMDSHIFT) {
        case RENACER_Q_SETQUOTA:
                return QUOTA_DQBLK_SIZE;
        case RENACER_Q_SETINFO:
                return sizeof(struct if_dqinfo);
        case RENACER_Q_XSETQLIM:
                return sizeof(struct fs_disk_quota);
        case RENACER_Q_XQUOTAON:
        case RENACER_Q_XQUOTAOFF:
        case RENACER_Q_XQUOTARM:
                return sizeof(__u32);
        }
        return 0;
}

static __always_inline __u32 quota_out_size(__u32 qcmd)
{
        switch (qcmd >> RENACER_Q_SUBCMDSHIFT) {
        case RENACER_Q_GETQUOTA:
                return QUOTA_DQBLK_SIZE;
        case RENACER_Q_GETNEXTQUOTA:
                return sizeof(struct if_nextdqblk);
        case RENACER_Q_XGETQUOTA:
        case RENACER_Q_XGETNEXTQUOTA:
                return sizeof(struct fs_disk_quota);
        case RENACER_Q_GETFMT:
                return sizeof(__u32);
        case RENACER_Q_GETINFO:
                return sizeof(struct if_dqinfo);
        case RENACER_Q_XGETQSTAT:
                return sizeof(struct fs_quota_stat);
        case RENACER_Q_XGETQSTATV:
                return sizeof(struct fs_quota_statv);
        }
        return 0;
}

/* argument i of a quotactl whose command is argument c: Q_QUOTAON's quota
 * file path, or the structure the command reads */
#define enter_op_QUOTA(i, c)                                                                       \
        if (((__u32)a[c] >> RENACER_Q_SUBCMDSHIFT) == RENACER_Q_QUOTAON)                           \
                enter_str(st, i, a[i], RENACER_PATH_CAP);                                          \
        else if (quota_in_size((__u32)a[c]))                                                       \
        enter_bytes(st, i, a[i], quota_in_size((__u32)a[c]), quota_in_size((__u32)a[c]))

static __always_inline void capture_enter(struct enter_state *st)
{
        __u64 *a = st->args;

        switch (st->nr) {
#define ENTER(op, ...) enter_op_##op(__VA_ARGS__)
#define EXIT(...)      (void)0
#include "syscalls.def"
#undef ENTER
#undef EXIT
        }
}

SEC("tp_btf/sys_enter")
int BPF_PROG(renacer_sys_enter, struct pt_regs *regs, long id)
{
        __u64 pid_tgid = bpf_get_current_pid_tgid();
        __u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid;
        __u32 want[RENACER_PROC_SESSIONS] = {}, cap = 0;
        struct renacer_tracked_set *t;
        struct enter_state *st;
        __u8 stream = 0, stack = 0, maps = 0, stack_copy = 0, first_exec = 0, causal = 0;
        bool any = false, dump = false, fds = false;
        __u8 env = 0;
        __u32 tgen;

        if (!tgid_maybe_tracked(tgid))
                return 0;
        tgen = *(volatile __u32 *)&track_gen;
        t = bpf_map_lookup_elem(&tracked, &tgid);
        if (!t || id < 0 || id >= RENACER_SYSCALL_MAX)
                return 0;
        /* non-dumpable since attach or since its last call: the non-root
         * sessions lose it, root's keep it */
        if (set_has_user_owner(t) && !current_dumpable() &&
            !priv_drop(t, tgid, tid, NULL, NULL, NULL))
                return 0;
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                struct renacer_tracked *sl = &t->slot[i];
                if (!sl->session_id)
                        continue;
                if (!(sl->filter[(id >> 6) & (RENACER_FILTER_WORDS - 1)] & (1ULL << (id & 63))))
                        continue;
                if ((sl->flags & RENACER_TRACK_AWAIT_EXEC) && id != __NR_execve &&
                    id != __NR_execveat)
                        continue;
                if ((sl->flags & RENACER_TRACK_ONE_TASK) && tid != tgid)
                        continue;
                want[i] = sl->session_id;
                any = true;
                if (sl->flags & RENACER_TRACK_STREAM) {
                        stream |= 1 << i;
                        if (sl->capture_size > cap)
                                cap = sl->capture_size;
                        if (sl->flags & RENACER_TRACK_DUMP)
                                dump = true;
                        if (sl->flags & RENACER_TRACK_FDS)
                                fds = true;
                        if (sl->flags & RENACER_TRACK_ENV)
                                env |= 1;
                        if (sl->flags & RENACER_TRACK_DIRENTS)
                                env |= 2;
                        if (sl->flags & RENACER_TRACK_CAUSAL)
                                causal |= 1 << i;
                }
        }
        if (set_has_stack(t)) {
                __u32 plan = stack_plan(t, id, stream);
                maps = plan & 0xff;
                stack = (plan >> 8) & 0xff;
                stack_copy = (plan >> 16) & 1;
                first_exec = plan >> 17;
        }
        if (!any && !maps)
                return 0;

        st = bpf_task_storage_get(&enter_map, bpf_get_current_task_btf(), 0,
                                  BPF_LOCAL_STORAGE_GET_F_CREATE);
        if (!st) {
                count(RENACER_CNT_DROP_ENTER_MAP);
                return 0;
        }
        st->nr = id;
        st->gen = *(volatile __u32 *)&attach_gen;
        st->track_gen = tgen;
        /* without a branch (a bool kept live through this program made
         * 6.1's verifier walk it twice over): an owner left in a slot
         * whose session has gone only costs sys_exit its lookup */
        _Static_assert(RENACER_PROC_SESSIONS == 4, "st->owned reads every slot");
        st->owned = (t->slot[0].owner_uid | t->slot[1].owner_uid | t->slot[2].owner_uid |
                     t->slot[3].owner_uid) != 0;
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                st->sessions[i] = want[i];
        st->stream = stream;
        st->stack = stack;
        st->maps = maps;
        st->stack_copy = stack_copy;
        st->stack_taken = 0;
        st->causal = causal;
        st->fds = fds;
        st->env = env;
        st->capture = cap;
        st->buf_capture = dump ? RENACER_BUF_CAP : cap;
        st->args[0] = id == __NR_rt_sigreturn ? regs->sp : regs->di;
        st->args[1] = regs->si;
        st->args[2] = regs->dx;
        st->args[3] = regs->r10;
        st->args[4] = regs->r8;
        st->args[5] = regs->r9;
        st->plen = 0;
        st->nseg = 0;
        st->cut = 0;
        st->retry = 0;
        /* before the capture: a call lasts, as its caller sees it, from here
         * to sys_exit, our own work at entry included (what a program timing
         * its own calls, as gpu_transfer does, measures too) */
        st->ts = bpf_ktime_get_ns();
        if (stream) {
                capture_enter(st);
                /* the stack these calls return to is gone at their exit */
                if (stack && stack_at_enter(id) && !first_exec) {
                        stack_emit_call(st, tgid, tid, 1);
                        st->stack_taken = 1;
                }
        }
        st->active = 1;
        return 0;
}

/* ---- exit side: data that exists only after the call ---- */

static __always_inline void exit_seg(struct scratch *sc, __u32 *off, __u8 arg, __u8 type,
                                     __u64 uptr, __u64 len, __u64 want)
{
        struct renacer_seg *seg;
        __u32 o = *off;
        __u8 flags = RENACER_SEGF_AT_EXIT;

        if (len > RENACER_BUF_CAP) {
                len = RENACER_BUF_CAP;
                flags |= RENACER_SEGF_TRUNC;
        }
        if (want > len)
                flags |= RENACER_SEGF_TRUNC;
        if (o + sizeof(*seg) + len > RENACER_PAYLOAD_MAX) {
                sc->ev.flags |= RENACER_SC_PAYLOAD_CUT;
                return;
        }
        bound(o, PAYLOAD_MASK);
        bound(len, RENACER_BUF_CAP * 2 - 1);
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, arg, type, 0, 0);
        if (len && bpf_probe_read_user(&sc->payload[o + sizeof(*seg)], len, (void *)uptr)) {
                flags |= RENACER_SEGF_FAULT;
                len = 0;
        }
        seg->flags = flags;
        seg->len = len;
        *off = o + sizeof(*seg) + ((len + 7) & ~7);
        sc->ev.nseg++;
}

/* A buffer of `len` bytes of which the first `cap` are wanted. */
static __always_inline void exit_buf(struct scratch *sc, __u32 *off, __u8 arg, __u64 uptr,
                                     __s64 len, __u32 cap)
{
        if (len < 0)
                return;
        exit_seg(sc, off, arg, RENACER_SEG_BUF, uptr, (__u64)len < cap ? (__u64)len : cap, len);
}

/* A fixed-size struct result. */
static __always_inline void exit_struct(struct scratch *sc, __u32 *off, __u8 arg, __u64 uptr,
                                        __u32 size)
{
        if (uptr)
                exit_seg(sc, off, arg, RENACER_SEG_BUF, uptr, size, size);
}

/* A path that faulted or was cut at sys_enter, read again now as strace
 * reads paths: up to PATH_MAX bytes, the string cut (TRUNC) when no NUL
 * comes within them, the pointer (FAULT) when they cannot be read. Global:
 * the verifier checks it once, not at each of the six call sites. Returns
 * the new payload offset. */
__noinline int renacer_capture_path(__u32 where, __u64 uptr)
{
        __u32 zero = 0, o = where & 0xffff, arg = (where >> 16) & 7;
        struct scratch *sc = bpf_map_lookup_elem(&scratch_map, &zero);
        struct renacer_seg *seg;
        __u8 last = 0;
        long n;

        if (!sc)
                return o;
        if (o + sizeof(*seg) + RENACER_PATH_MAX > RENACER_PAYLOAD_MAX) {
                sc->ev.flags |= RENACER_SC_PAYLOAD_CUT;
                return o;
        }
        bound(o, PAYLOAD_MASK);
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, arg, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, 0);
        n = bpf_probe_read_user_str(&sc->payload[o + sizeof(*seg)], RENACER_PATH_MAX, (void *)uptr);
        if (n <= 0) {
                seg->flags |= RENACER_SEGF_FAULT;
                n = 0;
        } else {
                n -= 1;
                /* PATH_MAX - 1 bytes and then a NUL, or no NUL at all:
                 * the byte after them tells */
                if (n == RENACER_PATH_MAX - 1 &&
                    (bpf_probe_read_user(&last, 1, (void *)(uptr + n)) || last))
                        seg->flags |= RENACER_SEGF_TRUNC;
        }
        bound(n, RENACER_PATH_MAX - 1);
        seg->len = n;
        sc->ev.nseg++;
        return o + sizeof(*seg) + ((n + 7) & ~7);
}

/* What the fd argument refers to, when it is a character device (ttys,
 * GPUs): read from the task's fd table, so it is right for inherited and
 * duplicated fds too. */
static __always_inline void exit_fddev(struct scratch *sc, __u32 *off, __u8 arg, __s64 fd)
{
        struct task_struct *task = (struct task_struct *)bpf_get_current_task();
        struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
        struct renacer_seg_fddev dev;
        struct renacer_seg *seg;
        struct file **fdarr, *f;
        struct inode *inode;
        __u32 o = *off;

        if (fd < 0 || !fdt || fd >= BPF_CORE_READ(fdt, max_fds))
                return;
        fdarr = BPF_CORE_READ(fdt, fd);
        if (bpf_probe_read_kernel(&f, sizeof(f), &fdarr[fd]) || !f)
                return;
        inode = BPF_CORE_READ(f, f_inode);
        dev.mode = BPF_CORE_READ(inode, i_mode);
        if ((dev.mode & RENACER_S_IFMT) != RENACER_S_IFCHR)
                return;
        dev.rdev = BPF_CORE_READ(inode, i_rdev);
        if (o + sizeof(*seg) + sizeof(dev) > RENACER_PAYLOAD_MAX)
                return;
        bound(o, PAYLOAD_MASK); /* a mask clang keeps: 6.1 loses the test above */
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, arg, RENACER_SEG_FDDEV, RENACER_SEGF_AT_EXIT, sizeof(dev));
        __builtin_memcpy(&sc->payload[o + sizeof(*seg)], &dev, sizeof(dev));
        *off = o + sizeof(*seg) + sizeof(dev);
        sc->ev.nseg++;
}

/* ---- --causal: what a call moved between tasks ---- */

/* Whether f is an eventfd: anonymous inodes all share one inode, and
 * eventfd_fops is data kallsyms does not list; the dentry's name is what
 * /proc/PID/fd shows (anon_inode:[eventfd]). */
static __always_inline bool file_is_eventfd(struct file *f)
{
        char name[10] = {};
        const unsigned char *n = BPF_CORE_READ(f, f_path.dentry, d_name.name);

        if (bpf_probe_read_kernel(name, sizeof(name), n))
                return false;
        return name[0] == '[' && name[1] == 'e' && name[2] == 'v' && name[3] == 'e' &&
               name[4] == 'n' && name[5] == 't' && name[6] == 'f' && name[7] == 'd' &&
               name[8] == ']' && name[9] == '\0';
}

#define RENACER_AF_UNIX  1
#define RENACER_EFD_SEMA 1
#define SOCK_STREAM_TYPE 1

/* The calls whose records carry a causal segment. */
static __always_inline bool causal_call(__s32 nr)
{
        switch (nr) {
        case __NR_read:
        case __NR_readv:
        case __NR_recvfrom:
        case __NR_recvmsg:
        case __NR_write:
        case __NR_writev:
        case __NR_sendto:
        case __NR_sendmsg:
        case __NR_waitid:
                return true;
        }
        return false;
}

static __always_inline bool causal_is_write(__s32 nr)
{
        return nr == __NR_write || nr == __NR_writev || nr == __NR_sendto || nr == __NR_sendmsg;
}

/* The inode number of a socket (SOCK_INODE(): the inode allocated with it). */
static __always_inline __u64 socket_ino(struct socket *sock)
{
        struct socket_alloc *sa = (void *)sock - bpf_core_field_offset(struct socket_alloc, socket);
        return BPF_CORE_READ(sa, vfs_inode.i_ino);
}

/* For read/write-family calls that moved data: the queue behind fd (a
 * pipe's or FIFO's inode, the receiving unix socket, an eventfd); for
 * waitid the child it reaped. Unix datagrams sent to an address, other
 * socket families and anything else get no segment: no edge is claimed. */
static __always_inline void causal_capture(struct scratch *sc, __u32 *off, __u64 *a, __s64 ret)
{
        struct task_struct *task = (struct task_struct *)bpf_get_current_task();
        struct renacer_seg_causal c = {};
        struct renacer_seg *seg;
        struct fdtable *fdt;
        struct file **fdarr, *f;
        struct inode *inode;
        __s32 nr = sc->ev.nr;
        __s64 fd = a[0];
        __u32 o = *off;

        if (nr == __NR_waitid) {
                __s32 pid = 0;
                if (ret != 0 || !a[2])
                        return;
                if (bpf_probe_read_user(
                        &pid, sizeof(pid),
                        (void *)(a[2] + __builtin_offsetof(struct kernel_siginfo,
                                                           _sifields._sigchld._pid))))
                        return;
                c.kind = RENACER_CAUSAL_WAITID;
                c.value = (__u32)pid;
                goto put;
        }
        if (ret <= 0 || !causal_call(nr))
                return;
        fdt = BPF_CORE_READ(task, files, fdt);
        if (fd < 0 || !fdt || fd >= BPF_CORE_READ(fdt, max_fds))
                return;
        fdarr = BPF_CORE_READ(fdt, fd);
        if (bpf_probe_read_kernel(&f, sizeof(f), &fdarr[fd]) || !f)
                return;
        inode = BPF_CORE_READ(f, f_inode);
        __u32 mode = BPF_CORE_READ(inode, i_mode) & RENACER_S_IFMT;
        if (mode == RENACER_S_IFIFO) {
                c.kind = RENACER_CAUSAL_PIPE;
                c.ino = BPF_CORE_READ(inode, i_ino);
                c.dev = BPF_CORE_READ(inode, i_sb, s_dev);
        } else if (mode == RENACER_S_IFSOCK) {
                struct socket *sock = BPF_CORE_READ(f, private_data);
                struct sock *sk = BPF_CORE_READ(sock, sk);
                if (!sk || BPF_CORE_READ(sk, __sk_common.skc_family) != RENACER_AF_UNIX)
                        return;
                c.kind = BPF_CORE_READ(sock, type) == SOCK_STREAM_TYPE ? RENACER_CAUSAL_UNIX_STREAM
                                                                       : RENACER_CAUSAL_UNIX_DGRAM;
                if (causal_is_write(nr)) {
                        struct unix_sock *u = (void *)sk;
                        struct sock *peer = BPF_CORE_READ(u, peer);
                        if (!peer)
                                return;
                        sock = BPF_CORE_READ(peer, sk_socket);
                        if (!sock)
                                return;
                }
                c.ino = socket_ino(sock);
        } else if ((nr == __NR_read || nr == __NR_write) && ret == 8 && file_is_eventfd(f)) {
                struct eventfd_ctx *ctx = BPF_CORE_READ(f, private_data);
                c.kind = RENACER_CAUSAL_EVENTFD;
                c.ino = (__u32)BPF_CORE_READ(ctx, id);
                if (BPF_CORE_READ(ctx, flags) & RENACER_EFD_SEMA)
                        c.flags |= RENACER_CAUSALF_SEMAPHORE;
                if (!bpf_probe_read_user(&c.value, sizeof(c.value), (void *)a[1]))
                        c.flags |= RENACER_CAUSALF_VALUE;
        } else {
                return;
        }
        c.value = c.kind == RENACER_CAUSAL_EVENTFD ? c.value : (__u64)ret;
put:
        if (o + sizeof(*seg) + sizeof(c) > RENACER_PAYLOAD_MAX) {
                sc->ev.flags |= RENACER_SC_PAYLOAD_CUT;
                return;
        }
        bound(o, PAYLOAD_MASK); /* a mask clang keeps: 6.1 loses the test above */
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, 0, RENACER_SEG_CAUSAL, RENACER_SEGF_AT_EXIT, sizeof(c));
        __builtin_memcpy(&sc->payload[o + sizeof(*seg)], &c, sizeof(c));
        *off = o + sizeof(*seg) + sizeof(c);
        sc->ev.nseg++;
}

/* ---- -y: what pipes and sockets are, while the process holds them ---- */

#define RENACER_AF_INET    2
#define RENACER_AF_INET6   10
#define RENACER_AF_NETLINK 16

/* The calls whose records name the pipes and sockets they make or give an
 * endpoint: after them, the decorations strace would print change. */
static __always_inline bool fdinfo_call(__s32 nr)
{
        switch (nr) {
        case __NR_pipe:
        case __NR_pipe2:
        case __NR_socketpair:
        case __NR_socket:
        case __NR_accept:
        case __NR_accept4:
        case __NR_bind:
        case __NR_connect:
        case __NR_listen:
        case __NR_sendto:
        case __NR_sendmsg:
        case __NR_sendmmsg:
                return true;
        }
        return false;
}

/* A socket's endpoints as sock_diag reports them (inet_diag, unix_diag,
 * netlink_diag), and the protocol name strace reads from
 * system.sockprotoname. */
static __always_inline void fdinfo_sock(struct renacer_seg_fdinfo *fi, struct sock *sk)
{
        __u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
        struct proto *prot = BPF_CORE_READ(sk, __sk_common.skc_prot);

        fi->family = family;
        fi->protocol = BPF_CORE_READ(sk, sk_protocol);
        if (prot)
                BPF_CORE_READ_STR_INTO(&fi->proto, prot, name);
        if (family == RENACER_AF_INET || family == RENACER_AF_INET6) {
                struct inet_sock *inet = (void *)sk;
                fi->sport = bpf_ntohs(BPF_CORE_READ(inet, inet_sport));
                fi->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
                if (family == RENACER_AF_INET) {
                        BPF_CORE_READ_INTO((__u32 *)fi->src, sk, __sk_common.skc_rcv_saddr);
                        BPF_CORE_READ_INTO((__u32 *)fi->dst, sk, __sk_common.skc_daddr);
                } else {
                        BPF_CORE_READ_INTO((struct in6_addr *)fi->src, sk,
                                           __sk_common.skc_v6_rcv_saddr);
                        BPF_CORE_READ_INTO((struct in6_addr *)fi->dst, sk,
                                           __sk_common.skc_v6_daddr);
                }
        } else if (family == RENACER_AF_UNIX) {
                struct unix_sock *u = (void *)sk;
                struct sock *peer = BPF_CORE_READ(u, peer);
                struct unix_address *addr = BPF_CORE_READ(u, addr);
                if (peer) {
                        struct socket *ps = BPF_CORE_READ(peer, sk_socket);
                        if (ps)
                                fi->peer_ino = socket_ino(ps);
                }
                if (addr) {
                        /* unix_diag's UNIX_DIAG_NAME: the address less its
                         * sun_family */
                        __u32 n = BPF_CORE_READ(addr, len) - sizeof(__u16);
                        if (n > RENACER_FDINFO_NAME)
                                n = RENACER_FDINFO_NAME;
                        bound(n, 127);
                        if (n &&
                            !bpf_probe_read_kernel(
                                fi->name, n,
                                (void *)addr + bpf_core_field_offset(struct unix_address, name) +
                                    sizeof(__u16)))
                                fi->name_len = n;
                }
        } else if (family == RENACER_AF_NETLINK) {
                struct netlink_sock *nlk = (void *)sk;
                fi->portid = BPF_CORE_READ(nlk, portid);
        }
}

/* One fd's segment at payload offset o, when it is a pipe or a socket.
 * Global: the verifier checks it once, not at each call site. Returns the
 * new payload offset. */
__noinline int renacer_fdinfo(__u32 o, __s64 fd)
{
        struct task_struct *task = (struct task_struct *)bpf_get_current_task();
        __u32 zero = 0;
        struct scratch *sc = bpf_map_lookup_elem(&scratch_map, &zero);
        struct renacer_seg_fdinfo *fi;
        struct renacer_seg *seg;
        struct fdtable *fdt;
        struct file **fdarr, *f;
        struct inode *inode;
        __u32 mode;

        o &= 0xffff;
        if (!sc)
                return o;
        fdt = BPF_CORE_READ(task, files, fdt);
        if (fd < 0 || !fdt || fd >= BPF_CORE_READ(fdt, max_fds))
                return o;
        fdarr = BPF_CORE_READ(fdt, fd);
        if (bpf_probe_read_kernel(&f, sizeof(f), &fdarr[fd]) || !f)
                return o;
        inode = BPF_CORE_READ(f, f_inode);
        mode = BPF_CORE_READ(inode, i_mode) & RENACER_S_IFMT;
        if (mode != RENACER_S_IFIFO && mode != RENACER_S_IFSOCK)
                return o;
        if (o + sizeof(*seg) + sizeof(*fi) > RENACER_PAYLOAD_MAX) {
                sc->ev.flags |= RENACER_SC_PAYLOAD_CUT;
                return o;
        }
        bound(o, PAYLOAD_MASK); /* a mask clang keeps: 6.1 loses the test above */
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, 0, RENACER_SEG_FDINFO, RENACER_SEGF_AT_EXIT, sizeof(*fi));
        fi = (struct renacer_seg_fdinfo *)&sc->payload[o + sizeof(*seg)];
        __builtin_memset(fi, 0, sizeof(*fi));
        fi->fd = (__s32)fd;
        fi->mode = mode;
        fi->ino = BPF_CORE_READ(inode, i_ino);
        if (mode == RENACER_S_IFSOCK) {
                struct socket *sock = BPF_CORE_READ(f, private_data);
                struct sock *sk = BPF_CORE_READ(sock, sk);
                if (sk)
                        fdinfo_sock(fi, sk);
        }
        sc->ev.nseg++;
        return o + sizeof(*seg) + sizeof(*fi);
}

/* The pipes and sockets a call made (its result, or the pair it wrote) or
 * gave an endpoint (its fd argument, failed calls too: a non-blocking
 * connect has one). Returns the new payload offset. */
static __always_inline __u32 fdinfo_capture(struct scratch *sc, __u32 off, __u64 *a, __s64 ret)
{
        __s32 nr = sc->ev.nr;
        int fds[2];

        if (nr == __NR_pipe || nr == __NR_pipe2 || nr == __NR_socketpair) {
                if (ret != 0 || bpf_probe_read_user(fds, sizeof(fds),
                                                    (void *)(nr == __NR_socketpair ? a[3] : a[0])))
                        return off;
                off = renacer_fdinfo(off, fds[0]);
                bound(off, 2 * RENACER_PAYLOAD_MAX - 1);
                off = renacer_fdinfo(off, fds[1]);
        } else if (nr == __NR_socket || nr == __NR_accept || nr == __NR_accept4) {
                if (ret < 0)
                        return off;
                off = renacer_fdinfo(off, ret);
        } else if (fdinfo_call(nr)) {
                off = renacer_fdinfo(off, (__s32)a[0]);
        }
        /* a global function's result is unbounded to the verifier; it is
         * <= PAYLOAD_MAX */
        bound(off, 2 * RENACER_PAYLOAD_MAX - 1);
        return off;
}

/* ---- -v: execve's environment ---- */

/* One environment string at uptr: its first cap bytes (TRUNC when it is
 * longer; its address, FAULT, when it cannot be read), up to PATH_MAX of it
 * read to find its end. Global: the verifier checks it once, not in each
 * unrolled step. Returns the new payload offset, and in bits 16 and up the
 * bytes the string took with its NUL (0: unreadable, or no NUL within
 * PATH_MAX: where the next one starts is unknown). */
__noinline int renacer_env_str(__u32 where, __u64 uptr, __u32 cap)
{
        __u32 zero = 0, o = where & 0xffff, arg = (where >> 16) & 7;
        struct scratch *sc = bpf_map_lookup_elem(&scratch_map, &zero);
        struct renacer_seg *seg;
        long n, len;

        if (!sc)
                return o;
        bound(cap, RENACER_PATH_CAP * 2 - 1);
        if (cap > RENACER_PATH_CAP)
                cap = RENACER_PATH_CAP;
        if (o + sizeof(*seg) + cap + 8 > RENACER_PAYLOAD_MAX) {
                sc->ev.flags |= RENACER_SC_PAYLOAD_CUT;
                return o;
        }
        bound(o, PAYLOAD_MASK);
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, arg, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, 0);
        n = bpf_probe_read_user_str(&sc->payload[o + sizeof(*seg)], RENACER_PATH_MAX, (void *)uptr);
        if (n <= 0) {
                /* the string's address, which strace prints instead */
                seg->flags |= RENACER_SEGF_FAULT;
                *(__u64 *)&sc->payload[o + sizeof(*seg)] = uptr;
                seg->len = sizeof(uptr);
                sc->ev.nseg++;
                return o + sizeof(*seg) + sizeof(uptr);
        }
        len = n - 1;
        if (len > cap) {
                len = cap;
                seg->flags |= RENACER_SEGF_TRUNC;
        }
        bound(len, RENACER_PATH_CAP * 2 - 1);
        seg->len = len;
        sc->ev.nseg++;
        o += sizeof(*seg) + ((len + 7) & ~7);
        return n == RENACER_PATH_MAX ? o : o | (__u32)n << 16;
}

/* execve's environment strings for -v, at most RENACER_ENV_MAX of them
 * (the count captured at entry tells how many there were): after a failed
 * call from its vector, after a successful one from the new image's stack,
 * where the kernel copied them (mm->env_start..env_end). */
static __always_inline __u32 env_capture(struct scratch *sc, __u32 off, __u64 *a, __s64 ret,
                                         __u32 cap)
{
        __u8 arg = sc->ev.nr == __NR_execveat ? 3 : 2;
        __u64 p = 0, envp = sc->ev.nr == __NR_execveat ? a[3] : a[2];
        int r;

        if (ret == 0) {
                struct task_struct *task = (struct task_struct *)bpf_get_current_task();
                struct mm_struct *mm = BPF_CORE_READ(task, mm);
                __u64 pos = BPF_CORE_READ(mm, env_start), end = BPF_CORE_READ(mm, env_end);
                for (int i = 0; i < RENACER_ENV_MAX; i++) {
                        if (pos >= end)
                                break;
                        r = renacer_env_str(off | arg << 16, pos, cap);
                        off = r & 0xffff;
                        if (!(r >> 16))
                                break;
                        pos += r >> 16;
                }
        } else if (envp) {
                for (int i = 0; i < RENACER_ENV_MAX; i++) {
                        if (bpf_probe_read_user(&p, sizeof(p), (void *)(envp + i * sizeof(p))) ||
                            !p)
                                break;
                        off = renacer_env_str(off | arg << 16, p, cap) & 0xffff;
                }
        }
        /* a global function's result is unbounded to the verifier; it is
         * <= PAYLOAD_MAX */
        bound(off, 2 * RENACER_PAYLOAD_MAX - 1);
        return off;
}

/* -v: the entries getdents64 returned, RENACER_DIRENTS_CAP bytes of them at
 * most (TRUNC past that), as consecutive BUF segments of argument 1 of at
 * most RENACER_BUF_CAP bytes each */
static __always_inline __u32 dirents_capture(struct scratch *sc, __u32 off, __u64 buf, __s64 ret)
{
        __u64 left = ret;

        if (ret <= 0 || !buf)
                return off;
        for (int k = 0; k < RENACER_DIRENTS_CAP / RENACER_BUF_CAP && left; k++) {
                struct renacer_seg *seg;
                __u64 len = left < RENACER_BUF_CAP ? left : RENACER_BUF_CAP;
                __u8 flags = RENACER_SEGF_AT_EXIT;

                left -= len;
                if (left && k == RENACER_DIRENTS_CAP / RENACER_BUF_CAP - 1)
                        flags |= RENACER_SEGF_TRUNC;
                if (off + sizeof(*seg) + len > RENACER_PAYLOAD_MAX) {
                        sc->ev.flags |= RENACER_SC_PAYLOAD_CUT;
                        break;
                }
                bound(off, PAYLOAD_MASK);
                bound(len, RENACER_BUF_CAP * 2 - 1);
                seg = (struct renacer_seg *)&sc->payload[off];
                seg_init(seg, 1, RENACER_SEG_BUF, 0, 0);
                if (bpf_probe_read_user(&sc->payload[off + sizeof(*seg)], len,
                                        (void *)(buf + k * RENACER_BUF_CAP))) {
                        flags |= RENACER_SEGF_FAULT;
                        len = 0;
                        left = 0;
                }
                seg->flags = flags;
                seg->len = len;
                sc->ev.nseg++;
                off += sizeof(*seg) + ((len + 7) & ~7);
        }
        return off;
}

static __always_inline void exit_dirents(struct scratch *sc, __u32 *off, __u8 arg, __u64 buf,
                                         __s64 ret)
{
        __u32 n = 0, pos = 0;
        __u16 reclen;
        __u8 flags = 0;
        struct renacer_seg *seg;
        __u32 o = *off;

        if (ret <= 0)
                return;
        for (int i = 0; i < 256; i++) {
                if (pos >= ret)
                        break;
                if (bpf_probe_read_user(&reclen, sizeof(reclen), (void *)(buf + pos + 16)) ||
                    !reclen)
                        break;
                pos += reclen;
                n++;
        }
        if (pos < ret)
                flags = RENACER_SEGF_TRUNC;
        if (o + sizeof(*seg) + 8 > RENACER_PAYLOAD_MAX)
                return;
        bound(o, PAYLOAD_MASK); /* a mask clang keeps: 6.1 loses the test above */
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, arg, RENACER_SEG_COUNT, flags | RENACER_SEGF_AT_EXIT, sizeof(n));
        *(__u32 *)&sc->payload[o + sizeof(*seg)] = n;
        *off = o + sizeof(*seg) + 8;
        sc->ev.nseg++;
}

/* How many of the len bytes at uptr can be read: all of them, or, when the
 * last one cannot, those up to the end of the first page (a program's
 * buffer that ends at an unmapped page, as strace's tests make them). */
static __always_inline __u64 readable_len(__u64 uptr, __u64 len)
{
        __u8 last;
        __u64 room = RENACER_PAGE_SIZE - (uptr & (RENACER_PAGE_SIZE - 1));

        if (!len || !bpf_probe_read_user(&last, 1, (void *)(uptr + len - 1)))
                return len;
        return room < len ? room : len;
}

/* A value the call wrote (a socket address, an option) with the length it
 * wrote to *lenp: the length first (a BUF segment of arg len_arg), then as
 * many bytes of the value as the length says, at most max. */
static __always_inline void exit_outlen(struct scratch *sc, __u32 *off, __u8 addr_arg, __u64 addr,
                                        __u8 len_arg, __u64 lenp, __s64 ret, __u32 max)
{
        __u32 len = 0;

        if (!addr || !lenp)
                return;
        exit_seg(sc, off, len_arg, RENACER_SEG_BUF, lenp, sizeof(len), sizeof(len));
        if (ret < 0 || bpf_probe_read_user(&len, sizeof(len), (void *)lenp))
                return;
        if (len > max)
                len = max;
        len = readable_len(addr, len);
        exit_seg(sc, off, addr_arg, RENACER_SEG_BUF, addr, len, len);
}

/* An iovec array and the data of its first elements: the array (at most
 * RENACER_IOV_MAX entries) as one BUF segment of arg, then one BUF segment
 * per element in order, of at most `cap` bytes each and `total` bytes in
 * all (what a read returned, or everything a write was given). */
static __always_inline void exit_iov(struct scratch *sc, __u32 *off, __u8 arg, __u64 uptr,
                                     __u64 cnt, __s64 total, __u32 cap)
{
        struct iovec iov;
        __u64 n = cnt < RENACER_IOV_MAX ? cnt : RENACER_IOV_MAX;

        if (!uptr)
                return;
        if (total < 0)
                total = 0;
        /* the elements that can be read, as strace reads them one by one */
        n = readable_len(uptr, n * sizeof(iov)) / sizeof(iov);
        exit_seg(sc, off, arg, RENACER_SEG_BUF, uptr, n * sizeof(iov), n * sizeof(iov));
        for (int k = 0; k < RENACER_IOV_MAX; k++) {
                __u64 len;

                /* after a segment that did not fit, none: the segments
                 * stay a prefix of what was asked for */
                if (k >= n || (sc->ev.flags & RENACER_SC_PAYLOAD_CUT) ||
                    bpf_probe_read_user(&iov, sizeof(iov), (void *)(uptr + k * sizeof(iov))))
                        break;
                len = iov.iov_len < (__u64)total ? iov.iov_len : (__u64)total;
                /* one byte more than -s shows, as strace's printstr_ex()
                 * reads: an element whose next byte cannot be read prints
                 * as its address */
                exit_seg(sc, off, arg, RENACER_SEG_BUF, (__u64)iov.iov_base,
                         len < (__u64)cap + 1 ? len : (__u64)cap + 1, len);
                /* all the data a write was given: as strace's data_size of
                 * -1, an element's length does not use it up, so a huge
                 * iov_len leaves the next elements their own */
                if (total != (__s64)(~0ULL >> 1))
                        total -= len;
        }
}

/* Global, not static: the verifier checks it once by itself rather than
 * at every call site, which keeps the exit program within its limits. It
 * returns the new payload offset. */
__noinline int renacer_capture_iov(__u64 where, __u64 uptr, __u64 cnt, __s64 total)
{
        __u32 zero = 0, off = where & 0xffff, arg = (where >> 16) & 7, cap = where >> 32;
        struct scratch *sc = bpf_map_lookup_elem(&scratch_map, &zero);

        if (sc)
                exit_iov(sc, &off, arg, uptr, cnt, total, cap);
        return off;
}
/* The payload offset, argument index and capture size in one argument:
 * BPF functions take at most five. */
#define IOV_WHERE(i) ((__u64)*off | (__u64)(i) << 16 | (__u64)cap << 32)

/* A segment that says the memory at its argument could not be read. */
static __always_inline void exit_fault_seg(struct scratch *sc, __u32 *off, __u8 arg)
{
        struct renacer_seg *seg;
        __u32 o = *off;

        if (o + sizeof(*seg) > RENACER_PAYLOAD_MAX) {
                sc->ev.flags |= RENACER_SC_PAYLOAD_CUT;
                return;
        }
        bound(o, PAYLOAD_MASK); /* a mask clang keeps: 6.1 loses the test above */
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, arg, RENACER_SEG_BUF, RENACER_SEGF_AT_EXIT | RENACER_SEGF_FAULT, 0);
        *off = o + sizeof(*seg);
        sc->ev.nseg++;
}

static __always_inline void exit_count(struct scratch *sc, __u32 *off, __u8 arg, __u32 value)
{
        struct renacer_seg *seg;
        __u32 o = *off;

        if (o + sizeof(*seg) + 8 > RENACER_PAYLOAD_MAX) {
                sc->ev.flags |= RENACER_SC_PAYLOAD_CUT;
                return;
        }
        bound(o, PAYLOAD_MASK); /* a mask clang keeps: 6.1 loses the test above */
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, arg, RENACER_SEG_COUNT, RENACER_SEGF_AT_EXIT, sizeof(value));
        *(__u32 *)&sc->payload[o + sizeof(*seg)] = value;
        *off = o + sizeof(*seg) + 8;
        sc->ev.nseg++;
}

/* net.core.optmem_max of the caller's network namespace, rounded up to 8
 * as strace rounds it: the most control data strace reads from a msghdr.
 * Kernels that keep it outside struct netns_core get strace's default. */
static __always_inline __u32 optmem_max(void)
{
        struct task_struct *task = (struct task_struct *)bpf_get_current_task();
        int v = 0;

        if (bpf_core_field_exists(struct netns_core, sysctl_optmem_max))
                v = BPF_CORE_READ(task, nsproxy, net_ns, core.sysctl_optmem_max);
        if (v <= 0)
                v = sizeof(long long) * (2 * RENACER_UIO_MAXIOV + 512);
        return ((__u32)v + 7) & ~7u;
}

/* A struct user_msghdr and what it points to, as BUF segments of arg in
 * this order: the header (a whole struct mmsghdr with MSGHDR_IN_MMSG); the
 * name (at most a sockaddr_storage, as much as is readable); a COUNT of the
 * control length strace reads (msg_controllen bounded by optmem_max) and
 * the control data (at most RENACER_BUF_CAP bytes, a fault when its last
 * byte cannot be read, empty when shorter than a cmsghdr); then the iovec
 * array and its data, up to total bytes, as renacer_capture_iov() writes
 * them. Once a segment does not fit, no further one is written, so what
 * the record holds is a prefix. Global for the same reason as
 * renacer_capture_iov(); returns the new payload offset. */
#define MSGHDR_IN_MMSG (1ULL << 24)
__noinline int renacer_capture_msghdr(__u64 where, __u64 uptr, __s64 total)
{
        __u32 zero = 0, off = where & 0xffff, arg = (where >> 16) & 7, cap = where >> 32;
        struct scratch *sc = bpf_map_lookup_elem(&scratch_map, &zero);
        __u32 hsize = where & MSGHDR_IN_MMSG ? sizeof(struct mmsghdr) : sizeof(struct user_msghdr);
        struct user_msghdr m;
        __u64 n, clen;
        __u8 last;

        if (!sc || !uptr || (sc->ev.flags & RENACER_SC_PAYLOAD_CUT))
                return off;
        if (bpf_probe_read_user(&m, sizeof(m), (void *)uptr)) {
                exit_fault_seg(sc, &off, arg);
                return off;
        }
        exit_seg(sc, &off, arg, RENACER_SEG_BUF, uptr, hsize, hsize);
        n = (int)m.msg_namelen < 2 || !m.msg_name ? 0 : m.msg_namelen;
        if (n > sizeof(struct __kernel_sockaddr_storage))
                n = sizeof(struct __kernel_sockaddr_storage);
        n = readable_len((__u64)m.msg_name, n);
        if (!(sc->ev.flags & RENACER_SC_PAYLOAD_CUT))
                exit_seg(sc, &off, arg, RENACER_SEG_BUF, (__u64)m.msg_name, n, n);
        clen = m.msg_controllen < optmem_max() ? m.msg_controllen : optmem_max();
        if (!(sc->ev.flags & RENACER_SC_PAYLOAD_CUT))
                exit_count(sc, &off, arg, clen);
        if (sc->ev.flags & RENACER_SC_PAYLOAD_CUT)
                return off;
        if (!m.msg_control || clen < sizeof(struct cmsghdr))
                exit_seg(sc, &off, arg, RENACER_SEG_BUF, 0, 0, 0);
        else if (bpf_probe_read_user(&last, 1, (void *)((__u64)m.msg_control + clen - 1)))
                exit_fault_seg(sc, &off, arg);
        else
                exit_seg(sc, &off, arg, RENACER_SEG_BUF, (__u64)m.msg_control,
                         clen < RENACER_BUF_CAP ? clen : RENACER_BUF_CAP, clen);
        if (m.msg_iov && !(sc->ev.flags & RENACER_SC_PAYLOAD_CUT))
                off = renacer_capture_iov((__u64)off | (__u64)arg << 16 | (__u64)cap << 32,
                                          (__u64)m.msg_iov, m.msg_iovlen, total);
        return off;
}

/* The first elements of a struct mmsghdr vector (at most RENACER_MMSG_MAX,
 * as many as fit), each as renacer_capture_msghdr() writes a msghdr; with
 * `recv`, an element's data is shown up to its msg_len. */
__noinline int renacer_capture_mmsg(__u64 where, __u64 uptr, __u64 vlen, __u64 recv)
{
        __u32 zero = 0, off = where & 0xffff, len;
        struct scratch *sc = bpf_map_lookup_elem(&scratch_map, &zero);

        if (!sc || !uptr)
                return off;
        for (int k = 0; k < RENACER_MMSG_MAX; k++) {
                __u64 e = uptr + k * sizeof(struct mmsghdr);
                bool bad;

                if (k >= vlen || (sc->ev.flags & RENACER_SC_PAYLOAD_CUT))
                        break;
                bad = bpf_probe_read_user(
                    &len, sizeof(len),
                    (void *)(e + bpf_core_field_offset(struct mmsghdr, msg_len)));
                off = renacer_capture_msghdr((where & ~0xffffULL) | off | MSGHDR_IN_MMSG, e,
                                             recv && !bad ? len : (__s64)(~0ULL >> 1));
                if (bad)
                        break;
        }
        return off;
}

/* An array that a field of a structure in user memory points to (the
 * io_uring registrations' data and tags): the u64 at ptr_addr gives the
 * elements' address, nr their number, or, with PA_NR_ADDR, the u32 at nr
 * does. At most -s + 1 elements are copied (strace prints -s of them and
 * looks at the next), as many of them as can be read, and never more than
 * exit_seg() holds (then TRUNC). Always one BUF segment of arg, empty when
 * the address is NULL or the structure unreadable, so that the decoder
 * finds each array at its place. Global for the same reason as
 * renacer_capture_iov(); returns the new payload offset. */
#define PA_NR_ADDR (1ULL << 16)
__noinline int renacer_capture_ptr_array(__u64 where, __u64 ptr_addr, __u64 nr, __u64 esize)
{
        __u32 zero = 0, off = where & 0xffff, arg = (where >> 16) & 7, cap = where >> 32;
        struct scratch *sc = bpf_map_lookup_elem(&scratch_map, &zero);
        __u64 p = 0, n = nr, es = esize & 0xffff, len;
        __u32 n32 = 0;

        if (!sc || (sc->ev.flags & RENACER_SC_PAYLOAD_CUT))
                return off;
        if (bpf_probe_read_user(&p, sizeof(p), (void *)ptr_addr))
                p = 0;
        if (esize & PA_NR_ADDR) {
                if (bpf_probe_read_user(&n32, sizeof(n32), (void *)nr))
                        n32 = 0;
                n = n32;
        }
        if (n > (__u64)cap + 1)
                n = (__u64)cap + 1;
        if (n > RENACER_BUF_CAP)
                n = RENACER_BUF_CAP;
        len = p ? readable_len(p, n * es) : 0;
        exit_seg(sc, &off, arg, RENACER_SEG_BUF, p, len, len);
        return off;
}

/* The string a u64 field of a structure in user memory points to (a bpf
 * attr's path, license or name): at most max - 1 bytes (max at most
 * RENACER_BUF_CAP), TRUNC when no NUL came within them, FAULT when the
 * field or the string cannot be read. Always one STR segment of arg.
 * Global for the same reason as renacer_capture_iov(); returns the new
 * payload offset. */
__noinline int renacer_capture_field_str(__u64 where, __u64 ptr_addr, __u64 max)
{
        __u32 zero = 0, o = where & 0xffff, arg = (where >> 16) & 7;
        struct scratch *sc = bpf_map_lookup_elem(&scratch_map, &zero);
        struct renacer_seg *seg;
        __u64 p = 0;
        __u8 last = 0;
        long n = -1;

        if (!sc || (sc->ev.flags & RENACER_SC_PAYLOAD_CUT))
                return o;
        if (o + sizeof(*seg) + RENACER_BUF_CAP > RENACER_PAYLOAD_MAX) {
                sc->ev.flags |= RENACER_SC_PAYLOAD_CUT;
                return o;
        }
        if (max > RENACER_BUF_CAP)
                max = RENACER_BUF_CAP;
        if (max < 2)
                max = 2;
        bound(o, PAYLOAD_MASK);
        bound(max, RENACER_BUF_CAP * 2 - 1);
        seg = (struct renacer_seg *)&sc->payload[o];
        seg_init(seg, arg, RENACER_SEG_STR, RENACER_SEGF_AT_EXIT, 0);
        if (!bpf_probe_read_user(&p, sizeof(p), (void *)ptr_addr) && p)
                n = bpf_probe_read_user_str(&sc->payload[o + sizeof(*seg)], max, (void *)p);
        if (n <= 0) {
                seg->flags |= RENACER_SEGF_FAULT;
                n = 0;
        } else {
                n -= 1;
                /* max - 1 bytes and then a NUL, or no NUL within them */
                if (n == max - 1 && (bpf_probe_read_user(&last, 1, (void *)(p + n)) || last))
                        seg->flags |= RENACER_SEGF_TRUNC;
        }
        bound(n, RENACER_BUF_CAP - 1);
        seg->len = n;
        sc->ev.nseg++;
        return o + sizeof(*seg) + ((n + 7) & ~7);
}

/* A structure of size bytes at uptr (a bpf attr), read whole as strace
 * reads it: the bytes (cut at RENACER_BUF_CAP), or a fault when any of
 * them cannot be read; nothing for NULL, 0 or more than a page. */
static __always_inline void exit_attr(struct scratch *sc, __u32 *off, __u8 arg, __u64 uptr,
                                      __u64 size)
{
        if (!uptr || !size || size > RENACER_PAGE_SIZE)
                return;
        if (readable_len(uptr, size) < size)
                exit_fault_seg(sc, off, arg);
        else
                exit_seg(sc, off, arg, RENACER_SEG_BUF, uptr, size, size);
}

/* clone3's struct clone_args and what strace shows beyond it, as BUF
 * segments by argument number (clone3 has two arguments; the numbers
 * above say which pointed-to value a segment holds): 0 the structure's
 * first min(size, sizeof) bytes, a fault when they cannot all be read;
 * 1 the bytes after it up to size or the end of its first page, at most
 * RENACER_BUF_CAP of them, a fault when the last cannot be read; 2 the
 * set_tid array (at most RENACER_CLONE3_SET_TID_MAX pids, as many as can
 * be read); and after success 3 the int at pidfd and 4 the pid at
 * parent_tid. Global, as renacer_capture_iov(); returns the new payload
 * offset. */
__noinline int renacer_capture_clone3(__u64 where, __u64 uptr, __u64 size, __s64 ret)
{
        __u32 zero = 0, off = where & 0xffff;
        struct scratch *sc = bpf_map_lookup_elem(&scratch_map, &zero);
        struct clone_args ca = {};
        __u64 n = size, end, m;
        __u8 first, last;

        if (!sc || !uptr || size < RENACER_CLONE_ARGS_SIZE_VER0)
                return off;
        if (n > sizeof(ca))
                n = sizeof(ca);
        if (bpf_probe_read_user(&ca, n, (void *)uptr)) {
                exit_fault_seg(sc, &off, 0);
                return off;
        }
        exit_seg(sc, &off, 0, RENACER_SEG_BUF, uptr, n, n);
        if (size > sizeof(ca) && !(sc->ev.flags & RENACER_SC_PAYLOAD_CUT)) {
                end = size < RENACER_PAGE_SIZE ? size : RENACER_PAGE_SIZE;
                if (bpf_probe_read_user(&first, 1, (void *)(uptr + sizeof(ca))) ||
                    bpf_probe_read_user(&last, 1, (void *)(uptr + end - 1)))
                        exit_fault_seg(sc, &off, 1);
                else
                        exit_seg(sc, &off, 1, RENACER_SEG_BUF, uptr + sizeof(ca), end - sizeof(ca),
                                 end - sizeof(ca));
        }
        if (ca.set_tid && ca.set_tid_size && ca.set_tid_size <= RENACER_CLONE3_SET_TID_MAX &&
            !(sc->ev.flags & RENACER_SC_PAYLOAD_CUT)) {
                m = readable_len(ca.set_tid, ca.set_tid_size * sizeof(__kernel_pid_t));
                m -= m % sizeof(__kernel_pid_t);
                exit_seg(sc, &off, 2, RENACER_SEG_BUF, ca.set_tid, m, m);
        }
        if (ret <= 0)
                return off;
        if ((ca.flags & RENACER_CLONE_PIDFD) && ca.pidfd &&
            !(sc->ev.flags & RENACER_SC_PAYLOAD_CUT))
                exit_seg(sc, &off, 3, RENACER_SEG_BUF, ca.pidfd, sizeof(int), sizeof(int));
        if ((ca.flags & RENACER_CLONE_PARENT_SETTID) && ca.parent_tid &&
            !(sc->ev.flags & RENACER_SC_PAYLOAD_CUT))
                exit_seg(sc, &off, 4, RENACER_SEG_BUF, ca.parent_tid, sizeof(__kernel_pid_t),
                         sizeof(__kernel_pid_t));
        return off;
}

/* The len bytes at uptr past a structure (print_nonzero_bytes() reads
 * them whole): at most RENACER_BUF_CAP of them, or a fault when the first
 * or the last cannot be read. */
static __always_inline void exit_tail(struct scratch *sc, __u32 *off, __u8 arg, __u64 uptr,
                                      __u64 len)
{
        __u8 first, last;

        if (bpf_probe_read_user(&first, 1, (void *)uptr) ||
            bpf_probe_read_user(&last, 1, (void *)(uptr + len - 1)))
                exit_fault_seg(sc, off, arg);
        else
                exit_seg(sc, off, arg, RENACER_SEG_BUF, uptr, len, len);
}

/* nr elements of esize bytes at uptr, at most cap + 1 of them (strace's
 * print_array() shows -s elements and reads one more to know whether
 * "..." follows) and at most a buffer's worth: as many as can be read. */
static __always_inline void exit_array_s(struct scratch *sc, __u32 *off, __u8 arg, __u64 uptr,
                                         __u64 nr, __u32 esize, __u32 cap)
{
        const __u64 max = RENACER_BUF_CAP / esize + 1;

        if (nr > (__u64)cap + 1)
                nr = (__u64)cap + 1;
        if (nr > max)
                nr = max;
        exit_struct(sc, off, arg, uptr, readable_len(uptr, nr * esize));
}

/* A NUMA node mask of maxnode bits (strace's print_nodemask()): its
 * unsigned longs as exit_array_s() reads them; nothing for a size that
 * overflows, whose address strace prints. */
static __always_inline void exit_nodemask(struct scratch *sc, __u32 *off, __u8 arg, __u64 uptr,
                                          __u64 maxnode, __u32 cap)
{
        const __u64 bits = 8 * sizeof(unsigned long);
        __u64 nr = (maxnode + bits - 2) / bits;

        if (!maxnode || nr < maxnode / bits)
                return;
        exit_array_s(sc, off, arg, uptr, nr, sizeof(unsigned long), cap);
}

/* Returns 1 when the call has exit-side data worth a payload record. */
static __always_inline int wants_exit_payload(__s32 nr)
{
        int w = 0;

        switch (nr) {
#define ENTER(...) (void)0
#define EXIT(...)  w = 1
#include "syscalls.def"
#undef ENTER
#undef EXIT
        }
        return w;
}

#define ALL_BYTES          ((__s64)(~0ULL >> 1))
#define MIN(a, b)          ((a) < (b) ? (a) : (b))
#define exit_op_FDDEV(i)   exit_fddev(sc, off, i, a[i])
#define exit_op_BUF_RET(i) exit_buf(sc, off, i, a[i], ret, cap)
/* a request of argument n bytes: a size_t, however large; one byte more
 * than -s shows, as strace reads it (printstr_ex()) */
#define exit_op_BUF_IN(i, n)                                                                       \
        exit_seg(sc, off, i, RENACER_SEG_BUF, a[i], MIN(a[n], (__u64)cap + 1), a[n])
#define exit_op_PATH_RET(i)  exit_buf(sc, off, i, a[i], ret, RENACER_PATH_CAP)
#define exit_op_STRUCT(i, T) exit_struct(sc, off, i, a[i], sizeof(T))
#define exit_op_STRUCT_OK(i, T)                                                                    \
        if (ret == 0)                                                                              \
        exit_op_STRUCT(i, T)
#define exit_op_STRUCT_POS(i, T)                                                                   \
        if (ret > 0)                                                                               \
        exit_op_STRUCT(i, T)
#define exit_op_STRUCT_HEAD_OK(i, T, f)                                                            \
        if (ret == 0)                                                                              \
        exit_struct(sc, off, i, a[i], __builtin_offsetof(T, f))
/* argument j's buffer, as many bytes as the u32 field f of the T at
 * argument i says (cut at -s): keyctl's pkey operands */
static __always_inline void exit_buf_field_len(struct scratch *sc, __u32 *off, __u8 arg, __u64 uptr,
                                               __u64 lenp, __u32 cap)
{
        __u32 len;

        if (!uptr || bpf_probe_read_user(&len, sizeof(len), (void *)lenp))
                return;
        exit_seg(sc, off, arg, RENACER_SEG_BUF, uptr, len < cap ? len : cap, len);
}
#define exit_op_BUF_FIELD_LEN(j, i, T, f)                                                          \
        exit_buf_field_len(sc, off, j, a[j], a[i] + bpf_core_field_offset(T, f), cap)
#define exit_op_BUF_FIELD_LEN_OK(j, i, T, f)                                                       \
        if (ret >= 0)                                                                              \
        exit_op_BUF_FIELD_LEN(j, i, T, f)
/* a T, or the part of it before the first page that cannot be read */
#define exit_op_READABLE(i, T) exit_struct(sc, off, i, a[i], readable_len(a[i], sizeof(T)))
#define exit_op_SIZED(i, T, n)                                                                     \
        exit_struct(sc, off, i, a[i], readable_len(a[i], MIN(a[n], sizeof(T))))
#define exit_op_SOCKADDR(i, n) exit_op_SIZED(i, struct __kernel_sockaddr_storage, n)
#define exit_op_ARRAY(i, T, n, max)                                                                \
        exit_struct(sc, off, i, a[i], readable_len(a[i], MIN(a[n], max) * sizeof(T)))
#define exit_op_ARRAY_RET(i, T, max)                                                               \
        if (ret > 0)                                                                               \
        exit_struct(sc, off, i, a[i], MIN(ret, max) * sizeof(T))
/* as many of the bytes of a T at argument i as can be read, for a
 * structure strace reads only the start of (struct sigevent) */
#define exit_op_STRUCT_PART(i, T) exit_struct(sc, off, i, a[i], readable_len(a[i], sizeof(T)))
/* argument n elements of T, at most -s + 1 of them (exit_array_s) */
#define exit_op_ARRAY_S(i, T, n) exit_array_s(sc, off, i, a[i], a[n], sizeof(T), cap)
/* ... after a call that succeeded (move_pages returns how many pages it
 * did not move) */
#define exit_op_ARRAY_S_OK(i, T, n)                                                                \
        if (ret >= 0)                                                                              \
        exit_op_ARRAY_S(i, T, n)
/* the node mask at argument i of argument n bits */
#define exit_op_NODEMASK(i, n) exit_nodemask(sc, off, i, a[i], a[n], cap)
#define exit_op_NODEMASK_OK(i, n)                                                                  \
        if (ret >= 0)                                                                              \
        exit_op_NODEMASK(i, n)
#define exit_op_CWD(i)                                                                             \
        if (ret > 1)                                                                               \
        exit_seg(sc, off, i, RENACER_SEG_STR, a[i], MIN(ret - 1, RENACER_PATH_CAP), ret - 1)
/* mincore's vector: a byte per page of the length, the first max of them */
#define exit_op_PAGE_VEC(i, n, max)                                                                \
        if (ret == 0)                                                                              \
        exit_struct(                                                                               \
            sc, off, i, a[i],                                                                      \
            readable_len(a[i],                                                                     \
                         MIN(a[n] / RENACER_PAGE_SIZE + !!(a[n] & (RENACER_PAGE_SIZE - 1)), max)))
#define exit_op_DIRENTS(i) exit_dirents(sc, off, i, a[i], ret)
/* a buffer the call filled: as many bytes as it returned, at most the
 * argument n bytes it was given */
#define exit_op_BUF_RET_MAX(i, n)                                                                  \
        if (ret >= 0)                                                                              \
        exit_buf(sc, off, i, a[i], MIN((__u64)ret, a[n]), cap)
/* the name prctl(PR_GET_NAME) wrote: all of TASK_COMM_LEN */
#define exit_op_COMM_OK(i)                                                                         \
        if (ret == 0)                                                                              \
        exit_struct(sc, off, i, a[i], TASK_COMM_SIZE)
#define exit_op_IF(c, v, op, ...)                                                                  \
        if ((__u32)a[c] == (v))                                                                    \
        exit_op_##op(__VA_ARGS__)
#define exit_op_OUTLEN(i, n, T) exit_outlen(sc, off, i, a[i], n, a[n], ret, sizeof(T))
#define exit_op_SOCKNAME(i, n)  exit_op_OUTLEN(i, n, struct __kernel_sockaddr_storage)
#define exit_op_IOV_RET(i, n)   *off = renacer_capture_iov(IOV_WHERE(i), a[i], a[n], ret)
#define exit_op_IOV_IN(i, n)    *off = renacer_capture_iov(IOV_WHERE(i), a[i], a[n], ALL_BYTES)
#define exit_op_MSGHDR(i)       *off = renacer_capture_msghdr(IOV_WHERE(i), a[i], ALL_BYTES)
#define exit_op_MMSG(i, n)      *off = renacer_capture_mmsg(IOV_WHERE(i), a[i], (__u32)a[n], 0)
#define exit_op_MMSG_RET(i)                                                                        \
        if (ret > 0)                                                                               \
        *off = renacer_capture_mmsg(IOV_WHERE(i), a[i], ret, 1)
/* the bytes past a T at argument i up to argument n bytes, at most a
 * page, as a segment of argument t */
#define exit_op_TAIL(t, i, T, n)                                                                   \
        if (a[i] && a[n] > sizeof(T))                                                              \
        exit_tail(sc, off, t, a[i] + sizeof(T), MIN(a[n], RENACER_PAGE_SIZE) - sizeof(T))
#define exit_op_CLONE3(i, n) *off = renacer_capture_clone3(IOV_WHERE(i), a[i], a[n], ret)
#define exit_op_FDSET_POS(i, n)                                                                    \
        if (ret > 0)                                                                               \
        exit_struct(sc, off, i, a[i], MIN(fdset_bytes(a[n]), RENACER_FDSET_CAP))
#define exit_op_MSGHDR_RET(i)                                                                      \
        if (ret >= 0)                                                                              \
        *off = renacer_capture_msghdr(IOV_WHERE(i), a[i], ret)
/* ioctl's argument i as request argument r says (ioctl_arg_size) */
#define exit_op_IOCTL(i, r)                                                                        \
        if (ioctl_arg_size((__u32)a[r]))                                                           \
        exit_struct(sc, off, i, a[i], ioctl_arg_size((__u32)a[r]))
/* argument i of a quotactl whose command is argument c: the structure the
 * command wrote, after success */
#define exit_op_QUOTA(i, c)                                                                        \
        if (ret == 0 && quota_out_size((__u32)a[c]))                                               \
        exit_struct(sc, off, i, a[i], quota_out_size((__u32)a[c]))
#define exit_op_FUTEX_TIMEOUT(i)                                                                   \
        if (((a[1] & RENACER_FUTEX_CMD_MASK) == RENACER_FUTEX_WAIT ||                              \
             (a[1] & RENACER_FUTEX_CMD_MASK) == RENACER_FUTEX_WAIT_BITSET) &&                      \
            a[i])                                                                                  \
        exit_op_STRUCT(i, struct __kernel_timespec)

/* a T at argument i of argument n bytes and the bytes after it, up to a
 * page (strace checks that they are zero) */
#define exit_op_SIZED_TAIL(i, T, n)                                                                \
        exit_struct(sc, off, i, a[i],                                                              \
                    readable_len(a[i], MIN((__u64)(__u32)a[n], (__u64)RENACER_PAGE_SIZE)))
/* the array of E that the u64 field f of the T at argument i points to,
 * of as many elements as its u32 field nf says */
#define exit_op_FIELD_ARRAY(i, T, f, nf, E)                                                        \
        *off =                                                                                     \
            renacer_capture_ptr_array(IOV_WHERE(i), a[i] + bpf_core_field_offset(T, f),            \
                                      a[i] + bpf_core_field_offset(T, nf), sizeof(E) | PA_NR_ADDR)
/* ... of argument n elements */
#define exit_op_FIELD_ARRAY_N(i, T, f, n, E)                                                       \
        *off = renacer_capture_ptr_array(IOV_WHERE(i), a[i] + bpf_core_field_offset(T, f),         \
                                         (__u32)a[n], sizeof(E))

/* ioctl's third argument: the bytes strace reads for the request (sizes
 * from the UAPI types of ioctl-args.def for the old numbers, the size an
 * _IOC number carries for the families engine/decode/decode-ioctl.c
 * decodes), 0 for a request whose argument it prints as a number. */
static __always_inline __u32 ioctl_arg_size(__u32 req)
{
        switch (req) {
#define IOCTL_ARG(v, name, T)                                                                      \
        case v:                                                                                    \
                return sizeof(T);
#define IOCTL_ARG_IN(v, name, T)
#include "ioctl-args.def"
#undef IOCTL_ARG
#undef IOCTL_ARG_IN
        }
        /* _IOC_NONE: nothing the number says to read */
        if (!(req >> 30))
                return 0;
        switch ((req >> 8) & 0xff) {
        case 'T':
        case 'K':
        case 0x12: /* block devices */
        case 'p':  /* real-time clocks */
        case 'R':  /* random */
        case 'W':  /* watchdogs */
        case '$':  /* perf events */
        case 'i':  /* infrared */
        case 'E':  /* input events */
        case 'o':  /* UBI */
        case 'O':
                return (req >> 16) & 0x3fff;
        }
        return 0;
}

/* a T with argument n trailing E at argument i (io_uring's probe), read
 * whole as exit_attr() reads it */
#define exit_op_FLEX(i, T, E, n)                                                                   \
        exit_attr(sc, off, i, a[i],                                                                \
                  (__u32)a[n] > RENACER_PAGE_SIZE ? RENACER_PAGE_SIZE + 1                          \
                                                  : sizeof(T) + (__u64)(__u32)a[n] * sizeof(E))
/* argument n bytes at argument i, all of them readable or a fault */
#define exit_op_ATTR(i, n) exit_attr(sc, off, i, a[i], (__u32)a[n])
/* the string the u64 field f of the T at argument i points to: a path
 * (PATH, up to RENACER_BUF_CAP) or a string strace cuts at -s (STR) */
#define FIELD_STR_MAX_PATH RENACER_BUF_CAP
#define FIELD_STR_MAX_STR  (cap + 2)
#define exit_op_FIELD_STR(i, T, f, kind)                                                           \
        *off = renacer_capture_field_str(IOV_WHERE(i), a[i] + bpf_core_field_offset(T, f),         \
                                         FIELD_STR_MAX_##kind)

static __always_inline void capture_exit(struct scratch *sc, __u32 *off, __u64 *a, __s64 ret,
                                         __u32 cap)
{
        switch (sc->ev.nr) {
#define ENTER(...)    (void)0
#define EXIT(op, ...) exit_op_##op(__VA_ARGS__)
#include "syscalls.def"
#undef ENTER
#undef EXIT
        }
}

static __always_inline void fill_event(struct renacer_syscall_event *ev, struct enter_state *st,
                                       __u32 session_id, __u32 tgid, __u32 tid, __s64 ret,
                                       __u64 now, __u16 flags)
{
        ev->hdr.version = RENACER_EVENT_VERSION;
        ev->hdr.kind = RENACER_EV_SYSCALL;
        ev->hdr.session_id = session_id;
        ev->hdr.ts_ns = st->ts;
        ev->hdr.tgid = tgid;
        ev->hdr.tid = tid;
        ev->nr = st->nr;
        ev->cpu = bpf_get_smp_processor_id();
        ev->flags = flags | (st->cut ? RENACER_SC_PAYLOAD_CUT : 0);
        ev->args[0] = st->args[0];
        ev->args[1] = st->args[1];
        ev->args[2] = st->args[2];
        ev->args[3] = st->args[3];
        ev->args[4] = st->args[4];
        ev->args[5] = st->args[5];
        ev->ret = ret;
        ev->duration_ns = now - st->ts;
        ev->payload_len = 0;
        ev->nseg = 0;
        *(__u32 *)&ev->reserved[0] = 0;
        ev->reserved[4] = 0;
}

/* Emit the record of a finished call to each streaming session that traces
 * it; `flags` carries RENACER_SC_NORETURN. The payload is read once. */
static __always_inline void emit_syscall(struct enter_state *st, __u32 tgid, __u32 tid, __s64 ret,
                                         __u64 now, __u16 flags)
{
        struct renacer_syscall_event *ev;
        struct scratch *sc;
        __u32 zero = 0, off;
        __u64 wake, size;

        if (st->plen == 0 && !st->retry &&
            (flags & RENACER_SC_NORETURN ||
             (!wants_exit_payload(st->nr) && !(st->causal && causal_call(st->nr)) &&
              !(st->fds && fdinfo_call(st->nr))))) {
                /* unrolled: clang 14 lays this loop out with a fall-through
                 * back edge, which 6.1's verifier refuses (bpf/check-cfg.py) */
#pragma unroll
                for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                        __u32 sid = st->sessions[i];
                        if (!(st->stream & (1 << i)) || !sid)
                                continue;
                        if (!ring_admit(sizeof(*ev), lifecycle_headroom, &wake)) {
                                session_drop(sid);
                                continue;
                        }
                        ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
                        if (!ev) {
                                session_drop(sid);
                                continue;
                        }
                        fill_event(ev, st, sid, tgid, tid, ret, now, flags);
                        ev->hdr.size = sizeof(*ev);
                        bpf_ringbuf_submit(ev, wake);
                        count(RENACER_CNT_EMITTED);
                }
                return;
        }

        sc = bpf_map_lookup_elem(&scratch_map, &zero);
        if (!sc)
                return;
        fill_event(&sc->ev, st, 0, tgid, tid, ret, now, flags);
        off = st->plen;
        bound(off, ENTER_LIMIT - 1);
        if (off)
                bpf_probe_read_kernel(sc->payload, off, st->payload);
        sc->ev.nseg = st->nseg;
        if (!(flags & RENACER_SC_NORETURN)) {
                for (int i = 0; i < 6; i++)
                        if (st->retry & (1 << i)) {
                                off = renacer_capture_path(off | i << 16, st->args[i]);
                                /* a global function's result is unbounded
                                 * to the verifier; it is <= PAYLOAD_MAX */
                                bound(off, 2 * RENACER_PAYLOAD_MAX - 1);
                        }
                /* before the buffers, so that it always fits: a read whose
                 * bytes went uncounted would shift every later match */
                if (st->causal)
                        causal_capture(sc, &off, st->args, ret);
                if (st->fds)
                        off = fdinfo_capture(sc, off, st->args, ret);
                if ((st->env & 1) && (st->nr == __NR_execve || st->nr == __NR_execveat))
                        off = env_capture(sc, off, st->args, ret, st->capture);
                if ((st->env & 2) && st->nr == __NR_getdents64)
                        off = dirents_capture(sc, off, st->args[1], ret);
                capture_exit(sc, &off, st->args, ret, st->buf_capture);
        }
        bound(off, PAYLOAD_MASK);
        sc->ev.payload_len = off;
        size = sizeof(sc->ev) + off;
        sc->ev.hdr.size = size;
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                __u32 sid = st->sessions[i];
                if (!(st->stream & (1 << i)) || !sid)
                        continue;
                sc->ev.hdr.session_id = sid;
                if (!ring_admit(size, lifecycle_headroom, &wake) ||
                    bpf_ringbuf_output(&events, sc, size, wake)) {
                        session_drop(sid);
                        continue;
                }
                count(RENACER_CNT_EMITTED);
        }
}

SEC("tp_btf/sys_exit")
int BPF_PROG(renacer_sys_exit, struct pt_regs *regs, long ret)
{
        __u64 pid_tgid = bpf_get_current_pid_tgid();
        __u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid;
        struct renacer_tracked_set *t;
        struct enter_state *st;
        __u64 now;

        if (!tgid_maybe_tracked(tgid))
                return 0;
        st = bpf_task_storage_get(&enter_map, bpf_get_current_task_btf(), 0, 0);
        /* no enter state: the call began before tracking did (or before the
         * programs were last attached) */
        if (!st || !st->active || st->gen != *(volatile __u32 *)&attach_gen)
                return 0;
        /* the set as it is now, unless nothing has left any set since
         * sys_enter and nothing below needs it */
        t = NULL;
        if (st->track_gen != *(volatile __u32 *)&track_gen || st->owned || st->maps) {
                t = bpf_map_lookup_elem(&tracked, &tgid);
                if (!t) {
                        st->active = 0;
                        return 0;
                }
        }
        st->active = 0;
        /* prctl(PR_SET_DUMPABLE, 0) while this call ran: its result (a
         * read's data) is the non-dumpable process's */
        if (t && set_has_user_owner(t) && !current_dumpable() &&
            !priv_drop(t, tgid, tid, NULL, NULL, st))
                return 0;
        if (t && st->maps)
                map_emit_mmap(t, st->maps, tgid, tid, st->args, ret);
        now = bpf_ktime_get_ns();
        /* only sessions that still trace it: one untracked meanwhile has
         * had its aggregate read and freed, and must not grow a new one */
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                if (st->sessions[i] && (!t || t->slot[i].session_id == st->sessions[i]))
                        agg_add(st->sessions[i], st->nr, ret, now - st->ts);
        if (st->stack && !st->stack_taken)
                stack_emit_call(st, tgid, tid, 0);
        if (st->stream)
                emit_syscall(st, tgid, tid, ret, now, 0);
        return 0;
}

/* ---- process lifecycle ---- */

static __always_inline void fill_proc(struct renacer_proc_event *ev, __u8 kind, __u32 size,
                                      __u32 session_id, __u32 tgid, __u32 tid, __u32 ppid,
                                      __s32 exit_code, __u64 maxrss_kb)
{
        ev->hdr.version = RENACER_EVENT_VERSION;
        ev->hdr.kind = kind;
        ev->hdr.size = size;
        ev->hdr.session_id = session_id;
        ev->hdr.ts_ns = bpf_ktime_get_ns();
        ev->hdr.tgid = tgid;
        ev->hdr.tid = tid;
        ev->ppid = ppid;
        ev->exit_code = exit_code;
        ev->maxrss_kb = maxrss_kb;
        bpf_get_current_comm(ev->comm, sizeof(ev->comm));
        ev->uid = (__u32)bpf_get_current_uid_gid();
        ev->path_len = 0;
        ev->flags = 0;
}

static __always_inline void emit_proc(__u8 kind, __u32 session_id, __u32 tgid, __u32 tid,
                                      __u32 ppid, __s32 exit_code, __u64 maxrss_kb)
{
        struct renacer_proc_event *ev;
        __u64 wake;

        if (!ring_admit(sizeof(*ev), 0, &wake)) {
                session_drop_lifecycle(session_id);
                return;
        }
        ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
        if (!ev) {
                session_drop_lifecycle(session_id);
                return;
        }
        fill_proc(ev, kind, sizeof(*ev), session_id, tgid, tid, ppid, exit_code, maxrss_kb);
        /* exits end sessions: deliver them now rather than at the next tick */
        bpf_ringbuf_submit(ev, kind == RENACER_EV_EXIT ? BPF_RB_FORCE_WAKEUP : wake);
        count(RENACER_CNT_LIFECYCLE);
}

/* A lifecycle record about a task that need not be the current one (a
 * process moved into a cgroup by another): its own comm and uid. */
static __always_inline void emit_task(__u8 kind, __u32 session_id, struct task_struct *p,
                                      __u32 ppid, __u16 flags)
{
        struct renacer_proc_event *ev;
        __u64 wake;

        if (!ring_admit(sizeof(*ev), 0, &wake)) {
                session_drop_lifecycle(session_id);
                return;
        }
        ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
        if (!ev) {
                session_drop_lifecycle(session_id);
                return;
        }
        fill_proc(ev, kind, sizeof(*ev), session_id, BPF_CORE_READ(p, tgid), BPF_CORE_READ(p, pid),
                  ppid, 0, 0);
        BPF_CORE_READ_STR_INTO(&ev->comm, p, comm);
        ev->uid = BPF_CORE_READ(p, real_cred, uid.val);
        ev->flags = flags;
        bpf_ringbuf_submit(ev, wake);
        count(RENACER_CNT_LIFECYCLE);
}

/* Components of an executable's path the kernel walks, mounts included. */
#define EXE_WALK 48

struct exe_buf {
        char b[2 * RENACER_EXEC_PATH_MAX]; /* built right to left */
        char path[RENACER_EXEC_PATH_MAX];  /* the result, for every record */
        __s32 len;                         /* < 0: not resolved */
};

struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
        __uint(max_entries, 1);
        __type(key, __u32);
        __type(value, struct exe_buf);
} exe_scratch SEC(".maps");

struct exe_walk {
        struct dentry *d;
        struct vfsmount *vm;
        struct mount *m;
        __u32 pos;  /* start of what is built so far in eb->b */
        __s32 done; /* 1: reached the root; -1: too long */
};

/* One step of exe_path(): a path component, or a mount crossed. */
static long exe_step(__u32 i, struct exe_walk *w)
{
        /* locals: CO-RE reads must not start from this program's own struct */
        struct dentry *d = w->d, *parent;
        struct vfsmount *vm = w->vm;
        struct mount *m = w->m, *mp;
        __u32 zero = 0, len, o;
        struct exe_buf *eb = bpf_map_lookup_elem(&exe_scratch, &zero);

        if (!eb) {
                w->done = -1;
                return 1;
        }
        if (d == BPF_CORE_READ(vm, mnt_root)) {
                mp = BPF_CORE_READ(m, mnt_parent);
                if (mp == m) {
                        w->done = 1;
                        return 1;
                }
                w->d = BPF_CORE_READ(m, mnt_mountpoint);
                w->m = mp;
                w->vm = __builtin_preserve_access_index(&mp->mnt);
                return 0;
        }
        parent = BPF_CORE_READ(d, d_parent);
        if (parent == d) {
                w->done = 1;
                return 1;
        }
        len = BPF_CORE_READ(d, d_name.len);
        /* the component, its '/', and one byte left over */
        if (len == 0 || len + 2 > w->pos) {
                w->done = -1;
                return 1;
        }
        w->pos -= len + 1;
        o = w->pos;
        bound(o, RENACER_EXEC_PATH_MAX - 1);
        bound(len, RENACER_EXEC_PATH_MAX - 1);
        eb->b[o] = '/';
        bpf_probe_read_kernel(&eb->b[o + 1], len, BPF_CORE_READ(d, d_name.name));
        w->d = parent;
        return 0;
}

/* The executed file's own path, as d_path() would give it (tp_btf programs
 * cannot call bpf_d_path): from its dentry up to the root of its mount,
 * then on from the mountpoint in the parent mount, to the root of the
 * mount namespace. Built right to left by bpf_loop() steps (verified once,
 * whatever the depth), then left in eb->path with its length in eb->len:
 * -1 when it is deeper than EXE_WALK steps or longer than
 * RENACER_EXEC_PATH_MAX - 1 bytes. Once per exec, for every record. */
static __always_inline void exe_path(struct linux_binprm *bprm, struct exe_buf *eb)
{
        struct file *f = BPF_CORE_READ(bprm, file);
        struct exe_walk w = {
            .d = BPF_CORE_READ(f, f_path.dentry),
            .vm = BPF_CORE_READ(f, f_path.mnt),
            .pos = RENACER_EXEC_PATH_MAX,
        };
        __u32 len, o;

        eb->len = -1;
        if (!w.d || !w.vm)
                return;
        /* container_of, with the offset relocated (struct mount is internal) */
        w.m = (void *)w.vm - bpf_core_field_offset(struct mount, mnt);
        bpf_loop(EXE_WALK, exe_step, &w, 0);
        if (w.done != 1)
                return;
        if (w.pos >= RENACER_EXEC_PATH_MAX) {
                eb->path[0] = '/';
                eb->len = 1;
                return;
        }
        len = RENACER_EXEC_PATH_MAX - w.pos;
        o = w.pos;
        bound(o, RENACER_EXEC_PATH_MAX - 1);
        bound(len, RENACER_EXEC_PATH_MAX - 1);
        bpf_probe_read_kernel(eb->path, len, &eb->b[o]);
        eb->len = len;
}

/* An exec, with the executed path; provisional auto-sessions wake the
 * daemon at once so it can adopt or drop them quickly. A PRIV record has
 * the same shape, its reason in exit_code (and no path without bprm). */
static __always_inline void emit_exec(__u8 kind, __u32 session_id, __u32 tgid, __u32 tid, __u32 old,
                                      __s32 reason, struct linux_binprm *bprm)
{
        struct renacer_exec_event *ev;
        const char *filename;
        __u64 wake;
        long n = 0;

        if (!ring_admit(sizeof(*ev), 0, &wake)) {
                session_drop_lifecycle(session_id);
                return;
        }
        ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
        if (!ev) {
                session_drop_lifecycle(session_id);
                return;
        }
        fill_proc(&ev->p, kind, sizeof(*ev), session_id, tgid, tid, old, reason, 0);
        if (bprm) {
                __u32 zero = 0;
                struct exe_buf *eb = bpf_map_lookup_elem(&exe_scratch, &zero);
                n = eb ? eb->len : -1;
                if (eb && n > 0 && n < RENACER_EXEC_PATH_MAX) {
                        __u32 len = n;
                        bound(len, RENACER_EXEC_PATH_MAX - 1);
                        bpf_probe_read_kernel(ev->path, len, eb->path);
                        n += 1; /* as _str counts the NUL */
                } else {
                        filename = BPF_CORE_READ(bprm, filename);
                        n = bpf_probe_read_kernel_str(ev->path, sizeof(ev->path), filename);
                        ev->p.flags |= RENACER_PROC_PATH_TYPED;
                }
        }
        ev->p.path_len = n > 0 ? n - 1 : 0;
        if (ev->p.path_len == 0)
                ev->path[0] = '\0';
        ev->cgroup_id = bpf_get_current_cgroup_id();
        bpf_ringbuf_submit(ev, (session_id & RENACER_AUTO_SESSION) || kind == RENACER_EV_PRIV
                                   ? BPF_RB_FORCE_WAKEUP
                                   : wake);
        count(RENACER_CNT_LIFECYCLE);
}

/* A process gained privilege: every session of a non-root owner that may
 * no longer see it (at exec: by exec_priv_reason(); without p: all of
 * them, it is not dumpable) loses it now, with its part of the pending call
 * in st, and is told once (the thread that frees the slot tells). Returns
 * whether any session still traces the process. */
static __always_inline bool priv_drop(struct renacer_tracked_set *t, __u32 tgid, __u32 tid,
                                      struct task_struct *p, struct linux_binprm *bprm,
                                      struct enter_state *st)
{
        __u32 gone[RENACER_PROC_SESSIONS] = {}, why[RENACER_PROC_SESSIONS] = {};
        bool left = false;

        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                struct renacer_tracked *sl = &t->slot[i];
                __u32 sid = sl->session_id, r = RENACER_PRIV_NODUMP;
                if (!sid)
                        continue;
                if (sl->owner_uid && p)
                        r = exec_priv_reason(p, bprm, sl->owner_uid);
                if (!sl->owner_uid || !r) {
                        left = true;
                        continue;
                }
                /* claim the slot: session_id and flags as one 64-bit word
                 * (session_id first, little-endian), so that two threads
                 * finding it at once tell the session once */
                __u64 *word = (__u64 *)&sl->session_id, cur = *word;
                if ((__u32)cur != sid ||
                    __sync_val_compare_and_swap(word, cur, cur & ~0xffffffffULL) != cur)
                        continue;
                gone[i] = sid;
                why[i] = r;
                track_changed();
        }
        if (st) {
                /* keep the compiler from offsetting st before the check */
                asm volatile("" : "+r"(st));
                for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                        if (!gone[i])
                                continue;
                        st->sessions[i] = 0;
                        st->stream &= ~(1 << i);
                }
        }
        if (!left) {
                if (st)
                        st->active = 0;
                bpf_task_storage_delete(&enter_map, bpf_get_current_task_btf());
                if (bpf_map_delete_elem(&tracked, &tgid) == 0) {
                        tgid_slot_add(tgid, -1);
                        track_changed();
                }
        }
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                if (gone[i])
                        emit_exec(RENACER_EV_PRIV, gone[i], tgid, tid, 0, why[i], bprm);
        return left;
}

/* ---- cgroup scopes ---- */

/* Levels of the cgroup tree walked up from a process's cgroup to find the
 * scopes above it (systemd's deepest units sit a handful below the root). */
#define CGROUP_DEPTH_MAX 32

struct scope_walk {
        struct cgroup *cg;
        struct task_struct *task;
        __u32 n; /* slots of scope_scratch filled */
};

static __always_inline bool set_holds(const struct renacer_tracked_set *t, __u32 session_id)
{
        bool found = false;

        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                found |= t->slot[i].session_id == session_id;
        return found;
}

/* One level: the scopes of this cgroup, then on to its parent. A session
 * whose owner may not see the task (another user's process, a setuid or
 * non-dumpable one: ptrace's rule) does not get it. */
static long scope_step(__u32 i, struct scope_walk *w)
{
        /* locals: CO-RE reads must not start from this program's own struct */
        struct cgroup *cg = w->cg;
        struct task_struct *task = w->task;
        struct cgroup_subsys_state *parent;
        struct renacer_tracked_set *s, *want;
        __u32 zero = 0;
        __u64 id;

        want = bpf_map_lookup_elem(&scope_scratch, &zero);
        if (!cg || !want)
                return 1;
        id = BPF_CORE_READ(cg, kn, id);
        s = bpf_map_lookup_elem(&cgroup_scopes, &id);
        for (int k = 0; s && k < RENACER_PROC_SESSIONS; k++) {
                struct renacer_tracked *sl = &s->slot[k];
                __u32 n = w->n;
                if (!sl->session_id || n >= RENACER_PROC_SESSIONS ||
                    set_holds(want, sl->session_id))
                        continue;
                if (sl->owner_uid &&
                    (cred_priv_reason(BPF_CORE_READ(task, real_cred), sl->owner_uid) ||
                     !task_dumpable(task)))
                        continue;
                want->slot[n & (RENACER_PROC_SESSIONS - 1)] = *sl;
                w->n = n + 1;
        }
        parent = BPF_CORE_READ(cg, self.parent);
        w->cg = parent ? (void *)parent - bpf_core_field_offset(struct cgroup, self) : NULL;
        return 0;
}

/* A process entered a cgroup (fork, or moved by cgroup.procs) or may have
 * left one: give it the scoped sessions of its cgroup v2 and the cgroup's
 * ancestors, take it from those it is no longer in, and tell each session
 * (FORK with `joined` flags: RENACER_PROC_JOINED for a move; DETACH). */
static __always_inline void cgroup_rescope(struct task_struct *p, __u32 tgid, __u32 ppid,
                                           __u16 joined)
{
        __u32 zero = 0, gone[RENACER_PROC_SESSIONS] = {}, added[RENACER_PROC_SESSIONS] = {};
        struct renacer_tracked_set *want = bpf_map_lookup_elem(&scope_scratch, &zero), *t;
        struct scope_walk w = {.task = p};
        bool left = false;

        if (!want)
                return;
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                want->slot[i].session_id = 0;
        w.cg = BPF_CORE_READ(p, cgroups, dfl_cgrp);
        bpf_loop(CGROUP_DEPTH_MAX, scope_step, &w, 0);
        t = tgid_maybe_tracked(tgid) ? bpf_map_lookup_elem(&tracked, &tgid) : NULL;
        if (!t) {
                if (!w.n)
                        return;
                if (bpf_map_update_elem(&tracked, &tgid, want, BPF_NOEXIST) == 0) {
                        tgid_slot_add(tgid, 1);
                        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                                added[i] = want->slot[i].session_id;
                        goto tell;
                }
                t = bpf_map_lookup_elem(&tracked, &tgid);
                if (!t)
                        return;
        }
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                struct renacer_tracked *sl = &t->slot[i];
                if (sl->session_id && (sl->flags & RENACER_TRACK_CGROUP) &&
                    !set_holds(want, sl->session_id)) {
                        gone[i] = sl->session_id;
                        sl->session_id = 0;
                        track_changed();
                }
        }
        for (int k = 0; k < RENACER_PROC_SESSIONS; k++) {
                struct renacer_tracked *ws = &want->slot[k];
                if (!ws->session_id || set_holds(t, ws->session_id))
                        continue;
                for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                        if (t->slot[i].session_id)
                                continue;
                        t->slot[i] = *ws;
                        added[k] = ws->session_id;
                        break;
                }
        }
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                left |= t->slot[i].session_id != 0;
        if (!left && bpf_map_delete_elem(&tracked, &tgid) == 0) {
                tgid_slot_add(tgid, -1);
                track_changed();
        }
tell:
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                if (gone[i])
                        emit_task(RENACER_EV_DETACH, gone[i], p, ppid, 0);
                if (added[i])
                        emit_task(RENACER_EV_FORK, added[i], p, ppid, joined);
        }
}

SEC("tp_btf/cgroup_attach_task")
int BPF_PROG(renacer_cgroup_attach, struct cgroup *dst, const char *path, struct task_struct *task,
             bool threadgroup)
{
        struct task_struct *leader;

        if (!*(volatile __u32 *)&cgroup_scopes_live)
                return 0;
        /* a process is in a scope while its main thread is: a thread moved
         * alone (threaded cgroups) changes nothing unless it is that one */
        leader = BPF_CORE_READ(task, group_leader);
        cgroup_rescope(leader, BPF_CORE_READ(leader, tgid),
                       BPF_CORE_READ(leader, real_parent, tgid), RENACER_PROC_JOINED);
        return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(renacer_fork, struct task_struct *parent, struct task_struct *child)
{
        __u32 ptgid = parent->tgid, ctgid = child->tgid, zero = 0;
        struct renacer_tracked_set *t, *c;
        bool any = false;

        if (!tgid_maybe_tracked(ptgid))
                goto scope;
        t = bpf_map_lookup_elem(&tracked, &ptgid);
        if (t && ptgid == ctgid) {
                /* a new thread: renderers count tasks (strace's [pid N]) */
                for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                        if (t->slot[i].session_id && (t->slot[i].flags & RENACER_TRACK_STREAM) &&
                            !(t->slot[i].flags & RENACER_TRACK_ONE_TASK))
                                emit_proc(RENACER_EV_THREAD, t->slot[i].session_id, ctgid,
                                          child->pid, parent->pid, 0, 0);
                return 0;
        }
        c = bpf_map_lookup_elem(&set_scratch, &zero);
        if (!t || !c)
                goto scope;
        /* the child inherits the sessions that follow forks */
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                c->slot[i] = t->slot[i];
                if (!c->slot[i].session_id || !(c->slot[i].flags & RENACER_TRACK_FOLLOW))
                        c->slot[i].session_id = 0;
                else
                        any = true;
        }
        if (!any)
                goto scope;
        if (bpf_map_update_elem(&tracked, &ctgid, c, BPF_NOEXIST) == 0)
                tgid_slot_add(ctgid, 1);
        else
                bpf_map_update_elem(&tracked, &ctgid, c, BPF_ANY);
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                if (c->slot[i].session_id)
                        emit_proc(RENACER_EV_FORK, c->slot[i].session_id, ctgid, child->pid, ptgid,
                                  parent->pid, 0);
scope:
        /* scoped sessions judge the child by its own cgroup (clone3's
         * CLONE_INTO_CGROUP may put it elsewhere than its parent) */
        if (ptgid != ctgid && *(volatile __u32 *)&cgroup_scopes_live)
                cgroup_rescope(child, ctgid, ptgid, 0);
        return 0;
}

/* A fresh provisional auto-session id for one exec: never the id of an
 * earlier exec of the same process, whose drop must not take this one. */
static __always_inline __u32 auto_id(void)
{
        __u32 n = (__u32)(__sync_fetch_and_add(&auto_seq, 1) + 1) & ~RENACER_AUTO_SESSION;

        return RENACER_AUTO_SESSION | (n ? n : 1);
}

/* The provisional auto-session a daemon-wide policy judges this exec by. */
static __always_inline void auto_slot(struct renacer_tracked *sl)
{
        sl->session_id = auto_id();
        sl->flags = RENACER_TRACK_FOLLOW;
        sl->capture_size = 0;
        sl->owner_uid = 0;
        for (int i = 0; i < RENACER_FILTER_WORDS; i++)
                sl->filter[i] = ~0ULL;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(renacer_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
        __u32 tgid = p->tgid, tid = p->pid, old = old_pid, zero = 0;
        struct renacer_tracked_set *t;
        struct enter_state *st;
        int free_slot = -1;
        bool has_auto = false;

        t = tgid_maybe_tracked(tgid) ? bpf_map_lookup_elem(&tracked, &tgid) : NULL;
        if (t) {
                for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                        struct renacer_tracked *sl = &t->slot[i];
                        if (!sl->session_id) {
                                if (free_slot < 0)
                                        free_slot = i;
                                continue;
                        }
                        if (!(sl->session_id & RENACER_AUTO_SESSION))
                                continue;
                        has_auto = true;
                        /* a process inside a provisional (not adopted)
                         * auto-session starts its own at exec: the daemon
                         * judges each executable by itself */
                        if (!(sl->flags & RENACER_TRACK_ADOPTED))
                                sl->session_id = auto_id();
                }
        }
        /* daemon-wide policies see every exec, traced by users or not */
        if (*(volatile __u32 *)&auto_track && !has_auto) {
                if (!t) {
                        struct renacer_tracked_set *c = bpf_map_lookup_elem(&set_scratch, &zero);
                        if (c) {
                                for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                                        c->slot[i].session_id = 0;
                                auto_slot(&c->slot[0]);
                                if (bpf_map_update_elem(&tracked, &tgid, c, BPF_NOEXIST) == 0)
                                        tgid_slot_add(tgid, 1);
                        }
                        t = bpf_map_lookup_elem(&tracked, &tgid);
                } else if (free_slot >= 0) {
                        auto_slot(&t->slot[free_slot & (RENACER_PROC_SESSIONS - 1)]);
                }
        }
        if (!t)
                return 0;
        struct exe_buf *eb = bpf_map_lookup_elem(&exe_scratch, &zero);
        if (eb)
                exe_path(bprm, eb);
        /* A non-leader thread that execs takes the leader's tid; its
         * pending execve's state lives in the task and goes with it. */
        /* Decided before any record of the new image exists: a session that
         * loses it gets not even the execve's own exit record. */
        if (set_has_user_owner(t)) {
                st = bpf_task_storage_get(&enter_map, p, 0, 0);
                if (!priv_drop(t, tgid, tid, p, bprm, st))
                        return 0;
        }
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                struct renacer_tracked *sl = &t->slot[i];
                if (!sl->session_id)
                        continue;
                /* the command proper starts here */
                if (sl->flags & RENACER_TRACK_AWAIT_EXEC)
                        sl->flags &= ~RENACER_TRACK_AWAIT_EXEC;
                emit_exec(RENACER_EV_EXEC, sl->session_id, tgid, tid, old, 0, bprm);
                if (sl->flags & RENACER_TRACK_STACK)
                        map_emit_exec(sl->session_id, p);
        }
        return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(renacer_exit, struct task_struct *p)
{
        __u32 tgid = p->tgid, tid = p->pid, ids[RENACER_PROC_SESSIONS];
        struct renacer_tracked_set *t;
        struct enter_state *st;

        if (!tgid_maybe_tracked(tgid))
                return 0;
        st = bpf_task_storage_get(&enter_map, p, 0, 0);
        t = bpf_map_lookup_elem(&tracked, &tgid);
        if (st) {
                /* exit, exit_group, or a call that a fatal signal cut short */
                if (st->active && t) {
                        __u64 now = bpf_ktime_get_ns();
                        st->active = 0;
                        if (st->stream)
                                emit_syscall(st, tgid, tid, 0, now, RENACER_SC_NORETURN);
                }
                bpf_task_storage_delete(&enter_map, p);
        }
        if (!t)
                return 0;
        /* signal->live has already been decremented: zero means this was the
         * last thread of the process */
        if (BPF_CORE_READ(p, signal, live.counter) != 0) {
                for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                        if (t->slot[i].session_id && (t->slot[i].flags & RENACER_TRACK_STREAM) &&
                            !(t->slot[i].flags & RENACER_TRACK_ONE_TASK))
                                emit_proc(RENACER_EV_THREAD_EXIT, t->slot[i].session_id, tgid, tid,
                                          0, p->exit_code, 0);
                return 0;
        }
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                ids[i] = t->slot[i].session_id;
        if (bpf_map_delete_elem(&tracked, &tgid) == 0) {
                tgid_slot_add(tgid, -1);
                track_changed();
        }
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                if (ids[i])
                        emit_proc(RENACER_EV_EXIT, ids[i], tgid, tid,
                                  BPF_CORE_READ(p, real_parent, tgid), p->exit_code,
                                  BPF_CORE_READ(p, signal, maxrss) * 4);
        return 0;
}

/* ---- signals ---- */

/* A signal for a traced task, once per streaming session. The kernel
 * passes SEND_SIG_NOINFO (0) or SEND_SIG_PRIV (1) instead of a siginfo
 * when the sender gave none: the fields are what the kernel would fill. */
static __always_inline void emit_signal(int sig, struct kernel_siginfo *info,
                                        struct task_struct *task)
{
        __u32 tgid = BPF_CORE_READ(task, tgid), tid = BPF_CORE_READ(task, pid);
        struct renacer_tracked_set *t;
        struct renacer_signal_event *ev;
        struct stack_req q = {};
        __u64 wake, now = bpf_ktime_get_ns();

        if (!tgid_maybe_tracked(tgid))
                return;
        t = bpf_map_lookup_elem(&tracked, &tgid);
        if (!t)
                return;
        /* -k: the stack the delivery interrupts, before the line it goes
         * with (the receiver's own: not for a signal still being sent) */
        if (task == bpf_get_current_task_btf()) {
                q.ts = now;
                for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                        __u32 f = t->slot[i].flags;
                        if (!t->slot[i].session_id || !(f & RENACER_TRACK_STREAM) ||
                            !(f & RENACER_TRACK_STACK) ||
                            ((f & RENACER_TRACK_ONE_TASK) && tid != tgid))
                                continue;
                        q.sessions[i] = t->slot[i].session_id;
                        q.mask |= 1 << i;
                        if (f & RENACER_TRACK_STACK_COPY)
                                q.copy = 1;
                }
                if (q.mask)
                        stack_emit(&q, tgid, tid);
        }
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                if (!t->slot[i].session_id || !(t->slot[i].flags & RENACER_TRACK_STREAM))
                        continue;
                if ((t->slot[i].flags & RENACER_TRACK_ONE_TASK) && tid != tgid)
                        continue;
                if (!ring_admit(sizeof(*ev), lifecycle_headroom, &wake)) {
                        count(RENACER_CNT_DROP_RINGBUF);
                        continue;
                }
                ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
                if (!ev) {
                        count(RENACER_CNT_DROP_RINGBUF);
                        continue;
                }
                ev->hdr.version = RENACER_EVENT_VERSION;
                ev->hdr.kind = RENACER_EV_SIGNAL;
                ev->hdr.size = sizeof(*ev);
                ev->hdr.session_id = t->slot[i].session_id;
                ev->hdr.ts_ns = now;
                ev->hdr.tgid = tgid;
                ev->hdr.tid = tid;
                ev->signo = sig;
                ev->flags = 0;
                __builtin_memset(ev->siginfo, 0, sizeof(ev->siginfo));
                if ((unsigned long)info > 1) {
                        bpf_probe_read_kernel(ev->siginfo, sizeof(ev->siginfo), info);
                } else {
                        /* offsets of struct kernel_siginfo's fields */
                        struct kernel_siginfo *si = (void *)ev->siginfo;
                        ev->flags = RENACER_SIGF_NOINFO;
                        si->si_signo = sig;
                        if (info == 0) {
                                si->si_code = 0; /* SI_USER, from the current task */
                                si->_sifields._kill._pid = bpf_get_current_pid_tgid() >> 32;
                                si->_sifields._kill._uid = (__u32)bpf_get_current_uid_gid();
                        } else {
                                si->si_code = 0x80; /* SI_KERNEL */
                        }
                }
                bpf_ringbuf_submit(ev, wake);
                count(RENACER_CNT_EMITTED);
        }
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(renacer_signal_deliver, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
        /* strace never shows SIGKILL: the task just dies (+++ killed +++) */
        if (sig == 9)
                return 0;
        emit_signal(sig, info, bpf_get_current_task_btf());
        return 0;
}

/* Default actions that kill (the kernel's sig_fatal() without a handler):
 * everything but the ignored and the stopping signals. */
#define SIG_BIT(n) (1ULL << ((n)-1))
#define SIG_DEFAULT_QUIET                                                                          \
        (SIG_BIT(17) | SIG_BIT(18) | SIG_BIT(23) | SIG_BIT(28)) /* CHLD CONT URG WINCH */
#define SIG_DEFAULT_STOP                                                                           \
        (SIG_BIT(19) | SIG_BIT(20) | SIG_BIT(21) | SIG_BIT(22)) /* STOP TSTP TTIN TTOU */
/* QUIT ILL TRAP ABRT BUS FPE SEGV XCPU XFSZ SYS: these dump core, and are
 * delivered as themselves */
#define SIG_DEFAULT_CORE                                                                           \
        (SIG_BIT(3) | SIG_BIT(4) | SIG_BIT(5) | SIG_BIT(6) | SIG_BIT(7) | SIG_BIT(8) |             \
         SIG_BIT(11) | SIG_BIT(24) | SIG_BIT(25) | SIG_BIT(31))

/* A signal the kernel turns into a group SIGKILL as it sends it: fatal by
 * default, no handler, not blocked. It is never delivered as itself, but a
 * tracer sees it (ptrace keeps the signal): --- SIGTERM {...} --- */
static __always_inline bool sent_as_sigkill(int sig, struct task_struct *task)
{
        if (sig < 1 || sig > 64 || sig == 9 ||
            (SIG_BIT(sig) & (SIG_DEFAULT_QUIET | SIG_DEFAULT_STOP | SIG_DEFAULT_CORE)))
                return false;
        struct sighand_struct *sh = BPF_CORE_READ(task, sighand);
        void *handler = BPF_CORE_READ(sh, action[sig - 1].sa.sa_handler);
        __u64 blocked = BPF_CORE_READ(task, blocked.sig[0]);
        return !handler && !(blocked & SIG_BIT(sig));
}

/* Signals a tracer sees that are never delivered as such: an ignored one
 * is dropped when it is sent (strace's --- SIGCHLD --- for a parent that
 * left SIGCHLD at its default), and a fatal one becomes SIGKILL. */
SEC("tp_btf/signal_generate")
int BPF_PROG(renacer_signal_generate, int sig, struct kernel_siginfo *info,
             struct task_struct *task, int group, int result)
{
        if (result == TRACE_SIGNAL_IGNORED ||
            (result == TRACE_SIGNAL_DELIVERED && sent_as_sigkill(sig, task)))
                emit_signal(sig, info, task);
        return 0;
}
