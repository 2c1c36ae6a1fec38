/* SPDX-License-Identifier: MIT */
/*
 * Context-switch time in the guest, measured two ways, printed in the
 * format of host.c (the same ping-pongs between two pthreads on Linux):
 *
 *   yield:     two threads that do nothing but yield to each other;
 *   semaphore: two threads passing a token through two semaphores, each
 *              blocking until the other wakes it (a futex ping-pong's
 *              counterpart).
 *
 * Each figure is the elapsed time over the context switches the
 * scheduler counted (checked against the expected 2 per round).
 */
#include <stdio.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/semaphore.h>
#include <uk/timer.h>
#include "threads.h"

static unsigned long rounds;

static void *yielder(void *arg)
{
	unsigned long i;

	for (i = 0; i < rounds; i++)
		uk_thread_yield();
	return NULL;
}

static struct uk_semaphore ping, pong;

static void *ponger(void *arg)
{
	unsigned long i;

	for (i = 0; i < rounds; i++) {
		uk_semaphore_down(&ping);
		uk_semaphore_up(&pong);
	}
	return NULL;
}

static int report(const char *what, uint64_t ns, uint64_t switches)
{
	printf("bench: %s: %lu switches in %lu us: %lu ns per switch\n", what,
	       (unsigned long)switches, (unsigned long)(ns / 1000),
	       (unsigned long)(switches ? ns / switches : 0));
	/* Two per round, give or take the few around the start and end (and
	 * with preemption one per slice that ends before a yield). */
	if (switches + 8 < 2 * rounds || switches > 2 * rounds + rounds / 100 + 8) {
		printf("bench: %s: expected %lu switches\n", what, 2 * rounds);
		return 1;
	}
	return 0;
}

int run_bench(unsigned long n)
{
	struct uk_sched *s = uk_sched_this();
	struct uk_thread *a, *b;
	uint64_t t0, sw0;
	unsigned long i;
	int bad = 0;

	rounds = n;
	printf("bench: scheduler %s, %lu rounds\n", s->name, rounds);

	a = uk_thread_create("yield-a", yielder, NULL);
	b = uk_thread_create("yield-b", yielder, NULL);
	uk_thread_yield();      /* both run from here until they end */
	t0 = uk_time_now();
	sw0 = uk_sched_switches(s);
	uk_thread_join(a, NULL);
	uk_thread_join(b, NULL);
	bad |= report("yield", uk_time_now() - t0, uk_sched_switches(s) - sw0);

	uk_semaphore_init(&ping, 0);
	uk_semaphore_init(&pong, 0);
	a = uk_thread_create("pong", ponger, NULL);
	uk_thread_yield();      /* it waits for the first ping */
	t0 = uk_time_now();
	sw0 = uk_sched_switches(s);
	for (i = 0; i < rounds; i++) {
		uk_semaphore_up(&ping);
		uk_semaphore_down(&pong);
	}
	bad |= report("semaphore", uk_time_now() - t0,
		      uk_sched_switches(s) - sw0);
	uk_thread_join(a, NULL);
	return bad;
}
