/* SPDX-License-Identifier: MIT */
/*
 * poll, ppoll, select and pselect6 for sockets, through lwIP's lwip_poll()
 * (which blocks on a semaphore its sockets signal). A descriptor that is
 * no socket has no way to wake a waiter yet, so its answer is immediate:
 * what its file's `poll` operation says (a pipe), else a regular file is
 * ready for reading and writing (as on Linux), any other file (the
 * console) for writing only. Signal masks are ignored:
 * the image delivers no signals.
 */
#include <uk/file.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/timer.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <lwip/sockets.h>
#include "socket.h"

struct l_timespec {
	int64_t sec, nsec;
};

struct l_timeval {
	int64_t sec, usec;
};

/* Linux's fd_set: FD_SETSIZE bits. */
#define L_FD_SETSIZE 1024
#define L_NFDBITS    (8 * (int)sizeof(unsigned long))

static const struct { short l, lw; } events[] = {
	{ L_POLLIN, POLLIN }, { L_POLLPRI, POLLPRI }, { L_POLLOUT, POLLOUT },
	{ L_POLLERR, POLLERR }, { L_POLLHUP, POLLHUP },
	{ L_POLLNVAL, POLLNVAL }, { L_POLLRDNORM, POLLRDNORM },
	{ L_POLLRDBAND, POLLRDBAND }, { L_POLLWRNORM, POLLWRNORM },
	{ L_POLLWRBAND, POLLWRBAND },
};

static short events_as(short e, bool to_lwip)
{
	short r = 0;
	unsigned int i;

	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		if (e & (to_lwip ? events[i].l : events[i].lw))
			r |= to_lwip ? events[i].lw : events[i].l;
	}
	return r;
}

/*
 * What a descriptor that is no socket answers at once: its `poll`
 * operation (a pipe), else ready as the file ops say. POLLERR and POLLHUP
 * are reported whether asked for or not.
 */
static short file_ready(struct uk_file *f, short want)
{
	short ready = L_POLLOUT | L_POLLWRNORM;

	if (f->ops->poll) {
		ready = f->ops->poll(f);
		if (ready & L_POLLIN)
			ready |= L_POLLRDNORM;
		if (ready & L_POLLOUT)
			ready |= L_POLLWRNORM;
		return (want | L_POLLERR | L_POLLHUP) & ready;
	}
	if (f->ops->seekable)
		ready |= L_POLLIN | L_POLLRDNORM;
	return want & ready;
}

int posix_socket_poll(struct l_pollfd *fds, unsigned long n, int ms)
{
	struct pollfd lfds[UK_FDTAB_SIZE];
	unsigned int at[UK_FDTAB_SIZE], nl = 0, j;
	unsigned long i;
	int ready = 0, r;

	if (n > UK_FDTAB_SIZE)
		return -EINVAL;
	/*
	 * lwIP's threads (the tcpip thread, the device thread) get their turn
	 * first: on the cooperative scheduler they run only when this thread
	 * yields or blocks, and a caller that goes round its loop while some
	 * descriptor is always ready (a listening socket with a client
	 * waiting, level-triggered, beside the connection it serves) would
	 * never block, so the frames the rest of its descriptors wait for
	 * would never be taken. Linux takes frames beside such a loop.
	 */
	uk_thread_yield();
	for (i = 0; i < n; i++) {
		int s;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		s = posix_socket_lwip(fds[i].fd, NULL);
		if (s >= 0) {
			lfds[nl] = (struct pollfd){ .fd = s,
				.events = events_as(fds[i].events, true) };
			at[nl++] = i;
			continue;
		}
		fds[i].revents = s == -ENOTSOCK
			? file_ready(uk_fdtab_get(fds[i].fd), fds[i].events)
			: L_POLLNVAL;
		if (fds[i].revents)
			ready++;
	}
	if (nl) {
		r = lwip_poll(lfds, nl, ready ? 0 : ms);
		if (r < 0)
			return (int)posix_socket_result(r);
		for (j = 0; j < nl; j++) {
			fds[at[j]].revents = events_as(lfds[j].revents, false);
			/* lwIP's poll has no such event: relay() (socket.c) tracks it. */
			if ((fds[at[j]].events & L_POLLRDHUP) && posix_socket_rdhup(lfds[j].fd))
				fds[at[j]].revents |= L_POLLRDHUP;
			if (fds[at[j]].revents)
				ready++;
		}
	} else if (!ready && ms) {
		/* Nothing can become ready: only the timeout ends the wait. */
		if (ms < 0)
			for (;;)
				uk_thread_sleep(UK_NSEC_PER_SEC);
		uk_thread_sleep((uint64_t)ms * UK_NSEC_PER_MSEC);
	}
	return ready;
}

/* A timespec as poll's milliseconds (rounded up); -1 for none. */
static int ts_ms(int64_t sec, int64_t nsec, int *ms)
{
	int64_t v;

	if (sec < 0 || nsec < 0 || nsec >= 1000000000)
		return -EINVAL;
	v = sec > INT_MAX / 1000 ? INT_MAX : sec * 1000 + (nsec + 999999) / 1000000;
	*ms = v > INT_MAX ? INT_MAX : (int)v;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, poll, struct l_pollfd *, fds, unsigned long, n,
		    int, ms)
{
	return posix_socket_poll(fds, n, ms < 0 ? -1 : ms);
}

UK_SYSCALL_R_DEFINE(int, ppoll, struct l_pollfd *, fds, unsigned long, n,
		    const struct l_timespec *, ts, const void *, sigmask,
		    size_t, sigsetsize)
{
	int ms = -1, e;

	(void)sigmask;
	(void)sigsetsize;
	if (ts && (e = ts_ms(ts->sec, ts->nsec, &ms)))
		return e;
	return posix_socket_poll(fds, n, ms);
}

static bool fd_isset(const unsigned long *set, int fd)
{
	return set && (set[fd / L_NFDBITS] >> (fd % L_NFDBITS)) & 1;
}

static void fd_set1(unsigned long *set, int fd)
{
	set[fd / L_NFDBITS] |= 1UL << (fd % L_NFDBITS);
}

/* select(2) over posix_socket_poll(): the descriptors ready, or -errno. */
static int select_ms(int nfds, unsigned long *rd, unsigned long *wr,
		     unsigned long *ex, int ms)
{
	struct l_pollfd fds[UK_FDTAB_SIZE];
	unsigned long n = 0, i;
	size_t bytes;
	int fd, r, count = 0;

	if (nfds < 0 || nfds > L_FD_SETSIZE)
		return -EINVAL;
	for (fd = 0; fd < nfds; fd++) {
		short ev = (fd_isset(rd, fd) ? L_POLLIN : 0) |
			   (fd_isset(wr, fd) ? L_POLLOUT : 0) |
			   (fd_isset(ex, fd) ? L_POLLPRI : 0);

		if (!ev)
			continue;
		if (fd >= UK_FDTAB_SIZE || !uk_fdtab_get(fd))
			return -EBADF;
		fds[n++] = (struct l_pollfd){ .fd = fd, .events = ev };
	}
	r = posix_socket_poll(fds, n, ms);
	if (r < 0)
		return r;
	bytes = (size_t)(nfds + L_NFDBITS - 1) / L_NFDBITS * sizeof(unsigned long);
	if (rd)
		memset(rd, 0, bytes);
	if (wr)
		memset(wr, 0, bytes);
	if (ex)
		memset(ex, 0, bytes);
	for (i = 0; i < n; i++) {
		short re = fds[i].revents;

		if (rd && (fds[i].events & L_POLLIN) &&
		    (re & (L_POLLIN | L_POLLHUP | L_POLLERR))) {
			fd_set1(rd, fds[i].fd);
			count++;
		}
		if (wr && (fds[i].events & L_POLLOUT) &&
		    (re & (L_POLLOUT | L_POLLERR))) {
			fd_set1(wr, fds[i].fd);
			count++;
		}
		if (ex && (fds[i].events & L_POLLPRI) && (re & L_POLLPRI)) {
			fd_set1(ex, fds[i].fd);
			count++;
		}
	}
	return count;
}

UK_SYSCALL_R_DEFINE(int, select, int, nfds, unsigned long *, rd,
		    unsigned long *, wr, unsigned long *, ex,
		    struct l_timeval *, tv)
{
	int ms = -1, e;

	if (tv && (e = ts_ms(tv->sec, tv->usec < 0 || tv->usec >= 1000000
				       ? -1 : tv->usec * 1000, &ms)))
		return e;
	return select_ms(nfds, rd, wr, ex, ms);
}

UK_SYSCALL_R_DEFINE(int, pselect6, int, nfds, unsigned long *, rd,
		    unsigned long *, wr, unsigned long *, ex,
		    const struct l_timespec *, ts, const void *, sig)
{
	int ms = -1, e;

	(void)sig;
	if (ts && (e = ts_ms(ts->sec, ts->nsec, &ms)))
		return e;
	return select_ms(nfds, rd, wr, ex, ms);
}
