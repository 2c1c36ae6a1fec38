/* SPDX-License-Identifier: MIT */
/*
 * linuxu: the image is a static Linux process. The heap is one anonymous
 * mapping; the process arguments are the command line.
 */
#include <uk/plat.h>
#include <uk/assert.h>
#include <linuxu/syscall.h>
#include "linuxu.h"

const char ukplat_name[] = "linuxu";
#if defined(__x86_64__)
const char ukplat_arch[] = "x86_64";
#elif defined(__aarch64__)
const char ukplat_arch[] = "arm64";
#endif

extern char __image_start[], __image_end[];

static struct ukplat_memregion regions[2];
static int nr_regions;

int ukplat_memregion_count(void)
{
	return nr_regions;
}

int ukplat_memregion_get(int i, struct ukplat_memregion *mr)
{
	if (i < 0 || i >= nr_regions)
		return -1;
	*mr = regions[i];
	return 0;
}

static void map_heap(void)
{
	size_t len = (size_t)CONFIG_LINUXU_HEAP_SIZE_KB << 10;
	long p = linuxu_syscall6(SYS_mmap, 0, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	regions[0] = (struct ukplat_memregion){
		(uintptr_t)__image_start, __image_end - __image_start,
		UKPLAT_MEMRF_KERNEL, "image" };
	nr_regions = 1;
	/* mmap returns -errno in the last page of the address space. */
	if (p < 0 && p > -4096)
		UK_CRASH("cannot map a %zu KiB heap: error %ld", len >> 10, -p);
	regions[1] = (struct ukplat_memregion){
		(uintptr_t)p, len, UKPLAT_MEMRF_FREE, "heap" };
	nr_regions = 2;
}

void linuxu_start(long *sp) __noreturn;
void linuxu_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	linuxu_entry_ns = linuxu_monotonic_ns();
	linuxu_console_init();
	map_heap();
	uk_boot_entry(argc, argv);
}
