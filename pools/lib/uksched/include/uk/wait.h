/* SPDX-License-Identifier: MIT */
/*
 * Wait queues: threads blocked until something happens, woken in the
 * order they came. The building block of the locks (pools/lib/uklock),
 * joins and anything else that waits.
 *
 * Waiting and the check that decides to wait run in one critical section
 * with interrupts disabled, so that a wake-up cannot fall between them:
 *
 *   unsigned long flags = ukplat_lcpu_irq_save();
 *   while (!ready)
 *           uk_waitq_wait_locked(&q, 0);
 *   ukplat_lcpu_irq_restore(flags);
 *
 * and on the other side, from a thread or an interrupt handler:
 *
 *   ready = true;
 *   uk_waitq_wake_all(&q);
 *
 * (uk_waitq_wait_event() is the loop above.) One CPU: disabling interrupts
 * is the lock. With several, each queue will need a spinlock too.
 */
#ifndef UK_WAIT_H
#define UK_WAIT_H

#include <uk/essentials.h>
#include <uk/plat.h>

struct uk_thread;

/* A FIFO of threads through their qnext link (uk/thread.h has its
 * operations): wait queues, and the run queues of schedulers. */
struct uk_threadq {
	struct uk_thread *head, *tail;
};

struct uk_waitq {
	struct uk_threadq q;
};

#define UK_WAITQ_INITIALIZER { { NULL, NULL } }

static inline void uk_waitq_init(struct uk_waitq *q)
{
	q->q.head = q->q.tail = NULL;
}

static inline bool uk_waitq_empty(const struct uk_waitq *q)
{
	return !q->q.head;
}

/*
 * Blocks the running thread on `q` until a wake-up, or until the
 * monotonic clock reaches `deadline` (0: no deadline). Called and returns
 * with interrupts disabled; other threads run meanwhile. True when woken,
 * false when the deadline passed (or uk_thread_wake() ended the wait).
 */
bool uk_waitq_wait_locked(struct uk_waitq *q, uint64_t deadline);

/*
 * Wakes the first waiting thread and returns it, or NULL if none waits.
 * Any context; interrupts are disabled inside.
 */
struct uk_thread *uk_waitq_wake_one(struct uk_waitq *q);

/* Wakes every waiting thread; returns how many. */
unsigned int uk_waitq_wake_all(struct uk_waitq *q);

/* Blocks until `cond` holds, evaluated with interrupts disabled. */
#define uk_waitq_wait_event(q, cond)					\
	do {								\
		unsigned long __uk_wq_flags = ukplat_lcpu_irq_save();	\
		while (!(cond))						\
			uk_waitq_wait_locked((q), 0);			\
		ukplat_lcpu_irq_restore(__uk_wq_flags);			\
	} while (0)

#endif /* UK_WAIT_H */
