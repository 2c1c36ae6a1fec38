/* SPDX-License-Identifier: MIT */
/*
 * The kernel's page table: a 4-level tree (512 entries a level, 4 KiB
 * pages, 48-bit addresses) on both architectures, so one walker serves
 * both; pte.h of each architecture encodes the entries and keeps the TLBs
 * coherent.
 *
 * The platform's boot code builds the table (in assembly: cheap even
 * where code is translated as it first runs, as under QEMU TCG) and hands
 * it over with uk_paging_adopt(). Every later change is one walk over the
 * range: at each level an entry the range covers entirely becomes a leaf
 * (a block where the level allows one and the physical address is
 * aligned), a partly covered one is descended into, after a block there
 * is split into a table of the same translations. Tables are never freed
 * or merged back: their pages stay in the tree for the next change.
 *
 * Table pages come from the pool the platform gives until it runs out,
 * then from the default allocator.
 */
#include <uk/paging.h>
#include <uk/plat.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/print.h>
#if CONFIG_UKLCPU_SMP
#include <uk/spinlock.h>
#endif
#include <errno.h>
#include <string.h>
#include "pte.h"

#define LEVELS     4
#define ENTRIES    512
#define SHIFT(lvl) (39 - 9 * (lvl))

static pte_t *root;
static uint8_t *pool;
static unsigned int pool_pages;
/* Table pages added to the boot table: a boot that mapped memory page by
 * page would show here, whatever the time it took. */
static unsigned int tables_added;

static pte_t *table_alloc(void)
{
	struct uk_alloc *a;
	void *t;

	if (pool_pages) {
		t = pool;
		pool += UK_PAGE_SIZE;
		pool_pages--;
	} else {
		a = uk_alloc_get_default();
		t = a ? uk_palloc(a, 1) : NULL;
		if (!t)
			return NULL;
	}
	memset(t, 0, UK_PAGE_SIZE);
	tables_added++;
	return t;
}

enum op { OP_MAP, OP_UNMAP, OP_PROTECT };

struct request {
	enum op op;
	unsigned int attr;
	uint64_t delta;        /* OP_MAP: physical minus virtual address */
	bool hole;             /* OP_PROTECT met an unmapped part */
	bool stale;            /* a valid translation changed: other TLBs */
};

static int new_table(pte_t *p, uintptr_t va)
{
	pte_t *t = table_alloc();

	if (!t)
		return -ENOMEM;
	pte_set_live(p, pte_table((uintptr_t)t), va);
	return 0;
}

/* A block entry becomes a table holding the same translations. */
static int split(pte_t *p, int level, uintptr_t va)
{
	pte_t e = *p;
	uint64_t pa = pte_addr(e), step = 1UL << SHIFT(level + 1);
	unsigned int attr = pte_attr(e), i;
	pte_t *t = table_alloc();

	if (!t)
		return -ENOMEM;
	/* Entries of one level differ only in their address field. */
	e = pte_leaf(pa, level + 1, attr);
	for (i = 0; i < ENTRIES; i++, e += step)
		t[i] = e;
	pte_set_live(p, pte_table((uintptr_t)t), va);
	return 0;
}

static int walk(pte_t *t, int level, uintptr_t va, uintptr_t end,
		struct request *r)
{
	uintptr_t size = 1UL << SHIFT(level);
	unsigned int i = (va >> SHIFT(level)) % ENTRIES;
	int rc;

	for (; va < end; i++) {
		uintptr_t next = UK_ALIGN_DOWN(va, size) + size;
		uintptr_t stop = next < end ? next : end;
		pte_t *p = &t[i], e = *p;

		if (!(va & (size - 1)) && stop == next &&
		    !pte_is_table(e, level)) {
			/* This entry is the leaf (or the hole) to change. */
			if (r->op == OP_UNMAP) {
				if (pte_valid(e)) {
					pte_set_live(p, 0, va);
					r->stale = true;
				}
				goto next;
			}
			if (r->op == OP_PROTECT) {
				if (pte_valid(e)) {
					pte_set_live(p, pte_leaf(pte_addr(e),
								 level, r->attr),
						     va);
					r->stale = true;
				} else {
					r->hole = true;
				}
				goto next;
			}
			if (level == LEVELS - 1 || (pte_block_ok(level) &&
			    !((va + r->delta) & (size - 1)))) {
				pte_set_live(p, pte_leaf(va + r->delta, level,
							 r->attr), va);
				r->stale |= pte_valid(e);
				goto next;
			}
		}
		/* Part of the entry, or a block that cannot be used here:
		 * one level down. */
		if (!pte_valid(e)) {
			if (r->op != OP_MAP) {
				r->hole |= r->op == OP_PROTECT;
				goto next;
			}
			rc = new_table(p, va);
			if (rc)
				return rc;
		} else if (!pte_is_table(e, level)) {
			rc = split(p, level, va);
			if (rc)
				return rc;
		}
		rc = walk((pte_t *)(uintptr_t)pte_addr(*p), level + 1, va, stop,
			  r);
		if (rc)
			return rc;
next:
		va = stop;
	}
	return 0;
}

static bool range_ok(uintptr_t va, size_t len)
{
	return !(va & (UK_PAGE_SIZE - 1)) && !(len & (UK_PAGE_SIZE - 1)) &&
	       va < UKARCH_VA_LIMIT && len <= UKARCH_VA_LIMIT - va;
}

static bool attr_ok(unsigned int attr)
{
	return !(attr & ~(UK_PAGING_WRITE | UK_PAGING_EXEC |
			  UK_PAGING_DEVICE)) &&
	       (attr & (UK_PAGING_EXEC | UK_PAGING_DEVICE)) !=
	       (UK_PAGING_EXEC | UK_PAGING_DEVICE);
}

/*
 * Changes to the table, one at a time: interrupts off (a thread of this
 * CPU could change it too) and, with SMP, a spinlock, as thread stacks
 * are mapped and unmapped on any CPU.
 */
#if CONFIG_UKLCPU_SMP
static uk_spinlock_t table_lock = UK_SPINLOCK_INITIALIZER;

static unsigned long table_lock_irqsave(void)
{
	return uk_spin_lock_irqsave(&table_lock);
}

static void table_unlock_irqrestore(unsigned long flags)
{
	uk_spin_unlock_irqrestore(&table_lock, flags);
}
#else
static unsigned long table_lock_irqsave(void)
{
	return ukplat_lcpu_irq_save();
}

static void table_unlock_irqrestore(unsigned long flags)
{
	ukplat_lcpu_irq_restore(flags);
}
#endif

static int run(struct request *r, uintptr_t va, size_t len)
{
	unsigned long flags;
	int rc;

	if (!root || !range_ok(va, len))
		return -EINVAL;
	flags = table_lock_irqsave();
	rc = walk(root, 0, va, va + len, r);
	table_unlock_irqrestore(flags);
	/*
	 * After the lock: a CPU spinning for it with interrupts off could not
	 * take the call. Before the return: whoever frees or reuses what was
	 * mapped may do so once no CPU can reach it through its TLB.
	 */
	if (r->stale)
		arch_tlb_shootdown(va, len);
	if (!rc && r->hole)
		rc = -ENOENT;
	return rc;
}

int uk_paging_map(uintptr_t va, uint64_t pa, size_t len, unsigned int attr)
{
	struct request r = { .op = OP_MAP, .attr = attr, .delta = pa - va };

	if ((pa & (UK_PAGE_SIZE - 1)) || !attr_ok(attr))
		return -EINVAL;
	return run(&r, va, len);
}

int uk_paging_unmap(uintptr_t va, size_t len)
{
	struct request r = { .op = OP_UNMAP };

	return run(&r, va, len);
}

int uk_paging_protect(uintptr_t va, size_t len, unsigned int attr)
{
	struct request r = { .op = OP_PROTECT, .attr = attr };

	if (!attr_ok(attr))
		return -EINVAL;
	return run(&r, va, len);
}

int uk_paging_query(uintptr_t va, uint64_t *pa, unsigned int *attr)
{
	const pte_t *t = root;
	int level;

	if (!root || va >= UKARCH_VA_LIMIT)
		return -ENOENT;
	for (level = 0; level < LEVELS; level++) {
		pte_t e = t[(va >> SHIFT(level)) % ENTRIES];

		if (!pte_valid(e))
			return -ENOENT;
		if (!pte_is_table(e, level)) {
			if (pa)
				*pa = pte_addr(e) +
				      (va & ((1UL << SHIFT(level)) - 1));
			if (attr)
				*attr = pte_attr(e);
			return 0;
		}
		t = (const pte_t *)(uintptr_t)pte_addr(e);
	}
	return -ENOENT;  /* not reached: level 3 entries are leaves */
}

/* ---- for platforms ----------------------------------------------------- */

void uk_paging_adopt(uintptr_t table, void *pages, unsigned int n)
{
	arch_paging_init();
	root = (pte_t *)table;
	pool = pages;
	pool_pages = n;
}

uintptr_t uk_paging_root(void)
{
	return (uintptr_t)root;
}

/* ukdebug.level=4 shows it, once the init functions before LATE have
 * mapped theirs. */
static int tables_report(void)
{
	uk_pr_info("page tables: %u pages added to the boot table\n",
		   tables_added);
	return 0;
}
UK_LATE_INITCALL(tables_report, NULL);

/* Named guard pages, for crash reports. More still work, unnamed. */
#define MAX_GUARDS 8

static struct {
	uintptr_t page;
	const char *owner;
} guards[MAX_GUARDS];
static unsigned int nr_guards;

void uk_paging_name_guard(uintptr_t page, const char *owner)
{
	if (nr_guards < MAX_GUARDS)
		guards[nr_guards++] = (typeof(guards[0])){ page, owner };
}

const char *uk_paging_guard_owner(uintptr_t addr)
{
	unsigned int i;

	for (i = 0; i < nr_guards; i++)
		if (addr - guards[i].page < UK_PAGE_SIZE)
			return guards[i].owner;
	/* In the stack area only stacks are mapped: the rest is guards. */
	if (addr >= UK_PAGING_STACK_AREA &&
	    addr - UK_PAGING_STACK_AREA < UK_PAGING_STACK_AREA &&
	    uk_paging_query(UK_ALIGN_DOWN(addr, UK_PAGE_SIZE), NULL, NULL))
		return "a stack of uk_paging_stack_alloc()";
	return NULL;
}
