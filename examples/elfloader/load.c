/* SPDX-License-Identifier: MIT */
/*
 * Placing a static PIE in memory. Its PT_LOAD segments keep their
 * distances from each other, at a base chosen here (a region of the
 * allocator aligned as its largest segment alignment asks); file bytes
 * are copied and the rest of each segment (.bss) zeroed.
 *
 * No relocation is applied here: a static PIE's own start code relocates
 * it (glibc's _dl_relocate_static_pie, musl's rcrt1 _dlstart_c), from
 * its _DYNAMIC and its load address. A program that needs an interpreter
 * (PT_INTERP: dynamically linked) or fixed addresses (ET_EXEC) is refused
 * with the reason: the image has no dynamic linker, and a fixed address
 * may be the image's own.
 */
#include <uk/alloc.h>
#include <uk/arch/types.h>
#include <string.h>

#include "elf64.h"
#include "load.h"

#if CONFIG_PAGING
#include <uk/paging.h>

/*
 * With PAGING the allocator's memory is not executable: the pages of the
 * executable segments are made so, and left writable where a writable
 * segment shares a page with them (the program's start code relocates
 * itself and may write there).
 */
static const char *make_executable(const struct elf64_phdr *ph,
				   unsigned int n, uintptr_t base)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		uintptr_t start, end;
		unsigned int attr = UK_PAGING_EXEC;

		if (ph[i].type != PT_LOAD || !(ph[i].flags & PF_X))
			continue;
		start = UK_ALIGN_DOWN(base + ph[i].vaddr, UK_PAGE_SIZE);
		end = UK_ALIGN_UP(base + ph[i].vaddr + ph[i].memsz, UK_PAGE_SIZE);
		for (j = 0; j < n; j++)
			if (ph[j].type == PT_LOAD && (ph[j].flags & PF_W) &&
			    base + ph[j].vaddr < end &&
			    base + ph[j].vaddr + ph[j].memsz > start)
				attr |= UK_PAGING_WRITE;
		if (uk_paging_protect(start, end - start, attr))
			return "its code could not be made executable";
	}
	return NULL;
}
#endif

static const char *check_header(const struct elf64_ehdr *eh, size_t size)
{
	if (size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4))
		return "not an ELF file";
	if (eh->ident[4] != ELFCLASS64 || eh->ident[5] != ELFDATA2LSB ||
	    eh->machine != EM_X86_64)
		return "not an x86_64 ELF file";
	if (eh->type == ET_EXEC)
		return "a position-dependent executable: build it with -static-pie";
	if (eh->type != ET_DYN)
		return "not an executable";
	if (eh->phentsize != sizeof(struct elf64_phdr) || !eh->phnum ||
	    eh->phoff > size ||
	    (size - eh->phoff) / sizeof(struct elf64_phdr) < eh->phnum)
		return "its program headers are outside the file";
	return NULL;
}

const char *elf_load(const char *file, size_t size, struct loaded *out)
{
	const struct elf64_ehdr *eh = (const void *)file;
	const struct elf64_phdr *ph;
	uint64_t lo = UINT64_MAX, hi = 0, align = UK_PAGE_SIZE;
	unsigned long pages;
	const char *why;
	char *region;
	int i;

	why = check_header(eh, size);
	if (why)
		return why;
	ph = (const void *)(file + eh->phoff);
	out->phdr = 0;
	for (i = 0; i < eh->phnum; i++) {
		if (ph[i].type == PT_INTERP)
			return "dynamically linked (it names an interpreter): build it with -static-pie";
		if (ph[i].type != PT_LOAD)
			continue;
		if (ph[i].filesz > ph[i].memsz || ph[i].offset > size ||
		    size - ph[i].offset < ph[i].filesz)
			return "a segment lies outside the file";
		if (ph[i].vaddr + ph[i].memsz < ph[i].vaddr)
			return "a segment wraps around the address space";
		if (ph[i].vaddr < lo)
			lo = ph[i].vaddr;
		if (ph[i].vaddr + ph[i].memsz > hi)
			hi = ph[i].vaddr + ph[i].memsz;
		if (ph[i].align > align)
			align = ph[i].align;
	}
	if (hi == 0)
		return "no loadable segment";
	if (align & (align - 1) || align > (64UL << 20))
		return "a segment alignment that is not a power of two up to 64 MiB";
	lo &= ~(uint64_t)(UK_PAGE_SIZE - 1);
	hi = UK_ALIGN_UP(hi, UK_PAGE_SIZE);
	pages = (hi - lo + align - UK_PAGE_SIZE) / UK_PAGE_SIZE;
	region = uk_palloc(uk_alloc_get_default(), pages);
	if (!region)
		return "no memory for its segments";
	out->base = UK_ALIGN_UP((uintptr_t)region, align) - lo;
	memset((void *)(out->base + lo), 0, hi - lo);
	for (i = 0; i < eh->phnum; i++) {
		if (ph[i].type == PT_LOAD) {
			memcpy((void *)(out->base + ph[i].vaddr), file + ph[i].offset,
			       ph[i].filesz);
			/* The headers where the program will find them: in a segment. */
			if (eh->phoff >= ph[i].offset &&
			    eh->phoff - ph[i].offset < ph[i].filesz)
				out->phdr = out->base + ph[i].vaddr +
					    (eh->phoff - ph[i].offset);
		}
		if (ph[i].type == PT_PHDR)
			out->phdr = out->base + ph[i].vaddr;
	}
	if (!out->phdr)
		return "its program headers are in no loaded segment";
#if CONFIG_PAGING
	{
		const char *why = make_executable(ph, eh->phnum, out->base);

		if (why)
			return why;
	}
#endif
	out->phnum = eh->phnum;
	out->entry = out->base + eh->entry;
	return NULL;
}
