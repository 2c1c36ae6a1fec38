/* SPDX-License-Identifier: MIT */
/*
 * Time: the monotonic clock never goes back and advances, nanosleep and
 * clock_nanosleep sleep at least as asked, the wall clock is past 2020;
 * only facts that hold on any system are printed, never a time itself.
 */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	struct timespec req = { 0, 30 * 1000 * 1000 }, res;
	struct timeval tv;
	long long t0, t1, prev;
	int back = 0, rc;

	prev = now_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < 10000; i++) {
		long long t = now_ns(CLOCK_MONOTONIC);

		back += t < prev;
		prev = t;
	}
	printf("monotonic went back: %d times in 10000 reads\n", back);

	t0 = now_ns(CLOCK_MONOTONIC);
	printf("nanosleep 30 ms: %d\n", nanosleep(&req, NULL));
	t1 = now_ns(CLOCK_MONOTONIC);
	printf("slept at least 30 ms: %s\n", t1 - t0 >= 30000000 ? "yes" : "no");
	printf("slept less than 10 s: %s\n", t1 - t0 < 10000000000LL ? "yes" : "no");

	t0 = now_ns(CLOCK_MONOTONIC);
	printf("usleep 20 ms: %d\n", usleep(20000));
	t1 = now_ns(CLOCK_MONOTONIC);
	printf("slept at least 20 ms: %s\n", t1 - t0 >= 20000000 ? "yes" : "no");

	t0 = now_ns(CLOCK_MONOTONIC);
	req.tv_nsec = 10 * 1000 * 1000;
	printf("clock_nanosleep 10 ms: %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL));
	t1 = now_ns(CLOCK_MONOTONIC);
	printf("slept at least 10 ms: %s\n", t1 - t0 >= 10000000 ? "yes" : "no");

	printf("realtime after 2020: %s\n", now_ns(CLOCK_REALTIME) / 1000000000LL > 1577836800LL ? "yes" : "no");
	rc = gettimeofday(&tv, NULL);
	printf("gettimeofday: %d, after 2020: %s\n", rc, tv.tv_sec > 1577836800L ? "yes" : "no");
	printf("time() agrees with gettimeofday: %s\n", time(NULL) - tv.tv_sec <= 1 ? "yes" : "no");
	rc = clock_getres(CLOCK_MONOTONIC, &res);
	printf("clock_getres monotonic: %d, at most 1 ms: %s\n", rc,
	       res.tv_sec == 0 && res.tv_nsec <= 1000000 ? "yes" : "no");
	return 0;
}
