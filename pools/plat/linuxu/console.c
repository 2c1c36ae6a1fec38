/* SPDX-License-Identifier: MIT */
/* The console of a linuxu image is the process's standard output. */
#include <uk/console.h>
#include <linuxu/syscall.h>
#include "linuxu.h"

#define STDOUT_FD 1

static void stdout_write(struct uk_console *con, const char *buf, size_t len)
{
	while (len) {
		long n = linuxu_syscall3(SYS_write, STDOUT_FD, (long)buf, len);

		if (n <= 0)
			return;   /* closed or broken pipe: drop the output */
		buf += n;
		len -= n;
	}
}

static struct uk_console stdout_console = {
	.name = "stdout",
	.write = stdout_write,
};

void linuxu_console_init(void)
{
	uk_console_register(&stdout_console);
}
