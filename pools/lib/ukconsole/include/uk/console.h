/* SPDX-License-Identifier: MIT */
/*
 * Console API: what every writer of text (debug messages, libc stdout)
 * uses. Drivers (16550, PL011, linuxu stdout, ...) register an instance;
 * output goes to every registered console.
 */
#ifndef UK_CONSOLE_H
#define UK_CONSOLE_H

#include <uk/essentials.h>

struct uk_console {
	const char *name;
	/* Write len bytes; "\n" is passed as is (a driver for a terminal-like
	 * device may expand it to "\r\n"). */
	void (*write)(struct uk_console *con, const char *buf, size_t len);
	struct uk_console *next;   /* owned by ukconsole */
};

/* Add a console; safe before any init function, no allocation. */
void uk_console_register(struct uk_console *con);

/* Write to all registered consoles (dropped if there is none yet). */
void uk_console_write(const char *buf, size_t len);

void uk_console_puts(const char *s);

#endif /* UK_CONSOLE_H */
