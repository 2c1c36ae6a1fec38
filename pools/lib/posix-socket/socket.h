/* SPDX-License-Identifier: MIT */
/* What socket.c shares with poll.c. */
#ifndef POSIX_SOCKET_H
#define POSIX_SOCKET_H

#include <uk/file.h>

/*
 * lwIP's socket behind descriptor `fd` (and its file in *fp when fp is not
 * NULL), or -EBADF, or -ENOTSOCK for a descriptor that is no socket.
 */
int posix_socket_lwip(int fd, struct uk_file **fp);

/*
 * Whether lwIP socket `s`'s peer ended its stream or reset it (Linux's
 * EPOLLRDHUP), as its events said.
 */
bool posix_socket_rdhup(int s);

/* An lwIP call's result: the value, or -errno. */
long posix_socket_result(long r);

/*
 * Linux's poll events (asm-generic/poll.h); epoll's are the same bits.
 * Those a file's maker signals (uk_file_event()) are posix-fdtab's.
 */
#define L_POLLIN     UK_POLLIN
#define L_POLLPRI    0x002
#define L_POLLOUT    UK_POLLOUT
#define L_POLLERR    UK_POLLERR
#define L_POLLHUP    UK_POLLHUP
#define L_POLLNVAL   0x020
#define L_POLLRDNORM 0x040
#define L_POLLRDBAND 0x080
#define L_POLLWRNORM 0x100
#define L_POLLWRBAND 0x200
#define L_POLLRDHUP  0x2000

/* struct pollfd as Linux lays it out. */
struct l_pollfd {
	int fd;
	short events, revents;
};

/*
 * poll(2) with a timeout in milliseconds (negative: none), the waiting
 * that poll, select and epoll share (poll.c): the number of entries with
 * events, or -errno.
 */
int posix_socket_poll(struct l_pollfd *fds, unsigned long n, int ms);

#endif /* POSIX_SOCKET_H */
