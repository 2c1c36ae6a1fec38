/* SPDX-License-Identifier: MIT */
/*
 * musl's start-up in a unikernel: the C library start-up hook
 * (uk/libc.h), which ukboot runs before anything else touches the C
 * library. musl's own __init_libc() expects what Linux leaves above argv:
 * the environment, then the auxiliary vector. It gets an empty environment
 * and the one entry it needs (the page size); it then sets up the thread
 * pointer (TLS) through __set_thread_area (arch_prctl on x86_64,
 * tpidr_el0 on arm64) and the thread's id through set_tid_address.
 */
#include <uk/libc.h>
#include <uk/arch/types.h>
#include <elf.h>
#include <stddef.h>

/* musl-internal (src/env/__libc_start_main.c), hidden inside libc.a. */
void __init_libc(char **envp, char *pn);

static void musl_start(int argc, char *argv[])
{
	static size_t above_argv[] = {
		0,                          /* end of the environment */
		AT_PAGESZ, UK_PAGE_SIZE,
		AT_NULL, 0,
	};

	__init_libc((char **)above_argv, argc > 0 ? argv[0] : NULL);
}
UK_LIBC_INIT(musl_start);
