/* SPDX-License-Identifier: MIT */
/*
 * From image.S to the boot library, for every arm64 Image platform: read
 * the device tree for the UART, the memory, the command line
 * (/chosen/bootargs), the initrd (/chosen linux,initrd-*), the PSCI
 * conduit and, with SMP, where /cpus is. Later, from the platform init
 * class: the interrupt controller, timer and real-time clock the same
 * pass found.
 */
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/fdt.h>
#include <uk/driver.h>
#include <uk/init.h>
#include <plat/memregion.h>
#include <plat/initrd.h>
#include <plat/arm64.h>
#include <string.h>

static const void *boot_fdt;

const void *ukplat_bootinfo_fdt(void)
{
	return boot_fdt;
}

bool plat_arm64_psci_smc;
#if CONFIG_UKLCPU_SMP
int plat_arm64_cpus_node = -1;
#endif

/* What the platform needs from the device tree. */
struct dt_facts {
	struct uk_device uart;    /* the first one the image has a driver for */
	const char *bootargs;
	int bootargs_len;
	int memory_nodes;
	/* /chosen linux,initrd-start and -end, as a Linux boot loader sets them. */
	uint64_t initrd_start, initrd_end;
};

#if CONFIG_LIBUKINTCTLR
/* Probed from the platform init class, in this order: a timer's probe
 * registers its interrupt with the controller. */
static const unsigned int irq_time_subsystems[] = {
	UK_DRIVER_INTCTLR, UK_DRIVER_TIMER, UK_DRIVER_RTC
};
/* For each, the first node the image has a driver for. */
static struct uk_device irq_time_devices[UK_ARRAY_SIZE(irq_time_subsystems)];

static void note_irq_time_device(int node, const char *compat, int compat_len,
				 const uint8_t *reg, int reg_len, int ac)
{
	unsigned int i;

	for (i = 0; i < UK_ARRAY_SIZE(irq_time_subsystems); i++) {
		if (irq_time_devices[i].compatible ||
		    !uk_driver_find(irq_time_subsystems[i], compat, compat_len))
			continue;
		irq_time_devices[i] = (struct uk_device){
			.compatible = compat,
			.compatible_len = compat_len,
			/* The generic timer has no "reg". */
			.base = reg && reg_len >= 4 * ac
				? ukfdt_read_cells(reg, ac) : 0,
			.flags = UK_DEVICE_FDT,
			.fdt_node = node,
		};
		return;
	}
}

static int probe_irq_time_devices(void)
{
	unsigned int i;

	for (i = 0; i < UK_ARRAY_SIZE(irq_time_subsystems); i++)
		if (irq_time_devices[i].compatible)
			uk_driver_probe(irq_time_subsystems[i],
					&irq_time_devices[i]);
	return 0;
}
UK_INITCALL_PRIO(probe_irq_time_devices, NULL, UK_INIT_CLASS_PLAT, 1);
#endif

/* Adds every (address, size) pair of a memory node's "reg" value. */
static void add_memory(const uint8_t *reg, int len, int ac, int sc)
{
	int entry = 4 * (ac + sc);

	for (; entry && len >= entry; reg += entry, len -= entry)
		plat_memregion_add_free(ukfdt_read_cells(reg, ac),
					ukfdt_read_cells(reg + 4 * ac, sc));
}

/*
 * One pass over the children of the root, reading each node's properties
 * once: separate lookups would walk the whole tree (dozens of virtio-mmio
 * nodes on QEMU virt) several times, which dominated the boot time.
 */
static void read_device_tree(const void *fdt, struct dt_facts *f)
{
	int root = ukfdt_root(fdt);
	int ac = ukfdt_address_cells(fdt, root);
	int sc = ukfdt_size_cells(fdt, root);
	int depth = 0, node, prop;

	for (node = ukfdt_next_node(fdt, root, &depth); node >= 0 && depth > 0;
	     node = ukfdt_next_node(fdt, node, &depth)) {
		const char *name = ukfdt_node_name(fdt, node);
		const char *type = NULL, *compat = NULL, *method = NULL;
		const uint8_t *reg = NULL;
		int reg_len = 0, compat_len = 0;

		if (depth != 1)
			continue;
		for (prop = ukfdt_first_prop(fdt, node); prop >= 0;
		     prop = ukfdt_next_prop(fdt, prop)) {
			const char *pname;
			int len;
			const void *v = ukfdt_prop(fdt, prop, &pname, &len);

			if (!strcmp(pname, "reg")) {
				reg = v;
				reg_len = len;
			} else if (!strcmp(pname, "device_type")) {
				type = v;
			} else if (!strcmp(pname, "compatible")) {
				compat = v;
				compat_len = len;
			} else if (!strcmp(pname, "bootargs")) {
				f->bootargs = v;
				f->bootargs_len = len;
			} else if (!strcmp(pname, "linux,initrd-start")) {
				f->initrd_start = ukfdt_read_cells(v, len / 4);
			} else if (!strcmp(pname, "linux,initrd-end")) {
				f->initrd_end = ukfdt_read_cells(v, len / 4);
			} else if (!strcmp(pname, "method")) {
				method = v;
			}
		}
		if (type && !strcmp(type, "memory") && reg) {
			add_memory(reg, reg_len, ac, sc);
			f->memory_nodes++;
		} else if (!f->uart.compatible && compat && reg &&
			   reg_len >= 4 * ac &&
			   uk_driver_find(UK_DRIVER_UART, compat, compat_len)) {
			f->uart.compatible = compat;
			f->uart.compatible_len = compat_len;
			f->uart.base = ukfdt_read_cells(reg, ac);
		} else if (method && !strncmp(name, "psci", 4)) {
			plat_arm64_psci_smc = !strcmp(method, "smc");
		}
#if CONFIG_UKLCPU_SMP
		else if (!strcmp(name, "cpus")) {
			plat_arm64_cpus_node = node;
		}
#endif
#if CONFIG_LIBUKINTCTLR
		else if (compat) {
			note_irq_time_device(node, compat, compat_len, reg,
					     reg_len, ac);
		}
#endif
	}
}

void plat_arm64_boot(void *fdt) __noreturn;
void plat_arm64_boot(void *fdt)
{
	struct dt_facts f = { 0 };
	bool have_fdt = !ukfdt_check(fdt);
	uint64_t base, size;
	int i;

	if (have_fdt) {
		boot_fdt = fdt;
		read_device_tree(fdt, &f);
	}
	if (!f.uart.compatible || uk_driver_probe(UK_DRIVER_UART, &f.uart))
		plat_arm64_console_default();
	if (!plat_arm64_memory(boot_fdt, f.memory_nodes)) {
		if (!have_fdt)
			UK_CRASH("no device tree at %p (boot as a Linux Image)",
				 fdt);
		UK_CRASH("device tree: no memory node");
	}
	if (have_fdt) {
		for (i = 0; !ukfdt_memreserve(fdt, i, &base, &size); i++)
			plat_memregion_reserve(base, size,
					       UKPLAT_MEMRF_RESERVED,
					       "memreserve");
		plat_memregion_reserve((uintptr_t)fdt, ukfdt_totalsize(fdt),
				       UKPLAT_MEMRF_RESERVED, "device tree");
	}
	if (f.initrd_end > f.initrd_start)
		plat_initrd_set(f.initrd_start, f.initrd_end - f.initrd_start);
	plat_memregion_reserve_image();
#if CONFIG_PAGING
	plat_arm64_paging_init();
#endif
	uk_boot_entry_cmdline(plat_arm64_cmdline_save(f.bootargs,
						      f.bootargs_len));
}
