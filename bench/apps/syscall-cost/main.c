/* SPDX-License-Identifier: MIT */
/*
 * `syscallcost N`: N getppid calls through the dispatcher (uk_syscall6,
 * what musl's calls and the ELF loader's trap entry use), then N direct
 * calls of the implementation; the monotonic clock around each loop.
 * Prints one line per loop, as getppid-loop.c does on Linux.
 */
#include <stdio.h>
#include <stdlib.h>
#include <uk/syscall.h>

#define NR_GETPPID 110   /* x86_64 */

long uk_syscall_r_clock_gettime(long clk, long tp);
long uk_syscall_r_getppid(void);

struct k_timespec {
	long tv_sec, tv_nsec;
};

static long long now_ns(void)
{
	struct k_timespec ts;

	uk_syscall_r_clock_gettime(1 /* CLOCK_MONOTONIC */, (long)&ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void report(const char *what, long n, long long ns, long sum)
{
	printf("%s: %ld calls in %lld ns: %lld.%02lld ns per call (sum %ld)\n", what, n, ns,
	       ns / n, ns * 100 / n % 100, sum);
}

int main(int argc, char *argv[])
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000, sum = 0, i;
	long long t0;

	if (n < 1) {
		printf("usage: syscallcost N (N > 0)\n");
		return 2;
	}
	t0 = now_ns();
	for (i = 0; i < n; i++)
		sum += uk_syscall6(NR_GETPPID, 0, 0, 0, 0, 0, 0);
	report("getppid through uk_syscall6", n, now_ns() - t0, sum);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		sum += uk_syscall_r_getppid();
	report("getppid called directly", n, now_ns() - t0, sum);
	return 0;
}
