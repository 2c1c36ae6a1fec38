/* SPDX-License-Identifier: MIT */
/*
 * The clocks and sleeping of a program, as the Linux system calls over
 * uktimer. The structures are those of the kernel's 64-bit ABI, written
 * out here so that the library builds against any C library.
 *
 * Clocks: CLOCK_REALTIME (and _COARSE) is the wall clock, uk_time_wall();
 * CLOCK_MONOTONIC (and _RAW, _COARSE, BOOTTIME: one CPU that never
 * suspends makes them the same) is uk_time_now(), nanoseconds since the
 * image's first instruction. Process and thread CPU-time clocks and the
 * clocks of other processes are not here: -EINVAL, as Linux answers for
 * a clock it does not know.
 *
 * Sleeping halts the CPU until the time has passed (uk_time_sleep_until);
 * nothing interrupts it, so the remaining time is never written.
 */
#include <uk/syscall.h>
#include <uk/timer.h>
#include <errno.h>

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7

#define TIMER_ABSTIME            1

struct k_timespec {
	long tv_sec;
	long tv_nsec;
};

struct k_timeval {
	long tv_sec;
	long tv_usec;
};

/* The time of `clk` in ns, or -EINVAL / -ENODEV (no wall-clock source). */
static int clock_ns(int clk, uint64_t *ns)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		return uk_time_wall(ns);
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = uk_time_now();
		return 0;
	default:
		return -EINVAL;
	}
}

static void to_timespec(uint64_t ns, struct k_timespec *ts)
{
	ts->tv_sec = (long)(ns / UK_NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % UK_NSEC_PER_SEC);
}

/* A duration or time from the caller: -EINVAL unless 0 <= nsec < 1 s and sec >= 0. */
static int from_timespec(const struct k_timespec *ts, uint64_t *ns)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
	    (uint64_t)ts->tv_nsec >= UK_NSEC_PER_SEC)
		return -EINVAL;
	/* Far beyond any deadline the clocks reach: saturate instead of wrapping. */
	if ((uint64_t)ts->tv_sec > UINT64_MAX / UK_NSEC_PER_SEC - 1)
		*ns = UINT64_MAX;
	else
		*ns = (uint64_t)ts->tv_sec * UK_NSEC_PER_SEC + ts->tv_nsec;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, clock_gettime, int, clk, struct k_timespec *, tp)
{
	uint64_t ns;
	int rc = clock_ns(clk, &ns);

	/* No wall-clock source: Linux has none of these either, EINVAL. */
	if (rc)
		return -EINVAL;
	if (!tp)
		return -EFAULT;
	to_timespec(ns, tp);
	return 0;
}

UK_SYSCALL_R_DEFINE(int, clock_getres, int, clk, struct k_timespec *, res)
{
	uint64_t ns;

	if (clock_ns(clk, &ns))
		return -EINVAL;
	/* The clocks count in nanoseconds. */
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

/* The time zone argument is obsolete; Linux fills it with zeros. */
UK_SYSCALL_R_DEFINE(int, gettimeofday, struct k_timeval *, tv, int *, tz)
{
	uint64_t ns;

	if (tv) {
		if (uk_time_wall(&ns))
			return -EINVAL;
		tv->tv_sec = (long)(ns / UK_NSEC_PER_SEC);
		tv->tv_usec = (long)(ns % UK_NSEC_PER_SEC / UK_NSEC_PER_USEC);
	}
	if (tz) {
		tz[0] = 0;
		tz[1] = 0;
	}
	return 0;
}

UK_SYSCALL_R_DEFINE(int, nanosleep, const struct k_timespec *, req,
		    struct k_timespec *, rem)
{
	uint64_t ns;

	if (!req)
		return -EFAULT;
	if (from_timespec(req, &ns))
		return -EINVAL;
	uk_time_sleep(ns);
	return 0;
}

/* Returns the error itself (not -1 and errno), as the kernel's does. */
UK_SYSCALL_R_DEFINE(int, clock_nanosleep, int, clk, int, flags,
		    const struct k_timespec *, req, struct k_timespec *, rem)
{
	uint64_t now, ns, wall;

	if (!req)
		return -EFAULT;
	if (clock_ns(clk, &now) || from_timespec(req, &ns))
		return -EINVAL;
	if (!(flags & TIMER_ABSTIME)) {
		uk_time_sleep(ns);
		return 0;
	}
	/* An absolute wall-clock time: wait for its distance from now on the monotonic clock. */
	if (clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_COARSE) {
		wall = now;
		now = uk_time_now();
		ns = ns > wall ? now + (ns - wall) : now;
	}
	uk_time_sleep_until(ns);
	return 0;
}
