/* SPDX-License-Identifier: MIT */
/* Memory-mapped register access (single, non-merged accesses). */
#ifndef UK_ARCH_MMIO_H
#define UK_ARCH_MMIO_H

#include <uk/essentials.h>

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#endif
