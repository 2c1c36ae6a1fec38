/* SPDX-License-Identifier: MIT */
/* Private to the kvm platform on arm64 (C and assembly): PSCI and SMP;
 * arm32 shares halt.c, and with it PSCI_SYSTEM_OFF. */
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

/* PSCI (psci.c), through the conduit the shared device-tree pass noted
 * (plat_arm64_psci_smc, plat/arm64.h). */
#define PSCI_CPU_ON      0xc4000003   /* SMC64 */
#define PSCI_SYSTEM_OFF  0x84000008
/* A PSCI call; the result is x0 (0 or a negative PSCI error). */
int64_t kvm_arm64_psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

#endif /* !__ASSEMBLY__ */
#endif
