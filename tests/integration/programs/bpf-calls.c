// SPDX-License-Identifier: MIT
/*
 * The fanotify, io_uring, bpf and perf_event_open families with valid,
 * invalid and edge-case arguments whose trace lines do not depend on the
 * run. Structures live in pages mapped at a fixed address, followed by an
 * unmapped page for the faulting and half-readable cases; nothing is asked
 * that could change the system (marks on a missing path, rings that are
 * refused or closed again). The differential test traces it with strace
 * 6.1 and renacerctl and requires identical lines.
 */
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/fanotify.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define BASE ((uintptr_t)0x5eb2000000ULL)
#define PAGE 4096

static void fanotify_calls(char *data, char *end)
{
        long fd = syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY);

        syscall(SYS_fanotify_init, 0xc, O_WRONLY | 0x80000000);
        syscall(SYS_fanotify_init, 0xffffffffeface004ULL, 0);
        strcpy(data, "/renacer-no-such-path");
        syscall(SYS_fanotify_mark, fd, FAN_MARK_ADD, FAN_OPEN | FAN_ONDIR, AT_FDCWD, data);
        syscall(SYS_fanotify_mark, fd, 0xdeadbeefeface800ULL, 0xdeadfeedffffffffULL, -1, NULL);
        syscall(SYS_fanotify_mark, -1, FAN_MARK_REMOVE, 0, 3, end - 4);
        syscall(SYS_fanotify_mark, fd, FAN_MARK_FLUSH | FAN_MARK_MOUNT, 0, 0xffffffff00000005ULL,
                end);
        if (fd >= 0)
                close(fd);
}

/* io_uring: a ring that is set up and one that is refused; registrations
 * on a closed fd (EBADF, whatever the argument) with arrays that end at
 * the unmapped page, resource structures with non-zero and unreadable
 * tails, and an opcode strace 6.1 does not know */
static void io_uring_calls(char *data, char *end)
{
        struct io_uring_params *p = (void *)data;
        struct io_uring_rsrc_register *rr;
        struct io_uring_rsrc_update2 *ru;
        struct io_uring_restriction *res;
        struct iovec *iov;
        int32_t *fds;
        uint64_t *tags;
        long fd;

        memset(data, 0, PAGE);
        fd = syscall(SYS_io_uring_setup, 2, p);
        if (fd >= 0) {
                /* on a real ring: a probe the kernel fills (zeroed, as it
                 * must be), one it refuses, the worker counts it reports
                 * (0: leave as they are) */
                uint32_t *workers = (uint32_t *)(data + 3584);

                memset(data + 2048, 0, 16 + 4 * 8);
                syscall(SYS_io_uring_register, fd, IORING_REGISTER_PROBE, data + 2048, 4);
                data[2048 + 16] = 7;
                syscall(SYS_io_uring_register, fd, IORING_REGISTER_PROBE, data + 2048, 4);
                workers[0] = workers[1] = 0;
                syscall(SYS_io_uring_register, fd, IORING_REGISTER_IOWQ_MAX_WORKERS, workers, 2);
                syscall(SYS_io_uring_register, fd, IORING_REGISTER_IOWQ_MAX_WORKERS, end - 4, 2);
                syscall(SYS_io_uring_register, -1, IORING_REGISTER_IOWQ_AFF, data + 2048, 8);
                close(fd);
        }
        memset(p, 0, sizeof(*p));
        p->flags = IORING_SETUP_ATTACH_WQ | 0x80000000;
        p->wq_fd = 12345;
        p->resv[1] = 7;
        syscall(SYS_io_uring_setup, 1, p);
        syscall(SYS_io_uring_setup, 1, end - 8);
        syscall(SYS_io_uring_enter, -1, 1, 2, IORING_ENTER_GETEVENTS | 0x100, NULL, 8);

        fds = (int32_t *)(end - 4 * sizeof(*fds));
        fds[0] = 3;
        fds[1] = -1;
        fds[2] = -2;
        fds[3] = 0;
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES, fds, 4);
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES, fds, 6);
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_EVENTFD, fds, 1);
        syscall(SYS_io_uring_register, -1, IORING_UNREGISTER_FILES, data, 0);
        syscall(SYS_io_uring_register, -1, 0xbadc0ded, data, 1);

        iov = (struct iovec *)data;
        iov[0].iov_base = data + 64;
        iov[0].iov_len = 10;
        iov[1].iov_base = NULL;
        iov[1].iov_len = 0xfacefeed;
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_BUFFERS, iov, 2);

        rr = (struct io_uring_rsrc_register *)(data + 512);
        rr->nr = 4;
        rr->flags = IORING_RSRC_REGISTER_SPARSE | 0x40;
        rr->data = (uintptr_t)fds;
        rr->tags = 0;
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES2, rr, sizeof(*rr));
        rr->nr = 6;
        tags = (uint64_t *)(end - 2 * sizeof(*tags));
        tags[0] = 0xdeadbeef;
        tags[1] = 0;
        rr->tags = (uintptr_t)tags;
        rr->resv2 = 0xfacecafe;
        memset((char *)(rr + 1), 0, 16);
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES2, rr, sizeof(*rr) + 16);
        ((char *)(rr + 1))[3] = 'x';
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES2, rr, sizeof(*rr) + 16);
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES2, rr, sizeof(*rr) - 1);
        rr->nr = 2;
        rr->data = (uintptr_t)iov;
        rr->resv2 = 0;
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_BUFFERS2, rr, sizeof(*rr));
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_BUFFERS2, end - 32, 40);
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_BUFFERS2, end - 16, 32);

        ru = (struct io_uring_rsrc_update2 *)(data + 1024);
        ru->offset = 7;
        ru->resv = 1;
        ru->data = (uintptr_t)fds;
        ru->tags = (uintptr_t)tags;
        ru->nr = 4;
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES_UPDATE2, ru, sizeof(*ru));
        ru->resv = 0;
        ru->resv2 = 9;
        ru->data = (uintptr_t)iov;
        ru->nr = 2;
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_BUFFERS_UPDATE, ru, sizeof(*ru));
        ru->data = 0;
        ru->tags = 0;
        ru->nr = 0;
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_BUFFERS_UPDATE, ru, sizeof(*ru) + 8);
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_FILES_UPDATE, ru, 3);

        res = (struct io_uring_restriction *)(data + 2048);
        memset(res, 0, 4 * sizeof(*res));
        res[0].opcode = IORING_RESTRICTION_REGISTER_OP;
        res[0].register_op = IORING_REGISTER_PROBE;
        res[1].opcode = IORING_RESTRICTION_SQE_OP;
        res[1].sqe_op = IORING_OP_READV;
        res[2].opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED;
        res[2].sqe_flags = IOSQE_IO_LINK | 0x80;
        res[3].opcode = 9;
        res[3].register_op = 0x42;
        res[3].resv = 5;
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_RESTRICTIONS, res, 4);
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_RESTRICTIONS, res, 0);
        syscall(SYS_io_uring_register, -1, IORING_REGISTER_RESTRICTIONS, NULL, 1);
}

/* perf_event_open: attrs of every type with flags and reserved bits set,
 * a size the kernel answers with E2BIG (and rewrites), one shorter than
 * the first version, one that runs into the unmapped page */
static void perf_calls(char *data, char *end)
{
        struct perf_event_attr *a = (void *)data;
        static const uint32_t types[] = {PERF_TYPE_HARDWARE,
                                         PERF_TYPE_SOFTWARE,
                                         PERF_TYPE_TRACEPOINT,
                                         PERF_TYPE_HW_CACHE,
                                         PERF_TYPE_RAW,
                                         PERF_TYPE_BREAKPOINT,
                                         0x77};

        for (unsigned k = 0; k < sizeof(types) / sizeof(types[0]); k++) {
                memset(data, 0, 256);
                a->type = types[k];
                a->size = k & 1 ? PERF_ATTR_SIZE_VER5 : 0;
                a->config = k == 3 ? 0x0100020003ULL | (1ULL << 40) : 0xdead0000ULL + k;
                a->sample_period = 1000 + k;
                a->sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | (1ULL << 40);
                a->read_format = PERF_FORMAT_ID | PERF_FORMAT_GROUP;
                a->disabled = 1;
                a->freq = k & 1;
                a->exclude_kernel = 1;
                a->precise_ip = k & 3;
                a->sigtrap = k == 2;
                a->__reserved_1 = k == 4 ? 0x155 : 0;
                syscall(SYS_perf_event_open, a, -1, -1, -1, 0xffffffffffffffffULL);
        }
        memset(data, 0, 256);
        a->type = PERF_TYPE_SOFTWARE;
        a->size = 0xa0;
        data[0x98] = 1;
        syscall(SYS_perf_event_open, a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
        a->size = 40;
        syscall(SYS_perf_event_open, a, 0, -1, -1, 0);
        syscall(SYS_perf_event_open, end - 40, 0, -1, -1, 0);
        syscall(SYS_perf_event_open, NULL, -100, 100, 12345, PERF_FLAG_FD_OUTPUT);
}

/* bpf: attrs cut by their size, with bytes after the structure strace
 * knows, unreadable ones, paths and strings they point to; every call is
 * refused (bad fds, empty maps, a missing pin) */
static void bpf_calls(char *data, char *end)
{
        union bpf_attr *a = (void *)(data + 1024);
        char *str = data + 3072;

        memset(a, 0, 2048);
        a->map_type = BPF_MAP_TYPE_ARRAY;
        a->key_size = 4;
        a->value_size = 8;
        a->map_flags = BPF_F_NUMA_NODE | BPF_F_RDONLY_PROG | 0x80000000;
        a->inner_map_fd = -1;
        a->numa_node = -1;
        strcpy(a->map_name, "renacer_map");
        syscall(SYS_bpf, BPF_MAP_CREATE, a, 48);
        syscall(SYS_bpf, BPF_MAP_CREATE, a, 20);
        memcpy(a->map_name, "0123456789abcdef", 16);
        syscall(SYS_bpf, BPF_MAP_CREATE, a, 40);
        syscall(SYS_bpf, BPF_MAP_CREATE, end - 8, 16);
        syscall(SYS_bpf, BPF_MAP_CREATE, NULL, 16);
        syscall(SYS_bpf, BPF_MAP_CREATE, a, 4097);

        memset(a, 0, 128);
        a->map_fd = -1;
        a->key = 0xdeadbeef;
        a->value = 0xbadc0ded;
        a->flags = BPF_F_LOCK;
        syscall(SYS_bpf, BPF_MAP_LOOKUP_ELEM, a, 32);
        a->flags = BPF_EXIST;
        syscall(SYS_bpf, BPF_MAP_UPDATE_ELEM, a, 32);
        syscall(SYS_bpf, BPF_MAP_DELETE_ELEM, a, 16);
        syscall(SYS_bpf, BPF_MAP_GET_NEXT_KEY, a, 24);
        ((char *)a)[100] = 1;
        syscall(SYS_bpf, BPF_MAP_FREEZE, a, 256);

        memset(a, 0, 128);
        strcpy(str, "GPL");
        a->prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
        a->license = (uintptr_t)str;
        a->kern_version = 0x60112;
        a->prog_flags = BPF_F_ANY_ALIGNMENT;
        strcpy(a->prog_name, "renacer");
        strcpy(str + 64, "a log the kernel would overwrite");
        a->log_buf = (uintptr_t)(str + 64);
        a->log_size = 5;
        syscall(SYS_bpf, BPF_PROG_LOAD, a, 72);
        a->log_size = 4096;
        syscall(SYS_bpf, BPF_PROG_LOAD, a, 72);
        a->log_buf = 0;
        a->log_size = 0;
        a->license = (uintptr_t)(end - 3);
        memset(end - 3, 'G', 3);
        syscall(SYS_bpf, BPF_PROG_LOAD, a, 24);

        memset(a, 0, 128);
        strcpy(str, "/sys/fs/bpf/renacer-no-such-pin");
        a->pathname = (uintptr_t)str;
        a->file_flags = BPF_F_RDONLY;
        syscall(SYS_bpf, BPF_OBJ_GET, a, 16);
        a->bpf_fd = -1;
        syscall(SYS_bpf, BPF_OBJ_PIN, a, 12);
        a->pathname = (uintptr_t)(end - 3);
        syscall(SYS_bpf, BPF_OBJ_PIN, a, 16);

        memset(a, 0, 128);
        a->target_fd = -1;
        a->attach_bpf_fd = -1;
        a->attach_type = BPF_CGROUP_INET_EGRESS;
        a->attach_flags = BPF_F_ALLOW_MULTI | 0x40;
        syscall(SYS_bpf, BPF_PROG_ATTACH, a, 20);
        syscall(SYS_bpf, BPF_PROG_DETACH, a, 12);

        memset(a, 0, 128);
        strcpy(str, "renacer_no_such_tracepoint_with_a_long_name");
        a->raw_tracepoint.name = (uintptr_t)str;
        a->raw_tracepoint.prog_fd = -1;
        syscall(SYS_bpf, BPF_RAW_TRACEPOINT_OPEN, a, 16);

        memset(a, 0, 128);
        memcpy(str, "bPf\0da", 6);
        a->btf = (uintptr_t)str;
        a->btf_size = 6;
        a->btf_log_level = 1;
        syscall(SYS_bpf, BPF_BTF_LOAD, a, 28);

        memset(a, 0, 128);
        a->query.target_fd = -1;
        a->query.attach_type = BPF_CGROUP_INET_INGRESS;
        a->query.query_flags = BPF_F_QUERY_EFFECTIVE;
        syscall(SYS_bpf, BPF_PROG_QUERY, a, 28);

        memset(a, 0, 128);
        a->link_create.prog_fd = -1;
        a->link_create.target_fd = -1;
        a->link_create.attach_type = BPF_PERF_EVENT;
        a->link_create.perf_event.bpf_cookie = 0xc00c1e;
        syscall(SYS_bpf, BPF_LINK_CREATE, a, 48);
        a->link_create.attach_type = BPF_CGROUP_INET_INGRESS;
        syscall(SYS_bpf, BPF_LINK_CREATE, a, 48);
        a->link_create.attach_type = BPF_CGROUP_DEVICE;
        syscall(SYS_bpf, BPF_LINK_CREATE, a, 16);

        memset(a, 0, 128);
        a->batch.keys = 0xdeadf00d;
        a->batch.count = 3;
        a->batch.map_fd = -1;
        a->batch.elem_flags = BPF_F_LOCK;
        syscall(SYS_bpf, BPF_MAP_DELETE_BATCH, a, 56);
        syscall(SYS_bpf, BPF_MAP_LOOKUP_BATCH, a, 56);

        memset(a, 0, 128);
        a->test.prog_fd = -1;
        a->test.repeat = 3;
        syscall(SYS_bpf, BPF_PROG_TEST_RUN, a, 80);
        a->info.bpf_fd = -1;
        a->info.info_len = 8;
        syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, a, 16);
        syscall(SYS_bpf, 0xbadc0ded, NULL, 0);
}

int main(void)
{
        char *data = mmap((void *)BASE, 2 * PAGE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        char *end;

        if (data == MAP_FAILED || munmap(data + PAGE, PAGE))
                return 1;
        end = data + PAGE;
        memset(end - 4, 'x', 4);
        fanotify_calls(data, end);
        io_uring_calls(data, end);
        perf_calls(data, end);
        bpf_calls(data, end);
        return 0;
}
