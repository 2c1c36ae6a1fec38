/* SPDX-License-Identifier: MIT */
/*
 * Clocks and sleeping, over uktimer (pools/lib/uktimer): the functions
 * exist in an image whose configuration has LIBUKTIMER (an application
 * that calls them selects it). CLOCK_MONOTONIC counts from the image's
 * first instruction; CLOCK_REALTIME and time() need a wall clock (an RTC;
 * -1 with errno EINVAL or, for time(), EOVERFLOW without one). With a
 * scheduler, sleeping blocks only the calling thread.
 */
#ifndef _TIME_H
#define _TIME_H

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

time_t time(time_t *t);
int clock_gettime(clockid_t clk, struct timespec *ts);
int clock_getres(clockid_t clk, struct timespec *res);
/* Sleeps for *req; nothing interrupts it, so *rem is never written. */
int nanosleep(const struct timespec *req, struct timespec *rem);

#ifdef __cplusplus
}
#endif
#endif /* _TIME_H */
