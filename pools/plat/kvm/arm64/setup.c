/* SPDX-License-Identifier: MIT */
/*
 * From entry.S to the boot library: read the device tree for the UART,
 * the memory, the command line and the PSCI conduit.
 */
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/fdt.h>
#include <uk/pl011.h>
#include <kvm/memmap.h>
#include <kvm/cmdline.h>
#include <string.h>
#include "arm64.h"

const char ukplat_name[] = "kvm";
const char ukplat_arch[] = "arm64";

/* QEMU virt's UART, used if the device tree does not name one. */
#define VIRT_PL011_BASE 0x09000000

/* PSCI conduit from /psci "method": true for "smc", false for "hvc". */
bool kvm_arm64_psci_smc;


static uintptr_t find_uart(const void *fdt)
{
	int root = ukfdt_root(fdt);
	int node = ukfdt_find_compatible(fdt, -1, "arm,pl011");
	uint64_t base, size;

	if (node >= 0 &&
	    !ukfdt_reg(fdt, node, 0, ukfdt_address_cells(fdt, root),
		       ukfdt_size_cells(fdt, root), &base, &size))
		return base;
	return VIRT_PL011_BASE;
}

static void read_memory(const void *fdt)
{
	int root = ukfdt_root(fdt);
	int ac = ukfdt_address_cells(fdt, root);
	int sc = ukfdt_size_cells(fdt, root);
	int depth = 0, node, i, found = 0;
	uint64_t base, size;

	/* Memory nodes are children of the root: device_type = "memory". */
	for (node = ukfdt_next_node(fdt, root, &depth); node >= 0 && depth > 0;
	     node = ukfdt_next_node(fdt, node, &depth)) {
		const char *type = ukfdt_getprop(fdt, node, "device_type", NULL);

		if (depth != 1 || !type || strcmp(type, "memory"))
			continue;
		for (i = 0; !ukfdt_reg(fdt, node, i, ac, sc, &base, &size); i++) {
			kvm_memmap_add_free(base, size);
			found = 1;
		}
	}
	if (!found)
		UK_CRASH("device tree: no memory node");

	for (i = 0; !ukfdt_memreserve(fdt, i, &base, &size); i++)
		kvm_memmap_reserve(base, size, UKPLAT_MEMRF_RESERVED,
				   "memreserve");
	kvm_memmap_reserve((uintptr_t)fdt, ukfdt_totalsize(fdt),
			   UKPLAT_MEMRF_RESERVED, "device tree");
}

static void read_psci(const void *fdt)
{
	int node = ukfdt_path(fdt, "/psci");
	const char *method = node >= 0 ? ukfdt_getprop(fdt, node, "method",
						       NULL) : NULL;

	kvm_arm64_psci_smc = method && !strcmp(method, "smc");
}

void kvm_arm64_boot(void *fdt) __noreturn;
void kvm_arm64_boot(void *fdt)
{
	const char *bootargs = NULL;
	int len, chosen;

	if (ukfdt_check(fdt)) {
		/* No console yet: try the usual UART so the reason shows. */
		pl011_console_init(VIRT_PL011_BASE);
		UK_CRASH("no device tree at %p (boot as a Linux Image)", fdt);
	}
	pl011_console_init(find_uart(fdt));
	read_memory(fdt);
	read_psci(fdt);

	chosen = ukfdt_path(fdt, "/chosen");
	if (chosen >= 0)
		bootargs = ukfdt_getprop(fdt, chosen, "bootargs", &len);

	kvm_memmap_reserve_image();
	uk_boot_entry_cmdline(kvm_cmdline_save(bootargs,
					       bootargs ? (size_t)len : 0));
}
