/* SPDX-License-Identifier: MIT */
/*
 * GICv3 (ARM IHI 0069): distributor, one redistributor per CPU (SGIs and
 * PPIs live in its second 64 KiB frame), CPU interface through the ICC_*
 * system registers. For QEMU -M virt,gic-version=3, a single security
 * state: every interrupt is non-secure group 1, SPIs routed to the boot
 * CPU, and signalled as IRQ. Each CPU wakes and uses its own
 * redistributor; SGIs (the IPIs) are sent by affinity through
 * ICC_SGI1R_EL1.
 */
#include <uk/intctlr.h>
#include <uk/intctlr/gic.h>
#include <uk/lcpu.h>
#include <uk/driver.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/arch/lcpu.h>

#define GICD_CTLR_GRP1   (1u << 1)
#define GICD_CTLR_ARE    (1u << 4)
#define GICD_CTLR_RWP    (1u << 31)
#define GICD_IROUTER     0x6000

#define GICR_CTLR        0x0000
#define GICR_CTLR_RWP    (1u << 3)
#define GICR_TYPER       0x0008
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST  (1u << 4)
#define GICR_WAKER       0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI_FRAME   0x10000

/* ICC registers by encoding: assemblers without GICv3 names take these. */
#define ICC_PMR_EL1     "S3_0_C4_C6_0"
#define ICC_IAR1_EL1    "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1   "S3_0_C12_C12_1"
#define ICC_BPR1_EL1    "S3_0_C12_C12_3"
#define ICC_CTLR_EL1    "S3_0_C12_C12_4"
#define ICC_SRE_EL1     "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_SGI1R_EL1   "S3_0_C12_C11_5"

#define icc_read(reg) ({						\
	uint64_t __v;							\
	__asm__ __volatile__("mrs %0, " reg : "=r"(__v));		\
	__v; })
#define icc_write(reg, v) \
	__asm__ __volatile__("msr " reg ", %0" :: "r"((uint64_t)(v)) : "memory")

static uintptr_t gicd, gicr_region;
/* Per logical CPU: its redistributor's SGI/PPI frame and its affinity. */
static uintptr_t cpu_sgi_frame[UK_LCPU_MAXCOUNT];
static uint64_t cpu_affinity[UK_LCPU_MAXCOUNT];

static void wait_rwp(uintptr_t base, unsigned int reg, uint32_t bit)
{
	while (gic_read(base, reg) & bit)
		ukarch_spinwait();
}

/* SGIs and PPIs are this CPU's redistributor's, SPIs the distributor's. */
static uintptr_t frame_of(unsigned int irq)
{
	return irq < GIC_SPI_BASE ? cpu_sgi_frame[uk_lcpu_id()] : gicd;
}

static int gicv3_ack(unsigned int hint)
{
	unsigned int id = icc_read(ICC_IAR1_EL1) & 0xffffff;

	return id >= GIC_SPURIOUS_MIN ? -1 : (int)id;
}

static void gicv3_eoi(unsigned int irq)
{
	icc_write(ICC_EOIR1_EL1, irq);
	arm64_isb();
}

static void gicv3_mask(unsigned int irq)
{
	gic_set_enabled(frame_of(irq), irq, false);
	if (irq < GIC_SPI_BASE)
		wait_rwp(frame_of(irq) - GICR_SGI_FRAME, GICR_CTLR,
			 GICR_CTLR_RWP);
	else
		wait_rwp(gicd, GICD_CTLR, GICD_CTLR_RWP);
}

static void gicv3_unmask(unsigned int irq)
{
	gic_set_priority(frame_of(irq), irq);
	/* SPIs go to the boot CPU (SGIs and PPIs are each CPU's own). */
	if (irq >= GIC_SPI_BASE) {
		gic_write(gicd, GICD_IROUTER + 8 * irq,
			  (uint32_t)cpu_affinity[0]);
		gic_write(gicd, GICD_IROUTER + 8 * irq + 4,
			  cpu_affinity[0] >> 32);
	}
	gic_set_enabled(frame_of(irq), irq, true);
}

static int gicv3_configure(unsigned int irq, unsigned int trigger)
{
	return gic_set_trigger(frame_of(irq), irq, trigger);
}

/*
 * ICC_SGI1R_EL1: the target's Aff3.Aff2.Aff1 and a one-bit target list
 * for its Aff0 (below 16 on QEMU virt, which makes clusters of at most
 * 16 CPUs).
 */
static void gicv3_ipi_send(unsigned int cpu, unsigned int irq)
{
	uint64_t aff = cpu_affinity[cpu];
	uint64_t sgi = ((aff >> 24) & 0xff) << 48 |      /* Aff3 */
		       ((aff >> 16) & 0xff) << 32 |      /* Aff2 */
		       ((aff >> 8) & 0xff) << 16 |       /* Aff1 */
		       (uint64_t)irq << 24 | 1u << (aff & 0xf);

	__asm__ __volatile__("dsb ishst" ::: "memory");
	icc_write(ICC_SGI1R_EL1, sgi);
	arm64_isb();
}

static void gicv3_cpu_init(void);

static const struct uk_intctlr_ops gicv3_ops = {
	.ack = gicv3_ack,
	.eoi = gicv3_eoi,
	.mask = gicv3_mask,
	.unmask = gicv3_unmask,
	.configure = gicv3_configure,
	.fdt_xlat = gic_fdt_xlat,
	.fdt_cells = GIC_FDT_CELLS,
	.cpu_init = gicv3_cpu_init,
	.ipi_send = gicv3_ipi_send,
};

static struct uk_intctlr gicv3_ctlr = {
	.name = "gicv3",
	.ops = &gicv3_ops,
	.local_first = 0,
	.nr_local = GIC_SPI_BASE,
	.ipi_first = 0,
	.nr_ipis = GIC_NR_SGIS,
};

/* Affinity as GICR_TYPER[63:32] and GICD_IROUTER hold it. */
static uint64_t my_affinity(void)
{
	uint64_t mpidr = arm64_read_sysreg(mpidr_el1);

	return (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
}

/* Walks the redistributor frames for this CPU's. */
static uintptr_t find_redistributor(uintptr_t gicr, uint64_t aff)
{
	for (;;) {
		uint64_t typer = gic_read(gicr, GICR_TYPER) |
				 (uint64_t)gic_read(gicr, GICR_TYPER + 4) << 32;

		if ((typer >> 32) == aff)
			return gicr;
		if (typer & GICR_TYPER_LAST)
			return 0;
		gicr += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
}

/*
 * The running CPU's redistributor (found by its affinity, woken, SGIs
 * and PPIs off and in group 1) and its system-register CPU interface.
 */
static void gicv3_cpu_init(void)
{
	unsigned int me = uk_lcpu_id();
	uint64_t aff = my_affinity();
	uintptr_t gicr = find_redistributor(gicr_region, aff);

	if (!gicr)
		UK_CRASH("gicv3: no redistributor for affinity %#lx",
			 (unsigned long)aff);
	cpu_affinity[me] = aff;
	cpu_sgi_frame[me] = gicr + GICR_SGI_FRAME;

	/* Wake the redistributor, then its SGIs and PPIs. */
	gic_write(gicr, GICR_WAKER,
		  gic_read(gicr, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (gic_read(gicr, GICR_WAKER) & GICR_WAKER_ASLEEP)
		ukarch_spinwait();
	gic_disable_range(gicr + GICR_SGI_FRAME, 0, GIC_SPI_BASE);
	gic_write(gicr + GICR_SGI_FRAME, GICD_IGROUPR, 0xffffffff);
	wait_rwp(gicr, GICR_CTLR, GICR_CTLR_RWP);

	icc_write(ICC_SRE_EL1, icc_read(ICC_SRE_EL1) | 1);
	arm64_isb();
	icc_write(ICC_PMR_EL1, GIC_PMR_ALL);
	icc_write(ICC_BPR1_EL1, 0);
	icc_write(ICC_CTLR_EL1, 0);      /* EOI also deactivates */
	icc_write(ICC_IGRPEN1_EL1, 1);
	arm64_isb();
}

static int gicv3_probe(const struct uk_device *dev)
{
	unsigned int id, n;
	int rc = gic_regs(dev, &gicd, &gicr_region);

	if (rc)
		return rc;
	gic_write(gicd, GICD_CTLR, 0);
	wait_rwp(gicd, GICD_CTLR, GICD_CTLR_RWP);
	n = gic_nr_irqs(gicd);
	gic_disable_range(gicd, GIC_SPI_BASE, n);
	for (id = GIC_SPI_BASE; id < n; id += 32)
		gic_write(gicd, GICD_IGROUPR + id / 8, 0xffffffff);
	gic_write(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	wait_rwp(gicd, GICD_CTLR, GICD_CTLR_RWP);
	gicv3_cpu_init();

	gicv3_ctlr.nr_irqs = n;
	rc = uk_intctlr_register(&gicv3_ctlr);
	if (rc)
		return rc;
	uk_pr_info("gicv3: distributor %#lx, redistributor %#lx, %u IRQs\n",
		   (unsigned long)gicd,
		   (unsigned long)(cpu_sgi_frame[0] - GICR_SGI_FRAME), n);
	return 0;
}

static const char *const compatible[] = { "arm,gic-v3", NULL };
UK_DRIVER(gicv3, UK_DRIVER_INTCTLR, compatible, gicv3_probe);
