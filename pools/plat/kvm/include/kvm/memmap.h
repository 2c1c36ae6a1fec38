/* SPDX-License-Identifier: MIT */
/*
 * Private to the kvm platform: the memory map built from boot information
 * (multiboot, PVH, device tree) and served through ukplat_memregion_*().
 */
#ifndef KVM_MEMMAP_H
#define KVM_MEMMAP_H

#include <uk/plat.h>

/* Adds RAM the firmware reports as free. Regions must not overlap. */
void kvm_memmap_add_free(uint64_t base, uint64_t len);

/*
 * Marks [base, base+len) as used (kernel, firmware tables, device tree):
 * the part that overlaps free regions is carved out and recorded with
 * `flags`.
 */
void kvm_memmap_reserve(uint64_t base, uint64_t len, unsigned int flags,
			const char *name);

/* True if one free region covers all of [base, base+len). */
bool kvm_memmap_is_free(uint64_t base, uint64_t len);

/* Carves the loaded image out of the free memory; crashes with an
 * explanation if the guest's RAM does not even hold the image. */
void kvm_memmap_reserve_image(void);

#endif
