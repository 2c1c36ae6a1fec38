/* SPDX-License-Identifier: MIT */
/*
 * The Arm generic timer's EL1 virtual timer as uktimer's device: its
 * compare value is a deadline in the virtual count, the platform's tick
 * counter, so no conversion but the clock's own and no measurement. The
 * interrupt (a level-triggered PPI) comes from the device tree's /timer
 * node (third entry: the virtual timer).
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/intctlr.h>
#include <uk/fdt.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/arch/lcpu.h>

#define CNTV_CTL_ENABLE 1u
#define FDT_VIRTUAL_TIMER 2

static void armgt_set(uint64_t deadline)
{
	arm64_write_sysreg(cntv_cval_el0, uk_time_ticks_at(deadline));
	arm64_write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	arm64_isb();
}

static void armgt_stop(void)
{
	arm64_write_sysreg(cntv_ctl_el0, 0);
	arm64_isb();
}

static const struct uk_timer_dev armgt_timer = {
	.name = "armgt",
	.set = armgt_set,
	.stop = armgt_stop,
};

/* The timer holds its line up while the condition is met: disable it
 * first, the library sets it again for the next deadline. */
static int armgt_irq(void *arg, struct ukarch_regs *regs)
{
	armgt_stop();
	uk_timer_dev_interrupt();
	return 1;
}

static int armgt_probe(void)
{
	const void *fdt = ukplat_bootinfo_fdt();
	unsigned int irq;
	int node, rc;

	if (!fdt)
		return 0;
	node = ukfdt_find_compatible_top(fdt, "arm,armv8-timer");
	if (node < 0 ||
	    uk_intctlr_irq_from_fdt(fdt, node, FDT_VIRTUAL_TIMER, &irq))
		return 0;
	armgt_stop();
	rc = uk_intctlr_irq_register(irq, armgt_irq, NULL);
	if (rc)
		return rc;
	uk_timer_dev_register(&armgt_timer);
	return 0;
}
UK_INITCALL_PRIO(armgt_probe, NULL, UK_INIT_CLASS_PLAT, 3);
