/* SPDX-License-Identifier: MIT */
/*
 * The kernel's page table of the x86_64 PC platforms (CONFIG_PAGING; arm64's is
 * plat/common/arm64/paging.c, shared with xen). entry.S builds it before
 * any C code runs, in a fixed layout of large pages that needs no memory
 * map: the first 4 GiB, as without paging (RAM, the firmware's tables and
 * areas, the local and I/O APIC, the HPET), in 2 MiB pages, not
 * executable, with the 2 MiB pieces holding the image in 4 KiB pages:
 * page 0 unmapped, text read-only and executable, read-only data, the
 * rest writable, and the guard pages under the boot and exception stacks
 * unmapped. Here the paging library takes the table over.
 */
#include <uk/paging.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/init.h>
#include <uk/assert.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/paging.h>
#include <plat/x86_64-paging.h>

/* Ticks entry.S spent building the table (TSC). */
extern uint64_t plat_x86_paging_ticks;

void plat_x86_paging_init(void)
{
	uk_paging_adopt(x86_read_cr3() & X86_PTE_ADDR_MASK, NULL, 0);
	uk_paging_name_guard((uintptr_t)plat_x86_boot_stack_guard, "the boot stack");
	uk_paging_name_guard((uintptr_t)plat_x86_trap_stack_guard,
			     "the exception stack");
}

/* ukdebug.level=4 shows it. */
static int paging_report(void)
{
	uk_pr_info("boot page table built in %lu ticks\n",
		   (unsigned long)plat_x86_paging_ticks);
	return 0;
}
UK_EARLY_INITCALL(paging_report, NULL);
