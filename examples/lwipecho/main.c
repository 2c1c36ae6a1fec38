/* SPDX-License-Identifier: MIT */
/*
 * TCP and UDP echo servers (RFC 862) on lwIP's raw API, polled.
 *
 *   lwipecho [PORT]
 *
 * serves TCP and UDP port PORT (default 7) on the address of the lwip.ip
 * parameter (default 10.0.2.15): every byte a TCP connection brings is
 * sent back on it until the peer closes, every UDP datagram goes back to
 * its sender. The datagram "stats" is answered with the counts, "quit"
 * ends the program with status 0 after it printed them.
 */
#include <uk/lwip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lwip/mem.h>
#include <lwip/tcp.h>
#include <lwip/udp.h>

static struct {
	unsigned long accepted, closed, tcp_bytes, datagrams, udp_bytes;
} count;
static bool quit;

/*
 * A connection: the bytes received and not yet in the send queue (none:
 * NULL), and whether the peer has closed its side. The receive window
 * opens only as bytes move to the send queue, so a connection holds at
 * most a window of received bytes and a send buffer of sent ones.
 */
struct conn {
	struct pbuf *pending;
	bool peer_closed;
};

static err_t on_poll(void *arg, struct tcp_pcb *pcb);
static void on_err(void *arg, err_t err);

/* Ends a connection whose bytes are all queued (lwIP sends them first). */
static void conn_close(struct tcp_pcb *pcb, struct conn *c)
{
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
	if (tcp_close(pcb) != ERR_OK) {
		/* No memory for the FIN now: again from the poll callback. */
		tcp_arg(pcb, c);
		tcp_err(pcb, on_err);
		tcp_poll(pcb, on_poll, 2);
		return;
	}
	mem_free(c);
	count.closed++;
}

/*
 * Queues as much of the pending bytes as the send buffer takes; the rest
 * waits for the sent callback. Once all is queued after the peer closed,
 * the connection closes (lwIP sends its FIN after the queued bytes).
 */
static void conn_send(struct tcp_pcb *pcb, struct conn *c)
{
	while (c->pending) {
		struct pbuf *p = c->pending;
		u16_t room = tcp_sndbuf(pcb);
		u16_t n = p->len < room ? p->len : room;

		if (!n || tcp_write(pcb, p->payload, n, TCP_WRITE_FLAG_COPY) != ERR_OK)
			break;
		count.tcp_bytes += n;
		tcp_recved(pcb, n);
		if (n < p->len) {
			pbuf_remove_header(p, n);
			break;
		}
		c->pending = p->next;
		if (c->pending)
			pbuf_ref(c->pending);
		pbuf_free(p);
	}
	tcp_output(pcb);
	if (c->peer_closed && !c->pending)
		conn_close(pcb, c);
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)len;
	if (arg)
		conn_send(pcb, arg);
	return ERR_OK;
}

/*
 * Every second: what waits for memory (a tcp_write or the FIN that
 * could not be queued, with nothing in flight to call on_sent) is tried
 * again.
 */
static err_t on_poll(void *arg, struct tcp_pcb *pcb)
{
	if (arg)
		conn_send(pcb, arg);
	return ERR_OK;
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct conn *c = arg;

	if (err != ERR_OK || !p) {         /* the peer closed its side */
		if (p)
			pbuf_free(p);
		c->peer_closed = true;
		conn_send(pcb, c);
		return ERR_OK;
	}
	if (c->pending)
		pbuf_cat(c->pending, p);
	else
		c->pending = p;
	conn_send(pcb, c);
	return ERR_OK;
}

static void on_err(void *arg, err_t err)
{
	struct conn *c = arg;

	(void)err;                       /* lwIP freed the pcb already */
	if (c) {
		if (c->pending)
			pbuf_free(c->pending);
		mem_free(c);
	}
	count.closed++;
}

static err_t on_accept(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct conn *c;

	(void)arg;
	if (err != ERR_OK || !pcb)          /* lwIP had no pcb for it */
		return ERR_VAL;
	c = mem_calloc(1, sizeof(*c));
	if (!c) {
		tcp_abort(pcb);
		return ERR_ABRT;
	}
	count.accepted++;
	tcp_arg(pcb, c);
	tcp_recv(pcb, on_recv);
	tcp_sent(pcb, on_sent);
	tcp_err(pcb, on_err);
	tcp_poll(pcb, on_poll, 2);
	return ERR_OK;
}

/* The counts as one line, without its newline; its length. */
static int counts(char *buf, size_t size)
{
	int n = snprintf(buf, size, "%lu connections, %lu closed, %lu bytes "
			 "echoed on tcp; %lu datagrams, %lu bytes on udp",
			 count.accepted, count.closed, count.tcp_bytes,
			 count.datagrams, count.udp_bytes);

	return n < (int)size ? n : (int)size - 1;
}

static void on_datagram(void *arg, struct udp_pcb *pcb, struct pbuf *p,
			const ip_addr_t *addr, u16_t port)
{
	(void)arg;
	if (p->tot_len == 4 && !pbuf_memcmp(p, 0, "quit", 4)) {
		quit = true;
	} else if (p->tot_len == 5 && !pbuf_memcmp(p, 0, "stats", 5)) {
		struct pbuf *r;
		char line[160];
		int n = counts(line, sizeof(line));

		r = pbuf_alloc(PBUF_TRANSPORT, (u16_t)n, PBUF_RAM);
		if (r) {
			pbuf_take(r, line, (u16_t)n);
			udp_sendto(pcb, r, addr, port);
			pbuf_free(r);
		}
	} else {
		count.datagrams++;
		count.udp_bytes += p->tot_len;
		udp_sendto(pcb, p, addr, port);
	}
	pbuf_free(p);
}

int main(int argc, char *argv[])
{
	const char *port_word = argc > 1 ? argv[1] : "7";
	int port = atoi(port_word);
	struct tcp_pcb *listener;
	struct udp_pcb *u;
	unsigned long halts = 0;

	if (port <= 0 || port > 65535) {
		printf("lwipecho: bad port %s\n", port_word);
		return 3;
	}
	if (!uk_lwip_start())
		return 2;
	listener = tcp_new();
	u = udp_new();
	if (!listener || !u || tcp_bind(listener, IP_ANY_TYPE, port) != ERR_OK ||
	    udp_bind(u, IP_ANY_TYPE, port) != ERR_OK) {
		printf("lwipecho: cannot bind port %d\n", port);
		return 4;
	}
	listener = tcp_listen(listener);
	tcp_accept(listener, on_accept);
	udp_recv(u, on_datagram, NULL);
	printf("lwipecho: ready on tcp and udp port %d\n", port);
	while (!quit) {
		if (!uk_lwip_poll())
			halts = uk_lwip_wait();
	}
	{
		char line[160];

		counts(line, sizeof(line));
		printf("lwipecho: %s\n", line);
	}
	if (halts)
		printf("lwipecho: the CPU halted %lu times\n", halts);
	return 0;
}
