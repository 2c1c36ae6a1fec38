/* SPDX-License-Identifier: MIT */
#ifndef PLAT_X86_64_PAGING_H
#define PLAT_X86_64_PAGING_H

/*
 * Hands the page table entry.S built and loaded to the paging library
 * (CONFIG_PAGING) and maps the RAM it left out; called once the memory
 * map is complete, before the boot library runs. Crashes with the reason
 * if it cannot.
 */
void plat_x86_paging_init(void);

/* Guard pages under the stacks of x86_64/entry.S (arm64: plat/arm64.h). */
extern char plat_x86_boot_stack_guard[], plat_x86_trap_stack_guard[];

#endif
