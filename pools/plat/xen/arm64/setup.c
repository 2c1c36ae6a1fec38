/* SPDX-License-Identifier: MIT */
/*
 * What xen adds to the shared arm64 Image boot (plat/common/arm64): the
 * boot stack, the command-line buffer, and a note of when the domain was
 * created. The device tree is Xen's own for this domU: RAM at 0x40000000
 * (the memory node), the vpl011 as an "arm,sbsa-uart" node, a GICv3, the
 * generic timer and /chosen/bootargs from the domain's kernel module.
 */
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/init.h>
#include <plat/arm64.h>
#include <plat/cmdline.h>

const char ukplat_name[] = "xen";

char plat_arm64_boot_stack[PLAT_ARM64_STACK_GUARD + CONFIG_XEN_STACK_SIZE]
	__attribute__((section(".bss.boot"), aligned(PLAT_ARM64_STACK_ALIGN)));
const size_t plat_arm64_boot_stack_size = sizeof(plat_arm64_boot_stack);

/* The device tree's memory is all there is. */
bool plat_arm64_memory(const void *fdt, int memory_nodes)
{
	return memory_nodes > 0;
}

char *plat_arm64_cmdline_save(const char *bootargs, size_t len)
{
	static char cmdline[CONFIG_XEN_CMDLINE_MAX];

	return plat_cmdline_save(bootargs, len, cmdline, sizeof(cmdline));
}

/* Every exception from EL1 is a fault of the guest. */
void plat_arm64_trap_check(const struct ukarch_regs *r)
{
}

/*
 * Xen sets a domain's virtual counter offset when it creates the domain,
 * so the entry stamp (CNTVCT at the first instruction) is the time from
 * creation to entry: Xen building the domain and finishing its own boot.
 */
static int report_creation_time(void)
{
	uint64_t hz = ukplat_ticks_hz(NULL);

	if (hz)
		uk_pr_info("entered %llu us after the domain was created\n",
			   (unsigned long long)(ukplat_ticks_at_entry() *
						1000000 / hz));
	return 0;
}
UK_EARLY_INITCALL(report_creation_time, NULL);
