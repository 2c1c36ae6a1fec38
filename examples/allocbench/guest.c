/* SPDX-License-Identifier: MIT */
/*
 * The unikernel side: time from the platform's tick counter, and the
 * checks only the ukalloc API makes possible: usable sizes, the
 * statistics of the application's heap added up against the blocks the
 * workload holds, and the boot-time heap (a block allocated by an init
 * function belongs to it and goes back to it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/plat.h>
#include "target.h"

uint64_t target_now_ns(void)
{
	static uint64_t hz;
	uint64_t t = ukplat_ticks();

	if (!hz)
		hz = ukplat_ticks_hz(NULL);
	if (!hz)
		return 0;
	/* Split so that t * 10^9 cannot overflow. */
	return t / hz * 1000000000ULL + t % hz * 1000000000ULL / hz;
}

/* Allocated by an init function, so from the boot-time heap. */
static void *boot_block;

static int allocate_at_boot(void)
{
	boot_block = malloc(100);
	return boot_block ? 0 : -ENOMEM;
}
UK_LIB_INITCALL(allocate_at_boot, NULL);

void target_describe(void)
{
	struct uk_alloc *heap = uk_alloc_heap(), *boot = uk_alloc_boot_heap();

	printf("heap: %s (boot-time: %s)\n", heap ? heap->name : "none",
	       boot ? boot->name : "none");
}

static unsigned long fail(const char *what)
{
	printf("FAIL %s\n", what);
	return 1;
}

/* ---- check mode ------------------------------------------------------------ */

static struct uk_alloc *heap;
static struct uk_alloc_stats at_start;
static size_t held, held_peak;   /* usable bytes of the workload's blocks */

/* The boot-time block: where it came from, where free() gives it back. */
static unsigned long check_boot_heap(void)
{
	struct uk_alloc *boot = uk_alloc_boot_heap();
	struct uk_alloc_stats before, after;
	unsigned long bad = 0;
	size_t size = uk_usable_size(boot, boot_block);

	if (uk_alloc_owner(boot_block) != boot)
		bad += fail("the init function's block is not the boot-time heap's");
	if (uk_alloc_stats_get(boot, &before))
		return bad + fail("no statistics (CONFIG_UKALLOC_STATS)");
	free(boot_block);
	uk_alloc_stats_get(boot, &after);
	if (after.frees != before.frees + 1 ||
	    after.cur_bytes != before.cur_bytes - size)
		bad += fail("free() did not give the boot-time block back to its heap");
	return bad;
}

#if CONFIG_UKALLOC_HEAP_NONE
/* No heap back-end in the image: there is no uk_alloc_heap_create() to call. */
static unsigned long check_addmem(void)
{
	return fail("addmem: no heap back-end (UKALLOC_HEAP_NONE)");
}
#else
/*
 * Another instance of the heap's back-end over 64 KiB taken from the heap
 * (aligned to 64 KiB, so that a buddy allocator has whole blocks): filled
 * with 1000-byte blocks until it refuses, grown with addmem, filled again
 * (from the memory added only), then emptied: every byte must come back
 * and the blocks merge again (a quarter of the memory fits in one block).
 * The region allocator must say it cannot grow.
 */
#define GROW_LEN (64 << 10)
static void *grown[2 * GROW_LEN / 1000];

/* Allocates blocks from a into grown[n...] until it refuses: the new n. */
static unsigned fill(struct uk_alloc *a, unsigned n)
{
	while (n < UK_ARRAY_SIZE(grown) && (grown[n] = uk_malloc(a, 1000)))
		n++;
	return n;
}

/* The instance stays registered: its memory is never given back. */
static unsigned long check_addmem(void)
{
	char *grow_a = uk_memalign(uk_alloc_heap(), GROW_LEN, GROW_LEN);
	char *grow_b = uk_memalign(uk_alloc_heap(), GROW_LEN, GROW_LEN);
	struct uk_alloc *a = grow_a && grow_b ? uk_alloc_heap_create(grow_a, GROW_LEN) : NULL;
	unsigned long bad = 0;
	unsigned n, first, i;
	ssize_t fresh, added;
	int rc;

	if (!a)
		return fail("addmem: cannot create another instance of the heap's back-end");
	fresh = uk_alloc_availmem(a);
	first = n = fill(a, 0);
	if (n < 32)
		bad += fail("addmem: fewer than 32 blocks of 1000 bytes in 64 KiB");
	added = uk_alloc_availmem(a);
	rc = uk_alloc_addmem(a, grow_b, GROW_LEN);
	if (rc == -ENOTSUP && !strcmp(a->name, "region"))
		return bad;
	if (rc)
		return bad + fail("addmem refused 64 KiB");
	added = uk_alloc_availmem(a) - added;
	n = fill(a, n);
	if (n - first < 32)
		bad += fail("addmem: fewer than 32 more blocks in the 64 KiB added");
	for (i = first; i < n; i++)
		if ((char *)grown[i] < grow_b || (char *)grown[i] >= grow_b + GROW_LEN) {
			bad += fail("addmem: a block of the second fill is outside the memory added");
			break;
		}
	while (n)
		uk_free(a, grown[--n]);
	if (uk_alloc_availmem(a) != fresh + added)
		bad += fail("addmem: the freed blocks did not all come back");
	grown[0] = uk_malloc(a, GROW_LEN / 4);
	if (!grown[0])
		bad += fail("addmem: the freed blocks did not merge again");
	uk_free(a, grown[0]);
	return bad;
}
#endif

unsigned long target_check_begin(void)
{
	unsigned long bad = 0;

	heap = uk_alloc_heap();
	if (!heap)
		return fail("no heap");
	if (uk_alloc_get_default() != heap)
		bad += fail("malloc() does not use the application's heap in main()");
	bad += check_boot_heap();
	bad += check_addmem();
	uk_alloc_stats_get(heap, &at_start);
	held = held_peak = 0;
	return bad;
}

unsigned long target_block_added(void *p, size_t size)
{
	size_t usable = uk_usable_size(heap, p);

	held += usable;
	if (held > held_peak)
		held_peak = held;
	if (uk_alloc_owner(p) != heap)
		return fail("a block from main() is not the application heap's");
	return usable < size ? fail("usable size below the size asked for") : 0;
}

void target_block_removed(void *p)
{
	held -= uk_usable_size(heap, p);
}

/*
 * Since target_check_begin(): as many more allocations than frees as the
 * workload holds blocks, the bytes in use and the peak what the usable
 * sizes of those blocks add up to, a failure for each refused request.
 */
unsigned long target_check_stats(unsigned long live, unsigned long refused)
{
	struct uk_alloc_stats s;
	unsigned long bad = 0;
	size_t peak = at_start.cur_bytes + held_peak;

	if (peak < at_start.peak_bytes)
		peak = at_start.peak_bytes;
	uk_alloc_stats_get(heap, &s);
	if (s.allocs - at_start.allocs != s.frees - at_start.frees + live)
		bad += fail("statistics: allocations - frees != live blocks");
	if (s.cur_bytes != at_start.cur_bytes + held)
		bad += fail("statistics: bytes in use != usable sizes of the live blocks");
	if (s.peak_bytes != peak)
		bad += fail("statistics: peak != the model's peak");
	if (s.failures - at_start.failures != refused)
		bad += fail("statistics: failures != refused requests");
	printf("statistics: %llu allocations, %llu frees, %lu bytes in use, "
	       "peak %lu, %llu failures%s\n",
	       (unsigned long long)(s.allocs - at_start.allocs),
	       (unsigned long long)(s.frees - at_start.frees),
	       (unsigned long)s.cur_bytes, (unsigned long)s.peak_bytes,
	       (unsigned long long)(s.failures - at_start.failures),
	       bad ? "" : ": as the model says");
	return bad;
}
