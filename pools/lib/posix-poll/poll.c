/* SPDX-License-Identifier: MIT */
/*
 * poll, ppoll, select and pselect6 over any descriptors: each file's
 * readiness is its own `poll` operation's (uk_file_poll(): a pipe's, a
 * socket's, or the default of a file without one), and when none is
 * ready the caller sleeps until some file signals an event
 * (uk_file_wait(): a pipe's write, read or close, a socket's data,
 * connection, room, end or error) or the timeout ends, then looks again.
 * So a write to a pipe wakes a poll that also waits on sockets. As on
 * Linux, select and pselect6 (and ppoll) write the time left back into
 * their timeout; signal masks are ignored: the image delivers no signals.
 */
#include <uk/file.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/timer.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "poll.h"

struct l_timespec {
	int64_t sec, nsec;
};

struct l_timeval {
	int64_t sec, usec;
};

/* Linux's fd_set: FD_SETSIZE bits. */
#define L_FD_SETSIZE 1024
#define L_NFDBITS    (8 * (int)sizeof(unsigned long))

/* The clock's units, signed as the timeouts they divide. */
#define NS_PER_S  ((int64_t)UK_NSEC_PER_SEC)
#define NS_PER_MS ((int64_t)UK_NSEC_PER_MSEC)

/* Each entry's events now (POLLNVAL for a closed descriptor); how many have some. */
static int look(struct l_pollfd *fds, unsigned long n)
{
	unsigned long i;
	int ready = 0;

	for (i = 0; i < n; i++) {
		struct uk_file *f;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		f = uk_fdtab_get(fds[i].fd);
		fds[i].revents = f ? uk_file_poll(f, fds[i].events) : L_POLLNVAL;
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

int uk_poll_ns(struct l_pollfd *fds, unsigned long n, int64_t *ns)
{
	uint64_t deadline = *ns > 0 ? uk_time_now() + (uint64_t)*ns : 0, seen, now;
	int ready;

	if (n > UK_FDTAB_SIZE)
		return -EINVAL;
	/*
	 * Every other thread that can run gets its turn first. On the
	 * cooperative scheduler the others run only when this thread yields
	 * or blocks, and a caller that goes round its loop while some
	 * descriptor is always ready (level-triggered: a listening socket
	 * with a client waiting beside the connection it serves, a pipe not
	 * read empty) would never block: the threads that make the rest of
	 * its descriptors ready (a pipe's writer, a network stack taking
	 * frames) would never run. On Linux they run beside such a loop.
	 */
	uk_thread_yield();
	for (;;) {
		/* Before looking: an event from now on ends the wait below. */
		seen = uk_file_events();
		ready = look(fds, n);
		if (ready || !*ns)
			break;
		if (deadline && uk_time_now() >= deadline)
			break;
		if (!uk_file_wait(seen, deadline) && deadline)
			break;
	}
	if (deadline) {
		now = uk_time_now();
		*ns = now < deadline ? (int64_t)(deadline - now) : 0;
	}
	return ready;
}

int uk_poll(struct l_pollfd *fds, unsigned long n, int ms)
{
	int64_t ns = ms < 0 ? -1 : (int64_t)ms * NS_PER_MS;

	return uk_poll_ns(fds, n, &ns);
}

/*
 * A timespec as nanoseconds; -EINVAL for a bad one. One too long for the
 * clock (centuries) waits for ever (-1), as good as the same.
 */
static int ts_ns(int64_t sec, int64_t nsec, int64_t *ns)
{
	if (sec < 0 || nsec < 0 || nsec >= NS_PER_S)
		return -EINVAL;
	*ns = sec >= INT64_MAX / NS_PER_S - 1
		? -1 : sec * NS_PER_S + nsec;
	return 0;
}

/*
 * Whether a wait of `ns` writes the time left back, as Linux's ppoll,
 * select and pselect6 do: a timeout was given, and it was not zero.
 */
static bool writes_back(int64_t ns)
{
	return ns > 0;
}

UK_SYSCALL_R_DEFINE(int, poll, struct l_pollfd *, fds, unsigned long, n,
		    int, ms)
{
	return uk_poll(fds, n, ms);
}

UK_SYSCALL_R_DEFINE(int, ppoll, struct l_pollfd *, fds, unsigned long, n,
		    struct l_timespec *, ts, const void *, sigmask,
		    size_t, sigsetsize)
{
	int64_t ns = -1;
	bool back;
	int e, r;

	(void)sigmask;
	(void)sigsetsize;
	if (ts && (e = ts_ns(ts->sec, ts->nsec, &ns)))
		return e;
	back = ts && writes_back(ns);
	r = uk_poll_ns(fds, n, &ns);
	if (back && ns >= 0)
		*ts = (struct l_timespec){ ns / NS_PER_S, ns % NS_PER_S };
	return r;
}

static bool fd_isset(const unsigned long *set, int fd)
{
	return set && (set[fd / L_NFDBITS] >> (fd % L_NFDBITS)) & 1;
}

static void fd_set1(unsigned long *set, int fd)
{
	set[fd / L_NFDBITS] |= 1UL << (fd % L_NFDBITS);
}

/*
 * select(2) over uk_poll_ns() (*ns as there): the descriptors
 * ready, or -errno. As Linux's: readable is POLLIN, POLLHUP or POLLERR,
 * writable POLLOUT or POLLERR, exceptional POLLPRI; a descriptor in a
 * set that is not open is EBADF.
 */
static int select_ns(int nfds, unsigned long *rd, unsigned long *wr,
		     unsigned long *ex, int64_t *ns)
{
	struct l_pollfd fds[UK_FDTAB_SIZE];
	unsigned long n = 0, i;
	size_t bytes;
	int fd, r, count = 0;

	if (nfds < 0)
		return -EINVAL;
	/* Linux looks no further than its table: neither do we. */
	if (nfds > L_FD_SETSIZE)
		nfds = L_FD_SETSIZE;
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
	r = uk_poll_ns(fds, n, ns);
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
	int64_t ns = -1;
	bool back;
	int e, r;

	if (tv && (e = ts_ns(tv->sec, tv->usec < 0 || tv->usec >= 1000000
				       ? -1 : tv->usec * 1000, &ns)))
		return e;
	back = tv && writes_back(ns);
	r = select_ns(nfds, rd, wr, ex, &ns);
	if (back && ns >= 0)
		*tv = (struct l_timeval){ ns / NS_PER_S, ns % NS_PER_S / 1000 };
	return r;
}

UK_SYSCALL_R_DEFINE(int, pselect6, int, nfds, unsigned long *, rd,
		    unsigned long *, wr, unsigned long *, ex,
		    struct l_timespec *, ts, const void *, sig)
{
	int64_t ns = -1;
	bool back;
	int e, r;

	(void)sig;
	if (ts && (e = ts_ns(ts->sec, ts->nsec, &ns)))
		return e;
	back = ts && writes_back(ns);
	r = select_ns(nfds, rd, wr, ex, &ns);
	if (back && ns >= 0)
		*ts = (struct l_timespec){ ns / NS_PER_S, ns % NS_PER_S };
	return r;
}
