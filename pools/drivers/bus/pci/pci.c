/* SPDX-License-Identifier: MIT */
/*
 * PCI configuration mechanism #1 (the 0xcf8 address and 0xcfc data
 * ports of the PC's host bridge) and the bus scan: bus 0, then the bus
 * behind each PCI-PCI bridge (header type 1), depth first. Every function
 * found is kept (the drivers hold pointers to it) and offered to the
 * driver table.
 */
#include <uk/pci.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/arch/io.h>
#include <stdio.h>
#include <errno.h>

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA    0xcfc

/* QEMU's -M pc has a handful of functions; more are reported, not kept. */
#define MAX_FUNCTIONS 32

static struct uk_pci_dev found[MAX_FUNCTIONS];
static unsigned int nfound;

static void select_reg(uint8_t bus, uint8_t slot, uint8_t func,
		       unsigned int off)
{
	outl(CONFIG_ADDRESS, 0x80000000u | (uint32_t)bus << 16 |
	     (uint32_t)slot << 11 | (uint32_t)func << 8 | (off & 0xfc));
}

static uint32_t raw_read32(uint8_t bus, uint8_t slot, uint8_t func,
			   unsigned int off)
{
	select_reg(bus, slot, func, off);
	return inl(CONFIG_DATA);
}

uint32_t uk_pci_read32(const struct uk_pci_dev *p, unsigned int off)
{
	return raw_read32(p->bus, p->slot, p->func, off);
}

uint16_t uk_pci_read16(const struct uk_pci_dev *p, unsigned int off)
{
	select_reg(p->bus, p->slot, p->func, off);
	return inw(CONFIG_DATA + (off & 2));
}

uint8_t uk_pci_read8(const struct uk_pci_dev *p, unsigned int off)
{
	select_reg(p->bus, p->slot, p->func, off);
	return inb(CONFIG_DATA + (off & 3));
}

void uk_pci_write32(const struct uk_pci_dev *p, unsigned int off, uint32_t v)
{
	select_reg(p->bus, p->slot, p->func, off);
	outl(CONFIG_DATA, v);
}

void uk_pci_write16(const struct uk_pci_dev *p, unsigned int off, uint16_t v)
{
	select_reg(p->bus, p->slot, p->func, off);
	outw(CONFIG_DATA + (off & 2), v);
}

void uk_pci_write8(const struct uk_pci_dev *p, unsigned int off, uint8_t v)
{
	select_reg(p->bus, p->slot, p->func, off);
	outb(CONFIG_DATA + (off & 3), v);
}

uint64_t uk_pci_bar(const struct uk_pci_dev *p, unsigned int bar, bool *io)
{
	uint32_t lo, hi = 0;

	*io = false;
	if (bar > 5)
		return 0;
	lo = uk_pci_read32(p, UK_PCI_BAR0 + 4 * bar);
	if (lo & 1) {
		*io = true;
		return lo & ~3u;
	}
	/* Memory BAR: type 2 (bits 2:1) is 64 bits wide. */
	if (((lo >> 1) & 3) == 2) {
		if (bar == 5)
			return 0;
		hi = uk_pci_read32(p, UK_PCI_BAR0 + 4 * (bar + 1));
	}
	return ((uint64_t)hi << 32) | (lo & ~0xfu);
}

unsigned int uk_pci_cap_find(const struct uk_pci_dev *p, unsigned int from,
			     uint8_t id)
{
	unsigned int off, steps;

	if (!(uk_pci_read16(p, UK_PCI_STATUS) & UK_PCI_STATUS_CAPS))
		return 0;
	off = from ? uk_pci_read8(p, from + 1) : uk_pci_read8(p, UK_PCI_CAP_PTR);
	/* At most 48 capabilities fit in the 192 bytes after the header. */
	for (steps = 0; off >= 0x40 && steps < 48; steps++) {
		off &= 0xfc;
		if (uk_pci_read8(p, off) == id)
			return off;
		off = uk_pci_read8(p, off + 1);
	}
	return 0;
}

unsigned int uk_pci_count(void)
{
	return nfound;
}

/* compatible: "pciVVVV,DDDD\0pciVVVV\0". */
static void describe(struct uk_pci_dev *p)
{
	size_t size = sizeof(p->compatible);
	int n = snprintf(p->compatible, size, "pci%04x,%04x", p->vendor,
			 p->device);
	int m = snprintf(p->compatible + n + 1, size - n - 1, "pci%04x",
			 p->vendor);

	p->dev.compatible = p->compatible;
	p->dev.compatible_len = n + 1 + m + 1;
}

/* Buses behind bridges nest at most this deep (a bad bridge never loops). */
#define MAX_DEPTH 8

static void scan_bus(uint8_t bus, unsigned int depth);

static void add_function(uint8_t bus, uint8_t slot, uint8_t func, uint32_t id,
			 unsigned int depth)
{
	struct uk_pci_dev *p;
	uint8_t type;

	if (nfound == MAX_FUNCTIONS) {
		uk_pr_warn("pci: more than %d functions: %02x:%02x.%x ignored\n",
			   MAX_FUNCTIONS, bus, slot, func);
		return;
	}
	p = &found[nfound++];
	p->bus = bus;
	p->slot = slot;
	p->func = func;
	p->vendor = id & 0xffff;
	p->device = id >> 16;
	p->class_rev = uk_pci_read32(p, UK_PCI_CLASS_REV);
	type = uk_pci_read8(p, UK_PCI_HEADER_TYPE) & 0x7f;
	if (type == 0) {
		p->subsys_vendor = uk_pci_read16(p, UK_PCI_SUBSYS_VENDOR);
		p->subsys_id = uk_pci_read16(p, UK_PCI_SUBSYS_ID);
	}
	describe(p);
	/* A PCI-PCI bridge: its secondary bus number is byte 0x19. */
	if (type == 1 && depth < MAX_DEPTH) {
		uint8_t secondary = uk_pci_read8(p, 0x19);

		if (secondary > bus)
			scan_bus(secondary, depth + 1);
	}
}

static void scan_bus(uint8_t bus, unsigned int depth)
{
	uint8_t slot, func, nfunc;
	uint32_t id;

	for (slot = 0; slot < 32; slot++) {
		id = raw_read32(bus, slot, 0, UK_PCI_VENDOR_ID);
		if ((id & 0xffff) == 0xffff)
			continue;
		/* Bit 7 of the header type: a multi-function device. */
		nfunc = (raw_read32(bus, slot, 0, 0x0c) >> 16) & 0x80 ? 8 : 1;
		for (func = 0; func < nfunc; func++) {
			if (func)
				id = raw_read32(bus, slot, func, UK_PCI_VENDOR_ID);
			if ((id & 0xffff) != 0xffff)
				add_function(bus, slot, func, id, depth);
		}
	}
}

/*
 * After the interrupt controller (priority 1) and the libraries that
 * register at 2: a driver's probe may register its interrupt.
 */
static int pci_init(void)
{
	unsigned int i;

	scan_bus(0, 0);
	for (i = 0; i < nfound; i++) {
		int rc = uk_driver_probe(UK_DRIVER_PCI, &found[i].dev);

		if (rc && rc != -ENODEV)
			uk_pr_warn("pci: %02x:%02x.%x (%04x:%04x): driver failed (%d)\n",
				   found[i].bus, found[i].slot, found[i].func,
				   found[i].vendor, found[i].device, rc);
	}
	return 0;
}
UK_INITCALL_PRIO(pci_init, NULL, UK_INIT_CLASS_PLAT, 3);
