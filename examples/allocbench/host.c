/* SPDX-License-Identifier: MIT */
/*
 * The Linux-process side (host.mk): the C library's malloc, a monotonic
 * clock, and nothing of the allocator's own to check.
 */
#include <stdio.h>
#include <time.h>
#include "target.h"

uint64_t target_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void target_describe(void)
{
	printf("heap: C library malloc\n");
}

unsigned long target_check_begin(void)
{
	return 0;
}

unsigned long target_block_added(void *p, size_t size)
{
	return 0;
}

void target_block_removed(void *p)
{
}

unsigned long target_check_stats(unsigned long live, unsigned long refused)
{
	return 0;
}
