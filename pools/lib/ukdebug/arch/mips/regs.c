/* SPDX-License-Identifier: MIT */
#include <uk/crash.h>
#include <uk/print.h>

void uk_regs_print(const struct ukarch_regs *r)
{
	int i;

	uk_printk("Registers:\n");
	for (i = 0; i < 32; i += 4)
		uk_printk("  r%-2d %08lx r%-2d %08lx r%-2d %08lx r%-2d %08lx\n",
			  i, (unsigned long)r->r[i], i + 1,
			  (unsigned long)r->r[i + 1], i + 2,
			  (unsigned long)r->r[i + 2], i + 3,
			  (unsigned long)r->r[i + 3]);
	uk_printk("  hi %08lx lo %08lx epc %08lx status %08lx cause %08lx "
		  "badvaddr %08lx\n", (unsigned long)r->hi,
		  (unsigned long)r->lo, (unsigned long)r->epc,
		  (unsigned long)r->status, (unsigned long)r->cause,
		  (unsigned long)r->badvaddr);
}
