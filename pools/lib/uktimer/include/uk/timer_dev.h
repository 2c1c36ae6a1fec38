/* SPDX-License-Identifier: MIT */
/*
 * For drivers: the one-shot timer device and the wall-clock source behind
 * uk/timer.h. Timer and real-time clock drivers are UK_DRIVER entries
 * (subsystems UK_DRIVER_TIMER, UK_DRIVER_RTC of uk/driver.h) that the
 * platform probes from its init class, priority 1, after the interrupt
 * controller; the probe that succeeds registers here. One of each.
 */
#ifndef UK_TIMER_DEV_H
#define UK_TIMER_DEV_H

#include <uk/essentials.h>

struct uk_timer_dev {
	const char *name;
	/*
	 * Raise one interrupt when the monotonic clock (uk_time_now())
	 * reaches `deadline`, at once if it has. Never late; earlier is
	 * allowed (a deadline beyond the device's range), the library then
	 * sets it again. Replaces any previous setting. Called with
	 * interrupts disabled.
	 */
	void (*set)(uint64_t deadline);
	/* No interrupt until the next set(). */
	void (*stop)(void);
	/*
	 * SMP: set up the calling secondary CPU's own timer, interrupts
	 * off (its interrupt is unmasked there by the interrupt library).
	 * set() and stop() then act on the calling CPU's timer. NULL: the
	 * device serves the boot CPU only (the PIT).
	 */
	void (*cpu_init)(void);
};

/* 0, or -EBUSY if a device is registered already. */
int uk_timer_dev_register(const struct uk_timer_dev *dev);

/* The device's interrupt handler calls this (interrupts disabled): runs
 * the expired timers and sets the device for the next one. */
void uk_timer_dev_interrupt(void);

/*
 * The platform counter value (ukplat_ticks()) at monotonic time
 * `deadline`: for devices that compare against that counter (arm64
 * generic timer, x86 TSC deadline).
 */
uint64_t uk_time_ticks_at(uint64_t deadline);

struct uk_wallclock {
	const char *name;
	/* Nanoseconds since the Unix epoch, UTC: 0 or a negative errno. */
	int (*read)(uint64_t *ns);
};

/* 0, or -EBUSY if a source is registered already. */
int uk_wallclock_register(const struct uk_wallclock *wc);

/* Days from 1970-01-01 to a proleptic Gregorian date (month 1-12). */
int64_t uk_time_days_from_civil(int64_t year, unsigned int month,
				unsigned int day);

#endif /* UK_TIMER_DEV_H */
