/* SPDX-License-Identifier: MIT */
/*
 * The scheduler API: one scheduler instance per CPU (struct uk_sched),
 * running that CPU's threads (uk/thread.h), and the interface its
 * implementations fill in.
 *
 * uksched does everything that does not depend on policy: thread states,
 * context switches (uk/arch/ctx.h) and thread pointers, blocking and
 * waking, sleeps on uktimer timers, the idle thread, exits and joins, and
 * switching at the preemption point (uk/preempt.h) when an implementation
 * asks for it. An implementation only decides which runnable thread runs
 * next: ukschedcoop (first come, first served; a thread runs until it
 * yields, blocks or sleeps) and ukschedpreempt (the same in time slices
 * that a timer ends).
 *
 * At boot, the implementation chosen in the menu (UKSCHED_DEFAULT_<NAME>)
 * creates the boot CPU's instance from init class UK_INIT_CLASS_LIB,
 * priority 0: the boot context becomes the thread "main" (on its boot
 * stack, with the TLS area the boot library gave it), and an idle thread
 * is created that halts the CPU until the next interrupt whenever nothing
 * can run. With SMP (UKLCPU_SMP) every other CPU gets an instance of its
 * own there too, of the implementation chosen for the other CPUs
 * (UKSCHED_CPUS_<NAME>, or the boot CPU's), whose idle thread is that
 * CPU's start context. A thread starts on the CPU whose instance it was
 * created on; when it becomes runnable (created, woken) while that CPU is
 * busy and another one idles, it moves there, unless it is pinned
 * (uk_thread_create_on(), attr.sched; main and the idle threads are).
 */
#ifndef UK_SCHED_H
#define UK_SCHED_H

#include <uk/essentials.h>
#include <uk/thread.h>

struct uk_alloc;

/* Operations of an implementation; called with interrupts disabled. */
struct uk_sched_ops {
	/* `t` can run (new, woken, yielding or preempted): queue it. */
	void (*enqueue)(struct uk_sched *s, struct uk_thread *t);
	/* Takes the thread to run next off the queue; NULL: none (idle). */
	struct uk_thread *(*dequeue)(struct uk_sched *s);
	/* `next` is about to run (the idle thread included); may be NULL. */
	void (*switching)(struct uk_sched *s, struct uk_thread *next);
};

struct uk_sched {
	const char *name;
	const struct uk_sched_ops *ops;
	/*
	 * Set by the implementation (from a timer callback, for instance) to
	 * have the running thread preempted at the next preemption point.
	 */
	bool need_resched;

	/* owned by uksched */
	unsigned int cpu;           /* the CPU it runs (uk/lcpu.h ids) */
	struct uk_thread *current;
	struct uk_thread *idle;
	struct uk_thread *threads;  /* every thread but the idle one */
	struct uk_threadq dead;     /* exited threads, until off their stack */
	uint64_t switches;          /* context switches so far */
	unsigned int moved_in;      /* threads that moved here from other CPUs */
	bool stopped;               /* shutting down: no more preemption */
	bool idling;                /* its CPU halts with nothing to run */
	struct uk_thread *switched_from;  /* until its context is saved */
};

/* ---- using it ------------------------------------------------------------ */

/* The running CPU's scheduler, NULL before it starts. */
struct uk_sched *uk_sched_this(void);

/*
 * CPU `cpu`'s scheduler (uk/lcpu.h ids, 0 the boot CPU), NULL if it has
 * none: no such CPU, or before the schedulers start.
 */
struct uk_sched *uk_sched_of_cpu(unsigned int cpu);

/* The CPU that `s` runs. */
static inline unsigned int uk_sched_cpu(const struct uk_sched *s)
{
	return s->cpu;
}

/* Context switches `s` has made so far. */
uint64_t uk_sched_switches(const struct uk_sched *s);

/* ---- implementing it -------------------------------------------------------- */

/*
 * Fills in the common part of an instance an implementation allocated
 * (with its own data around it); then uk_sched_start() makes it run this
 * CPU, from the context that calls it.
 */
void uk_sched_init(struct uk_sched *s, const char *name,
		   const struct uk_sched_ops *ops);

/*
 * Starts `s` on the running CPU: the calling context becomes its thread
 * `name`, and its idle thread is created. 0 or -ENOMEM.
 */
int uk_sched_start(struct uk_sched *s, const char *name);

/*
 * The implementation chosen as the boot CPU's scheduler
 * (UKSCHED_DEFAULT_<NAME>) defines uk_sched_default_create() as another
 * name of its constructor, which allocates and initialises an instance
 * from `a` (NULL when out of memory):
 *
 *   #if CONFIG_UKSCHED_DEFAULT_COOP
 *   UK_SCHED_DEFAULT_CREATE(uk_schedcoop_create);
 *   #endif
 */
struct uk_sched *uk_sched_default_create(struct uk_alloc *a);

#define UK_SCHED_DEFAULT_CREATE(create)					\
	struct uk_sched *uk_sched_default_create(struct uk_alloc *a)	\
		__attribute__((alias(#create)))

/*
 * The same for the other CPUs when the menu picks an implementation for
 * them (UKSCHED_CPUS_<NAME>); with UKSCHED_CPUS_SAME they use
 * uk_sched_default_create().
 */
struct uk_sched *uk_sched_cpus_create(struct uk_alloc *a);

#define UK_SCHED_CPUS_CREATE(create)					\
	struct uk_sched *uk_sched_cpus_create(struct uk_alloc *a)	\
		__attribute__((alias(#create)))

#endif /* UK_SCHED_H */
