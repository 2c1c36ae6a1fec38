/* SPDX-License-Identifier: MIT */
#ifndef UK_ARCH_TYPES_H
#define UK_ARCH_TYPES_H

/* The smallest TLB page; the image runs unmapped (KSEG0), without a TLB. */
#define UK_PAGE_SHIFT 12
#define UK_PAGE_SIZE  (1UL << UK_PAGE_SHIFT)

#endif
