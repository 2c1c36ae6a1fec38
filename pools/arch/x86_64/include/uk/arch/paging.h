/* SPDX-License-Identifier: MIT */
/*
 * x86_64 page tables, 4-level (Intel SDM vol. 3, 4.5): the entry format
 * and the registers that control paging. Usable from assembly: the boot
 * code builds its first identity map with these bits.
 *
 * Levels are counted from the root as in the generic code of lib/ukpaging:
 * 0 = PML4 (512 GiB an entry), 1 = PDPT (1 GiB pages), 2 = page directory
 * (2 MiB pages), 3 = page table (4 KiB pages).
 */
#ifndef UK_ARCH_PAGING_H
#define UK_ARCH_PAGING_H

#define X86_PTE_P       0x001  /* present */
#define X86_PTE_W       0x002  /* writable */
#define X86_PTE_US      0x004  /* user accessible (never set here) */
#define X86_PTE_PWT     0x008  /* write-through */
#define X86_PTE_PCD     0x010  /* cache disabled */
#define X86_PTE_A       0x020  /* accessed */
#define X86_PTE_D       0x040  /* dirty (leaf entries) */
#define X86_PTE_PS      0x080  /* levels 1-2: a 1 GiB / 2 MiB page */
#define X86_PTE_NX_BIT  63     /* no execute (needs EFER.NXE) */

#define X86_MSR_EFER    0xC0000080
#define X86_EFER_NXE_BIT 11

#define X86_CPUID_EXT_FEATURES 0x80000001  /* EDX: */
#define X86_CPUID_NX_BIT       20
#define X86_CPUID_PAGE1G_BIT   26

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

#define X86_PTE_NX        (1UL << X86_PTE_NX_BIT)
/* Physical address bits of an entry (MAXPHYADDR up to 52). */
#define X86_PTE_ADDR_MASK 0x000ffffffffff000UL

/* The lower canonical half: addresses the identity map can use. */
#define UKARCH_VA_LIMIT   (1UL << 47)

static inline unsigned long x86_read_cr3(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}

/* Loads a page-table root; flushes every non-global TLB entry. */
static inline void x86_write_cr3(unsigned long v)
{
	__asm__ __volatile__("mov %0, %%cr3" :: "r"(v) : "memory");
}

static inline void x86_invlpg(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory");
}
#endif /* !__ASSEMBLY__ */

#endif /* UK_ARCH_PAGING_H */
