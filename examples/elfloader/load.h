/* SPDX-License-Identifier: MIT */
#ifndef ELFLOADER_LOAD_H
#define ELFLOADER_LOAD_H

#include <stddef.h>
#include <stdint.h>

/* A program placed in memory. */
struct loaded {
	uintptr_t base;     /* where its address 0 is */
	uintptr_t entry;    /* its entry point */
	uintptr_t phdr;     /* its program headers, in memory */
	unsigned int phnum;
};

/* Checks the file (static PIE for x86_64) and maps its PT_LOAD segments;
 * NULL, or the reason it cannot run. */
const char *elf_load(const char *file, size_t size, struct loaded *out);

/* Builds Linux's initial stack (argc, argv, envp, auxv) in the stack
 * whose end is `top`; returns the stack pointer to start with. */
uintptr_t stack_build(uintptr_t top, const struct loaded *prog,
		      const char *execfn, int argc, char *const argv[],
		      int envc, char *const envp[]);

#endif
