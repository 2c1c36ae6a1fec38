/* SPDX-License-Identifier: MIT */
/* The interrupt primitives of uk/plat.h: the CPU's own, on kvm. */
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
