/* SPDX-License-Identifier: MIT */
/*
 * Console API: what every writer of text (debug messages, libc stdout
 * and stderr) uses. Drivers (16550, PL011, linuxu stdout, ...) register
 * an instance; output goes to every registered console.
 *
 * Text has one of two streams: the output (uk_console_write) and the
 * program's error stream (uk_console_write_err: what it writes to fd 2).
 * A serial line carries both alike; a console that can keep them apart
 * (linuxu: the host process's stdout and stderr) gives write_err.
 *
 * Input (uk_console_read: what a program reads from fd 0) comes from the
 * first console that gives read. A serial line delivers the raw keys of a
 * terminal (the host's terminal is in raw mode under QEMU), so ukconsole
 * makes lines of them (raw_input): it echoes, erases on backspace, ends a
 * line at carriage return or newline and reads Ctrl-D at the start of a
 * line as the end of input. A console whose input is already lines
 * (linuxu: the host's terminal or pipe) passes it through.
 */
#ifndef UK_CONSOLE_H
#define UK_CONSOLE_H

#include <uk/essentials.h>

struct uk_console {
	const char *name;
	/* Write len bytes; "\n" is passed as is (a driver for a terminal-like
	 * device may expand it to "\r\n"). */
	void (*write)(struct uk_console *con, const char *buf, size_t len);
	/* The error stream; NULL: it goes to write like the rest. */
	void (*write_err)(struct uk_console *con, const char *buf, size_t len);
	/* Input: waits for at least one byte, returns how many it put in buf
	 * (at most len), 0 at the end of input, or -errno. NULL: no input. */
	long (*read)(struct uk_console *con, char *buf, size_t len);
	/* read gives a terminal's raw keys, one at a time: ukconsole edits lines. */
	bool raw_input;
	struct uk_console *next;   /* owned by ukconsole */
};

/* Add a console; safe before any init function, no allocation. */
void uk_console_register(struct uk_console *con);

/* Write to all registered consoles (dropped if there is none yet). */
void uk_console_write(const char *buf, size_t len);

/* The same for the program's error stream (stderr). */
void uk_console_write_err(const char *buf, size_t len);

void uk_console_puts(const char *s);

/*
 * Read the program's input (fd 0): waits for a line (raw_input consoles)
 * or whatever the console has; returns the bytes put in buf, 0 at the end
 * of input (always, with no console that reads), or -errno.
 */
long uk_console_read(char *buf, size_t len);

#endif /* UK_CONSOLE_H */
