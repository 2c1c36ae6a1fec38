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

/* An lwIP call's result: the value, or -errno. */
long posix_socket_result(long r);

#endif /* POSIX_SOCKET_H */
