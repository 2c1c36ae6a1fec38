/* SPDX-License-Identifier: MIT */
/*
 * Init tables.
 *
 * A library registers its initialisation by dropping an entry into a linker
 * section named after its class and priority. The linker script gathers all
 * such sections sorted by name, so the boot library walks one array in the
 * right order and no central list ever needs editing when a library is
 * added.
 *
 *   section name: .uk_inittab.<class><prio>   (one digit each)
 *
 * Classes run in this order; within a class, priority 0 runs first.
 */
#ifndef UK_INIT_H
#define UK_INIT_H

#include <uk/essentials.h>

/* Nothing but the console and boot info is available yet; no heap. */
#define UK_INIT_CLASS_EARLY  1
/* Allocator back-ends build their heaps from the platform memory map. */
#define UK_INIT_CLASS_MEM    2
/* Platform services that need a heap (future: IRQs, timers, bus probes). */
#define UK_INIT_CLASS_PLAT   3
/* Ordinary libraries (libc buffers, allocator statistics, ...). */
#define UK_INIT_CLASS_LIB    4
/* File systems to mount (future: vfs, ramfs, initrd). */
#define UK_INIT_CLASS_ROOTFS 5
/* System services (future: scheduler threads, network stacks). */
#define UK_INIT_CLASS_SYS    6
/* Last moment before main(). */
#define UK_INIT_CLASS_LATE   7

#ifndef __ASSEMBLY__

/*
 * init returns 0 on success or a negative errno-style value; a failure stops
 * the boot with a crash message naming the library. term (may be NULL) runs
 * at shutdown, in reverse table order, for every entry whose init ran.
 */
/* Aligned as each entry is placed (8 bytes): the table is an array of
 * them, also where three pointers make 12 bytes (arm32). */
struct uk_inittab_entry {
	int (*init)(void);
	void (*term)(void);
	const char *libname;
} __aligned(8);

#define UK_INITTAB_SECTION(class, prio) \
	".uk_inittab." UK_STR(class) UK_STR(prio)

#define __UK_INITTAB_ENTRY(fn, termfn, class, prio)			\
	_Static_assert((class) >= 1 && (class) <= 9, "init class 1..9");\
	_Static_assert((prio) >= 0 && (prio) <= 9, "init priority 0..9");\
	static const struct uk_inittab_entry				\
	__used __section(UK_INITTAB_SECTION(class, prio)) __aligned(8)	\
	UK_CONCAT(__uk_inittab_, fn) = { (fn), (termfn), UK_LIBNAME_STR }

/* Register fn (and optional termfn) in class/prio. */
#define UK_INITCALL_PRIO(fn, termfn, class, prio) \
	__UK_INITTAB_ENTRY(fn, termfn, class, prio)

/* Shorthands at the default priority 5. */
#define UK_EARLY_INITCALL(fn, termfn)  UK_INITCALL_PRIO(fn, termfn, UK_INIT_CLASS_EARLY, 5)
#define UK_MEM_INITCALL(fn, termfn)    UK_INITCALL_PRIO(fn, termfn, UK_INIT_CLASS_MEM, 5)
#define UK_PLAT_INITCALL(fn, termfn)   UK_INITCALL_PRIO(fn, termfn, UK_INIT_CLASS_PLAT, 5)
#define UK_LIB_INITCALL(fn, termfn)    UK_INITCALL_PRIO(fn, termfn, UK_INIT_CLASS_LIB, 5)
#define UK_ROOTFS_INITCALL(fn, termfn) UK_INITCALL_PRIO(fn, termfn, UK_INIT_CLASS_ROOTFS, 5)
#define UK_SYS_INITCALL(fn, termfn)    UK_INITCALL_PRIO(fn, termfn, UK_INIT_CLASS_SYS, 5)
#define UK_LATE_INITCALL(fn, termfn)   UK_INITCALL_PRIO(fn, termfn, UK_INIT_CLASS_LATE, 5)

/* Bounds provided by the linker script (native/ld/tables.ld). */
extern const struct uk_inittab_entry __uk_inittab_start[];
extern const struct uk_inittab_entry __uk_inittab_end[];

#endif /* !__ASSEMBLY__ */
#endif /* UK_INIT_H */
