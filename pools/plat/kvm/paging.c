/* SPDX-License-Identifier: MIT */
/*
 * The kernel's page table on kvm (CONFIG_PAGING). entry.S builds it
 * before any C code runs, in a fixed layout of large pages that needs no
 * memory map:
 *
 *  - x86_64: the first 4 GiB, as without paging (RAM, the firmware's
 *    tables and areas, the local and I/O APIC, the HPET), in 2 MiB pages,
 *    not executable;
 *  - arm64 (QEMU virt): the first GiB, where the devices are, as device
 *    memory but for its first 2 MiB (the flash, page 0 included), and the
 *    GiB of RAM holding the image as normal memory, not executable;
 *
 * with the 2 MiB pieces holding the image in 4 KiB pages: page 0
 * unmapped, text read-only and executable, read-only data, the rest
 * writable, and the guard pages under the boot and exception stacks
 * unmapped. Here the paging library takes the table over; on arm64, RAM
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
#include <kvm/paging.h>

/* Ticks entry.S spent building the table (TSC, generic timer). */
extern uint64_t kvm_paging_ticks;

#if defined(__x86_64__)
void kvm_paging_init(void)
{
	uk_paging_adopt(x86_read_cr3() & X86_PTE_ADDR_MASK, NULL, 0);
	uk_paging_name_guard((uintptr_t)kvm_boot_stack_guard, "the boot stack");
	uk_paging_name_guard((uintptr_t)kvm_trap_stack_guard,
			     "the exception stack");
}
#else
#define SZ_1G (1UL << 30)

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

void kvm_paging_init(void)
{
	uintptr_t gib = UK_ALIGN_DOWN((uintptr_t)kvm_boot_stack_guard, SZ_1G);
	int i, n = ukplat_memregion_count();
	struct ukplat_memregion first, last, mr;

	uk_paging_adopt(arm64_read_sysreg(ttbr0_el1) & ARM64_DESC_ADDR_MASK,
			spare_tables, UK_ARRAY_SIZE(spare_tables));
	uk_paging_name_guard((uintptr_t)kvm_boot_stack_guard, "the boot stack");
	uk_paging_name_guard((uintptr_t)kvm_trap_stack_guard,
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
#endif

/* ukdebug.level=4 shows it. */
static int paging_report(void)
{
	uk_pr_info("boot page table built in %lu ticks\n",
		   (unsigned long)kvm_paging_ticks);
	return 0;
}
UK_EARLY_INITCALL(paging_report, NULL);
