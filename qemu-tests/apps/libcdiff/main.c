/* SPDX-License-Identifier: MIT */
/*
 * C library calls whose results are printed so that the same program,
 * built against the host's C library (glibc) and as a unikernel with
 * nolibc, can be compared line by line (qemu-tests/libc-diff.test.ts).
 * Only what both must agree on is printed: return values, errno values,
 * jump targets, formatted text, and verdicts on measured times (never the
 * times themselves, except the wall clock's seconds, on a "wall:" line
 * the test compares with a tolerance).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* Wake-ups a busy TCG guest may be late by. */
#define SLACK_NS (400 * 1000000LL)

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const char *within(long long took, long long asked)
{
	return took >= asked && took <= asked + SLACK_NS ? "in time" : "OFF";
}

/* ---- setjmp / longjmp ------------------------------------------------------ */

static jmp_buf env, outer, inner;
static int depth_reached;

/* 40 frames of 128 bytes and more, then the jump (the recursion goes
 * through a pointer the compiler cannot follow). */
static void dive(int depth, int val);
static void (*volatile dive_deeper)(int, int) = dive;

static void dive(int depth, int val)
{
	volatile char pad[128];

	pad[0] = (char)depth;
	depth_reached = pad[0];
	if (depth == 40)
		longjmp(env, val);
	dive_deeper(depth + 1, val);
}

static int sum_to(int n)
{
	return n ? n + sum_to(n - 1) : 0;
}

static void jump_values(void)
{
	static const int vals[] = { 7, 0, -3, 1, 255 };
	unsigned int i;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		volatile int calls = 0;
		int rc = setjmp(env);

		if (rc == 0) {
			calls++;
			dive(0, vals[i]);
		}
		printf("longjmp(%d) from 40 frames down: setjmp returned %d, "
		       "depth %d, volatile local %d\n", vals[i], rc,
		       depth_reached, calls);
	}
	/* The stack is whole again: a deep call works after the jumps. */
	printf("after the jumps: sum_to(200) = %d\n", sum_to(200));
}

static void nested_jumps(void)
{
	volatile int trail = 0;

	if (setjmp(outer) == 0) {
		trail = trail * 10 + 1;
		if (setjmp(inner) == 0) {
			trail = trail * 10 + 2;
			longjmp(inner, 1);
		}
		trail = trail * 10 + 3;
		longjmp(outer, 2);
	}
	trail = trail * 10 + 4;
	printf("nested setjmp: trail %d\n", trail);
}

/* ---- clocks and sleeps ---------------------------------------------------- */

static void clocks(void)
{
	struct timespec a, b, res, bad = { 0, 1000000000L };
	struct timeval tv;
	long long t0;
	time_t now, w;
	int rc;

	rc = clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("clock_gettime(CLOCK_MONOTONIC): %d, non-decreasing: %s\n", rc,
	       (b.tv_sec > a.tv_sec ||
		(b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec)) ? "yes" : "no");
	printf("tv_nsec below a second: %s\n",
	       a.tv_nsec >= 0 && a.tv_nsec < 1000000000L ? "yes" : "no");
	rc = clock_getres(CLOCK_MONOTONIC, &res);
	printf("clock_getres(CLOCK_MONOTONIC): %d, at most 1 us: %s\n", rc,
	       res.tv_sec == 0 && res.tv_nsec <= 1000 ? "yes" : "no");
	errno = 0;
	rc = clock_gettime((clockid_t)12345, &a);
	printf("clock_gettime(12345): %d, errno %s\n", rc,
	       errno == EINVAL ? "EINVAL" : "other");

	t0 = mono_ns();
	{
		struct timespec req = { 0, 50 * 1000000L }, rem = { 9, 9 };

		rc = nanosleep(&req, &rem);
		printf("nanosleep(50 ms): %d, %s, rem %ld.%09ld\n", rc,
		       within(mono_ns() - t0, 50000000LL), (long)rem.tv_sec,
		       rem.tv_nsec);
	}
	errno = 0;
	rc = nanosleep(&bad, NULL);
	printf("nanosleep(tv_nsec = 10^9): %d, errno %s\n", rc,
	       errno == EINVAL ? "EINVAL" : "other");
	t0 = mono_ns();
	rc = usleep(30000);
	printf("usleep(30000): %d, %s\n", rc, within(mono_ns() - t0, 30000000LL));
	t0 = mono_ns();
	rc = (int)sleep(1);
	printf("sleep(1): %d, %s\n", rc, within(mono_ns() - t0, 1000000000LL));

	now = time(NULL);
	time(&w);
	rc = gettimeofday(&tv, NULL);
	clock_gettime(CLOCK_REALTIME, &a);
	printf("gettimeofday: %d, agrees with time(): %s, with "
	       "CLOCK_REALTIME: %s\n", rc,
	       tv.tv_sec >= now && tv.tv_sec - now <= 1 ? "yes" : "no",
	       a.tv_sec >= tv.tv_sec && a.tv_sec - tv.tv_sec <= 1 ? "yes"
								   : "no");
	printf("time(&t) stores what it returns: %s\n",
	       w >= now && w - now <= 1 ? "yes" : "no");
	printf("wall: %ld\n", (long)now);
}

/* ---- formatting and errors -------------------------------------------------- */

/* Through pointers the compiler does not follow, so that it does not warn
 * about what is being checked: "0" with a precision is ignored, and the
 * truncation is wanted. */
static const char *volatile zero_and_precision = "%08.3d|%*d|%-*d|";
static const char *volatile long_text = "truncated output";

static void formatting(void)
{
	char b[96];
	int n;

	n = snprintf(b, sizeof(b), "[%5d|%-6s|%#x|%#o|%+lld|%.3s|%c|%%]", -42,
		     "ab", 255, 8, -9000000000LL, "abcdef", 'z');
	printf("snprintf: %d %s\n", n, b);
	n = snprintf(b, 8, "%s", long_text);
	printf("snprintf into 8 bytes: %d \"%s\"\n", n, b);
	n = snprintf(NULL, 0, zero_and_precision, 7, 5, 3, 4, 2);
	snprintf(b, sizeof(b), zero_and_precision, 7, 5, 3, 4, 2);
	printf("snprintf(NULL, 0): %d, then \"%s\"\n", n, b);
	printf("puts/fputs/putchar:\n");
	fputs("fputs line\n", stdout);
	puts("puts line");
	putchar('!');
	putchar('\n');
	fprintf(stdout, "fprintf %s %u\n", "to stdout", 12u);
}

int main(void)
{
	jump_values();
	nested_jumps();
	clocks();
	formatting();
	printf("done\n");
	return 0;
}
