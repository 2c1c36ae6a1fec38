/* SPDX-License-Identifier: MIT */
/*
 * musl's start-up in a unikernel: the C library start-up hook
 * (uk/libc.h), which ukboot runs before anything else touches the C
 * library. musl's own __init_libc() expects what Linux leaves above argv:
 * the environment, then the auxiliary vector. It gets an empty environment
 * and the entries it needs: the page size, and a program header table of
 * one entry, the image's TLS segment (native/ld/tls.ld), from which musl
 * lays out the __thread variables of the whole image, its own thread
 * structure beside them, for the first thread and for every thread
 * pthread_create() makes. It then sets up the thread pointer through
 * __set_thread_area (arch_prctl on x86_64, tpidr_el0 on arm64) and the
 * thread's id through set_tid_address.
 */
#include <uk/libc.h>
#include <uk/arch/types.h>
#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/* musl-internal (src/env/__libc_start_main.c), hidden inside libc.a. */
void __init_libc(char **envp, char *pn);

/* native/ld/tls.ld; sizes are the symbols' values. */
extern const char __uk_tls_start[], __uk_tls_tdata_size[], __uk_tls_size[],
	__uk_tls_align[];

static void musl_start(int argc, char *argv[])
{
	static Elf64_Phdr tls;
	static size_t above_argv[] = {
		0,                          /* end of the environment */
		AT_PAGESZ, UK_PAGE_SIZE,
		AT_PHDR, 0,
		AT_PHENT, sizeof(Elf64_Phdr),
		AT_PHNUM, 1,
		AT_NULL, 0,
	};

	/* No PT_PHDR entry: musl takes the addresses as they are. */
	tls = (Elf64_Phdr){
		.p_type = PT_TLS,
		.p_flags = PF_R,
		.p_vaddr = (uintptr_t)__uk_tls_start,
		.p_paddr = (uintptr_t)__uk_tls_start,
		.p_filesz = (uintptr_t)__uk_tls_tdata_size,
		.p_memsz = (uintptr_t)__uk_tls_size,
		.p_align = (uintptr_t)__uk_tls_align,
	};
	above_argv[4] = (uintptr_t)&tls;
	__init_libc((char **)above_argv, argc > 0 ? argv[0] : NULL);
}
UK_LIBC_INIT(musl_start);
