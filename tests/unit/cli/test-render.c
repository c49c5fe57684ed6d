// SPDX-License-Identifier: MIT
/* The CLI renderers on synthetic records: strace's line layout, [pid N]
 * prefixes, -T, exits, renacer-json-v1 and JSON lines, -c summaries. */
#include <errno.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "output.h"
#include "render.h"
#include "renacer-event.h"

static _Alignas(8) uint8_t recbuf[4096];

/* A syscall record with no payload. */
static const void *sc(uint32_t tid, int nr, int64_t ret, uint64_t a0, uint64_t a1, uint64_t a2,
                      uint64_t dur_ns, uint16_t flags)
{
        struct renacer_syscall_event *ev = (void *)recbuf;

        memset(recbuf, 0, sizeof(recbuf));
        ev->hdr.version = RENACER_EVENT_VERSION;
        ev->hdr.kind = RENACER_EV_SYSCALL;
        ev->hdr.size = sizeof(*ev);
        ev->hdr.session_id = 1;
        ev->hdr.ts_ns = 1000;
        ev->hdr.tgid = 100;
        ev->hdr.tid = tid;
        ev->nr = nr;
        ev->ret = ret;
        ev->args[0] = a0;
        ev->args[1] = a1;
        ev->args[2] = a2;
        ev->duration_ns = dur_ns;
        ev->flags = flags;
        return ev;
}

/* openat(AT_FDCWD, path, flags) with the path segment the BPF side adds. */
static const void *openat_rec(const char *path, int64_t ret)
{
        struct renacer_syscall_event *ev =
            (void *)sc(100, SYS_openat, ret, (uint64_t)-100, 0x1000, 02000000, 5000, 0);
        struct renacer_seg *seg = (void *)(ev + 1);
        size_t len = strlen(path);

        seg->arg = 1;
        seg->type = RENACER_SEG_STR;
        seg->len = (uint16_t)len;
        memcpy(seg + 1, path, len);
        ev->nseg = 1;
        ev->payload_len = (uint16_t)(sizeof(*seg) + ((len + 7) & ~7u));
        ev->hdr.size = (uint16_t)(sizeof(*ev) + ev->payload_len);
        return ev;
}

static const void *exit_rec(uint32_t tgid, int status)
{
        struct renacer_proc_event *pe = (void *)recbuf;

        memset(recbuf, 0, sizeof(recbuf));
        pe->hdr.version = RENACER_EVENT_VERSION;
        pe->hdr.kind = RENACER_EV_EXIT;
        pe->hdr.size = sizeof(*pe);
        pe->hdr.tgid = tgid;
        pe->hdr.tid = tgid;
        pe->exit_code = status;
        return pe;
}

static const void *proc_rec(uint8_t kind, uint32_t tgid, uint32_t tid, int status)
{
        struct renacer_proc_event *pe = (void *)exit_rec(tgid, status);

        pe->hdr.kind = kind;
        pe->hdr.tid = tid;
        return pe;
}

struct capture {
        char *buf;
        size_t len;
        int fd;
        struct output out;
        struct renderer *r;
        struct trace_opts o;
};

static void open_capture(struct capture *c, enum output_format fmt)
{
        memset(c, 0, sizeof(*c));
        trace_opts_init(&c->o);
        c->o.format = fmt;
        c->fd = memfd_create("render", MFD_CLOEXEC);
        assert_true(c->fd >= 0);
        output_init_fd(&c->out, c->fd);
        assert_int_equal(renderer_new(&c->o, &c->out, &c->r), 0);
}

/* What the renderer wrote so far (c->buf, NUL-terminated). */
static void read_capture(struct capture *c)
{
        off_t end = lseek(c->fd, 0, SEEK_END);

        assert_true(end >= 0);
        free(c->buf);
        c->buf = calloc(1, (size_t)end + 1);
        assert_int_equal(pread(c->fd, c->buf, (size_t)end, 0), end);
        c->len = (size_t)end;
}

static void finish(struct capture *c, int status)
{
        struct trace_result res = {.wait_status = status};

        summary_init(&res.summary);
        summary_add(&res.summary, SYS_getppid, 3, 0, 3000, NULL);
        summary_add(&res.summary, SYS_openat, 2, 1, 10000, NULL);
        assert_int_equal(renderer_finish(c->r, &res), 0);
        summary_free(&res.summary);
        renderer_free(c->r);
        read_capture(c);
        close(c->fd);
}

static void test_text_lines(void **state)
{
        struct capture c;

        (void)state;
        open_capture(&c, FORMAT_TEXT);
        assert_int_equal(renderer_record(c.r, openat_rec("/etc/ld.so.cache", 3), 4096), 0);
        assert_int_equal(renderer_record(c.r, openat_rec("/nope", -2), 4096), 0);
        assert_int_equal(renderer_record(c.r, sc(100, SYS_getppid, 42, 0, 0, 0, 1, 0), 4096), 0);
        assert_int_equal(
            renderer_record(c.r, sc(100, SYS_exit_group, 0, 3, 0, 0, 0, RENACER_SC_NORETURN), 4096),
            0);
        assert_int_equal(renderer_record(c.r, exit_rec(100, 3 << 8), 4096), 0);
        finish(&c, 3 << 8);
        assert_string_equal(c.buf,
                            "openat(AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC) = 3\n"
                            "openat(AT_FDCWD, \"/nope\", O_RDONLY|O_CLOEXEC) = -1 ENOENT (No such "
                            "file or directory)\n"
                            "getppid()                               = 42\n"
                            "exit_group(3)                           = ?\n"
                            "+++ exited with 3 +++\n");
        free(c.buf);
}

static void test_pid_prefix_and_durations(void **state)
{
        struct capture c;

        (void)state;
        memset(&c, 0, sizeof(c));
        open_capture(&c, FORMAT_TEXT);
        renderer_free(c.r);
        c.o.durations = true;
        assert_int_equal(renderer_new(&c.o, &c.out, &c.r), 0);
        assert_int_equal(renderer_record(c.r, sc(100, SYS_getppid, 1, 0, 0, 0, 12000, 0), 4096), 0);
        /* from the thread's creation on, every line names its task */
        assert_int_equal(renderer_record(c.r, proc_rec(RENACER_EV_THREAD, 100, 101, 0), 4096), 0);
        assert_int_equal(renderer_record(c.r, sc(100, SYS_getppid, 1, 0, 0, 0, 7000, 0), 4096), 0);
        assert_int_equal(renderer_record(c.r, sc(101, SYS_getppid, 1, 0, 0, 0, 1500000, 0), 4096),
                         0);
        assert_int_equal(renderer_record(c.r, proc_rec(RENACER_EV_THREAD_EXIT, 100, 101, 0), 4096),
                         0);
        /* one task left: no prefix again, as strace */
        assert_int_equal(renderer_record(c.r, sc(100, SYS_getppid, 1, 0, 0, 0, 1000, 0), 4096), 0);
        finish(&c, 0);
        assert_string_equal(c.buf, "getppid()                               = 1 <0.000012>\n"
                                   "[pid   100] getppid()                   = 1 <0.000007>\n"
                                   "[pid   101] getppid()                   = 1 <0.001500>\n"
                                   "[pid   101] +++ exited with 0 +++\n"
                                   "getppid()                               = 1 <0.000001>\n");
        free(c.buf);
}

/* -f: a process's EXIT that won the race with its threads' own exits (two
 * threads dying together both saw signal->live at 0): a line for every
 * thread still live, with the process's status, none twice; a leader that
 * exited first keeps its one line. */
static void test_exit_race_threads(void **state)
{
        struct capture c;

        (void)state;
        open_capture(&c, FORMAT_TEXT);
        renderer_free(c.r);
        c.o.follow = true;
        assert_int_equal(renderer_new(&c.o, &c.out, &c.r), 0);
        renderer_set_tasks(c.r, 3);
        assert_int_equal(renderer_record(c.r, sc(101, SYS_getppid, 1, 0, 0, 0, 1000, 0), 4096), 0);
        assert_int_equal(renderer_record(c.r, sc(102, SYS_getppid, 1, 0, 0, 0, 1000, 0), 4096), 0);
        /* thread 101 reports the process gone; 102's record never comes */
        struct renacer_proc_event *pe = (void *)proc_rec(RENACER_EV_EXIT, 100, 101, 9);
        assert_int_equal(renderer_record(c.r, pe, 4096), 0);
        /* a thread's own record after its process's EXIT: spoken for */
        assert_int_equal(renderer_record(c.r, proc_rec(RENACER_EV_THREAD_EXIT, 100, 102, 9), 4096),
                         0);
        finish(&c, 9);
        assert_string_equal(c.buf, "[pid   101] getppid()                   = 1\n"
                                   "[pid   102] getppid()                   = 1\n"
                                   "[pid   101] +++ killed by SIGKILL +++\n"
                                   "[pid   102] +++ killed by SIGKILL +++\n"
                                   "+++ killed by SIGKILL +++\n");
        free(c.buf);

        /* the leader first (pthread_exit), then the last thread's EXIT */
        open_capture(&c, FORMAT_TEXT);
        renderer_free(c.r);
        c.o.follow = true;
        assert_int_equal(renderer_new(&c.o, &c.out, &c.r), 0);
        renderer_set_tasks(c.r, 2);
        assert_int_equal(renderer_record(c.r, sc(101, SYS_getppid, 1, 0, 0, 0, 1000, 0), 4096), 0);
        assert_int_equal(renderer_record(c.r, proc_rec(RENACER_EV_THREAD_EXIT, 100, 100, 0), 4096),
                         0);
        assert_int_equal(renderer_record(c.r, proc_rec(RENACER_EV_EXIT, 100, 101, 3 << 8), 4096),
                         0);
        finish(&c, 3 << 8);
        assert_string_equal(c.buf, "[pid   101] getppid()                   = 1\n"
                                   "[pid   100] +++ exited with 0 +++\n"
                                   "+++ exited with 3 +++\n");
        free(c.buf);
}

static void test_killed(void **state)
{
        struct capture c;

        (void)state;
        open_capture(&c, FORMAT_TEXT);
        assert_int_equal(renderer_record(c.r, exit_rec(100, 9), 4096), 0);
        finish(&c, 9);
        assert_string_equal(c.buf, "+++ killed by SIGKILL +++\n");
        free(c.buf);
}

static void test_summary_only(void **state)
{
        struct capture c;

        (void)state;
        memset(&c, 0, sizeof(c));
        open_capture(&c, FORMAT_TEXT);
        renderer_free(c.r);
        c.o.summary_only = true;
        assert_int_equal(renderer_new(&c.o, &c.out, &c.r), 0);
        assert_int_equal(renderer_record(c.r, sc(100, SYS_getppid, 1, 0, 0, 0, 1, 0), 4096), 0);
        finish(&c, 0);
        assert_non_null(
            strstr(c.buf, "% time     seconds  usecs/call     calls    errors syscall\n"));
        assert_null(strstr(c.buf, "getppid()"));
        assert_non_null(strstr(c.buf, "total\n"));
        free(c.buf);
}

static void test_json_document(void **state)
{
        struct capture c;
        struct json_object *doc, *arr, *e, *v, *sum;

        (void)state;
        open_capture(&c, FORMAT_JSON);
        assert_int_equal(renderer_record(c.r, openat_rec("/etc/passwd", 3), 4096), 0);
        assert_int_equal(renderer_record(c.r, openat_rec("/nope", -2), 4096), 0);
        finish(&c, 0);
        doc = json_tokener_parse(c.buf);
        assert_non_null(doc);
        assert_true(json_object_object_get_ex(doc, "format", &v));
        assert_string_equal(json_object_get_string(v), "renacer-json-v1");
        assert_true(json_object_object_get_ex(doc, "version", &v));
        assert_string_equal(json_object_get_string(v), RENACER_VERSION);
        assert_true(json_object_object_get_ex(doc, "syscalls", &arr));
        assert_int_equal(json_object_array_length(arr), 2);
        e = json_object_array_get_idx(arr, 0);
        assert_true(json_object_object_get_ex(e, "name", &v));
        assert_string_equal(json_object_get_string(v), "openat");
        assert_true(json_object_object_get_ex(e, "args", &v));
        assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 1)),
                            "\"/etc/passwd\"");
        assert_true(json_object_object_get_ex(e, "result", &v));
        assert_int_equal(json_object_get_int(v), 3);
        assert_true(json_object_object_get_ex(e, "duration_us", &v));
        assert_true(json_object_get_double(v) == 5.0);
        e = json_object_array_get_idx(arr, 1);
        assert_true(json_object_object_get_ex(e, "error", &v));
        assert_string_equal(json_object_get_string(v), "ENOENT");
        assert_true(json_object_object_get_ex(doc, "summary", &sum));
        assert_true(json_object_object_get_ex(sum, "total_syscalls", &v));
        assert_int_equal(json_object_get_int(v), 5);
        assert_true(json_object_object_get_ex(sum, "exit_code", &v));
        assert_int_equal(json_object_get_int(v), 0);
        assert_true(json_object_object_get_ex(sum, "events_lost", &v));
        assert_int_equal(json_object_get_int(v), 0);
        json_object_put(doc);
        free(c.buf);
}

static void test_jsonl(void **state)
{
        struct capture c;
        int lines = 0;

        (void)state;
        open_capture(&c, FORMAT_JSONL);
        assert_int_equal(renderer_record(c.r, sc(100, SYS_getppid, 1, 0, 0, 0, 1, 0), 4096), 0);
        assert_int_equal(renderer_record(c.r, sc(100, SYS_getppid, 1, 0, 0, 0, 1, 0), 4096), 0);
        finish(&c, 0);
        for (char *save, *l = strtok_r(c.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
                struct json_object *o = json_tokener_parse(l), *v;
                assert_non_null(o);
                assert_true(json_object_object_get_ex(o, "type", &v));
                assert_string_equal(json_object_get_string(v), lines < 2 ? "syscall" : "summary");
                json_object_put(o);
                lines++;
        }
        assert_int_equal(lines, 3);
        free(c.buf);
}

static void test_malformed(void **state)
{
        struct capture c;
        struct renacer_syscall_event *ev;

        (void)state;
        open_capture(&c, FORMAT_TEXT);
        ev = (void *)sc(100, SYS_getppid, 1, 0, 0, 0, 1, 0);
        assert_int_equal(renderer_record(c.r, ev, 10), -EBADMSG);
        ev->payload_len = 200; /* beyond the record */
        assert_true(renderer_record(c.r, ev, sizeof(*ev)) < 0);
        finish(&c, 0);
        free(c.buf);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_text_lines),   cmocka_unit_test(test_pid_prefix_and_durations),
            cmocka_unit_test(test_killed),       cmocka_unit_test(test_exit_race_threads),
            cmocka_unit_test(test_summary_only), cmocka_unit_test(test_json_document),
            cmocka_unit_test(test_jsonl),        cmocka_unit_test(test_malformed),
        };
        return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
