/* SPDX-License-Identifier: MIT */
/* The preemptive round-robin scheduler (a uksched implementation). */
#ifndef UK_SCHEDPREEMPT_H
#define UK_SCHEDPREEMPT_H

#include <uk/sched.h>

/*
 * A new instance with time slices of `slice_ns`, its memory from `a`;
 * NULL when out of memory. Start it on a CPU with uk_sched_start().
 */
struct uk_sched *uk_schedpreempt_create_slice(struct uk_alloc *a,
					      uint64_t slice_ns);

/* The same with CONFIG_UKSCHEDPREEMPT_SLICE_US. */
struct uk_sched *uk_schedpreempt_create(struct uk_alloc *a);

#endif
