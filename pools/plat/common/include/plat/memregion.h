/* SPDX-License-Identifier: MIT */
/*
 * For platforms only: the memory-region table they fill from their boot
 * information (multiboot, PVH, device tree, an mmap) and that the rest of
 * the image reads through ukplat_memregion_count/get() (uk/plat.h).
 * Regions are kept sorted by base.
 */
#ifndef PLAT_MEMREGION_H
#define PLAT_MEMREGION_H

#include <uk/plat.h>

/* Records [base, base+len) as it is (no rounding); must not overlap. */
void plat_memregion_add(uint64_t base, uint64_t len, unsigned int flags,
			const char *name);

/*
 * Adds RAM the firmware reports as free, shrunk to whole pages and never
 * covering page 0 (so that NULL dereferences hit no data). Regions must
 * not overlap.
 */
void plat_memregion_add_free(uint64_t base, uint64_t len);

/*
 * Marks [base, base+len) as used (kernel, firmware tables, device tree):
 * the part that overlaps free regions is carved out and recorded with
 * `flags`. Returns the number of bytes carved (whole pages).
 */
uint64_t plat_memregion_reserve(uint64_t base, uint64_t len,
				unsigned int flags, const char *name);

/* Carves the loaded image out of the free memory; crashes with an
 * explanation if the guest's RAM does not even hold the image. */
void plat_memregion_reserve_image(void);

#endif
