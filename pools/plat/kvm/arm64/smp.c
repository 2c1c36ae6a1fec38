/* SPDX-License-Identifier: MIT */
/*
 * Secondary CPUs on arm64 (uk/plat.h, "the other CPUs"): the device
 * tree's /cpus lists them by MPIDR affinity ("reg"); PSCI CPU_ON starts
 * one at kvm_arm64_ap_entry (smp.S) with its struct ukplat_lcpu_boot as
 * the context argument.
 */
#include <uk/plat.h>
#include <uk/fdt.h>
#include <uk/arch/lcpu.h>
#include <string.h>
#include <errno.h>
#include <plat/arm64.h>
#include "arm64.h"

/* MPIDR_EL1's affinity fields: Aff3 (39:32), Aff2, Aff1, Aff0 (23:0). */
#define MPIDR_AFFINITY 0xff00ffffffULL

#define PSCI_E_NOT_SUPPORTED  (-1)
#define PSCI_E_INVALID_PARAMS (-2)
#define PSCI_E_ALREADY_ON     (-4)
#define PSCI_E_ON_PENDING     (-5)

/* Read by smp.S, with the MMU off: the boot CPU's translation regime. */
struct kvm_arm64_ap_mmu {
	uint64_t sctlr, tcr, mair, ttbr0, ttbr1, cpacr;
} __aligned(64) kvm_arm64_ap_mmu;

UK_CTASSERT(offsetof(struct kvm_arm64_ap_mmu, sctlr) == KVM_ARM64_AP_MMU_SCTLR);
UK_CTASSERT(offsetof(struct kvm_arm64_ap_mmu, tcr) == KVM_ARM64_AP_MMU_TCR);
UK_CTASSERT(offsetof(struct kvm_arm64_ap_mmu, mair) == KVM_ARM64_AP_MMU_MAIR);
UK_CTASSERT(offsetof(struct kvm_arm64_ap_mmu, ttbr0) ==
	    KVM_ARM64_AP_MMU_TTBR0);
UK_CTASSERT(offsetof(struct kvm_arm64_ap_mmu, ttbr1) ==
	    KVM_ARM64_AP_MMU_TTBR1);
UK_CTASSERT(offsetof(struct kvm_arm64_ap_mmu, cpacr) ==
	    KVM_ARM64_AP_MMU_CPACR);
UK_CTASSERT(offsetof(struct ukplat_lcpu_boot, stack_top) ==
	    KVM_ARM64_AP_BOOT_STACK);
UK_CTASSERT(offsetof(struct ukplat_lcpu_boot, trap_stack_top) ==
	    KVM_ARM64_AP_BOOT_TRAP_STACK);
UK_CTASSERT(offsetof(struct ukplat_lcpu_boot, entry) ==
	    KVM_ARM64_AP_BOOT_ENTRY);
UK_CTASSERT(offsetof(struct ukplat_lcpu_boot, arg) == KVM_ARM64_AP_BOOT_ARG);

extern const char kvm_arm64_ap_entry[];

unsigned int ukplat_lcpu_list(uint64_t *hwids, unsigned int max)
{
	const void *fdt = ukplat_bootinfo_fdt();
	int cpus = plat_arm64_cpus_node;
	int ac, node, depth = 0, len;
	unsigned int n = 0;

	if (cpus < 0)
		return 0;
	ac = ukfdt_address_cells(fdt, cpus);
	for (node = ukfdt_next_node(fdt, cpus, &depth); node >= 0 && depth > 0;
	     node = ukfdt_next_node(fdt, node, &depth)) {
		const char *type, *status;
		const void *reg;

		if (depth != 1)
			continue;
		type = ukfdt_getprop(fdt, node, "device_type", &len);
		reg = ukfdt_getprop(fdt, node, "reg", &len);
		status = ukfdt_getprop(fdt, node, "status", NULL);
		if (!type || strcmp(type, "cpu") || !reg || len < 4 * ac ||
		    (status && strcmp(status, "okay")))
			continue;
		if (n < max)
			hwids[n] = ukfdt_read_cells(reg, ac) & MPIDR_AFFINITY;
		n++;
	}
	return n;
}

uint64_t ukplat_lcpu_hwid(void)
{
	return arm64_read_sysreg(mpidr_el1) & MPIDR_AFFINITY;
}

int ukplat_lcpu_start(const struct ukplat_lcpu_boot *b)
{
	int64_t rc;

	if (!kvm_arm64_ap_mmu.sctlr) {
		kvm_arm64_ap_mmu = (struct kvm_arm64_ap_mmu){
			.sctlr = arm64_read_sysreg(sctlr_el1),
			.tcr = arm64_read_sysreg(tcr_el1),
			.mair = arm64_read_sysreg(mair_el1),
			.ttbr0 = arm64_read_sysreg(ttbr0_el1),
			.ttbr1 = arm64_read_sysreg(ttbr1_el1),
			.cpacr = arm64_read_sysreg(cpacr_el1),
		};
		plat_arm64_dcache_sync(&kvm_arm64_ap_mmu,
				       sizeof(kvm_arm64_ap_mmu));
	}
	plat_arm64_dcache_sync(b, sizeof(*b));
	rc = kvm_arm64_psci(PSCI_CPU_ON, b->hwid, (uintptr_t)kvm_arm64_ap_entry,
			    (uintptr_t)b);
	switch (rc) {
	case 0:
		return 0;
	case PSCI_E_NOT_SUPPORTED:
		return -ENOTSUP;
	case PSCI_E_INVALID_PARAMS:
		return -EINVAL;
	case PSCI_E_ALREADY_ON:
	case PSCI_E_ON_PENDING:
		return -EBUSY;
	default:
		return -EIO;
	}
}
