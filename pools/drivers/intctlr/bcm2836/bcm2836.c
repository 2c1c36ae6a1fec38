/* SPDX-License-Identifier: MIT */
/*
 * The Raspberry Pi 2/3 interrupt controllers, as one ukintctlr controller:
 * the BCM2836 per-core local controller (the "ARM control" block at
 * 0x40000000, Broadcom's QA7 document), which takes each core's generic
 * timer lines, mailboxes, PMU and local timer, and the BCM2835 ARM
 * interrupt controller (0x7e00b200 on the bus, 0x3f00b200 for the ARM on a
 * BCM2837), whose GPU and ARM-peripheral interrupts reach the local
 * controller as one line, "GPU", routed to core 0. Neither has priorities
 * or an end of interrupt: every source is a level the device holds until
 * it is served, so acknowledging is reading who is pending.
 *
 * IRQ numbers:
 *   0-11   local sources of the running core, by their bit in its IRQ
 *          source register: 0 CNTPS, 1 CNTPNS, 2 CNTHP, 3 CNTV (the
 *          virtual timer), 4-7 mailboxes 0-3, 9 PMU, 11 local timer
 *          (8, the GPU line, is the cascade below and is never an IRQ)
 *   32-95  GPU interrupts 0-63 of the BCM2835 controller
 *   96-103 its ARM-peripheral ("basic") interrupts 0-7
 * The local ones are the per-CPU IRQs; with a device tree they are what
 * Linux's "brcm,bcm2836-l1-intc" binding numbers (interrupt cells: the
 * source, flags).
 */
#include <uk/intctlr.h>
#include <uk/driver.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>
#include <errno.h>

/* Local controller (QA7 "ARM control"), offsets from its base. */
#define LOCAL_TIMER_CTL(core)  (0x40 + 4 * (core))   /* bits 0-3: IRQ */
#define LOCAL_MBOX_CTL(core)   (0x50 + 4 * (core))   /* bits 0-3: IRQ */
#define LOCAL_IRQ_SOURCE(core) (0x60 + 4 * (core))
#define LOCAL_PMU_SET          0x10
#define LOCAL_PMU_CLEAR        0x14
#define LOCAL_TIMER_CONTROL    0x34                  /* bit 29: IRQ */
#define LOCAL_TIMER_IRQ_ENABLE (1u << 29)

#define SRC_TIMERS_END 4
#define SRC_MBOX_END   8
#define SRC_GPU        8
#define SRC_PMU        9
#define SRC_LOCAL_TIMER 11
#define NR_LOCAL       12

/* BCM2835 ARM interrupt controller, offsets from 0x3f00b200. */
#define ARMCTRL_BASE_ADDR 0x3f00b200ul
#define IRQ_BASIC_PENDING 0x00
#define IRQ_PENDING(bank) (0x04 + 4 * (bank))        /* GPU 0-31, 32-63 */
#define IRQ_ENABLE(bank)  (0x10 + 4 * (bank))        /* bank 2: basic */
#define IRQ_DISABLE(bank) (0x1c + 4 * (bank))
#define BANK_BASIC 2

#define IRQ_GPU_FIRST   32
#define IRQ_BASIC_FIRST 96
#define NR_IRQS         104

static uintptr_t local, armctrl;

static inline uint32_t rd(uintptr_t base, unsigned int off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr(uintptr_t base, unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

static unsigned int this_core(void)
{
	return arm64_read_sysreg(mpidr_el1) & 3;
}

static int lowest_bit(uint32_t v)
{
	return __builtin_ctz(v);
}

static int bcm2836_ack(unsigned int hint)
{
	uint32_t src = rd(local, LOCAL_IRQ_SOURCE(this_core()));
	uint32_t v;
	unsigned int bank;

	/* The core's own sources first: the GPU line is only the cascade. */
	if (src & ~(1u << SRC_GPU) & ((1u << NR_LOCAL) - 1))
		return lowest_bit(src & ~(1u << SRC_GPU));
	if (!(src & (1u << SRC_GPU)))
		return -1;
	/* The pending registers show every enabled GPU interrupt, the
	 * shortcut bits of the basic register aside. */
	for (bank = 0; bank < 2; bank++) {
		v = rd(armctrl, IRQ_PENDING(bank));
		if (v)
			return IRQ_GPU_FIRST + 32 * bank + lowest_bit(v);
	}
	v = rd(armctrl, IRQ_BASIC_PENDING) & 0xff;
	return v ? IRQ_BASIC_FIRST + lowest_bit(v) : -1;
}

/* Levels: the device drops its line once served. */
static void bcm2836_eoi(unsigned int irq)
{
}

static void local_set(unsigned int irq, bool on)
{
	unsigned int core = this_core(), reg, bit;
	uint32_t v;

	if (irq < SRC_TIMERS_END) {
		reg = LOCAL_TIMER_CTL(core);
		bit = irq;
	} else if (irq < SRC_MBOX_END) {
		reg = LOCAL_MBOX_CTL(core);
		bit = irq - SRC_TIMERS_END;
	} else if (irq == SRC_PMU) {
		wr(local, on ? LOCAL_PMU_SET : LOCAL_PMU_CLEAR, 1u << core);
		return;
	} else if (irq == SRC_LOCAL_TIMER) {
		v = rd(local, LOCAL_TIMER_CONTROL);
		wr(local, LOCAL_TIMER_CONTROL,
		   on ? v | LOCAL_TIMER_IRQ_ENABLE : v & ~LOCAL_TIMER_IRQ_ENABLE);
		return;
	} else {
		return;   /* the GPU line and unused sources: always as set */
	}
	v = rd(local, reg);
	wr(local, reg, on ? v | (1u << bit) : v & ~(1u << bit));
}

/* The BCM2835's enable and disable registers take set bits only. */
static void gpu_set(unsigned int irq, bool on)
{
	unsigned int bank = irq >= IRQ_BASIC_FIRST ? BANK_BASIC
			    : (irq - IRQ_GPU_FIRST) / 32;
	unsigned int bit = irq >= IRQ_BASIC_FIRST ? irq - IRQ_BASIC_FIRST
			   : (irq - IRQ_GPU_FIRST) % 32;

	wr(armctrl, on ? IRQ_ENABLE(bank) : IRQ_DISABLE(bank), 1u << bit);
}

static void bcm2836_mask(unsigned int irq)
{
	if (irq < IRQ_GPU_FIRST)
		local_set(irq, false);
	else
		gpu_set(irq, false);
}

static void bcm2836_unmask(unsigned int irq)
{
	if (irq < IRQ_GPU_FIRST)
		local_set(irq, true);
	else
		gpu_set(irq, true);
}

/* "brcm,bcm2836-l1-intc" specifiers: <source flags>. */
static int bcm2836_fdt_xlat(const void *cells, unsigned int *irq,
			    unsigned int *trigger)
{
	const uint8_t *c = cells;
	uint32_t src = (uint32_t)c[0] << 24 | c[1] << 16 | c[2] << 8 | c[3];

	if (src >= NR_LOCAL || src == SRC_GPU)
		return -EINVAL;
	*irq = src;
	*trigger = 0;   /* fixed: levels */
	return 0;
}

static const struct uk_intctlr_ops bcm2836_ops = {
	.ack = bcm2836_ack,
	.eoi = bcm2836_eoi,
	.mask = bcm2836_mask,
	.unmask = bcm2836_unmask,
	.fdt_xlat = bcm2836_fdt_xlat,
	.fdt_cells = 2,
};

static const struct uk_intctlr bcm2836_ctlr = {
	.name = "bcm2836",
	.ops = &bcm2836_ops,
	.nr_irqs = NR_IRQS,
	.local_first = 0,
	.nr_local = NR_LOCAL,
};

/*
 * `base` is the local controller's; the BCM2835 one is at its fixed
 * place in the BCM2837's peripheral window. Everything starts masked but
 * the GPU line, which the local controller sends to core 0 from reset.
 */
static int bcm2836_probe(const struct uk_device *dev)
{
	unsigned int core;
	int rc;

	if (!dev->base)
		return -ENODEV;
	local = dev->base;
	armctrl = ARMCTRL_BASE_ADDR;
	for (core = 0; core < 4; core++) {
		wr(local, LOCAL_TIMER_CTL(core), 0);
		wr(local, LOCAL_MBOX_CTL(core), 0);
	}
	wr(local, LOCAL_PMU_CLEAR, 0xf);
	wr(local, LOCAL_TIMER_CONTROL,
	   rd(local, LOCAL_TIMER_CONTROL) & ~LOCAL_TIMER_IRQ_ENABLE);
	wr(armctrl, IRQ_DISABLE(0), ~0u);
	wr(armctrl, IRQ_DISABLE(1), ~0u);
	wr(armctrl, IRQ_DISABLE(BANK_BASIC), ~0u);

	rc = uk_intctlr_register(&bcm2836_ctlr);
	if (rc)
		return rc;
	uk_pr_info("bcm2836: local controller %#lx, bcm2835 controller %#lx\n",
		   (unsigned long)local, (unsigned long)armctrl);
	return 0;
}

static const char *const compatible[] = { "brcm,bcm2836-l1-intc", NULL };
UK_DRIVER(bcm2836, UK_DRIVER_INTCTLR, compatible, bcm2836_probe);
