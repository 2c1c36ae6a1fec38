/* SPDX-License-Identifier: MIT */
/*
 * The Arm PrimeCell PL031 real-time clock as uktimer's wall-clock source:
 * its data register counts seconds since the Unix epoch (QEMU starts it
 * at the host's time). Found in the device tree on the first read.
 */
#include <uk/timer.h>
#include <uk/timer_dev.h>
#include <uk/fdt.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/arch/mmio.h>
#include <errno.h>

#define RTCDR 0x000

static int pl031_read(uint64_t *ns)
{
	const void *fdt = ukplat_bootinfo_fdt();
	int root, node;
	uint64_t base, size;

	if (!fdt)
		return -ENODEV;
	root = ukfdt_root(fdt);
	node = ukfdt_find_compatible_top(fdt, "arm,pl031");
	if (node < 0 || ukfdt_reg(fdt, node, 0, ukfdt_address_cells(fdt, root),
				  ukfdt_size_cells(fdt, root), &base, &size))
		return -ENODEV;
	*ns = (uint64_t)mmio_read32(base + RTCDR) * UK_NSEC_PER_SEC;
	return 0;
}

static const struct uk_wallclock pl031 = {
	.name = "pl031",
	.read = pl031_read,
};

static int pl031_register(void)
{
	uk_wallclock_register(&pl031);
	return 0;
}
UK_INITCALL_PRIO(pl031_register, NULL, UK_INIT_CLASS_PLAT, 3);
