/* SPDX-License-Identifier: MIT */
/*
 * A TCP echo server on plain POSIX sockets: nothing here knows about
 * ukconfig, and the same file builds for Linux with `cc main.c`.
 *
 *   sockecho [-6] PORT COUNT [ADDR:PORT]
 *
 * With ADDR:PORT it first connects there as a client (connect, write,
 * shutdown, read, getpeername): 100,000 bytes out, and what the peer
 * sends back until it closes (read with MSG_DONTWAIT, retried at once
 * after EAGAIN), summed. ADDR is an IPv4 address, or an
 * IPv6 one in brackets ([fd77::1]:7000). Then a second connection there,
 * and a pipe, check edge-triggered epoll (edge_checks()).
 *
 * Listens on PORT (all addresses; with -6 all IPv6 addresses, IPv6 only:
 * IPV6_V6ONLY), serves COUNT connections one after
 * the other (each: what the peer sends comes back until it half-closes),
 * then prints a summary and exits with status 0. Before the first client
 * it checks what a server relies on: fstat says socket, SO_TYPE says
 * stream, getsockname gives the port, with O_NONBLOCK an accept with no
 * client pending fails with EAGAIN, and select and poll see no client
 * within their timeouts, and epoll answers as Linux does (below). It
 * waits for odd-numbered clients with select and their reads with poll,
 * for even-numbered ones and their reads with epoll_wait. poll, select
 * and pselect6 must also wake when another thread writes to a pipe they
 * wait on beside the idle listening socket (wake_checks()), and poll
 * report a connection's shut directions as Linux does (hup_checks()),
 * and a connection refused (refused_checks()).
 */
#define _GNU_SOURCE             /* pipe2 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int fail(const char *what)
{
	printf("sockecho: %s: %s\n", what, strerror(errno));
	return 1;
}

/*
 * Echoes one connection until the peer's end of stream; the bytes
 * echoed, -1 when the peer reset it, -2 when poll failed.
 */
static long echo(int c, int ep)
{
	static char buf[16384];
	long total = 0;

	for (;;) {
		struct pollfd p = { .fd = c, .events = POLLIN };
		struct epoll_event ev[2];
		ssize_t n, off;

		/*
		 * Readable: bytes, the end of the stream, or an error. The
		 * epoll instance has the connection (its data is the
		 * descriptor) and the listening socket, ready only when the
		 * next client connects early (after a reset).
		 */
		if (ep >= 0) {
			int k, m = epoll_wait(ep, ev, 2, -1);

			for (k = 0; k < m && ev[k].data.fd != c; k++)
				;
			if (m < 0)
				return -2;
			/* Only the next client (after a reset): wait on. */
			if (k == m)
				continue;
			if (!(ev[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
				return -2;
		} else if (poll(&p, 1, -1) != 1 ||
			   !(p.revents & (POLLIN | POLLHUP | POLLERR))) {
			return -2;
		}
		n = read(c, buf, sizeof(buf));

		if (n == 0)
			return total;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (off = 0; off < n;) {
			ssize_t w = send(c, buf + off, n - off, MSG_NOSIGNAL);

			if (w < 0)
				return -1;
			off += w;
		}
		total += n;
	}
}

/*
 * `to` (A.B.C.D:PORT or [IPV6]:PORT) as a socket address; its length, or 0
 * when it is neither.
 */
static socklen_t parse_addr(const char *to, struct sockaddr_storage *ss)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	const char *colon = strrchr(to, ':'), *host = to;
	char buf[64];
	size_t n;

	if (!colon)
		return 0;
	n = colon - to;
	if (to[0] == '[') {
		if (n < 2 || to[n - 1] != ']')
			return 0;
		host++;
		n -= 2;
	}
	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, host, n);
	buf[n] = 0;
	memset(ss, 0, sizeof(*ss));
	if (host != to) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((unsigned short)atoi(colon + 1));
		return inet_pton(AF_INET6, buf, &in6->sin6_addr) == 1 ? sizeof(*in6) : 0;
	}
	in->sin_family = AF_INET;
	in->sin_port = htons((unsigned short)atoi(colon + 1));
	return inet_pton(AF_INET, buf, &in->sin_addr) == 1 ? sizeof(*in) : 0;
}

/* The client part: connects to `to`; 0, or 1 after a message. */
static int client(const char *to)
{
	static char buf[16384];
	struct sockaddr_storage a, peer;
	socklen_t alen = parse_addr(to, &a), plen = sizeof(peer);
	unsigned long sum = 0;
	long sent = 0, got = 0;
	int c;

	if (!alen) {
		printf("sockecho: %s is not ADDR:PORT\n", to);
		return 1;
	}
	c = socket(a.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c < 0)
		return fail("socket");
	if (connect(c, (struct sockaddr *)&a, alen))
		return fail("connect");
	if (getpeername(c, (struct sockaddr *)&peer, &plen))
		return fail("getpeername");
	printf("sockecho: connected, getpeername %s\n",
	       plen == alen && !memcmp(&peer, &a, alen) ? "matches" : "differs");
	while (sent < 100000) {
		size_t i, n = sizeof(buf);
		ssize_t w;

		if (n > (size_t)(100000 - sent))
			n = 100000 - sent;
		for (i = 0; i < n; i++)
			buf[i] = (char)((sent + i) * 7);
		w = write(c, buf, n);
		if (w <= 0)
			return fail("write");
		sent += w;
	}
	if (shutdown(c, SHUT_WR))
		return fail("shutdown");
	/*
	 * The echo read without waiting, tried again at once while there is
	 * none (EAGAIN), as a busy event loop does: it arrives only if the
	 * system takes frames beside the loop.
	 */
	for (;;) {
		ssize_t i, n = recv(c, buf, sizeof(buf), MSG_DONTWAIT);

		if (n < 0 && errno == EAGAIN)
			continue;
		if (n < 0)
			return fail("recv");
		if (n == 0)
			break;
		for (i = 0; i < n; i++)
			sum += (unsigned char)buf[i];
		got += n;
	}
	close(c);
	printf("sockecho: sent %ld bytes, the peer sent back %ld bytes, sum %lu\n",
	       sent, got, sum);
	return 0;
}

/* How a call ended, by errno's name (the C libraries' messages differ). */
static const char *outcome(int r)
{
	if (r >= 0)
		return "accepted";
	switch (errno) {
	case EBADF: return "EBADF";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case EAGAIN: return "EAGAIN";
	default: return strerror(errno);
	}
}

/* Milliseconds since `t0` (CLOCK_MONOTONIC). */
static long since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* poll's events by name ("-" for none); epoll's bits are the same. */
static const char *pollnames(unsigned int re)
{
	static const struct { unsigned int bit; const char *name; } names[] = {
		{ POLLIN, "|IN" }, { POLLOUT, "|OUT" }, { POLLRDHUP, "|RDHUP" },
		{ POLLERR, "|ERR" }, { POLLHUP, "|HUP" }, { POLLNVAL, "|NVAL" },
	};
	static char buf[8][64];
	static int next;
	char *b = buf[next++ % 8];
	size_t i;

	b[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (re & names[i].bit)
			strcat(b, names[i].name);
	return b[0] ? b + 1 : "-";
}

/* The events of an epoll report, by name ("-" for none, "none" for a report without events, "wrong" for a count other than 1). */
static const char *evnames(int n, const struct epoll_event *ev)
{
	if (n != 1)
		return n ? "wrong" : "-";
	return ev->events ? pollnames(ev->events) : "none";
}

/* epoll_wait for one report, up to `ms`; its events by name (see evnames). */
static const char *wait1(int ep, int ms)
{
	struct epoll_event ev;

	return evnames(epoll_wait(ep, &ev, 1, ms), &ev);
}

/* Reads what is there (non-blocking) until EAGAIN; the bytes read. */
static long drain(int fd)
{
	char buf[256];
	long total = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	return total;
}

/*
 * Edge-triggered epoll (EPOLLET), as event loops such as nginx's use it,
 * on a connection to the echo server `a`: a report when the connection is
 * added (writable), then none while nothing changes, one per arrival of
 * echoed bytes even while earlier ones are still unread, none for bytes
 * sent, a report again after EPOLL_CTL_MOD, and EPOLLRDHUP when the peer
 * ends its stream. Then a pipe's read and write ends. 0, or 1 after a
 * message.
 */
static int edge_checks(const struct sockaddr_storage *a, socklen_t alen)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET };
	const char *r[8];
	long got;
	int c, ep, p[2], i, n;

	ep = epoll_create1(0);
	c = socket(a->ss_family, SOCK_STREAM, 0);
	if (ep < 0 || c < 0)
		return fail("socket or epoll_create1");
	if (connect(c, (const struct sockaddr *)a, alen))
		return fail("connect");
	fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev))
		return fail("epoll_ctl ADD with EPOLLET");
	r[0] = wait1(ep, 0);
	r[1] = wait1(ep, 0);
	if (write(c, "abc", 3) != 3)
		return fail("write");
	r[2] = wait1(ep, 5000);         /* the echo arrives */
	r[3] = wait1(ep, 0);            /* unread, but no new edge */
	if (write(c, "de", 2) != 2)
		return fail("write");
	r[4] = wait1(ep, 5000);         /* more arrives */
	got = drain(c);
	r[5] = wait1(ep, 0);
	printf("sockecho: EPOLLET: added %s, again %s; echo arrives %s, unread %s; "
	       "more arrives %s, read %ld, then %s\n",
	       r[0], r[1], r[2], r[3], r[4], got, r[5]);
	if (epoll_ctl(ep, EPOLL_CTL_MOD, c, &ev))
		return fail("epoll_ctl MOD with EPOLLET");
	ev.events = 0;
	r[0] = wait1(ep, 0);
	r[1] = wait1(ep, 0);
	/*
	 * The echo server ends its stream after ours. Our own end may be
	 * reported first (Linux: when our FIN is acknowledged), and Linux
	 * adds EPOLLHUP once both ends are shut: what is compared is that a
	 * report of the peer's end comes, with EPOLLIN and EPOLLRDHUP.
	 */
	shutdown(c, SHUT_WR);
	for (i = 0, n = 0; i < 3 && !(ev.events & EPOLLRDHUP); i++)
		n = epoll_wait(ep, &ev, 1, 5000);
	ev.events &= EPOLLIN | EPOLLRDHUP;
	r[2] = evnames(n, &ev);
	r[3] = wait1(ep, 0);
	printf("sockecho: EPOLLET: after MOD %s, again %s; the peer's end %s, then %s\n",
	       r[0], r[1], r[2], r[3]);
	close(c);

	if (pipe2(p, O_NONBLOCK))
		return fail("pipe2");
	ev.data.fd = p[0];
	ev.events = EPOLLIN | EPOLLET;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev))
		return fail("epoll_ctl ADD a pipe with EPOLLET");
	ev.events = EPOLLOUT | EPOLLET;
	ev.data.fd = p[1];
	if (epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev))
		return fail("epoll_ctl ADD a pipe's write end with EPOLLET");
	r[0] = wait1(ep, 0);            /* the write end: writable */
	r[1] = wait1(ep, 0);
	if (write(p[1], "x", 1) != 1)
		return fail("write to a pipe");
	r[2] = wait1(ep, 0);
	r[3] = wait1(ep, 0);
	if (write(p[1], "y", 1) != 1)
		return fail("write to a pipe");
	r[4] = wait1(ep, 0);
	got = drain(p[0]);
	r[5] = wait1(ep, 0);
	close(p[1]);
	r[6] = wait1(ep, 0);
	printf("sockecho: EPOLLET on a pipe: added %s, again %s; a byte %s, unread %s; "
	       "another %s, read %ld, then %s; write end closed %s\n",
	       r[0], r[1], r[2], r[3], r[4], got, r[5], r[6]);
	close(p[0]);
	close(ep);
	return 0;
}

/*
 * A pipe in epoll instance `ep` (servers wake their event loop with one):
 * its read end is ready when a byte is in, then empty again (EAGAIN), and
 * after the write end closes reports a hang-up and reads the end of file.
 * 0, or 1 after a message.
 */
static int pipe_checks(int ep)
{
	struct epoll_event ev = { .events = EPOLLIN }, got[2];
	char c = 0;
	int p[2], n1, n2, n3, r1, r2, r3;

	if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
		return fail("pipe2");
	ev.data.fd = p[0];
	if (epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev))
		return fail("epoll_ctl ADD a pipe");
	n1 = epoll_wait(ep, got, 2, 0);
	if (write(p[1], "x", 1) != 1)
		return fail("write to a pipe");
	n2 = epoll_wait(ep, got, 2, 0);
	r1 = (int)read(p[0], &c, 1);
	r2 = (int)read(p[0], &c, 1);
	printf("sockecho: pipe in epoll: %d ready, after a byte %d (%s), read %d '%c', "
	       "then %s\n", n1, n2,
	       n2 == 1 && got[0].data.fd == p[0] && got[0].events == EPOLLIN ? "EPOLLIN" : "wrong",
	       r1, c, r2 < 0 ? outcome(r2) : "a byte");
	close(p[1]);
	n3 = epoll_wait(ep, got, 2, 0);
	r3 = (int)read(p[0], &c, 1);
	printf("sockecho: pipe's write end closed: %d ready (%s), read %d\n", n3,
	       n3 == 1 && got[0].events == EPOLLHUP ? "EPOLLHUP" : "wrong", r3);
	close(p[0]);
	return 0;
}

/*
 * What a server relies on from epoll, on the listening socket `s` with no
 * client yet: the answers to bad requests, a wait that lasts its timeout,
 * a socket that is always writable (level-triggered: reported at every
 * wait, EPOLLONESHOT: once until re-armed), and a closed descriptor that
 * leaves the set. Returns a new instance holding `s` for EPOLLIN (data:
 * the descriptor), or -1 after a message.
 */
static int epoll_checks(int s)
{
	struct epoll_event ev = { .events = EPOLLIN }, got[4];
	struct timespec t0;
	int ep, u, n1, n2, n3, n4, n5;
	long waited;

	/* (musl's epoll_create ignores its size, glibc's refuses 0.) */
	u = epoll_create(1);
	if (u < 0)
		return fail("epoll_create"), -1;
	close(u);
	if (epoll_create1(0x7) >= 0 || errno != EINVAL)
		return fail("epoll_create1 with bad flags is not EINVAL"), -1;
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		return fail("epoll_create1"), -1;
	if (!(fcntl(ep, F_GETFD) & FD_CLOEXEC))
		printf("sockecho: EPOLL_CLOEXEC did not set close-on-exec\n");
	ev.data.fd = s;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev))
		return fail("epoll_ctl ADD"), -1;
	printf("sockecho: epoll errors: ADD again %s, DEL of a stranger %s, "
	       "a bad descriptor %s, itself %s, not an epoll %s, wait for 0 %s\n",
	       outcome(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev)),
	       outcome(epoll_ctl(ep, EPOLL_CTL_DEL, 1, NULL)),
	       outcome(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev)),
	       outcome(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev)),
	       outcome(epoll_ctl(s, EPOLL_CTL_ADD, s, &ev)),
	       outcome(epoll_wait(ep, got, 0, 0)));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	n1 = epoll_wait(ep, got, 4, 0);
	n2 = epoll_wait(ep, got, 4, 50);
	waited = since(&t0);
	printf("sockecho: epoll with no client: %d and %d ready, waited %s 50 ms\n",
	       n1, n2, waited >= 49 ? "its" : "less than");

	/* A second socket, never connected: writable at once, to no one. */
	u = socket(AF_INET, SOCK_DGRAM, 0);
	if (u < 0)
		return fail("socket"), -1;
	ev = (struct epoll_event){ .events = EPOLLOUT, .data.u64 = 0x1234567890ULL };
	if (epoll_ctl(ep, EPOLL_CTL_ADD, u, &ev))
		return fail("epoll_ctl ADD udp"), -1;
	n1 = epoll_wait(ep, got, 4, -1);
	n2 = epoll_wait(ep, got + 1, 3, -1);
	ev.events = EPOLLOUT | EPOLLONESHOT;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, u, &ev))
		return fail("epoll_ctl MOD"), -1;
	n3 = epoll_wait(ep, got + 2, 2, -1);
	n4 = epoll_wait(ep, got + 3, 1, 0);
	if (epoll_ctl(ep, EPOLL_CTL_MOD, u, &ev))
		return fail("epoll_ctl MOD again"), -1;
	close(u);
	n5 = epoll_wait(ep, got + 3, 1, 0);
	printf("sockecho: epoll on a datagram socket: %d, %d ready (%s), "
	       "one-shot %d then %d, after close %d, DEL after close %s\n",
	       n1, n2,
	       got[0].data.u64 == 0x1234567890ULL && got[1].data.u64 == 0x1234567890ULL &&
	       got[0].events == EPOLLOUT && got[2].events == EPOLLOUT ? "its data, EPOLLOUT" : "wrong",
	       n3, n4, n5,
	       outcome(epoll_ctl(ep, EPOLL_CTL_DEL, u, NULL)));
	return pipe_checks(ep) ? -1 : ep;
}

/* poll on `fd` alone for `events`, no waiting; its events by name. */
static const char *poll_now(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	return pollnames(poll(&p, 1, 0) == 1 ? (unsigned short)p.revents : 0);
}

/*
 * A new connection to `a`, shut in direction `how` (SHUT_RD, SHUT_WR or
 * SHUT_RDWR; a negative one: not), or -1 after a message.
 */
static int connect_shut(const struct sockaddr_storage *a, socklen_t alen, int how)
{
	int c = socket(a->ss_family, SOCK_STREAM, 0);

	if (c < 0)
		return fail("socket"), -1;
	if (connect(c, (const struct sockaddr *)a, alen))
		return fail("connect"), -1;
	if (how >= 0 && shutdown(c, how))
		return fail("shutdown"), -1;
	return c;
}

/*
 * What poll reports as a connection's directions close, by Linux's rules
 * (tcp_poll): our SHUT_RD alone is POLLIN and POLLRDHUP (the connection
 * stays writable); both directions shut by our SHUT_RDWR, or by our
 * SHUT_WR and then the peer's FIN (the echo server `a` ends its stream
 * after ours), add POLLHUP, also when not asked for. 0, or 1 after a
 * message.
 */
static int hup_checks(const struct sockaddr_storage *a, socklen_t alen)
{
	const short all = POLLIN | POLLOUT | POLLRDHUP;
	const char *r[5];
	struct pollfd p;
	int c, i;

	c = connect_shut(a, alen, -1);
	if (c < 0)
		return 1;
	r[0] = poll_now(c, all);
	if (shutdown(c, SHUT_RD))
		return fail("shutdown SHUT_RD");
	r[1] = poll_now(c, all);
	close(c);
	c = connect_shut(a, alen, SHUT_RDWR);
	if (c < 0)
		return 1;
	r[2] = poll_now(c, all);
	close(c);
	c = connect_shut(a, alen, SHUT_WR);
	if (c < 0)
		return 1;
	/* Until the peer's end arrives (or 5 s): a report with POLLRDHUP. */
	p = (struct pollfd){ .fd = c, .events = POLLIN | POLLRDHUP };
	for (i = 0; i < 50 && !(p.revents & POLLRDHUP); i++)
		if (poll(&p, 1, 100) < 0)
			return fail("poll for the peer's end");
	r[3] = poll_now(c, all);
	r[4] = poll_now(c, 0);
	close(c);
	printf("sockecho: poll on a connection: open %s; after SHUT_RD %s; after SHUT_RDWR %s; "
	       "after SHUT_WR and the peer's end %s, asking for nothing %s\n",
	       r[0], r[1], r[2], r[3], r[4]);
	return 0;
}

/*
 * What poll reports for a stream socket not connected, and for a
 * connection refused (reset at once: `a`'s host at port 1, where nothing
 * listens), as Linux's tcp_poll(): new, POLLOUT and POLLHUP; a
 * non-blocking connect refused, the directions shut, POLLERR and
 * POLLHUP, then no POLLERR once SO_ERROR handed the error over; after
 * a blocking connect refused, as new. 0, or 1 after a message.
 */
static int refused_checks(const struct sockaddr_storage *a, socklen_t alen)
{
	const short all = POLLIN | POLLOUT | POLLRDHUP;
	struct sockaddr_storage to = *a;
	struct pollfd p;
	const char *r[5];
	int c, e = 0;
	socklen_t elen = sizeof(e);

	if (to.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&to)->sin6_port = htons(1);
	else
		((struct sockaddr_in *)&to)->sin_port = htons(1);
	c = socket(to.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c < 0)
		return fail("socket");
	r[0] = poll_now(c, all);
	if (!connect(c, (struct sockaddr *)&to, alen) || errno != EINPROGRESS)
		return fail("a non-blocking connect to port 1 is not EINPROGRESS");
	p = (struct pollfd){ .fd = c, .events = all };
	r[1] = pollnames(poll(&p, 1, 5000) == 1 ? (unsigned short)p.revents : 0);
	if (getsockopt(c, SOL_SOCKET, SO_ERROR, &e, &elen))
		return fail("getsockopt SO_ERROR");
	r[2] = poll_now(c, all);
	close(c);
	c = socket(to.ss_family, SOCK_STREAM, 0);
	if (c < 0)
		return fail("socket");
	if (!connect(c, (struct sockaddr *)&to, alen))
		return fail("a connect to port 1 succeeded");
	r[3] = poll_now(c, all);
	close(c);
	printf("sockecho: poll on a stream socket: new %s; a non-blocking connect refused %s, "
	       "SO_ERROR %s, then %s; a blocking connect refused %s\n",
	       r[0], r[1], e ? "an error" : "none", r[2], r[3]);
	return 0;
}

/* What write_later() does: after `ms` milliseconds, a byte to `fd`. */
struct waker {
	pthread_t thread;
	int fd, ms;
};

static void *write_later(void *arg)
{
	struct waker *w = arg;
	struct timespec t = { w->ms / 1000, (long)(w->ms % 1000) * 1000000 };

	nanosleep(&t, NULL);
	if (write(w->fd, "w", 1) != 1)
		printf("sockecho: the waking thread could not write\n");
	return NULL;
}

/* Starts a thread that writes a byte to `fd` in 100 ms; 0, or 1 after a message. */
static int wake_later(struct waker *w, int fd)
{
	w->fd = fd;
	w->ms = 100;
	errno = pthread_create(&w->thread, NULL, write_later, w);
	return errno ? fail("pthread_create") : 0;
}

/* `rd` with descriptors `a` and `b` only (the same one twice: just it). */
static void set_of(fd_set *rd, int a, int b)
{
	FD_ZERO(rd);
	FD_SET(a, rd);
	FD_SET(b, rd);
}

/*
 * Waiting on sockets and other files together, on the listening socket
 * `s` (no client yet, so idle): poll, select and pselect6 on `s` and a
 * pipe's read end, woken by another thread's write to the pipe long
 * before their timeout (10 s); pselect6 (the system call, which writes
 * the time left back as Linux's does) then left some of its time, and
 * none after a timeout. poll on the pipe alone waits its timeout, and
 * reports a hang-up it was not asked for, and POLLNVAL for a closed
 * descriptor, where select fails with EBADF. 0, or 1 after a message.
 */
static int wake_checks(int s)
{
	struct pollfd fds[2];
	struct waker w;
	struct timespec t0, ts;
	struct timeval tv;
	fd_set rd;
	int p[2], n, hi;
	long waited;

	if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
		return fail("pipe2");
	hi = (s > p[0] ? s : p[0]) + 1;
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = poll(fds, 1, 50);
	waited = since(&t0);
	printf("sockecho: poll on an empty pipe: %d ready, waited %s 50 ms\n", n,
	       waited >= 49 ? "its" : "less than");

	fds[0] = (struct pollfd){ .fd = s, .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	if (wake_later(&w, p[1]))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = poll(fds, 2, 10000);
	waited = since(&t0);
	pthread_join(w.thread, NULL);
	printf("sockecho: poll on the listening socket and a pipe another thread writes to: "
	       "%d ready (socket %s, pipe %s), %s\n", n, pollnames((unsigned short)fds[0].revents),
	       pollnames((unsigned short)fds[1].revents), waited < 5000 ? "woken" : "not woken");
	drain(p[0]);

	set_of(&rd, s, p[0]);
	tv = (struct timeval){ 10, 0 };
	if (wake_later(&w, p[1]))
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = select(hi, &rd, NULL, NULL, &tv);
	waited = since(&t0);
	pthread_join(w.thread, NULL);
	printf("sockecho: select on the listening socket and a pipe another thread writes to: "
	       "%d ready (socket %s, pipe %s), %s\n", n, FD_ISSET(s, &rd) ? "set" : "clear",
	       FD_ISSET(p[0], &rd) ? "set" : "clear", waited < 5000 ? "woken" : "not woken");
	drain(p[0]);

	set_of(&rd, s, p[0]);
	ts = (struct timespec){ 10, 0 };
	if (wake_later(&w, p[1]))
		return 1;
	n = (int)syscall(SYS_pselect6, hi, &rd, NULL, NULL, &ts, NULL);
	pthread_join(w.thread, NULL);
	printf("sockecho: pselect6 woken by the pipe: %d ready (pipe %s), time left %s\n", n,
	       FD_ISSET(p[0], &rd) ? "set" : "clear",
	       ts.tv_sec < 10 && (ts.tv_sec > 0 || ts.tv_nsec > 0) ? "some, less than given" : "wrong");
	drain(p[0]);
	set_of(&rd, p[0], p[0]);
	ts = (struct timespec){ 0, 50000000 };
	n = (int)syscall(SYS_pselect6, hi, &rd, NULL, NULL, &ts, NULL);
	printf("sockecho: pselect6 on an empty pipe: %d ready, time left %s\n", n,
	       ts.tv_sec == 0 && ts.tv_nsec == 0 ? "none" : "wrong");

	close(p[1]);
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLOUT };
	n = poll(fds, 1, 0);
	printf("sockecho: poll on a pipe whose write end closed, asking for POLLOUT: %d ready (%s)\n",
	       n, pollnames((unsigned short)fds[0].revents));
	close(p[0]);
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = -1, .events = POLLIN };
	n = poll(fds, 2, 0);
	set_of(&rd, p[0], p[0]);
	tv = (struct timeval){ 0, 0 };
	printf("sockecho: a closed descriptor: poll %d ready (%s, a negative one %s), select %s\n",
	       n, pollnames((unsigned short)fds[0].revents), pollnames((unsigned short)fds[1].revents),
	       outcome(select(p[0] + 1, &rd, NULL, NULL, &tv)));
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_storage a;
	struct sockaddr_in *in = (struct sockaddr_in *)&a;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a;
	socklen_t alen;
	struct stat st;
	int s, one = 1, type = 0, count, i, v6 = 0, ep;
	socklen_t tlen = sizeof(type);
	long bytes = 0;
	unsigned short port;

	if (argc > 1 && !strcmp(argv[1], "-6")) {
		v6 = 1;
		argv++;
		argc--;
	}
	if (argc != 3 && argc != 4) {
		printf("usage: sockecho [-6] PORT COUNT [ADDR:PORT]\n");
		return 2;
	}
	if (argc == 4 && client(argv[3]))
		return 1;
	if (argc == 4) {
		struct sockaddr_storage to;
		socklen_t tolen = parse_addr(argv[3], &to);

		if (edge_checks(&to, tolen) || hup_checks(&to, tolen) ||
		    refused_checks(&to, tolen))
			return 1;
	}
	port = htons((unsigned short)atoi(argv[1]));
	count = atoi(argv[2]);
	memset(&a, 0, sizeof(a));
	if (v6) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = port;
		in6->sin6_addr = in6addr_any;
		alen = sizeof(*in6);
	} else {
		in->sin_family = AF_INET;
		in->sin_port = port;
		in->sin_addr.s_addr = htonl(INADDR_ANY);
		alen = sizeof(*in);
	}

	s = socket(a.ss_family, SOCK_STREAM, 0);
	if (s < 0)
		return fail("socket");
	if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		return fail("setsockopt SO_REUSEADDR");
	if (v6) {
		int only = 0;
		socklen_t olen = sizeof(only);

		if (setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) ||
		    getsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &only, &olen))
			return fail("IPV6_V6ONLY");
		printf("sockecho: IPv6, IPV6_V6ONLY %s\n", only ? "on" : "off");
	}
	if (bind(s, (struct sockaddr *)&a, alen))
		return fail("bind");
	if (listen(s, 8))
		return fail("listen");
	if (fstat(s, &st))
		return fail("fstat");
	if (getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &tlen))
		return fail("getsockopt SO_TYPE");
	memset(&a, 0, sizeof(a));
	alen = sizeof(a);
	if (getsockname(s, (struct sockaddr *)&a, &alen))
		return fail("getsockname");
	printf("sockecho: fstat %s, SO_TYPE %s, bound to port %u (%u-byte address)\n",
	       S_ISSOCK(st.st_mode) ? "socket" : "not a socket",
	       type == SOCK_STREAM ? "stream" : "other",
	       ntohs(v6 ? in6->sin6_port : in->sin_port),
	       (unsigned int)alen);

	/* Non-blocking: nobody connected yet, so accept must not wait. */
	fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
	if (accept(s, NULL, NULL) >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
		return fail("non-blocking accept");
	printf("sockecho: non-blocking accept: no client yet (EAGAIN)\n");
	fcntl(s, F_SETFL, fcntl(s, F_GETFL) & ~O_NONBLOCK);
	{
		struct timeval tv = { 0, 0 };
		struct pollfd p = { .fd = s, .events = POLLIN };
		fd_set rd;

		FD_ZERO(&rd);
		FD_SET(s, &rd);
		if (select(s + 1, &rd, NULL, NULL, &tv) != 0 || FD_ISSET(s, &rd))
			return fail("select with no client");
		struct timespec t0, t1;
		long waited;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (poll(&p, 1, 50) != 0 || p.revents)
			return fail("poll with no client");
		clock_gettime(CLOCK_MONOTONIC, &t1);
		waited = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		printf("sockecho: select and poll: no client yet, poll waited %s 50 ms\n",
		       waited >= 49 ? "its" : "less than");
	}
	ep = epoll_checks(s);
	if (ep < 0 || wake_checks(s))
		return 1;

	printf("sockecho: listening\n");
	fflush(stdout);
	for (i = 1; i <= count; i++) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof(peer);
		fd_set rd;
		int c;
		long n;

		struct epoll_event ev;
		bool by_epoll = i % 2 == 0;

		if (by_epoll) {
			if (epoll_wait(ep, &ev, 1, -1) != 1 || ev.data.fd != s ||
			    ev.events != EPOLLIN)
				return fail("epoll_wait for a client");
		} else {
			FD_ZERO(&rd);
			FD_SET(s, &rd);
			if (select(s + 1, &rd, NULL, NULL, NULL) != 1 || !FD_ISSET(s, &rd))
				return fail("select for a client");
		}
		c = accept(s, (struct sockaddr *)&peer, &plen);
		if (c < 0)
			return fail("accept");
		if (peer.ss_family != (v6 ? AF_INET6 : AF_INET) ||
		    plen != (v6 ? sizeof(*in6) : sizeof(*in)))
			printf("sockecho: accept gave a bad peer address\n");
		if (setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)))
			return fail("setsockopt TCP_NODELAY");
		ev = (struct epoll_event){ .events = EPOLLIN | EPOLLRDHUP, .data.fd = c };
		if (by_epoll && epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev))
			return fail("epoll_ctl ADD a connection");
		n = echo(c, by_epoll ? ep : -1);
		if (n == -2)
			return fail(by_epoll ? "epoll_wait on a connection" : "poll on a connection");
		if (n < 0) {
			printf("sockecho: connection %d: reset by the peer\n", i);
		} else {
			printf("sockecho: connection %d: %ld bytes echoed\n", i, n);
			bytes += n;
		}
		fflush(stdout);
		close(c);
	}
	close(ep);
	close(s);
	printf("sockecho: %d connections served, %ld bytes echoed\n", count, bytes);
	return 0;
}
