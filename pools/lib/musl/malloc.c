/* SPDX-License-Identifier: MIT */
/*
 * musl's heap is the image's: musl is built without its own malloc
 * (mallocng), and ukalloc provides malloc, free, calloc, realloc,
 * posix_memalign, memalign, aligned_alloc and malloc_usable_size over the
 * heaps of the image for any C library (pools/lib/ukalloc/malloc.c), with
 * the same rules as under nolibc. What is left are the internal entry
 * points that the rest of musl 1.2.3 calls (src/malloc/lite_malloc.c,
 * free.c, realloc.c and libc_calloc.c): they lead to the same functions.
 * Without these, musl's own bump allocator (__simple_malloc, on brk)
 * would serve its internal allocations.
 */
#include <stdlib.h>

void *__libc_malloc_impl(size_t n);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);

void *__libc_malloc_impl(size_t n)
{
	return malloc(n);
}

void *__libc_realloc(void *p, size_t n)
{
	return realloc(p, n);
}

void __libc_free(void *p)
{
	free(p);
}
