/* SPDX-License-Identifier: MIT */
/*
 * The console of a linuxu image is the process's standard output; the
 * program's error stream is its standard error, as for any program.
 */
#include <uk/console.h>
#include <linuxu/syscall.h>
#include "linuxu.h"

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

static struct uk_console stdout_console = {
	.name = "stdout",
	.write = stdout_write,
	.write_err = stderr_write,
};

void linuxu_console_init(void)
{
	uk_console_register(&stdout_console);
}
