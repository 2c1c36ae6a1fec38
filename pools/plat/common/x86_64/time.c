/* SPDX-License-Identifier: MIT */
/*
 * The TSC is the tick counter: entry.S stamps it (plat_entry_ticks) as the
 * image's very first action, so "time to main" covers all of the image's
 * own boot work.
 *
 * Its frequency is needed only to print durations. In order of preference:
 *  1. CPUID (leaf 0x15/0x16, hypervisor leaf 0x40000010): no measurement;
 *  2. ACPI PM timer (fixed 3.579545 MHz, -M pc): 500 us measurement;
 *  3. PIT channel 0 (1.193182 MHz): 500 us measurement;
 *  4. unknown (0): callers print raw ticks.
 * The measurement runs on first use only, never before main() is stamped.
 */
#include <uk/plat.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/io.h>
#include <uk/arch/tsc.h>
#include <uk/arch/i8254.h>
#include <plat/x86_64.h>

#define PM_TIMER_HZ 3579545
#define WINDOW_US   500

uint64_t ukplat_ticks(void)
{
	return x86_rdtsc();
}

static uint64_t measure_pm_timer(const struct plat_x86_acpi *acpi)
{
	uint16_t port = acpi->pm_tmr_port;
	uint32_t mask = acpi->pm_tmr_32bit ? 0xffffffff : 0xffffff;
	uint32_t want = (uint64_t)PM_TIMER_HZ * WINDOW_US / 1000000;
	uint32_t start, now;
	uint64_t t0, t1;

	/* Align on a tick edge so the window is exact to a tick. */
	start = inl(port) & mask;
	while ((now = inl(port) & mask) == start)
		;
	t0 = x86_rdtsc();
	start = now;
	do {
		now = inl(port) & mask;
	} while (((now - start) & mask) < want);
	t1 = x86_rdtsc();
	return (t1 - t0) * PM_TIMER_HZ / ((now - start) & mask);
}

/*
 * Channel 0 is read through the latch command, so the measurement needs
 * nothing but ports 0x40/0x43 (channel 2 would need port 0x61, absent on
 * microvm). It runs once, before any timer uses channel 0: the PIT timer
 * driver asks for this frequency before its first setting, and keeps its
 * interrupt masked until then.
 */
static uint64_t measure_pit(void)
{
	uint16_t want = (uint64_t)I8254_HZ * WINDOW_US / 1000000;
	uint16_t start, now;
	uint64_t t0, t1;
	int spins;

	outb(I8254_CMD, I8254_CH0_LOHI(2));
	outb(I8254_CH0_DATA, 0xff);
	outb(I8254_CH0_DATA, 0xff);
	/* Wait for a tick edge; a missing PIT never changes its reading. */
	start = i8254_read_ch0();
	for (spins = 0; (now = i8254_read_ch0()) == start; spins++)
		if (spins > 1000)   /* >> one 0.84 us tick */
			return 0;
	t0 = x86_rdtsc();
	start = now;
	do {
		now = i8254_read_ch0();
	} while ((uint16_t)(start - now) < want);   /* counts down */
	t1 = x86_rdtsc();
	return (t1 - t0) * I8254_HZ / (uint16_t)(start - now);
}

uint64_t ukplat_ticks_hz(const char **how)
{
	static uint64_t hz;
	static const char *source = "unknown frequency";

	if (!hz) {
		hz = x86_tsc_hz_cpuid(&source);
		if (!hz && plat_x86_acpi_get()->pm_tmr_port) {
			hz = measure_pm_timer(plat_x86_acpi_get());
			source = "tsc vs acpi pm timer";
		}
		if (!hz) {
			hz = measure_pit();
			source = hz ? "tsc vs pit" : "unknown frequency";
		}
	}
	if (how)
		*how = source;
	return hz;
}
