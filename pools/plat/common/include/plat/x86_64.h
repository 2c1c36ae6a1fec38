/* SPDX-License-Identifier: MIT */
/*
 * The PC boot shared by the x86_64 platforms (kvm, baremetal): what the
 * shared code in plat/common/x86_64 and the platforms' own parts (power
 * off, name) use of each other (C and assembly).
 */
#ifndef PLAT_X86_64_H
#define PLAT_X86_64_H

/*
 * Secondary CPUs start in real mode at a page below 1 MiB (the STARTUP
 * message carries its page number): the start code there, then the
 * identity map it enters long mode with (PML4, PDPT, one page directory
 * of 2 MiB pages: the first GiB). Reserved at boot with SMP on.
 */
#define PLAT_X86_TRAMPOLINE      0x8000
#define PLAT_X86_TRAMPOLINE_SIZE 0x4000

/* struct plat_x86_ap_cpu, for smp.S */
#define PLAT_X86_AP_CPU_SIZE     16
#define PLAT_X86_AP_CPU_BOOT     8
#define PLAT_X86_AP_BOOT_STACK   8    /* struct ukplat_lcpu_boot.stack_top */

/*
 * The boot stack and the command-line copy are sized by the options of
 * the platform the image is for (one image has one platform).
 */
#if CONFIG_PLAT_BAREMETAL
#define PLAT_X86_STACK_SIZE  CONFIG_BAREMETAL_STACK_SIZE
#define PLAT_X86_CMDLINE_MAX CONFIG_BAREMETAL_CMDLINE_MAX
#else
#define PLAT_X86_STACK_SIZE  CONFIG_KVM_STACK_SIZE
#define PLAT_X86_CMDLINE_MAX CONFIG_KVM_CMDLINE_MAX
#endif

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

void plat_x86_traps_init(void);
/*
 * SMP: a secondary CPU's part, once it runs on the boot CPU's GDT and IDT:
 * its own TSS (`slot` 1 and up), whose exceptions switch to
 * `trap_stack_top` (with PAGING; nothing without).
 */
void plat_x86_traps_cpu_init(unsigned int slot, uintptr_t trap_stack_top);
/* Keeps the secondary CPUs' start code page out of the allocators. */
void plat_x86_smp_reserve(void);

/* ACPI facts the platform uses (0 when absent). */
struct plat_x86_acpi {
	uint16_t pm_tmr_port;   /* ACPI PM timer, 3.579545 MHz */
	bool pm_tmr_32bit;
	uint16_t pm1a_cnt_port; /* sleep control (shutdown fallback) */
};

/* Reads the FADT on first use (ukacpi searches the BIOS area for the RSDP
 * when the loader gave none); never on the path to main(). */
const struct plat_x86_acpi *plat_x86_acpi_get(void);

#endif /* !__ASSEMBLY__ */
#endif
