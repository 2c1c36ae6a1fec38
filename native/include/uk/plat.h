/* SPDX-License-Identifier: MIT */
/*
 * The platform interface.
 *
 * Every platform library (pools/plat/<name>) implements the functions
 * declared here and nothing else is assumed about it by the rest of the
 * image. A new platform (Xen, bare-metal PC, Raspberry Pi, ...) is a new
 * folder implementing this header.
 *
 * Boot contract, in order:
 *  1. the platform's entry code runs first, takes a tick-counter stamp
 *     (ukplat_ticks_at_entry), sets up a stack and zeroed .bss;
 *  2. it reads its boot information (multiboot, PVH, device tree, process
 *     arguments), records the memory map and registers its console with
 *     ukconsole, so that messages and crash reports work from here on;
 *  3. it hands over to the boot library through uk_boot_entry() or
 *     uk_boot_entry_cmdline(), which never return.
 */
#ifndef UK_PLAT_H
#define UK_PLAT_H

#include <uk/essentials.h>

/* ---- memory map ------------------------------------------------------- */

#define UKPLAT_MEMRF_FREE     0x1  /* usable by allocators */
#define UKPLAT_MEMRF_KERNEL   0x2  /* the loaded image (text, data, bss) */
#define UKPLAT_MEMRF_RESERVED 0x4  /* firmware tables, device tree, ... */

struct ukplat_memregion {
	uintptr_t base;
	size_t len;
	unsigned int flags;
	const char *name;
};

/* Number of regions; they are sorted by base and never overlap. */
int ukplat_memregion_count(void);
/* Copies region i into *mr; returns 0, or -1 when i is out of range. */
int ukplat_memregion_get(int i, struct ukplat_memregion *mr);

/* ---- initial RAM disk -------------------------------------------------- */

/*
 * The initrd the boot loader handed over (QEMU's -initrd), kept out of the
 * allocators' reach: returns 0 and its bytes, or -1 when there is none.
 */
int ukplat_initrd(const void **base, size_t *len);

/* ---- termination ------------------------------------------------------ */

/*
 * Power off and carry `status` (main's return value) to the host. The
 * mapping to the host's exit code is platform specific and documented in
 * native/README.md ("Exit status").
 */
void ukplat_halt(int status) __noreturn;

/* Stop after a fatal error; the host sees the platform's crash code. */
void ukplat_crash(void) __noreturn;

/* ---- time ------------------------------------------------------------- */

/* Free-running counter (TSC, CNTVCT, CLOCK_MONOTONIC ns). */
uint64_t ukplat_ticks(void);
/* Counter value taken by the first instructions of the image. */
uint64_t ukplat_ticks_at_entry(void);
/*
 * Counter frequency in Hz, or 0 if unknown. May take a short measurement
 * the first time it is called (never on the path to main unless asked).
 * *how, if not NULL, receives a short description of the source.
 */
uint64_t ukplat_ticks_hz(const char **how);

/* ---- interrupts of the running CPU ------------------------------------ */

/*
 * Interrupts are what the platform delivers asynchronously: device and
 * timer interrupts on kvm, signals (the timer's) on linuxu. They are off
 * until the platform init class ends (see uk/intctlr.h) and on in main().
 */
void ukplat_lcpu_irq_enable(void);
void ukplat_lcpu_irq_disable(void);
/* Disables them; the result gives the previous state back. */
unsigned long ukplat_lcpu_irq_save(void);
void ukplat_lcpu_irq_restore(unsigned long flags);
bool ukplat_lcpu_irq_enabled(void);
/*
 * Called with interrupts disabled: waits until an interrupt arrives, lets
 * it be handled and returns with interrupts disabled again (no interrupt
 * is lost between the caller's check and the wait). Callers loop until
 * what they wait for happened.
 */
void ukplat_lcpu_halt_irq(void);

/* ---- thread-local storage ---------------------------------------------- */

/*
 * The running CPU's thread pointer, through which compiled code reaches
 * __thread variables (x86_64: the FS base; arm64: TPIDR_EL0). The area it
 * points to is laid out as uk/arch/tls.h says; whoever switches threads
 * loads each thread's.
 */
void ukplat_tlsp_set(uintptr_t tlsp);
uintptr_t ukplat_tlsp_get(void);

/* ---- the other CPUs ------------------------------------------------------ */

/*
 * Implemented by platforms that can start secondary CPUs (kvm); used by
 * uklcpu's SMP option, which depends on such a platform. Hardware IDs are
 * the local APIC ID on x86_64 and the MPIDR affinity fields on arm64.
 */

/* What a secondary CPU starts with; the caller keeps it while it runs. */
struct ukplat_lcpu_boot {
	uint64_t hwid;              /* the CPU to start */
	uintptr_t stack_top;        /* its stack (thread context, interrupts) */
	uintptr_t trap_stack_top;   /* where fatal exceptions are reported,
				     * where the platform switches stacks for
				     * them (kvm-arm64) */
	void (*entry)(void *arg);   /* runs there, interrupts off; no return */
	void *arg;
};

/*
 * The CPUs the firmware describes (ACPI MADT, device tree /cpus), the
 * boot CPU included, in the firmware's order: writes at most `max`
 * hardware IDs and returns how many CPUs there are.
 */
unsigned int ukplat_lcpu_list(uint64_t *hwids, unsigned int max);

/* Hardware ID of the running CPU. */
uint64_t ukplat_lcpu_hwid(void);

/*
 * Asks for CPU b->hwid to start running b->entry(b->arg) on b->stack_top,
 * with the interrupt and exception vectors, segments and page tables of
 * the calling CPU. Returns once the start is requested (0), or a negative
 * errno; the new CPU reports in by itself.
 */
int ukplat_lcpu_start(const struct ukplat_lcpu_boot *b);

/* ---- boot information --------------------------------------------------- */

/* The device tree the platform booted with, or NULL (x86, linuxu). */
const void *ukplat_bootinfo_fdt(void);

/* Name of the platform and architecture, e.g. "kvm" and "x86_64". */
extern const char ukplat_name[];
extern const char ukplat_arch[];

/* ---- provided to platforms by the boot library ------------------------ */

/* argv[0] is the program name; argv[argc] must be NULL. */
void uk_boot_entry(int argc, char *argv[]) __noreturn;

/*
 * cmdline holds only the arguments (no program name); it is split in place
 * (double quotes group words) and argv[0] becomes CONFIG_UK_NAME.
 */
void uk_boot_entry_cmdline(char *cmdline) __noreturn;

#endif /* UK_PLAT_H */
