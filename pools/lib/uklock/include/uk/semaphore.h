/* SPDX-License-Identifier: MIT */
/*
 * Counting semaphores: down takes one unit, waiting while there is none;
 * up gives one back and wakes a waiter. uk_semaphore_up() may be called
 * from interrupt handlers (a driver waking its thread).
 */
#ifndef UK_SEMAPHORE_H
#define UK_SEMAPHORE_H

#include <uk/essentials.h>
#include <uk/wait.h>

struct uk_semaphore {
	long count;
	struct uk_waitq waiters;
};

#define UK_SEMAPHORE_INITIALIZER(n) { (n), UK_WAITQ_INITIALIZER }

static inline void uk_semaphore_init(struct uk_semaphore *s, long count)
{
	s->count = count;
	uk_waitq_init(&s->waiters);
}

void uk_semaphore_down(struct uk_semaphore *s);
/* Takes a unit if there is one; true if taken. */
bool uk_semaphore_down_try(struct uk_semaphore *s);
/* Waits at most until the monotonic clock reaches `deadline`; true if
 * a unit was taken. */
bool uk_semaphore_down_until(struct uk_semaphore *s, uint64_t deadline);
void uk_semaphore_up(struct uk_semaphore *s);

#endif /* UK_SEMAPHORE_H */
