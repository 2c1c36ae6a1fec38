/* SPDX-License-Identifier: MIT */
/*
 * AArch64 stage 1 translation at EL1 with the 4 KiB granule and 48-bit
 * virtual addresses through TTBR0_EL1 (Arm ARM D8): the descriptor format,
 * and the values of MAIR_EL1, TCR_EL1 and SCTLR_EL1 the image runs with.
 * Usable from assembly: the boot code builds its first map with these.
 *
 * Levels 0-3 as in the Arm ARM and in lib/ukpaging: level 0 covers 512 GiB
 * an entry, level 1 blocks are 1 GiB, level 2 blocks 2 MiB, level 3 pages
 * 4 KiB.
 */
#ifndef UK_ARCH_PAGING_H
#define UK_ARCH_PAGING_H

#ifdef __ASSEMBLY__
#define ARM64_BIT(n) (1 << (n))
#else
#define ARM64_BIT(n) (1UL << (n))
#endif

/* Descriptor types (bits 1:0). */
#define ARM64_DESC_BLOCK   0x1  /* levels 1-2 */
#define ARM64_DESC_TABLE   0x3  /* levels 0-2 */
#define ARM64_DESC_PAGE    0x3  /* level 3 */
#define ARM64_DESC_TYPE_MASK 0x3

/* Lower attributes of blocks and pages. */
#define ARM64_DESC_ATTRIDX(i) ((i) << 2)       /* MAIR_EL1 index */
#define ARM64_DESC_ATTRIDX_MASK (7 << 2)
#define ARM64_DESC_AP_RO   ARM64_BIT(7)         /* AP[2]: read-only */
#define ARM64_DESC_SH_INNER (3 << 8)            /* inner shareable */
#define ARM64_DESC_AF      ARM64_BIT(10)        /* access flag */
/* Upper attributes. */
#define ARM64_DESC_PXN     ARM64_BIT(53)        /* not executable at EL1 */
#define ARM64_DESC_UXN     ARM64_BIT(54)        /* not executable at EL0 */

/*
 * MAIR_EL1: the memory types descriptors name by index.
 *   0 Device-nGnRnE, 1 Device-nGnRE (device registers),
 *   2 Normal write-back read/write-allocate (RAM),
 *   3 Normal non-cacheable.
 */
#define ARM64_MAIR_VALUE       0x44ff0400
#define ARM64_ATTR_DEVICE      1
#define ARM64_ATTR_NORMAL      2

/*
 * TCR_EL1: TTBR0 walks of 48-bit addresses (T0SZ 16) with the 4 KiB
 * granule, table walks inner shareable and write-back cacheable; TTBR1
 * walks disabled (EPD1: the image lives in the lower half). IPS, the
 * physical address size, is filled in from ID_AA64MMFR0_EL1 at run time.
 */
#define ARM64_TCR_T0SZ_48      16
#define ARM64_TCR_IRGN0_WBWA   (1 << 8)
#define ARM64_TCR_ORGN0_WBWA   (1 << 10)
#define ARM64_TCR_SH0_INNER    (3 << 12)
#define ARM64_TCR_TG0_4K       (0 << 14)
#define ARM64_TCR_T1SZ_48      (16 << 16)
#define ARM64_TCR_EPD1         (1 << 23)
#define ARM64_TCR_TG1_4K       (2 << 30)
#define ARM64_TCR_IPS_SHIFT    32
#define ARM64_TCR_VALUE (ARM64_TCR_T0SZ_48 | ARM64_TCR_IRGN0_WBWA |	\
			 ARM64_TCR_ORGN0_WBWA | ARM64_TCR_SH0_INNER |	\
			 ARM64_TCR_TG0_4K | ARM64_TCR_T1SZ_48 |		\
			 ARM64_TCR_EPD1 | ARM64_TCR_TG1_4K)
/* IPS encoding of 48 bits, the most a 4 KiB-granule walk outputs. */
#define ARM64_TCR_IPS_MAX      5

/* SCTLR_EL1 bits the MMU switch sets or clears. */
#define ARM64_SCTLR_M          (1 << 0)   /* MMU on */
#define ARM64_SCTLR_A          (1 << 1)   /* alignment checks: off */
#define ARM64_SCTLR_C          (1 << 2)   /* data caches on */
#define ARM64_SCTLR_I          (1 << 12)  /* instruction caches on */
#define ARM64_SCTLR_WXN        (1 << 19)  /* writable implies XN: off */

/* Fault status codes (ISS DFSC/IFSC of ESR_EL1, bits 5:0). */
#define ARM64_FSC_TYPE(fsc)    ((fsc) & 0x3c)
#define ARM64_FSC_LEVEL(fsc)   ((fsc) & 0x3)
#define ARM64_FSC_ADDR_SIZE    0x00
#define ARM64_FSC_TRANSLATION  0x04
#define ARM64_FSC_ACCESS_FLAG  0x08
#define ARM64_FSC_PERMISSION   0x0c
#define ARM64_ESR_WNR          (1 << 6)   /* data aborts: a write */

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/* Output address bits of a descriptor (48-bit physical addresses). */
#define ARM64_DESC_ADDR_MASK   0x0000fffffffff000UL

#define UKARCH_VA_LIMIT        (1UL << 48)
#endif /* !__ASSEMBLY__ */

#endif /* UK_ARCH_PAGING_H */
