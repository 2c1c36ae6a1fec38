/* SPDX-License-Identifier: MIT */
/*
 * The policy-free part of scheduling: switching threads, blocking and
 * waking, the idle thread, preemption at the preemption point, and the
 * start at boot. Everything that touches a scheduler's state runs with
 * interrupts disabled: on one CPU that is the lock (a spinlock per
 * instance comes with SMP).
 */
#include <uk/sched.h>
#include <uk/alloc.h>
#include <uk/timer.h>
#include <uk/plat.h>
#include <uk/preempt.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <errno.h>
#include "sched_impl.h"

/*
 * The running CPU's scheduler. An image has one, on the boot CPU. With
 * several CPUs (uklcpu's SMP) it is kept in the boot CPU's per-CPU data,
 * and the other CPUs' slots stay NULL: their interrupts' preemption point,
 * uk_thread_yield() and uktimer's sleeps find no scheduler there and
 * leave the boot CPU's threads alone.
 */
#if CONFIG_UKLCPU_SMP
#include <uk/lcpu.h>

static inline struct uk_sched *sched_here(void)
{
	return uk_lcpu_current()->sched;
}

static inline void sched_here_set(struct uk_sched *s)
{
	uk_lcpu_current()->sched = s;
}
#else
static struct uk_sched *lcpu_sched;

static inline struct uk_sched *sched_here(void)
{
	return lcpu_sched;
}

static inline void sched_here_set(struct uk_sched *s)
{
	lcpu_sched = s;
}
#endif

struct uk_sched *uk_sched_this(void)
{
	return sched_here();
}

uint64_t uk_sched_switches(const struct uk_sched *s)
{
	return s->switches;
}

struct uk_thread *uk_thread_current(void)
{
	struct uk_sched *s = sched_here();

	return s ? s->current : NULL;
}

void uk_sched_init(struct uk_sched *s, const char *name,
		   const struct uk_sched_ops *ops)
{
	*s = (struct uk_sched){ .name = name, .ops = ops };
}

/*
 * Runs the thread the implementation picks (the idle thread when there is
 * none). The current thread was queued again (yield, preemption), blocked
 * or exited before; this returns when it runs again.
 */
void sched_switch_locked(struct uk_sched *s)
{
	struct uk_thread *prev = s->current, *next = s->ops->dequeue(s);

	if (!next)
		next = s->idle;
	s->need_resched = false;
	if (s->ops->switching)
		s->ops->switching(s, next);
	if (next == prev)
		return;
	s->current = next;
	s->switches++;
	if (next->tlsp != prev->tlsp)
		ukplat_tlsp_set(next->tlsp);
	ukarch_ctx_switch(&prev->ctx, &next->ctx);
	/* prev runs again: what came after it may have left memory to free */
	sched_reap_locked(s);
}

void sched_block_locked(struct uk_sched *s)
{
	UK_ASSERT(!(s->current->flags & UK_THREAD_IDLE));
	s->current->state = UK_THREAD_BLOCKED;
	sched_switch_locked(s);
}

void sched_wake_locked(struct uk_thread *t)
{
	if (t->state != UK_THREAD_BLOCKED)
		return;
	t->state = UK_THREAD_RUNNABLE;
	t->sched->ops->enqueue(t->sched, t);
}

void uk_thread_yield(void)
{
	struct uk_sched *s = sched_here();
	unsigned long flags;

	if (!s || s->stopped)
		return;
	flags = ukplat_lcpu_irq_save();
	if (!(s->current->flags & UK_THREAD_IDLE))
		s->ops->enqueue(s, s->current);
	sched_switch_locked(s);
	ukplat_lcpu_irq_restore(flags);
}

/*
 * Called by the platform on the way out of every interrupt (uk/preempt.h),
 * with interrupts disabled: the running thread gives way when the
 * implementation asked for it. Its interrupted state is saved on its own
 * stack, under this call, and the interrupt returns into it when it runs
 * again.
 */
static void preempt(void)
{
	struct uk_sched *s = sched_here();

	if (!s || !s->need_resched || s->stopped)
		return;
	if (!(s->current->flags & UK_THREAD_IDLE))
		s->ops->enqueue(s, s->current);
	sched_switch_locked(s);
}
UK_PREEMPT_HOOK(preempt);

/*
 * Runs when nothing else can: switch to whatever became runnable, or halt
 * the CPU until an interrupt (whose handlers may wake a thread).
 */
static void *idle_main(void *arg)
{
	struct uk_sched *s = arg;

	for (;;) {
		unsigned long flags = ukplat_lcpu_irq_save();

		sched_switch_locked(s);
		ukplat_lcpu_halt_irq();
		ukplat_lcpu_irq_restore(flags);
	}
	return NULL;
}

/* uktimer's sleeps block the calling thread (uk_time_set_sleeper()). */
static bool sleep_thread(uint64_t deadline)
{
	struct uk_sched *s = sched_here();
	struct uk_thread *t = s ? s->current : NULL;

	if (!t || (t->flags & UK_THREAD_IDLE) || s->stopped)
		return false;
	uk_thread_sleep_until(deadline);
	return true;
}

#define IDLE_STACK_SIZE 8192

int uk_sched_start(struct uk_sched *s, const char *name)
{
	struct uk_thread_attr idle_attr = {
		.name = "idle",
		.stack_size = IDLE_STACK_SIZE,
		.detached = true,
		.sched = s,
	};
	struct uk_thread *self, *idle;
	int rc;

	UK_ASSERT(!sched_here());
	self = thread_adopt(s, name);
	if (!self)
		return -ENOMEM;
	rc = thread_new(&idle, &idle_attr, idle_main, s);
	if (rc)
		return rc;
	idle->flags |= UK_THREAD_IDLE;
	s->idle = idle;
	sched_here_set(s);
	uk_time_set_sleeper(sleep_thread);
	uk_pr_info("scheduler: %s\n", s->name);
	return 0;
}

/* ---- the boot CPU's scheduler ---------------------------------------------- */

/*
 * After the heaps (UK_INIT_CLASS_MEM) and interrupts and timers (PLAT):
 * from the next init function on, the boot context is the thread "main"
 * and other threads can be created.
 */
static struct uk_sched *boot_sched;

static int start_boot_sched(void)
{
	struct uk_sched *s = uk_sched_default_create(uk_alloc_get_default());

	if (!s)
		return -ENOMEM;
	boot_sched = s;
	return uk_sched_start(s, "main");
}

/*
 * At shutdown: no more switching behind the back of the term functions
 * and the power off; sleeps halt again. (The boot CPU's scheduler, from
 * whichever CPU the image exits.)
 */
static void stop_boot_sched(void)
{
	unsigned long flags = ukplat_lcpu_irq_save();

	boot_sched->stopped = true;
	uk_time_set_sleeper(NULL);
	ukplat_lcpu_irq_restore(flags);
}
UK_INITCALL_PRIO(start_boot_sched, stop_boot_sched, UK_INIT_CLASS_LIB, 0);
