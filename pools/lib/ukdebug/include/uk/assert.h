/* SPDX-License-Identifier: MIT */
/*
 * Assertions and fatal errors.
 *
 *   UK_ASSERT(cond)     checked when CONFIG_UKDEBUG_ASSERT=y
 *   UK_BUGON(cond)      always checked
 *   UK_CRASH(fmt, ...)  print "CRASH" with the reason and location, then
 *                       stop with the platform's crash status
 */
#ifndef UK_ASSERT_H
#define UK_ASSERT_H

#include <uk/essentials.h>

void _uk_crash(const char *libname, const char *file, unsigned int line,
	       const char *fmt, ...) __noreturn __cold __printf(4, 5);

#define UK_CRASH(fmt, ...) \
	_uk_crash(UK_LIBNAME_STR, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define UK_BUGON(cond)							\
	do {								\
		if (unlikely(cond))					\
			UK_CRASH("bug: %s", #cond);			\
	} while (0)

#define UK_BUG() UK_CRASH("bug")

#if CONFIG_UKDEBUG_ASSERT
#define UK_ASSERT(cond)							\
	do {								\
		if (unlikely(!(cond)))					\
			UK_CRASH("assertion failed: %s", #cond);	\
	} while (0)
#else
#define UK_ASSERT(cond) do { (void)sizeof(cond); } while (0)
#endif

#endif /* UK_ASSERT_H */
