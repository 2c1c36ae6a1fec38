/* SPDX-License-Identifier: MIT */
/* Private to uklcpu: CPU states and what lcpu.c asks of smp.c. */
#ifndef UKLCPU_SMP_H
#define UKLCPU_SMP_H

#include <uk/lcpu.h>

/* struct uk_lcpu.state */
#define UK_LCPU_OFFLINE  0
#define UK_LCPU_STARTING 1    /* asked to start, not reported in yet */
#define UK_LCPU_IDLE     2    /* in the idle loop */
#define UK_LCPU_BUSY     3    /* running main() or a started function */

#if CONFIG_UKLCPU_SMP
/* Queues w for CPU c and interrupts it. */
void lcpu_smp_post(struct uk_lcpu *c, struct uk_lcpu_work *w);
/* Interrupts CPU c (which then looks at its queue and idle state). */
void lcpu_smp_kick(struct uk_lcpu *c);
/* Runs the calls queued for the running CPU, c (interrupts off). */
void lcpu_smp_run_calls(struct uk_lcpu *c);
#endif

#endif
