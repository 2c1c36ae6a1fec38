/* SPDX-License-Identifier: MIT */
#include <uk/console.h>

static struct uk_console *consoles;

void uk_console_register(struct uk_console *con)
{
	struct uk_console **tail = &consoles;

	/* Keep registration order: the first console is the primary one. */
	while (*tail)
		tail = &(*tail)->next;
	con->next = NULL;
	*tail = con;
}

void uk_console_write(const char *buf, size_t len)
{
	struct uk_console *con;

	for (con = consoles; con; con = con->next)
		con->write(con, buf, len);
}

void uk_console_write_err(const char *buf, size_t len)
{
	struct uk_console *con;

	for (con = consoles; con; con = con->next)
		(con->write_err ? con->write_err : con->write)(con, buf, len);
}

void uk_console_puts(const char *s)
{
	size_t len = 0;

	while (s[len])
		len++;
	uk_console_write(s, len);
}

/*
 * The program's input from the console. A serial line gives the keys of
 * a terminal in raw mode, so the line editing a terminal driver would do
 * is done here, for one reader at a time: the line is collected with echo
 * and backspace, then handed out, possibly over several reads. A console
 * whose input is already lines (the linuxu host's) is read directly.
 */
#define LINE_MAX_BYTES 1024
#define KEY_EOF   0x04   /* Ctrl-D */
#define KEY_BS    0x08
#define KEY_DEL   0x7f

static char line[LINE_MAX_BYTES];
static size_t line_len, line_pos;
static bool after_cr;

/* Collects one line (ending in '\n', or full); false: end of input. */
static bool edit_line(struct uk_console *con)
{
	char c;
	long n;

	line_len = line_pos = 0;
	while (line_len < LINE_MAX_BYTES) {
		n = con->read(con, &c, 1);
		if (n <= 0)
			return line_len > 0;
		/* A terminal's Enter is CR; a pipe's is LF; CR LF is one end. */
		if (c == '\n' && after_cr) {
			after_cr = false;
			continue;
		}
		after_cr = c == '\r';
		if (c == '\r' || c == '\n') {
			line[line_len++] = '\n';
			uk_console_write("\n", 1);
			return true;
		}
		if (c == KEY_EOF) {
			if (line_len == 0)
				return false;
			continue;
		}
		if (c == KEY_BS || c == KEY_DEL) {
			if (line_len) {
				line_len--;
				uk_console_write("\b \b", 3);
			}
			continue;
		}
		line[line_len++] = c;
		uk_console_write(&c, 1);
	}
	return true;
}

long uk_console_read(char *buf, size_t len)
{
	struct uk_console *con;
	size_t n;

	for (con = consoles; con && !con->read; con = con->next)
		;
	if (!con || !len)
		return 0;
	if (!con->raw_input)
		return con->read(con, buf, len);
	if (line_pos == line_len && !edit_line(con))
		return 0;
	n = line_len - line_pos < len ? line_len - line_pos : len;
	for (size_t i = 0; i < n; i++)
		buf[i] = line[line_pos + i];
	line_pos += n;
	return (long)n;
}
