/* SPDX-License-Identifier: MIT */
/*
 * POSIX threads as a program for Linux uses them: the same file is built
 * by the host's gcc (glibc), by musl-gcc, and as a unikernel image with
 * musl on the image's scheduler, and all must print the same lines and
 * end with the same status. Only results that do not depend on the
 * order in which threads ran are printed.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WORKERS 4
#define ROUNDS 20000
#define ITEMS 500
#define SLOTS 4

static int failures;

static void check(int ok, const char *what)
{
	if (!ok) {
		printf("FAILED: %s\n", what);
		failures++;
	}
}

/* ---- __thread variables ----------------------------------------------- */

static __thread int tls_value = 7;
static __thread char tls_name[32];
static __thread long long tls_aligned __attribute__((aligned(64)));

/* ---- a counter under a mutex; join results --------------------------- */

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *worker(void *arg)
{
	intptr_t id = (intptr_t)arg;
	int i;

	/* Each thread starts from the initial values, and keeps its own. */
	check(tls_value == 7 && tls_name[0] == 0 && tls_aligned == 0,
	      "a new thread's __thread variables start from their initial values");
	check(((uintptr_t)&tls_aligned & 63) == 0, "an aligned __thread variable");
	tls_value = (int)id * 10;
	snprintf(tls_name, sizeof(tls_name), "worker %d", (int)id);
	errno = 100 + (int)id;
	for (i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&counter_lock);
		counter++;
		pthread_mutex_unlock(&counter_lock);
		if (i % 1000 == 0)
			sched_yield();
	}
	check(errno == 100 + id, "errno is the thread's own");
	check(tls_value == (int)id * 10, "a thread's __thread variable keeps its value");
	if (id == 3)
		pthread_exit((void *)(intptr_t)(id * 1000 + 1));
	return (void *)(intptr_t)(id * 1000 + (intptr_t)strlen(tls_name));
}

static void counting(void)
{
	pthread_t t[WORKERS];
	void *res;
	intptr_t i;

	for (i = 0; i < WORKERS; i++)
		check(pthread_create(&t[i], NULL, worker, (void *)i) == 0, "pthread_create");
	for (i = 0; i < WORKERS; i++) {
		check(pthread_join(t[i], &res) == 0, "pthread_join");
		printf("worker %d returned %ld\n", (int)i, (long)(intptr_t)res);
	}
	printf("counter: %ld (expected %d)\n", counter, WORKERS * ROUNDS);
	printf("main's __thread variable: %d, name \"%s\"\n", tls_value, tls_name);
}

/* ---- producer and consumer over condition variables -------------------- */

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_not_full = PTHREAD_COND_INITIALIZER;
static int q_items[SLOTS], q_head, q_count;

static void *producer(void *arg)
{
	int i;

	for (i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_count == SLOTS)
			pthread_cond_wait(&q_not_full, &q_lock);
		q_items[(q_head + q_count++) % SLOTS] = i;
		pthread_cond_signal(&q_not_empty);
		pthread_mutex_unlock(&q_lock);
	}
	return arg;
}

static void *consumer(void *arg)
{
	long sum = 0, order_ok = 1;
	int i, v, last = 0;

	for (i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_count == 0)
			pthread_cond_wait(&q_not_empty, &q_lock);
		v = q_items[q_head];
		q_head = (q_head + 1) % SLOTS;
		q_count--;
		pthread_cond_signal(&q_not_full);
		pthread_mutex_unlock(&q_lock);
		order_ok &= v == last + 1;
		last = v;
		sum += v;
	}
	*(long *)arg = order_ok ? sum : -sum;
	return NULL;
}

static void queueing(void)
{
	pthread_t p, c;
	long sum = 0;
	void *res;

	pthread_create(&c, NULL, consumer, &sum);
	pthread_create(&p, NULL, producer, (void *)"producer");
	pthread_join(p, &res);
	pthread_join(c, NULL);
	printf("consumer's sum, in order: %ld; producer returned \"%s\"\n", sum, (char *)res);
}

/* ---- broadcast to many waiters, and a timed wait ------------------------- */

static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate = PTHREAD_COND_INITIALIZER;
static int gate_open, waiting;

static void *gate_waiter(void *arg)
{
	pthread_mutex_lock(&gate_lock);
	waiting++;
	while (!gate_open)
		pthread_cond_wait(&gate, &gate_lock);
	pthread_mutex_unlock(&gate_lock);
	return arg;
}

static void broadcasting(void)
{
	pthread_t t[3];
	struct timespec ts;
	int i, n, r;

	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, gate_waiter, NULL);
	for (;;) {
		pthread_mutex_lock(&gate_lock);
		n = waiting;
		pthread_mutex_unlock(&gate_lock);
		if (n == 3)
			break;
		sched_yield();
	}
	pthread_mutex_lock(&gate_lock);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20 * 1000 * 1000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	r = pthread_cond_timedwait(&gate, &gate_lock, &ts);
	printf("a timed wait nobody signals: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r));
	gate_open = 1;
	pthread_cond_broadcast(&gate);
	pthread_mutex_unlock(&gate_lock);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("broadcast woke %d waiters\n", waiting);
}

/* ---- detached threads, once, keys with destructors, mutex kinds ---------- */

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static int detached_done, once_runs, destructor_runs;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t key;

static void once_fn(void)
{
	once_runs++;
}

static void destructor(void *v)
{
	pthread_mutex_lock(&done_lock);
	destructor_runs += (int)(intptr_t)v;
	pthread_mutex_unlock(&done_lock);
}

static void *detached(void *arg)
{
	pthread_once(&once, once_fn);
	pthread_setspecific(key, arg);
	/* Let the others through the once first. */
	sched_yield();
	pthread_mutex_lock(&done_lock);
	detached_done++;
	pthread_cond_signal(&done_cond);
	pthread_mutex_unlock(&done_lock);
	return NULL;
}

static void detaching(void)
{
	pthread_attr_t attr;
	pthread_t t;
	int i;

	pthread_key_create(&key, destructor);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (i = 1; i <= 5; i++)
		check(pthread_create(&t, &attr, detached, (void *)(intptr_t)i) == 0,
		      "pthread_create of a detached thread");
	pthread_attr_destroy(&attr);
	pthread_mutex_lock(&done_lock);
	while (detached_done < 5)
		pthread_cond_wait(&done_cond, &done_lock);
	pthread_mutex_unlock(&done_lock);
	/* The destructors run after the signal: wait for the last of them. */
	for (i = 0; i < 1000; i++) {
		struct timespec ms = { 0, 1000 * 1000 };
		int n;

		pthread_mutex_lock(&done_lock);
		n = destructor_runs;
		pthread_mutex_unlock(&done_lock);
		if (n == 15)
			break;
		nanosleep(&ms, NULL);
	}
	printf("detached threads done: %d, once ran %d time(s), destructors summed %d\n",
	       detached_done, once_runs, destructor_runs);
}

static void mutex_kinds(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &a);
	printf("recursive: lock %d, lock again %d, trylock %d\n", pthread_mutex_lock(&m),
	       pthread_mutex_lock(&m), pthread_mutex_trylock(&m));
	pthread_mutex_unlock(&m);
	pthread_mutex_unlock(&m);
	pthread_mutex_unlock(&m);
	pthread_mutex_destroy(&m);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &a);
	pthread_mutex_lock(&m);
	printf("error-checking: lock again %s, trylock %s\n",
	       pthread_mutex_lock(&m) == EDEADLK ? "EDEADLK" : "?",
	       pthread_mutex_trylock(&m) == EBUSY ? "EBUSY" : "?");
	pthread_mutex_unlock(&m);
	printf("unlock of an unlocked one: %s\n",
	       pthread_mutex_unlock(&m) == EPERM ? "EPERM" : "?");
	pthread_mutexattr_destroy(&a);
}

static void *self_id(void *arg)
{
	return (void *)pthread_self();
}

int main(void)
{
	pthread_t t;
	void *res;

	setvbuf(stdout, NULL, _IONBF, 0);
	counting();
	queueing();
	broadcasting();
	detaching();
	mutex_kinds();
	pthread_create(&t, NULL, self_id, NULL);
	pthread_join(t, &res);
	printf("pthread_self in the thread is the id its creator got: %s\n",
	       pthread_equal((pthread_t)res, t) ? "yes" : "no");
	printf("failures: %d\n", failures);
	return failures ? 1 : 4;
}
