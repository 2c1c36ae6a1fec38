/* SPDX-License-Identifier: MIT */
/* The interrupt and thread-pointer primitives of uk/plat.h: the CPU's own,
 * on kvm. */
#include <uk/plat.h>
#include <uk/arch/lcpu.h>

void ukplat_lcpu_irq_enable(void)
{
	ukarch_irq_enable();
}

void ukplat_lcpu_irq_disable(void)
{
	(void)ukarch_irq_save();
}

unsigned long ukplat_lcpu_irq_save(void)
{
	return ukarch_irq_save();
}

void ukplat_lcpu_irq_restore(unsigned long flags)
{
	ukarch_irq_restore(flags);
}

bool ukplat_lcpu_irq_enabled(void)
{
	return ukarch_irq_enabled();
}

void ukplat_lcpu_halt_irq(void)
{
	ukarch_halt_irq();
}

#if defined(__x86_64__)
#define MSR_FS_BASE 0xc0000100

void ukplat_tlsp_set(uintptr_t tlsp)
{
	x86_wrmsr(MSR_FS_BASE, tlsp);
}

uintptr_t ukplat_tlsp_get(void)
{
	return x86_rdmsr(MSR_FS_BASE);
}
#elif defined(__aarch64__)
void ukplat_tlsp_set(uintptr_t tlsp)
{
	arm64_write_sysreg(tpidr_el0, tlsp);
}

uintptr_t ukplat_tlsp_get(void)
{
	return arm64_read_sysreg(tpidr_el0);
}
#elif defined(__arm__)
/* TPIDRURO: what compiled code reads as the thread pointer. */
void ukplat_tlsp_set(uintptr_t tlsp)
{
	arm32_write_cp15(c13, 0, c0, 3, tlsp);
}

uintptr_t ukplat_tlsp_get(void)
{
	return arm32_read_cp15(c13, 0, c0, 3);
}
#endif
