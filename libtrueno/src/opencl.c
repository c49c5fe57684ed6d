/* SPDX-License-Identifier: MIT */
/*
 * OpenCL offload: sgemm and device-resident buffers on an OpenCL device, loaded at
 * run time with dlopen("libOpenCL.so.1") so that libtrueno has no link-time
 * dependency on it and a host without OpenCL runs exactly as before.
 *
 * Nothing here runs until a call that may offload: TRUENO_BACKEND=opencl selects the
 * device for every matmul and every buffer; without it (auto) only a matmul of at
 * least OCL_AUTO_MIN_WORK multiply-adds, or a buffer, loads OpenCL, and then only a
 * GPU or accelerator device is used, above a break-even size measured once on that
 * device (see calibrate()).  Any failure (no loader, no platform or device, a build
 * error, a failed enqueue) leaves the CPU backends in charge, with the reason kept
 * for trueno_opencl_reason() and trueno_init_status().
 *
 * The OpenCL 1.2 C ABI is frozen, so the handful of types and entry points used are
 * declared here rather than taken from CL/cl.h: the library builds without OpenCL
 * headers as well as without the loader.
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/* ---------------------------------------------------------------- the ABI used */

typedef int32_t cl_int;
typedef uint32_t cl_uint;
typedef uint64_t cl_ulong;
typedef uint64_t cl_bitfield;
typedef cl_bitfield cl_device_type;
typedef cl_bitfield cl_mem_flags;
typedef cl_bitfield cl_command_queue_properties;
typedef cl_uint cl_bool;
typedef intptr_t cl_context_properties;
typedef struct _cl_platform_id *cl_platform_id;
typedef struct _cl_device_id *cl_device_id;
typedef struct _cl_context *cl_context;
typedef struct _cl_command_queue *cl_command_queue;
typedef struct _cl_mem *cl_mem;
typedef struct _cl_program *cl_program;
typedef struct _cl_kernel *cl_kernel;
typedef struct _cl_event *cl_event;

#define CL_SUCCESS                 0
#define CL_TRUE                    1
#define CL_DEVICE_TYPE_CPU         (1u << 1)
#define CL_DEVICE_TYPE_GPU         (1u << 2)
#define CL_DEVICE_TYPE_ACCELERATOR (1u << 3)
#define CL_DEVICE_TYPE_ALL         0xFFFFFFFFu
#define CL_DEVICE_TYPE_INFO        0x1000
#define CL_DEVICE_NAME             0x102B
#define CL_PLATFORM_NAME           0x0902
#define CL_MEM_READ_WRITE          (1u << 0)
#define CL_PROGRAM_BUILD_LOG       0x1183

#define OCL_FUNCS(X)                                                                               \
        X(cl_int, clGetPlatformIDs, (cl_uint, cl_platform_id *, cl_uint *), 0)                     \
        X(cl_int, clGetPlatformInfo, (cl_platform_id, cl_uint, size_t, void *, size_t *), 1)       \
        X(cl_int, clGetDeviceIDs,                                                                  \
          (cl_platform_id, cl_device_type, cl_uint, cl_device_id *, cl_uint *), 2)                 \
        X(cl_int, clGetDeviceInfo, (cl_device_id, cl_uint, size_t, void *, size_t *), 3)           \
        X(cl_context, clCreateContext,                                                             \
          (const cl_context_properties *, cl_uint, const cl_device_id *, void *, void *,           \
           cl_int *),                                                                              \
          4)                                                                                       \
        X(cl_command_queue, clCreateCommandQueue,                                                  \
          (cl_context, cl_device_id, cl_command_queue_properties, cl_int *), 9)                    \
        X(cl_mem, clCreateBuffer, (cl_context, cl_mem_flags, size_t, void *, cl_int *), 14)        \
        X(cl_int, clEnqueueWriteBuffer,                                                            \
          (cl_command_queue, cl_mem, cl_bool, size_t, size_t, const void *, cl_uint,               \
           const cl_event *, cl_event *),                                                          \
          49)                                                                                      \
        X(cl_int, clEnqueueReadBuffer,                                                             \
          (cl_command_queue, cl_mem, cl_bool, size_t, size_t, void *, cl_uint, const cl_event *,   \
           cl_event *),                                                                            \
          48)                                                                                      \
        X(cl_program, clCreateProgramWithSource,                                                   \
          (cl_context, cl_uint, const char **, const size_t *, cl_int *), 26)                      \
        X(cl_int, clBuildProgram,                                                                  \
          (cl_program, cl_uint, const cl_device_id *, const char *, void *, void *), 30)           \
        X(cl_int, clGetProgramBuildInfo,                                                           \
          (cl_program, cl_device_id, cl_uint, size_t, void *, size_t *), 33)                       \
        X(cl_kernel, clCreateKernel, (cl_program, const char *, cl_int *), 34)                     \
        X(cl_int, clSetKernelArg, (cl_kernel, cl_uint, size_t, const void *), 38)                  \
        X(cl_int, clEnqueueNDRangeKernel,                                                          \
          (cl_command_queue, cl_kernel, cl_uint, const size_t *, const size_t *, const size_t *,   \
           cl_uint, const cl_event *, cl_event *),                                                 \
          59)                                                                                      \
        X(cl_int, clEnqueueFillBuffer,                                                             \
          (cl_command_queue, cl_mem, const void *, size_t, size_t, size_t, cl_uint,                \
           const cl_event *, cl_event *),                                                          \
          102)                                                                                     \
        X(cl_int, clFinish, (cl_command_queue), 47)                                                \
        X(cl_int, clReleaseMemObject, (cl_mem), 18)                                                \
        X(cl_int, clReleaseKernel, (cl_kernel), 37)                                                \
        X(cl_int, clReleaseProgram, (cl_program), 29)                                              \
        X(cl_int, clReleaseCommandQueue, (cl_command_queue), 11)                                   \
        X(cl_int, clReleaseContext, (cl_context), 7)

#define OCL_PTR(ret, name, args, slot) ret(*name) args;
static struct {
        OCL_FUNCS(OCL_PTR)
} cl;

/* ---------------------------------------------------------------- device code */

/*
 * sgemm: C (m x n) = A (m x k) B (k x n), row-major.  A work-group computes a
 * 32 x 32 block of C with 32 x 4 work-items, each holding 8 results of one column
 * in registers; 32 x 32 tiles of A and B are staged in local memory.  Every C
 * element is summed in ascending k with one multiply and one add per term (no
 * -cl-mad-enable, and FP_CONTRACT OFF: OpenCL C lets compilers fuse a*b+c by
 * default), so the bound of trueno.h holds.
 * Out-of-range tile elements are loaded as zeros: any m, n, k works.
 *
 * The element-wise kernels are single IEEE operations (add, multiply), which
 * OpenCL requires to be correctly rounded.
 */
static const char ocl_source[] =
    "#pragma OPENCL FP_CONTRACT OFF\n"
    "#define TS 32\n"
    "#define WPT 8\n"
    "#define RTS (TS / WPT)\n"
    "__kernel __attribute__((reqd_work_group_size(TS, RTS, 1)))\n"
    "void trueno_sgemm(const int m, const int n, const int k,\n"
    "                  const __global float *a, const __global float *b,\n"
    "                  __global float *c)\n"
    "{\n"
    "    const int col = get_local_id(0), row = get_local_id(1);\n"
    "    const int gcol = get_group_id(0) * TS + col;\n"
    "    const int grow0 = get_group_id(1) * TS + row;\n"
    "    __local float as[TS][TS], bs[TS][TS];\n"
    "    float acc[WPT];\n"
    "    for (int w = 0; w < WPT; w++)\n"
    "        acc[w] = 0.0f;\n"
    "    for (int t = 0; t < k; t += TS) {\n"
    "        for (int w = 0; w < WPT; w++) {\n"
    "            int r = row + w * RTS, gr = grow0 + w * RTS;\n"
    "            as[r][col] = (gr < m && t + col < k) ? a[(size_t)gr * k + t + col] : 0.0f;\n"
    "            bs[r][col] = (t + r < k && gcol < n) ? b[(size_t)(t + r) * n + gcol] : 0.0f;\n"
    "        }\n"
    "        barrier(CLK_LOCAL_MEM_FENCE);\n"
    "        for (int p = 0; p < TS; p++) {\n"
    "            float bv = bs[p][col];\n"
    "            for (int w = 0; w < WPT; w++) {\n"
    "                float prod = as[row + w * RTS][p] * bv;\n"
    "                acc[w] = acc[w] + prod;\n"
    "            }\n"
    "        }\n"
    "        barrier(CLK_LOCAL_MEM_FENCE);\n"
    "    }\n"
    "    for (int w = 0; w < WPT; w++) {\n"
    "        int gr = grow0 + w * RTS;\n"
    "        if (gr < m && gcol < n)\n"
    "            c[(size_t)gr * n + gcol] = acc[w];\n"
    "    }\n"
    "}\n"
    "__kernel void trueno_add(const __global float *a, const __global float *b,\n"
    "                         __global float *o, const ulong n)\n"
    "{\n"
    "    size_t i = get_global_id(0);\n"
    "    if (i < n)\n"
    "        o[i] = a[i] + b[i];\n"
    "}\n"
    "__kernel void trueno_scale(const __global float *x, const float alpha,\n"
    "                           __global float *o, const ulong n)\n"
    "{\n"
    "    size_t i = get_global_id(0);\n"
    "    if (i < n)\n"
    "        o[i] = x[i] * alpha;\n"
    "}\n";

#define OCL_TS  32
#define OCL_RTS 4

/* ---------------------------------------------------------------- state */

enum { OCL_UNTRIED, OCL_READY, OCL_FAILED };

static pthread_mutex_t ocl_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int ocl_state = OCL_UNTRIED;
static atomic_int ocl_err; /* -errno of the failure, 0 otherwise */
static char ocl_reason[256];
static char ocl_device_name[128];
static int ocl_is_gpu;             /* GPU or accelerator: eligible for auto offload */
static atomic_int ocl_cpu_skipped; /* auto mode passed over a CPU device: FORCE may retry */
static void *ocl_lib;
static cl_context ocl_ctx;
static cl_command_queue ocl_queue;
static cl_program ocl_prog;
static cl_kernel k_sgemm, k_add, k_scale;
/* auto offload: matmuls with at least this many multiply-adds (UINT64_MAX: never) */
static _Atomic uint64_t ocl_auto_work = UINT64_MAX;
static double ocl_cal_dev_s, ocl_cal_cpu_s;
static atomic_ulong ocl_matmuls;   /* trueno_matmul calls the device computed */
static atomic_ulong ocl_fallbacks; /* ... that failed there and ran on the CPU */
static atomic_int ocl_inject;      /* test hook: the next device matmul fails so */

static int fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Called with ocl_lock held, during initialisation. */
static int fail(int err, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(ocl_reason, sizeof(ocl_reason), fmt, ap);
        va_end(ap);
        atomic_store(&ocl_err, err);
        return err;
}

static double mono_s(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void release_all(void)
{
        if (k_sgemm)
                cl.clReleaseKernel(k_sgemm);
        if (k_add)
                cl.clReleaseKernel(k_add);
        if (k_scale)
                cl.clReleaseKernel(k_scale);
        if (ocl_prog)
                cl.clReleaseProgram(ocl_prog);
        if (ocl_queue)
                cl.clReleaseCommandQueue(ocl_queue);
        if (ocl_ctx)
                cl.clReleaseContext(ocl_ctx);
        k_sgemm = k_add = k_scale = NULL;
        ocl_prog = NULL;
        ocl_queue = NULL;
        ocl_ctx = NULL;
        /* the library stays loaded: ICDs do not all survive dlclose */
}

/* First device of the first platform that has one; GPUs and accelerators first. */
static int pick_device(cl_device_id *ret, cl_device_type *type)
{
        static const cl_device_type order[] = {CL_DEVICE_TYPE_GPU, CL_DEVICE_TYPE_ACCELERATOR,
                                               CL_DEVICE_TYPE_ALL};
        cl_platform_id plats[16];
        cl_uint np = 0;
        cl_int e = cl.clGetPlatformIDs(16, plats, &np);

        if (e != CL_SUCCESS || np == 0)
                return fail(-ENODEV, "opencl: no OpenCL platform (clGetPlatformIDs: %d)", (int)e);
        if (np > 16)
                np = 16;
        for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
                for (cl_uint p = 0; p < np; p++) {
                        cl_uint nd = 0;

                        if (cl.clGetDeviceIDs(plats[p], order[o], 1, ret, &nd) == CL_SUCCESS &&
                            nd > 0) {
                                if (cl.clGetDeviceInfo(*ret, CL_DEVICE_TYPE_INFO, sizeof(*type),
                                                       type, NULL) != CL_SUCCESS)
                                        *type = 0;
                                return 0;
                        }
                }
        }
        return fail(-ENODEV, "opencl: %u platform(s) but no device", (unsigned)np);
}

static int build(cl_device_id dev)
{
        const char *src = ocl_source;
        size_t len = sizeof(ocl_source) - 1;
        cl_int e;

        ocl_prog = cl.clCreateProgramWithSource(ocl_ctx, 1, &src, &len, &e);
        if (!ocl_prog || e != CL_SUCCESS)
                return fail(-EIO, "opencl: clCreateProgramWithSource: %d", (int)e);
        /* no -cl-mad-enable / -cl-fast-relaxed-math: results must meet trueno.h */
        e = cl.clBuildProgram(ocl_prog, 1, &dev, "-cl-std=CL1.2", NULL, NULL);
        if (e != CL_SUCCESS) {
                char log[160] = "";

                cl.clGetProgramBuildInfo(ocl_prog, dev, CL_PROGRAM_BUILD_LOG, sizeof(log) - 1, log,
                                         NULL);
                log[sizeof(log) - 1] = '\0';
                for (char *p = log; *p; p++)
                        if (*p == '\n')
                                *p = ' ';
                return fail(-EIO, "opencl: clBuildProgram: %d %s", (int)e, log);
        }
        k_sgemm = cl.clCreateKernel(ocl_prog, "trueno_sgemm", &e);
        if (e == CL_SUCCESS)
                k_add = cl.clCreateKernel(ocl_prog, "trueno_add", &e);
        if (e == CL_SUCCESS)
                k_scale = cl.clCreateKernel(ocl_prog, "trueno_scale", &e);
        if (e != CL_SUCCESS)
                return fail(-EIO, "opencl: clCreateKernel: %d", (int)e);
        return 0;
}

/*
 * An installable client driver (libnvidia-opencl.so.1, libpocl.so.2, ...) can be
 * named directly in TRUENO_OPENCL_LIBRARY when the ICD loader (libOpenCL.so.1) is
 * missing: if the library lacks the plain entry points, its platforms come from
 * clIcdGetPlatformIDsKHR and every other call goes through the dispatch table that
 * each of its objects starts with (the cl_icd_dispatch layout of the Khronos
 * headers, frozen; the slots below are its indices).  That is what the loader
 * itself does.
 */
typedef cl_int (*icd_get_platforms_fn)(cl_uint, cl_platform_id *, cl_uint *);
typedef void *(*get_ext_fn)(const char *);
static int ocl_force_icd; /* test hook: use the dispatch table even if not needed */

static int load_icd(const char *name)
{
        icd_get_platforms_fn getp;
        get_ext_fn ext;
        cl_platform_id plat;
        cl_uint np = 0;
        void *const *table;

        *(void **)&getp = dlsym(ocl_lib, "clIcdGetPlatformIDsKHR");
        if (!getp) {
                *(void **)&ext = dlsym(ocl_lib, "clGetExtensionFunctionAddress");
                if (ext)
                        *(void **)&getp = ext("clIcdGetPlatformIDsKHR");
        }
        if (!getp)
                return fail(-ENOENT, "opencl: %s is neither an OpenCL library nor an ICD", name);
        if (getp(1, &plat, &np) != CL_SUCCESS || np == 0)
                return fail(-ENODEV, "opencl: ICD %s has no platform", name);
        table = *(void *const *const *)plat;
#define OCL_SLOT(ret, fn, args, slot)                                                              \
        *(void **)&cl.fn = table[slot];                                                            \
        if (!cl.fn)                                                                                \
                return fail(-ENOENT, "opencl: ICD %s has no %s", name, #fn);
        OCL_FUNCS(OCL_SLOT)
#undef OCL_SLOT
        /* the platform list is the ICD's own function, not the table's */
        cl.clGetPlatformIDs = getp;
        return 0;
}

static int load_symbols(void)
{
        const char *name = getenv("TRUENO_OPENCL_LIBRARY");
        int all = 1;

        if (!name || !*name)
                name = "libOpenCL.so.1";
        ocl_lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        if (!ocl_lib) {
                const char *why = dlerror();

                return fail(-ENOENT, "opencl: %s", why ? why : name);
        }
#define OCL_LOAD(ret, fn, args, slot)                                                              \
        *(void **)&cl.fn = dlsym(ocl_lib, #fn);                                                    \
        all &= cl.fn != NULL;
        OCL_FUNCS(OCL_LOAD)
#undef OCL_LOAD
        if (all && !ocl_force_icd)
                return 0;
        return load_icd(name);
}

void trueno_internal_opencl_force_icd(int on)
{
        ocl_force_icd = on;
}

static int dev_matmul_locked(const float *a, const float *b, float *c, size_t m, size_t k,
                             size_t n);

/*
 * The auto-offload threshold, measured: one 512^3 product on the device with its
 * transfers (host A and B in, C out) against the same product on the CPU backend.
 * CPU time grows with m n k, device time at most as fast (transfers grow with the
 * areas only), so offloading pays from about 512^3 * t_dev / t_cpu multiply-adds.
 */
static void calibrate(void)
{
        const size_t s = 512;
        float *a = malloc(s * s * sizeof(float)), *b = malloc(s * s * sizeof(float)),
              *c = malloc(s * s * sizeof(float));
        double t0, td = 1e30, tc = 1e30;

        if (!a || !b || !c)
                goto out;
        for (size_t i = 0; i < s * s; i++) {
                a[i] = (float)(i % 7) - 3.0f;
                b[i] = (float)(i % 5) - 2.0f;
        }
        for (int r = 0; r < 3; r++) { /* the first run also pays for kernel compilation */
                t0 = mono_s();
                if (dev_matmul_locked(a, b, c, s, s, s) < 0)
                        goto out;
                if (r > 0 && mono_s() - t0 < td)
                        td = mono_s() - t0;
        }
        for (int r = 0; r < 2; r++) {
                t0 = mono_s();
                if (trueno_active()->matmul(a, b, c, s, s, s) < 0)
                        goto out;
                if (mono_s() - t0 < tc)
                        tc = mono_s() - t0;
        }
        ocl_cal_dev_s = td;
        ocl_cal_cpu_s = tc;
        atomic_store(&ocl_auto_work, trueno_internal_offload_threshold(td, tc));
out:
        free(a);
        free(b);
        free(c);
}

unsigned long trueno_internal_opencl_matmuls(void)
{
        return atomic_load(&ocl_matmuls);
}

unsigned long trueno_internal_opencl_fallbacks(void)
{
        return atomic_load(&ocl_fallbacks);
}

void trueno_internal_opencl_fail_next(int err)
{
        atomic_store(&ocl_inject, err);
}

uint64_t trueno_internal_offload_threshold(double dev_s, double cpu_s)
{
        const uint64_t ref = (uint64_t)512 * 512 * 512;
        double w;

        if (!(dev_s > 0) || !(cpu_s > 0))
                return UINT64_MAX;
        w = (double)ref * dev_s / cpu_s;
        if (w < (double)TRUENO_OCL_AUTO_MIN_WORK)
                return TRUENO_OCL_AUTO_MIN_WORK;
        if (w > 1e18)
                return UINT64_MAX;
        return (uint64_t)w;
}

static int init_locked(int forced)
{
        cl_device_id dev;
        cl_device_type type = 0;
        cl_int e;
        int r;

        if ((r = load_symbols()) < 0 || (r = pick_device(&dev, &type)) < 0)
                return r;
        if (cl.clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof(ocl_device_name) - 1, ocl_device_name,
                               NULL) != CL_SUCCESS)
                snprintf(ocl_device_name, sizeof(ocl_device_name), "unnamed");
        ocl_is_gpu = (type & (CL_DEVICE_TYPE_GPU | CL_DEVICE_TYPE_ACCELERATOR)) != 0;
        if (!forced && !ocl_is_gpu) {
                ocl_cpu_skipped = 1;
                return fail(-ENODEV,
                            "opencl: only a CPU device (%s): auto mode keeps the CPU "
                            "backends (TRUENO_BACKEND=opencl uses it)",
                            ocl_device_name);
        }
        ocl_cpu_skipped = 0;
        ocl_ctx = cl.clCreateContext(NULL, 1, &dev, NULL, NULL, &e);
        if (!ocl_ctx || e != CL_SUCCESS)
                return fail(-EIO, "opencl: clCreateContext: %d", (int)e);
        ocl_queue = cl.clCreateCommandQueue(ocl_ctx, dev, 0, &e);
        if (!ocl_queue || e != CL_SUCCESS)
                return fail(-EIO, "opencl: clCreateCommandQueue: %d", (int)e);
        if ((r = build(dev)) < 0)
                return r;
        snprintf(ocl_reason, sizeof(ocl_reason), "opencl: %s", ocl_device_name);
        return 0;
}

int trueno_opencl_ensure(void)
{
        int st = atomic_load_explicit(&ocl_state, memory_order_acquire), r;

        if (st == OCL_READY)
                return 0;
        if (st == OCL_FAILED && !(ocl_cpu_skipped && trueno_offload_mode() == TRUENO_OFFLOAD_FORCE))
                return atomic_load(&ocl_err);
        pthread_mutex_lock(&ocl_lock);
        st = atomic_load(&ocl_state);
        if (st == OCL_FAILED && ocl_cpu_skipped && trueno_offload_mode() == TRUENO_OFFLOAD_FORCE) {
                /* asked for now: the CPU device auto mode passed over will do */
                st = OCL_UNTRIED;
                atomic_store(&ocl_state, st);
        }
        if (st == OCL_UNTRIED) {
                int forced = trueno_offload_mode() == TRUENO_OFFLOAD_FORCE;

                r = init_locked(forced);
                if (r < 0) {
                        release_all();
                        atomic_store(&ocl_state, OCL_FAILED);
                } else {
                        if (ocl_is_gpu)
                                calibrate();
                        atomic_store_explicit(&ocl_state, OCL_READY, memory_order_release);
                }
        }
        r = atomic_load(&ocl_state) == OCL_READY ? 0 : atomic_load(&ocl_err);
        pthread_mutex_unlock(&ocl_lock);
        return r;
}

int trueno_opencl_state(void)
{
        int st = atomic_load_explicit(&ocl_state, memory_order_acquire);

        return st == OCL_UNTRIED ? 1 : st == OCL_READY ? 0 : atomic_load(&ocl_err);
}

const char *trueno_opencl_reason(void)
{
        int st = atomic_load_explicit(&ocl_state, memory_order_acquire);

        if (st == OCL_UNTRIED)
                return "opencl: not initialised (no call has offloaded yet)";
        return ocl_reason;
}

int trueno_opencl_info(char *buf, size_t len)
{
        int st = trueno_opencl_state();
        uint64_t w = atomic_load(&ocl_auto_work);

        if (!buf || !len)
                return -EINVAL;
        if (st != 0)
                return snprintf(buf, len, "%s", trueno_opencl_reason());
        if (!ocl_is_gpu)
                return snprintf(
                    buf, len, "device=\"%s\" type=cpu auto=never matmuls=%lu fallbacks=%lu",
                    ocl_device_name, atomic_load(&ocl_matmuls), atomic_load(&ocl_fallbacks));
        return snprintf(buf, len,
                        "device=\"%s\" type=gpu calib512_dev_ms=%.3f calib512_cpu_ms=%.3f "
                        "auto_min_work=%llu matmuls=%lu fallbacks=%lu",
                        ocl_device_name, ocl_cal_dev_s * 1e3, ocl_cal_cpu_s * 1e3,
                        (unsigned long long)w, atomic_load(&ocl_matmuls),
                        atomic_load(&ocl_fallbacks));
}

/* Should this matmul go to the device?  Never loads OpenCL for small products. */
int trueno_opencl_wants_matmul(size_t m, size_t k, size_t n)
{
        enum trueno_offload mode = trueno_offload_mode();
        uint64_t work;

        if (mode == TRUENO_OFFLOAD_OFF)
                return 0;
        if (mode == TRUENO_OFFLOAD_FORCE)
                return trueno_opencl_ensure() == 0;
        /* auto: overflow-safe m*k*n against the gate, then the measured threshold */
        if (k && m > UINT64_MAX / k)
                return 0;
        work = (uint64_t)m * k;
        if (n && work > UINT64_MAX / n)
                work = UINT64_MAX;
        else
                work *= n;
        if (work < TRUENO_OCL_AUTO_MIN_WORK)
                return 0;
        if (trueno_opencl_ensure() < 0 || !ocl_is_gpu)
                return 0;
        return work >= atomic_load(&ocl_auto_work);
}

/* ---------------------------------------------------------------- device work */

static cl_mem dev_alloc(size_t bytes, int *err)
{
        cl_int e;
        cl_mem m = cl.clCreateBuffer(ocl_ctx, CL_MEM_READ_WRITE, bytes ? bytes : 4, NULL, &e);

        if (!m || e != CL_SUCCESS) {
                *err = -ENOMEM;
                return NULL;
        }
        return m;
}

static int run_sgemm(cl_mem a, cl_mem b, cl_mem c, size_t m, size_t k, size_t n)
{
        cl_int mi = (cl_int)m, ki = (cl_int)k, ni = (cl_int)n, e;
        size_t local[2] = {OCL_TS, OCL_RTS};
        size_t global[2] = {(n + OCL_TS - 1) / OCL_TS * OCL_TS,
                            (m + OCL_TS - 1) / OCL_TS * OCL_RTS};

        e = cl.clSetKernelArg(k_sgemm, 0, sizeof(mi), &mi);
        e |= cl.clSetKernelArg(k_sgemm, 1, sizeof(ni), &ni);
        e |= cl.clSetKernelArg(k_sgemm, 2, sizeof(ki), &ki);
        e |= cl.clSetKernelArg(k_sgemm, 3, sizeof(a), &a);
        e |= cl.clSetKernelArg(k_sgemm, 4, sizeof(b), &b);
        e |= cl.clSetKernelArg(k_sgemm, 5, sizeof(c), &c);
        if (e != CL_SUCCESS)
                return -EIO;
        if (cl.clEnqueueNDRangeKernel(ocl_queue, k_sgemm, 2, NULL, global, local, 0, NULL, NULL) !=
            CL_SUCCESS)
                return -EIO;
        return 0;
}

static int dev_matmul_locked(const float *a, const float *b, float *c, size_t m, size_t k, size_t n)
{
        int err = 0;
        cl_mem da = dev_alloc(m * k * sizeof(float), &err);
        cl_mem db = da ? dev_alloc(k * n * sizeof(float), &err) : NULL;
        cl_mem dc = db ? dev_alloc(m * n * sizeof(float), &err) : NULL;

        if (dc && (cl.clEnqueueWriteBuffer(ocl_queue, da, 0, 0, m * k * sizeof(float), a, 0, NULL,
                                           NULL) != CL_SUCCESS ||
                   cl.clEnqueueWriteBuffer(ocl_queue, db, 0, 0, k * n * sizeof(float), b, 0, NULL,
                                           NULL) != CL_SUCCESS))
                err = -EIO;
        if (dc && !err)
                err = run_sgemm(da, db, dc, m, k, n);
        if (dc && !err &&
            cl.clEnqueueReadBuffer(ocl_queue, dc, CL_TRUE, 0, m * n * sizeof(float), c, 0, NULL,
                                   NULL) != CL_SUCCESS)
                err = -EIO;
        if (err)
                cl.clFinish(ocl_queue);
        if (da)
                cl.clReleaseMemObject(da);
        if (db)
                cl.clReleaseMemObject(db);
        if (dc)
                cl.clReleaseMemObject(dc);
        return err;
}

/* The kernel sizes are int: larger products stay on the CPU. */
static int dims_ok(size_t m, size_t k, size_t n)
{
        return m <= INT32_MAX && k <= INT32_MAX && n <= INT32_MAX && k > 0;
}

int trueno_opencl_matmul(const float *a, const float *b, float *c, size_t m, size_t k, size_t n)
{
        int r;

        if (!dims_ok(m, k, n))
                return -ENOTSUP;
        r = atomic_exchange(&ocl_inject, 0);
        if (r == 0) {
                pthread_mutex_lock(&ocl_lock);
                r = dev_matmul_locked(a, b, c, m, k, n);
                pthread_mutex_unlock(&ocl_lock);
        }
        atomic_fetch_add(r == 0 ? &ocl_matmuls : &ocl_fallbacks, 1);
        return r;
}

/* ---------------------------------------------------------------- buffers */

struct trueno_buffer {
        size_t n;
        cl_mem mem;  /* device memory, or NULL */
        float *host; /* host memory when mem is NULL */
};

static int fill_zero(trueno_buffer *b)
{
        float zero = 0.0f;
        int r = 0;

        pthread_mutex_lock(&ocl_lock);
        if (cl.clEnqueueFillBuffer(ocl_queue, b->mem, &zero, sizeof(zero), 0,
                                   (b->n ? b->n : 1) * sizeof(float), 0, NULL,
                                   NULL) != CL_SUCCESS ||
            cl.clFinish(ocl_queue) != CL_SUCCESS)
                r = -EIO;
        pthread_mutex_unlock(&ocl_lock);
        return r;
}

int trueno_buffer_create(size_t n, trueno_buffer **out)
{
        struct trueno_buffer *b;
        int err = 0;

        if (!out)
                return -EINVAL;
        if (n > (size_t)PTRDIFF_MAX / sizeof(float))
                return -EOVERFLOW;
        b = calloc(1, sizeof(*b));
        if (!b)
                return -ENOMEM;
        b->n = n;
        if (trueno_offload_mode() != TRUENO_OFFLOAD_OFF && trueno_opencl_ensure() == 0) {
                pthread_mutex_lock(&ocl_lock);
                b->mem = dev_alloc(n * sizeof(float), &err);
                pthread_mutex_unlock(&ocl_lock);
        }
        if (b->mem && fill_zero(b) < 0) {
                trueno_buffer_destroy(b);
                return -EIO;
        }
        if (!b->mem) {
                /* host memory, zeroed like the device buffers */
                b->host = calloc(n ? n : 1, sizeof(float));
                if (!b->host) {
                        free(b);
                        return -ENOMEM;
                }
        }
        *out = b;
        return 0;
}

void trueno_buffer_destroy(trueno_buffer *b)
{
        if (!b)
                return;
        if (b->mem) {
                pthread_mutex_lock(&ocl_lock);
                cl.clReleaseMemObject(b->mem);
                pthread_mutex_unlock(&ocl_lock);
        }
        free(b->host);
        free(b);
}

size_t trueno_buffer_length(const trueno_buffer *b)
{
        return b ? b->n : 0;
}

int trueno_buffer_on_device(const trueno_buffer *b)
{
        if (!b)
                return -EINVAL;
        return b->mem != NULL;
}

static int range_ok(const trueno_buffer *b, size_t off, size_t n, const void *p)
{
        if (!b || (n && !p))
                return -EINVAL;
        if (off > b->n || n > b->n - off)
                return -EINVAL;
        return 0;
}

int trueno_buffer_write(trueno_buffer *b, size_t off, const float *src, size_t n)
{
        int r = range_ok(b, off, n, src);

        if (r < 0 || n == 0)
                return r;
        if (!b->mem) {
                memmove(b->host + off, src, n * sizeof(float));
                return 0;
        }
        pthread_mutex_lock(&ocl_lock);
        if (cl.clEnqueueWriteBuffer(ocl_queue, b->mem, CL_TRUE, off * sizeof(float),
                                    n * sizeof(float), src, 0, NULL, NULL) != CL_SUCCESS)
                r = -EIO;
        pthread_mutex_unlock(&ocl_lock);
        return r;
}

int trueno_buffer_read(const trueno_buffer *b, size_t off, float *dst, size_t n)
{
        int r = range_ok(b, off, n, dst);

        if (r < 0 || n == 0)
                return r;
        if (!b->mem) {
                memmove(dst, b->host + off, n * sizeof(float));
                return 0;
        }
        pthread_mutex_lock(&ocl_lock);
        if (cl.clEnqueueReadBuffer(ocl_queue, b->mem, CL_TRUE, off * sizeof(float),
                                   n * sizeof(float), dst, 0, NULL, NULL) != CL_SUCCESS)
                r = -EIO;
        pthread_mutex_unlock(&ocl_lock);
        return r;
}

/* All operands of one buffer op must live in the same place. */
static int same_place(const trueno_buffer *a, const trueno_buffer *b, const trueno_buffer *c)
{
        int d = a->mem != NULL;

        return (!b || (b->mem != NULL) == d) && (!c || (c->mem != NULL) == d);
}

static int run_1d(cl_kernel kern, size_t n)
{
        size_t global = (n + 63) / 64 * 64, local = 64;

        return cl.clEnqueueNDRangeKernel(ocl_queue, kern, 1, NULL, &global, &local, 0, NULL,
                                         NULL) == CL_SUCCESS
                   ? 0
                   : -EIO;
}

int trueno_buffer_add(const trueno_buffer *a, const trueno_buffer *b, trueno_buffer *out)
{
        cl_ulong n;
        cl_int e;
        int r;

        if (!a || !b || !out || a->n != b->n || out->n != a->n || !same_place(a, b, out))
                return -EINVAL;
        if (a->n == 0)
                return 0;
        if (!a->mem)
                return trueno_add(a->host, b->host, out->host, a->n);
        n = a->n;
        pthread_mutex_lock(&ocl_lock);
        e = cl.clSetKernelArg(k_add, 0, sizeof(cl_mem), &a->mem);
        e |= cl.clSetKernelArg(k_add, 1, sizeof(cl_mem), &b->mem);
        e |= cl.clSetKernelArg(k_add, 2, sizeof(cl_mem), &out->mem);
        e |= cl.clSetKernelArg(k_add, 3, sizeof(n), &n);
        r = e != CL_SUCCESS ? -EIO : run_1d(k_add, a->n);
        pthread_mutex_unlock(&ocl_lock);
        return r;
}

int trueno_buffer_scale(const trueno_buffer *x, float alpha, trueno_buffer *out)
{
        cl_ulong n;
        cl_int e;
        int r;

        if (!x || !out || out->n != x->n || !same_place(x, out, NULL))
                return -EINVAL;
        if (x->n == 0)
                return 0;
        if (!x->mem)
                return trueno_scale(x->host, alpha, out->host, x->n);
        n = x->n;
        pthread_mutex_lock(&ocl_lock);
        e = cl.clSetKernelArg(k_scale, 0, sizeof(cl_mem), &x->mem);
        e |= cl.clSetKernelArg(k_scale, 1, sizeof(alpha), &alpha);
        e |= cl.clSetKernelArg(k_scale, 2, sizeof(cl_mem), &out->mem);
        e |= cl.clSetKernelArg(k_scale, 3, sizeof(n), &n);
        r = e != CL_SUCCESS ? -EIO : run_1d(k_scale, x->n);
        pthread_mutex_unlock(&ocl_lock);
        return r;
}

int trueno_buffer_matmul(const trueno_buffer *a, size_t a_rows, size_t a_cols,
                         const trueno_buffer *b, size_t b_rows, size_t b_cols, trueno_buffer *c,
                         size_t c_rows, size_t c_cols)
{
        size_t m = a_rows, k = a_cols, n = b_cols;
        int r;

        if (!a || !b || !c || a == c || b == c)
                return -EINVAL;
        if (a_cols != b_rows || c_rows != a_rows || c_cols != b_cols)
                return -EINVAL;
        if ((k && m > a->n / k) || a->n != m * k || (n && k > b->n / n) || b->n != k * n ||
            (n && m > c->n / n) || c->n != m * n)
                return -EINVAL;
        if (!same_place(a, b, c))
                return -EINVAL;
        if (!a->mem)
                return trueno_matmul(a->host, m, k, b->host, k, n, c->host, m, n);
        if (m == 0 || n == 0)
                return 0;
        if (m > INT32_MAX || k > INT32_MAX || n > INT32_MAX)
                return -EOVERFLOW;
        if (k == 0)
                return fill_zero(c); /* zeros, as trueno_matmul gives */
        pthread_mutex_lock(&ocl_lock);
        r = run_sgemm(a->mem, b->mem, c->mem, m, k, n);
        pthread_mutex_unlock(&ocl_lock);
        return r;
}

int trueno_buffer_finish(void)
{
        int r = 0;

        if (atomic_load(&ocl_state) != OCL_READY)
                return 0;
        pthread_mutex_lock(&ocl_lock);
        if (cl.clFinish(ocl_queue) != CL_SUCCESS)
                r = -EIO;
        pthread_mutex_unlock(&ocl_lock);
        return r;
}
