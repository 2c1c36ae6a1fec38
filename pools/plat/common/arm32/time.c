/* SPDX-License-Identifier: MIT */
/*
 * Ticks are the generic timer's virtual count. Its frequency is in
 * CNTFRQ (set by firmware/QEMU): no calibration at all.
 */
#include <uk/plat.h>
#include <uk/arch/lcpu.h>

uint64_t ukplat_ticks(void)
{
	return arm32_cntvct();
}

uint64_t ukplat_ticks_hz(const char **how)
{
	if (how)
		*how = "cntfrq";
	return arm32_cntfrq();
}
