/* SPDX-License-Identifier: MIT */
/*
 * Ticks: the CP0 Count register, which counts every second cycle of the
 * pipeline clock. QEMU's Malta gives its 24Kf a 320 MHz clock, whose
 * period QEMU keeps in whole nanoseconds (3 ns): Count advances every
 * 6 ns, 166.67 MHz (measured against the host's clock: 3 s of guest
 * ticks took 2.89 s). A real board's rate is its own. It has 32 bits and
 * wraps every 25.8 s: the wraps are counted here, which holds as long as
 * ticks are read at least that often (nothing here interrupts to read it).
 */
#include <uk/plat.h>
#include <uk/arch/lcpu.h>

#define COUNT_HZ 166666667ull

uint64_t ukplat_ticks(void)
{
	static uint32_t last, wraps;
	unsigned long flags = ukarch_irq_save();
	uint32_t now = mips_count();
	uint64_t ticks;

	if (now < last)
		wraps++;
	last = now;
	ticks = (uint64_t)wraps << 32 | now;
	ukarch_irq_restore(flags);
	return ticks;
}

uint64_t ukplat_ticks_hz(const char **how)
{
	if (how)
		*how = "CP0 Count at QEMU Malta's rate";
	return COUNT_HZ;
}
