/* SPDX-License-Identifier: MIT */
/*
 * Where PSCI CPU_ON starts a secondary CPU: at EL1 (the caller's level),
 * MMU off, x0 = the context argument, our struct ukplat_lcpu_boot.
 *
 * It takes the boot CPU's translation regime (kvm_arm64_ap_mmu, written
 * by smp.c: with the MMU on there, the same page tables and memory
 * attributes; with it off, the same off state) and FP/SIMD access, then
 * its stacks (the trap stack is SP_EL0, as on the boot CPU), the
 * exception vectors, and calls boot->entry(boot->arg).
 */
#include "arm64.h"

	.text
	.globl kvm_arm64_ap_entry
kvm_arm64_ap_entry:
	ldr x1, =kvm_arm64_ap_mmu
	ldr x2, [x1, #KVM_ARM64_AP_MMU_MAIR]
	msr mair_el1, x2
	ldr x2, [x1, #KVM_ARM64_AP_MMU_TCR]
	msr tcr_el1, x2
	ldr x2, [x1, #KVM_ARM64_AP_MMU_TTBR0]
	msr ttbr0_el1, x2
	ldr x2, [x1, #KVM_ARM64_AP_MMU_TTBR1]
	msr ttbr1_el1, x2
	ldr x2, [x1, #KVM_ARM64_AP_MMU_CPACR]
	msr cpacr_el1, x2
	isb
	tlbi vmalle1
	dsb nsh
	isb
	ldr x2, [x1, #KVM_ARM64_AP_MMU_SCTLR]
	msr sctlr_el1, x2
	isb

	ldr x1, [x0, #KVM_ARM64_AP_BOOT_STACK]
	mov sp, x1
	ldr x1, [x0, #KVM_ARM64_AP_BOOT_TRAP_STACK]
	msr sp_el0, x1
	ldr x1, =plat_arm64_vectors
	msr vbar_el1, x1
	isb

	mov x29, #0                 /* end of frame-record chains */
	mov x30, #0
	ldr x1, [x0, #KVM_ARM64_AP_BOOT_ENTRY]
	ldr x0, [x0, #KVM_ARM64_AP_BOOT_ARG]
	blr x1                      /* does not return */
1:	wfi
	b 1b

	.section .note.GNU-stack, "", %progbits
