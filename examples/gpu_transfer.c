/* SPDX-License-Identifier: MIT */
/*
 * gpu_transfer: a stand-in for host<->device traffic, for tracing heuristics that tell
 * chatty transfer patterns from batched ones.
 *
 *   gpu_transfer <device-path> --chatty | --batched
 *   gpu_transfer --opencl --chatty | --batched
 *
 * On a device node (the heuristic's fixture; /dev/zero in CI):
 * --chatty   4000 x (write 256 bytes, read 256 bytes) to the device node.
 * --batched  4 x (three 256x256 sgemm with libtrueno, write the 4 MiB staging buffer,
 *            read 4 MiB back).
 *
 * --opencl: the same two patterns through libtrueno's device buffers, on the OpenCL
 * device (TRUENO_BACKEND=opencl takes any device, PoCL's CPU device included;
 * unset, only a GPU; without one the buffers are host memory, same results):
 * --chatty   4000 x (write 64 floats into a device buffer, read 64 floats back),
 *            each a blocking transfer of 256 bytes.
 * --batched  A and B (256x256) uploaded once, 4 x (three sgemm, each followed by a
 *            scale by 1/8) chained on the device, C read back once.
 * Its line ends with " buffers=device" or " buffers=host" (where the data lived).
 * The transfer phase (everything after the buffers exist, compute included) is
 * bracketed by access("gpu_transfer:transfers-begin") and ("...-end"), which fail
 * with ENOENT and only mark the trace.
 *
 * Every transfer syscall is bracketed by clock_gettime(CLOCK_MONOTONIC) (vDSO, no
 * extra syscalls).  The only output is one line at the end:
 *   transfer_ns=<time inside transfer syscalls> wall_ns=<whole run>
 * Both numbers vary from run to run.  A read that returns 0 (end of file, e.g.
 * /dev/null) ends that transfer.  Usage errors exit 2, I/O errors exit 1.
 */
#include <fcntl.h>

#include "example_common.h"

#define CHATTY_ROUNDS 4000
#define CHATTY_BYTES  256
#define BATCH_ROUNDS  4
#define BATCH_BYTES   (4u << 20)
#define MAT           256
#define GEMMS         3

static unsigned char staging[BATCH_BYTES];
static float ma[MAT * MAT], mb[MAT * MAT], mc[MAT * MAT];
static long long transfer_ns;

/* write or read all of n bytes (or up to EOF), timing each syscall */
static void transfer(int fd, unsigned char *p, size_t n, int is_write, const char *path)
{
        while (n) {
                long long t0 = ex_now_ns();
                ssize_t r = is_write ? write(fd, p, n) : read(fd, p, n);

                transfer_ns += ex_now_ns() - t0;
                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        ex_die(1, "%s: %s: %s", path, is_write ? "write" : "read", strerror(errno));
                }
                if (r == 0)
                        return;
                p += r;
                n -= (size_t)r;
        }
}

static void die_trueno(const char *what, int r)
{
        ex_die(1, "%s: %s", what, strerror(-r));
}

#define TCHECK(call)                                                                               \
        do {                                                                                       \
                int r_ = (call);                                                                   \
                if (r_ < 0)                                                                        \
                        die_trueno(#call, r_);                                                     \
        } while (0)

/* write (is_write) or read n floats of a device buffer, timed like transfer() */
static void buf_transfer(trueno_buffer *b, float *p, size_t n, int is_write)
{
        long long t0 = ex_now_ns();
        int r = is_write ? trueno_buffer_write(b, 0, p, n) : trueno_buffer_read(b, 0, p, n);

        transfer_ns += ex_now_ns() - t0;
        if (r < 0)
                die_trueno(is_write ? "trueno_buffer_write" : "trueno_buffer_read", r);
}

/* Phase markers for tracers: a failing access() with a telling name costs one
 * syscall and shows in any trace, so tests/gpu/real-gpu-check.sh can count the
 * system calls of the transfers apart from the driver's start-up. */
static void mark(const char *what)
{
        (void)access(what, F_OK);
}

static int run_opencl(int mode)
{
        long long wall0 = ex_now_ns();
        trueno_buffer *da, *db, *dc;
        int on_dev;

        if (mode == 1) {
                TCHECK(trueno_buffer_create(CHATTY_BYTES / sizeof(float), &da));
                on_dev = trueno_buffer_on_device(da);
                mark("gpu_transfer:transfers-begin");
                for (int i = 0; i < CHATTY_ROUNDS; i++) {
                        ma[0] = (float)i;
                        buf_transfer(da, ma, CHATTY_BYTES / sizeof(float), 1);
                        buf_transfer(da, ma, CHATTY_BYTES / sizeof(float), 0);
                        if (ma[0] != (float)i)
                                ex_die(1, "device buffer returned %g for %d", ma[0], i);
                }
                mark("gpu_transfer:transfers-end");
                trueno_buffer_destroy(da);
        } else {
                for (int i = 0; i < MAT * MAT; i++) {
                        ma[i] = (float)((i * 7) % 13 - 6) / 16.0f;
                        mb[i] = (float)((i * 5) % 11 - 5) / 16.0f;
                }
                TCHECK(trueno_buffer_create(MAT * MAT, &da));
                TCHECK(trueno_buffer_create(MAT * MAT, &db));
                TCHECK(trueno_buffer_create(MAT * MAT, &dc));
                on_dev = trueno_buffer_on_device(da);
                mark("gpu_transfer:transfers-begin");
                buf_transfer(da, ma, MAT * MAT, 1);
                buf_transfer(db, mb, MAT * MAT, 1);
                for (int round = 0; round < BATCH_ROUNDS; round++) {
                        for (int g = 0; g < GEMMS; g++) {
                                trueno_buffer *src = (g % 2) ? dc : da, *dst = (g % 2) ? da : dc;

                                TCHECK(trueno_buffer_matmul(src, MAT, MAT, db, MAT, MAT, dst, MAT,
                                                            MAT));
                                TCHECK(trueno_buffer_scale(dst, 0.125f, dst));
                        }
                        /* the next round starts from the last product */
                        TCHECK(trueno_buffer_scale(dc, 1.0f, da));
                }
                /* wait for the chain first: the read below is then the transfer alone */
                TCHECK(trueno_buffer_finish());
                buf_transfer(dc, mc, MAT * MAT, 0);
                mark("gpu_transfer:transfers-end");
                trueno_buffer_destroy(da);
                trueno_buffer_destroy(db);
                trueno_buffer_destroy(dc);
        }
        out("transfer_ns=%lld wall_ns=%lld buffers=%s\n", transfer_ns, ex_now_ns() - wall0,
            on_dev == 1 ? "device" : "host");
        return ex_flush();
}

int main(int argc, char **argv)
{
        const char *path = NULL;
        int mode = 0; /* 1 chatty, 2 batched */
        int opencl = 0;
        long long wall0;
        int fd;

        ex_prog = "gpu_transfer";
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--chatty") == 0 && !mode)
                        mode = 1;
                else if (strcmp(argv[i], "--batched") == 0 && !mode)
                        mode = 2;
                else if (strcmp(argv[i], "--opencl") == 0 && !opencl && !path)
                        opencl = 1;
                else if (argv[i][0] != '-' && !path && !opencl)
                        path = argv[i];
                else
                        ex_die(2,
                               "bad argument '%s' (usage: gpu_transfer <device-path>|--opencl "
                               "--chatty|--batched)",
                               argv[i]);
        }
        if ((!path && !opencl) || !mode)
                ex_die(2, "usage: gpu_transfer <device-path>|--opencl --chatty|--batched");
        ex_check_backend_env();
        if (opencl)
                return run_opencl(mode);

        wall0 = ex_now_ns();
        fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0)
                ex_die(1, "%s: %s", path, strerror(errno));

        if (mode == 1) {
                for (int i = 0; i < CHATTY_ROUNDS; i++) {
                        staging[0] = (unsigned char)i;
                        transfer(fd, staging, CHATTY_BYTES, 1, path);
                        transfer(fd, staging, CHATTY_BYTES, 0, path);
                }
        } else {
                for (int i = 0; i < MAT * MAT; i++) {
                        ma[i] = (float)((i * 7) % 13 - 6) / 16.0f;
                        mb[i] = (float)((i * 5) % 11 - 5) / 16.0f;
                }
                for (int round = 0; round < BATCH_ROUNDS; round++) {
                        /* real work between transfers: chained products, result staged */
                        for (int g = 0; g < GEMMS; g++) {
                                float *src = (g % 2) ? mc : ma, *dst = (g % 2) ? ma : mc;

                                EX_CHECK(trueno_matmul(src, MAT, MAT, mb, MAT, MAT, dst, MAT, MAT));
                                /* keep magnitudes bounded across the chain */
                                EX_CHECK(trueno_scale(dst, 0.125f, dst, MAT * MAT));
                        }
                        memcpy(staging, mc, sizeof(mc));
                        transfer(fd, staging, BATCH_BYTES, 1, path);
                        transfer(fd, staging, BATCH_BYTES, 0, path);
                }
        }
        close(fd);
        out("transfer_ns=%lld wall_ns=%lld\n", transfer_ns, ex_now_ns() - wall0);
        return ex_flush();
}
