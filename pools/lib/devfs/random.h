/* SPDX-License-Identifier: MIT */
#ifndef DEVFS_RANDOM_H
#define DEVFS_RANDOM_H

#include <stddef.h>

/* Seeds the generator from the tick counter, and RDRAND where the CPU has it. */
void devfs_random_seed(void);
void devfs_random_fill(void *buf, size_t len);

#endif
