/* SPDX-License-Identifier: MIT */
/*
 * The Arm generic timer's EL1 virtual timer as uktimer's device: its
 * compare value is a deadline in the virtual count, the platform's tick
 * counter, so no conversion but the clock's own and no measurement. The
 * interrupt (a level-triggered PPI) comes from the device-tree node the
 * platform probes it with (third "interrupts" entry: the virtual timer),
 * or, on a board that describes it without a tree (rpi3, whose timer
 * lines go to the BCM2836 local controller), from the device itself.
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/intctlr.h>
#include <uk/driver.h>
#include <uk/plat.h>
#include <uk/arch/lcpu.h>
#include <errno.h>

#define CNTV_CTL_ENABLE 1u
#define FDT_VIRTUAL_TIMER 2

/* The timer's registers: system registers on arm64, CP15 on arm32. */
#if defined(__aarch64__)
#define cntv_cval_write(v) arm64_write_sysreg(cntv_cval_el0, v)
#define cntv_ctl_write(v)  arm64_write_sysreg(cntv_ctl_el0, v)
#define cntv_isb()         arm64_isb()
#else
#define cntv_cval_write(v) arm32_cntv_cval_write(v)
#define cntv_ctl_write(v)  arm32_cntv_ctl_write(v)
#define cntv_isb()         arm32_isb()
#endif

static void armgt_set(uint64_t deadline)
{
	cntv_cval_write(uk_time_ticks_at(deadline));
	cntv_ctl_write(CNTV_CTL_ENABLE);
	cntv_isb();
}

static void armgt_stop(void)
{
	cntv_ctl_write(0);
	cntv_isb();
}

/* Each CPU has its own virtual timer: stopped until its first set(). */
static const struct uk_timer_dev armgt_timer = {
	.name = "armgt",
	.set = armgt_set,
	.stop = armgt_stop,
	.cpu_init = armgt_stop,
};

/* The timer holds its line up while the condition is met: disable it
 * first, the library sets it again for the next deadline. */
static int armgt_irq(void *arg, struct ukarch_regs *regs)
{
	armgt_stop();
	uk_timer_dev_interrupt();
	return 1;
}

static int armgt_probe(const struct uk_device *dev)
{
	unsigned int irq;
	int rc;

	if (dev->flags & UK_DEVICE_FDT) {
		rc = uk_intctlr_irq_from_fdt(ukplat_bootinfo_fdt(),
					     dev->fdt_node, FDT_VIRTUAL_TIMER,
					     &irq);
	} else if (dev->flags & UK_DEVICE_IRQ) {
		irq = dev->irq;
		rc = uk_intctlr_irq_configure(irq, UK_INTCTLR_LEVEL_HIGH);
		/* A controller whose lines have one fixed trigger mode. */
		if (rc == -ENOTSUP)
			rc = 0;
	} else {
		rc = -ENODEV;
	}
	if (rc)
		return rc;
	armgt_stop();
	rc = uk_intctlr_irq_register(irq, armgt_irq, NULL);
	if (rc)
		return rc;
	return uk_timer_dev_register(&armgt_timer);
}

/* QEMU virt names it after the CPU's architecture. */
static const char *const compatible[] = {
	"arm,armv8-timer", "arm,armv7-timer", NULL
};
UK_DRIVER(armgt, UK_DRIVER_TIMER, compatible, armgt_probe);
