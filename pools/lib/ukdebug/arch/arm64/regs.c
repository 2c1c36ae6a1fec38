/* SPDX-License-Identifier: MIT */
#include <uk/crash.h>
#include <uk/print.h>

void uk_regs_print(const struct ukarch_regs *r)
{
	int i;

	uk_printk("Registers:\n");
	for (i = 0; i < 30; i += 3)
		uk_printk("  x%-2d %016lx x%-2d %016lx x%-2d %016lx\n",
			  i, r->x[i], i + 1, r->x[i + 1], i + 2, r->x[i + 2]);
	uk_printk("  x30 %016lx sp  %016lx pc  %016lx\n",
		  r->x[30], r->sp, r->pc);
	uk_printk("  pstate %08lx esr %08lx far %016lx\n",
		  r->pstate, r->esr, r->far);
}
