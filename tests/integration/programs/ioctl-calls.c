// SPDX-License-Identifier: MIT
/*
 * ioctl requests with valid, invalid and edge-case arguments whose trace
 * lines do not depend on when or where the program runs: a fresh pseudo
 * terminal's settings (its defaults are the kernel's), the same requests on
 * a closed fd, NULL, unreadable and half readable arguments in a page
 * mapped at a fixed address followed by an unmapped one, the console's
 * requests, numbers that carry parameters and numbers no table names. The
 * differential test traces it with strace 6.1 and renacerctl and requires
 * identical lines.
 */
#include <asm/termbits.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/hdreg.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/input.h>
#include <linux/kd.h>
#include <linux/keyboard.h>
#include <linux/lirc.h>
#include <linux/loop.h>
#include <linux/nbd.h>
#include <linux/nsfs.h>
#include <linux/perf_event.h>
#include <linux/random.h>
#include <linux/rtc.h>
#include <linux/watchdog.h>
#include <mtd/ubi-user.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BASE ((uintptr_t)0x5ed0000000ULL)
#define PAGE 4096

static long ioc(long fd, unsigned long req, uintptr_t arg)
{
        return syscall(SYS_ioctl, fd, req, arg);
}

int main(void)
{
        uint8_t *page = mmap((void *)BASE, 2 * PAGE, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        struct termios2 *t2;
        struct termios *t;
        struct termio *to;
        struct winsize *ws;
        struct kbentry *ke;
        int *ip, pty;
        uint8_t *end;

        if (page == MAP_FAILED || munmap(page + PAGE, PAGE))
                return 1;
        end = page + PAGE;
        t2 = (void *)(page + 0x100);
        t = (void *)(page + 0x200);
        to = (void *)(page + 0x300);
        ws = (void *)(page + 0x400);
        ip = (void *)(page + 0x500);
        ke = (void *)(page + 0x600);

        /* a terminal's settings read and written back, its size set and read */
        pty = posix_openpt(O_RDWR | O_NOCTTY);
        if (pty < 0)
                return 1;
        ioc(pty, TCGETS, (uintptr_t)t);
        ioc(pty, TCSETS, (uintptr_t)t);
        ioc(pty, TCSETSW, (uintptr_t)t);
        ioc(pty, TCGETS2, (uintptr_t)t2);
        t2->c_cflag |= CMSPAR;
        ioc(pty, TCSETSF2, (uintptr_t)t2);
        ioc(pty, TCGETA, (uintptr_t)to);
        ioc(pty, TCSETA, (uintptr_t)to);
        *ws = (struct winsize){24, 80, 640, 480};
        ioc(pty, TIOCSWINSZ, (uintptr_t)ws);
        ioc(pty, TIOCGWINSZ, (uintptr_t)ws);
        *ip = 1;
        ioc(pty, FIONBIO, (uintptr_t)ip);
        ioc(pty, FIONREAD, (uintptr_t)ip);
        ioc(pty, TCFLSH, TCIOFLUSH);
        ioc(pty, TCXONC, TCOON);
        ioc(pty, FIOCLEX, 0);
        ioc(pty, FIONCLEX, 0);
        ioc(pty, TIOCGPTN, 0);
        close(pty);

        /* a closed fd: what the call is given shows, what it returns does not */
        memset(t2, 0, sizeof(*t2));
        t2->c_iflag = IGNBRK | IUTF8 | 0xdead0000;
        t2->c_oflag = NL0 | CR2 | XTABS | VT1 | OPOST | ONLCR | OFILL | 0xbad00000;
        t2->c_cflag = B75 | B57600 << IBSHIFT | CS6 | CSTOPB | CMSPAR;
        t2->c_lflag = ISIG | ECHOE | FLUSHO | 0xfee00000;
        ioc(-1, TCSETS2, (uintptr_t)t2);
        ioc(-1, TCGETS2, (uintptr_t)t2);
        ioc(-1, TCSETS2, 0);
        ioc(-1, TCSETSW2, (uintptr_t)(end - sizeof(*t2) + 1));
        ioc(-1, TCSETSF, (uintptr_t)end);
        ioc(-1, TIOCSWINSZ, (uintptr_t)ws);
        ioc(-1, TIOCGWINSZ, (uintptr_t)ws);
        ioc(-1, TIOCGWINSZ, 0);
        *ip = TIOCM_DTR | TIOCM_CAR | 0x10000;
        ioc(-1, TIOCMBIS, (uintptr_t)ip);
        ioc(-1, TIOCMGET, (uintptr_t)ip);
        ioc(-1, TIOCMSET, (uintptr_t)(end - 2));
        *ip = 4321;
        ioc(-1, TIOCSPGRP, (uintptr_t)ip);
        ioc(-1, TIOCGPGRP, (uintptr_t)ip);
        ioc(-1, TCFLSH, 0xdeadbeef);
        ioc(-1, TCSBRK, 0xfffffffffULL);
        /* on the stack, not a literal: a literal's page may not be
         * resident yet (it was not in the ASan build), and the kernel-side
         * copy cannot fault it in as strace's process_vm_readv does */
        volatile char nl = '\n';
        ioc(-1, TIOCSTI, (uintptr_t)&nl);
        ioc(-1, TIOCNOTTY, 0xdeadbeef);

        /* the console */
        ioc(-1, KIOCSOUND, 0);
        ioc(-1, KIOCSOUND, 440);
        ioc(-1, KIOCSOUND, 0xbadc0ded00000a96ULL);
        ioc(-1, KDMKTONE, 0xdeadfaceULL);
        ioc(-1, KDMKTONE, 1 << 16);
        ioc(-1, KDSETLED, 0xbadc0dedfeedfaf0ULL);
        ioc(-1, KDSETLED, 0xfe);
        ioc(-1, KDSKBLED, 0x77);
        ioc(-1, KDGETLED, (uintptr_t)end);
        ioc(-1, KDGKBTYPE, 0);
        ioc(-1, KDADDIO, 0x3c0);
        ioc(-1, KDDELIO, 0xdeadc0de);
        ioc(-1, KDSETMODE, 0xbadc0dedcacafefeULL);
        ioc(-1, KDSETMODE, KD_GRAPHICS);
        ioc(-1, KDGETMODE, (uintptr_t)ip);
        ioc(-1, KDSKBMODE, K_OFF);
        ioc(-1, KDSKBMODE, 0xfeedfacefeedfaceULL);
        ioc(-1, KDSKBMETA, K_METABIT);
        ioc(-1, KDSIGACCEPT, 10);
        ioc(-1, KDENABIO, 0xdeadbeef);
        *ke = (struct kbentry){K_SHIFTTAB, 69, 0x10};
        ioc(-1, KDSKBENT, (uintptr_t)ke);
        ioc(-1, KDGKBENT, (uintptr_t)ke);
        *ke = (struct kbentry){1 << KG_ALT | 1 << KG_CTRLR, 89, K_F1};
        ioc(-1, KDSKBENT, (uintptr_t)ke);
        *ke = (struct kbentry){K_NORMTAB, 178, K(KT_SPEC, 0x14)};
        ioc(-1, KDSKBENT, (uintptr_t)ke);
        *ke = (struct kbentry){K_ALTTAB, 2, K(KT_LETTER, '\'')};
        ioc(-1, KDSKBENT, (uintptr_t)ke);
        ioc(-1, KDGKBENT, (uintptr_t)end);
        *(struct kbkeycode *)ip = (struct kbkeycode){0xfacefeed, 0xdeadface};
        ioc(-1, KDGETKEYCODE, (uintptr_t)ip);
        ioc(-1, KDSETKEYCODE, (uintptr_t)ip);
        *(struct kbd_repeat *)ip = (struct kbd_repeat){-1, 250};
        ioc(-1, KDKBDREP, (uintptr_t)ip);
        ioc(-1, KDKBDREP, (uintptr_t)(end - 4));

        /* an interface's settings read through a socket: the loopback's are
         * the same everywhere; the same and set requests on a closed fd */
        int sk = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        struct ifreq *ifr = (void *)(page + 0x700);
        struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(7085)};

        if (sk < 0)
                return 1;
        memset(ifr, 0, sizeof(*ifr));
        strcpy(ifr->ifr_name, "lo");
        ioc(sk, SIOCGIFINDEX, (uintptr_t)ifr);
        ioc(sk, SIOCGIFFLAGS, (uintptr_t)ifr);
        ioc(sk, SIOCGIFMTU, (uintptr_t)ifr);
        ioc(sk, SIOCGIFADDR, (uintptr_t)ifr);
        ifr->ifr_ifindex = 1;
        ioc(sk, SIOCGIFNAME, (uintptr_t)ifr);
        ioc(sk, FIOGETOWN, (uintptr_t)ip);
        ioc(sk, SIOCATMARK, 0);
        strcpy(ifr->ifr_name, "no-such-if0");
        ioc(sk, SIOCGIFMTU, (uintptr_t)ifr);
        close(sk);
        memcpy(ifr->ifr_name, "0123456789012345", IFNAMSIZ);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        memcpy(&ifr->ifr_addr, &sin, sizeof(sin));
        ioc(-1, SIOCSIFADDR, (uintptr_t)ifr);
        strcpy(ifr->ifr_name, "eth9");
        ifr->ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_DYNAMIC;
        ioc(-1, SIOCSIFFLAGS, (uintptr_t)ifr);
        ifr->ifr_mtu = -87097646;
        ioc(-1, SIOCSIFMTU, (uintptr_t)ifr);
        ioc(-1, SIOCGIFMTU, (uintptr_t)ifr);
        ioc(-1, SIOCSIFNAME, (uintptr_t)(end - 8));
        ioc(-1, SIOCBRADDBR, (uintptr_t) "br-test");
        ioc(-1, SIOCADDRT, 0);
        *ip = 4569;
        ioc(-1, FIOSETOWN, (uintptr_t)ip);

        /* block device requests on a file that is none, and on a closed fd */
        int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
        uint64_t *range = (void *)(page + 0x800);

        ioc(fd, BLKGETSIZE64, (uintptr_t)range);
        ioc(fd, BLKSSZGET, (uintptr_t)ip);
        ioc(fd, FS_IOC_GETFLAGS, (uintptr_t)ip);
        *ip = FS_SYNC_FL | FS_IMMUTABLE_FL | 0x1000000;
        ioc(-1, FS_IOC_SETFLAGS, (uintptr_t)ip);
        close(fd);
        range[0] = 0xdeadbeefbadc0dedULL;
        range[1] = 7;
        ioc(-1, BLKDISCARD, (uintptr_t)range);
        ioc(-1, BLKZEROOUT, (uintptr_t)(end - 8));
        ioc(-1, BLKROSET, (uintptr_t)ip);
        ioc(-1, BLKBSZSET, (uintptr_t)(end - sizeof(int)));
        ioc(-1, BLKRASET, 0xdeadbeefbadc0dedULL);
        ioc(-1, BLKGETSIZE, 0);
        ioc(-1, BLKFLSBUF, 0xdeadbeef);

        /* loop devices, clocks, entropy, watchdogs, perf events, namespaces */
        struct loop_info64 *l64 = (void *)(page + 0x900);
        struct rtc_time *rt = (void *)(page + 0xc00);

        memset(l64, 0, sizeof(*l64));
        l64->lo_offset = 0x9f9e9d9c9b9a9998ULL;
        l64->lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR;
        strcpy((char *)l64->lo_file_name, "/tmp/backing");
        ioc(-1, LOOP_SET_STATUS64, (uintptr_t)l64);
        l64->lo_encrypt_type = LO_CRYPT_XOR;
        l64->lo_encrypt_key_size = 3;
        memcpy(l64->lo_encrypt_key, "k\0y", 3);
        ioc(-1, LOOP_SET_STATUS64, (uintptr_t)l64);
        ioc(-1, LOOP_GET_STATUS64, (uintptr_t)l64);
        ioc(-1, LOOP_SET_STATUS, (uintptr_t)(end - 16));
        ioc(-1, LOOP_SET_FD, 0xbadc0dedbadc0dedULL);
        ioc(-1, LOOP_CLR_FD, 0);
        ioc(-1, LOOP_SET_BLOCK_SIZE, 4096);
        *rt = (struct rtc_time){-2088599168, 59, 23, 31, 11, 126, 1, 2, 0};
        ioc(-1, RTC_SET_TIME, (uintptr_t)rt);
        ioc(-1, RTC_RD_TIME, (uintptr_t)rt);
        ioc(-1, RTC_AIE_ON, 0);
        ioc(-1, RTC_EPOCH_SET, 0xdeadbeefbadc0dedULL);
        ioc(-1, RTC_IRQP_READ, 0);
        *ip = 123;
        ioc(-1, RNDADDTOENTCNT, (uintptr_t)ip);
        ioc(-1, RNDZAPENTCNT, 0);
        ioc(-1, WDIOC_SETTIMEOUT, (uintptr_t)ip);
        ioc(-1, WDIOC_GETTIMEOUT, (uintptr_t)ip);
        ioc(-1, WDIOC_KEEPALIVE, 0);
        ioc(-1, PERF_EVENT_IOC_ENABLE, 0xbadc0ded);
        ioc(-1, PERF_EVENT_IOC_REFRESH, 0xffffffff);
        int ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

        ioc(ns, NS_GET_NSTYPE, 0);
        ioc(ns, NS_GET_OWNER_UID, (uintptr_t)ip);
        close(ns);

        *ip = -559038737;
        ioc(-1, UBI_IOCRMVOL, (uintptr_t)ip);
        ioc(-1, UBI_IOCEBISMAP, (uintptr_t)(end - 2));
        ioc(-1, UBI_IOCVOLRMBLK, 0);
        ioc(-1, HDIO_GETGEO, 0);
        ioc(-1, HDIO_GET_DMA, (uintptr_t)ip);
        ioc(-1, HDIO_SET_DMA, 0xfacefeedded4ffffULL);
        ioc(-1, HDIO_GET_IDENTITY, 0);
        ioc(-1, NBD_SET_FLAGS, 0x4ff);
        ioc(-1, NBD_SET_SIZE, 0xdeadbeef);
        ioc(-1, NBD_DISCONNECT, 0xdeadbeef);
        ioc(-1, LIRC_SET_REC_TIMEOUT, (uintptr_t)ip);
        ioc(-1, LIRC_GET_FEATURES, (uintptr_t)ip);
        ioc(-1, _IOR('E', 0x01, int), 0);
        ioc(-1, EVIOCGNAME(0), 0);
        ioc(-1, EVIOCGBIT(EV_ABS, 3), 0);
        ioc(-1, EVIOCRMFF, 0xbadc0dedbadc0dedULL);
        ioc(-1, EVIOCGRAB, 1);
        *ip = 1;
        ioc(-1, EVIOCSCLOCKID, (uintptr_t)ip);

        /* numbers: named, several names, parameters, unknown */
        ioc(-1, _IOR('H', 0x01, int), (uintptr_t)ip);
        ioc(-1, EVIOCGBIT(EV_KEY, 8), (uintptr_t)ip);
        ioc(-1, EVIOCGBIT(0, 8), (uintptr_t)ip);
        ioc(-1, EVIOCGABS(ABS_Y), (uintptr_t)ip);
        ioc(-1, EVIOCGNAME(16), (uintptr_t)ip);
        ioc(-1, _IOC(_IOC_READ, 'H', 0x12, 8), (uintptr_t)ip);
        ioc(-1, _IOC(_IOC_WRITE, 'M', 13, 4), (uintptr_t)ip);
        ioc(-1, 0x5a00, (uintptr_t)ip);
        ioc(-1, 0x4b04, 0xdeadbeefbadc0dedULL);
        ioc(-1, _IOC(_IOC_READ | _IOC_WRITE, 0xfe, 0xff, 0x3fff), 0);
        ioc(-1, 0xffffffff00000000ULL | FIOCLEX, 0);
        return 0;
}
