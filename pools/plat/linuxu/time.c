/* SPDX-License-Identifier: MIT */
/* Ticks are CLOCK_MONOTONIC nanoseconds: no frequency to find. */
#include <uk/plat.h>
#include <linuxu/syscall.h>

uint64_t ukplat_ticks(void)
{
	return linuxu_monotonic_ns();
}

uint64_t ukplat_ticks_hz(const char **how)
{
	if (how)
		*how = "clock_gettime";
	return 1000000000ULL;
}
