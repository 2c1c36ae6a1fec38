/* SPDX-License-Identifier: MIT */
#ifndef UK_ALLOCBUDDY_H
#define UK_ALLOCBUDDY_H

#include <uk/alloc.h>

/*
 * Creates and registers a binary buddy allocator over [base, base+len).
 * Its bookkeeping (about 1/17 of the range) is stored at the start of the
 * range. Returns NULL if the range is too small. More ranges can be added
 * with uk_alloc_addmem().
 */
struct uk_alloc *uk_allocbuddy_init(void *base, size_t len);

#endif
