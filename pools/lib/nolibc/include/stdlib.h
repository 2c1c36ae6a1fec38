/* SPDX-License-Identifier: MIT */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* Memory comes from the heaps of the ukalloc API. */
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);
int posix_memalign(void **p, size_t align, size_t size);
void *aligned_alloc(size_t align, size_t size);
void *memalign(size_t align, size_t size);
size_t malloc_usable_size(void *p);

void exit(int status) __attribute__((noreturn));
void _Exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
int atexit(void (*fn)(void));

long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base);
int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);

int abs(int x);
long labs(long x);
long long llabs(long long x);

void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *));
char *getenv(const char *name);

#ifdef __cplusplus
}
#endif
#endif /* _STDLIB_H */
