/* SPDX-License-Identifier: MIT */
/*
 * For platforms only: the arm64 guest booted as a Linux arm64 Image with a
 * device tree (plat/common/arm64, option UKPLAT_ARM64_IMAGE), shared by
 * the kvm, xen and rpi3 platforms. The shared part is the Image header and
 * entry, the exception vectors and crash reports, the device-tree reading
 * (memory, UART, command line, PSCI conduit, interrupt controller, timer,
 * real-time clock, initrd) and the generic-timer ticks, and with
 * CONFIG_PAGING the boot page table, the MMU and the stack guard pages,
 * with CONFIG_ARM64_FPSIMD FP/SIMD access and its save around interrupts.
 * A platform adds what differs: the items below, ukplat_name, ukplat_halt
 * and ukplat_crash (kvm also starts secondary CPUs, by PSCI).
 */
#ifndef PLAT_ARM64_H
#define PLAT_ARM64_H

#include <uk/essentials.h>
#include <uk/arch/regs.h>

/* ---- provided by the platform ---------------------------------------- */

/*
 * The boot stack and its size in bytes, PLAT_ARM64_STACK_GUARD included:
 * defined in section .bss.boot, aligned to PLAT_ARM64_STACK_ALIGN, with
 * PLAT_ARM64_STACK_GUARD bytes added for the guard page that CONFIG_PAGING
 * leaves unmapped at its bottom (an overflow faults there).
 */
extern char plat_arm64_boot_stack[];
extern const size_t plat_arm64_boot_stack_size;
#if CONFIG_PAGING
#define PLAT_ARM64_STACK_GUARD 4096
#define PLAT_ARM64_STACK_ALIGN 4096
#else
#define PLAT_ARM64_STACK_GUARD 0
#define PLAT_ARM64_STACK_ALIGN 16
#endif

/*
 * Registers a console when the device tree names no UART the image has a
 * driver for (or there is no valid tree): the platform's usual one.
 */
void plat_arm64_console_default(void);

/*
 * Completes the memory map once the device tree's memory nodes are in
 * (memory_nodes of them; fdt NULL when the boot loader passed no valid
 * tree). Returns false when there is no memory to run in: the boot then
 * crashes saying what was missing. kvm and xen need the tree's memory;
 * rpi3 asks the firmware when there is no tree.
 */
bool plat_arm64_memory(const void *fdt, int memory_nodes);

/* Keeps /chosen/bootargs (len bytes at most, NULL if absent). */
char *plat_arm64_cmdline_save(const char *bootargs, size_t len);

/*
 * Called first for a synchronous exception taken from EL1: a platform may
 * take over a trap that is not a fault of the guest (kvm: a semihosting
 * call QEMU did not accept). Returns when it does not.
 */
void plat_arm64_trap_check(const struct ukarch_regs *r);

/* ---- provided by plat/common/arm64 ----------------------------------- */

/* PSCI conduit from /psci "method": true for "smc", false for "hvc". */
extern bool plat_arm64_psci_smc;

/* The device tree's /cpus node, noted by the boot's one pass (-1: none). */
extern int plat_arm64_cpus_node;

/* The exception vectors (image.S), for a secondary CPU to install. */
extern const char plat_arm64_vectors[];

/*
 * Hands the page table image.S built and loaded to the paging library
 * (CONFIG_PAGING) and maps the RAM it left out; called once the memory
 * map is complete, before the boot library runs.
 */
void plat_arm64_paging_init(void);

/*
 * Cleans and invalidates the data-cache lines over [p, p + len) to the
 * point of coherency, then waits: for memory something reads or writes
 * without the CPU's caches (a hypervisor's cacheable mapping of memory the
 * guest wrote with its MMU off, a CPU starting with its MMU off, the
 * Raspberry Pi's GPU through its uncached alias).
 */
static inline void plat_arm64_dcache_sync(const void *p, size_t len)
{
	uint64_t ctr;
	uintptr_t line, a, end = (uintptr_t)p + len;

	__asm__ __volatile__("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4ul << ((ctr >> 16) & 0xf);    /* DminLine, in bytes */
	for (a = (uintptr_t)p & ~(line - 1); a < end; a += line)
		__asm__ __volatile__("dc civac, %0" :: "r"(a) : "memory");
	__asm__ __volatile__("dsb sy" ::: "memory");
}

#endif
