/* SPDX-License-Identifier: MIT */
#ifndef KVM_PAGING_H
#define KVM_PAGING_H

/*
 * Builds the kernel's page table from the memory map and loads it
 * (CONFIG_PAGING); called once the memory map is complete, before the
 * boot library runs. Crashes with the reason if it cannot.
 */
void kvm_paging_init(void);

/* Guard pages under the stacks of entry.S, one set per architecture. */
extern char kvm_boot_stack_guard[], kvm_trap_stack_guard[];

#endif
