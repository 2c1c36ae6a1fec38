/* SPDX-License-Identifier: MIT */
/*
 * PCI functions and their configuration space (PCI Local Bus 3.0,
 * chapter 6). The library scans the buses from the platform init class
 * (priority 3, after the interrupt controller) and probes each function
 * through the driver table:
 *
 *   static const char *const compatible[] = { "pci1af4", NULL };
 *   static int my_probe(const struct uk_device *d)
 *   {
 *           const struct uk_pci_dev *pci =
 *                   UK_CONTAINER_OF(d, struct uk_pci_dev, dev);
 *           ...
 *   }
 *   UK_DRIVER(mydrv, UK_DRIVER_PCI, compatible, my_probe);
 *
 * A function is offered as "pciVVVV,DDDD" then "pciVVVV" (lower-case
 * hexadecimal vendor and device IDs), so a driver may claim one device or
 * a whole vendor and look at the IDs itself.
 */
#ifndef UK_PCI_H
#define UK_PCI_H

#include <uk/essentials.h>
#include <uk/driver.h>

/* Configuration-space offsets of the type 0 header used here. */
#define UK_PCI_VENDOR_ID     0x00
#define UK_PCI_DEVICE_ID     0x02
#define UK_PCI_COMMAND       0x04
#define UK_PCI_STATUS        0x06
#define UK_PCI_CLASS_REV     0x08
#define UK_PCI_HEADER_TYPE   0x0e
#define UK_PCI_BAR0          0x10
#define UK_PCI_SUBSYS_VENDOR 0x2c
#define UK_PCI_SUBSYS_ID     0x2e
#define UK_PCI_CAP_PTR       0x34
#define UK_PCI_INTR_LINE     0x3c
#define UK_PCI_INTR_PIN      0x3d

#define UK_PCI_COMMAND_IO     0x0001
#define UK_PCI_COMMAND_MEMORY 0x0002
#define UK_PCI_COMMAND_MASTER 0x0004
#define UK_PCI_STATUS_CAPS    0x0010

#define UK_PCI_CAP_VENDOR    0x09

struct uk_pci_dev {
	struct uk_device dev;      /* first: drivers get it in their probe */
	uint8_t bus, slot, func;
	uint16_t vendor, device;
	uint16_t subsys_vendor, subsys_id;
	uint32_t class_rev;        /* class, subclass, prog-if, revision */
	char compatible[24];       /* "pciVVVV,DDDD\0pciVVVV\0" */
};

uint8_t uk_pci_read8(const struct uk_pci_dev *p, unsigned int off);
uint16_t uk_pci_read16(const struct uk_pci_dev *p, unsigned int off);
uint32_t uk_pci_read32(const struct uk_pci_dev *p, unsigned int off);
void uk_pci_write8(const struct uk_pci_dev *p, unsigned int off, uint8_t v);
void uk_pci_write16(const struct uk_pci_dev *p, unsigned int off, uint16_t v);
void uk_pci_write32(const struct uk_pci_dev *p, unsigned int off, uint32_t v);

/*
 * The address BAR `bar` (0-5) decodes, as the firmware assigned it, with
 * *io set for an I/O-port BAR; 0 when the BAR is unassigned or is the
 * upper half of a 64-bit BAR.
 */
uint64_t uk_pci_bar(const struct uk_pci_dev *p, unsigned int bar, bool *io);

/*
 * Offset of the first capability with ID `id` after offset `from` (0:
 * from the start of the list), 0 when there is none. Bounded: a looping
 * list ends the walk.
 */
unsigned int uk_pci_cap_find(const struct uk_pci_dev *p, unsigned int from,
			     uint8_t id);

/* How many functions the scan found (0 before it ran). */
unsigned int uk_pci_count(void);

#endif /* UK_PCI_H */
