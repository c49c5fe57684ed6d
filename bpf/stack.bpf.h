/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * -k: user stacks and the executable mappings that make them readable.
 * Included by renacer.bpf.c after its ring helpers; only sessions with
 * RENACER_TRACK_STACK reach any of this.
 *
 * A stack record holds the user registers, the kernel's frame-pointer walk
 * (bpf_get_task_stack) and, for DWARF unwinding, a copy of the top of the
 * user stack. User space unwinds that copy with the objects' CFI, as perf's
 * --call-graph dwarf does. Map records tell user space which file is mapped
 * where, so symbols resolve even after the process is gone.
 */
#ifndef RENACER_STACK_BPF_H
#define RENACER_STACK_BPF_H

#define PROT_EXEC_BIT 0x4
#define MAP_PATH_MASK (RENACER_MAP_PATH_MAX - 1)
#define NAME_CAP      255 /* bytes of one path component we copy */
#define PATH_DEPTH    24  /* components walked up from a file */

/* Copy sizes tried in turn when the stack's end is unknown: a read that
 * would cross the end of the stack mapping fails whole. */
#define COPY_STEPS 4

/* Calls whose stack is gone by their exit: execve replaces it, exit never
 * returns. strace takes their stacks at entry (its SE flag), all but the
 * traced command's own first execve, whose entry it does not see: that one
 * shows the new image's entry point, taken at the exit. */
static __always_inline bool stack_at_enter(__s32 nr)
{
        return nr == __NR_exit || nr == __NR_exit_group || nr == __NR_execve || nr == __NR_execveat;
}

static __always_inline bool set_has_stack(struct renacer_tracked_set *t)
{
        __u32 any = 0;

        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                any |= t->slot[i].flags;
        return any & RENACER_TRACK_STACK;
}

/* Which slots want this call's stack (bits 8..15; those streaming it) and
 * its mapping (bits 0..7: every mmap, traced or not), and whether one of
 * them unwinds with CFI (bit 16), or still awaits its first exec (bit 17). A global function,
 * verified on its own: its branches stay out of sys_enter's states. */
__noinline __u32 stack_plan(struct renacer_tracked_set *t, long id, __u32 stream)
{
        __u32 plan = 0;

        if (!t)
                return 0;
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                __u32 f = t->slot[i].flags;
                if (!t->slot[i].session_id || !(f & RENACER_TRACK_STACK))
                        continue;
                if (id == __NR_mmap)
                        plan |= 1 << i;
                if (stream & (1 << i)) {
                        plan |= 1 << (8 + i);
                        if (f & RENACER_TRACK_STACK_COPY)
                                plan |= 1 << 16;
                        if (f & RENACER_TRACK_AWAIT_EXEC)
                                plan |= 1 << 17;
                }
        }
        return plan;
}

/* a mask above every record size, for the verifier */
#define STACK_SIZE_MASK (2 * RENACER_STACK_COPY_MAX - 1)

struct stack_scratch {
        struct renacer_stack_event ev;
        __u8 copy[RENACER_STACK_COPY_MAX];
};

struct map_scratch {
        struct renacer_map_event ev;
        char slack[NAME_CAP + 1]; /* a component written at the front may overrun */
};

struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
        __uint(max_entries, 1);
        __type(key, __u32);
        __type(value, struct stack_scratch);
} stack_scratch_map SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
        __uint(max_entries, 1);
        __type(key, __u32);
        __type(value, struct map_scratch);
} map_scratch_map SEC(".maps");

static long vma_end_cb(struct task_struct *task, struct vm_area_struct *vma, void *ctx)
{
        *(__u64 *)ctx = vma->vm_end;
        return 0;
}

/* Bytes of stack above sp worth copying: up to the process's initial
 * stack pointer (main thread), else to the end of the stack's mapping. */
static __always_inline __u64 stack_depth(struct task_struct *task, __u64 sp)
{
        __u64 top = BPF_CORE_READ(task, mm, start_stack), end = 0;

        if (sp < top && top - sp <= RENACER_STACK_COPY_MAX)
                return ((top - sp) + 64 + 7) & ~7ULL; /* _start's frame sits just below */
        if (bpf_find_vma(task, sp, vma_end_cb, &end, 0) == 0 && end > sp)
                return end - sp;
        return 0;
}

/* The call's stack, to each session of st->stack. A global function: the
 * verifier checks it once, on its own, not again for every state of the
 * programs that call it. */
/* What a stack record is for: the record it precedes (ts) and the
 * sessions (by slot) that get it. */
struct stack_req {
        __u64 ts;
        __u32 sessions[RENACER_PROC_SESSIONS];
        __u8 mask; /* bit i: sessions[i] gets it */
        __u8 copy; /* one of them unwinds with CFI: copy the stack */
        __u8 at_entry;
        __u8 pad[5];
};

__noinline int stack_emit(struct stack_req *st, __u32 tgid, __u32 tid)
{
        struct task_struct *task = bpf_get_current_task_btf();
        struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
        struct stack_scratch *sc;
        __u32 zero = 0, copy = 0;
        __u64 wake, size, sp;
        long n;

        if (!st)
                return 0;
        sc = bpf_map_lookup_elem(&stack_scratch_map, &zero);
        if (!sc || !regs)
                return 0;
        sc->ev.hdr.version = RENACER_EVENT_VERSION;
        sc->ev.hdr.kind = RENACER_EV_STACK;
        sc->ev.hdr.ts_ns = st->ts;
        sc->ev.hdr.tgid = tgid;
        sc->ev.hdr.tid = tid;
        sc->ev.regs[RENACER_REG_AX] = BPF_CORE_READ(regs, ax);
        sc->ev.regs[RENACER_REG_DX] = BPF_CORE_READ(regs, dx);
        sc->ev.regs[RENACER_REG_CX] = BPF_CORE_READ(regs, cx);
        sc->ev.regs[RENACER_REG_BX] = BPF_CORE_READ(regs, bx);
        sc->ev.regs[RENACER_REG_SI] = BPF_CORE_READ(regs, si);
        sc->ev.regs[RENACER_REG_DI] = BPF_CORE_READ(regs, di);
        sc->ev.regs[RENACER_REG_BP] = BPF_CORE_READ(regs, bp);
        sp = BPF_CORE_READ(regs, sp);
        sc->ev.regs[RENACER_REG_SP] = sp;
        sc->ev.regs[RENACER_REG_R8] = BPF_CORE_READ(regs, r8);
        sc->ev.regs[RENACER_REG_R9] = BPF_CORE_READ(regs, r9);
        sc->ev.regs[RENACER_REG_R10] = BPF_CORE_READ(regs, r10);
        sc->ev.regs[RENACER_REG_R11] = BPF_CORE_READ(regs, r11);
        sc->ev.regs[RENACER_REG_R12] = BPF_CORE_READ(regs, r12);
        sc->ev.regs[RENACER_REG_R13] = BPF_CORE_READ(regs, r13);
        sc->ev.regs[RENACER_REG_R14] = BPF_CORE_READ(regs, r14);
        sc->ev.regs[RENACER_REG_R15] = BPF_CORE_READ(regs, r15);
        sc->ev.regs[RENACER_REG_IP] = BPF_CORE_READ(regs, ip);
        sc->ev.reserved = 0;
        sc->ev.flags = st->at_entry ? RENACER_STACKF_AT_ENTRY : 0;
        if (bpf_probe_read_user(&sc->ev.sp_word, sizeof(sc->ev.sp_word), (void *)sp) == 0)
                sc->ev.flags |= RENACER_STACKF_SP_WORD;
        else
                sc->ev.sp_word = 0;
        sc->ev.nips = 0;
        if (st->copy) {
                __u64 want = stack_depth(task, sp);
                if (want > RENACER_STACK_COPY_MAX)
                        want = RENACER_STACK_COPY_MAX;
                want &= ~7ULL; /* records stay 8-byte sized */
                bound(want, STACK_SIZE_MASK);
                if (want && want <= RENACER_STACK_COPY_MAX &&
                    bpf_probe_read_user(sc->copy, want, (void *)sp) == 0)
                        copy = want;
                for (int i = 0; i < COPY_STEPS && !copy; i++) {
                        __u32 step = 16384 >> (2 * i); /* 16K, 4K, 1K, 256 */
                        bound(step, STACK_SIZE_MASK);
                        if (step > RENACER_STACK_COPY_MAX)
                                break;
                        if (bpf_probe_read_user(sc->copy, step, (void *)sp) == 0)
                                copy = step;
                }
        }
        /* the kernel's frame-pointer walk, unless a copy lets user space
         * walk the same chain (and CFI) without its faults on junk frame
         * pointers in code built without them */
        if (!copy) {
                n = bpf_get_task_stack(task, sc->ev.ips, sizeof(sc->ev.ips), BPF_F_USER_STACK);
                sc->ev.nips = n > 0 ? n / sizeof(__u64) : 0;
        }
        sc->ev.copy_len = copy;
        size = sizeof(sc->ev) + copy;
        sc->ev.hdr.size = size;
        bound(size, STACK_SIZE_MASK);
        if (size > sizeof(*sc))
                return 0;
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++) {
                __u32 sid = st->sessions[i];
                if (!(st->mask & (1 << i)) || !sid)
                        continue;
                sc->ev.hdr.session_id = sid;
                if (!ring_admit(size, lifecycle_headroom, &wake) ||
                    bpf_ringbuf_output(&events, sc, size, wake))
                        session_drop(sid);
        }
        return 0;
}

/* A syscall's stack, for the sessions its enter state names. */
static __always_inline void stack_emit_call(struct enter_state *st, __u32 tgid, __u32 tid,
                                            __u8 at_entry)
{
        struct stack_req q = {
            .ts = st->ts, .mask = st->stack, .copy = st->stack_copy, .at_entry = at_entry};

        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                q.sessions[i] = st->sessions[i];
        stack_emit(&q, tgid, tid);
}

/* The path of a file, written right to left so that it ends at the end of
 * ev->path; mount points are crossed through struct mount. */
static __always_inline void map_path(struct map_scratch *sc, struct file *f)
{
        struct dentry *d = BPF_CORE_READ(f, f_path.dentry), *parent;
        struct vfsmount *vmnt = BPF_CORE_READ(f, f_path.mnt);
        struct mount *mnt = (void *)vmnt - bpf_core_field_offset(struct mount, mnt);
        __u32 pos = RENACER_MAP_PATH_MAX;
        struct qstr name;

        for (int i = 0; i < PATH_DEPTH; i++) {
                if (d == BPF_CORE_READ(vmnt, mnt_root)) {
                        struct mount *up = BPF_CORE_READ(mnt, mnt_parent);
                        if (up == mnt)
                                break; /* the root of the namespace */
                        d = BPF_CORE_READ(mnt, mnt_mountpoint);
                        mnt = up;
                        vmnt = (void *)mnt + bpf_core_field_offset(struct mount, mnt);
                        continue;
                }
                parent = BPF_CORE_READ(d, d_parent);
                if (parent == d)
                        break;
                name = BPF_CORE_READ(d, d_name);
                __u32 len = name.len;
                bound(len, NAME_CAP);
                if (len + 1 > pos) {
                        sc->ev.path_len = 0; /* too long: say so rather than cut */
                        return;
                }
                pos -= len + 1;
                bound(pos, MAP_PATH_MASK);
                sc->ev.path[pos] = '/';
                if (bpf_probe_read_kernel(&sc->ev.path[pos + 1], len, name.name)) {
                        sc->ev.path_len = 0;
                        return;
                }
                d = parent;
        }
        sc->ev.path_off = pos;
        sc->ev.path_len = RENACER_MAP_PATH_MAX - pos;
}

static __always_inline void map_emit(__u32 session_id, __u32 tgid, __u32 tid, __u16 kind,
                                     __u64 addr, __u64 len, __u64 pgoff, struct file *f)
{
        struct map_scratch *sc;
        struct inode *inode;
        __u32 zero = 0;
        __u64 wake;

        if (!f)
                return;
        sc = bpf_map_lookup_elem(&map_scratch_map, &zero);
        if (!sc)
                return;
        sc->ev.hdr.version = RENACER_EVENT_VERSION;
        sc->ev.hdr.kind = RENACER_EV_MAP;
        sc->ev.hdr.size = sizeof(sc->ev);
        sc->ev.hdr.session_id = session_id;
        sc->ev.hdr.ts_ns = bpf_ktime_get_ns();
        sc->ev.hdr.tgid = tgid;
        sc->ev.hdr.tid = tid;
        sc->ev.addr = addr;
        sc->ev.len = len;
        sc->ev.pgoff = pgoff;
        inode = BPF_CORE_READ(f, f_inode);
        sc->ev.ino = BPF_CORE_READ(inode, i_ino);
        sc->ev.dev = BPF_CORE_READ(inode, i_sb, s_dev);
        sc->ev.kind = kind;
        sc->ev.path_off = 0;
        sc->ev.path_len = 0;
        map_path(sc, f);
        /* mappings are what every later stack of the process needs: they
         * use the lifecycle headroom */
        if (!ring_admit(sizeof(sc->ev), 0, &wake) ||
            bpf_ringbuf_output(&events, &sc->ev, sizeof(sc->ev), wake))
                count(RENACER_CNT_DROP_LIFECYCLE);
}

/* A successful mmap with PROT_EXEC of a file, to each session of `maps`. */
static __always_inline void map_emit_mmap(struct renacer_tracked_set *t, __u8 maps, __u32 tgid,
                                          __u32 tid, __u64 *a, __s64 ret)
{
        struct task_struct *task = bpf_get_current_task_btf();
        struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
        struct file **fdarr, *f = NULL;
        __s64 fd = (__s32)a[4];

        if (ret < 0 && ret >= -MAX_ERRNO)
                return;
        if (!(a[2] & PROT_EXEC_BIT) || fd < 0 || !fdt || fd >= BPF_CORE_READ(fdt, max_fds))
                return;
        fdarr = BPF_CORE_READ(fdt, fd);
        if (bpf_probe_read_kernel(&f, sizeof(f), &fdarr[fd]) || !f)
                return;
        for (int i = 0; i < RENACER_PROC_SESSIONS; i++)
                if ((maps & (1 << i)) && t->slot[i].session_id)
                        map_emit(t->slot[i].session_id, tgid, tid, RENACER_MAP_MMAP, ret, a[1],
                                 a[5], f);
}

struct vma_found {
        __u64 start, end, pgoff;
        struct file *file;
};

static long vma_found_cb(struct task_struct *task, struct vm_area_struct *vma, void *ctx)
{
        struct vma_found *out = ctx;

        out->start = vma->vm_start;
        out->end = vma->vm_end;
        out->pgoff = vma->vm_pgoff << 12;
        out->file = vma->vm_file;
        return 0;
}

static __always_inline void map_emit_vma(__u32 session_id, struct task_struct *p, __u16 kind,
                                         __u64 addr)
{
        struct vma_found v = {};

        if (!addr || bpf_find_vma(p, addr, vma_found_cb, &v, 0) || !v.file)
                return;
        map_emit(session_id, p->tgid, p->pid, kind, v.start, v.end - v.start, v.pgoff, v.file);
}

/* At exec the kernel, not mmap, mapped the image and its interpreter: the
 * text holding start_code and the one holding the entry point (ld.so's,
 * or the image's own when it is static). */
static __always_inline void map_emit_exec(__u32 session_id, struct task_struct *p)
{
        struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(p);
        __u64 code = BPF_CORE_READ(p, mm, start_code), entry = regs ? BPF_CORE_READ(regs, ip) : 0;

        map_emit_vma(session_id, p, RENACER_MAP_IMAGE, code);
        map_emit_vma(session_id, p, RENACER_MAP_INTERP, entry);
}

#endif
