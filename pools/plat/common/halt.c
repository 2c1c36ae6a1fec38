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

/* What the status is, said once for the four platforms. */
void ukplat_halt(int status)
{
	plat_power_off(status & 0xff, 0);
}

void ukplat_crash(void)
{
	plat_power_off(PLAT_EXIT_CRASH, 1);
}
