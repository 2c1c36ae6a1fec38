/* SPDX-License-Identifier: MIT */
/*
 * Linux's initial process stack on x86_64 (the psABI's figure 3.9, and
 * what fs/binfmt_elf.c writes), from its end downwards:
 *
 *   the strings: the random bytes of AT_RANDOM, the platform name,
 *   the program's path (AT_EXECFN), the environment, the arguments;
 *   then, 16-byte aligned, at the stack pointer the program starts with:
 *     argc, argv[0..argc-1], NULL, envp[0..], NULL, auxv pairs, AT_NULL.
 */
#include <uk/arch/lcpu.h>
#include <uk/essentials.h>
#include <string.h>

#include "elf64.h"
#include "load.h"

long uk_syscall_r_getrandom(long buf, long len, long flags);

/* Copies a string below `*sp`; returns its address. */
static uintptr_t push_string(uintptr_t *sp, const char *s)
{
	size_t n = strlen(s) + 1;

	*sp -= n;
	memcpy((void *)*sp, s, n);
	return *sp;
}

#define AUXV_PAIRS 20

uintptr_t stack_build(uintptr_t top, const struct loaded *prog,
		      const char *execfn, int argc, char *const argv[],
		      int envc, char *const envp[])
{
	uintptr_t sp = top, random, platform, exec, strs_argv[argc + 1],
		  strs_envp[envc + 1];
	uint64_t auxv[2 * AUXV_PAIRS], *out;
	uint32_t a, b, c, hwcap;
	size_t words;
	int i, n = 0;

	sp -= 16;
	random = sp;
	uk_syscall_r_getrandom((long)random, 16, 0);
	platform = push_string(&sp, "x86_64");
	exec = push_string(&sp, execfn);
	for (i = envc - 1; i >= 0; i--)
		strs_envp[i] = push_string(&sp, envp[i]);
	for (i = argc - 1; i >= 0; i--)
		strs_argv[i] = push_string(&sp, argv[i]);

	/* What Linux reports; no vDSO (AT_SYSINFO_EHDR): a libc then makes
	 * the clock calls as system calls. */
	x86_cpuid(1, 0, &a, &b, &c, &hwcap);
#define AUX(t, v) do { auxv[n++] = (t); auxv[n++] = (uint64_t)(v); } while (0)
	AUX(AT_HWCAP, hwcap);
	AUX(AT_PAGESZ, 4096);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, prog->phdr);
	AUX(AT_PHENT, sizeof(struct elf64_phdr));
	AUX(AT_PHNUM, prog->phnum);
	AUX(AT_BASE, 0);           /* no interpreter */
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, prog->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, exec);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX

	words = 1 + (argc + 1) + (envc + 1) + n;
	sp = (sp - words * 8) & ~(uintptr_t)15;
	out = (uint64_t *)sp;
	*out++ = argc;
	for (i = 0; i < argc; i++)
		*out++ = strs_argv[i];
	*out++ = 0;
	for (i = 0; i < envc; i++)
		*out++ = strs_envp[i];
	*out++ = 0;
	memcpy(out, auxv, n * sizeof(auxv[0]));
	return sp;
}
