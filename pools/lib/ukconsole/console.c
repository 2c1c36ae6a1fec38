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
