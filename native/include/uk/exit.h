/* SPDX-License-Identifier: MIT */
/*
 * Ending the program normally, without knowing who shuts down.
 *
 * exit() of a C library (or any code that must stop the image with a
 * status) calls uk_exit(status). The library that owns the shutdown
 * sequence, the boot library (term functions, then power off), registers
 * it as the exit hook:
 *
 *   static void my_shutdown(int status) { ...; ukplat_halt(status); }
 *   UK_EXIT_HOOK(my_shutdown);
 *
 * So a C library names no other library and can be replaced by another
 * one; without a registered hook the image powers off directly. The hook
 * is a one-entry table in section .uk_exithook (native/ld/tables.ld); the
 * link fails when two libraries register one.
 */
#ifndef UK_EXIT_H
#define UK_EXIT_H

#include <uk/essentials.h>
#include <uk/plat.h>

#ifndef __ASSEMBLY__

/* Must not return: it ends with ukplat_halt(status). */
typedef void (*uk_exit_hook_fn)(int status);

#define UK_EXIT_HOOK(fn)						\
	static const uk_exit_hook_fn					\
	__used __section(".uk_exithook") __aligned(8)			\
	UK_CONCAT(__uk_exithook_fn_, fn) = (fn)

/* Bounds provided by the linker script (native/ld/tables.ld). */
extern const uk_exit_hook_fn __uk_exithook_start[];
extern const uk_exit_hook_fn __uk_exithook_end[];

/* Ends the image with `status` through the registered hook. */
static inline void __noreturn uk_exit(int status)
{
	const uk_exit_hook_fn *hook;

	/* A loop like the other tables' walks; the one hook never returns. */
	for (hook = __uk_exithook_start; hook < __uk_exithook_end; hook++)
		(*hook)(status);
	ukplat_halt(status);
}

#endif /* !__ASSEMBLY__ */
#endif /* UK_EXIT_H */
