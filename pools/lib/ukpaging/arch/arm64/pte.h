/* SPDX-License-Identifier: MIT */
/*
 * arm64 descriptors for the generic walker (paging.c): encoding attributes,
 * recognising tables, and the Arm rules for changing a live table.
 *
 * Permission changes and valid <-> invalid changes are made in place and
 * followed by a TLB invalidation broadcast to the inner shareable domain
 * (every CPU of the image). Changing the output address, the memory type
 * or the size of a translation (a block becoming a table, in a split)
 * needs break-before-make: the entry is invalidated and the TLBs cleaned
 * before the new value is written, or CPUs may hold conflicting entries.
 * In between, the range is unmapped: the sequence runs with interrupts
 * masked, in one assembly block that touches no memory but the entry, so
 * the calling CPU cannot fault on it as long as its code and stack are
 * not inside the range (the image is mapped with pages, never blocks, and
 * the stacks of uk_paging_stack_alloc() live in a region of their own).
 */
#ifndef UKPAGING_PTE_H
#define UKPAGING_PTE_H

#include <uk/arch/paging.h>
#include <uk/arch/lcpu.h>
#include <uk/paging.h>

typedef uint64_t pte_t;

/* Level 3 entries are written as pages (0b11) or 0, never 0b01. */
static inline bool pte_valid(pte_t e)
{
	return e & 1;
}

static inline bool pte_is_table(pte_t e, int level)
{
	return level < 3 && (e & ARM64_DESC_TYPE_MASK) == ARM64_DESC_TABLE;
}

static inline uint64_t pte_addr(pte_t e)
{
	return e & ARM64_DESC_ADDR_MASK;
}

static inline pte_t pte_table(uint64_t pa)
{
	return pa | ARM64_DESC_TABLE;
}

static inline pte_t pte_leaf(uint64_t pa, int level, unsigned int attr)
{
	pte_t e = pa | ARM64_DESC_AF | ARM64_DESC_UXN;

	e |= level == 3 ? ARM64_DESC_PAGE : ARM64_DESC_BLOCK;
	if (attr & UK_PAGING_DEVICE)
		e |= ARM64_DESC_ATTRIDX(ARM64_ATTR_DEVICE);
	else
		e |= ARM64_DESC_ATTRIDX(ARM64_ATTR_NORMAL) |
		     ARM64_DESC_SH_INNER;
	if (!(attr & UK_PAGING_WRITE))
		e |= ARM64_DESC_AP_RO;
	if (!(attr & UK_PAGING_EXEC))
		e |= ARM64_DESC_PXN;
	return e;
}

static inline unsigned int pte_attr(pte_t e)
{
	unsigned int attr = 0;

	if (!(e & ARM64_DESC_AP_RO))
		attr |= UK_PAGING_WRITE;
	if (!(e & ARM64_DESC_PXN))
		attr |= UK_PAGING_EXEC;
	if ((e & ARM64_DESC_ATTRIDX_MASK) ==
	    ARM64_DESC_ATTRIDX(ARM64_ATTR_DEVICE))
		attr |= UK_PAGING_DEVICE;
	return attr;
}

/* 1 GiB blocks at level 1, 2 MiB blocks at level 2. */
static inline bool pte_block_ok(int level)
{
	return level == 1 || level == 2;
}

/* Bits whose change needs break-before-make: type, address, memory type,
 * shareability. */
#define BBM_BITS (ARM64_DESC_TYPE_MASK | ARM64_DESC_ADDR_MASK |		\
		  ARM64_DESC_ATTRIDX_MASK | ARM64_DESC_SH_INNER)

static inline void tlbi_va(uintptr_t va)
{
	__asm__ __volatile__("dsb ishst\n\t"
			     "tlbi vaae1is, %0\n\t"
			     "dsb ish\n\t"
			     "isb"
			     :: "r"(va >> 12) : "memory");
}

/* Changes an entry of the live table that translates `va`. */
static inline void pte_set_live(pte_t *p, pte_t e, uintptr_t va)
{
	pte_t old = *p;
	unsigned long flags;

	/* A new table's contents before the entry that publishes it. */
	__asm__ __volatile__("dsb ishst" ::: "memory");
	if (!pte_valid(old)) {
		*(volatile pte_t *)p = e;
		__asm__ __volatile__("dsb ishst\n\tisb" ::: "memory");
	} else if (!pte_valid(e) || !((old ^ e) & BBM_BITS)) {
		*(volatile pte_t *)p = e;
		tlbi_va(va);
	} else {
		flags = ukarch_irq_save();
		__asm__ __volatile__("str xzr, [%0]\n\t"
				     "dsb ishst\n\t"
				     "tlbi vaae1is, %1\n\t"
				     "dsb ish\n\t"
				     "str %2, [%0]\n\t"
				     "dsb ishst\n\t"
				     "isb"
				     :: "r"(p), "r"(va >> 12), "r"(e)
				     : "memory");
		ukarch_irq_restore(flags);
	}
}

static inline void arch_paging_init(void)
{
}

/*
 * Nothing for the other CPUs to do after a change: every invalidation
 * above is a broadcast TLBI (the "IS" forms) to the Inner Shareable
 * domain, which holds every CPU of the image, and the DSB ISH after it
 * completes only once each of them has dropped the entry (the
 * architecture's acknowledgement, in hardware). An IPI to run a local
 * TLBI on each CPU would do the same work slower, and would need them
 * to take interrupts.
 */
static inline void arch_tlb_shootdown(uintptr_t va, size_t len)
{
	(void)va;
	(void)len;
}

#endif
