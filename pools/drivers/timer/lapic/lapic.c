/* SPDX-License-Identifier: MIT */
/*
 * The local APIC timer as uktimer's device, when the APIC is the image's
 * interrupt controller (the platform describes it as PNP0003, the APIC,
 * to the timer subsystem, before the PIT). In TSC-deadline mode (CPUID.1:ECX[24], e.g. under
 * KVM) the deadline goes to IA32_TSC_DEADLINE as a TSC value. Otherwise
 * (TCG) the timer runs one-shot at divide 1, at a rate measured against
 * the TSC on the first set(), never on the path to main(). Each CPU has
 * its own: set() and stop() program the calling CPU's.
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/intctlr.h>
#include <uk/intctlr/apic.h>
#include <uk/driver.h>
#include <uk/plat.h>
#include <uk/spinlock.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/arch/lcpu.h>
#include <errno.h>

#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define MSR_TSC_DEADLINE        0x6e0
#define LVT_TSC_DEADLINE        (2u << 17)
#define DIVIDE_BY_1             0xb
#define MEASURE_US              500

static bool tsc_deadline;
static uint64_t apic_hz;

/*
 * The timer's count and the TSC at the moment it was read. The read is
 * an access to the emulated APIC, and the host may stop the vCPU around
 * it (preempted, or waiting for the emulator's lock): a TSC reading
 * taken that much apart from the count's would skew the rate by the
 * whole pause (tens of times too slow a rate turns every timer into a
 * storm of early interrupts). So the read is bracketed by two TSC
 * readings and retried while they are more than `max_gap` apart.
 */
static uint32_t count_at(uint64_t max_gap, uint64_t *tsc)
{
	uint64_t before, after;
	uint32_t count;
	int tries = 0;

	do {
		before = x86_rdtsc();
		count = apic_lapic_read(LAPIC_TIMER_CUR);
		after = x86_rdtsc();
	} while (after - before > max_gap && ++tries < 100);
	*tsc = before + (after - before) / 2;
	return count;
}

/*
 * Counts of the timer against TSC ticks over MEASURE_US microseconds, by
 * the first CPU to need it (every local APIC timer runs at the same rate).
 */
static void measure(void)
{
	static uk_spinlock_t lock = UK_SPINLOCK_INITIALIZER;
	uint64_t tsc_hz, t0, t1, window;
	uint32_t c0, c1;

	uk_spin_lock(&lock);
	if (apic_hz) {
		uk_spin_unlock(&lock);
		return;
	}
	tsc_hz = ukplat_ticks_hz(NULL);
	if (!tsc_hz)
		UK_CRASH("lapic timer: the TSC frequency is unknown, so the "
			 "APIC timer's cannot be measured");
	window = tsc_hz / (1000000 / MEASURE_US);
	apic_lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
	/* At most 1/32 of the window between a count and its TSC: 3 %. */
	c0 = count_at(window / 32, &t0);
	while (x86_rdtsc() - t0 < window)
		ukarch_spinwait();
	c1 = count_at(window / 32, &t1);
	apic_lapic_write(LAPIC_TIMER_INIT, 0);
	__atomic_store_n(&apic_hz, (uint64_t)((unsigned __int128)(c0 - c1) *
					      tsc_hz / (t1 - t0)),
			 __ATOMIC_RELEASE);
	uk_spin_unlock(&lock);
	uk_pr_info("lapic timer: %lu kHz\n", (unsigned long)(apic_hz / 1000));
}

static void lapic_set(uint64_t deadline)
{
	uint64_t now, count;

	if (tsc_deadline) {
		x86_wrmsr(MSR_TSC_DEADLINE, uk_time_ticks_at(deadline));
		return;
	}
	if (!__atomic_load_n(&apic_hz, __ATOMIC_ACQUIRE))
		measure();
	now = uk_time_now();
	/* Rounded up, at least 1 (0 would stop the timer). */
	count = deadline > now
		? (uint64_t)(((unsigned __int128)(deadline - now) * apic_hz +
			      UK_NSEC_PER_SEC - 1) / UK_NSEC_PER_SEC)
		: 1;
	if (!count)
		count = 1;
	apic_lapic_write(LAPIC_TIMER_INIT,
			 count > 0xffffffff ? 0xffffffff : (uint32_t)count);
}

static void lapic_stop(void)
{
	if (tsc_deadline)
		x86_wrmsr(MSR_TSC_DEADLINE, 0);
	else
		apic_lapic_write(LAPIC_TIMER_INIT, 0);
}

/*
 * The running CPU's timer: divider and mode. The mask bit is left as it
 * is: the interrupt library unmasks the timer's IRQ on each CPU.
 */
static void lapic_timer_init(void)
{
	uint32_t masked = apic_lapic_read(LAPIC_LVT_TIMER) & LAPIC_LVT_MASKED;

	apic_lapic_write(LAPIC_TIMER_DIV, DIVIDE_BY_1);
	apic_lapic_write(LAPIC_LVT_TIMER, masked |
			 (tsc_deadline ? LVT_TSC_DEADLINE : 0) |
			 (UK_INTCTLR_X86_VECTOR_BASE + APIC_IRQ_TIMER));
}

static const struct uk_timer_dev lapic_timer = {
	.name = "lapic",
	.set = lapic_set,
	.stop = lapic_stop,
	.cpu_init = lapic_timer_init,
};

static int lapic_timer_irq(void *arg, struct ukarch_regs *regs)
{
	uk_timer_dev_interrupt();
	return 1;
}

static int lapic_timer_probe(const struct uk_device *dev)
{
	uint32_t a, b, c, d;
	int rc;

	if (!apic_active())
		return -ENODEV;
	x86_cpuid(1, 0, &a, &b, &c, &d);
	tsc_deadline = c & CPUID1_ECX_TSC_DEADLINE;
	lapic_timer_init();   /* masked by the controller's probe */
	rc = uk_intctlr_irq_register(APIC_IRQ_TIMER, lapic_timer_irq, NULL);
	if (rc)
		return rc;
	return uk_timer_dev_register(&lapic_timer);
}

static const char *const compatible[] = { "PNP0003", NULL };
UK_DRIVER(lapic, UK_DRIVER_TIMER, compatible, lapic_timer_probe);
