/* SPDX-License-Identifier: MIT */
/*
 * lwIP's options for a unikernel image (lwIP reads this file through
 * lwip/opt.h, which gives every option not set here its default).
 *
 * Without CONFIG_LWIP_THREADS: one thread, no operating system under
 * lwIP (NO_SYS): the application calls lwIP's raw API and uk_lwip_poll(),
 * which feeds received frames to lwIP and runs its timers. Nothing
 * interrupts lwIP, so it needs no locking (SYS_LIGHTWEIGHT_PROT off).
 */
#ifndef LWIPOPTS_H
#define LWIPOPTS_H

#if CONFIG_LWIP_THREADS
/*
 * Threads (sys_arch.c): lwIP's core in its tcpip thread, frames from a
 * device thread, and the socket calls in the application's threads. The
 * pools are shared between them (SYS_LIGHTWEIGHT_PROT).
 */
#define NO_SYS                  0
#define SYS_LIGHTWEIGHT_PROT    1
#define LWIP_SOCKET             1
#define LWIP_NETCONN            1
/* No macros named socket(), read() ...: posix-socket calls lwip_*(). */
#define LWIP_COMPAT_SOCKETS     0
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SO_RCVTIMEO        1
#define LWIP_SO_SNDTIMEO        1
#define LWIP_SO_RCVBUF          1
#define SO_REUSE                1
/* poll, select and epoll are posix-socket's, over posix-fdtab's events: no lwip_poll(). */
#define LWIP_SOCKET_POLL        0
#define MEMP_NUM_NETCONN        (CONFIG_LWIP_TCP_PCBS + 8 + 8)
/* Every mailbox holds up to SYS_MBOX_SLOTS messages (sys_arch.h). */
#define TCPIP_MBOX_SIZE         128
#define MEMP_NUM_TCPIP_MSG_INPKT 128
#define DEFAULT_TCP_RECVMBOX_SIZE 64
#define DEFAULT_UDP_RECVMBOX_SIZE 64
#define DEFAULT_RAW_RECVMBOX_SIZE 64
/*
 * Connections handshaken but not yet accept()ed: a full queue makes lwIP
 * reset the next one, so take every slot a mailbox has (they are there
 * anyway). A burst of clients (redis-benchmark opens 50 at once) otherwise
 * loses all but the first 16 before the server's accept loop runs.
 */
#define DEFAULT_ACCEPTMBOX_SIZE 128     /* SYS_MBOX_SLOTS */
/*
 * Debian's patch of sockets.c reads and writes an address's length
 * through these (its own port defines them for Linux's sockaddr); lwIP's
 * sockaddr has the BSD length byte.
 */
#define IP4ADDR_SOCKADDR_SET_LEN(sin) ((sin)->sin_len = sizeof(struct sockaddr_in))
#define IP6ADDR_SOCKADDR_SET_LEN(sin6) ((sin6)->sin6_len = sizeof(struct sockaddr_in6))
#define IPADDR_SOCKADDR_GET_LEN(addr) ((socklen_t)(addr)->sa.sa_len)
#else
#define NO_SYS                  1
#define SYS_LIGHTWEIGHT_PROT    0
#define LWIP_SOCKET             0
#define LWIP_NETCONN            0
#endif

#define LWIP_IPV4               1
#if CONFIG_LWIP_IPV6
/*
 * IPv6 with SLAAC (LWIP_IPV6_AUTOCONFIG: an address from the prefix of a
 * router advertisement), the static address of lwip.ip6 and gateway of
 * lwip.gw6 (netif.c);
 * three addresses: link-local, autoconfigured, static.
 */
#define LWIP_IPV6               1
#define LWIP_IPV6_AUTOCONFIG    1
#define LWIP_IPV6_NUM_ADDRESSES 3
#define LWIP_IPV6_MLD           1
#define LWIP_ICMP6              1
#define LWIP_IPV6_FRAG          1
#define LWIP_IPV6_REASS         1
/* Reassembly keeps its pointers beside the header: 64-bit pointers do not fit in it. */
#define IPV6_FRAG_COPYHEADER    1
#define LWIP_IPV6_DHCP6         0
#define LWIP_ND6_ALLOW_RA_UPDATES 1
/* netif.c says when an address from a router advertisement becomes usable. */
#define LWIP_NETIF_EXT_STATUS_CALLBACK 1
/*
 * lwip.gw6 (netif.c): neighbour discovery asks for the next hop of an
 * off-link destination before picking a router of its own.
 */
struct netif;
struct ip6_addr;
const struct ip6_addr *uk_lwip_nd6_gateway(struct netif *netif,
					   const struct ip6_addr *dest);
#define LWIP_HOOK_ND6_GET_GW(netif, dest) uk_lwip_nd6_gateway(netif, dest)
#else
#define LWIP_IPV6               0
#endif
#define LWIP_ARP                1
#define LWIP_ETHERNET           1
#define LWIP_ICMP               1
#define LWIP_UDP                1
#define LWIP_TCP                1
#define LWIP_DHCP               1
#define LWIP_AUTOIP             0
#define LWIP_IGMP               0
/* lwIP's DNS client (dns_gethostbyname()): servers from DHCP or lwip.dns. */
#define LWIP_DNS                1
#define IP_REASSEMBLY           1
#define IP_FRAG                 1

/* lwIP's own heap and pools, static arrays of the image. */
#define MEM_LIBC_MALLOC         0
#define MEMP_MEM_MALLOC         0
#define MEM_ALIGNMENT           8
#define MEM_SIZE                (CONFIG_LWIP_HEAP_KB * 1024)
#define MEMP_NUM_TCP_PCB        CONFIG_LWIP_TCP_PCBS
#define MEMP_NUM_TCP_PCB_LISTEN 8
#define MEMP_NUM_UDP_PCB        8
#define MEMP_NUM_TCP_SEG        256
#define MEMP_NUM_PBUF           64
#define PBUF_POOL_SIZE          CONFIG_LWIP_PBUFS
/* A pool pbuf holds a whole Ethernet frame: a received frame is one pbuf. */
#define PBUF_POOL_BUFSIZE       LWIP_MEM_ALIGN_SIZE(1514 + ETH_PAD_SIZE)

#define TCP_MSS                 1460
#define TCP_WND                 (16 * TCP_MSS)
#define TCP_SND_BUF             (16 * TCP_MSS)
#define TCP_SND_QUEUELEN        ((4 * TCP_SND_BUF) / TCP_MSS)
#define LWIP_TCP_KEEPALIVE      1

/* Checksums per interface: TCP's computed by a device that offloads them (netif.c). */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1

#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK   0
#define LWIP_STATS              0

#endif /* LWIPOPTS_H */
