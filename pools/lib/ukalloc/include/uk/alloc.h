/* SPDX-License-Identifier: MIT */
/*
 * Memory allocator API.
 *
 * An allocator is an instance of struct uk_alloc whose operations a
 * back-end library fills in (ukallocregion today; buddy, TLSF, ... later).
 * Several instances may live in one image: each registers itself, the
 * first one registered becomes the default (the heap of libc's malloc)
 * unless a back-end calls uk_alloc_set_default().
 *
 * A back-end must provide posix_memalign and free. Everything else is
 * optional: ukalloc supplies generic versions built on those two (realloc
 * additionally needs usable_size).
 */
#ifndef UK_ALLOC_H
#define UK_ALLOC_H

#include <uk/essentials.h>
#include <uk/arch/types.h>
#include <sys/types.h>

struct uk_alloc {
	const char *name;

	/* mandatory */
	int (*posix_memalign)(struct uk_alloc *a, void **ptr, size_t align,
			      size_t size);
	void (*free)(struct uk_alloc *a, void *ptr);

	/* optional (NULL: generic version) */
	void *(*malloc)(struct uk_alloc *a, size_t size);
	void *(*realloc)(struct uk_alloc *a, void *ptr, size_t size);
	size_t (*usable_size)(struct uk_alloc *a, void *ptr);
	void *(*palloc)(struct uk_alloc *a, unsigned long num_pages);
	void (*pfree)(struct uk_alloc *a, void *ptr, unsigned long num_pages);
	/* Hands more memory to the allocator; -ENOTSUP if it cannot grow. */
	int (*addmem)(struct uk_alloc *a, void *base, size_t len);
	/* Bytes still available, or -ENOTSUP when unknown. */
	ssize_t (*availmem)(struct uk_alloc *a);

	struct uk_alloc *next;   /* owned by ukalloc */
};

/* Smallest alignment malloc() guarantees (max_align_t on both arches). */
#define UK_ALLOC_MIN_ALIGN 16

/* ---- registry ---------------------------------------------------------- */

/* Fills NULL optional operations with the generic ones, then registers. */
int uk_alloc_register(struct uk_alloc *a);
struct uk_alloc *uk_alloc_get_default(void);
void uk_alloc_set_default(struct uk_alloc *a);
/* Iterate: for (a = uk_alloc_first(); a; a = a->next) */
struct uk_alloc *uk_alloc_first(void);

/* ---- allocation ---------------------------------------------------------- */

static inline void *uk_malloc(struct uk_alloc *a, size_t size)
{
	return a->malloc(a, size);
}

static inline int uk_posix_memalign(struct uk_alloc *a, void **ptr,
				    size_t align, size_t size)
{
	return a->posix_memalign(a, ptr, align, size);
}

static inline void *uk_memalign(struct uk_alloc *a, size_t align,
				size_t size)
{
	void *p;

	return a->posix_memalign(a, &p, align, size) ? NULL : p;
}

void *uk_calloc(struct uk_alloc *a, size_t n, size_t size);

static inline void *uk_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	return a->realloc(a, ptr, size);
}

static inline void uk_free(struct uk_alloc *a, void *ptr)
{
	if (ptr)
		a->free(a, ptr);
}

/* num_pages pages of UK_PAGE_SIZE bytes, page aligned. */
static inline void *uk_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	return a->palloc(a, num_pages);
}

static inline void uk_pfree(struct uk_alloc *a, void *ptr,
			    unsigned long num_pages)
{
	if (ptr)
		a->pfree(a, ptr, num_pages);
}

static inline ssize_t uk_alloc_availmem(struct uk_alloc *a)
{
	return a->availmem(a);
}

static inline int uk_alloc_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return a->addmem(a, base, len);
}

#endif /* UK_ALLOC_H */
