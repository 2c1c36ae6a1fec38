/* SPDX-License-Identifier: MIT */
/*
 * epoll_create, epoll_create1, epoll_ctl, epoll_wait and epoll_pwait over
 * posix-fdtab's readiness events. An epoll instance is a posix-fdtab file
 * holding its interest list, one entry per descriptor; epoll_wait looks
 * at the armed entries without waiting (uk_poll()) and reports
 * the ready ones; when there are none it sleeps until a file signals an
 * event (uk_file_wait(): a pipe's write, read or close, a socket's data,
 * connection, room or error) and looks again.
 *
 * Linux drops an entry when its file is closed for the last time; here an
 * entry remembers the file object and its serial, and a descriptor that
 * refers to something else by the next epoll_ctl or epoll_wait (closed,
 * or closed and reused) is no member any more.
 *
 * A level-triggered entry is reported whenever its file is ready. An
 * EPOLLET entry is looked at only when its file signalled an edge of the
 * kind it waits for (the file's in_edges or out_edges moved since the
 * entry's last look) or after EPOLL_CTL_ADD or EPOLL_CTL_MOD, and then
 * reported if ready, as Linux does: once per edge, not again because the
 * file is still ready. EPOLLONESHOT disarms an entry after its first
 * report, until EPOLL_CTL_MOD arms it again.
 */
#include <uk/file.h>
#include <uk/syscall.h>
#include <uk/timer.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "poll.h"

/* Linux's values (include/uapi/linux/eventpoll.h). */
#define L_EPOLL_CTL_ADD   1
#define L_EPOLL_CTL_DEL   2
#define L_EPOLL_CTL_MOD   3
#define L_EPOLLRDHUP      0x00002000u
#define L_EPOLLEXCLUSIVE  (1u << 28)
#define L_EPOLLWAKEUP     (1u << 29)
#define L_EPOLLONESHOT    (1u << 30)
#define L_EPOLLET         (1u << 31)
#define L_EPOLL_CLOEXEC   UK_O_CLOEXEC

/* The events poll can wait for; EPOLLERR and EPOLLHUP are always reported. */
#define POLL_EVENTS (L_POLLIN | L_POLLPRI | L_POLLOUT | L_POLLRDNORM | \
		     L_POLLRDBAND | L_POLLWRNORM | L_POLLWRBAND | L_POLLRDHUP)
/* The events of each direction, for the edges an EPOLLET entry waits for. */
#define IN_EVENTS   (L_POLLIN | L_POLLPRI | L_POLLRDNORM | L_POLLRDBAND | \
		     L_POLLRDHUP)
#define OUT_EVENTS  (L_POLLOUT | L_POLLWRNORM | L_POLLWRBAND)

/* struct epoll_event: packed on x86_64 (12 bytes), natural elsewhere. */
struct l_epoll_event {
	uint32_t events;
	uint64_t data;
}
#if defined(__x86_64__)
__attribute__((packed))
#endif
;

struct entry {
	struct uk_file *file;   /* NULL: no entry for this descriptor */
	uint64_t serial;        /* file->serial when it was added */
	uint32_t events;        /* as given, EPOLLONESHOT and EPOLLET included */
	uint64_t data;
	bool armed;             /* false after a EPOLLONESHOT report */
	/* EPOLLET: the file's edge counts at the last look, and whether
	 * ADD or MOD asks for a look regardless. */
	uint32_t in_seen, out_seen;
	bool look;
};

struct epoll {
	struct entry at[UK_FDTAB_SIZE];  /* by descriptor */
	int next;               /* where the next report starts (fairness) */
};

static long ep_read(struct uk_file *f, void *buf, size_t len, int64_t off)
{
	(void)f; (void)buf; (void)len; (void)off;
	return -EINVAL;
}

static long ep_write(struct uk_file *f, const void *buf, size_t len,
		     int64_t off)
{
	(void)f; (void)buf; (void)len; (void)off;
	return -EINVAL;
}

/* An anonymous inode, as Linux's: no file type, mode 0600. */
static int ep_stat(struct uk_file *f, struct uk_stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = 0600;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static void ep_release(struct uk_file *f)
{
	free(f->priv);
}

static const struct uk_file_ops epoll_ops = {
	.read = ep_read,
	.write = ep_write,
	.stat = ep_stat,
	.release = ep_release,
};

/* Whether descriptor `fd`'s entry still refers to the file it was added for. */
static bool current(const struct entry *e, int fd)
{
	const struct uk_file *f = uk_fdtab_get(fd);

	return e->file && f == e->file && f->serial == e->serial;
}

/* The instance behind `epfd`, or NULL with *err set. */
static struct epoll *instance(int epfd, int *err)
{
	struct uk_file *f = uk_fdtab_get(epfd);

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->ops != &epoll_ops) {
		*err = -EINVAL;
		return NULL;
	}
	return f->priv;
}

static int create(int flags)
{
	struct epoll *ep;
	struct uk_file *f;

	if (flags & ~L_EPOLL_CLOEXEC)
		return -EINVAL;
	ep = calloc(1, sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	f = uk_file_new(&epoll_ops, UK_O_RDWR, ep);
	if (!f) {
		free(ep);
		return -ENOMEM;
	}
	return uk_fdtab_install(f, flags & L_EPOLL_CLOEXEC);
}

UK_SYSCALL_R_DEFINE(int, epoll_create1, int, flags)
{
	return create(flags);
}

#if defined(__x86_64__)
UK_SYSCALL_R_DEFINE(int, epoll_create, int, size)
{
	/* The size is a hint since Linux 2.6.8, but must be positive. */
	if (size <= 0)
		return -EINVAL;
	return create(0);
}
#endif

UK_SYSCALL_R_DEFINE(int, epoll_ctl, int, epfd, int, op, int, fd,
		    const struct l_epoll_event *, ev)
{
	struct epoll *ep;
	struct uk_file *f;
	struct entry *e;
	int err = 0;

	/* In Linux's order: both descriptors, then what they refer to. */
	f = uk_fdtab_get(fd);
	if (!uk_fdtab_get(epfd) || !f)
		return -EBADF;
	/* Regular files and directories cannot be waited for (as Linux). */
	if (f->ops->seekable)
		return -EPERM;
	ep = instance(epfd, &err);
	if (!ep)
		return err;
	if (fd == epfd || f->ops == &epoll_ops)
		return -EINVAL;         /* nested instances: not supported */
	e = &ep->at[fd];
	if (e->file && !current(e, fd))
		e->file = NULL;         /* closed since: no member any more */
	switch (op) {
	case L_EPOLL_CTL_ADD:
		if (!ev)
			return -EFAULT;
		if (e->file)
			return -EEXIST;
		*e = (struct entry){ .file = f, .serial = f->serial,
				     .events = ev->events, .data = ev->data,
				     .armed = true, .look = true };
		return 0;
	case L_EPOLL_CTL_MOD:
		if (!ev)
			return -EFAULT;
		if (!e->file)
			return -ENOENT;
		if ((ev->events | e->events) & L_EPOLLEXCLUSIVE)
			return -EINVAL;
		e->events = ev->events;
		e->data = ev->data;
		e->armed = true;
		e->look = true;
		return 0;
	case L_EPOLL_CTL_DEL:
		if (!e->file)
			return -ENOENT;
		e->file = NULL;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * Whether entry `e` is to be looked at now: always when level-triggered;
 * with EPOLLET after ADD or MOD, or when its file signalled an edge in a
 * direction it waits for (an entry waiting for neither only takes errors
 * and hang-ups, which count in both). Takes the look: the edges seen so
 * far are not looked at again.
 */
static bool due(struct entry *e)
{
	const struct uk_file *f = e->file;
	bool in = e->events & IN_EVENTS, out = e->events & OUT_EVENTS;
	bool moved;

	if (!(e->events & L_EPOLLET))
		return true;
	moved = e->look ||
		((in || !out) && f->in_edges != e->in_seen) ||
		((out || !in) && f->out_edges != e->out_seen);
	e->in_seen = f->in_edges;
	e->out_seen = f->out_edges;
	e->look = false;
	return moved;
}

/*
 * The ready entries of `ep` into `out` (at most `max`), waiting until
 * `deadline` (nanoseconds of the monotonic clock; 0: none; in the past:
 * no waiting) for the first; their number, or -errno.
 */
static int wait_until(struct epoll *ep, struct l_epoll_event *out, int max,
		      uint64_t deadline)
{
	struct l_pollfd fds[UK_FDTAB_SIZE];
	unsigned long n;
	uint64_t seen;
	int i, fd, r, k;

	for (;;) {
		/* Before looking: an event from now on ends the wait below. */
		seen = uk_file_events();
		/* The armed entries due for a look, from ep->next round. */
		n = 0;
		for (i = 0; i < UK_FDTAB_SIZE; i++) {
			struct entry *e;

			fd = (ep->next + i) % UK_FDTAB_SIZE;
			e = &ep->at[fd];
			if (!e->file)
				continue;
			if (!current(e, fd)) {
				e->file = NULL;
				continue;
			}
			if (e->armed && due(e))
				fds[n++] = (struct l_pollfd){ .fd = fd,
					.events = (short)(e->events & POLL_EVENTS) };
		}
		r = uk_poll(fds, n, 0);
		if (r < 0)
			return r;
		k = 0;
		for (i = 0; i < (int)n; i++) {
			struct entry *e = &ep->at[fds[i].fd];
			uint32_t got = (uint16_t)fds[i].revents;

			/* Closed by another thread meanwhile. */
			if (!got || (got & L_POLLNVAL))
				continue;
			if (k == max) {
				/* No room: an edge-triggered one is due again next time. */
				e->look = true;
				continue;
			}
			out[k].events = got & (e->events | L_POLLERR | L_POLLHUP);
			out[k].data = e->data;
			if (e->events & L_EPOLLONESHOT)
				e->armed = false;
			k++;
			ep->next = (fds[i].fd + 1) % UK_FDTAB_SIZE;
		}
		if (k)
			return k;
		if (deadline && uk_time_now() >= deadline)
			return 0;
		if (!uk_file_wait(seen, deadline) && deadline)
			return 0;
	}
}

/* epoll_wait(2); epoll_pwait(2) ignores its signal mask (no signals). */
static int ep_wait(int epfd, struct l_epoll_event *ev, int max, int ms)
{
	struct epoll *ep;
	int err = 0;

	ep = instance(epfd, &err);
	if (!ep)
		return err;
	if (max <= 0 || max > INT32_MAX / (int)sizeof(*ev))
		return -EINVAL;
	if (!ev)
		return -EFAULT;
	/* 0 ms: look once; negative: no deadline. */
	return wait_until(ep, ev, max, ms < 0 ? 0 : uk_time_now() + (uint64_t)ms * UK_NSEC_PER_MSEC);
}

UK_SYSCALL_R_DEFINE(int, epoll_pwait, int, epfd, struct l_epoll_event *, ev,
		    int, max, int, ms, const void *, sigmask, size_t, sigsetsize)
{
	(void)sigmask;
	(void)sigsetsize;
	return ep_wait(epfd, ev, max, ms);
}

#if defined(__x86_64__)
UK_SYSCALL_R_DEFINE(int, epoll_wait, int, epfd, struct l_epoll_event *, ev,
		    int, max, int, ms)
{
	return ep_wait(epfd, ev, max, ms);
}
#endif
