/* SPDX-License-Identifier: MIT */
/*
 * Bringing up the other CPUs and reaching them: from the platform init
 * class (after the interrupt controller and the timer were probed), every
 * CPU the firmware lists gets a stack and a start through the platform
 * (INIT-SIPI-SIPI on x86_64, PSCI CPU_ON on arm64); each one runs the
 * per-CPU initialisation table, reports in and idles. The boot waits for
 * all of them, so uk_lcpu_count() is final from main() on.
 *
 * Cross-CPU calls are queued on the target's list and signalled by one
 * inter-processor interrupt of the interrupt controller; its handler
 * runs the queue, and the idle loop looks for a function to start each
 * time an interrupt wakes it.
 */
#include <uk/lcpu.h>
#include <uk/intctlr.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/arch/types.h>
#include <errno.h>
#include "lcpu_smp.h"

/* Where a fatal exception is reported on a secondary CPU (kvm-arm64). */
#define TRAP_STACK_SIZE 8192

static unsigned int online = 1;
static unsigned int reported;
static unsigned int ipi_irq;

unsigned int uk_lcpu_count(void)
{
	return __atomic_load_n(&online, __ATOMIC_ACQUIRE);
}

void lcpu_smp_kick(struct uk_lcpu *c)
{
	uk_intctlr_ipi_send(c->id, ipi_irq);
}

void lcpu_smp_post(struct uk_lcpu *c, struct uk_lcpu_work *w)
{
	unsigned long flags = uk_spin_lock_irqsave(&c->lock);

	w->next = c->calls;
	c->calls = w;
	uk_spin_unlock_irqrestore(&c->lock, flags);
	lcpu_smp_kick(c);
}

/* The calls queued for this CPU, oldest first. */
void lcpu_smp_run_calls(struct uk_lcpu *c)
{
	struct uk_lcpu_work *w, *fifo = NULL, *next;

	uk_spin_lock(&c->lock);
	w = c->calls;
	c->calls = NULL;
	uk_spin_unlock(&c->lock);
	for (; w; w = next) {
		next = w->next;
		w->next = fifo;
		fifo = w;
	}
	for (w = fifo; w; w = next) {
		next = w->next;   /* w belongs to its caller once done */
		w->fn(w->arg);
		__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
	}
}

/* The IPI. */
static int on_ipi(void *arg, struct ukarch_regs *regs)
{
	struct uk_lcpu *c = uk_lcpu_current();

	c->ipis++;
	lcpu_smp_run_calls(c);
	return 1;
}

/* A secondary CPU waits here, halted, for uk_lcpu_start(). */
static void __noreturn idle_loop(struct uk_lcpu *c)
{
	uk_lcpu_fn fn;
	void *arg;

	for (;;) {
		ukplat_lcpu_irq_disable();
		while (!__atomic_load_n(&c->start_fn, __ATOMIC_ACQUIRE))
			ukplat_lcpu_halt_irq();
		uk_spin_lock(&c->lock);
		fn = c->start_fn;
		arg = c->start_arg;
		c->start_fn = NULL;
		__atomic_store_n(&c->state, UK_LCPU_BUSY, __ATOMIC_RELEASE);
		uk_spin_unlock(&c->lock);
		ukplat_lcpu_irq_enable();
		fn(arg);
		ukplat_lcpu_irq_disable();
		__atomic_store_n(&c->state, UK_LCPU_IDLE, __ATOMIC_RELEASE);
	}
}

/* The first C code of a secondary CPU, from the platform, interrupts off. */
static void __noreturn secondary_entry(void *arg)
{
	struct uk_lcpu *c = arg;
	const struct uk_lcpu_inittab_entry *e;

	ukarch_lcpu_set_base(c);
	for (e = __uk_lcpu_inittab_start; e < __uk_lcpu_inittab_end; e++) {
		int rc = e->init(c);

		if (rc < 0)
			UK_CRASH("per-CPU init %p of %s failed on CPU %u: %d",
				 (void *)e->init, e->libname, c->id, rc);
	}
	__atomic_store_n(&c->state, UK_LCPU_IDLE, __ATOMIC_RELEASE);
	__atomic_add_fetch(&reported, 1, __ATOMIC_RELEASE);
	idle_loop(c);
}

/* The boot CPU's per-CPU register, before anything asks for its data. */
static int boot_cpu_init(void)
{
	struct uk_lcpu *c = &uk_lcpu_table[0];

	c->hwid = ukplat_lcpu_hwid();
	ukarch_lcpu_set_base(c);
	return 0;
}
UK_INITCALL_PRIO(boot_cpu_init, NULL, UK_INIT_CLASS_EARLY, 0);

static void *alloc_stack(size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p = a ? uk_memalign(a, UK_PAGE_SIZE, size) : NULL;

	if (!p)
		UK_CRASH("lcpu: no memory for a %lu-byte CPU stack",
			 (unsigned long)size);
	return p;
}

/*
 * Waits for `n` CPUs to report in: without a known tick rate at first
 * (finding it may take a measurement on x86 under TCG), then for a
 * second by the clock.
 */
static bool wait_reported(unsigned int n)
{
	const uint64_t quick = 1ULL << 24;
	uint64_t t0 = ukplat_ticks(), limit = 0, hz;

	while (__atomic_load_n(&reported, __ATOMIC_ACQUIRE) < n) {
		uint64_t spent = ukplat_ticks() - t0;

		if (!limit && spent > quick) {
			hz = ukplat_ticks_hz(NULL);
			limit = hz ? hz : 1ULL << 32;
		}
		if (limit && spent > limit)
			return false;
		ukarch_spinwait();
	}
	return true;
}

static int start_secondaries(void)
{
	uint64_t hwids[UK_LCPU_MAXCOUNT], self = uk_lcpu_table[0].hwid;
	unsigned int n = ukplat_lcpu_list(hwids, UK_LCPU_MAXCOUNT);
	unsigned int i, id = 1;
	int rc;

	if (n > UK_LCPU_MAXCOUNT) {
		uk_pr_warn("lcpu: %u CPUs, starting %u (UKLCPU_MAXCOUNT)\n",
			   n, UK_LCPU_MAXCOUNT);
		n = UK_LCPU_MAXCOUNT;
	}
	if (n <= 1)
		return 0;
	/* Starting "another" CPU that is this one would reset it. */
	for (i = 0; i < n && hwids[i] != self; i++)
		;
	if (i == n) {
		uk_pr_warn("lcpu: this CPU (%#lx) is not among the %u the "
			   "firmware lists: running on one\n",
			   (unsigned long)self, n);
		return 0;
	}
	rc = uk_intctlr_ipi_irq(0, &ipi_irq);
	if (rc) {
		uk_pr_warn("lcpu: %s cannot interrupt other CPUs (%d): "
			   "running on one\n", uk_intctlr_name(), rc);
		return 0;
	}
	rc = uk_intctlr_irq_register(ipi_irq, on_ipi, NULL);
	if (rc)
		return rc;

	for (i = 0; i < n && id < UK_LCPU_MAXCOUNT; i++) {
		struct uk_lcpu *c = &uk_lcpu_table[id];

		if (hwids[i] == self)
			continue;
		c->self = c;
		c->id = id;
		c->hwid = hwids[i];
		c->state = UK_LCPU_STARTING;
		c->boot.hwid = hwids[i];
		c->boot.stack_top = (uintptr_t)alloc_stack(
			CONFIG_UKLCPU_STACK_SIZE) + CONFIG_UKLCPU_STACK_SIZE;
		c->boot.trap_stack_top = (uintptr_t)alloc_stack(
			TRAP_STACK_SIZE) + TRAP_STACK_SIZE;
		c->boot.entry = secondary_entry;
		c->boot.arg = c;
		rc = ukplat_lcpu_start(&c->boot);
		if (rc)
			UK_CRASH("lcpu: CPU %#lx cannot be started: %d",
				 (unsigned long)c->hwid, rc);
		id++;
	}
	if (!wait_reported(id - 1)) {
		for (i = 1; i < id; i++)
			if (uk_lcpu_table[i].state == UK_LCPU_STARTING)
				uk_pr_err("lcpu: CPU %u (%#lx) did not report "
					  "in\n", i,
					  (unsigned long)uk_lcpu_table[i].hwid);
		UK_CRASH("lcpu: %u of %u CPUs started", 1 + reported, id);
	}
	__atomic_store_n(&online, id, __ATOMIC_RELEASE);
	uk_pr_info("lcpu: %u CPUs online\n", id);
	return 0;
}
/* Controllers and timers are probed at priority 1; interrupts on at 9. */
UK_INITCALL_PRIO(start_secondaries, NULL, UK_INIT_CLASS_PLAT, 5);
