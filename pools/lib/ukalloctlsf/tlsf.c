/* SPDX-License-Identifier: MIT */
/*
 * TLSF, two-level segregated fit (Masmano, Ripoll, Crespo and Real, "TLSF:
 * a new dynamic memory allocator for real-time systems", ECRTS 2004).
 *
 * Free blocks are kept on segregated lists: the first level splits sizes
 * by powers of two, the second level splits each power-of-two range into
 * SL_COUNT equal classes (below SMALL, classes are one granule apart).
 * Two levels of bitmaps tell which lists hold blocks, so finding a list
 * whose every block is large enough is two find-first-set instructions:
 * allocation and free are O(1), with no search through a list.
 *
 * Each block starts with a 16-byte header: its size with two flags (this
 * block free, the block before it free) and a pointer to the physically
 * previous block, valid while that one is free (a boundary tag). A freed
 * block merges at once with free neighbours, so no two free blocks are
 * ever adjacent. A free block's list links live in its payload; a used
 * block's payload starts right after the header, 16-byte aligned.
 *
 * Every range given to the allocator ends with a zero-size used block, a
 * sentinel that stops merging at the range's end.
 */
#include <uk/alloctlsf.h>
#include <uk/assert.h>
#include <string.h>
#include <errno.h>

#define GRANULE      ((size_t)16)
#define MIN_SIZE     GRANULE                 /* payload holds two links */
#define SL_SHIFT     4
#define SL_COUNT     (1u << SL_SHIFT)
#define SMALL_SHIFT  8                       /* log2(SL_COUNT * GRANULE) */
#define SMALL        ((size_t)1 << SMALL_SHIFT)
/* Payloads stay below 2^MAX_SHIFT; larger ranges become several. */
#define MAX_SHIFT    39
#define MAX_PAYLOAD  ((size_t)1 << MAX_SHIFT)
#define FL_COUNT     (MAX_SHIFT - SMALL_SHIFT + 2)

#define F_FREE       ((size_t)1)
#define F_PREV_FREE  ((size_t)2)
#define F_MASK       (GRANULE - 1)

struct block {
	struct block *prev_phys;    /* valid while the block before is free */
	size_t size_flags;          /* payload bytes | F_FREE | F_PREV_FREE */
	struct block *next_free, *prev_free;   /* only while free */
};

#define HDR offsetof(struct block, next_free)
UK_CTASSERT(HDR == GRANULE);

struct tlsf {
	struct uk_alloc a;
	size_t free_bytes;
	uint64_t fl_map;                 /* bit f: sl_map[f] != 0 */
	uint32_t sl_map[FL_COUNT];       /* bit s: lists[f][s] holds a block */
	/* Read only where sl_map has a bit: never needs clearing. */
	struct block *lists[FL_COUNT][SL_COUNT];
};

#define to_tlsf(a) UK_CONTAINER_OF(a, struct tlsf, a)

static size_t bsize(const struct block *b)
{
	return b->size_flags & ~F_MASK;
}

static void *payload(struct block *b)
{
	return (char *)b + HDR;
}

static struct block *block_of(void *p)
{
	return (struct block *)((char *)p - HDR);
}

static struct block *next_phys(struct block *b)
{
	return (struct block *)((char *)payload(b) + bsize(b));
}

static unsigned fls_size(size_t x)
{
	return sizeof(x) * 8 - 1 - __builtin_clzl(x);
}

/* The list holding blocks of this size. */
static void list_of(size_t size, unsigned *fl, unsigned *sl)
{
	unsigned m;

	if (size < SMALL) {
		*fl = 0;
		*sl = size / GRANULE;
		return;
	}
	m = fls_size(size);
	*fl = m - SMALL_SHIFT + 1;
	*sl = (size >> (m - SL_SHIFT)) - SL_COUNT;
}

static void insert(struct tlsf *t, struct block *b)
{
	unsigned fl, sl;

	list_of(bsize(b), &fl, &sl);
	b->prev_free = NULL;
	b->next_free = t->sl_map[fl] & (1u << sl) ? t->lists[fl][sl] : NULL;
	if (b->next_free)
		b->next_free->prev_free = b;
	t->lists[fl][sl] = b;
	t->sl_map[fl] |= 1u << sl;
	t->fl_map |= (uint64_t)1 << fl;
	t->free_bytes += bsize(b);
}

static void remove_free(struct tlsf *t, struct block *b)
{
	unsigned fl, sl;

	list_of(bsize(b), &fl, &sl);
	if (b->next_free)
		b->next_free->prev_free = b->prev_free;
	if (b->prev_free) {
		b->prev_free->next_free = b->next_free;
	} else {
		t->lists[fl][sl] = b->next_free;
		if (!b->next_free) {
			t->sl_map[fl] &= ~(1u << sl);
			if (!t->sl_map[fl])
				t->fl_map &= ~((uint64_t)1 << fl);
		}
	}
	t->free_bytes -= bsize(b);
}

/*
 * A free block of at least size bytes, taken off its list: size is first
 * rounded up to the start of the next class, so that every block of the
 * list found is large enough (a "good fit", never a list search).
 */
static struct block *take(struct tlsf *t, size_t size)
{
	unsigned fl, sl;
	uint32_t sl_bits;
	uint64_t fl_bits;
	struct block *b;

	if (size >= SMALL)
		size += ((size_t)1 << (fls_size(size) - SL_SHIFT)) - 1;
	list_of(size, &fl, &sl);
	if (fl >= FL_COUNT)
		return NULL;
	sl_bits = t->sl_map[fl] & (~0u << sl);
	if (!sl_bits) {
		fl_bits = t->fl_map & (~(uint64_t)0 << (fl + 1));
		if (!fl_bits)
			return NULL;
		fl = __builtin_ctzll(fl_bits);
		sl_bits = t->sl_map[fl];
	}
	b = t->lists[fl][__builtin_ctz(sl_bits)];
	remove_free(t, b);
	return b;
}

static void mark_used(struct block *b)
{
	b->size_flags &= ~F_FREE;
	next_phys(b)->size_flags &= ~F_PREV_FREE;
}

/* b, on no list, becomes free: merged with free neighbours, listed. */
static void release(struct tlsf *t, struct block *b)
{
	struct block *n = next_phys(b);

	if (n->size_flags & F_FREE) {
		remove_free(t, n);
		b->size_flags += HDR + bsize(n);
	}
	if (b->size_flags & F_PREV_FREE) {
		struct block *p = b->prev_phys;

		remove_free(t, p);
		p->size_flags += HDR + bsize(b);
		b = p;
	}
	b->size_flags |= F_FREE;
	n = next_phys(b);
	n->prev_phys = b;
	n->size_flags |= F_PREV_FREE;
	insert(t, b);
}

/* Cuts b (on no list, about to be used) to size; the rest is released. */
static void trim(struct tlsf *t, struct block *b, size_t size)
{
	struct block *rest;

	if (bsize(b) < size + HDR + MIN_SIZE)
		return;
	rest = (struct block *)((char *)payload(b) + size);
	rest->size_flags = bsize(b) - size - HDR;  /* b is used: no flags */
	b->size_flags = size | (b->size_flags & F_MASK);
	release(t, rest);
}

/* 0 for a size no block can hold. */
static size_t adjust(size_t size)
{
	if (size > MAX_PAYLOAD)
		return 0;
	return size < MIN_SIZE ? MIN_SIZE : UK_ALIGN_UP(size, GRANULE);
}

static int tlsf_memalign(struct uk_alloc *a, void **ptr, size_t align,
			 size_t size)
{
	struct tlsf *t = to_tlsf(a);
	struct block *b;

	size = adjust(size);
	if (!size)
		return ENOMEM;
	if (align <= GRANULE) {
		b = take(t, size);
	} else {
		uintptr_t p, q;

		if (align > MAX_PAYLOAD)
			return ENOMEM;
		/*
		 * Room for a leading free block (header and MIN_SIZE at least)
		 * before the aligned payload: the gap is at most align + HDR.
		 */
		b = take(t, size + align + HDR);
		if (b) {
			p = (uintptr_t)payload(b);
			q = UK_ALIGN_UP(p, align);
			if (q != p && q - p < HDR + MIN_SIZE)
				q += align;
			if (q != p) {
				struct block *nb = block_of((void *)q);

				nb->size_flags = (bsize(b) - (q - p)) |
						 F_FREE | F_PREV_FREE;
				nb->prev_phys = b;
				b->size_flags = (q - p - HDR) | F_FREE;
				insert(t, b);
				b = nb;
			}
		}
	}
	if (!b)
		return ENOMEM;
	trim(t, b, size);
	mark_used(b);
	*ptr = payload(b);
	return 0;
}

static struct block *used_block(void *ptr)
{
	struct block *b = block_of(ptr);

	if (((uintptr_t)ptr & F_MASK) || (b->size_flags & F_FREE))
		UK_CRASH("tlsf: %p is not an allocated block (double free?)",
			 ptr);
	return b;
}

static void tlsf_free(struct uk_alloc *a, void *ptr)
{
	release(to_tlsf(a), used_block(ptr));
}

static size_t tlsf_usable_size(struct uk_alloc *a, void *ptr)
{
	return bsize(used_block(ptr));
}

/* In place when shrinking or when the next block is free and enough. */
static void *tlsf_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct tlsf *t = to_tlsf(a);
	struct block *b = used_block(ptr), *n = next_phys(b);
	size_t cur = bsize(b);
	void *p;

	size = adjust(size);
	if (!size)
		return NULL;
	if (size > cur) {
		if (!(n->size_flags & F_FREE) || cur + HDR + bsize(n) < size) {
			if (tlsf_memalign(a, &p, GRANULE, size))
				return NULL;
			memcpy(p, ptr, cur);
			release(t, b);
			return p;
		}
		remove_free(t, n);
		b->size_flags += HDR + bsize(n);
	}
	trim(t, b, size);
	mark_used(b);
	return ptr;
}

static ssize_t tlsf_availmem(struct uk_alloc *a)
{
	return to_tlsf(a)->free_bytes;
}

/* One free block and a sentinel per range, cut below MAX_PAYLOAD. */
static int tlsf_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct tlsf *t = to_tlsf(a);
	uintptr_t s = UK_ALIGN_UP((uintptr_t)base, GRANULE);
	uintptr_t e = UK_ALIGN_DOWN((uintptr_t)base + len, GRANULE);

	if ((uintptr_t)base + len < (uintptr_t)base || e <= s ||
	    e - s < 2 * HDR + MIN_SIZE)
		return -EINVAL;
	while (e - s >= 2 * HDR + MIN_SIZE) {
		size_t chunk = e - s > MAX_PAYLOAD ? MAX_PAYLOAD : e - s;
		struct block *first = (struct block *)s;
		struct block *end = (struct block *)(s + chunk - HDR);

		first->size_flags = (chunk - 2 * HDR) | F_FREE;
		end->size_flags = F_PREV_FREE;
		end->prev_phys = first;
		insert(t, first);
		s += chunk;
	}
	return 0;
}

struct uk_alloc *uk_alloctlsf_init(void *base, size_t len)
{
	uintptr_t start = UK_ALIGN_UP((uintptr_t)base, sizeof(void *));
	struct tlsf *t = (struct tlsf *)start;
	uintptr_t rest = start + sizeof(*t);

	if ((uintptr_t)base + len < rest)
		return NULL;
	memset(t, 0, offsetof(struct tlsf, lists));
	t->a.name = "tlsf";
	t->a.posix_memalign = tlsf_memalign;
	t->a.free = tlsf_free;
	t->a.realloc = tlsf_realloc;
	t->a.usable_size = tlsf_usable_size;
	t->a.addmem = tlsf_addmem;
	t->a.availmem = tlsf_availmem;
	if (tlsf_addmem(&t->a, (void *)rest, (uintptr_t)base + len - rest) ||
	    uk_alloc_register(&t->a))
		return NULL;
	return &t->a;
}

/* The heaps ukalloc builds with this back-end, as configured. */
#if CONFIG_UKALLOC_HEAP_TLSF
UK_ALLOC_HEAP_CREATE(uk_alloctlsf_init);
#endif
#if CONFIG_UKALLOC_BOOT_TLSF
UK_ALLOC_BOOT_HEAP_CREATE(uk_alloctlsf_init);
#endif
