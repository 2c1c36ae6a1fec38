/* SPDX-License-Identifier: MIT */
/*
 * linuxu: the image is a static Linux process. The heap is one anonymous
 * mapping; the process arguments are the command line.
 */
#include <uk/plat.h>
#include <uk/assert.h>
#include <plat/memregion.h>
#include <plat/time.h>
#include <linuxu/syscall.h>
#include "linuxu.h"

const char ukplat_name[] = "linuxu";

extern char __image_start[], __image_end[];

static void map_heap(void)
{
	size_t len = (size_t)CONFIG_LINUXU_HEAP_SIZE_KB << 10;
	long p = linuxu_syscall6(SYS_mmap, 0, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	plat_memregion_add((uintptr_t)__image_start,
			   __image_end - __image_start, UKPLAT_MEMRF_KERNEL,
			   "image");
	/* mmap returns -errno in the last page of the address space. */
	if (p < 0 && p > -4096)
		UK_CRASH("cannot map a %zu KiB heap: error %ld", len >> 10, -p);
	plat_memregion_add((uintptr_t)p, len, UKPLAT_MEMRF_FREE, "heap");
}

void linuxu_start(long *sp) __noreturn;
void linuxu_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	plat_entry_ticks = linuxu_monotonic_ns();
	linuxu_console_init();
	map_heap();
	uk_boot_entry(argc, argv);
}
