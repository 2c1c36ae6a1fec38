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

struct uk_thread *uk_waitq_wake_one(struct uk_waitq *q)
{
	unsigned long flags = ukplat_lcpu_irq_save();
	struct uk_thread *t = uk_threadq_pop(&q->q);

	if (t) {
		t->waitq = NULL;
		sched_wake_locked(t);
	}
	ukplat_lcpu_irq_restore(flags);
	return t;
}

unsigned int uk_waitq_wake_all(struct uk_waitq *q)
{
	unsigned int n = 0;

	while (uk_waitq_wake_one(q))
		n++;
	return n;
}
