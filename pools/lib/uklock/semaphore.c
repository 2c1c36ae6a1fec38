/* SPDX-License-Identifier: MIT */
/* Counting semaphores over a wait queue, interrupts disabled around each
 * step. */
#include <uk/semaphore.h>

bool uk_semaphore_down_until(struct uk_semaphore *s, uint64_t deadline)
{
	unsigned long flags = ukplat_lcpu_irq_save();
	bool taken = true;

	while (s->count == 0 && taken)
		taken = uk_waitq_wait_locked(&s->waiters, deadline);
	/* A wake-up and the deadline may come together: a unit wins. */
	taken = s->count > 0;
	if (taken)
		s->count--;
	ukplat_lcpu_irq_restore(flags);
	return taken;
}

void uk_semaphore_down(struct uk_semaphore *s)
{
	uk_semaphore_down_until(s, 0);
}

bool uk_semaphore_down_try(struct uk_semaphore *s)
{
	unsigned long flags = ukplat_lcpu_irq_save();
	bool taken = s->count > 0;

	if (taken)
		s->count--;
	ukplat_lcpu_irq_restore(flags);
	return taken;
}

void uk_semaphore_up(struct uk_semaphore *s)
{
	unsigned long flags = ukplat_lcpu_irq_save();

	s->count++;
	uk_waitq_wake_one(&s->waiters);
	ukplat_lcpu_irq_restore(flags);
}
