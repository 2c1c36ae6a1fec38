/* SPDX-License-Identifier: MIT */
/* The memory-region table every platform fills (plat/memregion.h). */
#include <plat/memregion.h>
#include <uk/print.h>
#include <uk/arch/types.h>
#include <uk/init.h>
#include <uk/assert.h>

/* Firmware maps are short; carving adds at most two entries per call. */
#define MAX_REGIONS 32

static struct ukplat_memregion regions[MAX_REGIONS];
static int nr_regions;

/* Keeps the array sorted by base: the one place that inserts. */
void plat_memregion_add(uint64_t base, uint64_t len, unsigned int flags,
			const char *name)
{
	int i;

	if (nr_regions == MAX_REGIONS) {
		uk_pr_warn("memory map full, dropping %p+%zu\n",
			   (void *)(uintptr_t)base, (size_t)len);
		return;
	}
	/* Regions above the new one move up by one, from the top. */
	for (i = nr_regions; i > 0 && regions[i - 1].base > base; i--)
		regions[i] = regions[i - 1];
	regions[i] = (struct ukplat_memregion){ base, len, flags, name };
	nr_regions++;
}

void plat_memregion_add_free(uint64_t base, uint64_t len)
{
	/* Allocators work in pages: drop partial pages at both ends. */
	uint64_t start = UK_ALIGN_UP(base, UK_PAGE_SIZE);
	uint64_t end = UK_ALIGN_DOWN(base + len, UK_PAGE_SIZE);

	/* Page 0 stays unused so that NULL dereferences never hit data. */
	if (start < UK_PAGE_SIZE)
		start = UK_PAGE_SIZE;
	if (end <= start || end - 1 > UINTPTR_MAX)
		return;
	plat_memregion_add(start, end - start, UKPLAT_MEMRF_FREE, "ram");
}

uint64_t plat_memregion_reserve(uint64_t base, uint64_t len,
				unsigned int flags, const char *name)
{
	uint64_t rstart = UK_ALIGN_DOWN(base, UK_PAGE_SIZE);
	uint64_t rend = UK_ALIGN_UP(base + len, UK_PAGE_SIZE);
	uint64_t carved = 0;
	int i;

	for (i = 0; i < nr_regions; i++) {
		struct ukplat_memregion r = regions[i];
		uint64_t fstart = r.base, fend = r.base + r.len;
		uint64_t cstart, cend;

		if (!(r.flags & UKPLAT_MEMRF_FREE) ||
		    fend <= rstart || fstart >= rend)
			continue;
		/* Split the free region into: before, carved, after. Region
		 * i keeps the part before, or becomes the carved part; the
		 * others sort into place right after it. */
		cstart = fstart > rstart ? fstart : rstart;
		cend = fend < rend ? fend : rend;
		carved += cend - cstart;
		if (cstart > fstart) {
			regions[i].len = cstart - fstart;
			plat_memregion_add(cstart, cend - cstart, flags, name);
			i++;
		} else {
			regions[i] = (struct ukplat_memregion){
				cstart, cend - cstart, flags, name };
		}
		if (fend > cend) {
			plat_memregion_add(cend, fend - cend, r.flags, r.name);
			i++;
		}
		/* The loop's i++ moves past the last piece. */
	}
	return carved;
}

int ukplat_memregion_count(void)
{
	return nr_regions;
}

int ukplat_memregion_get(int i, struct ukplat_memregion *mr)
{
	if (i < 0 || i >= nr_regions)
		return -1;
	*mr = regions[i];
	return 0;
}

extern char __image_start[], __image_end[];

void plat_memregion_reserve_image(void)
{
	uintptr_t start = (uintptr_t)__image_start;
	uintptr_t end = UK_ALIGN_UP((uintptr_t)__image_end, UK_PAGE_SIZE);

	/* Checked after the fact: a crash follows anyway. */
	if (plat_memregion_reserve(start, end - start, UKPLAT_MEMRF_KERNEL,
				   "image") != end - start)
		UK_CRASH("the image [%#lx, %#lx) is not inside RAM: "
			 "give the guest more memory", (unsigned long)start,
			 (unsigned long)end);
}

/* An init function, so that ukdebug.level=4 on the command line shows it. */
static int memregion_print(void)
{
	int i;

	if (uk_print_level < UK_PRINT_INFO)
		return 0;

	for (i = 0; i < nr_regions; i++)
		uk_pr_info("mem %#010lx-%#010lx %s%s\n",
			   (unsigned long)regions[i].base,
			   (unsigned long)(regions[i].base + regions[i].len),
			   regions[i].name,
			   regions[i].flags & UKPLAT_MEMRF_FREE ? " (free)" : "");
	return 0;
}
UK_EARLY_INITCALL(memregion_print, NULL);
