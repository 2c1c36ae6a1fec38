/* SPDX-License-Identifier: MIT */
/*
 * The kernel's page table of an arm64 Image guest (CONFIG_PAGING).
 * image.S builds it before any C code runs, in a fixed layout of 2 MiB
 * blocks that needs no memory map: the first GiB, where the devices are
 * (QEMU virt's; Xen's GIC and vpl011 for a domU), as device memory but
 * for its first 2 MiB (page 0 included), and the GiB of RAM holding the
 * image as normal memory, not executable (with
 * CONFIG_UKPLAT_ARM64_DEVICES_START, rpi3: the first GiB RAM up to there
 * and devices from there, the second GiB devices, page 0 unmapped); the 2 MiB pieces holding the
 * image in 4 KiB pages: text read-only and executable, read-only data,
 * the rest writable, and the guard pages under the boot and exception
 * stacks unmapped. Here the paging library takes the table over, and RAM
 * beyond that GiB (guests of more than 1 GiB) is mapped from the memory
 * map.
 */
#include <uk/paging.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/assert.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/paging.h>
#include <plat/arm64.h>

#define SZ_1G (1UL << 30)

/* Ticks image.S spent building the table (generic timer). */
extern uint64_t plat_arm64_paging_ticks;
extern char plat_arm64_trap_stack_guard[];

/* Tables for the RAM beyond the boot map: the heap does not exist yet. */
static uint8_t spare_tables[2][UK_PAGE_SIZE] __aligned(UK_PAGE_SIZE);

static void map_ram(uint64_t start, uint64_t end)
{
	int rc;

	if (start >= end)
		return;
	rc = uk_paging_map(start, start, end - start, UK_PAGING_WRITE);
	if (rc)
		UK_CRASH("paging: cannot map RAM %#lx-%#lx: error %d",
			 (unsigned long)start, (unsigned long)end, rc);
}

void plat_arm64_paging_init(void)
{
	uintptr_t gib = UK_ALIGN_DOWN((uintptr_t)plat_arm64_boot_stack, SZ_1G);
	int i, n = ukplat_memregion_count();
	struct ukplat_memregion first, last, mr;

	uk_paging_adopt(arm64_read_sysreg(ttbr0_el1) & ARM64_DESC_ADDR_MASK,
			spare_tables, UK_ARRAY_SIZE(spare_tables));
	/* The first page of the platform's boot stack is its guard. */
	uk_paging_name_guard((uintptr_t)plat_arm64_boot_stack,
			     "the boot stack");
	uk_paging_name_guard((uintptr_t)plat_arm64_trap_stack_guard,
			     "the exception stack");
	/* Regions are sorted: most guests have all their RAM in the GiB. */
	if (ukplat_memregion_get(0, &first) ||
	    ukplat_memregion_get(n - 1, &last) ||
	    (first.base >= gib && last.base + last.len <= gib + SZ_1G))
		return;
	for (i = 0; ukplat_memregion_get(i, &mr) == 0; i++) {
		uint64_t end = mr.base + mr.len;

		map_ram(mr.base, end < gib ? end : gib);
		map_ram(mr.base > gib + SZ_1G ? mr.base : gib + SZ_1G, end);
	}
}

/* ukdebug.level=4 shows it. */
static int paging_report(void)
{
	uk_pr_info("boot page table built in %lu ticks\n",
		   (unsigned long)plat_arm64_paging_ticks);
	return 0;
}
UK_EARLY_INITCALL(paging_report, NULL);
