/* SPDX-License-Identifier: MIT */
/* Counting semaphores over a wait queue, each step under the scheduler
 * lock (uk/wait.h). */
#include <uk/semaphore.h>

bool uk_semaphore_down_until(struct uk_semaphore *s, uint64_t deadline)
{
	unsigned long flags = uk_sched_lock_irqsave();
	bool taken = true;

	while (s->count == 0 && taken)
		taken = uk_waitq_wait_locked(&s->waiters, deadline);
	/* A wake-up and the deadline may come together: a unit wins. */
	taken = s->count > 0;
	if (taken)
		s->count--;
	uk_sched_unlock_irqrestore(flags);
	return taken;
}

void uk_semaphore_down(struct uk_semaphore *s)
{
	uk_semaphore_down_until(s, 0);
}

bool uk_semaphore_down_try(struct uk_semaphore *s)
{
	unsigned long flags = uk_sched_lock_irqsave();
	bool taken = s->count > 0;

	if (taken)
		s->count--;
	uk_sched_unlock_irqrestore(flags);
	return taken;
}

void uk_semaphore_up(struct uk_semaphore *s)
{
	unsigned long flags = uk_sched_lock_irqsave();

	s->count++;
	uk_waitq_wake_one_locked(&s->waiters);
	uk_sched_unlock_irqrestore(flags);
}
