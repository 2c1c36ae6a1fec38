/* SPDX-License-Identifier: MIT */
/* For platforms only: keeping the boot command line. */
#ifndef PLAT_CMDLINE_H
#define PLAT_CMDLINE_H

#include <uk/essentials.h>

/*
 * Copies the boot command line (at most maxlen bytes of src, which may be
 * NULL) into buf, the platform's own buffer of size bytes, so that the
 * memory holding the boot information can become heap. Returns buf,
 * always NUL-terminated, truncated with a warning if too long.
 */
char *plat_cmdline_save(const char *src, size_t maxlen, char *buf,
			size_t size);

#endif
