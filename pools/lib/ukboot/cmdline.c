/* SPDX-License-Identifier: MIT */
/*
 * The command line: words, then library parameters (before a standalone
 * "--", set through uklibparam) and application arguments (after it).
 */
#include <uk/boot.h>
#include <uk/libparam.h>
#include <uk/print.h>
#include <string.h>
#include <errno.h>

/* Inline: it runs on the path to main, where under QEMU TCG each function
 * entered costs boot time (every new block of code is translated). */
static __always_inline int is_blank(char c)
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

int uk_boot_apply_libparams(int argc, char *argv[])
{
	int i, sep;

	for (sep = 0; sep < argc; sep++)
		if (!strcmp(argv[sep], "--"))
			break;
	if (sep == argc)
		return 0;

	for (i = 0; i < sep; i++) {
		int rc = uk_libparam_set(argv[i]);

		if (rc == -ENOENT)
			uk_pr_warn("unknown library parameter \"%s\"\n",
				   argv[i]);
		else if (rc)
			uk_pr_warn("invalid value in \"%s\"\n", argv[i]);
	}
	return sep + 1;
}
