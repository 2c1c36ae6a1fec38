/* SPDX-License-Identifier: MIT */
/*
 * Memory allocator API.
 *
 * An allocator is an instance of struct uk_alloc whose operations a
 * back-end library fills in (ukallocregion, ukallocbuddy, ukalloctlsf).
 * Several instances may live in one image: each registers itself, the
 * first one registered becomes the default (the heap of libc's malloc)
 * until uk_alloc_set_default() picks another.
 *
 * A back-end must provide posix_memalign and free. Everything else is
 * optional: ukalloc supplies generic versions built on those two (realloc
 * additionally needs usable_size).
 *
 * Callers go through the uk_*() functions below, never through the
 * operations directly: they check the arguments (the operations may rely
 * on what the comments in struct uk_alloc promise) and keep the
 * statistics.
 */
#ifndef UK_ALLOC_H
#define UK_ALLOC_H

#include <uk/essentials.h>
#include <uk/arch/types.h>
#include <sys/types.h>

/*
 * Kept by the uk_*() functions when CONFIG_UKALLOC_STATS is on. Sizes are
 * usable sizes (what uk_usable_size() reports), the memory a caller may
 * actually touch.
 */
struct uk_alloc_stats {
	size_t cur_bytes;    /* in the blocks handed out and not given back */
	size_t peak_bytes;   /* the highest cur_bytes so far */
	uint64_t allocs;     /* blocks handed out (realloc of NULL counts) */
	uint64_t frees;      /* blocks given back (realloc to 0 counts) */
	uint64_t failures;   /* requests refused for lack of memory */
};

struct uk_alloc {
	const char *name;

	/* mandatory; align is a power of two */
	int (*posix_memalign)(struct uk_alloc *a, void **ptr, size_t align,
			      size_t size);
	void (*free)(struct uk_alloc *a, void *ptr);   /* ptr != NULL */

	/* optional (NULL: generic version) */
	void *(*malloc)(struct uk_alloc *a, size_t size);
	/* ptr != NULL and size != 0; NULL leaves the block as it was */
	void *(*realloc)(struct uk_alloc *a, void *ptr, size_t size);
	size_t (*usable_size)(struct uk_alloc *a, void *ptr);
	void *(*palloc)(struct uk_alloc *a, unsigned long num_pages);
	void (*pfree)(struct uk_alloc *a, void *ptr, unsigned long num_pages);
	/* Hands more memory to the allocator; -ENOTSUP if it cannot grow. */
	int (*addmem)(struct uk_alloc *a, void *base, size_t len);
	/* Bytes still available, or -ENOTSUP when unknown. */
	ssize_t (*availmem)(struct uk_alloc *a);

	/* owned by ukalloc */
	struct uk_alloc_stats stats;
	struct uk_alloc *next;
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

/* ---- the heaps ukalloc builds at boot (CONFIG_UKALLOC_HEAP_*) ----------- */

/*
 * The instance over the image's free memory that malloc() uses from main()
 * on, and the one init functions allocate from before it (the same one
 * unless a separate boot-time allocator is configured). NULL before the
 * MEM init class ran, or when no heap is configured.
 */
struct uk_alloc *uk_alloc_heap(void);
struct uk_alloc *uk_alloc_boot_heap(void);
/*
 * What free() and realloc() give a block back to: the boot-time heap when
 * ptr is in its memory (a block allocated before main()), else the default
 * allocator.
 */
struct uk_alloc *uk_alloc_owner(const void *ptr);

/*
 * For back-ends: the one chosen as the application's allocator
 * (UKALLOC_HEAP_<NAME>) defines uk_alloc_heap_create(), the one chosen as
 * the boot-time allocator (UKALLOC_BOOT_<NAME>) uk_alloc_boot_heap_create(),
 * as another name of its function that builds and registers an instance
 * over [base, base+len) (NULL when the region is too small):
 *
 *   #if CONFIG_UKALLOC_HEAP_TLSF
 *   UK_ALLOC_HEAP_CREATE(uk_alloctlsf_init);
 *   #endif
 */
struct uk_alloc *uk_alloc_heap_create(void *base, size_t len);
struct uk_alloc *uk_alloc_boot_heap_create(void *base, size_t len);

#define UK_ALLOC_HEAP_CREATE(init)					\
	struct uk_alloc *uk_alloc_heap_create(void *base, size_t len)	\
		__attribute__((alias(#init)))
#define UK_ALLOC_BOOT_HEAP_CREATE(init)					\
	struct uk_alloc *uk_alloc_boot_heap_create(void *base, size_t len) \
		__attribute__((alias(#init)))

/* ---- allocation -------------------------------------------------------- */

void *uk_malloc(struct uk_alloc *a, size_t size);
void *uk_calloc(struct uk_alloc *a, size_t n, size_t size);
/*
 * POSIX semantics: align is a power of two and a multiple of
 * sizeof(void *), else EINVAL; ENOMEM when there is no room; *ptr is set
 * only on success.
 */
int uk_posix_memalign(struct uk_alloc *a, void **ptr, size_t align,
		      size_t size);
/* Any power of two as align; NULL on failure. */
void *uk_memalign(struct uk_alloc *a, size_t align, size_t size);
/*
 * C semantics: realloc(a, NULL, n) allocates, realloc(a, p, 0) frees p
 * and returns NULL; on failure p is left as it was and NULL returned.
 */
void *uk_realloc(struct uk_alloc *a, void *ptr, size_t size);
void uk_free(struct uk_alloc *a, void *ptr);
/* Bytes the caller may use at ptr (at least what was asked for). */
size_t uk_usable_size(struct uk_alloc *a, void *ptr);

/* num_pages pages of UK_PAGE_SIZE bytes, page aligned. */
void *uk_palloc(struct uk_alloc *a, unsigned long num_pages);
void uk_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages);

static inline ssize_t uk_alloc_availmem(struct uk_alloc *a)
{
	return a->availmem(a);
}

static inline int uk_alloc_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return a->addmem(a, base, len);
}

/* Copies the statistics of a; -ENOTSUP without CONFIG_UKALLOC_STATS. */
int uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *out);

#endif /* UK_ALLOC_H */
