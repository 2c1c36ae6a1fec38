/* SPDX-License-Identifier: MIT */
/*
 * Stacks with a guard page. A stack of n pages takes n + 1 pages from the
 * default allocator; the n upper ones are mapped again at
 * UK_PAGING_STACK_AREA + their physical address, where nothing else is
 * mapped, so the page below each stack there is a hole: an overflow
 * faults in it. The first page of the block, unused by the stack, holds
 * the bookkeeping that uk_paging_stack_free() needs.
 *
 * The stack area only ever gains and loses 4 KiB pages under tables of
 * its own, so no block is split under a running thread (on arm64 a split
 * briefly unmaps its range, see arch/arm64/pte.h).
 */
#include <uk/paging.h>
#include <uk/alloc.h>
#include <uk/assert.h>

#define STACK_MAGIC 0x6b63617473676b75UL   /* "ukgstack" */

struct stack_block {
	uint64_t magic;
	unsigned long pages;      /* of the stack, the header page not counted */
	struct uk_alloc *alloc;
};

void *uk_paging_stack_alloc(size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long pages = UK_ALIGN_UP(size, UK_PAGE_SIZE) / UK_PAGE_SIZE;
	struct stack_block *b;
	uintptr_t stack;

	if (!size || !a || size > UK_PAGING_STACK_AREA)
		return NULL;
	b = uk_palloc(a, pages + 1);
	if (!b)
		return NULL;
	stack = (uintptr_t)b + UK_PAGE_SIZE;
	if (stack + pages * UK_PAGE_SIZE > UK_PAGING_STACK_AREA ||
	    uk_paging_map(UK_PAGING_STACK_AREA + stack, stack,
			  pages * UK_PAGE_SIZE, UK_PAGING_WRITE)) {
		uk_pfree(a, b, pages + 1);
		return NULL;
	}
	*b = (struct stack_block){ STACK_MAGIC, pages, a };
	return (void *)(UK_PAGING_STACK_AREA + stack);
}

void uk_paging_stack_free(void *stack)
{
	uintptr_t va = (uintptr_t)stack;
	struct stack_block *b;

	if (!stack)
		return;
	b = (struct stack_block *)(va - UK_PAGING_STACK_AREA - UK_PAGE_SIZE);
	if (va < UK_PAGING_STACK_AREA + UK_PAGE_SIZE ||
	    (va & (UK_PAGE_SIZE - 1)) ||
	    uk_paging_query((uintptr_t)b, NULL, NULL) ||
	    b->magic != STACK_MAGIC)
		UK_CRASH("uk_paging_stack_free(%p): not a stack of "
			 "uk_paging_stack_alloc()", stack);
	UK_BUGON(uk_paging_unmap(va, b->pages * UK_PAGE_SIZE));
	b->magic = 0;
	uk_pfree(b->alloc, b, b->pages + 1);
}
