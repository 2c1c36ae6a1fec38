/* SPDX-License-Identifier: MIT */
/*
 * `getppid-loop N`: N getppid calls through the C library, each one a
 * `syscall` instruction, timed with the monotonic clock. Built as a
 * static PIE it runs unmodified on Linux and in examples/elfloader, where
 * the instruction enters uksyscall's trap path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char *argv[])
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000, sum = 0, i;
	long long t0, ns;

	if (n < 1) {
		printf("usage: getppid-loop N (N > 0)\n");
		return 2;
	}
	t0 = now_ns();
	for (i = 0; i < n; i++)
		sum += getppid();
	ns = now_ns() - t0;
	printf("getppid through the syscall instruction: %ld calls in %lld ns: %lld.%02lld ns per call (sum %ld)\n",
	       n, ns, ns / n, ns * 100 / n % 100, sum > 0);
	return 0;
}
