/* SPDX-License-Identifier: MIT */
#include <uk/print.h>
#include <uk/console.h>
#include <uk/libparam.h>
#include <stdio.h>

int uk_print_level = CONFIG_UKDEBUG_LEVEL;
UK_LIBPARAM_NAMED(level, uk_print_level);

static const char *const level_names[] = {
	[UK_PRINT_CRIT]  = "CRIT",
	[UK_PRINT_ERR]   = "ERR",
	[UK_PRINT_WARN]  = "Warn",
	[UK_PRINT_INFO]  = "Info",
	[UK_PRINT_DEBUG] = "Debug",
};

/*
 * One message is formatted into one buffer and written with a single
 * console call, so it never interleaves with other output mid-line.
 * Longer messages are truncated rather than needing a heap.
 */
#define MSG_MAX 256

static void emit(const char *prefix_lib, int level, const char *fmt,
		 va_list ap)
{
	char buf[MSG_MAX];
	int n = 0;

	if (prefix_lib)
		n = snprintf(buf, sizeof(buf), "%s: [%s] ",
			     level_names[level], prefix_lib);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n >= (int)sizeof(buf)) {
		n = sizeof(buf) - 1;
		buf[n - 1] = '\n';  /* keep the line break of a cut message */
	}
	uk_console_write(buf, n);
}

void _uk_vprint(int level, const char *libname, const char *fmt, va_list ap)
{
	if (level > uk_print_level)
		return;
	if (level < UK_PRINT_CRIT || level > UK_PRINT_DEBUG)
		level = UK_PRINT_DEBUG;
	emit(libname, level, fmt, ap);
}

void _uk_print(int level, const char *libname, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	_uk_vprint(level, libname, fmt, ap);
	va_end(ap);
}

void uk_vprintk(const char *fmt, va_list ap)
{
	emit(NULL, 0, fmt, ap);
}

void uk_printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vprintk(fmt, ap);
	va_end(ap);
}
