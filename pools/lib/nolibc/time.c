/* SPDX-License-Identifier: MIT */
/*
 * time.h, sys/time.h and the sleeps of unistd.h over uktimer: the
 * monotonic clock since the first instruction, the wall clock, and
 * uk_time_sleep(), which blocks the calling thread when a scheduler runs
 * and halts the CPU otherwise. Compiled when the image has uktimer.
 */
#include <time.h>
#include <sys/time.h>
#include <unistd.h>
#include <errno.h>
#include <uk/timer.h>


int clock_gettime(clockid_t clk, struct timespec *ts)
{
	uint64_t ns;

	if (uk_time_clock(clk, &ns)) {
		errno = EINVAL;
		return -1;
	}
	ts->tv_sec = (time_t)(ns / UK_NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % UK_NSEC_PER_SEC);
	return 0;
}

/* Both clocks count in nanoseconds (uk/timer.h). */
int clock_getres(clockid_t clk, struct timespec *res)
{
	uint64_t ns;

	if (uk_time_clock(clk, &ns)) {
		errno = EINVAL;
		return -1;
	}
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = 1;
	}
	return 0;
}

time_t time(time_t *t)
{
	uint64_t ns;
	time_t now;

	if (uk_time_wall(&ns)) {
		errno = EOVERFLOW;
		now = (time_t)-1;
	} else {
		now = (time_t)(ns / UK_NSEC_PER_SEC);
	}
	if (t)
		*t = now;
	return now;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t ns;

	if (tz || uk_time_wall(&ns)) {
		errno = EINVAL;
		return -1;
	}
	tv->tv_sec = (time_t)(ns / UK_NSEC_PER_SEC);
	tv->tv_usec = (suseconds_t)(ns % UK_NSEC_PER_SEC / 1000);
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	uint64_t ns;

	if (uk_time_from_sec_nsec(req->tv_sec, req->tv_nsec, &ns)) {
		errno = EINVAL;
		return -1;
	}
	/* Never interrupted: *rem, for what is left then, stays untouched
	 * (POSIX writes it only when a signal cuts the sleep short). */
	(void)rem;
	uk_time_sleep(ns);
	return 0;
}

unsigned int sleep(unsigned int seconds)
{
	uk_time_sleep((uint64_t)seconds * UK_NSEC_PER_SEC);
	return 0;
}

int usleep(useconds_t usec)
{
	uk_time_sleep((uint64_t)usec * 1000);
	return 0;
}
