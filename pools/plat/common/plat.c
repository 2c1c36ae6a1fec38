/* SPDX-License-Identifier: MIT */
/*
 * The parts of uk/plat.h that every platform shares besides the memory
 * map: the tick stamp of the first instructions and the architecture name.
 */
#include <uk/plat.h>
#include <plat/time.h>

uint64_t plat_entry_ticks;

uint64_t ukplat_ticks_at_entry(void)
{
	return plat_entry_ticks;
}

/* The architecture's folder name: what the image was built for. */
const char ukplat_arch[] = CONFIG_UK_ARCH;
