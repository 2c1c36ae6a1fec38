/* SPDX-License-Identifier: MIT */
/*
 * The TSC is the tick counter: entry.S stamps it as the image's very first
 * action, so "time to main" covers all of the image's own boot work.
 *
 * Its frequency is needed only to print durations. In order of preference:
 *  1. CPUID (leaf 0x15/0x16, hypervisor leaf 0x40000010): no measurement;
 *  2. ACPI PM timer (fixed 3.579545 MHz, -M pc): 500 us measurement;
 *  3. PIT channel 2 (1.193182 MHz): 500 us measurement;
 *  4. unknown (0): callers print raw ticks.
 * The measurement runs on first use only, never before main() is stamped.
 */
#include <uk/plat.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/io.h>
#include <uk/arch/tsc.h>
#include "x86.h"

#define PM_TIMER_HZ 3579545
#define PIT_HZ      1193182
#define WINDOW_US   500

uint64_t ukplat_ticks(void)
{
	return x86_rdtsc();
}

uint64_t ukplat_ticks_at_entry(void)
{
	return kvm_x86_entry_tsc;
}

static uint64_t measure_pm_timer(const struct kvm_x86_acpi *acpi)
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

#define PIT_CH2_DATA 0x42
#define PIT_CMD      0x43
#define PIT_GATE_PORT 0x61     /* bit 0 gate of ch2, bit 5 its output */

static uint64_t measure_pit(void)
{
	uint16_t count = (uint64_t)PIT_HZ * WINDOW_US / 1000000;
	uint8_t gate = inb(PIT_GATE_PORT);
	uint64_t t0, t1, spins = 0;

	if (gate == 0xff)          /* no port 0x61 behind this address */
		return 0;
	/* Channel 2, lo/hi byte, mode 0 (output rises at terminal count). */
	outb(PIT_GATE_PORT, (gate & ~0x02) | 0x01);
	outb(PIT_CMD, 0xb0);
	outb(PIT_CH2_DATA, count & 0xff);
	outb(PIT_CH2_DATA, count >> 8);
	t0 = x86_rdtsc();
	if (inb(PIT_GATE_PORT) & 0x20)
		return 0;          /* output already high: no working PIT */
	while (!(inb(PIT_GATE_PORT) & 0x20))
		if (++spins > 100000000)
			return 0;
	t1 = x86_rdtsc();
	outb(PIT_GATE_PORT, gate);
	return (t1 - t0) * PIT_HZ / count;
}

uint64_t ukplat_ticks_hz(const char **how)
{
	static uint64_t hz;
	static const char *source = "unknown frequency";

	if (!hz) {
		hz = x86_tsc_hz_cpuid(&source);
		if (!hz && kvm_x86_acpi_get()->pm_tmr_port) {
			hz = measure_pm_timer(kvm_x86_acpi_get());
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
