/* SPDX-License-Identifier: MIT */
/*
 * The guest's context-switch figures (bench.c) measured between two
 * pthreads of a Linux process, in the same output format (host.mk builds
 * it; bench/sched.mjs runs both):
 *
 *   yield:     two threads calling sched_yield();
 *   semaphore: a token passed through two POSIX semaphores (futexes);
 *   pipe:      a byte passed through two pipes.
 *
 * Both threads are pinned to one CPU, so that every hand-over is a
 * context switch on that CPU (not a wake-up on another core). Switches
 * are counted by the kernel (getrusage(RUSAGE_THREAD)), not assumed.
 *
 *   threads-host bench [ROUNDS]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static unsigned long rounds;
static int cpu;
static sem_t ping, pong;
static int to_b[2], to_a[2];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static long switches_so_far(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_nvcsw + ru.ru_nivcsw;
}

static void pin(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

struct side {
	void (*body)(int first);
	int first;
	long switches;
};

static pthread_barrier_t start;

static void *run_side(void *arg)
{
	struct side *s = arg;
	long before;

	pin();
	pthread_barrier_wait(&start);
	before = switches_so_far();
	s->body(s->first);
	s->switches = switches_so_far() - before;
	return NULL;
}

static void yield_body(int first)
{
	unsigned long i;

	for (i = 0; i < rounds; i++)
		sched_yield();
}

static void sem_body(int first)
{
	unsigned long i;

	for (i = 0; i < rounds; i++) {
		if (first) {
			sem_post(&ping);
			sem_wait(&pong);
		} else {
			sem_wait(&ping);
			sem_post(&pong);
		}
	}
}

static void pipe_body(int first)
{
	unsigned long i;
	char c = 0;

	for (i = 0; i < rounds; i++) {
		if (first) {
			if (write(to_b[1], &c, 1) != 1 || read(to_a[0], &c, 1) != 1)
				exit(1);
		} else {
			if (read(to_b[0], &c, 1) != 1 || write(to_a[1], &c, 1) != 1)
				exit(1);
		}
	}
}

static void measure(const char *what, void (*body)(int))
{
	struct side a = { body, 1, 0 }, b = { body, 0, 0 };
	pthread_t ta, tb;
	uint64_t t0, ns;
	long sw;

	pthread_barrier_init(&start, NULL, 3);
	pthread_create(&ta, NULL, run_side, &a);
	pthread_create(&tb, NULL, run_side, &b);
	pthread_barrier_wait(&start);
	t0 = now_ns();
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	ns = now_ns() - t0;
	pthread_barrier_destroy(&start);
	sw = a.switches + b.switches;
	printf("bench: %s: %ld switches in %lu us: %lu ns per switch\n", what,
	       sw, (unsigned long)(ns / 1000),
	       (unsigned long)(sw > 0 ? ns / (uint64_t)sw : 0));
}

int main(int argc, char *argv[])
{
	if (argc < 2 || strcmp(argv[1], "bench")) {
		fprintf(stderr, "usage: %s bench [ROUNDS]\n", argv[0]);
		return 2;
	}
	rounds = argc >= 3 ? strtoul(argv[2], NULL, 0) : 100000;
	cpu = sched_getcpu();
	if (cpu < 0)
		cpu = 0;
	sem_init(&ping, 0, 0);
	sem_init(&pong, 0, 0);
	if (pipe(to_b) || pipe(to_a))
		return 1;
	printf("bench: host pthreads on CPU %d, %lu rounds\n", cpu, rounds);
	measure("yield", yield_body);
	measure("semaphore", sem_body);
	measure("pipe", pipe_body);
	return 0;
}
