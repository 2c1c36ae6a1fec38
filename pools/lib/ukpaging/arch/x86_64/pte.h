/* SPDX-License-Identifier: MIT */
/*
 * x86_64 entries for the generic walker (paging.c): encoding attributes,
 * recognising tables, and keeping the TLB coherent when the live table
 * changes. x86 needs no break-before-make: an entry may go from one valid
 * value to another (a 2 MiB page to a table of 4 KiB pages with the same
 * translations included), then INVLPG drops what the TLB and the
 * paging-structure caches held for that address.
 */
#ifndef UKPAGING_PTE_H
#define UKPAGING_PTE_H

#include <uk/arch/paging.h>
#include <uk/arch/lcpu.h>
#include <uk/paging.h>

typedef uint64_t pte_t;

/* CPU features, read by arch_paging_init(). */
extern bool x86_paging_nx, x86_paging_1g;

static inline bool pte_valid(pte_t e)
{
	return e & X86_PTE_P;
}

static inline bool pte_is_table(pte_t e, int level)
{
	return level < 3 && (e & X86_PTE_P) && !(e & X86_PTE_PS);
}

static inline uint64_t pte_addr(pte_t e)
{
	return e & X86_PTE_ADDR_MASK;
}

/* Intermediate entries allow everything; the leaves decide. */
static inline pte_t pte_table(uint64_t pa)
{
	return pa | X86_PTE_P | X86_PTE_W | X86_PTE_A;
}

/* Accessed and dirty are preset: the CPU has nothing to write back. */
static inline pte_t pte_leaf(uint64_t pa, int level, unsigned int attr)
{
	pte_t e = pa | X86_PTE_P | X86_PTE_A | X86_PTE_D;

	if (attr & UK_PAGING_WRITE)
		e |= X86_PTE_W;
	if (!(attr & UK_PAGING_EXEC) && x86_paging_nx)
		e |= X86_PTE_NX;
	if (attr & UK_PAGING_DEVICE)
		e |= X86_PTE_PCD | X86_PTE_PWT;
	if (level < 3)
		e |= X86_PTE_PS;
	return e;
}

static inline unsigned int pte_attr(pte_t e)
{
	unsigned int attr = 0;

	if (e & X86_PTE_W)
		attr |= UK_PAGING_WRITE;
	if (!(e & X86_PTE_NX))
		attr |= UK_PAGING_EXEC;
	if (e & X86_PTE_PCD)
		attr |= UK_PAGING_DEVICE;
	return attr;
}

/* 2 MiB pages always, 1 GiB pages where CPUID says so. */
static inline bool pte_block_ok(int level)
{
	return level == 2 || (level == 1 && x86_paging_1g);
}

/* Changes an entry of the live table that translates `va`. */
static inline void pte_set_live(pte_t *p, pte_t e, uintptr_t va)
{
	pte_t old = *p;

	*(volatile pte_t *)p = e;
	if (pte_valid(old))
		x86_invlpg(va);
}

/* Reads the CPU's features the entries depend on. */
void arch_paging_init(void);

/*
 * After a change of valid entries of [va, va + len), which INVLPG dropped
 * from the calling CPU's TLB only: the other CPUs drop them too, and this
 * returns once each has (x86 has no broadcast invalidation).
 */
#if CONFIG_UKLCPU_SMP
void arch_tlb_shootdown(uintptr_t va, size_t len);
#else
static inline void arch_tlb_shootdown(uintptr_t va, size_t len)
{
	(void)va;
	(void)len;
}
#endif

#endif
