/* SPDX-License-Identifier: MIT */
#include <uk/crash.h>
#include <uk/print.h>

void uk_regs_print(const struct ukarch_regs *r)
{
	uk_printk("Registers:\n");
	uk_printk("  rax %016lx rbx %016lx rcx %016lx\n",
		  r->rax, r->rbx, r->rcx);
	uk_printk("  rdx %016lx rsi %016lx rdi %016lx\n",
		  r->rdx, r->rsi, r->rdi);
	uk_printk("  rbp %016lx rsp %016lx r8  %016lx\n",
		  r->rbp, r->rsp, r->r8);
	uk_printk("  r9  %016lx r10 %016lx r11 %016lx\n",
		  r->r9, r->r10, r->r11);
	uk_printk("  r12 %016lx r13 %016lx r14 %016lx\n",
		  r->r12, r->r13, r->r14);
	uk_printk("  r15 %016lx rip %016lx rflags %08lx\n",
		  r->r15, r->rip, r->rflags);
	uk_printk("  cs %04lx ss %04lx vector %lu error %#lx\n",
		  r->cs, r->ss, r->vector, r->error);
}
