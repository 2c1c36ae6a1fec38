/* SPDX-License-Identifier: MIT */
/*
 * The per-CPU table and the calls that reach a CPU: run a function in its
 * interrupt context, or start one from its idle loop. With one CPU every
 * call is for the running CPU; the SMP part (smp.c) queues calls for the
 * others and interrupts them.
 */
#include <uk/lcpu.h>
#include <errno.h>
#include "lcpu_smp.h"

struct uk_lcpu uk_lcpu_table[UK_LCPU_MAXCOUNT] = {
	/* The boot CPU runs main(): never idle. */
	[0] = { .self = &uk_lcpu_table[0], .state = UK_LCPU_BUSY },
};

struct uk_lcpu *uk_lcpu_get(unsigned int id)
{
	return id < uk_lcpu_count() ? &uk_lcpu_table[id] : NULL;
}

int uk_lcpu_run_async(unsigned int cpu, struct uk_lcpu_work *w)
{
	struct uk_lcpu *c = uk_lcpu_get(cpu);
	unsigned long flags;

	if (!c)
		return -ENODEV;
	w->done = false;
	if (c != uk_lcpu_current()) {
#if CONFIG_UKLCPU_SMP
		lcpu_smp_post(c, w);
#endif
		return 0;
	}
	flags = ukplat_lcpu_irq_save();
	w->fn(w->arg);
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
	ukplat_lcpu_irq_restore(flags);
	return 0;
}

int uk_lcpu_run(unsigned int cpu, uk_lcpu_fn fn, void *arg)
{
	struct uk_lcpu_work w = { .fn = fn, .arg = arg };
	int rc = uk_lcpu_run_async(cpu, &w);

	if (rc)
		return rc;
	while (!uk_lcpu_work_done(&w))
		ukarch_spinwait();
	return 0;
}

void uk_lcpu_run_others(uk_lcpu_fn fn, void *arg)
{
#if CONFIG_UKLCPU_SMP
	struct uk_lcpu_work w[UK_LCPU_MAXCOUNT];
	struct uk_lcpu *me = uk_lcpu_current();
	unsigned int n = uk_lcpu_count(), i;
	unsigned long flags;

	for (i = 0; i < n; i++) {
		w[i] = (struct uk_lcpu_work){ .fn = fn, .arg = arg,
					      .done = true };
		if (&uk_lcpu_table[i] != me) {
			w[i].done = false;
			lcpu_smp_post(&uk_lcpu_table[i], &w[i]);
		}
	}
	for (i = 0; i < n; i++)
		while (!uk_lcpu_work_done(&w[i])) {
			/*
			 * What the others ask of this CPU meanwhile: one of
			 * them may be waiting here too, with interrupts off.
			 */
			flags = ukplat_lcpu_irq_save();
			lcpu_smp_run_calls(me);
			ukplat_lcpu_irq_restore(flags);
			ukarch_spinwait();
		}
#else
	(void)fn;
	(void)arg;
#endif
}

int uk_lcpu_start(unsigned int cpu, uk_lcpu_fn fn, void *arg)
{
	struct uk_lcpu *c = uk_lcpu_get(cpu);
	unsigned long flags;
	int rc = 0;

	if (!c)
		return -ENODEV;
	flags = uk_spin_lock_irqsave(&c->lock);
	if (c->state != UK_LCPU_IDLE || c->start_fn) {
		rc = -EBUSY;
	} else {
		c->start_arg = arg;
		__atomic_store_n(&c->start_fn, fn, __ATOMIC_RELEASE);
	}
	uk_spin_unlock_irqrestore(&c->lock, flags);
#if CONFIG_UKLCPU_SMP
	if (!rc)
		lcpu_smp_kick(c);
#endif
	return rc;
}

bool uk_lcpu_idle(unsigned int cpu)
{
	struct uk_lcpu *c = uk_lcpu_get(cpu);

	return c && __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) ==
		    UK_LCPU_IDLE && !__atomic_load_n(&c->start_fn,
						     __ATOMIC_ACQUIRE);
}
