/* SPDX-License-Identifier: MIT */
/*
 * Mutexes with hand-off: unlock makes the first waiter the owner before
 * waking it, so a thread that arrives later cannot take the mutex in
 * between. Each step under the scheduler lock (uk/wait.h), which the
 * threads of every CPU take.
 */
#include <uk/mutex.h>
#include <uk/thread.h>
#include <uk/assert.h>

void uk_mutex_lock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_sched_lock_irqsave();

	UK_ASSERT(self && m->owner != self);
	if (!m->owner)
		m->owner = self;
	while (m->owner != self)
		uk_waitq_wait_locked(&m->waiters, 0);
	uk_sched_unlock_irqrestore(flags);
}

bool uk_mutex_trylock(struct uk_mutex *m)
{
	unsigned long flags = uk_sched_lock_irqsave();
	bool taken = !m->owner;

	if (taken)
		m->owner = uk_thread_current();
	uk_sched_unlock_irqrestore(flags);
	return taken;
}

void uk_mutex_unlock(struct uk_mutex *m)
{
	unsigned long flags = uk_sched_lock_irqsave();

	uk_mutex_unlock_locked(m);
	uk_sched_unlock_irqrestore(flags);
}

void uk_mutex_unlock_locked(struct uk_mutex *m)
{
	UK_ASSERT(m->owner == uk_thread_current());
	m->owner = uk_waitq_wake_one_locked(&m->waiters);
}
