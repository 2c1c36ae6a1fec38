/* SPDX-License-Identifier: MIT */
/*
 * The C library's start-up, without knowing which C library the image has.
 *
 * A C library that must set itself up before any code uses it (musl: its
 * thread pointer, which errno and the locale hang off) registers a hook;
 * the boot library calls uk_libc_init() first thing in uk_boot_entry(),
 * before the command line is looked at:
 *
 *   static void my_start(int argc, char *argv[]) { ... }
 *   UK_LIBC_INIT(my_start);
 *
 * The counterpart of the exit hook (uk/exit.h): the boot library names no
 * C library, and one that needs no set-up (nolibc) registers nothing. The
 * hook is a one-entry table in section .uk_libcinit (native/ld/tables.ld);
 * the link fails when two libraries register one.
 */
#ifndef UK_LIBC_H
#define UK_LIBC_H

#include <uk/essentials.h>

#ifndef __ASSEMBLY__

typedef void (*uk_libc_init_fn)(int argc, char *argv[]);

#define UK_LIBC_INIT(fn)						\
	static const uk_libc_init_fn					\
	__used __section(".uk_libcinit") __aligned(8)			\
	UK_CONCAT(__uk_libcinit_fn_, fn) = (fn)

/* Bounds provided by the linker script (native/ld/tables.ld). */
extern const uk_libc_init_fn __uk_libcinit_start[];
extern const uk_libc_init_fn __uk_libcinit_end[];

/* Runs the C library's start-up hook, if it registered one. */
static inline void uk_libc_init(int argc, char *argv[])
{
	const uk_libc_init_fn *hook;

	for (hook = __uk_libcinit_start; hook < __uk_libcinit_end; hook++)
		(*hook)(argc, argv);
}

#endif /* !__ASSEMBLY__ */
#endif /* UK_LIBC_H */
