/* SPDX-License-Identifier: MIT */
/*
 * Interrupt-controller API: drivers handle interrupt requests (IRQs)
 * without knowing which controller delivers them (APIC, 8259 PIC, GICv2,
 * GICv3, ...). One controller per image is active: controller drivers are
 * UK_DRIVER entries (subsystem UK_DRIVER_INTCTLR, uk/driver.h), and the
 * platform probes the controllers it describes in its order of
 * preference; the first probe that succeeds registers its controller.
 *
 * IRQ numbers are the active controller's: the GSI (I/O APIC input) or
 * ISA line (PIC) on x86_64, the GIC interrupt ID on arm64. Firmware
 * descriptions are translated with uk_intctlr_irq_from_isa() and
 * uk_intctlr_irq_from_fdt(), which also set the trigger mode.
 *
 * Handlers run with interrupts disabled, on the interrupted stack. The
 * controller is told "end of interrupt" after the handlers of an IRQ have
 * run; a handler never does it. To defer work, a handler masks its IRQ
 * and whoever does the work unmasks it.
 *
 * Boot order (init class UK_INIT_CLASS_PLAT): the platform probes the
 * controller, then the timer and clock devices, at priority 1; other users
 * register at 2 and later; this library turns interrupts on at priority
 * 9, so main() runs with them on.
 *
 * Several CPUs (uklcpu's SMP): device interrupts go to the boot CPU; each
 * CPU's own IRQs (its timer, IPIs) are set up on each CPU with the same
 * handlers, mask state and trigger mode, so a driver registers them once.
 */
#ifndef UK_INTCTLR_H
#define UK_INTCTLR_H

#include <uk/essentials.h>
#include <uk/arch/regs.h>

#if defined(__x86_64__)
/* IRQ n arrives at IDT vector UK_INTCTLR_X86_VECTOR_BASE + n. */
#define UK_INTCTLR_X86_VECTOR_BASE 32
#define UK_INTCTLR_MAX_IRQS 32
#elif defined(__aarch64__) || defined(__arm__)
#define UK_INTCTLR_MAX_IRQS 1020    /* GIC interrupt IDs 0-1019 */
#endif

/* Trigger modes, numbered as in device trees (interrupt flags cells). */
#define UK_INTCTLR_EDGE_RISING  1
#define UK_INTCTLR_EDGE_FALLING 2
#define UK_INTCTLR_LEVEL_HIGH   4
#define UK_INTCTLR_LEVEL_LOW    8

/*
 * Returns nonzero if the interrupt was its device's (several handlers may
 * share a level-triggered line). `regs` is the interrupted context.
 */
typedef int (*uk_intctlr_handler_t)(void *arg, struct ukarch_regs *regs);

/* ---- for drivers -------------------------------------------------------- */

/*
 * Adds a handler for `irq` and unmasks it. Returns 0, -ENODEV (no
 * controller), -EINVAL (irq out of range) or -ENOMEM (more handlers than
 * CONFIG_UKINTCTLR_MAX_HANDLERS).
 */
int uk_intctlr_irq_register(unsigned int irq, uk_intctlr_handler_t fn,
			    void *arg);

/* Removes a handler; the IRQ is masked when it was the last. 0 or -ENOENT. */
int uk_intctlr_irq_unregister(unsigned int irq, uk_intctlr_handler_t fn,
			      void *arg);

void uk_intctlr_irq_mask(unsigned int irq);
void uk_intctlr_irq_unmask(unsigned int irq);

/* Sets the trigger mode (UK_INTCTLR_*). 0, -EINVAL or -ENOTSUP. */
int uk_intctlr_irq_configure(unsigned int irq, unsigned int trigger);

/*
 * The IRQ of ISA interrupt line `isa` (x86: PIT 0, COM1 4, RTC 8), with
 * its trigger mode set (firmware overrides applied). 0 or a negative errno.
 */
int uk_intctlr_irq_from_isa(unsigned int isa, unsigned int *irq);

/*
 * The IRQ of entry `index` of the "interrupts" property of device-tree
 * node `node`, with its trigger mode set. 0 or a negative errno.
 */
int uk_intctlr_irq_from_fdt(const void *fdt, int node, int index,
			    unsigned int *irq);

/* Name of the active controller ("apic", "pic", "gicv2", ...) or NULL. */
const char *uk_intctlr_name(void);

/* ---- inter-processor interrupts (uklcpu's SMP) ------------------------- */

/*
 * The IRQ of the controller's inter-processor interrupt number n (0, 1,
 * ...): x86_64 APIC vectors of IRQs APIC_IRQ_IPI.., GIC SGIs n. Handlers
 * are registered for it as for any IRQ and run on the CPU it was sent to.
 * 0, -ENODEV (no controller), -ENOTSUP (no IPIs: the 8259 PIC), -EINVAL
 * (n past the controller's IPIs).
 */
int uk_intctlr_ipi_irq(unsigned int n, unsigned int *irq);

/*
 * Raises IPI `irq` on logical CPU `cpu` (uk/lcpu.h), which must have
 * reported in. 0, -ENODEV or -EINVAL (not an IPI).
 */
int uk_intctlr_ipi_send(unsigned int cpu, unsigned int irq);

/* ---- for controller drivers -------------------------------------------- */

struct uk_intctlr_ops {
	/*
	 * Acknowledges the interrupt being delivered and returns its IRQ,
	 * or -1 if it is spurious (then no end of interrupt follows).
	 * `hint` is what the platform knows: on x86_64 the IRQ of the
	 * vector taken, elsewhere 0.
	 */
	int (*ack)(unsigned int hint);
	void (*eoi)(unsigned int irq);
	void (*mask)(unsigned int irq);
	void (*unmask)(unsigned int irq);
	/* NULL when the trigger mode is fixed. */
	int (*configure)(unsigned int irq, unsigned int trigger);
	/* ISA line to IRQ and trigger; NULL without ISA interrupts. */
	int (*isa_irq)(unsigned int isa, unsigned int *irq,
		       unsigned int *trigger);
	/* Device-tree interrupt specifier (fdt_cells big-endian cells) to
	 * IRQ and trigger; NULL when not described by a device tree. */
	int (*fdt_xlat)(const void *cells, unsigned int *irq,
			unsigned int *trigger);
	unsigned int fdt_cells;
	/*
	 * SMP (NULL: the boot CPU only). cpu_init sets up the calling
	 * secondary CPU's part of the controller (its local APIC, GIC CPU
	 * interface or redistributor), interrupts off; the library then
	 * repeats there the trigger modes and unmasking of the per-CPU
	 * IRQs. ipi_send raises IPI `irq` on logical CPU `cpu`, whose
	 * cpu_init (the probe, for CPU 0) has run.
	 */
	void (*cpu_init)(void);
	void (*ipi_send)(unsigned int cpu, unsigned int irq);
};

struct uk_intctlr {
	const char *name;
	const struct uk_intctlr_ops *ops;
	unsigned int nr_irqs;   /* IRQs 0 .. nr_irqs-1 exist */
	/*
	 * Each CPU's own IRQs (banked per CPU: local timer, IPIs, ...):
	 * local_first .. local_first + nr_local - 1, at most
	 * UK_INTCTLR_MAX_LOCAL; among them the IPIs, ipi_first ..
	 * ipi_first + nr_ipis - 1.
	 */
	unsigned int local_first, nr_local;
	unsigned int ipi_first, nr_ipis;
};

#define UK_INTCTLR_MAX_LOCAL 32

/* From a controller's probe: makes `c` the active controller; 0, or
 * -EBUSY if there is one already. */
int uk_intctlr_register(const struct uk_intctlr *c);

/* ---- for platforms ---------------------------------------------------- */

/*
 * Called by the platform's interrupt entry with interrupts disabled:
 * acknowledges, runs the handlers, signals the end of interrupt.
 */
void uk_intctlr_irq_handle(struct ukarch_regs *regs, unsigned int hint);

#endif /* UK_INTCTLR_H */
