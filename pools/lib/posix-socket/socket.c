/* SPDX-License-Identifier: MIT */
/*
 * The BSD socket system calls over lwIP's socket API (lwip_socket(), ...,
 * CONFIG_LWIP_THREADS). A socket is a posix-fdtab file whose object holds
 * lwIP's socket number, so read, write, close, fstat and fcntl work on it
 * like on any descriptor.
 *
 * lwIP's socket headers follow BSD rather than Linux: a sockaddr starts
 * with a length byte, and the option levels and names, and the MSG_
 * flags, have other values. The calls here take Linux's (what musl and
 * any Linux program pass) and translate; errors are lwIP's errno, which
 * is the C library's (lwIP's arch/cc.h).
 *
 * Readiness edges: every lwIP socket's netconn reports its events (data
 * or a connection in, room to send, an error) to the socket layer's
 * callback; relay() sits in front of it and passes them on to the
 * socket's file as uk_file_event(), the way Linux wakes a socket's wait
 * queue, for the waiting of poll, select and epoll (and epoll's edges).
 * The socket's poll operation (sock_poll()) answers what they see.
 */
#include <uk/file.h>
#include <uk/lwip.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lwip/api.h>
#include <lwip/priv/sockets_priv.h>
#include <lwip/sockets.h>
#include <lwip/tcp.h>

/* Linux's values (include/linux/socket.h, asm-generic/socket.h). */
#define L_AF_INET        2
#define L_AF_INET6       10
#define L_SOCK_TYPE_MASK 0xf
#define L_SOCK_NONBLOCK  UK_O_NONBLOCK
#define L_SOCK_CLOEXEC   UK_O_CLOEXEC
#define L_SOL_SOCKET     1
#define L_IPPROTO_IP     0
#define L_IPPROTO_TCP    6
#define L_IPPROTO_IPV6   41
#define L_FIONREAD       0x541b   /* x86_64 and arm64 */

/* struct sockaddr_in and sockaddr_in6 as Linux lays them out. */
struct l_sockaddr_in {
	uint16_t family;
	uint16_t port;          /* network order */
	uint32_t addr;          /* network order */
	uint8_t zero[8];
};

struct l_sockaddr_in6 {
	uint16_t family;
	uint16_t port;          /* network order */
	uint32_t flowinfo;
	uint8_t addr[16];
	uint32_t scope_id;
};

/* Linux's shorter sockaddr_in6 of RFC 2133, without scope_id, still accepted. */
#define L_SIN6_LEN_RFC2133 24

/* An address as lwIP's calls take it, of either family. */
union lw_addr {
	struct sockaddr sa;
	struct sockaddr_in in;
#if LWIP_IPV6
	struct sockaddr_in6 in6;
#endif
	struct sockaddr_storage ss;
};

static const struct uk_file_ops socket_ops;

/*
 * By lwIP socket (less LWIP_SOCKET_OFFSET): what relay() and shutdown()
 * keep of a TCP connection for sock_poll(), in the terms of Linux's
 * tcp_poll(): which directions are shut, and whether it is gone.
 */
static struct sock_state {
	struct uk_file *file;   /* while a descriptor has it */
	/* A stream socket neither connected, connecting nor listening
	 * (new, or after a failed connect): Linux's TCP_CLOSE. */
	bool idle;
	bool peer_ended;        /* the peer's FIN came (or a reset) */
	bool shut_rd, shut_wr;  /* our own shutdown() */
	bool gone;              /* lwIP dropped it: reset, aborted, or closed both ways */
	/* Gone with an error (not a clean close) that no call reported
	 * yet (Linux's sk_err): POLLERR. */
	bool failed;
} sockets_of[NUM_SOCKETS];

/* What is kept of lwIP socket `s`; NULL for a number beyond the table. */
static struct sock_state *state_of(int s)
{
	s -= LWIP_SOCKET_OFFSET;
	return s >= 0 && s < NUM_SOCKETS ? &sockets_of[s] : NULL;
}

/* lwIP's own callback of every socket's netconn (sockets.c's event_callback). */
static netconn_callback lwip_event;

/*
 * Whether `conn` is a connected stream whose peer sent its FIN, or one
 * gone (reset: lwIP dropped its pcb). Only inside lwIP's core (its
 * callbacks), where the pcb cannot go away meanwhile. (A length of 0
 * does not tell: lwip_accept() also replays the connection's earlier
 * arrivals with 0.)
 */
static bool peer_ended(const struct netconn *conn)
{
	const struct tcp_pcb *pcb = conn->pcb.tcp;

	if (NETCONNTYPE_GROUP(conn->type) != NETCONN_TCP ||
	    conn->state == NETCONN_LISTEN)
		return false;
	if (!pcb)
		return true;
	switch (pcb->state) {
	case CLOSE_WAIT:
	case LAST_ACK:
	case CLOSING:
	case TIME_WAIT:
		return true;
	default:
		return false;
	}
}

/*
 * What lwIP dropping `conn`'s pcb means (only inside lwIP's core, as
 * peer_ended()): the connection is gone, with an error unless it closed
 * cleanly after both FINs (lwIP's ERR_CLSD).
 */
static void note_gone(struct sock_state *st, const struct netconn *conn)
{
	if (NETCONNTYPE_GROUP(conn->type) != NETCONN_TCP || conn->pcb.tcp ||
	    conn->state == NETCONN_LISTEN)
		return;
	st->gone = true;
	st->peer_ended = true;
	if (conn->pending_err != ERR_OK && conn->pending_err != ERR_CLSD)
		st->failed = true;
}

static void relay(struct netconn *conn, enum netconn_evt evt, u16_t len)
{
	struct lwip_sock *sock = NULL;
	bool could_send = true;
	struct sock_state *st = conn ? state_of(conn->socket) : NULL;
	struct uk_file *f;

	if (st)
		sock = lwip_socket_dbg_get_socket(conn->socket);
	if (sock)
		could_send = sock->sendevent != 0;
	lwip_event(conn, evt, len);
	/*
	 * Not yet accepted, or closed; or closed and its number taken by a
	 * new socket, whose events these are not (a closing connection
	 * still reports its end).
	 */
	if (!sock || sock->conn != conn)
		return;
	f = st->file;
	switch (evt) {
	case NETCONN_EVT_RCVPLUS:
		/*
		 * Data, or a connection to accept, or the end of the peer's
		 * stream (or a reset, after NETCONN_EVT_ERROR), which Linux
		 * signals to readers and writers alike.
		 */
		if (!len && peer_ended(conn)) {
			st->peer_ended = true;
			note_gone(st, conn);
			if (f)
				uk_file_event(f, UK_POLLHUP);
		} else if (f) {
			uk_file_event(f, UK_POLLIN);
		}
		break;
	case NETCONN_EVT_SENDPLUS:
		/* Room again after none, or connected: not every ACK. */
		if (f && (!could_send || !len))
			uk_file_event(f, UK_POLLOUT);
		break;
	case NETCONN_EVT_ERROR:
		note_gone(st, conn);
		if (f)
			uk_file_event(f, UK_POLLERR);
		break;
	default:
		break;  /* consumed or full: no edge */
	}
}

/*
 * Closes lwIP socket `s` and forgets it, after: closing reports an error
 * event of its own, which must not mark the next socket of that number.
 */
static void close_lwip(int s)
{
	struct sock_state *st = state_of(s);

	lwip_close(s);
	if (st)
		memset(st, 0, sizeof(*st));
}

/*
 * lwIP's socket behind descriptor `fd` (and its file in *fp when fp is not
 * NULL), or -EBADF, or -ENOTSOCK for a descriptor that is no socket.
 */
static int posix_socket_lwip(int fd, struct uk_file **fp)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	if (f->ops != &socket_ops)
		return -ENOTSOCK;
	if (fp)
		*fp = f;
	return (int)(intptr_t)f->priv;
}

/* An lwIP call's result: the value, or -errno. */
static long posix_socket_result(long r)
{
	int e = errno ? errno : EIO;

	if (r >= 0)
		return r;
	/*
	 * Nothing to do now: lwIP's threads get their turn before the caller
	 * tries again, which on the cooperative scheduler they would not get
	 * from a caller that retries in a loop (as poll, select and epoll
	 * let every other thread run before they look: posix-poll).
	 */
	if (e == EAGAIN)
		uk_thread_yield();
	return -(long)e;
}

/*
 * The result of an lwIP call on socket `s`, as posix_socket_result().
 * A connection's error that it returns has been reported: poll no longer
 * says POLLERR for it, as Linux clears the socket's error once a call
 * returned it.
 */
static long reported(int s, long r)
{
	struct sock_state *st = state_of(s);

	r = posix_socket_result(r);
	if ((r == -ECONNRESET || r == -ECONNREFUSED || r == -ECONNABORTED ||
	     r == -ETIMEDOUT) && st)
		st->failed = false;
	return r;
}

/*
 * lwIP's socket blocks or not as the descriptor's O_NONBLOCK says now
 * (fcntl changes the file's flags only): called before every call that
 * may block. Returns `s`.
 */
static int sync_nonblock(const struct uk_file *f, int s)
{
	lwip_fcntl(s, F_SETFL, (f->flags & UK_O_NONBLOCK) ? O_NONBLOCK : 0);
	return s;
}

/* Linux's MSG_ flags as lwIP's; unknown ones are dropped. */
static int msg_flags(int lf)
{
	int r = 0;

	if (lf & 0x2)
		r |= MSG_PEEK;
	if (lf & 0x100)
		r |= MSG_WAITALL;
	if (lf & 0x40)
		r |= MSG_DONTWAIT;
	if (lf & 0x8000)
		r |= MSG_MORE;
	return r;
}

/*
 * A Linux sockaddr in as lwIP's, of AF_INET or AF_INET6; its length in
 * *outlen. -EINVAL or -EAFNOSUPPORT.
 */
static int addr_in(const void *la, uint32_t len, union lw_addr *out,
		   socklen_t *outlen)
{
	uint16_t family;

	if (!la || len < sizeof(uint16_t))
		return -EINVAL;
	memcpy(&family, la, sizeof(family));
	memset(out, 0, sizeof(*out));
	if (family == L_AF_INET) {
		struct l_sockaddr_in in;

		if (len < sizeof(in))
			return -EINVAL;
		memcpy(&in, la, sizeof(in));
		out->in.sin_len = sizeof(out->in);
		out->in.sin_family = AF_INET;
		out->in.sin_port = in.port;
		out->in.sin_addr.s_addr = in.addr;
		*outlen = sizeof(out->in);
		return 0;
	}
#if LWIP_IPV6
	if (family == L_AF_INET6) {
		struct l_sockaddr_in6 in6 = { 0 };

		if (len < L_SIN6_LEN_RFC2133)
			return -EINVAL;
		memcpy(&in6, la, len < sizeof(in6) ? len : sizeof(in6));
		out->in6.sin6_len = sizeof(out->in6);
		out->in6.sin6_family = AF_INET6;
		out->in6.sin6_port = in6.port;
		out->in6.sin6_flowinfo = in6.flowinfo;
		memcpy(&out->in6.sin6_addr, in6.addr, sizeof(in6.addr));
		out->in6.sin6_scope_id = in6.scope_id;
		*outlen = sizeof(out->in6);
		return 0;
	}
#endif
	return -EAFNOSUPPORT;
}

/* lwIP's address out in Linux's layout, cut to *len, which becomes its size. */
static void addr_out(const union lw_addr *a, void *la, uint32_t *len)
{
	union {
		struct l_sockaddr_in in;
		struct l_sockaddr_in6 in6;
	} out;
	uint32_t n;

	if (!la || !len)
		return;
	memset(&out, 0, sizeof(out));
#if LWIP_IPV6
	if (a->sa.sa_family == AF_INET6) {
		out.in6.family = L_AF_INET6;
		out.in6.port = a->in6.sin6_port;
		out.in6.flowinfo = a->in6.sin6_flowinfo;
		memcpy(out.in6.addr, &a->in6.sin6_addr, sizeof(out.in6.addr));
		out.in6.scope_id = a->in6.sin6_scope_id;
		n = sizeof(out.in6);
	} else
#endif
	{
		out.in.family = L_AF_INET;
		out.in.port = a->in.sin_port;
		out.in.addr = a->in.sin_addr.s_addr;
		n = sizeof(out.in);
	}
	memcpy(la, &out, *len < n ? *len : n);
	*len = n;
}

static long sock_read(struct uk_file *f, void *buf, size_t len, int64_t off)
{
	int s = (int)(intptr_t)f->priv;

	(void)off;
	return reported(s, lwip_recv(sync_nonblock(f, s), buf, len, 0));
}

static long sock_write(struct uk_file *f, const void *buf, size_t len,
		       int64_t off)
{
	int s = (int)(intptr_t)f->priv;

	(void)off;
	return reported(s, lwip_send(sync_nonblock(f, s), buf, len, 0));
}

/* The buffers as one stream write: one segment for nginx's head and body, not two. */
static long sock_writev(struct uk_file *f, const struct uk_iovec *iov, int n)
{
	int s = (int)(intptr_t)f->priv;

	_Static_assert(sizeof(struct uk_iovec) == sizeof(struct iovec), "iovec layouts");
	return reported(s, lwip_writev(sync_nonblock(f, s), (const struct iovec *)iov, n));
}

static int sock_stat(struct uk_file *f, struct uk_stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = UK_S_IFSOCK | 0777;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

/* FIONREAD: the bytes a read would return now (FIONBIO is posix-fdtab's, for every file). */
static int sock_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	int n;

	if (req != L_FIONREAD)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	if (lwip_ioctl((int)(intptr_t)f->priv, FIONREAD, &n) < 0)
		return posix_socket_result(-1);
	*(int *)arg = n;
	return 0;
}

/*
 * The poll events of the socket now. lwIP's socket layer counts what its
 * netconn reported (unread data or connections, room to send, as its
 * lwip_poll() reads them); a TCP connection adds Linux's tcp_poll()
 * rules from what relay(), connect() and shutdown() kept: a stream
 * socket not connected (new, or its connect failed) is POLLOUT and
 * POLLHUP only, as Linux's TCP_CLOSE; POLLIN and POLLRDHUP once
 * the receiving direction is shut (the peer's FIN, a reset, or our
 * SHUT_RD), POLLOUT once the sending one is (nothing to wait for),
 * POLLHUP once both are or the connection is gone, POLLERR after a
 * reset or an abort, until a call reported the error.
 */
static short sock_poll(struct uk_file *f)
{
	int s = (int)(intptr_t)f->priv;
	struct sock_state *st = state_of(s);
	struct lwip_sock *sock = lwip_socket_dbg_get_socket(s);
	bool rd_shut, wr_shut;
	short ev = 0;
	SYS_ARCH_DECL_PROTECT(lev);

	if (!sock || !st)
		return 0;
	SYS_ARCH_PROTECT(lev);
	if (sock->lastdata.pbuf || sock->rcvevent > 0)
		ev |= UK_POLLIN;
	if (sock->sendevent)
		ev |= UK_POLLOUT;
	SYS_ARCH_UNPROTECT(lev);
	/* lwIP's counts may hold a failed connect's events: Linux's answer. */
	if (st->idle)
		return UK_POLLOUT | UK_POLLHUP;
	rd_shut = st->peer_ended || st->shut_rd;
	wr_shut = st->shut_wr || st->gone;
	if (rd_shut)
		ev |= UK_POLLIN | UK_POLLRDHUP;
	if (wr_shut)
		ev |= UK_POLLOUT;
	if ((rd_shut && wr_shut) || st->gone)
		ev |= UK_POLLHUP;
	if (st->failed)
		ev |= UK_POLLERR;
	return ev;
}

static void sock_release(struct uk_file *f)
{
	close_lwip((int)(intptr_t)f->priv);
}

static const struct uk_file_ops socket_ops = {
	.read = sock_read,
	.write = sock_write,
	.writev = sock_writev,
	.stat = sock_stat,
	.ioctl = sock_ioctl,
	.poll = sock_poll,
	.release = sock_release,
};

/* lwIP socket `s` at a new descriptor; the descriptor or -errno. */
static int install(int s, int lflags)
{
	struct lwip_sock *sock = lwip_socket_dbg_get_socket(s);
	struct uk_file *f;

	f = uk_file_new(&socket_ops, UK_O_RDWR | (lflags & L_SOCK_NONBLOCK),
			(void *)(intptr_t)s);
	if (!f || !sock || !state_of(s)) {
		free(f);
		close_lwip(s);
		return -ENOMEM;
	}
	/*
	 * relay() in front of lwIP's callback; an accepted connection's
	 * netconn has it already (lwIP copies the listener's).
	 */
	if (sock->conn->callback != relay) {
		lwip_event = sock->conn->callback;
		sock->conn->callback = relay;
	}
	state_of(s)->file = f;
	return uk_fdtab_install(f, lflags & L_SOCK_CLOEXEC);
}

UK_SYSCALL_R_DEFINE(int, socket, int, domain, int, type, int, protocol)
{
	int t = type & L_SOCK_TYPE_MASK, s, family, fd;

	if (domain == L_AF_INET)
		family = AF_INET;
#if LWIP_IPV6
	else if (domain == L_AF_INET6)
		family = AF_INET6;
#endif
	else
		return -EAFNOSUPPORT;
	if (type & ~(L_SOCK_TYPE_MASK | L_SOCK_NONBLOCK | L_SOCK_CLOEXEC))
		return -EINVAL;
	if (t != SOCK_STREAM && t != SOCK_DGRAM)
		return -EPROTONOSUPPORT;
	if (!uk_lwip_start())
		return -ENETDOWN;
	s = lwip_socket(family, t, protocol);
	if (s < 0)
		return (int)posix_socket_result(s);
	fd = install(s, type);
	if (fd >= 0)
		state_of(s)->idle = t == SOCK_STREAM;
	return fd;
}

UK_SYSCALL_R_DEFINE(int, bind, int, fd, const void *, addr, uint32_t, len)
{
	union lw_addr a;
	socklen_t alen;
	int s = posix_socket_lwip(fd, NULL), e;

	if (s < 0)
		return s;
	e = addr_in(addr, len, &a, &alen);
	if (e)
		return e;
	return (int)posix_socket_result(lwip_bind(s, &a.sa, alen));
}

UK_SYSCALL_R_DEFINE(int, listen, int, fd, int, backlog)
{
	int s = posix_socket_lwip(fd, NULL);

	if (s < 0)
		return s;
	if (lwip_listen(s, backlog) < 0)
		return (int)posix_socket_result(-1);
	state_of(s)->idle = false;
	return 0;
}

/* accept4(2), and accept(2) with no flags. */
static int accept_flags(int fd, void *addr, uint32_t *len, int flags)
{
	struct uk_file *f;
	union lw_addr a;
	socklen_t alen = sizeof(a);
	int s = posix_socket_lwip(fd, &f), ns;

	if (s < 0)
		return s;
	if (flags & ~(L_SOCK_NONBLOCK | L_SOCK_CLOEXEC))
		return -EINVAL;
	sync_nonblock(f, s);
	memset(&a, 0, sizeof(a));
	ns = lwip_accept(s, &a.sa, &alen);
	if (ns < 0)
		return (int)posix_socket_result(ns);
	addr_out(&a, addr, len);
	return install(ns, flags);
}

UK_SYSCALL_R_DEFINE(int, accept4, int, fd, void *, addr, uint32_t *, len,
		    int, flags)
{
	return accept_flags(fd, addr, len, flags);
}

UK_SYSCALL_R_DEFINE(int, accept, int, fd, void *, addr, uint32_t *, len)
{
	return accept_flags(fd, addr, len, 0);
}

/*
 * lwIP's connect, and what poll is to say after it (sock_poll()):
 * connecting, connected, or, when it failed (the connection refused,
 * reset or timed out, or no route), a socket as new again, as Linux
 * leaves it: its error reported by connect itself.
 */
static int connect_lwip(int s, const struct sockaddr *a, socklen_t alen)
{
	struct sock_state *st = state_of(s);
	bool was_idle = st->idle;
	int r;

	st->idle = false;
	r = (int)posix_socket_result(lwip_connect(s, a, alen));
	if (r == 0 || r == -EINPROGRESS || r == -EALREADY || r == -EISCONN ||
	    !was_idle)
		return r;
	st->idle = true;
	st->peer_ended = st->gone = st->failed = false;
	return r;
}

UK_SYSCALL_R_DEFINE(int, connect, int, fd, const void *, addr, uint32_t, len)
{
	struct uk_file *f;
	union lw_addr a;
	socklen_t alen;
	int s = posix_socket_lwip(fd, &f), e;

	if (s < 0)
		return s;
	e = addr_in(addr, len, &a, &alen);
	if (e)
		return e;
	sync_nonblock(f, s);
	return connect_lwip(s, &a.sa, alen);
}

UK_SYSCALL_R_DEFINE(long, sendto, int, fd, const void *, buf, size_t, n,
		    int, flags, const void *, addr, uint32_t, len)
{
	struct uk_file *f;
	union lw_addr a;
	socklen_t alen;
	int s = posix_socket_lwip(fd, &f), e;

	if (s < 0)
		return s;
	sync_nonblock(f, s);
	if (!addr)
		return reported(s, lwip_send(s, buf, n, msg_flags(flags)));
	e = addr_in(addr, len, &a, &alen);
	if (e)
		return e;
	return reported(s, lwip_sendto(s, buf, n, msg_flags(flags), &a.sa, alen));
}

UK_SYSCALL_R_DEFINE(long, recvfrom, int, fd, void *, buf, size_t, n,
		    int, flags, void *, addr, uint32_t *, len)
{
	struct uk_file *f;
	union lw_addr a;
	socklen_t alen = sizeof(a);
	int s = posix_socket_lwip(fd, &f);
	long r;

	if (s < 0)
		return s;
	memset(&a, 0, sizeof(a));
	sync_nonblock(f, s);
	r = lwip_recvfrom(s, buf, n, msg_flags(flags), &a.sa, &alen);
	if (r >= 0 && addr)
		addr_out(&a, addr, len);
	return reported(s, r);
}

UK_SYSCALL_R_DEFINE(int, shutdown, int, fd, int, how)
{
	struct uk_file *f;
	int s = posix_socket_lwip(fd, &f);
	struct sock_state *st;

	if (s < 0)
		return s;
	if (lwip_shutdown(s, how) < 0)
		return (int)posix_socket_result(-1);
	/* lwIP refuses all but TCP: how is SHUT_RD, SHUT_WR or SHUT_RDWR. */
	st = state_of(s);
	if (how == SHUT_RD || how == SHUT_RDWR)
		st->shut_rd = true;
	if (how == SHUT_WR || how == SHUT_RDWR)
		st->shut_wr = true;
	/* A change of state, as Linux wakes the socket's waiters for it. */
	uk_file_event(f, UK_POLLHUP);
	return 0;
}

/*
 * Linux's option level and name as lwIP's; false for an option lwIP does
 * not have.
 */
static bool option(int level, int name, int *lvl, int *nm)
{
	static const struct { int l, n, lwip; } map[] = {
		{ L_SOL_SOCKET, 2, SO_REUSEADDR },
		{ L_SOL_SOCKET, 3, SO_TYPE },
		{ L_SOL_SOCKET, 4, SO_ERROR },
		{ L_SOL_SOCKET, 6, SO_BROADCAST },
		{ L_SOL_SOCKET, 7, SO_SNDBUF },
		{ L_SOL_SOCKET, 8, SO_RCVBUF },
		{ L_SOL_SOCKET, 9, SO_KEEPALIVE },
		{ L_SOL_SOCKET, 13, SO_LINGER },
		{ L_SOL_SOCKET, 20, SO_RCVTIMEO },
		{ L_SOL_SOCKET, 21, SO_SNDTIMEO },
		{ L_SOL_SOCKET, 30, SO_ACCEPTCONN },
		{ L_IPPROTO_TCP, 1, TCP_NODELAY },
		{ L_IPPROTO_TCP, 4, TCP_KEEPIDLE },
		{ L_IPPROTO_TCP, 5, TCP_KEEPINTVL },
		{ L_IPPROTO_TCP, 6, TCP_KEEPCNT },
		{ L_IPPROTO_IP, 1, IP_TOS },
		{ L_IPPROTO_IP, 2, IP_TTL },
#if LWIP_IPV6
		{ L_IPPROTO_IPV6, 26, IPV6_V6ONLY },
#endif
	};
	unsigned int i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (map[i].l == level && map[i].n == name) {
			*lvl = level == L_SOL_SOCKET ? SOL_SOCKET : level;
			*nm = map[i].lwip;
			return true;
		}
	}
	return false;
}

UK_SYSCALL_R_DEFINE(int, setsockopt, int, fd, int, level, int, name,
		    const void *, val, uint32_t, len)
{
	int s = posix_socket_lwip(fd, NULL), l, n;

	if (s < 0)
		return s;
	if (!option(level, name, &l, &n))
		return -ENOPROTOOPT;
	return (int)posix_socket_result(lwip_setsockopt(s, l, n, val, len));
}

UK_SYSCALL_R_DEFINE(int, getsockopt, int, fd, int, level, int, name,
		    void *, val, uint32_t *, len)
{
	int s = posix_socket_lwip(fd, NULL), l, n;

	if (s < 0)
		return s;
	if (!option(level, name, &l, &n))
		return -ENOPROTOOPT;
	if (lwip_getsockopt(s, l, n, val, len) < 0)
		return (int)posix_socket_result(-1);
	/* SO_ERROR hands the error over (and lwIP forgets it): no POLLERR after. */
	if (l == SOL_SOCKET && n == SO_ERROR)
		state_of(s)->failed = false;
	return 0;
}

/* getsockname(2) or getpeername(2). */
static int name_of(int fd, void *addr, uint32_t *len, bool peer)
{
	union lw_addr a;
	socklen_t alen = sizeof(a);
	int s = posix_socket_lwip(fd, NULL), r;

	if (s < 0)
		return s;
	if (!len)
		return -EFAULT;
	memset(&a, 0, sizeof(a));
	r = peer ? lwip_getpeername(s, &a.sa, &alen)
		 : lwip_getsockname(s, &a.sa, &alen);
	if (r < 0)
		return (int)posix_socket_result(r);
	addr_out(&a, addr, len);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, getsockname, int, fd, void *, addr, uint32_t *, len)
{
	return name_of(fd, addr, len, false);
}

UK_SYSCALL_R_DEFINE(int, getpeername, int, fd, void *, addr, uint32_t *, len)
{
	return name_of(fd, addr, len, true);
}
