/* SPDX-License-Identifier: MIT */
/*
 * Threads: pthread_create and join (clone, futex), a mutex-protected
 * counter, a condition variable, a wait on one that times out,
 * thread-local variables, sleeping threads, and each thread's own id.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#define THREADS 4
#define ROUNDS 1000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int arrived;
static __thread int mine = -1;
static long tids[THREADS];

static void *work(void *arg)
{
	int n = (int)(long)arg;
	struct timespec nap = { 0, 1000000 };
	long sum = 0;

	mine = n;
	tids[n] = syscall(SYS_gettid);
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		sum += i * (n + 1);
		if (i % 250 == 0)
			nanosleep(&nap, NULL);
	}
	/* Everyone waits here until all have arrived. */
	pthread_mutex_lock(&lock);
	arrived++;
	pthread_cond_broadcast(&cond);
	while (arrived < THREADS)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return (void *)(sum + (mine == n ? 0 : 1000000000L));
}

int main(void)
{
	pthread_t t[THREADS];
	int distinct = 1;

	for (long i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, work, (void *)i)) {
			printf("pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < THREADS; i++) {
		void *r;

		pthread_join(t[i], &r);
		printf("thread %d: sum %ld\n", i, (long)r);
	}
	printf("counter %ld (expected %d)\n", counter, THREADS * ROUNDS);
	printf("main's thread-local value untouched: %s\n", mine == -1 ? "yes" : "no");
	for (int i = 0; i < THREADS; i++)
		for (int j = 0; j < THREADS; j++)
			distinct &= i == j || tids[i] != tids[j];
	printf("thread ids distinct, none the process id: %s\n",
	       distinct && tids[0] != getpid() && tids[1] != getpid() ? "yes" : "no");
	printf("main's thread id is the process id: %s\n", syscall(SYS_gettid) == getpid() ? "yes" : "no");

	/* Nobody signals: the wait ends at its deadline (futex with a timeout). */
	struct timespec t0, deadline, t1;
	int r;

	clock_gettime(CLOCK_REALTIME, &t0);
	deadline = t0;
	deadline.tv_nsec += 20000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&lock);
	do
		r = pthread_cond_timedwait(&cond, &lock, &deadline);
	while (r == 0);
	pthread_mutex_unlock(&lock);
	clock_gettime(CLOCK_REALTIME, &t1);
	printf("timed wait: %s, after at least 20 ms: %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : "other",
	       (t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec >= 20000000 ? "yes" : "no");
	return 0;
}
