/* SPDX-License-Identifier: MIT */
/*
 * allocbench [check|bench] [OPERATIONS] [SEED]
 *
 * check (default): runs the randomised workload checked against its model
 * (workload.c) and against the allocator's own statistics (guest.c), then
 * requests that must fail; prints what a correct allocator prints
 * whatever it is, and "check: passed" or the failures (exit status 1).
 * bench: the same workload without the checks, timed: operations per
 * second.
 *
 * The unikernel and the same sources built as a Linux process over glibc
 * (host.mk) print the same lines, except those naming the allocator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "target.h"
#include "workload.h"

static const char *const op_names[NR_OPS] = {
	"malloc", "calloc", "posix_memalign", "realloc(NULL)", "realloc",
	"realloc(0)", "free",
};

static int usage(void)
{
	printf("usage: allocbench [check|bench] [OPERATIONS] [SEED]\n");
	return 2;
}

/* A positive decimal number, or 0 for anything else. */
static unsigned long number(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	return *s && !*end ? v : 0;
}

static int check(unsigned long ops, uint64_t seed)
{
	struct wl_result r;
	unsigned long bad, refused;
	int i;

	bad = target_check_begin();
	wl_run(ops, seed, 1, &r);
	bad += r.errors;
	printf("calls:");
	for (i = 0; i < NR_OPS; i++)
		printf(" %s %lu%s", op_names[i], r.count[i],
		       i + 1 < NR_OPS ? "," : "\n");
	printf("contents: digest %016llx, %lu live blocks, at most %lu bytes "
	       "asked for at once\n", (unsigned long long)r.digest, r.live,
	       (unsigned long)r.peak_bytes);
	bad += wl_impossible(&refused);
	bad += target_check_stats(0, refused);
	if (bad) {
		printf("check: %lu FAILED\n", bad);
		return 1;
	}
	printf("check: passed\n");
	return 0;
}

static int bench(unsigned long ops, uint64_t seed)
{
	struct wl_result r;
	uint64_t t0, ns;

	t0 = target_now_ns();
	wl_run(ops, seed, 0, &r);
	ns = target_now_ns() - t0;
	if (r.errors) {
		printf("bench: %lu operations failed\n", r.errors);
		return 1;
	}
	if (!ns) {
		printf("bench: no clock to time it with\n");
		return 1;
	}
	printf("bench: %lu operations in %llu us: %llu ops/s\n", ops,
	       (unsigned long long)(ns / 1000),
	       (unsigned long long)ops * 1000000000ULL / ns);
	return 0;
}

int main(int argc, char *argv[])
{
	const char *mode = argc > 1 ? argv[1] : "check";
	unsigned long ops = argc > 2 ? number(argv[2]) : 20000;
	unsigned long seed = argc > 3 ? number(argv[3]) : 1;

	/* Up to 10^9 operations: ops * 10^9 must fit in 64 bits. */
	if (argc > 4 || !ops || ops > 1000000000UL || !seed ||
	    (strcmp(mode, "check") && strcmp(mode, "bench")))
		return usage();
	printf("allocbench: %s, %lu operations, seed %lu\n", mode, ops, seed);
	target_describe();
	return strcmp(mode, "bench") ? check(ops, seed) : bench(ops, seed);
}
