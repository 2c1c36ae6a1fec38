/* SPDX-License-Identifier: MIT */
/*
 * The workload: NSLOTS slots, each empty or holding one block. Every step
 * draws a slot; an empty one gets a block (malloc, calloc, posix_memalign
 * or realloc of NULL), a full one is freed or resized (realloc, sometimes
 * to 0). Sizes are mostly small with a tail up to 32 KiB, as in programs
 * that mix strings, nodes and buffers.
 *
 * The model is the slot table itself: what each block holds is known
 * (pattern_byte), so a lost byte, an overlap or a bad copy shows up as a
 * wrong pattern, and the digest of the contents at the end is the same
 * whatever allocator ran the workload.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "target.h"
#include "workload.h"

#define NSLOTS   256
#define MIN_ALIGN 16   /* what malloc guarantees on x86_64 and arm64 */

struct slot {
	unsigned char *p;
	size_t size;
	uint32_t seed;     /* of the pattern the block holds */
};

static struct slot slots[NSLOTS];
static uint64_t rng;

/* splitmix64: small, fast, and the same sequence everywhere. */
static uint64_t rnd(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t pick_size(void)
{
	unsigned r = rnd() % 100;

	if (r < 60)
		return 1 + rnd() % 128;
	if (r < 90)
		return 129 + rnd() % 1920;
	if (r < 99)
		return 2049 + rnd() % 14336;
	return 16385 + rnd() % 16384;
}

static unsigned char pattern_byte(uint32_t seed, size_t i)
{
	return (unsigned char)(seed + i * 31 + (i >> 8));
}

static void fill(struct slot *s, size_t from)
{
	size_t i;

	for (i = from; i < s->size; i++)
		s->p[i] = pattern_byte(s->seed, i);
}

/* Prints the first failures only: one broken allocator makes thousands. */
#define MAX_PRINTED 10

static unsigned long error(const char *what, unsigned i, void *p, size_t size)
{
	static unsigned printed;

	if (printed++ < MAX_PRINTED)
		printf("FAIL slot %u: %s (block %p, %lu bytes)\n", i, what, p,
		       (unsigned long)size);
	return 1;
}

/* The first n bytes of slot i still hold its pattern. */
static unsigned long verify(unsigned i, size_t n)
{
	struct slot *s = &slots[i];
	size_t k;

	for (k = 0; k < n; k++)
		if (s->p[k] != pattern_byte(s->seed, k))
			return error("contents changed", i, s->p, s->size);
	return 0;
}

static int overlaps(const unsigned char *a, size_t alen,
		    const unsigned char *b, size_t blen)
{
	/* Empty blocks still occupy their address. */
	alen = alen ? alen : 1;
	blen = blen ? blen : 1;
	return a < b + blen && b < a + alen;
}

/* A new or moved block of slot i: aligned, overlapping no other block. */
static unsigned long check_new(unsigned i, size_t align)
{
	struct slot *s = &slots[i];
	unsigned long bad = 0;
	unsigned j;

	if ((uintptr_t)s->p % (align > MIN_ALIGN ? align : MIN_ALIGN))
		bad += error("misaligned", i, s->p, s->size);
	for (j = 0; j < NSLOTS; j++)
		if (j != i && slots[j].p &&
		    overlaps(s->p, s->size, slots[j].p, slots[j].size))
			bad += error("overlaps another block", i, s->p, s->size);
	return bad + target_block_added(s->p, s->size);
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *d = data;

	while (n--)
		h = (h ^ *d++) * 0x100000001b3ULL;
	return h;
}

/* One step on an empty slot: a new block. */
static void allocate(unsigned i, int check, struct wl_result *r,
		     size_t *bytes)
{
	struct slot *s = &slots[i];
	unsigned kind = rnd() % 100;
	size_t size = pick_size(), align = MIN_ALIGN;
	void *p = NULL;

	if (kind < 70) {
		r->count[OP_MALLOC]++;
		p = malloc(size);
	} else if (kind < 80) {
		size_t n = 1 + rnd() % 8;

		size = size / n + 1;
		r->count[OP_CALLOC]++;
		p = calloc(n, size);
		size *= n;
		if (check && p)
			for (size_t k = 0; k < size; k++)
				if (((unsigned char *)p)[k]) {
					r->errors += error("calloc not zeroed",
							   i, p, size);
					break;
				}
	} else if (kind < 90) {
		align = (size_t)8 << rnd() % 10;   /* 8 .. 4096 */
		r->count[OP_MEMALIGN]++;
		if (posix_memalign(&p, align, size))
			p = NULL;
	} else {
		r->count[OP_REALLOC_NEW]++;
		p = realloc(NULL, size);
	}
	if (!p) {
		r->errors += error("out of memory", i, NULL, size);
		return;
	}
	s->p = p;
	s->size = size;
	s->seed = (uint32_t)rnd();
	*bytes += size;
	if (check) {
		fill(s, 0);
		r->errors += check_new(i, align);
	} else {
		s->p[0] = s->p[size - 1] = 1;
	}
}

/* One step on a full slot: free or resize its block. */
static void free_or_resize(unsigned i, int check, struct wl_result *r,
			   size_t *bytes)
{
	struct slot *s = &slots[i];
	unsigned kind = rnd() % 100;
	size_t size;
	void *p;

	if (check)
		r->errors += verify(i, s->size);
	if (kind < 60 || kind >= 99) {
		if (check)
			target_block_removed(s->p);
		if (kind < 60) {
			r->count[OP_FREE]++;
			free(s->p);
		} else {
			r->count[OP_REALLOC_ZERO]++;
			if (realloc(s->p, 0))   /* frees, as glibc does */
				r->errors += error("realloc to 0 kept a block",
						   i, s->p, s->size);
		}
		*bytes -= s->size;
		s->p = NULL;
		return;
	}
	/* Mostly near the current size (half to one and a half), else anew. */
	size = rnd() % 4 ? s->size / 2 + rnd() % (s->size + 64) : pick_size();
	if (!size)
		size = 1;
	r->count[OP_REALLOC]++;
	if (check)
		target_block_removed(s->p);
	p = realloc(s->p, size);
	if (!p) {
		r->errors += error("out of memory on realloc", i, s->p, size);
		if (check)
			r->errors += target_block_added(s->p, s->size);
		return;
	}
	*bytes += size - s->size;
	if (check) {
		size_t kept = size < s->size ? size : s->size;

		s->p = p;
		r->errors += verify(i, kept);
		s->size = size;
		fill(s, kept);
		r->errors += check_new(i, MIN_ALIGN);
	} else {
		s->p = p;
		s->size = size;
		s->p[0] = s->p[size - 1] = 1;
	}
}

void wl_run(unsigned long ops, uint64_t seed, int check, struct wl_result *r)
{
	size_t bytes = 0;
	unsigned long n;
	unsigned i;

	memset(r, 0, sizeof(*r));
	memset(slots, 0, sizeof(slots));
	rng = seed;
	for (n = 0; n < ops; n++) {
		i = rnd() % NSLOTS;
		if (slots[i].p)
			free_or_resize(i, check, r, &bytes);
		else
			allocate(i, check, r, &bytes);
		if (bytes > r->peak_bytes)
			r->peak_bytes = bytes;
	}

	r->digest = 0xcbf29ce484222325ULL;
	for (i = 0; i < NSLOTS; i++) {
		if (!slots[i].p)
			continue;
		r->live++;
		if (check)
			r->errors += verify(i, slots[i].size);
		r->digest = fnv(r->digest, &i, sizeof(i));
		r->digest = fnv(r->digest, slots[i].p, slots[i].size);
	}
	if (check)
		r->errors += target_check_stats(r->live, 0);
	for (i = 0; i < NSLOTS; i++) {
		if (!slots[i].p)
			continue;
		if (check)
			target_block_removed(slots[i].p);
		free(slots[i].p);
		slots[i].p = NULL;
	}
}

static unsigned long wrong(const char *what)
{
	printf("FAIL %s\n", what);
	return 1;
}

unsigned long wl_impossible(unsigned long *refused)
{
	/* volatile: the compiler must not see (and warn about) the sizes. */
	volatile size_t huge = (size_t)1 << 62;
	unsigned long bad = 0;
	void *p = &p;

	errno = 0;
	if (malloc(huge) || errno != ENOMEM)
		bad += wrong("malloc(2^62) did not fail with ENOMEM");
	if (calloc(huge, 4))
		bad += wrong("calloc(2^62, 4) did not fail");
	if (posix_memalign(&p, 64, huge) != ENOMEM || p != &p)
		bad += wrong("posix_memalign(64, 2^62) did not fail with ENOMEM");
	*refused = 3;
	/* POSIX: a power of two and a multiple of sizeof(void *). */
	if (posix_memalign(&p, 24, 8) != EINVAL || p != &p)
		bad += wrong("posix_memalign(24, 8) did not fail with EINVAL");
	if (posix_memalign(&p, sizeof(void *) / 2, 8) != EINVAL || p != &p)
		bad += wrong("posix_memalign(4, 8) did not fail with EINVAL");
	/* malloc(0) gives a block of its own, which free() takes back. */
	p = malloc(0);
	if (!p)
		bad += wrong("malloc(0) returned NULL");
	free(p);
	return bad;
}
