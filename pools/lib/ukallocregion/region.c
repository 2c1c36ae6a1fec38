/* SPDX-License-Identifier: MIT */
/*
 * Region (bump) allocator: hands out memory from one contiguous region by
 * moving a pointer forward. Freeing only reclaims the most recent block,
 * which covers the common allocate/free-at-once pattern of boot code and
 * makes realloc of the last block grow in place. Tiny and O(1); meant for
 * images that allocate at start and then run.
 */
#include <uk/alloc.h>
#include <string.h>
#include <errno.h>

struct region {
	struct uk_alloc a;
	uintptr_t next;   /* first free byte */
	uintptr_t end;
	size_t base_len;
};

/* Sits just before every block: needed by free, realloc, usable_size. */
struct block {
	size_t size;       /* requested size */
	uintptr_t prev;    /* bump pointer before this block was carved */
};

UK_CTASSERT(sizeof(struct block) <= UK_ALLOC_MIN_ALIGN);

#define to_region(a) UK_CONTAINER_OF(a, struct region, a)
#define to_block(p)  ((struct block *)((uintptr_t)(p) - sizeof(struct block)))

static uintptr_t block_end(void *p)
{
	return (uintptr_t)p + UK_ALIGN_UP(to_block(p)->size, UK_ALLOC_MIN_ALIGN);
}

static int region_memalign(struct uk_alloc *a, void **ptr, size_t align,
			   size_t size)
{
	struct region *r = to_region(a);
	uintptr_t p;

	if (align < UK_ALLOC_MIN_ALIGN)
		align = UK_ALLOC_MIN_ALIGN;
	if (align & (align - 1))
		return EINVAL;
	if (size > r->end - r->next)
		return ENOMEM;
	p = UK_ALIGN_UP(r->next + sizeof(struct block), align);
	if (p > r->end ||
	    UK_ALIGN_UP(size, UK_ALLOC_MIN_ALIGN) > r->end - p)
		return ENOMEM;

	to_block(p)->size = size;
	to_block(p)->prev = r->next;
	r->next = p + UK_ALIGN_UP(size, UK_ALLOC_MIN_ALIGN);
	*ptr = (void *)p;
	return 0;
}

static void region_free(struct uk_alloc *a, void *ptr)
{
	struct region *r = to_region(a);

	if (block_end(ptr) == r->next)
		r->next = to_block(ptr)->prev;
}

static size_t region_usable_size(struct uk_alloc *a, void *ptr)
{
	return to_block(ptr)->size;
}

static void *region_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct region *r = to_region(a);
	void *p;

	if (block_end(ptr) == r->next &&
	    UK_ALIGN_UP(size, UK_ALLOC_MIN_ALIGN) <= r->end - (uintptr_t)ptr) {
		/* Last block: grow or shrink in place. */
		to_block(ptr)->size = size;
		r->next = block_end(ptr);
		return ptr;
	}
	if (size <= to_block(ptr)->size)
		return ptr;
	p = a->malloc(a, size);
	if (p) {
		memcpy(p, ptr, to_block(ptr)->size);
		region_free(a, ptr);
	}
	return p;
}

static ssize_t region_availmem(struct uk_alloc *a)
{
	return to_region(a)->end - to_region(a)->next;
}

/* Builds an allocator over [base, base+len); its state lives at base. */
struct uk_alloc *uk_allocregion_init(void *base, size_t len)
{
	uintptr_t start = UK_ALIGN_UP((uintptr_t)base, UK_ALLOC_MIN_ALIGN);
	struct region *r = (struct region *)start;

	if (len < sizeof(*r) + UK_PAGE_SIZE ||
	    start - (uintptr_t)base > len - sizeof(*r))
		return NULL;
	memset(r, 0, sizeof(*r));
	r->a.name = "region";
	r->a.posix_memalign = region_memalign;
	r->a.free = region_free;
	r->a.realloc = region_realloc;
	r->a.usable_size = region_usable_size;
	r->a.availmem = region_availmem;
	r->next = start + sizeof(*r);
	r->end = (uintptr_t)base + len;
	r->base_len = len;
	if (uk_alloc_register(&r->a))
		return NULL;
	return &r->a;
}

/* The heaps ukalloc builds with this back-end, as configured. */
#if CONFIG_UKALLOC_HEAP_REGION
UK_ALLOC_HEAP_CREATE(uk_allocregion_init);
#endif
#if CONFIG_UKALLOC_BOOT_REGION
UK_ALLOC_BOOT_HEAP_CREATE(uk_allocregion_init);
#endif
