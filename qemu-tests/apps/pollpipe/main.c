/* SPDX-License-Identifier: MIT */
/*
 * poll, select, pselect and epoll on pipes, with no socket anywhere:
 * built for the host with its C library and into an image with musl and
 * posix-poll but no lwIP (qemu-tests/pollpipe.test.ts), both must print
 * the same lines. Each line is one question and what the calls answered
 * (events by name, errors by errno's name), so a difference names the
 * call that differs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 50

static int failures;

/*
 * A buffer for one answer's text. A line is made of several, each made
 * before the next call (the order of printf's arguments is unspecified,
 * so every call is its own statement), and 16 are in use at most.
 */
static char *slot(void)
{
	static char bufs[16][128];
	static int next;

	return bufs[next++ % 16];
}

/* Events by name, in a fixed order: "IN|HUP", or "-" for none. */
static const char *names(unsigned ev)
{
	static const struct { unsigned bit; const char *name; } all[] = {
		{ POLLIN, "IN" }, { POLLPRI, "PRI" }, { POLLOUT, "OUT" },
		{ POLLERR, "ERR" }, { POLLHUP, "HUP" }, { POLLNVAL, "NVAL" },
		{ POLLRDNORM, "RDNORM" }, { POLLWRNORM, "WRNORM" },
		{ POLLRDHUP, "RDHUP" },
		{ EPOLLET, "ET" }, { EPOLLONESHOT, "ONESHOT" },
	};
	char *buf = slot();
	size_t i;

	buf[0] = 0;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (ev & all[i].bit) {
			if (buf[0])
				strcat(buf, "|");
			strcat(buf, all[i].name);
			ev &= ~all[i].bit;
		}
	if (ev)
		sprintf(buf + strlen(buf), "%s0x%x", buf[0] ? "|" : "", ev);
	return buf[0] ? buf : "-";
}

/* A result as the program sees it: the value, or errno's name. */
static const char *res(int r)
{
	static const struct { int err; const char *name; } known[] = {
		{ EBADF, "EBADF" }, { EINVAL, "EINVAL" }, { EEXIST, "EEXIST" },
		{ ENOENT, "ENOENT" }, { EPERM, "EPERM" }, { EAGAIN, "EAGAIN" },
		{ EPIPE, "EPIPE" },
	};
	char *b = slot();
	size_t i;

	if (r >= 0) {
		snprintf(b, 128, "%d", r);
		return b;
	}
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (errno == known[i].err)
			return known[i].name;
	snprintf(b, 128, "errno %d", errno);
	return b;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "waited" when at least WAIT_MS passed since `start`; a count otherwise. */
static const char *waited(int64_t start)
{
	char *buf = slot();
	int64_t d = now_ms() - start;

	if (d >= WAIT_MS)
		return "waited its 50 ms";
	snprintf(buf, 128, "came back after %lld ms", (long long)d);
	failures++;
	return buf;
}

/* A pipe, or the end: without one every later line would be about nothing. */
static void make_pipe(int p[2], int flags)
{
	if (pipe2(p, flags)) {
		printf("pipe2: %s\n", res(-1));
		exit(1);
	}
}

/* poll of one descriptor for `events` with a timeout: "R EVENTS". */
static const char *poll1(int fd, short events, int ms)
{
	char *b = slot();
	struct pollfd p = { .fd = fd, .events = events };
	int r = poll(&p, 1, ms);

	snprintf(b, 128, "%s %s", res(r), names((unsigned short)p.revents));
	return b;
}

static void poll_lines(void)
{
	int a[2], b[2], r;
	int64_t start;
	char c[4096];
	long total = 0;
	struct pollfd two[2];
	const char *x, *y, *z;

	make_pipe(a, O_NONBLOCK);
	x = poll1(a[0], POLLIN, 0);
	y = poll1(a[1], POLLOUT, 0);
	printf("poll empty: read end %s, write end %s\n", x, y);
	start = now_ms();
	x = poll1(a[0], POLLIN, WAIT_MS);
	printf("poll empty for %d ms: %s, %s\n", WAIT_MS, x, waited(start));
	r = (int)write(a[1], "x", 1);
	x = poll1(a[0], POLLIN, 0);
	y = poll1(a[0], POLLIN | POLLRDNORM, -1);
	printf("poll after a byte (write %s): read end %s, asked IN|RDNORM %s\n",
	       res(r), x, y);

	make_pipe(b, O_NONBLOCK);
	two[0] = (struct pollfd){ .fd = b[0], .events = POLLIN };
	two[1] = (struct pollfd){ .fd = a[0], .events = POLLIN };
	r = poll(two, 2, 0);
	x = names((unsigned short)two[0].revents);
	y = names((unsigned short)two[1].revents);
	printf("poll of two read ends, the second written: %s, %s and %s\n",
	       res(r), x, y);
	two[0] = (struct pollfd){ .fd = -1, .events = POLLIN };
	r = poll(two, 2, 0);
	x = names((unsigned short)two[0].revents);
	y = names((unsigned short)two[1].revents);
	printf("poll with a negative descriptor: %s, %s and %s\n", res(r), x, y);

	/* Full: 4 KiB writes until the pipe takes no more. */
	memset(c, 'f', sizeof(c));
	while ((r = (int)write(b[1], c, sizeof(c))) > 0)
		total += r;
	x = res(r);
	y = poll1(b[1], POLLOUT, 0);
	z = poll1(b[0], POLLIN, 0);
	printf("a full pipe took %ld bytes, then %s: write end %s, read end %s\n",
	       total, x, y, z);
	r = (int)read(b[0], c, sizeof(c));
	x = poll1(b[1], POLLOUT, 0);
	printf("after reading %s bytes: write end %s\n", res(r), x);

	close(a[1]);
	printf("write end closed, a byte unread: read end %s\n",
	       poll1(a[0], POLLIN, 0));
	r = (int)read(a[0], c, sizeof(c));
	x = res(r);
	y = poll1(a[0], POLLIN, 0);
	z = poll1(a[0], 0, 0);
	printf("read %s, then: read end %s, asked nothing %s\n", x, y, z);
	close(b[0]);
	x = poll1(b[1], POLLOUT, 0);
	y = res((int)write(b[1], "x", 1));
	printf("read end closed: write end %s, write %s\n", x, y);
	close(a[0]);
	printf("a closed descriptor: %s\n", poll1(a[0], POLLIN, 0));
	close(b[1]);
}

/* select of read end `rfd` and write end `wfd`: "R r=.. w=..". */
static const char *select2(int rfd, int wfd, struct timeval *tv)
{
	char *buf = slot();
	fd_set rd, wr;
	int r, n = (rfd > wfd ? rfd : wfd) + 1;

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(rfd, &rd);
	FD_SET(wfd, &wr);
	r = select(n, &rd, &wr, NULL, tv);
	snprintf(buf, 128, "%s (readable %s, writable %s)", res(r),
		 r >= 0 && FD_ISSET(rfd, &rd) ? "yes" : "no",
		 r >= 0 && FD_ISSET(wfd, &wr) ? "yes" : "no");
	return buf;
}

static void select_lines(void)
{
	int p[2], q[2], r;
	struct timeval tv = { 0, 0 };
	struct timespec ts = { 0, WAIT_MS * 1000000L };
	int64_t start;
	fd_set rd;
	char c;

	make_pipe(p, 0);
	make_pipe(q, 0);
	printf("select empty: %s\n", select2(p[0], p[1], &tv));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, WAIT_MS * 1000 };
	start = now_ms();
	r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	printf("select empty for %d ms: %s, %s\n", WAIT_MS, res(r), waited(start));
	FD_ZERO(&rd);
	FD_SET(q[0], &rd);
	start = now_ms();
	r = pselect(q[0] + 1, &rd, NULL, NULL, &ts, NULL);
	printf("pselect empty for %d ms: %s, %s\n", WAIT_MS, res(r), waited(start));
	r = (int)write(p[1], "y", 1);
	tv = (struct timeval){ 0, 0 };
	printf("select after a byte (write %s): %s\n", res(r),
	       select2(p[0], p[1], &tv));
	r = (int)read(p[0], &c, 1);
	close(p[1]);
	tv = (struct timeval){ 0, 0 };
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	printf("select of a read end whose writer closed: %s, readable %s\n",
	       res(r), r > 0 && FD_ISSET(p[0], &rd) ? "yes" : "no");
	close(p[0]);
	tv = (struct timeval){ 0, 0 };
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	printf("select of a closed descriptor: %s\n", res(r));
	close(q[0]);
	close(q[1]);
}

/* epoll_wait for at most 4 events: "N: data EVENTS, ...". */
static const char *wait_ep(int ep, int ms)
{
	char *b = slot();
	struct epoll_event ev[4];
	int r = epoll_wait(ep, ev, 4, ms), i;

	snprintf(b, 128, "%s", res(r));
	for (i = 0; i < r; i++)
		snprintf(b + strlen(b), 128 - strlen(b), "%s%d %s", i ? ", " : ": ",
			 (int)ev[i].data.u32, names(ev[i].events));
	return b;
}

static int ctl(int ep, int op, int fd, unsigned events, int data)
{
	struct epoll_event ev = { .events = events };

	ev.data.u32 = (uint32_t)data;
	return epoll_ctl(ep, op, fd, &ev);
}

static void epoll_lines(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), p[2], q[2], r;
	int64_t start;
	char c[8];
	const char *x, *y, *z, *u, *v;

	make_pipe(p, O_NONBLOCK);
	make_pipe(q, O_NONBLOCK);
	x = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
	y = res(ctl(ep, EPOLL_CTL_ADD, q[1], EPOLLOUT, 2));
	z = res(ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1));
	printf("epoll add read end %s, write end %s, again %s\n", x, y, z);
	x = res(ctl(ep, EPOLL_CTL_DEL, q[0], 0, 0));
	y = res(ctl(ep, EPOLL_CTL_ADD, ep, EPOLLIN, 0));
	z = res(ctl(p[1], EPOLL_CTL_ADD, q[0], EPOLLIN, 0));
	u = res(ctl(ep, EPOLL_CTL_ADD, 200, EPOLLIN, 0));
	v = res(epoll_wait(ep, (struct epoll_event[1]){ 0 }, 0, 0));
	printf("epoll errors: DEL of a stranger %s, itself %s, not an epoll %s, bad descriptor %s, maxevents 0 %s\n",
	       x, y, z, u, v);
	printf("epoll, the write end ready, the read end empty: %s\n",
	       wait_ep(ep, 0));
	x = res(ctl(ep, EPOLL_CTL_DEL, q[1], 0, 0));
	start = now_ms();
	y = wait_ep(ep, WAIT_MS);
	printf("epoll without the write end (DEL %s), for %d ms: %s, %s\n",
	       x, WAIT_MS, y, waited(start));
	r = (int)write(p[1], "ab", 2);
	x = wait_ep(ep, 0);
	y = wait_ep(ep, 0);
	printf("level-triggered after 2 bytes (write %s): %s, again %s\n",
	       res(r), x, y);
	x = res(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLET, 3));
	y = wait_ep(ep, 0);
	z = wait_ep(ep, 0);
	printf("edge-triggered (MOD %s): %s, again %s\n", x, y, z);
	r = (int)read(p[0], c, 1);
	x = wait_ep(ep, 0);
	printf("after reading %s byte: %s\n", res(r), x);
	r = (int)write(p[1], "c", 1);
	x = wait_ep(ep, 0);
	y = wait_ep(ep, 0);
	printf("after another byte (write %s): %s, again %s\n", res(r), x, y);
	x = res(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLONESHOT, 4));
	y = wait_ep(ep, 0);
	z = wait_ep(ep, 0);
	printf("one-shot (MOD %s): %s, again %s\n", x, y, z);
	x = res(ctl(ep, EPOLL_CTL_MOD, p[0], EPOLLIN | EPOLLRDHUP, 5));
	close(p[1]);
	printf("writer closed, 2 bytes unread (MOD %s): %s\n", x,
	       wait_ep(ep, 0));
	r = (int)read(p[0], c, sizeof(c));
	x = res(r);
	printf("read %s, then %s\n", x, wait_ep(ep, 0));
	close(p[0]);
	x = wait_ep(ep, 0);
	y = res(ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0));
	printf("member closed: %s, DEL %s\n", x, y);
	x = res(ctl(ep, EPOLL_CTL_ADD, q[1], EPOLLOUT, 6));
	close(q[0]);
	printf("write end whose reader closed (ADD %s): %s\n", x,
	       wait_ep(ep, 0));
	close(q[1]);
	close(ep);
}

struct later {
	int fd;
	const char *bytes;
};

/* After WAIT_MS, writes its bytes: what wakes the waits below. */
static void *write_later(void *arg)
{
	struct later *l = arg;
	struct timespec ts = { 0, WAIT_MS * 1000000L };

	nanosleep(&ts, NULL);
	if (write(l->fd, l->bytes, strlen(l->bytes)) < 0)
		perror("write");
	return NULL;
}

/*
 * Starts a thread that writes `bytes` to `fd` after WAIT_MS; false (and a
 * failure) when it cannot: a wait for its write would never end.
 */
static bool writer(pthread_t *t, struct later *l, int fd, const char *bytes)
{
	*l = (struct later){ fd, bytes };
	if (pthread_create(t, NULL, write_later, l)) {
		printf("pthread_create failed\n");
		failures++;
		return false;
	}
	return true;
}

static void woken_lines(void)
{
	int p[2], ep, r;
	struct later l;
	pthread_t t;
	int64_t start;
	fd_set rd;
	char c[8];
	const char *x;

	make_pipe(p, 0);
	start = now_ms();
	if (!writer(&t, &l, p[1], "1"))
		return;
	x = poll1(p[0], POLLIN, -1);
	printf("poll without a timeout, another thread writes: %s, %s\n",
	       x, waited(start));
	pthread_join(t, NULL);
	r = (int)read(p[0], c, sizeof(c));

	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	start = now_ms();
	if (!writer(&t, &l, p[1], "22"))
		return;
	r = select(p[0] + 1, &rd, NULL, NULL, NULL);
	printf("select without a timeout, another thread writes: %s, readable %s, %s\n",
	       res(r), FD_ISSET(p[0], &rd) ? "yes" : "no", waited(start));
	pthread_join(t, NULL);
	r = (int)read(p[0], c, sizeof(c));

	ep = epoll_create1(0);
	ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN | EPOLLET, 7);
	wait_ep(ep, 0);   /* the look after ADD */
	start = now_ms();
	if (!writer(&t, &l, p[1], "333"))
		return;
	x = wait_ep(ep, -1);
	printf("edge-triggered epoll without a timeout, another thread writes: %s, %s\n",
	       x, waited(start));
	pthread_join(t, NULL);
	r = (int)read(p[0], c, sizeof(c));
	printf("then read %s bytes\n", res(r));
	close(ep);
	close(p[0]);
	close(p[1]);
}

/*
 * Whether a loop that polls without waiting (timeout 0), beside a write
 * end that is always ready, sees another thread's late write: whether the
 * writer gets to run while the loop never blocks. `use_epoll` loops on
 * epoll_wait of both ends, level-triggered, instead of poll.
 */
static const char *busy_loop_sees_writer(bool use_epoll)
{
	int p[2], q[2], ep = -1, r;
	struct later l;
	pthread_t t;
	int64_t start = now_ms();
	bool seen = false;
	char c[8];

	make_pipe(p, 0);
	make_pipe(q, 0);
	if (use_epoll) {
		ep = epoll_create1(0);
		ctl(ep, EPOLL_CTL_ADD, p[0], EPOLLIN, 1);
		ctl(ep, EPOLL_CTL_ADD, q[1], EPOLLOUT, 2);
	}
	if (!writer(&t, &l, p[1], "4"))
		return "no writer";
	/* Two seconds: on Linux the writer's 50 ms are long over. */
	while (!seen && now_ms() - start < 2000) {
		if (use_epoll) {
			struct epoll_event ev[2];
			int i;

			r = epoll_wait(ep, ev, 2, 0);
			for (i = 0; i < r; i++)
				seen |= ev[i].data.u32 == 1;
		} else {
			struct pollfd two[2] = {
				{ .fd = p[0], .events = POLLIN },
				{ .fd = q[1], .events = POLLOUT },
			};

			poll(two, 2, 0);
			seen = two[0].revents & POLLIN;
		}
	}
	pthread_join(t, NULL);
	r = (int)read(p[0], c, sizeof(c));
	if (ep >= 0)
		close(ep);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
	if (!seen)
		failures++;
	return seen ? "saw it" : "never saw it";
}

int main(void)
{
	/* A write to a pipe without a reader is EPIPE, as in the image (no signals). */
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	poll_lines();
	select_lines();
	epoll_lines();
	woken_lines();
	printf("a poll loop that never blocks, beside a ready write end, and another thread's write: %s\n",
	       busy_loop_sees_writer(false));
	printf("an epoll loop that never blocks, beside a ready write end, and another thread's write: %s\n",
	       busy_loop_sees_writer(true));
	printf("done, %d failures\n", failures);
	return failures ? 1 : 0;
}
