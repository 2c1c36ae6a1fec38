/* SPDX-License-Identifier: MIT */
#include <plat/halt.h>
#include <uk/plat.h>
#include <uk/console.h>
#include <uk/arch/lcpu.h>
#include <stdio.h>

void plat_halt_status(const char *how, int status)
{
	char line[64];
	int n;

	/* Nothing may run, nor print, after the line "ukconfig run" reads
	 * as the last. */
	ukarch_irq_disable();
	n = snprintf(line, sizeof(line), "%s: %s, status %d\n",
		     ukplat_name, how, status);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	uk_console_write(line, (size_t)n);
}
