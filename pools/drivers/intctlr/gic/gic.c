/* SPDX-License-Identifier: MIT */
#include <uk/intctlr/gic.h>
#include <uk/intctlr.h>
#include <uk/fdt.h>
#include <uk/driver.h>
#include <uk/plat.h>
#include <errno.h>

void gic_set_enabled(uintptr_t base, unsigned int id, bool on)
{
	gic_write(base, (on ? GICD_ISENABLER : GICD_ICENABLER) + 4 * (id / 32),
		  1u << (id % 32));
}

int gic_set_trigger(uintptr_t base, unsigned int id, unsigned int trigger)
{
	unsigned int reg = GICD_ICFGR + 4 * (id / 16);
	uint32_t edge = 2u << (2 * (id % 16)), v;

	bool low = trigger == UK_INTCTLR_EDGE_FALLING ||
		   trigger == UK_INTCTLR_LEVEL_LOW;

	/* The GIC has no polarity setting: an SPI must be active-high or
	 * rising-edge, while a PPI's polarity is the device's own, which the
	 * GIC takes as it comes (Xen describes the generic timer's PPIs as
	 * level-low): only the sense is set. */
	if (low && id >= 32)
		return -ENOTSUP;
	if (id < 16)
		return 0;   /* SGIs are always edge triggered */
	v = gic_read(base, reg);
	gic_write(base, reg, trigger == UK_INTCTLR_EDGE_RISING ||
			     trigger == UK_INTCTLR_EDGE_FALLING ? v | edge
								: v & ~edge);
	return 0;
}

void gic_set_priority(uintptr_t base, unsigned int id)
{
	unsigned int reg = GICD_IPRIORITYR + (id & ~3u), shift = 8 * (id & 3);
	uint32_t v = gic_read(base, reg) & ~(0xffu << shift);

	gic_write(base, reg, v | GIC_PRIORITY_DEFAULT << shift);
}

void gic_disable_range(uintptr_t base, unsigned int first, unsigned int last)
{
	unsigned int id;

	for (id = first; id < last; id += 32)
		gic_write(base, GICD_ICENABLER + 4 * (id / 32), 0xffffffff);
}

unsigned int gic_nr_irqs(uintptr_t gicd)
{
	unsigned int n = 32 * ((gic_read(gicd, GICD_TYPER) & 0x1f) + 1);

	return n > GIC_SPURIOUS_MIN ? GIC_SPURIOUS_MIN : n;
}

#define FDT_SPI 0
#define FDT_PPI 1

int gic_fdt_xlat(const void *cells, unsigned int *irq, unsigned int *trigger)
{
	const uint8_t *c = cells;
	uint32_t type = ukfdt_read_cells(c, 1);
	uint32_t num = ukfdt_read_cells(c + 4, 1);

	if (type == FDT_SPI && num < GIC_SPURIOUS_MIN - GIC_SPI_BASE)
		*irq = GIC_SPI_BASE + num;
	else if (type == FDT_PPI && num < 16)
		*irq = 16 + num;
	else
		return -EINVAL;
	/* Low four bits: the trigger, as UK_INTCTLR_* numbers it. */
	*trigger = ukfdt_read_cells(c + 8, 1) & 0xf;
	return 0;
}

int gic_regs(const struct uk_device *dev, uintptr_t *reg0, uintptr_t *reg1)
{
	const void *fdt = ukplat_bootinfo_fdt();
	uint64_t r0, r1, size;
	int root, ac, sc;

	if (!fdt || !(dev->flags & UK_DEVICE_FDT))
		return -ENODEV;
	/* The platform describes children of the root: its cells apply. */
	root = ukfdt_root(fdt);
	ac = ukfdt_address_cells(fdt, root);
	sc = ukfdt_size_cells(fdt, root);
	if (ukfdt_reg(fdt, dev->fdt_node, 0, ac, sc, &r0, &size) ||
	    ukfdt_reg(fdt, dev->fdt_node, 1, ac, sc, &r1, &size))
		return -EINVAL;
	*reg0 = r0;
	*reg1 = r1;
	return 0;
}
