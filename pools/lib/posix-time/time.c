/* SPDX-License-Identifier: MIT */
/*
 * The clocks and sleeping of a program, as the Linux system calls over
 * uktimer. The structures are those of the kernel's 64-bit ABI, written
 * out here so that the library builds against any C library.
 *
 * Clocks: those of uk_time_clock(), shared with nolibc: CLOCK_REALTIME
 * (and _COARSE) is the wall clock, CLOCK_MONOTONIC (and _RAW, _COARSE,
 * BOOTTIME) nanoseconds since the image's first instruction, and so are
 * the process's and the thread's CPU-time clocks (the image is alone on
 * its CPU). The clocks of other processes are not here: -EINVAL, as Linux
 * answers for a clock it does not know. Sleeping on the thread's CPU-time
 * clock is -EINVAL, as on Linux.
 *
 * Sleeping is uk_time_sleep*(): the CPU halts until the time has passed,
 * or with a scheduler the calling thread blocks; nothing interrupts it,
 * so the remaining time is never written.
 */
#include <uk/syscall.h>
#include <uk/timer.h>
#include <errno.h>

#define TIMER_ABSTIME            1

struct k_timespec {
	long tv_sec;
	long tv_nsec;
};

struct k_timeval {
	long tv_sec;
	long tv_usec;
};

static void to_timespec(uint64_t ns, struct k_timespec *ts)
{
	ts->tv_sec = (long)(ns / UK_NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % UK_NSEC_PER_SEC);
}

/* A duration or time from the caller (uk_time_from_sec_nsec()). */
static int from_timespec(const struct k_timespec *ts, uint64_t *ns)
{
	return uk_time_from_sec_nsec(ts->tv_sec, ts->tv_nsec, ns);
}

UK_SYSCALL_R_DEFINE(int, clock_gettime, int, clk, struct k_timespec *, tp)
{
	uint64_t ns;
	int rc = uk_time_clock(clk, &ns);

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

	if (uk_time_clock(clk, &ns))
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
	if (clk == UK_CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	if (uk_time_clock(clk, &now) || from_timespec(req, &ns))
		return -EINVAL;
	if (!(flags & TIMER_ABSTIME)) {
		uk_time_sleep(ns);
		return 0;
	}
	/* An absolute wall-clock time: wait for its distance from now on the monotonic clock. */
	if (clk == UK_CLOCK_REALTIME || clk == UK_CLOCK_REALTIME_COARSE) {
		wall = now;
		now = uk_time_now();
		ns = ns > wall ? now + (ns - wall) : now;
	}
	uk_time_sleep_until(ns);
	return 0;
}

#if defined(__x86_64__)
/* x86_64's old call for the wall clock's seconds, which glibc's time()
 * makes when there is no vDSO. */
UK_SYSCALL_R_DEFINE(long, time, long *, t)
{
	uint64_t ns;

	if (uk_time_wall(&ns))
		return -EINVAL;
	if (t)
		*t = (long)(ns / UK_NSEC_PER_SEC);
	return (long)(ns / UK_NSEC_PER_SEC);
}
#endif
