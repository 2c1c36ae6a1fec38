/* SPDX-License-Identifier: MIT */
/* Private to the kvm platform on arm64 (C and assembly). */
#ifndef KVM_ARM64_H
#define KVM_ARM64_H

/* struct kvm_arm64_ap_mmu, for smp.S */
#define KVM_ARM64_AP_MMU_SCTLR  0
#define KVM_ARM64_AP_MMU_TCR    8
#define KVM_ARM64_AP_MMU_MAIR   16
#define KVM_ARM64_AP_MMU_TTBR0  24
#define KVM_ARM64_AP_MMU_TTBR1  32
#define KVM_ARM64_AP_MMU_CPACR  40

/* struct ukplat_lcpu_boot (uk/plat.h), for smp.S */
#define KVM_ARM64_AP_BOOT_STACK      8
#define KVM_ARM64_AP_BOOT_TRAP_STACK 16
#define KVM_ARM64_AP_BOOT_ENTRY      24
#define KVM_ARM64_AP_BOOT_ARG        32

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/* Called by the exception handler when the trapping instruction was a
 * semihosting call, i.e. QEMU runs without -semihosting. */
void kvm_arm64_semihosting_missing(void) __noreturn;

#define ARM64_SEMIHOSTING_HLT 0xd45e0000u   /* hlt #0xf000 */

/* PSCI (psci.c): the conduit, from /psci "method" (true: "smc"). */
extern bool kvm_arm64_psci_smc;
#define PSCI_CPU_ON      0xc4000003   /* SMC64 */
#define PSCI_SYSTEM_OFF  0x84000008
/* A PSCI call; the result is x0 (0 or a negative PSCI error). */
int64_t kvm_arm64_psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* The device tree's /cpus node (smp.c), noted by the boot's one pass. */
extern int kvm_arm64_cpus_node;

#endif /* !__ASSEMBLY__ */
#endif
