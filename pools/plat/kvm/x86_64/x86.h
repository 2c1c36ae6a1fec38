/* SPDX-License-Identifier: MIT */
/* Private to the kvm platform on x86_64 (C and assembly). */
#ifndef KVM_X86_H
#define KVM_X86_H

/*
 * Secondary CPUs start in real mode at a page below 1 MiB (the STARTUP
 * message carries its page number): the start code there, then the
 * identity map it enters long mode with (PML4, PDPT, one page directory
 * of 2 MiB pages: the first GiB). Reserved at boot with SMP on.
 */
#define KVM_X86_TRAMPOLINE      0x8000
#define KVM_X86_TRAMPOLINE_SIZE 0x4000

/* struct kvm_x86_ap_cpu, for smp.S */
#define KVM_X86_AP_CPU_SIZE     16
#define KVM_X86_AP_CPU_BOOT     8
#define KVM_X86_AP_BOOT_STACK   8    /* struct ukplat_lcpu_boot.stack_top */

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

void kvm_x86_traps_init(void);
/*
 * SMP: a secondary CPU's part, once it runs on the boot CPU's GDT and IDT:
 * its own TSS (`slot` 1 and up), whose exceptions switch to
 * `trap_stack_top` (with PAGING; nothing without).
 */
void kvm_x86_traps_cpu_init(unsigned int slot, uintptr_t trap_stack_top);
/* Keeps the secondary CPUs' start code page out of the allocators. */
void kvm_x86_smp_reserve(void);

/* ACPI facts the platform uses (0 when absent). */
struct kvm_x86_acpi {
	uint16_t pm_tmr_port;   /* ACPI PM timer, 3.579545 MHz */
	bool pm_tmr_32bit;
	uint16_t pm1a_cnt_port; /* sleep control (shutdown fallback) */
};

/* Reads the FADT on first use (ukacpi searches the BIOS area for the RSDP
 * when the loader gave none); never on the path to main(). */
const struct kvm_x86_acpi *kvm_x86_acpi_get(void);

#endif /* !__ASSEMBLY__ */
#endif
