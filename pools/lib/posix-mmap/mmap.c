/* SPDX-License-Identifier: MIT */
/*
 * Anonymous mappings on whole pages of the default allocator: what a
 * libc's large allocations and a program's own memory pools ask for. A
 * shared one is the same memory as a private one: there is one process
 * and no fork, so nobody else could see it (nginx's shared zones). The pages come zeroed, as the kernel gives them. munmap must name
 * exactly a mapping's start and length: pages are returned to the
 * allocator in the same runs they were taken.
 */
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/arch/types.h>
#include <errno.h>
#include <string.h>

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20

UK_SYSCALL_R_DEFINE(long, mmap, void *, addr, size_t, len, int, prot,
		    int, flags, int, fd, long, off)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long pages;
	void *p;

	if (!len)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS) || fd != -1)
		return -ENODEV;  /* no file mappings without a vfs */
	if ((flags & (MAP_SHARED | MAP_PRIVATE)) == (MAP_SHARED | MAP_PRIVATE) ||
	    !(flags & (MAP_SHARED | MAP_PRIVATE)) || (flags & MAP_FIXED))
		return -EINVAL;
	if (!a)
		return -ENOMEM;
	pages = (len + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;
	p = uk_palloc(a, pages);
	if (!p)
		return -ENOMEM;
	memset(p, 0, pages * UK_PAGE_SIZE);
	return (long)p;
}

UK_SYSCALL_R_DEFINE(int, munmap, void *, addr, size_t, len)
{
	struct uk_alloc *a;

	if (!len || ((unsigned long)addr & (UK_PAGE_SIZE - 1)))
		return -EINVAL;
	/* Pages mapped before main() go back to the boot-time heap. */
	a = uk_alloc_owner(addr);
	if (a)
		uk_pfree(a, addr, (len + UK_PAGE_SIZE - 1) / UK_PAGE_SIZE);
	return 0;
}

/*
 * The program break: one region of CONFIG_LIBPOSIX_MMAP_BRK_KIB taken
 * from the allocator at the first brk call, in which the break moves.
 * brk answers the break it leaves, as the kernel does: the old one when
 * the region cannot hold the new (a libc then falls back to mmap).
 * Memory the break uncovers reads as zeros, again after a shrink.
 */
static char *brk_start, *brk_cur, *brk_end;

UK_SYSCALL_R_DEFINE(long, brk, void *, addr)
{
	char *want = addr;

	if (!brk_start) {
		struct uk_alloc *a = uk_alloc_get_default();
		unsigned long pages = ((unsigned long)CONFIG_LIBPOSIX_MMAP_BRK_KIB * 1024 +
				       UK_PAGE_SIZE - 1) / UK_PAGE_SIZE;

		brk_start = a ? uk_palloc(a, pages) : NULL;
		if (!brk_start)
			return 0;
		brk_cur = brk_start;
		brk_end = brk_start + pages * UK_PAGE_SIZE;
	}
	if (want < brk_start || want > brk_end)
		return (long)brk_cur;
	if (want > brk_cur)
		memset(brk_cur, 0, want - brk_cur);
	brk_cur = want;
	return (long)brk_cur;
}

/*
 * Protections are not enforced (see Config.uk): a change of them is
 * accepted, as a libc asks after relocating itself (RELRO). madvise is
 * advice: the pages stay as they are, which every advice but
 * MADV_DONTNEED allows; after that one Linux reads zeros from private
 * anonymous pages, so they are cleared.
 */
#define MADV_DONTNEED 4

UK_SYSCALL_R_DEFINE(int, mprotect, void *, addr, size_t, len, int, prot)
{
	if ((unsigned long)addr & (UK_PAGE_SIZE - 1))
		return -EINVAL;
	return 0;
}

UK_SYSCALL_R_DEFINE(int, madvise, void *, addr, size_t, len, int, advice)
{
	if ((unsigned long)addr & (UK_PAGE_SIZE - 1))
		return -EINVAL;
	if (advice == MADV_DONTNEED && len)
		memset(addr, 0, (len + UK_PAGE_SIZE - 1) & ~(UK_PAGE_SIZE - 1));
	return 0;
}
