/* SPDX-License-Identifier: MIT */
/*
 * What the GICv2 and GICv3 drivers share: the distributor's enable,
 * priority and configuration registers (also the layout of a GICv3
 * redistributor's SGI/PPI frame), the device-tree binding of GIC
 * interrupts, and the GIC's registers from its device-tree node.
 * Interrupt IDs: SGIs 0-15, PPIs 16-31, SPIs 32-1019; 1020-1023 special.
 */
#ifndef UK_INTCTLR_GIC_H
#define UK_INTCTLR_GIC_H

#include <uk/essentials.h>
#include <uk/driver.h>

#define GIC_NR_SGIS       16
#define GIC_SPI_BASE      32
#define GIC_SPURIOUS_MIN  1020

#define GICD_CTLR         0x0000
#define GICD_TYPER        0x0004
#define GICD_IGROUPR      0x0080
#define GICD_ISENABLER    0x0100
#define GICD_ICENABLER    0x0180
#define GICD_IPRIORITYR   0x0400
#define GICD_ICFGR        0x0c00

#define GIC_PRIORITY_DEFAULT 0xa0
#define GIC_PMR_ALL          0xf0    /* lets every priority above through */

static inline uint32_t gic_read(uintptr_t base, unsigned int reg)
{
	return *(volatile uint32_t *)(base + reg);
}

static inline void gic_write(uintptr_t base, unsigned int reg, uint32_t v)
{
	*(volatile uint32_t *)(base + reg) = v;
}

/*
 * Per-interrupt operations on a distributor or an SGI/PPI frame. Only
 * what a whole register covers is done at initialisation (disabling,
 * groups); an interrupt's own settings are written when it is first
 * enabled, so that booting costs a few register writes, not hundreds
 * (each one a trap into the emulator).
 */
void gic_set_enabled(uintptr_t base, unsigned int id, bool on);
/* Level or edge; returns 0 or -ENOTSUP (a GIC has no active-low inputs). */
int gic_set_trigger(uintptr_t base, unsigned int id, unsigned int trigger);
/* Gives `id` the default priority. */
void gic_set_priority(uintptr_t base, unsigned int id);
/* Disables ids [first, last). */
void gic_disable_range(uintptr_t base, unsigned int first, unsigned int last);

/* Number of interrupt IDs the distributor implements (at most 1020). */
unsigned int gic_nr_irqs(uintptr_t gicd);

/* Device-tree interrupt specifier (3 cells: type, number, flags). */
int gic_fdt_xlat(const void *cells, unsigned int *irq, unsigned int *trigger);
#define GIC_FDT_CELLS 3

/*
 * The first two "reg" entries of the GIC the platform probes (GICv2:
 * distributor and CPU interface; GICv3: distributor and first
 * redistributor region): 0, -ENODEV for a device not from the device
 * tree, -EINVAL for a node with fewer entries.
 */
int gic_regs(const struct uk_device *dev, uintptr_t *reg0, uintptr_t *reg1);

#endif /* UK_INTCTLR_GIC_H */
