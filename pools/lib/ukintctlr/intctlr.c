/* SPDX-License-Identifier: MIT */
/*
 * The controller-independent half of interrupt handling: the handler
 * table, the dispatch, translation of firmware descriptions, and with
 * several CPUs the per-CPU IRQs set up again on each one and the IPIs.
 *
 * Several CPUs may dispatch at once: handlers are added under a lock and
 * published with a release store, so a dispatch sees a complete entry.
 * A handler must not be unregistered while its IRQ may be dispatched on
 * another CPU (mask it first).
 */
#include <uk/intctlr.h>
#include <uk/lcpu.h>
#include <uk/spinlock.h>
#include <uk/plat.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <errno.h>
#if CONFIG_LIBUKFDT
#include <uk/fdt.h>
#endif

struct handler {
	uk_intctlr_handler_t fn;
	void *arg;
	struct handler *next;
};

static const struct uk_intctlr *ctlr;
static struct handler pool[CONFIG_UKINTCTLR_MAX_HANDLERS];
static struct handler *free_list;
static struct handler *handlers[UK_INTCTLR_MAX_IRQS];
static bool pool_ready;
static uk_spinlock_t lock = UK_SPINLOCK_INITIALIZER;
/* Trigger modes given to the per-CPU IRQs (0: none), for the other CPUs. */
static uint8_t local_trigger[UK_INTCTLR_MAX_LOCAL];

int uk_intctlr_register(const struct uk_intctlr *c)
{
	if (ctlr)
		return -EBUSY;
	if (c->nr_irqs > UK_INTCTLR_MAX_IRQS)
		UK_CRASH("%s has %u IRQs, this build handles %u", c->name,
			 c->nr_irqs, UK_INTCTLR_MAX_IRQS);
	UK_ASSERT(c->nr_local <= UK_INTCTLR_MAX_LOCAL);
	ctlr = c;
	uk_pr_info("interrupt controller: %s\n", c->name);
	return 0;
}

const char *uk_intctlr_name(void)
{
	return ctlr ? ctlr->name : NULL;
}

static int check(unsigned int irq)
{
	if (!ctlr)
		return -ENODEV;
	return irq < ctlr->nr_irqs ? 0 : -EINVAL;
}

int uk_intctlr_irq_register(unsigned int irq, uk_intctlr_handler_t fn,
			    void *arg)
{
	unsigned long flags;
	struct handler *h;
	int rc = check(irq);

	if (rc)
		return rc;
	flags = uk_spin_lock_irqsave(&lock);
	if (!pool_ready) {
		unsigned int i;

		for (i = 0; i < UK_ARRAY_SIZE(pool); i++) {
			pool[i].next = free_list;
			free_list = &pool[i];
		}
		pool_ready = true;
	}
	h = free_list;
	if (!h) {
		uk_spin_unlock_irqrestore(&lock, flags);
		return -ENOMEM;
	}
	free_list = h->next;
	h->fn = fn;
	h->arg = arg;
	h->next = handlers[irq];
	__atomic_store_n(&handlers[irq], h, __ATOMIC_RELEASE);
	if (!h->next)
		ctlr->ops->unmask(irq);
	uk_spin_unlock_irqrestore(&lock, flags);
	return 0;
}

int uk_intctlr_irq_unregister(unsigned int irq, uk_intctlr_handler_t fn,
			      void *arg)
{
	unsigned long flags;
	struct handler **p;
	int rc = check(irq);

	if (rc)
		return rc;
	flags = uk_spin_lock_irqsave(&lock);
	for (p = &handlers[irq]; *p; p = &(*p)->next) {
		struct handler *h = *p;

		if (h->fn != fn || h->arg != arg)
			continue;
		*p = h->next;
		h->next = free_list;
		free_list = h;
		if (!handlers[irq])
			ctlr->ops->mask(irq);
		uk_spin_unlock_irqrestore(&lock, flags);
		return 0;
	}
	uk_spin_unlock_irqrestore(&lock, flags);
	return -ENOENT;
}

void uk_intctlr_irq_mask(unsigned int irq)
{
	if (!check(irq))
		ctlr->ops->mask(irq);
}

void uk_intctlr_irq_unmask(unsigned int irq)
{
	if (!check(irq))
		ctlr->ops->unmask(irq);
}

/* The controller's configure, remembered for the per-CPU IRQs. */
static int configure(unsigned int irq, unsigned int trigger)
{
	int rc = ctlr->ops->configure(irq, trigger);

	if (!rc && irq - ctlr->local_first < ctlr->nr_local)
		local_trigger[irq - ctlr->local_first] = trigger;
	return rc;
}

int uk_intctlr_irq_configure(unsigned int irq, unsigned int trigger)
{
	int rc = check(irq);

	if (rc)
		return rc;
	if (trigger != UK_INTCTLR_EDGE_RISING &&
	    trigger != UK_INTCTLR_EDGE_FALLING &&
	    trigger != UK_INTCTLR_LEVEL_HIGH && trigger != UK_INTCTLR_LEVEL_LOW)
		return -EINVAL;
	if (!ctlr->ops->configure)
		return -ENOTSUP;
	return configure(irq, trigger);
}

/* A translated IRQ gets the trigger mode its description asks for. */
static int translated(unsigned int irq, unsigned int trigger,
		      unsigned int *out)
{
	int rc = check(irq);

	if (!rc && trigger && ctlr->ops->configure)
		rc = configure(irq, trigger);
	if (!rc)
		*out = irq;
	return rc;
}

int uk_intctlr_irq_from_isa(unsigned int isa, unsigned int *irq)
{
	unsigned int n, trigger;
	int rc;

	if (!ctlr)
		return -ENODEV;
	if (!ctlr->ops->isa_irq)
		return -ENOTSUP;
	rc = ctlr->ops->isa_irq(isa, &n, &trigger);
	return rc ? rc : translated(n, trigger, irq);
}

int uk_intctlr_irq_from_fdt(const void *fdt, int node, int index,
			    unsigned int *irq)
{
#if CONFIG_LIBUKFDT
	const uint8_t *cells;
	unsigned int n, trigger, size;
	int len, rc;

	if (!ctlr)
		return -ENODEV;
	if (!ctlr->ops->fdt_xlat)
		return -ENOTSUP;
	cells = ukfdt_getprop(fdt, node, "interrupts", &len);
	size = 4 * ctlr->ops->fdt_cells;
	if (!cells || index < 0 || (unsigned int)len < (index + 1) * size)
		return -ENOENT;
	rc = ctlr->ops->fdt_xlat(cells + index * size, &n, &trigger);
	return rc ? rc : translated(n, trigger, irq);
#else
	return -ENOTSUP;
#endif
}

void uk_intctlr_irq_handle(struct ukarch_regs *regs, unsigned int hint)
{
	const struct handler *h, *first;
	int irq = ctlr->ops->ack(hint);
	int handled = 0;

	if (irq < 0)
		return;
	first = __atomic_load_n(&handlers[irq], __ATOMIC_ACQUIRE);
	for (h = first; h; h = h->next)
		handled |= h->fn(h->arg, regs);
	/* Nobody's: keep it from coming back. */
	if (!first) {
		ctlr->ops->mask(irq);
		uk_pr_warn("IRQ %d has no handler: masked\n", irq);
	} else if (!handled) {
		uk_pr_debug("IRQ %d: no handler claimed it\n", irq);
	}
	ctlr->ops->eoi(irq);
}

int uk_intctlr_ipi_irq(unsigned int n, unsigned int *irq)
{
	if (!ctlr)
		return -ENODEV;
	if (!ctlr->ops->ipi_send || !ctlr->nr_ipis)
		return -ENOTSUP;
	if (n >= ctlr->nr_ipis)
		return -EINVAL;
	*irq = ctlr->ipi_first + n;
	return 0;
}

int uk_intctlr_ipi_send(unsigned int cpu, unsigned int irq)
{
	if (!ctlr)
		return -ENODEV;
	if (!ctlr->ops->ipi_send || irq - ctlr->ipi_first >= ctlr->nr_ipis ||
	    cpu >= UK_LCPU_MAXCOUNT)
		return -EINVAL;
	ctlr->ops->ipi_send(cpu, irq);
	return 0;
}

#if CONFIG_UKLCPU_SMP
/*
 * On each secondary CPU, before it reports in: its part of the
 * controller, then the per-CPU IRQs as the boot CPU has them.
 */
static int cpu_init(struct uk_lcpu *cpu)
{
	unsigned long flags;
	unsigned int i;

	if (!ctlr || !ctlr->ops->cpu_init)
		UK_CRASH("interrupt controller %s serves the boot CPU only",
			 ctlr ? ctlr->name : "(none)");
	ctlr->ops->cpu_init();
	flags = uk_spin_lock_irqsave(&lock);
	for (i = 0; i < ctlr->nr_local; i++) {
		unsigned int irq = ctlr->local_first + i;

		if (local_trigger[i])
			ctlr->ops->configure(irq, local_trigger[i]);
		if (handlers[irq])
			ctlr->ops->unmask(irq);
	}
	uk_spin_unlock_irqrestore(&lock, flags);
	return 0;
}
UK_LCPU_INITCALL(cpu_init, 1);
#endif

/* The last step of the platform init class: interrupts on from here. */
static int irqs_on(void)
{
	if (!ctlr)
		UK_CRASH("no interrupt controller found");
	ukplat_lcpu_irq_enable();
	return 0;
}
UK_INITCALL_PRIO(irqs_on, NULL, UK_INIT_CLASS_PLAT, 9);
