/* SPDX-License-Identifier: MIT */
/*
 * uk_paging_cpu_enable(root): loads the page table `root` on the calling
 * CPU, whose MMU is off, and turns the MMU and the caches on. The CPU runs
 * identity mapped, so execution goes on at the next instruction.
 *
 * A leaf that touches no stack and no data memory (only its literal
 * pool, in the code): the boot code calls it right after building the
 * table, before it has set up anything else, and other CPUs will call it
 * the same way.
 */
#include <uk/arch/paging.h>

	.section .text.uk_paging_cpu_enable, "ax"
	.globl uk_paging_cpu_enable
	.type uk_paging_cpu_enable, %function
uk_paging_cpu_enable:
	dsb ish                     /* the table's stores, for the walker */
	ldr x2, =ARM64_MAIR_VALUE
	msr mair_el1, x2
	/* IPS = PARange of the CPU, at most 48 bits. */
	mrs x2, id_aa64mmfr0_el1
	and x2, x2, #0xf
	mov x3, #ARM64_TCR_IPS_MAX
	cmp x2, x3
	csel x2, x2, x3, ls
	ldr x3, =ARM64_TCR_VALUE
	orr x3, x3, x2, lsl #ARM64_TCR_IPS_SHIFT
	msr tcr_el1, x3
	msr ttbr0_el1, x0
	isb
	tlbi vmalle1
	dsb nsh
	isb

	mrs x1, sctlr_el1
	orr x1, x1, #ARM64_SCTLR_M
	orr x1, x1, #ARM64_SCTLR_C
	orr x1, x1, #ARM64_SCTLR_I
	bic x1, x1, #ARM64_SCTLR_A
	bic x1, x1, #ARM64_SCTLR_WXN
	msr sctlr_el1, x1
	isb
	ret
	.size uk_paging_cpu_enable, . - uk_paging_cpu_enable
	.ltorg

	.section .note.GNU-stack, "", %progbits
