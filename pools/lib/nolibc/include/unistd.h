/* SPDX-License-Identifier: MIT */
/* The few POSIX calls a unikernel without files has: sleeping (over
 * uktimer, see time.h). */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Both return 0: nothing interrupts a sleep. */
unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);

#ifdef __cplusplus
}
#endif
#endif /* _UNISTD_H */
