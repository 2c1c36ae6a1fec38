/* SPDX-License-Identifier: MIT */
/* gettimeofday over the wall clock (see time.h: needs LIBUKTIMER). */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct timeval {
	time_t tv_sec;
	suseconds_t tv_usec;
};

/* tz must be NULL (time zones are not kept). */
int gettimeofday(struct timeval *tv, void *tz);

#ifdef __cplusplus
}
#endif
#endif /* _SYS_TIME_H */
