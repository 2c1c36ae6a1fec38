/* SPDX-License-Identifier: MIT */
/* Wait queues (uk/wait.h). */
#include <uk/assert.h>
#include "sched_impl.h"

bool uk_waitq_wait_locked(struct uk_waitq *q, uint64_t deadline)
{
	struct uk_sched *s = uk_sched_this();
	struct uk_thread *t;

	UK_ASSERT(s);
	t = s->current;
	t->timed_out = false;
	uk_threadq_push(&q->q, t);
	t->waitq = q;
	if (deadline)
		uk_timer_arm(&t->timer, deadline);
	sched_block_locked(s);
	if (deadline)
		uk_timer_cancel(&t->timer);
	return !t->timed_out;
}

struct uk_thread *uk_waitq_wake_one_locked(struct uk_waitq *q)
{
	struct uk_thread *t = uk_threadq_pop(&q->q);

	if (t) {
		t->waitq = NULL;
		sched_wake_locked(t);
	}
	return t;
}

unsigned int uk_waitq_wake_all_locked(struct uk_waitq *q)
{
	unsigned int n = 0;

	while (uk_waitq_wake_one_locked(q))
		n++;
	return n;
}

struct uk_thread *uk_waitq_wake_one(struct uk_waitq *q)
{
	unsigned long flags = uk_sched_lock_irqsave();
	struct uk_thread *t = uk_waitq_wake_one_locked(q);

	uk_sched_unlock_irqrestore(flags);
	return t;
}

unsigned int uk_waitq_wake_all(struct uk_waitq *q)
{
	unsigned long flags = uk_sched_lock_irqsave();
	unsigned int n = uk_waitq_wake_all_locked(q);

	uk_sched_unlock_irqrestore(flags);
	return n;
}
