/* SPDX-License-Identifier: MIT */
/*
 * GICv2 (ARM IHI 0048B): distributor plus memory-mapped CPU interface,
 * for QEMU -M virt,gic-version=2 (the default). Probed from its
 * device-tree node; every interrupt is in group 0, which a GIC without
 * the security extensions signals as IRQ, and SPIs go to the boot CPU.
 * The CPU interface, and the SGI/PPI registers of the distributor, are
 * banked: each CPU sees its own at the same address. SGIs are the IPIs.
 */
#include <uk/intctlr.h>
#include <uk/intctlr/gic.h>
#include <uk/lcpu.h>
#include <uk/driver.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>

#define GICD_ITARGETSR 0x0800
#define GICD_SGIR      0x0f00
#define GICD_SGIR_TARGETS(mask) ((uint32_t)(mask) << 16)
#define GICC_CTLR      0x0000
#define GICC_PMR       0x0004
#define GICC_BPR       0x0008
#define GICC_IAR       0x000c
#define GICC_EOIR      0x0010

static uintptr_t gicd, gicc;
/* Each logical CPU's CPU interface, as a target-list bit. */
static uint8_t cpu_target[UK_LCPU_MAXCOUNT];

static int gicv2_ack(unsigned int hint)
{
	unsigned int id = gic_read(gicc, GICC_IAR) & 0x3ff;

	return id >= GIC_SPURIOUS_MIN ? -1 : (int)id;
}

static void gicv2_eoi(unsigned int irq)
{
	gic_write(gicc, GICC_EOIR, irq);
}

static void gicv2_mask(unsigned int irq)
{
	gic_set_enabled(gicd, irq, false);
}

static void gicv2_unmask(unsigned int irq)
{
	unsigned int reg = GICD_ITARGETSR + (irq & ~3u), shift = 8 * (irq & 3);

	gic_set_priority(gicd, irq);
	/* SPIs go to the boot CPU (SGI and PPI targets are fixed). */
	if (irq >= GIC_SPI_BASE)
		gic_write(gicd, reg, (gic_read(gicd, reg) & ~(0xffu << shift)) |
			  (uint32_t)cpu_target[0] << shift);
	gic_set_enabled(gicd, irq, true);
}

static void gicv2_ipi_send(unsigned int cpu, unsigned int irq)
{
	/* what the caller wrote is seen by the target */
	__asm__ __volatile__("dsb sy" ::: "memory");
	gic_write(gicd, GICD_SGIR, GICD_SGIR_TARGETS(cpu_target[cpu]) | irq);
}

/*
 * The running CPU's interface: its banked SGIs and PPIs off, everything
 * let through, signalling on. Reading ITARGETSR0 tells which interface
 * this CPU is (the register is banked and names the reader); a GIC with
 * one interface reads as zero there and takes 1 (interface 0).
 */
static void gicv2_cpu_init(void)
{
	uint8_t me = gic_read(gicd, GICD_ITARGETSR) & 0xff;

	cpu_target[uk_lcpu_id()] = me ? me : 1;
	gic_disable_range(gicd, 0, GIC_SPI_BASE);
	gic_write(gicc, GICC_PMR, GIC_PMR_ALL);
	gic_write(gicc, GICC_BPR, 0);
	gic_write(gicc, GICC_CTLR, 1);
}

static int gicv2_configure(unsigned int irq, unsigned int trigger)
{
	return gic_set_trigger(gicd, irq, trigger);
}

static const struct uk_intctlr_ops gicv2_ops = {
	.ack = gicv2_ack,
	.eoi = gicv2_eoi,
	.mask = gicv2_mask,
	.unmask = gicv2_unmask,
	.configure = gicv2_configure,
	.fdt_xlat = gic_fdt_xlat,
	.fdt_cells = GIC_FDT_CELLS,
	.cpu_init = gicv2_cpu_init,
	.ipi_send = gicv2_ipi_send,
};

static struct uk_intctlr gicv2_ctlr = {
	.name = "gicv2",
	.ops = &gicv2_ops,
	.local_first = 0,
	.nr_local = GIC_SPI_BASE,
	.ipi_first = 0,
	.nr_ipis = GIC_NR_SGIS,
};

static int gicv2_probe(const struct uk_device *dev)
{
	unsigned int n;
	int rc = gic_regs(dev, &gicd, &gicc);

	if (rc)
		return rc;
	gic_write(gicd, GICD_CTLR, 0);
	n = gic_nr_irqs(gicd);
	gic_disable_range(gicd, GIC_SPI_BASE, n);
	gic_write(gicd, GICD_CTLR, 1);
	gicv2_cpu_init();

	gicv2_ctlr.nr_irqs = n;
	rc = uk_intctlr_register(&gicv2_ctlr);
	if (rc)
		return rc;
	uk_pr_info("gicv2: distributor %#lx, cpu interface %#lx, %u IRQs\n",
		   (unsigned long)gicd, (unsigned long)gicc, n);
	return 0;
}

static const char *const compatible[] = {
	"arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic",
	"arm,cortex-a7-gic", NULL
};
UK_DRIVER(gicv2, UK_DRIVER_INTCTLR, compatible, gicv2_probe);
