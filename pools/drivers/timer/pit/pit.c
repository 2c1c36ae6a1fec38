/* SPDX-License-Identifier: MIT */
/*
 * The 8254 PIT's channel 0 in mode 0 (interrupt on terminal count) as
 * uktimer's device: ISA line 0 at 1.193182 MHz, at most 65535 counts
 * (55 ms) at a time, so longer waits take several interrupts. The
 * fallback when there is no local APIC timer (the 8259 PIC machine): the
 * platform describes it as PNP0100 after the APIC. Its ports are the PC's
 * fixed ones (uk/arch/i8254.h, shared with the platform's TSC measurement).
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/intctlr.h>
#include <uk/driver.h>
#include <errno.h>
#include <uk/arch/i8254.h>

static unsigned int irq;

static void pit_set(uint64_t deadline)
{
	uint64_t now = uk_time_now(), count;

	count = deadline > now
		? ((deadline - now) * I8254_HZ + UK_NSEC_PER_SEC - 1) /
		  UK_NSEC_PER_SEC
		: 1;
	if (count > 0xffff)
		count = 0xffff;
	if (!count)
		count = 1;
	outb(I8254_CMD, I8254_CH0_LOHI(0));
	outb(I8254_CH0_DATA, count & 0xff);
	outb(I8254_CH0_DATA, count >> 8);
	/* Masked until now: the TSC measurement of the platform may have
	 * left channel 0 counting in another mode. */
	uk_intctlr_irq_unmask(irq);
}

/* A control word without a count stops channel 0 with its output low. */
static void pit_stop(void)
{
	outb(I8254_CMD, I8254_CH0_LOHI(0));
}

static const struct uk_timer_dev pit_timer = {
	.name = "pit",
	.set = pit_set,
	.stop = pit_stop,
};

static int pit_irq(void *arg, struct ukarch_regs *regs)
{
	uk_timer_dev_interrupt();
	return 1;
}

/* A PIT counts; a missing one (-M microvm,pit=off) reads the same. */
static bool pit_present(void)
{
	uint16_t first;
	int spins;

	outb(I8254_CMD, I8254_CH0_LOHI(0));
	outb(I8254_CH0_DATA, 0xff);
	outb(I8254_CH0_DATA, 0xff);
	first = i8254_read_ch0();
	for (spins = 0; spins < 1000; spins++)
		if (i8254_read_ch0() != first)
			return true;
	return false;
}

static int pit_probe(const struct uk_device *dev)
{
	int rc = uk_intctlr_irq_from_isa(0, &irq);

	if (rc)
		return rc;
	if (!pit_present())
		return -ENODEV;
	pit_stop();
	rc = uk_intctlr_irq_register(irq, pit_irq, NULL);
	if (rc)
		return rc;
	uk_intctlr_irq_mask(irq);
	return uk_timer_dev_register(&pit_timer);
}

static const char *const compatible[] = { "PNP0100", NULL };
UK_DRIVER(pit, UK_DRIVER_TIMER, compatible, pit_probe);
