/* SPDX-License-Identifier: MIT */
#ifndef UK_ALLOCREGION_H
#define UK_ALLOCREGION_H

#include <uk/alloc.h>

/*
 * Creates and registers a region (bump) allocator over [base, base+len).
 * Its bookkeeping is stored at the start of the region. Returns NULL if
 * the region is too small.
 */
struct uk_alloc *uk_allocregion_init(void *base, size_t len);

#endif
