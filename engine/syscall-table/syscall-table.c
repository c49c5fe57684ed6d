// SPDX-License-Identifier: MIT
/*
 * User space's view of syscalls.def: the rows indexed by syscall number.
 */
#include "syscall-table.h"

#include <asm/unistd_64.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/param.h>
#include <linux/socket.h>
#include <linux/sysctl.h>
#include <sys/uio.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include "renacer-event.h"
#include "uapi-consts.h"

_Static_assert(RENACER_FUTEX_WAIT == FUTEX_WAIT, "uapi-consts.h");
_Static_assert(RENACER_FUTEX_WAIT_BITSET == FUTEX_WAIT_BITSET, "uapi-consts.h");
_Static_assert(RENACER_FUTEX_PRIVATE == FUTEX_PRIVATE_FLAG, "uapi-consts.h");
_Static_assert(RENACER_FUTEX_CLOCK_RT == FUTEX_CLOCK_REALTIME, "uapi-consts.h");
_Static_assert(RENACER_S_IFMT == S_IFMT, "uapi-consts.h");
_Static_assert(RENACER_S_IFCHR == S_IFCHR, "uapi-consts.h");
_Static_assert(RENACER_S_IFIFO == S_IFIFO, "uapi-consts.h");
_Static_assert(RENACER_S_IFSOCK == S_IFSOCK, "uapi-consts.h");
_Static_assert(RENACER_PAGE_SIZE == EXEC_PAGESIZE, "uapi-consts.h");
_Static_assert(RENACER_SOCKADDR_MAX == sizeof(struct __kernel_sockaddr_storage), "uapi-consts.h");
_Static_assert(RENACER_UIO_MAXIOV == UIO_MAXIOV, "uapi-consts.h");
_Static_assert(RENACER_SYSCTL_ARGS_SIZE == sizeof(struct __sysctl_args), "uapi-consts.h");

#define TF   SC_FILE
#define TD   SC_DESC
#define TN   SC_NETWORK
#define TP   SC_PROCESS
#define TM   SC_MEMORY
#define TS   SC_SIGNAL
#define TI   SC_IPC
#define TC   SC_CREDS
#define TCL  SC_CLOCK
#define TPU  SC_PURE
#define TST  SC_STAT
#define TLST SC_LSTAT
#define TFST SC_FSTAT
#define TSTA SC_STAT_LIKE
#define TSF  SC_STATFS
#define TFSF SC_FSTATFS
#define TSFA SC_STATFS_LIKE

#define FD_NONE                                                                                    \
        {                                                                                          \
                SC_FD_NONE, -1, -1, -1                                                             \
        }
#define FD_OPEN(p, f)                                                                              \
        {                                                                                          \
                SC_FD_OPEN, p, -1, f                                                               \
        }
#define FD_CLOSE(i)                                                                                \
        {                                                                                          \
                SC_FD_CLOSE, i, -1, -1                                                             \
        }
#define FD_DUP(o, n, f)                                                                            \
        {                                                                                          \
                SC_FD_DUP, o, n, f                                                                 \
        }
#define FD_FCNTL(i)                                                                                \
        {                                                                                          \
                SC_FD_FCNTL, i, -1, -1                                                             \
        }
#define G(f, fr, p, pr, v)                                                                         \
        {                                                                                          \
                f, fr, p, pr, v                                                                    \
        }
#define G_NONE                                                                                     \
        {                                                                                          \
                NULL, 0, NULL, 0, NULL                                                             \
        }

#define SYSCALL(n, s, cls, dec, cap, fd, golden) [__NR_##n] = {#n, s, cls, fd, golden},

#define ROWS RENACER_SYSCALL_MAX

static const struct syscall_row rows[ROWS] = {
#include "syscalls.def"
};

const struct syscall_row *syscall_row(int nr)
{
        if (nr < 0 || nr >= ROWS || !rows[nr].name)
                return NULL;
        return &rows[nr];
}

int syscall_table_size(void)
{
        return ROWS;
}

static const struct {
        const char *name;
        uint32_t bit;
} class_names[] = {
    {"file", SC_FILE},           {"desc", SC_DESC},
    {"network", SC_NETWORK},     {"net", SC_NETWORK},
    {"process", SC_PROCESS},     {"memory", SC_MEMORY},
    {"signal", SC_SIGNAL},       {"ipc", SC_IPC},
    {"creds", SC_CREDS},         {"clock", SC_CLOCK},
    {"pure", SC_PURE},           {"stat", SC_STAT},
    {"lstat", SC_LSTAT},         {"fstat", SC_FSTAT},
    {"%stat", SC_STAT_LIKE},     {"stat_like", SC_STAT_LIKE},
    {"statfs", SC_STATFS},       {"fstatfs", SC_FSTATFS},
    {"%statfs", SC_STATFS_LIKE}, {"statfs_like", SC_STATFS_LIKE},
};

uint32_t syscall_class_bit(const char *name)
{
        for (size_t i = 0; i < sizeof(class_names) / sizeof(class_names[0]); i++)
                if (strcmp(class_names[i].name, name) == 0)
                        return class_names[i].bit;
        return 0;
}

const char *syscall_class_name(size_t i)
{
        return i < sizeof(class_names) / sizeof(class_names[0]) ? class_names[i].name : NULL;
}
