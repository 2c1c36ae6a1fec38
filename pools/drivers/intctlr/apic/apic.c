/* SPDX-License-Identifier: MIT */
/*
 * Local APIC and I/O APIC (xAPIC mode), described by the ACPI MADT
 * (specification 6.x, 5.2.12). The platform describes it as PNP0003
 * (kvm-x86_64, first choice); the probe fails without an APIC in the CPU
 * or a MADT, and the platform goes on to the 8259 PIC.
 *
 * IRQ n is I/O APIC input (GSI) n for n < 24, delivered at vector 32 + n
 * to the boot CPU; IRQs 24 and up are each local APIC's own
 * (uk/intctlr/apic.h): its timer, error and the inter-processor
 * interrupts, which other CPUs send through their interrupt command
 * register. ISA lines are translated through the MADT's interrupt source
 * overrides (on QEMU the PIT's line 0 is GSI 2).
 */
#include <uk/intctlr.h>
#include <uk/intctlr/apic.h>
#include <uk/lcpu.h>
#include <uk/plat.h>
#include <uk/acpi.h>
#include <uk/driver.h>
#include <uk/print.h>
#include <uk/arch/lcpu.h>
#include <uk/arch/io.h>
#include <errno.h>
#include <string.h>

#define CPUID1_EDX_APIC   (1u << 9)
#define MSR_APIC_BASE     0x1b
#define APIC_BASE_ENABLE  (1u << 11)
#define APIC_BASE_MASK    0xfffff000u
#define LAPIC_SVR_ENABLE  (1u << 8)

#define IOAPIC_REGSEL     0x00
#define IOAPIC_WINDOW     0x10
#define IOAPIC_VERSION    0x01
#define IOAPIC_REDIR(n)   (0x10 + 2 * (n))
#define REDIR_ACTIVE_LOW  (1u << 13)
#define REDIR_LEVEL       (1u << 15)
#define REDIR_MASKED      (1u << 16)

#define ISA_LINES 16

#define ICR_DELIVERY_PENDING (1u << 12)

static uintptr_t lapic;
static uintptr_t ioapic;
static unsigned int nr_gsis;
static bool active;
/* The local APIC ID of each logical CPU, read on the CPU itself. */
static uint32_t cpu_apic_id[UK_LCPU_MAXCOUNT];
/* ISA line -> GSI and trigger mode, after the MADT's overrides. */
static uint8_t isa_gsi[ISA_LINES];
static uint8_t isa_trigger[ISA_LINES];

uint32_t apic_lapic_read(unsigned int reg)
{
	return *(volatile uint32_t *)(lapic + reg);
}

void apic_lapic_write(unsigned int reg, uint32_t v)
{
	*(volatile uint32_t *)(lapic + reg) = v;
}

bool apic_active(void)
{
	return active;
}

static uint32_t ioapic_read(unsigned int reg)
{
	*(volatile uint32_t *)(ioapic + IOAPIC_REGSEL) = reg;
	return *(volatile uint32_t *)(ioapic + IOAPIC_WINDOW);
}

static void ioapic_write(unsigned int reg, uint32_t v)
{
	*(volatile uint32_t *)(ioapic + IOAPIC_REGSEL) = reg;
	*(volatile uint32_t *)(ioapic + IOAPIC_WINDOW) = v;
}

static unsigned int lvt_of(unsigned int irq)
{
	return irq == APIC_IRQ_TIMER ? LAPIC_LVT_TIMER : LAPIC_LVT_ERROR;
}

static void set_masked(unsigned int irq, bool masked)
{
	uint32_t reg, v;

	if (irq < nr_gsis) {
		reg = IOAPIC_REDIR(irq);
		v = ioapic_read(reg);
		ioapic_write(reg, masked ? v | REDIR_MASKED : v & ~REDIR_MASKED);
	} else if (irq == APIC_IRQ_TIMER || irq == APIC_IRQ_ERROR) {
		reg = lvt_of(irq);
		v = apic_lapic_read(reg);
		apic_lapic_write(reg, masked ? v | LAPIC_LVT_MASKED
				      : v & ~LAPIC_LVT_MASKED);
	}
}

static void apic_mask(unsigned int irq)
{
	set_masked(irq, true);
}

static void apic_unmask(unsigned int irq)
{
	set_masked(irq, false);
}

/* The vector tells the IRQ; only the spurious vector needs no EOI. */
static int apic_ack(unsigned int hint)
{
	return hint == APIC_IRQ_SPURIOUS ? -1 : (int)hint;
}

static void apic_eoi(unsigned int irq)
{
	apic_lapic_write(LAPIC_EOI, 0);
}

void apic_icr_send(uint32_t apic_id, uint32_t command)
{
	unsigned long flags = ukplat_lcpu_irq_save();

	/* The register pair is this CPU's: no interrupt between the two. */
	while (apic_lapic_read(LAPIC_ICR_LOW) & ICR_DELIVERY_PENDING)
		ukarch_spinwait();
	apic_lapic_write(LAPIC_ICR_HIGH, apic_id << 24);
	apic_lapic_write(LAPIC_ICR_LOW, command);
	while (apic_lapic_read(LAPIC_ICR_LOW) & ICR_DELIVERY_PENDING)
		ukarch_spinwait();
	ukplat_lcpu_irq_restore(flags);
}

static void apic_ipi_send(unsigned int cpu, unsigned int irq)
{
	apic_icr_send(cpu_apic_id[cpu], APIC_ICR_FIXED |
		      (UK_INTCTLR_X86_VECTOR_BASE + irq));
}

static int apic_configure(unsigned int irq, unsigned int trigger)
{
	uint32_t v;

	if (irq >= nr_gsis)
		return -ENOTSUP;   /* local interrupts: fixed */
	v = ioapic_read(IOAPIC_REDIR(irq)) & ~(REDIR_ACTIVE_LOW | REDIR_LEVEL);
	if (trigger == UK_INTCTLR_LEVEL_HIGH || trigger == UK_INTCTLR_LEVEL_LOW)
		v |= REDIR_LEVEL;
	if (trigger == UK_INTCTLR_EDGE_FALLING || trigger == UK_INTCTLR_LEVEL_LOW)
		v |= REDIR_ACTIVE_LOW;
	ioapic_write(IOAPIC_REDIR(irq), v);
	return 0;
}

static int apic_isa_irq(unsigned int isa, unsigned int *irq,
			unsigned int *trigger)
{
	if (isa >= ISA_LINES || isa_gsi[isa] >= nr_gsis)
		return -ENOENT;
	*irq = isa_gsi[isa];
	*trigger = isa_trigger[isa];
	return 0;
}

static void lapic_init(void);

static const struct uk_intctlr_ops apic_ops = {
	.ack = apic_ack,
	.eoi = apic_eoi,
	.mask = apic_mask,
	.unmask = apic_unmask,
	.configure = apic_configure,
	.isa_irq = apic_isa_irq,
	.cpu_init = lapic_init,
	.ipi_send = apic_ipi_send,
};

static struct uk_intctlr apic_ctlr = {
	.name = "apic",
	.ops = &apic_ops,
	.nr_irqs = APIC_IRQ_SPURIOUS + 1,
	.local_first = APIC_IRQ_TIMER,
	.nr_local = APIC_IRQ_SPURIOUS + 1 - APIC_IRQ_TIMER,
	.ipi_first = APIC_IRQ_IPI,
	.nr_ipis = APIC_NR_IPIS,
};

/* MPS INTI flags: polarity bits 0-1, trigger bits 2-3; 0 = bus default
 * (ISA: edge, active high), 1 = high/edge, 3 = low/level. */
static uint8_t override_trigger(uint16_t flags)
{
	bool low = (flags & 3) == 3, level = ((flags >> 2) & 3) == 3;

	if (level)
		return low ? UK_INTCTLR_LEVEL_LOW : UK_INTCTLR_LEVEL_HIGH;
	return low ? UK_INTCTLR_EDGE_FALLING : UK_INTCTLR_EDGE_RISING;
}

static void read_madt(const struct ukacpi_madt *m)
{
	const uint8_t *p;
	unsigned int i;

	for (i = 0; i < ISA_LINES; i++) {
		isa_gsi[i] = i;
		isa_trigger[i] = UK_INTCTLR_EDGE_RISING;
	}
	for (p = ukacpi_madt_next(m, NULL); p; p = ukacpi_madt_next(m, p)) {
		if (p[0] == UKACPI_MADT_IOAPIC &&
		    p[1] >= sizeof(struct ukacpi_madt_ioapic)) {
			struct ukacpi_madt_ioapic io;

			memcpy(&io, p, sizeof(io));
			/* One I/O APIC, the one serving GSI 0, is used. */
			if (!ioapic && io.gsi_base == 0)
				ioapic = io.address;
		} else if (p[0] == UKACPI_MADT_OVERRIDE &&
			   p[1] >= sizeof(struct ukacpi_madt_override)) {
			struct ukacpi_madt_override o;

			memcpy(&o, p, sizeof(o));
			if (o.bus == 0 && o.source < ISA_LINES && o.gsi < 256) {
				isa_gsi[o.source] = o.gsi;
				isa_trigger[o.source] = override_trigger(o.flags);
			}
		}
	}
}

/*
 * The running CPU's local APIC: enabled, everything masked, its ID noted
 * for IPIs. The probe runs it on the boot CPU, cpu_init on the others
 * (the registers are at the same address on every CPU, each its own).
 */
static void lapic_init(void)
{
	x86_wrmsr(MSR_APIC_BASE, x86_rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
	cpu_apic_id[uk_lcpu_id()] = apic_lapic_read(LAPIC_ID) >> 24;
	apic_lapic_write(LAPIC_TPR, 0);
	apic_lapic_write(LAPIC_LVT_LINT0, LAPIC_LVT_MASKED);
	apic_lapic_write(LAPIC_LVT_ERROR, LAPIC_LVT_MASKED |
			 (UK_INTCTLR_X86_VECTOR_BASE + APIC_IRQ_ERROR));
	apic_lapic_write(LAPIC_LVT_TIMER, LAPIC_LVT_MASKED |
			 (UK_INTCTLR_X86_VECTOR_BASE + APIC_IRQ_TIMER));
	apic_lapic_write(LAPIC_SVR, LAPIC_SVR_ENABLE |
			 (UK_INTCTLR_X86_VECTOR_BASE + APIC_IRQ_SPURIOUS));
}

static int apic_probe(const struct uk_device *dev)
{
	const struct ukacpi_madt *m;
	uint32_t a, b, c, d, i;
	int rc;

	x86_cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_APIC))
		return -ENODEV;
	m = (const struct ukacpi_madt *)ukacpi_find("APIC");
	if (!m)
		return -ENODEV;
	read_madt(m);

	/* The 8259s would still deliver through LINT0: silence them. */
	if (m->flags & UKACPI_MADT_PCAT_COMPAT) {
		outb(0x21, 0xff);
		outb(0xa1, 0xff);
	}

	lapic = x86_rdmsr(MSR_APIC_BASE) & APIC_BASE_MASK;
	lapic_init();

	if (ioapic) {
		nr_gsis = ((ioapic_read(IOAPIC_VERSION) >> 16) & 0xff) + 1;
		if (nr_gsis > APIC_MAX_GSIS)
			nr_gsis = APIC_MAX_GSIS;
		for (i = 0; i < nr_gsis; i++) {
			ioapic_write(IOAPIC_REDIR(i) + 1, cpu_apic_id[0] << 24);
			ioapic_write(IOAPIC_REDIR(i), REDIR_MASKED |
				     (UK_INTCTLR_X86_VECTOR_BASE + i));
		}
	}
	rc = uk_intctlr_register(&apic_ctlr);
	if (rc)
		return rc;
	active = true;
	uk_pr_info("apic: local APIC %u at %#lx, I/O APIC at %#lx (%u inputs)\n",
		   cpu_apic_id[0], (unsigned long)lapic, (unsigned long)ioapic,
		   nr_gsis);
	return 0;
}

/* The local APIC's base comes from its MSR, the rest from the MADT. */
static const char *const compatible[] = { "PNP0003", NULL };
UK_DRIVER(apic, UK_DRIVER_INTCTLR, compatible, apic_probe);
