// SPDX-License-Identifier: MIT
/*
 * The "system" families with valid, invalid and edge-case arguments whose
 * trace lines do not depend on the run: long paths (up to PATH_MAX, cut,
 * running into an unmapped page), keys, memfd and pkeys, NUMA policy, the
 * mount API, module calls and openat2. Strings and structures live in pages
 * mapped at a fixed address, followed by an unmapped page for the faulting
 * cases; nothing is asked that could change the system (every module,
 * mount and key call is one the kernel refuses). The differential test
 * traces it with strace 6.1 and renacerctl and requires identical lines.
 */
#include <fcntl.h>
#include <linux/keyctl.h>
#include <linux/mempolicy.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BASE ((uintptr_t)0x5ec2000000ULL)
#define PAGE 4096

int main(void)
{
        /* a page of path, a page of data, then nothing */
        char *path = mmap((void *)BASE, 3 * PAGE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        char *data, *end;
        struct open_how *how;

        if (path == MAP_FAILED || munmap(path + 2 * PAGE, PAGE))
                return 1;
        data = path + PAGE;
        end = data + PAGE;

        /* paths: PATH_MAX bytes without a NUL, PATH_MAX - 1 and a NUL, one
         * of 300, one that runs into the unmapped page, NULL */
        memset(path, '/', PAGE);
        syscall(SYS_chdir, path);
        path[PAGE - 1] = '\0';
        syscall(SYS_chdir, path);
        syscall(SYS_chdir, path + PAGE - 1 - 300);
        memset(end - 40, 'a', 40);
        syscall(SYS_chdir, end - 40);
        syscall(SYS_chdir, NULL);
        /* (a path in a page the kernel never touched cannot be read by
         * BPF, which cannot fault it in: the program's own data here) */
        strcpy(data, "/renacer-not-mounted");
        syscall(SYS_umount2, data, 0x1f);

        /* keys: the strings strace cuts at -s, the ones it cannot read */
        memcpy(data, "user\0desc\0\1\2\3\4\5", 16);
        syscall(SYS_add_key, NULL, NULL, NULL, 0, 0);
        syscall(SYS_add_key, data, data + 5, data + 10, 5, 1234567890);
        syscall(SYS_add_key, data, end - 5, data + 10, 0xdeadbeefbadc0dedULL, -1);
        syscall(SYS_add_key, "user", "an overly long description, cut by -s", end - 3, 10, -6);
        syscall(SYS_request_key, "user", "renacer-no-such-key", NULL, KEY_SPEC_THREAD_KEYRING);
        syscall(SYS_request_key, end - 4, NULL, "callout", 0xdec0ded2);
        syscall(SYS_keyctl, 0xfacefeed, 0xdeadfee1badc0de5ULL, 0xdeadfee2badc0de6ULL,
                0xdeadfee3badc0de7ULL, 0xdeadfee4badc0de8ULL);
        syscall(SYS_keyctl, KEYCTL_REVOKE, 519036589);
        syscall(SYS_keyctl, KEYCTL_SETPERM, 0xdec0ded2, 0xc0c0c0c0);
        syscall(SYS_keyctl, KEYCTL_SETPERM, KEY_SPEC_REQKEY_AUTH_KEY, 0x3f3f3f3f);
        syscall(SYS_keyctl, KEYCTL_CHOWN, 0xdec0ded2, -1, 2718281828U);
        syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, 0xbadc0ded);
        syscall(SYS_keyctl, KEYCTL_READ, 0xdeadc0de, NULL, ~0ULL);
        syscall(SYS_keyctl, KEYCTL_UPDATE, 0xdec0ded2, "shrt desc", 9);
        syscall(SYS_keyctl, KEYCTL_SEARCH, 0xdec0ded2, "user", end - 2, 0);
        syscall(SYS_keyctl, KEYCTL_REJECT, 0xdec0ded2, 3134983661U, ENODEV, 0xdec0ded2);
        syscall(SYS_keyctl, KEYCTL_MOVE, -1, 0xbadc0ded, -1, 0xffffffff);
        syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, end - 4, NULL, 9, NULL);

        /* memory */
        memset(end - 33, '0', 33);
        syscall(SYS_memfd_create, end - 33, 0);
        syscall(SYS_memfd_create, end - 32, 0x78000000);
        syscall(SYS_memfd_create, NULL, 0xffffffff);
        syscall(SYS_memfd_secret, 0xde9fface);
        syscall(SYS_pkey_mprotect, NULL, 0, PROT_READ, -87155115);
        syscall(SYS_pkey_alloc, 0, 0xbadc0ded00000002ULL);
        syscall(SYS_pkey_alloc, 0xfacefeed, 7);
        syscall(SYS_mbind, 0xfffffff1fffffff2ULL, 18446744026464911348ULL, 0, 0xfffffff5fffffff6ULL,
                18446744039349813240ULL, 0xffffffff);
        syscall(SYS_set_mempolicy, MPOL_BIND | MPOL_F_STATIC_NODES, NULL, 0);
        syscall(SYS_set_mempolicy, 0xe007, NULL, 0);
        syscall(SYS_remap_file_pages, 0xfacefeeddeadf00dULL, 16067382020775526127ULL,
                0xdefaced00000000ULL, 14624237743343197933ULL, 0x5404401f);

        /* the mount API and modules */
        syscall(SYS_fsopen, NULL, 2);
        syscall(SYS_fsopen, "renacer-no-such-fs", FSOPEN_CLOEXEC);
        syscall(SYS_fspick, -1, NULL, FSPICK_CLOEXEC | FSPICK_EMPTY_PATH);
        syscall(SYS_open_tree, -1, NULL, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        syscall(SYS_move_mount, -1, NULL, AT_FDCWD, "", 0x1ff);
        syscall(SYS_fsmount, -1, 0, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODIRATIME);
        syscall(SYS_delete_module, end - 33, O_TRUNC | 0xdeade51c);
        syscall(SYS_finit_module, -1, "", 0xdefaced0);

        /* security and kexec: nothing loaded, nothing restricted */
        *(uint32_t *)(data + 32) = SECCOMP_RET_TRAP;
        syscall(SYS_seccomp, 0xdefaced00000000ULL | SECCOMP_GET_ACTION_AVAIL, 0, data + 32);
        syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, end - 2);
        syscall(SYS_landlock_add_rule, -1, 0xfacebeef, NULL, 1);
        syscall(SYS_landlock_create_ruleset, NULL, 0, 0xbadcaffe);
        syscall(SYS_kexec_file_load, -1, -1, 5, "x\0yz", 0xbadc0dedda7a1058ULL);

        /* openat2: a struct open_how, one too short, one cut by the
         * unmapped page */
        how = (void *)(data + 64);
        memset(how, 0, sizeof(*how));
        how->flags = O_WRONLY | O_CREAT;
        how->mode = 0600;
        how->resolve = RESOLVE_NO_XDEV | RESOLVE_BENEATH;
        syscall(SYS_openat2, -1, "renacer.sample", how, sizeof(*how));
        syscall(SYS_openat2, AT_FDCWD, "", how, 11);
        syscall(SYS_openat2, -1, "renacer.sample", end - 8, sizeof(*how));
        return 0;
}
