/* SPDX-License-Identifier: MIT */
/*
 * What the workload needs from where it runs: guest.c in the unikernel
 * (the ukalloc API: usable sizes, statistics, boot-time heap), host.c in
 * a Linux process (glibc: a clock, nothing to check).
 */
#ifndef ALLOCBENCH_TARGET_H
#define ALLOCBENCH_TARGET_H

#include <stddef.h>
#include <stdint.h>

/* Monotonic time in nanoseconds. */
uint64_t target_now_ns(void);

/* Prints what the workload runs on ("heap: tlsf (boot-time: region)"). */
void target_describe(void);

/*
 * Check mode: the target follows every block the workload holds to
 * compare the allocator's own accounting with it. Each returns the number
 * of failed checks (and prints them).
 */
unsigned long target_check_begin(void);
unsigned long target_block_added(void *p, size_t size);
void target_block_removed(void *p);
/* live: blocks the workload holds; refused: requests refused for memory. */
unsigned long target_check_stats(unsigned long live, unsigned long refused);

#endif
