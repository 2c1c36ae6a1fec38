/* SPDX-License-Identifier: MIT */
/*
 * The two cascaded 8259A PICs of the PC: the fallback controller when
 * there is no APIC or no MADT (QEMU -M pc with acpi=off or without an
 * APIC); the platform describes them as PNP0000 after the APIC. ISA line
 * n is IRQ n, delivered at vector 32 + n; the slave sits on the master's
 * line 2. The ports are the PC's fixed ones (0x20, 0xa0, 0x4d0).
 */
#include <uk/intctlr.h>
#include <uk/driver.h>
#include <uk/print.h>
#include <uk/arch/io.h>
#include <errno.h>

#define MASTER_CMD  0x20
#define MASTER_DATA 0x21
#define SLAVE_CMD   0xa0
#define SLAVE_DATA  0xa1
#define ELCR_MASTER 0x4d0   /* edge/level control: a set bit is level */
#define ELCR_SLAVE  0x4d1

#define ICW1_INIT_ICW4 0x11
#define ICW4_8086      0x01
#define OCW2_EOI       0x20
#define OCW3_READ_ISR  0x0b

#define CASCADE 2
#define NR_IRQS 16

static uint16_t masks = 0xffff & ~(1u << CASCADE);

static void write_masks(void)
{
	outb(MASTER_DATA, masks & 0xff);
	outb(SLAVE_DATA, masks >> 8);
}

static void pic_mask(unsigned int irq)
{
	masks |= 1u << irq;
	write_masks();
}

static void pic_unmask(unsigned int irq)
{
	masks &= ~(1u << irq);
	write_masks();
}

static void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(SLAVE_CMD, OCW2_EOI);
	outb(MASTER_CMD, OCW2_EOI);
}

/*
 * Lines 7 and 15 also carry spurious interrupts (a request withdrawn
 * before the CPU acknowledged it): real only if in service. A spurious
 * one from the slave still occupied the master's cascade line.
 */
static int pic_ack(unsigned int hint)
{
	if (hint == 7 || hint == 15) {
		uint16_t port = hint == 7 ? MASTER_CMD : SLAVE_CMD;

		outb(port, OCW3_READ_ISR);
		if (!(inb(port) & 0x80)) {
			if (hint == 15)
				outb(MASTER_CMD, OCW2_EOI);
			return -1;
		}
	}
	return hint < NR_IRQS ? (int)hint : -1;
}

static int pic_configure(unsigned int irq, unsigned int trigger)
{
	uint16_t port = irq < 8 ? ELCR_MASTER : ELCR_SLAVE;
	uint8_t bit = 1u << (irq & 7), v = inb(port);

	if (trigger == UK_INTCTLR_EDGE_FALLING || trigger == UK_INTCTLR_LEVEL_HIGH)
		return -ENOTSUP;  /* ISA: rising edge, PCI: active-low level */
	outb(port, trigger == UK_INTCTLR_LEVEL_LOW ? v | bit : v & ~bit);
	return 0;
}

static int pic_isa_irq(unsigned int isa, unsigned int *irq,
		       unsigned int *trigger)
{
	if (isa >= NR_IRQS || isa == CASCADE)
		return -ENOENT;
	*irq = isa;
	*trigger = UK_INTCTLR_EDGE_RISING;
	return 0;
}

static const struct uk_intctlr_ops pic_ops = {
	.ack = pic_ack,
	.eoi = pic_eoi,
	.mask = pic_mask,
	.unmask = pic_unmask,
	.configure = pic_configure,
	.isa_irq = pic_isa_irq,
};

static const struct uk_intctlr pic_ctlr = {
	.name = "pic",
	.ops = &pic_ops,
	.nr_irqs = NR_IRQS,
};

static int pic_probe(const struct uk_device *dev)
{
	outb(MASTER_CMD, ICW1_INIT_ICW4);
	outb(SLAVE_CMD, ICW1_INIT_ICW4);
	outb(MASTER_DATA, UK_INTCTLR_X86_VECTOR_BASE);       /* ICW2 */
	outb(SLAVE_DATA, UK_INTCTLR_X86_VECTOR_BASE + 8);
	outb(MASTER_DATA, 1u << CASCADE);                    /* ICW3 */
	outb(SLAVE_DATA, CASCADE);
	outb(MASTER_DATA, ICW4_8086);
	outb(SLAVE_DATA, ICW4_8086);
	write_masks();
	/* No PIC (e.g. -M microvm,pic=off): the mask does not read back. */
	if (inb(MASTER_DATA) != (masks & 0xff))
		return -ENODEV;
	return uk_intctlr_register(&pic_ctlr);
}

static const char *const compatible[] = { "PNP0000", NULL };
UK_DRIVER(pic, UK_DRIVER_INTCTLR, compatible, pic_probe);
