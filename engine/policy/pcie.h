/* SPDX-License-Identifier: MIT */
/*
 * The PCIe-transfer heuristic: which fds are GPUs, how much time a session
 * spends in calls on them, and whether that time dominates its wall time.
 *
 * A fd is a GPU fd when the kernel says its inode is a character device (the
 * record's RENACER_SEG_FDDEV segment, read from the task's fd table at
 * sys_exit) and either its major number is a configured GPU major or its path
 * matches a configured glob. The segment is the source of truth: fds opened
 * before the session, duplicated, inherited or reused are classified from
 * what they point to now, never from a remembered number. A fd number reused
 * for a regular file has no FDDEV segment and is not a GPU fd.
 *
 * Counted calls: ioctl, read, write, pread64, pwrite64, readv, writev on a GPU
 * fd (argument 0) and mmap of a GPU fd (argument 4), per device and per
 * (device, syscall, ioctl request).
 *
 * Transfer time of a call: its duration_ns (sys_enter to sys_exit), plus its
 * issue gap when it follows another GPU call back to back: if the same
 * thread's previous syscall was a GPU call that ended at most
 * PCIE_ISSUE_GAP_NS before this one began, the time between them counts too.
 * That gap is the user/kernel transitions, the user-side driver work (and
 * the tracer's own overhead) of a transfer loop, which the kernel's
 * enter-to-exit window leaves out and which is most of the cost of chatty,
 * small transfers: traced, 8000 back-to-back 256-byte transfers spend about
 * 20% of the wall time inside the kernel's window and 70-78% with their
 * issue gaps. Any other syscall, or more than 50 us of user time, between two
 * GPU calls ends a back-to-back run.
 *
 * share = transfer time / wall time, clamped to [0, 1];
 * confidence of PCIeBottleneck = share.
 * compute = wall - transfer - blocking, where blocking is the summary's time
 * in the waiting and I/O syscalls of pcie_is_blocking_syscall() (reads and
 * writes, poll/epoll/select, futex, sleeps, wait4/waitid, signal waits,
 * socket and IPC calls, flock/fsync, aio and io_uring waits) minus the part
 * of it spent on GPU fds (already transfer time).
 */
#ifndef RENACER_PCIE_H
#define RENACER_PCIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "renacer-event.h"

struct session;
struct summary;

/* The kernel's internal dev_t (inode i_rdev): 12-bit major, 20-bit minor. */
#define PCIE_DEV_MAJOR(rdev) ((unsigned)((uint32_t)(rdev) >> 20))
#define PCIE_DEV_MINOR(rdev) ((unsigned)((uint32_t)(rdev)&0xfffffu))
#define PCIE_MKDEV(ma, mi)   ((uint32_t)(((uint32_t)(ma) << 20) | ((uint32_t)(mi)&0xfffffu)))
#define PCIE_MAJOR_MAX       4095u

/* Default GPU majors: 195 NVIDIA (nvidia*, nvidiactl, nvidia-modeset),
 * 226 DRM (card*, renderD*), 261 DRM accel (/dev/accel/accel*). nvidia-uvm,
 * nvidia-caps and kfd get dynamic majors: they are found by path. */
#define PCIE_MAJOR_NVIDIA 195u
#define PCIE_MAJOR_DRM    226u
#define PCIE_MAJOR_ACCEL  261u

struct pcie_config {
        char **globs; /* fnmatch(3) patterns on the device path */
        size_t nglobs;
        unsigned *majors;
        size_t nmajors;
};

/* The defaults: globs /dev/nvidia*, /dev/nvidia-uvm*, /dev/dri/card*,
 * /dev/dri/renderD*, /dev/kfd, /dev/accel/ANY and the majors above. */
int pcie_config_init_default(struct pcie_config *c);
/* An empty configuration (nothing is a GPU). */
void pcie_config_init_empty(struct pcie_config *c);
int pcie_config_add_glob(struct pcie_config *c, const char *glob);
int pcie_config_add_major(struct pcie_config *c, unsigned major);
int pcie_config_copy(struct pcie_config *dst, const struct pcie_config *src);
void pcie_config_free(struct pcie_config *c);
/* A character device with this rdev and path (NULL: unknown) is a GPU. */
bool pcie_config_is_gpu(const struct pcie_config *c, uint32_t rdev, const char *path);

/* The FDDEV segment of argument `arg` of a syscall record of len bytes, if
 * the record carries one (only character devices get one). */
bool pcie_record_fddev(const struct renacer_syscall_event *ev, size_t len, unsigned arg,
                       struct renacer_seg_fddev *ret);

/* Path of fd in process tgid when the session's fd table does not know it
 * (the fd predates the session): the daemon reads /proc/PID/fd/N. Writes a
 * NUL-terminated path into buf and returns its length, or -errno. */
typedef int (*pcie_resolve_fn)(void *ctx, pid_t tgid, int fd, char *buf, size_t len);

/* Every character device the session touched with a counted call. */
struct pcie_dev {
        uint32_t rdev;
        char *path;                /* first known path, NULL if never learned */
        bool gpu;                  /* sticky: once matched, always a GPU */
        bool checked;              /* classified with a path (no further lookups) */
        bool resolved;             /* the resolver was asked (at most once per device) */
        uint64_t calls, ns, bytes; /* GPU devices only; ns: transfer time */
};

/* One (device, syscall, request) bucket; request is 0 except for ioctl. */
struct pcie_op {
        uint32_t rdev;
        int nr;
        uint32_t request;
        uint64_t calls;
        uint64_t ns;       /* in the kernel: sum of duration_ns */
        uint64_t issue_ns; /* back-to-back issue gaps before these calls */
};

/* Back-to-back GPU calls: at most this much user time between them. */
/* 1 ms: long enough that a chatty loop's preemptions (the consumer shares
 * the CPUs) stay inside its run, short enough that real compute between
 * batched transfers (milliseconds of sgemm) ends one. With 50 us the
 * chatty fixture's reported transfer time fell 16-20% short of its own
 * measurement; with 1 ms both fixtures are within 1%. */
#define PCIE_ISSUE_GAP_NS 1000000ull
#define PCIE_THREADS_MAX  65536 /* threads remembered; then start over */

/* The last syscall of a thread, for issue gaps. */
struct pcie_thread {
        uint32_t tid; /* 0: free slot */
        bool gpu;     /* it was a counted GPU call */
        uint64_t exit_ns;
};

struct pcie_stats {
        const struct pcie_config *cfg; /* not owned */
        pcie_resolve_fn resolve;
        void *resolve_ctx;
        struct pcie_dev *devs;
        size_t ndevs;
        struct pcie_op *ops;
        size_t nops, opcap;
        struct pcie_thread *threads; /* open addressing on tid */
        size_t nthreads, threadcap;
        uint64_t calls, ns, issue_ns, bytes; /* all GPU calls */
};

void pcie_stats_init(struct pcie_stats *st, const struct pcie_config *cfg);
void pcie_stats_set_resolver(struct pcie_stats *st, pcie_resolve_fn fn, void *ctx);
void pcie_stats_free(struct pcie_stats *st);

/* Classify a syscall record: 1 and the device when it is a counted call on a
 * GPU fd, 0 when it is not, -errno. s (may be NULL) provides fd-table paths;
 * feed the record to the session first so its fd table is current. */
int pcie_stats_classify(struct pcie_stats *st, const struct session *s, const void *rec, size_t len,
                        const struct pcie_dev **ret_dev);
/* Classify and account one record of any kind; feed every record of the
 * session, in order (other syscalls end back-to-back runs). Returns 1 when
 * it was counted, 0 when not, -errno (-ENOMEM) on failure. */
int pcie_stats_feed(struct pcie_stats *st, const struct session *s, const void *rec, size_t len);

/* Display name of a device: its path, or "MAJOR:MINOR". */
const char *pcie_dev_name(const struct pcie_dev *d, char *buf, size_t len);
const struct pcie_dev *pcie_stats_dev(const struct pcie_stats *st, uint32_t rdev);

/* Symbolic name of a DRM core or AMDKFD ioctl request from the UAPI headers
 * (e.g. "DRM_IOCTL_GEM_CLOSE", "AMDKFD_IOC_CREATE_QUEUE"), or NULL: NVIDIA
 * escapes and driver-private DRM ioctls (numbers shared between drivers) stay
 * numeric. */
const char *pcie_ioctl_name(uint32_t request);
/* "ioctl 0xc020464f", "ioctl DRM_IOCTL_VERSION", "write", ... Returns what
 * snprintf would. */
int pcie_op_format(int nr, uint32_t request, char *buf, size_t len);

/* The heuristic's result for one session. */
struct pcie_report {
        uint64_t wall_ns;
        uint64_t transfer_ns;    /* counted GPU calls, issue gaps included */
        uint64_t issue_ns;       /* of which issue gaps */
        uint64_t blocking_ns;    /* other blocking syscalls */
        uint64_t compute_ns;     /* wall - transfer - blocking, >= 0 */
        uint64_t calls;          /* counted GPU calls */
        uint32_t share_ppm;      /* transfer / wall, parts per million, <= 1e6 */
        uint32_t confidence_ppm; /* = share_ppm (see the top of this file) */
        bool has_top;
        struct {
                int nr;
                uint32_t request;
                char device[128];
                uint64_t calls, ns; /* ns: transfer time, issue gaps included */
        } top;                      /* the (device, syscall, request) with the most time */
};

/* st and sum may be NULL (no GPU calls, no blocking time known). */
void pcie_report_compute(const struct pcie_stats *st, const struct summary *sum, uint64_t wall_ns,
                         struct pcie_report *ret);
/* Is nr one of the blocking syscalls whose time is not compute? */
bool pcie_is_blocking_syscall(int nr);
/* Percent for display: ppm rounded to the nearest percent. */
unsigned pcie_ppm_percent(uint32_t ppm);

/* The three-line warning (no trailing blank line):
 *   WARNING: PCIe bottleneck suspected (confidence 90%): GPU transfers 45.0 ms
 *   (90% of 50.0 ms wall), compute 5.0 ms        <- one line
 *     top: ioctl 0xc020464f on /dev/nvidia0: 1200 calls, 40.1 ms
 *     Recommendation: batch operations, ...
 * The top line is left out when no call was counted. Returns 0 or -errno. */
int pcie_report_render_warning(const struct pcie_report *r, FILE *out);

#endif
