/* SPDX-License-Identifier: MIT */
/*
 * Wait queues: threads blocked until something happens, woken in the
 * order they came. The building block of the locks (pools/lib/uklock),
 * joins and anything else that waits.
 *
 * Waiting and the check that decides to wait run under the scheduler lock
 * (uk_sched_lock_irqsave(): interrupts off on this CPU, and with SMP a
 * spinlock that every CPU's waits and wake-ups take), so that a wake-up
 * cannot fall between them:
 *
 *   unsigned long flags = uk_sched_lock_irqsave();
 *   while (!ready)
 *           uk_waitq_wait_locked(&q, 0);
 *   uk_sched_unlock_irqrestore(flags);
 *
 * and on the other side, from a thread of any CPU or an interrupt handler:
 *
 *   ready = true;
 *   uk_waitq_wake_all(&q);
 *
 * (uk_waitq_wait_event() is the loop above.) A waiter and its waker may
 * run on different CPUs: the woken thread is queued on its own CPU.
 */
#ifndef UK_WAIT_H
#define UK_WAIT_H

#include <uk/essentials.h>
#include <uk/plat.h>

struct uk_thread;

/*
 * The scheduler lock: interrupts off on this CPU, then (SMP) the one
 * spinlock that guards every wait queue and thread state. Not nested:
 * a CPU that holds it never takes it again (the _locked functions are for
 * holders).
 */
unsigned long uk_sched_lock_irqsave(void);
void uk_sched_unlock_irqrestore(unsigned long flags);

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
 * with the scheduler lock held; it is released while the thread waits and
 * other threads run. True when woken,
 * false when the deadline passed (or uk_thread_wake() ended the wait).
 */
bool uk_waitq_wait_locked(struct uk_waitq *q, uint64_t deadline);

/*
 * Wakes the first waiting thread and returns it, or NULL if none waits.
 * Any context; takes the scheduler lock (the _locked form: the caller
 * holds it).
 */
struct uk_thread *uk_waitq_wake_one(struct uk_waitq *q);
struct uk_thread *uk_waitq_wake_one_locked(struct uk_waitq *q);

/* Wakes every waiting thread; returns how many. */
unsigned int uk_waitq_wake_all(struct uk_waitq *q);
unsigned int uk_waitq_wake_all_locked(struct uk_waitq *q);

/* Blocks until `cond` holds, evaluated under the scheduler lock. */
#define uk_waitq_wait_event(q, cond)					\
	do {								\
		unsigned long __uk_wq_flags = uk_sched_lock_irqsave();	\
		while (!(cond))						\
			uk_waitq_wait_locked((q), 0);			\
		uk_sched_unlock_irqrestore(__uk_wq_flags);		\
	} while (0)

#endif /* UK_WAIT_H */
