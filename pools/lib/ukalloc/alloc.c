/* SPDX-License-Identifier: MIT */
#include <uk/alloc.h>
#include <string.h>
#include <errno.h>

static struct uk_alloc *allocators;
static struct uk_alloc *default_alloc;

/* ---- generic operations, expressed with the mandatory two ---------------- */

static void *generic_malloc(struct uk_alloc *a, size_t size)
{
	void *p;

	return a->posix_memalign(a, &p, UK_ALLOC_MIN_ALIGN, size) ? NULL : p;
}

static void *generic_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	size_t old;
	void *p;

	if (!ptr)
		return uk_malloc(a, size);
	if (!size) {
		uk_free(a, ptr);
		return NULL;
	}
	old = a->usable_size(a, ptr);
	if (size <= old)
		return ptr;
	p = uk_malloc(a, size);
	if (p) {
		memcpy(p, ptr, old);
		uk_free(a, ptr);
	}
	return p;
}

static size_t no_usable_size(struct uk_alloc *a, void *ptr)
{
	return 0;  /* unknown: realloc then copies nothing, so refuse it */
}

static void *refuse_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	return NULL;
}

static void *generic_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	void *p;

	if (num_pages > SIZE_MAX / UK_PAGE_SIZE)
		return NULL;
	return a->posix_memalign(a, &p, UK_PAGE_SIZE,
				 num_pages * UK_PAGE_SIZE) ? NULL : p;
}

static void generic_pfree(struct uk_alloc *a, void *ptr,
			  unsigned long num_pages)
{
	a->free(a, ptr);
}

static int generic_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return -ENOTSUP;
}

static ssize_t generic_availmem(struct uk_alloc *a)
{
	return -ENOTSUP;
}

void *uk_calloc(struct uk_alloc *a, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = uk_malloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/* ---- registry ------------------------------------------------------------ */

int uk_alloc_register(struct uk_alloc *a)
{
	struct uk_alloc **tail = &allocators;

	if (!a->posix_memalign || !a->free)
		return -EINVAL;
	if (!a->malloc)
		a->malloc = generic_malloc;
	if (!a->usable_size)
		a->usable_size = no_usable_size;
	if (!a->realloc)
		a->realloc = a->usable_size == no_usable_size
			     ? refuse_realloc : generic_realloc;
	if (!a->palloc)
		a->palloc = generic_palloc;
	if (!a->pfree)
		a->pfree = generic_pfree;
	if (!a->addmem)
		a->addmem = generic_addmem;
	if (!a->availmem)
		a->availmem = generic_availmem;

	while (*tail)
		tail = &(*tail)->next;
	a->next = NULL;
	*tail = a;
	if (!default_alloc)
		default_alloc = a;
	return 0;
}

struct uk_alloc *uk_alloc_get_default(void)
{
	return default_alloc;
}

void uk_alloc_set_default(struct uk_alloc *a)
{
	default_alloc = a;
}

struct uk_alloc *uk_alloc_first(void)
{
	return allocators;
}
