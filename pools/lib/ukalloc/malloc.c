/* SPDX-License-Identifier: MIT */
/*
 * The C library's heap functions over the heaps of the image, for
 * whichever C library the image has (nolibc, musl): one copy of the rules.
 *
 *   - new blocks come from the default allocator: the boot-time heap
 *     until main(), then the application's;
 *   - free() and realloc() give a block back to the heap it came from
 *     (uk_alloc_owner()), so a block allocated at boot may be freed at
 *     any time;
 *   - errors are reported as the C library reports them (errno, or the
 *     return value of posix_memalign()).
 *
 * Compiled against the image's C library headers, so errno is that
 * library's own.
 */
#include <stdlib.h>
#include <errno.h>
#include <uk/alloc.h>

/* Not in every libc's stdlib.h (musl has them in malloc.h). */
void *memalign(size_t align, size_t size);
size_t malloc_usable_size(void *p);

static struct uk_alloc *heap(void)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (!a)
		errno = ENOMEM;
	return a;
}

void *malloc(size_t size)
{
	struct uk_alloc *a = heap();
	void *p = a ? uk_malloc(a, size) : NULL;

	if (!p)
		errno = ENOMEM;
	return p;
}

void *calloc(size_t n, size_t size)
{
	struct uk_alloc *a = heap();
	void *p = a ? uk_calloc(a, n, size) : NULL;

	if (!p)
		errno = ENOMEM;
	return p;
}

void *realloc(void *p, size_t size)
{
	struct uk_alloc *a = p ? uk_alloc_owner(p) : heap();
	void *q = a ? uk_realloc(a, p, size) : NULL;

	if (!q && size)
		errno = ENOMEM;
	return q;
}

void free(void *p)
{
	struct uk_alloc *a;

	if (p && (a = uk_alloc_owner(p)))
		uk_free(a, p);
}

int posix_memalign(void **p, size_t align, size_t size)
{
	struct uk_alloc *a = heap();

	if (!a)
		return ENOMEM;
	return uk_posix_memalign(a, p, align, size);
}

void *memalign(size_t align, size_t size)
{
	struct uk_alloc *a = heap();
	void *p = a ? uk_memalign(a, align, size) : NULL;

	if (!p)
		errno = align && !(align & (align - 1)) ? ENOMEM : EINVAL;
	return p;
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

size_t malloc_usable_size(void *p)
{
	return p ? uk_usable_size(uk_alloc_owner(p), p) : 0;
}
