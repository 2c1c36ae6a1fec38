/* SPDX-License-Identifier: MIT */
/*
 * The console when the domain has no vpl011 (no "arm,sbsa-uart" node in
 * its device tree): Xen's console_io hypercall. Xen prints the text as
 * "(d1) ..." lines on its own console, but only with guest_loglvl=all
 * (or debug) on Xen's command line, and only for domains it lets write
 * there (dom0less domUs are). The vpl011 is preferred: a plain device
 * that needs no Xen option, output as "(XEN) DOM1: ..." lines.
 */
#include <uk/console.h>
#include <plat/arm64.h>
#include "hypercall.h"

static void console_io_write(struct uk_console *con, const char *buf,
			     size_t len)
{
	plat_arm64_dcache_sync(buf, len);
	xen_hypercall3(XEN_HYPERCALL_console_io, XEN_CONSOLEIO_write, len,
		       (unsigned long)buf);
}

static struct uk_console console_io = {
	.name = "xen-console-io",
	.write = console_io_write,
};

void plat_arm64_console_default(void)
{
	uk_console_register(&console_io);
}
