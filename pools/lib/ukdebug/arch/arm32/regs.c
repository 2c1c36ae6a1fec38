/* SPDX-License-Identifier: MIT */
#include <uk/crash.h>
#include <uk/print.h>

void uk_regs_print(const struct ukarch_regs *r)
{
	int i;

	uk_printk("Registers:\n");
	for (i = 0; i < 12; i += 4)
		uk_printk("  r%-2d %08lx r%-2d %08lx r%-2d %08lx r%-2d %08lx\n",
			  i, (unsigned long)r->r[i], i + 1,
			  (unsigned long)r->r[i + 1], i + 2,
			  (unsigned long)r->r[i + 2], i + 3,
			  (unsigned long)r->r[i + 3]);
	uk_printk("  r12 %08lx sp  %08lx lr  %08lx pc  %08lx\n",
		  (unsigned long)r->r[12], (unsigned long)r->sp,
		  (unsigned long)r->lr, (unsigned long)r->pc);
	uk_printk("  cpsr %08lx fsr %08lx far %08lx\n",
		  (unsigned long)r->cpsr, (unsigned long)r->fsr,
		  (unsigned long)r->far);
}
