/* SPDX-License-Identifier: MIT */
/*
 * Socket ioctls (type 0x89, linux/sockios.h) as strace 6.1's sock.c prints
 * them: the interface requests' struct ifreq by the field each request
 * reads or writes, the int ones, and the address alone for the requests
 * strace does not look into. The ifreq is the one copy EXIT(IOCTL) makes
 * at exit: what a request is given is still there when it failed, and
 * what a get request returns sits beside the name it was given.
 */
/* glibc's net/if.h first: linux/if.h then leaves its definitions alone */
#include <net/if.h>
#include <linux/if_arp.h>
#include <linux/ioctl.h>
#include <linux/sockios.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "decode-args.h"
#include "decode-internal.h"
#include "decode-ioctl.h"

/* generated from the lists of the same names in xlat/ */
extern const struct xlat xl_iffflags, xl_arp_hardware_types;

/* strace's hwaddr_sizes[]: the address length of the device types whose
 * sa_data is not printed whole */
static size_t hwaddr_size(unsigned type)
{
        switch (type) {
        case ARPHRD_NETROM:
        case ARPHRD_AX25:
                return 7;
        case ARPHRD_ETHER:
        case ARPHRD_IEEE802:
        case ARPHRD_LOOPBACK:
        case ARPHRD_FDDI:
        case ARPHRD_HIPPI:
        case ARPHRD_IEEE80211:
        case ARPHRD_IEEE80211_PRISM:
        case ARPHRD_IEEE80211_RADIOTAP:
                return 6;
        case ARPHRD_ARCNET:
        case ARPHRD_MCTP:
        case ARPHRD_LOCALTLK:
        case ARPHRD_PHONET:
        case ARPHRD_PHONET_PIPE:
                return 1;
        case ARPHRD_DLCI:
                return sizeof(short);
        case ARPHRD_IEEE1394:
        case ARPHRD_TUNNEL6:
        case ARPHRD_IP6GRE:
                return 16;
        case ARPHRD_EUI64:
        case ARPHRD_IEEE802154:
        case ARPHRD_IEEE802154_MONITOR:
        case ARPHRD_6LOWPAN:
                return 8;
        case ARPHRD_INFINIBAND:
                return 20;
        case ARPHRD_TUNNEL:
        case ARPHRD_SIT:
        case ARPHRD_IPGRE:
        case ARPHRD_IRDA:
                return 4;
        case ARPHRD_ROSE:
                return 5;
        case ARPHRD_SLIP:
        case ARPHRD_X25:
        case ARPHRD_CAN:
        case ARPHRD_PPP:
        case ARPHRD_RAWHDLC:
        case ARPHRD_RAWIP:
        case ARPHRD_IPDDP:
        case ARPHRD_PIMREG:
        case ARPHRD_CAIF:
        case ARPHRD_NETLINK:
        case ARPHRD_VSOCKMON:
                return 0;
        default:
                return 14; /* all of sa_data */
        }
}

/* PRINT_FIELD_CSTRING: up to the NUL, the last byte taken as one */
static void put_name_field(struct dbuf *b, const char *field, const char *s, size_t size)
{
        size_t n = strnlen(s, size);

        db_printf(b, "%s=", field);
        if (n == size) {
                put_quoted(b, (const uint8_t *)s, size - 1, false);
                db_puts(b, "...");
        } else {
                put_quoted(b, (const uint8_t *)s, n, false);
        }
}

static void put_ifr_sockaddr(struct dctx *c, const char *field, const struct sockaddr *sa)
{
        struct record_seg s = {
            .arg = 2, .type = RENACER_SEG_BUF, .len = sizeof(*sa), .data = (const void *)sa};

        db_printf(c->b, "%s=", field);
        put_sockaddr_seg(c, &s, A(2), sizeof(*sa));
}

static void put_ifr_hwaddr(struct dbuf *b, const struct sockaddr *sa)
{
        size_t n = hwaddr_size(sa->sa_family);

        db_puts(b, "ifr_hwaddr={sa_family=");
        put_xval(b, &xl_arp_hardware_types, sa->sa_family, "ARPHRD_???");
        db_puts(b, ", sa_data=");
        if (n > sizeof(sa->sa_data))
                n = sizeof(sa->sa_data);
        for (size_t i = 0; i < n; i++)
                db_printf(b, i ? ":%02x" : "%02x", (uint8_t)sa->sa_data[i]);
        db_putc(b, '}');
}

/* the field of the union the request reads or writes */
static void put_ifreq_field(struct dctx *c, uint32_t code, const struct ifreq *r)
{
        switch (code) {
        case SIOCSIFADDR:
        case SIOCGIFADDR:
                put_ifr_sockaddr(c, "ifr_addr", &r->ifr_addr);
                break;
        case SIOCSIFDSTADDR:
        case SIOCGIFDSTADDR:
                put_ifr_sockaddr(c, "ifr_dstaddr", &r->ifr_dstaddr);
                break;
        case SIOCSIFBRDADDR:
        case SIOCGIFBRDADDR:
                put_ifr_sockaddr(c, "ifr_broadaddr", &r->ifr_broadaddr);
                break;
        case SIOCSIFNETMASK:
        case SIOCGIFNETMASK:
                put_ifr_sockaddr(c, "ifr_netmask", &r->ifr_netmask);
                break;
        case SIOCADDMULTI:
        case SIOCDELMULTI:
        case SIOCGIFHWADDR:
        case SIOCSIFHWADDR:
        case SIOCSIFHWBROADCAST:
                put_ifr_hwaddr(c->b, &r->ifr_hwaddr);
                break;
        case SIOCSIFFLAGS:
        case SIOCGIFFLAGS:
                db_puts(c->b, "ifr_flags=");
                put_flags(c->b, &xl_iffflags, (uint16_t)r->ifr_flags, "IFF_???");
                break;
        case SIOCGIFINDEX:
                db_printf(c->b, "ifr_ifindex=%d", r->ifr_ifindex);
                break;
        case SIOCSIFMETRIC:
        case SIOCGIFMETRIC:
                db_printf(c->b, "ifr_metric=%d", r->ifr_metric);
                break;
        case SIOCSIFMTU:
        case SIOCGIFMTU:
                db_printf(c->b, "ifr_mtu=%d", r->ifr_mtu);
                break;
        case SIOCSIFSLAVE:
        case SIOCGIFSLAVE:
                put_name_field(c->b, "ifr_slave", r->ifr_slave, sizeof(r->ifr_slave));
                break;
        case SIOCSIFNAME:
                put_name_field(c->b, "ifr_newname", r->ifr_newname, sizeof(r->ifr_newname));
                break;
        case SIOCGIFNAME:
                put_name_field(c->b, "ifr_name", r->ifr_name, sizeof(r->ifr_name));
                break;
        case SIOCSIFTXQLEN:
        case SIOCGIFTXQLEN:
                db_printf(c->b, "ifr_qlen=%d", r->ifr_qlen);
                break;
        case SIOCSIFMAP:
        case SIOCGIFMAP:
                /* db_printf() takes short pieces */
                db_printf(c->b, "ifr_map={mem_start=%#lx, mem_end=%#lx", r->ifr_map.mem_start,
                          r->ifr_map.mem_end);
                db_printf(c->b, ", base_addr=%#x, irq=%#x, dma=%#x, port=%#x}",
                          r->ifr_map.base_addr, r->ifr_map.irq, r->ifr_map.dma, r->ifr_map.port);
                break;
        }
}

static const struct ifreq *ifreq_arg(struct dctx *c, struct ifreq *r)
{
        const void *p = A(2) ? seg_struct(c, 2, sizeof(*r)) : NULL;

        if (!p) {
                put_ptr(c, A(2));
                return NULL;
        }
        memcpy(r, p, sizeof(*r));
        return r;
}

/* PRINT_FIELD_IFINDEX: the interface's name when one has the index */
static void put_ifindex(struct dbuf *b, int index)
{
        char name[IF_NAMESIZE];

        if (index > 0 && if_indextoname((unsigned)index, name))
                db_printf(b, "ifr_ifindex=if_nametoindex(\"%s\")", name);
        else
                db_printf(b, "ifr_ifindex=%d", index);
}

/* printnum_int() */
static void put_sock_int(struct dctx *c, bool out)
{
        const void *p = A(2) && !(out && c->failed) ? seg_struct(c, 2, sizeof(int)) : NULL;
        int v;

        if (!p) {
                put_ptr(c, A(2));
                return;
        }
        memcpy(&v, p, sizeof(v));
        db_printf(c->b, "[%d]", v);
}

bool ioctl_sock(struct dctx *c, uint32_t code)
{
        struct ifreq ifr;

        switch (code) {
        case SIOCBRADDBR:
        case SIOCBRDELBR: {
                const struct record_seg *s = seg_data(c, 2); /* printstr() */

                arg_next(c);
                if (!A(2) || !s || (s->flags & RENACER_SEGF_FAULT) || s->len < IFNAMSIZ) {
                        put_ptr(c, A(2));
                        return true;
                }
                /* printstr_ex(IFNAMSIZ, QUOTE_0_TERMINATED) */
                size_t n = strnlen((const char *)s->data, IFNAMSIZ);
                put_quoted(c->b, s->data, n, false);
                if (n == IFNAMSIZ)
                        db_puts(c->b, "...");
                return true;
        }
        case FIOGETOWN:
        case SIOCATMARK:
        case SIOCGIFENCAP:
        case SIOCGPGRP:
        case SIOCOUTQNSD:
                arg_next(c);
                put_sock_int(c, true);
                return true;
        case FIOSETOWN:
        case SIOCSIFENCAP:
        case SIOCSPGRP:
                arg_next(c);
                put_sock_int(c, false);
                return true;
        case SIOCBRADDIF:
        case SIOCBRDELIF:
                arg_next(c);
                if (ifreq_arg(c, &ifr)) {
                        db_putc(c->b, '{');
                        put_ifindex(c->b, ifr.ifr_ifindex);
                        db_putc(c->b, '}');
                }
                return true;
        case SIOCADDMULTI:
        case SIOCDELMULTI:
        case SIOCSIFADDR:
        case SIOCSIFBRDADDR:
        case SIOCSIFDSTADDR:
        case SIOCSIFFLAGS:
        case SIOCSIFHWADDR:
        case SIOCSIFHWBROADCAST:
        case SIOCSIFMAP:
        case SIOCSIFMETRIC:
        case SIOCSIFMTU:
        case SIOCSIFNAME:
        case SIOCSIFNETMASK:
        case SIOCSIFSLAVE:
        case SIOCSIFTXQLEN:
                arg_next(c);
                if (ifreq_arg(c, &ifr)) {
                        db_putc(c->b, '{');
                        put_name_field(c->b, "ifr_name", ifr.ifr_name, sizeof(ifr.ifr_name));
                        db_puts(c->b, ", ");
                        put_ifreq_field(c, code, &ifr);
                        db_putc(c->b, '}');
                }
                return true;
        case SIOCGIFADDR:
        case SIOCGIFBRDADDR:
        case SIOCGIFDSTADDR:
        case SIOCGIFFLAGS:
        case SIOCGIFHWADDR:
        case SIOCGIFINDEX:
        case SIOCGIFMAP:
        case SIOCGIFMETRIC:
        case SIOCGIFMTU:
        case SIOCGIFNAME:
        case SIOCGIFNETMASK:
        case SIOCGIFSLAVE:
        case SIOCGIFTXQLEN:
                arg_next(c);
                if (ifreq_arg(c, &ifr)) {
                        db_putc(c->b, '{');
                        if (code == SIOCGIFNAME)
                                db_printf(c->b, "ifr_ifindex=%d", ifr.ifr_ifindex);
                        else
                                put_name_field(c->b, "ifr_name", ifr.ifr_name,
                                               sizeof(ifr.ifr_name));
                        if (exited_ok(c)) {
                                db_puts(c->b, ", ");
                                put_ifreq_field(c, code, &ifr);
                        }
                        db_putc(c->b, '}');
                }
                return true;
        case SIOCADDDLCI:
        case SIOCADDRT:
        case SIOCBONDCHANGEACTIVE:
        case SIOCBONDENSLAVE:
        case SIOCBONDINFOQUERY:
        case SIOCBONDRELEASE:
        case SIOCBONDSETHWADDR:
        case SIOCBONDSLAVEINFOQUERY:
        case SIOCDARP:
        case SIOCDELDLCI:
        case SIOCDELRT:
        case SIOCDIFADDR:
        case SIOCDRARP:
        case SIOCETHTOOL:
        case SIOCGARP:
        case SIOCGHWTSTAMP:
        case SIOCGIFBR:
        case SIOCGIFCOUNT:
        case SIOCGIFMEM:
        case SIOCGIFPFLAGS:
        case SIOCGIFVLAN:
        case SIOCGMIIPHY:
        case SIOCGMIIREG:
        case SIOCGRARP:
        case SIOCGSKNS:
        case SIOCGSTAMP_OLD:
        case SIOCGSTAMP_NEW:
        case SIOCGSTAMPNS_OLD:
        case SIOCGSTAMPNS_NEW:
        case SIOCRTMSG:
        case SIOCSARP:
        case SIOCSHWTSTAMP:
        case SIOCSIFBR:
        case SIOCSIFLINK:
        case SIOCSIFMEM:
        case SIOCSIFPFLAGS:
        case SIOCSIFVLAN:
        case SIOCSMIIREG:
        case SIOCSRARP:
        case SIOCWANDEV:
                a_ptr(c, 2);
                return true;
        default:
                return false;
        }
}
