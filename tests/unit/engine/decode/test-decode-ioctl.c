// SPDX-License-Identifier: MIT
/*
 * ioctl (decode-ioctl.c) against strace 6.1: the expected strings are the
 * lines strace 6.1 prints for the same calls in its own tests (tests/ioctl.c,
 * ioctl_termios.c, ioctl_winsize.c, ioctl_tiocm.c, ioctl_kd.c, ioctl_sock.c,
 * ioctl_block.c, ioctl_loop.c, ioctl_rtc.c, ioctl_random.c, ioctl_watchdog.c,
 * ioctl_nsfs.c, ioctl_perf.c), with valid, failing and unreadable arguments.
 */
#include <arpa/inet.h>
#include <asm/termbits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <net/if_arp.h>
#include <linux/fs.h>
#include <linux/hdreg.h>
#include <linux/lirc.h>
#include <linux/loop.h>
#include <linux/nbd.h>
#include <linux/nsfs.h>
#include <linux/perf_event.h>
#include <linux/random.h>
#include <linux/rtc.h>
#include <linux/watchdog.h>
#include <mtd/ubi-user.h>
#include <sched.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <linux/input.h>
#include <linux/kd.h>
#include <linux/keyboard.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "record-builder.h"

#define EBADF_TEXT  " = -1 EBADF (Bad file descriptor)"
#define EFAULT_TEXT " = -1 EFAULT (Bad address)"

static void test_request_names(void **state)
{
        (void)state;
        /* a name of the tables; one code, several names */
        EV(SYS_ioctl, -EBADF, -1, 0x80086d01, P1);
        assert_string_equal(decode(), "ioctl(-1, MMTIMER_GETRES, 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, _IOR('H', 0x01, int), P1);
        assert_string_equal(decode(),
                            "ioctl(-1, HIDIOCGRDESCSIZE or HIDIOCGVERSION, 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, 0, 1, TCSETSW, P1);
        assert_string_equal(decode(), "ioctl(1, SNDCTL_TMR_STOP or TCSETSW, 0x7ffd1000) = 0");
        /* numbers that carry a parameter */
        EV(SYS_ioctl, -EBADF, -1, EVIOCGBIT(EV_KEY, 8), P1);
        assert_string_equal(decode(), "ioctl(-1, EVIOCGBIT(EV_KEY, 8), 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, _IOC(_IOC_READ, 'H', 0x12, 8), P1);
        assert_string_equal(decode(), "ioctl(-1, HIDIOCGPHYS(8), 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, EVIOCGABS(ABS_X), P1);
        assert_string_equal(decode(), "ioctl(-1, EVIOCGABS(ABS_X), 0x7ffd1000)" EBADF_TEXT);
        /* OpenZFS's, from strace's list too */
        EV(SYS_ioctl, -EBADF, -1, 0x5a00, P1);
        assert_string_equal(decode(), "ioctl(-1, ZFS_IOC_POOL_CREATE, 0x7ffd1000)" EBADF_TEXT);
        /* unknown: _IOC(...) and the argument in hex, NULL as 0 */
        EV(SYS_ioctl, -EBADF, -1, 0x4b04, 0xdeadbeefbadc0dedULL);
        assert_string_equal(
            decode(), "ioctl(-1, _IOC(_IOC_NONE, 0x4b, 0x4, 0), 0xdeadbeefbadc0ded)" EBADF_TEXT);
        EV(SYS_ioctl, -ENOTTY, 1, 0xc0104612, 0);
        assert_string_equal(decode(),
                            "ioctl(1, _IOC(_IOC_READ|_IOC_WRITE, 0x46, 0x12, 0x10), 0) = -1 "
                            "ENOTTY (Inappropriate ioctl for device)");
        /* the request is an int: the upper half of the register is not */
        EV(SYS_ioctl, -EBADF, -1, 0xffffffff00000000ULL | FIOCLEX);
        assert_string_equal(decode(), "ioctl(-1, FIOCLEX)" EBADF_TEXT);
}

#define TIO_IFLAG (IGNBRK | IUTF8 | 0xdead0000)
#define TIO_OFLAG (NL0 | CR2 | XTABS | BS0 | VT1 | FF0 | OPOST | ONLCR | OFILL | 0xbad00000)
#define TIO_CFLAG (B75 | B57600 << IBSHIFT | CS6 | CSTOPB | CMSPAR)
#define TIO_LFLAG (ISIG | ECHOE | FLUSHO | 0xfee00000)
#define TIO_TEXT                                                                                   \
        "{c_iflag=IGNBRK|IUTF8|0xdead0000, "                                                       \
        "c_oflag=NL0|CR2|XTABS|BS0|VT1|FF0|OPOST|ONLCR|OFILL|0xbad00000, "                         \
        "c_cflag=B75|B57600<<IBSHIFT|CS6|CSTOPB|CMSPAR, c_lflag=ISIG|ECHOE|FLUSHO|0xfee00000, "    \
        "...}"

static void test_termios(void **state)
{
        struct termios2 t2 = {
            .c_iflag = TIO_IFLAG, .c_oflag = TIO_OFLAG, .c_cflag = TIO_CFLAG, .c_lflag = TIO_LFLAG};
        struct termios t = {
            .c_iflag = TIO_IFLAG, .c_oflag = TIO_OFLAG, .c_cflag = TIO_CFLAG, .c_lflag = TIO_LFLAG};
        struct termio to = {.c_iflag = IGNCR | ICRNL,
                            .c_oflag = NL1 | CR2 | FF1 | ONLCR | OFDEL,
                            .c_cflag = B600 | CS5 | CREAD | PARENB | CLOCAL,
                            .c_lflag = XCASE | ECHO};

        (void)state;
        EV(SYS_ioctl, 0, 3, TCSETS2, P1);
        seg_buf(2, &t2, sizeof(t2));
        assert_string_equal(decode(), "ioctl(3, TCSETS2, " TIO_TEXT ") = 0");
        EV(SYS_ioctl, 0, 3, TCGETS2, P1);
        seg_buf(2, &t2, sizeof(t2));
        assert_string_equal(decode(), "ioctl(3, TCGETS2, " TIO_TEXT ") = 0");
        /* what the call returns is not shown after a failure */
        EV(SYS_ioctl, -EFAULT, 3, TCGETS2, P1);
        seg_buf(2, &t2, sizeof(t2));
        assert_string_equal(decode(), "ioctl(3, TCGETS2, 0x7ffd1000)" EFAULT_TEXT);
        /* what it is given is, read or not */
        EV(SYS_ioctl, -EFAULT, 3, TCSETSF2, P1);
        seg_fault(2);
        assert_string_equal(decode(), "ioctl(3, TCSETSF2, 0x7ffd1000)" EFAULT_TEXT);
        EV(SYS_ioctl, -EFAULT, 3, TCSETSW2, 0);
        assert_string_equal(decode(), "ioctl(3, TCSETSW2, NULL)" EFAULT_TEXT);
        EV(SYS_ioctl, 0, 3, TCSETS, P1);
        seg_buf(2, &t, sizeof(t));
        assert_string_equal(decode(), "ioctl(3, SNDCTL_TMR_START or TCSETS, " TIO_TEXT ") = 0");
        /* a short copy is no termios */
        EV(SYS_ioctl, 0, 3, TCGETS, P1);
        seg_buf(2, &t, sizeof(t) - 1);
        assert_string_equal(decode(), "ioctl(3, TCGETS, 0x7ffd1000) = 0");
        EV(SYS_ioctl, 0, 3, TCSETA, P1);
        seg_buf(2, &to, sizeof(to));
        assert_string_equal(decode(),
                            "ioctl(3, TCSETA, {c_iflag=IGNCR|ICRNL, "
                            "c_oflag=NL1|CR2|TAB0|BS0|VT0|FF1|ONLCR|OFDEL, "
                            "c_cflag=B600|CS5|CREAD|PARENB|CLOCAL, c_lflag=XCASE|ECHO, ...}) = 0");
        /* ints and no argument at all */
        EV(SYS_ioctl, -EBADF, -1, TCXONC, TCOON);
        assert_string_equal(decode(), "ioctl(-1, TCXONC, TCOON)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, TCFLSH, 0xdeadbeefULL);
        assert_string_equal(decode(), "ioctl(-1, TCFLSH, 0xdeadbeef /* TC??? */)" EBADF_TEXT);
        EV(SYS_ioctl, 0, 1, TCSBRK, 1);
        assert_string_equal(decode(), "ioctl(1, TCSBRK, 1) = 0");
        EV(SYS_ioctl, 0, 8, FIONCLEX);
        assert_string_equal(decode(), "ioctl(8, FIONCLEX) = 0");
}

static void test_tty_values(void **state)
{
        const struct winsize ws = {33152, 33666, 34180, 34694};
        const int pgrp = 4321;
        const unsigned modem = TIOCM_DTR | TIOCM_CAR | 0x10000;
        const char ch = '\n';

        (void)state;
        EV(SYS_ioctl, -EBADF, -1, TIOCSWINSZ, P1);
        seg_buf(2, &ws, sizeof(ws));
        assert_string_equal(decode(),
                            "ioctl(-1, TIOCSWINSZ, {ws_row=33152, ws_col=33666, ws_xpixel=34180, "
                            "ws_ypixel=34694})" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, TIOCGWINSZ, P1);
        seg_buf(2, &ws, sizeof(ws));
        assert_string_equal(decode(), "ioctl(-1, TIOCGWINSZ, 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, TIOCGWINSZ, 0);
        assert_string_equal(decode(), "ioctl(-1, TIOCGWINSZ, NULL)" EBADF_TEXT);
        EV(SYS_ioctl, 0, 1, TIOCGWINSZ, P1);
        seg_buf(2, &ws, sizeof(ws));
        assert_string_equal(decode(), "ioctl(1, TIOCGWINSZ, {ws_row=33152, ws_col=33666, "
                                      "ws_xpixel=34180, ws_ypixel=34694}) = 0");
        EV(SYS_ioctl, 0, 0, TIOCGPGRP, P1);
        seg_buf(2, &pgrp, sizeof(pgrp));
        assert_string_equal(decode(), "ioctl(0, TIOCGPGRP, [4321]) = 0");
        EV(SYS_ioctl, -EPERM, 0, TIOCSPGRP, P1);
        seg_buf(2, &pgrp, sizeof(pgrp));
        assert_string_equal(decode(),
                            "ioctl(0, TIOCSPGRP, [4321]) = -1 EPERM (Operation not permitted)");
        EV(SYS_ioctl, -EBADF, -1, TIOCMBIS, P1);
        seg_buf(2, &modem, sizeof(modem));
        assert_string_equal(decode(),
                            "ioctl(-1, TIOCMBIS, [TIOCM_DTR|TIOCM_CAR|0x10000])" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, TIOCMSET, P1);
        seg_fault(2);
        assert_string_equal(decode(), "ioctl(-1, TIOCMSET, 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, 0, 0, TIOCSTI, P1);
        seg_buf(2, &ch, 1);
        assert_string_equal(decode(), "ioctl(0, TIOCSTI, \"\\n\") = 0");
}

static void test_console(void **state)
{
        struct kbentry ke = {.kb_table = K_SHIFTTAB, .kb_index = 69, .kb_value = 0x10};
        const unsigned char leds = LED_NUM | LED_CAP;
        const unsigned mode = KD_GRAPHICS;

        (void)state;
        EV(SYS_ioctl, -EBADF, -1, KIOCSOUND, 440);
        assert_string_equal(decode(), "ioctl(-1, KIOCSOUND, 440 /* 2711 Hz */)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KIOCSOUND, 1193183);
        assert_string_equal(decode(), "ioctl(-1, KIOCSOUND, 1193183 /* off */)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDMKTONE, 0xdeadfaceULL);
        assert_string_equal(
            decode(), "ioctl(-1, KDMKTONE, 57005<<16|64206 /* 18 Hz, 57005 ms */)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDMKTONE, 440);
        assert_string_equal(decode(), "ioctl(-1, KDMKTONE, 440 /* off */)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDSETLED, 0xbadc0dedfeedfaf0ULL);
        assert_string_equal(decode(), "ioctl(-1, KDSETLED, 0xf0 /* LED_??? */)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDSETLED, 0xfe);
        assert_string_equal(decode(), "ioctl(-1, KDSETLED, LED_NUM|LED_CAP|0xf8)" EBADF_TEXT);
        EV(SYS_ioctl, 0, 3, KDGETLED, P1);
        seg_buf(2, &leds, 1);
        assert_string_equal(decode(), "ioctl(3, KDGETLED, [LED_NUM|LED_CAP]) = 0");
        EV(SYS_ioctl, 0, 3, KDGKBLED, P1);
        seg_buf(2, &leds, 1);
        assert_string_equal(decode(), "ioctl(3, KDGKBLED, [LED_NUM|LED_CAP]) = 0");
        EV(SYS_ioctl, -EBADF, -1, KDADDIO, 0x3c0);
        assert_string_equal(decode(), "ioctl(-1, KDADDIO, 0x3c0 /* GPFIRST + 12 */)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDDELIO, 0x3e0);
        assert_string_equal(decode(), "ioctl(-1, KDDELIO, 0x3e0)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDSETMODE, 0xbadc0dedcacafefeULL);
        assert_string_equal(decode(), "ioctl(-1, KDSETMODE, 0xcacafefe /* KD_??? */)" EBADF_TEXT);
        EV(SYS_ioctl, 0, 3, KDGETMODE, P1);
        seg_buf(2, &mode, sizeof(mode));
        assert_string_equal(decode(), "ioctl(3, KDGETMODE, [KD_GRAPHICS]) = 0");
        EV(SYS_ioctl, -EBADF, -1, KDSKBMODE, 0xfeedfacefeedfaceULL);
        assert_string_equal(decode(), "ioctl(-1, KDSKBMODE, -17958194 /* K_??? */)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDSKBMODE, K_OFF);
        assert_string_equal(decode(), "ioctl(-1, KDSKBMODE, K_OFF)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDSIGACCEPT, SIGUSR1);
        assert_string_equal(decode(), "ioctl(-1, KDSIGACCEPT, SIGUSR1)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDENABIO, 0xdeadbeef);
        assert_string_equal(decode(), "ioctl(-1, KDENABIO)" EBADF_TEXT);

        /* given at entry, returned at exit: both when the call succeeded */
        struct kbkeycode kin = {0xfacefeed, 0xdeadface}, kout = {0xfacefeed, 42};
        struct kbd_repeat rin = {-1, 250}, rout = {500, 33};

        EV(SYS_ioctl, 0, 3, KDGETKEYCODE, P1);
        seg(2, RENACER_SEG_BUF, 0, &kin, sizeof(kin));
        seg_buf(2, &kout, sizeof(kout));
        assert_string_equal(decode(),
                            "ioctl(3, KDGETKEYCODE, {scancode=0xfacefeed, keycode=0xdeadface => "
                            "0x2a}) = 0");
        EV(SYS_ioctl, -EBADF, -1, KDGETKEYCODE, P1);
        seg(2, RENACER_SEG_BUF, 0, &kin, sizeof(kin));
        seg_buf(2, &kin, sizeof(kin));
        assert_string_equal(
            decode(),
            "ioctl(-1, KDGETKEYCODE, {scancode=0xfacefeed, keycode=0xdeadface})" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDSETKEYCODE, P1);
        seg_buf(2, &kin, sizeof(kin));
        assert_string_equal(
            decode(),
            "ioctl(-1, KDSETKEYCODE, {scancode=0xfacefeed, keycode=0xdeadface})" EBADF_TEXT);
        EV(SYS_ioctl, 0, 3, KDKBDREP, P1);
        seg(2, RENACER_SEG_BUF, 0, &rin, sizeof(rin));
        seg_buf(2, &rout, sizeof(rout));
        assert_string_equal(decode(), "ioctl(3, KDKBDREP, {delay=-1, period=250} => {delay=500, "
                                      "period=33}) = 0");
        /* no entry copy (it faulted): the address, whatever came back */
        EV(SYS_ioctl, 0, 3, KDKBDREP, P1);
        seg(2, RENACER_SEG_BUF, RENACER_SEGF_FAULT, NULL, 0);
        seg_buf(2, &rout, sizeof(rout));
        assert_string_equal(decode(), "ioctl(3, KDKBDREP, 0x7ffd1000) = 0");

        /* the table and index the call is given, then the value */
        EV(SYS_ioctl, -EBADF, -1, KDSKBENT, P1);
        seg_buf(2, &ke, sizeof(ke));
        assert_string_equal(decode(), "ioctl(-1, KDSKBENT, {kb_table=K_SHIFTTAB, kb_index=69, "
                                      "kb_value=0x10 /* K(KT_LATIN, '\\x10') */})" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDGKBENT, P1);
        seg_buf(2, &ke, sizeof(ke));
        assert_string_equal(decode(),
                            "ioctl(-1, KDGKBENT, {kb_table=K_SHIFTTAB, kb_index=69})" EBADF_TEXT);
        ke.kb_table = 1 << KG_ALT | 1 << KG_SHIFTR | 1 << KG_CTRLR;
        ke.kb_value = K_F1;
        EV(SYS_ioctl, 0, 3, KDGKBENT, P1);
        seg_buf(2, &ke, sizeof(ke));
        assert_string_equal(decode(),
                            "ioctl(3, KDGKBENT, {kb_table=1<<KG_ALT|1<<KG_SHIFTR|1<<KG_CTRLR, "
                            "kb_index=69, kb_value=0x100 /* K_F1 */}) = 0");
        ke.kb_table = K_NORMTAB;
        ke.kb_value = K(KT_SPEC, 0x14);
        EV(SYS_ioctl, -EBADF, -1, KDSKBENT, P1);
        seg_buf(2, &ke, sizeof(ke));
        assert_string_equal(decode(), "ioctl(-1, KDSKBENT, {kb_table=K_NORMTAB, kb_index=69, "
                                      "kb_value=0x214 /* K(KT_SPEC, 0x14) */})" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, KDGKBENT, P1);
        seg_fault(2);
        assert_string_equal(decode(), "ioctl(-1, KDGKBENT, 0x7ffd1000)" EBADF_TEXT);
}

static void test_sockets(void **state)
{
        struct ifreq ifr;
        struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(7085)};
        const int owner = 4569;

        (void)state;
        memset(&ifr, 0, sizeof(ifr));
        memcpy(ifr.ifr_name, "0123456789012345", IFNAMSIZ);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
        EV(SYS_ioctl, -EBADF, -1, SIOCSIFADDR, P1);
        seg_buf(2, &ifr, sizeof(ifr));
        assert_string_equal(decode(), "ioctl(-1, SIOCSIFADDR, {ifr_name=\"012345678901234\"..., "
                                      "ifr_addr={sa_family=AF_INET, sin_port=htons(7085), "
                                      "sin_addr=inet_addr(\"127.0.0.1\")}})" EBADF_TEXT);

        memset(&ifr, 0, sizeof(ifr));
        strcpy(ifr.ifr_name, "012345678901234");
        ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
        memcpy(ifr.ifr_hwaddr.sa_data, "\x92\x93\x94\x95\x96\x97\x98", 7);
        EV(SYS_ioctl, -EBADF, -1, SIOCSIFHWADDR, P1);
        seg_buf(2, &ifr, sizeof(ifr));
        assert_string_equal(decode(), "ioctl(-1, SIOCSIFHWADDR, {ifr_name=\"012345678901234\", "
                                      "ifr_hwaddr={sa_family=ARPHRD_ETHER, "
                                      "sa_data=92:93:94:95:96:97}})" EBADF_TEXT);
        ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_DYNAMIC;
        EV(SYS_ioctl, -EBADF, -1, SIOCSIFFLAGS, P1);
        seg_buf(2, &ifr, sizeof(ifr));
        assert_string_equal(decode(), "ioctl(-1, SIOCSIFFLAGS, {ifr_name=\"012345678901234\", "
                                      "ifr_flags=IFF_UP|IFF_LOOPBACK|IFF_DYNAMIC})" EBADF_TEXT);
        ifr.ifr_mtu = -87097646;
        EV(SYS_ioctl, -EBADF, -1, SIOCSIFMTU, P1);
        seg_buf(2, &ifr, sizeof(ifr));
        assert_string_equal(decode(), "ioctl(-1, SIOCSIFMTU, {ifr_name=\"012345678901234\", "
                                      "ifr_mtu=-87097646})" EBADF_TEXT);

        /* a get request: the name it is given, then what it returns */
        memset(&ifr, 0, sizeof(ifr));
        strcpy(ifr.ifr_name, "lo");
        ifr.ifr_ifindex = 1;
        EV(SYS_ioctl, 0, 3, SIOCGIFINDEX, P1);
        seg_buf(2, &ifr, sizeof(ifr));
        assert_string_equal(decode(),
                            "ioctl(3, SIOCGIFINDEX, {ifr_name=\"lo\", ifr_ifindex=1}) = 0");
        EV(SYS_ioctl, -EBADF, -1, SIOCGIFNAME, P1);
        seg_buf(2, &ifr, sizeof(ifr));
        assert_string_equal(decode(), "ioctl(-1, SIOCGIFNAME, {ifr_ifindex=1})" EBADF_TEXT);
        EV(SYS_ioctl, 0, 3, SIOCGIFNAME, P1);
        seg_buf(2, &ifr, sizeof(ifr));
        assert_string_equal(decode(),
                            "ioctl(3, SIOCGIFNAME, {ifr_ifindex=1, ifr_name=\"lo\"}) = 0");
        EV(SYS_ioctl, -EBADF, -1, SIOCGIFMTU, 0);
        assert_string_equal(decode(), "ioctl(-1, SIOCGIFMTU, NULL)" EBADF_TEXT);
        EV(SYS_ioctl, -EFAULT, 3, SIOCSIFMTU, P1);
        seg_fault(2);
        assert_string_equal(decode(), "ioctl(3, SIOCSIFMTU, 0x7ffd1000)" EFAULT_TEXT);

        EV(SYS_ioctl, 0, 3, FIOSETOWN, P1);
        seg_buf(2, &owner, sizeof(owner));
        assert_string_equal(decode(), "ioctl(3, FIOSETOWN, [4569]) = 0");
        EV(SYS_ioctl, -EBADF, -1, SIOCGPGRP, P1);
        seg_buf(2, &owner, sizeof(owner));
        assert_string_equal(decode(), "ioctl(-1, SIOCGPGRP, 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, SIOCBRADDBR, P1);
        seg_buf(2, "012345678901234", IFNAMSIZ);
        assert_string_equal(decode(), "ioctl(-1, SIOCBRADDBR, \"012345678901234\")" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, SIOCADDRT, 0);
        assert_string_equal(decode(), "ioctl(-1, SIOCADDRT, NULL)" EBADF_TEXT);
}

static void test_block(void **state)
{
        const uint64_t size = 0xdeadbeefbadc0dedULL, range[2] = {16045690984232390125ULL, 7};
        const int ro = -559038737;
        const unsigned short sect = 0xffff;

        (void)state;
        EV(SYS_ioctl, 0, 3, BLKGETSIZE64, P1);
        seg_buf(2, &size, sizeof(size));
        assert_string_equal(decode(), "ioctl(3, BLKGETSIZE64, [16045690984232390125]) = 0");
        EV(SYS_ioctl, -EBADF, -1, BLKGETSIZE64, 0);
        assert_string_equal(decode(), "ioctl(-1, BLKGETSIZE64, NULL)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, BLKDISCARD, P1);
        seg_buf(2, range, sizeof(range));
        assert_string_equal(decode(),
                            "ioctl(-1, BLKDISCARD, [16045690984232390125, 7])" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, BLKROSET, P1);
        seg_buf(2, &ro, sizeof(ro));
        assert_string_equal(decode(), "ioctl(-1, BLKROSET, [-559038737])" EBADF_TEXT);
        EV(SYS_ioctl, 0, 3, BLKSECTGET, P1);
        seg_buf(2, &sect, sizeof(sect));
        assert_string_equal(decode(), "ioctl(3, BLKSECTGET, [65535]) = 0");
        EV(SYS_ioctl, -EBADF, -1, BLKRASET, 0xdeadbeefbadc0dedULL);
        assert_string_equal(decode(), "ioctl(-1, BLKRASET, 16045690984232390125)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, BLKFLSBUF, 0xdeadbeefbadc0dedULL);
        assert_string_equal(decode(), "ioctl(-1, BLKFLSBUF)" EBADF_TEXT);
}

static void test_loop_rtc(void **state)
{
        struct loop_info li;
        struct loop_info64 l64;
        struct rtc_time t = {
            -2088599168, -2021227132, -1953855096, -1886483060, -1819111024, -1751738988, 1, 2, 3};
        struct rtc_wkalrm w = {.enabled = 128, .pending = 129, .time = t};

        (void)state;
        memset(&li, 0, sizeof(li));
        li.lo_number = -2088599168;
        li.lo_offset = (int)0xa3a2a1a0;
        li.lo_encrypt_type = (int)0xa7a6a5a4;
        li.lo_encrypt_key_size = 1;
        li.lo_flags = (int)0xdeface00;
        EV(SYS_ioctl, -EBADF, -1, LOOP_SET_STATUS, P1);
        seg_buf(2, &li, sizeof(li));
        assert_string_equal(
            decode(), "ioctl(-1, LOOP_SET_STATUS, {lo_number=-2088599168, lo_offset=0xa3a2a1a0, "
                      "lo_encrypt_type=0xa7a6a5a4 /* LO_CRYPT_??? */, lo_encrypt_key_size=1, "
                      "lo_flags=0xdeface00 /* LO_FLAGS_??? */, lo_name=\"\", "
                      "lo_encrypt_key=\"\\0\", ...})" EBADF_TEXT);
        memset(&l64, 0, sizeof(l64));
        l64.lo_offset = 0x9f9e9d9c9b9a9998ULL;
        l64.lo_number = 2880088488U;
        l64.lo_flags = LO_FLAGS_READ_ONLY;
        memset(l64.lo_file_name, 'C', sizeof(l64.lo_file_name));
        EV(SYS_ioctl, -EBADF, -1, LOOP_SET_STATUS64, P1);
        seg_buf(2, &l64, sizeof(l64));
        assert_string_equal(decode(),
                            "ioctl(-1, LOOP_SET_STATUS64, {lo_offset=0x9f9e9d9c9b9a9998, "
                            "lo_number=2880088488, lo_flags=LO_FLAGS_READ_ONLY, "
                            "lo_file_name=\"CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
                            "CCCCCCCC\"..., ...})" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, LOOP_GET_STATUS64, P1);
        seg_buf(2, &l64, sizeof(l64));
        assert_string_equal(decode(), "ioctl(-1, LOOP_GET_STATUS64, 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, LOOP_SET_FD, 0xbadc0dedbadc0dedULL);
        assert_string_equal(decode(), "ioctl(-1, LOOP_SET_FD, -1159983635)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, LOOP_CLR_FD, 0xbadc0dedbadc0dedULL);
        assert_string_equal(decode(), "ioctl(-1, LOOP_CLR_FD)" EBADF_TEXT);

        /* numbers this wide take more than one piece of output */
        EV(SYS_ioctl, -EBADF, -1, RTC_ALM_SET, P1);
        seg_buf(2, &t, sizeof(t));
        assert_string_equal(decode(),
                            "ioctl(-1, RTC_ALM_SET, {tm_sec=-2088599168, tm_min=-2021227132, "
                            "tm_hour=-1953855096, tm_mday=-1886483060, tm_mon=-1819111024, "
                            "tm_year=-1751738988, ...})" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, RTC_RD_TIME, P1);
        seg_buf(2, &t, sizeof(t));
        assert_string_equal(decode(), "ioctl(-1, RTC_RD_TIME, 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, RTC_WKALM_SET, P1);
        seg_buf(2, &w, sizeof(w));
        assert_string_equal(decode(),
                            "ioctl(-1, RTC_WKALM_SET, {enabled=128, pending=129, "
                            "time={tm_sec=-2088599168, tm_min=-2021227132, tm_hour=-1953855096, "
                            "tm_mday=-1886483060, tm_mon=-1819111024, tm_year=-1751738988, "
                            "...}})" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, RTC_EPOCH_SET, 0xdeadbeefbadc0dedULL);
        assert_string_equal(decode(), "ioctl(-1, RTC_EPOCH_SET, 16045690984232390125)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, RTC_AIE_ON, 0);
        assert_string_equal(decode(), "ioctl(-1, RTC_AIE_ON)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, RTC_UIE_OFF, 0);
        assert_string_equal(decode(), "ioctl(-1, PHN_NOT_OH or RTC_UIE_OFF)" EBADF_TEXT);
}

static void test_small_families(void **state)
{
        const int v = 123;
        const unsigned uid = 0xfffffffe;
        const uint64_t id = 0xdeadbeefcafef00dULL;

        (void)state;
        EV(SYS_ioctl, -EBADF, -1, RNDADDTOENTCNT, P1);
        seg_buf(2, &v, sizeof(v));
        assert_string_equal(decode(), "ioctl(-1, RNDADDTOENTCNT, [123])" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, RNDZAPENTCNT, 0);
        assert_string_equal(decode(),
                            "ioctl(-1, FASTRPC_IOCTL_INIT_ATTACH or RNDZAPENTCNT)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, WDIOC_SETTIMEOUT, P1);
        seg_buf(2, &v, sizeof(v));
        assert_string_equal(decode(), "ioctl(-1, WDIOC_SETTIMEOUT, [123])" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, WDIOC_GETTIMEOUT, P1);
        seg_buf(2, &v, sizeof(v));
        assert_string_equal(decode(), "ioctl(-1, WDIOC_GETTIMEOUT, 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, WDIOC_KEEPALIVE, P1);
        assert_string_equal(decode(), "ioctl(-1, WDIOC_KEEPALIVE)" EBADF_TEXT);
        EV(SYS_ioctl, CLONE_NEWNET, 3, NS_GET_NSTYPE);
        assert_string_equal(decode(), "ioctl(3, NS_GET_NSTYPE) = 1073741824 (CLONE_NEWNET)");
        EV(SYS_ioctl, 5, 3, NS_GET_USERNS);
        assert_string_equal(decode(), "ioctl(3, NS_GET_USERNS) = 5");
        EV(SYS_ioctl, 0, 3, NS_GET_OWNER_UID, P1);
        seg_buf(2, &uid, sizeof(uid));
        assert_string_equal(decode(), "ioctl(3, NS_GET_OWNER_UID, [4294967294]) = 0");
        EV(SYS_ioctl, -EBADF, -1, PERF_EVENT_IOC_ENABLE, 0xbadc0dedULL);
        assert_string_equal(
            decode(),
            "ioctl(-1, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP|0xbadc0dec)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, PERF_EVENT_IOC_DISABLE, 2);
        assert_string_equal(
            decode(), "ioctl(-1, PERF_EVENT_IOC_DISABLE, 0x2 /* PERF_IOC_FLAG_??? */)" EBADF_TEXT);
        EV(SYS_ioctl, 0, 3, PERF_EVENT_IOC_ID, P1);
        seg_buf(2, &id, sizeof(id));
        assert_string_equal(decode(), "ioctl(3, PERF_EVENT_IOC_ID, [16045690984503111693]) = 0");
        EV(SYS_ioctl, -EBADF, -1, NBD_SET_FLAGS, 0x4ff);
        assert_string_equal(decode(),
                            "ioctl(-1, NBD_SET_FLAGS, NBD_FLAG_HAS_FLAGS|NBD_FLAG_READ_ONLY|"
                            "NBD_FLAG_SEND_FLUSH|NBD_FLAG_SEND_FUA|NBD_FLAG_ROTATIONAL|"
                            "NBD_FLAG_SEND_TRIM|NBD_FLAG_SEND_WRITE_ZEROES|NBD_FLAG_SEND_DF|"
                            "NBD_FLAG_SEND_CACHE)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, NBD_DO_IT, 0xdeadbeef);
        assert_string_equal(decode(), "ioctl(-1, NBD_DO_IT)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, NBD_SET_SIZE, 0xdeadbeefULL);
        assert_string_equal(decode(), "ioctl(-1, NBD_SET_SIZE, 3735928559)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, LIRC_SET_REC_TIMEOUT, P1);
        seg_buf(2, &v, sizeof(v));
        assert_string_equal(decode(), "ioctl(-1, LIRC_SET_REC_TIMEOUT, [123])" EBADF_TEXT);
        EV(SYS_ioctl, 0, 3, LIRC_GET_REC_MODE, P1);
        seg_buf(2, &(uint32_t){LIRC_MODE_MODE2}, sizeof(uint32_t));
        assert_string_equal(decode(), "ioctl(3, LIRC_GET_REC_MODE, [LIRC_MODE_MODE2]) = 0");
        EV(SYS_ioctl, -EBADF, -1, LIRC_GET_FEATURES, P1);
        assert_string_equal(decode(), "ioctl(-1, LIRC_GET_FEATURES, 0x7ffd1000)" EBADF_TEXT);
        /* a structure strace decodes and renacer does not: its address */
        EV(SYS_ioctl, -EBADF, -1, _IOR('E', 0x01, int), 0);
        assert_string_equal(decode(), "ioctl(-1, EVIOCGVERSION, NULL)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, EVIOCGNAME(0), 0);
        assert_string_equal(decode(), "ioctl(-1, EVIOCGNAME(0), NULL)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, EVIOCRMFF, 0xbadc0dedbadc0dedULL);
        assert_string_equal(decode(), "ioctl(-1, EVIOCRMFF, -1159983635)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, EVIOCGRAB, 0xdeadbeefbadc0dedULL);
        assert_string_equal(decode(), "ioctl(-1, EVIOCGRAB, 16045690984232390125)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, EVIOCSCLOCKID, P1);
        seg_buf(2, &(uint32_t){0xdeadbeef}, sizeof(uint32_t));
        assert_string_equal(decode(), "ioctl(-1, EVIOCSCLOCKID, [3735928559])" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, FS_IOC_SETFLAGS, P1);
        seg_buf(2, &(uint32_t){FS_SYNC_FL | FS_IMMUTABLE_FL | 0x1000000}, sizeof(uint32_t));
        assert_string_equal(decode(), "ioctl(-1, FS_IOC_SETFLAGS, [FS_SYNC_FL|FS_IMMUTABLE_FL|"
                                      "0x1000000])" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, FS_IOC32_SETFLAGS, P1);
        seg_buf(2, &(uint32_t){0xd000000}, sizeof(uint32_t));
        assert_string_equal(decode(),
                            "ioctl(-1, FS_IOC32_SETFLAGS, [0xd000000 /* FS_???_FL */])" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, FS_IOC_GETFLAGS, P1);
        seg_buf(2, &(uint32_t){FS_SYNC_FL}, sizeof(uint32_t));
        assert_string_equal(decode(), "ioctl(-1, FS_IOC_GETFLAGS, 0x7ffd1000)" EBADF_TEXT);
        /* cp's FICLONE: the source fd itself, not a pointer; the rest
         * of the family stays an address */
        EV(SYS_ioctl, -EOPNOTSUPP, 4, FICLONE, 3);
        assert_string_equal(decode(), "ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3) = -1 EOPNOTSUPP "
                                      "(Operation not supported)");
        EV(SYS_ioctl, -EBADF, -1, FICLONERANGE, P1);
        assert_string_equal(decode(), "ioctl(-1, BTRFS_IOC_CLONE_RANGE or FICLONERANGE, "
                                      "0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, UBI_IOCRMVOL, P1);
        seg_buf(2, &(int32_t){-559038737}, sizeof(int32_t));
        assert_string_equal(decode(), "ioctl(-1, UBI_IOCRMVOL, [-559038737])" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, UBI_IOCVOLUP, P1);
        seg_buf(2, &(int64_t){-2401053089477161491LL}, sizeof(int64_t));
        assert_string_equal(decode(), "ioctl(-1, UBI_IOCVOLUP, [-2401053089477161491])" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, UBI_IOCVOLRMBLK, P1);
        assert_string_equal(decode(), "ioctl(-1, UBI_IOCVOLRMBLK)" EBADF_TEXT);
        EV(SYS_ioctl, 0, 3, HDIO_GETGEO, P1);
        seg_buf(2, &(struct hd_geometry){255, 63, 1024, 2048}, sizeof(struct hd_geometry));
        assert_string_equal(decode(), "ioctl(3, HDIO_GETGEO, {heads=255, sectors=63, "
                                      "cylinders=1024, start=2048}) = 0");
        EV(SYS_ioctl, -EBADF, -1, HDIO_SET_DMA, 0xfacefeedded4ffffULL);
        assert_string_equal(decode(), "ioctl(-1, HDIO_SET_DMA, 18072662652283584511)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, HDIO_GET_32BIT, P1);
        assert_string_equal(decode(), "ioctl(-1, HDIO_GET_32BIT, 0x7ffd1000)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, HDIO_GET_IDENTITY, 0);
        assert_string_equal(decode(), "ioctl(-1, HDIO_GET_IDENTITY, NULL)" EBADF_TEXT);
        EV(SYS_ioctl, -EBADF, -1, FIFREEZE, P1);
        assert_string_equal(decode(), "ioctl(-1, FIFREEZE)" EBADF_TEXT);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_request_names), cmocka_unit_test(test_termios),
            cmocka_unit_test(test_tty_values),    cmocka_unit_test(test_console),
            cmocka_unit_test(test_sockets),       cmocka_unit_test(test_block),
            cmocka_unit_test(test_loop_rtc),      cmocka_unit_test(test_small_families),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
