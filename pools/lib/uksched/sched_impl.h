/* SPDX-License-Identifier: MIT */
/* Private to uksched: what sched.c, thread.c and wait.c share. All of it
 * runs with interrupts disabled (the _locked functions) or takes care of
 * it. */
#ifndef UKSCHED_IMPL_H
#define UKSCHED_IMPL_H

#include <uk/sched.h>

/* Runs the next thread; returns when the current one runs again. */
void sched_switch_locked(struct uk_sched *s);
/* The current thread stops running until sched_wake_locked(). */
void sched_block_locked(struct uk_sched *s);
/* A blocked thread becomes runnable (nothing if it is not blocked). */
void sched_wake_locked(struct uk_thread *t);
/* Frees the exited detached threads (never the running one). */
void sched_reap_locked(struct uk_sched *s);

/* The running context as a thread of `s` (its stack and TLS as they are). */
struct uk_thread *thread_adopt(struct uk_sched *s, const char *name);
/* uk_thread_create_attr() for a scheduler that is not running yet. */
int thread_new(struct uk_thread **out, const struct uk_thread_attr *attr,
	       uk_thread_fn fn, void *arg);

#endif
