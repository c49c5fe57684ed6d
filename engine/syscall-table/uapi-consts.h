/* SPDX-License-Identifier: MIT */
/*
 * UAPI constants the BPF side needs but cannot include (vmlinux.h carries
 * types, not macros). Each one is checked against the real header by a
 * _Static_assert in syscall-table.c, so a wrong value does not build.
 */
#ifndef RENACER_UAPI_CONSTS_H
#define RENACER_UAPI_CONSTS_H

#define RENACER_FUTEX_WAIT        0   /* FUTEX_WAIT */
#define RENACER_FUTEX_WAIT_BITSET 9   /* FUTEX_WAIT_BITSET */
#define RENACER_FUTEX_PRIVATE     128 /* FUTEX_PRIVATE_FLAG */
#define RENACER_FUTEX_CLOCK_RT    256 /* FUTEX_CLOCK_REALTIME */
#define RENACER_FUTEX_CMD_MASK    (~(RENACER_FUTEX_PRIVATE | RENACER_FUTEX_CLOCK_RT))
#define RENACER_S_IFMT            00170000 /* S_IFMT */
#define RENACER_S_IFCHR           0020000  /* S_IFCHR */
#define RENACER_S_IFIFO           0010000  /* S_IFIFO */
#define RENACER_S_IFSOCK          0140000  /* S_IFSOCK */
#define RENACER_PAGE_SIZE         4096     /* EXEC_PAGESIZE on x86_64 */
#define RENACER_SOCKADDR_MAX      128      /* sizeof(struct __kernel_sockaddr_storage) */
#define RENACER_UIO_MAXIOV        1024     /* UIO_MAXIOV */
/* keyctl commands whose arguments are captured (checked in decode-sys.c) */
#define RENACER_KEYCTL_JOIN_SESSION_KEYRING 1
#define RENACER_KEYCTL_UPDATE               2
#define RENACER_KEYCTL_DESCRIBE             6
#define RENACER_KEYCTL_SEARCH               10
#define RENACER_KEYCTL_READ                 11
#define RENACER_KEYCTL_INSTANTIATE          12
#define RENACER_KEYCTL_GET_SECURITY         17
#define RENACER_KEYCTL_DH_COMPUTE           23
#define RENACER_KEYCTL_PKEY_QUERY           24
#define RENACER_KEYCTL_RESTRICT_KEYRING     29
#define RENACER_KEYCTL_CAPABILITIES         31
#define RENACER_KEYCTL_INSTANTIATE_IOV      20
#define RENACER_KEYCTL_PKEY_ENCRYPT         25
#define RENACER_KEYCTL_PKEY_DECRYPT         26
#define RENACER_KEYCTL_PKEY_SIGN            27
#define RENACER_KEYCTL_PKEY_VERIFY          28
/* seccomp operations whose argument is captured (checked in decode-sys.c) */
#define RENACER_SECCOMP_GET_ACTION_AVAIL 2
#define RENACER_SECCOMP_GET_NOTIF_SIZES  3

/* prctl options whose arguments are captured (checked in decode-prctl.c) */
#define RENACER_PR_GET_PDEATHSIG       2
#define RENACER_PR_GET_UNALIGN         5
#define RENACER_PR_GET_FPEMU           9
#define RENACER_PR_GET_FPEXC           11
#define RENACER_PR_SET_NAME            15
#define RENACER_PR_GET_NAME            16
#define RENACER_PR_GET_ENDIAN          19
#define RENACER_PR_GET_TSC             25
#define RENACER_PR_GET_CHILD_SUBREAPER 37
#define RENACER_PR_GET_TID_ADDRESS     40
#define RENACER_PR_SCHED_CORE          62
#define RENACER_PR_SET_VMA             0x53564d41

/* ptrace requests whose arguments are captured (checked in decode-ptrace.c) */
#define RENACER_PTRACE_PEEKTEXT             1
#define RENACER_PTRACE_PEEKDATA             2
#define RENACER_PTRACE_PEEKUSER             3
#define RENACER_PTRACE_GETEVENTMSG          0x4201
#define RENACER_PTRACE_GETSIGINFO           0x4202
#define RENACER_PTRACE_SETSIGINFO           0x4203
#define RENACER_PTRACE_GETREGSET            0x4204
#define RENACER_PTRACE_SETREGSET            0x4205
#define RENACER_PTRACE_PEEKSIGINFO          0x4209
#define RENACER_PTRACE_GETSIGMASK           0x420a
#define RENACER_PTRACE_SETSIGMASK           0x420b
#define RENACER_PTRACE_SECCOMP_GET_METADATA 0x420d

/* clone3: what renacer_capture_clone3() reads beyond struct clone_args
 * (checked in decode-clone.c) */
#define RENACER_CLONE_ARGS_SIZE_VER0 64       /* CLONE_ARGS_SIZE_VER0 */
#define RENACER_CLONE_PIDFD          0x1000   /* CLONE_PIDFD */
#define RENACER_CLONE_PARENT_SETTID  0x100000 /* CLONE_PARENT_SETTID */
#define RENACER_CLONE3_SET_TID_MAX   32       /* strace's max_set_tid_size */

/* fsconfig commands whose value is captured (checked in decode-mount.c) */
#define RENACER_FSCONFIG_SET_STRING     1
#define RENACER_FSCONFIG_SET_BINARY     2
#define RENACER_FSCONFIG_SET_PATH       3
#define RENACER_FSCONFIG_SET_PATH_EMPTY 4

/* the futex_waitv elements captured: the -s strace shows by default */
#define RENACER_FUTEX_WAITV_SHOWN 32

/* struct __sysctl_args (linux/sysctl.h): _sysctl is gone from the kernels
 * whose BTF the BPF side reads, so its size is kept here */
#define RENACER_SYSCTL_ARGS_SIZE 80
/* io_uring_register opcodes whose argument is captured (checked in
 * decode-io-uring.c) */
#define RENACER_IORING_REGISTER_BUFFERS          0
#define RENACER_IORING_REGISTER_FILES            2
#define RENACER_IORING_REGISTER_EVENTFD          4
#define RENACER_IORING_REGISTER_FILES_UPDATE     6
#define RENACER_IORING_REGISTER_EVENTFD_ASYNC    7
#define RENACER_IORING_REGISTER_PROBE            8
#define RENACER_IORING_REGISTER_RESTRICTIONS     11
#define RENACER_IORING_REGISTER_FILES2           13
#define RENACER_IORING_REGISTER_FILES_UPDATE2    14
#define RENACER_IORING_REGISTER_BUFFERS2         15
#define RENACER_IORING_REGISTER_BUFFERS_UPDATE   16
#define RENACER_IORING_REGISTER_IOWQ_AFF         17
#define RENACER_IORING_REGISTER_IOWQ_MAX_WORKERS 19
#define RENACER_IORING_REGISTER_RING_FDS         20
#define RENACER_IORING_UNREGISTER_RING_FDS       21
#define RENACER_IORING_REGISTER_PBUF_RING        22
#define RENACER_IORING_UNREGISTER_PBUF_RING      23

/* bpf commands whose attr points to data that is captured (checked in
 * decode-bpf.c) */
#define RENACER_BPF_PROG_LOAD           5
#define RENACER_BPF_OBJ_PIN             6
#define RENACER_BPF_OBJ_GET             7
#define RENACER_BPF_RAW_TRACEPOINT_OPEN 17
#define RENACER_BPF_BTF_LOAD            18
#define RENACER_BPF_LINK_CREATE         28

/* quotactl's commands whose data argument is captured, QCMD_CMD() of the
 * command (checked in decode-quota.c) */
#define RENACER_Q_SUBCMDSHIFT   8
#define RENACER_Q_QUOTAON       0x800002
#define RENACER_Q_GETFMT        0x800004
#define RENACER_Q_GETINFO       0x800005
#define RENACER_Q_SETINFO       0x800006
#define RENACER_Q_GETQUOTA      0x800007
#define RENACER_Q_SETQUOTA      0x800008
#define RENACER_Q_GETNEXTQUOTA  0x800009
#define RENACER_Q_XQUOTAON      0x5801
#define RENACER_Q_XQUOTAOFF     0x5802
#define RENACER_Q_XGETQUOTA     0x5803
#define RENACER_Q_XSETQLIM      0x5804
#define RENACER_Q_XGETQSTAT     0x5805
#define RENACER_Q_XQUOTARM      0x5806
#define RENACER_Q_XGETQSTATV    0x5808
#define RENACER_Q_XGETNEXTQUOTA 0x5809

/* struct kexec_segment (linux/kexec.h) and KEXEC_SEGMENT_MAX: kernels
 * without kexec lack the type in their BTF, so its size is kept here
 * (checked in decode-kexec.c) */
#define RENACER_KEXEC_SEGMENT_SIZE 32
#define RENACER_KEXEC_SEGMENT_MAX  16

/* fcntl commands whose structure is captured (checked in decode-file.c) */
#define RENACER_F_GETLK      5
#define RENACER_F_SETLK      6
#define RENACER_F_SETLKW     7
#define RENACER_F_SETOWN_EX  15
#define RENACER_F_GETOWN_EX  16
#define RENACER_F_OFD_GETLK  36
#define RENACER_F_OFD_SETLK  37
#define RENACER_F_OFD_SETLKW 38
/* MAX_HANDLE_SZ (fcntl.h): the most of struct file_handle's f_handle that
 * strace prints */
#define RENACER_MAX_HANDLE_SZ 128

/* landlock_add_rule's rule type whose attr is captured (checked in
 * decode-landlock.c) */
#define RENACER_LANDLOCK_RULE_PATH_BENEATH 1

#endif
