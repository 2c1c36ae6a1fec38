/* SPDX-License-Identifier: MIT */
#include <uk/alloc.h>
#include <string.h>
#include <errno.h>
#if CONFIG_UKLCPU_SMP
#include <uk/spinlock.h>
#elif CONFIG_UKALLOC_IRQ_LOCK
#include <uk/plat.h>
#endif

static struct uk_alloc *allocators;
static struct uk_alloc *default_alloc;

/*
 * The back-ends keep no lock of their own: every call of the API uses
 * them, and the statistics, between lock_ops() and unlock_ops(). With
 * several CPUs (UKLCPU_SMP) that is one spinlock, taken with interrupts
 * off; with one CPU and a preemptive scheduler (UKALLOC_IRQ_LOCK)
 * interrupts off is enough, so that a thread preempted in the middle of an
 * allocation leaves no heap half changed to the next; otherwise nothing.
 */
#if CONFIG_UKLCPU_SMP
static uk_spinlock_t lock = UK_SPINLOCK_INITIALIZER;

static unsigned long lock_ops(void)
{
	return uk_spin_lock_irqsave(&lock);
}

static void unlock_ops(unsigned long flags)
{
	uk_spin_unlock_irqrestore(&lock, flags);
}
#elif CONFIG_UKALLOC_IRQ_LOCK
static inline unsigned long lock_ops(void)
{
	return ukplat_lcpu_irq_save();
}

static inline void unlock_ops(unsigned long flags)
{
	ukplat_lcpu_irq_restore(flags);
}
#else
static inline unsigned long lock_ops(void)
{
	return 0;
}

static inline void unlock_ops(unsigned long flags)
{
}
#endif

/* ---- generic operations, expressed with the mandatory two ---------------- */

static void *generic_malloc(struct uk_alloc *a, size_t size)
{
	void *p;

	return a->posix_memalign(a, &p, UK_ALLOC_MIN_ALIGN, size) ? NULL : p;
}

static void *generic_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	size_t old = a->usable_size(a, ptr);
	void *p;

	if (size <= old)
		return ptr;
	p = a->malloc(a, size);
	if (p) {
		memcpy(p, ptr, old);
		a->free(a, ptr);
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

/* ---- statistics ---------------------------------------------------------- */

#if CONFIG_UKALLOC_STATS
static void count_alloc(struct uk_alloc *a, void *p)
{
	struct uk_alloc_stats *s = &a->stats;

	if (!p) {
		s->failures++;
		return;
	}
	s->allocs++;
	s->cur_bytes += a->usable_size(a, p);
	if (s->cur_bytes > s->peak_bytes)
		s->peak_bytes = s->cur_bytes;
}

/* Before the block goes: its size is unknown afterwards. */
static void count_free(struct uk_alloc *a, void *p)
{
	a->stats.frees++;
	a->stats.cur_bytes -= a->usable_size(a, p);
}

static void count_resize(struct uk_alloc *a, size_t old, void *p)
{
	struct uk_alloc_stats *s = &a->stats;

	if (!p) {
		s->failures++;
		return;
	}
	s->cur_bytes += a->usable_size(a, p) - old;
	if (s->cur_bytes > s->peak_bytes)
		s->peak_bytes = s->cur_bytes;
}

int uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *out)
{
	unsigned long flags = lock_ops();

	*out = a->stats;
	unlock_ops(flags);
	return 0;
}
#else
#define count_alloc(a, p)          ((void)(p))
#define count_free(a, p)           ((void)(p))
#define count_resize(a, old, p)    ((void)(old), (void)(p))

int uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *out)
{
	return -ENOTSUP;
}
#endif

/* ---- the API ------------------------------------------------------------- */

/*
 * A NULL allocator (uk_alloc_get_default() in an image without a heap,
 * UKALLOC_HEAP_NONE, before the application registered one) has no
 * memory: allocations fail as when a heap is full, and the caller's own
 * error path (an init function's -ENOMEM, which stops the boot naming its
 * library) says so, instead of a call through a NULL pointer.
 */

void *uk_malloc(struct uk_alloc *a, size_t size)
{
	unsigned long flags;
	void *p;

	if (!a)
		return NULL;
	flags = lock_ops();
	p = a->malloc(a, size);

	count_alloc(a, p);
	unlock_ops(flags);
	return p;
}

void *uk_calloc(struct uk_alloc *a, size_t n, size_t size)
{
	unsigned long flags;
	void *p = NULL;

	if (!a)
		return NULL;
	flags = lock_ops();
	if (!size || n <= SIZE_MAX / size)
		p = a->malloc(a, n * size);
	count_alloc(a, p);
	unlock_ops(flags);
	if (p)
		memset(p, 0, n * size);
	return p;
}

int uk_posix_memalign(struct uk_alloc *a, void **ptr, size_t align,
		      size_t size)
{
	unsigned long flags;
	void *p;
	int rc;

	if (!align || (align & (align - 1)) || align % sizeof(void *))
		return EINVAL;
	if (!a)
		return ENOMEM;
	flags = lock_ops();
	rc = a->posix_memalign(a, &p, align, size);
	count_alloc(a, rc ? NULL : p);
	unlock_ops(flags);
	if (!rc)
		*ptr = p;
	return rc;
}

void *uk_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	unsigned long flags;
	void *p;

	if (!a || !align || (align & (align - 1)))
		return NULL;
	flags = lock_ops();
	if (a->posix_memalign(a, &p, align, size))
		p = NULL;
	count_alloc(a, p);
	unlock_ops(flags);
	return p;
}

void uk_free(struct uk_alloc *a, void *ptr)
{
	unsigned long flags;

	if (!ptr)
		return;
	flags = lock_ops();
	count_free(a, ptr);
	a->free(a, ptr);
	unlock_ops(flags);
}

void *uk_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	unsigned long flags;
	size_t old;
	void *p;

	if (!ptr)
		return uk_malloc(a, size);
	if (!size) {
		uk_free(a, ptr);
		return NULL;
	}
	flags = lock_ops();
	old = a->usable_size(a, ptr);
	p = a->realloc(a, ptr, size);
	count_resize(a, old, p);
	unlock_ops(flags);
	return p;
}

size_t uk_usable_size(struct uk_alloc *a, void *ptr)
{
	unsigned long flags = lock_ops();
	size_t n = ptr ? a->usable_size(a, ptr) : 0;

	unlock_ops(flags);
	return n;
}

void *uk_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	unsigned long flags;
	void *p;

	if (!a)
		return NULL;
	flags = lock_ops();
	p = a->palloc(a, num_pages);

	count_alloc(a, p);
	unlock_ops(flags);
	return p;
}

void uk_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages)
{
	unsigned long flags;

	if (!ptr)
		return;
	flags = lock_ops();
	count_free(a, ptr);
	a->pfree(a, ptr, num_pages);
	unlock_ops(flags);
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
	memset(&a->stats, 0, sizeof(a->stats));

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
