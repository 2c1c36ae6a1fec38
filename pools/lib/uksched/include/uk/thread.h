/* SPDX-License-Identifier: MIT */
/*
 * Threads: each with its own stack and thread-local storage, run by the
 * scheduler of a CPU (uk/sched.h).
 *
 *   static void *work(void *arg) { ...; return result; }
 *
 *   struct uk_thread *t = uk_thread_create("worker", work, arg);
 *   uk_thread_yield();                       let others run
 *   uk_thread_sleep(10 * UK_NSEC_PER_MSEC);  block for 10 ms
 *   uk_thread_join(t, &result);              wait for its end, free it
 *
 * main() runs in a thread too (the boot context, adopted as "main"), so
 * everything here works from main() on and from the init functions after
 * the scheduler's (UK_INIT_CLASS_LIB, priority 0). None of it may be
 * called from an interrupt handler, except uk_thread_wake(). Threads of
 * different CPUs may join, wake and wait for each other (uk/wait.h).
 */
#ifndef UK_THREAD_H
#define UK_THREAD_H

#include <uk/essentials.h>
#include <uk/arch/ctx.h>
#include <uk/timer.h>
#include <uk/wait.h>
#include <uk/lcpu.h>

struct uk_sched;
struct uk_alloc;

/* A thread's function; its result is what uk_thread_join() gets. */
typedef void *(*uk_thread_fn)(void *arg);

enum uk_thread_state {
	UK_THREAD_RUNNABLE,   /* running, or queued to run */
	UK_THREAD_BLOCKED,    /* waiting: a wait queue, a sleep, a join */
	UK_THREAD_EXITED,     /* finished: waiting to be joined or freed */
};

#define UK_THREAD_DETACHED  0x1   /* freed when it exits, never joined */
#define UK_THREAD_OWN_STACK 0x2   /* its stack was allocated for it */
#define UK_THREAD_IDLE      0x4   /* its CPU's idle thread */
#define UK_THREAD_PINNED    0x8   /* never moves to another CPU */

struct uk_thread {
	struct ukarch_ctx ctx;      /* registers while switched out */
	uintptr_t tlsp;             /* its thread pointer (uk/arch/tls.h) */
	const char *name;
	struct uk_sched *sched;
	enum uk_thread_state state;
	unsigned int flags;         /* UK_THREAD_* */
	void *stack;                /* lowest address; NULL: the boot stack */
	size_t stack_size;
	void *retval;               /* its function's result, once exited */
	void (*off_cpu)(void *arg); /* uk_thread_attr's */
	void *off_cpu_arg;

	/* private to uksched */
	uk_thread_fn fn;
	void *arg;
	struct uk_alloc *alloc;     /* what its memory came from */
	struct uk_thread *qnext;    /* in a run queue or one wait queue */
	struct uk_waitq *waitq;     /* the wait queue it is on, or NULL */
	struct uk_timer timer;      /* the end of a sleep or of a wait */
	bool timed_out;
	bool joined;
	struct uk_waitq exitq;      /* whoever joins it waits here */
	struct uk_thread *next;     /* its scheduler's list of threads */
	/* queues it on its CPU when another CPU made it runnable */
	struct uk_lcpu_work enqueue_work;
	/* on a CPU, or still leaving it (its context not saved yet) */
	bool on_cpu;
	unsigned int migrations;    /* moves to another CPU so far */
};

/* ---- thread queues (for uksched and its implementations) ---------------- */

static inline bool uk_threadq_empty(const struct uk_threadq *q)
{
	return !q->head;
}

static inline void uk_threadq_push(struct uk_threadq *q, struct uk_thread *t)
{
	t->qnext = NULL;
	if (q->tail)
		q->tail->qnext = t;
	else
		q->head = t;
	q->tail = t;
}

static inline struct uk_thread *uk_threadq_pop(struct uk_threadq *q)
{
	struct uk_thread *t = q->head;

	if (t) {
		q->head = t->qnext;
		if (!q->head)
			q->tail = NULL;
		t->qnext = NULL;
	}
	return t;
}

/* Takes `t` out of `q`, wherever it is; false if it was not there. */
static inline bool uk_threadq_remove(struct uk_threadq *q,
				     struct uk_thread *t)
{
	struct uk_thread **p, *prev = NULL;

	for (p = &q->head; *p; prev = *p, p = &(*p)->qnext)
		if (*p == t) {
			*p = t->qnext;
			if (q->tail == t)
				q->tail = prev;
			t->qnext = NULL;
			return true;
		}
	return false;
}

/* ---- creating and ending threads ------------------------------------------ */

struct uk_thread_attr {
	const char *name;           /* NULL: "thread" */
	/*
	 * The stack: [stack, stack + stack_size) the caller owns (not freed
	 * with the thread), or stack NULL to get one of stack_size bytes
	 * (0: CONFIG_UKSCHED_STACK_SIZE), with a guard page below it when
	 * paging is on.
	 */
	void *stack;
	size_t stack_size;
	/*
	 * The thread pointer: an area the caller laid out (a C library's
	 * own thread structure and TLS), or 0 for a fresh area from the
	 * image's TLS template (uk/arch/tls.h).
	 */
	uintptr_t tlsp;
	bool detached;              /* freed when it exits; cannot be joined */
	/*
	 * The scheduler instance, and so the CPU, that runs it: NULL for the
	 * running CPU's, from which it may move to an idle CPU when its own
	 * is busy (with SMP); uk_sched_of_cpu(n) pins it to CPU n for its
	 * whole life.
	 */
	struct uk_sched *sched;
	/*
	 * Called once the thread has exited and its CPU has switched to
	 * another stack, on that CPU, with interrupts disabled and no lock
	 * held: from then on nothing runs on the thread's stack, so this
	 * may free it or tell a joiner who will (what Linux does for a
	 * C library's thread: CLONE_CHILD_CLEARTID). NULL: nothing.
	 */
	void (*off_cpu)(void *arg);
	void *off_cpu_arg;
};

/*
 * Creates a thread running fn(arg), queued behind the runnable ones.
 * 0, -EINVAL (no scheduler running yet, or a stack too small), -ENOMEM.
 */
int uk_thread_create_attr(struct uk_thread **out,
			  const struct uk_thread_attr *attr,
			  uk_thread_fn fn, void *arg);

/* The same with the defaults; NULL when it fails. */
struct uk_thread *uk_thread_create(const char *name, uk_thread_fn fn,
				   void *arg);

/*
 * The same on CPU `cpu`'s scheduler, from any CPU: the thread is pinned
 * there (it never moves to another CPU, as unpinned threads may). NULL
 * when it fails, or when that CPU runs no scheduler (no such CPU online).
 */
struct uk_thread *uk_thread_create_on(unsigned int cpu, const char *name,
				      uk_thread_fn fn, void *arg);

/* The running thread (NULL before the scheduler starts). */
struct uk_thread *uk_thread_current(void);

/* Lets the other runnable threads of this CPU run first. */
void uk_thread_yield(void);

/* Blocks until the monotonic clock (uk/timer.h) reaches the deadline. */
void uk_thread_sleep_until(uint64_t deadline);
void uk_thread_sleep(uint64_t ns);

/*
 * Ends the calling thread with `retval` for its joiner. The last thread
 * to end ends the image with status 0 (as a process whose threads all
 * exited); main() returning ends it with main's status, whatever threads
 * remain.
 */
void uk_thread_exit(void *retval) __noreturn;

/*
 * Waits until `t` ended, stores its result in *retval (if not NULL) and
 * frees it. 0, or -EINVAL: t is the caller, detached, or joined already.
 */
int uk_thread_join(struct uk_thread *t, void **retval);

/* Frees `t` as soon as it ends (now if it has); no join. 0 or -EINVAL. */
int uk_thread_detach(struct uk_thread *t);

/*
 * Makes a blocked thread runnable (ends its sleep or wait early, as if the
 * deadline had passed). Any context, interrupt handlers included.
 */
void uk_thread_wake(struct uk_thread *t);

/*
 * Changes the calling thread's thread pointer (a C library setting up its
 * own TLS, e.g. through the set_thread_area or arch_prctl system calls).
 */
void uk_thread_set_tlsp(uintptr_t tlsp);

#endif /* UK_THREAD_H */
