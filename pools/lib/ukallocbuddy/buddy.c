/* SPDX-License-Identifier: MIT */
/*
 * Binary buddy allocator (Knowlton, 1965; Knuth, TAOCP vol. 1, 2.5).
 *
 * Memory is handed out in blocks of 2^k bytes, 2^MIN_ORDER <= 2^k, each
 * aligned to its own size in absolute addresses, so that the buddy of the
 * block at x is the block at x ^ 2^k and an aligned request is just a
 * request for a large enough order. A free block sits on the list of its
 * order (the links live in the block); freeing a block merges it with its
 * buddy for as long as the buddy is free and whole, which a tag byte per
 * 16-byte granule tells: the byte at a block's first granule holds its
 * order and whether it is free or in use (other bytes are never read).
 *
 * Keeping the tags beside the memory instead of in a header before each
 * block makes page and aligned allocations exact (no header to skip) and
 * keeps bookkeeping out of reach of buffer overruns. They cost 1/16 of
 * the memory and need no initialisation.
 *
 * A range is cut into the largest blocks aligned to their size that it
 * holds, and lazily: from its start, only when the lists have no block
 * large enough. Creating an allocator touches no memory but its header,
 * whatever the size of the range (on a virtual machine, first touching a
 * page is what costs), and memory that is never used is never touched.
 * Buddies never merge beyond these first blocks, so whether the block at
 * an address is whole and free is only asked below the cut.
 *
 * Each range given to the allocator (creation, addmem) is an arena with
 * its own tags; blocks never merge across arenas.
 */
#include <uk/allocbuddy.h>
#include <uk/assert.h>
#include <string.h>
#include <errno.h>

#define MIN_ORDER   4                       /* 16 bytes: two links */
#define NR_ORDERS   (sizeof(uintptr_t) * 8 - 1)
#define GRANULE     ((uintptr_t)1 << MIN_ORDER)

/* Tag of the first granule of a block; 0 elsewhere (and when unknown). */
#define TAG_FREE    0x80
#define TAG_USED    0x40
#define TAG_ORDER   0x3f

struct free_block {
	struct free_block *next, *prev;
};

struct arena {
	struct arena *next;
	uintptr_t start, end;       /* managed memory, granule aligned */
	uintptr_t cut;              /* [start, cut) is cut into blocks */
	uint8_t *tags;              /* one per granule of [start, cut) */
};

struct buddy {
	struct uk_alloc a;
	uint64_t nonempty;          /* bit k: lists[k] holds a block */
	struct arena *arenas;
	size_t free_bytes;          /* on the lists and not yet cut */
	/* Read only where nonempty has a bit: never needs clearing. */
	struct free_block *lists[NR_ORDERS];
};

#define to_buddy(a) UK_CONTAINER_OF(a, struct buddy, a)

static uint8_t *tag_of(struct arena *ar, uintptr_t x)
{
	return &ar->tags[(x - ar->start) >> MIN_ORDER];
}

static struct arena *arena_of(struct buddy *b, uintptr_t x)
{
	struct arena *ar;

	for (ar = b->arenas; ar; ar = ar->next)
		if (x - ar->start < ar->end - ar->start)
			return ar;
	return NULL;
}

static void push(struct buddy *b, struct arena *ar, uintptr_t x, unsigned k)
{
	struct free_block *f = (struct free_block *)x;

	f->prev = NULL;
	f->next = b->nonempty & ((uint64_t)1 << k) ? b->lists[k] : NULL;
	if (f->next)
		f->next->prev = f;
	b->lists[k] = f;
	b->nonempty |= (uint64_t)1 << k;
	*tag_of(ar, x) = TAG_FREE | k;
	b->free_bytes += (size_t)1 << k;
}

static void unlink_block(struct buddy *b, uintptr_t x, unsigned k)
{
	struct free_block *f = (struct free_block *)x;

	if (f->prev)
		f->prev->next = f->next;
	else if (!(b->lists[k] = f->next))
		b->nonempty &= ~((uint64_t)1 << k);
	if (f->next)
		f->next->prev = f->prev;
	b->free_bytes -= (size_t)1 << k;
}

/*
 * The smallest order whose blocks hold size bytes aligned to align;
 * NR_ORDERS or more when none does.
 */
static unsigned order_for(size_t size, size_t align)
{
	size_t need = size > align ? size : align;

	if (need <= GRANULE)
		return MIN_ORDER;
	return sizeof(need) * 8 - __builtin_clzl(need - 1);
}

/* Gives back the upper halves of the block at x until it has order k. */
static void trim(struct buddy *b, struct arena *ar, uintptr_t x,
		 unsigned from, unsigned k)
{
	while (from > k) {
		from--;
		push(b, ar, x + ((uintptr_t)1 << from), from);
	}
	*tag_of(ar, x) = TAG_USED | k;
}

/*
 * Cuts the next blocks off the uncut memory until one has order k or
 * more; false when all is cut. The cut moves by the largest block aligned
 * to its size that fits, as if the whole range had been cut at once.
 */
static bool cut_block(struct buddy *b, unsigned k)
{
	struct arena *ar;

	for (ar = b->arenas; ar; ar = ar->next) {
		while (ar->cut < ar->end) {
			uintptr_t x = ar->cut;
			unsigned j = __builtin_ctzll(x);

			if (j > NR_ORDERS - 1)
				j = NR_ORDERS - 1;
			while (((uintptr_t)1 << j) > ar->end - x)
				j--;
			ar->cut = x + ((uintptr_t)1 << j);
			b->free_bytes -= (size_t)1 << j;
			push(b, ar, x, j);
			if (j >= k)
				return true;
		}
	}
	return false;
}

static int buddy_memalign(struct uk_alloc *a, void **ptr, size_t align,
			  size_t size)
{
	struct buddy *b = to_buddy(a);
	unsigned k = order_for(size, align), j;
	uint64_t fit;
	uintptr_t x;

	if (k >= NR_ORDERS)
		return ENOMEM;
	fit = b->nonempty & ~(((uint64_t)1 << k) - 1);
	if (!fit && !cut_block(b, k))
		return ENOMEM;
	fit = b->nonempty & ~(((uint64_t)1 << k) - 1);
	j = __builtin_ctzll(fit);
	x = (uintptr_t)b->lists[j];
	unlink_block(b, x, j);
	trim(b, arena_of(b, x), x, j, k);
	*ptr = (void *)x;
	return 0;
}

/* The arena and order of an allocated block, or a crash for a bad pointer. */
static struct arena *checked_block(struct buddy *b, uintptr_t x, unsigned *k)
{
	struct arena *ar = arena_of(b, x);
	uint8_t t;

	if (!ar || (x & (GRANULE - 1)))
		UK_CRASH("buddy: %p was not allocated here", (void *)x);
	t = *tag_of(ar, x);
	if (!(t & TAG_USED))
		UK_CRASH("buddy: %p is not an allocated block (double free?)",
			 (void *)x);
	*k = t & TAG_ORDER;
	return ar;
}

static void buddy_free(struct uk_alloc *a, void *ptr)
{
	struct buddy *b = to_buddy(a);
	uintptr_t x = (uintptr_t)ptr;
	unsigned k;
	struct arena *ar = checked_block(b, x, &k);

	for (; k + 1 < NR_ORDERS; k++) {
		uintptr_t y = x ^ ((uintptr_t)1 << k);

		if (y < ar->start || y + ((uintptr_t)1 << k) > ar->cut ||
		    y + ((uintptr_t)1 << k) < y ||
		    *tag_of(ar, y) != (TAG_FREE | k))
			break;
		unlink_block(b, y, k);
		/* The upper half's first granule is no longer a block's. */
		*tag_of(ar, x > y ? x : y) = 0;
		x &= ~((uintptr_t)1 << k);
	}
	push(b, ar, x, k);
}

static size_t buddy_usable_size(struct uk_alloc *a, void *ptr)
{
	unsigned k;

	checked_block(to_buddy(a), (uintptr_t)ptr, &k);
	return (size_t)1 << k;
}

/*
 * Shrinks in place by giving back upper halves; grows in place when the
 * block is the lower half of every larger block up to the order needed
 * and all the upper halves are free; otherwise moves.
 */
static void *buddy_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct buddy *b = to_buddy(a);
	uintptr_t x = (uintptr_t)ptr;
	unsigned k, want = order_for(size, 1), j;
	struct arena *ar = checked_block(b, x, &k);
	void *p;

	if (want >= NR_ORDERS)
		return NULL;
	if (want <= k) {
		trim(b, ar, x, k, want);
		return ptr;
	}
	for (j = k; j < want; j++) {
		uintptr_t y = x + ((uintptr_t)1 << j);

		if ((x & ((uintptr_t)1 << j)) || y + ((uintptr_t)1 << j) > ar->cut ||
		    y + ((uintptr_t)1 << j) < y || *tag_of(ar, y) != (TAG_FREE | j))
			break;
	}
	if (j == want) {
		for (j = k; j < want; j++) {
			uintptr_t y = x + ((uintptr_t)1 << j);

			unlink_block(b, y, j);
			*tag_of(ar, y) = 0;
		}
		*tag_of(ar, x) = TAG_USED | want;
		return ptr;
	}
	if (buddy_memalign(a, &p, 1, size))
		return NULL;
	memcpy(p, ptr, (size_t)1 << k);
	buddy_free(a, ptr);
	return p;
}

static ssize_t buddy_availmem(struct uk_alloc *a)
{
	return to_buddy(a)->free_bytes;
}

/* Makes [base, base+len) an arena: its header and tags at the start. */
static int buddy_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct buddy *b = to_buddy(a);
	uintptr_t s = UK_ALIGN_UP((uintptr_t)base, sizeof(void *));
	uintptr_t e = UK_ALIGN_DOWN((uintptr_t)base + len, GRANULE);
	uintptr_t x, tags;
	struct arena *ar, **link;

	if ((uintptr_t)base + len < (uintptr_t)base || e <= s ||
	    e - s < sizeof(*ar) + 2 * GRANULE)
		return -EINVAL;
	ar = (struct arena *)s;
	tags = s + sizeof(*ar);
	/* One tag byte per granule of what follows the tags. */
	x = UK_ALIGN_UP(tags + (e - tags) / (GRANULE + 1) + 1, GRANULE);
	if (x >= e)
		return -EINVAL;
	ar->start = ar->cut = x;
	ar->end = e;
	ar->tags = (uint8_t *)tags;
	ar->next = NULL;
	/* Appended: the first arena, the largest, is cut first. */
	for (link = &b->arenas; *link; link = &(*link)->next)
		;
	*link = ar;
	b->free_bytes += e - x;
	return 0;
}

struct uk_alloc *uk_allocbuddy_init(void *base, size_t len)
{
	uintptr_t start = UK_ALIGN_UP((uintptr_t)base, sizeof(void *));
	struct buddy *b = (struct buddy *)start;
	uintptr_t rest = start + sizeof(*b);

	if ((uintptr_t)base + len < rest)
		return NULL;
	memset(b, 0, offsetof(struct buddy, lists));
	b->a.name = "buddy";
	b->a.posix_memalign = buddy_memalign;
	b->a.free = buddy_free;
	b->a.realloc = buddy_realloc;
	b->a.usable_size = buddy_usable_size;
	b->a.addmem = buddy_addmem;
	b->a.availmem = buddy_availmem;
	if (buddy_addmem(&b->a, (void *)rest, (uintptr_t)base + len - rest) ||
	    uk_alloc_register(&b->a))
		return NULL;
	return &b->a;
}

/* The heaps ukalloc builds with this back-end, as configured. */
#if CONFIG_UKALLOC_HEAP_BUDDY
UK_ALLOC_HEAP_CREATE(uk_allocbuddy_init);
#endif
#if CONFIG_UKALLOC_BOOT_BUDDY
UK_ALLOC_BOOT_HEAP_CREATE(uk_allocbuddy_init);
#endif
