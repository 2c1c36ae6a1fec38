/* SPDX-License-Identifier: MIT */
/*
 * The paging API (CONFIG_PAGING): the image and the memory map as the
 * boot mapped them, map / protect / unmap of an alias, a block split by a
 * change inside it, what the API refuses, stacks with a guard page.
 */
#include <string.h>
#include <errno.h>
#include <uk/paging.h>
#include <uk/alloc.h>
#include <uk/plat.h>
#include "check.h"

#define PAGE   UK_PAGE_SIZE
#define BLOCK  (2UL << 20)
/* Addresses nothing else maps: 16 TiB up. */
#define ALIAS  (1UL << 44)

static const char read_only[] = "read-only data";
static int writable;

static bool mapped_as(const void *p, unsigned int attr)
{
	unsigned int got;
	uint64_t pa;

	return uk_paging_query((uintptr_t)p, &pa, &got) == 0 &&
	       pa == (uintptr_t)p && got == attr;
}

static void test_image(void)
{
	CHECK(mapped_as((const void *)(uintptr_t)test_image, UK_PAGING_EXEC));
	CHECK(mapped_as(read_only, 0));
	CHECK(mapped_as(&writable, UK_PAGING_WRITE));
	CHECK(uk_paging_query(0, NULL, NULL) == -ENOENT);
	CHECK(uk_paging_query(UK_PAGE_SIZE - 1, NULL, NULL) == -ENOENT);
}

/* All the RAM of the memory map is mapped, writable and not executable
 * (on arm64, RAM beyond the GiB the boot code maps too). */
static void test_memory_map(void)
{
	struct ukplat_memregion mr;
	unsigned int first, last;
	int i, ok = 1;

	for (i = 0; ukplat_memregion_get(i, &mr) == 0; i++) {
		if (mr.flags & UKPLAT_MEMRF_KERNEL)
			continue;
		ok &= uk_paging_query(mr.base, NULL, &first) == 0 &&
		      uk_paging_query(mr.base + mr.len - 1, NULL, &last) == 0 &&
		      first == UK_PAGING_WRITE && last == UK_PAGING_WRITE;
	}
	CHECK(i > 0 && ok);
}

static void test_alias(char *page)
{
	volatile char *alias = (volatile char *)ALIAS;
	unsigned int attr;
	uint64_t pa;

	CHECK(uk_paging_map(ALIAS, (uintptr_t)page, PAGE, UK_PAGING_WRITE) == 0);
	CHECK(uk_paging_query(ALIAS + 10, &pa, &attr) == 0 &&
	      pa == (uintptr_t)page + 10 && attr == UK_PAGING_WRITE);
	alias[0] = 'x';
	alias[PAGE - 1] = 'y';
	CHECK(page[0] == 'x' && page[PAGE - 1] == 'y');
	CHECK(uk_paging_protect(ALIAS, PAGE, 0) == 0);
	CHECK(uk_paging_query(ALIAS, NULL, &attr) == 0 && attr == 0);
	CHECK(alias[0] == 'x');
	CHECK(uk_paging_protect(ALIAS, PAGE, UK_PAGING_WRITE) == 0);
	alias[1] = 'z';
	CHECK(page[1] == 'z');
	CHECK(uk_paging_unmap(ALIAS, PAGE) == 0);
	CHECK(uk_paging_query(ALIAS, NULL, NULL) == -ENOENT);
	CHECK(uk_paging_protect(ALIAS, PAGE, 0) == -ENOENT);
	CHECK(uk_paging_unmap(ALIAS, PAGE) == 0);     /* a hole is fine */
}

/* A 2 MiB block, then a change to one page of it: the block is split
 * into pages that keep the other translations. */
static void test_split(char *page)
{
	uintptr_t pa = UK_ALIGN_DOWN((uintptr_t)page, BLOCK);
	uintptr_t va = ALIAS + BLOCK;
	unsigned int attr;
	uint64_t got;

	CHECK(uk_paging_map(va, pa, BLOCK, 0) == 0);
	CHECK(uk_paging_query(va + BLOCK - 1, &got, &attr) == 0 &&
	      got == pa + BLOCK - 1 && attr == 0);
	CHECK(uk_paging_protect(va + 5 * PAGE, PAGE, UK_PAGING_WRITE) == 0);
	CHECK(uk_paging_query(va + 5 * PAGE, &got, &attr) == 0 &&
	      got == pa + 5 * PAGE && attr == UK_PAGING_WRITE);
	CHECK(uk_paging_query(va + 6 * PAGE, &got, &attr) == 0 &&
	      got == pa + 6 * PAGE && attr == 0);
	CHECK(uk_paging_query(va + 4 * PAGE, &got, &attr) == 0 &&
	      got == pa + 4 * PAGE && attr == 0);
	CHECK(uk_paging_unmap(va, BLOCK) == 0);
	CHECK(uk_paging_query(va + 5 * PAGE, NULL, NULL) == -ENOENT);
}

static void test_refused(char *page)
{
	uintptr_t pa = (uintptr_t)page;

	CHECK(uk_paging_map(ALIAS + 1, pa, PAGE, 0) == -EINVAL);
	CHECK(uk_paging_map(ALIAS, pa + 1, PAGE, 0) == -EINVAL);
	CHECK(uk_paging_map(ALIAS, pa, PAGE + 1, 0) == -EINVAL);
	CHECK(uk_paging_map(ALIAS, pa, PAGE, 0x100) == -EINVAL);
	CHECK(uk_paging_map(ALIAS, pa, PAGE,
			    UK_PAGING_EXEC | UK_PAGING_DEVICE) == -EINVAL);
	CHECK(uk_paging_map(1UL << 63, pa, PAGE, 0) == -EINVAL);
	CHECK(uk_paging_unmap(ALIAS, (size_t)-PAGE) == -EINVAL);
	CHECK(uk_paging_query(ALIAS, NULL, NULL) == -ENOENT);
}

static void test_stacks(void)
{
	char *s = uk_paging_stack_alloc(10000), *t;
	unsigned int attr;
	size_t i;
	int same = 1;

	CHECK(s && !((uintptr_t)s & (PAGE - 1)));
	if (!s)
		return;
	/* 10000 bytes round up to 3 pages, with a guard page below. */
	CHECK(uk_paging_query((uintptr_t)s, NULL, &attr) == 0 &&
	      attr == UK_PAGING_WRITE);
	CHECK(uk_paging_query((uintptr_t)s + 3 * PAGE - 1, NULL, NULL) == 0);
	CHECK(uk_paging_query((uintptr_t)s - 1, NULL, NULL) == -ENOENT);
	CHECK(uk_paging_guard_owner((uintptr_t)s - 1) != NULL);
	CHECK(uk_paging_guard_owner((uintptr_t)s) == NULL);
	memset(s, 0x5a, 3 * PAGE);
	for (i = 0; i < 3 * PAGE; i++)
		same &= s[i] == 0x5a;
	CHECK(same);
	t = uk_paging_stack_alloc(PAGE);
	CHECK(t && t != s && uk_paging_query((uintptr_t)t - 1, NULL, NULL) ==
	      -ENOENT);
	uk_paging_stack_free(t);
	uk_paging_stack_free(s);
	CHECK(uk_paging_query((uintptr_t)s, NULL, NULL) == -ENOENT);
	CHECK(uk_paging_stack_alloc(0) == NULL);
	uk_paging_stack_free(NULL);
}

void test_paging(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	char *page = a ? uk_palloc(a, 1) : NULL;

	test_image();
	test_memory_map();
	CHECK(page != NULL);
	if (!page)
		return;
	CHECK(mapped_as(page, UK_PAGING_WRITE));   /* the heap: not code */
	test_alias(page);
	test_split(page);
	test_refused(page);
	test_stacks();
	uk_pfree(a, page, 1);
}
