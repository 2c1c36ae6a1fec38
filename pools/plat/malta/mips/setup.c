/* SPDX-License-Identifier: MIT */
/*
 * The Malta board as QEMU's -kernel starts it (mips/entry.S hands over):
 * the console, the memory map and the command line, then the boot
 * library.
 *
 * QEMU's boot loader does what the board's YAMON firmware would: it moves
 * the GT-64120 system controller's registers to 0x1be00000 and opens its
 * PCI I/O window at physical 0x18000000, where the PIIX4 south bridge
 * answers ISA I/O ports (CONFIG_MIPS_IO_PORT_BASE, uk/arch/io.h): COM1
 * (the 16550) at 0x3f8. RAM starts at
 * physical 0; the loader says how much of it lies below 256 MiB (a3),
 * and puts argv and the environment at 0x2000: the first MiB, below the
 * image, stays reserved.
 */
#include <uk/plat.h>
#include <uk/driver.h>
#include <plat/cmdline.h>
#include <plat/memregion.h>

#define KSEG0 0x80000000u
#define LOW_RESERVED 0x100000u
#define MAX_LOW_RAM  0x10000000u

const char ukplat_name[] = "malta";


char malta_boot_stack[CONFIG_MALTA_STACK_SIZE]
	__attribute__((section(".bss.boot"), aligned(16)));
const size_t malta_boot_stack_size = sizeof(malta_boot_stack);

static const struct uk_device com1 = {
	.compatible = "ns16550a", .compatible_len = sizeof("ns16550a"),
	.base = 0x3f8, .flags = UK_DEVICE_IOPORT,
};

/* No device tree on this board. */
const void *ukplat_bootinfo_fdt(void)
{
	return NULL;
}

void malta_setup(int argc, char **argv, char **envp, unsigned long ramsize)
	__noreturn;
void malta_setup(int argc, char **argv, char **envp, unsigned long ramsize)
{
	static char cmdline[CONFIG_MALTA_CMDLINE_MAX];

	uk_driver_probe(UK_DRIVER_UART, &com1);

	/* argv[0] is the kernel's file name, argv[1] the -append text. */
	plat_cmdline_save(argc > 1 ? argv[1] : NULL, CONFIG_MALTA_CMDLINE_MAX,
			  cmdline, sizeof(cmdline));

	if (ramsize < 2 * LOW_RESERVED || ramsize > MAX_LOW_RAM)
		ramsize = MAX_LOW_RAM;
	plat_memregion_add_free(KSEG0, ramsize);
	plat_memregion_reserve(KSEG0, LOW_RESERVED, UKPLAT_MEMRF_RESERVED,
			       "boot loader");
	plat_memregion_reserve_image();

	uk_boot_entry_cmdline(cmdline);
}
