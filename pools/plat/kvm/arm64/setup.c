/* SPDX-License-Identifier: MIT */
/*
 * What kvm adds to the shared arm64 Image boot (plat/common/arm64): QEMU
 * virt's UART when the device tree names none we drive, the boot stack
 * and the command-line buffer.
 */
#include <uk/plat.h>
#include <uk/driver.h>
#include <plat/arm64.h>
#include <plat/cmdline.h>

const char ukplat_name[] = "kvm";

char plat_arm64_boot_stack[PLAT_ARM64_STACK_GUARD + CONFIG_KVM_STACK_SIZE]
	__attribute__((section(".bss.boot"), aligned(PLAT_ARM64_STACK_ALIGN)));
const size_t plat_arm64_boot_stack_size = sizeof(plat_arm64_boot_stack);

#define VIRT_UART_COMPATIBLE "arm,pl011\0arm,primecell"
static const struct uk_device virt_uart = {
	.compatible = VIRT_UART_COMPATIBLE,
	.compatible_len = sizeof(VIRT_UART_COMPATIBLE),
	.base = 0x09000000,
};

void plat_arm64_console_default(void)
{
	uk_driver_probe(UK_DRIVER_UART, &virt_uart);
}

/* The device tree's memory is all there is. */
bool plat_arm64_memory(const void *fdt, int memory_nodes)
{
	return memory_nodes > 0;
}

char *plat_arm64_cmdline_save(const char *bootargs, size_t len)
{
	static char cmdline[CONFIG_KVM_CMDLINE_MAX];

	return plat_cmdline_save(bootargs, len, cmdline, sizeof(cmdline));
}
