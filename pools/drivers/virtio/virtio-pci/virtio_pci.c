/* SPDX-License-Identifier: MIT */
/*
 * The virtio PCI transport, modern interface (spec 4.1.4): the device's
 * structures are found through vendor-specific capabilities, each naming
 * a BAR, an offset and a length. Transitional devices (IDs 0x1000-0x103f,
 * QEMU's default on a PCI bus) offer the same capabilities beside their
 * legacy I/O BAR, which is not used.
 */
#include <uk/virtio.h>
#include <uk/pci.h>
#include <uk/intctlr.h>
#include <uk/print.h>
#include <stdio.h>
#include <errno.h>

#define VIRTIO_PCI_VENDOR 0x1af4

/* struct virtio_pci_cap (spec 4.1.4). */
#define CAP_CFG_TYPE 3
#define CAP_BAR      4
#define CAP_OFFSET   8
#define CAP_LENGTH   12
#define CAP_NOTIFY_MULTIPLIER 16

#define CAP_COMMON_CFG 1
#define CAP_NOTIFY_CFG 2
#define CAP_ISR_CFG    3
#define CAP_DEVICE_CFG 4

/* struct virtio_pci_common_cfg (spec 4.1.4.3). */
#define COMMON_DFSELECT      0
#define COMMON_DF            4
#define COMMON_GFSELECT      8
#define COMMON_GF            12
#define COMMON_MSIX          16
#define COMMON_NUMQ          18
#define COMMON_STATUS        20
#define COMMON_CFGGENERATION 21
#define COMMON_Q_SELECT      22
#define COMMON_Q_SIZE        24
#define COMMON_Q_MSIX        26
#define COMMON_Q_ENABLE      28
#define COMMON_Q_NOFF        30
#define COMMON_Q_DESCLO      32
#define COMMON_Q_DESCHI      36
#define COMMON_Q_AVAILLO     40
#define COMMON_Q_AVAILHI     44
#define COMMON_Q_USEDLO      48
#define COMMON_Q_USEDHI      52

#define NO_VECTOR 0xffff

/* At most this many virtio functions are driven. */
#define MAX_DEVICES 8

struct vpci {
	struct virtio_dev vd;
	const struct uk_pci_dev *pci;
	uintptr_t common, notify, isr, device;
	uint32_t notify_mul;
	char where[16];
};

static struct vpci devices[MAX_DEVICES];
static unsigned int ndevices;

static inline struct vpci *to_vpci(struct virtio_dev *vd)
{
	return UK_CONTAINER_OF(vd, struct vpci, vd);
}

static uint8_t r8(uintptr_t a) { return *(volatile uint8_t *)a; }
static uint16_t r16(uintptr_t a) { return *(volatile uint16_t *)a; }
static uint32_t r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static void w8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static void w16(uintptr_t a, uint16_t v) { *(volatile uint16_t *)a = v; }
static void w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

static uint8_t status_get(struct virtio_dev *vd)
{
	return r8(to_vpci(vd)->common + COMMON_STATUS);
}

static void status_set(struct virtio_dev *vd, uint8_t status)
{
	struct vpci *d = to_vpci(vd);
	unsigned int spins = 0;

	w8(d->common + COMMON_STATUS, status);
	/* A reset is done when the status reads 0 (spec 4.1.4.3.2). */
	while (!status && r8(d->common + COMMON_STATUS) && ++spins < 1000000)
		;
}

static uint64_t features_get(struct virtio_dev *vd)
{
	struct vpci *d = to_vpci(vd);
	uint64_t f;

	w32(d->common + COMMON_DFSELECT, 0);
	f = r32(d->common + COMMON_DF);
	w32(d->common + COMMON_DFSELECT, 1);
	return f | (uint64_t)r32(d->common + COMMON_DF) << 32;
}

static void features_set(struct virtio_dev *vd, uint64_t f)
{
	struct vpci *d = to_vpci(vd);

	w32(d->common + COMMON_GFSELECT, 0);
	w32(d->common + COMMON_GF, (uint32_t)f);
	w32(d->common + COMMON_GFSELECT, 1);
	w32(d->common + COMMON_GF, f >> 32);
}

static uint64_t config_read_once(struct vpci *d, unsigned int off,
				 unsigned int len)
{
	uintptr_t a = d->device + off;

	switch (len) {
	case 1: return r8(a);
	case 2: return r16(a);
	case 4: return r32(a);
	default: return r32(a) | (uint64_t)r32(a + 4) << 32;
	}
}

/* Retried while the configuration generation changes (spec 4.1.4.3.1). */
static uint64_t config_read(struct virtio_dev *vd, unsigned int off,
			    unsigned int len)
{
	struct vpci *d = to_vpci(vd);
	uint8_t gen;
	uint64_t v;

	do {
		gen = r8(d->common + COMMON_CFGGENERATION);
		v = config_read_once(d, off, len);
	} while (gen != r8(d->common + COMMON_CFGGENERATION));
	return v;
}

static void config_write(struct virtio_dev *vd, unsigned int off, uint64_t v,
			 unsigned int len)
{
	uintptr_t a = to_vpci(vd)->device + off;

	switch (len) {
	case 1: w8(a, v); break;
	case 2: w16(a, v); break;
	case 4: w32(a, v); break;
	default: w32(a, v); w32(a + 4, v >> 32); break;
	}
}

static unsigned int queue_max(struct virtio_dev *vd, unsigned int idx)
{
	struct vpci *d = to_vpci(vd);

	if (idx >= r16(d->common + COMMON_NUMQ))
		return 0;
	w16(d->common + COMMON_Q_SELECT, idx);
	return r16(d->common + COMMON_Q_SIZE);
}

static int queue_enable(struct virtio_dev *vd, struct virtqueue *vq)
{
	struct vpci *d = to_vpci(vd);
	uintptr_t c = d->common;

	w16(c + COMMON_Q_SELECT, vq->idx);
	w16(c + COMMON_Q_SIZE, vq->size);
	w16(c + COMMON_Q_MSIX, NO_VECTOR);
	w32(c + COMMON_Q_DESCLO, (uint32_t)vq->desc_addr);
	w32(c + COMMON_Q_DESCHI, vq->desc_addr >> 32);
	w32(c + COMMON_Q_AVAILLO, (uint32_t)vq->avail_addr);
	w32(c + COMMON_Q_AVAILHI, vq->avail_addr >> 32);
	w32(c + COMMON_Q_USEDLO, (uint32_t)vq->used_addr);
	w32(c + COMMON_Q_USEDHI, vq->used_addr >> 32);
	vq->notify_addr = d->notify +
		(uintptr_t)r16(c + COMMON_Q_NOFF) * d->notify_mul;
	w16(c + COMMON_Q_ENABLE, 1);
	return r16(c + COMMON_Q_ENABLE) == 1 ? 0 : -EIO;
}

static void queue_notify(struct virtio_dev *vd __unused, struct virtqueue *vq)
{
	w16(vq->notify_addr, vq->idx);
}

/* Reading the ISR status clears it and lowers the INTx line. */
static unsigned int irq_ack(struct virtio_dev *vd)
{
	return r8(to_vpci(vd)->isr);
}

static const struct virtio_transport_ops vpci_ops = {
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

/* The address of the structure a capability at `cap` points to, or 0. */
static uintptr_t cap_address(const struct uk_pci_dev *p, unsigned int cap)
{
	bool io;
	uint64_t bar = uk_pci_bar(p, uk_pci_read8(p, cap + CAP_BAR), &io);

	/* Memory BARs below 4 GiB: what the platform maps. */
	if (!bar || io || bar >= (1ULL << 32))
		return 0;
	return (uintptr_t)bar + uk_pci_read32(p, cap + CAP_OFFSET);
}

static int vpci_probe(const struct uk_device *dev)
{
	const struct uk_pci_dev *p = UK_CONTAINER_OF(dev, struct uk_pci_dev, dev);
	struct vpci *d;
	unsigned int cap, type, line;
	uint32_t id;

	/* Modern IDs are 0x1040 + type; transitional ones carry the type in
	 * the subsystem ID. */
	if (p->device >= 0x1040 && p->device <= 0x107f)
		id = p->device - 0x1040;
	else if (p->device >= 0x1000 && p->device <= 0x103f)
		id = p->subsys_id;
	else
		return -ENODEV;
	if (ndevices == MAX_DEVICES) {
		uk_pr_warn("virtio-pci: more than %d devices\n", MAX_DEVICES);
		return -ENOMEM;
	}
	d = &devices[ndevices];
	*d = (struct vpci){ .pci = p };
	for (cap = uk_pci_cap_find(p, 0, UK_PCI_CAP_VENDOR); cap;
	     cap = uk_pci_cap_find(p, cap, UK_PCI_CAP_VENDOR)) {
		type = uk_pci_read8(p, cap + CAP_CFG_TYPE);
		/* The first capability of each type is the preferred one. */
		if (type == CAP_COMMON_CFG && !d->common)
			d->common = cap_address(p, cap);
		else if (type == CAP_NOTIFY_CFG && !d->notify) {
			d->notify = cap_address(p, cap);
			d->notify_mul = uk_pci_read32(p, cap + CAP_NOTIFY_MULTIPLIER);
		} else if (type == CAP_ISR_CFG && !d->isr)
			d->isr = cap_address(p, cap);
		else if (type == CAP_DEVICE_CFG && !d->device)
			d->device = cap_address(p, cap);
	}
	/* As lspci names a function. */
	snprintf(d->where, sizeof(d->where), "pci %02x:%02x.%x", p->bus,
		 p->slot, p->func);
	if (!d->common || !d->notify || !d->isr) {
		uk_pr_warn("virtio-pci: %s (device %u) has no modern interface\n",
			   d->where, id);
		return -ENOTSUP;
	}
	/* Memory decoding and bus mastering on; INTx not disabled (bit 10). */
	uk_pci_write16(p, UK_PCI_COMMAND,
		       (uk_pci_read16(p, UK_PCI_COMMAND) & ~0x0400) |
		       UK_PCI_COMMAND_MEMORY | UK_PCI_COMMAND_MASTER);
	d->vd.device_id = id;
	d->vd.ops = &vpci_ops;
	d->vd.transport = d;
	d->vd.where = d->where;
	/* The legacy line the firmware routed (255: none). */
	line = uk_pci_read8(p, UK_PCI_INTR_LINE);
	if (uk_pci_read8(p, UK_PCI_INTR_PIN) && line < 16 &&
	    !uk_intctlr_irq_from_isa(line, &d->vd.irq))
		d->vd.irq_valid = true;
	/*
	 * The slot is reused only when no driver took the device: a driver
	 * that failed half-way may have left its interrupt handler pointing
	 * here. The core reports the failure.
	 */
	if (virtio_dev_found(&d->vd) != -ENODEV)
		ndevices++;
	return 0;
}

static const char *const compatible[] = { "pci1af4", NULL };
UK_DRIVER(virtio_pci, UK_DRIVER_PCI, compatible, vpci_probe);
