/* SPDX-License-Identifier: MIT */
/*
 * Drivers register themselves; platforms (and, later, bus drivers) find
 * them by what the device says it is.
 *
 * A driver library drops one entry into a linker-section table, in the
 * manner of the init tables (uk/init.h):
 *
 *   static const char *const compatible[] = { "arm,pl011", NULL };
 *   static int pl011_probe(const struct uk_device *dev) { ... }
 *   UK_DRIVER(pl011, UK_DRIVER_UART, compatible, pl011_probe);
 *
 * Whoever discovers a device (a device-tree node, a device the platform
 * knows is there, such as the PC's COM1 or its interrupt controllers)
 * describes it with a struct uk_device and calls uk_driver_probe(). No
 * platform names a driver, and a driver is in the image exactly when its
 * library is enabled.
 *
 *   section name: .uk_drivertab.<subsystem>   (one digit)
 */
#ifndef UK_DRIVER_H
#define UK_DRIVER_H

#include <uk/essentials.h>

/* Subsystems, probed by the platform at different moments of the boot. */
/* Serial ports that become consoles: probed before the boot library runs. */
#define UK_DRIVER_UART    1
/*
 * Interrupt controllers (uk/intctlr.h), timer devices and real-time
 * clocks (uk/timer_dev.h): probed in this order from the platform init
 * class, priority 1 (a timer's probe registers its interrupt), in the
 * platform's order of preference; the first device whose probe succeeds
 * is the image's controller, timer, wall clock.
 */
#define UK_DRIVER_INTCTLR 2
#define UK_DRIVER_TIMER   3
#define UK_DRIVER_RTC     4
/* Text screens that become consoles (the PC's VGA text mode): probed with the UARTs. */
#define UK_DRIVER_DISPLAY 5
/*
 * Devices found on a bus by its library rather than by the platform:
 * PCI functions (drivers/bus/pci, compatible "pciVVVV,DDDD" then
 * "pciVVVV", hexadecimal IDs, from the platform init class at priority
 * 3), and virtio devices, which a virtio transport (PCI, MMIO) found
 * (compatible "virtio,deviceN", N the virtio device ID in hexadecimal).
 * The struct uk_device is the first member of the bus's own description
 * (struct uk_pci_dev, struct virtio_dev): the probe gets the rest with
 * UK_CONTAINER_OF.
 */
#define UK_DRIVER_PCI     6
#define UK_DRIVER_VIRTIO  7

#ifndef __ASSEMBLY__

#define UK_DEVICE_IOPORT 0x1   /* base is an x86 I/O port, not an address */
#define UK_DEVICE_FDT    0x2   /* fdt_node is valid */
#define UK_DEVICE_IRQ    0x4   /* irq is valid */

struct uk_device {
	/*
	 * What the device is, as a device-tree "compatible" value: one or
	 * more NUL-terminated strings, most specific first; `compatible_len`
	 * counts every byte, the last NUL included.
	 */
	const char *compatible;
	size_t compatible_len;
	uintptr_t base;           /* first register (0: none, or the driver knows) */
	unsigned int flags;       /* UK_DEVICE_* */
	/*
	 * With UK_DEVICE_FDT: the device's node in ukplat_bootinfo_fdt(),
	 * for what `base` does not say (further "reg" entries, "interrupts").
	 */
	int fdt_node;
	/*
	 * With UK_DEVICE_IRQ: the device's interrupt in the active
	 * controller's numbering (uk/intctlr.h), level-triggered, when the
	 * platform knows it without a device tree (the generic timer on a
	 * board whose controller is not a GIC: rpi3).
	 */
	unsigned int irq;
};

struct uk_driver {
	unsigned int subsystem;
	const char *name;
	/* The compatible strings the driver handles, NULL-terminated. */
	const char *const *compatible;
	/* Returns 0 once the device works, a negative errno otherwise. */
	int (*probe)(const struct uk_device *dev);
};

#define UK_DRIVERTAB_SECTION(subsystem) ".uk_drivertab." UK_STR(subsystem)

#define UK_DRIVER(drv, subsys, compat, probefn)			\
	_Static_assert((subsys) >= 1 && (subsys) <= 9, "subsystem 1..9");\
	static const struct uk_driver					\
	__used __section(UK_DRIVERTAB_SECTION(subsys)) __aligned(8)	\
	UK_CONCAT(__uk_driver_, drv) = {				\
		(subsys), #drv, (compat), (probefn) }

/* Bounds provided by the linker script (native/ld/tables.ld). */
extern const struct uk_driver __uk_drivertab_start[];
extern const struct uk_driver __uk_drivertab_end[];

/*
 * The driver of `subsystem` for a device whose compatible value is
 * `compatible` (compatible_len bytes, as in struct uk_device): the one
 * matching the device's most specific string, NULL when the image has
 * none.
 */
const struct uk_driver *uk_driver_find(unsigned int subsystem,
				       const char *compatible,
				       size_t compatible_len);

/*
 * Probes the driver uk_driver_find() gives for `dev`: its result, or
 * -ENODEV when the image has no driver for the device.
 */
int uk_driver_probe(unsigned int subsystem, const struct uk_device *dev);

#endif /* !__ASSEMBLY__ */
#endif /* UK_DRIVER_H */
