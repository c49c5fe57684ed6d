// SPDX-License-Identifier: MIT
/* The PCIe heuristic: which fds are GPUs (by path glob, by major, through
 * the resolver, after dup/fork/reuse), what is counted, the confidence math
 * and the exact warning text. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "policy/pcie.h"
#include "records.h"
#include "session-table.h"
#include "summary.h"

#define ROOT       100
#define CHILD      101
#define NVIDIA0    PCIE_MKDEV(195, 0)
#define NVIDIACTL  PCIE_MKDEV(195, 255)
#define UVM        PCIE_MKDEV(510, 0) /* nvidia-uvm: a dynamic major */
#define KFD        PCIE_MKDEV(238, 0) /* kfd: a dynamic major */
#define RENDER128  PCIE_MKDEV(226, 128)
#define DEV_NULL   PCIE_MKDEV(1, 3)
#define PTS0       PCIE_MKDEV(136, 0)
#define NV_REQUEST 0xc020464fu

struct fixture {
        struct pcie_config cfg;
        struct pcie_stats st;
        struct session_table *t;
        struct session *s;
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        assert_non_null(f);
        assert_int_equal(pcie_config_init_default(&f->cfg), 0);
        pcie_stats_init(&f->st, &f->cfg);
        assert_int_equal(session_table_new(&f->t), 0);
        assert_int_equal(session_table_add(f->t, ROOT, &f->s), 0);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        pcie_stats_free(&f->st);
        pcie_config_free(&f->cfg);
        session_table_free(f->t);
        free(f);
        return 0;
}

/* The session learns fd -> path from an openat record. */
static void open_fd(struct session *s, uint32_t tgid, int fd, const char *path)
{
        struct rec r;

        rec_syscall(&r, tgid, 1, SYS_openat, fd, 1000, (uint64_t)AT_FDCWD, 0x1000, O_RDWR, 0, 0, 0);
        rec_add_str(&r, 1, path);
        assert_int_equal(session_ingest(s, r.raw, r.len), 0);
}

static void sys(struct session *s, uint32_t tgid, int nr, int64_t ret, uint64_t a0, uint64_t a1)
{
        struct rec r;

        rec_syscall(&r, tgid, 1, nr, ret, 1000, a0, a1, 0, 0, 0, 0);
        assert_int_equal(session_ingest(s, r.raw, r.len), 0);
}

static struct rec *ioctl_rec(struct rec *r, uint32_t tgid, int fd, uint32_t request, uint32_t rdev,
                             uint64_t ns)
{
        rec_syscall(r, tgid, 1, SYS_ioctl, 0, ns, (uint64_t)fd, request, 0x7000, 0, 0, 0);
        rec_add_fddev(r, 0, CHR(rdev));
        return r;
}

static int classify(struct fixture *f, struct rec *r, const struct pcie_dev **d)
{
        return pcie_stats_classify(&f->st, f->s, r->raw, r->len, d);
}

static void test_by_glob(void **state)
{
        struct fixture *f = *state;
        const struct pcie_dev *d;
        struct rec r;

        /* nvidia-uvm's major is dynamic: only its path says it is a GPU */
        assert_false(pcie_config_is_gpu(&f->cfg, UVM, NULL));
        open_fd(f->s, ROOT, 5, "/dev/nvidia-uvm");
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 5, 0x30, UVM, 10), &d), 1);
        assert_non_null(d);
        assert_int_equal(d->rdev, UVM);
        assert_string_equal(d->path, "/dev/nvidia-uvm");

        open_fd(f->s, ROOT, 6, "/dev/dri/renderD128");
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 6, 0x40, RENDER128, 10), &d), 1);
        assert_string_equal(d->path, "/dev/dri/renderD128");

        /* a character device whose path matches nothing */
        open_fd(f->s, ROOT, 7, "/dev/null");
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 7, 0x5401, DEV_NULL, 10), &d), 0);
        assert_null(d);
}

static void test_by_major_without_path(void **state)
{
        struct fixture *f = *state;
        const struct pcie_dev *d;
        char buf[32];
        struct rec r;

        /* fd 9 predates the session: no path anywhere, the major decides */
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 9, NV_REQUEST, NVIDIA0, 10), &d), 1);
        assert_null(d->path);
        assert_string_equal(pcie_dev_name(d, buf, sizeof(buf)), "195:0");

        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 9, 0x20, RENDER128, 10), &d), 1);
        assert_string_equal(pcie_dev_name(d, buf, sizeof(buf)), "226:128");

        /* a dynamic major and no path: not recognizable */
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 10, 0x1, KFD, 10), &d), 0);
        /* a tty on fd 1: not a GPU */
        rec_syscall(&r, ROOT, 1, SYS_write, 5, 100, 1, 0x1000, 5, 0, 0, 0);
        rec_add_fddev(&r, 0, CHR(PTS0));
        assert_int_equal(classify(f, &r, &d), 0);
}

struct resolver {
        int calls;
        const char *path;
};

static int resolve(void *ctx, pid_t tgid, int fd, char *buf, size_t len)
{
        struct resolver *res = ctx;

        assert_int_equal(tgid, ROOT);
        assert_int_equal(fd, 10);
        res->calls++;
        if (!res->path)
                return -ENOENT;
        return snprintf(buf, len, "%s", res->path);
}

static void test_resolver(void **state)
{
        struct fixture *f = *state;
        struct resolver res = {0, "/dev/kfd"};
        const struct pcie_dev *d;
        struct rec r;

        pcie_stats_set_resolver(&f->st, resolve, &res);
        for (int i = 0; i < 3; i++) {
                assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 10, 0x1, KFD, 10), &d), 1);
                assert_string_equal(d->path, "/dev/kfd");
        }
        assert_int_equal(res.calls, 1); /* once per device, not per call */

        /* the resolver also names devices the major already recognizes */
        res.path = "/dev/nvidia0";
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 10, NV_REQUEST, NVIDIA0, 10), &d), 1);
        assert_string_equal(d->path, "/dev/nvidia0");
        assert_int_equal(res.calls, 2);

        /* a resolver that fails: classification by major still works */
        res.path = NULL;
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 10, 0x1, RENDER128, 10), &d), 1);
        assert_null(d->path);
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 10, 0x1, PCIE_MKDEV(237, 0), 10), &d), 0);
        assert_int_equal(res.calls, 4);
}

static void test_reused_dup_fork(void **state)
{
        struct fixture *f = *state;
        const struct pcie_dev *d;
        struct rec r;

        open_fd(f->s, ROOT, 5, "/dev/nvidia-uvm");
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 5, 0x30, UVM, 10), &d), 1);

        /* dup2: the new number points to the same device */
        sys(f->s, ROOT, SYS_dup2, 9, 5, 9);
        assert_int_equal(classify(f, ioctl_rec(&r, ROOT, 9, 0x30, UVM, 10), &d), 1);

        /* inherited across fork */
        rec_proc(&r, RENACER_EV_FORK, CHILD, 2, ROOT, 0);
        assert_int_equal(session_ingest(f->s, r.raw, r.len), 0);
        assert_int_equal(classify(f, ioctl_rec(&r, CHILD, 5, 0x30, UVM, 10), &d), 1);

        /* closed and reused for a regular file: no FDDEV segment, not a GPU */
        sys(f->s, ROOT, SYS_close, 0, 5, 0);
        open_fd(f->s, ROOT, 5, "/tmp/data.bin");
        rec_syscall(&r, ROOT, 3, SYS_read, 4096, 5000, 5, 0x1000, 4096, 0, 0, 0);
        assert_int_equal(classify(f, &r, &d), 0);
        rec_syscall(&r, ROOT, 3, SYS_ioctl, -25, 500, 5, NV_REQUEST, 0, 0, 0, 0);
        assert_int_equal(classify(f, &r, &d), 0);
        /* ... and the stale number in the child still is the GPU */
        assert_int_equal(classify(f, ioctl_rec(&r, CHILD, 5, 0x30, UVM, 10), &d), 1);
}

static void test_segments(void **state)
{
        struct fixture *f = *state;
        const struct pcie_dev *d;
        struct rec r;

        /* mmap: the fd is argument 4 */
        rec_syscall(&r, ROOT, 1, SYS_mmap, 0x7f0000000000, 2000, 0, 1 << 21, 3, 1, 9, 0);
        rec_add_fddev(&r, 4, CHR(NVIDIA0));
        assert_int_equal(classify(f, &r, &d), 1);
        /* a segment for the wrong argument does not count */
        rec_syscall(&r, ROOT, 1, SYS_mmap, 0x7f0000000000, 2000, 0, 1 << 21, 3, 1, 9, 0);
        rec_add_fddev(&r, 0, CHR(NVIDIA0));
        assert_int_equal(classify(f, &r, &d), 0);
        /* a block device is not a character device */
        rec_syscall(&r, ROOT, 1, SYS_read, 10, 2000, 9, 0, 10, 0, 0, 0);
        rec_add_fddev(&r, 0, S_IFBLK | 0660, NVIDIA0);
        assert_int_equal(classify(f, &r, &d), 0);
        /* other syscalls are never counted, segment or not */
        rec_syscall(&r, ROOT, 1, SYS_fstat, 0, 2000, 9, 0, 0, 0, 0, 0);
        rec_add_fddev(&r, 0, CHR(NVIDIA0));
        assert_int_equal(classify(f, &r, &d), 0);
        /* a segment after a string segment is found */
        rec_syscall(&r, ROOT, 1, SYS_write, 3, 2000, 9, 0x1000, 3, 0, 0, 0);
        rec_add_str(&r, 1, "abc");
        rec_add_fddev(&r, 0, CHR(NVIDIA0));
        assert_int_equal(classify(f, &r, &d), 1);
        /* a payload that claims more than the record holds is read only
         * as far as the record goes */
        r.ev.payload_len = 200;
        assert_int_equal(classify(f, &r, &d), 1);
        r.ev.hdr.size = (uint16_t)(sizeof(r.ev) + 16 + 8); /* cuts the FDDEV segment */
        assert_int_equal(classify(f, &r, &d), 0);
        /* a record shorter than its struct */
        assert_int_equal(pcie_stats_classify(&f->st, f->s, r.raw, 20, &d), 0);
}

/* 45.0 ms of GPU calls in a 50.0 ms run: the issue's example. */
static void feed_example(struct fixture *f)
{
        struct rec r;

        open_fd(f->s, ROOT, 4, "/dev/nvidia0");
        for (int i = 0; i < 1200; i++) {
                ioctl_rec(&r, ROOT, 4, NV_REQUEST, NVIDIA0, i == 0 ? 53400 : 33400);
                assert_int_equal(pcie_stats_feed(&f->st, f->s, r.raw, r.len), 1);
        }
        for (int i = 0; i < 2; i++) {
                ioctl_rec(&r, ROOT, 4, 0xc0104629u, NVIDIA0, 2200000);
                assert_int_equal(pcie_stats_feed(&f->st, f->s, r.raw, r.len), 1);
        }
        rec_syscall(&r, ROOT, 1, SYS_write, 4096, 500000, 4, 0x1000, 4096, 0, 0, 0);
        rec_add_fddev(&r, 0, CHR(NVIDIA0));
        assert_int_equal(pcie_stats_feed(&f->st, f->s, r.raw, r.len), 1);
        /* not GPU calls: not counted */
        rec_syscall(&r, ROOT, 1, SYS_write, 10, 1000000, 1, 0x1000, 10, 0, 0, 0);
        rec_add_fddev(&r, 0, CHR(PTS0));
        assert_int_equal(pcie_stats_feed(&f->st, f->s, r.raw, r.len), 0);
        rec_proc(&r, RENACER_EV_EXIT, ROOT, 9, 0, 0);
        assert_int_equal(pcie_stats_feed(&f->st, f->s, r.raw, r.len), 0);
}

static char *render(const struct pcie_report *rep)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);

        assert_non_null(out);
        assert_int_equal(pcie_report_render_warning(rep, out), 0);
        assert_int_equal(fclose(out), 0);
        return buf;
}

static void test_counts_and_warning(void **state)
{
        struct fixture *f = *state;
        struct pcie_report rep;
        struct summary sum;
        char *text;

        feed_example(f);
        assert_true(f->st.calls == 1203);
        assert_true(f->st.ns == 45000000);
        assert_true(f->st.bytes == 4096);
        assert_int_equal(f->st.nops, 3);
        assert_int_equal(f->st.ndevs, 2); /* nvidia0 and the tty */
        const struct pcie_dev *d = pcie_stats_dev(&f->st, NVIDIA0);
        assert_non_null(d);
        assert_true(d->gpu);
        assert_true(d->calls == 1203);
        assert_false(pcie_stats_dev(&f->st, PTS0)->gpu);
        assert_true(pcie_stats_dev(&f->st, PTS0)->calls == 0);

        /* blocking: futex 2.0 ms + write 1.5 ms, of which 0.5 ms on the GPU */
        summary_init(&sum);
        assert_int_equal(summary_add(&sum, SYS_futex, 10, 0, 2000000, NULL), 0);
        assert_int_equal(summary_add(&sum, SYS_write, 2, 0, 1500000, NULL), 0);
        assert_int_equal(summary_add(&sum, SYS_ioctl, 1202, 0, 44500000, NULL), 0);
        assert_int_equal(summary_add(&sum, SYS_getpid, 5, 0, 5000, NULL), 0);
        pcie_report_compute(&f->st, &sum, 50000000, &rep);
        assert_true(rep.transfer_ns == 45000000);
        assert_true(rep.blocking_ns == 3000000);
        assert_true(rep.compute_ns == 2000000);
        assert_int_equal(rep.share_ppm, 900000);
        assert_int_equal(rep.confidence_ppm, 900000);
        assert_true(rep.has_top);
        assert_true(rep.top.calls == 1200);
        assert_true(rep.top.ns == 40100000);
        assert_string_equal(rep.top.device, "/dev/nvidia0");

        text = render(&rep);
        assert_string_equal(text, "WARNING: PCIe bottleneck suspected (confidence 90%): GPU "
                                  "transfers 45.0 ms (90% of 50.0 ms wall), compute 2.0 ms\n"
                                  "  top: ioctl 0xc020464f on /dev/nvidia0: 1200 calls, 40.1 ms\n"
                                  "  Recommendation: batch operations, keep intermediate data on "
                                  "the GPU, use larger workloads to amortize transfers\n");
        free(text);
        summary_free(&sum);
}

static void test_confidence_edges(void **state)
{
        struct fixture *f = *state;
        struct pcie_report rep;
        struct rec r;
        char *text;

        /* nothing at all */
        pcie_report_compute(NULL, NULL, 10000000, &rep);
        assert_int_equal(rep.confidence_ppm, 0);
        assert_true(rep.compute_ns == 10000000);
        assert_false(rep.has_top);
        text = render(&rep);
        assert_string_equal(text, "WARNING: PCIe bottleneck suspected (confidence 0%): GPU "
                                  "transfers 0.0 ms (0% of 10.0 ms wall), compute 10.0 ms\n"
                                  "  Recommendation: batch operations, keep intermediate data on "
                                  "the GPU, use larger workloads to amortize transfers\n");
        free(text);

        /* threads overlapping in the GPU: transfer time above wall clamps */
        ioctl_rec(&r, ROOT, 4, NV_REQUEST, NVIDIA0, 30000000);
        assert_int_equal(pcie_stats_feed(&f->st, f->s, r.raw, r.len), 1);
        pcie_report_compute(&f->st, NULL, 20000000, &rep);
        assert_int_equal(rep.confidence_ppm, 1000000);
        assert_true(rep.compute_ns == 0);
        text = render(&rep);
        assert_string_equal(text, "WARNING: PCIe bottleneck suspected (confidence 100%): GPU "
                                  "transfers 30.0 ms (100% of 20.0 ms wall), compute 0.0 ms\n"
                                  "  top: ioctl 0xc020464f on 195:0: 1 call, 30.0 ms\n"
                                  "  Recommendation: batch operations, keep intermediate data on "
                                  "the GPU, use larger workloads to amortize transfers\n");
        free(text);

        /* unknown wall time: no share can be claimed */
        pcie_report_compute(&f->st, NULL, 0, &rep);
        assert_int_equal(rep.confidence_ppm, 0);

        /* rounding: 1/3 is 33% */
        pcie_report_compute(&f->st, NULL, 90000000, &rep);
        assert_int_equal(rep.share_ppm, 333333);
        assert_int_equal(pcie_ppm_percent(rep.share_ppm), 33);
        assert_int_equal(pcie_ppm_percent(995000), 100);
        assert_int_equal(pcie_ppm_percent(994999), 99);
}

static int feed_at(struct fixture *f, uint32_t tid, uint64_t ts, int nr, uint64_t dur, bool gpu)
{
        struct rec r;

        rec_syscall(&r, ROOT, ts, nr, 0, dur, 4, NV_REQUEST, 0, 0, 0, 0);
        r.ev.hdr.tid = tid;
        if (gpu)
                rec_add_fddev(&r, 0, CHR(NVIDIA0));
        return pcie_stats_feed(&f->st, f->s, r.raw, r.len);
}

/* Back-to-back GPU calls on one thread also count the gap between them. */
static void test_issue_gaps(void **state)
{
        struct fixture *f = *state;
        struct pcie_report rep;
        struct summary sum;

        assert_int_equal(feed_at(f, 100, 1000, SYS_ioctl, 2000, true), 1);  /* ends at 3000 */
        assert_int_equal(feed_at(f, 100, 13000, SYS_ioctl, 2000, true), 1); /* gap 10 us */
        /* another thread in between changes nothing for thread 100 */
        assert_int_equal(feed_at(f, 102, 14000, SYS_getpid, 100, false), 0);
        assert_int_equal(feed_at(f, 100, 15000, SYS_write, 1000, true), 1); /* gap 0 */
        assert_true(f->st.issue_ns == 10000);
        /* a non-GPU syscall ends the run */
        assert_int_equal(feed_at(f, 100, 17000, SYS_getpid, 100, false), 0);
        assert_int_equal(feed_at(f, 100, 17200, SYS_ioctl, 800, true), 1);
        assert_true(f->st.issue_ns == 10000);
        /* more than PCIE_ISSUE_GAP_NS of user time: compute, not issue overhead */
        assert_int_equal(feed_at(f, 100, 18000 + PCIE_ISSUE_GAP_NS + 1, SYS_ioctl, 1000, true), 1);
        assert_true(f->st.issue_ns == 10000);
        uint64_t end = 18000 + PCIE_ISSUE_GAP_NS + 1 + 1000;
        assert_int_equal(feed_at(f, 100, end + PCIE_ISSUE_GAP_NS, SYS_ioctl, 1000, true),
                         1); /* exactly */
        assert_true(f->st.issue_ns == 10000 + PCIE_ISSUE_GAP_NS);
        /* a second thread has runs of its own */
        uint64_t t2 = end + 2 * PCIE_ISSUE_GAP_NS + 100000;
        assert_int_equal(feed_at(f, 102, t2, SYS_ioctl, 1000, true), 1);
        assert_int_equal(feed_at(f, 102, t2 + 1500, SYS_ioctl, 1000, true), 1);
        assert_true(f->st.issue_ns == 10000 + PCIE_ISSUE_GAP_NS + 500);
        assert_true(f->st.ns == 2000 + 2000 + 1000 + 800 + 1000 + 1000 + 1000 + 1000);
        assert_true(f->st.calls == 8);

        /* transfer time includes the gaps; blocking subtracts only the
         * in-kernel part of GPU writes, which is all the summary has */
        summary_init(&sum);
        assert_int_equal(summary_add(&sum, SYS_write, 2, 0, 1500, NULL), 0);
        const uint64_t issue = 10000 + PCIE_ISSUE_GAP_NS + 500, wall = 10 * PCIE_ISSUE_GAP_NS;
        pcie_report_compute(&f->st, &sum, wall, &rep);
        assert_true(rep.transfer_ns == 9800 + issue);
        assert_true(rep.issue_ns == issue);
        assert_true(rep.blocking_ns == 500);
        assert_true(rep.compute_ns == wall - (9800 + issue) - 500);
        assert_int_equal(rep.share_ppm, (9800 + issue) * 1000000 / wall);
        assert_true(rep.top.calls == 7); /* the ioctls */
        assert_true(rep.top.ns == 8800 + issue);
        summary_free(&sum);
}

static void test_ioctl_names(void **state)
{
        char buf[96];

        (void)state;
        /* NVIDIA escapes have no UAPI header: hex */
        assert_null(pcie_ioctl_name(NV_REQUEST));
        pcie_op_format(SYS_ioctl, NV_REQUEST, buf, sizeof(buf));
        assert_string_equal(buf, "ioctl 0xc020464f");
        pcie_op_format(SYS_write, 0, buf, sizeof(buf));
        assert_string_equal(buf, "write");
        pcie_op_format(SYS_mmap, 0, buf, sizeof(buf));
        assert_string_equal(buf, "mmap");
        /* AMDKFD from <linux/kfd_ioctl.h>: _IOR('K', 1, 8 bytes), _IOWR('K', 2, 88 bytes) */
        assert_non_null(pcie_ioctl_name(0x80084b01u));
        assert_string_equal(pcie_ioctl_name(0x80084b01u), "AMDKFD_IOC_GET_VERSION");
        assert_non_null(pcie_ioctl_name(0xc0584b02u));
        assert_string_equal(pcie_ioctl_name(0xc0584b02u), "AMDKFD_IOC_CREATE_QUEUE");
        pcie_op_format(SYS_ioctl, 0x80084b01u, buf, sizeof(buf));
        assert_string_equal(buf, "ioctl AMDKFD_IOC_GET_VERSION");
        /* DRM core from <drm/drm.h>, when the build has one (libdrm-dev):
         * DRM_IOCTL_GEM_CLOSE is _IOW('d', 9, 8 bytes) */
        const char *gem_close = pcie_ioctl_name(0x40086409u);
        if (gem_close)
                assert_string_equal(gem_close, "DRM_IOCTL_GEM_CLOSE");
        /* driver-private DRM numbers stay numeric (amdgpu GEM_CREATE) */
        assert_null(pcie_ioctl_name(0xc0206440u));
}

static void test_config(void **state)
{
        struct pcie_config c, copy;

        (void)state;
        assert_int_equal(pcie_config_init_default(&c), 0);
        assert_true(pcie_config_is_gpu(&c, PCIE_MKDEV(261, 0), NULL)); /* accel */
        assert_true(pcie_config_is_gpu(&c, PCIE_MKDEV(999, 0), "/dev/accel/accel0"));
        assert_false(pcie_config_is_gpu(&c, PCIE_MKDEV(999, 0), "/dev/accel/sub/accel0"));
        assert_true(pcie_config_is_gpu(&c, PCIE_MKDEV(999, 0), "/dev/nvidia-caps"));
        assert_false(pcie_config_is_gpu(&c, PCIE_MKDEV(999, 0), "/dev/kfd0"));
        assert_false(pcie_config_is_gpu(&c, PCIE_MKDEV(999, 0), "nvidia0")); /* relative */
        assert_int_equal(pcie_config_add_major(&c, 4096), -ERANGE);
        assert_int_equal(pcie_config_add_major(&c, 195), 0); /* no duplicate */
        assert_int_equal(c.nmajors, 3);
        assert_int_equal(pcie_config_copy(&copy, &c), 0);
        assert_int_equal(copy.nglobs, 6);
        assert_int_equal(copy.nmajors, 3);
        assert_int_equal(PCIE_DEV_MAJOR(PCIE_MKDEV(4095, 0xfffff)), 4095);
        assert_int_equal(PCIE_DEV_MINOR(PCIE_MKDEV(4095, 0xfffff)), 0xfffff);
        pcie_config_free(&copy);
        pcie_config_free(&c);
        pcie_config_free(&c); /* idempotent */
}

static void test_blocking_list(void **state)
{
        (void)state;
        assert_true(pcie_is_blocking_syscall(SYS_futex));
        assert_true(pcie_is_blocking_syscall(SYS_read));
        assert_true(pcie_is_blocking_syscall(SYS_wait4));
        assert_true(pcie_is_blocking_syscall(SYS_nanosleep));
        assert_true(pcie_is_blocking_syscall(SYS_epoll_wait));
        assert_false(pcie_is_blocking_syscall(SYS_ioctl));
        assert_false(pcie_is_blocking_syscall(SYS_mmap));
        assert_false(pcie_is_blocking_syscall(SYS_getpid));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_by_glob, setup, teardown),
            cmocka_unit_test_setup_teardown(test_by_major_without_path, setup, teardown),
            cmocka_unit_test_setup_teardown(test_resolver, setup, teardown),
            cmocka_unit_test_setup_teardown(test_reused_dup_fork, setup, teardown),
            cmocka_unit_test_setup_teardown(test_segments, setup, teardown),
            cmocka_unit_test_setup_teardown(test_counts_and_warning, setup, teardown),
            cmocka_unit_test_setup_teardown(test_confidence_edges, setup, teardown),
            cmocka_unit_test_setup_teardown(test_issue_gaps, setup, teardown),
            cmocka_unit_test(test_ioctl_names),
            cmocka_unit_test(test_config),
            cmocka_unit_test(test_blocking_list),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
