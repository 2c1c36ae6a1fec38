/* SPDX-License-Identifier: MIT */
/*
 * musl's heap is the default allocator of the ukalloc API, so that the
 * allocator chosen in the menu serves the application's malloc too. musl
 * is built without its own malloc (mallocng); its malloc(), free(),
 * calloc(), realloc(), memalign() and posix_memalign() call these, the
 * internal entry points musl 1.2.3's malloc implementations provide.
 */
#include <stdlib.h>
#include <errno.h>
#include <uk/alloc.h>

void *__libc_malloc_impl(size_t n);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);
size_t malloc_usable_size(void *p);

static struct uk_alloc *heap(void)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (!a)
		errno = ENOMEM;
	return a;
}

void *__libc_malloc_impl(size_t n)
{
	struct uk_alloc *a = heap();
	void *p = a ? uk_malloc(a, n) : NULL;

	if (!p)
		errno = ENOMEM;
	return p;
}

void *__libc_realloc(void *p, size_t n)
{
	struct uk_alloc *a = heap();
	void *q;

	if (!p)
		return __libc_malloc_impl(n);
	q = a ? uk_realloc(a, p, n) : NULL;
	if (!q && n)
		errno = ENOMEM;
	return q;
}

void __libc_free(void *p)
{
	if (p)
		uk_free(uk_alloc_get_default(), p);
}

void *aligned_alloc(size_t align, size_t n)
{
	struct uk_alloc *a;
	void *p;
	int rc;

	if (align & (align - 1)) {
		errno = EINVAL;
		return NULL;
	}
	a = heap();
	if (!a)
		return NULL;
	if (align < sizeof(void *))
		align = sizeof(void *);
	rc = uk_posix_memalign(a, &p, align, n);
	if (rc) {
		errno = rc;
		return NULL;
	}
	return p;
}

size_t malloc_usable_size(void *p)
{
	struct uk_alloc *a = uk_alloc_get_default();

	return p && a ? a->usable_size(a, p) : 0;
}
