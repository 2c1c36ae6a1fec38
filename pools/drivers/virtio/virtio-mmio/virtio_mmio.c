/* SPDX-License-Identifier: MIT */
/*
 * The virtio MMIO transport, register layout version 2 (spec 4.2.2), for
 * the "virtio,mmio" nodes of the boot device tree. QEMU -M virt has 32
 * such transports whether or not a device sits behind them (device ID
 * 0): only those with a device are handed to the core.
 */
#include <uk/virtio.h>
#if CONFIG_LIBUKFDT
#include <uk/fdt.h>
#endif
#if CONFIG_LIBPCI
#include <uk/pci.h>
#endif
#include <uk/intctlr.h>
#include <uk/plat.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/arch/mmio.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

#define REG_MAGIC            0x000
#define REG_VERSION          0x004
#define REG_DEVICE_ID        0x008
#define REG_DEVICE_FEATURES  0x010
#define REG_DEVICE_FEATURES_SEL 0x014
#define REG_DRIVER_FEATURES  0x020
#define REG_DRIVER_FEATURES_SEL 0x024
#define REG_QUEUE_SEL        0x030
#define REG_QUEUE_NUM_MAX    0x034
#define REG_QUEUE_NUM        0x038
#define REG_QUEUE_READY      0x044
#define REG_QUEUE_NOTIFY     0x050
#define REG_INTERRUPT_STATUS 0x060
#define REG_INTERRUPT_ACK    0x064
#define REG_STATUS           0x070
#define REG_QUEUE_DESC_LOW   0x080
#define REG_QUEUE_DESC_HIGH  0x084
#define REG_QUEUE_DRIVER_LOW 0x090
#define REG_QUEUE_DRIVER_HIGH 0x094
#define REG_QUEUE_DEVICE_LOW 0x0a0
#define REG_QUEUE_DEVICE_HIGH 0x0a4
#define REG_CONFIG_GENERATION 0x0fc
#define REG_CONFIG           0x100

#define MAGIC 0x74726976   /* "virt" */

#define MAX_DEVICES 8

struct vmmio {
	struct virtio_dev vd;
	uintptr_t base;
	char where[24];
};

static struct vmmio devices[MAX_DEVICES];
static unsigned int ndevices;

static inline uintptr_t base_of(struct virtio_dev *vd)
{
	return UK_CONTAINER_OF(vd, struct vmmio, vd)->base;
}

static uint32_t rd(struct virtio_dev *vd, unsigned int reg)
{
	return mmio_read32(base_of(vd) + reg);
}

static void wr(struct virtio_dev *vd, unsigned int reg, uint32_t v)
{
	mmio_write32(base_of(vd) + reg, v);
}

static uint8_t status_get(struct virtio_dev *vd)
{
	return rd(vd, REG_STATUS);
}

static void status_set(struct virtio_dev *vd, uint8_t status)
{
	unsigned int spins = 0;

	wr(vd, REG_STATUS, status);
	while (!status && rd(vd, REG_STATUS) && ++spins < 1000000)
		;
}

static uint64_t features_get(struct virtio_dev *vd)
{
	uint64_t f;

	wr(vd, REG_DEVICE_FEATURES_SEL, 0);
	f = rd(vd, REG_DEVICE_FEATURES);
	wr(vd, REG_DEVICE_FEATURES_SEL, 1);
	return f | (uint64_t)rd(vd, REG_DEVICE_FEATURES) << 32;
}

static void features_set(struct virtio_dev *vd, uint64_t f)
{
	wr(vd, REG_DRIVER_FEATURES_SEL, 0);
	wr(vd, REG_DRIVER_FEATURES, (uint32_t)f);
	wr(vd, REG_DRIVER_FEATURES_SEL, 1);
	wr(vd, REG_DRIVER_FEATURES, f >> 32);
}

static uint64_t config_read_once(struct virtio_dev *vd, unsigned int off,
				 unsigned int len)
{
	uintptr_t a = base_of(vd) + REG_CONFIG + off;

	switch (len) {
	case 1: return *(volatile uint8_t *)a;
	case 2: return *(volatile uint16_t *)a;
	case 4: return mmio_read32(a);
	default: return mmio_read32(a) | (uint64_t)mmio_read32(a + 4) << 32;
	}
}

static uint64_t config_read(struct virtio_dev *vd, unsigned int off,
			    unsigned int len)
{
	uint32_t gen;
	uint64_t v;

	do {
		gen = rd(vd, REG_CONFIG_GENERATION);
		v = config_read_once(vd, off, len);
	} while (gen != rd(vd, REG_CONFIG_GENERATION));
	return v;
}

static void config_write(struct virtio_dev *vd, unsigned int off, uint64_t v,
			 unsigned int len)
{
	uintptr_t a = base_of(vd) + REG_CONFIG + off;

	switch (len) {
	case 1: *(volatile uint8_t *)a = v; break;
	case 2: *(volatile uint16_t *)a = v; break;
	case 4: mmio_write32(a, v); break;
	default: mmio_write32(a, v); mmio_write32(a + 4, v >> 32); break;
	}
}

static unsigned int queue_max(struct virtio_dev *vd, unsigned int idx)
{
	wr(vd, REG_QUEUE_SEL, idx);
	if (rd(vd, REG_QUEUE_READY))
		return 0;   /* in use already */
	return rd(vd, REG_QUEUE_NUM_MAX);
}

static int queue_enable(struct virtio_dev *vd, struct virtqueue *vq)
{
	wr(vd, REG_QUEUE_SEL, vq->idx);
	wr(vd, REG_QUEUE_NUM, vq->size);
	wr(vd, REG_QUEUE_DESC_LOW, (uint32_t)vq->desc_addr);
	wr(vd, REG_QUEUE_DESC_HIGH, vq->desc_addr >> 32);
	wr(vd, REG_QUEUE_DRIVER_LOW, (uint32_t)vq->avail_addr);
	wr(vd, REG_QUEUE_DRIVER_HIGH, vq->avail_addr >> 32);
	wr(vd, REG_QUEUE_DEVICE_LOW, (uint32_t)vq->used_addr);
	wr(vd, REG_QUEUE_DEVICE_HIGH, vq->used_addr >> 32);
	wr(vd, REG_QUEUE_READY, 1);
	return rd(vd, REG_QUEUE_READY) == 1 ? 0 : -EIO;
}

static void queue_notify(struct virtio_dev *vd, struct virtqueue *vq)
{
	wr(vd, REG_QUEUE_NOTIFY, vq->idx);
}

static unsigned int irq_ack(struct virtio_dev *vd)
{
	uint32_t isr = rd(vd, REG_INTERRUPT_STATUS);

	if (isr)
		wr(vd, REG_INTERRUPT_ACK, isr);
	return isr;
}

static const struct virtio_transport_ops vmmio_ops = {
	.status_get = status_get,
	.status_set = status_set,
	.features_get = features_get,
	.features_set = features_set,
	.config_read = config_read,
	.config_write = config_write,
	.queue_max = queue_max,
	.queue_enable = queue_enable,
	.queue_notify = queue_notify,
	.irq_ack = irq_ack,
};

/* Hands the device behind the transport at `addr` to the core, if any. */
static void probe_at(uint64_t addr, bool irq_valid, unsigned int irq)
{
	static bool legacy_said;
	struct vmmio *d;
	uint32_t version;

	if (mmio_read32(addr + REG_MAGIC) != MAGIC ||
	    !mmio_read32(addr + REG_DEVICE_ID))
		return;   /* an empty transport */
	version = mmio_read32(addr + REG_VERSION);
	if (version != 2) {
		if (!legacy_said)
			uk_pr_warn("virtio-mmio: legacy transport at 0x%lx (version %u): not driven (QEMU: -global virtio-mmio.force-legacy=false)\n",
				   (unsigned long)addr, version);
		legacy_said = true;
		return;
	}
	if (ndevices == MAX_DEVICES) {
		uk_pr_warn("virtio-mmio: more than %d devices\n", MAX_DEVICES);
		return;
	}
	d = &devices[ndevices];
	*d = (struct vmmio){ .base = addr };
	snprintf(d->where, sizeof(d->where), "mmio 0x%lx", (unsigned long)addr);
	d->vd.device_id = mmio_read32(addr + REG_DEVICE_ID);
	d->vd.ops = &vmmio_ops;
	d->vd.transport = d;
	d->vd.where = d->where;
	d->vd.irq = irq;
	d->vd.irq_valid = irq_valid;
	/* Reused only when no driver took it (see virtio-pci). */
	if (virtio_dev_found(&d->vd) != -ENODEV)
		ndevices++;
}

#if CONFIG_LIBUKFDT
static void probe_node(const void *fdt, int node, int ac, int sc)
{
	uint64_t addr, size;
	unsigned int irq = 0;
	bool irq_valid;

	if (ukfdt_reg(fdt, node, 0, ac, sc, &addr, &size) || size < 0x100)
		return;
	irq_valid = !uk_intctlr_irq_from_fdt(fdt, node, 0, &irq);
	probe_at(addr, irq_valid, irq);
}

/* After the interrupt controller (priority 1): drivers register IRQs. */
static int virtio_mmio_fdt(void)
{
	const void *fdt = ukplat_bootinfo_fdt();
	int node, root, ac, sc;

	if (!fdt)
		return 0;
	root = ukfdt_root(fdt);
	ac = ukfdt_address_cells(fdt, root);
	sc = ukfdt_size_cells(fdt, root);
	for (node = ukfdt_find_compatible(fdt, UKFDT_EEND, "virtio,mmio");
	     node >= 0;
	     node = ukfdt_find_compatible(fdt, node, "virtio,mmio"))
		probe_node(fdt, node, ac, sc);
	return 0;
}
UK_INITCALL_PRIO(virtio_mmio_fdt, NULL, UK_INIT_CLASS_PLAT, 3);
#endif

#if CONFIG_LIBPCI
/*
 * QEMU's x86 microvm with ioapic2=off (ukconfig run sets it): 8
 * transports at fixed places, wired to I/O APIC inputs 16-23, level
 * triggered, which QEMU would otherwise announce on the kernel command
 * line (in Linux's syntax, after our arguments). A PC with a PCI bus (the
 * scan ran at priority 3 and found functions) is not a microvm: nothing
 * is probed there. Without the APIC (IRQs are then the 8259's lines) the
 * devices are polled.
 */
#define MICROVM_BASE     0xfeb00000UL
#define MICROVM_STRIDE   0x200
#define MICROVM_SLOTS    8
#define MICROVM_GSI_BASE 16

static int virtio_mmio_microvm(void)
{
	const char *ctlr = uk_intctlr_name();
	bool apic = ctlr && !strcmp(ctlr, "apic");
	unsigned int slot, irq;

	if (uk_pci_count())
		return 0;
	for (slot = 0; slot < MICROVM_SLOTS; slot++) {
		irq = MICROVM_GSI_BASE + slot;
		probe_at(MICROVM_BASE + slot * MICROVM_STRIDE,
			 apic && !uk_intctlr_irq_configure(irq, UK_INTCTLR_LEVEL_HIGH),
			 irq);
	}
	return 0;
}
UK_INITCALL_PRIO(virtio_mmio_microvm, NULL, UK_INIT_CLASS_PLAT, 4);
#endif
