/* SPDX-License-Identifier: MIT */
/*
 * Threads on every CPU (README.md, "cpus"): each CPU runs a scheduler of
 * its own, a thread pinned to a CPU runs there and says which scheduler
 * runs it, and threads of two CPUs wait for each other (semaphores,
 * join) and share a mutex. A thread that is not pinned, made while its
 * CPU is busy, moves to the idle one, and busy unpinned threads spread
 * over the CPUs. With one CPU only the first part and the moves run.
 */
#include <stdio.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/lcpu.h>
#include <uk/timer.h>
#include <uk/test.h>
#include "threads.h"

struct where {
	unsigned int cpu;
	const char *sched;
	uint64_t switches;
};

/* Reports where it runs, before and after a yield and a sleep. */
static void *report_cpu(void *arg)
{
	struct where *w = arg;
	unsigned int cpu = uk_lcpu_id();

	uk_thread_yield();
	uk_thread_sleep(UK_NSEC_PER_MSEC);
	/* -1: it moved, which a pinned thread never does */
	w->cpu = uk_lcpu_id() == cpu ? cpu : ~0u;
	w->sched = uk_sched_this()->name;
	w->switches = uk_sched_switches(uk_sched_this());
	return w;
}

static struct uk_semaphore ping, pong;
static struct uk_mutex shared_lock = UK_MUTEX_INITIALIZER;
static volatile unsigned long shared_count;
#define STROKES 200
#define INCREMENTS 2000

static void *pong_side(void *arg)
{
	unsigned long i, in_turn = 1;

	for (i = 0; i < STROKES; i++) {
		uk_semaphore_down(&ping);
		in_turn &= uk_lcpu_id() == 1;
		uk_semaphore_up(&pong);
	}
	return (void *)in_turn;
}

static void *add_under_lock(void *arg)
{
	unsigned int i;

	for (i = 0; i < INCREMENTS; i++) {
		uk_mutex_lock(&shared_lock);
		shared_count = shared_count + 1;
		uk_mutex_unlock(&shared_lock);
		if (!(i % 64))
			uk_thread_yield();
	}
	return NULL;
}

/* Where it started, then busy for a while, yielding. */
static void *report_start(void *arg)
{
	unsigned int i;

	*(volatile int *)arg = (int)uk_lcpu_id();
	for (i = 0; i < 20; i++) {
		uint64_t until = uk_time_now() + 200 * UK_NSEC_PER_USEC;

		while (uk_time_now() < until)
			;
		uk_thread_yield();
	}
	return NULL;
}

/*
 * Unpinned threads made by main (its CPU busy running it) while the
 * others idle: each goes to an idle CPU as long as there is one.
 */
static void check_moves(unsigned int n)
{
	volatile int started[2] = { -1, -1 };
	struct uk_thread *t[2];
	unsigned int i, moved = 0;

	/* Every CPU idles for a while, CPU 0 included, then main wakes. */
	uk_thread_sleep(20 * UK_NSEC_PER_MSEC);
	for (i = 0; i < 2; i++) {
		t[i] = uk_thread_create("unpinned", report_start,
					(void *)&started[i]);
		UK_CHECK(t[i], "no unpinned thread\n");
	}
	for (i = 0; i < 2; i++) {
		if (!t[i])
			continue;
		moved += t[i]->migrations;
		uk_thread_join(t[i], NULL);
	}
	printf("unpinned threads made on a busy cpu 0 started on cpus %d "
	       "and %d, %u moves\n", started[0], started[1], moved);
	if (n < 2)
		UK_CHECK(started[0] == 0 && started[1] == 0 && !moved,
			 "a thread moved with one CPU\n");
	else
		UK_CHECK(started[0] == 1 && moved >= 1,
			 "the first unpinned thread did not move to the idle "
			 "CPU 1\n");
}

void check_cpus(void)
{
	unsigned int n = uk_lcpu_count(), cpu, i;
	struct uk_thread *t, *u;
	void *in_turn;

	printf("cpus: %u\n", n);
	for (cpu = 0; cpu < n; cpu++) {
		struct where w = { 0 };
		void *ret = NULL;

		t = uk_thread_create_on(cpu, "pinned", report_cpu, &w);
		UK_CHECK(t, "no thread on CPU %u\n", cpu);
		if (!t)
			continue;
		uk_thread_join(t, &ret);
		UK_CHECK(ret == &w && w.cpu == cpu,
			 "the thread pinned to CPU %u ran on %d\n", cpu,
			 (int)w.cpu);
		printf("cpu %u: the pinned thread reported cpu %d, "
		       "scheduler %s, %lu switches there\n", cpu, (int)w.cpu,
		       w.sched ? w.sched : "none",
		       (unsigned long)w.switches);
	}
	UK_CHECK(!uk_thread_create_on(n, "nowhere", report_cpu, NULL),
		 "a thread was created on CPU %u, which is not online\n", n);
	check_moves(n);
	if (n < 2)
		return;

	/* Cross-CPU wake-ups: each side blocks until the other wakes it. */
	uk_semaphore_init(&ping, 0);
	uk_semaphore_init(&pong, 0);
	t = uk_thread_create_on(1, "pong", pong_side, NULL);
	UK_CHECK(t, "no pong thread on CPU 1\n");
	if (!t)
		return;
	for (i = 0; i < STROKES; i++) {
		uk_semaphore_up(&ping);
		uk_semaphore_down(&pong);
	}
	uk_thread_join(t, &in_turn);
	UK_CHECK(in_turn, "the pong side left CPU 1\n");
	printf("cross-CPU semaphore ping-pong: %u strokes, in turn: %s\n",
	       STROKES, in_turn ? "yes" : "no");

	/* One mutex, a thread on each CPU at once. */
	shared_count = 0;
	t = uk_thread_create_on(0, "adder", add_under_lock, NULL);
	u = uk_thread_create_on(1, "adder", add_under_lock, NULL);
	UK_CHECK(t && u, "no adder threads\n");
	if (!t || !u)
		return;
	uk_thread_join(t, NULL);
	uk_thread_join(u, NULL);
	UK_CHECK(shared_count == 2 * INCREMENTS,
		 "a mutex shared by two CPUs lost updates: %lu of %u\n",
		 (unsigned long)shared_count, 2 * INCREMENTS);
	printf("cross-CPU mutex: %lu increments of %u\n",
	       (unsigned long)shared_count, 2 * INCREMENTS);
}

int run_cpu_checks(void)
{
	printf("scheduler: %s, main runs in thread \"%s\"\n",
	       uk_sched_this()->name, uk_thread_current()->name);
	check_cpus();
	return uk_test_summary("threads");
}
