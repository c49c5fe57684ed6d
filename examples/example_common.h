/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the libtrueno examples.  The examples are traced workloads, so
 * they keep their system-call footprint minimal and predictable: all output is
 * formatted into one static buffer and leaves with a single write(2) at exit (no
 * stdio streams, no malloc for output, no files opened).
 */
#ifndef TRUENO_EXAMPLE_COMMON_H
#define TRUENO_EXAMPLE_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "trueno.h"

static char ex_buf[16384];
static size_t ex_len;
static const char *ex_prog = "example";

static inline void ex_write_all(int fd, const char *p, size_t n)
{
        while (n) {
                ssize_t w = write(fd, p, n);

                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        return;
                p += w;
                n -= (size_t)w;
        }
}

__attribute__((format(printf, 1, 2))) static inline void out(const char *fmt, ...)
{
        va_list ap;
        int n;

        if (ex_len >= sizeof(ex_buf))
                return;
        va_start(ap, fmt);
        n = vsnprintf(ex_buf + ex_len, sizeof(ex_buf) - ex_len, fmt, ap);
        va_end(ap);
        if (n > 0)
                ex_len +=
                    (size_t)n < sizeof(ex_buf) - ex_len ? (size_t)n : sizeof(ex_buf) - ex_len - 1;
}

/*
 * Test-only regressions for the golden-trace tests (tests/golden/), chosen by
 * RENACER_GOLDEN_INJECT; unset in normal runs, where this costs one getenv:
 *   extra-write    write the output one line per write(2) instead of at once
 *   extra-open     open a config file that nothing needs (it does not exist)
 *   open-close     open and close /dev/null (a baseline for missing-close)
 *   missing-close  open /dev/null and never close it
 */
static inline void ex_inject(void)
{
        const char *what = getenv("RENACER_GOLDEN_INJECT");

        if (!what)
                return;
        if (!strcmp(what, "extra-open")) {
                int fd = open("/etc/trueno/trueno.conf", O_RDONLY | O_CLOEXEC);
                if (fd >= 0)
                        close(fd);
        } else if (!strcmp(what, "open-close") || !strcmp(what, "missing-close")) {
                int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
                if (fd >= 0 && !strcmp(what, "open-close"))
                        close(fd);
        }
}

static inline int ex_flush(void)
{
        const char *what = getenv("RENACER_GOLDEN_INJECT");

        ex_inject();
        if (what && !strcmp(what, "extra-write")) {
                for (size_t i = 0; i < ex_len;) {
                        const char *nl = memchr(ex_buf + i, '\n', ex_len - i);
                        size_t n = nl ? (size_t)(nl - (ex_buf + i)) + 1 : ex_len - i;
                        ex_write_all(STDOUT_FILENO, ex_buf + i, n);
                        i += n;
                }
        } else {
                ex_write_all(STDOUT_FILENO, ex_buf, ex_len);
        }
        ex_len = 0;
        return 0;
}

/* One line on stderr, then exit: for usage errors (2) and failures (1). */
__attribute__((format(printf, 2, 3), noreturn)) static inline void ex_die(int code, const char *fmt,
                                                                          ...)
{
        char line[512];
        va_list ap;
        int n = snprintf(line, sizeof(line), "%s: ", ex_prog);

        va_start(ap, fmt);
        n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
        va_end(ap);
        if (n > (int)sizeof(line) - 2)
                n = (int)sizeof(line) - 2;
        line[n++] = '\n';
        ex_write_all(STDERR_FILENO, line, (size_t)n);
        exit(code);
}

/* A wrong TRUENO_BACKEND makes the library fall back to auto selection; a demo
 * silently running on another backend than asked would mislead, so refuse. */
static inline void ex_check_backend_env(void)
{
        int st = trueno_init_status();
        const char *v = getenv("TRUENO_BACKEND");

        if (st == -EINVAL)
                ex_die(2,
                       "TRUENO_BACKEND=%s: unknown backend "
                       "(scalar|sse2|avx|avx2|avx512|auto|opencl)",
                       v ? v : "");
        /* an OpenCL device that failed falls back to the CPU: not a usage error */
        if (st == -ENOTSUP)
                ex_die(2, "TRUENO_BACKEND=%s: not supported by this CPU/OS", v ? v : "");
}

/* Common argument handling: only --timings is accepted. */
static inline int ex_parse_timings(int argc, char **argv)
{
        int timings = 0;

        ex_prog = argc > 0 && argv[0] ? strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0]
                                      : ex_prog;
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--timings") == 0)
                        timings = 1;
                else
                        ex_die(2, "unknown argument '%s' (usage: %s [--timings])", argv[i],
                               ex_prog);
        }
        ex_check_backend_env();
        return timings;
}

static inline long long ex_now_ns(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Call a trueno function and stop with its error if it fails. */
#define EX_CHECK(call)                                                                             \
        do {                                                                                       \
                int ex_r_ = (call);                                                                \
                if (ex_r_ < 0)                                                                     \
                        ex_die(1, "%s failed: %s", #call, strerror(-ex_r_));                       \
        } while (0)

static inline void ex_print_matrix(const char *title, const float *m, size_t rows, size_t cols)
{
        out("%s (%zux%zu):\n", title, rows, cols);
        for (size_t i = 0; i < rows; i++) {
                out(" ");
                for (size_t j = 0; j < cols; j++)
                        out(" %9.4f", (double)m[i * cols + j]);
                out("\n");
        }
}

#endif /* TRUENO_EXAMPLE_COMMON_H */
