/* SPDX-License-Identifier: MIT */
/*
 * The kernel's page table: memory protection for the image, the heap and
 * the stacks (CONFIG_PAGING).
 *
 * One page table serves the whole image (and every CPU). The platform's
 * boot code builds it before any C code runs (text read-only and
 * executable, read-only data, writable data, nothing executable but text,
 * page 0 and a guard page under each boot stack unmapped), loads it and
 * hands it to this library with uk_paging_adopt(). Addresses are identity
 * mapped (virtual equals physical) except what a caller maps elsewhere,
 * such as the stacks of uk_paging_stack_alloc().
 *
 * The rest of the system changes the table through uk_paging_map(),
 * uk_paging_unmap() and uk_paging_protect(); the TLBs of the calling CPU
 * are kept coherent (and, on arm64, those of every CPU, through broadcast
 * invalidation).
 */
#ifndef UK_PAGING_H
#define UK_PAGING_H

#include <uk/essentials.h>
#include <uk/arch/types.h>

/*
 * Attributes of a mapping. A mapped page is always readable; 0 means
 * read-only data.
 */
#define UK_PAGING_WRITE  0x1  /* writable */
#define UK_PAGING_EXEC   0x2  /* executable (never with WRITE in the image) */
#define UK_PAGING_DEVICE 0x4  /* device registers: uncached, never executable */

/*
 * Maps [va, va + len) to [pa, pa + len) with `attr`, replacing what was
 * there. va, pa and len are multiples of UK_PAGE_SIZE; the largest pages
 * the alignment allows are used (2 MiB, and 1 GiB where the CPU has them).
 * Returns 0, -EINVAL (misaligned, outside the mappable addresses, unknown
 * attribute, DEVICE with EXEC) or -ENOMEM (no memory for a page table:
 * what was mapped before the failure stays mapped).
 */
int uk_paging_map(uintptr_t va, uint64_t pa, size_t len, unsigned int attr);

/* Removes every mapping of [va, va + len) (holes are fine). 0 or -EINVAL. */
int uk_paging_unmap(uintptr_t va, size_t len);

/*
 * Gives the mapped pages of [va, va + len) the attributes `attr`, keeping
 * their physical addresses. 0, -EINVAL, -ENOMEM, or -ENOENT when a part of
 * the range is not mapped (the mapped parts are changed all the same).
 */
int uk_paging_protect(uintptr_t va, size_t len, unsigned int attr);

/*
 * What `va` maps to: 0 and the physical address and attributes (either
 * pointer may be NULL), or -ENOENT when it is not mapped.
 */
int uk_paging_query(uintptr_t va, uint64_t *pa, unsigned int *attr);

/*
 * A stack of `size` bytes (rounded up to whole pages) with an unmapped
 * guard page right below it, so that an overflow faults instead of
 * overwriting memory: the crash report names the guard page. Returns the
 * lowest address of the stack (its top is that plus the rounded size,
 * 16-byte aligned), or NULL when `size` is 0 or memory is short.
 *
 * The pages come from the default allocator (uk_palloc) and are mapped in
 * the stack area, UK_PAGING_STACK_AREA above their physical address: a
 * stack's addresses are not physical addresses (uk_paging_query() gives
 * those).
 */
void *uk_paging_stack_alloc(size_t size);

/* Frees a stack of uk_paging_stack_alloc() (NULL is ignored). */
void uk_paging_stack_free(void *stack);

/* Where the stacks of uk_paging_stack_alloc() are mapped (64 TiB up). */
#define UK_PAGING_STACK_AREA (1UL << 46)

/* ---- for platforms ----------------------------------------------------- */

/*
 * Takes over the page table at `table` (physical address), which the boot
 * code built and loaded. New tables are taken from the `n` spare pages at
 * `pages` first (for changes made before the heap exists), then from the
 * default allocator.
 */
void uk_paging_adopt(uintptr_t table, void *pages, unsigned int n);

/*
 * Names the guard page at `page` (kept unmapped by the caller) after the
 * stack below which it lies, `owner` (a string that lives as long as the
 * image), for crash reports.
 */
void uk_paging_name_guard(uintptr_t page, const char *owner);

/* The table's root (physical address), for other CPUs. */
uintptr_t uk_paging_root(void);

/*
 * Loads the table `root` on the calling CPU, which runs identity mapped
 * at this moment: x86_64 sets EFER.NXE and CR3 (long mode is on already);
 * arm64 programs MAIR_EL1, TCR_EL1 and TTBR0_EL1 and turns the MMU (off
 * until then) and the caches on. On arm64 it uses no stack and no memory,
 * so boot code may call it before it has either.
 */
void uk_paging_cpu_enable(uintptr_t root);

/*
 * For crash reports: the owner of the guard page holding `addr` ("the
 * boot stack", "a stack of uk_paging_stack_alloc()"), NULL if none.
 */
const char *uk_paging_guard_owner(uintptr_t addr);

#endif /* UK_PAGING_H */
