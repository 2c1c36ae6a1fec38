/* SPDX-License-Identifier: MIT */
/*
 * The policy-free part of scheduling: switching threads, blocking and
 * waking, the idle thread, preemption at the preemption point, and the
 * start at boot, on every CPU.
 */
#include <uk/sched.h>
#include <uk/alloc.h>
#include <uk/timer.h>
#include <uk/plat.h>
#include <uk/preempt.h>
#include <uk/lcpu.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <errno.h>
#include "sched_impl.h"

/*
 * The scheduler lock: wait queues, thread states, thread lists and the
 * count of live threads, which threads of every CPU touch. A scheduler
 * instance's own run queue, current thread and switching are touched by
 * its CPU only, with interrupts disabled; another CPU that makes one of
 * its threads runnable asks it to queue the thread (enqueue_any()).
 * Without SMP the lock is interrupts off.
 */
static uk_spinlock_t sched_lock = UK_SPINLOCK_INITIALIZER;
static unsigned int live;       /* threads, of every CPU, not exited */

unsigned long uk_sched_lock_irqsave(void)
{
	return uk_spin_lock_irqsave(&sched_lock);
}

void uk_sched_unlock_irqrestore(unsigned long flags)
{
	uk_spin_unlock_irqrestore(&sched_lock, flags);
}

void sched_lock_held(void)
{
	uk_spin_lock(&sched_lock);
}

void sched_unlock_held(void)
{
	uk_spin_unlock(&sched_lock);
}

/* The running CPU's scheduler: its slot in the CPU's data (uk/lcpu.h). */
static inline struct uk_sched *sched_here(void)
{
	return uk_lcpu_current()->sched;
}

struct uk_sched *uk_sched_this(void)
{
	return sched_here();
}

struct uk_sched *uk_sched_of_cpu(unsigned int cpu)
{
	struct uk_lcpu *c = uk_lcpu_get(cpu);

	return c ? __atomic_load_n((struct uk_sched **)&c->sched,
				   __ATOMIC_ACQUIRE) : NULL;
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
#if CONFIG_UKLCPU_SMP
	/* A thread that just moved here may still be leaving its old CPU. */
	while (__atomic_load_n(&next->on_cpu, __ATOMIC_ACQUIRE))
		ukarch_spinwait();
	next->on_cpu = true;
	s->switched_from = prev;
#endif
	s->current = next;
	s->switches++;
	if (next->tlsp != prev->tlsp)
		ukplat_tlsp_set(next->tlsp);
	ukarch_ctx_switch(&prev->ctx, &next->ctx);
	/*
	 * prev runs again, maybe on another CPU now (it moved while it was
	 * switched out): that CPU's scheduler from here on.
	 */
	sched_switched_locked(sched_here());
}

void sched_switched_locked(struct uk_sched *s)
{
#if CONFIG_UKLCPU_SMP
	if (s->switched_from) {
		__atomic_store_n(&s->switched_from->on_cpu, false,
				 __ATOMIC_RELEASE);
		s->switched_from = NULL;
	}
#endif
	/* what ran before may have left memory to free */
	sched_reap_locked(s);
}

void sched_block_locked(struct uk_sched *s)
{
	UK_ASSERT(!(s->current->flags & UK_THREAD_IDLE));
	s->current->state = UK_THREAD_BLOCKED;
	/*
	 * Interrupts stay off here, so a wake-up from another CPU reaches
	 * this one (enqueue_any()) only once the thread is switched out.
	 */
	sched_unlock_held();
	sched_switch_locked(s);
	sched_lock_held();
}

/*
 * On the thread's CPU (from its inter-processor interrupt when another
 * CPU woke it). The idle thread gives way at once: the preemption point
 * of the interrupt, or its own loop when it woke the thread itself (the
 * joiner of a thread that exited just before).
 */
static void enqueue_here(void *arg)
{
	struct uk_thread *t = arg;
	struct uk_sched *s = t->sched;

	s->ops->enqueue(s, t);
	__atomic_store_n(&s->idling, false, __ATOMIC_RELAXED);
	if (s->current == s->idle)
		s->need_resched = true;
}

#if CONFIG_UKLCPU_SMP
/*
 * Migration, under the scheduler lock, as `t` becomes runnable (created
 * or woken): a thread that may move, whose CPU is busy, goes to a CPU
 * that idles, if there is one. The thread may still be leaving its old
 * CPU (blocking there, interrupts off); its new one waits for that before
 * switching to it (on_cpu). Its run queue is never touched from another
 * CPU: the thread is queued by its new CPU, as any cross-CPU wake-up.
 */
static void balance_locked(struct uk_thread *t)
{
	struct uk_sched *home = t->sched, *s;
	unsigned int cpu, n = uk_lcpu_count();
	struct uk_thread **p;

	if ((t->flags & (UK_THREAD_PINNED | UK_THREAD_IDLE)) ||
	    __atomic_load_n(&home->idling, __ATOMIC_RELAXED))
		return;
	for (cpu = 0; cpu < n; cpu++) {
		s = uk_sched_of_cpu(cpu);
		if (!s || s == home || s->stopped ||
		    !__atomic_load_n(&s->idling, __ATOMIC_RELAXED))
			continue;
		/* Taken: the next thread to move looks for another CPU. */
		__atomic_store_n(&s->idling, false, __ATOMIC_RELAXED);
		for (p = &home->threads; *p; p = &(*p)->next)
			if (*p == t) {
				*p = t->next;
				break;
			}
		t->next = s->threads;
		s->threads = t;
		t->sched = s;
		t->migrations++;
		s->moved_in++;
		return;
	}
}
#endif

/*
 * `t` became runnable: queue it on its scheduler. Another CPU's thread
 * is queued by its CPU; until then it is runnable without being queued,
 * which nobody else looks at (it cannot be blocked again before it ran).
 */
static void enqueue_any(struct uk_thread *t)
{
#if CONFIG_UKLCPU_SMP
	balance_locked(t);
#endif
	if (t->sched == sched_here()) {
		enqueue_here(t);
		return;
	}
	t->enqueue_work.fn = enqueue_here;
	t->enqueue_work.arg = t;
	uk_lcpu_run_async(t->sched->cpu, &t->enqueue_work);
}

void sched_wake_locked(struct uk_thread *t)
{
	if (t->state != UK_THREAD_BLOCKED)
		return;
	t->state = UK_THREAD_RUNNABLE;
	enqueue_any(t);
}

void sched_enqueue_new_locked(struct uk_thread *t)
{
	t->next = t->sched->threads;
	t->sched->threads = t;
	live++;
	enqueue_any(t);
}

bool sched_exiting_locked(void)
{
	UK_ASSERT(live > 0);
	if (live == 1)
		return false;
	live--;
	return true;
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
		if (!s->need_resched) {
			/* Threads may move here from busy CPUs meanwhile. */
			__atomic_store_n(&s->idling, true, __ATOMIC_RELAXED);
			ukplat_lcpu_halt_irq();
		}
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

static void sched_install(struct uk_sched *s)
{
	s->cpu = uk_lcpu_id();
	__atomic_store_n((struct uk_sched **)&uk_lcpu_current()->sched, s,
			 __ATOMIC_RELEASE);
}

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
	s->threads = self;
	live++;
	rc = thread_new(&idle, &idle_attr, idle_main, s);
	if (rc)
		return rc;
	idle->flags |= UK_THREAD_IDLE;
	s->idle = idle;
	sched_install(s);
	uk_time_set_sleeper(sleep_thread);
	uk_pr_info("scheduler: %s\n", s->name);
	return 0;
}

/*
 * A secondary CPU's scheduler, started on it by uk_lcpu_start(): its
 * start context becomes its idle thread, and stays that for good.
 */
static void cpu_sched_main(void *arg)
{
	struct uk_sched *s = arg;
	struct uk_thread *idle = thread_adopt(s, "idle");

	if (!idle)
		UK_CRASH("sched: no memory for CPU %u's idle thread",
			 uk_lcpu_id());
	idle->flags |= UK_THREAD_IDLE;
	s->idle = idle;
	sched_install(s);
	idle_main(s);
}

/* ---- the schedulers of every CPU ------------------------------------------ */

/*
 * After the heaps (UK_INIT_CLASS_MEM) and interrupts, timers and the
 * other CPUs (PLAT): from the next init function on, the boot context is
 * the thread "main", every CPU runs a scheduler, and threads can be
 * created on any of them.
 */
#if CONFIG_UKLCPU_SMP && !CONFIG_UKSCHED_CPUS_SAME
#define cpus_create uk_sched_cpus_create
#else
#define cpus_create uk_sched_default_create
#endif

static int start_scheds(void)
{
	struct uk_sched *s = uk_sched_default_create(uk_alloc_get_default());
	int rc;
#if CONFIG_UKLCPU_SMP
	unsigned int cpu;
#endif

	if (!s)
		return -ENOMEM;
	rc = uk_sched_start(s, "main");
#if CONFIG_UKLCPU_SMP
	for (cpu = 1; !rc && cpu < uk_lcpu_count(); cpu++) {
		s = cpus_create(uk_alloc_get_default());
		if (!s)
			return -ENOMEM;
		rc = uk_lcpu_start(cpu, cpu_sched_main, s);
		/* Its threads can be created once it runs. */
		while (!rc && !uk_sched_of_cpu(cpu))
			ukarch_spinwait();
	}
#endif
	return rc;
}

/*
 * At shutdown: no more switching behind the back of the term functions
 * and the power off; sleeps halt again. (On every CPU: the image may
 * exit from any.) With ukdebug.level=4, what each CPU's scheduler did:
 * how an image's threads spread over the CPUs.
 */
static void stop_scheds(void)
{
	unsigned long flags = ukplat_lcpu_irq_save();
	unsigned int cpu;

	for (cpu = 0; cpu < UK_LCPU_MAXCOUNT; cpu++) {
		struct uk_sched *s = uk_sched_of_cpu(cpu);

		if (!s)
			continue;
		__atomic_store_n(&s->stopped, true, __ATOMIC_RELEASE);
		uk_pr_info("cpu %u: %s, %llu switches, %u threads moved here\n",
			   cpu, s->name,
			   (unsigned long long)__atomic_load_n(&s->switches,
							       __ATOMIC_RELAXED),
			   __atomic_load_n(&s->moved_in, __ATOMIC_RELAXED));
	}
	uk_time_set_sleeper(NULL);
	ukplat_lcpu_irq_restore(flags);
}
UK_INITCALL_PRIO(start_scheds, stop_scheds, UK_INIT_CLASS_LIB, 0);
