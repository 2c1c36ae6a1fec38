/* SPDX-License-Identifier: MIT */
#ifndef UK_ARCH_TYPES_H
#define UK_ARCH_TYPES_H

/* 4 KiB small pages (also what the MMU-off code assumes). */
#define UK_PAGE_SHIFT 12
#define UK_PAGE_SIZE  (1UL << UK_PAGE_SHIFT)

#endif
