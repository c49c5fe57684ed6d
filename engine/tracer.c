// SPDX-License-Identifier: MIT
/* Skeleton lifecycle: open -> write rodata -> size the ring -> load ->
 * attach; and the map operations sessions need. */
#include "tracer.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "renacer.skel.h"
#include "tracer-internal.h"
#include "util.h"

#define DEFAULT_RING_BYTES (16u << 20)
#define TGID_SLOT_MASK     (ARRAY_SIZE(((struct renacer_bpf *)0)->bss->tgid_slots) - 1)

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
        /* libbpf's warnings go to stderr only when asked for: the caller
         * reports the failing step itself. */
        if (level == LIBBPF_DEBUG || !getenv("RENACER_LIBBPF_DEBUG"))
                return 0;
        return vfprintf(stderr, fmt, ap);
}

static bool is_pow2(size_t v)
{
        return v && !(v & (v - 1));
}

/* The fill level (metrics) reads the ring's positions through mappings of
 * our own: libbpf 1.1 keeps its views private. Without them the level is
 * simply unknown. */
static void map_positions(struct tracer *t)
{
        long page = sysconf(_SC_PAGESIZE);
        int fd = bpf_map__fd(t->skel->maps.events);
        void *c = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, 0);
        void *p = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, page);

        if (c == MAP_FAILED || p == MAP_FAILED) {
                if (c != MAP_FAILED)
                        munmap(c, (size_t)page);
                if (p != MAP_FAILED)
                        munmap(p, (size_t)page);
                return;
        }
        t->cons_pos = c;
        t->prod_pos = p;
}

int tracer_ring_fill(struct tracer *t, size_t *ret_used, size_t *ret_peak)
{
        unsigned long cons, prod;

        if (!t->cons_pos)
                return -ENODATA;
        cons = __atomic_load_n(t->cons_pos, __ATOMIC_ACQUIRE);
        prod = __atomic_load_n(t->prod_pos, __ATOMIC_ACQUIRE);
        *ret_used = prod >= cons ? MIN((size_t)(prod - cons), t->ring_bytes) : 0;
        *ret_peak = MAX(t->fill_peak, *ret_used);
        return 0;
}

/* Zero cost when idle: the per-syscall programs are attached only while a
 * session or a daemon-wide policy exists; the lifecycle programs stay. On
 * attach sys_exit goes first, so that every enter state written has its
 * exit; attach_gen is bumped before either, so that a state left active by
 * a call in flight at the last detach is never paired with a later exit.
 * On detach sys_enter goes first. */
static int syscalls_attach(struct tracer *t)
{
        struct bpf_link *lx, *le;

        if (t->syscalls_attached)
                return 0;
        __atomic_fetch_add(&t->skel->bss->attach_gen, 1, __ATOMIC_SEQ_CST);
        lx = bpf_program__attach(t->skel->progs.renacer_sys_exit);
        if (!lx)
                return -errno ? -errno : -EINVAL;
        le = bpf_program__attach(t->skel->progs.renacer_sys_enter);
        if (!le) {
                int r = -errno ? -errno : -EINVAL;
                bpf_link__destroy(lx);
                return r;
        }
        t->skel->links.renacer_sys_exit = lx;
        t->skel->links.renacer_sys_enter = le;
        t->syscalls_attached = true;
        return 0;
}

static void syscalls_detach(struct tracer *t)
{
        if (!t->syscalls_attached)
                return;
        bpf_link__destroy(t->skel->links.renacer_sys_enter);
        t->skel->links.renacer_sys_enter = NULL;
        bpf_link__destroy(t->skel->links.renacer_sys_exit);
        t->skel->links.renacer_sys_exit = NULL;
        t->syscalls_attached = false;
}

static int syscalls_update(struct tracer *t)
{
        if (t->nlive || t->auto_track)
                return syscalls_attach(t);
        syscalls_detach(t);
        return 0;
}

bool tracer_syscalls_attached(const struct tracer *t)
{
        return t->syscalls_attached;
}

static bool live_find(const struct tracer *t, uint32_t id, size_t *at)
{
        for (size_t i = 0; i < t->nlive; i++)
                if (t->live[i] == id) {
                        *at = i;
                        return true;
                }
        return false;
}

int tracer_open(const struct tracer_opts *opts, tracer_record_fn fn, void *ctx, struct tracer **ret)
{
        struct tracer *t;
        size_t ring = opts && opts->ring_bytes ? opts->ring_bytes : DEFAULT_RING_BYTES;
        size_t wake = opts && opts->wakeup_bytes ? opts->wakeup_bytes : ring / 8;
        struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
        int r;

        if (!is_pow2(ring) || ring < 4096 || ring > (1u << 30))
                return -EINVAL;
        libbpf_set_print(libbpf_quiet);
        /* kernels before 5.11 charge BPF maps to RLIMIT_MEMLOCK */
        (void)setrlimit(RLIMIT_MEMLOCK, &unlimited);

        t = calloc(1, sizeof(*t));
        if (!t)
                return -ENOMEM;
        t->fn = fn;
        t->ctx = ctx;
        t->ring_bytes = ring;
        t->ncpus = libbpf_num_possible_cpus();
        if (t->ncpus <= 0) {
                r = t->ncpus ? t->ncpus : -EINVAL;
                goto fail;
        }

        t->skel = renacer_bpf__open();
        if (!t->skel) {
                r = -errno ? -errno : -EINVAL;
                goto fail;
        }
        t->skel->rodata->ring_size = ring;
        t->skel->rodata->wakeup_bytes = MIN(wake, ring / 2);
        /* A quarter of the ring (half of a tiny one) only lifecycle records
         * may use: a syscall flood cannot take it, and on the default 4 MiB
         * ring it holds the fork, exec and exit of ~2200 processes (480
         * bytes each) even while the consumer is stalled. One ring keeps
         * the records in order: an exit never overtakes its last calls. */
        t->skel->rodata->lifecycle_headroom = ring <= (16u << 10) ? ring / 2 : ring / 4;
        r = bpf_map__set_max_entries(t->skel->maps.events, ring);
        if (r < 0)
                goto fail;
        r = renacer_bpf__load(t->skel);
        if (r < 0)
                goto fail;
        r = renacer_bpf__attach(t->skel);
        if (r < 0)
                goto fail;
        /* no session yet: the per-syscall programs wait for the first */
        t->syscalls_attached = true;
        syscalls_detach(t);
        /* and the cgroup migration program for the first cgroup scope */
        bpf_link__destroy(t->skel->links.renacer_cgroup_attach);
        t->skel->links.renacer_cgroup_attach = NULL;
        t->ring = ring_buffer__new(bpf_map__fd(t->skel->maps.events), tracer_dispatch, t, NULL);
        if (!t->ring) {
                r = -errno ? -errno : -ENOMEM;
                goto fail;
        }
        map_positions(t);
        *ret = t;
        return 0;
fail:
        tracer_free(t);
        return r;
}

void tracer_free(struct tracer *t)
{
        if (!t)
                return;
        if (t->cons_pos) {
                munmap((void *)t->cons_pos, (size_t)sysconf(_SC_PAGESIZE));
                munmap((void *)t->prod_pos, (size_t)sysconf(_SC_PAGESIZE));
        }
        ring_buffer__free(t->ring);
        renacer_bpf__destroy(t->skel);
        free(t->live);
        free(t);
}

int tracer_fd(const struct tracer *t)
{
        return ring_buffer__epoll_fd(t->ring);
}

size_t tracer_ring_bytes(const struct tracer *t)
{
        return t->ring_bytes;
}

static void slot_add(struct tracer *t, pid_t tgid, long delta)
{
        __atomic_fetch_add(&t->skel->bss->tgid_slots[(uint32_t)tgid & TGID_SLOT_MASK],
                           (uint64_t)delta, __ATOMIC_SEQ_CST);
}

/* After a session left a set: sys_exit then checks the set again for
 * the calls in flight (renacer.bpf.c, track_gen). */
static void track_changed(struct tracer *t)
{
        __atomic_fetch_add(&t->skel->bss->track_gen, 1, __ATOMIC_SEQ_CST);
}

/* Remove one session from a tgid's set; the entry goes with its last
 * session (whoever deletes the entry, us or the exit program, drops the
 * slot count). -ENOENT when the session does not trace it. */
static int set_remove(struct tracer *t, uint32_t key, uint32_t session_id)
{
        int fd = bpf_map__fd(t->skel->maps.tracked);
        struct renacer_tracked_set set;
        bool found = false, left = false;

        if (bpf_map_lookup_elem(fd, &key, &set) < 0)
                return -errno;
        for (size_t i = 0; i < ARRAY_SIZE(set.slot); i++) {
                if (set.slot[i].session_id == session_id) {
                        memset(&set.slot[i], 0, sizeof(set.slot[i]));
                        found = true;
                } else if (set.slot[i].session_id) {
                        left = true;
                }
        }
        if (!found)
                return -ENOENT;
        if (!left) {
                if (bpf_map_delete_elem(fd, &key) < 0)
                        return -errno;
                slot_add(t, (pid_t)key, -1);
                track_changed(t);
                return 0;
        }
        if (bpf_map_update_elem(fd, &key, &set, BPF_EXIST) < 0)
                return -errno;
        track_changed(t);
        return 0;
}

int tracer_track(struct tracer *t, pid_t tgid, const struct renacer_tracked *cfg)
{
        int fd = bpf_map__fd(t->skel->maps.tracked);
        uint32_t key = (uint32_t)tgid;
        struct renacer_tracked_set set;

        if (!cfg->session_id)
                return -EINVAL;
        /* the kernel may delete the entry (exit) or create it (fork, exec)
         * between our lookup and update: retry a few times */
        for (int attempt = 0; attempt < 4; attempt++) {
                memset(&set, 0, sizeof(set));
                set.slot[0] = *cfg;
                if (bpf_map_update_elem(fd, &key, &set, BPF_NOEXIST) == 0) {
                        slot_add(t, tgid, 1);
                        return 0;
                }
                if (errno != EEXIST)
                        return -errno;
                if (bpf_map_lookup_elem(fd, &key, &set) < 0) {
                        if (errno == ENOENT)
                                continue;
                        return -errno;
                }
                size_t i, free_i = ARRAY_SIZE(set.slot);
                for (i = 0; i < ARRAY_SIZE(set.slot); i++) {
                        if (set.slot[i].session_id == cfg->session_id)
                                return -EEXIST;
                        if (!set.slot[i].session_id && free_i == ARRAY_SIZE(set.slot))
                                free_i = i;
                }
                if (free_i == ARRAY_SIZE(set.slot))
                        return -EBUSY;
                set.slot[free_i] = *cfg;
                if (bpf_map_update_elem(fd, &key, &set, BPF_EXIST) == 0)
                        return 0;
                if (errno != ENOENT)
                        return -errno;
        }
        return -EAGAIN;
}

int tracer_untrack(struct tracer *t, pid_t tgid, uint32_t session_id)
{
        return set_remove(t, (uint32_t)tgid, session_id);
}

static bool set_has(const struct renacer_tracked_set *set, uint32_t session_id)
{
        for (size_t i = 0; i < ARRAY_SIZE(set->slot); i++)
                if (set->slot[i].session_id == session_id)
                        return true;
        return false;
}

/* Walk the tracked map; call fn for each tgid of the session. Keys are
 * collected first because deleting while iterating restarts the walk. */
static int tracked_collect(struct tracer *t, uint32_t session_id, pid_t *out, size_t max)
{
        int fd = bpf_map__fd(t->skel->maps.tracked);
        uint32_t key, next;
        struct renacer_tracked_set val;
        size_t n = 0;
        void *prev = NULL;

        while (bpf_map_get_next_key(fd, prev, &next) == 0) {
                key = next;
                prev = &key;
                if (bpf_map_lookup_elem(fd, &key, &val) < 0 || !set_has(&val, session_id))
                        continue;
                if (n < max)
                        out[n] = (pid_t)key;
                n++;
        }
        return (int)n;
}

int tracer_set_auto_track(struct tracer *t, bool on)
{
        int r;

        /* attached before the exec program opens the first auto-session */
        t->auto_track = on;
        r = syscalls_update(t);
        if (r < 0) {
                t->auto_track = false;
                on = false;
        }
        __atomic_store_n(&t->skel->bss->auto_track, on ? 1 : 0, __ATOMIC_SEQ_CST);
        if (!on)
                syscalls_update(t);
        return r;
}

int tracer_session_add_flags(struct tracer *t, uint32_t session_id, uint32_t flags)
{
        int fd = bpf_map__fd(t->skel->maps.tracked);
        pid_t tgids[256];
        int n = tracked_collect(t, session_id, tgids, ARRAY_SIZE(tgids));

        for (int i = 0; i < MIN(n, (int)ARRAY_SIZE(tgids)); i++) {
                uint32_t key = (uint32_t)tgids[i];
                struct renacer_tracked_set v;
                if (bpf_map_lookup_elem(fd, &key, &v) < 0)
                        continue;
                for (size_t j = 0; j < ARRAY_SIZE(v.slot); j++)
                        if (v.slot[j].session_id == session_id)
                                v.slot[j].flags |= flags;
                bpf_map_update_elem(fd, &key, &v, BPF_EXIST);
        }
        return n;
}

int tracer_tracked_count(struct tracer *t)
{
        int fd = bpf_map__fd(t->skel->maps.tracked);
        uint32_t key, next;
        void *prev = NULL;
        int n = 0;

        while (bpf_map_get_next_key(fd, prev, &next) == 0) {
                key = next;
                prev = &key;
                n++;
        }
        return n;
}

int tracer_session_tgids(struct tracer *t, uint32_t session_id, pid_t *ret, size_t max)
{
        return tracked_collect(t, session_id, ret, max);
}

int tracer_untrack_session(struct tracer *t, uint32_t session_id)
{
        pid_t buf[256];
        int removed = 0;

        for (;;) {
                int n = tracked_collect(t, session_id, buf, ARRAY_SIZE(buf));
                int got = 0;
                for (int i = 0; i < MIN(n, (int)ARRAY_SIZE(buf)); i++)
                        if (tracer_untrack(t, buf[i], session_id) == 0)
                                got++;
                removed += got;
                if (n <= (int)ARRAY_SIZE(buf) || got == 0)
                        break;
        }
        return removed;
}

int tracer_session_begin(struct tracer *t, uint32_t session_id)
{
        struct renacer_session_drops zero = {0};
        bool added = false;
        size_t at = 0;
        int r;

        if (bpf_map_update_elem(bpf_map__fd(t->skel->maps.session_drops), &session_id, &zero,
                                BPF_ANY) < 0)
                return -errno;
        if (!live_find(t, session_id, &at)) {
                if (t->nlive == t->live_cap) {
                        size_t cap = t->live_cap ? t->live_cap * 2 : 64;
                        uint32_t *p = realloc(t->live, cap * sizeof(*p));
                        if (!p)
                                return -ENOMEM;
                        t->live = p;
                        t->live_cap = cap;
                }
                t->live[t->nlive++] = session_id;
                added = true;
        }
        /* before the caller tracks a process or releases the held child:
         * its first call finds the programs in place */
        r = syscalls_update(t);
        if (r < 0 && added && live_find(t, session_id, &at))
                t->live[at] = t->live[--t->nlive];
        return r;
}

int tracer_session_dropped(struct tracer *t, uint32_t session_id, uint64_t *ret)
{
        struct renacer_session_drops d;

        if (bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.session_drops), &session_id, &d) < 0)
                return -errno;
        *ret = d.ringbuf;
        return 0;
}

int tracer_session_lifecycle_lost(struct tracer *t, uint32_t session_id, uint64_t *ret)
{
        struct renacer_session_drops d;

        if (bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.session_drops), &session_id, &d) < 0)
                return -errno;
        *ret = d.lifecycle;
        return 0;
}

/* The syscall numbers the session has aggregate entries for (the kernel
 * notes each before creating its entry): a session's summary and release
 * cost lookups by key, not a walk of the whole map. */
static int agg_nrs_of(struct tracer *t, uint32_t session_id, int32_t nrs[RENACER_SYSCALL_MAX])
{
        struct renacer_agg_nrs set;
        int n = 0;

        if (bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.agg_nrs), &session_id, &set) < 0)
                return errno == ENOENT ? 0 : -errno;
        for (size_t w = 0; w < ARRAY_SIZE(set.bits); w++)
                for (uint64_t b = set.bits[w]; b; b &= b - 1)
                        nrs[n++] = (int32_t)(w * 64 + (size_t)__builtin_ctzll(b));
        return n;
}

int tracer_session_summary(struct tracer *t, uint32_t session_id, struct summary *out)
{
        int fd = bpf_map__fd(t->skel->maps.agg);
        _cleanup_free_ struct renacer_agg *vals = calloc((size_t)t->ncpus, sizeof(*vals));
        int32_t nrs[RENACER_SYSCALL_MAX];
        int n;

        if (!vals)
                return -ENOMEM;
        n = agg_nrs_of(t, session_id, nrs);
        if (n < 0)
                return n;
        for (int i = 0; i < n; i++) {
                struct renacer_agg_key key = {.session_id = session_id, .nr = nrs[i]};
                struct renacer_agg sum = {0};
                if (bpf_map_lookup_elem(fd, &key, vals) < 0)
                        continue; /* noted, not yet created */
                for (int c = 0; c < t->ncpus; c++) {
                        if (vals[c].calls && (!sum.calls || vals[c].min_ns < sum.min_ns))
                                sum.min_ns = vals[c].min_ns;
                        if (vals[c].calls && vals[c].max_ns > sum.max_ns)
                                sum.max_ns = vals[c].max_ns;
                        sum.calls += vals[c].calls;
                        sum.errors += vals[c].errors;
                        sum.total_ns += vals[c].total_ns;
                        for (size_t b = 0; b < RENACER_HIST_BUCKETS; b++)
                                sum.hist[b] += vals[c].hist[b];
                }
                int r = summary_add(out, key.nr, sum.calls, sum.errors, sum.total_ns,
                                    (const uint64_t *)sum.hist);
                if (r == 0 && sum.calls)
                        r = summary_add_extremes(out, key.nr, sum.min_ns, sum.max_ns);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The set goes first: an entry the kernel creates after it makes a new set
 * (the engine's collection finds it), never an entry nothing names. */
static void agg_free(struct tracer *t, uint32_t session_id)
{
        int fd = bpf_map__fd(t->skel->maps.agg);
        int32_t nrs[RENACER_SYSCALL_MAX];
        int n = agg_nrs_of(t, session_id, nrs);

        if (n <= 0)
                return;
        bpf_map_delete_elem(bpf_map__fd(t->skel->maps.agg_nrs), &session_id);
        for (int i = 0; i < n; i++) {
                struct renacer_agg_key key = {.session_id = session_id, .nr = nrs[i]};
                bpf_map_delete_elem(fd, &key);
        }
}

void tracer_session_release(struct tracer *t, uint32_t session_id)
{
        size_t at = 0;

        agg_free(t, session_id);
        bpf_map_delete_elem(bpf_map__fd(t->skel->maps.session_drops), &session_id);
        if (live_find(t, session_id, &at)) {
                t->live[at] = t->live[--t->nlive];
                syscalls_update(t);
        }
}

bool tracer_session_live(const struct tracer *t, uint32_t session_id)
{
        size_t at;

        return live_find(t, session_id, &at);
}

int tracer_agg_sessions(struct tracer *t, uint32_t *ret, size_t max)
{
        int fd = bpf_map__fd(t->skel->maps.agg_nrs);
        uint32_t key, next;
        void *prev = NULL;
        size_t n = 0;

        while (n < max && bpf_map_get_next_key(fd, prev, &next) == 0) {
                key = next;
                prev = &key;
                ret[n++] = key;
        }
        return (int)n;
}

bool tracer_tracks(struct tracer *t, pid_t tgid, uint32_t session_id)
{
        uint32_t key = (uint32_t)tgid;
        struct renacer_tracked_set set;

        return bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.tracked), &key, &set) == 0 &&
               set_has(&set, session_id);
}

int tracer_tgid_add_flags(struct tracer *t, pid_t tgid, uint32_t session_id, uint32_t flags)
{
        int fd = bpf_map__fd(t->skel->maps.tracked);
        uint32_t key = (uint32_t)tgid;
        struct renacer_tracked_set v;
        bool changed = false;

        if (bpf_map_lookup_elem(fd, &key, &v) < 0)
                return -errno;
        for (size_t j = 0; j < ARRAY_SIZE(v.slot); j++)
                if (v.slot[j].session_id == session_id && (v.slot[j].flags & flags) != flags) {
                        v.slot[j].flags |= flags;
                        changed = true;
                }
        if (!changed)
                return 0;
        return bpf_map_update_elem(fd, &key, &v, BPF_EXIST) < 0 ? -errno : 0;
}

int tracer_counters(struct tracer *t, uint64_t out[RENACER_CNT_MAX])
{
        int fd = bpf_map__fd(t->skel->maps.counters);
        _cleanup_free_ uint64_t *vals = calloc((size_t)t->ncpus, sizeof(uint64_t));

        if (!vals)
                return -ENOMEM;
        for (uint32_t i = 0; i < RENACER_CNT_MAX; i++) {
                out[i] = 0;
                if (bpf_map_lookup_elem(fd, &i, vals) < 0)
                        return -errno;
                for (int c = 0; c < t->ncpus; c++)
                        out[i] += vals[c];
        }
        return 0;
}

int tracer_prog_stats(struct tracer *t, struct tracer_prog_stats *out, size_t max)
{
        struct bpf_program *prog;
        size_t n = 0;

        bpf_object__for_each_program(prog, t->skel->obj)
        {
                struct bpf_prog_info info;
                uint32_t len = sizeof(info);

                if (n >= max)
                        break;
                memset(&info, 0, sizeof(info));
                if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) < 0)
                        return -errno;
                out[n].name = bpf_program__name(prog);
                out[n].run_cnt = info.run_cnt;
                out[n].run_time_ns = info.run_time_ns;
                n++;
        }
        return (int)n;
}

/* The scoped sessions of one cgroup: cgroup_scopes[cgroup_id]. The
 * migration program is attached while any exists, before the first entry
 * is visible to the fork program, so a process moved in meanwhile is not
 * missed. */
int tracer_scope_add(struct tracer *t, uint64_t cgroup_id, const struct renacer_tracked *cfg)
{
        int fd = bpf_map__fd(t->skel->maps.cgroup_scopes);
        struct renacer_tracked_set set;
        size_t free_i = ARRAY_SIZE(set.slot);
        bool fresh = false;

        if (!cfg->session_id)
                return -EINVAL;
        if (!t->skel->links.renacer_cgroup_attach) {
                struct bpf_link *l = bpf_program__attach(t->skel->progs.renacer_cgroup_attach);
                if (!l)
                        return -errno ? -errno : -EINVAL;
                t->skel->links.renacer_cgroup_attach = l;
        }
        if (bpf_map_lookup_elem(fd, &cgroup_id, &set) < 0) {
                if (errno != ENOENT)
                        return -errno;
                memset(&set, 0, sizeof(set));
                fresh = true;
        }
        for (size_t i = 0; i < ARRAY_SIZE(set.slot); i++) {
                if (set.slot[i].session_id == cfg->session_id)
                        return -EEXIST;
                if (!set.slot[i].session_id && free_i == ARRAY_SIZE(set.slot))
                        free_i = i;
        }
        if (free_i == ARRAY_SIZE(set.slot))
                return -EBUSY;
        set.slot[free_i] = *cfg;
        set.slot[free_i].flags |= RENACER_TRACK_CGROUP;
        set.slot[free_i].flags &= ~RENACER_TRACK_FOLLOW;
        if (bpf_map_update_elem(fd, &cgroup_id, &set, BPF_ANY) < 0)
                return -errno;
        if (fresh)
                __atomic_fetch_add(&t->skel->bss->cgroup_scopes_live, 1, __ATOMIC_SEQ_CST);
        return 0;
}

int tracer_scope_remove(struct tracer *t, uint64_t cgroup_id, uint32_t session_id)
{
        int fd = bpf_map__fd(t->skel->maps.cgroup_scopes);
        struct renacer_tracked_set set;
        bool found = false, left = false;

        if (bpf_map_lookup_elem(fd, &cgroup_id, &set) < 0)
                return -errno;
        for (size_t i = 0; i < ARRAY_SIZE(set.slot); i++) {
                if (set.slot[i].session_id == session_id) {
                        memset(&set.slot[i], 0, sizeof(set.slot[i]));
                        found = true;
                } else if (set.slot[i].session_id) {
                        left = true;
                }
        }
        if (!found)
                return -ENOENT;
        if (left)
                return bpf_map_update_elem(fd, &cgroup_id, &set, BPF_EXIST) < 0 ? -errno : 0;
        if (bpf_map_delete_elem(fd, &cgroup_id) < 0)
                return -errno;
        if (__atomic_sub_fetch(&t->skel->bss->cgroup_scopes_live, 1, __ATOMIC_SEQ_CST) == 0) {
                bpf_link__destroy(t->skel->links.renacer_cgroup_attach);
                t->skel->links.renacer_cgroup_attach = NULL;
        }
        return 0;
}
