/* SPDX-License-Identifier: MIT */
/*
 * Memory: many malloc blocks of many sizes (the libc's heap, over brk and
 * mmap), large blocks (mmap), realloc and calloc, and anonymous mmap and
 * munmap made directly. Contents are checked; sums are printed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define N 4000

static unsigned sum(const unsigned char *p, size_t n)
{
	unsigned s = 0;

	for (size_t i = 0; i < n; i++)
		s = s * 31 + p[i];
	return s;
}

int main(void)
{
	static unsigned char *blocks[N];
	static size_t sizes[N];
	size_t total = 0;
	unsigned s = 0;
	int bad = 0;

	for (int i = 0; i < N; i++) {
		sizes[i] = 1 + (size_t)i * 7919 % 3000;
		blocks[i] = malloc(sizes[i]);
		if (!blocks[i]) {
			printf("malloc %zu failed\n", sizes[i]);
			return 1;
		}
		memset(blocks[i], i & 0xff, sizes[i]);
		total += sizes[i];
	}
	for (int i = 0; i < N; i += 2)
		free(blocks[i]);
	for (int i = 0; i < N; i += 2) {
		blocks[i] = malloc(sizes[i]);
		memset(blocks[i], i & 0xff, sizes[i]);
	}
	for (int i = 0; i < N; i++) {
		bad += blocks[i][0] != (i & 0xff) || blocks[i][sizes[i] - 1] != (i & 0xff);
		s += sum(blocks[i], sizes[i]);
	}
	printf("%d blocks, %zu bytes, %d bad, sum %08x\n", N, total, bad, s);
	for (int i = 0; i < N; i++)
		free(blocks[i]);

	for (int round = 0; round < 3; round++) {
		size_t big = (size_t)(round + 1) << 20;
		unsigned char *p = malloc(big);

		memset(p, 0x5a, big);
		printf("malloc %zu MiB: sum %08x\n", big >> 20, sum(p, big));
		free(p);
	}

	char *r = malloc(16);
	strcpy(r, "realloc keeps");
	r = realloc(r, 200000);
	printf("%s its contents\n", r);
	free(r);

	unsigned char *z = calloc(50000, 4);
	printf("calloc zeroed: %s\n", sum(z, 200000) == 0 ? "yes" : "no");
	free(z);

	size_t len = 3 << 20;
	unsigned char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		printf("mmap failed\n");
		return 1;
	}
	printf("mmap page aligned: %s, zeroed: %s\n", ((uintptr_t)m & 4095) == 0 ? "yes" : "no",
	       sum(m, len) == 0 ? "yes" : "no");
	memset(m, 1, len);
	printf("munmap: %d\n", munmap(m, len));
	/* More than the address space (128 TiB): ENOMEM, not a crash, whatever
	 * the host's overcommit policy. */
	errno = 0;
	void *huge = malloc((size_t)1 << 47);
	printf("malloc 128 TiB: %s\n", huge ? "allocated" : errno == ENOMEM ? "NULL, ENOMEM" : "NULL");
	free(huge);
	m = mmap(NULL, (size_t)1 << 47, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap 128 TiB: %s\n", m == MAP_FAILED ? (errno == ENOMEM ? "ENOMEM" : "failed") : "mapped");
	m = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("mmap of 0 bytes: %s\n", m == MAP_FAILED && errno == EINVAL ? "EINVAL" : "mapped");
	printf("munmap of an unaligned address: %s\n",
	       munmap((char *)blocks + 1, 4096) && errno == EINVAL ? "EINVAL" : "done");
	return 0;
}
