/* SPDX-License-Identifier: MIT */
/* What epoll.c shares with poll.c. */
#ifndef POSIX_POLL_H
#define POSIX_POLL_H

#include <uk/file.h>

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
#define L_POLLRDNORM UK_POLLRDNORM
#define L_POLLRDBAND 0x080
#define L_POLLWRNORM UK_POLLWRNORM
#define L_POLLWRBAND 0x200
#define L_POLLRDHUP  UK_POLLRDHUP

/* struct pollfd as Linux lays it out. */
struct l_pollfd {
	int fd;
	short events, revents;
};

/*
 * poll(2) with a timeout in milliseconds (negative: none; 0: look once),
 * the looking that poll, select and epoll share (poll.c): every entry's
 * events as uk_file_poll() says (POLLNVAL for a closed descriptor, none
 * for a negative one), waiting in uk_file_wait() while none has any; the
 * number of entries with events, or -errno.
 */
int uk_poll(struct l_pollfd *fds, unsigned long n, int ms);

/*
 * The same with a timeout in nanoseconds, *ns (negative: none; 0: look
 * once), which becomes the time left when it was positive (0 once it
 * passed): what select, pselect6 and ppoll write back.
 */
int uk_poll_ns(struct l_pollfd *fds, unsigned long n, int64_t *ns);

#endif /* POSIX_POLL_H */
