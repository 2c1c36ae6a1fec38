/* SPDX-License-Identifier: MIT */
/*
 * The clocks: platform ticks to nanoseconds with a 32.32 fixed-point
 * factor computed on first use (so that a frequency measurement, where
 * one is needed, never runs on the path to main()), and the wall clock as
 * an offset to the monotonic one.
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/plat.h>
#include <uk/spinlock.h>
#include <uk/assert.h>
#include <errno.h>

static uint64_t ns_per_tick;     /* 32.32 fixed point */
static uint64_t ticks_per_ns;    /* 32.32 fixed point */

/*
 * (a * b + add) >> 32, truncated to 64 bits, from the four 32 x 32-bit
 * products: the 32-bit architectures have no 128-bit integer type. The
 * low product plus add cannot overflow: it is below 2^64 - 2^33 + 2^32.
 */
static uint64_t mul_shr32(uint64_t a, uint64_t b, uint32_t add)
{
	uint64_t al = (uint32_t)a, ah = a >> 32;
	uint64_t bl = (uint32_t)b, bh = b >> 32;

	return ((ah * bh) << 32) + al * bh + ah * bl + ((al * bl + add) >> 32);
}

/* Once, by whichever CPU asks first; the others wait for its result. */
static void find_frequency(void)
{
	static uk_spinlock_t lock = UK_SPINLOCK_INITIALIZER;
	unsigned long flags = uk_spin_lock_irqsave(&lock);
	const char *how = "?";
	uint64_t hz;

	if (ns_per_tick)
		goto out;
	hz = ukplat_ticks_hz(&how);
	if (!hz)
		UK_CRASH("the tick counter's frequency is unknown (%s): "
			 "no time can be measured", how);
	/* (hz << 32) / 10^9 in two steps: hz << 32 may not fit 64 bits. */
	ticks_per_ns = ((hz / UK_NSEC_PER_SEC) << 32) +
		       ((hz % UK_NSEC_PER_SEC) << 32) / UK_NSEC_PER_SEC;
	/* Last: the unlocked readers test it. */
	__atomic_store_n(&ns_per_tick, (UK_NSEC_PER_SEC << 32) / hz,
			 __ATOMIC_RELEASE);
out:
	uk_spin_unlock_irqrestore(&lock, flags);
}

uint64_t uk_time_now(void)
{
	uint64_t d;

	if (unlikely(!__atomic_load_n(&ns_per_tick, __ATOMIC_ACQUIRE)))
		find_frequency();
	d = ukplat_ticks() - ukplat_ticks_at_entry();
	return mul_shr32(d, ns_per_tick, 0);
}

uint64_t uk_time_ticks_at(uint64_t deadline)
{
	if (unlikely(!__atomic_load_n(&ns_per_tick, __ATOMIC_ACQUIRE)))
		find_frequency();
	/* Rounded up: a device set from this never fires early. */
	return ukplat_ticks_at_entry() +
	       mul_shr32(deadline, ticks_per_ns, 0xffffffffu) + 1;
}

static const struct uk_wallclock *wallclock;

int uk_wallclock_register(const struct uk_wallclock *wc)
{
	if (wallclock)
		return -EBUSY;
	wallclock = wc;
	return 0;
}

const char *uk_time_wall_source(void)
{
	return wallclock ? wallclock->name : NULL;
}

int uk_time_wall(uint64_t *ns)
{
	static bool read;
	static int error;
	static uint64_t offset;   /* wall - monotonic */

	if (!read) {
		uint64_t w = 0;

		error = wallclock ? wallclock->read(&w) : -ENODEV;
		if (!error)
			offset = w - uk_time_now();
		read = true;
	}
	if (error)
		return error;
	*ns = uk_time_now() + offset;
	return 0;
}

int uk_time_clock(int clk, uint64_t *ns)
{
	switch (clk) {
	case UK_CLOCK_REALTIME:
	case UK_CLOCK_REALTIME_COARSE:
		return uk_time_wall(ns);
	case UK_CLOCK_MONOTONIC:
	case UK_CLOCK_MONOTONIC_RAW:
	case UK_CLOCK_MONOTONIC_COARSE:
	case UK_CLOCK_BOOTTIME:
	case UK_CLOCK_PROCESS_CPUTIME_ID:
	case UK_CLOCK_THREAD_CPUTIME_ID:
		*ns = uk_time_now();
		return 0;
	default:
		return -EINVAL;
	}
}

int uk_time_from_sec_nsec(int64_t sec, int64_t nsec, uint64_t *ns)
{
	if (sec < 0 || nsec < 0 || (uint64_t)nsec >= UK_NSEC_PER_SEC)
		return -EINVAL;
	if ((uint64_t)sec > UINT64_MAX / UK_NSEC_PER_SEC - 1)
		*ns = UINT64_MAX;
	else
		*ns = (uint64_t)sec * UK_NSEC_PER_SEC + (uint64_t)nsec;
	return 0;
}

/*
 * Day count of a date: shift the year to start in March (so the leap day
 * is last), count whole 400-year eras (146097 days each), then the day of
 * the era from the year of the era and the day of that shifted year.
 */
int64_t uk_time_days_from_civil(int64_t year, unsigned int month,
				unsigned int day)
{
	int64_t y = month <= 2 ? year - 1 : year;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                              /* 0..399 */
	int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 +
		      day - 1;                                    /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      /* 0..146096 */

	return era * 146097 + doe - 719468;   /* 719468: 0000-03-01 to 1970 */
}
