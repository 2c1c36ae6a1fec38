/* SPDX-License-Identifier: MIT */
/*
 * A smoke test of the C library through the system call layer. Without
 * arguments it prints results that do not depend on the system (stdio
 * with floating point, strings, conversions, sorting, the heap, errno of
 * a bad descriptor, atexit, a last line without a newline), so that the
 * same program built on a Linux host prints the same text: the test
 * compares the two. With the argument "syscalls" it reports what the
 * image's system calls answer (a plain C program, so it runs on the host
 * too, where the answers are Linux's). With "time EPOCH" it checks the
 * clocks and sleeping and prints only yes/no answers and error names, so
 * that the host prints the same again; EPOCH is the wall-clock time the
 * caller read (seconds since 1970), which the image's must be near.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void bye(void)
{
	printf("atexit handler ran\n");
}

static int heap(void)
{
	char *p = NULL;
	size_t n;

	/* Growing one block through realloc keeps its content. */
	for (n = 1; n <= 200000; n = n * 3 + 1) {
		char *q = realloc(p, n);

		if (!q)
			return -1;
		p = q;
		p[n - 1] = (char)n;
		if (n > 1 && p[(n - 1) / 3 - 1] != (char)((n - 1) / 3))
			return -2;
	}
	free(p);
	p = calloc(1000, 8);
	for (n = 0; n < 8000; n++)
		if (!p || p[n])
			return -3;
	free(p);
	return 0;
}

static void syscalls(void)
{
	struct utsname u;
	void *m;
	int r;

	printf("getpid: %d\n", getpid() > 0);
	errno = 0;
	m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		printf("mmap: %s\n", strerror(errno));
	} else {
		memset(m, 0x5a, 3 * 4096);
		printf("mmap: ok, munmap %d\n", munmap(m, 3 * 4096));
	}
	errno = 0;
	r = uname(&u);
	printf("uname: %d %s\n", r, r ? strerror(errno) : "ok");
	printf("system(NULL): %d\n", system(NULL));
	errno = 0;
	r = system("true");
	printf("system(\"true\"): %d %s\n", r, strerror(errno));
	/* Process accounting: no library of the pools will have it. */
	errno = 0;
	r = acct(NULL);
	printf("acct: %d %s\n", r, r ? strerror(errno) : "ok");
}

static long long ns_of(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static long long clock_ns(clockid_t clk)
{
	struct timespec ts;

	return clock_gettime(clk, &ts) ? -1 : ns_of(&ts);
}

/* What a sleep of `ms` took on the monotonic clock, in ms. */
static long long slept_ms(int how, long ms)
{
	struct timespec req = { ms / 1000, ms % 1000 * 1000000L }, at;
	long long t0 = clock_ns(CLOCK_MONOTONIC);

	switch (how) {
	case 0:
		nanosleep(&req, NULL);
		break;
	case 1:
		usleep(ms * 1000);
		break;
	default:
		clock_gettime(CLOCK_MONOTONIC, &at);
		at.tv_nsec += req.tv_nsec;
		at.tv_sec += req.tv_sec + at.tv_nsec / 1000000000L;
		at.tv_nsec %= 1000000000L;
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
	}
	return (clock_ns(CLOCK_MONOTONIC) - t0) / 1000000;
}

/* Dispositions and the mask are kept (posix-process); bad arguments are EINVAL. */
static void signals(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN }, old;
	sigset_t set, was;
	int r;

	printf("signal(SIGINT, SIG_IGN): %s\n", signal(SIGINT, SIG_IGN) == SIG_DFL ? "was SIG_DFL" : "other");
	printf("signal(SIGINT, SIG_DFL): %s\n", signal(SIGINT, SIG_DFL) == SIG_IGN ? "was SIG_IGN" : "other");
	errno = 0;
	r = sigaction(SIGKILL, &sa, NULL);
	printf("sigaction(SIGKILL): %d %s\n", r, strerror(errno));
	r = sigaction(SIGKILL, NULL, &old);
	printf("sigaction(SIGKILL) read: %d %s\n", r, old.sa_handler == SIG_DFL ? "SIG_DFL" : "other");
	errno = 0;
	r = sigaction(0, &sa, NULL);
	printf("sigaction(0): %d %s\n", r, strerror(errno));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGKILL);
	sigprocmask(SIG_BLOCK, &set, NULL);
	r = sigprocmask(SIG_SETMASK, NULL, &was);
	printf("sigprocmask: %d, SIGUSR1 blocked %d, SIGKILL blocked %d\n", r, sigismember(&was, SIGUSR1), sigismember(&was, SIGKILL));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	errno = 0;
	r = sigprocmask(99, &set, NULL);
	printf("sigprocmask(99): %d %s\n", r, strerror(errno));
}

static void times(long long epoch)
{
	static const char *const how[] = { "nanosleep", "usleep", "clock_nanosleep TIMER_ABSTIME" };
	struct timespec ts = { 0, 1000000000L }, res;
	struct timeval tv;
	long long a, b, wall, d;
	int i, r;

	a = clock_ns(CLOCK_MONOTONIC);
	b = clock_ns(CLOCK_MONOTONIC);
	printf("monotonic: readable %d, never goes back %d\n", a >= 0, b >= a);
	r = clock_getres(CLOCK_MONOTONIC, &res);
	printf("clock_getres: %d, at most 1 ms %d\n", r, ns_of(&res) <= 1000000);
	/* clock() reads CLOCK_PROCESS_CPUTIME_ID: -1 if the clock is missing. */
	a = clock();
	b = clock();
	printf("clock: readable %d, never goes back %d, under 1 min %d\n", a >= 0, b >= a,
	       b < 60LL * CLOCKS_PER_SEC);
	for (i = 0; i < 3; i++) {
		d = slept_ms(i, 30);
		printf("%s 30 ms: at least 30 ms %d, under 2 s %d\n", how[i], d >= 30, d < 2000);
	}
	wall = clock_ns(CLOCK_REALTIME);
	printf("realtime: within 5 min of the caller's clock %d\n",
	       wall / 1000000000LL > epoch - 300 && wall / 1000000000LL < epoch + 300);
	r = gettimeofday(&tv, NULL);
	d = tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL - wall;
	printf("gettimeofday: %d, within 1 s of CLOCK_REALTIME %d\n", r, d > -1000000000LL && d < 1000000000LL);
	d = (long long)time(NULL) - wall / 1000000000LL;
	printf("time: within 1 s of CLOCK_REALTIME %d\n", d >= -1 && d <= 1);
	errno = 0;
	r = clock_gettime((clockid_t)99, &res);
	printf("clock_gettime of an unknown clock: %d %s\n", r, strerror(errno));
	errno = 0;
	r = nanosleep(&ts, NULL);
	printf("nanosleep of 1000000000 ns: %d %s\n", r, strerror(errno));
}

int main(int argc, char *argv[])
{
	int v[] = { 42, -7, 19, 0, 3, 3, 100 };
	char buf[16];
	char *end;
	long l;
	ssize_t w;
	int i, n;

	atexit(bye);
	if (argc > 1 && !strcmp(argv[1], "syscalls")) {
		syscalls();
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "time")) {
		times(strtoll(argv[2], NULL, 10));
		return 0;
	}
	printf("ints %d %5d|%-5d| %x %o %lld\n", -12, 34, 56, 255, 8, -1234567890123LL);
	printf("floats %.3f %e %g %g %.0f\n", 3.14159, 1234.5, 0.0001, 1e20, 2.5);
	printf("strings [%s] [%10s] [%-6.3s]\n", "abc", "right", "left");
	n = snprintf(buf, sizeof(buf), "%s-%d", "truncated output", 99);
	printf("snprintf %d [%s]\n", n, buf);
	l = strtol("  -0x1F rest", &end, 16);
	printf("strtod %g strtol %ld rest [%s]\n", strtod("3.25e2", NULL), l, end);
	qsort(v, sizeof(v) / sizeof(v[0]), sizeof(v[0]), cmp_int);
	printf("qsort");
	for (i = 0; i < (int)(sizeof(v) / sizeof(v[0])); i++)
		printf(" %d", v[i]);
	printf("\n");
	printf("strings %zu %d %s %s\n", strlen("hello"), strcmp("a", "b") < 0, strstr("haystack", "st"), strchr("x=y", '='));
	printf("heap %d\n", heap());
	errno = 0;
	w = write(42, "x", 1);
	printf("write to a bad descriptor: %zd %s\n", w, strerror(errno));
	signals();
	fprintf(stderr, "to stderr\n");
	printf("last line without a newline");
	return 7;
}
