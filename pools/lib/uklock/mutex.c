/* SPDX-License-Identifier: MIT */
/*
 * Mutexes with hand-off: unlock makes the first waiter the owner before
 * waking it, so a thread that arrives later cannot take the mutex in
 * between. Interrupts disabled around each step: the one lock of a CPU.
 */
#include <uk/mutex.h>
#include <uk/thread.h>
#include <uk/assert.h>

void uk_mutex_lock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = ukplat_lcpu_irq_save();

	UK_ASSERT(self && m->owner != self);
	if (!m->owner)
		m->owner = self;
	while (m->owner != self)
		uk_waitq_wait_locked(&m->waiters, 0);
	ukplat_lcpu_irq_restore(flags);
}

bool uk_mutex_trylock(struct uk_mutex *m)
{
	unsigned long flags = ukplat_lcpu_irq_save();
	bool taken = !m->owner;

	if (taken)
		m->owner = uk_thread_current();
	ukplat_lcpu_irq_restore(flags);
	return taken;
}

void uk_mutex_unlock(struct uk_mutex *m)
{
	unsigned long flags = ukplat_lcpu_irq_save();

	UK_ASSERT(m->owner == uk_thread_current());
	m->owner = uk_waitq_wake_one(&m->waiters);
	ukplat_lcpu_irq_restore(flags);
}
