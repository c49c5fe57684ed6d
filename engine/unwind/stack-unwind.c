/* SPDX-License-Identifier: MIT */
#include "stack-unwind.h"

#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "renacer-event.h"

/* What bounds the caches: a hostile record stream cannot grow them past
 * these, and a process tree that does gets older entries evicted. */
#define MAX_OBJECTS  512
#define MAX_PROCS    4096
#define MAX_MAPPINGS 1024 /* per process */
#define MAX_PENDING  4096 /* threads with a stack waiting for its record */
#define MAX_SOURCES  8192 /* distinct source paths named */

struct sym {
        uint64_t addr;
        size_t order;     /* position in the file's tables */
        const char *name; /* owned by libelf's string table */
};

struct object {
        char *path;
        uint64_t ino;
        uint32_t dev; /* the kernel's dev_t (major << 20 | minor); 0: unknown */
        bool failed;  /* could not be opened, or not the file that was mapped */
        Dwfl *dwfl;   /* this object alone at bias 0: addresses are its vaddrs */
        Dwfl_Module *mod;
        struct sym *syms;
        size_t nsyms;
        GElf_Phdr *loads;
        size_t nloads;
};

struct mapping {
        uint64_t start, end;
        uint64_t pgoff;
        int64_t bias; /* vaddr = address - bias */
        struct object *obj;
};

struct proc {
        uint32_t tgid;
        bool used;
        bool proc_read; /* /proc/PID/maps was read for this image */
        struct mapping *maps;
        size_t nmaps;
        Dwfl *dwfl; /* every object at its bias, for CFI unwinding; NULL: stale */
        bool dwfl_failed;
};

/* A thread's last stack, unwound and named when its record arrived: an
 * execve's stack is taken at entry, and by the time the call's own record
 * comes the process has a new image and new mappings. */
struct pending {
        bool used; /* the slot belongs to tid (kept once taken: open addressing) */
        bool full; /* frames wait for the syscall record of ts */
        uint32_t tid, tgid;
        uint64_t ts;
        int status; /* frames, or -ENOENT: could not be unwound */
        struct stack_frame *frames;
        size_t cap;
};

struct unwinder {
        enum unwind_mode mode;
        bool srcinfo;
        struct object *objs[MAX_OBJECTS];
        size_t nobjs;
        struct proc procs[MAX_PROCS];
        struct pending pend[MAX_PENDING];
        char *sources[MAX_SOURCES]; /* interned "compdir/file" paths */
        /* the stack being unwound, for libdw's callbacks */
        const struct renacer_stack_event *cur;
        uint64_t pcs[UNWIND_MAX_FRAMES];
        bool act[UNWIND_MAX_FRAMES];
        size_t npcs;
};

int unwind_mode_parse(const char *s, enum unwind_mode *ret)
{
        if (!strcmp(s, "auto"))
                *ret = UNWIND_AUTO;
        else if (!strcmp(s, "fp"))
                *ret = UNWIND_FP;
        else if (!strcmp(s, "dwarf"))
                *ret = UNWIND_DWARF;
        else
                return -EINVAL;
        return 0;
}

int unwinder_new(enum unwind_mode mode, bool srcinfo, struct unwinder **ret)
{
        struct unwinder *u = calloc(1, sizeof(*u));

        if (!u)
                return -ENOMEM;
        elf_version(EV_CURRENT);
        u->mode = mode;
        u->srcinfo = srcinfo;
        *ret = u;
        return 0;
}

static void proc_clear(struct proc *p)
{
        free(p->maps);
        p->maps = NULL;
        p->nmaps = 0;
        if (p->dwfl)
                dwfl_end(p->dwfl);
        p->dwfl = NULL;
        p->dwfl_failed = false;
        p->proc_read = false;
}

static void object_free(struct object *o)
{
        if (!o)
                return;
        if (o->dwfl)
                dwfl_end(o->dwfl);
        free(o->syms);
        free(o->loads);
        free(o->path);
        free(o);
}

void unwinder_free(struct unwinder *u)
{
        if (!u)
                return;
        for (size_t i = 0; i < MAX_PROCS; i++)
                proc_clear(&u->procs[i]);
        for (size_t i = 0; i < MAX_PENDING; i++)
                free(u->pend[i].frames);
        for (size_t i = 0; i < u->nobjs; i++)
                object_free(u->objs[i]);
        for (size_t i = 0; i < MAX_SOURCES; i++)
                free(u->sources[i]);
        free(u);
}

/* ---- objects ---- */

static const Dwfl_Callbacks object_callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

static int sym_cmp(const void *a, const void *b)
{
        const struct sym *x = a, *y = b;

        if (x->addr != y->addr)
                return x->addr < y->addr ? -1 : 1;
        return x->order < y->order ? -1 : x->order > y->order;
}

/* The functions of the file's own .dynsym and .symtab, sorted by address
 * and, at one address, in table order: a frame takes the name of the
 * nearest function at or below it, the first listed among aliases, as
 * strace -k (libunwind) names it. Symbols of a separate or compressed
 * (.gnu_debugdata) debug file are not used, for the same reason. */
static void object_load_syms(struct object *o, Elf *elf)
{
        size_t cap = 0, order = 0;
        Elf_Scn *scn = NULL;

        while ((scn = elf_nextscn(elf, scn))) {
                GElf_Shdr sh;
                Elf_Data *data;
                if (!gelf_getshdr(scn, &sh) ||
                    (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) || !sh.sh_entsize ||
                    !(data = elf_getdata(scn, NULL)))
                        continue;
                size_t n = sh.sh_size / sh.sh_entsize;
                for (size_t i = 0; i < n; i++) {
                        GElf_Sym sym;
                        const char *name;
                        if (!gelf_getsym(data, (int)i, &sym) ||
                            GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF ||
                            !sym.st_value)
                                continue;
                        name = elf_strptr(elf, sh.sh_link, sym.st_name);
                        if (!name || !*name)
                                continue;
                        if (o->nsyms == cap) {
                                size_t ncap = cap ? cap * 2 : 256;
                                struct sym *grown = realloc(o->syms, ncap * sizeof(*grown));
                                if (!grown)
                                        return;
                                o->syms = grown;
                                cap = ncap;
                        }
                        o->syms[o->nsyms++] =
                            (struct sym){.addr = sym.st_value, .order = order++, .name = name};
                }
        }
        if (o->nsyms) /* a stripped file may have none: qsort wants a real array */
                qsort(o->syms, o->nsyms, sizeof(*o->syms), sym_cmp);
}

static void object_load_phdrs(struct object *o, Elf *elf)
{
        size_t n;

        if (elf_getphdrnum(elf, &n) || !n)
                return;
        o->loads = calloc(n, sizeof(*o->loads));
        if (!o->loads)
                return;
        for (size_t i = 0; i < n; i++) {
                GElf_Phdr ph;
                if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD)
                        o->loads[o->nloads++] = ph;
        }
}

/* The file that was mapped: a path that now names another (replaced, or
 * deleted and recreated) must not lend the mapped file its symbols. */
static bool same_file(const struct object *o, const struct stat *st)
{
        return (!o->ino || st->st_ino == o->ino) &&
               (!o->dev || (major(st->st_dev) == (o->dev >> 20) &&
                            minor(st->st_dev) == (o->dev & ((1u << 20) - 1))));
}

static void object_open(struct object *o)
{
        Dwarf_Addr bias;
        struct stat st;
        Elf *elf;
        int fd;

        /* The path comes from a traced process's mappings, and the process
         * may have put something else there since: a FIFO would hang a
         * root renacerctl, a device node could act on being opened, a
         * symlink could point anywhere. Only the regular file that was
         * mapped (device and inode) is read. */
        if (lstat(o->path, &st) || !S_ISREG(st.st_mode) || !same_file(o, &st))
                goto fail;
        fd = open(o->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
        if (fd < 0)
                goto fail;
        if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !same_file(o, &st)) {
                close(fd);
                goto fail;
        }
        o->dwfl = dwfl_begin(&object_callbacks);
        if (!o->dwfl) {
                close(fd);
                goto fail;
        }
        dwfl_report_begin(o->dwfl);
        /* libdw owns fd from here */
        o->mod = dwfl_report_elf(o->dwfl, o->path, o->path, fd, 0, false);
        dwfl_report_end(o->dwfl, NULL, NULL);
        if (!o->mod)
                goto fail;
        elf = dwfl_module_getelf(o->mod, &bias);
        if (!elf)
                goto fail;
        object_load_phdrs(o, elf);
        object_load_syms(o, elf);
        return;
fail:
        o->failed = true;
        o->mod = NULL;
}

static struct object *object_get(struct unwinder *u, const char *path, uint32_t dev, uint64_t ino)
{
        struct object *o;

        for (size_t i = 0; i < u->nobjs; i++) {
                o = u->objs[i];
                if (o->ino == ino && o->dev == dev && !strcmp(o->path, path))
                        return o;
        }
        if (u->nobjs == MAX_OBJECTS)
                return NULL;
        o = calloc(1, sizeof(*o));
        if (!o || !(o->path = strdup(path))) {
                free(o);
                return NULL;
        }
        o->dev = dev;
        o->ino = ino;
        object_open(o);
        u->objs[u->nobjs++] = o;
        return o;
}

/* vaddr = address - bias for the segment that holds file offset pgoff. */
static bool object_bias(const struct object *o, uint64_t start, uint64_t pgoff, int64_t *ret)
{
        for (size_t i = 0; i < o->nloads; i++) {
                const GElf_Phdr *ph = &o->loads[i];
                uint64_t seg_off = ph->p_offset & ~(uint64_t)(ph->p_align ? ph->p_align - 1 : 0);
                if (pgoff >= seg_off && pgoff < ph->p_offset + ph->p_filesz) {
                        *ret = (int64_t)(start - pgoff + ph->p_offset - ph->p_vaddr);
                        return true;
                }
        }
        return false;
}

static const struct sym *object_sym(const struct object *o, uint64_t vaddr)
{
        size_t lo = 0, hi = o->nsyms;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (o->syms[mid].addr <= vaddr)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        if (!lo)
                return NULL;
        /* the first listed of the aliases at that address */
        lo--;
        while (lo && o->syms[lo - 1].addr == o->syms[lo].addr)
                lo--;
        return &o->syms[lo];
}

/* ---- processes ---- */

static struct proc *proc_get(struct unwinder *u, uint32_t tgid, bool create)
{
        size_t h = (tgid * 2654435761u) % MAX_PROCS;

        for (size_t i = 0; i < MAX_PROCS; i++) {
                struct proc *p = &u->procs[(h + i) % MAX_PROCS];
                if (p->used && p->tgid == tgid)
                        return p;
                if (!p->used) {
                        if (!create)
                                return NULL;
                        p->used = true;
                        p->tgid = tgid;
                        return p;
                }
        }
        if (!create)
                return NULL;
        /* full: the slot the hash names is taken over */
        struct proc *p = &u->procs[h];
        proc_clear(p);
        p->tgid = tgid;
        return p;
}

/* Open addressing with deletion: re-place the entries after a freed slot. */
static void proc_forget(struct unwinder *u, uint32_t tgid)
{
        struct proc *p = proc_get(u, tgid, false);
        size_t i;

        if (!p)
                return;
        proc_clear(p);
        p->used = false;
        i = (size_t)(p - u->procs);
        for (size_t j = (i + 1) % MAX_PROCS; u->procs[j].used; j = (j + 1) % MAX_PROCS) {
                struct proc moved = u->procs[j];
                u->procs[j] = (struct proc){0};
                struct proc *dst = proc_get(u, moved.tgid, true);
                moved.used = true;
                *dst = moved;
        }
}

static void proc_add_mapping(struct unwinder *u, struct proc *p, uint64_t start, uint64_t len,
                             uint64_t pgoff, const char *path, uint32_t dev, uint64_t ino)
{
        struct object *o = object_get(u, path, dev, ino);
        struct mapping m = {.start = start, .end = start + len, .pgoff = pgoff, .obj = o};
        size_t k = 0;

        if (!o || !len || m.end < start)
                return;
        if (o->failed || !object_bias(o, start, pgoff, &m.bias))
                m.bias = (int64_t)(start - pgoff); /* unreadable: offsets only */
        /* a new mapping replaces what it overlaps (MAP_FIXED, munmap+mmap) */
        for (size_t i = 0; i < p->nmaps; i++)
                if (p->maps[i].end <= m.start || p->maps[i].start >= m.end)
                        p->maps[k++] = p->maps[i];
        p->nmaps = k;
        if (p->nmaps == MAX_MAPPINGS)
                return;
        struct mapping *grown = realloc(p->maps, (p->nmaps + 1) * sizeof(*grown));
        if (!grown)
                return;
        p->maps = grown;
        p->maps[p->nmaps++] = m;
        if (p->dwfl)
                dwfl_end(p->dwfl);
        p->dwfl = NULL;
        p->dwfl_failed = false;
}

/* A process traced after it started (trace --pid) mapped its objects
 * before any record could say so: its maps file does, while it lives. */
static void proc_read_maps(struct unwinder *u, struct proc *p)
{
        char path[64], line[4096 + 128];
        FILE *f;

        p->proc_read = true;
        snprintf(path, sizeof(path), "/proc/%" PRIu32 "/maps", p->tgid);
        f = fopen(path, "re");
        if (!f)
                return;
        while (fgets(line, sizeof(line), f)) {
                unsigned long long start, end, off, ino;
                unsigned maj, min;
                char perms[8];
                int pos = 0;
                if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &start, &end, perms, &off,
                           &maj, &min, &ino, &pos) < 7 ||
                    perms[2] != 'x' || !pos || line[pos] != '/')
                        continue;
                line[strcspn(line, "\n")] = '\0';
                proc_add_mapping(u, p, start, end - start, off, line + pos, (maj << 20) | min, ino);
        }
        fclose(f);
}

static const struct mapping *proc_find(struct unwinder *u, struct proc *p, uint64_t addr)
{
        for (int pass = 0; pass < 2; pass++) {
                for (size_t i = 0; i < p->nmaps; i++)
                        if (addr >= p->maps[i].start && addr < p->maps[i].end)
                                return &p->maps[i];
                if (p->proc_read)
                        break;
                proc_read_maps(u, p);
        }
        return NULL;
}

/* ---- records ---- */

static struct pending *pending_slot(struct unwinder *u, uint32_t tid, bool create)
{
        size_t h = (tid * 2654435761u) % MAX_PENDING;

        for (size_t i = 0; i < MAX_PENDING; i++) {
                struct pending *s = &u->pend[(h + i) % MAX_PENDING];
                if (s->used && s->tid == tid)
                        return s;
                if (!s->used) {
                        if (!create)
                                return NULL;
                        s->used = true;
                        s->tid = tid;
                        return s;
                }
        }
        if (!create)
                return NULL;
        /* full: the slot the hash names is taken over */
        u->pend[h].tid = tid;
        u->pend[h].full = false;
        return &u->pend[h];
}

static void unwind_stack(struct unwinder *u, struct proc *p, const struct renacer_stack_event *ev);
static void symbolize(struct unwinder *u, struct proc *p, uint64_t pc, bool activation,
                      struct stack_frame *f);

static void on_stack(struct unwinder *u, const struct renacer_stack_event *ev, size_t len)
{
        struct pending *s;
        struct proc *p;

        if (len < sizeof(*ev) || ev->copy_len > RENACER_STACK_COPY_MAX ||
            sizeof(*ev) + ev->copy_len > len || ev->nips > RENACER_STACK_FP_MAX)
                return;
        s = pending_slot(u, ev->hdr.tid, true);
        s->full = false;
        p = proc_get(u, ev->hdr.tgid, true);
        unwind_stack(u, p, ev);
        if (s->cap < u->npcs) {
                struct stack_frame *grown = realloc(s->frames, u->npcs * sizeof(*grown));
                if (!grown)
                        return;
                s->frames = grown;
                s->cap = u->npcs;
        }
        for (size_t i = 0; i < u->npcs; i++) {
                symbolize(u, p, u->pcs[i], u->act[i], &s->frames[i]);
                s->frames[i].at_entry = ev->flags & RENACER_STACKF_AT_ENTRY;
        }
        s->status = u->npcs ? (int)u->npcs : -ENOENT;
        s->tgid = ev->hdr.tgid;
        s->ts = ev->hdr.ts_ns;
        s->full = true;
}

static void on_map(struct unwinder *u, const struct renacer_map_event *ev, size_t len)
{
        char path[RENACER_MAP_PATH_MAX + 1];
        struct proc *p;

        if (len < sizeof(*ev) || !ev->path_len || ev->path_off > RENACER_MAP_PATH_MAX ||
            ev->path_len > RENACER_MAP_PATH_MAX - ev->path_off)
                return;
        memcpy(path, ev->path + ev->path_off, ev->path_len);
        path[ev->path_len] = '\0';
        if (path[0] != '/' || memchr(path, '\0', ev->path_len))
                return;
        p = proc_get(u, ev->hdr.tgid, true);
        proc_add_mapping(u, p, ev->addr, ev->len, ev->pgoff, path, ev->dev, ev->ino);
}

void unwinder_record(struct unwinder *u, const void *rec, size_t len)
{
        const struct renacer_event_header *h = rec;
        const struct renacer_proc_event *pe = rec;

        if (len < sizeof(*h) || h->size > len)
                return;
        switch (h->kind) {
        case RENACER_EV_STACK:
                on_stack(u, rec, h->size);
                break;
        case RENACER_EV_MAP:
                on_map(u, rec, h->size);
                break;
        case RENACER_EV_FORK: {
                /* the child starts with its parent's mappings */
                struct proc *parent, *child;
                if (len < sizeof(*pe) || pe->ppid == h->tgid)
                        break;
                parent = proc_get(u, pe->ppid, false);
                if (!parent || !parent->nmaps)
                        break;
                child = proc_get(u, h->tgid, true);
                proc_clear(child);
                child->maps = malloc(parent->nmaps * sizeof(*child->maps));
                if (!child->maps)
                        break;
                memcpy(child->maps, parent->maps, parent->nmaps * sizeof(*child->maps));
                child->nmaps = parent->nmaps;
                child->proc_read = true;
                break;
        }
        case RENACER_EV_EXEC: {
                /* a new image; its map records follow this one */
                struct proc *p = proc_get(u, h->tgid, true);
                proc_clear(p);
                p->proc_read = true;
                break;
        }
        case RENACER_EV_EXIT:
        case RENACER_EV_PRIV:
                for (size_t i = 0; i < MAX_PENDING; i++)
                        if (u->pend[i].used && u->pend[i].tgid == h->tgid) {
                                free(u->pend[i].frames);
                                u->pend[i].frames = NULL;
                                u->pend[i].cap = 0;
                                u->pend[i].full = false;
                        }
                proc_forget(u, h->tgid);
                break;
        }
}

/* ---- unwinding ---- */

static pid_t cb_next_thread(Dwfl *dwfl, void *arg, void **thread_arg)
{
        (void)dwfl;
        (void)arg;
        (void)thread_arg;
        return 0; /* getthread_frames names its thread; nothing to enumerate */
}

static bool cb_get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_arg)
{
        (void)dwfl;
        (void)tid;
        *thread_arg = arg;
        return true;
}

static bool cb_memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
        const struct unwinder *u = arg;
        const struct renacer_stack_event *ev = u->cur;
        uint64_t sp = ev->regs[RENACER_REG_SP];
        const uint8_t *copy = (const uint8_t *)(ev + 1);

        (void)dwfl;
        if (addr < sp || addr - sp > ev->copy_len || ev->copy_len - (addr - sp) < sizeof(*result))
                return false;
        memcpy(result, copy + (addr - sp), sizeof(*result));
        return true;
}

static bool cb_set_registers(Dwfl_Thread *thread, void *arg)
{
        const struct unwinder *u = arg;
        Dwarf_Word regs[RENACER_NREGS];

        /* the record's order is DWARF's: register i is DWARF register i */
        for (int i = 0; i < RENACER_NREGS; i++)
                regs[i] = u->cur->regs[i];
        return dwfl_thread_state_registers(thread, 0, RENACER_NREGS, regs);
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
    .next_thread = cb_next_thread,
    .get_thread = cb_get_thread,
    .memory_read = cb_memory_read,
    .set_initial_registers = cb_set_registers,
};

static const Dwfl_Callbacks proc_callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
};

/* Every readable object of the process at its bias, for libdw's unwinder. */
static Dwfl *proc_dwfl(struct unwinder *u, struct proc *p)
{
        Dwfl *d;

        if (p->dwfl || p->dwfl_failed)
                return p->dwfl;
        d = dwfl_begin(&proc_callbacks);
        if (!d)
                goto fail;
        dwfl_report_begin(d);
        for (size_t i = 0; i < p->nmaps; i++) {
                const struct mapping *m = &p->maps[i];
                bool dup = false;
                if (m->obj->failed)
                        continue;
                for (size_t j = 0; j < i; j++)
                        if (p->maps[j].obj == m->obj && p->maps[j].bias == m->bias)
                                dup = true;
                if (!dup)
                        dwfl_report_elf(d, m->obj->path, m->obj->path, -1, (GElf_Addr)m->bias,
                                        false);
        }
        if (dwfl_report_end(d, NULL, NULL) ||
            !dwfl_attach_state(d, NULL, (pid_t)p->tgid, &thread_callbacks, u)) {
                dwfl_end(d);
                goto fail;
        }
        p->dwfl = d;
        return d;
fail:
        p->dwfl_failed = true;
        return NULL;
}

static int cb_frame(Dwfl_Frame *state, void *arg)
{
        struct unwinder *u = arg;
        Dwarf_Addr pc;
        bool activation;

        if (!dwfl_frame_pc(state, &pc, &activation))
                return DWARF_CB_ABORT;
        if (u->npcs == UNWIND_MAX_FRAMES)
                return DWARF_CB_ABORT;
        /* the unwinder walks on from a zero return address: _start's */
        if (!pc)
                return DWARF_CB_ABORT;
        u->pcs[u->npcs] = pc;
        u->act[u->npcs] = activation || u->npcs == 0;
        u->npcs++;
        return DWARF_CB_OK;
}

static void unwind_dwarf(struct unwinder *u, struct proc *p, const struct renacer_stack_event *ev)
{
        Dwfl *d;

        u->npcs = 0;
        if (!ev->copy_len || !(d = proc_dwfl(u, p)))
                return;
        u->cur = ev;
        dwfl_getthread_frames(d, (pid_t)ev->hdr.tid, cb_frame, u);
        u->cur = NULL;
}

static bool in_known_mapping(struct unwinder *u, struct proc *p, uint64_t addr)
{
        return addr && proc_find(u, p, addr - 1) != NULL;
}

/* The kernel's frame-pointer walk, with the word at sp for a frameless
 * leaf (a libc syscall wrapper) so that its caller is not skipped. */
/* The frame-pointer chain walked in the stack copy: what the kernel's walk
 * would have found, within the bytes copied. */
static size_t fp_chain_from_copy(const struct renacer_stack_event *ev, __u64 *ips, size_t max)
{
        const uint8_t *copy = (const uint8_t *)(ev + 1);
        uint64_t sp = ev->regs[RENACER_REG_SP], bp = ev->regs[RENACER_REG_BP];
        size_t n = 0;

        if (max)
                ips[n++] = ev->regs[RENACER_REG_IP];
        while (n < max && bp >= sp && bp - sp <= ev->copy_len &&
               ev->copy_len - (bp - sp) >= 2 * sizeof(uint64_t)) {
                uint64_t next, ret;
                memcpy(&next, copy + (bp - sp), sizeof(next));
                memcpy(&ret, copy + (bp - sp) + sizeof(next), sizeof(ret));
                if (!ret)
                        break;
                ips[n++] = ret;
                if (next <= bp) /* frames go up the stack, or the chain is junk */
                        break;
                bp = next;
        }
        return n;
}

static void unwind_fp(struct unwinder *u, struct proc *p, const struct renacer_stack_event *ev)
{
        __u64 chain[RENACER_STACK_FP_MAX];
        const __u64 *ips = ev->ips;
        size_t nips = ev->nips;

        u->npcs = 0;
        if (!nips && ev->copy_len) {
                nips = fp_chain_from_copy(ev, chain, RENACER_STACK_FP_MAX);
                ips = chain;
        }
        if (!nips)
                return;
        u->pcs[u->npcs] = ips[0];
        u->act[u->npcs++] = true;
        if ((ev->flags & RENACER_STACKF_SP_WORD) && (nips < 2 || ips[1] != ev->sp_word) &&
            in_known_mapping(u, p, ev->sp_word)) {
                u->pcs[u->npcs] = ev->sp_word;
                u->act[u->npcs++] = false;
        }
        for (size_t i = 1; i < nips && u->npcs < UNWIND_MAX_FRAMES; i++) {
                /* past the last frame with a frame pointer the chain is junk */
                if (!in_known_mapping(u, p, ips[i]))
                        break;
                u->pcs[u->npcs] = ips[i];
                u->act[u->npcs++] = false;
        }
}

/* A line's source file as addr2line names it: a relative name is joined
 * to its unit's compilation directory. Interned: frames point at it. */
static const char *source_path(struct unwinder *u, Dwfl_Line *line, int *ret_line)
{
        const char *name = dwfl_lineinfo(line, NULL, ret_line, NULL, NULL, NULL);
        const char *dir = dwfl_line_comp_dir(line);
        char buf[4096];
        size_t h = 5381;

        if (!name)
                return NULL;
        if (name[0] == '/' || !dir || !*dir ||
            (size_t)snprintf(buf, sizeof(buf), "%s/%s", dir, name) >= sizeof(buf))
                snprintf(buf, sizeof(buf), "%s", name);
        for (const char *c = buf; *c; c++)
                h = h * 33 + (unsigned char)*c;
        for (size_t i = 0; i < MAX_SOURCES; i++) {
                char **slot = &u->sources[(h + i) % MAX_SOURCES];
                if (!*slot) {
                        *slot = strdup(buf);
                        return *slot ? *slot : name;
                }
                if (!strcmp(*slot, buf))
                        return *slot;
        }
        return name; /* full: libdw's own string, which lives as long */
}

static void symbolize(struct unwinder *u, struct proc *p, uint64_t pc, bool activation,
                      struct stack_frame *f)
{
        /* a return address may be past its call's function: look it up
         * one byte back, as libunwind and libdw both do */
        uint64_t at = activation ? pc : pc - 1;
        const struct mapping *m = proc_find(u, p, at);
        const struct object *o;

        /* -k prints a return address as it is (Debian's strace 6.1,
         * libunwind); -kk prints the call's own address, whose file:line
         * it gives (upstream strace -kk, libdw), so addr2line agrees */
        uint64_t shown = u->srcinfo ? at : pc;

        *f = (struct stack_frame){.address = pc};
        if (!m)
                return;
        o = m->obj;
        f->object = o->path;
        f->offset = shown - m->start + m->pgoff;
        if (o->failed)
                return;
        uint64_t vaddr = at - (uint64_t)m->bias;
        const struct sym *s = object_sym(o, vaddr);
        if (s) {
                f->func = s->name;
                f->func_off = shown - (uint64_t)m->bias - s->addr;
        }
        if (u->srcinfo && o->mod) {
                Dwfl_Line *line = dwfl_module_getsrc(o->mod, vaddr);
                if (line)
                        f->source = source_path(u, line, &f->line);
        }
}

static void unwind_stack(struct unwinder *u, struct proc *p, const struct renacer_stack_event *ev)
{
        u->npcs = 0;
        if (u->mode != UNWIND_FP)
                unwind_dwarf(u, p, ev);
        /* auto: where CFI got nowhere (no copy, no CFI for the object) */
        if (u->mode == UNWIND_FP || (u->mode == UNWIND_AUTO && u->npcs < 2))
                unwind_fp(u, p, ev);
}

static int pending_take(struct pending *s, struct stack_frame *out, size_t max)
{
        size_t n;

        s->full = false;
        if (s->status < 0)
                return s->status;
        n = (size_t)s->status < max ? (size_t)s->status : max;
        memcpy(out, s->frames, n * sizeof(*out));
        return (int)n;
}

int unwinder_frames_at(struct unwinder *u, uint32_t tid, uint64_t ts, struct stack_frame *out,
                       size_t max)
{
        struct pending *s = pending_slot(u, tid, false);

        if (!s || !s->full || s->ts != ts)
                return 0;
        return pending_take(s, out, max);
}

int unwinder_frames(struct unwinder *u, const struct renacer_syscall_event *ev,
                    struct stack_frame *out, size_t max)
{
        return unwinder_frames_at(u, ev->hdr.tid, ev->hdr.ts_ns, out, max);
}

int unwinder_take_unreturned(struct unwinder *u, uint32_t tgid, uint32_t tid,
                             struct stack_frame *out, size_t max)
{
        for (size_t i = 0; i < MAX_PENDING; i++) {
                struct pending *s = &u->pend[i];
                if (s->used && s->full && s->tgid == tgid && (!tid || s->tid == tid))
                        return pending_take(s, out, max);
        }
        return 0;
}
