/* SPDX-License-Identifier: MIT */
#include <uk/boot.h>
#include <uk/print.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int uk_boot_split_cmdline(char *cmdline, char *argv[], int max)
{
	char *src = cmdline, *dst = cmdline;
	int argc = 0;

	for (;;) {
		int quoted = 0;

		while (is_blank(*src))
			src++;
		if (!*src)
			break;
		if (argc == max) {
			uk_pr_warn("too many arguments, ignoring from \"%s\"\n",
				   src);
			break;
		}
		/* Copy the word down over removed quotes. */
		argv[argc++] = dst;
		for (; *src && (quoted || !is_blank(*src)); src++) {
			if (*src == '"')
				quoted = !quoted;
			else
				*dst++ = *src;
		}
		if (*src)
			src++;
		*dst++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}
