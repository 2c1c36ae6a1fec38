/* SPDX-License-Identifier: MIT */
#include <plat/cmdline.h>
#include <uk/print.h>

char *plat_cmdline_save(const char *src, size_t maxlen, char *buf,
			size_t size)
{
	size_t i;

	for (i = 0; src && i < maxlen && src[i]; i++) {
		if (i == size - 1) {
			uk_pr_warn("command line cut to %zu bytes\n", i);
			break;
		}
		buf[i] = src[i];
	}
	buf[i] = '\0';
	return buf;
}
