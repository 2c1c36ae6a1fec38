/* SPDX-License-Identifier: MIT */
#ifndef UK_ALLOCTLSF_H
#define UK_ALLOCTLSF_H

#include <uk/alloc.h>

/*
 * Creates and registers a TLSF allocator over [base, base+len). Its
 * bookkeeping (about 4 KiB) is stored at the start of the range. Returns
 * NULL if the range is too small. More ranges can be added with
 * uk_alloc_addmem().
 */
struct uk_alloc *uk_alloctlsf_init(void *base, size_t len);

#endif
