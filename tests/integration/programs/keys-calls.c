// SPDX-License-Identifier: MIT
/*
 * keyctl's structure commands, fcntl's locks and owners, file handles,
 * kexec_load, openat2's bytes past struct open_how, the native AIO calls,
 * inotify_add_watch and memfd_secret, with valid, invalid
 * and edge-case arguments whose trace lines do not depend on the run. The
 * structures live in pages mapped at a fixed address, followed by an
 * unmapped page for the faulting cases; nothing is asked that could change
 * the system (no key exists to operate on, no kernel is loaded, the lock
 * is on a file of its own). The differential test traces it with strace
 * 6.1 and renacerctl and requires identical lines.
 */
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/kexec.h>
#include <linux/keyctl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define BASE ((uintptr_t)0x5ec4000000ULL)
#define PAGE 4096

int main(void)
{
        char *data = mmap((void *)BASE, 3 * PAGE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        char *end, tmpl[] = "/tmp/renacer-keys-XXXXXX";
        struct keyctl_pkey_params *pp;
        struct keyctl_dh_params *dh;
        struct keyctl_kdf_params *kdf;
        struct kexec_segment *ks;
        struct open_how *how;
        struct file_handle *fh;
        struct f_owner_ex *own;
        struct flock *fl;
        struct iovec *iov;
        int fd;

        if (data == MAP_FAILED || munmap(data + 2 * PAGE, PAGE))
                return 1;
        end = data + 2 * PAGE;
        /* BPF reads only pages the kernel has faulted in */
        memset(data, 0, 2 * PAGE);

        /* keyctl's public-key operations on a key that does not exist:
         * NULL, unreadable parameters, operands cut at -s, spare words */
        pp = (void *)(end - sizeof(*pp));
        memcpy(data + 256, "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", 36);
        memcpy(data + 320, "enc=pkcs1\0hash=sha256", 21);
        syscall(SYS_keyctl, KEYCTL_PKEY_ENCRYPT, NULL, NULL, NULL, NULL);
        syscall(SYS_keyctl, KEYCTL_PKEY_DECRYPT, end - 4, data + 320, data + 256, data + 512);
        pp->key_id = KEY_SPEC_PROCESS_KEYRING;
        syscall(SYS_keyctl, KEYCTL_PKEY_SIGN, pp, data + 320, data + 256, data + 512);
        pp->key_id = -559038242;
        pp->in_len = 36;
        pp->out_len = 8;
        pp->__spare[6] = 0xdec0ded;
        syscall(SYS_keyctl, KEYCTL_PKEY_ENCRYPT, pp, data + 330, data + 256, data + 512);
        pp->in_len = 10;
        pp->in2_len = 5;
        pp->__spare[6] = 0;
        syscall(SYS_keyctl, KEYCTL_PKEY_VERIFY, pp, data + 320, data + 256, data + 260);
        syscall(SYS_keyctl, KEYCTL_PKEY_VERIFY, pp, NULL, NULL, end - 2);

        /* KEYCTL_DH_COMPUTE: kdf parameters with strings, NULL ones, spare
         * words, unreadable ones */
        dh = (void *)(data + 600);
        dh->priv = KEY_SPEC_GROUP_KEYRING;
        dh->prime = 1234567890;
        dh->base = -1153374643;
        kdf = (void *)(data + 640);
        memcpy(data + 720, "hmac(aes)", 10);
        memcpy(data + 736, "\1\2 OH HAI THAR\255\0\1", 18);
        kdf->hashname = data + 720;
        kdf->otherinfo = data + 736;
        kdf->otherinfolen = 18;
        syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, dh, data + 800, 32, kdf);
        kdf->hashname = NULL;
        kdf->otherinfo = NULL;
        kdf->otherinfolen = 0;
        kdf->__spare[7] = 0xdeadfeed;
        syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, dh, data + 800, -1L, kdf);
        syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, dh, NULL, 0, end - 8);
        syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, dh, data + 800, 1, NULL);

        /* KEYCTL_INSTANTIATE_IOV without the authority to: strings, one
         * element that runs into the unmapped page, unreadable arrays */
        iov = (void *)(data + 1024);
        memcpy(data + 1100, "shrt type\0overly long key description", 38);
        iov[0] = (struct iovec){data + 1100, 10};
        iov[1] = (struct iovec){data + 1110, 28};
        iov[2] = (struct iovec){end - 5, 32};
        syscall(SYS_keyctl, KEYCTL_INSTANTIATE_IOV, KEY_SPEC_GROUP_KEYRING, iov, 3,
                KEY_SPEC_GROUP_KEYRING);
        syscall(SYS_keyctl, KEYCTL_INSTANTIATE_IOV, -557785390, end - 8, 4, 0);

        /* fcntl: locks on a file of its own, owners that exist or not */
        fd = mkstemp(tmpl);
        if (fd < 0)
                return 1;
        unlink(tmpl);
        fl = (void *)(data + 1400);
        fl->l_type = F_RDLCK;
        fl->l_whence = SEEK_SET;
        fl->l_start = -2379362051860529427LL;
        fl->l_len = -2379362048367726579LL;
        syscall(SYS_fcntl, fd, F_SETLK, fl);
        syscall(SYS_fcntl, fd, F_OFD_SETLKW, fl);
        fl->l_start = 0;
        fl->l_len = 4096;
        syscall(SYS_fcntl, fd, F_SETLK, fl);
        fl->l_type = F_WRLCK;
        syscall(SYS_fcntl, fd, F_GETLK, fl);
        fl->l_type = F_UNLCK;
        syscall(SYS_fcntl, fd, F_SETLKW, fl);
        fl->l_whence = 9;
        syscall(SYS_fcntl, fd, F_OFD_GETLK, fl);
        syscall(SYS_fcntl, fd, F_GETLK, end - 8);
        syscall(SYS_fcntl, fd, F_SETLK, NULL);
        own = (void *)(data + 1500);
        own->type = F_OWNER_TID;
        own->pid = 1234567890;
        syscall(SYS_fcntl, fd, F_SETOWN_EX, own);
        own->type = F_OWNER_PGRP;
        own->pid = 0;
        syscall(SYS_fcntl, fd, F_SETOWN_EX, own);
        syscall(SYS_fcntl, fd, F_GETOWN_EX, own);
        own->type = 7;
        syscall(SYS_fcntl, fd, F_SETOWN_EX, own);
        syscall(SYS_fcntl, -1, F_GETOWN_EX, own);

        /* file handles of /: too small a buffer, a large enough one (the
         * handle and mount id are the same run to run), opened again */
        fh = (void *)(data + 1600);
        fh->handle_bytes = 0;
        syscall(SYS_name_to_handle_at, AT_FDCWD, "/", fh, data + 1590, AT_SYMLINK_FOLLOW | 1);
        fh->handle_bytes = MAX_HANDLE_SZ;
        syscall(SYS_name_to_handle_at, AT_FDCWD, "/", fh, data + 1590, 0);
        syscall(SYS_name_to_handle_at, AT_FDCWD, "/renacer-no-such-file", fh, data + 1590, 0);
        syscall(SYS_name_to_handle_at, AT_FDCWD, "/", end - 2, data + 1590, 0);
        syscall(SYS_open_by_handle_at, -1, fh, O_RDONLY | O_CLOEXEC);
        syscall(SYS_open_by_handle_at, -1, end - 4, O_RDONLY);
        memmove(end - 12, fh, 12);
        ((struct file_handle *)(end - 12))->handle_bytes = 8;
        syscall(SYS_open_by_handle_at, 0, end - 12, O_RDWR);

        /* kexec_load: refused (no CAP_SYS_BOOT for a kernel, or no kexec):
         * NULL, too many segments, readable ones, ones cut by the page */
        ks = (void *)(end - 9 * sizeof(*ks));
        for (int k = 0; k < 9; k++)
                ks[k] = (struct kexec_segment){(void *)(uintptr_t)(0x1000 * k), k,
                                               (void *)(uintptr_t)(0xa000 + k), 100 + k};
        syscall(SYS_kexec_load, NULL, 0, NULL, 0xbadc0dedda7a1054ULL);
        syscall(SYS_kexec_load, 0xdeadca57badda7a1ULL, 17, ks, KEXEC_ARCH_DEFAULT);
        syscall(SYS_kexec_load, 0xdeadca57badda7a1ULL, 9, ks,
                KEXEC_ARCH_SH | KEXEC_ON_CRASH | KEXEC_PRESERVE_CONTEXT);
        syscall(SYS_kexec_load, 0, 12, ks, 0xdead0000);
        syscall(SYS_kexec_load, 0, 2, end, KEXEC_ARCH_X86_64);

        /* openat2: non-zero bytes past struct open_how, zero ones, ones
         * in the unmapped page */
        how = (void *)(end - sizeof(*how) - 8);
        memset(how, 0, sizeof(*how) + 8);
        how->flags = O_RDONLY | O_EXCL;
        syscall(SYS_openat2, -1, "renacer.sample", how, sizeof(*how) + 8);
        ((uint8_t *)how)[sizeof(*how) + 3] = 0x83;
        syscall(SYS_openat2, -1, "renacer.sample", how, sizeof(*how) + 8);
        how = (void *)(end - sizeof(*how));
        memset(how, 0, sizeof(*how));
        how->flags = O_WRONLY | O_CREAT;
        how->mode = 0777;
        syscall(SYS_openat2, -1, "renacer.sample", how, sizeof(*how) + 8);

        /* the native AIO calls on a context that does not exist: iocb
         * headers, events, timeouts and signal masks, NULL, unreadable */
        {
                struct iocb *cb = (void *)(data + 2000);
                int64_t *ts = (void *)(data + 2100);
                uint64_t *pack = (void *)(data + 2120), *mask = (void *)(data + 2140);

                syscall(SYS_io_setup, 0, data + 2200);
                syscall(SYS_io_setup, 1, end - 4);
                cb->aio_data = 0xdeadbeefbadc0dedULL;
                cb->aio_lio_opcode = IOCB_CMD_PREAD;
                cb->aio_reqprio = 99;
                cb->aio_fildes = (uint32_t)-42;
                syscall(SYS_io_cancel, 0xface1e55deadbeefULL, cb, data + 2300);
                cb->aio_key = 3740978896u;
                cb->aio_lio_opcode = 61453;
                cb->aio_flags = IOCB_FLAG_IOPRIO;
                cb->aio_reqprio = (5 << 13) | 7919;
                syscall(SYS_io_cancel, 0xface1e55deadbeefULL, cb, NULL);
                syscall(SYS_io_cancel, 0, end - 8, end - 8);
                ts[0] = 3735928559LL;
                ts[1] = 4207869677LL;
                syscall(SYS_io_getevents, 0xface1e55deadbeefULL, 0, 0, NULL, ts);
                syscall(SYS_io_getevents, 0xface1e55deadbeefULL, -1, 2, data + 2300, end - 8);
                syscall(SYS_io_getevents, 0, 1, 1, data + 2300, NULL);
                pack[0] = (uintptr_t)mask;
                pack[1] = 8;
                mask[0] = ~0ULL;
                syscall(SYS_io_pgetevents, 0xface1e55deadbeefULL, 0, 0, NULL, ts, pack);
                mask[0] = 1ULL << 30;
                syscall(SYS_io_pgetevents, 0xface1e55deadbeefULL, 0, 0, NULL, NULL, pack);
                pack[1] = 7;
                syscall(SYS_io_pgetevents, 1, 0, 0, NULL, NULL, pack);
                syscall(SYS_io_pgetevents, 1, 0, 0, NULL, NULL, end - 8);
        }

        /* inotify_add_watch's mask, memfd_secret's flags */
        syscall(SYS_inotify_add_watch, -1, "/", 0xffffdead);
        syscall(SYS_inotify_add_watch, -1, NULL, 0);
        syscall(SYS_memfd_secret, 0xde97face);
        return 0;
}
