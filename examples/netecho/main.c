/* SPDX-License-Identifier: MIT */
/*
 * A UDP echo server on the network-device API, with no IP stack: the
 * guest owns the address 10.0.2.15 (QEMU user networking's guest
 * address), answers ARP requests for it, and sends every UDP datagram
 * to port 7 back where it came from. A datagram that is exactly "quit"
 * ends the program with status 0 after it printed its counts.
 *
 * Frames are answered in place: the receive buffer has its addresses
 * and ports swapped and is transmitted as it is, then given back to the
 * receive queue once sent. No frame is copied.
 *
 *   netecho [irq] [PORT]
 *
 * serves UDP port PORT (default 7), polling the device, or with "irq"
 * in interrupt mode: the CPU halts until the device's interrupt says a
 * frame arrived (the image has no timer: nothing else wakes it).
 */
#include <uk/netdev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUFS 64
#define BUF_SIZE 2048
#define BURST 16

#define ETH_P_IP  0x0800
#define ETH_P_ARP 0x0806
#define IPPROTO_UDP 17

static const uint8_t my_ip[4] = { 10, 0, 2, 15 };

static uint8_t memory[NBUFS][BUF_SIZE] __attribute__((aligned(64)));
static struct uk_netbuf bufs[NBUFS];

static struct {
	unsigned long frames, arp, echoed, dropped, bad_sum;
} count;

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void swap(uint8_t *a, uint8_t *b, size_t n)
{
	while (n--) {
		uint8_t t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* RFC 1071 one's complement sum, folded, of n bytes added to `sum`. */
static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t n)
{
	for (; n > 1; p += 2, n -= 2)
		sum += get16(p);
	if (n)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* The UDP checksum over the pseudo-header and the datagram (RFC 768). */
static uint16_t udp_sum(const uint8_t *ip, const uint8_t *udp, uint16_t len)
{
	uint32_t s = sum16(0, ip + 12, 8);   /* source and destination */

	s += IPPROTO_UDP + len;
	s = sum16(s, udp, len);
	return (uint16_t)~s;
}

/* An ARP request for our address becomes its reply, in place. */
static bool arp_reply(struct uk_netdev *d, uint8_t *f, uint16_t len)
{
	uint8_t *a = f + 14;

	if (len < 14 + 28 || get16(a) != 1 || get16(a + 2) != ETH_P_IP ||
	    a[4] != 6 || a[5] != 4 || get16(a + 6) != 1 ||
	    memcmp(a + 24, my_ip, 4))
		return false;
	put16(a + 6, 2);                    /* reply */
	memcpy(a + 18, a + 8, 10);          /* target: the asker */
	memcpy(a + 8, d->mac, 6);           /* sender: us */
	memcpy(a + 14, my_ip, 4);
	memcpy(f, f + 6, 6);
	memcpy(f + 6, d->mac, 6);
	count.arp++;
	return true;
}

/*
 * A UDP datagram to our address and port goes back to its sender:
 * addresses and ports swapped, checksums computed again. *quit is set
 * for the datagram "quit", which gets no answer.
 */
static bool udp_echo(struct uk_netdev *d, uint8_t *f, uint16_t len,
		     uint16_t port, bool *quit)
{
	uint8_t *ip = f + 14, *udp;
	unsigned int ihl;
	uint16_t ip_len, udp_len;

	if (len < 14 + 20 || len > UK_NETDEV_FRAME_MAX || ip[0] >> 4 != 4)
		return false;
	ihl = (ip[0] & 15) * 4;
	ip_len = get16(ip + 2);
	if (ihl < 20 || ip_len < ihl + 8 || 14 + ip_len > len ||
	    ip[9] != IPPROTO_UDP || memcmp(ip + 16, my_ip, 4) ||
	    (get16(ip + 6) & 0x3fff))          /* a fragment */
		return false;
	udp = ip + ihl;
	udp_len = get16(udp + 4);
	if (udp_len < 8 || udp_len > ip_len - ihl || get16(udp + 2) != port)
		return false;
	if (sum16(0, ip, ihl) != 0xffff ||
	    (get16(udp + 6) && udp_sum(ip, udp, udp_len) != 0)) {
		count.bad_sum++;
		return false;
	}
	if (udp_len == 8 + 4 && !memcmp(udp + 8, "quit", 4)) {
		*quit = true;
		return false;
	}
	swap(f, f + 6, 6);
	memcpy(f + 6, d->mac, 6);
	swap(ip + 12, ip + 16, 4);
	swap(udp, udp + 2, 2);
	ip[8] = 64;                              /* a fresh TTL */
	put16(ip + 10, 0);
	put16(ip + 10, (uint16_t)~sum16(0, ip, ihl));
	put16(udp + 6, 0);
	put16(udp + 6, udp_sum(ip, udp, udp_len) ?: 0xffff);
	count.echoed++;
	return true;
}

int main(int argc, char *argv[])
{
	struct uk_netbuf *in[BURST], *out[BURST], *back[BURST];
	struct uk_netdev *d = uk_netdev_get(0);
	bool irq = argc > 1 && !strcmp(argv[1], "irq");
	const char *port_word = argc > 1 + irq ? argv[1 + irq] : "7";
	unsigned int port = (unsigned int)atoi(port_word);
	/* Buffers in the receive queue: waiting for a frame needs one. */
	unsigned int i, n, nout, given, receiving;
	unsigned long waits = 0;
	bool quit = false;

	if (!d) {
		printf("netecho: no network device (ukconfig run --net user)\n");
		return 2;
	}
	if (!port || port > 65535) {
		printf("netecho: bad port %s\n", port_word);
		return 3;
	}
	if (irq && uk_netdev_set_polling(d, false)) {
		printf("netecho: %s has no interrupt\n", d->name);
		return 4;
	}
	for (given = 0; given < NBUFS; given++) {
		struct uk_netbuf *b = &bufs[given];

		*b = (struct uk_netbuf){ .data = memory[given], .size = BUF_SIZE };
		if (!uk_netdev_rx_give(d, &b, 1))
			break;
	}
	receiving = given;
	printf("netecho: %s mac %02x:%02x:%02x:%02x:%02x:%02x link %s, "
	       "%u receive buffers\n", d->name, d->mac[0], d->mac[1],
	       d->mac[2], d->mac[3], d->mac[4], d->mac[5],
	       uk_netdev_link_up(d) ? "up" : "down", given);
	printf("netecho: ready on 10.0.2.15 udp port %u, %s mode\n", port,
	       irq ? "interrupt" : "polling");

	while (!quit) {
		/* Sent frames' buffers go back to receiving. */
		n = uk_netdev_tx_reclaim(d, back, BURST);
		receiving += uk_netdev_rx_give(d, back, n);
		if (irq && !n && receiving) {
			uk_netdev_rx_wait(d);
			waits++;
		}
		n = uk_netdev_rx_burst(d, in, BURST);
		receiving -= n;
		nout = 0;
		for (i = 0; i < n; i++) {
			uint8_t *f = in[i]->data;
			uint16_t type = in[i]->len >= 14 ? get16(f + 12) : 0;
			bool answer;

			count.frames++;
			answer = type == ETH_P_ARP ? arp_reply(d, f, in[i]->len)
			       : type == ETH_P_IP ? udp_echo(d, f, in[i]->len, port, &quit)
			       : false;
			if (answer) {
				out[nout++] = in[i];
			} else {
				count.dropped++;
				receiving += uk_netdev_rx_give(d, &in[i], 1);
			}
		}
		for (i = 0; i < nout;) {
			i += uk_netdev_tx_burst(d, out + i, nout - i);
			/* The queue is full: wait for the device to send. */
			if (i < nout && (n = uk_netdev_tx_reclaim(d, back, BURST)))
				receiving += uk_netdev_rx_give(d, back, n);
		}
	}
	printf("netecho: %lu frames, %lu arp replies, %lu echoed, "
	       "%lu dropped, %lu bad checksums\n", count.frames, count.arp,
	       count.echoed, count.dropped, count.bad_sum);
	if (irq)
		printf("netecho: woken %lu times by the device\n", waits);
	return 0;
}
