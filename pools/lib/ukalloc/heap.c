/* SPDX-License-Identifier: MIT */
/*
 * The heaps of the image, built in the MEM init class over the free
 * regions of the platform memory map with the back-ends the configuration
 * chose:
 *
 *   - the application's allocator gets the largest free region, then the
 *     others through addmem (a back-end that cannot grow keeps one);
 *   - a separate boot-time allocator, when configured, takes
 *     UKALLOC_BOOT_HEAP_KB from the start of the largest region first and
 *     is the default allocator until the last LATE init function, when the
 *     application's one takes over.
 *
 * The back-ends chosen for each role define uk_alloc_heap_create() and
 * uk_alloc_boot_heap_create(); each Kconfig choice selects exactly one
 * back-end, so exactly one definition is linked.
 */
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <errno.h>

static struct uk_alloc *heap, *boot_heap;

struct uk_alloc *uk_alloc_heap(void)
{
	return heap;
}

struct uk_alloc *uk_alloc_boot_heap(void)
{
	return boot_heap;
}

#if CONFIG_UKALLOC_HEAP_NONE || CONFIG_UKALLOC_BOOT_SAME

struct uk_alloc *uk_alloc_owner(const void *ptr)
{
	return uk_alloc_get_default();
}

#else

/* The boot-time heap's memory: one range, carved off at boot. */
static uintptr_t boot_start, boot_end;

struct uk_alloc *uk_alloc_owner(const void *ptr)
{
	if ((uintptr_t)ptr - boot_start < boot_end - boot_start)
		return boot_heap;
	return uk_alloc_get_default();
}

static int carve_boot_heap(struct ukplat_memregion *largest)
{
	size_t len = (size_t)CONFIG_UKALLOC_BOOT_HEAP_KB << 10;

	if (largest->len <= len) {
		uk_pr_err("the largest free region (%zu KiB) cannot hold a "
			  "%zu KiB boot-time heap and the application's\n",
			  largest->len >> 10, len >> 10);
		return -ENOMEM;
	}
	boot_heap = uk_alloc_boot_heap_create((void *)largest->base, len);
	if (!boot_heap) {
		uk_pr_err("cannot build the boot-time heap\n");
		return -ENOMEM;
	}
	boot_start = largest->base;
	boot_end = largest->base + len;
	largest->base += len;
	largest->len -= len;
	return 0;
}

static int hand_over(void)
{
	uk_alloc_set_default(heap);
	return 0;
}
/* After every other init function: they all allocate from the boot heap. */
UK_INITCALL_PRIO(hand_over, NULL, UK_INIT_CLASS_LATE, 9);

#endif

#if !CONFIG_UKALLOC_HEAP_NONE

static int heaps_init(void)
{
	struct ukplat_memregion mr, largest = { 0 };
	int i, n = ukplat_memregion_count(), largest_at = -1;

	for (i = 0; i < n; i++) {
		if (ukplat_memregion_get(i, &mr) == 0 &&
		    (mr.flags & UKPLAT_MEMRF_FREE) && mr.len > largest.len) {
			largest = mr;
			largest_at = i;
		}
	}
	if (largest_at < 0) {
		uk_pr_err("no free memory region for the heap\n");
		return -ENOMEM;
	}
#if !CONFIG_UKALLOC_BOOT_SAME
	if (carve_boot_heap(&largest))
		return -ENOMEM;
#endif
	heap = uk_alloc_heap_create((void *)largest.base, largest.len);
	if (!heap) {
		uk_pr_err("heap region %p+%zu too small\n",
			  (void *)largest.base, largest.len);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		if (i == largest_at || ukplat_memregion_get(i, &mr) ||
		    !(mr.flags & UKPLAT_MEMRF_FREE))
			continue;
		if (uk_alloc_addmem(heap, (void *)mr.base, mr.len) < 0)
			uk_pr_debug("%s heap leaves %p+%zu unused\n",
				    heap->name, (void *)mr.base, mr.len);
	}
	if (!boot_heap)
		boot_heap = heap;
	/* The boot-time heap, registered first, is the default until LATE. */
	uk_alloc_set_default(boot_heap);
	uk_pr_info("heap: %s, %zu KiB at %p (boot-time: %s)\n", heap->name,
		   largest.len >> 10, (void *)largest.base, boot_heap->name);
	return 0;
}
UK_MEM_INITCALL(heaps_init, NULL);

#endif
