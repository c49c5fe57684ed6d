// SPDX-License-Identifier: MIT
/*
 * Syscall names come from libseccomp, read once into a table so that lookups
 * on the per-event path neither allocate nor lock. Class membership is data
 * no library carries: it is a column of the syscall table (syscalls.def),
 * strace 6.1's classes as it applies them on x86_64 (measured by tracing a
 * sweep over every syscall number with `strace -e trace=%CLASS`).
 */
#include <errno.h>
#include <pthread.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "syscall-names.h"
#include "syscall-table.h"

#define NAME_MAX_LEN 40

static char names[RENACER_SYSCALL_MAX][NAME_MAX_LEN];
static uint8_t name_lens[RENACER_SYSCALL_MAX];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;
static int names_ready; /* set, with release, once the table is filled */

static void names_init(void)
{
        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++) {
                char *n = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);

                /* strace's spelling for numbers it has no name for */
                if (!n || strlen(n) >= NAME_MAX_LEN)
                        snprintf(names[nr], NAME_MAX_LEN, "syscall_%#x", (unsigned)nr);
                else
                        memcpy(names[nr], n, strlen(n) + 1);
                name_lens[nr] = (uint8_t)strlen(names[nr]);
                free(n);
        }
        __atomic_store_n(&names_ready, 1, __ATOMIC_RELEASE);
}

/* Once per process; after that one load, not a call per record. */
static inline void names_need(void)
{
        if (!__atomic_load_n(&names_ready, __ATOMIC_ACQUIRE))
                pthread_once(&names_once, names_init);
}

const char *syscall_name(int nr)
{
        static __thread char out_of_range[32];

        if (nr < 0 || nr >= RENACER_SYSCALL_MAX) {
                /* records never carry these; a per-thread buffer keeps the
                 * answer valid until this thread asks again */
                snprintf(out_of_range, sizeof(out_of_range), "syscall_%#x", (unsigned)nr);
                return out_of_range;
        }
        names_need();
        return names[nr];
}

const char *syscall_name_len(int nr, size_t *len)
{
        const char *n = syscall_name(nr);

        *len = nr >= 0 && nr < RENACER_SYSCALL_MAX ? name_lens[nr] : strlen(n);
        return n;
}

int syscall_number(const char *name)
{
        if (!name)
                return -ENOENT;
        names_need();
        for (int nr = 0; nr < RENACER_SYSCALL_MAX; nr++)
                if (strcmp(names[nr], name) == 0)
                        return nr;
        return -ENOENT;
}

/* ---- classes ---- */

int syscall_class_bitmap(const char *class_name, uint64_t bitmap[RENACER_FILTER_WORDS])
{
        uint32_t bit;
        int n = 0;

        if (!class_name || !bitmap)
                return -ENOENT;
        bit = syscall_class_bit(class_name);
        if (!bit)
                return -ENOENT;
        for (int nr = 0; nr < syscall_table_size(); nr++) {
                const struct syscall_row *r = syscall_row(nr);

                if (!r || !(r->classes & bit))
                        continue;
                bitmap[nr / 64] |= 1ULL << (nr % 64);
                n++;
        }
        return n;
}

/* ---- errno ---- */

/* Codes the kernel uses internally that can still reach a tracer; glibc has
 * no names for them. Same names as strace's errnoent. */
static const char *const kernel_errnos[] = {
    [512 - 512] = "ERESTARTSYS",
    [513 - 512] = "ERESTARTNOINTR",
    [514 - 512] = "ERESTARTNOHAND",
    [515 - 512] = "ENOIOCTLCMD",
    [516 - 512] = "ERESTART_RESTARTBLOCK",
    [517 - 512] = "EPROBE_DEFER",
    [518 - 512] = "EOPENSTALE",
    [519 - 512] = "ENOPARAM",
    [521 - 512] = "EBADHANDLE",
    [522 - 512] = "ENOTSYNC",
    [523 - 512] = "EBADCOOKIE",
    [524 - 512] = "ENOTSUPP",
    [525 - 512] = "ETOOSMALL",
    [526 - 512] = "ESERVERFAULT",
    [527 - 512] = "EBADTYPE",
    [528 - 512] = "EJUKEBOX",
    [529 - 512] = "EIOCBQUEUED",
    [530 - 512] = "ERECALLCONFLICT",
};

const char *errno_name(long err)
{
        if (err >= 512 && err < 512 + (long)(sizeof(kernel_errnos) / sizeof(kernel_errnos[0])))
                return kernel_errnos[err - 512];
        if (err <= 0 || err > 4095)
                return NULL;
        return strerrorname_np((int)err);
}

const char *errno_text(long err)
{
        static __thread char unknown[40];
        const char *s;

        /* strace's own wording for the restart codes */
        switch (err) {
        case 512:
                return "To be restarted if SA_RESTART is set";
        case 513:
                return "To be restarted";
        case 514:
                return "To be restarted if no handler";
        case 516:
                return "Interrupted by signal";
        }
        /* the untranslated glibc text, as strace in the C locale prints it */
        s = (err > 0 && err <= 4095) ? strerrordesc_np((int)err) : NULL;
        if (s)
                return s;
        snprintf(unknown, sizeof(unknown), "Unknown error %ld", err);
        return unknown;
}
