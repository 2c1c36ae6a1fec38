/* SPDX-License-Identifier: MIT */
/*
 * Mutexes: one thread at a time between lock and unlock; the others block
 * (and other threads run). Unlock hands the mutex to the thread that has
 * waited longest, so none is overtaken. Not recursive: a thread that
 * locks a mutex it holds fails an assertion. Threads only, never from an
 * interrupt handler.
 */
#ifndef UK_MUTEX_H
#define UK_MUTEX_H

#include <uk/essentials.h>
#include <uk/wait.h>

struct uk_mutex {
	struct uk_thread *owner;    /* NULL when free */
	struct uk_waitq waiters;
};

#define UK_MUTEX_INITIALIZER { NULL, UK_WAITQ_INITIALIZER }

static inline void uk_mutex_init(struct uk_mutex *m)
{
	m->owner = NULL;
	uk_waitq_init(&m->waiters);
}

void uk_mutex_lock(struct uk_mutex *m);
/* Takes it if it is free; true if taken. */
bool uk_mutex_trylock(struct uk_mutex *m);
/* By the thread that holds it. */
void uk_mutex_unlock(struct uk_mutex *m);
/* The same under the scheduler lock (uk_sched_lock_irqsave()). */
void uk_mutex_unlock_locked(struct uk_mutex *m);

static inline bool uk_mutex_is_locked(const struct uk_mutex *m)
{
	return m->owner != NULL;
}

#endif /* UK_MUTEX_H */
