/* SPDX-License-Identifier: MIT */
/*
 * pipe(2) and pipe2(2): two file objects, a read end and a write end,
 * over one 64 KiB ring (Linux's default capacity). Reading an empty pipe
 * whose write end is closed gives 0 (end of file); writing to a pipe
 * whose read end is closed fails with EPIPE (there is no SIGPIPE). With
 * O_NONBLOCK an empty or full pipe answers EAGAIN; without it a reader or
 * writer waits for the other end, which only another thread can be: with
 * a scheduler (LIBUKSCHED) it lets the others run meanwhile, without one
 * it answers EAGAIN (a single thread waiting on itself would wait for
 * ever). poll, select and epoll see the ends' readiness (file op `poll`),
 * and its edges (uk_file_event()), as Linux signals them once a pipe was
 * polled: every write is new input for the read end, a read that makes
 * room in a full pipe is room for the write end, and closing one end is a
 * hang-up (read end) or an error (write end) for the other.
 */
#include <uk/file.h>
#include <uk/syscall.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#if CONFIG_LIBUKSCHED
#include <uk/thread.h>
#endif

#define PIPE_SIZE 65536

long uk_syscall_r_close(long fd);

struct pipe {
	char buf[PIPE_SIZE];
	size_t head, len;       /* the bytes not yet read: buf[head...] round */
	/* Each end's file while it is open (NULL once closed). */
	struct uk_file *reader, *writer;
};

/* Waits for the other end; false when the caller must answer EAGAIN. */
static bool wait_other(const struct uk_file *f)
{
	if (f->flags & UK_O_NONBLOCK)
		return false;
#if CONFIG_LIBUKSCHED
	uk_thread_yield();
	return true;
#else
	return false;
#endif
}

static long pipe_read(struct uk_file *f, void *buf, size_t len, int64_t off)
{
	struct pipe *p = f->priv;
	size_t n, first;

	(void)off;
	if (!len)
		return 0;
	while (!p->len) {
		if (!p->writer)
			return 0;
		if (!wait_other(f))
			return -EAGAIN;
	}
	n = len < p->len ? len : p->len;
	first = PIPE_SIZE - p->head < n ? PIPE_SIZE - p->head : n;
	memcpy(buf, p->buf + p->head, first);
	memcpy((char *)buf + first, p->buf, n - first);
	if (p->len == PIPE_SIZE && p->writer)
		uk_file_event(p->writer, UK_POLLOUT);
	p->head = (p->head + n) % PIPE_SIZE;
	p->len -= n;
	return (long)n;
}

static long pipe_write(struct uk_file *f, const void *buf, size_t len,
		       int64_t off)
{
	struct pipe *p = f->priv;
	size_t done = 0;

	(void)off;
	while (done < len) {
		size_t tail, n, first;

		if (!p->reader)
			return done ? (long)done : -EPIPE;
		if (p->len == PIPE_SIZE) {
			if (done)
				return (long)done;
			if (!wait_other(f))
				return -EAGAIN;
			continue;
		}
		tail = (p->head + p->len) % PIPE_SIZE;
		n = len - done < PIPE_SIZE - p->len ? len - done : PIPE_SIZE - p->len;
		first = PIPE_SIZE - tail < n ? PIPE_SIZE - tail : n;
		memcpy(p->buf + tail, (const char *)buf + done, first);
		memcpy(p->buf, (const char *)buf + done + first, n - first);
		p->len += n;
		done += n;
		uk_file_event(p->reader, UK_POLLIN);
	}
	return (long)done;
}

static int pipe_stat(struct uk_file *f, struct uk_stat *st)
{
	struct pipe *p = f->priv;

	memset(st, 0, sizeof(*st));
	st->st_mode = 0010000 | 0600;   /* S_IFIFO */
	st->st_nlink = 1;
	st->st_blksize = 4096;
	st->st_size = (f->flags & UK_O_ACCMODE) == UK_O_RDONLY ? (int64_t)p->len : 0;
	return 0;
}

static short pipe_poll(struct uk_file *f)
{
	struct pipe *p = f->priv;

	if ((f->flags & UK_O_ACCMODE) == UK_O_RDONLY)
		return (p->len ? UK_POLLIN : 0) | (p->writer ? 0 : UK_POLLHUP);
	return (p->len < PIPE_SIZE ? UK_POLLOUT : 0) | (p->reader ? 0 : UK_POLLERR);
}

/* One end is gone; the ring goes with the second. */
static void pipe_release(struct uk_file *f)
{
	struct pipe *p = f->priv;

	if ((f->flags & UK_O_ACCMODE) == UK_O_RDONLY) {
		p->reader = NULL;
		if (p->writer)
			uk_file_event(p->writer, UK_POLLERR);
	} else {
		p->writer = NULL;
		if (p->reader)
			uk_file_event(p->reader, UK_POLLHUP);
	}
	if (!p->reader && !p->writer)
		free(p);
}

static const struct uk_file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.stat = pipe_stat,
	.poll = pipe_poll,
	.release = pipe_release,
};

UK_SYSCALL_R_DEFINE(int, pipe2, int *, fds, int, flags)
{
	struct uk_file *r, *w;
	struct pipe *p;
	int rfd, wfd;

	if (flags & ~(UK_O_CLOEXEC | UK_O_NONBLOCK))
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	r = uk_file_new(&pipe_ops, UK_O_RDONLY | (flags & UK_O_NONBLOCK), p);
	w = r ? uk_file_new(&pipe_ops, UK_O_WRONLY | (flags & UK_O_NONBLOCK), p) : NULL;
	if (!w) {
		free(r);
		free(p);
		return -ENOMEM;
	}
	p->reader = r;
	p->writer = w;
	rfd = uk_fdtab_install(r, flags & UK_O_CLOEXEC);
	if (rfd < 0) {
		/* r's release marked the read end closed; w still holds p. */
		uk_file_put(w);
		return rfd;
	}
	wfd = uk_fdtab_install(w, flags & UK_O_CLOEXEC);
	if (wfd < 0) {
		uk_syscall_r_close(rfd);
		return wfd;
	}
	fds[0] = rfd;
	fds[1] = wfd;
	return 0;
}

#if defined(__x86_64__)
/* arm64 has no pipe: its libcs call pipe2. */
UK_SYSCALL_R_DEFINE(int, pipe, int *, fds)
{
	return uk_syscall_r_pipe2((long)fds, 0);
}
#endif
