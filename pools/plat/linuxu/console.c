/* SPDX-License-Identifier: MIT */
/*
 * The console of a linuxu image is the process's standard output; the
 * program's error stream is its standard error, and its input the
 * standard input, as for any program (the host's terminal, if it is one,
 * edits lines itself).
 */
#include <uk/console.h>
#include <linuxu/syscall.h>
#include "linuxu.h"

#define STDIN_FD  0
#define STDOUT_FD 1
#define STDERR_FD 2

static void fd_write(int fd, const char *buf, size_t len)
{
	while (len) {
		long n = linuxu_syscall3(SYS_write, fd, (long)buf, len);

		if (n <= 0)
			return;   /* closed or broken pipe: drop the output */
		buf += n;
		len -= n;
	}
}

static void stdout_write(struct uk_console *con __unused, const char *buf,
			 size_t len)
{
	fd_write(STDOUT_FD, buf, len);
}

static void stderr_write(struct uk_console *con __unused, const char *buf,
			 size_t len)
{
	fd_write(STDERR_FD, buf, len);
}

#define HOST_EINTR 4   /* Linux's EINTR, as the raw call returns it */

static long stdin_read(struct uk_console *con __unused, char *buf, size_t len)
{
	long n;

	/* The platform's timer signal may interrupt the wait: read again. */
	do
		n = linuxu_syscall3(SYS_read, STDIN_FD, (long)buf, len);
	while (n == -HOST_EINTR);
	return n;
}

static struct uk_console stdout_console = {
	.name = "stdout",
	.write = stdout_write,
	.write_err = stderr_write,
	.read = stdin_read,
};

void linuxu_console_init(void)
{
	uk_console_register(&stdout_console);
}
