// SPDX-License-Identifier: MIT
/* The session table and what sessions learn from ring-buffer records. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "renacer-event.h"
#include "session-table.h"

/* ---- the table ---- */

static void test_add_get(void **state)
{
        struct session_table *t;
        struct session *s, *first;

        (void)state;
        assert_int_equal(session_table_new(&t), 0);
        assert_int_equal(session_table_count(t), 0);
        assert_null(session_table_get(t, 0));
        assert_null(session_table_get(t, 1));
        assert_null(session_table_next(t, 0));

        assert_int_equal(session_table_add(t, 100, &first), 0);
        assert_int_equal(first->id, 1);
        assert_int_equal(first->root, 100);
        assert_int_equal(first->pidfd, -1);
        assert_int_equal(first->capture, 32);
        assert_true(filter_is_all(&first->filter));
        assert_false(first->complete);
        assert_true(first->events == 0);
        /* the root is the first live process */
        assert_int_equal(first->nprocs, 1);
        assert_int_equal(first->live, 1);
        assert_int_equal(first->procs[0].tgid, 100);
        assert_int_equal(first->procs[0].ppid, 0);
        assert_true(first->procs[0].alive);
        assert_ptr_equal(session_proc_find(first, 100), &first->procs[0]);
        /* a lookup never creates: only session_proc_add() does */
        assert_null(session_proc_find(first, 4242));
        assert_int_equal(first->nprocs, 1);
        assert_int_equal(first->live, 1);

        assert_int_equal(session_table_add(t, 200, &s), 0);
        assert_int_equal(s->id, 2);
        assert_ptr_equal(session_table_get(t, 1), first);
        assert_ptr_equal(session_table_get(t, 2), s);
        assert_null(session_table_get(t, 3));
        assert_null(session_table_get(t, 0));
        assert_int_equal(session_table_count(t), 2);
        assert_true(session_table_created(t) == 2);

        /* ids are not reused after removal */
        session_table_remove(t, first);
        assert_null(session_table_get(t, 1));
        assert_int_equal(session_table_count(t), 1);
        assert_int_equal(session_table_add(t, 300, &s), 0);
        assert_int_equal(s->id, 3);
        assert_true(session_table_created(t) == 3);
        session_table_free(t);
        session_table_free(NULL);
}

#define MANY 3000

static void check_table(struct session_table *t, const bool *present)
{
        size_t n = 0;

        for (uint32_t id = 1; id <= MANY; id++) {
                struct session *s = session_table_get(t, id);
                if (!present[id]) {
                        assert_null(s);
                        continue;
                }
                assert_non_null(s);
                assert_int_equal(s->id, id);
                assert_int_equal(s->root, (pid_t)(id + 10000));
                n++;
        }
        assert_int_equal(session_table_count(t), n);
}

static void test_many(void **state)
{
        static bool present[MANY + 1];
        struct session_table *t;
        struct session *s;

        (void)state;
        memset(present, 0, sizeof(present));
        assert_int_equal(session_table_new(&t), 0);
        /* far past the initial 64 slots: several grows */
        for (uint32_t id = 1; id <= MANY; id++) {
                assert_int_equal(session_table_add(t, (pid_t)(id + 10000), &s), 0);
                assert_int_equal(s->id, id);
                present[id] = true;
        }
        check_table(t, present);

        /* remove in a scattered order so probe runs get re-placed */
        for (uint32_t id = 1; id <= MANY; id++) {
                if (id % 3 == 0 || id % 7 == 0) {
                        session_table_remove(t, session_table_get(t, id));
                        present[id] = false;
                }
        }
        check_table(t, present);
        for (uint32_t id = MANY; id >= 1; id -= 2) {
                if (present[id]) {
                        session_table_remove(t, session_table_get(t, id));
                        present[id] = false;
                }
                if (id < 2)
                        break;
        }
        check_table(t, present);

        /* refill: new ids continue after the last one */
        for (uint32_t i = 0; i < 100; i++) {
                assert_int_equal(session_table_add(t, 1, &s), 0);
                assert_int_equal(s->id, MANY + 1 + i);
        }
        assert_true(session_table_created(t) == MANY + 100);

        /* empty it completely */
        while ((s = session_table_next(t, 0)))
                session_table_remove(t, s);
        assert_int_equal(session_table_count(t), 0);
        for (uint32_t id = 1; id <= MANY + 100; id++)
                assert_null(session_table_get(t, id));
        session_table_free(t);
}

/* Few live sessions over many ids: with the table at its first size, ids
 * 64 apart share a home slot, so probe runs form, wrap around the end and
 * must be re-placed on every removal. */
static void test_churn(void **state)
{
        enum { IDS = 4000 };
        static struct session *live[IDS + 1];
        struct session_table *t;
        struct session *s;
        uint32_t rng = 12345, next = 1;
        size_t count = 0;

        (void)state;
        memset(live, 0, sizeof(live));
        assert_int_equal(session_table_new(&t), 0);
        while (next <= IDS) {
                rng = rng * 1103515245u + 12345u;
                if (count < 12 || (count < 28 && (rng >> 16) % 3 != 0)) {
                        assert_int_equal(session_table_add(t, (pid_t)next, &s), 0);
                        assert_int_equal(s->id, next);
                        live[next++] = s;
                        count++;
                } else {
                        /* remove a pseudo-random live one */
                        uint32_t id = 1 + (rng >> 8) % (next - 1);
                        while (!live[id])
                                id = id % (next - 1) + 1;
                        session_table_remove(t, live[id]);
                        live[id] = NULL;
                        count--;
                }
                assert_int_equal(session_table_count(t), count);
                /* every live one is found, the recently dropped are not */
                for (uint32_t id = next > 200 ? next - 200 : 1; id < next; id++)
                        assert_ptr_equal(session_table_get(t, id), live[id]);
        }
        for (uint32_t id = 1; id <= IDS; id++)
                assert_ptr_equal(session_table_get(t, id), live[id]);
        session_table_free(t);
}

static void test_next_while_removing(void **state)
{
        struct session_table *t;
        struct session *s;
        uint32_t last = 0, seen = 0;

        (void)state;
        assert_int_equal(session_table_new(&t), 0);
        for (int i = 0; i < 500; i++)
                assert_int_equal(session_table_add(t, i + 1, &s), 0);
        /* drop some up front so ids have holes */
        for (uint32_t id = 10; id <= 500; id += 10)
                session_table_remove(t, session_table_get(t, id));

        for (s = session_table_next(t, 0); s; s = session_table_next(t, last)) {
                assert_true(s->id > last);
                /* ids are visited in order, none skipped */
                for (uint32_t id = last + 1; id < s->id; id++)
                        assert_true(id % 10 == 0 || id % 2 == 1);
                last = s->id;
                seen++;
                if (last % 2 == 1)
                        session_table_remove(t, s);
        }
        assert_int_equal(last, 499);
        assert_int_equal(seen, 450);
        assert_int_equal(session_table_count(t), 200);

        last = 0;
        while ((s = session_table_next(t, last))) {
                assert_true(s->id % 2 == 0 && s->id % 10 != 0);
                last = s->id;
        }
        assert_int_equal(last, 498);
        assert_null(session_table_next(t, 498));
        assert_null(session_table_next(t, UINT32_MAX));
        session_table_free(t);
}

/* ---- records ---- */

struct rec {
        uint64_t buf[1024]; /* 8 KiB, aligned like the ring buffer */
        size_t len;
};

static struct renacer_syscall_event *sc_ev(struct rec *r)
{
        return (struct renacer_syscall_event *)r->buf;
}

static void sc_begin(struct rec *r, uint32_t tgid, int nr, int64_t ret, uint64_t a0, uint64_t a1,
                     uint64_t a2)
{
        struct renacer_syscall_event *ev = sc_ev(r);

        memset(r, 0, sizeof(*r));
        ev->hdr.version = RENACER_EVENT_VERSION;
        ev->hdr.kind = RENACER_EV_SYSCALL;
        ev->hdr.session_id = 1;
        ev->hdr.ts_ns = 1000;
        ev->hdr.tgid = tgid;
        ev->hdr.tid = tgid;
        ev->hdr.size = sizeof(*ev);
        ev->nr = nr;
        ev->ret = ret;
        ev->args[0] = a0;
        ev->args[1] = a1;
        ev->args[2] = a2;
        r->len = sizeof(*ev);
}

static void sc_seg(struct rec *r, uint8_t arg, uint8_t type, uint8_t flags, const void *data,
                   uint16_t len)
{
        struct renacer_syscall_event *ev = sc_ev(r);
        struct renacer_seg sg = {.arg = arg, .type = type, .flags = flags, .len = len};
        uint8_t *p = (uint8_t *)r->buf + r->len;
        size_t step = sizeof(sg) + ((len + 7u) & ~7u);

        assert_true(r->len + step <= sizeof(r->buf));
        memcpy(p, &sg, sizeof(sg));
        memcpy(p + sizeof(sg), data, len);
        r->len += step;
        ev->payload_len = (uint16_t)(ev->payload_len + step);
        ev->nseg++;
        ev->hdr.size = (uint16_t)r->len;
}

static void sc_path(struct rec *r, uint8_t arg, const char *path)
{
        sc_seg(r, arg, RENACER_SEG_STR, 0, path, (uint16_t)strlen(path));
}

static void proc_rec(struct rec *r, uint8_t kind, uint32_t tgid, uint32_t ppid, int32_t code,
                     const char *comm)
{
        struct renacer_proc_event *pe = (struct renacer_proc_event *)r->buf;

        memset(r, 0, sizeof(*r));
        pe->hdr.version = RENACER_EVENT_VERSION;
        pe->hdr.kind = kind;
        pe->hdr.size = sizeof(*pe);
        pe->hdr.session_id = 1;
        pe->hdr.ts_ns = 5000 + tgid;
        pe->hdr.tgid = tgid;
        pe->hdr.tid = tgid;
        pe->ppid = ppid;
        pe->exit_code = code;
        pe->maxrss_kb = 4096 + tgid;
        if (comm)
                memcpy(pe->comm, comm, strnlen(comm, sizeof(pe->comm)));
        r->len = sizeof(*pe);
        if (kind == RENACER_EV_EXEC) {
                /* exec records carry the executed path after the struct */
                struct renacer_exec_event *ee = (struct renacer_exec_event *)r->buf;
                const char *path = comm ? comm : "/bin/true";
                snprintf(ee->path, sizeof(ee->path), "%s", path);
                pe->path_len = (uint16_t)strlen(ee->path);
                pe->hdr.size = sizeof(*ee);
                r->len = sizeof(*ee);
        }
}

/* What the engine's users see of a session: session_info(), and their own
 * pointer, which the engine never touches. */
static void test_info_userdata(void **state)
{
        struct session_table *t;
        struct session_info si;
        struct session *s;
        struct rec r;
        int mine;

        (void)state;
        assert_int_equal(session_table_new(&t), 0);
        assert_int_equal(session_table_add(t, 100, &s), 0);
        assert_null(session_userdata(s));
        session_set_userdata(s, &mine);
        assert_ptr_equal(session_userdata(s), &mine);
        assert_int_equal(session_id(s), s->id);

        session_info(s, &si);
        assert_int_equal(si.id, s->id);
        assert_int_equal(si.root, 100);
        assert_string_equal(si.filter, "");
        assert_int_equal(si.processes, 1);
        assert_false(si.complete);
        assert_false(si.root_gone);
        assert_int_equal(si.root_status, -1);
        assert_int_equal(si.wall_ns, 0);
        assert_int_equal(si.pidfd, -1);

        s->id = 1; /* the records' session */
        s->created_ns = 1000;
        proc_rec(&r, RENACER_EV_EXEC, 100, 1, 0, "prog");
        assert_int_equal(session_ingest(s, r.buf, r.len), 0);
        proc_rec(&r, RENACER_EV_EXIT, 100, 1, 3 << 8, NULL);
        assert_int_equal(session_ingest(s, r.buf, r.len), 1);
        session_info(s, &si);
        assert_string_equal(si.comm, "prog");
        assert_true(si.complete);
        assert_true(si.root_gone);
        assert_int_equal(si.root_status, 3 << 8);
        assert_int_equal(si.processes, 0);
        /* no exec record time was kept: from creation to the exit record */
        assert_int_equal(si.wall_ns, 5100 - 1000);
        assert_ptr_equal(session_userdata(s), &mine);
        session_table_free(t);
}

static int ingest(struct session *s, struct rec *r)
{
        return session_ingest(s, r->buf, r->len);
}

/* Apply a successful syscall record of one path argument. */
static void do_open(struct session *s, uint32_t tgid, int nr, int fd, uint64_t flags,
                    const char *path)
{
        struct rec r;

        switch (nr) {
        case SYS_openat:
        case SYS_openat2:
                sc_begin(&r, tgid, nr, fd, (uint64_t)AT_FDCWD, 0, flags);
                sc_path(&r, 1, path);
                break;
        default:
                sc_begin(&r, tgid, nr, fd, 0, flags, 0644);
                sc_path(&r, 0, path);
                break;
        }
        assert_int_equal(ingest(s, &r), 0);
}

static void do_sc(struct session *s, uint32_t tgid, int nr, int64_t ret, uint64_t a0, uint64_t a1,
                  uint64_t a2)
{
        struct rec r;

        sc_begin(&r, tgid, nr, ret, a0, a1, a2);
        assert_int_equal(ingest(s, &r), 0);
}

static const char *fd_path(struct session *s, pid_t tgid, int fd)
{
        for (size_t i = 0; i < s->nprocs; i++)
                if (s->procs[i].tgid == tgid && s->procs[i].alive)
                        return fd_table_get(&s->procs[i].fds, fd);
        fail_msg("no live process %d", (int)tgid);
        return NULL;
}

static bool fd_cloexec(struct session *s, pid_t tgid, int fd)
{
        for (size_t i = 0; i < s->nprocs; i++)
                if (s->procs[i].tgid == tgid && s->procs[i].alive)
                        return s->procs[i].fds.slots[fd].cloexec;
        fail_msg("no live process %d", (int)tgid);
        return false;
}

struct fixture {
        struct session_table *t;
        struct session *s;
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        if (!f || session_table_new(&f->t) < 0 || session_table_add(f->t, 100, &f->s) < 0)
                return -1;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        session_table_free(f->t);
        free(f);
        return 0;
}

static void test_fd_tracking(void **state)
{
        struct session *s = ((struct fixture *)*state)->s;

        do_open(s, 100, SYS_open, 3, O_RDONLY | O_CLOEXEC, "/etc/passwd");
        assert_string_equal(fd_path(s, 100, 3), "/etc/passwd");
        assert_true(fd_cloexec(s, 100, 3));

        do_open(s, 100, SYS_openat, 4, O_RDWR, "/tmp/data");
        assert_string_equal(fd_path(s, 100, 4), "/tmp/data");
        assert_false(fd_cloexec(s, 100, 4));
        do_open(s, 100, SYS_openat, 5, O_RDONLY | O_CLOEXEC, "/lib/libc.so.6");
        assert_true(fd_cloexec(s, 100, 5));
        do_open(s, 100, SYS_creat, 6, 0, "/tmp/new");
        assert_string_equal(fd_path(s, 100, 6), "/tmp/new");
        assert_false(fd_cloexec(s, 100, 6));
        /* openat2's args[2] is the size of struct open_how, creat's args[1]
         * a mode: neither is O_CLOEXEC */
        do_open(s, 100, SYS_openat2, 7, O_CLOEXEC, "/proc/self/status");
        assert_string_equal(fd_path(s, 100, 7), "/proc/self/status");
        assert_false(fd_cloexec(s, 100, 7));
        do_open(s, 100, SYS_creat, 12, O_CLOEXEC, "/tmp/mode");
        assert_false(fd_cloexec(s, 100, 12));

        /* dup: the new fd is the return value, never cloexec */
        do_sc(s, 100, SYS_dup, 8, 3, 0, 0);
        assert_string_equal(fd_path(s, 100, 8), "/etc/passwd");
        assert_false(fd_cloexec(s, 100, 8));
        /* dup2 / dup3: the target is args[1] */
        do_sc(s, 100, SYS_dup2, 1, 4, 1, 0);
        assert_string_equal(fd_path(s, 100, 1), "/tmp/data");
        /* dup2 has no flags: whatever args[2] holds is ignored */
        do_sc(s, 100, SYS_dup2, 2, 4, 2, O_CLOEXEC);
        assert_string_equal(fd_path(s, 100, 2), "/tmp/data");
        assert_false(fd_cloexec(s, 100, 2));
        do_sc(s, 100, SYS_dup3, 20, 4, 20, O_CLOEXEC);
        assert_string_equal(fd_path(s, 100, 20), "/tmp/data");
        assert_true(fd_cloexec(s, 100, 20));
        /* fcntl F_DUPFD / F_DUPFD_CLOEXEC: the new fd is the return value */
        do_sc(s, 100, SYS_fcntl, 10, 6, F_DUPFD, 10);
        assert_string_equal(fd_path(s, 100, 10), "/tmp/new");
        assert_false(fd_cloexec(s, 100, 10));
        do_sc(s, 100, SYS_fcntl, 11, 6, F_DUPFD_CLOEXEC, 10);
        assert_string_equal(fd_path(s, 100, 11), "/tmp/new");
        assert_true(fd_cloexec(s, 100, 11));
        /* other fcntl commands do not touch the table */
        do_sc(s, 100, SYS_fcntl, 0, 6, F_SETFD, FD_CLOEXEC);
        assert_null(fd_path(s, 100, 0));

        do_sc(s, 100, SYS_close, 0, 4, 0, 0);
        assert_null(fd_path(s, 100, 4));
        assert_string_equal(fd_path(s, 100, 1), "/tmp/data");

        /* failed calls change nothing */
        do_sc(s, 100, SYS_dup2, -EBADF, 99, 3, 0);
        assert_string_equal(fd_path(s, 100, 3), "/etc/passwd");
        do_sc(s, 100, SYS_close, -EBADF, 3, 0, 0);
        assert_string_equal(fd_path(s, 100, 3), "/etc/passwd");
        {
                struct rec r;
                sc_begin(&r, 100, SYS_openat, -ENOENT, (uint64_t)AT_FDCWD, 0, 0);
                sc_path(&r, 1, "/nonexistent");
                assert_int_equal(ingest(s, &r), 0);
                assert_string_equal(fd_path(s, 100, 3), "/etc/passwd");
        }
        assert_true(s->events == 17);
}

static void test_segments(void **state)
{
        struct session *s = ((struct fixture *)*state)->s;
        struct renacer_seg_fddev dev = {.mode = 020000, .rdev = 0x100005};
        struct rec r;

        /* the path is the first usable string segment of the right arg */
        sc_begin(&r, 100, SYS_openat, 3, (uint64_t)AT_FDCWD, 0, 0);
        sc_seg(&r, 0, RENACER_SEG_FDDEV, 0, &dev, sizeof(dev));
        sc_path(&r, 0, "/wrong-arg");
        sc_seg(&r, 1, RENACER_SEG_BUF, 0, "/raw-buffer", 11);
        sc_seg(&r, 1, RENACER_SEG_STR, RENACER_SEGF_FAULT, "", 0);
        sc_seg(&r, 1, RENACER_SEG_STR, RENACER_SEGF_TRUNC, "/truncated/path", 15);
        assert_int_equal(ingest(s, &r), 0);
        assert_string_equal(fd_path(s, 100, 3), "/truncated/path");

        /* no usable segment: the fd stays unknown */
        sc_begin(&r, 100, SYS_openat, 4, (uint64_t)AT_FDCWD, 0, 0);
        sc_seg(&r, 1, RENACER_SEG_STR, RENACER_SEGF_FAULT, "/faulted", 8);
        assert_int_equal(ingest(s, &r), 0);
        assert_null(fd_path(s, 100, 4));

        /* a segment longer than the payload is not trusted */
        sc_begin(&r, 100, SYS_open, 5, 0, 0, 0);
        sc_path(&r, 0, "/etc/short");
        ((struct renacer_seg *)(sc_ev(&r) + 1))->len = 200;
        assert_int_equal(ingest(s, &r), 0);
        assert_null(fd_path(s, 100, 5));

        /* payload_len bounds the segments even when the record is longer */
        sc_begin(&r, 100, SYS_open, 6, 0, 0, 0);
        sc_path(&r, 0, "/etc/hosts");
        sc_ev(&r)->payload_len = 12;
        assert_int_equal(ingest(s, &r), 0);
        assert_null(fd_path(s, 100, 6));

        /* and the record size bounds them when payload_len overstates */
        sc_begin(&r, 100, SYS_open, 7, 0, 0, 0);
        sc_path(&r, 0, "/etc/hosts");
        sc_ev(&r)->payload_len = 60000;
        assert_int_equal(ingest(s, &r), 0);
        assert_string_equal(fd_path(s, 100, 7), "/etc/hosts");
        sc_ev(&r)->hdr.size = RENACER_SYSCALL_EVENT_SIZE + 8;
        sc_ev(&r)->ret = 8;
        assert_int_equal(session_ingest(s, r.buf, RENACER_SYSCALL_EVENT_SIZE + 8), 0);
        assert_null(fd_path(s, 100, 8));

        /* more segments announced than present */
        sc_begin(&r, 100, SYS_open, 9, 0, 0, 0);
        sc_path(&r, 1, "/x");
        sc_ev(&r)->nseg = 255;
        assert_int_equal(ingest(s, &r), 0);
        assert_null(fd_path(s, 100, 9));

        /* a huge fd number is not remembered, and does not fail the record */
        sc_begin(&r, 100, SYS_open, 1 << 20, 0, 0, 0);
        sc_path(&r, 0, "/far");
        assert_int_equal(ingest(s, &r), 0);
        assert_null(fd_path(s, 100, 1 << 20));
}

static void test_fork_copies_fds(void **state)
{
        struct session *s = ((struct fixture *)*state)->s;
        struct rec r;

        do_open(s, 100, SYS_openat, 3, O_RDONLY, "/etc/passwd");
        do_open(s, 100, SYS_openat, 4, O_CLOEXEC, "/etc/group");

        proc_rec(&r, RENACER_EV_FORK, 101, 100, 0, "child");
        assert_int_equal(ingest(s, &r), 0);
        assert_int_equal(s->live, 2);
        assert_int_equal(s->nprocs, 2);
        assert_int_equal(session_proc_find(s, 101)->ppid, 100);
        assert_true(session_proc_find(s, 101)->alive);
        assert_string_equal(fd_path(s, 101, 3), "/etc/passwd");
        assert_string_equal(fd_path(s, 101, 4), "/etc/group");
        assert_true(fd_cloexec(s, 101, 4));

        /* the tables are separate from now on */
        do_sc(s, 101, SYS_close, 0, 3, 0, 0);
        assert_null(fd_path(s, 101, 3));
        assert_string_equal(fd_path(s, 100, 3), "/etc/passwd");
        do_open(s, 100, SYS_openat, 5, 0, "/parent-only");
        assert_null(fd_path(s, 101, 5));

        /* a grandchild copies its own parent, not the root */
        proc_rec(&r, RENACER_EV_FORK, 102, 101, 0, NULL);
        assert_int_equal(ingest(s, &r), 0);
        assert_int_equal(s->live, 3);
        assert_null(fd_path(s, 102, 3));
        assert_string_equal(fd_path(s, 102, 4), "/etc/group");
        assert_null(fd_path(s, 102, 5));

        /* a fork whose parent is not known starts with no fds */
        proc_rec(&r, RENACER_EV_FORK, 103, 999, 0, NULL);
        assert_int_equal(ingest(s, &r), 0);
        assert_int_equal(s->live, 4);
        assert_null(fd_path(s, 103, 4));
        assert_int_equal(session_proc_find(s, 103)->ppid, 999);

        /* proc records are not syscall events */
        assert_true(s->events == 4);
}

static void test_exit_completes_once(void **state)
{
        struct session *s = ((struct fixture *)*state)->s;
        struct rec r;

        proc_rec(&r, RENACER_EV_FORK, 101, 100, 0, NULL);
        assert_int_equal(ingest(s, &r), 0);
        do_open(s, 101, SYS_openat, 3, 0, "/x");

        /* the root goes first: the child keeps the session open */
        proc_rec(&r, RENACER_EV_EXIT, 100, 0, 3 << 8, NULL);
        assert_int_equal(ingest(s, &r), 0);
        assert_int_equal(s->live, 1);
        assert_false(s->complete);
        assert_false(s->procs[0].alive);
        assert_int_equal(s->procs[0].exit_status, 3 << 8);
        assert_true(s->procs[0].maxrss_kb == 4096 + 100);

        /* an exit of a process the session never saw changes nothing */
        proc_rec(&r, RENACER_EV_EXIT, 555, 0, 0, NULL);
        assert_int_equal(ingest(s, &r), 0);
        assert_int_equal(s->live, 1);
        assert_false(s->complete);

        proc_rec(&r, RENACER_EV_EXIT, 101, 0, 9, NULL);
        assert_int_equal(ingest(s, &r), 1);
        assert_true(s->complete);
        assert_int_equal(s->live, 0);
        assert_true(s->end_ns == 5000 + 101);
        assert_int_equal(s->procs[1].exit_status, 9);
        assert_null(fd_table_get(&s->procs[1].fds, 3));

        /* a repeated exit does not complete it again */
        assert_int_equal(ingest(s, &r), 0);
        proc_rec(&r, RENACER_EV_EXIT, 100, 0, 0, NULL);
        assert_int_equal(ingest(s, &r), 0);
        assert_true(s->end_ns == 5000 + 101);
        assert_int_equal(s->procs[0].exit_status, 3 << 8);
}

static void test_exit_root_alone(void **state)
{
        struct session *s = ((struct fixture *)*state)->s;
        struct rec r;

        proc_rec(&r, RENACER_EV_EXIT, 100, 0, 0, NULL);
        assert_int_equal(ingest(s, &r), 1);
        assert_true(s->complete);
        assert_int_equal(ingest(s, &r), 0);
}

/* A cgroup scope's session: processes join (fork or a move) and leave
 * (exit or a move out); an empty cgroup does not end it. */
static void test_cgroup_scope(void **state)
{
        struct session *s = ((struct fixture *)*state)->s;
        struct renacer_proc_event *pe;
        struct rec r;

        s->cgroup_id = 42;
        proc_rec(&r, RENACER_EV_EXIT, 100, 0, 0, NULL);
        assert_int_equal(ingest(s, &r), 0);
        assert_int_equal(s->live, 0);
        assert_false(s->complete);

        /* moved in: a FORK record marked as a join */
        proc_rec(&r, RENACER_EV_FORK, 200, 1, 0, NULL);
        pe = (struct renacer_proc_event *)r.buf;
        pe->flags = RENACER_PROC_JOINED;
        assert_int_equal(ingest(s, &r), 0);
        assert_int_equal(s->live, 1);
        assert_non_null(session_proc_find(s, 200));

        /* moved out: out of sight, as after a privilege gain */
        proc_rec(&r, RENACER_EV_DETACH, 200, 1, 0, NULL);
        assert_int_equal(ingest(s, &r), 0);
        assert_int_equal(s->live, 0);
        assert_null(session_proc_find(s, 200));
        assert_false(s->complete);
        assert_int_equal(s->procs[1].exit_status, -1);

        /* and back: a new life for the same tgid */
        proc_rec(&r, RENACER_EV_FORK, 200, 1, 0, NULL);
        assert_int_equal(ingest(s, &r), 0);
        assert_int_equal(s->live, 1);
        assert_non_null(session_proc_find(s, 200));

        /* a DETACH record needs a whole lifecycle struct */
        proc_rec(&r, RENACER_EV_DETACH, 200, 1, 0, NULL);
        pe = (struct renacer_proc_event *)r.buf;
        pe->hdr.size = sizeof(*pe) - 8;
        assert_int_equal(ingest(s, &r), -EBADMSG);
        assert_int_equal(s->live, 1);
}

static void test_exec(void **state)
{
        struct session *s = ((struct fixture *)*state)->s;
        struct rec r;

        do_open(s, 100, SYS_openat, 3, O_CLOEXEC, "/drop");
        do_open(s, 100, SYS_openat, 4, 0, "/keep");
        do_sc(s, 100, SYS_dup3, 5, 4, 5, O_CLOEXEC);
        proc_rec(&r, RENACER_EV_FORK, 101, 100, 0, NULL);
        assert_int_equal(ingest(s, &r), 0);

        /* a failed execve is not the first exec */
        do_sc(s, 100, SYS_execve, -ENOENT, 0, 0, 0);
        assert_true(s->first_exec_ns == 0);
        {
                struct rec e;
                sc_begin(&e, 100, SYS_execve, 0, 0, 0, 0);
                sc_ev(&e)->hdr.ts_ns = 777;
                assert_int_equal(ingest(s, &e), 0);
                sc_ev(&e)->hdr.ts_ns = 888;
                assert_int_equal(ingest(s, &e), 0);
        }
        assert_true(s->first_exec_ns == 777);

        proc_rec(&r, RENACER_EV_EXEC, 100, 100, 0, "true");
        assert_int_equal(ingest(s, &r), 0);
        assert_null(fd_path(s, 100, 3));
        assert_string_equal(fd_path(s, 100, 4), "/keep");
        assert_null(fd_path(s, 100, 5));
        assert_string_equal(s->comm, "true");
        /* the child's table is its own */
        assert_string_equal(fd_path(s, 101, 3), "/drop");
        assert_string_equal(fd_path(s, 101, 5), "/keep");

        /* a child's exec does not rename the session */
        proc_rec(&r, RENACER_EV_EXEC, 101, 101, 0, "sh");
        assert_int_equal(ingest(s, &r), 0);
        assert_null(fd_path(s, 101, 3));
        assert_null(fd_path(s, 101, 5));
        assert_string_equal(s->comm, "true");
        assert_int_equal(s->live, 2);
}

static void test_malformed(void **state)
{
        struct session *s = ((struct fixture *)*state)->s;
        struct renacer_syscall_event *ev;
        struct renacer_proc_event *pe;
        struct rec r;

        /* valid ones first */
        sc_begin(&r, 100, SYS_read, 0, 0, 0, 0);
        assert_true(session_record_valid(r.buf, r.len));
        /* more bytes than the record is fine: the header says how long */
        assert_true(session_record_valid(r.buf, r.len + 64));
        proc_rec(&r, RENACER_EV_EXEC, 100, 0, 0, NULL);
        assert_true(session_record_valid(r.buf, r.len));

        /* too short for a header */
        sc_begin(&r, 100, SYS_read, 0, 0, 0, 0);
        for (size_t len = 0; len < sizeof(struct renacer_event_header); len++)
                assert_false(session_record_valid(r.buf, len));
        assert_int_equal(session_ingest(s, r.buf, 0), -EBADMSG);
        assert_int_equal(session_ingest(s, r.buf, 23), -EBADMSG);

        ev = sc_ev(&r);
        /* header size beyond the bytes at hand */
        assert_false(session_record_valid(r.buf, r.len - 8));
        assert_int_equal(session_ingest(s, r.buf, r.len - 1), -EBADMSG);

        ev->hdr.version = 2;
        assert_int_equal(ingest(s, &r), -EBADMSG);
        ev->hdr.version = 0;
        assert_int_equal(ingest(s, &r), -EBADMSG);
        ev->hdr.version = RENACER_EVENT_VERSION;

        ev->hdr.size = RENACER_SYSCALL_EVENT_SIZE + 4; /* not a multiple of 8 */
        r.len = RENACER_SYSCALL_EVENT_SIZE + 4;
        assert_int_equal(ingest(s, &r), -EBADMSG);
        ev->hdr.size = RENACER_SYSCALL_EVENT_SIZE - 8; /* too short for a syscall */
        r.len = RENACER_SYSCALL_EVENT_SIZE;
        assert_int_equal(ingest(s, &r), -EBADMSG);
        ev->hdr.size = 16; /* shorter than the header itself */
        assert_int_equal(ingest(s, &r), -EBADMSG);
        ev->hdr.size = 0;
        assert_int_equal(ingest(s, &r), -EBADMSG);
        ev->hdr.size = RENACER_SYSCALL_EVENT_SIZE;

        for (unsigned k = 0; k < 256; k++) {
                ev->hdr.kind = (uint8_t)k;
                if (k >= RENACER_EV_SYSCALL && k <= RENACER_EV_DETACH)
                        continue;
                assert_false(session_record_valid(r.buf, r.len));
                assert_int_equal(ingest(s, &r), -EBADMSG);
        }

        /* a lifecycle record needs its whole struct */
        proc_rec(&r, RENACER_EV_FORK, 101, 100, 0, NULL);
        pe = (struct renacer_proc_event *)r.buf;
        pe->hdr.size = sizeof(*pe) - 8;
        assert_int_equal(ingest(s, &r), -EBADMSG);
        pe->hdr.kind = RENACER_EV_EXIT;
        pe->hdr.tgid = 100;
        assert_int_equal(ingest(s, &r), -EBADMSG);
        pe->hdr.kind = RENACER_EV_EXEC;
        assert_int_equal(ingest(s, &r), -EBADMSG);

        /* none of that touched the session */
        assert_true(s->events == 0);
        assert_int_equal(s->nprocs, 1);
        assert_int_equal(s->live, 1);
        assert_false(s->complete);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_add_get),
            cmocka_unit_test(test_many),
            cmocka_unit_test(test_churn),
            cmocka_unit_test(test_next_while_removing),
            cmocka_unit_test(test_info_userdata),
            cmocka_unit_test_setup_teardown(test_fd_tracking, setup, teardown),
            cmocka_unit_test_setup_teardown(test_segments, setup, teardown),
            cmocka_unit_test_setup_teardown(test_fork_copies_fds, setup, teardown),
            cmocka_unit_test_setup_teardown(test_exit_completes_once, setup, teardown),
            cmocka_unit_test_setup_teardown(test_exit_root_alone, setup, teardown),
            cmocka_unit_test_setup_teardown(test_exec, setup, teardown),
            cmocka_unit_test_setup_teardown(test_cgroup_scope, setup, teardown),
            cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
