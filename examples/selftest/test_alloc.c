/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <uk/alloc.h>
#include "check.h"

void test_alloc(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	char *p, *q, *z;
	void *pg, *m;
	ssize_t before;
	int i, zero = 1;

	CHECK(a != NULL);
	if (!a)
		return;
	p = malloc(10);
	CHECK(p && ((uintptr_t)p & (UK_ALLOC_MIN_ALIGN - 1)) == 0);
	strcpy(p, "keepme");
	q = realloc(p, 4000);                 /* last block: grows in place */
	CHECK_STR(q, "keepme");
	z = calloc(100, 3);
	for (i = 0; z && i < 300; i++)
		zero &= z[i] == 0;
	CHECK(z && zero);
	q = realloc(q, 8000);                 /* not last: moves, copies */
	CHECK(q && !strcmp(q, "keepme"));
	CHECK(posix_memalign(&m, 4096, 10) == 0 &&
	      ((uintptr_t)m & 4095) == 0);
	CHECK(posix_memalign(&m, 24, 10) == EINVAL);
	pg = uk_palloc(a, 3);
	CHECK(pg && ((uintptr_t)pg & (UK_PAGE_SIZE - 1)) == 0);
	before = uk_alloc_availmem(a);
	CHECK(before > 0);
	p = malloc(1000);
	free(p);                              /* last block: rolled back */
	CHECK(uk_alloc_availmem(a) == before);
	errno = 0;
	CHECK(malloc(SIZE_MAX / 2) == NULL && errno == ENOMEM);
	CHECK(calloc(SIZE_MAX / 2, 4) == NULL);   /* the product overflows */
	free(NULL);
}
