/* SPDX-License-Identifier: MIT */
/*
 * Debug printing with levels.
 *
 *   uk_pr_crit / uk_pr_err / uk_pr_warn / uk_pr_info / uk_pr_debug
 *
 * Messages above CONFIG_UKDEBUG_MAX_LEVEL are compiled out; the others are
 * filtered at run time by the library parameter ukdebug.level (default
 * CONFIG_UKDEBUG_LEVEL). Each message is tagged with the library that
 * printed it. uk_printk() prints unconditionally, without a tag.
 */
#ifndef UK_PRINT_H
#define UK_PRINT_H

#include <uk/essentials.h>
#include <stdarg.h>

#define UK_PRINT_CRIT  1
#define UK_PRINT_ERR   2
#define UK_PRINT_WARN  3
#define UK_PRINT_INFO  4
#define UK_PRINT_DEBUG 5

#if CONFIG_LIBUKDEBUG
#define UK_PRINT_MAXLEVEL CONFIG_UKDEBUG_MAX_LEVEL
#else
#define UK_PRINT_MAXLEVEL 0
#endif

/* Current run-time level (ukdebug.level). */
extern int uk_print_level;

void _uk_vprint(int level, const char *libname, const char *fmt, va_list ap);
void _uk_print(int level, const char *libname, const char *fmt, ...)
	__printf(3, 4);
void uk_printk(const char *fmt, ...) __printf(1, 2);
void uk_vprintk(const char *fmt, va_list ap);

/* Both checks inline: a filtered message costs a compare, not a call. */
#define uk_pr_level(lvl, fmt, ...)					\
	do {								\
		if ((lvl) <= UK_PRINT_MAXLEVEL &&			\
		    (lvl) <= uk_print_level)				\
			_uk_print((lvl), UK_LIBNAME_STR, (fmt),		\
				  ##__VA_ARGS__);			\
	} while (0)

#define uk_pr_crit(fmt, ...)  uk_pr_level(UK_PRINT_CRIT, fmt, ##__VA_ARGS__)
#define uk_pr_err(fmt, ...)   uk_pr_level(UK_PRINT_ERR, fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...)  uk_pr_level(UK_PRINT_WARN, fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...)  uk_pr_level(UK_PRINT_INFO, fmt, ##__VA_ARGS__)
#define uk_pr_debug(fmt, ...) uk_pr_level(UK_PRINT_DEBUG, fmt, ##__VA_ARGS__)

#endif /* UK_PRINT_H */
