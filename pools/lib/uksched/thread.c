/* SPDX-License-Identifier: MIT */
/*
 * Threads: creation (memory, stack, TLS area, first context), sleeping,
 * exit, join and detach.
 */
#include <uk/alloc.h>
#include <uk/arch/tls.h>
#include <uk/exit.h>
#include <uk/assert.h>
#include <string.h>
#include <errno.h>
#if CONFIG_PAGING
#include <uk/paging.h>
#endif
#include "sched_impl.h"

/* Below this a thread could not even take an interrupt. */
#define MIN_STACK_SIZE 4096

/*
 * Every thread stack comes from here. With paging, the paging library
 * maps it with an unmapped guard page below, so that an overflow faults
 * instead of overwriting what lies under it; without, it is plain heap
 * memory.
 */
static void *stack_alloc(struct uk_alloc *a, size_t size)
{
#if CONFIG_PAGING
	(void)a;
	return uk_paging_stack_alloc(size);
#else
	return uk_memalign(a, 16, size);
#endif
}

static void stack_free(struct uk_alloc *a, void *stack, size_t size)
{
#if CONFIG_PAGING
	(void)a;
	(void)size;
	uk_paging_stack_free(stack);
#else
	(void)size;
	uk_free(a, stack);
#endif
}

/* Ends the sleep or wait of a blocked thread as timed out; under the
 * scheduler lock. */
static void end_wait_locked(struct uk_thread *t)
{
	if (t->state != UK_THREAD_BLOCKED)
		return;
	t->timed_out = true;
	if (t->waitq) {
		uk_threadq_remove(&t->waitq->q, t);
		t->waitq = NULL;
	}
	sched_wake_locked(t);
}

/* The thread's timer: on the thread's CPU, in interrupt context. */
static void on_timeout(struct uk_timer *tm, void *arg)
{
	sched_lock_held();
	end_wait_locked(arg);
	sched_unlock_held();
}

void uk_thread_wake(struct uk_thread *t)
{
	unsigned long flags = uk_sched_lock_irqsave();

	end_wait_locked(t);
	uk_sched_unlock_irqrestore(flags);
}

/* A new thread's first code, reached from its first switch (with
 * interrupts disabled, as every switch). */
static void thread_start(void *arg)
{
	struct uk_thread *t = arg;

	sched_switched_locked(uk_sched_this());
	ukplat_lcpu_irq_enable();
	uk_thread_exit(t->fn(t->arg));
}

/* One block: the thread, then its TLS area if it gets one. */
static struct uk_thread *thread_alloc(struct uk_alloc *a, bool with_tls)
{
	size_t align = with_tls ? ukarch_tls_area_align() : 16;
	size_t head = UK_ALIGN_UP(sizeof(struct uk_thread), align);
	struct uk_thread *t;

	t = uk_memalign(a, align,
			head + (with_tls ? ukarch_tls_area_size() : 0));
	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	t->alloc = a;
	if (with_tls)
		t->tlsp = ukarch_tls_area_init((char *)t + head);
	uk_timer_init(&t->timer, on_timeout, t);
	uk_waitq_init(&t->exitq);
	t->state = UK_THREAD_RUNNABLE;
	return t;
}

/* Takes t off its scheduler's list; under the scheduler lock. */
static void thread_unlist_locked(struct uk_thread *t)
{
	struct uk_thread **p;

	for (p = &t->sched->threads; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
}

/* The memory of an exited thread, off its list (any CPU). */
static void thread_release(struct uk_thread *t)
{
	if (t->flags & UK_THREAD_OWN_STACK)
		stack_free(t->alloc, t->stack, t->stack_size);
	uk_free(t->alloc, t);
}

/*
 * The threads that exited on this CPU, now that it runs on another
 * stack: from here on they are EXITED, so a joiner on another CPU cannot
 * free a stack still in use. Detached ones are freed, joiners woken.
 */
void sched_reap_locked(struct uk_sched *s)
{
	struct uk_thread *t;

	while ((t = uk_threadq_pop(&s->dead))) {
		void (*off_cpu)(void *) = t->off_cpu;
		void *off_cpu_arg = t->off_cpu_arg;
		bool detached;

		/* Before a joiner may free it (it runs on another CPU). */
		if (off_cpu)
			off_cpu(off_cpu_arg);
		sched_lock_held();
		t->state = UK_THREAD_EXITED;
		detached = t->flags & UK_THREAD_DETACHED;
		if (detached)
			thread_unlist_locked(t);
		else
			uk_waitq_wake_all_locked(&t->exitq);
		sched_unlock_held();
		if (detached)
			thread_release(t);
	}
}

struct uk_thread *thread_adopt(struct uk_sched *s, const char *name)
{
	struct uk_thread *t = thread_alloc(uk_alloc_get_default(), false);

	if (!t)
		return NULL;
	t->name = name;
	t->sched = s;
	t->tlsp = ukplat_tlsp_get();
	/* It runs on the context it started on: it stays there. */
	t->flags |= UK_THREAD_PINNED;
	t->on_cpu = true;
	s->current = t;
	return t;
}

int thread_new(struct uk_thread **out, const struct uk_thread_attr *attr,
	       uk_thread_fn fn, void *arg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	size_t size = attr->stack_size ? attr->stack_size
				       : CONFIG_UKSCHED_STACK_SIZE;
	struct uk_thread *t;

	if (size < MIN_STACK_SIZE)
		return -EINVAL;
	t = a ? thread_alloc(a, !attr->tlsp) : NULL;
	if (!t)
		return -ENOMEM;
	if (attr->tlsp)
		t->tlsp = attr->tlsp;
	if (attr->stack) {
		t->stack = attr->stack;
	} else {
		t->stack = stack_alloc(a, size);
		if (!t->stack) {
			uk_free(a, t);
			return -ENOMEM;
		}
		t->flags |= UK_THREAD_OWN_STACK;
	}
	t->stack_size = size;
	t->name = attr->name ? attr->name : "thread";
	t->sched = attr->sched;
	t->fn = fn;
	t->arg = arg;
	t->off_cpu = attr->off_cpu;
	t->off_cpu_arg = attr->off_cpu_arg;
	if (attr->detached)
		t->flags |= UK_THREAD_DETACHED;
	ukarch_ctx_init(&t->ctx, (uintptr_t)t->stack + size, thread_start, t);
	*out = t;
	return 0;
}

int uk_thread_create_attr(struct uk_thread **out,
			  const struct uk_thread_attr *attr,
			  uk_thread_fn fn, void *arg)
{
	struct uk_thread_attr at = *attr;
	struct uk_thread *t;
	unsigned long flags;
	int rc;

	if (!at.sched)
		at.sched = uk_sched_this();
	if (!at.sched)
		return -EINVAL;
	rc = thread_new(&t, &at, fn, arg);
	if (rc)
		return rc;
	if (attr->sched)
		t->flags |= UK_THREAD_PINNED;
	flags = uk_sched_lock_irqsave();
	sched_enqueue_new_locked(t);
	uk_sched_unlock_irqrestore(flags);
	*out = t;
	return 0;
}

struct uk_thread *uk_thread_create(const char *name, uk_thread_fn fn,
				   void *arg)
{
	const struct uk_thread_attr attr = { .name = name };
	struct uk_thread *t;

	return uk_thread_create_attr(&t, &attr, fn, arg) ? NULL : t;
}

struct uk_thread *uk_thread_create_on(unsigned int cpu, const char *name,
				      uk_thread_fn fn, void *arg)
{
	const struct uk_thread_attr attr = {
		.name = name,
		.sched = uk_sched_of_cpu(cpu),
	};
	struct uk_thread *t;

	if (!attr.sched)
		return NULL;
	return uk_thread_create_attr(&t, &attr, fn, arg) ? NULL : t;
}

void uk_thread_sleep_until(uint64_t deadline)
{
	struct uk_sched *s = uk_sched_this();
	struct uk_thread *t = s ? s->current : NULL;
	unsigned long flags;

	/* Nothing to block (no scheduler yet, shutting down): halt. */
	if (!t || s->stopped || (t->flags & UK_THREAD_IDLE)) {
		uk_time_sleep_until(deadline);
		return;
	}
	flags = uk_sched_lock_irqsave();
	if (deadline > uk_time_now()) {
		uk_timer_arm(&t->timer, deadline);
		sched_block_locked(s);
		uk_timer_cancel(&t->timer);
	}
	uk_sched_unlock_irqrestore(flags);
}

void uk_thread_sleep(uint64_t ns)
{
	uk_thread_sleep_until(uk_time_now() + ns);
}

void uk_thread_exit(void *retval)
{
	struct uk_sched *s = uk_sched_this();
	struct uk_thread *t = s->current;

	UK_ASSERT(!(t->flags & UK_THREAD_IDLE));
	t->retval = retval;
	ukplat_lcpu_irq_disable();
	sched_lock_held();
	/* The last thread, of every CPU: the image ends, as a process does. */
	if (!sched_exiting_locked()) {
		sched_unlock_held();
		ukplat_lcpu_irq_enable();
		uk_exit(0);
	}
	sched_unlock_held();
	/* EXITED, joined or freed once the next thread runs (reap). */
	uk_threadq_push(&s->dead, t);
	sched_switch_locked(s);
	UK_CRASH("thread %s ran after its exit", t->name);
}

int uk_thread_join(struct uk_thread *t, void **retval)
{
	unsigned long flags;

	if (t == uk_thread_current() ||
	    (t->flags & (UK_THREAD_DETACHED | UK_THREAD_IDLE)))
		return -EINVAL;
	flags = uk_sched_lock_irqsave();
	if (t->joined) {
		uk_sched_unlock_irqrestore(flags);
		return -EINVAL;
	}
	t->joined = true;
	while (t->state != UK_THREAD_EXITED)
		uk_waitq_wait_locked(&t->exitq, 0);
	thread_unlist_locked(t);
	uk_sched_unlock_irqrestore(flags);
	if (retval)
		*retval = t->retval;
	thread_release(t);
	return 0;
}

int uk_thread_detach(struct uk_thread *t)
{
	unsigned long flags = uk_sched_lock_irqsave();
	bool exited = t->state == UK_THREAD_EXITED;

	if (t->joined || (t->flags & (UK_THREAD_DETACHED | UK_THREAD_IDLE))) {
		uk_sched_unlock_irqrestore(flags);
		return -EINVAL;
	}
	t->flags |= UK_THREAD_DETACHED;
	if (exited)
		thread_unlist_locked(t);
	uk_sched_unlock_irqrestore(flags);
	if (exited)
		thread_release(t);
	return 0;
}

void uk_thread_set_tlsp(uintptr_t tlsp)
{
	unsigned long flags = ukplat_lcpu_irq_save();

	uk_thread_current()->tlsp = tlsp;
	ukplat_tlsp_set(tlsp);
	ukplat_lcpu_irq_restore(flags);
}
