/* SPDX-License-Identifier: MIT */
/*
 * For platforms only: record the initrd their boot information names
 * (a multiboot or PVH module, the device tree's /chosen linux,initrd-*),
 * which ukplat_initrd() (uk/plat.h) then reports. Call it before
 * plat_memregion_reserve_image(): it carves the initrd out of free memory.
 */
#ifndef PLAT_INITRD_H
#define PLAT_INITRD_H

#include <uk/plat.h>

void plat_initrd_set(uint64_t base, uint64_t len);

#endif
