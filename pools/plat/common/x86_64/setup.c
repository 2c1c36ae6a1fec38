/* SPDX-License-Identifier: MIT */
/*
 * From entry.S to the boot library: install exception handlers, bring up
 * the serial console, read the boot information (multiboot 1 or PVH),
 * build the memory map, save the command line. Later, from the platform
 * init class: the interrupt controller, timer and clock.
 */
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/driver.h>
#include <uk/init.h>
#include <uk/acpi.h>
#include <plat/memregion.h>
#include <plat/initrd.h>
#include <plat/cmdline.h>
#include <plat/x86_64-paging.h>
#include <plat/x86_64.h>

const void *ukplat_bootinfo_fdt(void)
{
	return NULL;
}

#define PC_DEVICE(id, port, devflags)					\
	{ .compatible = id, .compatible_len = sizeof(id), .base = port,	\
	  .flags = devflags }

/* The PC's first serial port: the console, if the image has a driver. */
static const struct uk_device com1 = PC_DEVICE("ns16550a", 0x3f8,
					       UK_DEVICE_IOPORT);
/*
 * Its VGA text screen (80x25 at 0xB8000): a second console in images with
 * a driver for it (baremetal: a real PC's screen); kvm images have none.
 */
static const struct uk_device vga_text = PC_DEVICE("pc,vga-text", 0xb8000, 0);

#if CONFIG_LIBUKINTCTLR
/*
 * The PC's interrupt controllers and timers, best first, and its clock,
 * under their ACPI hardware IDs: the APIC (PNP0003; its driver finds the
 * local and I/O APIC through the MADT), the 8259 pair (PNP0000); the
 * local APIC's timer, the 8254 PIT (PNP0100); the CMOS clock (PNP0B00).
 * A driver checks that its hardware answers (-M pc,acpi=off has no MADT,
 * -M microvm may lack the 8259s, the PIT and the RTC), else the next
 * device is tried.
 */
static const struct uk_device pc_intctlrs[] = {
	PC_DEVICE("PNP0003", 0, 0),
	PC_DEVICE("PNP0000", 0x20, UK_DEVICE_IOPORT),
};
static const struct uk_device pc_timers[] = {
	PC_DEVICE("PNP0003", 0, 0),
	PC_DEVICE("PNP0100", 0x40, UK_DEVICE_IOPORT),
};
static const struct uk_device pc_rtc = PC_DEVICE("PNP0B00", 0x70,
						 UK_DEVICE_IOPORT);

static void probe_first(unsigned int subsystem, const struct uk_device *devs,
			unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && uk_driver_probe(subsystem, &devs[i]); i++)
		;
}

/* The controller first: a timer's probe registers its interrupt. */
static int probe_pc_devices(void)
{
	probe_first(UK_DRIVER_INTCTLR, pc_intctlrs, UK_ARRAY_SIZE(pc_intctlrs));
	probe_first(UK_DRIVER_TIMER, pc_timers, UK_ARRAY_SIZE(pc_timers));
	uk_driver_probe(UK_DRIVER_RTC, &pc_rtc);
	return 0;
}
UK_INITCALL_PRIO(probe_pc_devices, NULL, UK_INIT_CLASS_PLAT, 1);
#endif

/* ---- multiboot 1 (specification 0.6.96, section 3.3) ------------------ */
#define MULTIBOOT_LOADER_MAGIC 0x2BADB002
#define MBI_FLAG_MEM     (1u << 0)
#define MBI_FLAG_CMDLINE (1u << 2)
#define MBI_FLAG_MODS    (1u << 3)
#define MBI_FLAG_MMAP    (1u << 6)

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;   /* KiB below 1 MiB / above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __packed;

struct multiboot_module {
	uint32_t mod_start, mod_end;     /* [start, end) */
	uint32_t string, reserved;
} __packed;

struct multiboot_mmap_entry {
	uint32_t size;                   /* of the rest of the entry */
	uint64_t addr, len;
	uint32_t type;
} __packed;

/* ---- PVH (Xen hvm_start_info, arch-x86/hvm/start_info.h) -------------- */
#define PVH_START_MAGIC 0x336ec578

struct pvh_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;           /* version >= 1 */
	uint32_t memmap_entries;
	uint32_t reserved;
} __packed;

struct pvh_module {
	uint64_t paddr, size, cmdline_paddr, reserved;
} __packed;

struct pvh_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
} __packed;

#define E820_RAM 1

static const char *boot_protocol;
static char cmdline_copy[PLAT_X86_CMDLINE_MAX];

/*
 * entry.S identity-maps the first 4 GiB only: RAM above is left out of the
 * memory map until the page tables cover it (future paging work).
 */
#define MAPPED_LIMIT (4ULL << 30)

static void add_ram(uint64_t base, uint64_t len)
{
	if (base >= MAPPED_LIMIT)
		return;
	if (len > MAPPED_LIMIT - base)
		len = MAPPED_LIMIT - base;
	plat_memregion_add_free(base, len);
}

/* Reported once the command line may have raised the debug level. */
static int report_boot_protocol(void)
{
	uk_pr_info("booted with %s\n", boot_protocol);
	return 0;
}
UK_EARLY_INITCALL(report_boot_protocol, NULL);

/*
 * Multiboot loaders (GRUB, QEMU) put the kernel's path first on the
 * command line; the arguments follow it.
 */
static const char *skip_first_word(const char *s)
{
	while (*s == ' ')
		s++;
	while (*s && *s != ' ')
		s++;
	return s;
}

static const char *boot_multiboot(const struct multiboot_info *mbi)
{
	if (mbi->flags & MBI_FLAG_MMAP) {
		uintptr_t p = mbi->mmap_addr;
		uintptr_t end = p + mbi->mmap_length;

		while (p < end) {
			const struct multiboot_mmap_entry *e = (const void *)p;

			if (e->type == E820_RAM)
				add_ram(e->addr, e->len);
			p += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MBI_FLAG_MEM) {
		add_ram(0, (uint64_t)mbi->mem_lower << 10);
		add_ram(1 << 20, (uint64_t)mbi->mem_upper << 10);
	} else {
		UK_CRASH("multiboot: no memory information");
	}
	/* QEMU's -initrd: the first module. */
	if ((mbi->flags & MBI_FLAG_MODS) && mbi->mods_count) {
		const struct multiboot_module *m = (const void *)(uintptr_t)mbi->mods_addr;

		plat_initrd_set(m->mod_start, m->mod_end - m->mod_start);
	}
	if (!(mbi->flags & MBI_FLAG_CMDLINE))
		return NULL;
	return skip_first_word((const char *)(uintptr_t)mbi->cmdline);
}

static const char *boot_pvh(const struct pvh_start_info *si)
{
	const struct pvh_memmap_entry *e;
	uint32_t i;

	if (si->version < 1 || !si->memmap_paddr)
		UK_CRASH("pvh: no memory map (start_info version %u)",
			 si->version);
	e = (const void *)(uintptr_t)si->memmap_paddr;
	for (i = 0; i < si->memmap_entries; i++)
		if (e[i].type == E820_RAM)
			add_ram(e[i].addr, e[i].size);
	if (si->nr_modules && si->modlist_paddr) {
		const struct pvh_module *m = (const void *)(uintptr_t)si->modlist_paddr;

		plat_initrd_set(m->paddr, m->size);
	}
	ukacpi_set_rsdp(si->rsdp_paddr);
	return (const char *)(uintptr_t)si->cmdline_paddr;
}

void plat_x86_boot(uint32_t magic, uint32_t info) __noreturn;
void plat_x86_boot(uint32_t magic, uint32_t info)
{
	const char *cmdline;

	plat_x86_traps_init();
	uk_driver_probe(UK_DRIVER_UART, &com1);
	uk_driver_probe(UK_DRIVER_DISPLAY, &vga_text);

	/* PVH first: QEMU's microvm firmware also passes the multiboot
	 * magic in EAX for a PVH start. */
	if (info && *(const uint32_t *)(uintptr_t)info == PVH_START_MAGIC) {
		cmdline = boot_pvh((const void *)(uintptr_t)info);
		boot_protocol = "pvh";
	} else if (magic == MULTIBOOT_LOADER_MAGIC) {
		cmdline = boot_multiboot((const void *)(uintptr_t)info);
		boot_protocol = "multiboot";
	} else
		UK_CRASH("unknown boot protocol (eax %#x, ebx %#x)",
			 magic, info);

	/* Everything the loader handed over is consumed or copied now, so
	 * only the image itself needs protecting from allocators. */
	plat_memregion_reserve_image();
#if CONFIG_PAGING
	plat_x86_paging_init();
#endif
#if CONFIG_UKLCPU_SMP
	plat_x86_smp_reserve();
#endif
	uk_boot_entry_cmdline(plat_cmdline_save(cmdline, (size_t)-1, cmdline_copy,
						sizeof(cmdline_copy)));
}
