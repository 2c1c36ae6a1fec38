/* SPDX-License-Identifier: MIT */
/*
 * lwIP's network interface over uknetdev device 0, and the clock lwIP's
 * timers read (sys_now).
 *
 * Receive: the device fills buffers of this file; each frame is copied
 * into pool pbufs (one holds a frame of the MTU, lwipopts.h; a large TCP
 * segment from a device with UK_NETDEV_RX_GSO, spread over several
 * buffers, becomes a chain of them, which lwIP's IP and TCP take whole)
 * and the buffers go straight back to the device, so lwIP may keep a
 * frame as long as it likes (TCP's out-of-order queue, an application
 * that reads later) without starving the receive queue.
 * Transmit: lwIP's pbuf chain is gathered into a free transmit buffer,
 * which comes back once the device sent it. With threads and a device
 * that cuts TCP segments (UK_NETDEV_TX_GSO), consecutive segments of a
 * connection are gathered into one larger frame instead (below).
 */
#include <uk/lwip.h>
#include <uk/libparam.h>
#include <uk/netdev.h>
#include <uk/plat.h>
#include <uk/random.h>
#include <uk/timer.h>
#include <stdio.h>
#include <string.h>

#include <lwip/dhcp.h>
#include <lwip/dns.h>
#include <lwip/etharp.h>
#include <lwip/inet_chksum.h>
#include <lwip/init.h>
#include <lwip/pbuf.h>
#include <lwip/prot/tcp.h>
#include <lwip/timeouts.h>
#include <netif/ethernet.h>
#if CONFIG_LWIP_IPV6
#include <lwip/ethip6.h>
#include <lwip/nd6.h>
#endif
#if CONFIG_LWIP_THREADS
#include "tx_flush.h"
#include <lwip/tcpip.h>
#include <uk/init.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include <lwip/priv/tcp_priv.h>
#else
#define LOCK_TCPIP_CORE()
#define UNLOCK_TCPIP_CORE()
#endif

#define RX_BUFS  CONFIG_LWIP_RX_BUFFERS
#define TX_BUFS  64
#define BUF_SIZE 2048
#define BURST    32

/* The interface's address: lwip.ip=A.B.C.D lwip.netmask=... lwip.gw=... */
static const char *ip = "10.0.2.15";
static const char *netmask = "255.255.255.0";
static const char *gw = "10.0.2.2";
UK_LIBPARAM(ip);
UK_LIBPARAM(netmask);
UK_LIBPARAM(gw);
/* lwip.irq: uk_lwip_wait() halts the CPU instead of returning at once. */
#if CONFIG_LWIP_IRQ
static bool irq = true;         /* lwip.irq=0 polls */
#else
static bool irq;
#endif
UK_LIBPARAM(irq);
/* lwip.dhcp: the address from a DHCP server instead (the three above unused). */
static bool dhcp;
UK_LIBPARAM(dhcp);
#define DHCP_WAIT_S 10
/* lwip.dns=ADDR: the DNS server of dns_gethostbyname(), before DHCP's. */
static const char *dns;
UK_LIBPARAM(dns);
/*
 * lwip.ip6=ADDR: a static IPv6 address, on-link /64, beside the link-local
 * one. lwip.gw6=ADDR: the neighbour that takes every off-link IPv6
 * destination while no router advertised itself (uk_lwip_nd6_gateway()).
 * Both exist without IPv6 too, so that start() says IPv6 is missing
 * instead of the boot library's warning about an unknown parameter,
 * after which the image would go on without them.
 */
static const char *ip6;
static const char *gw6;
UK_LIBPARAM(ip6);
UK_LIBPARAM(gw6);

static uint8_t rx_memory[RX_BUFS][BUF_SIZE] __aligned(64);
static uint8_t tx_memory[TX_BUFS][BUF_SIZE] __aligned(64);
static struct uk_netbuf rx_bufs[RX_BUFS], tx_bufs[TX_BUFS];
/* Transmit buffers not in the device: a stack. */
static struct uk_netbuf *tx_free[TX_BUFS];
static unsigned int tx_nfree;

static struct uk_netdev *dev;
static struct netif nif;
#if !CONFIG_LWIP_THREADS
/* uk_lwip_wait(): lwIP's next timeout, and whether it came. */
static struct uk_timer wake_timer;
static volatile bool timer_woke;
static unsigned long waits;
#endif

u32_t sys_now(void)
{
	return (u32_t)(uk_time_now() / UK_NSEC_PER_MSEC);
}

unsigned int uk_lwip_rand(void)
{
	unsigned int r;

	uk_random_fill(&r, sizeof(r));
	return r;
}

/* The 16-bit ones' complement sum of `len` bytes, added to `sum`, not folded. */
static uint32_t sum16(const uint8_t *p, unsigned int len, uint32_t sum)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

#define L3 UK_NETDEV_ETH_HLEN
#define TCP_CSUM_OFFSET 16
#define TCP_FLAGS_AT    13      /* TCP_ACK, TCP_PSH: lwip/prot/tcp.h */

/* Where a TCP frame's parts are (tcp_frame()), as offsets in the frame. */
struct tcp_at {
	unsigned int l4;        /* the TCP header */
	unsigned int data;      /* the payload */
	unsigned int end;       /* the IP packet's end */
	bool v6;
};

/*
 * A TCP frame over IPv4 or IPv6 of `len` bytes: its parts; false for
 * another frame or one whose lengths do not hold. Reads no further
 * than its headers.
 */
static bool tcp_frame(const uint8_t *f, unsigned int len, struct tcp_at *t)
{
	uint16_t type;

	if (len < L3 + 20)
		return false;
	type = (uint16_t)(f[12] << 8 | f[13]);
	if (type == 0x0800 && f[L3 + 9] == 6) {
		t->v6 = false;
		t->l4 = L3 + (f[L3] & 0xfu) * 4;
		t->end = L3 + (unsigned int)(f[L3 + 2] << 8 | f[L3 + 3]);
#if CONFIG_LWIP_IPV6
	} else if (type == 0x86dd && len >= L3 + 40 && f[L3 + 6] == 6) {
		t->v6 = true;
		t->l4 = L3 + 40;
		t->end = t->l4 + (unsigned int)(f[L3 + 4] << 8 | f[L3 + 5]);
#endif
	} else {
		return false;
	}
	if (t->end > len || t->l4 + 20 > t->end)
		return false;
	t->data = t->l4 + (f[t->l4 + 12] >> 4) * 4u;
	return t->data >= t->l4 + 20 && t->data <= t->end;
}

/*
 * A frame to send whose TCP checksum the device completes
 * (UK_NETDEV_TX_CSUM; lwIP leaves the field alone, NETIF_CHECKSUM_GEN_TCP
 * being off): writes the pseudo-header sum into the field and marks the
 * frame. TCP only: lwIP never fragments a segment, while a UDP datagram
 * may leave in fragments, which the device cannot sum; lwIP keeps
 * computing UDP's and ICMP's checksums.
 */
static void tx_csum_partial(struct uk_netbuf *b)
{
	uint8_t *f = b->data;
	struct tcp_at t;
	unsigned int seg;
	uint16_t sum;

	b->flags = 0;
	if (!tcp_frame(f, b->len, &t))
		return;
	seg = t.end - t.l4;
	sum = fold(t.v6 ? sum16(f + L3 + 8, 32, 6 + seg)
			: sum16(f + L3 + 12, 8, 6 + seg));
	f[t.l4 + TCP_CSUM_OFFSET] = (uint8_t)(sum >> 8);
	f[t.l4 + TCP_CSUM_OFFSET + 1] = (uint8_t)sum;
	b->flags = UK_NETBUF_CSUM_PARTIAL;
	b->csum_start = (uint16_t)t.l4;
	b->csum_offset = TCP_CSUM_OFFSET;
}

#if CONFIG_LWIP_THREADS
/*
 * Segmentation offload for sending (UK_NETDEV_TX_GSO with
 * UK_NETDEV_TX_CSUM). lwIP builds TCP segments of the MSS and sends
 * those one tcp_output() lets go one after the other; the glue gathers
 * consecutive full segments of a connection, headers alike but for the
 * sequence number, into one frame that the device cuts again (fewer,
 * larger frames through the device and the host). The gathered frame
 * leaves when a frame comes that does not continue it (before that one),
 * after a segment with PSH, a shorter one or a full buffer, and when
 * lwIP's core lock is released (uk_lwip_tx_flush() from
 * sys_mutex_unlock(): lwIP sends only under that lock, so a thread that
 * releases it has handed over all it had to send). lwIP's own TCP is
 * unchanged: its segments, windows and retransmissions are the MSS's.
 */
#define GSO_BUFS     4
#define GSO_BUF_SIZE 32768
#define GSO_HEADERS  (L3 + 60 + 60)    /* the most a TCP frame's headers take */

static uint8_t gso_memory[GSO_BUFS][GSO_BUF_SIZE] __aligned(64);
static struct uk_netbuf gso_bufs[GSO_BUFS];
static struct uk_netbuf *gso_free[GSO_BUFS];
static unsigned int gso_nfree;
static bool gso_on;
static struct {
	struct uk_netbuf *b;    /* the frame being gathered, or NULL */
	struct tcp_at at;       /* its parts */
	uint32_t next_seq;      /* the sequence number that continues it */
	uint16_t mss;           /* its first segment's payload */
	unsigned int segs;
} gso;
/* Frames sent for the device to cut, and the segments they held. */
static unsigned long gso_frames, gso_segs;
#endif

/* Takes back the buffers the device sent, each to its stack. */
static void tx_reclaim(void)
{
	struct uk_netbuf *back[BURST];
	unsigned int i, n;

	do {
		n = uk_netdev_tx_reclaim(dev, back, BURST);
		for (i = 0; i < n; i++) {
#if CONFIG_LWIP_THREADS
			if (back[i]->priv == &gso) {
				gso_free[gso_nfree++] = back[i];
				continue;
			}
#endif
			tx_free[tx_nfree++] = back[i];
		}
	} while (n == BURST);
}

/* Queues a frame, reclaiming sent ones while the queue is full. */
static void tx_send(struct uk_netbuf *b)
{
	while (!uk_netdev_tx_burst(dev, &b, 1))
		tx_reclaim();
}

#if CONFIG_LWIP_THREADS
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Whether headers differ in bytes [from, to). */
static bool differ(const uint8_t *a, const uint8_t *b, unsigned int from,
		   unsigned int to)
{
	return memcmp(a + from, b + from, to - from) != 0;
}

/*
 * Whether the frame whose headers are `h` continues the gathered one:
 * the same connection and headers (but for the IP length, IPv4's
 * identifier and checksum, the sequence number, the TCP checksum and a
 * PSH), the next sequence number, a payload no longer than the first's.
 */
static bool gso_continues(const uint8_t *h, const struct tcp_at *t)
{
	const uint8_t *g = gso.b->data;
	unsigned int l4 = gso.at.l4, payload = t->end - t->data;

	if (t->v6 != gso.at.v6 || t->l4 != l4 || t->data != gso.at.data ||
	    !payload || payload > gso.mss ||
	    (h[l4 + TCP_FLAGS_AT] & ~TCP_PSH) != TCP_ACK)
		return false;
	if (differ(h, g, 0, L3))
		return false;
	if (t->v6 ? differ(h, g, L3, L3 + 4) || differ(h, g, L3 + 6, l4)
		  : differ(h, g, L3, L3 + 2) || differ(h, g, L3 + 6, L3 + 10) ||
		    differ(h, g, L3 + 12, l4))
		return false;
	if (differ(h, g, l4, l4 + 4) || differ(h, g, l4 + 8, l4 + TCP_FLAGS_AT) ||
	    differ(h, g, l4 + 14, l4 + TCP_CSUM_OFFSET) ||
	    differ(h, g, l4 + 18, t->data))
		return false;
	return get32(h + l4 + 4) == gso.next_seq &&
	       gso.b->len + payload <= gso.b->size;
}

/* Appends p's payload to the gathered frame if p continues it. */
static bool gso_append(struct pbuf *p)
{
	uint8_t h[GSO_HEADERS], *g = gso.b->data;
	u16_t hl = (u16_t)LWIP_MIN(p->tot_len, sizeof(h));
	struct tcp_at t;
	unsigned int payload;
	uint8_t flags;

	if (pbuf_copy_partial(p, h, hl, 0) != hl ||
	    !tcp_frame(h, p->tot_len, &t) || t.data > hl ||
	    !gso_continues(h, &t))
		return false;
	payload = t.end - t.data;
	flags = h[t.l4 + TCP_FLAGS_AT];
	pbuf_copy_partial(p, g + gso.b->len, (u16_t)payload, (u16_t)t.data);
	gso.b->len += (uint16_t)payload;
	gso.next_seq += payload;
	gso.segs++;
	if (gso.at.v6)
		put16(g + L3 + 4, gso.b->len - gso.at.l4);
	else
		put16(g + L3 + 2, gso.b->len - L3);
	gso.at.end = gso.b->len;
	g[gso.at.l4 + TCP_FLAGS_AT] |= flags & TCP_PSH;
	/* Nothing can follow a PSH, a short segment, or a full buffer. */
	if ((flags & TCP_PSH) || payload < gso.mss ||
	    gso.b->len + gso.mss > gso.b->size)
		uk_lwip_tx_flush();
	return true;
}

/* Starts gathering at p: a data segment with only ACK set. */
static bool gso_start(struct pbuf *p)
{
	u16_t hl = (u16_t)LWIP_MIN(p->tot_len, GSO_HEADERS);
	struct uk_netbuf *b;
	struct tcp_at t;
	uint8_t *f;

	if (!gso_nfree)
		tx_reclaim();
	if (!gso_nfree)
		return false;
	b = gso_free[gso_nfree - 1];
	f = b->data;
	/* The headers first: most frames that do not qualify stop there. */
	if (pbuf_copy_partial(p, f, hl, 0) != hl ||
	    !tcp_frame(f, p->tot_len, &t) || t.data > hl || t.end == t.data ||
	    f[t.l4 + TCP_FLAGS_AT] != TCP_ACK)
		return false;
	pbuf_copy_partial(p, f + hl, (u16_t)(p->tot_len - hl), hl);
	gso_nfree--;
	b->len = (uint16_t)t.end;
	gso.b = b;
	gso.at = t;
	gso.mss = (uint16_t)(t.end - t.data);
	gso.segs = 1;
	gso.next_seq = get32(f + t.l4 + 4) + gso.mss;
	return true;
}

void uk_lwip_tx_flush(void)
{
	struct uk_netbuf *b = gso.b;
	uint8_t *f;

	if (!b)
		return;
	gso.b = NULL;
	f = b->data;
	if (!gso.at.v6) {
		/* The IPv4 header's checksum, for the length it has now. */
		put16(f + L3 + 10, 0);
		put16(f + L3 + 10,
		      (uint16_t)~fold(sum16(f + L3, gso.at.l4 - L3, 0)));
	}
	tx_csum_partial(b);
	if (gso.segs > 1) {
		b->flags |= gso.at.v6 ? UK_NETBUF_GSO_TCP6 : UK_NETBUF_GSO_TCP4;
		b->gso_size = gso.mss;
		gso_frames++;
		gso_segs += gso.segs;
	}
	tx_send(b);
}
#endif

/*
 * A received frame whose checksum the device left partial (a frame of
 * the host's own, UK_NETBUF_CSUM_PARTIAL): completes it, so that lwIP's
 * check, which is per interface and not per frame, finds it right. The
 * frame is a pbuf chain (a large segment spans many).
 */
static void rx_csum_complete(struct pbuf *p, u16_t start, u16_t offset)
{
	u16_t c;

	/* The transport header in the first pbuf, the field inside the frame. */
	if (start >= p->len || (u32_t)start + offset + 2 > p->tot_len)
		return;
	pbuf_remove_header(p, start);
	c = inet_chksum_pbuf(p);        /* inverted, in network order */
	pbuf_add_header(p, start);
	/* 0 and 0xffff are the same sum; UDP's 0 would mean "none". */
	if (!c)
		c = 0xffff;
	pbuf_take_at(p, &c, sizeof(c), (u16_t)(start + offset));
}

static err_t linkoutput(struct netif *n, struct pbuf *p)
{
	struct uk_netbuf *b;

	(void)n;
	if (p->tot_len > BUF_SIZE)
		return ERR_BUF;
#if CONFIG_LWIP_THREADS
	if (gso_on) {
		if (gso.b && gso_append(p))
			return ERR_OK;
		uk_lwip_tx_flush();     /* in order: the gathered frame first */
		if (gso_start(p))
			return ERR_OK;
	}
#endif
	/* Every buffer queued: the device frees them as it sends. */
	while (!tx_nfree)
		tx_reclaim();
	b = tx_free[--tx_nfree];
	pbuf_copy_partial(p, b->data, p->tot_len, 0);
	b->len = p->tot_len;
	b->flags = 0;
	if (dev->offloads & UK_NETDEV_TX_CSUM)
		tx_csum_partial(b);
	tx_send(b);
	return ERR_OK;
}

static err_t uknetif_init(struct netif *n)
{
	n->name[0] = 'e';
	n->name[1] = 'n';
	n->output = etharp_output;
	n->linkoutput = linkoutput;
	n->mtu = dev->mtu;
	n->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(n->hwaddr, dev->mac, ETH_HWADDR_LEN);
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		   NETIF_FLAG_ETHERNET;
#if CONFIG_LWIP_IPV6
	n->output_ip6 = ethip6_output;
	/*
	 * The device receives every multicast frame (QEMU's virtio-net is
	 * promiscuous until told otherwise), so MLD needs no filter of ours.
	 */
	n->flags |= NETIF_FLAG_MLD6;
#endif
	/* The device completes TCP's checksums (tx_csum_partial). */
	if (dev->offloads & UK_NETDEV_TX_CSUM)
		NETIF_SET_CHECKSUM_CTRL(n, NETIF_CHECKSUM_ENABLE_ALL &
				       ~NETIF_CHECKSUM_GEN_TCP);
	return ERR_OK;
}

/* The parameter `name`'s address, or false after a message. */
static bool parse(const char *name, const char *text, ip4_addr_t *a)
{
	if (text && ip4addr_aton(text, a))
		return true;
	printf("lwip: lwip.%s=%s is not an IPv4 address (A.B.C.D)\n", name,
	       text ? text : "");
	return false;
}

/*
 * Asks for an address by DHCP and polls until one is bound; false after a
 * message when none came within DHCP_WAIT_S seconds.
 */
static bool dhcp_bound(void)
{
	uint64_t until = uk_time_now() + DHCP_WAIT_S * UK_NSEC_PER_SEC;
	err_t e;

	LOCK_TCPIP_CORE();
	e = dhcp_start(&nif);
	UNLOCK_TCPIP_CORE();
	if (e != ERR_OK) {
		printf("lwip: lwip.dhcp: cannot start DHCP\n");
		return false;
	}
	while (!dhcp_supplied_address(&nif)) {
		if (uk_time_now() > until) {
			printf("lwip: lwip.dhcp: no address from a DHCP server "
			       "in %d s\n", DHCP_WAIT_S);
			LOCK_TCPIP_CORE();
			dhcp_stop(&nif);
			UNLOCK_TCPIP_CORE();
			return false;
		}
#if !CONFIG_LWIP_THREADS
		if (!uk_lwip_poll())
			uk_lwip_wait();
#else
		uk_thread_sleep(10 * UK_NSEC_PER_MSEC);
#endif
	}
	return true;
}

/*
 * The frame being copied out of the device's buffers: a pbuf chain grown
 * one pool pbuf at a time (a frame's buffers may come over several
 * bursts).
 */
static struct {
	struct pbuf *p;            /* NULL: none, or lost (out of pool pbufs) */
	struct pbuf *tail;
	u16_t tail_used;           /* bytes of tail filled */
	u32_t len;
	unsigned int left;         /* its buffers still to come */
	bool lost;
	u16_t flags, csum_start, csum_offset;
} rx;
/* Received frames longer than the MTU's (UK_NETDEV_RX_GSO). */
static unsigned long rx_large;

/* Appends a buffer's bytes to rx's frame; false when out of pool pbufs or too long. */
static bool rx_append(const uint8_t *data, unsigned int n)
{
	if (rx.len + n > 0xffff)
		return false;           /* more than a pbuf chain counts */
	while (n) {
		u16_t k;

		if (!rx.tail || rx.tail_used == rx.tail->len) {
			struct pbuf *q = pbuf_alloc(PBUF_RAW, PBUF_POOL_BUFSIZE,
						    PBUF_POOL);

			if (!q)
				return false;
			if (rx.p)
				pbuf_cat(rx.p, q);
			else
				rx.p = q;
			rx.tail = q;
			rx.tail_used = 0;
		}
		k = (u16_t)LWIP_MIN(n, (unsigned int)(rx.tail->len - rx.tail_used));
		memcpy((uint8_t *)rx.tail->payload + rx.tail_used, data, k);
		rx.tail_used += k;
		rx.len += k;
		data += k;
		n -= k;
	}
	return true;
}

/* A buffer of the device: starts, continues or ends a frame for lwIP. */
static void rx_buffer(const struct uk_netbuf *b)
{
	struct pbuf *p;

	if (!rx.left) {
		rx.left = b->frame_bufs ? b->frame_bufs : 1;
		rx.lost = false;
		rx.len = 0;
		rx.flags = b->flags;
		rx.csum_start = b->csum_start;
		rx.csum_offset = b->csum_offset;
	}
	rx.left--;
	if (!rx.lost && !rx_append(b->data, b->len))
		rx.lost = true;         /* the frame is lost, the sender resends */
	if (rx.left)
		return;
	p = rx.p;
	rx.p = rx.tail = NULL;
	if (!p)
		return;
	if (rx.lost) {
		pbuf_free(p);
		return;
	}
	pbuf_realloc(p, (u16_t)rx.len);
	if (rx.len > UK_NETDEV_FRAME_MAX)
		rx_large++;
	if (rx.flags & UK_NETBUF_CSUM_PARTIAL)
		rx_csum_complete(p, rx.csum_start, rx.csum_offset);
	if (nif.input(p, &nif) != ERR_OK)
		pbuf_free(p);
}

/* Hands lwIP the frames the device received; how many buffers they filled. */
static unsigned int rx_frames(void)
{
	struct uk_netbuf *in[BURST];
	unsigned int i, n;

	n = uk_netdev_rx_burst(dev, in, BURST);
	for (i = 0; i < n; i++)
		rx_buffer(in[i]);
	/* The frames are copied: their buffers receive again. */
	for (i = 0; i < n;)
		i += uk_netdev_rx_give(dev, in + i, n - i);
	return n;
}

#if CONFIG_LWIP_THREADS
/*
 * Threads: the device thread takes what the device received and posts it
 * to lwIP's tcpip thread (nif.input is tcpip_input), which runs lwIP's
 * timers. Idle, it polls: it lets the other threads run and tries again;
 * with lwip.irq it blocks until the device's receive interrupt wakes it
 * (rx_irq), and the CPU halts when no thread has work.
 */
static struct uk_waitq rx_waitq = UK_WAITQ_INITIALIZER;
static unsigned long device_sleeps;

static void rx_irq(struct uk_netdev *d, void *arg)
{
	(void)d;
	(void)arg;
	uk_waitq_wake_one(&rx_waitq);
}

static void *device_thread(void *arg)
{
	unsigned long flags;

	(void)arg;
	for (;;) {
		if (rx_frames())
			continue;
		if (!irq) {
			uk_thread_yield();
			continue;
		}
		/* Checked under the lock: a frame after the check wakes it. */
		flags = uk_sched_lock_irqsave();
		while (!uk_netdev_rx_pending(dev)) {
			uk_waitq_wait_locked(&rx_waitq, 0);
			device_sleeps++;
		}
		uk_sched_unlock_irqrestore(flags);
	}
	return NULL;
}

static bool tcpip_started;

static void tcpip_ready(void *arg)
{
	uk_semaphore_up(arg);
}

/* Some TCP connection still has bytes or its FIN to deliver. */
static bool tcp_sending(void)
{
	struct tcp_pcb *p;
	bool r = false;

	LOCK_TCPIP_CORE();
	for (p = tcp_active_pcbs; p && !r; p = p->next)
		r = p->unsent || p->unacked || p->state == FIN_WAIT_1 ||
		    p->state == CLOSING || p->state == LAST_ACK;
	UNLOCK_TCPIP_CORE();
	return r;
}

static int drain_init(void)
{
	return 0;
}

/*
 * At shutdown: a program that closed its sockets and exited expects what
 * it sent to arrive, as Linux keeps sending after the process is gone;
 * the image waits (at most DRAIN_S) until every connection delivered its
 * bytes and FIN instead of powering off with them queued.
 */
#define DRAIN_S 5
static void drain(void)
{
	uint64_t until = uk_time_now() + DRAIN_S * UK_NSEC_PER_SEC;

	if (!dev)
		return;
	while (tcp_sending() && uk_time_now() < until)
		uk_thread_sleep(5 * UK_NSEC_PER_MSEC);
	if (irq)
		printf("lwip: the device thread slept %lu times until a frame's "
		       "interrupt\n", device_sleeps);
	if (dev->offloads & UK_NETDEV_RX_GSO)
		printf("lwip: %lu received frames were longer than the MTU's\n",
		       rx_large);
	if (gso_on)
		printf("lwip: %lu frames sent for the device to cut, holding %lu "
		       "segments\n", gso_frames, gso_segs);
}
UK_LATE_INITCALL(drain_init, drain);
#endif

#if CONFIG_LWIP_IPV6
/*
 * An address autoconfigured from a router advertisement is usable once
 * duplicate address detection passed, a second or more after the
 * advertisement: say so, since nothing else tells the user (or a test)
 * when the guest can be reached at it. Link-local and lwip.ip6's address
 * are static and printed at the start.
 */
static void ip6_state_changed(struct netif *n, netif_nsc_reason_t reason,
			      const netif_ext_callback_args_t *args)
{
	char buf[IP6ADDR_STRLEN_MAX];
	s8_t i;

	if (n != &nif || !(reason & LWIP_NSC_IPV6_ADDR_STATE_CHANGED))
		return;
	i = args->ipv6_addr_state_changed.addr_index;
	if (netif_ip6_addr_isstatic(n, i) ||
	    !ip6_addr_istentative(args->ipv6_addr_state_changed.old_state) ||
	    !ip6_addr_ispreferred(netif_ip6_addr_state(n, i)))
		return;
	printf("lwip: IPv6 %s from a router advertisement\n",
	       ip6addr_ntoa_r(netif_ip6_addr(n, i), buf, sizeof(buf)));
}

NETIF_DECLARE_EXT_CALLBACK(ip6_state_callback)

/* lwip.gw6's address, its zone that of the interface when link-local. */
static ip6_addr_t gateway6;
static bool has_gateway6;

/*
 * lwIP's LWIP_HOOK_ND6_GET_GW (lwipopts.h): neighbour discovery asks it for
 * the next hop of a destination that is not on-link, before picking a
 * router of its own. A router known from an advertisement goes first (NULL
 * leaves the choice to lwIP), lwip.gw6 otherwise. lwIP keeps the answer
 * in its destination cache, so a destination reached through lwip.gw6
 * stays with it while cached, even once a router advertises itself.
 */
const ip6_addr_t *uk_lwip_nd6_gateway(struct netif *n, const ip6_addr_t *dest)
{
	if (!has_gateway6 || n != &nif || nd6_find_route(dest))
		return NULL;
	return &gateway6;
}

/*
 * The IPv6 addresses: link-local from the MAC address (tentative until
 * duplicate address detection passed, a second), autoconfiguration from
 * router advertisements, and lwip.ip6's static address, valid at once (no
 * duplicate address detection: the user chose it). Called with lwIP's
 * core lock.
 */
static void ip6_addresses(const ip6_addr_t *a6)
{
	s8_t idx;

	netif_add_ext_callback(&ip6_state_callback, ip6_state_changed);

	netif_create_ip6_linklocal_address(&nif, 1);
	nif.ip6_autoconfig_enabled = 1;        /* the macro warns on &nif */
	if (a6 && netif_add_ip6_address(&nif, a6, &idx) == ERR_OK)
		netif_ip6_addr_set_state(&nif, idx, IP6_ADDR_PREFERRED);
	/*
	 * A link-local gateway is of this interface's link (its index exists
	 * since netif_add()): lwIP compares zones too, and the neighbour's
	 * advertisement, zoned on arrival, would never match it otherwise.
	 */
	if (has_gateway6)
		ip6_addr_assign_zone(&gateway6, IP6_UNICAST, &nif);
}

/*
 * The parameter `name`'s IPv6 address, or false after a message. lwIP's
 * parser stops at the first other character and takes what came before.
 */
static bool parse6(const char *name, const char *text, ip6_addr_t *a)
{
	if (strspn(text, "0123456789abcdefABCDEF:.") == strlen(text) &&
	    ip6addr_aton(text, a))
		return true;
	printf("lwip: lwip.%s=%s is not an IPv6 address\n", name, text);
	return false;
}

/* lwip.gw6 into gateway6: a neighbour's unicast address, or false after a message. */
static bool parse_gateway6(void)
{
	if (!gw6)
		return true;
	if (!parse6("gw6", gw6, &gateway6))
		return false;
	if (ip6_addr_isany(&gateway6) || ip6_addr_ismulticast(&gateway6) ||
	    ip6_addr_isloopback(&gateway6)) {
		printf("lwip: lwip.gw6=%s is not a neighbour's unicast address\n",
		       gw6);
		return false;
	}
	has_gateway6 = true;
	return true;
}

static void print_ip6(void)
{
	char buf[IP6ADDR_STRLEN_MAX];
	int i;

	printf("lwip: IPv6");
	for (i = 0; i < LWIP_IPV6_NUM_ADDRESSES; i++) {
		if (ip6_addr_isinvalid(netif_ip6_addr_state(&nif, i)))
			continue;
		printf(" %s", ip6addr_ntoa_r(netif_ip6_addr(&nif, i), buf,
					     sizeof(buf)));
	}
	if (has_gateway6)
		printf(", gateway %s",
		       ip6addr_ntoa_r(&gateway6, buf, sizeof(buf)));
	printf("\n");
}
#endif

static struct netif *start(void)
{
	ip4_addr_t a, m, g;
	ip_addr_t dns_server;
#if CONFIG_LWIP_IPV6
	ip6_addr_t a6;
#endif
	unsigned int i;

	if (dev)
		return &nif;
#if CONFIG_LWIP_IPV6
	if ((ip6 && !parse6("ip6", ip6, &a6)) || !parse_gateway6())
		return NULL;
#else
	if (ip6 || gw6) {
		printf("lwip: lwip.%s needs IPv6, and this image has none "
		       "(the option LWIP_IPV6)\n", ip6 ? "ip6" : "gw6");
		return NULL;
	}
#endif
	if (dns && !ipaddr_aton(dns, &dns_server)) {
		printf("lwip: lwip.dns=%s is not an IP address\n", dns);
		return NULL;
	}
	if (dhcp) {
		ip4_addr_set_zero(&a);
		ip4_addr_set_zero(&m);
		ip4_addr_set_zero(&g);
	} else if (!parse("ip", ip, &a) || !parse("netmask", netmask, &m) ||
		   !parse("gw", gw, &g)) {
		return NULL;
	}
	dev = uk_netdev_get(0);
	if (!dev) {
		printf("lwip: no network device (ukconfig run --net user)\n");
		return NULL;
	}
	if (irq && uk_netdev_set_polling(dev, false)) {
		printf("lwip: lwip.irq: %s has no interrupt\n", dev->name);
		dev = NULL;
		return NULL;
	}
#if CONFIG_LWIP_THREADS
	if (irq)
		uk_netdev_set_rx_handler(dev, rx_irq, NULL);
#endif
	for (i = 0; i < RX_BUFS; i++) {
		struct uk_netbuf *b = &rx_bufs[i];

		*b = (struct uk_netbuf){ .data = rx_memory[i], .size = BUF_SIZE };
		if (!uk_netdev_rx_give(dev, &b, 1))
			break;          /* the queue holds fewer */
	}
	for (tx_nfree = 0; tx_nfree < TX_BUFS; tx_nfree++) {
		tx_bufs[tx_nfree] = (struct uk_netbuf){
			.data = tx_memory[tx_nfree], .size = BUF_SIZE };
		tx_free[tx_nfree] = &tx_bufs[tx_nfree];
	}
#if CONFIG_LWIP_THREADS
	for (gso_nfree = 0; gso_nfree < GSO_BUFS; gso_nfree++) {
		gso_bufs[gso_nfree] = (struct uk_netbuf){
			.data = gso_memory[gso_nfree], .size = GSO_BUF_SIZE,
			.priv = &gso };
		gso_free[gso_nfree] = &gso_bufs[gso_nfree];
	}
	gso_on = (dev->offloads & (UK_NETDEV_TX_GSO | UK_NETDEV_TX_CSUM)) ==
		 (UK_NETDEV_TX_GSO | UK_NETDEV_TX_CSUM);
#endif
#if !CONFIG_LWIP_THREADS
	lwip_init();
	if (!netif_add(&nif, &a, &m, &g, NULL, uknetif_init, ethernet_input)) {
#else
	if (!tcpip_started) {
		struct uk_semaphore ready = UK_SEMAPHORE_INITIALIZER(0);

		tcpip_init(tcpip_ready, &ready);
		uk_semaphore_down(&ready);
		tcpip_started = true;
	}
	LOCK_TCPIP_CORE();
	if (!netif_add(&nif, &a, &m, &g, NULL, uknetif_init, tcpip_input)) {
		UNLOCK_TCPIP_CORE();
#endif
		printf("lwip: cannot add %s\n", dev->name);
		dev = NULL;
		return NULL;
	}
	netif_set_default(&nif);
#if CONFIG_LWIP_IPV6
	ip6_addresses(ip6 ? &a6 : NULL);
#endif
	netif_set_up(&nif);
	if (uk_netdev_link_up(dev))
		netif_set_link_up(&nif);
#if CONFIG_LWIP_THREADS
	UNLOCK_TCPIP_CORE();
	if (!uk_thread_create("lwip-device", device_thread, NULL)) {
		printf("lwip: cannot start the device thread\n");
		dev = NULL;
		return NULL;
	}
#endif
	if (dhcp && !dhcp_bound()) {
		dev = NULL;
		return NULL;
	}
	if (dns) {
		LOCK_TCPIP_CORE();
		dns_setserver(0, &dns_server);
		UNLOCK_TCPIP_CORE();
	}
	{
		char sa[16], sm[16], sg[16];

		printf("lwip: %s address %s netmask %s gateway %s%s, "
		       "%u receive buffers, %s mode\n", dev->name,
		       ip4addr_ntoa_r(netif_ip4_addr(&nif), sa, sizeof(sa)),
		       ip4addr_ntoa_r(netif_ip4_netmask(&nif), sm, sizeof(sm)),
		       ip4addr_ntoa_r(netif_ip4_gw(&nif), sg, sizeof(sg)),
		       dhcp ? " (DHCP)" : "", i, irq ? "interrupt" : "polling");
	}
#if CONFIG_LWIP_IPV6
	print_ip6();
#endif
	if (!ip_addr_isany(dns_getserver(0))) {
		char sd[IPADDR_STRLEN_MAX];

		printf("lwip: DNS server %s%s\n",
		       ipaddr_ntoa_r(dns_getserver(0), sd, sizeof(sd)),
		       dns ? "" : " (DHCP)");
	}
	printf("lwip: checksum offload: TCP's sent %s, received ones %s\n",
	       dev->offloads & UK_NETDEV_TX_CSUM ? "completed by the device"
						 : "computed by lwIP",
	       dev->offloads & UK_NETDEV_RX_CSUM
	       ? "marked by the device (partial ones completed), checked by lwIP"
	       : "checked by lwIP");
	printf("lwip: segmentation offload, receiving: %s\n",
	       dev->offloads & UK_NETDEV_RX_GSO
	       ? "TCP segments longer than the MTU taken whole from the device"
	       : "none");
#if CONFIG_LWIP_THREADS
	printf("lwip: segmentation offload, sending: %s\n",
	       gso_on ? "consecutive TCP segments gathered into frames the device cuts"
		      : "none");
#endif
	return &nif;
}

#if CONFIG_LWIP_THREADS
/*
 * Threads may call it at once (a first socket() in each): the first
 * starts lwIP, the others wait for it and find it started (or retry
 * after a failure). lwIP's tcpip thread is started once.
 */
struct netif *uk_lwip_start(void)
{
	static struct uk_mutex starting = UK_MUTEX_INITIALIZER;
	struct netif *n;

	uk_mutex_lock(&starting);
	n = start();
	uk_mutex_unlock(&starting);
	return n;
}
#else
struct netif *uk_lwip_start(void)
{
	return start();
}

unsigned int uk_lwip_poll(void)
{
	unsigned int n = rx_frames();

	sys_check_timeouts();
	tx_reclaim();
	return n;
}

static void on_wake_timer(struct uk_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	timer_woke = true;
}

unsigned long uk_lwip_wait(void)
{
	u32_t ms;
	unsigned long flags;

	if (!irq)
		return waits;
	ms = sys_timeouts_sleeptime();
	timer_woke = false;
	if (ms != SYS_TIMEOUTS_SLEEPTIME_INFINITE) {
		uk_timer_init(&wake_timer, on_wake_timer, NULL);
		uk_timer_arm(&wake_timer,
			     uk_time_now() + (uint64_t)ms * UK_NSEC_PER_MSEC);
	}
	/*
	 * Interrupts are off between the checks and the halt, which enables
	 * them as it stops: a frame or the timer raised after the checks
	 * still wakes it.
	 */
	flags = ukplat_lcpu_irq_save();
	while (!uk_netdev_rx_pending(dev) && !timer_woke) {
		ukplat_lcpu_halt_irq();
		waits++;
	}
	ukplat_lcpu_irq_restore(flags);
	if (ms != SYS_TIMEOUTS_SLEEPTIME_INFINITE)
		uk_timer_cancel(&wake_timer);
	return waits;
}
#endif /* !CONFIG_LWIP_THREADS */
