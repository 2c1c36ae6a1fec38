/* SPDX-License-Identifier: MIT */
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat.h>
#include <stdarg.h>

static int crashing;

void _uk_crash(const char *libname, const char *file, unsigned int line,
	       const char *fmt, ...)
{
	va_list ap;

	/* A crash while reporting a crash must not recurse forever. */
	if (!crashing) {
		crashing = 1;
		uk_printk("CRASH: [%s] %s:%u: ", libname, file, line);
		va_start(ap, fmt);
		uk_vprintk(fmt, ap);
		va_end(ap);
		uk_printk("\n");
	}
	ukplat_crash();
}
