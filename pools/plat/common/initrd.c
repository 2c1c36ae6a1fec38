/* SPDX-License-Identifier: MIT */
/* The initrd's place, as the platform read it from its boot information. */
#include <plat/initrd.h>
#include <plat/memregion.h>

static uint64_t initrd_base, initrd_len;

void plat_initrd_set(uint64_t base, uint64_t len)
{
	if (!len)
		return;
	/* Out of the allocators' way, so it survives until it is unpacked. */
	plat_memregion_reserve(base, len, UKPLAT_MEMRF_RESERVED, "initrd");
	initrd_base = base;
	initrd_len = len;
}

int ukplat_initrd(const void **base, size_t *len)
{
	if (!initrd_len)
		return -1;
	*base = (const void *)(uintptr_t)initrd_base;
	*len = initrd_len;
	return 0;
}
