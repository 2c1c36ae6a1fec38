/* SPDX-License-Identifier: MIT */
/* Private to uksched: what sched.c, thread.c and wait.c share. The
 * _locked functions run with interrupts disabled; those that say so with
 * the scheduler lock held too (uk/wait.h). */
#ifndef UKSCHED_IMPL_H
#define UKSCHED_IMPL_H

#include <uk/sched.h>

/* Runs the next thread; returns when the current one runs again. */
void sched_switch_locked(struct uk_sched *s);
/* The scheduler lock, taken and released with interrupts already off. */
void sched_lock_held(void);
void sched_unlock_held(void);

/* Lock held: the current thread stops running until sched_wake_locked()
 * (the lock is released meanwhile). */
void sched_block_locked(struct uk_sched *s);
/* Lock held: a blocked thread becomes runnable (nothing if it is not
 * blocked), queued on its own CPU. */
void sched_wake_locked(struct uk_thread *t);
/* Lock held: a new thread joins its scheduler's list and queue. */
void sched_enqueue_new_locked(struct uk_thread *t);
/* Lock held: counts a thread's exit; false if it is the last one. */
bool sched_exiting_locked(void);
/* Marks the threads that exited before the last switch EXITED, frees the
 * detached ones and wakes joiners (lock not held). */
void sched_reap_locked(struct uk_sched *s);
/* First thing in the thread a switch resumed (or started), on `s`, the
 * running CPU's: the thread switched from is off the CPU; then reaps. */
void sched_switched_locked(struct uk_sched *s);

/* The running context as a thread of `s` (its stack and TLS as they are). */
struct uk_thread *thread_adopt(struct uk_sched *s, const char *name);
/* uk_thread_create_attr() for a scheduler that is not running yet. */
int thread_new(struct uk_thread **out, const struct uk_thread_attr *attr,
	       uk_thread_fn fn, void *arg);

#endif
