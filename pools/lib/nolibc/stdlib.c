/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <uk/exit.h>
#include <uk/plat.h>

/* ---- termination ------------------------------------------------------- */

#define ATEXIT_MAX 32
static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

int atexit(void (*fn)(void))
{
	if (atexit_count == ATEXIT_MAX)
		return -1;
	atexit_fns[atexit_count++] = fn;
	return 0;
}

void exit(int status)
{
	while (atexit_count > 0)
		atexit_fns[--atexit_count]();
	uk_exit(status);
}

void _Exit(int status)
{
	uk_exit(status);
}

void abort(void)
{
	fputs("CRASH: abort() called\n", stderr);
	ukplat_crash();
}

void __assert_fail(const char *expr, const char *file, unsigned int line,
		   const char *func)
{
	fprintf(stderr, "CRASH: %s:%u: %s: assertion failed: %s\n",
		file, line, func, expr);
	ukplat_crash();
}

/* ---- misc ---------------------------------------------------------------- */

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

char *getenv(const char *name)
{
	return NULL;  /* a unikernel has no environment (yet) */
}

/* Shell sort: no recursion, no allocation, fine for the sizes at hand. */
void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *))
{
	char *b = base;
	size_t gap, i, j, k;

	for (gap = n / 2; gap > 0; gap /= 2)
		for (i = gap; i < n; i++)
			for (j = i; j >= gap &&
			     cmp(b + (j - gap) * size, b + j * size) > 0;
			     j -= gap)
				for (k = 0; k < size; k++) {
					char t = b[(j - gap) * size + k];

					b[(j - gap) * size + k] = b[j * size + k];
					b[j * size + k] = t;
				}
}

/*
 * Per thread when the image has thread-local storage (a scheduler selects
 * UKBOOT_TLS: every thread, the boot context included, has its own area
 * before any code that may set errno runs).
 */
#if CONFIG_UKBOOT_TLS
static __thread int errno_value;
#else
static int errno_value;
#endif

int *__errno_location(void)
{
	return &errno_value;
}
