/* SPDX-License-Identifier: MIT */
/*
 * What rpi3 adds to the shared arm64 Image boot (plat/common/arm64). The
 * board is fixed, so its devices are known rather than read from a device
 * tree: the firmware's tree puts them under /soc with bus addresses, and
 * QEMU's -kernel on raspi3b passes no tree at all. From a tree, when
 * there is one, come the memory, the command line and the initrd.
 *
 * Memory: the tree's memory nodes (the ARM's share of the RAM, as the
 * firmware and QEMU write them); with no tree, that share as the
 * firmware's mailbox reports it. Page 0 holds the spin tables the parked cores watch
 * (0xd8-0xf0): it is never free memory (plat_memregion_add_free).
 */
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/driver.h>
#include <uk/init.h>
#include <plat/arm64.h>
#include <plat/cmdline.h>
#include <plat/memregion.h>
#include "rpi3.h"

const char ukplat_name[] = "rpi3";

char plat_arm64_boot_stack[PLAT_ARM64_STACK_GUARD + CONFIG_RPI3_STACK_SIZE]
	__attribute__((section(".bss.boot"), aligned(PLAT_ARM64_STACK_ALIGN)));
const size_t plat_arm64_boot_stack_size = sizeof(plat_arm64_boot_stack);

#define UART0_COMPATIBLE "arm,pl011\0arm,primecell"
static const struct uk_device uart0 = {
	.compatible = UART0_COMPATIBLE,
	.compatible_len = sizeof(UART0_COMPATIBLE),
	.base = RPI3_UART0,
};

void plat_arm64_console_default(void)
{
	uk_driver_probe(UK_DRIVER_UART, &uart0);
}

bool plat_arm64_memory(const void *fdt, int memory_nodes)
{
	uint32_t base, size;

	if (memory_nodes)
		return true;
	if (rpi3_arm_memory(&base, &size))
		return false;
	uk_pr_info("memory from the firmware's mailbox: %#x bytes at %#x\n",
		   size, base);
	plat_memregion_add_free(base, size);
	return true;
}

char *plat_arm64_cmdline_save(const char *bootargs, size_t len)
{
	static char cmdline[CONFIG_RPI3_CMDLINE_MAX];

	return plat_cmdline_save(bootargs, len, cmdline, sizeof(cmdline));
}

/* Every exception from EL1 is a fault of the image. */
void plat_arm64_trap_check(const struct ukarch_regs *r)
{
}

#if CONFIG_LIBUKINTCTLR
/*
 * The interrupt controller and the generic timer, before the device-tree
 * devices the shared boot probes at priority 1 (a firmware tree names its
 * timer "arm,armv7-timer", which no driver takes, and its controllers
 * under /soc, which the shared boot does not read). The virtual timer's
 * line is the local controller's source 3 (its CNTV).
 */
#define LOCAL_INTC_COMPATIBLE "brcm,bcm2836-l1-intc"
#define TIMER_COMPATIBLE "arm,armv8-timer"
#define LOCAL_SOURCE_CNTV 3

static int probe_board_devices(void)
{
	static const struct uk_device intc = {
		.compatible = LOCAL_INTC_COMPATIBLE,
		.compatible_len = sizeof(LOCAL_INTC_COMPATIBLE),
		.base = RPI3_LOCAL_CONTROL,
	};
	static const struct uk_device timer = {
		.compatible = TIMER_COMPATIBLE,
		.compatible_len = sizeof(TIMER_COMPATIBLE),
		.flags = UK_DEVICE_IRQ,
		.irq = LOCAL_SOURCE_CNTV,
	};

	if (!uk_driver_probe(UK_DRIVER_INTCTLR, &intc))
		uk_driver_probe(UK_DRIVER_TIMER, &timer);
	return 0;
}
UK_INITCALL_PRIO(probe_board_devices, NULL, UK_INIT_CLASS_PLAT, 0);
#endif
