/* SPDX-License-Identifier: MIT */
/* The cooperative scheduler (a uksched implementation). */
#ifndef UK_SCHEDCOOP_H
#define UK_SCHEDCOOP_H

#include <uk/sched.h>

/* A new instance, its memory from `a`; NULL when out of memory. Start it
 * on a CPU with uk_sched_start(). */
struct uk_sched *uk_schedcoop_create(struct uk_alloc *a);

#endif
