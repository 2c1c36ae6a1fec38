/* SPDX-License-Identifier: MIT */
/*
 * Condition variables: the mutex is released and the thread queued in one
 * critical section (under the scheduler lock), so a signal sent right
 * after the release finds the thread waiting.
 */
#include <uk/condvar.h>

bool uk_condvar_wait_until(struct uk_condvar *cv, struct uk_mutex *m,
			   uint64_t deadline)
{
	unsigned long flags = uk_sched_lock_irqsave();
	bool woken;

	uk_mutex_unlock_locked(m);
	woken = uk_waitq_wait_locked(&cv->waiters, deadline);
	uk_sched_unlock_irqrestore(flags);
	uk_mutex_lock(m);
	return woken;
}

void uk_condvar_wait(struct uk_condvar *cv, struct uk_mutex *m)
{
	uk_condvar_wait_until(cv, m, 0);
}

void uk_condvar_signal(struct uk_condvar *cv)
{
	uk_waitq_wake_one(&cv->waiters);
}

void uk_condvar_broadcast(struct uk_condvar *cv)
{
	uk_waitq_wake_all(&cv->waiters);
}
