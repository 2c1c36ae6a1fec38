/* SPDX-License-Identifier: MIT */
/*
 * The three standard descriptors as system calls on the console: enough
 * for a libc's stdio before the file descriptor table and the vfs exist.
 * Any other descriptor is EBADF.
 */
#include <uk/syscall.h>
#include <uk/console.h>
#include <errno.h>

#define TIOCGWINSZ 0x5413

struct console_iovec {
	const void *base;
	size_t len;
};

struct console_winsize {
	unsigned short rows, cols, xpixel, ypixel;
};

static bool is_std(int fd)
{
	return fd >= 0 && fd <= 2;
}

UK_SYSCALL_R_DEFINE(long, read, int, fd, void *, buf, size_t, len)
{
	if (!is_std(fd))
		return -EBADF;
	return uk_console_read(buf, len);
}

UK_SYSCALL_R_DEFINE(long, write, int, fd, const void *, buf, size_t, len)
{
	if (fd != 1 && fd != 2)
		return -EBADF;
	(fd == 2 ? uk_console_write_err : uk_console_write)(buf, len);
	return len;
}

UK_SYSCALL_R_DEFINE(long, writev, int, fd, const struct console_iovec *, iov, int, n)
{
	long total = 0;

	if (fd != 1 && fd != 2)
		return -EBADF;
	if (n < 0 || n > 1024)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		(fd == 2 ? uk_console_write_err : uk_console_write)(iov[i].base, iov[i].len);
		total += iov[i].len;
	}
	return total;
}

UK_SYSCALL_R_DEFINE(int, ioctl, int, fd, unsigned long, request, void *, arg)
{
	struct console_winsize *ws = arg;

	if (!is_std(fd))
		return -EBADF;
	if (request != TIOCGWINSZ)
		return -ENOTTY;
	/* A terminal of the usual size: a libc then line-buffers stdout. */
	ws->rows = 24;
	ws->cols = 80;
	ws->xpixel = 0;
	ws->ypixel = 0;
	return 0;
}
