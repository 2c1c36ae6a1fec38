/* SPDX-License-Identifier: MIT */
/*
 * Condition variables: wait for a condition on data a mutex protects.
 *
 *   uk_mutex_lock(&m);
 *   while (!ready)
 *           uk_condvar_wait(&cv, &m);
 *   ...
 *   uk_mutex_unlock(&m);
 *
 * Waiting releases the mutex and blocks in one step (no signal is lost in
 * between) and takes the mutex again before returning. Wake-ups may be
 * spurious: always wait in a loop that checks the condition.
 */
#ifndef UK_CONDVAR_H
#define UK_CONDVAR_H

#include <uk/essentials.h>
#include <uk/wait.h>
#include <uk/mutex.h>

struct uk_condvar {
	struct uk_waitq waiters;
};

#define UK_CONDVAR_INITIALIZER { UK_WAITQ_INITIALIZER }

static inline void uk_condvar_init(struct uk_condvar *cv)
{
	uk_waitq_init(&cv->waiters);
}

/* With `m` held. */
void uk_condvar_wait(struct uk_condvar *cv, struct uk_mutex *m);
/* The same, giving up when the monotonic clock reaches `deadline`: false
 * then (the mutex is held again either way). */
bool uk_condvar_wait_until(struct uk_condvar *cv, struct uk_mutex *m,
			   uint64_t deadline);
/* Wake one waiter / all of them; with or without the mutex held. */
void uk_condvar_signal(struct uk_condvar *cv);
void uk_condvar_broadcast(struct uk_condvar *cv);

#endif /* UK_CONDVAR_H */
